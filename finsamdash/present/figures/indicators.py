"""Figures of the core indicator dashboard: flat functions, a tidy (already suppressed) frame first, keyword-only
options, ``-> go.Figure``. Shares are fractions (0–1) in the frames and drawn as percent; NA is never drawn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import n_colors

from finsamdash.present.figures._base import _values, build, line
from finsamdash.present.theme import BLUE, GREEN, GREY, ORANGE, PINK
from finsamdash.wording.charts import ANSWER_SHARE_AXIS, OTHER_ASSOCIATIONS, POSITIVE_SHARE_AXIS

#: One colour per level of the core indicators; the kind (process/effect) is shown by a pattern, not colour.
LEVEL_COLORS = {"participant": BLUE, "staff": ORANGE, "organisation": GREEN, "society": PINK}
KIND_PATTERNS = {"process": "", "effect": "/"}
PERCENT_TICKS = (0, 25, 50, 75, 100)

__all__ = ["comparison_dots", "diverging_bars", "item_bars", "step_colors", "trend_lines"]


def _percent(series: pd.Series) -> list:
    return [None if v is None else round(100 * float(v), 6) for v in _values(series)]


def item_bars(frame: pd.DataFrame, *, y: str, x: str = "positive_share", kind: str = "kind", level: str = "level",
              names: Mapping[tuple[str, str], str], title: str, alt: str, hover: str | None = None,
              x_title: str = POSITIVE_SHARE_AXIS) -> go.Figure:
    """Horizontal bars of a share (``x``, 0–1, drawn in percent) per item label ``y``, one trace per (kind, level)
    present, named by ``names[(kind, level)]``: colour by level, pattern by kind. ``hover`` names a text column
    added to the hover label."""
    traces = []
    for (k, lev), name in names.items():
        part = frame[(frame[kind] == k) & (frame[level] == lev)]
        if part.empty:
            continue
        traces.append(go.Bar(
            name=name, orientation="h", y=[str(v) for v in part[y]], x=_percent(part[x]),
            marker={"color": LEVEL_COLORS.get(lev, GREY),
                    "pattern": {"shape": KIND_PATTERNS.get(k, ""), "fillmode": "overlay", "solidity": 0.35}},
            customdata=[str(v) for v in part[hover]] if hover else None,
            texttemplate="%{x:.0f} %", textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{x:.0f} %" + ("<br>%{customdata}" if hover else "") + f"<extra>{name}</extra>",
        ))
    height = max(300, 140 + 26 * len(frame))
    fig = build(traces, title=title, alt=alt, height=height, barmode="overlay", showlegend=True,
                margin={"l": 60, "r": 30, "t": 70, "b": 60})
    fig.update_yaxes(type="category", autorange="reversed", categoryorder="array",
                     categoryarray=[str(v) for v in frame[y]])
    fig.update_xaxes(title_text=x_title, range=[0, 108], tickvals=list(PERCENT_TICKS),
                     ticktext=[f"{t} %" for t in PERCENT_TICKS])
    return fig


def trend_lines(frame: pd.DataFrame, *, x: str, y: Sequence[str], names: Sequence[str], title: str, alt: str,
                percent: bool = True, value_range: tuple[float, float] = (0, 1),
                y_title: str = POSITIVE_SHARE_AXIS) -> go.Figure:
    """One line per item column ``y`` over the periods in ``x`` (a category axis of Swedish period labels).
    ``percent``: the values are shares (0–1) drawn in percent; otherwise means drawn on ``value_range`` (the
    scale). Missing (suppressed) points are gaps."""
    plotted = frame.copy()
    if percent:
        for column in y:
            plotted[column] = _percent(plotted[column])
    fig = line(plotted, x=x, y=list(y), names=list(names), title=title, alt=alt, y_title=y_title,
               hover_format=".0f" if percent else ".1f")
    suffix = " %" if percent else ""
    for trace in fig.data:
        trace.hovertemplate = f"%{{x}}: %{{y:{'.0f' if percent else '.1f'}}}{suffix}<extra>{trace.name}</extra>"
    fig.update_layout(showlegend=True)
    if percent:
        fig.update_yaxes(range=[0, 105], tickvals=list(PERCENT_TICKS), ticktext=[f"{t} %" for t in PERCENT_TICKS])
    else:
        low, high = value_range
        fig.update_yaxes(range=[low - 0.2, high + 0.2], dtick=1, tickformat=",d")
    return fig


def step_colors(negative: int, positive: int) -> tuple[list[str], list[str], str]:
    """Colour-blind-safe diverging colours: ``negative`` shades from vermillion (lowest step) to light orange,
    ``positive`` shades from light blue to dark blue (highest step), and a grey for a middle step."""
    def ramp(start: str, end: str, count: int) -> list[str]:
        if count <= 0:
            return []
        if count == 1:
            return [end]
        return n_colors(start, end, count, colortype="rgb")

    rgb = {"vermillion": "rgb(213, 94, 0)", "light_orange": "rgb(247, 211, 153)",
           "light_blue": "rgb(166, 209, 239)", "blue": "rgb(0, 84, 140)"}
    neg = ramp(rgb["vermillion"], rgb["light_orange"], negative)  # lowest step first
    pos = ramp(rgb["light_blue"], rgb["blue"], positive)  # lowest positive step first
    return neg, pos, "rgb(200, 200, 200)"


def diverging_bars(frame: pd.DataFrame, *, y: str, negative: Sequence[int], positive: Sequence[int],
                   middle: int | None = None, step_names: Mapping[int, str], title: str, alt: str,
                   side_text: str | None = None, share_column: str = "share_{step}") -> go.Figure:
    """Diverging stacked bars of the answer distribution per item label ``y``: the shares (0–1) of the
    ``negative`` steps drawn left of zero (negative x), the ``positive`` steps right of it, a ``middle`` step (odd
    scales) split half on each side. "Vet ej" is not in the bars; ``side_text`` names a column of text shown to the
    right of each bar (e.g. n and vet ej)."""
    labels = [str(v) for v in frame[y]]
    neg_colors, pos_colors, mid_color = step_colors(len(negative), len(positive))
    colors = dict(zip(negative, neg_colors, strict=True)) | dict(zip(positive, pos_colors, strict=True))
    traces = []

    def add(step: int, sign: int, factor: float = 1.0, *, show: bool = True) -> None:
        shares = _percent(frame[share_column.format(step=step)])
        drawn = [None if v is None else sign * factor * v for v in shares]
        traces.append(go.Bar(
            name=step_names[step], orientation="h", y=labels, x=drawn, customdata=shares,
            marker_color=colors.get(step, mid_color), legendgroup=str(step), showlegend=show, legendrank=step,
            hovertemplate="%{y}: %{customdata:.0f} %" + f"<extra>{step_names[step]}</extra>",
        ))

    if middle is not None:
        add(middle, -1, 0.5)
    for step in sorted(negative, reverse=True):  # nearest to zero first, so the lowest step ends up outermost
        add(step, -1)
    if middle is not None:
        add(middle, 1, 0.5, show=False)
    for step in sorted(positive):
        add(step, 1)
    height = max(320, 160 + 30 * len(labels))
    fig = build(traces, title=title, alt=alt, height=height, barmode="relative", showlegend=True,
                margin={"l": 60, "r": 170, "t": 70, "b": 60},
                legend={"traceorder": "normal"})  # in the order of the steps (legendrank), not grouped
    fig.update_yaxes(type="category", autorange="reversed", categoryorder="array", categoryarray=labels)
    ticks = (-100, -50, 0, 50, 100)
    fig.update_xaxes(range=[-100, 100], tickvals=list(ticks), ticktext=[f"{abs(t)} %" for t in ticks],
                     zeroline=True, zerolinecolor="#1A1A1A", zerolinewidth=2, title_text=ANSWER_SHARE_AXIS)
    if side_text:
        for label, text in zip(labels, frame[side_text], strict=True):
            fig.add_annotation(x=1.01, xref="paper", xanchor="left", y=label, yref="y", text=str(text),
                               showarrow=False, font={"size": 12, "color": "#444"})
    return fig


def comparison_dots(frame: pd.DataFrame, *, y: str, x: str, association: str, own: str, own_name: str,
                    title: str, alt: str, percent: bool = True, value_range: tuple[float, float] = (0, 1),
                    x_title: str = POSITIVE_SHARE_AXIS, others_name: str = OTHER_ASSOCIATIONS) -> go.Figure:
    """One dot per association and item label ``y`` at value ``x``: the association shown (boolean column ``own``)
    as a large blue diamond named ``own_name``, the others as grey circles (their names in the hover label)."""
    labels = list(dict.fromkeys(str(v) for v in frame[y]))
    traces = []
    for is_own in (False, True):
        part = frame[frame[own].astype(bool) == is_own]
        values = _percent(part[x]) if percent else _values(part[x])
        fmt = ".0f" if percent else ".1f"
        suffix = " %" if percent else ""
        traces.append(go.Scatter(
            name=own_name if is_own else others_name, mode="markers", y=[str(v) for v in part[y]], x=values,
            customdata=[str(v) for v in part[association]],
            marker={"color": BLUE if is_own else GREY, "size": 15 if is_own else 10,
                    "symbol": "diamond" if is_own else "circle", "line": {"width": 1, "color": "white"},
                    "opacity": 1.0 if is_own else 0.8},
            hovertemplate=f"%{{customdata}} · %{{y}}: %{{x:{fmt}}}{suffix}<extra></extra>",
        ))
    height = max(320, 150 + 26 * len(labels))
    fig = build(traces, title=title, alt=alt, height=height, showlegend=True)
    fig.update_yaxes(type="category", autorange="reversed", categoryorder="array", categoryarray=labels,
                     showgrid=True, gridcolor="#EBEBEB")
    if percent:
        fig.update_xaxes(range=[-2, 102], tickvals=list(PERCENT_TICKS), ticktext=[f"{t} %" for t in PERCENT_TICKS],
                         title_text=x_title)
    else:
        fig.update_xaxes(range=[value_range[0] - 0.2, value_range[1] + 0.2], dtick=1, title_text=x_title)
    return fig

