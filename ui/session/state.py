"""The window's state and controller: documents with roles, their load status, the comparison.

One ``AppContext`` (settings, task runner, session, colours, options) is handed to every widget
instead of globals, as git-cola's context is; tests build it with a throwaway settings file and
may swap the compare function. ``Session`` owns the rules: at most one release, every other
document is a report; loading and comparing run through the task runner; a comparison is
re-run (debounced) whenever the set of ready documents changes. No widgets here.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from core.compare import CompareFn
from core.documents import Document, LoadError, Progress, ShouldCancel, is_address
from core.results import CompareOptions, CompareResult, RunState
from core.review import CoverageMatrix, coverage_matrix
from ui.style.colors import Colors, palette_colors
from ui.workers.compare_worker import SubprocessCompare
from ui.workers.load_worker import shared_loader
from ui.workers.tasks import TaskRunner

log = logging.getLogger(__name__)

LoadFn = Callable[[str], Document]

COMPARE_KEY = "compare"
#: Quiet time after the last document change before a comparison starts.
COMPARE_DEBOUNCE_MS = 150
FIRST_REPORT_DELAY_MS = 30


class Role(str, Enum):
    OFFICIAL = "official"
    REPORT = "report"


class Status(str, Enum):
    LOADING = "loading"
    READY = "ready"
    ERROR = "error"


@dataclass
class DocEntry:
    id: int
    path: str
    role: Role
    status: Status = Status.LOADING
    document: Document | None = None
    #: Short label for the list ("scanned PDF, no selectable text") and the full line.
    error_label: str = ""
    error: str = ""
    words: int = 0

    @property
    def name(self) -> str:
        if is_address(self.path):  # the address's last part, not Path's folding of "//"
            return self.path.rstrip("/").rsplit("/", 1)[-1]
        return Path(self.path).name


def thread_compare(
    official: Document,
    reports: Sequence[Document],
    options: CompareOptions,
    should_cancel: ShouldCancel,
    progress: Progress,
) -> CompareResult:
    """``core.compare.compare`` in the runner's thread (tests; holds the GIL while it runs)."""
    from core.compare import compare

    return compare(official, list(reports), options, should_cancel, progress)


#: The window compares in a child process so the event loop never waits on the GIL.
default_compare: CompareFn = SubprocessCompare()


def source_key(source: str | Path) -> str:
    """How the window names a document's source: a file's normalised path, or a web address
    as given (``Path`` would fold its ``//``)."""
    text = str(source)
    return text.strip() if is_address(text) else str(Path(text))


def thread_load(path: str) -> Document:
    """``load_source`` in the runner's thread (tests; competes with the GUI for the GIL)."""
    from core.documents import load_source

    return load_source(path)


#: The window loads in child processes, as it compares: see ui/load_worker.py.
default_load: LoadFn = shared_loader


