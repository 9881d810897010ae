"""DOCX loading: body text in reading order, tables, no headers/footers/comments, clear errors."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from core.documents import DocFormat, Document, LoadError, LoadErrorKind, load_bytes, load_document

ROOT = Path(__file__).resolve().parents[3]
DOCX_DIR = ROOT.parent / "shared" / "corpus" / "docx"

#: Text that sits in each fixture's headers, footers or comments and must never be loaded.
HIDDEN = {
    "blk-paras-and-tables.docx": ["Left-side", "Right-side", "Copyright", "Page-number"],
    "comments-rich-para.docx": ["Text with hyperlink", "inline image", "character style"],
    "doc-odd-even-hdrs.docx": ["Even page header", "page header"],
    "hdr-header-footer.docx": ["Header for section", "Footer for section"],
    "sct-first-page-hdrftr.docx": ["Default (odd, primary) Header", "First Page Header"],
}


@pytest.fixture
def docx_dir() -> Path:
    if not DOCX_DIR.is_dir():
        pytest.skip(f"DOCX fixtures not found at {DOCX_DIR} (../shared is missing)")
    return DOCX_DIR


def _load(path: Path) -> Document:
    return load_document(path)


def test_every_fixture_loads_or_is_reported_empty(docx_dir: Path) -> None:
    files = sorted(docx_dir.glob("*.docx"))
    assert len(files) == 12
    for path in files:
        if path.name == "tbl-having-tables.docx":
            # Its three tables have no text in any cell: an empty document, said so.
            with pytest.raises(LoadError) as err:
                _load(path)
            assert err.value.kind is LoadErrorKind.EMPTY
            continue
        doc = _load(path)
        assert doc.format is DocFormat.DOCX
        assert doc.text.strip() and doc.title, path.name
        for hidden in HIDDEN.get(path.name, []):
            assert hidden not in doc.text, (path.name, hidden)
        for ref in doc.source_map:
            assert ref.paragraph is not None and ref.paragraph >= 0


def test_body_text_of_header_and_comment_fixtures_is_kept(docx_dir: Path) -> None:
    doc = _load(docx_dir / "comments-rich-para.docx")
    assert "Some text worthy of note." in doc.text and "Paragraph 7" in doc.text
    doc = _load(docx_dir / "sct-first-page-hdrftr.docx")
    assert "Page 4, First Page of second section." in doc.text
    # Empty source paragraphs still count, so paragraph indexes match the Word file.
    assert doc.source_map[-1].paragraph == 9


def test_tables_and_nested_tables_are_read_in_document_order(docx_dir: Path) -> None:
    doc = _load(docx_dir / "blk-paras-and-tables.docx")
    order = ["Lorem ipsum", "Text before", "Table", "Between", "Text after", "Donec semper"]
    positions = [doc.text.index(word) for word in order]
    assert positions == sorted(positions)


def test_hyperlinks_and_page_breaks_keep_their_text(docx_dir: Path) -> None:
    doc = _load(docx_dir / "par-hyperlinks.docx")
    assert "Three hyperlinks: the first one here, the second one, and the third." in doc.text
    doc = _load(docx_dir / "par-rendered-page-breaks.docx")
    assert "Two page>><<breaks>><<in one run." in doc.text


def test_title_comes_from_the_heading_style(docx_dir: Path) -> None:
    assert _load(docx_dir / "par-known-paragraphs.docx").title == "Heading Paragraph"
    doc = _load(docx_dir / "test.docx")
    assert doc.title == "python-docx was here!"
    assert doc.meta("author") == "Cisco Employee" and doc.meta("date") == "2013-12-15"


def _built_docx() -> bytes:
    import docx

    word = docx.Document()
    section = word.sections[0]
    section.header.paragraphs[0].text = "CONFIDENTIAL HEADER LINE"
    section.footer.paragraphs[0].text = "Footer page text"
    word.add_paragraph("Press release", style="Normal")
    word.add_heading("Ministers sign the treaty", level=1)
    body = word.add_paragraph("The treaty was signed in Kigali.")
    word.add_comment(body.runs, text="Reviewer: check this date", author="Ed")
    table = word.add_table(rows=2, cols=3)
    for r, row in enumerate([["Year", "Arrivals", "Change"], ["2023", "29,090", "-33%"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = word.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Merged once"
    word.add_paragraph("After the tables.")
    word.core_properties.author = "Press Office"
    word.core_properties.created = datetime(2023, 12, 5, 16, 44, tzinfo=timezone.utc)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_built_document_reading_order_tables_and_exclusions() -> None:
    doc = load_bytes(_built_docx(), "built.docx")
    paras = [doc.text[p.start : p.end] for p in doc.paragraphs]
    assert paras == [
        "Press release",
        "Ministers sign the treaty",
        "The treaty was signed in Kigali.",
        "Year | Arrivals | Change",
        "2023 | 29,090 | -33%",
        "Merged once",
        "After the tables.",
    ]
    assert "CONFIDENTIAL" not in doc.text and "Footer page" not in doc.text
    assert "Reviewer" not in doc.text
    assert doc.title == "Ministers sign the treaty"
    assert doc.meta("author") == "Press Office" and doc.meta("date") == "2023-12-05"
    # The "Press release" label above the headline is furniture; the body is not.
    assert [doc.text[s.start : s.end] for s in doc.furniture] == ["Press release"]


def _with_parts(data: bytes, extra: dict[str, bytes], drop: str = "") -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in src.infolist():
            if item.filename != drop:
                zf.writestr(item, src.read(item.filename))
        for name, content in extra.items():
            zf.writestr(name, content)
    return out.getvalue()


def test_tracked_changes_and_custom_site_property() -> None:
    import docx

    word = docx.Document()
    word.core_properties.title = "Title from the core properties"
    p = word.add_paragraph("Kept text")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    from lxml import etree

    deleted = etree.SubElement(p._p, f"{{{w}}}del")
    run = etree.SubElement(deleted, f"{{{w}}}r")
    etree.SubElement(run, f"{{{w}}}delText").text = " REMOVED WORDS"
    inserted = etree.SubElement(p._p, f"{{{w}}}ins")
    run = etree.SubElement(inserted, f"{{{w}}}r")
    etree.SubElement(run, f"{{{w}}}t").text = " and inserted text"
    out = io.BytesIO()
    word.save(out)
    custom = (
        b'<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org'
        b'/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2C'
        b'F9AE}" pid="2" name="Outlet"><vt:lpwstr>Daily Example</vt:lpwstr></property></Properties>'
    )
    doc = load_bytes(_with_parts(out.getvalue(), {"docProps/custom.xml": custom}), "t.docx")
    assert doc.text == "Kept text and inserted text"
    assert doc.meta("site") == "Daily Example"
    assert doc.title == "Title from the core properties"


def test_damaged_and_foreign_files_give_one_clear_error() -> None:
    good = _built_docx()
    cases = [
        (good[: len(good) // 2], LoadErrorKind.CORRUPT, "damaged"),
        (b"PK\x03\x04 this is not really a zip", LoadErrorKind.CORRUPT, "damaged"),
        (_with_parts(good, {}, drop="word/document.xml"), LoadErrorKind.CORRUPT, "not a Word"),
        (b"just some text pretending to be Word", LoadErrorKind.CORRUPT, "damaged"),
    ]
    for data, kind, words in cases:
        with pytest.raises(LoadError) as err:
            load_bytes(data, "broken.docx")
        assert err.value.kind is kind
        assert words in str(err.value) and "\n" not in str(err.value)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_password_protected_docx_is_reported_as_encrypted() -> None:
    # An encrypted OOXML file is an OLE compound file holding an "EncryptedPackage" stream.
    data = OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    with pytest.raises(LoadError) as err:
        load_bytes(data, "secret.docx")
    assert err.value.kind is LoadErrorKind.ENCRYPTED
    assert "password-protected Word file; remove the password in Word" in str(err.value)


def test_old_word_doc_renamed_to_docx_is_unsupported() -> None:
    data = OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 512
    with pytest.raises(LoadError) as err:
        load_bytes(data, "old.docx")
    assert err.value.kind is LoadErrorKind.UNSUPPORTED
    assert "Word 97-2003" in str(err.value)
