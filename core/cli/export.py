"""``concord export SESSION.concord --html/--pdf/--docx/--json OUT``: write the evidence pack.

Reads a saved session (documents, cached comparisons, annotations); comparisons missing from
the cache are recomputed from the stored documents. ``write_exports`` is the reusable part: the
``compare`` command hands it a fresh ``CompareResult``; it turns flags into targets and options
for ``core.report.write_pack`` (whole files or none) and its errors into one-line ``CliError``s.
PDF printing needs Qt and comes in through ``Services.print_pdf``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from core.anchoring import Annotation
from core.cli.common import CliError
from core.cli.progress import PROGRESS_DELAY_S, CliProgress
from core.compare import CompareCancelled, compare_one, prepare_release
from core.documents import Progress, ShouldCancel, never_cancel, no_progress
from core.report import (
    FORMATS,
    PAGE_SIZES,
    ExportCancelled,
    ExportError,
    ExportOptions,
    VersionNote,
    check_targets,
    split_list,
    write_pack,
)
from core.results import CompareOptions, CompareResult, Comparison, RunState


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="write a session's evidence pack as HTML, PDF, Word or JSON",
        description="Write the evidence pack of a saved session: documents, scorecard, coverage "
        "matrix, passages side by side, word changes and annotations. Give one or more outputs.",
    )
    p.add_argument("session", help="the session file (.concord)")
    add_output_arguments(p, FORMATS)
    p.set_defaults(handler=handle_export)


def add_output_arguments(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """The output and option flags; ``compare`` may add them too (without ``--json``)."""
    words = {"html": "self-contained HTML", "pdf": "PDF (needs Qt)", "docx": "Word document",
             "json": "compare JSON plus Web Annotations"}
    for fmt in formats:
        p.add_argument(f"--{fmt}", metavar=f"OUT.{fmt}", help=f"write the pack as {words[fmt]}")
    p.add_argument("--reports", metavar="R1,R2",
                   help="only these reports: numbers (1 = first report), file names or titles")
    p.add_argument("--findings-only", action="store_true",
                   help="only passages with a finding (addition, omission, quote, figure) or note")
    p.add_argument("--tags", metavar="T1,T2", help="only annotations with one of these tags")
    p.add_argument("--tag", action="append", metavar="TAG",
                   help="only annotations with this tag, taken whole (commas included); "
                        "repeat for more, combines with --tags")
    p.add_argument("--page-size", choices=PAGE_SIZES, default="a4", type=str.lower,
                   help="paper size for PDF and Word (default a4)")


def options_from_args(args: Any) -> ExportOptions:
    try:
        return ExportOptions(
            reports=split_list(getattr(args, "reports", None)),
            findings_only=bool(getattr(args, "findings_only", False)),
            tags=split_list(getattr(args, "tags", None))
            + tuple(t.strip() for t in getattr(args, "tag", None) or () if t.strip()),
            page_size=str(getattr(args, "page_size", None) or "a4"),
        )
    except ExportError as exc:
        raise CliError(str(exc)) from exc


def requested(args: Any, formats: Sequence[str] = FORMATS) -> list[tuple[str, Path]]:
    """``(format, path)`` for each output flag given, checked before any work starts."""
    outs = [(fmt, Path(v)) for fmt in formats if (v := getattr(args, fmt, None))]
    try:
        check_targets(outs)
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    return outs


def write_exports(
    result: CompareResult,
    annotations: Sequence[Annotation],
    session_name: str,
    args_like: Any,
    *,
    formats: Sequence[str] = FORMATS,
    date: str | None = None,
    namespace: str | None = None,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
    originals: Mapping[str, bytes] | None = None,
    history: Mapping[str, Sequence[VersionNote]] | None = None,
) -> list[tuple[str, Path]]:
    """Write every output ``args_like`` asks for (its ``html``/``pdf``/``docx``/``json``).

    ``args_like`` is an argparse namespace or anything with those attributes, plus optional
    ``reports``, ``findings_only``, ``tags``, ``page_size`` and ``services`` (for PDF). Only the
    ``formats`` listed are looked at, so ``compare`` can keep its own ``--json``. Returns what
    was written; raises ``CliError`` with a one-line message on any failure.
    """
    outs = requested(args_like, formats)
    if not outs:
        return []
    options = options_from_args(args_like)
    printer = getattr(getattr(args_like, "services", None), "print_pdf", None)
    try:
        return write_pack(result, annotations, session_name, outs, options, print_pdf=printer,
                          date=date, namespace=namespace, should_cancel=should_cancel,
                          progress=progress, originals=originals, history=history)
    except ExportCancelled as exc:
        raise CliError("export cancelled; no file was written") from exc
    except ExportError as exc:
        raise CliError(str(exc)) from exc


# -------------------------------------------------------------------------- sessions


def session_result(
    session: Any, should_cancel: ShouldCancel = never_cancel, progress: Progress = no_progress
) -> CompareResult:
    """The session's release against its reports: cached comparisons, the rest recomputed."""
    from core.store import Role, engine_version

    stored = session.documents()
    official = next((d for d in stored if d.role is Role.OFFICIAL), None)
    if official is None:
        raise CliError(f"{session.path.name}: the session has no release to compare against")
    reports = [d for d in stored if d.role is Role.REPORT]
    if not reports:
        raise CliError(f"{session.path.name}: the session has no reports")
    # The window and ``compare --session`` cache results under the default options and the
    # running engine's version: what they stored is reused, anything else is recomputed.
    options, version = CompareOptions(), engine_version()
    prepared = None
    comps: list[Comparison] = []
    for i, rep in enumerate(reports):
        if should_cancel():
            raise CliError("export cancelled; no file was written")
        progress(i, len(reports), f"Comparing {rep.name}")
        cached = session.cached_comparison(official.sha256, rep.sha256, options, version)
        if cached is None:
            prepared = prepared or prepare_release(official.document, options)
            try:
                cached = compare_one(prepared, rep.document, i + 1, options, should_cancel)
            except CompareCancelled as exc:
                raise CliError("export cancelled; no file was written") from exc
        comps.append(dataclasses.replace(cached, official_index=0, report_index=i + 1))
    docs = (official.document, *(r.document for r in reports))
    return CompareResult(docs, tuple(comps), RunState.COMPLETED)


