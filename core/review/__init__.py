"""Review: what a policy officer looks at in a comparison: findings and the coverage overview.

``findings_for(result, index)`` flattens one comparison into ``Finding``s (additions, omissions,
quote and figure verdicts), each with a stable ``key`` that annotations refer to;
``coverage_matrix(result)`` says which release passages each report used (``CoverageMatrix``,
``CellUse``). Depends on ``documents``, ``results`` and ``align``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.review.coverage import CellUse, CoverageMatrix, coverage_matrix, passage_text
from core.review.findings import (
    Finding,
    FindingKind,
    Severity,
    excerpt,
    findings_for,
    location,
    word_changes,
)

__all__ = [
    "CellUse",
    "CoverageMatrix",
    "Finding",
    "FindingKind",
    "Severity",
    "coverage_matrix",
    "excerpt",
    "findings_for",
    "location",
    "passage_text",
    "word_changes",
]
