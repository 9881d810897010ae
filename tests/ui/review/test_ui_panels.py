"""Findings panel, coverage view and scorecard: models without showing widgets, then clicks."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QIcon
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from core.documents import Span
from core.results import CompareResult, Comparison, Link, LinkKind, RunState
from core.review import CellUse, Finding, FindingGroup, FindingKind, findings_for
from tests.core.review.test_findings import RELEASE, at, make_doc, sample_result, stats
from ui.review.coverage_model import SPAN_ROLE, USE_ROLE, CoverageModel, unused_color
from ui.review.coverage_view import CoverageView
from ui.review.findings_model import FINDING_ROLE, GROUP_ROLE, FindingsModel
from ui.review.findings_panel import FindingsPanel
from ui.review.scorecard import SHARE_ROLE, ScorecardModel, ScorecardWidget
from ui.style.colors import palette_colors

pytestmark = pytest.mark.gui

DISPLAY = Qt.ItemDataRole.DisplayRole


def two_reports() -> CompareResult:
    """The sample release and report, plus a short second report using two other passages."""
    base = sample_result()
    brief = make_doc("Officials will meet again in spring.", "Brief note", "/x/brief.txt")
    second = Comparison(
        official_index=0,
        report_index=2,
        links=(
            Link(
                at(RELEASE, "Officials will meet again in spring."),
                Span(0, 36),
                LinkKind.VERBATIM,
                False,
                0.99,
            ),
            Link(
                at(RELEASE, "The deal costs £140m over 5 years."),
                Span(0, 36),
                LinkKind.VERBATIM,
                False,
                0.6,
            ),
        ),
        added=(),
        omitted=(),
        quotes=(),
        figures=(),
        stats=stats(
            release_coverage=0.25,
            derived_share=1.0,
            verbatim_share=1.0,
            altered_quotes=0,
            changed_figures=0,
            additions=0,
            omissions=3,
        ),
    )
    return CompareResult((*base.documents, brief), (base.comparisons[0], second))


def child(widget: QWidget, name: str) -> QLabel:
    label = widget.findChild(QLabel, name)
    assert label is not None, f"no label {name!r}"
    return label


def click(view: QAbstractItemView, row: int, column: int) -> None:
    rect = view.visualRect(view.model().index(row, column))
    assert rect.isValid(), f"cell ({row}, {column}) is not visible"
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# -- findings -------------------------------------------------------------------------------


def test_findings_model_groups_rows_and_roles(qtbot: QtBot) -> None:
    result = sample_result()
    found = findings_for(result, 0)
    model = FindingsModel()
    model.set_findings(found, result.documents[0], result.documents[1])
    assert model.findings() == found and len(found) == 9 and model.columnCount() == 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 1)] == ["Finding", "Where"]
    # One row per group, what matters first, with its findings under it.
    assert model.rowCount() == 4
    assert model.groups() == list(FindingGroup)
    changed = model.index(0, 0)
    assert model.data(changed) == "Shifts, altered quotes, changed figures (3)"
    assert model.data(changed, GROUP_ROLE) is FindingGroup.CHANGED
    assert not model.flags(changed) & Qt.ItemFlag.ItemIsSelectable
    assert model.rowCount(changed) == 3 and model.rowCount(model.index(1, 0)) == 1
    kinds = [model.data(model.index(r, 0, changed), FINDING_ROLE).kind for r in range(3)]
    assert kinds == [FindingKind.SHIFT, FindingKind.FIGURE_CHANGED, FindingKind.QUOTE_ALTERED]
    altered = model.index(2, 0, changed)
    assert model.source_row(altered) == 2 and model.parent(altered) == changed
    assert model.data(altered) == found[2].title
    assert model.data(model.index(2, 1, changed)) == "line 3"
    omitted = model.index(0, 1, model.index(1, 0))
    assert model.data(omitted) == "release line 3"
    icon = model.data(altered, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert model.data(altered, FINDING_ROLE) is found[2]
    assert "landmark" in str(model.data(altered, Qt.ItemDataRole.ToolTipRole))
    assert "line 3" in str(model.data(altered, Qt.ItemDataRole.AccessibleTextRole))
    font = model.data(altered, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert model.data(model.index(99, 0)) is None
    # The filter drops rows, and a group left empty.
    model.set_kinds(frozenset(FindingKind) - {FindingKind.OMITTED})
    assert model.groups() == [FindingGroup.CHANGED, FindingGroup.UNSOURCED,
                              FindingGroup.CONFIRMED]
    assert not model.index_of_row(3).isValid() and model.shown_rows() == [0, 1, 2, 4, 5, 6, 7, 8]


def test_findings_made_elsewhere_are_grouped_too(qtbot: QtBot) -> None:
    result = sample_result()
    found = findings_for(result, 0)
    model = FindingsModel()
    model.set_findings(tuple(reversed(found)), None, None)
    assert [f.group for f in model.findings()] == sorted(
        (f.group for f in found), key=list(FindingGroup).index)


def test_shift_has_its_own_icon_colour(qtbot: QtBot) -> None:
    from ui.review.findings_model import kind_icon

    def centre(kind: FindingKind) -> QColor:
        return kind_icon(kind, False).pixmap(18, 18).toImage().pixelColor(1, 9)

    assert centre(FindingKind.SHIFT) == palette_colors(False).shift
    others = {centre(k).name() for k in FindingKind if k is not FindingKind.SHIFT}
    assert centre(FindingKind.SHIFT).name() not in others


def _panel(qtbot: QtBot, result: CompareResult | None = None) -> FindingsPanel:
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 400)
    panel.set_comparison(result or sample_result(), 0)
    return panel


def test_next_and_previous_wrap_and_emit(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    found = panel.findings()
    seen: list[Finding] = []
    panel.findingActivated.connect(seen.append)
    stepped = [panel.next_finding() for _ in range(len(found) + 1)]
    assert stepped == [*found, found[0]]  # wraps to the first
    assert seen == stepped  # one signal per step, carrying the Finding
    assert panel.current_finding() == found[0]
    assert panel.previous_finding() == found[-1]  # wraps back to the last
    assert panel.previous_finding() == found[-2]
    assert seen[-1] == found[-2]


def test_previous_first_goes_to_the_last(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    with qtbot.waitSignal(panel.findingActivated) as blocker:
        assert panel.previous_finding() == panel.findings()[-1]
    assert blocker.args == [panel.findings()[-1]]


def test_filter_limits_list_count_and_stepping(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    assert child(panel, "findingsCount").text() == "9 findings"
    assert child(panel, "findingsCount").parent().findChild(QCheckBox).text() == "Shifts 1"
    panel.set_group_visible("added", False)
    panel.set_group_visible("confirmed", False)
    kinds = [f.kind for f in panel.visible_findings()]
    assert FindingKind.ADDED not in kinds and FindingKind.FIGURE_MATCH not in kinds
    assert len(kinds) == 6 and kinds[0] is FindingKind.SHIFT
    assert child(panel, "findingsCount").text() == "6 of 9 findings shown"
    stepped = [panel.next_finding() for _ in range(7)]
    assert [f.kind for f in stepped if f] == [*kinds, kinds[0]]
    panel.set_group_visible("shifts", False)
    assert FindingKind.SHIFT not in panel.kinds()
    assert [f.kind for f in panel.visible_findings()] == kinds[1:]
    with pytest.raises(KeyError, match="unknown findings group 'colour'"):
        panel.set_group_visible("colour", True)


def test_stepping_continues_after_a_hidden_current(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    found = panel.findings()
    critics = next(i for i, f in enumerate(found) if f.title.startswith("Added: “Critics"))
    for _ in range(critics + 1):
        panel.next_finding()
    assert panel.current_finding() == found[critics]
    panel.set_group_visible("added", False)
    assert panel.current_finding() is None
    assert panel.next_finding() == found[critics + 1]  # the quote after it, not the first row


def test_click_selects_and_emits_once(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    panel.show()
    seen: list[Finding] = []
    panel.findingActivated.connect(seen.append)
    view = panel.view()
    changed = panel.model().index(0, 0)
    rect = view.visualRect(panel.model().index(1, 0, changed))  # the changed figure
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen == [panel.findings()[1]]
    assert "£140m" in child(panel, "findingDetail").text()
    # A click on a group's row selects no finding and emits nothing.
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(changed).center())
    assert len(seen) == 1
    # Stepping to the finding that is already current still asks the view to go there.
    panel.set_group_visible("confirmed", True)
    assert panel.select_key(panel.findings()[3].key) is True
    assert len(seen) == 1  # select_key without emit is silent
    assert panel.next_finding() == panel.findings()[4]


def test_clear_and_empty_comparison(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    panel.clear()
    assert child(panel, "findingsCount").text() == "No report selected"
    with qtbot.assertNotEmitted(panel.findingActivated):
        assert panel.next_finding() is None
    result = two_reports()
    panel.set_comparison(result, 1)
    assert child(panel, "findingsCount").text() == "No findings"
    assert panel.comparison_index() == 1
    with pytest.raises(IndexError, match="no comparison 2: the result has 2 report"):
        panel.set_comparison(result, 2)


def test_low_value_groups_start_folded_and_stepping_unfolds_them(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    panel.show()
    view, model = panel.view(), panel.model()
    folded = {g for g in model.groups() if not view.isExpanded(model.group_index(g))}
    assert folded == {FindingGroup.UNSOURCED, FindingGroup.CONFIRMED}
    assert view.isFirstColumnSpanned(0, model.index(0, 0).parent())
    found = panel.findings()
    headline = next(i for i, f in enumerate(found) if f.group is FindingGroup.UNSOURCED)
    panel.select_key(found[headline - 1].key)  # the omission, just before
    assert panel.next_finding() == found[headline]
    assert view.isExpanded(model.group_index(FindingGroup.UNSOURCED))
    # The user's folding is kept for the next report and across filter changes.
    panel.set_expanded(FindingGroup.CHANGED, False)
    panel.set_comparison(sample_result(), 0)
    assert not view.isExpanded(model.group_index(FindingGroup.CHANGED))
    assert view.isExpanded(model.group_index(FindingGroup.UNSOURCED))
    panel.set_group_visible("omitted", False)
    assert not panel.is_expanded(FindingGroup.CHANGED)
    assert not view.isExpanded(model.group_index(FindingGroup.CHANGED))


def test_a_large_group_starts_folded_until_the_user_unfolds_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.review.findings_panel as findings_panel

    panel = _panel(qtbot)
    panel.show()
    view, model = panel.view(), panel.model()
    sizes = {g: model.group_size(g) for g in model.groups()}
    big = max((g for g in sizes if g not in (FindingGroup.UNSOURCED, FindingGroup.CONFIRMED)),
              key=lambda g: sizes[g])
    assert view.isExpanded(model.group_index(big))
    # As if the group held thousands of rows (a long release's omissions).
    monkeypatch.setattr(findings_panel, "LARGE_GROUP", sizes[big] - 1)
    panel.set_comparison(sample_result(), 0)
    assert not view.isExpanded(model.group_index(big))
    assert not panel.is_expanded(big)
    # Unfolded by the user, it stays unfolded for the next report.
    view.setExpanded(model.group_index(big), True)
    panel.set_comparison(sample_result(), 0)
    assert view.isExpanded(model.group_index(big)) and panel.is_expanded(big)


def test_findings_computed_elsewhere_are_shown_as_given(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    result = two_reports()
    made = findings_for(result, 0)
    mine = made[:3]  # a worker's tuple: shown as is, not computed again
    panel.set_comparison(result, 0, findings=mine)
    assert panel.findings() is mine
    assert child(panel, "findingsCount").text() == "3 findings"
    header = panel.view().header()
    widest = max(
        panel.view().fontMetrics().horizontalAdvance(t) for t in panel.model().where_texts()
    )
    assert header.sectionSize(1) >= widest  # the "Where" column fits without measuring rows
    with pytest.raises(IndexError, match="no comparison 5: the result has 2 report"):
        panel.set_comparison(result, 5, findings=mine)


# -- coverage -------------------------------------------------------------------------------


def test_coverage_model_headers_cells_and_roles(qtbot: QtBot) -> None:
    model = CoverageModel()
    model.set_result(two_reports())
    assert (model.rowCount(), model.columnCount()) == (5, 4)
    h = Qt.Orientation.Horizontal
    assert model.headerData(0, h) == "Release passage"
    assert model.headerData(3, h) == "Used by"
    matrix = model.matrix()
    assert matrix is not None
    share = round(100 * matrix.column_coverage[0])
    assert model.headerData(1, h) == f"{share}%  ≠1  1. Minister goes to Rwanda"  # one shift
    assert str(model.headerData(2, h)).endswith("2. Brief note")
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert str(model.data(model.index(1, 0))).startswith("The Home Secretary signed")
    assert [model.data(model.index(2, c)) for c in (1, 2, 3)] == ["P", "V", "2 of 2"]
    assert model.data(model.index(0, 1)) == ""
    assert model.data(model.index(2, 2), USE_ROLE) == CellUse.VERBATIM.value
    brush = model.data(model.index(2, 2), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color() == palette_colors().verbatim
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None
    unused = model.data(model.index(0, 3), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(unused, QBrush) and unused.color() == unused_color()
    assert unused.color().rgb() == palette_colors().omitted.rgb()
    tip = str(model.data(model.index(2, 1), Qt.ItemDataRole.ToolTipRole))
    assert "paraphrase" in tip and "£140m" in tip and "The deal is said to cost £150m." in tip
    assert model.data(model.index(2, 1), Qt.ItemDataRole.AccessibleTextRole) == (
        "Passage 3, report 1: Paraphrase"
    )
    assert model.data(model.index(2, 1), SPAN_ROLE) == matrix.rows[2]
    model.set_current_report(1)
    bold = model.headerData(2, h, Qt.ItemDataRole.FontRole)
    assert isinstance(bold, QFont) and bold.bold()
    model.set_result(None)
    assert model.rowCount() == model.columnCount() == 0
    model.set_result(two_reports(), matrix)  # a matrix computed off the GUI thread is kept
    assert model.matrix() is matrix


def _coverage(qtbot: QtBot) -> CoverageView:
    view = CoverageView()
    qtbot.addWidget(view)
    view.resize(560, 360)
    view.set_result(two_reports())
    view.show()
    return view


def test_click_on_a_report_cell_emits_report_and_span(qtbot: QtBot) -> None:
    view = _coverage(qtbot)
    matrix = view.matrix()
    assert matrix is not None
    with qtbot.waitSignal(view.cellActivated) as blocker:
        click(view.table(), 2, 2)
    assert blocker.args == [1, matrix.rows[2]]
    with qtbot.waitSignal(view.passageActivated) as blocker:
        click(view.table(), 4, 0)
    assert blocker.args == [matrix.rows[4]]


def test_double_click_and_enter_activate_once_each(qtbot: QtBot) -> None:
    view = _coverage(qtbot)
    seen: list[tuple[int, object]] = []
    view.cellActivated.connect(lambda n, span: seen.append((n, span)))
    table = view.table()
    rect = table.visualRect(view.model().index(1, 1))
    # A real double click: press, release, then a second press that arrives as a double click.
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(seen) == 1
    table.setCurrentIndex(view.model().index(3, 1))
    QTest.qWait(400)  # past the double-click interval, so Enter is a new activation
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert [n for n, _ in seen] == [0, 0] and seen[1][1] == view.matrix().rows[3]  # type: ignore[union-attr]


def test_show_release_offset_and_summary(qtbot: QtBot) -> None:
    view = _coverage(qtbot)
    assert view.show_release_offset(RELEASE.index("£140m")) is True
    assert view.table().currentIndex().row() == 2
    assert view.show_release_offset(RELEASE.index("Share this")) is False
    summary = child(view, "coverageSummary").text()
    assert summary == ("5 release passages, 2 reports. 1 used by no report; 1 used by all. "
                       "1 meaning shift in all; most in report 1 (1).")
    header = view.table().horizontalHeader()
    assert header.sizeHint().height() > header.fontMetrics().height() * 3  # rotated titles fit
    assert header.sectionSize(1) == CoverageView.REPORT_COLUMN_WIDTH


def test_report_cells_paint_their_use_in_one_call_each(qtbot: QtBot) -> None:
    """``CellDelegate`` paints from ``cell_look``, which agrees with the roles of ``data()``;
    the grab shows each cell's colour and a selected cell keeps its colour inside a frame."""
    view = _coverage(qtbot)
    model, table = view.model(), view.table()
    assert model.cell_look(2, 0) is None and model.cell_look(2, 3) is None  # text and count
    for row in range(model.rowCount()):
        for col in (1, 2):
            look = model.cell_look(row, col)
            assert look is not None
            fill, _ink, symbol, mark = look
            assert symbol == model.data(model.index(row, col))
            shifted = model.cell_shifts(row, col - 1) > 0
            assert mark == (palette_colors().shift if shifted else None)
            want = model.data(model.index(row, col), Qt.ItemDataRole.BackgroundRole)
            assert (fill is None and want is None) or (
                isinstance(want, QBrush) and fill is not None and fill.color() == want.color()
            )
    assert [model.cell_shifts(r, 0) for r in range(5)] == [0, 0, 1, 0, 0]
    table.clearSelection()
    image = table.viewport().grab().toImage()
    shifted = table.visualRect(model.index(2, 1))
    tip = QPoint(shifted.right() - 2, shifted.top() + 2)  # the corner mark
    assert QColor(image.pixel(tip)).rgb() == palette_colors().shift.rgb()
    plain = QPoint(shifted.left() + 3, shifted.bottom() - 3)
    assert QColor(image.pixel(plain)).rgb() != palette_colors().shift.rgb()
    verbatim = table.visualRect(model.index(2, 2))
    corner = QPoint(verbatim.left() + 3, verbatim.top() + 3)  # inside the cell, off the symbol
    assert QColor(image.pixel(corner)).rgb() == palette_colors().verbatim.rgb()
    unused = table.visualRect(model.index(0, 1))
    assert QColor(image.pixel(QPoint(unused.left() + 3, unused.top() + 3))) != QColor(
        image.pixel(corner)
    )
    table.setCurrentIndex(model.index(2, 2))
    image = table.viewport().grab().toImage()
    inside = QPoint(verbatim.left() + 5, verbatim.top() + 5)
    assert QColor(image.pixel(inside)).rgb() == palette_colors().verbatim.rgb()
    edge = QPoint(verbatim.left() + 1, verbatim.top() + 1)
    assert QColor(image.pixel(edge)).rgb() == table.palette().highlight().color().rgb()


