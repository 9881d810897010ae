"""What runs on a worker: one pair in, its JSONL line out, the release prepared once per worker.

``run_pair`` loads the report, takes the prepared release from this worker's cache (preparing
it on first use), compares and returns an ``Outcome``: the finished JSON line (the
``compare --json`` form of the pair plus ``id`` and its ``summary`` row) or an error line. It
never raises for a bad pair: a file that cannot be read, a document too long, even a bug in the
engine, all become that pair's error line, so one pair never stops a batch.

The cache is per Dask worker (keyed by the worker's address), so in a cluster of threads in one
process (``processes=False``) each worker still prepares a release once, as in a cluster of
processes. Outside Dask (the serial run) it is one cache for the process.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

from core.batch.pairs import Pair
from core.batch.rows import error_row, summary_row
from core.compare import PreparedRelease, compare_one, prepare_release
from core.documents import LoadError, load_source
from core.results import (
    CompareOptions,
    CompareResult,
    RunState,
    comparison_to_json,
    document_to_json,
)

#: Prepared releases kept per worker; pairs are handed out grouped by release, so a worker
#: rarely needs an older one again.
RELEASE_CACHE_SIZE = 4

_LOCK = threading.Lock()
_CACHES: dict[str, OrderedDict[tuple[str, CompareOptions], PreparedRelease | LoadError]] = {}
#: How many times each worker prepared each release: the bench and tests check "once".
PREPARED: Counter[tuple[str, str]] = Counter()


@dataclass(frozen=True)
class Outcome:
    """A finished pair: its line for the JSONL file (no newline) and its summary row."""

    id: str
    line: str
    row: dict[str, Any]


def _worker_name() -> str:
    # Only a Dask worker has distributed imported; the serial run never pays for importing it.
    distributed = sys.modules.get("distributed")
    if distributed is None:
        return "local"
    try:
        return str(distributed.get_worker().address)
    except ValueError:  # distributed imported, but this is not a worker's thread
        return "local"


def _prepared(official: str, options: CompareOptions) -> PreparedRelease:
    worker = _worker_name()
    key = (official, options)
    with _LOCK:
        cache = _CACHES.setdefault(worker, OrderedDict())
        found = cache.get(key)
        if found is None:
            try:
                found = prepare_release(load_source(official), options)
            except LoadError as exc:
                found = exc
            PREPARED[(worker, official)] += 1
            cache[key] = found
            while len(cache) > RELEASE_CACHE_SIZE:
                cache.popitem(last=False)
        cache.move_to_end(key)
    if isinstance(found, LoadError):
        raise found
    return found


def run_pair(pair: Pair, options: CompareOptions) -> Outcome:
    """Compare one pair; any failure is returned as its error line, never raised."""
    if pair.problem is not None:
        return failed(pair, pair.problem)
    try:
        prepared = _prepared(pair.official, options)
        report = load_source(pair.report)
        comp = compare_one(prepared, report, 1, options)
    except LoadError as exc:
        return failed(pair, str(exc))
    except Exception as exc:  # a bug in the engine on this pair: recorded, the batch goes on
        return failed(pair, f"internal error ({type(exc).__name__}: {exc})")
    result = CompareResult((prepared.document, report), (comp,), RunState.COMPLETED)
    row = summary_row(pair.id, pair.official, pair.report, result)
    line: dict[str, Any] = {
        "documents": [
            document_to_json(prepared.document, "d0", "official"),
            document_to_json(report, "d1", "report"),
        ],
        "comparisons": [comparison_to_json(comp, "d0", "d1")],
        "id": pair.id,
        "summary": row,
    }
    return Outcome(pair.id, json.dumps(line, ensure_ascii=False), row)


def failed(pair: Pair, error: str) -> Outcome:
    """The error line of ``pair``."""
    row = error_row(pair.id, pair.official, pair.report, error)
    line = {"id": pair.id, "error": error, "summary": row}
    return Outcome(pair.id, json.dumps(line, ensure_ascii=False), row)
