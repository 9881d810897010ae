"""The meaning line of the pair detail, offscreen: a selected paraphrase gets the model's answer
from the background, a verbatim pair gets none, and a missing model reads "not available"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings

from core.align import meaning as meaning_module
from core.align import same_meaning
from core.results import LinkKind
from tests.ui.annotations.test_ui_annotations import open_sample

pytestmark = pytest.mark.gui

def _open(qtbot: Any, settings: QSettings) -> Any:
    return open_sample(qtbot, settings)[0]


def _meaning_line(window: Any) -> str:
    lines = [x for x in window.compare_view.detail.toPlainText().splitlines()
             if x.startswith("Meaning:")]
    return lines[0] if lines else ""


def test_a_selected_paraphrase_gets_the_models_answer(qtbot: Any, ui_settings: QSettings) -> None:
    window = _open(qtbot, ui_settings)
    cv = window.compare_view
    result, comp = window.session.result, cv.comparison
    kinds = [link.kind for link in comp.links]
    para = kinds.index(LinkKind.PARAPHRASE)
    cv.select_link(para)
    qtbot.waitUntil(lambda: "model" in _meaning_line(window), timeout=20000)
    link = comp.links[para]
    report = result.documents[comp.report_index].text[link.report.start : link.report.end]
    official = result.official.text[link.official.start : link.official.end]
    (p,) = same_meaning([(report, official)])
    expected = "says the same thing" if p >= meaning_module.SAME_MEANING else "not the same"
    assert expected in _meaning_line(window)
    assert f"{p:.2f}" in _meaning_line(window)

    # A verbatim pair says the same by definition: no line, no question asked.
    if LinkKind.VERBATIM in kinds:
        cv.select_link(kinds.index(LinkKind.VERBATIM))
        assert _meaning_line(window) == ""


def test_a_missing_model_reads_not_available(qtbot: Any, ui_settings: QSettings,
                                             monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setattr(meaning_module, "MODEL_DIR", tmp_path)
    monkeypatch.setattr(meaning_module, "_MODELS", {})
    window = _open(qtbot, ui_settings)
    cv = window.compare_view
    para = [link.kind for link in cv.comparison.links].index(LinkKind.PARAPHRASE)
    cv.select_link(para)
    qtbot.waitUntil(lambda: "not available" in _meaning_line(window), timeout=20000)
    assert "weights.npz" in _meaning_line(window)


def test_the_line_defers_to_meaning_shifts_and_to_scripts_it_cannot_read() -> None:
    from ui.review.pair_detail import UNREAD, meaning_text

    assert meaning_text(0.99).startswith("says the same thing")
    # The model misses changed numbers and single words: beside a shift it claims no more.
    shifted = meaning_text(0.99, None, shifted=True)
    assert "paraphrase" in shifted and "meaning shifts" in shifted and "same" not in shifted
    assert meaning_text(0.1, None, shifted=True).startswith("not the same")
    assert meaning_text(None, UNREAD) == f"not available: {UNREAD}"
