"""HTML loader: the article body only (trafilatura), with title, date, author and site as metadata.

Navigation, share buttons, comment sections and cookie notices are dropped by trafilatura's
main-text extraction (comments excluded). Its text output puts every block (paragraph, heading,
list item, table row, line break) on its own line; each line becomes one paragraph here, with
``SourceRef.paragraph`` its 0-based index. The page title (metadata) is prepended as the first
paragraph when the article text does not already carry it. When trafilatura finds no article,
its baseline extractor (JSON-LD ``articleBody``, ``<article>``, all ``<p>``) and then a plain
HTML-to-text pass are tried before the page is declared empty. Bytes are decoded before
parsing: BOM, strict UTF-8, the declared ``<meta charset>``, then charset-normalizer.
Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import Any

from core.documents.errors import LoadError, LoadErrorKind
from core.documents.furniture import find_furniture
from core.documents.loaders.builder import TextBuilder
from core.documents.loaders.txt import mostly_utf8, normalise_newlines
from core.documents.model import DocFormat, Document

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
#: The WHATWG encoding standard reads these labels as windows-1252.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "l1": "cp1252",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Extraction settings: article text only, tables kept, comments out.
_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_formatting": False,
    "include_links": False,
    "include_images": False,
    "favor_recall": True,
    "with_metadata": True,
}


def declared_charset(data: bytes) -> str | None:
    """The encoding named by ``<meta charset>`` or an XML declaration, if Python knows it."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """``(markup, encoding)``. Valid UTF-8 wins over a declared charset: pages often lie."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared in (None, "utf-8"):
        damaged = mostly_utf8(data, ratio=1 if declared else 10)
        if damaged is not None:
            return damaged, "utf-8"
    if declared and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    if declared:
        return data.decode(declared, errors="replace"), declared
    raise LoadError(
        LoadErrorKind.UNDECODABLE,
        path,
        "cannot tell the text encoding of this web page; save it again as UTF-8 and try again",
    )


def _clean_lines(text: str) -> list[str]:
    lines = []
    for raw in normalise_newlines(text).split("\n"):
        line = " ".join(raw.replace("\xa0", " ").split())
        if line:
            lines.append(line)
    return lines


def _fallback_text(markup: str) -> str:
    """Readable text when no article was found: trafilatura's baseline, then plain html2txt."""
    import trafilatura

    try:
        _, text, _ = trafilatura.baseline(markup)
    except Exception:  # the fallback must never be the thing that fails
        log.debug("trafilatura baseline failed", exc_info=True)
        text = ""
    if text and text.strip():
        return str(text)
    try:
        return str(trafilatura.html2txt(markup) or "")
    except Exception:
        log.debug("trafilatura html2txt failed", exc_info=True)
        return ""


def _as_document(markup: str) -> str:
    """Wrap a bare fragment (``<div><p>...``) in ``<html>``: trafilatura ignores fragments."""
    if re.search(r"<html[\s>]", markup[:4096], re.IGNORECASE):
        return markup
    return f"<html><body>{markup}</body></html>"


def extract(markup: str) -> tuple[list[str], dict[str, str]]:
    """Article lines and metadata (title, date, author, site, url) of a page."""
    import trafilatura

    markup = _as_document(markup)
    result = trafilatura.bare_extraction(markup, **_OPTIONS)
    metadata: dict[str, str] = {}
    text = ""
    if result is not None:
        text = str(getattr(result, "text", "") or "")
        for key, attr in (
            ("title", "title"),
            ("date", "date"),
            ("author", "author"),
            ("site", "sitename"),
            ("url", "url"),
        ):
            value = getattr(result, attr, None)
            if value:
                metadata[key] = " ".join(str(value).split())
    lines = _clean_lines(text)
    if not lines:
        lines = _clean_lines(_fallback_text(markup))
    if "title" not in metadata:
        try:
            meta = trafilatura.extract_metadata(markup)
        except Exception:
            log.debug("trafilatura metadata failed", exc_info=True)
            meta = None
        if meta is not None and meta.title:
            metadata["title"] = " ".join(str(meta.title).split())
    return lines, metadata


def load(data: bytes, path: str, sha256: str) -> Document:
    markup, encoding = decode_html(data, path)
    if not markup.strip():
        raise LoadError(LoadErrorKind.EMPTY, path, "the web page is empty")
    lines, metadata = extract(markup)
    if not lines:
        raise LoadError(
            LoadErrorKind.EMPTY,
            path,
            "no readable article text found in this web page (it may be built by JavaScript; "
            "save the page's text instead)",
        )
    title = metadata.pop("title", "")
    # The headline is part of the report; trafilatura's text often starts below it.
    if len(title.split()) >= 4 and not any(title.lower() in line.lower() for line in lines[:5]):
        lines.insert(0, title)
    builder = TextBuilder()
    for index, line in enumerate(lines):
        builder.add_paragraph(line, paragraph=index)
    draft = builder.build(title="", path=path, sha256=sha256, fmt=DocFormat.HTML)
    furniture = find_furniture(draft.text, draft.paragraphs)
    title = title or lines[0][:150]
    metadata["encoding"] = encoding
    return builder.build(
        title=title,
        path=path,
        sha256=sha256,
        fmt=DocFormat.HTML,
        metadata=metadata,
        furniture=furniture,
    )
