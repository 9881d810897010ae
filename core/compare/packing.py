"""Omission passages sent between processes as ranges of passages the receiver already holds.

An unrelated report omits nearly the whole release: 5,684 passages of a 46,000-word one, so 77
such reports carry 437,000 ``Span`` objects, most of them the same few thousand (a paragraph no
link touches has the same runs in every comparison; ``pipeline._omitted`` reuses them). Pickled
one comparison at a time they arrive as new objects: the receiver spent about a second
unpickling them and held a copy of each. ``pack_spans`` writes each stretch of known passages
as a ``range`` of their places; ``unpack_spans`` rebuilds the tuple from the receiver's own
objects. The known passages come from the prepared release (``ready_runs``, for forked workers
that share it) or from the finished comparisons (``shared_omissions``, sent once). Pure
Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.compare.pipeline import PreparedRelease
from core.documents import Span
from core.results import Comparison

#: Passages, each a ``Span`` or a ``range`` of places among the known ones.
Packed = tuple[Span | range, ...]
#: The known passages in order, and each one's place by identity.
Known = tuple[tuple[Span, ...], dict[int, int]]


def _known(spans: Sequence[Span]) -> Known:
    flat = tuple(spans)
    return flat, {id(s): i for i, s in enumerate(flat)}


def ready_runs(prepared: PreparedRelease) -> Known:
    """The omission passages worked out once for the release (each paragraph's runs of
    sentences when no link touches it), in order."""
    return _known([s for _, _, runs in prepared.paragraph_runs or () for s in runs])


def shared_omissions(comparisons: Sequence[Comparison]) -> Known:
    """The omission passages (by identity) that two or more comparisons hold, in release order."""
    seen: dict[int, Span] = {}
    shared: dict[int, Span] = {}
    for comp in comparisons:
        for span in comp.omitted:
            if id(span) in seen:
                shared[id(span)] = span
            else:
                seen[id(span)] = span
    return _known(sorted(shared.values(), key=lambda s: (s.start, s.end)))


def pack_spans(spans: Sequence[Span], places: dict[int, int]) -> Packed:
    """``spans`` with each stretch of known passages (consecutive places) as one ``range``."""
    out: list[Span | range] = []
    first = last = -1
    for span in spans:
        at = places.get(id(span), -1)
        if at >= 0 and at == last + 1 and first >= 0:
            last = at
            continue
        if first >= 0:
            out.append(range(first, last + 1))
            first = last = -1
        if at >= 0:
            first = last = at
        else:
            out.append(span)
    if first >= 0:
        out.append(range(first, last + 1))
    return tuple(out)


def unpack_spans(packed: Packed, known: tuple[Span, ...]) -> tuple[Span, ...]:
    """The passages ``pack_spans`` packed, the known ones as the very objects in ``known``."""
    out: list[Span] = []
    for item in packed:
        if isinstance(item, range):
            out.extend(known[item.start : item.stop])
        else:
            out.append(item)
    return tuple(out)
