"""Which releases each article derives from, and how much of the article each one gave.

``match_articles`` finds every article's candidate releases in a ``CandidateIndex``, then runs
the aligner (``core.compare.compare_one``) on those candidate pairs only, release by release so
that each release is prepared once. An article derives from a release when the share of its
text linked to that release (``derived_share``, as the scorecard shows it) is at least
``min_share`` with at least ``MIN_LINKS`` links: one linked sentence is a shared stock phrase
more often than a source. Progress counts the candidate pairs aligned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from core.compare import compare_one, prepare_release
from core.documents import Document, Progress, no_progress
from core.match.index import MAX_CANDIDATES, MIN_HITS, THRESHOLD, CandidateIndex
from core.results import CompareOptions

#: Share of an article's text that must come from a release for it to derive from it. Low:
#: a broadcaster's report on the seed release takes 5% of its text from it (two passages in
#: 1,000 words), and same-topic articles that take nothing get no link at all.
MIN_SHARE = 0.02
#: Links an article needs into a release for it to derive from it.
MIN_LINKS = 2


@dataclass(frozen=True)
class Derivation:
    """What the aligner found between one article and one candidate release."""

    release: int
    derived_share: float
    verbatim_share: float
    links: int


@dataclass(frozen=True)
class ArticleMatch:
    """One article: its candidate releases, and those it derives from (most derived first)."""

    article: int
    candidates: tuple[int, ...]
    checked: tuple[Derivation, ...]
    derives_from: tuple[Derivation, ...]


@dataclass(frozen=True)
class MatchSettings:
    threshold: float = THRESHOLD
    min_hits: int = MIN_HITS
    max_candidates: int = MAX_CANDIDATES
    min_share: float = MIN_SHARE
    min_links: int = MIN_LINKS


def match_articles(
    releases: Sequence[Document],
    articles: Sequence[Document],
    options: CompareOptions | None = None,
    settings: MatchSettings | None = None,
    progress: Progress = no_progress,
) -> list[ArticleMatch]:
    """One ``ArticleMatch`` per article, in the articles' order."""
    options = options or CompareOptions()
    settings = settings or MatchSettings()
    index = CandidateIndex(releases, settings.threshold)
    candidates = [
        tuple(index.candidates(a, settings.min_hits, settings.max_candidates)) for a in articles
    ]
    by_release: dict[int, list[int]] = defaultdict(list)
    for a, found in enumerate(candidates):
        for r in found:
            by_release[r].append(a)
    total = sum(len(c) for c in candidates)
    done = 0
    progress(0, total, "aligning candidates")
    checked: dict[tuple[int, int], Derivation] = {}
    for r in sorted(by_release):
        prepared = prepare_release(releases[r], options)
        for a in by_release[r]:
            comp = compare_one(prepared, articles[a], 1, options)
            checked[(a, r)] = Derivation(r, comp.stats.derived_share,
                                         comp.stats.verbatim_share, len(comp.links))
            done += 1
            progress(done, total, articles[a].name)
    out: list[ArticleMatch] = []
    for a, found in enumerate(candidates):
        seen = tuple(checked[(a, r)] for r in found)
        derived = sorted(
            (d for d in seen
             if d.derived_share >= settings.min_share and d.links >= settings.min_links),
            key=lambda d: (-d.derived_share, d.release),
        )
        out.append(ArticleMatch(a, found, seen, tuple(derived)))
    return out
