"""PDF loader: bytes -> ``Document`` with reading order, no running headers, joined hyphenation.

Pipeline: pypdfium2 opens the file and gives every character with its box (``pdf_chars``: text
direction normalised, overprinted duplicates dropped); ``pdf_layout`` groups characters into
rows, fragments, columns (gutters found from x-coverage per page) and lines; ``pdf_furniture``
drops running headers, footers and page numbers that repeat across pages; ``pdf_paragraphs``
splits paragraphs on vertical gaps, size changes, bullets and indentation and joins
hyphenated line ends. One ``SourceRef`` per line gives the 1-based page and the line's box
``(x0, top, x1, bottom)`` in points on the page as displayed (``/Rotate`` applied, origin at
the crop box's top left).

Why pypdfium2 and not pdfplumber for the characters (``bench/bench_pdf.py``, figures in
``bench/README.md``, CPU time): pdfplumber needs 50-180 ms per page on the long shared PDFs just
to list ``page.chars`` (pdfminer parses content streams in Python), so a 300-page report costs
15-55 s before any layout. This loader, characters from pdfium included, runs at 24 ms per page
on the dense 3-column Federal Register (42 pages/s), 8.6 ms on the Chelsea report (116 pages/s)
and reads 300 pages in about 9 s. pdfplumber's rules are kept where they matter: its
``dedupe_chars`` rule for overprinted characters and word gaps relative to the character size.
pdfminer is only used to tell an empty page tree from a damaged file when pdfium refuses both.

Errors are ``LoadError``: ENCRYPTED (no password), WRONG_PASSWORD, CORRUPT, EMPTY (no pages),
NO_TEXT (images only: needs OCR). ``LoadCancelled`` is raised when ``should_cancel()`` turns
True between pages. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Callable
from pathlib import PurePath
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.documents.errors import LoadCancelled, LoadError, LoadErrorKind
from core.documents.furniture import find_furniture as web_furniture
from core.documents.loaders.builder import TextBuilder
from core.documents.loaders.hyphens import join_lines
from core.documents.loaders.pdf_chars import PageGeometry, PageGlyphs, extract_page
from core.documents.loaders.pdf_furniture import find_furniture, min_repeats, normalise
from core.documents.loaders.pdf_layout import Block, Fragment, Line, order_blocks, page_rows
from core.documents.loaders.pdf_paragraphs import (
    Paragraph,
    build_paragraphs,
    clean,
    vocabulary,
)
from core.documents.model import DocFormat, Document, SourceRef

#: pdfium is not thread-safe: loading and page rendering (``original.py``) take turns.
PDFIUM_LOCK = threading.Lock()

ENCRYPTED_MESSAGE = "the PDF is encrypted; a password is needed to open it"
WRONG_PASSWORD_MESSAGE = "the password is wrong; the PDF cannot be opened with it"
NO_TEXT_MESSAGE = "the PDF has no selectable text (it is probably scanned); it needs OCR first"


def load(
    data: bytes,
    path: str,
    sha256: str,
    *,
    password: str | None = None,
    should_cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Document:
    """Read a PDF's text in reading order; every failure is a ``LoadError``."""
    if not data.strip():
        raise LoadError(LoadErrorKind.EMPTY, path, "the file is empty")
    # pdfium is not thread-safe: two documents loading in worker threads take turns.
    with PDFIUM_LOCK:
        pdf = open_pdf(data, path, password or None)
        try:
            pages = _read_pages(pdf, path, should_cancel, progress)
            meta = _metadata(pdf, len(pages))
        finally:
            pdf.close()
    if not any(p.count for p in pages):
        raise LoadError(LoadErrorKind.NO_TEXT, path, NO_TEXT_MESSAGE)
    paragraphs = _layout(pages)
    builder = TextBuilder()
    vocab = vocabulary(paragraphs)
    for para in paragraphs:
        text, spans = join_lines([clean(line.text) for line in para.lines], vocab)
        pieces = [
            (a, b, SourceRef(0, 0, page=line.page, bbox=line.bbox))
            for (a, b), line in zip(spans, para.lines, strict=True)
            if b > a
        ]
        builder.add_paragraph(text, pieces=pieces)
    if not builder.paragraph_count:
        raise LoadError(LoadErrorKind.NO_TEXT, path, NO_TEXT_MESSAGE)
    title = _title(meta.pop("title", ""), paragraphs, path, vocab)
    # Running headers are gone by now (pdf_furniture); web furniture and bylines remain in
    # PDFs printed from news pages, and get the same marks as in the other formats.
    draft = builder.build(title=title, path=path, sha256=sha256, fmt=DocFormat.PDF)
    return builder.build(
        title=title,
        path=path,
        sha256=sha256,
        fmt=DocFormat.PDF,
        metadata={k: v for k, v in meta.items() if v},
        furniture=web_furniture(draft.text, draft.paragraphs),
    )


