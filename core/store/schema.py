"""Session file schema, step-by-step migrations and the read-only health check done before opening.

The schema version lives in ``PRAGMA user_version`` and Concord's mark in ``PRAGMA
application_id``. ``MIGRATIONS[i]`` moves a file from version ``i`` to ``i + 1``; a file is only
ever moved forward, inside one transaction, so a crash mid-migration leaves the older version.
``inspect_readonly`` looks at a file through a read-only connection so that a damaged or foreign
file is never written to. Only ``core/store*.py`` may touch SQLite; no Qt, no ``ui/``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from urllib.parse import quote

from core.anchoring import BUILTIN_TAGS

#: "Cncd" as a 32-bit big-endian integer: marks a SQLite file as a Concord session.
APPLICATION_ID = 0x436E6364
SQLITE_HEADER = b"SQLite format 3\x00"
SESSION_SUFFIX = ".concord"


class SessionErrorKind(str, Enum):
    NOT_FOUND = "not_found"
    EXISTS = "exists"
    DAMAGED = "damaged"
    NEWER = "newer"
    IN_USE = "in_use"
    IO = "io"
    INVALID = "invalid"


class SessionError(Exception):
    """A session file cannot be opened or written; ``str(err)`` is the user-facing line."""

    def __init__(self, kind: SessionErrorKind, path: str | Path, detail: str) -> None:
        self.kind = kind
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{Path(path).name}: {detail}")


def damaged(path: str | Path) -> SessionError:
    return SessionError(
        SessionErrorKind.DAMAGED, path, "this file is damaged or not a Concord session"
    )


def _script(conn: sqlite3.Connection, sql: str) -> None:
    # Not ``executescript``: it commits first, and a migration must stay one transaction.
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            position INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('official', 'report')),
            name TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            original BLOB NOT NULL,
            text TEXT NOT NULL,
            document_json TEXT NOT NULL,
            added TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE UNIQUE INDEX one_official ON documents(role) WHERE role = 'official';
        CREATE TABLE comparisons (
            official_sha256 TEXT NOT NULL,
            report_sha256 TEXT NOT NULL,
            options_hash TEXT NOT NULL,
            engine_version TEXT NOT NULL,
            result_json TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (official_sha256, report_sha256, options_hash, engine_version)
        );
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            finding TEXT,
            note TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            state TEXT NOT NULL,
            extra_json TEXT NOT NULL,
            deleted TEXT
        );
        CREATE TABLE annotation_targets (
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            document_sha256 TEXT NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (annotation_id, ordinal)
        );
        CREATE INDEX targets_by_document ON annotation_targets(document_id);
        CREATE TABLE annotation_tags (
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            tag TEXT NOT NULL,
            PRIMARY KEY (annotation_id, ordinal)
        );
        CREATE TABLE tags (
            name TEXT PRIMARY KEY,
            builtin INTEGER NOT NULL,
            position INTEGER NOT NULL
        );
        """
    )
    conn.executemany(
        "INSERT INTO tags (name, builtin, position) VALUES (?, 1, ?)",
        [(name, i) for i, name in enumerate(BUILTIN_TAGS)],
    )


