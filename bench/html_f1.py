"""Score Concord's HTML loader per segment on the trafilatura evaluation subset.

Usage: ``.venv/bin/python bench/html_f1.py [--baseline] [--verbose]``

Each page of ``../shared/corpus/html/trafilatura/evaldata_subset.json`` lists segments that must
appear in the article text ("with") and boilerplate that must not ("without"). A segment counts
as found when it is a substring of the loader's ``Document.text`` (as in trafilatura's own
evaluation). Prints precision, recall, F1 and the time taken; ``--baseline`` also scores plain
``trafilatura.extract(html, url=url)`` for comparison, and the "non-furniture" line scores the
text with furniture spans removed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT.parent / "shared" / "corpus" / "html" / "trafilatura"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, label: str) -> str:
        return (
            f"{label:<28} precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"F1 {self.f1:.3f}  ({self.tp} TP, {self.fn} FN, {self.fp} FP, {self.tn} TN; "
            f"{self.seconds:.1f} s)"
        )


def load_cases(eval_dir: Path = EVAL_DIR) -> list[tuple[str, Path, list[str], list[str]]]:
    """``(url, html_path, with, without)`` for every page of the evaluation subset."""
    data = json.loads((eval_dir / "evaldata_subset.json").read_text(encoding="utf-8"))
    return [
        (url, eval_dir / item["file"], list(item["with"]), list(item["without"]))
        for url, item in data["pages"].items()
    ]


def score(
    extractor: Callable[[str, Path], str],
    cases: list[tuple[str, Path, list[str], list[str]]],
    verbose: bool = False,
) -> Score:
    result = Score()
    started = time.perf_counter()
    for url, path, wanted, unwanted in cases:
        text = extractor(url, path)
        for segment in wanted:
            if segment in text:
                result.tp += 1
            else:
                result.fn += 1
                if verbose:
                    print(f"  missed   {path.name}: {segment[:70]!r}")
        for segment in unwanted:
            if segment in text:
                result.fp += 1
                if verbose:
                    print(f"  included {path.name}: {segment[:70]!r}")
            else:
                result.tn += 1
    result.seconds = time.perf_counter() - started
    return result


def concord_text(url: str, path: Path) -> str:
    from core.documents import LoadError, load_bytes

    try:
        return load_bytes(path.read_bytes(), str(path)).text
    except LoadError:
        return ""


def concord_text_without_furniture(url: str, path: Path) -> str:
    from core.documents import LoadError, load_bytes

    try:
        doc = load_bytes(path.read_bytes(), str(path))
    except LoadError:
        return ""
    parts, pos = [], 0
    for span in doc.furniture:
        parts.append(doc.text[pos : span.start])
        pos = span.end
    parts.append(doc.text[pos:])
    return "\n".join(parts)


def trafilatura_text(url: str, path: Path) -> str:
    import trafilatura

    return trafilatura.extract(path.read_bytes(), url=url) or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", action="store_true", help="also score plain trafilatura")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    if not EVAL_DIR.is_dir():
        print(f"evaluation data not found at {EVAL_DIR}", file=sys.stderr)
        return 1
    cases = load_cases()
    print(f"{len(cases)} pages")
    print(score(concord_text, cases, args.verbose).line("Concord HTML loader"))
    print(score(concord_text_without_furniture, cases).line("  non-furniture text only"))
    if args.baseline:
        print(score(trafilatura_text, cases).line("trafilatura.extract(url=)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
