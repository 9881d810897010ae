"""Fuzz Concord's readers at volume: mutated PDFs, DOCX, HTML, TXT and session files.

    .venv/bin/python bench/bench_fuzz.py [--cases 10000] [--seed 1] [--keep]

Draws the cases from the real files in ``../shared/corpus`` and ``sample_docs/`` and a session
file made from the sample documents (``tests/fuzz/runner.py``), runs each in a worker process
with a 10 s and 1 GB limit (loading; every fifth document also through the whole ``compare``)
and prints, per format, how many ended as a document, as Concord's own error, or as a crash,
hang or memory overrun. ``--keep`` saves each failing input under ``tests/fuzz/cases/``, where
``tests/fuzz/test_fuzz.py`` replays it on every test run.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz.runner import Fuzzer, cases, corpus, keep, make_session

KINDS = ("document", "error", "crash", "hang", "memory")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="save failing inputs as regression cases")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="concord-fuzz-") as tmp:
        files = corpus(make_session(Path(tmp)))
        print("sources:", ", ".join(f"{k} {len(v)}" for k, v in sorted(files.items())))
        counts: collections.Counter[tuple[str, str]] = collections.Counter()
        slowest = 0.0
        start = time.perf_counter()
        with Fuzzer() as fuzzer:
            for i, case in enumerate(cases(args.cases, args.seed, files)):
                outcome = fuzzer.run_case(case, i)
                counts[(case.suffix, outcome.kind)] += 1
                slowest = max(slowest, outcome.seconds)
                if outcome.kind not in ("document", "error"):
                    where = keep(outcome, case.data()).name if args.keep else ""
                    print(f"{outcome.kind}: {Path(case.source).name} {case.mutator} "
                          f"seed {case.seed}: {outcome.detail} {where}", flush=True)
                if (i + 1) % 1000 == 0:
                    print(f"  {i + 1} cases, {time.perf_counter() - start:.0f} s", flush=True)
        elapsed = time.perf_counter() - start
    print(f"\n{'format':10s}" + "".join(f"{k:>10s}" for k in KINDS))
    for suffix in sorted({s for s, _ in counts}):
        print(f"{suffix:10s}" + "".join(f"{counts[(suffix, k)]:10d}" for k in KINDS))
    total = {k: sum(v for (_, kind), v in counts.items() if kind == k) for k in KINDS}
    print(f"{'all':10s}" + "".join(f"{total[k]:10d}" for k in KINDS))
    print(f"{sum(total.values())} cases in {elapsed:.0f} s; slowest case {slowest:.2f} s")
    return 1 if total["crash"] or total["hang"] or total["memory"] else 0


if __name__ == "__main__":
    sys.exit(main())
