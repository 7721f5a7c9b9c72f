"""The board pack PDF (``board-pack.pdf``): A4, a cover page and the five dashboards, printed by headless chromium.

One print HTML is assembled from the pack's static pages (:func:`print_html`): the cover, then the body of every
dashboard page in order, each starting on a new page, with the page styles and plotly.js taken once. Printing one
document (rather than printing each page and merging) gives page numbers running through the whole pack from
chromium itself (``<span class="pageNumber">`` in the footer template) and needs no PDF library.

Chromium is driven by Playwright (Debian's ``chromium``, never Playwright's own browser download):

* the viewport is set to the A4 content width, so the responsive plotly charts are drawn at the width they are
  printed at, and printing waits until every chart is drawn;
* every request other than ``file:``/``data:``/``about:`` is aborted, so printing is as offline as the pages;
* the header and footer carry the association, meeting date, data cut-off, build time and ``sida X av Y``;
* print CSS keeps charts, short tables and cards whole, lets tables longer than a third of a page break between
  rows (header repeated) rather than leave most of a page empty, keeps headings and the text under them with what
  follows, and hides collapsed ``<details>`` data tables;
* accessible (chromium's tagged PDF and outline, Playwright's ``tagged``/``outline``): a structure tree in reading
  order, ``/Lang sv`` from ``<html lang="sv">``, the document title shown by viewers, bookmarks built from the
  headings (every dashboard and section), charts as ``/Figure`` elements carrying their alt text (the plot's
  ``role="img"`` and ``aria-label``), tables with header cells, fonts embedded;
* a contents page after the cover lists every dashboard and section as a link with its first page: the document
  is printed once, the page each link lands on is read from the PDF's named destinations (pypdf), the numbers are
  filled in (in a fixed-width column, so nothing moves) and the document is printed again;
* sections with nothing to show (``Page.leave_out``: their data is lacking) are left out, a dashboard whose every
  section is left out is not printed at all, and the contents say what was left out and why.

Playwright runs in a child process (:mod:`finsamdash.pack.pdf_child`) under a hard wall-clock limit
(``$FINSAMDASH_PDF_TIMEOUT`` seconds, default 180; a pack takes about 5 s): Playwright alone does not notice a
chromium killed while it creates a page and waits for ever. When chromium crashes, is killed, hangs or the limit
passes, the child kills chromium and every process it started, and :class:`PdfError` says what happened.

The print HTML is a temporary file in the (temporary) pack folder and is removed after printing.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from finsamdash.data.contract import DEFAULT_MIN_COUNT
from finsamdash.errors import PdfError
from finsamdash.pack.export import write_text_atomic
from finsamdash.present.tables import EMPTY_CLASS
from finsamdash.wording import pdf as words
from finsamdash.wording.pages import privacy_explained
from finsamdash.wording.words import join_sv

PDF_NAME = "board-pack.pdf"
_PRINT_NAME = ".board-pack.print.html"
#: Environment variable naming the chromium binary (overrides the search on PATH).
CHROMIUM_ENV = "FINSAMDASH_CHROMIUM"
_CHROMIUM_NAMES = ("chromium", "chromium-browser")
#: Quiet chromium on a closed network (see docs: no background requests, no sandbox inside containers).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

# A4 210 × 297 mm; margins leave room for the header and footer.
_MARGIN = {"top": "18mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
_MM_PX = 96 / 25.4
#: Print scale: the pages are laid out this much wider than the paper and scaled down, so that charts designed for
#: a screen keep their titles and legends (text ends up at about 9 pt).
PRINT_SCALE = 0.85
#: The width printed content gets (CSS px at ``PRINT_SCALE``): A4 minus the side margins. The viewport is set to it
#: before the charts are drawn, so responsive plotly charts are drawn at exactly the printed width.
CONTENT_WIDTH_PX = int((210 - 28) * _MM_PX / PRINT_SCALE)
_VIEWPORT_HEIGHT = int((297 - 34) * _MM_PX / PRINT_SCALE)


def chromium_missing_message() -> str:
    return words.chromium_missing(CHROMIUM_ENV)


def find_chromium() -> str | None:
    """Path of the chromium binary: ``$FINSAMDASH_CHROMIUM`` if set (must exist), else chromium on PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        found = shutil.which(configured)
        return found if found else None
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The chromium binary and Playwright, or :class:`PdfError` saying how to get them."""
    chromium = find_chromium()
    if chromium is None:
        raise PdfError(chromium_missing_message())
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise PdfError("Python-paketet playwright saknas (det styr chromium när PDF:en skrivs). Installera "
                       "finsamdash igen (`pip install -e .`) eller bygg utan PDF med `--no-pdf`.") from None
    pdf_time_limit()  # a mistyped limit is reported before anything is built
    return chromium


@dataclass(frozen=True)
class PackInfo:
    """What the cover page and every page's header and footer show."""

    association: str
    meeting: str  # Swedish date text, e.g. "23 november 2026"
    cutoff: str  # participant data cut-off (the meeting), Swedish date text
    built: str  # build time, e.g. "23 november 2026 kl. 12:40"
    dashboards: list[tuple[str, str]]  # (file stem, title) in print order
    books_closed: str | None = None  # the ledger is complete to this date (Swedish date text); None: nothing booked
    previous: str | None = None  # the previous meeting, Swedish date text
    min_count: int = DEFAULT_MIN_COUNT  # the suppression threshold (explained on the cover)

    def dates(self) -> list[tuple[str, str]]:
        """The data's dates as (label, value) rows: one row when the books run to the cut-off, else both."""
        return words.date_rows(self.cutoff, self.books_closed)


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    duration: float


