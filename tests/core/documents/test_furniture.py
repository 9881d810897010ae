"""Web page furniture detection: the pattern table, the context rules, and the seed release."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.documents import Span
from core.documents.furniture import RULES, find_furniture, furniture_family


def _paragraphs(text: str) -> list[Span]:
    spans, pos = [], 0
    for block in text.split("\n\n"):
        spans.append(Span(pos, pos + len(block)))
        pos += len(block) + 2
    return spans


def _marked(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_furniture(text, _paragraphs(text))]


POSITIVES = [
    ("Home | News | Politics | Sport", "navigation"),
    ("Click to comment", "comments"),
    ("Leave a Reply", "comments"),
    ("12 Comments", "comments"),
    ("Your email address will not be published. Required fields are marked *", "comments"),
    ("Continue Reading", "read more"),
    ("Read more", "read more"),
    ("Read more: Rwanda bill passes its first vote", "read more"),
    ("WATCH: Sunak vows to introduce emergency legislation to stop the boats", "read more"),
    ("Related: Chicago is America's most segregated city", "read more"),
    ("Most read", "read more"),
    ("Connect with us", "social"),
    ("Follow us on Twitter and Facebook", "social"),
    ("Share this article", "social"),
    ("Facebook Twitter WhatsApp Email", "social"),
    ("Skip to toolbar", "social"),
    ("Advertisement", "social"),
    ("Sign up to our newsletter", "plug"),
    ("Sign up to our free daily newsletter for the latest on the story", "plug"),
    (
        "Want a quick and expert briefing on the biggest news stories? Listen to our latest "
        "podcasts to find out What You Need To Know...",
        "plug",
    ),
    ("Download our app for breaking news alerts", "plug"),
    ("We want to hear what you think about this article.", "plug"),
    ("Photo: Reuters", "credit"),
    ("(Image: PA)", "credit"),
    ("Getty Images", "credit"),
    ("PA", "credit"),
    ("Tom Pilgrim/PA", "credit"),
    (
        "The Supreme Court ruled against the plan last month Credit: Tom Pilgrim/PA",
        "caption credit",
    ),
    ("More than 1,000 arrived across the Channel in five days (File Photo)", "caption credit"),
    ("© 2019 Science X Network", "copyright"),
    ("Copyright 2023 Sunbeam Television Corp. All rights reserved.", "copyright"),
    ("We use cookies to improve your experience on our site.", "cookies"),
    ("By David Barrett and Jason Groves", "byline"),
    ("By Nada Tawfik, BBC News, New York", "byline"),
    ("Link:, dated December 5, 2023 4:44 pm", "timestamp"),
    ("Published 5 December 2023, 16:44 GMT", "timestamp"),
    ("Updated: Tuesday 12:30 BST", "timestamp"),
]

NEGATIVES = [
    # Real sentences that share words with furniture patterns.
    "Readers who read more than one newspaper saw a different story.",
    "Read more carefully, the treaty gives Rwanda no new guarantees at all.",
    "The minister said he would not comment on the leaked figures.",
    "Officials said the photo was taken in Kigali on Tuesday.",
    "He described the image: a country that welcomes refugees and migrants.",
    "By the end of the year, the government hopes flights will have left.",
    "Copyright law reform was also on the agenda in Strasbourg.",
    "The Home Office will share data with Rwanda under the treaty.",
    "Rwanda and the UK signed the treaty on 5 December 2023 in Kigali.",
    "Home Secretary James Cleverly said:",
    "Foreign Minister, Dr Vincent Biruta:",
    "The PA news agency understands the bill will be published on Thursday.",
    "Biggest ever clampdown 'will slash legal migration by 300,000'",
    "The government will get the app working before the election, he said.",
    # A long paragraph is content even when it ends like a caption.
    " ".join(["word"] * 45) + " (Reuters)",
]


@pytest.mark.parametrize(("line", "family"), POSITIVES)
def test_furniture_lines_are_found(line: str, family: str) -> None:
    assert furniture_family(line) == family


@pytest.mark.parametrize("line", NEGATIVES)
def test_content_lines_are_kept(line: str) -> None:
    assert furniture_family(line) is None


def test_every_rule_family_has_a_positive_case() -> None:
    covered = {family for _, family in POSITIVES}
    assert {rule.family for rule in RULES} <= covered


def test_furniture_lines_inside_a_paragraph_are_marked_one_by_one() -> None:
    text = "The treaty was signed today.\n\nContinue Reading\nClick to comment\n\nA real line."
    assert _marked(text) == ["Continue Reading\nClick to comment"]
    mixed = "Rwanda signed the treaty in Kigali today.\nRead more"
    assert _marked(mixed) == ["Read more"]


def test_caption_above_a_bare_credit_is_furniture() -> None:
    text = (
        "Earlier this month, the Supreme Court ruled that the plan was unlawful.\n\n"
        "Jenrick is said to be pushing a five-point plan to tackle migration\n\nPA\n\n"
        "He also said that leaving the convention would undermine attempts to stop the boats."
    )
    assert _marked(text) == [
        "Jenrick is said to be pushing a five-point plan to tackle migration",
        "PA",
    ]


def test_short_labels_above_the_headline_are_furniture_but_the_headline_is_not() -> None:
    text = "Connect with us\n\nUnited Kingdom\n\nTreaty signed to strengthen partnership\n\nBody."
    assert _marked(text) == ["Connect with us", "United Kingdom"]
    # A short headline directly above the first sentence is the headline, not a label.
    text = "Treaty signed\n\nThe Home Secretary signed a treaty with Rwanda in Kigali today."
    assert _marked(text) == []


def test_empty_input() -> None:
    assert find_furniture("", []) == []
    assert find_furniture("   \n\n  ", [Span(0, 3)]) == []


def test_release_seed_furniture_marked_and_body_untouched(seeds_dir: Path) -> None:
    from core.documents import load_document

    doc = load_document(seeds_dir / "002_27eb931e9716d1e9.txt")
    marked = {doc.text[s.start : s.end] for s in doc.furniture}
    for expected in (
        "Connect with us",
        "United Kingdom",
        "Continue Reading",
        "Click to comment",
        "Leave a Reply",
        "Skip to toolbar",
        "Link:, dated December 5, 2023 4:44 pm",
    ):
        assert expected in marked
    assert any(m.startswith("Your email address will not be published") for m in marked)
    # Every sentence of the release body (headline to the last paragraph) stays content.
    body_start = doc.text.index("Treaty signed to strengthen")
    body_end = doc.text.index("Link:, dated")
    for para in doc.paragraphs:
        if body_start <= para.start < body_end:
            assert not doc.is_furniture(para), doc.text[para.start : para.end]
    assert doc.title == "Treaty signed to strengthen UK-Rwanda Migration Partnership"


def test_report_seeds_mark_plugs_and_credits(seeds_dir: Path) -> None:
    from core.documents import load_document

    itv = load_document(seeds_dir / "000_d7b0eaf045d8ede4.txt")
    marked = [itv.text[s.start : s.end] for s in itv.furniture]
    assert any("Listen to our latest podcasts" in m for m in marked)
    assert any(m.endswith("Credit: Tom Pilgrim/PA") for m in marked)
    gb = load_document(seeds_dir / "003_2b3c06040c50ddb9.txt")
    marked = [gb.text[s.start : s.end] for s in gb.furniture]
    assert "PA" in marked and any(m.startswith("WATCH:") for m in marked)
    # Furniture is a small part of each report: the patterns do not eat the articles.
    for name in (
        "000_d7b0eaf045d8ede4.txt",
        "001_bcbaab6fdc511440.txt",
        "004_e51375bab7781170.txt",
    ):
        doc = load_document(seeds_dir / name)
        assert sum(len(s) for s in doc.furniture) < 0.1 * len(doc.text)


@pytest.mark.parametrize(
    ("line", "family"),
    [
        ("Home | News | Environment | Business | Sport", "navigation"),
        ("World · Politics · Business · Tech", "navigation"),
        ("The 50/50 split | was agreed", None),
        ("Labour / Conservative / Lib Dem figures rose", None),
        ("A | B", None),
    ],
)
def test_section_menus_are_navigation(line: str, family: str | None) -> None:
    assert furniture_family(line) == family
