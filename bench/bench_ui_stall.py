"""How long the review window's event loop can stall while a large case loads and compares.

Usage: python bench/bench_ui_stall.py [--reports 100] [--release-words 50000] [--keep DIR]
       [--without-review]

Runs offscreen. Writes a deterministic scale case to a temporary folder as TXT files (a release
of at least 50,000 words and ``--reports`` reports of about 800 words, from the generator of
``bench/bench_align_speed.py``, or by perturbing the seed texts in ../shared/corpus/seeds when
that is missing), opens the main
window, and while the files load and compare through the window's task runner and the results
are shown (Overview, then the Compare tab with the release text and highlights), and while a
quick reviewer browses (six other reports, the release pane scrolled top to bottom in twelve
steps, F7 ten times, a step every 100 ms), a 5 ms QTimer records the time between its ticks.
The longest gap is the longest stall of the event loop. Target: under 50 ms. Prints one line
per phase and a summary.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
TARGET_MS = 50.0
TICK_MS = 5
IDLE_MS = 2000
BROWSE_REPORTS = 6
BROWSE_SCROLLS = 12
BROWSE_FINDINGS = 10
BROWSE_STEP_MS = 100


def _seed_paragraphs() -> list[str]:
    files = sorted(SEEDS.glob("*.txt")) or sorted((ROOT / "sample_docs").glob("*.txt"))
    paras: list[str] = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        paras += [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 12]
    if not paras:
        raise SystemExit("no seed text found (../shared/corpus/seeds or sample_docs/*.txt)")
    return paras


def _perturb(rng: random.Random, text: str, vocab: list[str], rate: float) -> str:
    words = text.split()
    for i, w in enumerate(words):
        if w.isdigit():
            words[i] = str(int(w) + rng.randint(1, 9))
        elif rng.random() < rate:
            words[i] = rng.choice(vocab)
    return " ".join(words)


def make_scale_case(
    folder: Path, reports: int = 100, release_words: int = 50_000, seed: int = 7
) -> tuple[Path, list[Path]]:
    """Write ``release.txt`` and ``report_NNN.txt`` into ``folder``; same seed, same files.

    Uses the alignment benchmark's generator (``bench_align_speed.synthetic``) when it is there,
    so both benchmarks measure the same case; else perturbs the seed texts itself.
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_align_speed import synthetic
    except ImportError:
        return _own_scale_case(folder, reports, release_words, seed)
    release_doc, report_docs = synthetic(release_words, reports)
    release_path = folder / "release.txt"
    release_path.write_text(release_doc.text, encoding="utf-8")
    report_paths = []
    for n, doc in enumerate(report_docs):
        path = folder / f"report_{n:03d}.txt"
        path.write_text(doc.text, encoding="utf-8")
        report_paths.append(path)
    return release_path, report_paths


def _own_scale_case(
    folder: Path, reports: int, release_words: int, seed: int
) -> tuple[Path, list[Path]]:
    rng = random.Random(seed)
    paras = _seed_paragraphs()
    vocab = sorted({w for p in paras for w in p.split() if w.isalpha() and len(w) > 3})
    release: list[str] = []
    words = 0
    while words < release_words:
        # Every copy of a seed paragraph is perturbed differently, so passages stay distinct.
        para = _perturb(rng, rng.choice(paras), vocab, 0.25)
        release.append(para)
        words += len(para.split())
    folder.mkdir(parents=True, exist_ok=True)
    release_path = folder / "release.txt"
    release_path.write_text("\n\n".join(release), encoding="utf-8")
    report_paths = []
    for n in range(reports):
        body: list[str] = []
        count = 0
        while count < 800:
            if rng.random() < 0.5:
                para = _perturb(rng, rng.choice(release), vocab, rng.choice((0.0, 0.1, 0.3)))
            else:
                para = _perturb(rng, rng.choice(paras), vocab, 0.5)
            body.append(para)
            count += len(para.split())
        path = folder / f"report_{n:03d}.txt"
        path.write_text("\n\n".join(body), encoding="utf-8")
        report_paths.append(path)
    return release_path, report_paths


