"""The evidence pack's content, built once and rendered as HTML (browser and PDF), DOCX or JSON.

``build_pack`` turns a ``CompareResult`` plus the session's annotations into an ``EvidencePack``:
document list, scorecard, coverage matrix, and per report its meaning shifts, the passages side by
side (with the word changes of each link), the word diff of every altered quote and changed figure,
and every annotation placed beside the passage it sits on (``core.report.model``). Renderers only
lay this out, so all formats say the same thing. Text stays raw here; renderers escape it. Pure
Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence

from core.align import word_diff
from core.anchoring import AnchorState, Annotation
from core.documents import Document, Progress, ShouldCancel, Span, never_cancel, no_progress
from core.report.model import (
    DiffItem,
    DocInfo,
    EvidencePack,
    ExportCancelled,
    MatrixView,
    Note,
    PassageRow,
    ReportSection,
    Seg,
    ShiftItem,
)
from core.report.options import ExportOptions, select
from core.report.originals import Crop, VersionNote, finding_crops
from core.results import (
    CompareResult,
    Comparison,
    DiffOp,
    DiffPiece,
    FigureVerdict,
    LinkKind,
    QuoteVerdict,
    RunState,
)
from core.review import (
    Finding,
    FindingKind,
    Severity,
    coverage_matrix,
    findings_for,
    location,
    passage_text,
    word_changes,
)

DEFAULT_EXPORT = ExportOptions()

_SPACES = re.compile(r"\s+")
#: Word changes are marked only when at least this share of the passage is unchanged.
_MIN_SAME = 0.4


#: Omitted release passages longer than this (in words) are shown as their start.
OMITTED_WORDS = 60
#: Kinds named as flags on the passage they sit in (confirmations are not flags).
_FLAGGED = frozenset({
    FindingKind.SHIFT, FindingKind.QUOTE_ALTERED, FindingKind.QUOTE_ABSENT,
    FindingKind.FIGURE_CHANGED, FindingKind.FIGURE_ABSENT,
})

def doc_info(doc: Document, label: str,
             history: Mapping[str, Sequence[VersionNote]] | None = None) -> DocInfo:
    outlet = doc.meta("site") or doc.meta("publisher") or doc.meta("author")
    source = doc.meta("url") or doc.meta("source") or doc.meta("address")
    return DocInfo(label, doc.title or doc.name, doc.name, outlet, doc.meta("date"), doc.sha256,
                   len(doc.text.split()), source, tuple((history or {}).get(doc.sha256, ())))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _diff_segs(pieces: tuple[DiffPiece, ...], side: str, fallback: str) -> tuple[Seg, ...]:
    """One side of a link's word diff as segments; the plain text if the diff does not fit."""
    skip, mark = (DiffOp.INSERT, "del") if side == "release" else (DiffOp.DELETE, "ins")
    segs = [Seg(p.text, "" if p.op is DiffOp.EQUAL else mark) for p in pieces if p.op is not skip]
    if not segs or _flat("".join(s.text for s in segs)) != _flat(fallback):
        return (Seg(_flat(fallback)),)
    same = sum(len(s.text) for s in segs if not s.mark)
    if same < _MIN_SAME * sum(len(s.text) for s in segs):
        # A rewrite: marking nearly every word would hide the text, not explain it.
        return (Seg(_flat(fallback)),)
    out: list[Seg] = []
    for s in segs:  # merge neighbours so renderers emit few runs
        if out and out[-1].mark == s.mark:
            out[-1] = Seg(out[-1].text + s.text, s.mark)
        else:
            out.append(s)
    return tuple(Seg(_SPACES.sub(" ", s.text), s.mark) for s in out)


