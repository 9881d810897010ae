"""What every subcommand shares: the one-line error type and the services ``main.py`` injects.

Kept apart from ``core/cli/main.py`` so that the subcommand modules, which the parser imports,
never import the parser back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


class CliError(Exception):
    """A user-facing command-line failure; its message is printed as one line."""


@dataclass
class Services:
    """Things the CLI needs from outside ``core/`` (injected by ``main.py``)."""

    #: ``print_pdf(html, out_path, title)`` renders report HTML to PDF, or None if unavailable.
    print_pdf: Callable[..., None] | None = None
    extras: dict[str, object] = field(default_factory=dict)
