"""How the lines of a plain-text file become paragraphs (``split_paragraphs``).

Paragraphs are blocks between blank lines, except where the text is laid out otherwise:

- a block of long unwrapped lines (text copied from a web page, one paragraph per line) gives
  one paragraph per line;
- a block of hard-wrapped paragraphs with no blank lines between them (a PDF-to-text tool, an
  e-mail) is cut where a line's end was chosen, not forced by the width;
- such a block keeps being read as wrapped text when a few of its lines are wider than any
  wrap (a running head or a table row across the columns of a printed page): those lines stand
  alone, and the lines between them are judged as wrapped text again;
- a run of one-line blocks that is one wrapped text with a blank line after every printed line
  (pdfminer's text of a column) is read as one block, so its sentences are not cut at every
  printed line;
- narrower blocks than ``MIN_WIDTH`` are wrapped text too when they read as prose (a column
  of a multi-column page).

Only line structure is looked at; the words are never changed. Standard library only; must not
import Qt or ``ui/``.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from itertools import pairwise

#: A list item's start: a bullet, or a number or letter with a full stop or bracket.
_ITEM = re.compile(r"\s*(?:[-*•▪◦–—]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
#: Lines longer than this are not hard-wrapped: the block is one paragraph per line.
WRAP_WIDTH = 120
#: Lines narrower than this are no wrapped text (a list, an address)...
MIN_WIDTH = 40
#: ...unless they read as prose: a narrow column of a multi-column page (30-40 characters).
NARROW_WIDTH = 20
#: A block with at most this share of lines wider than ``WRAP_WIDTH`` is wrapped text with a
#: few stray wide lines (``_width_runs``); more, and it is one paragraph per line as a whole.
STRAY_WIDE_SHARE = 0.1
#: A run of this many one-line blocks may be one text with blank lines between its lines...
SPACED_MIN_LINES = 4
#: ...when at least this share of its lines surely go on in the next (``_goes_on``). Wrapped
#: English prose: 0.26-0.37 for press texts of one-sentence paragraphs, 0.5-0.8 for longer
#: paragraphs; headlines, menus and one-line paragraphs: almost never.
SPACED_SURE_SHARE = 0.2

#: Words a printed line ends on only in the middle of a sentence.
_GOES_ON_WORDS = frozenset(
    """
    a an the of to in on at by for from with and or but as than that which who into
    """.split()  # noqa: SIM905
)

Line = tuple[int, str]
Block = list[Line]


def split_paragraphs(text: str, skip: AbstractSet[int] = frozenset()) -> list[Block]:
    """Paragraphs as lists of ``(line_number, line)``; line numbers are 1-based.

    The lines numbered in ``skip`` (a page's running head or number, the blank lines around a
    form feed: ``txt_pages``) are left out, as the PDF loader leaves them out: a sentence
    goes on across the page break.
    """
    blocks: list[Block] = []
    gaps: list[int] = []  # blank lines before each block
    current: Block = []
    blank = 0
    #: Blank lines before the last line skipped ("text\n\nHEAD\n\ntext" is one gap of one
    #: blank line, as without the head).
    held = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if number in skip:
            if line.strip():  # a running head: the blank lines around it are one gap
                held, blank = max(held, blank), 0
            continue  # a blank line a page break left (pdftotext's "\n\f") is no gap
        if not line.strip():
            blank += 1
            if current:
                blocks.append(current)
                current = []
        else:
            if not current:
                gaps.append(max(held, blank))
            current.append((number, line.strip()))
            blank = held = 0
    if current:
        blocks.append(current)
    paragraphs: list[Block] = []
    for block, final in _join_spaced(blocks, gaps):
        if final:
            paragraphs.append(block)
            continue
        runs = _width_runs(block)
        if len(runs) == 1:
            paragraphs.extend(_split_block(block))
            continue
        # Cut around stray wide lines, a run is read as wrapped text only when it is prose:
        # the rows of a table (each ending in a number, the next starting with a name) fill
        # one width too, and stay one paragraph each, as the wide lines kept them before.
        for run in runs:
            prose = _reads_wrapped([line for _, line in run])
            paragraphs.extend(_split_block(run) if prose else [[item] for item in run])
    return paragraphs


def _split_block(block: Block) -> list[Block]:
    lines = [line for _, line in block]
    if _is_wrapped(lines):
        return _split_wrapped(block)
    if _reflows(lines):
        return _split_by_fit(block)
    return [[item] for item in block]


def _is_wrapped(lines: list[str]) -> bool:
    """True for hard-wrapped prose: lines filled close to one width, none over ``WRAP_WIDTH``."""
    if len(lines) < 2:
        return False
    width = max(len(line) for line in lines)
    if width > WRAP_WIDTH or not _wide_enough(width, lines):
        return False
    full = sum(1 for line in lines[:-1] if len(line) >= 0.7 * width)
    return full >= 0.75 * (len(lines) - 1)


def _reflows(lines: list[str]) -> bool:
    """A block of wrapped paragraphs with no blank lines between them (text from a
    PDF-to-text tool or an e-mail): too many short lines (headings, paragraph ends) for
    ``_is_wrapped``, but no line over ``WRAP_WIDTH`` and several that wrap."""
    if len(lines) < 4:
        return False
    width = max(len(line) for line in lines)
    if width > WRAP_WIDTH or not _wide_enough(width, lines):
        return False
    return sum(_wraps(a, b, width) for a, b in pairwise(lines)) >= 2


def _wide_enough(width: int, lines: list[str]) -> bool:
    """Whether lines ``width`` wide can be wrapped text: from ``MIN_WIDTH``, or from
    ``NARROW_WIDTH`` for prose (``_reads_wrapped``), as a narrow column of a multi-column page
    gives it. Only a narrow block is read for prose."""
    return width >= MIN_WIDTH or (width >= NARROW_WIDTH and _reads_wrapped(lines))


def _wraps(line: str, nxt: str, width: int) -> bool:
    """Whether ``nxt`` goes on with ``line``'s paragraph: its first word would not have fit
    on ``line`` (the wrap width forced the break), or it starts in lower case. Never before a
    list item, an address, or after a closed sentence when a capital follows: the longest
    line of a block "would not fit" any next word, and a list's items are paragraphs."""
    first = nxt.split(" ", 1)[0]
    if _ITEM.match(nxt) or "@" in first or "://" in first:
        return False
    if re.search(r"[.!?:;][\"”’')]*$", line) and not first[:1].islower():
        return False
    return len(line) + 1 + len(first) > width or first[:1].islower()


