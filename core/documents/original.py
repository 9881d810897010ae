"""Where a passage stands in the original file: PDF page boxes, page images, text context.

A finding is evidence only if it can be shown in the original. For a PDF, ``passage_boxes``
turns a character span of ``Document.text`` into highlight rectangles on the printed pages: the
source map gives one box per printed line, and a line only partly in the span is narrowed to
the glyphs the span covers (read again from the page with the loader's own glyph reader, so a
highlight starts and ends at the right characters rather than at an estimate). ``render_page``
draws a page as an RGB image at a given scale and ``render_crop`` a PNG of a page's region
around some boxes (the PDF evidence pack prints one per finding). For DOCX, HTML and TXT,
``text_context`` gives the passage's source paragraphs with their neighbours and where they came
from (paragraph number, line numbers). Coordinates are PDF points from the displayed page's
top-left corner (``/Rotate`` and crop box applied), as ``SourceRef.bbox`` has them.

Everything here may run in a worker thread: pdfium calls hold the loader's ``PDFIUM_LOCK``.
Failures are ``LoadError`` (damaged, encrypted, no such page). Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

from core.documents.errors import LoadError, LoadErrorKind
from core.documents.loaders.pdf import PDFIUM_LOCK, open_pdf
from core.documents.loaders.pdf_chars import Glyph, extract_page
from core.documents.model import DocFormat, Document, SourceRef, Span

#: A glyph belongs to a line when its centre lies within this many points of the line's box.
BOX_SLACK = 1.5
#: Room (points) left around the passage in a crop for the evidence pack.
CROP_MARGIN = 36.0
#: Room (points) around the context lines of a crop.
CONTEXT_PAD = 4.0


@dataclass(frozen=True)
class Box:
    """A highlight rectangle on a page: 1-based ``page``, display points from the top left."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def united(self, other: Box) -> Box:
        return Box(self.page, min(self.x0, other.x0), min(self.top, other.top),
                   max(self.x1, other.x1), max(self.bottom, other.bottom))


@dataclass(frozen=True)
class PageImage:
    """One rendered page: ``width`` x ``height`` RGB pixels (3 bytes each, rows packed)."""

    page: int
    page_count: int
    scale: float
    width: int
    height: int
    rgb: bytes
    #: The page's displayed size in points.
    size: tuple[float, float]


@dataclass(frozen=True)
class ContextPiece:
    """One paragraph shown around a passage; ``marks`` are ranges of ``text`` to highlight."""

    text: str
    where: str
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class TextContext:
    """The passage's paragraphs and their neighbours, in document order."""

    pieces: tuple[ContextPiece, ...]
    location: str


def _refs_in(doc: Document, span: Span) -> list[SourceRef]:
    refs = doc.source_map
    lo = bisect.bisect_right(refs, span.start, key=lambda r: r.end)  # first ending after it
    out = []
    for ref in refs[lo:]:
        if ref.start >= span.end:
            break
        if ref.end > span.start:
            out.append(ref)
    return out


