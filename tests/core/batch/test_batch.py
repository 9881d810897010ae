"""``core.batch``: the Dask run equals the serial one, resuming, error rows, Parquet rows.

The Dask runs use an in-process ``LocalCluster`` (``processes=False``): the same scheduler and
worker code as a cluster of processes, started in a fraction of the time.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from core.batch import (
    PREPARED,
    BatchError,
    Pair,
    dask_client,
    pairs_from_manifest,
    pairs_from_sources,
    run_batch,
)
from core.results import CompareOptions
from core.results.jsonio import result_from_json
from core.review import findings_for

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
OFFICIAL = SEEDS / "002_27eb931e9716d1e9.txt"
SAMPLE = ROOT / "sample_docs"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared seed corpus not available")


def _pairs(tmp_path: Path) -> list[Pair]:
    """Two releases (seed TXT, sample PDF), their reports, a missing file and a bad line."""
    lines = [
        {"official": str(OFFICIAL), "report": str(SEEDS / "000_d7b0eaf045d8ede4.txt"), "id": "s0"},
        {"official": str(SAMPLE / "release.pdf"), "report": str(SAMPLE / "report_wire.txt"),
         "id": "w"},
        {"official": str(OFFICIAL), "report": str(SEEDS / "001_bcbaab6fdc511440.txt"), "id": "s1"},
        {"official": str(OFFICIAL), "report": str(tmp_path / "missing.txt"), "id": "gone"},
        {"official": str(SAMPLE / "release.pdf"), "report": str(SAMPLE / "report_daily.html"),
         "id": "d"},
        {"official": str(OFFICIAL), "report": str(SEEDS / "004_e51375bab7781170.txt"), "id": "s4"},
    ]
    manifest = tmp_path / "pairs.jsonl"
    manifest.write_text("\n".join(json.dumps(x) for x in lines) + "\n{not json\n",
                        encoding="utf-8")
    return pairs_from_manifest(manifest)


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_dask_run_equals_the_serial_run(tmp_path: Path) -> None:
    pairs = _pairs(tmp_path)
    options = CompareOptions()
    serial = run_batch(pairs, tmp_path / "serial.jsonl", options, parquet=tmp_path / "s.parquet")
    PREPARED.clear()
    with dask_client(workers=2, processes=False) as client:
        on_dask = run_batch(pairs, tmp_path / "dask.jsonl", options, client=client,
                            parquet=tmp_path / "d.parquet")
        workers = set(client.nthreads())
    assert serial == on_dask
    assert (serial.ok, serial.failed, serial.ran) == (5, 2, 7)
    # Byte for byte, in the manifest's order, whichever worker finished first.
    assert (tmp_path / "serial.jsonl").read_bytes() == (tmp_path / "dask.jsonl").read_bytes()
    assert [x["id"] for x in _lines(tmp_path / "dask.jsonl")] == [p.id for p in pairs]
    assert pq.read_table(tmp_path / "s.parquet").equals(pq.read_table(tmp_path / "d.parquet"))
    # Each worker prepared each release at most once, not once per pair.
    assert {w for w, _ in PREPARED} <= workers
    assert max(PREPARED.values()) == 1
    assert {r for _, r in PREPARED} == {str(OFFICIAL), str(SAMPLE / "release.pdf")}


def test_a_failing_pair_is_its_error_row_and_the_batch_goes_on(tmp_path: Path) -> None:
    pairs = _pairs(tmp_path)
    report = run_batch(pairs, tmp_path / "out.jsonl", CompareOptions(),
                       parquet=tmp_path / "out.parquet")
    assert report.failed == 2
    by_id = {x["id"]: x for x in _lines(tmp_path / "out.jsonl")}
    assert "missing.txt" in by_id["gone"]["error"]
    assert "not JSON" in by_id["7"]["error"]
    assert by_id["s4"]["comparisons"][0]["links"] == []  # the negative control compared fine
    rows = {r["id"]: r for r in pq.read_table(tmp_path / "out.parquet").to_pylist()}
    assert rows["gone"]["ok"] is False and rows["gone"]["links"] is None
    assert rows["gone"]["report"].endswith("missing.txt")


def test_parquet_rows_hold_the_scorecard_and_findings_by_kind(tmp_path: Path) -> None:
    pairs = _pairs(tmp_path)
    run_batch(pairs, tmp_path / "out.jsonl", CompareOptions(), parquet=tmp_path / "out.parquet")
    rows = {r["id"]: r for r in pq.read_table(tmp_path / "out.parquet").to_pylist()}
    assert list(rows) == [p.id for p in pairs]
    for line in _lines(tmp_path / "out.jsonl"):
        if "error" in line:
            continue
        result = result_from_json(line)
        comp, row = result.comparisons[0], rows[line["id"]]
        assert row["derived_share"] == comp.stats.derived_share
        assert row["release_coverage"] == comp.stats.release_coverage
        assert row["links"] == len(comp.links)
        assert row["links_verbatim"] + row["links_paraphrase"] == row["links"]
        kinds = Counter(f.kind.value for f in findings_for(result, 0))
        for kind in ("added", "omitted", "quote_exact", "quote_altered", "quote_absent",
                     "figure_match", "figure_changed", "figure_absent"):
            assert row[kind] == kinds.get(kind, 0), (line["id"], kind)
    assert rows["w"]["links"] > 10 and rows["w"]["derived_share"] > 0.5


class _Stop:
    """A progress callable that interrupts the batch after ``after`` finished pairs."""

    def __init__(self, after: int) -> None:
        self.after, self.seen = after, 0

    def __call__(self, done: int, total: int, message: str) -> None:
        if message != "starting":
            self.seen += 1
            if self.seen == self.after:
                raise KeyboardInterrupt


def test_an_interrupted_batch_resumes_where_it_stopped(tmp_path: Path) -> None:
    pairs = _pairs(tmp_path)
    out = tmp_path / "out.jsonl"
    first = run_batch(pairs, out, CompareOptions(), parquet=tmp_path / "o.parquet",
                      progress=_Stop(3))
    assert first.interrupted and first.ran == 3
    assert len(_lines(out)) == 3
    assert len(pq.read_table(tmp_path / "o.parquet")) == 3  # what was done is readable
    # A line cut short by a killed process is dropped and its pair run again.
    with open(out, "a", encoding="utf-8") as fh:
        fh.write('{"id": "half')
    second = run_batch(pairs, out, CompareOptions(), parquet=tmp_path / "o.parquet")
    assert (second.skipped, second.ran, second.interrupted) == (3, 4, False)
    fresh = run_batch(pairs, tmp_path / "fresh.jsonl", CompareOptions())
    assert out.read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()
    assert (second.ok, second.failed) == (fresh.ok, fresh.failed)
    third = run_batch(pairs, out, CompareOptions())
    assert (third.skipped, third.ran) == (len(pairs), 0)


def test_retry_errors_runs_failed_pairs_again(tmp_path: Path) -> None:
    pairs = _pairs(tmp_path)
    out = tmp_path / "out.jsonl"
    run_batch(pairs, out, CompareOptions())
    (tmp_path / "missing.txt").write_text("The Home Secretary signed a treaty.", encoding="utf-8")
    again = run_batch(pairs, out, CompareOptions(), retry_errors=True)
    assert again.ran == 2 and again.failed == 1  # the bad manifest line still fails
    lines = _lines(out)
    assert [x["id"] for x in lines] == [p.id for p in pairs]  # one line per pair, old one gone
    assert "error" not in next(x for x in lines if x["id"] == "gone")


def test_an_engine_failure_on_one_pair_is_recorded(tmp_path: Path, monkeypatch) -> None:
    import core.batch.worker as worker

    real = worker.compare_one

    def flaky(prepared, report, index, options):  # type: ignore[no-untyped-def]
        if report.name.startswith("001"):
            raise RuntimeError("boom")
        return real(prepared, report, index, options)

    monkeypatch.setattr(worker, "compare_one", flaky)
    report = run_batch(_pairs(tmp_path), tmp_path / "out.jsonl", CompareOptions())
    by_id = {x["id"]: x for x in _lines(tmp_path / "out.jsonl")}
    assert by_id["s1"]["error"] == "internal error (RuntimeError: boom)"
    assert report.ok == 4


def test_ids_must_be_unique(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    line = json.dumps({"official": "a.txt", "report": "b.txt", "id": "x"})
    manifest.write_text(f"{line}\n{line}\n", encoding="utf-8")
    with pytest.raises(BatchError, match="id 'x' is used by pairs 1 and 2"):
        pairs_from_manifest(manifest)


def test_pairs_from_a_folder_and_a_glob(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(SEEDS.parent)
    pairs = pairs_from_sources("seeds/002_27eb931e9716d1e9.txt", ["seeds"])
    assert [p.id for p in pairs] == [f"seeds/{n}" for n in (
        "000_d7b0eaf045d8ede4.txt", "001_bcbaab6fdc511440.txt", "003_2b3c06040c50ddb9.txt",
        "004_e51375bab7781170.txt")]  # the release itself and manifest.json are left out
    assert all(p.official == str(OFFICIAL) for p in pairs)
    globbed = pairs_from_sources(str(OFFICIAL), ["seeds/00[01]*.txt", "seeds/000*.txt"])
    assert [p.id for p in globbed] == ["seeds/000_d7b0eaf045d8ede4.txt",
                                       "seeds/001_bcbaab6fdc511440.txt"]
    with pytest.raises(BatchError, match="no file matches"):
        pairs_from_sources(str(OFFICIAL), ["seeds/*.docx"])
    with pytest.raises(BatchError, match="release not found"):
        pairs_from_sources("nope.txt", ["seeds"])


def test_a_task_that_fails_on_the_cluster_is_an_error_row(tmp_path: Path, monkeypatch) -> None:
    # ``run_pair`` never raises; a worker that dies under a pair does (Dask's KilledWorker)
    # and must not end the batch either. In an in-process cluster the task runs this
    # module's code, so a raising stand-in plays the dead worker.
    import core.batch.runner as runner

    real = runner.run_pair

    def dies(pair: Pair, options: CompareOptions):  # type: ignore[no-untyped-def]
        if pair.id == "s1":
            raise MemoryError("worker killed")
        return real(pair, options)

    monkeypatch.setattr(runner, "run_pair", dies)
    with dask_client(workers=1, processes=False) as client:
        report = run_batch(_pairs(tmp_path), tmp_path / "out.jsonl", CompareOptions(),
                           client=client)
    by_id = {x["id"]: x for x in _lines(tmp_path / "out.jsonl")}
    assert by_id["s1"]["error"] == "the worker failed (MemoryError: worker killed)"
    assert (report.ok, report.failed) == (4, 3)


def test_a_file_that_is_not_batch_output_is_never_rewritten(tmp_path: Path) -> None:
    pairs = _pairs(tmp_path)
    manifest = tmp_path / "pairs.jsonl"
    before = manifest.read_bytes()
    with pytest.raises(BatchError, match="line\\(s\\) are not batch results"):
        run_batch(pairs, manifest, CompareOptions())  # the manifest given as --out by mistake
    assert manifest.read_bytes() == before


def test_a_rerun_with_another_manifest_compares_its_own_pairs(tmp_path: Path) -> None:
    """Ids default to line numbers: a line that now names other files is compared again, and
    lines of ids the new manifest lacks leave the file."""
    out = tmp_path / "r.jsonl"
    first = [Pair("1", str(SAMPLE / "release.pdf"), str(SAMPLE / "report_wire.txt")),
             Pair("2", str(SAMPLE / "release.pdf"), str(SAMPLE / "report_radio.txt")),
             Pair("3", str(SAMPLE / "release.pdf"), str(SAMPLE / "report_daily.html"))]
    run_batch(first, out, CompareOptions())
    second = [Pair("1", str(SAMPLE / "release.pdf"), str(SAMPLE / "report_roundup.txt")),
              Pair("2", str(SAMPLE / "release.pdf"), str(SAMPLE / "report_radio.txt"))]
    report = run_batch(second, out, CompareOptions())
    assert (report.skipped, report.ran) == (1, 1)
    rows = {r["id"]: r["summary"]["report"] for r in _lines(out)}
    assert rows == {"1": str(SAMPLE / "report_roundup.txt"), "2": str(SAMPLE / "report_radio.txt")}


def test_a_foreign_out_file_survives_restart_and_bad_lines_never_clash(tmp_path: Path) -> None:
    from core.batch import BatchError, pairs_from_manifest

    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        json.dumps({"official": str(SAMPLE / "release.pdf"),
                    "report": str(SAMPLE / "report_wire.txt"), "id": "2"}) + "\n{broken\n",
        encoding="utf-8")
    pairs = pairs_from_manifest(manifest)
    assert [p.id for p in pairs] == ["2", "line:2"]
    before = manifest.read_bytes()
    with pytest.raises(BatchError, match="are not batch results"):
        run_batch(pairs, manifest, CompareOptions(), restart=True)
    assert manifest.read_bytes() == before
