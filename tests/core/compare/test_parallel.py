"""``compare_parallel``: the serial result from several processes; cancel and fallbacks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from core.compare import compare, compare_parallel, default_workers
from core.documents import Document, load_document
from core.results import RunState

ROOT = Path(__file__).resolve().parents[3]


def _sample() -> tuple[Document, list[Document]]:
    docs = ROOT / "sample_docs"
    reports = [load_document(p) for p in sorted(docs.glob("report_*"))]
    return load_document(docs / "release.pdf"), reports


def test_two_workers_give_the_serial_result() -> None:
    release, reports = _sample()
    seen: list[tuple[int, int]] = []
    parallel = compare_parallel(release, reports, workers=2,
                                progress=lambda d, t, _m: seen.append((d, t)))
    serial = compare(release, reports)
    assert parallel.state is RunState.COMPLETED
    assert parallel.comparisons == serial.comparisons
    assert seen[-1] == (len(reports), len(reports))


def test_the_release_helper_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The helper's rarities and figures are those this process would find: the comparisons
    with it, without it (a process that may not fork), after it died and after it failed
    (quietly) are the same."""
    import multiprocessing as mp

    import core.compare.helper as helper
    import core.compare.parallel as parallel

    release, reports = _sample()
    adopted: list[bool] = []
    real_adopt = helper.adopt_helper
    real_side = helper._release_side

    def adopt(running: object, prepared: object) -> None:
        adopted.append(running is not None)
        real_adopt(running, prepared)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "adopt_helper", adopt)
    with_helper = compare_parallel(release, reports, workers=2)
    assert adopted == [True]
    assert not mp.active_children()  # the helper was joined, not left behind
    monkeypatch.setattr(parallel, "start_helper", lambda text: None)
    without = compare_parallel(release, reports, workers=2)
    monkeypatch.undo()
    monkeypatch.setattr(helper, "_release_side", _helper_dies)
    after_death = compare_parallel(release, reports, workers=2)
    monkeypatch.setattr(helper, "find_figures", _figures_fail)
    monkeypatch.setattr(helper, "_release_side", real_side)
    after_failure = compare_parallel(release, reports, workers=2)
    assert with_helper.comparisons == without.comparisons == after_death.comparisons
    assert after_failure.comparisons == with_helper.comparisons
    assert after_death.state is RunState.COMPLETED
    assert "Traceback" not in capfd.readouterr().err  # a failing helper prints nothing


def _figures_fail(text: str) -> object:
    raise RuntimeError("figures failed in the helper")


def _helper_dies(receive: object, send: object, text: str, parent: int) -> None:
    import os

    os._exit(1)


def test_a_bad_document_ends_the_helper_too() -> None:
    import multiprocessing as mp

    from core.documents import LoadError

    release, reports = _sample()
    empty = replace(reports[0], text="   ", path="empty.txt")
    with pytest.raises(LoadError):
        compare_parallel(release, [*reports, empty], workers=2)
    assert not mp.active_children()


def test_in_a_daemonic_process_it_compares_serially() -> None:
    """A pool worker (daemonic) may not fork the workers or the helper: the serial result."""
    import multiprocessing as mp

    release, reports = _sample()
    with mp.get_context("fork").Pool(1) as pool:
        got = pool.apply(_compare_in_worker, (release, reports))
    assert got == compare(release, reports).comparisons


def _compare_in_worker(release: Document, reports: list[Document]) -> object:
    return compare_parallel(release, reports, workers=2).comparisons


def test_cancel_returns_the_finished_prefix() -> None:
    release, reports = _sample()
    result = compare_parallel(release, reports, workers=2, should_cancel=lambda: True)
    assert result.state is RunState.CANCELLED
    serial = compare(release, reports)
    assert result.comparisons == serial.comparisons[: len(result.comparisons)]


def test_few_reports_run_serially() -> None:
    assert default_workers(1) == 1
    assert default_workers(3) == 1
    assert default_workers(100) >= 1


def test_a_failing_report_ends_the_run_promptly(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import core.compare.parallel as parallel

    release, reports = _sample()
    monkeypatch.setattr(parallel, "_one", _first_fails)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="boom"):
        compare_parallel(release, reports * 4, workers=2)
    assert time.monotonic() - started < 6  # not 20 reports x 1 s


def _first_fails(report: Document, index: int, options: object) -> object:
    import time

    if index == 1:
        raise RuntimeError("boom")
    time.sleep(1.0)
    raise AssertionError("should have been cancelled")



