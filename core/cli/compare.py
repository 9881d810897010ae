"""``compare``: run the alignment engine on one release and its reports from the command line.

``compare OFFICIAL REPORT... [--json OUT]`` prints a summary per report and writes the evaluator's
JSON; ``run_compare(args)`` computes the ``CompareResult`` alone so that other outputs (session,
HTML, PDF, DOCX) can be added after it. Many pairs at once are ``batch`` (``core/cli/batch.py``).
Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from core.cli.common import CliError
from core.cli.progress import PROGRESS_DELAY_S, CliProgress
from core.compare import (
    check_document,
    compare_parallel,
)
from core.documents import (
    DocFormat,
    LoadError,
    Progress,
    load_source,
    no_progress,
)
from core.results import (
    CompareOptions,
    CompareResult,
    Comparison,
    RunState,
    result_to_json_bytes,
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "compare",
        help="compare an official release with one or more press reports",
        description="Align each report with the release and summarise what it took, changed, "
        "added and left out.",
    )
    p.add_argument("official", help="the official release (PDF, DOCX, HTML or TXT, or an "
                   "http(s) address)")
    p.add_argument("reports", nargs="+", metavar="report",
                   help="press reports about it: files or http(s) addresses")
    p.add_argument("--json", metavar="OUT.json", help="write the full comparison as JSON")
    p.add_argument(
        "--min-score",
        type=float,
        default=CompareOptions.min_score,
        help="drop links scoring below this (default %(default)s; higher = stricter); a clause "
        "link the quick meaning model confirms may score down to 0.8 of it, and its evidence "
        "says so",
    )
    p.add_argument(
        "--meaning", action="store_true",
        help="also ask the meaning model whether each paraphrase link says the same thing "
        "(its probability joins the link's evidence as same_meaning; about 0.25 s a link)",
    )
    p.add_argument(
        "--session", metavar="OUT.concord", help="save documents and results as a review session"
    )
    p.add_argument(
        "--jobs", type=int, default=None, metavar="N",
        help="compare reports in N processes (default: one per core from 4 reports on)",
    )
    from core.cli.export import add_output_arguments

    add_output_arguments(p, ("html", "pdf", "docx"))
    p.set_defaults(handler=handle_compare)


def compare_options(args: argparse.Namespace) -> CompareOptions:
    """The ``CompareOptions`` of ``--min-score`` (checked); ``batch`` takes the same flag."""
    if not 0.0 <= args.min_score <= 1.0:
        raise CliError(f"--min-score must be between 0 and 1, not {args.min_score}")
    meaning = bool(getattr(args, "meaning", False))
    if meaning:
        from core.align import MeaningModelMissing, check_meaning_model

        try:
            check_meaning_model()
        except MeaningModelMissing as exc:
            raise CliError(f"--meaning: {exc}") from None
    return CompareOptions(min_score=args.min_score, meaning=meaning)


def run_compare(args: argparse.Namespace, progress: Progress = no_progress) -> CompareResult:
    """Load the documents named in ``args`` and compare them (no output written).

    ``progress`` hears of each document read, then of each report compared.
    """
    options = compare_options(args)
    jobs = getattr(args, "jobs", None)
    if jobs is not None and jobs < 1:
        raise CliError(f"--jobs must be 1 or more, not {jobs}")
    sources = [args.official, *args.reports]
    docs = []
    for i, source in enumerate(sources):
        docs.append(load_source(source))
        progress(i + 1, len(sources), "reading")
    official, reports = docs[0], docs[1:]
    for doc in docs:
        check_document(doc, options)
    return compare_parallel(official, reports, options, workers=jobs, progress=progress)


def handle_compare(args: argparse.Namespace) -> int:
    # A bar only on a terminal and only for work that lasts: a quick compare prints as before.
    with CliProgress("compare", "docs", delay=PROGRESS_DELAY_S) as progress:
        result = run_compare(args, progress)
    print_summary(result, sys.stdout)
    if args.json:
        out = Path(args.json)
        out.write_bytes(result_to_json_bytes(result))
        print(f"\nwrote {out}")
    if args.session:
        from core.store import save_result_to_session

        save_result_to_session(result, args.session)
        print(f"wrote {args.session}")
    if args.html or args.pdf or args.docx:
        from core.cli.export import write_exports

        name = Path(args.session).stem if args.session else f"Review of {result.official.title}"
        from core.store import SessionError, original_bytes

        originals = {}
        for doc in result.documents:
            if doc.format is DocFormat.PDF:
                # Page crops beside findings: the bytes as compared, or none if the file moved.
                with contextlib.suppress(OSError, LoadError, SessionError):
                    originals[doc.sha256] = original_bytes(doc.path, doc.sha256)
        for _fmt, path in write_exports(result, (), name, args, formats=("html", "pdf", "docx"),
                                        originals=originals):
            print(f"wrote {path}")
    return 0 if result.state is RunState.COMPLETED else 1


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def _counts(values: list[str], order: tuple[str, ...]) -> str:
    c = Counter(values)
    return ", ".join(f"{c.get(k, 0)} {k}" for k in order)


def summary_lines(comp: Comparison, name: str) -> list[str]:
    st = comp.stats
    kinds = [x.kind.value for x in comp.links]
    moved = sum(1 for x in comp.links if x.moved)
    quotes = [q.verdict.value for q in comp.quotes]
    figures = [f.verdict.value for f in comp.figures]
    rows = [
        ("release covered", _pct(st.release_coverage)),
        ("report derived", _pct(st.derived_share)),
        ("report verbatim", _pct(st.verbatim_share)),
        (
            "links",
            f"{len(comp.links)} ({_counts(kinds, ('verbatim', 'paraphrase'))}; {moved} moved)",
        ),
        ("additions", str(st.additions)),
        ("omissions", str(st.omissions)),
        ("quotes", f"{len(comp.quotes)} ({_counts(quotes, ('exact', 'altered', 'absent'))})"),
        ("figures", f"{len(comp.figures)} ({_counts(figures, ('match', 'changed', 'absent'))})"),
    ]
    width = max(len(k) for k, _ in rows)
    return [name] + [f"  {k:<{width}}  {v}" for k, v in rows]


def print_summary(result: CompareResult, out: TextIO) -> None:
    print(f"release: {result.official.name}", file=out)
    for comp in result.comparisons:
        print("", file=out)
        print(
            "\n".join(summary_lines(comp, f"report: {result.documents[comp.report_index].name}")),
            file=out,
        )
    if result.state is RunState.CANCELLED:
        print("\ncancelled: not every report was compared", file=out)