def _clipped(text: str) -> tuple[Seg, ...]:
    """An omitted run, cut after ``OMITTED_WORDS`` words: the release is the same in every
    section, and a long release against a short report would otherwise print it whole per report."""
    words = text.split()
    if len(words) <= OMITTED_WORDS + 10:
        return (Seg(text),)
    rest = len(words) - OMITTED_WORDS
    return (Seg(" ".join(words[:OMITTED_WORDS]) + " …"), Seg(f" [{rest:,} more words]", "more"))


def _runs(spans: list[Span], text: str) -> list[Span]:
    """Omitted passages with only white space between them as one run each.

    Omissions end at paragraph breaks; a release that a report leaves out paragraph after
    paragraph would otherwise be listed paragraph by paragraph in every report's section (the
    100-report scale case: 8,700 PDF pages instead of about 1,000).
    """
    runs: list[Span] = []
    for span in sorted(spans):
        if runs and runs[-1].end <= span.start and not text[runs[-1].end : span.start].strip():
            runs[-1] = Span(runs[-1].start, span.end)
        elif runs and span.start < runs[-1].end:
            runs[-1] = Span(runs[-1].start, max(runs[-1].end, span.end))
        else:
            runs.append(span)
    return runs


def _link_rows(result: CompareResult, comp: Comparison) -> list[PassageRow]:
    official, report = result.documents[comp.official_index], result.documents[comp.report_index]
    groups: dict[Span, list[int]] = {}
    for i, link in enumerate(comp.links):
        groups.setdefault(link.report, []).append(i)
    rows: list[PassageRow] = []
    for rspan, members in groups.items():
        links = sorted((comp.links[i] for i in members), key=lambda k: k.official.start)
        kind = "verbatim" if all(k.kind is LinkKind.VERBATIM for k in links) else "paraphrase"
        rtext = report.text[rspan.start : rspan.end]
        if len(links) == 1:
            link = links[0]
            release = _diff_segs(link.diff, "release", official.text[link.official.start :
                                                                      link.official.end])
            reported = _diff_segs(link.diff, "report", rtext)
        else:
            parts: list[Seg] = []
            for k in links:
                if parts:
                    parts.append(Seg(" … "))
                parts.append(Seg(passage_text(official, k.official)))
            release, reported = tuple(parts), (Seg(_flat(rtext)),)
        first = links[0].official
        rows.append(PassageRow(
            kind=kind, moved=any(k.moved for k in links), release=release, report=reported,
            release_at=location(official, first.start), report_at=location(report, rspan.start),
            report_span=rspan, release_span=Span(first.start, max(k.official.end for k in links)),
        ))
    for span in comp.added:
        if len(span) and not report.is_furniture(span):
            rows.append(PassageRow(
                kind="added", moved=False, release=(), report=(Seg(passage_text(report, span)),),
                release_at="", report_at=location(report, span.start), report_span=span,
            ))
    rows.sort(key=lambda r: (r.report_span or Span(0, 0)).start)
    kept = [s for s in comp.omitted if len(s) and not official.is_furniture(s)]
    for span in _runs(kept, official.text):
        rows.append(PassageRow(
            kind="omitted", moved=False, release=_clipped(passage_text(official, span)),
            report=(), release_at=location(official, span.start), report_at="",
            release_span=span,
        ))
    return rows


def _flag_rows(found: Sequence[Finding], rows: list[PassageRow]) -> list[PassageRow]:
    """Name the shift, quote and figure findings inside each report-side passage."""
    marks: list[tuple[Span, str]] = [
        (f.span, f.label.lower()) for f in found
        if f.side == "report" and f.kind in _FLAGGED and f.severity is not Severity.LOW
    ]
    if not marks:
        return rows
    out = []
    for row in rows:
        rs = row.report_span
        flags = sorted({label for span, label in marks if rs is not None and span.overlaps(rs)})
        out.append(PassageRow(**{**row.__dict__, "flags": tuple(flags)}) if flags else row)
    return out


