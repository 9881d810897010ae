"""Child process for tests/test_durability.py: writes to a session until told to stop or killed.

Usage: ``python durability_child.py SESSION MODE [N]``
- ``loop``: add annotations forever; print "A <id>" after each add returned, and "U <id>" after
  every fifth one's note was edited (flushed at once, so the parent knows what was committed).
- ``count N``: add N annotations, then exit 0 (concurrent writers).
- ``hold``: take the write lock with plain sqlite3 and keep it until killed.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from core.anchoring import describe  # noqa: E402
from core.documents import Span  # noqa: E402
from core.store import Session  # noqa: E402


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    path, mode = Path(argv[1]), argv[2]
    if mode == "hold":
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta (key, value) VALUES ('held', 'yes')")
        _say("locked")
        while True:
            time.sleep(1)
    session = Session.open(path, busy_timeout=10.0)
    doc = session.documents()[0].document
    words = [(i, i + 12) for i in range(0, max(1, len(doc.text) - 12), 37)]
    _say("ready")
    limit = int(argv[3]) if mode == "count" else None
    i = 0
    while limit is None or i < limit:
        start, end = words[i % len(words)]
        sel = describe(doc.text, Span(start, end), doc.sha256)
        ann = session.add_annotation([sel], note=f"child {i}", tags=["needs follow-up"])
        _say(f"A {ann.id}")
        if mode == "loop" and i % 5 == 4:
            session.update_annotation(ann.id, note=f"edited {ann.id}")
            _say(f"U {ann.id}")
        i += 1
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
