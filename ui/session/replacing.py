"""Replacing a stored document by a new version, for ``SessionController``.

The new file loads in the background (the window's task runner); the store then swaps the
document and re-anchors its annotations in one transaction (``core.store``), and the window's
entry is put back at the same place in the list with the same role. Orphaned annotations are
reported through ``documentReplaced``, never dropped. A mixin because it works on the
controller's own mapping of window entries to stored documents; kept apart so the controller
stays about opening, saving and mirroring.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.documents import Document, LoadError, Progress, ShouldCancel
from core.store import ReanchorReport, Session, SessionError, original_bytes
from ui.session.state import Role as EntryRole

if TYPE_CHECKING:
    from ui.session.state import Session as WindowSession


class ReplaceDocuments:
    """Document replacement; needs the attributes below from the controller it is mixed into."""

    window_session: WindowSession
    store: Session | None
    names: dict[str, str]
    _entry_doc: dict[int, int]
    _preloaded: dict[str, Document | int]
    _suspended: int
    _inner_load: Callable[[str], Document]
    message: Any
    documentReplaced: Any
    contentChanged: Any

    def entry_named(self, name: str) -> int | None:
        """The entry id of a stored document with this file name, if any."""
        for entry in self.window_session.entries:
            if entry.id in self._entry_doc and entry.name == name:
                return entry.id
        return None

    def replace_document(self, entry_id: int, new_path: str | Path) -> None:
        """Load ``new_path`` in the background, then put it in place of the entry's document."""
        entry = self.window_session.entry(entry_id)
        new_path = str(Path(new_path))
        if entry is None or entry_id not in self._entry_doc:
            self.message.emit("Only a document that finished loading can be replaced")
            return
        if any(e.path == new_path and e.id != entry_id for e in self.window_session.entries):
            self.message.emit(f"{Path(new_path).name} is already in the session")
            return
        load = self._inner_load

        def work(should_cancel: ShouldCancel, progress: Progress) -> object:
            try:
                doc = load(new_path)
                return doc, original_bytes(new_path, doc.sha256)
            except (LoadError, SessionError) as exc:
                return exc

        self.window_session.runner.submit(
            f"replace:{entry_id}", work,
            on_result=lambda r: self._replace_loaded(entry_id, new_path, r),
            on_error=lambda msg: self.message.emit(f"{Path(new_path).name}: {msg}"),
        )

    def _replace_loaded(self, entry_id: int, new_path: str, loaded: object) -> None:
        if isinstance(loaded, Exception):
            self.message.emit(str(loaded))
            return
        if not isinstance(loaded, tuple):
            return
        doc: Document = loaded[0]
        report = self._put_in_place(entry_id, new_path, doc, loaded[1])
        if report is not None:
            self.documentReplaced.emit(report, doc.name)
            self.contentChanged.emit()

    def _put_in_place(self, entry_id: int, new_path: str, doc: Document, data: bytes,
                      summary: str = "") -> ReanchorReport | None:
        """Store ``doc`` as the entry's new version (the old one kept in its history) and put
        its window entry back at the same place with the same role; None if it cannot be."""
        entry = self.window_session.entry(entry_id)
        doc_id = self._entry_doc.get(entry_id)
        if entry is None or doc_id is None or self.store is None:
            return None
        try:
            report: ReanchorReport = self.store.replace_document(
                doc_id, doc, data, summary=summary
            )
        except SessionError as exc:
            self.message.emit(f"{doc.name} was not put in place: {exc}")
            return None
        self.names[doc.sha256] = doc.name
        ws = self.window_session
        position, was_official = ws.entries.index(entry), entry.role is EntryRole.OFFICIAL
        self._suspended += 1
        try:
            del self._entry_doc[entry_id]
            ws.remove(entry_id)
            self._preloaded[new_path] = doc
            ids = ws.add_files([new_path], official=new_path if was_official else None)
            if ids:
                self._entry_doc[ids[0]] = doc_id
                new_entry = ws.entry(ids[0])
                if new_entry is not None:
                    ws.entries.remove(new_entry)
                    ws.entries.insert(position, new_entry)
                    ws.documentsChanged.emit()
        finally:
            self._suspended -= 1
        return report
