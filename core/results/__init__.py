"""Results: the frozen types a comparison produces, and their ``compare --json`` form.

``CompareResult`` holds the documents (``documents[0]`` is the release) and one ``Comparison``
per report: ``Link``s (verbatim or paraphrase, moved or not, with ``Evidence`` and a word diff of
``DiffPiece``s), added and omitted spans, ``Quote`` and ``Figure`` verdicts, ``ReportStats``, the
``Sentence`` segmentation of both sides and the meaning ``Shift``s (``ShiftKind``,
``ShiftDirection``). Every span is a character range into the text of
the document it names. ``result_to_json`` and friends write the interchange format that
``../shared/eval`` reads. These types are the contract between the engine (``align``,
``judge``, ``compare``), the window, the store and the exporters; they depend on ``documents``
only. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.results.jsonio import (
    comparison_to_json,
    document_to_json,
    result_to_json,
    result_to_json_bytes,
)
from core.results.model import (
    CompareOptions,
    CompareResult,
    Comparison,
    DiffOp,
    DiffPiece,
    Evidence,
    Figure,
    FigureVerdict,
    Link,
    LinkKind,
    Quote,
    QuoteVerdict,
    ReportStats,
    RunState,
    Sentence,
    Shift,
    ShiftDirection,
    ShiftKind,
)

__all__ = [
    "CompareOptions",
    "CompareResult",
    "Comparison",
    "DiffOp",
    "DiffPiece",
    "Evidence",
    "Figure",
    "FigureVerdict",
    "Link",
    "LinkKind",
    "Quote",
    "QuoteVerdict",
    "ReportStats",
    "RunState",
    "Sentence",
    "Shift",
    "ShiftDirection",
    "ShiftKind",
    "comparison_to_json",
    "document_to_json",
    "result_to_json",
    "result_to_json_bytes",
]
