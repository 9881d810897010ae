"""Page layout for the PDF loader: glyphs -> rows -> fragments -> columns -> lines -> blocks.

Works on ``pdf_chars.Glyph`` lists in the reading frame (x to the right, y down), so it is pure
geometry and knows nothing about pdfium.

* Rows: glyphs whose vertical centres agree within 45 % of a line height.
* Fragments: a row split where the horizontal gap exceeds ``SPLIT_GAP`` line heights, so a
  column gutter always separates two fragments. Words get a space where the gap exceeds
  ``SPACE_GAP`` line heights (relative, so small print without space characters still splits).
* Columns: gutters are found from the fragments' x-coverage: vertical strips that (almost) no
  fragment covers. A gutter counts only if the columns on both sides look like prose (wide
  enough, several lines of several words each); table columns fail that test and are read row by
  row. Fragments that cross a gutter (titles, abstracts, full-width figures) split the page into
  bands: each band is read column by column, the crossing lines stay where they are.
* Lines: the fragments of one column that share a row, joined with a space. Fragments and lines
  keep their font size (like the height, the largest size in them), for paragraph splitting.

Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from statistics import median

from core.documents.loaders.pdf_chars import Glyph

SPACE_GAP = 0.15
SPLIT_GAP = 0.75
#: The widest page PDF allows (200 inches of 72 units; ISO 32000 Annex C).
MAX_PAGE_WIDTH = 14_400
MIN_GUTTER = 6.0
MIN_COLUMN_WIDTH = 90.0
MIN_COLUMN_LINES = 4
MIN_WORDS_PER_LINE = 4
PROSE_FILL = 0.6


@dataclass(slots=True)
class Fragment:
    """A run of glyphs on one row with no wide gap inside."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    #: Tallest glyph: a line set mostly in small capitals still has its body-text height.
    height: float
    ubox: tuple[float, float, float, float]
    #: Font size of its text: the largest that two or more glyphs have (0 when unknown).
    size: float = 0.0

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Line:
    """One line of one column (or one full-width line), ready for paragraph building."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    height: float
    ubox: tuple[float, float, float, float]
    page: int = 0
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    #: Font size of its longest fragment (0 when unknown).
    size: float = 0.0


@dataclass
class Block:
    """Lines read in order with no column change in between (one column of one band)."""

    lines: list[Line] = field(default_factory=list)
    left: float = 0.0
    right: float = 0.0
    #: Text running in another direction than the page's main text (margin notes, labels).
    aside: bool = False


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def group_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Cluster glyphs into rows by vertical centre; rows top to bottom, glyphs left to right."""
    rows: list[list[Glyph]] = []
    ref_mid = ref_h = 0.0
    for g in sorted(glyphs, key=lambda g: g.top + g.bottom):
        if rows and g.mid - ref_mid <= 0.45 * max(ref_h, g.height, 1e-6):
            rows[-1].append(g)
        else:
            rows.append([g])
            ref_mid, ref_h = g.mid, g.height
    for row in rows:
        row.sort(key=lambda g: g.x0)
    return rows


def split_fragments(row: list[Glyph]) -> list[Fragment]:
    """Split a row at wide gaps and build each fragment's text with word spaces."""
    heights = [g.height for g in row if g.text != " "]
    if not heights:
        return []
    h = median(heights)
    out: list[Fragment] = []
    parts: list[str] = []
    members: list[Glyph] = []
    last: Glyph | None = None
    pending_space = False

    def flush() -> None:
        if members:
            counts: dict[float, int] = {}
            for g in members:
                counts[g.size] = counts.get(g.size, 0) + 1
            out.append(
                Fragment(
                    "".join(parts).strip(),
                    min(g.x0 for g in members),
                    min(g.top for g in members),
                    max(g.x1 for g in members),
                    max(g.bottom for g in members),
                    max(g.height for g in members),
                    _union([g.ubox for g in members]),
                    # The largest size of two or more glyphs, as with the height: words in
                    # small capitals keep the line at body size, a lone drop cap does not count.
                    max((k for k, n in counts.items() if n >= 2), default=max(counts)),
                )
            )
        parts.clear()
        members.clear()

    for g in row:
        if g.text.isspace():
            pending_space = True
            continue
        if last is not None:
            gap = g.x0 - last.x1
            if gap > SPLIT_GAP * h:
                flush()
            elif (
                (pending_space or gap > SPACE_GAP * h or (g.space_before and g.seq == last.seq + 1))
                and parts
                and parts[-1] != " "
            ):
                parts.append(" ")
        parts.append(g.text)
        members.append(g)
        last = g
        pending_space = False
    flush()
    return [f for f in out if f.text]


def page_rows(glyphs: list[Glyph]) -> list[list[Fragment]]:
    """Rows of fragments, top to bottom."""
    rows = []
    for row in group_rows(glyphs):
        frags = split_fragments(row)
        if frags:
            rows.append(frags)
    return rows


