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
