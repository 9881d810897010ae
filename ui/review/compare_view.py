"""Side by side: release pane | ribbon gutter | report pane, a legend, and the pair detail.

Shows one ``Comparison`` of a ``CompareResult``: link passages coloured by kind in both panes,
omissions in the release, additions in the report, altered quotes and changed figures underlined,
meaning shifts dotted under their words in both panes. Clicking a passage or ribbon selects the
pair (both panes scroll to it, the detail shows its meaning shifts, word diff and evidence). While
the lock is on, scrolling one pane scrolls the other to the linked passage. Colours come from
``ui/colors.py``; no comparison logic here.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.documents import Span
from core.results import CompareResult, Comparison, FigureVerdict, Link, QuoteVerdict, Shift
from ui.review.find_bar import FindBar
from ui.review.pair_detail import PairDetail
from ui.review.ribbon import Ribbon, RibbonGutter
from ui.review.text_pane import (
    DOTTED_KINDS,
    UNDERLINE_KINDS,
    Highlight,
    TextPane,
    annotation_fill,
    annotation_underline,
)
from ui.style.colors import LEGEND, Colors
from ui.style.icons import icon

ANNOTATED_LABEL = "Annotated"


def link_kind(link: Link) -> str:
    return "moved" if link.moved else link.kind.value


def shifts_of_link(comp: Comparison, link: Link) -> tuple[Shift, ...]:
    """The comparison's meaning shifts inside a linked pair (their report words in its report
    passage), in report order."""
    return tuple(s for s in comp.shifts
                 if s.report.overlaps(link.report) or link.report.contains(s.report.start))


def legend_html(colors: Colors) -> str:
    """The legend as rich text: a swatch (or an underline bar) and a word per colour."""
    parts = []
    for kind, label in LEGEND:
        color = colors.for_kind(kind).name()
        if kind in UNDERLINE_KINDS:
            swatch = f'<span style="color:{color}; font-weight:bold">&#x2501;&#x2501;</span>'
        elif kind in DOTTED_KINDS:
            dots = "&#x2022;" * 3
            swatch = f'<span style="color:{color}; font-weight:bold">{dots}</span>'
        else:
            swatch = f'<span style="background-color:{color}">&nbsp;&nbsp;&nbsp;&nbsp;</span>'
        parts.append(f"<span style='white-space:nowrap'>{swatch}&nbsp;{html.escape(label)}</span>")
    # Annotated passages: the word itself marked as the panes mark them.
    fill, line = annotation_fill(colors.annotation), annotation_underline(colors.annotation)
    parts.append(
        f"<span style='white-space:nowrap; background-color:{fill.name(QColor.NameFormat.HexArgb)};"
        f" text-decoration:underline; color:{line.name()}'>"
        f"{html.escape(ANNOTATED_LABEL)}</span>"
    )
    return " &nbsp; ".join(parts)


def legend_strip(colors: Colors, parent: QWidget | None = None) -> QLabel:
    strip = QLabel(legend_html(colors), parent)
    strip.setTextFormat(Qt.TextFormat.RichText)
    strip.setWordWrap(True)
    strip.setAccessibleName("Colour legend")
    strip.setAccessibleDescription(
        ", ".join([*(label for _kind, label in LEGEND), ANNOTATED_LABEL])
    )
    strip.setContentsMargins(4, 2, 4, 2)
    return strip


class CompareView(QWidget):
    """The Compare tab."""

    #: Index into ``Comparison.links`` of the selected pair, -1 for none.
    linkSelected = Signal(int)
    #: The user selected text: side ("official" | "report") and Span. Hook for annotations.
    passageSelected = Signal(str, object)

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors = colors
        self.result: CompareResult | None = None
        self.comparison: Comparison | None = None
        self.selected_link = -1
        #: The side and pairs of the last passage asked for, and the pair it selected: asked
        #: again while that pair is still selected, it steps on to the next.
        self._last_ask: tuple[str, tuple[int, ...], int] | None = None
        self._syncing = False
        self._by_report: list[tuple[int, int]] = []
        self._by_official: list[tuple[int, int]] = []

        self.release_pane = TextPane("Release text", self)
        self.report_pane = TextPane("Report text", self)
        self.gutter = RibbonGutter(self.release_pane, self.report_pane, colors.ribbon_alpha, self)
        self.detail = PairDetail(colors, self)
        self.find_bar = FindBar([self.release_pane, self.report_pane], colors, self)
        self.find_bar.hide()
        self.release_title = QLabel("Release", self)
        self.report_title = QLabel("Report", self)
        for lbl in (self.release_title, self.report_title):
            lbl.setTextFormat(Qt.TextFormat.PlainText)
            lbl.setAccessibleName(lbl.text() + " title")
        self.lock_button = QToolButton(self)
        self.lock_button.setCheckable(True)
        self.lock_button.setChecked(True)
        self.lock_button.setAccessibleName("Lock scrolling")
        self.lock_button.toggled.connect(self._lock_toggled)
        self._lock_toggled(True)

        titles = QHBoxLayout()
        titles.addWidget(self.release_title, 1)
        titles.addWidget(self.lock_button)
        titles.addWidget(self.report_title, 1)
        self.panes = QSplitter(Qt.Orientation.Horizontal, self)
        self.panes.setObjectName("compare_panes")
        for w in (self.release_pane, self.gutter, self.report_pane):
            self.panes.addWidget(w)
        self.panes.setCollapsible(1, False)
        self.panes.setStretchFactor(0, 1)
        self.panes.setStretchFactor(2, 1)
        self.panes.setSizes([500, 64, 500])
        top = QWidget(self)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(titles)
        tl.addWidget(self.panes, 1)
        self.vsplit = QSplitter(Qt.Orientation.Vertical, self)
        self.vsplit.setObjectName("compare_detail_split")
        self.vsplit.addWidget(top)
        self.vsplit.addWidget(self.detail)
        self.vsplit.setStretchFactor(0, 4)
        self.vsplit.setStretchFactor(1, 1)
        self.vsplit.setSizes([520, 140])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(legend_strip(colors, self))
        layout.addWidget(self.find_bar)
        layout.addWidget(self.vsplit, 1)

        self.gutter.ribbonClicked.connect(self.select_link)
        self.release_pane.spanSelected.connect(lambda s: self.passageSelected.emit("official", s))
        self.report_pane.spanSelected.connect(lambda s: self.passageSelected.emit("report", s))
        self.release_pane.offsetClicked.connect(lambda off: self._clicked("official", off))
        self.report_pane.offsetClicked.connect(lambda off: self._clicked("report", off))
        self.release_pane.verticalScrollBar().valueChanged.connect(
            lambda _v: self._sync_from("official")
        )
        self.report_pane.verticalScrollBar().valueChanged.connect(
            lambda _v: self._sync_from("report")
        )

    # -- content ----------------------------------------------------------------------------

    def set_comparison(self, result: CompareResult | None, index: int) -> None:
        """Show ``result.comparisons[index]`` (or clear the panes for None / -1)."""
        comp = (
            result.comparisons[index] if result and 0 <= index < len(result.comparisons) else None
        )
        same_release = (
            result is not None
            and self.result is not None
            and result.official is self.result.official
        )
        self.result, self.comparison, self.selected_link = result, comp, -1
        self._last_ask = None
        links = comp.links if comp is not None else ()
        # The link order goes with the comparison at once: panes re-laid out below move their
        # scroll bars, and a sync on the old order indexed the new links out of range.
        self._by_report = sorted((lk.report.start, i) for i, lk in enumerate(links))
        self._by_official = sorted((lk.official.start, i) for i, lk in enumerate(links))
        self._without_sync(lambda: self._fill_panes(result, comp, index, same_release))
        if self.find_bar.isVisible():
            self.find_bar.search()

    def _fill_panes(
        self, result: CompareResult | None, comp: Comparison | None, index: int, same_release: bool
    ) -> None:
        self.detail.clear_detail()
        if comp is None or result is None:
            self.release_pane.set_text(result.official.text if result else "")
            self.report_pane.set_text("")
            self.release_title.setText(f"Release: {result.official.name}" if result else "Release")
            self.report_title.setText("Report")
            self.gutter.set_ribbons([])
            return
        report = result.documents[comp.report_index]
        if not same_release or self.release_pane.text_length() != len(result.official.text):
            self.release_pane.set_text(result.official.text)
        self.report_pane.set_text(report.text)
        self.release_title.setText(f"Release: {result.official.name}")
        self.report_title.setText(f"Report {index + 1}: {report.name}")
        self.release_title.setToolTip(result.official.path)
        self.report_title.setToolTip(report.path)
        self._apply_highlights(comp)
        self.gutter.set_ribbons(
            [
                Ribbon(
                    i, lk.official, lk.report, link_kind(lk), self.colors.for_kind(link_kind(lk))
                )
                for i, lk in enumerate(comp.links)
            ]
        )
        self.release_pane.set_focus_span(None)
        self.report_pane.set_focus_span(None)

    def _apply_highlights(self, comp: Comparison) -> None:
        c = self.colors
        off: list[Highlight] = []
        rep: list[Highlight] = []
        for lk in comp.links:
            kind = link_kind(lk)
            off.append(Highlight(lk.official, kind, c.for_kind(kind)))
            rep.append(Highlight(lk.report, kind, c.for_kind(kind)))
        off += [Highlight(s, "omitted", c.omitted) for s in comp.omitted]
        rep += [Highlight(s, "added", c.added) for s in comp.added]
        for q in comp.quotes:
            if q.verdict is QuoteVerdict.ALTERED:
                rep.append(Highlight(q.report, "quote_altered", c.quote_altered))
                if q.official is not None:
                    off.append(Highlight(q.official, "quote_altered", c.quote_altered))
            elif q.verdict is QuoteVerdict.ABSENT:
                rep.append(Highlight(q.report, "quote_absent", c.quote_absent))
        for f in comp.figures:
            if f.verdict is FigureVerdict.CHANGED:
                rep.append(Highlight(f.report, "figure_changed", c.figure_changed))
                if f.official is not None:
                    off.append(Highlight(f.official, "figure_changed", c.figure_changed))
        for s in comp.shifts:
            # Both sides: the report's words and the release words they change.
            rep.append(Highlight(s.report, "shift", c.shift))
            if len(s.official):
                off.append(Highlight(s.official, "shift", c.shift))
        self.release_pane.set_highlights(off)
        self.report_pane.set_highlights(rep)

    def set_annotations(self, official: Sequence[Span], report: Sequence[Span]) -> None:
        """Mark annotated passages in both panes (hook for the annotations panel)."""
        self.release_pane.set_annotation_spans(official, self.colors.annotation)
        self.report_pane.set_annotation_spans(report, self.colors.annotation)

    # -- selection --------------------------------------------------------------------------

    def select_link(self, index: int) -> None:
        comp, result = self.comparison, self.result
        if comp is None or result is None or not (0 <= index < len(comp.links)):
            return
        link = comp.links[index]
        self.selected_link = index
        sel = self.colors.selection
        self.release_pane.set_focus_span(link.official, sel)
        self.report_pane.set_focus_span(link.report, sel)
        self._without_sync(lambda: self._reveal_pair(link))
        self.gutter.set_selected(index)
        report = result.documents[comp.report_index]
        self.detail.show_link(
            link,
            index + 1,
            len(comp.links),
            result.official.text[link.official.start : link.official.end],
            report.text[link.report.start : link.report.end],
            shifts_of_link(comp, link),
        )
        self.linkSelected.emit(index)

    def _reveal_pair(self, link: Link) -> None:
        self.report_pane.reveal(link.report)
        y = self.report_pane.offset_y(link.report.start)[0]
        self.release_pane.scroll_to_offset(link.official.start, max(0, y))

    def show_span(self, side: str, span: Span, *, cycle: bool = False) -> None:
        """Bring a finding's passage into view; select the pair it belongs to, if any.

        A passage several pairs share (a release sentence two report sentences draw on) selects
        the pair whose span is exactly ``span``, else the first; with ``cycle``, asking for the
        same passage again, straight after, selects the next of them, round.
        """
        comp = self.comparison
        if comp is None:
            return
        idx = self._link_at(side, span.start, span, cycle=cycle)
        if idx >= 0:
            self.select_link(idx)
        pane = self.release_pane if side == "official" else self.report_pane
        pane.set_focus_span(span, self.colors.selection)
        self._without_sync(lambda: pane.reveal(span))

    def _link_at(
        self, side: str, offset: int, span: Span | None = None, *, cycle: bool = False
    ) -> int:
        """The pair at ``offset`` (or overlapping ``span``) on ``side``, -1 if none; see
        ``show_span`` for which one when several are."""
        if self.comparison is None:
            return -1
        found = []
        for i, lk in enumerate(self.comparison.links):
            s = lk.official if side == "official" else lk.report
            if s.contains(offset) or (span is not None and s.overlaps(span)):
                found.append(i)
        asked, self._last_ask = self._last_ask, None
        if not found:
            return -1
        links = self.comparison.links
        exact = [i for i in found if (links[i].official if side == "official" else
                                       links[i].report) == span]
        chosen = exact[0] if exact else found[0]
        if not cycle:  # a finding or a note asks for its own pair: no stepping on from it
            return chosen
        if asked == (side, tuple(found), self.selected_link):
            chosen = found[(found.index(self.selected_link) + 1) % len(found)]
        self._last_ask = (side, tuple(found), chosen)
        return chosen

    def _clicked(self, side: str, offset: int) -> None:
        comp, result = self.comparison, self.result
        if comp is None or result is None:
            return
        idx = self._link_at(side, offset, cycle=True)
        if idx >= 0:
            self.select_link(idx)
            return
        spans, title = (
            (comp.omitted, "Omitted from the report")
            if side == "official"
            else (comp.added, "Added by the report")
        )
        doc = result.official if side == "official" else result.documents[comp.report_index]
        hit = next((s for s in spans if s.contains(offset)), None)
        pane = self.release_pane if side == "official" else self.report_pane
        if hit is not None:
            pane.set_focus_span(hit, self.colors.selection)
            self.detail.show_passage(title, doc.text[hit.start : hit.end])

    # -- synchronised scrolling -------------------------------------------------------------

    def _lock_toggled(self, on: bool) -> None:
        self.lock_button.setIcon(icon("lock" if on else "unlock"))
        self.lock_button.setToolTip(
            "Scrolling is locked: the other pane follows the linked passage (click to unlock)"
            if on
            else "Scrolling is unlocked: the panes scroll independently (click to lock)"
        )
        if on:
            self._sync_from("report")

    def _without_sync(self, fn: Callable[[], None]) -> None:
        was, self._syncing = self._syncing, True
        try:
            fn()
        finally:
            self._syncing = was

    def _sync_from(self, side: str) -> None:
        if self._syncing or not self.lock_button.isChecked() or self.comparison is None:
            return
        links = self.comparison.links
        order = self._by_report if side == "report" else self._by_official
        if not order:
            return
        src, dst = (
            (self.report_pane, self.release_pane)
            if side == "report"
            else (self.release_pane, self.report_pane)
        )
        top = src.offset_at_top()
        # The last link starting at or above the top line, else the first one below it.
        pos = bisect.bisect_right(order, (top, len(links))) - 1
        idx = order[max(pos, 0)][1]
        link = links[idx]
        s_span, d_span = (
            (link.report, link.official)
            if side == "report"
            else (
                link.official,
                link.report,
            )
        )
        if s_span.contains(top) and len(s_span) > 0:
            frac = (top - s_span.start) / len(s_span)
            target, pixels = d_span.start + int(frac * len(d_span)), 0
        else:
            if pos >= 0 and s_span.end <= top and pos + 1 < len(order):
                link = links[order[pos + 1][1]]
                s_span, d_span = (
                    (link.report, link.official)
                    if side == "report"
                    else (link.official, link.report)
                )
            target, pixels = d_span.start, max(0, src.offset_y(s_span.start)[0])
        self._without_sync(lambda: dst.scroll_to_offset(target, pixels))

    # -- settings ---------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("compare/panes", self.panes.saveState())
        settings.setValue("compare/detail", self.vsplit.saveState())
        settings.setValue("compare/locked", self.lock_button.isChecked())

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in (("compare/panes", self.panes), ("compare/detail", self.vsplit)):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        locked = settings.value("compare/locked")
        if locked is not None:
            self.lock_button.setChecked(str(locked).lower() in ("true", "1"))
