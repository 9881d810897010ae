"""A document's passages as MinHash sketches: what the candidate index stores and looks up.

Each non-furniture sentence of a document becomes the set of its content-word stems and names
(``core.align.analyse``, the same words the aligner scores), and that set a ``MinHash``
(``datasketch``). Word sets rather than word n-grams: a paraphrase keeps most of a sentence's
content words but few of its word pairs, and the index must find paraphrased passages too.
Sentences with fewer than ``MIN_TERMS`` content words (datelines, "Read more") are left out:
they match anything. Sketches are reproducible: the hash permutations come from a fixed seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.align import analyse, segment
from core.documents import Document, Span

#: Hash permutations per sketch: 64 keeps the index small; the aligner decides, not the index.
NUM_PERM = 64
#: A sentence needs this many content words to be sketched.
MIN_TERMS = 4
SEED = 1


@dataclass(frozen=True)
class Passage:
    """One sketched sentence: where it is in its document, and its MinHash."""

    span: Span
    minhash: Any


def passages(doc: Document) -> list[Passage]:
    """The sketched sentences of ``doc``, in text order."""
    from datasketch import MinHash  # on first use: only ``match`` needs it

    sentences = segment(doc.text, doc.paragraphs or (Span(0, len(doc.text)),), doc.furniture)
    spans: list[Span] = []
    sets: list[list[bytes]] = []
    for s in sentences:
        if s.furniture:
            continue
        terms = analyse(doc.text[s.span.start : s.span.end])
        words = terms.stems | terms.names
        if len(words) >= MIN_TERMS:
            spans.append(s.span)
            sets.append(sorted(w.encode("utf-8") for w in words))
    sketches = MinHash.bulk(sets, num_perm=NUM_PERM, seed=SEED) if sets else []
    return [Passage(span, m) for span, m in zip(spans, sketches, strict=True)]
