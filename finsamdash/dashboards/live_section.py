"""The content of an interactive section under Voilà, redrawn in place when a drop-down changes.

An ipywidgets ``Output`` whose outputs are replaced builds every chart anew through jupyterlab-plotly's mime
renderer, which after each draw also makes a PNG copy of the chart (``Plotly.toImage``) and draws it a second time
(its ``onUpdateRequest``): ≈ 130 ms of the page's CPU per change besides the draw itself (the lead's profile,
docs/benchmarks.md), in a board meeting (issue #14) where a change must be redrawn within 300 ms.
:class:`LiveSection` holds the section's display bundles as a synced list (:func:`live_items`); its front end
(``live_section.js``) keeps one chart element per chart and calls ``Plotly.react`` on it with the new
figure, and sets the HTML parts (alt text, table, notes) in place.

plotly.js comes from what the pack ships, asked for once per page over the widget's comm: the pack's
``assets/plotly.min.js`` beside the notebook (Voilà starts a kernel in its notebook's folder), else the plotly
package's own plotly.js (:func:`plotly_js`). Nothing is fetched from a CDN, and no server setting (Voilà's file
allow-list) is needed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import anywidget
import traitlets

#: The plotly mime type (as in finsamdash.dashboards._page, which imports this module).
PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: Where a meeting pack keeps its plotly.js, relative to its notebooks (finsamdash.pack.export.PLOTLY_ASSET).
PACK_PLOTLY_JS = Path("assets") / "plotly.min.js"
#: What the front end sends to ask for plotly.js, and the key of the answer.
ASK_PLOTLY = {"want": "plotly.js"}


def live_items(bundles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A section's display bundles as :attr:`LiveSection.items`, in order: ``{"figure": plotly JSON}`` for a chart
    (exactly the figure the bundle holds), ``{"html": markup}`` for HTML, ``{"text": text}`` for anything else."""
    items = []
    for bundle in bundles:
        if PLOTLY_MIME in bundle:
            items.append({"figure": bundle[PLOTLY_MIME]})
        elif "text/html" in bundle:
            items.append({"html": bundle["text/html"]})
        else:
            items.append({"text": str(bundle.get("text/plain", ""))})
    return items


@lru_cache(maxsize=2)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def plotly_js(folder: Path | None = None) -> str:
    """The plotly.js the charts are drawn with: the pack's (``assets/plotly.min.js`` in ``folder``, by default the
    kernel's working folder, i.e. the notebook's), else the plotly package's full plotly.js (no network)."""
    asset = (folder or Path.cwd()) / PACK_PLOTLY_JS
    if asset.is_file():
        return _read(str(asset.resolve()))
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


class LiveSection(anywidget.AnyWidget):
    """An interactive section's content (:func:`live_items`); set :attr:`items` to show another state."""

    _esm = Path(__file__).with_name("live_section.js")
    items = traitlets.List().tag(sync=True)

    def __init__(self, bundles: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(items=live_items(bundles), **kwargs)
        self.on_msg(self._answer)

    def show(self, bundles: list[dict[str, Any]]) -> None:
        self.items = live_items(bundles)

    def _answer(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if content == ASK_PLOTLY:
            self.send({"plotly.js": plotly_js()})
