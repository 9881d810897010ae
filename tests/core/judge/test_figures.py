"""Figures: finding and normalising numbers, and judging them against a release."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from core.documents import DocFormat, Document, Span
from core.documents.loaders.builder import TextBuilder
from core.judge import judge_figures
from core.judge.figure_parse import find_figures, parse_number
from core.judge.quote_match import fallback_sentences
from core.results import FigureVerdict, Link, LinkKind

ROOT = Path(__file__).resolve().parents[3]


def doc(*paragraphs: str, name: str = "doc.txt") -> Document:
    b = TextBuilder()
    for i, p in enumerate(paragraphs):
        b.add_paragraph(p, paragraph=i)
    return b.build(title=name, path=name, sha256="0" * 64, fmt=DocFormat.TXT)


def only(text: str) -> tuple[str, str, str]:
    """(kind, value, covered text) of the one figure in ``text``."""
    figs = find_figures(text)
    assert len(figs) == 1, [f.text for f in figs]
    return figs[0].kind, figs[0].value, figs[0].text


@pytest.mark.parametrize(
    ("text", "kind", "value", "covered"),
    [
        ("It costs £140million in all.", "money", "140000000 GBP", "£140million"),
        ("It costs £140m in all.", "money", "140000000 GBP", "£140m"),
        ("It costs £140 million in all.", "money", "140000000 GBP", "£140 million"),
        ("It costs 140 million pounds in all.", "money", "140000000 GBP", "140 million pounds"),
        ("Sales hit $2.5bn last year.", "money", "2500000000 USD", "$2.5bn"),
        ("A fee of €12,500 applies.", "money", "12500 EUR", "€12,500"),
        ("Fares rise by 30 per cent soon.", "percent", "30%", "30 per cent"),
        ("Fares rise by 30% soon.", "percent", "30%", "30%"),
        ("Fares rise by 2.5 percent soon.", "percent", "2.5%", "2.5 percent"),
        ("Crossings fell by a third this year.", "fraction", "0.333", "a third"),
        ("Nearly two-thirds agreed.", "fraction", "0.667", "two-thirds"),
        ("It found one in five walls unsafe.", "fraction", "0.2", "one in five"),
        ("At least half of the staff left.", "fraction", "0.5", "half"),
        ("It will build 38,700 homes.", "count", "38700", "38,700"),
        ("It has 8 independent members.", "count", "8", "8"),
        ("It will visit five towns.", "count", "5", "five"),
        ("Fourteen towns are listed.", "count", "14", "Fourteen"),
        ("It has flooded twice since then.", "count", "2", "twice"),
        ("Support lasts up to 5 years after arrival.", "duration", "5 year", "5 years"),
        ("Support lasts five years after arrival.", "duration", "5 year", "five years"),
        ("It was signed 18 months ago.", "duration", "18 month", "18 months"),
        ("It was signed on 5 December 2023 in the capital.", "date", "2023-12-05",
         "5 December 2023"),
        ("It was signed on December 5, 2023 in the capital.", "date", "2023-12-05",
         "December 5, 2023"),
        ("It was signed on December 5 in the capital.", "date", "--12-05", "December 5"),
        ("Bids close on 30 June.", "date", "--06-30", "30 June"),
        ("Work begins in July 2027 at the site.", "date", "2027-07", "July 2027"),
        ("Work begins in July at the site.", "date", "--07", "July"),
        ("The wall was built in 1987 by hand.", "date", "1987", "1987"),
        ("She is the third in a row to resign.", "ordinal", "3rd", "third"),
        # Capitals: each pattern's first-character lookahead must be as case-blind as it is.
        ("Turnout rose to Twenty per cent.", "percent", "20%", "Twenty per cent"),
        ("It took FIVE years.", "duration", "5 year", "FIVE years"),
        ("Half of the homes flooded.", "fraction", "0.5", "Half"),
        ("Costs rose by US$5m overall.", "money", "5000000 USD", "US$5m"),
        ("After March the council met.", "date", "--03", "March"),
        ("Twice the size of it.", "count", "2", "Twice"),
        ("The Third in a row to go.", "ordinal", "3rd", "Third"),
    ],
)
def test_normalisation_table(text: str, kind: str, value: str, covered: str) -> None:
    assert only(text) == (kind, value, covered)


@pytest.mark.parametrize(
    "text",
    [
        "The minister met them on Tuesday.",  # weekdays are not figures
        "Dated 4:44 pm by the desk.",  # clock times are not figures
        "Talks with a third country went well.",  # ordinal as an adjective
        "One of them said no one came.",  # "one" as a pronoun
        "It may rain in the morning.",  # "May" the verb
    ],
)
def test_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_date_parts_are_not_counted_again() -> None:
    figs = find_figures("Signed on 5 December 2023, it runs to 2030 and costs £5m.")
    assert [(f.kind, f.value) for f in figs] == [
        ("date", "2023-12-05"), ("date", "2030"), ("money", "5000000 GBP")
    ]


def test_ordinal_with_duration() -> None:
    figs = find_figures("The minister is the third in 18 months to visit.")
    assert [(f.kind, f.value) for f in figs] == [("ordinal", "3rd"), ("duration", "18 month")]


@pytest.mark.parametrize(
    ("text", "value"),
    [("38,700", 38700.0), ("2.5", 2.5), ("five", 5.0), ("twenty-one", 21.0),
     ("a dozen", 12.0), ("lots", None)],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_all_money_forms_agree() -> None:
    forms = ["£140million", "£140m", "£140 million", "140 million pounds"]
    values = {find_figures(f"It costs {f} now.")[0].value for f in forms}
    assert values == {"140000000 GBP"}


# ---------------------------------------------------------------- verdicts

RELEASE = doc(
    "Harbour plan to protect 38,700 homes",
    "The Ministry of Harbours will spend £140 million over the next five years to rebuild sea "
    "walls in 14 towns, protecting 38,700 homes.",
    "Around a third of the funding, £46 million, will go to the Vale Estuary.",
    "A review found that one in five sea walls was in poor condition.",
    "Bids for the resilience fund close on 30 June 2027.",
)


def verdicts(*paragraphs: str, links: tuple[Link, ...] = ()) -> list[tuple[str, str, str]]:
    report = doc(*paragraphs, name="report.txt")
    figs = judge_figures(RELEASE, report, links, fallback_sentences(RELEASE),
                         fallback_sentences(report))
    return [(f.text, f.verdict.value, f.official_text or "") for f in figs]


def test_match_in_other_words() -> None:
    assert verdicts("The £140m plan will protect 38,700 homes over five years.") == [
        ("£140m", "match", "£140 million"),
        ("38,700", "match", "38,700"),
        ("five years", "match", "five years"),
    ]


def test_changed_count_names_both_values() -> None:
    report = doc("The ministry will rebuild sea walls in 14 towns, protecting 37,800 homes.")
    (towns, homes) = judge_figures(RELEASE, report, (), fallback_sentences(RELEASE),
                                   fallback_sentences(report))
    assert towns.verdict is FigureVerdict.MATCH
    assert homes.verdict is FigureVerdict.CHANGED
    assert homes.official_text == "38,700"
    assert homes.note == "report says 37,800; the release says 38,700"
    assert homes.official is not None
    assert RELEASE.text[homes.official.start : homes.official.end] == "38,700"


def test_changed_money_and_fraction() -> None:
    assert verdicts(
        "The ministry will spend £150 million over the next five years on sea walls.",
        "Half of the funding, £46 million, will go to the Vale Estuary.",
    ) == [
        ("£150 million", "changed", "£140 million"),
        ("five years", "match", "five years"),
        ("Half", "changed", "a third"),
        ("£46 million", "match", "£46 million"),
    ]


def test_changed_fraction_of_the_same_thing() -> None:
    assert verdicts("A review found one in four sea walls in poor condition.") == [
        ("one in four", "changed", "one in five")
    ]


def test_absent_when_release_has_no_source() -> None:
    assert verdicts(
        "Shares in the builder rose 3 per cent.",
        "The old wall was built in 1987 and 14 fishing boats were moored there.",
    ) == [("3 per cent", "absent", ""), ("1987", "absent", ""), ("14", "absent", "")]


def test_partial_date_matches_full_date() -> None:
    assert verdicts("Bids close on 30 June.") == [("30 June", "match", "30 June 2027")]


def test_link_points_to_the_source_sentence() -> None:
    report = doc("Money for the estuary: £48 million.", name="r.txt")
    third = RELEASE.text.index("Around a third")
    link = Link(Span(third, third + 60), Span(0, len(report.text)), LinkKind.PARAPHRASE,
                False, 0.8)
    (fig,) = judge_figures(RELEASE, report, (link,), fallback_sentences(RELEASE),
                           fallback_sentences(report))
    assert fig.verdict is FigureVerdict.CHANGED
    assert fig.official_text == "£46 million"


def test_furniture_sentences_are_skipped() -> None:
    b = TextBuilder()
    b.add_paragraph("Subscribe for £1 a week", furniture=True)
    b.add_paragraph("The plan costs £140 million.")
    report = b.build(title="r", path="r.txt", sha256="0" * 64, fmt=DocFormat.TXT)
    figs = judge_figures(RELEASE, report, (), fallback_sentences(RELEASE),
                         fallback_sentences(report))
    assert [f.text for f in figs] == ["£140 million"]


# ---------------------------------------------------------------- sample scenario gold


def test_sample_scenario_figures_and_quotes_match_gold() -> None:
    """The invented sample scenario (tools/sample_texts.py) against tests/gold/sample_gold.json."""
    gold_path = ROOT / "tests" / "gold" / "sample_gold.json"
    if not gold_path.is_file() or not (ROOT / "tools" / "sample_texts.py").is_file():
        pytest.skip("sample scenario or its gold is missing")
    sys.path.insert(0, str(ROOT / "tools"))
    import sample_texts as st

    from core.judge import judge_quotes

    def blocks_doc(name: str, blocks: list[tuple[str, str]]) -> Document:
        b = TextBuilder()
        for i, (kind, text) in enumerate(blocks):
            b.add_paragraph(text, paragraph=i, furniture=kind == "furniture")
        return b.build(title=name, path=name, sha256="0" * 64, fmt=DocFormat.TXT)

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    official = blocks_doc("release", st.RELEASE)
    o_sents = fallback_sentences(official)
    reports = {
        "report_wire.txt": st.REPORT_WIRE, "report_daily.html": st.REPORT_DAILY,
        "report_regional.docx": st.REPORT_REGIONAL, "report_critic.pdf": st.REPORT_CRITIC,
        "report_unrelated.txt": st.REPORT_UNRELATED,
    }
    wrong = []
    total = 0
    for name, blocks in reports.items():
        report = blocks_doc(name, blocks)
        text = report.text.lower()
        figs = judge_figures(official, report, (), o_sents, fallback_sentences(report))
        quotes = judge_quotes(official, report, (), o_sents)
        labels = gold["reports"][name]
        for kind, items, found in (("figure", labels["figures"], figs),
                                   ("quote", labels["quotes"], quotes)):
            for item in items:
                total += 1
                at = text.find(item[kind].lower().replace("'", "’"))
                at = at if at >= 0 else text.find(item[kind].lower())
                assert at >= 0, item[kind]
                span = Span(at, at + len(item[kind]))
                hits = [f for f in found if f.report.overlaps(span)]
                got = hits[0].verdict.value if hits else None
                if got != item["verdict"]:
                    wrong.append((name, item[kind], item["verdict"], got))
    assert total > 90
    assert wrong == []


def test_a_short_release_backs_figures_its_linked_story_states() -> None:
    """The rule that keeps a long document's stray "3%" from backing a report's figure must
    not leave a one-page release's own date and percentage unbacked."""
    from core.compare import compare
    from core.results.jsonio import document_from_text

    release = document_from_text(
        "Coastal towns to share fund\n\nThe Ministry of Coastal Affairs today announced a £140 "
        "million fund for sea defences in 14 towns. Councils will bid for money from the fund. "
        "Applications open on 1 April 2027. The scheme runs until 2031 and 37% of it goes to "
        "the north."
    )
    report = document_from_text(
        "Sea defence cash for towns\n\nCoastal towns will get £140 million for sea defences, "
        "the government said. The deadline for bids is not until 1 April 2027, leaving councils "
        "little time. Some 37% of the money is earmarked for northern towns."
    )
    figures = compare(release, [report]).comparisons[0].figures
    assert {f.text: f.verdict.value for f in figures} == {
        "£140 million": "match", "1 April 2027": "match", "37%": "match",
    }
