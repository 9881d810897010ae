"""``compare`` and ``batch`` subcommands: run the alignment engine from the command line.

``compare OFFICIAL REPORT... [--json OUT]`` prints a summary per report and writes the evaluator's
JSON; ``run_compare(args)`` computes the ``CompareResult`` alone so that other outputs (session,
HTML, PDF, DOCX) can be added after it. ``batch MANIFEST.jsonl --out RESULTS.jsonl`` compares
pairs listed one per line, keeping the prepared release across lines that share it, and records a
failing pair as an error line instead of stopping. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from core.cli.common import CliError
from core.compare import (
    PreparedRelease,
    check_document,
    compare_one,
    compare_parallel,
    prepare_release,
)
from core.documents import (
    DocFormat,
    Document,
    LoadError,
    is_address,
    load_document,
    load_source,
)
from core.results import (
    CompareOptions,
    CompareResult,
    Comparison,
    RunState,
    comparison_to_json,
    document_to_json,
    result_to_json,
)

#: Prepared releases kept by ``batch`` (manifests usually group lines by release).
RELEASE_CACHE_SIZE = 4


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
        help="drop links scoring below this (default %(default)s; higher = stricter)",
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

    b = sub.add_parser(
        "batch",
        help="compare many (release, report) pairs listed in a JSON-lines manifest",
        description='Each manifest line is {"official": path, "report": path, "id": optional}; '
        "each output line is that pair's comparison JSON plus its id, or its id and an error.",
    )
    b.add_argument("manifest", help="MANIFEST.jsonl")
    b.add_argument("--out", required=True, metavar="RESULTS.jsonl", help="where to write results")
    b.add_argument("--min-score", type=float, default=CompareOptions.min_score)
    b.set_defaults(handler=handle_batch)


def _options(args: argparse.Namespace) -> CompareOptions:
    if not 0.0 <= args.min_score <= 1.0:
        raise CliError(f"--min-score must be between 0 and 1, not {args.min_score}")
    return CompareOptions(min_score=args.min_score)


def run_compare(args: argparse.Namespace) -> CompareResult:
    """Load the documents named in ``args`` and compare them (no output written)."""
    options = _options(args)
    official = load_source(args.official)
    reports = [load_source(p) for p in args.reports]
    for doc in (official, *reports):
        check_document(doc, options)
    jobs = getattr(args, "jobs", None)
    if jobs is not None and jobs < 1:
        raise CliError(f"--jobs must be 1 or more, not {jobs}")
    return compare_parallel(official, reports, options, workers=jobs)


def handle_compare(args: argparse.Namespace) -> int:
    result = run_compare(args)
    print_summary(result, sys.stdout)
    if args.json:
        out = Path(args.json)
        out.write_text(json.dumps(result_to_json(result), ensure_ascii=False), encoding="utf-8")
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


# --- batch --------------------------------------------------------------------------------------


def _read_manifest(path: Path) -> list[tuple[int, dict[str, Any] | str]]:
    """``(line number, entry or error message)`` for every non-blank manifest line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise CliError(f"{path.name}: manifest not found") from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"{path.name}: manifest is not UTF-8 text") from exc
    out: list[tuple[int, dict[str, Any] | str]] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append((n, f"line {n} is not JSON ({exc.msg})"))
            continue
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("official"), str)
            or not isinstance(entry.get("report"), str)
        ):
            out.append((n, f'line {n} needs "official" and "report" paths'))
            continue
        out.append((n, entry))
    return out


def _resolve(base: Path, p: str) -> Path:
    q = Path(p)
    return q if q.is_absolute() else base / q


def handle_batch(args: argparse.Namespace) -> int:
    options = _options(args)
    manifest = Path(args.manifest)
    entries = _read_manifest(manifest)
    base = manifest.resolve().parent
    cache: dict[Path, PreparedRelease | LoadError] = {}
    ok = failed = 0
    with open(args.out, "w", encoding="utf-8") as fh:
        for n, entry in entries:
            if isinstance(entry, str):
                _write(fh, {"id": str(n), "error": entry})
                failed += 1
                continue
            pair_id = str(entry.get("id", n))
            try:
                line = _batch_pair(entry, base, options, cache)
            except LoadError as exc:
                _write(fh, {"id": pair_id, "error": str(exc)})
                failed += 1
                continue
            line["id"] = pair_id
            _write(fh, line)
            ok += 1
    print(f"compared {ok} pair{'s' if ok != 1 else ''}, {failed} failed; wrote {args.out}")
    return 0 if failed == 0 else 1


def _write(fh: TextIO, obj: dict[str, Any]) -> None:
    fh.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _batch_pair(
    entry: dict[str, Any],
    base: Path,
    options: CompareOptions,
    cache: dict[Path, PreparedRelease | LoadError],
) -> dict[str, Any]:
    o_path = _resolve(base, entry["official"]).resolve()
    prepared = cache.get(o_path)
    if prepared is None:
        try:
            prepared = prepare_release(load_document(o_path), options)
        except LoadError as exc:
            prepared = exc
        cache[o_path] = prepared
        while len(cache) > RELEASE_CACHE_SIZE:  # a manifest may name many releases
            del cache[next(iter(cache))]
    if isinstance(prepared, LoadError):
        raise prepared
    report_source = str(entry["report"])
    report: Document = load_source(
        report_source if is_address(report_source) else _resolve(base, report_source)
    )
    comp = compare_one(prepared, report, 1, options)
    return {
        "documents": [
            document_to_json(prepared.document, "d0", "official"),
            document_to_json(report, "d1", "report"),
        ],
        "comparisons": [comparison_to_json(comp, "d0", "d1")],
    }