# .fsd-contents{padding-top:1px}: without it chromium 156 names the contents' bookmark "InnehållInnehåll" (its
# heading's margin collapses through the forced page break and the heading's text is taken twice).
_PRINT_CSS = """
@page{size:A4}
html,body{background:#fff}
body{margin:0;padding:0}
.fsd-print-section,.fsd-contents{break-before:page;page-break-before:always}
.fsd-print-section .jp-Notebook{padding:0}
.fsd-nav,.fsd-footer,.fsd-left-out,.modebar-container{display:none}
.fsd-plot,.fsd-table,.fsd-card,table,figure,img,svg{break-inside:avoid;page-break-inside:avoid}
.fsd-cards,.jp-OutputArea-child{break-inside:auto;page-break-inside:auto}
table.fsd-print-long{break-inside:auto;page-break-inside:auto}
table.fsd-print-long tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}
.jp-MarkdownCell,.jp-OutputArea-child:has(h2,h3,h4):not(:has(table,.fsd-plot,svg,img)){
  break-after:avoid;page-break-after:avoid}
details:not([open]),details.fsd-data{display:none}
.fsd-cover,.fsd-contents{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a}
.fsd-cover{padding-top:40mm}
.fsd-cover .kicker{font-size:14pt;color:#444;margin:0 0 4mm 0}
.fsd-cover h1{font-size:26pt;margin:0 0 6mm 0;line-height:1.2}
.fsd-cover .meeting{font-size:16pt;margin:0 0 14mm 0}
.fsd-cover table{border-collapse:collapse;margin:0 0 12mm 0;font-size:11pt}
.fsd-cover th,.fsd-cover td{text-align:left;padding:2mm 6mm 2mm 0;border-bottom:1px solid #E0E0E0}
.fsd-cover th{font-weight:600;color:#444}
.fsd-cover .privacy{font-size:11pt;color:#333;max-width:150mm;line-height:1.5}
.fsd-contents{padding-top:1px}
.fsd-contents h1{font-size:18pt;margin:0 0 5mm 0}
.fsd-contents ol{list-style:none;padding:0;margin:0}
.fsd-contents > ol > li{font-size:13pt;font-weight:600;margin:4mm 0 1mm 0}
.fsd-contents ol ol li{font-size:11pt;font-weight:400;margin:0.8mm 0 0.8mm 7mm}
.fsd-contents a{color:#1a1a1a;text-decoration:none;display:flex;justify-content:space-between;gap:6mm;
  max-width:165mm;border-bottom:1px dotted #C8C8C8}
.fsd-contents .fsd-toc-page{white-space:nowrap;min-width:16mm;text-align:right;font-variant-numeric:tabular-nums}
.fsd-contents .fsd-toc-page:not(:empty)::before{content:\"""" + words.PAGE_WORD + """ "}
.fsd-contents .left-out{color:#555;font-weight:400;font-style:italic}
.fsd-contents .note{font-size:10.5pt;color:#444;margin-top:8mm;max-width:165mm;line-height:1.5}
"""

