"""Release assignment by ``concord match``: precision, recall, and what the LSH index saves.

    .venv/bin/python bench/bench_match.py [--no-brute-force]

The case is ``tests/core/match/match_case.py``: the seed and sample releases among the readable
official PDFs of ``../shared/corpus/pdfs`` (releases no article uses), against the four seed
reports, the five sample reports and the 73 shared news pages. Gold: seed reports 000 and 001
derive from the seed release, the four sample reports from the sample release, nothing else
derives from anything (seed 003 and 004 are on the seed release's topic, the sample's
``report_unrelated`` shares its place names). Scored on (article, release) assignments.

It prints the candidate stage (article-release pairs the index passes to the aligner, and
whether every true pair is among them) and the assignment's precision and recall, then, unless
``--no-brute-force``, the same decision made by aligning every article with every release: the
figures the index must not lose, and the time it saves.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.compare import compare_one, prepare_release
from core.match import MIN_LINKS, MIN_SHARE, CandidateIndex, match_articles
from tests.core.match.match_case import build, score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-brute-force", action="store_true")
    args = parser.parse_args()

    t = time.perf_counter()
    case = build()
    words = sum(len(r.text.split()) for r in case.releases)
    print(f"case: {len(case.releases)} releases ({words:,} words), {len(case.articles)} "
          f"articles, {len(case.gold)} true pairs; loaded in "
          f"{time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    index = CandidateIndex(case.releases)
    t_index = time.perf_counter() - t
    t = time.perf_counter()
    cands = {a.path: {case.releases[r].path for r in index.candidates(a)} for a in case.articles}
    t_query = time.perf_counter() - t
    n_cand = sum(len(c) for c in cands.values())
    found = sum(1 for a, r in case.gold if r in cands[a])
    print(f"index: {index.passages:,} release passages in {t_index:.2f} s; lookups "
          f"{t_query:.2f} s; {n_cand} candidate pairs of "
          f"{len(case.articles) * len(case.releases):,}; true pairs among them: "
          f"{found}/{len(case.gold)}")

    t = time.perf_counter()
    matches = match_articles(case.releases, case.articles)
    t_match = time.perf_counter() - t
    predicted = {(case.articles[m.article].path, case.releases[d.release].path)
                 for m in matches for d in m.derives_from}
    p, r = score(case, predicted)
    print(f"match: precision {p:.3f}, recall {r:.3f} ({len(predicted)} assigned) in "
          f"{t_match:.1f} s (index, lookups and aligning the candidates)")
    for a, rel in sorted(predicted ^ case.gold):
        print(f"  {'extra' if (a, rel) in predicted else 'missed'}: {Path(a).name} -> "
              f"{Path(rel).name}")

    if not args.no_brute_force:
        t = time.perf_counter()
        brute: set[tuple[str, str]] = set()
        for release in case.releases:
            prepared = prepare_release(release)
            for article in case.articles:
                comp = compare_one(prepared, article, 1)
                if comp.stats.derived_share >= MIN_SHARE and len(comp.links) >= MIN_LINKS:
                    brute.add((article.path, release.path))
        p, r = score(case, brute)
        print(f"every pair aligned: precision {p:.3f}, recall {r:.3f} in "
              f"{time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
