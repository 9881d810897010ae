"""The gutter between the release and report panes, drawing a ribbon for each linked pair.

As Meld's linkmap does, each ribbon is a filled bezier band from the official passage's lines on
the left to the report passage's lines on the right, at the panes' current scroll positions; a
ribbon is drawn while either end is on screen (the other end runs off the edge). Clicking a
ribbon selects its pair. The list of ribbons is plain data, so tests compare it with the links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.documents import Span
from ui.review.text_pane import TextPane


@dataclass(frozen=True)
class Ribbon:
    """One linked pair: ``index`` is the link's position in ``Comparison.links``."""

    index: int
    official: Span
    report: Span
    kind: str
    color: QColor


def ribbon_path(x0: float, y0: tuple[int, int], x1: float, y1: tuple[int, int]) -> QPainterPath:
    """A band from ``[y0]`` at ``x0`` to ``[y1]`` at ``x1`` with bezier sides."""
    mid = (x0 + x1) / 2
    path = QPainterPath(QPointF(x0, y0[0]))
    path.cubicTo(QPointF(mid, y0[0]), QPointF(mid, y1[0]), QPointF(x1, y1[0]))
    path.lineTo(QPointF(x1, y1[1]))
    path.cubicTo(QPointF(mid, y1[1]), QPointF(mid, y0[1]), QPointF(x0, y0[1]))
    path.closeSubpath()
    return path


class RibbonGutter(QWidget):
    """Draws ribbons between ``left`` (release) and ``right`` (report) panes."""

    ribbonClicked = Signal(int)

    def __init__(
        self, left: TextPane, right: TextPane, alpha: int = 120, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.left, self.right = left, right
        self._alpha = alpha
        self._ribbons: list[Ribbon] = []
        self._selected: int | None = None
        #: (link index, path) of the last paint, for clicks and tests.
        self.drawn: list[tuple[int, QPainterPath]] = []
        self.setAccessibleName("Links between release and report")
        self.setToolTip("Each band joins a release passage to the report passage that uses it")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(48)
        for pane in (left, right):
            pane.verticalScrollBar().valueChanged.connect(self.update)
            pane.updateRequest.connect(self._pane_updated)

    def sizeHint(self) -> QSize:
        return QSize(64, 200)

    def _pane_updated(self, rect: object, dy: int) -> None:
        self.update()

    # -- model ------------------------------------------------------------------------------

    def set_ribbons(self, ribbons: Sequence[Ribbon]) -> None:
        self._ribbons = sorted(ribbons, key=lambda r: (r.report.start, r.official.start))
        self._selected = None
        self.update()

    def ribbons(self) -> list[Ribbon]:
        return list(self._ribbons)

    def set_selected(self, index: int | None) -> None:
        self._selected = index
        self.update()

    def selected(self) -> int | None:
        return self._selected

    # -- geometry ---------------------------------------------------------------------------

    def _offset(self, pane: TextPane) -> int:
        """Gutter y of the pane viewport's top edge."""
        return self.mapFromGlobal(pane.viewport().mapToGlobal(QPoint(0, 0))).y()

    def layout_ribbons(self) -> list[tuple[Ribbon, QPainterPath]]:
        """Paths of the ribbons with at least one end on screen, in gutter coordinates."""
        if not self._ribbons:
            return []
        lvis, rvis = self.left.visible_span(), self.right.visible_span()
        loff, roff = self._offset(self.left), self._offset(self.right)
        lh = self.left.viewport().height()
        rh = self.right.viewport().height()
        out = []
        for rib in self._ribbons:
            ly = self.left.span_y_range(rib.official, lvis)
            ry = self.right.span_y_range(rib.report, rvis)
            if ly is None and ry is None:
                continue
            # An end that is off screen is pinned beyond the nearer edge of its pane.
            if ly is None:
                ly = (-8, -4) if rib.official.end < lvis.start else (lh + 4, lh + 8)
            if ry is None:
                ry = (-8, -4) if rib.report.end < rvis.start else (rh + 4, rh + 8)
            path = ribbon_path(
                0.0,
                (ly[0] + loff, ly[1] + loff + 1),
                float(self.width()),
                (ry[0] + roff, ry[1] + roff + 1),
            )
            out.append((rib, path))
        return out

    # -- painting and clicks ----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        laid = self.layout_ribbons()
        self.drawn = [(rib.index, path) for rib, path in laid]
        clip = QRectF(self.rect())
        selected_path: tuple[Ribbon, QPainterPath] | None = None
        for rib, path in laid:
            if not path.intersects(clip):
                continue
            fill = QColor(rib.color)
            fill.setAlpha(self._alpha)
            edge = QColor(rib.color).darker(130)
            painter.setPen(QPen(edge, 1))
            painter.setBrush(fill)
            painter.drawPath(path)
            if rib.index == self._selected:
                selected_path = (rib, path)
        if selected_path is not None:
            rib, path = selected_path
            painter.setPen(QPen(self.palette().text().color(), 2))
            painter.setBrush(QColor(rib.color))
            painter.drawPath(path)
        painter.end()

    def index_at(self, pos: QPointF) -> int | None:
        hits = [idx for idx, path in self.drawn if path.contains(pos)]
        return hits[-1] if hits else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            idx = self.index_at(event.position())
            if idx is not None:
                self.ribbonClicked.emit(idx)
                return
        super().mousePressEvent(event)
