"""Run mutated inputs through Concord in a child process, with a time and a memory limit.

``cases(n, seed)`` draws ``n`` reproducible cases (format, source file, mutator, seed) from the
real files in ``../shared/corpus`` and ``sample_docs/`` and a session file made from the
sample documents. ``Fuzzer`` sends each case to a worker process that loads it (``load_bytes``;
for a ``.concord`` file, ``Session.open`` and ``Session.open_snapshot`` and reading every
document and annotation) and, for every fifth document that loads, runs the whole ``compare``
with it as release and as report. Each case ends as one of:

- ``document``: a valid document or session;
- ``error``: Concord's own error type (``LoadError``, ``SessionError``) with a message;
- ``crash``: any other exception (its type, message and the frame that raised it);
- ``hang``: no answer within ``TIME_LIMIT`` seconds (the worker is killed and replaced);
- ``memory``: the worker's peak resident memory passed ``MEMORY_LIMIT_MB``.

Used by ``tests/fuzz/test_fuzz.py`` (a fixed-seed sample and the kept regression inputs) and
``bench/bench_fuzz.py`` (10,000 cases and more).
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing as mp
import random
import resource
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from tests.fuzz.mutate import MUTATORS

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
CASES_DIR = Path(__file__).resolve().parent / "cases"
TIME_LIMIT = 10.0
MEMORY_LIMIT_MB = 1024
#: Address space the worker may map at most: a runaway allocation fails instead of the machine.
ADDRESS_LIMIT = 6 * 1024**3
COMPARE_EVERY = 5


@dataclass(frozen=True)
class Case:
    source: str  # path of the original file
    mutator: str
    seed: int

    @property
    def suffix(self) -> str:
        return Path(self.source).suffix.lower()

    def data(self) -> bytes:
        original = Path(self.source).read_bytes()
        rng = random.Random(self.seed)
        fn = next(m for m in MUTATORS[self.suffix] if m.__name__ == self.mutator)
        return fn(original, rng)


@dataclass(frozen=True)
class Outcome:
    case: Case | None
    name: str
    kind: str
    detail: str
    seconds: float


def corpus(session_file: Path | None = None) -> dict[str, list[Path]]:
    """Real files to mutate, by suffix."""
    found: dict[str, list[Path]] = {}
    roots = [SHARED / "pdfs", SHARED / "docx", SHARED / "html", SHARED / "seeds",
             ROOT / "sample_docs"]
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix.lower() in MUTATORS and path.suffix != ".concord":
                found.setdefault(path.suffix.lower(), []).append(path)
    if session_file is not None:
        found[".concord"] = [session_file]
    return found


def cases(n: int, seed: int, files: dict[str, list[Path]]) -> list[Case]:
    """``n`` reproducible cases, formats in turn so each gets its share."""
    rng = random.Random(seed)
    formats = sorted(files)
    out = []
    for i in range(n):
        suffix = formats[i % len(formats)]
        source = rng.choice(files[suffix])
        mutator = rng.choice(MUTATORS[suffix]).__name__
        out.append(Case(str(source), mutator, rng.randrange(2**32)))
    return out


def make_session(folder: Path) -> Path:
    """A session file with the sample documents, their comparison and two annotations."""
    from core.anchoring import describe
    from core.compare import compare
    from core.documents import Span, load_document
    from core.store import Session, save_result_to_session

    docs = sorted((ROOT / "sample_docs").glob("report_*"))[:2]
    release = load_document(ROOT / "sample_docs" / "release.docx")
    reports = [load_document(p) for p in docs]
    path = folder / "fuzz.concord"
    save_result_to_session(compare(release, reports), path)
    session = Session.open(path)
    try:
        doc = reports[0]
        for i, (a, b) in enumerate(((0, 40), (50, 120))):
            session.add_annotation(
                (describe(doc.text, Span(a, b), doc.sha256),), note=f"n{i}", tags=("misquote",)
            )
    finally:
        session.close()
    return path


# --------------------------------------------------------------------------- the worker


def _target(name: str, data: bytes, do_compare: bool, scratch: Path) -> str:
    from core.compare import compare
    from core.documents import LoadError, load_bytes, load_document
    from core.store import Session, SessionError

    if name.endswith(".concord"):
        path = scratch / "case.concord"
        for extra in ("-wal", "-shm", "-journal"):
            Path(str(path) + extra).unlink(missing_ok=True)
        path.write_bytes(data)
        try:
            for opener in (Session.open_snapshot, Session.open):
                session = opener(path)
                try:
                    for stored in session.documents():
                        _ = stored.document.text
                    session.annotations()
                finally:
                    session.close()
        except SessionError as exc:
            if not str(exc).strip():
                raise AssertionError("SessionError without a message") from exc
            return "error"
        return "document"
    try:
        doc = load_bytes(data, name)
    except LoadError as exc:
        if not str(exc).strip():
            raise AssertionError("LoadError without a message") from exc
        return "error"
    if do_compare and doc.text.strip() and len(doc.text) < 300_000:
        other = load_document(ROOT / "sample_docs" / "report_wire.txt")
        try:
            compare(doc, [other])
            compare(other, [doc])
        except LoadError as exc:  # compare refuses an unusable document the same way
            if not str(exc).strip():
                raise AssertionError("LoadError without a message") from exc
            return "error"
    return "document"


def _worker(conn: Connection) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = ADDRESS_LIMIT if hard == resource.RLIM_INFINITY else min(ADDRESS_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    with tempfile.TemporaryDirectory(prefix="concord-fuzz-") as tmp:
        scratch = Path(tmp)
        while True:
            try:
                msg = conn.recv()
            except EOFError:
                return
            if msg is None:
                return
            name, data, do_compare = msg
            try:
                kind, detail = _target(name, data, do_compare, scratch), ""
            except MemoryError:
                kind, detail = "memory", "MemoryError"
            except BaseException as exc:  # the point: anything that is not our error
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                kind = "crash"
                detail = (f"{type(exc).__name__}: {str(exc)[:200]} "
                          f"[{Path(frame.filename).name}:{frame.lineno} {frame.name}]")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            conn.send((kind, detail, peak))


class Fuzzer:
    """One worker process at a time, replaced after a hang or a memory overrun."""

    def __init__(self) -> None:
        self._ctx = mp.get_context("spawn")
        self._proc: mp.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._conn is None:
            parent, child = self._ctx.Pipe()
            proc = self._ctx.Process(target=_worker, args=(child,), daemon=True,
                                     name="concord-fuzz")
            proc.start()
            child.close()
            self._proc, self._conn = proc, parent
        return self._conn

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def run(self, name: str, data: bytes, do_compare: bool, case: Case | None = None) -> Outcome:
        conn = self._start()
        start = time.perf_counter()
        conn.send((name, data, do_compare))
        if not conn.poll(TIME_LIMIT):
            self._stop()
            return Outcome(case, name, "hang", f"no answer in {TIME_LIMIT:.0f} s",
                           time.perf_counter() - start)
        try:
            kind, detail, peak = conn.recv()
        except EOFError:
            self._stop()
            return Outcome(case, name, "crash", "the worker died (a signal in native code)",
                           time.perf_counter() - start)
        if peak > MEMORY_LIMIT_MB and kind != "memory":
            kind, detail = "memory", f"peak {peak:.0f} MB"
        if kind == "memory":
            self._stop()
        return Outcome(case, name, kind, detail, time.perf_counter() - start)

    def run_case(self, case: Case, index: int) -> Outcome:
        name = f"case{index}{case.suffix}"
        return self.run(name, case.data(), index % COMPARE_EVERY == 0, case)

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(None)
        self._stop()

    def __enter__(self) -> Fuzzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def keep(outcome: Outcome, data: bytes) -> Path:
    """Save a failing input under ``tests/fuzz/cases/`` for a regression test."""
    CASES_DIR.mkdir(exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:12]
    path = CASES_DIR / f"{outcome.kind}-{digest}{Path(outcome.name).suffix}"
    path.write_bytes(data)
    return path


def kept_cases() -> Iterator[Path]:
    if CASES_DIR.is_dir():
        yield from sorted(p for p in CASES_DIR.iterdir() if p.is_file())
