"""Same meaning or not: a small cross-encoder that reads two sentences together.

``MeaningModel.probabilities(pairs)`` gives, per (report sentence, release sentence), the
probability that the two say the same thing. The model is all-MiniLM-L6-v2 (6 layers, 384 wide,
Apache-2.0) fine-tuned as a pair classifier on the MSR Paraphrase Corpus training split
(``bench/train_meaning_model.py``); its weights ship in ``resources/models/meaning/`` as int8
with a scale per output row, the tokenizer beside them. It runs on numpy and the ``tokenizers``
package alone: no torch, no download, nothing read from the network. A pair is read in both
orders and the two probabilities averaged, as it was scored when trained. It learned English:
callers ask it only about passages mostly in Latin script (``readable``).

Shared words decide links; the model is asked only about the few clause pairs that have the
shared words a clause link needs but score just under its bar (``sources.py``), and about the
pairs a caller names (the window's selected pair, ``compare --meaning``): one pair costs about
as much as scoring thousands lexically. The model is loaded on first use, once per process;
callers in several threads take turns. A model file that is missing or damaged raises
``MeaningModelMissing`` (once tried, not tried again). Pure Python plus numpy; must not import
Qt or ``ui/``.
"""

from __future__ import annotations

import math
import threading
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

MODEL_DIR = Path(__file__).resolve().parents[2] / "resources" / "models" / "meaning"
#: Longest pair read, in word pieces, as in training; longer pairs are cut at the end.
MAX_TOKENS = 128
#: Pairs per matrix product: larger batches pad more, smaller ones pay more per call.
BATCH = 16
#: Letters below this code point are Latin (Basic Latin to Latin Extended-B) ...
LATIN_END = 0x250
#: ... and a passage the model reads has at least this share of its letters Latin.
LATIN_SHARE = 0.8


class MeaningModelMissing(RuntimeError):
    """The weights are not where the checkout puts them, or cannot be read."""


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-12) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's GELU, 0.5 x (1 + erf(x / sqrt 2)), with erf from Abramowitz & Stegun 7.1.26
    (|error| < 1.5e-7; numpy has none). The tanh shortcut moved probabilities by up to 0.008,
    enough to flip a pair at the rescue's bar."""
    z = np.abs(x) * np.float32(0.7071067811865476)
    t = 1.0 / (1.0 + np.float32(0.3275911) * z)
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
            + 0.254829592) * t
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)


def check_meaning_model(folder: Path | None = None) -> None:
    """Raise ``MeaningModelMissing`` unless the model's files are in ``folder`` (the shipped)."""
    folder = MODEL_DIR if folder is None else folder
    missing = [n for n in ("weights.npz", "tokenizer.json") if not (folder / n).is_file()]
    if missing:
        raise MeaningModelMissing(
            f"the meaning model is incomplete: {', '.join(missing)} not found in {folder}"
        )
    with (folder / "weights.npz").open("rb") as f:
        # A Git LFS pointer or a truncated download is not a zip archive.
        if f.read(4) != b"PK\x03\x04":
            raise MeaningModelMissing(f"the meaning model's weights.npz in {folder} is damaged")


