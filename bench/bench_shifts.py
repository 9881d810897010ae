"""Meaning shifts against the sample gold: precision and recall per kind, negative controls, time.

Usage: python bench/bench_shifts.py [--json] [--meaning]

Compares ``sample_docs/release.pdf`` with every report the gold labels for shifts
(``tests/gold/sample_gold.json``: reports with a ``shifts`` key). A detected shift is right when
a gold shift of the same kind has report and release strings that its two spans overlap (strings
found with ``find_all`` of ``../shared/eval/align_eval.py``: whitespace, quote style and case
ignored; an ``official`` list accepts any of its passages); each gold shift is matched once.
Precision counts every shift Concord reports in those reports; recall every gold shift.
``faithful`` items are the negative controls: a shift touching one is a false positive whatever
its kind. ``--meaning`` first asks both meaning models (``core.align.meaning``) whether each
gold shift's pair and each control's says the same thing. Then the seed scenario
(``../shared/corpus/seeds``):
shifts on verbatim links (must be none), the report 001 reference example, and the time
``detect_shifts`` takes there.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.compare import compare
from core.documents import Span, load_document
from core.results import CompareResult, LinkKind, Shift, ShiftKind

SAMPLES = ROOT / "sample_docs"
GOLD = ROOT / "tests" / "gold" / "sample_gold.json"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
Finder = Callable[[str, str], list[tuple[int, int]]]


def finder() -> Finder:
    spec = importlib.util.spec_from_file_location("align_eval", SHARED / "eval" / "align_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found: Finder = module.find_all
    return found


def _hits(spans: list[tuple[int, int]], s: Span) -> bool:
    return any(a < s.end and s.start < b for a, b in spans)


def score(result: CompareResult, gold: dict[str, Any], find_all: Finder) -> dict[str, Any]:
    """Per-kind true positives, detections and gold counts, plus negative-control violations."""
    tp: Counter[str] = Counter()
    found: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    faithful_hit: list[str] = []
    misses: list[str] = []
    wrong: list[str] = []
    official = result.official.text
    for comp in result.comparisons:
        doc = result.documents[comp.report_index]
        g = gold["reports"].get(doc.name)
        if g is None or "shifts" not in g:
            continue
        items = [
            (s, find_all(doc.text, s["report"]),
             [x for o in _alternatives(s["official"]) for x in find_all(official, o)])
            for s in g["shifts"]
        ]
        used: set[int] = set()
        for shift in comp.shifts:
            found[shift.kind.value] += 1
            match = next(
                (i for i, (s, rs, os_) in enumerate(items)
                 if i not in used and s["kind"] == shift.kind.value
                 and _hits(rs, shift.report) and _hits(os_, shift.official)),
                None,
            )
            if match is None:
                wrong.append(f"{doc.name}: {_show(doc.text, shift)}")
            else:
                used.add(match)
                tp[shift.kind.value] += 1
        for i, (s, _, _) in enumerate(items):
            wanted[s["kind"]] += 1
            if i not in used:
                misses.append(f"{doc.name}: {s['kind']}: {s['report'][:70]}")
        for f in g.get("faithful", ()):
            rs = find_all(doc.text, f["report"])
            if any(_hits(rs, shift.report) for shift in comp.shifts):
                faithful_hit.append(f"{doc.name}: {f['report'][:70]}")
    return {"tp": tp, "found": found, "wanted": wanted, "faithful_hit": faithful_hit,
            "misses": misses, "wrong": wrong}


def _alternatives(official: str | list[str]) -> list[str]:
    """A sentence drawn from several release passages may name each of them."""
    return [official] if isinstance(official, str) else official


def _show(text: str, s: Shift) -> str:
    return f"{s.kind.value}: “{' '.join(text[s.report.start:s.report.end].split())[:60]}”"


def summary(counts: dict[str, Any]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    kinds = [k.value for k in ShiftKind] + ["all"]
    for kind in kinds:
        if kind == "all":
            tp, found, wanted = (sum(counts[x].values()) for x in ("tp", "found", "wanted"))
        else:
            tp, found, wanted = (counts[x][kind] for x in ("tp", "found", "wanted"))
        out[kind] = {
            "precision": round(tp / found, 3) if found else 1.0,
            "recall": round(tp / wanted, 3) if wanted else 1.0,
            "tp": tp, "found": found, "gold": wanted,
        }
    return out


def sample_result() -> CompareResult:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    names = sorted(n for n, g in gold["reports"].items() if "shifts" in g)
    return compare(load_document(SAMPLES / "release.pdf"),
                   [load_document(SAMPLES / n) for n in names])


def seeds() -> dict[str, Any]:
    import core.compare.pipeline as pipeline

    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    official = load_document(SEEDS / manifest["official"])
    reports = [load_document(SEEDS / d["file"]) for d in manifest["documents"]
               if d["role"] == "report"]
    compare(official, reports)  # warm imports
    real, spent = pipeline.detect_shifts, [0.0]

    def timed(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        out = real(*args, **kwargs)
        spent[0] += time.perf_counter() - t
        return out

    pipeline.detect_shifts = timed
    try:
        t0 = time.perf_counter()
        result = compare(official, reports)
        total = time.perf_counter() - t0
    finally:
        pipeline.detect_shifts = real
    on_verbatim = [
        s for c in result.comparisons for link in c.links if link.kind is LinkKind.VERBATIM
        for s in c.shifts if s.report.overlaps(link.report)
    ]
    refs = [s.report_words for c in result.comparisons for s in c.shifts
            if s.kind is ShiftKind.REFERENCE]
    return {"compute_s": round(total, 3), "shifts_s": round(spent[0], 4),
            "shifts": sum(len(c.shifts) for c in result.comparisons),
            "on_verbatim_links": len(on_verbatim), "reference": refs}


def meaning_on_gold(gold: dict[str, Any]) -> None:
    """How the meaning models read the gold's pairs: a shifted pair should read "not the same",
    a negative control "the same" (the first release passage where the gold accepts several)."""
    from core.align import SAME_MEANING, same_meaning

    def pair(item: dict[str, Any]) -> tuple[str, str]:
        official = item["official"]
        return item["report"], official[0] if isinstance(official, list) else official

    shifted = [(pair(s), s["kind"]) for g in gold["reports"].values() for s in g.get("shifts", ())]
    faithful = [pair(f) for g in gold["reports"].values() for f in g.get("faithful", ())]
    for name, quick in (("verdict model", False), ("quick model", True)):
        p_shift = same_meaning([p for p, _ in shifted], quick=quick) or ()
        p_same = same_meaning(faithful, quick=quick) or ()
        caught = Counter(kind for (_, kind), p in zip(shifted, p_shift, strict=True)
                         if p < SAME_MEANING)
        kept = sum(p >= SAME_MEANING for p in p_same)
        print(f"{name}: shifted pairs read 'not the same' {caught.total()} of {len(shifted)} "
              f"({dict(caught.most_common())}); negative controls read 'the same' {kept} of "
              f"{len(faithful)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    ap.add_argument("--meaning", action="store_true",
                    help="also ask both meaning models about the gold's shifted and faithful pairs "
                    "(not with --json)")
    args = ap.parse_args()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    if args.meaning and not args.json:
        meaning_on_gold(gold)
    counts = score(sample_result(), gold, finder())
    table = summary(counts)
    seed = seeds() if SEEDS.is_dir() else {}
    if args.json:
        print(json.dumps({"kinds": table, "faithful_flagged": len(counts["faithful_hit"]),
                          "seeds": seed}))
        return 0
    print(f"{'kind':12} {'prec':>6} {'recall':>6} {'tp':>4} {'found':>5} {'gold':>5}")
    for kind, m in table.items():
        print(f"{kind:12} {m['precision']:>6} {m['recall']:>6} {m['tp']:>4} {m['found']:>5} "
              f"{m['gold']:>5}")
    n_faithful = sum(len(g.get("faithful", ())) for g in gold["reports"].values())
    print(f"negative controls flagged: {len(counts['faithful_hit'])} of {n_faithful}")
    for label in ("faithful_hit", "wrong", "misses"):
        for line in counts[label]:
            print(f"  {label}: {line}")
    if seed:
        print(f"seeds: {seed['compute_s']} s compute, {seed['shifts_s']} s of it shifts; "
              f"{seed['shifts']} shifts, {seed['on_verbatim_links']} on verbatim links; "
              f"reference: {seed['reference']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
