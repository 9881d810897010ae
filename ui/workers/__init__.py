"""Workers: the one background task runner (``tasks.py``: a QRunnable per task, tokens so a
superseded result is dropped, cancel through ``should_cancel``) and the child processes that do
the pure-Python work of loading (``load_worker.py``) and comparing (``compare_worker.py``), so the
GUI thread never holds the GIL for long. Spawn children import this package: this file imports
nothing, and the child-process modules import no Qt. Imports ``ui.style`` at most.

A ui package groups widgets and adapters; import from its modules (this file re-exports nothing,
so that importing one widget does not build the whole window).
"""
