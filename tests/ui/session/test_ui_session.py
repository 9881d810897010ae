"""Session files in the window, offscreen: the temporary (demo) session, Save Session As, reopening
in a new window with documents, roles, cached results, the selected report and annotations
restored (the original files deleted), Open Recent, every change committed at once, replacing a
document (menu and drop) with its re-anchoring outcome and orphans, and ``core.session_io``."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from core.anchoring import AnchorState
from core.documents import Document, Progress, ShouldCancel, load_document
from core.results import CompareOptions, CompareResult
from core.store import Role, Session, SessionError, save_result_to_session
from core.store.session import SessionErrorKind
from tests.ui.annotations.test_ui_annotations import (
    REPORT_A,
    make_window,
    select,
    show_report,
    wait_result,
    write_docs,
)
from ui.session.controller import TEMP_PREFIX
from ui.session.recent import MAX_RECENT, RECENT_KEY
from ui.session.state import thread_compare
from ui.window.app import open_initial, parse_args

pytestmark = pytest.mark.gui


class CountingCompare:
    def __init__(self) -> None:
        self.reports: list[str] = []

    def __call__(self, official: Document, reports: Sequence[Document], options: CompareOptions,
                 should_cancel: ShouldCancel, progress: Progress) -> CompareResult:
        self.reports += [r.name for r in reports]
        return thread_compare(official, reports, options, should_cancel, progress)


def stored(path: Path | None) -> Session:
    assert path is not None
    return Session.open(path)


def test_temporary_session_never_touches_user_files(qtbot: Any, ui_settings: QSettings,
                                                    tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "Untitled session.concord"
    mine.write_bytes(b"my own file")
    window, review, _ = make_window(qtbot, ui_settings)
    path = review.sessions.path
    assert path is not None and path.exists()
    assert Path(tempfile.gettempdir()) in path.parents and path.parent.name.startswith(TEMP_PREFIX)
    assert mine.read_bytes() == b"my own file"
    review.sessions.set_label("Demo session")
    assert window.windowTitle() == "Demo session (not saved) — Concord"
    first = path
    review.sessions.new_temporary("Demo session")
    assert review.sessions.path != first and not first.parent.exists()  # old temp removed
    window.close()
    assert review.sessions.store is None


def test_documents_are_encoded_for_the_session_off_the_window_thread(
    qtbot: Any, ui_settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keeping a 50,000-word release in the session took 20 ms of the window's thread, most of
    it encoding the document; the loading worker encodes it now, the window only writes."""
    import threading

    seen: list[tuple[str, bool, bool]] = []
    add = Session.add_document

    def spy(self: Session, document: Any, data: bytes, **kw: Any) -> Any:
        main = threading.current_thread() is threading.main_thread()
        seen.append((document.name, main, kw.get("encoded") is not None))
        return add(self, document, data, **kw)

    monkeypatch.setattr(Session, "add_document", spy)
    release, reports = write_docs(tmp_path / "docs")
    window, review, _ = make_window(qtbot, ui_settings)
    window.session.add_files([release, *reports], official=release)
    wait_result(qtbot, window, 2)
    assert sorted(name for name, _, _ in seen) == ["release.txt", "report_a.txt", "report_b.txt"]
    assert all(main and encoded for _, main, encoded in seen), seen
    with stored(review.sessions.path) as s:
        assert [d.name for d in s.documents()] == ["release.txt", "report_a.txt", "report_b.txt"]
        assert s.document(s.documents()[0].id).document == load_document(release)
    window.close()


