"""Findings: one comparison flattened into ordered, keyed findings; furniture left out."""

from __future__ import annotations

import pytest

from core.align import segment
from core.documents import DocFormat, Document, Span
from core.documents.model import SourceRef
from core.results import (
    CompareResult,
    Comparison,
    DiffOp,
    DiffPiece,
    Figure,
    FigureVerdict,
    Link,
    LinkKind,
    Quote,
    QuoteVerdict,
    ReportStats,
    Sentence,
    Shift,
    ShiftDirection,
    ShiftKind,
)
from core.review import (
    GROUP_LABELS,
    GROUP_TIPS,
    LOW_VALUE_GROUPS,
    Finding,
    FindingGroup,
    FindingKind,
    Severity,
    excerpt,
    findings_for,
    group_of,
    location,
    word_changes,
)

RELEASE = (
    "Treaty signed in Kigali\n\n"
    "The Home Secretary signed a treaty in Kigali today. "
    "The deal costs £140m over 5 years. "
    "“This is a landmark moment for both countries,” said the minister. "
    "Officials will meet again in spring.\n\n"
    "Share this page"
)
REPORT = (
    "Minister goes to Rwanda\n\n"
    "The Home Secretary signed a treaty in Kigali on Tuesday. "
    "The deal is said to cost £150m. "
    "“This is a historic moment for both countries,” said the minister. "
    "Critics called it a gimmick. "
    "“We will fight it,” said the shadow minister. "
    "Up to 5 years of support are promised.\n\n"
    "Click to comment"
)


def at(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle))


def make_doc(text: str, title: str, path: str, furniture: tuple[Span, ...] = ()) -> Document:
    lines, refs, pos = text.split("\n"), [], 0
    for n, line in enumerate(lines, start=1):
        if line:
            refs.append(SourceRef(pos, pos + len(line), line=n))
        pos += len(line) + 1
    paragraphs = tuple(Span(m, m + len(p)) for m, p in _paragraphs(text))
    return Document(
        text=text,
        paragraphs=paragraphs,
        source_map=tuple(refs),
        title=title,
        path=path,
        sha256=title.encode().hex()[:64],
        format=DocFormat.TXT,
        furniture=furniture,
    )


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for block in text.split("\n\n"):
        out.append((pos, block))
        pos += len(block) + 2
    return out


def sentences(doc: Document) -> tuple[Sentence, ...]:
    return segment(doc.text, doc.paragraphs, doc.furniture)


def stats(**kw: float) -> ReportStats:
    base = dict(
        release_coverage=0.5,
        derived_share=0.6,
        verbatim_share=0.3,
        altered_quotes=1,
        changed_figures=1,
        additions=2,
        omissions=1,
    )
    base.update(kw)
    return ReportStats(**base)  # type: ignore[arg-type]


def sample_result() -> CompareResult:
    """A release and one report with one of every finding kind, plus furniture on both sides."""
    release = make_doc(
        RELEASE, "Treaty signed", "/x/release.txt", furniture=(at(RELEASE, "Share this page"),)
    )
    report = make_doc(
        REPORT,
        "Minister goes to Rwanda",
        "/x/report.txt",
        furniture=(at(REPORT, "Click to comment"),),
    )
    altered_diff = (
        DiffPiece(DiffOp.EQUAL, "This is a "),
        DiffPiece(DiffOp.DELETE, "landmark "),
        DiffPiece(DiffOp.INSERT, "historic "),
        DiffPiece(DiffOp.EQUAL, "moment for both countries"),
    )
    comp = Comparison(
        official_index=0,
        report_index=1,
        links=(
            Link(
                at(RELEASE, "The Home Secretary signed a treaty in Kigali"),
                at(REPORT, "The Home Secretary signed a treaty in Kigali"),
                LinkKind.VERBATIM,
                False,
                0.97,
            ),
            Link(
                at(RELEASE, "The deal costs £140m over 5 years."),
                at(REPORT, "The deal is said to cost £150m."),
                LinkKind.PARAPHRASE,
                False,
                0.71,
            ),
            Link(
                at(RELEASE, "“This is a landmark moment for both countries,” said the minister."),
                at(REPORT, "“This is a historic moment for both countries,” said the minister."),
                LinkKind.PARAPHRASE,
                False,
                0.88,
            ),
        ),
        added=(
            at(REPORT, "Critics called it a gimmick."),
            at(REPORT, "Minister goes to Rwanda"),
            at(REPORT, "Click to comment"),  # furniture: must not become a finding
            Span(10, 10),  # empty: must not become a finding
        ),
        omitted=(
            at(RELEASE, "Officials will meet again in spring."),
            at(RELEASE, "Share this page"),  # furniture
        ),
        quotes=(
            Quote(
                at(REPORT, "“This is a historic moment for both countries,”"),
                "This is a historic moment for both countries,",
                QuoteVerdict.ALTERED,
                speaker="the minister",
                official=at(RELEASE, "“This is a landmark moment for both countries,”"),
                diff=altered_diff,
            ),
            Quote(
                at(REPORT, "“We will fight it,”"),
                "We will fight it,",
                QuoteVerdict.ABSENT,
                speaker="the shadow minister",
            ),
        ),
        figures=(
            Figure(
                at(REPORT, "£150m"),
                "£150m",
                "150000000 GBP",
                FigureVerdict.CHANGED,
                official=at(RELEASE, "£140m"),
                official_text="£140m",
                note="report says £150m; the release says £140m",
            ),
            Figure(
                at(REPORT, "5 years"),
                "5 years",
                "5 year",
                FigureVerdict.MATCH,
                official=at(RELEASE, "5 years"),
                official_text="5 years",
            ),
            Figure(at(REPORT, "Tuesday"), "Tuesday", "tuesday", FigureVerdict.ABSENT),
        ),
        stats=stats(),
        official_sentences=sentences(release),
        report_sentences=sentences(report),
        shifts=(
            Shift(
                ShiftKind.ATTRIBUTION,
                at(REPORT, "is said to"),
                at(RELEASE, "costs"),
                ShiftDirection.WEAKENED,
                "",
                "is said to",
                "The release states this as fact; the report makes it a claim (“is said to”)",
            ),
        ),
    )
    return CompareResult(documents=(release, report), comparisons=(comp,))


