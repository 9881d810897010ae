"""The sample scenario: every document in ``sample_docs/`` loads and its gold labels hold.

Gold strings are matched with ``find_all`` from ``../shared/eval/align_eval.py`` (whitespace,
quote style and case ignored), the same way the evaluation script matches them, so a gold string
that a loader breaks up (page footer inside a sentence, lost headline) fails here first.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from core.documents import DocFormat, Document, Span, load_document

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "sample_docs"
GOLD_PATH = ROOT / "tests" / "gold" / "sample_gold.json"
ALIGN_EVAL = ROOT.parent / "shared" / "eval" / "align_eval.py"

EXPECTED: dict[str, DocFormat] = {
    "release.pdf": DocFormat.PDF,
    "release.docx": DocFormat.DOCX,
    "report_wire.txt": DocFormat.TXT,
    "report_daily.html": DocFormat.HTML,
    "report_regional.docx": DocFormat.DOCX,
    "report_critic.pdf": DocFormat.PDF,
    "report_unrelated.txt": DocFormat.TXT,
    "report_newsletter.txt": DocFormat.TXT,
    "report_radio.txt": DocFormat.TXT,
    "report_roundup.txt": DocFormat.TXT,
}
RELEASES = ("release.pdf", "release.docx")
REPORTS = tuple(n for n in EXPECTED if n.startswith("report_"))
NEGATIVE_CONTROL = "report_unrelated.txt"

Finder = Callable[[str, str], list[tuple[int, int]]]


@cache
def _load(name: str) -> Document:
    return load_document(SAMPLES / name)


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def find_all() -> Finder:
    if not ALIGN_EVAL.exists():
        pytest.skip(f"{ALIGN_EVAL} is missing: ../shared is not checked out next to the repo")
    spec = importlib.util.spec_from_file_location("align_eval", ALIGN_EVAL)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    finder: Finder = module.find_all
    return finder


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_doc_exists(name: str) -> None:
    path = SAMPLES / name
    assert path.is_file(), f"{name} missing: run tools/make_sample_docs.py"
    assert path.stat().st_size > 500


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_doc_loads(name: str) -> None:
    doc = _load(name)
    assert doc.format is EXPECTED[name]
    assert doc.name == name
    assert len(doc.text.split()) > 200


def test_gold_names_the_sample_docs(gold: dict[str, Any]) -> None:
    assert gold["official"] == "release.pdf"
    assert sorted(gold["reports"]) == sorted(REPORTS)


@pytest.mark.parametrize("release", RELEASES)
def test_gold_official_strings_are_in_the_release(
    release: str, gold: dict[str, Any], find_all: Finder
) -> None:
    text = _load(release).text
    wanted = {p["official"] for r in gold["reports"].values() for p in r["pairs"]}
    missing = sorted(s for s in wanted if not find_all(text, s))
    assert missing == []


@pytest.mark.parametrize("report", REPORTS)
def test_gold_report_strings_are_in_the_report(
    report: str, gold: dict[str, Any], find_all: Finder
) -> None:
    text = _load(report).text
    g = gold["reports"][report]
    wanted = (
        [p["report"] for p in g["pairs"]]
        + [q["quote"] for q in g["quotes"]]
        + [f["figure"] for f in g["figures"]]
    )
    missing = [s for s in wanted if not find_all(text, s)]
    assert missing == []


def test_quote_verdicts_agree_with_the_release_text(
    gold: dict[str, Any], find_all: Finder
) -> None:
    """``exact`` quotes stand word for word in the release; altered and absent ones do not."""
    release = _load("release.pdf").text
    wrong = [
        (name, q["quote"])
        for name, g in gold["reports"].items()
        for q in g["quotes"]
        if bool(find_all(release, q["quote"])) != (q["verdict"] == "exact")
    ]
    assert wrong == []


@pytest.mark.parametrize("report", REPORTS)
def test_gold_quotes_are_quoted_speech(
    report: str, gold: dict[str, Any], find_all: Finder
) -> None:
    text = _load(report).text
    opening, closing = "“\"‘", "”\"’"
    for q in gold["reports"][report]["quotes"]:
        for start, end in find_all(text, q["quote"]):
            assert text[:start].rstrip()[-1:] in opening, q["quote"]
            assert any(c in closing for c in text[end: end + 2]), q["quote"]


@pytest.mark.parametrize("report", REPORTS)
def test_figures_of_different_verdicts_do_not_overlap(
    report: str, gold: dict[str, Any], find_all: Finder
) -> None:
    text = _load(report).text
    placed = [
        (Span(*span), f["verdict"], f["figure"])
        for f in gold["reports"][report]["figures"]
        for span in find_all(text, f["figure"])
    ]
    clashes = [
        (a[2], b[2])
        for i, a in enumerate(placed)
        for b in placed[i + 1:]
        if a[1] != b[1] and a[0].overlaps(b[0])
    ]
    assert clashes == []


def test_gold_exercises_every_feature(gold: dict[str, Any]) -> None:
    reports = gold["reports"]
    kinds = {p["kind"] for g in reports.values() for p in g["pairs"]}
    quotes = {q["verdict"] for g in reports.values() for q in g["quotes"]}
    figures = {f["verdict"] for g in reports.values() for f in g["figures"]}
    assert kinds == {"strong", "related"}
    assert quotes == {"exact", "altered", "absent"}
    assert figures == {"match", "changed", "absent"}
    assert {EXPECTED[name] for name in reports} == set(DocFormat)


def _features(g: dict[str, Any], report_text: str, release_text: str, find_all: Finder) -> set[str]:
    """What one report's gold shows it exercises (the README's feature table, derived)."""
    def norm(s: str) -> str:
        return " ".join(s.replace("“", '"').replace("”", '"').replace("’", "'").lower().split())

    tags = {f"quote:{q['verdict']}" for q in g["quotes"]}
    tags |= {f"figure:{f['verdict']}" for f in g["figures"]}
    strong = [p for p in g["pairs"] if p["kind"] == "strong"]
    if any(norm(p["report"]) == norm(p["official"]) for p in strong):
        tags.add("verbatim")
    if any(norm(p["report"]) != norm(p["official"]) for p in strong):
        tags.add("paraphrase")
    placed = [(find_all(report_text, p["report"]), find_all(release_text, p["official"]))
              for p in strong]
    # Strings that are not found are reported by the tests above; ordering ignores them.
    order = sorted((r[0][0], o[0][0]) for r, o in placed if r and o)
    if any(b[1] < a[1] for a, b in itertools.pairwise(order)):
        tags.add("moved")
    if not g["pairs"]:
        tags.add("unrelated")
    return tags


#: The feature table of tests/gold/README.md; the test derives each row from the gold.
FEATURES: dict[str, set[str]] = {
    "report_wire.txt": {
        "verbatim", "paraphrase", "moved", "quote:exact", "figure:match", "figure:absent",
    },
    "report_daily.html": {
        "paraphrase", "moved", "quote:exact", "quote:altered", "quote:absent",
        "figure:match", "figure:changed", "figure:absent",
    },
    "report_regional.docx": {
        "verbatim", "paraphrase", "moved", "quote:exact", "quote:altered", "quote:absent",
        "figure:match", "figure:changed", "figure:absent",
    },
    "report_critic.pdf": {
        "paraphrase", "moved", "quote:altered", "quote:absent",
        "figure:match", "figure:changed", "figure:absent",
    },
    "report_unrelated.txt": {"unrelated", "quote:absent", "figure:absent"},
    "report_newsletter.txt": {"paraphrase", "moved", "quote:exact"},
    "report_radio.txt": {"paraphrase", "moved", "quote:exact"},
    "report_roundup.txt": {"paraphrase", "moved", "quote:exact", "quote:altered"},
}


def _plain(blocks: list[tuple[str, str]]) -> str:
    return "\n\n".join(text for _, text in blocks)


def test_feature_table_matches_the_gold(gold: dict[str, Any], find_all: Finder) -> None:
    """Derived from the generator's source text, so it holds whatever the loaders do."""
    st, sst = _sample_texts(), _sample_texts("sample_shift_texts")
    sources = {
        "report_wire.txt": st.REPORT_WIRE, "report_daily.html": st.REPORT_DAILY,
        "report_regional.docx": st.REPORT_REGIONAL, "report_critic.pdf": st.REPORT_CRITIC,
        "report_unrelated.txt": st.REPORT_UNRELATED,
        "report_newsletter.txt": sst.REPORT_NEWSLETTER, "report_radio.txt": sst.REPORT_RADIO,
        "report_roundup.txt": sst.REPORT_ROUNDUP,
    }
    release = _plain(st.RELEASE)
    derived = {
        name: _features(gold["reports"][name], _plain(blocks), release, find_all)
        for name, blocks in sources.items()
    }
    assert derived == FEATURES
    readme = (ROOT / "tests" / "gold" / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in FEATURES)


