"""Meaning shifts against the sample gold: the targets of issue 12 hold, every kind is found.

Scored by ``bench/bench_shifts.py`` (the same code the bench prints), so the test and the
measurement in ``bench/README.md`` cannot drift apart.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
BENCH = ROOT / "bench" / "bench_shifts.py"
ALIGN_EVAL = ROOT.parent / "shared" / "eval" / "align_eval.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    if not ALIGN_EVAL.exists():
        pytest.skip("../shared is not checked out next to the repo")
    spec = importlib.util.spec_from_file_location("bench_shifts", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def counts(bench: ModuleType) -> dict[str, Any]:
    gold = json.loads(bench.GOLD.read_text(encoding="utf-8"))
    result: dict[str, Any] = bench.score(bench.sample_result(), gold, bench.finder())
    return result


def test_gold_plants_every_kind_and_enough_controls(bench: ModuleType) -> None:
    gold = json.loads(bench.GOLD.read_text(encoding="utf-8"))["reports"]
    kinds = [s["kind"] for g in gold.values() for s in g.get("shifts", ())]
    assert len(kinds) >= 40 and set(kinds) == {k.value for k in bench.ShiftKind}
    assert sum(len(g.get("faithful", ())) for g in gold.values()) >= 40


def test_precision_and_recall_meet_the_targets(bench: ModuleType, counts: dict[str, Any]) -> None:
    table = bench.summary(counts)
    assert table["all"]["precision"] >= 0.9, (table["all"], counts["wrong"])
    assert table["all"]["recall"] >= 0.8, (table["all"], counts["misses"])
    # Every kind is found at least once on the sample documents.
    assert all(m["tp"] >= 1 for kind, m in table.items() if kind != "all"), table


def test_no_negative_control_is_flagged(counts: dict[str, Any]) -> None:
    assert counts["faithful_hit"] == []


def test_every_shift_gold_string_is_in_its_document(bench: ModuleType) -> None:
    from core.documents import load_document

    gold = json.loads(bench.GOLD.read_text(encoding="utf-8"))["reports"]
    find_all = bench.finder()
    release = load_document(bench.SAMPLES / "release.pdf").text
    missing = []
    for name, g in gold.items():
        text = load_document(bench.SAMPLES / name).text
        for item in [*g.get("shifts", ()), *g.get("faithful", ())]:
            if not find_all(text, item["report"]):
                missing.append(item["report"])
            if not any(find_all(release, o) for o in bench._alternatives(item["official"])):
                missing.append(str(item["official"]))
    assert missing == []
