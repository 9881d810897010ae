"""HTML evidence pack: structure, scorecard numbers, notes beside passages, options, safety.

Also defines the small invented scenario (``scenario()``) the other export tests import.
"""

from __future__ import annotations

import dataclasses

import lxml.html
import pytest

from core.anchoring import Annotation, describe
from core.compare import compare
from core.documents import Document, Span
from core.report import ExportCancelled, ExportError, ExportOptions, build_pack, render_html
from core.report.options import report_indices, restrict
from core.results import CompareResult
from core.results.jsonio import document_from_text

RELEASE = """Council announces new flood defence programme

The city council today announced a £140 million programme to protect 12,000 homes from river \
flooding over the next five years.

Council leader Maria Hughes said: "This investment will keep families safe and give businesses \
the confidence to stay in the valley."

Work on the first three sites will begin in March, with embankments along the northern bank \
completed by 2026.

The programme is funded jointly by the council and the national Environment Agency.

Residents can view the plans at the town hall library from next Monday."""

REPORT = """Flood plan for the valley

The city council has announced a £150 million programme to protect 12,000 homes from river \
flooding over the next five years.

"This investment will keep families safe and give firms the confidence to stay," council leader \
Maria Hughes said.

Local shopkeepers said they had waited a decade for action and doubted the timetable.

Work on the first three sites will begin in March, with embankments along the northern bank \
completed by 2026."""

REPORT2 = """Valley homes to get flood walls

The programme is funded jointly by the council and the national Environment Agency.

Work on the first three sites may begin in March, the council said.

Opposition councillors called the plan overdue and asked why the southern bank was left out."""

NOTE_QUOTE = "Quote changed: businesses became firms."
NOTE_ADDED = "Who are these shopkeepers? Ask the desk for a source."
NOTE_RELEASE = "No report mentions the public exhibition."


def _select(doc: Document, needle: str) -> Span:
    start = doc.text.index(needle)
    return Span(start, start + len(needle))


def scenario() -> tuple[CompareResult, list[Annotation]]:
    """Release, two reports and three annotations (report quote, report addition, release)."""
    release = document_from_text(RELEASE, "release.txt", RELEASE.split("\n", 1)[0])
    reports = [document_from_text(REPORT, "report_one.txt", REPORT.split("\n", 1)[0]),
               document_from_text(REPORT2, "report_two.txt", REPORT2.split("\n", 1)[0])]
    result = compare(release, reports)
    rep = reports[0]
    anns = [
        Annotation(1, (describe(rep.text, _select(rep, "give firms the confidence"), rep.sha256),),
                   note=NOTE_QUOTE, tags=("misquote",)),
        Annotation(2, (describe(rep.text, _select(rep, "Local shopkeepers said"), rep.sha256),),
                   note=NOTE_ADDED, tags=("added claim", "needs follow-up")),
        Annotation(3, (describe(release.text, _select(release, "Residents can view the plans"),
                                release.sha256),),
                   note=NOTE_RELEASE, tags=("omission",)),
    ]
    return result, anns


def _html(options: ExportOptions | None = None) -> tuple[CompareResult, lxml.html.HtmlElement]:
    options = options or ExportOptions()
    result, anns = scenario()
    chosen = restrict(result, report_indices(result, options.reports))
    pack = build_pack(result, anns, "Flood review", "2026-11-23", options)
    return chosen, lxml.html.document_fromstring(render_html(pack))


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def test_sections_present_one_per_report() -> None:
    result, root = _html()
    for anchor in ("documents", "contents", "legend", "scorecard", "matrix", "release-notes"):
        assert root.get_element_by_id(anchor) is not None, anchor
    reports = root.find_class("report")
    assert [r.get("id") for r in reports] == ["report-1", "report-2"]
    assert "Flood plan for the valley" in _text(reports[0].find(".//h2"))
    # Title page lists every document with its SHA-256.
    documents = _text(root.get_element_by_id("documents").getnext())
    for doc in result.documents:
        assert doc.sha256[:32] in documents and doc.name in documents


def test_scorecard_numbers_equal_the_stats() -> None:
    result, root = _html()
    rows = root.find_class("score")
    assert len(rows) == 2
    for row, comp in zip(rows, result.comparisons, strict=True):
        cells = [_text(td) for td in row.findall("td")]
        st = comp.stats
        expected = [
            f"{100 * st.release_coverage:.1f}%", f"{100 * st.derived_share:.1f}%",
            f"{100 * st.verbatim_share:.1f}%", str(len(comp.shifts)), str(st.altered_quotes),
            str(st.changed_figures), str(st.additions), str(st.omissions),
        ]
        assert cells[1:9] == expected
    first = result.comparisons[0].stats
    assert first.altered_quotes == 1 and first.changed_figures == 1  # the scenario's point
    assert [len(c.shifts) for c in result.comparisons] == [0, 1]