def test_save_reopen_restores_everything(qtbot: Any, ui_settings: QSettings,
                                         tmp_path: Path) -> None:
    release, reports = write_docs(tmp_path / "docs")
    window, review, prompts = make_window(qtbot, ui_settings)
    window.session.add_files([release, *reports], official=release)
    wait_result(qtbot, window, 2)
    show_report(window, "report_a.txt")
    qtbot.wait(10)
    select(window, "report", "£150 million")
    prompts.notes.append(("Release says £140m", ("distortion",)))
    ann = review.annotations.annotate_selection()
    assert ann is not None
    show_report(window, "report_b.txt")
    out = tmp_path / "saved" / "review"
    out.parent.mkdir()
    prompts.paths.append(str(out))
    with qtbot.waitSignal(review.sessions.savedAs, timeout=10000):
        review.save_as_action.trigger()  # the copy is made in a worker
    saved = out.with_name("review.concord")
    assert saved.exists() and review.sessions.path == saved and not review.sessions.temporary
    assert window.windowTitle() == "review.concord — Concord"
    with stored(saved) as s:
        docs = s.documents()
        assert [(d.name, d.role) for d in docs] == [
            ("release.txt", Role.OFFICIAL), ("report_a.txt", Role.REPORT),
            ("report_b.txt", Role.REPORT)]
        assert s.document_bytes(docs[1].id) == REPORT_A.encode("utf-8")
        assert s.setting("selected_report") == docs[2].sha256
        assert [a.note for a in s.annotations()] == ["Release says £140m"]
    window.close()
    shutil.rmtree(tmp_path / "docs")  # the session holds the documents itself

    compare = CountingCompare()
    window2, review2, _ = make_window(qtbot, ui_settings, compare)
    review2.fill_recent()
    recent = [a.text() for a in review2.recent_menu.actions() if a.text()]
    assert recent[0] == "&1 review.concord"
    review2.recent_menu.actions()[0].trigger()
    wait_result(qtbot, window2, 2)
    qtbot.waitUntil(lambda: window2.session.current_report == 1, timeout=3000)
    assert compare.reports == []  # both comparisons came from the session's cache
    ws = window2.session
    assert [(e.name, e.role.value) for e in ws.entries] == [
        ("release.txt", "official"), ("report_a.txt", "report"), ("report_b.txt", "report")]
    assert window2.compare_view.report_title.text().endswith("report_b.txt")
    assert window2.windowTitle() == "review.concord — Concord"
    assert [a.note for a in review2.annotations.annotations()] == ["Release says £140m"]
    assert review2.panel.visible_ids() == [ann.id]
    show_report(window2, "report_a.txt")
    qtbot.wait(10)
    notes = window2.compare_view.report_pane._notes
    assert len(notes) == 1 and notes[0].cursor.selectedText() == "£150 million"
    # Changes after reopening are committed to the same file at once.
    window2.session.make_official(ws.entries[1].id)
    with stored(saved) as s:
        assert [d.role for d in s.documents()][:2] == [Role.REPORT, Role.OFFICIAL]
    window2.close()


def test_open_recent_is_capped_and_prunes_missing(qtbot: Any, ui_settings: QSettings,
                                                  tmp_path: Path) -> None:
    window, review, prompts = make_window(qtbot, ui_settings)
    files = []
    for i in range(MAX_RECENT + 2):
        p = tmp_path / f"s{i}.concord"
        Session.create(p).close()
        files.append(p)
        review.sessions.add_recent(p)
    assert len(review.sessions.recent()) == MAX_RECENT
    assert review.sessions.recent()[0] == str(files[-1].resolve())
    files[-1].unlink()
    files[-2].unlink()
    review.fill_recent()
    names = [a.text() for a in review.recent_menu.actions() if a.text().startswith("&")]
    assert len(names) == MAX_RECENT - 2 and "s9" not in " ".join(names)
    assert "removed from Open Recent" in window.statusBar().currentMessage()
    assert "s9.concord" in window.statusBar().currentMessage()
    assert len(ui_settings.value(RECENT_KEY)) == MAX_RECENT - 2
    assert review.open_recent(str(files[-1])) is False and prompts.warnings
    window.close()


def test_damaged_session_file_is_refused_cleanly(qtbot: Any, ui_settings: QSettings,
                                                 tmp_path: Path) -> None:
    release, reports = write_docs(tmp_path / "docs")
    window, review, prompts = make_window(qtbot, ui_settings)
    window.session.add_files([release, reports[0]], official=release)
    wait_result(qtbot, window, 1)
    bad = tmp_path / "bad.concord"
    bad.write_bytes(b"this is not a session" * 50)
    before = review.sessions.path
    prompts.paths.append(str(bad))
    review.open_session_action.trigger()
    assert prompts.warnings and "damaged or not a Concord session" in prompts.warnings[-1]
    assert review.sessions.path == before and len(window.session.entries) == 2
    window.close()