def test_negative_control_shares_nothing_with_the_release(gold: dict[str, Any]) -> None:
    g = gold["reports"][NEGATIVE_CONTROL]
    assert g["pairs"] == []
    assert {q["verdict"] for q in g["quotes"]} == {"absent"}
    assert {f["verdict"] for f in g["figures"]} == {"absent"}


def test_each_report_omits_different_release_passages(gold: dict[str, Any]) -> None:
    """Reports must not all cover the same sentences, or omission detection goes untested."""
    used = {
        name: frozenset(p["official"] for p in g["pairs"] if p["kind"] == "strong")
        for name, g in gold["reports"].items()
        if name != NEGATIVE_CONTROL
    }
    every = frozenset().union(*used.values())
    omitted = {name: every - covered for name, covered in used.items()}
    assert all(len(o) >= 4 for o in omitted.values()), omitted
    assert len(set(omitted.values())) == len(omitted)


def test_release_pdf_running_header_and_footer_are_dropped() -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(SAMPLES / "release.pdf"))
    try:
        assert len(pdf) >= 2
        for i in range(len(pdf)):
            raw = pdf[i].get_textpage().get_text_range()
            assert f"Ministry of Coastal Affairs | Page {i + 1}" in raw
    finally:
        pdf.close()
    text = _load("release.pdf").text
    assert "| Page" not in text
    assert "| Press release" not in text


