"""Documents: a file (PDF, DOCX, HTML, TXT) made into one immutable ``Document`` or a LoadError.

The bottom package: it imports nothing else from ``core``. ``load_document(path)`` and
``load_bytes(data, name)`` check size and type, hash the bytes (SHA-256) and hand them to the
format's loader (``loaders/``), which gives the comparison text, paragraph spans, a source map
(PDF page and box, DOCX/HTML paragraph, TXT line), title, metadata and page-furniture spans
(``furniture.py``: navigation, bylines, share bars). Every failure is one ``LoadError`` whose
``str()`` is the line a user sees (``LoadErrorKind`` says why). The cancel and progress
callables that every long core function takes (``ShouldCancel``, ``Progress``) live here too, as
loading is the first such task, with ``paused_gc`` for bursts of allocation that make no
cycles (loading, comparing, writing JSON) and ``end_with_parent`` for worker processes that
must not outlive the process that started them. ``load_address(url)`` fetches a web page or
PDF by its address (``fetch.py``: timeouts, redirect and size limits, one-line errors) and
loads it the same way; ``load_source`` takes either. ``find_documents`` expands a folder or
glob pattern into the files it names, in a stable order. ``original.py`` shows a passage where it
stands in the original: highlight boxes on a PDF's pages, page images and crops, the paragraphs
around it in a text. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.documents.errors import LoadCancelled, LoadError, LoadErrorKind
from core.documents.fetch import (
    fetched_bytes,
    is_address,
    keep_fetched,
    load_address,
    load_source,
    take_fetched,
)
from core.documents.found import find_documents, is_pattern
from core.documents.gcpause import paused_gc
from core.documents.lifetime import end_with_parent
from core.documents.loaders import DEFAULT_MAX_BYTES, SUPPORTED_PATTERNS, load_bytes, load_document
from core.documents.model import DocFormat, Document, Span
from core.documents.original import (
    Box,
    ContextPiece,
    PageImage,
    TextContext,
    around,
    passage_boxes,
    render_crop,
    render_page,
    text_context,
)
from core.documents.progress import Progress, ShouldCancel, never_cancel, no_progress

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_PATTERNS",
    "Box",
    "ContextPiece",
    "DocFormat",
    "Document",
    "LoadCancelled",
    "LoadError",
    "LoadErrorKind",
    "PageImage",
    "Progress",
    "ShouldCancel",
    "Span",
    "TextContext",
    "around",
    "end_with_parent",
    "fetched_bytes",
    "find_documents",
    "is_address",
    "is_pattern",
    "keep_fetched",
    "load_address",
    "load_bytes",
    "load_document",
    "load_source",
    "never_cancel",
    "no_progress",
    "passage_boxes",
    "paused_gc",
    "render_crop",
    "render_page",
    "take_fetched",
    "text_context",
]
