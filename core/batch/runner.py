"""Run a batch: every pair not written yet, on a Dask cluster or in this process, resumably.

``run_batch`` opens the results file (skipping pairs already written, unless ``restart``),
hands the remaining pairs to the cluster grouped by release, so that each worker prepares a
release once, writes each finished pair's line as it arrives, and at the end (also after
Ctrl-C) puts the lines in the batch's order and writes the Parquet table. At most a few
pairs per worker thread are in flight, so a batch of any size holds little in memory and an
interruption loses at most those. Without a client the same pairs run one after another in
this process: the reference a Dask run must equal.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from core.batch.cluster import worker_threads
from core.batch.output import ResultsFile
from core.batch.pairs import Pair
from core.batch.rows import write_parquet
from core.batch.worker import Outcome, failed, run_pair
from core.documents import Progress, no_progress
from core.results import CompareOptions

#: Pairs in flight per worker thread: enough to keep every worker busy between hand-outs.
IN_FLIGHT_PER_THREAD = 4


@dataclass(frozen=True)
class BatchReport:
    """What a batch run did."""

    total: int
    #: Pairs found already written and not run again.
    skipped: int
    #: Pairs run this time.
    ran: int
    #: Pairs in the output that compared, and that failed (earlier runs included).
    ok: int
    failed: int
    interrupted: bool = False


def run_batch(
    pairs: Sequence[Pair],
    out: str | Path,
    options: CompareOptions,
    *,
    parquet: str | Path | None = None,
    client: Any = None,
    restart: bool = False,
    retry_errors: bool = False,
    progress: Progress = no_progress,
) -> BatchReport:
    """Compare every pair of ``pairs`` not already in ``out``; see the module's docstring."""
    order = [p.id for p in pairs]
    results = ResultsFile(out, restart=restart)
    written = results.written

    def done(p: Pair) -> bool:
        # An id's line counts only for the same two files: ids default to line numbers, and a
        # rerun with an edited manifest (or another one) must compare its own pairs.
        w = written.get(p.id)
        return (w is not None and w.row.get("official") == p.official
                and w.row.get("report") == p.report
                and (bool(w.row.get("ok")) or not retry_errors))

    todo = [p for p in pairs if not done(p)]
    # Lines of ids this batch does not have, from an earlier batch into the same file, are not
    # this batch's results: they leave the file, its Parquet table and its counts.
    results.keep_only(order)
    # Grouped by release (stable within it): a worker takes its next pair most often for the
    # release it has just prepared.
    todo.sort(key=lambda p: p.official)
    skipped, total = len(pairs) - len(todo), len(pairs)
    ran, interrupted = 0, False
    progress(skipped, total, "starting")
    try:
        with results, _first_ctrl_c_stops() as stop:
            outcomes = _on_cluster(todo, options, client) if client else _serial(todo, options)
            for outcome in outcomes:
                results.append(outcome.id, outcome.line, outcome.row)
                ran += 1
                progress(skipped + ran, total, outcome.id)
                if stop.is_set():
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        interrupted = True
    finally:
        results.finish(order)
        if parquet is not None:
            write_parquet(results.rows(order), parquet)
    rows = results.rows(order)
    ok = sum(1 for r in rows if r.get("ok"))
    return BatchReport(total, skipped, ran, ok, len(rows) - ok, interrupted)


@contextmanager
def _first_ctrl_c_stops() -> Iterator[threading.Event]:
    """The first Ctrl-C sets the event (the batch stops at the next finished pair), a second
    one interrupts at once.

    A KeyboardInterrupt raised while Dask's client waits inside its event loop leaves Dask
    logging errors of its own; stopping between two pairs does not.
    """
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signal handlers belong to the main thread
        return

    def on_ctrl_c(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _serial(todo: Sequence[Pair], options: CompareOptions) -> Iterator[Outcome]:
    for pair in todo:
        yield run_pair(pair, options)


def _on_cluster(todo: Sequence[Pair], options: CompareOptions, client: Any) -> Iterator[Outcome]:
    from distributed import as_completed

    window = IN_FLIGHT_PER_THREAD * worker_threads(client)
    waiting = iter(todo)
    pair_of: dict[Any, Pair] = {}

    def submit(pair: Pair) -> Any:
        future = client.submit(run_pair, pair, options, pure=False)
        pair_of[future] = pair
        return future

    futures = as_completed([submit(p) for p in islice(waiting, window)])
    try:
        for future in futures:
            pair = pair_of.pop(future)
            try:
                outcome: Outcome = future.result()
            except Exception as exc:  # the worker died (KilledWorker) or the cluster failed
                outcome = failed(pair, f"the worker failed ({type(exc).__name__}: {exc})")
            yield outcome
            following = next(waiting, None)
            if following is not None:
                futures.add(submit(following))
    finally:
        # Interrupted (or a write failed): stop what is still queued on the cluster.
        if pair_of:
            client.cancel(list(pair_of))
