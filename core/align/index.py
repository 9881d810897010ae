"""The release, analysed once for all its reports: sentence terms, postings, headings, clauses.

``ReleaseIndex.build`` analyses every release sentence (``text.analyse``), counts document
frequencies, builds postings over non-furniture sentences for candidate search, remembers exact
copies, and finds the units that read as headings. Clauses of a sentence are analysed on first
use. ``story_top`` and ``lead_from`` place a story inside the release from a unit the report
links to, never from the document's first line: inside a long document that is other text.
Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from core.align.clauses import clause_spans
from core.align.text import SentenceTerms, analyse
from core.documents import Document, Span
from core.results import Sentence

#: A story's lead: the units in the first this many words from its heading.
LEAD_RELEASE_WORDS = 80
#: Headings in a row beyond which a run is a table or a list, not a headline block.
HEADING_RUN = 4
#: Words beyond which a heading-like unit (no closing punctuation) is no headline.
HEADLINE_WORDS = 25


@dataclass
class ReleaseIndex:
    """The release, analysed once: sentences, their terms, document frequencies, postings."""

    document: Document
    sentences: tuple[Sentence, ...]
    terms: tuple[SentenceTerms, ...]
    df: Counter[str]
    postings: dict[str, list[int]] = field(default_factory=dict)
    names: frozenset[str] = frozenset()
    #: Folded text of each release sentence -> its first index, for exact copies.
    exact: dict[str, int] = field(default_factory=dict)
    #: Units that read as headings (no closing punctuation): the release's headline and its
    #: crossheads, or, inside a long document, the headings of every part of it.
    headings: tuple[int, ...] = ()
    #: Clauses of release sentences that divide (``clauses``), analysed on first use.
    _clauses: dict[int, tuple[tuple[Span, SentenceTerms], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    #: ``postings`` as numpy arrays, made on first use (candidate search sums over them).
    _arrays: dict[str, np.ndarray] = field(
        default_factory=dict, compare=False, repr=False
    )
    #: ``unit_stems`` of a sentence, made on first use.
    _unit_stems: dict[int, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    #: Word weights of stems a report does not hold, which depend on the release alone,
    #: filled as reports are weighed (``score.Weights``, ``shared``).
    weight_memo: dict[str, tuple[float, float]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(cls, document: Document, sentences: Sequence[Sentence]) -> ReleaseIndex:
        text = document.text
        terms = tuple(analyse(text[s.span.start : s.span.end]) for s in sentences)
        df: Counter[str] = Counter()
        postings: dict[str, list[int]] = defaultdict(list)
        names: set[str] = set()
        for i, (sent, t) in enumerate(zip(sentences, terms, strict=True)):
            # A page's running head repeats on every page: its words are not the release's
            # topic, and its name is nobody the release is about.
            if sent.furniture:
                continue
            df.update(t.stems)
            names |= t.names
            for stem in t.stems:
                postings[stem].append(i)
        exact: dict[str, int] = {}
        for i, (sent, t) in enumerate(zip(sentences, terms, strict=True)):
            if not sent.furniture:
                exact.setdefault(t.norm, i)
        headings = tuple(
            i
            for i, sent in enumerate(sentences)
            if not sent.furniture
            and any(c.isalnum() for c in text[sent.span.start : sent.span.end])
            and is_heading(text, sent)
        )
        return cls(
            document,
            tuple(sentences),
            terms,
            df,
            dict(postings),
            frozenset(names),
            exact,
            headings,
        )

    def posting_array(self, stem: str) -> np.ndarray | None:
        """The sentences holding ``stem`` (not furniture) as an index array, or None."""
        got = self._arrays.get(stem)
        if got is None:
            posting = self.postings.get(stem)
            if not posting:
                return None
            got = self._arrays[stem] = np.array(posting, dtype=np.intp)
        return got

    def step(self, oi: int, direction: int) -> int | None:
        """The sentence next to ``oi`` (``direction`` -1: before, 1: after) that is not
        furniture, or None: neighbours in the release's text once page breaks (a running head,
        a page number) are read through."""
        n = oi + direction
        while 0 <= n < len(self.sentences) and self.sentences[n].furniture:
            n += direction
        return n if 0 <= n < len(self.sentences) else None

    def beside(self, oi: int) -> tuple[int, ...]:
        """The sentences just before and after ``oi`` that are not furniture (``step``)."""
        return tuple(n for d in (-1, 1) if (n := self.step(oi, d)) is not None)

    def stretch(self, a: int, b: int, limit: int) -> frozenset[int] | None:
        """The sentences from ``a`` to ``b`` that are not furniture, if at most ``limit`` steps
        lead from ``a`` to ``b`` through them; None otherwise (or if ``b`` is before ``a``)."""
        if b < a:
            return None
        out: list[int] = []
        for i in range(a, b + 1):
            if not self.sentences[i].furniture:
                out.append(i)
                if len(out) - 1 > limit:
                    return None
        return frozenset(out)

    def clauses(self, oi: int) -> tuple[tuple[Span, SentenceTerms], ...]:
        """The clauses of release sentence ``oi`` with their terms; empty if it does not divide."""
        got = self._clauses.get(oi)
        if got is None:
            text, span = self.document.text, self.sentences[oi].span
            parts = clause_spans(text, span.start, span.end)
            got = () if len(parts) < 2 else tuple(
                (Span(a, b), analyse(text[a:b])) for a, b in parts
            )
            self._clauses[oi] = got
        return got

    def unit_stems(self, oi: int) -> frozenset[str]:
        """Every stem of release sentence ``oi`` and of its clauses (alone, a clause can read
        a number word differently), for bounding what a clause can share with them."""
        got = self._unit_stems.get(oi)
        if got is None:
            got = self.terms[oi].stems.union(*(t.stems for _, t in self.clauses(oi)))
            self._unit_stems[oi] = got
        return got

    def lead_from(self, start: int) -> frozenset[int]:
        """The units of the first ``LEAD_RELEASE_WORDS`` words from unit ``start`` on."""
        later = self.sentences[start:]
        return frozenset(
            start + i for i in lead_units(self.document.text, later, 0, LEAD_RELEASE_WORDS)
        )

    def _headline_like(self, unit: int) -> bool:
        span = self.sentences[unit].span
        return _is_headline(self.document.text[span.start : span.end])

    def story_top(self, source: int) -> int:
        """The heading a story told from unit ``source`` on starts at: the last heading at or
        before it that follows running text (so a run of headings, kicker and headline, starts
        at its first), or the document's start. A run longer than ``HEADING_RUN`` is no
        headline block but a table or a list (the rows of another text's table just before a
        release inside a long document): the story then starts at its last heading; and a run
        does not reach back over a unit no headline looks like (a long row of figures)."""
        k = bisect.bisect_right(self.headings, source)
        if k == 0:
            return 0
        last = k
        while (
            k > 1
            and self.headings[k - 2] == self.headings[k - 1] - 1
            and self._headline_like(self.headings[k - 2])
        ):
            k -= 1
        if last - k >= HEADING_RUN:
            return self.headings[last - 1]
        return self.headings[k - 1]


def _is_headline(unit: str) -> bool:
    """Short, and words rather than figures: a kicker or a headline, not a table's row."""
    tokens = unit.split()
    figures = sum(1 for t in tokens if any(c.isdigit() for c in t))
    return 0 < len(tokens) <= HEADLINE_WORDS and figures * 3 < len(tokens)


def lead_units(
    text: str, sentences: Sequence[Sentence], n: int, words: int = 0
) -> tuple[int, ...]:
    """The first ``n`` units that are not furniture, or those starting in the first ``words``."""
    out: list[int] = []
    seen = 0
    for i, sent in enumerate(sentences):
        if (not words and len(out) >= n) or (words and seen >= words):
            break
        unit = text[sent.span.start : sent.span.end]
        if not sent.furniture and any(c.isalnum() for c in unit):
            out.append(i)
            seen += len(unit.split())
    return tuple(out)


def is_heading(text: str, sent: Sentence) -> bool:
    """A unit with no closing punctuation: a headline or a crosshead, not a sentence."""
    unit = text[sent.span.start : sent.span.end].rstrip()
    return bool(unit) and unit[-1] not in ".!?:;\"'”’)"
