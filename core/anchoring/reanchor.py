"""Re-anchor annotation selectors onto a document's new text, the way Hypothesis does.

Order of attempts for one ``TextSelector``: the stored position if the quote still stands there
(ANCHORED); otherwise every exact occurrence of the quote, then approximate matches, each scored
on quote similarity, prefix and suffix similarity and closeness to the old position (MOVED);
nothing acceptable gives ORPHAN, and the annotation is kept with its old selector.

Approximate search is Myers' bit-parallel edit-distance scan (the algorithm of the
``approx-string-match`` package behind Hypothesis' ``matchQuote``; Python's big integers let one
bit vector cover a quote of any length, which diff-match-patch's 32-bit Bitap cannot), with the
same scoring weights and error budget, ``min(256, len(quote) / 2)``. Two guards on top: every
32-character piece of a long quote must itself be at most half wrong (a quote whose end was
rewritten does not attach because its start survived), and ``anchor`` re-attaches a quote more
than a quarter wrong only where its stored context still stands. When the old text is known,
old offsets are carried through a diff-match-patch diff to give a better position hint.
Standard library, diff-match-patch and rapidfuzz only; must not import Qt, ``ui/`` or SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Levenshtein

from core.anchoring.annotation import AnchorState, Annotation, TextSelector
from core.documents import Span

#: Characters of context kept on each side of a quote (as Hypothesis and dom-anchor-text-quote).
CONTEXT_CHARS = 32
MAX_ERRORS_CAP = 256
CHUNK = 32
#: Seconds allowed for the whole-document diff that translates old offsets; finite on purpose.
DIFF_TIMEOUT = 0.5
#: Characters each side of the position hint searched first for an edited quote.
NEAR_HINT_CHARS = 3000
_WEIGHTS = (50.0, 20.0, 20.0, 2.0)  # quote, prefix, suffix, position (Hypothesis' values)
_SEVERITY = {AnchorState.ANCHORED: 0, AnchorState.MOVED: 1, AnchorState.ORPHAN: 2}


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    errors: int


@dataclass(frozen=True)
class QuoteMatch:
    start: int
    end: int
    #: 1.0 for an exact quote with matching context at the hint; lower as things differ.
    score: float
    errors: int = 0
    #: Mean similarity of the prefix and suffix given (0.0 when none was given).
    context: float = 0.0


def _match_ends(text: str, pattern: str, max_errors: float) -> tuple[int, list[int]]:
    """End offsets in ``text`` where ``pattern`` matches with the fewest edits (<= max_errors)."""
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv, score = full, 0, m
    best = max_errors
    ends: list[int] = []
    for j, ch in enumerate(text):
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & full) ^ pv) | eq
        ph = mv | (full ^ (xh | pv))
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        # Searching, not aligning: the top row stays zero, so nothing is shifted in.
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = mh | (full ^ (xv | ph))
        mv = ph & xv
        if score <= best:
            if score < best:
                ends.clear()
                best = score
            ends.append(j + 1)
    return (int(best), ends) if ends else (-1, [])


def approx_search(text: str, pattern: str, max_errors: float) -> list[Match]:
    """Exact occurrences if any, else the approximate matches with the fewest errors."""
    if not pattern or not text:
        return []
    exact: list[Match] = []
    pos = text.find(pattern)
    while pos != -1:
        exact.append(Match(pos, pos + len(pattern), 0))
        pos = text.find(pattern, pos + 1)
    if exact:
        return exact
    errors, ends = _match_ends(text, pattern, max_errors)
    if not ends:
        return []
    rev_pattern = pattern[::-1]
    out: list[Match] = []
    for end in ends:
        lo = max(0, end - len(pattern) - errors)
        _, rev_ends = _match_ends(text[lo:end][::-1], rev_pattern, errors)
        start = end - max(rev_ends) if rev_ends else end - len(pattern)
        out.append(Match(start, end, errors))
    return out


def _context_score(window: str, context: str) -> float:
    if not context or not window:
        return 0.0
    found = approx_search(window, context, len(context))
    return 1.0 - min(m.errors for m in found) / len(context) if found else 0.0


def _pieces_ok(quote: str, found: str) -> bool:
    """Every 32-character piece of ``quote`` is at most half wrong in ``found``."""
    if len(quote) <= CHUNK:
        return True
    bounds = list(range(0, len(quote), CHUNK))
    if len(quote) - bounds[-1] < CHUNK // 2:
        bounds.pop()  # a short tail is judged together with the piece before it
    errors = [0] * len(bounds)
    for op in Levenshtein.editops(quote, found):
        piece = min(op.src_pos, len(quote) - 1) // CHUNK
        errors[min(piece, len(bounds) - 1)] += 1
    ends = [*bounds[1:], len(quote)]
    return all(e * 2 <= b - a for e, a, b in zip(errors, bounds, ends, strict=True))


def match_quote(
    text: str, quote: str, *, prefix: str = "", suffix: str = "", hint: int | None = None
) -> QuoteMatch | None:
    """Best placement of ``quote`` in ``text`` using context and a position hint, or None."""
    if not quote or not text:
        return None
    max_errors = min(MAX_ERRORS_CAP, len(quote) / 2)
    candidates = [
        m for m in approx_search(text, quote, max_errors)
        if m.errors == 0 or _pieces_ok(quote, text[m.start:m.end])
    ]
    if not candidates:
        return None
    best: QuoteMatch | None = None
    best_key = (0.0, 0)
    for m in candidates:
        scored = _score(text, m.start, m.end, m.errors, quote, prefix, suffix, hint)
        # Ties go to the match closest in length to the quote, then to the earliest one.
        key = (scored.score, -abs(m.end - m.start - len(quote)))
        if best is None or key > best_key:
            best, best_key = scored, key
    return best


def _score(
    text: str, start: int, end: int, errors: int, quote: str, prefix: str, suffix: str,
    hint: int | None,
) -> QuoteMatch:
    """Hypothesis' weighting of quote, prefix, suffix and position similarity."""
    wq, wp, ws, wh = _WEIGHTS
    quote_score = 1.0 - errors / len(quote)
    before = text[max(0, start - len(prefix)):start]
    prefix_score = _context_score(before, prefix) if prefix else 1.0
    suffix_score = _context_score(text[end:end + len(suffix)], suffix) if suffix else 1.0
    pos_score = 1.0 - abs(start - hint) / len(text) if hint is not None else 1.0
    raw = wq * quote_score + wp * prefix_score + ws * suffix_score + wh * pos_score
    given = [sc for ctx, sc in ((prefix, prefix_score), (suffix, suffix_score)) if ctx]
    context = sum(given) / len(given) if given else 0.0
    return QuoteMatch(start, end, raw / sum(_WEIGHTS), errors, context)


