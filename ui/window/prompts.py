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

    def _ask(self, icon: QMessageBox.Icon, title: str, text: str, choices: list[str],
             close: QMessageBox.StandardButton) -> int | None:
        """Index of the choice clicked (the first is the default action), or None."""
        box = QMessageBox(icon, title, text, parent=self.parent)
        roles = [QMessageBox.ButtonRole.AcceptRole] + [QMessageBox.ButtonRole.ActionRole] * 9
        buttons = [box.addButton(label, role) for label, role in zip(choices, roles, strict=False)]
        box.addButton(close)
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(buttons) if clicked is b), None)

    def replace_or_add(self, name: str) -> str:
        """'replace', 'add' or 'cancel' for a dropped file named like a document in the session."""
        picked = self._ask(
            QMessageBox.Icon.Question, "Replace document?",
            f"{name} is already in this session. Replace it with the file you dropped? Its "
            "annotations will be re-anchored on the new version.",
            ["Replace", "Add as another document"], QMessageBox.StandardButton.Cancel,
        )
        return {0: "replace", 1: "add"}.get(picked if picked is not None else -1, "cancel")

    def offer_recovery(self, message: str) -> bool:
        """True to save a recovered copy of a damaged session file."""
        return self._ask(
            QMessageBox.Icon.Warning, "Session not opened",
            f"{message}.\n\nConcord can save a copy of the documents and annotations that can "
            "still be read; the damaged file is not changed.",
            ["Save a Recovered Copy…"], QMessageBox.StandardButton.Close,
        ) == 0

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
