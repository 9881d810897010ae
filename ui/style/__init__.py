"""Style: the colours (one palette for light and dark), icons drawn once into pixmaps, and the Qt
work-arounds applied at start-up. The bottom of ``ui/``: imports no other ui package.

A ui package groups widgets and adapters; import from its modules (this file re-exports nothing,
so that importing one widget does not build the whole window).
"""
