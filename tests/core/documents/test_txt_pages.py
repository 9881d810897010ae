"""Running heads, footers and page numbers of text paged by form feeds (``txt_pages``).

PDF-to-text tools keep them as lines of every page; read as text they were the release's
title, passages every report "omitted", and lines in the middle of every sentence going on to
the next page. The TXT loader leaves them out, as the PDF loader does.
"""

from __future__ import annotations

from core.compare.pipeline import sentences_of
from core.documents import Document, load_bytes
from core.documents.loaders.txt_pages import running_lines

HEAD = "Ministry of Coastal Affairs | Annual Report 2027"
TOWNS = ("Saltbourne", "Wrenmouth", "Kelby Sands", "Hollin Quay", "Marston Haven")


def _body(town: str) -> list[str]:
    """A page's own wrapped text (pages never share their first or last lines), 8 lines."""
    return [
        f"Sea defences in {town} were repaired or rebuilt during the year, and work on",
        f"the tidal barrier at {town} began in the spring after two years of planning.",
        f"The ministry spent most of the budget for {town} on walls and embankments, where",
        f"the storms of the winter before had done the most damage to {town}'s harbour.",
        f"Residents of {town} were consulted on the height of the new wall in the autumn,",
        f"and most of them asked for the footpath along the top to be kept open in {town},",
        f"which the engineers of {town} agreed to do wherever the wall is wide enough for a",
        f"path; the work in {town} will be finished before the winter storms return.",
    ]


def _paged(pages: list[list[str]]) -> str:
    return "\f".join("\n".join(page) for page in pages)


def _doc(text: str) -> Document:
    return load_bytes(text.encode("utf-8"), "report.txt")


def _five_pages() -> str:
    return _paged([[HEAD, *_body(t), f"Page {n} of 5"] for n, t in enumerate(TOWNS, start=1)])


def test_heads_and_page_numbers_are_left_out_and_sentences_go_on_across_pages() -> None:
    pages = [[HEAD, *_body(t), f"Page {n} of 5"] for n, t in enumerate(TOWNS, start=1)]
    pages[1].insert(-1, "The harbour master said the new gates would be ready for the")
    pages[2].insert(1, "autumn tides, as the ministry had promised.")
    doc = _doc(_paged(pages))
    assert HEAD not in doc.text and "Page 3 of 5" not in doc.text
    units = [" ".join(doc.text[s.span.start : s.span.end].split()) for s in sentences_of(doc)]
    assert (
        "The harbour master said the new gates would be ready for the autumn tides, as the "
        "ministry had promised." in units
    )
    assert all(t in doc.text for t in TOWNS)  # nothing of the pages' own text is lost
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


def test_what_repeats_but_is_the_text_s_own_is_kept() -> None:
    # A sentence opening every page (its figures differ), a chapter heading on a quarter of
    # the pages, and short records whose every line is at a page edge.
    opening = [
        f"In {2020 + n}, revenue rose {5 + n}% to {100 + n} million pounds." for n in range(3)
    ]
    pages = [[line, *_body(t)] for line, t in zip(opening, TOWNS, strict=False)]
    assert running_lines(_paged(pages)) == set()
    chapters = [
        [f"Chapter {n}" if n % 4 == 0 else f"Section {t}", *_body(t)]
        for n, t in enumerate(TOWNS * 2)
    ]
    assert running_lines(_paged(chapters)) == set()
    records = "\f".join(
        f"Item: {x}\nQuantity: 12\nPrice: 40" for x in ("chairs", "tables", "lamps")
    )
    assert _doc(records).text.count("Price: 40") == 3


def test_pdftotext_page_ends_do_not_cut_a_sentence() -> None:
    # pdftotext ends every page with a line break and a form feed ("...\n\f").
    pages = [[HEAD, *_body(t), f"Page {n} of 5"] for n, t in enumerate(TOWNS, start=1)]
    pages[1].insert(-1, "The harbour master said the new gates would be ready for the")
    pages[2].insert(1, "autumn tides, as the ministry had promised.")
    doc = _doc("".join("\n".join(page) + "\n\f" for page in pages))
    assert HEAD not in doc.text
    units = [" ".join(doc.text[s.span.start : s.span.end].split()) for s in sentences_of(doc)]
    assert (
        "The harbour master said the new gates would be ready for the autumn tides, as the "
        "ministry had promised." in units
    )
