"""File ▸ Save Session As… with the copy made in a worker, so a large session never stalls the
window (a 17 MB session took 35-60 ms to copy on the window's thread).

The copy is made through a connection of its own (``Session.copy_to``) while the window goes
on reading and writing; it is only taken over if nothing was written since it began, else the
file is copied once more on the window's thread, so nothing written meanwhile is lost. Must not
import widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.documents import Progress, ShouldCancel
from core.store import SessionError
from ui.session.controller import SessionController, concord_path

SAVE_KEY = "save-session"


def save_as_in_background(
    sessions: SessionController, path: str | Path, failed: Callable[[str], None]
) -> None:
    """Save the open session as ``path``; ``sessions.savedAs`` follows, or ``failed(message)``."""
    store = sessions.store
    if store is None:
        raise RuntimeError("no session is open")
    dest, started = concord_path(path), store.copy_started()

    def work(should_cancel: ShouldCancel, progress: Progress) -> Path:
        store.copy_to(dest)
        return dest

    def done(_dest: object) -> None:
        if sessions.store is not store:
            return  # another session is open now; the copy stays a valid file
        try:
            if not store.adopt_copy(dest, started):
                store.save_as(dest)
        except SessionError as exc:
            failed(str(exc))
            return
        sessions.saved_as(dest)

    sessions.context.runner.submit(SAVE_KEY, work, on_result=done, on_error=failed)
