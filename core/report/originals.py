"""What the evidence pack shows of the original files: page crops and version history.

A finding printed from extracted text is easier to trust beside the page it came from: for
every finding that matters (altered quotes, changed or unsourced figures and quotes, additions,
omissions) on a PDF whose bytes the caller hands in, ``finding_crops`` renders the page around
it with the passage highlighted (``core.documents.render_crop``), at most ``MAX_CROPS`` per
report so a long report cannot make the pack huge. ``VersionNote`` is what the pack reads of an
earlier version of a document (the session's history), listed with the document. Callers pass
the bytes and the history (the store is not ``core.report``'s to open).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from core.documents import (
    DocFormat,
    Document,
    LoadError,
    Span,
    around,
    passage_boxes,
    render_crop,
)
from core.results import CompareResult
from core.review import Finding, Severity, findings_for

#: Crops per report at most (the most important findings first).
MAX_CROPS = 12
#: Pixels per point of a crop: sharp enough on paper at the pack's width.
CROP_SCALE = 1.4


class VersionNote(Protocol):
    """An earlier version of a document: when it was current, its hash, what changed after
    (``core.store.DocumentVersion`` is one; the report only reads these four)."""

    @property
    def added(self) -> str: ...
    @property
    def replaced(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def summary(self) -> str: ...


@dataclass(frozen=True)
class Crop:
    """A PNG of the original page around one finding."""

    title: str
    where: str
    png: bytes


def finding_crops(result: CompareResult, index: int, originals: Mapping[str, bytes],
                  limit: int = MAX_CROPS,
                  memo: dict[tuple[str, int, int], Crop | None] | None = None,
                  findings: Sequence[Finding] | None = None,
                  ) -> tuple[Crop, ...]:
    """Page crops for the findings of comparison ``index`` that lie on a PDF in ``originals``
    (SHA-256 -> original bytes), gravest first, at most ``limit``. ``memo`` (one per pack)
    keeps crops already drawn: a release passage most reports leave out is drawn once;
    ``findings`` are the comparison's, when the caller has them already."""
    memo = {} if memo is None else memo
    comp = result.comparisons[index]
    docs = {"official": result.documents[comp.official_index],
            "report": result.documents[comp.report_index]}
    if not any(d.format is DocFormat.PDF and d.sha256 in originals for d in docs.values()):
        return ()
    rank = {Severity.HIGH: 0, Severity.MEDIUM: 1}
    every = findings_for(result, index) if findings is None else findings
    findings = sorted((f for f in every if f.severity in rank),
                      key=lambda f: (rank[f.severity], f.side != "report", f.span.start))
    crops: list[Crop] = []
    for finding in findings:
        if len(crops) >= limit:
            break
        doc = docs[finding.side]
        data = originals.get(doc.sha256)
        if doc.format is not DocFormat.PDF or data is None:
            continue
        key = (doc.sha256, finding.span.start, finding.span.end)
        if key not in memo:
            memo[key] = _crop(doc, finding.span, data, "release" if finding.side == "official"
                              else "report", finding.title)
        crop = memo[key]
        if crop is not None:
            crops.append(Crop(finding.title, crop.where, crop.png))
    return tuple(crops)


def _crop(doc: Document, span: Span, data: bytes, side: str, title: str) -> Crop | None:
    try:
        boxes = passage_boxes(doc, span, data)
        if not boxes:
            return None
        png = render_crop(data, boxes, scale=CROP_SCALE, path=doc.path, context=around(doc, span))
    except LoadError:
        return None  # an original that cannot be drawn: the pack still has the text
    return Crop(title, f"{doc.name}, {side} page {boxes[0].page}", png)
