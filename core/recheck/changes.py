"""Which findings appeared, vanished or changed between two versions of a report.

Finding keys hold character offsets, which move whenever a sentence is inserted above, so
findings are matched by what they are about instead: the same family (quote, figure, added,
omitted, ...) and the same passage, word for word or nearly (``rapidfuzz`` ratio at least
``SAME_PASSAGE``, so a quote with one word edited is still the same quote). A matched pair whose
kind or detail differs is a change ("the altered quote now matches the release"); unmatched old
findings vanished and unmatched new ones appeared. Pure functions over ``core.review``
findings; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz

from core.documents import Document
from core.review import Finding, FindingKind, Severity, excerpt

#: Two passages at least this similar (0-100, rapidfuzz ratio) are the same passage edited.
SAME_PASSAGE = 80.0

_NOW = {
    (FindingKind.QUOTE_ALTERED, FindingKind.QUOTE_EXACT):
        "the altered quote now matches the release",
    (FindingKind.QUOTE_ABSENT, FindingKind.QUOTE_EXACT):
        "the unsourced quote now matches the release",
    (FindingKind.QUOTE_EXACT, FindingKind.QUOTE_ALTERED):
        "the quote no longer matches the release word for word",
    (FindingKind.QUOTE_ABSENT, FindingKind.QUOTE_ALTERED):
        "the unsourced quote now comes, altered, from the release",
    (FindingKind.FIGURE_CHANGED, FindingKind.FIGURE_MATCH):
        "the changed figure now matches the release",
    (FindingKind.FIGURE_MATCH, FindingKind.FIGURE_CHANGED):
        "the figure no longer matches the release",
}

_NEW = {
    FindingKind.ADDED: "a new added claim",
    FindingKind.OMITTED: "a release passage the report now leaves out",
    FindingKind.QUOTE_ALTERED: "a new altered quote",
    FindingKind.QUOTE_ABSENT: "a new unsourced quote",
    FindingKind.FIGURE_CHANGED: "a new changed figure",
    FindingKind.FIGURE_ABSENT: "a new unsourced figure",
    FindingKind.SHIFT: "a new meaning shift",
}
_GONE = {
    FindingKind.ADDED: "an added claim was taken out",
    FindingKind.OMITTED: "a release passage the report left out is now covered",
    FindingKind.QUOTE_ALTERED: "an altered quote was taken out",
    FindingKind.QUOTE_ABSENT: "an unsourced quote was taken out",
    FindingKind.FIGURE_CHANGED: "a changed figure was taken out",
    FindingKind.FIGURE_ABSENT: "an unsourced figure was taken out",
    FindingKind.SHIFT: "a meaning shift was taken out",
}


_RANK = {Severity.HIGH: (0, Severity.HIGH), Severity.MEDIUM: (1, Severity.MEDIUM),
         Severity.LOW: (2, Severity.LOW)}


class Change(str, Enum):
    APPEARED = "appeared"
    VANISHED = "vanished"
    CHANGED = "changed"


@dataclass(frozen=True)
class FindingChange:
    change: Change
    #: The finding in the earlier version (None: it appeared) and in the new one (None: gone).
    before: Finding | None
    after: Finding | None
    message: str

    @property
    def kind(self) -> FindingKind:
        """The finding's kind now (before, for one that vanished)."""
        found = self.after or self.before
        assert found is not None
        return found.kind

    @property
    def severity(self) -> Severity:
        """The graver of the two: a quote that became exact matters as the altered one did."""
        ranks = [_RANK[f.severity] for f in (self.before, self.after) if f is not None]
        return min(ranks, key=lambda r: r[0])[1]


def _family(f: Finding) -> str:
    # A meaning shift's family includes its kind ("shift:certainty"): one passage can carry a
    # certainty and a time shift, and each must be matched with its own kind in the new version.
    parts = f.key.split(":", 2)
    return ":".join(parts[:2]) if parts[0] == "shift" else parts[0]


def _passage(doc: Document, f: Finding) -> str:
    return " ".join(doc.text[f.span.start:f.span.end].split()).lower()


def _label(f: Finding) -> str:
    return f.label.lower()


def _changed(old: Finding, new: Finding) -> str | None:
    if old.kind is not new.kind:
        what = _NOW.get((old.kind, new.kind), f"was: {_label(old)}; now: {_label(new)}")
        return f"{what}: {_quoted(new)}"
    if old.detail != new.detail:
        return f"{_label(new)} changed: {_quoted(new)} ({new.detail})"
    return None


def finding_changes(
    old: Sequence[Finding], old_docs: tuple[Document, Document],
    new: Sequence[Finding], new_docs: tuple[Document, Document],
) -> tuple[FindingChange, ...]:
    """What changed from ``old`` to ``new`` findings; ``*_docs`` are (release, report) of each.

    Ordered as a reviewer reads them: most severe first, then changes, appearances, removals.
    """

    def doc_of(f: Finding, docs: tuple[Document, Document]) -> Document:
        return docs[0] if f.side == "official" else docs[1]

    old_text = [_passage(doc_of(f, old_docs), f) for f in old]
    new_text = [_passage(doc_of(f, new_docs), f) for f in new]
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    # Word for word first, then the closest edited passage of the same family.
    for exact in (True, False):
        for i, f in enumerate(old):
            if i in pairs:
                continue
            best, best_score = -1, SAME_PASSAGE
            for j, g in enumerate(new):
                if j in taken or _family(g) != _family(f):
                    continue
                if exact:
                    if old_text[i] == new_text[j]:
                        best = j
                        break
                    continue
                score = fuzz.ratio(old_text[i], new_text[j], score_cutoff=best_score)
                if score > best_score or (best < 0 and score >= SAME_PASSAGE):
                    best, best_score = j, score
            if best >= 0:
                pairs[i] = best
                taken.add(best)
    out: list[FindingChange] = []
    for i, j in pairs.items():
        message = _changed(old[i], new[j])
        if message is not None:
            out.append(FindingChange(Change.CHANGED, old[i], new[j], message))
    for j, g in enumerate(new):
        if j not in taken and g.severity is not Severity.LOW:
            what = _NEW.get(g.kind, f"a new finding ({_label(g)})")
            out.append(FindingChange(Change.APPEARED, None, g, f"{what}: {_quoted(g)}"))
    for i, f in enumerate(old):
        if i not in pairs and f.severity is not Severity.LOW:
            what = _GONE.get(f.kind, f"a finding is gone ({_label(f)})")
            out.append(FindingChange(Change.VANISHED, f, None, f"{what}: {_quoted(f)}"))
    order = {Change.CHANGED: 0, Change.APPEARED: 1, Change.VANISHED: 2}
    out.sort(key=lambda c: (_RANK[c.severity][0], order[c.change]))
    return tuple(out)


def _quoted(f: Finding) -> str:
    return f"“{excerpt(f.title.split(': ', 1)[-1].strip('“”'), 70)}”"
