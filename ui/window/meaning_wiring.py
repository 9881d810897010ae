"""Asks the meaning model about the pair the user selects and shows its answer in the detail.

``install_meaning(window)`` listens to the compare view's ``linkSelected``. When the detail shows
a paraphrase whose comparison does not already carry the model's probability (``compare
--meaning`` stores it), the pair goes to the window's task runner under one key, so selecting
another pair cancels the older question and the window never waits: the model loads once per
process (about 0.3 s) and reads a pair in about 0.25 s. A missing model file or any failure shows
as "not available" on the meaning line, never as a dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from core.align import MeaningModelMissing, same_meaning
from core.documents import Progress, ShouldCancel
from core.results import Link
from ui.window.frame import WindowFrame

TASK_KEY = "meaning"


class MeaningWiring(QObject):
    def __init__(self, window: WindowFrame) -> None:
        super().__init__(window)
        self.window = window
        window.compare_view.linkSelected.connect(self._selected)

    def _selected(self, _index: int) -> None:
        view = self.window.compare_view
        link = view.detail.needs_meaning()
        result, comp = view.result, view.comparison
        if link is None or result is None or comp is None:
            return
        report = result.documents[comp.report_index].text[link.report.start : link.report.end]
        official = result.official.text[link.official.start : link.official.end]

        def work(should_cancel: ShouldCancel, _progress: Progress) -> float | None:
            probs = same_meaning([(report, official)], should_cancel)
            return None if probs is None else probs[0]

        def answered(probability: float | None) -> None:
            self._answer(link, probability, None)

        def failed(message: str) -> None:
            self._answer(link, None, _problem(message))

        self.window.context.runner.submit(
            TASK_KEY, work, on_result=answered, on_error=failed, quiet=True
        )

    def _answer(self, link: Link, probability: float | None, problem: str | None) -> None:
        if probability is None and problem is None:
            return  # cancelled: a newer selection asked again
        self.window.compare_view.detail.set_meaning(link, probability, problem)


def _problem(message: str) -> str:
    """The first line of a failure, which is what the runner's message leads with."""
    first = message.strip().splitlines()[0] if message.strip() else "the model failed"
    return first.removeprefix(f"{MeaningModelMissing.__name__}: ")


def install_meaning(window: WindowFrame) -> MeaningWiring:
    return MeaningWiring(window)
