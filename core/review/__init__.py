"""Review: what a policy officer looks at in a comparison: findings and the coverage overview.

``findings_for(result, index)`` flattens one comparison into ``Finding``s (meaning shifts,
additions, omissions, quote and figure verdicts), each with a stable ``key`` that annotations
refer to, listed by ``FindingGroup`` (``group_of``: what matters first; ``GROUP_LABELS`` names
them, ``LOW_VALUE_GROUPS`` are shown folded); ``coverage_matrix(result)`` says which release
passages each report used and where its meaning shifts are (``CoverageMatrix``, ``CellUse``).
Depends on ``documents``, ``results`` and ``align``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.review.coverage import CellUse, CoverageMatrix, coverage_matrix, passage_text
from core.review.findings import Finding, excerpt, findings_for, location, word_changes
from core.review.kinds import (
    GROUP_LABELS,
    GROUP_TIPS,
    KIND_LABELS,
    LOW_VALUE_GROUPS,
    FindingGroup,
    FindingKind,
    Severity,
    group_of,
)

__all__ = [
    "GROUP_LABELS",
    "GROUP_TIPS",
    "KIND_LABELS",
    "LOW_VALUE_GROUPS",
    "CellUse",
    "CoverageMatrix",
    "Finding",
    "FindingGroup",
    "FindingKind",
    "Severity",
    "coverage_matrix",
    "excerpt",
    "findings_for",
    "group_of",
    "location",
    "passage_text",
    "word_changes",
]
