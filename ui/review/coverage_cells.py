"""Painting of the coverage matrix's report cells: a fill and a symbol, straight from the model.

Qt's default delegate asks the model seven roles per cell before it paints it; a screen of the
100-report matrix is about 480 cells, so 3,400 Python ``data()`` calls and 9 ms per paint.
``CellDelegate`` asks the model once per cell for a ready-made look (``cell_look``), a corner mark
included. Cells of
other columns (the passage text, the count) are painted by the default delegate. Must not
import ``ui.coverage_view`` (which installs it) or ``core``.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen, QPolygon
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: Fill (None: the view's background), ink (None: the palette's text colour), symbol, and the
#: colour of a corner mark (None: no mark; a meaning shift in that sentence).
CellLook = tuple[QBrush | None, QColor | None, str, QColor | None]


class LookSource(Protocol):
    def cell_look(self, row: int, column: int) -> CellLook | None:
        """The look of a report cell; None for columns the default delegate paints."""


class CellDelegate(QStyledItemDelegate):
    """Paints report cells from ``cell_look``; a selected cell gets a frame in the highlight
    colour, so its own colour (how the report used the passage) stays visible."""

    def __init__(self, source: LookSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        look = self._source.cell_look(index.row(), index.column())
        if look is None:
            super().paint(painter, option, index)
            return
        fill, ink, symbol, mark = look
        rect = option.rect
        palette = option.palette
        painter.save()
        if fill is not None:
            painter.fillRect(rect, fill)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        if symbol:
            painter.setPen(ink if ink is not None else palette.color(QPalette.ColorRole.Text))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, symbol)
        if mark is not None:
            # A triangle in the top right corner, clear of the centred symbol.
            side = max(6, min(rect.width(), rect.height()) // 2)
            right, top = rect.right() + 1, rect.top()
            corner = QPolygon([QPoint(right - side, top), QPoint(right, top),
                               QPoint(right, top + side)])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mark)
            painter.drawPolygon(corner)
        painter.restore()
