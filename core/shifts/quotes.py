"""Truncated quotes: cut before the release's qualifying clause, or joined from two places.

A quote whose source in the release goes on, in the same sentence or at the start of the next,
with a qualifier ("but only if …", "unless …", "provided …") that the report does not give
anywhere in the quote's sentence, stops where the limit begins: the report quotes the claim
without it. An altered quote whose word diff drops a long run of release words (twelve words, or
a sentence end) between two runs it keeps joins words from two places as one quote. Pure
Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re

from core.documents import Document, Span
from core.results import DiffOp, Quote, QuoteVerdict, Shift, ShiftDirection, ShiftKind
from core.shifts.lexicon import find_cues
from core.shifts.words import content_stems, joined, words

_LEAD = re.compile(r"[\s,;:.’'”\"–—-]*")
_SENTENCE_END = re.compile(r"[.!?][’'”\"]?(?=\s)|\n")
#: A run of dropped release words this long (or holding a sentence end) joins two places.
JOIN_WORDS = 12
_QUALIFIERS = frozenset({"cond", "cond_but"})
_OPENING_QUOTES = "“‘\"'"


def _after(text: str, at: int) -> Span:
    """Where the release goes on after a quote: the rest of its sentence, else the next one.

    Not past a paragraph break, unless the next paragraph is the speaker's too (it opens with a
    quotation mark): a "However, …" that opens the release's next paragraph is the release's
    own voice, not a qualifier the quote was cut from. Empty when there is nothing to go on to.
    """
    start = _LEAD.match(text, at)
    begin = start.end() if start else at
    if "\n" in text[at:begin] and text[begin:begin + 1] not in _OPENING_QUOTES:
        return Span(begin, begin)
    end = _SENTENCE_END.search(text, begin)
    stop = end.start() if end else len(text)
    return Span(begin, stop)


def _sentence_around(text: str, span: Span) -> Span:
    """The report sentence holding ``span`` (the words the reporter put round the quote)."""
    before = max(text.rfind(". ", 0, span.start), text.rfind("\n", 0, span.start))
    end = _SENTENCE_END.search(text, span.end)
    return Span(before + 1, end.end() if end else len(text))


def cut_short(report: Document, official: Document, q: Quote) -> Shift | None:
    if q.official is None or q.verdict is QuoteVerdict.ABSENT:
        return None
    rest = _after(official.text, q.official.end)
    ws = words(official.text, rest.start, rest.end)
    cues = [c for c in find_cues(ws[:3]) if c.group in _QUALIFIERS and c.lo <= 1]
    if not cues:
        return None
    qualifier = ws[cues[0].lo : cues[0].lo + 12]
    around = _sentence_around(report.text, q.report)
    # The reporter may give the limit right after the quote, in the next sentence.
    following = _after(report.text, around.end)
    said = content_stems(words(report.text, around.start, max(around.end, following.end)))
    stems = content_stems(qualifier[1:])
    if not stems or len(stems & said) * 2 >= len(stems):
        return None  # the reporter gives the limit in their own words
    o_words = joined(official.text, qualifier)
    tail = words(report.text, q.report.start, q.report.end)[-6:]
    return Shift(
        ShiftKind.TRUNCATION, q.report, Span(qualifier[0].span.start, qualifier[-1].span.end),
        ShiftDirection.STRENGTHENED, o_words, joined(report.text, tail),
        f"The quote stops before the release goes on “{o_words}”",
    )


def joined_up(official: Document, q: Quote) -> Shift | None:
    if q.verdict is not QuoteVerdict.ALTERED or q.official is None:
        return None
    pieces = q.diff
    for i in range(1, len(pieces) - 1):
        gap = pieces[i]
        if gap.op is not DiffOp.DELETE:
            continue
        if not (pieces[i - 1].op is DiffOp.EQUAL and pieces[i + 1].op is DiffOp.EQUAL):
            continue
        dropped = " ".join(gap.text.split())
        if len(dropped.split()) < JOIN_WORDS and not _SENTENCE_END.search(gap.text + " "):
            continue
        shown = " ".join(dropped.split()[:10]) + (" …" if len(dropped.split()) > 10 else "")
        at = official.text.find(gap.text, q.official.start, q.official.end)
        o_span = Span(at, at + len(gap.text)) if at >= 0 else q.official
        return Shift(
            ShiftKind.TRUNCATION, q.report, o_span, ShiftDirection.CHANGED, dropped, "",
            f"The quote joins words from two places; between them the release says “{shown}”",
        )
    return None
