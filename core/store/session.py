"""A review session kept in one SQLite file (``.concord``): documents, results, annotations.

There is no "save": every method that changes something commits at once, in its own transaction.
Durability choice: WAL journal with ``synchronous=FULL``, so a commit that returned survives a
killed process *and* a power cut (NORMAL would only survive the former); one fsync per user
action costs a few milliseconds. Adding and ordering documents and caching results, which can be
redone from the user's files, commit without the fsync (still crash-safe). A file is checked
through a read-only connection before it is opened for writing, so a damaged or foreign file is
never touched. Several windows or processes may share a file: writers queue for up to
``busy_timeout`` seconds, then get a SessionError ("in use"); ``changed_since`` tells a window
that another one wrote. This is the only module (with its ``store_*`` helpers) that touches
SQLite. No Qt, no ``ui/``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from core.anchoring import AnchorState, OffsetMap, TextSelector, anchor, describe, reanchor_selector
from core.documents import DocFormat, Document
from core.results import CompareOptions, Comparison
from core.store import rows
from core.store.annotations import AnnotationsMixin
from core.store.base import DEFAULT_BUSY_TIMEOUT
from core.store.codec import (
    comparison_from_dict,
    comparison_to_dict,
    document_from_dict,
    document_to_dict,
    dumps,
    options_hash,
)
from core.store.rows import Tag
from core.store.schema import SESSION_SUFFIX, SessionError, SessionErrorKind
from core.store.versions import DocumentVersion, VersionsMixin, keep_version

__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "SESSION_SUFFIX",
    "DocumentVersion",
    "ReanchorReport",
    "Role",
    "Session",
    "SessionError",
    "SessionErrorKind",
    "StoredDocument",
    "Tag",
]


class Role(str, Enum):
    OFFICIAL = "official"
    REPORT = "report"


@dataclass(frozen=True)
class StoredDocument:
    id: int
    position: int
    role: Role
    name: str
    sha256: str
    format: DocFormat
    added: str
    modified: str
    document: Document


@dataclass(frozen=True)
class DocumentHead:
    """A stored document's identity without its text or structure: cheap to list."""

    id: int
    position: int
    role: Role
    name: str
    sha256: str
    #: Where the file was when it was added (it may not exist here).
    path: str


@dataclass(frozen=True)
class ReanchorReport:
    document_id: int
    anchored: int
    moved: int
    orphaned: int
    #: Ids of annotations left as orphans (kept, shown to the reviewer).
    orphans: tuple[int, ...] = ()


def encode_document(document: Document) -> str:
    """A document as ``Session.add_document`` stores it, its text aside (stored apart)."""
    return dumps(document_to_dict(document, include_text=False))


