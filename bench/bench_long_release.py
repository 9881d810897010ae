"""A long release against many real reports: Concord's ``compare --json`` and a peer, timed.

    .venv/bin/python bench/bench_long_release.py [--reports N] [--no-peer] [--profile]

The case is made like real work, not like Concord's code expects: the seed release inside
45,000 words of other official text from the shared PDFs, extracted as other tools extract it
(one line per printed line, form feeds between pages; ``tests/core/align/long_cases.py``),
against the four seed reports and every shared news page (73 real articles, extracted by
Concord's HTML loader), 77 reports in all, written as TXT files so both tools read the same
text. Each tool runs as a fresh process; wall time and peak memory (max RSS) come from
``os.wait4``.

The peer is copydetect 0.5.0 (winnowing fingerprints, as MOSS), installed into its own venv
``bench/.peer-venv`` on first use and run as ``copydetect -t REPORTS -r RELEASE -e txt -f -a``
(plain text, no code tokenizer, no browser), and again with ``-d 0`` (every pair with anything
in common shown in its report). ``--profile`` prints where Concord's time goes
(cProfile of the same comparison in-process).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.documents import LoadError, load_document
from tests.core.align.long_cases import SHARED, embedded

SEEDS = SHARED / "corpus" / "seeds"
HTML = SHARED / "corpus" / "html"
PEER_VENV = ROOT / "bench" / ".peer-venv"


def build_case(folder: Path, n_reports: int | None) -> tuple[Path, Path, int, int]:
    """Write the release and the reports; returns (release file, reports folder, words, n)."""
    official = SEEDS / "002_27eb931e9716d1e9.txt"
    release = embedded(official.read_text(encoding="utf-8"), "plain", "middle")
    rel_dir, rep_dir = folder / "release", folder / "reports"
    rel_dir.mkdir()
    rep_dir.mkdir()
    rel_path = rel_dir / "release.txt"
    rel_path.write_text(release.text, encoding="utf-8")
    sources = sorted(p for p in SEEDS.glob("*.txt") if p != official)
    sources += sorted(HTML.glob("trafilatura/pages/*.html"))
    sources += sorted(HTML.glob("readability/*/source.html"))
    n = 0
    for src in sources:
        if n_reports is not None and n >= n_reports:
            break
        try:
            text = load_document(src).text
        except LoadError:
            continue
        name = src.stem if src.parent.name == "pages" or src.suffix == ".txt" else src.parent.name
        (rep_dir / f"{n:03d}_{name}.txt").write_text(text, encoding="utf-8")
        n += 1
    return rel_path, rep_dir, len(release.text.split()), n


def run(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if proc.stderr is not None:
        proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def peer() -> Path:
    exe = PEER_VENV / "bin" / "copydetect"
    if not exe.exists():
        venv.EnvBuilder(with_pip=True).create(PEER_VENV)
        subprocess.run([str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "-q",
                        "copydetect==0.5.0"], check=True)
    return exe


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=None, help="use only the first N reports")
    ap.add_argument("--no-peer", action="store_true", help="skip copydetect")
    ap.add_argument("--profile", action="store_true", help="cProfile Concord's comparison")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="concord-long-") as tmp:
        folder = Path(tmp)
        rel, reps, words, n = build_case(folder, args.reports)
        report_words = sum(len(p.read_text(encoding="utf-8").split()) for p in reps.iterdir())
        print(f"release {words:,} words; {n} reports, {report_words:,} words")
        files = sorted(str(p) for p in reps.iterdir())
        cmd = [sys.executable, str(ROOT / "main.py"), "compare", str(rel), *files,
               "--json", str(folder / "out.json")]
        secs, mb, code = run(cmd, ROOT)
        print(f"concord compare --json   {secs:6.2f} s  {mb:6.0f} MB  exit {code}")
        if not args.no_peer:
            exe = peer()
            base = [str(exe), "-t", str(reps), "-r", str(rel.parent), "-e", "txt", "-f", "-a",
                    "-O", str(folder / "peer.html")]
            # As it runs by default (pairs over 33% copied in its report), and with "-d 0",
            # every pair with anything in common highlighted in the report (its "-d" mode).
            for label, extra in (("-f", []), ("-f -d 0", ["-d", "0"])):
                p_secs, p_mb, p_code = run(base + extra, folder)
                print(f"copydetect 0.5.0 {label:8s}{p_secs:6.2f} s  {p_mb:6.0f} MB  exit {p_code}")
                print(f"ratio concord / copydetect {label}: {secs / p_secs:.2f}")
        if args.profile:
            from core.compare import compare

            docs = [load_document(f) for f in [str(rel), *files]]
            prof = cProfile.Profile()
            prof.enable()
            compare(docs[0], docs[1:])
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
