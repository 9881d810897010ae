"""View ▸ Show in Original: a PDF release's page with the linked passage highlighted, page
navigation and zoom, a web report's passage in context, from the menus of the panes, the
findings and the annotations, and a clear line when the original cannot be drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMenu

from core.documents import DocFormat
from tests.conftest import ROOT
from tests.ui.annotations.test_ui_annotations import make_window, show_report, wait_result
from ui.original.panel import ZOOMS

pytestmark = pytest.mark.gui

SAMPLES = ROOT / "sample_docs"


def _ink(image: QImage, x0: int, y0: int, x1: int, y1: int) -> float:
    dark = total = 0
    for y in range(max(0, y0), min(image.height(), y1)):
        for x in range(max(0, x0), min(image.width(), x1), 2):
            total += 1
            c = image.pixelColor(x, y)
            if c.red() + c.green() + c.blue() < 3 * 160:
                dark += 1
    return dark / max(1, total)


@pytest.fixture
def window_with_pdf(qtbot: Any, ui_settings: QSettings, tmp_path: Path) -> Any:
    window, review, prompts = make_window(qtbot, ui_settings)
    release = SAMPLES / "release.pdf"
    window.session.add_files([release, SAMPLES / "report_daily.html"], official=release)
    wait_result(qtbot, window, 1)
    show_report(window, "report_daily.html")
    qtbot.wait(20)
    yield window, review, prompts
    window.close()


def test_a_linked_release_passage_on_its_pdf_page(qtbot: Any, window_with_pdf: Any) -> None:
    window, _, _ = window_with_pdf
    original = window.original
    panel = original.panel
    assert original.action.shortcut().toString() == "Ctrl+Shift+G"
    assert original.action in window.view_menu.actions()
    view = window.compare_view
    view.select_link(2)
    link = view.comparison.links[2]
    view.detail.setFocus()
    original.action.trigger()
    qtbot.waitUntil(lambda: panel.canvas.has_image(), timeout=15000)
    assert original.dock.isVisible()
    assert panel.span == link.official and panel.doc.format is DocFormat.PDF
    assert "page 1" in panel.title.text()
    boxes = panel.canvas.boxes
    assert boxes
    image = panel.canvas.image()
    assert image is not None
    for box in boxes:
        r = panel.canvas.box_rect(box).toRect()
        assert _ink(image, r.left(), r.top(), r.right(), r.bottom()) > 0.03

    # Page navigation renders in the background and caches: back to page 1 is immediate.
    assert panel.page_count >= 2
    panel.next_page()
    qtbot.waitUntil(lambda: panel.page == 2, timeout=15000)
    assert panel.canvas.boxes == () or all(b.page == 2 for b in panel.canvas.boxes)
    panel.previous_page()
    assert panel.page == 1 and panel.canvas.boxes  # from the cache, no wait
    # Pages fill the panel's width until a zoom is chosen.
    assert panel.fitting and panel.canvas.width() <= panel.page_area.viewport().width()
    width = panel.canvas.width()
    bigger = next(z for z in ZOOMS if z > panel.zoom + 1e-3)
    panel.step_zoom(1)
    qtbot.waitUntil(lambda: panel.canvas.width() > width, timeout=15000)
    assert panel.zoom_label.text() == f"{round(bigger * 100)} %" and not panel.fitting
    panel.fit_width()
    qtbot.waitUntil(lambda: panel.canvas.width() == width, timeout=15000)


def test_menus_show_findings_selections_and_annotations_in_context(
    qtbot: Any, window_with_pdf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, review, prompts = window_with_pdf
    panel = window.original.panel
    chosen: list[str] = []

    def fake_popup(menu: QMenu, where: QPoint) -> None:
        act = next(a for a in menu.actions() if a.text().startswith("Show in Original"))
        chosen.append(act.text())
        assert act.isEnabled()
        act.trigger()

    monkeypatch.setattr(review, "popup", fake_popup)
    # A finding on the web report: its paragraph among its neighbours, the passage marked.
    finding = next(f for f in window.findings.findings() if f.side == "report")
    window.findings.select_key(finding.key)
    tree = window.findings.view()
    tree.customContextMenuRequested.emit(tree.visualRect(tree.currentIndex()).center())
    assert panel.stack.currentWidget() is panel.browser
    assert "report_daily.html — paragraph" in panel.title.text()
    report = window.session.result.documents[1]
    marked = report.text[finding.span.start:finding.span.end]
    assert " ".join(marked.split())[:40] in " ".join(panel.browser.toPlainText().split())
    assert panel.colors.original_mark.name() in panel.browser.toHtml()

    # A selection in the release pane: its page.
    pane = window.compare_view.release_pane
    text = pane.toPlainText()
    start = text.index("Hollin Estuary")
    cur = pane.textCursor()
    cur.setPosition(pane.to_qt(start))
    cur.setPosition(pane.to_qt(start + len("Hollin Estuary")), cur.MoveMode.KeepAnchor)
    pane.setTextCursor(cur)
    pane.customContextMenuRequested.emit(QPoint(5, 5))
    qtbot.waitUntil(lambda: panel.canvas.has_image() and bool(panel.canvas.boxes), timeout=15000)
    (box,) = panel.canvas.boxes
    assert 40 < (box.x1 - box.x0) < 140  # two words, not the whole printed line

    # An annotation made on the release: from the annotations list's menu.
    prompts.notes.append(("check the figure", ("accurate",)))
    review.annotations.annotate_selection("official")
    qtbot.waitUntil(lambda: review.panel.current_annotation() is not None
                    or bool(review.panel.visible_ids()), timeout=5000)
    review.panel.select(review.panel.visible_ids()[0])
    panel.canvas.clear()
    review.panel.tree.customContextMenuRequested.emit(QPoint(5, 5))
    qtbot.waitUntil(lambda: panel.canvas.has_image(), timeout=15000)
    assert panel.span is not None and panel.span.start == start
    assert len(chosen) == 3


def test_an_original_that_cannot_be_drawn_says_why(
    qtbot: Any, window_with_pdf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _review, _ = window_with_pdf
    panel = window.original.panel
    doc = window.session.result.official
    panel.show_passage(doc, doc.paragraphs[0], b"%PDF-1.4 broken")
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.message, timeout=15000)
    assert "damaged" in panel.message.text()
    # Nothing selected anywhere: a hint in the status bar, no dock change.
    window.compare_view.selected_link = -1
    monkeypatch.setattr(window.findings, "current_finding", lambda: None)
    window.original.show_current()
    assert "Select a passage" in window.statusBar().currentMessage()


def test_a_late_render_error_never_covers_the_passage_shown_since_and_fit_follows_resizes(
    qtbot: Any, window_with_pdf: Any
) -> None:
    window, _, _ = window_with_pdf
    panel = window.original.panel
    result = window.session.result
    official, report = result.official, result.documents[1]
    window.original.dock.show()
    # A broken PDF, then at once a passage of the web report: the first render's failure
    # arrives late and must not replace the report's paragraphs.
    panel.show_passage(official, official.paragraphs[0], b"%PDF-1.4 broken")
    panel.show_passage(report, report.paragraphs[3], None)
    qtbot.wait(600)
    assert panel.stack.currentWidget() is panel.browser
    assert "cannot be shown" not in panel.message.text() or not panel.message.isVisible()
    assert panel.title.text().startswith("report_daily.html")
    # While fitting the width, a wider panel draws the page again at the new width.
    data = window.review.sessions.original_data(official)
    panel.show_passage(official, official.paragraphs[2], data)
    qtbot.waitUntil(lambda: panel.canvas.has_image(), timeout=15000)
    narrow = panel.canvas.width()
    window.original.dock.setFloating(True)
    window.original.dock.resize(narrow * 2 + 200, 700)
    qtbot.waitUntil(lambda: panel.canvas.width() > narrow * 1.5, timeout=15000)
    assert panel.fitting and panel.canvas.width() <= panel.page_area.viewport().width()
