"""The findings panel: one report's findings in groups, what matters first, with a filter and F7.

Groups (``core.review.FindingGroup``) are rows of a tree with their findings under them; the
low-value ones (unsourced material, confirmations) start folded. Per-kind filter checkboxes, a
count, a detail line and stepping: F7 / Shift+F7 call ``next_finding`` / ``previous_finding``,
which go through every finding the filter keeps in list order, wrap, and unfold a group they
step into. Selecting, activating or stepping to a finding emits ``findingActivated(Finding)``
for the compare view to scroll to. The model and the icons are ``findings_model.py``; colours
come from ``ui.style.colors`` only. Must not compute findings itself (that is ``core``).
"""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.documents import Document
from core.results import CompareResult
from core.review import LOW_VALUE_GROUPS, Finding, FindingGroup, FindingKind, findings_for
from ui.review.findings_model import GROUP_ROLE, FindingsModel, kind_icon

#: Filter boxes: each kind belongs to exactly one, so the checkboxes partition the list.
FILTERS: tuple[tuple[str, str, frozenset[FindingKind]], ...] = (
    ("shifts", "Shifts", frozenset({FindingKind.SHIFT})),
    ("quotes", "Quotes", frozenset({FindingKind.QUOTE_ALTERED, FindingKind.QUOTE_ABSENT})),
    ("figures", "Figures", frozenset({FindingKind.FIGURE_CHANGED, FindingKind.FIGURE_ABSENT})),
    ("omitted", "Omitted", frozenset({FindingKind.OMITTED})),
    ("added", "Added", frozenset({FindingKind.ADDED})),
    ("confirmed", "Confirmed", frozenset({FindingKind.QUOTE_EXACT, FindingKind.FIGURE_MATCH})),
)
FILTER_TIPS = {
    "shifts": "Meaning shifts: the report says something else than the release (a hedge "
    "dropped, a condition left out, another speaker, ...)",
    "quotes": "Quotes worded differently from the release, or not found in it",
    "figures": "Numbers, sums and dates that differ from the release, or are not in it",
    "omitted": "Passages of the release the report leaves out",
    "added": "Passages the report has and the release does not",
    "confirmed": "Quotes word for word as in the release, and figures that match it",
}
#: The kind whose icon a filter box shows.
FILTER_ICON = {
    "shifts": FindingKind.SHIFT, "quotes": FindingKind.QUOTE_ALTERED,
    "figures": FindingKind.FIGURE_CHANGED, "omitted": FindingKind.OMITTED,
    "added": FindingKind.ADDED, "confirmed": FindingKind.QUOTE_EXACT,
}


#: A group with more rows than this starts folded unless the user unfolded it: its count is in
#: its heading, and laying out the 3,000 passages a long release's omissions list took 20 ms
#: of the window's time at every report shown.
LARGE_GROUP = 300


