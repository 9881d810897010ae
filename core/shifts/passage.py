"""Shifts between one release passage and the report passage that says it: the cue rules.

``Side`` is one side of a pair: its words in scope (see ``words.scope``) and their cues. Each
``_kind`` function compares the cues of the two sides for one kind of shift and returns at most
one ``Shift``: a hedge only one side has (certainty), negations of other parity or a word
against its opposite (negation), another quantifier, bound or superlative (quantity), a
condition the report drops or adds (condition), a claim made fact, a fact made claim or another
speaker (attribution), future against done or another relative time (time). Spans name the cue
words, or where a side has none, the words opposite them. Pure Python; must not import Qt or
``ui/``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from core.documents import Span
from core.results import Shift, ShiftDirection, ShiftKind
from core.shifts.lexicon import ANTONYMS, Cue, find_cues, numeral
from core.shifts.speakers import agent, same_agent, shown
from core.shifts.words import Word, clause_end, content_stems, counterpart, cover, joined, words

S, W, C = ShiftDirection.STRENGTHENED, ShiftDirection.WEAKENED, ShiftDirection.CHANGED


@dataclass
class Side:
    text: str
    words: list[Word]
    #: Words of the whole passage, beyond the scope (a dropped condition is looked for there).
    passage: list[Word] = field(default_factory=list)
    #: Whose words these are when the passage itself names nobody (release quotes).
    speaker: frozenset[str] | None = None
    #: The clauses just before and after the scope, for a limit that stands there.
    before: list[Word] = field(default_factory=list)
    after: list[Word] = field(default_factory=list)
    cues: list[Cue] = field(init=False)

    def __post_init__(self) -> None:
        self.cues = [c for c in find_cues(self.words) if not self._aside(self.words, c)]

    def _aside(self, ws: list[Word], c: Cue) -> bool:
        """A "but" word set off by commas ("The fund, however, will pay", "..., though."):
        a turn of the argument, not a limit on the claim; leaving it out changes nothing."""
        if c.group != "cond_but" or c.hi - c.lo != 1:
            return False
        span = ws[c.lo].span
        before = self.text[max(0, span.start - 2) : span.start].rstrip()
        after = self.text[span.end : span.end + 2].lstrip()
        return before.endswith(",") and after[:1] in (",", ".", ";", "!", "?")

    def limits(self) -> list[tuple[list[Word], Cue]]:
        """Condition cues in scope, or opening the clause right before or after it."""
        out = [(self.words, c) for c in self.of("cond", "cond_but")]
        for ws in (self.before, self.after):
            out += [
                (ws, c)
                for c in find_cues(ws[:3])
                if c.group in ("cond", "cond_but") and not self._aside(ws, c)
            ]
        return out

    def of(self, *groups: str) -> list[Cue]:
        return [c for c in self.cues if c.group in groups]

    def said(self, c: Cue) -> str:
        return joined(self.text, self.words[c.lo : c.hi])

    def span(self, c: Cue) -> Span:
        return cover(self.words[c.lo : c.hi])

    def whole(self) -> Span:
        return cover(self.words)


@dataclass
class Pair:
    o: Side
    r: Side
    #: Names the release is issued under; attributing to them adds nothing.
    issuer: frozenset[str]

    def __post_init__(self) -> None:
        # "up to 5 years" only hedges a figure both sides give; "about 21 for each town" is the
        # report's own sum, not a change to the release's figure.
        o_nums = {numeral(w.norm) for w in self.o.passage or self.o.words}
        r_nums = {numeral(w.norm) for w in self.r.passage or self.r.words}
        self.o.cues = [c for c in self.o.cues if not c.number or c.number in r_nums]
        self.r.cues = [c for c in self.r.cues if not c.number or c.number in o_nums]

    def whole(self) -> Pair:
        """The same pair over the whole passages (who said it is said once for a sentence)."""
        o = Side(self.o.text, self.o.passage or self.o.words, speaker=self.o.speaker)
        r = Side(self.r.text, self.r.passage or self.r.words, speaker=self.r.speaker)
        return Pair(o, r, self.issuer)


def _q(s: str) -> str:
    return f"“{s}”" if s else "nothing"


def _one_sided(p: Pair, kind: ShiftKind, cue: Cue, on_release: bool, direction: ShiftDirection,
               explain: Callable[[str, str], str]) -> Shift:
    """A shift for a cue that only one side has; the other side's words are those opposite it."""
    a, b = (p.o, p.r) if on_release else (p.r, p.o)
    cp = counterpart(a.words, b.words, cue.lo, cue.hi)
    here, there = a.said(cue), joined(b.text, cp)
    there_span = cover(cp) if cp else b.whole()
    o_span, r_span = (a.span(cue), there_span) if on_release else (there_span, a.span(cue))
    o_words, r_words = (here, there) if on_release else (there, here)
    return Shift(kind, r_span, o_span, direction, o_words, r_words, explain(o_words, r_words))


