"""A session's annotations as W3C Web Annotation JSON-LD, and such a collection added back.

The format (``export_collection``, ``parse``, placing a target on a document) is
``core/anchoring``'s; this module applies it to a ``Session``: ``export_session`` writes every
annotation of the session, ``import_into`` adds the parsed ones, each target re-anchored on the
session document it names, skipping those already there. No Qt, no ``ui/``.
"""

from __future__ import annotations

from typing import Any

from core.anchoring import (
    AnchorState,
    ImportReport,
    annotation_iri,
    export_collection,
    parse,
    place,
    resolve_target,
)
from core.store.session import Session


def export_session(session: Session, *, label: str | None = None) -> dict[str, Any]:
    docs = [d.document for d in session.documents()]
    return export_collection(
        session.annotations(), docs, namespace=session.session_id,
        label=label or f"Concord annotations: {session.path.stem}",
    )



def import_into(session: Session, data: Any) -> ImportReport:
    """Add the annotations in ``data`` to the session, each target re-anchored on its document."""
    parsed = parse(data)
    documents = [d.document for d in session.documents()]
    known = {annotation_iri(session.session_id, a.id) for a in session.annotations(
        include_deleted=True)}
    known |= {v for a in session.annotations(include_deleted=True)
              for k, v in a.extra if k == "imported_id"}
    added: list[int] = []
    moved = orphaned = duplicates = 0
    unmatched: list[str] = []
    for p in parsed:
        if p.id and p.id in known:
            duplicates += 1
            continue
        placed = []
        for t in p.targets:
            doc = resolve_target(t, documents)
            if doc is None:
                break
            placed.append(place(t, doc))
        if len(placed) != len(p.targets):
            unmatched.append(f"{p.id}: {', '.join(t.name or t.sha256[:12] for t in p.targets)}")
            continue
        extra = [("imported_id", p.id)] if p.id else []
        ann = session.add_annotation([s for s, _ in placed], note=p.note, tags=p.tags,
                                     kind=p.kind, finding=p.finding, extra=extra)
        added.append(ann.id)
        moved += ann.state is AnchorState.MOVED or any(s is AnchorState.MOVED for _, s in placed)
        orphaned += ann.state is AnchorState.ORPHAN
        known.add(p.id)
    return ImportReport(tuple(added), moved, orphaned, tuple(unmatched), duplicates)
