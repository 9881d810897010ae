"""Concord's pure-Python core: everything Concord computes, headless and from the command line.

Packages by capability, each with its contract in its ``__init__`` and its public names there;
the rest of a package is private to it. Dependencies run one way (``tests/test_architecture.py``
checks them):

    documents ← results ← align ← judge ← compare ← review ← report ← cli
                        anchoring ← store (beside them: documents, results)

Must not import PySide6, qtawesome or anything under ``ui/``, so everything here runs without a
display.
"""
