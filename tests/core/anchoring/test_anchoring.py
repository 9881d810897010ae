"""Re-anchoring (core/anchoring.py) on the public anchoring test cases and on an edited report.

Cases come from ../shared/corpus/anchoring: Hypothesis' matchQuote tests, dom-anchor-text-quote,
Apache Annotator's text-quote / text-position cases and a real Hypothesis page with five real
annotations. Cases whose meaning depends on a DOM (text inside <head>) are skipped with the reason.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from core.anchoring import AnchorState, Annotation, TextSelector, anchor, describe
from core.anchoring.reanchor import find_exact, match_quote, position_span, reanchor_annotations
from core.documents import Span

SHARED = Path(__file__).resolve().parents[4] / "shared"
CASES = SHARED / "corpus" / "anchoring"
SEED = SHARED / "corpus" / "seeds" / "000_d7b0eaf045d8ede4.txt"


def _load(rel: str) -> Any:
    path = CASES / rel
    if not path.exists():
        pytest.skip(f"anchoring corpus not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["name"] for c in cases]


# --------------------------------------------------------------------- Hypothesis matchQuote
def _hypothesis_cases() -> list[dict[str, Any]]:
    path = CASES / "hypothesis_match_quote_cases.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    for case in data["cases"]:
        case["_text"] = data["fixtures"][case["text"]] if "text" in case else case["text_literal"]
    return list(data["cases"])


@pytest.mark.parametrize("case", _hypothesis_cases(), ids=_ids(_hypothesis_cases()))
def test_hypothesis_match_quote(case: dict[str, Any]) -> None:
    text, expect = case["_text"], case["expect"]
    if "ranked_queries" in case:
        found = [
            match_quote(text, q["quote"], prefix=q.get("prefix", ""), suffix=q.get("suffix", ""))
            for q in case["ranked_queries"]
        ]
        scores = [m.score for m in found if m is not None]
        assert len(scores) == len(found)
        assert all(a > b for a, b in itertools.pairwise(scores))
        return
    m = match_quote(
        text, case["quote"], prefix=case.get("prefix", ""), suffix=case.get("suffix", ""),
        hint=case.get("hint"),
    )
    if "match" in expect:
        assert m is None
        return
    assert m is not None
    if "matched_text" in expect:
        assert text[m.start:m.end] == expect["matched_text"]
    if "start" in expect:
        assert m.start == expect["start"]
    if "score" in expect:
        assert m.score == pytest.approx(expect["score"])
    if "score_gt" in expect:
        assert expect["score_gt"] < m.score < expect["score_lt"]


# --------------------------------------------------------------------- dom-anchor-text-quote
def _dom_cases() -> list[dict[str, Any]]:
    path = CASES / "dom_anchor_text_quote" / "cases.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [{**c, "_text": data["text"]} for c in data["cases"]]


@pytest.mark.parametrize("case", _dom_cases(), ids=_ids(_dom_cases()))
def test_dom_anchor_text_quote(case: dict[str, Any]) -> None:
    text = case["_text"]
    if "describe_range" in case:
        sel = describe(text, Span(*case["describe_range"]), "sha")
        want = case["expect_selector"]
        assert (sel.exact, sel.prefix, sel.suffix) == (
            want["exact"], want["prefix"], want["suffix"]
        )
        return
    s = case["selector"]
    sel = TextSelector("sha", s["exact"], s.get("prefix", ""), s.get("suffix", ""), -1, -1)
    span, state = anchor(sel, text, hint=case.get("hint"))
    if "expect" in case and case["expect"] is None:
        assert span is None and state is AnchorState.ORPHAN
        return
    assert span is not None and state is AnchorState.MOVED
    if "expect_text" in case:
        assert text[span.start:span.end] == case["expect_text"]
    if "expect_start" in case:
        assert span.start == case["expect_start"]


# --------------------------------------------------------------------- Apache Annotator
def _utf16_to_index(text: str, offset: int) -> int:
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _apache(group: str) -> list[dict[str, Any]]:
    path = CASES / "apache_annotator" / "dom_selector_cases.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))[group]
    return [{**case, "name": f"{sub}: {name}"} for sub, cases in data.items()
            for name, case in cases.items()]


DOM_ONLY = "text inside <head> is not part of the body text; has no plain-text meaning"


@pytest.mark.parametrize(
    "case", _apache("text-quote_match-cases"), ids=_ids(_apache("text-quote_match-cases"))
)
def test_apache_text_quote_match(case: dict[str, Any]) -> None:
    if "<head>" in case["name"]:
        pytest.skip(DOM_ONLY)
    text, s = case["body_textContent"], case["selector"]
    found = find_exact(text, s["exact"], s.get("prefix", ""), s.get("suffix", ""))
    want = [Span(_utf16_to_index(text, o["start"]), _utf16_to_index(text, o["end"]))
            for o in case["expected_text_offsets"]]
    assert found == want


@pytest.mark.parametrize(
    "case", _apache("text-position_match-cases"), ids=_ids(_apache("text-position_match-cases"))
)
def test_apache_text_position_match(case: dict[str, Any]) -> None:
    if "<head>" in case["name"]:
        pytest.skip(DOM_ONLY)
    text, s = case["body_textContent"], case["selector"]
    (o,) = case["expected_text_offsets"]
    want = Span(_utf16_to_index(text, o["start"]), _utf16_to_index(text, o["end"]))
    # TextPositionSelector counts code points (W3C); Python strings index code points too.
    assert position_span(text, s["start"], s["end"]) == want


@pytest.mark.parametrize(
    "case", _apache("text-quote_describe-cases"), ids=_ids(_apache("text-quote_describe-cases"))
)
def test_apache_describe_gives_unique_selector(case: dict[str, Any]) -> None:
    # Apache Annotator describes with the *shortest* unique context; Concord keeps a fixed
    # 32 characters each side (Hypothesis' policy, sturdier when text changes), so the expected
    # selector strings differ by design. What must hold for both: the selector finds exactly
    # the described range again.
    text, r = case["body_textContent"], case["range_text_offsets"]
    span = Span(_utf16_to_index(text, r["start"]), _utf16_to_index(text, r["end"]))
    sel = describe(text, span, "sha")
    want = case["expected"]
    assert sel.exact == want["exact"]
    assert find_exact(text, sel.exact, sel.prefix, sel.suffix) == [span]


# --------------------------------------------------------------------- real Hypothesis page
@pytest.mark.parametrize("name", ["minimal", "wikipedia-regression-testing"])
def test_hypothesis_html_baseline(name: str) -> None:
    lxml_html = pytest.importorskip("lxml.html")
    base = CASES / "hypothesis_html_baselines"
    if not base.is_dir():
        pytest.skip(f"baselines not found at {base}")
    root = lxml_html.fromstring((base / f"{name}.html").read_bytes())
    body = root.find("body")
    text = (root if body is None else body).text_content()
    rows = json.loads((base / f"{name}.json").read_text(encoding="utf-8"))["rows"]
    states = []
    for row in rows:
        sels = {s["type"]: s for s in row["target"][0]["selector"]}
        q, p = sels["TextQuoteSelector"], sels["TextPositionSelector"]
        sel = TextSelector("sha", q["exact"], q.get("prefix", ""), q.get("suffix", ""),
                           p["start"], p["end"])
        span, state = anchor(sel, text)
        assert span is not None, row.get("text")
        assert text[span.start:span.end] == q["exact"]
        states.append(state)
    if name == "wikipedia-regression-testing":
        # One of the five real annotations has a stale position: found again by its quote.
        assert states.count(AnchorState.MOVED) == 1
        assert states.count(AnchorState.ANCHORED) == 4


# --------------------------------------------------------------------- an edited seed report
def _ann(ann_id: int, text: str, quote: str, after: str = "") -> Annotation:
    start = text.index(quote, text.index(after) if after else 0)
    sel = describe(text, Span(start, start + len(quote)), "old-sha")
    return Annotation(id=ann_id, targets=(sel,), note=f"note {ann_id}", tags=("misquote",))


def test_reanchor_after_editing_a_real_report() -> None:
    if not SEED.exists():
        pytest.skip(f"seed report not found at {SEED}")
    old = SEED.read_text(encoding="utf-8")
    title = old[: old.index("\n")]
    a_quote = "Emergency domestic legislation is also planned to label Rwanda a safe destination"
    b_quote = "the Supreme Court ruled in November that the plan in its original form was unlawful"
    c_quote = "No money was provided to the Rwandans for this treaty."
    e_para = old[old.index('He invited critics') : old.index("\n", old.index('He invited critics'))]
    anns = [
        _ann(1, old, title),
        _ann(2, old, a_quote),
        _ann(3, old, b_quote),
        _ann(4, old, c_quote),
        _ann(5, old, "Mr Cleverly", after="denied by both Downing Street and"),
        _ann(6, old, 'He invited critics to offer "alternatives" to the plan'),
    ]
    new = old.replace(title + "\n", title + "\n\nA new first paragraph, added by the editor.\n", 1)
    new = new.replace("Yolande Makolo said:", "Extra paragraph.\n\nYolande Makolo said:")
    new = new.replace(b_quote, b_quote.replace("unlawful", "not lawful"))
    new = new.replace("No money was asked for by the Rwandans", "No cash was requested by Kigali")
    new = new.replace(e_para + "\n\n", "")
    assert e_para not in new

    updated, orphans = reanchor_annotations(anns, old, new, "new-sha", old_sha="old-sha")
    by_id = {a.id: a for a in updated}

    def placed(ann_id: int) -> str:
        sel = by_id[ann_id].targets[0]
        assert sel.document_sha256 == "new-sha"
        assert new[sel.start:sel.end] == sel.exact
        return sel.exact

    assert by_id[1].state is AnchorState.ANCHORED and placed(1) == title
    assert by_id[2].state is AnchorState.MOVED and placed(2) == a_quote
    assert by_id[2].targets[0].start == new.index(a_quote)
    assert by_id[3].state is AnchorState.MOVED
    assert placed(3) == b_quote.replace("unlawful", "not lawful")
    assert dict(by_id[3].extra)["original_exact_0"] == b_quote
    assert by_id[4].state is AnchorState.MOVED and placed(4) == c_quote
    assert by_id[4].targets[0].start == new.index(c_quote)
    assert placed(5) == "Mr Cleverly"
    assert by_id[5].targets[0].start == new.index("Mr Cleverly", new.index("Downing Street"))
    assert [a.id for a in orphans] == [6]
    assert by_id[6].state is AnchorState.ORPHAN
    assert by_id[6].targets == anns[5].targets  # kept as it was, never dropped
    assert all(a.note == f"note {a.id}" and a.tags == ("misquote",) for a in updated)


def test_pair_only_moves_the_side_on_the_changed_document() -> None:
    release, report = "The plan is lawful, said the minister.", "Report: the plan is lawful."
    left = describe(release, Span(4, 18), "rel")
    right = describe(report, Span(8, 26), "rep")
    pair = Annotation(id=1, targets=(left, right), kind="pair")
    new_report = "Updated. " + report
    (moved,), orphans = reanchor_annotations([pair], report, new_report, "rep2", old_sha="rep")
    assert orphans == []
    assert moved.targets[0] == left
    assert moved.targets[1].document_sha256 == "rep2"
    assert new_report[moved.targets[1].start:moved.targets[1].end] == "the plan is lawful"


def test_position_is_only_a_hint() -> None:
    text = "alpha beta gamma. alpha beta gamma. alpha beta delta."
    sel = describe(text, Span(18, 28), "s")  # second "alpha beta"
    shifted = "Intro. " + text
    span, state = anchor(sel, shifted)
    assert state is AnchorState.MOVED and span == Span(25, 35)
    # Context wins over a misleading position hint.
    span, _ = anchor(sel, shifted, hint=0)
    assert span == Span(25, 35)


def test_edited_quote_is_not_moved_to_its_verbatim_twin() -> None:
    # A caption repeats the body's words; the body (annotated) is then edited.
    caption = "Photo: the plan is lawful, said the minister on Tuesday in Kigali.\n\n"
    body = ("In a long interview with reporters, the minister insisted that the plan is lawful "
            "and that flights would leave within weeks of the vote in parliament.")
    old = caption + "Some other paragraph about the weather.\n\n" + body
    start = old.index("the plan is lawful", len(caption))
    sel = describe(old, Span(start, start + len("the plan is lawful")), "s")
    new = old.replace("insisted that the plan is lawful", "insisted that the plan is legal")
    span, state = anchor(sel, new)
    assert state is AnchorState.MOVED and span is not None
    assert new[span.start:span.end] == "the plan is legal"


def test_fuzzy_match_widens_to_whole_words() -> None:
    text = "Hello world.\n\nThe minister said that the plan is lawful."
    sel = describe(text, Span(14, 26), "s")
    span, state = anchor(sel, "Intro.\n\nHello world.\n\nThe prime minister said that the plan.")
    assert state is AnchorState.MOVED and span is not None
    assert "Intro.\n\nHello world.\n\nThe prime minister said"[span.start:span.end] == (
        "prime minister"
    )


def test_unrelated_text_gives_orphan() -> None:
    sel = describe("The treaty is binding in international law.", Span(4, 10), "s")
    assert anchor(sel, "Completely different words about weather.") == (None, AnchorState.ORPHAN)