class StallMeter:
    """A 5 ms timer; ``longest`` is the largest gap between ticks, per phase and overall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.phase = "start"
        self.longest: dict[str, float] = {}
        self.worst_at: dict[str, float] = {}
        self._last = 0

    def start(self) -> None:
        self.clock.start()
        self._last = self.clock.nsecsElapsed()
        self.timer.start()

    def set_phase(self, phase: str) -> None:
        self.phase = phase

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        gap = (now - self._last) / 1e6
        self._last = now
        if gap > self.longest.get(self.phase, 0.0):
            self.longest[self.phase] = gap
            self.worst_at[self.phase] = now / 1e9

    def overall(self) -> float:
        return max(self.longest.values(), default=0.0)


def run(reports: int, release_words: int, folder: Path, without_review: bool = False) -> int:
    import ui.window.main_window
    from ui.session.state import AppContext
    from ui.style.qt_fixes import guard_refcount_leaks
    from ui.window.main_window import MainWindow

    guard_refcount_leaks()  # as run_app does
    if without_review:
        # The window without its session file and annotations, to measure the rest alone.
        def no_review(window: object) -> None:
            return None

        setattr(ui.window.main_window, "install_review", no_review)  # noqa: B010

    t0 = time.perf_counter()
    release, report_paths = make_scale_case(folder, reports, release_words)
    n_words = len(release.read_text(encoding="utf-8").split())
    print(
        f"scale case: release {n_words:,} words, {len(report_paths)} reports "
        f"({time.perf_counter() - t0:.1f} s to write) in {folder}"
    )

    if QApplication.instance() is None:
        app = QApplication([])  # noqa: F841  (kept alive for the run)
    settings = QSettings(str(folder / "bench-settings.ini"), QSettings.Format.IniFormat)
    context = AppContext.create(settings)
    window = MainWindow(context)
    window.resize(1400, 900)
    window.show()
    # The window is on screen before documents arrive, as when a user drops them.
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)
    settle.exec()
    session = context.session
    meter = StallMeter()
    marks: dict[str, float] = {}
    done = {"shown": False}

    def phase(name: str) -> None:
        marks[name] = time.perf_counter()
        meter.set_phase(name)

    def on_result(result: object) -> None:
        if result is not None and "save" not in marks:
            phase("show")
            # After the Overview, open the Compare tab on a report, as a user would.
            QTimer.singleShot(300, open_compare)

    def open_compare() -> None:
        window.tabs.setCurrentWidget(window.compare_view)
        session.set_current_report(len(session.result.comparisons) // 2 if session.result else 0)
        cv = window.compare_view
        if cv.comparison is not None and cv.comparison.links:
            cv.select_link(len(cv.comparison.links) // 2)
        QTimer.singleShot(500, browse)

    def browse() -> None:
        # What a reviewer does next: other reports, the release pane scrolled top to bottom,
        # F7 through findings. One step per 100 ms, as fast as a quick user.
        phase("browse")
        steps = list(browse_steps())
        run_steps(steps)

    def browse_steps() -> Iterator[Callable[[], None]]:
        n = len(session.result.comparisons) if session.result else 0
        bar = window.compare_view.release_pane.verticalScrollBar()
        for k in range(BROWSE_REPORTS):
            yield lambda k=k: session.set_current_report((k * 37) % max(n, 1))
        for k in range(BROWSE_SCROLLS + 1):
            yield lambda k=k: bar.setValue(bar.maximum() * k // BROWSE_SCROLLS)
        for _ in range(BROWSE_FINDINGS):
            yield window.next_finding

    def run_steps(steps: list[Callable[[], None]]) -> None:
        if not steps:
            QTimer.singleShot(300, save_and_reopen)
            return
        steps[0]()
        QTimer.singleShot(BROWSE_STEP_MS, lambda: run_steps(steps[1:]))

    def save_and_reopen() -> None:
        # File > Save Session As... (the copy made in a worker), then File > Open Session... on
        # that file: documents come back from the file and comparisons from its cache.
        sessions = getattr(getattr(window, "review", None), "sessions", None)
        if sessions is None:  # --without-review
            finish()
            return
        from ui.session.saving import save_as_in_background

        phase("save")
        sessions.savedAs.connect(lambda _path: QTimer.singleShot(500, lambda: reopen(sessions)))
        save_as_in_background(
            sessions, folder / "scale.concord", lambda message: (print(message), finish())
        )

    def reopen(sessions: object) -> None:
        phase("reopen")
        reopened["waiting"] = True
        sessions.open_session(folder / "scale.concord")  # type: ignore[attr-defined]

    def reopened_result(result: object) -> None:
        if result is not None and reopened.pop("waiting", False):
            QTimer.singleShot(1500, finish)

    reopened: dict[str, bool] = {}
    session.resultChanged.connect(reopened_result)

    def finish() -> None:
        done["shown"] = True
        loop.quit()

    session.compareStarted.connect(lambda: None if "save" in marks else phase("compare"))
    session.resultChanged.connect(on_result)
    loop = QEventLoop()
    QTimer.singleShot(900_000, loop.quit)

    def failed(message: str) -> None:
        print("compare failed:", message)
        loop.quit()

    session.compareFailed.connect(failed)
    meter.start()
    # Two idle seconds first: the longest gap with nothing to do is the noise floor of the
    # (shared) machine, to read the other numbers against.
    phase("idle")
    idle = QEventLoop()
    QTimer.singleShot(IDLE_MS, idle.quit)
    idle.exec()
    phase("load")
    session.add_files([release, *report_paths], official=release)
    loop.exec()
    meter.timer.stop()
    if not done["shown"]:
        print("FAILED: results did not arrive within 15 minutes")
        return 1
    errors = [e for e in session.entries if e.error]
    result = session.result
    assert result is not None
    links = sum(len(c.links) for c in result.comparisons)
    start = marks["load"]
    marks["idle"] = start - IDLE_MS / 1000
    print(
        f"loaded {len(session.entries) - len(errors)} documents ({len(errors)} errors), "
        f"compared {len(result.comparisons)} reports, {links} links"
    )
    for name in ("idle", "load", "compare", "show", "browse", "save", "reopen"):
        if name in marks:
            print(
                f"  phase {name:8s} from {marks[name] - start:6.1f} s: "
                f"longest stall {meter.longest.get(name, 0.0):6.1f} ms"
            )
    worst = max(v for k, v in meter.longest.items() if k != "idle")
    if hasattr(os, "getloadavg"):
        print(
            f"machine load average (1 min) at the end: {os.getloadavg()[0]:.2f} "
            f"on {os.cpu_count()} CPUs"
        )
    verdict = "OK" if worst < TARGET_MS else "OVER TARGET"
    print(
        f"longest event-loop stall: {worst:.1f} ms (target < {TARGET_MS:.0f} ms): {verdict}; "
        f"total {time.perf_counter() - start:.1f} s"
    )
    window.close()
    return 0 if worst < TARGET_MS else 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--release-words", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="write the scale case here and keep it")
    parser.add_argument(
        "--without-review", action="store_true", help="leave out the session file and annotations"
    )
    args = parser.parse_args()
    if args.keep:
        return run(args.reports, args.release_words, args.keep, args.without_review)
    with tempfile.TemporaryDirectory(prefix="concord-stall-") as tmp:
        return run(args.reports, args.release_words, Path(tmp), args.without_review)


if __name__ == "__main__":
    sys.exit(main())
