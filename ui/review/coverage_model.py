"""The coverage overview's table model: release passages down, reports across, shifts marked.

``CoverageModel`` is a thin table model over ``core.review.CoverageMatrix``: column 0 is the
passage's text, then one narrow coloured column per report, then "Used by N of M". A report
cell whose sentence holds one of that report's meaning shifts gets a corner mark in the shift
colour, and each report's title counts its shifts ("≠3"). Colours come from ``ui.style.colors``
only; the matrix itself is computed in ``core.review``.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from core.results import CompareResult
from core.review import CellUse, CoverageMatrix, coverage_matrix, excerpt, passage_text
from ui.review.coverage_cells import CellLook
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
        #: One look per (use, a shift in the sentence): cells share them.
        self._looks: dict[tuple[CellUse, bool], CellLook] = {}
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
        shift = palette_colors().shift
        self._looks = {
            (use, marked): (
                self._brushes[use], None if use is CellUse.NONE else self._ink, SYMBOLS[use],
                shift if marked else None,
            )
            for use in CellUse
            for marked in (False, True)
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
                f"{round(100 * m.column_coverage[n])}%  {self._shift_tag(n)}{n + 1}. "
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

    def shifts(self, report_number: int) -> int:
        """The report's meaning shifts (0 for a matrix made without them)."""
        m = self._matrix
        if m is None or not 0 <= report_number < len(m.column_shifts):
            return 0
        return m.column_shifts[report_number]

    def cell_shifts(self, row: int, report_number: int) -> int:
        """Meaning shifts of the report whose release words are in the row's sentence."""
        m = self._matrix
        return m.shifts[row][report_number] if m is not None and m.shifts else 0

    def _shift_tag(self, report_number: int) -> str:
        n = self.shifts(report_number)
        return f"≠{n}  " if n else ""

    def cell_look(self, row: int, column: int) -> CellLook | None:
        """Fill, ink, symbol and shift mark of a report cell (``CellDelegate``); None for other
        columns."""
        m, n = self._matrix, column - 1
        if m is None or not 0 <= n < m.column_count:
            return None
        return self._looks[m.cells[row][n], bool(m.shifts and m.shifts[row][n])]

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
            shifts = self.shifts(report)
            return _wrap(
                f"Report {report + 1}: {self._title(report)}",
                f"Uses {share}% of the release (by characters of the passages it uses); "
                f"{shifts} meaning shift{'s' if shifts != 1 else ''} (≠)",
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
        sources = self._matrix.sources[row][report]
        for span in sources[:3]:
            used = excerpt(passage_text(doc, span), 300)
            body += f"<br><b>Report:</b> {escape(used)}"
        if len(sources) > 1:
            body += f"<br><i>{len(sources)} report passages use it: click again for the next</i>"
        shifts = self.cell_shifts(row, report)
        if shifts:
            many = "s" if shifts != 1 else ""
            body += f"<br><b>{shifts} meaning shift{many}</b> of this sentence in the report"
        return f"<p style='white-space:pre-wrap'><b>{escape(head)}</b><br>{body}</p>"


def _wrap(head: str, text: str) -> str:
    # Rich text, so Qt wraps long passages instead of showing one screen-wide line.
    return f"<p><b>{escape(head)}</b><br>{escape(text)}</p>"
