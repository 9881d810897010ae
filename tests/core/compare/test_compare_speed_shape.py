"""The shape of compare()'s cost, without timing: the release is prepared once per run, and the
pruned searches of quote and figure judging give what a full scan of the release gives.

Brute-force references below are the plain scans the judges used before they were bounded;
the judges must agree with them exactly, on real text (the seed corpus in ``../shared``, the
sample scenario) and on a synthetic long release built from the seed sentences.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz

import core.judge.context as judge_context
from core.compare import compare, prepare_release
from core.compare.pipeline import sentences_of
from core.documents import Document, Span, load_document
from core.judge import JudgeContext, judge_figures, judge_quotes, prepare_judges
from core.judge.figures import _close_amount, comparable, same_value
from core.judge.quote_match import ReleaseIndex, Window, content_terms, words
from core.judge.quotes import (
    FEW_TERMS,
    LINK_BONUS,
    MIN_CONTENT_TERMS,
    MIN_COVERAGE,
    MIN_WORDING,
    MIN_WORDING_FEW,
    TOP_WINDOWS,
    _best_window,
    find_quotes,
)
from core.judge.release_figures import (
    CONTEXT_SENTENCES,
    MIN_CONTEXT_SHARE,
    MIN_CONTEXT_TERMS,
    STRONG_CONTEXT_SHARE,
    STRONG_CONTEXT_TERMS,
    ReleaseFigures,
)
from core.results.jsonio import document_from_text

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
SAMPLES = ROOT / "sample_docs"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared seed corpus not available")


def seed_docs() -> tuple[Document, list[Document]]:
    name = json.loads((SEEDS / "manifest.json").read_text())["official"]
    official = load_document(SEEDS / name)
    reports = [load_document(p) for p in sorted(SEEDS.glob("*.txt")) if p.name != name]
    return official, reports


def long_release(official: Document, reports: list[Document]) -> Document:
    """A release of every seed sentence, shuffled, in paragraphs: long and repetitive."""
    pool: list[str] = []
    for d in (official, *reports):
        pool += [d.text[s.span.start : s.span.end] for s in sentences_of(d) if not s.furniture]
    random.Random(3).shuffle(pool)
    paras = [" ".join(pool[i : i + 4]) for i in range(0, len(pool), 4)]
    return document_from_text("\n\n".join(paras), "long_release.txt")


# ---------------------------------------------------------------- prepared once


@needs_seeds
def test_release_is_indexed_once_per_compare_run(monkeypatch: pytest.MonkeyPatch) -> None:
    official, reports = seed_docs()
    built: list[str] = []
    figures_built: list[str] = []

    class CountingIndex(ReleaseIndex):
        def __init__(self, doc: Document, *args: object, **kwargs: object) -> None:
            built.append(doc.name)
            super().__init__(doc, *args, **kwargs)  # type: ignore[arg-type]

    real_figures = ReleaseFigures.__init__

    def counting_figures(self: ReleaseFigures, doc: Document, index: ReleaseIndex) -> None:
        figures_built.append(doc.name)
        real_figures(self, doc, index)

    monkeypatch.setattr(judge_context, "ReleaseIndex", CountingIndex)
    monkeypatch.setattr(ReleaseFigures, "__init__", counting_figures)
    result = compare(official, reports * 3)
    assert len(result.comparisons) == 3 * len(reports)
    assert built == [official.name]
    assert figures_built == [official.name]


@needs_seeds
def test_prepared_and_standalone_judging_agree() -> None:
    official, reports = seed_docs()
    prepared = prepare_release(official)
    assert prepared.judges is not None
    for report in reports:
        r_sents = sentences_of(report)
        comp = compare(official, [report]).comparisons[0]
        links = comp.links
        alone_q = judge_quotes(official, report, links, prepared.sentences)
        alone_f = judge_figures(official, report, links, prepared.sentences, r_sents)
        assert comp.quotes == alone_q
        assert comp.figures == alone_f
        assert judge_quotes(
            official, report, links, prepared.sentences, prepared=prepared.judges
        ) == alone_q


def test_prepared_context_for_another_release_is_refused() -> None:
    a = document_from_text("The council will spend £5m on roads.", "a.txt")
    b = document_from_text("The council will spend £6m on bridges.", "b.txt")
    context = prepare_judges(a)
    with pytest.raises(ValueError, match=r"a\.txt"):
        judge_quotes(b, b, (), (), prepared=context)
    with pytest.raises(ValueError, match=r"a\.txt"):
        judge_figures(b, b, (), (), (), prepared=context)


# ---------------------------------------------------------------- brute-force references


def context_by_scan(rel: ReleaseFigures, text: str) -> tuple[list[int], list[int]]:
    """Every candidate sentence and neighbour pair scored; the best three kept."""
    terms = {t for t in content_terms(text) if not any(c.isdigit() for c in t)}
    total = rel.index.weighted(terms) or 1.0
    st = rel.index.sentence_terms
    scored = []
    hits = rel.index.candidates(terms)
    for i in sorted(hits | {h - 1 for h in hits if h > 0}):
        for group in ((i,), (i, i + 1)):
            if group[-1] >= len(st) or not any(k in hits for k in group):
                continue
            shared = terms & frozenset().union(*(st[k] for k in group))
            weight, n = rel.index.weighted(shared), len(shared)
            share = weight / total
            if n >= MIN_CONTEXT_TERMS and share >= MIN_CONTEXT_SHARE:
                scored.append((share, n, -len(group), group))
    scored.sort(reverse=True)
    top = scored[:CONTEXT_SENTENCES]
    context = list(dict.fromkeys(i for *_, group in top for i in group))
    strong = list(dict.fromkeys(
        i for share, n, _, group in top
        if n >= STRONG_CONTEXT_TERMS and share >= STRONG_CONTEXT_SHARE for i in group
    ))
    return context, strong


def best_window_by_scan(index: ReleaseIndex, text: str, hints: list[Span]) -> Span | None:
    """The best of the top windows by wording, as ``_best_window`` chooses."""
    scored = windows_by_scan(index, text, hints)
    needle = " ".join(w.norm for w in words(text))
    few = len(set(content_terms(text))) <= FEW_TERMS
    best: tuple[float, int, Span] | None = None
    for coverage, w in scored[:TOP_WINDOWS]:
        wording = fuzz.partial_ratio(needle, " ".join(x.norm for x in words(index.slice(w.span))))
        if wording < (MIN_WORDING_FEW if few else MIN_WORDING):
            continue
        score = 0.6 * coverage + 0.4 * wording / 100
        if any(h.overlaps(w.span) for h in hints):
            score += LINK_BONUS
        size = w.last - w.first
        if best is None or score > best[0] + 0.02 or (score >= best[0] - 0.02 and size < best[1]):
            best = (score, size, w.span)
    return best[2] if best else None


def windows_by_scan(
    index: ReleaseIndex, text: str, hints: list[Span]
) -> list[tuple[float, Window]]:
    """Every window around a candidate sentence that passes the coverage gate, best first."""
    terms = set(content_terms(text))
    if len(terms) < MIN_CONTENT_TERMS:
        return []
    total = index.weighted(terms)
    hits = index.candidates(terms)
    hits |= {i for i, s in enumerate(index.sentences) if any(h.overlaps(s.span) for h in hints)}
    firsts = sorted({i - d for i in hits for d in range(3) if i >= d})
    scored = []
    for w in (w for first in firsts for w in index.windows_from(first)):
        if not any(j in hits for j in range(w.first, w.last + 1)):
            continue
        shared = terms & w.terms
        if len(shared) >= MIN_CONTENT_TERMS and index.weighted(shared) / total >= MIN_COVERAGE:
            scored.append((index.weighted(shared) / total, w))
    scored.sort(key=lambda cw: (-cw[0], cw[1].last - cw[1].first))
    return scored


def releases_and_texts() -> list[tuple[Document, list[str]]]:
    out = []
    if SEEDS.is_dir():
        official, reports = seed_docs()
        texts = [r.text[s.span.start : s.span.end] for r in reports for s in sentences_of(r)]
        texts += [q.text for r in reports for q in find_quotes(r.text)]
        out.append((official, texts))
        out.append((long_release(official, reports), texts))
    release = load_document(SAMPLES / "release.pdf")
    texts = []
    for p in sorted(SAMPLES.glob("report_*")):
        r = load_document(p)
        texts += [r.text[s.span.start : s.span.end] for s in sentences_of(r)]
        texts += [q.text for q in find_quotes(r.text)]
    out.append((release, texts))
    return out


@pytest.mark.parametrize("case", range(3))
def test_bounded_searches_equal_full_scans(case: int) -> None:
    cases = releases_and_texts()
    if case >= len(cases):
        pytest.skip("../shared seed corpus not available")
    release, texts = cases[case]
    context: JudgeContext = prepare_judges(release, sentences_of(release))
    rel = context.figures
    checked_windows = 0
    for k, text in enumerate(texts):
        assert rel.context(text) == context_by_scan(rel, text), text
        # Every fourth text also with a link hint on some release sentence.
        hints = [rel.index.sentences[k % len(rel.index.sentences)].span] if k % 4 == 0 else []
        expected = best_window_by_scan(context.index, text, hints)
        got = _best_window(context.index, text, hints)
        assert (got.span if got else None) == expected, text
        checked_windows += got is not None
    assert checked_windows > 0


@pytest.mark.parametrize("case", range(3))
def test_figure_lookups_find_every_release_source(case: int) -> None:
    cases = releases_and_texts()
    if case >= len(cases):
        pytest.skip("../shared seed corpus not available")
    release, texts = cases[case]
    rel = prepare_judges(release).figures
    every = [(i, j, g) for i, figs in enumerate(rel.by_sentence) for j, g in enumerate(figs)]
    from core.judge.figure_parse import find_figures

    figures = [f for text in texts for f in find_figures(text)]
    assert figures
    for f in figures:
        same = [(i, j) for i, j, g in every if same_value(f, g)]
        candidates = [(i, j) for i, j, _ in rel.same_value_candidates(f)]
        assert [c for c in candidates if c in set(same)] == same, f.text
        close = [
            (i, j) for i, j, g in every
            if f.kind in ("money", "count") and comparable(f, g) and _close_amount(f, g)
        ]
        found = [(i, j) for i, j, g in rel.close_candidates(f) if comparable(f, g)]
        assert [c for c in found if _close_amount(f, rel.by_sentence[c[0]][c[1]])] == close


def test_omissions_reuse_the_release_runs_and_equal_a_full_sweep() -> None:
    """``_omitted`` keeps each untouched paragraph's runs from the prepared release and works out
    only the paragraphs links touch; it must give exactly the full sweep's runs, for links that
    start or end mid-paragraph, span paragraphs, or sit in furniture."""
    from core.compare.pipeline import _omitted, _runs

    release = load_document(ROOT / "sample_docs" / "release.pdf")
    prepared = prepare_release(release)
    sents = prepared.sentences
    assert prepared.paragraph_runs is not None
    rng = random.Random(7)
    for _ in range(200):
        linked = set()
        for _ in range(rng.randint(0, 12)):
            a = rng.randrange(len(release.text))
            b = min(len(release.text), a + rng.randint(1, 600))
            linked.add(Span(a, b))
        linked |= {s.span for s in rng.sample(sents, rng.randint(0, 5))}
        assert _omitted(prepared, linked) == _runs(sents, linked)


def test_covered_characters_visit_only_the_spans_and_equal_a_full_sweep() -> None:
    """Coverage statistics sum the characters under the link spans through the sentence bounds
    worked out once per release; the sum equals the sentence-by-sentence sweep's."""
    from core.compare.pipeline import SentenceSpans, _covered_chars

    release = load_document(ROOT / "sample_docs" / "release.pdf")
    sents = prepare_release(release).sentences
    bounds = SentenceSpans.of(sents)

    def sweep(spans: set[Span]) -> tuple[int, int]:
        total = sum(len(s.span) for s in sents if not s.furniture)
        chars = set()
        for x in spans:
            chars.update(range(x.start, x.end))
        hit = sum(1 for s in sents if not s.furniture
                  for c in range(s.span.start, s.span.end) if c in chars)
        return hit, total

    rng = random.Random(11)
    for _ in range(100):
        spans = set()
        for _ in range(rng.randint(0, 10)):
            a = rng.randrange(len(release.text))
            spans.add(Span(a, min(len(release.text), a + rng.randint(0, 400))))
        assert _covered_chars(sents, spans, bounds) == sweep(spans)
