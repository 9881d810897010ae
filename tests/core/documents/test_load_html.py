"""HTML loading: article body only, metadata, decoding, fallbacks, and F1 on the eval subset."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from core.documents import DocFormat, LoadError, LoadErrorKind, load_bytes, load_document
from core.documents.loaders.html import declared_charset, decode_html

ROOT = Path(__file__).resolve().parents[3]
HTML_DIR = ROOT.parent / "shared" / "corpus" / "html"

ARTICLE = [
    "The Home Secretary signed a new treaty with Rwanda on Tuesday, strengthening the "
    "migration partnership and addressing the concerns raised by the Supreme Court.",
    "The treaty is binding in international law and ensures that people relocated to Rwanda "
    "are not at risk of being returned to a country where their life would be threatened.",
    "An independent monitoring committee will check that the obligations are met, and it "
    "may publish its reports as it sees fit, the Home Office said in a statement.",
    "Ministers hope that the first flights will leave in the spring, after emergency "
    "legislation confirming that Rwanda is a safe country has passed through Parliament.",
]


def _page(charset: str = "utf-8", extra_body: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">
<title>Treaty signed to strengthen the UK–Rwanda partnership | Example News</title>
<meta property="og:title" content="Treaty signed to strengthen the UK–Rwanda partnership">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2023-12-05T16:44:00Z">
<meta property="og:site_name" content="Example News">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport navigation link</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>Treaty signed to strengthen the UK–Rwanda partnership</h1>{paragraphs}{extra_body}
<div class="share">Share on Facebook Share on Twitter</div></article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>This comment by a reader must not appear in the article text at all.</p>
</div></section>
<footer><p>Copyright 2023 Example News Ltd. All rights reserved.</p></footer>
</body></html>"""


def test_article_body_only_with_metadata() -> None:
    doc = load_bytes(_page().encode("utf-8"), "page.html")
    assert doc.format is DocFormat.HTML
    for paragraph in ARTICLE:
        assert paragraph in doc.text
    for boilerplate in ("Sport navigation link", "We use cookies", "must not appear", "Copyright"):
        assert boilerplate not in doc.text
    assert doc.title == "Treaty signed to strengthen the UK–Rwanda partnership"
    assert doc.meta("date") == "2023-12-05"
    assert doc.meta("author") == "Jane Reporter"
    assert doc.meta("site") == "Example News"
    # Paragraph structure survives: one paragraph per block, in order, indexed from 0.
    texts = [doc.text[p.start : p.end] for p in doc.paragraphs]
    assert texts[0] == "Treaty signed to strengthen the UK–Rwanda partnership"
    assert texts[1:5] == ARTICLE
    assert [r.paragraph for r in doc.source_map] == list(range(len(doc.paragraphs)))


def test_furniture_left_in_the_article_is_marked() -> None:
    extra = "<p>Sign up to our newsletter</p><p>Read more: Rwanda bill passes first vote</p>"
    doc = load_bytes(_page(extra_body=extra).encode("utf-8"), "page.html")
    marked = {doc.text[s.start : s.end] for s in doc.furniture}
    assert "Sign up to our newsletter" in marked
    assert not any(p in marked for p in ARTICLE)


def test_declared_legacy_charset_is_used() -> None:
    data = _page("windows-1252").encode("cp1252")
    assert declared_charset(data) == "cp1252"
    doc = load_bytes(data, "page.html")
    assert "UK–Rwanda" in doc.title and doc.meta("encoding") == "cp1252"
    # ISO-8859-1 labels mean windows-1252 on the web (curly quotes and dashes included).
    data = _page("ISO-8859-1").encode("cp1252")
    assert load_bytes(data, "page.html").meta("encoding") == "cp1252"


def test_valid_utf8_wins_over_a_wrong_declaration() -> None:
    markup, encoding = decode_html(_page("iso-8859-1").encode("utf-8"), "page.html")
    assert encoding == "utf-8" and "UK–Rwanda" in markup


def test_utf8_page_with_a_damaged_byte_stays_utf8() -> None:
    data = _page().encode("utf-8").replace(b"<article>", b"<article>\x97", 1)
    markup, encoding = decode_html(data, "page.html")
    assert encoding == "utf-8" and "UK–Rwanda" in markup


def test_utf16_page_with_bom() -> None:
    doc = load_bytes(_page("utf-16").encode("utf-16"), "page.html")
    assert ARTICLE[0] in doc.text


def test_bare_fragment_and_short_page_fall_back_to_readable_text() -> None:
    fragment = "".join(f"<p>{p}</p>" for p in ARTICLE[:2])
    doc = load_bytes(f"<div>{fragment}</div>".encode(), "fragment.html")
    assert ARTICLE[0] in doc.text and ARTICLE[1] in doc.text
    tiny = b"<html><body><p>Ministers met in Kigali.</p></body></html>"
    assert "Ministers met in Kigali." in load_bytes(tiny, "tiny.html").text


@pytest.mark.parametrize(
    "data",
    [
        b"<html><head><title>x</title></head><body></body></html>",
        b"<html><body><script>document.write('built by JavaScript')</script></body></html>",
    ],
)
def test_page_without_text_is_empty(data: bytes) -> None:
    with pytest.raises(LoadError) as err:
        load_bytes(data, "empty.html")
    assert err.value.kind is LoadErrorKind.EMPTY


def test_readability_pages_load_with_their_title() -> None:
    import json

    folder = HTML_DIR / "readability"
    if not folder.is_dir():
        pytest.skip(f"readability pages not found at {folder} (../shared is missing)")
    for name in ("aclu", "bbc-1", "guardian-1", "lemonde-1", "nytimes-1", "wapo-1"):
        doc = load_document(folder / name / "source.html")
        expected = json.loads((folder / name / "expected-metadata.json").read_text("utf-8"))
        assert doc.title == expected["title"].replace("  ", " "), name
        assert len(doc.paragraphs) >= 10, name


@pytest.mark.slow
def test_segment_f1_on_trafilatura_eval_subset() -> None:
    if not (HTML_DIR / "trafilatura" / "evaldata_subset.json").exists():
        pytest.skip(f"trafilatura eval data not found under {HTML_DIR} (../shared is missing)")
    sys.path.insert(0, str(ROOT))
    from bench.html_f1 import concord_text, load_cases, score

    cases = load_cases(HTML_DIR / "trafilatura")
    started = time.perf_counter()
    result = score(concord_text, cases)
    assert time.perf_counter() - started < 60
    assert result.f1 >= 0.9, result.line("Concord HTML loader")
    assert result.precision >= 0.88 and result.recall >= 0.9
