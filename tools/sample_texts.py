"""Source text of Concord's invented sample scenario (release + press reports), as data.

Everything here is fiction written for Concord: the Ministry of Coastal Affairs, its minister, the
Tidewater Defence Programme, the towns, people, papers and figures do not exist. Each document is
a list of ``(kind, text)`` blocks that ``tools/make_sample_docs.py`` renders to PDF, DOCX, HTML or
TXT; ``tests/gold/sample_gold.json`` labels them. Changing a sentence here means regenerating the
documents and re-checking the gold. Standard library only; imports nothing.
"""

from __future__ import annotations

Block = tuple[str, str]

#: Running header and footer of the release (PDF pages and DOCX sections); loaders must drop them.
RELEASE_HEADER = "Ministry of Coastal Affairs | Press release"
RELEASE_FOOTER = "Ministry of Coastal Affairs | Page {page}"

RELEASE: list[Block] = [
    ("h1", "£140 million Tidewater programme to protect 38,700 coastal homes from flooding"),
    ("standfirst", "A new five-year programme will build and repair sea defences in 14 coastal"
     " towns, with work starting this summer."),
    ("meta", "From: Ministry of Coastal Affairs and The Rt Hon Helen Carrow MP"),
    ("meta", "Published 12 March 2027"),
    ("p", "LONDON, 12 March 2027 – Coastal communities in England will be protected by a"
     " £140 million programme of new and upgraded sea defences, the Ministry of Coastal Affairs"
     " announced today. The Tidewater Defence Programme will build or repair flood walls,"
     " embankments and tidal barriers in 14 towns over the next five years, reducing flood risk"
     " for 38,700 homes and 2,150 businesses."),
    ("p", "Around a third of the funding, £46 million, will go to the Hollin Estuary, where storm"
     " surges in the winter of 2025 flooded more than 1,200 properties. Work on the first"
     " schemes, at Saltbourne and Wrenmouth, will begin in July 2027."),
    ("p", "Coastal Affairs Minister Helen Carrow said:"),
    ("p", "“No family should have to watch the sea come through their front door. This programme"
     " will give 38,700 households the protection they have been asking for, and it will be"
     " delivered with the communities who live behind these defences, not imposed on them.”"),
    ("p", "The programme is expected to cut the number of homes at high risk of coastal flooding"
     " by 27 per cent by 2032. The ministry estimates that every £1 spent will avoid £8 in flood"
     " damage over the lifetime of the defences."),
    ("p", "Designs for each scheme will include natural measures where possible, including the"
     " restoration of 450 hectares of saltmarsh, which absorbs wave energy and provides habitat"
     " for wading birds. All new defences will be built to withstand a storm of a severity"
     " expected once in 200 years."),
    ("p", "Local councils will be able to bid for a share of a separate £12 million Community"
     " Resilience Fund, which pays for measures at individual properties such as flood doors and"
     " pumps. Bids open on 1 May and close on 30 June 2027."),
    ("p", "Homes will be eligible for these measures only if they have flooded since 2015."
     " Households will receive support for up to 12 months after their home is repaired, and"
     " the fund will pay up to £5,000 per household."),
    ("p", "The programme will also fund 300 apprenticeships in coastal engineering, with"
     " contractors required to recruit at least half of their apprentices from the towns where"
     " the work takes place."),
    ("p", "The ministry will cover the full cost of each scheme, provided that councils maintain"
     " the defences once they are built. Funding for the later schemes is subject to the"
     " spending review in 2028."),
    ("p", "Dr Samuel Okafor, chief executive of the Coastal Flood Authority, said:"),
    ("p", "“These schemes have been designed using the latest sea-level projections, so they will"
     " remain effective until at least 2080. We will publish the design standards for every"
     " site so residents can see exactly what is being built.”"),
    ("p", "The announcement follows a national review of coastal defences published in November"
     " 2026, which found that one in five sea walls in England was in poor or very poor"
     " condition. Since then, engineers have surveyed 96 sites to decide where the money is"
     " needed most."),
    ("p", "The Mayor of Saltbourne, Councillor Priya Nandra, said:"),
    ("p", "“Saltbourne has flooded twice in the last decade. Today’s decision means our seafront"
     " and our harbour will finally be properly defended.”"),
    ("p", "Helen Carrow added:"),
    ("p", "“We will start work in every town before the end of 2028, but only if the planning"
     " process moves as quickly as we hope. The new walls will protect these towns for decades,"
     " although no wall can stop every storm. Bills for homeowners will not rise, unless the"
     " spending review cuts our budget.”"),
    ("p", "Construction will be phased so that the towns judged to be at greatest risk are"
     " protected first. The ministry will report progress to Parliament every six months."),
    ("h2", "Notes to editors"),
    ("li", "The 14 towns in the programme are Saltbourne, Wrenmouth, Kelby Sands, Hollin Quay,"
     " Marston Haven, Eastrey, Pellow Bay, Cradwick, Sandham, Orrin Reach, Brackley Point,"
     " Whitlow, Fennick and Tarrowsea."),
    ("li", "The £140 million is new capital funding for the financial years 2027 to 2032. It is"
     " in addition to the existing flood maintenance budget of £310 million a year."),
    ("li", "The Community Resilience Fund is administered by the Coastal Flood Authority."
     " Guidance for councils will be published on 1 April 2027."),
    ("li", "Figures for homes and businesses at risk come from the National Coastal Risk"
     " Assessment 2026, published by the Coastal Flood Authority."),
    ("li", "Media enquiries: Ministry of Coastal Affairs press office, 020 7946 0000."),
]

