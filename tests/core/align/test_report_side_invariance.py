"""A link must not appear or vanish because other stories surround the report, or because the
report's text came from a tool that wraps lines.

A report often comes with text that is not the story: the other articles of a news page, a
digest, a feed saved as one file. Each seed report and each ``sample_docs/`` report is compared
alone and with twelve real news articles from ``../shared/corpus/html`` (extracted by Concord's
HTML loader) after it and before it. The links inside the report (its own spans, the release
words, kind) and its figure and quote verdicts must be the same, and no link may fall in the
other stories.

The same reports hard-wrapped at 78 columns, as a PDF-to-text tool or an e-mail gives them
(paragraphs apart by blank lines, or not, form feeds between pages), must keep their links.

Measured when this test was written (2026-12-06): the previous engine lost 44 of 804 links this
way over three paddings (report-side topic counts of common words such as "system", a copy test
gated on weights, and a report headline taken from the page's first line).
"""

from __future__ import annotations

import json
import random
import re
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.compare import compare
from core.documents import Document, LoadError, load_bytes, load_document
from core.results.jsonio import document_from_text
from tests.core.align.long_cases import SHARED

ROOT = Path(__file__).resolve().parents[3]
SEEDS = SHARED / "corpus" / "seeds"
HTML = SHARED / "corpus" / "html"

pytestmark = pytest.mark.skipif(
    not (SEEDS.is_dir() and HTML.is_dir()), reason=f"shared corpus not found at {SHARED}"
)

Key = tuple[int, int, str, str]


def _news(n: int, seed: int) -> str:
    """``n`` real news articles of at least 150 words, picked by a fixed seed."""
    pages = sorted(HTML.glob("trafilatura/pages/*.html")) + sorted(
        HTML.glob("readability/*/source.html")
    )
    texts = []
    for page in pages:
        try:
            text = load_document(page).text
        except LoadError:
            continue
        if len(text.split()) >= 150:
            texts.append(text)
    return "\n\n".join(random.Random(seed).sample(texts, n))


def _links(release: Document, report: Document, offset: int, length: int) -> tuple[set[Key], int]:
    """(links and figure and quote verdicts inside ``report.text[offset:offset + length]``
    shifted to 0, links outside)."""
    comp = compare(release, [report]).comparisons[0]
    inside: set[Key] = set()
    outside = 0
    for x in comp.links:
        if offset <= x.report.start < offset + length:
            words = release.text[x.official.start : x.official.end]
            inside.add((x.report.start - offset, x.report.end - offset, words, x.kind.value))
        else:
            outside += 1
    for f in (*comp.figures, *comp.quotes):
        if offset <= f.report.start < offset + length:
            what = "figure" if f in comp.figures else "quote"
            inside.add((f.report.start - offset, f.report.end - offset, what, f.verdict.value))
    return inside, outside


def _scenario(name: str) -> tuple[Document, list[Document]]:
    if name == "seeds":
        official = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))["official"]
        reports = sorted(p for p in SEEDS.glob("*.txt") if p.name != official)
        return load_document(SEEDS / official), [load_document(p) for p in reports]
    reports = sorted((ROOT / "sample_docs").glob("report_*"))
    return load_document(ROOT / "sample_docs" / "release.pdf"), [load_document(p) for p in reports]


@pytest.mark.parametrize("scenario", ["seeds", "sample_docs"])
def test_links_do_not_depend_on_what_surrounds_the_report(scenario: str) -> None:
    release, reports = _scenario(scenario)
    news = _news(12, seed=1)
    assert len(news.split()) >= 5_000
    kept = 0
    for report in reports:
        text = report.text
        base, _ = _links(release, document_from_text(text, report.name), 0, len(text))
        for label, padded, offset in (
            ("after", text + "\n\n" + news, 0),
            ("before", news + "\n\n" + text, len(news) + 2),
        ):
            got, stray = _links(release, document_from_text(padded, report.name), offset, len(text))
            assert got == base, (label, report.name, sorted(base - got), sorted(got - base))
            assert stray == 0, (label, report.name)
        kept += len(base)
    # Not vacuous: the scenario has links to keep.
    assert kept >= (8 if scenario == "seeds" else 60)


