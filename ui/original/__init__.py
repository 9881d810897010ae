"""The original at hand: a passage shown where it stands in the file it came from.

``OriginalPanel`` renders a PDF page with the passage's character boxes highlighted (pages drawn
in the background, cached, with page navigation and zoom), or shows a DOCX, HTML or TXT passage's
paragraphs in context. The computing is ``core.documents.original``; this package only draws.
Imports ``ui.style`` and ``ui.workers``.
"""
