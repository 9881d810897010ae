"""Writing the evidence pack to files: each format asked for, every file whole or not at all.

``check_targets`` refuses a target before any work starts (the same file given twice, a folder,
a missing or read-only folder). ``write_pack`` builds the pack once and writes each target under
a hidden name beside it, moving it into place only when that format is complete, so a failed or
cancelled export never leaves half a file. PDF is the HTML printed by ``print_pdf``, which the
caller hands in (Qt's printer lives in ``ui/``). Failures raise ``ExportError`` with a one-line
message naming the file; a cancel raises ``ExportCancelled``. Both the command line and the
window's export child process write through here.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from core.anchoring import Annotation
from core.documents import Progress, ShouldCancel, never_cancel, no_progress
from core.report.docx import write_docx
from core.report.html import render_html
from core.report.jsonpack import pack_json, write_json
from core.report.options import ExportError, ExportOptions, select
from core.report.originals import VersionNote
from core.report.pack import ExportCancelled, build_pack
from core.results import CompareResult

FORMATS = ("html", "pdf", "docx", "json")

#: ``print_pdf(html, out_path, *, title, header, page_size, should_cancel, progress)``.
PrintPdf = Callable[..., Any]


def check_targets(targets: Sequence[tuple[str, Path]]) -> None:
    """Raise ``ExportError`` if any ``(format, path)`` target cannot be written."""
    seen: dict[Path, str] = {}
    for fmt, path in targets:
        key = path.resolve()
        if key in seen:
            raise ExportError(f"{path}: given for both --{seen[key]} and --{fmt}")
        seen[key] = fmt
        if path.is_dir():
            raise ExportError(f"cannot write {path}: it is a folder")
        if not path.parent.resolve().is_dir():
            raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist")
        if not os.access(path.parent.resolve(), os.W_OK):
            raise ExportError(f"cannot write {path}: the folder {path.parent} is not writable")


def _temp_for(path: Path) -> Path:
    return path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.tmp{path.suffix}")


def write_pack(
    result: CompareResult,
    annotations: Sequence[Annotation],
    session_name: str,
    targets: Sequence[tuple[str, Path]],
    options: ExportOptions,
    *,
    print_pdf: PrintPdf | None = None,
    date: str | None = None,
    namespace: str | None = None,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
    originals: Mapping[str, bytes] | None = None,
    history: Mapping[str, Sequence[VersionNote]] | None = None,
) -> list[tuple[str, Path]]:
    """Write each ``(format, path)`` target; returns what was written, in order.

    ``originals`` and ``history`` are as for ``build_pack`` (page crops, earlier versions).
    """
    check_targets(targets)
    if not targets:
        return []
    chosen = select(result, options)
    when = date or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    pack = build_pack(result, list(annotations), session_name, when, options, should_cancel,
                      progress, originals=originals, history=history)
    html: str | None = None
    written: list[tuple[str, Path]] = []
    for fmt, path in targets:
        tmp = _temp_for(path)
        try:
            if fmt in ("html", "pdf") and html is None:
                html = render_html(pack, should_cancel, progress)
            if fmt == "html":
                assert html is not None
                tmp.write_text(html, encoding="utf-8")
            elif fmt == "pdf":
                assert html is not None
                _print(print_pdf, html, tmp, pack.header, options.page_size, should_cancel,
                       progress)
            elif fmt == "docx":
                write_docx(pack, tmp, should_cancel, progress)
            elif fmt == "json":
                write_json(pack_json(chosen, annotations, session_name, when, options,
                                     namespace=namespace), tmp)
            else:
                raise ExportError(f"cannot write {path}: unknown format {fmt!r}")
            if should_cancel():
                raise ExportCancelled()
            os.replace(tmp, path)
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        written.append((fmt, path))
    return written


def _print(
    printer: PrintPdf | None, html: str, out: Path, header: str, page_size: str,
    should_cancel: ShouldCancel, progress: Progress,
) -> None:
    if printer is None:
        raise ExportError("PDF export needs Qt (PySide6); write --html and print it, or install it")
    printer(html, str(out), title=header, header=header, page_size=page_size,
            should_cancel=should_cancel, progress=progress)
    if not out.exists() or out.stat().st_size == 0:
        raise ExportError(f"cannot write {out.name}: the PDF printer produced no file")