def _wrapped(text: str, blank: bool, form_feeds: bool) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    out = ("\n\n" if blank else "\n").join(textwrap.fill(p, 78) for p in paragraphs)
    if form_feeds:  # a page break every 45 lines
        lines = out.split("\n")
        out = "\n".join(x + ("\f" if i % 45 == 44 else "") for i, x in enumerate(lines))
    return out


Linked = set[tuple[str, str, str]]


def _by_words(release: Document, report: Document) -> Linked:
    comp = compare(release, [report]).comparisons[0]
    return {
        (
            " ".join(report.text[x.report.start : x.report.end].split()),
            " ".join(release.text[x.official.start : x.official.end].split()),
            x.kind.value,
        )
        for x in comp.links
    }


def _retyped(retype: Callable[[str], str]) -> Iterator[tuple[str, Linked, Linked]]:
    """(report name, links of the report, links of its text retyped), for every seed and
    sample report, each read through the TXT loader as a user's .txt file is."""
    for scenario in ("seeds", "sample_docs"):
        release, reports = _scenario(scenario)
        for report in reports:
            base = _by_words(release, load_bytes(report.text.encode(), "report.txt"))
            got = _by_words(release, load_bytes(retype(report.text).encode(), "report.txt"))
            yield report.name, base, got


@pytest.mark.parametrize(
    ("blank", "form_feeds"), [(True, False), (False, False), (False, True)],
    ids=["paragraphs", "no-blank-lines", "no-blank-lines-form-feeds"],
)
def test_a_hard_wrapped_report_keeps_its_links(blank: bool, form_feeds: bool) -> None:
    lost: list[tuple[str, str]] = []
    kept = 0
    for name, base, got in _retyped(lambda text: _wrapped(text, blank, form_feeds)):
        # Compared by the release passages used: a wrapped unit may end a word sooner.
        before, after = {o for _, o, _ in base}, {o for _, o, _ in got}
        assert after <= before, (name, sorted(after - before))  # nothing new
        lost += [(name, o[:40]) for o in before - after]
        kept += len(before)
    # Measured 2026-12-06: with blank lines nothing changes; without them, seed report 001
    # loses one link of its photo captions (a caption with no full stop wrapped onto a line
    # of its own runs into the caption before it: too long to match). The loader used to
    # cut every line of such a block into its own paragraph: 5 lost, 4 gained of 136.
    assert len(lost) <= (0 if blank else 1), lost
    assert kept >= 100


def test_a_report_on_one_line_keeps_most_of_its_links() -> None:
    """A feed gives an article as one line: headline, byline and first sentence run together.

    Measured 2026-12-06 over the seed and sample reports (139 links, 126 release passages):
    before the segmenter cut one-line text where its lines began ("... international law More
    than 1,000 ...", "By Nell Garrard The programme ..."), 14 links lost their exact report
    span and 4 passages were lost; now 11 and 2. What is left are headlines and captions that
    run into a sentence with no sign of the new line ("... during his visit to Rwanda today Mr
    Jenrick lashed out ..."): their link mostly survives, spanning both.
    """
    lost_spans: list[tuple[str, str]] = []
    lost: list[tuple[str, str]] = []
    gained: list[tuple[str, str]] = []
    kept = 0
    for name, base, got in _retyped(lambda text: " ".join(text.split())):
        spans_after = {(r, o) for r, o, _ in got}
        lost_spans += [(name, r[:40]) for r, o, _ in base if (r, o) not in spans_after]
        before, after = {o for _, o, _ in base}, {o for _, o, _ in got}
        lost += [(name, o[:40]) for o in before - after]
        gained += [(name, o[:40]) for o in after - before]
        kept += len(before)
    assert not gained, gained
    assert len(lost) <= 2, lost
    assert len(lost_spans) <= 11, lost_spans
    assert kept >= 100
