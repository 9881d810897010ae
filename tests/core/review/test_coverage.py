"""Coverage matrix: release sentences × reports, classified by the strongest covering link."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from core.documents import Span
from core.results import CompareResult, Comparison, Link, LinkKind
from core.review import CellUse, coverage_matrix
from core.review.coverage import classify, release_rows
from tests.core.review.test_findings import (
    RELEASE,
    REPORT,
    at,
    make_doc,
    sample_result,
    sentences,
    stats,
)


def link(official: Span, kind: LinkKind, report: Span | None = None) -> Link:
    return Link(official, report or Span(0, 5), kind, False, 0.9)


def test_classify_by_share_of_the_sentence() -> None:
    row = Span(100, 200)
    assert classify(row, [link(Span(100, 150), LinkKind.VERBATIM)])[0] is CellUse.VERBATIM
    assert classify(row, [link(Span(100, 149), LinkKind.VERBATIM)])[0] is CellUse.PARTIAL
    # Two links that each cover a third add up to a use; one verbatim third is not verbatim.
    both = [link(Span(100, 133), LinkKind.VERBATIM), link(Span(133, 166), LinkKind.PARAPHRASE)]
    assert classify(row, both)[0] is CellUse.PARAPHRASE
    # Overlapping links are counted once, not twice.
    same = [link(Span(100, 140), LinkKind.PARAPHRASE), link(Span(100, 140), LinkKind.PARAPHRASE)]
    assert classify(row, same)[0] is CellUse.PARTIAL
    # A long link that only bleeds into the sentence's edge does not touch it.
    bleed = [link(Span(0, 105), LinkKind.VERBATIM)]
    assert classify(row, bleed) == (CellUse.NONE, ())
    assert classify(row, []) == (CellUse.NONE, ())


def test_classify_returns_the_report_spans_used() -> None:
    row = Span(0, 100)
    a = link(Span(0, 60), LinkKind.PARAPHRASE, Span(300, 360))
    b = link(Span(60, 100), LinkKind.PARAPHRASE, Span(10, 50))
    far = link(Span(500, 600), LinkKind.VERBATIM, Span(0, 9))
    assert classify(row, [a, b, far]) == (CellUse.PARAPHRASE, (Span(10, 50), Span(300, 360)))


def test_matrix_of_the_sample_result() -> None:
    result = sample_result()
    m = coverage_matrix(result)
    texts = [RELEASE[s.start : s.end] for s in m.rows]
    assert texts == [
        "Treaty signed in Kigali",
        "The Home Secretary signed a treaty in Kigali today.",
        "The deal costs £140m over 5 years.",
        "“This is a landmark moment for both countries,” said the minister.",
        "Officials will meet again in spring.",
    ]  # "Share this page" is furniture
    assert m.columns == (0,)
    assert [row[0] for row in m.cells] == [
        CellUse.NONE,
        CellUse.VERBATIM,
        CellUse.PARAPHRASE,
        CellUse.PARAPHRASE,
        CellUse.NONE,
    ]
    assert m.row_counts == (0, 1, 1, 1, 0)
    used = sum(len(m.rows[i]) for i in (1, 2, 3))
    assert m.column_coverage[0] == used / sum(len(s) for s in m.rows)
    assert m.sources[1][0] == (at(REPORT, "The Home Secretary signed a treaty in Kigali"),)
    assert m.row_of(RELEASE.index("£140m")) == 2
    assert m.row_of(RELEASE.index("Share")) is None


def test_several_reports_are_columns_and_counts() -> None:
    base = sample_result()
    comp = base.comparisons[0]
    second_doc = make_doc("Officials will meet again in spring.", "Brief", "/x/brief.txt")
    second = Comparison(
        official_index=0,
        report_index=2,
        links=(
            link(at(RELEASE, "Officials will meet again in spring."), LinkKind.VERBATIM),
            link(at(RELEASE, "The deal costs £140m over 5 years."), LinkKind.VERBATIM),
        ),
        added=(),
        omitted=(),
        quotes=(),
        figures=(),
        stats=stats(),
    )
    result = CompareResult((*base.documents, second_doc), (comp, second))
    m = coverage_matrix(result)
    assert m.column_count == 2 and m.row_count == 5
    assert m.cells[2] == (CellUse.PARAPHRASE, CellUse.VERBATIM)
    assert m.cells[4] == (CellUse.NONE, CellUse.VERBATIM)
    assert m.row_counts == (0, 1, 2, 1, 1)


def test_rows_fall_back_to_splitting_and_skip_furniture() -> None:
    release = make_doc(RELEASE, "R", "/x/r.txt", furniture=(at(RELEASE, "Share this page"),))
    empty = Comparison(0, 1, (), (), (), (), (), stats())
    result = CompareResult((release, make_doc("x", "x", "/x/x.txt")), (empty,))
    rows = release_rows(result)
    assert len(rows) == 5 and at(RELEASE, "Share this page") not in rows
    m = coverage_matrix(result)
    assert m.row_counts == (0,) * 5 and m.column_coverage == (0.0,)
    # Engine sentences flagged as furniture are left out too.
    flagged = tuple(
        s.__class__(s.span, s.paragraph, furniture=(i == 0))
        for i, s in enumerate(sentences(release))
    )
    comp = Comparison(0, 1, (), (), (), (), (), stats(), official_sentences=flagged)
    assert len(release_rows(CompareResult(result.documents, (comp,)))) == 4


def test_no_reports_gives_rows_and_no_columns() -> None:
    release = make_doc(RELEASE, "R", "/x/r.txt")
    m = coverage_matrix(CompareResult((release,), ()))
    assert m.column_count == 0 and m.row_count == 6
    assert m.cells == ((),) * 6 and m.column_coverage == ()


ENGINE_RELEASE = (
    "Ministers agree new flood defence fund",
    "The Environment Secretary today announced a new fund of £250 million to strengthen flood "
    "defences in northern England.",
    "The money will be spent over the next five years on walls, pumps and early warning systems "
    "in 40 towns.",
    "“Every family deserves to feel safe in their own home when the rivers rise,” said the "
    "Environment Secretary.",
    "Local councils will be able to bid for grants from April, and the first projects will start "
    "in the summer.",
)
ENGINE_REPORT = (
    "Flood fund announced",
    "The Environment Secretary today announced a new fund of £250 million to strengthen flood "
    "defences in northern England.",
    "Over the coming five years, the cash will pay for walls, pumps and early warning systems "
    "across 45 towns.",
    "“Every family deserves to feel safe in their homes when rivers rise,” said the Environment "
    "Secretary.",
    "Opposition MPs said the sum was far too small after last winter's storms destroyed hundreds "
    "of homes.",
)


def test_models_agree_with_the_real_engine() -> None:
    from core.compare import compare
    from core.documents import DocFormat, Document
    from core.documents.loaders.builder import TextBuilder
    from core.results import CompareOptions
    from core.review import FindingKind, findings_for

    def build(paragraphs: tuple[str, ...], name: str) -> Document:
        b = TextBuilder()
        for p in paragraphs:
            b.add_paragraph(p)
        return b.build(title=name, path=f"/t/{name}.txt", sha256="0" * 64, fmt=DocFormat.TXT)

    release, report = build(ENGINE_RELEASE, "release"), build(ENGINE_REPORT, "report")
    result = compare(release, [report], CompareOptions())
    comp = result.comparisons[0]

    m = coverage_matrix(result)
    rows = [result.official.text[s.start : s.end] for s in m.rows]
    assert rows == list(ENGINE_RELEASE)  # one sentence per paragraph here
    uses = [row[0] for row in m.cells]
    assert uses[1] is CellUse.VERBATIM  # copied word for word
    assert uses[2].used and uses[3].used  # reworded, and the (altered) quote
    assert uses[0] is uses[4] is CellUse.NONE  # headline and the councils sentence
    # Sentence-level coverage and the engine's character-level share tell the same story.
    assert abs(m.column_coverage[0] - comp.stats.release_coverage) < 0.1

    found = findings_for(result, 0)

    def count(kind: FindingKind) -> int:
        return sum(1 for f in found if f.kind is kind)

    assert count(FindingKind.ADDED) == comp.stats.additions == len(comp.added)
    assert count(FindingKind.OMITTED) == comp.stats.omissions == len(comp.omitted)
    assert count(FindingKind.QUOTE_ALTERED) == comp.stats.altered_quotes == 1
    assert count(FindingKind.FIGURE_CHANGED) == comp.stats.changed_figures == 1
    changed = next(f for f in found if f.kind is FindingKind.FIGURE_CHANGED)
    assert "45" in changed.detail and "40" in changed.detail
    assert report.text[changed.span.start : changed.span.end] == "45"
    # What the findings call omitted is what the matrix shows no report using.
    for f in found:
        if f.kind is FindingKind.OMITTED:
            row = m.row_of(f.span.start)
            assert row is not None and m.cells[row][0] is CellUse.NONE
    assert {f.key for f in found if f.kind is FindingKind.ADDED} == {
        f"added:{s.start}-{s.end}" for s in comp.added
    }


SEED_NAMES = (
    "002_27eb931e9716d1e9.txt",  # the release
    "000_d7b0eaf045d8ede4.txt",
    "001_bcbaab6fdc511440.txt",
    "003_2b3c06040c50ddb9.txt",
    "004_e51375bab7781170.txt",
)


def test_models_agree_with_the_engine_on_the_seed_scenario(seeds_dir: Path) -> None:
    from core.compare import compare
    from core.documents import load_document
    from core.results import CompareOptions
    from core.review import FindingKind, findings_for

    docs = [load_document(seeds_dir / name) for name in SEED_NAMES]
    result = compare(docs[0], docs[1:], CompareOptions())
    m = coverage_matrix(result)
    assert m.column_count == 4 and m.row_count > 10
    assert not any(result.official.is_furniture(row) for row in m.rows)
    for i, comp in enumerate(result.comparisons):
        kinds = Counter(f.kind for f in findings_for(result, i))
        s = comp.stats
        assert (kinds[FindingKind.ADDED], kinds[FindingKind.OMITTED]) == (s.additions, s.omissions)
        assert kinds[FindingKind.QUOTE_ALTERED] == s.altered_quotes
        assert kinds[FindingKind.FIGURE_CHANGED] == s.changed_figures
        assert abs(m.column_coverage[i] - s.release_coverage) < 0.1
    # The negative control (a report two years later) uses next to nothing of the release.
    assert m.column_coverage[3] < 0.05


def test_matrix_counts_each_reports_shifts_in_the_sentence_of_their_release_words() -> None:
    result = sample_result()
    m = coverage_matrix(result)
    assert m.column_shifts == (1,)
    # The shift's release words ("costs") are in "The deal costs £140m over 5 years.".
    assert [row[0] for row in m.shifts] == [0, 0, 1, 0, 0]
