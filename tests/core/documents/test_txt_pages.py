"""Running heads, footers and page numbers of text paged by form feeds (``txt_pages``).

PDF-to-text tools keep them as lines of every page; read as text they were the release's
title, passages every report "omitted", and lines between a speaker's introduction and words.
"""

from __future__ import annotations

from core.compare.pipeline import sentences_of
from core.documents import Document, Span, load_bytes
from core.documents.loaders.txt_pages import running_lines
from core.shifts.speakers import speaker_context

HEAD = "Ministry of Coastal Affairs | Annual Report 2027"
TOWNS = ("Saltbourne", "Wrenmouth", "Kelby Sands", "Hollin Quay", "Marston Haven")


def _body(town: str) -> list[str]:
    """A page's own wrapped text (pages never share their first or last lines)."""
    return [
        f"Sea defences in {town} were repaired or rebuilt during the year, and work on",
        f"the tidal barrier at {town} began in the spring after two years of planning.",
        f"The ministry spent most of the budget for {town} on walls and embankments, where",
        f"the storms of the winter before had done the most damage to {town}'s harbour.",
    ]


def _paged(pages: list[list[str]]) -> str:
    return "\f".join("\n".join(page) for page in pages)


def _doc(text: str) -> Document:
    return load_bytes(text.encode("utf-8"), "report.txt")


def _five_pages() -> str:
    return _paged([[HEAD, *_body(t), f"Page {n} of 5"] for n, t in enumerate(TOWNS, start=1)])


def test_heads_and_page_numbers_are_furniture_of_their_own() -> None:
    doc = _doc(_five_pages())
    units = {
        " ".join(doc.text[s.span.start : s.span.end].split()): s.furniture
        for s in sentences_of(doc)
    }
    assert units[HEAD] is True
    assert units["Page 3 of 5"] is True
    # The body is wrapped text again, read through the page breaks' furniture.
    body = [u for u, furniture in units.items() if not furniture]
    assert body and all("Page" not in u and "Annual Report" not in u for u in body)
    assert any(
        u.startswith("Sea defences in Wrenmouth") and u.endswith("planning.") for u in body
    )
    assert doc.title != HEAD


def test_lines_met_once_or_in_short_texts_are_not_furniture() -> None:
    # A heading on one page only is the text's own; two pages say too little.
    once = _paged([["Summary", *_body(TOWNS[0])], *(_body(t) for t in TOWNS[1:])])
    assert running_lines(once) == set()
    assert running_lines(_paged([[HEAD, *_body(t)] for t in TOWNS[:2]])) == set()


def test_dates_of_a_table_at_page_edges_are_not_page_numbers() -> None:
    # The first and last rows of a table of notices on each page: "#/#/#" all of them.
    dates = ((3, 1), (14, 2), (22, 3), (9, 4), (30, 5))
    pages = [
        [f"{d:02d}/{m:02d}/2016", *_body(t), f"{d + 1:02d}/{m:02d}/2016"]
        for (d, m), t in zip(dates, TOWNS, strict=True)
    ]
    assert running_lines(_paged(pages)) == set()
    numbered = [[*_body(t), f"- {n} -"] for n, t in enumerate(TOWNS, start=1)]
    assert len(running_lines(_paged(numbered))) == 5


def test_a_speaker_introduced_before_a_page_break_still_speaks_after_it() -> None:
    intro = "Harbour Minister Alice Thornbury said:"
    quote = "“We will finish the barrier before the storms of next winter.”"
    pages = [
        [HEAD, *_body(TOWNS[0]), "", intro, "Page 1 of 3"],
        [HEAD, quote, "Page 2 of 3"],
        [HEAD, *_body(TOWNS[1]), "Page 3 of 3"],
    ]
    doc = _doc(_paged(pages))
    start = doc.text.index("We will finish")
    who = speaker_context(doc, Span(start, start + 10))
    assert who is not None and "thornbury" in who
