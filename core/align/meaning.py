"""Same meaning or not: cross-encoders that read two sentences together.

``MeaningModel.probabilities(pairs)`` gives, per (report sentence, release sentence), the
probability that the two say the same thing. There are two models, both fine-tuned as pair
classifiers on the MSR Paraphrase Corpus training split (``bench/train_meaning_model.py``):

- the verdict model, all-mpnet-base-v2 (MPNet, 12 layers, 768 wide, Apache-2.0; MSRP test
  accuracy 0.86), in ``resources/models/meaning/``: it answers the pairs a caller names (the
  window's selected pair, ``compare --meaning``), about 0.25 s a pair;
- the quick model, all-MiniLM-L6-v2 (BERT layout, 6 layers, 384 wide, Apache-2.0; 0.786), in
  ``resources/models/meaning-quick/``: eight times cheaper, it is what the clause rescue asks
  inside every comparison (``sources.py``, ``quick=True``).

Weights ship as int8 with a scale per output row, the tokenizer beside them; they run on numpy
and the ``tokenizers`` package alone: no torch, no download, nothing read from the network. A
pair is read in both orders and the two probabilities averaged. The models learned English:
callers ask them only about passages mostly in Latin script (``readable``).

Shared words decide links; a model is asked only about the few clause pairs that have the
shared words a clause link needs but score just under its bar, and about the pairs a caller
names: one pair costs about as much as scoring thousands lexically. Each model is loaded on
first use, once per process; callers in several threads take turns. A model file that is
missing or damaged raises ``MeaningModelMissing`` (once tried, not tried again). Pure Python
plus numpy; must not import Qt or ``ui/``.
"""

from __future__ import annotations

import math
import threading
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

MODELS = Path(__file__).resolve().parents[2] / "resources" / "models"
#: The verdict model: the pairs a user or caller asks about.
MODEL_DIR = MODELS / "meaning"
#: The quick model: the clause rescue asks it inside every comparison.
QUICK_DIR = MODELS / "meaning-quick"
#: Longest pair read, in word pieces, as in training; longer pairs are cut at the end.
MAX_TOKENS = 128
#: Pairs per matrix product: larger batches pad more, smaller ones pay more per call.
BATCH = 16
#: Letters below this code point are Latin (Basic Latin to Latin Extended-B) ...
LATIN_END = 0x250
#: ... and a passage the model reads has at least this share of its letters Latin.
LATIN_SHARE = 0.8
#: ``config``'s third entry for a model in MPNet's layout (absent or 0: BERT's).
MPNET = 1
#: Int8 linear weights up to this many values are dequantised once at load (MiniLM-L6: 10.6 M,
#: 42 MB of float32); more stay int8 and are dequantised layer by layer per batch.
RESIDENT_LIMIT = 30_000_000
#: A model's weights files: the first always, the second (a large model's upper layers) if any.
PARTS = ("weights.npz", "weights-2.npz")


class MeaningModelMissing(RuntimeError):
    """The weights are not where the checkout puts them, or cannot be read."""


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _relative_buckets(length: int) -> np.ndarray:
    """MPNet's bucket of each (query, key) offset: 8 exact distances each way, then 8 more
    per direction spaced logarithmically up to 128, computed in float32 as the model was
    trained (a float64 logarithm puts offsets such as 16 in the neighbouring bucket)."""
    pos = np.arange(length)
    n = pos[:, None] - pos[None, :]  # query minus key: positive looks back
    ret = (n < 0).astype(np.int64) * 16
    n = np.abs(n)
    far = np.log(np.maximum(n, 1).astype(np.float32) / np.float32(8))
    far = far / np.float32(math.log(128 / 8)) * np.float32(8)
    large = np.minimum(8 + far.astype(np.int64), 15)
    return ret + np.where(n < 8, n, large)


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
    """Raise ``MeaningModelMissing`` unless ``folder`` (the verdict model's by default) holds a
    whole model: its tokenizer, and weights files whose archive directories name every tensor
    its ``config`` calls for. Reads the directories and ``config``, not the weights."""
    folder = MODEL_DIR if folder is None else folder
    missing = [n for n in (PARTS[0], "tokenizer.json") if not (folder / n).is_file()]
    if missing:
        raise MeaningModelMissing(
            f"the meaning model is incomplete: {', '.join(missing)} not found in {folder}"
        )
    names: set[str] = set()
    config: np.ndarray | None = None
    for name in PARTS:
        if not (folder / name).is_file():
            continue
        try:
            # A Git LFS pointer, a truncated download or a damaged file is no readable archive.
            with zipfile.ZipFile(folder / name) as z:
                names |= {n.removesuffix(".npy") for n in z.namelist()}
            if name == PARTS[0]:
                with np.load(folder / name) as z:
                    config = z["config"]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            raise MeaningModelMissing(
                f"the meaning model's {name} in {folder} is damaged"
            ) from None
    assert config is not None  # PARTS[0] exists and was read
    if len(config) > 2 and int(config[2]) not in (0, MPNET):
        raise MeaningModelMissing(f"the meaning model in {folder} has a layout this version "
                                  "of Concord cannot read")
    absent = sorted(_expected(int(config[0]), _is_mpnet(config)) - names)
    if absent:
        layers = sorted({int(k[1:].split(".")[0]) for k in absent if k[0] == "l"})
        what = (f"layers {layers[0]}-{layers[-1]}" if layers else ", ".join(absent[:3]))
        raise MeaningModelMissing(
            f"the meaning model in {folder} is incomplete: {what} in none of its weights files"
        )


