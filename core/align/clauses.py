"""Clauses: the parts of a sentence a report may take on their own.

A report often carries one clause of a long release sentence ("... – and will be binding under
international law"), or joins clauses from two release sentences into one of its own ("...,
which will bid for a share of the fund when bidding opens on 1 May"). ``clause_spans`` cuts a
sentence at spaced dashes, semicolons and colons, and before coordinating and relative
connectives that follow a comma (", and", ", but", ", which", ", who", ", while", ...) or open
a clause of their own (" and ", " but ", " when ", " which will ", " including "). Parts with
fewer than ``MIN_CLAUSE_WORDS`` words stay with their neighbour ("doors and pumps" stays whole).
Spans are character offsets into the text given. Standard library only.
"""

from __future__ import annotations

import re
from itertools import pairwise

#: A clause needs this many words to stand on its own.
MIN_CLAUSE_WORDS = 4

_CUT = re.compile(
    r"\s[–—-]\s"  # a spaced dash
    r"|[;:]\s"  # semicolon, colon
    r"|,\s(?=(?:and|but|while|whereas|which|who|whom|where|as|although|though|so|yet)\b)"
    r"|\s(?=(?:and|but|which will|which would|when|because|after|before|including)\s)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def clause_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Clauses of ``text[start:end]`` as ``(start, end)`` offsets into ``text``, in order.

    A sentence that does not divide gives one span, itself (trimmed of outer white space).
    """
    end = len(text) if end is None else end
    cuts = [start]
    for m in _CUT.finditer(text, start, end):
        cuts.append(m.end() if m.group(0).strip() else m.start())
    cuts.append(end)
    parts: list[tuple[int, int]] = []
    for a, b in pairwise(cuts):
        a, b = _trim(text, a, b)
        if b <= a:
            continue
        if parts and (
            _words(text, a, b) < MIN_CLAUSE_WORDS or _words(text, *parts[-1]) < MIN_CLAUSE_WORDS
        ):
            parts[-1] = (parts[-1][0], b)
        else:
            parts.append((a, b))
    return parts or [_trim(text, start, end)]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:–—-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:–—-"):
        b -= 1
    return a, b


def _words(text: str, a: int, b: int) -> int:
    return len(_WORD.findall(text, a, b))