def _map_offset(src: str, dst: str, pos: int) -> int:
    """Where offset ``pos`` of ``src`` lands in ``dst`` under their edit alignment."""
    for op in Levenshtein.opcodes(src, dst):
        if op.tag != "insert" and op.src_start <= pos < op.src_end:
            if op.tag == "delete":
                return int(op.dest_start)
            return int(op.dest_start + min(pos - op.src_start, op.dest_end - op.dest_start))
    return len(dst)


def _in_context(text: str, sel: TextSelector, where: int) -> QuoteMatch | None:
    """Search prefix + quote + suffix as one pattern near ``where``; the quote is the middle.

    Catches an edited quote whose unedited twin stands elsewhere (a caption repeating the
    body): matchQuote prefers any verbatim copy, but the context only fits the edited one.
    """
    if not (sel.prefix or sel.suffix):
        return None
    pattern = sel.prefix + sel.exact + sel.suffix
    reach = max(NEAR_HINT_CHARS, 4 * len(pattern))
    lo = max(0, where - len(sel.prefix) - reach)
    window = text[lo:min(len(text), where + len(sel.exact) + len(sel.suffix) + reach)]
    errors, ends = _match_ends(window, pattern, len(pattern) / 4)
    if not ends:
        return None
    expected_end = where - lo + len(sel.exact) + len(sel.suffix)
    end = min(ends, key=lambda e: abs(e - expected_end))
    first = max(0, end - len(pattern) - errors)
    _, rev_ends = _match_ends(window[first:end][::-1], pattern[::-1], errors)
    start = end - max(rev_ends) if rev_ends else end - len(pattern)
    region = window[start:end]
    qs = _map_offset(pattern, region, len(sel.prefix))
    qe = _map_offset(pattern, region, len(sel.prefix) + len(sel.exact))
    if qe <= qs:
        return None
    a, b = lo + start + qs, lo + start + qe
    found = text[a:b]
    if not _pieces_ok(sel.exact, found):
        return None
    errs = int(Levenshtein.distance(sel.exact, found))
    return _score(text, a, b, errs, sel.exact, sel.prefix, sel.suffix, where)


