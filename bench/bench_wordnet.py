"""Do WordNet synonyms, as extra evidence in ``score_pair``, help the paraphrase decision?

    apt-get install -y wordnet-base        # Princeton WordNet 3.0, WNDB files in /usr/share/wordnet
    cp -a .venv /tmp/wnvenv && /tmp/wnvenv/bin/python -m pip install nltk
    /tmp/wnvenv/bin/python bench/bench_wordnet.py [--quick] [--check]

An experiment, not product code: nothing under ``core/`` changes. The WordNet files are read
with NLTK's ``WordNetCorpusReader(root, None)`` from ``/usr/share/wordnet`` (``--wordnet-root``);
``nltk.download`` is replaced by a function that raises, so nothing is fetched at run time.
Without the files or without nltk the script prints why and exits 0 (skipped).

The synonym rule (``score_pair_syn``): for each content stem of the report sentence that the
release sentence lacks, its first surface form is looked up in WordNet (every part of speech;
the first ``n_synsets`` synsets of each part of speech; lemma names; multiword lemmas either
skipped or split into their non-stopword words). The lemma names go through the product's
light stemmer (``core.align.text.stem``); when one of them is among the release sentence's
unshared stems, the report stem counts as shared at ``discount`` of its weight (coverage of
both sentences, rarity mass, evidence count), one release stem per report stem. The pair is
recorded as evidence ``"synonym: report/release"`` in ``shared_phrases``; the report stem joins
``shared_stems`` (what the aligner treats as covered). Phrase evidence, the copy check and the
candidate retrieval (exact stems only) are unchanged, so a pair the synonyms never touch
scores exactly as the product does.

It measures, for the baseline and every setting (n_synsets x multiword x discount):

* MSRP test accuracy at the product threshold (0.5) and at the threshold tuned on train,
  exactly as ``bench/bench_msrp.py`` does (``../shared/corpus/msrp``);
* seed and sample gold precision/recall/F1, as ``bench/bench_align_quality.py`` does, with the
  aligner's ``score_pair`` replaced by the synonym version;
* the scoring time per MSRP pair (cold: first pass, WordNet look-ups included; warm: look-ups
  cached) and the WordNet load time;
* the two clause examples of the issue (seed reports 001 and 004 against the release).

The syn% column is the share of MSRP test pairs where a synonym pair was found; +/- counts the
test pairs whose decision at 0.5 the synonyms made right / made wrong against the baseline.

``--quick`` runs one setting per n_synsets/multiword pair (discount 0.75); ``--check`` also
verifies that the re-implemented score equals ``score_pair`` for every MSRP pair when no
synonym is found.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import math
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from rapidfuzz import fuzz

import core.align.aligner as aligner_mod
import core.align.score as score_mod
import core.align.sources as sources_mod
from core.align.score import (
    COPY_SHARE,
    VERBATIM_PARTIAL,
    VERBATIM_RATIO,
    PairScore,
    Weights,
    _gram_weight,
    combine,
    score_pair,
)
from core.align.text import STOPWORDS, SentenceTerms, analyse, stem
from core.results import CompareOptions

WORDNET_ROOT = Path("/usr/share/wordnet")
MSRP = ROOT.parent / "shared" / "corpus" / "msrp"

#: The issue's clause examples: (name, report text, release text).
CLAUSE_EXAMPLES = (
    (
        "001 binding",
        "…will be binding under international law",
        "The landmark Treaty is binding in international law and ensures that",
    ),
    (
        "004 Albania",
        "Italy has agreed a deal to send migrants intercepted at sea straight to Albania to "
        "have their asylum claims processed",
        "Italy in their deal with Albania, a new and innovative model for processing asylum claims",
    ),
)


#: WordNet 3.0's 45 lexicographer files, in file-number order (lexnames(5WN)). Debian's
#: wordnet-base ships the WNDB files without ``lexnames``, which NLTK's reader opens first.
LEXNAMES = [
    "adj.all",
    "adj.pert",
    "adv.all",
    "noun.Tops",
    "noun.act",
    "noun.animal",
    "noun.artifact",
    "noun.attribute",
    "noun.body",
    "noun.cognition",
    "noun.communication",
    "noun.event",
    "noun.feeling",
    "noun.food",
    "noun.group",
    "noun.location",
    "noun.motive",
    "noun.object",
    "noun.person",
    "noun.phenomenon",
    "noun.plant",
    "noun.possession",
    "noun.process",
    "noun.quantity",
    "noun.relation",
    "noun.shape",
    "noun.state",
    "noun.substance",
    "noun.time",
    "verb.body",
    "verb.change",
    "verb.cognition",
    "verb.communication",
    "verb.competition",
    "verb.consumption",
    "verb.contact",
    "verb.creation",
    "verb.emotion",
    "verb.motion",
    "verb.perception",
    "verb.possession",
    "verb.social",
    "verb.stative",
    "verb.weather",
    "adj.ppl",
]
_POS_NUMBER = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}


def _lexnames_text() -> str:
    return "".join(
        f"{i:02d}\t{n}\t{_POS_NUMBER[n.split('.')[0]]}\n" for i, n in enumerate(LEXNAMES)
    )


def load_wordnet(root: Path) -> tuple[Any, float] | str:
    """(reader, load seconds), or why it cannot be had. Never downloads."""
    if not (root / "data.noun").exists():
        return f"WordNet files not found in {root} (apt-get install -y wordnet-base)"
    try:
        import nltk
        from nltk.corpus.reader.wordnet import WordNetCorpusReader
    except ImportError:
        return "nltk is not installed in this interpreter (pip install nltk)"

    def no_download(*_a: object, **_k: object) -> bool:
        raise RuntimeError("nltk.download called: this bench must not download anything")

    nltk.download = no_download
    nltk.downloader.download = no_download
    nltk.downloader.Downloader.download = no_download  # type: ignore[method-assign]

    class Reader(WordNetCorpusReader):  # type: ignore[misc]
        """Reads the WNDB files in place; ``lexnames`` from ``LEXNAMES`` if the folder lacks it."""

        def open(self, fileid: str) -> Any:
            if fileid == "lexnames" and not (root / "lexnames").exists():
                return io.StringIO(_lexnames_text())
            return super().open(fileid)

        def map_wn(self, version: str = "wordnet") -> None:
            # NLTK maps other WordNet versions onto NLTK's own "wordnet" data (for OMW); this
            # is WordNet 3.0 itself and no OMW is used, so there is nothing to map (and the
            # mapping would look for nltk_data, which must not be needed).
            return None

    # NLTK 3.9+ reads only under its data roots: authorise the WordNet folder explicitly.
    if str(root) not in nltk.data.path:
        nltk.data.path.append(str(root))
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        # "The multilingual functions are not available": no OMW reader, as intended.
        warnings.simplefilter("ignore", UserWarning)
        reader = Reader(str(root), None)
    reader.synsets("law")  # the first look-up loads the exception lists lazily
    return reader, time.perf_counter() - t0


@dataclass(frozen=True)
class Setting:
    n_synsets: int
    multiword: str  # "skip" or "split"
    discount: float

    def __str__(self) -> str:
        return f"syn{self.n_synsets} {self.multiword:5} d={self.discount:.2f}"


class Synonyms:
    """Stems of a word's WordNet synonyms (first ``n_synsets`` synsets per part of speech)."""

    def __init__(self, reader: Any, n_synsets: int, multiword: str) -> None:
        self.reader = reader
        self.n = n_synsets
        self.multiword = multiword
        self._memo: dict[str, frozenset[str]] = {}

    def __call__(self, word: str) -> frozenset[str]:
        got = self._memo.get(word)
        if got is None:
            got = self._memo[word] = self._lookup(word)
        return got

    def _lookup(self, word: str) -> frozenset[str]:
        own = stem(word)
        out: set[str] = set()
        for pos in ("n", "v", "a", "r"):
            # synsets() applies morphy, so "processed" finds "process"; "a" includes satellites.
            for ss in self.reader.synsets(word, pos=pos)[: self.n]:
                for name in ss.lemma_names():
                    name = name.lower()
                    if "_" in name or "-" in name:
                        if self.multiword == "skip":
                            continue
                        parts = name.replace("-", "_").split("_")
                    else:
                        parts = [name]
                    for p in parts:
                        if p and p not in STOPWORDS:
                            out.add(stem(p))
        out.discard(own)
        return frozenset(out)


