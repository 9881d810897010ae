"""Annotations: the editor dialog, the Annotations panel, and ``actions.py``, which turns a
selection, a finding or a linked pair into an annotation in the session file and keeps the
panes' marks current (undo and redo included). Imports ``ui.style``, ``ui.session`` and
``ui.review``.

A ui package groups widgets and adapters; import from its modules (this file re-exports nothing,
so that importing one widget does not build the whole window).
"""
