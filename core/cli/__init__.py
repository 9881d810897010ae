"""The command line: ``concord extract|compare|batch|export|recover ...``.

``run(argv, services)`` parses, dispatches to one subcommand module (``extract``, ``compare``
with ``batch``, ``export``, ``recover``) and turns every expected failure into one line on
stderr and a non-zero exit code, never a traceback. ``Services`` carries what only ``main.py``
can give (the Qt PDF printer). ``write_exports`` turns output flags into a
``core.report.write_pack`` call. The top package: it may import every other ``core`` package.
Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.cli.common import CliError, Services
from core.cli.export import requested, write_exports
from core.cli.main import SUBCOMMANDS, run

__all__ = [
    "SUBCOMMANDS",
    "CliError",
    "Services",
    "requested",
    "run",
    "write_exports",
]