def score_pair_syn(
    r: SentenceTerms,
    o: SentenceTerms,
    weights: Weights,
    syn: Synonyms | None,
    discount: float,
    force: bool = False,
) -> PairScore:
    """``score_pair`` with synonym evidence; identical to it when no synonym pair is found.

    ``force`` computes through this re-implementation even without synonym pairs (``--check``).
    """
    said = r.stems - r.attrib if r.attrib else r.stems
    shared = said & o.stems
    pairs: list[tuple[str, str]] = []
    if syn is not None and discount > 0:
        surface = dict(r.surface)
        u_o = set(o.stems - said)
        for s in sorted(said - shared):
            if s[:1].isdigit() or not u_o:
                continue
            hit = syn(surface.get(s, s).lower()) & u_o
            if hit:
                o_s = max(sorted(hit), key=weights)
                pairs.append((s, o_s))
                u_o.discard(o_s)
    if not pairs and not force:
        return score_pair(r, o, weights)
    m_r = weights.sentence_mass(said)
    n_r = len(said)
    m_o = weights.sentence_mass(o.stems)
    m_s = weights.mass(shared)
    m_sr = m_s + discount * math.fsum(weights.effective(s) for s, _ in pairs)
    m_so = m_s + discount * math.fsum(weights.effective(t) for _, t in pairs)
    cov_r = min(1.0, m_sr / m_r) if m_r else 0.0
    cov_o = min(1.0, m_so / m_o) if m_o else 0.0
    evidence = [s for s in shared if not weights.is_topic(s)]
    syn_evidence = [s for s, _ in pairs if not weights.is_topic(s)]
    rare_mass = math.fsum(weights.rarity(s) for s in evidence) + discount * math.fsum(
        weights.rarity(s) for s in syn_evidence
    )
    bi = r.bigrams & o.bigrams
    tri = r.trigrams & o.trigrams
    n_bi = max(4, min(len(r.bigrams), len(o.bigrams)))
    phrase = min(
        1.0,
        (
            math.fsum(_gram_weight(g, weights) for g in bi)
            + 2.0 * math.fsum(_gram_weight(g, weights) for g in tri)
        )
        / n_bi,
    )
    ratio = fuzz.ratio(r.norm, o.norm) / 100.0
    partial = 0.0
    if len(shared) >= COPY_SHARE * n_r and 24 <= len(r.norm) <= len(o.norm):
        partial = fuzz.partial_ratio(r.norm, o.norm) / 100.0
    shared_nums = r.numbers & o.numbers
    num_clash = 1.0 if r.numbers and o.numbers and not shared_nums else 0.0
    n_ev = len(evidence) + len(syn_evidence)
    score = combine(cov_r, cov_o, rare_mass, phrase, n_ev, n_r, len(o.stems), num_clash)
    verbatim = ratio >= VERBATIM_RATIO or (partial >= VERBATIM_PARTIAL and r.n_words >= 6)
    if verbatim:
        score = max(score, 0.9)
    score = max(0.0, min(1.0, score))
    phrases = sorted(tri, key=lambda p: (-len(p), p)) + sorted(bi, key=lambda p: (-len(p), p))
    o_surface = dict(o.surface)
    r_surface = dict(r.surface)
    syn_phr = [f"synonym: {r_surface.get(s, s)}/{o_surface.get(t, t)}" for s, t in pairs]
    return PairScore(
        score=score,
        verbatim=verbatim,
        shared_stems=tuple(sorted(shared | {s for s, _ in pairs})),
        shared_phrases=tuple(syn_phr + phrases[: max(0, 8 - len(syn_phr))]),
        shared_numbers=tuple(sorted(shared_nums)),
        features=(
            ("report_coverage", round(cov_r, 3)),
            ("release_coverage", round(cov_o, 3)),
            ("rare_mass", round(rare_mass, 3)),
            ("phrases", round(phrase, 3)),
            ("ratio", round(ratio, 3)),
            ("partial", round(partial, 3)),
            ("number_clash", num_clash),
            ("synonyms", float(len(pairs))),
        ),
    )