def test_every_kind_once_by_group_then_report_then_release_order() -> None:
    found = findings_for(sample_result(), 0)
    assert [f.kind for f in found] == [
        FindingKind.SHIFT,  # "is said to"
        FindingKind.FIGURE_CHANGED,  # £150m
        FindingKind.QUOTE_ALTERED,
        FindingKind.OMITTED,
        FindingKind.ADDED,  # the headline
        FindingKind.FIGURE_ABSENT,  # Tuesday
        FindingKind.ADDED,  # critics
        FindingKind.QUOTE_ABSENT,
        FindingKind.FIGURE_MATCH,
    ]
    groups = [f.group for f in found]
    assert groups == sorted(groups, key=list(FindingGroup).index)
    for group in FindingGroup:
        members = [f for f in found if f.group is group]
        assert members, f"the sample has no {group}"
        starts = [f.span.start for f in members]
        assert starts == sorted(starts), f"{group} is not in text order"
    assert [f.side for f in found].count("official") == 1


def test_every_kind_has_one_group_and_the_low_value_ones_come_last() -> None:
    assert {group_of(k) for k in FindingKind} == set(FindingGroup)
    assert set(GROUP_LABELS) == set(GROUP_TIPS) == set(FindingGroup)
    assert group_of(FindingKind.SHIFT) is FindingGroup.CHANGED
    assert group_of(FindingKind.OMITTED) is FindingGroup.OMITTED
    assert {FindingGroup.UNSOURCED, FindingGroup.CONFIRMED} == LOW_VALUE_GROUPS
    order = list(FindingGroup)
    assert all(order.index(g) > order.index(FindingGroup.OMITTED) for g in LOW_VALUE_GROUPS)


def test_a_shift_is_a_finding_with_both_spans_and_its_explanation() -> None:
    result = sample_result()
    shift = result.comparisons[0].shifts[0]
    found = next(f for f in findings_for(result, 0) if f.kind is FindingKind.SHIFT)
    assert found.title == "Attribution shift: added “is said to”"
    assert found.detail == shift.explanation
    assert (found.side, found.span, found.counterpart) == ("report", shift.report, shift.official)
    assert found.key == f"shift:attribution:{shift.report.start}-{shift.report.end}"
    assert found.severity is Severity.HIGH and found.label == "Meaning shift"


def test_a_changed_and_a_dropped_shift_name_their_words() -> None:
    result = sample_result()
    comp = result.comparisons[0]
    changed = Shift(ShiftKind.CERTAINTY, at(REPORT, "cost"), at(RELEASE, "costs"),
                    ShiftDirection.STRENGTHENED, "may cost", "“will cost”", "Firmer")
    dropped = Shift(ShiftKind.CONDITION, at(REPORT, "£150m"), at(RELEASE, "over 5 years"),
                    ShiftDirection.STRENGTHENED, "over 5 years", "", "Limit left out")
    on_furniture = Shift(ShiftKind.TIME, at(REPORT, "Click to comment"), at(RELEASE, "today"),
                         ShiftDirection.CHANGED, "today", "now", "Furniture")
    more = CompareResult(result.documents, (Comparison(**{
        **comp.__dict__, "shifts": (changed, dropped, on_furniture)}),))
    titles = [f.title for f in findings_for(more, 0) if f.kind is FindingKind.SHIFT]
    assert titles == [
        "Certainty shift: “may cost” → “will cost”",
        "Condition shift: dropped “over 5 years”",
    ]


def test_furniture_and_empty_spans_are_left_out() -> None:
    result = sample_result()
    texts = {
        result.documents[0 if f.side == "official" else 1].text[f.span.start : f.span.end]
        for f in findings_for(result, 0)
    }
    assert "Click to comment" not in texts
    assert "Share this page" not in texts
    assert "" not in texts


