"""W3C Web Annotation export and import (core/webanno.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from core.anchoring import AnchorState, describe, webanno
from core.documents import DocFormat, Document, Span
from core.documents.loaders.builder import TextBuilder
from core.store import Session
from core.store.web_annotations import export_session, import_into

RELEASE = "Rwanda treaty signed.\n\nThe Home Secretary said the plan is lawful and fair."
REPORT = "Minister in Kigali.\n\nHe said the plan is lawful, critics disagree.\n\nMore later."


def make_doc(text: str, name: str) -> tuple[Document, bytes]:
    data = text.encode("utf-8")
    builder = TextBuilder()
    for para in text.split("\n\n"):
        builder.add_paragraph(para)
    sha = hashlib.sha256(data).hexdigest()
    return builder.build(title=name, path=name, sha256=sha, fmt=DocFormat.TXT), data


def _sel(doc: Document, quote: str) -> object:
    start = doc.text.index(quote)
    return describe(doc.text, Span(start, start + len(quote)), doc.sha256)


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Session, Document, Document]:
    s = Session.create(tmp_path / "a.concord")
    rel, rb = make_doc(RELEASE, "release.txt")
    rep, pb = make_doc(REPORT, "report.txt")
    s.add_document(rel, rb, role="official")
    s.add_document(rep, pb)
    s.add_annotation([_sel(rep, "critics disagree")], note="Who?",  # type: ignore[list-item]
                     tags=["needs follow-up", "added claim"])
    s.add_annotation([_sel(rel, "the plan is lawful"), _sel(rep, "the plan is lawful")],  # type: ignore[list-item]
                     kind="pair", note="Same claim, word for word")
    s.add_annotation([_sel(rep, "Kigali")], tags=["accurate"],  # type: ignore[list-item]
                     kind="finding", finding="quote:3:9")
    return s, rel, rep


def test_export_shape(filled: tuple[Session, Document, Document]) -> None:
    s, rel, rep = filled
    data = json.loads(json.dumps(export_session(s)))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    first, pair, finding = data["first"]["items"]
    assert first["type"] == "Annotation" and first["motivation"] == "commenting"
    assert first["id"].startswith("urn:uuid:")
    assert first["body"] == [
        {"type": "TextualBody", "value": "Who?", "purpose": "commenting", "format": "text/plain"},
        {"type": "TextualBody", "value": "needs follow-up", "purpose": "tagging"},
        {"type": "TextualBody", "value": "added claim", "purpose": "tagging"},
    ]
    target = first["target"]
    assert target["source"] == {"id": f"urn:sha256:{rep.sha256}", "type": "Text",
                                "label": "report.txt", "format": "text/plain"}
    quote, pos = target["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "critics disagree"
    assert pos == {"type": "TextPositionSelector", "start": REPORT.index("critics"),
                   "end": REPORT.index("critics") + 16}
    assert isinstance(pair["target"], list) and len(pair["target"]) == 2
    assert pair["target"][0]["source"]["id"] == f"urn:sha256:{rel.sha256}"
    assert finding["motivation"] == "tagging" and finding["concord:finding"] == "quote:3:9"


def test_round_trip_into_a_new_session(
    filled: tuple[Session, Document, Document], tmp_path: Path
) -> None:
    s, rel, rep = filled
    exported = json.loads(json.dumps(export_session(s)))
    with Session.create(tmp_path / "b.concord") as other:
        other.add_document(rel, RELEASE.encode(), role="official")
        other.add_document(rep, REPORT.encode())
        report = import_into(other, exported)
        assert len(report.added) == 3 and report.unmatched == () and report.orphaned == 0
        got = [(a.targets, a.note, a.tags, a.kind, a.finding) for a in other.annotations()]
        want = [(a.targets, a.note, a.tags, a.kind, a.finding) for a in s.annotations()]
        assert got == want
        # Importing the same file again adds nothing twice.
        again = import_into(other, exported)
        assert again.added == () and again.duplicates == 3
    # Re-importing into the session it came from is recognised too.
    assert import_into(s, exported).duplicates == 3


def test_import_reanchors_by_name_when_the_file_changed(
    filled: tuple[Session, Document, Document], tmp_path: Path
) -> None:
    s = filled[0]
    exported = export_session(s)
    edited = "Breaking.\n\n" + REPORT.replace("More later.", "")
    new_rep, new_bytes = make_doc(edited, "report.txt")
    with Session.create(tmp_path / "c.concord") as other:
        other.add_document(new_rep, new_bytes)  # same name, new content; release missing
        report = import_into(other, exported)
        assert len(report.added) == 2
        assert len(report.unmatched) == 1 and "release.txt" in report.unmatched[0]
        assert report.moved == 2
        for ann in other.annotations():
            sel = ann.targets[0]
            assert sel.document_sha256 == new_rep.sha256
            assert edited[sel.start:sel.end] == sel.exact
            assert ann.state is AnchorState.ANCHORED


def test_import_of_foreign_annotation_and_bad_input(tmp_path: Path) -> None:
    rep, pb = make_doc(REPORT, "report.txt")
    hypothesis_style = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "https://example.org/anno/1",
        "body": {"type": "TextualBody", "value": "Interesting"},
        "target": {
            "source": "https://news.example/story",
            "selector": [{"type": "TextQuoteSelector", "exact": "critics disagree",
                          "prefix": "lawful, ", "suffix": ".\n\nMore"}],
        },
    }
    with Session.create(tmp_path / "d.concord") as s:
        s.add_document(rep, pb)
        report = import_into(s, hypothesis_style)
        assert report.added == () and len(report.unmatched) == 1  # no document by that name
        hypothesis_style["target"]["source"] = {"id": "x", "label": "report.txt"}  # type: ignore[index]
        report = import_into(s, hypothesis_style)
        (ann,) = s.annotations()
        assert ann.note == "Interesting" and ann.state is AnchorState.ANCHORED
        assert REPORT[ann.targets[0].start:ann.targets[0].end] == "critics disagree"
    for bad, message in [
        ({"type": "Person"}, "expected an Annotation"),
        ([{"type": "Annotation", "target": {"source": "x", "selector": []}}], "TextQuoteSelector"),
        ("text", "JSON object"),
    ]:
        with pytest.raises(webanno.WebAnnoError, match=message):
            webanno.parse(bad)
