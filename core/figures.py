"""Figure verdicts: does the release back each number a report gives?

For each figure in a report sentence (page furniture left out) the release passages it could
come from are, first, the release sentences the aligner linked to that sentence (or that a
sibling figure matched) and then the release sentences sharing the most rare words with it.
MATCH: the same normalised value stands in one of those passages, or anywhere in the release
for a value that means the same wherever it stands (money, a percentage, a date, a duration, a
count in the thousands; a small count must count the same noun: "14 towns" is no source for
"14 boats"). CHANGED: a linked or closely worded passage has a figure of the same kind and unit
about the same thing (shared words around it) with another value, or the release has a close
amount of the same money or thing ("£150m" for "£140m", "37,800 homes" for "38,700 homes");
``note`` says what changed. ABSENT: the release has no source. Pure Python; must not import Qt
or ``ui/``.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from core.document import Document, Span
from core.figures_parse import FoundFigure, date_parts, find_figures, parse_number
from core.judge_context import JudgeContext, context_for
from core.model import Figure, FigureVerdict, Link, Sentence
from core.quotes_match import ReleaseIndex, content_terms, fallback_sentences, word_set

__all__ = ["FoundFigure", "find_figures", "judge_figures", "parse_number"]

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
#: Words too common around numbers to show two figures are about the same thing.
_WEAK = word_set("year month week day time around about nearly almost over under")


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


def _dates_agree(report: FoundFigure, release: FoundFigure) -> bool | None:
    """True/False when the release date has every part the report's has; None otherwise.

    "30 June" agrees with "30 June 2027" and "in July" with "July 2027": the report may say
    less than the release, never more.
    """
    a, b = date_parts(report.value), date_parts(release.value)
    if any(x is not None and y is None for x, y in zip(a, b, strict=True)):
        return None
    return all(x is None or x == y for x, y in zip(a, b, strict=True))


def same_value(a: FoundFigure, b: FoundFigure) -> bool:
    """Equal meaning: "£140m" = "140 million pounds", "18 months" = "1.5 years", "half" = "50%".

    ``a`` is the report's figure and ``b`` the release's (dates are not symmetric).
    """
    if a.kind == b.kind == "date":
        return bool(_dates_agree(a, b))
    if a.kind == b.kind and a.value == b.value:
        return True
    if a.kind == b.kind == "duration":
        da, db = _duration_base(a), _duration_base(b)
        return da is not None and db is not None and da[0] == db[0] and abs(da[1] - db[1]) < 1e-6
    sa, sb = _as_share(a), _as_share(b)
    if sa is not None and sb is not None and {a.kind, b.kind} == {"fraction", "percent"}:
        return abs(sa - sb) < 0.01
    return False


def comparable(a: FoundFigure, b: FoundFigure) -> bool:
    """Same kind of quantity, so a different value means the report changed it."""
    if a.kind == "money":
        return b.kind == "money" and a.unit == b.unit
    if a.kind in ("percent", "fraction"):
        return b.kind in ("percent", "fraction")
    if a.kind == "duration":
        da, db = _duration_base(a), _duration_base(b)
        return b.kind == "duration" and da is not None and db is not None and da[0] == db[0]
    if a.kind == "date":
        return b.kind == "date" and _dates_agree(a, b) is not None
    if a.kind == "count":
        return b.kind == "count" and _same_noun(a, b)
    return a.kind == b.kind


def _same_noun(a: FoundFigure, b: FoundFigure) -> bool:
    """Two counts count the same thing: a shared word right after them ("38,700 homes")."""
    return bool(_strong(a.context[:2]) & _strong(b.context[:2]))


def _strong(terms: Sequence[str]) -> set[str]:
    return {t for t in terms if t not in _WEAK}


def _near(a: FoundFigure, b: FoundFigure) -> bool:
    """The words around two figures say they are about the same thing."""
    return bool(_strong(a.context + a.before) & _strong(b.context + b.before))


def _standalone(f: FoundFigure) -> bool:
    """A value that means the same wherever the release gives it (not a bare small count)."""
    if f.kind == "count":
        return f.number >= 1000 or f.number != int(f.number)
    return f.kind not in ("ordinal", "fraction")


def _close_amount(a: FoundFigure, b: FoundFigure) -> bool:
    """Within a quarter of each other: "£150m" for "£140m", "37,800" for "38,700"."""
    if a.number <= 0 or b.number <= 0:
        return False
    return 0.8 <= a.number / b.number <= 1.25


class ReleaseFigures:
    """The release's figures, grouped by the (non-furniture) sentence that holds them.

    Also indexed by meaning (see ``same_value_candidates``) and by amount (``close_candidates``),
    so a report figure looks only at the release figures that could be its source instead of
    at every figure of the release.
    """

    def __init__(self, official: Document, index: ReleaseIndex) -> None:
        self.index = index
        self.by_sentence: list[list[FoundFigure]] = [[] for _ in index.sentences]
        sentences = index.sentences
        k = 0
        for f in find_figures(official.text):
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


def _judge(
    rel: ReleaseFigures,
    f: FoundFigure,
    sources: list[int],
    context: list[int],
    strong: list[int],
    taken: set[int],
) -> tuple[Figure, int | None]:
    """The verdict for one figure, and the release sentence it matched (if it did)."""
    # 1. The sentence's own sources (linked, or already matched by a sibling figure).
    for i in sources:
        for g in rel.by_sentence[i]:
            if same_value(f, g):
                return _figure(f, FigureVerdict.MATCH, g), i
    # 2. Sentences worded like it, or anywhere for a value that means the same everywhere.
    # A count must count the same thing ("14 towns" is no source for "14 fishing boats").
    in_context = [(i, j, g) for i in context for j, g in enumerate(rel.by_sentence[i])]
    # Then the whole release, through the index: the figures not filed there cannot match.
    for i, _, g in in_context + rel.same_value_candidates(f):
        if not same_value(f, g):
            continue
        if f.kind == "count" and not _same_noun(f, g) and not _standalone(f):
            continue
        if _standalone(f) or _near(f, g) or f.kind == "count":
            return _figure(f, FigureVerdict.MATCH, g), i
    # 3. The same kind of figure about the same thing with another value.
    best: FoundFigure | None = None
    best_overlap = 0
    for i in dict.fromkeys(sources + strong):
        for g in rel.by_sentence[i]:
            if id(g) in taken or not comparable(f, g):
                continue
            overlap = len(_strong(f.context + f.before) & _strong(g.context + g.before))
            loose = i in sources and f.kind in ("money", "percent", "fraction")
            if (overlap or loose) and (best is None or overlap > best_overlap):
                best, best_overlap = g, overlap
    if best is None and f.kind in ("money", "count") and _standalone(f):
        # A close amount about the same thing (words around it, or a sentence worded like the
        # report's): a typo or a rounding.
        for i, _, g in rel.close_candidates(f):
            same_thing = _near(f, g) or i in context or i in sources
            if id(g) not in taken and comparable(f, g) and _close_amount(f, g) and same_thing:
                best = g
                break
    if best is not None:
        return _figure(f, FigureVerdict.CHANGED, best), None
    note = "the release gives no source"
    return Figure(f.span, f.text, f.value, FigureVerdict.ABSENT, note=note), None


def _figure(f: FoundFigure, verdict: FigureVerdict, g: FoundFigure) -> Figure:
    if verdict is FigureVerdict.CHANGED:
        note = f"report says {f.text}; the release says {g.text}"
    elif f.text.lower() != g.text.lower():
        note = f"the release writes it as {g.text}"
    else:
        note = ""
    return Figure(f.span, f.text, f.value, verdict, g.span, g.text, note)


def judge_figures(
    official: Document,
    report: Document,
    links: Sequence[Link],
    official_sentences: Sequence[Sentence],
    report_sentences: Sequence[Sentence],
    *,
    prepared: JudgeContext | None = None,
) -> tuple[Figure, ...]:
    """A verdict for every figure in the report's own sentences, in reading order.

    ``prepared`` (from ``prepare_judges``) carries the release's index and figures found once,
    for callers judging many reports; without it they are built here.
    """
    rel = context_for(prepared, official, official_sentences).figures
    sentences = [s for s in (report_sentences or fallback_sentences(report)) if not s.furniture]
    figures = find_figures(report.text)
    out: list[Figure] = []
    k = 0
    for sent in sentences:
        inside = []
        while k < len(figures) and figures[k].span.start < sent.span.end:
            if figures[k].span.start >= sent.span.start:
                inside.append(figures[k])
            k += 1
        if not inside:
            continue
        sent_text = report.text[sent.span.start : sent.span.end]
        sources = rel.linked(links, sent.span)
        context, strong = rel.context(sent_text)
        # Release figures a sibling figure in this sentence matched are not "changed" sources.
        taken: set[int] = set()
        verdicts: list[Figure | None] = [None] * len(inside)
        # Standalone figures first: their matches tell which release sentence is the source.
        order = sorted(range(len(inside)), key=lambda j: not _standalone(inside[j]))
        for j in order:
            f = inside[j]
            if report.is_furniture(f.span):
                continue
            fig, matched = _judge(rel, f, sources, context, strong, taken)
            verdicts[j] = fig
            if matched is not None:
                for g in rel.by_sentence[matched]:
                    if same_value(f, g):
                        taken.add(id(g))
                if matched not in sources:
                    sources.append(matched)
        out.extend(v for v in verdicts if v is not None)
    return tuple(out)
