"""Split a document's text into sentence units with exact character offsets.

A unit is a sentence, a heading, a caption or a list item; units never cross a paragraph break
and carry no surrounding whitespace. Abbreviations, initials, decimals and closing quotes after a
full stop are handled; a line with no punctuation at all is cut at a hard maximum length so no
unit is unbounded. A text that lost its line breaks (a feed's one-line article) is also cut where
a new line must have begun: before "The", "More", "By" and the like, or "Ministers say", after a
word with no punctuation.
Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import pairwise

from core.documents import Span
from core.results import Sentence

#: No unit is longer than this many characters; longer runs are cut at whitespace.
MAX_UNIT_CHARS = 600
#: A line shorter than this with no end punctuation is a heading/caption of its own.
SHORT_LINE_CHARS = 90
#: A line this long, near its paragraph's longest, is a full printed line (``_full_width``)...
FULL_LINE_CHARS = 40
#: ...or only this long in a narrow column, where at least ``NARROW_PROSE_SHARE`` of the line
#: breaks fall mid-phrase.
NARROW_LINE_CHARS = 20
NARROW_PROSE_SHARE = 0.3
#: A word this long may not fit at the end of a printed line.
LONG_WORD_CHARS = 12

# Never end a sentence: titles and forms that precede a name or a number.
_NEVER_BREAK = frozenset(
    """
    mr mrs ms mx dr prof st rev sen gen col capt lt sgt gov rep hon mt no nos fig figs vs cf
    eg ie e.g i.e approx jan feb mar apr jun jul aug sep sept oct nov dec dept est ref vol pp
    p cllr rt
    """.split()  # noqa: SIM905
)
# End a sentence only when the next word is capitalised ("... etc. The", but "etc. and").
_BREAK_IF_CAPITAL = frozenset(
    """
    etc a.m p.m am pm ltd inc co plc corp jr sr
    """.split()  # noqa: SIM905
)
# Country-style initialisms end a sentence only before a word that usually starts one.
_INITIALISMS = frozenset(
    """
    u.k u.s u.n e.u u.s.a n.h.s
    """.split()  # noqa: SIM905
)
_SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i this that these those there but and so yet however in on at
    for if when while after before as his her its their our mr mrs ms dr
    """.split()  # noqa: SIM905
)

