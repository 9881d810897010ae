"""Opening documents by web address, against a local HTTP server (tests never use the network)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from core.cli import run
from core.documents import LoadError, LoadErrorKind, fetched_bytes, load_address
from core.documents.fetch import fetch

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "sample_docs"
SHARED_PAGES = ROOT.parent / "shared" / "corpus" / "html" / "trafilatura" / "pages"


class Handler(BaseHTTPRequestHandler):
    #: Pages a test can change while the server runs (``/edit/NAME``): status, body, type; a
    #: 302 status sends the body as the Location header.
    EDITABLE: ClassVar[dict[str, tuple[int, bytes, str]]] = {}

    def log_message(self, *args: object) -> None:  # quiet test output
        pass

    def _send(self, status: int, body: bytes, ctype: str, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path.startswith("/edit/") and path[6:] in self.EDITABLE:
            status, body, ctype = self.EDITABLE[path[6:]]
            if status == 302:
                self.send_response(302)
                self.send_header("Location", body.decode())
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self._send(status, body, ctype)
        elif path == "/daily.html":
            self._send(200, (SAMPLES / "report_daily.html").read_bytes(),
                       "text/html; charset=utf-8")
        elif path == "/wire.txt":
            self._send(200, (SAMPLES / "report_wire.txt").read_bytes(), "text/plain")
        elif path == "/release.pdf":
            self._send(200, (SAMPLES / "release.pdf").read_bytes(), "application/pdf")
        elif path == "/pdf-as-html":
            self._send(200, (SAMPLES / "release.pdf").read_bytes(), "text/html")
        elif path.startswith("/shared/"):
            self._send(200, (SHARED_PAGES / path.rsplit("/", 1)[-1]).read_bytes(), "text/html")
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
        elif path == "/missing":
            self._send(404, b"not here", "text/html")
        elif path == "/login":
            self._send(401, b"log in", "text/html")
        elif path == "/error":
            self._send(500, b"oops", "text/html")
        elif path == "/empty":
            self._send(200, b"", "text/html")
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/daily.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/huge":  # announces 500 MB: refused before a byte of it is read
            self._send(200, b"<html>", "text/html", length=500_000_000)
        elif path == "/endless":  # no length: the limit is checked while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(400):
                    self.wfile.write(b"<p>" + b"x" * 8192 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/bad-length":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "\xb2")
            self.end_headers()
            self.wfile.write(b"<html><p>x</p></html>")
        elif path == "/bad-gzip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", "40")
            self.end_headers()
            self.wfile.write(b"<html><p>this is not gzip at all</p>!!!")
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, b"<html><p>late</p></html>", "text/html")
        else:
            self._send(404, b"no route", "text/html")


@contextlib.contextmanager
def serving() -> Iterator[str]:
    """The test pages on 127.0.0.1 (a free port) for as long as the block runs; its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving() as base:
        yield base


def test_a_page_loads_like_the_file_and_keeps_its_address(server: str) -> None:
    doc = load_address(f"{server}/daily.html")
    assert doc.path == f"{server}/daily.html" and doc.name == "daily.html"
    assert "£140 million" in doc.text
    assert doc.meta("address") == f"{server}/daily.html" and doc.meta("fetched").endswith("Z")
    assert fetched_bytes(doc.path, doc.sha256) == (SAMPLES / "report_daily.html").read_bytes()


def test_a_redirect_is_followed_and_the_final_address_kept(server: str) -> None:
    doc = load_address(f"{server}/moved")
    assert doc.meta("final_address") == f"{server}/daily.html"


def test_pdf_by_address_and_pdf_served_as_html(server: str) -> None:
    for route in ("/release.pdf", "/pdf-as-html"):
        doc = load_address(server + route)
        assert "Tidewater" in doc.text, route


@pytest.mark.skipif(not SHARED_PAGES.is_dir(), reason="shared corpus not found")
def test_a_real_news_page_from_the_shared_corpus(server: str) -> None:
    page = sorted(SHARED_PAGES.glob("*.html"))[0]
    doc = load_address(f"{server}/shared/{page.name}")
    assert len(doc.text.split()) > 50


@pytest.mark.parametrize(
    ("route", "kind", "words"),
    [
        ("/missing", LoadErrorKind.NOT_FOUND, "the page was not found (HTTP 404)"),
        ("/login", LoadErrorKind.NETWORK, "needs a login or is forbidden (HTTP 401)"),
        ("/error", LoadErrorKind.NETWORK, "answered with an error (HTTP 500)"),
        ("/loop", LoadErrorKind.NETWORK, "redirects too many times"),
        ("/image.png", LoadErrorKind.UNSUPPORTED, "not a web page or PDF"),
        ("/huge", LoadErrorKind.TOO_LARGE, "too large (500 MB"),
        ("/empty", LoadErrorKind.EMPTY, "the page is empty"),
    ],
)
def test_bad_addresses_get_one_clear_line(
    server: str, route: str, kind: LoadErrorKind, words: str
) -> None:
    with pytest.raises(LoadError) as err:
        load_address(server + route)
    assert err.value.kind is kind
    assert words in str(err.value), str(err.value)
    assert "\n" not in str(err.value)


def test_size_limit_while_streaming_and_timeouts(server: str) -> None:
    with pytest.raises(LoadError, match="larger than the limit of 1 MB"):
        fetch(f"{server}/endless", max_bytes=1_000_000)
    with pytest.raises(LoadError, match="did not answer in time"):
        fetch(f"{server}/slow", timeout=(1.0, 0.3))


def test_only_web_addresses_and_refused_connections(tmp_path: Path) -> None:
    for address in ("file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/a"):
        with pytest.raises(LoadError, match="only http:// and https:// addresses") as err:
            fetch(address)
        assert err.value.kind is LoadErrorKind.UNSUPPORTED
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(LoadError, match="refused the connection"):
        fetch(f"http://127.0.0.1:{port}/")


def test_compare_by_address_on_the_command_line(server: str, tmp_path: Path) -> None:
    out, session = tmp_path / "out.json", tmp_path / "s.concord"
    code = run(["compare", f"{server}/release.pdf", f"{server}/daily.html",
                "--json", str(out), "--session", str(session)])
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["name"] for d in data["documents"]] == ["release.pdf", "daily.html"]
    assert data["comparisons"][0]["links"]
    assert run(["compare", f"{server}/release.pdf", f"{server}/missing"]) == 2


def test_odd_servers_end_in_one_line(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.documents.fetch as fetch_module

    with pytest.raises(LoadError, match="not a valid web address"):
        fetch("http://[::1")
    # A length that is no number is ignored; the page still loads.
    assert fetch(f"{server}/bad-length").data.startswith(b"<html>")
    with pytest.raises(LoadError, match="arrived damaged"):
        fetch(f"{server}/bad-gzip")
    monkeypatch.setattr(fetch_module, "MAX_FETCH_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(LoadError, match="sending the page too slowly"):
        fetch(f"{server}/trickle")
    assert time.monotonic() - started < 3
    from core.documents import LoadCancelled

    with pytest.raises(LoadCancelled):
        fetch(f"{server}/trickle", should_cancel=lambda: True)



def test_opening_files_does_not_import_the_http_client() -> None:
    """urllib3 costs 50-80 ms at start-up; only fetching an address needs it."""
    import subprocess
    import sys

    code = ("import sys, core.documents, core.cli; "
            "print('urllib3' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
