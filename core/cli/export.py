"""``concord export SESSION.concord --html/--pdf/--docx/--json OUT``: write the evidence pack.

Reads a saved session (documents, cached comparisons, annotations); comparisons missing from
the cache are recomputed from the stored documents. ``write_exports`` is the reusable part: the
``compare`` command hands it a fresh ``CompareResult``. Each file is written beside its target
and moved into place, so a failed or cancelled export never leaves half a file. PDF printing
needs Qt and comes in through ``Services.print_pdf``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from core.anchoring import Annotation
from core.cli.common import CliError
from core.compare import CompareCancelled, compare_one, prepare_release
from core.documents import Progress, ShouldCancel, never_cancel, no_progress
from core.report import (
    PAGE_SIZES,
    ExportCancelled,
    ExportError,
    ExportOptions,
    build_pack,
    select,
    split_list,
)
from core.results import CompareOptions, CompareResult, Comparison, RunState

FORMATS = ("html", "pdf", "docx", "json")


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
    seen: dict[Path, str] = {}
    for fmt, path in outs:
        key = path.resolve()
        if key in seen:
            raise CliError(f"{path}: given for both --{seen[key]} and --{fmt}")
        seen[key] = fmt
        if path.is_dir():
            raise CliError(f"cannot write {path}: it is a folder")
        if not path.parent.resolve().is_dir():
            raise CliError(f"cannot write {path}: the folder {path.parent} does not exist")
        if not os.access(path.parent.resolve(), os.W_OK):
            raise CliError(f"cannot write {path}: the folder {path.parent} is not writable")
    return outs


def _temp_for(path: Path) -> Path:
    return path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.tmp{path.suffix}")


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
    try:
        chosen = select(result, options)
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    when = date or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    pack = build_pack(result, list(annotations), session_name, when, options, should_cancel,
                      progress)
    html: str | None = None
    written: list[tuple[str, Path]] = []
    for fmt, path in outs:
        tmp = _temp_for(path)
        try:
            if fmt in ("html", "pdf") and html is None:
                from core.report import render_html

                html = render_html(pack, should_cancel, progress)
            if fmt == "html":
                assert html is not None
                tmp.write_text(html, encoding="utf-8")
            elif fmt == "pdf":
                assert html is not None
                _print_pdf(args_like, html, tmp, pack.header, options.page_size,
                           should_cancel, progress)
            elif fmt == "docx":
                from core.report import write_docx

                write_docx(pack, tmp, should_cancel, progress)
            else:
                from core.report import pack_json, write_json

                write_json(pack_json(chosen, annotations, session_name, when, options,
                                     namespace=namespace), tmp)
            if should_cancel():
                raise ExportCancelled()
            os.replace(tmp, path)
        except ExportCancelled as exc:
            raise CliError("export cancelled; no file was written") from exc
        except OSError as exc:
            raise CliError(f"cannot write {path}: {exc.strerror or exc}") from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        written.append((fmt, path))
    return written


def _print_pdf(
    args_like: Any, html: str, out: Path, header: str, page_size: str,
    should_cancel: ShouldCancel, progress: Progress,
) -> None:
    services = getattr(args_like, "services", None)
    printer: Callable[..., Any] | None = getattr(services, "print_pdf", None)
    if printer is None:
        raise CliError("PDF export needs Qt (PySide6); write --html and print it, or install it")
    printer(html, str(out), title=header, header=header, page_size=page_size,
            should_cancel=should_cancel, progress=progress)
    if not out.exists() or out.stat().st_size == 0:
        raise CliError(f"cannot write {out.name}: the PDF printer produced no file")


# --------------------------------------------------------------------------- sessions


def _compare_options(session: Any) -> CompareOptions:
    stored = session.setting("compare_options")
    if not isinstance(stored, dict):
        return CompareOptions()
    names = {f.name for f in dataclasses.fields(CompareOptions)}
    return CompareOptions(**{k: v for k, v in stored.items() if k in names})


def _engine_version(session: Any) -> str | None:
    version = session.setting("engine_version")
    return None if version is None else str(version)


def session_result(
    session: Any, should_cancel: ShouldCancel = never_cancel, progress: Progress = no_progress
) -> CompareResult:
    """The session's release against its reports: cached comparisons, the rest recomputed."""
    from core.store import Role

    stored = session.documents()
    official = next((d for d in stored if d.role is Role.OFFICIAL), None)
    if official is None:
        raise CliError(f"{session.path.name}: the session has no release to compare against")
    reports = [d for d in stored if d.role is Role.REPORT]
    if not reports:
        raise CliError(f"{session.path.name}: the session has no reports")
    options, version = _compare_options(session), _engine_version(session)
    prepared = None
    comps: list[Comparison] = []
    for i, rep in enumerate(reports):
        if should_cancel():
            raise CliError("export cancelled; no file was written")
        progress(i, len(reports), f"Comparing {rep.name}")
        cached = None
        if version is not None:
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
    try:
        name = str(session.setting("name") or session.path.stem)
        result = session_result(session)
        annotations = session.annotations()
        namespace = session.session_id
    except SessionError as exc:
        raise CliError(str(exc)) from exc
    finally:
        session.close()
    for fmt, path in write_exports(result, annotations, name, args, namespace=namespace):
        print(f"wrote {fmt.upper()}: {path}")
    return 0
