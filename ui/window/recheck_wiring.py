"""Puts File ▸ Check for Changes (F5) and Version History into the main window.

The action asks the session controller to read every report again (``ui.session.rechecking``);
when the check is done, ``ChangesDialog`` opens with each report's outcome and the version
history the session keeps for it. The panes, findings and annotations follow by themselves:
a changed report is put in place like a replaced document and compared again. Version History
shows every version the session keeps of the selected document (``VersionsDialog``), also in a
session reopened later.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from core.recheck import SessionCheck
from core.results import DiffPiece
from core.store import DocumentVersion
from ui.review.changes_dialog import ChangesDialog
from ui.review.versions_dialog import VersionsDialog, newest_first, version_diffs
from ui.window.frame import WindowFrame
from ui.window.review_wiring import Review

SHORTCUT = "F5"
VERSIONS_KEY = "version-history"


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
        self.versions_action = QAction("Version &History…", window)
        self.versions_action.setStatusTip("Every version the session keeps of the selected "
                                          "document, and what changed in each")
        self.versions_action.triggered.connect(self.show_versions)
        window.addAction(self.versions_action)
        if file_menu is not None:
            file_menu.insertAction(review.export_action, self.versions_action)
        self.versions_dialog: VersionsDialog | None = None

    def history(self) -> dict[str, list[DocumentVersion]]:
        """Each stored document's earlier versions, by its current SHA-256 (names repeat:
        two folders' ``index.html``; an address may now serve another file name)."""
        store = self.review.sessions.store
        return {} if store is None else store.histories()

    def show_changes(self, outcomes: Sequence[SessionCheck]) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ChangesDialog(outcomes, self.window.context.colors, self.history(),
                                    self.window)
        dialog = self.dialog
        # The dialog closed before this one is destroyed later: forget only the one going.
        dialog.destroyed.connect(lambda: self._forget(dialog))
        dialog.show()

    def show_versions(self) -> None:
        """The versions of the document selected in the Documents list (else the report on
        show), read from the session."""
        store = self.review.sessions.store
        ws = self.window.session
        entry = ws.entry(self.window.documents.selected_id() or -1) or ws.entry_of_report(
            ws.current_report)
        if store is None or entry is None or entry.document is None:
            self.window.statusBar().showMessage(
                "Select a document in the Documents list to see its versions", 8000)
            return
        doc = entry.document
        head = next((h for h in store.document_heads() if h.sha256 == doc.sha256), None)
        earlier = [] if head is None else [
            (v, store.version_document(v.id)) for v in store.document_versions(head.id)]
        versions = newest_first(doc, earlier)
        self.versions_dialog = None

        def opened(diffs: list[tuple[DiffPiece, ...]]) -> None:
            self.versions_dialog = VersionsDialog(versions, diffs, self.window.context.colors,
                                                  self.window)
            self.versions_dialog.show()

        # Diffing long texts takes up to seconds: in the task runner, not on the window's thread.
        self.window.context.runner.submit(
            VERSIONS_KEY, lambda should_cancel, progress: version_diffs(versions),
            on_result=opened,
            on_error=lambda msg: self.window.statusBar().showMessage(msg, 8000))

    def _forget(self, dialog: ChangesDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def install_recheck(window: WindowFrame, review: Review) -> RecheckWiring:
    return RecheckWiring(window, review)