def test_keys_are_stable_and_unique() -> None:
    result = sample_result()
    found = findings_for(result, 0)
    keys = [f.key for f in found]
    assert len(set(keys)) == len(keys) == 9
    quote = next(f for f in found if f.kind is FindingKind.QUOTE_ALTERED)
    assert quote.key == f"quote:{quote.span.start}-{quote.span.end}"
    omitted = next(f for f in found if f.kind is FindingKind.OMITTED)
    assert omitted.key.startswith("omitted:")
    assert findings_for(result, 0) == found  # same input, same keys


def test_titles_details_and_severity() -> None:
    found = {f.kind: f for f in findings_for(sample_result(), 0)}
    altered = found[FindingKind.QUOTE_ALTERED]
    assert altered.title == "Altered quote: “This is a historic moment for both countries,”"
    assert "“landmark” → “historic”" in altered.detail
    assert "the minister" in altered.detail
    assert altered.counterpart is not None and altered.severity is Severity.HIGH
    changed = found[FindingKind.FIGURE_CHANGED]
    assert changed.title == "Changed figure: £150m"
    assert changed.detail == "Report says £150m; the release says £140m"
    assert found[FindingKind.FIGURE_MATCH].severity is Severity.LOW
    assert found[FindingKind.QUOTE_ABSENT].counterpart is None
    omitted = found[FindingKind.OMITTED]
    assert omitted.title == "Omitted: “Officials will meet again in spring.”"
    assert omitted.detail.startswith("6 words")


def test_duplicate_spans_get_distinct_keys() -> None:
    result = sample_result()
    comp = result.comparisons[0]
    twice = CompareResult(
        result.documents,
        (Comparison(**{**comp.__dict__, "added": (comp.added[0], comp.added[0])}),),
    )
    keys = [f.key for f in findings_for(twice, 0) if f.kind is FindingKind.ADDED]
    assert keys[0] != keys[1] and keys[1].endswith("#2")


def test_bad_index_and_bad_side_are_clear() -> None:
    with pytest.raises(IndexError, match="no comparison 3: the result has 1 report"):
        findings_for(sample_result(), 3)
    with pytest.raises(ValueError, match="side"):
        Finding(FindingKind.ADDED, "left", Span(0, 1), None, "t", "d", "k", Severity.LOW)


def test_word_changes_and_excerpt() -> None:
    diff = (
        DiffPiece(DiffOp.EQUAL, "a "),
        DiffPiece(DiffOp.DELETE, "b "),
        DiffPiece(DiffOp.EQUAL, "c "),
        DiffPiece(DiffOp.INSERT, "d "),
        DiffPiece(DiffOp.EQUAL, "e"),
    )
    assert word_changes(diff) == "dropped “b”; added “d”"
    many = tuple(
        p
        for i in range(5)
        for p in (DiffPiece(DiffOp.DELETE, f"x{i} "), DiffPiece(DiffOp.EQUAL, "and "))
    )
    assert word_changes(many).endswith("; and 2 more")
    assert excerpt("short  text\n here") == "short text here"
    long = excerpt("word " * 40, 30)
    assert len(long) <= 30 and long.endswith("…") and not long.endswith(" …")



def _excerpt_of_whole(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


def test_excerpt_of_a_long_text_equals_flattening_it_all() -> None:
    """``excerpt`` flattens only the head of a long paragraph; the result must not change."""
    import random

    rng = random.Random(5)
    pieces = ["a", "word,", "longerword", "x" * 70, " ", "  ", "\n\n", "\t", ";", ":"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 400)))
        limit = rng.choice((5, 12, 40, 80))
        assert excerpt(text, limit) == _excerpt_of_whole(text, limit), (text, limit)

def test_location_uses_the_source_map() -> None:
    result = sample_result()
    report = result.documents[1]
    assert location(report, REPORT.index("Critics")) == "line 3"
    bare = Document("a\n\nb", (Span(0, 1), Span(3, 4)), (), "t", "p", "s", DocFormat.TXT)
    assert location(bare, 3) == "¶ 2"
    pdf = Document("ab", (Span(0, 2),), (SourceRef(0, 2, page=4),), "t", "p", "s", DocFormat.PDF)
    assert location(pdf, 1) == "p. 4"


def test_location_on_a_very_long_line_gives_the_column() -> None:
    # A feed's article saved as one line: "line 1" for every finding would say nothing.
    text = "word " * 1000
    one = Document(text, (Span(0, len(text)),), (SourceRef(0, len(text), line=1),), "t", "p",
                   "s", DocFormat.TXT)
    assert location(one, 0) == "line 1, col 1"
    assert location(one, 4321) == "line 1, col 4,322"
    short = Document("ab", (Span(0, 2),), (SourceRef(0, 2, line=7),), "t", "p", "s", DocFormat.TXT)
    assert location(short, 1) == "line 7"
