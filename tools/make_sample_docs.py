"""Rebuild ``sample_docs/`` (the invented Tidewater scenario) from ``tools/sample_texts.py``.

``python tools/make_sample_docs.py [OUT_DIR]`` writes the release as PDF and DOCX and the press
reports as TXT, HTML, DOCX and PDF. PDFs are laid out with Qt (``QTextDocument`` + ``QPdfWriter``,
offscreen) with a running header and footer on every page; paragraphs are kept on one page and
no line may end in a hyphen, so every sentence survives text extraction in one piece. Output is
byte-for-byte reproducible: dates, ids and ZIP timestamps are pinned. This is a developer tool,
not part of the app: it may import PySide6 and python-docx.
"""

from __future__ import annotations

import html
import io
import os
import re
import sys
import uuid
import zipfile
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt randomises QHash seeds per process; font subsets are written in hash order.
os.environ["QT_HASH_SEED"] = "0"

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sample_shift_texts as sst
import sample_texts as st

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sample_docs"
FIXED_TIME = datetime(2027, 3, 12, 9, 0, 0, tzinfo=timezone.utc)
ZIP_TIME = (2027, 3, 12, 9, 0, 0)


class LayoutError(RuntimeError):
    """A PDF layout would break a sentence for text extraction."""


# ---------------------------------------------------------------------------- TXT
def render_txt(blocks: list[st.Block]) -> str:
    return "\n\n".join(text for _, text in blocks) + "\n"


# ---------------------------------------------------------------------------- HTML
DAILY_HEAD = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | The Daily Ledger</title>
<meta name="description" content="{standfirst}">
<meta name="author" content="Rachel Onyango">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="2027-03-12T09:30:00+00:00">
<link rel="canonical" href="https://www.dailyledger.example/politics/2027/mar/12/sea-defences">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "{title}",
 "datePublished": "2027-03-12T09:30:00+00:00",
 "author": {{"@type": "Person", "name": "Rachel Onyango"}},
 "publisher": {{"@type": "Organization", "name": "The Daily Ledger"}}}}
