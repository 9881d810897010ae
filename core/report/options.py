"""What an evidence-pack export contains: ``ExportOptions`` and report selection.

``ExportOptions`` says which reports go in, whether every passage or only those carrying a
finding or note, which annotation tags to keep and the page size. ``restrict`` cuts a
``CompareResult`` down to the chosen reports (renumbered, so ``documents[0]`` stays the release).
Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from core.anchoring import Annotation
from core.results import CompareResult

PAGE_SIZES = ("a4", "letter")


class ExportError(ValueError):
    """An export request that cannot be met; ``str(err)`` is the one-line user message."""


@dataclass(frozen=True)
class ExportOptions:
    #: Reports to include, by 1-based number ("2"), file name or title; empty means all.
    reports: tuple[str, ...] = ()
    #: Only passages that carry a finding (addition, omission, quote or figure) or a note.
    findings_only: bool = False
    #: Only annotations with at least one of these tags (case-insensitive); empty means all.
    tags: tuple[str, ...] = ()
    #: "a4" or "letter" (PDF and DOCX).
    page_size: str = "a4"

    def __post_init__(self) -> None:
        if self.page_size.lower() not in PAGE_SIZES:
            raise ExportError(f"unknown page size '{self.page_size}'; use a4 or letter")

    def keeps(self, annotation: Annotation) -> bool:
        """True when ``annotation`` passes the tag filter."""
        if not self.tags:
            return True
        wanted = {t.strip().casefold() for t in self.tags}
        return any(t.casefold() in wanted for t in annotation.tags)


def split_list(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"a, b"`` or ``["a", "b,c"]`` as ``("a", "b", "c")``, blanks dropped."""
    if value is None:
        return ()
    parts = [value] if isinstance(value, str) else list(value)
    return tuple(p.strip() for part in parts for p in part.split(",") if p.strip())


def report_indices(result: CompareResult, wanted: Sequence[str]) -> tuple[int, ...]:
    """Indices into ``result.comparisons`` for ``wanted`` (numbers, file names or titles)."""
    if not wanted:
        return tuple(range(len(result.comparisons)))
    by_doc = {c.report_index: i for i, c in enumerate(result.comparisons)}
    chosen: list[int] = []
    for item in wanted:
        found = _find_report(result, by_doc, item)
        if found is None:
            names = ", ".join(result.documents[c.report_index].name for c in result.comparisons)
            raise ExportError(f"no report '{item}' in this session (reports: {names or 'none'})")
        if found not in chosen:
            chosen.append(found)
    return tuple(chosen)


def _find_report(result: CompareResult, by_doc: dict[int, int], item: str) -> int | None:
    if item.isdigit():
        number = int(item)
        return number - 1 if 1 <= number <= len(result.comparisons) else None
    key = item.casefold()
    for doc_index, comp_index in by_doc.items():
        doc = result.documents[doc_index]
        if key in (doc.name.casefold(), doc.title.casefold(), doc.path.casefold()):
            return comp_index
    stems = [
        ci for di, ci in by_doc.items()
        if result.documents[di].name.casefold().rsplit(".", 1)[0] == key
    ]
    return stems[0] if len(stems) == 1 else None


def restrict(result: CompareResult, indices: Sequence[int]) -> CompareResult:
    """``result`` with only the comparisons at ``indices``, documents renumbered from 1."""
    if list(indices) == list(range(len(result.comparisons))):
        return result
    comps = [result.comparisons[i] for i in indices]
    docs = (result.official, *(result.documents[c.report_index] for c in comps))
    renumbered = tuple(
        replace(c, official_index=0, report_index=k + 1) for k, c in enumerate(comps)
    )
    return CompareResult(docs, renumbered, result.state)


def select(result: CompareResult, options: ExportOptions) -> CompareResult:
    """``result`` cut to the reports ``options`` asks for; ExportError for an unknown one."""
    return restrict(result, report_indices(result, options.reports))
