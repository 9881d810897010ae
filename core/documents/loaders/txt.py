"""Plain-text loader: detect the encoding, normalise line endings, split paragraphs, find furniture.

Encodings: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) wins; BOM-less UTF-16 is recognised by
its pattern of zero bytes; then strict UTF-8; then charset-normalizer for legacy code pages
(cp1252 and friends). Binary junk gives ``LoadError(UNDECODABLE)``. Line ends are CRLF, CR, LF
or a CRLF converted twice (CR CR LF); form feeds end pages, and a text paged so loses its
running heads, footers and page numbers (``txt_pages``), as a PDF does. Paragraphs come
from ``txt_paragraphs.split_paragraphs`` (blocks between blank lines, read as wrapped text
where the layout says so); a hyphenation at a line's end is joined (``hyphens``). Every
source line gets its own ``SourceRef`` with a 1-based ``line``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from core.documents.errors import LoadError, LoadErrorKind
from core.documents.furniture import find_furniture
from core.documents.loaders.builder import TextBuilder
from core.documents.loaders.hyphens import line_end, words_in
from core.documents.loaders.txt_pages import running_lines
from core.documents.loaders.txt_paragraphs import split_paragraphs
from core.documents.model import DocFormat, Document, SourceRef

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters that never occur in real text (tab, newlines and form feed excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Line ends of a word broken across two lines (a hyphen, a soft hyphen).
_BROKEN = ("-", "‐", "\xad")
_UNDECODABLE = (
    "cannot tell the text encoding (the file looks binary, not text); "
    "save it as UTF-8 text and try again"
)


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when zero bytes sit in one byte position only (ASCII-ish UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    even_zero = even.count(0) / len(even)
    odd_zero = odd.count(0) / len(odd)
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def mostly_utf8(data: bytes, ratio: int = 10) -> str | None:
    """UTF-8 text with a few damaged bytes (replaced), or None when it is not UTF-8 at all.

    Accepted only when valid multi-byte characters far outnumber the bad bytes: a cp1252 file
    has no valid multi-byte sequences, so its curly quotes never pass as damaged UTF-8.
    ``ratio`` is how many good characters each bad byte needs (lower when UTF-8 is declared).
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if bad <= max(3, len(text) // 1000) and good >= ratio * bad:
        return text
    return None


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = len(_CONTROL.findall(text[:65536]))
    return bad > max(2, len(text[:65536]) // 100)


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """``(text, encoding)`` for the bytes of a text file, or ``LoadError(UNDECODABLE)``."""
    candidates: list[tuple[str, int]] = []
    bom = _bom_encoding(data)
    if bom:
        candidates.append(bom)
    else:
        utf16 = _utf16_without_bom(data)
        if utf16:
            candidates.append((utf16, 0))
        candidates.append(("utf-8", 0))
    for encoding, skip in candidates:
        try:
            text = data[skip:].decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise LoadError(LoadErrorKind.UNDECODABLE, path, _UNDECODABLE)
        return text, encoding
    if bom:
        raise LoadError(
            LoadErrorKind.UNDECODABLE,
            path,
            f"cannot tell the text encoding (it starts with a {bom[0].upper()} mark but does "
            "not decode as such); save it as UTF-8 text and try again",
        )
    if data.count(0) > len(data) // 100:
        raise LoadError(LoadErrorKind.UNDECODABLE, path, _UNDECODABLE)
    damaged = mostly_utf8(data)
    if damaged is not None and not _looks_binary(damaged):
        return damaged, "utf-8"
    return _decode_legacy(data, path)


def _decode_legacy(data: bytes, path: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise LoadError(LoadErrorKind.UNDECODABLE, path, _UNDECODABLE)
    encoding = best.encoding
    # Short Western texts are often guessed as a sibling code page; cp1252 is by far the most
    # common legacy encoding for English press text, so prefer it when it reads the same letters.
    if encoding in ("latin_1", "iso8859_15", "cp1250", "mac_roman", "cp1254", "cp1257"):
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            western = ""
        if western and not _CONTROL.search(western) and not re.search("[\x80-\x9f]", western):
            guess = str(best)
            if encoding == "latin_1" or _letters(western) >= _letters(guess):
                encoding = "cp1252"
    text = data.decode(encoding, errors="replace")
    if _looks_binary(text) or text.count("\ufffd") > max(2, len(text) // 100):
        raise LoadError(LoadErrorKind.UNDECODABLE, path, _UNDECODABLE)
    return text, encoding


def _letters(text: str) -> int:
    """How many characters are letters or common punctuation of Western European text."""
    return sum(1 for ch in text if ch.isalpha() or ch in "’‘“”–—…£€ ")


def line_ends(text: str) -> str:
    """Every line end as LF, form feeds (page breaks) kept."""
    # "\r\r\n" is one line end written through a second CRLF conversion (a Windows tool saving
    # text that had CRLFs already); read as CR then CRLF it put a blank line after every line.
    text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n")
    for separator in ("\u2028", "\x85"):
        if separator in text:
            text = text.replace(separator, "\n")
    return text


def normalise_newlines(text: str) -> str:
    """Every line end as LF, and a form feed as one more line end."""
    return line_ends(text).replace("\x0c", "\n")


def guess_title(lines: list[str], furniture_lines: set[int], path: str) -> str:
    """The first non-furniture line that looks like a headline, else the start of the text."""
    content = [line.strip() for i, line in enumerate(lines) if i not in furniture_lines]
    content = [line for line in content if line]
    for line in content[:5]:
        words = len(line.split())
        if 3 <= words <= 20 and len(line) <= 160 and not re.search(r"[.;,:]\s*$", line):
            return line
    if content:
        first = content[0]
        if len(first) <= 100:
            return first
        cut = first[:100].rsplit(" ", 1)[0]
        return cut + "…"
    return Path(path).stem


def _join_hyphenations(para: list[tuple[int, str]], vocab: set[str]) -> list[tuple[int, str]]:
    """A word broken at a line's end ("reaff-" + "irm") made whole on the first line, as the
    PDF loader joins it (``hyphens.line_end``); the lines keep their breaks, so the segmenter
    still reads the text's printed width. A line left empty is dropped."""
    out: list[tuple[int, str]] = []
    lines = list(para)
    for i, (number, line) in enumerate(lines):
        if not line:
            continue
        if i + 1 < len(lines) and lines[i + 1][1]:
            nxt_number, nxt = lines[i + 1]
            joined, glue = line_end(line, nxt, vocab)
            # Only a broken word is made whole here; an address or range at a line's end
            # keeps its line break ("www.gov.uk." + "Further ..." are two words).
            if glue == "" and line.endswith(_BROKEN):
                line = joined
                head, _, rest = nxt.partition(" ")
                line += head
                lines[i + 1] = (nxt_number, rest.strip())
        out.append((number, line))
    return out


def load(data: bytes, path: str, sha256: str) -> Document:
    text, encoding = decode_bytes(data, path)
    text = line_ends(text).lstrip("\ufeff")
    # Running heads and page numbers are found while the form feeds still mark the pages, and
    # left out: as in a PDF, a sentence then goes on across the page break.
    running = running_lines(text)
    text = text.replace("\x0c", "\n")
    builder = TextBuilder()
    vocab: set[str] | None = None
    for para in split_paragraphs(text, skip=running):
        if any(line.endswith(_BROKEN) for _, line in para):
            vocab = words_in(text) if vocab is None else vocab
            para = _join_hyphenations(para, vocab)
        body_parts: list[str] = []
        pieces: list[tuple[int, int, SourceRef]] = []
        pos = 0
        for number, line in para:
            if body_parts:
                body_parts.append("\n")
                pos += 1
            body_parts.append(line)
            pieces.append((pos, pos + len(line), SourceRef(0, 0, line=number)))
            pos += len(line)
        builder.add_paragraph("".join(body_parts), pieces=pieces)
    draft = builder.build(title="", path=path, sha256=sha256, fmt=DocFormat.TXT)
    furniture = find_furniture(draft.text, draft.paragraphs)
    # The title is looked for near the top only; a paragraph counts as furniture when a
    # furniture span covers its first character.
    head = draft.paragraphs[:30]
    first_lines = [draft.text[p.start : p.end].split("\n", 1)[0] for p in head]
    furniture_first = {
        i for i, p in enumerate(head) if any(f.start <= p.start < f.end for f in furniture)
    }
    title = guess_title(first_lines, furniture_first, path)
    return builder.build(
        title=title,
        path=path,
        sha256=sha256,
        fmt=DocFormat.TXT,
        metadata={"encoding": encoding},
        furniture=furniture,
    )
