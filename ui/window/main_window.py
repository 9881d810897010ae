"""Concord's main window: assembles the widgets, menus, shortcuts and status bar.

Logic lives in ``Session`` (``ui/session_state.py``) and the widgets; this module only wires
them: the document list (left dock), findings (right dock), an "Overview" tab (coverage matrix
and scorecard, shown first when results arrive) and a "Compare" tab (side-by-side panes).
Window geometry and splitter state are kept in the context's QSettings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolButton,
    QWidget,
)

from core.documents import SUPPORTED_PATTERNS, is_address
from core.results import CompareResult
from ui.export.install import install_export
from ui.review.compare_view import CompareView
from ui.review.coverage_view import CoverageView
from ui.review.findings_panel import FindingsPanel
from ui.review.scorecard import ScorecardWidget
from ui.session.document_list import DocumentList
from ui.session.state import AppContext
from ui.style.icons import icon
from ui.window.frame import WindowFrame
from ui.window.meaning_wiring import install_meaning
from ui.window.original_wiring import install_original
from ui.window.recheck_wiring import install_recheck
from ui.window.review_wiring import install_review

log = logging.getLogger(__name__)


class MainWindow(WindowFrame):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.setWindowTitle("Concord")
        self.setObjectName("concord_main_window")
        self.setAcceptDrops(True)

        self.compare_view = CompareView(context.colors, self)
        self.coverage = CoverageView(self)
        self.coverage.setAccessibleName("Coverage of the release by each report")
        self.scorecard = ScorecardWidget(self)
        self.scorecard.setAccessibleName("Scorecard of the selected report")
        self.overview = QSplitter(Qt.Orientation.Vertical, self)
        self.overview.setObjectName("overview_split")
        self.overview.addWidget(self.coverage)
        self.overview.addWidget(self.scorecard)
        self.overview.setStretchFactor(0, 3)
        self.overview.setStretchFactor(1, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Views")
        self.tabs.addTab(self.overview, "Overview")
        self.tabs.addTab(self.compare_view, "Compare")
        self.setCentralWidget(self.tabs)

        self.documents = DocumentList(self.session, self)
        self.findings = FindingsPanel(self)
        self.findings.setAccessibleName("Findings of the selected report")
        # A timer, not a posted call: the panes of a new report paint before its findings are
        # listed, so neither step plus its painting stalls the window past 50 ms.
        self._findings_timer = QTimer(self)
        self._findings_timer.setSingleShot(True)
        self._findings_timer.setInterval(0)
        self._findings_timer.timeout.connect(self._show_findings)
        self._scorecard_timer = QTimer(self)
        self._scorecard_timer.setSingleShot(True)
        self._scorecard_timer.setInterval(0)
        self._scorecard_timer.timeout.connect(self._fill_scorecard)
        self.docs_dock = self._dock(
            "Documents", self.documents, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.findings_dock = self._dock(
            "Findings", self.findings, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.resizeDocks(
            [self.docs_dock, self.findings_dock], [300, 380], Qt.Orientation.Horizontal
        )
        self._build_status_bar()
        self._build_actions()
        self._connect()
        # Session files and annotations: menus, dock and context menus (ui/review_wiring.py).
        self.review = install_review(self)
        self.export_action = install_export(self)  # File ▸ Export… (ui/export/install.py)
        self.original = install_original(self, self.review)  # View ▸ Show in Original
        self.recheck = install_recheck(self, self.review)  # File ▸ Check for Changes
        self.meaning = install_meaning(self)  # the meaning line of a selected paraphrase
        self.restore_settings()
        self.statusBar().showMessage("Open or drop a release and the reports about it", 5000)

    # -- assembly ---------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.task_label = QLabel(self)
        self.task_label.setAccessibleName("Current task")
        self.cancel_button = QToolButton(self)
        self.cancel_button.setIcon(icon("cancel"))
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.cancel_button.setAccessibleName("Cancel loading and comparing")
        self.cancel_button.setToolTip("Stop loading and comparing")
        for w in (self.task_label, self.progress, self.cancel_button):
            bar.addPermanentWidget(w)
        self._set_busy(False)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
        name: str = "",
    ) -> QAction:
        act = QAction(icon(name) if name else QIcon(), text, self)
        if shortcut is not None:
            act.setShortcut(shortcut)
        act.triggered.connect(slot)
        self.addAction(act)  # shortcuts work even when the menu bar is hidden
        return act

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.open_action = self._action(
            "&Open…", self.open_files, QKeySequence.StandardKey.Open, "open"
        )
        self.address_action = self._action(
            "Open &Address…", self.open_address, QKeySequence("Ctrl+L"), "open"
        )
        self.remove_action = self._action(
            "&Close document", self.documents.remove_selected, QKeySequence("Ctrl+W"), "remove"
        )
        self.release_action = self._action(
            "Make &release", self.documents.make_release_selected, None, "release"
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, "quit")
        for act in (self.open_action, self.address_action, self.remove_action,
                    self.release_action):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = self.view_menu = menu.addMenu("&View")
        self.find_action = self._action(
            "&Find in both documents…", self._open_find, QKeySequence.StandardKey.Find, "find"
        )
        self.next_action = self._action(
            "&Next finding", self.next_finding, QKeySequence(Qt.Key.Key_F7), "next"
        )
        self.previous_action = self._action(
            "&Previous finding", self.previous_finding, QKeySequence("Shift+F7"), "previous"
        )
        self.lock_action = QAction("&Lock scrolling", self)
        self.lock_action.setCheckable(True)
        self.lock_action.setChecked(self.compare_view.lock_button.isChecked())
        self.lock_action.toggled.connect(self.compare_view.lock_button.setChecked)
        self.compare_view.lock_button.toggled.connect(self.lock_action.setChecked)
        self.cancel_action = self._action("&Cancel", self.session.cancel, None, "cancel")
        for act in (self.find_action, self.next_action, self.previous_action, self.lock_action):
            view_menu.addAction(act)
        view_menu.addSeparator()
        view_menu.addAction(self.docs_dock.toggleViewAction())
        view_menu.addAction(self.findings_dock.toggleViewAction())
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&About Concord", self._about, None, "about"))

    def _connect(self) -> None:
        s, runner = self.session, self.context.runner
        s.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        s.resultChanged.connect(self._result_changed)
        s.currentReportChanged.connect(self._report_changed)
        self.documents.entryActivated.connect(self._entry_activated)
        self.findings.findingActivated.connect(self._finding_activated)
        self.coverage.cellActivated.connect(self._cell_activated)
        self.coverage.passageActivated.connect(self._passage_activated)
        self.scorecard.reportActivated.connect(s.set_current_report)
        self.cancel_button.clicked.connect(s.cancel)
        runner.busyChanged.connect(self._set_busy)
        runner.progress.connect(self._progress)
        # Once per event-loop pass: opening a 101-document session starts 101 loads at once,
        # and describing the running tasks after each start was 30 ms of repeated work.
        self._tasks_timer = QTimer(self)
        self._tasks_timer.setSingleShot(True)
        self._tasks_timer.setInterval(0)
        self._tasks_timer.timeout.connect(self._describe_tasks)
        runner.started.connect(lambda key, token: self._tasks_timer.start())
        runner.finished.connect(lambda key, token, result: self._tasks_timer.start())
        runner.failed.connect(lambda key, token, msg: self._tasks_timer.start())

    # -- reacting to the session ------------------------------------------------------------

    def _result_changed(self, result: CompareResult | None) -> None:
        if result is None:
            self.coverage.set_result(None)
            self.scorecard.set_result(None)
            self.findings.clear()
            self.compare_view.set_comparison(None, -1)
            return
        if not self._overview_restored:
            # Room for the scorecard's rows first, while the matrix is cheap to resize; the
            # matrix takes the rest.
            wanted = self.scorecard.height_for(len(result.comparisons))
            total = sum(self.overview.sizes())
            self.overview.setSizes([max(total - wanted, total // 2), min(wanted, total // 2)])
        self.coverage.set_result(result, self.session.coverage)
        self.tabs.setCurrentWidget(self.overview)
        # The scorecard next pass: filling it in the same pass as the matrix, with the matrix's
        # first paint, stalled the window for 50 ms on a 100-report case.
        self._scorecard_timer.start()

    def _fill_scorecard(self) -> None:
        self.scorecard.set_result(self.session.result)
        self.scorecard.set_report(self.session.current_report)

    def _report_changed(self, index: int) -> None:
        result = self.session.result
        self.compare_view.set_comparison(result, index)
        self.coverage.set_current_report(index)
        self.scorecard.set_report(index)
        self._findings_timer.start()

    def _show_findings(self) -> None:
        result, index = self.session.result, self.session.current_report
        if result is not None and 0 <= index < len(result.comparisons):
            self.findings.set_comparison(result, index)
        else:
            self.findings.clear()

    def _entry_activated(self, entry_id: int) -> None:
        index = self.session.report_index_of(entry_id)
        if index >= 0:
            self.session.set_current_report(index)
            self.tabs.setCurrentWidget(self.compare_view)

    def _finding_activated(self, finding: object) -> None:
        side, span = getattr(finding, "side", None), getattr(finding, "span", None)
        if side in ("official", "report") and span is not None:
            self.tabs.setCurrentWidget(self.compare_view)
            self.compare_view.show_span(str(side), span)

    def _cell_activated(self, report_number: int, official_span: object) -> None:
        self.session.set_current_report(report_number)
        self.tabs.setCurrentWidget(self.compare_view)
        if official_span is not None:
            # Clicked again, the cell goes on to the next report passage using the sentence.
            self.compare_view.show_span(
                "official", official_span, cycle=True  # type: ignore[arg-type]
            )

    def _passage_activated(self, official_span: object) -> None:
        if self.session.result is None or official_span is None:
            return
        if self.session.current_report < 0:
            self.session.set_current_report(0)
        self.tabs.setCurrentWidget(self.compare_view)
        self.compare_view.show_span("official", official_span)  # type: ignore[arg-type]

    def next_finding(self) -> None:
        self.findings.next_finding()

    def previous_finding(self) -> None:
        self.findings.previous_finding()

    def _open_find(self) -> None:
        self.tabs.setCurrentWidget(self.compare_view)
        self.compare_view.find_bar.open_bar()

    # -- progress ---------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.task_label.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self._describe_tasks()

    def _progress(self, key: str, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if message:
            self.task_label.setText(message)

    def _describe_tasks(self) -> None:
        keys = self.context.runner.running_keys()
        loads = sum(k.startswith("load:") for k in keys)
        parts = [f"loading {loads} document{'s' if loads != 1 else ''}"] if loads else []
        if "compare" in keys:
            parts.append("comparing")
        if parts:
            self.task_label.setText(", ".join(parts).capitalize() + "…")

    # -- files ------------------------------------------------------------------------------

    def open_files(self) -> None:
        last = str(self.context.settings.value("last_dir", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Open documents", last, f"Documents ({SUPPORTED_PATTERNS});;All files (*)"
        )
        if paths:
            self.context.settings.setValue("last_dir", str(Path(paths[0]).parent))
            self.session.add_files(paths)

    def open_address(self, address: str | None = None) -> bool:
        """File ▸ Open Address: fetch a report (or release) by its web address."""
        if address is None:
            address, ok = QInputDialog.getText(
                self, "Open address", "Web address of a report or release (http:// or https://):"
            )
            if not ok:
                return False
        address = address.strip()
        if not is_address(address):
            self.statusBar().showMessage(
                f"{address or 'That'} is not a web address: give one that starts with "
                "http:// or https://", 8000)
            return False
        self.session.add_files([address])
        return True

    @staticmethod
    def _dropped(event: QDropEvent | QDragEnterEvent) -> list[str]:
        """Files and web addresses in a drop: file URLs, http(s) URLs (a link dragged from a
        browser, ``text/uri-list``) and an address dropped as plain text."""
        data = event.mimeData()
        found = [u.toLocalFile() if u.isLocalFile() else u.toString() for u in data.urls()
                 if u.isLocalFile() or u.scheme() in ("http", "https")]
        if not found and data.hasText() and is_address(data.text()):
            found = [data.text().strip()]
        return found

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped(event)
        if paths:
            self.session.add_files(paths)
            event.acceptProposedAction()
        else:
            event.ignore()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Concord",
            "Concord compares an official press release with the press reports about it: "
            "what was copied, paraphrased, left out or added, and which quotes and figures "
            "changed.",
        )

    # -- settings ---------------------------------------------------------------------------

    def restore_settings(self) -> None:
        st = self.context.settings
        geometry = st.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = st.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)
        overview = st.value("window/overview")
        self._overview_restored = isinstance(overview, QByteArray | bytes)
        if isinstance(overview, QByteArray | bytes):
            self.overview.restoreState(overview)
        self.compare_view.restore_state(st)

    def save_settings(self) -> None:
        st = self.context.settings
        st.setValue("window/geometry", self.saveGeometry())
        st.setValue("window/state", self.saveState())
        st.setValue("window/overview", self.overview.saveState())
        self.compare_view.save_state(st)
        st.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.session.cancel()
        self.context.runner.wait_for_done(3000)
        super().closeEvent(event)
