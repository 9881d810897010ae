"""Concord's Qt layer: a thin adapter over ``core/``. May import PySide6 and qtawesome."""
