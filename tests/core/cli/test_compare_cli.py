"""``python main.py compare`` and ``batch`` on the seed scenario and on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
OFFICIAL = SEEDS / "002_27eb931e9716d1e9.txt"
REPORTS = [SEEDS / n for n in ("000_d7b0eaf045d8ede4.txt", "001_bcbaab6fdc511440.txt")]

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared seed corpus not available")


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@needs_seeds
def test_compare_writes_eval_format(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    proc = cli("compare", OFFICIAL, *REPORTS, "--json", out)
    assert proc.returncode == 0, proc.stderr
    assert "release covered" in proc.stdout and "000_d7b0eaf045d8ede4.txt" in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    docs = data["documents"]
    assert [d["id"] for d in docs] == ["d0", "d1", "d2"]
    assert [d["role"] for d in docs] == ["official", "report", "report"]
    assert docs[0]["name"] == OFFICIAL.name and docs[0]["text"]
    assert len(data["comparisons"]) == 2
    for comp in data["comparisons"]:
        assert comp["official"] == "d0"
        assert set(comp) >= {"links", "added", "omitted", "quotes", "figures"}
        text_o = docs[0]["text"]
        text_r = next(d["text"] for d in docs if d["id"] == comp["report"])
        for link in comp["links"]:
            assert link["kind"] in ("verbatim", "paraphrase")
            assert isinstance(link["moved"], bool) and 0 <= link["score"] <= 1
            s, e = link["official"]
            assert 0 <= s < e <= len(text_o)
            s, e = link["report"]
            assert 0 <= s < e <= len(text_r)
        for q in comp["quotes"]:
            assert q["verdict"] in ("exact", "altered", "absent")
        for f in comp["figures"]:
            assert f["verdict"] in ("match", "changed", "absent")
    assert data["comparisons"][1]["links"], "report 001 copies several release sentences"


@needs_seeds
def test_compare_missing_file_is_one_line(tmp_path: Path) -> None:
    proc = cli("compare", OFFICIAL, tmp_path / "nope.txt")
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0 and "nope.txt" in proc.stderr
    assert "Traceback" not in proc.stderr


@needs_seeds
def test_compare_blank_report_is_one_line(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n   \n", encoding="utf-8")
    proc = cli("compare", OFFICIAL, blank)
    assert proc.returncode != 0
    assert "blank.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0


@needs_seeds
def test_batch_continues_past_a_failing_pair(tmp_path: Path) -> None:
    manifest = tmp_path / "pairs.jsonl"
    lines = [
        {"official": str(OFFICIAL), "report": str(REPORTS[0]), "id": "a"},
        {"official": str(OFFICIAL), "report": str(tmp_path / "missing.txt"), "id": "b"},
        {"official": str(OFFICIAL), "report": str(REPORTS[1])},
    ]
    manifest.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    proc = cli("batch", manifest, "--out", out)
    assert proc.returncode == 1, proc.stderr
    assert "compared 2 pairs, 2 failed" in proc.stdout
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "3", "4"]
    assert "error" in rows[1] and "missing.txt" in rows[1]["error"]
    assert "error" in rows[3]
    ok = rows[0]
    assert ok["documents"][0]["role"] == "official" and ok["comparisons"][0]["report"] == "d1"
    assert ok["comparisons"][0]["links"]


def test_batch_missing_manifest_is_one_line(tmp_path: Path) -> None:
    proc = cli("batch", tmp_path / "none.jsonl", "--out", tmp_path / "o.jsonl")
    assert proc.returncode != 0 and "none.jsonl" in proc.stderr
    assert "Traceback" not in proc.stderr


@needs_seeds
def test_links_do_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """Set iteration order changes with PYTHONHASHSEED; the links must not."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"r{seed}.json"
        proc = subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "compare",
                str(OFFICIAL),
                *map(str, REPORTS),
                "--json",
                str(out),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert proc.returncode == 0, proc.stderr
        data = json.loads(out.read_text(encoding="utf-8"))
        outs.append(
            [(c["links"], c["added"], c["omitted"], c["stats"]) for c in data["comparisons"]]
        )
    assert outs[0] == outs[1]
