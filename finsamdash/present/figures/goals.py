"""Goal fulfilment figures: how many goals have each status, and one goal's outcome per year against its target.

Status is always shown with colour, symbol and word (:data:`finsamdash.present.theme.STATUS_STYLE`), never colour
alone. Hidden outcomes (privacy suppression) arrive as NA and are not drawn.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from finsamdash.present.figures._base import _values, build
from finsamdash.present.theme import BLUE, GREY, STATUS_STYLE
from finsamdash.wording.charts import GOAL_COUNT_HOVER, OUTCOME_NAME, STATUS_NAME, TARGET_NAME
from finsamdash.wording.pages import GOAL_COUNT_COLUMN

__all__ = ["goal_trend", "status_bar", "status_style"]



def status_style(status: str) -> dict[str, str]:
    """Colour, symbol and label of a goal status (``no_data`` for an unknown one)."""
    return STATUS_STYLE.get(status, STATUS_STYLE["no_data"])

#: Value axis suffix and hover format per goal unit.
_AXIS = {
    "percent": {"ticksuffix": " %", "hover": ",.0f", "suffix": " %"},
    "sek": {"ticksuffix": " kr", "hover": ",.0f", "suffix": " kr"},
    "mean": {"ticksuffix": "", "hover": ",.1f", "suffix": ""},
    "count": {"ticksuffix": "", "hover": ",.0f", "suffix": ""},
    "number": {"ticksuffix": "", "hover": ",.1f", "suffix": ""},
}


def _status_text(status: str) -> str:
    style = status_style(status)
    return f"{style['symbol']} {style['label']}"


def status_bar(counts: pd.DataFrame, *, title: str, alt: str, height: int = 260) -> go.Figure:
    """Horizontal bars: number of goals per status (``counts`` has columns ``status`` and ``count``, in the order
    to draw). Each bar is labelled with symbol, word and number and coloured by status."""
    statuses = [str(s) for s in counts["status"]]
    values = [int(v) for v in counts["count"]]
    labels = [_status_text(s) for s in statuses]
    trace = go.Bar(
        x=values, y=labels, orientation="h",
        marker={"color": [status_style(s)["color"] for s in statuses],
                "line": {"color": "#1A1A1A", "width": 0.5}},
        text=[str(v) for v in values], textposition="outside", cliponaxis=False,
        hovertemplate=GOAL_COUNT_HOVER, name=GOAL_COUNT_COLUMN,
    )
    fig = build([trace], title=title, alt=alt, height=height, showlegend=False,
                margin={"l": 150, "r": 40, "t": 60, "b": 40})
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_xaxes(title_text=GOAL_COUNT_COLUMN, dtick=1, rangemode="tozero")
    return fig


def goal_trend(trend: pd.DataFrame, *, title: str, alt: str, unit: str = "count", subtitle: str = "",
               height: int = 300) -> go.Figure:
    """One goal's outcome per year (a line, with a marker per year coloured by status and labelled with the status
    symbol) against its target (dashed grey line). ``trend`` has columns ``year_label`` (text, a category axis),
    ``outcome`` (NA when hidden or missing: not drawn), ``target`` and ``status``."""
    axis = _AXIS.get(unit, _AXIS["number"])
    years = [str(v) for v in trend["year_label"]]
    statuses = [str(s) for s in trend["status"]]
    outcome = go.Scatter(
        x=years, y=_values(trend["outcome"]), name=OUTCOME_NAME, mode="lines+markers",
        line={"color": BLUE, "width": 3}, marker={"size": 6, "color": BLUE},
        hoverinfo="skip", connectgaps=False,
    )
    # the status of each year: a marker in the status colour with the status symbol above it (not in the legend,
    # whose "Utfall" entry would otherwise take the first year's colour)
    status = go.Scatter(
        x=years, y=_values(trend["outcome"]), name=STATUS_NAME, mode="markers+text", showlegend=False,
        marker={"size": 13, "color": [status_style(s)["color"] for s in statuses],
                "line": {"color": "#1A1A1A", "width": 1}},
        text=[status_style(s)["symbol"] for s in statuses],
        textposition="top center", cliponaxis=False, customdata=[_status_text(s) for s in statuses],
        hovertemplate=f"%{{x}}: %{{y:{axis['hover']}}}{axis['suffix']} – %{{customdata}}<extra>Utfall</extra>",
    )
    target = go.Scatter(
        x=years, y=_values(trend["target"]), name=TARGET_NAME, mode="lines",
        line={"color": GREY, "width": 2, "dash": "dash"},
        hovertemplate=f"%{{x}}: %{{y:{axis['hover']}}}{axis['suffix']}<extra>{TARGET_NAME}</extra>",
    )
    fig = build([outcome, status, target], title=title, alt=alt, height=height, showlegend=True,
                margin={"l": 70, "r": 30, "t": 85 if subtitle else 60, "b": 40})
    if subtitle:
        fig.update_layout(title_subtitle_text=subtitle)
    fig.update_xaxes(type="category")
    drawn = [v for v in (*_values(trend["outcome"]), *_values(trend["target"])) if v is not None]
    top, bottom = max(drawn, default=1), min(drawn, default=0)
    # a line chart need not start at zero; the padding (at least a tenth of the largest value) keeps small
    # year-to-year differences from looking dramatic and leaves room for the status symbols above the points
    pad = max(0.25 * (top - bottom), 0.1 * abs(top), 1e-9)
    low = bottom - pad if bottom < 0 or bottom - pad > 0 else 0
    fig.update_yaxes(ticksuffix=axis["ticksuffix"], range=[low, top + pad])
    return fig
