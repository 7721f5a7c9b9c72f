"""The house plotly template, registered once as ``"finsamdash"`` and made the default.

Colour-blind-safe palette (Okabe & Ito), readable fonts, Swedish separators (decimal comma, non-breaking space
thousands). Month axes use Swedish month names as category labels (plotly's date axes would be English).
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from finsamdash.wording.plotly_locale import LOCALE_SV
from finsamdash.wording.status import HIDDEN_STATUS, STATUS_SYMBOLS, STATUS_WORDS

TEMPLATE = "finsamdash"
#: Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BLUE, ORANGE, GREEN, PINK, SKY, VERMILLION, YELLOW, BLACK = PALETTE
GREY = "#8C8C8C"
LIGHT_GREY = "#D9D9D9"
#: Goal status: colour plus a symbol and a word (:mod:`finsamdash.wording.status`), never colour alone.
STATUS_COLORS = {"met": GREEN, "partly": ORANGE, "not_met": VERMILLION, "no_data": GREY, HIDDEN_STATUS: GREY}
STATUS_STYLE = {status: {"color": color, "symbol": STATUS_SYMBOLS[status], "label": STATUS_WORDS[status]}
                for status, color in STATUS_COLORS.items()}
FONT = "Source Sans Pro, Segoe UI, Helvetica Neue, Arial, sans-serif"
SEPARATORS = ",\u00a0"  # decimal comma, non-breaking space between thousands


def register() -> str:
    """Register the template (idempotent) and make it plotly's default; returns its name."""
    if TEMPLATE not in pio.templates:
        pio.templates[TEMPLATE] = go.layout.Template(
            layout=go.Layout(
                colorway=list(PALETTE),
                font={"family": FONT, "size": 14, "color": "#1A1A1A"},
                title={"x": 0.0, "xanchor": "left", "font": {"size": 18}},
                separators=SEPARATORS,
                paper_bgcolor="white",
                plot_bgcolor="white",
                margin={"l": 60, "r": 30, "t": 70, "b": 60},
                hoverlabel={"font": {"family": FONT, "size": 13}},
                # a figure drawn as it is: the legend at the bottom left of the whole figure (container
                # coordinates), below the x axis's ticks and title, where plotly reserves room for it. Every chart
                # a reader sees is laid out by present.figures._base.wrapped_layout, which moves it under the
                # title, above the plot (read before the bars it explains)
                legend={"orientation": "h", "xref": "container", "yref": "container", "x": 0, "y": 0,
                        "xanchor": "left", "yanchor": "bottom"},
                xaxis={"showgrid": False, "linecolor": GREY, "ticks": "outside", "automargin": True,
                       "tickformat": ",~r"},
                yaxis={"gridcolor": "#EBEBEB", "zerolinecolor": GREY, "automargin": True,
                       "tickformat": ",~r"},
            )
        )
    pio.templates.default = TEMPLATE
    return TEMPLATE


def plotly_config(figure: dict | None = None) -> dict:
    """The one plotly.js configuration of every chart (Voilà, static pages, PDF, presentation).

    The toolbar keeps only what a board member needs: saving the chart as an image, and resetting a zoom on
    charts with axes. No cloud or share button (plotly.js ≥ 3.1 adds "Share chart…", which uploads the chart to
    Plotly Cloud), no plotly logo link, no JSON download; the words are Swedish (:data:`LOCALE_SV`). The page's
    script takes the toolbar's buttons out of the keyboard's tab order (``finsamdash/pack/page_ui.py``).
    """
    data = (figure or {}).get("data") or []
    cartesian = any(t.get("type", "scatter") in ("bar", "scatter", "histogram", "box") for t in data)
    buttons = ["toImage", "resetScale2d"] if cartesian else ["toImage"]
    return {
        "displaylogo": False,
        "showSendToCloud": False,
        "modeBarButtons": [buttons],
        "toImageButtonOptions": {"format": "png", "filename": "diagram", "scale": 2},
        "responsive": True,
        "locale": "sv",
        "locales": {"sv": LOCALE_SV},
    }
