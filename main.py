"""Concord's entry point: ``python main.py [FILE...]`` opens the window, subcommands run headless.

``extract``, ``compare``, ``batch``, ``match``, ``export`` and ``recover`` go to ``core.cli`` (no
Qt needed, except the PDF printer, which is handed in lazily). Anything else opens the review
window; without a display it says so in one line and how to run anyway, instead of failing
inside Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SAMPLE_DOCS = ROOT / "sample_docs"


def _print_pdf(
    html: str,
    out_path: str,
    *,
    title: str = "",
    header: str = "",
    page_size: str = "a4",
    should_cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> None:
    from ui.export.pdf_printer import print_html_to_pdf

    print_html_to_pdf(
        html,
        out_path,
        title=title,
        header=header,
        page_size=page_size,
        should_cancel=should_cancel,
        progress=progress,
    )


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from core.cli import SUBCOMMANDS, Services, run

    if args and args[0] in SUBCOMMANDS:
        return run(args, Services(print_pdf=_print_pdf))
    if args and args[0] in ("-h", "--help"):
        print(
            "usage: concord [FILE ...] [--official FILE] [--session FILE.concord]\n"
            "       concord {extract,compare,batch,match,export,recover} ...\n"
            "       (see 'concord compare -h', 'concord batch -h', ...)"
        )
        return 0
    if not has_display():
        print(
            "concord: no display found; run the window under a virtual screen with "
            "'xvfb-run -a python main.py', or try the command line: "
            "'python main.py compare sample_docs/release.pdf sample_docs/report_*'",
            file=sys.stderr,
        )
        return 1
    from ui.window.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
