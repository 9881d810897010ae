"""``batch``: many (release, report) pairs on a Dask cluster, to JSONL and Parquet, resumably.

``concord batch MANIFEST.jsonl --out RESULTS.jsonl`` takes the pairs from a manifest;
``concord batch RELEASE REPORTS... --out RESULTS.jsonl`` compares one release with every report
that the folders, glob patterns or files name. By default the pairs run on a local Dask
cluster of one worker process per core (``--workers N``); ``--scheduler ADDRESS`` runs them on
an existing cluster; ``--serial`` in this process without Dask. Progress goes to stderr
(``--quiet`` for none). The work itself is ``core.batch``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.batch import (
    BatchError,
    BatchReport,
    dask_client,
    pairs_from_manifest,
    pairs_from_sources,
    run_batch,
)
from core.cli.common import CliError
from core.cli.compare import compare_options
from core.cli.progress import CliProgress
from core.results import CompareOptions


def register(sub: Any) -> None:
    b = sub.add_parser(
        "batch",
        help="compare many (release, report) pairs on a Dask cluster; JSONL and Parquet out",
        description='Give a JSON-lines manifest (each line {"official": path, "report": path, '
        '"id": optional}), or a release and the folders, quoted glob patterns or files of '
        "its reports. Each output line is that pair's comparison JSON plus its id and a "
        "summary, or its id and an error. A rerun skips the pairs already in --out.",
    )
    b.add_argument("inputs", nargs="+", metavar="MANIFEST | RELEASE REPORTS",
                   help="MANIFEST.jsonl, or a release followed by report folders, glob "
                        "patterns ('news/**/*.html') or files")
    b.add_argument("--out", required=True, metavar="RESULTS.jsonl", help="where to write results")
    b.add_argument("--parquet", metavar="RESULTS.parquet",
                   help="one row per pair (default: --out with .parquet instead of its suffix)")
    b.add_argument("--min-score", type=float, default=CompareOptions.min_score)
    where = b.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N",
                       help="local cluster of N worker processes (default: one per core)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--serial", action="store_true",
                       help="run the pairs one after another in this process, without Dask")
    b.add_argument("--restart", action="store_true",
                   help="start over: discard what --out already holds")
    b.add_argument("--retry-errors", action="store_true",
                   help="run again the pairs whose earlier line is an error")
    b.add_argument("--quiet", action="store_true", help="no progress on stderr")
    b.set_defaults(handler=handle_batch)


def parquet_path(args: argparse.Namespace) -> Path:
    if args.parquet:
        return Path(args.parquet)
    out = Path(args.out)
    return out.with_suffix(".parquet") if out.suffix != ".parquet" else out.with_name(
        out.name + ".parquet"
    )


def handle_batch(args: argparse.Namespace) -> int:
    options = compare_options(args)
    if args.workers is not None and args.workers < 1:
        raise CliError(f"--workers must be 1 or more, not {args.workers}")
    out, parquet = Path(args.out), parquet_path(args)
    if out.resolve() == parquet.resolve():
        raise CliError("--out and --parquet name the same file")
    inputs = {Path(x).resolve() for x in args.inputs if Path(x).is_file()}
    for path, flag in ((out, "--out"), (parquet, "--parquet")):
        if path.resolve() in inputs:
            raise CliError(f"{flag} {path} is one of the inputs; give another file to write")
    for path in (out, parquet):
        if not path.resolve().parent.is_dir():
            raise CliError(f"{path}: the folder to write it in does not exist")
    try:
        if len(args.inputs) == 1:
            pairs = pairs_from_manifest(args.inputs[0])
        else:
            pairs = pairs_from_sources(args.inputs[0], args.inputs[1:])
        with CliProgress("batch", "pairs", quiet=args.quiet, always=True) as progress:
            if args.serial:
                report = run_batch(pairs, out, options, parquet=parquet, restart=args.restart,
                                   retry_errors=args.retry_errors, progress=progress)
            else:
                with dask_client(args.scheduler, args.workers) as client:
                    report = run_batch(pairs, out, options, parquet=parquet, client=client,
                                       restart=args.restart, retry_errors=args.retry_errors,
                                       progress=progress)
    except BatchError as exc:
        raise CliError(str(exc)) from exc
    print(summary(report, out, parquet))
    if report.interrupted:
        raise KeyboardInterrupt
    return 0 if report.failed == 0 else 1


def summary(report: BatchReport, out: Path, parquet: Path) -> str:
    """The closing line: what the output holds now, and what this run did."""
    s = "s" if report.ok != 1 else ""
    line = f"compared {report.ok} pair{s}, {report.failed} failed; wrote {out} and {parquet}"
    if report.skipped:
        line += f" ({report.skipped} already written, skipped)"
    if report.interrupted:
        line += (f"; interrupted after {report.skipped + report.ran} of {report.total}: "
                 "run the same command again to resume")
    return line
