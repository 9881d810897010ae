"""Which release sentences a report sentence (or one of its clauses) comes from.

``candidates`` proposes release sentences through the postings of the report sentence's rare
stems, ``specific`` keeps those above a bar once evidence shared with other plausible sources
is discounted, ``neighbours`` and ``rest_sources`` find a second source next to the best or for
the words it leaves out, and ``clause_links`` links clause to clause (a clause pair just under
the bar when the quick meaning model reads the two as the same). Every decision depends on the pair,
the report and fixed bars, never on how much other text the release holds. Pure
Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import cache

import numpy as np
from rapidfuzz import fuzz

from core.align.clauses import clause_spans
from core.align.index import ReleaseIndex
from core.align.meaning import FEATURE as MEANING_FEATURE
from core.align.meaning import MeaningModelMissing, readable, same_meaning
from core.align.rarity import nominates
from core.align.score import COPY_SHARE, VERBATIM_RATIO, PairScore, Weights, score_pair
from core.align.text import SentenceTerms, analyse
from core.documents import Span
from core.results import CompareOptions, Sentence

log = logging.getLogger(__name__)

#: Candidates sharing less than this share of a report sentence's IDF mass are not scored.
MIN_CANDIDATE_SHARE = 0.12
#: A neighbour of the best source needs this share of ``min_score`` to be linked as well.
NEIGHBOUR_SHARE = 0.5
#: A second source judged on the words the best one leaves out needs this many of them.
MIN_REST_TERMS = 3
#: Score divisor per other release sentence holding the same evidence (see ``specific``).
AMBIGUITY = 0.15
#: Only candidates scoring at least this share of ``min_score`` are checked for ambiguity.
AMBIGUITY_FLOOR = 0.7
#: Share of a pair's shared-word mass another candidate must hold to count as the same evidence.
SAME_EVIDENCE = 0.6
#: A clause needs this many content words to be linked on its own.
MIN_CLAUSE_TERMS = 3
#: Shared words (not topic names) a clause link needs, unless verbatim.
MIN_CLAUSE_EVIDENCE = 3
#: A clause link needs this share of ``min_score`` (more than a sentence: less is said).
CLAUSE_SHARE = 1.2
#: Release sentences scored per clause, best first by shared word mass. A clause has few
#: words, so its true source shares most of them and ranks near the top; scoring every
#: sentence that shares one word cost half the alignment time on long releases.
MAX_CLAUSE_CANDIDATES = 12
#: A clause holding this share of its word mass in links already made is explained by them.
CLAUSE_COVERED = 0.5
#: A clause pair with the evidence a clause link needs, scoring at least this share of
#: ``min_score`` but under the clause bar, is read by the quick meaning model ("... will be binding
#: under international law" / "The landmark Treaty is binding in international law": three
#: shared words, 0.47, where the bar is 0.6).
RESCUE_SHARE = 0.8
#: ... and linked when the model finds the two say the same thing with this probability.
RESCUE_SAME = 0.9


def clause_links(
    index: ReleaseIndex,
    text: str,
    sent: Sentence,
    weights: Weights,
    taken: set[int],
    covered: frozenset[str],
    options: CompareOptions,
) -> list[tuple[int, PairScore, Span, Span]]:
    """Clause-level sources of a report sentence: ``(release sentence, score, spans)``.

    Each clause of the report sentence that the links already made leave mostly unexplained
    (less than ``CLAUSE_COVERED`` of its word mass in ``covered``) is scored against its own
    candidates, and against each clause of a candidate that divides, as a sentence would be;
    the best that passes the full threshold, with the ambiguity discount, is linked clause to
    clause. A report sentence that does not divide is tried against release clauses only (it
    was scored against whole sentences already). Best first.
    """
    r_parts = clause_spans(text, sent.span.start, sent.span.end)
    out: list[tuple[int, PairScore, Span, Span]] = []
    for a, b in r_parts:
        ct = analyse(text[a:b])
        if len(ct.stems) < MIN_CLAUSE_TERMS:
            continue
        if covered and weights.mass(ct.stems & covered) >= CLAUSE_COVERED * weights.mass(
            ct.stems
        ):
            continue
        # Next to a source the sentence already has, a clause continues it: as for whole
        # sentences (``neighbours``), half the score and one word fewer will do (below).
        near = {n for oi in taken for n in index.beside(oi)} - taken
        said = len(ct.stems - ct.attrib)
        found: dict[int, tuple[PairScore, Span]] = {}
        for oi in candidates(index, ct, weights, MAX_CLAUSE_CANDIDATES):
            if oi in taken:
                continue
            need = MIN_CLAUSE_EVIDENCE - 1 if oi in near else MIN_CLAUSE_EVIDENCE
            units = [t for _, t in index.clauses(oi)]
            if len(r_parts) > 1:
                units.append(index.terms[oi])
            if _cannot_qualify(ct, said, index.unit_stems(oi), units, need):
                continue
            best: tuple[PairScore, Span] | None = None
            if len(r_parts) > 1:
                best = (score_pair(ct, index.terms[oi], weights), index.sentences[oi].span)
            for o_span, ot in index.clauses(oi):
                ps = score_pair(ct, ot, weights)
                if best is None or ps.score > best[0].score:
                    best = (ps, o_span)
            if best is not None:
                found[oi] = best
        # A clause is short, and two shared words ("obligations under the ... Convention") are
        # met by chance in any long document: a clause link needs more independent words, not
        # only names ("Harbour Minister Alice Thornbury ..."), and a higher score.
        eligible = []
        for oi, (ps, _) in found.items():
            need = MIN_CLAUSE_EVIDENCE - 1 if oi in near else MIN_CLAUSE_EVIDENCE
            if ps.verbatim or _plain_evidence(ps, ct, weights) >= need:
                eligible.append((oi, ps))
        kept = specific(eligible, weights, NEIGHBOUR_SHARE * options.min_score)
        passed = [
            (oi, ps)
            for oi, ps in kept
            if ps.score >= (NEIGHBOUR_SHARE if oi in near else CLAUSE_SHARE) * options.min_score
        ]
        if not passed and options.meaning_rescue:
            # Every candidate in the band is asked, not only the best: otherwise one more
            # release sentence scoring a little higher could take a link away.
            band = [
                (oi, ps)
                for oi, ps in kept
                if oi not in near and ps.score >= RESCUE_SHARE * options.min_score
            ]
            passed = _same_meaning(index, text, Span(a, b), band, found)
        if passed:
            oi, ps = min(passed, key=lambda x: (-x[1].score, x[0]))
            out.append((oi, ps, Span(a, b), found[oi][1]))
            taken = taken | {oi}
    out.sort(key=lambda x: (-x[1].score, x[0]))
    return out


def _same_meaning(
    index: ReleaseIndex,
    text: str,
    r_span: Span,
    band: list[tuple[int, PairScore]],
    found: dict[int, tuple[PairScore, Span]],
) -> list[tuple[int, PairScore]]:
    """The candidates of ``band`` the quick meaning model reads as saying what the clause says
    (``RESCUE_SAME``), each with the model's probability among its features."""
    if not band:  # most clauses: nothing in the band, and readable() costs 40 µs a clause
        return []
    clause = text[r_span.start : r_span.end]
    if not readable(clause):
        return []
    release = index.document.text
    asked = [
        (oi, ps, passage)
        for oi, ps in band
        if readable(passage := release[found[oi][1].start : found[oi][1].end])
    ]
    if not asked:
        return []
    pairs = [(clause, passage) for _, _, passage in asked]
    try:
        probs = same_meaning(pairs, quick=True)
    except MeaningModelMissing as exc:
        # A checkout without a usable model still compares, on shared words alone, and says why.
        _warn_once(str(exc))
        return []
    return [
        (oi, replace(ps, features=(*ps.features, (MEANING_FEATURE, round(p, 4)))))
        for (oi, ps, _), p in zip(asked, probs or (), strict=False)
        if p >= RESCUE_SAME
    ]