def _is_mpnet(config: np.ndarray) -> bool:
    return len(config) > 2 and int(config[2]) == MPNET


def _expected(layers: int, mpnet: bool) -> set[str]:
    """The tensors a model of ``layers`` layers is stored as (``bench/train_meaning_model.py``)."""
    out = {"config", "emb.word", "emb.word.scale", "emb.position", "emb.ln.g", "emb.ln.b",
           "emb.relbias" if mpnet else "emb.type"}
    for name in ("pool", "cls", *(f"l{i}.{n}" for i in range(layers)
                                  for n in ("qkv", "out", "up", "down"))):
        out |= {name + ".w", name + ".w.scale", name + ".b"}
    out |= {f"l{i}.{n}.{g}" for i in range(layers) for n in ("ln1", "ln2") for g in "gb"}
    return out


def readable(text: str) -> bool:
    """Whether the model can read ``text``: it learned English, and its word pieces cut other
    scripts into single letters, on which it answers "same" for unrelated pairs."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if ord(c) < LATIN_END) >= LATIN_SHARE * len(letters)


class MeaningModel:
    """A fine-tuned cross-encoder (BERT or MPNet layout) on numpy.

    A small model's linear maps are dequantised once into float32; a large one's stay int8, each
    turned into float32 only for its product with a batch (the scale applied to the product),
    so that the model's resident size stays near its file size (MPNet base: 112 MB, not 440).
    """

    def __init__(self, folder: Path | None = None) -> None:
        from tokenizers import Tokenizer

        folder = MODEL_DIR if folder is None else folder
        check_meaning_model(folder)
        raw: dict[str, np.ndarray] = {}
        # A large model is cut into two files, each under a hosting service's file limit.
        for name in PARTS:
            if (folder / name).is_file():
                with np.load(folder / name) as z:
                    raw.update({k: z[k] for k in z.files})
        config = raw.pop("config")
        self.layers, self.heads = int(config[0]), int(config[1])
        self.mpnet = _is_mpnet(config)
        self.eps = 1e-5 if self.mpnet else 1e-12
        # The word table stays int8 (12 MB, not 47): only the rows a batch uses are scaled.
        self.words, self.word_scale = raw.pop("emb.word"), raw.pop("emb.word.scale")
        linear = sum(v.size for v in raw.values() if v.dtype == np.int8)
        self.resident = linear <= RESIDENT_LIMIT
        self.w: dict[str, np.ndarray] = {}
        self.q: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for key, value in raw.items():
            if key.endswith(".scale"):
                continue
            if value.dtype == np.int8:
                # Linear weights are stored transposed (in x out) with one scale per output.
                if not self.resident:
                    self.q[key] = (value, raw[key + ".scale"])
                    continue
                value = value.astype(np.float32) * raw[key + ".scale"]
            self.w[key] = value.astype(np.float32)
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # The shipped tokenizer pads every input to 128; batches pad to their longest instead.
        self.tok.no_padding()
        self.tok.enable_truncation(MAX_TOKENS)

    def _apply(self, h: np.ndarray, key: str) -> np.ndarray:
        """``h`` times the linear map ``key`` (stored (in, out)), without its bias."""
        if key in self.w:
            return h @ self.w[key]
        # The scale is per output column: applied to the product, not to the 85 M weights. (A
        # float32 buffer reused per shape instead of a fresh copy measured no faster: 3.56 s
        # against 3.39 s for 16 pairs.)
        values, scale = self.q[key]
        return (h @ values.astype(np.float32)) * scale

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """Probability of "same meaning" per pair, both reading orders averaged."""
        if not pairs:
            return []
        both = [(a, b) for a, b in pairs] + [(b, a) for a, b in pairs]
        out = np.empty(len(both), dtype=np.float64)
        # Similar lengths together: less padding per batch.
        order = sorted(range(len(both)), key=lambda i: len(both[i][0]) + len(both[i][1]))
        # One caller at a time, of either model: the tokenizer is the model's, and the BLAS
        # limit below is process-wide, so two overlapping callers would leave it at one thread
        # for good.
        with _READING:
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
        w, nh, eps = self.w, self.heads, self.eps
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
        x = self.words[ids].astype(np.float32) * self.word_scale[ids]
        if self.mpnet:
            # RoBERTa's positions: counted from 2 (0 and 1 are taken); no segment table.
            x = x + w["emb.position"][2 : length + 2]
        else:
            x = x + w["emb.position"][:length] + w["emb.type"][types]
        x = _layer_norm(x, w["emb.ln.g"], w["emb.ln.b"], eps)
        d = x.shape[-1] // nh
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        if self.mpnet:
            # One learned bias per head and offset bucket, the same in every layer.
            bias = bias + w["emb.relbias"][_relative_buckets(length)].transpose(2, 0, 1)[None]
        for i in range(self.layers):
            p = f"l{i}."

            def lin(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return self._apply(h, p + name + ".w") + w[p + name + ".b"]

            def norm(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return _layer_norm(h, w[p + name + ".g"], w[p + name + ".b"], eps)

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
        # BERT's pooler or MPNet's classification head: the same dense map and tanh on the first
        # token, then the projection to two classes.
        pooled = np.tanh(self._apply(x[:, 0], "pool.w") + w["pool.b"])
        logits = self._apply(pooled, "cls.w") + w["cls.b"]
        z = logits - logits.max(-1, keepdims=True)
        e = np.exp(z)
        return e[:, 1] / e.sum(-1)


#: Loaded models by folder: each loads on first use, once per process.
_MODELS: dict[Path, MeaningModel] = {}
_LOAD = threading.Lock()
_LOADING: dict[Path, threading.Lock] = {}
#: Held while any model reads a batch (see ``probabilities``).
_READING = threading.Lock()
#: Folders whose model failed to load, with the reason: not tried again in this process.
_FAILED: dict[Path, str] = {}


def meaning_model(quick: bool = False) -> MeaningModel:
    """The verdict model, or with ``quick`` the small one the clause rescue asks, loaded on
    first use; ``MeaningModelMissing`` if it cannot be."""
    folder = QUICK_DIR if quick else MODEL_DIR
    with _LOAD:
        # One lock per folder: a quick-model caller does not wait the 0.3 s the verdict model
        # takes to load.
        loading = _LOADING.setdefault(folder, threading.Lock())
    with loading:
        if folder not in _MODELS:
            if folder in _FAILED:
                raise MeaningModelMissing(_FAILED[folder])
            try:
                _MODELS[folder] = MeaningModel(folder)
            except MeaningModelMissing as exc:
                _FAILED[folder] = str(exc)
                raise
            except (OSError, ValueError, KeyError, ImportError, zipfile.BadZipFile) as exc:
                _FAILED[folder] = f"the meaning model in {folder} cannot be read: {exc}"
                raise MeaningModelMissing(_FAILED[folder]) from exc
        return _MODELS[folder]


#: The name of the model's probability among a link's evidence features.
FEATURE = "same_meaning"
#: A pair at or above this probability says the same thing (the threshold it was trained at).
SAME_MEANING = 0.5
#: Pairs per call between two cancellation checks.
CHUNK = 32


def same_meaning(
    pairs: Sequence[tuple[str, str]],
    should_cancel: Callable[[], bool] = lambda: False,
    *,
    quick: bool = False,
) -> tuple[float, ...] | None:
    """Probability of "same meaning" per (report passage, release passage); None if cancelled.

    ``quick`` asks the small model (the clause rescue's, inside alignment) instead of the
    verdict model."""
    if not pairs:  # nothing to ask: no model is loaded for it
        return ()
    model = meaning_model(quick)
    out: list[float] = []
    for start in range(0, len(pairs), CHUNK):
        if should_cancel():
            return None
        out.extend(model.probabilities(pairs[start : start + CHUNK]))
    return tuple(out)
