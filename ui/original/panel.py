"""``OriginalPanel``: a passage shown where it stands in the original document.

For a PDF it shows the rendered page with the passage's character boxes highlighted, with page
navigation (buttons, a page box, Page Up/Down) and zoom (in, out, fit width); pages render in
the background through the window's task runner and the last few are cached, so paging back and
forth is instant. For DOCX, HTML and TXT it shows the passage's paragraphs among their
neighbours, the passage marked, with where each came from (paragraph or line numbers). "Open
Original" opens the file (or the web address) in the system's own viewer. When the original is
not at hand or cannot be drawn, one line says why. Core work: ``core.documents.original``.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.documents import (
    Box,
    DocFormat,
    Document,
    PageImage,
    Span,
    TextContext,
    is_address,
    passage_boxes,
    render_page,
    text_context,
)
from ui.original.page_canvas import PageCanvas, to_qimage
from ui.style.colors import Colors
from ui.style.icons import icon
from ui.workers.tasks import TaskRunner

RENDER_KEY = "original-page"
#: Pixels per point at 100 % zoom (a 96 dpi screen shows a page at its printed size).
POINT = 96 / 72
ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
CACHE_PAGES = 12
CACHE_BYTES = 120 * 1024 * 1024
#: Quiet time after the panel's last resize before a fitted page is drawn again.
REFIT_MS = 150


def context_html(context: TextContext, colors: Colors) -> str:
    """The paragraphs as HTML, the passage on a marked background with an anchor before it."""
    mark = colors.original_mark.name()
    parts = []
    for piece in context.pieces:
        text, pos, body = piece.text, 0, []
        for a, b in piece.marks:
            body.append(html.escape(text[pos:a]))
            body.append(f'<a name="passage"></a><span style="background:{mark}">'
                        f"{html.escape(text[a:b])}</span>")
            pos = b
        body.append(html.escape(text[pos:]))
        where = f'<div style="color:gray;font-size:small">{html.escape(piece.where)}</div>'
        parts.append(f"{where}<p>{''.join(body).replace(chr(10), '<br>')}</p>")
    return "".join(parts)


class OriginalPanel(QWidget):
    def __init__(self, runner: TaskRunner, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.colors = runner, colors
        self.doc: Document | None = None
        self.span: Span | None = None
        self._data: bytes | None = None
        self._boxes: tuple[Box, ...] = ()
        self.page = 0
        self.page_count = 0
        self.zoom = 1.0
        #: Pages fill the panel's width until the user picks a zoom.
        self.fitting = True
        self._cache: OrderedDict[tuple[str, int, float], tuple[QImage, int, float]] = OrderedDict()
        self._page_width_pt = 0.0
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(REFIT_MS)
        self._refit.timeout.connect(self._refit_now)
        self._build()

    # -- assembly ---------------------------------------------------------------------------

    def _button(self, name: str, tip: str, slot: object) -> QToolButton:
        b = QToolButton(self)
        b.setIcon(icon(name))
        b.setToolTip(tip)
        b.setAccessibleName(tip)
        b.clicked.connect(slot)
        return b

    def _build(self) -> None:
        self.title = QLabel("Choose “Show in Original” on a passage, finding or annotation", self)
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Where the passage stands")
        self.open_button = self._button("external", "Open the original in its own viewer",
                                        self.open_externally)
        self.prev_button = self._button("page_previous", "Previous page", self.previous_page)
        self.next_button = self._button("page_next", "Next page", self.next_page)
        self.page_box = QSpinBox(self)
        self.page_box.setAccessibleName("Page")
        self.page_box.setMinimum(1)
        self.page_box.editingFinished.connect(lambda: self.go_to(self.page_box.value()))
        self.count_label = QLabel(self)
        self.zoom_out_button = self._button("zoom_out", "Zoom out", lambda: self.step_zoom(-1))
        self.zoom_in_button = self._button("zoom_in", "Zoom in", lambda: self.step_zoom(1))
        self.fit_button = self._button("fit_width", "Fit the page's width", self.fit_width)
        self.zoom_label = QLabel(self)
        bar = QHBoxLayout()
        for w in (self.prev_button, self.page_box, self.count_label, self.next_button,
                  self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        self.canvas = PageCanvas(self.colors.original_mark, self)
        self.page_area = QScrollArea(self)
        self.page_area.setWidget(self.canvas)
        self.page_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_area.setAccessibleName("Page of the original")
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("The passage in its context")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        for page in (self.message, self.page_area, self.browser):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        for keys, slot in ((QKeySequence.StandardKey.MoveToNextPage, self.next_page),
                           (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page)):
            shortcut = QShortcut(QKeySequence(keys), self.page_area)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_controls()

    # -- showing a passage ------------------------------------------------------------------

    def show_passage(self, doc: Document, span: Span, data: bytes | None, error: str = "") -> None:
        """Show ``span`` of ``doc``; ``data`` is the original file's bytes (None: ``error``)."""
        self.doc, self.span, self._data, self._boxes = doc, span, data, ()
        self.page = self.page_count = 0
        self.runner.cancel(RENDER_KEY)  # a page still drawing for the passage shown before
        self.open_button.setEnabled(is_address(doc.path) or Path(doc.path).is_file())
        if doc.format is not DocFormat.PDF:
            context = text_context(doc, span)
            where = f" — {context.location}" if context.location else ""
            self.title.setText(f"{doc.name}{where}")
            self.browser.setHtml(context_html(context, self.colors))
            self.stack.setCurrentWidget(self.browser)
            self.browser.scrollToAnchor("passage")
        elif data is None:
            self._fail(error or "the original file is not at hand")
        else:
            self.title.setText(f"{doc.name} — finding the passage…")
            self.canvas.clear()
            self.stack.setCurrentWidget(self.page_area)
            self._request(page=None)
        self._update_controls()

    def _fail(self, why: str) -> None:
        name = self.doc.name if self.doc is not None else "the document"
        self.title.setText(name)
        self.message.setText(f"The original cannot be shown: {why}")
        self.stack.setCurrentWidget(self.message)
        self._update_controls()

    def _scale(self) -> float:
        return round(self.zoom * POINT, 3)

    def _request(self, page: int | None) -> None:
        """Render ``page`` (None: the passage's first page, finding its boxes first)."""
        doc, span, data, scale = self.doc, self.span, self._data, self._scale()
        assert doc is not None and span is not None and data is not None
        fit = self._fit_pixels() if self.fitting else None
        if fit is not None and self._page_width_pt:
            scale = round(fit / self._page_width_pt, 3)  # the cache's key for a page this wide
        if page is not None:
            cached = self._cache.get((doc.sha256, page, scale))
            if cached is not None:
                self._cache.move_to_end((doc.sha256, page, scale))
                self._show(page, *cached)
                return
        boxes = self._boxes

        def work(should_cancel: object, progress: object) -> tuple[tuple[Box, ...], PageImage]:
            found = boxes if page is not None else passage_boxes(doc, span, data)
            at = doc.source_at(span.start)  # an empty passage: the page its offset is on
            number = page if page is not None else (
                found[0].page if found else (at.page if at and at.page else 1))
            return found, render_page(data, number, scale, path=doc.path, width=fit)

        def done(result: tuple[tuple[Box, ...], PageImage]) -> None:
            if self.doc is not doc or self.span is not span:
                return
            self._boxes, image = result
            qimage = to_qimage(image)
            key = (doc.sha256, image.page, round(image.scale, 3))
            self._cache[key] = (qimage, image.page_count, image.size[0])
            # By count and by size: twelve pages at 300 % would be hundreds of megabytes.
            while len(self._cache) > CACHE_PAGES or (
                len(self._cache) > 1
                and sum(c[0].sizeInBytes() for c in self._cache.values()) > CACHE_BYTES
            ):
                self._cache.popitem(last=False)
            self._show(image.page, qimage, image.page_count, image.size[0])
            if page is None:
                self.reveal_passage()

        def failed(message: str) -> None:
            if self.doc is doc and self.span is span:  # not a passage shown since
                self._fail(message.split(": ", 1)[-1])

        self.runner.submit(RENDER_KEY, work, on_result=done, on_error=failed)

    def _show(self, page: int, image: QImage, count: int, width_pt: float) -> None:
        self.page, self.page_count, self._page_width_pt = page, count, width_pt
        scale = image.width() / width_pt if width_pt else POINT
        self.zoom = scale / POINT
        on_page = [b for b in self._boxes if b.page == page]
        self.canvas.set_page(image, scale, on_page)
        self.stack.setCurrentWidget(self.page_area)
        assert self.doc is not None
        pages = sorted({b.page for b in self._boxes})
        where = (f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}"
                 ) if pages else "passage not located on the pages"
        self.title.setText(f"{self.doc.name} — {where}")
        self._update_controls()

    def reveal_passage(self) -> None:
        """Scroll so that the passage's first box on the page is in view."""
        boxes = self.canvas.boxes
        if boxes:
            rect = self.canvas.box_rect(boxes[0])
            self.page_area.ensureVisible(int(rect.center().x()), int(rect.center().y()),
                                      50, self.page_area.viewport().height() // 3)

    # -- navigation -------------------------------------------------------------------------

    def go_to(self, page: int) -> None:
        if self.doc is None or self._data is None or not self.page_count:
            return
        page = max(1, min(self.page_count, page))
        if page != self.page:
            self._request(page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitting and self.page:
            self._refit.start()  # draw the page again at the new width once resizing stops

    def _refit_now(self) -> None:
        if self.fitting and self.page and self._data is not None:
            self._request(self.page)

    def next_page(self) -> None:
        self.go_to(self.page + 1)

    def previous_page(self) -> None:
        self.go_to(self.page - 1)

    def _fit_pixels(self) -> int:
        room = self.page_area.viewport().width() - 8
        bar = self.page_area.verticalScrollBar()
        if not bar.isVisible():
            # A page fitted to the width is taller than the panel: the scroll bar it brings
            # must not push the page's right edge out of view.
            room -= bar.sizeHint().width()
        return max(100, room)

    def set_zoom(self, zoom: float) -> None:
        """A zoom the user chose (``fit_width`` goes back to filling the width)."""
        self.fitting = False
        self.zoom = max(ZOOMS[0], min(ZOOMS[-1], zoom))
        if self.page and self._data is not None:
            self._request(self.page)
        self._update_controls()

    def step_zoom(self, step: int) -> None:
        if step > 0:
            self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 1e-3), ZOOMS[-1]))
        else:
            self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-3), ZOOMS[0]))

    def fit_width(self) -> None:
        self.fitting = True
        if self.page and self._data is not None:
            self._request(self.page)
        self._update_controls()

    def open_externally(self) -> None:
        if self.doc is not None:
            path = self.doc.path
            QDesktopServices.openUrl(QUrl(path) if is_address(path) else QUrl.fromLocalFile(path))

    def _update_controls(self) -> None:
        paged = self.stack.currentWidget() is self.page_area and self.page_count > 0
        for w in (self.prev_button, self.next_button, self.page_box, self.zoom_in_button,
                  self.zoom_out_button, self.fit_button):
            w.setEnabled(paged)
        self.prev_button.setEnabled(paged and self.page > 1)
        self.next_button.setEnabled(paged and self.page < self.page_count)
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, self.page_count))
        self.page_box.setValue(max(1, self.page))
        self.page_box.blockSignals(False)
        self.count_label.setText(f"of {self.page_count}" if paged else "")
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
