"""Who said a quote: "X said", "said X", "according to X", "X told ...", "X: ...", pronouns.

Works on one report's text and the quote spans already found in it; quoted words are masked
so a verb inside a quote never counts as the attribution. He/she/they go to the last named
speaker; a quote standing alone in a paragraph goes to the speaker of the quote just before.
Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

_VERBS = (
    "said|says|say|told|tells|added|adds|declared|declares|insisted|insists|claimed|claims|"
    "warned|warns|wrote|writes|stated|states|explained|explains|admitted|admits|argued|argues|"
    "vowed|vows|replied|replies|continued|announced|announces|noted|notes|acknowledged|"
    "conceded|confirmed|confirms|suggested|suggests|urged|urges|promised|pledged|remarked|"
    "commented|responded|stressed|insisting|saying|adding|warning|telling|asked"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
_PRONOUNS = {"he", "she", "they", "i", "we"}
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "dame", "sir", "lord", "lady", "prof", "professor"}
#: Capitalised job words dropped in front of a name: "Shadow Home Secretary Yvette Cooper".
_ROLES = {
    "home", "foreign", "shadow", "secretary", "minister", "prime", "immigration", "culture",
    "former", "president", "chancellor", "deputy", "chief", "justice", "labour", "tory",
    "conservative", "affairs", "mp", "senator", "governor", "mayor", "leader", "opposition",
}
_SPEAKER_NOUNS = re.compile(
    r"\b(?:spokes(?:person|man|woman)|source|official|officials|minister|government|"
    r"department|office|secretary|ministry|spokespeople|aide|insider|statement)\b",
    re.IGNORECASE,
)
_CAP = re.compile(r"[A-Z][\w’'.-]*")
_MAX_SUBJECT_WORDS = 9
_AUX = re.compile(
    r"(?:\s+(?:has|have|had|was|is|were|are|also|then|later|again|would|will|had|previously|"
    r"last night|yesterday|today|this morning))+\s*$",
    re.IGNORECASE,
)


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with quoted words (and their marks) replaced by underscores, offsets kept."""
    chars = list(text)
    for s, e in spans:
        for i in range(max(0, s - 1), min(len(chars), e + 1)):
            if not chars[i].isspace():
                chars[i] = "_"
    return "".join(chars)


def name_in(phrase: str) -> str | None:
    """The speaker a subject phrase names: a person, a described source, or a pronoun."""
    words = phrase.strip(" ,;:—–-\n").split()
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return words[0].lower()
    # Runs of capitalised words (a title like "Mr" starts a run); keep the last real name.
    runs: list[list[str]] = []
    cur: list[str] = []
    for w in words:
        bare = w.strip(",;:.()")
        if _CAP.fullmatch(bare) or bare.lower().rstrip(".") in _TITLES:
            cur.append(bare)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    for run in reversed(runs):
        # "Shadow Housing Secretary Ravi Nair": the name follows the last job word.
        roles = [i for i, w in enumerate(run) if w.lower().rstrip(".") in _ROLES]
        if roles and roles[-1] < len(run) - 1:
            run = run[roles[-1] + 1 :]
        has_title = run[0].lower().rstrip(".") in _TITLES and len(run) > 1
        possessive = any(w.endswith(("’s", "'s")) for w in run)
        if (len(run) >= 2 or has_title) and run[-1].lower() not in _ROLES and not possessive:
            return " ".join(run)
    if len(words) == 1 and _CAP.fullmatch(words[0].strip(",.")) and words[0] not in ("It",):
        return words[0].strip(",.")
    described = _SPEAKER_NOUNS.search(phrase) is not None
    determiner = words[0].lower() in ("a", "an", "the", "his", "her", "their", "its")
    # "the councillor", "a spokesperson for the council": a described, unnamed source
    if (determiner and (described or runs or len(words) <= 3)) or (described and len(words) <= 6):
        return " ".join(words[:_MAX_SUBJECT_WORDS]).strip(",.")
    return None


