"""Opening a report by its web address: fetch the page (or PDF), keep the bytes, load it.

``fetch(url)`` gets one http(s) address with urllib3 (the HTTP client trafilatura already
brings; connection pooling, timeouts, redirect limits and streaming are its job, not ours):
a connect and a read timeout, at most ``MAX_REDIRECTS`` redirects, a size limit checked on the
announced length and again while streaming, and a content-type check (web page, PDF, Word or
plain text; a PDF served as ``text/html`` is recognised by its first bytes). Every failure is a
``LoadError`` with one line saying what happened: not found, needs a login, refused, timed out,
redirects in a loop, not a web page or PDF, too large, an address that is not http(s).
``load_address(url)`` loads the fetched bytes as a file of that type would load; the document
keeps the address as its path and the address, final address and fetch time in its metadata.
``fetched_bytes`` returns the bytes of a page this process fetched, so a session can keep the
original exactly as it was compared. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from core.documents.errors import LoadCancelled, LoadError, LoadErrorKind
from core.documents.loaders import DEFAULT_MAX_BYTES, load_bytes, load_document
from core.documents.model import Document
from core.documents.progress import ShouldCancel

if TYPE_CHECKING:
    import urllib3

# urllib3 is imported where an address is fetched, not here: it takes 50-80 ms, and every
# command and the window import this package, nearly always to open files.

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
MAX_REDIRECTS = 5
#: However slowly a server sends, a fetch ends after this long.
MAX_FETCH_SECONDS = 120.0
#: At most this many bytes of fetched pages are kept for the session (the newest first).
KEEP_BYTES = 256 * 1024 * 1024
CHUNK = 64 * 1024
#: Content types Concord reads, and the file extension its loader knows them by.
TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/x-pdf": ".pdf",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
#: Pages fetched by this process, by address: (sha256, bytes), the most recent few.
_KEPT: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
_KEEP = 32


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    content_type: str
    data: bytes
    fetched_at: str

    @property
    def name(self) -> str:
        """A file name for the loader: the address's last segment with the type's extension."""
        parts = urlsplit(self.final_url)
        last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or parts.hostname or "page"
        ext = _extension(self.content_type, self.data)
        return last if last.lower().endswith(ext) else last + ext


def is_address(text: str) -> bool:
    """Whether ``text`` is a web address rather than a file path."""
    return text.strip().lower().startswith(("http://", "https://"))


def _extension(content_type: str, data: bytes) -> str:
    if data[:5] == b"%PDF-":
        return ".pdf"
    return TYPES.get(content_type, ".html")


def _fail(kind: LoadErrorKind, url: str, detail: str) -> LoadError:
    return LoadError(kind, url, detail)


def fetch(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
    should_cancel: ShouldCancel | None = None,
) -> Fetched:
    """GET ``url``; the bytes, or a ``LoadError`` saying in one line why not."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), parts.hostname or url
    except ValueError as exc:  # "http://[::1": not an address at all
        raise _fail(LoadErrorKind.UNSUPPORTED, url, f"is not a valid web address ({exc})") from exc
    if scheme not in ("http", "https"):
        raise _fail(LoadErrorKind.UNSUPPORTED, url,
                    f"only http:// and https:// addresses can be opened, not {scheme or 'this'}:")
    if should_cancel is not None and should_cancel():
        raise LoadCancelled()
    import urllib3
    from urllib3.exceptions import (
        ConnectTimeoutError,
        MaxRetryError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
        SSLError,
    )

    pool = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=timeout[0], read=timeout[1]),
        retries=urllib3.Retry(total=None, connect=0, read=0, status=0, other=0,
                              redirect=MAX_REDIRECTS, raise_on_redirect=True),
        headers={"User-Agent": "Concord/0.1 (press release comparison)"},
    )
    try:
        resp = pool.request("GET", url, preload_content=False)
    except MaxRetryError as exc:
        raise _network(url, host, exc.reason) from exc
    except (ConnectTimeoutError, ReadTimeoutError, NewConnectionError, SSLError,
            ProtocolError) as exc:
        raise _network(url, host, exc) from exc
    except (urllib3.exceptions.HTTPError, ValueError) as exc:
        raise _fail(LoadErrorKind.NETWORK, url, f"cannot be fetched ({exc})") from exc
    try:
        return _read(url, host, resp, max_bytes, should_cancel)
    finally:
        resp.release_conn()
        pool.clear()


def _network(url: str, host: str, reason: object) -> LoadError:
    from urllib3.exceptions import (
        ConnectTimeoutError,
        NewConnectionError,
        ReadTimeoutError,
        ResponseError,
        SSLError,
    )

    text = str(reason).lower()
    # NewConnectionError is a ConnectTimeoutError to urllib3: look at what it says first.
    if "refused" in text:
        return _fail(LoadErrorKind.NETWORK, url, f"{host} refused the connection")
    if "name or service not known" in text or "failed to resolve" in text or "getaddrinfo" in text:
        return _fail(LoadErrorKind.NETWORK, url,
                     f"{host} cannot be found (no such host, or offline)")
    if "too many redirects" in text or isinstance(reason, ResponseError):
        return _fail(LoadErrorKind.NETWORK, url,
                     f"the address redirects too many times (more than {MAX_REDIRECTS}; a loop?)")
    if isinstance(reason, SSLError):
        return _fail(LoadErrorKind.NETWORK, url, f"the secure connection to {host} failed")
    if isinstance(reason, NewConnectionError):
        return _fail(LoadErrorKind.NETWORK, url, f"{host} cannot be reached ({reason})")
    if isinstance(reason, (ConnectTimeoutError, ReadTimeoutError)) or "timed out" in text:
        return _fail(LoadErrorKind.NETWORK, url, f"{host} did not answer in time (timed out)")
    return _fail(LoadErrorKind.NETWORK, url, f"{host} cannot be reached ({reason})")


