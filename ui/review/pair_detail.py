"""The detail area under the panes: meaning shifts, word diff and evidence of the selected pair.

A pair with meaning shifts lists them first, each with its kind, direction, the release's words
against the report's and the explanation, marked in the shift colour. A paraphrase also gets the
meaning model's answer (same thing or not), which arrives from the background after the pair
is shown (``ui/window/meaning_wiring.py``) unless the comparison already carries it.

Deleted words (in the release, dropped by the report) are struck through in the diff-delete colour,
inserted words are in the diff-insert colour, both from ``ui/colors.py``. Also explains omitted and
added passages. HTML is built here; nothing is computed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtWidgets import QTextBrowser, QWidget

from core.align import MEANING_FEATURE, SAME_MEANING, readable
from core.results import DiffOp, DiffPiece, Link, LinkKind, Shift
from ui.style.colors import Colors


def diff_html(pieces: Sequence[DiffPiece], colors: Colors) -> str:
    ins, dele = colors.diff_insert.name(), colors.diff_delete.name()
    out = []
    for piece in pieces:
        text = html.escape(piece.text)
        if piece.op is DiffOp.DELETE:
            out.append(f'<span style="color:{dele}; text-decoration:line-through">{text}</span>')
        elif piece.op is DiffOp.INSERT:
            out.append(f'<span style="color:{ins}; text-decoration:underline">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def _row(label: str, values: Sequence[str]) -> str:
    if not values:
        return ""
    shown = ", ".join(html.escape(v) for v in values[:20])
    more = f" … (+{len(values) - 20})" if len(values) > 20 else ""
    return f"<tr><td><b>{label}</b></td><td>{shown}{more}</td></tr>"


def _said(words: str) -> str:
    return f"“{html.escape(' '.join(words.split()))}”" if words.strip() else "<i>nothing</i>"


def shifts_html(shifts: Sequence[Shift], colors: Colors) -> str:
    """The meaning shifts of a pair as a list: what changed, which way, and why it matters."""
    if not shifts:
        return ""
    color = colors.shift.name()
    items = "".join(
        f'<li><b style="color:{color}">{html.escape(s.kind.value.capitalize())}</b> '
        f"({html.escape(s.direction.value)}): release {_said(s.release_words)} → report "
        f"{_said(s.report_words)}<br>{html.escape(s.explanation)}</li>"
        for s in shifts
    )
    n = len(shifts)
    head = f"{n} meaning shift{'s' if n != 1 else ''} in this pair"
    return f'<p style="color:{color}"><b>{head}</b></p><ul style="margin-top:0">{items}</ul>'


#: Why a pair gets no answer when the model cannot read its script.
UNREAD = "the model reads English text only"


def meaning_text(
    probability: float | None, problem: str | None = None, shifted: bool = False
) -> str:
    """The meaning model's answer for a pair in words; "checking…" while it is still reading.

    The model misses changed numbers and single words ("£5,000" for "£50,000"); next to meaning
    shifts it only says the pair reads as a paraphrase.
    """
    if problem:
        return f"not available: {problem}"
    if probability is None:
        return "checking…"
    if probability >= SAME_MEANING and shifted:
        return (f"reads as a paraphrase (model {probability:.2f}), but see the meaning "
                f"shifts below")
    if probability >= SAME_MEANING:
        return f"says the same thing (model {probability:.2f})"
    return (
        f"not the same: the report adds, drops or changes something; read it closely "
        f"(model {probability:.2f})"
    )


def link_html(
    link: Link, number: int, total: int, official_text: str, report_text: str, colors: Colors,
    shifts: Sequence[Shift] = (), meaning: str | None = None,
) -> str:
    kind = link.kind.value + (", moved" if link.moved else "")
    head = f"<p><b>Pair {number} of {total}</b> · {html.escape(kind)} · score {link.score:.2f}</p>"
    if meaning is not None:
        head += f"<p><b>Meaning:</b> {html.escape(meaning)}</p>"
    head += shifts_html(shifts, colors)
    if link.diff:
        body = f"<p>{diff_html(link.diff, colors)}</p>"
    else:
        body = (
            f"<p><b>Release:</b> {html.escape(official_text)}</p>"
            f"<p><b>Report:</b> {html.escape(report_text)}</p>"
        )
    ev = link.evidence
    rows = "".join(
        (
            _row("Shared phrases", ev.shared_phrases),
            _row("Shared numbers", ev.shared_numbers),
            _row("Shared names", ev.shared_names),
            _row("Shared terms", ev.shared_terms),
            _row("Scores", [f"{k} {v:.2f}" for k, v in ev.features if k != MEANING_FEATURE]),
        )
    )
    legend = (
        f'<p style="font-size:small">Words only in the release are '
        f'<span style="color:{colors.diff_delete.name()}; text-decoration:line-through">'
        f"struck through</span>; words only in the report are "
        f'<span style="color:{colors.diff_insert.name()}; text-decoration:underline">'
        f"underlined</span>.</p>"
    )
    return head + body + (f"<table cellspacing=4>{rows}</table>" if rows else "") + legend


def passage_html(title: str, text: str) -> str:
    return f"<p><b>{html.escape(title)}</b></p><p>{html.escape(text)}</p>"


class PairDetail(QTextBrowser):
    """Read-only rich text; ``show_link`` / ``show_passage`` / ``clear_detail``."""

    HINT = "Click a highlighted passage or a ribbon to see how the report changed it."

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colors = colors
        #: (link, number, total, release text, report text, shifts) of the pair shown.
        self._shown: tuple[Link, int, int, str, str, tuple[Shift, ...]] | None = None
        #: The paraphrase shown, when the model can and should be asked about it.
        self._ask: Link | None = None
        self.setAccessibleName("Pair detail: word differences and evidence")
        self.setOpenLinks(False)
        self.clear_detail()

    def clear_detail(self) -> None:
        self._shown = self._ask = None
        self.setHtml(f"<p><i>{html.escape(self.HINT)}</i></p>")

    def show_link(
        self, link: Link, number: int, total: int, official_text: str, report_text: str,
        shifts: Sequence[Shift] = (),
    ) -> None:
        """Show a pair; a paraphrase's meaning line reads "checking…" until ``set_meaning``."""
        known = dict(link.evidence.features).get(MEANING_FEATURE)
        meaning = None
        self._ask = None
        if link.kind is LinkKind.PARAPHRASE:
            unread = None if readable(report_text) and readable(official_text) else UNREAD
            meaning = meaning_text(known, unread, bool(shifts))
            if known is None and unread is None:
                self._ask = link
        self._shown = (link, number, total, official_text, report_text, tuple(shifts))
        self.setHtml(link_html(link, number, total, official_text, report_text, self._colors,
                               shifts, meaning))

    def needs_meaning(self) -> Link | None:
        """The paraphrase shown whose meaning is not known yet, if any."""
        return self._ask

    def set_meaning(self, link: Link, probability: float | None, problem: str | None) -> None:
        """The model's answer for ``link``; ignored if another pair is shown by now."""
        if self._shown is None or self._shown[0] != link:
            return
        bar = self.verticalScrollBar().value()
        _, number, total, official_text, report_text, shifts = self._shown
        self.setHtml(link_html(link, number, total, official_text, report_text, self._colors,
                               shifts, meaning_text(probability, problem, bool(shifts))))
        self.verticalScrollBar().setValue(bar)

    def show_passage(self, title: str, text: str) -> None:
        self._shown = self._ask = None
        self.setHtml(passage_html(title, text))
