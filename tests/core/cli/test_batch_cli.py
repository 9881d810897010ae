"""``python main.py batch`` as a user runs it: folder input, Ctrl-C and resume, bad input.

These start real local Dask clusters (worker processes), as the command does by default.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
OFFICIAL = SEEDS / "002_27eb931e9716d1e9.txt"
REPORTS = ("000_d7b0eaf045d8ede4.txt", "001_bcbaab6fdc511440.txt", "003_2b3c06040c50ddb9.txt",
           "004_e51375bab7781170.txt")

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared seed corpus not available")


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


@needs_seeds
def test_release_and_folder_on_two_workers(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    proc = cli("batch", OFFICIAL, SEEDS, "--out", out, "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("compared 4 pairs, 0 failed")
    ids = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert [Path(i).name for i in ids] == list(REPORTS)
    table = pq.read_table(tmp_path / "r.parquet")
    assert table.column("id").to_pylist() == ids
    # Progress goes to stderr even when it is not a terminal (a log), with rate and time left.
    assert "batch: 4/4 pairs [" in proc.stderr and "pairs/s]" in proc.stderr
    quiet = cli("batch", OFFICIAL, SEEDS, "--out", out, "--quiet", "--serial")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert "(4 already written, skipped)" in quiet.stdout


@needs_seeds
def test_ctrl_c_stops_cleanly_and_a_rerun_resumes(tmp_path: Path) -> None:
    manifest, out = tmp_path / "m.jsonl", tmp_path / "r.jsonl"
    lines = [{"official": str(OFFICIAL), "report": str(SEEDS / REPORTS[i % 4]), "id": f"p{i}"}
             for i in range(80)]
    manifest.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    args = [sys.executable, str(ROOT / "main.py"), "batch", str(manifest), "--out", str(out)]
    # Its own process group, as a terminal's Ctrl-C reaches the command and its workers.
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        not out.exists() or out.read_bytes().count(b"\n") < 3
    ):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "run the same command again to resume" in stdout
    assert "Traceback" not in stderr and stderr.strip().endswith("concord: interrupted")
    done = out.read_text(encoding="utf-8").splitlines()
    assert 3 <= len(done) < 80
    again = cli("batch", manifest, "--out", out, "--quiet")
    assert again.returncode == 0, again.stderr
    assert f"({len(done)} already written, skipped)" in again.stdout
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [x["id"] for x in lines]
    by_id = {r["id"]: r for r in rows}
    assert all(by_id[(d := json.loads(x))["id"]] == d for x in done)  # kept as they were
    assert len(pq.read_table(tmp_path / "r.parquet")) == 80


@needs_seeds
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "nonsense"], "cannot reach the Dask scheduler at nonsense"),
        (["--workers", "0"], "--workers must be 1 or more"),
        (["--min-score", "2"], "--min-score must be between 0 and 1"),
        (["--parquet", "/nonexistent/r.parquet"], "the folder to write it in does not exist"),
    ],
)
def test_bad_options_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    proc = cli("batch", OFFICIAL, SEEDS, "--out", tmp_path / "r.jsonl", *args)
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.strip().count("\n") == 0
    assert not (tmp_path / "r.jsonl").exists()


def test_missing_inputs_are_one_line(tmp_path: Path) -> None:
    for inputs in ([tmp_path / "release.txt", tmp_path], [tmp_path]):
        proc = cli("batch", *inputs, "--out", tmp_path / "r.jsonl")
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.strip().count("\n") == 0
    (tmp_path / "release.txt").write_text("A release.", encoding="utf-8")
    proc = cli("batch", tmp_path / "release.txt", str(tmp_path / "*.html"), "--out",
               tmp_path / "r.jsonl")
    assert proc.returncode == 2 and "no file matches this pattern" in proc.stderr
