"""Render an ``EvidencePack`` as one self-contained HTML file (browser and Qt PDF printing).

Layout uses only what both a browser and ``QTextDocument`` understand: tables for anything side by
side, inline ``style`` and ``bgcolor`` for colour, ``page-break-before`` between sections. Each
report's meaning shifts come first in its section, as a table. No scripts, no external resources,
links only to anchors inside the file; every piece of document or annotation text goes through
``html.escape``. Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from html import escape

from core.documents import Progress, ShouldCancel, never_cancel, no_progress
from core.report.model import (
    COLORS,
    LEGEND,
    MATRIX_GRID_MAX,
    MATRIX_MARKS,
    SCORECARD_HEADINGS,
    DocInfo,
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
from core.results import DiffOp, DiffPiece

#: Reports per coverage-matrix table, so each column stays wide enough to read on A4.
MATRIX_CHUNK = 16
_EXCERPT = 110
#: Width (pixels, as printed: the page text width) of a page crop beside a finding.
CROP_WIDTH = 620
_BORDER = "#c8ccd2"
_MUTED = "#5f6670"

_CSS = f"""
body {{ font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; color: #1d2125;
  line-height: 1.35; }}
h1 {{ font-size: 22pt; font-weight: bold; margin: 0 0 4pt 0; color: #1a3d6d; }}
h2 {{ font-size: 15pt; font-weight: bold; margin: 18pt 0 6pt 0; color: #1a3d6d; }}
h3 {{ font-size: 11.5pt; font-weight: bold; margin: 12pt 0 4pt 0; color: #243447; }}
p {{ margin: 3pt 0 5pt 0; }}
table {{ border-collapse: collapse; margin: 4pt 0 8pt 0; }}
th {{ background-color: #e9edf2; font-weight: bold; text-align: left; }}
td, th {{ border: 1px solid {_BORDER}; vertical-align: top; }}
.muted {{ color: {_MUTED}; }}
.small {{ font-size: 8pt; }}
.mono {{ font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 7.5pt; }}
.num {{ text-align: right; }}
.badge {{ font-size: 7.5pt; color: {_MUTED}; font-weight: bold; }}
.flag {{ font-size: 7.5pt; color: {COLORS["quote_altered"]}; font-weight: bold; }}
.shift {{ color: {COLORS["shift"]}; font-weight: bold; }}
.cover {{ margin-top: 60pt; }}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _segs(segs: tuple[Seg, ...]) -> str:
    out = []
    for s in segs:
        if s.mark == "del":
            out.append(f'<s style="color:{COLORS["diff_delete"]}">{_e(s.text)}</s>')
        elif s.mark == "ins":
            out.append(f'<u style="color:{COLORS["diff_insert"]}">{_e(s.text)}</u>')
        elif s.mark == "more":
            out.append(f'<span class="small muted">{_e(s.text)}</span>')
        else:
            out.append(_e(s.text))
    return "".join(out)


def _diff(pieces: tuple[DiffPiece, ...]) -> str:
    marks = {DiffOp.DELETE: "del", DiffOp.INSERT: "ins", DiffOp.EQUAL: ""}
    return _segs(tuple(Seg(p.text, marks[p.op]) for p in pieces))


def _doc_rows(docs: tuple[DocInfo, ...]) -> str:
    rows = []
    for d in docs:
        facts = " · ".join(x for x in (d.outlet, d.date, f"{d.words:,} words") if x)
        source = f'<br/><span class="small muted">Source: {_e(d.source)}</span>' if d.source else ""
        source += "".join(
            f'<br/><span class="small muted">Earlier version {k}: {_e(v.added[:16])} to '
            f"{_e(v.replaced[:16])} ({_e(v.sha256[:12])}): {_e(v.summary)}</span>"
            for k, v in enumerate(d.versions, 1))
        rows.append(
            f"<tr><td><b>{_e(d.label)}</b></td><td><b>{_e(d.title)}</b><br/>"
            f'<span class="small muted">{_e(d.name)} · {_e(facts)}</span>{source}</td>'
            f'<td><span class="mono">{_e(d.sha256[:32])}<br/>{_e(d.sha256[32:])}</span></td></tr>'
        )
    return "".join(rows)


def _title_page(pack: EvidencePack) -> str:
    state = "" if pack.complete else (
        '<p><b>Note:</b> the comparison was stopped before every report was compared; '
        "only the finished reports are included.</p>"
    )
    mode = "findings and notes only" if pack.options.findings_only else "all passages"
    tags = ", ".join(pack.options.tags) if pack.options.tags else "all"
    return (
        '<div class="cover"><p class="muted">CONCORD · EVIDENCE PACK</p>'
        f"<h1>{_e(pack.session_name)}</h1>"
        f"<p>How the press reported the release <b>{_e(pack.release.title)}</b></p>"
        f'<p class="muted">Prepared {_e(pack.date)} · {len(pack.reports)} report(s) · '
        f"passages shown: {mode} · notes with tags: {_e(tags)}</p>{state}</div>"
        '<h2 id="documents"><a name="documents"></a>Documents compared</h2>'
        '<table width="100%" cellpadding="5" cellspacing="0" border="1">'
        '<tr><th width="11%">Role</th><th width="55%">Title, file and facts</th>'
        '<th width="34%">SHA-256</th></tr>'
        f"{_doc_rows((pack.release, *pack.reports))}</table>"
    )


def _contents(pack: EvidencePack) -> str:
    items = [
        ('legend', "Legend"), ('scorecard', "Scorecard"), ('matrix', "Coverage matrix"),
        *((f"report-{s.number}", f"Report {s.number}: {s.info.title}") for s in pack.sections),
    ]
    if pack.release_notes:
        items.append(("release-notes", "Notes on the release"))
    links = "".join(f'<li><a href="#{a}">{_e(t)}</a></li>' for a, t in items)
    return (
        '<h2 id="contents" style="page-break-before: always"><a name="contents"></a>Contents</h2>'
        f"<ul>{links}</ul>"
    )


def _legend() -> str:
    cells = []
    for key, words in LEGEND:
        if key == "shift":
            sample = '<span class="shift">shift</span>'
        elif key == "diff_delete":
            sample = f'<s style="color:{COLORS[key]}">dropped</s>'
        elif key == "diff_insert":
            sample = f'<u style="color:{COLORS[key]}">added</u>'
        else:
            sample = "&nbsp;" * 6
        colour = "" if key.startswith("diff") or key == "shift" else f' bgcolor="{COLORS[key]}"'
        cells.append(f'<tr><td width="12%"{colour}>{sample}</td><td>{_e(words)}</td></tr>')
    return (
        '<h2 id="legend"><a name="legend"></a>Legend</h2>'
        '<table width="100%" cellpadding="4" cellspacing="0" border="1">' + "".join(cells)
        + "</table>"
    )


def _head(text: str) -> str:
    """A number column's heading on two short lines, small enough not to break mid-word."""
    lines = "<br/>".join(_e(w) for w in text.split(" ", 1))
    return f'<span style="font-size: 7.5pt">{lines}</span>'


def _scorecard(pack: EvidencePack) -> str:
    # Explicit widths: left to itself QTextDocument squeezes the number columns and breaks
    # their headings mid-word.
    head = "".join(f'<th class="num" width="10%">{_head(h)}</th>' for h in SCORECARD_HEADINGS)
    rows = []
    for s in pack.sections:
        cells = "".join(f'<td class="num">{c}</td>'
                        for c in scorecard_cells(s.stats, len(s.shifts)))
        rows.append(
            f'<tr class="score" id="score-{s.number}"><td><a href="#report-{s.number}">'
            f"R{s.number}</a> {_e(s.info.title)}</td>{cells}"
            f'<td class="num">{s.note_count}</td></tr>'
        )
    return (
        '<h2 id="scorecard" style="page-break-before: always"><a name="scorecard"></a>'
        "Scorecard</h2>"
        '<p class="muted small">Shares are of the text outside page furniture. Release covered: '
        "share of the release the report uses; derived: share of the report that comes from "
        "the release; verbatim: share of the report repeated word for word.</p>"
        '<table class="scorecard" width="100%" cellpadding="4" cellspacing="0" border="1">'
        f'<tr><th width="13%">Report</th>{head}<th class="num" width="7%">{_head("Notes")}'
        "</th></tr>"
        + "".join(rows) + "</table>"
    )


def _excerpt(text: str, limit: int = _EXCERPT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _cell(use: str, colour: dict[str, str]) -> str:
    bg = f' bgcolor="{colour[use]}"' if use in colour else ""
    return f'<td align="center"{bg}>{MATRIX_MARKS[use]}</td>'


def _matrix(pack: EvidencePack) -> str:
    m = pack.matrix
    out = [
        '<h2 id="matrix" style="page-break-before: always"><a name="matrix"></a>'
        "Coverage matrix</h2>"
        '<p class="muted small">One row per release sentence, one column per report '
        "(R1, R2, … as in the scorecard). V = used verbatim, P = paraphrased, ~ = partly used; "
        "blank = not used. Used by counts the reports that use the sentence (V or P).</p>"
    ]
    colour = {"verbatim": COLORS["verbatim"], "paraphrase": COLORS["paraphrase"],
              "partial": "#eef2f6"}
    if len(m.columns) > MATRIX_GRID_MAX:
        out.append(_matrix_list(pack))
        return "".join(out)
    for lo in range(0, max(1, len(m.columns)), MATRIX_CHUNK):
        cols = range(lo, min(lo + MATRIX_CHUNK, len(m.columns)))
        head = "".join(f'<th align="center">{_e(m.columns[c])}</th>' for c in cols)
        cover = "".join(f'<td align="center" class="small">{pct(m.coverage[c])}</td>'
                        for c in cols)
        rows = [f'<tr><th width="8%">Where</th><th>Release sentence</th>{head}<th>Used by</th>'
                f'</tr><tr><td></td><td class="small muted">Release covered</td>{cover}<td></td>'
                "</tr>"]
        for where, text, uses in m.rows:
            cells = "".join(_cell(uses[c], colour) for c in cols)
            used = sum(1 for u in uses if u in ("verbatim", "paraphrase"))
            rows.append(f'<tr><td class="small muted">{_e(where)}</td>'
                        f'<td class="small">{_e(_excerpt(text))}</td>{cells}'
                        f'<td align="center" class="small">{used}</td></tr>')
        out.append('<table class="matrix" width="100%" cellpadding="2" cellspacing="0" '
                   f'border="1">{"".join(rows)}</table>')
    return "".join(out)


def _matrix_list(pack: EvidencePack) -> str:
    m = pack.matrix
    cover = " · ".join(f"{c} {pct(v)}" for c, v in zip(m.columns, m.coverage, strict=True))
    rows = [f'<p class="small muted">Release covered: {_e(cover)}</p>'
            '<table class="matrix" width="100%" cellpadding="3" cellspacing="0" border="1">'
            '<tr><th width="8%">Where</th><th width="52%">Release sentence</th>'
            '<th width="7%">Used by</th><th>Reports using it</th></tr>']
    for where, text, uses in m.rows:
        used = sum(1 for u in uses if u in ("verbatim", "paraphrase"))
        bg = "" if used else f' bgcolor="{COLORS["omitted"]}"'
        rows.append(f'<tr><td class="small muted">{_e(where)}</td>'
                    f'<td class="small"{bg}>{_e(_excerpt(text))}</td>'
                    f'<td align="center" class="small">{used}</td>'
                    f'<td class="small">{_e(matrix_users(m.columns, uses))}</td></tr>')
    return "".join(rows) + "</table>"


def _notes(notes: tuple[Note, ...]) -> str:
    parts = []
    for n in notes:
        tags = " ".join(f"[{_e(t)}]" for t in n.tags)
        state = "" if n.state == "anchored" else f' <span class="muted">({_e(n.state)})</span>'
        body = _e(n.note) if n.note else '<span class="muted">(no note)</span>'
        on = (f' <span class="small muted">(on “{_e(_excerpt(n.quote, 80))}”)</span>'
              if n.quote else "")
        parts.append(f'<p class="note"><b>Note {n.id}</b> <b>{tags}</b>{state}: {body}{on}</p>')
    return "".join(parts)


_KIND_WORDS = {"verbatim": "Verbatim", "paraphrase": "Paraphrase", "added": "Added by report",
               "omitted": "Omitted from report", "note": "Annotated passage"}


_WHERE = {"added": "in the report only", "omitted": "in the release only",
          "note": "report passage without a link"}


def _side(row: PassageRow, side: str, span: bool = False) -> str:
    segs, at = (row.release, row.release_at) if side == "release" else (row.report, row.report_at)
    kind = row.kind
    if side == "report" and row.moved:
        kind = "moved"
    colour = COLORS.get(kind, "")
    badge = _KIND_WORDS.get(row.kind, row.kind) + (" · moved" if row.moved else "")
    flags = ""
    if side == "report" and row.flags:
        flags = ' <span class="flag">' + _e(" · ".join(row.flags)) + "</span>"
    bg = f' bgcolor="{colour}"' if colour else ""
    if span:
        badge = f"{badge} ({_WHERE.get(row.kind, side)})" if row.kind in _WHERE else badge
        side_name = "Release" if side == "release" else "Report"
        at = f"{side_name} {at}"
    width = ' colspan="2"' if span else ' width="50%"'
    return (f'<td{width}{bg}><span class="badge">{_e(badge)} · {_e(at)}</span>{flags}<br/>'
            f"{_segs(segs)}</td>")


def _passages(section: ReportSection) -> str:
    rows = ['<tr><th width="50%">Release</th><th width="50%">Report</th></tr>']
    for row in section.rows:
        if row.release and row.report:
            rows.append(f'<tr class="passage">{_side(row, "release")}{_side(row, "report")}</tr>')
        else:
            # One-sided passages take the full width: half a page of blank column helps nobody.
            side = "release" if row.release else "report"
            rows.append(f'<tr class="passage">{_side(row, side, span=True)}</tr>')
        if row.notes:
            rows.append(f'<tr class="notes"><td colspan="2" bgcolor="{COLORS["annotation"]}">'
                        f"{_notes(row.notes)}</td></tr>")
    hidden = (f'<p class="muted small">{section.hidden_rows} passage(s) without findings or '
              "notes are not shown.</p>") if section.hidden_rows else ""
    if len(rows) == 1:
        return f'<p class="muted">No passages to show.</p>{hidden}'
    return ('<table class="passages" width="100%" cellpadding="5" cellspacing="0" border="1">'
            + "".join(rows) + "</table>" + hidden)


def _diffs(section: ReportSection) -> str:
    if not section.diffs:
        return '<p class="muted">No altered quotes or changed figures.</p>'
    rows = ['<tr><th width="22%">Finding</th><th>Release wording with the report\'s changes</th>'
            "</tr>"]
    for d in section.diffs:
        rows.append(f'<tr class="diff"><td><b>{_e(d.kind)}</b><br/><span class="small muted">'
                    f"{_e(d.where)}</span></td><td>{_diff(d.pieces)}"
                    f'<br/><span class="small muted">{_e(d.detail)}</span></td></tr>')
    return ('<table class="diffs" width="100%" cellpadding="5" cellspacing="0" border="1">'
            + "".join(rows) + "</table>")


def _words(words: str) -> str:
    return f"“{_e(_excerpt(words, 90))}”" if words else '<span class="muted">(nothing)</span>'


def _shifts(shifts: tuple[ShiftItem, ...]) -> str:
    """Each shift: its kind and direction, the release's words against the report's, the
    explanation and where it is in both texts."""
    if not shifts:
        return '<p class="muted">No meaning shifts found.</p>'
    rows = ['<tr><th width="17%">Shift</th><th width="38%">Release says → report says</th>'
            "<th>Why it matters</th></tr>"]
    for x in shifts:
        rows.append(
            f'<tr class="shift-row"><td><span class="shift">{_e(x.kind.capitalize())}</span>'
            f'<br/><span class="small muted">{_e(x.direction)}</span></td>'
            f"<td>{_words(x.release_words)} → {_words(x.report_words)}</td>"
            f'<td>{_e(x.explanation)}<br/><span class="small muted">Report {_e(x.report_at)} · '
            f"release {_e(x.release_at)}</span></td></tr>")
    return ('<table class="shifts" width="100%" cellpadding="5" cellspacing="0" border="1">'
            + "".join(rows) + "</table>")


def _crops(section: ReportSection) -> str:
    # Each crop in a block of its own: an inline image would share a line with the caption.
    return "".join(
        f'<div class="crop"><p class="small"><b>{_e(c.title)}</b> · {_e(c.where)}</p>'
        f'<p><img src="data:image/png;base64,{base64.b64encode(c.png).decode("ascii")}" '
        f'width="{CROP_WIDTH}"/></p></div>'
        for c in section.crops)


def _section(section: ReportSection) -> str:
    info = section.info
    facts = " · ".join(x for x in (info.outlet, info.date, info.name) if x)
    cells = "".join(
        f'<td class="num"><span class="small muted">{_e(h)}</span><br/><b>{v}</b></td>'
        for h, v in zip(SCORECARD_HEADINGS, scorecard_cells(section.stats, len(section.shifts)),
                        strict=True)
    )
    parts = [
        f'<div class="report" id="report-{section.number}">'
        f'<h2 style="page-break-before: always"><a name="report-{section.number}"></a>'
        f"Report {section.number}: {_e(info.title)}</h2>"
        f'<p class="muted">{_e(facts)}</p>'
        f'<table class="mini" width="100%" cellpadding="4" cellspacing="0" border="1">'
        f"<tr>{cells}</tr></table>",
        "<h3>Meaning shifts</h3>", _shifts(section.shifts),
        "<h3>Passages side by side</h3>", _passages(section),
        "<h3>Word changes in quotes and figures</h3>", _diffs(section),
    ]
    if section.crops:
        parts += ["<h3>Findings on the original pages</h3>", _crops(section)]
    if section.unplaced:
        parts += ["<h3>Notes that could not be placed in the current text</h3>",
                  _notes(section.unplaced)]
    parts.append("</div>")
    return "".join(parts)


def _release_notes(pack: EvidencePack) -> str:
    if not pack.release_notes:
        return ""
    rows = []
    for row in pack.release_notes:
        rows.append(f'<tr class="passage"><td><span class="badge">{_e(row.release_at)}</span><br/>'
                    f'{_segs(row.release)}</td></tr><tr class="notes"><td '
                    f'bgcolor="{COLORS["annotation"]}">{_notes(row.notes)}</td></tr>')
    return ('<h2 id="release-notes" style="page-break-before: always"><a name="release-notes">'
            "</a>Notes on the release</h2>"
            '<table width="100%" cellpadding="5" cellspacing="0" border="1">'
            + "".join(rows) + "</table>")


def iter_html(
    pack: EvidencePack,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
) -> Iterator[str]:
    """The document in pieces, so a large pack never needs two copies in memory."""
    title = f"Evidence pack: {pack.session_name}"
    yield (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}'
           f"</title><style>{_CSS}</style></head><body>")
    yield _title_page(pack)
    yield _contents(pack)
    yield _legend()
    yield _scorecard(pack)
    yield _matrix(pack)
    total = len(pack.sections)
    for i, section in enumerate(pack.sections):
        if should_cancel():
            raise ExportCancelled()
        progress(i, total, "Writing the report sections")
        yield _section(section)
    yield _release_notes(pack)
    progress(total, total, "Writing the report sections")
    yield "</body></html>\n"


def render_html(
    pack: EvidencePack,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
) -> str:
    return "".join(iter_html(pack, should_cancel, progress))