def test_a_dark_palette_gets_the_dark_colours(qtbot: QtBot) -> None:
    """With a dark system palette the panes' colours are the dark set, and matrix symbols are
    drawn in white on the darker cells."""
    from PySide6.QtGui import QGuiApplication, QPalette

    from ui.session.state import AppContext
    from ui.style.colors import DARK, LIGHT

    before = QGuiApplication.palette()
    dark = QPalette(before)
    roles = QPalette.ColorRole
    for role, name in ((roles.Window, "#2b2b2b"), (roles.Base, "#1e1e1e"),
                       (roles.WindowText, "#e0e0e0"), (roles.Text, "#e0e0e0")):
        dark.setColor(role, QColor(name))
    QGuiApplication.setPalette(dark)
    try:
        assert palette_colors() is DARK
        context = AppContext.create()
        assert context.colors is DARK
        model = CoverageModel()
        model.set_result(two_reports())
        look = model.cell_look(2, 2)
        assert look is not None and look[0] is not None
        assert look[0].color() == DARK.verbatim and look[1] == QColor("#ffffff")
    finally:
        QGuiApplication.setPalette(before)
    assert palette_colors() is LIGHT

def test_coverage_columns_are_computed_not_measured(qtbot: QtBot) -> None:
    # ResizeToContents asks data() of every row: ~100 ms on a 1,400-passage release.
    view = _coverage(qtbot)
    header = view.table().horizontalHeader()
    last = view.model().columnCount() - 1
    modes = {header.sectionResizeMode(c) for c in range(1, last + 1)}
    assert modes == {header.ResizeMode.Fixed}
    texts = ["Used by"] + [str(view.model().data(view.model().index(r, last))) for r in range(5)]
    widest = max(view.table().fontMetrics().horizontalAdvance(t) for t in texts)
    assert widest < header.sectionSize(last) < widest + 40


