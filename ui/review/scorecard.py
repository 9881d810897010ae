"""The scorecard: one row per report with its shares and counts from ``Comparison.stats``.

Shares (release used, derived from the release, verbatim) are drawn as small bars behind the
number; meaning shifts, altered quotes and changed figures are coloured when non-zero.
``set_report(index)`` highlights the report open in the compare view; clicking a row emits
``reportActivated(index)``. Shows numbers the core computed; computes none itself. Colours come
from ``ui.colors`` only.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.results import CompareResult, ReportStats, RunState
from core.review import excerpt
from ui.style.colors import palette_colors

ModelIndex = QModelIndex | QPersistentModelIndex

SHARE_ROLE = Qt.ItemDataRole.UserRole + 1
BAR_ROLE = Qt.ItemDataRole.UserRole + 2

#: (header, tooltip, stats field, colours field for shares or for non-zero counts)
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("Report", "The report, numbered as in the coverage matrix", "", ""),
    (
        "Release\nused",
        "Share of the release (without page furniture) the report uses",
        "release_coverage",
        "paraphrase",
    ),
    (
        "From\nrelease",
        "Share of the report that comes from the release, verbatim or paraphrased",
        "derived_share",
        "paraphrase",
    ),
    (
        "Verbatim",
        "Share of the report copied word for word from the release",
        "verbatim_share",
        "verbatim",
    ),
    (
        "Meaning\nshifts",
        "Places where the report says something else than the release: a hedge dropped, a "
        "condition left out, another speaker, ...",
        "shifts",
        "shift",
    ),
    (
        "Altered\nquotes",
        "Quotes worded differently from the release",
        "altered_quotes",
        "quote_altered",
    ),
    (
        "Changed\nfigures",
        "Numbers, sums and dates that differ from the release",
        "changed_figures",
        "figure_changed",
    ),
    ("Added", "Passages the report adds", "additions", ""),
    ("Omitted", "Passages of the release the report leaves out", "omissions", ""),
)
SHARE_FIELDS = ("release_coverage", "derived_share", "verbatim_share")


class ScorecardModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._titles: tuple[str, ...] = ()
        self._stats: tuple[ReportStats, ...] = ()
        #: Meaning shifts per report (``Comparison.shifts``; not part of ``ReportStats``).
        self._shifts: tuple[int, ...] = ()
        self._current = -1

    def set_result(self, result: CompareResult | None) -> None:
        self.beginResetModel()
        if result is None:
            self._titles, self._stats, self._shifts = (), (), ()
        else:
            docs = result.documents
            self._titles = tuple(
                docs[c.report_index].title or docs[c.report_index].name for c in result.comparisons
            )
            self._stats = tuple(c.stats for c in result.comparisons)
            self._shifts = tuple(len(c.shifts) for c in result.comparisons)
        self._current = -1
        self.endResetModel()

    def set_current(self, index: int) -> None:
        self._current = index
        if self._stats:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._stats) - 1, 0))

    def current(self) -> int:
        return self._current

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._stats)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Vertical:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._stats):
            return None
        row, col = index.row(), index.column()
        header, _, name, color_key = COLUMNS[col]
        if col == 0:
            return self._title_data(row, role)
        value = self._shifts[row] if name == "shifts" else getattr(self._stats[row], name)
        share = name in SHARE_FIELDS
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{round(100 * value)}%" if share else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SHARE_ROLE and share:
            return float(value)
        if role == BAR_ROLE and share:
            return palette_colors().for_kind(color_key)
        if role == Qt.ItemDataRole.ForegroundRole and not share and color_key and value:
            return palette_colors().for_kind(color_key)
        if role == Qt.ItemDataRole.FontRole and not share and color_key and value:
            font = QFont()
            font.setBold(True)
            return font
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            shown = f"{100 * value:.1f}%" if share else str(value)
            return f"{' '.join(header.split())}: {shown}"
        return None

    def _title_data(self, row: int, role: int) -> object:
        title = self._titles[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row + 1}. {excerpt(title, 90)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"<p><b>Report {row + 1}</b><br>{escape(title)}</p>"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Report {row + 1}: {title}"
        if role == Qt.ItemDataRole.FontRole and row == self._current:
            font = QFont()
            font.setBold(True)
            return font
        return None


class ShareBarDelegate(QStyledItemDelegate):
    """Draws a share as a thin bar along the bottom of the cell, under the number.

    Under the number rather than behind it, so the selection highlight cannot hide it.
    """

    BAR_HEIGHT = 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().paint(painter, option, index)
        share = index.data(SHARE_ROLE)
        color = index.data(BAR_ROLE)
        if not isinstance(share, float) or not isinstance(color, QColor):
            return
        cell = QRectF(option.rect)
        track = QRectF(
            cell.left() + 4, cell.bottom() - self.BAR_HEIGHT - 2, cell.width() - 8, self.BAR_HEIGHT
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        pale = QColor(color)
        pale.setAlpha(70)
        painter.setBrush(pale)
        painter.drawRoundedRect(track, 2, 2)
        filled = QRectF(track)
        filled.setWidth(track.width() * max(0.0, min(1.0, share)))
        # Darker on a light palette, lighter on a dark one: the bar must stand out of its track.
        painter.setBrush(color.darker(115) if color.lightnessF() >= 0.5 else color.lighter(150))
        painter.drawRoundedRect(filled, 2, 2)
        painter.restore()


class ScorecardWidget(QWidget):
    """All reports as rows of a small table; the report open in the compare view is selected."""

    #: Index into ``result.comparisons`` of the row the user clicked or activated.
    reportActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scorecard")
        self._model = ScorecardModel(self)
        self._table = QTableView(self)
        self._table.setObjectName("scorecardTable")
        self._table.setModel(self._model)
        self._table.setItemDelegate(ShareBarDelegate(self._table))
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setShowGrid(False)
        self._table.setAlternatingRowColors(True)
        # Two lines per row: report titles are long headlines and the title is what identifies
        # a report; one line left only "1. Nothing has ch…" beside seven number columns.
        self._table.setWordWrap(True)
        self._table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self._table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2 + 10)
        self._table.setAccessibleName("Scorecard per report")
        header = self._table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setMinimumSectionSize(52)
        self._table.clicked.connect(lambda index: self.reportActivated.emit(index.row()))
        self._table.activated.connect(lambda index: self.reportActivated.emit(index.row()))

        self._note = QLabel(self)
        self._note.setObjectName("scorecardNote")
        self._note.setWordWrap(True)
        self._note.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._note)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height_for(self._model.rowCount()))

    def height_for(self, reports: int) -> int:
        """Height that shows ``reports`` rows (up to eight) without a scroll bar or empty rows
        below; known before the scores are filled in, so the window can make room first."""
        rows = max(1, min(reports, 8))
        table = self._table
        height = (
            table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
            + 8
        )
        if not self._note.isHidden():
            height += self._note.sizeHint().height() + 4
        return height

    def set_result(self, result: CompareResult | None) -> None:
        """Show the scores of every report in ``result`` (None clears)."""
        self._model.set_result(result)
        header = self._table.horizontalHeader()
        if self._model.columnCount():
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for col in range(1, len(COLUMNS)):
                # A computed width: ResizeToContents would ask data() of every row and role.
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(col, self._column_width(col))
        cancelled = result is not None and result.state is RunState.CANCELLED
        self._note.setText("The comparison was cancelled: these numbers cover part of it only.")
        self._note.setVisible(cancelled)
        self.updateGeometry()

    def _column_width(self, col: int) -> int:
        """The widest line of the column's title or of its values (measured bold: non-zero
        counts are drawn bold), plus the cell's margins."""
        header = self._table.horizontalHeader()
        title = max(
            header.fontMetrics().horizontalAdvance(line) for line in COLUMNS[col][0].split("\n")
        )
        bold = QFont(self._table.font())
        bold.setBold(True)
        fm = QFontMetrics(bold)
        texts = {
            str(self._model.data(self._model.index(r, col))) for r in range(self._model.rowCount())
        }
        cells = max((fm.horizontalAdvance(t) for t in texts), default=0)
        return max(title + 16, cells + 20, header.minimumSectionSize())

    def clear(self) -> None:
        self.set_result(None)

    def set_report(self, index: int) -> None:
        """Highlight report ``index`` (into ``result.comparisons``); -1 highlights none."""
        self._model.set_current(index)
        if 0 <= index < self._model.rowCount():
            self._table.selectRow(index)
        else:
            self._table.clearSelection()

    def current_report(self) -> int:
        return self._model.current()

    def model(self) -> ScorecardModel:
        return self._model

    def table(self) -> QTableView:
        return self._table
