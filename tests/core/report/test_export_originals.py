"""The evidence pack beside the originals: page crops around findings on PDFs (HTML, PDF via
HTML, DOCX) and each document's earlier versions from the session's history."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from pathlib import Path

import docx
from PIL import Image

from core.compare import compare
from core.documents import load_document
from core.report import MAX_CROPS, build_pack, finding_crops, render_html, write_docx
from core.review import Severity, findings_for
from tests.conftest import ROOT

SAMPLES = ROOT / "sample_docs"


@dataclass(frozen=True)
class Version:
    added: str
    replaced: str
    sha256: str
    summary: str


def _result() -> tuple[object, dict[str, bytes]]:
    release, critic = SAMPLES / "release.pdf", SAMPLES / "report_critic.pdf"
    docs = [load_document(p) for p in (release, critic, SAMPLES / "report_daily.html")]
    result = compare(docs[0], docs[1:])
    return result, {docs[0].sha256: release.read_bytes(), docs[1].sha256: critic.read_bytes()}


def test_findings_on_pdfs_get_a_crop_of_their_page() -> None:
    result, originals = _result()
    crops = finding_crops(result, 0, originals)
    serious = [f for f in findings_for(result, 0) if f.severity is not Severity.LOW]
    assert 0 < len(crops) == min(MAX_CROPS, len(serious))
    for crop in crops:
        image = Image.open(io.BytesIO(crop.png))
        assert image.format == "PNG" and image.width > 500 and 40 < image.height < 900
        assert re.search(r"(release|report) page \d+$", crop.where)
    # The gravest first: a changed figure or altered quote before additions and omissions.
    assert crops[0].title.split(":")[0] in ("Changed figure", "Altered quote")
    # No bytes, no crops; an HTML report has no pages but the release's omissions still do.
    assert finding_crops(result, 0, {}) == ()
    html_report = finding_crops(result, 1, originals)
    assert html_report and all(c.where.startswith("release.pdf, release page") for c in html_report)


def test_html_and_docx_show_the_crops_and_the_versions(tmp_path: Path) -> None:
    result, originals = _result()
    critic = result.documents[1]
    history = {critic.sha256: [Version("2027-03-12T09:30:00+00:00", "2027-03-13T08:00:00+00:00",
                                       "ab" * 32, "24 words added, 20 removed")]}
    pack = build_pack(result, [], "Crops", "2027-03-14", originals=originals, history=history)
    assert pack.sections[0].crops and pack.reports[0].versions == tuple(history[critic.sha256])
    html = render_html(pack)
    assert "Findings on the original pages" in html
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == len(pack.sections[0].crops) + len(pack.sections[1].crops)
    assert base64.b64decode(images[0]).startswith(b"\x89PNG")
    assert "Earlier version 1: 2027-03-12T09:30 to 2027-03-13T08:00" in html
    assert "24 words added, 20 removed" in html
    out = tmp_path / "pack.docx"
    write_docx(pack, out)
    document = docx.Document(str(out))
    assert len(document.inline_shapes) == len(images)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Findings on the original pages" in text
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Earlier version 1" in cells
    # Without originals the pack is as before: no images.
    plain = render_html(build_pack(result, [], "Crops", "2027-03-14"))
    assert "data:image/png" not in plain and "Findings on the original pages" not in plain