# --- MSRP ---------------------------------------------------------------------------------


Prepared = tuple[list[tuple[int, SentenceTerms, SentenceTerms]], Weights]


def msrp_prepare(rows: list[tuple[int, str, str]]) -> Prepared:
    """Pairs as ``bench_msrp.features`` builds them: IDF over the split, shorter = report."""
    from bench_msrp import pairs_and_weights

    return pairs_and_weights(rows)


ScoreFn = Callable[[SentenceTerms, SentenceTerms, Weights], PairScore]


def msrp_scores(prep: Prepared, fn: ScoreFn) -> tuple[list[tuple[int, float]], float, int]:
    """(label, score) per pair, seconds taken, pairs with at least one synonym pair."""
    pairs, weights = prep
    t0 = time.perf_counter()
    out = []
    touched = 0
    for label, r, o in pairs:
        ps = fn(r, o, weights)
        touched += any(k == "synonyms" and v > 0 for k, v in ps.features)
        out.append((label, ps.score))
    return out, time.perf_counter() - t0, touched


def metrics(scored: list[tuple[int, float]], t: float) -> tuple[float, float, float, float]:
    tp = sum(1 for y, s in scored if y and s >= t)
    fp = sum(1 for y, s in scored if not y and s >= t)
    fn = sum(1 for y, s in scored if y and s < t)
    tn = len(scored) - tp - fp - fn
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return (tp + tn) / len(scored), prec, rec, f1


