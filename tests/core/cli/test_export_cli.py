"""``concord export`` on a session built here: every format, options, cache use, clear errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import docx
import lxml.html
import pytest

from core.cli import run, write_exports
from core.results.jsonio import result_from_json
from core.store import Role, Session
from tests.core.report.test_export_html import NOTE_ADDED, NOTE_QUOTE, NOTE_RELEASE, scenario


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    result, anns = scenario()
    path = tmp_path / "flood review.concord"
    with Session.create(path) as session:
        for i, doc in enumerate(result.documents):
            role = Role.OFFICIAL if i == 0 else Role.REPORT
            session.add_document(doc, doc.text.encode("utf-8"), role=role)
        for ann in anns:
            session.add_annotation(ann.targets, note=ann.note, tags=ann.tags)
    return path


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_html_docx_json_in_one_run(
    session_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html, word, js = tmp_path / "p.html", tmp_path / "p.docx", tmp_path / "p.json"
    code, out, err = _run(["export", str(session_file), "--html", str(html), "--docx", str(word),
                           "--json", str(js)], capsys)
    assert (code, err) == (0, "")
    assert out.count("wrote ") == 3
    root = lxml.html.document_fromstring(html.read_text(encoding="utf-8"))
    assert "flood review" in root.findtext(".//h1")
    text = root.text_content()
    assert NOTE_QUOTE in text and NOTE_ADDED in text and NOTE_RELEASE in text
    assert len(root.find_class("report")) == 2
    body = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "Report 1: Flood plan for the valley" in body
    assert not list(tmp_path.glob(".*tmp*")), "temporary files left behind"



def test_a_session_that_cannot_be_written_still_exports(
    session_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A session on a read-only share: the window cannot open it for writing, and says so;
    exporting only reads it, so it works, and the file is left as it was."""
    import os

    import core.store.base

    real, shared = os.access, {session_file.resolve(), session_file.parent.resolve()}
    monkeypatch.setattr(
        core.store.base.os, "access",
        lambda p, mode: False if mode == os.W_OK and Path(p).resolve() in shared else real(p, mode),
    )
    from core.store import SessionError

    with pytest.raises(SessionError, match="read-only"):
        Session.open(session_file)
    before = session_file.read_bytes()
    (tmp_path / "out").mkdir()
    html = tmp_path / "out" / "p.html"
    code, out, err = _run(["export", str(session_file), "--html", str(html)], capsys)
    assert (code, err) == (0, "") and out.startswith("wrote HTML") and html.exists()
    assert NOTE_QUOTE in html.read_text(encoding="utf-8")
    assert session_file.read_bytes() == before


