"""Quote and figure verdicts must not change when the judges get faster: record, then check.

    .venv/bin/python bench/check_judge_equality.py --record OUT.pickle [--scale-reports 10]
    .venv/bin/python bench/check_judge_equality.py --check OUT.pickle

``--record`` runs ``compare()`` on the seed scenario, on ``sample_docs`` and on a synthetic
scale case (``bench_align_speed.synthetic``), and stores, per report, the judges' INPUTS (the
release and report documents, their sentences, the links) next to their OUTPUTS (quotes,
figures). ``--check`` feeds the stored inputs to ``judge_quotes``/``judge_figures`` of the code
as it is now, both without and with a prepared release context (``prepare_judges``), and
asserts the verdicts are identical. Freezing the inputs keeps the check about the judges alone:
alignment or segmentation changes elsewhere do not move it. Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from core.compare import compare
from core.documents import (
    Document,
    load_document,
)

SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
SAMPLES = ROOT / "sample_docs"


def scenarios(scale_reports: int) -> dict[str, tuple[Document, list[Document]]]:
    out: dict[str, tuple[Document, list[Document]]] = {}
    if SEEDS.is_dir():
        name = json.loads((SEEDS / "manifest.json").read_text())["official"]
        official = load_document(SEEDS / name)
        reports = [load_document(p) for p in sorted(SEEDS.glob("*.txt")) if p.name != name]
        out["seeds"] = (official, reports)
    out["sample"] = (
        load_document(SAMPLES / "release.pdf"),
        [load_document(p) for p in sorted(SAMPLES.glob("report_*"))],
    )
    if scale_reports:
        from bench_align_speed import synthetic

        release, reports = synthetic(50_000, scale_reports)
        out[f"scale_{scale_reports}"] = (release, reports)
    return out


def record(path: Path, scale_reports: int) -> int:
    data: dict[str, Any] = {}
    for name, (official, reports) in scenarios(scale_reports).items():
        t = time.perf_counter()
        result = compare(official, reports)
        cases: list[dict[str, Any]] = [
            {
                "report": report,
                "report_sentences": c.report_sentences,
                "links": c.links,
                "quotes": c.quotes,
                "figures": c.figures,
            }
            for report, c in zip(reports, result.comparisons, strict=True)
        ]
        official_sentences = result.comparisons[0].official_sentences
        data[name] = {
            "official": official,
            "official_sentences": official_sentences,
            "cases": cases,
        }
        n_q = sum(len(c["quotes"]) for c in cases)
        n_f = sum(len(c["figures"]) for c in cases)
        print(f"{name}: {len(cases)} reports, {n_q} quotes, {n_f} figures "
              f"({time.perf_counter() - t:.1f} s)")
    path.write_bytes(pickle.dumps(data))
    print(f"recorded to {path}")
    return 0


def check(path: Path) -> int:
    from core.judge import judge_figures, judge_quotes, prepare_judges

    data = pickle.loads(path.read_bytes())
    failures = 0
    for name, sc in data.items():
        official, o_sents = sc["official"], sc["official_sentences"]
        t = time.perf_counter()
        prepared = prepare_judges(official, o_sents)
        n_q = n_f = 0
        for k, case in enumerate(sc["cases"]):
            report, r_sents, links = case["report"], case["report_sentences"], case["links"]
            runs = {
                "plain": (
                    judge_quotes(official, report, links, o_sents),
                    judge_figures(official, report, links, o_sents, r_sents),
                ),
                "prepared": (
                    judge_quotes(official, report, links, o_sents, prepared=prepared),
                    judge_figures(official, report, links, o_sents, r_sents, prepared=prepared),
                ),
            }
            for how, (quotes, figures) in runs.items():
                for what, got in (("quotes", quotes), ("figures", figures)):
                    if got == case[what]:
                        continue
                    failures += 1
                    print(f"DIFF {name} report {k} {what} ({how})")
                    for was, now in zip(case[what], got, strict=False):
                        if was != now:
                            print(f"  was {was}\n  now {now}")
            n_q += len(case["quotes"])
            n_f += len(case["figures"])
        print(f"{name}: {len(sc['cases'])} reports, {n_q} quotes, {n_f} figures checked "
              f"({time.perf_counter() - t:.1f} s)")
    print("IDENTICAL" if not failures else f"{failures} DIFFERENCES")
    return 1 if failures else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", type=Path, metavar="OUT.pickle")
    mode.add_argument("--check", type=Path, metavar="IN.pickle")
    ap.add_argument("--scale-reports", type=int, default=10)
    args = ap.parse_args()
    if args.record:
        return record(args.record, args.scale_reports)
    return check(args.check)


if __name__ == "__main__":
    sys.exit(main())
