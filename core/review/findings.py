"""Findings: every meaning shift, addition, omission, quote and figure verdict of one comparison.

``findings_for(result, index)`` flattens ``result.comparisons[index]`` into ``Finding`` values the
findings panel lists and steps through, ordered by ``FindingGroup`` (what matters first: meaning
shifts, altered quotes and changed figures; omissions; unsourced material; confirmations) and
within a group by position in the report, then (for omissions) in the release. Page furniture is
left out. Each finding has a stable ``key`` ("quote:1203-1260")
that annotations refer to, so it must not depend on list order. Pure Python; must not import Qt
or ``ui/``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from core.documents import Document, Span
from core.results import (
    CompareResult,
    DiffOp,
    DiffPiece,
    Figure,
    FigureVerdict,
    Quote,
    QuoteVerdict,
    Shift,
)
from core.review.kinds import (
    KIND_LABELS,
    SEVERITY,
    FindingGroup,
    FindingKind,
    Severity,
    group_of,
    group_rank,
)

_QUOTE_KINDS = {
    QuoteVerdict.EXACT: FindingKind.QUOTE_EXACT,
    QuoteVerdict.ALTERED: FindingKind.QUOTE_ALTERED,
    QuoteVerdict.ABSENT: FindingKind.QUOTE_ABSENT,
}
_FIGURE_KINDS = {
    FigureVerdict.MATCH: FindingKind.FIGURE_MATCH,
    FigureVerdict.CHANGED: FindingKind.FIGURE_CHANGED,
    FigureVerdict.ABSENT: FindingKind.FIGURE_ABSENT,
}
# Tie-break for findings starting at the same report offset: the enclosing addition first, then
# the quote inside it, then figures inside the quote.
_ORDER = {kind: i for i, kind in enumerate(FindingKind)}

TITLE_CHARS = 60
_QUOTE_MARKS = " \n“”\"‘’'"


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    #: Which document ``span`` points into: "report" (additions, quotes, figures) or "official".
    side: str
    span: Span
    #: The matching span in the other document (a quote's or figure's source), if any.
    counterpart: Span | None
    title: str
    detail: str
    #: Stable id within one comparison, e.g. "quote:1203-1260", for annotations to refer to.
    key: str
    severity: Severity

    def __post_init__(self) -> None:
        if self.side not in ("official", "report"):
            raise ValueError(f"finding side must be 'official' or 'report', not {self.side!r}")

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def group(self) -> FindingGroup:
        return group_of(self.kind)


def excerpt(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    # Flattening a whole paragraph to show its first words is wasted work; the flattened head
    # is a prefix of the flattened whole, so it gives the same cut whenever it is long enough.
    head = text[: 4 * limit + 4]
    flat = " ".join(head.split())
    if len(flat) <= limit and len(head) < len(text):
        flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


def word_changes(diff: tuple[DiffPiece, ...], limit: int = 3) -> str:
    """The changes of a release→report word diff in words: '"140m" → "150m"; dropped "new"'."""
    changes: list[str] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        old, new = " ".join("".join(deleted).split()), " ".join("".join(inserted).split())
        if old and new:
            changes.append(f"“{excerpt(old, 40)}” → “{excerpt(new, 40)}”")
        elif old:
            changes.append(f"dropped “{excerpt(old, 40)}”")
        elif new:
            changes.append(f"added “{excerpt(new, 40)}”")
        deleted.clear()
        inserted.clear()

    for piece in diff:
        if piece.op is DiffOp.EQUAL:
            if piece.text.strip():
                flush()
        elif piece.op is DiffOp.DELETE:
            deleted.append(piece.text)
        else:
            inserted.append(piece.text)
    flush()
    more = len(changes) - limit
    text = "; ".join(changes[:limit])
    return f"{text}; and {more} more" if more > 0 else text


def _words(text: str) -> int:
    return len(text.split())


def _quote_finding(doc: Document, quote: Quote) -> Finding:
    kind = _QUOTE_KINDS[quote.verdict]
    shown = quote.text or doc.text[quote.report.start : quote.report.end]
    parts: list[str] = []
    if quote.speaker:
        parts.append(f"Speaker: {quote.speaker}")
    if kind is FindingKind.QUOTE_ALTERED:
        changes = word_changes(quote.diff)
        parts.append(f"Changed: {changes}" if changes else "Wording differs from the release")
    elif kind is FindingKind.QUOTE_ABSENT:
        parts.append("No matching passage in the release")
    else:
        parts.append("Word for word as in the release")
    words = shown.strip(_QUOTE_MARKS)
    return Finding(
        kind=kind,
        side="report",
        span=quote.report,
        counterpart=quote.official,
        title=f"{KIND_LABELS[kind]}: “{excerpt(words)}”",
        detail=". ".join(parts),
        key=f"quote:{quote.report.start}-{quote.report.end}",
        severity=SEVERITY[kind],
    )


def _figure_finding(figure: Figure) -> Finding:
    kind = _FIGURE_KINDS[figure.verdict]
    if figure.note:
        detail = figure.note[:1].upper() + figure.note[1:]
    elif kind is FindingKind.FIGURE_MATCH:
        detail = f"Same as the release: {figure.official_text or figure.text}"
    elif kind is FindingKind.FIGURE_CHANGED:
        detail = f"Report says {figure.text}; the release says {figure.official_text or '?'}"
    else:
        detail = "The release has no such figure"
    return Finding(
        kind=kind,
        side="report",
        span=figure.report,
        counterpart=figure.official,
        title=f"{KIND_LABELS[kind]}: {excerpt(figure.text, 40)}",
        detail=detail,
        key=f"figure:{figure.report.start}-{figure.report.end}",
        severity=SEVERITY[kind],
    )


def _shift_words(words: str) -> str:
    return f"“{excerpt(words.strip(_QUOTE_MARKS), 36)}”"


def _shift_finding(shift: Shift) -> Finding:
    old, new = shift.release_words.strip(), shift.report_words.strip()
    if old and new:
        what = f"{_shift_words(old)} → {_shift_words(new)}"
    elif old:
        what = f"dropped {_shift_words(old)}"
    else:
        what = f"added {_shift_words(new)}"
    kind = FindingKind.SHIFT
    return Finding(
        kind=kind,
        side="report",
        span=shift.report,
        counterpart=shift.official,
        # "Certainty shift: …": the kind first and short, so a narrow list still shows words.
        title=f"{shift.kind.value.capitalize()} shift: {what}",
        # The explanation alone: it is what a reviewer checks, and what "Mark as Distortion"
        # keeps as the annotation's note.
        detail=shift.explanation,
        key=f"shift:{shift.kind.value}:{shift.report.start}-{shift.report.end}",
        severity=SEVERITY[kind],
    )


def _passage_finding(doc: Document, span: Span, kind: FindingKind) -> Finding:
    text = doc.text[span.start : span.end]
    n = _words(text)
    if kind is FindingKind.ADDED:
        side, prefix = "report", "added"
        detail = f"{n} word{'s' if n != 1 else ''} the release does not have"
    else:
        side, prefix = "official", "omitted"
        detail = f"{n} word{'s' if n != 1 else ''} of the release the report leaves out"
    return Finding(
        kind=kind,
        side=side,
        span=span,
        counterpart=None,
        title=f"{KIND_LABELS[kind]}: “{excerpt(text)}”",
        detail=detail,
        key=f"{prefix}:{span.start}-{span.end}",
        severity=SEVERITY[kind],
    )


def findings_for(result: CompareResult, index: int) -> tuple[Finding, ...]:
    """Findings of ``result.comparisons[index]``, by group (``FindingGroup`` order), and within
    a group report-side findings in report order, then omissions in release order."""
    if not 0 <= index < len(result.comparisons):
        raise IndexError(
            f"no comparison {index}: the result has {len(result.comparisons)} report(s)"
        )
    comp = result.comparisons[index]
    official = result.documents[comp.official_index]
    report = result.documents[comp.report_index]

    on_report: list[Finding] = []
    on_report += [
        _passage_finding(report, s, FindingKind.ADDED)
        for s in comp.added
        if len(s) and not report.is_furniture(s)
    ]
    on_report += [
        _quote_finding(report, q) for q in comp.quotes if not report.is_furniture(q.report)
    ]
    on_report += [_figure_finding(f) for f in comp.figures if not report.is_furniture(f.report)]
    on_report += [_shift_finding(s) for s in comp.shifts if not report.is_furniture(s.report)]
    on_official = [
        _passage_finding(official, s, FindingKind.OMITTED)
        for s in comp.omitted
        if len(s) and not official.is_furniture(s)
    ]

    def order(f: Finding) -> tuple[int, int, int]:
        return (f.span.start, _ORDER[f.kind], -f.span.end)

    ordered = sorted(on_report, key=order) + sorted(on_official, key=order)
    # A stable sort: each group keeps report order, then release order.
    ordered.sort(key=lambda f: group_rank(f.kind))
    return tuple(_unique_keys(ordered))


def _unique_keys(findings: list[Finding]) -> list[Finding]:
    # The engine should never report one span twice, but a key must identify one finding.
    seen: dict[str, int] = {}
    out: list[Finding] = []
    for f in findings:
        n = seen.get(f.key, 0)
        seen[f.key] = n + 1
        if n:
            f = Finding(**{**f.__dict__, "key": f"{f.key}#{n + 1}"})
        out.append(f)
    return out


#: A source line longer than this many characters is located by column too.
LONG_LINE = 2000


def location(doc: Document, offset: int) -> str:
    """Where ``offset`` sits in the original file, for a list: "p. 2", "line 14", "¶ 5"."""
    ref = doc.source_at(offset)
    if ref is not None:
        if ref.page is not None:
            return f"p. {ref.page}"
        if ref.line is not None:
            # A text that lost its line breaks (a feed's article) is one long line: "line 1"
            # for every finding would say nothing, so the column comes with it.
            if ref.end - ref.start > LONG_LINE:
                return f"line {ref.line}, col {offset - ref.start + 1:,}"
            return f"line {ref.line}"
        if ref.paragraph is not None:
            return f"¶ {ref.paragraph + 1}"
    if doc.paragraphs:
        starts = [p.start for p in doc.paragraphs]
        return f"¶ {max(1, bisect.bisect_right(starts, offset))}"
    return f"char {offset}"
