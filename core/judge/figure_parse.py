"""Find figures in text and normalise them: money, percentages, dates, durations, counts, fractions.

"£140million", "£140m", "£140 million" and "140 million pounds" all become ``140000000 GBP``;
"a third" becomes ``0.333``, "five years" ``5 year``, "5 December 2023" ``2023-12-05``.
Patterns run from the most specific (dates, money) to the least (bare counts); each claims its
characters so a date's day and year, or money's digits, are never counted again. Weekdays,
clock times and a month on its own are not figures. An ordinal word is a figure only in "the
third in/of/to ..." (a rank among others), never in "third country". Standard library only;
must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.documents import Span
from core.judge.quote_match import STOP_WORDS, stem, word_set

_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {
    "hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000,
    "mn": 1_000_000, "billion": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
    "trillion": 1_000_000_000_000, "tn": 1_000_000_000_000,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
_FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_CURRENCY = {"£": "GBP", "$": "USD", "€": "EUR", "us$": "USD"}
_CURRENCY_WORDS = {
    "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "dollars": "USD", "dollar": "USD",
    "euros": "EUR", "euro": "EUR", "pence": "GBP-p", "p": "GBP-p",
}
_DURATION_UNITS = {
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "month": "month",
    "months": "month", "week": "week", "weeks": "week", "day": "day", "days": "day",
    "hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute",
    "decade": "decade", "decades": "decade",
}

_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|"
    r"a hundred|a thousand)"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = rf"(?:{_DIGITS}|{_WORD_NUM})"
_SCALE = r"(?:hundred|thousand|million|billion|trillion)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)


@dataclass(frozen=True)
class FoundFigure:
    """One figure in a text, with its normalised meaning."""

    span: Span
    text: str
    #: money, percent, date, duration, count, fraction, ordinal
    kind: str
    #: Numeric value (dates: yyyymmdd-style ordering number; see ``value``).
    number: float
    #: Currency code, duration unit, "%" or the counted noun's stem ("" if none).
    unit: str
    #: Normalised value as ``Figure.value`` carries it: "140000000 GBP", "0.333", "5 year".
    value: str
    #: Stems of the words right after the figure ("independent member"), for counts.
    context: tuple[str, ...] = field(default=())
    #: Stems of the content words right before the figure, in the same clause.
    before: tuple[str, ...] = field(default=())

    def key(self) -> tuple[str, str]:
        return (self.kind, self.value)


def fmt_number(x: float) -> str:
    """140000000.0 -> "140000000"; 1/3 -> "0.333"."""
    if abs(x - round(x)) < 1e-9:
        return str(round(x))
    return f"{x:.3f}".rstrip("0").rstrip(".")


def parse_number(text: str) -> float | None:
    """A number written with digits or words: "38,700", "2.5", "five", "twenty-one", "a dozen"."""
    t = text.strip().lower().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    t = t.replace("-", " ")
    special = {"a dozen": 12.0, "a hundred": 100.0, "a thousand": 1000.0}
    if t in special:
        return special[t]
    total = 0
    for part in t.split():
        if part in _ONES:
            total += _ONES[part]
        elif part in _TENS:
            total += _TENS[part]
        else:
            return None
    return float(total) if total else None


def _scale(word: str | None) -> float:
    return float(_SCALES.get((word or "").lower().strip(), 1))


_SKIP = STOP_WORDS | word_set("the a an of to in on for and or by at as from with than")


def _before(text: str, start: int) -> tuple[str, ...]:
    """Stems of up to three content words before ``start`` in the same clause."""
    head = re.split(r"[.;:!?()\n]|,\s", text[max(0, start - 60) : start])[-1]
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", head) if w.lower() not in _SKIP]
    return tuple(stem(w) for w in words[-3:])


def _context(text: str, end: int) -> tuple[str, ...]:
    """Stems of up to three words after ``end`` in the same clause."""
    tail = re.split(r"[.;:!?()\n]|,\s", text[end : end + 60], maxsplit=1)[0]
    found = re.findall(r"[A-Za-z][\w’'-]*", tail)
    return tuple(stem(w) for w in found if w.lower() not in _SKIP)[:3]


def _rx(first: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` behind a lookahead for ``first``, a class every match starts with.

    The matches stay the same; the engine just rules out most positions with one character
    test instead of trying every alternative ("twenty|thirty|...") at each of them.
    """
    return re.compile(f"(?={first}){pattern}", flags)


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("time", _rx(r"\d",
        r"\b\d{1,2}:\d{2}(?!\d)(?:\s?(?:am|pm|a\.m\.|p\.m\.))?|"
        r"\b\d{1,2}\.\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)", re.I)),
    # Telephone numbers ("020 7946 0000", "+44 20 7946 0000") are no figures either.
    ("time", _rx("[+0]", r"(?:\+\d{1,3}[\s-]?|\b0)\d{2,4}[\s-]\d{3,4}[\s-]?\d{3,4}\b")),
    ("date_dmy", _rx(r"\d",
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH})(?:,?\s+(\d{{4}}))?\b")),
    ("date_mdy", _rx(
        "[JFMASOND]", rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")),
    ("date_my", _rx("[JFMASOND]", rf"\b({_MONTH})\s+(\d{{4}})\b")),
    # A month on its own only after a preposition ("in July"), never "May" as a verb.
    ("date_m", _rx("[abdefilmnostuABDEFILMNOSTU]",
        rf"\b(?i:in|since|until|by|from|before|after|during|last|next|this|early|late|mid|of)"
        rf"\s+({_MONTH})(?![\w-]|\s+\d)")),
    ("date_iso", _rx(r"\d", r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("date_slash", _rx(r"\d", r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")),
    ("money_sym", _rx("[u£$€]",
        rf"(US\$|[£$€])\s?({_DIGITS})(?:\s?({_SCALE})\b|(bn|mn|m|k|tn|b)\b)?", re.I)),
    ("money_word", _rx(r"[\dtfsenoa]",
        rf"\b({_NUM})(?:[\s-]({_SCALE}))?\s(pounds|pound|sterling|dollars|euros|pence)\b",
        re.I)),
    ("percent", _rx(r"[\dtfsenoa]",
        rf"\b({_NUM})(?:\s?(%)|\s(?:per\s?cent|percent|percentage points?)\b)", re.I)),
    ("fraction_x_in_y", _rx(r"[\dotf]",
        r"\b(one|two|three|four|\d)\s+in\s+(two|three|four|five|six|seven|eight|nine|ten|\d+)\b",
        re.I)),
    ("fraction", _rx("[aotfsn]",
        r"\b(a|one|two|three|four|five|seven|nine)[\s-](half|halves|thirds?|quarters?|fifths?|"
        r"sixths?|eighths?|tenths?)\b(?!-)(?!\s+(?:country|countries|party|parties|way|time|"
        r"place|term|round|reading|option|world|person|wave|generation|runway|force)\b)",
        re.I)),
    ("half", _rx("h",
        r"(?:(?<=\bby )|(?<=\bthan )|(?<=\bnearly )|(?<=\balmost )|(?<=\babout )|(?<=\bover )|"
        r"(?<=\baround ))half\b|\bhalf(?= (?:of|the|a|its|their|all)\b)", re.I)),
    ("ordinal", _rx(r"[\dfsten]",
        r"(?<=\bthe )(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
        r"\d+(?:st|nd|rd|th))(?= (?:in|of|to|since|time|such|ever|largest|biggest|highest|"
        r"lowest|consecutive|successive)\b)", re.I)),
    ("ordinal_digits", _rx(r"\d", r"\b\d+(?:st|nd|rd|th)\b")),
    ("duration", _rx(r"[\dtfsenoa]",
        rf"\b({_NUM})(?:\s|-)(years?|yrs?|months?|weeks?|days?|hours?|minutes?|decades?)\b",
        re.I)),
    ("year", _rx("[12]", r"(?<![\d,.£$€-])\b(1[89]\d\d|2[01]\d\d)\b(?!\d|[,.]\d|%|\s?per\b)")),
    ("twice", _rx("t", r"\b(?:twice|thrice)\b", re.I)),
    ("count", _rx(
        r"[\dtfsenoa]", rf"(?<![\w.-])({_NUM})(?:\s({_SCALE}))?\b(?![.,]?\d|-\w|%)", re.I)),
]


_DATE_VALUE = re.compile(r"(\d{4})?(?:-{1,2}(\d{2}))?(?:-(\d{2}))?")


def date_parts(value: str) -> tuple[int | None, int | None, int | None]:
    """("2027-06-30" | "--06-30" | "2027-06" | "--06" | "2027") -> (year, month, day)."""
    m = _DATE_VALUE.fullmatch(value)
    if not m:
        return (None, None, None)
    y, mo, d = m.groups()
    return (int(y) if y else None, int(mo) if mo else None, int(d) if d else None)


def _date_value(year: str | None, month: int, day: int | None) -> str:
    y = year or ""
    if day is None:
        return f"{y}-{month:02d}"
    return f"{y}-{month:02d}-{day:02d}" if y else f"--{month:02d}-{day:02d}"


def _make(text: str, kind: str, m: re.Match[str]) -> FoundFigure | None:
    """The figure a pattern match stands for, or None when it is no figure after all."""
    span = Span(m.start(), m.end())
    g = m.groups()
    if kind == "time":
        return None
    if kind == "date_dmy":
        return _fig(text, span, "date", 0, "", _date_value(g[2], _MONTHS[_mon(g[1])], int(g[0])))
    if kind == "date_mdy":
        return _fig(text, span, "date", 0, "", _date_value(g[2], _MONTHS[_mon(g[0])], int(g[1])))
    if kind == "date_my":
        return _fig(text, span, "date", 0, "", _date_value(g[1], _MONTHS[_mon(g[0])], None))
    if kind == "date_m":
        month = Span(m.start(1), m.end(1) - (1 if m.group(1).endswith(".") else 0))
        return _fig(text, month, "date", 0, "", f"--{_MONTHS[_mon(g[0])]:02d}")
    if kind == "twice":
        times = 2 if m.group(0).lower() == "twice" else 3
        context = _context(text, span.end)
        return _fig(text, span, "count", times, "time", str(times), context)
    if kind == "date_iso":
        return _fig(text, span, "date", 0, "", f"{g[0]}-{g[1]}-{g[2]}")
    if kind == "date_slash":
        return _fig(text, span, "date", 0, "", _date_value(g[2], int(g[1]), int(g[0])))
    if kind == "money_sym":
        n = parse_number(g[1])
        if n is None:
            return None
        amount = n * _scale(g[2] or g[3])
        cur = _CURRENCY[g[0].lower()]
        return _fig(text, span, "money", amount, cur, f"{fmt_number(amount)} {cur}")
    if kind == "money_word":
        n = parse_number(g[0])
        if n is None:
            return None
        cur = _CURRENCY_WORDS[g[2].lower()]
        amount = n * _scale(g[1])
        if cur == "GBP-p":
            amount, cur = amount / 100, "GBP"
        return _fig(text, span, "money", amount, cur, f"{fmt_number(amount)} {cur}")
    if kind == "percent":
        n = parse_number(g[0])
        return None if n is None else _fig(text, span, "percent", n, "%", f"{fmt_number(n)}%")
    if kind == "fraction_x_in_y":
        a, b = parse_number(g[0]), parse_number(g[1])
        if not a or not b or a >= b:
            return None
        return _fig(text, span, "fraction", a / b, "", fmt_number(a / b))
    if kind == "fraction":
        num = 1.0 if g[0].lower() == "a" else parse_number(g[0])
        den = _FRACTIONS[g[1].lower()]
        if num is None:
            return None
        return _fig(text, span, "fraction", num / den, "", fmt_number(num / den))
    if kind == "half":
        return _fig(text, span, "fraction", 0.5, "", "0.5")
    if kind in ("ordinal", "ordinal_digits"):
        word = m.group(0).lower()
        rank = _ORDINALS.get(word) or int(re.sub(r"\D", "", word) or 0)
        if not rank:
            return None
        last = rank % 10 if rank % 100 not in (11, 12, 13) else 0
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(last, "th")
        return _fig(text, span, "ordinal", rank, "", f"{rank}{suffix}")
    if kind == "duration":
        n = parse_number(g[0])
        if n is None:
            return None
        unit = _DURATION_UNITS[g[1].lower()]
        return _fig(text, span, "duration", n, unit, f"{fmt_number(n)} {unit}")
    if kind == "year":
        return _fig(text, span, "date", int(g[0]), "", g[0])
    if kind == "count":
        return _count(text, span, g[0], g[1])
    return None


def _count(text: str, span: Span, num: str, scale: str | None) -> FoundFigure | None:
    low = num.lower()
    if low in ("one",) and not scale:
        return None  # "one of", "no one": almost never a figure in prose
    n = parse_number(num)
    if n is None:
        return None
    n *= _scale(scale)
    context = _context(text, span.end)
    return _fig(text, span, "count", n, context[0] if context else "", fmt_number(n), context)


def _mon(name: str) -> str:
    return name.lower().rstrip(".")


def _fig(
    text: str,
    span: Span,
    kind: str,
    number: float,
    unit: str,
    value: str,
    context: tuple[str, ...] | None = None,
) -> FoundFigure:
    ctx = context if context is not None else _context(text, span.end)
    return FoundFigure(
        span, text[span.start : span.end], kind, float(number), unit, value, ctx,
        _before(text, span.start),
    )


def find_figures(text: str) -> list[FoundFigure]:
    """Every figure in ``text``, in reading order, none overlapping another."""
    taken = bytearray(len(text))
    out: list[FoundFigure] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if m.end() == m.start() or any(taken[m.start() : m.end()]):
                continue
            fig = _make(text, kind, m)
            # Claimed even when it is no figure (clock times), so no later pattern reads it.
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            if fig is not None:
                out.append(fig)
    out.sort(key=lambda f: f.span.start)
    return out
