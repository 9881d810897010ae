"""Text features for alignment: word tokens, light stems, stopwords, names, numbers, n-grams,
and the words of an attribution clause ("..., the ministry said.").

Every sentence is analysed once into a ``SentenceTerms`` (release sentences once per release,
not once per report), so scoring a candidate pair only intersects precomputed sets. Standard
library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+(?:[.,]\d+)*%?|[£$€]\s?\d+(?:[.,]\d+)*\w*")
#: E-mail and web addresses.
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_REPORTING = (
    r"(?:said|says|say|announced|added|told\s+\w+|confirmed|stated|insists|insisted|claims|"
    r"claimed|warned|warns|explained|believes|expects|declares|declared|admits|admitted|"
    r"argues|argued|adds|stressed|stresses|wrote|writes)"
)
#: When and where it was said: "on Tuesday", "today", "in a statement", "in Kigali".
_WHEN = (
    r"(?:\s+(?:on\s+\w+|today|yesterday|last\s+\w+|this\s+\w+|in\s+a\s+statement"
    r"|in\s+[A-Z][\w'’.-]*))?"
)
_NAME_WORDS = r"(?:[\w'’.-]+\s+){0,7}?"
#: "..., the Home Office said." / "..., said the minister." / "..., according to the ministry."
_ATTRIB_TAIL = re.compile(
    rf"[,–—]\s*(?:{_NAME_WORDS}{_REPORTING}{_WHEN}"
    rf"|(?:said|says|announced|added|confirmed)(?:\s+[\w'’.-]+){{1,6}}"
    rf"|according\s+to(?:\s+[\w'’.-]+){{1,6}}{_WHEN})\s*[.!?]?[\"'”’]?\s*$"
)
#: "Ministers say ...", "The ministry said ...", "Helen Carrow said: ..." at the start.
_ATTRIB_HEAD = re.compile(
    rf"^\s*(?:[\w'’.-]+\s+){{1,5}}?{_REPORTING}{_WHEN}(?:\s+that)?\s*[:,]?(?=\s)"
)
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "twenty": "20",
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
    "billion": "1000000000",
    "half": "0.5",
    "third": "0.333",
    "quarter": "0.25",
    "dozen": "12",
}

#: Words that are fractions only after an article or a count ("a third", "two thirds"); else
#: they are ordinals or plain words ("third country", "the third in 18 months", "quarters").
_FRACTIONS = frozenset({"third", "thirds", "quarter", "quarters"})
_COUNTS = frozenset({"a", "one", "two", "three", "1", "2", "3"})


def _counts(folded: list[str], i: int) -> bool:
    return i > 0 and folded[i - 1] in _COUNTS


#: Numbers that scale another ("£140 million"): sharing one says nothing about the figure.
SCALE_NUMBERS = frozenset({"100", "1000", "1000000", "1000000000"})

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each either else ever every few for from further had
    hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
    himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself
    just let's may me might more most much must mustn't my myself neither no nor not now of
    off often on once only or other ought our ours ourselves out over own per quite rather
    same say says said shall shan't she she'd she'll she's should shouldn't since so some such
    than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those though through thus to too under until up upon us very
    via was wasn't we we'd we'll we're we've were weren't what what's when when's where
    where's whether which while who who's whom whose why why's will with within without won't
    would wouldn't yet you you'd you'll you're you've your yours yourself yourselves also
    would like one new mr mrs ms dr told added
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True)
class SentenceTerms:
    """What scoring needs to know about one sentence."""

    #: Lowercased, accent-stripped text for rapidfuzz.
    norm: str
    #: Content-word stems (stopwords removed).
    stems: frozenset[str]
    #: Stems of words written with a capital letter mid-sentence (names, places, bodies).
    names: frozenset[str]
    #: Word bigrams and trigrams over all words, excluding those made only of stopwords.
    bigrams: frozenset[str]
    trigrams: frozenset[str]
    #: Normalised numbers ("140", "5", "0.333").
    numbers: frozenset[str]
    #: First surface form of each stem, to show evidence in readable words.
    surface: tuple[tuple[str, str], ...]
    n_words: int
    #: Stems met only in an attribution clause ("..., the Home Office said."): a report adds
    #: these to what it restates, so when the release sentence lacks them they are not missing.
    attrib: frozenset[str] = frozenset()


def fold(text: str) -> str:
    """Lowercase, unify quotes and dashes, strip accents."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