def _two_sided(kind: ShiftKind, p: Pair, oc: Cue, rc: Cue, direction: ShiftDirection,
               explanation: str) -> Shift:
    return Shift(kind, p.r.span(rc), p.o.span(oc), direction, p.o.said(oc), p.r.said(rc),
                 explanation)


def certainty(p: Pair) -> Shift | None:
    ho, hr = p.o.of("hedge"), p.r.of("hedge")
    if ho and not hr and (p.r.of("attr_doubt") or len(p.r.of("neg")) > len(p.o.of("neg"))):
        # "estimates" -> "claims" is the attribution rule's, "designed to" -> "failed to" the
        # negation rule's: one change, one shift.
        return None
    if ho and not hr:
        return _one_sided(p, ShiftKind.CERTAINTY, ho[0], True, S, lambda o, r: (
            f"The release hedges ({_q(o)}); the report states it as certain ({_q(r)})"))
    if hr and not ho:
        return _one_sided(p, ShiftKind.CERTAINTY, hr[0], False, W, lambda o, r: (
            f"The report hedges ({_q(r)}) where the release is firm ({_q(o)})"))
    if ho or hr:
        return None
    bo, br = p.o.of("booster"), p.r.of("booster")
    if br and not bo:
        return _one_sided(p, ShiftKind.CERTAINTY, br[0], False, S, lambda o, r: (
            f"The report adds certainty ({_q(r)}) the release does not claim"))
    if bo and not br:
        return _one_sided(p, ShiftKind.CERTAINTY, bo[0], True, W, lambda o, r: (
            f"The report drops the release's certainty ({_q(o)})"))
    return None


#: Verbs whose meaning holds a negation: "remove the risk" says the risk is not there.
_PRIVATIVE = frozenset({
    "remove", "removes", "removed", "removing", "prevent", "prevents", "prevented",
    "preventing", "avoid", "avoids", "avoided", "avoiding", "stop", "stops", "stopped",
    "stopping", "end", "ends", "ended", "ending", "eliminate", "eliminates", "eliminated",
    "eliminating", "ban", "bans", "banned", "bar", "bars", "barred", "rule", "ruled",
    "rules", "exclude", "excludes", "excluded", "scrap", "scraps", "scrapped", "halt",
    "halts", "halted", "lack", "lacks", "free", "without",
})


def _privative(side: Side) -> bool:
    ws = side.words
    # "still to decide", "yet to start": not done, in other words.
    pending = any(a.norm in ("still", "yet") and b.norm == "to" for a, b in pairwise(ws))
    return pending or any(w.norm in _PRIVATIVE for w in ws)


def negation(p: Pair) -> Shift | None:
    no, nr = p.o.of("neg"), p.r.of("neg")
    if len(no) % 2 != len(nr) % 2:
        r_norms = {p.r.said(c).lower() for c in nr}
        o_norms = {p.o.said(c).lower() for c in no}
        extra_o = [c for c in no if p.o.said(c).lower() not in r_norms]
        extra_r = [c for c in nr if p.r.said(c).lower() not in o_norms]
        # A verb that says "no X" in itself ("remove the risk" for "not at risk", "prevent"
        # for "will not happen") carries the negation over: that is a paraphrase.
        if extra_r and not _privative(p.o):
            return _one_sided(p, ShiftKind.NEGATION, extra_r[0], False, C, lambda o, r: (
                f"The report negates ({_q(r)}) what the release affirms"
                + (f" ({_q(o)})" if o else "")))
        if extra_o and not _privative(p.r):
            return _one_sided(p, ShiftKind.NEGATION, extra_o[0], True, C, lambda o, r: (
                f"The release says {_q(o)}; the report drops the negation"
                + (f" ({_q(r)})" if r else "")))
    o_idx = {w.norm: i for i, w in enumerate(p.o.words)}
    r_idx = {w.norm: i for i, w in enumerate(p.r.words)}
    for a, b in ANTONYMS:
        for x, y in ((a, b), (b, a)):
            oi = next((o_idx[w] for w in x if w in o_idx), None)
            ri = next((r_idx[w] for w in y if w in r_idx), None)
            if oi is None or ri is None or (x & r_idx.keys()) or (y & o_idx.keys()):
                continue
            oc, rc = Cue("ant", 0, oi, oi + 1), Cue("ant", 0, ri, ri + 1)
            return _two_sided(ShiftKind.NEGATION, p, oc, rc, C, (
                f"The report says the opposite: {_q(p.r.said(rc))} for the release's "
                f"{_q(p.o.said(oc))}"))
    return None


