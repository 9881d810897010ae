"""Reports nobody wrote for Concord: 73 real news pages (``../shared/corpus/html``) about other
things, each compared with the seed release and the sample release. None restates either, so
every link is a false one; there must be none.

Measured when this test was written (2026-12-06): two false links in 146 pairs, both from a
food page's list of MPs ("| Richmond (Yorks) | Rishi Sunak | rishi.sunak.mp@parliament.uk |")
to release sentences naming the same minister: a two-word name counted as two pieces of
evidence, and the e-mail address as three more words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.compare import compare
from core.documents import Document, LoadError, load_document
from tests.core.align.long_cases import SHARED

ROOT = Path(__file__).resolve().parents[3]
SEEDS = SHARED / "corpus" / "seeds"
HTML = SHARED / "corpus" / "html"

pytestmark = pytest.mark.skipif(
    not (SEEDS.is_dir() and HTML.is_dir()), reason=f"shared corpus not found at {SHARED}"
)


def _pages() -> list[Document]:
    pages = sorted(HTML.glob("trafilatura/pages/*.html")) + sorted(
        HTML.glob("readability/*/source.html")
    )
    out = []
    for page in pages:
        try:
            out.append(load_document(page))
        except LoadError:
            continue
    return out


def test_unrelated_real_news_gets_no_link() -> None:
    pages = _pages()
    assert len(pages) >= 70
    official = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))["official"]
    releases = (load_document(SEEDS / official), load_document(ROOT / "sample_docs/release.pdf"))
    for release in releases:
        result = compare(release, pages)
        false = [
            (page.name, release.text[x.official.start : x.official.end][:60])
            for page, comp in zip(pages, result.comparisons, strict=True)
            for x in comp.links
        ]
        assert false == [], false
