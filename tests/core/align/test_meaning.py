"""The meaning model: shipped with the checkout, offline, symmetric, and in compare's output.

The sentences are written for this test (coastal-defence announcements like the sample
documents'); the model never saw them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.align import MEANING_FEATURE, MeaningModelMissing, check_meaning_model, same_meaning
from core.align import meaning as meaning_module
from core.cli.main import run as cli_main
from core.compare import compare
from core.documents import load_document
from core.results import CompareOptions, LinkKind

SAMPLES = Path(__file__).resolve().parents[3] / "sample_docs"

SAME = [
    ("The ministry will spend £40 million repairing sea walls in six towns.",
     "Sea walls in six towns are to be repaired with £40 million of ministry money."),
    ("Work on the harbour barrier starts in May and should finish by 2029.",
     "Construction of the harbour barrier will begin in May and is due to be completed by 2029."),
]
DIFFERENT = [
    ("The ministry will spend £40 million repairing sea walls in six towns.",
     "The council rejected a plan to close the town's only swimming pool."),
    ("The new barrier will protect 2,000 homes from tidal flooding.",
     "The new barrier will not protect any homes until the council finds more money for it, "
     "and residents have been told to buy their own flood boards."),
]


def test_the_models_ship_with_the_checkout() -> None:
    check_meaning_model()  # raises if weights.npz or tokenizer.json is missing
    check_meaning_model(meaning_module.QUICK_DIR)
    parts = sorted(meaning_module.MODEL_DIR.glob("weights*.npz"))
    assert [p.name for p in parts] == ["weights-2.npz", "weights.npz"]
    assert all(p.stat().st_size < 95e6 for p in parts), "each file under a host's 100 MB limit"
    assert 90e6 < sum(p.stat().st_size for p in parts) < 130e6, "int8 weights of MPNet base"
    size = (meaning_module.QUICK_DIR / "weights.npz").stat().st_size
    assert 10e6 < size < 40e6, "int8 weights of a 6-layer MiniLM"


def test_a_damaged_or_partial_model_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = meaning_module.MODEL_DIR
    (tmp_path / "tokenizer.json").symlink_to(shipped / "tokenizer.json")
    # Truncated: the archive's directory, at its end, is gone.
    (tmp_path / "weights.npz").write_bytes((shipped / "weights.npz").read_bytes()[:4096])
    with pytest.raises(MeaningModelMissing, match=r"weights\.npz in .* is damaged"):
        check_meaning_model(tmp_path)
    # The first file whole, the second (layers 6-11) lost: refused by the CLI before comparing.
    (tmp_path / "weights.npz").unlink()
    (tmp_path / "weights.npz").symlink_to(shipped / "weights.npz")
    with pytest.raises(MeaningModelMissing, match="layers 6-11 in none of its weights"):
        meaning_module.MeaningModel(tmp_path)
    monkeypatch.setattr(meaning_module, "MODEL_DIR", tmp_path)
    code = cli_main(["compare", str(SAMPLES / "release.docx"), str(SAMPLES / "report_radio.txt"),
                     "--meaning"])
    assert code == 2 and "layers 6-11" in capsys.readouterr().err


def test_a_model_damaged_inside_stops_compare_meaning_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Directory intact, one tensor's bytes changed: found only as it is read (a CRC mismatch).
    shipped = meaning_module.MODEL_DIR
    (tmp_path / "tokenizer.json").symlink_to(shipped / "tokenizer.json")
    (tmp_path / "weights-2.npz").symlink_to(shipped / "weights-2.npz")
    data = bytearray((shipped / "weights.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "weights.npz").write_bytes(bytes(data))
    check_meaning_model(tmp_path)  # the directory is whole
    monkeypatch.setattr(meaning_module, "MODEL_DIR", tmp_path)
    monkeypatch.setattr(meaning_module, "_MODELS", {})
    code = cli_main(["compare", str(SAMPLES / "release.docx"), str(SAMPLES / "report_radio.txt"),
                     "--meaning"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot be read" in err and "internal error" not in err


def test_mpnet_offset_buckets() -> None:
    # MPNet's relative-position buckets: offsets 0-7 exact, then logarithmic up to 128 (bucket
    # 15), and 16 more for keys after the query.
    got = meaning_module._relative_buckets(200)
    back = [got[q, 0] for q in (0, 1, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 199)]
    assert back == [0, 1, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15, 15]
    assert [got[0, k] for k in (1, 7, 8, 16, 199)] == [17, 23, 24, 26, 31]


@pytest.mark.parametrize("quick", [False, True], ids=["verdict", "quick"])
def test_paraphrases_and_unrelated_pairs(quick: bool) -> None:
    probs = same_meaning(SAME + DIFFERENT, quick=quick)
    assert probs is not None
    assert all(p >= meaning_module.SAME_MEANING for p in probs[: len(SAME)]), probs
    assert all(p < meaning_module.SAME_MEANING for p in probs[len(SAME) :]), probs
    assert all(0.0 <= p <= 1.0 for p in probs)


@pytest.mark.parametrize(("quick", "expected"), [
    (False, [0.9567, 0.9639, 0.0682, 0.0901]),
    (True, [0.9981, 0.9975, 0.0062, 0.012]),
], ids=["verdict", "quick"])
def test_the_shipped_models_answer_as_when_they_were_shipped(
    quick: bool, expected: list[float]
) -> None:
    # Pinned answers: a forward pass that reads the weights wrongly (positions counted from 0
    # instead of 2 moved the first to 0.86) still lands most pairs on the right side of 0.5.
    probs = same_meaning(SAME + DIFFERENT, quick=quick)
    assert probs == pytest.approx(expected, abs=1e-3)


def test_both_reading_orders_give_one_answer() -> None:
    pairs = SAME + DIFFERENT
    forth = same_meaning(pairs)
    back = same_meaning([(b, a) for a, b in pairs])
    assert forth == back


def test_nothing_asked_and_cancelled() -> None:
    assert same_meaning([]) == ()
    assert same_meaning(SAME, should_cancel=lambda: True) is None


def test_a_missing_model_is_named(tmp_path: Path) -> None:
    (tmp_path / "tokenizer.json").write_text("{}", encoding="utf-8")
    with pytest.raises(MeaningModelMissing, match=r"weights\.npz not found"):
        check_meaning_model(tmp_path)


def test_compare_adds_the_meaning_of_paraphrase_links_only_when_asked() -> None:
    release = load_document(SAMPLES / "release.docx")
    reports = [load_document(SAMPLES / n) for n in ("report_radio.txt", "report_wire.txt")]
    # Without the clause rescue, so that no link carries the model's answer unless asked.
    plain = compare(release, reports, CompareOptions(meaning_rescue=False))
    asked = compare(release, reports, CompareOptions(meaning=True, meaning_rescue=False))
    n_para = 0
    for before, after in zip(plain.comparisons, asked.comparisons, strict=True):
        # The model explains links; it never adds, drops or moves one.
        assert [(x.official, x.report, x.kind) for x in before.links] == [
            (x.official, x.report, x.kind) for x in after.links
        ]
        for b, a in zip(before.links, after.links, strict=True):
            assert MEANING_FEATURE not in dict(b.evidence.features)
            p = dict(a.evidence.features).get(MEANING_FEATURE)
            if a.kind is LinkKind.PARAPHRASE:
                n_para += 1
                assert p is not None and 0.0 <= p <= 1.0
            else:
                assert p is None
    assert n_para >= 5


def test_cli_meaning_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.json"
    code = cli_main(["compare", str(SAMPLES / "release.docx"), str(SAMPLES / "report_radio.txt"),
                     "--meaning", "--json", str(out)])
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    feats = [link["evidence"]["features"] for link in data["comparisons"][0]["links"]]
    assert any(MEANING_FEATURE in f for f in feats)

    monkeypatch.setattr(meaning_module, "MODEL_DIR", tmp_path / "nowhere")
    code = cli_main(["compare", str(SAMPLES / "release.docx"), str(SAMPLES / "report_radio.txt"),
                     "--meaning"])
    assert code != 0
    assert "meaning model is incomplete" in capsys.readouterr().err


RESCUE_RELEASE = """Harbour Accord signed to end fishing dispute

