"""A helper process for the parts of preparing a release that need only its text.

``compare_parallel`` forks it at the start (``start_helper``): while the parent segments and
indexes a long release, the helper weighs the release's words (``rarity.rarities``) and finds
its figures, and ``adopt_helper`` takes both into the prepared release (``rarity.preload``,
``JudgeContext.use_figures``) before the comparison workers are forked, so no worker does them
again. Without the helper (it cannot start, dies or fails) the parent and workers do the same
work themselves, with the same result. The parent owns the helper's lifetime: the helper
ignores Ctrl-C, ends with its parent, and ``end_helper`` kills it on any way out of preparing.
Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import signal
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from core.align import preload_rarity, rarities
from core.compare.pipeline import PreparedRelease
from core.documents import end_with_parent, paused_gc
from core.judge import FoundFigure, find_figures

log = logging.getLogger(__name__)

#: What the helper sends back: the release's stems' rarity, and its figures.
ReleaseSide = tuple[dict[str, float], tuple[FoundFigure, ...]]
#: The helper process and the end of the pipe its answer comes through.
Helper = tuple[BaseProcess, Connection]


def _release_side(receive: Connection, send: Connection, text: str, parent: int) -> None:
    """Helper process: the parts of preparing the release that need only its text; None
    sent back if they fail (the parent then does them itself and meets the error there).

    Ctrl-C is the parent's to handle (it kills the helper): a helper that took it printed its
    own traceback above the command's one-line message. The reading end, inherited by the
    fork, is closed first, so that a parent that stopped reading makes the send fail instead
    of blocking on a full pipe (the long case's answer is 0.9 MB) until it is killed.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent(parent)
    receive.close()
    side: ReleaseSide | None = None
    try:
        with paused_gc():
            side = (rarities(text), tuple(find_figures(text)))
    except Exception:  # no traceback on the user's terminal from a helper
        side = None
    with contextlib.suppress(OSError):  # the parent is gone or stopped listening
        send.send(side)
    send.close()


def start_helper(text: str) -> Helper | None:
    """Fork the helper (``_release_side``); None where this process may not have children."""
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_release_side, args=(receive, send, text, os.getpid()), daemon=True
    )
    try:
        proc.start()
    except OSError as exc:  # no process to be had (compare_parallel forks none in a daemon)
        log.debug("no helper process: %s", exc)
        receive.close()
        return None
    finally:
        send.close()
    return proc, receive


def adopt_helper(helper: Helper | None, prepared: PreparedRelease) -> None:
    """Take the helper's answers into ``prepared`` (and the rarity table), or do without.

    Interrupted while waiting (Ctrl-C), it leaves the helper to ``end_helper``, which kills
    it: joining first would wait for a helper that ignores Ctrl-C.
    """
    if helper is None:
        return
    proc, receive = helper
    try:
        side: ReleaseSide | None = receive.recv()
    except Exception as exc:  # it died, maybe mid-answer: the helper only ever saves time
        log.info("the release helper process stopped (%s); preparing without it", exc)
        return
    proc.join()
    if side is None:
        return
    rarity, figures = side
    preload_rarity(rarity)
    if prepared.judges is not None:
        prepared.judges.use_figures(figures)


def end_helper(helper: Helper | None) -> None:
    """Stop the helper if it still runs (any path out of preparing), and let go of its pipe."""
    if helper is None:
        return
    proc, receive = helper
    if proc.is_alive():
        proc.kill()
    proc.join()
    receive.close()
