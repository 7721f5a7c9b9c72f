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
* print CSS keeps charts, tables and cards whole and hides collapsed ``<details>`` data tables.
* the cover's contents give each dashboard's first page: before the final print, the cover and each dashboard are
  printed alone once and their pages counted (each dashboard starts on a new page, so the counts add up).

The print HTML is a temporary file in the (temporary) pack folder and is removed after printing.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from finsamdash.errors import FinsamError

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


class PdfError(FinsamError):
    """The PDF could not be made (message in Swedish)."""


def chromium_missing_message() -> str:
    return ("Hittar inte webbläsaren chromium, som behövs för att göra mötesunderlagets PDF (board-pack.pdf). "
            "Installera den med `sudo apt-get install chromium` (Debian/Ubuntu), ange sökvägen i miljövariabeln "
            f"{CHROMIUM_ENV}, eller bygg utan PDF med `--no-pdf`.")


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
    return chromium


@dataclass(frozen=True)
class PackInfo:
    """What the cover page and every page's header and footer show."""

    association: str
    meeting: str  # Swedish date text, e.g. "23 november 2026"
    cutoff: str  # data cut-off, Swedish date text
    built: str  # build time, e.g. "23 november 2026 kl. 12:40"
    dashboards: list[tuple[str, str]]  # (file stem, title) in print order


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    duration: float


_PRINT_CSS = """
@page{size:A4}
html,body{background:#fff}
body{margin:0;padding:0}
.fsd-print-section{break-before:page;page-break-before:always}
.fsd-print-section .jp-Notebook{padding:0}
.fsd-nav,.fsd-footer{display:none}
.fsd-plot,.fsd-table,.fsd-card,table,figure,img,svg{break-inside:avoid;page-break-inside:avoid}
.fsd-cards,.jp-OutputArea-child{break-inside:auto;page-break-inside:auto}
h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}
details:not([open]),details.fsd-data{display:none}
.fsd-cover{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;padding-top:40mm}
.fsd-cover .kicker{font-size:14pt;color:#444;margin:0 0 4mm 0}
.fsd-cover h1{font-size:26pt;margin:0 0 6mm 0;line-height:1.2}
.fsd-cover .meeting{font-size:16pt;margin:0 0 14mm 0}
.fsd-cover table{border-collapse:collapse;margin:0 0 12mm 0;font-size:11pt}
.fsd-cover th,.fsd-cover td{text-align:left;padding:2mm 6mm 2mm 0;border-bottom:1px solid #E0E0E0}
.fsd-cover th{font-weight:600;color:#444}
.fsd-cover h2{font-size:14pt;margin:0 0 3mm 0}
.fsd-cover ol{font-size:12pt;line-height:1.8;padding-left:6mm;max-width:120mm}
.fsd-cover li span.title{display:inline-block;min-width:95mm}
.fsd-cover .fsd-toc-page:not(:empty)::before{content:"sida "}
"""

_HEAD = re.compile(r"<head\b[^>]*>(.*?)</head\s*>", re.I | re.S)
_BODY = re.compile(r"<body\b([^>]*)>(.*)</body\s*>", re.I | re.S)
_TITLE = re.compile(r"<title\b[^>]*>.*?</title\s*>", re.I | re.S)
_NAV = re.compile(r"<nav class=\"fsd-nav\">.*?</nav>", re.S)
_FOOTER = re.compile(r"<p class=\"fsd-footer\">.*?</p>", re.S)
_PLOT_ID = re.compile(r"([\"'])fsd-plot-(\d+)\1")


def _cover(info: PackInfo) -> str:
    e = html.escape
    rows = [("Förbund", info.association), ("Mötesdatum", info.meeting), ("Uppgifter till och med", info.cutoff),
            ("Byggt", info.built)]
    table = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    contents = "".join(f"<li><span class='title'>{e(title)}</span><span class='fsd-toc-page' "
                       f"data-dashboard='{e(stem)}'></span></li>" for stem, title in info.dashboards)
    return (f"<section class='fsd-cover'><p class='kicker'>Mötesunderlag</p><h1>{e(info.association)}</h1>"
            f"<p class='meeting'>Underlag till styrelsemötet {e(info.meeting)}</p><table>{table}</table>"
            f"<h2>Innehåll</h2><ol>{contents}</ol></section>")