class Session(AnnotationsMixin, VersionsMixin):
    """One open session file. Build with ``Session.create(path)`` or ``Session.open(path)``."""

    # ----------------------------------------------------------------- documents
    _DOC_COLUMNS = "id, position, role, name, sha256, format, added, modified, text, document_json"

    def _row_to_doc(self, r: Sequence[Any]) -> StoredDocument:
        with self._decoding(f"document {r[3]!r}"):
            doc = document_from_dict(json.loads(r[9]), text=r[8])
            return StoredDocument(
                r[0], r[1], Role(r[2]), r[3], r[4], DocFormat(r[5]), r[6], r[7], doc
            )

    def documents(self) -> list[StoredDocument]:
        """All documents in their order, rebuilt from stored text (no re-parsing)."""
        with self._read() as conn:
            q = f"SELECT {self._DOC_COLUMNS} FROM documents ORDER BY position, id"
            return [self._row_to_doc(r) for r in conn.execute(q)]

    def document_heads(self) -> list[DocumentHead]:
        """Every document's id, role, name and path in order, without decoding any of them
        (a 101-document session took 35-80 ms to decode whole on the window's thread)."""
        with self._read() as conn:
            q = (
                "SELECT id, position, role, name, sha256, json_extract(document_json, '$.path') "
                "FROM documents ORDER BY position, id"
            )
            return [
                DocumentHead(r[0], r[1], Role(r[2]), r[3], r[4], str(r[5] or r[3]))
                for r in conn.execute(q)
            ]

    def document(self, doc_id: int) -> StoredDocument:
        with self._read() as conn:
            r = conn.execute(
                f"SELECT {self._DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        if r is None:
            raise KeyError(f"no document {doc_id} in this session")
        return self._row_to_doc(r)

    def official(self) -> StoredDocument | None:
        return next((d for d in self.documents() if d.role is Role.OFFICIAL), None)

    def document_bytes(self, doc_id: int) -> bytes:
        """The original file's bytes, exactly as added."""
        with self._read() as conn:
            r = conn.execute("SELECT original FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if r is None:
            raise KeyError(f"no document {doc_id} in this session")
        return bytes(r[0])

    def _check_new(self, conn: sqlite3.Connection, doc: Document, data: bytes, skip: int) -> None:
        if hashlib.sha256(data).hexdigest() != doc.sha256:
            raise ValueError(f"the bytes given are not the file {doc.name} was loaded from")
        other = conn.execute(
            "SELECT name FROM documents WHERE sha256 = ? AND id != ?", (doc.sha256, skip)
        ).fetchone()
        if other is not None:
            raise SessionError(
                SessionErrorKind.INVALID, self._path,
                f"{doc.name} is already in this session (as {other[0]})",
            )

    def _demote_official(self, conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE documents SET role = 'report' WHERE role = 'official'")

    def add_document(
        self,
        document: Document,
        data: bytes,
        *,
        role: Role | str = Role.REPORT,
        encoded: str | None = None,
    ) -> StoredDocument:
        """Store a loaded document and its original bytes. A new release demotes the old one.

        ``encoded`` is ``encode_document(document)`` made beforehand, off the caller's thread
        (the window keeps documents as they load: 20 ms for a 50,000-word release)."""
        role = Role(role)
        if encoded is None:
            encoded = encode_document(document)
        stamp = rows.now()
        with self._write(durable=False) as conn:
            self._check_new(conn, document, data, -1)
            if role is Role.OFFICIAL:
                self._demote_official(conn)
            pos = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM documents").fetchone()
            cur = conn.execute(
                "INSERT INTO documents (position, role, name, format, sha256, original, text, "
                "document_json, added, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (pos[0], role.value, document.name, document.format.value, document.sha256, data,
                 document.text, encoded, stamp, stamp),
            )
            doc_id = int(cur.lastrowid or 0)
            self._relink_orphans(conn, doc_id, document)
        # The row holds exactly this document: reading it back would only decode it again
        # (tens of milliseconds for a 50,000-word release, on the window's thread).
        return StoredDocument(
            doc_id, int(pos[0]), role, document.name, document.sha256, document.format, stamp,
            stamp, document,
        )

    def _relink_orphans(self, conn: sqlite3.Connection, doc_id: int, doc: Document) -> None:
        # Annotations left behind when this very file was removed come back with it.
        found = conn.execute(
            'SELECT annotation_id, ordinal, document_sha256, exact, prefix, suffix, start, "end" '
            "FROM annotation_targets WHERE document_id IS NULL AND document_sha256 = ?",
            (doc.sha256,),
        ).fetchall()
        for r in found:
            sel = TextSelector(*r[2:])
            span, state = anchor(sel, doc.text)
            new_sel = sel if span is None else describe(doc.text, span, doc.sha256)
            rows.write_target(conn, r[0], r[1], doc_id, new_sel, state)
        rows.refresh_states(conn, (r[0] for r in found))

    def set_role(self, doc_id: int, role: Role | str) -> None:
        role = Role(role)
        with self._write() as conn:
            self._require_doc(conn, doc_id)
            if role is Role.OFFICIAL:
                self._demote_official(conn)
            conn.execute("UPDATE documents SET role = ? WHERE id = ?", (role.value, doc_id))

    def move_document(self, doc_id: int, position: int) -> None:
        """Put a document at ``position`` (0-based) in the list; the others keep their order."""
        with self._write(durable=False) as conn:
            self._require_doc(conn, doc_id)
            ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY position, id")]
            ids.remove(doc_id)
            ids.insert(max(0, min(position, len(ids))), doc_id)
            conn.executemany(
                "UPDATE documents SET position = ? WHERE id = ?", list(enumerate(ids))
            )

    def _require_doc(self, conn: sqlite3.Connection, doc_id: int) -> tuple[str, str]:
        r = conn.execute("SELECT sha256, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if r is None:
            raise KeyError(f"no document {doc_id} in this session")
        return str(r[0]), str(r[1])

    def remove_document(self, doc_id: int) -> None:
        """Remove a document; its annotations stay as orphans and return if it is re-added."""
        with self._write() as conn:
            self._require_doc(conn, doc_id)
            affected = [
                r[0] for r in conn.execute(
                    "SELECT annotation_id FROM annotation_targets WHERE document_id = ?", (doc_id,)
                )
            ]
            conn.execute(
                "UPDATE annotation_targets SET state = 'orphan' WHERE document_id = ?", (doc_id,)
            )
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            rows.refresh_states(conn, affected)
            self._prune_cache(conn)

    def replace_document(
        self, doc_id: int, document: Document, data: bytes, *, summary: str = ""
    ) -> ReanchorReport:
        """New version of a document; its annotations are re-anchored in the same transaction.

        The version it replaces is kept in the document's history with ``summary`` (what
        changed), unless the bytes are the same (a re-extraction keeps no copy of itself).
        """
        with self._write() as conn:
            old_sha, old_text = self._require_doc(conn, doc_id)
            self._check_new(conn, document, data, doc_id)
            if old_sha != document.sha256:
                keep_version(conn, doc_id, summary or "replaced")
            conn.execute(
                "UPDATE documents SET name = ?, format = ?, sha256 = ?, original = ?, text = ?, "
                "document_json = ?, modified = ? WHERE id = ?",
                (document.name, document.format.value, document.sha256, data, document.text,
                 dumps(document_to_dict(document, include_text=False)), rows.now(), doc_id),
            )
            report = self._reanchor(conn, doc_id, old_text, document)
            self._prune_cache(conn)
        return report

    def reextract(self, doc_id: int) -> ReanchorReport:
        """Re-read the stored bytes with the current loaders (after a loader upgrade)."""
        from core.documents import load_bytes

        stored = self.document(doc_id)
        data = self.document_bytes(doc_id)
        return self.replace_document(doc_id, load_bytes(data, stored.document.path), data)

    def _reanchor(
        self, conn: sqlite3.Connection, doc_id: int, old_text: str, doc: Document
    ) -> ReanchorReport:
        offsets = OffsetMap(old_text, doc.text)
        counts = {s: 0 for s in AnchorState}
        orphans: set[int] = set()
        targets = rows.target_rows(conn, doc_id)
        for ann_id, ordinal, sel in targets:
            new_sel, state = reanchor_selector(sel, doc.text, doc.sha256, hint=offsets(sel.start))
            rows.write_target(conn, ann_id, ordinal, doc_id, new_sel, state)
            if state is not AnchorState.ORPHAN and new_sel.exact != sel.exact:
                rows.merge_extra(conn, ann_id, {f"original_exact_{ordinal}": sel.exact})
            counts[state] += 1
            if state is AnchorState.ORPHAN:
                orphans.add(ann_id)
        rows.refresh_states(conn, (t[0] for t in targets))
        return ReanchorReport(
            doc_id, counts[AnchorState.ANCHORED], counts[AnchorState.MOVED],
            counts[AnchorState.ORPHAN], tuple(sorted(orphans)),
        )

    # ----------------------------------------------------------------- comparison cache
    def _prune_cache(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "DELETE FROM comparisons WHERE official_sha256 NOT IN (SELECT sha256 FROM documents) "
            "OR report_sha256 NOT IN (SELECT sha256 FROM documents)"
        )

    def cache_comparison(
        self,
        official_sha: str,
        report_sha: str,
        options: CompareOptions,
        engine_version: str,
        comparison: Comparison,
    ) -> None:
        # Serialised before taking the connection's lock: a worker caches a hundred of these
        # while the window's thread polls the same connection, and must not keep it waiting.
        row = (official_sha, report_sha, options_hash(options), engine_version,
               dumps(comparison_to_dict(comparison)), rows.now())
        with self._write(durable=False) as conn:
            conn.execute(
                "INSERT OR REPLACE INTO comparisons (official_sha256, report_sha256, options_hash, "
                "engine_version, result_json, created) VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )

    def cached_comparison(
        self, official_sha: str, report_sha: str, options: CompareOptions, engine_version: str
    ) -> Comparison | None:
        """The stored result for exactly these inputs, or None (never a stale one)."""
        with self._read() as conn:
            r = conn.execute(
                "SELECT result_json FROM comparisons WHERE official_sha256 = ? AND "
                "report_sha256 = ? AND options_hash = ? AND engine_version = ?",
                (official_sha, report_sha, options_hash(options), engine_version),
            ).fetchone()
        if r is None:
            return None
        with self._decoding("a cached comparison"):
            return comparison_from_dict(json.loads(r[0]))

    def clear_cache(self) -> None:
        with self._write(durable=False) as conn:
            conn.execute("DELETE FROM comparisons")
