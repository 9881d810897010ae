"""File ▸ Check for Changes: a report opened by its address is edited on the (local) server,
re-checked, and the window keeps the new version, shows what changed and where the annotations
went, and a report that cannot be fetched again changes nothing."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings

from core.anchoring import AnchorState
from tests.core.documents.test_fetch import SAMPLES, Handler, serving
from tests.core.recheck.test_recheck import ARTICLE, HTML, edited
from tests.ui.annotations.test_ui_annotations import make_window, select, show_report, wait_result

pytestmark = pytest.mark.gui
_names = itertools.count()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving() as base:
        yield base


def _window(qtbot: Any, settings: QSettings, server: str) -> tuple[Any, Any, Any, str]:
    name = f"window-{next(_names)}.html"
    Handler.EDITABLE[name] = (200, ARTICLE, HTML)
    window, review, prompts = make_window(qtbot, settings)
    release = SAMPLES / "release.pdf"
    window.session.add_files([release], official=release)
    assert window.open_address(f"{server}/edit/{name}")
    wait_result(qtbot, window, 1)
    show_report(window, name)
    qtbot.wait(20)
    return window, review, prompts, name


def test_check_for_changes_keeps_the_new_version_and_shows_what_changed(
    qtbot: Any, ui_settings: QSettings, server: str
) -> None:
    window, review, prompts, name = _window(qtbot, ui_settings, server)
    recheck = window.recheck
    assert recheck.action.shortcut().toString() == "F5"
    assert recheck.action in review.menu("File").actions()
    for words in ("a drop in the ocean", "weeks before the spring budget"):
        select(window, "report", words)
        prompts.notes.append((words, ("accurate",)))
        review.annotations.annotate_selection("report")
    store = review.sessions.store
    qtbot.waitUntil(lambda: len(store.annotations()) == 2, timeout=5000)
    old = window.session.result.documents[1]

    Handler.EDITABLE[name] = (200, edited(), HTML)
    recheck.action.trigger()
    qtbot.waitUntil(lambda: recheck.dialog is not None, timeout=30000)
    dialog = recheck.dialog
    text = dialog.browser.toPlainText()
    assert "changed:" in text and "the altered quote now matches the release" in text
    assert "a new added claim" in text and "second wave of funding" in text
    assert "Without a place: “weeks before the spring budget”" in text
    assert "Earlier versions" in text
    assert dialog.list.item(0).text() == f"{name} — changed"

    # The window shows the new version in the same place, compared again.
    qtbot.waitUntil(lambda: window.session.result is not None
                    and window.session.result.documents[1].sha256 != old.sha256, timeout=30000)
    names = [e.name for e in window.session.entries]
    assert names == ["release.pdf", name]
    new = window.session.result.documents[1]
    assert "second wave of funding" in new.text
    doc_id = next(h.id for h in store.document_heads() if h.sha256 == new.sha256)
    (version,) = store.document_versions(doc_id)
    assert version.sha256 == old.sha256 and "words added" in version.summary
    states = {a.note: a.state for a in store.annotations()}
    assert states["weeks before the spring budget"] is AnchorState.ORPHAN
    assert states["a drop in the ocean"] is not AnchorState.ORPHAN

    # File ▸ Version History on the report: both versions, and what the new one changed.
    entry = next(e for e in window.session.entries if e.name == name)
    window.documents.tree.setCurrentItem(window.documents.item_for(entry.id))
    recheck.versions_action.trigger()
    qtbot.waitUntil(lambda: recheck.versions_dialog is not None, timeout=15000)
    versions = recheck.versions_dialog
    assert versions is not None and versions.list.count() == 2
    assert versions.list.item(0).text() == "Current version (1 earlier)"
    shown = versions.browser.toPlainText()
    assert "What the next version changed" in shown and "second wave of funding" in shown
    assert "words added" in shown
    window.close()


def test_a_report_that_cannot_be_fetched_again_changes_nothing(
    qtbot: Any, ui_settings: QSettings, server: str
) -> None:
    window, review, _, name = _window(qtbot, ui_settings, server)
    before = window.session.result.documents[1].sha256
    Handler.EDITABLE[name] = (401, b"", HTML)
    window.recheck.action.trigger()
    qtbot.waitUntil(lambda: window.recheck.dialog is not None, timeout=30000)
    assert "needs a login" in window.recheck.dialog.browser.toPlainText()
    assert window.recheck.dialog.list.item(0).text() == f"{name} — not checked"
    assert "1 could not be checked" in window.statusBar().currentMessage()
    assert window.session.result.documents[1].sha256 == before
    store = review.sessions.store
    assert all(store.document_versions(h.id) == [] for h in store.document_heads())
    window.close()


def test_the_dialog_finds_history_by_document_and_a_second_check_keeps_its_dialog(
    qtbot: Any, ui_settings: QSettings, server: str
) -> None:
    window, _, _, name = _window(qtbot, ui_settings, server)
    recheck = window.recheck
    Handler.EDITABLE[name] = (200, edited(), HTML)
    recheck.action.trigger()
    qtbot.waitUntil(lambda: recheck.dialog is not None, timeout=30000)
    first = recheck.dialog
    assert "Earlier versions" in first.browser.toPlainText()
    # A second check (nothing changed since), once the new version is loaded and compared: a
    # new dialog, and it is the one remembered.
    qtbot.waitUntil(lambda: window.session.result is not None and len(
        window.session.result.comparisons) == 1 and "second wave" in
        window.session.result.documents[1].text, timeout=30000)
    recheck.action.trigger()
    qtbot.waitUntil(lambda: recheck.dialog is not None and recheck.dialog is not first,
                    timeout=30000)
    second = recheck.dialog
    qtbot.wait(100)  # the first dialog is destroyed by now
    assert recheck.dialog is second
    assert second.list.item(0).text() == f"{name} — unchanged"
    assert "Earlier versions" in second.browser.toPlainText()  # by SHA-256, not by name
    window.close()
