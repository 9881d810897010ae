"""Batch: many (release, report) pairs compared on a Dask cluster, resumably, to JSONL and Parquet.

``pairs_from_manifest`` (a JSON-lines manifest) and ``pairs_from_sources`` (a release and
folders or glob patterns of reports) give the ``Pair``s; ``run_batch`` compares those not yet in
the output, on a Dask client (``dask_client``: a local cluster sized to the machine, or an
existing scheduler's address) or serially in this process, with each release prepared once
per worker. Each finished pair is one JSONL line (the ``compare --json`` form plus its id and
``summary`` row), flushed at once; a failing pair is an error line, never the end of the batch.
At the end the lines are put in the batch's order and ``write_parquet`` writes one row per pair
(scorecard figures, findings by kind). Depends on ``documents``, ``results``, ``compare`` and
``review``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.batch.cluster import dask_client, default_workers
from core.batch.pairs import BatchError, Pair, pairs_from_manifest, pairs_from_sources
from core.batch.rows import COUNT_COLUMNS, SHARE_COLUMNS, write_parquet
from core.batch.runner import BatchReport, run_batch
from core.batch.worker import PREPARED

__all__ = [
    "COUNT_COLUMNS",
    "PREPARED",
    "SHARE_COLUMNS",
    "BatchError",
    "BatchReport",
    "Pair",
    "dask_client",
    "default_workers",
    "pairs_from_manifest",
    "pairs_from_sources",
    "run_batch",
    "write_parquet",
]
