"""The session store: one ``.concord`` SQLite file per review, the only code that opens SQLite.

``Session`` holds the documents (original bytes and extracted text), cached comparisons keyed
by (release SHA-256, report SHA-256, options, engine version), annotations with their selectors
and tags, and settings. Every call is its own transaction (WAL, ``synchronous=FULL``), so there
is nothing to save; the schema version is ``PRAGMA user_version`` with step-by-step
migrations. Replacing a document re-anchors its annotations (``ReanchorReport``) and keeps
the version it replaces in the document's history (``DocumentVersion``).
``save_result_to_session`` writes a finished comparison into a new file;
``export_session``/``import_into`` move annotations as Web Annotation JSON-LD. ``recover``
copies what can still be read of a damaged file into a new one, never writing the damaged
one. Depends on ``documents``, ``results`` and ``anchoring``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.store.recover import RecoveryReport, recover
from core.store.schema import SessionErrorKind
from core.store.session import (
    DocumentVersion,
    ReanchorReport,
    Role,
    Session,
    SessionError,
    encode_document,
)
from core.store.session_io import (
    SELECTED_REPORT_KEY,
    engine_version,
    original_bytes,
    save_result_to_session,
)
from core.store.web_annotations import export_session, import_into

__all__ = [
    "SELECTED_REPORT_KEY",
    "DocumentVersion",
    "ReanchorReport",
    "RecoveryReport",
    "Role",
    "Session",
    "SessionError",
    "SessionErrorKind",
    "encode_document",
    "engine_version",
    "export_session",
    "import_into",
    "original_bytes",
    "recover",
    "save_result_to_session",
]
