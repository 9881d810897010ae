"""A damaged session file: offer to save a recovered copy of what can still be read.

When File ▸ Open Session (or Open Recent, or a file on the command line) meets a file that
``core.store`` calls damaged, the window says so and offers "Save a recovered copy…". The copy
is made by ``core.store.recover`` in the task runner (the damaged file is only read, never
written), then the window reports what was recovered and what was lost, and opens the copy.
Questions go through the window's ``Prompts``, so tests answer them. Must not import widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.documents import Progress, ShouldCancel
from core.store import RecoveryReport, SessionError, recover
from ui.session.controller import SessionController, concord_path

RECOVER_KEY = "recover-session"


def recover_in_background(
    sessions: SessionController,
    damaged: str | Path,
    dest: str | Path,
    done: Callable[[Path, RecoveryReport], None],
    failed: Callable[[str], None],
) -> None:
    """Write what can be read of ``damaged`` into ``dest``; ``done`` or ``failed`` follows."""
    source, target = Path(damaged), concord_path(dest)

    def work(should_cancel: ShouldCancel, progress: Progress) -> object:
        try:
            return recover(source, target, should_cancel, progress)
        except SessionError as exc:
            return exc

    def finished(outcome: object) -> None:
        if isinstance(outcome, RecoveryReport):
            done(target, outcome)
        else:
            failed(str(outcome))

    sessions.context.runner.submit(RECOVER_KEY, work, on_result=finished, on_error=failed)


def recovered_name(damaged: str | Path) -> str:
    """The suggested file name for a recovered copy: beside the damaged file."""
    path = Path(damaged)
    return str(path.with_name(f"{path.stem} (recovered).concord"))
