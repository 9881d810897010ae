"""Puts "Show in Original" into the main window: the Original dock, the action and its menus.

``install_original(window)`` adds the ``OriginalPanel`` as a dock (tabbed with the findings),
View ▸ Show in Original (Ctrl+Shift+G) and the same entry in the context menus of both panes,
the pair detail, the findings list and the annotations list. The action works on what the user
is on: the finding or annotation selected in a focused list, else the text selected in a pane,
else the selected linked pair (its release side from the detail or release pane, its report
side from the report pane), else the selected finding. The original's bytes come from the
session (``SessionController.original_data``), so it works after the file has moved.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from core.documents import Document, LoadError, Span
from core.store import SessionError
from ui.original.panel import OriginalPanel
from ui.window.frame import WindowFrame
from ui.window.review_wiring import Review

SHORTCUT = "Ctrl+Shift+G"
LABEL = "Show in &Original"

#: (document, span) of a passage to show.
Passage = tuple[Document, Span]


class OriginalWiring(QObject):
    def __init__(self, window: WindowFrame, review: Review) -> None:
        super().__init__(window)
        self.window, self.review = window, review
        self.panel = OriginalPanel(window.context.runner, window.context.colors, window)
        self.panel.setAccessibleName("The passage in the original document")
        self.dock = window.add_panel("Original", self.panel)
        self.action = QAction(LABEL, window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.triggered.connect(self.show_current)
        window.addAction(self.action)
        window.view_menu.insertAction(window.view_menu.actions()[0], self.action)
        review.menu_extras.append(self._add_to_menu)
        tree = review.panel.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._annotations_menu)

    # -- what the user is on ----------------------------------------------------------------

    def _documents(self) -> tuple[Document | None, Document | None]:
        view = self.window.compare_view
        result, comp = view.result, view.comparison
        if result is None or comp is None:
            return None, None
        return result.official, result.documents[comp.report_index]

    def _side(self, side: str) -> Document | None:
        official, report = self._documents()
        return official if side == "official" else report

    def finding_passage(self) -> Passage | None:
        finding = self.window.findings.current_finding()
        doc = self._side(finding.side) if finding is not None else None
        return (doc, finding.span) if doc is not None and finding is not None else None

    def annotation_passage(self) -> Passage | None:
        ann = self.review.panel.current_annotation()
        result = self.window.compare_view.result
        if ann is None or result is None:
            return None
        by_sha = {d.sha256: d for d in result.documents}
        for target in ann.targets:
            doc = by_sha.get(target.document_sha256)
            if doc is not None and target.end <= len(doc.text):
                return doc, Span(target.start, target.end)
        return None

    def selection_passage(self, side: str | None = None) -> Passage | None:
        view = self.window.compare_view
        panes = {"official": view.release_pane, "report": view.report_pane}
        sides = [side] if side else sorted(panes, key=lambda s: not panes[s].hasFocus())
        for s in sides:
            span, doc = panes[s].selected_span(), self._side(s)
            if span is not None and doc is not None and len(span):
                return doc, span
        return None

    def link_passage(self, side: str = "official") -> Passage | None:
        view = self.window.compare_view
        comp, index = view.comparison, view.selected_link
        doc = self._side(side)
        if comp is None or doc is None or not 0 <= index < len(comp.links):
            return None
        link = comp.links[index]
        return doc, link.official if side == "official" else link.report

    def current_passage(self) -> Passage | None:
        focus = QApplication.focusWidget()
        findings, notes = self.window.findings.view(), self.review.panel
        view = self.window.compare_view

        def within(widget: QWidget) -> bool:
            return focus is not None and (focus is widget or widget.isAncestorOf(focus))

        if within(findings) and (p := self.finding_passage()):
            return p
        if within(notes) and (p := self.annotation_passage()):
            return p
        if p := self.selection_passage():
            return p
        side = "report" if within(view.report_pane) else "official"
        return self.link_passage(side) or self.finding_passage()

    # -- showing ----------------------------------------------------------------------------

    def show_passage(self, passage: Passage | None) -> None:
        if passage is None:
            self.window.statusBar().showMessage(
                "Select a passage, a linked pair, a finding or an annotation to show it in the "
                "original", 8000)
            return
        doc, span = passage
        try:
            data: bytes | None = self.review.sessions.original_data(doc)
            error = ""
        except (LoadError, SessionError) as exc:
            data, error = None, exc.detail
        except OSError as exc:
            data, error = None, f"the file cannot be read ({exc.strerror or exc})"
        self.dock.show()
        self.dock.raise_()
        self.panel.show_passage(doc, span, data, error)

    def show_current(self) -> None:
        self.show_passage(self.current_passage())

    def _add_to_menu(self, context: str, menu: QMenu) -> None:
        finders = {
            "official": lambda: self.selection_passage("official") or self.link_passage(),
            "report": lambda: self.selection_passage("report") or self.link_passage("report"),
            "detail": self.link_passage,
            "findings": self.finding_passage,
            "annotations": self.annotation_passage,
        }
        find = finders.get(context)
        if find is None:
            return
        passage = find()
        menu.addSeparator()
        act = menu.addAction(f"Show in Original\t{SHORTCUT}")
        act.setEnabled(passage is not None)
        act.triggered.connect(lambda: self.show_passage(passage))

    def _annotations_menu(self, pos: QPoint) -> None:
        tree = self.review.panel.tree
        item = tree.itemAt(pos)
        if item is not None:
            tree.setCurrentItem(item)
        menu = QMenu(tree)
        self.review.show_menu(menu, tree.viewport().mapToGlobal(pos), "annotations")
        menu.deleteLater()


def install_original(window: WindowFrame, review: Review) -> OriginalWiring:
    return OriginalWiring(window, review)