PORTSMOUTH, 3 May 2027 – The Ministry of Fisheries today signed the Harbour Accord with the \
Republic of Norland, ending a two-year dispute over fishing grounds in the North Channel.

The Accord is binding in international law and guarantees that no licensed fishing boat from \
either country will be turned away from the shared grounds.

Fisheries Minister Ruth Caldwell said the agreement would protect 4,000 jobs in coastal towns.
"""
RESCUE_REPORT = """Fishing row nears its end

The fisheries minister is expected to sign an agreement which will try to settle the quarrel \
over the North Channel – and will be binding under international law.

Crews in the harbour towns said they had waited two years for an answer.
"""


def test_a_clause_just_under_the_bar_is_linked_when_the_model_reads_it_as_the_same() -> None:
    from core.results.jsonio import document_from_text

    release = document_from_text(RESCUE_RELEASE, "release.txt")
    report = document_from_text(RESCUE_REPORT, "report.txt")

    def clause_links(options: CompareOptions) -> list[tuple[str, str, dict[str, float]]]:
        comp = compare(release, [report], options).comparisons[0]
        return [
            (report.text[x.report.start : x.report.end], release.text[x.official.start :
             x.official.end], dict(x.evidence.features))
            for x in comp.links
            if "binding" in report.text[x.report.start : x.report.end]
        ]

    assert clause_links(CompareOptions(meaning_rescue=False)) == []
    (got,) = clause_links(CompareOptions())
    r_text, o_text, features = got
    assert r_text.startswith("and will be binding under international law")
    assert o_text == "The Accord is binding in international law"
    assert features[MEANING_FEATURE] >= 0.9  # the evidence names what decided it


def test_without_the_model_compare_still_links_on_shared_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from core.results.jsonio import document_from_text

    monkeypatch.setattr(meaning_module, "QUICK_DIR", tmp_path)
    monkeypatch.setattr(meaning_module, "_MODELS", {})
    release = document_from_text(RESCUE_RELEASE, "release.txt")
    report = document_from_text(RESCUE_REPORT, "report.txt")
    plain = compare(release, [report], CompareOptions(meaning_rescue=False)).comparisons[0]
    without = compare(release, [report]).comparisons[0]  # the rescue asks, and is refused
    assert without.links == plain.links


def test_a_release_sentence_scoring_higher_does_not_take_the_rescued_link_away() -> None:
    from core.results.jsonio import document_from_text

    report = document_from_text(RESCUE_REPORT, "report.txt")
    for extra in (
        "Fishermen fear the binding quotas set under international law will try their patience.",
        "Norland said the Accord, though binding under international law, would be hard to "
        "enforce.",
    ):
        release = document_from_text(RESCUE_RELEASE + "\n" + extra + "\n", "release.txt")
        comp = compare(release, [report]).comparisons[0]
        sources = {release.text[x.official.start : x.official.end] for x in comp.links}
        assert "The Accord is binding in international law" in sources, extra


def test_a_damaged_model_file_leaves_compare_on_shared_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.results.jsonio import document_from_text

    (tmp_path / "weights.npz").write_text(
        "version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 1\n", encoding="utf-8"
    )
    (tmp_path / "tokenizer.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(meaning_module, "MODEL_DIR", tmp_path)
    monkeypatch.setattr(meaning_module, "QUICK_DIR", tmp_path)
    monkeypatch.setattr(meaning_module, "_MODELS", {})
    with pytest.raises(MeaningModelMissing, match="damaged"):
        check_meaning_model()
    release = document_from_text(RESCUE_RELEASE, "release.txt")
    report = document_from_text(RESCUE_REPORT, "report.txt")
    plain = compare(release, [report], CompareOptions(meaning_rescue=False)).comparisons[0]
    assert compare(release, [report]).comparisons[0].links == plain.links
    code = cli_main(["compare", str(SAMPLES / "release.docx"), str(SAMPLES / "report_radio.txt"),
                     "--meaning"])
    assert code == 2 and "damaged" in capsys.readouterr().err


def test_the_model_is_asked_only_about_text_it_can_read() -> None:
    from core.align import readable

    assert readable("The Accord is binding in international law.")
    assert readable("Le traité est juridiquement contraignant.")  # Latin script, accents
    assert not readable("Η συμφωνία είναι δεσμευτική.")
    assert not readable("الاتفاقية ملزمة بموجب القانون الدولي")
    assert not readable("2,150 | 38,700 | 14")  # no letters at all


def test_loading_the_verdict_model_does_not_hold_up_the_quick_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading
    import time

    started = threading.Event()

    class Slow:
        def __init__(self, folder: Path) -> None:
            if folder == meaning_module.MODEL_DIR:
                started.set()
                time.sleep(1.0)  # the verdict model's load, made long

    monkeypatch.setattr(meaning_module, "MeaningModel", Slow)
    monkeypatch.setattr(meaning_module, "_MODELS", {})
    verdict = threading.Thread(target=meaning_module.meaning_model)
    verdict.start()
    assert started.wait(5)
    t0 = time.monotonic()
    meaning_module.meaning_model(quick=True)
    assert time.monotonic() - t0 < 0.5
    verdict.join()
