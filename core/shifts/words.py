"""Words with offsets, clauses, and the part of a passage that its counterpart actually covers.

A linked pair is often wider than what the report took: a release sentence of two clauses of
which the report paraphrases one. Cues in the clause the report did not take say nothing about
the report, so every rule looks only at the ``scope``: the clauses of each side that share a
content word (or number) with the other side. ``counterpart`` finds the words opposite a cue
through a word-level alignment (difflib), for the release and report words a shift names.
Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from core.documents import Span

_WORD = re.compile(r"[£$€]?\d[\d,.]*%?|\w+(?:['’]\w+)*")
#: Clause breaks. A line break is one only between paragraphs: inside a paragraph it is where
#: a hard-wrapped text (a PDF-to-text tool's) happened to wrap; cut there, a clause lost the
#: words that tie it to its source, and the report's "up to 5 years" read as an added hedge.
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:()“”\"–—]|\s-\s|\n\s*\n")

def wordset(text: str) -> frozenset[str]:
    """The words of ``text`` as a set: lexicons read better as prose than as lists."""
    return frozenset(text.split())


#: Function words that say nothing about what two passages are about.
STOP = wordset(
    """a an the and or of to in on at by for with from as is are was were be been being has have
    had it its this that these those their there they them he she his her we our us you your i
    which who whom whose what when where while will would shall should can could may might must
    do does did not no so than then also into over under about after before up out said
    says"""
)

_SUFFIXES = ("ing", "ed", "es", "s")


@dataclass(frozen=True)
class Word:
    span: Span
    text: str
    #: Lower case, curly apostrophes straightened.
    norm: str

    @property
    def stem(self) -> str:
        return stem(self.norm)


def stem(norm: str) -> str:
    """A crude stem, enough to see "homes" and "home" or "signed" and "sign" as one word."""
    for suffix in _SUFFIXES:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= 3:
            return norm[: -len(suffix)]
    return norm


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text[start:end]`` with spans into ``text``."""
    stop = len(text) if end is None else end
    return [
        Word(Span(m.start(), m.end()), m.group(), m.group().lower().replace("’", "'"))
        for m in _WORD.finditer(text, start, stop)
    ]


def content_stems(ws: Iterable[Word]) -> set[str]:
    return {w.stem for w in ws if w.norm not in STOP}


def clauses(text: str, span: Span) -> list[Span]:
    """``span`` cut at commas, semicolons, colons, dashes, brackets and quote marks."""
    out: list[Span] = []
    at = span.start
    for m in _CLAUSE_BREAK.finditer(text, span.start, span.end):
        if text[at : m.start()].strip():
            out.append(Span(at, m.start()))
        at = m.end()
    if text[at : span.end].strip():
        out.append(Span(at, span.end))
    return out or [span]


def scope(text: str, span: Span, other: set[str]) -> tuple[list[Word], list[Word], list[Word]]:
    """Words of the clauses of ``span`` that share a content stem with ``other``.

    A clause that shares nothing is left out, unless nothing shares anything (then all is kept:
    a paraphrase in wholly other words still says what it says). Also returned: the clause just
    before the first kept one and the one just after the last (where a limit such as "but only
    if ..." stands), each empty when there is none.
    """
    parts = [words(text, c.start, c.end) for c in clauses(text, span)]
    # One shared word is often a common one ("first", "towns"): two tie a clause to its source.
    kept = [i for i, ws in enumerate(parts) if len(content_stems(ws) & other) >= 2]
    if not kept:
        return [w for ws in parts for w in ws], [], []
    inside = [w for i in range(kept[0], kept[-1] + 1) if i in kept for w in parts[i]]
    before = parts[kept[0] - 1] if kept[0] > 0 else []
    after = parts[kept[-1] + 1] if kept[-1] + 1 < len(parts) else []
    return inside, before, after


def clause_end(text: str, at: int) -> int:
    """Where the clause running at ``at`` ends (a clause break or the sentence's end)."""
    m = _CLAUSE_BREAK.search(text, at)
    stop = m.start() if m else len(text)
    dot = re.compile(r"[.!?](?=\s|$)").search(text, at, stop)
    return dot.start() if dot else stop


def clause_around(text: str, span: Span) -> Span:
    """``span`` widened to the clause(s) it stands in: a quote's source starts mid-clause when
    the report changed its first word ("will give" quoted as "might give")."""
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, span.start - 300), span.start)]
    dot = [m.end() for m in re.finditer(r"[.!?]\s", text[max(0, span.start - 300) : span.start])]
    start = max([max(0, span.start - 300) + d for d in dot] + starts + [0])
    if span.start - start > 300:
        start = span.start
    return Span(start, max(span.end, clause_end(text, span.end)))


def joined(text: str, ws: Sequence[Word]) -> str:
    """The text from the first to the last of ``ws``, on one line."""
    if not ws:
        return ""
    return " ".join(text[ws[0].span.start : ws[-1].span.end].split())


def cover(ws: Sequence[Word]) -> Span:
    return Span(ws[0].span.start, ws[-1].span.end)


def counterpart(
    a: Sequence[Word], b: Sequence[Word], lo: int, hi: int, limit: int = 6
) -> list[Word]:
    """The words of ``b`` opposite ``a[lo:hi]`` in a word alignment of ``a`` to ``b``.

    Empty when ``b`` simply lacks them; at most ``limit`` words, nearest the cue, so a
    paraphrase rewritten from end to end does not name its whole sentence.
    """
    sm = SequenceMatcher(a=[w.norm for w in a], b=[w.norm for w in b], autojunk=False)
    picked: list[Word] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if i2 <= lo or i1 >= hi or op == "equal":
            continue
        if op in ("replace", "insert"):
            picked += b[j1:j2]
    return picked[:limit]
