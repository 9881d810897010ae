"""Annotation data: W3C Web Annotation style selectors on documents, notes and tags.

An annotation targets one document (a text selection, a finding) or a linked pair (both sides).
Each target keeps a ``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector``
(start, end); the quote is the truth, the position only a hint when the text changes.
Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

BUILTIN_TAGS: tuple[str, ...] = (
    "accurate",
    "misquote",
    "distortion",
    "omission",
    "added claim",
    "needs follow-up",
)


class AnchorState(str, Enum):
    ANCHORED = "anchored"  # the quote stands at the stored position
    MOVED = "moved"  # re-attached elsewhere by quote and context
    ORPHAN = "orphan"  # could not be placed in the current text; kept, never dropped


@dataclass(frozen=True)
class TextSelector:
    """Where an annotation sits in one document (W3C TextQuote + TextPosition selectors)."""

    document_sha256: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Annotation:
    id: int
    #: One selector for a passage, two (release side first) for a linked pair.
    targets: tuple[TextSelector, ...]
    note: str = ""
    tags: tuple[str, ...] = ()
    #: What it was made on: "text", "pair", "finding".
    kind: str = "text"
    #: For a finding: its kind and key, e.g. ("quote", "1203:1260").
    finding: str | None = None
    created: str = ""
    modified: str = ""
    state: AnchorState = AnchorState.ANCHORED
    extra: tuple[tuple[str, str], ...] = field(default=())
