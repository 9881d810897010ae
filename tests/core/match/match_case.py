"""The release-assignment case for ``concord match``, read from ``../shared`` and ``sample_docs``.

Releases: the seed release (``002``) and the sample release (``sample_docs/release.pdf``), plus,
in the full case, the readable official PDFs of ``../shared/corpus/pdfs`` as releases no
article uses. Articles: the four seed reports (``000`` and ``001`` derive from ``002``; ``003``,
a report on a meeting before the release, and ``004``, two years later, are on the same topic
and derive from nothing, as ``tests/gold/seeds_extra_gold.json`` and the seed manifest say),
the five sample reports (four derive from the sample release, ``report_unrelated`` from
nothing) and the shared news pages (52 trafilatura and 21 readability pages, which derive from
none of the releases). Nothing is copied: every file is read where it is.
Used by ``test_match.py`` and ``bench/bench_match.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.documents import Document, LoadError, load_document

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SAMPLE = ROOT / "sample_docs"
SEED_RELEASE = SEEDS / "002_27eb931e9716d1e9.txt"
SAMPLE_RELEASE = SAMPLE / "release.pdf"

#: Article file -> the release files it derives from (absent: none).
GOLD: dict[Path, set[Path]] = {
    SEEDS / "000_d7b0eaf045d8ede4.txt": {SEED_RELEASE},
    SEEDS / "001_bcbaab6fdc511440.txt": {SEED_RELEASE},
    SAMPLE / "report_wire.txt": {SAMPLE_RELEASE},
    SAMPLE / "report_daily.html": {SAMPLE_RELEASE},
    SAMPLE / "report_regional.docx": {SAMPLE_RELEASE},
    SAMPLE / "report_critic.pdf": {SAMPLE_RELEASE},
}
NEGATIVE_CONTROLS = (
    SEEDS / "003_2b3c06040c50ddb9.txt",
    SEEDS / "004_e51375bab7781170.txt",
    SAMPLE / "report_unrelated.txt",
)


@dataclass(frozen=True)
class Case:
    releases: list[Document]
    articles: list[Document]
    #: (article path, release path) pairs that are true derivations.
    gold: set[tuple[str, str]]


def news_pages(limit: int | None = None) -> list[Path]:
    pages = sorted((SHARED / "corpus" / "html" / "trafilatura" / "pages").glob("*.html"))
    pages += sorted((SHARED / "corpus" / "html" / "readability").glob("*/source.html"))
    return pages[:limit] if limit is not None else pages


def distractor_pdfs() -> list[Path]:
    return sorted((SHARED / "corpus" / "pdfs").glob("*.pdf"))


def _load(paths: Sequence[Path]) -> list[Document]:
    docs = []
    for path in paths:
        try:
            doc = load_document(path)
        except LoadError:  # the PDF corpus holds encrypted, scanned and damaged files on purpose
            continue
        if len(doc.text.split()) >= 50:
            docs.append(doc)
    return docs


def build(news_limit: int | None = None, distractors: bool = True) -> Case:
    """The case; ``news_limit`` and ``distractors=False`` make the small one tests use."""
    releases = _load([SEED_RELEASE, SAMPLE_RELEASE])
    if distractors:
        releases += _load(distractor_pdfs())
    articles = _load([*GOLD, *NEGATIVE_CONTROLS, *news_pages(news_limit)])
    gold = {(str(a), str(r)) for a, rs in GOLD.items() for r in rs}
    return Case(releases, articles, gold)


def score(case: Case, predicted: set[tuple[str, str]]) -> tuple[float, float]:
    """Precision and recall of ``predicted`` (article path, release path) pairs."""
    hit = len(predicted & case.gold)
    precision = hit / len(predicted) if predicted else 1.0
    recall = hit / len(case.gold) if case.gold else 1.0
    return precision, recall
