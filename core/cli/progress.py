"""Progress of long command-line work on stderr: a bar on a terminal, plain lines elsewhere.

``CliProgress`` is a ``core.documents.Progress`` callable (``progress(done, total, message)``)
for the command line. On a terminal it is a ``tqdm`` bar with the rate and the time left; when
stderr is a file or a pipe (a script's log) it writes one plain line at most every
``LOG_INTERVAL_S`` seconds, if ``always`` asks for progress there at all: ``batch`` and
``match`` do (their runs are long and logs want to show they live), ``compare`` and ``export``
do not. ``quiet`` turns it off. Nothing is shown for work that ends within ``delay`` seconds.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

#: Interactive commands (``compare``, ``export``) show a bar only once they have run this long.
PROGRESS_DELAY_S = 1.0
#: Seconds between two plain progress lines in a log.
LOG_INTERVAL_S = 30.0
_FORMAT = "{desc}: {n_fmt}/{total_fmt} {unit} [{elapsed}<{remaining}, {rate_fmt}]"
#: Before anything ran (a resumed batch's first line) there is no rate to tell.
_FORMAT_NO_RATE = "{desc}: {n_fmt}/{total_fmt} {unit} [{elapsed}]"


class CliProgress:
    """``progress(done, total, message)`` shown on ``stream`` (stderr by default)."""

    def __init__(
        self,
        desc: str,
        unit: str,
        *,
        quiet: bool = False,
        always: bool = False,
        delay: float = 0.0,
        stream: TextIO | None = None,
        interval: float = LOG_INTERVAL_S,
    ) -> None:
        self.desc, self.unit = desc, unit
        self.stream = stream if stream is not None else sys.stderr
        tty = _isatty(self.stream)
        self.enabled = not quiet and (tty or always)
        self.tty, self.delay, self.interval = tty, delay, interval
        self._bar: Any = None
        self._start = time.monotonic()
        self._first_done: int | None = None
        self._last_line = float("-inf")
        self._total = 0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        if self.tty:
            self._tick_bar(done, total, message)
        else:
            self._tick_line(done, total)

    def _tick_bar(self, done: int, total: int, message: str) -> None:
        if self._bar is not None and (total != self._total or done < self._bar.n):
            # A new phase (the export's "preparing", then "writing"): a bar of its own.
            self._bar.close()
            self._bar = None
        if self._bar is None:
            from tqdm import tqdm

            # ``initial`` keeps work done before this run (a resumed batch) out of the rate.
            self._bar = tqdm(total=total, initial=done, desc=self.desc, unit=self.unit,
                             file=self.stream, delay=self.delay, dynamic_ncols=True,
                             leave=True, smoothing=0.1)
            self._total = total
        self._bar.update(done - self._bar.n)
        if message:
            self._bar.set_postfix_str(message[-40:], refresh=False)

    def _tick_line(self, done: int, total: int) -> None:
        from tqdm import tqdm

        now = time.monotonic()
        if self._first_done is None:
            self._first_done, self._start = done, now
        elapsed = now - self._start
        if done < total and (elapsed < self.delay or now - self._last_line < self.interval):
            return
        self._last_line = now
        ran = done - self._first_done
        rate = ran / elapsed if elapsed > 0 and ran > 0 else None
        line = tqdm.format_meter(done, total, elapsed, prefix=self.desc, unit=self.unit,
                                 rate=rate, bar_format=_FORMAT if rate else _FORMAT_NO_RATE)
        print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> CliProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or unusual stream: no bar
        return False
