"""Render an ``EvidencePack`` as a Word document with python-docx.

Headings per section, tables for the documents, scorecard, coverage matrix, each report's meaning
shifts and the passages side by side; highlights are run or cell shading in the window's colours,
dropped words struck through, inserted words underlined; annotations are indented notes under their
passage. The text is written as text runs, so nothing in a document can become active content. Pure
Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from core.documents import Progress, ShouldCancel, never_cancel, no_progress
from core.report.model import (
    COLORS,
    LEGEND,
    MATRIX_GRID_MAX,
    MATRIX_MARKS,
    SCORECARD_HEADINGS,
    EvidencePack,
    ExportCancelled,
    Note,
    PassageRow,
    ReportSection,
    Seg,
    ShiftItem,
    matrix_users,
    pct,
    scorecard_cells,
)
from core.results import DiffOp

_PAGE_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}
_MUTED = RGBColor(0x5F, 0x66, 0x70)
#: Reports per matrix table, so the columns stay readable on a portrait page.
MATRIX_CHUNK = 12
#: Width of a page crop beside a finding (the text width of an A4 page).
CROP_MM = 165
_KIND_WORDS = {"verbatim": "Verbatim", "paraphrase": "Paraphrase", "added": "Added by report",
               "omitted": "Omitted from report", "note": "Annotated passage"}


def _shade(element: object, colour: str) -> None:
    """Background shading on a cell (``w:tcPr``) or a run (``w:rPr``)."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#"))
    element.append(shd)  # type: ignore[attr-defined]


def _shade_cell(cell: _Cell, colour: str) -> None:
    _shade(cell._tc.get_or_add_tcPr(), colour)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _small(par: Paragraph, text: str, *, bold: bool = False) -> None:
    run = par.add_run(text)
    run.font.size = Pt(7.5)
    run.font.color.rgb = _MUTED
    run.bold = bold


def _segs(par: Paragraph, segs: tuple[Seg, ...]) -> None:
    for s in segs:
        run = par.add_run(s.text)
        if s.mark == "del":
            run.font.strike = True
            run.font.color.rgb = _rgb(COLORS["diff_delete"])
        elif s.mark == "ins":
            run.font.underline = True
            run.font.color.rgb = _rgb(COLORS["diff_insert"])
        elif s.mark == "more":
            run.font.size = Pt(7.5)
            run.font.color.rgb = _MUTED


def _table(doc: DocxDocument, headings: tuple[str, ...]) -> Table:
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(8)
        _shade_cell(cell, "#e9edf2")
    return table



def _setup(doc: DocxDocument, page_size: str) -> None:
    width, height = _PAGE_MM[page_size.lower()]
    for section in doc.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(18))
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(9.5)


def _title(doc: DocxDocument, pack: EvidencePack) -> None:
    _small(doc.add_paragraph(), "CONCORD · EVIDENCE PACK", bold=True)
    doc.add_heading(pack.session_name, level=0)
    par = doc.add_paragraph("How the press reported the release ")
    par.add_run(pack.release.title).bold = True
    mode = "findings and notes only" if pack.options.findings_only else "all passages"
    tags = ", ".join(pack.options.tags) if pack.options.tags else "all"
    _small(doc.add_paragraph(), f"Prepared {pack.date} · {len(pack.reports)} report(s) · "
                                f"passages shown: {mode} · notes with tags: {tags}")
    if not pack.complete:
        doc.add_paragraph("Note: the comparison was stopped before every report was compared; "
                          "only the finished reports are included.")
    doc.add_heading("Documents compared", level=1)
    table = _table(doc, ("Role", "Title, file and facts", "SHA-256"))
    for d in (pack.release, *pack.reports):
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(d.label).bold = True
        cells[1].paragraphs[0].add_run(d.title).bold = True
        facts = " · ".join(x for x in (d.name, d.outlet, d.date, f"{d.words:,} words") if x)
        _small(cells[1].add_paragraph(), facts)
        if d.source:
            _small(cells[1].add_paragraph(), f"Source: {d.source}")
        for k, v in enumerate(d.versions, 1):
            _small(cells[1].add_paragraph(), f"Earlier version {k}: {v.added[:16]} to "
                                             f"{v.replaced[:16]} ({v.sha256[:12]}): {v.summary}")
        run = cells[2].paragraphs[0].add_run(d.sha256)
        run.font.name = "Consolas"
        run.font.size = Pt(7)


