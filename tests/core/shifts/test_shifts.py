"""Meaning shifts: each kind on a small invented pair, faithful paraphrases left alone, the JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.documents import Span
from core.results import (
    Figure,
    FigureVerdict,
    Link,
    LinkKind,
    Quote,
    QuoteVerdict,
    Shift,
    ShiftDirection,
    ShiftKind,
)
from core.results.jsonio import document_from_text, result_from_json, result_to_json
from core.shifts import detect_shifts

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def _span(text: str, part: str) -> Span:
    at = text.index(part)
    return Span(at, at + len(part))


def _link(release: str, report: str) -> tuple[Shift, ...]:
    """Shifts of one linked pair: the whole release text against the whole report text."""
    o, r = document_from_text(release, "release.txt"), document_from_text(report, "report.txt")
    link = Link(Span(0, len(release)), Span(0, len(report)), LinkKind.PARAPHRASE, False, 0.8)
    return detect_shifts(o, r, [link], [], [])


def _kinds(shifts: tuple[Shift, ...]) -> dict[ShiftKind, ShiftDirection]:
    return {s.kind: s.direction for s in shifts}


@pytest.mark.parametrize(
    ("release", "report", "kind", "direction"),
    [
        ("The scheme may cost up to £2 billion.", "The scheme will cost £2 billion.",
         ShiftKind.CERTAINTY, ShiftDirection.STRENGTHENED),
        ("The council will open the new library in June.",
         "The council might open the new library in June.",
         ShiftKind.CERTAINTY, ShiftDirection.WEAKENED),
        ("The scheme has been designed to cut waiting times for patients.",
         "The scheme has failed to cut waiting times for patients.",
         ShiftKind.NEGATION, ShiftDirection.CHANGED),
        ("Prices for heating oil rose sharply in the winter.",
         "Prices for heating oil fell sharply in the winter.",
         ShiftKind.NEGATION, ShiftDirection.CHANGED),
        ("Some towns on the east coast will see new walls.",
         "All towns on the east coast will see new walls.",
         ShiftKind.QUANTITY, ShiftDirection.STRENGTHENED),
        ("Storms flooded more than 1,200 homes along the estuary.",
         "Storms flooded 1,200 homes along the estuary.",
         ShiftKind.QUANTITY, ShiftDirection.WEAKENED),
        ("Councils can apply for the new grants, but only if they publish a flood plan.",
         "Councils can apply for the new grants.",
         ShiftKind.CONDITION, ShiftDirection.STRENGTHENED),
        ("Rwanda is a safe country for refugees, the Home Secretary said.",
         "The Foreign Minister said Rwanda is a safe country for refugees.",
         ShiftKind.ATTRIBUTION, ShiftDirection.CHANGED),
        ("The ministry estimates that every pound spent will avoid eight in damage.",
         "The ministry claims that every pound spent will avoid eight in damage.",
         ShiftKind.ATTRIBUTION, ShiftDirection.WEAKENED),
        ("The minister will sign the new treaty with Rwanda.",
         "The minister has signed the new treaty with Rwanda.",
         ShiftKind.TIME, ShiftDirection.STRENGTHENED),
        ("Crossings of the Channel fell sharply this year.",
         "Crossings of the Channel fell sharply last year.",
         ShiftKind.TIME, ShiftDirection.CHANGED),
    ],
)
def test_each_kind_on_a_pair(
    release: str, report: str, kind: ShiftKind, direction: ShiftDirection
) -> None:
    shifts = _link(release, report)
    assert _kinds(shifts).get(kind) is direction, shifts
    for s in shifts:
        assert s.explanation and "\n" not in s.explanation
        assert 0 <= s.report.start < s.report.end <= len(report)
        assert 0 <= s.official.start < s.official.end <= len(release)


@pytest.mark.parametrize(
    ("release", "report"),
    [
        ("The programme is expected to cut flood risk by 27 per cent by 2032.",
         "Officials expect the programme to reduce flood risk by 27 per cent by 2032."),
        ("Work on the first schemes will begin in July 2027.",
         "Work on the first schemes is due to start in July 2027."),
        ("The ministry will not publish the list of towns before the summer.",
         "The list of towns will not be published by the ministry before the summer."),
        ("Around a third of the funding will go to the estuary.",
         "About a third of the money will go to the estuary."),
        ("The fund is administered by the Coastal Flood Authority.",
         "The Coastal Flood Authority runs the fund."),
    ],
)
def test_faithful_paraphrases_have_no_shift(release: str, report: str) -> None:
    assert _link(release, report) == ()


def test_a_verbatim_pair_has_no_shift() -> None:
    text = "The scheme may cost up to £2 billion if Parliament approves it, the minister said."
    assert _link(text, text) == ()


def test_the_same_figure_counted_from_another_point_is_a_reference_shift() -> None:
    release = ("It supports individuals for up to 5 years after they have received final "
               "determination of their status.")
    report = "It supports them for up to five years after landing in the country."
    o, r = document_from_text(release, "r.txt"), document_from_text(report, "p.txt")
    fig = Figure(_span(report, "five years"), "five years", "5 year", FigureVerdict.MATCH,
                 _span(release, "5 years"), "5 years")
    shifts = detect_shifts(o, r, [], [], [fig])
    assert [(s.kind, s.direction) for s in shifts] == [
        (ShiftKind.REFERENCE, ShiftDirection.CHANGED)
    ]
    assert "after landing" in shifts[0].report_words
    assert "final determination" in shifts[0].release_words


def test_another_share_is_a_quantity_shift() -> None:
    release = "Crossings are down by a third compared to last year."
    report = "Crossings are down by half compared to last year."
    o, r = document_from_text(release, "r.txt"), document_from_text(report, "p.txt")
    fig = Figure(_span(report, "half"), "half", "0.5", FigureVerdict.CHANGED,
                 _span(release, "a third"), "a third")
    shifts = detect_shifts(o, r, [], [], [fig])
    assert [(s.kind, s.direction) for s in shifts] == [
        (ShiftKind.QUANTITY, ShiftDirection.STRENGTHENED)
    ]


def test_a_quote_cut_before_its_qualifier_is_truncated() -> None:
    release = "“We will open the centre in May, but only if the council approves the plans.”"
    report = "The minister said: “We will open the centre in May.” Work starts soon."
    o, r = document_from_text(release, "r.txt"), document_from_text(report, "p.txt")
    said = "We will open the centre in May"
    quote = Quote(_span(report, said), said, QuoteVerdict.EXACT, "the minister",
                  _span(release, said))
    shifts = detect_shifts(o, r, [], [quote], [])
    assert [s.kind for s in shifts] == [ShiftKind.TRUNCATION]
    assert shifts[0].release_words.startswith("but only if the council")
    # Given in the reporter's own words, the limit is not lost.
    kept = "The minister said: “We will open the centre in May” if the council approves the plans."
    r2 = document_from_text(kept, "p.txt")
    quote2 = Quote(_span(kept, said), said, QuoteVerdict.EXACT, "the minister",
                   _span(release, said))
    assert detect_shifts(o, r2, [], [quote2], []) == ()


def test_shifts_survive_the_json_round_trip() -> None:
    from core.compare import compare

    release = "The minister will sign the new treaty with Rwanda in Kigali on Tuesday morning."
    report = "The minister has signed the new treaty with Rwanda in Kigali on Tuesday morning."
    o, r = document_from_text(release, "r.txt"), document_from_text(report, "p.txt")
    result = compare(o, [r])
    shifts = result.comparisons[0].shifts
    assert ShiftKind.TIME in {s.kind for s in shifts}
    data = result_to_json(result)
    got = data["comparisons"][0]["shifts"]
    assert got and set(got[0]) == {
        "kind", "report", "official", "direction", "release_words", "report_words", "explanation"
    }
    assert result_from_json(data).comparisons[0].shifts == shifts


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared is not checked out next to the repo")
def test_seed_scenario_reference_shift_and_none_on_verbatim_links() -> None:
    import json

    from core.compare import compare
    from core.documents import load_document

    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    official = load_document(SEEDS / manifest["official"])
    names = [d["file"] for d in manifest["documents"] if d["role"] == "report"]
    result = compare(official, [load_document(SEEDS / n) for n in names])
    for comp in result.comparisons:
        for link in comp.links:
            if link.kind is LinkKind.VERBATIM:
                on = [s for s in comp.shifts if s.report.overlaps(link.report)]
                assert on == [], on
    report_001 = names.index(next(n for n in names if n.startswith("001_")))
    comp = result.comparisons[report_001]
    text = result.documents[comp.report_index].text
    refs = [s for s in comp.shifts if s.kind is ShiftKind.REFERENCE]
    assert any("after landing" in text[s.report.start : s.report.end] for s in refs), refs
    assert any("final determination" in s.release_words for s in refs)
