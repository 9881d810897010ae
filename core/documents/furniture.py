"""Find web page furniture in extracted text: plugs, prompts, credits, bylines, comment forms.

Press reports reach Concord as text copied from news sites, so they carry the page's furniture
("Click to comment", "Sign up to our newsletter", "Photo: Reuters", "Skip to toolbar"). It stays
in the text, but it must not count as reporting. ``find_furniture`` is a pure function over the
text and its paragraph spans; every loader calls it. No library does this for plain text, so the
rules are a table of patterns, one family per row, each limited to short lines so that a real
sentence which happens to contain "read more" is never marked. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.documents.model import Span

#: A line longer than this (in words) is prose, whatever it contains.
MAX_FURNITURE_WORDS = 25


@dataclass(frozen=True)
class _Rule:
    family: str
    pattern: re.Pattern[str]
    max_words: int
    #: ``fullmatch``: the pattern must cover the whole line; otherwise ``search``.
    whole: bool = True


def _rule(
    family: str, pattern: str, max_words: int = 12, whole: bool = True, case: bool = False
) -> _Rule:
    flags = 0 if case else re.IGNORECASE
    return _Rule(family, re.compile(pattern, flags), max_words, whole)


# Agencies and picture libraries that appear alone or after "Photo:" in credits.
_AGENCY = (
    r"(?:PA(?: Wire| Media| Images| Archive)?|AP|AFP|EPA(?:-EFE)?|Reuters|Getty(?: Images)?|"
    r"Alamy(?: Stock Photo)?|Shutterstock|Bloomberg|Rex(?: Features)?|ANP|dpa|Xinhua|"
    r"Anadolu(?: Agency)?|Sipa(?: USA)?|Zuma(?: Press)?|NurPhoto|SOPA Images|UPI|"
    r"WireImage|Press Association|Associated Press|iStock(?:photo)?|BBC|ITV News|Sky News)"
)
_CREDIT_WORD = r"(?:photo(?:graph)?s?|pictures?|pics?|images?|credits?|foto|bild)"
_NAME = r"[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|der|da|la|le|al|bin)){0,3}"

#: One row per family of furniture. ``whole`` rules must match the entire (stripped) line;
#: the others look for a self-promoting phrase ("our newsletter") inside a short line.
RULES: tuple[_Rule, ...] = (
    # Comment widgets and forms under an article.
    _rule(
        "comments",
        r"(?:click|tap) (?:here )?to (?:comment|view comments)|leave a (?:reply|comment)|"
        r"\d* ?comments?|view comments|show comments|post a comment|join the (?:conversation|"
        r"discussion)|(?:be the first to|add a) comment|comments? (?:are )?closed|"
        r"your email address will not be published\.?(?: required fields are marked\s*\*?)?|"
        r"required fields are marked\s*\*?",
    ),
    # Continuation links and teasers pointing to other pages ("WATCH: ...", "Read more: ...").
    _rule(
        "read more",
        r"(?:continue|keep) reading\W*|read more\W*|read more\s*[:>»›|-].{0,160}|"
        r"read (?:more|the full (?:story|article)) (?:about|on|here|at)\b.{0,80}|"
        r"more (?:on this story|stories|from [\w .'-]{1,40})\W*|(?:related|recommended|"
        r"most read|most popular|top stories|latest news|trending)(?: (?:articles?|stories|"
        r"content|news|links|topics))?\W*|see also\W*|"
        r"(?:watch|listen|read|video|related|more|see|also read) ?: .{3,160}",
        max_words=25,
    ),
    # Social follow and share prompts, navigation links, account and advert labels.
    _rule(
        "social",
        r"(?:connect|follow) (?:with )?us(?: on [\w ,&]{1,60})?\W*|share (?:this|on|via)\b.{0,60}|"
        r"share(?: this)?(?: article| story| page)?\W*|(?:tweet|email|print|copy link|"
        r"facebook|twitter|whatsapp|linkedin|reddit|pinterest|messenger|x)(?:\W+(?:tweet|"
        r"email|print|copy link|facebook|twitter|whatsapp|linkedin|reddit|pinterest|"
        r"messenger|x))*\W*|skip to (?:main )?(?:content|toolbar|navigation|footer)\W*|"
        r"(?:log|sign) ?in(?: to [\w ]{1,30})?|register|subscribe(?: now| today)?\W*|"
        r"back to top\W*|advertisement|sponsored(?: content)?|(?:story )?continues below"
        r"(?: advertisement)?|ad",
    ),
    # Self-promotion inside a short paragraph: newsletters, podcasts, apps, alerts.
    _rule(
        "plug",
        r"\b(?:sign up|subscribe|register|listen|download|follow|join|get)\b[^.!?]{0,80}"
        r"(?:\bour\s(?:[\w-]+\s){0,3}(?:newsletters?|podcasts?|app|briefing|alerts?|emails?|"
        r"channel)|\bthe\s(?:[\w-]+\s){0,4}(?:newsletter|podcast))\b|"
        r"\bnewsletter sign[- ]?up\b|\bwhat you need to know\.{3}|"
        r"\bwe want to hear what you think\b|\bsubmit a letter to the editor\b",
        max_words=30,
        whole=False,
    ),
    # Photo and video credits on their own line.
    _rule(
        "credit",
        rf"(?:\(?{_CREDIT_WORD}\s*:\s*[^()]{{1,60}}\)?|\(?{_AGENCY}\)?|"
        rf"[\w .'-]{{1,40}}/\s?{_AGENCY}|{_AGENCY} via {_AGENCY})\W*",
        max_words=10,
    ),
    # A caption closed by its credit: "... last month Credit: Tom Pilgrim/PA", "(File Photo)".
    _rule(
        "caption credit",
        r"(?:\b(?:Credit|Photo|Picture|Image|Photograph)s?\s*:\s*[A-Z][\w.'’-]*"
        r"(?:[ /]+[\w.'’-]+){0,6}|"
        rf"\((?:(?i:{_CREDIT_WORD})\s*:\s*[^()]{{1,60}}|(?i:file (?:photo|picture|image))|"
        rf"{_AGENCY})\))\s*$",
        max_words=40,
        whole=False,
        case=True,
    ),
    # Copyright and rights lines from page footers.
    _rule(
        "copyright",
        r"(?:©|\(c\)).{0,120}|copyright\s*(?:©|\(c\))?\s*\d{4}.{0,100}|"
        r".{0,60}all rights reserved\b.{0,80}",
        max_words=20,
    ),
    # Cookie and consent notices.
    _rule(
        "cookies",
        r"\b(?:we use cookies|this (?:site|website) uses cookies|accept (?:all )?cookies|"
        r"cookie (?:policy|settings|preferences)|manage (?:your )?(?:consent|cookies))\b",
        max_words=45,
        whole=False,
    ),
    # Section menus copied with the page: three or more one- or two-word items joined by
    # separators ("Home | News | Sport", "World · Politics · Business").
    _rule(
        "navigation",
        r"[\w&'’-]+(?: [\w&'’-]+)?(?:\s*[|·•»›]\s*[\w&'’-]+(?: [\w&'’-]+)?){2,}",
        max_words=20,
        case=True,
    ),
    # Bare bylines: "By Jane Smith, Political Editor", "By David Barrett and Jason Groves".
    _rule(
        "byline",
        rf"(?:By|BY|Von|Par|Por)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
        r"(?:\s*[,|–-]\s*[\w .'&-]{1,40})?",
        max_words=12,
        case=True,
    ),
)

# A line made only of these tokens is a timestamp ("Published 5 December 2023, 16:44 GMT").
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_TOKEN = re.compile(
    rf"(?<!\w)(?:{_MONTH}|(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\.?|\d{{1,4}}(?:st|nd|rd|th)?|"
    r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?|am|pm|a\.m\.|p\.m\.|[ap]m|gmt|bst|utc|cet|cest|[ecmp][sd]t|"
    r"published|updated|posted|last|first|modified|dated|on|at|link|hours?|mins?|minutes?|ago|"
    r"today|yesterday)(?!\w)",
    re.IGNORECASE,
)
_DATE_JUNK = re.compile(r"[\s,.:;/|()\-–—]+")
_HAS_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")


def _word_count(line: str) -> int:
    return len(_WORD.findall(line))


def _is_timestamp(line: str) -> bool:
    if not _HAS_DIGIT.search(line) or _word_count(line) > 12:
        return False
    residue = _DATE_TOKEN.sub(" ", line)
    return not _DATE_JUNK.sub("", residue)


def furniture_family(line: str) -> str | None:
    """The furniture family a single line belongs to, or None for content."""
    stripped = line.strip().strip("*•·|>#").strip()
    if not stripped:
        return None
    words = _word_count(stripped)
    if words > MAX_FURNITURE_WORDS * 2:
        return None
    for rule in RULES:
        if words > rule.max_words:
            continue
        if rule.whole:
            if rule.pattern.fullmatch(stripped):
                return rule.family
        elif rule.pattern.search(stripped):
            return rule.family
    if _is_timestamp(stripped):
        return "timestamp"
    return None


def _lines(text: str, para: Span) -> list[Span]:
    """The non-blank lines of one paragraph as spans, trailing whitespace excluded."""
    out: list[Span] = []
    pos = para.start
    for raw in text[para.start : para.end].split("\n"):
        body = raw.rstrip()
        lead = len(body) - len(body.lstrip())
        if body.strip():
            out.append(Span(pos + lead, pos + len(body)))
        pos += len(raw) + 1
    return out


def _is_short_label(line: str) -> bool:
    """A section or navigation label: at most three words, no sentence punctuation."""
    return _word_count(line) <= 3 and not _SENTENCE_END.search(line)


def _is_prose(line: str) -> bool:
    return _word_count(line) >= 15 or bool(re.search(r"[.!?]\s*$", line))


def _is_caption_before_credit(line: str) -> bool:
    """A photo caption: a short line without closing punctuation (the credit follows it)."""
    return 3 <= _word_count(line) <= MAX_FURNITURE_WORDS and not re.search(r"[.!?]\s*$", line)


def _mark_top_labels(lines: list[str], marked: list[bool]) -> None:
    """Mark the short labels above the headline ("Connect with us", "United Kingdom").

    The last label is kept when prose follows it directly: then it is the headline itself.
    """
    run: list[int] = []
    for i, line in enumerate(lines):
        if marked[i]:
            continue
        if not _is_short_label(line):
            if run and _is_prose(line):
                run.pop()
            break
        run.append(i)
    else:
        return  # nothing but short lines: a list, not a page header
    for i in run:
        marked[i] = True


def find_furniture(text: str, paragraphs: Sequence[Span]) -> list[Span]:
    """Spans of ``text`` that are page furniture, sorted; whole paragraphs where all lines are.

    Works line by line inside each paragraph, because text copied from the web often keeps
    several furniture lines in one block ("Continue Reading" / "Click to comment"). Besides the
    pattern table, two context rules apply: a caption line directly above a bare photo credit
    ("PA") is furniture, and so are short labels at the very top of the page, above the
    headline.
    """
    spans: list[Span] = []
    owner: list[int] = []
    for index, para in enumerate(paragraphs):
        for span in _lines(text, para):
            spans.append(span)
            owner.append(index)
    lines = [text[s.start : s.end] for s in spans]
    families = [furniture_family(line) for line in lines]
    marked = [f is not None for f in families]

    for i in range(len(lines) - 1):
        if not marked[i] and families[i + 1] == "credit":
            marked[i] = _is_caption_before_credit(lines[i])
    _mark_top_labels(lines, marked)

    by_para: dict[int, list[int]] = {}
    for i, index in enumerate(owner):
        by_para.setdefault(index, []).append(i)
    out: list[Span] = []
    for index, mine in by_para.items():
        if all(marked[i] for i in mine):
            out.append(paragraphs[index])
        else:
            out.extend(spans[i] for i in mine if marked[i])
    return sorted(out)
