"""The aligner's paraphrase decision on the MSR Paraphrase Corpus (``../shared/corpus/msrp``).

    .venv/bin/python bench/bench_msrp.py [--grid]

Each pair is scored with ``core.align_score.score_pair`` exactly as the aligner scores a
(report sentence, release sentence) pair, with IDF over all sentences of the split (the analogue
of "the release's sentences plus the reports"). "Link" means score >= threshold. The threshold
is tuned on ``msr_paraphrase_train.txt`` (best accuracy); accuracy and F1 are reported on
``msr_paraphrase_test.txt`` for that threshold and for the product default
(``CompareOptions.min_score``). MSRP pairs are nearly all topically related, so this is a hard
test of the link/no-link decision; the majority baseline is about 0.66.

``--meaning`` also asks the meaning models (``core.align.meaning``, the numpy cross-encoders:
the verdict model that ``compare --meaning`` and the window's pair detail use, and the quick one
of the clause rescue) about every test pair and scores their "same meaning" answers
(probability >= ``SAME_MEANING``; about 15 and 2 minutes on one core). It answers
MSRP's own question, whether two sentences say the same thing; the link decision above answers
Concord's, whether one derives from the other, which MSRP's negatives (a sentence with a clause
more or less) mostly are.

``--grid`` re-weighs the evidence (``core.align_score.Params``) by a grid search on train
(accuracy at the product threshold, which the calibration keeps as the operating point) and
prints the best weightings with their test figures, to check whether MSRP-tuned weights would
beat the shipped ones (about 10 s).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_msrp_semantic import MSRP
from bench.bench_msrp_semantic import load_rows as load  # (label, sentence 1, sentence 2)
from core.align.score import PARAMS, Params, Weights, combine, score_pair
from core.align.text import SentenceTerms, analyse
from core.results import CompareOptions

#: (label, combine() arguments before the weights, verbatim) for one pair.
Features = tuple[int, tuple[float, float, float, float, int, int, int, float], bool]


Pairs = list[tuple[int, SentenceTerms, SentenceTerms]]


def pairs_and_weights(rows: list[tuple[int, str, str]]) -> tuple[Pairs, Weights]:
    """(label, report terms, release terms) per pair, and weights with IDF over the split.

    The shorter sentence of a pair plays the report sentence (the one that must be covered).
    """
    terms = {s: analyse(s) for _, a, b in rows for s in (a, b)}
    df: Counter[str] = Counter()
    names: set[str] = set()
    for t in terms.values():
        df.update(t.stems)
        names |= t.names
    pairs = []
    for label, a, b in rows:
        ta, tb = terms[a], terms[b]
        pairs.append((label, *((ta, tb) if len(ta.stems) <= len(tb.stems) else (tb, ta))))
    return pairs, Weights(df, names=names)


def features(rows: list[tuple[int, str, str]]) -> list[tuple[int, float, Features]]:
    """(label, score, the features ``combine`` weighs) for every pair."""
    pairs, weights = pairs_and_weights(rows)
    out = []
    for label, r, o in pairs:
        ps = score_pair(r, o, weights)
        f = dict(ps.features)
        n_evidence = sum(1 for st in ps.shared_stems if not weights.is_topic(st))
        n_r = len(r.stems) - len(r.attrib - o.stems)
        args = (
            f["report_coverage"],
            f["release_coverage"],
            f["rare_mass"],
            f["phrases"],
            n_evidence,
            n_r,
            len(o.stems),
            f["number_clash"],
        )
        out.append((label, ps.score, (label, args, ps.verbatim)))
    return out


def scores(rows: list[tuple[int, str, str]]) -> list[tuple[int, float]]:
    return [(label, score) for label, score, _ in features(rows)]


def rescore(feats: list[Features], p: Params) -> list[tuple[int, float]]:
    """Scores under other weights; the features are rounded, so this is approximate."""
    out = []
    for label, args, verbatim in feats:
        s = combine(*args, p=p)
        out.append((label, max(s, 0.9) if verbatim else s))
    return out


def weight_grid(train: list[Features], test: list[Features], threshold: float) -> None:
    base = metrics(rescore(train, PARAMS), threshold)[0]
    print(f"grid over Params, accuracy at {threshold:.2f}; shipped weights: train {base:.3f}")
    found = []
    for w_cov, w_mass, w_phrase, scale, gate, thin, clash in itertools.product(
        (0.35, 0.45, 0.55, 0.65),
        (0.2, 0.3, 0.4, 0.5),
        (0.15, 0.25, 0.35),
        (1.0, 1.5, 2.5),
        (0.3, 0.5, 0.7),
        (0.6, 0.8),
        (0.1, 0.2),
    ):
        p = Params(w_cov, w_mass, w_phrase, scale, thin, gate, clash)
        found.append((metrics(rescore(train, p), threshold)[0], p))
    found.sort(key=lambda x: -x[0])
    print(f"{'train acc':>9} {'test acc':>8} {'prec':>6} {'recall':>6} {'f1':>6}  weights")
    for acc, p in found[:5]:
        t_acc, prec, rec, f1 = metrics(rescore(test, p), threshold)
        print(f"{acc:9.3f} {t_acc:8.3f} {prec:6.3f} {rec:6.3f} {f1:6.3f}  {p}")


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


def meaning_scores(rows: list[tuple[int, str, str]]) -> None:
    import time

    from core.align import same_meaning
    from core.align.meaning import SAME_MEANING

    for name, quick in (("verdict model", False), ("quick model", True)):
        start = time.perf_counter()
        probs = same_meaning([(a, b) for _, a, b in rows], quick=quick)
        secs = time.perf_counter() - start
        assert probs is not None
        acc, prec, rec, f1 = metrics(
            [(y, p) for (y, _, _), p in zip(rows, probs, strict=True)], SAME_MEANING
        )
        print(f"{name:>15} {SAME_MEANING:8.2f} {acc:6.3f} {prec:6.3f} {rec:6.3f} {f1:6.3f}"
              f"   ({len(rows)} pairs in {secs:.1f} s, {len(rows) / secs:.1f} pairs/s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--grid", action="store_true", help="also grid-search the evidence weights")
    ap.add_argument("--meaning", action="store_true", help="also score the meaning model")
    args = ap.parse_args()
    if not (MSRP / "msr_paraphrase_train.txt").exists():
        print(f"skipped: {MSRP} not found")
        return 0
    f_train = features(load("msr_paraphrase_train.txt"))
    f_test = features(load("msr_paraphrase_test.txt"))
    train = [(label, score) for label, score, _ in f_train]
    test = [(label, score) for label, score, _ in f_test]
    grid = [t / 100 for t in range(5, 96)]
    best = max(grid, key=lambda t: (metrics(train, t)[0], -abs(t - 0.5)))
    base = sum(y for y, _ in test) / len(test)
    print(f"test pairs {len(test)}, paraphrase share {base:.3f} (majority baseline accuracy)")
    print(f"{'threshold':>24} {'acc':>6} {'prec':>6} {'recall':>6} {'f1':>6}")
    for label, t in (("tuned on train", best), ("product default", CompareOptions.min_score)):
        acc, prec, rec, f1 = metrics(test, t)
        print(f"{label:>15} {t:8.2f} {acc:6.3f} {prec:6.3f} {rec:6.3f} {f1:6.3f}")
    if args.meaning:
        meaning_scores(load("msr_paraphrase_test.txt"))
    if args.grid:
        weight_grid([f for _, _, f in f_train], [f for _, _, f in f_test], CompareOptions.min_score)
    return 0


if __name__ == "__main__":
    sys.exit(main())