class Session(QObject):
    """Documents in the session and the latest comparison of the ready ones."""

    #: The list of entries or a role changed.
    documentsChanged = Signal()
    #: One entry's status changed (entry id).
    entryChanged = Signal(int)
    compareStarted = Signal()
    #: The newest CompareResult, or None when there is nothing to compare.
    resultChanged = Signal(object)
    compareFailed = Signal(str)
    #: Index into ``result.comparisons`` of the report on show, -1 for none.
    currentReportChanged = Signal(int)
    #: A line for the status bar.
    message = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        options: CompareOptions | None = None,
        compare_fn: CompareFn = default_compare,
        load_fn: LoadFn = default_load,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.options = options or CompareOptions()
        self.compare_fn = compare_fn
        self.load_fn = load_fn
        self._ids = itertools.count(1)
        self.entries: list[DocEntry] = []
        self.result: CompareResult | None = None
        #: Coverage matrix of ``result``, computed with it in the background.
        self.coverage: CoverageMatrix | None = None
        #: Entry id of each of ``result.documents``, in order.
        self.result_ids: tuple[int, ...] = ()
        self.current_report = -1
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMPARE_DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_compare)

    # -- queries ----------------------------------------------------------------------------

    def entry(self, entry_id: int) -> DocEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def official(self) -> DocEntry | None:
        return next((e for e in self.entries if e.role is Role.OFFICIAL), None)

    def is_loading(self) -> bool:
        return any(e.status is Status.LOADING for e in self.entries)

    def report_index_of(self, entry_id: int) -> int:
        """Index into ``result.comparisons`` of an entry, or -1."""
        if entry_id in self.result_ids[1:]:
            return self.result_ids.index(entry_id) - 1
        return -1

    def entry_of_report(self, index: int) -> DocEntry | None:
        if 0 <= index < len(self.result_ids) - 1:
            return self.entry(self.result_ids[index + 1])
        return None

    # -- changes ----------------------------------------------------------------------------

    def add_files(
        self, paths: Iterable[str | Path], official: str | Path | None = None
    ) -> list[int]:
        """Add documents and start loading them; the first becomes the release if there is none.

        ``official`` names the file that is the release (it is added if not in ``paths``).
        """
        ordered = [source_key(p) for p in paths]
        if official is not None:
            off = source_key(official)
            ordered = [off] + [p for p in ordered if p != off]
        ids: list[int] = []
        for i, path in enumerate(ordered):
            if any(e.path == path for e in self.entries):
                self.message.emit(f"{Path(path).name} is already in the session")
                continue
            wants_official = (official is not None and i == 0) or self.official() is None
            if wants_official and self.official() is not None:
                self._demote_official()
            role = Role.OFFICIAL if wants_official else Role.REPORT
            entry = DocEntry(next(self._ids), path, role)
            self.entries.append(entry)
            ids.append(entry.id)
        if ids:
            self.documentsChanged.emit()
            for entry_id in ids:
                self._load(entry_id)
        return ids

    def clear(self) -> None:
        """Remove every document at once: one ``documentsChanged``, not one per document
        (removing 101 one by one rebuilt the list 101 times: 280 ms)."""
        if not self.entries:
            return
        for entry in self.entries:
            self.runner.cancel(f"load:{entry.id}")
        self.entries.clear()
        self.documentsChanged.emit()
        self.schedule_compare()

    def remove(self, entry_id: int) -> None:
        entry = self.entry(entry_id)
        if entry is None:
            return
        self.runner.cancel(f"load:{entry_id}")
        self.entries.remove(entry)
        if entry.role is Role.OFFICIAL:
            # The session keeps a release while it has documents: the next ready one steps up.
            nxt = next((e for e in self.entries if e.status is Status.READY), None)
            nxt = nxt or (self.entries[0] if self.entries else None)
            if nxt is not None:
                nxt.role = Role.OFFICIAL
        self.message.emit(f"Removed {entry.name}")
        self.documentsChanged.emit()
        self.schedule_compare()

    def make_official(self, entry_id: int) -> None:
        entry = self.entry(entry_id)
        if entry is None or entry.role is Role.OFFICIAL:
            return
        self._demote_official()
        entry.role = Role.OFFICIAL
        self.message.emit(f"{entry.name} is now the release")
        self.documentsChanged.emit()
        self.schedule_compare()

    def set_current_report(self, index: int) -> None:
        if self.result is None or not (0 <= index < len(self.result.comparisons)):
            index = -1
        if index != self.current_report:
            self.current_report = index
            self.currentReportChanged.emit(index)

    def cancel(self) -> None:
        """Stop everything running: loads and the comparison."""
        self._timer.stop()
        self.runner.cancel()
        for entry in self.entries:
            if entry.status is Status.LOADING:
                entry.status = Status.ERROR
                entry.error_label = "loading cancelled"
                entry.error = f"{entry.name}: loading was cancelled"
                self.entryChanged.emit(entry.id)
        self.message.emit("Cancelled")

    def _demote_official(self) -> None:
        for e in self.entries:
            if e.role is Role.OFFICIAL:
                e.role = Role.REPORT

    # -- loading ----------------------------------------------------------------------------

    def _load(self, entry_id: int) -> None:
        entry = self.entry(entry_id)
        if entry is None:
            return
        load_fn = self.load_fn
        path = entry.path

        def work(
            should_cancel: ShouldCancel, progress: Progress
        ) -> tuple[Document, int] | LoadError:
            try:
                doc = load_fn(path)
            except LoadError as exc:  # returned, not raised, to keep its short label
                return exc
            return doc, len(doc.text.split())

        self.runner.submit(
            f"load:{entry_id}",
            work,
            on_result=lambda r: self._loaded(entry_id, r),
            on_error=lambda msg: self._load_failed(entry_id, "could not be read", msg),
        )

    def _loaded(self, entry_id: int, result: tuple[Document, int] | LoadError) -> None:
        if isinstance(result, LoadError):
            self._load_failed(entry_id, result.short_label, str(result))
            return
        entry = self.entry(entry_id)
        if entry is None:
            return
        entry.document, entry.words = result
        entry.status = Status.READY
        self.entryChanged.emit(entry_id)
        self.schedule_compare()

    def _load_failed(self, entry_id: int, label: str, line: str) -> None:
        entry = self.entry(entry_id)
        if entry is None:
            return
        entry.status = Status.ERROR
        entry.error_label = label
        entry.error = line
        self.message.emit(line)
        self.entryChanged.emit(entry_id)
        self.schedule_compare()

    # -- comparing --------------------------------------------------------------------------

    def schedule_compare(self) -> None:
        self._timer.start()

    def _start_compare(self) -> None:
        if self.is_loading():
            return  # the last load to finish schedules again
        official = self.official()
        reports = [e for e in self.entries if e.role is Role.REPORT and e.status is Status.READY]
        if official is None or official.document is None or not reports:
            self.runner.cancel(COMPARE_KEY)
            self._set_result(None, ())
            if official is not None and official.status is Status.ERROR:
                self.message.emit("The release could not be read; choose another release")
            return
        ids = (official.id, *(e.id for e in reports))
        if self.result is not None and ids == self.result_ids:
            return
        docs = [e.document for e in reports if e.document is not None]
        fn, options, off_doc = self.compare_fn, self.options, official.document

        def work(
            should_cancel: ShouldCancel, progress: Progress
        ) -> tuple[CompareResult, CoverageMatrix | None]:
            result = fn(off_doc, docs, options, should_cancel, progress)
            # The coverage view's matrix: from the compare process if it made one, else here,
            # off the GUI thread either way.
            take = getattr(fn, "take_coverage", None)
            matrix = take(result) if callable(take) else None
            if matrix is None and result.comparisons:
                progress(len(docs), len(docs), "Building the coverage overview")
                matrix = coverage_matrix(result)
            return result, matrix

        self.compareStarted.emit()
        self.message.emit(f"Comparing {len(docs)} report(s) with {official.name}…")
        self.runner.submit(
            COMPARE_KEY,
            work,
            on_result=lambda r: self._compared(ids, r),
            on_error=self._compare_failed,
        )

    def _compared(
        self, ids: tuple[int, ...], done: tuple[CompareResult, CoverageMatrix | None] | None
    ) -> None:
        if done is None or done[0].state is RunState.CANCELLED:
            self.message.emit("Comparison cancelled")
            return
        result, self.coverage = done
        self._set_result(result, ids)
        n = len(result.comparisons)
        self.message.emit(f"Compared {n} report{'s' if n != 1 else ''} with the release")

    def _compare_failed(self, message: str) -> None:
        self.message.emit(f"Comparison failed: {message}")
        self.compareFailed.emit(message)

    def _set_result(self, result: CompareResult | None, ids: tuple[int, ...]) -> None:
        previous = self.entry_of_report(self.current_report)
        self.result, self.result_ids = result, ids
        if result is None:
            self.coverage = None
        self.current_report = -1
        self.resultChanged.emit(result)
        if result is not None and result.comparisons:
            keep = self.report_index_of(previous.id) if previous is not None else -1
            # A timer, not a posted call: the overview lays out and paints first, and other
            # timers and input get their turn before the report's panes fill.
            QTimer.singleShot(
                FIRST_REPORT_DELAY_MS, lambda: self._show_first_report(result, max(keep, 0))
            )
        else:
            self.currentReportChanged.emit(-1)

    def _show_first_report(self, result: CompareResult, index: int) -> None:
        if self.result is result and self.current_report < 0:
            self.set_current_report(index)


@dataclass
class AppContext:
    """Everything a widget may need, handed in explicitly (no globals)."""

    settings: QSettings
    runner: TaskRunner
    session: Session
    colors: Colors = field(default_factory=palette_colors)

    @classmethod
    def create(
        cls,
        settings: QSettings | None = None,
        compare_fn: CompareFn = default_compare,
        load_fn: LoadFn = default_load,
    ) -> AppContext:
        runner = TaskRunner()
        session = Session(runner, compare_fn=compare_fn, load_fn=load_fn)
        return cls(settings or QSettings("Concord", "Concord"), runner, session)
