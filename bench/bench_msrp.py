"""The aligner's paraphrase decision on the MSR Paraphrase Corpus (``../shared/corpus/msrp``).

    .venv/bin/python bench/bench_msrp.py

Each pair is scored with ``core.align_score.score_pair`` exactly as the aligner scores a
(report sentence, release sentence) pair, with IDF over all sentences of the split (the analogue
of "the release's sentences plus the reports"). "Link" means score >= threshold. The threshold
is tuned on ``msr_paraphrase_train.txt`` (best accuracy); accuracy and F1 are reported on
``msr_paraphrase_test.txt`` for that threshold and for the product default
(``CompareOptions.min_score``). MSRP pairs are nearly all topically related, so this is a hard
test of the link/no-link decision; the majority baseline is about 0.66.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.align_score import Weights, score_pair  # noqa: E402
from core.align_text import analyse  # noqa: E402
from core.model import CompareOptions  # noqa: E402

MSRP = ROOT.parent / "shared" / "corpus" / "msrp"


def load(name: str) -> list[tuple[int, str, str]]:
    rows = []
    for line in (MSRP / name).read_text(encoding="utf-8-sig").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            rows.append((int(parts[0]), parts[3], parts[4]))
    return rows


def scores(rows: list[tuple[int, str, str]]) -> list[tuple[int, float]]:
    terms = {s: analyse(s) for _, a, b in rows for s in (a, b)}
    df: Counter[str] = Counter()
    names: set[str] = set()
    for t in terms.values():
        df.update(t.stems)
        names |= t.names
    weights = Weights(len(terms), df, names=names)
    out = []
    for label, a, b in rows:
        # The shorter sentence plays the report sentence (the one that must be covered).
        ta, tb = terms[a], terms[b]
        r, o = (ta, tb) if len(ta.stems) <= len(tb.stems) else (tb, ta)
        out.append((label, score_pair(r, o, weights).score))
    return out


def metrics(scored: list[tuple[int, float]], threshold: float) -> tuple[float, float, float, float]:
    tp = sum(1 for y, s in scored if y and s >= threshold)
    fp = sum(1 for y, s in scored if not y and s >= threshold)
    fn = sum(1 for y, s in scored if y and s < threshold)
    tn = len(scored) - tp - fp - fn
    acc = (tp + tn) / len(scored)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return acc, prec, rec, f1


def main() -> int:
    if not (MSRP / "msr_paraphrase_train.txt").exists():
        print(f"skipped: {MSRP} not found")
        return 0
    train, test = scores(load("msr_paraphrase_train.txt")), scores(load("msr_paraphrase_test.txt"))
    grid = [t / 100 for t in range(5, 96)]
    best = max(grid, key=lambda t: (metrics(train, t)[0], -abs(t - 0.5)))
    base = sum(y for y, _ in test) / len(test)
    print(f"test pairs {len(test)}, paraphrase share {base:.3f} (majority baseline accuracy)")
    print(f"{'threshold':>24} {'acc':>6} {'prec':>6} {'recall':>6} {'f1':>6}")
    for label, t in (("tuned on train", best), ("product default", CompareOptions.min_score)):
        acc, prec, rec, f1 = metrics(test, t)
        print(f"{label:>15} {t:8.2f} {acc:6.3f} {prec:6.3f} {rec:6.3f} {f1:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
