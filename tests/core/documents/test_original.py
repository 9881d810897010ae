"""Showing a passage in its original: PDF highlight boxes land on the passage's ink, pages render
at the asked scale, crops are PNGs, text formats give the passage's paragraphs in context.

The ink checks render the page and look at the pixels under each box: a box in the wrong place
(a rotated page's axes swapped, the crop box's origin forgotten) covers white paper and fails.
"""

from __future__ import annotations

import pytest

from core.documents import (
    Document,
    LoadError,
    LoadErrorKind,
    Span,
    load_document,
    passage_boxes,
    render_crop,
    render_page,
    text_context,
)
from core.documents.original import Box, PageImage
from tests.conftest import ROOT, SHARED

SAMPLES = ROOT / "sample_docs"
PDFS = SHARED / "corpus" / "pdfs"


def _ink_share(image: PageImage, box: Box) -> float:
    """Share of the pixels in ``box`` that are darker than paper."""
    s = image.scale
    x0, x1 = int(box.x0 * s), max(int(box.x0 * s) + 1, int(box.x1 * s))
    y0, y1 = int(box.top * s), max(int(box.top * s) + 1, int(box.bottom * s))
    dark = total = 0
    for y in range(max(0, y0), min(image.height, y1)):
        row = image.rgb[y * image.width * 3:(y + 1) * image.width * 3]
        for x in range(max(0, x0), min(image.width, x1)):
            total += 1
            if sum(row[3 * x:3 * x + 3]) < 3 * 160:
                dark += 1
    return dark / total if total else 0.0


def _sentence(doc: Document, needle: str) -> Span:
    start = doc.text.index(needle)
    return Span(start, start + len(needle))


def test_boxes_cover_a_passage_that_starts_and_ends_inside_lines() -> None:
    path = SAMPLES / "release.pdf"
    data = path.read_bytes()
    doc = load_document(path)
    para = next(p for p in doc.paragraphs if len(p) > 300)
    span = Span(para.start + 40, para.end - 40)
    boxes = passage_boxes(doc, span, data)
    lines = [r for r in doc.source_map if r.start < span.end and span.start < r.end]
    assert len(boxes) == len(lines) >= 3
    first_line, last_line = lines[0].bbox, lines[-1].bbox
    assert first_line is not None and last_line is not None
    # Narrowed to the glyphs: the first box starts right of its line, the last ends left of it.
    assert boxes[0].x0 > first_line[0] + 20
    assert boxes[-1].x1 < last_line[2] - 20
    # Whole lines in between keep their boxes.
    inner = zip(boxes[1:-1], lines[1:-1], strict=True)
    assert all((b.x0, b.top, b.x1, b.bottom) == r.bbox for b, r in inner)
    image = render_page(data, boxes[0].page, scale=2.0)
    for box in boxes:
        assert _ink_share(image, box) > 0.04, box
    # Without the file's bytes the boxes are an estimate of the same lines.
    rough = passage_boxes(doc, span)
    assert [b.page for b in rough] == [b.page for b in boxes]
    assert abs(rough[0].x0 - boxes[0].x0) < 60


def test_render_page_size_and_bad_page() -> None:
    data = (SAMPLES / "release.pdf").read_bytes()
    image = render_page(data, 1, scale=1.0)
    assert (image.width, image.height) == (round(image.size[0]), round(image.size[1]))
    assert len(image.rgb) == image.width * image.height * 3
    assert image.page_count >= 1
    with pytest.raises(LoadError) as err:
        render_page(data, image.page_count + 1)
    assert f"no page {image.page_count + 1}" in str(err.value)


