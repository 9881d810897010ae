"""qtawesome icons for the window, created on demand (only after the QApplication exists).

One place maps actions and document formats to Font Awesome names, so widgets never spell icon
names themselves. Icons follow the palette's text colour. Must not import ``core`` internals
beyond ``core.document``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon, QPalette

from core.documents import DocFormat

FORMAT_ICONS: dict[DocFormat, str] = {
    DocFormat.PDF: "fa5s.file-pdf",
    DocFormat.DOCX: "fa5s.file-word",
    DocFormat.HTML: "fa5s.file-code",
    DocFormat.TXT: "fa5s.file-alt",
}

_EXTENSION_FORMATS = {
    ".pdf": DocFormat.PDF,
    ".docx": DocFormat.DOCX,
    ".html": DocFormat.HTML,
    ".htm": DocFormat.HTML,
    ".xhtml": DocFormat.HTML,
}

ACTION_ICONS: dict[str, str] = {
    "open": "fa5s.folder-open",
    "remove": "fa5s.times",
    "release": "fa5s.star",
    "report": "fa5s.newspaper",
    "cancel": "fa5s.stop-circle",
    "lock": "fa5s.lock",
    "unlock": "fa5s.lock-open",
    "find": "fa5s.search",
    "next": "fa5s.chevron-down",
    "previous": "fa5s.chevron-up",
    "close": "fa5s.times",
    "error": "fa5s.exclamation-triangle",
    "loading": "fa5s.hourglass-half",
    "quit": "fa5s.sign-out-alt",
    "about": "fa5s.info-circle",
    "original": "fa5s.file-image",
    "page_previous": "fa5s.chevron-left",
    "page_next": "fa5s.chevron-right",
    "zoom_in": "fa5s.search-plus",
    "zoom_out": "fa5s.search-minus",
    "fit_width": "fa5s.arrows-alt-h",
    "external": "fa5s.external-link-alt",
}


def _text_color() -> str:
    return str(QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name())


#: Sizes each icon is drawn at once; QIcon picks the nearest and scales from it.
PIXMAP_SIZES = (16, 20, 24, 32, 48, 64)


@cache
def _icon(name: str, color: str) -> QIcon:
    # Drawn once into pixmaps: a qtawesome icon paints through Python every time it is shown,
    # and the document list (three icons a row) took 3.5 ms a repaint with them, 1.3 ms with
    # pixmaps, and longer still while a worker thread held the GIL.
    glyph = qta.icon(name, color=color)
    drawn = QIcon()
    for size in PIXMAP_SIZES:
        drawn.addPixmap(glyph.pixmap(QSize(size, size)))
    return drawn


def icon(action: str) -> QIcon:
    """The icon of an action name from ``ACTION_ICONS``."""
    return _icon(ACTION_ICONS[action], _text_color())


def format_of_path(path: str) -> DocFormat:
    """Best guess from the extension, for a file that is not loaded yet."""
    return _EXTENSION_FORMATS.get(Path(path).suffix.lower(), DocFormat.TXT)


def format_icon(fmt: DocFormat) -> QIcon:
    return _icon(FORMAT_ICONS[fmt], _text_color())
