"""Re-checking reports that changed after they were compared, against a local HTTP server whose
article is edited between the comparison and the re-check (a stealth edit)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.anchoring import AnchorState, describe
from core.cli import run
from core.compare import compare
from core.documents import load_address, load_document
from core.recheck import Change, CheckStatus, check_report, recheck_session
from core.store import Session, save_result_to_session
from tests.core.documents.test_fetch import SAMPLES, Handler, serving

ARTICLE = (SAMPLES / "report_daily.html").read_bytes()
HTML = "text/html; charset=utf-8"
_names = itertools.count()

#: The stealth edit: the altered quote corrected to the release's words, a new claim added and
#: the last paragraph taken out.
EDITS = (
    ("“might give 38,700 households", "“will give 38,700 households"),
    ("<p>Officials expect", "<p>The minister also confirmed that a second wave of funding, worth "
     "£60 million, would follow in 2029 for towns on the east coast.</p>\n    <p>Officials "
     "expect"),
    ("<p>The announcement comes weeks before the spring budget, when the Treasury is expected "
     "to set out further spending cuts.</p>", ""),
)


def edited(article: bytes = ARTICLE) -> bytes:
    text = article.decode("utf-8")
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new)
    return text.encode("utf-8")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving() as base:
        yield base


def _page(server: str) -> tuple[str, str]:
    name = f"daily-{next(_names)}.html"
    Handler.EDITABLE[name] = (200, ARTICLE, HTML)
    return name, f"{server}/edit/{name}"


def _session(tmp_path: Path, server: str) -> tuple[Path, str, str]:
    """A session with release.pdf and the served article, three annotations on the article."""
    name, url = _page(server)
    release = load_document(SAMPLES / "release.pdf")
    report = load_address(url)
    path = tmp_path / f"{name}.concord"
    save_result_to_session(compare(release, [report]), str(path))
    with Session.open(path) as s:
        for words in ("a drop in the ocean", "one in four sea walls",
                      "weeks before the spring budget"):
            start = report.text.index(words)
            s.add_annotation([describe(report.text, _span(start, words), report.sha256)],
                             note=words)
    return path, name, url


def _span(start: int, words: str) -> object:
    from core.documents import Span

    return Span(start, start + len(words))


def test_an_unchanged_report_leaves_the_session_as_it_was(tmp_path: Path, server: str) -> None:
    path, _, _ = _session(tmp_path, server)
    before = path.read_bytes()
    (checked,) = recheck_session(path)
    assert checked.check.status is CheckStatus.UNCHANGED and checked.reanchor is None
    with Session.open(path) as s:
        assert all(s.document_versions(d.id) == [] for d in s.documents())
    assert len(path.read_bytes()) == len(before)


def test_a_stealth_edit_is_kept_as_a_new_version_with_what_changed(
    tmp_path: Path, server: str
) -> None:
    path, name, url = _session(tmp_path, server)
    with Session.open(path) as s:
        old = next(d for d in s.documents() if d.name == name)
    Handler.EDITABLE[name] = (200, edited(), HTML)
    (checked,) = recheck_session(path)
    check = checked.check
    assert check.status is CheckStatus.CHANGED and check.source == url
    assert check.words_added >= 20 and check.words_removed >= 14
    inserted = " ".join(p.text for p in check.diff if p.op.value == "insert")
    assert "second wave of funding" in inserted
    messages = [c.message for c in check.changes]
    assert any(m.startswith("the altered quote now matches the release") for m in messages), (
        messages)
    assert any(m.startswith("a new added claim") and "second wave" in m for m in messages)
    assert any(c.change is Change.VANISHED and "spring budget" in c.message
               for c in check.changes)
    # Annotations followed the text; the one on the removed paragraph is kept as an orphan.
    assert checked.reanchor is not None and checked.reanchor.orphaned == 1
    assert [a.note for a in checked.orphans] == ["weeks before the spring budget"]
    with Session.open(path) as s:
        now = next(d for d in s.documents() if d.name == name)
        assert now.sha256 == check.new.sha256 and now.id == old.id
        assert s.document_bytes(now.id) == edited()
        (version,) = s.document_versions(now.id)
        assert version.sha256 == old.sha256 and version.summary == check.summary
        assert "words added" in version.summary
        assert s.version_bytes(version.id) == ARTICLE
        states = {a.note: a.state for a in s.annotations()}
        assert states["weeks before the spring budget"] is AnchorState.ORPHAN
        assert states["a drop in the ocean"] is not AnchorState.ORPHAN
    # Checked again with no further edit: nothing more happens.
    (again,) = recheck_session(path)
    assert again.check.status is CheckStatus.UNCHANGED


@pytest.mark.parametrize(
    ("served", "says"),
    [
        ((401, b"log in", HTML), "needs a login"),
        ((500, b"oops", HTML), "HTTP 500"),
        ((302, b"/edit/{name}", HTML), "redirects too many times"),
        ((200, b"<html><body><h1>Sign in</h1><p>Subscribe to keep reading this article."
               b"</p></body></html>", HTML), "almost none of the article"),
        ((200, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"), "not a web page or PDF"),
    ],
    ids=["login", "server-error", "redirect-loop", "paywall-page", "not-html"],
)
def test_a_report_that_cannot_be_checked_changes_nothing(
    tmp_path: Path, server: str, served: tuple[int, bytes, str], says: str
) -> None:
    path, name, _ = _session(tmp_path, server)
    with Session.open(path) as s:
        before = [(d.sha256, d.name) for d in s.documents()]
        notes = [(a.note, a.state, a.targets) for a in s.annotations()]
    status, body, ctype = served
    Handler.EDITABLE[name] = (status, body.replace(b"{name}", name.encode()), ctype)
    (checked,) = recheck_session(path)
    assert checked.check.status is CheckStatus.FAILED
    assert says in checked.check.message and "the stored version is kept" in checked.check.message
    with Session.open(path) as s:
        assert [(d.sha256, d.name) for d in s.documents()] == before
        assert [(a.note, a.state, a.targets) for a in s.annotations()] == notes
        assert all(s.document_versions(d.id) == [] for d in s.documents())


def test_a_file_report_is_read_again(tmp_path: Path) -> None:
    release = load_document(SAMPLES / "release.pdf")
    file = tmp_path / "wire.txt"
    file.write_bytes((SAMPLES / "report_wire.txt").read_bytes())
    old = load_document(file)
    assert check_report(release, old).status is CheckStatus.UNCHANGED
    file.write_text(file.read_text(encoding="utf-8") + "\n\nCorrection: the programme runs "
                    "for six years, not five.\n", encoding="utf-8")
    check = check_report(release, old)
    assert check.status is CheckStatus.CHANGED and check.new is not None
    assert check.words_added == 9 and check.words_removed == 0
    file.unlink()
    gone = check_report(release, old)
    assert gone.status is CheckStatus.FAILED and "not re-checked" in gone.message


def test_cli_recheck_prints_what_changed(
    tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, name, _ = _session(tmp_path, server)
    Handler.EDITABLE[name] = (200, edited(), HTML)
    assert run(["recheck", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{name}: changed" in out
    assert "the altered quote now matches the release" in out
    assert "orphaned: “weeks before the spring budget”" in out
    assert run(["recheck", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reports"][0]["status"] == "unchanged"
    # The export lists the earlier version and prints crops of the release PDF's pages.
    out = tmp_path / "pack.html"
    assert run(["export", str(path), "--html", str(out)]) == 0
    capsys.readouterr()
    html = out.read_text(encoding="utf-8")
    assert "Earlier version 1:" in html and "words added" in html
    assert "release.pdf, release page 1" in html and "data:image/png;base64," in html
    Handler.EDITABLE[name] = (401, b"", HTML)
    assert run(["recheck", str(path)]) == 1
    captured = capsys.readouterr()
    assert "needs a login" in captured.out + captured.err
    assert run(["recheck", str(tmp_path / "missing.concord")]) == 2
    assert "missing.concord" in capsys.readouterr().err


def test_markup_only_changes_teasers_and_uncomparable_versions_change_nothing(
    tmp_path: Path, server: str
) -> None:
    path, name, _ = _session(tmp_path, server)
    # The bytes differ (an advert's nonce), the text does not: no new version.
    Handler.EDITABLE[name] = (200, ARTICLE.replace(b"</body>", b"<!-- ad 8f3a --></body>"), HTML)
    (checked,) = recheck_session(path)
    assert checked.check.status is CheckStatus.UNCHANGED
    assert "markup differs, its text is the same" in checked.check.message
    # A soft paywall: the first two paragraphs and a subscribe box.
    text = ARTICLE.decode("utf-8")
    body = text.index('<div class="article-body">')
    cut = text.index("<p>Work will start")
    teaser = (text[:cut] + "<p>Subscribe to keep reading. Already a subscriber? Sign in.</p>"
              "</div></article></main></body></html>").encode("utf-8")
    assert body < cut
    Handler.EDITABLE[name] = (200, teaser, HTML)
    (checked,) = recheck_session(path)
    assert checked.check.status is CheckStatus.FAILED
    assert "only the start of the article" in checked.check.message
    with Session.open(path) as s:
        assert all(s.document_versions(d.id) == [] for d in s.documents())


def test_a_new_version_that_cannot_be_compared_or_a_cancel_is_a_failure(tmp_path: Path) -> None:
    from core.results import CompareOptions

    release = load_document(SAMPLES / "release.pdf")
    file = tmp_path / "wire.txt"
    file.write_bytes((SAMPLES / "report_wire.txt").read_bytes())
    old = load_document(file)
    file.write_text(file.read_text(encoding="utf-8") * 3, encoding="utf-8")
    small = CompareOptions(max_chars=len(old.text) + 100)
    too_long = check_report(release, old, options=small)
    assert too_long.status is CheckStatus.FAILED and "too long to compare" in too_long.message
    calls = iter(range(100))
    cancelled = check_report(release, old, should_cancel=lambda: next(calls) > 0)
    assert cancelled.status is CheckStatus.FAILED and "cancelled" in cancelled.message
