"""Three more invented reports on the sample release, written to test meaning shifts.

Each sentence retells one release sentence: either faithfully, in other words (a negative
control: same facts, no shift), or with one planted shift (a hedge added or dropped, a negation,
another quantity, a dropped or added condition, another speaker or a claim made fact, the same
figure about something else, another time, a quote cut before its qualifier or joined from two
places). ``tests/gold/sample_gold.json`` lists every planted shift under ``shifts`` and every
faithful retelling under ``faithful``; ``tests/gold/README.md`` explains the labels. Fiction,
like the rest of the scenario. Standard library only; imports nothing.
"""

from __future__ import annotations

Block = tuple[str, str]

#: A residents' newsletter, as plain text.
REPORT_NEWSLETTER: list[Block] = [
    ("h1", "What the Tidewater programme means for your street"),
    ("byline", "Coastal Homes Newsletter, March 2027"),
    ("p", "A £140 million programme of new and upgraded sea defences will protect coastal"
     " communities in England, the Ministry of Coastal Affairs said."),
    ("p", "The record £140 million programme will build or repair sea defences in 14 towns."),
    ("p", "The defences in 14 coastal towns are part of a new five-year programme, with work"
     " starting next summer."),
    ("p", "Storm surges in the winter of 2025 flooded 1,200 properties in the Hollin Estuary."),
    ("p", "The programme will cut the number of homes at high risk of coastal flooding by 27 per"
     " cent by 2032."),
    ("p", "Every £1 spent will avoid £8 in flood damage over the lifetime of the defences."),
    ("p", "Designs for each scheme will exclude natural measures where possible."),
    ("p", "Every new defence will be built to withstand a storm so severe it is expected once in"
     " 200 years."),
    ("p", "Local councils will definitely be able to bid for a share of a separate £12 million"
     " Community Resilience Fund."),
    ("p", "Bids open on 1 May and close on 30 June 2027, if the guidance is ready."),
    ("p", "Homes will be eligible for these measures, the ministry said."),
    ("p", "Households will receive support for up to 12 months after the flood."),
    ("p", "Flood doors and pumps will be paid for at up to £5,000 per household."),
    ("p", "The ministry has published guidance for councils."),
    ("p", "Dr Samuel Okafor said no family should have to watch the sea come through their front"
     " door."),
    ("p", "Helen Carrow said: “We will start work in every town before the end of 2028.”"),
    ("p", "The minister promised the programme would be delivered with the communities living"
     " behind the defences, not imposed on them."),
    ("p", "Dr Okafor said the schemes had been designed with the latest sea-level projections and"
     " would remain effective until at least 2080."),
    ("p", "The design standards for every site will be published so that residents can see"
     " exactly what is being built."),
    ("p", "The ministry will not report progress to Parliament every six months."),
    ("p", "The £140 million is new capital money for the financial years from 2027 to 2032."),
    ("p", "That is on top of the existing £310 million a year flood maintenance budget."),
    ("p", "Provided councils maintain the defences once built, the ministry will pay the full"
     " cost of each scheme."),
]

