"""Load a file (PDF, DOCX, HTML, TXT) into one immutable ``Document``, or raise ``LoadError``.

``load_document(path)`` checks existence, size and type, hashes the bytes and hands them to the
format's loader; ``load_bytes`` does the same for bytes kept in a session file. Every failure is a
``LoadError`` with one user-facing line; no other exception escapes. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from pathlib import Path

from core.documents.errors import LoadCancelled, LoadError, LoadErrorKind
from core.documents.gcpause import paused_gc
from core.documents.model import DocFormat, Document
from core.documents.progress import Progress, ShouldCancel

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024

EXTENSIONS: dict[str, DocFormat] = {
    ".pdf": DocFormat.PDF,
    ".docx": DocFormat.DOCX,
    ".html": DocFormat.HTML,
    ".htm": DocFormat.HTML,
    ".xhtml": DocFormat.HTML,
    ".txt": DocFormat.TXT,
    ".text": DocFormat.TXT,
    ".md": DocFormat.TXT,
}

#: File dialogs and drop handling use this; keep it in step with ``EXTENSIONS``.
SUPPORTED_PATTERNS = " ".join(f"*{ext}" for ext in EXTENSIONS)


def detect_format(path: str | Path, data: bytes) -> DocFormat:
    """Format from content first (a renamed PDF is still a PDF), then from the extension."""
    head = data[:1024].lstrip()
    if data[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return DocFormat.PDF
    if data[:2] == b"PK":
        if Path(path).suffix.lower() == ".docx":
            return DocFormat.DOCX
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return DocFormat.DOCX
        except zipfile.BadZipFile:
            pass
    ext = Path(path).suffix.lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return DocFormat.HTML
    raise LoadError(
        LoadErrorKind.UNSUPPORTED,
        path,
        f"unsupported file type '{ext or 'no extension'}'; Concord reads PDF, DOCX, HTML and TXT",
    )


def load_document(
    path: str | Path,
    *,
    password: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    should_cancel: ShouldCancel | None = None,
    progress: Progress | None = None,
) -> Document:
    """Read ``path`` and return its ``Document``; every failure is a ``LoadError``.

    ``LoadCancelled`` (not an error) is raised when ``should_cancel()`` turns True mid-way.
    """
    p = Path(path)
    if not p.exists():
        raise LoadError(LoadErrorKind.NOT_FOUND, p, "file not found")
    if p.is_dir():
        raise LoadError(LoadErrorKind.UNSUPPORTED, p, "is a folder, not a document")
    size = p.stat().st_size
    if size > max_bytes:
        raise LoadError(
            LoadErrorKind.TOO_LARGE,
            p,
            f"file is too large ({size / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB)",
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError(LoadErrorKind.CORRUPT, p, f"cannot be read ({exc.strerror})") from exc
    return load_bytes(
        data,
        str(p),
        password=password,
        max_bytes=max_bytes,
        should_cancel=should_cancel,
        progress=progress,
    )


def load_bytes(
    data: bytes,
    path: str,
    *,
    password: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    should_cancel: ShouldCancel | None = None,
    progress: Progress | None = None,
) -> Document:
    """Turn ``data`` (the bytes of the file named ``path``) into a ``Document``."""
    if len(data) > max_bytes:
        raise LoadError(
            LoadErrorKind.TOO_LARGE,
            path,
            f"file is too large ({len(data) / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB)",
        )
    if not data.strip():
        raise LoadError(LoadErrorKind.EMPTY, path, "the file is empty")
    fmt = detect_format(path, data)
    sha = hashlib.sha256(data).hexdigest()
    try:
        with paused_gc():  # characters, boxes and lines by the hundred thousand, no cycles
            doc = _dispatch(fmt, data, path, sha, password, should_cancel, progress)
    except (LoadError, LoadCancelled):
        raise
    except MemoryError as exc:
        raise LoadError(LoadErrorKind.TOO_LARGE, path, "too large to read in memory") from exc
    except Exception as exc:  # a parser library failed in a way it does not document
        log.debug("loader failed on %s", path, exc_info=True)
        raise LoadError(
            LoadErrorKind.CORRUPT,
            path,
            f"the {fmt.value.upper()} file is damaged and cannot be read ({type(exc).__name__})",
        ) from exc
    if not doc.text.strip():
        raise LoadError(LoadErrorKind.EMPTY, path, "the document contains no text")
    return doc


def _dispatch(
    fmt: DocFormat,
    data: bytes,
    path: str,
    sha: str,
    password: str | None,
    should_cancel: ShouldCancel | None,
    progress: Progress | None,
) -> Document:
    # Only PDFs are long enough to need per-page progress and cancelling.
    if fmt is DocFormat.PDF:
        from core.documents.loaders import pdf

        return pdf.load(
            data, path, sha, password=password, should_cancel=should_cancel, progress=progress
        )
    if fmt is DocFormat.DOCX:
        from core.documents.loaders import docx

        return docx.load(data, path, sha)
    if fmt is DocFormat.HTML:
        from core.documents.loaders import html

        return html.load(data, path, sha)
    from core.documents.loaders import txt

    return txt.load(data, path, sha)
