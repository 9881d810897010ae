"""Comparing many reports on several cores: the same result as ``compare``, sooner.

The release is prepared once in this process; worker processes are forked from it, so they
inherit the prepared release instead of receiving it pickled, and each compares whole reports
(``compare_one``), which are independent of each other. Comparisons come back in report order,
identical to the serial ones. Where fork is not available (Windows, macOS's default) or only
one worker would run, it is the serial ``compare``. Cancel stops handing out reports and returns
the comparisons of the first reports that finished, as ``compare`` does; progress counts
finished reports.

While this process segments and indexes the release, a helper process (``helper.py``) weighs
the release's words and finds its figures; both come back before the workers are forked, so
no worker does them again.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace

from core.align import load_word_list, preload_rarity, warm_rarity
from core.compare.helper import adopt_helper, end_helper, start_helper
from core.compare.packing import Known, Packed, pack_spans, ready_runs, unpack_spans
from core.compare.pipeline import (
    DEFAULT_OPTIONS,
    PreparedRelease,
    begin,
    compare,
    compare_one,
)
from core.documents import (
    Document,
    Progress,
    ShouldCancel,
    end_with_parent,
    never_cancel,
    no_progress,
)
from core.results import CompareOptions, CompareResult, Comparison, RunState

#: Below this many reports a pool costs more than it saves.
MIN_REPORTS = 4

_PREPARED: PreparedRelease | None = None


def default_workers(n_reports: int) -> int:
    """Workers worth starting for ``n_reports``: one per core, one when there are few."""
    if n_reports < MIN_REPORTS or "fork" not in mp.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, n_reports))


_KNOWN: Known = ((), {})
#: The process that forks the workers (set again by each ``compare_parallel``).
_PARENT = os.getpid()


def _die_with_parent() -> None:
    """Worker initializer: end this worker when the process that forked it ends.

    A parent killed outright (a SIGTERM or SIGKILL to ``concord compare``, or any process
    running ``compare_parallel`` that is stopped that way) left its workers asleep on the task
    queue for good, each holding the release (``end_with_parent``)."""
    end_with_parent(_PARENT)


def _one(report: Document, index: int, options: CompareOptions) -> tuple[Comparison, Packed]:
    assert _PREPARED is not None, "the release is prepared before the pool forks"
    comp = compare_one(_PREPARED, report, index, options)
    packed = pack_spans(comp.omitted, _KNOWN[1])
    # The release's sentences and its ready-made omission passages are the parent's already:
    # sending them back with every report cost more than the comparison (and a copy each).
    return replace(comp, official_sentences=(), omitted=()), packed


def _prefix(done: dict[int, Comparison]) -> tuple[Comparison, ...]:
    """The comparisons of the first reports, up to the first one not finished."""
    out: list[Comparison] = []
    while len(out) in done:
        out.append(done[len(out)])
    return tuple(out)


def compare_parallel(
    official: Document,
    reports: Sequence[Document],
    options: CompareOptions = DEFAULT_OPTIONS,
    workers: int | None = None,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
) -> CompareResult:
    """``compare`` over ``workers`` processes (default: ``default_workers``)."""
    global _PREPARED, _KNOWN, _PARENT
    workers = default_workers(len(reports)) if workers is None else workers
    # A daemonic process (a multiprocessing pool's worker) may not have children: the pool
    # refused with an AssertionError there.
    if workers <= 1 or "fork" not in mp.get_all_start_methods() or mp.current_process().daemon:
        return compare(official, reports, options, should_cancel, progress)
    _PARENT = os.getpid()
    # The word list first (0.2-0.3 s), so that the helper and the workers inherit it: read
    # after the fork, each would read it again, and the helper has more to do than this
    # process's preparation already.
    load_word_list()
    helper = start_helper(official.text)
    try:
        _PREPARED = prepared = begin(official, reports, options, progress)
        adopt_helper(helper, prepared)
    finally:
        end_helper(helper)  # a bad document or Ctrl-C: the helper's work is not wanted
    _KNOWN = ready_runs(prepared)
    documents, total = (official, *reports), len(reports)
    # Word rarity is looked up once here, so that forked workers inherit it instead of each
    # computing it again.
    warm_rarity(stem for terms in prepared.index.terms for stem in terms.stems)
    done: dict[int, Comparison] = {}
    try:
        with ProcessPoolExecutor(
            workers, mp_context=mp.get_context("fork"), initializer=_die_with_parent
        ) as pool:
            pending: dict[Future[tuple[Comparison, Packed]], int] = {
                pool.submit(_one, report, i + 1, options): i for i, report in enumerate(reports)
            }
            try:
                _collect(pool, pending, done, reports, should_cancel, progress, prepared)
            except BaseException:
                # A failing report (or Ctrl-C) ends the run now, not after every other report.
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            if pending:  # left unfinished: cancelled
                return CompareResult(documents, _prefix(done), RunState.CANCELLED)
    finally:
        _PREPARED, _KNOWN = None, ((), {})
        preload_rarity({})  # the helper's table served this run's workers; let it go
    progress(total, total, "Done")
    return CompareResult(documents, tuple(done[i] for i in range(total)), RunState.COMPLETED)


def _collect(
    pool: ProcessPoolExecutor,
    pending: dict[Future[tuple[Comparison, Packed]], int],
    done: dict[int, Comparison],
    reports: Sequence[Document],
    should_cancel: ShouldCancel,
    progress: Progress,
    prepared: PreparedRelease,
) -> None:
    """Gather finished comparisons into ``done`` until all are in or a cancel is asked."""
    total = len(reports)
    known = _KNOWN[0]
    while pending:
        finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        for future in finished:
            i = pending.pop(future)
            comp, packed = future.result()
            done[i] = replace(
                comp, official_sentences=prepared.sentences, omitted=unpack_spans(packed, known)
            )
            progress(len(done), total, f"Compared {reports[i].name}")
        if should_cancel():
            # Reports not started are dropped; those in a worker finish first (a
            # comparison cannot be interrupted from outside), as in ``compare``.
            pool.shutdown(wait=True, cancel_futures=True)
            return
