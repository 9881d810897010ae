"""The release's figures, filed once per release so each report figure finds its candidates.

``ReleaseFigures`` groups the release's figures by sentence and indexes them by meaning and by
amount; ``JudgeContext`` (``context.py``) builds one on first use and ``figures.py`` judges
report figures against it. Kept apart from ``figures.py`` so that the context, which figures
imports, never imports figures back. Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from core.documents import Document, Span
from core.judge.figure_parse import FoundFigure, date_parts, find_figures
from core.judge.quote_match import ReleaseIndex, content_terms
from core.results import Link

#: A release sentence is "context" for a report sentence when it holds this many shared words…
MIN_CONTEXT_TERMS = 2
#: …and this share of the report sentence's rarity-weighted words.
MIN_CONTEXT_SHARE = 0.2
#: Without a link, a CHANGED verdict needs this much shared wording.
STRONG_CONTEXT_TERMS = 3
STRONG_CONTEXT_SHARE = 0.3
#: Release sentences looked at per report sentence, besides the linked ones.
CONTEXT_SENTENCES = 3
#: Slack for float rounding when a cheap bound on a share decides what to skip.
_EPS = 1e-9

_MONTHS_PER = {"year": 12.0, "month": 1.0, "decade": 120.0}
_HOURS_PER = {"week": 168.0, "day": 24.0, "hour": 1.0, "minute": 1 / 60}
def _duration_base(f: FoundFigure) -> tuple[str, float] | None:
    if f.unit in _MONTHS_PER:
        return ("month", f.number * _MONTHS_PER[f.unit])
    if f.unit in _HOURS_PER:
        return ("hour", f.number * _HOURS_PER[f.unit])
    return None


def _as_share(f: FoundFigure) -> float | None:
    if f.kind == "fraction":
        return f.number
    if f.kind == "percent":
        return f.number / 100
    return None


class ReleaseFigures:
    """The release's figures, grouped by the (non-furniture) sentence that holds them.

    Also indexed by meaning (see ``same_value_candidates``) and by amount (``close_candidates``),
    so a report figure looks only at the release figures that could be its source instead of
    at every figure of the release.
    """

    def __init__(
        self,
        official: Document,
        index: ReleaseIndex,
        found: Sequence[FoundFigure] | None = None,
    ) -> None:
        """``found``: ``find_figures(official.text)`` when it was computed elsewhere."""
        self.index = index
        self.by_sentence: list[list[FoundFigure]] = [[] for _ in index.sentences]
        sentences = index.sentences
        k = 0
        for f in find_figures(official.text) if found is None else found:
            while k < len(sentences) and sentences[k].span.end <= f.span.start:
                k += 1
            if k < len(sentences) and sentences[k].span.contains(f.span.start):
                self.by_sentence[k].append(f)
        self._meaning: dict[tuple[str, object], list[_Placed]] = {}
        self._amounts: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
        for i, figs in enumerate(self.by_sentence):
            for j, g in enumerate(figs):
                for key in _meaning_keys(g):
                    self._meaning.setdefault(key, []).append((i, j, g))
                if g.kind in ("money", "count") and g.number > 0:
                    self._amounts.setdefault(_amount_key(g), []).append((g.number, i, j))
        for entries in self._amounts.values():
            entries.sort()
        self._amount_numbers = {k: [e[0] for e in v] for k, v in self._amounts.items()}

    def same_value_candidates(self, f: FoundFigure) -> list[_Placed]:
        """Every release figure ``g`` with ``same_value(f, g)`` (and some others), in reading
        order: (sentence, position in it, figure)."""
        found: dict[tuple[int, int], _Placed] = {}
        for key in _lookup_keys(f):
            for placed in self._meaning.get(key, ()):
                found[placed[0], placed[1]] = placed
        return [found[k] for k in sorted(found)]

    def close_candidates(self, f: FoundFigure) -> list[_Placed]:
        """Every release figure of ``f``'s kind (and currency) within a quarter of its amount
        (and a few more at the edges), in reading order."""
        if f.number <= 0 or f.kind not in ("money", "count"):
            return []
        key = _amount_key(f)
        numbers = self._amount_numbers.get(key)
        if not numbers:
            return []
        # ``_close_amount`` keeps 0.8 <= f/g <= 1.25; the margin only lets float edges through.
        lo = bisect_left(numbers, f.number / 1.25 * (1 - 1e-9))
        hi = bisect_right(numbers, f.number / 0.8 * (1 + 1e-9))
        entries = self._amounts[key]
        return [(i, j, self.by_sentence[i][j]) for _, i, j in sorted(entries[lo:hi], key=_place)]

    def linked(self, links: Sequence[Link], span: Span) -> list[int]:
        return self.index.overlapping(link.official for link in links if link.report.overlaps(span))

    def context(self, text: str) -> tuple[list[int], list[int]]:
        """Release sentences sharing wording with ``text``: (candidates, strong ones).

        The candidates are the best ``CONTEXT_SENTENCES`` sentences or neighbour pairs by share
        of ``text``'s rarity-weighted words. A rare word nominates hundreds of sentences in a
        long release, so each is first given a cheap upper bound of its share (the pair's
        two sentences added up); the exact share is worked out, best bound first, only until
        no bound can reach the third best share found.
        """
        terms = {t for t in content_terms(text) if not any(c.isdigit() for c in t)}
        total = self.index.weighted(terms) or 1.0
        st = self.index.sentence_terms
        rare_mass, rare_count, common = self.index.rare_overlap(terms)
        hits = rare_mass.keys()
        if not hits:
            return [], []
        common_idf = {t: self.index.idf(t) for t in common}
        common_set = frozenset(common_idf)
        common_mass = sum(common_idf.values())
        tight: dict[int, float] = {}

        def held(k: int) -> float:
            # The mass sentence ``k`` shares with ``terms`` (to float rounding), worked out once.
            if k not in tight:
                both = common_set & st[k] if common_set else ()
                tight[k] = rare_mass.get(k, 0.0) + sum(common_idf[t] for t in both)
            return tight[k]

        # A first, loose bound needs no set work: every common term counted as shared.
        groups: list[tuple[float, tuple[int, ...]]] = []
        last = len(st) - 1
        most_n = MIN_CONTEXT_TERMS - len(common_set)
        least = (MIN_CONTEXT_SHARE - _EPS) * total - common_mass
        # A group of at most two sentences reaching the least share has one holding half of
        # that in rare words: only groups around such a sentence are looked at.
        half = least / 2 - _EPS * total
        seeds = [i for i, mass in rare_mass.items() if mass >= half] if half > 0 else hits
        for i in sorted({k for seed in seeds for k in (seed - 1, seed) if k >= 0}):
            # A sentence with its neighbour: "X said:" and the quote that follows it.
            mass_i, n_i = rare_mass.get(i, 0.0), rare_count.get(i, 0)
            if i in hits and n_i >= most_n and mass_i >= least:
                groups.append((mass_i, (i,)))
            if i < last:
                mass = mass_i + rare_mass.get(i + 1, 0.0)
                if n_i + rare_count.get(i + 1, 0) >= most_n and mass >= least:
                    groups.append((mass, (i, i + 1)))
        groups.sort(key=lambda g: -g[0])
        scored: list[tuple[float, int, int, tuple[int, ...]]] = []
        for loose, group in groups:
            bar = MIN_CONTEXT_SHARE
            if len(scored) >= CONTEXT_SENTENCES:
                bar = max(bar, scored[CONTEXT_SENTENCES - 1][0])
            if (loose + common_mass) / total < bar - _EPS:
                break  # no group left can reach (nor tie) the third best
            if sum(held(k) for k in group) / total < bar - _EPS:
                continue
            shared = terms & frozenset().union(*(st[k] for k in group))
            weight, n = self.index.weighted(shared), len(shared)
            share = weight / total
            if n >= MIN_CONTEXT_TERMS and share >= MIN_CONTEXT_SHARE:
                scored.append((share, n, -len(group), group))
                scored.sort(reverse=True)
        top = scored[:CONTEXT_SENTENCES]
        context = list(dict.fromkeys(i for *_, group in top for i in group))
        strong = list(
            dict.fromkeys(
                i
                for share, n, _, group in top
                if n >= STRONG_CONTEXT_TERMS and share >= STRONG_CONTEXT_SHARE
                for i in group
            )
        )
        return context, strong


#: A release figure with where it stands: (sentence index, position in the sentence, figure).
_Placed = tuple[int, int, FoundFigure]


def _place(entry: tuple[float, int, int]) -> tuple[int, int]:
    return entry[1], entry[2]


def _amount_key(f: FoundFigure) -> tuple[str, str]:
    # Money compares within a currency only; counts by their noun, checked later.
    return (f.kind, f.unit if f.kind == "money" else "")


def _share_bucket(f: FoundFigure) -> int | None:
    share = _as_share(f)
    return None if share is None else math.floor(share * 100)


def _meaning_keys(g: FoundFigure) -> list[tuple[str, object]]:
    """Where a release figure is filed, so that ``_lookup_keys`` of any figure with the same
    meaning finds it."""
    keys: list[tuple[str, object]] = [("value", (g.kind, g.value))]
    if g.kind == "date":
        year, month, day = date_parts(g.value)
        keys += [("date-year", year), ("date-month", month), ("date-day", day), ("date", None)]
    share = _share_bucket(g)
    if share is not None:
        keys.append(("share", share))
    base = _duration_base(g) if g.kind == "duration" else None
    if base is not None:
        keys.append(("duration", (base[0], round(base[1]))))
    return keys


def _lookup_keys(f: FoundFigure) -> list[tuple[str, object]]:
    """Keys under which every release figure ``g`` with ``same_value(f, g)`` is filed."""
    if f.kind == "date":
        # The release date must hold every part the report's has, equal: file by the widest.
        year, month, day = date_parts(f.value)
        if year is not None:
            return [("date-year", year)]
        if month is not None:
            return [("date-month", month)]
        if day is not None:
            return [("date-day", day)]
        return [("date", None)]
    keys: list[tuple[str, object]] = [("value", (f.kind, f.value))]
    share = _share_bucket(f)
    if share is not None:
        # Shares within 0.01 of each other sit in the same or a neighbouring bucket.
        keys += [("share", share - 1), ("share", share), ("share", share + 1)]
    base = _duration_base(f) if f.kind == "duration" else None
    if base is not None:
        n = round(base[1])
        keys += [("duration", (base[0], n + d)) for d in (-1, 0, 1)]
    return keys