_HEAD = re.compile(r"<head\b[^>]*>(.*?)</head\s*>", re.I | re.S)
_BODY = re.compile(r"<body\b([^>]*)>(.*)</body\s*>", re.I | re.S)
_TITLE = re.compile(r"<title\b[^>]*>.*?</title\s*>", re.I | re.S)
_NAV = re.compile(r"<nav class=\"fsd-nav\"[^>]*>.*?</nav>", re.S)
_FOOTER = re.compile(r"<p class=\"fsd-footer\">.*?</p>", re.S)
_PLOT_ID = re.compile(r"([\"'])fsd-plot-(\d+)\1")
#: Where a cell of nbconvert's lab template starts (cells are siblings; their inner wrappers are "jp-Cell-…").
_CELL = re.compile(r'<div class="jp-Cell (jp-[^"]*)"')
_HEADING = re.compile(r'<h([1-6])\b([^>]*?)\sid="([^"]*)"([^>]*)>(.*?)</h\1\s*>', re.I | re.S)
_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
#: ``Page.leave_out``'s marker as nbconvert writes it (attributes sorted, double quotes) or as written (tests).
_MARKER = re.compile(r"""<div\b[^>]*\bclass=["']""" + EMPTY_CLASS + r"""["'][^>]*>""")
_REASON = re.compile(r"""\bdata-reason=(["'])(.*?)\1""")


@dataclass
class PrintSection:
    """One ``##`` section of a dashboard in the print: its heading, anchor and, when left out, why."""

    title: str
    anchor: str
    left_out: str | None = None  # e.g. "underlaget saknar bladet Enkätsvar"


@dataclass
class PrintDashboard:
    """One dashboard page prepared for the print (:func:`prepare_dashboard`)."""

    stem: str
    title: str
    anchor: str
    sections: list[PrintSection] = field(default_factory=list)
    body: str = ""

    @property
    def left_out(self) -> str | None:
        """Why the whole dashboard is left out of the PDF (every section is), or None."""
        if not self.sections or any(s.left_out is None for s in self.sections):
            return None
        return join_sv(list(dict.fromkeys(s.left_out for s in self.sections if s.left_out)))


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def prepare_dashboard(stem: str, title: str, inner: str) -> PrintDashboard:
    """A dashboard page's body made ready to print: headings get ids unique in the pack (``fsd-<stem>`` for the page
    title, ``fsd-<stem>-<n>`` for its sections) and lose nbconvert's "¶" anchor links, and every section with
    nothing to show (a cell holding only ``Page.leave_out``'s marker) is hidden with its heading and recorded."""
    inner = _ANCHOR_LINK.sub("", inner)
    dashboard = PrintDashboard(stem, title, f"fsd-{stem}")
    starts = [m.start() for m in _CELL.finditer(inner)]
    if not starts:
        dashboard.body = inner
        return dashboard
    chunks = [inner[:starts[0]]] + [inner[a:b] for a, b in zip(starts, [*starts[1:], len(inner)], strict=True)]
    cells: list[dict] = []
    current: dict | None = None
    numbered = {"n": 0}

    def heading(match: re.Match) -> str:
        level, before, old, after, content = match.groups()
        if level == "1" and not dashboard.sections and current is None:
            new = dashboard.anchor
        elif level == "2":
            numbered["n"] += 1
            new = f"fsd-{stem}-{numbered['n']}"
        else:
            new = f"fsd-{stem}-{old}"
        return f'<h{level}{before} id="{new}"{after}>{content}</h{level}>'

    for chunk in chunks[1:]:
        kind = _CELL.match(chunk).group(1)
        h2 = re.search(r"<h2\b", chunk) if "jp-MarkdownCell" in kind else None
        chunk = _HEADING.sub(heading, chunk)
        cell = {"chunk": chunk, "markdown": "jp-MarkdownCell" in kind, "section": None}
        if h2:
            found = re.search(r"<h2\b[^>]*>(.*?)</h2\s*>", chunk, re.S)
            current = {"section": PrintSection(_text(found.group(1)) if found else "", f"fsd-{stem}-{numbered['n']}"),
                       "cells": [], "reasons": [], "content": False}
            dashboard.sections.append(current["section"])
        if current is not None:
            cell["section"] = current
            current["cells"].append(cell)
            if not cell["markdown"]:
                reasons = [_REASON.search(m.group(0)) for m in _MARKER.finditer(chunk)]
                current["reasons"] += [html.unescape(r.group(2)) if r else "" for r in reasons]
                current["content"] |= not reasons and "jp-mod-noOutputs" not in kind
        cells.append(cell)
    for section in {id(c["section"]): c["section"] for c in cells if c["section"]}.values():
        if not section["content"]:
            reasons = list(dict.fromkeys(r for r in section["reasons"] if r)) or [words.NOTHING_TO_SHOW]
            section["section"].left_out = join_sv(reasons)
            for cell in section["cells"]:
                cell["chunk"] = cell["chunk"].replace('<div class="jp-Cell ', '<div class="fsd-left-out jp-Cell ', 1)
    dashboard.body = chunks[0] + "".join(c["chunk"] for c in cells)
    return dashboard


