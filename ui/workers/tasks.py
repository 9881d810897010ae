"""The window's one background task runner: loading, comparing and exporting all go through it.

A ``QRunnable`` on ``QThreadPool.globalInstance()`` owns a ``QObject`` channel that carries its
signals (a runnable cannot emit), as git-cola's ``qtutils`` task does. Every submit names a key
and gets a token; a newer submit of the same key cancels the older one and the older result is
dropped when it arrives. The work function receives ``should_cancel`` (backed by a
``threading.Event``) and ``progress``, so core code never sees Qt. Results, failures and progress
are delivered on the GUI thread, a few at a time: when a hundred loads finish together, their
results are handed out over several event-loop passes (``DELIVERY_BUDGET_S`` each) so painting
and input get their turn in between. Must not import ``ui`` widgets.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from core.documents import LoadError, Progress, ShouldCancel

log = logging.getLogger(__name__)

#: A unit of background work: ``fn(should_cancel, progress) -> result``.
Work = Callable[[ShouldCancel, Progress], Any]

#: Progress is forwarded at most this often (seconds) so a chatty core cannot flood the GUI.
PROGRESS_INTERVAL = 0.05

#: Most time (seconds) one event-loop pass spends handing out arrived results; a single result
#: is always delivered whole, the next ones wait for the next pass.
DELIVERY_BUDGET_S = 0.008


class TaskCancelled(Exception):
    """Raised by work functions that stop early because ``should_cancel()`` said so."""


class _Channel(QObject):
    """Lives on the GUI thread; the worker emits through it, so delivery is queued."""

    progress = Signal(int, int, int, str)
    finished = Signal(int, object)
    failed = Signal(int, str)


class _Runnable(QRunnable):
    def __init__(self, token: int, work: Work, cancel: threading.Event, channel: _Channel) -> None:
        super().__init__()
        self._token = token
        self._work = work
        self._cancel = cancel
        self._channel = channel
        self._last_progress = 0.0
        # The runner keeps a reference until the result is delivered (see TaskRunner._tasks).
        self.setAutoDelete(False)

    def _progress(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if done < total and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self._channel.progress.emit(self._token, done, total, message)

    def run(self) -> None:
        try:
            result = self._work(self._cancel.is_set, self._progress)
        except TaskCancelled:
            self._channel.finished.emit(self._token, None)
        except LoadError as exc:
            self._channel.failed.emit(self._token, str(exc))
        except Exception as exc:  # every failure reaches the window as a message, never a crash
            log.debug("task %d failed:\n%s", self._token, traceback.format_exc())
            self._channel.failed.emit(self._token, f"{type(exc).__name__}: {exc}")
        else:
            self._channel.finished.emit(self._token, result)


@dataclass
class _Task:
    key: str
    token: int
    cancel: threading.Event
    runnable: _Runnable
    on_result: Callable[[Any], None] | None
    on_error: Callable[[str], None] | None
    on_progress: Callable[[int, int, str], None] | None
    #: A quiet task (a look-up that answers in tens of milliseconds) never makes the window
    #: "busy": no progress bar and Cancel button flashing at every click.
    quiet: bool = False
    started: float = field(default_factory=time.monotonic)


class TaskRunner(QObject):
    """Submit work by key; only the newest token of each key is delivered."""

    #: key, token
    started = Signal(str, int)
    #: key, done, total, message
    progress = Signal(str, int, int, str)
    #: key, token, result (only for the newest token of the key; None when cancelled)
    finished = Signal(str, int, object)
    #: key, token, message
    failed = Signal(str, int, str)
    #: key, token: a stale result or failure that was dropped
    dropped = Signal(str, int)
    #: True while any task runs
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._channel = _Channel(self)
        self._channel.progress.connect(self._arrived_progress)
        self._channel.finished.connect(self._arrived_finished)
        self._channel.failed.connect(self._arrived_failed)
        # Arrivals wait here in order; a zero timer (not a posted call) hands them out, so
        # timers, input and painting run between batches.
        self._inbox: deque[tuple[Callable[..., None], tuple[Any, ...]]] = deque()
        self._deliver_timer = QTimer(self)
        self._deliver_timer.setSingleShot(True)
        self._deliver_timer.setInterval(0)
        self._deliver_timer.timeout.connect(self._deliver)
        self._tokens = itertools.count(1)
        self._tasks: dict[int, _Task] = {}
        self._current: dict[str, int] = {}

    # -- submitting and cancelling -----------------------------------------------------------

    def submit(
        self,
        key: str,
        work: Work,
        *,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        quiet: bool = False,
    ) -> int:
        """Run ``work`` in the pool; a running task with the same key is cancelled and dropped.

        A ``quiet`` task does not count as busy (``is_busy``, ``busyChanged``, ``running_keys``).
        """
        old = self._current.get(key)
        if old is not None and old in self._tasks:
            self._tasks[old].cancel.set()
        token = next(self._tokens)
        cancel = threading.Event()
        runnable = _Runnable(token, work, cancel, self._channel)
        was_busy = self.is_busy()
        self._tasks[token] = _Task(
            key, token, cancel, runnable, on_result, on_error, on_progress, quiet
        )
        self._current[key] = token
        self.started.emit(key, token)
        if not was_busy and not quiet:
            self.busyChanged.emit(True)
        self._pool.start(runnable)
        return token

    def cancel(self, key: str | None = None) -> None:
        """Ask the task of ``key`` (or every task but the quiet ones) to stop; its result will
        be dropped. Quiet tasks end in milliseconds; cancelling one would strand its answer."""
        for task in list(self._tasks.values()):
            if (key is None and not task.quiet) or task.key == key:
                task.cancel.set()
                if self._current.get(task.key) == task.token:
                    del self._current[task.key]

    def is_current(self, key: str, token: int) -> bool:
        return self._current.get(key) == token

    def is_busy(self) -> bool:
        return any(
            not t.quiet and self._current.get(t.key) == t.token for t in self._tasks.values()
        )

    def running_keys(self) -> list[str]:
        return sorted(
            {t.key for t in self._tasks.values() if not t.quiet and self.is_current(t.key, t.token)}
        )

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """Block until the pool's threads finish (shutdown and tests only)."""
        return bool(self._pool.waitForDone(msecs))

    # -- delivery on the GUI thread ----------------------------------------------------------

    @Slot(int, int, int, str)
    def _arrived_progress(self, token: int, done: int, total: int, message: str) -> None:
        self._arrive(self._on_progress, (token, done, total, message))

    @Slot(int, object)
    def _arrived_finished(self, token: int, result: object) -> None:
        self._arrive(self._on_finished, (token, result))

    @Slot(int, str)
    def _arrived_failed(self, token: int, message: str) -> None:
        self._arrive(self._on_failed, (token, message))

    def _arrive(self, handler: Callable[..., None], args: tuple[Any, ...]) -> None:
        self._inbox.append((handler, args))
        if not self._deliver_timer.isActive():
            self._deliver_timer.start()

    def _deliver(self) -> None:
        deadline = time.perf_counter() + DELIVERY_BUDGET_S
        # Armed first: a slot that raises must not strand the results behind it.
        self._deliver_timer.start()
        while self._inbox and time.perf_counter() < deadline:
            handler, args = self._inbox.popleft()
            handler(*args)
        if not self._inbox:
            self._deliver_timer.stop()

    def _take(self, token: int) -> _Task | None:
        task = self._tasks.pop(token, None)
        if task is None:
            return None
        current = self._current.get(task.key) == token
        if current:
            del self._current[task.key]
        quiet = task.quiet
        if not current or task.cancel.is_set():
            self.dropped.emit(task.key, token)
            task = None
        if not quiet and not self.is_busy():
            self.busyChanged.emit(False)
        return task

    def _on_progress(self, token: int, done: int, total: int, message: str) -> None:
        task = self._tasks.get(token)
        if task is None or not self.is_current(task.key, token) or task.cancel.is_set():
            return
        self.progress.emit(task.key, done, total, message)
        if task.on_progress is not None:
            task.on_progress(done, total, message)

    def _on_finished(self, token: int, result: object) -> None:
        task = self._take(token)
        if task is None:
            return
        log.debug("task %s finished in %.3fs", task.key, time.monotonic() - task.started)
        self.finished.emit(task.key, token, result)
        if task.on_result is not None:
            task.on_result(result)

    def _on_failed(self, token: int, message: str) -> None:
        task = self._take(token)
        if task is None:
            return
        self.failed.emit(task.key, token, message)
        if task.on_error is not None:
            task.on_error(message)
