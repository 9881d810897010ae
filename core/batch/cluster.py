"""The Dask client a batch runs on: a local cluster sized to the machine, or an existing one.

``dask_client(None, workers)`` starts a ``LocalCluster`` of ``workers`` processes (default: one
per core) with one thread each: comparing is pure Python and holds the GIL, so threads would
not run in parallel. ``dask_client(address)`` connects to a running scheduler
(``dask scheduler`` and ``dask worker`` on any number of machines); the batch is the same.
Dask's own log lines are kept to critical ones, as the command line prints its own progress
and outcomes. A
scheduler that cannot be reached is one ``BatchError``.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from core.batch.pairs import BatchError

#: How long to wait for an existing scheduler to answer before giving up.
CONNECT_TIMEOUT = "10s"


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@contextmanager
def dask_client(
    scheduler: str | None = None, workers: int | None = None, *, processes: bool = True
) -> Iterator[Any]:
    """A ``distributed.Client`` for the batch, closed (with its local cluster) on exit."""
    # Imported here: starting Dask takes a second, which no other subcommand should pay.
    import dask
    from distributed import Client, LocalCluster

    # Critical only: a batch reports every pair's outcome itself (a failed pair, a dead worker
    # are error rows), and on a loaded machine a worker's heartbeat to a scheduler that is
    # closing after Ctrl-C logs an ERROR with a traceback, which a user must not see.
    for name in ("distributed", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    with dask.config.set({"distributed.admin.system-monitor.gil.enabled": False,
                          "logging.distributed": "critical"}):
        if scheduler is not None:
            try:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
            with client:
                yield client
            return
        n = default_workers() if workers is None else workers
        if n < 1:
            raise BatchError(f"--workers must be 1 or more, not {n}")
        with _workers_ignore_ctrl_c():
            cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,
            )
        with cluster, Client(cluster) as client:
            yield client


@contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Start worker processes with Ctrl-C ignored; this process still gets it.

    Ctrl-C on a terminal reaches every process of the group: each worker would print its own
    traceback. An ignored signal stays ignored in the processes started meanwhile, and only
    this process then handles it: it stops handing out pairs and closes the cluster.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may change signal handlers (and only it gets Ctrl-C)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


#: How long to wait for a cluster with no workers yet to get one before giving up.
WORKER_WAIT_S = 30.0


def worker_threads(client: Any) -> int:
    """How many tasks the cluster runs at once (its workers' threads together); a cluster
    that has no worker within ``WORKER_WAIT_S`` is a ``BatchError``, never a silent wait."""
    threads = sum(client.nthreads().values())
    if threads == 0:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except (TimeoutError, OSError) as exc:
            raise BatchError(
                f"the Dask cluster has no workers (none joined in {WORKER_WAIT_S:.0f} s); "
                "start some with 'dask worker ADDRESS'") from exc
        threads = sum(client.nthreads().values())
    return max(1, threads)
