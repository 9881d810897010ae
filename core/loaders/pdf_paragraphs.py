"""Paragraphs from ordered PDF lines: splitting, cross-column continuation, hyphen joining.

Within a block (one column of one band) a new paragraph starts when
* the line pitch exceeds 1.3 times the document's typical pitch for that line height,
* the line height changes by more than 30 % (a heading next to body text),
* the line starts with a bullet glyph, or
* the line is indented against the line before (first-line indent), unless the line before is
  the paragraph's first line (a hanging indent, as in bullet items and reference lists), or
* the paragraph has a hanging indent and the line returns to its first line's outdent.
A paragraph cut by a column or page break is rejoined when the text before the break does not
end a sentence and the text after it starts in lower case.

Lines of a paragraph are joined with one space. A line ending in a hyphen after a letter is a
hyphenation when the next line starts in lower case: "regu-" + "lation" -> "regulation", except
when the document itself spells the hyphenated form ("well-known") and never the joined one, or
the word already holds a hyphen ("state-of-the-" + "art"); then the hyphen stays and no space is
added. Before an upper-case letter or a digit the hyphen always stays ("COVID-" + "19"). Soft
hyphens (U+00AD) are always removed.

Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from core.loaders.pdf_layout import Block, Line

BULLETS = frozenset("•◦▪▫●○■□►▶➢➤✓✔❖♦◆·-*")
_NO_SPACE_AFTER = re.compile(r"^(https?://|www\.)\S*[/@.\-_]$|^\S+@$|^https?://$")
_SENTENCE_END = re.compile(r"[.!?:;…)\]\"'”’»]\s*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]|[^\W\d_]")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\xa0": " "}
)


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)
    #: True when the paragraph opens a block (column or page change) rather than a visual break.
    at_block_start: bool = False
    aside: bool = False


def clean(text: str) -> str:
    """Ligatures spelt out; private-use glyphs (symbol-font bullets) -> "•" first, else dropped."""
    text = text.translate(_LIGATURES)
    if _PRIVATE.search(text):
        if _PRIVATE.match(text):
            text = "•" + text[1:]
        text = _PRIVATE.sub("", text)
    return text


def build_paragraphs(blocks: list[Block]) -> list[Paragraph]:
    """Split every block into paragraphs and rejoin paragraphs cut by a column or page break."""
    ratio = _typical_pitch_ratio(blocks)
    paragraphs: list[Paragraph] = []
    for block in blocks:
        current: Paragraph | None = None
        for line in block.lines:
            if current is None or _starts_paragraph(current, line, block, ratio):
                current = Paragraph([line], current is None, block.aside)
                paragraphs.append(current)
            else:
                current.lines.append(line)
    merged: list[Paragraph] = []
    for para in paragraphs:
        if (
            merged
            and para.at_block_start
            and not (para.aside or merged[-1].aside)
            and _continues(merged[-1], para)
        ):
            merged[-1].lines.extend(para.lines)
        else:
            merged.append(para)
    return merged


def _typical_pitch_ratio(blocks: list[Block]) -> float:
    ratios = []
    for block in blocks:
        for prev, cur in zip(block.lines, block.lines[1:], strict=False):
            h = max(prev.height, cur.height, 1e-6)
            r = (cur.top - prev.top) / h
            if 0.7 < r < 3.0:
                ratios.append(r)
    return median(ratios) if ratios else 1.2


def _starts_paragraph(para: Paragraph, line: Line, block: Block, ratio: float) -> bool:
    prev = para.lines[-1]
    h = max(prev.height, line.height, 1e-6)
    if line.top - prev.top > 1.3 * ratio * h:
        return True
    if abs(line.height - prev.height) > 0.3 * min(prev.height, line.height):
        return True
    first = line.text.lstrip()[:1]
    # "-" and "*" start items only when a space follows ("-3 %" and "*Note" are text).
    if first in BULLETS and (first not in "-*" or line.text.lstrip()[1:2] == " "):
        return True
    indent = 0.6 * line.height
    if len(para.lines) >= 2:
        opener = para.lines[0]
        hanging = para.lines[1].x0 > opener.x0 + indent and prev.x0 > opener.x0 + indent
        if hanging and abs(line.x0 - opener.x0) <= indent:
            return True  # back at the outdent of a hanging-indent item: the next item
    if line.x0 > prev.x0 + indent and line.x0 > block.left + indent:
        # Hanging indent: continuation lines of an item are indented against its first line.
        return len(para.lines) > 1 and para.lines[0].text[:1] not in BULLETS
    return False


def _continues(before: Paragraph, after: Paragraph) -> bool:
    last = before.lines[-1].text.rstrip()
    nxt = after.lines[0].text.lstrip()
    if not last or not nxt or _SENTENCE_END.search(last):
        return False
    return nxt[0].islower() or (last.endswith("-") and nxt[0].isalpha())


def vocabulary(paragraphs: list[Paragraph]) -> set[str]:
    """Lower-cased words of the whole document, for deciding hyphenations."""
    words: set[str] = set()
    for para in paragraphs:
        for line in para.lines:
            words.update(w.lower() for w in _WORD.findall(line.text))
    return words


def join_lines(texts: list[str], vocab: set[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join a paragraph's line texts; returns the text and each line's ``(start, end)`` in it."""
    out = ""
    spans: list[tuple[int, int]] = []
    for i, raw in enumerate(texts):
        text = raw.strip()
        if i + 1 < len(texts):
            text, glue = _line_end(text, texts[i + 1].strip(), vocab)
        else:
            glue = ""
        start = len(out)
        out += text
        spans.append((start, len(out)))
        out += glue
    return out, spans


def _line_end(text: str, nxt: str, vocab: set[str]) -> tuple[str, str]:
    """The line's text (hyphen removed if it was a hyphenation) and the glue before the next."""
    if text.endswith("\xad"):
        return text[:-1], ""
    last = text.rsplit(" ", 1)[-1]
    if nxt and (_NO_SPACE_AFTER.search(last) or (last[-1:] in "–—" and last[:-1].isdigit())):
        # A URL or e-mail address broken after "://", "/" or "@"; "2018–" + "23–51".
        return text, ""
    if len(text) < 2 or not text.endswith(("-", "‐")) or not text[-2].isalpha() or not nxt:
        return text, " "
    if not nxt[0].islower():
        return text, ""
    stem = text.rsplit(" ", 1)[-1][:-1]
    m = _WORD.match(nxt)
    tail = m.group(0) if m else nxt.split(" ", 1)[0]
    joined = (stem + tail).lower()
    hyphenated = f"{stem}-{tail}".lower()
    if "-" in stem or (hyphenated in vocab and joined not in vocab):
        return text, ""
    return text[:-1], ""