#: A local radio bulletin, transcribed.
REPORT_RADIO: list[Block] = [
    ("h1", "Radio Saltbourne: morning bulletin"),
    ("byline", "Transcript, 13 March 2027"),
    ("p", "Flood walls, embankments and tidal barriers in 14 towns will be built or repaired over"
     " the next five years."),
    ("p", "The Hollin Estuary will receive around a third of the money, £46 million."),
    ("p", "Storm surges in the winter of 2025 flooded more than 1,200 farms in the Hollin"
     " Estuary."),
    ("p", "Work on the first schemes, at Saltbourne and Wrenmouth, could begin in July 2027."),
    ("p", "The programme is expected to increase the number of homes at high risk of coastal"
     " flooding by 27 per cent by 2032."),
    ("p", "According to ministry estimates, every £1 spent will avoid £8 in flood damage over the"
     " lifetime of the defences."),
    ("p", "Designs for each scheme will include natural measures, including the restoration of"
     " 450 hectares of saltmarsh."),
    ("p", "Councils will be unable to bid for a share of the separate £12 million Community"
     " Resilience Fund."),
    ("p", "Councils can bid from 1 May until 30 June 2027."),
    ("p", "The fund will pay up to £5,000 per street for flood doors and pumps."),
    ("p", "Homes will qualify for these measures only if they have flooded since 2015."),
    ("p", "Contractors will be required to recruit all of their apprentices from the towns where"
     " the work takes place."),
    ("p", "Funding for the later schemes will follow in 2028."),
    ("p", "Guidance for councils is expected to be published on 1 April 2027."),
    ("p", "The mayor of Saltbourne said the schemes would remain effective until at least 2080."),
    ("p", "Engineers have surveyed more than 96 sites to decide where the money is needed most."),
    ("p", "Since then, engineers will survey 96 sites to decide where the money is needed most."),
    ("p", "Councillor Priya Nandra insisted that Saltbourne has flooded twice in the last"
     " decade."),
    ("p", "Helen Carrow said no family should have to watch the sea come through their front"
     " door."),
    ("p", "She added: “The new walls will protect these towns for decades.”"),
    ("p", "She also said: “Bills for homeowners will not rise.”"),
    ("p", "The towns judged to be at greatest risk will be protected first, as construction is"
     " phased."),
    ("p", "The Coastal Flood Authority administers the Community Resilience Fund."),
]

#: A weekly round-up column, as plain text.
REPORT_ROUNDUP: list[Block] = [
    ("h1", "The week on the coast: Tidewater in brief"),
    ("byline", "By Nell Garrard"),
    ("p", "The programme will protect 38,700 coastal homes from flooding at a cost of £140"
     " million."),
    ("p", "The Tidewater Defence Programme will reduce flood risk for 38,700 businesses."),
    ("p", "Around half of the funding, £46 million, will go to the Hollin Estuary."),
    ("p", "Work on the first schemes, at Saltbourne and Wrenmouth, began in July 2027."),
    ("p", "Saltbourne and Wrenmouth will see the first schemes, with work beginning in July"
     " 2027."),
    ("p", "Officials expect the number of homes at high risk of coastal flooding to fall by 27"
     " per cent by 2032."),
    ("p", "Where possible, each scheme’s design will use natural measures, such as restoring 450"
     " hectares of saltmarsh."),
    ("p", "The ministry may report progress to Parliament every six months."),
    ("p", "The programme aims to fund 300 apprenticeships in coastal engineering."),
    ("p", "The ministry claims the programme will also fund 300 apprenticeships in coastal"
     " engineering."),
    ("p", "Contractors will have to take on at least half of their apprentices from the towns"
     " where the work is done."),
    ("p", "The ministry will cover the full cost of each scheme."),
    ("p", "The funding for the later schemes depends on the spending review in 2028."),
    ("p", "Households will get support for up to 12 months from the day they apply."),
    ("p", "The schemes have failed to use the latest sea-level projections, Dr Okafor said."),
    ("p", "A national review published in November 2026 found that most sea walls in England were"
     " in poor or very poor condition."),
    ("p", "A national review published in November 2026 had found one in five sea walls in"
     " England in poor or very poor condition."),
    ("p", "Councillor Nandra said: “Yesterday’s decision means our seafront and our harbour will"
     " finally be properly defended.”"),
    ("p", "Helen Carrow said: “This programme will give 38,700 households the protection they"
     " have been asking for, not imposed on them.”"),
    ("p", "She also said: “We will start work in every town before the end of 2028.”"),
    ("p", "The new walls will protect these towns for decades, although no wall can stop every"
     " storm, Ms Carrow said."),
    ("p", "Bills for homeowners will not rise unless the spending review cuts the budget, the"
     " minister said."),
    ("p", "Helen Carrow said the design standards for every site will be published so residents"
     " can see what is being built."),
    ("p", "Councils will get guidance on 1 April 2027."),
]
