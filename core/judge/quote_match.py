"""Search a release for a report's words: exact word runs and best paraphrase windows.

Shared by quote and figure judging. Words are compared lowercased, with curly apostrophes
straightened and punctuation ignored; content words (no stop words, light suffix stripping)
weighted by rarity among the release's sentences decide which release sentences a passage
could come from. Pure Python plus rapidfuzz; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from core.align import stem as align_stem
from core.documents import Document, Span
from core.results import Sentence

_WORD = re.compile(r"\w+(?:['’]\w+)*")

def word_set(words_text: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words_text.split())


STOP_WORDS = word_set(
    """a an the and or but if then so than that this these those there their they them it its
    is are was were be been being am do does did doing have has had having of in on at to for
    from by with about as into onto over under up down out off again further once here when
    where why how all any both each few more most other some such no nor not only own same too
    very can will just should would could may might must shall i me my we our ours us you your
    he him his she her hers who whom which what while also said says say one ever even still
    s t don't isn't it's that's we're we've i'm i've let get got"""
)


#: A word in more than this share of the release's sentences nominates no candidate source.
RARE_SHARE = 0.2


class Word(NamedTuple):
    """A normalised word and where it stands. A named tuple, not a frozen dataclass: a long
    release has 50,000 of them, and a frozen dataclass takes several times longer to make."""

    norm: str
    start: int
    end: int


def words(text: str, offset: int = 0) -> list[Word]:
    """Normalised words of ``text`` with their offsets (plus ``offset``)."""
    return [
        Word(m.group(0).lower().replace("’", "'"), m.start() + offset, m.end() + offset)
        for m in _WORD.finditer(text)
    ]


#: Stems already worked out. A release of 50,000 words has a few thousand distinct ones and every
#: report repeats most of them, so the cache stays small and spares most of the suffix tests.
_STEMS: dict[str, str] = {}
_MAX_CACHED_STEMS = 200_000


def stem(word: str) -> str:
    """The aligner's stem (``core.align.stem``), cached: "guarantees"/"guaranteed" and
    "relocated"/"relocating" meet."""
    cached = _STEMS.get(word)
    if cached is None:
        cached = _stem(word)
        if len(_STEMS) < _MAX_CACHED_STEMS:
            _STEMS[word] = cached
    return cached


def _stem(word: str) -> str:
    return align_stem(word.lower().replace("’", "'"))  # it drops a possessive "'s" itself


def content_terms(text: str) -> list[str]:
    """Stems of the content words of ``text``, in order (repeats kept)."""
    out = []
    # The same words as ``words(text)``, without building offsets nobody reads here.
    for raw in _WORD.findall(text):
        norm = raw.lower().replace("’", "'")
        if norm not in STOP_WORDS and len(norm) > 1:
            out.append(stem(norm))
    return out


def fallback_sentences(doc: Document) -> tuple[Sentence, ...]:
    """Sentences from ``core.segment`` when the caller passed none."""
    from core.align import segment

    return segment(doc.text, doc.paragraphs, doc.furniture)


@dataclass(frozen=True)
class Window:
    """One to three consecutive release sentences and the stems they hold."""

    span: Span
    first: int
    last: int
    terms: frozenset[str]


class ReleaseIndex:
    """The release's words and sentences, ready for exact and fuzzy lookups."""

    def __init__(self, official: Document, sentences: Sequence[Sentence], max_window: int = 3):
        self.document = official
        self.text = official.text
        self.words = words(official.text)
        # One space-separated string of normalised words; ``_starts`` maps string offsets back.
        self._joined = " ".join(w.norm for w in self.words)
        self._starts: dict[int, int] = {}
        self._word_pos: list[int] = []  # where each word stands in ``_joined``
        pos = 0
        for i, w in enumerate(self.words):
            self._starts[pos] = i
            self._word_pos.append(pos)
            pos += len(w.norm) + 1
        self._word_starts = [w.start for w in self.words]
        self._word_ends = [w.end for w in self.words]
        self.sentences = [s for s in sentences if not s.furniture and len(s.span) > 0]
        self._sent_starts = [s.span.start for s in self.sentences]
        self._sent_ends = [s.span.end for s in self.sentences]
        # Segmenter output is in reading order and disjoint, which lets ``overlapping`` bisect;
        # anything else falls back to a scan.
        self._sent_ordered = all(
            end <= start for end, start in zip(self._sent_ends, self._sent_starts[1:], strict=False)
        )
        self.sentence_terms = [frozenset(content_terms(self.slice(s.span))) for s in self.sentences]
        df: Counter[str] = Counter()
        for terms in self.sentence_terms:
            df.update(terms)
        n = max(1, len(self.sentences))
        self._idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self._unseen_idf = math.log((n + 1) / 0.5)
        self._postings: dict[str, list[int]] = {}
        for i, terms in enumerate(self.sentence_terms):
            for t in terms:
                self._postings.setdefault(t, []).append(i)
        self._max_window = max_window
        self.windows = self._windows(max_window)
        self._windows_from: dict[int, list[Window]] = {}
        for window in self.windows:
            self._windows_from.setdefault(window.first, []).append(window)

    @property
    def max_window(self) -> int:
        """The most sentences a window holds."""
        return self._max_window

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._unseen_idf)

    def candidates(self, terms: Iterable[str]) -> set[int]:
        """Sentences holding at least one of ``terms`` that is rare in the release.

        Words in more than a fifth of the release's sentences are its topic ("Rwanda",
        "treaty"); sharing only those never makes a sentence a source, so they nominate none.
        """
        cap = max(2, RARE_SHARE * len(self.sentences))
        out: set[int] = set()
        for t in set(terms):
            hits = self._postings.get(t, ())
            if len(hits) <= cap:
                out.update(hits)
        return out

    def rare_overlap(
        self, terms: Iterable[str]
    ) -> tuple[dict[int, float], dict[int, int], list[str]]:
        """What ``terms`` share with each sentence, split by rarity.

        Returns, for every sentence ``candidates(terms)`` names, the summed IDF and the number
        of the rare terms it holds; and the terms of ``terms`` too common to nominate, which
        any sentence may hold as well.
        """
        cap = max(2, RARE_SHARE * len(self.sentences))
        mass: dict[int, float] = {}
        count: dict[int, int] = {}
        common: list[str] = []
        for t in set(terms):
            hits = self._postings.get(t, ())
            if len(hits) > cap:
                common.append(t)
                continue
            w = self.idf(t)
            for i in hits:
                mass[i] = mass.get(i, 0.0) + w
                count[i] = count.get(i, 0) + 1
        return mass, count, common

    def overlapping(self, spans: Iterable[Span]) -> list[int]:
        """Indexes, ascending, of the sentences that overlap any of ``spans``."""
        spans = list(spans)
        if not spans:
            return []
        if not self._sent_ordered:
            return [
                i for i, s in enumerate(self.sentences) if any(h.overlaps(s.span) for h in spans)
            ]
        found: set[int] = set()
        starts, n = self._sent_starts, len(self.sentences)
        for h in spans:
            # First sentence ending after the span starts; then on while they start before its end.
            i = bisect_right(self._sent_ends, h.start)
            while i < n and starts[i] < h.end:
                found.add(i)
                i += 1
        return sorted(found)

    def windows_from(self, first: int) -> list[Window]:
        """The windows that start at sentence ``first``."""
        return self._windows_from.get(first, [])

    def _windows(self, max_window: int) -> list[Window]:
        out = []
        for i in range(len(self.sentences)):
            terms: frozenset[str] = frozenset()
            for j in range(i, min(len(self.sentences), i + max_window)):
                # A window never jumps over a paragraph gap of more than one paragraph.
                if j > i and self.sentences[j].paragraph - self.sentences[j - 1].paragraph > 1:
                    break
                terms = terms | self.sentence_terms[j]
                span = Span(self.sentences[i].span.start, self.sentences[j].span.end)
                out.append(Window(span, i, j, terms))
        return out

    def find_words(self, needle: Sequence[str], within: Span | None = None) -> Span | None:
        """Release span of the first run of normalised words equal to ``needle``."""
        if not needle:
            return None
        target = " ".join(needle)
        pos = 0
        stop = len(self._joined)
        if within is not None:
            # A run that ends before ``within`` starts cannot overlap it, nor one starting after
            # its end: search only the words in between (the same first hit, found sooner).
            first_word = max(0, bisect_right(self._word_ends, within.start) - len(needle) + 1)
            if first_word >= len(self.words):
                return None
            pos = self._word_pos[first_word]
            last_word = bisect_left(self._word_starts, within.end)
            if last_word < len(self.words):
                stop = self._word_pos[last_word]
        pos = self._joined.find(target, pos)
        while 0 <= pos < stop:
            at_start = pos in self._starts
            end = pos + len(target)
            at_end = end == len(self._joined) or self._joined[end] == " "
            if at_start and at_end:
                first = self._starts[pos]
                last = first + len(needle) - 1
                span = Span(self.words[first].start, self.words[last].end)
                if within is None or within.overlaps(span):
                    return span
            pos = self._joined.find(target, pos + 1)
        return None

    def find_segments(self, segments: Sequence[Sequence[str]]) -> Span | None:
        """Release span where every word run of ``segments`` stands, in order and close together.

        Quotes cut with an ellipsis or with an editor's [insertion] come as several segments.
        """
        segments = [s for s in segments if s]
        if not segments:
            return None
        if len(segments) == 1:
            return self.find_words(segments[0])
        total = sum(len(s) for s in segments)
        first = self.find_words(segments[0])
        while first is not None:
            end = first.end
            ok = True
            for seg in segments[1:]:
                nxt = self.find_words(seg, Span(end, min(len(self.text), end + 12 * total)))
                if nxt is None or nxt.start < end:
                    ok = False
                    break
                end = nxt.end
            if ok:
                return Span(first.start, end)
            # Try the next place the first segment stands.
            later = self._next_after(segments[0], first.end)
            first = later
        return None

    def _next_after(self, needle: Sequence[str], offset: int) -> Span | None:
        """The first run of words equal to ``needle`` starting at or after ``offset``."""
        start = bisect_left(self._word_starts, offset)
        if start >= len(self.words) or not needle:
            return None
        target = " ".join(needle)
        # Words hold no spaces, so a run of equal words is a hit on word boundaries in ``_joined``.
        pos = self._joined.find(target, self._word_pos[start])
        while pos >= 0:
            end = pos + len(target)
            if pos in self._starts and (end == len(self._joined) or self._joined[end] == " "):
                first = self._starts[pos]
                return Span(self.words[first].start, self.words[first + len(needle) - 1].end)
            pos = self._joined.find(target, pos + 1)
        return None

    def weighted(self, terms: Iterable[str]) -> float:
        return sum(self.idf(t) for t in terms)
