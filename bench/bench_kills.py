"""200 SIGKILLs during a reviewer's whole workload on a session file; two writers racing.

    .venv/bin/python bench/bench_kills.py [--kills 200] [--race 60]

Runs ``tests/core/store/test_durability.py::test_kill_9_during_every_kind_of_change`` with
``CONCORD_KILLS`` set (CI runs it with 50): a child process adds, edits, deletes and restores
annotations, replaces the document by new versions (re-anchoring) and copies the session to new
files (Save As), and is killed with SIGKILL at random moments. After every kill the file must
pass ``PRAGMA integrity_check`` and hold every acknowledged change, and every finished copy must
open and pass the check too. Then ``test_two_processes_racing_see_each_other_and_lose_nothing``
with ``CONCORD_RACE_SECONDS`` (CI: 5): two processes add and edit annotations in one session for
that long; nothing acknowledged may be lost, ids never collide, and each process must notice
every annotation of the other (median and worst delay printed); and two windows (offscreen) on
one session write in turns for as long, each showing all of both windows' annotations. Prints
the tests' summary lines.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--race", type=float, default=60.0, help="seconds the two writers race")
    args = ap.parse_args()
    env = dict(os.environ, CONCORD_KILLS=str(args.kills), CONCORD_RACE_SECONDS=str(args.race),
               CONCORD_WINDOWS_SECONDS=str(args.race), QT_QPA_PLATFORM="offscreen")
    tests = [f"tests/core/store/test_durability.py::{name}" for name in (
        "test_kill_9_during_every_kind_of_change",
        "test_two_processes_racing_see_each_other_and_lose_nothing",
    )] + ["tests/ui/session/test_ui_two_writers.py::"
          "test_two_windows_on_one_session_see_each_others_annotations"]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
                           *tests], cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines()
             if ln.startswith(("survived", "raced", "two windows"))
             or "passed" in ln or "failed" in ln or ln.startswith("E ")]
    print("\n".join(lines) or proc.stdout[-2000:])
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
