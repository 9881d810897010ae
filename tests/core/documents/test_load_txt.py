"""TXT loading: encodings, line endings, paragraphs, line references, titles, bad bytes."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from core.documents import DocFormat, LoadError, LoadErrorKind, load_bytes, load_document

TEXT = (
    "Treaty signed to strengthen the UK–Rwanda partnership\n"
    "\n"
    "The Home Secretary’s “new” treaty – worth £140million – was signed in Kigali.\n"
    "\n"
    "Rwanda’s minister said the country had been “unfairly treated”.\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes a BOM, little-endian here
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    doc = load_bytes(data, "report.txt")
    assert doc.meta("encoding") == encoding
    assert "The Home Secretary’s “new” treaty – worth £140million" in doc.text
    assert "\ufeff" not in doc.text
    assert doc.format is DocFormat.TXT


def test_legacy_non_western_code_page_is_read() -> None:
    text = "Правительство приняло новый закон о миграции. Министр заявил, что это важный шаг.\n"
    doc = load_bytes((text * 3).encode("cp1251"), "ru.txt")
    assert doc.text.startswith("Правительство приняло")


def test_utf8_with_one_damaged_byte_stays_utf8() -> None:
    data = (TEXT * 3).encode("utf-8") + b"\xff" + (TEXT * 3).encode("utf-8")
    doc = load_bytes(data, "report.txt")
    assert doc.meta("encoding") == "utf-8"
    assert "The Home Secretary’s “new” treaty" in doc.text and "\ufffd" in doc.text


def test_cp1252_with_few_curly_quotes_is_not_taken_for_damaged_utf8() -> None:
    text = "The minister said the treaty was “binding” in law. " + "Plain words here. " * 200
    doc = load_bytes(text.encode("cp1252"), "report.txt")
    assert "“binding”" in doc.text


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_are_normalised(newline: str) -> None:
    doc = load_bytes(TEXT.replace("\n", newline).encode("utf-8"), "report.txt")
    assert "\r" not in doc.text
    assert len(doc.paragraphs) == 3


def test_paragraphs_and_line_references() -> None:
    doc = load_bytes(TEXT.encode("utf-8"), "report.txt")
    texts = [doc.text[p.start : p.end] for p in doc.paragraphs]
    assert texts[0] == "Treaty signed to strengthen the UK–Rwanda partnership"
    assert texts[2].startswith("Rwanda’s minister")
    assert [r.line for r in doc.source_map] == [1, 3, 5]
    offset = doc.text.index("Rwanda’s minister")
    ref = doc.source_at(offset)
    assert ref is not None and ref.line == 5
    assert doc.title == "Treaty signed to strengthen the UK–Rwanda partnership"


def test_web_copied_text_has_one_paragraph_per_line() -> None:
    lines = [
        f"Sentence number {i} of a report copied from a web page, long enough not to be a "
        f"hard-wrapped line of prose, and it ends with a full stop."
        for i in range(4)
    ]
    doc = load_bytes("\n".join(lines).encode("utf-8"), "web.txt")
    assert len(doc.paragraphs) == 4
    assert [r.line for r in doc.source_map] == [1, 2, 3, 4]


def test_hard_wrapped_prose_stays_one_paragraph_with_a_ref_per_line() -> None:
    text = (
        "The Home Secretary signed a treaty with his counterpart in Kigali\n"
        "today, strengthening the partnership and directly addressing the\n"
        "concerns of the Supreme Court about the removal of asylum seekers.\n"
        "\n"
        "A second paragraph follows after a blank line.\n"
    )
    doc = load_bytes(text.encode("utf-8"), "wrapped.txt")
    assert len(doc.paragraphs) == 2
    first = doc.text[doc.paragraphs[0].start : doc.paragraphs[0].end]
    assert first.count("\n") == 2
    assert [r.line for r in doc.source_map] == [1, 2, 3, 5]
    for ref in doc.source_map:
        line = text.split("\n")[ref.line - 1 if ref.line else 0]
        assert doc.text[ref.start : ref.end] == line


def test_wrapped_paragraphs_without_blank_lines_are_cut_where_a_line_was_ended() -> None:
    """Text from a PDF-to-text tool or an e-mail: hard-wrapped at 78 columns, no blank line
    between paragraphs, a heading and one-line paragraphs among them (too many short lines
    for the wrapped-block rule). A line ends its paragraph where the next word would have fit."""
    import textwrap

    paragraphs = [
        "The £150 million question the Tidewater plan does not answer",
        "By Marcus Heale",
        "The Ministry of Coastal Affairs wants us to believe that £150 million spent over "
        "five years will make the English coast safe from every storm surge it will face.",
        "Look closer and the picture is less reassuring.",
        "A national review published in November 2026 found that one in five sea walls in "
        "England was in poor or very poor condition, yet only 14 towns will see any work "
        "under the programme the ministry announced this week.",
        "Ministers say more will follow.",
    ]
    text = "\n".join(textwrap.fill(p, 78) for p in paragraphs) + "\n"
    doc = load_bytes(text.encode("utf-8"), "clipping.txt")
    got = [" ".join(doc.text[p.start : p.end].split()) for p in doc.paragraphs]
    assert got == paragraphs
    assert len(doc.source_map) == len(text.splitlines())


@pytest.mark.parametrize(
    "lines",
    [
        ["The package includes the following measures for the coast:",
         "- £20 million for sea defences in the twelve most exposed coastal towns",
         "- grants for small harbours", "- faster planning decisions for tidal gates",
         "- support for fishing crews"],
        ["Ministry of Coastal Affairs", "2 Marsham Street", "London SW1P 4DF",
         "press.office@coastal.gov.uk (enquiries from journalists only, please)",
         "telephone 020 7946 0000 for out-of-hours calls"],
        ["The Coastal Resilience Fund was first announced in the Budget in March 2026.",
         "Applications open on 1 April 2027.", "Further guidance is on GOV.UK.",
         "The fund is administered by the Coastal Agency on behalf of the ministry."],
    ],
    ids=["list", "address", "notes"],
)
def test_lists_addresses_and_one_sentence_lines_stay_apart(lines: list[str]) -> None:
    """No blank lines, but no wrapped prose either: each line stays its own paragraph."""
    doc = load_bytes("\n".join(lines).encode("utf-8"), "notes.txt")
    assert [doc.text[p.start : p.end] for p in doc.paragraphs] == lines


def test_title_skips_furniture_and_falls_back_to_the_first_line() -> None:
    text = (
        "Skip to content\n\nConnect with us\n\nMinisters agree a new deal on asylum\n\nBody text."
    )
    assert load_bytes(text.encode(), "a.txt").title == "Ministers agree a new deal on asylum"
    long_first = "Britain today joined other European countries in pushing for a human rights " * 2
    title = load_bytes(long_first.encode(), "b.txt").title
    assert title.startswith("Britain today joined") and title.endswith("…") and len(title) <= 101


@pytest.mark.parametrize(
    "data",
    [
        random.Random(7).randbytes(4000),
        b"\x00" * 600 + b"some text" * 20,
        b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8,
    ],
    ids=["random", "nul-heavy", "executable"],
)
def test_binary_junk_is_undecodable(data: bytes) -> None:
    with pytest.raises(LoadError) as err:
        load_bytes(data, "junk.txt")
    assert err.value.kind is LoadErrorKind.UNDECODABLE
    assert "cannot tell the text encoding" in str(err.value)


def test_blank_file_is_empty() -> None:
    with pytest.raises(LoadError) as err:
        load_bytes(b"  \n\r\n ", "blank.txt")
    assert err.value.kind is LoadErrorKind.EMPTY


def test_all_seed_files_load(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = load_document(path)
        assert doc.meta("encoding") == "utf-8"
        assert len(doc.paragraphs) >= 15, path.name
        assert doc.title
        # Offsets stay consistent: every source reference lies inside a paragraph.
        for ref in doc.source_map:
            assert any(p.start <= ref.start and ref.end <= p.end for p in doc.paragraphs)


def test_hyphenation_at_line_ends_is_joined_as_in_pdfs() -> None:
    """Text saved from a justified PDF breaks words at line ends ("reaff-" + "irm"): joined,
    as the PDF loader joins them, unless the document spells the hyphenated form itself or
    a capital or digit follows."""
    text = (
        "The minister said she wanted to reaff-\n"
        "irm that the well-known scheme, and the well-\n"
        "known wall, would stand until COVID-\n"
        "19 had passed and the sea defences were\n"
        "strengthened for good.\n"
    )
    doc = load_bytes(text.encode("utf-8"), "release.txt")
    words = " ".join(doc.text.split())
    assert "reaffirm that the well-known scheme, and the well-known wall" in words
    assert "until COVID-19 had passed" in words
    # The word is made whole on the first line; the lines keep their breaks.
    assert "reaffirm\nthat" in doc.text and "defences were\nstrengthened" in doc.text
    second = doc.text.index("that the well-known")
    refs = [r for r in doc.source_map if r.start <= second < r.end]
    assert refs and refs[0].line == 2


def test_an_address_at_a_line_end_keeps_its_line_break() -> None:
    text = "See the site at www.gov.uk.\nFurther details are avail-\nable online.\n"
    doc = load_bytes(text.encode("utf-8"), "release.txt")
    assert "www.gov.uk.\nFurther details are available" in doc.text