def test_omissions_travel_as_ranges_of_the_release_passages() -> None:
    from core.compare import pack_spans as _pack
    from core.compare import unpack_spans as _unpack
    from core.compare.packing import ready_runs as _known_runs
    from core.compare.pipeline import DEFAULT_OPTIONS, begin, compare_one
    from core.documents import Span, no_progress

    release, reports = _sample()
    prepared = begin(release, reports, DEFAULT_OPTIONS, no_progress)
    known, places = _known_runs(prepared)
    assert len(known) > 10
    for i, report in enumerate(reports):
        omitted = compare_one(prepared, report, i + 1).omitted
        packed = _pack(omitted, places)
        unpacked = _unpack(packed, known)
        assert unpacked == omitted
        # The release's own passages come back as the very objects the parent holds.
        assert all(a is b for a, b in zip(unpacked, omitted, strict=True) if id(a) in places)
        if report.name.startswith("report_unrelated"):
            assert len(packed) < len(omitted) / 5
    # Known passages taken from finished comparisons instead: those two or more hold.
    from core.compare import shared_omissions

    comps = compare(release, reports).comparisons
    shared, where = shared_omissions(comps)
    assert shared and list(shared) == sorted(shared, key=lambda s: (s.start, s.end))
    ranges = 0
    for comp in comps:
        packed = _pack(comp.omitted, where)
        ranges += sum(isinstance(x, range) for x in packed)
        again = _unpack(packed, shared)
        assert again == comp.omitted
        assert all(a is b for a, b in zip(again, comp.omitted, strict=True))
    assert ranges > 0
    # New passages between ranges (a paragraph a link touched) are kept as they are.
    fresh = Span(known[3].start, known[3].end)
    mixed = (*known[:3], fresh, *known[4:6])
    packed = _pack(mixed, places)
    assert packed == (range(0, 3), fresh, range(4, 6))
    assert _unpack(packed, known) == mixed


def _children_of(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] not in "ZX":
            out.append(int(stat.parent.name))
    return out


def _compare_many() -> None:
    release, reports = _sample()
    compare_parallel(release, reports * 50, workers=2)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_workers_end_when_the_comparing_process_is_killed() -> None:
    """A process comparing on workers is stopped outright (a SIGTERM to ``concord compare``):
    the workers it forked must not live on asleep, each holding the release (they did: found
    2026-12-06)."""
    import multiprocessing as mp
    import time

    child = mp.get_context("spawn").Process(target=_compare_many)
    child.start()
    assert child.pid is not None
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = _children_of(child.pid)
    assert len(workers) == 2, "the pool started"
    child.terminate()
    child.join(5)
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"]
    assert not alive


_INTERRUPT = """
import multiprocessing as mp, os, signal, sys, threading, time
sys.path.insert(0, sys.argv[2])
import core.compare.helper as helper
from core.compare import compare_parallel
from core.documents import load_document
from pathlib import Path

def slow_rarities(text):  # a helper slower than the preparation, with an answer (1.5 MB)
    time.sleep(1.5)       # far over a pipe's buffer
    return {f"w{i}": 1.0 for i in range(100_000)}

helper.rarities = slow_rarities
docs = Path(sys.argv[2]) / "sample_docs"
release = load_document(docs / "release.pdf")
reports = [load_document(p) for p in sorted(docs.glob("report_*"))]

def interrupt():
    time.sleep(0.5)  # the parent waits for the helper by then
    if sys.argv[1] == "group":  # Ctrl-C in a terminal: every process of the group
        os.killpg(os.getpgrp(), signal.SIGINT)
    else:  # a supervisor stopping the command: the parent alone
        os.kill(os.getpid(), signal.SIGINT)

threading.Thread(target=interrupt, daemon=True).start()
try:
    compare_parallel(release, reports, workers=2)
    print("finished")
except KeyboardInterrupt:
    print("interrupted")
print("children", len(mp.active_children()))
"""


@pytest.mark.parametrize("target", ["group", "parent"])
def test_ctrl_c_while_waiting_for_the_helper(target: str) -> None:
    """Interrupted while it waits for the helper, the comparison stops at once and leaves no
    process behind: no traceback from the helper (it leaves Ctrl-C to the parent), no hang
    (the helper's big answer blocked on a pipe nobody read, while the parent joined it)."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _INTERRUPT, target, str(ROOT)],
        capture_output=True, text=True, timeout=60, start_new_session=True,
    )
    assert out.stdout.split() == ["interrupted", "children", "0"], out.stderr
    assert "Traceback" not in out.stderr, out.stderr
