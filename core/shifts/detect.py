"""``detect_shifts``: every meaning shift of one comparison, from its links, quotes and figures.

Each link and each exact or altered quote is a pair of passages the cue rules (``passage.py``)
compare within their scope; figures give reference and share shifts (``figures.py``); quotes
also give truncations (``quotes.py``). One change is often seen twice (a quote inside a linked
sentence): a shift overlapping an earlier one of the same kind on both sides is dropped, and the
rest come back in report order. Page furniture is left out. Pure Python; must not import Qt or
``ui/``.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.documents import Document, Span
from core.results import Figure, Link, Quote, QuoteVerdict, Shift, ShiftKind
from core.shifts.figures import figure_shifts
from core.shifts.passage import Pair, Side, compare
from core.shifts.quotes import cut_short, joined_up
from core.shifts.speakers import issuer, normal_agent, speaker_context
from core.shifts.words import clause_around, content_stems, scope, words


def _side(doc: Document, span: Span, other: set[str],
          speaker: frozenset[str] | None = None) -> Side:
    inside, before, after = scope(doc.text, span, other)
    return Side(doc.text, inside, words(doc.text, span.start, span.end), speaker, before, after)


def _pair(official: Document, report: Document, o_span: Span, r_span: Span,
          who: frozenset[str], r_speaker: frozenset[str] | None = None) -> Pair:
    o_stems = content_stems(words(official.text, o_span.start, o_span.end))
    r_stems = content_stems(words(report.text, r_span.start, r_span.end))
    o = _side(official, o_span, r_stems, speaker_context(official, o_span))
    r = _side(report, r_span, o_stems, r_speaker)
    return Pair(o, r, who)


def _quote_pairs(
    official: Document, report: Document, q: Quote, who: frozenset[str]
) -> list[Shift]:
    if q.official is None:
        return []
    out = [s for s in (cut_short(report, official, q), joined_up(official, q)) if s is not None]
    if q.verdict is QuoteVerdict.ALTERED:
        speaker = normal_agent(q.speaker.lower().split()) if q.speaker else None
        source = clause_around(official.text, q.official)
        out += compare(_pair(official, report, source, q.report, who, speaker))
    return out


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _family(s: Shift) -> ShiftKind:
    """A quote cut before its "but only if" is a truncation; its link drops the same condition."""
    return ShiftKind.TRUNCATION if s.kind is ShiftKind.CONDITION else s.kind


def _unique(shifts: Sequence[Shift]) -> list[Shift]:
    kept: list[Shift] = []
    for s in shifts:
        # One change seen from a quote and from its linked sentence, or from two links of one
        # report sentence, is one shift.
        if any(_family(k) == _family(s) and _overlap(k.report, s.report)
               and (_overlap(k.official, s.official) or k.report == s.report) for k in kept):
            continue
        kept.append(s)
    return sorted(kept, key=lambda s: (s.report.start, s.report.end, s.kind.value))


def detect_shifts(
    official: Document,
    report: Document,
    links: Sequence[Link],
    quotes: Sequence[Quote],
    figures: Sequence[Figure],
    *,
    story_start: int = 0,
) -> tuple[Shift, ...]:
    """The meaning shifts of one report against the release, in report order.

    ``story_start`` is where the release's story begins (its heading): the issuer it names
    ("Ministry of Coastal Affairs") is read from there, so a release inside a longer document
    is read as it is alone.
    """
    who = issuer(official, story_start)
    found: list[Shift] = []
    for q in quotes:
        if not report.is_furniture(q.report):
            found += _quote_pairs(official, report, q, who)
    found += figure_shifts(report, official, figures)
    for link in links:
        if report.is_furniture(link.report):
            continue
        others = [x.official for x in links if x is not link and _overlap(x.report, link.report)]
        found += [s for s in compare(_pair(official, report, link.official, link.report, who))
                  if not _said_elsewhere(s, official, others)]
    return tuple(_unique(found))


def _said_elsewhere(s: Shift, official: Document, sources: Sequence[Span]) -> bool:
    """Whether a cue the report "adds" stands in another release passage the same report
    sentence is linked to: a sentence that joins two release sentences ("X, and Y") carries
    each one's words, and against either alone the other's would look added."""
    if s.release_words or not s.report_words or not sources:
        return False
    cue = " ".join(s.report_words.lower().split())
    return any(cue in " ".join(official.text[x.start:x.end].lower().split()) for x in sources)
