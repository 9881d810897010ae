"""``TextBuilder``: assembles paragraphs into a ``Document`` with offsets and a source map.

Every loader feeds paragraphs (and optionally finer source pieces) here so that text layout
(paragraphs separated by one blank line) and offset bookkeeping are done once.
Standard library only.
"""

from __future__ import annotations

from core.documents.model import DocFormat, Document, SourceRef, Span

PARAGRAPH_SEPARATOR = "\n\n"


class TextBuilder:
    """Accumulates paragraphs; ``build()`` returns the immutable ``Document``."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._paragraphs: list[Span] = []
        self._refs: list[SourceRef] = []
        self._furniture: list[Span] = []

    @property
    def paragraph_count(self) -> int:
        return len(self._paragraphs)

    def add_paragraph(
        self,
        text: str,
        *,
        page: int | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        paragraph: int | None = None,
        line: int | None = None,
        pieces: list[tuple[int, int, SourceRef]] | None = None,
        furniture: bool = False,
    ) -> Span | None:
        """Append one paragraph; blank text is skipped and returns None.

        ``pieces`` gives finer source references as ``(start, end, ref)`` relative to ``text``
        (e.g. one per PDF line); without it the whole paragraph gets one reference.
        """
        if not text.strip():
            return None
        if self._parts:
            self._parts.append(PARAGRAPH_SEPARATOR)
            self._length += len(PARAGRAPH_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        span = Span(start, self._length)
        self._paragraphs.append(span)
        if pieces:
            for a, b, ref in pieces:
                self._refs.append(
                    SourceRef(
                        start + a, start + b, ref.page, ref.bbox, ref.paragraph, ref.line
                    )
                )
        else:
            self._refs.append(SourceRef(span.start, span.end, page, bbox, paragraph, line))
        if furniture:
            self._furniture.append(span)
        return span

    def mark_furniture(self, span: Span) -> None:
        self._furniture.append(span)

    def text(self) -> str:
        return "".join(self._parts)

    def build(
        self,
        *,
        title: str,
        path: str,
        sha256: str,
        fmt: DocFormat,
        metadata: dict[str, str] | None = None,
        furniture: list[Span] | None = None,
    ) -> Document:
        furn = sorted(set(self._furniture + (furniture or [])))
        refs = sorted(self._refs, key=lambda r: (r.start, r.end))
        return Document(
            text=self.text(),
            paragraphs=tuple(self._paragraphs),
            source_map=tuple(refs),
            title=title,
            path=path,
            sha256=sha256,
            format=fmt,
            furniture=tuple(furn),
            metadata=tuple(sorted((metadata or {}).items())),
        )
