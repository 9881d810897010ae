"""The main window as its feature installers see it: its parts and how to add a side panel.

``review_wiring.install_review`` adds session files and annotations (menus, a dock, context
menus) to the window; it is typed against ``WindowFrame`` rather than ``MainWindow`` so that the
window can install it without the two modules importing each other.
``MainWindow`` (``main_window.py``) builds every part declared here before installing anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from ui.review.compare_view import CompareView
from ui.review.findings_panel import FindingsPanel
from ui.session.document_list import DocumentList
from ui.session.state import AppContext, Session


class WindowFrame(QMainWindow):
    """A ``QMainWindow`` with Concord's parts; ``MainWindow`` fills them in."""

    context: AppContext
    session: Session
    compare_view: CompareView
    findings: FindingsPanel
    findings_dock: QDockWidget
    view_menu: QMenu
    quit_action: QAction
    documents: DocumentList

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.lower() + "_dock")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def add_panel(
        self,
        title: str,
        widget: QWidget,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> QDockWidget:
        """Add a side panel (e.g. annotations) as a dock, tabbed with the findings on the right.

        Panels follow the session through ``self.session`` signals and the compare view's
        ``passageSelected`` / ``set_annotations``.
        """
        dock = self._dock(title, widget, area)
        if area == Qt.DockWidgetArea.RightDockWidgetArea:
            self.tabifyDockWidget(self.findings_dock, dock)
            self.findings_dock.raise_()
        self.view_menu.addAction(dock.toggleViewAction())
        return dock