def _ink(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _line_glyphs(glyphs: list[Glyph], box: Box, display: dict[int, Box]) -> list[Glyph]:
    inside = []
    for g in glyphs:
        if g.text.isspace():
            continue  # spaces a PDF draws are not ink; the text's are not counted either
        d = display[id(g)]
        cx, cy = (d.x0 + d.x1) / 2, (d.top + d.bottom) / 2
        if (box.x0 - BOX_SLACK <= cx <= box.x1 + BOX_SLACK
                and box.top - BOX_SLACK <= cy <= box.bottom + BOX_SLACK):
            inside.append(g)
    inside.sort(key=lambda g: (g.x0, g.top))
    return inside


def _narrow(line: Box, text: str, a: int, b: int, glyphs: list[Glyph] | None,
            display: dict[int, Box]) -> Box:
    """The part of ``line`` holding ``text[a:b]``: its glyphs when they can be matched one to
    one with the line's visible characters, else the same share of the line's width."""
    before, inside, total = _ink(text[:a]), _ink(text[a:b]), _ink(text)
    if inside == 0 or total == 0:
        return line
    # A joined hyphen or a ligature can make the counts differ by a character or two; the
    # glyphs still line up closely enough to pick the covered ones.
    if glyphs and abs(len(glyphs) - total) <= 2:
        chosen = glyphs[min(before, len(glyphs) - 1): max(before + inside, before + 1)]
        boxes = [display[id(g)] for g in chosen]
        return Box(line.page, min(d.x0 for d in boxes), line.top,
                   max(d.x1 for d in boxes), line.bottom)
    width = line.x1 - line.x0
    return Box(line.page, line.x0 + width * before / total, line.top,
               line.x0 + width * (before + inside) / total, line.bottom)


def passage_boxes(doc: Document, span: Span, data: bytes | None = None) -> tuple[Box, ...]:
    """Highlight boxes for ``span`` of a PDF ``doc``, one per printed line it touches.

    With the PDF's ``data``, partly covered lines are narrowed to their glyphs; without it, to
    the covered share of the line. Other formats have no boxes: ``()``.
    """
    if doc.format is not DocFormat.PDF:
        return ()
    refs = [r for r in _refs_in(doc, span) if r.page is not None and r.bbox is not None]
    partial = [r for r in refs if r.start < span.start or r.end > span.end]
    page_glyphs = _glyphs_for(data, doc.path, {r.page for r in partial if r.page}) if data else {}
    out: list[Box] = []
    for ref in refs:
        assert ref.page is not None and ref.bbox is not None
        line = Box(ref.page, *ref.bbox)
        a, b = max(span.start, ref.start) - ref.start, min(span.end, ref.end) - ref.start
        text = doc.text[ref.start:ref.end]
        if _ink(text[a:b]) == 0:
            continue
        if a > 0 or b < len(text):
            glyphs, display = page_glyphs.get(ref.page, ([], {}))
            line = _narrow(line, text, a, b,
                           _line_glyphs(glyphs, line, display) if glyphs else None, display)
        out.append(line)
    return tuple(out)


def _glyphs_for(data: bytes, path: str, pages: set[int]
                ) -> dict[int, tuple[list[Glyph], dict[int, Box]]]:
    out: dict[int, tuple[list[Glyph], dict[int, Box]]] = {}
    if not pages:
        return out
    with PDFIUM_LOCK, contextlib.suppress(pdfium.PdfiumError):
        # A page whose glyphs cannot be read keeps the estimated boxes (no entry here).
        pdf = open_pdf(data, path, None)
        try:
            for number in sorted(pages):
                if not 1 <= number <= len(pdf):
                    continue
                page = pdf[number - 1]
                try:
                    read = extract_page(page)
                finally:
                    page.close()
                glyphs = [g for group in read.groups for g in group]
                display = {id(g): Box(number, *read.geometry.display_bbox(*g.ubox))
                           for g in glyphs}
                out[number] = (glyphs, display)
        finally:
            pdf.close()
    return out


def _render(
    data: bytes, path: str, page: int, scale: float, width: int | None = None
) -> tuple[Any, int, tuple[float, float], float]:
    try:
        return _draw(data, path, page, scale, width)
    except pdfium.PdfiumError as exc:  # a page pdfium cannot draw: one line, as for loading
        raise LoadError(LoadErrorKind.CORRUPT, path,
                        f"page {page} of the PDF cannot be drawn ({exc})") from exc


def _draw(
    data: bytes, path: str, page: int, scale: float, width: int | None
) -> tuple[Any, int, tuple[float, float], float]:
    pdf = open_pdf(data, path, None)
    try:
        count = len(pdf)
        if not 1 <= page <= count:
            raise LoadError(LoadErrorKind.NOT_FOUND, path,
                            f"the PDF has {count} pages; there is no page {page}")
        handle = pdf[page - 1]
        try:
            size = handle.get_size()  # as displayed: pdfium applies /Rotate already
            if width:
                scale = max(0.05, width / size[0])
            image = handle.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
        finally:
            handle.close()
    finally:
        pdf.close()
    return image, count, (float(size[0]), float(size[1])), scale


def render_page(data: bytes, page: int, scale: float = 1.5, path: str = "",
                width: int | None = None) -> PageImage:
    """Page ``page`` (1-based) drawn at ``scale`` pixels per point (or, given ``width``, at
    the scale that makes it that many pixels wide), as packed RGB bytes."""
    with PDFIUM_LOCK:
        image, count, size, scale = _render(data, path, page, scale, width)
    width, height = image.size
    return PageImage(page, count, scale, width, height,
                     image.tobytes(), size)


def around(doc: Document, span: Span, lines: int = 1) -> tuple[Box, ...]:
    """The boxes of up to ``lines`` printed lines just before and after ``span`` on the same
    pages, so a crop can end on whole lines rather than cut through them."""
    refs = [r for r in doc.source_map if r.page is not None and r.bbox is not None]
    inside = [i for i, r in enumerate(refs) if r.start < span.end and span.start < r.end]
    if not inside:
        return ()
    pages = {refs[i].page for i in inside}
    near = [*range(max(0, inside[0] - lines), inside[0]),
            *range(inside[-1] + 1, min(len(refs), inside[-1] + 1 + lines))]
    return tuple(Box(refs[i].page, *refs[i].bbox) for i in near
                 if refs[i].page in pages)


def render_crop(data: bytes, boxes: Sequence[Box], scale: float = 1.5, path: str = "",
                margin: float = CROP_MARGIN, context: Sequence[Box] = ()) -> bytes:
    """A PNG of the first box's page, full width, from ``margin`` points above the first of
    its boxes to as far below the last, the boxes highlighted, for printing beside a finding.
    With ``context`` (the lines around, from ``around``) it spans those whole lines instead."""
    if not boxes:
        raise ValueError("no boxes to crop around")
    page = boxes[0].page
    on_page = [b for b in boxes if b.page == page]
    area = on_page[0]
    for b in on_page[1:] + [c for c in context if c.page == page]:
        area = area.united(b)
    if context:
        margin = CONTEXT_PAD
    with PDFIUM_LOCK:
        image, _count, size, _ = _render(data, path, page, scale)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image, "RGBA")
    for b in on_page:
        draw.rectangle(
            [b.x0 * scale - 1, b.top * scale - 1, b.x1 * scale + 1, b.bottom * scale + 1],
            fill=(255, 214, 0, 90), outline=(214, 120, 0, 255),
        )
    # The page's full width: a reader sees whole printed lines around the passage.
    box = (0, int(max(0.0, area.top - margin) * scale),
           int(size[0] * scale), int(min(size[1], area.bottom + margin) * scale))
    out = io.BytesIO()
    image.crop(box).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _where(ref: SourceRef | None, doc: Document) -> str:
    if ref is None:
        return ""
    if ref.page is not None:
        return f"page {ref.page}"
    if ref.line is not None:
        return f"line {ref.line}"
    if ref.paragraph is not None:
        return f"paragraph {ref.paragraph + 1}"
    return ""


