"""Window: the application (``app.py``: QApplication, settings, the demo session), the main window
that assembles every widget, menu and shortcut (``main_window.py`` over ``frame.py``), and the
wiring of session files and annotations into it (``review_wiring.py``), and every question the
window asks the user (``prompts.py``). The top of ``ui/``: it may import every other ui package.

A ui package groups widgets and adapters; import from its modules (this file re-exports nothing,
so that importing one widget does not build the whole window).
"""
