"""``VersionsDialog``: every version a session keeps of one document, and what changed in each.

A report re-checked after a silent edit keeps its earlier versions in the session
(``core.store.DocumentVersion``). The list shows the current version first and the earlier
ones newest first, each with when it was current and its summary; the text beside it is the
word diff from that version to the one that replaced it, folded to a few words of context
around each change (``changes_dialog.diff_html``). Texts are read from the store and the diffs
worked out (``version_diffs``, in the background) before the dialog opens.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QListWidgetItem,
    QWidget,
)

from core.align import word_diff
from core.documents import Document
from core.results import DiffPiece
from core.store import DocumentVersion
from ui.review.changes_dialog import diff_html, list_beside_text, when
from ui.style.colors import Colors


@dataclass(frozen=True)
class Version:
    """One version as the dialog shows it; ``info`` is None for the current one."""

    document: Document
    info: DocumentVersion | None


def newest_first(current: Document, earlier: Sequence[tuple[DocumentVersion, Document]]
                 ) -> list[Version]:
    """The current text, then each earlier one back to the first compared."""
    return [Version(current, None)] + [
        Version(doc, info) for info, doc in sorted(earlier, key=lambda x: -x[0].id)
    ]


def version_diffs(versions: Sequence[Version]) -> list[tuple[DiffPiece, ...]]:
    """For each earlier version, the word diff to the one that replaced it (the first entry,
    the current version's, is empty). Long texts take a while: run it in the background."""
    return [()] + [word_diff(v.document.text, newer.document.text, timeout=2.0, loose=True)
                   for newer, v in pairwise(versions)]


class VersionsDialog(QDialog):
    def __init__(self, versions: Sequence[Version], diffs: Sequence[tuple[DiffPiece, ...]],
                 colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        current = versions[0].document
        self.setWindowTitle(f"Versions of {current.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.colors = colors
        self.versions, self.diffs = list(versions), list(diffs)
        self.list, self.browser = list_beside_text(
            self, "Versions of the document", "What changed in the selected version",
            self._show)
        for i, v in enumerate(self.versions):
            # Short enough for the list: when it was replaced; the detail has the whole span.
            label = "Current version" if v.info is None else f"Until {when(v.info.replaced)}"
            item = QListWidgetItem(label if i else f"{label} ({len(self.versions) - 1} earlier)")
            item.setToolTip(v.document.sha256)
            self.list.addItem(item)
        self.list.setCurrentRow(1 if len(self.versions) > 1 else 0)
        self.resize(980, 620)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.versions):
            return
        v = self.versions[row]
        head = (f"<h3>{html.escape(v.document.name)}</h3>"
                f'<p style="color:gray">SHA-256 {v.document.sha256}</p>')
        if v.info is None:
            body = ("<p>The text compared now.</p>" if len(self.versions) > 1 else
                    "<p>This document has no earlier versions: it has not changed since it was "
                    "added (File ▸ Check for Changes reads it again).</p>")
        else:
            diff = self.diffs[row]
            body = (f"<p>Current from {when(v.info.added)} until {when(v.info.replaced)}; then "
                    f"{html.escape(v.info.summary)}.</p><h4>What the next version changed</h4>"
                    f"<p>{diff_html(diff, self.colors)}</p>")
        self.browser.setHtml(head + body)
