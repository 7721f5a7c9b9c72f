"""Static HTML of an executed dashboard notebook: code hidden, Swedish, printable and fully offline.

nbconvert's ``lab`` template is used with the code cells and prompts left out. What the template would load from a
CDN (require.js, MathJax, mermaid, the widget manager) is left out as well, and as a last guard every remaining
reference to an external host in ``src``/``href``/``url()`` is removed (:func:`make_offline`).

Plotly figures are stored by the dashboards as ``application/vnd.plotly.v1+json`` display data, which nbconvert does
not render. Each is replaced by a ``<div>`` and a small inline script calling ``Plotly.newPlot``; plotly.js itself
is one local file per meeting pack (:data:`PLOTLY_ASSET`, written by :func:`write_plotly_asset`) referenced
relatively from every page, not embedded in each file.
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from finsamdash.wording.charts import CHART_FALLBACK

PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: Where plotly.js lives inside a meeting folder, relative to the pages.
PLOTLY_ASSET = "assets/plotly.min.js"
_TEMPLATE_NAME = "finsamdash_pack.html.j2"

#: Print rules: charts, tables and cards are never cut across pages; headings stay with what follows them.
PRINT_CSS = """
.fsd-plot{width:100%;min-height:120px}
.fsd-footer{font-family:var(--jp-content-font-family,system-ui,sans-serif);margin-top:2em;
  border-top:1px solid #E0E0E0;padding-top:0.5em}
@media print{
  .fsd-nav{display:none}
  .fsd-plot,.fsd-table,.fsd-cards,.fsd-card,table,figure,.jp-OutputArea-child,.jp-RenderedHTMLCommon table{
    break-inside:avoid;page-break-inside:avoid}
  h1,h2,h3{break-after:avoid;page-break-after:avoid}
  details.fsd-data{display:none}
  .jp-Notebook{padding:0}
}
"""

# The lab template without anything it would fetch from a CDN, with plotly.js from the pack's assets folder,
# print and readability CSS, the pages' navigation (finsamdash/pack/page_ui.py) and a footer.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<script src="{{ resources.finsamdash.plotly_src | escape_html }}"></script>
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">{{ resources.finsamdash.css }}</style>
<script>{{ resources.finsamdash.js }}</script>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.finsamdash.nav }}
{%- endblock body_header -%}
{% block body_footer %}
{%- if resources.finsamdash.footer %}
<p class="fsd-footer">{{ resources.finsamdash.footer | escape_html }}</p>
{%- endif %}
{{ super() }}
{% endblock body_footer %}
"""

# src/href/srcset/action/poster attributes and CSS url()/@import pointing at another host (http:, https: or //host)
_EXTERNAL = r"""(?:https?:)?//[^\s"'<>)]+"""
_ATTR = re.compile(r"""\b(src|href|srcset|action|poster|data)\s*=\s*(["']?)\s*(""" + _EXTERNAL + r")", re.I)
_TAG_WITH_EXTERNAL = re.compile(
    r"""<(script|link|img|iframe|source|audio|video|embed|object)\b[^>]*?\b(?:src|href|srcset|data)\s*=\s*["']?\s*"""
    + _EXTERNAL + r"""[^>]*>(?:\s*</\1\s*>)?""",
    re.I,
)
_ANCHOR_EXTERNAL = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']?\s*(""" + _EXTERNAL + r""")[^>]*>(.*?)</a\s*>""",
                              re.I | re.S)
_CSS_URL = re.compile(r"""@import\s+url\(\s*["']?""" + _EXTERNAL + r"""["']?\s*\)[^;]*;|url\(\s*["']?("""
                      + _EXTERNAL + r""")["']?\s*\)""", re.I)
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.I | re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def external_references(markup: str) -> list[str]:
    """Every ``src``/``href``/``srcset``/``data``/``action``/``poster`` attribute or CSS ``url()`` that points at
    another host – what a browser would (or could, on a click) fetch from the network."""
    found = [m.group(3) for m in _ATTR.finditer(markup)]
    found += [m.group(0) for m in _CSS_URL.finditer(markup)]
    return found


def make_offline(markup: str) -> str:
    """``markup`` with every reference to another host removed.

    Tags that would load something (script, link, img, iframe, ...) are dropped; a link to another site keeps its
    text and shows the address as text; CSS ``url()``/``@import`` of remote files are dropped; CSS comments (which
    carry source URLs in JupyterLab's stylesheet) are stripped.
    """
    markup = _STYLE.sub(lambda m: m.group(1) + _CSS_URL.sub("", _CSS_COMMENT.sub("", m.group(2))) + m.group(3),
                        markup)
    markup = _TAG_WITH_EXTERNAL.sub("", markup)
    markup = _ANCHOR_EXTERNAL.sub(
        lambda m: f"<span class='fsd-external'>{m.group(2)} ({html.escape(m.group(1))})</span>", markup)
    markup = _CSS_URL.sub("", markup)
    return _ATTR.sub(lambda m: f"{m.group(1)}={m.group(2)}", markup)  # anything left: an empty attribute


