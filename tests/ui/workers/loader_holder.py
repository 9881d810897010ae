"""A process that starts the window's loader pool and waits, for the test that kills it.

Its own module, without Qt, so that a spawned process importing it starts quickly."""

from __future__ import annotations

import time


def hold_a_loader(path: str) -> None:
    from ui.workers.load_worker import ProcessLoader

    loader = ProcessLoader(workers=2)
    loader(path)  # a worker is up, and waits for its next task
    time.sleep(60)  # killed long before