def _top(cues: Sequence[Cue]) -> Cue | None:
    return max(cues, key=lambda c: c.rank) if cues else None


def quantity(p: Pair) -> Shift | None:
    qo, qr = _top(p.o.of("quant")), _top(p.r.of("quant"))
    if qo and qr and qo.rank != qr.rank:
        d = S if qr.rank > qo.rank else W
        return _two_sided(ShiftKind.QUANTITY, p, qo, qr, d, (
            f"The report says {_q(p.r.said(qr))} where the release says {_q(p.o.said(qo))}"))
    if qr and not qo:
        d = S if qr.rank >= 4 else W if qr.rank <= 2 else C
        return _one_sided(p, ShiftKind.QUANTITY, qr, False, d, lambda o, r: (
            f"The report adds {_q(r)}, a quantity the release does not give"))
    if qo and not qr and qo.rank <= 3:
        # Dropping "some" or "many" makes a part the whole; dropping "each" or "all" does not.
        return _one_sided(p, ShiftKind.QUANTITY, qo, True, S, lambda o, r: (
            f"The release says {_q(o)}; the report drops it and generalises"))
    bo = {c.rank: c for c in p.o.of("bound")}
    br = {c.rank: c for c in p.r.of("bound")}
    if bo.keys() != br.keys():
        for sign, c in br.items():
            if sign not in bo:
                return _one_sided(p, ShiftKind.QUANTITY, c, False, S if sign > 0 else W,
                                  lambda o, r: f"The report adds {_q(r)} to the figure"
                                  + (f" (the release: {_q(o)})" if o else ""))
        for sign, c in bo.items():
            if sign not in br:
                return _one_sided(p, ShiftKind.QUANTITY, c, True, W if sign > 0 else S,
                                  lambda o, r: f"The report drops the release's {_q(o)}"
                                  + (f" (it says {_q(r)})" if r else ""))
    so, sr = p.o.of("super"), p.r.of("super")
    if sr and not so:
        return _one_sided(p, ShiftKind.QUANTITY, sr[0], False, S, lambda o, r: (
            f"The report calls it {_q(r)}; the release makes no such claim"))
    if so and not sr:
        return _one_sided(p, ShiftKind.QUANTITY, so[0], True, W, lambda o, r: (
            f"The release says {_q(o)}; the report drops it"))
    return None


def _limit(p: Pair, ws: list[Word], cue: Cue) -> list[Word]:
    """The words of a condition: from its cue to the end of its clause, ten at most."""
    start = ws[cue.lo].span.start
    return words(p.o.text, start, clause_end(p.o.text, ws[cue.hi - 1].span.end))[:10]


def _kept(p: Pair, limit: list[Word]) -> bool:
    """The report says the condition's own words anyway (content words of its clause)."""
    stems = content_stems(limit[1:])
    if not stems:
        return False
    have = content_stems(p.r.passage or p.r.words)
    return len(stems & have) * 2 >= len(stems)


def condition(p: Pair) -> Shift | None:
    co = [lim for ws, c in p.o.limits() if not _kept(p, lim := _limit(p, ws, c))]
    cr = [(ws, c) for ws, c in p.r.limits() if c.group == "cond"]
    if co and not p.r.limits():
        limit = co[0]
        o_words = joined(p.o.text, limit)
        return Shift(ShiftKind.CONDITION, p.r.whole(), cover(limit), S, o_words, "", (
            f"The release limits this ({_q(o_words)}); the report leaves the limit out"))
    if cr and not p.o.limits():
        ws, cue = cr[0]
        added = words(p.r.text, ws[cue.lo].span.start, clause_end(p.r.text, ws[cue.lo].span.end))
        r_words = joined(p.r.text, added[:10])
        return Shift(ShiftKind.CONDITION, cover(added[:10]), p.o.whole(), W, "", r_words, (
            f"The report adds a condition ({_q(r_words)}) the release does not set"))
    return None


_VERB_RANK = {"attr": 0, "hedge": 0, "attr_admit": 1, "attr_doubt": 2}
#: Roles that stand for whoever issued a release, when no name is given.
_ISSUER_ROLES = frozenset({
    "minister", "ministers", "ministry", "secretary", "spokesperson", "spokesman",
    "spokeswoman", "official", "officials", "government", "department", "office",
})
#: Hedging verbs that also say whose view it is: "the ministry estimates" is attributed.
_VIEW = frozenset({"estimates", "estimate", "expects", "expect", "believes"})