def text_context(doc: Document, span: Span, radius: int = 2) -> TextContext:
    """The paragraphs holding ``span`` with ``radius`` neighbours each side, the passage
    marked, each labelled with where it came from in the original file."""
    paras = doc.paragraphs
    if not paras:
        return TextContext((), "")
    touched = [i for i, p in enumerate(paras) if p.start < max(span.end, span.start + 1)
               and span.start < p.end]
    if not touched:
        # A span in the gap between paragraphs: the paragraph after it.
        after = [i for i, p in enumerate(paras) if p.start >= span.start]
        touched = after[:1] or [len(paras) - 1]
    first, last = max(0, touched[0] - radius), min(len(paras) - 1, touched[-1] + radius)
    pieces = []
    for i in range(first, last + 1):
        p = paras[i]
        marks: tuple[tuple[int, int], ...] = ()
        if p.start < span.end and span.start < p.end:
            marks = ((max(span.start, p.start) - p.start, min(span.end, p.end) - p.start),)
        refs = _refs_in(doc, p)
        where = _where(refs[0] if refs else None, doc)
        if refs and refs[-1].line is not None and refs[-1].line != refs[0].line:
            where = f"lines {refs[0].line}–{refs[-1].line}"
        pieces.append(ContextPiece(doc.text[p.start:p.end], where, marks))
    inner = [pieces[i - first].where for i in touched if pieces[i - first].where]
    location = inner[0] if inner else ""
    if len(inner) > 1 and inner[-1] != inner[0]:
        location = f"{inner[0]} to {inner[-1]}"
    return TextContext(tuple(pieces), location)
