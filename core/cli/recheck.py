"""``recheck SESSION.concord [--json]``: read each report again and keep the versions that changed.

Each report is fetched again from its web address (or read again from its file); a changed one
becomes the session's current version, the old one stays in its history, its annotations are
re-anchored (orphans listed, never dropped) and the findings that appeared, vanished or changed
are printed (``core.recheck``). Exit 0 when every report was checked, 1 when some could not be
(each says why; the session keeps their stored versions), 2 when the session cannot be opened.
Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from core.recheck import CheckStatus, SessionCheck, recheck_session


def register(sub: Any) -> None:
    p = sub.add_parser(
        "recheck",
        help="fetch each report of a session again and keep the versions that changed",
        description="Read every report of a session again from its web address or file. A "
        "report that changed is kept as a new version (the old one stays in the session's "
        "history), its annotations follow the text, and what changed is printed.",
    )
    p.add_argument("session", help="the session file (.concord)")
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.set_defaults(handler=handle)


def _lines(item: SessionCheck) -> list[str]:
    check = item.check
    head = f"{check.name}: {check.message}"
    if check.status is CheckStatus.CHANGED:
        head += f" ({check.source})"
    lines = [head]
    if item.reanchor is not None:
        r = item.reanchor
        lines.append(f"  annotations: {r.anchored} in place, {r.moved} moved, "
                     f"{r.orphaned} without a place (kept)")
        for ann in item.orphans:
            exact = ann.targets[0].exact if ann.targets else ""
            lines.append(f"    orphaned: “{' '.join(exact.split())}”"
                         + (f" (note: {ann.note})" if ann.note and ann.note != exact else ""))
    if check.changes:
        lines.append("  findings:")
        lines += [f"    {c.message}" for c in check.changes]
    return lines


def _as_dict(item: SessionCheck) -> dict[str, Any]:
    check, r = item.check, item.reanchor
    return {
        "name": check.name,
        "source": check.source,
        "status": check.status.value,
        "message": check.message,
        "sha256": (check.new or check.old).sha256,
        "words_added": check.words_added,
        "words_removed": check.words_removed,
        "changes": [
            {"change": c.change.value, "kind": c.kind.value, "message": c.message}
            for c in check.changes
        ],
        "annotations": None if r is None else {
            "anchored": r.anchored, "moved": r.moved, "orphaned": r.orphaned,
            "orphans": [{"id": a.id, "note": a.note,
                         "exact": a.targets[0].exact if a.targets else ""} for a in item.orphans],
        },
    }


def handle(args: argparse.Namespace) -> int:
    def report(item: SessionCheck) -> None:
        if not args.json:
            print("\n".join(_lines(item)), flush=True)

    checked = recheck_session(args.session, on_report=report)
    if args.json:
        json.dump({"session": args.session, "reports": [_as_dict(c) for c in checked]},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif not checked:
        print("the session has no reports to re-check")
    return 1 if any(c.check.status is CheckStatus.FAILED for c in checked) else 0
