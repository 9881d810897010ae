"""Word-level diff between a release passage and a report passage, via diff-match-patch.

diff-match-patch diffs characters; a character diff of prose is unreadable ("Rwa|nda" edits), so
every word, punctuation mark or whitespace run is first mapped to one private character (the
library's ``linesToChars`` trick applied to words), diffed, cleaned up semantically, and mapped
back. Pieces run from the release wording to the report's: DELETE is what the report dropped,
INSERT what it added. Pure Python; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from core.results import DiffOp, DiffPiece

# A word keeps its inner apostrophes and hyphens and its trailing whitespace, so a token reads as
# "Rwanda’s " and whitespace never becomes a diff piece on its own.
_TOKEN = re.compile(r"\w+(?:[’'\-.,]\w+)*\s*|[^\w\s]\s*|\s+")

# First code point used to encode tokens; stays clear of ASCII so diff-match-patch's semantic
# boundary heuristics (which look at whitespace and punctuation) see only opaque letters.
_FIRST = 0x100
_SURROGATES = range(0xD800, 0xE000)

_OPS = {-1: DiffOp.DELETE, 0: DiffOp.EQUAL, 1: DiffOp.INSERT}


def tokenize(text: str) -> list[str]:
    """Split ``text`` into word, punctuation and whitespace tokens that concatenate back to it."""
    return _TOKEN.findall(text)


_QUOTE_STYLE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _loose_key(token: str) -> str:
    return token.casefold().translate(_QUOTE_STYLE).rstrip()


class _Encoder:
    """Maps each distinct token (or token key) to one character, shared by the two texts."""

    def __init__(self, loose: bool) -> None:
        self._codes: dict[str, str] = {}
        self._loose = loose

    def encode(self, tokens: Sequence[str]) -> str:
        out = []
        for tok in tokens:
            key = _loose_key(tok) if self._loose else tok
            code = self._codes.get(key)
            if code is None:
                point = _FIRST + len(self._codes)
                if point >= _SURROGATES.start:
                    point += len(_SURROGATES)
                if point > 0x10FFFF:
                    raise ValueError("too many distinct words to diff")
                code = chr(point)
                self._codes[key] = code
            out.append(code)
        return "".join(out)


def _normalise(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Merge neighbours: each run of edits becomes one DELETE then one INSERT."""
    out: list[tuple[int, str]] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append((-1, "".join(dels)))
        if ins:
            out.append((1, "".join(ins)))
        dels.clear()
        ins.clear()

    for op, text in pieces:
        if op == 0:
            flush()
            if out and out[-1][0] == 0:
                out[-1] = (0, out[-1][1] + text)
            else:
                out.append((0, text))
        else:
            (dels if op == -1 else ins).append(text)
    flush()
    return [(op, t) for op, t in out if t]


def _run(pieces: Sequence[tuple[int, str]], lo: int, step: int) -> list[int]:
    """Indices of the run of edits starting at ``lo`` and going ``step`` (at most two)."""
    out = []
    i = lo
    while 0 <= i < len(pieces) and pieces[i][0] != 0:
        out.append(i)
        i += step
    return out