_SUFFIXES = (
    ("ies", "y"),
    ("ied", "y"),
    ("sses", "ss"),
    ("ing", ""),
    ("edly", ""),
    ("ed", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
)
#: Endings after which a plural or verb adds "-es" rather than "-s" ("boxes", "churches",
#: "buses"); after anything else "-es" is the word's own "e" plus "s" ("homes", "cases").
_ES_AFTER = ("x", "ch", "sh", "zz", "us")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A deliberately light English suffix stripper: plural, possessive, -ing, -ed, -ly.

    Cached: a long release and its reports ask for the same few thousand words again and again
    (300,000 calls for a 46,000-word release and 77 reports).
    """
    w = word
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or w.isdigit():
        return w
    stripped_verb = w.endswith(("ing", "ed")) and not w.endswith("eed")
    # "guaranteed", "agreed", "exceed": the word's own "ee" (and a "d"), never "-ed" alone.
    for suffix, repl in () if len(w) >= 5 and w.endswith("eed") else _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "es" and not w[:-2].endswith(_ES_AFTER):
                if w.endswith("ies"):  # "tries" -> "tri", as "tried"
                    w = w[:-2]
                    break
                continue  # "homes", "cases", "sites": the word ends in "e", only "s" goes
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            if suffix == "ly" and _ly_is_stem(w):
                return w
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 5 and w.endswith("eed"):
        w = w[:-1]  # "guarantee(d)", "excee(d)s": then the final "e" goes as for any word
    if len(w) > 4 and w[-1] == "e":
        w = w[:-1]
    undouble = len(w) > 4 or (stripped_verb and len(w) == 4)
    if undouble and w[-1] == w[-2] and w[-1] not in "aeiouslz":
        w = w[:-1]  # "stopp(ing)" -> "stop", "bidd(ing)" -> "bid"
    return w


def _ly_is_stem(word: str) -> bool:
    """Whether "-ly" belongs to the word ("supply", "family", "Italy", "anomaly"), which must
    meet "supplies", "families" at "supply", "family", rather than be an adverb's ending
    ("finally", "greatly"). Adverbs in "-ply" and "-ily" are kept whole too ("deeply",
    "easily"): rarer, and they never met their adjective at one stem anyway."""
    before = word[-3]
    return before in "pi" or (before == "a" and word[-4] != "l")


def _number(tok: str) -> str | None:
    m = _NUMBER.search(tok)
    if m:
        raw = m.group(0)
        if re.fullmatch(r"\d{1,3}(,\d{3})+", raw):
            raw = raw.replace(",", "")
        return raw.rstrip(".,")
    return _NUMBER_WORDS.get(tok)


# Per word, cached: a long release and its reports repeat the same few thousand words.
_fold_word = lru_cache(maxsize=1 << 16)(fold)
_number_of_word = lru_cache(maxsize=1 << 16)(_number)


def _attribution_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for pattern in (_ATTRIB_HEAD, _ATTRIB_TAIL):
        m = pattern.search(text)
        # An "attribution" covering most of the sentence is the sentence itself.
        if m and (m.end() - m.start()) * 2 < len(text):
            spans.append((m.start(), m.end()))
    return spans


def word_for_word(report: str, release: str) -> bool:
    """Whether the report passage repeats the release passage word for word: the same words
    and numbers (case, accents, punctuation, quote marks and thousands separators aside) once
    a plain "..., the ministry said" or "Helen Carrow said:" is set aside, or a contiguous run
    of the release's (one clause copied out of a long sentence).

    A copy by character similarity alone ("... could begin in July" for "... will begin in
    July") or with words of its own ("Bills will not rise unless ...", "..., a date the
    ministry has not confirmed") is no verbatim repetition: the link stays, as a paraphrase
    whose word diff shows the change.
    """
    for pattern in (_SPEAKER_HEAD, _SPEAKER_TAIL):
        m = pattern.search(report)
        if m and not _NEGATION.search(m.group(0)):
            report = report[: m.start()] + " " + report[m.end() :]
    said = _plain_words(report)
    source = _plain_words(release)
    return bool(said) and f" {said} " in f" {source} "


#: Who said it, no more: a name, a pronoun or a role ("the Home Office", "she", "the
#: minister", "Dr Samuel Okafor"), not "earlier than the minister" or "what Carrow".
_SPEAKER_WORD = (
    r"(?:[A-Z][\w'’.-]*|\d+|the|a|an|his|her|its|their|he|she|they|it|we|officials?|ministers?"
    r"|ministry|department|government|spokes(?:man|woman|person)|secretary|office|council"
    r"|agency|police|chief|executive|director|leader|mayor|chair(?:man|woman)?|president|head"
    r"|regulator|authority|committee|union|company|of|for)"
)
_SAID = r"(?:said|says|added|announced|stated|told(?:\s+(?:the\s+)?[A-Z][\w'’.-]*)?)"
_WHO = rf"{_SPEAKER_WORD}(?:\s+{_SPEAKER_WORD}){{0,5}}"
_SPEAKER_TAIL = re.compile(
    rf"[,–—]\s*(?:{_WHO}\s+{_SAID}|{_SAID}(?:,?\s+{_SPEAKER_WORD}){{1,7}}"
    rf"|according\s+to\s+{_WHO}){_WHEN}\s*[.!?]?[\"'”’]?\s*$"
)
_SPEAKER_HEAD = re.compile(
    rf"^\s*(?:{_WHO}\s+{_SAID}{_WHEN}(?:\s+that)?\s*[:,]?|according\s+to\s+{_WHO},)(?=\s)"
)
_NEGATION = re.compile(r"\b(?:not|never|nobody|none|few|n't)\b|\bno\b(?!\s+\d)", re.IGNORECASE)
#: Numbers first, whole ("-5", "5%", "38,700", "2.5"), then words.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_PLAIN_TOKEN = re.compile(r"(?<!\w)[-−]?\d+(?:[.,]\d+)*%?|[^\W_]+(?:['’][^\W_]+)*")


def _plain_words(text: str) -> str:
    out = []
    for tok in _PLAIN_TOKEN.findall(text):
        if tok[0].isdigit() or tok[0] in "-−":
            tok = tok.replace("−", "-")
            tok = _THOUSANDS.sub("", tok)
        out.append(_fold_word(tok))
    return " ".join(out)


def word_stems(text: str) -> set[str]:
    """Every stem ``analyse`` can give the words of ``text`` (numbers both as word and value).

    A cheap superset for looking stems up ahead (``rarity.rarities``): one pass over the words,
    no sentences, names, phrases or attribution.
    """
    out: set[str] = set()
    for word in _WORD.findall(text):
        low = _fold_word(word)
        if low in STOPWORDS:
            continue
        out.add(stem(low))
        num = _number_of_word(low)
        if num is not None:
            out.add(num)
    return out


def analyse(text: str) -> SentenceTerms:
    if "@" in text or "//" in text or "www." in text:
        # An address is no wording: "james.cleverly.mp@parliament.uk" in a list of MPs
        # shared "james", "cleverly" and "uk" with any sentence naming him.
        text = _ADDRESS.sub(lambda m: " " * len(m.group(0)), text)
    attrib_spans = _attribution_spans(text)
    starts: list[int] = []
    if attrib_spans:
        found = list(_WORD.finditer(text))
        words = [m.group(0) for m in found]
        starts = [m.start() for m in found]
    else:
        words = _WORD.findall(text)
    in_attrib: set[str] = set()
    outside: set[str] = set()
    folded = [_fold_word(w) for w in words]
    stems: set[str] = set()
    names: set[str] = set()
    numbers: set[str] = set()
    surface: dict[str, str] = {}
    seq: list[tuple[str, bool]] = []  # (stem or word, is_stopword) for n-grams
    for i, (orig, low) in enumerate(zip(words, folded, strict=True)):
        num = _number_of_word(low)
        is_number = num is not None and (
            low[0].isdigit()
            or low[0] in "£$€"
            or (low in _NUMBER_WORDS and (low not in _FRACTIONS or _counts(folded, i)))
        )
        if is_number and num is not None:
            numbers.add(num)
        if low in STOPWORDS:
            seq.append((low, True))
            continue
        # "£140m", "140" and "£140 million" share the stem "140"; "five" and "5" share "5".
        s = num if is_number and num is not None else stem(low)
        seq.append((s, False))
        stems.add(s)
        if attrib_spans:
            pos = starts[i]
            (in_attrib if any(a <= pos < b for a, b in attrib_spans) else outside).add(s)
        surface.setdefault(s, orig)
        if i > 0 and orig[:1].isupper() and not words[i - 1].endswith((".", ":")):
            names.add(s)
    bigrams = {f"{a} {b}" for (a, sa), (b, sb) in pairwise(seq) if not (sa and sb)}
    trigrams = {
        f"{a} {b} {c}"
        for (a, sa), (b, sb), (c, sc) in zip(seq, seq[1:], seq[2:], strict=False)
        if not (sa and sb and sc)
    }
    return SentenceTerms(
        norm=" ".join(folded),
        stems=frozenset(stems),
        names=frozenset(names),
        bigrams=frozenset(bigrams),
        trigrams=frozenset(trigrams),
        numbers=frozenset(numbers),
        surface=tuple(sorted(surface.items())),
        n_words=len(words),
        attrib=frozenset(in_attrib - outside),
    )
