"""The overview's one money chart: costs so far against the budget for the same period and the year."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from finsamdash.present.figures._base import _values, build
from finsamdash.present.theme import BLUE, GREY, LIGHT_GREY, ORANGE
from finsamdash.wording.charts import YEAR_BUDGET, YEAR_FORECAST
from finsamdash.wording.overview import AMOUNT_NAME, BUDGET_BAR_PREFIX

__all__ = ["cost_bars"]

#: Bar colour by what the bar is: budget (light/grey), actual (blue), forecast (orange).
_COLOURS = {YEAR_BUDGET: LIGHT_GREY, YEAR_FORECAST: ORANGE}


def _colour(label: str) -> str:
    if label in _COLOURS:
        return _COLOURS[label]
    return GREY if label.startswith(BUDGET_BAR_PREFIX) else BLUE


def cost_bars(frame: pd.DataFrame, *, title: str, alt: str, height: int = 260) -> go.Figure:
    """Horizontal bars of ``amount_tkr`` per ``label`` (in the frame's order, top to bottom), labelled in tkr.
    Missing amounts (NA) are not drawn."""
    labels = [str(v) for v in frame["label"]]
    values = _values(frame["amount_tkr"])
    trace = go.Bar(
        x=values, y=labels, orientation="h", marker={"color": [_colour(label) for label in labels]},
        texttemplate="%{x:,.0f} tkr", textposition="auto", name=AMOUNT_NAME,
        hovertemplate="%{y}: %{x:,.0f} tkr<extra></extra>",
    )
    fig = build([trace], title=title, alt=alt, height=height, showlegend=False,
                margin={"l": 230, "r": 30, "t": 60, "b": 50})
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_xaxes(title_text="tkr", rangemode="tozero", tickformat=",~r")
    return fig
