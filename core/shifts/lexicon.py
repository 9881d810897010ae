"""The cue words each kind of shift looks for, and ``find_cues`` to find them in a word list.

Small hand-made lexicons in the tradition of hedge-cue lists (Hyland's hedges and boosters, the
BioScope and CoNLL-2010 cue sets, cut to what press releases and news use). Each ``CueDef`` has
a group (what it signals) and, where the rules compare strength, a rank. Some cues only count
in front of a number ("about 40", not "about the plan"). Pure data plus a matcher; standard
library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.shifts.words import Word, wordset

_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve")
#: Number words as the digits they stand for, so "five years" and "5 years" agree.
NUMERALS: dict[str, str] = {w: str(i) for i, w in enumerate(_SMALL)}
NUMBER_WORDS = wordset(
    """one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty sixty seventy eighty ninety hundred thousand million billion half third quarter fifth
    dozen dozens hundreds thousands millions"""
)
#: "a" and "an" are a number only before these ("a third", "a dozen", "a million").
_A_NUMBER = wordset("third quarter fifth half dozen hundred thousand million billion")


@dataclass(frozen=True)
class CueDef:
    words: tuple[str, ...]
    #: What the cue signals: "hedge", "booster", "neg", "quant", "bound", "super", "cond",
    #: "cond_but", "attr", "attr_doubt", "attr_admit", "future", "past", "t_past", "t_now",
    #: "t_next".
    group: str
    #: Strength for quantifiers (all 5 … few 1) and the sign of a bound (+1 more, -1 less).
    rank: int = 0
    #: Only a cue when a number follows ("up to 5 years", "around a third").
    before_number: bool = False


@dataclass(frozen=True)
class Cue:
    group: str
    rank: int
    #: Index range into the word list it was found in.
    lo: int
    hi: int
    #: The number a before-number cue stands in front of ("5" for "up to five"), else "".
    number: str = ""


def numeral(norm: str) -> str:
    """A number token in one spelling: "five" -> "5", "£1,200" -> "1200"."""
    if norm in NUMERALS:
        return NUMERALS[norm]
    return norm.lstrip("£$€").replace(",", "").rstrip("%")


def _defs(group: str, text: str, rank: int = 0, before_number: bool = False) -> list[CueDef]:
    return [
        CueDef(tuple(p.split()), group, rank, before_number)
        for p in (x.strip() for x in text.split("|"))
        if p
    ]


_DEFS: list[CueDef] = [
    # certainty: hedges and their opposites
    *_defs("hedge", "may|might|could|possibly|perhaps|likely|probably|expected|expect|expects|"
           "expecting|anticipated|anticipates|plans to|planned|aims to|aiming to|"
           "intends to|intend to|hopes to|hope to|hoped|hoping|meant to|designed to|estimated|"
           "estimates|estimate|projected|forecast|potentially|proposed|seeks to|in principle"),
    *_defs("hedge", "up to|around|about|approximately|roughly|some|an estimated|as many as",
           before_number=True),
    *_defs("booster", "definitely|certainly|guaranteed|guarantees|undoubtedly|surely|"
           "without doubt|no doubt|beyond doubt|always"),
    # negation
    *_defs("neg", "not|no|never|none|nobody|nothing|neither|nor|without|no longer|cannot|"
           "failed|fail|fails|failing|denied|denies|deny|denying|refused|refuses|refuse|"
           "rejected|rejects|unable|lacks|lacked"),
    # quantity: quantifiers by strength, bounds by sign, superlatives
    *_defs("quant", "all|every|entire|whole|each|all of", rank=5),
    *_defs("quant", "most of|the majority of|a majority of|majority of|almost all|nearly all",
           rank=4),
    *_defs("quant", "many|numerous|much of", rank=3),
    *_defs("quant", "several|a number of|some of", rank=2),
    *_defs("quant", "few|a few|a handful of|a minority of|hardly any", rank=1),
    *_defs("bound", "more than|over|at least|in excess of|upwards of|above|exceeding",
           rank=1, before_number=True),
    *_defs("bound", "almost|nearly|under|less than|fewer than|at most|no more than|only|just|"
           "just under|below", rank=-1, before_number=True),
    *_defs("super", "record|record-breaking|unprecedented|biggest|largest|highest|greatest|"
           "lowest|smallest|biggest ever|largest ever|first ever|most"),
    # condition, exception, limit
    *_defs("cond", "if|unless|only if|only when|only where|provided that|providing that|"
           "as long as|so long as|subject to|except|except for|apart from|on condition|"
           "where possible|if possible|when possible|wherever possible|depending on|"
           "dependent on|depends on|depend on|in the event|conditional on"),
    *_defs("cond_but", "but|however|although|though|yet"),
    # attribution
    *_defs("attr", "said|says|say|told|tells|announced|announces|stated|states|added|explained|"
           "confirmed|according to|reported|noted|wrote|writes|declared|declares"),
    *_defs("attr_doubt", "claimed|claims|claim|insisted|insists|insist|alleged|alleges|"
           "asserted|asserts|maintained|maintains|wants us to believe"),
    *_defs("attr_admit", "admitted|admits|conceded|concedes|acknowledged|acknowledges"),
    # time: tense markers and relative time
    *_defs("future", "will|shall|'ll|won't|going to|is due to|are due to|is set to|are set to|"
           "is to|are to|expected to|plans to|aims to|intends to"),
    *_defs("past", "has been|have been|had been|was|were|did|began|begun|started|signed|opened|"
           "agreed|rose|fell|built|completed|launched|finished|delivered|won|lost|passed|"
           "approved|spent|took|gave|made|came|went|met|already"),
    *_defs("t_past", "yesterday|yesterday's|last year|last month|last week|last decade|ago|"
           "previously|earlier this year|last summer|last winter"),
    *_defs("t_now", "today|today's|this year|this month|this week|now|currently|this summer|"
           "this winter|this spring|this autumn"),
    *_defs("t_next", "tomorrow|tomorrow's|next year|next month|next week|soon|next summer|"
           "next spring|later this year|in the coming"),
]

_DETERMINERS = wordset("the those these its their his her such our your a an")
_SPAN_WORDS = frozenset({"over", "under", "within"})
_PERIODS = wordset("year years month months week weeks day days decade decades")

#: Perfect-tense helpers: "has signed", "have begun" count as past.
_HAVE = frozenset({"has", "have", "had", "'ve"})
#: Participles of saying: "has promised" reports a statement, it does not date the event.
_SAYING = wordset(
    "promised pledged announced said claimed confirmed warned stated insisted vowed committed "
    "unveiled revealed suggested argued told"
)

#: Cue groups matched together; a word may be a cue in each family ("expected to" is a hedge
#: and a future).
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"hedge", "booster"}),
    frozenset({"neg"}),
    frozenset({"quant", "bound", "super"}),
    frozenset({"cond", "cond_but"}),
    frozenset({"attr", "attr_doubt", "attr_admit"}),
    frozenset({"future", "past", "t_past", "t_now", "t_next"}),
)


def _index(groups: frozenset[str]) -> dict[str, list[CueDef]]:
    by_first: dict[str, list[CueDef]] = {}
    for d in _DEFS:
        if d.group in groups:
            by_first.setdefault(d.words[0], []).append(d)
    for v in by_first.values():
        v.sort(key=lambda d: -len(d.words))
    return by_first


_INDEXES = tuple((family, _index(family)) for family in FAMILIES)

#: Word pairs of opposite meaning: one on each side of a link flips what it says.
ANTONYMS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in (
        ("rise rises rose risen rising", "fall falls fell fallen falling"),
        ("increase increases increased increasing", "decrease decreases decreased cut cuts "
         "reduce reduces reduced reducing"),
        ("higher", "lower"),
        ("gain gains", "loss losses"),
        ("win wins won", "lose loses lost"),
        ("support supports supported", "oppose opposes opposed"),
        ("approve approves approved accept accepts accepted", "reject rejects rejected"),
        ("succeed succeeds succeeded success", "fail fails failed failure"),
        ("safe", "unsafe dangerous"),
        ("strengthen strengthens strengthened", "weaken weakens weakened"),
        ("improve improves improved", "worsen worsens worsened"),
        ("allow allows allowed", "ban bans banned forbid forbids"),
        ("legal lawful", "illegal unlawful"),
        ("include includes included", "exclude excludes excluded"),
        ("above", "below"),
        ("before", "after"),
    )
)


def _number_at(ws: Sequence[Word], i: int) -> str:
    """The number starting at ``ws[i]`` in one spelling, or "" when none does."""
    if i >= len(ws):
        return ""
    norm = ws[i].norm
    if norm in ("a", "an"):
        return ws[i + 1].norm if i + 1 < len(ws) and ws[i + 1].norm in _A_NUMBER else ""
    if norm[:1].isdigit() or norm[:1] in "£$€" or norm in NUMBER_WORDS:
        return numeral(norm)
    return ""


def find_cues(ws: Sequence[Word]) -> list[Cue]:
    """Every cue in ``ws``: per family, longest phrase first at each position, none overlapping."""
    out: list[Cue] = []
    for family, index in _INDEXES:
        out += _find(ws, family, index)
    return sorted(out, key=lambda c: (c.lo, c.hi))


#: Words after "without" or "no" that make an idiom of affirmation ("without delay").
_IDIOM_NEXT = frozenset({"doubt", "delay", "question", "fail", "exception", "hesitation"})


def _find(ws: Sequence[Word], family: frozenset[str], index: dict[str, list[CueDef]]) -> list[Cue]:
    out: list[Cue] = []
    i, n = 0, len(ws)
    while i < n:
        hit, number = None, ""
        for d in index.get(ws[i].norm, ()):
            k = len(d.words)
            if tuple(w.norm for w in ws[i : i + k]) != d.words:
                continue
            if d.words == ("may",) and ws[i].text != "may":
                continue  # "May" the month, or a sentence opening: not worth the risk
            if d.group.startswith("attr") and i and ws[i - 1].norm in _DETERMINERS:
                continue  # "those claims" is a noun
            if d.group == "neg" and k == 1 and i + 1 < n and ws[i + 1].norm in _IDIOM_NEXT:
                continue  # "without delay", "no doubt": a way of saying yes, not a negation
            number = _number_at(ws, i + k) if d.before_number else ""
            if d.before_number and not number:
                continue
            # "over five years" is a period, not a bound ("over 1,200 homes" is one).
            if d.words[0] in _SPAN_WORDS and i + k + 1 < n and ws[i + k + 1].norm in _PERIODS:
                continue
            hit = d
            break
        norm = ws[i].norm
        if hit is None and "neg" in family and norm.endswith("n't"):
            out.append(Cue("neg", 0, i, i + 1))
        if (hit is None and "past" in family and norm in _HAVE and i + 1 < n
                and _participle(ws[i + 1].norm)):
            out.append(Cue("past", 0, i, i + 2))
            i += 2
            continue
        if hit is None:
            i += 1
            continue
        out.append(Cue(hit.group, hit.rank, i, i + len(hit.words), number))
        i += len(hit.words)
    return out


_IRREGULAR = wordset(
    "been begun done built made given taken gone come met won lost spent paid set cut put sent "
    "held brought bought told shown seen known grown written risen fallen chosen"
)


def _participle(norm: str) -> bool:
    return (norm.endswith("ed") or norm in _IRREGULAR) and norm not in _SAYING