def readable(text: str) -> bool:
    """Whether the model can read ``text``: it learned English, and its word pieces cut other
    scripts into single letters, on which it answers "same" for unrelated pairs."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if ord(c) < LATIN_END) >= LATIN_SHARE * len(letters)


class MeaningModel:
    """The fine-tuned cross-encoder, dequantised once into float32 matrices."""

    def __init__(self, folder: Path | None = None) -> None:
        from tokenizers import Tokenizer

        folder = MODEL_DIR if folder is None else folder
        check_meaning_model(folder)
        weights, tok = folder / "weights.npz", folder / "tokenizer.json"
        with np.load(weights) as z:
            raw = {k: z[k] for k in z.files}
        self.w: dict[str, np.ndarray] = {}
        # The word table stays int8 (12 MB, not 47): only the rows a batch uses are scaled.
        self.words, self.word_scale = raw.pop("emb.word"), raw.pop("emb.word.scale")
        for key, value in raw.items():
            if key.endswith(".scale"):
                continue
            if value.dtype == np.int8:
                # Linear weights are stored transposed (in x out) with one scale per output.
                value = value.astype(np.float32) * raw[key + ".scale"]
            self.w[key] = value.astype(np.float32)
        self.layers = int(raw["config"][0])
        self.heads = int(raw["config"][1])
        self.tok = Tokenizer.from_file(str(tok))
        # The shipped tokenizer pads every input to 128; batches pad to their longest instead.
        self.tok.no_padding()
        self.tok.enable_truncation(MAX_TOKENS)
        self._lock = threading.Lock()

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """Probability of "same meaning" per pair, both reading orders averaged."""
        if not pairs:
            return []
        both = [(a, b) for a, b in pairs] + [(b, a) for a, b in pairs]
        out = np.empty(len(both), dtype=np.float64)
        # Similar lengths together: less padding per batch.
        order = sorted(range(len(both)), key=lambda i: len(both[i][0]) + len(both[i][1]))
        # One caller at a time: the tokenizer is shared, and the BLAS limit below is process-wide,
        # so two overlapping callers would leave it at one thread for good.
        with self._lock:
            encoded = self.tok.encode_batch([both[i] for i in order])
            # One BLAS thread: the products are small, and in a worker process that shares the
            # cores with other workers, OpenBLAS's spinning threads took 1-2 s from the alignment
            # around them in the long-release case (5.0 s -> 5.7-7.3 s; one thread 5.3-5.4 s).
            with threadpool_limits(limits=1, user_api="blas"):
                self._forward_all(encoded, order, out)
        n = len(pairs)
        return [float(p) for p in (out[:n] + out[n:]) / 2.0]

    def _forward_all(self, encoded: Sequence[object], order: list[int], out: np.ndarray) -> None:
        for start in range(0, len(order), BATCH):
            out[order[start : start + BATCH]] = self._forward(encoded[start : start + BATCH])

    def _forward(self, chunk: Sequence[object]) -> np.ndarray:
        w, nh = self.w, self.heads
        length = max(len(e.ids) for e in chunk)  # type: ignore[attr-defined]
        n = len(chunk)
        ids = np.zeros((n, length), dtype=np.int64)
        types = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, e in enumerate(chunk):
            size = len(e.ids)  # type: ignore[attr-defined]
            ids[i, :size] = e.ids  # type: ignore[attr-defined]
            types[i, :size] = e.type_ids  # type: ignore[attr-defined]
            mask[i, :size] = 1.0
        words = self.words[ids].astype(np.float32) * self.word_scale[ids]
        x = words + w["emb.position"][:length] + w["emb.type"][types]
        x = _layer_norm(x, w["emb.ln.g"], w["emb.ln.b"])
        d = x.shape[-1] // nh
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for i in range(self.layers):
            p = f"l{i}."

            def lin(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return h @ w[p + name + ".w"] + w[p + name + ".b"]

            def norm(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return _layer_norm(h, w[p + name + ".g"], w[p + name + ".b"])

            qkv = lin(x, "qkv")
            width = nh * d
            heads = qkv.reshape(n, length, 3, nh, d)
            q, k, v = (heads[:, :, j].transpose(0, 2, 1, 3) for j in range(3))
            s = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(d)) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(n, length, width)
            x = norm(x + lin(ctx, "out"), "ln1")
            x = norm(x + lin(_gelu(lin(x, "up")), "down"), "ln2")
        pooled = np.tanh(x[:, 0] @ w["pool.w"] + w["pool.b"])
        logits = pooled @ w["cls.w"] + w["cls.b"]
        z = logits - logits.max(-1, keepdims=True)
        e = np.exp(z)
        return e[:, 1] / e.sum(-1)


_MODEL: MeaningModel | None = None
_LOAD = threading.Lock()
#: Folders whose model failed to load, with the reason: not tried again in this process.
_FAILED: dict[Path, str] = {}


def meaning_model() -> MeaningModel:
    """The process's one model, loaded on first use; ``MeaningModelMissing`` if it cannot be."""
    global _MODEL
    with _LOAD:
        if _MODEL is None:
            if MODEL_DIR in _FAILED:
                raise MeaningModelMissing(_FAILED[MODEL_DIR])
            try:
                _MODEL = MeaningModel()
            except MeaningModelMissing as exc:
                _FAILED[MODEL_DIR] = str(exc)
                raise
            except (OSError, ValueError, KeyError, ImportError, zipfile.BadZipFile) as exc:
                _FAILED[MODEL_DIR] = f"the meaning model cannot be read: {exc}"
                raise MeaningModelMissing(_FAILED[MODEL_DIR]) from exc
        return _MODEL


#: The name of the model's probability among a link's evidence features.
FEATURE = "same_meaning"
#: A pair at or above this probability says the same thing (the threshold it was trained at).
SAME_MEANING = 0.5
#: Pairs per call between two cancellation checks.
CHUNK = 32


def same_meaning(
    pairs: Sequence[tuple[str, str]], should_cancel: Callable[[], bool] = lambda: False
) -> tuple[float, ...] | None:
    """Probability of "same meaning" per (report passage, release passage); None if cancelled."""
    if not pairs:  # nothing to ask: the model is not loaded for it (75 MB, 0.09 s)
        return ()
    model = meaning_model()
    out: list[float] = []
    for start in range(0, len(pairs), CHUNK):
        if should_cancel():
            return None
        out.extend(model.probabilities(pairs[start : start + CHUNK]))
    return tuple(out)