def _legend(doc: DocxDocument) -> None:
    doc.add_heading("Legend", level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, words in LEGEND:
        cells = table.add_row().cells
        if key == "shift":
            run = cells[0].paragraphs[0].add_run("shift")
            run.bold = True
            run.font.color.rgb = _rgb(COLORS["shift"])
        elif key.startswith("diff"):
            _segs(cells[0].paragraphs[0], (Seg("dropped" if key == "diff_delete" else "added",
                                               "del" if key == "diff_delete" else "ins"),))
        else:
            _shade_cell(cells[0], COLORS[key])
        cells[1].text = words


def _scorecard(doc: DocxDocument, pack: EvidencePack) -> None:
    doc.add_heading("Scorecard", level=1)
    _small(doc.add_paragraph(), "Shares are of the text outside page furniture.")
    table = _table(doc, ("Report", *SCORECARD_HEADINGS, "Notes"))
    for s in pack.sections:
        cells = table.add_row().cells
        cells[0].text = f"R{s.number} {s.info.title}"
        values = (*scorecard_cells(s.stats, len(s.shifts)), str(s.note_count))
        for cell, value in zip(cells[1:], values, strict=True):
            cell.text = value


def _matrix(doc: DocxDocument, pack: EvidencePack) -> None:
    m = pack.matrix
    doc.add_heading("Coverage matrix", level=1)
    _small(doc.add_paragraph(), "One row per release sentence, one column per report. "
                                "V = verbatim, P = paraphrase, ~ = partly used.")
    colour = {"verbatim": COLORS["verbatim"], "paraphrase": COLORS["paraphrase"]}
    if len(m.columns) > MATRIX_GRID_MAX:
        table = _table(doc, ("Where", "Release sentence", "Used by", "Reports using it"))
        for where, text, uses in m.rows:
            cells = table.add_row().cells
            _small(cells[0].paragraphs[0], where)
            cells[1].text = text if len(text) < 120 else text[:118] + "…"
            cells[2].text = str(sum(1 for u in uses if u in ("verbatim", "paraphrase")))
            _small(cells[3].paragraphs[0], matrix_users(m.columns, uses))
        return
    for lo in range(0, max(1, len(m.columns)), MATRIX_CHUNK):
        cols = list(range(lo, min(lo + MATRIX_CHUNK, len(m.columns))))
        table = _table(doc, ("Release sentence", *(m.columns[c] for c in cols)))
        cells = table.add_row().cells
        _small(cells[0].paragraphs[0], "Release covered")
        for k, c in enumerate(cols):
            _small(cells[k + 1].paragraphs[0], pct(m.coverage[c]))
        for where, text, uses in m.rows:
            cells = table.add_row().cells
            _small(cells[0].paragraphs[0], f"{where}  ")
            run = cells[0].paragraphs[0].add_run(text if len(text) < 120 else text[:118] + "…")
            run.font.size = Pt(8)
            for k, c in enumerate(cols):
                cells[k + 1].text = MATRIX_MARKS[uses[c]]
                if uses[c] in colour:
                    _shade_cell(cells[k + 1], colour[uses[c]])


def _notes(cell: _Cell, notes: tuple[Note, ...]) -> None:
    for n in notes:
        par = cell.add_paragraph()
        par.paragraph_format.left_indent = Mm(6)
        par.add_run(f"Note {n.id} ").bold = True
        if n.tags:
            par.add_run(" ".join(f"[{t}]" for t in n.tags) + " ").bold = True
        if n.state != "anchored":
            _small(par, f"({n.state}) ")
        run = par.add_run(n.note or "(no note)")
        run.italic = True
        _shade(run._r.get_or_add_rPr(), COLORS["annotation"])
        if n.quote:
            quote = n.quote if len(n.quote) <= 80 else n.quote[:79].rsplit(" ", 1)[0] + "…"
            _small(par, f"  (on “{quote}”)")


def _side(cell: _Cell, row: PassageRow, side: str) -> None:
    segs, at = (row.release, row.release_at) if side == "release" else (row.report, row.report_at)
    kind = "moved" if side == "report" and row.moved else row.kind
    if kind in COLORS:
        _shade_cell(cell, COLORS[kind])
    badge = _KIND_WORDS.get(row.kind, row.kind) + (" · moved" if row.moved else "")
    _small(cell.paragraphs[0], f"{badge} · {side} {at}", bold=True)
    if side == "report" and row.flags:
        run = cell.paragraphs[0].add_run("  " + " · ".join(row.flags))
        run.font.size = Pt(7.5)
        run.font.color.rgb = _rgb(COLORS["quote_altered"])
    _segs(cell.add_paragraph(), segs)


def _shifts(doc: DocxDocument, shifts: tuple[ShiftItem, ...]) -> None:
    doc.add_heading("Meaning shifts", level=2)
    if not shifts:
        doc.add_paragraph("No meaning shifts found.")
        return
    table = _table(doc, ("Shift", "Release says → report says", "Why it matters"))
    for x in shifts:
        cells = table.add_row().cells
        run = cells[0].paragraphs[0].add_run(x.kind.capitalize())
        run.bold = True
        run.font.color.rgb = _rgb(COLORS["shift"])
        _small(cells[0].add_paragraph(), x.direction)
        said = [f"“{w}”" if w else "(nothing)" for w in (x.release_words, x.report_words)]
        cells[1].text = f"{said[0]} → {said[1]}"
        cells[2].text = x.explanation
        _small(cells[2].add_paragraph(), f"Report {x.report_at} · release {x.release_at}")


def _section(doc: DocxDocument, section: ReportSection) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    info = section.info
    doc.add_heading(f"Report {section.number}: {info.title}", level=1)
    _small(doc.add_paragraph(), " · ".join(x for x in (info.outlet, info.date, info.name) if x))
    table = _table(doc, SCORECARD_HEADINGS)
    values = scorecard_cells(section.stats, len(section.shifts))
    for cell, value in zip(table.add_row().cells, values, strict=True):
        cell.text = value
    _shifts(doc, section.shifts)
    doc.add_heading("Passages side by side", level=2)
    if section.rows:
        table = _table(doc, ("Release", "Report"))
        for row in section.rows:
            cells = table.add_row().cells
            if row.release and row.report:
                _side(cells[0], row, "release")
                _side(cells[1], row, "report")
            else:
                merged = cells[0].merge(cells[1])
                _side(merged, row, "release" if row.release else "report")
            if row.notes:
                below = table.add_row().cells
                merged = below[0].merge(below[1])
                _shade_cell(merged, COLORS["annotation"])
                _notes(merged, row.notes)
    else:
        doc.add_paragraph("No passages to show.")
    if section.hidden_rows:
        _small(doc.add_paragraph(),
               f"{section.hidden_rows} passage(s) without findings or notes are not shown.")
    doc.add_heading("Word changes in quotes and figures", level=2)
    if not section.diffs:
        doc.add_paragraph("No altered quotes or changed figures.")
    else:
        table = _table(doc, ("Finding", "Release wording with the report's changes"))
        marks = {DiffOp.DELETE: "del", DiffOp.INSERT: "ins", DiffOp.EQUAL: ""}
        for d in section.diffs:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(d.kind).bold = True
            _small(cells[0].add_paragraph(), d.where)
            _segs(cells[1].paragraphs[0], tuple(Seg(p.text, marks[p.op]) for p in d.pieces))
            _small(cells[1].add_paragraph(), d.detail)
    if section.crops:
        doc.add_heading("Findings on the original pages", level=2)
        for crop in section.crops:
            caption = doc.add_paragraph()
            caption.add_run(crop.title).bold = True
            _small(caption, f" · {crop.where}")
            doc.add_picture(io.BytesIO(crop.png), width=Mm(CROP_MM))
    if section.unplaced:
        doc.add_heading("Notes that could not be placed in the current text", level=2)
        table = doc.add_table(rows=1, cols=1)
        _notes(table.rows[0].cells[0], section.unplaced)


def _release_notes(doc: DocxDocument, pack: EvidencePack) -> None:
    if not pack.release_notes:
        return
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("Notes on the release", level=1)
    table = doc.add_table(rows=0, cols=1)
    table.style = "Table Grid"
    for row in pack.release_notes:
        cell = table.add_row().cells[0]
        _small(cell.paragraphs[0], f"Release {row.release_at}", bold=True)
        _segs(cell.add_paragraph(), row.release)
        _notes(cell, row.notes)


def write_docx(
    pack: EvidencePack,
    out_path: str | Path,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
) -> None:
    """Write ``pack`` as a .docx file at ``out_path``."""
    doc = docx.Document()
    _setup(doc, pack.options.page_size)
    doc.core_properties.title = f"Evidence pack: {pack.session_name}"
    doc.core_properties.author = "Concord"
    header = doc.sections[0].header.paragraphs[0]
    _small(header, pack.header)
    _title(doc, pack)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _legend(doc)
    _scorecard(doc, pack)
    _matrix(doc, pack)
    total = len(pack.sections)
    for i, section in enumerate(pack.sections):
        if should_cancel():
            raise ExportCancelled()
        progress(i, total, "Writing the Word document")
        _section(doc, section)
    _release_notes(doc, pack)
    progress(total, total, "Writing the Word document")
    doc.save(str(out_path))
