"""The single user-facing error type for documents that cannot be loaded or compared.

Every cause has its own ``LoadErrorKind`` and a one-line message a policy officer can act on;
the CLI prints ``str(error)`` and the window shows it on the document. Imports nothing from Qt.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path


class LoadErrorKind(str, Enum):
    NOT_FOUND = "not_found"
    UNSUPPORTED = "unsupported"
    EMPTY = "empty"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    WRONG_PASSWORD = "wrong_password"
    NO_TEXT = "no_text"
    TOO_LARGE = "too_large"
    UNDECODABLE = "undecodable"
    NETWORK = "network"


#: Short labels for the document list in the window ("scanned PDF, no selectable text").
SHORT_LABELS: dict[LoadErrorKind, str] = {
    LoadErrorKind.NOT_FOUND: "file not found",
    LoadErrorKind.UNSUPPORTED: "unsupported file type",
    LoadErrorKind.EMPTY: "empty document",
    LoadErrorKind.CORRUPT: "damaged file",
    LoadErrorKind.ENCRYPTED: "password needed",
    LoadErrorKind.WRONG_PASSWORD: "wrong password",
    LoadErrorKind.NO_TEXT: "scanned PDF, no selectable text",
    LoadErrorKind.TOO_LARGE: "file too large",
    LoadErrorKind.UNDECODABLE: "unknown text encoding",
    LoadErrorKind.NETWORK: "address cannot be fetched",
}


class LoadError(Exception):
    """A document could not be turned into text; ``str(err)`` is the user-facing line."""

    def __init__(self, kind: LoadErrorKind, path: str | Path, detail: str) -> None:
        self.kind = kind
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{Path(path).name}: {detail}")

    @property
    def short_label(self) -> str:
        if self.kind is LoadErrorKind.NOT_FOUND and self.path.lower().startswith(
            ("http://", "https://")
        ):
            return "page not found"
        return SHORT_LABELS[self.kind]


class LoadCancelled(Exception):
    """``should_cancel()`` returned True while a document was being read; not an error to show."""