def _after(masked: str, start: int, end: int) -> str | None:
    """Attribution after the quote, up to the sentence's end: ', Mr X said' / 'said Mr X'."""
    tail = masked[start:end]
    tail = re.split(r"(?<=[.!?])\s|_", tail, maxsplit=1)[0]
    m = re.match(r"[\s,;:.!?—–-]*", tail)
    rest = tail[m.end() if m else 0 :]
    if not rest:
        return None
    v = re.match(rf"(?:{_VERBS})\s+(.+)", rest, re.IGNORECASE)
    if v:
        who = name_in(re.split(r"\b(?:in|at|on|to|after|before|when|while|as)\b", v.group(1))[0])
        if who:
            return who
    v = _VERB.search(rest)
    if v and len(rest[: v.start()].split()) <= _MAX_SUBJECT_WORDS and rest[:1] != rest[:1].upper():
        who = name_in(rest[: v.start()])
        if who:
            return who
    if v and len(rest[: v.start()].split()) <= _MAX_SUBJECT_WORDS:
        who = name_in(rest[: v.start()])
        if who:
            return who
    acc = re.search(r"\baccording to\s+(.+)", rest, re.IGNORECASE)
    if acc:
        return name_in(re.split(r"[,.;]", acc.group(1))[0])
    return None


def _before(masked: str, para_start: int, quote_start: int) -> str | None:
    """Attribution before the quote in its sentence: 'X said:', 'X told Y that', 'X:'."""
    head = masked[para_start : max(para_start, quote_start - 1)]
    # Only the current sentence: cut after the last sentence end outside quotes.
    cut = [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z_])", head)]
    if cut:
        head = head[cut[-1] :]
    colon = re.search(r"([^:_]{1,80}):\s*$", head)
    verbs = list(_VERB.finditer(head))
    if not verbs:
        if colon:
            return name_in(colon.group(1))
        acc = re.search(r"\baccording to\s+([^,_]+),?\s*$", head, re.IGNORECASE)
        return name_in(acc.group(1)) if acc else None
    verb = verbs[-1]
    clauses = [c.strip() for c in re.split(r"[,;]\s+|_+", head[: verb.start()])]
    last = re.sub(r"^(?:and|but|then|so)\s+", "", clauses[-1] if clauses else "", flags=re.I)
    last = _AUX.sub("", last)
    if last and not re.match(r"(?:who|which|whose|where)\b", last, re.I):
        words = last.split()
        if len(words) <= _MAX_SUBJECT_WORDS:
            who = name_in(last)
        else:
            # "He invited critics to offer ... and said": the sentence's subject leads the clause
            who = name_in(" ".join(words[:4])) or name_in(words[0])
        if who:
            return who
    # "Mr X, who used to ..., told Sky News:": the subject is the sentence's first clause.
    first = re.sub(r"^(?:and|but|then|so)\s+", "", clauses[0], flags=re.I).split()
    return name_in(" ".join(first[:6])) or (name_in(first[0]) if first else None)


def attribute_speakers(
    text: str, paras: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]
) -> list[str | None]:
    """One speaker (or None) per quote span, in order."""
    masked = _mask(text, spans)
    starts = [a for a, _ in paras]
    out: list[str | None] = []
    last_named: str | None = None
    named_para = prev_end = -10
    for s, e in spans:
        p = max(0, bisect_right(starts, s) - 1)
        pe = max(p, bisect_right(starts, max(s, e - 1)) - 1)
        a = paras[p][0] if paras else 0
        b = paras[pe][1] if paras else len(text)
        who = _after(masked, min(len(text), e + 1), b) or _before(masked, a, s)
        if who in _PRONOUNS:
            who = last_named if p - named_para <= 3 else None
        if who is None and out and out[-1] is not None and p - prev_end <= 1:
            # A quote with no attribution of its own right after another: the same voice.
            who = out[-1]
        out.append(who)
        prev_end = pe
        if who is not None:
            last_named, named_para = who, pe
    return out
