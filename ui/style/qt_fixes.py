"""Work-arounds for defects of the installed Qt binding, applied once at start-up.

PySide6 6.12.0 returns ``None`` from every void method (``QLabel.setText``, ``QPainter.setPen``,
...) and ``True`` from ``SignalInstance.emit()`` without taking a new reference (6.11.3 does not;
measured: -1 reference per call). On Python < 3.12, where these objects are not immortal, a
session that makes enough calls aborts with "Fatal Python error: none_dealloc" or
"bool_dealloc" (seen at the end of ``bench/bench_ui_stall.py``; a window that repaints its
ribbons while scrolling makes thousands of such calls a second). ``guard_refcount_leaks``
detects each leak with a few probe calls and, only where one is found, gives the object a large
reserve of references, as Python 3.12 does by making them immortal. The real fix is a PySide6
release without the defect (pin ``<6.12``). Imports QtCore only.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

#: References added to an object whose count a binding call leaks (never used up in practice).
RESERVE = 1 << 40
_PROBES = 16


class _Probe(QObject):
    ping = Signal()


def _leaks(obj: object, call: object) -> bool:
    before = sys.getrefcount(obj)
    for _ in range(_PROBES):
        call()  # type: ignore[operator]
    return sys.getrefcount(obj) <= before - _PROBES // 2


def emit_leaks_true() -> bool:
    """True when a Python ``emit`` takes a reference from ``True`` (PySide6 6.12.0)."""
    probe = _Probe()
    return _leaks(True, probe.ping.emit)


def void_call_leaks_none() -> bool:
    """True when a void Qt method takes a reference from ``None`` (PySide6 6.12.0)."""
    probe = _Probe()
    return _leaks(None, lambda: probe.setObjectName("probe"))


def guard_refcount_leaks() -> list[str]:
    """Apply the reserve where a leak is found; returns the names of the guarded objects."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return []
    guarded: list[str] = []
    targets: list[tuple[str, object]] = []
    if void_call_leaks_none():
        targets.append(("None", None))
    if emit_leaks_true():
        targets += [("True", True), ("False", False)]
    for name, obj in targets:
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(obj)).value += RESERVE
        guarded.append(name)
    return guarded