_FUNCTION_WORDS = frozenset(
    """
    a an the of to in on at by for from with and or but as than that which who whose under
    over into onto about between including
    """.split()  # noqa: SIM905
)
#: A text this long with no line break at all lost its line breaks (a feed's one-line
#: article): its headline, byline and first sentence run together, so it is also cut where a
#: new line began (``_run_on_units``). Loaders put line breaks between paragraphs, so only a
#: file of one paragraph (or one line) is read this way, never a long paragraph among others.
RUN_ON_CHARS = 800
# Capitalised and followed by a word in lower case, these start a line or a sentence ("The
# programme will", "More than 1,000", "It is"); "By" starts a byline ("By Nell Garrard").
_LINE_STARTERS = frozenset(
    """
    the this these those it he she they we there more
    """.split()  # noqa: SIM905
)
# After these a capitalised word goes on the sentence ("told The Times", "according to The").
_TITLE_BEFORE = _FUNCTION_WORDS | frozenset(
    """
    said says say told tells according reported reports wrote writes added asked called named
    titled dubbed headlined read reads see saw plan part stand
    """.split()  # noqa: SIM905
)
#: A capitalised word after a word (not after punctuation), and the word after it: a starter,
#: "By" and a name, or speakers and a reporting verb ("Ministers say").
_RUN_ON_START = re.compile(r"(?<=[\w%])[ \t]+([A-Z][a-z]*)(?=[ \t]+[\"'‘“(]?(\w+))")
#: "Ministers say ...", "Critics warn ...": who speaks, then a reporting verb, starts a line.
_SPEAKS = frozenset(
    """
    say says said warn warns warned claim claims insist insists fear fears argue argues
    """.split()  # noqa: SIM905
)
_END = re.compile(r"[.!?…]+[\"'’”)\]]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_BULLET = re.compile(r"^\s*(?:[-*•▪◦–—]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
_LINE = re.compile(r"[^\n]+")
_TERMINAL = re.compile(r"[.!?…:;][\"'’”)\]]*\s*$")


def segment(
    text: str, paragraphs: Sequence[Span], furniture: Sequence[Span] = ()
) -> tuple[Sentence, ...]:
    """Sentence units of ``text``, in order; ``paragraphs`` bound them, ``furniture`` marks them."""
    out: list[Sentence] = []
    marks = _Furniture(furniture)
    run_on = len(text) >= RUN_ON_CHARS and "\n" not in text
    for p_index, para in enumerate(paragraphs):
        for start, end in _paragraph_units(text, para.start, para.end, run_on):
            span = Span(start, end)
            out.append(Sentence(span, p_index, marks.covers_half(span)))
    return tuple(out)


class _Furniture:
    """Furniture spans sorted by start, to find those overlapping a unit by bisection.

    A long plainly extracted document has thousands of furniture lines (running heads, page
    numbers); testing every unit against every span took seconds.
    """

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = sorted(spans, key=lambda f: (f.start, f.end))
        self.starts = [f.start for f in self.spans]
        #: The largest end among the spans up to each index: where a backward scan can stop.
        self.reach: list[int] = []
        for f in self.spans:
            self.reach.append(max(f.end, self.reach[-1]) if self.reach else f.end)

    def covers_half(self, span: Span) -> bool:
        """At least half of ``span`` lies inside furniture (overlaps summed)."""
        if not self.spans:
            return False
        k = bisect.bisect_left(self.starts, span.end) - 1
        inside = 0
        while k >= 0 and self.reach[k] > span.start:
            f = self.spans[k]
            inside += max(0, min(span.end, f.end) - max(span.start, f.start))
            k -= 1
        return inside * 2 >= len(span)


def _paragraph_units(
    text: str, start: int, end: int, run_on: bool = False
) -> list[tuple[int, int]]:
    """Units of one paragraph: blocks of lines first, then sentences inside each block."""
    units: list[tuple[int, int]] = []
    for b_start, b_end in _blocks(text, start, end):
        for s, e in _sentences(text, b_start, b_end, run_on):
            units.extend(_cap(text, s, e))
    return units


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Group a paragraph's lines: wrapped lines join, short unpunctuated lines stand alone.

    A line ending in sentence punctuation ends its block too, because a line break after a full
    stop is a stronger boundary than any heuristic inside a line.
    """
    blocks: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    lines = [m for m in _LINE.finditer(text, start, end) if m.group(0).strip()]
    longest = max((len(m.group(0).strip()) for m in lines), default=0)
    full_at = _full_width(longest, [m.group(0) for m in lines])
    ran_on = False  # whether the line before surely runs on into this one (``_runs_on``)
    # Several lines near the longest: wrapped prose, where a full line runs on.
    wrapped = sum(len(m.group(0).strip()) >= 0.8 * longest for m in lines) >= 3
    for i, m in enumerate(lines):
        ls, le = m.start(), m.end()
        line = m.group(0)
        terminal = bool(_TERMINAL.search(line))
        # A following line that starts in lower case continues this one (wrapped text).
        nxt = lines[i + 1].group(0) if i + 1 < len(lines) else ""
        goes_on = _continues(line, nxt, full_at)
        if cur is not None and ran_on and not terminal and not _BULLET.match(line):
            # The line before runs on into this one: this is that text's tail, not a heading,
            # even with no full stop; it ends the block when it does not run on itself.
            cur = (cur[0], le)
            ran_on = _runs_on(line, nxt, full_at, wrapped)
            if not goes_on:
                blocks.append(cur)
                cur = None
            continue
        ran_on = _runs_on(line, nxt, full_at, wrapped)
        heading = not terminal and len(line.strip()) < SHORT_LINE_CHARS and not goes_on
        if heading or _BULLET.match(line):
            if cur is not None:
                blocks.append(cur)
                cur = None
            if heading:
                blocks.append((ls, le))
                continue
        cur = (cur[0], le) if cur is not None else (ls, le)
        if terminal:
            blocks.append(cur)
            cur = None
    if cur is not None:
        blocks.append(cur)
    return blocks


def _runs_on(line: str, nxt: str, full_at: float, wrapped: bool) -> bool:
    """Whether ``line`` surely goes on in ``nxt``, so that ``nxt`` is its tail even when it
    reads like a heading: it ends mid-phrase, the next line starts in lower case, or it is a
    full line of wrapped prose. A digit starting the next line ("2 Marsham Street") or the one
    longest line of a few (a caption above "Published 3 March 2027") is no such proof."""
    if not nxt:
        return False
    if _mid_phrase(line, nxt):
        return True
    return wrapped and _full(line, full_at)


def _continues(line: str, nxt: str, full_at: float) -> bool:
    """Whether an unpunctuated ``line`` is wrapped text that goes on in ``nxt``.

    It does when it ends mid-phrase (comma, dash, a function word), when the next line starts in
    lower case or with a digit, or when it is nearly as long as the paragraph's longest line
    (a PDF column wraps at a fixed width; a heading is visibly shorter).
    """
    if not nxt:
        return False
    return _mid_phrase(line, nxt) or nxt.lstrip()[:1].isdigit() or _full(line, full_at)


def _mid_phrase(line: str, nxt: str) -> bool:
    """``line`` ends on a comma, a dash or a function word, or ``nxt`` starts in lower case."""
    stripped = line.rstrip()
    if stripped.endswith((",", "-", "–", "—", "(", "&")):
        return True
    if stripped.rsplit(" ", 1)[-1].lower() in _FUNCTION_WORDS:
        return True
    return nxt.lstrip()[:1].islower()


def _full_width(longest: int, lines: Sequence[str]) -> float:
    """How long a line of this paragraph must be to count as full (``_full``): nearly as long
    as its longest, and at least ``FULL_LINE_CHARS``, or ``NARROW_LINE_CHARS`` in a narrow
    column of prose (a multi-column page's text: 30-40 characters a line). Prose shows in its
    line breaks: many fall mid-phrase, few in a list of names or an address."""
    if len(lines) >= 3:
        mid = sum(_mid_phrase(a, b) for a, b in pairwise(lines))
        if mid >= NARROW_PROSE_SHARE * (len(lines) - 1):
            # A narrow column's lines fall short of its width by up to a long word: 0.8 of 38
            # characters took "... will go to the Hollin" (30) for a heading.
            near = 0.8 * longest
            if longest < FULL_LINE_CHARS:
                near = min(near, longest - LONG_WORD_CHARS)
            return max(near, NARROW_LINE_CHARS)
    return max(0.8 * longest, FULL_LINE_CHARS)


def _full(line: str, full_at: float) -> bool:
    """At least ``full_at`` long (``_full_width``): a line the wrap width ended."""
    return len(line.rstrip()) >= full_at


def _is_boundary(text: str, dot_start: int, match_end: int, block_end: int) -> bool:
    """Whether the end mark starting at ``dot_start`` really ends a sentence."""
    nxt = _next_word(text, match_end, block_end)
    if not nxt:
        return True
    mark = text[dot_start]
    if mark in "!?…":
        return not nxt[0].islower()
    if nxt[0].islower():
        return False
    if text[dot_start:match_end] != ".":
        return True  # '."' or '.)' closes something: a real end
    m = _WORD_BEFORE.search(text, max(0, dot_start - 20), dot_start + 1)
    if not m:
        return True
    word = m.group(1).lower()
    if word in _NEVER_BREAK:
        return False
    if len(word) == 1 and word.isalpha() and text[m.start(1)].isupper():
        return False  # an initial: "J. Smith"
    if word in _BREAK_IF_CAPITAL:
        return nxt[0].isupper()
    if word in _INITIALISMS:
        return nxt.lower().strip("\"'‘“(") in _SENTENCE_STARTERS
    return not nxt[0].isdigit() or word.isdigit()


def _next_word(text: str, pos: int, limit: int) -> str:
    while pos < limit and text[pos].isspace():
        pos += 1
    end = pos
    while end < limit and not text[end].isspace():
        end += 1
    word = text[pos:end].lstrip("\"'‘“(")
    return word


def _sentences(text: str, start: int, end: int, run_on: bool = False) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cur = start
    for m in _END.finditer(text, start, end):
        if m.end() - cur < 2 or not _is_boundary(text, m.start(), m.end(), end):
            continue
        out.append((cur, m.end()))
        cur = m.end()
    out.append((cur, end))
    if run_on:
        out = [part for s, e in out for part in _run_on_units(text, s, e)]
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _run_on_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence of a text that lost its line breaks where a new line began.

    "... under international law More than 1,000 arrived ..." and "... in brief By Nell
    Garrard The programme will ..." were a headline, a byline and a sentence on lines of their
    own. A new line shows as a starter word (``_LINE_STARTERS``) followed by a word in lower
    case, or "By" followed by a name, or capitalised speakers (a plural, no comma before in
    the sentence) and a reporting verb ("Ministers say"), right after a word with no
    punctuation; not after a function word or a verb that introduces a title ("told The
    Times"), and after a capitalised word only "The" or "By" ("Sir Thomas More was").
    """
    out = []
    cur = start
    for m in _RUN_ON_START.finditer(text, start, end):
        word, nxt = m.group(1), m.group(2)
        if m.start() <= cur:
            continue
        before = text[cur : m.start()].rsplit(None, 1)[-1]
        if word == "By":
            ok = nxt[0].isupper()
        elif word.lower() in _LINE_STARTERS:
            ok = nxt[0].islower() and (word == "The" or not before[:1].isupper())
        else:  # "... hold back the sea Ministers say ...": speakers after a lower-case word
            # ("energy regulator Ofgem said", "the union Unite says" name one: no new line)
            ok = (nxt in _SPEAKS and before[:1].islower() and word.endswith("s")
                  and "," not in text[cur : m.start()])
        if not ok or before.lower() in _TITLE_BEFORE:
            continue
        out.append((cur, m.start()))
        cur = m.start(1)
    out.append((cur, end))
    return out


def _cap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a unit longer than ``MAX_UNIT_CHARS`` at whitespace (or hard, if it has none)."""
    out = []
    while end - start > MAX_UNIT_CHARS:
        limit = start + MAX_UNIT_CHARS
        cut = text.rfind(" ", start + MAX_UNIT_CHARS // 2, limit)
        if cut <= start:
            cut = limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        out.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out