def find_exact(text: str, exact: str, prefix: str = "", suffix: str = "") -> list[Span]:
    """Every place where prefix + exact + suffix stand verbatim (strict W3C TextQuote matching)."""
    out: list[Span] = []
    needle = prefix + exact + suffix
    pos = text.find(needle)
    while pos != -1:
        start = pos + len(prefix)
        out.append(Span(start, start + len(exact)))
        pos = text.find(needle, pos + 1)
    return out


def position_span(text: str, start: int, end: int) -> Span | None:
    """A TextPositionSelector as a Span when it lies inside ``text`` (code-point offsets)."""
    if 0 <= start <= end <= len(text):
        return Span(start, end)
    return None


def describe(
    text: str, span: Span, document_sha256: str, context: int = CONTEXT_CHARS
) -> TextSelector:
    """The selector for ``text[span]``: the quote plus up to ``context`` characters each side."""
    if span.end > len(text):
        raise ValueError(f"span [{span.start}, {span.end}) is outside a text of {len(text)}")
    return TextSelector(
        document_sha256=document_sha256,
        exact=text[span.start:span.end],
        prefix=text[max(0, span.start - context):span.start],
        suffix=text[span.end:span.end + context],
        start=span.start,
        end=span.end,
    )


def anchor(
    selector: TextSelector, text: str, *, hint: int | None = None
) -> tuple[Span | None, AnchorState]:
    """Place ``selector`` in ``text``: (span, ANCHORED | MOVED) or (None, ORPHAN)."""
    here = position_span(text, selector.start, selector.end)
    if selector.exact and here is not None and text[here.start:here.end] == selector.exact:
        return here, AnchorState.ANCHORED
    where = selector.start if hint is None else hint
    if not selector.exact:
        spans = find_exact(text, "", selector.prefix, selector.suffix)
        if not spans or not (selector.prefix or selector.suffix):
            return None, AnchorState.ORPHAN
        nearest = min(spans, key=lambda s: abs(s.start - where))
        state = AnchorState.ANCHORED if nearest.start == selector.start else AnchorState.MOVED
        return nearest, state
    found = _near_hint(text, selector, where)
    if found is None:
        found = match_quote(
            text, selector.exact, prefix=selector.prefix, suffix=selector.suffix, hint=where
        )
    if found is None or found.context < 0.75:
        alt = _in_context(text, selector, where)
        if alt is not None and (found is None or alt.score > found.score):
            found = alt
    if found is None or not _acceptable(found, len(selector.exact)):
        return None, AnchorState.ORPHAN
    span = Span(found.start, found.end)
    if text[span.start:span.end] != selector.exact:
        span = _snap_to_words(text, span, selector)
    return span, AnchorState.MOVED


def _near_hint(text: str, selector: TextSelector, where: int) -> QuoteMatch | None:
    """A confident fuzzy match close to the hint, found without scanning a long text whole.

    The scan costs time in proportion to the text; an edited passage is nearly always near where
    it was, so a window around the hint is tried first when the quote is nowhere verbatim.
    """
    quote = selector.exact
    reach = max(NEAR_HINT_CHARS, 4 * len(quote))
    if len(text) <= 4 * reach or quote in text:
        return None
    lo = max(0, where - reach)
    hi = min(len(text), where + len(quote) + reach)
    local = match_quote(
        text[lo:hi], quote, prefix=selector.prefix, suffix=selector.suffix, hint=where - lo
    )
    if local is None or local.errors > len(quote) / 4:
        return None
    if (selector.prefix or selector.suffix) and local.context < 0.75:
        return None
    return replace(local, start=local.start + lo, end=local.end + lo)


def _acceptable(found: QuoteMatch, quote_len: int) -> bool:
    """Concord's bar for re-attaching a note, stricter than matchQuote's for short quotes.

    A quote up to a quarter wrong is taken on its own; up to half wrong only where the stored
    context still stands around it (a six-letter quote three letters off is anything at all).
    """
    share = found.errors / quote_len
    return share <= 0.25 or (share <= 0.5 and found.context >= 0.75)