def _diff_items(result: CompareResult, comp: Comparison) -> tuple[DiffItem, ...]:
    report = result.documents[comp.report_index]
    official = result.documents[comp.official_index]
    items: list[tuple[int, DiffItem]] = []
    for q in comp.quotes:
        if q.verdict is not QuoteVerdict.ALTERED or report.is_furniture(q.report):
            continue
        pieces = q.diff
        if not pieces and q.official is not None:
            pieces = word_diff(official.text[q.official.start : q.official.end], q.text,
                               loose=True)
        who = f"{q.speaker}, " if q.speaker else ""
        items.append((q.report.start, DiffItem(
            "Altered quote", f"{who}report {location(report, q.report.start)}",
            word_changes(pieces, limit=6) or "Wording differs from the release",
            pieces or (DiffPiece(DiffOp.INSERT, q.text),),
        )))
    for f in comp.figures:
        if f.verdict is not FigureVerdict.CHANGED or report.is_furniture(f.report):
            continue
        old = f.official_text or ""
        pieces = word_diff(old, f.text) if old else (DiffPiece(DiffOp.INSERT, f.text),)
        items.append((f.report.start, DiffItem(
            "Changed figure", f"report {location(report, f.report.start)}",
            f.note or f"Report says {f.text}; the release says {old or '?'}", pieces,
        )))
    return tuple(item for _, item in sorted(items, key=lambda t: t[0]))


def _shift_items(result: CompareResult, comp: Comparison) -> tuple[ShiftItem, ...]:
    """The comparison's meaning shifts, in report order, with where they are in both texts."""
    official, report = result.documents[comp.official_index], result.documents[comp.report_index]
    return tuple(
        ShiftItem(
            kind=s.kind.value, direction=s.direction.value, release_words=_flat(s.release_words),
            report_words=_flat(s.report_words), explanation=s.explanation,
            report_at=location(report, s.report.start),
            release_at=location(official, s.official.start),
        )
        for s in sorted(comp.shifts, key=lambda s: s.report.start)
        if not report.is_furniture(s.report)
    )


def _note(ann: Annotation, quote: str) -> Note:
    return Note(ann.id, ann.note, ann.tags, _flat(quote), ann.state.value)


def _place_notes(
    report: Document, rows: list[PassageRow], anns: list[Annotation]
) -> tuple[list[PassageRow], list[Note]]:
    """Attach each annotation to the first passage its report target overlaps."""
    starts = [(r.report_span.start if r.report_span else -1) for r in rows]
    attached: dict[int, list[Note]] = {}
    extra: list[PassageRow] = []
    unplaced: list[Note] = []
    for ann in anns:
        sel = next(t for t in ann.targets if t.document_sha256 == report.sha256)
        if ann.state is AnchorState.ORPHAN or sel.end > len(report.text):
            unplaced.append(_note(ann, sel.exact))
            continue
        span = Span(sel.start, max(sel.start, sel.end))
        hit = _overlapping(rows, starts, span)
        if hit is None:
            text = report.text[span.start : span.end] or sel.exact
            extra.append(PassageRow(
                kind="note", moved=False, release=(), report=(Seg(_flat(text)),),
                release_at="", report_at=location(report, span.start), report_span=span,
                notes=(_note(ann, text),),
            ))
        else:
            attached.setdefault(hit, []).append(_note(ann, sel.exact))
    out = [
        PassageRow(**{**row.__dict__, "notes": row.notes + tuple(attached[i])})
        if i in attached else row
        for i, row in enumerate(rows)
    ]
    linked = [r for r in out if r.report_span is not None] + extra
    linked.sort(key=lambda r: (r.report_span or Span(0, 0)).start)
    return linked + [r for r in out if r.report_span is None], unplaced


def _overlapping(rows: list[PassageRow], starts: list[int], span: Span) -> int | None:
    i = bisect.bisect_right(starts, span.start) - 1
    for j in (i, i + 1, i - 1):
        if 0 <= j < len(rows):
            rs = rows[j].report_span
            point = len(span) == 0 and rs is not None and rs.contains(span.start)
            if rs is not None and (rs.overlaps(span) or point):
                return j
    for j, row in enumerate(rows):  # rows of several links per sentence can nest; rare
        if row.report_span is not None and row.report_span.overlaps(span):
            return j
    return None


