"""PDF loading: the shared real-world corpus and small PDFs written by hand in the test.

Corpus checks (skipped when ../shared is missing): every file of MANIFEST.json loads with
plausible text or fails with the expected ``LoadError`` kind; running headers and page numbers
are gone; columns are read column by column; hyphenation is joined; overprinted characters are
deduplicated; rotated pages read as lines; the source map is valid. Hand-made PDFs pin the exact
text for two columns, running headers, hyphenation, rotation, metadata and the error kinds.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from core.documents import Document, LoadError, LoadErrorKind, load_bytes, load_document
from core.documents.loaders import pdf as pdf_loader
from core.documents.loaders import pdf_paragraphs
from core.documents.loaders.pdf_chars import extract_page

ROOT = Path(__file__).resolve().parents[3]
PDFS = ROOT.parent / "shared" / "corpus" / "pdfs"
MANIFEST = PDFS / "MANIFEST.json"


def _manifest() -> list[dict[str, Any]]:
    if not MANIFEST.exists():
        return []
    files: list[dict[str, Any]] = json.loads(MANIFEST.read_text(encoding="utf-8"))["files"]
    return files


ENTRIES = _manifest()
needs_corpus = pytest.mark.skipif(not ENTRIES, reason=f"PDF corpus not found at {PDFS}")


@cache
def corpus_doc(name: str) -> Document:
    entry = next(e for e in ENTRIES if e["file"] == name)
    return load_document(PDFS / name, password=entry.get("password"))


def expected_failure(entry: dict[str, Any]) -> LoadErrorKind | None:
    """The error the manifest implies when the file is opened without a password."""
    if entry.get("bytes") == 0:
        return LoadErrorKind.EMPTY
    if entry.get("password"):
        return LoadErrorKind.ENCRYPTED
    if entry.get("chars_total") == 0:
        return LoadErrorKind.NO_TEXT
    return None


def paragraphs(doc: Document) -> list[str]:
    return [doc.text[p.start : p.end] for p in doc.paragraphs]


# --- the shared corpus ------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_corpus_file_loads_or_fails_with_its_kind(entry: dict[str, Any]) -> None:
    path = PDFS / entry["file"]
    kind = expected_failure(entry)
    if kind is not None:
        with pytest.raises(LoadError) as err:
            load_document(path)
        assert err.value.kind is kind
        assert "\n" not in str(err.value)
        if kind is LoadErrorKind.ENCRYPTED:
            assert "a password is needed" in str(err.value)
        if kind is LoadErrorKind.NO_TEXT:
            assert "needs OCR" in str(err.value)
        if not entry.get("password"):
            return
    doc = corpus_doc(entry["file"])
    assert doc.meta("pages") == str(entry["pages"])
    letters = sum(ch.isalnum() for ch in doc.text)
    # pdfplumber's character count is the yardstick: same text, give or take spaces,
    # removed headers and footers.
    assert 0.5 * entry["chars_total"] <= len(doc.text) <= 1.6 * entry["chars_total"] + 20
    assert letters >= 0.5 * len(doc.text.replace(" ", "").replace("\n", ""))
    assert doc.title.strip()


@needs_corpus
@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if e.get("password")], ids=lambda e: e["file"]
)
def test_wrong_password_is_reported(entry: dict[str, Any]) -> None:
    with pytest.raises(LoadError) as err:
        load_document(PDFS / entry["file"], password="not-" + entry["password"])
    assert err.value.kind is LoadErrorKind.WRONG_PASSWORD


@needs_corpus
def test_encrypted_files_decrypt_to_their_text() -> None:
    assert corpus_doc("pdfminer__aes-256.pdf").text == "Secret!"
    assert corpus_doc("pdfminer__rc4-40.pdf").text == "Secret!"
    assert (
        "Lorem ipsum dolor sit amet"
        in corpus_doc("pysamplefiles__libreoffice-writer-password.pdf").text
    )


@needs_corpus
def test_running_headers_footers_and_page_numbers_removed() -> None:
    fr = corpus_doc("pdfplumber__federal-register-2020-17221.pdf")
    assert fr.text.count("Federal Register / Vol. 85") <= 1
    assert "VerDate" not in fr.text  # printer's slug at the foot of every page
    chelsea = corpus_doc("pdfplumber__chelsea_pdta.pdf")
    assert "Rapport final_2021" not in chelsea.text
    assert chelsea.text.count("Plan directeur de transport actif de la municipalité") <= 1
    for name in (
        "pdfplumber__federal-register-2020-17221.pdf",
        "pdfplumber__chelsea_pdta.pdf",
        "pdfminer__dmca.pdf",
        "pysamplefiles__multicolumn.pdf",
    ):
        numbers = [
            p for p in paragraphs(corpus_doc(name)) if re.fullmatch(r"[-–\s]*\d{1,3}[-–\s]*", p)
        ]
        assert numbers == [], name


@needs_corpus
def test_two_column_page_reads_column_by_column() -> None:
    text = corpus_doc("pysamplefiles__multicolumn.pdf").text
    # The title block spans both columns and comes first.
    assert text.index("Two-Column Document with Lorem Ipsum") < text.index("Abstract")
    # The sentence at the foot of column 1 continues at the top of column 2.
    assert "Donec nonummy pellentesque ante." in text
    assert text.index("Nam dui ligula") < text.index("Quisque ullamcorper placerat ipsum")


@needs_corpus
def test_three_column_federal_register_reads_column_by_column() -> None:
    text = corpus_doc("pdfplumber__federal-register-2020-17221.pdf").text
    # Page 1: column 1, then column 2, then column 3.
    order = [
        "SUMMARY: The FAA proposes to supersede",
        "Examining the AD Docket",
        "Confidential Business Information (CBI)",
        "On October 29, 2018, a Boeing Model",
    ]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    # A word split across the page break (column 3 of page 1 -> column 1 of page 2) is whole.
    assert "takeoff from Soekarno-Hatta International Airport" in text


@needs_corpus
def test_hyphenation_at_line_ends_is_joined() -> None:
    assert "consectetuer adipiscing elit" in corpus_doc("pysamplefiles__multicolumn.pdf").text
    naacl = corpus_doc("pdfminer__naacl06-shinyama.pdf").text
    assert "Existing IE systems require" in naacl
    assert "Ex isting" not in naacl and "Ex-isting" not in naacl
    fr = corpus_doc("pdfplumber__federal-register-2020-17221.pdf").text
    assert "AD 2018–23–51" in fr  # a dash in a number broken at a line end


@needs_corpus
def test_overprinted_duplicate_characters_are_removed() -> None:
    text = corpus_doc("pdfplumber__issue-71-duplicate-chars-2.pdf").text
    assert "DÉSORDRES DE L’ÉQUILIBRE ACIDE-BASE" in text
    assert not re.search(r"(\w)\1(\w)\2(\w)\3", text.replace("...", ""))


@needs_corpus
def test_rotated_pages_read_as_lines() -> None:
    nics = corpus_doc("pdfplumber__nics-background-checks-2015-11-rotated.pdf")
    assert "NICS Firearm Background Checks" in nics.text
    assert "Alabama 18,870 23,022" in nics.text  # a table row, not a word per line
    assert "Bundesministerium des Innern" in corpus_doc("pdfplumber__issue-1054-example.pdf").text
    zen = corpus_doc("pdfminer__zen_of_python_corrupted.pdf").text
    assert "Beautiful is better than ugly. Explicit is better than implicit." in zen


@needs_corpus
@pytest.mark.parametrize(
    "name",
    [e["file"] for e in ENTRIES if expected_failure(e) in (None, LoadErrorKind.ENCRYPTED)],
)
def test_source_map_is_valid(name: str) -> None:
    doc = corpus_doc(name)
    refs = doc.source_map
    assert refs
    pages = int(doc.meta("pages"))
    assert [(r.start, r.end) for r in refs] == sorted((r.start, r.end) for r in refs)
    for prev, nxt in itertools.pairwise(refs):
        assert prev.end <= nxt.start
    for ref in refs:
        assert 0 <= ref.start < ref.end <= len(doc.text)
        assert "\n" not in doc.text[ref.start : ref.end]
        assert ref.page is not None and 1 <= ref.page <= pages
        assert ref.bbox is not None
        x0, top, x1, bottom = ref.bbox
        assert x0 <= x1 and top <= bottom
    for para in doc.paragraphs:
        assert doc.source_at(para.start) is not None


@needs_corpus
def test_display_boxes_follow_page_rotation() -> None:
    # /Rotate 90 on a landscape media box: the page shows 612 wide and 1008 high.
    doc = corpus_doc("pdfplumber__nics-background-checks-2015-11-rotated.pdf")
    for ref in doc.source_map:
        assert ref.bbox is not None
        x0, top, x1, bottom = ref.bbox
        assert x0 >= -1 and top >= -1 and x1 <= 613 and bottom <= 1009
    title = doc.source_at(doc.text.index("NICS Firearm"))
    assert title is not None and title.bbox is not None
    # The title reads along the long side: taller than wide once rotated for display.
    assert title.bbox[3] - title.bbox[1] > title.bbox[2] - title.bbox[0]


@needs_corpus
def test_cli_extract_prints_text_or_one_line() -> None:
    cases = {
        "pdfminer__aes-256.pdf": (0, "Secret!"),
        "pdfplumber__issue-203-decimalize.pdf": (2, "needs OCR"),
        "pdfplumber__password-example.pdf": (2, "password"),
        "pdfplumber__empty.pdf": (2, "empty"),
    }
    for name, (code, expected) in cases.items():
        args = [sys.executable, str(ROOT / "main.py"), "extract", str(PDFS / name)]
        if name == "pdfminer__aes-256.pdf":
            args += ["--password", "foo"]
        out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert out.returncode == code, name
        assert "Traceback" not in out.stderr
        if code:
            assert len(out.stderr.strip().splitlines()) == 1
            assert expected in out.stderr
        else:
            assert expected in out.stdout and out.stderr == ""


# --- PDFs written by hand -----------------------------------------------------------------------

Item = tuple[float, float, float, str]  # x, y (baseline, from the bottom), font size, text


def make_pdf(
    pages: list[list[Item]],
    *,
    rotate: int = 0,
    info: dict[str, str] | None = None,
    vertical: bool = False,
    unit_font: bool = False,
) -> bytes:
    """A minimal PDF with Helvetica text; ``vertical`` draws text running up the page.

    ``unit_font`` sets every font at "1 Tf" and scales the text matrix instead, as many PDF
    producers do.
    """
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("<< /Type /Catalog /Pages 2 0 R >>")
    pages_id = add("")  # filled in below
    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for items in pages:
        ops = []
        for x, y, size, text in items:
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            matrix = f"0 1 -1 0 {x} {y}" if vertical else f"1 0 0 1 {x} {y}"
            if unit_font:
                matrix = f"{size} 0 0 {size} {x} {y}"
            ops.append(f"BT /F1 {1 if unit_font else size} Tf {matrix} Tm ({escaped}) Tj ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 612 792] /Rotate {rotate} "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
            )
        )
    refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    info_id = None
    if info:
        entries = " ".join(f"/{k} ({v})" for k, v in info.items())
        info_id = add(f"<< {entries} >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = f"<< /Size {len(objects) + 1} /Root {catalog} 0 R"
    trailer += f" /Info {info_id} 0 R >>" if info_id else " >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


LEFT = [
    "Ministers today announced a new programme",
    "of support for regional rail services, which",
    "will run for five years from next April. The",
    "money comes from the transport budget and",
    "covers both new trains and better stations.",
    "",
    "Officials said the plan followed a long regu-",
    "lation review and a well-known consultation",
    "that had asked passengers across the country",
    "what they wanted from their local services",
    "and how the network should change over the",
]
RIGHT = [
    "coming decade, according to the release.",
    "",
    "The well-known timetable will stay as it is",
    "until the new trains arrive in the autumn of",
    "next year, when more frequent services start",
    "on the busiest lines between the main towns",
    "and the new stations in the north and west.",
]


def column_pages(count: int) -> list[list[Item]]:
    pages = []
    for n in range(1, count + 1):
        items: list[Item] = [
            (72, 752, 9, f"Rail Policy Bulletin - Issue 4 - Page {n} of {count}"),
            (300, 40, 9, str(n)),
        ]
        for x, lines in ((72, LEFT), (320, RIGHT)):
            for i, line in enumerate(lines):
                if line:
                    items.append((x, 700 - 14 * i, 10, line.replace("programme", f"plan{n}")))
        pages.append(items)
    return pages


def test_hand_made_two_column_pages() -> None:
    data = make_pdf(column_pages(3), info={"Title": "Rail support", "Author": "Press Office"})
    doc = load_bytes(data, "rail.pdf")
    text = doc.text
    assert doc.title == "Rail support"
    assert doc.meta("author") == "Press Office" and doc.meta("pages") == "3"
    assert "Rail Policy Bulletin" not in text  # running header, digits differ per page
    assert not any(re.fullmatch(r"\d+", p) for p in paragraphs(doc))  # page numbers
    first = paragraphs(doc)[:3]
    assert first[0].startswith("Ministers today announced a new plan1 of support")
    assert first[0].endswith("better stations.")
    # Hyphenation joined ("regu-lation" is nowhere else), a real hyphen kept ("well-known"
    # is spelt so elsewhere), and the paragraph goes on from column 1 into column 2.
    assert first[1] == (
        "Officials said the plan followed a long regulation review and a well-known "
        "consultation that had asked passengers across the country what they wanted from "
        "their local services and how the network should change over the coming decade, "
        "according to the release."
    )
    assert first[2].startswith("The well-known timetable")
    assert text.count("Ministers today announced") == 3
    for ref in doc.source_map:
        assert ref.page in (1, 2, 3) and ref.bbox is not None
    hit = doc.source_at(text.index("regulation"))
    assert hit is not None and hit.page == 1 and hit.bbox is not None
    # Line 7 of column 1: baseline 700 - 6 * 14 = 616 -> about 176 pt from the top.
    assert 72 <= hit.bbox[0] < 80 and 160 < hit.bbox[1] < 180


def test_rotated_page_and_sideways_text() -> None:
    # Text drawn running up a portrait page, shown with /Rotate 90 so that it reads normally.
    lines: list[Item] = [
        (100.0 + 14 * i, 72.0, 10.0, f"Line number {i} of the sideways page") for i in range(4)
    ]
    lines.reverse()  # the first line is the one furthest from the spine after rotation
    doc = load_bytes(make_pdf([lines], rotate=90, vertical=True), "side.pdf")
    assert doc.text.split("\n\n")[0].startswith("Line number 0 of the sideways page Line")
    ref = doc.source_at(0)
    assert ref is not None and ref.bbox is not None
    x0, top, x1, bottom = ref.bbox
    assert x1 - x0 > bottom - top  # horizontal on the displayed page


PRESS_PAGE: list[Item] = [
    (72, 720, 8, "Published 12 May 2031"),  # dateline: short and smaller, at the usual pitch
    (72, 706, 10, "CARDIFF - The agency said on Monday that the new rules would apply to"),
    (72, 692, 10, "all operators from the first day of the next financial year, and that"),
    (72, 678, 10, "the consultation had closed."),
    (72, 650, 10, "Background briefing"),  # same size: only its shortness sets it apart
    (72, 636, 10, "The rules were first proposed in a paper published by the agency in the"),
    (72, 622, 10, "spring, after a review of the existing regime."),
    (72, 594, 12, "Notes"),
    (80, 576, 10, "1. The new rules cover every operator licensed under the act from 2027 to"),
    (92, 562, 10, "2032. They replace the interim rules made after the review."),
    (80, 548, 10, "2. Operators must register before the rules start and must renew their"),
    (92, 534, 10, "licence every year."),
    (80, 520, 10, "3. Fees are unchanged."),
    (80, 506, 10, "4. Enquiries go to the press office."),  # no gap, no indent: the number tells
]


@pytest.mark.parametrize("unit_font", [False, True], ids=["Tf-size", "matrix-size"])
def test_datelines_headings_and_numbered_items_are_paragraphs(unit_font: bool) -> None:
    data = make_pdf([PRESS_PAGE], unit_font=unit_font)
    assert paragraphs(load_bytes(data, "press.pdf")) == [
        "Published 12 May 2031",
        "CARDIFF - The agency said on Monday that the new rules would apply to all operators "
        "from the first day of the next financial year, and that the consultation had closed.",
        "Background briefing",
        "The rules were first proposed in a paper published by the agency in the spring, after "
        "a review of the existing regime.",
        "Notes",
        "1. The new rules cover every operator licensed under the act from 2027 to 2032. They "
        "replace the interim rules made after the review.",
        "2. Operators must register before the rules start and must renew their licence every "
        "year.",
        "3. Fees are unchanged.",
        "4. Enquiries go to the press office.",
    ]
    page = pypdfium2.PdfDocument(data)[0]
    sizes = {g.text: g.size for g in extract_page(page).groups[0]}
    assert sizes["P"] == pytest.approx(8) and sizes["C"] == pytest.approx(10)


def test_short_paragraphs_keep_their_breaks() -> None:
    # Most line pitches here are paragraph breaks (20 pt against 14 pt inside a paragraph):
    # a median pitch would take the breaks for the usual spacing and merge everything.
    long = "The council approved the budget on Tuesday after a long debate in the"
    lines = [long, "chamber.", "Taxes rise.", "Libraries stay.", long, "room.", "A vote.", "End."]
    tops = itertools.accumulate([0, 14, 20, 20, 20, 14, 20, 20])
    items: list[Item] = [(72, 700 - dy, 10, text) for dy, text in zip(tops, lines, strict=True)]
    assert len(paragraphs(load_bytes(make_pdf([items]), "short.pdf"))) == 6


def test_list_numbers_are_told_from_years_and_initials() -> None:
    assert pdf_paragraphs._markers("2032. It is") == []
    assert pdf_paragraphs._markers("iv) x") == [("i", ")", 4, False)]
    assert pdf_paragraphs._markers("A. Smith said")[-1] == ("A", ".", 1, True)  # loose
    assert pdf_paragraphs._follows("(b) one", pdf_paragraphs._markers("(c) two"))


def test_title_falls_back_to_heading_when_metadata_is_junk() -> None:
    page: list[Item] = [(72, 700, 20, "Budget Statement"), (72, 670, 10, "The budget was set.")]
    doc = load_bytes(make_pdf([page], info={"Title": "Microsoft Word - draft3.docx"}), "b.pdf")
    assert doc.title == "Budget Statement"
    assert doc.paragraphs and doc.text.startswith("Budget Statement\n\nThe budget was set.")


def test_zero_pages_is_empty() -> None:
    with pytest.raises(LoadError) as err:
        pdf_loader.load(make_pdf([]), "none.pdf", "0" * 64)
    assert err.value.kind is LoadErrorKind.EMPTY


def test_pages_without_text_need_ocr() -> None:
    with pytest.raises(LoadError) as err:
        load_bytes(make_pdf([[], []]), "blank.pdf")
    assert err.value.kind is LoadErrorKind.NO_TEXT
    assert "needs OCR" in str(err.value)


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj <<", b"%PDF-1.7\n" + bytes(range(256)) * 4])
def test_damaged_pdf_is_corrupt(data: bytes) -> None:
    with pytest.raises(LoadError) as err:
        load_bytes(data, "broken.pdf")
    assert err.value.kind is LoadErrorKind.CORRUPT
    assert "damaged" in str(err.value)


def test_progress_is_reported_per_page_and_cancel_stops() -> None:
    data = make_pdf(column_pages(3))
    seen: list[tuple[int, int]] = []
    pdf_loader.load(data, "p.pdf", "0" * 64, progress=lambda d, t, m: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    calls = []

    def cancel_on_second() -> bool:
        calls.append(1)
        return len(calls) >= 2

    with pytest.raises(pdf_loader.LoadCancelled):
        pdf_loader.load(data, "p.pdf", "0" * 64, should_cancel=cancel_on_second)
