"""Paragraphs from ordered PDF lines: splitting, cross-column continuation, hyphen joining.

Within a block (one column of one band) a new paragraph starts when
* the line pitch is over 1.3 times the usual pitch for its font size (the smallest common pitch
  after full lines, per size, so that footnotes and short paragraphs do not skew it), unless a
  full line without a sentence end runs on into a lower-case line;
* the font size changes by more than 10 % (a heading, dateline or byline next to body text;
  the box height by more than 30 % when pdfium gives no size), unless a lower-case line goes
  on with an unfinished sentence;
* the line starts with a bullet glyph, or with the same symbol-and-space as the paragraph's
  first line (symbol-font bullets that come out as "!" or "§");
* the line starts with a list number ("3.", "(b)", "iv)") that follows the number opening the
  paragraph at the same indent, or any list number after a line ending a sentence or a colon
  (one or two digits only, so a wrapped "2032." stays; "A." only in sequence: an initial);
* the line is indented against the line before (first-line indent), unless the line before is
  the paragraph's first line (a hanging indent, as in list items and reference lists);
* the line before is short (under half the column's width), does not end a sentence or a
  clause, and this line starts in upper case and is full or a little apart or in a slightly
  other size: a heading, dateline or byline in body size;
* the paragraph has a hanging indent and the line returns to its first line's outdent.
Lines starting in lower case never start a paragraph by the last two rules.
A paragraph cut by a column or page break is rejoined when the text before the break does not
end a sentence and the text after it starts in lower case.

Lines of a paragraph are joined with one space by ``hyphens.join_lines``, which also undoes
hyphenations ("regu-" + "lation" -> "regulation").

Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from core.documents.loaders.hyphens import words_in
from core.documents.loaders.pdf_layout import Block, Line

BULLETS = frozenset("•◦▪▫●○■□►▶➢➤✓✔❖♦◆·-*")
#: A line pitch this much wider than the usual one is a paragraph break.
GAP_STEP = 0.3
#: Font sizes differing by more than this fraction are different kinds of text.
SIZE_STEP = 0.1
#: A line shorter than this fraction of the column's full width is short ...
SHORT_LINE = 0.5
#: ... and one at least this wide is full.
FULL_LINE = 0.75
FULL_PERCENTILE = 0.9
#: Lines of one size need this many equal pitches to have a usual pitch of their own.
MIN_CLUSTER = 5
#: Punctuation that opens text rather than marking a list item.
_NOT_BULLETS = frozenset("\"'“”‘’„«»([{<$£€¥%&+=/\\|–—.,;:?")
#: Line ends that leave a sentence open: the next line goes on with it.
_OPEN_ENDS = (",", "-", "–", "—", "(", "/", "&", "+")
_SENTENCE_END = re.compile(r"[.!?:;…)\]\"'”’»]\s*$")
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
    widths = [_column_width(block) for block in blocks]
    leading = Leading(blocks, widths)
    paragraphs: list[Paragraph] = []
    for block, width in zip(blocks, widths, strict=True):
        current: Paragraph | None = None
        for line in block.lines:
            if current is None or _starts_paragraph(current, line, width, block.left, leading):
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


def _unit(line: Line) -> float:
    """The line's font size, or its box height when pdfium gave no size."""
    return line.size if line.size > 0 else line.height


