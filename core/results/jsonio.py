"""The ``compare --json`` format: ``result_to_json`` and ``result_from_json`` (its inverse).

The format is the one ``../shared/eval/README.md`` defines (documents ``d0..``, comparisons with
links, added, omitted, quotes, figures as ``[start, end]`` ranges) plus extra keys the evaluator
ignores: meaning shifts, stats, evidence, diff, speaker, note, sentences and document metadata,
enough to rebuild the ``CompareResult`` exactly. ``document_from_text`` builds a ``Document`` from
plain text (blank lines separate paragraphs). ``result_to_json_bytes`` writes the JSON text with
orjson. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson

from core.documents import DocFormat, Document, Span, paused_gc
from core.results.model import (
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
    Shift,
    ShiftDirection,
    ShiftKind,
)

FORMAT_VERSION = 1
_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t\r\f\v]*\n))*")


def document_from_text(text: str, path: str = "text.txt", title: str = "") -> Document:
    """A ``Document`` for plain text: paragraphs are separated by blank lines."""
    paragraphs = tuple(Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(text))
    return Document(
        text=text,
        paragraphs=paragraphs,
        source_map=(),
        title=title or path.replace("\\", "/").rsplit("/", 1)[-1],
        path=path,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format=DocFormat.TXT,
    )


def _span(s: Span | None) -> list[int] | None:
    return None if s is None else [s.start, s.end]


def _diff(d: tuple[DiffPiece, ...]) -> list[list[str]]:
    return [[p.op.value, p.text] for p in d]


def _sentence_rows(
    sentences: tuple[Sentence, ...], memo: dict[int, tuple[Any, list[list[Any]]]] | None
) -> list[list[Any]]:
    if memo is None:
        return [[s.span.start, s.span.end, s.paragraph, s.furniture] for s in sentences]
    # Every comparison of a run holds the same release sentences (one tuple): a 6,000-sentence
    # release against 77 reports made 462,000 lists, a second and a half, for one table.
    # The tuple is kept in the memo beside its list, so its id cannot be reused meanwhile.
    hit = memo.get(id(sentences))
    if hit is None:
        hit = memo[id(sentences)] = (sentences, _sentence_rows(sentences, None))
    return hit[1]


def comparison_to_json(
    c: Comparison,
    official_id: str,
    report_id: str,
    memo: dict[int, tuple[Any, list[list[Any]]]] | None = None,
) -> dict[str, Any]:
    """``c`` in the evaluator's format; ``memo`` (one dict per result) shares the sentence
    table of a release that several comparisons hold (the JSON text is the same)."""
    st = c.stats
    return {
        "official": official_id,
        "report": report_id,
        "links": [
            {
                "official": _span(x.official),
                "report": _span(x.report),
                "kind": x.kind.value,
                "moved": x.moved,
                "score": x.score,
                "evidence": {
                    "shared_terms": list(x.evidence.shared_terms),
                    "shared_phrases": list(x.evidence.shared_phrases),
                    "shared_numbers": list(x.evidence.shared_numbers),
                    "shared_names": list(x.evidence.shared_names),
                    "features": {k: v for k, v in x.evidence.features},
                },
                "diff": _diff(x.diff),
            }
            for x in c.links
        ],
        # Inline, not ``_span``: a long release leaves thousands of omitted spans per report.
        "added": [[s.start, s.end] for s in c.added],
        "omitted": [[s.start, s.end] for s in c.omitted],
        "quotes": [
            {
                "report": _span(q.report),
                "verdict": q.verdict.value,
                "official": _span(q.official),
                "text": q.text,
                "speaker": q.speaker,
                "diff": _diff(q.diff),
            }
            for q in c.quotes
        ],
        "figures": [
            {
                "report": _span(f.report),
                "verdict": f.verdict.value,
                "official": _span(f.official),
                "text": f.text,
                "value": f.value,
                "official_text": f.official_text,
                "note": f.note,
            }
            for f in c.figures
        ],
        "shifts": [
            {
                "kind": x.kind.value,
                "report": _span(x.report),
                "official": _span(x.official),
                "direction": x.direction.value,
                "release_words": x.release_words,
                "report_words": x.report_words,
                "explanation": x.explanation,
            }
            for x in c.shifts
        ],
        "stats": {
            "release_coverage": st.release_coverage,
            "derived_share": st.derived_share,
            "verbatim_share": st.verbatim_share,
            "altered_quotes": st.altered_quotes,
            "changed_figures": st.changed_figures,
            "additions": st.additions,
            "omissions": st.omissions,
        },
        "official_sentences": _sentence_rows(c.official_sentences, memo),
        "report_sentences": _sentence_rows(c.report_sentences, None),
    }


def document_to_json(doc: Document, doc_id: str, role: str) -> dict[str, Any]:
    return {
        "id": doc_id,
        "name": doc.name,
        "role": role,
        "text": doc.text,
        "path": doc.path,
        "title": doc.title,
        "format": doc.format.value,
        "sha256": doc.sha256,
        "paragraphs": [[p.start, p.end] for p in doc.paragraphs],
        "furniture": [[f.start, f.end] for f in doc.furniture],
        "metadata": [[k, v] for k, v in doc.metadata],
    }


def result_to_json(result: CompareResult) -> dict[str, Any]:
    """The evaluator's format for ``result`` (``d0`` is the release, ``d1..`` the reports)."""
    docs = [
        document_to_json(d, f"d{i}", "official" if i == 0 else "report")
        for i, d in enumerate(result.documents)
    ]
    memo: dict[int, tuple[Any, list[list[Any]]]] = {}
    with paused_gc():  # hundreds of thousands of small lists, no cycles (see ``paused_gc``)
        comps = [
            comparison_to_json(c, f"d{c.official_index}", f"d{c.report_index}", memo)
            for c in result.comparisons
        ]
    return {
        "format": "concord-compare",
        "version": FORMAT_VERSION,
        "state": result.state.value,
        "documents": docs,
        "comparisons": comps,
    }


