"""Re-checking one report: fetch it again (or re-read its file) and say what changed.

``check_report`` loads the report again from where it came from (its web address, else its
file), and when the bytes differ compares the new version with the release, diffs its words
against the stored version and lists the findings that appeared, vanished or changed. It never
writes anything: the caller decides to keep the new version (the command line's
``recheck_session``, the window's Check for Changes). A new version that keeps almost none of
the article's words (``MIN_KEPT``), or only its start (``TEASER_KEPT``), is refused as suspect:
a paywall, login or error page served with status 200 must not silently replace the article a
reviewer annotated. A page whose bytes differ but whose text does not is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from core.align import word_diff
from core.compare import CompareFn, compare
from core.documents import (
    Document,
    LoadCancelled,
    LoadError,
    Progress,
    ShouldCancel,
    load_source,
    never_cancel,
    no_progress,
)
from core.recheck.changes import FindingChange, finding_changes
from core.results import (
    CompareOptions,
    CompareResult,
    Comparison,
    DiffOp,
    DiffPiece,
    RunState,
)
from core.review import findings_for
from core.store import SessionError, original_bytes

#: A new version sharing less than this share of the stored version's distinct content words
#: is not the same article any more (a login, paywall or error page).
MIN_KEPT = 0.2
#: A new version keeping less than this share of them and less than ``TEASER_LENGTH`` of the
#: words is the start of the article behind a paywall, not an edit of it.
TEASER_KEPT = 0.5
TEASER_LENGTH = 0.5
_WORD = re.compile(r"\w+")

Loader = Callable[[str], Document]


class CheckStatus(str, Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    FAILED = "failed"


@dataclass(frozen=True)
class ReportCheck:
    """The outcome for one report: a new version with what changed, or why there is none."""

    name: str
    source: str
    status: CheckStatus
    #: One line a person reads: what happened, or why the check failed.
    message: str
    old: Document
    new: Document | None = None
    #: The new version's original bytes (to keep in the session).
    data: bytes | None = None
    #: Word diff from the stored version's text to the new one's.
    diff: tuple[DiffPiece, ...] = ()
    words_added: int = 0
    words_removed: int = 0
    changes: tuple[FindingChange, ...] = ()
    #: The release compared with the new version.
    comparison: Comparison | None = None

    @property
    def summary(self) -> str:
        """"12 words added, 3 removed; 2 findings changed" (for the version history)."""
        if self.status is not CheckStatus.CHANGED:
            return self.message
        text = f"{self.words_added} words added, {self.words_removed} removed"
        if self.changes:
            n = len(self.changes)
            text += f"; {n} finding{'s' if n != 1 else ''} appeared, vanished or changed"
        return text


def source_of(doc: Document) -> str:
    """Where ``doc`` can be read again: the address it was fetched from, else its file."""
    return doc.meta("address") or doc.path


def _words(pieces: tuple[DiffPiece, ...], op: DiffOp) -> int:
    return sum(len(_WORD.findall(p.text)) for p in pieces if p.op is op)


def check_report(
    official: Document,
    old: Document,
    *,
    options: CompareOptions | None = None,
    old_comparison: Comparison | None = None,
    load: Loader | None = None,
    compare_fn: CompareFn | None = None,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
) -> ReportCheck:
    """Read ``old`` again from its source and compare the new version, if any, with it.

    ``load`` and ``compare_fn`` default to ``load_source`` and ``compare`` (the window hands in
    its child-process ones). Never raises for a report that cannot be checked: the outcome is
    FAILED with the reason, and the caller keeps the stored version.
    """
    source, opts = source_of(old), options or CompareOptions()
    run = compare_fn or compare

    def failed(why: str) -> ReportCheck:
        return ReportCheck(old.name, source, CheckStatus.FAILED,
                           f"not re-checked: {why}; the stored version is kept", old)

    progress(0, 3, f"Fetching {old.name} again")
    try:
        new = (load or (lambda s: load_source(s, should_cancel=should_cancel)))(source)
        if new.sha256 == old.sha256:
            return ReportCheck(old.name, source, CheckStatus.UNCHANGED,
                               "unchanged since it was compared", old)
        if new.text == old.text:
            # News pages differ on every request (adverts, nonces, timestamps): only a change
            # of the text a reviewer reads is a new version.
            return ReportCheck(old.name, source, CheckStatus.UNCHANGED,
                               "unchanged since it was compared (the page's markup differs, "
                               "its text is the same)", old)
        data = original_bytes(new.path, new.sha256)
    except (LoadError, SessionError) as exc:
        return failed(exc.detail)
    except OSError as exc:
        return failed(f"cannot be read ({exc.strerror or exc})")
    except LoadCancelled:
        return failed("cancelled")
    suspect = _suspect(old.text, new.text)
    if suspect:
        return failed(suspect)
    progress(1, 3, f"Comparing the new version of {old.name}")
    try:
        if old_comparison is None:
            old_comparison = _only(run(official, [old], opts, should_cancel, no_progress))
        new_comparison = _only(run(official, [new], opts, should_cancel, no_progress))
    except LoadError as exc:  # the new version cannot be compared (too long, empty)
        return failed(exc.detail)
    if old_comparison is None or new_comparison is None:
        return failed("cancelled")
    progress(2, 3, f"Listing what changed in {old.name}")
    # Stored comparisons may come from a run with many reports: index each as a pair.
    pair = replace(old_comparison, official_index=0, report_index=1)
    fresh = replace(new_comparison, official_index=0, report_index=1)
    before = findings_for(CompareResult((official, old), (pair,)), 0)
    after = findings_for(CompareResult((official, new), (fresh,)), 0)
    changes = finding_changes(before, (official, old), after, (official, new))
    # Loose: a word that only gained a line break after it (text appended below) is unchanged.
    diff = word_diff(old.text, new.text, timeout=2.0, loose=True)
    added, removed = _words(diff, DiffOp.INSERT), _words(diff, DiffOp.DELETE)
    progress(3, 3, "")
    return ReportCheck(
        old.name, source, CheckStatus.CHANGED,
        f"changed: {added} words added, {removed} removed", old, new, data, diff, added,
        removed, changes, fresh,
    )


def _only(result: CompareResult) -> Comparison | None:
    """The one comparison of a single-report run; None when the run was cancelled."""
    if result.state is not RunState.COMPLETED or not result.comparisons:
        return None
    return result.comparisons[0]


def _suspect(old: str, new: str) -> str:
    """Why the new text is not a new version of the article (a login, paywall or error page
    served with status 200), or "" when it is."""
    before = _content(old)
    after = _content(new)
    if not before:
        return ""
    kept = len(before & after) / len(before)
    if kept < MIN_KEPT:
        return ("the page now has almost none of the article's words (a login, paywall or "
                "error page?)")
    if kept < TEASER_KEPT and len(_WORD.findall(new)) < TEASER_LENGTH * len(_WORD.findall(old)):
        return ("the page now holds only the start of the article (a paywall or teaser "
                "page?); open it in a browser to check")
    return ""


def _content(text: str) -> set[str]:
    # Words of four letters or more: the articles and pronouns every page shares say nothing.
    return {w.lower() for w in _WORD.findall(text) if len(w) >= 4}
