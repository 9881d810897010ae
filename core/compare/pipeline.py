"""Compare one release with press reports: links, additions, omissions, quotes, figures, shifts.

``compare`` is the engine's entry point for the window and the CLI. The release is segmented and
indexed once (``prepare_release``), for alignment and for quote and figure judging alike, and
reused for every report (``compare_one``), so the cost is linear in the number of reports.
Cancellation is polled between and inside reports; a cancelled run returns the comparisons
finished so far with state CANCELLED. Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from core.align import (
    MEANING_FEATURE,
    ReleaseIndex,
    align_report,
    readable,
    same_meaning,
    segment,
    word_diff,
)
from core.documents import (
    Document,
    LoadError,
    LoadErrorKind,
    Progress,
    ShouldCancel,
    Span,
    never_cancel,
    no_progress,
    paused_gc,
)
from core.judge import JudgeContext, prepare_judges
from core.results import (
    CompareOptions,
    CompareResult,
    Comparison,
    Figure,
    FigureVerdict,
    Link,
    LinkKind,
    Quote,
    QuoteVerdict,
    ReportStats,
    RunState,
    Sentence,
)
from core.shifts import detect_shifts

DEFAULT_OPTIONS = CompareOptions()


class CompareCancelled(Exception):
    """Raised inside a comparison when ``should_cancel()`` turned True."""


@dataclass(frozen=True)
class PreparedRelease:
    """The release segmented and indexed once, reusable for any number of reports."""

    document: Document
    sentences: tuple[Sentence, ...]
    index: ReleaseIndex
    #: The release side of quote and figure judging (built here when not given).
    judges: JudgeContext | None = None
    #: Per paragraph: (first sentence, end sentence, its runs when nothing is linked). A long
    #: release's omissions are mostly these runs, the same for every report (``_omitted``).
    paragraph_runs: tuple[tuple[int, int, tuple[Span, ...]], ...] | None = None
    bounds: SentenceSpans | None = None


def check_document(doc: Document, options: CompareOptions) -> None:
    """Refuse a document that cannot be compared, with one clear line naming it."""
    if not doc.text.strip():
        raise LoadError(LoadErrorKind.EMPTY, doc.path, "the document contains no text to compare")
    if len(doc.text) > options.max_chars:
        raise LoadError(
            LoadErrorKind.TOO_LARGE,
            doc.path,
            f"the text is too long to compare ({len(doc.text):,} characters; "
            f"the limit is {options.max_chars:,})",
        )


def sentences_of(doc: Document) -> tuple[Sentence, ...]:
    return segment(doc.text, doc.paragraphs or (Span(0, len(doc.text)),), doc.furniture)


#: ``compare(official, reports, options, should_cancel, progress)``: ``compare`` itself, or
#: a stand-in with its signature (the window's child-process comparer, a test's fake).
CompareFn = Callable[
    [Document, Sequence[Document], CompareOptions, ShouldCancel, Progress], CompareResult
]


def prepare_release(
    official: Document, options: CompareOptions = DEFAULT_OPTIONS
) -> PreparedRelease:
    """The release analysed once for all its reports (sentences, index, judges' context)."""
    with paused_gc():  # a burst of acyclic allocation (see ``paused_gc``)
        return _prepare_release(official, options)


def _prepare_release(official: Document, options: CompareOptions) -> PreparedRelease:
    check_document(official, options)
    sentences = sentences_of(official)
    return PreparedRelease(
        official,
        sentences,
        ReleaseIndex.build(official, sentences),
        prepare_judges(official, sentences),
        _paragraph_runs(sentences),
        SentenceSpans.of(sentences),
    )


def begin(
    official: Document,
    reports: Sequence[Document],
    options: CompareOptions,
    progress: Progress,
) -> PreparedRelease:
    """Check every document, then prepare the release once: the start of any comparison run."""
    for doc in (official, *reports):
        check_document(doc, options)
    progress(0, len(reports), "Reading the release")
    return prepare_release(official, options)


def compare(
    official: Document,
    reports: Sequence[Document],
    options: CompareOptions = DEFAULT_OPTIONS,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
) -> CompareResult:
    """Compare ``official`` with each report; ``comparisons[i]`` is about ``reports[i]``."""
    prepared = begin(official, reports, options, progress)
    documents, total = (official, *reports), len(reports)
    done: list[Comparison] = []
    for i, report in enumerate(reports):
        if should_cancel():
            return CompareResult(documents, tuple(done), RunState.CANCELLED)
        progress(i, total, f"Comparing {report.name}")
        try:
            done.append(compare_one(prepared, report, i + 1, options, should_cancel))
        except CompareCancelled:
            return CompareResult(documents, tuple(done), RunState.CANCELLED)
    progress(total, total, "Done")
    return CompareResult(documents, tuple(done), RunState.COMPLETED)


def compare_one(
    prepared: PreparedRelease,
    report: Document,
    report_index: int,
    options: CompareOptions = DEFAULT_OPTIONS,
    should_cancel: ShouldCancel = never_cancel,
) -> Comparison:
    """One report against a prepared release; raises ``CompareCancelled`` when cancelled."""
    with paused_gc():  # a burst of acyclic allocation (see ``paused_gc``)
        return _compare_one(prepared, report, report_index, options, should_cancel)


def _compare_one(
    prepared: PreparedRelease,
    report: Document,
    report_index: int,
    options: CompareOptions,
    should_cancel: ShouldCancel,
) -> Comparison:
    check_document(report, options)
    official = prepared.document
    r_sents = sentences_of(report)
    links = align_report(prepared.index, report, r_sents, options, should_cancel)
    if links is None:
        raise CompareCancelled()
    links = _with_diffs(official, report, links, options, should_cancel)
    if options.meaning:
        links = _with_meaning(official, report, links, should_cancel)
    judges = prepared.judges
    if judges is None:  # a PreparedRelease built by hand, without the judges' side
        judges = prepare_judges(official, prepared.sentences)
    quotes: tuple[Quote, ...] = _judge_quotes(
        official, report, links, prepared.sentences, options, should_cancel, prepared=judges
    )
    if should_cancel():
        raise CompareCancelled()
    figures: tuple[Figure, ...] = _judge_figures(
        official, report, links, prepared.sentences, r_sents, prepared=judges
    )
    added = _runs(r_sents, {link.report for link in links})
    omitted = _omitted(prepared, {link.official for link in links})
    stats = _stats(prepared.sentences, r_sents, links, quotes, figures, len(added), len(omitted),
                   prepared.bounds)
    shifts = detect_shifts(official, report, links, quotes, figures,
                           story_start=_story_start(prepared, links))
    return Comparison(
        official_index=0,
        report_index=report_index,
        links=links,
        added=added,
        omitted=omitted,
        quotes=quotes,
        figures=figures,
        stats=stats,
        official_sentences=prepared.sentences,
        report_sentences=r_sents,
        shifts=shifts,
    )


def _with_diffs(
    official: Document,
    report: Document,
    links: Sequence[Link],
    options: CompareOptions,
    should_cancel: ShouldCancel,
) -> tuple[Link, ...]:
    out = []
    for i, link in enumerate(links):
        if i % 16 == 0 and should_cancel():
            raise CompareCancelled()
        o_text = official.text[link.official.start : link.official.end]
        r_text = report.text[link.report.start : link.report.end]
        out.append(replace(link, diff=word_diff(o_text, r_text, options.diff_timeout)))
    return tuple(out)


def _with_meaning(
    official: Document, report: Document, links: Sequence[Link], should_cancel: ShouldCancel
) -> tuple[Link, ...]:
    """Paraphrase links with the meaning model's probability among their evidence features.

    Verbatim links say the same by definition and are not asked, nor is a clause link the
    model made (its answer is there already), nor a pair in a script it cannot read.
    """
    asked: list[int] = []
    pairs: list[tuple[str, str]] = []
    for i, link in enumerate(links):
        if link.kind is not LinkKind.PARAPHRASE or MEANING_FEATURE in dict(link.evidence.features):
            continue
        pair = (report.text[link.report.start : link.report.end],
                official.text[link.official.start : link.official.end])
        if readable(pair[0]) and readable(pair[1]):
            asked.append(i)
            pairs.append(pair)
    probs = same_meaning(pairs, should_cancel)
    if probs is None:
        raise CompareCancelled()
    out = list(links)
    for i, p in zip(asked, probs, strict=True):
        ev = out[i].evidence
        features = (*ev.features, (MEANING_FEATURE, round(p, 4)))
        out[i] = replace(out[i], evidence=replace(ev, features=features))
    return tuple(out)


def _runs(sentences: Sequence[Sentence], linked: set[Span]) -> tuple[Span, ...]:
    """Runs of non-furniture sentences that no link touches, one paragraph at most each.

    Furniture and paragraph breaks end a run: a reviewer judges an addition or omission passage
    by passage, and one finding spanning a whole unrelated article says nothing.
    """
    runs: list[Span] = []
    start = end = -1
    paragraph = -1
    # Links join whole sentences or clauses of them: a sentence any link touches is not part of
    # a run. Sentences are in order and do not overlap, so one sweep over the link spans sorted
    # by start, keeping the furthest end seen, decides each in turn.
    spans = sorted(linked, key=lambda x: (x.start, x.end))
    j, reach = 0, -1
    for s in sentences:
        while j < len(spans) and spans[j].start < s.span.end:
            reach = max(reach, spans[j].end)
            j += 1
        is_linked = reach > s.span.start
        if s.furniture or is_linked or (start >= 0 and s.paragraph != paragraph):
            if start >= 0:
                runs.append(Span(start, end))
            start = -1
            if s.furniture or is_linked:
                continue
        if start < 0:
            start = s.span.start
            paragraph = s.paragraph
        end = s.span.end
    if start >= 0:
        runs.append(Span(start, end))
    return tuple(runs)


def _paragraph_runs(
    sentences: Sequence[Sentence],
) -> tuple[tuple[int, int, tuple[Span, ...]], ...]:
    out = []
    start = 0
    for i in range(1, len(sentences) + 1):
        if i == len(sentences) or sentences[i].paragraph != sentences[start].paragraph:
            out.append((start, i, _runs(sentences[start:i], set())))
            start = i
    return tuple(out)


def _omitted(prepared: PreparedRelease, linked: set[Span]) -> tuple[Span, ...]:
    """``_runs`` of the release's sentences: paragraphs no link touches keep the runs worked
    out once per release, only the few that links touch are worked out again. Runs never cross
    a paragraph break, so this is exactly ``_runs(prepared.sentences, linked)``."""
    sentences, by_paragraph = prepared.sentences, prepared.paragraph_runs
    if by_paragraph is None:
        return _runs(sentences, linked)
    starts = [p[0] for p in by_paragraph]
    touched: set[int] = set()
    for span in linked:
        at = bisect.bisect_right(sentences, span.start, key=lambda x: x.span.start) - 1
        k = max(0, bisect.bisect_right(starts, max(0, at)) - 1)
        while k < len(by_paragraph):
            first, end, _ = by_paragraph[k]
            if sentences[first].span.start >= span.end:
                break
            if sentences[end - 1].span.end > span.start:
                touched.add(k)
            k += 1
    out: list[Span] = []
    for k, (first, end, runs) in enumerate(by_paragraph):
        out.extend(_runs(sentences[first:end], linked) if k in touched else runs)
    return tuple(out)


@dataclass(frozen=True)
class SentenceSpans:
    """Sentence bounds in order, for summing the characters a set of spans covers."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    #: False for furniture, which statistics leave out.
    counted: tuple[bool, ...]
    total: int

    @classmethod
    def of(cls, sentences: Sequence[Sentence]) -> SentenceSpans:
        return cls(tuple(s.span.start for s in sentences), tuple(s.span.end for s in sentences),
                   tuple(not s.furniture for s in sentences),
                   sum(len(s.span) for s in sentences if not s.furniture))


def _covered_chars(
    sentences: Sequence[Sentence], spans: set[Span], bounds: SentenceSpans | None = None
) -> tuple[int, int]:
    """(characters of non-furniture sentences inside ``spans``, all non-furniture chars).

    A clause-level link counts its own characters, a whole-sentence link the whole sentence.
    Only the sentences under the spans are visited (``bounds``, worked out once per release),
    so a long release costs no more per report than a short one.
    """
    b = bounds or SentenceSpans.of(sentences)
    merged: list[list[int]] = []
    for x in sorted(spans, key=lambda x: (x.start, x.end)):
        if merged and x.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x.end)
        else:
            merged.append([x.start, x.end])
    hit = 0
    for start, end in merged:
        i = bisect.bisect_right(b.ends, start)  # the first sentence ending after ``start``
        while i < len(b.starts) and b.starts[i] < end:
            if b.counted[i]:
                hit += max(0, min(end, b.ends[i]) - max(start, b.starts[i]))
            i += 1
    return hit, b.total


def _story_start(prepared: PreparedRelease, links: Sequence[Link]) -> int:
    """Where the story the report tells starts in the release: the heading above its earliest
    linked passage (``ReleaseIndex.story_top``), not the document's first line, which inside a
    long document is some other text's."""
    if not links:
        return 0
    first = min(link.official.start for link in links)
    sentences = prepared.sentences
    at = bisect.bisect_right(sentences, first, key=lambda x: x.span.start) - 1
    return sentences[prepared.index.story_top(max(0, at))].span.start


def _stats(
    o_sents: Sequence[Sentence],
    r_sents: Sequence[Sentence],
    links: Sequence[Link],
    quotes: Sequence[Quote],
    figures: Sequence[Figure],
    additions: int,
    omissions: int,
    o_bounds: SentenceSpans | None = None,
) -> ReportStats:
    o_hit, o_total = _covered_chars(o_sents, {x.official for x in links}, o_bounds)
    r_hit, r_total = _covered_chars(r_sents, {x.report for x in links})
    v_hit, _ = _covered_chars(r_sents, {x.report for x in links if x.kind is LinkKind.VERBATIM})
    return ReportStats(
        release_coverage=round(o_hit / o_total, 4) if o_total else 0.0,
        derived_share=round(r_hit / r_total, 4) if r_total else 0.0,
        verbatim_share=round(v_hit / r_total, 4) if r_total else 0.0,
        altered_quotes=sum(1 for q in quotes if q.verdict is QuoteVerdict.ALTERED),
        changed_figures=sum(1 for f in figures if f.verdict is FigureVerdict.CHANGED),
        additions=additions,
        omissions=omissions,
    )


def _judge_quotes(
    official: Document,
    report: Document,
    links: Sequence[Link],
    o_sents: Sequence[Sentence],
    options: CompareOptions,
    should_cancel: ShouldCancel,
    prepared: JudgeContext | None = None,
) -> tuple[Quote, ...]:
    from core.judge import judge_quotes

    return judge_quotes(
        official, report, links, o_sents, options, should_cancel, prepared=prepared
    )


def _judge_figures(
    official: Document,
    report: Document,
    links: Sequence[Link],
    o_sents: Sequence[Sentence],
    r_sents: Sequence[Sentence],
    prepared: JudgeContext | None = None,
) -> tuple[Figure, ...]:
    from core.judge import judge_figures

    return judge_figures(official, report, links, o_sents, r_sents, prepared=prepared)
