"""Sentence alignment: link each report sentence to the release sentence(s) it derives from.

``ReleaseIndex`` analyses the release once (terms, inverted index over rare terms) and is reused
for every report. ``align_report`` finds candidates through the index, scores each candidate pair
(``core.align_score``), keeps per report sentence the best release sentence above the threshold
(and a second one only when it covers other report words), then gives sentences left unlinked a
second look with context: between anchoring links, headline to headline, lead to lead (lower
bars, see ``_context_links``). Links that break the release's order are marked as moved.
Deterministic; pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from core.align.score import PairScore, Weights, exact_copy, score_pair
from core.align.text import SCALE_NUMBERS, SentenceTerms, analyse
from core.documents import Document, ShouldCancel
from core.results import CompareOptions, Evidence, Link, LinkKind, Sentence

#: Report sentences with fewer content words than this are too thin to link on their own.
MIN_CONTENT_TERMS = 2
#: A short unit ("Foreign Minister said:") copied exactly is linked if it has this many words.
MIN_COPY_WORDS = 3
#: Candidates sharing less than this share of a report sentence's IDF mass are not scored.
MIN_CANDIDATE_SHARE = 0.12
#: A neighbour of the best source needs this share of ``min_score`` to be linked as well.
NEIGHBOUR_SHARE = 0.5
#: A second source judged on the words the best one leaves out needs this many of them.
MIN_REST_TERMS = 3
#: Score divisor per other release sentence holding the same evidence (see ``_specific``).
AMBIGUITY = 0.15
#: Only candidates scoring at least this share of ``min_score`` are checked for ambiguity.
AMBIGUITY_FLOOR = 0.7
#: Share of a pair's shared-word mass another candidate must hold to count as the same evidence.
SAME_EVIDENCE = 0.6
#: Between two linked report sentences whose sources are at most ``ANCHOR_SPAN`` release
#: sentences apart, a sentence needs this share of ``min_score`` to link inside that stretch.
ANCHOR_SHARE = 0.6
ANCHOR_SPAN = 2
#: With one anchor only (the very next or previous report sentence), on the diagonal.
ONE_ANCHOR_SHARE = 0.7
#: How far (in report units) the two anchoring links may be from the sentence between them.
ANCHOR_GAP = 2
#: A report headline needs this share of ``min_score`` to link to the release's headline.
HEADLINE_SHARE = 0.4
#: The first units of a report and of the release (headline, standfirst, lead paragraph).
LEAD_REPORT = 3
LEAD_RELEASE_WORDS = 80
#: A report lead sentence needs this share of ``min_score`` to link to the release's lead.
LEAD_SHARE = 0.6


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
    #: The first ``LEAD_RELEASE`` units that are not furniture (headline, standfirst, lead).
    lead: tuple[int, ...] = ()
    #: The release's headline: its first unit, when that reads as a heading.
    headline: int | None = None

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
        lead = _lead_units(text, sentences, 0, LEAD_RELEASE_WORDS)
        headline = lead[0] if lead and _is_heading(text, sentences[lead[0]]) else None
        return cls(
            document,
            tuple(sentences),
            terms,
            df,
            dict(postings),
            frozenset(names),
            exact,
            lead,
            headline,
        )


def _lead_units(
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


def _is_heading(text: str, sent: Sentence) -> bool:
    """A unit with no closing punctuation: a headline or a crosshead, not a sentence."""
    unit = text[sent.span.start : sent.span.end].rstrip()
    return bool(unit) and unit[-1] not in ".!?:;\"'”’)"


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
        cands = _candidates(index, rt, weights, df_cap, options.max_candidates)
        every = [(oi, score_pair(rt, index.terms[oi], weights)) for oi in cands]
        scored = _specific(every, weights, options.min_score)
        if not scored:
            pending[ri] = every
            continue
        scored.sort(key=lambda x: (-x[1].score, x[0]))
        best_oi, best = scored[0]
        chosen.append((ri, best_oi, best))
        covered = set(best.shared_stems)
        extra = scored[1:] + _neighbours(index, rt, weights, best_oi, every, options.min_score)
        extra += _rest_sources(rt, index, weights, best, every, extra, options.min_score)
        extra.sort(key=lambda x: (-x[1].score, x[0]))
        n_links = 1
        for oi, ps in extra:
            if n_links >= options.max_links_per_sentence:
                break
            new = set(ps.shared_stems) - covered
            gain = weights.mass(new) / max(1e-9, weights.sentence_mass(rt.stems))
            # Next to the best source, half the new evidence will do, as half the score does.
            need = options.second_link_gain * (NEIGHBOUR_SHARE if abs(oi - best_oi) == 1 else 1.0)
            if gain >= need:
                chosen.append((ri, oi, ps))
                covered |= new
                n_links += 1
    chosen.extend(_context_links(index, text, report_sentences, weights, pending, chosen, options))
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


def _context_links(
    index: ReleaseIndex,
    text: str,
    report_sentences: Sequence[Sentence],
    weights: Weights,
    pending: dict[int, list[tuple[int, PairScore]]],
    chosen: list[tuple[int, int, PairScore]],
    options: CompareOptions,
) -> list[tuple[int, int, PairScore]]:
    """Links for sentences just under the threshold whose position vouches for the source.

    As in sentence aligners, confirmed links are anchors: a report sentence between two linked
    sentences whose sources lie close together in the release most likely restates something in
    that stretch, so there it needs ``ANCHOR_SHARE`` of the threshold. News is written as an
    inverted pyramid, so a report's headline restates the release's headline and its first
    sentences the release's lead: those pairs need ``HEADLINE_SHARE`` and ``LEAD_SHARE`` of it,
    and a shared figure ("£140 million"; a bare "million" is no figure), because position alone
    says little when both open with the topic. The ambiguity discount still applies among the
    sentences a rule allows, numbers that disagree block every lower bar, and only first-pass
    links serve as anchors (no cascade).
    """
    if not pending:
        return []
    best: dict[int, int] = {}
    for ri, oi, _ in chosen:
        best.setdefault(ri, oi)
    linked = sorted(best)
    r_lead = _lead_units(text, report_sentences, LEAD_REPORT)
    r_headline = r_lead[0] if r_lead and _is_heading(text, report_sentences[r_lead[0]]) else None
    o_lead = frozenset(index.lead)
    min_score = options.min_score
    out = []
    for ri in sorted(pending):
        # (release sentences allowed, share of the threshold, a shared figure needed).
        rules: list[tuple[frozenset[int], float, bool]] = []
        k = bisect.bisect_left(linked, ri)
        before = linked[k - 1] if k > 0 else None
        after = linked[k] if k < len(linked) else None
        if before is not None and after is not None:
            a, b = best[before], best[after]
            if ri - before <= ANCHOR_GAP and after - ri <= ANCHOR_GAP and 0 <= b - a <= ANCHOR_SPAN:
                rules.append((frozenset(range(a, b + 1)), ANCHOR_SHARE, False))
        # One anchor right next to the sentence: the diagonal step continues it.
        if before == ri - 1:
            rules.append((frozenset((best[before], best[before] + 1)), ONE_ANCHOR_SHARE, False))
        if after == ri + 1:
            rules.append((frozenset((best[after] - 1, best[after])), ONE_ANCHOR_SHARE, False))
        if ri == r_headline and index.headline is not None:
            rules.append((frozenset((index.headline,)), HEADLINE_SHARE, True))
        elif ri in r_lead:
            rules.append((o_lead, LEAD_SHARE, True))
        pick: tuple[int, PairScore] | None = None
        for allowed, share, needs_figure in rules:
            near = [
                (oi, ps)
                for oi, ps in pending[ri]
                if oi in allowed
                and not _number_clash(ps)
                and (not needs_figure or not SCALE_NUMBERS.issuperset(ps.shared_numbers))
            ]
            for oi, ps in _specific(near, weights, share * min_score):
                if pick is None or (ps.score, -oi) > (pick[1].score, -pick[0]):
                    pick = (oi, ps)
        if pick is not None:
            out.append((ri, pick[0], pick[1]))
    return out


def _number_clash(ps: PairScore) -> bool:
    return dict(ps.features).get("number_clash", 0.0) > 0.0


def _rest_sources(
    rt: SentenceTerms,
    index: ReleaseIndex,
    weights: Weights,
    best: PairScore,
    every: list[tuple[int, PairScore]],
    taken: list[tuple[int, PairScore]],
    min_score: float,
) -> list[tuple[int, PairScore]]:
    """Second sources that restate what the best source leaves out of the report sentence.

    "Work starts in July at X, and the towns most at risk will be protected first" draws on two
    release sentences; measured against the whole report sentence each covers only its half.
    A candidate above ``NEIGHBOUR_SHARE`` of the threshold is scored again against the report
    words the best source does not hold (plus those it holds too), and kept if it passes the
    full threshold there (with the ambiguity discount) and the rest is substantial
    (``MIN_REST_TERMS`` content words).
    """
    rest = rt.stems - frozenset(best.shared_stems)
    if len(rest) < MIN_REST_TERMS:
        return []
    seen = {oi for oi, _ in taken}
    floor = NEIGHBOUR_SHARE * min_score
    near = [(oi, ps) for oi, ps in every if oi not in seen and floor <= ps.score < min_score]
    if not near:
        return []
    again = []
    for oi, _ in near:
        o = index.terms[oi]
        # The rest, plus whatever of the best source's words this one holds too.
        stems = rest | (rt.stems & o.stems)
        part = replace(rt, stems=stems, attrib=rt.attrib & stems)
        again.append((oi, score_pair(part, o, weights)))
    passed = {oi for oi, _ in _specific(again, weights, min_score)}
    return [(oi, ps) for oi, ps in near if oi in passed]


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
