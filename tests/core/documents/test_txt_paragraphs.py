"""Paragraphs of plain text laid out as other tools lay it out (``txt_paragraphs``).

A release saved as text by a PDF tool arrives with a blank line after every printed line
(pdfminer), with its line ends converted twice (CR CR LF), or as pdfium gives a page: one
block of printed lines with a running head wider than any wrap. Each of these once made every
printed line a paragraph of its own, and every sentence was cut at its line ends. The
sentence units must be those of the same text hard-wrapped the ordinary way.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from core.compare.pipeline import sentences_of
from core.documents import Document, load_bytes
from core.documents.loaders.txt_paragraphs import split_paragraphs

SAMPLES = Path(__file__).resolve().parents[3] / "sample_docs"

PROSE = (
    "The council will publish its flood defence plan for the estuary on Monday, after two "
    "years of consultation with residents, farmers and the port authority. The plan sets out "
    "how the sea wall at Marsh End will be raised by one metre and how the tidal gates will "
    "be replaced before the winter storms of next year.\n\n"
    "Officials said the cost of the work would be shared between the county and the national "
    "flood fund, and that no homes would have to be moved to make way for the new wall, "
    "although a number of fields beside the river would be allowed to flood in a storm.\n\n"
    "Residents can read the plan at the library or online and send their views until the end "
    "of March, when the council will decide which of the three options to take forward."
)


def _units(data: str | bytes) -> list[str]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    doc: Document = load_bytes(raw, "release.txt")
    return [" ".join(doc.text[s.span.start : s.span.end].split()) for s in sentences_of(doc)]


def _wrapped(text: str, width: int = 60) -> list[list[str]]:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return [textwrap.wrap(p, width) for p in paragraphs]


def _layouts(text: str) -> dict[str, bytes]:
    lines = _wrapped(text)
    return {
        "a blank line after every printed line": "\n\n\n".join(
            "\n\n".join(p) for p in lines
        ).encode(),
        "line ends converted twice": "\r\r\n\r\r\n".join("\r\r\n".join(p) for p in lines).encode(),
        "pdfium's page with a wide running head": (
            "HOME OFFICE PRESS RELEASE " * 6 + "\n" + "\n".join(line for p in lines for line in p)
        ).encode(),
    }


def _ordinary(text: str) -> list[str]:
    return _units("\n\n".join("\n".join(p) for p in _wrapped(text)))


@pytest.mark.parametrize("layout", list(_layouts(PROSE)))
def test_a_tool_s_layout_gives_the_sentences_of_the_ordinary_one(layout: str) -> None:
    expected = _ordinary(PROSE)
    assert len(expected) == 4
    got = [u for u in _units(_layouts(PROSE)[layout]) if not u.startswith("HOME OFFICE")]
    assert got == expected


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_sample_reports_read_the_same_in_every_layout(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = _ordinary(text)
    lines = _wrapped(text)
    for name, data in _layouts(text).items():
        if name.startswith("pdfium"):
            continue  # without blank lines its paragraph breaks are guessed, not given
        assert _units(data) == expected, name
    # CR CR LF is one line end: the text is that of the LF file, line for line.
    lf = "\n".join(line for p in lines for line in p)
    assert load_bytes(lf.replace("\n", "\r\r\n").encode(), "a.txt").text == (
        load_bytes(lf.encode(), "a.txt").text
    )


def _paragraphs(text: str) -> list[list[str]]:
    return [[line for _, line in p] for p in split_paragraphs(text)]


def test_headlines_and_menus_with_blank_lines_stay_one_paragraph_each() -> None:
    text = (
        "COASTAL WIRE\n\nHome | News | Environment | Business | Sport\n\n"
        "Sea defence plan to shield 38,700 homes in the estuary\n\n"
        "By Tom Ellery, Environment Correspondent\n\nPhoto: Jane Smith/Agency\n"
    )
    assert len(_paragraphs(text)) == 5


def test_a_short_line_before_lower_case_still_ends_its_paragraph() -> None:
    # A byline above a dateline in lower case ("mid Groß-Gerau - ..."): two paragraphs.
    lines = [line for p in _wrapped(PROSE) for line in p]
    text = "\n\n".join(["Solveig Grewe", "mid Groß-Gerau - " + lines[0], *lines[1:]])
    paragraphs = _paragraphs(text)
    assert paragraphs[0] == ["Solveig Grewe"]
    assert len(paragraphs[1]) > 1


def test_table_rows_beside_a_wide_line_stay_one_paragraph_each() -> None:
    rows = [
        f"{state} {n:,} {n // 3:,} {n // 7:,} {n // 11:,} {n // 13:,} {n // 17:,}"
        for state, n in (
            ("Alabama", 71137),
            ("Alaska", 7095),
            ("Arizona", 27087),
            ("Arkansas", 25048),
            ("Colorado", 42271),
            ("Delaware", 5040),
        )
    ]
    text = "\n".join(["State Permit Handgun Long Gun Other Multiple Admin " * 3, *rows])
    assert _paragraphs(text)[1:] == [[row] for row in rows]


def test_wrapped_prose_beside_a_wide_line_is_reflowed() -> None:
    lines = [line for p in _wrapped(PROSE) for line in p]
    text = "\n".join(["Federal Register / Vol. 85, No. 152 / Proposed Rules " * 3, *lines])
    paragraphs = _paragraphs(text)
    assert len(paragraphs[0]) == 1
    assert len(paragraphs) <= 4  # the wide line and three paragraphs, not one per line