def _cover(info: PackInfo) -> str:
    e = html.escape
    rows = [(words.ASSOCIATION_LABEL, info.association), (words.MEETING_LABEL, info.meeting), *info.dates(),
            (words.PREVIOUS_LABEL, info.previous or words.NO_PREVIOUS), (words.BUILT_LABEL, info.built)]
    table = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    return (f"<section class='fsd-cover'><p class='kicker'>{e(words.COVER_KICKER)}</p><h1>{e(info.association)}</h1>"
            f"<p class='meeting'>{e(words.cover_meeting(info.meeting))}</p><table>{table}</table>"
            f"<p class='privacy'>{e(privacy_explained(info.min_count))}</p></section>")


def _entry(title: str, anchor: str) -> str:
    e = html.escape
    return (f"<a href='#{e(anchor)}'><span class='title'>{e(title)}</span>"
            f"<span class='fsd-toc-page' data-target='{e(anchor)}'></span></a>")


def contents_html(dashboards: list[PrintDashboard]) -> str:
    """The contents page: every dashboard and its sections as links (page numbers are filled in when printing);
    what was left out, and why, in their place."""
    e = html.escape
    items = []
    left_out = False
    for d in dashboards:
        if d.left_out:
            left_out = True
            items.append(f"<li><span class='left-out'>{e(words.dashboard_left_out(d.title, d.left_out))}</span></li>")
            continue
        sub = []
        for section in d.sections:
            if section.left_out:
                left_out = True
                sub.append(f"<li><span class='left-out'>{e(words.section_left_out(section.title, section.left_out))}"
                           "</span></li>")
            else:
                sub.append(f"<li>{_entry(section.title, section.anchor)}</li>")
        nested = f"<ol>{''.join(sub)}</ol>" if sub else ""
        items.append(f"<li>{_entry(d.title, d.anchor)}{nested}</li>")
    note = f"<p class='note'>{e(words.LEFT_OUT_NOTE)}</p>" if left_out else ""
    return (f"<nav class='fsd-contents'><h1 id='fsd-contents'>{e(words.CONTENTS_HEADING)}</h1>"
            f"<ol>{''.join(items)}</ol>{note}</nav>")


def print_dashboards(folder: Path, info: PackInfo) -> tuple[str, str, list[PrintDashboard]]:
    """The head and body attributes of the pages and every dashboard prepared for the print."""
    head = ""
    body_attrs = ""
    dashboards = []
    for stem, title in info.dashboards:
        page = (Path(folder) / f"{stem}.html").read_text(encoding="utf-8")
        if not head:
            found = _HEAD.search(page)
            head = _TITLE.sub("", found.group(1)) if found else ""
        body = _BODY.search(page)
        body_attrs = body_attrs or (body.group(1) if body else "")
        inner = body.group(2) if body else page
        inner = _NAV.sub("", inner)
        inner = _FOOTER.sub("", inner)
        inner = _PLOT_ID.sub(lambda m, s=stem: f"{m.group(1)}fsd-{s}-plot-{m.group(2)}{m.group(1)}", inner)
        dashboards.append(prepare_dashboard(stem, title, inner))
    return head, body_attrs, dashboards


def print_html(folder: Path, info: PackInfo) -> str:
    """One HTML document: the cover, the contents and the bodies of ``folder/<stem>.html`` in order (plot ids and
    heading ids made unique, sections without data and dashboards without any left out)."""
    return _document(info, *print_dashboards(folder, info))


