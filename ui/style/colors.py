"""Every colour Concord's window uses, in one place, for light and dark palettes.

Widgets ask ``palette_colors(is_dark)`` for a ``Colors`` value instead of hard-coding colours, so
the legend, panes, ribbons, matrix and findings agree. May import PySide6 (QtGui only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QGuiApplication, QPalette


@dataclass(frozen=True)
class Colors:
    verbatim: QColor
    paraphrase: QColor
    moved: QColor
    added: QColor
    omitted: QColor
    quote_altered: QColor
    quote_absent: QColor
    figure_changed: QColor
    #: Meaning shifts: a dotted line under the words in both panes, the findings' swatch.
    shift: QColor
    annotation: QColor
    selection: QColor
    ribbon_alpha: int
    #: Word diff of a linked pair: words the report added / the report dropped; find matches.
    diff_insert: QColor = field(default_factory=lambda: QColor("#2b8a3e"))
    diff_delete: QColor = field(default_factory=lambda: QColor("#c92a2a"))
    find_match: QColor = field(default_factory=lambda: QColor("#fab005"))
    #: A passage shown in its original (PDF page boxes, marked paragraph).
    original_mark: QColor = field(default_factory=lambda: QColor("#ffd43b"))

    def for_kind(self, kind: str) -> QColor:
        """Colour for a finding or link kind name ("verbatim", "added", "quote_altered", ...)."""
        return QColor(getattr(self, kind))


LIGHT = Colors(
    verbatim=QColor("#b7e4c7"),
    paraphrase=QColor("#bcd4f6"),
    moved=QColor("#e0c3f5"),
    added=QColor("#ffe08a"),
    omitted=QColor("#f7c1c1"),
    quote_altered=QColor("#e8590c"),
    quote_absent=QColor("#c92a2a"),
    figure_changed=QColor("#d6336c"),
    shift=QColor("#6741d9"),
    annotation=QColor("#fff3bf"),
    selection=QColor("#4dabf7"),
    ribbon_alpha=120,
    diff_insert=QColor("#2b8a3e"),
    diff_delete=QColor("#c92a2a"),
    find_match=QColor("#fab005"),
)

DARK = Colors(
    verbatim=QColor("#2f6b45"),
    paraphrase=QColor("#2d4f7c"),
    moved=QColor("#5c3b78"),
    added=QColor("#7a6118"),
    omitted=QColor("#7d3434"),
    quote_altered=QColor("#ff922b"),
    quote_absent=QColor("#ff6b6b"),
    figure_changed=QColor("#f06595"),
    shift=QColor("#b197fc"),
    annotation=QColor("#5c5220"),
    selection=QColor("#74c0fc"),
    ribbon_alpha=140,
    diff_insert=QColor("#69db7c"),
    diff_delete=QColor("#ff8787"),
    find_match=QColor("#e67700"),
)

#: Legend order and labels; widgets and the exporter's legend use the same words.
LEGEND: tuple[tuple[str, str], ...] = (
    ("verbatim", "Verbatim"),
    ("paraphrase", "Paraphrase"),
    ("moved", "Moved"),
    ("added", "Added by report"),
    ("omitted", "Omitted from report"),
    ("quote_altered", "Altered quote"),
    ("figure_changed", "Changed figure"),
    ("shift", "Meaning shift"),
)


def is_dark_palette(palette: QPalette | None = None) -> bool:
    pal = palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def palette_colors(dark: bool | None = None) -> Colors:
    if dark is None:
        dark = is_dark_palette()
    return DARK if dark else LIGHT
