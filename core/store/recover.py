"""Recovering what can still be read from a damaged session file into a new one.

A session whose file was damaged (a torn write, a disk error, a bad copy) is refused by
``Session.open`` with one line; the reviewer's annotations may still be readable. ``recover``
opens the damaged file read-only and immutable (it is never written, not even its WAL), reads
the documents and the annotations that are not in the bin row by row, skipping any row SQLite
or the decoder cannot read, and writes them through the ordinary ``Session`` API into a new
file: documents with their original bytes and role, annotations with their selectors, notes,
tags and kinds (new ids; selectors name documents by SHA-256, so they still point at the right
text). Comparisons are not copied: they are recomputed from the documents. ``RecoveryReport``
says what was saved and what was lost; a cancel removes the new file. Must not import Qt or
``ui/``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.anchoring import TextSelector
from core.documents import LoadCancelled, Progress, ShouldCancel, never_cancel, no_progress
from core.store.codec import document_from_dict
from core.store.schema import SessionError, SessionErrorKind, readonly_uri
from core.store.session import Role, Session

#: Rows are looked up by id up to this many ids past the last one found (a scan of a damaged
#: table stops at the first bad page; single-row look-ups go around it).
PROBE_PAST = 500


@dataclass(frozen=True)
class RecoveryReport:
    documents: int
    annotations: int
    #: Rows that were there but could not be read (damaged pages, undecodable JSON).
    lost_documents: int
    lost_annotations: int

    def summary(self) -> str:
        lost = self.lost_documents + self.lost_annotations
        tail = (f"; {self.lost_documents} documents and {self.lost_annotations} annotations "
                "could not be read") if lost else "; nothing readable was lost"
        return (f"recovered {self.documents} documents and {self.annotations} annotations"
                + tail)


def _rows(
    conn: sqlite3.Connection, table: str, columns: str, key: str = "id"
) -> Iterator[tuple[int, Any]]:
    """``(id, row or None)`` for every id of ``table`` that exists or seems to; a row that
    cannot be read is ``None``. A whole-table read first; where it fails, id by id up to the
    table's last id (from ``sqlite_sequence``, or until ``PROBE_PAST`` ids in a row are
    missing or unreadable), skipping the ids the read already gave."""
    seen: set[int] = set()
    try:
        for row in conn.execute(f"SELECT {key}, {columns} FROM {table} ORDER BY {key}"):
            seen.add(row[0])
            yield row[0], row[1:]
        return
    except (sqlite3.Error, UnicodeDecodeError):
        pass
    last = _last_id(conn, table)
    misses, rid = 0, 0
    while (rid < last) if last is not None else (misses < PROBE_PAST):
        rid += 1
        if rid in seen:
            continue
        try:
            row = conn.execute(
                f"SELECT {key}, {columns} FROM {table} WHERE {key} = ?", (rid,)
            ).fetchone()
        except (sqlite3.Error, UnicodeDecodeError):
            misses += 1
            yield rid, None
            continue
        if row is None:
            misses += 1
        else:
            misses = 0
            yield rid, row[1:]


def _last_id(conn: sqlite3.Connection, table: str) -> int | None:
    """The largest id ``table`` ever gave (AUTOINCREMENT keeps it), if that can be read."""
    try:
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    return int(row[0]) if row and isinstance(row[0], int) else None


#: What a damaged row can raise on the way: SQLite, undecodable text, bad JSON or values, or
#: the new session refusing it (an annotation on a document that could not be recovered).
_UNREADABLE = (sqlite3.Error, SessionError, UnicodeDecodeError, ValueError, TypeError, KeyError)


def recover(
    damaged: str | Path,
    dest: str | Path,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
) -> RecoveryReport:
    """Write what can be read of ``damaged`` into a new session at ``dest``."""
    src, out = Path(damaged), Path(dest)
    if out.exists():
        raise SessionError(SessionErrorKind.EXISTS, out, "already exists; choose a new name")
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(readonly_uri(src, immutable=True), uri=True, isolation_level=None)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        if conn is not None:
            conn.close()
        raise SessionError(
            SessionErrorKind.DAMAGED, src, "nothing can be recovered: this is not a session file"
        ) from exc
    docs = ann = lost_docs = lost_ann = 0
    try:
        with Session.create(out) as target:
            progress(0, 2, "Recovering documents")
            for _, row in _rows(conn, "documents", "role, original, text, document_json"):
                if should_cancel():
                    raise LoadCancelled()
                try:
                    if row is None:
                        raise ValueError("unreadable row")
                    document = document_from_dict(json.loads(row[3]), text=row[2])
                    target.add_document(document, bytes(row[1]), role=Role(row[0]))
                    docs += 1
                except _UNREADABLE:
                    lost_docs += 1
            progress(1, 2, "Recovering annotations")
            for ann_id, row in _rows(conn, "annotations", "kind, finding, note, deleted"):
                if should_cancel():
                    raise LoadCancelled()
                if row is not None and row[3] is not None:
                    continue  # in the bin: the reviewer had deleted it
                try:
                    if row is None:
                        raise ValueError("unreadable row")
                    _copy_annotation(conn, target, ann_id, row)
                    ann += 1
                except _UNREADABLE:
                    lost_ann += 1
            progress(2, 2, "Done")
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    return RecoveryReport(docs, ann, lost_docs, lost_ann)


def _copy_annotation(
    conn: sqlite3.Connection, target: Session, ann_id: int, row: tuple[Any, ...]
) -> object:
    selectors = [
        TextSelector(r[0], r[1], r[2], r[3], r[4], r[5])
        for r in conn.execute(
            'SELECT document_sha256, exact, prefix, suffix, start, "end" FROM '
            "annotation_targets WHERE annotation_id = ? ORDER BY ordinal", (ann_id,))
    ]
    tags = [r[0] for r in conn.execute(
        "SELECT tag FROM annotation_tags WHERE annotation_id = ? ORDER BY ordinal", (ann_id,))]
    return target.add_annotation(selectors, note=row[2], tags=tags, kind=row[0], finding=row[1])
