"""What every dashboard page shows around its content, live (Voilà) and static (the pack's HTML, the PDF): the
navigation, the readability rules and a small script.

* :func:`nav_html`: one small navigation, the same on every page: back to the meeting's front page and the five
  dashboards (the current one marked). A static page also offers "Öppna interaktivt" (its live dashboard, shown only
  when the page is served by ``finsamdash serve``: opened from disk the link would download the notebook).
* :data:`PAGE_CSS`: readable on a projector, a laptop and a 768 px tablet: body text 16 px, secondary text 14 px
  with contrast ≥ 4.5:1, a visible keyboard focus ring, drop-downs that keep their labels, tables that scroll
  inside their own box.
* :data:`PAGE_JS`: takes plotly's toolbar buttons out of the keyboard's tab order (they stay usable with the mouse;
  the chart's data is in the table below it) and hides live-only links on a page opened from disk.

Links are relative: a live page is ``/voila/render/<förbund>/<möte>/<panel>.ipynb`` and the server redirects
``<panel>.html`` and ``index.html`` there to the static files (:mod:`finsamdash.pack.serve`), so the same hrefs work in
both.
"""

from __future__ import annotations

import html

from finsamdash.dashboards.registry import DASHBOARDS as REGISTERED
from finsamdash.wording.build import BACK_TEXT, LIVE_TEXT, PRINTABLE_PAGE

#: The five dashboards in the pack's order: (notebook stem, Swedish title as in the notebook's first heading).
#: (stem, title) of the dashboards in the navigation's order: the registry's (:mod:`finsamdash.dashboards.registry`).
DASHBOARDS = tuple((d.name, d.title) for d in REGISTERED)
#: Class of links that only work when the pack is served (hidden by :data:`PAGE_JS` on ``file:`` pages).
LIVE_CLASS = "fsd-live"
#: Class of links that only work on a pack opened from disk (a notebook to download; hidden when served, where
#: ``finsamdash serve`` opens the live dashboard instead and never hands out notebooks).
FILE_CLASS = "fsd-file-only"


def nav_html(current: str | None, *, live: bool) -> str:
    """The navigation of dashboard ``current`` (a notebook stem): links to ``<stem>.ipynb`` on a live page, to
    ``<stem>.html`` on a static one (plus the live version of this page)."""
    e = html.escape
    ext = "ipynb" if live else "html"
    items = [f'<li><a class="fsd-back" href="index.html">← {e(BACK_TEXT)}</a></li>']
    for stem, title in DASHBOARDS:
        current_attr = ' aria-current="page"' if stem == current else ""
        items.append(f'<li><a href="{e(stem)}.{ext}"{current_attr}>{e(title)}</a></li>')
    if not live and current:
        items.append(f'<li class="{LIVE_CLASS}"><a href="{e(current)}.ipynb">{e(LIVE_TEXT)}</a></li>')
    elif live and current:
        items.append(f'<li><a href="{e(current)}.html">{e(PRINTABLE_PAGE)}</a></li>')
    return f'<nav class="fsd-nav"><ul>{"".join(items)}</ul></nav>'


