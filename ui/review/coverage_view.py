"""The coverage overview: release passages down, reports across, how each report uses each passage.

``CoverageView`` shows ``CoverageModel`` (``coverage_model.py``) with rotated report titles and a
legend, and emits ``cellActivated(report_number, official_span)`` when a report cell is clicked
or activated, and ``passageActivated(official_span)`` for the passage and count columns. The
summary under the table counts the reports' meaning shifts. Colours come from ``ui.style.colors``
only; the matrix itself is computed in ``core.review``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPalette
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
from core.review import CellUse, CoverageMatrix
from ui.review.coverage_cells import CellDelegate
from ui.review.coverage_model import (
    SPAN_ROLE,
    SYMBOLS,
    USE_WORDS,
    CoverageModel,
    cell_color,
    unused_color,
)
from ui.style.colors import palette_colors


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
        shift = QLabel("≠ meaning shifts", self)
        shift.setToolTip("A corner mark: the report shifts the meaning of that sentence; "
                         "≠N in a report's title: its meaning shifts")
        shift.setStyleSheet(f"color: {palette_colors().shift.name()}; font-weight: bold;")
        row.addWidget(shift)
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
            shifts = sum(m.column_shifts)
            if shifts:
                most = max(range(total), key=lambda n: m.column_shifts[n])
                parts.append(f"{shifts} meaning shift{'s' if shifts != 1 else ''} in all; "
                             f"most in report {most + 1} ({m.column_shifts[most]}).")
        self._summary.setText(" ".join(parts))
