"""PDF evidence pack through Qt (offscreen): pages, running header, page numbers, text read back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.report import ExportOptions, build_pack, render_html
from core.report.model import scorecard_cells
from tests.core.report.test_export_html import NOTE_ADDED, NOTE_QUOTE, scenario

pytest.importorskip("PySide6.QtGui", reason="PDF export needs PySide6")
pdfplumber = pytest.importorskip("pdfplumber")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.gui


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_pdf_has_pages_header_scorecard_and_notes(tmp_path: Path) -> None:
    from ui.export.pdf_printer import print_html_to_pdf

    result, anns = scenario()
    pack = build_pack(result, anns, "Flood review", "2026-11-23")
    out = tmp_path / "pack.pdf"
    pages = print_html_to_pdf(render_html(pack), str(out), title=pack.header, header=pack.header)
    assert pages > 1
    with pdfplumber.open(str(out)) as pdf:
        assert len(pdf.pages) == pages
        texts = [p.extract_text() or "" for p in pdf.pages]
        assert abs(float(pdf.pages[0].width) - 595.3) < 2  # A4 portrait
    whole = _squash(" ".join(texts))
    for i, text in enumerate(texts, start=1):
        assert "Flood review" in text and "2026-11-23" in text  # running header
        assert f"Page {i} of {pages}" in text
    score_page = next(t for t in texts if "Scorecard" in t and "Altered" in t)
    for comp in result.comparisons:
        row = " ".join(scorecard_cells(comp.stats, len(comp.shifts)))
        assert row in _squash(score_page), row
    assert _squash(NOTE_QUOTE) in whole and _squash(NOTE_ADDED) in whole
    assert "[needs follow-up]" in whole


def test_cli_pdf_letter(tmp_path: Path) -> None:
    import main
    from core.store import Role, Session

    result, anns = scenario()
    session = tmp_path / "s.concord"
    with Session.create(session) as s:
        for i, doc in enumerate(result.documents):
            s.add_document(doc, doc.text.encode(), role=Role.OFFICIAL if i == 0 else Role.REPORT)
        for ann in anns:
            s.add_annotation(ann.targets, note=ann.note, tags=ann.tags)
    out = tmp_path / "out.pdf"
    assert main.main(["export", str(session), "--pdf", str(out), "--page-size", "letter"]) == 0
    with pdfplumber.open(str(out)) as pdf:
        assert abs(float(pdf.pages[0].width) - 612) < 2
        assert len(pdf.pages) > 1
        assert "Concord evidence pack · s ·" in (pdf.pages[0].extract_text() or "")


def test_findings_only_is_shorter(tmp_path: Path) -> None:
    from ui.export.pdf_printer import print_html_to_pdf

    result, anns = scenario()
    full = print_html_to_pdf(render_html(build_pack(result, anns, "x", "d")),
                             str(tmp_path / "a.pdf"))
    brief_pack = build_pack(result, anns, "x", "d", ExportOptions(findings_only=True))
    brief = print_html_to_pdf(render_html(brief_pack), str(tmp_path / "b.pdf"))
    assert 1 < brief <= full
