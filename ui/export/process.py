"""Run an evidence-pack export in a child process, so the window's thread never waits on it.

Building the pack, writing Word and JSON are pure Python: from a worker thread they hold the GIL
and the window stalled for up to 0.5 s while the 100-report scale case exported (measured with
a 5 ms timer). ``export_in_subprocess`` has the contract of ``job.run_export`` (all or
nothing, None when cancelled, ``ExportFailed`` with a one-line message) and runs it in a "spawn"
child: the documents, comparisons and annotations cross the pipe one by one, so no single
pickling call is long, and the release's sentences only once. Progress comes back throttled.
Cancelling asks the child to stop (it removes its partial files); one that does not answer
within ``CANCEL_GRACE_S`` is killed and its partial files are removed here. Imports neither
PySide6 nor widgets at module level (the child imports Qt only to print a PDF).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from multiprocessing.connection import Connection

from core.anchoring import Annotation
from core.documents import Progress, ShouldCancel
from core.results import CompareResult, RunState
from ui.export.job import ExportFailed, ExportOutcome, ExportRequest, run_export
from ui.workers.compare_worker import piped_progress

#: How often the parent looks at ``should_cancel`` while waiting (seconds).
POLL_SECONDS = 0.05
PROGRESS_SECONDS = 0.1
CANCEL_GRACE_S = 10.0
CHILD_NICENESS = 5


def _child(conn: Connection) -> None:
    """Child process: receive the export, run it, send the outcome. Never raises."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a PDF printed here needs no screen
    if hasattr(os, "nice"):
        os.nice(CHILD_NICENESS)
    try:

        session_name, request, state, n_docs, n_comps = conn.recv()
        docs = [conn.recv() for _ in range(n_docs)]
        sentences = conn.recv()
        comps = [replace(conn.recv(), official_sentences=sentences) for _ in range(n_comps)]
        annotations: list[Annotation] = conn.recv()
        result = CompareResult(tuple(docs), tuple(comps), RunState(state))
        cancelled = threading.Event()
        threading.Thread(target=_wait_for_cancel, args=(conn, cancelled), daemon=True).start()
        try:
            outcome = run_export(result, annotations, session_name, request, cancelled.is_set,
                                 piped_progress(conn, PROGRESS_SECONDS))
        except ExportFailed as exc:
            conn.send(("failed", str(exc)))
        else:
            conn.send(("done", outcome))
    except BaseException as exc:  # reported to the window as one line
        with contextlib.suppress(OSError, ValueError):
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _wait_for_cancel(conn: Connection, cancelled: threading.Event) -> None:
    with contextlib.suppress(EOFError, OSError):
        conn.recv()  # the parent only ever sends "cancel" from here on
    cancelled.set()


def export_in_subprocess(
    result: CompareResult,
    annotations: Sequence[Annotation],
    session_name: str,
    request: ExportRequest,
    should_cancel: ShouldCancel,
    progress: Progress,
) -> ExportOutcome | None:
    """``run_export`` in a child process; the same outcome, None when cancelled."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_child, args=(child,), daemon=True, name="concord-export")
    proc.start()
    child.close()
    try:
        sentences = result.comparisons[0].official_sentences if result.comparisons else ()
        parent.send((session_name, request, result.state.value, len(result.documents),
                     len(result.comparisons)))
        for doc in result.documents:
            parent.send(doc)
        parent.send(sentences)
        for comp in result.comparisons:
            parent.send(replace(comp, official_sentences=()))
        parent.send(list(annotations))
        asked_at: float | None = None
        while True:
            if should_cancel() and asked_at is None:
                parent.send(("cancel",))
                asked_at = time.monotonic()
            if asked_at is not None and time.monotonic() - asked_at > CANCEL_GRACE_S:
                proc.kill()
                _remove_partial_files(request)
                return None
            if not parent.poll(POLL_SECONDS):
                if not proc.is_alive() and not parent.poll(0):
                    _remove_partial_files(request)
                    raise ExportFailed(
                        f"the export process stopped (exit code {proc.exitcode})"
                    )
                continue
            msg = parent.recv()
            if msg[0] == "progress":
                progress(msg[1], msg[2], msg[3])
            elif msg[0] == "done":
                # Written before the cancel arrived: the files are in place; the task runner
                # drops a cancelled task's outcome all the same.
                outcome: ExportOutcome | None = msg[1]
                return outcome
            elif asked_at is not None:
                _remove_partial_files(request)
                return None  # stopped because it was asked to, however it said so
            else:
                raise ExportFailed(str(msg[1]))
    except (BrokenPipeError, EOFError) as exc:
        _remove_partial_files(request)
        raise ExportFailed(f"the export process stopped (exit code {proc.exitcode})") from exc
    finally:
        parent.close()
        proc.join(timeout=2)
        if proc.is_alive():
            proc.kill()


def _remove_partial_files(request: ExportRequest) -> None:
    """The hidden ``.name.XXXX.part.ext`` files a killed child may have left beside targets."""
    for _fmt, path in request.targets():
        for part in path.parent.glob(f".{path.stem}.*.part{path.suffix}"):
            with contextlib.suppress(OSError):
                part.unlink()
