"""Sentence alignment: link each report sentence to the release sentence(s) it derives from.

``ReleaseIndex`` analyses the release once (terms, inverted index over rare terms) and is reused
for every report. ``align_report`` finds candidates through the index, scores each candidate pair
(``core.align_score``), keeps per report sentence the best release sentence above the threshold
(and a second one only when it covers other report words), and marks links that break the
release's order as moved. Deterministic; pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from core.align_score import PairScore, Weights, exact_copy, score_pair
from core.align_text import SentenceTerms, analyse
from core.document import Document
from core.model import CompareOptions, Evidence, Link, LinkKind, Sentence, ShouldCancel

#: Report sentences with fewer content words than this are too thin to link on their own.
MIN_CONTENT_TERMS = 2
#: A short unit ("Foreign Minister said:") copied exactly is linked if it has this many words.
MIN_COPY_WORDS = 3
#: Candidates sharing less than this share of a report sentence's IDF mass are not scored.
MIN_CANDIDATE_SHARE = 0.12
#: A neighbour of the best source needs this share of ``min_score`` to be linked as well.
NEIGHBOUR_SHARE = 0.5
#: Score divisor per other release sentence holding the same evidence (see ``_specific``).
AMBIGUITY = 0.15
#: Only candidates scoring at least this share of ``min_score`` are checked for ambiguity.
AMBIGUITY_FLOOR = 0.7
#: Share of a pair's shared-word mass another candidate must hold to count as the same evidence.
SAME_EVIDENCE = 0.6


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

    @classmethod
    def build(cls, document: Document, sentences: Sequence[Sentence]) -> ReleaseIndex:
        text = document.text
        terms = tuple(analyse(text[s.span.start : s.span.end]) for s in sentences)
        df: Counter[str] = Counter()
        postings: dict[str, list[int]] = defaultdict(list)
        names: set[str] = set()
        for i, (sent, t) in enumerate(zip(sentences, terms, strict=True)):
            df.update(t.stems)
            names |= t.names
            if sent.furniture:
                continue
            for stem in t.stems:
                postings[stem].append(i)
        exact: dict[str, int] = {}
        for i, (sent, t) in enumerate(zip(sentences, terms, strict=True)):
            if not sent.furniture:
                exact.setdefault(t.norm, i)
        return cls(document, tuple(sentences), terms, df, dict(postings), frozenset(names), exact)


def make_weights(index: ReleaseIndex, report_terms: Sequence[SentenceTerms]) -> Weights:
    """IDF over the release's sentences plus one report's, so a topic word counts little."""
    df: Counter[str] = Counter()
    names: set[str] = set()
    for t in report_terms:
        df.update(t.stems)
        names |= t.names
    return Weights(len(index.terms) + len(report_terms), index.df, df, index.names, names)


def align_report(
    index: ReleaseIndex,
    report: Document,
    report_sentences: Sequence[Sentence],
    options: CompareOptions,
    should_cancel: ShouldCancel,
) -> tuple[Link, ...] | None:
    """Links from ``report`` to the release, sorted by report position; None if cancelled."""
    text = report.text
    r_terms = [analyse(text[s.span.start : s.span.end]) for s in report_sentences]
    weights = make_weights(index, r_terms)
    n_rel = max(1, len(index.terms))
    # Terms in more than this many release sentences are topic words: they never nominate.
    df_cap = max(3, int(n_rel * options.candidate_df_share))
    chosen: list[tuple[int, int, PairScore]] = []
    for ri, (sent, rt) in enumerate(zip(report_sentences, r_terms, strict=True)):
        if ri % 32 == 0 and should_cancel():
            return None
        if sent.furniture:
            continue
        copy = index.exact.get(rt.norm)
        if copy is not None and rt.n_words >= MIN_COPY_WORDS:
            chosen.append((ri, copy, exact_copy(rt)))
            continue
        if len(rt.stems) < MIN_CONTENT_TERMS:
            continue
        cands = _candidates(index, rt, weights, df_cap, options.max_candidates)
        every = [(oi, score_pair(rt, index.terms[oi], weights)) for oi in cands]
        scored = _specific(every, weights, options.min_score)
        if not scored:
            continue
        scored.sort(key=lambda x: (-x[1].score, x[0]))
        best_oi, best = scored[0]
        chosen.append((ri, best_oi, best))
        covered = set(best.shared_stems)
        extra = scored[1:] + _neighbours(index, rt, weights, best_oi, every, options.min_score)
        extra.sort(key=lambda x: (-x[1].score, x[0]))
        n_links = 1
        for oi, ps in extra:
            if n_links >= options.max_links_per_sentence:
                break
            new = set(ps.shared_stems) - covered
            gain = weights.mass(new) / max(1e-9, weights.sentence_mass(rt.stems))
            if gain >= options.second_link_gain:
                chosen.append((ri, oi, ps))
                covered |= new
                n_links += 1
    # Report order, then release order within one report sentence, so that a sentence linked
    # to two consecutive release sentences is not "moved" against itself.
    chosen.sort(key=lambda c: (c[0], c[1]))
    moved = _moved_flags([(ri, oi) for ri, oi, _ in chosen])
    links = []
    for (ri, oi, ps), is_moved in zip(chosen, moved, strict=True):
        links.append(
            Link(
                official=index.sentences[oi].span,
                report=report_sentences[ri].span,
                kind=LinkKind.VERBATIM if ps.verbatim else LinkKind.PARAPHRASE,
                moved=is_moved,
                score=round(ps.score, 4),
                evidence=_evidence(ps, rt_surface=r_terms[ri], weights=weights),
            )
        )
    return tuple(links)


def _neighbours(
    index: ReleaseIndex,
    rt: SentenceTerms,
    weights: Weights,
    best_oi: int,
    every: list[tuple[int, PairScore]],
    min_score: float,
) -> list[tuple[int, PairScore]]:
    """The release sentences next to the best match, when they hold enough of the rest.

    A report sentence often condenses a short run of consecutive release sentences; next to a
    confirmed source, a neighbour needs less evidence (``NEIGHBOUR_SHARE`` of the threshold)
    than a sentence anywhere in the release.
    """
    known = dict(every)
    out = []
    for oi in (best_oi - 1, best_oi + 1):
        if not 0 <= oi < len(index.terms) or index.sentences[oi].furniture:
            continue
        ps = known.get(oi) or score_pair(rt, index.terms[oi], weights)
        if NEIGHBOUR_SHARE * min_score <= ps.score < min_score:
            out.append((oi, ps))
    return out


def _specific(
    every: list[tuple[int, PairScore]], weights: Weights, min_score: float
) -> list[tuple[int, PairScore]]:
    """Candidates at or above ``min_score`` once evidence that is not specific is discounted.

    When the words a report sentence shares with one release sentence are shared just as well
    with several others ("stop the boats" in a release that says it four times), the match is
    with the topic, not with that sentence: its score is divided by ``1 + AMBIGUITY * n``, ``n``
    being the number of other candidates holding ``SAME_EVIDENCE`` of the same evidence mass.
    Verbatim matches are exempt: a copied sentence is specific whatever its words.
    """
    out = []
    floor = AMBIGUITY_FLOOR * min_score
    shared = [(oi, frozenset(ps.shared_stems)) for oi, ps in every]
    for oi, ps in every:
        if ps.score < floor:
            continue
        if not ps.verbatim:
            ev = frozenset(ps.shared_stems)
            m_ev = weights.mass(ev)
            n = sum(
                1
                for other, shared_by in shared
                if other != oi and weights.mass(ev & shared_by) >= SAME_EVIDENCE * m_ev
            )
            if n:
                ps = replace(ps, score=ps.score / (1.0 + AMBIGUITY * n))
        if ps.score >= min_score:
            out.append((oi, ps))
    return out


def _candidates(
    index: ReleaseIndex, rt: SentenceTerms, weights: Weights, df_cap: int, limit: int
) -> list[int]:
    """Release sentences sharing rare terms with ``rt``, best ``limit`` by shared IDF mass.

    A candidate sharing less than ``MIN_CANDIDATE_SHARE`` of the report sentence's IDF mass
    cannot reach a link score (the coverage gate in ``combine`` holds it down), so it is not
    scored at all.
    """
    acc: dict[int, float] = defaultdict(float)
    for stem in sorted(rt.stems):  # a fixed order keeps the float sums reproducible
        posting = index.postings.get(stem)
        if not posting or len(posting) > df_cap:
            continue
        w = weights(stem)
        for oi in posting:
            acc[oi] += w
    floor = MIN_CANDIDATE_SHARE * weights.sentence_mass(rt.stems)
    ranked = heapq.nsmallest(limit, ((-m, oi) for oi, m in acc.items() if m >= floor))
    return [oi for _, oi in ranked]


def _moved_flags(pairs: Sequence[tuple[int, int]]) -> list[bool]:
    """True for links outside the longest chain that keeps the release's order.

    ``pairs`` are ``(report sentence, release sentence)`` in report order; the chain is a longest
    non-decreasing subsequence of release indices (patience sorting, earliest chain on ties).
    """
    n = len(pairs)
    if n == 0:
        return []
    tails: list[int] = []  # index into pairs of the smallest tail of each chain length
    prev = [-1] * n

    tail_vals: list[int] = []
    for i, (_, oi) in enumerate(pairs):
        k = bisect.bisect_right(tail_vals, oi)
        if k > 0:
            prev[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_vals.append(oi)
        else:
            tails[k] = i
            tail_vals[k] = oi
    keep = set()
    i = tails[-1]
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return [i not in keep for i in range(n)]


def _evidence(ps: PairScore, rt_surface: SentenceTerms, weights: Weights) -> Evidence:
    surface = dict(rt_surface.surface)
    ranked = sorted(ps.shared_stems, key=lambda s: (-weights(s), s))
    terms = tuple(surface.get(s, s) for s in ranked if not weights.is_topic(s))
    names = tuple(surface.get(s, s) for s in ranked if weights.is_topic(s))
    return Evidence(
        shared_terms=terms[:12],
        shared_phrases=ps.shared_phrases[:8],
        shared_numbers=ps.shared_numbers,
        shared_names=names[:8],
        features=ps.features,
    )
