"""The evidence pack's parts: what every export format shows, as frozen values, and their colours.

``EvidencePack`` holds the documents, the coverage matrix and one ``ReportSection`` per report
(scorecard figures, passages side by side as ``PassageRow``s of ``Seg``s, word changes of altered
quotes and changed figures as ``DiffItem``s, meaning shifts as ``ShiftItem``s, notes).
``scorecard_cells`` and ``SCORECARD_HEADINGS`` are the scorecard every format prints; ``COLORS``
and ``LEGEND`` the highlight colours and their words. ``core.report.pack`` fills these; the
renderers only lay them out. Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.documents import Span
from core.report.options import ExportOptions
from core.report.originals import Crop, VersionNote
from core.results import DiffPiece, ReportStats

#: Highlight colours; they mirror ui/colors.py LIGHT (core must not import ui/, so keep in step).
COLORS: dict[str, str] = {
    "verbatim": "#b7e4c7",
    "paraphrase": "#bcd4f6",
    "moved": "#e0c3f5",
    "added": "#ffe08a",
    "omitted": "#f7c1c1",
    "quote_altered": "#e8590c",
    "quote_absent": "#c92a2a",
    "figure_changed": "#d6336c",
    "shift": "#6741d9",
    "annotation": "#fff3bf",
    "diff_insert": "#2b8a3e",
    "diff_delete": "#c92a2a",
}

#: Legend order and words, as in ui/colors.py LEGEND.
LEGEND: tuple[tuple[str, str], ...] = (
    ("verbatim", "Verbatim: the report repeats the release word for word"),
    ("paraphrase", "Paraphrase: the report takes the passage with words changed or its own"),
    ("moved", "Moved: used out of the release's order"),
    ("added", "Added by report: not in the release"),
    ("omitted", "Omitted from report: release passage the report leaves out"),
    ("shift", "Meaning shift: the report says something else than the release (see each report)"),
    ("diff_delete", "Struck through: release words the report dropped or changed"),
    ("diff_insert", "Underlined: words the report put in"),
    ("annotation", "Reviewer's note, with its tags"),
)


MATRIX_MARKS = {"verbatim": "V", "paraphrase": "P", "partial": "~", "none": ""}
#: Above this many reports the matrix is printed as a list (who uses each sentence), not a grid:
#: a grid of 100 narrow columns is unreadable and costs a page per few dozen sentences per chunk.
MATRIX_GRID_MAX = 32


class ExportCancelled(Exception):
    """``should_cancel()`` turned True while an export was being built; nothing was written."""


@dataclass(frozen=True)
class Seg:
    """A run of passage text; ``mark`` is "", "del" (release words dropped), "ins" (words the
    report put in) or "more" (an editorial remark such as "[1,200 more words]", not the text)."""

    text: str
    mark: str = ""


@dataclass(frozen=True)
class DocInfo:
    label: str
    title: str
    name: str
    outlet: str
    date: str
    sha256: str
    words: int
    source: str = ""
    #: Earlier versions kept in the session (a report re-checked after it changed).
    versions: tuple[VersionNote, ...] = ()


@dataclass(frozen=True)
class Note:
    id: int
    note: str
    tags: tuple[str, ...]
    quote: str
    state: str


@dataclass(frozen=True)
class PassageRow:
    #: "verbatim", "paraphrase", "added", "omitted" or "note" (an annotated, unlinked passage).
    kind: str
    moved: bool
    release: tuple[Seg, ...]
    report: tuple[Seg, ...]
    release_at: str
    report_at: str
    #: Findings inside the passage: "altered quote", "changed figure", "unsourced quote", ...
    flags: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    report_span: Span | None = field(default=None, compare=False)
    release_span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DiffItem:
    kind: str  # "Altered quote" or "Changed figure"
    where: str
    detail: str
    pieces: tuple[DiffPiece, ...]


@dataclass(frozen=True)
class ShiftItem:
    """One meaning shift as the pack prints it (``core.results.Shift``, words on one line)."""

    kind: str  # "certainty", "negation", ... (``ShiftKind`` values)
    direction: str  # "strengthened", "weakened" or "changed"
    release_words: str
    report_words: str
    explanation: str
    report_at: str
    release_at: str


@dataclass(frozen=True)
class ReportSection:
    number: int
    info: DocInfo
    stats: ReportStats
    rows: tuple[PassageRow, ...]
    diffs: tuple[DiffItem, ...]
    unplaced: tuple[Note, ...]
    note_count: int
    #: Rows left out by "findings only" (0 when every passage is shown).
    hidden_rows: int = 0
    #: The original pages around the findings, for a PDF release or report.
    crops: tuple[Crop, ...] = ()
    #: Meaning shifts, in report order.
    shifts: tuple[ShiftItem, ...] = ()


@dataclass(frozen=True)
class MatrixView:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, str, tuple[str, ...]], ...]  # (location, excerpt, cell uses)
    coverage: tuple[float, ...]


@dataclass(frozen=True)
class EvidencePack:
    session_name: str
    date: str
    release: DocInfo
    reports: tuple[DocInfo, ...]
    sections: tuple[ReportSection, ...]
    matrix: MatrixView
    release_notes: tuple[PassageRow, ...]
    options: ExportOptions
    complete: bool = True

    @property
    def header(self) -> str:
        return f"Concord evidence pack · {self.session_name} · {self.date}"


def pct(x: float) -> str:
    """A share in [0, 1] as the pack prints it: "17.3%"."""
    return f"{x * 100:.1f}%"


def scorecard_cells(stats: ReportStats, shifts: int) -> tuple[str, ...]:
    """Scorecard values in column order (see ``SCORECARD_HEADINGS``); ``shifts`` is the number
    of meaning shifts (``len(section.shifts)``)."""
    return (
        pct(stats.release_coverage), pct(stats.derived_share), pct(stats.verbatim_share),
        str(shifts), str(stats.altered_quotes), str(stats.changed_figures), str(stats.additions),
        str(stats.omissions),
    )


SCORECARD_HEADINGS = (
    "Coverage of release", "Share derived", "Verbatim share", "Meaning shifts", "Altered quotes",
    "Changed figures", "Additions", "Omissions",
)


def matrix_users(columns: tuple[str, ...], uses: tuple[str, ...]) -> str:
    """Who uses one release sentence, for the list form: "V: R1 R4 · P: R2 · ~: R7"."""
    parts = []
    for use in ("verbatim", "paraphrase", "partial"):
        names = [columns[c] for c, u in enumerate(uses) if u == use]
        if names:
            parts.append(f"{MATRIX_MARKS[use]}: {' '.join(names)}")
    return " · ".join(parts)
