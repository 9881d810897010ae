"""``PageCanvas``: one rendered PDF page with the passage's boxes painted over it.

The page arrives as a ``core.documents.PageImage`` rendered at a scale in pixels per point; the
highlight boxes are in points, so they are scaled the same way when painted. A plain widget
inside a ``QScrollArea`` (as Meld paints its ribbons itself rather than using a graphics scene):
there is one image and a few rectangles, and nothing to interact with but scrolling.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from core.documents import Box, PageImage


def to_qimage(page: PageImage) -> QImage:
    """A ``QImage`` that owns a copy of the page's packed RGB bytes."""
    image = QImage(page.rgb, page.width, page.height, page.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # the bytes object may go; the copy keeps its own pixels


class PageCanvas(QWidget):
    """Paints the page image at 1:1 and the boxes of that page on top."""

    def __init__(self, mark: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Page of the original")
        self._image: QImage | None = None
        self._scale = 1.0
        self._boxes: tuple[Box, ...] = ()
        self._mark = QColor(mark)

    def set_page(self, image: QImage | None, scale: float, boxes: Sequence[Box]) -> None:
        self._image, self._scale, self._boxes = image, scale, tuple(boxes)
        self.setFixedSize(self.sizeHint())
        self.update()

    @property
    def boxes(self) -> tuple[Box, ...]:
        return self._boxes

    def box_rect(self, box: Box) -> QRectF:
        """Where ``box`` is painted, in widget pixels (tests and scrolling use it)."""
        s = self._scale
        return QRectF(box.x0 * s, box.top * s, (box.x1 - box.x0) * s, (box.bottom - box.top) * s)

    def sizeHint(self) -> QSize:
        if self._image is None:
            return QSize(1, 1)
        return self._image.size()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._image is None:
            return
        painter = QPainter(self)
        try:
            painter.drawImage(0, 0, self._image)
            fill = QColor(self._mark)
            fill.setAlpha(90)
            pen = QPen(self._mark.darker(160))
            pen.setWidthF(1.5)
            painter.setPen(pen)
            painter.setBrush(fill)
            for box in self._boxes:
                painter.drawRect(self.box_rect(box).adjusted(-1.5, -1.5, 1.5, 1.5))
        finally:
            painter.end()

    def has_image(self) -> bool:
        return self._image is not None

    def image(self) -> QImage | None:
        return self._image

    def clear(self) -> None:
        self.set_page(None, 1.0, ())
