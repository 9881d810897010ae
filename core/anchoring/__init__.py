"""Anchoring: annotations as text selectors that survive a document's new version.

``Annotation`` and ``TextSelector`` (quote, prefix, suffix and position, as in the W3C model)
are what the store keeps; ``describe`` makes a selector for a span, ``anchor`` finds it again
in a text (exact, moved, fuzzy, or orphaned), ``reanchor_selector`` carries it to a new version
of a document. ``webanno.py`` reads and writes W3C Web Annotation JSON-LD. Depends on
``documents`` only. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.anchoring.annotation import BUILTIN_TAGS, AnchorState, Annotation, TextSelector
from core.anchoring.reanchor import OffsetMap, anchor, describe, reanchor_selector, worst
from core.anchoring.webanno import (
    ImportReport,
    WebAnnoError,
    annotation_iri,
    export_collection,
    parse,
    place,
    resolve_target,
)

__all__ = [
    "BUILTIN_TAGS",
    "AnchorState",
    "Annotation",
    "ImportReport",
    "OffsetMap",
    "TextSelector",
    "WebAnnoError",
    "anchor",
    "annotation_iri",
    "describe",
    "export_collection",
    "parse",
    "place",
    "reanchor_selector",
    "resolve_target",
    "worst",
]
