"""Second look with context: links for report sentences just under the bar whose position
vouches for their source (between anchoring links, headline to a heading, lead to the lead of
the story the report's links point at). Positions are relative to the links already made, so
they mean the same inside a long document as in a one-page release. Pure Python; must not
import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from core.align.index import ReleaseIndex, is_heading, lead_units
from core.align.score import PairScore, Weights
from core.align.sources import specific
from core.align.text import SCALE_NUMBERS
from core.results import CompareOptions, Sentence

#: Between two linked report sentences whose sources are at most ``ANCHOR_SPAN`` release
#: sentences apart, a sentence needs this share of ``min_score`` to link inside that stretch.
ANCHOR_SHARE = 0.6
ANCHOR_SPAN = 2
#: With one anchor only (the very next or previous report sentence), on the diagonal.
ONE_ANCHOR_SHARE = 0.7
#: How far (in report units) the two anchoring links may be from the sentence between them.
ANCHOR_GAP = 2
#: A report headline needs this share of ``min_score`` to link to a heading of the release.
HEADLINE_SHARE = 0.4
#: The first units of a report (headline, standfirst, lead paragraph).
LEAD_REPORT = 3
#: A heading this far down a report may be a crosshead of its own story; only further down is
#: the text above it taken for other stories (a news page's teasers, a digest).
REPORT_TOP_UNITS = 12
#: A report lead sentence needs this share of ``min_score`` to link to the story's lead.
LEAD_SHARE = 0.6
_YEAR = re.compile(r"(19|20)\d\d")
_DATE_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "today", "yesterday",
})


def context_links(
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
    sentences a rule allows, numbers that disagree block every lower bar, a pair sharing a date
    ("March 2027") and at most one other word never links on position, and only first-pass
    links serve as anchors (no cascade).
    """
    if not pending:
        return []
    best: dict[int, int] = {}
    for ri, oi, _ in chosen:
        best.setdefault(ri, oi)
    linked = sorted(best)
    top = _report_top(text, report_sentences, linked[0]) if linked else 0
    r_lead = tuple(top + i for i in lead_units(text, report_sentences[top:], LEAD_REPORT))
    r_headline = r_lead[0] if r_lead and is_heading(text, report_sentences[r_lead[0]]) else None
    # Where the story starts in the release, found from the links themselves (never from the
    # release's first line, which inside a long document is some other text's): the heading
    # before the source of the report's headline, or else before the earliest source.
    o_lead: frozenset[int] = frozenset()
    if best:
        source = best.get(r_headline, min(best.values())) if r_headline is not None else min(
            best.values()
        )
        o_lead = index.lead_from(index.story_top(source))
    o_headings = frozenset(index.headings)
    min_score = options.min_score
    out = []
    for ri in sorted(pending):
        # (release sentences allowed, share of the threshold, a shared figure needed).
        rules: list[tuple[frozenset[int], float, bool]] = []
        k = bisect.bisect_left(linked, ri)
        before = linked[k - 1] if k > 0 else None
        after = linked[k] if k < len(linked) else None
        if before is not None and after is not None:
            # Release steps are counted through page furniture (``ReleaseIndex.stretch``): a
            # running head between two sources does not set them apart.
            stretch = index.stretch(best[before], best[after], ANCHOR_SPAN)
            if ri - before <= ANCHOR_GAP and after - ri <= ANCHOR_GAP and stretch is not None:
                rules.append((stretch, ANCHOR_SHARE, False))
        # One anchor right next to the sentence: the diagonal step continues it.
        if before == ri - 1:
            ahead = (best[before], index.step(best[before], 1))
            rules.append((frozenset(n for n in ahead if n is not None), ONE_ANCHOR_SHARE, False))
        if after == ri + 1:
            behind = (index.step(best[after], -1), best[after])
            rules.append((frozenset(n for n in behind if n is not None), ONE_ANCHOR_SHARE, False))
        if ri == r_headline:
            rules.append((o_headings, HEADLINE_SHARE, True))
        elif ri in r_lead and o_lead:
            rules.append((o_lead, LEAD_SHARE, True))
        pick: tuple[int, PairScore] | None = None
        for allowed, share, needs_figure in rules:
            near = [
                (oi, ps)
                for oi, ps in pending[ri]
                if oi in allowed
                and not _number_clash(ps)
                and not _dates_only(ps, weights)
                and (not needs_figure or not SCALE_NUMBERS.issuperset(ps.shared_numbers))
            ]
            for oi, ps in specific(near, weights, share * min_score):
                if pick is None or (ps.score, -oi) > (pick[1].score, -pick[0]):
                    pick = (oi, ps)
        if pick is not None:
            out.append((ri, pick[0], pick[1]))
    return out


def _report_top(text: str, sentences: Sequence[Sentence], first_link: int) -> int:
    """Where the report's story starts: the headline above its first link.

    The same heading rule as the release's ``story_top``: the last heading at or before the
    first linked unit, and of a run of headings the first. A page's other stories above the
    report (a news site's teasers, a digest) then do not take the headline's place. With no
    heading there, or that heading within the first ``REPORT_TOP_UNITS`` units (a crosshead
    under the report's own headline and opening paragraphs), the report's first unit.
    """
    k = first_link
    while k >= 0 and not _heads(text, sentences[k]):
        k -= 1
    if k < REPORT_TOP_UNITS:
        return 0
    while k > 0 and _heads(text, sentences[k - 1]):
        k -= 1
    return k


def _heads(text: str, sent: Sentence) -> bool:
    unit = text[sent.span.start : sent.span.end]
    return not sent.furniture and any(c.isalnum() for c in unit) and is_heading(text, sent)


def _dates_only(ps: PairScore, weights: Weights) -> bool:
    """Whether a pair rests on a calendar date ("March 2027") with at most one other word
    beside the story's own topic words: a masthead ("Coastal Homes Newsletter, March 2027")
    shares that much with any dateline of the same month, whatever stands next to it. A bare
    year is a fact ("the 1952 pier"), not a date line, and does not count."""
    if not any(s in _DATE_WORDS for s in ps.shared_stems):
        return False
    other = [s for s in ps.shared_stems if not _is_date(s) and not weights.is_topic(s)]
    return len(other) < 2


def _is_date(stem: str) -> bool:
    return stem in _DATE_WORDS or bool(_YEAR.fullmatch(stem)) or (
        stem.isdigit() and int(stem) <= 31)


def _number_clash(ps: PairScore) -> bool:
    return dict(ps.features).get("number_clash", 0.0) > 0.0