def _split_by_fit(block: Block) -> list[Block]:
    """Paragraphs of a reflowing block: a line ends its paragraph when the next line's first
    word would have fit on it."""
    width = max(len(line) for _, line in block)
    out: list[Block] = [[block[0]]]
    for (_, line), item in pairwise(block):
        if not _wraps(line, item[1], width):
            out.append([])
        out[-1].append(item)
    return out


def _split_wrapped(block: Block) -> list[Block]:
    """A wrapped block still ends a paragraph after a short line that closes a sentence."""
    width = max(len(line) for _, line in block)
    out: list[Block] = [[]]
    for item in block:
        out[-1].append(item)
        line = item[1]
        if len(line) < 0.6 * width and re.search(r"[.!?:\"”’)]\s*$", line):
            out.append([])
    return [p for p in out if p]


def _width_runs(block: Block) -> list[Block]:
    """``block`` cut around its few lines wider than any wrap, each of them a run of its own.

    pdfium gives a printed page as one block of lines; one running head or table row wider
    than ``WRAP_WIDTH`` made the whole page one paragraph per printed line, and every sentence
    on it was cut at its line ends. A block with many wide lines (a web page's paragraphs, one
    per line) is left whole.
    """
    wide = [len(line) > WRAP_WIDTH for _, line in block]
    if not any(wide) or sum(wide) > STRAY_WIDE_SHARE * len(block):
        return [block]
    runs: list[Block] = []
    current: Block = []
    for item, is_wide in zip(block, wide, strict=True):
        if is_wide:
            if current:
                runs.append(current)
                current = []
            runs.append([item])
        else:
            current.append(item)
    if current:
        runs.append(current)
    return runs


