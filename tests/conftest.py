"""Shared pytest fixtures: Qt runs offscreen; window tests get a throwaway settings file.

``QT_QPA_PLATFORM`` is set at import time, before pytest-qt creates the QApplication.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: pytest.Config) -> None:
    # As the app does at start-up (ui/qt_fixes.py): PySide6 6.12.0 leaks a reference to True
    # on every Python emit, and a long test session would otherwise abort in bool_dealloc.
    try:
        from ui.style.qt_fixes import guard_refcount_leaks
    except ImportError:  # Qt not installed: core tests still run
        return
    guard_refcount_leaks()


ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"


@pytest.fixture
def ui_settings(tmp_path: Path) -> Iterator[object]:
    """A file-based QSettings in ``tmp_path``, so tests never touch the user's settings."""
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "concord-test.ini"), QSettings.Format.IniFormat)
    yield settings
    settings.sync()


@pytest.fixture
def seeds_dir() -> Path:
    if not (SEEDS / "manifest.json").exists():
        pytest.skip(f"seed corpus not found at {SEEDS} (../shared is missing)")
    return SEEDS
