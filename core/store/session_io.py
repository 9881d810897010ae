"""Write a finished comparison into a new session file (``compare ... --session OUT.concord``).

A session keeps each document's original bytes, so they are re-read from ``Document.path`` and
checked against the SHA-256 the loader recorded: a file changed since it was compared is refused
rather than stored beside a text it does not match. The file is built under a temporary name
beside the target and renamed into place at the end, so a failure never leaves half a session,
and an existing file is only replaced when asked. ``engine_version()`` names the comparison code
so that cached results are never reused after the engine changes. No Qt, no ``ui/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
import zipfile
from functools import cache
from pathlib import Path

from core.documents import LoadError, LoadErrorKind, fetched_bytes, is_address
from core.results import CompareOptions, CompareResult, RunState
from core.store.session import Role, Session, SessionError, SessionErrorKind

#: Packages and modules (under ``core/``) whose code decides a comparison's content; a change to
#: any file in them is a new engine. Whole packages, so a module added to one counts at once.
ENGINE_PARTS = (
    "align", "judge", "shifts", "compare", "results/model.py", "documents/furniture.py",
)

#: Data files (under the checkout) that decide a comparison's content as code does.
MODEL_PARTS = (
    "resources/models/meaning-quick/weights.npz",
    "resources/models/meaning-quick/tokenizer.json",
    "resources/models/meaning/weights.npz",
    "resources/models/meaning/weights-2.npz",
    "resources/models/meaning/tokenizer.json",
)

SELECTED_REPORT_KEY = "selected_report"


@cache
def engine_version() -> str:
    """A short hash of the comparison engine's source: cached results are keyed on it."""
    digest = hashlib.sha256()
    core = Path(__file__).resolve().parents[1]
    for part in ENGINE_PARTS:
        where = core / part
        for path in sorted(where.glob("*.py")) if where.is_dir() else [where]:
            digest.update(path.relative_to(core).as_posix().encode())
            digest.update(path.read_bytes())
    # The quick meaning model's weights decide clause links (align/sources.py) and the verdict
    # model's the meaning stored with ``compare --meaning``: retrained weights are a new engine.
    for name in MODEL_PARTS:
        path = core.parent / name
        digest.update(name.encode())
        digest.update(_model_digest(path) if path.is_file() else b"missing")
    return "src-" + digest.hexdigest()[:16]


def _model_digest(path: Path) -> bytes:
    """What identifies a model file: an archive's member names, sizes and CRC-32s (read from its
    directory, not 110 MB of weights), any other file's bytes."""
    if path.suffix == ".npz":
        try:
            with zipfile.ZipFile(path) as z:
                return repr([(i.filename, i.file_size, i.CRC) for i in z.infolist()]).encode()
        except (OSError, zipfile.BadZipFile):
            pass  # damaged: its bytes are what there is
    return path.read_bytes()


def original_bytes(path: str, sha256: str) -> bytes:
    """The file a document was loaded from: LoadError if gone, SessionError if changed since.

    Other read failures are the ``OSError`` the CLI already reports in one line.
    """
    if is_address(path):
        kept = fetched_bytes(path, sha256)
        if kept is None:
            raise LoadError(
                LoadErrorKind.NOT_FOUND, path,
                "the page as it was compared is no longer at hand; open the address again",
            )
        return kept
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise LoadError(
            LoadErrorKind.NOT_FOUND, path, "the file is gone; it cannot be kept in the session"
        ) from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SessionError(
            SessionErrorKind.INVALID, path,
            "the file changed after it was compared; compare again before saving the session",
        )
    return data


def save_result_to_session(
    result: CompareResult,
    path: str,
    *,
    options: CompareOptions | None = None,
    overwrite: bool = False,
) -> None:
    """Store the release, the reports (with their bytes), roles and every comparison at ``path``.

    ``options`` are the ones the comparison ran with (they key the cache); an existing file at
    ``path`` raises ``SessionError`` (kind EXISTS) unless ``overwrite``.
    """
    if result.state is not RunState.COMPLETED:
        raise ValueError("the comparison was cancelled; there is nothing complete to save")
    if not result.documents:
        raise ValueError("the comparison has no documents")
    target = Path(path)
    if target.exists() and not overwrite:
        raise SessionError(
            SessionErrorKind.EXISTS, target,
            "a file with this name already exists; choose another name or remove it first",
        )
    if not target.parent.is_dir():
        raise SessionError(SessionErrorKind.NOT_FOUND, target, "the folder does not exist")
    contents = [original_bytes(d.path, d.sha256) for d in result.documents]
    options = options or CompareOptions()
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with Session.create(tmp) as session:
            for i, (doc, data) in enumerate(zip(result.documents, contents, strict=True)):
                session.add_document(doc, data, role=Role.OFFICIAL if i == 0 else Role.REPORT)
            version = engine_version()
            for comp in result.comparisons:
                report = result.documents[comp.report_index]
                session.cache_comparison(
                    result.official.sha256, report.sha256, options, version, comp
                )
            if len(result.documents) > 1:
                session.set_setting(SELECTED_REPORT_KEY, result.documents[1].sha256)
        os.replace(tmp, target)
    except OSError as exc:
        raise SessionError(
            SessionErrorKind.IO, target, f"cannot be written ({exc.strerror})"
        ) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
