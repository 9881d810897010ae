"""Concord's pure-Python core: loading, segmentation, alignment, storage and report rendering.

Must not import PySide6, qtawesome or anything under ``ui/`` (``tests/test_architecture.py``
enforces it), so everything here runs headless and from the command line.
"""
