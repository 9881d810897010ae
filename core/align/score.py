"""Score one (report sentence, release sentence) pair: is the report saying the same thing?

Evidence is combined so that shared topic words and names alone stay below the threshold:
the IDF-weighted share of the report sentence's content words found in the release sentence
(frequent names count at a discount; attribution words the release lacks are not counted as
missing), the rarity-weighted mass of shared content words, shared
word bigrams/trigrams weighted by their rarest word, numbers, and rapidfuzz similarity of the
whole wording (verbatim detection). ``PairScore.score`` is compared with
``CompareOptions.min_score``. Pure Python plus rapidfuzz; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import fuzz

from core.align.rarity import general_idf, zipf
from core.align.text import STOPWORDS, SentenceTerms

#: General-English IDF (``rarity.general_idf``) at which a word counts as fully rare: words
#: rarer than about one in three million (Zipf 2.5: "refoulement", place names) weigh the most.
RARITY_REF = 4.0
#: Words rarer than this (Zipf) count the release's sentences in their topic discount too.
TOPIC_MAX_ZIPF = 3.5
#: Words rarer than this (Zipf) count the report's own sentences in their topic discount. More
#: common words ("system", "council", "pay") fill any page a report comes in, its other
#: stories, comments and link lists, so how often the report holds them says nothing of the
#: story's topic; counting them let unrelated text around a report take links away (measured
#: on seed and sample reports padded with real news: 44 of 804 links lost, none with the cap).
REPORT_TOPIC_MAX_ZIPF = 5.0
#: Sentence count against which a word's document frequency is a share (see ``Weights``).
TOPIC_N = 150
#: Frequent names (people, places, bodies met in several sentences) weigh this much of their IDF.
NAME_DISCOUNT = 0.35
#: A name in at least this many sentences (release + report) is topic, not evidence.
TOPIC_NAME_DF = 3
#: Indel similarity of the folded texts at or above which a pair is a near copy: linked with
#: a copy's score; called verbatim only if word for word (``text.word_for_word``).
VERBATIM_RATIO = 0.86
#: A report sentence found (almost) word for word inside a release sentence is a near copy too.
VERBATIM_PARTIAL = 0.95
#: Shared rarity mass (sum of squared relative IDF) at which mass evidence reaches 63%.
MASS_SCALE = 3.0
#: Share of a report sentence's content words a longer release sentence must hold before the
#: two are compared as a possible copy inside it.
COPY_SHARE = 0.9
#: The raw evidence level measured (seed and sample gold) as the precision-first threshold;
#: ``calibrate`` maps it to 0.5, the default ``CompareOptions.min_score``.
CALIBRATION_POINT = 0.4
#: Report sentences with fewer content words than this get proportionally less coverage credit.
FULL_SENTENCE_TERMS = 6


class Weights:
    """How much each stem weighs as evidence: rarity in English, lowered for the story's topic.

    A stem's IDF is its information in general English (``rarity.general_idf``) times a
    discount for the sentences of the release and the report that hold it (``df``): a word in
    ``df`` sentences keeps ``log(1 + TOPIC_N / df) / log(1 + TOPIC_N)`` of its weight, so the
    names and terms a story repeats count little. ``TOPIC_N`` is fixed, not the number of
    sentences: counts of a story's own words do not move when unrelated pages surround the
    release, and no other statistic here depends on the release's length, so neither do the
    links. ``names`` are capitalised stems; one in ``TOPIC_NAME_DF`` sentences is topic.
    Lazily memoised: a long release has tens of thousands of stems and a report needs few.
    """

    def __init__(
        self,
        df: Mapping[str, int],
        extra_df: Mapping[str, int] = MappingProxyType({}),
        names: AbstractSet[str] = frozenset(),
        extra_names: AbstractSet[str] = frozenset(),
        shared: dict[str, tuple[float, float]] | None = None,
    ) -> None:
        """``shared``: (IDF, effective IDF) of stems the report does not hold, kept by the
        release for all its reports (``ReleaseIndex.weight_memo``): for those both depend on
        the release alone (``extra_df`` and ``extra_names`` count nothing for them), and a
        report's candidates hold thousands of them."""
        #: IDF at and above which a word is fully rare (rarity 1).
        self.top = RARITY_REF
        self._df = df
        self._extra_df = extra_df
        self._names = names
        self._extra_names = extra_names
        self._idf: dict[str, float] = {}
        self._eff: dict[str, float] = {}
        self._rarity: dict[str, float] = {}
        self._mass_memo: dict[frozenset[str], float] = {}
        self._df_memo: dict[str, int] = {}
        self._shared = shared

    def df(self, stem: str) -> int:
        v = self._df_memo.get(stem)
        if v is None:
            own = self._extra_df.get(stem, 0) if zipf(stem) < REPORT_TOPIC_MAX_ZIPF else 0
            v = own + self._df.get(stem, 0) if self._in_release_counts(stem) else own
            self._df_memo[stem] = v
        return v

    @staticmethod
    def _in_release_counts(stem: str) -> bool:
        """Whether the release's sentences count for this stem's topic discount.

        Only for words rare in English: unrelated pages around a release hold common words
        (and capitalised ones: "System", "Memorial") by the hundred, but almost never a story's
        own names and terms. Numbers are left out: tables anywhere in a long document are full
        of them.
        """
        return not stem[:1].isdigit() and zipf(stem) < TOPIC_MAX_ZIPF

    def __call__(self, stem: str) -> float:
        w = self._idf.get(stem)
        if w is None:
            shared = self._shared
            if shared is None or stem in self._extra_df or stem in self._extra_names:
                w = self._idf[stem] = self._weigh(stem)
            else:
                known = shared.get(stem)
                if known is None:
                    w = self._weigh(stem)
                    known = shared[stem] = (w, self._discounted(stem, w))
                w = self._idf[stem] = known[0]
                self._eff[stem] = known[1]
        return w

    def _weigh(self, stem: str) -> float:
        df = self.df(stem)
        topic = _LOG_TOPIC_N[df] if df < len(_LOG_TOPIC_N) else _topic_share(df)
        return general_idf(stem) * topic

    def _discounted(self, stem: str, w: float) -> float:
        return w * (NAME_DISCOUNT if self.is_topic(stem) else 1.0)

    def is_topic(self, stem: str) -> bool:
        """A name met in several sentences: a person, place or body the whole story is about."""
        named = stem in self._extra_names or (
            stem in self._names and self._in_release_counts(stem)
        )
        return named and self.df(stem) >= TOPIC_NAME_DF

    def rarity(self, stem: str) -> float:
        """Relative IDF squared, in (0, 1]: rare words near 1, topic words far below."""
        v = self._rarity.get(stem)
        if v is None:
            r = min(1.0, self(stem) / self.top)
            v = self._rarity[stem] = r * r
        return v

    def effective(self, stem: str) -> float:
        """IDF with the topic-name discount applied."""
        v = self._eff.get(stem)
        if v is None:
            w = self(stem)  # a stem the report lacks comes with its effective IDF shared
            v = self._eff.get(stem)
            if v is None:
                v = self._eff[stem] = self._discounted(stem, w)
        return v

    def sentence_mass(self, stems: frozenset[str]) -> float:
        m = self._mass_memo.get(stems)
        if m is None:
            m = self._mass_memo[stems] = self.mass(stems)
        return m

    def mass(self, stems: Iterable[str]) -> float:
        eff = self._eff
        # fsum is exactly rounded, so the result does not depend on set iteration order
        # (which changes with PYTHONHASHSEED): scores are reproducible across runs.
        return math.fsum(eff[s] if s in eff else self.effective(s) for s in stems)


