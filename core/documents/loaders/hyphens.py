"""Joining the printed lines of a paragraph: hyphenations undone, broken addresses rejoined.

Shared by the PDF loader (``join_lines``, which glues lines with a space) and the TXT loader
(``line_end`` per line, which keeps its line breaks but joins a hyphenation). A line ending in
a hyphen after a letter is a hyphenation when the next line starts in lower case: "regu-" +
"lation" -> "regulation", except when the document itself spells the hyphenated form
("well-known") and never the joined one, or the word already holds a hyphen ("state-of-the-" +
"art"); then the hyphen stays and no space is added. Before an upper-case letter or a digit
the hyphen always stays ("COVID-" + "19"). Soft hyphens (U+00AD) are always removed. A URL or
e-mail address broken after "://", "/" or "@", and a range broken after its dash ("2018–" +
"23–51"), are joined without a space. Standard library only; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import re

_NO_SPACE_AFTER = re.compile(r"^(https?://|www\.)\S*[/@.\-_]$|^\S+@$|^https?://$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]|[^\W\d_]")


def words_in(text: str) -> set[str]:
    """Lower-cased words of ``text`` (a document's vocabulary, for deciding hyphenations)."""
    return {w.lower() for w in _WORD.findall(text)}


def join_lines(texts: list[str], vocab: set[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join a paragraph's line texts; returns the text and each line's ``(start, end)`` in it."""
    out = ""
    spans: list[tuple[int, int]] = []
    for i, raw in enumerate(texts):
        text = raw.strip()
        if i + 1 < len(texts):
            text, glue = line_end(text, texts[i + 1].strip(), vocab)
        else:
            glue = ""
        start = len(out)
        out += text
        spans.append((start, len(out)))
        out += glue
    return out, spans


def line_end(text: str, nxt: str, vocab: set[str]) -> tuple[str, str]:
    """The line's text (hyphen removed if it was a hyphenation) and the glue before the next."""
    if text.endswith("\xad"):
        return text[:-1], ""
    last = text.rsplit(" ", 1)[-1]
    if nxt and (_NO_SPACE_AFTER.search(last) or (last[-1:] in "–—" and last[:-1].isdigit())):
        # A URL or e-mail address broken after "://", "/" or "@"; "2018–" + "23–51".
        return text, ""
    if len(text) < 2 or not text.endswith(("-", "‐")) or not text[-2].isalpha() or not nxt:
        return text, " "
    if not nxt[0].islower():
        return text, ""
    stem = text.rsplit(" ", 1)[-1][:-1]
    m = _WORD.match(nxt)
    tail = m.group(0) if m else nxt.split(" ", 1)[0]
    joined = (stem + tail).lower()
    hyphenated = f"{stem}-{tail}".lower()
    if "-" in stem or (hyphenated in vocab and joined not in vocab):
        return text, ""
    return text[:-1], ""