def test_damaged_session_offers_a_recovered_copy_and_opens_it(
    qtbot: Any, ui_settings: QSettings, tmp_path: Path
) -> None:
    from core.anchoring import describe
    from core.compare import compare
    from core.documents import Span, load_document
    from core.store import Session, save_result_to_session

    release, reports = write_docs(tmp_path / "docs")
    bad = tmp_path / "bad.concord"
    docs = [load_document(p) for p in (release, *reports)]
    save_result_to_session(compare(docs[0], docs[1:]), bad)
    with Session.open(bad) as s:
        rep = docs[1]
        for i in range(0, 1500, 5):
            a = i % (len(rep.text) - 12)
            s.add_annotation([describe(rep.text, Span(a, a + 10), rep.sha256)],
                             note=f"note {i} " + "x" * 300, tags=["misquote"])
    data = bytearray(bad.read_bytes())
    middle = len(data) // 4096 // 2
    data[middle * 4096 : (middle + 1) * 4096] = bytes(4096)
    bad.write_bytes(bytes(data))
    before = bad.read_bytes()

    window, review, prompts = make_window(qtbot, ui_settings)
    dest = tmp_path / "saved.concord"
    prompts.paths += [str(bad), str(dest)]
    prompts.recover_answers.append(True)
    review.open_session_action.trigger()
    qtbot.waitUntil(lambda: review.sessions.path == dest, timeout=20000)
    assert any(w.startswith("Session recovered: bad.concord: recovered 3 documents")
               for w in prompts.warnings), prompts.warnings
    assert bad.read_bytes() == before
    qtbot.waitUntil(lambda: len(window.session.entries) == 3, timeout=10000)
    assert review.sessions.store is not None and len(review.sessions.store.annotations()) > 100
    window.close()


def test_remove_and_replace_document_reanchor(qtbot: Any, ui_settings: QSettings,
                                              tmp_path: Path) -> None:
    release, reports = write_docs(tmp_path / "docs")
    window, review, prompts = make_window(qtbot, ui_settings)
    window.session.add_files([release, *reports], official=release)
    wait_result(qtbot, window, 2)
    show_report(window, "report_a.txt")
    qtbot.wait(10)
    notes = {}
    for quote in ("£150 million", "critics said", "Opposition parties called the scheme"):
        select(window, "report", quote)
        prompts.notes.append((quote, ()))
        made = review.annotations.annotate_selection()
        assert made is not None
        notes[quote] = made.id
    # A new version: a paragraph added at the top, the last paragraph gone.
    v2 = tmp_path / "v2" / "report_a.txt"
    v2.parent.mkdir()
    v2.write_text(REPORT_A.replace("Rwanda deal signed\n\n", "Rwanda deal signed\n\nUpdated "
                                   "at 5pm with reaction.\n\n").split("Opposition")[0],
                  encoding="utf-8")
    prompts.replace_answers.append("replace")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(v2))])
    pos, buttons = QPointF(700, 400), Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, buttons,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, buttons,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted() and not prompts.replace_answers  # the question was asked
    qtbot.waitUntil(lambda: bool(review.panel.banner.text()), timeout=10000)
    assert not review.panel.banner.isHidden()
    banner = review.panel.banner.text()
    # Both kept passages shifted down by the new paragraph; the dropped one is an orphan.
    assert banner.startswith("report_a.txt replaced: 0 anchored, 2 moved, 1 orphaned")
    states = {a.note: a.state for a in review.annotations.annotations()}
    assert states == {"£150 million": AnchorState.MOVED, "critics said": AnchorState.MOVED,
                      "Opposition parties called the scheme": AnchorState.ORPHAN}
    review.panel.set_filter(state="orphan")
    assert review.panel.visible_ids() == [notes["Opposition parties called the scheme"]]
    assert "1 orphan" in review.panel.count_label.text()
    with stored(review.sessions.path) as s:
        doc = next(d for d in s.documents() if d.name == "report_a.txt")
        assert doc.document.text.startswith("Rwanda deal signed\n\nUpdated")
        orphan = s.annotation(notes["Opposition parties called the scheme"])
        assert orphan.state is AnchorState.ORPHAN  # kept, never dropped
    wait_result(qtbot, window, 2)
    assert [e.name for e in window.session.entries] == [
        "release.txt", "report_a.txt", "report_b.txt"]
    assert window.session.entries[1].path == str(v2)
    # Removing a document keeps its annotations, as orphans.
    window.session.remove(window.session.entries[1].id)
    with stored(review.sessions.path) as s:
        assert {a.state for a in s.annotations()} == {AnchorState.ORPHAN}
        assert [d.name for d in s.documents()] == ["release.txt", "report_b.txt"]
    window.close()


