"""The batch's JSONL file: appended one line per finished pair, read back to resume.

Each line is written and flushed as its pair finishes, so an interrupted batch (Ctrl-C, a
killed process, a lost machine) keeps every pair it finished; at worst the last line is cut
short, and that line is dropped when the file is opened again. ``ResultsFile`` knows, for
every id, where its last complete line is: a rerun skips those pairs, a retried pair's new line
wins over its old one, and ``finish`` rewrites the file in the batch's order (the order of the
manifest, or of the reports found) when lines arrived in another order or were superseded, so
the output does not depend on which worker finished first.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from core.batch.pairs import BatchError


@dataclass(frozen=True)
class Written:
    """Where one pair's line is in the file, and its summary row."""

    offset: int
    length: int
    row: dict[str, Any]


class ResultsFile:
    """An append-only JSONL results file, one line per pair id (the last line of an id wins)."""

    def __init__(self, path: str | Path, *, restart: bool = False) -> None:
        self.path = Path(path)
        self.written: dict[str, Written] = {}
        self._lines = 0  # complete lines in the file, superseded ones included
        self._fh: IO[bytes] | None = None
        if self.path.exists():
            foreign = self._scan()
            if foreign:
                # Never rewrite or remove a file this batch did not write (a manifest given as
                # --out, another tool's output), not even with --restart.
                raise BatchError(
                    f"{self.path.name}: {foreign} line(s) are not batch results; give another "
                    "--out"
                )
        if restart:
            self.path.unlink(missing_ok=True)
            self.written, self._lines = {}, 0

    def _scan(self) -> int:
        """Index the complete lines; returns how many non-blank lines are not results."""
        foreign = 0
        with open(self.path, "rb+") as fh:
            offset = 0
            for raw in fh:
                if not raw.endswith(b"\n"):  # cut short by an interruption: dropped below
                    break
                row = _row_of(raw)
                if row is not None:
                    self.written[str(row["id"])] = Written(offset, len(raw), row)
                elif raw.strip():
                    foreign += 1
                self._lines += 1
                offset += len(raw)
            if not foreign:
                # Drop what follows the last complete line, so the next line starts cleanly.
                fh.truncate(offset)
        return foreign

    def __enter__(self) -> ResultsFile:
        self._fh = open(self.path, "ab")
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def append(self, pair_id: str, line: str, row: dict[str, Any]) -> None:
        """Write one finished pair's line and flush it to the operating system."""
        assert self._fh is not None, "append inside 'with ResultsFile(...)'"
        data = (line + "\n").encode("utf-8")
        offset = self._fh.tell()
        self._fh.write(data)
        self._fh.flush()
        self.written[pair_id] = Written(offset, len(data), row)
        self._lines += 1

    def keep_only(self, ids: Sequence[str]) -> None:
        """Forget lines of ids not in ``ids`` (``finish`` then leaves them out of the file)."""
        keep = set(ids)
        for pair_id in [i for i in self.written if i not in keep]:
            del self.written[pair_id]

    def rows(self, order: Sequence[str]) -> list[dict[str, Any]]:
        """Summary rows: the ids of ``order`` first, then any others the file holds."""
        return [self.written[i].row for i in _ordered(self.written, order)]

    def finish(self, order: Sequence[str]) -> None:
        """Rewrite the file with one line per id in ``order`` (others after), if it differs."""
        self.close()
        ids = _ordered(self.written, order)
        in_file = sorted(self.written, key=lambda i: self.written[i].offset)
        if ids == in_file and self._lines == len(ids):
            return
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        moved: dict[str, Written] = {}
        try:
            with open(self.path, "rb") as src, open(tmp, "wb") as dst:
                for pair_id in ids:
                    w = self.written[pair_id]
                    src.seek(w.offset)
                    moved[pair_id] = Written(dst.tell(), w.length, w.row)
                    dst.write(src.read(w.length))
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
        self.written, self._lines = moved, len(moved)


def _ordered(written: dict[str, Written], order: Sequence[str]) -> list[str]:
    first = [i for i in order if i in written]
    known = set(first)
    rest = sorted((i for i in written if i not in known), key=lambda i: written[i].offset)
    return first + rest


def _row_of(raw: bytes) -> dict[str, Any] | None:
    """The summary row of one line, or None for a line that is not a batch result."""
    try:
        line = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(line, dict) or not isinstance(line.get("summary"), dict):
        return None  # not a result (or one from before summaries): see ``ResultsFile``
    row: dict[str, Any] = line["summary"]
    return row if isinstance(row.get("id"), str) else None
