"""The findings panel: every addition, omission, quote and figure verdict of one report, in order.

``FindingsModel`` is a thin table model over ``core.findings.findings_for``; ``FindingsPanel``
adds per-group filter checkboxes, a count, a detail line and stepping (F7 / Shift+F7 call
``next_finding`` / ``previous_finding``, which wrap and respect the filter). Selecting, activating
or stepping to a finding emits ``findingActivated(Finding)`` for the compare view to scroll to.
Colours come from ``ui.colors`` only. Must not compute findings itself (that is ``core``).
"""

from __future__ import annotations

from functools import cache
from html import escape as _html

import qtawesome as qta
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.documents import Document
from core.results import CompareResult
from core.review import Finding, FindingKind, Severity, findings_for, location
from ui.style.colors import is_dark_palette, palette_colors

ModelIndex = QModelIndex | QPersistentModelIndex

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

#: Filter groups: each kind belongs to exactly one, so the checkboxes partition the list.
GROUPS: tuple[tuple[str, str, frozenset[FindingKind]], ...] = (
    ("added", "Added", frozenset({FindingKind.ADDED})),
    ("omitted", "Omitted", frozenset({FindingKind.OMITTED})),
    ("quotes", "Quotes", frozenset({FindingKind.QUOTE_ALTERED, FindingKind.QUOTE_ABSENT})),
    ("figures", "Figures", frozenset({FindingKind.FIGURE_CHANGED, FindingKind.FIGURE_ABSENT})),
    ("confirmed", "Confirmed", frozenset({FindingKind.QUOTE_EXACT, FindingKind.FIGURE_MATCH})),
)
GROUP_TIPS = {
    "added": "Passages the report has and the release does not",
    "omitted": "Passages of the release the report leaves out",
    "quotes": "Quotes worded differently from the release, or not found in it",
    "figures": "Numbers, sums and dates that differ from the release, or are not in it",
    "confirmed": "Quotes word for word as in the release, and figures that match it",
}

#: Kind -> (Font Awesome glyph, ``Colors`` field).
KIND_STYLE: dict[FindingKind, tuple[str, str]] = {
    FindingKind.ADDED: ("fa5s.plus", "added"),
    FindingKind.OMITTED: ("fa5s.minus", "omitted"),
    FindingKind.QUOTE_EXACT: ("fa5s.quote-left", "verbatim"),
    FindingKind.QUOTE_ALTERED: ("fa5s.quote-left", "quote_altered"),
    FindingKind.QUOTE_ABSENT: ("fa5s.quote-left", "quote_absent"),
    FindingKind.FIGURE_MATCH: ("fa5s.hashtag", "verbatim"),
    FindingKind.FIGURE_CHANGED: ("fa5s.hashtag", "figure_changed"),
    # A number with no source in the release is material the report adds.
    FindingKind.FIGURE_ABSENT: ("fa5s.hashtag", "added"),
}


@cache
def _icon(kind: FindingKind, dark: bool, size: int = 18) -> QIcon:
    glyph, color_key = KIND_STYLE[kind]
    fill = palette_colors(dark).for_kind(color_key)
    ink = QColor("#ffffff") if fill.lightnessF() < 0.6 else QColor("#212529")
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(0, 0, size, size, 4, 4)
    qta.icon(glyph, color=ink.name()).paint(painter, 3, 3, size - 6, size - 6)
    painter.end()
    return QIcon(pix)


def kind_icon(kind: FindingKind, colors_dark: bool | None = None) -> QIcon:
    """A rounded swatch in the kind's colour with its glyph; needs a QApplication."""
    return _icon(kind, is_dark_palette() if colors_dark is None else colors_dark)


