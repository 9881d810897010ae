"""``sources._cannot_qualify``: a clause candidate it rules out could never have been linked.

The bound leans on ``score_pair``'s internals (which words count as shared, when a partial
match is tried, the copy ratio). Here every candidate it rules out is scored against every
unit after all, as ``clause_links`` would have, and must be neither a copy nor hold the
plain evidence a clause link needs; and the comparisons are the same with the bound off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import core.align.aligner as aligner
import core.align.sources as sources
from core.align.score import Weights, score_pair
from core.align.text import SentenceTerms
from core.compare import compare
from core.documents import Document, load_document
from tests.core.align.long_cases import SHARED, embedded

ROOT = Path(__file__).resolve().parents[3]
SEEDS = SHARED / "corpus" / "seeds"


def _cases() -> list[tuple[Document, list[Document]]]:
    docs = ROOT / "sample_docs"
    sample = (load_document(docs / "release.pdf"),
              [load_document(p) for p in sorted(docs.glob("report_*"))])
    official = SEEDS / "002_27eb931e9716d1e9.txt"
    reports = [load_document(p) for p in sorted(SEEDS.glob("0*.txt")) if p != official]
    long_release = embedded(official.read_text(encoding="utf-8"), "plain", "middle")
    return [sample, (long_release, reports)]


def test_no_clause_candidate_it_rules_out_could_be_linked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not SEEDS.exists():
        pytest.skip("the shared seed corpus is not here")
    seen: dict[str, Any] = {}
    real_links, real_bound = sources.clause_links, sources._cannot_qualify

    def links(index: Any, text: str, sent: Any, weights: Weights, *rest: Any) -> Any:
        seen["weights"] = weights
        return real_links(index, text, sent, weights, *rest)

    ruled_out = 0

    def bound(clause: SentenceTerms, said: int, stems: frozenset[str],
              units: list[SentenceTerms], need: int) -> bool:
        nonlocal ruled_out
        out = real_bound(clause, said, stems, units, need)
        if out:
            ruled_out += 1
            weights = seen["weights"]
            for unit in units:
                ps = score_pair(clause, unit, weights)
                assert not ps.verbatim, (clause.norm, unit.norm)
                assert sources._plain_evidence(ps, clause, weights) < need, (clause.norm, unit.norm)
        return out

    monkeypatch.setattr(aligner, "clause_links", links)
    monkeypatch.setattr(sources, "_cannot_qualify", bound)
    cases = _cases()
    with_bound = [compare(release, reports) for release, reports in cases]
    assert ruled_out > 100  # the check saw the bound at work
    monkeypatch.setattr(sources, "_cannot_qualify", lambda *a: False)
    without = [compare(release, reports) for release, reports in cases]
    for a, b in zip(with_bound, without, strict=True):
        assert a.comparisons == b.comparisons