PAGE_CSS = """
body,body.jp-Notebook{font-size:16px}
.jp-RenderedHTMLCommon,.jp-RenderedHTMLCommon p,.jp-RenderedHTMLCommon li,.widget-label,.widget-dropdown select{
  font-size:16px}
.jp-RenderedHTMLCommon h1{font-size:2rem}
.jp-RenderedHTMLCommon h2{font-size:1.5rem;margin-top:1.6em}
.fsd-note,.fsd-card .label,.fsd-card .delta,.fsd-footer,.fsd-plot-fallback,.fsd-table,details.fsd-data summary{
  font-size:14px !important;color:#3d3d3d}
.fsd-nochart{font-size:16px;font-weight:600;color:#1a1a1a;background:#F4F6F8;border-left:4px solid #8C8C8C;
  padding:0.6em 0.9em;margin:0.5em 0 1em 0}
.fsd-nav{font-family:var(--jp-content-font-family,system-ui,sans-serif);font-size:16px;margin:0 0 1em 0}
.fsd-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:0.3em 1.2em;padding:0;margin:0}
.fsd-nav a{color:#005A8C;text-decoration:underline;padding:0.15em 0}
.fsd-nav a[aria-current=page]{color:#1a1a1a;font-weight:700;text-decoration:none}
.fsd-page-head h1{font-size:2rem;margin:0.2em 0 0.2em 0}
.fsd-page-head .fsd-sub{font-size:16px;color:#3d3d3d;margin:0 0 0.5em 0}
a:focus-visible,button:focus-visible,select:focus-visible,summary:focus-visible,input:focus-visible,
[tabindex]:focus-visible{outline:3px solid #005A8C !important;outline-offset:2px}
.widget-dropdown select:focus{outline:3px solid #005A8C !important;outline-offset:1px}
.widget-dropdown{width:auto !important;max-width:100%;height:auto !important;align-items:center}
.widget-dropdown>select{width:auto !important;max-width:100%;height:auto !important;min-height:34px;
  font-size:16px !important;color:#1a1a1a !important;flex:0 1 auto}
.widget-dropdown>.widget-label{font-size:16px !important;color:#1a1a1a !important;width:auto !important;
  max-width:none !important;overflow:visible !important;margin-right:0.4em}
.widget-hbox{flex-wrap:wrap;gap:0.4em 1.2em}
.jp-OutputArea-output,.fsd-live-section{overflow-x:auto;max-width:100%}
.jp-RenderedHTMLCommon table.fsd-table{display:block;overflow-x:auto;max-width:100%}
.fsd-table td.num{white-space:nowrap}
.js-plotly-plot,.fsd-plot{max-width:100%}
@media (max-width:800px){
  body.jp-Notebook,.jp-Notebook{padding:8px !important}
  .jp-Cell,.jp-OutputArea-output{padding-left:0 !important;padding-right:0 !important}
  .jp-OutputPrompt,.jp-InputPrompt{display:none !important}
}
@media print{.fsd-nav,.fsd-live{display:none}}
"""

PAGE_JS = """
(function () {
  "use strict";
  function untab(root) {
    root.querySelectorAll(".modebar-btn:not([tabindex])").forEach(function (b) { b.setAttribute("tabindex", "-1"); });
  }
  function liveOnly() {
    var hide = location.protocol === "file:" ? ".fsd-live" : ".fsd-file-only";
    document.querySelectorAll(hide).forEach(function (e) { e.hidden = true; e.style.display = "none"; });
  }
  var pending = false;  // one scan per animation frame, however many nodes a page adds while it draws
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      requestAnimationFrame(function () { pending = false; untab(document); });
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", function () { untab(document); liveOnly(); });
})();
"""


#: Readability of the pack's front pages (added after their own CSS in ``build.py``).
FRONT_CSS = """
body{font-size:16px}
.latest,.fsd-card .label,.fsd-card .delta,footer{font-size:14px !important}
.sub,.latest,.fsd-card .label,.fsd-card .delta{color:#3d3d3d}
footer{color:#595959}
a:focus-visible{outline:3px solid #005A8C;outline-offset:2px}
.fsd-scroll{overflow-x:auto;max-width:100%}
"""


def page_resources() -> dict:
    """What the Voilà template ``finsam`` shows around a live page (``resources.finsamdash``): the navigation of
    every dashboard, the CSS, the script and the Swedish month names (for the meeting date in the page's head)."""
    from finsamdash.present.theme import LOCALE_SV

    return {"nav": {stem: nav_html(stem, live=True) for stem, _title in DASHBOARDS}, "css": PAGE_CSS,
            "js": PAGE_JS, "months": LOCALE_SV["format"]["months"]}
