"""Set up a virtual environment and run Concord or its tests, on Linux, macOS and Windows.

``python3 tools/dev.py app [ARGS...]``  creates ``.venv`` if needed, installs Concord into it
(again only when ``pyproject.toml`` changed) and opens the window on ``sample_docs/``.
``python3 tools/dev.py test [PYTEST ARGS...]``  the same set-up, then ruff, mypy and pytest
(offscreen Qt). Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".concord-installed"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_env() -> Path:
    py = venv_python()
    if not py.exists():
        print("concord: creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != want:
        print("concord: installing dependencies into .venv ...", flush=True)
        quiet = ["-q"] if os.environ.get("CI") is None else []
        subprocess.run(
            [str(py), "-m", "pip", "install", *quiet, "--upgrade", "pip"], check=True
        )
        subprocess.run(
            [str(py), "-m", "pip", "install", *quiet, "-e", f"{ROOT}[dev]"], check=True
        )
        STAMP.write_text(want)
    return py


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test"):
        print(__doc__)
        return 2
    py = ensure_env()
    if argv[0] == "app":
        return subprocess.call([str(py), str(ROOT / "main.py"), *argv[1:]], cwd=ROOT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for step in (
        [str(py), "-m", "ruff", "check", "."],
        [str(py), "-m", "mypy"],
    ):
        print("concord:", " ".join(Path(step[0]).name if i == 0 else s for i, s in enumerate(step)),
              flush=True)
        code = subprocess.call(step, cwd=ROOT, env=env)
        if code:
            return code
    return subprocess.call([str(py), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