def find_gutters(frags: list[Fragment]) -> list[tuple[float, float]]:
    """Column gutters as ``(left, right)`` x-intervals, validated as prose columns."""
    if len(frags) < 2 * MIN_COLUMN_LINES:
        return []
    left = min(f.x0 for f in frags)
    right = max(f.x1 for f in frags)
    width = right - left
    if width < 2 * MIN_COLUMN_WIDTH + MIN_GUTTER:
        return []
    if width > MAX_PAGE_WIDTH:
        # Text placed beyond any real page (a damaged file: found by fuzzing, where a 9 s,
        # 1.5 GB coverage array came from one fragment at x = 10^8) has no columns to find.
        return []
    n = int(width) + 2
    diff = [0] * (n + 1)
    for f in frags:
        a = int(f.x0 - left)
        b = max(a + 1, int(f.x1 - left + 0.999))
        diff[a] += 1
        diff[min(b, n)] -= 1
    coverage = []
    run = 0
    for i in range(n):
        run += diff[i]
        coverage.append(run)
    # Crossing lines (titles, abstracts) may cover a gutter: tolerate a few of them.
    limit = max(1, int(0.08 * len(frags)))
    candidates: list[tuple[float, float]] = []
    start = None
    for i, c in enumerate(coverage):
        if c <= limit and start is None:
            start = i
        elif c > limit and start is not None:
            if i - start >= MIN_GUTTER and start > 0:
                a, b = _core(coverage, start, i)
                candidates.append((left + a, left + b))
            start = None
    while candidates:
        bad = _weakest_invalid(frags, candidates, left, right)
        if bad is None:
            return candidates
        candidates.pop(bad)
    return []


def _core(coverage: list[int], start: int, end: int) -> tuple[int, int]:
    """The widest stretch of ``coverage[start:end]`` at its minimum: the gutter proper.

    The low-coverage run also holds the ragged ends of lines; only fragments that reach into
    the emptiest part count as crossing the gutter.
    """
    low = min(coverage[start:end])
    best = (start, start)
    run_start = None
    for i in range(start, end + 1):
        inside = i < end and coverage[i] <= low
        if inside and run_start is None:
            run_start = i
        elif not inside and run_start is not None:
            if i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    return best


def _weakest_invalid(
    frags: list[Fragment], gutters: list[tuple[float, float]], left: float, right: float
) -> int | None:
    """Index of a gutter to drop (the narrowest next to a non-prose column), or None if valid."""
    edges = [left] + [x for g in gutters for x in g] + [right]
    cols = [(edges[2 * i], edges[2 * i + 1]) for i in range(len(gutters) + 1)]
    invalid_cols = [i for i, (a, b) in enumerate(cols) if not _is_prose_column(frags, a, b)]
    if not invalid_cols:
        return None
    suspects = set()
    for i in invalid_cols:
        if i > 0:
            suspects.add(i - 1)
        if i < len(gutters):
            suspects.add(i)
    return min(suspects, key=lambda k: gutters[k][1] - gutters[k][0])


def _is_prose_column(frags: list[Fragment], a: float, b: float) -> bool:
    """Enough lines of running text: several words filling most of the column's width.

    Counting prose lines (instead of a median) lets a column hold a figure or a table too.
    """
    width = b - a
    if width < MIN_COLUMN_WIDTH:
        return False
    inside = [f for f in frags if f.x0 >= a - 1 and f.x1 <= b + 1]
    prose = sum(
        1
        for f in inside
        if f.x1 - f.x0 >= PROSE_FILL * width and len(f.text.split()) >= MIN_WORDS_PER_LINE
    )
    return prose >= max(MIN_COLUMN_LINES, 0.25 * len(inside))


def _merge_row_fragments(frags: list[Fragment]) -> list[Line]:
    """Fragments of one column -> lines (fragments on one row joined with a space)."""
    lines: list[Line] = []
    for row in _cluster(frags):
        row.sort(key=lambda f: f.x0)
        lines.append(
            Line(
                " ".join(f.text for f in row),
                min(f.x0 for f in row),
                min(f.top for f in row),
                max(f.x1 for f in row),
                max(f.bottom for f in row),
                max(f.height for f in row),
                _union([f.ubox for f in row]),
                size=max(row, key=lambda f: len(f.text)).size,  # not a bullet's
            )
        )
    return lines


def _cluster(frags: list[Fragment]) -> list[list[Fragment]]:
    rows: list[list[Fragment]] = []
    ref_mid = ref_h = 0.0
    for f in sorted(frags, key=lambda f: f.mid):
        if rows and f.mid - ref_mid <= 0.45 * max(ref_h, f.height, 1e-6):
            rows[-1].append(f)
        else:
            rows.append([f])
            ref_mid, ref_h = f.mid, f.height
    return rows


def order_blocks(frags: list[Fragment]) -> list[Block]:
    """Reading order of one page's fragments as blocks (column by column within bands)."""
    if not frags:
        return []
    gutters = find_gutters(frags)
    if not gutters:
        return [_block(frags)]
    crossing: list[Fragment] = []
    columns_of: list[tuple[int, Fragment]] = []
    for f in frags:
        col = _column_of(f, gutters)
        if col is None:
            crossing.append(f)
        else:
            columns_of.append((col, f))
    crossing.sort(key=lambda f: f.top)
    cross_tops = [f.top for f in crossing]
    bands: dict[tuple[int, int], list[Fragment]] = {}
    for col, f in columns_of:
        band = bisect_left(cross_tops, f.top)
        bands.setdefault((band, col), []).append(f)
    blocks: list[Block] = []
    full_width: list[Fragment] = []
    for band in range(len(crossing) + 1):
        cols = [bands[(band, c)] for c in range(len(gutters) + 1) if (band, c) in bands]
        if cols and full_width:
            blocks.append(_block(full_width))
            full_width = []
        for col_frags in cols:
            blocks.append(_block(col_frags))
        if band < len(crossing):
            full_width.append(crossing[band])
    if full_width:
        blocks.append(_block(full_width))
    return blocks


def _column_of(f: Fragment, gutters: list[tuple[float, float]]) -> int | None:
    """Column index of a fragment, or None when it crosses a gutter."""
    for i, (a, b) in enumerate(gutters):
        if f.x1 <= a + 2:
            return i
        if f.x0 < b - 2:
            return None
    return len(gutters)


def _block(frags: list[Fragment]) -> Block:
    lines = _merge_row_fragments(frags)
    return Block(lines, min(f.x0 for f in frags), max(f.x1 for f in frags))
