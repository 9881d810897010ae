"""Character extraction for the PDF loader: pdfium glyphs with boxes in a "reading frame".

Each page's characters come from pypdfium2 (loose boxes, i.e. the font's ascent/descent and the
advance width, so line heights are uniform and word gaps are measurable). Boxes are turned into
a reading frame where the page's dominant text direction runs left to right and lines run top
to bottom, whatever the page's ``/Rotate`` or the text matrix say: a landscape table drawn
sideways and a page with ``/Rotate 270`` both come out as horizontal lines. Overprinted duplicate
characters (fake bold) are dropped here, with the rule of pdfplumber's ``dedupe_chars``: same
character within 1 pt of an earlier one. Each glyph carries its font size as drawn (for telling
headings and datelines from body text). Display boxes (``/Rotate`` applied, crop box origin at
the top left, as a viewer shows the page) are computed for the source map.

Imports pypdfium2 only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: Overprinted copies closer than this (points) count as one character.
DEDUPE_TOLERANCE = 1.0


@dataclass(slots=True)
class Glyph:
    """One character. ``x0/top/x1/bottom``: reading frame; ``ubox``: user space (l, b, r, t)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    ubox: tuple[float, float, float, float]
    #: Position among the page's kept characters in content-stream order.
    seq: int = 0
    #: pdfium generated a space or line break right before this character (a word break).
    space_before: bool = False
    #: Font size in points as drawn (the ``Tf`` size scaled by the text and page matrices).
    size: float = 0.0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class PageGeometry:
    """What is needed to map user-space boxes to what a viewer shows."""

    rotation: int
    crop: tuple[float, float, float, float]  # l, b, r, t in user space
    #: Size of the page in the reading frame of its dominant text direction.
    width: float
    height: float

    def display_bbox(
        self, x0: float, b: float, r: float, t: float
    ) -> tuple[float, float, float, float]:
        """User-space box (left, bottom, right, top) -> ``(x0, top, x1, bottom)`` as displayed."""
        cx0, cy0, cx1, cy1 = self.crop
        rot = self.rotation % 360
        if rot == 90:
            box = (b - cy0, x0 - cx0, t - cy0, r - cx0)
        elif rot == 180:
            box = (cx1 - r, b - cy0, cx1 - x0, t - cy0)
        elif rot == 270:
            box = (cy1 - t, cx1 - r, cy1 - b, cx1 - x0)
        else:
            box = (x0 - cx0, cy1 - t, r - cx0, cy1 - b)
        return tuple(round(v, 2) for v in box)  # type: ignore[return-value]


@dataclass
class PageGlyphs:
    """A page's characters grouped by text direction; ``groups[0]`` is the dominant one."""

    geometry: PageGeometry
    groups: list[list[Glyph]]

    @property
    def count(self) -> int:
        return sum(len(g) for g in self.groups)


def _to_frame(q: int, x0: float, b: float, r: float, t: float) -> tuple[float, float, float, float]:
    """User-space box -> reading-frame (x0, top, x1, bottom) for text direction ``q``.

    The text direction of quadrant q is (cos, -sin) of q quarter turns clockwise; "down" (towards
    the next line) is that direction turned a further quarter turn clockwise.
    """
    if q == 0:
        return x0, -t, r, -b
    if q == 1:
        return -t, -r, -b, -x0
    if q == 2:
        return -r, b, -x0, t
    return b, x0, t, r


def extract_page(page: pdfium.PdfPage) -> PageGlyphs:
    """All non-generated characters of ``page``, deduplicated, in reading-frame coordinates."""
    textpage = page.get_textpage()
    try:
        raw_chars = _raw_chars(textpage)
    finally:
        textpage.close()
    cl, cb, cr, ct = page.get_cropbox()
    rotation = page.get_rotation()
    by_q: dict[int, list[tuple[int, bool, str, tuple[float, float, float, float], float]]] = {}
    for seq, (text, q, box, space, size) in enumerate(raw_chars):
        by_q.setdefault(q, []).append((seq, space, text, box, size))
    order = sorted(by_q, key=lambda k: -len(by_q[k]))
    groups: list[list[Glyph]] = []
    main_q = order[0] if order else 0
    for q in order:
        # The crop box's corner in this frame is the origin, so positions are page-relative.
        fx0, ftop, _, _ = _to_frame(q, cl, cb, cr, ct)
        glyphs = []
        for seq, space, text, ubox, size in by_q[q]:
            x0, top, x1, bottom = _to_frame(q, *ubox)
            glyphs.append(
                Glyph(text, x0 - fx0, top - ftop, x1 - fx0, bottom - ftop, ubox, seq, space, size)
            )
        groups.append(dedupe(glyphs))
    fx0, ftop, fx1, fbottom = _to_frame(main_q, cl, cb, cr, ct)
    geometry = PageGeometry(rotation, (cl, cb, cr, ct), abs(fx1 - fx0), abs(fbottom - ftop))
    return PageGlyphs(geometry, groups)