def test_scorecard_columns_fit_titles_and_values(qtbot: QtBot) -> None:
    card = ScorecardWidget()
    qtbot.addWidget(card)
    card.set_result(two_reports())
    header = card.table().horizontalHeader()
    bold = QFont(card.table().font())
    bold.setBold(True)
    for col in range(1, card.model().columnCount()):
        assert header.sectionResizeMode(col) is header.ResizeMode.Fixed
        title = str(card.model().headerData(col, Qt.Orientation.Horizontal))
        width = max(header.fontMetrics().horizontalAdvance(t) for t in title.split("\n"))
        values = [str(card.model().data(card.model().index(r, col))) for r in range(2)]
        width = max([width] + [QFontMetrics(bold).horizontalAdvance(v) for v in values])
        assert width < header.sectionSize(col) <= max(width + 24, header.minimumSectionSize())


# -- scorecard ------------------------------------------------------------------------------


def test_scorecard_model(qtbot: QtBot) -> None:
    model = ScorecardModel()
    model.set_result(two_reports())
    assert (model.rowCount(), model.columnCount()) == (2, 9)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)]
    assert headers[0] == "Report" and headers[4] == "Meaning\nshifts"
    assert headers[5] == "Altered\nquotes"
    row0 = [model.data(model.index(0, c)) for c in range(9)]
    assert row0 == ["1. Minister goes to Rwanda", "50%", "60%", "30%", "1", "1", "1", "2", "1"]
    assert model.data(model.index(1, 4)) == "0"  # the second report has no shift
    assert model.data(model.index(1, 1), SHARE_ROLE) == 0.25
    assert model.data(model.index(0, 4), Qt.ItemDataRole.ForegroundRole) == palette_colors().shift
    assert model.data(model.index(0, 5), Qt.ItemDataRole.ForegroundRole) == (
        palette_colors().quote_altered
    )
    assert model.data(model.index(1, 5), Qt.ItemDataRole.ForegroundRole) is None  # zero
    assert model.data(model.index(0, 7), SHARE_ROLE) is None  # counts get no bar


