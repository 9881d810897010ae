"""Reports: the evidence pack, built once and rendered as HTML (browser and PDF), DOCX or JSON.

``build_pack`` turns a ``CompareResult`` and the session's annotations into an ``EvidencePack``
(``model.py``: documents, scorecard with the meaning shifts counted, coverage, per report its
meaning shifts, the passages side by side, altered quotes, changed figures, every annotation beside
its passage); ``render_html``, ``write_docx`` and ``write_json`` only lay it out, so every format
says the same thing. ``ExportOptions`` chooses reports, findings only and tags. ``write_pack``
writes the formats asked for, each file whole or not at all; findings on PDFs get a crop of their
original page and documents list their earlier versions when the caller hands in the bytes and
history (``originals.py``). PDF is the HTML printed by a printer handed in from outside ``core``
(Qt's, in ``ui/export``). Depends on ``documents``, ``results``, ``align``, ``review`` and
``anchoring``. Must not import Qt or ``ui/``.
"""

from __future__ import annotations

from core.report.docx import write_docx
from core.report.html import render_html
from core.report.jsonpack import pack_json, write_json
from core.report.options import PAGE_SIZES, ExportError, ExportOptions, select, split_list
from core.report.originals import MAX_CROPS, Crop, VersionNote, finding_crops
from core.report.pack import ExportCancelled, build_pack
from core.report.write import FORMATS, PrintPdf, check_targets, write_pack

__all__ = [
    "FORMATS",
    "MAX_CROPS",
    "PAGE_SIZES",
    "Crop",
    "ExportCancelled",
    "ExportError",
    "ExportOptions",
    "PrintPdf",
    "VersionNote",
    "build_pack",
    "check_targets",
    "finding_crops",
    "pack_json",
    "render_html",
    "select",
    "split_list",
    "write_docx",
    "write_json",
    "write_pack",
]