_RawChar = tuple[str, int, tuple[float, float, float, float], bool, float]


def _raw_chars(textpage: pdfium.PdfTextPage) -> list[_RawChar]:
    # Raw calls, not the per-call wrappers: this loop is the hot path of PDF loading.
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    is_generated = pdfium_c.FPDFText_IsGenerated
    get_angle = pdfium_c.FPDFText_GetCharAngle
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    get_matrix = pdfium_c.FPDFText_GetMatrix
    matrix = pdfium_c.FS_MATRIX()
    matrix_p = ctypes.byref(matrix)
    hypot = math.hypot
    out: list[_RawChar] = []
    # A loose box is the font's ascent to descent at the drawn size, so its height changes
    # whenever font or size does: the size is asked for only then, not for every character.
    low = high = 0.0  # within 2 % of the last asked-for height (rounding, taller glyphs)
    size = 0.0
    space = False
    quarter = math.pi / 2
    handle = textpage.raw  # the ctypes pointer itself: the wrapper converts on every call
    for i in range(pdfium_c.FPDFText_CountChars(handle)):
        code = get_unicode(handle, i)
        if code <= 32:
            # pdfium's generated characters are all spaces and line breaks: kept only as a
            # word-break hint for the layout code, which builds lines from the geometry.
            if code in (10, 13) or (code == 32 and is_generated(handle, i) == 1):
                space = True
                continue
            if code == 2:
                code = 0x2D  # pdfium marks a hyphen at a line end with U+0002
            elif code < 32:
                continue
        elif code == 0xFFFE or code == 0xFFFF or 0xD800 <= code <= 0xDFFF:
            continue
        if not get_box(handle, i, rect_p):
            continue
        angle = get_angle(handle, i)
        q = round(angle / quarter) % 4 if angle >= 0 else 0
        height = rect.top - rect.bottom if q % 2 == 0 else rect.right - rect.left
        if not low < height < high:
            low, high = 0.98 * height, 1.02 * height
            # pdfium's font size is the Tf operand; many PDFs set "1 Tf" and scale the matrix.
            size = get_size(handle, i)
            if get_matrix(handle, i, matrix_p):
                size *= hypot(matrix.c, matrix.d)
            size = round(size, 2)
        out.append((chr(code), q, (rect.left, rect.bottom, rect.right, rect.top), space, size))
        space = False
    return out


def dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop glyphs that repeat an earlier glyph's character within ``DEDUPE_TOLERANCE``.

    Same rule as pdfplumber's ``dedupe_chars`` (text, then position within 1 pt) but hashed by
    position, so it is linear instead of that function's quadratic ``list.index`` sort.
    """
    tol = DEDUPE_TOLERANCE
    # Grid cells one tolerance wide: a duplicate sits in the same or a neighbouring cell.
    # Cells are plain ints per character (no tuple per lookup): this runs for every glyph.
    stride = 1 << 20
    neighbours = [dx * stride + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    cells_by_text: dict[str, dict[int, list[Glyph]]] = {}
    kept: list[Glyph] = []
    prev: Glyph | None = None
    for g in glyphs:
        # pdfium expands a ligature glyph ("ff", "ffi") into its letters, all with the ligature's
        # box and consecutive in the content stream; an overprint repeats a character later or
        # shifted. Keeping the consecutive identical-box repeat keeps "Affairs" from "Afairs".
        ligature = (
            prev is not None
            and prev.text == g.text
            and prev.seq + 1 == g.seq
            and (prev.x0, prev.top, prev.x1, prev.bottom) == (g.x0, g.top, g.x1, g.bottom)
        )
        prev = g
        if ligature:
            kept.append(g)
            continue
        cells = cells_by_text.get(g.text)
        if cells is None:
            cells = cells_by_text[g.text] = {}
        cell = int(g.x0 // tol) * stride + int(g.top // tol)
        duplicate = False
        for offset in neighbours:
            others = cells.get(cell + offset)
            if others is not None and any(
                abs(o.x0 - g.x0) <= tol and abs(o.top - g.top) <= tol for o in others
            ):
                duplicate = True
                break
        if duplicate:
            continue
        cells.setdefault(cell, []).append(g)
        kept.append(g)
    return kept