def test_save_result_to_session_for_the_cli(qtbot: Any, ui_settings: QSettings,
                                            tmp_path: Path) -> None:
    release, reports = write_docs(tmp_path / "docs")
    docs = [load_document(p) for p in (release, *reports)]
    result = thread_compare(docs[0], docs[1:], CompareOptions(), lambda: False,
                            lambda d, t, m: None)
    out = tmp_path / "cli.concord"
    save_result_to_session(result, str(out))
    with pytest.raises(SessionError) as err:
        save_result_to_session(result, str(out))
    assert err.value.kind is SessionErrorKind.EXISTS
    with stored(out) as s:
        assert [(d.name, d.role) for d in s.documents()] == [
            ("release.txt", Role.OFFICIAL), ("report_a.txt", Role.REPORT),
            ("report_b.txt", Role.REPORT)]
        assert s.document_bytes(s.documents()[0].id) == release.read_bytes()
    reports[1].write_text("changed since", encoding="utf-8")
    with pytest.raises(SessionError, match="changed after it was compared"):
        save_result_to_session(result, str(tmp_path / "other.concord"))
    assert not (tmp_path / "other.concord").exists()
    assert not list(tmp_path.glob(".other.concord*"))
    # The window opens it with the cached results (no comparison runs).
    compare = CountingCompare()
    window, _, _ = make_window(qtbot, ui_settings, compare)
    open_initial(window, parse_args(["--session", str(out)]))  # concord --session cli.concord
    wait_result(qtbot, window, 2)
    assert window.windowTitle() == "cli.concord — Concord"
    assert compare.reports == []
    assert window.session.result is not None
    assert [c.stats for c in window.session.result.comparisons] == [
        c.stats for c in result.comparisons]
    window.close()


def test_closing_an_unsaved_session_with_annotations_asks(qtbot: Any, ui_settings: QSettings,
                                                          tmp_path: Path) -> None:
    release, reports = write_docs(tmp_path / "docs")
    window, review, prompts = make_window(qtbot, ui_settings)
    window.session.add_files([release, reports[0]], official=release)
    wait_result(qtbot, window, 1)
    show_report(window, "report_a.txt")
    select(window, "report", "critics said")
    prompts.notes.append(("who?", ()))
    assert review.annotations.annotate_selection() is not None
    asked: list[int] = []
    answers = ["cancel", "save"]

    def answer(count: int) -> str:
        asked.append(count)
        return answers.pop(0)

    prompts.save_before_close = answer  # type: ignore[method-assign]
    assert not window.close() and window.isVisible()  # cancelled: nothing lost
    prompts.paths.append(str(tmp_path / "kept.concord"))
    assert window.close()
    assert asked == [1, 1]
    with stored(tmp_path / "kept.concord") as s:
        assert [a.note for a in s.annotations()] == ["who?"]


def test_replace_document_from_the_file_menu(qtbot: Any, ui_settings: QSettings,
                                             tmp_path: Path) -> None:
    release, reports = write_docs(tmp_path / "docs")
    window, review, prompts = make_window(qtbot, ui_settings)
    window.session.add_files([release, *reports], official=release)
    wait_result(qtbot, window, 2)
    show_report(window, "report_b.txt")
    select(window, "report", "signed today in Kigali")
    prompts.notes.append(("kept", ()))
    kept = review.annotations.annotate_selection()
    assert kept is not None
    new = tmp_path / "new" / "report_b.txt"
    new.parent.mkdir()
    new.write_text((tmp_path / "docs" / "report_b.txt").read_text(encoding="utf-8")
                   + "\nA late paragraph.\n", encoding="utf-8")
    tree = window.documents.tree
    item = tree.topLevelItem(2)  # report_b.txt in the document list
    assert item is not None
    tree.setCurrentItem(item)
    prompts.paths.append(str(new))
    review.replace_action.trigger()
    qtbot.waitUntil(lambda: bool(review.panel.banner.text()), timeout=10000)
    assert review.panel.banner.text().startswith(
        "report_b.txt replaced: 1 anchored, 0 moved, 0 orphaned")
    wait_result(qtbot, window, 2)
    with stored(review.sessions.path) as s:
        assert s.annotation(kept.id).state is AnchorState.ANCHORED
        assert s.documents()[2].document.text.rstrip().endswith("A late paragraph.")
    window.close()
