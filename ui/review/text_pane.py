"""A read-only text pane that highlights character spans and reports where spans are on screen.

``QPlainTextEdit`` lays out only what is visible, so a 50,000-word release shows without a long
layout on the GUI thread; highlights are ExtraSelections (no edits to the document), made only
for the stretch of text around what is on screen and renewed as the pane scrolls. The ribbon
gutter asks ``span_y_range`` for each link; scroll synchronisation uses ``offset_at_top`` and
``scroll_to_offset``. Knows nothing about comparisons: callers hand in spans and formats.
Offsets in and out are Python string offsets (code points); Qt counts UTF-16 units, so
characters beyond the BMP (emoji) are accounted for in ``to_qt`` / ``from_qt``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from core.documents import Span

#: Kinds drawn as underlines so they stand out on top of a link's background.
UNDERLINE_KINDS = frozenset({"quote_altered", "quote_absent", "figure_changed"})
#: Kinds that also get a frame: the two findings a reviewer must not miss.
BOX_KINDS = frozenset({"quote_altered", "figure_changed"})
#: Kinds drawn only as a dotted line under the words (``paintEvent``), never as a text format:
#: a meaning shift often sits inside an altered quote, whose wavy underline must stay.
DOTTED_KINDS = frozenset({"shift"})
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: Highlights become Qt selections only this many characters either side of the visible text.
#: Qt lays out the paragraphs where a selection starts and ends, and paints by walking every
#: selection for every visible line: a whole 50,000-word release marked took 10-15 ms a report.
HIGHLIGHT_MARGIN = 8000


@dataclass(frozen=True)
class Highlight:
    span: Span
    kind: str
    color: QColor


def char_format(kind: str, color: QColor) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if kind in UNDERLINE_KINDS:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(color)
        fmt.setFontWeight(600)
    else:
        fmt.setBackground(color)
    return fmt


def annotation_underline(color: QColor) -> QColor:
    """The saturated hue annotated passages are underlined in (also shown in the legend)."""
    return QColor.fromHsv(max(color.hsvHue(), 0), 255, 200 if color.lightness() > 128 else 255)


def annotation_fill(color: QColor) -> QColor:
    """The translucent background of annotated passages."""
    return QColor(color.red(), color.green(), color.blue(), 120)


def _cursor_x(line: QTextLine, position: int) -> float:
    # PySide returns (x, position) here: the C++ signature takes ``int *cursorPos``.
    result = cast(tuple[float, int], line.cursorToX(position))
    return float(result[0])


class TextPane(QPlainTextEdit):
    """Read-only text with span highlights, a focused span and find matches."""

    #: Character offset the user clicked (a click, not a drag-selection).
    offsetClicked = Signal(int)
    #: The user selected text with mouse or keyboard: the Span, in Python offsets.
    spanSelected = Signal(object)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAccessibleName(name)
        self.setObjectName(name.replace(" ", "_"))
        self._highlights: list[QTextEdit.ExtraSelection] = []
        #: Every highlight after merging, in paint order: (format, start, end).
        self._merged: list[tuple[QTextCharFormat, int, int]] = []
        #: Characters whose highlights are in ``_highlights`` now.
        self._window: Span | None = None
        self._focus: list[QTextEdit.ExtraSelection] = []
        self._matches: list[QTextEdit.ExtraSelection] = []
        self._notes: list[QTextEdit.ExtraSelection] = []
        self._boxes: list[tuple[Span, QColor]] = []
        self._dotted: list[tuple[Span, QColor]] = []
        self._text_len = 0
        self._text = ""
        self._highlight_total = 0
        #: Python offsets of characters that take two UTF-16 units in Qt.
        self._astral: list[int] = []
        self.verticalScrollBar().valueChanged.connect(self._follow_view)

    # -- content ----------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        self._highlights, self._focus, self._matches, self._notes = [], [], [], []
        self._boxes, self._dotted, self._merged, self._window = [], [], [], None
        self.setExtraSelections([])
        self.setPlainText(text)
        self._text = text
        self._text_len = len(text)
        self._highlight_total = 0
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []

    def text_length(self) -> int:
        return self._text_len

    def to_qt(self, offset: int) -> int:
        offset = max(0, min(offset, self._text_len))
        return offset + bisect.bisect_left(self._astral, offset) if self._astral else offset

    def from_qt(self, position: int) -> int:
        if not self._astral:
            return position
        # The i-th astral character sits at Qt position astral[i] + i.
        lo, hi = 0, len(self._astral)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._astral[mid] + mid < position:
                lo = mid + 1
            else:
                hi = mid
        return position - lo

    def _selection(self, span: Span, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(self.document())
        cur.setPosition(self.to_qt(span.start))
        cur.setPosition(self.to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cur
        sel.format = fmt
        return sel

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        self._dotted = sorted(
            ((h.span, QColor(h.color)) for h in highlights if h.kind in DOTTED_KINDS),
            key=lambda b: b[0].start,
        )
        # Backgrounds first, underlines after, so an altered quote is visible inside a link.
        ordered = sorted(
            (h for h in highlights if h.kind not in DOTTED_KINDS),
            key=lambda h: (h.kind in UNDERLINE_KINDS, h.kind, h.span.start),
        )
        formats: dict[tuple[str, str], QTextCharFormat] = {}
        # Same-coloured spans with only white space between become one selection: a 50,000-word
        # release has one omission per paragraph, and Qt's cost grows with the selection count.
        merged: list[tuple[tuple[str, str], int, int]] = []
        for h in ordered:
            key = (h.kind, h.color.name())
            if key not in formats:
                formats[key] = char_format(h.kind, h.color)
            last = merged[-1] if merged else None
            if (
                last is not None
                and last[0] == key
                and last[2] <= h.span.start
                and not self._text[last[2] : h.span.start].strip()
            ):
                merged[-1] = (key, last[1], max(last[2], h.span.end))
            else:
                merged.append((key, h.span.start, h.span.end))
        self._merged = [(formats[k], a, b) for k, a, b in merged]
        self._highlight_total = len(highlights)
        # Altered quotes and changed figures also get a frame in their colour (paintEvent).
        self._boxes = sorted(
            ((h.span, QColor(h.color)) for h in highlights if h.kind in BOX_KINDS),
            key=lambda b: b[0].start,
        )
        self._window = None
        self._select_near_view()

    def _select_near_view(self) -> None:
        vis = self.visible_span()
        lo, hi = max(0, vis.start - HIGHLIGHT_MARGIN), vis.end + HIGHLIGHT_MARGIN
        self._window = Span(lo, hi)
        self._highlights = [
            self._selection(Span(a, b), fmt) for fmt, a, b in self._merged if a < hi and b > lo
        ]
        self._apply()

    def _follow_view(self) -> None:
        # Renew the selections once the view comes within half a margin of the window's edge.
        w = self._window
        if w is None or not self._merged:
            return
        vis, half = self.visible_span(), HIGHLIGHT_MARGIN // 2
        if (w.start > 0 and vis.start < w.start + half) or (
            w.end < self._text_len and vis.end > w.end - half
        ):
            self._select_near_view()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._follow_view()

    def set_focus_span(self, span: Span | None, color: QColor | None = None) -> None:
        """Mark the passage of the selected pair (framed by a stronger colour)."""
        self._focus = []
        if span is not None and color is not None:
            fmt = QTextCharFormat()
            c = QColor(color)
            c.setAlpha(110)
            fmt.setBackground(c)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(color)
            self._focus = [self._selection(span, fmt)]
        self._apply()

    def set_find_matches(self, spans: Sequence[Span], current: int, color: QColor) -> None:
        self._matches = []
        for i, span in enumerate(spans):
            fmt = QTextCharFormat()
            c = QColor(color)
            c.setAlpha(255 if i == current else 120)
            fmt.setBackground(c)
            self._matches.append(self._selection(span, fmt))
        self._apply()

    def set_annotation_spans(self, spans: Sequence[Span], color: QColor) -> None:
        """Mark annotated passages (an underline in the annotation hue, so link colours stay
        visible; the pale annotation colour itself would vanish on a link's background)."""
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(annotation_underline(color))
        fmt.setBackground(annotation_fill(color))
        self._notes = [self._selection(s, fmt) for s in spans]
        self._apply()

    def selected_span(self) -> Span | None:
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        return Span(self.from_qt(cur.selectionStart()), self.from_qt(cur.selectionEnd()))

    def _apply(self) -> None:
        self.setExtraSelections(self._highlights + self._notes + self._focus + self._matches)

    def highlight_count(self) -> int:
        """How many highlights were asked for (adjacent ones may share one selection)."""
        return self._highlight_total

    def highlight_selection_count(self) -> int:
        """How many extra selections the highlights near the view are now (after merging)."""
        return len(self._highlights)

    def merged_highlight_count(self) -> int:
        """How many selections all highlights become after merging, near the view or not."""
        return len(self._merged)

    # -- geometry ---------------------------------------------------------------------------

    def visible_span(self) -> Span:
        """Characters currently on screen (approximately: whole lines)."""
        vp = self.viewport()
        first = self.from_qt(self.cursorForPosition(QPoint(0, 0)).position())
        last = self.from_qt(
            self.cursorForPosition(QPoint(vp.width() - 1, vp.height() - 1)).position()
        )
        return Span(min(first, last), max(first, last))

    def offset_y(self, offset: int) -> tuple[int, int]:
        """Top and bottom (viewport pixels) of the line holding ``offset``."""
        cur = QTextCursor(self.document())
        cur.setPosition(self.to_qt(offset))
        rect = self.cursorRect(cur)
        return rect.top(), rect.bottom()

    def span_y_range(self, span: Span, vis: Span | None = None) -> tuple[int, int] | None:
        """Top and bottom of ``span`` in viewport pixels, clamped just outside the viewport
        when an end is off screen; None when no part of it is visible. ``vis`` is
        ``visible_span()`` when the caller already has it."""
        vis = vis or self.visible_span()
        if span.end < vis.start or span.start > vis.end:
            return None
        height = self.viewport().height()
        top = self.offset_y(span.start)[0] if span.start >= vis.start else -4
        end = max(span.start, span.end - 1)
        bottom = self.offset_y(end)[1] if end <= vis.end else height + 4
        return top, max(top + 2, bottom)

    def offset_at_top(self) -> int:
        return self.from_qt(self.cursorForPosition(QPoint(2, 2)).position())

    def scroll_to_offset(self, offset: int, pixels_from_top: int = 0) -> None:
        """Scroll so the line holding ``offset`` sits ``pixels_from_top`` below the top."""
        position = self.to_qt(offset)
        block = self.document().findBlock(position)
        if not block.isValid():
            return
        line_no = block.firstLineNumber()
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            line = layout.lineForTextPosition(position - block.position())
            if line.isValid():
                line_no += line.lineNumber()
        line_h = max(1, self.fontMetrics().lineSpacing())
        self.verticalScrollBar().setValue(max(0, line_no - pixels_from_top // line_h))

    def reveal(self, span: Span) -> None:
        """Scroll ``span`` into view (a third down the pane) unless it already is."""
        vis = self.visible_span()
        if vis.start <= span.start and span.end <= vis.end and vis.end > vis.start:
            return
        self.scroll_to_offset(span.start, self.viewport().height() // 3)

    # -- frames ----------------------------------------------------------------------------

    def line_rects(self, span: Span) -> list[QRectF]:
        """Viewport rectangles of the laid-out lines covering ``span`` (visible blocks only)."""
        start, end = self.to_qt(span.start), self.to_qt(span.end)
        rects: list[QRectF] = []
        block = self.document().findBlock(start)
        offset = self.contentOffset()
        bottom = self.viewport().height()
        while block.isValid() and block.position() < end:
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > bottom:
                break
            layout = block.layout()
            if block.isVisible() and layout is not None and geo.bottom() >= 0:
                base = block.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    a = max(start, base + line.textStart())
                    b = min(end, base + line.textStart() + line.textLength())
                    if a >= b:
                        continue
                    x0, x1 = _cursor_x(line, a - base), _cursor_x(line, b - base)
                    top = geo.top() + line.y()
                    rects.append(QRectF(x0 + geo.left(), top, x1 - x0, line.height()))
            block = block.next()
        return rects

    def dotted_spans(self) -> list[Span]:
        """The spans drawn with a dotted line under them (meaning shifts), in text order."""
        return [span for span, _ in self._dotted]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._boxes and not self._dotted:
            return
        vis = self.visible_span()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for span, color in self._boxes:
            if span.start > vis.end:
                break
            if span.end < vis.start:
                continue
            painter.setPen(QPen(color, 2))
            for rect in self.line_rects(span):
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
        for span, color in self._dotted:
            if span.start > vis.end:
                break
            if span.end < vis.start:
                continue
            # Round dots just above the line's bottom: under the descenders, inside a frame.
            pen = QPen(color, 3, Qt.PenStyle.DotLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            for rect in self.line_rects(span):
                y = rect.bottom() - 2
                painter.drawLine(QPointF(rect.left() + 1, y), QPointF(rect.right() - 1, y))
        painter.end()

    # -- clicks -----------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and (span := self.selected_span()):
            self.spanSelected.emit(span)
        elif event.button() == Qt.MouseButton.LeftButton:
            position = self.cursorForPosition(event.position().toPoint()).position()
            self.offsetClicked.emit(self.from_qt(position))
