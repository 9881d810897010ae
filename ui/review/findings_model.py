"""The findings of one report as a two-level tree: a row per group, the group's findings under it.

Groups are ``core.review.FindingGroup`` in order (meaning shifts, altered quotes and changed
figures; omissions; unsourced material; confirmations), so the list reads what matters first.
``FindingsModel`` keeps every finding, in that order, and shows those whose kind the filter
keeps (``set_kinds``); a group with none shown has no row. A finding is addressed by its row in
``findings()`` (its *source row*), which never changes with the filter. Also the kinds' icons
and colours (``kind_icon``; colours from ``ui.style.colors`` only). No widgets, no computing of
findings (that is ``core``).
"""

from __future__ import annotations

from functools import cache
from html import escape as _html

import qtawesome as qta
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

from core.documents import Document
from core.review import (
    GROUP_LABELS,
    GROUP_TIPS,
    Finding,
    FindingGroup,
    FindingKind,
    Severity,
    location,
)
from ui.style.colors import is_dark_palette, palette_colors

ModelIndex = QModelIndex | QPersistentModelIndex

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
#: The ``FindingGroup`` of a group row (None on a finding's row).
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3

#: Kind -> (Font Awesome glyph, ``Colors`` field).
KIND_STYLE: dict[FindingKind, tuple[str, str]] = {
    FindingKind.SHIFT: ("fa5s.not-equal", "shift"),
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

#: The kind whose icon stands for a group's row.
GROUP_ICON: dict[FindingGroup, FindingKind] = {
    FindingGroup.CHANGED: FindingKind.SHIFT,
    FindingGroup.OMITTED: FindingKind.OMITTED,
    FindingGroup.UNSOURCED: FindingKind.QUOTE_ABSENT,
    FindingGroup.CONFIRMED: FindingKind.QUOTE_EXACT,
}

#: Internal id of a group row; a finding's row has its group's position + 1.
_GROUP_ID = 0


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


def grouped(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """``findings`` in group order, each group in the order given (``findings_for`` already
    is; findings made elsewhere may not be)."""
    order = list(FindingGroup)
    ranks = [order.index(f.group) for f in findings]
    if ranks == sorted(ranks):
        return findings
    return tuple(f for _, f in sorted(zip(ranks, findings, strict=True), key=lambda t: t[0]))


class FindingsModel(QAbstractItemModel):
    """Column 0: the group's name, or the finding's title (icon, tooltip with detail);
    column 1: where the finding is."""

    HEADERS = ("Finding", "Where")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._findings: tuple[Finding, ...] = ()
        self._where: tuple[str, ...] = ()
        self._kinds: frozenset[FindingKind] = frozenset(FindingKind)
        #: The groups shown, each with the source rows of its findings shown.
        self._groups: list[tuple[FindingGroup, list[int]]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ------------------------------------------------------------------------------

    def set_findings(
        self, findings: tuple[Finding, ...], official: Document | None, report: Document | None
    ) -> None:
        self.beginResetModel()
        self._findings = grouped(findings)
        self._where = tuple(self._location(f, official, report) for f in self._findings)
        self._regroup()
        self.endResetModel()

    def set_kinds(self, kinds: frozenset[FindingKind]) -> None:
        """Show only findings of ``kinds`` (a reset: the view must restore what it expanded)."""
        self.beginResetModel()
        self._kinds = frozenset(kinds)
        self._regroup()
        self.endResetModel()

    def kinds(self) -> frozenset[FindingKind]:
        return self._kinds

    def _regroup(self) -> None:
        groups: dict[FindingGroup, list[int]] = {}
        for row, f in enumerate(self._findings):
            if f.kind in self._kinds:
                groups.setdefault(f.group, []).append(row)
        self._groups = [(g, groups[g]) for g in FindingGroup if g in groups]

    @staticmethod
    def _location(f: Finding, official: Document | None, report: Document | None) -> str:
        doc = official if f.side == "official" else report
        where = location(doc, f.span.start) if doc is not None else f"char {f.span.start}"
        return f"release {where}" if f.side == "official" else where

    # -- lookups ------------------------------------------------------------------------------

    def findings(self) -> tuple[Finding, ...]:
        """Every finding, filtered or not, in group order."""
        return self._findings

    def where_texts(self) -> tuple[str, ...]:
        return self._where

    def finding(self, source_row: int) -> Finding:
        return self._findings[source_row]

    def row_of_key(self, key: str) -> int | None:
        for i, f in enumerate(self._findings):
            if f.key == key:
                return i
        return None

    def shown_rows(self) -> list[int]:
        """Source rows of the findings the filter keeps, in display order."""
        return [row for _, rows in self._groups for row in rows]

    def groups(self) -> list[FindingGroup]:
        """The groups with a row, in order."""
        return [g for g, _ in self._groups]

    def group_size(self, group: FindingGroup) -> int:
        """Rows the filter keeps in ``group`` (0 when it has none)."""
        return next((len(rows) for g, rows in self._groups if g is group), 0)

    def group_index(self, group: FindingGroup) -> QModelIndex:
        for pos, (g, _) in enumerate(self._groups):
            if g is group:
                return self.createIndex(pos, 0, _GROUP_ID)
        return QModelIndex()

    def index_of_row(self, source_row: int, column: int = 0) -> QModelIndex:
        """The index of a finding's row, or an invalid one when the filter hides it."""
        if not 0 <= source_row < len(self._findings):
            return QModelIndex()
        group = self._findings[source_row].group
        for pos, (g, rows) in enumerate(self._groups):
            if g is group and source_row in rows:
                return self.createIndex(rows.index(source_row), column, pos + 1)
        return QModelIndex()

    def source_row(self, index: ModelIndex) -> int | None:
        """The source row of a finding's index; None for a group row or an invalid index."""
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return None
        rows = self._groups[index.internalId() - 1][1]
        return rows[index.row()] if 0 <= index.row() < len(rows) else None

    # -- the tree -----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(self.HEADERS):
            return QModelIndex()
        if not parent.isValid():
            ok = 0 <= row < len(self._groups)
            return self.createIndex(row, column, _GROUP_ID) if ok else QModelIndex()
        if parent.internalId() != _GROUP_ID or not 0 <= parent.row() < len(self._groups):
            return QModelIndex()
        rows = self._groups[parent.row()][1]
        ok = 0 <= row < len(rows)
        return self.createIndex(row, column, parent.row() + 1) if ok else QModelIndex()

    def parent(self, child: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _GROUP_ID:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _GROUP_ID)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP_ID and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP_ID:
            return self._group_data(index.row(), index.column(), role)
        row = self.source_row(index)
        if row is None:
            return None
        f = self._findings[row]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return f.title if col == 0 else self._where[row]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return kind_icon(f.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = self._where[row]
            return f"<b>{_html(f.title)}</b><br>{_html(f.detail)}<br><i>{where}</i>"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{f.title}. {f.detail}. {self._where[row]}"
        if role == Qt.ItemDataRole.FontRole and f.severity is Severity.HIGH and col == 0:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and (f.severity is Severity.LOW or col == 1):
            return QColor(self._muted())
        if role == FINDING_ROLE:
            return f
        if role == KIND_ROLE:
            return f.kind.value
        return None

    def _group_data(self, pos: int, col: int, role: int) -> object:
        if not 0 <= pos < len(self._groups) or col != 0:
            return None
        group, rows = self._groups[pos]
        label = f"{GROUP_LABELS[group]} ({len(rows)})"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            return GROUP_TIPS[group]
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(GROUP_ICON[group])
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == GROUP_ROLE:
            return group
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if index.isValid() and index.internalId() == _GROUP_ID:
            # Not selectable: stepping and the context menu are about findings.
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    @staticmethod
    def _muted() -> QColor:
        return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
