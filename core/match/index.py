"""The candidate index: MinHash LSH over every passage of every release.

``CandidateIndex(releases)`` sketches each release's passages (``sketch.passages``) into one
``MinHashLSH``; ``candidates(article)`` looks up each of the article's passages and counts, per
release, how many article passages found a similar passage in it (estimated Jaccard similarity
of their content words above ``threshold``). A release is a candidate when at least
``min_hits`` passages found it, and the ``max_candidates`` with most hits are kept: the
aligner then runs on those alone, whatever the number of releases. Lookups cost per article
passage, not per release.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from core.documents import Document
from core.match.sketch import NUM_PERM, passages

#: Estimated Jaccard similarity of two passages' content words for them to meet in the index.
#: Low on purpose: a paraphrased sentence keeps about a third to a half of its content words.
THRESHOLD = 0.3
#: Article passages that must find a release before it is a candidate.
MIN_HITS = 2
#: Candidates kept per article (those with most hits).
MAX_CANDIDATES = 5


class CandidateIndex:
    """Releases' passages in a MinHash LSH index, to find the releases an article may use."""

    def __init__(self, releases: Sequence[Document], threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.passages = 0
        for r, release in enumerate(releases):
            for p, passage in enumerate(passages(release)):
                self.lsh.insert((r, p), passage.minhash, check_duplication=False)
                self.passages += 1

    def hits(self, article: Document) -> Counter[int]:
        """Release index -> how many of the article's passages found one of its passages."""
        found: Counter[int] = Counter()
        for passage in passages(article):
            found.update({r for r, _ in self.lsh.query(passage.minhash)})
        return found

    def candidates(
        self, article: Document, min_hits: int = MIN_HITS, limit: int = MAX_CANDIDATES
    ) -> list[int]:
        """Indices of the releases worth aligning ``article`` with, most hits first.

        An article of fewer passages than ``min_hits`` (a one-sentence item copied from a
        release) needs only as many hits as it has passages.
        """
        need = max(1, min(min_hits, sum(1 for _ in passages(article))))
        ranked = sorted(self.hits(article).items(), key=lambda kv: (-kv[1], kv[0]))
        return [r for r, n in ranked if n >= need][:limit]