class FindingsModel(QAbstractTableModel):
    """Column 0: the finding's title (icon, tooltip with detail); column 1: where it is."""

    HEADERS = ("Finding", "Where")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._findings: tuple[Finding, ...] = ()
        self._where: tuple[str, ...] = ()

    def set_findings(
        self, findings: tuple[Finding, ...], official: Document | None, report: Document | None
    ) -> None:
        self.beginResetModel()
        self._findings = findings
        self._where = tuple(self._location(f, official, report) for f in findings)
        self.endResetModel()

    @staticmethod
    def _location(f: Finding, official: Document | None, report: Document | None) -> str:
        doc = official if f.side == "official" else report
        where = location(doc, f.span.start) if doc is not None else f"char {f.span.start}"
        return f"release {where}" if f.side == "official" else where

    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    def where_texts(self) -> tuple[str, ...]:
        return self._where

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def row_of_key(self, key: str) -> int | None:
        for i, f in enumerate(self._findings):
            if f.key == key:
                return i
        return None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        f = self._findings[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return f.title if col == 0 else self._where[index.row()]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return kind_icon(f.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = self._where[index.row()]
            return f"<b>{_html(f.title)}</b><br>{_html(f.detail)}<br><i>{where}</i>"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{f.title}. {f.detail}. {self._where[index.row()]}"
        if role == Qt.ItemDataRole.FontRole and f.severity is Severity.HIGH and col == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (f.severity is Severity.LOW or col == 1):
            return QColor(self._muted())
        if role == FINDING_ROLE:
            return f
        if role == KIND_ROLE:
            return f.kind.value
        return None

    @staticmethod
    def _muted() -> QColor:
        return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


class FindingsFilter(QSortFilterProxyModel):
    """Keeps the rows whose kind is in ``kinds``; order is the source's (report order)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kinds: frozenset[FindingKind] = frozenset(FindingKind)

    def kinds(self) -> frozenset[FindingKind]:
        return self._kinds

    def set_kinds(self, kinds: frozenset[FindingKind]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._kinds = frozenset(kinds)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._kinds = frozenset(kinds)
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        source = self.sourceModel()  # not via data(): 7 ms per 700 rows
        return isinstance(source, FindingsModel) and source.finding(source_row).kind in self._kinds


class FindingsPanel(QWidget):
    """Filterable list of one report's findings with wrap-around stepping."""

    #: The ``core.findings.Finding`` the user selected, activated or stepped to.
    findingActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self._model = FindingsModel(self)
        self._proxy = FindingsFilter(self)
        self._proxy.setSourceModel(self._model)
        # Source row of the finding last selected or stepped to; stepping continues from it even
        # when the filter has since hidden it.
        self._anchor = -1
        self._quiet = False
        self._title = ""
        self._index = -1

        self._boxes: dict[str, QCheckBox] = {}
        # Three to a row, so the panel stays narrow enough to dock beside the texts.
        filters = QGridLayout()
        filters.setHorizontalSpacing(10)
        filters.setVerticalSpacing(2)
        for i, (key, label, kinds) in enumerate(GROUPS):
            box = QCheckBox(label, self)
            box.setChecked(True)
            box.setToolTip(GROUP_TIPS[key])
            box.setIcon(kind_icon(_group_icon_kind(kinds)))
            box.toggled.connect(self._filter_changed)
            self._boxes[key] = box
            filters.addWidget(box, i // 3, i % 3)
        filters.setColumnStretch(3, 1)

        self._count = QLabel("No report selected", self)
        self._count.setObjectName("findingsCount")
        self._prev = QToolButton(self)
        self._prev.setIcon(qta.icon("fa5s.chevron-up", color=self._ink()))
        self._prev.setToolTip("Previous finding (Shift+F7)")
        self._prev.setAutoRaise(True)
        self._prev.clicked.connect(self.previous_finding)
        self._next = QToolButton(self)
        self._next.setIcon(qta.icon("fa5s.chevron-down", color=self._ink()))
        self._next.setToolTip("Next finding (F7)")
        self._next.setAutoRaise(True)
        self._next.clicked.connect(self.next_finding)
        bar = QHBoxLayout()
        bar.addWidget(self._count, 1)
        bar.addWidget(self._prev)
        bar.addWidget(self._next)

        self._view = QTreeView(self)
        self._view.setObjectName("findingsList")
        self._view.setModel(self._proxy)
        self._view.setRootIsDecorated(False)
        self._view.setUniformRowHeights(True)
        self._view.setAlternatingRowColors(True)
        self._view.setAllColumnsShowFocus(True)
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._view.setAccessibleName("Findings")
        header = self._view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A computed width (``_fit_where_column``): ResizeToContents asks data() of every row.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self._view.selectionModel().currentRowChanged.connect(self._current_changed)
        self._view.activated.connect(self._activated)

        self._detail = QLabel(self)
        self._detail.setObjectName("findingDetail")
        self._detail.setWordWrap(True)
        self._detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._detail.setMinimumHeight(self._detail.fontMetrics().lineSpacing() * 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(self._view, 1)
        layout.addWidget(self._detail)
        self._update_counts()

    # -- data ---------------------------------------------------------------------------------

    def set_comparison(
        self, result: CompareResult, index: int, findings: tuple[Finding, ...] | None = None
    ) -> None:
        """Show the findings of ``result.comparisons[index]``; the filter is kept. Pass
        ``findings`` (its ``findings_for``) when a worker made them: else they are computed
        here, on the GUI thread (5 to 40 ms on a 50,000-word release)."""
        if findings is None:
            findings = findings_for(result, index)  # raises a clear IndexError for a bad index
        elif not 0 <= index < len(result.comparisons):
            findings_for(result, index)  # the same clear IndexError
        comp = result.comparisons[index]
        official = result.documents[comp.official_index]
        report = result.documents[comp.report_index]
        self._title = report.title or report.name
        self._index = index
        self._set(findings, official, report)

    def comparison_index(self) -> int:
        """The index into ``result.comparisons`` shown, or -1."""
        return self._index

    def clear(self) -> None:
        self._title = ""
        self._index = -1
        self._set((), None, None)

    def _set(
        self, findings: tuple[Finding, ...], official: Document | None, report: Document | None
    ) -> None:
        self._quiet = True
        try:
            self._model.set_findings(findings, official, report)
        finally:
            self._quiet = False
        self._anchor = -1
        self._detail.clear()
        self._update_counts()
        self._fit_where_column()

    def _fit_where_column(self) -> None:
        texts = set(self._model.where_texts()) | {FindingsModel.HEADERS[1]}
        widest = max(self._view.fontMetrics().horizontalAdvance(t) for t in texts)
        self._view.header().resizeSection(1, widest + 24)

    def model(self) -> FindingsModel:
        return self._model

    def view(self) -> QTreeView:
        return self._view

    def findings(self) -> tuple[Finding, ...]:
        """All findings of the current report, filtered or not."""
        return self._model.findings()

    def visible_findings(self) -> tuple[Finding, ...]:
        return tuple(self._finding_at(r) for r in range(self._proxy.rowCount()))

    def current_finding(self) -> Finding | None:
        index = self._view.currentIndex()
        return self._finding_at(index.row()) if index.isValid() else None

    # -- filter -------------------------------------------------------------------------------

    def kinds(self) -> frozenset[FindingKind]:
        return self._proxy.kinds()

    def set_group_visible(self, group: str, visible: bool) -> None:
        """Tick or untick a filter box: "added", "omitted", "quotes", "figures", "confirmed"."""
        if group not in self._boxes:
            raise KeyError(f"unknown findings group {group!r}; one of {', '.join(self._boxes)}")
        self._boxes[group].setChecked(visible)

    def _filter_changed(self) -> None:
        kinds = frozenset(
            kind for key, _, group in GROUPS if self._boxes[key].isChecked() for kind in group
        )
        anchor = self._anchor
        self._quiet = True
        try:
            self._proxy.set_kinds(kinds)
            # Qt moves the current row to a neighbour when it is filtered out; a hidden finding
            # must leave nothing current, and F7 must continue from where it was.
            if anchor >= 0 and self._proxy_row(anchor) is None:
                self._view.selectionModel().clearCurrentIndex()
                self._view.clearSelection()
                self._detail.clear()
            self._anchor = anchor
        finally:
            self._quiet = False
        self._update_counts()

    # -- stepping -----------------------------------------------------------------------------

    def next_finding(self) -> Finding | None:
        """Step to the next visible finding after the current one, wrapping to the first."""
        rows = self._visible_source_rows()
        if not rows:
            return None
        after = [r for r in rows if r > self._anchor]
        return self._step_to(after[0] if after else rows[0])

    def previous_finding(self) -> Finding | None:
        """Step to the previous visible finding, wrapping to the last."""
        rows = self._visible_source_rows()
        if not rows:
            return None
        before = [r for r in rows if r < self._anchor] if self._anchor >= 0 else []
        return self._step_to(before[-1] if before else rows[-1])

    def select_key(self, key: str, emit: bool = False) -> bool:
        """Select the finding with ``key`` (e.g. when the user clicks it in the text)."""
        row = self._model.row_of_key(key)
        if row is None or self._proxy_row(row) is None:
            return False
        if emit:
            self._step_to(row)
        else:
            self._quiet = True
            try:
                self._select_source_row(row)
            finally:
                self._quiet = False
        return True

    def _step_to(self, source_row: int) -> Finding:
        finding = self._model.finding(source_row)
        current = self._view.currentIndex()
        if current.isValid() and self._proxy.mapToSource(current).row() == source_row:
            # Already current: no currentRowChanged will fire, but the user asked to go there.
            self._announce(source_row)
        else:
            self._select_source_row(source_row)
        return finding

    def _select_source_row(self, source_row: int) -> None:
        index = self._proxy.mapFromSource(self._model.index(source_row, 0))
        self._view.setCurrentIndex(index)
        self._view.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._detail.clear()
            return
        source_row = self._proxy.mapToSource(current).row()
        self._anchor = source_row
        self._detail.setText(self._model.finding(source_row).detail)
        if not self._quiet:
            self._announce(source_row)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self._announce(self._proxy.mapToSource(index).row())

    def _announce(self, source_row: int) -> None:
        self._anchor = source_row
        self.findingActivated.emit(self._model.finding(source_row))

    # -- helpers ------------------------------------------------------------------------------

    def _finding_at(self, proxy_row: int) -> Finding:
        return self._model.finding(self._proxy.mapToSource(self._proxy.index(proxy_row, 0)).row())

    def _visible_source_rows(self) -> list[int]:
        return [
            self._proxy.mapToSource(self._proxy.index(r, 0)).row()
            for r in range(self._proxy.rowCount())
        ]

    def _proxy_row(self, source_row: int) -> int | None:
        index = self._proxy.mapFromSource(self._model.index(source_row, 0))
        return index.row() if index.isValid() else None

    def _update_counts(self) -> None:
        total = self._model.rowCount()
        shown = self._proxy.rowCount()
        for key, label, kinds in GROUPS:
            n = sum(1 for f in self._model.findings() if f.kind in kinds)
            self._boxes[key].setText(f"{label} {n}")
        if not self._title:
            text = "No report selected"
        elif total == 0:
            text = "No findings"
        elif shown == total:
            text = f"{total} finding{'s' if total != 1 else ''}"
        else:
            text = f"{shown} of {total} findings shown"
        self._count.setText(text)
        self._count.setToolTip(self._title)
        self._prev.setEnabled(shown > 0)
        self._next.setEnabled(shown > 0)

    @staticmethod
    def _ink() -> str:
        return str(QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name())


def _group_icon_kind(kinds: frozenset[FindingKind]) -> FindingKind:
    # The group's most telling member: altered over absent, changed over absent.
    for kind in (
        FindingKind.QUOTE_ALTERED,
        FindingKind.FIGURE_CHANGED,
        FindingKind.QUOTE_EXACT,
    ):
        if kind in kinds:
            return kind
    return next(iter(kinds))
