"""Concord's window: a thin PySide6 layer over ``core/``, in packages by what they show.

    style ← workers ← session ← review ← annotations ← export ← window

(an arrow points from the package imported to the one importing it; ``tests/test_architecture.py``
checks the directions). Everything computed comes from ``core``; widgets only adapt its results.
"""
