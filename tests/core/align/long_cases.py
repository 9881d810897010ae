"""Long-release cases: a release embedded in 40,000+ words of other, unrelated official text.

A release in a long document must give the same links as the release alone. The other text is
real: public PDFs from ``../shared/corpus/pdfs`` (a Federal Register rule, a state WARN report,
a municipal plan, a copyright notice, ...), taken two ways:

- ``concord``: through Concord's own PDF loader (paragraphs joined by blank lines);
- ``plain``: as other tools extract text, one line per printed line and a form feed between
  pages (pdfium's text of each page, not Concord's layout); the release itself is then
  hard-wrapped at 78 columns too.

The release goes at the start, in the middle or at the end. ``link_set`` reduces a comparison's
links to what must not change: the report span, the release passage's words, kind and moved.
Used by ``test_length_invariance.py`` and ``bench/bench_long_release.py``.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from core.documents import Document, load_bytes, load_document
from core.results import Comparison

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
PDFS = SHARED / "corpus" / "pdfs"
SEEDS = SHARED / "corpus" / "seeds"

#: Official publications with a text layer, in a fixed order (about 45,000 words in all).
PADDING = (
    "pdfplumber__federal-register-2020-17221.pdf",
    "pdfplumber__WARN-Report-for-7-1-2015-to-03-25-2016.pdf",
    "pdfminer__dmca.pdf",
    "pdfplumber__chelsea_pdta.pdf",
    "pdfplumber__issue-71-duplicate-chars-2.pdf",
    "pdfplumber__nics-background-checks-2015-11-rotated.pdf",
    "pdfplumber__150109DSP-Milw-505-90D.pdf",
    "pysamplefiles__multicolumn.pdf",
)
MODES = ("concord", "plain")
PLACES = ("start", "middle", "end")


def available() -> bool:
    return all((PDFS / name).is_file() for name in PADDING)


@cache
def _pieces(mode: str) -> tuple[str, ...]:
    out = []
    for name in PADDING:
        path = PDFS / name
        if mode == "concord":
            out.append(load_document(path).text)
        else:
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(str(path))
            try:
                pages = [page.get_textpage().get_text_range() for page in pdf]
            finally:
                pdf.close()
            out.append("\f".join(p.replace("\r\n", "\n").replace("\r", "\n") for p in pages))
    return tuple(out)


def padding_words(mode: str) -> int:
    return sum(len(p.split()) for p in _pieces(mode))


def _wrapped(text: str) -> str:
    """Hard line breaks at 78 columns, as a PDF-to-text tool gives a printed page."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return "\n\n".join(textwrap.fill(p, 78) for p in paragraphs)


def embedded(release_text: str, mode: str, place: str) -> Document:
    """The release inside the padding, as one TXT document."""
    pieces = list(_pieces(mode))
    release = _wrapped(release_text) if mode == "plain" else release_text
    at = {"start": 0, "middle": len(pieces) // 2, "end": len(pieces)}[place]
    pieces.insert(at, release)
    sep = "\n\f\n" if mode == "plain" else "\n\n"
    return load_bytes(sep.join(pieces).encode("utf-8"), f"long-{mode}-{place}.txt")


def alone(release_text: str, mode: str) -> Document:
    release = _wrapped(release_text) if mode == "plain" else release_text
    return load_bytes(release.encode("utf-8"), f"release-{mode}.txt")


def cases(release_text: str) -> Iterator[tuple[str, Document, Document]]:
    """``(label, release alone, release embedded)`` for every mode and place."""
    for mode in MODES:
        base = alone(release_text, mode)
        for place in PLACES:
            yield f"{mode}/{place}", base, embedded(release_text, mode, place)


def scenario(name: str) -> tuple[str, list[Document]]:
    """(release text, report documents) of ``"seeds"`` (the shared seed scenario) or
    ``"sample_docs"`` (ours)."""
    if name == "seeds":
        manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
        reports = sorted(p for p in SEEDS.glob("*.txt") if p.name != manifest["official"])
        release = (SEEDS / manifest["official"]).read_text(encoding="utf-8")
    else:
        reports = sorted((ROOT / "sample_docs").glob("report_*"))
        release = load_document(ROOT / "sample_docs" / "release.docx").text
    return release, [load_document(p) for p in reports]


def _words(text: str) -> str:
    return " ".join(text.split())


LinkKey = tuple[int, int, str, str, bool]


def link_set(official: Document, comparison: Comparison) -> set[LinkKey]:
    """Each link as (report start, report end, the release passage's words, kind, moved)."""
    return {
        (
            link.report.start,
            link.report.end,
            _words(official.text[link.official.start : link.official.end]),
            str(link.kind),
            link.moved,
        )
        for link in comparison.links
    }


def link_words(official: Document, comparison: Comparison) -> set[tuple[int, int, str, str]]:
    """Each link as (report start, report end, the release passage's words, kind): the same
    whatever line breaks the release text has."""
    return {key[:4] for key in link_set(official, comparison)}


VerdictKey = tuple[str, int, int, str]


def verdict_set(comparison: Comparison) -> set[VerdictKey]:
    """Each figure and quote verdict and each meaning shift as (what, report start, report
    end, verdict or kind)."""
    figures = {("figure", f.report.start, f.report.end, str(f.verdict)) for f in comparison.figures}
    quotes = {("quote", q.report.start, q.report.end, str(q.verdict)) for q in comparison.quotes}
    shifts = {("shift", x.report.start, x.report.end, str(x.kind)) for x in comparison.shifts}
    return figures | quotes | shifts
