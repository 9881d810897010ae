"""Load documents in child processes, so loader code never competes with the window for the GIL.

Two threads of pure-Python work next to the GUI thread starve it: measured on the 2-core machine,
a 5 ms timer's longest gap grows from 9 ms (no work) to 30 ms (one busy thread) and 230 ms (two).
The task runner's threads therefore only wait here, while ``load_document`` runs in a small
"spawn" process pool (no Qt is imported there: this module imports neither PySide6 nor other
``ui`` modules). A loader that crashes its process (a parser fault on a malformed file) costs
that file a ``LoadError``, not the window. Cancelling is left to the runner: a superseded
result is dropped when it arrives.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from core.documents import Document, LoadError, LoadErrorKind, end_with_parent, keep_fetched

CHILD_NICENESS = 5


def _init_child(window: int) -> None:
    # Ended with the window even if it is killed outright: otherwise a loader waits on its task
    # pipe for good (found 2026-12-06 after a SIGTERM to the window).
    end_with_parent(window)
    if hasattr(os, "nice"):
        os.nice(CHILD_NICENESS)


def _load_in_child(path: str) -> Document | tuple[Document, bytes] | tuple[str, str, str, str]:
    from core.documents import is_address, load_address, load_document, take_fetched

    try:
        if is_address(path):
            # The page's bytes go back with it: the session keeps the original as compared.
            doc = load_address(path)
            return doc, take_fetched(doc.path, doc.sha256) or b""
        return load_document(path)
    except LoadError as exc:  # its __init__ takes three arguments: send the parts
        return ("load_error", exc.kind.value, exc.path, exc.detail)


class ProcessLoader:
    """``loader(path) -> Document`` in a process pool; raises ``LoadError`` like the core."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or max(1, min(2, os.cpu_count() or 1))
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self._workers,
                    mp_context=mp.get_context("spawn"),
                    initializer=_init_child,
                    initargs=(os.getpid(),),
                )
            return self._executor

    def __call__(self, path: str) -> Document:
        # A crash breaks the whole pool, failing every load in flight: each gets one retry in
        # a fresh pool, so only the file that crashes it twice is reported.
        for attempt in (1, 2):
            pool = self._pool()
            try:
                result = pool.submit(_load_in_child, path).result()
                break
            except BrokenProcessPool as exc:
                with self._lock:
                    if self._executor is pool:
                        self._executor = None
                if attempt == 2:
                    raise LoadError(
                        LoadErrorKind.CORRUPT, path, "the file made the document reader crash"
                    ) from exc
        if isinstance(result, tuple) and len(result) == 2:
            doc, data = result
            keep_fetched(doc.path, doc.sha256, data)
            return doc
        if isinstance(result, tuple):
            raise LoadError(LoadErrorKind(result[1]), result[2], result[3])
        return result

    def shutdown(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None


#: One pool for the whole process, shared by every window and test.
shared_loader = ProcessLoader()
