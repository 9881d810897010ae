"""The Annotations dock: every annotation of the session with its note, tags, document and state.

Filters by tag, by document (or "the report on show") and by anchor state; orphans (notes whose
passage could not be found after a document changed) are listed like any other, in red, never
hidden. A banner tells the outcome of the last re-anchoring. Double-click or Enter asks to jump to
the passage; Edit and Delete ask the controller, which owns the store and the undo stack. No
store access here: the controller hands in ``PanelRow`` values.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.anchoring import AnchorState, Annotation
from ui.annotations.editor import shorten

ID_ROLE = Qt.ItemDataRole.UserRole
ALL = ""
#: Document filter value meaning "the release and the report on show".
ON_SHOW = "\x00on-show"
STATE_COLOURS = {AnchorState.MOVED: "#b35c00", AnchorState.ORPHAN: "#c92a2a"}
STATE_TIPS = {
    AnchorState.ANCHORED: "The passage is where it was annotated",
    AnchorState.MOVED: "The document changed; the note was re-attached to the same words elsewhere",
    AnchorState.ORPHAN: "The document changed and the passage could not be found; the note is kept",
}
KIND_LABELS = {"text": "Passage", "pair": "Linked pair", "finding": "Finding"}


@dataclass(frozen=True)
class PanelRow:
    annotation: Annotation
    #: Names of the documents its targets are on, in target order ("(removed)" if gone).
    documents: tuple[str, ...]


def _passage(ann: Annotation, limit: int = 160) -> str:
    return " ⟷ ".join(f"“{shorten(t.exact, limit)}”" for t in ann.targets)


class AnnotationsPanel(QWidget):
    activated = Signal(int)
    editRequested = Signal(int)
    deleteRequested = Signal(int)

    HEADERS = ("Note", "Tags", "Document", "State")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotations_panel")
        self._rows: list[PanelRow] = []
        self._on_show: set[str] = set()
        self._sha_names: dict[str, str] = {}

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Re-anchoring outcome")
        self.banner.setStyleSheet(
            "QLabel { background: #fff3bf; color: #5c4400; padding: 4px 6px; border-radius: 3px; }"
        )
        self.banner.hide()

        self.tag_filter = QComboBox(self)
        self.tag_filter.setAccessibleName("Show annotations with this tag")
        self.doc_filter = QComboBox(self)
        self.doc_filter.setAccessibleName("Show annotations on this document")
        self.state_filter = QComboBox(self)
        self.state_filter.setAccessibleName("Show annotations in this state")
        self.state_filter.addItem("Any state", ALL)
        for state in AnchorState:
            self.state_filter.addItem(state.value.capitalize(), state.value)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.doc_filter, 2)
        filters.addWidget(self.state_filter, 1)

        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Annotations")
        self.tree.setHeaderLabels(list(self.HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.tree.setColumnWidth(1, 96)
        self.tree.setColumnWidth(2, 96)
        self.tree.setColumnWidth(3, 68)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAccessibleName("Selected annotation")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(40)
        self.count_label = QLabel(self)
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setAccessibleName("Edit the selected annotation")
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setAccessibleName("Delete the selected annotation")
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.count_label, 1)
        self.buttons.addWidget(self.edit_button)
        self.buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addLayout(self.buttons)

        delete = QAction("Delete annotation", self.tree)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self._delete_current)
        self.tree.addAction(delete)
        self.tree.itemActivated.connect(lambda item, _c: self.activated.emit(item.data(0, ID_ROLE)))
        self.tree.currentItemChanged.connect(lambda _c, _p: self._show_detail())
        self.edit_button.clicked.connect(self._edit_current)
        self.delete_button.clicked.connect(self._delete_current)
        for combo in (self.tag_filter, self.doc_filter, self.state_filter):
            combo.currentIndexChanged.connect(lambda _i: self._fill())
        self.set_rows([], [], {})

    # -- content ----------------------------------------------------------------------------

    def add_button(self, action: QAction) -> None:
        """Put an action (Undo) beside Edit and Delete."""
        button = QToolButton(self)
        button.setDefaultAction(action)  # follows the action's text and enabled state
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.buttons.insertWidget(1, button)

    def set_rows(
        self, rows: Sequence[PanelRow], tags: Sequence[str], documents: dict[str, str]
    ) -> None:
        """All annotations, the session's tags, and the documents (sha256 -> name) to filter by."""
        self._rows = list(rows)
        self._sha_names = dict(documents)
        self._refill_combo(self.tag_filter, "All tags", [(t, t) for t in tags])
        docs = [(name, sha) for sha, name in documents.items()]
        self._refill_combo(
            self.doc_filter, "All documents", [("Release + report on show", ON_SHOW), *docs]
        )
        self._fill()

    def set_on_show(self, shas: Sequence[str]) -> None:
        self._on_show = set(shas)
        if self.doc_filter.currentData() == ON_SHOW:
            self._fill()

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _refill_combo(self, combo: QComboBox, all_label: str, items: list[tuple[str, str]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_label, ALL)
        for label, data in items:
            combo.addItem(label, data)
        i = combo.findData(keep)
        combo.setCurrentIndex(max(i, 0))
        combo.blockSignals(False)

    def set_filter(self, *, tag: str = ALL, document: str = ALL, state: str = ALL) -> None:
        """Choose filters by value (a tag, a document's sha256 or ON_SHOW, a state value)."""
        for combo, value in ((self.tag_filter, tag), (self.doc_filter, document),
                             (self.state_filter, state)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self._fill()

    def _accepts(self, row: PanelRow) -> bool:
        ann = row.annotation
        tag, doc, state = (self.tag_filter.currentData(), self.doc_filter.currentData(),
                           self.state_filter.currentData())
        if tag and tag not in ann.tags:
            return False
        if state and ann.state.value != state:
            return False
        shas = {t.document_sha256 for t in ann.targets}
        if doc == ON_SHOW:
            return bool(shas & self._on_show)
        return not doc or doc in shas

    def _fill(self) -> None:
        current = self.current_id()
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        shown = 0
        for row in self._rows:
            if not self._accepts(row):
                continue
            shown += 1
            ann = row.annotation
            note = " ".join(ann.note.split())
            label = shorten(note, 200) if note else _passage(ann, 100)
            item = QTreeWidgetItem([label, "\n".join(ann.tags), "\n".join(row.documents),
                                    ann.state.value])
            item.setData(0, ID_ROLE, ann.id)
            if not note:
                font = item.font(0)
                font.setItalic(True)
                item.setFont(0, font)
            item.setToolTip(0, f"{KIND_LABELS.get(ann.kind, ann.kind)}: {_passage(ann)}"
                            + (f"\n\n{ann.note}" if ann.note else ""))
            item.setToolTip(2, "\n".join(row.documents))
            item.setToolTip(3, STATE_TIPS[ann.state])
            colour = STATE_COLOURS.get(ann.state)
            if colour:
                item.setForeground(3, QBrush(QColor(colour)))
                if ann.state is AnchorState.ORPHAN:
                    item.setForeground(0, QBrush(QColor(colour)))
            self.tree.addTopLevelItem(item)
            if ann.id == current:
                self.tree.setCurrentItem(item)
        self.tree.setSortingEnabled(True)
        total = len(self._rows)
        orphans = sum(r.annotation.state is AnchorState.ORPHAN for r in self._rows)
        text = f"{shown} of {total}" if shown != total else f"{total}"
        text += " annotation" + ("s" if total != 1 else "")
        if orphans:
            text += f" · {orphans} orphan{'s' if orphans != 1 else ''}"
        self.count_label.setText(text)
        self._show_detail()

    # -- selection --------------------------------------------------------------------------

    def visible_ids(self) -> list[int]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [int(item.data(0, ID_ROLE)) for item in items if item is not None]

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, ID_ROLE))

    def select(self, ann_id: int) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, ID_ROLE) == ann_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def current_annotation(self) -> Annotation | None:
        row = self._row(self.current_id())
        return None if row is None else row.annotation

    def _row(self, ann_id: int | None) -> PanelRow | None:
        return next((r for r in self._rows if r.annotation.id == ann_id), None)

    def _show_detail(self) -> None:
        row = self._row(self.current_id())
        has = row is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        if row is None:
            self.detail.setText(
                "<i>Select text in either pane and press Ctrl+M to annotate it.</i>"
                if not self._rows else ""
            )
            return
        ann = row.annotation
        extra = dict(ann.extra)
        kind = KIND_LABELS.get(ann.kind, ann.kind)
        if extra.get("finding_title"):
            kind += f": {extra['finding_title']}"
        parts = [f"<b>{html.escape(kind)}</b> · "
                 f"{html.escape(' / '.join(row.documents))} · {ann.state.value}"]
        parts.append(f"<i>{html.escape(_passage(ann))}</i>")
        for key, old in sorted(extra.items()):
            if key.startswith("original_exact_"):
                parts.append(f"Annotated as: <i>“{html.escape(shorten(old, 160))}”</i>")
        if ann.tags:
            parts.append("Tags: " + html.escape(", ".join(ann.tags)))
        if ann.note:
            parts.append(html.escape(ann.note).replace("\n", "<br>"))
        self.detail.setText("<br>".join(parts))

    def _edit_current(self) -> None:
        ann_id = self.current_id()
        if ann_id is not None:
            self.editRequested.emit(ann_id)

    def _delete_current(self) -> None:
        ann_id = self.current_id()
        if ann_id is not None:
            self.deleteRequested.emit(ann_id)
