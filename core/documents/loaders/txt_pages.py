"""Running heads, footers and page numbers of a plain text paged by form feeds.

PDF-to-text tools (pdftotext, pdfium, PDF viewers' "save as text") put a form feed between
pages and keep each page's running head, footer and number as lines of the text: "Federal
Register / Vol. 85, No. 152 / Thursday, August 6, 2020 / Proposed Rules" and "47698" on every
page. Read as text they became passages every report "omitted", a document title, and lines
joined into the first sentence of each page. As for PDFs (``pdf_furniture``), repetition
decides: a line is furniture when it is among the first or last ``EDGE_LINES`` lines of its
page and the same line with digits normalised (``pdf_furniture.normalise``) is in the same
band on enough pages (``pdf_furniture.min_repeats``); a line without letters only when it
is one number. A text of fewer than ``MIN_PAGES`` pages has none. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from collections import defaultdict

from core.documents.loaders.pdf_furniture import min_repeats, normalise

#: Lines from each end of a page that can be its running head or footer.
EDGE_LINES = 3
#: Fewer pages than this say too little about what repeats (a two-page letter's salutation).
MIN_PAGES = 3


def running_lines(text: str) -> set[int]:
    """1-based numbers of the furniture lines of ``text``, counted as if each form feed were
    a line break (as ``txt.normalise_newlines`` makes it)."""
    pages: list[list[tuple[int, str]]] = [[]]
    number = 0
    for raw in text.split("\n"):
        for k, part in enumerate(raw.split("\f")):
            if k:
                pages.append([])
            number += 1
            if part.strip():
                pages[-1].append((number, part.strip()))
    pages = [p for p in pages if p]
    if len(pages) < MIN_PAGES:
        return set()
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    at: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, page in enumerate(pages):
        bands = (("top", page[:EDGE_LINES]), ("bottom", page[-EDGE_LINES:]))
        for band, lines in bands:
            for number, line in lines:
                key = (band, normalise(line))
                seen[key].add(index)
                at[key].append(number)
    need = min_repeats(len(pages))
    return {
        n
        for key, pages_seen in seen.items()
        if len(pages_seen) >= need and _may_repeat(key[1])
        for n in at[key]
    }


def _may_repeat(key: str) -> bool:
    """A line with no letters is furniture only as one number ("47698", "- 3 -"): the dates
    and amounts of a table's first or last rows normalise alike too ("#/#/#")."""
    return any(ch.isalpha() for ch in key) or key.count("#") == 1
