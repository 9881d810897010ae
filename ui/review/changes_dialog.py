"""``ChangesDialog``: what Check for Changes found, report by report.

The list on the left has every report checked (changed, unchanged, or why it could not be
checked); the right side shows the selected one: where it was read from, the annotations that
moved with the text and those left without a place (kept, listed by their words), the findings
that appeared, vanished or changed, the text's changes as a word diff with a few words of
context around each change (as Meld folds equal lines), and the document's version history.
Non-modal, so the reviewer can look at the panes while it is open. Only lays out what
``core.recheck`` computed.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.recheck import Change, CheckStatus, SessionCheck
from core.results import DiffOp, DiffPiece
from core.store import DocumentVersion
from ui.style.colors import Colors

#: Words of unchanged text kept on each side of a change in the diff.
CONTEXT_WORDS = 12

_STATUS = {
    CheckStatus.CHANGED: "changed",
    CheckStatus.UNCHANGED: "unchanged",
    CheckStatus.FAILED: "not checked",
}
_CHANGE = {Change.CHANGED: "Changed", Change.APPEARED: "New", Change.VANISHED: "Gone"}


def when(stamp: str) -> str:
    """"2026-12-06T04:17:32.645+00:00" -> "2026-12-06 04:17 UTC" (the store keeps UTC)."""
    return html.escape(stamp[:16].replace("T", " ") + " UTC")


def _esc(text: str) -> str:
    return html.escape(text).replace("\n\n", "<br><br>").replace("\n", " ")


def diff_html(pieces: Sequence[DiffPiece], colors: Colors, context: int = CONTEXT_WORDS) -> str:
    """Changed words marked, unchanged runs cut to ``context`` words around each change."""
    ins, dele = colors.diff_insert.name(), colors.diff_delete.name()
    out: list[str] = []
    last = len(pieces) - 1
    for i, p in enumerate(pieces):
        if p.op is DiffOp.INSERT:
            out.append(f'<span style="color:{ins};text-decoration:underline">{_esc(p.text)}</span>')
        elif p.op is DiffOp.DELETE:
            out.append(f'<span style="color:{dele};text-decoration:line-through">'
                       f"{_esc(p.text)}</span>")
        else:
            words = p.text.split(" ")
            head = words[:context] if i > 0 else []
            tail = words[-context:] if i < last else []
            if len(words) <= len(head) + len(tail):
                out.append(_esc(p.text))
                continue
            parts = [" ".join(head), " ".join(tail)]
            out.append(_esc(parts[0]) + (' <span style="color:gray">[…]</span><br><br>'
                                         if head else "") + _esc(parts[1]))
    return "".join(out)


def outcome_html(item: SessionCheck, colors: Colors,
                 versions: Sequence[DocumentVersion] = ()) -> str:
    check = item.check
    parts = [f"<h3>{html.escape(check.name)}</h3>",
             f"<p>{html.escape(check.message)}<br>"
             f'<span style="color:gray">Read from {html.escape(check.source)}</span></p>']
    if item.reanchor is not None:
        r = item.reanchor
        parts.append(f"<h4>Annotations</h4><p>{r.anchored} in place, {r.moved} moved with the "
                     f"text, {r.orphaned} without a place (kept; reattach or delete them in the "
                     "Annotations panel)</p>")
        rows = [("Moved", a) for a in item.moved] + [("Without a place", a) for a in item.orphans]
        if rows:
            parts.append("<ul>" + "".join(
                f"<li><b>{label}:</b> “{html.escape(a.targets[0].exact if a.targets else '')}”"
                + (f" — {html.escape(a.note)}" if a.note and a.targets
                   and a.note != a.targets[0].exact else "") + "</li>"
                for label, a in rows) + "</ul>")
    if check.status is CheckStatus.CHANGED:
        parts.append("<h4>Findings</h4>")
        if check.changes:
            parts.append("<ul>" + "".join(
                f"<li><b>{_CHANGE[c.change]}:</b> {html.escape(c.message)}</li>"
                for c in check.changes) + "</ul>")
        else:
            parts.append("<p>The same findings as before.</p>")
        parts.append(f"<h4>Text changes</h4><p>{diff_html(check.diff, colors)}</p>")
    if versions:
        parts.append("<h4>Earlier versions</h4><ol>" + "".join(
            f"<li>{when(v.added)} to {when(v.replaced)} "
            f"(<code>{v.sha256[:12]}</code>): {html.escape(v.summary)}</li>"
            for v in versions) + "</ol>")
    return "".join(parts)


def list_beside_text(
    dialog: QDialog, list_name: str, text_name: str, on_row: Callable[[int], None]
) -> tuple[QListWidget, QTextBrowser]:
    """A list on the left, a text on the right and a Close button: both dialogs' layout."""
    items, text = QListWidget(dialog), QTextBrowser(dialog)
    items.setAccessibleName(list_name)
    text.setAccessibleName(text_name)
    split = QSplitter(dialog)
    split.addWidget(items)
    split.addWidget(text)
    split.setStretchFactor(1, 3)
    split.setSizes([250, 730])
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(split, 1)
    layout.addWidget(buttons)
    items.currentRowChanged.connect(on_row)
    return items, text


class ChangesDialog(QDialog):
    def __init__(self, outcomes: Sequence[SessionCheck], colors: Colors,
                 history: dict[str, list[DocumentVersion]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changes since the reports were compared")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.outcomes, self.colors, self.history = tuple(outcomes), colors, history or {}
        self.list, self.browser = list_beside_text(
            self, "Reports checked", "What changed in the selected report", self._show)
        for item in self.outcomes:
            row = QListWidgetItem(f"{item.check.name} — {_STATUS[item.check.status]}")
            row.setToolTip(item.check.message)
            self.list.addItem(row)
        first = next((i for i, o in enumerate(self.outcomes)
                      if o.check.status is CheckStatus.CHANGED), 0)
        self.list.setCurrentRow(first)
        self.resize(980, 640)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.outcomes):
            item = self.outcomes[row]
            current = item.check.new if item.check.new is not None else item.check.old
            versions = self.history.get(current.sha256, [])
            self.browser.setHtml(outcome_html(item, self.colors, versions))
