"""Running headers, footers and page numbers of a PDF, found by repetition across pages.

A fragment is page furniture when (1) it sits in one of the first or last three rows of its page,
set off from the body by a gap wider than the document's usual line pitch, and (2) the same text
with digits normalised ("Page 3 of 15" == "Page 4 of 15") or nearly the same text (rapidfuzz
ratio >= 90, for headers that alternate between odd and even pages or carry a date) appears in
the same band (top or bottom) at about the same distance from that page edge on enough pages.
Repetition decides, not a margin: a body line near the edge stays unless it repeats. The only
margin is a sanity bound (the outer quarter of the page), so the last row of a table that ends
mid-page on many pages is never taken for a footer.

Imports rapidfuzz and the standard library; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from statistics import median

from rapidfuzz import fuzz

from core.documents.loaders.pdf_layout import Fragment

#: Rows from each page edge that can hold furniture.
EDGE_ROWS = 3
#: A row is set off from the body when its pitch exceeds this many typical pitches.
GAP_FACTOR = 1.35
#: Same-band repeats may drift this far up or down between pages (points).
POSITION_SLACK = 24.0
#: Furniture lies in the outer quarter of the page: a sanity bound, not the detection rule.
EDGE_SHARE = 0.25
FUZZY_MIN = 90.0
FUZZY_GROUPS = 40

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, digit runs -> '#', spaces collapsed: the repetition key."""
    return _SPACES.sub(" ", _DIGITS.sub("#", text.lower())).strip()


@dataclass(frozen=True)
class _Candidate:
    band: str
    key: str
    page: int
    row: int
    index: int
    top: float


def min_repeats(page_count: int) -> int:
    """Pages a line must repeat on: all of a 2-page file, a quarter of longer ones, at most 4."""
    return min(4, max(2, math.ceil(0.25 * page_count)))


def find_furniture(
    pages: list[list[list[Fragment]]], heights: list[float]
) -> set[tuple[int, int, int]]:
    """``(page, row, fragment)`` indices of furniture in ``pages`` (rows of fragments per page).

    ``heights`` are the page heights: bottom-band positions are measured from the page's bottom
    edge, so footers still line up when page sizes differ within one file.
    """
    if len(pages) < 2:
        return set()
    pitch = _typical_pitch(pages)
    if pitch <= 0:
        return set()
    candidates = [
        c
        for p, rows in enumerate(pages)
        for c in _edge_candidates(p, rows, pitch, heights[p] if p < len(heights) else 0.0)
    ]
    groups = _group(candidates)
    need = min_repeats(len(pages))
    found: set[tuple[int, int, int]] = set()
    for members in groups:
        for near in _by_position(members):
            if len({c.page for c in near}) >= need:
                found.update((c.page, c.row, c.index) for c in near)
    return found


def _by_position(members: list[_Candidate]) -> list[list[_Candidate]]:
    """Split a group where its distances from the page edge jump by more than the slack."""
    ordered = sorted(members, key=lambda c: c.top)
    clusters: list[list[_Candidate]] = [[ordered[0]]]
    for c in ordered[1:]:
        if c.top - clusters[-1][0].top <= POSITION_SLACK:
            clusters[-1].append(c)
        else:
            clusters.append([c])
    return clusters


def _typical_pitch(pages: list[list[list[Fragment]]]) -> float:
    pitches = [
        rows[i + 1][0].top - rows[i][0].top
        for rows in pages
        for i in range(len(rows) - 1)
        if rows[i + 1][0].top > rows[i][0].top
    ]
    return median(pitches) if pitches else 0.0


def _edge_candidates(
    page: int, rows: list[list[Fragment]], pitch: float, height: float
) -> list[_Candidate]:
    n = len(rows)
    if n < 2:
        return []
    tops = [min(f.top for f in row) for row in rows]
    set_off = [tops[i + 1] - tops[i] > GAP_FACTOR * pitch for i in range(n - 1)]
    out: list[_Candidate] = []
    edge = min(EDGE_ROWS, n - 1)
    # A top row qualifies if a wide gap separates it (or a row below it) from the body.
    for i in range(edge):
        if any(set_off[j] for j in range(i, edge)):
            out += _row_candidates("top", page, i, rows[i], 0.0, height)
    for i in range(max(n - edge, 1), n):
        if any(set_off[j - 1] for j in range(n - edge, i + 1) if j >= 1):
            out += _row_candidates("bottom", page, i, rows[i], height, height)
    return out


def _row_candidates(
    band: str, page: int, row: int, frags: list[Fragment], bottom: float, page_height: float
) -> list[_Candidate]:
    # ``top`` is the distance from the page edge the band belongs to.
    out = []
    for k, f in enumerate(frags):
        distance = abs(bottom - f.top) if bottom else f.top
        if f.text.strip() and (not page_height or distance <= EDGE_SHARE * page_height):
            out.append(_Candidate(band, normalise(f.text), page, row, k, distance))
    return out


def _group(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    exact: dict[tuple[str, str], list[_Candidate]] = {}
    for c in candidates:
        exact.setdefault((c.band, c.key), []).append(c)
    # Near-identical long keys join the first similar group in the same band.
    groups: list[tuple[str, str, list[_Candidate]]] = []
    for (band, key), members in sorted(exact.items(), key=lambda kv: -len(kv[1])):
        # Only the largest groups are tried: running headers are among them, and this keeps
        # the grouping linear in the number of pages.
        for g_band, g_key, g_members in groups[:FUZZY_GROUPS]:
            if (
                g_band == band
                and len(key) >= 10
                and len(g_key) >= 10
                and fuzz.ratio(key, g_key) >= FUZZY_MIN
            ):
                g_members.extend(members)
                break
        else:
            groups.append((band, key, list(members)))
    return [g[2] for g in groups]
