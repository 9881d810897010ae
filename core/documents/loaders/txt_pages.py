"""Running heads, footers and page numbers of a plain text paged by form feeds.

PDF-to-text tools (pdftotext, pdfium, PDF viewers' "save as text") put a form feed between
pages and keep each page's running head, footer and number as lines of the text: "Federal
Register / Vol. 85, No. 152 / Thursday, August 6, 2020 / Proposed Rules" and "47698" on every
page. Read as text they became passages every report "omitted", a document title, and lines
joined into the first sentence of each page. As for PDFs (``pdf_furniture``), repetition
decides: a line is furniture when it is among the first or last ``EDGE_LINES`` lines of its
page and the same line with digits normalised (``pdf_furniture.normalise``) is in the same
band on at least half the pages (``REPEAT_SHARE``). Never a sentence (six words and a full
stop), a line without letters only when it is one number, never most of the text; a text of
fewer than ``MIN_PAGES`` pages or of short pages (``MIN_PAGE_LINES``) has none. Must not
import Qt or ``ui/``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from statistics import median

from core.documents.loaders.pdf_furniture import normalise

#: Lines from each end of a page that can be its running head or footer.
EDGE_LINES = 3
#: Fewer pages than this say too little about what repeats (a two-page letter's salutation).
MIN_PAGES = 3
#: A line must repeat on this share of the pages (and on ``MIN_PAGES``): a chapter heading
#: on a quarter of them is the text's own.
REPEAT_SHARE = 0.5
#: Pages this short (median non-blank lines) are records or notices, not printed pages: every
#: line of them is at a page edge.
MIN_PAGE_LINES = 8


def running_lines(text: str) -> set[int]:
    """1-based numbers of the lines of ``text`` a page break leaves out: running heads,
    footers and page numbers, and the blank lines right around a form feed (pdftotext ends
    each page with one: it is no paragraph break). Counted as if each form feed were a line
    break (as ``txt.normalise_newlines`` makes it)."""
    pages: list[list[tuple[int, str]]] = [[]]
    around: set[int] = set()
    number = 0
    for raw in text.split("\n"):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k:
                pages.append([])
            number += 1
            if part.strip():
                pages[-1].append((number, part.strip()))
            elif len(parts) > 1:
                around.add(number)
    return around | _running(pages)


def _running(all_pages: list[list[tuple[int, str]]]) -> set[int]:
    pages = [p for p in all_pages if p]
    if len(pages) < MIN_PAGES or median(len(p) for p in pages) < MIN_PAGE_LINES:
        return set()
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    at: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, page in enumerate(pages):
        bands = (("top", page[:EDGE_LINES]), ("bottom", page[-EDGE_LINES:]))
        for band, lines in bands:
            for number, line in lines:
                if _sentence(line):
                    continue
                key = (band, normalise(line))
                seen[key].add(index)
                at[key].append(number)
    need = max(MIN_PAGES, math.ceil(REPEAT_SHARE * len(pages)))
    found = {
        n
        for key, pages_seen in seen.items()
        if len(pages_seen) >= need and _may_repeat(key[1])
        for n in at[key]
    }
    # Never most of a text: what repeats that much is its content (a form, a list).
    return found if 2 * len(found) < sum(len(p) for p in pages) else set()


def _sentence(line: str) -> bool:
    """A sentence of the text, not a head: several words and a full stop at the end."""
    return len(line.split()) >= 6 and line.rstrip().endswith((".", "!", "?"))


def _may_repeat(key: str) -> bool:
    """A line with no letters is furniture only as one number ("47698", "- 3 -"): the dates
    and amounts of a table's first or last rows normalise alike too ("#/#/#")."""
    return any(ch.isalpha() for ch in key) or key.count("#") == 1
