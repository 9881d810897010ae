"""Finding changes between versions: meaning shifts are matched with their own kind."""

from __future__ import annotations

from core.documents import Span
from core.recheck import Change, finding_changes
from core.review import Finding, FindingKind, Severity
from tests.core.review.test_findings import RELEASE, REPORT, make_doc


def _shift(kind: str, start: int, end: int, detail: str) -> Finding:
    return Finding(FindingKind.SHIFT, "report", Span(start, end), Span(0, 5),
                   f"{kind.capitalize()} shift: x", detail, f"shift:{kind}:{start}-{end}",
                   Severity.HIGH)


def test_two_shifts_on_one_passage_are_told_apart() -> None:
    docs = (make_doc(RELEASE, "r", "/r.txt"), make_doc(REPORT, "p", "/p.txt"))
    certainty = _shift("certainty", 0, 20, "The report hedges")
    time = _shift("time", 0, 20, "Another time")
    changes = finding_changes([certainty, time], docs, [time], docs)
    assert [(c.change, c.before) for c in changes] == [(Change.VANISHED, certainty)]
    assert changes[0].message.startswith("a meaning shift was taken out")
    appeared = finding_changes([], docs, [certainty], docs)
    assert appeared[0].message.startswith("a new meaning shift")
