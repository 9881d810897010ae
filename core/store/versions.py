"""Earlier versions of a document, kept when it is replaced or re-checked and found changed.

Web articles change after publication without notice; a finding made on Monday's text is
evidence only with Monday's text beside it. ``keep_version`` copies the document row as it is
(bytes, text, structure) into ``document_versions`` with when it was superseded and a one-line
summary of what changed, in the same transaction as the replacement. ``document_versions``
lists a document's history oldest first (``histories``: every document's at once, by SHA-256);
``version_document`` and ``version_bytes`` give an old version back. Versions go when their
document is removed (``ON DELETE CASCADE``). Mixed into ``Session``; the only SQL on the
table. No Qt, no ``ui/``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from core.documents import Document
from core.store import rows
from core.store.base import SessionBase
from core.store.codec import document_from_dict

#: The schema version that added ``document_versions``.
VERSIONS_SINCE = 3


@dataclass(frozen=True)
class DocumentVersion:
    """One superseded version of a stored document (``document_id``)."""

    id: int
    document_id: int
    name: str
    sha256: str
    #: When this version entered the session, and when a newer one replaced it (UTC, ISO).
    added: str
    replaced: str
    #: What changed in the version that replaced it ("40 words added, 2 removed; ...").
    summary: str


def keep_version(conn: sqlite3.Connection, doc_id: int, summary: str) -> None:
    """Copy document ``doc_id`` as it is now into its history (inside the caller's write)."""
    conn.execute(
        "INSERT INTO document_versions (document_id, name, format, sha256, original, text, "
        "document_json, added, replaced, summary) SELECT id, name, format, sha256, original, "
        "text, document_json, modified, ?, ? FROM documents WHERE id = ?",
        (rows.now(), summary, doc_id),
    )


class VersionsMixin(SessionBase):
    def document_versions(self, doc_id: int) -> list[DocumentVersion]:
        """The superseded versions of ``doc_id``, oldest first (empty: never replaced)."""
        if self.schema_version() < VERSIONS_SINCE:
            return []  # an older file opened read-only (export): it has no history table
        with self._read() as conn:
            found = conn.execute(
                "SELECT id, document_id, name, sha256, added, replaced, summary "
                "FROM document_versions WHERE document_id = ? ORDER BY id",
                (doc_id,),
            ).fetchall()
        return [DocumentVersion(*r) for r in found]

    def histories(self) -> dict[str, list[DocumentVersion]]:
        """Every stored document's earlier versions, oldest first, keyed by the document's
        current SHA-256 (names repeat: two folders' ``index.html``); documents never replaced
        are left out. One query, for exports and the window's dialogs alike."""
        if self.schema_version() < VERSIONS_SINCE:
            return {}
        with self._read() as conn:
            found = conn.execute(
                "SELECT d.sha256, v.id, v.document_id, v.name, v.sha256, v.added, v.replaced, "
                "v.summary FROM document_versions v JOIN documents d ON d.id = v.document_id "
                "ORDER BY v.id"
            ).fetchall()
        out: dict[str, list[DocumentVersion]] = {}
        for r in found:
            out.setdefault(r[0], []).append(DocumentVersion(*r[1:]))
        return out

    def _version_row(self, version_id: int, columns: str) -> tuple[Any, ...]:
        with self._read() as conn:
            r = conn.execute(
                f"SELECT {columns} FROM document_versions WHERE id = ?", (version_id,)
            ).fetchone()
        if r is None:
            raise KeyError(f"no version {version_id} in this session")
        return tuple(r)

    def version_document(self, version_id: int) -> Document:
        text, structure = self._version_row(version_id, "text, document_json")
        return document_from_dict(json.loads(str(structure)), text=str(text))

    def version_bytes(self, version_id: int) -> bytes:
        (data,) = self._version_row(version_id, "original")
        return bytes(data)