def test_crop_is_a_png_of_the_passage_region() -> None:
    path = SAMPLES / "release.pdf"
    data = path.read_bytes()
    doc = load_document(path)
    para = doc.paragraphs[len(doc.paragraphs) // 2]
    png = render_crop(data, passage_boxes(doc, para, data), scale=1.0)
    assert png.startswith(b"\x89PNG")
    import io

    from PIL import Image

    crop = Image.open(io.BytesIO(png))
    page = render_page(data, 1, scale=1.0)
    assert crop.width == page.width and crop.height < page.height / 2
    with pytest.raises(ValueError):
        render_crop(data, [])


@pytest.mark.parametrize(
    "name",
    ["pdfplumber__nics-background-checks-2015-11-rotated.pdf", "pysamplefiles__multicolumn.pdf",
     "pdfplumber__federal-register-2020-17221.pdf"],
)
def test_boxes_land_on_ink_in_shared_pdfs(name: str) -> None:
    path = PDFS / name
    if not path.exists():
        pytest.skip("../shared is missing")
    data = path.read_bytes()
    doc = load_document(path)
    para = max(doc.paragraphs[:40], key=len)
    span = Span(para.start + len(para) // 4, para.end - len(para) // 4)
    boxes = passage_boxes(doc, span, data)
    assert boxes
    images: dict[int, PageImage] = {}
    for box in boxes:
        image = images.setdefault(box.page, render_page(data, box.page, scale=1.5))
        assert 0 <= box.x0 < box.x1 <= image.size[0] + 1
        assert 0 <= box.top < box.bottom <= image.size[1] + 1
        assert _ink_share(image, box) > 0.03, (name, box)


def test_encrypted_pdf_without_password_is_a_clear_error() -> None:
    path = PDFS / "pdfplumber__password-example.pdf"
    if not path.exists():
        pytest.skip("../shared is missing")
    with pytest.raises(LoadError) as err:
        render_page(path.read_bytes(), 1)
    assert err.value.kind in (LoadErrorKind.ENCRYPTED, LoadErrorKind.WRONG_PASSWORD)
    with pytest.raises(LoadError):
        render_page(b"%PDF-1.4 not really", 1)


@pytest.mark.parametrize(
    ("name", "label"),
    [("report_wire.txt", "line"), ("report_regional.docx", "paragraph"),
     ("report_daily.html", "paragraph")],
)
def test_text_context_marks_the_passage_among_its_neighbours(name: str, label: str) -> None:
    doc = load_document(SAMPLES / name)
    para = doc.paragraphs[len(doc.paragraphs) // 2]
    span = Span(para.start + 5, para.end - 5)
    context = text_context(doc, span, radius=2)
    assert len(context.pieces) == 5
    middle = context.pieces[2]
    assert middle.marks == ((5, len(para) - 5),)
    a, b = middle.marks[0]
    assert middle.text[a:b] == doc.text[span.start:span.end]
    assert all(not p.marks for i, p in enumerate(context.pieces) if i != 2)
    assert label in context.location
    # At the very start the context has no paragraphs before it.
    first = text_context(doc, Span(0, 3), radius=2)
    assert first.pieces[0].marks and len(first.pieces) == 3


def test_pdf_passage_across_pages_has_boxes_on_each_page() -> None:
    path = PDFS / "pdfplumber__federal-register-2020-17221.pdf"
    if not path.exists():
        pytest.skip("../shared is missing")
    doc = load_document(path)
    pages = sorted({r.page for r in doc.source_map if r.page})
    assert len(pages) > 1
    end_of_1 = max(r.end for r in doc.source_map if r.page == pages[0])
    span = Span(end_of_1 - 50, end_of_1 + 300)
    boxes = passage_boxes(doc, span, path.read_bytes())
    assert {b.page for b in boxes} >= {pages[0], pages[1]}


def test_partial_lines_are_narrowed_glyph_by_glyph_in_pdfs_that_draw_spaces() -> None:
    """Most printed lines of a real PDF match their glyphs one to one once drawn spaces are left
    out (spaces are no ink), so a highlight starts at the right character, not at an estimate."""
    from core.documents.original import _glyphs_for, _ink, _line_glyphs

    path = PDFS / "pdfplumber__federal-register-2020-17221.pdf"
    if not path.exists():
        pytest.skip("../shared is missing")
    doc = load_document(path)
    glyphs, display = _glyphs_for(path.read_bytes(), doc.path, {1})[1]
    lines = [r for r in doc.source_map if r.page == 1 and r.bbox is not None]
    matched = sum(
        1 for r in lines
        if len(_line_glyphs(glyphs, Box(1, *r.bbox), display)) == _ink(doc.text[r.start:r.end])
    )
    assert matched >= 0.8 * len(lines), (matched, len(lines))
