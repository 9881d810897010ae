"""``paused_gc`` pauses the cyclic collector for a block and always restores its state."""

from __future__ import annotations

import gc

import pytest

from core.compare import compare
from core.documents import paused_gc
from core.results.jsonio import document_from_text, result_to_json


def test_paused_inside_restored_after_even_on_error_and_when_nested() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer pause alone
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_comparing_and_writing_json_leave_the_collector_on() -> None:
    release = document_from_text("The council will build a sea wall in Saltbourne this year.")
    report = document_from_text("A sea wall will be built in Saltbourne, the council said.")
    result = compare(release, [report])
    assert gc.isenabled()
    result_to_json(result)
    assert gc.isenabled()


def test_json_bytes_hold_the_same_values_as_the_json_dict() -> None:
    import json

    from core.results import result_to_json_bytes

    release = document_from_text("The council’s sea wall will be built. Work starts in May.")
    reports = [
        document_from_text("A sea wall will be built, the council said."),
        document_from_text("Work on the wall starts in May."),
    ]
    result = compare(release, reports)
    data = result_to_json(result)
    written = result_to_json_bytes(result)
    assert json.loads(written) == json.loads(json.dumps(data))
    assert "council’s".encode() in written  # UTF-8 text, not \u escapes


def test_pauses_in_two_threads_never_leave_the_collector_off() -> None:
    import sys
    import threading

    def work() -> None:
        for _ in range(2000):
            with paused_gc():
                pass

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for _ in range(20):
            threads = [threading.Thread(target=work) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert gc.isenabled()
    finally:
        sys.setswitchinterval(interval)
