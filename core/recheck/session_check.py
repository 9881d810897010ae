"""Re-checking every report of a session file (``concord recheck SESSION.concord``).

For each report, ``check_report`` reads it again; a changed one replaces the stored version in
the session (the old one stays in the document's history with a summary of what changed), its
annotations are re-anchored in the same transaction (orphans are kept and listed, never
dropped) and the new comparison is cached. A report that cannot be read again, or whose new
version is refused, leaves the session exactly as it was. The release is not re-read: findings
are about the reports, and the release is the reference they are checked against.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.anchoring import AnchorState, Annotation
from core.documents import Progress, ShouldCancel, never_cancel, no_progress
from core.recheck.check import CheckStatus, Loader, ReportCheck, check_report
from core.results import CompareOptions
from core.store import (
    ReanchorReport,
    Role,
    Session,
    SessionError,
    SessionErrorKind,
    engine_version,
)


@dataclass(frozen=True)
class SessionCheck:
    """One report's re-check as applied to the session."""

    check: ReportCheck
    reanchor: ReanchorReport | None = None
    #: Annotations on the report that moved with its text, and those left without a place.
    moved: tuple[Annotation, ...] = ()
    orphans: tuple[Annotation, ...] = ()


def recheck_session(
    path: str | Path,
    *,
    options: CompareOptions | None = None,
    load: Loader | None = None,
    should_cancel: ShouldCancel = never_cancel,
    progress: Progress = no_progress,
    on_report: Callable[[SessionCheck], None] | None = None,
) -> tuple[SessionCheck, ...]:
    """Re-check each report of the session at ``path``; ``SessionError`` if it cannot be
    opened or has no release."""
    opts = options or CompareOptions()
    version = engine_version()
    out: list[SessionCheck] = []
    with Session.open(path) as session:
        docs = session.documents()
        official = next((d for d in docs if d.role is Role.OFFICIAL), None)
        if official is None:
            raise SessionError(SessionErrorKind.INVALID, path,
                               "the session has no release to check reports against")
        reports = [d for d in docs if d.role is Role.REPORT]
        for i, stored in enumerate(reports):
            if should_cancel():
                break
            progress(i, len(reports), f"Re-checking {stored.name}")
            cached = session.cached_comparison(official.sha256, stored.sha256, opts, version)
            check = check_report(official.document, stored.document, options=opts,
                                 old_comparison=cached, load=load, should_cancel=should_cancel)
            result = SessionCheck(check)
            if check.status is CheckStatus.CHANGED:
                result = _apply(session, stored.id, official.sha256, check, opts, version)
            out.append(result)
            if on_report is not None:
                on_report(result)
        progress(len(reports), len(reports), "")
    return tuple(out)


def _apply(session: Session, doc_id: int, official_sha: str, check: ReportCheck,
           options: CompareOptions, version: str) -> SessionCheck:
    assert check.new is not None and check.data is not None and check.comparison is not None
    try:
        reanchor = session.replace_document(doc_id, check.new, check.data, summary=check.summary)
    except SessionError as exc:
        failed = ReportCheck(check.name, check.source, CheckStatus.FAILED,
                             f"not re-checked: {exc.detail}; the stored version is kept",
                             check.old)
        return SessionCheck(failed)
    # The new version is in place; a result that cannot be cached is only computed again later.
    with contextlib.suppress(SessionError):
        session.cache_comparison(official_sha, check.new.sha256, options, version,
                                 check.comparison)
    return settled(check, reanchor, session.annotations())


def settled(check: ReportCheck, reanchor: ReanchorReport,
            annotations: Sequence[Annotation]) -> SessionCheck:
    """A changed report's outcome once stored: which of ``annotations`` (the session's, read
    after the re-anchoring) moved with its text and which are left without a place."""
    assert check.new is not None
    sha = check.new.sha256
    on_doc = [a for a in annotations
              if a.id in reanchor.orphans or any(t.document_sha256 == sha for t in a.targets)]
    return SessionCheck(
        check, reanchor,
        tuple(a for a in on_doc if a.state is AnchorState.MOVED),
        tuple(a for a in on_doc if a.id in reanchor.orphans),
    )
