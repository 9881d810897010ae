"""Session: the window's documents and results (``state.py``: ``Session``, ``AppContext``), the open
session file (``controller.py``: caching, reopening, the other writer's changes), Save As in the
background (``saving.py``), replacing a document (``replacing.py``), a recovered copy of a
damaged file (``recovery.py``), recent sessions and the document list widget. Imports
``ui.style`` and ``ui.workers``.

A ui package groups widgets and adapters; import from its modules (this file re-exports nothing,
so that importing one widget does not build the whole window).
"""