class Leading:
    """The document's usual line pitch (baseline to baseline) per font size.

    Per size, because footnotes and tables are often set tighter than body text. Within one
    size the usual pitch is the smallest pitch that is common, not the median: in a document
    of two-line paragraphs (press reports) half the pitches are paragraph breaks.
    """

    def __init__(self, blocks: list[Block], widths: list[float]) -> None:
        by_unit: dict[float, list[float]] = {}
        for full in (True, False):
            for block, width in zip(blocks, widths, strict=True):
                for prev, cur in zip(block.lines, block.lines[1:], strict=False):
                    u = _unit(cur)
                    if abs(_unit(prev) - u) > 0.05 * u or u <= 0:
                        continue
                    # Only after a full line does the text surely go on in the same paragraph
                    # (chart labels and one-line paragraphs are spaced wider).
                    if full and prev.x1 - prev.x0 < FULL_LINE * width:
                        continue
                    r = (cur.bottom - prev.bottom) / u
                    if 0.7 < r < 4.0:
                        by_unit.setdefault(round(u * 2) / 2, []).append(r)
            if by_unit:
                break
        every = [r for rs in by_unit.values() for r in rs]
        self.default = _lower_mode(every, 1) or 1.2
        self.by_unit: dict[float, float] = {}
        for u, rs in by_unit.items():
            # Sizes with few regular lines (figure labels, headings) take the document's pitch.
            typical = _lower_mode(rs, MIN_CLUSTER)
            if typical:
                self.by_unit[u] = typical

    def pitch(self, prev: Line, line: Line) -> float:
        """The distance the next line's bottom would usually have from ``prev``'s."""
        u = max(_unit(prev), _unit(line), 1e-6)
        return u * self.by_unit.get(round(u * 2) / 2, self.default)


def _lower_mode(ratios: list[float], least: int) -> float:
    """Median of the first cluster (ratios within 8 %) holding half as many as the largest.

    0 when no cluster holds ``least`` ratios.
    """
    if not ratios:
        return 0.0
    values = sorted(ratios)
    counts = []
    end = 0
    for i, r in enumerate(values):
        while end < len(values) and values[end] <= r * 1.08:
            end += 1
        counts.append(end - i)
    if max(counts) < least:
        return 0.0
    need = max(0.5 * max(counts), least)
    i = next(k for k, c in enumerate(counts) if c >= need)
    return median(values[i : i + counts[i]])


def _column_width(block: Block) -> float:
    """Width of a full line of the block: most lines of running text reach it.

    A high percentile rather than the block's extent, so one wide table row or figure label
    does not make every line of the column look short.
    """
    widths = sorted(line.x1 - line.x0 for line in block.lines)
    return widths[int(FULL_PERCENTILE * (len(widths) - 1))] if widths else 0.0


def _size_change(a: Line, b: Line) -> float:
    """Relative font size difference; from line heights when pdfium gave no sizes."""
    if a.size > 0 and b.size > 0:
        return abs(a.size - b.size) / min(a.size, b.size)
    # Heights also differ between fonts of one size, so they count for less.
    return abs(a.height - b.height) / max(min(a.height, b.height), 1e-6) * SIZE_STEP / 0.3


