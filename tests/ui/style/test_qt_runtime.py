"""The installed Qt binding must not leak references to None (PySide6 6.12.0 does).

On Python 3.11 every void call in PySide6 6.12.0 drops one reference to None, so painting and
PDF printing abort the interpreter after a while ("deallocating None"); pyproject pins below it.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QImage, QPainter


def test_void_qt_calls_keep_none_references(qapp: object) -> None:
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(500):
            painter.save()
            painter.restore()
        after = sys.getrefcount(None)
    finally:
        painter.end()
    # Other threads may hold a few references for a moment; a leak loses ~1000.
    assert after - before > -50