@cache
def _warn_once(message: str) -> None:
    log.warning("clause links without the quick meaning model: %s", message)


def _cannot_qualify(
    clause: SentenceTerms,
    said: int,
    unit_stems: frozenset[str],
    units: list[SentenceTerms],
    need: int,
) -> bool:
    """True when no pair of ``clause`` with one of ``units`` (a release sentence and its
    clauses) can be eligible in ``clause_links``, so none need be scored.

    Eligible is a copy (``PairScore.verbatim``) or ``need`` plain shared words. Fewer than
    ``need`` stems shared with all the units together rule out the words; with fewer than
    ``COPY_SHARE`` of the clause's words shared, ``score_pair`` tries no partial match, so a
    copy is its whole-text ratio, checked here exactly as there. On an unrelated long release
    most clause candidates share one rare word, and scoring them took 40% of the alignment.
    """
    shared = len(clause.stems & unit_stems)
    if shared >= need or shared >= COPY_SHARE * said:
        return False
    return all(fuzz.ratio(clause.norm, u.norm) / 100.0 < VERBATIM_RATIO for u in units)


def _plain_evidence(ps: PairScore, clause: SentenceTerms, weights: Weights) -> int:
    """Shared words that are neither topic nor names written with a capital."""
    return sum(
        1 for st in ps.shared_stems if st not in clause.names and not weights.is_topic(st)
    )


def rest_sources(
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
    passed = {oi for oi, _ in specific(again, weights, min_score)}
    return [(oi, ps) for oi, ps in near if oi in passed]


def neighbours(
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
    for oi in index.beside(best_oi):
        ps = known.get(oi) or score_pair(rt, index.terms[oi], weights)
        if NEIGHBOUR_SHARE * min_score <= ps.score < min_score:
            out.append((oi, ps))
    return out


def specific(
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
    # Only plausible sources compete: a sentence far below the bar that happens to hold the
    # same words (anywhere in a long document) does not make a match ambiguous.
    shared = [(oi, frozenset(ps.shared_stems)) for oi, ps in every if ps.score >= floor]
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


def candidates(
    index: ReleaseIndex, rt: SentenceTerms, weights: Weights, limit: int
) -> list[int]:
    """Release sentences sharing rare terms with ``rt``, best ``limit`` by shared IDF mass.

    A candidate sharing less than ``MIN_CANDIDATE_SHARE`` of the report sentence's IDF mass
    cannot reach a link score (the coverage gate in ``combine`` holds it down), so it is not
    scored at all. The masses are summed in numpy over the index's posting arrays (a long
    release has postings of hundreds of sentences), stem by stem in a fixed order, so each
    sentence's sum is the same float as a plain loop gives; ties go to the earlier sentence.
    """
    acc: np.ndarray | None = None
    for stem in sorted(rt.stems):  # a fixed order keeps the float sums reproducible
        posting = index.posting_array(stem)
        if posting is None or not nominates(stem):
            continue
        if acc is None:
            acc = np.zeros(len(index.sentences))
        acc[posting] += weights(stem)
    if acc is None:
        return []
    floor = MIN_CANDIDATE_SHARE * weights.sentence_mass(rt.stems)
    found = np.flatnonzero((acc >= floor) & (acc > 0.0))
    # Best mass first, then release order: what sorting (-mass, index) pairs gives.
    return found[np.lexsort((found, -acc[found]))[:limit]].tolist()
