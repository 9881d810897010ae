"""Judging: do a report's quotes and figures match what the release says?

``judge_quotes`` finds quoted speech in a report (with its speaker) and calls each one exact,
altered (with the word diff) or absent from the release; ``judge_figures`` does the same for
figures (money, percentages, counts, dates, durations), matching by meaning ("£140m" = "140
million pounds") and naming what changed. ``prepare_judges`` indexes the release once
(``JudgeContext``) so a hundred reports read it once. ``find_figures`` parses the figures of
any text (``FoundFigure``: kind, value, unit) for packages that reason about them. Depends on
``documents``, ``results`` and ``align``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.judge.context import JudgeContext, prepare_judges
from core.judge.figure_parse import FoundFigure, find_figures
from core.judge.figures import judge_figures
from core.judge.quotes import judge_quotes

__all__ = [
    "FoundFigure",
    "JudgeContext",
    "find_figures",
    "judge_figures",
    "judge_quotes",
    "prepare_judges",
]
