"""The list of documents in the session: name, role (release or report), format icon, status.

A failed document shows its short error label, with the full line as tooltip. "Make release"
and "Remove" act on the selected row (buttons and context menu). Selecting a report shows it in
the Compare tab. All rules live in ``Session``; this widget only displays and forwards.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.session.state import DocEntry, Role, Session, Status
from ui.style.icons import format_icon, format_of_path, icon

ID_ROLE = Qt.ItemDataRole.UserRole
REFRESH_MS = 40
#: Most time one batch of status updates may take; the rest waits for the next loop pass.
FLUSH_BUDGET_S = 0.006


def status_text(entry: DocEntry) -> str:
    if entry.status is Status.LOADING:
        return "loading…"
    if entry.status is Status.ERROR:
        return entry.error_label or "error"
    return "ready"


class DocumentList(QWidget):
    """Documents with roles and status; emits the entry id the user picks."""

    entryActivated = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Documents in the session")
        self.tree.setHeaderLabels(["Document", "Role", "Status"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        self.tree.setColumnWidth(2, 80)
        self.setMinimumWidth(220)
        self.release_button = QPushButton(icon("release"), "Make release", self)
        self.release_button.setAccessibleName("Make the selected document the release")
        self.remove_button = QPushButton(icon("remove"), "Remove", self)
        self.remove_button.setAccessibleName("Remove the selected document")
        buttons = QHBoxLayout()
        buttons.addWidget(self.release_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

        self.release_button.clicked.connect(self.make_release_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(self._current_changed)
        session.documentsChanged.connect(self.rebuild)
        # Status changes are applied in batches: a hundred loads finishing together must not
        # queue a hundred list updates back to back on the GUI thread.
        self._dirty: set[int] = set()
        self._items: dict[int, QTreeWidgetItem] = {}
        #: What each row shows now, so an update that changes nothing costs nothing.
        self._shown: dict[int, tuple[object, ...]] = {}
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._flush)
        session.entryChanged.connect(self._mark_dirty)
        session.currentReportChanged.connect(self._follow_report)
        self.rebuild()

    # -- display ----------------------------------------------------------------------------

    def item_for(self, entry_id: int) -> QTreeWidgetItem | None:
        return self._items.get(entry_id)

    def rebuild(self) -> None:
        self._dirty.clear()
        current = self.selected_id()
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items.clear()
        self._shown.clear()
        # The release first, then reports in the order they were added.
        entries = sorted(self.session.entries, key=lambda e: e.role is not Role.OFFICIAL)
        for entry in entries:
            item = QTreeWidgetItem(self.tree)
            item.setData(0, ID_ROLE, entry.id)
            self._items[entry.id] = item
            self._fill(item, entry)
        self.tree.blockSignals(False)
        keep = self.item_for(current) if current is not None else None
        if keep is not None:
            self.tree.setCurrentItem(keep)
        self._update_buttons()

    def _mark_dirty(self, entry_id: int) -> None:
        self._dirty.add(entry_id)
        if not self._refresh_timer.isActive():
            self._refresh_timer.start(REFRESH_MS)

    def _flush(self) -> None:
        # A hundred loads finishing together update the list over several passes, so input
        # and painting get their turn in between.
        deadline = time.perf_counter() + FLUSH_BUDGET_S
        while self._dirty and time.perf_counter() < deadline:
            self._refresh(self._dirty.pop())
        self._update_buttons()
        if self._dirty:
            self._refresh_timer.start(0)

    def refresh_entry(self, entry_id: int) -> None:
        self._refresh(entry_id)
        self._update_buttons()

    def _refresh(self, entry_id: int) -> None:
        entry = self.session.entry(entry_id)
        item = self.item_for(entry_id)
        if entry is not None and item is not None:
            self._fill(item, entry)

    def _fill(self, item: QTreeWidgetItem, entry: DocEntry) -> None:
        fmt = entry.document.format if entry.document else format_of_path(entry.path)
        shown = (
            fmt, entry.name, entry.path, entry.words, entry.role, entry.status,
            entry.error_label, entry.error,
        )
        if self._shown.get(entry.id) == shown:
            return
        self._shown[entry.id] = shown
        item.setIcon(0, format_icon(fmt))
        item.setText(0, entry.name)
        words = entry.words
        item.setToolTip(0, f"{entry.path}\n{words:,} words" if words else entry.path)
        item.setText(1, "Release" if entry.role is Role.OFFICIAL else "Report")
        item.setIcon(1, icon("release" if entry.role is Role.OFFICIAL else "report"))
        item.setText(2, status_text(entry))
        if entry.status is Status.ERROR:
            item.setIcon(2, icon("error"))
            item.setToolTip(2, entry.error)
            item.setForeground(2, QBrush(self.palette().placeholderText().color()))
        else:
            item.setIcon(2, icon("loading") if entry.status is Status.LOADING else QIcon())
            item.setToolTip(2, "")
            item.setForeground(2, QBrush(self.palette().text().color()))
        item.setData(2, Qt.ItemDataRole.AccessibleTextRole, f"{entry.name}: {status_text(entry)}")

    # -- actions ----------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, ID_ROLE))

    def make_release_selected(self) -> None:
        if (entry_id := self.selected_id()) is not None:
            self.session.make_official(entry_id)

    def remove_selected(self) -> None:
        if (entry_id := self.selected_id()) is not None:
            self.session.remove(entry_id)

    def _update_buttons(self) -> None:
        entry = self.session.entry(self.selected_id() or -1)
        self.remove_button.setEnabled(entry is not None)
        self.release_button.setEnabled(entry is not None and entry.role is Role.REPORT)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        act = menu.addAction(icon("release"), "Make release", self.make_release_selected)
        act.setEnabled(self.release_button.isEnabled())
        menu.addAction(icon("remove"), "Remove", self.remove_selected)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _current_changed(self, current: QTreeWidgetItem | None, previous: object) -> None:
        self._update_buttons()
        if current is not None:
            self.entryActivated.emit(int(current.data(0, ID_ROLE)))

    def _follow_report(self, index: int) -> None:
        entry = self.session.entry_of_report(index)
        if entry is None or entry.id == self.selected_id():
            return
        item = self.item_for(entry.id)
        if item is not None:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(item)
            self.tree.blockSignals(False)
            self._update_buttons()
