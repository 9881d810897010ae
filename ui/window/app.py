"""Start the review window: ``run_app(argv)`` parses file arguments, builds the context and window.

Without files it opens the demo session (``sample_docs/release.pdf`` as the release and every
other sample except ``release.docx`` as reports) in a new temporary session file; ``--session
FILE`` reopens a saved session instead. An exception that escapes a slot is logged and
shown in a message box instead of vanishing or killing the app.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.session.state import AppContext
from ui.style.qt_fixes import guard_refcount_leaks
from ui.window.main_window import MainWindow
from ui.workers.load_worker import shared_loader

log = logging.getLogger("concord")

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DOCS = ROOT / "sample_docs"


def demo_files(folder: Path = SAMPLE_DOCS) -> tuple[Path | None, list[Path]]:
    """The demo session: ``release.pdf`` and every other sample except ``release.docx``."""
    release = folder / "release.pdf"
    skip = {"release.pdf", "release.docx"}
    reports = sorted(
        p
        for p in folder.glob("*")
        if p.is_file() and p.name not in skip and not p.name.startswith(".")
    )
    return (release if release.exists() else None), reports


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="concord", description="Concord review window")
    parser.add_argument("files", nargs="*", help="release and reports (the first is the release)")
    parser.add_argument("--official", help="the release (the other files are reports)")
    parser.add_argument("--session", metavar="FILE.concord", help="open a saved review session")
    return parser.parse_args(list(argv))


def install_excepthook(app: QApplication) -> None:
    """Log an uncaught exception and show it, instead of losing it on the console."""
    showing = [False]

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught exception", exc_info=(kind, exc, tb))
        if issubclass(kind, KeyboardInterrupt):
            app.quit()
            return
        if showing[0]:  # an error while the box is up (e.g. in a paint event): log only
            return
        showing[0] = True
        try:
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                "Concord: unexpected error",
                f"Something went wrong: {exc}",
            )
            box.setInformativeText("Your documents are unchanged. The details are in the log.")
            box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
            box.exec()
        finally:
            showing[0] = False

    sys.excepthook = hook


def open_initial(window: MainWindow, args: argparse.Namespace) -> None:
    session = window.session
    if args.session:
        window.review.open_session(args.session)  # a file that cannot be opened is explained
        return
    if args.files or args.official:
        session.add_files(args.files, official=args.official)
        return
    release, reports = demo_files()
    if release is None:
        window.statusBar().showMessage(
            "No demo documents found in sample_docs/; open a release with Ctrl+O", 10000
        )
        return
    window.review.sessions.new_temporary("Demo session")  # a fresh temporary file, never a user's
    session.add_files([release, *reports], official=release)


def run_app(argv: list[str], settings: QSettings | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    guarded = guard_refcount_leaks()
    if guarded:
        log.info("this PySide6 leaks references to %s; guarded (see ui/qt_fixes.py)", guarded)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Concord")
    app.setApplicationName("Concord")
    install_excepthook(app)
    context = AppContext.create(settings)
    window = MainWindow(context)
    window.show()
    open_initial(window, args)
    try:
        return int(app.exec())
    finally:
        shared_loader.shutdown()
