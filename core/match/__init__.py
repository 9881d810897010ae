"""Match: which of many releases each article comes from, and how much of it.

``match_articles(releases, articles)`` puts every passage of every release in a MinHash LSH
index (``datasketch``; ``CandidateIndex``), looks up each article's passages to find its few
candidate releases, and runs the aligner on those candidate pairs only, so the cost grows with
the articles and their candidates, not with articles × releases. Each ``ArticleMatch`` lists
the releases the article derives from (``Derivation``: the share of the article's text linked
to that release, as the scorecard's "report derived"), most derived first. Depends on
``documents``, ``results``, ``align`` (sentences and content words) and ``compare``. Must not
import Qt or ``ui/``.
"""

from __future__ import annotations

from core.match.assign import (
    MIN_LINKS,
    MIN_SHARE,
    ArticleMatch,
    Derivation,
    MatchSettings,
    match_articles,
)
from core.match.index import MAX_CANDIDATES, MIN_HITS, THRESHOLD, CandidateIndex

__all__ = [
    "MAX_CANDIDATES",
    "MIN_HITS",
    "MIN_LINKS",
    "MIN_SHARE",
    "THRESHOLD",
    "ArticleMatch",
    "CandidateIndex",
    "Derivation",
    "MatchSettings",
    "match_articles",
]
