"""Child process for tests/test_durability.py: writes to a session until told to stop or killed.

Usage: ``python durability_child.py SESSION MODE [N]``
- ``loop``: add annotations forever; print "A <id>" after each add returned, and "U <id>" after
  every fifth one's note was edited (flushed at once, so the parent knows what was committed).
- ``mixed``: a reviewer's whole workload, forever: add, edit, delete, undo a delete (restore),
  replace the document by a new version (re-anchoring) and copy the session to a new file (the
  window's Save As). Before each change it prints the intent in lower case ("d 12") and after
  the call returned the acknowledgement in upper case ("D 12"; "P <sha256>" for a replacement,
  "S <path>" for a finished copy), so the parent knows which change may be in flight.
- ``count N``: add N annotations, then exit 0 (concurrent writers).
- ``race SECONDS``: for SECONDS, add annotations and edit every third one, printing
  "A <id> <time>" after each commit; between writes, look whether another process wrote
  (``changed_since``) and print "N <id> <time>" for each of its annotations when first seen.
- ``fill BYTES``: limit the size of files this process may write (``RLIMIT_FSIZE``, as a full
  disk) to the session's size plus BYTES, add annotations until the session refuses, print
  "E <message>" and exit 0.
- ``hold``: take the write lock with plain sqlite3 and keep it until killed.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from core.anchoring import describe  # noqa: E402
from core.documents import DocFormat, Document, Span  # noqa: E402
from core.documents.loaders.builder import TextBuilder  # noqa: E402
from core.store import Session, SessionError  # noqa: E402


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
    if mode == "mixed":
        return _mixed(session, path)
    if mode == "fill":
        return _fill(session, path, int(argv[3]))
    if mode == "race":
        return _race(session, float(argv[3]))
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


def version_text(n: int) -> str:
    """Version ``n`` of the document: the same paragraphs, one sentence rewritten per version."""
    paras = [
        f"Paragraph {i}: the Home Secretary said the treaty with Rwanda is lawful, and critics "
        f"said it is not; figure {i * 140} million." for i in range(40)
    ]
    if n:
        k = n % 40
        paras[k] = f"Paragraph {k}: version {n} of this paragraph says something else entirely."
    return "\n\n".join(paras)


def version_doc(n: int) -> tuple[Document, bytes]:
    text = version_text(n)
    builder = TextBuilder()
    for para in text.split("\n\n"):
        builder.add_paragraph(para)
    data = text.encode()
    sha = hashlib.sha256(data).hexdigest()
    return builder.build(title="t", path="report.txt", sha256=sha, fmt=DocFormat.TXT), data


def _race(session: Session, seconds: float) -> int:
    doc = session.documents()[0].document
    mine: set[int] = set()
    token = session.change_token()
    seen = {a.id for a in session.annotations()}
    _say(f"T {time.time():.4f}")  # what was there before this moment counts as seen
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        sel = describe(doc.text, Span(i % 500, i % 500 + 15), doc.sha256)
        ann = session.add_annotation([sel], note=f"race {i}")
        mine.add(ann.id)
        _say(f"A {ann.id} {time.time():.4f}")
        if i % 3 == 2:
            session.update_annotation(ann.id, note=f"edited {ann.id}")
        if session.changed_since(token):
            token = session.change_token()
            now = time.time()
            for other in sorted({a.id for a in session.annotations()} - mine - seen):
                _say(f"N {other} {now:.4f}")
                seen.add(other)
        i += 1
        time.sleep(0.005)  # a busy reviewer, not a tight loop: the other process gets turns
    session.close()
    return 0


def _fill(session: Session, path: Path, room: int) -> int:
    import resource

    doc = session.documents()[0].document
    limit = path.stat().st_size + room
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    _say("ready")
    try:
        for i in range(1_000_000):
            sel = describe(doc.text, Span(i % 500, i % 500 + 20), doc.sha256)
            ann = session.add_annotation([sel], note="x" * 500)
            _say(f"A {ann.id}")
    except SessionError as exc:
        _say(f"E {exc}")
    return 0


def _mixed(session: Session, path: Path) -> int:
    stored = session.documents()[0]
    doc_id, doc = stored.id, stored.document
    live = [a.id for a in session.annotations()]
    deleted = session.deleted_annotations()
    found = re.search(r"version (\d+) of this paragraph", doc.text)
    version = int(found.group(1)) if found else 0
    _say("ready")
    i = 0
    while True:
        start = (i * 37) % max(1, len(doc.text) - 12)
        sel = describe(doc.text, Span(start, start + 12), doc.sha256)
        _say("a")
        ann = session.add_annotation([sel], note=f"child {i}", tags=["needs follow-up"])
        _say(f"A {ann.id}")
        live.append(ann.id)
        if i % 5 == 4:
            _say(f"u {ann.id}")
            session.update_annotation(ann.id, note=f"edited {ann.id}")
            _say(f"U {ann.id}")
        if i % 7 == 3 and len(live) > 1:
            victim = live.pop(-2)
            _say(f"d {victim}")
            session.delete_annotation(victim)
            _say(f"D {victim}")
            deleted.insert(0, victim)
        if i % 7 == 5 and deleted:
            back = deleted.pop(0)
            _say(f"r {back}")
            session.restore_annotation(back)
            _say(f"R {back}")
            live.append(back)
        if i % 11 == 10:
            version += 1
            new_doc, data = version_doc(version)
            _say(f"p {new_doc.sha256}")
            session.replace_document(doc_id, new_doc, data)
            _say(f"P {new_doc.sha256}")
            doc = new_doc
        if i % 13 == 12:
            copy = path.with_name(f"{path.stem}.copy{i}.concord")
            _say(f"s {copy}")
            session.copy_to(copy)
            _say(f"S {copy}")
        i += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