def test_each_report_has_a_meaning_shifts_section() -> None:
    result, root = _html()
    first, second = root.find_class("report")
    heads = [_text(h) for h in second.findall(".//h3")]
    assert heads[0] == "Meaning shifts"  # what matters first
    (table,) = second.find_class("shifts")
    (row,) = table.find_class("shift-row")
    shift = result.comparisons[1].shifts[0]
    text = _text(row)
    assert "Certainty" in text and shift.direction.value in text
    assert "“will” → “may”" in text and shift.explanation in text
    assert "Report ¶ 3 · release ¶ 4" in text  # the sentence in each text
    assert "No meaning shifts found." in _text(first)
    # The passage holding it is flagged, and the legend names the colour.
    assert "meaning shift" in _text(second.find_class("passages")[0])
    assert "Meaning shift:" in _text(root.get_element_by_id("legend").getnext())


def test_annotations_sit_beside_their_passage_with_tags() -> None:
    _, root = _html()
    section = root.get_element_by_id("report-1")
    notes = {_text(tr): tr for tr in section.find_class("notes")}
    added = next(tr for text, tr in notes.items() if NOTE_ADDED in text)
    assert "[added claim]" in _text(added) and "[needs follow-up]" in _text(added)
    assert "Local shopkeepers said" in _text(added.getprevious())
    quote = next(tr for text, tr in notes.items() if NOTE_QUOTE in text)
    assert "[misquote]" in _text(quote)
    assert "give firms the confidence" in _text(quote.getprevious())
    release_notes = _text(root.get_element_by_id("release-notes").getnext())
    assert NOTE_RELEASE in release_notes and "Residents can view the plans" in release_notes
    assert NOTE_ADDED not in _text(root.get_element_by_id("report-2"))


def test_word_diffs_strike_deletions_and_mark_insertions() -> None:
    _, root = _html()
    diffs = root.get_element_by_id("report-1").find_class("diff")
    assert len(diffs) == 2
    struck = [_text(s) for d in diffs for s in d.iter("s")]
    inserted = [_text(u) for d in diffs for u in d.iter("u")]
    assert "businesses" in struck and "firms" in inserted
    assert any("140" in s for s in struck) and any("150" in u for u in inserted)


def test_findings_only_drops_plain_passages_but_keeps_findings_and_notes() -> None:
    _, full = _html()
    _, brief = _html(ExportOptions(findings_only=True))
    def passages(root: lxml.html.HtmlElement) -> str:
        return " ".join(_text(tr) for tr in root.get_element_by_id("report-1")
                        .find_class("passage"))
    assert "Work on the first three sites" in passages(full)
    assert "Work on the first three sites" not in passages(brief)
    for kept in ("Local shopkeepers said", "£150 million", "Residents can view the plans"):
        assert kept in passages(brief), kept
    assert "not shown" in _text(brief.get_element_by_id("report-1"))


def test_tag_filter_and_report_choice() -> None:
    _, root = _html(ExportOptions(tags=("MISQUOTE",)))
    text = _text(root)
    assert NOTE_QUOTE in text and NOTE_ADDED not in text and NOTE_RELEASE not in text
    result, root = _html(ExportOptions(reports=("report_two.txt",)))
    assert [r.get("id") for r in root.find_class("report")] == ["report-1"]
    assert "Valley homes to get flood walls" in _text(root.find_class("report")[0])
    assert len(root.find_class("score")) == 1 and len(result.comparisons) == 1


def test_unknown_report_and_page_size_are_clear_errors() -> None:
    result, _ = scenario()
    with pytest.raises(ExportError, match=r"no report 'nope'.*report_one\.txt"):
        report_indices(result, ("nope",))
    with pytest.raises(ExportError, match="no report '3'"):
        report_indices(result, ("3",))
    with pytest.raises(ExportError, match="page size"):
        ExportOptions(page_size="a3")


def test_cancel_stops_the_export() -> None:
    result, anns = scenario()
    with pytest.raises(ExportCancelled):
        build_pack(result, anns, "x", "today", should_cancel=lambda: True)
    pack = build_pack(result, anns, "x", "today")
    with pytest.raises(ExportCancelled):
        render_html(pack, should_cancel=lambda: True)


HOSTILE = """Breaking <script>alert('x')</script> news

Click <a href="javascript:alert(1)">here</a> or see <img src=x onerror="alert(2)"> now.

<iframe src="https://evil.example/frame"></iframe><object data="http://evil.example/o"></object>

<style>body { background: url(https://evil.example/track.png) }</style><embed src="e.swf">

The city council today announced a £140 million programme to protect 12,000 homes from river \
flooding over the next five years."""


