"""Alignment speed: the seed scenario, and a 50,000-word release against 25/50/100 reports.

    .venv/bin/python bench/bench_align_speed.py [--reports 100] [--words 50000]

The scale case is generated at run time, deterministically (``random.Random(7)``), from real
news sentences (the MSRP corpus in ``../shared``, else the seed texts): the release is a sample
of sentences in paragraphs of three to five; each report of ~800 words mixes about half release
sentences, perturbed (words dropped, substituted, clauses swapped, order shuffled), with
sentences the release does not contain. Nothing large is written to disk. Prints compute time
(loading excluded), the alignment's own share (quotes and figures excluded), per-report cost at
25/50/100 reports (linearity) and peak memory (``ru_maxrss``). Quotes and figures are judged
against a release prepared once per run (``core.judge_context``); their time includes that.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.compare import compare
from core.compare import pipeline as compare_mod
from core.documents import (
    Document,
    load_document,
)
from core.results.jsonio import document_from_text

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
MSRP = SHARED / "corpus" / "msrp" / "msr_paraphrase_train.txt"

SUBSTITUTES = {
    "said": "stated",
    "new": "fresh",
    "government": "administration",
    "plan": "scheme",
    "people": "individuals",
    "will": "would",
    "big": "large",
    "company": "firm",
    "announced": "unveiled",
    "increase": "rise",
    "shares": "stock",
    "percent": "per cent",
    "million": "m",
    "officials": "authorities",
    "because": "as",
    "about": "around",
}


def sentence_pool() -> list[str]:
    pool: list[str] = []
    if MSRP.exists():
        for line in MSRP.read_text(encoding="utf-8-sig").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) == 5:
                pool.extend((parts[3], parts[4]))
    for p in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        pool.extend(s.strip() for s in p.read_text(encoding="utf-8").split(". ") if s.strip())
    if not pool:
        raise SystemExit("no sentence source found under ../shared")
    return sorted(set(pool))


def perturb(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    out = []
    for w in words:
        r = rng.random()
        if r < 0.08 and len(words) > 6:
            continue  # dropped word
        out.append(SUBSTITUTES.get(w.lower(), w) if r < 0.4 else w)
    if rng.random() < 0.3 and "," in sentence:
        head, _, tail = " ".join(out).partition(",")
        return f"{tail.strip().capitalize()}, {head[:1].lower()}{head[1:]}"
    return " ".join(out)


def synthetic(
    n_words: int, n_reports: int, report_words: int = 800
) -> tuple[Document, list[Document]]:
    rng = random.Random(7)
    pool = sentence_pool()
    rng.shuffle(pool)
    release_sents: list[str] = []
    words = 0
    i = 0
    while words < n_words:
        s = pool[i % len(pool)]
        i += 1
        release_sents.append(s)
        words += len(s.split())
    others = pool[i:] or pool
    paras, j = [], 0
    while j < len(release_sents):
        k = rng.randint(3, 5)
        paras.append(" ".join(release_sents[j : j + k]))
        j += k
    release = document_from_text("\n\n".join(paras), "synthetic_release.txt")
    reports = []
    for r in range(n_reports):
        sents: list[str] = []
        count = 0
        start = rng.randrange(len(release_sents))
        while count < report_words:
            if rng.random() < 0.5:
                s = perturb(release_sents[(start + rng.randint(0, 300)) % len(release_sents)], rng)
            else:
                s = rng.choice(others)
            sents.append(s)
            count += len(s.split())
        paras = [" ".join(sents[k : k + 2]) for k in range(0, len(sents), 2)]
        reports.append(document_from_text("\n\n".join(paras), f"synthetic_report_{r:03}.txt"))
    return release, reports


def timed(
    official: Document, reports: list[Document], align_only: bool = False
) -> tuple[float, float]:
    """(total compute seconds, seconds spent in quote and figure judging).

    Judging includes preparing the release for it (``prepare_judges``, once per run).
    """
    spent = [0.0]
    real_q, real_f = compare_mod._judge_quotes, compare_mod._judge_figures
    real_p = compare_mod.prepare_judges

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        def inner(*a: Any, **k: Any) -> Any:
            if align_only:
                return None if fn is real_p else ()
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[0] += time.perf_counter() - t

        return inner

    compare_mod._judge_quotes = wrap(real_q)
    compare_mod._judge_figures = wrap(real_f)
    compare_mod.prepare_judges = wrap(real_p)
    try:
        t0 = time.perf_counter()
        compare(official, reports)
        return time.perf_counter() - t0, spent[0]
    finally:
        compare_mod._judge_quotes, compare_mod._judge_figures = real_q, real_f
        compare_mod.prepare_judges = real_p


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument(
        "--align-only",
        action="store_true",
        help="scale case without quote and figure judging (the alignment engine alone)",
    )
    args = ap.parse_args()
    results: dict[str, object] = {}
    if SEEDS.is_dir():
        official = load_document(
            SEEDS / json.loads((SEEDS / "manifest.json").read_text())["official"]
        )
        reports = [load_document(p) for p in sorted(SEEDS.glob("*.txt")) if p.name != official.name]
        compare(official, reports)  # warm imports
        runs = [timed(official, reports) for _ in range(3)]
        total, judged = min(runs)
        results["seeds"] = {"total_s": round(total, 3), "alignment_s": round(total - judged, 3)}
        print(
            f"seeds: {total:.3f} s compute ({total - judged:.3f} s alignment, "
            f"{judged:.3f} s quotes+figures) for {len(reports)} reports"
        )
    release, reports = synthetic(args.words, args.reports)
    n_words = len(release.text.split())
    print(
        f"scale: release {n_words} words, {len(reports)} reports of "
        f"~{sum(len(r.text.split()) for r in reports) // len(reports)} words"
    )
    for n in sorted({max(1, args.reports // 4), max(1, args.reports // 2), args.reports}):
        total, judged = timed(release, reports[:n], args.align_only)
        print(
            f"  {n:4} reports: {total:6.2f} s total, {total - judged:6.2f} s alignment, "
            f"{judged:5.2f} s quotes+figures, {1000 * total / n:6.1f} ms per report"
        )
        results[f"scale_{n}"] = {
            "total_s": round(total, 2),
            "alignment_s": round(total - judged, 2),
            "judging_s": round(judged, 2),
        }
    if args.align_only:
        print("  (quotes and figures not judged: --align-only)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak_mb:.0f} MB")
    results["peak_mb"] = round(peak_mb)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
