"""How rare a word stem is in general English: the part of a word's weight no document sets.

Word weights taken from the release alone change when the release does: the same report
sentence scored against a one-page release and against that page inside a 60-page report got
different links (a topic word looks rare among 6,000 unrelated sentences). So the weight a
stem carries as evidence starts from its frequency in general English, from wordfreq's English
list (web, news, subtitles, books, ...; shipped inside the wheel, nothing is downloaded), and
only the report's own repetition of a word (its topic) lowers it further (``score.Weights``).

A stem stands for several words ("defenc" for defence, defences), so its frequency is the sum
over the inflections of it that the stemmer maps back to it. Numbers keep wordfreq's own
treatment (digits are grouped by length). Unknown words (names, coinages) are the rarest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

from core.align.text import stem as stem_of

#: Zipf value (log10 of frequency per billion words) at which a word carries no weight at all.
ZIPF_CEIL = 8.0
#: Stems at least this common in English ("said", "people", "year") never nominate candidates.
NOMINATE_MAX_ZIPF = 6.3

_ENDINGS = ("", "s", "e", "es", "ed", "d", "ing", "ly", "er", "ers", "ion", "ions")


@lru_cache(maxsize=1)
def _english() -> dict[str, float]:
    # Imported here, not at the top: importing wordfreq takes ~0.12 s, and the window imports
    # this package at start-up but never weighs words itself (comparing runs in a child).
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def _word_frequency(word: str) -> float:
    from wordfreq import word_frequency

    return float(word_frequency(word, "en"))


def _frequency(word: str) -> float:
    """``wordfreq.word_frequency(word, "en")``, looked up directly for a plain word.

    The public function tokenizes every word it is given (about 18 µs); a long release asks
    for a hundred thousand inflections. For letters only the token is the word itself, and
    the value is rounded to three significant digits exactly as wordfreq rounds it.
    """
    if not word.isalpha():
        return _word_frequency(word)
    freq = _english().get(word, 0.0)
    if freq <= 0.0:
        return 0.0
    return round(freq, math.floor(-math.log10(freq)) + 3)


@lru_cache(maxsize=200_000)
def zipf(stem: str) -> float:
    """Zipf frequency of the English words that stem to ``stem`` (0 when none is known)."""
    if not stem:
        return 0.0
    if stem[0].isdigit():
        freq = _word_frequency(stem)
    else:
        forms = {stem + e for e in _ENDINGS}
        if stem.endswith("y"):
            forms |= {stem[:-1] + "ies", stem[:-1] + "ied"}
        if len(stem) >= 3 and stem[-1] not in "aeiouwxy":
            forms |= {stem + stem[-1] + "ing", stem + stem[-1] + "ed"}
        # Most candidate forms are no English word: look each up first (a dict probe) and
        # stem only the ones that are (the stemmer is the costly part).
        known = [(w, f) for w in sorted(forms) if (f := _frequency(w)) > 0.0]
        freq = math.fsum(f for w, f in known if stem_of(w) == stem)
    return math.log10(freq * 1e9) if freq > 0 else 0.0


def general_idf(stem: str) -> float:
    """Information of a stem in general English, in [0.25, ``ZIPF_CEIL``]."""
    return max(0.25, ZIPF_CEIL - zipf(stem))


def nominates(stem: str) -> bool:
    """Whether a stem is rare enough to propose candidate release sentences."""
    return zipf(stem) < NOMINATE_MAX_ZIPF


def warm(stems: Iterable[str]) -> None:
    """Look up every stem now (a process about to fork workers shares the answers)."""
    for stem in stems:
        zipf(stem)
