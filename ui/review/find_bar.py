"""Find in both panes: a bar that highlights every match in the release and the report and steps
through them (release first, then report). Case-insensitive plain text; no Qt document search,
so a 50,000-word release is searched with one ``str.find`` loop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from core.documents import Span
from ui.review.text_pane import TextPane
from ui.style.colors import Colors
from ui.style.icons import icon

#: Matches beyond this many per pane are not highlighted (the count still says how many).
MAX_MATCHES = 2000


def find_all(text: str, needle: str) -> list[Span]:
    if not needle:
        return []
    hay, pat = text.casefold(), needle.casefold()
    # casefold can change lengths ("ß" -> "ss"); fall back to lower() offsets then.
    if len(hay) != len(text):
        hay, pat = text.lower(), needle.lower()
    out: list[Span] = []
    i = hay.find(pat)
    while i >= 0 and len(out) < MAX_MATCHES:
        out.append(Span(i, i + len(pat)))
        i = hay.find(pat, i + max(1, len(pat)))
    return out


class FindBar(QWidget):
    """Search box with previous/next; ``panes`` are searched in order."""

    closed = Signal()

    def __init__(
        self, panes: list[TextPane], colors: Colors, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._panes = panes
        self._colors = colors
        self._matches: list[tuple[int, Span]] = []
        self._current = -1
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in both documents")
        self.edit.setAccessibleName("Find text")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self.search)
        self.edit.returnPressed.connect(self.next)
        self.count = QLabel(self)
        self.count.setAccessibleName("Match count")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit, 1)
        for name, tip, slot in (
            ("previous", "Previous match (Shift+Enter)", self.previous),
            ("next", "Next match (Enter)", self.next),
            ("close", "Close the find bar (Esc)", self.close_bar),
        ):
            btn = QToolButton(self)
            btn.setIcon(icon(name))
            btn.setToolTip(tip)
            btn.setAccessibleName(tip.split(" (")[0])
            btn.clicked.connect(slot)
            layout.addWidget(btn)
        layout.addWidget(self.count)

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.search(self.edit.text())

    def close_bar(self) -> None:
        self.hide()
        for pane in self._panes:
            pane.set_find_matches([], -1, self._colors.find_match)
        self.closed.emit()

    def search(self, text: str | None = None) -> None:
        needle = self.edit.text() if text is None else text
        self._matches = [
            (i, span)
            for i, pane in enumerate(self._panes)
            for span in find_all(pane.toPlainText(), needle)
        ]
        self._current = 0 if self._matches else -1
        self._show()

    def matches(self) -> list[tuple[int, Span]]:
        return list(self._matches)

    def current(self) -> int:
        return self._current

    def next(self) -> None:
        if self._matches:
            self._current = (self._current + 1) % len(self._matches)
            self._show()

    def previous(self) -> None:
        if self._matches:
            self._current = (self._current - 1) % len(self._matches)
            self._show()

    def _show(self) -> None:
        for i, pane in enumerate(self._panes):
            spans = [s for p, s in self._matches if p == i]
            cur = -1
            if self._current >= 0 and self._matches[self._current][0] == i:
                cur = spans.index(self._matches[self._current][1])
            pane.set_find_matches(spans, cur, self._colors.find_match)
        if self._current >= 0:
            pane_i, span = self._matches[self._current]
            self._panes[pane_i].reveal(span)
            self.count.setText(f"{self._current + 1} of {len(self._matches)}")
        else:
            self.count.setText("no matches" if self.edit.text() else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.previous()
        else:
            super().keyPressEvent(event)