def tuned(train: list[tuple[int, float]]) -> float:
    grid = [t / 100 for t in range(5, 96)]
    return max(grid, key=lambda t: (metrics(train, t)[0], -abs(t - 0.5)))


# --- gold (bench_align_quality) -----------------------------------------------------------


@contextlib.contextmanager
def patched(fn: ScoreFn | None):  # type: ignore[no-untyped-def]
    """Replace the aligner's ``score_pair`` (in every module that imported it) by ``fn``."""
    mods = (score_mod, aligner_mod, sources_mod)
    saved = [m.score_pair for m in mods]
    if fn is not None:
        for m in mods:
            m.score_pair = fn  # type: ignore[assignment]
    try:
        yield
    finally:
        for m, f in zip(mods, saved, strict=True):
            m.score_pair = f  # type: ignore[assignment]


def gold_figures() -> list[tuple[str, str, dict[str, Any]]] | None:
    """(scenario, gold file, metrics) for each gold set, with the current ``score_pair``."""
    import bench_align_quality as baq

    from core.compare import compare
    from core.documents import load_document
    from core.results import result_to_json

    if not baq.EVAL.exists():
        return None
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, official_path, report_paths, golds in baq.scenarios():
            official = load_document(official_path)
            reports = [load_document(p) for p in report_paths]
            result = compare(official, reports, CompareOptions())
            path = Path(tmp) / f"{name}.json"
            path.write_text(json.dumps(result_to_json(result)), encoding="utf-8")
            for gold in golds:
                out.append((name, gold.name, baq.score(path, gold)))
    return out


# --- report -------------------------------------------------------------------------------


def _seed_context(report_prefix: str) -> tuple[Any, Weights] | None:
    """(release index, the aligner's weights for that seed report), as ``align_report`` has them."""
    import bench_align_quality as baq

    from core.align import ReleaseIndex
    from core.align.aligner import make_weights
    from core.compare.pipeline import sentences_of
    from core.documents import load_document

    for name, official_path, report_paths, _ in baq.scenarios():
        if name != "seeds":
            continue
        official = load_document(official_path)
        index = ReleaseIndex.build(official, sentences_of(official))
        for path in report_paths:
            if path.name.startswith(report_prefix):
                report = load_document(path)
                terms = [
                    analyse(report.text[x.span.start : x.span.end]) for x in sentences_of(report)
                ]
                return index, make_weights(index, terms)
    return None