class FindingsPanel(QWidget):
    """Grouped, filterable list of one report's findings with wrap-around stepping."""

    #: The ``core.review.Finding`` the user selected, activated or stepped to.
    findingActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self._model = FindingsModel(self)
        # Source row of the finding last selected or stepped to; stepping continues from it even
        # when the filter has since hidden it.
        self._anchor = -1
        self._quiet = False
        self._title = ""
        self._index = -1
        #: Whether each group is unfolded; kept across reports, as the user last left it.
        self._expanded = {g: g not in LOW_VALUE_GROUPS for g in FindingGroup}
        #: Groups the user folded or unfolded: their choice holds whatever their size.
        self._chosen: set[FindingGroup] = set()
        self._restoring = False

        self._boxes: dict[str, QCheckBox] = {}
        # Three to a row, so the panel stays narrow enough to dock beside the texts.
        filters = QGridLayout()
        filters.setHorizontalSpacing(10)
        filters.setVerticalSpacing(2)
        for i, (key, label, _kinds) in enumerate(FILTERS):
            box = QCheckBox(label, self)
            box.setChecked(True)
            box.setToolTip(FILTER_TIPS[key])
            box.setIcon(kind_icon(FILTER_ICON[key]))
            box.toggled.connect(self._filter_changed)
            self._boxes[key] = box
            filters.addWidget(box, i // 3, i % 3)
        filters.setColumnStretch(3, 1)

        self._count = QLabel("No report selected", self)
        self._count.setObjectName("findingsCount")
        self._prev = QToolButton(self)
        self._prev.setIcon(qta.icon("fa5s.chevron-up", color=self._ink()))
        self._prev.setToolTip("Previous finding (Shift+F7)")
        self._prev.setAutoRaise(True)
        self._prev.clicked.connect(self.previous_finding)
        self._next = QToolButton(self)
        self._next.setIcon(qta.icon("fa5s.chevron-down", color=self._ink()))
        self._next.setToolTip("Next finding (F7)")
        self._next.setAutoRaise(True)
        self._next.clicked.connect(self.next_finding)
        bar = QHBoxLayout()
        bar.addWidget(self._count, 1)
        bar.addWidget(self._prev)
        bar.addWidget(self._next)

        self._view = QTreeView(self)
        self._view.setObjectName("findingsList")
        self._view.setModel(self._model)
        self._view.setRootIsDecorated(True)
        self._view.setUniformRowHeights(True)
        self._view.setAlternatingRowColors(True)
        self._view.setAllColumnsShowFocus(True)
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._view.setAccessibleName("Findings")
        header = self._view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A computed width (``_fit_where_column``): ResizeToContents asks data() of every row.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self._view.selectionModel().currentRowChanged.connect(self._current_changed)
        self._view.activated.connect(self._activated)
        self._view.expanded.connect(lambda index: self._remember(index, True))
        self._view.collapsed.connect(lambda index: self._remember(index, False))
        self._model.modelReset.connect(self._restore_groups)

        self._detail = QLabel(self)
        self._detail.setObjectName("findingDetail")
        self._detail.setWordWrap(True)
        self._detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._detail.setMinimumHeight(self._detail.fontMetrics().lineSpacing() * 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(self._view, 1)
        layout.addWidget(self._detail)
        self._update_counts()

    # -- data ---------------------------------------------------------------------------------

    def set_comparison(
        self, result: CompareResult, index: int, findings: tuple[Finding, ...] | None = None
    ) -> None:
        """Show the findings of ``result.comparisons[index]``; the filter is kept. Pass
        ``findings`` (its ``findings_for``) when a worker made them: else they are computed
        here, on the GUI thread (5 to 40 ms on a 50,000-word release)."""
        if findings is None:
            findings = findings_for(result, index)  # raises a clear IndexError for a bad index
        elif not 0 <= index < len(result.comparisons):
            findings_for(result, index)  # the same clear IndexError
        comp = result.comparisons[index]
        official = result.documents[comp.official_index]
        report = result.documents[comp.report_index]
        self._title = report.title or report.name
        self._index = index
        self._set(findings, official, report)

    def comparison_index(self) -> int:
        """The index into ``result.comparisons`` shown, or -1."""
        return self._index

    def clear(self) -> None:
        self._title = ""
        self._index = -1
        self._set((), None, None)

    def _set(
        self, findings: tuple[Finding, ...], official: Document | None, report: Document | None
    ) -> None:
        self._quiet = True
        try:
            self._model.set_findings(findings, official, report)
        finally:
            self._quiet = False
        self._anchor = -1
        self._detail.clear()
        self._update_counts()
        self._fit_where_column()

    def _fit_where_column(self) -> None:
        texts = set(self._model.where_texts()) | {FindingsModel.HEADERS[1]}
        widest = max(self._view.fontMetrics().horizontalAdvance(t) for t in texts)
        self._view.header().resizeSection(1, widest + 24)

    def model(self) -> FindingsModel:
        return self._model

    def view(self) -> QTreeView:
        return self._view

    def findings(self) -> tuple[Finding, ...]:
        """All findings of the current report, filtered or not, in list (group) order."""
        return self._model.findings()

    def visible_findings(self) -> tuple[Finding, ...]:
        """The findings the filter keeps, in list order (folded groups included)."""
        return tuple(self._model.finding(r) for r in self._model.shown_rows())

    def current_finding(self) -> Finding | None:
        row = self._model.source_row(self._view.currentIndex())
        return self._model.finding(row) if row is not None else None

    # -- groups -------------------------------------------------------------------------------

    def is_expanded(self, group: FindingGroup) -> bool:
        """Whether ``group`` is unfolded (as it will be when it next has a row)."""
        if group in self._chosen:
            return self._expanded[group]
        return self._expanded[group] and self._model.group_size(group) <= LARGE_GROUP

    def set_expanded(self, group: FindingGroup, expanded: bool) -> None:
        self._expanded[group] = expanded
        self._chosen.add(group)
        index = self._model.group_index(group)
        if index.isValid():
            self._view.setExpanded(index, expanded)

    def _remember(self, index: QModelIndex, expanded: bool) -> None:
        group = self._model.data(index, GROUP_ROLE)
        if isinstance(group, FindingGroup) and not self._restoring:
            self._expanded[group] = expanded
            self._chosen.add(group)

    def _restore_groups(self) -> None:
        # A reset forgets what was unfolded and which rows span both columns.
        self._restoring = True
        try:
            for pos, group in enumerate(self._model.groups()):
                self._view.setFirstColumnSpanned(pos, QModelIndex(), True)
                self._view.setExpanded(self._model.group_index(group), self.is_expanded(group))
        finally:
            self._restoring = False

    # -- filter -------------------------------------------------------------------------------

    def kinds(self) -> frozenset[FindingKind]:
        return self._model.kinds()

    def set_group_visible(self, group: str, visible: bool) -> None:
        """Tick or untick a filter box: "shifts", "quotes", "figures", "omitted", "added",
        "confirmed"."""
        if group not in self._boxes:
            raise KeyError(f"unknown findings group {group!r}; one of {', '.join(self._boxes)}")
        self._boxes[group].setChecked(visible)

    def _filter_changed(self) -> None:
        kinds = frozenset(
            kind for key, _, group in FILTERS if self._boxes[key].isChecked() for kind in group
        )
        anchor = self._anchor
        self._quiet = True
        try:
            self._model.set_kinds(kinds)
            # The reset leaves nothing current; a finding still shown is selected again, and F7
            # continues from a hidden one's place.
            if anchor >= 0 and self._model.index_of_row(anchor).isValid():
                self._select_source_row(anchor)
            else:
                self._detail.clear()
            self._anchor = anchor
        finally:
            self._quiet = False
        self._update_counts()

    # -- stepping -----------------------------------------------------------------------------

    def next_finding(self) -> Finding | None:
        """Step to the next shown finding after the current one, wrapping to the first."""
        rows = self._model.shown_rows()
        if not rows:
            return None
        after = [r for r in rows if r > self._anchor]
        return self._step_to(after[0] if after else rows[0])

    def previous_finding(self) -> Finding | None:
        """Step to the previous shown finding, wrapping to the last."""
        rows = self._model.shown_rows()
        if not rows:
            return None
        before = [r for r in rows if r < self._anchor] if self._anchor >= 0 else []
        return self._step_to(before[-1] if before else rows[-1])

    def select_key(self, key: str, emit: bool = False) -> bool:
        """Select the finding with ``key`` (e.g. when the user clicks it in the text)."""
        row = self._model.row_of_key(key)
        if row is None or not self._model.index_of_row(row).isValid():
            return False
        if emit:
            self._step_to(row)
        else:
            self._quiet = True
            try:
                self._select_source_row(row)
            finally:
                self._quiet = False
        return True

    def _step_to(self, source_row: int) -> Finding:
        finding = self._model.finding(source_row)
        if self._model.source_row(self._view.currentIndex()) == source_row:
            # Already current: no currentRowChanged will fire, but the user asked to go there.
            self._announce(source_row)
        else:
            self._select_source_row(source_row)
        return finding

    def _select_source_row(self, source_row: int) -> None:
        index = self._model.index_of_row(source_row)
        parent = index.parent()
        if parent.isValid() and not self._view.isExpanded(parent):
            self._view.setExpanded(parent, True)  # stepping into a folded group unfolds it
        self._view.setCurrentIndex(index)
        self._view.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        source_row = self._model.source_row(current)
        if source_row is None:
            self._detail.clear()
            return
        self._anchor = source_row
        self._detail.setText(self._model.finding(source_row).detail)
        if not self._quiet:
            self._announce(source_row)

    def _activated(self, index: QModelIndex) -> None:
        source_row = self._model.source_row(index)
        if source_row is not None:
            self._announce(source_row)

    def _announce(self, source_row: int) -> None:
        self._anchor = source_row
        self.findingActivated.emit(self._model.finding(source_row))

    # -- helpers ------------------------------------------------------------------------------

    def _update_counts(self) -> None:
        found = self._model.findings()
        total = len(found)
        shown = len(self._model.shown_rows())
        for key, label, kinds in FILTERS:
            n = sum(1 for f in found if f.kind in kinds)
            self._boxes[key].setText(f"{label} {n}")
        if not self._title:
            text = "No report selected"
        elif total == 0:
            text = "No findings"
        elif shown == total:
            text = f"{total} finding{'s' if total != 1 else ''}"
        else:
            text = f"{shown} of {total} findings shown"
        self._count.setText(text)
        self._count.setToolTip(self._title)
        self._prev.setEnabled(shown > 0)
        self._next.setEnabled(shown > 0)

    @staticmethod
    def _ink() -> str:
        return str(QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name())
