"""The coverage overview: release passages down, reports across, how each report uses each passage.

``CoverageModel`` is a thin table model over ``core.coverage.CoverageMatrix``: column 0 is the
passage's text, then one narrow coloured column per report, then "Used by N of M".
``CoverageView`` shows it with rotated report titles and a legend, and emits
``cellActivated(report_number, official_span)`` when a report cell is clicked or activated, and
``passageActivated(official_span)`` for the passage and count columns. Colours come from
``ui.colors`` only; the matrix itself is computed in ``core.coverage``.
"""

from __future__ import annotations

import time
from html import escape

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.documents import Span
from core.results import CompareResult
from core.review import CellUse, CoverageMatrix, coverage_matrix, excerpt, passage_text
from ui.review.coverage_cells import CellDelegate, CellLook
from ui.style.colors import LEGEND, palette_colors

ModelIndex = QModelIndex | QPersistentModelIndex

USE_ROLE = Qt.ItemDataRole.UserRole + 1
SPAN_ROLE = Qt.ItemDataRole.UserRole + 2

#: What a cell shows besides its colour, so the matrix reads without colour vision too.
SYMBOLS = {CellUse.VERBATIM: "V", CellUse.PARAPHRASE: "P", CellUse.PARTIAL: "~", CellUse.NONE: ""}
_LEGEND_WORDS = dict(LEGEND)
USE_WORDS = {
    CellUse.VERBATIM: _LEGEND_WORDS["verbatim"],
    CellUse.PARAPHRASE: _LEGEND_WORDS["paraphrase"],
    CellUse.PARTIAL: "Partly used",
    CellUse.NONE: "Not used",
}
HEADER_TITLE_CHARS = 26


def cell_color(use: CellUse, dark: bool | None = None) -> QColor | None:
    """Background of a cell: the link colours of ``ui.colors``; a partial use is a paler one."""
    colors = palette_colors(dark)
    if use is CellUse.VERBATIM:
        return QColor(colors.verbatim)
    if use is CellUse.PARAPHRASE:
        return QColor(colors.paraphrase)
    if use is CellUse.PARTIAL:
        pale = QColor(colors.paraphrase)
        pale.setAlpha(90)
        return pale
    return None


def unused_color(dark: bool | None = None) -> QColor:
    """A pale omission colour: many rows can be unused, and a wall of red would shout."""
    color = QColor(palette_colors(dark).omitted)
    color.setAlpha(110)
    return color


class CoverageModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: CompareResult | None = None
        self._matrix: CoverageMatrix | None = None
        self._passages: tuple[str, ...] = ()
        #: Report column titles, made once: the header asks for them on every paint.
        self._headers: tuple[str, ...] = ()
        self._current_report = -1
        self._brushes: dict[CellUse, QBrush | None] = dict.fromkeys(CellUse)
        self._ink: QColor | None = None
        self._unused = QBrush()
        self._looks: dict[CellUse, CellLook] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._plain = QFont()

    def set_result(
        self, result: CompareResult | None, matrix: CoverageMatrix | None = None
    ) -> None:
        """Show ``result``; pass its ``matrix`` if a worker already computed it."""
        self.beginResetModel()
        self._result = result
        # Brushes made once per result, not per cell and paint (the view asks thousands).
        colors = {use: cell_color(use) for use in CellUse}
        self._brushes = {u: QBrush(c) if c is not None else None for u, c in colors.items()}
        self._ink = QColor("#ffffff") if palette_colors().verbatim.lightnessF() < 0.5 else None
        self._unused = QBrush(unused_color())
        self._looks = {
            use: (self._brushes[use], None if use is CellUse.NONE else self._ink, SYMBOLS[use])
            for use in CellUse
        }
        if result is None:
            self._matrix = None
        else:
            self._matrix = matrix if matrix is not None else coverage_matrix(result)
        self._passages = (
            tuple(passage_text(result.official, s) for s in self._matrix.rows)
            if result is not None and self._matrix is not None
            else ()
        )
        m = self._matrix
        self._headers = (
            tuple(
                f"{round(100 * m.column_coverage[n])}%  {n + 1}. "
                f"{excerpt(self._title(n), HEADER_TITLE_CHARS)}"
                for n in range(m.column_count)
            )
            if result is not None and m is not None
            else ()
        )
        self._current_report = -1
        self.endResetModel()

    def matrix(self) -> CoverageMatrix | None:
        return self._matrix

    def reports(self) -> int:
        return self._matrix.column_count if self._matrix is not None else 0

    def cell_look(self, row: int, column: int) -> CellLook | None:
        """Fill, ink and symbol of a report cell (``CellDelegate``); None for other columns."""
        m, n = self._matrix, column - 1
        return self._looks[m.cells[row][n]] if m is not None and 0 <= n < m.column_count else None

    def report_of_column(self, column: int) -> int | None:
        """Index into ``result.comparisons`` for a report column, else None."""
        n = column - 1
        return n if 0 <= n < self.reports() else None

    def set_current_report(self, report_number: int) -> None:
        self._current_report = report_number
        if self.reports():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, self.reports())

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._matrix is None else self._matrix.row_count

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._matrix is None else self.reports() + 2

    def _title(self, report_number: int) -> str:
        assert self._result is not None
        doc = self._result.reports[report_number]
        return doc.title or doc.name

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        m = self._matrix
        if m is None:
            return None
        if orientation is Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < m.row_count:
                return _wrap(f"Passage {section + 1}", self._passages[section])
            return None
        report = self.report_of_column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Release passage"
            if report is None:
                return "Used by"
            return self._headers[report]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == 0:
                return "The release, sentence by sentence (page furniture left out)"
            if report is None:
                return "How many of the reports use the passage, verbatim or paraphrased"
            share = round(100 * m.column_coverage[report])
            return _wrap(
                f"Report {report + 1}: {self._title(report)}",
                f"Uses {share}% of the release (by characters of the passages it uses)",
            )
        if role == Qt.ItemDataRole.FontRole and report is not None:
            return self._bold if report == self._current_report else self._plain
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        m = self._matrix
        if m is None or not index.isValid():
            return None
        row, col = index.row(), index.column()
        report = self.report_of_column(col)
        if role == SPAN_ROLE:
            return m.rows[row]
        if col == 0:
            return self._passage_data(row, role)
        if report is None:
            return self._count_data(row, role)
        use = m.cells[row][report]
        if role == Qt.ItemDataRole.DisplayRole:
            return SYMBOLS[use]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[use]
        if role == Qt.ItemDataRole.ForegroundRole and use is not CellUse.NONE:
            return self._ink
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(row, report, use)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Passage {row + 1}, report {report + 1}: {USE_WORDS[use]}"
        if role == USE_ROLE:
            return use.value
        return None

    def _passage_data(self, row: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._passages[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _wrap(f"Passage {row + 1}", self._passages[row])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Passage {row + 1}: {self._passages[row]}"
        return None

    def _count_data(self, row: int, role: int) -> object:
        assert self._matrix is not None
        used, total = self._matrix.row_counts[row], self.reports()
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{used} of {total}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and used == 0 and total:
            # No report carries this passage: the release's message that got lost.
            return self._unused
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"Passage {row + 1} is used by {used} of {total} reports"
        return None

    def _cell_tooltip(self, row: int, report: int, use: CellUse) -> str:
        assert self._matrix is not None and self._result is not None
        doc = self._result.reports[report]
        head = f"Report {report + 1}, {self._title(report)}: {USE_WORDS[use].lower()}"
        body = f"<b>Release:</b> {escape(excerpt(self._passages[row], 300))}"
        for span in self._matrix.sources[row][report][:3]:
            used = excerpt(passage_text(doc, span), 300)
            body += f"<br><b>Report:</b> {escape(used)}"
        return f"<p style='white-space:pre-wrap'><b>{escape(head)}</b><br>{body}</p>"


def _wrap(head: str, text: str) -> str:
    # Rich text, so Qt wraps long passages instead of showing one screen-wide line.
    return f"<p><b>{escape(head)}</b><br>{escape(text)}</p>"


class RotatedHeader(QHeaderView):
    """Horizontal header that writes report titles bottom-up, so report columns stay narrow."""

    MAX_TEXT = 180

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        #: (model, its report count, height): the layout asks sizeHint many times per result.
        self._hint: tuple[object, int, int] | None = None

    def _rotated(self, logical: int) -> bool:
        model = self.model()
        return isinstance(model, CoverageModel) and model.report_of_column(logical) is not None

    def invalidate_hint(self) -> None:
        """Forget the measured height (the model has new titles)."""
        self._hint = None

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        model = self.model()
        if isinstance(model, CoverageModel) and model.reports():
            hint = self._hint
            if hint is None or hint[0] is not model or hint[1] != model.reports():
                # Measured in bold: the current report's title is drawn bold.
                bold = QFont(self.font())
                bold.setBold(True)
                fm = QFontMetrics(bold)
                longest = max(
                    fm.horizontalAdvance(str(model.headerData(col, Qt.Orientation.Horizontal)))
                    for col in range(1, model.reports() + 1)
                )
                hint = self._hint = (model, model.reports(), min(longest, self.MAX_TEXT) + 16)
            size.setHeight(max(size.height(), hint[2]))
        return size

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not self._rotated(logicalIndex):
            super().paintSection(painter, rect, logicalIndex)
            return
        painter.save()
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        opt.rect = rect
        opt.section = logicalIndex
        self.style().drawControl(QStyle.ControlElement.CE_HeaderSection, opt, painter, self)
        model = self.model()
        text = str(model.headerData(logicalIndex, Qt.Orientation.Horizontal))
        font = model.headerData(logicalIndex, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole)
        if isinstance(font, QFont):
            painter.setFont(font)
        fm = painter.fontMetrics()
        text = fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.height() - 10)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.translate(rect.center().x() + (fm.ascent() - fm.descent()) / 2, rect.bottom() - 5)
        painter.rotate(-90)
        painter.drawText(0, 0, text)
        painter.restore()


class CoverageView(QWidget):
    """The matrix with a legend; click a coloured cell to open that report at that passage."""

    #: ``(report_number, official_span)``: report_number indexes ``result.comparisons``.
    cellActivated = Signal(int, object)
    #: ``official_span`` of a passage whose text or count was clicked.
    passageActivated = Signal(object)

    REPORT_COLUMN_WIDTH = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverageView")
        self._model = CoverageModel(self)
        self._table = QTableView(self)
        self._table.setObjectName("coverageTable")
        self._table.setHorizontalHeader(RotatedHeader(self._table))
        self._table.setModel(self._model)
        self._table.setItemDelegate(CellDelegate(self._model, self._table))
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setWordWrap(False)
        self._table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._table.setAccessibleName("Coverage of the release by each report")
        vertical = self._table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self._table.fontMetrics().height() + 8)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._table.clicked.connect(self._on_clicked)
        self._table.activated.connect(self._on_activated)
        # clicked and activated both fire on a double click; one activation is enough.
        self._last: tuple[int, int, float] = (-1, -1, 0.0)

        self._summary = QLabel(self)
        self._summary.setObjectName("coverageSummary")
        self._summary.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(self._legend())
        layout.addWidget(self._table, 1)
        layout.addWidget(self._summary)
        self._update_summary()

    def _legend(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        for use in (CellUse.VERBATIM, CellUse.PARAPHRASE, CellUse.PARTIAL):
            color = cell_color(use)
            assert color is not None
            swatch = QLabel(SYMBOLS[use], self)
            swatch.setAlignment(Qt.AlignmentFlag.AlignCenter)
            swatch.setFixedSize(self.REPORT_COLUMN_WIDTH - 6, self.fontMetrics().height() + 4)
            swatch.setStyleSheet(
                f"background-color: {color.name(QColor.NameFormat.HexArgb)};"
                " border: 1px solid palette(mid);"
            )
            row.addWidget(swatch)
            row.addWidget(QLabel(USE_WORDS[use].split()[0], self))
        unused = QLabel("0 of N", self)
        unused.setStyleSheet(
            f"background-color: {unused_color().name(QColor.NameFormat.HexArgb)}; padding: 0 4px;"
        )
        row.addWidget(unused)
        row.addWidget(QLabel("used by none", self))
        row.addStretch(1)
        return row

    # -- data ---------------------------------------------------------------------------------

    def set_result(
        self, result: CompareResult | None, matrix: CoverageMatrix | None = None
    ) -> None:
        """Show ``result`` (None clears the view).

        ``coverage_matrix`` is linear but runs here on the GUI thread unless ``matrix`` is given:
        under 1 ms for the seed scenario, a second or so for a 2 MB release with many links.
        """
        self._model.set_result(result, matrix)
        header = self._table.horizontalHeader()
        if isinstance(header, RotatedHeader):
            header.invalidate_hint()
        header.setMinimumSectionSize(self.REPORT_COLUMN_WIDTH)
        if self._model.columnCount():
            # Every width is computed, none measured: ResizeToContents on the count column
            # asked data() of every row (about 100 ms on a 1,400-passage release).
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setDefaultSectionSize(self.REPORT_COLUMN_WIDTH)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            last = self._model.reports() + 1
            header.resizeSection(last, self._count_column_width())
        header.updateGeometry()
        self._update_summary()

    def _count_column_width(self) -> int:
        """Wide enough for "N of N" (the widest count text) and the "Used by" title."""
        n = self._model.reports()
        cell = self._table.fontMetrics().horizontalAdvance(f"{n} of {n}")
        title = self._table.horizontalHeader().fontMetrics().horizontalAdvance("Used by")
        return max(cell, title) + 20

    def clear(self) -> None:
        self.set_result(None)

    def set_current_report(self, report_number: int) -> None:
        """Show ``report_number``'s title in bold (the report open in the compare view)."""
        self._model.set_current_report(report_number)

    def show_release_offset(self, offset: int) -> bool:
        """Scroll to and select the passage containing release offset ``offset``."""
        m = self._model.matrix()
        row = m.row_of(offset) if m is not None else None
        if row is None:
            return False
        index = self._model.index(row, 0)
        self._table.setCurrentIndex(index)
        self._table.scrollTo(index)
        return True

    def model(self) -> CoverageModel:
        return self._model

    def table(self) -> QTableView:
        return self._table

    def matrix(self) -> CoverageMatrix | None:
        return self._model.matrix()

    # -- activation ---------------------------------------------------------------------------

    def _on_clicked(self, index: QModelIndex) -> None:
        self._last = (index.row(), index.column(), time.monotonic())
        self._emit(index)

    def _on_activated(self, index: QModelIndex) -> None:
        row, col, when = self._last
        interval = QGuiApplication.styleHints().mouseDoubleClickInterval() / 1000
        if (row, col) == (index.row(), index.column()) and time.monotonic() - when < interval:
            return
        self._emit(index)

    def _emit(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        span = index.data(SPAN_ROLE)
        if not isinstance(span, Span):
            return
        report = self._model.report_of_column(index.column())
        if report is None:
            self.passageActivated.emit(span)
        else:
            self.cellActivated.emit(report, span)

    def _update_summary(self) -> None:
        m = self._model.matrix()
        if m is None or m.row_count == 0:
            self._summary.setText("Compare a release with reports to see which passages they use.")
            return
        total = m.column_count
        unused = sum(1 for n in m.row_counts if n == 0)
        everyone = sum(1 for n in m.row_counts if total and n == total)
        parts = [f"{m.row_count} release passages, {total} report{'s' if total != 1 else ''}."]
        if total:
            parts.append(f"{unused} used by no report; {everyone} used by all.")
        self._summary.setText(" ".join(parts))