def clause_examples(fns: list[tuple[str, ScoreFn]]) -> None:
    """The issue's two clause pairs under three weightings.

    one-pair: ``aligner.make_weights`` with the release sentence as the whole release and the
    clause as the whole report; msrp: ``bench_msrp`` (IDF over both strings, names of both);
    seed: the aligner's real weights for that seed report against the seed release.
    """
    print("\nclause examples (score_pair on analyse() of the two strings):")
    for name, rep, rel in CLAUSE_EXAMPLES:
        r, o = analyse(rep), analyse(rel)
        both: Counter[str] = Counter(r.stems)
        both.update(o.stems)
        weightings = [
            ("one-pair", Weights(Counter(o.stems), Counter(r.stems), o.names, r.names)),
            ("msrp", Weights(both, names=r.names | o.names)),
        ]
        said = r.stems - r.attrib
        print(
            f"  {name}: report content stems not in the release sentence:"
            f" {sorted(said - o.stems)}; release stems not in the report: {sorted(o.stems - said)}"
        )
        ctx = _seed_context(name.split()[0])
        if ctx is not None:
            weightings.append(("seed", ctx[1]))
        for wname, weights in weightings:
            base = fns[0][1](r, o, weights).score
            same = 0
            for label, fn in fns:
                ps = fn(r, o, weights)
                syn = [p for p in ps.shared_phrases if p.startswith("synonym:")]
                if label != fns[0][0] and ps.score == base and not syn:
                    same += 1
                    continue
                f = dict(ps.features)
                print(
                    f"  {name:12} {wname:8} {label:22} {ps.score:.3f}"
                    f"  cov_r {f['report_coverage']:.3f} mass {f['rare_mass']:.3f}"
                    f"  shared {','.join(ps.shared_stems)} {' '.join(syn)}"
                )
            if same:
                print(
                    f"  {name:12} {wname:8} {same} synonym settings: no synonym pair, as baseline"
                )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet-root", type=Path, default=WORDNET_ROOT)
    ap.add_argument("--quick", action="store_true", help="discount 0.75 only")
    ap.add_argument("--check", action="store_true", help="check the re-implementation first")
    ap.add_argument("--no-gold", action="store_true", help="skip the alignment gold runs")
    args = ap.parse_args()
    got = load_wordnet(args.wordnet_root)
    if isinstance(got, str):
        print(f"skipped: {got}")
        return 0
    reader, load_s = got
    print(f"WordNet {reader.get_version()} from {args.wordnet_root}: loaded in {load_s:.2f} s")
    has_msrp = (MSRP / "msr_paraphrase_train.txt").exists()
    if not has_msrp:
        print(f"MSRP not found in {MSRP}: MSRP columns skipped")
    from bench_msrp import load as msrp_load

    train = msrp_prepare(msrp_load("msr_paraphrase_train.txt")) if has_msrp else None
    test = msrp_prepare(msrp_load("msr_paraphrase_test.txt")) if has_msrp else None

    if args.check and test is not None and train is not None:
        bad = 0
        for prep in (train, test):
            for _, r, o in prep[0]:
                a = score_pair(r, o, prep[1]).score
                b = score_pair_syn(r, o, prep[1], None, 0.0, force=True).score
                bad += a != b
        print(f"check: re-implemented score differs from score_pair on {bad} MSRP pairs")

    discounts = (0.75,) if args.quick else (0.5, 0.75, 1.0)
    settings: list[Setting | None] = [None] + [
        Setting(n, mw, d) for n, mw, d in itertools.product((1, 3), ("skip", "split"), discounts)
    ]
    if test is not None:
        timing(reader, test)
    rows = []
    base_test: list[tuple[int, float]] | None = None
    for st in settings:
        if st is None:
            fn: ScoreFn = score_pair
            gold_fn: ScoreFn | None = None
        else:
            syn = Synonyms(reader, st.n_synsets, st.multiword)

            def fn(r: SentenceTerms, o: SentenceTerms, w: Weights, syn=syn, d=st.discount):
                return score_pair_syn(r, o, w, syn, d)

            gold_fn = fn
        row: dict[str, Any] = {"setting": "baseline" if st is None else str(st)}
        if train is not None and test is not None:
            te, _, touched = msrp_scores(test, fn)
            tr, _, _ = msrp_scores(train, fn)
            t = tuned(tr)
            if base_test is None:
                base_test = te
            fixed = sum(
                (s0 >= 0.5) != bool(y) and (s1 >= 0.5) == bool(y)
                for (y, s0), (_, s1) in zip(base_test, te, strict=True)
            )
            broken = sum(
                (s0 >= 0.5) == bool(y) and (s1 >= 0.5) != bool(y)
                for (y, s0), (_, s1) in zip(base_test, te, strict=True)
            )
            row.update(
                acc05=metrics(te, 0.5),
                acct=metrics(te, t),
                t=t,
                touched=100.0 * touched / len(te),
                flips=(fixed, broken),
            )
        if not args.no_gold:
            with patched(gold_fn):
                row["gold"] = gold_figures()
        rows.append(row)
        print_row(row)
    fns: list[tuple[str, ScoreFn]] = [("baseline", score_pair)]
    for n, mw in itertools.product((1, 3), ("skip", "split")):
        syn = Synonyms(reader, n, mw)
        for d in discounts:
            fns.append(
                (
                    str(Setting(n, mw, d)),
                    lambda r, o, w, syn=syn, d=d: score_pair_syn(r, o, w, syn, d),
                )
            )
    clause_examples(fns)
    return 0


