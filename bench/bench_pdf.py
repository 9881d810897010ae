"""PDF extraction speed: pdfplumber against pypdfium2 and Concord's PDF loader, in pages/second.

Usage: ``.venv/bin/python bench/bench_pdf.py [--repeat N] [--long]``

Reads the long PDFs of ``../shared/corpus/pdfs`` (Federal Register 15 pp, Chelsea 65 pp, WARN
16 pp) and prints one table row per file and method:

* ``pdfplumber extract_text`` - pdfplumber 0.11's own text extraction, page by page;
* ``pdfplumber chars``        - only listing ``page.chars`` (the floor of any layout built on
  pdfplumber's characters);
* ``pypdfium2 text``          - pdfium's plain text of every page (no boxes, no layout);
* ``concord pdf.load``        - the full loader: pdfium characters with boxes, columns, running
  headers, paragraphs, hyphenation, source map.

``--long`` adds a 300-page file made by repeating the Federal Register 20 times (Concord only;
pdfplumber would need about 30 s). Times are CPU seconds of this process (``time.process_time``),
best of ``--repeat`` runs (default 1): the development machine is shared, and wall-clock times
there swing with the other jobs; ``--wall`` measures wall-clock time instead.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PDFS = ROOT.parent / "shared" / "corpus" / "pdfs"
FILES = (
    "pdfplumber__federal-register-2020-17221.pdf",
    "pdfplumber__chelsea_pdta.pdf",
    "pdfplumber__WARN-Report-for-7-1-2015-to-03-25-2016.pdf",
)


def plumber_text(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def plumber_chars(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            _ = page.chars
        return len(pdf.pages)


def pdfium_text(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def concord_load(data: bytes) -> int:
    from core.documents.loaders import pdf

    doc = pdf.load(data, "bench.pdf", "0" * 64)
    return int(doc.meta("pages"))


METHODS: tuple[tuple[str, Callable[[bytes], int]], ...] = (
    ("pdfplumber extract_text", plumber_text),
    ("pdfplumber chars", plumber_chars),
    ("pypdfium2 text", pdfium_text),
    ("concord pdf.load", concord_load),
)


def repeated(data: bytes, times: int) -> bytes:
    """``data``'s pages ``times`` over, as one PDF (a long report for the scale row)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    for _ in range(times):
        out.import_pages(src)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def best_of(
    fn: Callable[[bytes], int], data: bytes, repeat: int, clock: Callable[[], float]
) -> tuple[int, float]:
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        start = clock()
        pages = fn(data)
        best = min(best, clock() - start)
    return pages, best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--long", action="store_true", help="add a 300-page row (Concord only)")
    parser.add_argument("--wall", action="store_true", help="wall-clock instead of CPU time")
    args = parser.parse_args()
    clock = time.perf_counter if args.wall else time.process_time
    if not PDFS.is_dir():
        print(f"bench_pdf: corpus not found at {PDFS}", file=sys.stderr)
        return 1
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    rows: list[tuple[str, int, str, float]] = []
    for name in FILES:
        data = (PDFS / name).read_bytes()
        for label, fn in METHODS:
            pages, seconds = best_of(fn, data, args.repeat, clock)
            rows.append((name.split("__", 1)[1][:28], pages, label, seconds))
    if args.long:
        data = repeated((PDFS / FILES[0]).read_bytes(), 20)
        pages, seconds = best_of(concord_load, data, args.repeat, clock)
        rows.append(("federal-register x20", pages, "concord pdf.load", seconds))
    print(f"{'file':<30}{'pages':>6}  {'method':<25}{'seconds':>9}{'ms/page':>9}{'pages/s':>9}")
    for name, pages, label, seconds in rows:
        print(
            f"{name:<30}{pages:>6}  {label:<25}{seconds:>9.2f}"
            f"{1000 * seconds / pages:>9.1f}{pages / seconds:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
