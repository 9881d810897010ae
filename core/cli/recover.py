"""``recover DAMAGED.concord OUT.concord``: save what can still be read of a damaged session.

The damaged file is opened read-only and never written; documents and annotations that can be
read go into a new session file (``core.store.recover``). Prints one line saying what was
recovered and what was lost; exit 2 when the file is not a session at all. Must not import Qt
or ``ui/``.
"""

from __future__ import annotations

import argparse
from typing import Any

from core.store import recover


def register(sub: Any) -> None:
    p = sub.add_parser(
        "recover",
        help="copy what can still be read of a damaged session into a new session file",
        description="Read the documents and annotations of a damaged session file (which is "
        "never changed) and save them in a new session file.",
    )
    p.add_argument("session", help="the damaged session file (.concord)")
    p.add_argument("out", help="the new session file to write (must not exist)")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    report = recover(args.session, args.out)
    print(f"{report.summary()}; wrote {args.out}")
    return 0