</script>
<style>
body {{ font-family: Georgia, serif; margin: 0; }}
.site-header, .site-footer {{ background: #14213d; color: #fff; padding: 1em; }}
.site-header a, .site-footer a {{ color: #fff; margin-right: 1em; }}
.cookie-notice {{ position: fixed; bottom: 0; background: #eee; padding: 1em; }}
main {{ display: flex; gap: 2em; max-width: 72em; margin: auto; }}
article {{ flex: 3; }} aside {{ flex: 1; }}
.share button {{ margin-right: .5em; }}
</style>
</head>
<body>
<div class="cookie-notice" id="cookie-banner" role="dialog" aria-label="Cookie consent">
  <p>We use cookies to give you the best experience on our website and to show you relevant
  adverts. You can change your cookie settings at any time.</p>
  <button type="button">Accept all cookies</button> <a href="/cookies">Manage preferences</a>
</div>
<header class="site-header">
  <a class="logo" href="/">The Daily Ledger</a>
  <nav aria-label="Sections">
    <ul>
      <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
      <li><a href="/politics">Politics</a></li><li><a href="/environment">Environment</a></li>
      <li><a href="/opinion">Opinion</a></li><li><a href="/sport">Sport</a></li>
      <li><a href="/subscribe">Subscribe</a></li><li><a href="/login">Sign in</a></li>
    </ul>
  </nav>
</header>
<main>
"""

DAILY_TAIL = """<aside class="related" aria-label="Related stories">
  <h2>Related stories</h2>
  <ul>
    <li><a href="/environment/2027/mar/02/storm-warning">Storm warning issued for east coast
    ports</a></li>
    <li><a href="/politics/2027/feb/20/budget-preview">What to expect from the spring
    budget</a></li>
    <li><a href="/environment/2027/jan/14/river-levels">River levels fall after wettest January
    on record</a></li>
  </ul>
  <h2>Most read</h2>
  <ol>
    <li><a href="/sport/2027/mar/11/cup-draw">Cup quarter-final draw in full</a></li>
    <li><a href="/money/2027/mar/10/energy-bills">Energy bills: what changes in April</a></li>
  </ol>
</aside>
</main>
<section class="newsletter">
  <h2>Sign up to our newsletter</h2>
  <p>The morning briefing, in your inbox before breakfast.</p>
  <form action="/newsletter" method="post"><input type="email" name="email"
  placeholder="Your email address"><button type="submit">Sign up</button></form>
</section>
<section class="comments" id="comments">
  <h2>Leave a Reply</h2>
  <p>You must be <a href="/login">signed in</a> to post a comment.</p>
  <a href="#comments">Click to comment</a>
</section>
<footer class="site-footer">
  <nav aria-label="Footer">
    <a href="/about">About us</a> <a href="/contact">Contact</a> <a href="/privacy">Privacy
    policy</a> <a href="/cookies">Cookie policy</a> <a href="/terms">Terms and conditions</a>
  </nav>
  <p>© 2027 The Daily Ledger Ltd. All rights reserved.</p>
</footer>
</body>
</html>
"""


def render_daily_html(blocks: list[st.Block]) -> str:
    """A news page: the article sits among cookie banner, navigation, sidebar and footer."""
    title = next(t for k, t in blocks if k == "h1")
    standfirst = next(t for k, t in blocks if k == "standfirst")
    byline = next(t for k, t in blocks if k == "byline")
    esc = html.escape
    # The standfirst opens the body, as many CMSs do; headline and byline stay in the header.
    body = f'    <p class="standfirst"><strong>{esc(standfirst, quote=False)}</strong></p>\n'
    body += "\n".join(f"    <p>{esc(t, quote=False)}</p>" for k, t in blocks if k == "p")
    article = f"""<article class="story">
  <header>
    <p class="kicker"><a href="/politics">Politics</a></p>
    <h1>{esc(title, quote=False)}</h1>
    <p class="byline">{esc(byline, quote=False)}</p>
    <time datetime="2027-03-12T09:30:00+00:00">Fri 12 Mar 2027 09.30 GMT</time>
  </header>
  <div class="share" aria-label="Share this article">
    <button type="button">Share on Facebook</button>
    <button type="button">Share on X</button>
    <button type="button">Email</button>
  </div>
  <figure>
    <img src="/img/2027/03/saltbourne-sea-wall.jpg" alt="Waves breaking over a sea wall"
    width="960" height="540">
    <figcaption>Waves break over the sea wall at Saltbourne. Photo: Jane Smith/Agency
    </figcaption>
  </figure>
  <div class="article-body">
{body}
  </div>
</article>
"""
    head = DAILY_HEAD.format(title=esc(title), standfirst=esc(standfirst))
    return head + article + DAILY_TAIL


# ---------------------------------------------------------------------------- DOCX
def _add_page_field(paragraph: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)  # type: ignore[attr-defined]


def render_docx(
    blocks: list[st.Block], *, title: str, author: str, header: str | None, footer: str | None
) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.created = props.modified = props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    document.styles["Normal"].font.size = Pt(11)
    for kind, text in blocks:
        if kind == "h1":
            document.add_heading(text, level=1)
        elif kind == "h2":
            document.add_heading(text, level=2)
        elif kind == "li":
            document.add_paragraph(text, style="List Number")
        elif kind in ("standfirst", "byline", "meta", "kicker"):
            document.add_paragraph().add_run(text).italic = True
        else:
            document.add_paragraph(text)
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        para = section.footer.paragraphs[0]
        para.text = footer.replace("{page}", "")
        _add_page_field(para)
    raw = io.BytesIO()
    document.save(raw)
    return _pin_zip(raw.getvalue())


def _pin_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed timestamps so the DOCX bytes do not depend on the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o644 << 16
            dst.writestr(pinned, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------------- PDF
PDF_CSS = """
body { font-family: 'DejaVu Serif'; font-size: 11.5pt; }
h1 { font-family: 'DejaVu Sans'; font-size: 19pt; font-weight: bold; margin-bottom: 10px; }
h2 { font-family: 'DejaVu Sans'; font-size: 14pt; font-weight: bold; margin-top: 14px; }
p { margin-top: 0px; margin-bottom: 11px; line-height: 135%; }
p.lead { font-size: 13pt; margin-bottom: 14px; }
p.meta, p.byline, p.kicker { font-family: 'DejaVu Sans'; font-size: 9.5pt; color: #444; }
li { margin-bottom: 6px; line-height: 135%; }
"""
MARGIN_MM = (22.0, 28.0, 22.0, 26.0)  # left, top, right, bottom


def blocks_to_qt_html(blocks: list[st.Block]) -> str:
    parts: list[str] = []
    items: list[str] = []
    esc = html.escape
    for kind, text in blocks:
        if kind == "li":
            items.append(f"<li>{esc(text, quote=False)}</li>")
            continue
        if items:
            parts.append("<ol>" + "".join(items) + "</ol>")
            items = []
        tag, cls = {
            "h1": ("h1", ""), "h2": ("h2", ""), "standfirst": ("p", "lead"),
            "meta": ("p", "meta"), "byline": ("p", "byline"), "kicker": ("p", "kicker"),
        }.get(kind, ("p", ""))
        attr = f' class="{cls}"' if cls else ""
        parts.append(f"<{tag}{attr}>{esc(text, quote=False)}</{tag}>")
    if items:
        parts.append("<ol>" + "".join(items) + "</ol>")
    return f"<html><head><style>{PDF_CSS}</style></head><body>{''.join(parts)}</body></html>"


def _keep_blocks_on_one_page(doc: object, page_height: float) -> None:
    """Push any paragraph that straddles a page boundary to the next page (repeat to a fixpoint)."""
    from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextDocument, QTextFormat

    assert isinstance(doc, QTextDocument)
    for _ in range(50):
        layout = doc.documentLayout()
        block = doc.begin()
        moved = False
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            first = int(rect.top() // page_height)
            last = int((rect.bottom() - 1) // page_height)
            policy = block.blockFormat().pageBreakPolicy()
            if first != last and not policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
                cursor = QTextCursor(block)
                fmt = QTextBlockFormat(block.blockFormat())
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(fmt)
                moved = True
                break
            block = block.next()
        if not moved:
            return
    raise LayoutError("could not keep paragraphs on single pages")


def _check_line_ends(doc: object) -> None:
    """Refuse layouts where a line ends in a hyphen: extractors would join or split the word."""
    from PySide6.QtGui import QTextDocument

    assert isinstance(doc, QTextDocument)
    block = doc.begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        for i in range(layout.lineCount() - 1):
            line = layout.lineAt(i)
            chunk = text[line.textStart(): line.textStart() + line.textLength()].rstrip()
            if chunk.endswith(("-", "‐")):
                raise LayoutError(f"line ends in a hyphen: {chunk[-40:]!r}; reword the text")
        block = block.next()


def render_pdf(
    blocks: list[st.Block], path: Path, *, title: str, header: str, footer: str
) -> int:
    """Lay ``blocks`` out on A4 pages with header and footer; returns the page count."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUuid
    from PySide6.QtGui import (
        QFont,
        QGuiApplication,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    _app = QGuiApplication.instance() or QGuiApplication(["make_sample_docs"])
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("Concord tools/make_sample_docs.py")
    writer.setDocumentId(QUuid(str(uuid.uuid5(uuid.NAMESPACE_URL, "concord-sample:" + path.name))))
    mm = writer.resolution() / 25.4
    left, top, right, bottom = (m * mm for m in MARGIN_MM)
    body = QRectF(left, top, writer.width() - left - right, writer.height() - top - bottom)

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDocumentMargin(0)
    doc.setHtml(blocks_to_qt_html(blocks))
    doc.setPageSize(QSizeF(body.width(), body.height()))
    _keep_blocks_on_one_page(doc, body.height())
    _check_line_ends(doc)
    pages = doc.pageCount()

    small = QFont("DejaVu Sans")
    small.setPointSizeF(8.5)
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.setFont(small)
        painter.setPen(Qt.GlobalColor.darkGray)
        head_rect = QRectF(left, top * 0.45, body.width(), top * 0.3)
        painter.drawText(head_rect, int(Qt.AlignmentFlag.AlignLeft), header)
        foot_rect = QRectF(left, writer.height() - bottom * 0.7, body.width(), bottom * 0.3)
        painter.drawText(foot_rect, int(Qt.AlignmentFlag.AlignRight),
                         footer.format(page=page + 1))
        painter.restore()
        painter.save()
        painter.translate(left, top - page * body.height())
        doc.drawContents(painter, QRectF(0, page * body.height(), body.width(), body.height()))
        painter.restore()
    painter.end()
    del writer
    _pin_pdf_dates(path)
    return pages


def _pin_pdf_dates(path: Path) -> None:
    """Replace Qt's creation timestamps with fixed ones of the same length (xref offsets stay)."""
    data = path.read_bytes()
    stamp = FIXED_TIME.strftime("%Y%m%d%H%M%S").encode()
    iso = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%S").encode()
    data = re.sub(rb"\(D:\d{14}", b"(D:" + stamp, data)
    data = re.sub(rb"(Date=\")\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", rb"\g<1>" + iso, data)
    path.write_bytes(data)


# ---------------------------------------------------------------------------- main
def build(out: Path) -> dict[str, int]:
    """Write every sample document into ``out``; returns the page count of each PDF."""
    out.mkdir(parents=True, exist_ok=True)
    release_title = st.RELEASE[0][1]
    pages = {
        "release.pdf": render_pdf(st.RELEASE, out / "release.pdf", title=release_title,
                                  header=st.RELEASE_HEADER, footer=st.RELEASE_FOOTER),
        "report_critic.pdf": render_pdf(
            st.REPORT_CRITIC, out / "report_critic.pdf", title=st.REPORT_CRITIC[1][1],
            header="The Coastal Review | Opinion", footer=st.CRITIC_FOOTER),
    }
    (out / "release.docx").write_bytes(render_docx(
        st.RELEASE, title=release_title, author="Ministry of Coastal Affairs",
        header=st.RELEASE_HEADER, footer=st.RELEASE_FOOTER))
    (out / "report_regional.docx").write_bytes(render_docx(
        st.REPORT_REGIONAL, title=st.REPORT_REGIONAL[0][1], author="Megan Tull",
        header=None, footer=None))
    (out / "report_daily.html").write_text(render_daily_html(st.REPORT_DAILY), encoding="utf-8")
    (out / "report_wire.txt").write_text(render_txt(st.REPORT_WIRE), encoding="utf-8")
    (out / "report_unrelated.txt").write_text(render_txt(st.REPORT_UNRELATED), encoding="utf-8")
    for name, blocks in (("report_newsletter.txt", sst.REPORT_NEWSLETTER),
                         ("report_radio.txt", sst.REPORT_RADIO),
                         ("report_roundup.txt", sst.REPORT_ROUNDUP)):
        (out / name).write_text(render_txt(blocks), encoding="utf-8")
    return pages


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    try:
        pages = build(out)
    except LayoutError as exc:
        print(f"make_sample_docs: {exc}", file=sys.stderr)
        return 1
    for name, n in pages.items():
        print(f"{name}: {n} pages")
    print(f"wrote sample documents to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