def result_to_json_bytes(result: CompareResult) -> bytes:
    """``result_to_json(result)`` as UTF-8 JSON text, written by orjson.

    A long release against many reports is tens of megabytes of JSON, most of it omitted
    passages as ``[start, end]`` pairs: the standard library took 0.3-0.45 s to write the
    26 MB of a 46,000-word release against 77 reports, orjson 0.02-0.03 s, 8% of the whole
    ``compare --json`` run. Same JSON values; the text has no spaces after ``,`` and ``:``.
    """
    return orjson.dumps(result_to_json(result))


# --- reading back -------------------------------------------------------------------------------


def _to_span(v: Any) -> Span | None:
    return None if v is None else Span(int(v[0]), int(v[1]))


def _req_span(v: Any) -> Span:
    s = _to_span(v)
    if s is None:
        raise ValueError("a required range is null")
    return s


def _to_diff(v: Any) -> tuple[DiffPiece, ...]:
    return tuple(DiffPiece(DiffOp(op), str(text)) for op, text in v or ())


def _doc_from_json(d: dict[str, Any]) -> Document:
    text = d["text"]
    paragraphs = d.get("paragraphs")
    if paragraphs is None:
        base = document_from_text(text, d.get("path") or d.get("name", "document.txt"))
        paragraphs = [[p.start, p.end] for p in base.paragraphs]
    return Document(
        text=text,
        paragraphs=tuple(_req_span(p) for p in paragraphs),
        source_map=(),
        title=d.get("title", d.get("name", "")),
        path=d.get("path", d.get("name", "")),
        sha256=d.get("sha256", hashlib.sha256(text.encode("utf-8")).hexdigest()),
        format=DocFormat(d.get("format", "txt")),
        furniture=tuple(_req_span(f) for f in d.get("furniture", ())),
        metadata=tuple((str(k), str(v)) for k, v in d.get("metadata", ())),
    )


