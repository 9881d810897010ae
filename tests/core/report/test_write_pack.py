"""``write_pack``: the formats asked for, each file whole or none, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.report import ExportCancelled, ExportError, ExportOptions, check_targets, write_pack
from tests.core.report.test_export_html import scenario


def test_writes_each_format_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    result, anns = scenario()
    printed: list[str] = []

    def printer(html: str, out: str, **kwargs: Any) -> None:
        printed.append(kwargs["page_size"])
        Path(out).write_bytes(b"%PDF-1.4 stand-in for Qt's printer")

    targets = [(fmt, tmp_path / f"pack.{fmt}") for fmt in ("html", "pdf", "docx", "json")]
    written = write_pack(result, anns, "demo", targets, ExportOptions(page_size="letter"),
                         print_pdf=printer, date="2026-12-06")
    assert written == targets
    assert printed == ["letter"]
    assert "Residents can view the plans" in (tmp_path / "pack.html").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "pack.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for _, p in targets)


def test_pdf_without_a_printer_is_a_clear_error_and_writes_nothing_more(tmp_path: Path) -> None:
    result, anns = scenario()
    with pytest.raises(ExportError, match="PDF export needs Qt"):
        write_pack(result, anns, "demo", [("pdf", tmp_path / "pack.pdf")], ExportOptions())
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    result, anns = scenario()
    with pytest.raises(ExportCancelled):
        write_pack(result, anns, "demo", [("html", tmp_path / "pack.html")], ExportOptions(),
                   should_cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_targets_are_checked_before_any_work(tmp_path: Path) -> None:
    same = tmp_path / "pack.out"
    with pytest.raises(ExportError, match="given for both --html and --json"):
        check_targets([("html", same), ("json", same)])
    with pytest.raises(ExportError, match="it is a folder"):
        check_targets([("html", tmp_path)])
    with pytest.raises(ExportError, match="does not exist"):
        check_targets([("html", tmp_path / "missing" / "pack.html")])