#: Wire story copied from a web page into a text file, page furniture and all.
REPORT_WIRE: list[Block] = [
    ("furniture", "COASTAL WIRE"),
    ("furniture", "Home | News | Environment | Business | Sport"),
    ("h1", "£140m sea defence plan to shield 38,700 homes"),
    ("byline", "By Tom Ellery, Environment Correspondent"),
    ("furniture", "Photo: Jane Smith/Agency"),
    ("p", "Coastal communities in England will be protected by a £140 million programme of new"
     " and upgraded sea defences, the Ministry of Coastal Affairs announced on Friday."),
    ("p", "The Tidewater Defence Programme will build or repair flood walls, embankments and"
     " tidal barriers in 14 towns over the next five years, reducing flood risk for 38,700"
     " homes and 2,150 businesses."),
    ("p", "Coastal Affairs Minister Helen Carrow said: “No family should have to watch the sea"
     " come through their front door.”"),
    ("p", "She added that the programme “will be delivered with the communities who live behind"
     " these defences, not imposed on them”."),
    ("furniture", "Sign up to our newsletter"),
    ("p", "Work on the first schemes, at Saltbourne and Wrenmouth, will begin in July 2027."),
    ("p", "The ministry estimates that every £1 spent will avoid £8 in flood damage over the"
     " lifetime of the defences."),
    ("p", "Around a third of the money – £46m – is earmarked for the Hollin Estuary, where storm"
     " surges flooded more than 1,200 properties in the winter of 2025."),
    ("furniture", "Continue Reading"),
    ("p", "Dr Samuel Okafor, chief executive of the Coastal Flood Authority, said: “These schemes"
     " have been designed using the latest sea-level projections, so they will remain effective"
     " until at least 2080.”"),
    ("p", "Councils can also bid for a share of a separate £12m Community Resilience Fund for"
     " flood doors, pumps and other protection for individual properties, with bids closing on"
     " 30 June."),
    ("p", "The announcement follows a national review of coastal defences published in November"
     " 2026, which found that one in five sea walls in England was in poor or very poor"
     " condition."),
    ("p", "Shares in the listed contractor Harbourline Group rose 3 per cent after the"
     " announcement."),
    ("p", "Harbourline, which built the Kelby Sands tidal barrier in 2019, is expected to bid for"
     " several of the contracts."),
    ("p", "The ministry did not say how the 14 towns had been chosen."),
    ("p", "The towns judged to be at greatest risk will be protected first, and the ministry will"
     " report progress to Parliament every six months."),
    ("furniture", "Share this article: Facebook | X | Email"),
    ("furniture", "Click to comment"),
    ("furniture", "Leave a Reply"),
]