def link_titles(dashboards: list[PrintDashboard]) -> dict[str, str]:
    """The contents' link targets and what each leads to ("Budget och utfall – Medlemsbidrag")."""
    titles = {}
    for d in dashboards:
        if d.left_out:
            continue
        titles[d.anchor] = d.title
        titles.update({s.anchor: f"{d.title} – {s.title}" for s in d.sections if not s.left_out})
    return titles


def _document(info: PackInfo, head: str, body_attrs: str, dashboards: list[PrintDashboard]) -> str:
    sections = [f"<section class='fsd-print-section' data-dashboard='{html.escape(d.stem)}'>{d.body}</section>"
                for d in dashboards if not d.left_out]
    title = html.escape(words.document_title(info.association, info.meeting))
    return (f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n{head}\n<title>{title}</title>\n'
            f"<style>{_PRINT_CSS}</style>\n</head>\n<body{body_attrs}>\n"
            f"{_cover(info)}\n{contents_html(dashboards)}\n" + "\n".join(sections) + "\n</body>\n</html>\n")


def _band(text_left: str, text_right: str) -> str:
    style = ("font-family:system-ui,Arial,sans-serif;font-size:7.5pt;color:#555;width:100%;"
             "margin:0 14mm;display:flex;justify-content:space-between;gap:6mm")
    return (f"<div style='{style}'><span>{text_left}</span><span style='text-align:right'>{text_right}</span>"
            "</div>")


def header_template(info: PackInfo) -> str:
    e = html.escape
    # when the books end before the meeting, the participants' date is the meeting, named on the left: the band
    # stays on one line
    return _band(e(words.header_meeting(info.association, info.meeting)),
                 e(words.header_dates(info.cutoff, info.books_closed)))


def footer_template(info: PackInfo) -> str:
    return _band(html.escape(words.footer_built(info.built)),
                 words.page_of("<span class='pageNumber'></span>", "<span class='totalPages'></span>"))


#: Tables taller than this share of a page may break between rows (their header repeats on the next page); shorter
#: ones are kept whole. Keeping a long table whole left most of a page empty before it.
LONG_TABLE_SHARE = 0.35

#: Environment variable with the hard limit, in seconds, on printing one pack (default :data:`DEFAULT_PDF_TIMEOUT`).
PDF_TIMEOUT_ENV = "FINSAMDASH_PDF_TIMEOUT"
#: A pack prints in about 5 s on a 2-core machine (20–30 s under heavy load); past this the print is stopped.
DEFAULT_PDF_TIMEOUT = 180.0
#: Extra time the child process gets, past the limit, to stop chromium and reply before it is killed itself.
_CHILD_GRACE = 30.0
_CHILD = Path(__file__).with_name("pdf_child.py")


