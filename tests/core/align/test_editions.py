"""One base text against its later editions: Darwin's first paragraph of the Origin, 1859 to 1872.

A case unlike the press scenario the engine was tuned on (long Victorian sentences with
semicolons, revised a few words at a time over six editions; ``../shared/corpus/multiversion``).
Every sentence of 1859 survives in every edition, so each must be linked and the release fully
covered; a link is verbatim exactly when the edition left the sentence's words alone.
"""

from __future__ import annotations

import json
import re

import pytest

from core.compare import compare
from core.results import LinkKind
from core.results.jsonio import document_from_text
from tests.core.align.long_cases import SHARED

EDITIONS = SHARED / "corpus" / "multiversion" / "darwin_chapter1_para1.json"

pytestmark = pytest.mark.skipif(not EDITIONS.exists(), reason=f"{EDITIONS} not found")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_every_edition_links_every_sentence_and_calls_only_unrevised_ones_verbatim() -> None:
    witnesses = json.loads(EDITIONS.read_text(encoding="utf-8"))["witnesses"]
    first = document_from_text(witnesses[0]["content"], f"{witnesses[0]['id']}.txt")
    later = [document_from_text(w["content"], f"{w['id']}.txt") for w in witnesses[1:]]
    result = compare(first, later)
    verbatim_counts = []
    for doc, comp in zip(later, result.comparisons, strict=True):
        assert comp.stats.release_coverage == 1.0, doc.name
        assert len(comp.links) >= 6, doc.name
        for link in comp.links:
            said = _words(doc.text[link.report.start : link.report.end])
            source = _words(first.text[link.official.start : link.official.end])
            assert (link.kind is LinkKind.VERBATIM) == (said == source), (doc.name, said)
        verbatim_counts.append(sum(x.kind is LinkKind.VERBATIM for x in comp.links))
    # The revisions accumulate: 1860 leaves four of six sentences alone, 1872 none.
    assert verbatim_counts[0] == 4 and verbatim_counts[-1] == 0