#: National daily, published as a web page (see ``DAILY_PAGE`` in the generator).
REPORT_DAILY: list[Block] = [
    ("h1", "Government pledges £140 million to hold back the sea"),
    ("standfirst", "Ministers say 37,800 homes in 14 coastal towns will be better protected, but"
     " critics warn the money will not go far enough."),
    ("byline", "By Rachel Onyango, Political Reporter"),
    ("p", "The government has promised £140 million over five years to build and repair sea"
     " walls, embankments and tidal barriers along the English coast."),
    ("p", "The Tidewater Defence Programme, announced by the Ministry of Coastal Affairs on"
     " Friday, is meant to reduce flood risk for 37,800 homes and 2,150 businesses in 14 towns."),
    ("p", "Work will start in July at Saltbourne and Wrenmouth, and the ministry says the towns"
     " most at risk will be protected first."),
    ("p", "Coastal Affairs Minister Helen Carrow said: “No family should have to watch the sea"
     " come through their front door.”"),
    ("p", "She said the scheme “might give 38,700 households the protection they have been asking"
     " for”, and promised it would be delivered together with local people."),
    ("p", "Officials expect the programme to reduce the number of homes at high risk of coastal"
     " flooding by 27 per cent by 2032."),
    ("p", "The opposition’s coastal affairs spokesperson, Mark Dunstan MP, said: “This is a drop"
     " in the ocean after years of neglect, and coastal towns will see straight through it.”"),
    ("p", "A national review last year found that one in four sea walls in England was in poor or"
     " very poor condition."),
    ("p", "The Environmental Audit Committee of MPs has estimated that £1.1 billion would be"
     " needed to bring every sea wall in England up to standard."),
    ("p", "Critics point out that the programme covers only 14 of the more than 60 English towns"
     " identified as being at significant risk."),
    ("p", "The ministry said 300 apprenticeships would be created, and that contractors would"
     " have to recruit at least half of their apprentices locally."),
    ("p", "Dr Samuel Okafor, who leads the Coastal Flood Authority, said the new defences had"
     " been designed to “remain effective until 2080”."),
    ("p", "The announcement comes weeks before the spring budget, when the Treasury is expected"
     " to set out further spending cuts."),
]

#: Regional weekly, delivered as a Word file.
REPORT_REGIONAL: list[Block] = [
    ("h1", "Saltbourne first in line as sea defence cash is announced"),
    ("byline", "By Megan Tull, Local Democracy Reporter"),
    ("p", "Saltbourne’s seafront will be among the first places to get new flood defences under a"
     " government programme worth 140 million pounds, ministers announced on Friday."),
    ("p", "The Mayor of Saltbourne, Councillor Priya Nandra, said: “Saltbourne has flooded twice"
     " in the last decade. Today’s decision means our seafront and our harbour will finally be"
     " properly defended.”"),
    ("p", "Work at Saltbourne and neighbouring Wrenmouth will begin in July 2027, according to"
     " the Ministry of Coastal Affairs."),
    ("p", "The harbour wall at Saltbourne was last rebuilt in 1987 and was breached during storms"
     " in January 2024."),
    ("p", "Across the country, the Tidewater Defence Programme will build or repair flood walls,"
     " embankments and tidal barriers in 14 towns, reducing flood risk for 38,700 homes."),
    ("p", "Half of the funding, £46 million, will go to the Hollin Estuary further up the coast."),
    ("p", "Coastal Affairs Minister Helen Carrow said: “No family in Saltbourne or anywhere else"
     " should have to watch the sea come through their front door.”"),
    ("p", "Councillor Nandra said the council would push for the harbour wall to be the first"
     " stretch to be rebuilt."),
    ("p", "Harbourmaster Colin Reeve was more cautious: “We have been promised new walls before,"
     " so people here will believe it when they see the diggers.”"),
    ("p", "The designs include the restoration of 450 hectares of saltmarsh, some of it on the"
     " mudflats east of Saltbourne harbour."),
    ("p", "Householders can also get help with flood doors and pumps through the council, which"
     " will bid for a share of a separate £12 million Community Resilience Fund when bidding"
     " opens on 1 May."),
    ("p", "The programme is also expected to create 300 apprenticeships in coastal engineering,"
     " and at least half of the apprentices must come from the towns where the work is done."),
    ("p", "The full list of 14 towns also includes Kelby Sands and Marston Haven."),
    ("p", "Saltbourne Town Council will hold a public meeting about the plans at the Pavilion on"
     " 25 March."),
]

