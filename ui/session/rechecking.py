"""Check for Changes: read every report again and keep the versions that changed.

``check_for_changes`` reads each loaded report again from its web address or file in the
background (``core.recheck.check_report``, which also compares the new version and lists the
findings that changed). Back on the window's thread each changed report is put in place as in
Replace Document (``ReplaceDocuments._put_in_place``: the old version stays in the document's
history with a summary, annotations are re-anchored, orphans kept), and ``rechecked`` carries
one ``SessionCheck`` per report for the changes dialog. A report that cannot be read again
changes nothing. A mixin of ``SessionController``, built on ``ReplaceDocuments``.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from core.documents import Progress, ShouldCancel
from core.recheck import (
    CheckStatus,
    ReportCheck,
    SessionCheck,
    check_report,
    settled,
    source_of,
)
from core.results import Comparison
from core.store import ReanchorReport, SessionError, engine_version
from ui.session.replacing import ReplaceDocuments
from ui.session.state import CompareFn, Status

log = logging.getLogger(__name__)

RECHECK_KEY = "recheck"


class RecheckDocuments(ReplaceDocuments):
    """Re-checking; needs ``rechecked`` (a signal) from the controller it is mixed into."""

    rechecked: Any
    _inner_compare: CompareFn

    def check_for_changes(self) -> bool:
        """Start re-checking every loaded report; False (with a message) if there are none."""
        ws = self.window_session
        official = ws.official()
        if official is None or official.document is None:
            self.message.emit("Open a release and its reports before checking them for changes")
            return False
        result = ws.result
        comparisons: dict[str, Comparison] = {}
        if result is not None and result.official.sha256 == official.document.sha256:
            for comp in result.comparisons:
                comparisons[result.documents[comp.report_index].sha256] = comp
        reports = [(e.id, e.document) for e in ws.entries
                   if e is not official and e.status is Status.READY and e.document is not None
                   and e.id in self._entry_doc]
        if not reports:
            self.message.emit("There are no loaded reports to check for changes")
            return False
        release, options = official.document, ws.options
        # The window's own loader and comparer run in child processes (a damaged download
        # cannot take the window down, and the event loop keeps the GIL).
        load, run = self._inner_load, self._inner_compare

        def work(should_cancel: ShouldCancel, progress: Progress) -> list[tuple[int, ReportCheck]]:
            out = []
            for i, (entry_id, doc) in enumerate(reports):
                if should_cancel():
                    break
                progress(i, len(reports), f"Checking {doc.name} for changes")
                try:
                    check = check_report(
                        release, doc, options=options, load=load, compare_fn=run,
                        old_comparison=comparisons.get(doc.sha256), should_cancel=should_cancel)
                except Exception as exc:  # one report's failure must not lose the others'
                    log.exception("re-checking %s failed", doc.name)
                    check = ReportCheck(doc.name, source_of(doc), CheckStatus.FAILED,
                                        f"not re-checked: {exc}; the stored version is kept", doc)
                out.append((entry_id, check))
            progress(len(reports), len(reports), "")
            return out

        ws.runner.submit(RECHECK_KEY, work, on_result=self._rechecked,
                         on_error=lambda msg: self.message.emit(f"Check for changes: {msg}"))
        return True

    def _rechecked(self, checks: list[tuple[int, ReportCheck]]) -> None:
        outcomes: list[SessionCheck] = []
        official = self.window_session.official()
        release_sha = official.document.sha256 if official and official.document else ""
        for entry_id, check in checks:
            if check.status is not CheckStatus.CHANGED or check.new is None or check.data is None:
                outcomes.append(SessionCheck(check))
                continue
            self._cache_new(release_sha, check)
            report = self._put_in_place(entry_id, check.new.path, check.new, check.data,
                                        check.summary)
            if report is None:
                kept = ReportCheck(check.name, check.source, CheckStatus.FAILED,
                                   "not re-checked: the new version could not be stored; the "
                                   "stored version is kept", check.old)
                outcomes.append(SessionCheck(kept))
                continue
            outcomes.append(self._outcome(check, report))
        changed = sum(o.check.status is CheckStatus.CHANGED for o in outcomes)
        failed = sum(o.check.status is CheckStatus.FAILED for o in outcomes)
        self.message.emit(
            f"Checked {len(outcomes)} report{'s' if len(outcomes) != 1 else ''}: {changed} "
            f"changed" + (f", {failed} could not be checked" if failed else ""))
        if changed:
            self.contentChanged.emit()
        self.rechecked.emit(tuple(outcomes))

    def _cache_new(self, release_sha: str, check: ReportCheck) -> None:
        """Keep the new version's comparison, so that the window's comparison after the swap
        finds it instead of comparing the report a second time."""
        if self.store is None or check.new is None or check.comparison is None:
            return
        with contextlib.suppress(SessionError):
            self.store.cache_comparison(release_sha, check.new.sha256,
                                        self.window_session.options, engine_version(),
                                        check.comparison)

    def _outcome(self, check: ReportCheck, report: ReanchorReport) -> SessionCheck:
        assert self.store is not None
        return settled(check, report, self.store.annotations())