def test_json_is_the_compare_format_plus_annotations(
    session_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack.json"
    assert _run(["export", str(session_file), "--json", str(out)], capsys)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["d0", "d1", "d2"]
    assert {d["role"] for d in data["documents"][1:]} == {"report"}
    for comp in data["comparisons"]:
        assert {"official", "report", "links", "added", "omitted", "quotes", "figures"} <= set(comp)
    rebuilt = result_from_json(data)
    expected, _ = scenario()
    assert [c.stats for c in rebuilt.comparisons] == [c.stats for c in expected.comparisons]
    coll = data["annotations"]
    assert coll["type"] == "AnnotationCollection" and coll["total"] == 3
    notes = {b["value"] for item in coll["first"]["items"] for b in item.get("body", [])
             if b["purpose"] == "commenting"}
    assert notes == {NOTE_QUOTE, NOTE_ADDED, NOTE_RELEASE}
    assert data["export"]["session"] == "flood review"


def test_reports_and_tags_options(
    session_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "one.json"
    code, _, err = _run(["export", str(session_file), "--json", str(out), "--reports",
                         "report_one", "--tags", "added claim,omission"], capsys)
    assert (code, err) == (0, "")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["name"] for d in data["documents"]] == ["release.txt", "report_one.txt"]
    assert data["annotations"]["total"] == 2
    html = tmp_path / "brief.html"
    assert _run(["export", str(session_file), "--html", str(html), "--findings-only",
                 "--reports", "2", "--page-size", "letter"], capsys)[0] == 0
    root = lxml.html.document_fromstring(html.read_text(encoding="utf-8"))
    assert len(root.find_class("report")) == 1
    assert "Valley homes" in root.find_class("report")[0].text_content()



def test_a_tag_with_a_comma_is_taken_whole_with_tag(
    session_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Session.open(session_file) as session:
        first = session.annotations()[0]
        session.add_annotation(first.targets, note="cost and timing", tags=["cost, timing"])
    out = tmp_path / "tagged.json"

    def total(*flags: str) -> int:
        code, _, err = _run(["export", str(session_file), "--json", str(out), *flags], capsys)
        assert (code, err) == (0, "")
        return int(json.loads(out.read_text(encoding="utf-8"))["annotations"]["total"])

    assert total("--tag", "cost, timing") == 1
    assert total("--tags", "cost, timing") == 0  # split at the comma: no such tags
    assert total("--tag", "cost, timing", "--tags", "added claim") == 2

def test_cached_comparisons_are_used(
    session_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.results import CompareOptions
    from core.store import engine_version

    result, _ = scenario()
    marked = dataclasses.replace(
        result.comparisons[1], stats=dataclasses.replace(result.comparisons[1].stats,
                                                         additions=77))
    with Session.open(session_file) as session:
        # As the window caches it: default options, the running engine's version.
        session.cache_comparison(result.official.sha256, result.documents[2].sha256,
                                 CompareOptions(), engine_version(), marked)
        session.cache_comparison(result.official.sha256, result.documents[1].sha256,
                                 CompareOptions(), "an-older-engine", marked)
    out = tmp_path / "c.json"
    assert _run(["export", str(session_file), "--json", str(out)], capsys)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["comparisons"][1]["stats"]["additions"] == 77  # from the cache
    # A result an older engine stored is never used.
    assert data["comparisons"][0]["stats"]["additions"] == result.comparisons[0].stats.additions


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--reports", "nope"], "no report 'nope'"),
        (["--reports", "9"], "no report '9'"),
        ([], "nothing to write"),
    ],
)
def test_bad_requests_fail_in_one_line(
    session_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    extra: list[str], message: str,
) -> None:
    outs = [] if not extra else ["--html", str(tmp_path / "x.html")]
    code, _, err = _run(["export", str(session_file), *outs, *extra], capsys)
    assert code == 2 and message in err and err.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_unwritable_output_and_damaged_session(
    session_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no such folder" / "x.html"
    code, _, err = _run(["export", str(session_file), "--html", str(missing)], capsys)
    assert code == 2 and "does not exist" in err and err.count("\n") == 1
    code, _, err = _run(["export", str(session_file), "--html", str(tmp_path)], capsys)
    assert code == 2 and "is a folder" in err
    broken = tmp_path / "broken.concord"
    broken.write_bytes(b"this is not a session" * 100)
    code, _, err = _run(["export", str(broken), "--html", str(tmp_path / "y.html")], capsys)
    assert code == 2 and "damaged" in err and err.count("\n") == 1
    code, _, err = _run(["export", str(tmp_path / "gone.concord"), "--json",
                         str(tmp_path / "z.json")], capsys)
    assert code == 2 and err.startswith("concord: ") and err.count("\n") == 1


def test_pdf_without_a_printer_says_so(
    session_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["export", str(session_file), "--pdf", str(tmp_path / "x.pdf")], capsys)
    assert code == 2 and "PDF export needs Qt" in err
    assert not list(tmp_path.glob("*.pdf"))


def test_write_exports_for_the_compare_command(tmp_path: Path) -> None:
    result, anns = scenario()

    class Args:
        html = str(tmp_path / "c.html")
        json = str(tmp_path / "compare.json")  # compare's own --json: must be left alone
        docx = None
        pdf = None

    written = write_exports(result, anns, "compare run", Args(), formats=("html", "pdf", "docx"))
    assert written == [("html", tmp_path / "c.html")]
    assert not (tmp_path / "compare.json").exists()
    assert "compare run" in (tmp_path / "c.html").read_text(encoding="utf-8")


def test_recover_command_saves_a_copy_and_says_what_it_got(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.compare import compare
    from core.documents import load_document
    from core.store import save_result_to_session

    samples = Path(__file__).resolve().parents[3] / "sample_docs"
    result = compare(load_document(samples / "release.docx"),
                     [load_document(samples / "report_wire.txt")])
    damaged = tmp_path / "d.concord"
    save_result_to_session(result, damaged)
    data = bytearray(damaged.read_bytes())
    data[-4096:] = bytes(4096)  # the last page lost
    damaged.write_bytes(bytes(data))
    out = tmp_path / "r.concord"
    assert run(["recover", str(damaged), str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("recovered ") and line.endswith(f"wrote {out}")
    assert out.exists()
    assert run(["recover", str(damaged), str(out)]) == 2  # never overwrites
    assert "already exists" in capsys.readouterr().err
