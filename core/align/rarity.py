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
from collections.abc import Iterable, Mapping
from functools import lru_cache

from core.align.text import stem as stem_of
from core.align.text import word_stems

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

    # Positional, as ``wordfreq.word_frequency`` asks for it: its lru_cache keys on how the
    # arguments are passed, and ``wordlist="best"`` read the 321,000-word list a second time
    # in every process (0.1 s and about 40 MB), once for us and once for numbers.
    return get_frequency_dict("en", "best")


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


#: Stems' ``zipf`` values computed in another process (``preload``), for the current release.
_PRELOADED: dict[str, float] = {}


@lru_cache(maxsize=200_000)
def zipf(stem: str) -> float:
    """Zipf frequency of the English words that stem to ``stem`` (0 when none is known)."""
    z = _PRELOADED.get(stem)
    return _zipf(stem) if z is None else z


def _zipf(stem: str) -> float:
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
        known = [(w, f) for w in forms if (f := _frequency(w)) > 0.0]
        # fsum is exactly rounded: the sum does not depend on the set's iteration order.
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


def load_word_list() -> None:
    """Read wordfreq's English list now (0.1-0.2 s), so that processes forked later share it."""
    _english()


def rarities(text: str) -> dict[str, float]:
    """``zipf`` of every stem of ``text``'s words (``text.word_stems``), looked up here.

    For a helper process: it weighs a long release's words while the process that forks the
    comparison workers segments and indexes the release, and hands them over (``preload``).
    """
    return {s: zipf(s) for s in sorted(word_stems(text))}


def preload(values: Mapping[str, float]) -> None:
    """Take stems' ``zipf`` values computed elsewhere (``rarities`` in another process); they
    replace those taken for an earlier release."""
    _PRELOADED.clear()
    _PRELOADED.update(values)
