"""The session store (core/store.py): documents, cache, annotations, tags, settings, migrations."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from core.anchoring import BUILTIN_TAGS, AnchorState, describe
from core.documents import DocFormat, Document, Span
from core.documents.loaders.builder import TextBuilder
from core.results import CompareOptions, Comparison, ReportStats
from core.store import Role, Session, SessionError
from core.store import schema as store_schema
from core.store.session import SessionErrorKind

RELEASE = "Rwanda treaty signed.\n\nThe Home Secretary said the plan is lawful and fair."
REPORT = "Minister in Kigali.\n\nHe said the plan is lawful, critics disagree.\n\nMore later."


def make_doc(text: str, name: str) -> tuple[Document, bytes]:
    data = text.encode("utf-8")
    builder = TextBuilder()
    for line, para in enumerate(text.split("\n\n"), start=1):
        builder.add_paragraph(para, line=line)
    doc = builder.build(title=name, path=f"/home/u/{name}", sha256=hashlib.sha256(data).hexdigest(),
                        fmt=DocFormat.TXT, metadata={"site": "example"})
    return doc, data


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return Session.create(tmp_path / "review.concord")


def _annotate(session: Session, doc: Document, quote: str, **kw: object) -> int:
    start = doc.text.index(quote)
    sel = describe(doc.text, Span(start, start + len(quote)), doc.sha256)
    return session.add_annotation([sel], **kw).id  # type: ignore[arg-type]


def test_create_then_open_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "a.concord"
    with Session.create(path) as s:
        sid = s.session_id
        assert s.schema_version() == store_schema.SCHEMA_VERSION
    with pytest.raises(SessionError) as err:
        Session.create(path)
    assert err.value.kind is SessionErrorKind.EXISTS
    with Session.open(path) as s:
        assert s.session_id == sid
        conn = s._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert [t.name for t in s.tags()] == list(BUILTIN_TAGS)
    with Session.create(path, overwrite=True) as s:
        assert s.session_id != sid
    with pytest.raises(SessionError) as err:
        Session.open(tmp_path / "missing.concord")
    assert err.value.kind is SessionErrorKind.NOT_FOUND


def test_documents_round_trip_without_reparsing(session: Session, tmp_path: Path) -> None:
    rel, rel_bytes = make_doc(RELEASE, "release.txt")
    rep, rep_bytes = make_doc(REPORT, "report.txt")
    a = session.add_document(rel, rel_bytes, role="official")
    b = session.add_document(rep, rep_bytes)
    session.close()
    with Session.open(tmp_path / "review.concord") as s:
        docs = s.documents()
        assert [d.id for d in docs] == [a.id, b.id]
        assert docs[0].document == rel and docs[1].document == rep
        # What add_document returned is what the file holds.
        assert docs == [a, b]
        assert docs[0].role is Role.OFFICIAL and docs[1].role is Role.REPORT
        assert s.document_bytes(b.id) == rep_bytes
        assert s.official() == docs[0]
        s.move_document(b.id, 0)
        assert [d.id for d in s.documents()] == [b.id, a.id]
        s.set_role(b.id, Role.OFFICIAL)  # a new release demotes the old one
        assert [(d.id, d.role) for d in s.documents()] == [(b.id, Role.OFFICIAL),
                                                           (a.id, Role.REPORT)]


def test_bad_document_input_is_refused_cleanly(session: Session) -> None:
    rel, data = make_doc(RELEASE, "release.txt")
    with pytest.raises(ValueError, match="not the file"):
        session.add_document(rel, data + b"x")
    session.add_document(rel, data)
    with pytest.raises(SessionError, match="already in this session"):
        session.add_document(rel, data)
    with pytest.raises(KeyError):
        session.document(999)
    assert len(session.documents()) == 1


def test_annotation_lifecycle(session: Session) -> None:
    rel, data = make_doc(RELEASE, "release.txt")
    session.add_document(rel, data)
    ann_id = _annotate(session, rel, "the plan is lawful", note="check",
                       tags=["misquote", " Mine "])
    ann = session.annotation(ann_id)
    assert ann.note == "check" and ann.tags == ("misquote", "Mine")
    assert ann.state is AnchorState.ANCHORED and ann.created
    assert "Mine" in [t.name for t in session.tags()]  # new tags join the list
    ann2 = session.update_annotation(ann_id, note="checked", tags=["accurate"])
    assert (ann2.note, ann2.tags) == ("checked", ("accurate",))
    assert ann2.modified >= ann.modified
    session.delete_annotation(ann_id)
    assert session.annotations() == [] and session.deleted_annotations() == [ann_id]
    assert session.restore_annotation(ann_id) == ann2
    session.delete_annotation(ann_id)
    assert session.purge_deleted() == 1
    with pytest.raises(KeyError):
        session.annotation(ann_id)
    with pytest.raises(ValueError, match="empty"):
        session.update_annotation(_annotate(session, rel, "Rwanda"), tags=["  "])


def test_pair_annotation_and_unknown_document(session: Session) -> None:
    rel, rb = make_doc(RELEASE, "release.txt")
    rep, pb = make_doc(REPORT, "report.txt")
    session.add_document(rel, rb, role="official")
    rep_id = session.add_document(rep, pb).id
    left = describe(rel.text, Span(rel.text.index("the plan"), rel.text.index(" and fair")),
                    rel.sha256)
    right = describe(rep.text, Span(rep.text.index("the plan"), rep.text.index(", critics")),
                     rep.sha256)
    pair = session.add_annotation([left, right], kind="pair", note="same claim")
    assert session.annotation(pair.id).targets == (left, right)
    assert [a.id for a in session.annotations(document_id=rep_id)] == [pair.id]
    stranger = describe("other text", Span(0, 5), "f" * 64)
    with pytest.raises(KeyError, match="not in this session"):
        session.add_annotation([stranger])
    assert [a.id for a in session.annotations()] == [pair.id]  # the failed add left nothing


def test_replace_document_reanchors_in_one_transaction(session: Session) -> None:
    rep, data = make_doc(REPORT, "report.txt")
    doc_id = session.add_document(rep, data).id
    kept = _annotate(session, rep, "Minister in Kigali")
    moved = _annotate(session, rep, "critics disagree")
    lost = _annotate(session, rep, "More later.")
    new, new_data = make_doc(REPORT.replace("He said", "Later he said").replace(
        "\n\nMore later.", ""), "report-v2.txt")
    report = session.replace_document(doc_id, new, new_data)
    assert (report.anchored, report.moved, report.orphaned, report.orphans) == (1, 1, 1, (lost,))
    assert session.document(doc_id).document == new
    assert session.document(doc_id).name == "report-v2.txt"
    assert session.annotation(kept).state is AnchorState.ANCHORED
    m = session.annotation(moved)
    assert m.state is AnchorState.MOVED
    assert new.text[m.targets[0].start:m.targets[0].end] == "critics disagree"
    orphan = session.annotation(lost)
    assert orphan.state is AnchorState.ORPHAN and orphan.targets[0].exact == "More later."
    # A replacement that fails (same file as another document) changes nothing.
    other, other_data = make_doc(RELEASE, "release.txt")
    session.add_document(other, other_data)
    with pytest.raises(SessionError):
        session.replace_document(doc_id, other, other_data)
    assert session.document(doc_id).document == new
    assert session.annotation(moved) == m
    # The replaced version stays in the document's history, bytes and text included; the
    # failed replacement added nothing to it.
    (old,) = session.document_versions(doc_id)
    assert (old.name, old.sha256, old.summary) == ("report.txt", rep.sha256, "replaced")
    assert session.version_document(old.id) == rep
    assert session.version_bytes(old.id) == data
    newer, newer_data = make_doc(new.text + "\n\nUpdate.", "report-v3.txt")
    session.replace_document(doc_id, newer, newer_data, summary="1 word added")
    assert [v.sha256 for v in session.document_versions(doc_id)] == [rep.sha256, new.sha256]
    assert session.document_versions(doc_id)[1].summary == "1 word added"
    assert session.histories() == {newer.sha256: session.document_versions(doc_id)}
    session.remove_document(doc_id)
    assert session.document_versions(doc_id) == []


def test_remove_document_keeps_annotations_as_orphans(session: Session) -> None:
    rel, data = make_doc(RELEASE, "release.txt")
    doc_id = session.add_document(rel, data).id
    ann_id = _annotate(session, rel, "lawful and fair", note="n")
    session.remove_document(doc_id)
    assert session.annotation(ann_id).state is AnchorState.ORPHAN
    new_id = session.add_document(rel, data).id  # the same file again: the note comes back
    assert session.annotation(ann_id).state is AnchorState.ANCHORED
    assert [a.id for a in session.annotations(document_id=new_id)] == [ann_id]


def test_reextract_uses_the_stored_bytes(session: Session) -> None:
    pytest.importorskip("core.documents.loaders.txt",
                        reason="the TXT loader is not in this checkout yet")
    from core.documents import load_bytes

    doc = load_bytes(REPORT.encode(), "/tmp/report.txt")
    doc_id = session.add_document(doc, REPORT.encode()).id
    ann_id = _annotate(session, doc, "critics disagree")
    report = session.reextract(doc_id)
    assert report.orphaned == 0
    assert session.annotation(ann_id).state is not AnchorState.ORPHAN


def _comparison() -> Comparison:
    stats = ReportStats(0.5, 0.4, 0.2, 0, 0, 1, 1)
    return Comparison(0, 1, (), (Span(0, 4),), (Span(5, 9),), (), (), stats)


def test_comparison_cache_keys_and_pruning(session: Session) -> None:
    rel, rb = make_doc(RELEASE, "release.txt")
    rep, pb = make_doc(REPORT, "report.txt")
    session.add_document(rel, rb, role="official")
    rep_id = session.add_document(rep, pb).id
    opts = CompareOptions()
    session.cache_comparison(rel.sha256, rep.sha256, opts, "1.0", _comparison())
    assert session.cached_comparison(rel.sha256, rep.sha256, opts, "1.0") == _comparison()
    assert session.cached_comparison(rel.sha256, rep.sha256, opts, "1.1") is None
    assert session.cached_comparison(
        rel.sha256, rep.sha256, CompareOptions(min_score=0.9), "1.0") is None
    session.remove_document(rep_id)
    session.add_document(rep, pb)
    assert session.cached_comparison(rel.sha256, rep.sha256, opts, "1.0") is None


def test_tags_and_settings_persist(session: Session, tmp_path: Path) -> None:
    assert session.add_tag("context missing", "#FF8800").colour == "#ff8800"
    session.set_tag_colour("misquote", "#aa0000")
    with pytest.raises(ValueError, match="colour"):
        session.set_tag_colour("misquote", "red")
    with pytest.raises(ValueError, match="built-in"):
        session.remove_tag("accurate")
    session.set_setting("selected_report", 3)
    session.set_setting("splitter", [200, 600])
    session.close()
    with Session.open(tmp_path / "review.concord") as s:
        tags = {t.name: t for t in s.tags()}
        assert tags["misquote"].colour == "#aa0000" and tags["misquote"].builtin
        assert tags["context missing"].colour == "#ff8800" and not tags["context missing"].builtin
        assert s.settings() == {"selected_report": 3, "splitter": [200, 600]}
        assert s.setting("missing", "dflt") == "dflt"
        s.remove_tag("context missing")
        assert "context missing" not in [t.name for t in s.tags()]


def test_save_as_moves_the_session(session: Session, tmp_path: Path) -> None:
    rel, data = make_doc(RELEASE, "release.txt")
    session.add_document(rel, data)
    first = _annotate(session, rel, "Rwanda")
    old_path = session.path
    session.save_as(tmp_path / "copy.concord")
    assert session.path == tmp_path / "copy.concord"
    second = _annotate(session, rel, "lawful")
    with Session.open(old_path) as old:
        assert [a.id for a in old.annotations()] == [first]
    with Session.open(tmp_path / "copy.concord") as new:
        assert [a.id for a in new.annotations()] == [first, second]
        assert new.integrity_check() == "ok"



def test_copy_in_a_worker_is_taken_over_only_if_nothing_came_after(
    session: Session, tmp_path: Path
) -> None:
    """Save As in the background: ``copy_to`` copies through its own connection; the copy is
    adopted when nothing was written since ``copy_started``, refused (and the session stays
    where it was) when something was."""
    import threading

    rel, rb = make_doc(RELEASE, "release.txt")
    session.add_document(rel, rb, role="official")
    _annotate(session, rel, "lawful", note="first")
    started = session.copy_started()
    worker = threading.Thread(target=session.copy_to, args=(tmp_path / "copy.concord",))
    worker.start()
    worker.join()
    assert session.adopt_copy(tmp_path / "copy.concord", started)
    assert session.path == tmp_path / "copy.concord"
    _annotate(session, rel, "lawful", note="second")  # written to the adopted file
    with Session.open_snapshot(tmp_path / "copy.concord") as snap:
        assert sorted(a.note for a in snap.annotations()) == ["first", "second"]

    started = session.copy_started()
    session.copy_to(tmp_path / "late.concord")
    _annotate(session, rel, "lawful", note="third")  # after the copy began: not in it
    assert not session.adopt_copy(tmp_path / "late.concord", started)
    assert session.path == tmp_path / "copy.concord"
    session.save_as(tmp_path / "late.concord")  # what the window does then
    with Session.open_snapshot(tmp_path / "late.concord") as snap:
        assert sorted(a.note for a in snap.annotations()) == ["first", "second", "third"]
    with pytest.raises(SessionError):
        session.copy_to(session.path)

def test_other_connection_sees_changes_after_refresh(session: Session) -> None:
    rel, data = make_doc(RELEASE, "release.txt")
    session.add_document(rel, data)
    with Session.open(session.path) as other:
        token = other.change_token()
        assert not other.changed_since(token)
        ann_id = _annotate(session, rel, "Rwanda")
        assert other.changed_since(token)
        assert [a.id for a in other.annotations()] == [ann_id]
        token = session.change_token()
        _annotate(other, rel, "lawful")
        assert session.changed_since(token)


def _v1_file(path: Path) -> None:
    conn = sqlite3.connect(str(path), isolation_level=None)
    store_schema.migrate(conn, 0, store_schema.MIGRATIONS[:1])
    conn.execute("INSERT INTO meta (key, value) VALUES ('session_id', ?)",
                 ("12345678-1234-5678-1234-567812345678",))
    conn.execute("INSERT INTO tags (name, builtin, position) VALUES ('old user tag', 0, 99)")
    conn.close()


def test_version_1_file_migrates_forward(tmp_path: Path) -> None:
    path = tmp_path / "old.concord"
    _v1_file(path)
    conn = sqlite3.connect(str(path))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "settings" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    with Session.open(path) as s:
        assert s.schema_version() == 3
        assert s.document_versions(1) == []  # version 3: the history table, empty
        assert "old user tag" in [t.name for t in s.tags()]
        s.set_tag_colour("old user tag", "#123456")
        s.set_setting("k", "v")
        assert s.setting("k") == "v"



def test_snapshot_reads_without_writing_the_file(session: Session, tmp_path: Path) -> None:
    """A read-only snapshot sees what a window committed (still in its WAL), never writes the
    file, refuses writes with a SessionError, and an old file is migrated in memory only."""
    rel, rb = make_doc(RELEASE, "release.txt")
    session.add_document(rel, rb, role="official")
    ann_id = _annotate(session, rel, "lawful", note="check this")
    path = tmp_path / "review.concord"
    with Session.open_snapshot(path) as snap:  # while the window still has it open
        assert [d.document for d in snap.documents()] == [rel]
        assert [(a.id, a.note) for a in snap.annotations()] == [(ann_id, "check this")]
        with pytest.raises(SessionError):
            snap.set_setting("k", "v")
    session.close()
    before = path.read_bytes()
    with Session.open_snapshot(path) as snap:
        assert snap.official() is not None and snap.official().document == rel  # type: ignore[union-attr]
    assert path.read_bytes() == before
    old = tmp_path / "old.concord"
    _v1_file(old)
    with Session.open_snapshot(old) as snap:
        assert snap.schema_version() == store_schema.SCHEMA_VERSION
        assert "old user tag" in [t.name for t in snap.tags()]
    conn = sqlite3.connect(str(old))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # the file itself untouched
    conn.close()
    with pytest.raises(SessionError) as err:
        Session.open_snapshot(tmp_path / "missing.concord")
    assert err.value.kind is SessionErrorKind.NOT_FOUND


def test_snapshot_of_a_file_sqlite_cannot_lock_opens_it_immutable(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a read-only share SQLite cannot make the WAL's shared-memory file and a plain
    read-only open fails; the snapshot then opens the file as immutable."""
    import core.store.base

    rel, rb = make_doc(RELEASE, "release.txt")
    session.add_document(rel, rb, role="official")
    session.close()
    real = sqlite3.connect
    tried: list[str] = []

    def no_shm(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        tried.append(str(database))
        if kwargs.get("uri") and "immutable=1" not in str(database):
            raise sqlite3.OperationalError("unable to open database file")
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(core.store.base.sqlite3, "connect", no_shm)
    with Session.open_snapshot(tmp_path / "review.concord") as snap:
        assert [d.document for d in snap.documents()] == [rel]
    assert any("immutable=1" in t for t in tried)

def test_migrations_run_missing_steps_in_order(tmp_path: Path) -> None:
    ran: list[str] = []

    def step(name: str) -> store_schema.Migration:
        return lambda conn: ran.append(name)

    conn = sqlite3.connect(str(tmp_path / "x.db"), isolation_level=None)
    steps = (step("0->1"), step("1->2"), step("2->3"), step("3->4"))
    conn.execute("PRAGMA user_version = 2")
    assert store_schema.migrate(conn, 2, steps) == [3, 4]
    assert ran == ["2->3", "3->4"]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError):
        store_schema.migrate(conn, 4, (*steps, broken))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4  # rolled back whole
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='half_done'").fetchone() is None


def test_file_from_newer_concord_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.concord"
    Session.create(path).close()
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SessionError) as err:
        Session.open(path)
    assert err.value.kind is SessionErrorKind.NEWER
    assert "saved by a newer version of Concord (schema 7)" in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
