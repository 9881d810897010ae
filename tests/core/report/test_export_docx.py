"""Word evidence pack read back with python-docx: headings, scorecard values, notes, highlights."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Mm

from core.report import ExportOptions, build_pack, write_docx
from core.report.model import SCORECARD_HEADINGS, scorecard_cells
from tests.core.report.test_export_html import NOTE_ADDED, NOTE_QUOTE, NOTE_RELEASE, scenario


def _write(tmp_path: Path, options: ExportOptions | None = None) -> docx.document.Document:
    result, anns = scenario()
    out = tmp_path / "pack.docx"
    write_docx(build_pack(result, anns, "Flood review", "2026-11-23", options or ExportOptions()),
               out)
    return docx.Document(str(out))


def _all_text(doc: docx.document.Document) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_headings_and_page_setup(tmp_path: Path) -> None:
    doc = _write(tmp_path, ExportOptions(page_size="letter"))
    heads = [p.text for p in doc.paragraphs
             if p.style is not None and str(p.style.name).startswith(("Heading", "Title"))]
    assert heads[0] == "Flood review"
    for wanted in ("Documents compared", "Legend", "Scorecard", "Coverage matrix",
                   "Report 1: Flood plan for the valley", "Report 2: Valley homes to get flood "
                   "walls", "Passages side by side", "Word changes in quotes and figures",
                   "Notes on the release"):
        assert wanted in heads, wanted
    width = doc.sections[0].page_width
    assert width is not None and abs(width - Mm(215.9)) < Mm(1)
    assert "Flood review" in doc.sections[0].header.paragraphs[0].text


def test_scorecard_table_values(tmp_path: Path) -> None:
    result, _ = scenario()
    doc = _write(tmp_path)
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == SCORECARD_HEADINGS[0]
                 and t.rows[0].cells[0].text == "Report")
    for row, comp in zip(table.rows[1:], result.comparisons, strict=True):
        cells = [c.text for c in row.cells]
        assert tuple(cells[1:9]) == scorecard_cells(comp.stats, len(comp.shifts))
        assert cells[1] == f"{100 * comp.stats.release_coverage:.1f}%"


def test_meaning_shifts_section(tmp_path: Path) -> None:
    result, _ = scenario()
    doc = _write(tmp_path)
    heads = [p.text for p in doc.paragraphs if p.style is not None
             and p.style.name.startswith("Heading")]
    assert heads.count("Meaning shifts") == len(result.comparisons)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Shift")
    shift = result.comparisons[1].shifts[0]
    cells = [c.text for c in table.rows[1].cells]
    assert cells[0].startswith("Certainty") and cells[1] == "“will” → “may”"
    assert cells[2].startswith(shift.explanation)
    assert "No meaning shifts found." in _all_text(doc)


def test_notes_diffs_and_filters(tmp_path: Path) -> None:
    doc = _write(tmp_path)
    text = _all_text(doc)
    assert NOTE_QUOTE in text and NOTE_ADDED in text and NOTE_RELEASE in text
    assert "[added claim] [needs follow-up]" in text
    runs = [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
            for r in p.runs]
    assert any(r.font.strike and "businesses" in r.text for r in runs)
    assert any(r.font.underline and "firms" in r.text for r in runs)
    note_runs = [r for r in runs if r.text == NOTE_ADDED]
    assert note_runs and note_runs[0]._r.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}shd") is not None
    filtered = _all_text(_write(tmp_path, ExportOptions(tags=("omission",), reports=("1",))))
    assert NOTE_RELEASE in filtered and NOTE_ADDED not in filtered
    assert "Valley homes" not in filtered