def _join_spaced(blocks: list[Block], gaps: list[int]) -> list[tuple[Block, bool]]:
    """Blocks, with runs of one-line blocks that are wrapped text joined into paragraphs.

    pdfminer's text of a printed column has a blank line after every line; every printed line
    was then a paragraph, and every sentence was cut at its line ends. A run of one-line
    blocks counts as such text when enough of its lines surely go on in the next
    (``_goes_on``); its lines are then joined wherever one goes on, and the paragraphs so
    made are final (True); other blocks are still to be split (False). A gap wider than the
    run's usual one (two blank lines) always ends a paragraph.
    """
    out: list[tuple[Block, bool]] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and len(blocks[j]) == 1 and len(blocks[j][0][1]) <= WRAP_WIDTH:
            j += 1
        run = [b[0] for b in blocks[i:j]]
        if len(run) >= SPACED_MIN_LINES and (joins := _spaced_joins(run)) is not None:
            usual = min(gaps[i + 1 : j])
            para: Block = [run[0]]
            for k in range(1, len(run)):
                if joins[k - 1] and gaps[i + k] <= usual:
                    para.append(run[k])
                else:
                    out.append((para, True))
                    para = [run[k]]
            out.append((para, True))
            i = j
        else:
            out.extend((b, False) for b in blocks[i : max(j, i + 1)])
            i = max(j, i + 1)
    return out


def _spaced_joins(run: Block) -> list[bool] | None:
    """For each line of ``run`` but the last, whether it goes on in the next; None when the
    run does not read as wrapped text (too few of its lines surely go on)."""
    lines = [line for _, line in run]
    if not _reads_wrapped(lines):
        return None
    lengths = sorted(len(line) for line in lines)
    width = lengths[int(0.8 * (len(lengths) - 1))]
    # A printed line that goes on is a long one: a short line ("Solveig Grewe" above a
    # dateline in lower case) ends its paragraph even before lower case.
    return [
        len(a) >= 0.5 * width and (_goes_on(a, b) or _fills(a, b, width))
        for a, b in pairwise(lines)
    ]


def _reads_wrapped(lines: list[str]) -> bool:
    """Enough of ``lines`` surely go on in the next (``SPACED_SURE_SHARE``) for wrapped prose."""
    if len(lines) < 2:
        return False
    sure = sum(_goes_on(a, b) for a, b in pairwise(lines))
    return sure >= SPACED_SURE_SHARE * (len(lines) - 1)


def _goes_on(line: str, nxt: str) -> bool:
    """``line`` surely goes on in ``nxt``: ``nxt`` starts in lower case, or ``line`` ends on a
    comma, a hyphen or dash, an open bracket or a word no sentence ends on ("and", "of")
    (not before a list item)."""
    if _ITEM.match(nxt):
        return False
    if nxt[:1].islower() or line.endswith((",", ";", "-", "–", "—", "(", "&")):
        return True
    return line.rsplit(" ", 1)[-1].lower() in _GOES_ON_WORDS


def _fills(line: str, nxt: str, width: int) -> bool:
    """``line`` is a full printed line of the run's width that no sentence end closes: the
    width forced its break ("... the Environment" / "Agency said ...")."""
    if _ITEM.match(nxt) or re.search(r"[.!?:][\"”’')]*$", line):
        return False
    return len(line) >= NARROW_WIDTH and len(line) >= 0.85 * width
