"""Who says a passage: the agent next to an attribution cue, and the release's speaker context.

An agent is the run of capitalised or role words right before the cue ("the Home Secretary
said"), or else right after it ("according to the Ministry of Coastal Affairs"). A release
passage with no cue of its own may still be someone's words: the paragraphs after an
introduction such as "Home Secretary James Cleverly said:" are his. Agents are compared as sets
of words, with the usual stand-ins for a department folded together; a pronoun is no agent.
Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from core.documents import Document, Span
from core.shifts.words import Word, words, wordset

ROLES = wordset(
    """minister ministry secretary spokesperson spokesman spokeswoman official officials
    government department office mayor chief executive council committee authority police
    critics opposition chair chairman president prime leader director"""
)
_GLUE = frozenset({"the", "of", "and", "'s", "for", "mp", "dr", "mr", "mrs", "ms"})
_OPENING = "“\"‘"
_ADVERBS = frozenset({"also", "later", "then", "further", "had", "has", "have"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
#: Words an agent's identity does not rest on.
_TITLES = frozenset({"the", "of", "and", "'s", "for", "mp", "dr", "mr", "mrs", "ms", "rt", "hon"})
#: Ways of naming the department behind a release.
_DEPARTMENT = frozenset({"government", "ministry", "department", "officials", "office"})
_ISSUERS = frozenset({
    "ministry", "department", "office", "agency", "authority", "government", "council",
    "commission",
})


#: Words after "by" that make it a time ("by March"), not an agent.
_WHEN_WORDS = wordset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter
    then now next"""
)


def _in_name(text: str, w: Word, beside: Word) -> bool:
    """Whether ``w`` belongs to the same name as its neighbour ``beside``: agentish or glue,
    with no sentence end between them ("The Government. Residents of ..." is two)."""
    a, b = sorted((w, beside), key=lambda x: x.span.start)
    if re.search(r"[.!?;:]", text[a.span.end : b.span.start]):
        return False
    return _agentish(text, w) or w.norm in _GLUE


def _agentish(text: str, w: Word) -> bool:
    return w.text[:1].isupper() or w.norm in ROLES


def agent(text: str, ws: Sequence[Word], lo: int, hi: int) -> frozenset[str]:
    """The agent of the cue ``ws[lo:hi]``, as lower-case words; empty when none or a pronoun."""
    if hi + 1 < len(ws) and ws[hi].norm == "by" and ws[hi + 1].norm not in _WHEN_WORDS:
        # Passive: "the programme, announced by the Ministry of Coastal Affairs" names the
        # ministry, not the programme.
        by: list[Word] = []
        for w in ws[hi + 1 : hi + 9]:
            if not (_agentish(text, w) or w.norm in _GLUE):
                break
            by.append(w)
        named = [w for w in by if _agentish(text, w)]
        if named:
            return normal_agent(w.norm for w in named)
    before: list[Word] = []
    i = lo - 1
    while i >= 0 and ws[i].norm in _ADVERBS:  # "she also said"
        i -= 1
    while i >= 0 and (_agentish(text, ws[i]) or ws[i].norm in _GLUE) and len(before) < 8:
        if ws[i].norm in _PRONOUNS:
            return frozenset()
        before.append(ws[i])
        i -= 1
    found = [w for w in before if _agentish(text, w)]
    # "said: “Bills for …" opens the quote, not a name; "said Dr Okafor" names one.
    opens = hi < len(ws) and any(c in text[ws[hi - 1].span.end : ws[hi].span.start] for c in ":“\"")
    if not found and not opens:
        j = hi
        after: list[Word] = []
        while j < len(ws) and (_agentish(text, ws[j]) or ws[j].norm in _GLUE) and len(after) < 8:
            after.append(ws[j])
            j += 1
        found = [w for w in after if _agentish(text, w)]
    return normal_agent(w.norm for w in found)


def normal_agent(names: Iterable[str]) -> frozenset[str]:
    out = {n for n in names if n not in _TITLES}
    if out & _DEPARTMENT:
        out = (out - _DEPARTMENT) | {"department"}
    return frozenset(out - _PRONOUNS)


def shown(who: frozenset[str], text: str, before: int) -> str:
    """``who`` as a reader wrote it: each word as last written above ``before`` in ``text``
    (where the speaker was introduced), in that order ("Dr Samuel Okafor ... Authority")."""
    found: list[tuple[int, str]] = []
    # An introduction is a few paragraphs up at most (``speaker_context``): look that far only.
    above = words(text, max(0, before - 4000), before)
    for w in who:
        if w == "department":
            found.append((before, "the department"))
            continue
        hits = [x for x in above if x.norm == w]
        at = hits[-1] if hits else None
        found.append((at.span.start, text[at.span.start:at.span.end]) if at else (before, w))
    return " ".join(t for _, t in sorted(found)) or "someone else"


def same_agent(a: frozenset[str], b: frozenset[str]) -> bool:
    """True unless both name someone and share nothing ("Home Secretary" vs "Foreign Minister").

    Names are compared when both sides give one, else roles: "the minister" may well be
    "Helen Carrow", but "Dr Samuel Okafor" is not.
    """
    names_a, names_b = a - ROLES, b - ROLES
    if names_a and names_b:
        return bool(names_a & names_b)
    roles_a, roles_b = a & ROLES, b & ROLES
    return not roles_a or not roles_b or bool(roles_a & roles_b)


def speaker_context(doc: Document, span: Span, reach: int = 5) -> frozenset[str] | None:
    """The speaker a release passage belongs to, from an introduction ending in ":" above it.

    None when the passage stands in the release's own voice. An introduction is a short
    paragraph ("Coastal Affairs Minister Helen Carrow said:") at most ``reach`` paragraphs up.
    """
    paras = doc.paragraphs
    at = next((i for i, p in enumerate(paras) if p.start <= span.start < p.end), None)
    if at is None:
        return None
    quoted = doc.text[paras[at].start : paras[at].end].lstrip()[:1] in _OPENING
    for i in range(at - 1, max(-1, at - 1 - reach), -1):
        p = paras[i]
        body = doc.text[p.start : p.end].strip()
        if body[:1] in _OPENING and not quoted:
            return None  # a quoted paragraph ended the speaker's words before this one
        if body.endswith(":") and len(body) < 200:
            ws = words(doc.text, p.start, p.end)
            return normal_agent(w.norm for w in ws if _agentish(doc.text, w)) or frozenset({"?"})
    return None


def issuer(doc: Document, start: int = 0) -> frozenset[str]:
    """Names the release is issued under (the opening lines of its story, from ``start``):
    "Ministry of Coastal Affairs".

    A report that says "the ministry said" of the release's own words attributes nothing new.
    """
    names: set[str] = {"department"}
    window = doc.text[start : start + 600]
    ws = words(window)
    # The name around each issuer word ("the Ministry of Coastal Affairs"), read across line
    # breaks: a hard-wrapped release puts them anywhere.
    for k, w in enumerate(ws):
        if w.norm not in _ISSUERS:
            continue
        lo = k
        while lo > 0 and k - lo < 6 and _in_name(window, ws[lo - 1], ws[lo]):
            lo -= 1
        hi = k + 1
        while hi < len(ws) and hi - k < 7 and _in_name(window, ws[hi], ws[hi - 1]):
            hi += 1
        names |= normal_agent(
            x.norm for x in ws[lo:hi] if _agentish(window, x) and x.norm not in _GLUE
        )
    return frozenset(names)
