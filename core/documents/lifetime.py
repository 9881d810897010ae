"""``end_with_parent``: a helper process that ends when the process that started it ends.

Worker processes wait on a queue for their next task. When the process that started them is
killed outright (a SIGTERM or SIGKILL to ``concord compare`` or to the window), nothing wakes
them: a spawned pool worker even holds the writing end of its own task pipe, so it never sees
the end of it. Found 2026-12-06: the window's loader workers and ``compare_parallel``'s forked
workers stayed asleep for good, each holding what it had loaded. Linux's PR_SET_PDEATHSIG ends
them with their parent; where prctl is missing (macOS) nothing is done. Pure Python; must not
import Qt or ``ui/``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal

_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """End this process (SIGKILL) when ``parent``, the process that started it, ends; at once
    if it has already. Call it first thing in the child (a pool's initializer)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the line above ran
        os._exit(1)
