"""Puts session files and annotations into the main window: menus, the dock, context menus.

``install_review(window)`` builds the ``SessionController`` (the session file), the
``AnnotationsPanel`` dock and the ``AnnotationController`` and wires them to the window's widgets
without the window knowing their internals: File ▸ Save Session As / Open Session / Open Recent /
Replace Document / Export and Import Annotations, an Edit menu (Undo, Redo, Annotate…, Ctrl+M, Mark
Finding as Distortion), "Annotate…" in the context menus of both panes, the findings list and the
pair detail, "Mark as Distortion" (one click, no editor) in the findings list's, a drop of a file
named like a document already in the session ("Replace?"), the window title, and closing a
temporary session. Every dialog goes through ``Prompts``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
)

from core.store import RecoveryReport, SessionError, SessionErrorKind
from ui.annotations.actions import AnnotationController
from ui.annotations.panel import AnnotationsPanel
from ui.session.controller import SessionController
from ui.session.recovery import recover_in_background, recovered_name
from ui.session.saving import save_as_in_background
from ui.window.frame import WindowFrame
from ui.window.prompts import Prompts

SESSION_FILTER = "Concord sessions (*.concord);;All files (*)"
ANNO_FILTER = "Web Annotations (*.jsonld *.json);;All files (*)"


class Review(QObject):
    """The session and annotation features of one window."""

    def __init__(self, window: WindowFrame, prompts: Prompts | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.prompts = prompts or Prompts(window)
        self.sessions = SessionController(window.context, self)
        self.panel = AnnotationsPanel(window)
        self.panel.setAccessibleName("Annotations of the session")
        self.annotations = AnnotationController(
            self.sessions, window.compare_view, self.panel, lambda r: self.prompts.edit(r), self
        )
        self.dock = window.add_panel("Annotations", self.panel)
        self.sessions.titleChanged.connect(window.setWindowTitle)
        self.sessions.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
        #: Called with ("official" | "report" | "detail" | "findings", menu) before a context
        #: menu shows, so other features (Show in Original) add their entries.
        self.menu_extras: list[Callable[[str, QMenu], None]] = []
        self._build_menus()
        self._context_menus()
        window.installEventFilter(self)

    # -- menus ------------------------------------------------------------------------------

    def _act(self, text: str, slot: object, shortcut: str | None = None) -> QAction:
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        self.window.addAction(act)
        return act

    def menu(self, title: str) -> QMenu | None:
        for act in self.window.menuBar().actions():
            if act.menu() is not None and act.text().replace("&", "") == title:
                return act.menu()  # type: ignore[return-value]
        return None

    def _build_menus(self) -> None:
        w = self.window
        self.save_as_action = self._act(
            "Save Session &As…", self.save_as_in_background, "Ctrl+Shift+S"
        )
        self.open_session_action = self._act("Open &Session…", self.open_session, "Ctrl+Shift+O")
        self.recent_menu = QMenu("Open &Recent", w)
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.replace_action = self._act("Re&place Document…", self.replace_document)
        self.export_action = self._act("E&xport Annotations…", self.export_annotations)
        self.import_action = self._act("&Import Annotations…", self.import_annotations)
        file_menu = self.menu("File")
        if file_menu is not None:
            before = w.quit_action
            for item in (None, self.open_session_action, self.recent_menu, self.save_as_action,
                         None, self.replace_action, None, self.export_action,
                         self.import_action, None):
                if item is None:
                    file_menu.insertSeparator(before)
                elif isinstance(item, QMenu):
                    file_menu.insertMenu(before, item)
                else:
                    file_menu.insertAction(before, item)

        stack = self.annotations.undo_stack
        self.undo_action = stack.createUndoAction(w, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(w, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        w.addAction(self.undo_action)
        w.addAction(self.redo_action)
        self.annotate_action = self._act("&Annotate…", self.annotate_here, "Ctrl+M")
        self.annotate_finding_action = self._act(
            "Annotate &Finding…",
            lambda: self.annotations.annotate_finding(w.findings.current_finding()),
        )
        self.annotate_pair_action = self._act(
            "Annotate Linked &Pair…", lambda: self.annotations.annotate_pair()
        )
        self.distortion_action = self._act(
            "Mark Finding as &Distortion",
            lambda: self.annotations.mark_distortion(w.findings.current_finding()),
            "Ctrl+Shift+D",
        )
        edit_menu = QMenu("&Edit", w)
        for act in (self.undo_action, self.redo_action):
            edit_menu.addAction(act)
        edit_menu.addSeparator()
        for act in (self.annotate_action, self.annotate_finding_action,
                    self.annotate_pair_action, self.distortion_action):
            edit_menu.addAction(act)
        view = self.menu("View")
        if view is not None:
            w.menuBar().insertMenu(view.menuAction(), edit_menu)
        else:
            w.menuBar().addMenu(edit_menu)
        self.edit_menu = edit_menu
        self.panel.add_button(self.undo_action)

    def _context_menus(self) -> None:
        view = self.window.compare_view
        for side, pane in (("official", view.release_pane), ("report", view.report_pane)):
            pane.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            pane.customContextMenuRequested.connect(
                lambda pos, s=side, p=pane: self._pane_menu(s, p, pos)
            )
        detail = view.detail
        detail.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        detail.customContextMenuRequested.connect(self._detail_menu)
        tree = self.window.findings.view()
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._findings_menu)

    def popup(self, menu: QMenu, where: QPoint) -> None:
        """Show a context menu modally (tests replace this to pick an entry)."""
        menu.exec(where)

    def show_menu(self, menu: QMenu, where: QPoint, context: str) -> None:
        for extra in self.menu_extras:
            extra(context, menu)
        self.popup(menu, where)

    def _pane_menu(self, side: str, pane: QPlainTextEdit, pos: QPoint) -> None:
        menu = pane.createStandardContextMenu()
        menu.addSeparator()
        act = menu.addAction("Annotate Selection…\tCtrl+M")
        act.setEnabled(self.annotations.selection_draft(side) is not None)
        act.triggered.connect(lambda: self.annotations.annotate_selection(side))
        self.show_menu(menu, pane.mapToGlobal(pos), side)
        menu.deleteLater()

    def _detail_menu(self, pos: QPoint) -> None:
        detail: QTextEdit = self.window.compare_view.detail
        menu = detail.createStandardContextMenu()
        menu.addSeparator()
        act = menu.addAction("Annotate This Linked Pair…")
        act.setEnabled(self.annotations.pair_draft() is not None)
        act.triggered.connect(lambda: self.annotations.annotate_pair())
        self.show_menu(menu, detail.mapToGlobal(pos), "detail")
        menu.deleteLater()

    def _findings_menu(self, pos: QPoint) -> None:
        tree = self.window.findings.view()
        index = tree.indexAt(pos)
        if index.isValid():
            tree.setCurrentIndex(index)
        finding = self.window.findings.current_finding()
        menu = QMenu(tree)
        act = menu.addAction("Annotate Finding…")
        act.setEnabled(finding is not None)
        act.triggered.connect(lambda: self.annotations.annotate_finding(finding))
        mark = menu.addAction("Mark as Distortion")
        mark.setToolTip("Annotate the finding with the tag “distortion” and its explanation as "
                        "the note, without the editor (Ctrl+Z undoes it)")
        mark.setEnabled(finding is not None)
        mark.triggered.connect(lambda: self.annotations.mark_distortion(finding))
        self.show_menu(menu, tree.viewport().mapToGlobal(pos), "findings")
        menu.deleteLater()

    def annotate_here(self) -> None:
        """Ctrl+M: the finding or pair the keyboard is on, else the text selected in a pane."""
        focus = QApplication.focusWidget()
        findings, detail = self.window.findings.view(), self.window.compare_view.detail
        if focus is not None and (focus is findings or findings.isAncestorOf(focus)):
            finding = self.window.findings.current_finding()
            if finding is not None:
                self.annotations.annotate_finding(finding)
                return
        if focus is detail and self.annotations.pair_draft() is not None:
            self.annotations.annotate_pair()
            return
        self.annotations.annotate_selection()

    # -- file actions -----------------------------------------------------------------------

    def _ask_save_path(self) -> str:
        suggested = str(Path.home() / f"{self.sessions.label or 'session'}.concord")
        return self.prompts.save_path("Save session as", SESSION_FILTER, suggested)

    def save_as(self) -> bool:
        """Save As, waiting for the copy (before the window closes); True when saved."""
        path = self._ask_save_path()
        if not path:
            return False
        try:
            self.sessions.save_session_as(path)
        except SessionError as exc:
            self.prompts.warn("Session not saved", str(exc))
            return False
        return True

    def save_as_in_background(self) -> None:
        """File ▸ Save Session As…: the copy is made in a worker; the title follows."""
        path = self._ask_save_path()
        if path:
            self.sessions.message.emit(f"Saving the session as {Path(path).name}…")
            save_as_in_background(
                self.sessions, path, lambda message: self.prompts.warn("Session not saved", message)
            )

    def open_session(self, path: str | None = None) -> bool:
        path = path or self.prompts.open_path("Open session", SESSION_FILTER)
        if not path or not self._may_leave():
            return False
        try:
            self.sessions.open_session(path)
        except SessionError as exc:
            if exc.kind is SessionErrorKind.DAMAGED and self.prompts.offer_recovery(str(exc)):
                self._recover(path)
            else:
                self.prompts.warn("Session not opened", str(exc))
            return False
        return True

    def _recover(self, damaged: str) -> None:
        dest = self.prompts.save_path("Save recovered copy", SESSION_FILTER,
                                      recovered_name(damaged))
        if not dest:
            return

        def done(path: Path, report: RecoveryReport) -> None:
            self.prompts.warn("Session recovered", f"{Path(damaged).name}: {report.summary()}. "
                              f"The copy is {path.name}; the damaged file was not changed.")
            self.open_session(str(path))

        recover_in_background(self.sessions, damaged, dest, done,
                              lambda message: self.prompts.warn("Not recovered", message))

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        items = self.sessions.recent()
        for i, path in enumerate(items, start=1):
            act = self.recent_menu.addAction(f"&{i} {Path(path).name}")
            act.setToolTip(path)
            act.setStatusTip(path)
            act.triggered.connect(lambda _c=False, p=path: self.open_recent(p))
        if not items:
            self.recent_menu.addAction("No recent sessions").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", self.sessions.clear_recent)

    def open_recent(self, path: str) -> bool:
        if not Path(path).is_file():
            self.sessions.recent()  # prunes it, with a message
            self.prompts.warn("Session not found", f"{path} no longer exists; it was removed "
                              "from Open Recent.")
            return False
        return self.open_session(path)

    def replace_document(self) -> None:
        w, s = self.window, self.sessions
        item = w.documents.tree.currentItem()
        entry_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        stored = [e for e in s.window_session.entries if s.entry_named(e.name) == e.id]
        if entry_id not in [e.id for e in stored]:
            if not stored:
                self.prompts.warn("Replace document", "There is no loaded document to replace.")
                return
            index = self.prompts.choose("Replace document", "Document to replace:",
                                        [e.name for e in stored])
            if index is None:
                return
            entry_id = stored[index].id
        path = self.prompts.open_path("New version of the document",
                                      "Documents (*.pdf *.docx *.html *.htm *.txt);;All files (*)")
        if path:
            s.replace_document(entry_id, path)

    def handle_drop(self, paths: list[str]) -> list[str]:
        """Ask "Replace?" for files named like a stored document; the paths to add as new."""
        rest = []
        for path in paths:
            entry_id = self.sessions.entry_named(Path(path).name)
            if entry_id is None:
                rest.append(path)
                continue
            answer = self.prompts.replace_or_add(Path(path).name)
            if answer == "replace":
                self.sessions.replace_document(entry_id, path)
            elif answer == "add":
                rest.append(path)
        return rest

    def export_annotations(self) -> None:
        suggested = str(Path.home() / f"{self.sessions.label or 'annotations'}.jsonld")
        path = self.prompts.save_path("Export annotations", ANNO_FILTER, suggested)
        if path:
            try:
                self.annotations.export_to(path)
            except (OSError, SessionError) as exc:
                self.prompts.warn("Annotations not exported", f"{Path(path).name}: {exc}")

    def import_annotations(self) -> None:
        path = self.prompts.open_path("Import annotations", ANNO_FILTER)
        if path:
            try:
                self.annotations.import_from(path)
            except (OSError, ValueError, SessionError) as exc:
                self.prompts.warn("Annotations not imported", str(exc))

    # -- window events ----------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            if paths:
                rest = self.handle_drop(paths)
                if rest:
                    self.window.session.add_files(rest)
                event.acceptProposedAction()
                return True
        if obj is self.window and event.type() == QEvent.Type.Close:
            assert isinstance(event, QCloseEvent)
            if not self._close_session():
                event.ignore()
                return True
        return False

    def _may_leave(self) -> bool:
        """Before a temporary session with annotations goes away: save it, drop it, or stay."""
        count = len(self.annotations.annotations())
        if self.sessions.temporary and count:
            answer = self.prompts.save_before_close(count)
            return answer == "discard" or (answer == "save" and self.save_as())
        return True

    def _close_session(self) -> bool:
        if not self._may_leave():
            return False
        self.sessions.close()
        return True


def install_review(window: WindowFrame, prompts: Prompts | None = None) -> Review:
    """Add session files and annotations to ``window`` (once); starts on a temporary session."""
    existing = getattr(window, "review", None)
    if isinstance(existing, Review):
        return existing
    review = Review(window, prompts)  # the window keeps it as ``window.review``
    review.sessions.new_temporary()
    return review
