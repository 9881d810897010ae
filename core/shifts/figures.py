"""Shifts around figures: the same number about something else, or another share.

``reference``: a figure both sides agree on is followed on each side by a phrase saying what it
counts from or refers to ("5 years after they have received final determination of their
status" against "five years after landing"); when the two phrases open with the same kind of
preposition and share no content word, the figure now refers to something else. ``share``: a
share the judge calls changed ("a third" against "half", "one in five" against "one in four")
is a quantity shift, stronger when the report's share is the larger. Pure Python; must not
import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.documents import Document, Span
from core.judge import find_figures
from core.results import Figure, FigureVerdict, Shift, ShiftDirection, ShiftKind
from core.shifts.words import STOP, Word, content_stems, joined, words, wordset

#: Prepositions that tie a figure to what it counts from or refers to, by kind. Not "of": "a
#: third of the funding" and "a third of the money" name one thing in two words too often.
_PREP_CLASS = {
    "after": "from", "since": "from", "from": "from", "following": "from",
    "before": "until", "until": "until", "till": "until", "by": "until",
    "for": "for", "to": "for", "towards": "for",
    "per": "per",
    "in": "in", "on": "in", "at": "in", "across": "in", "within": "in", "among": "in",
}
#: Shares the figure parser reads only before a noun ("half of the funding").
_SHARE_WORDS = {"half": 0.5, "a half": 0.5, "a third": 1 / 3, "a quarter": 0.25,
                "two thirds": 2 / 3, "three quarters": 0.75}
_END = re.compile(r"[,.;:!?()“”\"\n–—]")
_PHRASE_WORDS = 10


def _phrase(text: str, at: int) -> tuple[str, list[Word]] | None:
    """The phrase after a figure: (its preposition's class, its words from the preposition)."""
    end = _END.search(text, at, min(len(text), at + 160))
    ws = words(text, at, end.start() if end else min(len(text), at + 160))[:_PHRASE_WORDS]
    for i, w in enumerate(ws[:2]):
        if w.norm in _PREP_CLASS:
            return _PREP_CLASS[w.norm], ws[i:]
        if w.norm not in STOP:
            return None
    return None


def reference(report: Document, official: Document, fig: Figure) -> Shift | None:
    if fig.verdict is not FigureVerdict.MATCH or fig.official is None:
        return None
    r, o = _phrase(report.text, fig.report.end), _phrase(official.text, fig.official.end)
    if r is None or o is None or r[0] != o[0]:
        return None
    r_stems, o_stems = content_stems(r[1][1:]), content_stems(o[1][1:])
    if not r_stems or not o_stems or r_stems & o_stems:
        return None
    r_words = joined(report.text, [*words(report.text, *_bounds(fig.report)), *r[1]])
    o_words = joined(official.text, [*words(official.text, *_bounds(fig.official)), *o[1]])
    return Shift(
        ShiftKind.REFERENCE,
        Span(fig.report.start, r[1][-1].span.end),
        Span(fig.official.start, o[1][-1].span.end),
        ShiftDirection.CHANGED,
        o_words,
        r_words,
        f"Same figure, other reference: the report has “{r_words}”, the release “{o_words}”",
    )


#: Nouns that count the same thing in other words.
_SAME_THING = tuple(
    wordset(x) for x in (
        "home household house dwelling property",
        "business firm company employer",
        "town community place",
        "people person resident individual",
    )
)
_COUNT = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _nouns(text: str, at: int) -> list[Word]:
    """The three words right after a figure, when a noun follows it directly (no punctuation)."""
    ws = words(text, at, min(len(text), at + 60))[:3]
    if not ws or text[at : ws[0].span.start].strip() or not ws[0].norm.isalpha():
        return []
    return ws if ws[0].norm not in STOP else []


def _same_thing(a: Word, b: Word) -> bool:
    x, y = _fold(stem_of(a)), _fold(stem_of(b))
    return x == y or any(x in group and y in group for group in _SAME_THING)


def _fold(noun: str) -> str:
    # "300 apprenticeships" are "300 apprentices": the -ship names the same people's posts.
    return noun[:-4] if noun.endswith("ship") and len(noun) > 7 else noun


def counted(report: Document, official: Document, fig: Figure) -> Shift | None:
    """The same count of another thing: "38,700 businesses" for the release's "38,700 homes"."""
    if fig.verdict is not FigureVerdict.MATCH or fig.official is None:
        return None
    if not _COUNT.fullmatch(fig.value) or _YEAR.fullmatch(fig.value):
        return None
    rs, os_ = _nouns(report.text, fig.report.end), _nouns(official.text, fig.official.end)
    if not rs or not os_:
        return None
    # "14 towns" is "14 coastal towns": the noun may stand a word or two further on; and
    # "14 seaside towns" is "14 coastal towns": any word of one matching any of the other.
    if any(_same_thing(a, b) for a in rs for b in os_):
        return None
    r, o = rs[0], os_[0]
    r_words = " ".join(report.text[fig.report.start : r.span.end].split())
    o_words = " ".join(official.text[fig.official.start : o.span.end].split())
    return Shift(
        ShiftKind.REFERENCE, Span(fig.report.start, r.span.end),
        Span(fig.official.start, o.span.end), ShiftDirection.CHANGED, o_words, r_words,
        f"Same number, other thing counted: the report has “{r_words}”, the release “{o_words}”",
    )


def stem_of(w: Word) -> str:
    """Singular of a counted noun ("properties" -> "property")."""
    n = w.norm
    if n.endswith("ies"):
        return n[:-3] + "y"
    if n.endswith("s") and not n.endswith("ss"):
        return n[:-1]
    return n


def _bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _share(doc: Document, span: Span) -> float | None:
    """The share at ``span`` as a number; read with the words after it ("half of the …")."""
    found = find_figures(doc.text[span.start : span.end + 40])
    f = next((f for f in found if f.span.start == 0), None)
    if f is None:
        return _SHARE_WORDS.get(" ".join(doc.text[span.start : span.end].lower().split()))
    if f.kind not in ("percent", "fraction"):
        return None
    return f.number / 100 if f.kind == "percent" else f.number


def share(report: Document, official: Document, fig: Figure) -> Shift | None:
    if fig.verdict is not FigureVerdict.CHANGED or fig.official is None or not fig.official_text:
        return None
    r, o = _share(report, fig.report), _share(official, fig.official)
    if r is None or o is None or abs(r - o) < 1e-6:
        return None
    d = ShiftDirection.STRENGTHENED if r > o else ShiftDirection.WEAKENED
    more = "larger" if r > o else "smaller"
    return Shift(
        ShiftKind.QUANTITY, fig.report, fig.official, d, fig.official_text, fig.text,
        f"The report gives a {more} share (“{fig.text}”) than the release (“{fig.official_text}”)",
    )


def figure_shifts(report: Document, official: Document, figures: Sequence[Figure]) -> list[Shift]:
    out: list[Shift] = []
    for fig in figures:
        if report.is_furniture(fig.report):
            continue
        for s in (reference(report, official, fig), counted(report, official, fig),
                  share(report, official, fig)):
            if s is not None:
                out.append(s)
    return out
