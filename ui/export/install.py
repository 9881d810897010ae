"""File ▸ Export… in the main window: the action, and the dialog opened on the session.

``install_export(window)`` adds the action (Ctrl+E, enabled while there is a comparison) and the
window's ``ExportController``; ``open_export_dialog`` gathers what the export needs from the
session (annotations, the PDFs' original bytes for page crops, each document's earlier
versions) and opens ``ExportDialog``. Kept apart from the form itself (``dialog.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import qtawesome as qta
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from core.documents import DocFormat, LoadError
from core.report import VersionNote
from core.results import CompareResult
from core.store import SessionError
from ui.export.dialog import ExportDialog, button_ink
from ui.export.runner import ExportController


def _originals(
    result: CompareResult, sessions: Any, store: Any
) -> tuple[dict[str, bytes], dict[str, Sequence[VersionNote]]]:
    """The session's bytes of each PDF compared (page crops) and each document's history."""
    originals: dict[str, bytes] = {}
    for doc in result.documents:
        if doc.format is DocFormat.PDF and sessions is not None:
            # A PDF whose bytes are gone is exported without crops, never refused.
            with contextlib.suppress(LoadError, SessionError, OSError):
                originals[doc.sha256] = sessions.original_data(doc)
    history: dict[str, Sequence[VersionNote]] = dict(store.histories()) if store else {}
    return originals, history


def open_export_dialog(window: Any) -> ExportDialog | None:
    """Show the dialog for the window's current comparison and session annotations."""
    result = window.session.result
    if result is None or not result.comparisons:
        QMessageBox.information(window, "Export evidence pack",
                                "Compare a release with at least one report first.")
        return None
    sessions = getattr(getattr(window, "review", None), "sessions", None)
    store = getattr(sessions, "store", None)
    annotations = store.annotations() if store is not None else []
    name = getattr(sessions, "label", "") or "Concord session"
    path = getattr(store, "path", None)
    folder = None if path is None or getattr(sessions, "temporary", True) else path.parent
    controller = window.export_controller
    originals, history = _originals(result, sessions, store)
    dialog = ExportDialog(result, annotations, name, controller, folder=folder,
                          settings=window.context.settings, parent=window,
                          originals=originals, history=history)
    dialog.exported.connect(lambda line: window.statusBar().showMessage(line, 10000))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def install_export(window: Any) -> QAction:
    """Add File ▸ Export… (Ctrl+E) to ``window``; enabled while there is a comparison."""
    existing = getattr(window, "export_action", None)
    if isinstance(existing, QAction):
        return existing
    window.export_controller = ExportController(window.context.runner, parent=window)
    act = QAction(qta.icon("fa5s.file-export", color=button_ink()), "&Export…", window)
    act.setShortcut(QKeySequence("Ctrl+E"))
    act.setStatusTip("Write the evidence pack as HTML, PDF, Word or JSON")
    act.triggered.connect(lambda: open_export_dialog(window))
    window.addAction(act)
    window.export_action = act
    session = window.session
    act.setEnabled(session.result is not None)
    session.resultChanged.connect(lambda r: act.setEnabled(r is not None))
    file_menu = next((a.menu() for a in window.menuBar().actions()
                      if a.text().replace("&", "") == "File" and a.menu() is not None), None)
    if file_menu is not None:
        quit_action = getattr(window, "quit_action", None)
        if quit_action is not None and quit_action in file_menu.actions():
            file_menu.insertAction(quit_action, act)
            file_menu.insertSeparator(quit_action)
        else:
            file_menu.addAction(act)
    return act
