"""Faithful retellings a review found flagged as meaning shifts: each must give none.

A word-for-word copy whose quote closes a paragraph before the release's own "However, …"; a
report sentence joining two release sentences (each one's words looked added against the
other); a verb that holds the negation ("remove the risk" for "not at risk"); the same count
described by another adjective ("14 seaside towns"); a release statement credited to "the
minister"; a relative day written a day later; an idiom with "without"; "though" or
"however" set off by commas (a turn of the argument, not a limit).
"""

from __future__ import annotations

import pytest

from core.compare import compare
from core.results import ShiftKind
from core.results.jsonio import document_from_text

QUOTE_THEN_HOWEVER = (
    "Coastal towns will get new sea walls under the plan, which the minister said would "
    "“protect every home on the coast for a generation”.\n\n"
    "However, the funding covers only the first five years of work on the walls.\n"
)


def _shifts(release: str, report: str) -> list[tuple[ShiftKind, str]]:
    comp = compare(document_from_text(release, "release.txt"),
                   [document_from_text(report, "report.txt")]).comparisons[0]
    return [(s.kind, s.explanation) for s in comp.shifts]


@pytest.mark.parametrize(
    ("release", "report"),
    [
        (QUOTE_THEN_HOWEVER, QUOTE_THEN_HOWEVER),
        (QUOTE_THEN_HOWEVER, QUOTE_THEN_HOWEVER.split("\n\n")[0]),
        ("Nothing has changed in the asylum treaty with Rwanda.\n\nThe new treaty addresses every "
         "concern raised by the Supreme Court.",
         "Nothing has changed in the asylum treaty with Rwanda and the new treaty addresses "
         "every concern raised by the Supreme Court."),
        ("The treaty ensures that people relocated under the partnership are not at risk of "
         "being returned to a country where their life would be threatened.",
         "The new treaty ensures that it removes the risk of people relocated under the "
         "partnership being returned to a country where their life would be threatened."),
        ("The programme will build new sea walls in 14 coastal towns over the next five years.",
         "The programme will build new sea walls in 14 seaside towns over the next five years."),
        ("The programme will also fund 300 apprenticeships in coastal engineering next year.",
         "The programme will also fund 300 apprentices in coastal engineering next year."),
        ("The new walls will protect 38,700 homes from flooding along the east coast.",
         "The new walls will protect 38,700 homes from flooding along the east coast, the "
         "minister said."),
        ("The council approved the new flood barrier at its meeting today, officials confirmed.",
         "The council approved the new flood barrier at its meeting yesterday, officials "
         "confirmed."),
        ("It is without doubt the biggest flood programme the coast has ever seen.",
         "It is undoubtedly the biggest flood programme the coast has ever seen."),
        ("Ministers have not yet decided where the second flood barrier will be built in Kent.",
         "Ministers are still to decide where the second flood barrier will be built in Kent."),
        ("The new sea walls will take five years to build along the east coast, though.",
         "The new sea walls will take five years to build along the east coast."),
        ("The fund, however, will pay for flood doors and pumps at 2,000 homes on the coast.",
         "The fund will pay for flood doors and pumps at 2,000 homes on the coast."),
    ],
    ids=["copy", "copy-first-paragraph", "joined-sentences", "privative-verb", "adjective",
         "apprentices", "minister-said", "next-day", "without-doubt", "still-to",
         "though-aside", "however-aside"],
)
def test_faithful_retellings_have_no_shift(release: str, report: str) -> None:
    assert _shifts(release, report) == []


def test_a_real_cut_before_the_speakers_own_qualifier_is_still_a_truncation() -> None:
    release = ("The minister said the walls would “protect every home on the coast, but only if "
               "councils maintain them”.")
    report = "The minister said the walls would “protect every home on the coast”."
    kinds = [k for k, _ in _shifts(release, report)]
    assert ShiftKind.TRUNCATION in kinds or ShiftKind.CONDITION in kinds


def test_a_limit_after_though_is_still_a_dropped_condition() -> None:
    release = ("The fund will pay for flood doors at 2,000 homes, though only if they have "
               "flooded since 2015.")
    report = "The fund will pay for flood doors at 2,000 homes."
    assert [k for k, _ in _shifts(release, report)] == [ShiftKind.CONDITION]


@pytest.mark.parametrize("width", [0, 60], ids=["paragraphs", "hard-wrapped"])
def test_announced_by_the_issuer_is_no_attribution_shift(width: int) -> None:
    """"The programme, announced by the Ministry of Coastal Affairs" credits the release's
    own issuer: nothing new, however the release's lines are wrapped."""
    import textwrap

    release = (
        "Tidewater programme to protect 38,700 coastal homes\n\n"
        "From: Ministry of Coastal Affairs\n\n"
        "Coastal communities will be protected by a £140 million programme of new sea "
        "defences, the Ministry of Coastal Affairs announced today. The Tidewater Defence "
        "Programme will reduce flood risk for 38,700 homes and 2,150 businesses in 14 towns.\n"
    )
    if width:
        release = "\n\n".join(textwrap.fill(p, width) for p in release.split("\n\n"))
    report = (
        "The Tidewater Defence Programme, announced by the Ministry of Coastal Affairs on "
        "Friday, will reduce flood risk for 38,700 homes and 2,150 businesses in 14 towns."
    )
    assert [k for k, _ in _shifts(release, report)] == []


def test_by_a_month_is_a_time_not_an_agent_and_names_stop_at_a_full_stop() -> None:
    from core.results.jsonio import document_from_text
    from core.shifts.speakers import agent, issuer
    from core.shifts.words import words

    text = "The minister said by March the fund would open."
    ws = words(text)
    said = [w.norm for w in ws].index("said")
    assert agent(text, ws, said, said + 1) == frozenset({"minister"})
    doc = document_from_text("Flood news\n\nBy the Government. Residents of Saltbourne Bay.")
    assert not {"residents", "saltbourne", "bay"} & issuer(doc)
