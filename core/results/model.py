"""Frozen result types of a comparison: links, additions, omissions, quotes, figures, scores.

This is the contract between the engine (``core/align`` and ``core/judge``, run by
``core/compare``), the window (``ui/``), the session store and the exporters. Every span is a
``Span`` into the text of the document it names (``official`` spans into the release, ``report``
spans into the report). Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from core.documents import Document, Span


class RunState(str, Enum):
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class LinkKind(str, Enum):
    VERBATIM = "verbatim"
    PARAPHRASE = "paraphrase"


class QuoteVerdict(str, Enum):
    EXACT = "exact"
    ALTERED = "altered"
    ABSENT = "absent"


class FigureVerdict(str, Enum):
    MATCH = "match"
    CHANGED = "changed"
    ABSENT = "absent"


class DiffOp(str, Enum):
    EQUAL = "equal"
    INSERT = "insert"  # words the report has and the release does not
    DELETE = "delete"  # words the release has and the report dropped


@dataclass(frozen=True)
class DiffPiece:
    """One piece of a word-level diff from the release's wording to the report's."""

    op: DiffOp
    text: str


@dataclass(frozen=True)
class Sentence:
    """A segmentation unit: one sentence, heading, caption or list item."""

    span: Span
    paragraph: int
    furniture: bool = False


@dataclass(frozen=True)
class Evidence:
    """Why two passages were linked, for the window to explain the link."""

    shared_terms: tuple[str, ...] = ()
    shared_phrases: tuple[str, ...] = ()
    shared_numbers: tuple[str, ...] = ()
    shared_names: tuple[str, ...] = ()
    #: Named sub-scores in [0, 1], e.g. ("token_set", 0.82), ("rare_overlap", 0.6).
    features: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Link:
    official: Span
    report: Span
    kind: LinkKind
    moved: bool
    score: float
    evidence: Evidence = field(default_factory=Evidence)
    diff: tuple[DiffPiece, ...] = ()


@dataclass(frozen=True)
class Quote:
    report: Span
    text: str
    verdict: QuoteVerdict
    speaker: str | None = None
    official: Span | None = None
    diff: tuple[DiffPiece, ...] = ()


@dataclass(frozen=True)
class Figure:
    report: Span
    text: str
    #: Normalised value, e.g. "140000000 GBP", "0.333", "5 year", "2023-12-05".
    value: str
    verdict: FigureVerdict
    official: Span | None = None
    official_text: str | None = None
    #: What changed, in words: "report says £150m; the release says £140m".
    note: str = ""


class ShiftKind(str, Enum):
    """What a meaning shift changed (``core/shifts`` explains each kind)."""

    CERTAINTY = "certainty"
    NEGATION = "negation"
    QUANTITY = "quantity"
    CONDITION = "condition"
    ATTRIBUTION = "attribution"
    REFERENCE = "reference"
    TIME = "time"
    TRUNCATION = "truncation"


class ShiftDirection(str, Enum):
    #: The report says it more firmly, more widely or with fewer limits than the release.
    STRENGTHENED = "strengthened"
    #: The report says it less firmly, or casts doubt the release does not.
    WEAKENED = "weakened"
    #: Different, neither stronger nor weaker (another speaker, another reference point).
    CHANGED = "changed"


@dataclass(frozen=True)
class Shift:
    """A place where a report passage says something different from its release source."""

    kind: ShiftKind
    report: Span
    official: Span
    direction: ShiftDirection
    #: The release's words the shift is about ("may cost up to"); "" when the release has none.
    release_words: str
    #: The report's words opposite them ("will cost"); "" when the report dropped them.
    report_words: str
    #: One line a person can check against both texts.
    explanation: str


@dataclass(frozen=True)
class ReportStats:
    #: Share of the release's (non-furniture) characters this report covers.
    release_coverage: float
    #: Share of the report's (non-furniture) characters derived from the release.
    derived_share: float
    #: Share of the report's (non-furniture) characters in verbatim links.
    verbatim_share: float
    altered_quotes: int
    changed_figures: int
    additions: int
    omissions: int


@dataclass(frozen=True)
class Comparison:
    """One report against the release."""

    official_index: int
    report_index: int
    links: tuple[Link, ...]
    added: tuple[Span, ...]
    omitted: tuple[Span, ...]
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    stats: ReportStats
    official_sentences: tuple[Sentence, ...] = ()
    report_sentences: tuple[Sentence, ...] = ()
    #: Meaning shifts of the links, quotes and figures, in report order.
    shifts: tuple[Shift, ...] = ()


@dataclass(frozen=True)
class CompareOptions:
    #: Link scores below this are dropped (precision over recall).
    min_score: float = 0.5
    #: Per-pair diff-match-patch timeout in seconds; finite so nothing runs unbounded.
    diff_timeout: float = 0.5
    #: Documents longer than this many characters are refused with a clear error.
    max_chars: int = 5_000_000
    #: At most this many release sentences are scored per report sentence, those sharing the
    #: most word mass first: to push a source out, 64 unrelated sentences would have to share
    #: more of the report sentence's rare words than it does.
    max_candidates: int = 64
    #: A report sentence links to at most this many release sentences.
    max_links_per_sentence: int = 2
    #: A second release sentence must cover this share (IDF mass) of new report words.
    second_link_gain: float = 0.2
    #: Ask the verdict meaning model (``core.align.meaning``) whether each paraphrase link says
    #: the same thing; its probability joins the link's evidence as ``same_meaning``. Off by
    #: default: it costs about 0.25 s a link, where a link's lexical score costs microseconds.
    meaning: bool = False
    #: A clause pair just under the clause bar, with the shared words a clause link needs, is
    #: linked when the quick meaning model finds the two say the same (``align/sources.py``).
    meaning_rescue: bool = True


@dataclass(frozen=True)
class CompareResult:
    """``documents[0]`` is the release; ``comparisons[i]`` compares it with ``documents[i + 1]``."""

    documents: tuple[Document, ...]
    comparisons: tuple[Comparison, ...]
    state: RunState = RunState.COMPLETED

    @property
    def official(self) -> Document:
        return self.documents[0]

    @property
    def reports(self) -> tuple[Document, ...]:
        return self.documents[1:]
