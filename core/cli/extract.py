"""``extract FILE [--json] [--password PW]``: print a document's comparison text or its JSON.

Must not import Qt or ``ui/``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from core.documents import DEFAULT_MAX_BYTES, Document, load_source


def register(sub: Any) -> None:
    p = sub.add_parser("extract", help="print the text Concord extracts from a document")
    p.add_argument("file", help="a file, or an http(s) address")
    p.add_argument("--json", action="store_true", help="text, paragraphs, offset map, metadata")
    p.add_argument("--password", default=None, help="password of an encrypted PDF")
    p.add_argument(
        "--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024, help="size limit in MB"
    )
    p.set_defaults(handler=handle)


def document_json(doc: Document) -> dict[str, Any]:
    return {
        "name": doc.name,
        "path": doc.path,
        "title": doc.title,
        "format": doc.format.value,
        "sha256": doc.sha256,
        "metadata": dict(doc.metadata),
        "text": doc.text,
        "paragraphs": [[p.start, p.end] for p in doc.paragraphs],
        "furniture": [[f.start, f.end] for f in doc.furniture],
        "source_map": [
            {
                k: v
                for k, v in {
                    "start": r.start,
                    "end": r.end,
                    "page": r.page,
                    "bbox": list(r.bbox) if r.bbox else None,
                    "paragraph": r.paragraph,
                    "line": r.line,
                }.items()
                if v is not None
            }
            for r in doc.source_map
        ],
    }


def handle(args: argparse.Namespace) -> int:
    doc = load_source(
        args.file, password=args.password, max_bytes=int(args.max_mb * 1024 * 1024)
    )
    if args.json:
        json.dump(document_json(doc), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(doc.text)
        if not doc.text.endswith("\n"):
            sys.stdout.write("\n")
    return 0
