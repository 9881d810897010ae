"""Progress on stderr: a bar on a terminal, timed plain lines in a log, nothing when quiet."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from core.cli import run
from core.cli.progress import CliProgress

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "sample_docs"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_with_rate_and_time_left() -> None:
    tty = FakeTerminal()
    with CliProgress("batch", "pairs", stream=tty) as progress:
        for i in range(5):
            progress(i + 1, 5, f"pair {i}")
    shown = tty.getvalue()
    assert "batch: 100%" in shown and "5/5" in shown and "pairs/s" in shown


def test_a_resumed_run_starts_its_bar_at_what_was_done() -> None:
    tty = FakeTerminal()
    with CliProgress("batch", "pairs", stream=tty) as progress:
        progress(40, 50, "starting")
        progress(41, 50, "p40")
    assert "41/50" in tty.getvalue()


def test_a_log_gets_plain_lines_only_when_asked_and_not_too_often() -> None:
    log = io.StringIO()
    with CliProgress("compare", "docs", stream=log) as progress:  # compare: terminals only
        progress(1, 2, "")
        progress(2, 2, "")
    assert log.getvalue() == ""
    with CliProgress("batch", "pairs", stream=log, always=True, interval=3600) as progress:
        for i in range(10):
            progress(i + 1, 10, "")
    lines = log.getvalue().splitlines()
    # The first line, then nothing for an hour, then the last: never a carriage return.
    assert lines[0].startswith("batch: 1/10 pairs") and lines[-1].startswith("batch: 10/10")
    assert len(lines) == 2 and "\r" not in log.getvalue()


def test_quiet_shows_nothing_even_on_a_terminal() -> None:
    tty = FakeTerminal()
    with CliProgress("batch", "pairs", stream=tty, quiet=True, always=True) as progress:
        progress(1, 1, "")
    assert tty.getvalue() == ""


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample_docs missing")
def test_compare_and_export_show_progress_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import core.cli.compare as compare_cli
    import core.cli.export as export_cli

    # Shown from the start rather than after a second, so the test does not depend on speed.
    monkeypatch.setattr(compare_cli, "PROGRESS_DELAY_S", 0.0)
    monkeypatch.setattr(export_cli, "PROGRESS_DELAY_S", 0.0)
    tty = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", tty)
    session = tmp_path / "s.concord"
    reports = [SAMPLE / "report_wire.txt", SAMPLE / "report_regional.docx"]
    assert run(["compare", str(SAMPLE / "release.docx"), *map(str, reports),
                "--session", str(session), "--jobs", "1"]) == 0
    shown = tty.getvalue()
    assert "compare: 100%" in shown and "3/3" in shown  # reading the three documents
    assert "2/2" in shown  # comparing the two reports
    tty.truncate(0)
    tty.seek(0)
    assert run(["export", str(session), "--json", str(tmp_path / "pack.json")]) == 0
    assert "export:" in tty.getvalue() and "100%" in tty.getvalue()
    assert "wrote JSON" in capsys.readouterr().out
