"""Round trips of Document, Comparison and CompareResult through JSON (core/serialize.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.documents import DocFormat, Document, Span
from core.documents.model import SourceRef
from core.results import (
    CompareOptions,
    CompareResult,
    Comparison,
    DiffOp,
    DiffPiece,
    Evidence,
    Figure,
    FigureVerdict,
    Link,
    LinkKind,
    Quote,
    QuoteVerdict,
    ReportStats,
    RunState,
    Sentence,
)
from core.store.codec import (
    SerializeError,
    comparison_from_dict,
    comparison_to_dict,
    document_from_dict,
    document_to_dict,
    options_hash,
    result_from_dict,
    result_to_dict,
)

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "seeds"


def _doc(text: str, name: str, fmt: DocFormat = DocFormat.PDF) -> Document:
    return Document(
        text=text,
        paragraphs=(Span(0, 5), Span(7, len(text))),
        source_map=(
            SourceRef(0, 5, page=1, bbox=(72.0, 90.5, 300.25, 102.0)),
            SourceRef(7, len(text), page=2, bbox=(72, 100, 500, 140.125), line=3),
            SourceRef(7, 9, paragraph=4),
        ),
        title="Tïtle “quoted” £140m",
        path=f"C:\\docs\\{name}",
        sha256="ab" * 32,
        format=fmt,
        furniture=(Span(0, 5),),
        metadata=(("author", "Home Office"), ("date", "2023-12-05")),
    )


def _comparison() -> Comparison:
    diff = (DiffPiece(DiffOp.EQUAL, "the plan "), DiffPiece(DiffOp.DELETE, "is"),
            DiffPiece(DiffOp.INSERT, "was"))
    return Comparison(
        official_index=0,
        report_index=1,
        links=(
            Link(Span(0, 10), Span(3, 12), LinkKind.VERBATIM, moved=False, score=1.0),
            Link(
                Span(11, 40), Span(50, 90), LinkKind.PARAPHRASE, moved=True, score=0.7312345678,
                evidence=Evidence(
                    shared_terms=("treaty", "rwanda"), shared_phrases=("asylum treaty",),
                    shared_numbers=("140",), shared_names=("James Cleverly",),
                    features=(("token_set", 0.82), ("rare_overlap", 0.6)),
                ),
                diff=diff,
            ),
        ),
        added=(Span(91, 120),),
        omitted=(Span(41, 60), Span(61, 70)),
        quotes=(
            Quote(Span(5, 30), "we feel very strongly", QuoteVerdict.ALTERED,
                  speaker="James Cleverly", official=Span(2, 28), diff=diff),
            Quote(Span(31, 40), "nothing", QuoteVerdict.ABSENT),
        ),
        figures=(
            Figure(Span(1, 6), "£150m", "150000000 GBP", FigureVerdict.CHANGED,
                   official=Span(3, 8), official_text="£140m",
                   note="report says £150m; the release says £140m"),
            Figure(Span(7, 9), "18", "18", FigureVerdict.ABSENT),
        ),
        stats=ReportStats(0.5, 0.25, 0.125, altered_quotes=1, changed_figures=1, additions=1,
                          omissions=2),
        official_sentences=(Sentence(Span(0, 10), 0), Sentence(Span(11, 40), 1, furniture=True)),
        report_sentences=(Sentence(Span(3, 12), 0),),
    )


def test_document_round_trip_through_json_text() -> None:
    doc = _doc("Hello\n\nworld of “quotes” and émigrés 😃", "a.pdf")
    data = json.loads(json.dumps(document_to_dict(doc)))
    back = document_from_dict(data)
    assert back == doc
    assert isinstance(back.source_map[1].bbox[0], float)  # type: ignore[index]


def test_document_text_can_be_stored_apart() -> None:
    doc = _doc("Hello\n\nworld", "b.txt", DocFormat.TXT)
    data = document_to_dict(doc, include_text=False)
    assert "text" not in data
    assert document_from_dict(data, text=doc.text) == doc
    with pytest.raises(SerializeError, match="no text"):
        document_from_dict(data)


def test_defaults_are_left_out_and_restored() -> None:
    doc = Document("x", (Span(0, 1),), (SourceRef(0, 1),), "", "x.txt", "0" * 64, DocFormat.TXT)
    data = document_to_dict(doc)
    assert "furniture" not in data and "metadata" not in data
    assert data["source_map"] == [{"start": 0, "end": 1}]
    assert document_from_dict(data) == doc


def test_comparison_and_result_round_trip() -> None:
    comp = _comparison()
    assert comparison_from_dict(json.loads(json.dumps(comparison_to_dict(comp)))) == comp
    result = CompareResult(
        (_doc("Hello\n\nrelease text here", "r.pdf"), _doc("Hello\n\nreport", "p.docx")),
        (comp,),
        RunState.CANCELLED,
    )
    back = result_from_dict(json.loads(json.dumps(result_to_dict(result))))
    assert back == result
    assert back.comparisons[0].links[1].evidence.features[0] == ("token_set", 0.82)
    assert back.state is RunState.CANCELLED


def test_bad_data_gives_serialize_error() -> None:
    good = comparison_to_dict(_comparison())
    with pytest.raises(SerializeError, match="QuoteVerdict"):
        bad = json.loads(json.dumps(good))
        bad["quotes"][0]["verdict"] = "maybe"
        comparison_from_dict(bad)
    with pytest.raises(SerializeError, match="newer Concord"):
        comparison_from_dict({**good, "version": 99})
    with pytest.raises(SerializeError):
        comparison_from_dict({**good, "added": [[5, 1]]})  # end before start
    with pytest.raises(SerializeError):
        comparison_from_dict({**good, "links": "nope"})


def test_options_hash_is_stable_and_sensitive() -> None:
    assert options_hash(CompareOptions()) == options_hash(CompareOptions())
    assert options_hash(CompareOptions(min_score=0.6)) != options_hash(CompareOptions())


def test_real_comparison_round_trips() -> None:
    compare = pytest.importorskip("core.compare")
    jsonio = pytest.importorskip("core.results.jsonio")
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    release = jsonio.document_from_text((SEEDS / "002_27eb931e9716d1e9.txt").read_text(), "r.txt")
    report = jsonio.document_from_text((SEEDS / "000_d7b0eaf045d8ede4.txt").read_text(), "a.txt")
    result = compare.compare(release, [report])
    assert result.comparisons and result.comparisons[0].links
    assert result_from_dict(json.loads(json.dumps(result_to_dict(result)))) == result
