"""The cancel and progress callables every long core function takes, never Qt signals.

Loading is the first long task, so the protocol lives in the bottom package and every layer
above may use it: ``should_cancel()`` is polled and True stops the work (a ``CANCELLED`` result
or a ``*Cancelled`` exception, as each function says); ``progress(done, total, message)`` is
called from the worker and must not touch a UI directly.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``should_cancel()`` is polled by long computations; True stops them with state CANCELLED.
ShouldCancel = Callable[[], bool]
#: ``progress(done, total, message)``; called from the worker, never touches a UI directly.
Progress = Callable[[int, int, str], None]


def never_cancel() -> bool:
    return False


def no_progress(done: int, total: int, message: str) -> None:
    return None
