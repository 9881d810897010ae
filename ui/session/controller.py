"""The window's session file: owns the open ``core.store.Session`` and keeps it in step.

A plain controller (no widgets): it creates a temporary session when the window starts (the demo
lives in a fresh temporary folder, so a user's file is never overwritten), opens and saves as
(``ui/session_saving.py`` in the background), keeps the recent list (``ui/recent_sessions.py``),
names the session for the title, and mirrors every change of the window's document list into the
file at once: loaded documents with their original bytes, removals, the release, the report on
show, finished comparisons. Reopening restores documents (stored bytes, no files needed), roles,
cached results and the selected report, by wrapping the window session's ``load_fn`` and
``compare_fn``. Dialogs go through ``Prompts`` so tests can answer them.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from core.documents import Document, LoadError, LoadErrorKind, Progress, ShouldCancel
from core.results import CompareOptions, CompareResult, Comparison, RunState
from core.review import CoverageMatrix
from core.store import (
    SELECTED_REPORT_KEY,
    Role,
    Session,
    SessionError,
    encode_document,
    engine_version,
    original_bytes,
)
from ui.session import recent as recent_sessions
from ui.session.rechecking import RecheckDocuments
from ui.session.state import FIRST_REPORT_DELAY_MS, AppContext, Status, source_key
from ui.session.state import Role as EntryRole
from ui.session.state import Session as WindowSession
from ui.workers.compare_worker import (
    CompareWithCoverage,
    CoverageKeeper,
    no_collection_while_receiving,
)

log = logging.getLogger(__name__)

TEMP_PREFIX = "concord-session-"


def concord_path(path: str | Path) -> Path:
    dest = Path(path)
    return dest if dest.suffix == ".concord" else dest.with_name(dest.name + ".concord")


class SessionController(RecheckDocuments, QObject):
    #: A different session file is open (new, opened, saved as); carries its title.
    titleChanged = Signal(str)
    #: Another file is now the session (new or opened): undo history no longer applies.
    switched = Signal()
    #: Documents or annotations in the file changed; panels refresh.
    contentChanged = Signal()
    #: A document was replaced by a new version: the outcome and the document's name.
    documentReplaced = Signal(object, str)
    #: Check for Changes finished: one ``core.recheck.SessionCheck`` per report.
    rechecked = Signal(object)
    message = Signal(str)
    savedAs = Signal(str)  #: Save As finished: the session now lives in this file.

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.window_session: WindowSession = context.session
        self.store: Session | None = None
        self.label = ""
        self._temp_dir: Path | None = None
        self._entry_doc: dict[int, int] = {}
        self._roles: dict[int, Role] = {}
        #: sha256 -> display name of every document the session has had (orphans keep names).
        self.names: dict[str, str] = {}
        #: Documents to hand to the loader instead of reading files: loaded, or stored (by id).
        self._preloaded: dict[str, Document | int] = {}
        self._bytes: dict[str, bytes] = {}
        #: Each loaded document's stored form, made in the loading worker, with the document.
        self._encoded: dict[str, tuple[Document, str]] = {}
        self._bytes_lock = threading.Lock()
        self._cached_keys: set[tuple[str, str]] = set()
        self._coverage = CoverageKeeper()
        self._pending_report: str | None = None
        self._suspended = 0
        self._inner_load = self.window_session.load_fn
        self._inner_compare = self.window_session.compare_fn
        self.window_session.load_fn = self._load
        self.window_session.compare_fn = CompareWithCoverage(self._compare, self._coverage.take)
        ws = self.window_session
        ws.entryChanged.connect(self._entry_changed)
        ws.documentsChanged.connect(self._documents_changed)
        ws.resultChanged.connect(self._result_changed)
        ws.currentReportChanged.connect(self._report_changed)

    # -- naming -----------------------------------------------------------------------------

    @property
    def temporary(self) -> bool:
        return self._temp_dir is not None

    @property
    def path(self) -> Path | None:
        return None if self.store is None else self.store.path

    def title(self) -> str:
        if self.store is None:
            return "Concord"
        if self.temporary:
            return f"{self.label} (not saved) — Concord"
        return f"{self.store.path.name} — Concord"

    def _set_store(self, store: Session, label: str, temp_dir: Path | None) -> None:
        old_temp = self._temp_dir
        self.store, self.label, self._temp_dir = store, label, temp_dir
        self._cached_keys.clear()
        if old_temp is not None and old_temp != temp_dir:
            shutil.rmtree(old_temp, ignore_errors=True)
        self.switched.emit()
        self.titleChanged.emit(self.title())
        self.contentChanged.emit()

    # -- opening and saving -----------------------------------------------------------------

    def new_temporary(self, label: str = "Untitled session") -> Path:
        """A fresh session in a new temporary folder; the window's documents are kept in it."""
        temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        store = Session.create(temp / f"{label}.concord")
        self._close_store()
        self._set_store(store, label, temp)
        for entry in self.window_session.entries:
            if entry.status is Status.READY:
                self._store_entry(entry.id)
        return store.path

    def set_label(self, label: str) -> None:
        self.label = label
        self.titleChanged.emit(self.title())

    def open_session(self, path: str | Path) -> bool:
        """Open a session file in this window, replacing what is on show (SessionError if not)."""
        store = Session.open(path)  # SessionError says why, for the caller to show
        try:
            stored = store.document_heads()
            selected = store.setting(SELECTED_REPORT_KEY)
        except SessionError:
            store.close()
            raise
        self._close_store()
        self._clear_window()
        self._set_store(store, Path(path).stem, None)
        self.add_recent(store.path)
        self._pending_report = selected if isinstance(selected, str) else None
        self.names = {d.sha256: d.name for d in stored}
        official = next((d for d in stored if d.role is Role.OFFICIAL), None)
        paths: list[str] = []
        by_path: dict[str, int] = {}
        for d in stored:
            path_key = self._free_path(d.path, paths)
            # Decoded by the loading worker, not here on the window's thread.
            self._preloaded[path_key] = d.id
            paths.append(path_key)
            by_path[path_key] = d.id
            self._roles[d.id] = d.role
        off_path = paths[stored.index(official)] if official is not None else None
        ids = self.window_session.add_files(paths, official=off_path)
        for entry_id in ids:
            entry = self.window_session.entry(entry_id)
            if entry is not None:
                self._entry_doc[entry_id] = by_path[entry.path]
        if not stored:
            self._pending_report = None
        self.message.emit(f"Opened {store.path.name}: {len(stored)} document(s)")
        return True

    @staticmethod
    def _free_path(path: str, taken: Sequence[str]) -> str:
        # Two stored versions of one file path would clash in the window's list.
        candidate, n = source_key(path), 2
        while candidate in taken:
            candidate = str(Path(path).with_name(f"{Path(path).stem} ({n}){Path(path).suffix}"))
            n += 1
        return candidate

    def save_session_as(self, path: str | Path) -> Path:
        if self.store is None:
            raise RuntimeError("no session is open")
        dest = concord_path(path)
        self.store.save_as(dest)
        return self.saved_as(dest)

    def saved_as(self, dest: Path) -> Path:
        """The session now lives in ``dest`` (copied there): titles, recent list, views."""
        old_temp = self._temp_dir
        self._temp_dir = None
        if old_temp is not None:
            shutil.rmtree(old_temp, ignore_errors=True)
        self.label = dest.stem
        self.add_recent(dest)
        self.titleChanged.emit(self.title())
        self.contentChanged.emit()  # a new file and connection: views re-read and re-baseline
        self.message.emit(f"Session saved as {dest}")
        self.savedAs.emit(str(dest))
        return dest

    def close(self) -> None:
        """Close the file (window closing); a temporary session's folder is removed."""
        self._close_store()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None

    def _close_store(self) -> None:
        if self.store is not None:
            with contextlib.suppress(Exception):
                self.store.close()
        self.store = None

    def _clear_window(self) -> None:
        self._suspended += 1
        try:
            ws = self.window_session
            ws.cancel()
            ws.clear()
        finally:
            self._suspended -= 1
        self._entry_doc.clear()
        self._roles.clear()
        self._preloaded.clear()

    # -- recent sessions --------------------------------------------------------------------

    def original_data(self, doc: Document) -> bytes:
        """The original bytes of ``doc``: as stored in the session, else read again (and checked
        against its hash). Raises ``LoadError``/``SessionError``/``OSError`` with the reason."""
        with self._bytes_lock:
            data = self._bytes.get(doc.sha256)
        if data is not None:
            return data
        if self.store is not None:
            for head in self.store.document_heads():
                if head.sha256 == doc.sha256:
                    return self.store.document_bytes(head.id)
        return original_bytes(doc.path, doc.sha256)

    def add_recent(self, path: str | Path) -> None:
        recent_sessions.add_recent(self.context.settings, path)

    def recent(self) -> list[str]:
        """Recent sessions, newest first; missing files are dropped from the list with a message."""
        present, missing = recent_sessions.prune_recent(self.context.settings)
        if missing:
            names = ", ".join(Path(p).name for p in missing)
            self.message.emit(f"No longer found, removed from Open Recent: {names}")
        return present

    def clear_recent(self) -> None:
        recent_sessions.clear_recent(self.context.settings)

    # -- loading and comparing through the file ---------------------------------------------

    def _load(self, path: str) -> Document:
        """Runs in a worker: a stored document as it was, or the file loaded and its bytes kept."""
        stored = self._preloaded.pop(source_key(path), None)
        if isinstance(stored, Document):
            return stored
        if stored is not None:
            return self._stored_document(path, stored)
        doc = self._inner_load(path)
        try:
            data = original_bytes(path, doc.sha256)
        except (OSError, LoadError, SessionError):
            return doc  # stored later from a fresh read, or reported then
        encoded = encode_document(doc)  # here, not on the window's thread when it is kept
        with self._bytes_lock:
            self._bytes[doc.sha256] = data
            self._encoded[doc.sha256] = (doc, encoded)
        return doc

    def _stored_document(self, path: str, doc_id: int) -> Document:
        try:
            if self.store is None:
                raise KeyError("the session was closed")
            return self.store.document(doc_id).document
        except (SessionError, KeyError) as exc:
            raise LoadError(
                LoadErrorKind.CORRUPT, path, f"could not be read back from the session: {exc}"
            ) from exc

    def _compare(
        self,
        official: Document,
        reports: Sequence[Document],
        options: CompareOptions,
        should_cancel: ShouldCancel,
        progress: Progress,
    ) -> CompareResult:
        """Runs in a worker: cached comparisons from the file, the rest computed."""
        store, version = self.store, engine_version()
        cached: dict[str, Comparison] = {}
        # Decoding a hundred cached comparisons makes objects by the hundred thousand: without
        # this, full garbage collections walked them all later, 100+ ms each with the GIL held.
        with no_collection_while_receiving():
            for rep in reports:
                try:
                    found = store.cached_comparison(
                        official.sha256, rep.sha256, options, version
                    ) if store is not None else None
                except Exception:  # a closed or busy file: compute instead
                    found = None
                if found is not None:
                    cached[rep.sha256] = found
                    self._cached_keys.add((official.sha256, rep.sha256))
        missing = [r for r in reports if r.sha256 not in cached]
        fresh: dict[str, Comparison] = {}
        matrix: CoverageMatrix | None = None
        if missing:
            res = self._inner_compare(official, missing, options, should_cancel, progress)
            if res.state is RunState.CANCELLED:
                return res
            fresh = {res.documents[c.report_index].sha256: c for c in res.comparisons}
            take = getattr(self._inner_compare, "take_coverage", None)
            if callable(take):
                matrix = take(res)
            # Written here, in the worker: caching 100 comparisons took about 1 s, which on the
            # GUI thread froze the window.
            self._cache_fresh(official.sha256, fresh, options, version)
        comps = tuple(
            replace(cached.get(r.sha256) or fresh[r.sha256], official_index=0, report_index=i)
            for i, r in enumerate(reports, start=1)
        )
        result = CompareResult((official, *reports), comps)
        if matrix is not None and not cached:
            # Same reports in the same order, so the compare process's matrix still applies.
            self._coverage.keep(result, matrix)
        return result

    def _cache_fresh(
        self, official_sha: str, fresh: dict[str, Comparison], options: CompareOptions,
        version: str,
    ) -> None:
        store = self.store
        if store is None:
            return
        try:
            for rep_sha, comp in fresh.items():
                store.cache_comparison(official_sha, rep_sha, options, version, comp)
                self._cached_keys.add((official_sha, rep_sha))
        except Exception:  # a closed or busy file: _result_changed tries again and says so
            return

    # -- mirroring the window's documents ---------------------------------------------------

    def _entry_changed(self, entry_id: int) -> None:
        entry = self.window_session.entry(entry_id)
        if entry is None or entry.status is not Status.READY or entry_id in self._entry_doc:
            return
        if self.store is not None and not self._suspended:
            self._store_entry(entry_id)

    def _store_entry(self, entry_id: int) -> None:
        entry = self.window_session.entry(entry_id)
        if self.store is None or entry is None or entry.document is None:
            return
        doc = entry.document
        with self._bytes_lock:
            data = self._bytes.pop(doc.sha256, None)
            made = self._encoded.pop(doc.sha256, None)
        encoded = made[1] if made is not None and made[0] is doc else None
        try:
            if data is None:
                data = original_bytes(entry.path, doc.sha256)
            role = Role.OFFICIAL if entry.role is EntryRole.OFFICIAL else Role.REPORT
            stored = self.store.add_document(doc, data, role=role, encoded=encoded)
        except (OSError, LoadError, SessionError) as exc:
            self.message.emit(f"{entry.name} is shown but not kept in the session: {exc}")
            return
        self._entry_doc[entry_id] = stored.id
        self._roles[stored.id] = stored.role
        # Loads finish in any order; the file keeps the window's order.
        ahead = [e.id for e in self.window_session.entries]
        position = sum(1 for e in ahead[: ahead.index(entry_id)] if e in self._entry_doc)
        if position < len(self._entry_doc) - 1:
            try:
                self.store.move_document(stored.id, position)
            except SessionError as exc:
                self.message.emit(f"The session file was not updated: {exc}")
        self.names[doc.sha256] = doc.name
        self.contentChanged.emit()

    def _documents_changed(self) -> None:
        if self.store is None or self._suspended:
            return
        present = {e.id: e for e in self.window_session.entries}
        changed = False
        try:
            for entry_id, doc_id in list(self._entry_doc.items()):
                if entry_id not in present:
                    del self._entry_doc[entry_id]
                    self._roles.pop(doc_id, None)
                    self.store.remove_document(doc_id)
                    changed = True
            for entry_id, doc_id in self._entry_doc.items():
                official = present[entry_id].role is EntryRole.OFFICIAL
                want = Role.OFFICIAL if official else Role.REPORT
                if self._roles.get(doc_id) is not want:
                    self.store.set_role(doc_id, want)
                    if want is Role.OFFICIAL:
                        self._roles = {k: Role.REPORT for k in self._roles}
                    self._roles[doc_id] = want
                    changed = True
        except SessionError as exc:
            self.message.emit(f"The session file was not updated: {exc}")
        if changed:
            self.contentChanged.emit()

    def _result_changed(self, result: CompareResult | None) -> None:
        if result is None or result.state is not RunState.COMPLETED or self.store is None:
            return
        off = result.official.sha256
        version, options = engine_version(), self.window_session.options
        try:
            for comp in result.comparisons:
                rep = result.documents[comp.report_index].sha256
                if (off, rep) not in self._cached_keys:
                    self.store.cache_comparison(off, rep, options, version, comp)
                    self._cached_keys.add((off, rep))
        except SessionError as exc:
            self.message.emit(f"Results were not kept in the session: {exc}")
        if self._pending_report is not None:
            # A timer, not a posted call: the result's own painting comes first.
            QTimer.singleShot(FIRST_REPORT_DELAY_MS, self._apply_pending_report)

    def _apply_pending_report(self) -> None:
        want, self._pending_report = self._pending_report, None
        result = self.window_session.result
        if want is None or result is None:
            return
        for i, comp in enumerate(result.comparisons):
            if result.documents[comp.report_index].sha256 == want:
                self.window_session.set_current_report(i)
                return

    def _report_changed(self, index: int) -> None:
        result = self.window_session.result
        if self.store is None or self._pending_report is not None or result is None:
            return
        if 0 <= index < len(result.comparisons):
            sha = result.documents[result.comparisons[index].report_index].sha256
            try:
                if self.store.setting(SELECTED_REPORT_KEY) != sha:
                    self.store.set_setting(SELECTED_REPORT_KEY, sha)
            except SessionError as exc:
                self.message.emit(f"The session file was not updated: {exc}")
