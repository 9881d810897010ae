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

from collections.abc import Sequence

from core.documents import Document
from core.judge.context import JudgeContext, context_for
from core.judge.figure_parse import FoundFigure, date_parts, find_figures, parse_number
from core.judge.quote_match import fallback_sentences, word_set
from core.judge.release_figures import (
    ReleaseFigures,
    _as_share,
    _duration_base,
)
from core.results import Figure, FigureVerdict, Link, Sentence

__all__ = ["FoundFigure", "find_figures", "judge_figures", "parse_number"]

#: Release sentences before the first and after the last linked one that still belong to the
#: story a report tells (its figures may be given there in other words).
STORY_REACH = 3
#: Words too common around numbers to show two figures are about the same thing.
_WEAK = word_set("year month week day time around about nearly almost over under")


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


def _distinctive(f: FoundFigure) -> bool:
    """A sum of money in the millions or a full date: "£140 million" or "1 April 2027" names
    one thing in a release, however long, where "3%", "2019" or "£5,000" may stand for
    anything."""
    if f.kind == "date":
        return None not in date_parts(f.value)
    return f.kind == "money" and f.number >= 1_000_000


def _close_amount(a: FoundFigure, b: FoundFigure) -> bool:
    """Within a quarter of each other: "£150m" for "£140m", "37,800" for "38,700"."""
    if a.number <= 0 or b.number <= 0:
        return False
    return 0.8 <= a.number / b.number <= 1.25


def _judge(
    rel: ReleaseFigures,
    f: FoundFigure,
    sources: list[int],
    context: list[int],
    strong: list[int],
    taken: set[int],
    story: range,
) -> tuple[Figure, int | None]:
    """The verdict for one figure, and the release sentence it matched (if it did).

    ``story`` is the stretch of release sentences the report's links fall in (and a few
    around): a value found there, or in a sentence worded like the report's, may match.
    """
    close = set(context)
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
        if i not in close and i not in story and not _near(f, g) and not _distinctive(f):
            # Outside the story the report tells and away from anything worded like its
            # sentence, the same value must be about the same thing: a long document has "3%"
            # and "2019" on every other page, and "37 %" in some table turned the report's
            # changed "37 per cent" into a match.
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
    linked = rel.index.overlapping(link.official for link in links)
    story = range(
        max(0, linked[0] - STORY_REACH), min(len(rel.by_sentence), linked[-1] + STORY_REACH + 1)
    ) if linked else range(0)
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
            fig, matched = _judge(rel, f, sources, context, strong, taken, story)
            verdicts[j] = fig
            if matched is not None:
                for g in rel.by_sentence[matched]:
                    if same_value(f, g):
                        taken.add(id(g))
                if matched not in sources:
                    sources.append(matched)
        out.extend(v for v in verdicts if v is not None)
    return tuple(out)