def plotly_js() -> str:
    """The minified plotly.js bundled with the installed plotly package (no network)."""
    from finsamdash.pack.plotly_bundle import full_plotly_js

    return full_plotly_js()


def write_plotly_asset(folder: Path) -> Path:
    """Write plotly.js once into ``folder/assets/plotly.min.js`` and return its path: the bundle with only the
    dashboards' trace types when it fits the installed plotly (:mod:`finsamdash.pack.plotly_bundle`); a page
    that draws another type replaces it by the full plotly.js (:func:`ensure_plotly_covers`)."""
    from finsamdash.pack.plotly_bundle import pack_plotly_js

    target = Path(folder) / PLOTLY_ASSET
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, pack_plotly_js())
    return target


def ensure_plotly_covers(folder: Path, trace_types: set[str]) -> None:
    """Replace the pack's plotly.js by the full one when it cannot draw one of ``trace_types`` (it is only ever
    replaced by the full one, so pages exported at the same time cannot undo it)."""
    from finsamdash.pack.plotly_bundle import covers

    target = Path(folder) / PLOTLY_ASSET
    if target.exists() and not covers(trace_types):
        write_text_atomic(target, plotly_js())


def _script_json(value: Any) -> str:
    """JSON that is safe inside an inline ``<script>`` (no ``</script>``, ``<!--`` or line separators)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def plot_markup(figure: dict[str, Any], element_id: str, alt: str = "") -> str:
    """A ``<div>`` and the inline script drawing ``figure`` (plotly JSON) into it with the pack's plotly.js and the
    one chart configuration (:func:`finsamdash.present.theme.plotly_config`: Swedish toolbar, no cloud or share
    button)."""
    from finsamdash.present.theme import plotly_config

    alt = alt or CHART_FALLBACK
    payload = _script_json({"data": figure.get("data", []), "layout": figure.get("layout", {}),
                            "config": plotly_config(figure)})
    return (
        f'<div class="fsd-plot" id="{element_id}" role="img" aria-label="{html.escape(alt)}">'
        f'<p class="fsd-plot-fallback">{html.escape(alt)}</p></div>\n'
        "<script>(function(){"
        f'var el=document.getElementById("{element_id}");var fig={payload};'
        "if(!window.Plotly){return;}"
        "el.innerHTML='';"
        "Plotly.newPlot(el,fig.data,fig.layout,fig.config);"
        "})();</script>"
    )


def render_plotly_outputs(nb: nbformat.NotebookNode) -> int:
    """Replace every plotly display output of ``nb`` (in place) by HTML drawing it; return how many there were."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY_MIME not in data:
                continue
            count += 1
            alt = data.get("text/plain", "")
            alt = "".join(alt) if isinstance(alt, list) else str(alt)
            figure = data[PLOTLY_MIME]
            if isinstance(figure, str):
                figure = json.loads(figure)
            output["data"] = {"text/html": plot_markup(figure, f"fsd-plot-{count}", alt)}
            output["metadata"] = {}
    return count


def _exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        template_file=_TEMPLATE_NAME,
        extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="sv",
        embed_images=True,
    )


def notebook_to_html(nb: nbformat.NotebookNode, *, title: str, plotly_src: str = PLOTLY_ASSET,
                     dashboard: str | None = None, footer: str = "") -> str:
    """The static page of an executed notebook (``nb`` is not changed); ``dashboard`` (its notebook's stem) is
    marked in the navigation."""
    from finsamdash.pack.page_ui import PAGE_CSS, PAGE_JS, nav_html

    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    nb.metadata["title"] = title
    render_plotly_outputs(nb)
    resources = {"finsamdash": {"plotly_src": plotly_src, "css": PRINT_CSS + PAGE_CSS, "js": PAGE_JS,
                                "nav": nav_html(dashboard, live=False), "footer": footer}}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return make_offline(body)


def export_html(ipynb: Path, target: Path, *, title: str, **options: Any) -> Path:
    """Write the static page of the executed notebook ``ipynb`` to ``target`` (atomically) and return it."""
    nb = nbformat.read(str(ipynb), as_version=4)
    markup = notebook_to_html(nb, title=title, dashboard=Path(ipynb).stem, **options)
    if options.get("plotly_src", PLOTLY_ASSET) == PLOTLY_ASSET:
        ensure_plotly_covers(Path(target).parent, trace_types(nb))
    write_text_atomic(target, markup)
    return target


def trace_types(nb: nbformat.NotebookNode) -> set[str]:
    """The plotly trace types of every figure displayed in ``nb``."""
    found = set()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            figure = output.get("data", {}).get(PLOTLY_MIME)
            if isinstance(figure, str):
                figure = json.loads(figure)
            for trace in (figure or {}).get("data", []):
                found.add(trace.get("type", "scatter"))
    return found


def write_text_atomic(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` through a temporary file in the same folder and ``os.replace``."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; packs are read by other users (a web server)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None:  # a failed write() names no file; say which (e.g. for "the disk is full")
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
