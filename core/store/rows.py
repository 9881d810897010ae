"""Row-level helpers of the session store: annotations and their targets, tags, states.

Functions here take an open ``sqlite3.Connection`` inside a transaction the caller started;
they never commit. Only ``core/store*.py`` may touch SQLite; no Qt, no ``ui/``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from core.anchoring import AnchorState, Annotation, TextSelector, worst

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
MAX_TAG_LENGTH = 64


@dataclass(frozen=True)
class Tag:
    name: str
    colour: str | None
    builtin: bool


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def clean_tag(name: str) -> str:
    tag = " ".join(name.split())
    if not tag:
        raise ValueError("a tag cannot be empty")
    if len(tag) > MAX_TAG_LENGTH:
        raise ValueError(f"a tag is at most {MAX_TAG_LENGTH} characters")
    return tag


def check_colour(colour: str | None) -> str | None:
    if colour is not None and not _COLOUR.fullmatch(colour):
        raise ValueError(f"tag colour must look like #1a2b3c, not {colour!r}")
    return colour.lower() if colour else None


def ensure_tags(conn: sqlite3.Connection, tags: Iterable[str]) -> None:
    """Put tags used on annotations into the session's tag list (user tags, no colour)."""
    for tag in tags:
        if conn.execute("SELECT 1 FROM tags WHERE name = ?", (tag,)).fetchone() is None:
            pos = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM tags").fetchone()[0]
            conn.execute("INSERT INTO tags (name, builtin, position) VALUES (?, 0, ?)", (tag, pos))


def list_tags(conn: sqlite3.Connection) -> list[Tag]:
    rows = conn.execute("SELECT name, colour, builtin FROM tags ORDER BY position, name")
    return [Tag(name, colour, bool(builtin)) for name, colour, builtin in rows]


def write_tags(conn: sqlite3.Connection, ann_id: int, tags: Sequence[str]) -> None:
    conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (ann_id,))
    conn.executemany(
        "INSERT INTO annotation_tags (annotation_id, ordinal, tag) VALUES (?, ?, ?)",
        [(ann_id, i, tag) for i, tag in enumerate(tags)],
    )
    ensure_tags(conn, tags)


def write_target(
    conn: sqlite3.Connection,
    ann_id: int,
    ordinal: int,
    document_id: int | None,
    sel: TextSelector,
    state: AnchorState,
) -> None:
    conn.execute(
        'INSERT OR REPLACE INTO annotation_targets (annotation_id, ordinal, document_id, '
        'document_sha256, exact, prefix, suffix, start, "end", state) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ann_id, ordinal, document_id, sel.document_sha256, sel.exact, sel.prefix, sel.suffix,
         sel.start, sel.end, state.value),
    )


def refresh_states(conn: sqlite3.Connection, ann_ids: Iterable[int]) -> None:
    """An annotation's state is the worst of its targets' states."""
    for ann_id in set(ann_ids):
        rows = conn.execute(
            "SELECT state FROM annotation_targets WHERE annotation_id = ?", (ann_id,)
        ).fetchall()
        state = worst(AnchorState(r[0]) for r in rows)
        conn.execute("UPDATE annotations SET state = ? WHERE id = ?", (state.value, ann_id))


def load_annotations(
    conn: sqlite3.Connection,
    *,
    ids: Sequence[int] | None = None,
    document_id: int | None = None,
    include_deleted: bool = False,
) -> list[Annotation]:
    """Annotations in id order, filtered by ids, by a document they target, or not at all."""
    where: list[str] = []
    params: list[object] = []
    if ids is not None:
        where.append(f"a.id IN ({','.join('?' * len(ids))})")
        params += list(ids)
    if document_id is not None:
        where.append("a.id IN (SELECT annotation_id FROM annotation_targets WHERE document_id = ?)")
        params.append(document_id)
    if not include_deleted:
        where.append("a.deleted IS NULL")
    sql = "SELECT id, kind, finding, note, created, modified, state, extra_json FROM annotations a"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = conn.execute(sql + " ORDER BY a.id", params).fetchall()
    if not rows:
        return []
    wanted = [r[0] for r in rows]
    marks = ",".join("?" * len(wanted))
    targets: dict[int, list[TextSelector]] = {i: [] for i in wanted}
    for r in conn.execute(
        f'SELECT annotation_id, document_sha256, exact, prefix, suffix, start, "end" '
        f"FROM annotation_targets WHERE annotation_id IN ({marks}) "
        "ORDER BY annotation_id, ordinal",
        wanted,
    ):
        targets[r[0]].append(TextSelector(r[1], r[2], r[3], r[4], r[5], r[6]))
    tags: dict[int, list[str]] = {i: [] for i in wanted}
    for ann_id, tag in conn.execute(
        f"SELECT annotation_id, tag FROM annotation_tags WHERE annotation_id IN ({marks}) "
        "ORDER BY annotation_id, ordinal",
        wanted,
    ):
        tags[ann_id].append(tag)
    out = []
    for ann_id, kind, finding, note, created, modified, state, extra_json in rows:
        extra = json.loads(extra_json)
        out.append(
            Annotation(
                id=ann_id,
                targets=tuple(targets[ann_id]),
                note=note,
                tags=tuple(tags[ann_id]),
                kind=kind,
                finding=finding,
                created=created,
                modified=modified,
                state=AnchorState(state),
                extra=tuple(sorted(extra.items())),
            )
        )
    return out


def target_rows(
    conn: sqlite3.Connection, document_id: int
) -> list[tuple[int, int, TextSelector]]:
    """(annotation id, ordinal, selector) of every target on one document, deleted ones too."""
    rows = conn.execute(
        'SELECT annotation_id, ordinal, document_sha256, exact, prefix, suffix, start, "end" '
        "FROM annotation_targets WHERE document_id = ? ORDER BY annotation_id, ordinal",
        (document_id,),
    )
    return [(r[0], r[1], TextSelector(r[2], r[3], r[4], r[5], r[6], r[7])) for r in rows]


def merge_extra(conn: sqlite3.Connection, ann_id: int, additions: dict[str, str]) -> None:
    """Add keys to an annotation's extra facts; existing keys keep their first value."""
    row = conn.execute("SELECT extra_json FROM annotations WHERE id = ?", (ann_id,)).fetchone()
    extra = json.loads(row[0])
    for key, value in additions.items():
        extra.setdefault(key, value)
    conn.execute(
        "UPDATE annotations SET extra_json = ? WHERE id = ?",
        (json.dumps(extra, ensure_ascii=False, sort_keys=True), ann_id),
    )