def _starts_paragraph(
    para: Paragraph, line: Line, width: float, left: float, leading: Leading
) -> bool:
    prev = para.lines[-1]
    # How much wider than usual the line spacing is (0.3: 30 % more).
    extra = (line.bottom - prev.bottom) / leading.pitch(prev, line) - 1
    prev_text = prev.text.rstrip()
    text = line.text.lstrip()
    first = text[:1]
    # A line that ends mid-sentence and a next line in lower case: the sentence goes on, in
    # another size (a quoted phrase) or, after a full line, however wide the spacing (a
    # quotation set with more leading than the body text).
    goes_on = first.islower() and not _SENTENCE_END.search(prev_text)
    full = width > 0 and prev.x1 - prev.x0 >= FULL_LINE * width
    if extra > GAP_STEP and not (goes_on and full):
        return True
    change = _size_change(prev, line)
    if change > SIZE_STEP and not goes_on:
        return True  # a heading, dateline or caption next to body text
    # "-" and "*" start items only when a space follows ("-3 %" and "*Note" are text).
    if first in BULLETS and (first not in "-*" or text[1:2] == " "):
        return True
    opener = para.lines[0]
    indent = 0.6 * line.height
    at_outdent = abs(line.x0 - opener.x0) <= indent
    symbol = _symbol_bullet(text)
    if symbol and at_outdent and symbol == _symbol_bullet(opener.text.lstrip()):
        # Bullets in a symbol font often come out as ordinary characters ("!", "§"): a line
        # starting like the paragraph's first line, with a space after, is a sibling item.
        return True
    markers = _markers(text)
    if markers:
        if at_outdent and _follows(opener.text, markers):
            return True  # the next number of the list, at the list's outdent
        if _SENTENCE_END.search(prev.text) and any(not loose for *_, loose in markers):
            return True  # a numbered item after a finished sentence or a colon
    indented = line.x0 > prev.x0 + indent and line.x0 > left + indent
    if indented and len(para.lines) > 1 and opener.text[:1] not in BULLETS and not goes_on:
        # A first-line indent; only the paragraph's second line may be indented against its
        # first (a hanging indent, as in list items and reference lists).
        return True
    if first.islower():
        return False  # a wrapped line of the same sentence
    if (
        width > 0
        and prev.x1 - prev.x0 < SHORT_LINE * width
        and not _SENTENCE_END.search(prev_text)
        and not prev_text.endswith(_OPEN_ENDS)
        and (line.x1 - line.x0 >= FULL_LINE * width or extra > GAP_STEP / 2 or change > 0.04)
    ):
        # A short unfinished line before a full one is a line of its own (a heading, a
        # dateline, a byline): a paragraph's lines only fall short at its end.
        return True
    if len(para.lines) >= 2:
        hanging = para.lines[1].x0 > opener.x0 + indent and prev.x0 > opener.x0 + indent
        if hanging and at_outdent:
            return True  # back at the outdent of a hanging-indent item: the next item
    return False


#: A list item's number: "3.", "12)", "(b)", "iv.", "A)"; 1-2 digits, so years are not items.
_MARKER = re.compile(r"\(?(\d{1,2}|[ivx]{1,5}|[IVX]{1,5}|[a-zA-Z])([.)])\s+\S")
_ROMAN = {"i": 1, "v": 5, "x": 10}

Marker = tuple[str, str, int, bool]  # kind ("1", "a", "A", "i", "I"), delimiter, value, loose


def _markers(text: str) -> list[Marker]:
    """Every reading of a list number at the start of ``text`` ("i." is roman 1 or letter 9).

    ``loose``: an upper-case letter with a full stop, which is as likely an initial ("J. Smith").
    """
    m = _MARKER.match(text)
    if m is None:
        return []
    token, delim = m.group(1), m.group(2)
    out: list[Marker] = []
    if token.isdigit():
        return [("1", delim, int(token), False)]
    if token.lower().strip("ivx") == "":
        value = _roman(token.lower())
        if value:
            out.append(("I" if token.isupper() else "i", delim, value, False))
    if len(token) == 1:
        kind = "A" if token.isupper() else "a"
        out.append((kind, delim, ord(token.lower()) - 96, token.isupper() and delim == "."))
    return out


def _roman(token: str) -> int:
    total = 0
    for ch, nxt in zip(token, token[1:] + " ", strict=True):
        v = _ROMAN[ch]
        total += -v if _ROMAN.get(nxt, 0) > v else v
    return total if 0 < total < 40 else 0


def _symbol_bullet(text: str) -> str:
    """The first character when it is a lone symbol followed by a space (a bullet candidate)."""
    first = text[:1]
    if text[1:2] == " " and first and not first.isalnum() and first not in _NOT_BULLETS:
        return first
    return ""


def _follows(opener: str, markers: list[Marker]) -> bool:
    """Whether a line's number is the successor of the number opening ``opener``."""
    before = _markers(opener.lstrip())
    return any(
        (k1, d1, v1 + 1) == (k2, d2, v2) for k1, d1, v1, _ in before for k2, d2, v2, _ in markers
    )


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
            words |= words_in(line.text)
    return words
