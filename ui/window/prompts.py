"""Every question the review features ask the user, in one place: ``Prompts``.

The editor dialog, warnings, file choosers, "replace or add", "save before closing", and the
offer to save a recovered copy of a damaged session. Tests replace the methods to answer them
(``tests/ui/annotations/test_ui_annotations.py``: ``ScriptedPrompts``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from ui.annotations.editor import EditorRequest, EditorResult, edit_annotation


class Prompts:
    """Every question the review features ask; tests replace methods to answer them."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def edit(self, request: EditorRequest) -> EditorResult | None:
        return edit_annotation(request, self.parent)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def open_path(self, title: str, file_filter: str) -> str:
        return QFileDialog.getOpenFileName(self.parent, title, str(Path.home()), file_filter)[0]

    def save_path(self, title: str, file_filter: str, suggested: str) -> str:
        return QFileDialog.getSaveFileName(self.parent, title, suggested, file_filter)[0]

    def choose(self, title: str, label: str, items: list[str]) -> int | None:
        item, ok = QInputDialog.getItem(self.parent, title, label, items, 0, False)
        return items.index(item) if ok and item in items else None

    def replace_or_add(self, name: str) -> str:
        """'replace', 'add' or 'cancel' for a dropped file named like a document in the session."""
        box = QMessageBox(QMessageBox.Icon.Question, "Replace document?",
                          f"{name} is already in this session. Replace it with the file you "
                          "dropped? Its annotations will be re-anchored on the new version.",
                          parent=self.parent)
        replace = box.addButton("Replace", QMessageBox.ButtonRole.AcceptRole)
        add = box.addButton("Add as another document", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "replace" if clicked is replace else "add" if clicked is add else "cancel"

    def offer_recovery(self, message: str) -> bool:
        """True to save a recovered copy of a damaged session file."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Session not opened",
                          f"{message}.\n\nConcord can save a copy of the documents and "
                          "annotations that can still be read; the damaged file is not changed.",
                          parent=self.parent)
        save = box.addButton("Save a Recovered Copy…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        return box.clickedButton() is save

    def save_before_close(self, count: int) -> str:
        """'save', 'discard' or 'cancel' when closing a temporary session with annotations."""
        answer = QMessageBox.question(
            self.parent, "Save this session?",
            f"This session has {count} annotation(s) and has not been saved. Save it?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(answer, "cancel")