def test_release_docx_header_and_footer_are_dropped() -> None:
    text = _load("release.docx").text
    assert "| Press release" not in text
    assert "| Page" not in text
    assert "Notes to editors" in text


def test_html_keeps_the_article_and_drops_the_page_around_it() -> None:
    doc = _load("report_daily.html")
    for chrome in ("Accept all cookies", "Related stories", "Share on Facebook",
                   "Sign up to our newsletter", "Most read", "All rights reserved"):
        assert chrome not in doc.text, chrome
    for maybe in ("Leave a Reply", "Click to comment", "Photo: Jane Smith/Agency"):
        at = doc.text.find(maybe)
        if at >= 0:
            assert doc.is_furniture(Span(at, at + len(maybe))), maybe


@pytest.mark.parametrize("name", ["report_wire.txt", "report_unrelated.txt"])
def test_txt_page_furniture_is_marked(name: str) -> None:
    doc = _load(name)
    for line in ("Click to comment", "Sign up to our newsletter", "Photo: Jane Smith/Agency"):
        at = doc.text.find(line)
        assert at >= 0, line
        assert doc.is_furniture(Span(at, at + len(line))), line


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    pytest.importorskip("docx")
    out = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_sample_docs.py"), str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    differ = [
        name for name in EXPECTED
        if (tmp_path / name).read_bytes() != (SAMPLES / name).read_bytes()
    ]
    assert differ == [], "sample_docs/ is stale: run tools/make_sample_docs.py"


def _sample_texts(name: str = "sample_texts") -> ModuleType:
    tools = str(ROOT / "tools")
    sys.path.insert(0, tools)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(tools)


def test_sample_lengths_match_the_brief() -> None:
    st = _sample_texts()

    def words(blocks: list[tuple[str, str]]) -> int:
        return sum(len(text.split()) for kind, text in blocks if kind != "furniture")

    assert 600 <= words(st.RELEASE) <= 800
    sst = _sample_texts("sample_shift_texts")
    for blocks in (st.REPORT_WIRE, st.REPORT_DAILY, st.REPORT_REGIONAL, st.REPORT_CRITIC,
                   st.REPORT_UNRELATED, sst.REPORT_NEWSLETTER, sst.REPORT_RADIO,
                   sst.REPORT_ROUNDUP):
        assert 300 <= words(blocks) <= 700
