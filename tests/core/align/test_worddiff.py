"""Word diff: pieces, round trip, substitutions, timeout guard."""

from __future__ import annotations

import pytest

from core.align import tokenize, word_diff
from core.align.worddiff import changed_words, source_text, target_text
from core.results import DiffOp, DiffPiece

E, INS, D = DiffOp.EQUAL, DiffOp.INSERT, DiffOp.DELETE


@pytest.mark.parametrize(
    ("official", "report", "expected"),
    [
        ("the cat sat", "the cat sat", [(E, "the cat sat")]),
        ("", "new words", [(INS, "new words")]),
        ("old words", "", [(D, "old words")]),
        (
            "The council will build homes.",
            "The council will not build homes.",
            [(E, "The council will "), (INS, "not "), (E, "build homes.")],
        ),
        (
            "The plan guarantees safety for all.",
            "The plan promises safety for all.",
            [(E, "The plan "), (D, "guarantees "), (INS, "promises "), (E, "safety for all.")],
        ),
        (
            "We spent 38,700 pounds.",
            "We spent 37,800 pounds.",
            [(E, "We spent "), (D, "38,700 "), (INS, "37,800 "), (E, "pounds.")],
        ),
    ],
)
def test_word_diff_table(
    official: str, report: str, expected: list[tuple[DiffOp, str]]
) -> None:
    assert word_diff(official, report) == tuple(DiffPiece(op, t) for op, t in expected)


@pytest.mark.parametrize(
    ("official", "report"),
    [
        ("A quick brown fox jumps.", "A slow brown dog jumps over it."),
        ("  leading space and trailing  ", "leading  space, trailing"),
        ("Rwanda’s court said no.", "Rwanda's court said yes!"),
        ("line one\nline two\n\nline three", "line one\nline 2\nline three"),
    ],
)
def test_round_trip(official: str, report: str) -> None:
    diff = word_diff(official, report)
    assert source_text(diff) == official
    assert target_text(diff) == report


def _boundaries(text: str) -> set[int]:
    out, pos = {0}, 0
    for tok in tokenize(text):
        pos += len(tok)
        out.add(pos)
    return out


def test_pieces_cut_only_between_words() -> None:
    official = "The minister said the policy works and the figures prove it."
    report = "The minister claimed policy worked and figures proved it."
    cuts_a, cuts_b = _boundaries(official), _boundaries(report)
    pos_a = pos_b = 0
    for piece in word_diff(official, report):
        if piece.op is not DiffOp.INSERT:
            pos_a += len(piece.text)
            assert pos_a in cuts_a, piece
        if piece.op is not DiffOp.DELETE:
            pos_b += len(piece.text)
            assert pos_b in cuts_b, piece


def test_tokens_concatenate_back() -> None:
    text = "Don’t pay £140m — or 30%, said Ms Smith.\n\nNext"
    assert "".join(tokenize(text)) == text
    assert "Don’t " in tokenize(text)


def test_loose_diff_ignores_case_and_quote_style() -> None:
    diff = word_diff("Every child’s park", "every child's park!", loose=True)
    assert diff == (DiffPiece(E, "every child's park"), DiffPiece(INS, "!"))
    assert target_text(diff) == "every child's park!"
    strict = word_diff("Every child’s park", "every child's park!")
    assert any(p.op is D for p in strict)


def test_cleanup_measures_characters_not_words() -> None:
    # "every child " (12 chars) is longer than the insertion after it, so it stays shared
    diff = word_diff(
        "every child should play",
        "I want to say that every child in England should play",
    )
    assert DiffPiece(E, "every child ") in diff
    assert DiffPiece(INS, "in England ") in diff


def test_cleanup_folds_short_matches_between_big_edits() -> None:
    diff = word_diff("alpha beta gamma delta of epsilon zeta eta", "one two three four of five six")
    assert [p.op for p in diff] == [D, INS]
    raw = word_diff("alpha beta gamma delta of epsilon zeta eta", "one two three four of five six",
                    cleanup=False)
    assert DiffPiece(E, "of ") in raw


def test_changed_words_groups_edits() -> None:
    diff = word_diff(
        "The treaty guarantees people will not be removed.",
        "The treaty promises people will never be removed, quickly.",
    )
    changes = changed_words(diff)
    assert changes.substituted == (("guarantees", "promises"), ("not", "never"))
    assert changes.inserted == ("quickly",)
    assert changes.dropped == ()
    assert "“guarantees” became “promises”" in changes.describe()


def test_changed_words_drop_and_punctuation_only() -> None:
    diff = (
        DiffPiece(E, "We will act "),
        DiffPiece(D, "very "),
        DiffPiece(E, "soon"),
        DiffPiece(D, "."),
        DiffPiece(INS, "!"),
    )
    changes = changed_words(diff)
    assert changes.dropped == ("very",)
    assert changes.substituted == ()
    assert changes.inserted == ()


def test_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError, match="timeout"):
        word_diff("a", "b", timeout=0)


def test_unrelated_long_texts_finish() -> None:
    a = " ".join(f"alpha{i}" for i in range(3000))
    b = " ".join(f"beta{i}" for i in range(3000))
    diff = word_diff(a, b, timeout=0.2)
    assert source_text(diff) == a and target_text(diff) == b
