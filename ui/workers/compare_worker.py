"""Run ``core.compare.compare`` in a child process, so the window's event loop never waits on it.

A pure-Python comparison in a thread holds the GIL, and some of its single calls (a regular
expression over a 50,000-word release) hold it for tens of milliseconds: the window would
stutter. ``compare_in_subprocess`` has the same signature as ``core.compare.compare`` and is
called from the task runner's worker thread; it starts a "spawn" child (no Qt is imported
there: this module imports neither PySide6 nor other ``ui`` modules), sends the documents one
by one, forwards progress, and receives the comparisons one by one, so no single (un)pickling
call is long. The release's sentences, shared by every comparison, cross the pipe once.
From four reports on the child spreads them over forked workers, one per core, as ``concord
compare`` does. Cancelling stops the child, and its workers end with it.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing as mp
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from core.compare import unpack_spans
from core.documents import (
    Document,
    LoadError,
    LoadErrorKind,
    Progress,
    ShouldCancel,
    Span,
    never_cancel,
    no_progress,
)
from core.results import CompareOptions, CompareResult, Comparison, RunState
from core.review import CellUse, CoverageMatrix

#: How often the parent looks at ``should_cancel`` while waiting for the child (seconds).
POLL_SECONDS = 0.05
PROGRESS_SECONDS = 0.05
CHILD_NICENESS = 5
#: Coverage rows per message: each unpickles in about a millisecond.
COVERAGE_CHUNK = 200


@contextmanager
def no_collection_while_receiving() -> Iterator[None]:
    """Keep Python's cyclic garbage collector from running while a large result arrives.

    Unpickling a 100-report result creates a few hundred thousand objects; that many new
    objects start full collections, which walk every object of the window's process while
    holding the GIL: 40 to 100 ms each, in whichever thread allocates, the GUI thread included.
    The result holds no reference cycles (frozen dataclasses and tuples: reference counting
    frees it), so collection is paused while it arrives, and afterwards everything that lives
    now is moved to the permanent generation (``gc.freeze``) so later collections skip it
    instead of walking it all once more.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def piped_progress(conn: Connection, interval: float = PROGRESS_SECONDS) -> Progress:
    """A child's ``progress`` callback: sends ``("progress", done, total, message)`` to the
    parent at most every ``interval`` seconds, and always the last step."""
    last = [0.0]

    def progress(done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if done >= total or now - last[0] >= interval:
            last[0] = now
            conn.send(("progress", done, total, message))

    return progress


class CompareProcessError(RuntimeError):
    """The comparison failed in the child; the message is the child's error line."""


def _child(conn: Connection, window: int) -> None:
    """Child process: receive documents, compare, stream results back. Never raises.

    From ``MIN_REPORTS`` reports on, the reports are spread over forked workers, one per core
    (``compare_parallel``, as ``concord compare`` does). The child ends with the window even if
    the window is killed outright (``end_with_parent``), and its workers end with it."""
    if hasattr(os, "nice"):
        # Below the window's priority, so on a busy machine the event loop keeps its CPU. The
        # forked workers inherit it.
        os.nice(CHILD_NICENESS)
    try:
        from core.compare import compare_parallel, pack_spans, shared_omissions
        from core.documents import end_with_parent

        end_with_parent(window)
        options, count = conn.recv()
        docs: list[Document] = [conn.recv() for _ in range(count)]
        result = compare_parallel(
            docs[0], docs[1:], options, None, never_cancel, piped_progress(conn)
        )
        sentences = result.comparisons[0].official_sentences if result.comparisons else ()
        # Omission passages most comparisons share cross once; each comparison then names
        # them by place (an unrelated report omits nearly the whole release).
        shared, places = shared_omissions(result.comparisons)
        conn.send(("begin", result.state.value, len(result.comparisons), sentences, shared))
        for comp in result.comparisons:
            packed = pack_spans(comp.omitted, places)
            conn.send(("comparison", replace(comp, official_sentences=(), omitted=()), packed))
        if result.comparisons:
            _send_coverage(conn, result)
        conn.send(("end",))
    except LoadError as exc:
        conn.send(("load_error", exc.kind.value, exc.path, exc.detail))
    except BaseException as exc:  # reported to the window as one line
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _send_coverage(conn: Connection, result: CompareResult) -> None:
    """The coverage matrix, computed here too, sent as a small head and chunks of rows."""
    from core.review import coverage_matrix

    matrix = coverage_matrix(result)
    conn.send(("coverage", replace(matrix, cells=(), sources=())))
    for a in range(0, matrix.row_count, COVERAGE_CHUNK):
        b = a + COVERAGE_CHUNK
        conn.send(("coverage_rows", matrix.cells[a:b], matrix.sources[a:b]))


def _recv(conn: Connection, proc: mp.process.BaseProcess, should_cancel: ShouldCancel) -> object:
    """Next message from the child, or None when cancelled; raises if the child died."""
    while not conn.poll(POLL_SECONDS):
        if should_cancel():
            return None
        if not proc.is_alive() and not conn.poll(0):
            raise _stopped(proc)
    try:
        return conn.recv()
    except (EOFError, OSError) as exc:  # the child ended mid-stream: killed, or out of memory
        proc.join(timeout=1)
        raise _stopped(proc) from exc


def _stopped(proc: mp.process.BaseProcess) -> CompareProcessError:
    return CompareProcessError(f"the comparison process stopped (exit code {proc.exitcode})")


def compare_in_subprocess(
    official: Document,
    reports: Sequence[Document],
    options: CompareOptions | None = None,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
) -> CompareResult:
    """``core.compare.compare`` in a child process; cancelling returns a CANCELLED result."""
    return _run(official, reports, options, should_cancel, progress)[0]


class CoverageKeeper:
    """Matrices made alongside a result, handed on once to whoever shows that result.

    Keyed by the result object itself (identity), so a matrix never reaches another result.
    Thread-safe: kept in a worker, taken in another.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[int, tuple[CompareResult, CoverageMatrix]] = {}

    def keep(self, result: CompareResult, matrix: CoverageMatrix) -> None:
        with self._lock:
            self._kept[id(result)] = (result, matrix)

    def take(self, result: CompareResult) -> CoverageMatrix | None:
        with self._lock:
            kept = self._kept.pop(id(result), None)
        return kept[1] if kept is not None and kept[0] is result else None


class SubprocessCompare:
    """Called like ``core.compare.compare``; also keeps the coverage matrix the child computed,
    for ``take_coverage(result)`` (so the window's process computes neither)."""

    def __init__(self) -> None:
        self._coverage = CoverageKeeper()
        self.take_coverage = self._coverage.take

    def __call__(
        self,
        official: Document,
        reports: Sequence[Document],
        options: CompareOptions | None = None,
        should_cancel: ShouldCancel = never_cancel,
        progress: Progress = no_progress,
    ) -> CompareResult:
        result, matrix = _run(official, reports, options, should_cancel, progress)
        if matrix is not None:
            self._coverage.keep(result, matrix)
        return result


class CompareWithCoverage:
    """Called like ``core.compare.compare``; ``take_coverage`` hands on a matrix made with it.

    For wrappers around ``SubprocessCompare`` (the session controller's cache) that build a
    new result: without it the window would compute the matrix again.
    """

    def __init__(
        self,
        fn: Callable[..., CompareResult],
        take: Callable[[CompareResult], CoverageMatrix | None],
    ) -> None:
        self._fn = fn
        self.take_coverage = take

    def __call__(self, *args: Any, **kwargs: Any) -> CompareResult:
        return self._fn(*args, **kwargs)


def _run(
    official: Document,
    reports: Sequence[Document],
    options: CompareOptions | None,
    should_cancel: ShouldCancel,
    progress: Progress,
) -> tuple[CompareResult, CoverageMatrix | None]:
    options = options or CompareOptions()
    documents = (official, *reports)
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    # Not a daemon: a daemonic process may not start the workers of ``compare_parallel``. So
    # that the window's exit never waits on it, it is ended below when the comparison ends or
    # is cancelled, and at exit by ``_end_children`` if something left it running.
    proc = ctx.Process(target=_child, args=(child, os.getpid()), daemon=False,
                       name="concord-compare")
    proc.start()
    _CHILDREN.add(proc)
    child.close()
    comparisons: list[Comparison] = []
    state = RunState.CANCELLED
    receiving = ExitStack()
    try:
        try:
            parent.send((options, len(documents)))
            for doc in documents:
                if should_cancel():
                    return CompareResult(documents, (), RunState.CANCELLED), None
                parent.send(doc)
        except OSError as exc:  # a broken pipe: the child ended before it read them all
            proc.join(timeout=1)
            raise _stopped(proc) from exc
        sentences: tuple = ()
        shared: tuple[Span, ...] = ()
        head: CoverageMatrix | None = None
        cells: list[tuple[CellUse, ...]] = []
        sources: list[tuple[tuple[Span, ...], ...]] = []
        while True:
            msg = _recv(parent, proc, should_cancel)
            if msg is None:
                return CompareResult(documents, tuple(comparisons), RunState.CANCELLED), None
            assert isinstance(msg, tuple)
            tag = msg[0]
            if tag == "progress":
                progress(msg[1], msg[2], msg[3])
            elif tag == "begin":
                # From here to "end" the result streams in: a fraction of a second.
                receiving.enter_context(no_collection_while_receiving())
                state, sentences, shared = RunState(msg[1]), msg[3], msg[4]
            elif tag == "comparison":
                comparisons.append(replace(
                    msg[1], official_sentences=sentences, omitted=unpack_spans(msg[2], shared)
                ))
            elif tag == "coverage":
                head = msg[1]
            elif tag == "coverage_rows":
                cells += msg[1]
                sources += msg[2]
            elif tag == "end":
                result = CompareResult(documents, tuple(comparisons), state)
                if head is None or len(cells) != head.row_count:
                    return result, None
                return result, replace(head, cells=tuple(cells), sources=tuple(sources))
            elif tag == "load_error":
                raise LoadError(LoadErrorKind(msg[1]), msg[2], msg[3])
            else:
                raise CompareProcessError(str(msg[1]))
    finally:
        receiving.close()
        parent.close()
        _end(proc)


#: Comparison children still running: ended at exit, before multiprocessing joins them.
_CHILDREN: weakref.WeakSet[mp.process.BaseProcess] = weakref.WeakSet()


def _end(proc: mp.process.BaseProcess) -> None:
    if proc.is_alive():
        proc.terminate()
    proc.join(timeout=2)
    _CHILDREN.discard(proc)


@atexit.register
def _end_children() -> None:
    # Registered after multiprocessing's own exit handler (imported above), so it runs first:
    # that handler joins every non-daemonic child and would wait for a comparison to finish.
    for proc in list(_CHILDREN):
        _end(proc)