def open_pdf(data: bytes, path: str, password: str | None) -> pdfium.PdfDocument:
    """Open ``data`` with pdfium; a failure is the ``LoadError`` a user should read."""
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        # pdfium's error code is a global that a failed load does not always reset, so a
        # password error counts only when the file really has an /Encrypt dictionary.
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) and _encrypted(data):
            if code == pdfium_c.FPDF_ERR_SECURITY:
                detail = "the PDF uses an encryption scheme Concord cannot open"
                raise LoadError(LoadErrorKind.ENCRYPTED, path, detail) from exc
            if password is None:
                raise LoadError(LoadErrorKind.ENCRYPTED, path, ENCRYPTED_MESSAGE) from exc
            raise LoadError(LoadErrorKind.WRONG_PASSWORD, path, WRONG_PASSWORD_MESSAGE) from exc
        if _has_no_pages(data, password):
            raise LoadError(LoadErrorKind.EMPTY, path, "the PDF has no pages") from exc
        raise LoadError(
            LoadErrorKind.CORRUPT,
            path,
            "the PDF is damaged and cannot be read (its structure is broken or it is not a PDF)",
        ) from exc


def _encrypted(data: bytes) -> bool:
    return b"/Encrypt" in data


def _has_no_pages(data: bytes, password: str | None) -> bool:
    """pdfium refuses a PDF with an empty page tree; pdfminer tells that case from damage."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)  # its warnings are not for users
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password=password or "")
        return next(PDFPage.create_pages(doc), None) is None
    except Exception:  # any pdfminer failure means the file is damaged, not empty
        return False


def _read_pages(
    pdf: pdfium.PdfDocument,
    path: str,
    should_cancel: Callable[[], bool] | None,
    progress: Callable[[int, int, str], None] | None,
) -> list[PageGlyphs]:
    total = len(pdf)
    if total == 0:
        raise LoadError(LoadErrorKind.EMPTY, path, "the PDF has no pages")
    pages: list[PageGlyphs] = []
    broken = 0
    for i in range(total):
        if should_cancel is not None and should_cancel():
            raise LoadCancelled(f"reading {PurePath(path).name} was cancelled at page {i + 1}")
        try:
            page = pdf[i]
            try:
                pages.append(extract_page(page))
            finally:
                page.close()
        except pdfium.PdfiumError:
            # One damaged page should not cost the rest of the document; it reads as empty.
            broken += 1
            pages.append(PageGlyphs(_EMPTY_GEOMETRY, []))
        if progress is not None:
            progress(i + 1, total, f"Reading page {i + 1} of {total}")
    if broken == total:
        raise LoadError(LoadErrorKind.CORRUPT, path, "the PDF's pages are damaged and unreadable")
    return pages


def _layout(pages: list[PageGlyphs]) -> list[Paragraph]:
    main_rows = [page_rows(p.groups[0]) if p.groups else [] for p in pages]
    furniture = find_furniture(main_rows, [p.geometry.height for p in pages])
    asides = [[[f for row in page_rows(g) for f in row] for g in p.groups[1:]] for p in pages]
    pages_of: dict[str, set[int]] = {}
    for p, groups in enumerate(asides):
        for group in groups:
            for f in group:
                pages_of.setdefault(normalise(f.text), set()).add(p)
    need = min_repeats(len(pages))
    repeated_asides = {k for k, ps in pages_of.items() if len(pages) > 1 and len(ps) >= need}
    blocks: list[Block] = []
    for p, (page, rows) in enumerate(zip(pages, main_rows, strict=True)):
        frags: list[Fragment] = [
            f for r, row in enumerate(rows) for k, f in enumerate(row) if (p, r, k) not in furniture
        ]
        page_blocks = order_blocks(frags)
        # Text in other directions (axis labels, sideways notes) follows the page's main text,
        # unless it repeats page after page (a printer's slug or a sideways running footer).
        for group in asides[p]:
            kept = [f for f in group if normalise(f.text) not in repeated_asides]
            for block in order_blocks(kept):
                block.aside = True
                page_blocks.append(block)
        for block in page_blocks:
            for line in block.lines:
                line.page = p + 1
                line.bbox = page.geometry.display_bbox(*line.ubox)
        blocks += page_blocks
    return build_paragraphs(blocks)


_EMPTY_GEOMETRY = PageGeometry(0, (0.0, 0.0, 0.0, 0.0), 0.0, 0.0)

_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_BAD_TITLE = re.compile(
    r"^(untitled|title|document\d*|slide \d+|powerpoint presentation|microsoft word.*)$"
    r"|\.(docx?|pdf|rtf|txt|indd|qxd|p65|dvi|tex|odt|pages|xlsx?|pptx?)$",
    re.IGNORECASE,
)


def _metadata(pdf: pdfium.PdfDocument, pages: int) -> dict[str, str]:
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        info = {}
    meta = {
        "pages": str(pages),
        "title": _tidy(info.get("Title", "")),
        "author": _tidy(info.get("Author", "")),
        "producer": _tidy(info.get("Producer", "")),
        "date": _date(info.get("CreationDate", "") or info.get("ModDate", "")),
    }
    return meta


def _tidy(value: str) -> str:
    return " ".join(value.replace("\x00", "").split())


def _date(value: str) -> str:
    m = _DATE.match(value.strip())
    if not m or not (1900 <= int(m.group(1)) <= 2200):
        return ""
    parts = [m.group(1)]
    if m.group(2) and 1 <= int(m.group(2)) <= 12:
        parts.append(m.group(2))
        if m.group(3) and 1 <= int(m.group(3)) <= 31:
            parts.append(m.group(3))
    return "-".join(parts)


def _sensible_title(title: str) -> str:
    title = re.sub(r"^Microsoft (Word|PowerPoint) - ", "", title).strip()
    if len(title) < 3 or sum(ch.isalpha() for ch in title) < 2 or _BAD_TITLE.search(title):
        return ""
    return title


def _title(meta_title: str, paragraphs: list[Paragraph], path: str, vocab: set[str]) -> str:
    """PDF metadata title if sensible, else the first heading-like line, else the file stem.

    Sensible: not a file name or a placeholder, and at least 70 % of its words occur in the
    text (templates often carry the title of the document they were copied from).
    """
    title = _sensible_title(meta_title)
    words = [w.lower() for w in re.findall(r"[^\W\d_]{3,}", title)]
    if words and sum(w in vocab for w in words) >= 0.7 * len(words):
        return title[:200]
    lines = [line for para in paragraphs for line in para.lines]
    if lines:
        body = median(line.height for line in lines)
        first_page = [p for p in paragraphs[:12] if p.lines[0].page == paragraphs[0].lines[0].page]
        best = max(first_page, key=lambda p: p.lines[0].height)
        if best.lines[0].height >= 1.15 * body:
            return _heading_text(best)
        first = _heading_text(paragraphs[0])
        if 3 <= len(first) <= 120 and any(ch.isalpha() for ch in first):
            return first
    return PurePath(path).stem


def _heading_text(para: Paragraph) -> str:
    """A heading of up to three lines; a longer paragraph gives only its first line."""
    lines: list[Line] = para.lines if len(para.lines) <= 3 else para.lines[:1]
    return " ".join(clean(line.text).strip() for line in lines)[:200]
