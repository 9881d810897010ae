"""Fuzzed inputs end in a document or Concord's own error, in time and memory.

``test_kept_inputs_stay_fixed`` replays every input a fuzz run once broke Concord with (kept
under ``tests/fuzz/cases/``, named by what went wrong then); ``test_fixed_seed_sample`` runs 500
fresh mutations of the real corpus and the sample documents, the same 500 on every run.
``bench/bench_fuzz.py`` runs 10,000 and more.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from tests.fuzz.runner import Fuzzer, cases, corpus, kept_cases, make_session

SAMPLE = 500
SEED = 2026


def test_kept_inputs_stay_fixed() -> None:
    kept = list(kept_cases())
    assert kept, "the regression inputs are part of the repository"
    with Fuzzer() as fuzzer:
        outcomes = [fuzzer.run(path.name, path.read_bytes(), True) for path in kept]
    bad = [(o.name, o.kind, o.detail) for o in outcomes if o.kind not in ("document", "error")]
    assert bad == []


def test_fixed_seed_sample(tmp_path: Path) -> None:
    files = corpus(make_session(tmp_path))
    if len(files) < 5:
        pytest.skip("the shared corpus is not there: only the sample documents to mutate")
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    bad = []
    with Fuzzer() as fuzzer:
        for i, case in enumerate(cases(SAMPLE, SEED, files)):
            outcome = fuzzer.run_case(case, i)
            counts[(case.suffix, outcome.kind)] += 1
            if outcome.kind not in ("document", "error"):
                bad.append((Path(case.source).name, case.mutator, case.seed, outcome.kind,
                            outcome.detail))
    assert bad == []
    # Not vacuous: every format was exercised and both outcomes occur.
    assert {s for s, _ in counts} == {".pdf", ".docx", ".html", ".txt", ".concord"}
    assert counts[(".pdf", "error")] and counts[(".pdf", "document")]
    assert counts[(".concord", "error")]
