"""The review window, offscreen: demo and seed sessions load and compare, panes and ribbons match
the core result, drops add documents, F7 steps through findings, Ctrl+F finds in both panes, bad
files show their error in the list, settings are remembered."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QTreeWidgetItem,
)

from core.documents import Span
from core.results import CompareResult, QuoteVerdict
from ui.session.state import AppContext, Role, Status, thread_compare
from ui.window.app import demo_files, install_excepthook, open_initial, parse_args
from ui.window.main_window import MainWindow

pytestmark = pytest.mark.gui

RELEASE = "002_27eb931e9716d1e9.txt"
REPORTS = (
    "000_d7b0eaf045d8ede4.txt",
    "001_bcbaab6fdc511440.txt",
    "003_2b3c06040c50ddb9.txt",
    "004_e51375bab7781170.txt",
)


def _window(qtbot: Any, settings: QSettings, **kwargs: Any) -> MainWindow:
    window = MainWindow(AppContext.create(settings, **kwargs))
    qtbot.addWidget(window)
    if settings.value("window/geometry") is None:
        window.resize(1400, 860)
    window.show()
    qtbot.waitExposed(window)
    return window


def _wait_result(qtbot: Any, window: MainWindow, timeout: int = 60000) -> None:
    qtbot.waitUntil(lambda: window.session.result is not None, timeout=timeout)
    qtbot.wait(20)


@pytest.fixture
def seeds_window(qtbot: Any, ui_settings: QSettings, seeds_dir: Path) -> Iterator[MainWindow]:
    # The core compare runs in the runner's thread here (fast); the demo test uses the process.
    window = _window(qtbot, ui_settings, compare_fn=thread_compare)
    window.session.add_files([seeds_dir / n for n in REPORTS], official=seeds_dir / RELEASE)
    _wait_result(qtbot, window)
    yield window
    window.close()


def _result(window: MainWindow) -> CompareResult:
    result = window.session.result
    assert result is not None
    return result


def _item(window: MainWindow, entry_id: int) -> QTreeWidgetItem:
    item = window.documents.item_for(entry_id)
    assert item is not None
    return item


def _show_report_with_links(qtbot: Any, window: MainWindow) -> int:
    result = _result(window)
    index = max(range(len(result.comparisons)), key=lambda i: len(result.comparisons[i].links))
    window.session.set_current_report(index)
    window.tabs.setCurrentWidget(window.compare_view)
    qtbot.wait(20)
    assert result.comparisons[index].links, "the seed reports should share passages"
    return index


def test_demo_session_opens_and_results_arrive(qtbot: Any, ui_settings: QSettings) -> None:
    release, reports = demo_files()
    if release is None or not reports:
        pytest.skip("sample_docs/ has no demo documents yet")
    window = _window(qtbot, ui_settings)  # default: compare in a child process
    open_initial(window, parse_args([]))
    _wait_result(qtbot, window, timeout=120000)
    session = window.session
    official = session.official()
    assert official is not None and Path(official.path).name == "release.pdf"
    names = {Path(e.path).name for e in session.entries}
    assert "release.docx" not in names and len(names) == 1 + len(reports)
    result = session.result
    assert result is not None and result.official.name == "release.pdf"
    ready = [e for e in session.entries if e.status is Status.READY and e.role is Role.REPORT]
    assert len(result.comparisons) == len(ready) >= 1
    # Results open on the overview: coverage matrix and scorecards.
    assert window.tabs.currentWidget() is window.overview
    assert window.coverage.model().rowCount() > 0
    assert window.scorecard.model().rowCount() == len(result.comparisons)
    assert window.documents.tree.topLevelItemCount() == len(session.entries)


def test_files_on_command_line_and_official_option(
    qtbot: Any, ui_settings: QSettings, seeds_dir: Path
) -> None:
    window = _window(qtbot, ui_settings, compare_fn=thread_compare)
    args = parse_args([str(seeds_dir / REPORTS[0]), "--official", str(seeds_dir / RELEASE)])
    open_initial(window, args)
    _wait_result(qtbot, window)
    official = window.session.official()
    assert official is not None and Path(official.path).name == RELEASE
    assert [Path(d.path).name for d in _result(window).documents] == [RELEASE, REPORTS[0]]


def test_panes_ribbons_and_highlights_match_the_result(
    qtbot: Any, seeds_window: MainWindow
) -> None:
    index = _show_report_with_links(qtbot, seeds_window)
    view = seeds_window.compare_view
    result = _result(seeds_window)
    comp = result.comparisons[index]
    report = result.documents[comp.report_index]
    # Qt shows no-break spaces as spaces in toPlainText; offsets stay the same.
    assert view.release_pane.toPlainText() == result.official.text.replace("\xa0", " ")
    assert view.report_pane.toPlainText() == report.text.replace("\xa0", " ")
    # One ribbon per link, with the link's spans.
    ribbons = sorted(view.gutter.ribbons(), key=lambda r: r.index)
    assert [(r.official, r.report) for r in ribbons] == [
        (lk.official, lk.report) for lk in comp.links
    ]
    # Highlights: every link end, every omission / addition, altered quotes, changed figures,
    # meaning shifts (in the release where they have release words).
    altered = [q for q in comp.quotes if q.verdict is QuoteVerdict.ALTERED]
    absent = [q for q in comp.quotes if q.verdict is QuoteVerdict.ABSENT]
    changed = [f for f in comp.figures if f.verdict.value == "changed"]
    assert view.release_pane.highlight_count() == (
        len(comp.links)
        + len(comp.omitted)
        + sum(q.official is not None for q in altered)
        + sum(f.official is not None for f in changed)
        + sum(len(s.official) > 0 for s in comp.shifts)
    )
    assert view.report_pane.highlight_count() == (
        len(comp.links) + len(comp.added) + len(altered) + len(absent) + len(changed)
        + len(comp.shifts)
    )
    assert view.report_pane.dotted_spans() == sorted(s.report for s in comp.shifts)
    # Altered quotes and changed figures are framed: their line rectangles are found.
    framed = [q.report for q in altered] + [f.report for f in changed]
    if framed:
        view.report_pane.reveal(framed[0])
        rects = view.report_pane.line_rects(framed[0])
        assert rects and all(r.width() > 0 for r in rects)
    # Ribbons drawn == links with at least one end on screen.
    first = comp.links[0]
    view.select_link(0)
    view.gutter.repaint()
    lvis, rvis = view.release_pane.visible_span(), view.report_pane.visible_span()

    def on_screen(s: Span, vis: Span) -> bool:
        return not (s.end < vis.start or s.start > vis.end)

    expected = {
        i
        for i, lk in enumerate(comp.links)
        if on_screen(lk.official, lvis) or on_screen(lk.report, rvis)
    }
    assert {i for i, _ in view.gutter.drawn} == expected
    assert 0 in expected and on_screen(first.report, rvis) and on_screen(first.official, lvis)


def test_clicking_a_ribbon_selects_the_pair_and_shows_its_diff(
    qtbot: Any, seeds_window: MainWindow
) -> None:
    index = _show_report_with_links(qtbot, seeds_window)
    view = seeds_window.compare_view
    comp = _result(seeds_window).comparisons[index]
    target = len(comp.links) - 1
    view.report_pane.reveal(comp.links[target].report)
    view.gutter.repaint()
    paths = dict(view.gutter.drawn)
    assert target in paths
    center = paths[target].boundingRect().center()
    point = center.toPoint()
    if view.gutter.index_at(QPointF(point)) != target:  # a crossing ribbon on top: use its edge
        rect = paths[target].boundingRect()
        point = QPointF(rect.left() + 2, rect.top() + 3).toPoint()
    with qtbot.waitSignal(view.linkSelected, timeout=2000) as blocker:
        qtbot.mouseClick(view.gutter, Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [target] and view.selected_link == target
    text = view.detail.toPlainText()
    assert f"Pair {target + 1} of {len(comp.links)}" in text
    assert comp.links[target].kind.value in text
    assert view.gutter.selected() == target


def test_clicking_a_passage_selects_its_counterpart(qtbot: Any, seeds_window: MainWindow) -> None:
    index = _show_report_with_links(qtbot, seeds_window)
    view = seeds_window.compare_view
    link = _result(seeds_window).comparisons[index].links[0]
    view.release_pane.offsetClicked.emit(link.official.start + 1)
    assert view.selected_link == 0
    vis = view.report_pane.visible_span()
    assert vis.start <= link.report.start <= vis.end  # the counterpart was scrolled into view


def test_locked_scrolling_follows_the_linked_passage(qtbot: Any, seeds_window: MainWindow) -> None:
    index = _show_report_with_links(qtbot, seeds_window)
    view = seeds_window.compare_view
    comp = _result(seeds_window).comparisons[index]
    link = max(comp.links, key=lambda lk: lk.report.start)
    assert view.lock_button.isChecked()
    view.report_pane.scroll_to_offset(link.report.start)
    qtbot.wait(10)
    vis = view.release_pane.visible_span()
    assert vis.start <= link.official.start <= vis.end
    # Unlocked, the release stays where it is.
    view.lock_button.setChecked(False)
    view.release_pane.verticalScrollBar().setValue(0)
    before = view.release_pane.visible_span()
    view.report_pane.verticalScrollBar().setValue(view.report_pane.verticalScrollBar().maximum())
    assert view.release_pane.visible_span() == before



def test_a_pane_scrolling_while_a_report_is_swapped_in_follows_the_new_links(
    qtbot: Any, seeds_window: MainWindow, monkeypatch: Any
) -> None:
    """A pane re-laid out during the switch moves its scroll bar; the locked sync it triggers
    must use the new report's links (it indexed them with the old order: IndexError)."""
    index = _show_report_with_links(qtbot, seeds_window)
    view = seeds_window.compare_view
    result = _result(seeds_window)
    fewer = min(
        (i for i, c in enumerate(result.comparisons) if c.links and i != index),
        key=lambda i: len(result.comparisons[i].links),
    )
    assert len(result.comparisons[fewer].links) < len(result.comparisons[index].links)
    bar = view.release_pane.verticalScrollBar()
    bar.setValue(bar.maximum())
    real = view.report_pane.set_highlights

    def moving(highlights: Any) -> None:
        real(highlights)
        bar.setValue(bar.maximum() // 2)  # as a layout change would, mid-switch

    monkeypatch.setattr(view.report_pane, "set_highlights", moving)
    seeds_window.session.set_current_report(fewer)
    monkeypatch.undo()
    bar.setValue(bar.maximum() // 3)  # and a user's scroll afterwards syncs on the new links
    qtbot.wait(10)
    assert view.comparison is result.comparisons[fewer]
    assert sorted(i for _, i in view._by_official) == list(range(len(view.comparison.links)))

def test_f7_steps_through_findings(qtbot: Any, seeds_window: MainWindow) -> None:
    _show_report_with_links(qtbot, seeds_window)
    findings = seeds_window.findings.visible_findings()
    assert len(findings) >= 2
    seeds_window.activateWindow()
    seen = []
    for _ in range(2):
        with qtbot.waitSignal(seeds_window.findings.findingActivated, timeout=2000) as blocker:
            qtbot.keyClick(seeds_window, Qt.Key.Key_F7)
        seen.append(blocker.args[0])
    assert seen[0] != seen[1]
    assert seen[1] == seeds_window.findings.current_finding()
    with qtbot.waitSignal(seeds_window.findings.findingActivated, timeout=2000) as blocker:
        qtbot.keyClick(seeds_window, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert blocker.args[0] == seen[0]
    # The compare view shows the finding's passage.
    assert seeds_window.tabs.currentWidget() is seeds_window.compare_view
    pane = (
        seeds_window.compare_view.release_pane
        if seen[0].side == "official"
        else seeds_window.compare_view.report_pane
    )
    vis = pane.visible_span()
    assert vis.start <= seen[0].span.start <= vis.end


def test_find_bar_highlights_matches_in_both_panes(qtbot: Any, seeds_window: MainWindow) -> None:
    index = _show_report_with_links(qtbot, seeds_window)
    result = _result(seeds_window)
    report_text = result.documents[result.comparisons[index].report_index].text
    qtbot.keyClick(seeds_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = seeds_window.compare_view.find_bar
    assert bar.isVisible()
    bar.edit.setText("rwanda")
    matches = bar.matches()
    in_release = sum(1 for p, _ in matches if p == 0)
    in_report = sum(1 for p, _ in matches if p == 1)
    assert in_release == result.official.text.lower().count("rwanda") > 0
    assert in_report == report_text.lower().count("rwanda") > 0
    assert bar.count.text() == f"1 of {len(matches)}"
    bar.next()
    assert bar.count.text() == f"2 of {len(matches)}"
    bar.close_bar()
    assert not bar.isVisible()


def _drop(window: MainWindow, path: Path) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(window.width() / 2, window.height() / 2)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    drag_enter: Any = QDragEnterEvent  # the signature differs between PySide6 versions
    try:  # PySide6 6.12 takes a QPointF (a QPoint is deprecated there); 6.11 only a QPoint
        enter = drag_enter(pos, Qt.DropAction.CopyAction, mime, buttons, mods)
    except TypeError:
        enter = drag_enter(pos.toPoint(), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(window, drop)
    return drop.isAccepted()


def test_dropped_file_joins_the_session(
    qtbot: Any, ui_settings: QSettings, seeds_dir: Path
) -> None:
    window = _window(qtbot, ui_settings, compare_fn=thread_compare)
    session = window.session
    assert _drop(window, seeds_dir / RELEASE)
    assert len(session.entries) == 1 and session.entries[0].role is Role.OFFICIAL
    # The next drop joins as a report, and the pair is compared.
    assert _drop(window, seeds_dir / REPORTS[2])
    assert [e.role for e in session.entries] == [Role.OFFICIAL, Role.REPORT]
    _wait_result(qtbot, window)
    assert len(_result(window).comparisons) == 1
    assert window.documents.tree.topLevelItemCount() == 2


def test_bad_files_show_their_error_in_the_list(
    qtbot: Any, ui_settings: QSettings, seeds_dir: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    odd = tmp_path / "notes.xyz"
    odd.write_bytes(b"\x00\x01binary")
    window = _window(qtbot, ui_settings, compare_fn=thread_compare)
    window.session.add_files([seeds_dir / RELEASE, empty, odd, tmp_path / "missing.pdf"])
    qtbot.waitUntil(lambda: not window.session.is_loading(), timeout=30000)
    qtbot.waitUntil(
        lambda: all(_item(window, e.id).text(2) != "loading…" for e in window.session.entries),
        timeout=2000,
    )
    labels = {}
    for e in window.session.entries:
        item = _item(window, e.id)
        labels[e.name] = (item.text(2), item.toolTip(2))
    assert labels["empty.txt"][0] == "empty document"
    assert "empty.txt" in labels["empty.txt"][1]
    assert labels["notes.xyz"][0] == "unsupported file type"
    assert labels["missing.pdf"] == ("file not found", "missing.pdf: file not found")
    assert labels[RELEASE][0].startswith("ready")
    assert window.session.result is None  # no report could be read: nothing to compare


def test_make_release_and_remove(qtbot: Any, seeds_window: MainWindow) -> None:
    session = seeds_window.session
    report = next(e for e in session.entries if e.role is Role.REPORT)
    seeds_window.documents.tree.setCurrentItem(_item(seeds_window, report.id))
    seeds_window.documents.release_button.click()
    assert session.official() is report
    qtbot.waitUntil(
        lambda: session.result is not None and session.result.official is report.document,
        timeout=60000,
    )
    seeds_window.documents.tree.setCurrentItem(_item(seeds_window, report.id))
    seeds_window.remove_action.trigger()
    assert session.entry(report.id) is None
    assert session.official() is not None  # another document stepped up as the release


def test_geometry_and_splitters_are_remembered(qtbot: Any, ui_settings: QSettings) -> None:
    window = _window(qtbot, ui_settings, compare_fn=thread_compare)
    window.resize(1200, 520)
    window.findings_dock.hide()
    window.tabs.setCurrentWidget(window.compare_view)
    window.compare_view.panes.setSizes([300, 64, 700])
    window.close()
    assert ui_settings.value("window/geometry") is not None
    again = _window(qtbot, ui_settings, compare_fn=thread_compare)
    assert again.size().height() == 520
    assert again.findings_dock.isHidden() and not again.docs_dock.isHidden()
    again.tabs.setCurrentWidget(again.compare_view)
    qtbot.wait(10)
    sizes = again.compare_view.panes.sizes()
    assert sizes[0] * 1.5 < sizes[2]


def test_uncaught_exception_is_logged_and_shown(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sys

    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(QApplication.instance())  # type: ignore[arg-type]
    try:
        raise ValueError("broken slot")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR, logger="concord"):
            sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown == ["Something went wrong: broken slot"]
    assert "uncaught exception" in caplog.text


def test_offsets_survive_characters_beyond_the_bmp(qtbot: Any) -> None:
    from ui.review.text_pane import TextPane

    pane = TextPane("test pane")
    qtbot.addWidget(pane)
    text = "a😀b🎉c plain"
    pane.set_text(text)
    for offset in range(len(text) + 1):
        assert pane.from_qt(pane.to_qt(offset)) == offset
    assert pane.to_qt(text.index("c")) == text.index("c") + 2
    cur = pane.textCursor()
    cur.setPosition(pane.to_qt(text.index("plain")))
    cur.setPosition(pane.to_qt(len(text)), cur.MoveMode.KeepAnchor)
    assert cur.selectedText() == "plain"



def test_long_text_marks_only_the_stretch_on_screen_and_follows_scrolling(qtbot: Any) -> None:
    """Highlights of a long release become Qt selections near the view only; scrolling to the
    end brings the highlights there in, and every highlight is still accounted for."""
    from PySide6.QtGui import QColor

    from ui.review.text_pane import HIGHLIGHT_MARGIN, Highlight, TextPane

    pane = TextPane("long pane")
    qtbot.addWidget(pane)
    pane.resize(500, 300)
    pane.show()
    paragraph = "A paragraph of the release with some words in it, long enough to wrap. "
    text = "\n\n".join(f"{n}. {paragraph * 2}" for n in range(2000))
    pane.set_text(text)
    starts = [i for i in range(len(text)) if text.startswith("\n\n", i)]
    # Every other paragraph omitted, so no two are merged: one selection per highlight.
    spans = [Span(a + 2, a + 40) for a in starts[::2]]
    pane.set_highlights([Highlight(sp, "omitted", QColor("#f4b6b6")) for sp in spans])

    def selected() -> list[tuple[int, int]]:
        return sorted(
            (pane.from_qt(s.cursor.selectionStart()), pane.from_qt(s.cursor.selectionEnd()))
            for s in pane.extraSelections()
        )

    assert pane.highlight_count() == pane.merged_highlight_count() == len(spans)
    near = selected()
    assert 0 < len(near) == pane.highlight_selection_count() < len(spans) // 4
    assert near[0] == (spans[0].start, spans[0].end)
    assert all(a < pane.visible_span().end + HIGHLIGHT_MARGIN for a, _ in near)
    pane.verticalScrollBar().setValue(pane.verticalScrollBar().maximum())
    far = selected()
    assert far[-1] == (spans[-1].start, spans[-1].end) and far[0][0] > near[-1][0]
    vis = pane.visible_span()
    on_screen = [(sp.start, sp.end) for sp in spans if sp.start < vis.end and sp.end > vis.start]
    assert on_screen and set(on_screen) <= set(far)


def test_legend_names_every_colour_of_the_panes_annotations_included(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.review.compare_view import ANNOTATED_LABEL, CompareView
    from ui.review.text_pane import annotation_underline
    from ui.style.colors import LEGEND, palette_colors

    colors = palette_colors()
    view = CompareView(colors)
    qtbot.addWidget(view)
    strip = next(w for w in view.findChildren(QLabel) if w.accessibleName() == "Colour legend")
    text = strip.text()
    for kind, label in LEGEND:
        assert label in text and colors.for_kind(kind).name() in text
    assert ANNOTATED_LABEL in text and annotation_underline(colors.annotation).name() in text
    assert strip.accessibleDescription().endswith(ANNOTATED_LABEL)

def test_annotation_hooks(qtbot: Any, seeds_window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    index = _show_report_with_links(qtbot, seeds_window)
    view = seeds_window.compare_view
    link = _result(seeds_window).comparisons[index].links[0]
    panel = QLabel("notes")
    dock = seeds_window.add_panel("Annotations", panel)
    assert dock.widget() is panel
    assert dock.toggleViewAction() in seeds_window.view_menu.actions()
    view.set_annotations([link.official], [link.report])
    assert (
        len(view.release_pane.extraSelections())
        >= view.release_pane.highlight_selection_count() + 1
    )
    # Selecting text announces the passage, for an annotations panel to pick up.
    cur = view.report_pane.textCursor()
    cur.setPosition(view.report_pane.to_qt(link.report.start))
    cur.setPosition(view.report_pane.to_qt(link.report.end), cur.MoveMode.KeepAnchor)
    view.report_pane.setTextCursor(cur)
    with qtbot.waitSignal(view.passageSelected, timeout=1000) as blocker:
        rect = view.report_pane.cursorRect(cur)
        qtbot.mouseRelease(
            view.report_pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        )
    assert blocker.args == ["report", link.report]


def test_coverage_cell_clicked_again_opens_the_next_pair_using_the_passage(
    qtbot: Any, seeds_window: MainWindow
) -> None:
    result = _result(seeds_window)
    matrix = seeds_window.coverage.matrix()
    assert matrix is not None
    # A release sentence that several report passages of one report draw on.
    shared = [
        (col, row)
        for row in range(matrix.row_count)
        for col in range(matrix.column_count)
        if len(matrix.sources[row][col]) > 1
    ]
    assert shared, "the seed scenario has a release sentence used twice by one report"
    col, row = shared[0]
    index, sentence = matrix.columns[col], matrix.rows[row]
    using = [
        i for i, x in enumerate(result.comparisons[index].links) if x.official.overlaps(sentence)
    ]
    assert len(using) > 1
    model = seeds_window.coverage.model()
    cell = model.index(row, 1 + index)
    assert model.report_of_column(cell.column()) == index
    assert "click again for the next" in str(cell.data(Qt.ItemDataRole.ToolTipRole))
    table = seeds_window.coverage.table()
    table.scrollTo(cell)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(cell).center())
    view = seeds_window.compare_view
    seen = [view.selected_link]
    for _ in range(len(using)):
        seeds_window.coverage.cellActivated.emit(index, sentence)
        seen.append(view.selected_link)
    assert seen == [*using, using[0]]
    # Another pair chosen in between: the cell starts again from its first pair.
    view.select_link(next(i for i in range(len(view.comparison.links)) if i not in using))
    seeds_window.coverage.cellActivated.emit(index, sentence)
    assert view.selected_link == using[0]
    # A finding's jump to the sentence selects its pair; the cell then does not step past it.
    view.show_span("official", sentence)
    seeds_window.coverage.cellActivated.emit(index, sentence)
    assert view.selected_link == using[0]


def test_coverage_cell_opens_that_pair_in_the_compare_tab(
    qtbot: Any, seeds_window: MainWindow
) -> None:
    result = _result(seeds_window)
    index = max(range(len(result.comparisons)), key=lambda i: len(result.comparisons[i].links))
    links = result.comparisons[index].links
    # The last link whose release passage no other link shares (a clause link may sit inside
    # the sentence another link takes whole; the test above clicks through such passages).
    last = max(
        i for i, x in enumerate(links)
        if not any(j != i and y.official.start < x.official.end and x.official.start <
                   y.official.end for j, y in enumerate(links))
    )
    link = links[last]
    assert seeds_window.tabs.currentWidget() is seeds_window.overview  # results open here
    seeds_window.coverage.cellActivated.emit(index, link.official)
    assert seeds_window.tabs.currentWidget() is seeds_window.compare_view
    assert seeds_window.session.current_report == index
    view = seeds_window.compare_view
    assert view.selected_link == last
    vis = view.release_pane.visible_span()
    assert vis.start <= link.official.start <= vis.end
