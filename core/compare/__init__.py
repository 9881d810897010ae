"""Comparing: one release against its reports, from documents to a ``CompareResult``.

``compare(documents)`` checks the documents, prepares the release once (``prepare_release``:
segmentation, alignment index, judging context) and runs each report through ``compare_one``:
alignment, word diffs, additions and omissions, quotes, figures, statistics and meaning
shifts. ``compare_parallel`` gives the same result from several forked worker processes (a
helper process, ``helper.py``, prepares the text-only parts of the release meanwhile). Both
take ``should_cancel`` and ``progress``; a cancelled run returns what it finished.
``pack_spans``/``unpack_spans`` send omission passages to another process as ranges of the
ones it holds already (``shared_omissions``). Depends on
``documents``, ``results``, ``align``, ``judge`` and ``shifts``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.compare.packing import Packed, pack_spans, shared_omissions, unpack_spans
from core.compare.parallel import compare_parallel, default_workers
from core.compare.pipeline import (
    CompareCancelled,
    CompareFn,
    PreparedRelease,
    check_document,
    compare,
    compare_one,
    prepare_release,
)

__all__ = [
    "CompareCancelled",
    "CompareFn",
    "Packed",
    "PreparedRelease",
    "check_document",
    "compare",
    "compare_one",
    "compare_parallel",
    "default_workers",
    "pack_spans",
    "prepare_release",
    "shared_omissions",
    "unpack_spans",
]
