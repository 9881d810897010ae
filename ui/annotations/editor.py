"""The dialog that writes or edits one annotation: the passage it is on, a note and tags.

Tags are checkboxes: the built-ins (accurate, misquote, distortion, omission, added claim, needs
follow-up) first, then the session's own tags; a new tag typed in the field joins the list
checked. ``EditorRequest`` in, ``EditorResult`` out, so the controller never reads widgets and
tests can fill the same dialog programmatically. Knows nothing of sessions or the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.anchoring import BUILTIN_TAGS

#: The store refuses longer tags; the field stops the user there.
MAX_TAG_LENGTH = 64
#: Characters of a quoted passage shown in the dialog (the rest is cut with an ellipsis).
QUOTE_CHARS = 600
TAG_COLUMNS = 3


@dataclass(frozen=True)
class EditorRequest:
    """What to show: a window title, the quoted passages ("Release", text) and current values."""

    title: str
    quotes: tuple[tuple[str, str], ...]
    note: str = ""
    tags: tuple[str, ...] = ()
    #: Every tag of the session, built-ins first (the store's order).
    available: tuple[str, ...] = BUILTIN_TAGS


@dataclass(frozen=True)
class EditorResult:
    note: str
    tags: tuple[str, ...]


def clean_tag(name: str) -> str:
    return " ".join(name.split())[:MAX_TAG_LENGTH]


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class AnnotationEditor(QDialog):
    """Note and tags for one passage, finding or linked pair."""

    def __init__(self, request: EditorRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(request.title)
        self.setObjectName("annotation_editor")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        for label, text in request.quotes:
            head = QLabel(f"<b>{label}</b>", self)
            quote = QLabel(shorten(text), self)
            quote.setTextFormat(Qt.TextFormat.PlainText)
            quote.setWordWrap(True)
            quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            quote.setAccessibleName(f"{label} passage")
            quote.setStyleSheet(
                "QLabel { background: #fff8db; color: #212529; padding: 4px 8px;"
                " border-left: 3px solid #f0c36d; }"
            )
            layout.addWidget(head)
            layout.addWidget(quote)

        layout.addWidget(QLabel("<b>Note</b>", self))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("What is wrong, or right, with this passage?")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlainText(request.note)
        self.note_edit.setMinimumHeight(90)
        layout.addWidget(self.note_edit, 1)

        self.tags_box = QGroupBox("Tags", self)
        self._grid = QGridLayout(self.tags_box)
        self.tag_boxes: dict[str, QCheckBox] = {}
        for tag in dict.fromkeys((*request.available, *request.tags)):
            self._add_box(tag, tag in request.tags)
        add_row = QHBoxLayout()
        self.new_tag_edit = QLineEdit(self)
        self.new_tag_edit.setAccessibleName("New tag")
        self.new_tag_edit.setPlaceholderText("New tag…")
        self.new_tag_edit.setMaxLength(MAX_TAG_LENGTH)
        self.add_tag_button = QPushButton("Add tag", self)
        self.add_tag_button.setAutoDefault(False)
        add_row.addWidget(self.new_tag_edit, 1)
        add_row.addWidget(self.add_tag_button)
        self._grid.addLayout(add_row, 99, 0, 1, TAG_COLUMNS)
        layout.addWidget(self.tags_box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.add_tag_button.clicked.connect(self._add_typed_tag)
        self.new_tag_edit.returnPressed.connect(self._add_typed_tag)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        self.note_edit.setFocus()

    def _add_box(self, tag: str, checked: bool) -> QCheckBox:
        box = QCheckBox(tag, self.tags_box)
        box.setChecked(checked)
        n = len(self.tag_boxes)
        self._grid.addWidget(box, n // TAG_COLUMNS, n % TAG_COLUMNS)
        self.tag_boxes[tag] = box
        return box

    def _add_typed_tag(self) -> None:
        self.add_tag(self.new_tag_edit.text())
        self.new_tag_edit.clear()

    # -- programmatic use (the controller and tests) ----------------------------------------

    def add_tag(self, name: str) -> str | None:
        """Add (or find) a tag and check it; None for an empty name."""
        tag = clean_tag(name)
        if not tag:
            return None
        existing = next((t for t in self.tag_boxes if t.casefold() == tag.casefold()), None)
        box = self.tag_boxes[existing] if existing else self._add_box(tag, True)
        box.setChecked(True)
        return box.text()

    def set_note(self, text: str) -> None:
        self.note_edit.setPlainText(text)

    def set_tag(self, tag: str, checked: bool = True) -> None:
        if tag in self.tag_boxes:
            self.tag_boxes[tag].setChecked(checked)
        elif checked:
            self.add_tag(tag)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def tags(self) -> tuple[str, ...]:
        return tuple(t for t, box in self.tag_boxes.items() if box.isChecked())

    def value(self) -> EditorResult:
        return EditorResult(self.note(), self.tags())


def edit_annotation(request: EditorRequest, parent: QWidget | None = None) -> EditorResult | None:
    """Show the dialog modally; the note and tags, or None when cancelled."""
    dialog = AnnotationEditor(request, parent)
    try:
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()

