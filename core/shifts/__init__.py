"""Meaning shifts: where a linked passage, quote or figure says something else than its source.

Alignment says a report passage comes from the release and shows the changed words; this
package says which changes change the meaning. ``detect_shifts`` takes one comparison's links,
quotes and figures and returns ``Shift``s (``core.results``) of eight kinds: certainty (a hedge
added or dropped), negation (polarity flipped, or a word against its opposite), quantity
(quantifiers, bounds, superlatives, another share), condition (a limit left out or added),
attribution (a claim made fact, a fact made claim, another speaker), reference (the same figure
about something else), time (will happen against has happened, another relative time) and
truncation (a quote cut before its qualifier, or joined from two places). Each carries both
spans, a direction, the release's and the report's words and a one-line explanation.

Plain rules over small cue lexicons (``lexicon.py``) within the clauses the two sides share
(``words.py``); no model, nothing downloaded, a few milliseconds a report. Depends on
``documents``, ``results`` and ``judge``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.shifts.detect import detect_shifts

__all__ = ["detect_shifts"]
