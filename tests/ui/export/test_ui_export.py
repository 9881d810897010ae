"""File ▸ Export…: the dialog writes the chosen formats in the background through the task
runner, options reach the pack, failures become a message box and cancel leaves no file."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

import lxml.html
import pdfplumber
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton

from core.anchoring import Annotation
from core.results import CompareResult
from core.store import Role, Session
from tests.core.report.test_export_html import NOTE_ADDED, NOTE_QUOTE, scenario
from ui.export.dialog import ExportDialog
from ui.export.install import install_export
from ui.export.job import ExportRequest
from ui.export.runner import ExportController
from ui.workers.tasks import TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.cancel()
    r.wait_for_done(10000)


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[tuple[CompareResult, list[Annotation]]]:
    """The scenario's comparison and its annotations as a real session hands them out."""
    result, anns = scenario()
    (tmp_path / "store").mkdir()
    with Session.create(tmp_path / "store" / "flood review.concord") as session:
        for i, doc in enumerate(result.documents):
            session.add_document(doc, doc.text.encode("utf-8"),
                                 role=Role.OFFICIAL if i == 0 else Role.REPORT)
        for ann in anns:
            session.add_annotation(ann.targets, note=ann.note, tags=ann.tags)
        yield result, session.annotations()


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *a: shown.append(text))
    return shown


