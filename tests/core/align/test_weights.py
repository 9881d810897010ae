"""``score.Weights``: what the release shares between its reports is what each would compute."""

from __future__ import annotations

from pathlib import Path

from core.align.aligner import make_weights
from core.align.index import ReleaseIndex
from core.align.score import Weights
from core.align.text import analyse
from core.compare.pipeline import sentences_of
from core.documents import load_document

ROOT = Path(__file__).resolve().parents[3]


def test_weights_shared_across_reports_equal_those_of_each_report_alone() -> None:
    docs = ROOT / "sample_docs"
    release = load_document(docs / "release.pdf")
    index = ReleaseIndex.build(release, sentences_of(release))
    reports = [load_document(p) for p in sorted(docs.glob("report_*"))]
    stems = sorted({s for t in index.terms for s in t.stems})
    for report in reports:  # each report leaves its release-only weights in the shared memo
        terms = [analyse(report.text[s.span.start : s.span.end]) for s in sentences_of(report)]
        shared = make_weights(index, terms)
        alone = Weights(index.df, shared._extra_df, index.names, shared._extra_names)
        asked = stems + sorted({s for t in terms for s in t.stems})
        # Effective first in one, plain first in the other: the order must not matter.
        assert [shared.effective(s) for s in asked] == [alone.effective(s) for s in asked]
        assert [shared(s) for s in asked] == [alone(s) for s in asked]
        assert [shared.rarity(s) for s in asked] == [alone.rarity(s) for s in asked]
    assert index.weight_memo  # the memo was used
