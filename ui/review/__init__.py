"""Review: the widgets a comparison is read in: the side-by-side panes with ribbons and find bar
(``compare_view.py``, ``text_pane.py``, ``ribbon.py``, ``find_bar.py``, ``pair_detail.py``), the
coverage matrix, the findings panel and the scorecard. Each adapts a ``core`` result; none owns
state beyond what it shows. Imports ``ui.style``.

A ui package groups widgets and adapters; import from its modules (this file re-exports nothing,
so that importing one widget does not build the whole window).
"""
