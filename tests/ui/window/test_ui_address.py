"""File ▸ Open Address and links dropped from a browser, against a local HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.core.documents.test_fetch import SAMPLES, serving
from tests.ui.annotations.test_ui_annotations import make_window, wait_result

pytestmark = pytest.mark.gui


@pytest.fixture()
def server() -> Iterator[str]:
    with serving() as base:
        yield base


def _drop(window: Any, mime: QMimeData) -> None:
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_open_address_and_dropped_links_load_compare_and_keep_the_original(
    qtbot: Any, ui_settings: QSettings, server: str, tmp_path: Path
) -> None:
    window, review, _ = make_window(qtbot, ui_settings)
    assert window.open_address(f"{server}/release.pdf")
    links = QMimeData()
    links.setUrls([QUrl(f"{server}/daily.html")])  # text/uri-list, as a browser drags a link
    _drop(window, links)
    text = QMimeData()
    text.setText(f"  {server}/wire.txt  ")  # an address dropped as plain text
    _drop(window, text)
    wait_result(qtbot, window, 2)
    qtbot.waitUntil(lambda: window.session.result is not None
                    and len(window.session.result.comparisons) == 2, timeout=30000)
    names = [e.name for e in window.session.entries]
    assert names == ["release.pdf", "daily.html", "wire.txt"]
    assert window.session.entries[0].path == f"{server}/release.pdf"
    # The session keeps the bytes as fetched and compared.
    path = tmp_path / "web.concord"
    review.sessions.save_session_as(path)
    qtbot.waitUntil(lambda: review.sessions.path == path, timeout=10000)
    store = review.sessions.store
    assert store is not None
    qtbot.waitUntil(lambda: len(store.document_heads()) == 3, timeout=10000)
    by_name = {d.name: d for d in store.documents()}
    assert store.document_bytes(by_name["daily.html"].id) == (
        SAMPLES / "report_daily.html").read_bytes()
    assert by_name["release.pdf"].document.meta("address") == f"{server}/release.pdf"
    window.close()


def test_a_bad_address_is_one_line_on_the_document(
    qtbot: Any, ui_settings: QSettings, server: str
) -> None:
    window, _, _ = make_window(qtbot, ui_settings)
    assert not window.open_address("ftp://example.org/x")
    assert "not a web address" in window.statusBar().currentMessage()
    assert window.open_address(f"{server}/missing")
    entry = window.session.entries[0]
    qtbot.waitUntil(lambda: entry.error != "", timeout=10000)
    assert "the page was not found (HTTP 404)" in entry.error
    assert entry.error_label == "page not found"
    window.close()
