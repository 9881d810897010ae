"""File ▸ Export…: the evidence-pack dialog and the menu action that opens it.

``ExportDialog`` asks for formats, the output file, reports, passages, tags and page size,
then runs the export through an ``ExportController`` (ui/export_runner.py: the window's task
runner, all-or-nothing files, cancel) and shows its progress. ``install_export(window)`` adds
the action (Ctrl+E) to the File menu. Must not import other ``ui/`` widget modules (the window
is reached only through its attributes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.anchoring import Annotation
from core.report import ExportError, ExportOptions, VersionNote
from core.results import CompareResult
from ui.export.job import ExportOutcome, ExportRequest
from ui.export.runner import ExportController

#: (format, check-box label, save-dialog filter), in the order the dialog shows them.
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("html", "HTML", "HTML page (*.html)"),
    ("pdf", "PDF", "PDF document (*.pdf)"),
    ("docx", "Word (DOCX)", "Word document (*.docx)"),
    ("json", "JSON", "JSON data (*.json)"),
)


def _checkable(parent: QWidget, labels: Sequence[str], checked: bool, name: str) -> QListWidget:
    box = QListWidget(parent)
    box.setAccessibleName(name)
    for text in labels:
        item = QListWidgetItem(text, box)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    rows = max(2, min(len(labels), 5))
    box.setFixedHeight(box.sizeHintForRow(0) * rows + 2 * box.frameWidth() + 8 if labels else 48)
    return box


def _checked_rows(box: QListWidget) -> list[int]:
    return [i for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


class ExportDialog(QDialog):
    """The export form; runs the export itself through ``controller`` and shows its progress."""

    #: The status-bar line after a successful export.
    exported = Signal(str)

    def __init__(
        self, result: CompareResult, annotations: Sequence[Annotation], session_name: str,
        controller: ExportController, *, folder: Path | None = None,
        settings: QSettings | None = None, parent: QWidget | None = None,
        originals: Mapping[str, bytes] | None = None,
        history: Mapping[str, Sequence[VersionNote]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export evidence pack")
        self.compare_result, self.annotations = result, list(annotations)
        self.originals, self.history = dict(originals or {}), dict(history or {})
        self._request: ExportRequest | None = None
        self.session_name, self.controller, self.settings = session_name, controller, settings
        folder = Path(str(self._setting("folder", "") or folder or Path.home()))
        self._build(folder / f"{_safe_name(session_name)}.pdf")
        controller.progress.connect(self._progress)
        controller.succeeded.connect(self._succeeded)
        controller.failed.connect(self._failed)
        controller.cancelled.connect(self._cancelled)
        self._update()

    # -- building ---------------------------------------------------------------------------

    def _build(self, path: Path) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        row = QHBoxLayout()
        chosen = str(self._setting("formats", "pdf") or "pdf").split(",")
        self.format_boxes: dict[str, QCheckBox] = {}
        for fmt, label, _ in FORMATS:
            box = QCheckBox(label, self)
            box.setChecked(fmt in chosen)
            box.toggled.connect(self._update)
            self.format_boxes[fmt] = box
            row.addWidget(box)
        row.addStretch(1)
        form.addRow("Formats:", row)

        self.path_edit = QLineEdit(str(path), self)
        self.path_edit.setAccessibleName("Output file")
        self.path_edit.textChanged.connect(self._update)
        browse = QPushButton(qta.icon("fa5s.folder-open", color=button_ink()), "Browse…", self)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow("Save as:", row)
        self.files_label = _hint("", self)
        form.addRow("", self.files_label)

        names = [f"{i + 1}. {self.compare_result.documents[c.report_index].title}"
                 for i, c in enumerate(self.compare_result.comparisons)]
        self.reports_list = _checkable(self, names, True, "Reports to include")
        self.reports_list.itemChanged.connect(self._update)
        reports_box = QVBoxLayout()
        reports_box.addWidget(self.reports_list)
        if len(names) > 2:  # ticking 100 reports one by one is no fun
            row = QHBoxLayout()
            for text, state in (("Tick all", Qt.CheckState.Checked),
                                ("Tick none", Qt.CheckState.Unchecked)):
                button = QPushButton(text, self)
                button.clicked.connect(lambda _=False, s=state: self._tick_reports(s))
                row.addWidget(button)
            row.addStretch(1)
            reports_box.addLayout(row)
        form.addRow("Reports:", reports_box)

        self.all_passages = QRadioButton("All passages", self)
        self.findings_only = QRadioButton("Findings and notes only", self)
        self.all_passages.setChecked(True)
        group = QButtonGroup(self)
        row = QHBoxLayout()
        for b in (self.all_passages, self.findings_only):
            group.addButton(b)
            row.addWidget(b)
        row.addStretch(1)
        form.addRow("Passages:", row)

        tags = sorted({t for a in self.annotations for t in a.tags}, key=str.casefold)
        self.tags_list = _checkable(self, tags, False, "Only annotations with these tags")
        tags_box = QVBoxLayout()
        tags_box.addWidget(self.tags_list)
        tags_box.addWidget(_hint("Tick none to include every annotation." if tags
                                 else "No annotation in this session has a tag.", self))
        self.tags_list.setVisible(bool(tags))
        form.addRow("Tags:", tags_box)

        self.page_size = QComboBox(self)
        self.page_size.addItem("A4", "a4")
        self.page_size.addItem("Letter", "letter")
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(
            self._setting("page_size", "a4"))))
        self.page_size.setAccessibleName("Page size")
        row = QHBoxLayout()
        row.addWidget(self.page_size)
        row.addStretch(1)
        form.addRow("Page size:", row)
        self.open_when_done = QCheckBox("Open the file when done", self)
        self.open_when_done.setChecked(self._setting("open", "false") == "true")
        form.addRow("", self.open_when_done)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName("Export progress")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setIcon(qta.icon("fa5s.file-export", color="white"
                                            if _dark() else button_ink()))
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Cancel export")
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self.cancel_button.clicked.connect(self.controller.cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._set_running(False)

    def _tick_reports(self, state: Qt.CheckState) -> None:
        for i in range(self.reports_list.count()):
            self.reports_list.item(i).setCheckState(state)

    def _setting(self, key: str, default: object) -> object:
        return default if self.settings is None else self.settings.value(f"export/{key}", default)

    # -- reading the form -------------------------------------------------------------------

    def formats(self) -> tuple[str, ...]:
        return tuple(fmt for fmt, box in self.format_boxes.items() if box.isChecked())

    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))

    def request(self) -> ExportRequest:
        """The form as a request (``ExportError`` if the page size is somehow unknown)."""
        reports = _checked_rows(self.reports_list)
        every = len(reports) == self.reports_list.count()
        options = ExportOptions(
            reports=() if every else tuple(str(i + 1) for i in reports),
            findings_only=self.findings_only.isChecked(),
            tags=tuple(self.tags_list.item(i).text() for i in _checked_rows(self.tags_list)),
            page_size=str(self.page_size.currentData()),
        )
        return ExportRequest(self.formats(), Path(self.path_edit.text().strip()).expanduser(),
                             options, self.open_when_done.isChecked(), self.originals,
                             self.history)

    def _problem(self) -> str:
        if not self.formats():
            return "Choose at least one format."
        if not self.path_edit.text().strip():
            return "Choose where to save the export."
        if not _checked_rows(self.reports_list):
            return "Choose at least one report."
        return ""

    def _update(self) -> None:
        problem = self._problem()
        if not self.controller.is_running():
            self.export_button.setEnabled(not problem)
            self.status.setText(problem)
        text = self.path_edit.text().strip()
        names = [p.name for _, p in ExportRequest(self.formats(), Path(text)).targets()] if (
            text and self.formats()) else []
        self.files_label.setText("Writes " + ", ".join(names) if names else "")

    # -- actions ----------------------------------------------------------------------------

    def browse(self) -> None:
        chosen = [f for f in FORMATS if f[0] in self.formats()] or [FORMATS[1]]
        filters = ";;".join(f[2] for f in chosen)
        path, _ = QFileDialog.getSaveFileName(self, "Export evidence pack",
                                              self.path_edit.text(), filters)
        if path:
            self.set_path(path)

    def start(self) -> None:
        if self._problem() or self.controller.is_running():
            return
        try:
            request = self.request()
        except ExportError as exc:
            self._failed(str(exc))
            return
        self._remember(request)
        self._request = request
        self._set_running(True)
        self.status.setText("Exporting…")
        self.controller.start(self.compare_result, self.annotations, self.session_name, request)

    def _remember(self, request: ExportRequest) -> None:
        if self.settings is None:
            return
        self.settings.setValue("export/formats", ",".join(request.formats))
        self.settings.setValue("export/folder", str(request.base.parent))
        self.settings.setValue("export/page_size", request.options.page_size)
        self.settings.setValue("export/open", "true" if request.open_when_done else "false")

    def _set_running(self, running: bool) -> None:
        for w in self.findChildren(QWidget):
            # Labels stay as they are: disabled hint text reads darker than enabled hint text.
            if w.parent() is self and not isinstance(w, QLabel) and w not in (
                    self.progress_bar, self.buttons):
                w.setEnabled(not running)
        self.progress_bar.setVisible(running)
        self.progress_bar.setRange(0, 0)
        self.export_button.setVisible(not running)
        self.close_button.setVisible(not running)
        self.cancel_button.setVisible(running)
        if not running:
            self._update()

    def _progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
        if message:
            self.status.setText(message[:1].upper() + message[1:] + "…")

    def _succeeded(self, outcome: ExportOutcome) -> None:
        self._set_running(False)
        line = outcome.summary()
        self.status.setText(line)
        self.exported.emit(line)
        target = outcome.to_open()
        if self._request is not None and self._request.open_when_done and target is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        self.accept()

    def _failed(self, message: str) -> None:
        self._set_running(False)
        self.status.setText("")
        QMessageBox.critical(self, "Export failed", message)

    def _cancelled(self) -> None:
        self._set_running(False)
        self.status.setText("Export cancelled; no file was written.")

    def reject(self) -> None:
        if self.controller.is_running():
            self.controller.cancel()  # closing the dialog must not leave a write behind
        super().reject()


def _safe_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " ._-" else "_" for c in name).strip(" .")
    return cleaned or "evidence pack"


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def button_ink() -> str:
    return QApplication.palette().color(QPalette.ColorRole.ButtonText).name()


def _dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
