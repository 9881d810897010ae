"""The evidence pack as JSON: the ``compare --json`` format plus the annotations.

The comparison part is exactly ``core.jsonio.result_to_json`` (so the evaluator and
``result_from_json`` read it); ``"annotations"`` is a W3C Web Annotation collection
(``core.webanno``) holding the annotations on the exported documents that pass the tag filter;
``"export"`` says which session, when, and with which options. "Findings only" does not thin
the JSON: it is the machine-readable record. Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.anchoring import Annotation, export_collection
from core.report.options import ExportOptions
from core.results import CompareResult, result_to_json


def pack_json(
    result: CompareResult,
    annotations: Sequence[Annotation],
    session_name: str,
    date: str,
    options: ExportOptions,
    *,
    namespace: str | None = None,
) -> dict[str, Any]:
    """``result_to_json(result)`` with ``"annotations"`` and ``"export"`` added."""
    shas = {d.sha256 for d in result.documents}
    kept = [
        a for a in annotations
        if options.keeps(a) and a.targets and all(t.document_sha256 in shas for t in a.targets)
    ]
    data = result_to_json(result)
    data["annotations"] = export_collection(
        kept, result.documents, namespace=namespace or str(uuid.uuid4()),
        label=f"Concord annotations: {session_name}",
    )
    data["export"] = {
        "session": session_name,
        "date": date,
        "reports": [d.name for d in result.reports],
        "tags": list(options.tags),
    }
    return data


def write_json(data: dict[str, Any], out_path: str | Path) -> None:
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
