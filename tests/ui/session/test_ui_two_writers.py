"""Two writers on one session file: the window sees another process's annotation by itself."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings

from core.anchoring import describe
from core.documents import Span
from core.store import Session
from tests.ui.annotations.test_ui_annotations import (
    make_window,
    show_report,
    wait_result,
    write_docs,
)

pytestmark = pytest.mark.gui

#: Seconds two windows write to one session in turns (``bench/bench_kills.py`` runs 60).
WINDOWS_SECONDS = float(os.environ.get("CONCORD_WINDOWS_SECONDS", "0"))


def _window_on_a_saved_session(
    qtbot: Any, ui_settings: QSettings, tmp_path: Path, show: str | None = None
) -> tuple[Any, Any, Path]:
    """A window with the test documents compared, saved as ``shared.concord``."""
    release, reports = write_docs(tmp_path / "docs")
    window, review, _ = make_window(qtbot, ui_settings)
    window.session.add_files([release, *reports], official=release)
    wait_result(qtbot, window, 2)
    if show is not None:
        show_report(window, show)
    path = tmp_path / "shared.concord"
    review.sessions.save_session_as(path)
    # Save As gives the window a new connection; let it re-read the file first.
    qtbot.waitUntil(lambda: review.annotations._token_path == path, timeout=5000)
    return window, review, path


def test_annotation_from_another_writer_appears(
    qtbot: Any, ui_settings: QSettings, tmp_path: Path
) -> None:
    window, review, path = _window_on_a_saved_session(qtbot, ui_settings, tmp_path,
                                                      show="report_a.txt")

    official = window.session.result.official if window.session.result else None
    assert official is not None
    quote = "signed a new treaty with Rwanda"
    start = official.text.index(quote)
    # A second connection, as another window or process would have.
    with Session.open(path) as other:
        other.add_annotation(
            (describe(official.text, Span(start, start + len(quote)), official.sha256),),
            note="Checked with the press office",
            tags=("accurate",),
        )
    qtbot.waitUntil(
        lambda: [a.note for a in review.annotations.annotations()]
        == ["Checked with the press office"],
        timeout=6000,
    )
    window.close()


def test_two_windows_on_one_session_see_each_others_annotations(
    qtbot: Any, ui_settings: QSettings, tmp_path: Path
) -> None:
    first, review_a, path = _window_on_a_saved_session(qtbot, ui_settings, tmp_path)
    second, review_b, _ = make_window(qtbot, ui_settings)
    assert review_b.open_session(str(path))
    qtbot.waitUntil(lambda: review_b.annotations._token_path == path, timeout=5000)
    official = first.session.result.official if first.session.result else None
    assert official is not None
    store_a, store_b = review_a.sessions.store, review_b.sessions.store
    assert store_a is not None and store_b is not None

    def note(store: Session, text: str, at: int) -> None:
        store.add_annotation(
            (describe(official.text, Span(at, at + 20), official.sha256),), note=text
        )

    # Both windows write, in turns, for WINDOWS_SECONDS (a moment in CI, 60 s in
    # bench/bench_kills.py), with their event loops running between writes.
    written: list[str] = []
    deadline = time.monotonic() + WINDOWS_SECONDS
    i = 0
    while not written or time.monotonic() < deadline:
        for store, who in ((store_a, "A"), (store_b, "B")):
            text = f"from window {who} #{i}"
            note(store, text, (i * 7) % 200)
            written.append(text)
        qtbot.wait(50)
        i += 1
    for review in (review_a, review_b):
        qtbot.waitUntil(
            lambda r=review: sorted(a.note for a in r.annotations.annotations())
            == sorted(written),
            timeout=6000,
        )
    with Session.open(path) as s:
        assert s.integrity_check() == "ok" and len(s.annotations()) == len(written)
    print(f"\ntwo windows wrote {len(written)} annotations in {WINDOWS_SECONDS:.0f} s; "
          "each shows all of them")
    second.close()
    first.close()