def _topic_share(df: int) -> float:
    return 1.0 if df <= 1 else math.log(1.0 + TOPIC_N / df) / math.log(1.0 + TOPIC_N)


_LOG_TOPIC_N = tuple(_topic_share(df) for df in range(64))


@dataclass(frozen=True)
class PairScore:
    score: float
    verbatim: bool
    shared_stems: tuple[str, ...]
    shared_phrases: tuple[str, ...]
    shared_numbers: tuple[str, ...]
    features: tuple[tuple[str, float], ...]


def _name_joins(
    evidence: list[str], r: SentenceTerms, o: SentenceTerms, bigrams: AbstractSet[str]
) -> int:
    """How many shared words only continue a shared name: "Rishi Sunak" is one piece of
    evidence, not two (a list of MPs shares a name with any sentence that names him)."""
    names = {s for s in evidence if s in r.names and s in o.names}
    if len(names) < 2:
        return 0
    return sum(1 for g in bigrams if (ab := g.split(" ")) and len(ab) == 2 and
               ab[0] in names and ab[1] in names)


def _gram_weight(gram: str, weights: Weights) -> float:
    """A shared phrase counts by its rarest content word: "stop the boats" is a slogan of the
    whole topic, "Kigali Genocide Memorial" points at one sentence."""
    return max((weights.rarity(w) for w in gram.split(" ") if w not in STOPWORDS), default=0.0)


@dataclass(frozen=True)
class Params:
    """How the evidence is weighed; tuned on the seed scenario's gold (see bench/)."""

    w_cov: float = 0.45
    w_mass: float = 0.4
    w_phrase: float = 0.25
    mass_scale: float = MASS_SCALE
    thin_evidence: float = 0.6
    cov_gate: float = 0.5
    number_clash: float = 0.1


PARAMS = Params()


