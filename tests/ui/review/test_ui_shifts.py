"""Meaning shifts in the window, offscreen, on a sample report that has them: grouped first in the
Findings panel, stepped to with F7, dotted in both panes, explained in the pair detail, counted
in the scorecard and the overview, and marked as a distortion in one click (undoable)."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QCheckBox, QMenu

from core.review import FindingGroup, FindingKind
from tests.ui.annotations.test_ui_annotations import open_sample

pytestmark = pytest.mark.gui

def test_shifts_in_the_window(qtbot: Any, ui_settings: QSettings) -> None:
    window, review, prompts = open_sample(qtbot, ui_settings)
    qtbot.waitUntil(lambda: window.findings.comparison_index() == 0, timeout=5000)
    result = window.session.result
    assert result is not None
    comp = result.comparisons[0]
    assert comp.shifts, "the radio report is one of the samples with shifts"

    # Findings: the group that matters first, shifts in it; the low-value groups folded.
    panel, view = window.findings, window.findings.view()
    model = panel.model()
    assert model.groups()[0] is FindingGroup.CHANGED
    shifts = [f for f in panel.findings() if f.kind is FindingKind.SHIFT]
    assert len(shifts) == len(comp.shifts)
    folded = {g for g in model.groups() if not view.isExpanded(model.group_index(g))}
    assert folded == {g for g in model.groups()
                      if g in (FindingGroup.UNSOURCED, FindingGroup.CONFIRMED)}
    boxes = [b.text() for b in panel.findChildren(QCheckBox)]
    assert f"Shifts {len(comp.shifts)}" in boxes

    # F7 steps down the list to its first shift; the panes and the detail follow.
    window.activateWindow()
    while panel.current_finding() is None or panel.current_finding().kind is not FindingKind.SHIFT:
        with qtbot.waitSignal(panel.findingActivated, timeout=2000):
            qtbot.keyClick(window, Qt.Key.Key_F7)
    shift_finding = panel.current_finding()
    assert shift_finding == shifts[0]
    shift = next(s for s in comp.shifts if s.report == shift_finding.span)
    cv = window.compare_view
    assert shift.report in cv.report_pane.dotted_spans()
    assert shift.official in cv.release_pane.dotted_spans() or not len(shift.official)
    assert cv.selected_link >= 0
    detail = cv.detail.toPlainText()
    assert "meaning shift" in detail and shift.explanation in detail

    # Counted in the scorecard and the overview.
    window._fill_scorecard()
    card = window.scorecard.model()
    assert card.data(card.index(0, 4)) == str(len(comp.shifts))
    cover = window.coverage.model()
    assert f"≠{len(comp.shifts)}" in str(cover.headerData(1, Qt.Orientation.Horizontal))

    # One click marks it as a distortion: no editor, the explanation as the note; Ctrl+Z undoes.
    def pick(menu: QMenu, _where: QPoint) -> None:
        act = next(a for a in menu.actions() if a.text() == "Mark as Distortion")
        assert act.isEnabled()
        act.trigger()

    review.popup = pick  # type: ignore[method-assign]
    view.customContextMenuRequested.emit(view.visualRect(view.currentIndex()).center())
    (ann,) = review.annotations.annotations()
    assert ann.tags == ("distortion",) and ann.note == shift.explanation
    assert ann.finding == shift_finding.key and prompts.requests == []
    review.undo_action.trigger()
    assert review.annotations.annotations() == []
    review.redo_action.trigger()
    assert [a.tags for a in review.annotations.annotations()] == [("distortion",)]
    # A second press on the same finding marks nothing twice.
    review.annotations.mark_distortion(shift_finding)
    assert len(review.annotations.annotations()) == 1
    window.close()
