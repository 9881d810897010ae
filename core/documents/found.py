"""Which documents a folder, a glob pattern or a file name stands for, in a stable order.

``find_documents(spec)`` is what ``concord batch RELEASE REPORTS`` and ``concord match`` take
as a source of many documents: a folder (searched recursively for the file types Concord
reads), a glob pattern (``reports/**/*.html``; quoted, so the shell leaves it alone), or one
file. Paths come back sorted, so pair ids and output order do not depend on the file system's
listing order. Nothing found is one ``LoadError``. Imports nothing beyond ``documents``.
"""

from __future__ import annotations

import glob
from pathlib import Path

from core.documents.errors import LoadError, LoadErrorKind
from core.documents.loaders import EXTENSIONS

_GLOB_CHARS = frozenset("*?[")


def is_pattern(spec: str) -> bool:
    """True when ``spec`` is a glob pattern rather than a plain path."""
    return any(c in _GLOB_CHARS for c in spec)


def find_documents(spec: str | Path) -> list[Path]:
    """The files ``spec`` names: a folder's readable documents, a glob's matches, or a file."""
    text = str(spec)
    if is_pattern(text):
        # A pattern names its files itself: whatever it matches is taken, whatever the type,
        # so that a file of the wrong kind gets its own error row instead of vanishing.
        found = [Path(p) for p in glob.glob(text, recursive=True)]
        found = [p for p in found if p.is_file()]
        if not found:
            raise LoadError(LoadErrorKind.NOT_FOUND, text, "no file matches this pattern")
        return sorted(found)
    path = Path(text)
    if path.is_dir():
        found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS]
        if not found:
            kinds = ", ".join(sorted(EXTENSIONS))
            raise LoadError(LoadErrorKind.NOT_FOUND, text, f"the folder holds no {kinds} file")
        return sorted(found)
    if path.is_file():
        return [path]
    raise LoadError(LoadErrorKind.NOT_FOUND, text, "no such file or folder")
