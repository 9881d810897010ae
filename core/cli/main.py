"""Command-line interface: ``python main.py extract|compare|batch|match|export|recover|recheck``.

Each subcommand lives in its own module exposing ``register(subparsers)``; ``run(argv)`` parses,
dispatches and turns every ``LoadError`` (and any other expected failure) into one line on stderr
and a non-zero exit code: never a traceback. Must not import Qt or ``ui/``; a PDF printer that
needs Qt is handed in by ``main.py`` through ``Services``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from core.align import MeaningModelMissing
from core.cli.common import CliError, Services
from core.documents import LoadError
from core.store import SessionError

SUBCOMMANDS = ("extract", "compare", "batch", "match", "export", "recover", "recheck")


def build_parser() -> argparse.ArgumentParser:
    from core.cli import batch, compare, export, extract, match, recheck, recover

    parser = argparse.ArgumentParser(
        prog="concord",
        description="Compare an official release with press reports about it.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (extract, compare, batch, match, export, recover, recheck):
        module.register(sub)
    return parser


def run(argv: Sequence[str], services: Services | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    args.services = services or Services()
    try:
        code: int = args.handler(args)
        return code
    except (LoadError, CliError, SessionError, MeaningModelMissing) as exc:
        # A meaning model found damaged only as it is read (``--meaning``): bad input too.
        print(f"concord: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("concord: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"concord: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug, not bad input: still one line, never a traceback
        print(f"concord: internal error ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 3
