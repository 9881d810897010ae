"""Quote verdicts: does the release hold a report's quoted words exactly, in other words, or not?

EXACT: the quote's words (case, punctuation and spacing ignored) stand in the release, with or
without quote marks. ALTERED: one to three consecutive release sentences make the statement in
other words: most of the quote's rare words are there and the wording is close; the verdict
carries the release span and the word diff from the release wording to the quote. ABSENT
otherwise. Scare quotes of one or two words are EXACT or ABSENT, never "altered": two words
prove nothing about wording. Pure Python plus rapidfuzz; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from core.align import tokenize, word_diff
from core.documents import Document, ShouldCancel, Span, never_cancel
from core.judge.context import JudgeContext, context_for
from core.judge.quote_find import FoundQuote, find_quotes
from core.judge.quote_match import ReleaseIndex, content_terms, words
from core.results import CompareOptions, DiffOp, DiffPiece, Link, Quote, QuoteVerdict, Sentence

__all__ = ["FoundQuote", "find_quotes", "judge_quote", "judge_quotes"]

#: Share of the quote's rarity-weighted content words a release window must hold.
MIN_COVERAGE = 0.6
#: rapidfuzz partial_ratio (0-100) between quote and window wording.
MIN_WORDING = 62.0
#: A quote with this many content words or fewer covers a window too easily ("migrants coming
#: for work" finds all three words somewhere), so its wording must be much closer.
FEW_TERMS = 5
MIN_WORDING_FEW = 75.0
#: A quote with fewer content words than this is too thin to call "altered".
MIN_CONTENT_TERMS = 3
#: A quote sentence needs this many content words to stand for the whole quote.
MIN_SENTENCE_TERMS = 5
#: Bonus for a window that the aligner already linked to the quote's sentence.
LINK_BONUS = 0.05
#: At most this many release words are taken in at either edge for a substitution.
MAX_EDGE_WORDS = 6
#: Windows scored in full (rapidfuzz) after the cheap coverage pre-filter.
TOP_WINDOWS = 8
#: Slack for float rounding when a bound on a window's coverage decides what to skip.
_EPS = 1e-9

_DEFAULT_OPTIONS = CompareOptions()

_STYLE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_CUT = re.compile(r"\[[^\]]*\]|…|\.\.\.|\(\.\.\.\)")


@dataclass(frozen=True)
class _Match:
    span: Span
    score: float


def _segments(text: str) -> list[list[str]]:
    """Word runs of a quote, cut where an editor left something out or put something in."""
    return [[w.norm for w in words(part)] for part in _CUT.split(text)]


def _linked(links: Sequence[Link], span: Span) -> list[Span]:
    return [link.official for link in links if link.report.overlaps(span)]


def _best_window(index: ReleaseIndex, text: str, hints: Sequence[Span]) -> _Match | None:
    """The release window that best says what ``text`` says, if it passes both thresholds."""
    terms = set(content_terms(text))
    if len(terms) < MIN_CONTENT_TERMS:
        return None
    total = index.weighted(terms)
    rare_mass, _, common = index.rare_overlap(terms)
    hits = set(rare_mass)  # the sentences ``index.candidates(terms)`` names
    # Sentences the aligner linked to the quote's sentence are candidates whatever their words.
    hits.update(index.overlapping(hints))
    # A window reaches MIN_COVERAGE only if its rare words, plus every common one, weigh enough,
    # so one of its sentences holds at least its share of that: in a long release most
    # candidates share one rare word and no window around them needs looking at.
    need = (MIN_COVERAGE * total - index.weighted(common)) / index.max_window - _EPS * total
    seeds = [i for i, mass in rare_mass.items() if mass >= need] if need > 0 else hits
    firsts = sorted({i - d for i in seeds for d in range(index.max_window) if i >= d})
    scored = []
    for w in (w for first in firsts for w in index.windows_from(first)):
        # As if every window from a first within three sentences before a candidate were read.
        if not any(w.first + d in hits for d in range(3)):
            continue
        if not any(j in hits for j in range(w.first, w.last + 1)):
            continue
        shared = terms & w.terms
        if len(shared) < MIN_CONTENT_TERMS:
            continue
        coverage = index.weighted(shared) / total
        if coverage >= MIN_COVERAGE:
            scored.append((coverage, w))
    if not scored:
        return None
    scored.sort(key=lambda cw: (-cw[0], cw[1].last - cw[1].first))
    needle = " ".join(w.norm for w in words(text))
    min_wording = MIN_WORDING_FEW if len(terms) <= FEW_TERMS else MIN_WORDING
    best: tuple[float, int, Span] | None = None
    for coverage, w in scored[:TOP_WINDOWS]:
        hay = " ".join(x.norm for x in words(index.slice(w.span)))
        wording = fuzz.partial_ratio(needle, hay)
        if wording < min_wording:
            continue
        score = 0.6 * coverage + 0.4 * wording / 100
        if any(h.overlaps(w.span) for h in hints):
            score += LINK_BONUS
        size = w.last - w.first
        # A wider window must earn its extra sentences.
        if best is None or score > best[0] + 0.02 or (score >= best[0] - 0.02 and size < best[1]):
            best = (score, size, w.span)
    return _Match(best[2], best[0]) if best else None


def _trim_to_shared(index: ReleaseIndex, span: Span, quote: str, timeout: float) -> Span:
    """Narrow a release window to the stretch the quote draws on.

    From the first to the last word the quote shares, widened by the words a substitution
    right at either edge replaced ("will give" -> "might give", "2080" -> "2100"), so the diff
    shows a replacement rather than a bare insertion.
    """
    source = index.slice(span)
    # Compared case- and quote-style-blind; both keep their length, so offsets stay valid.
    folded = source.lower().translate(_STYLE)
    if len(folded) != len(source):
        folded = source
    # No semantic cleanup here: it would fold short shared runs into the edits around them.
    diff = word_diff(folded, quote.lower().translate(_STYLE), timeout, cleanup=False)
    starts = []  # release offset where each piece starts
    pos = 0
    for piece in diff:
        starts.append(pos)
        if piece.op is not DiffOp.INSERT:
            pos += len(piece.text)
    shared = [
        i for i, p in enumerate(diff) if p.op is DiffOp.EQUAL and content_terms(p.text)
    ]
    if not shared:
        return span
    i, j = shared[0], shared[-1]
    first = starts[i] + len(diff[i].text) - len(diff[i].text.lstrip())
    last = starts[j] + len(diff[j].text.rstrip())
    before = _substituted(diff, i - 2, i)
    if before is not None:
        words_in = _word_count(before[1].text)
        tokens = tokenize(before[0].text)
        cut = sum(len(t) for t in tokens[: max(0, len(tokens) - words_in)])
        first = starts[diff.index(before[0])] + cut
    after = _substituted(diff, j + 1, j + 3)
    if after is not None:
        tokens = tokenize(after[0].text)
        n = min(len(tokens), _word_count(after[1].text))
        # Run on to the end of the phrase ("asking for," -> "demanding"), a word or two at most.
        extra = 0
        while n < len(tokens) and extra < 2 and tokens[n][:1].isalnum():
            n, extra = n + 1, extra + 1
        if n < len(tokens) and tokens[n][:1].isalnum():
            n -= extra  # no phrase end in reach: keep to the replaced words alone
        taken = "".join(tokens[:n])
        last = starts[diff.index(after[0])] + len(taken.rstrip())
    return Span(span.start + first, span.start + last)


def _substituted(
    diff: Sequence[DiffPiece], lo: int, hi: int
) -> tuple[DiffPiece, DiffPiece] | None:
    """(DELETE, INSERT) when ``diff[lo:hi]`` is exactly that pair, in either order."""
    if lo < 0 or hi > len(diff):
        return None
    pair = list(diff[lo:hi])
    if len(pair) != 2 or {p.op for p in pair} != {DiffOp.DELETE, DiffOp.INSERT}:
        return None
    deleted = next(p for p in pair if p.op is DiffOp.DELETE)
    inserted = next(p for p in pair if p.op is DiffOp.INSERT)
    if not _word_count(inserted.text):
        return None
    return deleted, inserted


def _word_count(text: str) -> int:
    return min(MAX_EDGE_WORDS, len(words(text)))


def _sentences_of(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])[\"'’”]?\s+", text) if s.strip()]


def judge_quote(
    index: ReleaseIndex,
    found: FoundQuote,
    links: Sequence[Link] = (),
    options: CompareOptions = _DEFAULT_OPTIONS,
) -> Quote:
    """The verdict for one found quote against a release index."""
    text = found.text
    exact = index.find_segments(_segments(text))
    if exact is not None:
        return Quote(found.span, text, QuoteVerdict.EXACT, found.speaker, exact)
    if found.is_short:
        return Quote(found.span, text, QuoteVerdict.ABSENT, found.speaker)
    hints = _linked(links, found.span)
    match = _best_window(index, text, hints)
    if match is None:
        # A long quote may carry one release sentence among words of its own.
        for part in _sentences_of(text):
            if len(set(content_terms(part))) < MIN_SENTENCE_TERMS or part.strip() == text.strip():
                continue
            spot = index.find_segments(_segments(part))
            match = _Match(spot, 1.0) if spot else _best_window(index, part, hints)
            if match is not None:
                break
    if match is None:
        return Quote(found.span, text, QuoteVerdict.ABSENT, found.speaker)
    official = _trim_to_shared(index, match.span, text, options.diff_timeout)
    diff = word_diff(index.slice(official), text, options.diff_timeout, loose=True)
    return Quote(found.span, text, QuoteVerdict.ALTERED, found.speaker, official, diff)


def judge_quotes(
    official: Document,
    report: Document,
    links: Sequence[Link],
    official_sentences: Sequence[Sentence],
    options: CompareOptions = _DEFAULT_OPTIONS,
    should_cancel: ShouldCancel = never_cancel,
    *,
    prepared: JudgeContext | None = None,
) -> tuple[Quote, ...]:
    """Every quote in the report's own text (page furniture left out), in reading order.

    ``prepared`` (from ``prepare_judges``) carries the release's index built once, for callers
    judging many reports; without it the index is built here. Stops early, returning the
    verdicts so far, when ``should_cancel()`` turns True.
    """
    index = context_for(prepared, official, official_sentences).index
    out: list[Quote] = []
    for found in find_quotes(report.text):
        if should_cancel():
            break
        if report.is_furniture(found.span):
            continue
        out.append(judge_quote(index, found, links, options))
    return tuple(out)