def _read(url: str, host: str, resp: urllib3.BaseHTTPResponse, max_bytes: int,
          should_cancel: ShouldCancel | None) -> Fetched:
    from urllib3.exceptions import HTTPError, ProtocolError, ReadTimeoutError, SSLError

    status = resp.status
    if status in (401, 403, 407):
        raise _fail(LoadErrorKind.NETWORK, url,
                    f"the page needs a login or is forbidden (HTTP {status}); save it from your "
                    "browser and open the file")
    if status in (404, 410):
        raise _fail(LoadErrorKind.NOT_FOUND, url, f"the page was not found (HTTP {status})")
    if status >= 400:
        raise _fail(LoadErrorKind.NETWORK, url,
                    f"the server answered with an error (HTTP {status})")
    content_type = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    limit_mb = max_bytes / 1e6
    announced = resp.headers.get("Content-Length") or ""
    if re.fullmatch(r"[0-9]+", announced) and int(announced) > max_bytes:
        raise _fail(LoadErrorKind.TOO_LARGE, url,
                    f"is too large ({int(announced) / 1e6:.0f} MB; the limit is {limit_mb:.0f} MB)")
    chunks: list[bytes] = []
    size = 0
    # The read timeout applies to each read; a server that trickles bytes is stopped by an
    # overall deadline, and reads return what has arrived so cancel is seen promptly.
    deadline = time.monotonic() + MAX_FETCH_SECONDS
    try:
        while True:
            if should_cancel is not None and should_cancel():
                raise LoadCancelled()
            if time.monotonic() > deadline:
                raise _fail(LoadErrorKind.NETWORK, url, f"{host} is sending the page too "
                            f"slowly (not finished in {MAX_FETCH_SECONDS:.0f} s)")
            chunk = resp.read1(CHUNK)
            if not chunk:
                break
            if not chunks and content_type not in TYPES and chunk[:5] != b"%PDF-":
                raise _fail(LoadErrorKind.UNSUPPORTED, url, "is not a web page or PDF (the "
                            f"server says {content_type or 'nothing'})")
            size += len(chunk)
            if size > max_bytes:
                raise _fail(LoadErrorKind.TOO_LARGE, url,
                            f"is larger than the limit of {limit_mb:.0f} MB")
            chunks.append(chunk)
    except (ReadTimeoutError, ProtocolError, SSLError) as exc:
        raise _network(url, host, exc) from exc
    except HTTPError as exc:  # e.g. a body that is not the gzip it claims
        raise _fail(LoadErrorKind.CORRUPT, url, f"the page arrived damaged ({exc})") from exc
    data = b"".join(chunks)
    if not data:
        raise _fail(LoadErrorKind.EMPTY, url, "the page is empty")
    final = urljoin(url, resp.geturl() or url)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Fetched(url, str(final), content_type, data, when)


def load_address(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    should_cancel: ShouldCancel | None = None,
) -> Document:
    """Fetch ``url`` and load it; the document's path is the address."""
    page = fetch(url, max_bytes=max_bytes, should_cancel=should_cancel)
    try:
        doc = load_bytes(page.data, page.name, max_bytes=max_bytes, should_cancel=should_cancel)
    except LoadError as exc:
        raise LoadError(exc.kind, url, exc.detail) from exc
    keep_fetched(page.url, doc.sha256, page.data)
    facts = dict(doc.metadata)
    facts.update(address=page.url, final_address=page.final_url, fetched=page.fetched_at)
    return replace(doc, path=page.url, metadata=tuple(sorted(facts.items())))


def keep_fetched(url: str, sha256: str, data: bytes) -> None:
    """Keep the bytes a page was loaded from (a loading process hands them to the window's)."""
    _KEPT[url] = (sha256, data)
    _KEPT.move_to_end(url)
    while len(_KEPT) > _KEEP or (
        len(_KEPT) > 1 and sum(len(d) for _, d in _KEPT.values()) > KEEP_BYTES
    ):
        _KEPT.popitem(last=False)


def take_fetched(url: str, sha256: str) -> bytes | None:
    """``fetched_bytes``, and forget them here (a loading child hands them on)."""
    data = fetched_bytes(url, sha256)
    if data is not None:
        del _KEPT[url]
    return data


def fetched_bytes(url: str, sha256: str) -> bytes | None:
    """The bytes of ``url`` as this process fetched them, if they had this SHA-256."""
    kept = _KEPT.get(url)
    if kept is not None and kept[0] == sha256:
        return kept[1]
    return None


def load_source(source: str | Path, *, password: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES,
                should_cancel: ShouldCancel | None = None) -> Document:
    """A file path or a web address, loaded: what the command line and the window accept."""
    if isinstance(source, str) and is_address(source):
        return load_address(source, max_bytes=max_bytes, should_cancel=should_cancel)
    return load_document(source, password=password, max_bytes=max_bytes,
                         should_cancel=should_cancel)
