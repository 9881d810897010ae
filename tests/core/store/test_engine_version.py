"""The engine version covers every model file the meaning models read, and changes with them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.align import meaning as meaning_module
from core.store import session_io


def test_every_model_file_the_loader_reads_is_part_of_the_engine() -> None:
    checkout = Path(session_io.__file__).resolve().parents[2]
    read = {
        (folder / name).relative_to(checkout).as_posix()
        for folder in (meaning_module.MODEL_DIR, meaning_module.QUICK_DIR)
        for name in (*meaning_module.PARTS, "tokenizer.json")
        if (folder / name).is_file()
    }
    assert len(read) == 5
    assert read <= set(session_io.MODEL_PARTS)


def test_a_retrained_tensor_changes_the_digest(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.npz", tmp_path / "b.npz", tmp_path / "c.npz"
    np.savez(a, w=np.arange(1000, dtype=np.int8))
    np.savez(b, w=np.arange(1000, dtype=np.int8))
    changed = np.arange(1000, dtype=np.int8)
    changed[500] += 1
    np.savez(c, w=changed)
    digest = session_io._model_digest
    assert digest(a) == digest(b)
    assert digest(a) != digest(c)
    (tmp_path / "lfs.npz").write_text("version https://git-lfs.github.com/spec/v1\n")
    assert digest(tmp_path / "lfs.npz").startswith(b"version")  # damaged: its bytes count