def combine(
    cov_r: float,
    cov_o: float,
    rare_mass: float,
    phrase: float,
    n_evidence: int,
    n_r: int,
    n_o: int,
    num_clash: float,
    p: Params | None = None,
) -> float:
    """The link score in [0, 1] from a pair's features (before the verbatim floor)."""
    p = p or PARAMS
    # Short release units (headings, "X said:") cover themselves fully; that proves nothing.
    o_weight = 0.3 * min(1.0, n_o / FULL_SENTENCE_TERMS)
    cov = (cov_r * 0.7 + cov_o * o_weight) / (0.7 + o_weight)
    # Coverage of a report sentence with only a few content words is weak evidence too.
    cov *= min(1.0, n_r / FULL_SENTENCE_TERMS)
    mass = 1.0 - math.exp(-rare_mass / p.mass_scale)
    score = p.w_cov * cov + p.w_mass * mass + p.w_phrase * phrase
    if n_evidence < 2:
        score *= p.thin_evidence
    # Most of what the report sentence says must be in the release sentence for a derivation.
    score *= min(1.0, p.cov_gate + cov_r)
    return calibrate(score - p.number_clash * num_clash)


def calibrate(raw: float) -> float:
    """Map the weighted evidence onto [0, 1] so that 0.5 is the measured threshold.

    Piecewise linear and monotone: ``CALIBRATION_POINT`` maps to 0.5, 1 stays 1, so strong
    paraphrases keep distinct scores below the verbatim ones instead of saturating.
    """
    if raw <= CALIBRATION_POINT:
        return 0.5 * raw / CALIBRATION_POINT
    return 0.5 + 0.5 * (raw - CALIBRATION_POINT) / (1.0 - CALIBRATION_POINT)


def score_pair(r: SentenceTerms, o: SentenceTerms, weights: Weights) -> PairScore:
    said = r.stems - r.attrib if r.attrib else r.stems
    # Who said it is the report's framing, not what was said: the words of its attribution
    # clause ("..., Foreign Minister Vincent Biruta said") neither count as missing from the
    # release nor as shared with it, so a pair resting on them ("Minister Helen Carrow
    # said:") is no derivation.
    shared = said & o.stems
    m_r = weights.sentence_mass(said)
    n_r = len(said)
    m_o = weights.sentence_mass(o.stems)
    m_s = weights.mass(shared)
    cov_r = m_s / m_r if m_r else 0.0
    cov_o = m_s / m_o if m_o else 0.0
    evidence = [s for s in shared if not weights.is_topic(s)]
    rare_mass = math.fsum(weights.rarity(s) for s in evidence)
    bi = r.bigrams & o.bigrams
    tri = r.trigrams & o.trigrams
    # Floor: two shared words make a heading "match" a sentence completely otherwise.
    n_bi = max(4, min(len(r.bigrams), len(o.bigrams)))
    phrase = min(
        1.0,
        (
            math.fsum(_gram_weight(g, weights) for g in bi)
            + 2.0 * math.fsum(_gram_weight(g, weights) for g in tri)
        )
        / n_bi,
    )
    ratio = fuzz.ratio(r.norm, o.norm) / 100.0
    partial = 0.0
    # (``sources._cannot_qualify`` relies on when a pair can be a copy and on what counts as
    # shared: change those here and there together; tests/core/align/test_clause_bound.py.)
    # A copy inside a longer sentence needs nearly all report words there: skip the costly
    # partial match otherwise. Counted in words, not weights: whether a pair is a copy must
    # not change with the weights, which the text around a report moves a little.
    if len(shared) >= COPY_SHARE * n_r and 24 <= len(r.norm) <= len(o.norm):
        partial = fuzz.partial_ratio(r.norm, o.norm) / 100.0
    shared_nums = r.numbers & o.numbers
    num_clash = 1.0 if r.numbers and o.numbers and not shared_nums else 0.0

    n_evidence = len(evidence) - _name_joins(evidence, r, o, bi)
    score = combine(cov_r, cov_o, rare_mass, phrase, n_evidence, n_r, len(o.stems), num_clash)
    verbatim = ratio >= VERBATIM_RATIO or (partial >= VERBATIM_PARTIAL and r.n_words >= 6)
    if verbatim:
        score = max(score, 0.9)
    score = max(0.0, min(1.0, score))
    phrases = sorted(tri, key=lambda p: (-len(p), p)) + sorted(bi, key=lambda p: (-len(p), p))
    return PairScore(
        score=score,
        verbatim=verbatim,
        shared_stems=tuple(sorted(shared)),
        shared_phrases=tuple(phrases[:8]),
        shared_numbers=tuple(sorted(shared_nums)),
        features=(
            ("report_coverage", round(cov_r, 3)),
            ("release_coverage", round(cov_o, 3)),
            ("rare_mass", round(rare_mass, 3)),
            ("phrases", round(phrase, 3)),
            ("ratio", round(ratio, 3)),
            ("partial", round(partial, 3)),
            ("number_clash", num_clash),
        ),
    )


def exact_copy(r: SentenceTerms) -> PairScore:
    """The score of a report sentence that is, once folded, identical to a release sentence."""
    return PairScore(
        score=1.0,
        verbatim=True,
        shared_stems=tuple(sorted(r.stems)),
        shared_phrases=(),
        shared_numbers=tuple(sorted(r.numbers)),
        features=(("ratio", 1.0),),
    )
