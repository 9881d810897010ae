"""The window's task runner: results arrive on the GUI thread, stale ones are dropped, cancel
stops work, and exceptions become a ``failed`` signal with their message."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from core.documents import LoadError, LoadErrorKind, Progress, ShouldCancel
from ui.workers.tasks import TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.cancel()
    r.wait_for_done(5000)


def test_result_arrives_with_key_and_token(qtbot: Any, runner: TaskRunner) -> None:
    seen_threads: list[int] = []

    def work(should_cancel: ShouldCancel, progress: Progress) -> int:
        seen_threads.append(threading.get_ident())
        progress(1, 1, "done")
        return 6 * 7

    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        token = runner.submit("answer", work)
    assert blocker.args == ["answer", token, 42]
    assert seen_threads and seen_threads[0] != threading.get_ident()
    assert not runner.is_busy()


def test_callbacks_run_on_gui_thread(qtbot: Any, runner: TaskRunner) -> None:
    got: list[tuple[object, int]] = []
    runner.submit(
        "cb", lambda c, p: "ok", on_result=lambda r: got.append((r, threading.get_ident()))
    )
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got == [("ok", threading.get_ident())]


def test_newer_submit_supersedes_older(qtbot: Any, runner: TaskRunner) -> None:
    release = threading.Event()
    results: list[object] = []

    def slow(should_cancel: ShouldCancel, progress: Progress) -> str:
        release.wait(5)
        return "stale"

    runner.finished.connect(lambda key, token, result: results.append(result))
    first = runner.submit("compare", slow)
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        second = runner.submit("compare", lambda c, p: "fresh")
    assert blocker.args == ["compare", second, "fresh"]
    with qtbot.waitSignal(runner.dropped, timeout=5000) as dropped:
        release.set()
    assert dropped.args == ["compare", first]
    qtbot.wait(50)
    assert results == ["fresh"]


def test_other_keys_are_not_superseded(qtbot: Any, runner: TaskRunner) -> None:
    done: dict[str, object] = {}
    runner.finished.connect(lambda key, token, result: done.__setitem__(key, result))
    runner.submit("load:1", lambda c, p: 1)
    runner.submit("load:2", lambda c, p: 2)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert done == {"load:1": 1, "load:2": 2}


def test_cancel_stops_the_work_and_drops_its_result(qtbot: Any, runner: TaskRunner) -> None:
    started = threading.Event()
    stopped = threading.Event()

    def loop(should_cancel: ShouldCancel, progress: Progress) -> str:
        started.set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if should_cancel():
                stopped.set()
                return "partial"
            time.sleep(0.005)
        return "ran to the end"

    finished: list[object] = []
    runner.finished.connect(lambda *a: finished.append(a))
    token = runner.submit("long", loop)
    assert started.wait(5)
    with qtbot.waitSignal(runner.dropped, timeout=5000) as dropped:
        runner.cancel("long")
    assert dropped.args == ["long", token]
    assert stopped.is_set()
    assert finished == []
    assert not runner.is_busy()


def test_exception_becomes_failed_signal(qtbot: Any, runner: TaskRunner) -> None:
    def boom(should_cancel: ShouldCancel, progress: Progress) -> None:
        raise ValueError("the release has no paragraphs")

    errors: list[str] = []
    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        token = runner.submit("compare", boom, on_error=errors.append)
    assert blocker.args == ["compare", token, "ValueError: the release has no paragraphs"]
    assert errors == ["ValueError: the release has no paragraphs"]


def test_load_error_message_is_the_user_line(qtbot: Any, runner: TaskRunner) -> None:
    def bad(should_cancel: ShouldCancel, progress: Progress) -> None:
        raise LoadError(LoadErrorKind.EMPTY, "/tmp/x.txt", "the file is empty")

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.submit("load:x", bad)
    assert blocker.args[2] == "x.txt: the file is empty"


def test_progress_is_forwarded_and_throttled(qtbot: Any, runner: TaskRunner) -> None:
    seen: list[tuple[int, int, str]] = []
    runner.progress.connect(lambda key, done, total, msg: seen.append((done, total, msg)))

    def chatty(should_cancel: ShouldCancel, progress: Progress) -> None:
        for i in range(1, 10001):
            progress(i, 10000, "aligning")

    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.submit("compare", chatty)
    qtbot.wait(20)
    assert seen[-1] == (10000, 10000, "aligning")
    assert len(seen) < 100  # throttled: thousands of calls, a handful of signals


def test_busy_changed_reports_start_and_end(qtbot: Any, runner: TaskRunner) -> None:
    states: list[bool] = []
    runner.busyChanged.connect(states.append)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.submit("x", lambda c, p: None)
    assert states == [True, False]


def test_a_quiet_task_never_makes_the_runner_busy(qtbot: Any, runner: TaskRunner) -> None:
    states: list[bool] = []
    runner.busyChanged.connect(states.append)
    gate = threading.Event()
    results: list[int] = []

    def work(should_cancel: ShouldCancel, progress: Progress) -> int:
        gate.wait(5)
        return 7

    runner.submit("meaning", work, on_result=results.append, quiet=True)
    assert not runner.is_busy() and runner.running_keys() == []
    gate.set()
    qtbot.waitUntil(lambda: results == [7], timeout=5000)
    assert states == []
    # Beside a loud task, the loud one alone decides.
    gate.clear()
    runner.submit("compare", work)
    runner.submit("meaning", work, on_result=results.append, quiet=True)
    assert runner.running_keys() == ["compare"]
    gate.set()
    qtbot.waitUntil(lambda: not runner.is_busy() and len(results) == 2, timeout=5000)
    assert states == [True, False]


def test_a_burst_of_results_is_handed_out_over_several_passes(
    qtbot: Any, runner: TaskRunner
) -> None:
    """Twenty results arriving together, each slot taking 3 ms: timers run between batches,
    no batch runs past the budget by more than one slot, and every result arrives once."""
    from PySide6.QtCore import QTimer

    from ui.workers.tasks import DELIVERY_BUDGET_S

    gate = threading.Event()
    events: list[object] = []

    def slot(result: object) -> None:
        events.append(result)
        time.sleep(0.003)

    for n in range(20):
        runner.submit(f"load:{n}", lambda c, p, n=n: (gate.wait(5), n)[1], on_result=slot)
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: events.append("tick"))
    ticker.start()
    gate.set()
    qtbot.waitUntil(lambda: sum(e != "tick" for e in events) == 20, timeout=5000)
    ticker.stop()
    delivered = [e for e in events if e != "tick"]
    assert sorted(delivered) == list(range(20))  # type: ignore[type-var]
    runs, run = [], 0
    for e in events:
        run = 0 if e == "tick" else run + 1
        runs.append(run)
    # With a slot of at least 3 ms, one pass delivers at most budget / 3 ms + 1 results.
    assert max(runs) <= int(DELIVERY_BUDGET_S / 0.003) + 1
    assert not runner.is_busy()


def _seed_docs() -> tuple[Any, list[Any]]:
    from pathlib import Path

    from core.documents import load_document

    seeds = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "seeds"
    if not (seeds / "manifest.json").exists():
        pytest.skip(f"seed corpus not found at {seeds}")
    release = load_document(seeds / "002_27eb931e9716d1e9.txt")
    reports = [
        load_document(seeds / n) for n in ("001_bcbaab6fdc511440.txt", "003_2b3c06040c50ddb9.txt")
    ]
    return release, reports


@pytest.mark.parametrize("copies", [1, 2], ids=["serial", "over-workers"])
def test_compare_in_subprocess_gives_the_same_result_as_in_process(copies: int) -> None:
    from core.compare import compare
    from ui.workers.compare_worker import compare_in_subprocess

    release, reports = _seed_docs()
    reports = reports * copies  # four reports: the child spreads them over forked workers
    seen: list[tuple[int, int, str]] = []
    got = compare_in_subprocess(release, reports, progress=lambda d, t, m: seen.append((d, t, m)))
    want = compare(release, reports)
    assert got.state is want.state
    assert got.documents[0] is release  # the window's own documents, not copies
    assert got.comparisons == want.comparisons
    assert seen and seen[-1][0] == seen[-1][1] == len(reports)
    # Omission passages the reports share arrive once: the same objects in every comparison.
    ids = [{id(s) for s in c.omitted} for c in got.comparisons]
    assert len(ids) > 1 and set.intersection(*ids)


def test_compare_in_subprocess_can_be_cancelled() -> None:
    from core.results import RunState
    from ui.workers.compare_worker import compare_in_subprocess

    release, reports = _seed_docs()
    start = time.monotonic()
    result = compare_in_subprocess(
        release, reports * 20, should_cancel=lambda: time.monotonic() - start > 0.3
    )
    assert result.state is RunState.CANCELLED
    assert time.monotonic() - start < 5


def _running_child_and_workers(stop: str) -> tuple[list[int], BaseException | None]:
    """Start a long comparison in the background, wait for the child's forked workers, then
    ``stop`` it ("cancel": the user cancels; "exit": the window's process exits with it still
    running); the workers seen, and what the comparison raised."""
    from tests.core.compare.test_parallel import _children_of
    from ui.workers import compare_worker

    release, reports = _seed_docs()
    cancel = threading.Event()
    raised: list[BaseException] = []

    def run() -> None:
        try:
            compare_worker.compare_in_subprocess(release, reports * 40,
                                                 should_cancel=cancel.is_set)
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        children = list(compare_worker._CHILDREN)
        workers = _children_of(children[0].pid) if children and children[0].pid else []
    if stop == "cancel":
        cancel.set()
    else:
        compare_worker._end_children()  # what runs at exit, before multiprocessing joins
    thread.join(10)
    assert not thread.is_alive()
    assert not list(compare_worker._CHILDREN)
    return workers, raised[0] if raised else None


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs Linux's /proc and two cores")
@pytest.mark.parametrize("stop", ["cancel", "exit"])
def test_the_window_compares_over_workers_and_leaves_none_behind(stop: str) -> None:
    workers, raised = _running_child_and_workers(stop)
    assert len(workers) == 2, "the child forked one worker per core"
    if stop == "exit":
        assert "stopped" in str(raised)  # the task ends with an error line, not a hang
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()
                and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_loader_workers_end_when_the_window_is_killed() -> None:
    """A window killed outright (a SIGTERM from a session's end): its loader workers, which
    wait on their task pipe, must not live on (they did: found 2026-12-06)."""
    import multiprocessing as mp
    import signal

    from tests.core.compare.test_parallel import _children_of
    from tests.ui.workers.loader_holder import hold_a_loader

    seeds = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "seeds"
    if not seeds.exists():
        pytest.skip(f"seed corpus not found at {seeds}")
    window = mp.get_context("spawn").Process(
        target=hold_a_loader, args=(str(seeds / "003_2b3c06040c50ddb9.txt"),)
    )
    window.start()
    assert window.pid is not None
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while not workers and time.monotonic() < deadline:  # a loader (the pool starts one a task)
        time.sleep(0.05)
        workers = [p for p in _children_of(window.pid)
                   if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert workers, "the loader pool started"
    time.sleep(0.5)  # its first load done: the worker waits on its task pipe
    os.kill(window.pid, signal.SIGKILL)
    window.join(5)
    deadline = time.monotonic() + 5
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [w for w in workers if Path(f"/proc/{w}").exists()
                 and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"]
    assert not alive


def test_refcount_guard_covers_the_leaks_of_the_binding() -> None:
    import sys

    from PySide6.QtCore import QObject, Signal

    from ui.style.qt_fixes import emit_leaks_true, guard_refcount_leaks, void_call_leaks_none

    class Pinger(QObject):
        ping = Signal(int)

    leaks_true, leaks_none = emit_leaks_true(), void_call_leaks_none()
    guard_refcount_leaks()
    pinger = Pinger()
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(1000):
        pinger.ping.emit(1)
        pinger.setObjectName("x")
    after = sys.getrefcount(True), sys.getrefcount(None)
    old_python = sys.version_info < (3, 12)
    for leaks, b, a in ((leaks_true, before[0], after[0]), (leaks_none, before[1], after[1])):
        if leaks and old_python:
            assert a > 1 << 39  # the reserve stands between the leak and a fatal dealloc
        elif not leaks:
            assert abs(b - a) < 50  # a correct binding: nothing to guard


def test_subprocess_compare_also_brings_the_coverage_matrix() -> None:
    from core.review import coverage_matrix
    from ui.workers.compare_worker import SubprocessCompare

    release, reports = _seed_docs()
    compare_fn = SubprocessCompare()
    result = compare_fn(release, reports)
    matrix = compare_fn.take_coverage(result)
    assert matrix == coverage_matrix(result)
    assert compare_fn.take_coverage(result) is None  # handed over once


def test_process_loader_loads_and_keeps_load_errors(tmp_path: Any) -> None:
    from pathlib import Path

    from core.documents import load_document
    from ui.workers.load_worker import ProcessLoader

    seeds = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "seeds"
    if not seeds.exists():
        pytest.skip(f"seed corpus not found at {seeds}")
    loader = ProcessLoader(workers=1)
    try:
        path = str(seeds / "003_2b3c06040c50ddb9.txt")
        assert loader(path) == load_document(path)
        empty = tmp_path / "empty.txt"
        empty.write_text("  ", encoding="utf-8")
        with pytest.raises(LoadError) as info:
            loader(str(empty))
        assert info.value.kind is LoadErrorKind.EMPTY
        assert info.value.short_label == "empty document"
        assert str(info.value) == "empty.txt: the file is empty"
    finally:
        loader.shutdown()


def test_no_collection_while_a_result_arrives() -> None:
    import gc

    from ui.workers.compare_worker import no_collection_while_receiving

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    kept = [[] for _ in range(100)]  # objects that exist before the result arrives
    try:
        with no_collection_while_receiving():
            assert not gc.isenabled()  # no full collection can start mid-stream
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(kept)  # later collections skip them
        gc.disable()
        with no_collection_while_receiving():
            pass
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()
        gc.unfreeze()


def test_subprocess_compare_leaves_the_collector_on() -> None:
    import gc

    from ui.workers.compare_worker import compare_in_subprocess

    release, reports = _seed_docs()
    compare_in_subprocess(release, reports)
    assert gc.isenabled()
    result = compare_in_subprocess(release, reports * 5, should_cancel=lambda: True)
    assert result.comparisons == () and gc.isenabled()
