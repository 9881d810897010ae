"""The release side of quote and figure judging, prepared once and shared by every report.

``prepare_judges`` builds the release's word index (``ReleaseIndex``) at once and its figure
table on first use; ``judge_quotes`` and ``judge_figures`` take the result as ``prepared=`` so
that judging a hundred reports against one long release reads the release once, not two
hundred times. Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.documents import Document
from core.judge.figure_parse import FoundFigure
from core.judge.quote_match import ReleaseIndex, fallback_sentences
from core.judge.release_figures import ReleaseFigures
from core.results import Sentence


class JudgeContext:
    """One release, indexed for quote and figure judging; read-only once built."""

    def __init__(self, official: Document, official_sentences: Sequence[Sentence] = ()) -> None:
        self.document = official
        #: The sentences as the caller gave them (empty: segmented here).
        self.given_sentences = tuple(official_sentences)
        self.index = ReleaseIndex(official, self.given_sentences or fallback_sentences(official))
        self._figures: ReleaseFigures | None = None

    @property
    def figures(self) -> ReleaseFigures:
        """The release's figures by sentence, found on first use (quote judging needs none)."""
        if self._figures is None:
            self._figures = ReleaseFigures(self.document, self.index)
        return self._figures

    def use_figures(self, found: Sequence[FoundFigure]) -> None:
        """Build the figure table from ``find_figures(release text)`` computed elsewhere (a
        helper process finds a long release's figures while this one indexes its words)."""
        self._figures = ReleaseFigures(self.document, self.index, found)

    def serves(self, official: Document, official_sentences: Sequence[Sentence]) -> bool:
        """True when this context was prepared for exactly this release and these sentences."""
        same_doc = self.document is official or self.document == official
        given = self.given_sentences
        same_sents = given is official_sentences or given == tuple(official_sentences)
        return same_doc and same_sents


def prepare_judges(
    official: Document, official_sentences: Sequence[Sentence] = ()
) -> JudgeContext:
    """The release prepared for ``judge_quotes``/``judge_figures(..., prepared=...)``."""
    return JudgeContext(official, official_sentences)


def context_for(
    prepared: JudgeContext | None, official: Document, official_sentences: Sequence[Sentence]
) -> JudgeContext:
    """``prepared`` after checking it is about this release, or a context built now."""
    if prepared is None:
        return JudgeContext(official, official_sentences)
    if not prepared.serves(official, official_sentences):
        raise ValueError(
            f"the prepared judging context is for {prepared.document.name!r} and its sentences, "
            f"not for the release {official.name!r} passed with it"
        )
    return prepared