def _sentences(v: Any) -> tuple[Sentence, ...]:
    return tuple(Sentence(Span(int(a), int(b)), int(p), bool(f)) for a, b, p, f in v or ())


def _comparison_from_json(c: dict[str, Any], ids: dict[str, int]) -> Comparison:
    links = []
    for x in c.get("links", ()):
        ev = x.get("evidence") or {}
        links.append(
            Link(
                official=_req_span(x["official"]),
                report=_req_span(x["report"]),
                kind=LinkKind(x["kind"]),
                moved=bool(x.get("moved", False)),
                score=float(x.get("score", 0.0)),
                evidence=Evidence(
                    shared_terms=tuple(ev.get("shared_terms", ())),
                    shared_phrases=tuple(ev.get("shared_phrases", ())),
                    shared_numbers=tuple(ev.get("shared_numbers", ())),
                    shared_names=tuple(ev.get("shared_names", ())),
                    features=tuple((k, float(v)) for k, v in (ev.get("features") or {}).items()),
                ),
                diff=_to_diff(x.get("diff")),
            )
        )
    quotes = tuple(
        Quote(
            report=_req_span(q["report"]),
            text=q.get("text", ""),
            verdict=QuoteVerdict(q["verdict"]),
            speaker=q.get("speaker"),
            official=_to_span(q.get("official")),
            diff=_to_diff(q.get("diff")),
        )
        for q in c.get("quotes", ())
    )
    figures = tuple(
        Figure(
            report=_req_span(f["report"]),
            text=f.get("text", ""),
            value=f.get("value", ""),
            verdict=FigureVerdict(f["verdict"]),
            official=_to_span(f.get("official")),
            official_text=f.get("official_text"),
            note=f.get("note", ""),
        )
        for f in c.get("figures", ())
    )
    shifts = tuple(
        Shift(
            kind=ShiftKind(x["kind"]),
            report=_req_span(x["report"]),
            official=_req_span(x["official"]),
            direction=ShiftDirection(x["direction"]),
            release_words=str(x.get("release_words", "")),
            report_words=str(x.get("report_words", "")),
            explanation=str(x.get("explanation", "")),
        )
        for x in c.get("shifts", ())
    )
    st = c.get("stats") or {}
    stats = ReportStats(
        release_coverage=float(st.get("release_coverage", 0.0)),
        derived_share=float(st.get("derived_share", 0.0)),
        verbatim_share=float(st.get("verbatim_share", 0.0)),
        altered_quotes=int(st.get("altered_quotes", 0)),
        changed_figures=int(st.get("changed_figures", 0)),
        additions=int(st.get("additions", 0)),
        omissions=int(st.get("omissions", 0)),
    )
    return Comparison(
        official_index=ids[c["official"]],
        report_index=ids[c["report"]],
        links=tuple(links),
        added=tuple(_req_span(s) for s in c.get("added", ())),
        omitted=tuple(_req_span(s) for s in c.get("omitted", ())),
        quotes=quotes,
        figures=figures,
        stats=stats,
        official_sentences=_sentences(c.get("official_sentences")),
        report_sentences=_sentences(c.get("report_sentences")),
        shifts=shifts,
    )


def result_from_json(data: dict[str, Any]) -> CompareResult:
    """Rebuild a ``CompareResult`` from ``result_to_json`` output; ValueError if malformed."""
    try:
        docs = data["documents"]
        ids = {d["id"]: i for i, d in enumerate(docs)}
        documents = tuple(_doc_from_json(d) for d in docs)
        comps = tuple(_comparison_from_json(c, ids) for c in data.get("comparisons", ()))
        state = RunState(data.get("state", RunState.COMPLETED.value))
    except (KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"not a Concord comparison file ({type(exc).__name__}: {exc})") from exc
    return CompareResult(documents, comps, state)
