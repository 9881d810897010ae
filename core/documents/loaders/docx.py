"""DOCX loader (python-docx): body paragraphs and tables in reading order, metadata, furniture.

Only the main document body is read: headers, footers, comments, footnotes and endnotes live in
other parts of the package and are never visited. Deleted tracked changes (``w:del``) and text
boxes are left out; inserted tracked changes, hyperlinks, fields and content controls are read.
A table becomes one paragraph per row, its cells joined with " | " (a nested table is flattened
into its cell the same way). ``SourceRef.paragraph`` is the 0-based index of the source block in
reading order, where a block is a body paragraph or a table row, empty ones included.
Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lxml import etree

from core.documents.errors import LoadError, LoadErrorKind
from core.documents.furniture import find_furniture
from core.documents.loaders.builder import TextBuilder
from core.documents.model import DocFormat, Document, Span

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P = f"{{{W}}}p"
_TBL = f"{{{W}}}tbl"
_TR = f"{{{W}}}tr"
_TC = f"{{{W}}}tc"
_SDT = f"{{{W}}}sdt"
_SDT_CONTENT = f"{{{W}}}sdtContent"
_STYLE = f"{{{W}}}pStyle"
_VAL = f"{{{W}}}val"
#: Run content that becomes text; everything else inside a paragraph is skipped.
_TEXT_TAGS = {f"{{{W}}}t": None, f"{{{W}}}tab": "\t", f"{{{W}}}noBreakHyphen": "-"}
_BREAK_TAGS = {f"{{{W}}}br", f"{{{W}}}cr"}
#: Subtrees whose text is not part of the paragraph as read: deleted revisions, text boxes,
#: drawing fallbacks (which duplicate the drawing's text), footnote and comment references.
_SKIP_TAGS = {
    f"{{{W}}}del",
    f"{{{W}}}moveFrom",
    f"{{{W}}}txbxContent",
    f"{{{W}}}pPr",
    f"{{{W}}}rPr",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    "{urn:schemas-microsoft-com:vml}textbox",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
#: document.xml larger than this when unpacked is refused (a zip bomb, or not a press text).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
CELL_SEPARATOR = " | "
_CUSTOM_KEYS = {"site": "site", "outlet": "site", "publication": "site", "source": "site"}


def _check_container(data: bytes, path: str) -> None:
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise LoadError(
                LoadErrorKind.ENCRYPTED,
                path,
                "password-protected Word file; remove the password in Word and try again",
            )
        raise LoadError(
            LoadErrorKind.UNSUPPORTED,
            path,
            "this is an old Word 97-2003 (.doc) file; open it in Word and save it as .docx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = {i.filename: i for i in zf.infolist()}
            if "word/document.xml" not in info:
                raise LoadError(
                    LoadErrorKind.CORRUPT,
                    path,
                    "is a zip archive but not a Word document (no word/document.xml inside)",
                )
            if info["word/document.xml"].file_size > MAX_UNPACKED_BYTES:
                raise LoadError(
                    LoadErrorKind.TOO_LARGE, path, "the Word document is too large to read"
                )
    except zipfile.BadZipFile as exc:
        raise LoadError(
            LoadErrorKind.CORRUPT,
            path,
            "the Word file is damaged (not a valid .docx zip archive); "
            "open it in Word and save it again",
        ) from exc


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_TAGS or tag == _P:
                continue
            if tag in _TEXT_TAGS:
                value = _TEXT_TAGS[tag]
                parts.append((child.text or "") if value is None else value)
            elif tag in _BREAK_TAGS:
                parts.append("\n")
            else:
                walk(child)

    walk(p)
    text = "".join(parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _style_id(p: Any) -> str:
    el = p.find(f"{{{W}}}pPr/{_STYLE}")
    return str(el.get(_VAL)) if el is not None else ""


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables under ``parent`` in order, looking through content controls."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)


def _cell_text(tc: Any) -> str:
    parts: list[str] = []
    for block in _blocks(tc):
        if block.tag == _P:
            parts.append(_paragraph_text(block).replace("\n", " "))
        else:
            parts.extend(_row_text(tr) for tr in _rows(block))
    return " ".join(p for p in parts if p)


def _rows(tbl: Any) -> Iterator[Any]:
    for child in tbl:
        if child.tag == _TR:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from (c for c in content if c.tag == _TR)


def _row_text(tr: Any) -> str:
    cells: list[str] = []
    for child in tr:
        if child.tag == _TC:
            cells.append(_cell_text(child))
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                cells.extend(_cell_text(tc) for tc in content if tc.tag == _TC)
    if not any(cells):
        return ""
    return CELL_SEPARATOR.join(cells).strip()


def _iso(value: datetime | None) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else ""


def _custom_properties(data: bytes) -> dict[str, str]:
    """``site`` from docProps/custom.xml (site, outlet, publication, source), if present."""
    out: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "docProps/custom.xml" not in zf.namelist():
            return out
        root = etree.fromstring(zf.read("docProps/custom.xml"))
    for prop in root:
        name = str(prop.get("name", "")).strip().lower()
        key = _CUSTOM_KEYS.get(name)
        value = " ".join("".join(prop.itertext()).split())
        if key and value and key not in out:
            out[key] = value
    return out


def load(data: bytes, path: str, sha256: str) -> Document:
    _check_container(data, path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise LoadError(
            LoadErrorKind.CORRUPT,
            path,
            "the Word file is damaged (its document part cannot be read); "
            "open it in Word and save it again",
        ) from exc

    builder = TextBuilder()
    heading_title = ""
    first_text = ""
    index = 0
    # Table rows are joined with " | " and would read as web navigation menus.
    table_rows: set[Span] = set()
    for block in _blocks(word.element.body):
        if block.tag == _P:
            text = _paragraph_text(block)
            style = _style_id(block).lower()
            if text and not heading_title and (style == "title" or style.startswith("heading")):
                heading_title = text.replace("\n", " ")
            first_text = first_text or text
            builder.add_paragraph(text, paragraph=index)
            index += 1
        else:
            for tr in _rows(block):
                span = builder.add_paragraph(_row_text(tr), paragraph=index)
                if span is not None:
                    table_rows.add(span)
                index += 1

    props = word.core_properties
    first_line = first_text.split("\n", 1)[0]
    title = (
        (props.title or "").strip()
        or heading_title
        or (first_line if len(first_line) <= 150 else "")
        or path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    )
    metadata = {
        "author": (props.author or "").strip(),
        "date": _iso(props.created),
        "modified": _iso(props.modified),
    }
    metadata.update(_custom_properties(data))
    text = builder.text()
    draft = builder.build(title=title, path=path, sha256=sha256, fmt=DocFormat.DOCX)
    return builder.build(
        title=title,
        path=path,
        sha256=sha256,
        fmt=DocFormat.DOCX,
        metadata={k: v for k, v in metadata.items() if v},
        furniture=find_furniture(text, [p for p in draft.paragraphs if p not in table_rows]),
    )
