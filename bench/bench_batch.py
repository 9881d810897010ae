"""``concord batch`` on Dask: pairs per second with 1 and 2 workers, memory per worker, and the
same output as the serial run.

    .venv/bin/python bench/bench_batch.py [--pairs 1000] [--workers 1,2] [--no-serial]

Pairs: the seed release and the sample release (``sample_docs/release.pdf``) each against the
four seed reports, the five sample reports and the 73 shared news pages (164 distinct pairs,
read where they are in ``../shared``), repeated under their own ids up to ``--pairs``. Each run
goes through ``core.batch.run_batch`` as the command does: the serial reference in this
process, then a local Dask cluster of N worker processes (one thread each) for each N of
``--workers``. Timed: the batch from first pair handed out to Parquet written (cluster start
shown apart). Memory: each worker's peak resident set (``ru_maxrss``) at the end. Identity:
each Dask run's JSONL must equal the serial one byte for byte, and its Parquet table too.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq

from core.batch import dask_client, pairs_from_manifest, run_batch
from core.results import CompareOptions
from tests.core.match.match_case import (
    GOLD,
    NEGATIVE_CONTROLS,
    SAMPLE_RELEASE,
    SEED_RELEASE,
    news_pages,
)


def write_manifest(folder: Path, n: int) -> Path:
    reports = [*GOLD, *NEGATIVE_CONTROLS, *news_pages()]
    distinct = [(rel, rep) for rel in (SEED_RELEASE, SAMPLE_RELEASE) for rep in reports]
    manifest = folder / "pairs.jsonl"
    with open(manifest, "w", encoding="utf-8") as fh:
        for i in range(n):
            rel, rep = distinct[i % len(distinct)]
            line = {"official": str(rel), "report": str(rep), "id": f"{i:05d}"}
            fh.write(json.dumps(line) + "\n")
    return manifest


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--no-serial", action="store_true")
    args = parser.parse_args()
    options = CompareOptions()
    with tempfile.TemporaryDirectory(prefix="concord-bench-batch-") as tmp:
        folder = Path(tmp)
        pairs = pairs_from_manifest(write_manifest(folder, args.pairs))
        print(f"{len(pairs)} pairs")
        reference = None
        if not args.no_serial:
            t = time.perf_counter()
            report = run_batch(pairs, folder / "serial.jsonl", options,
                               parquet=folder / "serial.parquet")
            took = time.perf_counter() - t
            reference = folder / "serial"
            print(f"serial (this process): {took:.1f} s, {len(pairs) / took:.2f} pairs/s, "
                  f"{report.ok} ok, {report.failed} failed, peak {_peak_mb():.0f} MB")
        for n in (int(x) for x in args.workers.split(",")):
            t = time.perf_counter()
            with dask_client(workers=n) as client:
                started = time.perf_counter() - t
                t = time.perf_counter()
                out = folder / f"dask{n}"
                report = run_batch(pairs, out.with_suffix(".jsonl"), options, client=client,
                                   parquet=out.with_suffix(".parquet"))
                took = time.perf_counter() - t
                peaks = client.run(_peak_mb)
            same = ""
            if reference is not None:
                jsonl = (out.with_suffix(".jsonl").read_bytes()
                         == reference.with_suffix(".jsonl").read_bytes())
                table = pq.read_table(out.with_suffix(".parquet")).equals(
                    pq.read_table(reference.with_suffix(".parquet")))
                same = f"; identical to serial: JSONL {jsonl}, Parquet {table}"
            print(f"{n} worker(s): {took:.1f} s, {len(pairs) / took:.2f} pairs/s (cluster start "
                  f"{started:.1f} s), {report.ok} ok, {report.failed} failed; peak memory per "
                  f"worker {', '.join(f'{v:.0f}' for v in peaks.values())} MB{same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
