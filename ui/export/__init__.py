"""Export: File ▸ Export…: the dialog, the controller that runs an export through the task runner,
the export job (``job.py``, all files or none) and its child process (``process.py``), and PDF
printing with Qt's ``QPdfWriter`` (``pdf_printer.py``). Imports ``ui.style`` and ``ui.workers``.

A ui package groups widgets and adapters; import from its modules (this file re-exports nothing,
so that importing one widget does not build the whole window).
"""
