"""Sentence segmentation: abbreviations, quotes, headings, lists, huge lines, offsets."""

from __future__ import annotations

import pytest

from core.align import segment
from core.align.segment import MAX_UNIT_CHARS, RUN_ON_CHARS
from core.documents import Span
from core.results.jsonio import document_from_text


def units(text: str) -> list[str]:
    doc = document_from_text(text)
    out = segment(doc.text, doc.paragraphs, doc.furniture)
    return [text[s.span.start : s.span.end] for s in out]


CASES = [
    (
        "plain",
        "One sentence. Another one! A third? Yes.",
        ["One sentence.", "Another one!", "A third?", "Yes."],
    ),
    (
        "titles",
        "Mr Smith met Dr Jones. Mrs Brown and Prof. Green left.",
        ["Mr Smith met Dr Jones.", "Mrs Brown and Prof. Green left."],
    ),
    (
        "dotted titles",
        "Mr. Smith met Dr. Jones at St. Paul's. They talked.",
        ["Mr. Smith met Dr. Jones at St. Paul's.", "They talked."],
    ),
    (
        "number abbreviation",
        "He lives at No. 10 Downing Street. It is old.",
        ["He lives at No. 10 Downing Street.", "It is old."],
    ),
    (
        "initialism mid-sentence",
        "The U.K. Government and the U.S. Congress agreed. Talks ended.",
        ["The U.K. Government and the U.S. Congress agreed.", "Talks ended."],
    ),
    (
        "initialism at end",
        "She moved to the U.K. The move was quick.",
        ["She moved to the U.K.", "The move was quick."],
    ),
    (
        "e.g. and i.e.",
        "Some fruit, e.g. apples, i.e. Braeburn, are sweet. Others not.",
        ["Some fruit, e.g. apples, i.e. Braeburn, are sweet.", "Others not."],
    ),
    (
        "etc then capital",
        "Bring pens, paper etc. The exam starts soon.",
        ["Bring pens, paper etc.", "The exam starts soon."],
    ),
    (
        "etc then lowercase",
        "Bring pens, paper etc. and a ruler.",
        ["Bring pens, paper etc. and a ruler."],
    ),
    (
        "times",
        "We meet at 9 a.m. on Monday. Then lunch.",
        ["We meet at 9 a.m. on Monday.", "Then lunch."],
    ),
    (
        "initials",
        "The report by J. K. Smith was long. It sold well.",
        ["The report by J. K. Smith was long.", "It sold well."],
    ),
    (
        "decimals",
        "Growth was 3.5 per cent. Inflation was 2.1.",
        ["Growth was 3.5 per cent.", "Inflation was 2.1."],
    ),
    (
        "closing quote joins",
        'He said: "It saves lives." Then he left.',
        ['He said: "It saves lives."', "Then he left."],
    ),
    (
        "curly closing quote",
        "She said: “We will win.” Nobody agreed.",
        ["She said: “We will win.”", "Nobody agreed."],
    ),
    (
        "quote with comma continues",
        '"Let me be clear," he said. "No money."',
        ['"Let me be clear," he said.', '"No money."'],
    ),
    (
        "heading line",
        "Treaty signed today\nThe minister signed the treaty. It is binding.",
        ["Treaty signed today", "The minister signed the treaty.", "It is binding."],
    ),
    (
        "caption lines",
        "Credit: PA Images\nA long sentence follows here with a full stop.",
        ["Credit: PA Images", "A long sentence follows here with a full stop."],
    ),
    (
        "list items",
        "Measures:\n- raise the threshold\n- cut dependants\n1. review the list",
        ["Measures:", "- raise the threshold", "- cut dependants", "1. review the list"],
    ),
    (
        "paragraph break",
        "First paragraph without stop\n\nSecond paragraph.",
        ["First paragraph without stop", "Second paragraph."],
    ),
    (
        "wrapped lines join",
        "This sentence was wrapped by a PDF extractor at a fixed column width so it\n"
        "continues on the next line. Then another.",
        [
            "This sentence was wrapped by a PDF extractor at a fixed column width so it\n"
            "continues on the next line.",
            "Then another.",
        ],
    ),
    (
        "wrapped tail without a full stop",
        "'We feel very strongly that this treaty addresses all the issues raised in the\n"
        "Supreme Court', home secretary James Cleverly declares in Rwanda",
        [
            "'We feel very strongly that this treaty addresses all the issues raised in the\n"
            "Supreme Court', home secretary James Cleverly declares in Rwanda",
        ],
    ),
    (
        "wrapped caption then a sentence",
        "Mr Cleverly travelled to Kigali as Rishi Sunak bids to make the plan to send\n"
        "migrants to the African nation legally watertight after the Supreme Court's\n"
        "ruling against the policy\n"
        "Cleverly is expected to sign a treaty which will seek to address concerns\n"
        "raised by the UK Supreme Court last month.",
        [
            "Mr Cleverly travelled to Kigali as Rishi Sunak bids to make the plan to send\n"
            "migrants to the African nation legally watertight after the Supreme Court's\n"
            "ruling against the policy",
            "Cleverly is expected to sign a treaty which will seek to address concerns\n"
            "raised by the UK Supreme Court last month.",
        ],
    ),
    (
        "address lines",
        "Ministry of Coastal Affairs\n2 Marsham Street\nLondon SW1P 4DF",
        ["Ministry of Coastal Affairs", "2 Marsham Street", "London SW1P 4DF"],
    ),
    (
        "caption then dateline",
        "Coastal towns will share £200 million under the plan announced by the ministry today\n"
        "Published 3 March 2027\nThe fund opens in April.",
        [
            "Coastal towns will share £200 million under the plan announced by the ministry today",
            "Published 3 March 2027",
            "The fund opens in April.",
        ],
    ),
    (
        "table rows",
        "Region Amount Change\nNorth East £4.5m up 12 per cent on the year before last\n"
        "South West £3.2m down 4 per cent",
        [
            "Region Amount Change",
            "North East £4.5m up 12 per cent on the year before last",
            "South West £3.2m down 4 per cent",
        ],
    ),
    ("ellipsis", "He paused… Then spoke.", ["He paused…", "Then spoke."]),
    (
        "lowercase after stop",
        "The figure was approx. ten thousand.",
        ["The figure was approx. ten thousand."],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_segmentation_table(name: str, text: str, expected: list[str]) -> None:
    assert units(text) == expected


def test_offsets_are_exact_and_trimmed() -> None:
    text = "  Leading space here.   Trailing space.  \n\n  Next para.  "
    doc = document_from_text(text)
    for s in segment(doc.text, doc.paragraphs):
        piece = text[s.span.start : s.span.end]
        assert piece == piece.strip() and piece


def test_units_never_cross_paragraphs() -> None:
    text = "Alpha beta gamma\n\ndelta epsilon. Zeta."
    doc = document_from_text(text)
    sents = segment(doc.text, doc.paragraphs)
    for s in sents:
        para = doc.paragraphs[s.paragraph]
        assert para.start <= s.span.start and s.span.end <= para.end


def test_huge_line_without_punctuation_is_capped() -> None:
    text = " ".join(f"word{i}" for i in range(20_000))
    got = units(text)
    assert len(got) > 10
    assert all(len(u) <= MAX_UNIT_CHARS for u in got)
    assert " ".join(got) == text


def test_huge_token_without_spaces_is_capped() -> None:
    text = "x" * 5000
    got = units(text)
    assert "".join(got) == text and max(len(u) for u in got) <= MAX_UNIT_CHARS


def test_furniture_marks_sentences() -> None:
    text = "Real news sentence here.\n\nClick to comment"
    doc = document_from_text(text)
    furn = (doc.paragraphs[1],)
    sents = segment(doc.text, doc.paragraphs, furn)
    assert [s.furniture for s in sents] == [False, True]


def test_empty_and_blank_paragraphs() -> None:
    assert segment("", ()) == ()
    assert segment("   ", (Span(0, 3),)) == ()


def _run_on(*parts: str) -> str:
    """``parts`` on one line, padded past ``RUN_ON_CHARS`` with ordinary sentences."""
    filler = " ".join(f"Sentence number {i} says nothing much at all." for i in range(20))
    text = " ".join(parts) + " " + filler
    assert len(text) >= RUN_ON_CHARS and "\n" not in text
    return text


def test_one_line_article_is_cut_where_its_lines_began() -> None:
    lines = [
        "Sea defence plan announced",
        "By Nell Garrard",
        "The programme will protect 38,700 homes.",
        "Cleverly will sign a treaty - and it will be binding under international law",
        "More than 1,000 arrived this year.",
        "Government pledges £140 million to hold back the sea",
        "Ministers say 37,800 homes will be protected.",
    ]
    assert units(_run_on(*lines))[: len(lines)] == lines


@pytest.mark.parametrize(
    "sentence",
    [
        "He told The Times that Plan A is dead, a report by The Economist in The Hague said "
        "it reads The End and the Secretary of State agreed.",
        "Students taking A-levels at the busiest A&E units met Sir Thomas More was the play.",
        "Rupert Murdoch's The Sun and Stand By Me ran by The Boeing Company all year.",
        "The measures are: 1) The levy rises 2) The cap falls (a) It is said.",
        "Figures the Treasury said were wrong and the plan that the Home Office says works.",
        "Prices rise from April, energy regulator Ofgem said, and the housing charity Shelter "
        "warned that the union Unite says home secretary Cleverly said nothing.",
    ],
)
def test_one_line_article_keeps_titles_and_names_whole(sentence: str) -> None:
    got = units(_run_on(sentence))
    assert got[0] == sentence


def test_one_line_article_with_a_closing_bracket_before_a_starter() -> None:
    # Found in review: "(see the annex.) The ..." left an empty piece and raised IndexError.
    got = units(_run_on("The levy rises in April (see the annex.) The programme will start."))
    assert got[:2] == ["The levy rises in April (see the annex.)", "The programme will start."]


def test_a_long_paragraph_among_others_is_not_read_as_one_line() -> None:
    # Loaders give every paragraph of a DOCX, HTML or PDF file as one line: only a text with
    # no line break at all lost its line breaks.
    paragraph = _run_on("It is binding under international law More than 1,000 arrived.")
    got = units("A heading\n\n" + paragraph)
    assert "It is binding under international law More than 1,000 arrived." in got


def test_text_with_line_breaks_is_not_cut_mid_sentence() -> None:
    # Only a block with no line break at all is read as a run-on article.
    line = "Ministers said it was sound\nand it is binding under international law More than that. "
    text = line * 12
    assert all("law More" in u for u in units(text) if "binding" in u)
