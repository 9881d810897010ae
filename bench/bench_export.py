"""Export speed: the evidence pack of a 50,000-word release against 100 reports.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_export.py [--words 50000]
        [--reports 100] [--annotations 300] [--no-pdf] [--cache /tmp/scale.json]

The scenario is ``bench_align_speed.synthetic`` (deterministic, generated at run time; nothing
large is kept on disk). It is compared once (not timed here), annotated with evenly spread
notes, then exported "findings only" and "all passages": building the content, HTML, PDF (Qt,
offscreen), DOCX and JSON, each timed, with output size and PDF page count. Outputs go to a
temporary folder that is deleted at the end.

``--window`` instead exports all four formats the way File > Export... does (``ExportController``
on the window's task runner) and prints the longest stall of the event loop meanwhile, measured
with the 5 ms timer of ``bench_ui_stall.py`` (target: under 50 ms).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_align_speed import synthetic

from core.anchoring import (
    Annotation,
    describe,
)
from core.compare import compare
from core.documents import Span
from core.report import (
    ExportOptions,
    build_pack,
    pack_json,
    render_html,
    write_docx,
    write_json,
)
from core.results import (
    CompareResult,
    result_to_json,
)
from core.results.jsonio import result_from_json


def annotations(result: CompareResult, count: int) -> list[Annotation]:
    out = []
    tags = ("misquote", "distortion", "omission", "added claim", "needs follow-up")
    for i in range(count):
        doc = result.documents[1 + i % len(result.reports)]
        start = (i * 7919) % max(1, len(doc.text) - 80)
        sel = describe(doc.text, Span(start, start + 60), doc.sha256)
        out.append(Annotation(i + 1, (sel,), note=f"Reviewer note {i + 1}: check the source.",
                              tags=(tags[i % len(tags)],)))
    return out


def timed(label: str, fn: Callable[[], object]) -> object:
    t0 = time.perf_counter()
    value = fn()
    print(f"  {label:<22} {time.perf_counter() - t0:7.2f} s", flush=True)
    return value


def run(result: CompareResult, anns: list[Annotation], findings_only: bool, pdf: bool,
        folder: Path) -> None:
    options = ExportOptions(findings_only=findings_only)
    name = "findings only" if findings_only else "all passages"
    print(f"{name}:")
    t0 = time.perf_counter()
    pack = timed("build content", lambda: build_pack(result, anns, "bench", "today", options))
    html = timed("render HTML", lambda: render_html(pack))  # type: ignore[arg-type]
    assert isinstance(html, str)
    (folder / "p.html").write_text(html, encoding="utf-8")
    print(f"  {'HTML size':<22} {len(html.encode()) / 1e6:7.1f} MB")
    if pdf:
        from ui.export.pdf_printer import print_html_to_pdf

        pages = timed("print PDF (Qt)", lambda: print_html_to_pdf(html, str(folder / "p.pdf")))
        print(f"  {'PDF pages':<22} {pages:7}")
    timed("write DOCX", lambda: write_docx(pack, folder / "p.docx"))  # type: ignore[arg-type]
    print(f"  {'DOCX size':<22} {(folder / 'p.docx').stat().st_size / 1e6:7.1f} MB")
    timed("write JSON", lambda: write_json(
        pack_json(result, anns, "bench", "today", options), folder / "p.json"))
    print(f"  {'total':<22} {time.perf_counter() - t0:7.2f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--annotations", type=int, default=300)
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--window", action="store_true",
                    help="export through the window's controller and measure the longest stall")
    ap.add_argument("--cache", metavar="RESULT.json",
                    help="keep the comparison here and reuse it on the next run (not timed)")
    args = ap.parse_args()
    cache = Path(args.cache) if args.cache else None
    if cache is not None and cache.exists():
        result = result_from_json(json.loads(cache.read_text(encoding="utf-8")))
        print(f"comparison read from {cache}")
    else:
        release, reports = synthetic(args.words, args.reports)
        t0 = time.perf_counter()
        result = compare(release, reports)
        print(f"compared {args.words} words x {args.reports} reports in "
              f"{time.perf_counter() - t0:.1f} s (not part of the export time)")
        if cache is not None:
            cache.write_text(json.dumps(result_to_json(result)), encoding="utf-8")
    links = sum(len(c.links) for c in result.comparisons)
    print(f"{len(result.reports)} reports, {len(result.official.text.split())} release words, "
          f"{links} links")
    anns = annotations(result, args.annotations)
    if args.window:
        return window_stall(result, anns)
    with tempfile.TemporaryDirectory() as tmp:
        for findings_only in (True, False):
            run(result, anns, findings_only, not args.no_pdf, Path(tmp))
    return 0


def window_stall(result: CompareResult, anns: list[Annotation]) -> int:
    """Export html, pdf, docx and json as File > Export... does; print the longest stall."""
    from bench_ui_stall import TARGET_MS, StallMeter
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.export.runner import ExportController, ExportOutcome, ExportRequest
    from ui.style.qt_fixes import guard_refcount_leaks
    from ui.workers.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])  # noqa: F841  (kept alive for the run)
    guard_refcount_leaks()
    # The window freezes a result into the permanent generation when it arrives (see
    # ui/compare_worker.no_collection_while_receiving); do the same for the one read here.
    gc.freeze()
    controller = ExportController(TaskRunner())
    loop = QEventLoop()
    said: list[str] = []

    def done(outcome: ExportOutcome) -> None:
        said.append(outcome.summary())
        loop.quit()

    controller.succeeded.connect(done)
    controller.failed.connect(lambda message: (said.append(f"failed: {message}"), loop.quit()))
    with tempfile.TemporaryDirectory() as tmp:
        meter = StallMeter()
        meter.start()
        meter.set_phase("export")
        t0 = time.perf_counter()
        controller.start(result, anns, "bench", ExportRequest(
            ("html", "pdf", "docx", "json"), Path(tmp) / "pack"))
        QTimer.singleShot(900_000, loop.quit)
        loop.exec()
        meter.timer.stop()
    worst = meter.longest.get("export", 0.0)
    print(f"{said[0] if said else 'no outcome'} in {time.perf_counter() - t0:.1f} s")
    print(f"longest event-loop stall during the export: {worst:.1f} ms "
          f"(target < {TARGET_MS:.0f} ms)")
    return 0 if said and not said[0].startswith("failed") and worst < TARGET_MS else 2


if __name__ == "__main__":
    sys.exit(main())
