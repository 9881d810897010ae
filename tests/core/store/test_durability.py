"""Durability of session files: kill -9 mid-write, two writers, locked files, damaged files.

A child process (tests/durability_child.py) adds annotations in a loop and prints each id only
after the add returned; it is killed with SIGKILL at seeded random moments. After every kill the
file must open, pass ``PRAGMA integrity_check`` and hold every id the child reported.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from core.anchoring import describe
from core.documents import Document, Span
from core.store import Session, SessionError
from core.store.session import SessionErrorKind
from tests.core.store.durability_child import version_doc, version_text

CHILD = Path(__file__).resolve().parent / "durability_child.py"
KILLS = 30
#: The document every test session holds: version 0 of the child's (one text, one builder).
TEXT = version_text(0)

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def _doc() -> tuple[Document, bytes]:
    return version_doc(0)


def _session(tmp_path: Path) -> Path:
    path = tmp_path / "durable.concord"
    with Session.create(path) as s:
        s.add_document(*_doc())
    return path


def _spawn(path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(path), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_kill_9_at_random_moments_loses_nothing_reported(tmp_path: Path) -> None:
    path = _session(tmp_path)
    rng = random.Random(20231205)
    added: set[int] = set()
    edited: set[int] = set()
    survived = 0
    for _ in range(KILLS):
        child = _spawn(path, "loop")
        assert child.stdout is not None
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0.0, 0.3))  # sometimes while it is still opening the file
        else:
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        for line in out.splitlines():
            kind, _, value = line.partition(" ")
            if kind == "A":
                added.add(int(value))
            elif kind == "U":
                edited.add(int(value))
        with Session.open(path) as s:
            assert s.integrity_check() == "ok"
            present = {a.id: a for a in s.annotations()}
        assert added <= present.keys(), f"lost: {sorted(added - present.keys())[:10]}"
        assert all(present[i].note == f"edited {i}" for i in edited)
        survived += 1
    assert survived == KILLS
    assert len(added) > KILLS  # the child got real work done between kills
    print(f"\nsurvived {survived} kills; {len(added)} annotations and {len(edited)} edits checked")


#: Kills of the mixed workload; CI runs 50, ``bench/bench_kills.py`` 200.
MIXED_KILLS = int(os.environ.get("CONCORD_KILLS", "50"))


@pytest.mark.slow
def test_kill_9_during_every_kind_of_change(tmp_path: Path) -> None:
    """Adds, edits, deletes, undo, document replacement and Save As copies, killed at random:
    every acknowledged change is there afterwards, in the file and in every finished copy."""
    path = _session(tmp_path)
    rng = random.Random(20261206)
    state: dict[int, str] = {}  # annotation id -> "live" | "deleted", as acknowledged
    notes: dict[int, str] = {}
    with Session.open(path) as s:
        sha = s.documents()[0].sha256
    copies: list[Path] = []
    counts = {"A": 0, "U": 0, "D": 0, "R": 0, "P": 0, "S": 0}
    for _ in range(MIXED_KILLS):
        child = _spawn(path, "mixed")
        assert child.stdout is not None
        if rng.random() < 0.15:
            time.sleep(rng.uniform(0.0, 0.3))
        else:
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.6))
        os.kill(child.pid, signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, err
        in_flight: tuple[str, str] | None = None
        for line in out.splitlines():
            op, _, value = line.partition(" ")
            if op in ("a", "u", "d", "r", "p", "s"):
                in_flight = (op, value)
                continue
            if op not in counts:
                continue
            in_flight = None
            counts[op] += 1
            if op == "A":
                state[int(value)] = "live"
            elif op == "U":
                notes[int(value)] = f"edited {value}"
            elif op == "D":
                state[int(value)] = "deleted"
            elif op == "R":
                state[int(value)] = "live"
            elif op == "P":
                sha = value
            elif op == "S":
                copies.append(Path(value))
        unsure = int(in_flight[1]) if in_flight and in_flight[0] in "udr" else None
        with Session.open(path) as s:
            assert s.integrity_check() == "ok"
            present = {a.id: a for a in s.annotations()}
            gone = set(s.deleted_annotations())
            current = s.documents()[0].sha256
        for ann_id, st in state.items():
            if ann_id == unsure:
                continue
            assert ann_id in (present if st == "live" else gone), (ann_id, st)
        for ann_id, note in notes.items():
            if ann_id != unsure and ann_id in present:
                assert present[ann_id].note == note
        # The change in flight may or may not have been committed; either is fine, once.
        if unsure is not None:
            state[unsure] = "live" if unsure in present else "deleted"
            if unsure in present and in_flight and in_flight[0] == "u":
                notes[unsure] = present[unsure].note
        if in_flight and in_flight[0] == "p":
            assert current in (sha, in_flight[1])
            sha = current
        assert current == sha
        for copy in copies:
            with Session.open(copy) as c:
                assert c.integrity_check() == "ok"
        copies.clear()
    assert counts["A"] > MIXED_KILLS and all(counts.values()), counts
    print(f"\nsurvived {MIXED_KILLS} kills; acknowledged {counts}")


def test_full_disk_is_a_clear_error_and_nothing_unwritten_is_acknowledged(
    tmp_path: Path,
) -> None:
    path = _session(tmp_path)
    child = _spawn(path, "fill", "150000")
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    acked = [int(line.split()[1]) for line in out.splitlines() if line.startswith("A ")]
    errors = [line[2:] for line in out.splitlines() if line.startswith("E ")]
    assert acked and errors == [
        "durable.concord: cannot be written: the disk is full or the file may not grow; free "
        "some space and try again (the change was not saved, earlier ones are safe)"
    ]
    with Session.open(path) as s:
        assert s.integrity_check() == "ok"
        assert set(acked) <= {a.id for a in s.annotations()}


#: Seconds the two racing writers run; CI runs 5, ``bench/bench_kills.py --race`` 60.
RACE_SECONDS = float(os.environ.get("CONCORD_RACE_SECONDS", "5"))


def race(path: Path, seconds: float) -> dict[str, float]:
    """Two processes writing one session at once; returns counts and notice latencies."""
    children = [_spawn(path, "race", str(seconds)) for _ in range(2)]
    outs = [c.communicate(timeout=seconds + 120) for c in children]
    assert [c.returncode for c in children] == [0, 0], [err for _, err in outs]
    added: list[dict[int, float]] = [{}, {}]
    noticed: list[dict[int, float]] = [{}, {}]
    started = [0.0, 0.0]
    for k, (out, _) in enumerate(outs):
        for line in out.splitlines():
            op, *rest = line.split()
            if op == "T":
                started[k] = float(rest[0])
            elif op == "A":
                added[k][int(rest[0])] = float(rest[1])
            elif op == "N":
                noticed[k][int(rest[0])] = float(rest[1])
    with Session.open(path) as s:
        assert s.integrity_check() == "ok"
        present = {a.id: a for a in s.annotations()}
    ids = [i for side in added for i in side]
    assert len(ids) == len(set(ids)), "two writers were given the same id"
    assert set(ids) <= present.keys(), "an acknowledged write was lost"
    lags = []
    for k in (0, 1):
        other = added[1 - k]
        last = max(added[k].values())
        # Everything the other wrote while this one was looking (and had a second left to
        # look) was noticed.
        due = {i for i, t in other.items() if started[k] < t < last - 1.0}
        missed = sorted(due - noticed[k].keys())
        assert not missed, f"writer {k} never saw {missed[:5]}"
        lags += [noticed[k][i] - other[i] for i in due]
    lags.sort()
    return {"writes": len(ids), "median_lag_ms": 1000 * lags[len(lags) // 2],
            "max_lag_ms": 1000 * lags[-1]}


@pytest.mark.slow
def test_two_processes_racing_see_each_other_and_lose_nothing(tmp_path: Path) -> None:
    figures = race(_session(tmp_path), RACE_SECONDS)
    assert figures["writes"] > 20 * RACE_SECONDS
    assert figures["max_lag_ms"] < 2000
    print(f"\nraced {RACE_SECONDS:.0f} s: {figures}")


def test_two_processes_adding_at_once(tmp_path: Path) -> None:
    path = _session(tmp_path)
    children = [_spawn(path, "count", "60") for _ in range(2)]
    outs = [c.communicate(timeout=60) for c in children]
    assert [c.returncode for c in children] == [0, 0], [err for _, err in outs]
    ids = [int(line.split()[1]) for out, _ in outs for line in out.splitlines()
           if line.startswith("A ")]
    assert len(ids) == 120 == len(set(ids))
    with Session.open(path) as s:
        assert s.integrity_check() == "ok"
        assert sorted(a.id for a in s.annotations()) == sorted(ids)


def test_blocked_writer_gets_in_use_error_then_recovers(tmp_path: Path) -> None:
    path = _session(tmp_path)
    doc, _ = _doc()
    reader = Session.open(path, busy_timeout=0.3)
    token = reader.change_token()
    holder = _spawn(path, "hold")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(SessionError) as err:
            reader.add_annotation([describe(doc.text, Span(0, 9), doc.sha256)])
        assert err.value.kind is SessionErrorKind.IN_USE
        assert "in use by another" in str(err.value)
        assert 0.25 < time.monotonic() - started < 5
        assert reader.annotations() == []  # reading still works while another writes
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    # Lock gone: writes work again, and a second process's writes are seen on refresh.
    reader.add_annotation([describe(doc.text, Span(0, 9), doc.sha256)])
    writer = _spawn(path, "count", "3")
    writer.communicate(timeout=60)
    assert reader.changed_since(token)
    assert len(reader.annotations()) == 4
    reader.close()


def test_open_while_another_program_locks_the_file(tmp_path: Path) -> None:
    path = _session(tmp_path)
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(SessionError) as err:
            Session.open(path, busy_timeout=0.2)
        assert err.value.kind is SessionErrorKind.IN_USE
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    Session.open(path).close()


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(20_000))


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\nthis is a PDF, renamed\n" * 100)


def _other_app(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('a', '1')")
    conn.commit()
    conn.close()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _page_overwritten(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    # Scribble over the second page (the first table's b-tree root).
    data[page:page * 2] = random.Random(3).randbytes(page)
    path.write_bytes(bytes(data))


def _header_flipped(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in (0, 5, 9):  # inside the "SQLite format 3" magic
        data[i] ^= 0x20
    path.write_bytes(bytes(data))


def _zeros_in_the_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    middle = (len(data) // page) // 2
    data[middle * page : (middle + 1) * page] = bytes(page)
    path.write_bytes(bytes(data))


def _missing_table(path: Path) -> None:
    conn = sqlite3.connect(str(path))
    conn.execute("DROP TABLE annotation_tags")
    conn.commit()
    conn.close()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": _truncated,
    "random bytes": _random_bytes,
    "not sqlite": _not_sqlite,
    "sqlite from another app": _other_app,
    "empty": _empty,
    "page overwritten": _page_overwritten,
    "table missing": _missing_table,
    "header bytes flipped": _header_flipped,
}


def test_wal_left_by_a_crash_is_recovered_not_refused(tmp_path: Path) -> None:
    # A process killed mid-session leaves its write-ahead log beside the file; the committed
    # changes in it are the user's work: opening (read-only first, as export does) finds them.
    path = _session(tmp_path)
    child = _spawn(path, "loop")
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    acked = []
    while len(acked) < 25:
        line = child.stdout.readline().split()
        if line and line[0] == "A":
            acked.append(int(line[1]))
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    with Session.open_snapshot(path) as snap:
        assert set(acked) <= {a.id for a in snap.annotations()}
    with Session.open(path) as s:
        assert s.integrity_check() == "ok"
        assert set(acked) <= {a.id for a in s.annotations()}


def test_page_of_zeros_inside_is_a_clear_error_when_read(tmp_path: Path) -> None:
    # A lost write of one page in the middle: SQLite opens the file (its header and schema are
    # intact), so the damage shows when the page is read; it must be the session's own error,
    # and reading must not change the file.
    path = _session(tmp_path)
    with Session.open(path) as s:
        for start in range(0, 3000, 7):
            s.add_annotation([describe(TEXT, Span(start % 2900, start % 2900 + 10),
                                       _doc()[0].sha256)], note="n" * 200)
    _zeros_in_the_middle(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SessionError) as err, Session.open(path) as s:
        s.documents()
        s.annotations()
    assert err.value.kind is SessionErrorKind.DAMAGED
    assert "damaged" in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_file_gives_clear_error_and_stays_untouched(tmp_path: Path, damage: str) -> None:
    path = _session(tmp_path)
    with Session.open(path) as s:
        for start in range(0, 300, 30):
            s.add_annotation([describe(TEXT, Span(start, start + 10), _doc()[0].sha256)])
    DAMAGE[damage](path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SessionError) as err:
        Session.open(path)
    assert err.value.kind is SessionErrorKind.DAMAGED
    assert str(err.value) == "durable.concord: this file is damaged or not a Concord session"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_recover_copies_what_can_be_read_and_never_writes_the_damaged_file(
    tmp_path: Path,
) -> None:
    from core.store import recover

    path = _session(tmp_path)
    with Session.open(path) as s:
        sha = s.documents()[0].sha256
        made = [s.add_annotation([describe(TEXT, Span(i, i + 10), sha)], note=f"note {i}",
                                 tags=["misquote"]) for i in range(0, 2000, 9)]
        s.delete_annotation(made[0].id)
    _zeros_in_the_middle(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SessionError), Session.open(path) as s:
        s.annotations()
    out = tmp_path / "recovered.concord"
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    report = recover(path, out)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    # Nothing beside the damaged file changed either (no WAL or shared-memory file written).
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p != out} == files
    assert report.documents == 1 and report.lost_documents == 0
    # Most annotations were on intact pages; the deleted one stays deleted (not copied).
    assert report.annotations + report.lost_annotations == len(made) - 1
    assert report.annotations > len(made) // 2
    with Session.open(out) as s:
        assert s.integrity_check() == "ok"
        got = s.annotations()
        assert len(got) == report.annotations
        assert len({a.note for a in got}) == len(got)  # none copied twice
        assert {a.note for a in got} <= {a.note for a in made[1:]}
        assert all(a.tags == ("misquote",) and a.targets[0].document_sha256 == sha for a in got)
    assert "recovered 1 documents" in report.summary()


def test_recover_refuses_a_file_that_is_not_a_session(tmp_path: Path) -> None:
    from core.store import recover

    path = tmp_path / "not.concord"
    _not_sqlite(path)
    with pytest.raises(SessionError, match="nothing can be recovered"):
        recover(path, tmp_path / "out.concord")
    assert not (tmp_path / "out.concord").exists()


def test_read_only_place_is_a_clear_error_before_any_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root may write anywhere, so the read-only folder (a read-only share, a locked-down
    # folder) is what os.access reports; the session must say so and write nothing.
    path = _session(tmp_path)
    before = path.read_bytes()
    import core.store.base as base

    monkeypatch.setattr(base.os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(SessionError) as err:
        Session.open(path)
    assert err.value.kind is SessionErrorKind.IO
    assert "cannot be changed here" in str(err.value) and "read-only" in str(err.value)
    assert path.read_bytes() == before
    # Export still reads it (a snapshot never writes).
    with Session.open_snapshot(path) as snap:
        assert len(snap.documents()) == 1


def test_recover_ends_when_a_whole_table_is_unreadable(tmp_path: Path) -> None:
    from core.store import recover

    path = _session(tmp_path)
    with Session.open(path) as s:
        sha = s.documents()[0].sha256
        for i in range(0, 600, 3):
            s.add_annotation([describe(TEXT, Span(i, i + 10), sha)], note="n" * 300)
    conn = sqlite3.connect(str(path))
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'annotations'"
    ).fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page : root * page] = bytes(page)  # the table's root page lost
    path.write_bytes(bytes(data))
    started = time.monotonic()
    report = recover(path, tmp_path / "out.concord")
    assert time.monotonic() - started < 30
    assert report.documents == 1 and report.annotations == 0 and report.lost_annotations > 0

