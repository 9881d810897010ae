"""Quotes: finding quoted speech, attributing it, and judging it against a release."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from core.align.worddiff import changed_words
from core.documents import DocFormat, Document, Span
from core.documents.loaders.builder import TextBuilder
from core.judge import judge_quotes
from core.judge.quote_match import fallback_sentences
from core.judge.quotes import find_quotes
from core.results import DiffOp, Link, LinkKind, Quote, QuoteVerdict

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"


def doc(*paragraphs: str, furniture: tuple[int, ...] = ()) -> Document:
    b = TextBuilder()
    for i, p in enumerate(paragraphs):
        b.add_paragraph(p, paragraph=i, furniture=i in furniture)
    name = f"doc{abs(hash(paragraphs))}.txt"
    return b.build(title=name, path=name, sha256=hashlib.sha256(name.encode()).hexdigest(),
                   fmt=DocFormat.TXT)


# ---------------------------------------------------------------- finding quotes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('The mayor said "we will act now" on Monday.', ["we will act now"]),
        ("“We will build homes,” Jane Doe said.", ["We will build homes"]),
        ("He called it 'a fair deal' and left.", ["a fair deal"]),
        ("She promised ‘real change’ soon.", ["real change"]),
        ('The "quick" fix and the "real" plan.', ["quick", "real"]),
        # apostrophes are not quote marks
        ("The council's plan doesn't cover the '90s estates or Rwanda’s.", []),
        ("Rock'n'roll fans and the workers' union met.", []),
        # a plural possessive inside a single-quoted quote does not close it
        ("He said 'the workers' union will decide' later.", ["the workers' union will decide"]),
        # nested: a single-quoted phrase inside a double-quoted quote stays part of it
        ("“He told me ‘never again’ and left,” she said.", ["He told me ‘never again’ and left"]),
        # the comma or full stop ending the quoting sentence is not part of the quote
        ("“Stop... now,” she said. “Why?” he asked.", ["Stop... now", "Why?"]),
        # several sentences in one quote
        ("“We will act. We will act fast.” said Ann Page.", ["We will act. We will act fast"]),
    ],
)
def test_find_quotes_table(text: str, expected: list[str]) -> None:
    found = find_quotes(text)
    assert [q.text for q in found] == expected
    for q in found:
        assert text[q.span.start : q.span.end] == q.text  # the words inside, marks excluded


def test_quote_runs_over_paragraphs_when_next_opens_with_a_mark() -> None:
    text = (
        "Jo Bell said: “The first part of what I said.\n\n"
        "“And the second part, after a break.”\n\n"
        "Then the story goes on."
    )
    (q,) = find_quotes(text)
    assert q.paragraphs == 2
    assert q.text.startswith("The first part") and q.text.endswith("after a break")
    assert q.speaker == "Jo Bell"


def test_unclosed_quote_stops_at_paragraph_without_continuation() -> None:
    text = "Jo Bell said: “This one never closes.\n\nA plain paragraph follows here."
    (q,) = find_quotes(text)
    assert q.text == "This one never closes"


def test_single_line_web_text_paragraphs() -> None:
    text = (
        "Asked about it, Mr Cole said: 'We want the plan running soon.\n"
        "'We feel strongly that it works.'\n"
        "The minister's office declined to comment."
    )
    (q,) = find_quotes(text)
    assert q.paragraphs == 2 and q.speaker == "Mr Cole"
    assert q.text.endswith("it works")


def test_scare_quotes_are_short() -> None:
    quotes = find_quotes('A "bold" plan with "real guarantees" and "three whole words".')
    assert [q.is_short for q in quotes] == [True, True, False]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will build homes,” Jane Doe said.", "Jane Doe"),
        ("“Homes matter,” said Ms Green.", "Ms Green"),
        ("The plan is “bold and overdue”, according to Tom Brook.", "Tom Brook"),
        ("“Not now,” Mr Lee told reporters in London.", "Mr Lee"),
        ("Ann Page: “We need more time.”", "Ann Page"),
        ("Shadow Housing Secretary Ravi Nair said: “It is too little.”", "Ravi Nair"),
        ("A spokesperson for the council said “the work is done”.",
         "A spokesperson for the council"),
        ("Mr Cole, who ran the scheme, told the BBC: “It worked.”", "Mr Cole"),
        ("“It is a plan without money,” the councillor said.", "the councillor"),
        ("“Nobody knows who wrote this.”", None),
    ],
)
def test_speaker_attribution(text: str, speaker: str | None) -> None:
    (q,) = find_quotes(text)
    assert q.speaker == speaker


def test_pronoun_goes_to_previous_named_speaker() -> None:
    text = (
        "Ann Page said: “We need more time.”\n\n"
        "She added that the council “will not wait for ever”.\n\n"
        "“It has to be done properly.”"
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Ann Page", "Ann Page", "Ann Page"]


def test_verb_inside_a_quote_is_not_the_attribution() -> None:
    (q,) = find_quotes("“Nobody said it would be easy.”")
    assert q.speaker is None


# ---------------------------------------------------------------- judging quotes

RELEASE = doc(
    "Parks for every town",
    "The Ministry of Parks announced a new programme today to bring green space closer to "
    "families.",
    "Parks Minister Ann Page said:",
    "Every child should live within ten minutes of a green space. This programme will plant "
    "5,000 trees in 12 towns by 2030, and every tree will be looked after for ten years.",
    "The programme will be reviewed every two years by an independent panel.",
)


def judge(
    *paragraphs: str, links: tuple[Link, ...] = (), furniture: tuple[int, ...] = ()
) -> tuple[Document, tuple[Quote, ...]]:
    report = doc(*paragraphs, furniture=furniture)
    return report, judge_quotes(RELEASE, report, links, fallback_sentences(RELEASE))


def test_exact_quote_stands_in_release_without_marks() -> None:
    _, (q,) = judge("Ann Page said: “Every child should live within ten minutes of a green "
                    "space.”")
    assert q.verdict is QuoteVerdict.EXACT
    assert q.official is not None
    assert RELEASE.text[q.official.start : q.official.end].startswith("Every child")
    assert q.speaker == "Ann Page"


def test_exact_ignores_case_punctuation_and_spacing() -> None:
    _, (q,) = judge("She said “every child should live within ten minutes  of a green-space”.")
    assert q.verdict is QuoteVerdict.EXACT


def test_exact_with_ellipsis_and_editor_insertion() -> None:
    _, quotes = judge(
        "She said “every child should live … of a green space”.",
        "She said “this [tree-planting] programme will plant 5,000 trees”.",
    )
    assert [q.verdict for q in quotes] == [QuoteVerdict.EXACT, QuoteVerdict.EXACT]


def test_altered_quote_has_release_span_and_word_diff() -> None:
    _, (q,) = judge("Ms Page said “every child must live within five minutes of a green space”.")
    assert q.verdict is QuoteVerdict.ALTERED
    assert q.official is not None
    source = RELEASE.text[q.official.start : q.official.end]
    assert source.startswith("child should live") or source.startswith("Every child")
    changes = changed_words(q.diff)
    assert ("should", "must") in changes.substituted
    assert ("ten", "five") in changes.substituted
    assert any(p.op is DiffOp.EQUAL and "green space" in p.text for p in q.diff)


def test_altered_quote_with_added_words() -> None:
    _, (q,) = judge("She said: “I want to say that every child in England should live within "
                    "ten minutes of a green space.”")
    assert q.verdict is QuoteVerdict.ALTERED
    assert "England" in " ".join(changed_words(q.diff).inserted)


def test_long_quote_with_one_release_sentence_among_new_ones_is_altered() -> None:
    _, (q,) = judge(
        "Ann Page said: “We have argued for this for years and the towns deserve it. Every child "
        "should live within ten minutes of a green space. Nobody in the ministry doubts that "
        "councils will need to play their part.”"
    )
    assert q.verdict is QuoteVerdict.ALTERED
    assert q.official is not None
    assert RELEASE.text[q.official.start : q.official.end].startswith("Every child")
    assert "We have argued" in " ".join(changed_words(q.diff).inserted)


def test_multi_paragraph_quote_exact_across_release_sentences() -> None:
    _, (q,) = judge(
        "Ann Page said: “Every child should live within ten minutes of a green space.",
        "“This programme will plant 5,000 trees in 12 towns by 2030.”",
    )
    assert q.verdict is QuoteVerdict.EXACT


def test_topic_words_alone_do_not_make_an_altered_quote() -> None:
    _, quotes = judge(
        "“The ministry has ignored parks and towns for a decade,” said Bo Reed.",
        "“Trees are the cheapest way to cool a town in summer,” he added.",
    )
    assert [q.verdict for q in quotes] == [QuoteVerdict.ABSENT, QuoteVerdict.ABSENT]
    assert all(q.official is None and q.diff == () for q in quotes)


@pytest.mark.parametrize(
    ("phrase", "verdict"),
    [("programme", QuoteVerdict.EXACT), ("green space", QuoteVerdict.EXACT),
     ("bold", QuoteVerdict.ABSENT), ("green spaces", QuoteVerdict.ABSENT)],
)
def test_scare_quotes_are_exact_or_absent(phrase: str, verdict: QuoteVerdict) -> None:
    _, (q,) = judge(f"The ministry called it a “{phrase}” on Monday.")
    assert q.verdict is verdict


def test_furniture_quotes_are_left_out() -> None:
    _, quotes = judge("Sign up for “The Daily Briefing” newsletter", "Plain text.", furniture=(0,))
    assert quotes == ()


def test_link_hint_does_not_turn_absent_into_altered() -> None:
    report = doc("Ann Page said “we have planted a forest of promises”.")
    link = Link(Span(0, 20), Span(0, len(report.text)), LinkKind.PARAPHRASE, False, 0.9)
    (q,) = judge_quotes(RELEASE, report, (link,), fallback_sentences(RELEASE))
    assert q.verdict is QuoteVerdict.ABSENT


def test_cancel_stops_early() -> None:
    report = doc("“Every child should live within ten minutes of a green space.”")
    assert judge_quotes(RELEASE, report, (), fallback_sentences(RELEASE),
                        should_cancel=lambda: True) == ()


def test_judge_without_sentences_segments_the_release() -> None:
    report = doc("“Every child should live within ten minutes of a green space.”")
    (q,) = judge_quotes(RELEASE, report, (), ())
    assert q.verdict is QuoteVerdict.EXACT


# ---------------------------------------------------------------- seed scenario


def _seed_doc(path: Path) -> Document:
    b = TextBuilder()
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        b.add_paragraph(line.strip(), line=i)
    return b.build(title=path.stem, path=str(path), sha256="0" * 64, fmt=DocFormat.TXT)


def test_seed_report_quotes_match_gold() -> None:
    seeds = SHARED / "corpus" / "seeds"
    gold_path = SHARED / "eval" / "seeds_dev_gold.json"
    if not seeds.is_dir() or not gold_path.is_file():
        pytest.skip(f"seed corpus not found under {SHARED}")
    import importlib.util

    spec = importlib.util.spec_from_file_location("align_eval", SHARED / "eval" / "align_eval.py")
    assert spec and spec.loader
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    golds = [gold]
    extra_path = ROOT / "tests" / "gold" / "seeds_extra_gold.json"
    if extra_path.is_file():
        golds.append(json.loads(extra_path.read_text(encoding="utf-8")))
    official = _seed_doc(seeds / gold["official"])
    checked = 0
    for g in golds:
        for name, labels in g["reports"].items():
            report = _seed_doc(seeds / name)
            quotes = judge_quotes(official, report, (), fallback_sentences(official))
            for item in labels.get("quotes", []):
                spans = ev.find_all(report.text, item["quote"])
                hits = [q for q in quotes
                        if any(ev.covered([s], (q.report.start, q.report.end)) for s in spans)]
                assert hits, item["quote"]
                assert hits[0].verdict.value == item["verdict"], item["quote"]
                checked += 1
    assert checked >= 4
