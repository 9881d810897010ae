"""Connection, transactions and file handling under ``Session`` (see ``core/store.py``).

Opens a file only after a read-only health check (``store_schema.inspect_readonly``), sets WAL,
``synchronous=FULL`` and foreign keys, and gives subclasses ``_write()`` (one ``BEGIN IMMEDIATE``
transaction per user action, SQLite errors turned into ``SessionError``) and ``_read()`` (one
snapshot). Only ``core/store*.py`` may touch SQLite; no Qt, no ``ui/``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from core.store import rows
from core.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SessionError,
    SessionErrorKind,
    connect_readonly,
    damaged,
    in_use,
    inspect_readonly,
    is_busy,
    migrate,
)

DEFAULT_BUSY_TIMEOUT = 5.0
S = TypeVar("S", bound="SessionBase")

def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    # WAL lets a second window read while one writes; a file system without shared memory
    # (some network shares) refuses it and the file stays in rollback-journal mode.
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def _open_error(path: Path, exc: sqlite3.Error) -> SessionError:
    text = str(exc).lower()
    if is_busy(exc):
        return in_use(path)
    if "readonly" in text or "unable to open" in text or "disk" in text:
        return SessionError(SessionErrorKind.IO, path, f"cannot be opened for writing ({exc})")
    return damaged(path)


def _remove_side_files(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(str(path) + suffix)


def _temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


class SessionBase:
    """One open session file: connection, transactions, file operations."""

    def __init__(self, path: Path, conn: sqlite3.Connection, busy_timeout: float) -> None:
        self._path = path
        self._conn = conn
        self._busy_timeout = busy_timeout
        self._lock = threading.RLock()
        #: Commits through this connection, for ``adopt_copy`` to see whether any came late.
        self._writes = 0

    # ----------------------------------------------------------------- opening and files
    @classmethod
    def create(
        cls: type[S],
        path: str | Path,
        *,
        overwrite: bool = False,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> S:
        """A new, empty session at ``path``; an existing file is replaced only if ``overwrite``."""
        p = Path(path)
        if p.exists() and not overwrite:
            raise SessionError(SessionErrorKind.EXISTS, p, "a file with this name already exists")
        if not p.parent.is_dir():
            raise SessionError(SessionErrorKind.NOT_FOUND, p, "the folder does not exist")
        tmp = _temp_beside(p)
        try:
            conn = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                migrate(conn, 0)
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("session_id", str(uuid.uuid4())), ("created", rows.now())],
                )
            finally:
                conn.close()
            _remove_side_files(p)
            os.replace(tmp, p)
        except OSError as exc:
            raise SessionError(
                SessionErrorKind.IO, p, f"cannot be created ({exc.strerror})"
            ) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return cls.open(p, busy_timeout=busy_timeout)

    @classmethod
    def open(cls: type[S], path: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> S:
        """Open an existing session, migrating an older file forward; SessionError otherwise."""
        p = Path(path)
        version = inspect_readonly(p, busy_timeout)
        if not (os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)):
            # WAL needs to write beside the file too; say so rather than "damaged".
            raise SessionError(
                SessionErrorKind.IO, p,
                "this session cannot be changed here (the file or its folder is read-only); "
                "copy it to a folder you can write to",
            )
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(p, busy_timeout)
            if version < SCHEMA_VERSION:
                migrate(conn, version, MIGRATIONS)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise _open_error(p, exc) from exc
        return cls(p, conn, busy_timeout)

    @classmethod
    def open_snapshot(
        cls: type[S], path: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    ) -> S:
        """Open a session for reading only; the session file itself is never written.

        For exporting a session that sits on a read-only share or that another window has
        open: the same checks as ``open``, then a read-only connection (an immutable one when
        the folder is read-only and SQLite cannot make its shared-memory file). A file of an
        older schema is copied into memory and migrated there. Writing through the snapshot
        raises SessionError.
        """
        p = Path(path)
        version = inspect_readonly(p, busy_timeout)
        conn: sqlite3.Connection | None = None
        try:
            conn = connect_readonly(p, busy_timeout)
            if version < SCHEMA_VERSION:
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                conn.backup(memory)
                conn.close()
                conn = memory
                migrate(conn, version, MIGRATIONS)
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise in_use(p) if is_busy(exc) else damaged(p) from exc
        return cls(p, conn, busy_timeout)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def session_id(self) -> str:
        with self._read() as conn:
            return str(conn.execute("SELECT value FROM meta WHERE key='session_id'").fetchone()[0])

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self: S) -> S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save_as(self, new_path: str | Path) -> None:
        """Copy the session to ``new_path`` (SQLite backup API); this Session then uses it."""
        dest = Path(new_path)
        with self._lock:
            if dest.resolve() == self._path.resolve():
                return
            self._copy(self._conn, dest)
            self._use(dest)

    def copy_started(self) -> tuple[int, int]:
        """Pass to ``adopt_copy`` after ``copy_to``: what this session had written by now."""
        with self._lock:
            return self._writes, self.change_token()

    def copy_to(self, new_path: str | Path) -> None:
        """Write a consistent copy of the session to ``new_path`` through a connection of its
        own, so it can run in a worker while the window goes on reading and writing here (a
        17 MB session took 35-60 ms to copy on the window's thread). Call ``copy_started``
        before and ``adopt_copy`` after."""
        dest = Path(new_path)
        if dest.resolve() == self._path.resolve():
            raise SessionError(SessionErrorKind.INVALID, dest, "is the session's own file")
        try:
            source = sqlite3.connect(str(self._path), timeout=self._busy_timeout,
                                     isolation_level=None)
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        try:
            self._copy(source, dest)
        finally:
            source.close()

    def adopt_copy(self, new_path: str | Path, started: tuple[int, int]) -> bool:
        """Use the copy ``copy_to`` made if nothing was written since ``copy_started`` (the
        copy then holds everything); False, and nothing changed, otherwise."""
        with self._lock:
            if (self._writes, self.change_token()) != started:
                return False
            self._use(Path(new_path))
            return True

    def _copy(self, source: sqlite3.Connection, dest: Path) -> None:
        if not dest.parent.is_dir():
            raise SessionError(SessionErrorKind.NOT_FOUND, dest, "the folder does not exist")
        tmp = _temp_beside(dest)
        try:
            copy = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                copy.close()
            _remove_side_files(dest)
            os.replace(tmp, dest)
        except OSError as exc:
            raise SessionError(
                SessionErrorKind.IO, dest, f"cannot be saved ({exc.strerror})"
            ) from exc
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def _use(self, dest: Path) -> None:
        try:
            conn = _connect(dest, self._busy_timeout)
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        self._conn.close()
        self._conn, self._path = conn, dest

    def change_token(self) -> int:
        """Pass to ``changed_since`` later to learn whether another window or process wrote."""
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed_since(self, token: int) -> bool:
        """True when another connection committed since ``token``; own writes don't count."""
        return self.change_token() != token

    def integrity_check(self) -> str:
        with self._read() as conn:
            return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))

    # ----------------------------------------------------------------- transactions
    @contextlib.contextmanager
    def _decoding(self, what: str) -> Iterator[None]:
        """Stored JSON or values that no longer decode are damage to the file, not a bug.

        Found by fuzzing: a page of zeros or a flipped byte inside a stored document's JSON
        escaped as ``JSONDecodeError`` instead of the session's own one-line error.
        """
        try:
            yield
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise SessionError(
                SessionErrorKind.DAMAGED,
                self.path,
                f"{what} stored in this session cannot be read; the file is damaged",
            ) from exc

    def _translate(self, exc: sqlite3.Error) -> SessionError:
        if is_busy(exc):
            return in_use(self._path)
        if isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc):
            return damaged(self._path)
        text = str(exc).lower()
        if "disk is full" in text or "disk i/o error" in text:
            # A full disk or a file that may not grow (a quota, ``ulimit -f``): SQLite says
            # "database or disk is full" or, when the write itself fails, "disk I/O error".
            return SessionError(
                SessionErrorKind.IO, self._path,
                "cannot be written: the disk is full or the file may not grow; free some space "
                "and try again (the change was not saved, earlier ones are safe)",
            )
        return SessionError(SessionErrorKind.IO, self._path, f"cannot be written ({exc})")

    @contextlib.contextmanager
    def _write(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction. ``durable=False`` commits without an fsync (WAL +
        ``synchronous=NORMAL``): still safe against a killed process and never corrupting, but
        a power cut may drop it. For what can be rebuilt from the user's files (documents,
        cached results): an fsync per loaded document took up to 50 ms on a busy disk, on the
        window's thread. The next durable commit syncs the WAL, earlier relaxed ones included.
        """
        with self._lock:
            if not durable:
                self._conn.execute("PRAGMA synchronous=NORMAL")
            try:
                try:
                    self._conn.execute("BEGIN IMMEDIATE")
                except sqlite3.Error as exc:
                    raise self._translate(exc) from exc
                self._writes += 1
                try:
                    yield self._conn
                    self._conn.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._rollback()
                    raise self._translate(exc) from exc
                except BaseException:
                    self._rollback()
                    raise
            finally:
                if not durable:
                    self._conn.execute("PRAGMA synchronous=FULL")

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for several SELECTs."""
        with self._lock:
            nested = self._conn.in_transaction
            try:
                if not nested:
                    self._conn.execute("BEGIN")
                yield self._conn
            except sqlite3.Error as exc:
                raise self._translate(exc) from exc
            finally:
                if not nested and self._conn.in_transaction:
                    self._conn.execute("COMMIT")