def _dialog(qtbot: Any, runner: TaskRunner, stored: tuple[CompareResult, list[Annotation]],
            **controller_kw: Any) -> ExportDialog:
    result, anns = stored
    dialog = ExportDialog(result, anns, "Flood review", ExportController(runner, **controller_kw),
                          settings=None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose(dialog: ExportDialog, path: Path, *formats: str) -> None:
    for fmt, box in dialog.format_boxes.items():
        box.setChecked(fmt in formats)
    dialog.set_path(path)


def _files(folder: Path) -> list[str]:
    """Everything in the output folder, hidden temporaries included."""
    return sorted(p.name for p in folder.iterdir() if p.name != "store")


def _export(qtbot: Any, dialog: ExportDialog, timeout: int = 30000) -> str:
    with qtbot.waitSignal(dialog.exported, timeout=timeout) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return str(blocker.args[0])


def test_html_and_pdf_written_in_background(
    qtbot: Any, runner: TaskRunner, stored: Any, tmp_path: Path, errors: list[str]
) -> None:
    from ui.export.pdf_printer import print_html_to_pdf

    threads: list[int] = []

    def printer(html: str, out_path: str, **kw: Any) -> int:
        threads.append(threading.get_ident())
        return print_html_to_pdf(html, out_path, **kw)

    dialog = _dialog(qtbot, runner, stored, print_pdf=printer)
    _choose(dialog, tmp_path / "pack.pdf", "html", "pdf")
    assert dialog.files_label.text() == "Writes pack.html, pack.pdf"
    line = _export(qtbot, dialog)
    assert errors == []
    html, pdf = tmp_path / "pack.html", tmp_path / "pack.pdf"
    assert html.stat().st_size > 0 and pdf.stat().st_size > 0
    with pdfplumber.open(pdf) as doc:
        pages = len(doc.pages)
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    assert pages > 1
    assert line == f"Exported pack.html, pack.pdf ({pages} pages)"
    assert " ".join(NOTE_QUOTE.split()) in " ".join(text.split())
    # Printed in the runner's worker thread, not the GUI thread.
    assert threads and threads[0] != threading.get_ident()
    assert _files(tmp_path) == ["pack.html", "pack.pdf"]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_options_reach_the_export(
    qtbot: Any, runner: TaskRunner, stored: Any, tmp_path: Path, errors: list[str]
) -> None:
    full = _dialog(qtbot, runner, stored)
    _choose(full, tmp_path / "full.html", "html")
    _export(qtbot, full)
    narrow = _dialog(qtbot, runner, stored)
    _choose(narrow, tmp_path / "narrow.html", "html")
    narrow.findings_only.setChecked(True)
    narrow.reports_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    narrow.tags_list.item(0).setCheckState(Qt.CheckState.Checked)  # "added claim"
    narrow.page_size.setCurrentIndex(narrow.page_size.findData("letter"))
    request = narrow.request()
    assert request.options.reports == ("1",) and request.options.findings_only
    assert request.options.tags == ("added claim",) and request.options.page_size == "letter"
    _export(qtbot, narrow)
    assert errors == []

    def parse(name: str) -> Any:
        return lxml.html.document_fromstring((tmp_path / name).read_text(encoding="utf-8"))

    a, b = parse("full.html"), parse("narrow.html")
    assert [r.get("id") for r in a.find_class("report")] == ["report-1", "report-2"]
    assert [r.get("id") for r in b.find_class("report")] == ["report-1"]
    rows_a = len(a.get_element_by_id("report-1").findall(".//tr"))
    rows_b = len(b.get_element_by_id("report-1").findall(".//tr"))
    assert rows_b < rows_a
    assert NOTE_QUOTE in a.text_content() and NOTE_ADDED in a.text_content()
    assert NOTE_ADDED in b.text_content() and NOTE_QUOTE not in b.text_content()


def test_unwritable_path_shows_the_message(
    qtbot: Any, runner: TaskRunner, stored: Any, tmp_path: Path, errors: list[str]
) -> None:
    dialog = _dialog(qtbot, runner, stored)
    _choose(dialog, tmp_path / "missing" / "pack.pdf", "html", "pdf")
    with qtbot.waitSignal(dialog.controller.failed, timeout=10000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1
    assert "missing" in errors[0] and "does not exist" in errors[0]
    assert "Traceback" not in errors[0] and "Error:" not in errors[0]
    assert dialog.isVisible() and dialog.export_button.isEnabled()  # fix the path, try again


def test_printer_failure_names_the_users_file(
    qtbot: Any, runner: TaskRunner, stored: Any, tmp_path: Path, errors: list[str]
) -> None:
    def broken(html: str, out_path: str, **kw: Any) -> int:
        raise OSError(28, "No space left on device")

    dialog = _dialog(qtbot, runner, stored, print_pdf=broken)
    _choose(dialog, tmp_path / "pack.pdf", "html", "pdf")
    with qtbot.waitSignal(dialog.controller.failed, timeout=10000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert errors == [f"cannot write {tmp_path / 'pack.pdf'}: No space left on device"]
    # All or nothing: the HTML that was already done is not left behind either.
    assert _files(tmp_path) == []


def test_cancel_leaves_no_file(
    qtbot: Any, runner: TaskRunner, stored: Any, tmp_path: Path, errors: list[str]
) -> None:
    printing = threading.Event()

    def slow(html: str, out_path: str, *, should_cancel: Any, **kw: Any) -> int:
        Path(out_path).write_bytes(b"%PDF-1.4 half a page")
        printing.set()
        deadline = time.monotonic() + 10
        while not should_cancel() and time.monotonic() < deadline:
            time.sleep(0.01)
        return 1

    dialog = _dialog(qtbot, runner, stored, print_pdf=slow)
    _choose(dialog, tmp_path / "pack.pdf", "html", "pdf")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isVisible() and not dialog.export_button.isVisible()
    qtbot.waitUntil(printing.is_set, timeout=10000)
    with qtbot.waitSignal(dialog.controller.cancelled, timeout=10000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert errors == []
    assert _files(tmp_path) == []
    assert "cancelled" in dialog.status.text()
    assert dialog.export_button.isVisible() and dialog.export_button.isEnabled()


def test_form_needs_a_format_a_report_and_a_path(
    qtbot: Any, runner: TaskRunner, stored: Any, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, runner, stored)
    assert dialog.path_edit.text().endswith("Flood review.pdf")  # named after the session
    _choose(dialog, tmp_path / "x.pdf")
    assert not dialog.export_button.isEnabled() and "format" in dialog.status.text()
    _choose(dialog, tmp_path / "x.docx", "docx", "json")
    assert dialog.export_button.isEnabled()
    assert [p.name for _, p in dialog.request().targets()] == ["x.docx", "x.json"]
    for i in range(dialog.reports_list.count()):
        dialog.reports_list.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.export_button.isEnabled() and "report" in dialog.status.text()
    assert ExportRequest(("pdf",), Path("a.b/report v2")).targets()[0][1].name == "report v2.pdf"


def test_settings_remember_the_choices(
    qtbot: Any, runner: TaskRunner, stored: Any, tmp_path: Path, ui_settings: QSettings
) -> None:
    result, anns = stored
    first = ExportDialog(result, anns, "Flood review", ExportController(runner),
                         settings=ui_settings)
    qtbot.addWidget(first)
    _choose(first, tmp_path / "pack.json", "json", "docx")
    first.page_size.setCurrentIndex(1)
    _export(qtbot, first)
    again = ExportDialog(result, anns, "Flood review", ExportController(runner),
                         settings=ui_settings)
    qtbot.addWidget(again)
    assert again.formats() == ("docx", "json")
    assert again.page_size.currentData() == "letter"
    assert Path(again.path_edit.text()).parent == tmp_path


def test_install_export_adds_the_file_menu_action(
    qtbot: Any, ui_settings: QSettings, tmp_path: Path
) -> None:
    from ui.session.state import AppContext
    from ui.window.main_window import MainWindow

    window = MainWindow(AppContext.create(ui_settings))
    qtbot.addWidget(window)
    act = install_export(window)
    assert install_export(window) is act  # once per window
    assert act.shortcut().toString() == "Ctrl+E" and not act.icon().isNull()
    file_menu = next(a.menu() for a in window.menuBar().actions() if "File" in a.text())
    assert isinstance(file_menu, QMenu) and act in file_menu.actions()
    assert not act.isEnabled()  # nothing compared yet
    result, _ = scenario()
    window.session.resultChanged.emit(result)
    assert act.isEnabled()
    window.close()


def test_export_from_the_window_reports_in_the_status_bar(
    qtbot: Any, ui_settings: QSettings, tmp_path: Path, errors: list[str]
) -> None:
    from tests.core.report.test_export_html import RELEASE, REPORT, REPORT2
    from ui.session.state import AppContext, thread_compare
    from ui.window.main_window import MainWindow

    files = []
    for name, text in (("release.txt", RELEASE), ("one.txt", REPORT), ("two.txt", REPORT2)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    window = MainWindow(AppContext.create(ui_settings, compare_fn=thread_compare))
    qtbot.addWidget(window)
    window.show()
    window.session.add_files(files[1:], official=files[0])
    qtbot.waitUntil(lambda: window.session.result is not None, timeout=30000)
    act = window.export_action
    qtbot.waitUntil(act.isEnabled, timeout=5000)
    act.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.reports_list.count() == 2
    _choose(dialog, tmp_path / "out.html", "html")
    _export(qtbot, dialog)
    assert errors == []
    assert (tmp_path / "out.html").exists()
    assert window.statusBar().currentMessage() == "Exported out.html"
    assert not dialog.isVisible()
    window.context.runner.wait_for_done(5000)
    window.close()


def _long_html(paragraphs: int) -> str:
    body = "".join(f"<p>Paragraph {i}: the valley flood plan, costs and timetable.</p>"
                   for i in range(paragraphs))
    return f"<html><body><h1>Long pack</h1>{body}</body></html>"


def test_isolated_printer_writes_pages_and_reports_progress(tmp_path: Path) -> None:
    from ui.export.job import print_pdf_isolated

    seen: list[tuple[int, int]] = []
    out = tmp_path / "long.pdf"
    pages = print_pdf_isolated(_long_html(400), str(out), title="T", header="H",
                               progress=lambda d, t, m: seen.append((d, t)))
    with pdfplumber.open(out) as doc:
        assert len(doc.pages) == pages > 1
        assert "Page 1 of" in (doc.pages[0].extract_text() or "")
    assert seen[-1] == (pages, pages)


def test_isolated_printer_cancels_and_fails_clearly(tmp_path: Path) -> None:
    from ui.export.job import print_pdf_isolated

    started = time.monotonic()
    calls = iter(range(10**6))
    pages = print_pdf_isolated(_long_html(4000), str(tmp_path / "c.pdf"),
                               should_cancel=lambda: next(calls) > 2)
    assert pages == 0 and time.monotonic() - started < 5
    with pytest.raises(OSError, match="unknown page size"):
        print_pdf_isolated("<p>x</p>", str(tmp_path / "x.pdf"), page_size="a5")


def test_open_when_done_opens_the_most_readable_file(
    qtbot: Any, runner: TaskRunner, stored: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    dialog = _dialog(qtbot, runner, stored)
    _choose(dialog, tmp_path / "pack", "json", "html")
    dialog.open_when_done.setChecked(True)
    assert _export(qtbot, dialog) == "Exported pack.html, pack.json"
    assert opened == [str(tmp_path / "pack.html")]


def test_many_reports_get_all_and_none(qtbot: Any, runner: TaskRunner) -> None:
    from core.compare import compare
    from core.results.jsonio import document_from_text
    from tests.core.report.test_export_html import RELEASE, REPORT

    release = document_from_text(RELEASE, "release.txt", "Release")
    reports = [document_from_text(REPORT + f"\nEdition {i}.", f"r{i}.txt", f"Edition {i}")
               for i in range(6)]
    dialog = ExportDialog(compare(release, reports), [], "Many", ExportController(runner))
    qtbot.addWidget(dialog)
    none = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Tick none")
    every = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Tick all")
    none.click()
    assert not dialog.export_button.isEnabled()
    dialog.reports_list.item(4).setCheckState(Qt.CheckState.Checked)
    assert dialog.request().options.reports == ("5",)
    every.click()
    assert dialog.request().options.reports == ()  # all, said once


def test_export_in_a_child_process_writes_reports_and_cancels_cleanly(
    stored: Any, tmp_path: Path
) -> None:
    """The window's exports run in a child process: files and outcome as in-thread, progress
    relayed, a failure is one line naming the user's file, a cancel leaves nothing behind."""
    import os

    from ui.export.job import ExportFailed
    from ui.export.process import export_in_subprocess

    result, anns = stored
    seen: list[tuple[int, int, str]] = []
    request = ExportRequest(("html", "json", "docx"), tmp_path / "pack")
    outcome = export_in_subprocess(result, anns, "Flood review", request, lambda: False,
                                   lambda d, t, m: seen.append((d, t, m)))
    assert outcome is not None and outcome.summary() == (
        "Exported pack.html, pack.json, pack.docx")
    assert NOTE_QUOTE in (tmp_path / "pack.html").read_text(encoding="utf-8")
    assert seen and seen[-1][0] == seen[-1][1]
    assert _files(tmp_path) == ["pack.docx", "pack.html", "pack.json"]

    blocked = tmp_path / "locked"
    blocked.mkdir()
    os.chmod(blocked, 0o500)
    try:
        if os.access(blocked, os.W_OK):  # root writes anyway: use a missing folder instead
            blocked = tmp_path / "missing" / "deeper"
        with pytest.raises(ExportFailed, match=r"pack\.html"):
            export_in_subprocess(result, anns, "Flood review",
                                 ExportRequest(("html",), blocked / "pack"), lambda: False,
                                 lambda d, t, m: None)
    finally:
        os.chmod(tmp_path / "locked", 0o700)

    out = tmp_path / "cancelled"
    out.mkdir()
    asked = [0]

    def cancel_after_a_while() -> bool:
        asked[0] += 1
        return asked[0] > 3

    assert export_in_subprocess(result, anns, "Flood review",
                                ExportRequest(("html", "pdf", "docx", "json"), out / "pack"),
                                cancel_after_a_while, lambda d, t, m: None) is None
    assert list(out.iterdir()) == []  # no file, no hidden partial file
