"""``core.match`` and ``concord match``: release assignment on real text, candidates by LSH."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.documents import load_document
from core.match import CandidateIndex, match_articles
from tests.core.match.match_case import (
    GOLD,
    NEGATIVE_CONTROLS,
    SAMPLE,
    SAMPLE_RELEASE,
    SEED_RELEASE,
    SEEDS,
    build,
    score,
)

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared seed corpus not available")


def test_articles_are_assigned_to_the_releases_they_derive_from() -> None:
    case = build(news_limit=12, distractors=False)
    assert len(case.articles) == len(GOLD) + len(NEGATIVE_CONTROLS) + 12
    matches = match_articles(case.releases, case.articles)
    predicted = {
        (case.articles[m.article].path, case.releases[d.release].path)
        for m in matches for d in m.derives_from
    }
    assert score(case, predicted) == (1.0, 1.0)
    for m in matches:
        for d in m.derives_from:
            assert 0.02 <= d.derived_share <= 1 and d.links >= 2
    wire = next(m for m in matches if case.articles[m.article].name == "report_wire.txt")
    assert wire.derives_from[0].derived_share > 0.5  # a wire copy is mostly the release


def test_the_index_keeps_unrelated_pairs_away_from_the_aligner() -> None:
    case = build(news_limit=12, distractors=False)
    index = CandidateIndex(case.releases)
    candidates = {a.path: index.candidates(a) for a in case.articles}
    # Every true derivation is a candidate ...
    for article, releases in GOLD.items():
        assert {case.releases[r].path for r in candidates[str(article)]} == {
            str(r) for r in releases}
    # ... and most article-release pairs never reach the aligner.
    aligned = sum(len(c) for c in candidates.values())
    assert aligned <= len(case.articles) * len(case.releases) // 4


def test_a_release_found_among_unrelated_ones() -> None:
    # The seed report against the seed release hidden among the sample release and a copy of
    # it: only the seed release is a candidate, and it is the one assigned.
    releases = [load_document(p) for p in (SAMPLE_RELEASE, SAMPLE / "release.docx", SEED_RELEASE)]
    article = load_document(SEEDS / "001_bcbaab6fdc511440.txt")
    (m,) = match_articles(releases, [article])
    assert m.candidates == (2,)
    assert [d.release for d in m.derives_from] == [2]


def test_match_command(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    # The command reads folders; links stand in for copies, so no shared text is copied.
    for src in (SEEDS / "000_d7b0eaf045d8ede4.txt", SEEDS / "004_e51375bab7781170.txt",
                SAMPLE / "report_wire.txt"):
        (articles / src.name).symlink_to(src)
    out = tmp_path / "m.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "match", str(SEEDS / "002_27eb931e9716d1e9.txt"),
         str(articles), "--json", str(out), "--quiet"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "1 of 3 articles derive from a release" in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    by_name = {Path(a["article"]).name: a for a in data["articles"]}
    assert [Path(d["release"]).name for d in by_name["000_d7b0eaf045d8ede4.txt"]["derives_from"]
            ] == ["002_27eb931e9716d1e9.txt"]
    assert by_name["004_e51375bab7781170.txt"]["derives_from"] == []
    assert by_name["report_wire.txt"]["candidates"] == []  # another topic: never aligned


def test_match_bad_input_is_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "match", str(tmp_path / "none"), str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "no such file or folder" in proc.stderr


def test_a_one_sentence_article_finds_its_release_and_a_high_threshold_is_one_line(
    tmp_path: Path,
) -> None:
    from core.cli import run

    release = load_document(ROOT / "sample_docs" / "release.pdf")
    sentence = ("The Tidewater Defence Programme will build or repair flood walls, embankments "
                "and tidal barriers in 14 towns over the next five years.")
    item = tmp_path / "brief.txt"
    item.write_text(sentence + "\n", encoding="utf-8")
    index = CandidateIndex([release])
    assert index.candidates(load_document(item)) == [0]
    assert run(["match", str(ROOT / "sample_docs" / "release.pdf"), str(item),
                "--threshold", "0.99"]) == 2