def test_scorecard_widget_highlights_and_emits(qtbot: QtBot) -> None:
    card = ScorecardWidget()
    qtbot.addWidget(card)
    card.resize(640, 160)
    card.set_result(two_reports())
    card.show()
    card.set_report(1)
    assert card.current_report() == 1
    assert [i.row() for i in card.table().selectionModel().selectedRows()] == [1]
    font = card.model().data(card.model().index(1, 0), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    with qtbot.waitSignal(card.reportActivated) as blocker:
        click(card.table(), 0, 2)
    assert blocker.args == [0]
    note = child(card, "scorecardNote")
    assert note.isHidden()
    base = two_reports()
    card.set_result(CompareResult(base.documents, base.comparisons, RunState.CANCELLED))
    assert not note.isHidden() and "cancelled" in note.text()


def test_widgets_render_offscreen(qtbot: QtBot, tmp_path: Path) -> None:
    result = two_reports()
    panel = _panel(qtbot, result)
    cov = _coverage(qtbot)
    card = ScorecardWidget()
    qtbot.addWidget(card)
    card.set_result(result)
    for widget in (panel, cov, card):
        image = widget.grab().toImage()
        assert not image.isNull() and image.width() > 100
    # The verbatim cell really is painted in the verbatim colour.
    table = cov.table()
    rect = table.visualRect(cov.model().index(2, 2))
    shot = table.viewport().grab().toImage()
    pixel = QColor(shot.pixel(rect.center() + QPoint(6, 0)))
    assert pixel == palette_colors().verbatim