def _release_notes(official: Document, anns: list[Annotation]) -> tuple[PassageRow, ...]:
    rows = []
    for ann in anns:
        sel = ann.targets[0]
        text = official.text[sel.start : sel.end] if sel.end <= len(official.text) else sel.exact
        rows.append(PassageRow(
            kind="note", moved=False, release=(Seg(_flat(text or sel.exact)),), report=(),
            release_at=location(official, sel.start), report_at="",
            notes=(_note(ann, sel.exact),), release_span=Span(sel.start, max(sel.start, sel.end)),
        ))
    return tuple(sorted(rows, key=lambda r: (r.release_span or Span(0, 0)).start))


def _matrix(result: CompareResult) -> MatrixView:
    m = coverage_matrix(result)
    official = result.official
    rows = tuple(
        (location(official, span.start), _flat(official.text[span.start : span.end]),
         tuple(use.value for use in m.cells[r]))
        for r, span in enumerate(m.rows)
    )
    return MatrixView(tuple(f"R{i + 1}" for i in m.columns), rows, m.column_coverage)


def _keep(row: PassageRow) -> bool:
    return row.kind in ("added", "omitted", "note") or bool(row.flags) or bool(row.notes)


def build_pack(
    result: CompareResult,
    annotations: list[Annotation] | tuple[Annotation, ...],
    session_name: str,
    date: str,
    options: ExportOptions = DEFAULT_EXPORT,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
    *,
    originals: Mapping[str, bytes] | None = None,
    history: Mapping[str, Sequence[VersionNote]] | None = None,
) -> EvidencePack:
    """Everything an export shows: the reports ``options`` chooses (ExportError if unknown).

    ``originals`` (SHA-256 -> bytes) gives page crops around findings on PDFs; ``history``
    (SHA-256 -> earlier versions) is listed with each document.
    """
    result = select(result, options)
    official = result.official
    anns = [a for a in annotations if options.keeps(a) and a.targets]
    total = len(result.comparisons)
    sections: list[ReportSection] = []
    crops: dict[tuple[str, int, int], Crop | None] = {}
    for i, comp in enumerate(result.comparisons):
        if should_cancel():
            raise ExportCancelled()
        progress(i, total, "Preparing the evidence pack")
        report = result.documents[comp.report_index]
        mine = [a for a in anns if any(t.document_sha256 == report.sha256 for t in a.targets)]
        found = findings_for(result, i)  # once: the flags and the page crops both read them
        rows = _flag_rows(found, _link_rows(result, comp))
        rows, unplaced = _place_notes(report, rows, mine)
        shown = [r for r in rows if _keep(r)] if options.findings_only else rows
        sections.append(ReportSection(
            number=i + 1, info=doc_info(report, f"Report {i + 1}", history), stats=comp.stats,
            rows=tuple(shown), diffs=_diff_items(result, comp), unplaced=tuple(unplaced),
            shifts=_shift_items(result, comp),
            note_count=len(mine), hidden_rows=len(rows) - len(shown),
            crops=finding_crops(result, i, originals, memo=crops, findings=found)
            if originals else (),
        ))
    report_shas = {d.sha256 for d in result.reports}
    release_only = [
        a for a in anns
        if all(t.document_sha256 == official.sha256 for t in a.targets)
        and official.sha256 not in report_shas
    ]
    progress(total, total, "Preparing the evidence pack")
    return EvidencePack(
        session_name=session_name, date=date, release=doc_info(official, "Release", history),
        reports=tuple(s.info for s in sections), sections=tuple(sections),
        matrix=_matrix(result), release_notes=_release_notes(official, release_only),
        options=options, complete=result.state is RunState.COMPLETED,
    )
