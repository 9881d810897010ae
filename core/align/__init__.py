"""Alignment: which report passages come from which release passages, and the words that changed.

``segment`` cuts a document into ``Sentence`` units (sentences, headings, list items; furniture
marked); ``ReleaseIndex`` indexes the release once; ``align_report`` links each report sentence,
or a clause of it (``clauses.py``), to at most a few release sentences or clauses (verbatim or
paraphrase, moved or in order) with the evidence that decided it (``score.py`` the features,
``text.py`` tokens and stems, ``rarity.py`` general-English word rarity from wordfreq, so that
links do not depend on how long the release is, nor on other text around the report: only a
story's rarer words count as its topic, and headline and lead are found from the links);
``word_diff`` gives the word-level diff of a linked pair (diff-match-patch on word tokens);
``analyse`` gives a sentence's content-word stems, names and numbers as scoring sees them;
``same_meaning`` asks a cross-encoder (``meaning.py``, numpy only) whether two passages say the
same thing: the verdict model for the pairs a caller chooses, and with ``quick=True`` the small
model for clause pairs just under the clause bar, which it links when it reads them as the same
(``CompareOptions.meaning_rescue``).
Depends on ``documents`` and ``results``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.align.aligner import ReleaseIndex, align_report
from core.align.meaning import FEATURE as MEANING_FEATURE
from core.align.meaning import (
    SAME_MEANING,
    MeaningModelMissing,
    check_meaning_model,
    readable,
    same_meaning,
)
from core.align.rarity import load_word_list, rarities
from core.align.rarity import preload as preload_rarity
from core.align.rarity import warm as warm_rarity
from core.align.segment import segment
from core.align.text import analyse, stem
from core.align.worddiff import tokenize, word_diff

__all__ = [
    "MEANING_FEATURE",
    "SAME_MEANING",
    "MeaningModelMissing",
    "ReleaseIndex",
    "align_report",
    "analyse",
    "check_meaning_model",
    "load_word_list",
    "preload_rarity",
    "rarities",
    "readable",
    "same_meaning",
    "segment",
    "stem",
    "tokenize",
    "warm_rarity",
    "word_diff",
]