def session_originals(
    session: Any, result: CompareResult
) -> tuple[dict[str, bytes], dict[str, Sequence[VersionNote]]]:
    """The stored bytes of the compared PDFs (for page crops) and each document's history."""
    from core.documents import DocFormat

    ids = {h.sha256: h.id for h in session.document_heads()}
    originals = {d.sha256: session.document_bytes(ids[d.sha256]) for d in result.documents
                 if d.format is DocFormat.PDF and d.sha256 in ids}
    return originals, dict(session.histories())


def handle_export(args: argparse.Namespace) -> int:
    from core.store import Session, SessionError

    if not requested(args):
        raise CliError("nothing to write: give --html, --pdf, --docx and/or --json")
    options_from_args(args)
    try:
        # Read-only: exporting never changes the session, so a file on a read-only share or
        # open in a window exports too.
        session = Session.open_snapshot(args.session)
    except SessionError as exc:
        raise CliError(str(exc)) from exc
    # On a terminal, a large session's export shows its phases (comparing what the session
    # has not cached, preparing the pack, writing each format) once it lasts a second.
    with CliProgress("export", "steps", delay=PROGRESS_DELAY_S) as progress:
        try:
            name = str(session.setting("name") or session.path.stem)
            result = session_result(session, progress=progress)
            annotations = session.annotations()
            namespace = session.session_id
            originals, history = session_originals(session, result)
        except SessionError as exc:
            raise CliError(str(exc)) from exc
        finally:
            session.close()
        written = write_exports(result, annotations, name, args, namespace=namespace,
                                progress=progress, originals=originals, history=history)
    for fmt, path in written:
        print(f"wrote {fmt.upper()}: {path}")
    return 0
