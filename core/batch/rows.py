"""One row per pair for analysis: scorecard figures and counts of findings by kind; Parquet.

``summary_row`` flattens a pair's comparison into the columns of ``SCHEMA`` (what the
Overview's scorecard shows, plus how many findings of each ``FindingKind`` a reviewer would
see); ``error_row`` is the row of a pair that failed, its figures null. Every JSONL line carries
its row under ``"summary"``, so the Parquet file is always rebuilt from the JSONL, the one file
a batch appends to, and a resumed batch's Parquet holds the earlier run's pairs too.
``write_parquet`` writes the table whole under a hidden name, then moves it into place.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.results import CompareResult, LinkKind
from core.review import FindingKind, findings_for

#: Scorecard figures, as shares of 0..1.
SHARE_COLUMNS = ("release_coverage", "derived_share", "verbatim_share")
#: Links and findings counted per pair.
COUNT_COLUMNS = (
    "links",
    "links_verbatim",
    "links_paraphrase",
    "links_moved",
    *(k.value for k in FindingKind),
)
TEXT_COLUMNS = ("id", "official", "report", "error")


def summary_row(pair_id: str, official: str, report: str, result: CompareResult) -> dict[str, Any]:
    """The row of a compared pair (``result`` holds the release, one report, one comparison)."""
    comp = result.comparisons[0]
    kinds = Counter(f.kind.value for f in findings_for(result, 0))
    row: dict[str, Any] = {"id": pair_id, "official": official, "report": report, "ok": True,
                           "error": None}
    row.update({
        "release_coverage": comp.stats.release_coverage,
        "derived_share": comp.stats.derived_share,
        "verbatim_share": comp.stats.verbatim_share,
        "links": len(comp.links),
        "links_verbatim": sum(1 for x in comp.links if x.kind is LinkKind.VERBATIM),
        "links_paraphrase": sum(1 for x in comp.links if x.kind is LinkKind.PARAPHRASE),
        "links_moved": sum(1 for x in comp.links if x.moved),
    })
    row.update({k.value: kinds.get(k.value, 0) for k in FindingKind})
    return row


def error_row(pair_id: str, official: str, report: str, error: str) -> dict[str, Any]:
    row: dict[str, Any] = {"id": pair_id, "official": official, "report": report, "ok": False,
                           "error": error}
    row.update({c: None for c in (*SHARE_COLUMNS, *COUNT_COLUMNS)})
    return row


def _schema() -> Any:
    import pyarrow as pa  # on first use: only a batch's end needs it, not every CLI start

    return pa.schema(
        [(c, pa.string()) for c in TEXT_COLUMNS[:3]]
        + [("ok", pa.bool_()), ("error", pa.string())]
        + [(c, pa.float64()) for c in SHARE_COLUMNS]
        + [(c, pa.int64()) for c in COUNT_COLUMNS]
    )


def write_parquet(rows: Iterable[dict[str, Any]], path: str | Path) -> None:
    """Write ``rows`` (in order) as one Parquet table at ``path``, whole or not at all."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    rows = list(rows)
    table = pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows],
                                 schema=schema)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