def attribution(pair: Pair) -> Shift | None:
    p = pair.whole()
    ao = [c for c in p.o.cues if c.group in ("attr", "attr_doubt", "attr_admit")
          or (c.group == "hedge" and p.o.said(c).lower() in _VIEW)]
    ar = p.r.of("attr", "attr_doubt", "attr_admit")
    o_agent = agent(p.o.text, p.o.words, ao[0].lo, ao[0].hi) if ao else p.o.speaker
    if ar:
        rc = ar[0]
        r_agent = agent(p.r.text, p.r.words, rc.lo, rc.hi)
        if o_agent is None:
            if rc.group == "attr" and (not r_agent or r_agent & p.issuer
                                       or r_agent <= _ISSUER_ROLES):
                # The release's own words, credited to its issuer ("the minister said",
                # "officials said"): a plain "said" is how a report cites a release.
                return None
            return _one_sided(p, ShiftKind.ATTRIBUTION, rc, False, W, lambda o, r: (
                f"The release states this as fact; the report makes it a claim ({_q(r)})"))
        if not same_agent(o_agent, r_agent):
            who = shown(o_agent, p.o.text, p.o.whole().start)
            oc = ao[0] if ao else None
            if oc is None:
                r_who = shown(r_agent, p.r.text, p.r.whole().end) if r_agent else ""
                return _one_sided(p, ShiftKind.ATTRIBUTION, rc, False, C, lambda o, r: (
                    f"The report credits this to {r_who or 'another speaker'}; in the release "
                    f"it is {who}'s"))
            return _two_sided(ShiftKind.ATTRIBUTION, p, oc, rc, C, (
                f"Another speaker: the report has {_q(p.r.said(rc))}, the release "
                f"{_q(p.o.said(oc))}"))
        # Words introduced by "X said:" in the release count as plainly said.
        o_rank = _VERB_RANK[ao[0].group] if ao else 0
        if _VERB_RANK[rc.group] != o_rank:
            d = W if _VERB_RANK[rc.group] > o_rank else C
            if not ao:
                return _one_sided(p, ShiftKind.ATTRIBUTION, rc, False, d, lambda o, r: (
                    f"The report casts the statement as {_q(r)}; the release just reports it"))
            return _two_sided(ShiftKind.ATTRIBUTION, p, ao[0], rc, d, (
                f"The report casts the statement as {_q(p.r.said(rc))}; the release has "
                f"{_q(p.o.said(ao[0]))}"))
        return None
    if ao and o_agent and not (o_agent & p.issuer):
        return _one_sided(p, ShiftKind.ATTRIBUTION, ao[0], True, S, lambda o, r: (
            f"The release gives this as someone's words ({_q(o)}); the report states it as fact"))
    return None


_RELATIVE_DAYS = frozenset({"today", "yesterday", "tomorrow", "now"})


def time(p: Pair) -> Shift | None:
    fo, po = p.o.of("future"), p.o.of("past")
    fr, pr = p.r.of("future"), p.r.of("past")
    if fo and not po and pr and not fr:
        return _two_sided(ShiftKind.TIME, p, fo[0], pr[0], S, (
            f"The release says it will happen ({_q(p.o.said(fo[0]))}); the report says it has "
            f"({_q(p.r.said(pr[0]))})"))
    if po and not fo and fr and not pr:
        return _two_sided(ShiftKind.TIME, p, po[0], fr[0], W, (
            f"The release says it has happened ({_q(p.o.said(po[0]))}); the report says it "
            f"will ({_q(p.r.said(fr[0]))})"))
    groups = ("t_past", "t_now", "t_next")
    to, tr = p.o.of(*groups), p.r.of(*groups)
    days = {p.o.said(c).lower().rstrip("'s") for c in to} | {
        p.r.said(c).lower().rstrip("'s") for c in tr}
    # "Today" in a release is "yesterday" in the next day's paper: relative days move with the
    # date of writing, and only a change of year, month or week says something else.
    if days and days <= _RELATIVE_DAYS:
        return None
    if to and tr and not {c.group for c in to} & {c.group for c in tr}:
        return _two_sided(ShiftKind.TIME, p, to[0], tr[0], C, (
            f"Another time: the report says {_q(p.r.said(tr[0]))}, the release "
            f"{_q(p.o.said(to[0]))}"))
    return None


RULES: tuple[Callable[[Pair], Shift | None], ...] = (
    certainty, negation, quantity, condition, attribution, time,
)


def compare(p: Pair) -> list[Shift]:
    """Every cue rule on one pair: at most one shift of each kind."""
    return [s for rule in RULES if (s := rule(p)) is not None]
