"""200 SIGKILLs during a reviewer's whole workload on a session file.

    .venv/bin/python bench/bench_kills.py [--kills 200]

Runs ``tests/core/store/test_durability.py::test_kill_9_during_every_kind_of_change`` with
``CONCORD_KILLS`` set (CI runs it with 50): a child process adds, edits, deletes and restores
annotations, replaces the document by new versions (re-anchoring) and copies the session to new
files (Save As), and is killed with SIGKILL at random moments. After every kill the file must
pass ``PRAGMA integrity_check`` and hold every acknowledged change, and every finished copy must
open and pass the check too. Prints the test's own summary line.
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
    args = ap.parse_args()
    env = dict(os.environ, CONCORD_KILLS=str(args.kills))
    test = "tests/core/store/test_durability.py::test_kill_9_during_every_kind_of_change"
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
                           test], cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("survived") or "passed"
             in ln or "failed" in ln or ln.startswith("E ")]
    print("\n".join(lines) or proc.stdout[-2000:])
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
