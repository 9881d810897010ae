"""Annotations as W3C Web Annotation JSON-LD: export a collection, import one back.

Each annotation becomes an ``Annotation`` with a ``TextualBody`` for the note (purpose
"commenting"), one per tag (purpose "tagging"), and one target per side (two for a linked
pair), each naming its document by ``urn:sha256:<hex>`` with the file name as label and carrying a
``TextQuoteSelector`` and a ``TextPositionSelector``. Concord's own facts (kind, finding, anchor
state) ride along as ``concord:*`` keys, which other tools ignore. Import (``import_into`` in
``core/store``) finds each target's document by SHA-256, else by file name, and re-anchors the
selector on that document's text.
Standard library and core only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.anchoring.annotation import AnchorState, Annotation, TextSelector
from core.anchoring.reanchor import anchor, describe
from core.documents import DocFormat, Document

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
URN_SHA256 = "urn:sha256:"
MIME = {
    DocFormat.PDF: "application/pdf",
    DocFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocFormat.HTML: "text/html",
    DocFormat.TXT: "text/plain",
}


class WebAnnoError(ValueError):
    """The JSON is not a Web Annotation (collection) Concord can read; says what is wrong."""


@dataclass(frozen=True)
class ParsedTarget:
    sha256: str
    name: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class ParsedAnnotation:
    id: str
    targets: tuple[ParsedTarget, ...]
    note: str = ""
    tags: tuple[str, ...] = ()
    kind: str = "text"
    finding: str | None = None
    created: str = ""
    modified: str = ""


@dataclass(frozen=True)
class ImportReport:
    added: tuple[int, ...] = ()
    moved: int = 0
    orphaned: int = 0
    #: Annotations whose document is not in the session: "id: file name".
    unmatched: tuple[str, ...] = ()
    #: Annotations already in the session (same id), not added twice.
    duplicates: int = 0


def annotation_iri(namespace: str, ann_id: int) -> str:
    """A stable IRI for an annotation of one session (UUID v5 from the session id)."""
    return f"urn:uuid:{uuid.uuid5(uuid.UUID(namespace), str(ann_id))}"


def _target(sel: TextSelector, docs: Mapping[str, Document]) -> dict[str, Any]:
    source: dict[str, Any] = {"id": URN_SHA256 + sel.document_sha256, "type": "Text"}
    doc = docs.get(sel.document_sha256)
    if doc is not None:
        source["label"] = doc.name
        source["format"] = MIME[doc.format]
    return {
        "type": "SpecificResource",
        "source": source,
        "selector": [
            {"type": "TextQuoteSelector", "exact": sel.exact, "prefix": sel.prefix,
             "suffix": sel.suffix},
            {"type": "TextPositionSelector", "start": sel.start, "end": sel.end},
        ],
    }


def annotation_to_jsonld(
    ann: Annotation, docs: Mapping[str, Document], namespace: str
) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = []
    if ann.note:
        bodies.append({"type": "TextualBody", "value": ann.note, "purpose": "commenting",
                       "format": "text/plain"})
    bodies += [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in ann.tags]
    motivation = "commenting" if ann.note else "tagging" if ann.tags else "highlighting"
    targets = [_target(sel, docs) for sel in ann.targets]
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": annotation_iri(namespace, ann.id),
        "type": "Annotation",
        "motivation": motivation,
        "target": targets[0] if len(targets) == 1 else targets,
        "concord:kind": ann.kind,
        "concord:state": ann.state.value,
    }
    if bodies:
        out["body"] = bodies
    if ann.created:
        out["created"] = ann.created
    if ann.modified:
        out["modified"] = ann.modified
    if ann.finding is not None:
        out["concord:finding"] = ann.finding
    return out


def export_collection(
    annotations: Sequence[Annotation],
    documents: Sequence[Document],
    *,
    namespace: str,
    label: str = "Concord annotations",
) -> dict[str, Any]:
    """An ``AnnotationCollection`` holding every annotation on one page."""
    docs = {d.sha256: d for d in documents}
    items = [annotation_to_jsonld(a, docs, namespace) for a in annotations]
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{namespace}",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise WebAnnoError("expected a JSON object or list of Web Annotations")
    kind = data.get("type")
    if kind == "AnnotationCollection":
        page = data.get("first")
        if isinstance(page, dict):
            return list(page.get("items", []))
        return list(data.get("items", []))
    if kind == "AnnotationPage":
        return list(data.get("items", []))
    if kind == "Annotation":
        return [data]
    raise WebAnnoError(f"expected an Annotation or AnnotationCollection, found type {kind!r}")


def _parse_target(raw: Any, where: str) -> ParsedTarget:
    if not isinstance(raw, dict):
        raise WebAnnoError(f"{where}: a target must be an object with a source and selectors")
    source = raw.get("source")
    source_id, name = (source, "") if isinstance(source, str) else (
        (source.get("id", ""), source.get("label", "")) if isinstance(source, dict) else ("", "")
    )
    sha = source_id[len(URN_SHA256):] if source_id.startswith(URN_SHA256) else ""
    selectors = raw.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    pos = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    if quote is None or not isinstance(quote.get("exact"), str):
        raise WebAnnoError(f"{where}: the target has no TextQuoteSelector")
    start, end = (pos.get("start", -1), pos.get("end", -1)) if pos else (-1, -1)
    if not (isinstance(start, int) and isinstance(end, int)):
        raise WebAnnoError(f"{where}: TextPositionSelector start/end must be integers")
    return ParsedTarget(sha, str(name), quote["exact"], str(quote.get("prefix", "")),
                        str(quote.get("suffix", "")), start, end)


def parse(data: Any) -> list[ParsedAnnotation]:
    """Read Web Annotation JSON (collection, page, list or single annotation)."""
    out = []
    for i, item in enumerate(_items(data)):
        if not isinstance(item, dict) or item.get("type") != "Annotation":
            raise WebAnnoError(f"item {i + 1} is not an Annotation")
        where = f"annotation {item.get('id', i + 1)}"
        raw_targets = item.get("target")
        raw_list = raw_targets if isinstance(raw_targets, list) else [raw_targets]
        if not 1 <= len(raw_list) <= 2:
            raise WebAnnoError(f"{where}: Concord reads one or two targets per annotation")
        bodies = item.get("body", [])
        bodies = bodies if isinstance(bodies, list) else [bodies]
        note_parts = [b.get("value", "") for b in bodies
                      if isinstance(b, dict) and b.get("purpose", "commenting") != "tagging"]
        tags = [b.get("value", "") for b in bodies
                if isinstance(b, dict) and b.get("purpose") == "tagging" and b.get("value")]
        out.append(ParsedAnnotation(
            id=str(item.get("id", "")),
            targets=tuple(_parse_target(t, where) for t in raw_list),
            note="\n\n".join(p for p in note_parts if p),
            tags=tuple(tags),
            kind=str(item.get("concord:kind", "pair" if len(raw_list) == 2 else "text")),
            finding=item.get("concord:finding"),
            created=str(item.get("created", "")),
            modified=str(item.get("modified", "")),
        ))
    return out


def resolve_target(target: ParsedTarget, documents: Sequence[Document]) -> Document | None:
    """The session document a target names: same SHA-256, else the only one with its name."""
    for doc in documents:
        if target.sha256 and doc.sha256 == target.sha256:
            return doc
    named = [d for d in documents if target.name and d.name == target.name]
    return named[0] if len(named) == 1 else None


def place(target: ParsedTarget, doc: Document) -> tuple[TextSelector, AnchorState]:
    """The target's selector on ``doc``'s current text (orphans keep the imported quote)."""
    sel = TextSelector(doc.sha256, target.exact, target.prefix, target.suffix,
                       max(target.start, 0), max(target.end, target.start, 0))
    span, state = anchor(sel, doc.text)
    if span is None:
        return sel, AnchorState.ORPHAN
    return describe(doc.text, span, doc.sha256), state
