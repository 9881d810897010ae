"""Annotating in the window: make, edit, delete (with undo), show, jump to, export and import.

``AnnotationController`` turns a user gesture into targets (a selection in either pane, a finding,
a linked pair: each a W3C TextQuote + TextPosition selector built by ``core.anchoring.describe``),
asks the editor for the note and tags, and commits through the session file at once. Add, edit and
delete are ``QUndoCommand``s on one stack (Ctrl+Z); a delete is the store's soft delete, so undo
restores the same annotation. ``mark_distortion`` makes one without the editor: a meaning shift (or
any finding) tagged "distortion" with its explanation as the note. Annotated passages are marked in
the panes in the ``annotation`` colour. No widgets of its own beyond the undo stack.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.anchoring import AnchorState, Annotation, ImportReport, TextSelector, describe
from core.documents import Document, Span
from core.results import CompareResult
from core.review import Finding
from core.store import ReanchorReport, Session, SessionError, export_session, import_into
from ui.annotations.editor import EditorRequest, EditorResult
from ui.annotations.panel import AnnotationsPanel, PanelRow
from ui.review.compare_view import CompareView
from ui.session.controller import SessionController

EditFn = Callable[[EditorRequest], EditorResult | None]


#: How often the window looks for another writer's changes to the session file.
POLL_MS = 2000
#: The tag "Mark as Distortion" gives (one of ``core.anchoring.BUILTIN_TAGS``).
DISTORTION = "distortion"


@dataclass(frozen=True)
class Draft:
    """A new annotation before the note is written."""

    targets: tuple[TextSelector, ...]
    kind: str
    title: str
    labels: tuple[str, ...]
    finding: str | None = None
    extra: tuple[tuple[str, str], ...] = ()


class _StoreCommand(QUndoCommand):
    def __init__(self, owner: AnnotationController, text: str) -> None:
        super().__init__(text)
        self.owner = owner

    def _run(self, fn: Callable[[Session], object]) -> None:
        store = self.owner.sessions.store
        if store is None:
            return
        try:
            fn(store)
        except (SessionError, KeyError) as exc:
            self.owner.sessions.message.emit(f"The annotation was not changed: {exc}")
        self.owner.refresh()


class AddCommand(_StoreCommand):
    def __init__(self, owner: AnnotationController, ann_id: int) -> None:
        super().__init__(owner, "Add annotation")
        self.ann_id, self._first = ann_id, True

    def redo(self) -> None:
        if self._first:  # already committed when the editor closed
            self._first = False
            self.owner.refresh()
            return
        self._run(lambda s: s.restore_annotation(self.ann_id))

    def undo(self) -> None:
        self._run(lambda s: s.delete_annotation(self.ann_id))


class EditCommand(_StoreCommand):
    def __init__(
        self, owner: AnnotationController, before: Annotation, after: EditorResult
    ) -> None:
        super().__init__(owner, "Edit annotation")
        self.ann_id = before.id
        self.before = (before.note, before.tags)
        self.after = (after.note, after.tags)

    def redo(self) -> None:
        note, tags = self.after
        self._run(lambda s: s.update_annotation(self.ann_id, note=note, tags=tags))

    def undo(self) -> None:
        note, tags = self.before
        self._run(lambda s: s.update_annotation(self.ann_id, note=note, tags=tags))


class DeleteCommand(_StoreCommand):
    def __init__(self, owner: AnnotationController, ann_id: int) -> None:
        super().__init__(owner, "Delete annotation")
        self.ann_id = ann_id

    def redo(self) -> None:
        self._run(lambda s: s.delete_annotation(self.ann_id))

    def undo(self) -> None:
        self._run(lambda s: s.restore_annotation(self.ann_id))


def replace_outcome(report: ReanchorReport, name: str) -> str:
    text = (f"{name} replaced: {report.anchored} anchored, {report.moved} moved, "
            f"{report.orphaned} orphaned.")
    if report.orphaned:
        text += " Orphans are kept and listed here (state “orphan”)."
    return text


class AnnotationController(QObject):
    #: Annotation id after a jump, for tests and the status bar.
    jumped = Signal(int)

    def __init__(
        self,
        sessions: SessionController,
        compare_view: CompareView,
        panel: AnnotationsPanel,
        edit_fn: EditFn,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.view = compare_view
        self.panel = panel
        self.edit_fn = edit_fn
        self.undo_stack = QUndoStack(self)
        self._annotations: list[Annotation] = []
        ws = sessions.window_session
        # Bound methods, not lambdas: Qt drops them when this object goes with its window.
        ws.currentReportChanged.connect(self._shown_changed)
        ws.resultChanged.connect(self._shown_changed)
        # Loading 100 documents emits contentChanged 100 times; one refresh per event-loop pass
        # is enough, and each refresh re-marks both panes.
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(0)
        self._refresh_soon.timeout.connect(self.refresh)
        sessions.contentChanged.connect(self._refresh_soon.start)
        # Another window or process on the same file: PRAGMA data_version tells, cheaply.
        self._token: int | None = None
        self._token_path: Path | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_other_writers)
        self._poll.start()
        sessions.switched.connect(self.undo_stack.clear)
        sessions.documentReplaced.connect(self._replaced)
        panel.activated.connect(self.jump)
        panel.editRequested.connect(self.edit)
        panel.deleteRequested.connect(self.delete)

    @property
    def store(self) -> Session | None:
        return self.sessions.store

    def annotations(self) -> list[Annotation]:
        return list(self._annotations)

    # -- what is on show --------------------------------------------------------------------

    def _shown(self) -> tuple[CompareResult | None, Document | None, Document | None]:
        result = self.view.result
        comp = self.view.comparison
        if result is None:
            return None, None, None
        report = result.documents[comp.report_index] if comp is not None else None
        return result, result.official, report

    def _doc(self, side: str) -> Document | None:
        _, official, report = self._shown()
        return official if side == "official" else report

    # -- making annotations -----------------------------------------------------------------

    def selection_draft(self, side: str | None = None) -> Draft | None:
        """A draft for the text selected in a pane (the focused one, else any with a selection)."""
        panes = {"official": self.view.release_pane, "report": self.view.report_pane}
        if side is None:
            focused = [s for s, p in panes.items() if p.hasFocus() and p.selected_span()]
            chosen = focused or [s for s, p in panes.items() if p.selected_span()]
            side = chosen[0] if chosen else None
        if side is None:
            return None
        span, doc = panes[side].selected_span(), self._doc(side)
        if span is None or doc is None or not doc.text[span.start:span.end].strip():
            return None
        label = "Release" if side == "official" else "Report"
        return Draft((describe(doc.text, span, doc.sha256),), "text", "Annotate passage",
                     (f"{label}: {doc.name}",))

    def finding_draft(self, finding: Finding) -> Draft | None:
        doc = self._doc(finding.side)
        if doc is None or finding.span.end > len(doc.text):
            return None
        label = "Release" if finding.side == "official" else "Report"
        return Draft((describe(doc.text, finding.span, doc.sha256),), "finding",
                     f"Annotate finding: {finding.label}", (f"{label}: {doc.name}",),
                     finding=finding.key, extra=(("finding_title", finding.title),))

    def pair_draft(self, link_index: int | None = None) -> Draft | None:
        comp, (_, official, report) = self.view.comparison, self._shown()
        index = self.view.selected_link if link_index is None else link_index
        if comp is None or official is None or report is None or not (
            0 <= index < len(comp.links)
        ):
            return None
        link = comp.links[index]
        return Draft(
            (describe(official.text, link.official, official.sha256),
             describe(report.text, link.report, report.sha256)),
            "pair", f"Annotate linked pair {index + 1}",
            (f"Release: {official.name}", f"Report: {report.name}"),
        )

    def create(self, draft: Draft | None, preset: EditorResult | None = None) -> Annotation | None:
        """Ask for the note and tags (or take ``preset``'s, without the editor), then commit
        the annotation (undoable)."""
        store = self.store
        if draft is None:
            self.sessions.message.emit(
                "Select some text in either pane (or a finding, or a linked pair) to annotate"
            )
            return None
        if store is None:
            return None
        if preset is not None:
            answer: EditorResult | None = preset
        else:
            request = EditorRequest(
                draft.title,
                tuple(zip(draft.labels, (t.exact for t in draft.targets), strict=True)),
                available=tuple(t.name for t in store.tags()),
            )
            answer = self.edit_fn(request)
        if answer is None:
            return None
        try:
            ann = store.add_annotation(draft.targets, note=answer.note, tags=answer.tags,
                                       kind=draft.kind, finding=draft.finding, extra=draft.extra)
        except (SessionError, KeyError, ValueError) as exc:
            self.sessions.message.emit(f"The annotation was not saved: {exc}")
            return None
        self.undo_stack.push(AddCommand(self, ann.id))
        self.sessions.message.emit("Annotation saved in the session")
        return ann

    def annotate_selection(self, side: str | None = None) -> Annotation | None:
        ann = self.create(self.selection_draft(side))
        if ann is not None:
            for pane in (self.view.release_pane, self.view.report_pane):
                cursor = pane.textCursor()
                cursor.clearSelection()  # so the new mark shows instead of the selection
                pane.setTextCursor(cursor)
        return ann

    def annotate_finding(self, finding: Finding | None) -> Annotation | None:
        return self.create(self.finding_draft(finding) if finding is not None else None)

    def mark_distortion(self, finding: Finding | None) -> Annotation | None:
        """One click: ``finding`` annotated with the tag "distortion" and its explanation (the
        finding's detail) as the note; no editor, undoable like any new annotation."""
        if finding is None:
            return self.create(None)
        store = self.store
        if store is not None:
            for existing in store.annotations():
                if existing.finding == finding.key and DISTORTION in existing.tags:
                    # A second press marks nothing twice (one undo would leave one behind).
                    self.sessions.message.emit("This finding is already marked as distortion")
                    return existing
        ann = self.create(self.finding_draft(finding), EditorResult(finding.detail, (DISTORTION,)))
        if ann is not None:
            self.sessions.message.emit("Marked as distortion; Ctrl+Z takes it back")
        return ann

    def annotate_pair(self, link_index: int | None = None) -> Annotation | None:
        return self.create(self.pair_draft(link_index))

    def edit(self, ann_id: int) -> None:
        store = self.store
        if store is None:
            return
        try:
            ann = store.annotation(ann_id)
        except KeyError:
            return
        names = [self.sessions.names.get(t.document_sha256, "removed document")
                 for t in ann.targets]
        request = EditorRequest(
            "Edit annotation", tuple(zip(names, (t.exact for t in ann.targets), strict=True)),
            note=ann.note, tags=ann.tags, available=tuple(t.name for t in store.tags()),
        )
        answer = self.edit_fn(request)
        if answer is not None and (answer.note, answer.tags) != (ann.note, ann.tags):
            self.undo_stack.push(EditCommand(self, ann, answer))

    def delete(self, ann_id: int) -> None:
        self.undo_stack.push(DeleteCommand(self, ann_id))
        self.sessions.message.emit("Annotation deleted (Ctrl+Z brings it back)")

    # -- showing ----------------------------------------------------------------------------

    def _check_other_writers(self) -> None:
        store = self.store
        try:
            if store is None or self._token is None:
                return
            if self._token_path != store.path:
                # Save As moved the session to a new file and connection: a new baseline.
                self._token, self._token_path = store.change_token(), store.path
                return
            if not store.changed_since(self._token):
                return
        except SessionError:
            return
        self.sessions.message.emit("This session was changed in another window; refreshed")
        self.refresh()

    def refresh(self) -> None:
        store = self.store
        try:
            self._token = store.change_token() if store is not None else None
            self._token_path = store.path if store is not None else None
            self._annotations = store.annotations() if store is not None else []
            tags = [t.name for t in store.tags()] if store is not None else []
        except SessionError as exc:
            self.sessions.message.emit(str(exc))
            return
        names = self.sessions.names
        rows = [PanelRow(a, tuple(names.get(t.document_sha256, "(removed)") for t in a.targets))
                for a in self._annotations]
        self.panel.set_rows(rows, tags, dict(names))
        self.mark()

    def _shown_changed(self, _value: object) -> None:
        self.mark()

    def mark(self) -> None:
        """Mark annotated passages of the release and the report on show."""
        _, official, report = self._shown()
        shas = [d.sha256 for d in (official, report) if d is not None]
        self.panel.set_on_show(shas)
        spans: dict[str, list[Span]] = {s: [] for s in shas}
        for ann in self._annotations:
            if ann.state is AnchorState.ORPHAN:
                continue
            for t in ann.targets:
                if t.document_sha256 in spans and t.end > t.start:
                    spans[t.document_sha256].append(Span(t.start, t.end))
        self.view.set_annotations(
            spans.get(official.sha256, []) if official is not None else [],
            spans.get(report.sha256, []) if report is not None else [],
        )

    def jump(self, ann_id: int) -> bool:
        """Show the annotation's passage: the report it is on, scrolled to, with its pair."""
        ann = next((a for a in self._annotations if a.id == ann_id), None)
        ws = self.sessions.window_session
        result = ws.result
        if ann is None or result is None:
            return False
        if ann.state is AnchorState.ORPHAN:
            self.sessions.message.emit("This annotation is an orphan: its passage is not in the "
                                       "current version of the document")
            return False
        by_sha = {d.sha256: i for i, d in enumerate(result.documents)}
        report_target = next((t for t in ann.targets if by_sha.get(t.document_sha256, 0) > 0),
                             None)
        if report_target is not None:
            doc_index = by_sha[report_target.document_sha256]
            index = next(i for i, c in enumerate(result.comparisons) if c.report_index == doc_index)
            ws.set_current_report(index)
        elif ws.current_report < 0 and result.comparisons:
            ws.set_current_report(0)
        target = report_target or ann.targets[0]
        side = "report" if report_target is not None else "official"
        if by_sha.get(target.document_sha256) is None:
            self.sessions.message.emit("That document is not part of the comparison on show")
            return False
        self.view.show_span(side, Span(target.start, target.end))
        self.jumped.emit(ann_id)
        return True

    def _replaced(self, report: ReanchorReport, name: str) -> None:
        text = replace_outcome(report, name)
        # The list must agree with the banner the moment it shows: refresh now, not next pass.
        self.refresh()
        self.panel.show_banner(text)
        self.sessions.message.emit(text)
        self.undo_stack.clear()  # commands hold selectors of the old text

    # -- Web Annotation files ---------------------------------------------------------------

    def export_to(self, path: str | Path) -> int:
        store = self.store
        if store is None:
            return 0
        data = export_session(store, label=f"Concord annotations: {self.sessions.label}")
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        count = len(self._annotations)
        self.sessions.message.emit(f"Exported {count} annotation(s) to {Path(path).name}")
        return count

    def import_from(self, path: str | Path) -> ImportReport:
        """Add the file's annotations; ``ValueError`` (not JSON, not Web Annotations) or
        ``OSError`` for the caller to show."""
        store = self.store
        if store is None:
            raise ValueError("no session is open")
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{Path(path).name} is not JSON ({exc.msg}, line {exc.lineno})")\
                from exc
        report = import_into(store, data)
        self.undo_stack.clear()
        self.refresh()
        self.sessions.message.emit(import_outcome(report))
        return report


def import_outcome(report: ImportReport) -> str:
    parts = [f"Imported {len(report.added)} annotation(s)"]
    if report.moved:
        parts.append(f"{report.moved} moved")
    if report.orphaned:
        parts.append(f"{report.orphaned} orphaned")
    if report.duplicates:
        parts.append(f"{report.duplicates} already here")
    if report.unmatched:
        parts.append(f"{len(report.unmatched)} on documents not in this session")
    return ", ".join(parts)

