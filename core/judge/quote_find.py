"""Find quoted speech in a report's text: spans inside the quote marks, and who said it.

Handles straight and curly, double and single marks; tells apostrophes (don't, Rwanda’s,
the '90s, lordships' ) from quote marks by the characters around them; follows the journalism
convention that a quote left open at a paragraph's end goes on in the next paragraph when that
one opens with a quote mark; keeps quotes nested inside another quote as part of the outer one.
Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.documents import Span
from core.judge.speakers import attribute_speakers

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
_ALL_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + '"' + "'"

#: Characters after which a mark that is followed by text opens a quote.
_OPEN_BEFORE = "([{<-–—/:;" + _ALL_MARKS
#: Characters before which a mark that follows text closes a quote.
_CLOSE_AFTER = ".,;:!?)]}>-–—…" + _ALL_MARKS

#: A line shorter than this is a heading or byline, never a wrapped line of a paragraph.
_SHORT_LINE = 50
#: Quotes of this many words or fewer are "scare quotes": judged on the words alone.
SHORT_QUOTE_WORDS = 2

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_MARK = re.compile(f"[{re.escape(_ALL_MARKS)}]")


@dataclass(frozen=True)
class FoundQuote:
    """Quoted words in a report: ``span`` covers the words inside the marks, marks excluded."""

    span: Span
    text: str
    speaker: str | None
    #: "double" or "single": the kind of the outer marks.
    style: str
    #: How many paragraphs the quote runs over (1 for most quotes).
    paragraphs: int = 1

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))

    @property
    def is_short(self) -> bool:
        """A one- or two-word quote ("scare quote"), judged on its words alone."""
        return self.word_count <= SHORT_QUOTE_WORDS


@dataclass(frozen=True)
class _Mark:
    pos: int
    style: str  # "double" | "single"
    role: str  # "open" | "close" | "either"


def _style(ch: str) -> str:
    return "double" if ch in DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT_DOUBLE else "single"


def _classify(text: str, i: int) -> str | None:
    """Role of the quote-like character at ``i``: open, close, either, or None (apostrophe)."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in SINGLE_CLOSE + STRAIGHT_SINGLE:
        if prev.isalnum() and nxt.isalnum():
            return None  # don't, Rwanda’s, rock'n'roll
        # '90s, ’20s: an elided century; a quoted number ('5 years') is far rarer
        if (prev.isspace() or prev in "([") and re.match(r"\d\ds\b|\d\d\b", text[i + 1 : i + 5]):
            return None
        if ch == "’" and prev.isspace() and nxt.isalpha():
            return "open"  # a wrongly curled opening mark, common in pasted web text
    if ch in DOUBLE_OPEN + SINGLE_OPEN:
        return "open"
    if ch in DOUBLE_CLOSE + SINGLE_CLOSE:
        return "close"
    opens = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER)
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    if ch == STRAIGHT_SINGLE:
        return None  # a lone ' between spaces or glued on both sides is no quote mark
    return "either"


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    out = []
    for m in _MARK.finditer(text, start, end):
        role = _classify(text, m.start())
        if role is not None:
            out.append(_Mark(m.start(), _style(m.group(0)), role))
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges for the quote scan.

    Blank lines always end a paragraph. A single line break ends one too when the line ends a
    sentence or a quote, is short (a heading, a byline) or the next line opens with a quote
    mark; other breaks only wrap a line (PDF text) and a quote runs on through them.
    """
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"\n", text):
        line = text[start : m.start()].rstrip()
        if not line.strip():
            start = m.end()
            continue
        following = text[m.end() : m.end() + 3].lstrip(" \t")
        line_len = len(line.lstrip())
        if (
            not following
            or following[0] == "\n"
            or line[-1] in ".!?:…" + _ALL_MARKS
            or following[0] in _ALL_MARKS
            or line_len < _SHORT_LINE
        ):
            out.append((start, m.start()))
            start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _is_possessive(text: str, marks: list[_Mark], k: int) -> bool:
    """A plural possessive (``the lordships' court``) inside an open single quote.

    Taken as an apostrophe only when a later single closing mark follows with no opening mark
    in between, so ``the 'guarantees' outlined`` still closes where it should.
    """
    m = marks[k]
    if text[m.pos - 1 : m.pos] != "s" or not re.match(r"\s+[a-z0-9]", text[m.pos + 1 : m.pos + 3]):
        return False
    for later in marks[k + 1 : k + 60]:
        if later.style != "single":
            continue
        return later.role in ("close", "either")
    return False


@dataclass
class _Open:
    style: str
    start: int  # offset just after the opening mark
    paragraphs: int = 1


#: After this many dropped single marks in one paragraph the rest are taken as apostrophes,
#: so a paragraph full of stray marks costs linear, not quadratic, time.
_MAX_DROPPED_SINGLES = 20


def _continues(text: str, para: tuple[int, int], style: str, first: _Mark | None) -> bool:
    """The paragraph opens with a mark of ``style``: an open quote goes on into it."""
    lead = text[para[0] : para[1]].lstrip()
    return first is not None and first.style == style and lead[:1] == text[first.pos]


def _scan(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """Quote ranges ``(start, end, style, paragraphs)`` with ``start``/``end`` inside the marks."""
    found: list[tuple[int, int, str, int]] = []
    current: _Open | None = None
    for p, para in enumerate(paras):
        marks = _marks(text, *para)
        k = 0
        if current is not None:
            if _continues(text, para, current.style, marks[0] if marks else None):
                current.paragraphs += 1
                k = 1
            else:
                found.append((current.start, paras[p - 1][1], current.style, current.paragraphs))
                current = None
        nxt = paras[p + 1] if p + 1 < len(paras) else None
        next_opens_single = nxt is not None and text[nxt[0] : nxt[1]].lstrip()[:1] in "'‘’"
        opened: tuple[int, int] | None = None  # (mark index, len(found)) of a quote opened here
        dropped = 0
        while k < len(marks):
            m = marks[k]
            k += 1
            if current is None:
                if m.role in ("open", "either") and not (
                    m.style == "single" and dropped > _MAX_DROPPED_SINGLES
                ):
                    current = _Open(m.style, m.pos + 1)
                    opened = (k, len(found))
            elif (
                m.style == current.style
                and m.role in ("close", "either")
                and not (m.style == "single" and _is_possessive(text, marks, k - 1))
            ):
                found.append((current.start, m.pos, current.style, current.paragraphs))
                current = None
            # Other marks: a nested quote of the other kind, or an opening mark of the same kind
            # inside an open quote (paragraphs run together by a web page; the quote goes on).
            if (
                k == len(marks)
                and current is not None
                and current.style == "single"
                and opened is not None
                and not next_opens_single
            ):
                # An unclosed single mark is more likely an apostrophe than a quote: drop it and
                # read on from just after it.
                k, kept = opened
                del found[kept:]
                current, opened = None, None
                dropped += 1
    if current is not None:
        found.append((current.start, paras[-1][1], current.style, current.paragraphs))
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding space, nor the comma or full stop that ends the quoting sentence.

    "We will act," she said -> ``We will act``; an ellipsis, ? and ! stay: they are wording.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and (
        text[end - 1].isspace()
        or (text[end - 1] in ",;:." and text[end - 3 : end] != "..." and end - start > 1)
    ):
        end -= 1
    return start, end


def find_quotes(text: str) -> list[FoundQuote]:
    """Every quotation in ``text``, in reading order, with its speaker where the text names one."""
    paras = _paragraphs(text)
    raw = []
    inner = []  # everything between the marks: what attribution must look around
    for start, end, style, n in _scan(text, paras):
        s, e = _trim(text, start, end)
        if e > s and _WORD.search(text[s:e]):
            raw.append((s, e, style, n))
            inner.append((start, end))
    speakers = attribute_speakers(text, paras, inner)
    return [
        FoundQuote(Span(s, e), text[s:e], who, style, n)
        for (s, e, style, n), who in zip(raw, speakers, strict=True)
    ]
