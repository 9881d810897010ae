"""Runs an evidence-pack export in the background for File ▸ Export… (``dialog.py``).

``ExportController`` submits an ``ExportRequest`` (``job.py``) to the window's one
``TaskRunner``, which hands it to a child process (``process.py``) unless a test gave its own
PDF printer, and reports progress, success, failure and cancelling as signals. Imports PySide6
and the task runner; must not import widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from core.anchoring import Annotation
from core.documents import Progress, ShouldCancel
from core.results import CompareResult
from ui.export.job import (
    ExportFailed,
    ExportOutcome,
    ExportRequest,
    PrintPdf,
    _default_printer,
    run_export,
)
from ui.export.process import export_in_subprocess
from ui.workers.tasks import TaskRunner

EXPORT_KEY = "export"


class ExportController(QObject):
    """Runs one export at a time through the window's task runner."""

    progress = Signal(int, int, str)
    #: ExportOutcome
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self, runner: TaskRunner, print_pdf: PrintPdf = _default_printer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.print_pdf = print_pdf
        self._token: int | None = None
        runner.dropped.connect(self._dropped)

    def is_running(self) -> bool:
        return self._token is not None

    def start(
        self, result: CompareResult, annotations: Sequence[Annotation], session_name: str,
        request: ExportRequest,
    ) -> None:
        anns = list(annotations)  # read on the GUI thread: the store is not shared with workers

        def work(should_cancel: ShouldCancel, progress: Progress) -> object:
            try:
                if self.print_pdf is _default_printer:
                    # Pure Python from start to end: in a child, so the window never waits.
                    return export_in_subprocess(result, anns, session_name, request,
                                                should_cancel, progress)
                return run_export(result, anns, session_name, request, should_cancel, progress,
                                  self.print_pdf)
            except ExportFailed as exc:
                return ExportOutcome((), None) if should_cancel() else _Failure(str(exc))

        self._token = self.runner.submit(
            EXPORT_KEY, work, on_result=self._finished, on_error=self._error,
            on_progress=self.progress.emit,
        )

    def cancel(self) -> None:
        """Stop the export; ``cancelled`` follows once the worker has removed its files."""
        if self._token is not None:
            self.runner.cancel(EXPORT_KEY)

    def _finished(self, outcome: object) -> None:
        self._token = None
        if isinstance(outcome, _Failure):
            self.failed.emit(outcome.message)
        elif isinstance(outcome, ExportOutcome) and outcome.written:
            self.succeeded.emit(outcome)
        else:
            self.cancelled.emit()

    def _error(self, message: str) -> None:
        self._token = None
        self.failed.emit(message)

    def _dropped(self, key: str, token: int) -> None:
        if key == EXPORT_KEY and token == self._token:
            self._token = None
            self.cancelled.emit()


@dataclass(frozen=True)
class _Failure:
    message: str
