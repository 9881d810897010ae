"""Annotations, tags and session settings of a ``Session`` (see ``core/store.py``).

Each method is one transaction. Annotations are soft-deleted (``delete_annotation``) so the window
can undo with ``restore_annotation``. Only ``core/store*.py`` may touch SQLite; no Qt, no ``ui/``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from core.anchoring import Annotation, TextSelector, anchor, describe
from core.store import rows
from core.store.base import SessionBase
from core.store.codec import dumps
from core.store.rows import Tag


class AnnotationsMixin(SessionBase):
    def add_annotation(
        self,
        targets: Sequence[TextSelector],
        *,
        note: str = "",
        tags: Sequence[str] = (),
        kind: str = "text",
        finding: str | None = None,
        extra: Sequence[tuple[str, str]] = (),
    ) -> Annotation:
        """Store a new annotation; each target must be on a document of this session."""
        if not 1 <= len(targets) <= 2:
            raise ValueError("an annotation has one target, or two for a linked pair")
        clean = [rows.clean_tag(t) for t in tags]
        stamp = rows.now()
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO annotations (kind, finding, note, created, modified, state, "
                "extra_json) VALUES (?, ?, ?, ?, ?, 'anchored', ?)",
                (kind, finding, note, stamp, stamp,
                 json.dumps(dict(extra), ensure_ascii=False, sort_keys=True)),
            )
            ann_id = int(cur.lastrowid or 0)
            for i, sel in enumerate(targets):
                r = conn.execute(
                    "SELECT id, text FROM documents WHERE sha256 = ?", (sel.document_sha256,)
                ).fetchone()
                if r is None:
                    raise KeyError("the annotated document is not in this session")
                span, state = anchor(sel, r[1])
                new_sel = sel if span is None else describe(r[1], span, sel.document_sha256)
                rows.write_target(conn, ann_id, i, r[0], new_sel, state)
            rows.refresh_states(conn, [ann_id])
            rows.write_tags(conn, ann_id, clean)
        return self.annotation(ann_id)

    def annotation(self, ann_id: int) -> Annotation:
        with self._read() as conn:
            found = rows.load_annotations(conn, ids=[ann_id], include_deleted=True)
        if not found:
            raise KeyError(f"no annotation {ann_id} in this session")
        return found[0]

    def annotations(
        self, *, document_id: int | None = None, include_deleted: bool = False
    ) -> list[Annotation]:
        with self._read() as conn, self._decoding("an annotation"):
            return rows.load_annotations(
                conn, document_id=document_id, include_deleted=include_deleted
            )

    def deleted_annotations(self) -> list[int]:
        """Ids of deleted annotations, most recently deleted first (for undo)."""
        with self._read() as conn:
            q = "SELECT id FROM annotations WHERE deleted IS NOT NULL ORDER BY deleted DESC, id"
            return [r[0] for r in conn.execute(q)]

    def update_annotation(
        self, ann_id: int, *, note: str | None = None, tags: Sequence[str] | None = None
    ) -> Annotation:
        clean = None if tags is None else [rows.clean_tag(t) for t in tags]
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM annotations WHERE id = ?", (ann_id,)).fetchone() is None:
                raise KeyError(f"no annotation {ann_id} in this session")
            if note is not None:
                conn.execute("UPDATE annotations SET note = ? WHERE id = ?", (note, ann_id))
            if clean is not None:
                rows.write_tags(conn, ann_id, clean)
            conn.execute("UPDATE annotations SET modified = ? WHERE id = ?", (rows.now(), ann_id))
        return self.annotation(ann_id)

    def _set_deleted(self, ann_id: int, value: str | None) -> None:
        with self._write() as conn:
            cur = conn.execute("UPDATE annotations SET deleted = ? WHERE id = ?", (value, ann_id))
            if cur.rowcount == 0:
                raise KeyError(f"no annotation {ann_id} in this session")

    def delete_annotation(self, ann_id: int) -> None:
        """Soft delete: hidden from ``annotations()``, back with ``restore_annotation``."""
        self._set_deleted(ann_id, rows.now())

    def restore_annotation(self, ann_id: int) -> Annotation:
        self._set_deleted(ann_id, None)
        return self.annotation(ann_id)

    def purge_deleted(self) -> int:
        """Delete soft-deleted annotations for good; returns how many."""
        with self._write() as conn:
            return conn.execute("DELETE FROM annotations WHERE deleted IS NOT NULL").rowcount

    # ----------------------------------------------------------------- tags and settings
    def tags(self) -> list[Tag]:
        with self._read() as conn:
            return rows.list_tags(conn)

    def add_tag(self, name: str, colour: str | None = None) -> Tag:
        tag, colour = rows.clean_tag(name), rows.check_colour(colour)
        with self._write() as conn:
            rows.ensure_tags(conn, [tag])
            if colour is not None:
                conn.execute("UPDATE tags SET colour = ? WHERE name = ?", (colour, tag))
        return next(t for t in self.tags() if t.name == tag)

    def set_tag_colour(self, name: str, colour: str | None) -> None:
        colour = rows.check_colour(colour)
        with self._write() as conn:
            if conn.execute("UPDATE tags SET colour = ? WHERE name = ?", (colour, name)).rowcount:
                return
        raise KeyError(f"no tag {name!r} in this session")

    def remove_tag(self, name: str) -> None:
        """Take a user tag off the list; annotations keep it. Built-in tags stay."""
        with self._write() as conn:
            r = conn.execute("SELECT builtin FROM tags WHERE name = ?", (name,)).fetchone()
            if r is None:
                raise KeyError(f"no tag {name!r} in this session")
            if r[0]:
                raise ValueError(f"{name!r} is a built-in tag and cannot be removed")
            conn.execute("DELETE FROM tags WHERE name = ?", (name,))

    def setting(self, key: str, default: Any = None) -> Any:
        with self._read() as conn:
            r = conn.execute("SELECT value_json FROM settings WHERE key = ?", (key,)).fetchone()
        if r is None:
            return default
        with self._decoding(f"the setting {key!r}"):
            return json.loads(r[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Keep a JSON-able value (selected report, splitter sizes...) with the session.

        Committed without an fsync: these are view state, written as the user clicks from
        report to report, and an fsync there stalled the window for up to 50 ms on a busy disk.
        """
        text = dumps(value)
        with self._write(durable=False) as conn:
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, value_json) VALUES (?, ?)", (key, text)
            )

    def settings(self) -> dict[str, Any]:
        with self._read() as conn:
            found = conn.execute("SELECT key, value_json FROM settings")
            with self._decoding("a setting"):
                return {k: json.loads(v) for k, v in found}
