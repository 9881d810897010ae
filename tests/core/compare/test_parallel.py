"""``compare_parallel``: the serial result from several processes; cancel and fallbacks."""

from __future__ import annotations

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