def _cleanup_semantic(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """diff-match-patch's semantic cleanup, measured in characters of whole words.

    A shared stretch between two replacements, and no longer than either, is folded into them,
    so the diff reads "this phrase became that one" rather than a scatter of one-word matches.
    Unlike the library's rule, a stretch next to a pure insertion or deletion is kept: it is
    wording the report kept, not a coincidence inside rewritten text. The library's own cleanup
    would also count encoded words, not characters.
    """
    pieces = _normalise(pieces)
    k = 1
    while k < len(pieces) - 1:
        op, text = pieces[k]
        if op != 0:
            k += 1
            continue
        before, after = _run(pieces, k - 1, -1), _run(pieces, k + 1, 1)
        sizes_before = [len(pieces[i][1]) for i in before]
        sizes_after = [len(pieces[i][1]) for i in after]
        replaced = len(before) == 2 and len(after) == 2  # normalised: a DELETE and an INSERT
        if replaced and len(text) <= max(sizes_before) and len(text) <= max(sizes_after):
            lo, hi = min(before), max(after) + 1
            span = pieces[lo:hi]
            dels = "".join(t for o, t in span if o != 1)
            ins = "".join(t for o, t in span if o != -1)
            pieces[lo:hi] = [(-1, dels), (1, ins)]
            k = max(1, lo - 1)  # the shared stretch before may now fold too
            continue
        k += 1
    return pieces


def word_diff(
    official_text: str,
    report_text: str,
    timeout: float = 0.5,
    *,
    loose: bool = False,
    cleanup: bool = True,
) -> tuple[DiffPiece, ...]:
    """Word diff from ``official_text`` to ``report_text``.

    ``timeout`` (seconds, > 0) bounds diff-match-patch; when it runs out the result is still a
    valid diff, just a coarser one. Joining EQUAL+INSERT texts always gives ``report_text``;
    joining EQUAL+DELETE texts gives ``official_text`` unless ``loose`` is set. With ``loose``,
    words equal but for case, quote style or trailing space count as equal, and EQUAL pieces
    carry the report's wording (for quotes, where "Every" against "every" is no change).
    ``cleanup=False`` skips the semantic cleanup and keeps every shared word as EQUAL (for
    locating shared runs; a cleaned-up diff reads better).
    """
    if timeout <= 0:
        raise ValueError("word_diff timeout must be positive, or the diff may never end")
    enc = _Encoder(loose)
    a_tokens, b_tokens = tokenize(official_text), tokenize(report_text)
    a, b = enc.encode(a_tokens), enc.encode(b_tokens)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(a, b, checklines=False)
    decoded: list[tuple[int, str]] = []
    i = j = 0
    for op, chars in diffs:
        n = len(chars)
        if op == 0:
            text = "".join(b_tokens[j : j + n]) if loose else "".join(a_tokens[i : i + n])
            i, j = i + n, j + n
        elif op == -1:
            text = "".join(a_tokens[i : i + n])
            i += n
        else:
            text = "".join(b_tokens[j : j + n])
            j += n
        decoded.append((op, text))
    decoded = _cleanup_semantic(decoded) if cleanup else _normalise(decoded)
    return tuple(DiffPiece(_OPS[op], text) for op, text in decoded)


@dataclass(frozen=True)
class WordChanges:
    """What a diff changed, in words, for describing an altered quote."""

    inserted: tuple[str, ...]
    dropped: tuple[str, ...]
    #: ``(release wording, report wording)`` pairs where one replaced the other.
    substituted: tuple[tuple[str, str], ...]

    def describe(self) -> str:
        """One line such as: 'release "guarantees" → report "promises"; added "quickly"'."""
        parts = [f"“{old}” became “{new}”" for old, new in self.substituted]
        parts += [f"added “{w}”" for w in self.inserted]
        parts += [f"dropped “{w}”" for w in self.dropped]
        return "; ".join(parts)


def changed_words(diff: Sequence[DiffPiece]) -> WordChanges:
    """Group a diff's edits into insertions, drops and substitutions.

    A DELETE directly next to an INSERT (either order) is a substitution; edits that are only
    whitespace or punctuation are ignored because they do not change what was said.
    """
    inserted: list[str] = []
    dropped: list[str] = []
    substituted: list[tuple[str, str]] = []
    i = 0
    while i < len(diff):
        piece = diff[i]
        nxt = diff[i + 1] if i + 1 < len(diff) else None
        if piece.op is DiffOp.EQUAL:
            i += 1
            continue
        if nxt is not None and nxt.op not in (DiffOp.EQUAL, piece.op):
            old, new = (piece, nxt) if piece.op is DiffOp.DELETE else (nxt, piece)
            o, n = _clean(old.text), _clean(new.text)
            if o and n:
                substituted.append((o, n))
            elif o:
                dropped.append(o)
            elif n:
                inserted.append(n)
            i += 2
            continue
        text = _clean(piece.text)
        if text:
            (inserted if piece.op is DiffOp.INSERT else dropped).append(text)
        i += 1
    return WordChanges(tuple(inserted), tuple(dropped), tuple(substituted))


def _clean(text: str) -> str:
    """The edit's text without surrounding space and punctuation; "" if nothing word-like."""
    if not re.search(r"\w", text):
        return ""
    return text.strip(" \t\r\n.,;:!?\"'“”‘’()[]")


def source_text(diff: Sequence[DiffPiece]) -> str:
    """The release side of a diff (EQUAL and DELETE pieces)."""
    return "".join(p.text for p in diff if p.op is not DiffOp.INSERT)


def target_text(diff: Sequence[DiffPiece]) -> str:
    """The report side of a diff (EQUAL and INSERT pieces)."""
    return "".join(p.text for p in diff if p.op is not DiffOp.DELETE)
