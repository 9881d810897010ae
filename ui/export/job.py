"""One evidence-pack export, all or nothing: what to write, what was written, how PDFs print.

``run_export`` writes an ``ExportRequest`` with ``core.report.write_pack``: every file is first
written under a hidden name beside its target and moved into place only when all formats
succeeded, so a cancel or a failure leaves no file behind. PDFs of large packs are printed in a
further child (``print_pdf_isolated``), as Qt keeps the GIL while laying out. Imports no Qt at
module level: the export child process (``process.py``) runs this module, and Qt is loaded only
to print a PDF.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from core.anchoring import Annotation
from core.documents import Progress, ShouldCancel, never_cancel, no_progress
from core.report import (
    ExportCancelled,
    ExportError,
    ExportOptions,
    PrintPdf,
    VersionNote,
    check_targets,
    write_pack,
)
from core.results import CompareResult

_ROOT = Path(__file__).resolve().parents[2]

_SUFFIXES = {".html", ".htm", ".pdf", ".docx", ".json"}
#: Which written file "Open the file when done" opens: the most readable one.
_OPEN_ORDER = ("pdf", "html", "docx", "json")

#: Above this much HTML the PDF is printed in a child process (see ``print_pdf_isolated``).
ISOLATE_ABOVE = 150_000

_CHILD = """
import sys
from ui.export.pdf_printer import print_html_to_pdf
src, out, title, header, size = sys.argv[1:6]
with open(src, encoding="utf-8") as f:
    html = f.read()
def progress(done, total, message):
    print("P", done, total, flush=True)
print("N", print_html_to_pdf(html, out, title=title, header=header, page_size=size,
                             progress=progress), flush=True)
"""


def _default_printer(html: str, out_path: str, **kwargs: Any) -> int:
    if len(html) > ISOLATE_ABOVE:
        return print_pdf_isolated(html, out_path, **kwargs)
    from ui.export.pdf_printer import print_html_to_pdf

    return print_html_to_pdf(html, out_path, **kwargs)


def print_pdf_isolated(
    html: str, out_path: str, *, title: str = "", header: str = "", page_size: str = "a4",
    should_cancel: ShouldCancel = never_cancel, progress: Progress = no_progress,
) -> int:
    """``print_html_to_pdf`` in a child Python process; returns the page count (0 if cancelled).

    PySide6 keeps the GIL through ``QTextDocument.setHtml`` and the layout, which for a large
    pack (3 MB of HTML, ~1,000 pages) froze the window for ~3 s even from a worker thread; in a
    child process the window stays live, and cancel can kill it at any moment.
    """
    fd, src = tempfile.mkstemp(suffix=".html", prefix="concord-print-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(html)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   PYTHONPATH=os.pathsep.join([str(_ROOT), os.environ.get("PYTHONPATH", "")]))
        proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, src, out_path, title, header, page_size],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(_ROOT),
        )
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True)
        reader.start()
        pages = 0
        while True:
            if should_cancel():
                proc.kill()
                proc.wait()
                return 0
            try:
                line = lines.get(timeout=0.05)
            except queue.Empty:
                if proc.poll() is not None and not reader.is_alive() and lines.empty():
                    break
                continue
            kind, _, rest = line.partition(" ")
            if kind == "P":
                done, total = (int(x) for x in rest.split())
                progress(done, total, "printing PDF")
            elif kind == "N":
                pages = int(rest)
        err = proc.stderr.read() if proc.stderr is not None else ""
        if proc.wait() != 0:
            last = [ln for ln in err.strip().splitlines() if ln.strip()][-1:] or ["no message"]
            # The child's last line is "SomeError: message"; keep the message for the user.
            raise OSError(last[0].partition(": ")[2] or last[0])
        return pages
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(src)


def _pump(stream: IO[str] | None, lines: queue.Queue[str]) -> None:
    if stream is None:
        return
    for line in stream:
        lines.put(line.strip())


@dataclass(frozen=True)
class ExportRequest:
    """What to write: ``base`` names the files; each format gets its own extension."""

    formats: tuple[str, ...]
    base: Path
    options: ExportOptions = field(default_factory=ExportOptions)
    open_when_done: bool = False
    #: Original bytes of the PDFs (SHA-256 -> bytes) for page crops beside findings, and each
    #: document's earlier versions (SHA-256 -> versions): what the session keeps.
    originals: Mapping[str, bytes] = field(default_factory=dict)
    history: Mapping[str, Sequence[VersionNote]] = field(default_factory=dict)

    def targets(self) -> list[tuple[str, Path]]:
        stem = self.base.stem if self.base.suffix.lower() in _SUFFIXES else self.base.name
        return [(fmt, self.base.with_name(f"{stem}.{fmt}")) for fmt in self.formats]


@dataclass(frozen=True)
class ExportOutcome:
    written: tuple[tuple[str, Path], ...]
    pages: int | None = None

    def summary(self) -> str:
        """"Exported pack.html, pack.pdf (12 pages)" for the status bar."""
        names = []
        for fmt, path in self.written:
            pages = self.pages if fmt == "pdf" and self.pages is not None else None
            names.append(f"{path.name} ({pages} page{'s' if pages != 1 else ''})"
                         if pages is not None else path.name)
        return "Exported " + ", ".join(names)

    def to_open(self) -> Path | None:
        by_fmt = dict(self.written)
        return next((by_fmt[f] for f in _OPEN_ORDER if f in by_fmt), None)


class ExportFailed(Exception):
    """A one-line message for the user (``core.report.ExportError``'s text)."""


def run_export(
    result: CompareResult,
    annotations: Sequence[Annotation],
    session_name: str,
    request: ExportRequest,
    should_cancel: ShouldCancel,
    progress: Progress,
    print_pdf: PrintPdf = _default_printer,
) -> ExportOutcome | None:
    """Write ``request`` all or nothing; None when cancelled, ``ExportFailed`` on failure."""
    targets = request.targets()
    pages: list[int] = []

    def printer(html: str, out_path: str, **kwargs: Any) -> None:
        pages.append(int(print_pdf(html, out_path, **kwargs)))

    staged = {fmt: path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.part{path.suffix}")
              for fmt, path in targets}
    try:
        check_targets(targets)  # messages name the user's files, not staged ones
        write_pack(result, annotations, session_name, list(staged.items()), request.options,
                   print_pdf=printer, should_cancel=should_cancel, progress=progress,
                   originals=request.originals, history=request.history)
        if should_cancel():
            return None
        for fmt, path in targets:
            try:
                os.replace(staged[fmt], path)
            except OSError as exc:
                raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from exc
    except ExportCancelled:
        return None
    except ExportError as exc:
        if should_cancel():
            return None
        message = str(exc)
        for fmt, path in targets:
            message = message.replace(str(staged[fmt]), str(path))
            message = message.replace(staged[fmt].name, path.name)
        raise ExportFailed(message) from exc
    finally:
        for path in staged.values():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return ExportOutcome(tuple(targets), pages[0] if pages else None)