def timing(reader: Any, test: Prepared, repeat: int = 3) -> None:
    """Time per MSRP test pair: baseline, and the widest synonym setting cold and warm."""
    syn = Synonyms(reader, 3, "split")

    def fn(r: SentenceTerms, o: SentenceTerms, w: Weights) -> PairScore:
        return score_pair_syn(r, o, w, syn, 1.0)

    n = len(test[0])
    cold = msrp_scores(test, fn)[1]  # first pass of the process: WordNet files read
    base = min(msrp_scores(test, score_pair)[1] for _ in range(repeat))
    warm = min(msrp_scores(test, fn)[1] for _ in range(repeat))
    print(
        f"time per MSRP test pair ({n} pairs, best of {repeat}): baseline {base / n * 1e6:.0f} µs;"
        f" syn3 split d=1.00 warm {warm / n * 1e6:.0f} µs, cold (first pass, WordNet read)"
        f" {cold / n * 1e6:.0f} µs; {len(syn._memo)} words looked up"
    )


_HEADER = False


def print_row(row: dict[str, Any]) -> None:
    global _HEADER
    if not _HEADER:
        print(
            f"\n{'setting':22} {'acc@.5':>6} {'P@.5':>6} {'R@.5':>6} {'acc@t':>6} {'t':>5} "
            f"{'syn%':>5} {'+/-':>7}  gold P/R/F1 (seeds dev, seeds extra, sample)"
        )
        _HEADER = True
    s = f"{row['setting']:22}"
    if "acc05" in row:
        a, p, r, _ = row["acc05"]
        s += f" {a:6.3f} {p:6.3f} {r:6.3f} {row['acct'][0]:6.3f} {row['t']:5.2f}"
        s += f" {row['touched']:5.1f} {row['flips'][0]:>3}/{row['flips'][1]:<3}"
    gold = row.get("gold")
    if gold:
        s += "  " + ", ".join(f"{m['precision']}/{m['recall']}/{m['f1']}" for _, _, m in gold)
    print(s, flush=True)


if __name__ == "__main__":
    sys.exit(main())
