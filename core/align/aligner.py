"""Sentence alignment: link each report sentence to the release sentence(s) it derives from.

``align_report`` takes a ``ReleaseIndex`` (``index.py``, built once per release) and one report:
per report sentence it scores the candidates the index proposes (``sources.py``; scores from
``score.py``), keeps the best above the threshold once ambiguity is discounted, adds a second
source next to it or for the words it leaves out and clause-level sources for clauses still
unexplained; then sentences left unlinked get a second look with context (``context.py``) and,
last, clause by clause. Word weights (``make_weights``) come from general English and the
story's own repetitions, never from the release's length. Links that break the release's order
are marked as moved. Deterministic; pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

from core.align.context import context_links
from core.align.index import ReleaseIndex
from core.align.score import PairScore, Weights, exact_copy, score_pair
from core.align.sources import (
    NEIGHBOUR_SHARE,
    candidates,
    clause_links,
    neighbours,
    rest_sources,
    specific,
)
from core.align.text import SentenceTerms, analyse, word_for_word
from core.documents import Document, ShouldCancel, Span
from core.results import CompareOptions, Evidence, Link, LinkKind, Sentence

#: Report sentences with fewer content words than this are too thin to link on their own.
MIN_CONTENT_TERMS = 2
#: A short unit ("Foreign Minister said:") copied exactly is linked if it has this many words.
MIN_COPY_WORDS = 3


def make_weights(index: ReleaseIndex, report_terms: Sequence[SentenceTerms]) -> Weights:
    """Word weights for one report: English rarity, the story's repeated words discounted."""
    df: Counter[str] = Counter()
    names: set[str] = set()
    for t in report_terms:
        df.update(t.stems)
        names |= t.names
    return Weights(index.df, df, index.names, names, shared=index.weight_memo)


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
    chosen: list[tuple[int, int, PairScore]] = []
    #: (report sentence, release sentence) -> the clause spans a clause-level link joins.
    spans: dict[tuple[int, int], tuple[Span, Span]] = {}
    #: Report sentences with candidates but no link yet: the context pass looks at them again.
    pending: dict[int, list[tuple[int, PairScore]]] = {}
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
        cands = candidates(index, rt, weights, options.max_candidates)
        every = [(oi, score_pair(rt, index.terms[oi], weights)) for oi in cands]
        scored = specific(every, weights, options.min_score)
        if not scored:
            pending[ri] = every
            continue
        scored.sort(key=lambda x: (-x[1].score, x[0]))
        best_oi, best = scored[0]
        chosen.append((ri, best_oi, best))
        covered = set(best.shared_stems)
        extra = scored[1:] + neighbours(index, rt, weights, best_oi, every, options.min_score)
        extra += rest_sources(rt, index, weights, best, every, extra, options.min_score)
        extra.sort(key=lambda x: (-x[1].score, x[0]))
        n_links = 1
        for oi, ps in extra:
            if n_links >= options.max_links_per_sentence:
                break
            new = set(ps.shared_stems) - covered
            gain = weights.mass(new) / max(1e-9, weights.sentence_mass(rt.stems))
            # Next to the best source, half the new evidence will do, as half the score does.
            beside = oi in index.beside(best_oi)
            need = options.second_link_gain * (NEIGHBOUR_SHARE if beside else 1.0)
            if gain >= need:
                chosen.append((ri, oi, ps))
                covered |= new
                n_links += 1
        if n_links < options.max_links_per_sentence:
            taken = {oi for r, oi, _ in chosen if r == ri}
            parts = clause_links(index, text, sent, weights, taken, frozenset(covered), options)
            for oi, ps, r_span, o_span in parts[: options.max_links_per_sentence - n_links]:
                chosen.append((ri, oi, ps))
                spans[(ri, oi)] = (r_span, o_span)
    context = context_links(index, text, report_sentences, weights, pending, chosen, options)
    chosen.extend(context)
    # Last, the clauses of sentences neither pass linked: a report sentence often carries one
    # clause of a release sentence, or joins clauses of two.
    by_context = {ri for ri, _, _ in context}
    for ri in sorted(set(pending) - by_context):
        parts = clause_links(
            index, text, report_sentences[ri], weights, set(), frozenset(), options
        )
        for oi, ps, r_span, o_span in parts[: options.max_links_per_sentence]:
            chosen.append((ri, oi, ps))
            spans[(ri, oi)] = (r_span, o_span)
    # Report order, then release order within one report sentence, so that a sentence linked
    # to two consecutive release sentences is not "moved" against itself.
    chosen.sort(key=lambda c: (c[0], c[1]))
    moved = _moved_flags([(ri, oi) for ri, oi, _ in chosen])
    links = []
    release_text = index.document.text
    for (ri, oi, ps), is_moved in zip(chosen, moved, strict=True):
        r_span, o_span = spans.get((ri, oi), (report_sentences[ri].span, index.sentences[oi].span))
        # A near copy scores as one, but only a word-for-word one is called verbatim.
        verbatim = ps.verbatim and word_for_word(
            text[r_span.start : r_span.end], release_text[o_span.start : o_span.end]
        )
        links.append(
            Link(
                official=o_span,
                report=r_span,
                kind=LinkKind.VERBATIM if verbatim else LinkKind.PARAPHRASE,
                moved=is_moved,
                score=round(ps.score, 4),
                evidence=_evidence(ps, rt_surface=r_terms[ri], weights=weights),
            )
        )
    return tuple(links)


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
