"""What a finding is and how much it matters: kinds, severities, labels and the findings groups.

``FindingKind`` names every kind of finding; ``SEVERITY`` and ``KIND_LABELS`` say how grave each
is and what to call it. ``FindingGroup`` orders the kinds by what a reviewer must look at first:
meaning shifts, altered quotes and changed figures; then release passages left out; then
unsourced quotes, figures and additions; confirmations last. The findings list, the window's
Findings panel and the exports all group by ``group_of``, so they agree. Pure Python; must not
import Qt or ``ui/``.
"""

from __future__ import annotations

from enum import Enum


class FindingKind(str, Enum):
    ADDED = "added"
    OMITTED = "omitted"
    QUOTE_EXACT = "quote_exact"
    QUOTE_ALTERED = "quote_altered"
    QUOTE_ABSENT = "quote_absent"
    FIGURE_MATCH = "figure_match"
    FIGURE_CHANGED = "figure_changed"
    FIGURE_ABSENT = "figure_absent"
    #: A linked passage, quote or figure that says something else than its source
    #: (``core.results.Shift``).
    SHIFT = "shift"


class Severity(str, Enum):
    #: Wording, numbers or meaning that differ from the release: check these first.
    HIGH = "high"
    #: Material the report adds, drops or cannot be traced to the release.
    MEDIUM = "medium"
    #: Confirmations (exact quote, matching figure): listed so a reviewer sees they were checked.
    LOW = "low"


SEVERITY: dict[FindingKind, Severity] = {
    FindingKind.ADDED: Severity.MEDIUM,
    FindingKind.OMITTED: Severity.MEDIUM,
    FindingKind.QUOTE_EXACT: Severity.LOW,
    FindingKind.QUOTE_ALTERED: Severity.HIGH,
    FindingKind.QUOTE_ABSENT: Severity.MEDIUM,
    FindingKind.FIGURE_MATCH: Severity.LOW,
    FindingKind.FIGURE_CHANGED: Severity.HIGH,
    FindingKind.FIGURE_ABSENT: Severity.MEDIUM,
    FindingKind.SHIFT: Severity.HIGH,
}

#: Short human labels, also used as the title prefix.
KIND_LABELS: dict[FindingKind, str] = {
    FindingKind.ADDED: "Added",
    FindingKind.OMITTED: "Omitted",
    FindingKind.QUOTE_EXACT: "Exact quote",
    FindingKind.QUOTE_ALTERED: "Altered quote",
    FindingKind.QUOTE_ABSENT: "Unsourced quote",
    FindingKind.FIGURE_MATCH: "Matching figure",
    FindingKind.FIGURE_CHANGED: "Changed figure",
    FindingKind.FIGURE_ABSENT: "Unsourced figure",
    FindingKind.SHIFT: "Meaning shift",
}


class FindingGroup(str, Enum):
    """The findings list's sections, in the order a reviewer reads them (enum order)."""

    #: Meaning shifts, altered quotes, changed figures: the report says something else.
    CHANGED = "changed"
    #: Release passages the report leaves out.
    OMITTED = "omitted"
    #: Quotes, figures and passages with no source in the release.
    UNSOURCED = "unsourced"
    #: Exact quotes and matching figures: checked and fine.
    CONFIRMED = "confirmed"


GROUP_OF: dict[FindingKind, FindingGroup] = {
    FindingKind.SHIFT: FindingGroup.CHANGED,
    FindingKind.QUOTE_ALTERED: FindingGroup.CHANGED,
    FindingKind.FIGURE_CHANGED: FindingGroup.CHANGED,
    FindingKind.OMITTED: FindingGroup.OMITTED,
    FindingKind.QUOTE_ABSENT: FindingGroup.UNSOURCED,
    FindingKind.FIGURE_ABSENT: FindingGroup.UNSOURCED,
    FindingKind.ADDED: FindingGroup.UNSOURCED,
    FindingKind.QUOTE_EXACT: FindingGroup.CONFIRMED,
    FindingKind.FIGURE_MATCH: FindingGroup.CONFIRMED,
}

#: Short: a group's name heads its rows in a narrow side panel.
GROUP_LABELS: dict[FindingGroup, str] = {
    FindingGroup.CHANGED: "Shifts, altered quotes, changed figures",
    FindingGroup.OMITTED: "Release passages left out",
    FindingGroup.UNSOURCED: "Unsourced and added",
    FindingGroup.CONFIRMED: "Confirmed",
}

#: What each group holds, in full (tooltips, exports).
GROUP_TIPS: dict[FindingGroup, str] = {
    FindingGroup.CHANGED: "Meaning shifts, altered quotes and changed figures: the report says "
    "something else than the release",
    FindingGroup.OMITTED: "Passages of the release the report leaves out",
    FindingGroup.UNSOURCED: "Quotes, figures and passages the release does not have",
    FindingGroup.CONFIRMED: "Exact quotes and matching figures: checked, as in the release",
}

#: Groups a list shows folded at first: many rows, each worth little on its own (one seed
#: report has 83 findings, nearly all of them additions and unsourced quotes).
LOW_VALUE_GROUPS = frozenset({FindingGroup.UNSOURCED, FindingGroup.CONFIRMED})

_RANK = {group: i for i, group in enumerate(FindingGroup)}


def group_of(kind: FindingKind) -> FindingGroup:
    """The findings group a kind is listed under."""
    return GROUP_OF[kind]


def group_rank(kind: FindingKind) -> int:
    """0 for the group to read first, then 1, 2, 3."""
    return _RANK[GROUP_OF[kind]]
