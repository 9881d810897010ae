"""Puts File ▸ Check for Changes (F5) into the main window and shows what it found.

The action asks the session controller to read every report again (``ui.session.rechecking``);
when the check is done, ``ChangesDialog`` opens with each report's outcome and the version
history the session keeps for it. The panes, findings and annotations follow by themselves:
a changed report is put in place like a replaced document and compared again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from core.recheck import SessionCheck
from core.store import DocumentVersion
from ui.review.changes_dialog import ChangesDialog
from ui.window.frame import WindowFrame
from ui.window.review_wiring import Review

SHORTCUT = "F5"


class RecheckWiring(QObject):
    def __init__(self, window: WindowFrame, review: Review) -> None:
        super().__init__(window)
        self.window, self.review = window, review
        self.dialog: ChangesDialog | None = None
        self.action = QAction("Check for &Changes", window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setStatusTip("Read every report again from its web address or file and "
                                 "keep the versions that changed")
        self.action.triggered.connect(review.sessions.check_for_changes)
        window.addAction(self.action)
        file_menu = review.menu("File")
        if file_menu is not None:
            file_menu.insertAction(review.export_action, self.action)
        review.sessions.rechecked.connect(self.show_changes)

    def history(self) -> dict[str, list[DocumentVersion]]:
        """Each stored document's earlier versions, by its current SHA-256 (names repeat:
        two folders' ``index.html``; an address may now serve another file name)."""
        store = self.review.sessions.store
        if store is None:
            return {}
        return {head.sha256: store.document_versions(head.id) for head in store.document_heads()}

    def show_changes(self, outcomes: Sequence[SessionCheck]) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ChangesDialog(outcomes, self.window.context.colors, self.history(),
                                    self.window)
        dialog = self.dialog
        # The dialog closed before this one is destroyed later: forget only the one going.
        dialog.destroyed.connect(lambda: self._forget(dialog))
        dialog.show()

    def _forget(self, dialog: ChangesDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def install_recheck(window: WindowFrame, review: Review) -> RecheckWiring:
    return RecheckWiring(window, review)
