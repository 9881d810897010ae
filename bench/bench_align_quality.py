"""Alignment quality: compare the seed and sample scenarios and score them with align_eval.py.

    .venv/bin/python bench/bench_align_quality.py [--min-score X] [--verbose] [--long] [--flat]

Loads the documents with the real loaders, runs ``core.compare.compare``, writes the
``compare --json`` output to a temporary file and runs ``../shared/eval/align_eval.py`` against
each gold file that exists: the shared seed dev gold (report 000), our extra seed gold (reports
001, 003, 004) and the sample gold (``tests/gold/sample_gold.json``). Prints one line per gold
file. ``--flat`` gives every report as one line (a feed's text, no line or paragraph breaks).
``--long`` scores again with the release in the middle of 44,000+ words of other official
text (``tests/core/align/long_cases``), as Concord's PDF loader and as plain line text gives it;
the evaluator cuts units at line breaks, so hard-wrapped release text scores lower precision
for the same links.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.compare import compare
from core.documents import Document, load_document
from core.results import (
    CompareOptions,
    result_to_json,
)

SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval" / "align_eval.py"
SEEDS = SHARED / "corpus" / "seeds"
SAMPLES = ROOT / "sample_docs"


def scenarios() -> list[tuple[str, Path, list[Path], list[Path]]]:
    out = []
    if SEEDS.is_dir():
        official = SEEDS / json.loads((SEEDS / "manifest.json").read_text())["official"]
        reports = sorted(p for p in SEEDS.glob("*.txt") if p != official)
        golds = [SHARED / "eval" / "seeds_dev_gold.json", ROOT / "tests/gold/seeds_extra_gold.json"]
        out.append(("seeds", official, reports, [g for g in golds if g.exists()]))
    sample_gold = ROOT / "tests/gold/sample_gold.json"
    if (SAMPLES / "release.pdf").exists() and sample_gold.exists():
        reports = sorted(p for p in SAMPLES.glob("report_*"))
        out.append(("sample", SAMPLES / "release.pdf", reports, [sample_gold]))
    return out


def score(result_json: Path, gold: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, str(EVAL), str(result_json), str(gold)],
        capture_output=True,
        text=True,
        check=True,
    )
    metrics: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return metrics


def _rate(metrics: dict[str, object], gold: Path, kind: str) -> str:
    """The evaluator's quote or figure accuracy, or "n/a" when the gold labels none of that
    kind (the evaluator then reports 0.0, which reads as every verdict wrong)."""
    reports = json.loads(gold.read_text(encoding="utf-8"))["reports"].values()
    if not any(r.get(kind) for r in reports):
        return "n/a"
    return str(metrics["quote_acc" if kind == "quotes" else "figure_acc"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-score", type=float, default=CompareOptions.min_score)
    ap.add_argument("--verbose", action="store_true", help="print per-report counts too")
    ap.add_argument("--long", action="store_true",
                    help="also score with the release inside 44,000+ words of other official text")
    ap.add_argument("--flat", action="store_true",
                    help="reports as one line each (a feed's text: no line or paragraph breaks)")
    args = ap.parse_args()
    if not EVAL.exists():
        print(f"skipped: {EVAL} not found")
        return 0
    options = CompareOptions(min_score=args.min_score)
    print(f"{'scenario':8} {'gold':24} {'prec':>6} {'recall':>6} {'f1':>6} {'quote':>6} {'fig':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, official_path, report_paths, golds in scenarios():
            official = load_document(official_path)
            reports = [load_document(p) for p in report_paths]
            if args.flat:
                reports = [_flat(doc, Path(tmp)) for doc in reports]
            cases = [(name, official)]
            if args.long:
                cases += [(f"{name}/{label}", doc) for label, doc in _inside(official)]
            for label, release in cases:
                t0 = time.perf_counter()
                result = compare(release, reports, options)
                elapsed = time.perf_counter() - t0
                out = Path(tmp) / f"{label.replace('/', '-')}.json"
                out.write_text(json.dumps(result_to_json(result)), encoding="utf-8")
                for gold in golds:
                    m = score(out, gold)
                    quote, fig = (_rate(m, gold, k) for k in ("quotes", "figures"))
                    print(
                        f"{label:8} {gold.name:24} {m['precision']:>6} {m['recall']:>6} "
                        f"{m['f1']:>6} {quote:>6} {fig:>6}"
                    )
                    if args.verbose:
                        print(f"         {json.dumps(m['per_report'])}")
                        if m.get("gold_not_found"):
                            print(f"         gold not found in loaded text: {m['gold_not_found']}")
                print(f"{label:8} compare time {elapsed:.3f} s for {len(reports)} reports")
    return 0


def _flat(doc: Document, folder: Path) -> Document:
    """``doc``'s text on one line (every run of white space one space), as a plain text file
    gives it; named as the gold names the report."""
    path = folder / f"flat-{Path(doc.path).name}.txt"
    path.write_text(" ".join(doc.text.split()), encoding="utf-8")
    return replace(load_document(path), path=doc.path, title=doc.title)


def _inside(official: Document) -> list[tuple[str, Document]]:
    """The release inside the long padding (``tests/core/align/long_cases``): Concord's PDF
    loader text and plain line text with form feeds, in the middle; named as the gold names
    the release, so that the evaluator scores it."""
    from tests.core.align.long_cases import available, embedded

    if not available():
        print("the shared PDFs for the long cases are missing: --long skipped")
        return []
    out = []
    for mode in ("concord", "plain"):
        doc = embedded(official.text, mode, "middle")
        out.append((f"long-{mode}", replace(doc, path=official.path)))
    return out


if __name__ == "__main__":
    sys.exit(main())