def test_hostile_document_yields_no_active_content() -> None:
    release = document_from_text(RELEASE, "release.txt")
    bad = dataclasses.replace(
        document_from_text(HOSTILE, "<script>x</script>.txt"),
        title='"><script>alert(3)</script>',
        metadata=(("url", "javascript:alert(4)"), ("site", "<iframe src=http://evil.example>")),
    )
    result = compare(release, [bad])
    ann = Annotation(9, (describe(bad.text, _select(bad, "Click"), bad.sha256),),
                     note='<img src=x onerror="alert(5)"> see https://evil.example',
                     tags=('"><script>alert(6)</script>',))
    html = render_html(build_pack(result, [ann], "<b onmouseover=alert(7)>s</b>", "today"))
    root = lxml.html.document_fromstring(html)
    banned = {"script", "iframe", "object", "embed", "img", "link", "meta-refresh", "base"}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in banned, el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name.lower() in ("href", "src", "action", "data", "background"):
                assert value.startswith("#"), (el.tag, name, value)
        if el.tag == "style":
            assert "url(" not in (el.text or "") and el.getparent().tag == "head"
    assert len(root.findall(".//style")) == 1
    text = root.text_content()
    # Shown as text, never as markup.
    assert "<script>alert('x')</script>" in text and "javascript:alert(4)" in text
    assert '<img src=x onerror="alert(5)">' in text


def test_many_reports_give_a_matrix_list_not_a_grid() -> None:
    result, _ = scenario()
    many = [result.documents[1 if i % 2 else 2] for i in range(34)]
    reports = [dataclasses.replace(d, path=f"r{i:02}.txt", sha256=f"{i:064x}")
               for i, d in enumerate(many)]
    big = compare(result.official, reports)
    root = lxml.html.document_fromstring(render_html(build_pack(big, [], "many", "today")))
    matrix = root.find_class("matrix")
    assert len(matrix) == 1
    heads = [_text(th) for th in matrix[0].iter("th")]
    assert heads == ["Where", "Release sentence", "Used by", "Reports using it"]
    rows = {_text(tr.findall("td")[1])[:30]: _text(tr.findall("td")[3])
            for tr in matrix[0].findall("tr")[1:]}
    funded = next(v for k, v in rows.items() if k.startswith("The programme is funded"))
    # Report two (every even-numbered one) repeats that sentence word for word.
    assert funded.startswith("V: R1 R3 R5") and "R34" not in funded


def test_long_omitted_runs_are_clipped_but_additions_are_not() -> None:
    sentences = [f"Item {i} of the plan funds {i} new pumps for district {i}." for i in range(120)]
    release = document_from_text(" ".join(sentences), "long.txt")
    extra = " ".join(f"Residents of street {i} complained loudly." for i in range(40))
    report = document_from_text(f"{sentences[0]} {extra}", "short.txt")
    root = lxml.html.document_fromstring(
        render_html(build_pack(compare(release, [report]), [], "long", "today")))
    passages = [_text(tr) for tr in root.find_class("passage")]
    omitted = [p for p in passages if p.startswith("Omitted")]
    assert omitted and all(len(p.split()) < 100 for p in omitted)
    assert any("more words]" in p for p in omitted)
    added = next(p for p in passages if p.startswith("Added"))
    assert "street 39 complained loudly." in added


def test_omitted_paragraphs_in_a_row_are_one_run_in_the_pack() -> None:
    """A report that leaves out several release paragraphs in a row gets one omitted row for
    them, not one per paragraph (omissions end at paragraph breaks)."""
    from core.results import Comparison

    release = document_from_text(RELEASE, "release.txt", "Release")
    report = document_from_text(REPORT, "report_one.txt", "Report")
    base = compare(release, [report])
    paras = [p for p in release.paragraphs if len(p) > 40]
    tail = paras[-3:]  # three paragraphs in a row, each its own omission
    comp: Comparison = dataclasses.replace(
        base.comparisons[0], links=(), omitted=tuple(tail), added=(), quotes=(), figures=(),
    )
    result = dataclasses.replace(base, comparisons=(comp,))
    pack = build_pack(result, [], "Runs", "2026-11-23", ExportOptions())
    omitted = [r for r in pack.sections[0].rows if r.kind == "omitted"]
    assert len(omitted) == 1
    assert omitted[0].release_span == Span(tail[0].start, tail[-1].end)
    text = " ".join(s.text for s in omitted[0].release)
    assert text.startswith(release.text[tail[0].start : tail[0].start + 20])
    # With a paragraph the report keeps between them, two runs.
    split = dataclasses.replace(comp, omitted=(paras[0], paras[2]))
    pack = build_pack(dataclasses.replace(base, comparisons=(split,)), [], "Runs", "2026-11-23",
                      ExportOptions())
    assert len([r for r in pack.sections[0].rows if r.kind == "omitted"]) == 2


def test_json_export_carries_the_shifts() -> None:
    from core.report import pack_json

    result, anns = scenario()
    data = pack_json(result, anns, "Flood review", "2026-11-23", ExportOptions())
    shifts = [c["shifts"] for c in data["comparisons"]]
    assert shifts[0] == [] and [s["kind"] for s in shifts[1]] == ["certainty"]
    (shift,) = result.comparisons[1].shifts
    assert shifts[1][0]["report"] == [shift.report.start, shift.report.end]
    assert shifts[1][0]["explanation"] == shift.explanation
