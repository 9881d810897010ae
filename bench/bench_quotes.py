"""Quote and figure accuracy on the seed scenario, scored with the rule of align_eval.py.

Usage: python bench/bench_quotes.py [--show] [--only PREFIX] [seeds] [sample]

Loads ../shared/corpus/seeds (002 is the release), runs the full comparison when core.compare
and a TXT loader are there (otherwise find/judge with no links), prints every quote and figure
with its verdict when --show is given, and scores reports 000 (../shared/eval gold) and 001
(tests/gold/seeds_extra_gold.json); "sample" does the same for the invented scenario of
tools/sample_texts.py against tests/gold/sample_gold.json. A gold item counts as right when
the first of our items overlapping it (quotes: by half of the shorter span; figures: any
overlap) has its verdict.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.documents import DocFormat, Document
from core.documents.loaders.builder import TextBuilder
from core.judge import (
    judge_figures,
    judge_quotes,
)
from core.judge.quote_match import fallback_sentences
from core.results import Figure, Link, Quote, Sentence

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "seeds_dev_gold.json"


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("align_eval", SHARED / "eval" / "align_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load(path: Path) -> Document:
    try:
        import core.documents.loaders.txt  # noqa: F401  (written in parallel; may not exist yet)
        from core.documents import load_document

        return load_document(path)
    except ImportError:
        data = path.read_bytes()
        b = TextBuilder()
        for i, line in enumerate(data.decode("utf-8").splitlines(), 1):
            b.add_paragraph(line.strip(), line=i)
        return b.build(
            title=path.stem, path=str(path), sha256=hashlib.sha256(data).hexdigest(),
            fmt=DocFormat.TXT,
        )


def run(
    official: Document, report: Document
) -> tuple[tuple[Quote, ...], tuple[Figure, ...], tuple[Link, ...]]:
    try:
        from core.compare import compare_one, prepare_release

        prepared = prepare_release(official)
        comp = compare_one(prepared, report, 1)
        return comp.quotes, comp.figures, comp.links
    except ImportError:
        o_sents = fallback_sentences(official)
        r_sents: tuple[Sentence, ...] = fallback_sentences(report)
        quotes = judge_quotes(official, report, (), o_sents)
        figures = judge_figures(official, report, (), o_sents, r_sents)
        return quotes, figures, ()


def score(
    ev: ModuleType, text: str, gold: dict, quotes: tuple[Quote, ...], figures: tuple[Figure, ...]
) -> tuple[int, int, int, int]:
    q_ok = f_ok = 0
    for g in gold.get("quotes", []):
        spans = ev.find_all(text, g["quote"])
        got = [q for q in quotes if any(ev.covered([s], (q.report.start, q.report.end))
                                        for s in spans)]
        ok = bool(got) and got[0].verdict.value == g["verdict"]
        q_ok += ok
        print(f"  gold quote {g['verdict']:7} got {got[0].verdict.value if got else '-':7} "
              f"{'ok' if ok else 'WRONG'}  {g['quote'][:60]!r}")
    for g in gold.get("figures", []):
        spans = ev.find_all(text, g["figure"])
        hits = [f for f in figures
                if any(min(s[1], f.report.end) > max(s[0], f.report.start) for s in spans)]
        ok = bool(hits) and hits[0].verdict.value == g["verdict"]
        f_ok += ok
        print(f"  gold figure {g['verdict']:7} got {hits[0].verdict.value if hits else '-':7} "
              f"{'ok' if ok else 'WRONG'}  {g['figure'][:60]!r}")
    return q_ok, len(gold.get("quotes", [])), f_ok, len(gold.get("figures", []))


def from_blocks(name: str, blocks: list[tuple[str, str]]) -> Document:
    """A document built straight from the sample scenario's blocks (no loader involved)."""
    b = TextBuilder()
    for i, (kind, text) in enumerate(blocks):
        b.add_paragraph(text, paragraph=i, furniture=kind == "furniture")
    return b.build(
        title=name, path=name, sha256=hashlib.sha256(name.encode()).hexdigest(),
        fmt=DocFormat.TXT,
    )


def scenarios(which: list[str]) -> list[tuple[str, Document, dict[str, Document], list[Path]]]:
    out = []
    if "seeds" in which and SEEDS.is_dir():
        official = load(next(SEEDS.glob("002_*.txt")))
        reports = {p.name: load(p) for p in sorted(SEEDS.glob("00[0134]_*.txt"))}
        out.append(("seeds", official, reports, [GOLD, ROOT / "tests/gold/seeds_extra_gold.json"]))
    if "sample" in which:
        sys.path.insert(0, str(ROOT / "tools"))
        import sample_texts as st

        official = from_blocks("release.pdf", st.RELEASE)
        reports = {
            "report_wire.txt": from_blocks("report_wire.txt", st.REPORT_WIRE),
            "report_daily.html": from_blocks("report_daily.html", st.REPORT_DAILY),
            "report_regional.docx": from_blocks("report_regional.docx", st.REPORT_REGIONAL),
            "report_critic.pdf": from_blocks("report_critic.pdf", st.REPORT_CRITIC),
            "report_unrelated.txt": from_blocks("report_unrelated.txt", st.REPORT_UNRELATED),
        }
        out.append(("sample", official, reports, [ROOT / "tests/gold/sample_gold.json"]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every quote and figure")
    ap.add_argument("--only", default="", help="only reports whose name starts with this")
    ap.add_argument("which", nargs="*", default=["seeds", "sample"])
    args = ap.parse_args()
    if not (SHARED / "eval" / "align_eval.py").is_file():
        print(f"align_eval.py not found under {SHARED}", file=sys.stderr)
        return 1
    ev = _eval_module()
    summary = {}
    for label, official, reports, gold_paths in scenarios(args.which):
        golds = [json.loads(p.read_text(encoding="utf-8")) for p in gold_paths if p.is_file()]
        totals = [0, 0, 0, 0]
        for name, report in reports.items():
            if not name.startswith(args.only):
                continue
            t0 = time.perf_counter()
            quotes, figures, links = run(official, report)
            took = time.perf_counter() - t0
            print(f"{name}: {len(quotes)} quotes, {len(figures)} figures, "
                  f"{len(links)} links, {took:.2f} s")
            if args.show:
                for q in quotes:
                    src = official.text[q.official.start:q.official.end][:70] if q.official else ""
                    print(f"  Q {q.verdict.value:7} {q.speaker or '-':28.28} {q.text[:70]!r}"
                          + (f"\n      <- {src!r}" if src else ""))
                for f in figures:
                    print(f"  F {f.verdict.value:7} {f.text!r:28} {f.value:18} {f.note}")
            for gold in golds:
                if name in gold["reports"]:
                    counts = score(ev, report.text, gold["reports"][name], quotes, figures)
                    totals = [t + n for t, n in zip(totals, counts, strict=True)]
        summary[label] = {
            "quote_acc": round(totals[0] / totals[1], 3) if totals[1] else None,
            "figure_acc": round(totals[2] / totals[3], 3) if totals[3] else None,
            "quotes": f"{totals[0]}/{totals[1]}", "figures": f"{totals[2]}/{totals[3]}",
        }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