def _v2(conn: sqlite3.Connection) -> None:
    # Version 2 keeps window state with the session (selected report, splitter sizes, filters)
    # and lets the reviewer colour tags; version-1 files get both without losing anything.
    _script(
        conn,
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);
        ALTER TABLE tags ADD COLUMN colour TEXT;
        """
    )


def _v3(conn: sqlite3.Connection) -> None:
    # Version 3 keeps every earlier version of a document that was replaced or re-checked (a
    # web article edited after publication): its bytes, text and what changed, for the history
    # shown in the window and in exports. Older files simply have no history yet.
    _script(
        conn,
        """
        CREATE TABLE document_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            original BLOB NOT NULL,
            text TEXT NOT NULL,
            document_json TEXT NOT NULL,
            added TEXT NOT NULL,
            replaced TEXT NOT NULL,
            summary TEXT NOT NULL
        );
        CREATE INDEX versions_by_document ON document_versions(document_id);
        """
    )


Migration = Callable[[sqlite3.Connection], None]
#: ``MIGRATIONS[i]`` upgrades a file at version ``i`` to ``i + 1``.
MIGRATIONS: tuple[Migration, ...] = (_v1, _v2, _v3)
SCHEMA_VERSION = len(MIGRATIONS)

#: Tables each version must have; a file lacking one is damaged.
TABLES_AT: dict[int, frozenset[str]] = {
    1: frozenset(
        {"meta", "documents", "comparisons", "annotations", "annotation_targets",
         "annotation_tags", "tags"}
    ),
}
TABLES_AT[2] = TABLES_AT[1] | {"settings"}
TABLES_AT[3] = TABLES_AT[2] | {"document_versions"}


def migrate(
    conn: sqlite3.Connection,
    from_version: int,
    migrations: tuple[Migration, ...] = MIGRATIONS,
) -> list[int]:
    """Run the missing steps in order, all in one transaction; returns the versions reached."""
    reached: list[int] = []
    if from_version >= len(migrations):
        return reached
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read under the write lock: another process may have migrated meanwhile.
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for version in range(current, len(migrations)):
            migrations[version](conn)
            reached.append(version + 1)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {len(migrations)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise
    return reached


def readonly_uri(path: Path, *, immutable: bool = False) -> str:
    """SQLite URI opening ``path`` read-only; ``immutable`` also skips locking and the WAL's
    shared-memory file (only for files nothing can write, such as on a read-only share)."""
    return "file:" + quote(str(path.resolve())) + "?mode=ro" + ("&immutable=1" if immutable else "")


def connect_readonly(path: Path, timeout: float) -> sqlite3.Connection:
    """A read-only connection to ``path``, checked with a first query.

    A WAL-mode file opened read-only needs its shared-memory file, or a folder to make it in;
    a session on a read-only share has neither (SQLite: "unable to open database file"), and
    nothing can write it there, so it is then opened as immutable.
    """
    last: sqlite3.Error | None = None
    for immutable in (False, True):
        try:
            conn = sqlite3.connect(
                readonly_uri(path, immutable=immutable), uri=True, timeout=timeout,
                isolation_level=None, check_same_thread=False,
            )
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except UnicodeDecodeError as exc:
            # SQLite's message quotes bytes of a damaged schema that are not UTF-8, and Python
            # cannot decode the message itself (found by fuzzing a flipped byte).
            conn.close()
            last = sqlite3.DatabaseError(f"file is not a database ({exc.reason})")
        except sqlite3.Error as exc:
            conn.close()
            if is_busy(exc):
                raise
            last = exc
    assert last is not None
    raise last


def is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def in_use(path: str | Path) -> SessionError:
    return SessionError(
        SessionErrorKind.IN_USE,
        path,
        "this session is in use by another Concord window or program; "
        "close it there or try again in a moment",
    )


def inspect_readonly(path: Path, timeout: float) -> int:
    """Check ``path`` without writing to it; returns its schema version or raises SessionError."""
    if not path.exists():
        raise SessionError(SessionErrorKind.NOT_FOUND, path, "session file not found")
    if path.is_dir():
        raise SessionError(SessionErrorKind.INVALID, path, "is a folder, not a session file")
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise SessionError(SessionErrorKind.IO, path, f"cannot be read ({exc.strerror})") from exc
    if len(head) < 100 or not head.startswith(SQLITE_HEADER):
        raise damaged(path)
    try:
        conn = connect_readonly(path, timeout)
    except sqlite3.Error as exc:
        raise (in_use(path) if is_busy(exc) else damaged(path)) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise damaged(path)
        if version > SCHEMA_VERSION:
            raise SessionError(
                SessionErrorKind.NEWER,
                path,
                f"this session was saved by a newer version of Concord (schema {version}); "
                "update Concord to open it",
            )
        check = conn.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            raise damaged(path)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version < 1 or not TABLES_AT[version] <= tables:
            raise damaged(path)
        return int(version)
    except UnicodeDecodeError as exc:  # a message quoting undecodable bytes: see above
        raise damaged(path) from exc
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise in_use(path) from exc
        if "unable to open" in str(exc):  # e.g. a WAL file in a folder we may not write to
            raise SessionError(SessionErrorKind.IO, path, f"cannot be read here ({exc})") from exc
        raise damaged(path) from exc
    finally:
        conn.close()
