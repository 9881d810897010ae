"""Re-checking reports that changed after they were compared (stealth edits of web articles).

``check_report`` reads a report again from its web address or file and, when it changed, says
how: a word diff against the stored version, the new comparison with the release, and which
findings appeared, vanished or changed (``finding_changes``, matched by passage rather than by
offsets). It writes nothing. ``recheck_session`` does it for every report of a session file and
keeps each new version there (the old one in the document's history, annotations re-anchored,
orphans listed and kept). A report that cannot be read again, or whose page now has almost none
of the article (a login or error page), leaves the session as it was. Depends on
``documents``, ``results``, ``align``, ``compare``, ``review``, ``anchoring`` and ``store``.
Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.recheck.changes import Change, FindingChange, finding_changes
from core.recheck.check import MIN_KEPT, CheckStatus, ReportCheck, check_report, source_of
from core.recheck.session_check import SessionCheck, recheck_session, settled

__all__ = [
    "MIN_KEPT",
    "Change",
    "CheckStatus",
    "FindingChange",
    "ReportCheck",
    "SessionCheck",
    "check_report",
    "finding_changes",
    "recheck_session",
    "settled",
    "source_of",
]