def _snap_to_words(text: str, span: Span, selector: TextSelector, reach: int = 24) -> Span:
    """Widen a fuzzy match that cuts a word when the quote itself began/ended on a boundary.

    The fewest-edits match of "The minister" in "The prime minister" is "ime minister"; a
    reviewer selected whole words, so "prime minister" is what they would expect.
    """
    start, end = span.start, span.end
    quote = selector.exact
    starts_clean = quote[:1].isalnum() and not selector.prefix[-1:].isalnum()
    if starts_clean and start > 0 and text[start - 1].isalnum():
        lo = start
        while lo > max(0, start - reach) and text[lo - 1].isalnum():
            lo -= 1
        if lo == 0 or not text[lo - 1].isalnum():
            start = lo
    ends_clean = quote[-1:].isalnum() and not selector.suffix[:1].isalnum()
    if ends_clean and end < len(text) and text[end].isalnum():
        hi = end
        while hi < min(len(text), end + reach) and text[hi].isalnum():
            hi += 1
        if hi == len(text) or not text[hi].isalnum():
            end = hi
    return Span(start, end)


class OffsetMap:
    """Carries offsets of an old text into a new one through a character diff."""

    def __init__(self, old_text: str, new_text: str) -> None:
        self._same = old_text == new_text
        self._dmp = diff_match_patch()
        self._dmp.Diff_Timeout = DIFF_TIMEOUT
        self._diffs = [] if self._same else self._dmp.diff_main(old_text, new_text)

    def __call__(self, offset: int) -> int:
        return offset if self._same else int(self._dmp.diff_xIndex(self._diffs, offset))


def reanchor_selector(
    selector: TextSelector, new_text: str, new_sha: str, *, hint: int | None = None
) -> tuple[TextSelector, AnchorState]:
    """The selector re-described on ``new_text``; an orphan keeps its old selector unchanged."""
    span, state = anchor(selector, new_text, hint=hint)
    if span is None:
        return selector, AnchorState.ORPHAN
    return describe(new_text, span, new_sha), state


def worst(states: Iterable[AnchorState]) -> AnchorState:
    return max(states, key=lambda s: _SEVERITY[s], default=AnchorState.ANCHORED)


def reanchor_annotation(
    annotation: Annotation,
    new_text: str,
    new_sha: str,
    *,
    old_sha: str | None = None,
    offsets: OffsetMap | None = None,
) -> tuple[Annotation, tuple[AnchorState | None, ...]]:
    """One annotation re-anchored; also each target's new state (None: target left alone)."""
    targets: list[TextSelector] = []
    states: list[AnchorState | None] = []
    extra = dict(annotation.extra)
    for i, sel in enumerate(annotation.targets):
        if old_sha is not None and sel.document_sha256 != old_sha:
            targets.append(sel)
            states.append(None)
            continue
        hint = offsets(sel.start) if offsets is not None else None
        new_sel, state = reanchor_selector(sel, new_text, new_sha, hint=hint)
        if state is not AnchorState.ORPHAN and new_sel.exact != sel.exact:
            # The reviewer annotated other words; keep what they saw.
            extra.setdefault(f"original_exact_{i}", sel.exact)
        targets.append(new_sel)
        states.append(state)
    overall = worst(s for s in states if s is not None)
    updated = replace(
        annotation, targets=tuple(targets), state=overall, extra=tuple(sorted(extra.items()))
    )
    return updated, tuple(states)


def reanchor_annotations(
    annotations: Sequence[Annotation],
    old_text: str,
    new_text: str,
    new_sha: str,
    *,
    old_sha: str | None = None,
) -> tuple[list[Annotation], list[Annotation]]:
    """Re-anchor every annotation on a changed document: (all updated, the orphans among them).

    Only targets on ``old_sha`` move when it is given (a pair's other side stays); without it
    every target is taken to be on this document. Orphans are returned too, never dropped.
    """
    offsets = OffsetMap(old_text, new_text)
    updated: list[Annotation] = []
    for ann in annotations:
        new_ann, _ = reanchor_annotation(ann, new_text, new_sha, old_sha=old_sha, offsets=offsets)
        updated.append(new_ann)
    return updated, [a for a in updated if a.state is AnchorState.ORPHAN]