def pdf_time_limit() -> float:
    """The limit on printing one pack: ``$FINSAMDASH_PDF_TIMEOUT`` seconds if set, else 180."""
    raw = os.environ.get(PDF_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_PDF_TIMEOUT
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise PdfError(f"{PDF_TIMEOUT_ENV} ska vara ett antal sekunder större än noll (till exempel 180), "
                       f"inte {raw!r}.")
    return value


def _seconds(value: float) -> str:
    from finsamdash.wording.formatting import fmt_int, fmt_number

    return fmt_int(value) if float(value).is_integer() else fmt_number(value, 1)


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _stop(child: subprocess.Popen) -> None:
    """Ask the print process to stop chromium and end (it kills everything below it); kill it if it does not."""
    if child.poll() is None:
        child.terminate()
        try:
            child.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    with contextlib.suppress(Exception):
        child.communicate(timeout=15)


def _run_child(request: dict, limit: float) -> dict:
    """Run :mod:`finsamdash.pack.pdf_child` with ``request``; its reply (``{"status": "lost"}`` if it died)."""
    child = subprocess.Popen([sys.executable, "-I", str(_CHILD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    try:
        out, err = child.communicate(json.dumps(request), timeout=limit + _CHILD_GRACE)
    except subprocess.TimeoutExpired:
        _stop(child)
        return {"status": "timeout"}
    except BaseException:  # Ctrl+C or an error here: chromium must not stay behind
        _stop(child)
        raise
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    last = err.strip().splitlines()[-1] if err.strip() else f"slutstatus {child.returncode}"
    return {"status": "lost", "detail": last}


def write_pdf(folder: Path, info: PackInfo, *, chromium: str | None = None,
              timeout: float | None = None) -> PdfResult:
    """Print ``folder``'s dashboards with their cover into ``folder/board-pack.pdf`` (written atomically).

    Chromium is driven from a child process (:mod:`finsamdash.pack.pdf_child`) under a hard wall-clock limit of
    ``timeout`` seconds (default :func:`pdf_time_limit`); when printing fails, chromium dies or hangs, or the limit
    passes, the child kills chromium and everything it started, and :class:`PdfError` says what happened.
    """
    start = time.perf_counter()
    folder = Path(folder).resolve()
    chromium = chromium or require_chromium()
    limit = float(timeout) if timeout is not None else pdf_time_limit()
    source = folder / _PRINT_NAME
    target = folder / PDF_NAME
    partial = folder / f".{PDF_NAME}.tmp"
    options = {"format": "A4", "scale": PRINT_SCALE, "print_background": True, "margin": _MARGIN,
               "display_header_footer": True, "header_template": header_template(info),
               "footer_template": footer_template(info), "prefer_css_page_size": False,
               "tagged": True, "outline": True}  # accessible: structure tree, /Lang, bookmarks from the headings
    request = {"chromium": chromium, "args": CHROMIUM_ARGS, "source": source.as_uri(), "target": str(partial),
               "viewport": {"width": CONTENT_WIDTH_PX, "height": _VIEWPORT_HEIGHT}, "locale": "sv-SE",
               "options": options, "long_table_px": LONG_TABLE_SHARE * _VIEWPORT_HEIGHT, "limit": limit,
               "parent": os.getpid()}
    head, body_attrs, dashboards = print_dashboards(folder, info)
    write_text_atomic(source, _document(info, head, body_attrs, dashboards))
    try:
        reply = _run_child(request, limit)
        status = reply.get("status")
        if status == "oserror":
            raise OSError(reply.get("errno"), reply.get("strerror"), reply.get("filename") or str(target))
        if status != "ok":
            raise PdfError(_failure_message(status, reply.get("detail"), chromium, limit))
        finish_pdf(partial, language="sv", links=link_titles(dashboards))
        os.replace(partial, target)
    finally:
        source.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return PdfResult(target, _pages(target.read_bytes()), round(time.perf_counter() - start, 3))


def finish_pdf(path: Path, *, language: str, links: dict[str, str]) -> None:
    """What chromium's tagged PDF lacks for PDF/UA and pypdf can add without touching the page content: XMP
    metadata with the title and language (dc:title, dc:language), a role map for the structure types that are not
    standard in PDF 1.7 (chromium's /Strong and /Em, mapped to /Span), and a description (/Contents) on every
    internal link (``links``: link target → what it leads to). Rewritten in place."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, StreamObject, TextStringObject

    writer = PdfWriter(clone_from=str(path))
    root = writer.root_object
    title = html.escape(str((writer.metadata or {}).get("/Title") or ""))
    xmp = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
           '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>'
           f"<dc:language><rdf:Bag><rdf:li>{html.escape(language)}</rdf:li></rdf:Bag></dc:language>"
           '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    metadata = StreamObject()
    metadata.set_data(xmp.encode("utf-8"))
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    root[NameObject("/Metadata")] = writer._add_object(metadata)
    tree = root["/StructTreeRoot"].get_object() if "/StructTreeRoot" in root else None
    if tree is not None:
        roles = DictionaryObject({NameObject("/Strong"): NameObject("/Span"), NameObject("/Em"): NameObject("/Span")})
        if "/RoleMap" in tree:
            roles.update(tree["/RoleMap"].get_object())
        tree[NameObject("/RoleMap")] = roles
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            target = str(link.get("/Dest") or "").lstrip("/")
            if link.get("/Subtype") == "/Link" and "/Contents" not in link:
                text = links.get(target)
                link[NameObject("/Contents")] = TextStringObject(words.go_to(text) if text else words.GO_TO_SECTION)
    with open(path, "wb") as handle:
        writer.write(handle)


def _failure_message(status: str | None, detail: str | None, chromium: str, limit: float) -> str:
    return words.print_failed(status, detail, chromium, _seconds(limit), PDF_TIMEOUT_ENV)
