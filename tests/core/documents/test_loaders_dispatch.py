"""The loader front door: type detection, size limit, missing files, cancelling, CLI errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.documents import LoadError, LoadErrorKind, load_bytes, load_document
from core.documents.errors import LoadCancelled

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "sample_docs"


def _kind(path: Path, **kw: object) -> LoadErrorKind:
    with pytest.raises(LoadError) as info:
        load_document(path, **kw)  # type: ignore[arg-type]
    assert str(info.value).startswith(path.name + ": ")
    return info.value.kind


def test_missing_folder_unsupported_and_empty(tmp_path: Path) -> None:
    assert _kind(tmp_path / "nope.pdf") is LoadErrorKind.NOT_FOUND
    assert _kind(tmp_path) is LoadErrorKind.UNSUPPORTED
    (tmp_path / "sheet.xlsx").write_bytes(b"\x00\x01binary")
    assert _kind(tmp_path / "sheet.xlsx") is LoadErrorKind.UNSUPPORTED
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    assert _kind(tmp_path / "blank.txt") is LoadErrorKind.EMPTY


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    assert _kind(big, max_bytes=1000) is LoadErrorKind.TOO_LARGE
    assert load_document(big).text.startswith("word")


def test_renamed_pdf_is_read_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "release.txt"
    renamed.write_bytes((SAMPLES / "release.pdf").read_bytes())
    doc = load_document(renamed)
    assert doc.format.value == "pdf"
    assert "Tidewater" in doc.text


def test_cancel_passes_through_as_cancelled_not_corrupt() -> None:
    data = (SAMPLES / "release.pdf").read_bytes()
    seen: list[tuple[int, int]] = []
    with pytest.raises(LoadCancelled):
        load_bytes(
            data,
            "release.pdf",
            should_cancel=lambda: bool(seen),
            progress=lambda done, total, msg: seen.append((done, total)),
        )
    assert seen and seen[0][1] >= 2


def test_extract_cli_prints_one_line_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n this is not really a pdf \x00\x01\x02")
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "extract", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode != 0
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken.pdf" in lines[0]
    assert "Traceback" not in out.stderr
