"""Coverage matrix: which passage of the release each report uses, and how.

Rows are the release's non-furniture sentences (the engine's segmentation, taken from the first
comparison that has it); columns are the reports in ``result.comparisons`` order. A cell says how
the report uses that sentence: VERBATIM or PARAPHRASE when that kind of link covers at least half
of the sentence, PARTIAL when a link lies mainly inside the sentence but covers less than half of
it (align_eval's "half of the shorter" rule), NONE otherwise. The overview the window starts from.
Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from core.align import segment
from core.documents import Document, Span
from core.results import CompareResult, Comparison, Link, LinkKind


class CellUse(str, Enum):
    VERBATIM = "verbatim"
    PARAPHRASE = "paraphrase"
    PARTIAL = "partial"
    NONE = "none"

    @property
    def used(self) -> bool:
        """Counts as the report using the passage (PARTIAL is a touch, not a use)."""
        return self in (CellUse.VERBATIM, CellUse.PARAPHRASE)


@dataclass(frozen=True)
class CoverageMatrix:
    #: Release sentences, in document order.
    rows: tuple[Span, ...]
    #: Index into ``result.comparisons`` for each column (0, 1, 2, ...).
    columns: tuple[int, ...]
    #: ``cells[row][col]``.
    cells: tuple[tuple[CellUse, ...], ...]
    #: ``sources[row][col]``: report spans of the links that touch the row, in report order.
    sources: tuple[tuple[tuple[Span, ...], ...], ...]
    #: Number of reports that use each row (VERBATIM or PARAPHRASE).
    row_counts: tuple[int, ...]
    #: Per column: share of the rows' characters in rows that report uses, in [0, 1].
    column_coverage: tuple[float, ...]
    #: ``shifts[row][col]``: meaning shifts of that report whose release words lie in the row.
    shifts: tuple[tuple[int, ...], ...] = ()
    #: Per column: the report's meaning shifts (all of them, in the matrix's rows or not).
    column_shifts: tuple[int, ...] = ()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def column_count(self) -> int:
        return len(self.columns)

    def row_of(self, offset: int) -> int | None:
        """The row whose sentence contains release offset ``offset``, or None."""
        i = bisect.bisect_right([s.start for s in self.rows], offset) - 1
        return i if i >= 0 and self.rows[i].contains(offset) else None


def release_rows(result: CompareResult) -> tuple[Span, ...]:
    """The release's non-furniture sentences: the engine's if it gave any, else segmented here."""
    official = result.official
    for comp in result.comparisons:
        if comp.official_sentences:
            return tuple(
                s.span
                for s in comp.official_sentences
                if not s.furniture and len(s.span) and not official.is_furniture(s.span)
            )
    paragraphs = official.paragraphs or (Span(0, len(official.text)),)
    return tuple(
        s.span
        for s in segment(official.text, paragraphs, official.furniture)
        if not s.furniture and len(s.span)
    )


def _union_overlap(row: Span, spans: Iterable[Span]) -> int:
    """Characters of ``row`` covered by the union of ``spans``."""
    pieces = sorted(
        (max(row.start, s.start), min(row.end, s.end)) for s in spans if s.overlaps(row)
    )
    total, reach = 0, row.start
    for a, b in pieces:
        a = max(a, reach)
        if b > a:
            total += b - a
            reach = b
    return total


def _touches(row: Span, link: Link) -> bool:
    ov = min(row.end, link.official.end) - max(row.start, link.official.start)
    return ov > 0 and 2 * ov >= min(len(row), len(link.official))


def classify(row: Span, links: Iterable[Link]) -> tuple[CellUse, tuple[Span, ...]]:
    """How ``links`` (one comparison's) use release sentence ``row``, and the report spans used."""
    touching = [link for link in links if link.official.overlaps(row)]
    if not touching or not len(row):
        return CellUse.NONE, ()
    verbatim = _union_overlap(row, (k.official for k in touching if k.kind is LinkKind.VERBATIM))
    anyhow = _union_overlap(row, (k.official for k in touching))
    if 2 * verbatim >= len(row):
        use = CellUse.VERBATIM
    elif 2 * anyhow >= len(row):
        use = CellUse.PARAPHRASE
    elif any(_touches(row, k) for k in touching):
        use = CellUse.PARTIAL
    else:
        # Only the edge of a link bleeds into this sentence: not a use of it.
        return CellUse.NONE, ()
    sources = tuple(sorted({k.report for k in touching if _touches(row, k) or use.used}))
    return use, sources


def _column(rows: tuple[Span, ...], comp: Comparison) -> list[tuple[CellUse, tuple[Span, ...]]]:
    # One sweep over rows and links both in release order, so a long release with many links
    # costs rows + links, not rows × links. Rows never overlap and ascend.
    links = sorted(comp.links, key=lambda k: k.official.start)
    out: list[tuple[CellUse, tuple[Span, ...]]] = []
    active: list[Link] = []
    i = 0
    for row in rows:
        while i < len(links) and links[i].official.start < row.end:
            active.append(links[i])
            i += 1
        active = [k for k in active if k.official.end > row.start]
        out.append(classify(row, active))
    return out


def _shift_rows(rows: tuple[Span, ...], comp: Comparison) -> list[int]:
    """Per row, how many of the comparison's shifts have release words in it."""
    counts = [0] * len(rows)
    starts = [r.start for r in rows]
    for shift in comp.shifts:
        span = shift.official
        i = max(0, bisect.bisect_right(starts, span.start) - 1)
        while i < len(rows) and rows[i].start <= max(span.start, span.end - 1):
            # A shift about a dropped condition may have an empty release span: its point counts.
            if rows[i].overlaps(span) or rows[i].contains(span.start):
                counts[i] += 1
                break  # one row per shift: the count across rows adds up to the report's
            i += 1
    return counts


def coverage_matrix(result: CompareResult) -> CoverageMatrix:
    """The release-sentence × report matrix of ``result``."""
    rows = release_rows(result)
    columns = [_column(rows, comp) for comp in result.comparisons]
    cells = tuple(tuple(col[r][0] for col in columns) for r in range(len(rows)))
    sources = tuple(tuple(col[r][1] for col in columns) for r in range(len(rows)))
    row_counts = tuple(sum(1 for use in row if use.used) for row in cells)
    total = sum(len(s) for s in rows)
    column_coverage = tuple(
        (sum(len(rows[r]) for r, (use, _) in enumerate(col) if use.used) / total) if total else 0.0
        for col in columns
    )
    shift_columns = [_shift_rows(rows, comp) for comp in result.comparisons]
    return CoverageMatrix(
        rows=rows,
        columns=tuple(range(len(result.comparisons))),
        cells=cells,
        sources=sources,
        row_counts=row_counts,
        column_coverage=column_coverage,
        shifts=tuple(tuple(col[r] for col in shift_columns) for r in range(len(rows))),
        column_shifts=tuple(len(comp.shifts) for comp in result.comparisons),
    )


def passage_text(doc: Document, span: Span) -> str:
    """A span's text on one line."""
    return " ".join(doc.text[span.start : span.end].split())
