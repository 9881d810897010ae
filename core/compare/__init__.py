"""Comparing: one release against its reports, from documents to a ``CompareResult``.

``compare(documents)`` checks the documents, prepares the release once (``prepare_release``:
segmentation, alignment index, judging context) and runs each report through ``compare_one``:
alignment, word diffs, additions and omissions, quotes, figures, statistics and meaning
shifts. ``compare_parallel`` gives the same result from several forked worker processes. Both
take ``should_cancel`` and ``progress``; a cancelled run returns what it finished. Depends on
``documents``, ``results``, ``align``, ``judge`` and ``shifts``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

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
    "PreparedRelease",
    "check_document",
    "compare",
    "compare_one",
    "compare_parallel",
    "default_workers",
    "prepare_release",
]
