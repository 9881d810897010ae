"""Clause-level links: a report sentence that carries one clause of a release sentence."""

from __future__ import annotations

from core.align.clauses import clause_spans
from core.compare import compare
from core.results.jsonio import document_from_text

RELEASE = (
    "Harbour accord signed with Calderon\n\n"
    "The harbour minister today signed an accord with the neighbouring state of Calderon on "
    "shared patrols of the northern strait.\n\n"
    "The accord is binding in international law and ensures that fishing crews stopped at sea "
    "are returned to their home port within 48 hours.\n\n"
    "Patrol boats from both navies will start joint exercises in the spring, the ministry said."
)
REPORT = (
    "Minister to seal strait deal\n\n"
    "The minister is expected to travel to Calderon on Tuesday to meet the prime minister over "
    "a row about fishing quotas – and the accord will be binding under international law.\n\n"
    "Opposition politicians called the trip a waste of money."
)


def _texts(text: str, start: int = 0) -> list[str]:
    return [text[a:b] for a, b in clause_spans(text, start)]


def test_sentences_divide_at_dashes_and_connectives() -> None:
    assert _texts("The fund opens in May – and it will close in June.") == [
        "The fund opens in May",
        "and it will close in June.",
    ]
    appeal = "Crews stopped at sea can appeal, which takes about a month, when the panel sits."
    assert _texts(appeal) == [
        "Crews stopped at sea can appeal",
        "which takes about a month",
        "when the panel sits.",
    ]
    # Parts too short to stand alone stay whole: "doors and pumps" is one thing.
    assert _texts("It pays for flood doors and pumps.") == ["It pays for flood doors and pumps."]


def test_one_clause_links_to_the_clause_it_restates() -> None:
    official = document_from_text(RELEASE, "release.txt")
    report = document_from_text(REPORT, "report.txt")
    comp = compare(official, [report]).comparisons[0]
    pairs = [
        (REPORT[x.report.start : x.report.end], RELEASE[x.official.start : x.official.end])
        for x in comp.links
    ]
    assert pairs == [
        (
            "and the accord will be binding under international law.",
            "The accord is binding in international law",
        )
    ]
    # The sentence is partly derived: it is not listed as an addition, the next one is.
    added = [REPORT[s.start : s.end] for s in comp.added]
    assert not any("binding under international law" in a for a in added)
    assert "Opposition politicians called the trip a waste of money." in added