#: Critical opinion column, delivered as a PDF.
REPORT_CRITIC: list[Block] = [
    ("kicker", "Opinion"),
    ("h1", "The £150 million question the Tidewater plan does not answer"),
    ("byline", "By Marcus Heale"),
    ("p", "The Ministry of Coastal Affairs wants us to believe that £150 million spent over five"
     " years will make the English coast safe."),
    ("p", "Its press release promises that the Tidewater Defence Programme will cut the number of"
     " homes at high risk of coastal flooding by 37 per cent by 2032."),
    ("p", "Look closer and the picture is less reassuring."),
    ("p", "A national review published in November 2026 found that one in five sea walls in"
     " England was in poor or very poor condition, yet only 14 towns will see any work."),
    ("p", "Coastal Affairs Minister Helen Carrow insists the programme “will give 38,700"
     " households the protection they have been demanding”."),
    ("p", "The shadow minister for coastal communities, Aisha Bell MP, told me: “The ministry has"
     " announced the same money three times since 2024 and not a single new wall has been"
     " built.”"),
    ("p", "The ministry also claims that every £1 spent will save £10 in flood damage, a figure"
     " it has not explained."),
    ("p", "Around a third of the money, £46 million, goes to the Hollin Estuary alone."),
    ("p", "Meanwhile the separate Community Resilience Fund is worth just £12 million, to be"
     " shared among every coastal council in England."),
    ("p", "Dr Samuel Okafor of the Coastal Flood Authority says the defences will “remain"
     " effective until at least 2100”."),
    ("p", "Fourteen towns is not a national programme; it is a pilot with good publicity."),
    ("p", "Even the 300 apprenticeships, welcome as they are, come to about 21 for each town."),
    ("p", "Sea levels are rising faster than the models of a decade ago assumed, and scientists"
     " have repeatedly revised their projections upwards."),
    ("p", "Until the ministry publishes the design standards it has promised for every site,"
     " residents have no way of checking those claims."),
    ("p", "Coastal towns deserve better than a press release."),
    ("p", "Marcus Heale is a former flood engineer who writes about infrastructure."),
]
CRITIC_FOOTER = "The Coastal Review | Page {page}"

#: Negative control: a local story that shares place names with the release and nothing else.
REPORT_UNRELATED: list[Block] = [
    ("furniture", "WRENMOUTH & DISTRICT NEWS"),
    ("furniture", "Home | Local | What’s On | Sport"),
    ("h1", "Harbour festival draws record crowds to Wrenmouth"),
    ("byline", "By Alice Brennan"),
    ("furniture", "Photo: Jane Smith/Agency"),
    ("p", "More than 12,000 people visited Wrenmouth harbour over the weekend for the town’s"
     " annual seafood and sailing festival, organisers said."),
    ("p", "The festival, first held in 1998, featured cookery demonstrations, a parade of 14"
     " fishing boats and live music on the quayside until late on Saturday night."),
    ("p", "Festival chair Dorothy Pym said: “We were blessed with sunshine and the whole town"
     " turned out. It was our best year yet.”"),
    ("p", "The Wrenmouth Shanty Choir opened the festival on Friday evening, and a tug of war"
     " between the lifeboat crew and the harbour staff drew a large crowd on Sunday morning."),
    ("p", "Stallholder Ben Arkwright, who sells smoked fish from a stand by the slipway, said:"
     " “I sold out twice. The town needs more weekends like this one.”"),
    ("p", "Children took part in a crab catching contest from the harbour wall, which was won by"
     " a nine year old from Kelby Sands with 23 crabs."),
    ("p", "Local businesses reported a busy weekend, with several cafes running out of food by"
     " Sunday afternoon."),
    ("p", "A raffle raised £3,400 for the Wrenmouth lifeboat station, which relies entirely on"
     " donations."),
    ("p", "Parking on the seafront was free for the weekend, and extra buses ran from Kelby"
     " Sands."),
    ("p", "The evening ended with fireworks over the harbour, watched from the beach and from"
     " boats moored in the bay."),
    ("p", "The organisers thanked the council, the harbour master and more than 80 volunteers who"
     " ran car parks, stalls and first aid tents."),
    ("p", "Several visitors said they had travelled from inland towns for the day, and the"
     " harbour car park was full by mid morning."),
    ("p", "Next year’s festival is expected to add a food tent on the quayside and a bigger stage"
     " for local bands, organisers said."),
    ("p", "The organisers are already planning next year’s event and are looking for"
     " volunteers."),
    ("furniture", "Sign up to our newsletter"),
    ("furniture", "Click to comment"),
]