def print_html(folder: Path, info: PackInfo) -> str:
    """One HTML document: the cover and the bodies of ``folder/<stem>.html`` in order (plot ids made unique)."""
    head = ""
    body_attrs = ""
    sections = []
    for stem, _title in info.dashboards:
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
        sections.append(f"<section class='fsd-print-section' data-dashboard='{html.escape(stem)}'>{inner}</section>")
    title = html.escape(f"Mötesunderlag – {info.association} – styrelsemöte {info.meeting}")
    return (f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n{head}\n<title>{title}</title>\n'
            f"<style>{_PRINT_CSS}</style>\n</head>\n<body{body_attrs}>\n"
            f"{_cover(info)}\n" + "\n".join(sections) + "\n</body>\n</html>\n")


def _band(text_left: str, text_right: str) -> str:
    style = ("font-family:system-ui,Arial,sans-serif;font-size:7.5pt;color:#555;width:100%;"
             "margin:0 14mm;display:flex;justify-content:space-between;gap:6mm")
    return (f"<div style='{style}'><span>{text_left}</span><span style='text-align:right'>{text_right}</span>"
            "</div>")


def header_template(info: PackInfo) -> str:
    e = html.escape
    return _band(f"{e(info.association)} · styrelsemöte {e(info.meeting)}",
                 f"Uppgifter t.o.m. {e(info.cutoff)}")


def footer_template(info: PackInfo) -> str:
    return _band(f"Byggt {html.escape(info.built)}",
                 "Sida <span class='pageNumber'></span> av <span class='totalPages'></span>")


def _allow_local(route) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "about:", "blob:")):
        route.continue_()
    else:
        route.abort()


_ALL_DRAWN = """() => {
  const plots = Array.from(document.querySelectorAll('.fsd-plot'));
  return !!window.Plotly && plots.every(p => p.classList.contains('js-plotly-plot') && p.querySelector('.main-svg'));
}"""


_SHOW_ONLY = """(index) => {
  const parts = [document.querySelector('.fsd-cover'), ...document.querySelectorAll('.fsd-print-section')];
  parts.forEach((part, i) => { part.style.display = (index === null || i === index) ? '' : 'none'; });
}"""
_FILL_CONTENTS = """(numbers) => {
  for (const [stem, number] of Object.entries(numbers)) {
    const cell = document.querySelector(`.fsd-toc-page[data-dashboard="${stem}"]`);
    if (cell) cell.textContent = String(number);
  }
}"""


def _number_contents(page, info: PackInfo, options: dict) -> None:
    """Put each dashboard's first page number into the cover's contents: print the cover and each section alone
    (every section starts on a new page, so the counts add up) and count their pages."""
    counts = []
    for index in range(len(info.dashboards) + 1):  # 0 is the cover
        page.evaluate(_SHOW_ONLY, index)
        counts.append(_pages(page.pdf(**options)))
    page.evaluate(_SHOW_ONLY, None)
    numbers, next_page = {}, 1 + counts[0]
    for (stem, _title), count in zip(info.dashboards, counts[1:], strict=True):
        numbers[stem] = next_page
        next_page += count
    page.evaluate(_FILL_CONTENTS, numbers)


def _pages(pdf: bytes) -> int:
    """Pages of a PDF written by chromium (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def write_pdf(folder: Path, info: PackInfo, *, chromium: str | None = None, timeout: float = 120.0) -> PdfResult:
    """Print ``folder``'s dashboards with their cover into ``folder/board-pack.pdf`` (written atomically)."""
    start = time.perf_counter()
    folder = Path(folder).resolve()
    chromium = chromium or require_chromium()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    source = folder / _PRINT_NAME
    target = folder / PDF_NAME
    partial = folder / f".{PDF_NAME}.tmp"
    source.write_text(print_html(folder, info), encoding="utf-8")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            try:
                context = browser.new_context(viewport={"width": CONTENT_WIDTH_PX, "height": _VIEWPORT_HEIGHT},
                                              locale="sv-SE", service_workers="block")
                context.route("**/*", _allow_local)
                page = context.new_page()
                page.set_default_timeout(timeout * 1000)
                page.goto(source.as_uri(), wait_until="load")
                page.emulate_media(media="print")
                page.wait_for_function(_ALL_DRAWN, polling=100)
                page.evaluate("document.fonts ? document.fonts.ready.then(() => true) : true")
                options = {"format": "A4", "scale": PRINT_SCALE, "print_background": True, "margin": _MARGIN,
                           "display_header_footer": True, "header_template": header_template(info),
                           "footer_template": footer_template(info), "prefer_css_page_size": False}
                _number_contents(page, info, options)
                page.pdf(path=str(partial), **options)
            finally:
                browser.close()
        os.replace(partial, target)
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PdfError(f"PDF:en kunde inte skrivas med chromium ({chromium}): {first}") from exc
    finally:
        source.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return PdfResult(target, _pages(target.read_bytes()), round(time.perf_counter() - start, 3))
