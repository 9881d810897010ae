"""The immutable ``Document`` every loader returns and every later stage reads.

``text`` is the plain text used for comparison; every span anywhere in Concord is a half-open
``[start, end)`` character range into it. ``source_map`` maps text ranges back to where they came
from (PDF page and box, DOCX/HTML paragraph, TXT line). ``furniture`` marks web page furniture
("Click to comment", newsletter plugs, photo credits): shown, but left out of statistics.
Pure data: imports nothing beyond the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class DocFormat(str, Enum):
    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    TXT = "txt"


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` into a document's ``text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass(frozen=True)
class SourceRef:
    """Where the text range ``[start, end)`` came from in the original file.

    ``page`` is 1-based (PDF); ``bbox`` is ``(x0, top, x1, bottom)`` in PDF points from the
    page's top-left corner; ``paragraph`` is 0-based (DOCX, HTML); ``line`` is 1-based (TXT).
    """

    start: int
    end: int
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    paragraph: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class Document:
    text: str
    paragraphs: tuple[Span, ...]
    source_map: tuple[SourceRef, ...]
    title: str
    path: str
    sha256: str
    format: DocFormat
    furniture: tuple[Span, ...] = ()
    #: Extra facts as sorted ``(key, value)`` pairs: "date", "author", "site", "pages", ...
    metadata: tuple[tuple[str, str], ...] = field(default=())

    @property
    def name(self) -> str:
        """The file's base name, as the compare JSON format wants it (for a web address its
        last part: ``http://host/news/`` is ``news``)."""
        return self.path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]

    def meta(self, key: str, default: str = "") -> str:
        for k, v in self.metadata:
            if k == key:
                return v
        return default

    def source_at(self, offset: int) -> SourceRef | None:
        """The source reference covering ``offset`` (binary search), or None."""
        refs = self.source_map
        lo, hi = 0, len(refs)
        while lo < hi:
            mid = (lo + hi) // 2
            if refs[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(refs) and refs[lo].start <= offset < refs[lo].end:
            return refs[lo]
        return None

    def is_furniture(self, span: Span) -> bool:
        """True when at least half of ``span`` lies in page furniture."""
        if not self.furniture or len(span) == 0:
            return False
        # A plain loop: findings ask this for every omitted paragraph of a long release.
        inside = 0
        for f in self.furniture:
            if f.start < span.end and span.start < f.end:
                inside += min(span.end, f.end) - max(span.start, f.start)
        return inside * 2 >= len(span)
