"""Print report HTML to a PDF with Qt: A4 or Letter, a running header and page numbers.

``core/`` renders the evidence pack as HTML; this module lays that HTML out with
``QTextDocument`` and paints it page by page onto a ``QPdfWriter``, adding the running header
(session name and date) and "Page N of M" footer that ``QTextDocument.print_`` cannot. Works
headless (offscreen platform) so the CLI can use it. Imports PySide6; must not import other
``ui/`` widgets.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

_MARGIN_MM = 15.0
_BAND_PT = 18.0  # height of the header and footer bands, in points
_PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}


def ensure_gui_application() -> QGuiApplication:
    """Return the running Qt application, creating an offscreen one for command-line use.

    A ``QApplication`` (not a bare ``QGuiApplication``), so that widgets created later in the
    same process, as in the window or a test run, do not abort Qt.
    """
    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    assert isinstance(app, QGuiApplication)
    return app


def print_html_to_pdf(
    html: str,
    out_path: str,
    *,
    title: str = "",
    header: str = "",
    page_size: str = "a4",
    should_cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Write ``html`` to ``out_path`` as a PDF; returns the number of pages written.

    Raises ``ValueError`` for an unknown page size and ``OSError`` when the file cannot be
    written. Runs in whatever thread calls it: QTextDocument and QPdfWriter are not GUI widgets.
    """
    ensure_gui_application()
    size_id = _PAGE_SIZES.get(page_size.lower())
    if size_id is None:
        raise ValueError(f"unknown page size '{page_size}'; use A4 or Letter")
    writer = QPdfWriter(out_path)
    writer.setTitle(title)
    writer.setCreator("Concord")
    writer.setResolution(96)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(size_id),
            QPageLayout.Orientation.Portrait,
            QMarginsF(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM, _MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write PDF to {out_path}")
    try:
        return _paint(painter, writer, html, header or title, should_cancel, progress)
    finally:
        painter.end()


def _paint(
    painter: QPainter,
    writer: QPdfWriter,
    html: str,
    header: str,
    should_cancel: Callable[[], bool] | None,
    progress: Callable[[int, int, str], None] | None,
) -> int:
    page_rect = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(page_rect.width()), float(page_rect.height())
    band = _BAND_PT * writer.resolution() / 72.0
    body_height = height - 2 * band

    doc = QTextDocument()
    doc.setDocumentMargin(0)
    base = QFont("DejaVu Sans")
    base.setPointSizeF(9.5)
    doc.setDefaultFont(base)
    doc.setHtml(html)
    doc.setPageSize(QSizeF(width, body_height))
    pages = max(1, doc.pageCount())

    small = QFont(base)
    small.setPointSizeF(7.5)
    for page in range(pages):
        if should_cancel is not None and should_cancel():
            break
        if page:
            writer.newPage()
        painter.save()
        painter.setFont(small)
        painter.setPen(Qt.GlobalColor.darkGray)
        # A long session name would run off the page: keep its start and the date at the end.
        shown = painter.fontMetrics().elidedText(header, Qt.TextElideMode.ElideMiddle, int(width))
        painter.drawText(
            QRectF(0, 0, width, band), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            shown,
        )
        painter.drawLine(0, int(band - 4), int(width), int(band - 4))
        painter.drawText(
            QRectF(0, height - band, width, band),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            f"Page {page + 1} of {pages}",
        )
        painter.restore()

        painter.save()
        painter.translate(0, band - page * body_height)
        # Character backgrounds of the first line of the next page reach a pixel or two above
        # it; clip them off so no coloured sliver shows under the last line.
        clip = QRectF(0, page * body_height, width, body_height - 3)
        painter.setClipRect(clip)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.clip = clip
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        if progress is not None:
            progress(page + 1, pages, "printing PDF")
    return pages
