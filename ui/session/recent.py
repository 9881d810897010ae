"""The Open Recent list of session files, newest first, kept in the window's ``QSettings``.

Imports only ``PySide6.QtCore``; the session controller and the File menu use it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

RECENT_KEY = "sessions/recent"
MAX_RECENT = 8


def read_recent(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY)
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)  # INI gives a str for one item
    return [str(v) for v in items if v]


def add_recent(settings: QSettings, path: str | Path) -> None:
    p = str(Path(path).resolve())
    items = [p] + [r for r in read_recent(settings) if r != p]
    settings.setValue(RECENT_KEY, items[:MAX_RECENT])


def prune_recent(settings: QSettings) -> tuple[list[str], list[str]]:
    """The files still there, and those no longer found (dropped from the list)."""
    items = read_recent(settings)
    present = [p for p in items if Path(p).is_file()]
    missing = [p for p in items if p not in present]
    if missing:
        settings.setValue(RECENT_KEY, present)
    return present, missing


def clear_recent(settings: QSettings) -> None:
    settings.setValue(RECENT_KEY, [])
