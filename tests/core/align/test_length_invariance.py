"""A link must not appear or vanish because unrelated pages surround its source.

Each seed report and each ``sample_docs/`` report is compared with its release alone and with
the same release inside 40,000+ words of other official text (``long_cases``): through
Concord's PDF loader and as plainly extracted text with hard line breaks and form feeds, the
release at the start, in the middle and at the end. The links (report span, release words,
kind, moved) must be the same in all seven, and so must every figure and quote verdict and
every meaning shift.
"""

from __future__ import annotations

import pytest

from core.compare import compare
from tests.core.align import long_cases
from tests.core.align.long_cases import (
    SEEDS,
    SHARED,
    VerdictKey,
    available,
    cases,
    link_set,
    link_words,
    padding_words,
    scenario,
    verdict_set,
)

pytestmark = pytest.mark.skipif(
    not (available() and SEEDS.is_dir()), reason=f"shared corpus not found at {SHARED}"
)


def test_the_padding_is_long_real_text() -> None:
    for mode in ("concord", "plain"):
        assert padding_words(mode) >= 40_000, mode


@pytest.mark.parametrize("name", ["seeds", "sample_docs"])
def test_links_do_not_depend_on_what_surrounds_the_release(name: str) -> None:
    release, reports = scenario(name)
    checked = 0
    baselines: dict[str, list[set[tuple[int, int, str, str, bool]]]] = {}
    verdicts: dict[str, list[set[VerdictKey]]] = {}
    for label, alone, long_doc in cases(release):
        mode = label.split("/")[0]
        if mode not in baselines:
            result = compare(alone, reports)
            baselines[mode] = [link_set(alone, c) for c in result.comparisons]
            verdicts[mode] = [verdict_set(c) for c in result.comparisons]
        inside = compare(long_doc, reports)
        for report, base, comp, judged in zip(
            reports, baselines[mode], inside.comparisons, verdicts[mode], strict=True
        ):
            got = link_set(long_doc, comp)
            assert got == base, (label, report.name, sorted(base - got), sorted(got - base))
            # Figure and quote verdicts and shifts too: "37 %" in some table of the padding
            # once turned a report's changed "37 per cent" into a match, and the rows of a
            # table just before the release were once read as its headline (and issuer).
            now = verdict_set(comp)
            assert now == judged, (label, report.name, sorted(judged - now), sorted(now - judged))
            checked += 1
    assert checked == 6 * len(reports)
    # Not vacuous: the scenario has links to keep.
    assert sum(len(b) for b in baselines["concord"]) >= (5 if name == "seeds" else 40)


@pytest.mark.parametrize("name", ["seeds", "sample_docs"])
def test_a_hard_wrapped_release_reads_as_the_same_release(name: str) -> None:
    """The release as paragraphs and as a PDF-to-text tool gives it (a line break every 78
    columns): the same links, verdicts and shifts. A line break inside a paragraph once cut
    the shifts' clauses ("up to 5 years" read as an added hedge) and the issuer's name."""
    release, reports = scenario(name)
    paragraphs = long_cases.alone(release, "concord")
    wrapped = long_cases.alone(release, "plain")
    for report, a, b in zip(
        reports,
        compare(paragraphs, reports).comparisons,
        compare(wrapped, reports).comparisons,
        strict=True,
    ):
        assert link_words(paragraphs, a) == link_words(wrapped, b), report.name
        assert verdict_set(a) == verdict_set(b), (report.name, verdict_set(a) ^ verdict_set(b))
