"""Budget figures: burn-up and burn-down per month, intervention consumption, administration share, members'
contributions, result and equity.

Every function takes a frame from :mod:`finsamdash.metrics.budget` first and keyword-only context (year, the
books-closed date, the year's cost outlook) and writes its own title (the finding, in Swedish) and alt text. Amounts
are drawn in tkr, hover text included; months are Swedish month names on a category axis. The year-end forecast is
dashed; the only other line after the books-closed date is the dotted comparison "Jämförelse: takten hittills" in
the burn-up chart (what the costs would be if the rate so far went on), never called a forecast.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from finsamdash.present.figures._base import bar, build, line
from finsamdash.present.theme import BLUE, GREEN, GREY, ORANGE, PINK, SKY, VERMILLION
from finsamdash.wording import budget_charts as words
from finsamdash.wording.budget import ALL_COSTS_SCOPE, actual_label, until_sv
from finsamdash.wording.budget_charts import PERCENT_AXIS, RATE_NAME, TYPE_NAMES
from finsamdash.wording.budget_rows import TOTAL_ROW
from finsamdash.wording.formatting import fmt_percent, fmt_tkr, is_missing

__all__ = [
    "burn_down",
    "burn_up",
    "consumption_bars",
    "contribution_split_bars",
    "contributions_bars",
    "cost_split_bars",
    "equity_waterfall",
    "result_bars",
]

TOTAL = TOTAL_ROW
ACTUAL_COLOR, BUDGET_COLOR, FORECAST_COLOR, RATE_COLOR = BLUE, GREY, ORANGE, VERMILLION
TYPE_COLORS = {"state": BLUE, "region": GREEN, "municipality": ORANGE}


def _num(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def _tkr_frame(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        out[column] = out[column].astype("Float64") / 1000
    return out


def _hover_tkr(fig: go.Figure) -> go.Figure:
    for trace in fig.data:
        if trace.hovertemplate:
            trace.hovertemplate = trace.hovertemplate.replace("}<extra>", "} tkr<extra>")
    return fig


def _title(main: str, sub: str = "") -> str:
    return f"{main}<br><sup>{sub}</sup>" if sub else main


def _share(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _drawn(frame: pd.DataFrame, columns: list[str], names: list[str], dashes: list[str], colors: list[str]):
    """Keep only the lines that have at least one value."""
    keep = [i for i, c in enumerate(columns) if frame[c].notna().any()]
    return ([columns[i] for i in keep], [names[i] for i in keep], [dashes[i] for i in keep],
            [colors[i] for i in keep])


# --- burn-up / burn-down ---------------------------------------------------------------------------------------


def burn_up(burn: pd.DataFrame, *, outlook: Mapping[str, Any], year: int, cutoff: date | None,
            scope: str = ALL_COSTS_SCOPE) -> go.Figure:
    """Cumulative budget and actual costs per month, the year-end forecast after the books-closed date
    (``cutoff``) and the run rate as a named comparison.

    ``burn`` is :func:`~finsamdash.metrics.budget.burn_with_forecast`; ``outlook`` the matching
    :func:`~finsamdash.metrics.budget.cost_outlook`; ``scope`` names the costs shown (an intervention's name).
    """
    annual, to_date = _num(outlook["budget"]), _num(outlook["to_date"])
    budget_to_date, projected = _num(outlook["budget_to_date"]), _num(outlook["forecast"])
    closed = bool(outlook["closed"])
    prefix = words.scope_prefix(scope)
    until = until_sv(cutoff)
    if to_date is None:
        main = words.burn_up_nothing_booked(prefix, year, until)
        sub = words.year_budget_is(annual) if annual is not None else ""
    elif closed:
        main = words.burn_up_closed(prefix, year, to_date, annual)
        sub = words.budget_sub(annual, year)
    else:
        main = words.burn_up_running(prefix, until, to_date, budget_to_date)
        sub = words.burn_up_forecast_sub(projected, annual, year)
    columns = ["cum_budget_costs", "cum_actual_costs", "forecast_cum_costs", "run_rate_cum_costs"]
    cols, names, dashes, colors = _drawn(
        burn, columns, [*words.BURN_UP_NAMES, RATE_NAME],
        ["solid", "solid", "dash", "dot"], [BUDGET_COLOR, ACTUAL_COLOR, FORECAST_COLOR, RATE_COLOR])
    alt = words.burn_up_alt(scope, year, annual, to_date, until, closed=closed, projected=projected,
                            has_rate="run_rate_cum_costs" in cols)
    fig = line(_tkr_frame(burn, columns), x="month_name", y=cols, names=names, dashes=dashes, colors=colors,
               title=_title(_capital(main), sub), alt=alt, y_title="tkr")
    return _hover_tkr(fig)


def burn_down(burn: pd.DataFrame, *, outlook: Mapping[str, Any], year: int, cutoff: date | None,
              scope: str = ALL_COSTS_SCOPE) -> go.Figure:
    """What is left of the year's cost budget after each month: as planned, as booked, and by the forecast."""
    annual, to_date, projected = _num(outlook["budget"]), _num(outlook["to_date"]), _num(outlook["forecast"])
    closed = bool(outlook["closed"])
    prefix = words.scope_prefix(scope)
    if annual is None:
        main, sub = words.burn_down_no_budget(prefix, year), ""
    elif to_date is None:
        main, sub = words.burn_down_all_left(prefix, annual), words.NOTHING_BOOKED_YET
    elif closed:
        main, sub = words.burn_down_closed(prefix, year, annual - to_date), ""
    else:
        main = words.burn_down_running(prefix, annual - to_date, annual, until_sv(cutoff))
        sub = words.burn_down_forecast_sub(annual - projected) if projected is not None else ""
    columns = ["planned_remaining_costs", "remaining_budget_costs", "forecast_remaining_costs"]
    cols, names, dashes, colors = _drawn(
        burn, columns, words.BURN_DOWN_NAMES, ["solid", "solid", "dash"],
        [BUDGET_COLOR, ACTUAL_COLOR, FORECAST_COLOR])
    alt = words.burn_down_alt(scope, year, annual, to_date, until_sv(cutoff), closed=closed)
    fig = line(_tkr_frame(burn, columns), x="month_name", y=cols, names=names, dashes=dashes, colors=colors,
               title=_title(_capital(main), sub), alt=alt, y_title="tkr")
    return _hover_tkr(fig)


# --- interventions ---------------------------------------------------------------------------------------------


def consumption_bars(consumption: pd.DataFrame, *, year_share: float, year: int,
                     tolerance: float = 0.01) -> go.Figure:
    """Förbrukningsgrad per intervention (bars, percent of the year's budget), the budget's share to date per
    intervention (markers) and the share of the year elapsed (a reference line).

    The title names the interventions whose consumption exceeds their budget share to date by more than
    ``tolerance`` (a fraction of the year's budget: one percentage point by default).

    ``consumption`` is :func:`~finsamdash.metrics.budget.intervention_consumption` (its ``Totalt`` row is used
    for the subtitle, not drawn)."""
    rows = consumption.drop(index=TOTAL, errors="ignore")
    total = consumption.loc[TOTAL] if TOTAL in consumption.index else None
    closed = year_share >= 1
    known = rows.dropna(subset=["consumption", "budget_share_to_date"])
    over = [str(n) for n, r in known.iterrows() if r["consumption"] - r["budget_share_to_date"] > tolerance]
    what = words.consumption_what(closed=closed)
    if not len(known):
        main = words.NO_CONSUMPTION
    elif not over:
        main = words.consumption_none_over([str(n) for n in known.index], what)
    else:
        main = words.consumption_over(over, len(known), what)
    sub = ""
    if total is not None and not is_missing(total["consumption"]):
        sub = words.consumption_sub(total["consumption"], year_share, closed=closed)
    names = [str(n) for n in rows.index]
    used = [None if is_missing(v) else 100 * float(v) for v in rows["consumption"]]
    planned = [None if is_missing(v) else 100 * float(v) for v in rows["budget_share_to_date"]]
    traces = [
        # the value at the start of the bar: at its end it met the "budget to date" strokes and the year line
        go.Bar(y=names, x=used, orientation="h", name=words.CONSUMED_NAME, marker_color=BLUE,
               texttemplate="%{x:.0f} %", textposition="auto", insidetextanchor="start",
               hovertemplate=words.CONSUMED_HOVER),
    ]
    if not closed:  # in a closed year the whole budget is "to date": the reference line at 100 % says it all
        traces.append(go.Scatter(
            y=names, x=planned, mode="markers", name=words.BUDGET_TO_DATE_NAME,
            marker={"symbol": "line-ns-open", "size": 26, "line": {"width": 3, "color": "#000000"},
                    "color": "#000000"},
            hovertemplate=words.BUDGET_TO_DATE_HOVER))
    alt = words.consumption_alt(year, year_share, over, what, closed=closed)
    fig = build(traces, title=_title(main, sub), alt=alt, height=max(320, 90 + 42 * len(names)),
                showlegend=True)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title_text=words.CONSUMPTION_AXIS, ticksuffix=" %", rangemode="tozero")
    fig.add_vline(x=100 * year_share, line_dash="dash", line_color=GREY,
                  annotation_text=words.year_booked_share(year_share), annotation_position="top")
    return fig


# --- administration --------------------------------------------------------------------------------------------


def cost_split_bars(split: pd.DataFrame, *, year: int, closed: bool, cutoff: date | None = None) -> go.Figure:
    """Administration, interventions (and financial costs) as shares of all costs: actual (to the books-closed
    date ``cutoff``), the year-end forecast (a running year) and the budget, 100 % stacked bars. ``split`` is
    :func:`~finsamdash.metrics.budget.admin_split`."""
    rows = split.drop(index=TOTAL, errors="ignore")
    admin = rows.loc[rows["group"] == "administration"].iloc[0]
    until = until_sv(cutoff)
    period = "" if closed else f" {until}"
    bars = [(actual_label(until, closed=closed), "actual_share", "actual_to_date")]
    if not closed:
        bars.append((words.FORECAST_YEAR, "forecast_share", "forecast"))
    bars.append((words.BUDGET, "budget_share", "budget"))
    actual_share, budget_share = (fmt_percent(admin["actual_share"], decimals=1),
                                  fmt_percent(admin["budget_share"], decimals=1))
    main = words.admin_share_title(year, actual_share, budget_share, period,
                                   has_actual=not is_missing(admin["actual_share"]),
                                   has_budget=not is_missing(admin["budget_share"]))
    sub = ""
    if not closed and not is_missing(admin["forecast_share"]):
        sub = words.forecast_share_sub(fmt_percent(admin["forecast_share"], decimals=1))
    colors = {"administration": PINK, "intervention": BLUE, "financial_cost": GREY}
    traces = []
    for label, row in rows.iterrows():
        values = [row[share] for _bar, share, _amount in bars]
        amounts = [row[amount] for _bar, _share, amount in bars]
        traces.append(go.Bar(
            y=[bar for bar, _share, _amount in bars], x=[None if is_missing(v) else 100 * float(v) for v in values],
            orientation="h", name=str(label), marker_color=colors.get(str(row["group"]), SKY),
            text=[fmt_percent(v) if not is_missing(v) else "" for v in values], textposition="inside",
            customdata=[fmt_tkr(a) for a in amounts],
            hovertemplate=f"{label}: %{{x:.1f}} % (%{{customdata}})<extra></extra>",
        ))
    alt = words.cost_split_alt(year, until, closed=closed)
    fig = build(traces, title=_title(main, sub), alt=alt, height=300 + 40 * (len(bars) - 2), barmode="stack",
                showlegend=True)
    fig.update_xaxes(range=[0, 100], ticksuffix=" %", title_text=words.COST_SPLIT_AXIS)
    fig.update_yaxes(autorange="reversed", type="category")
    return fig


# --- contributions ---------------------------------------------------------------------------------------------


def contributions_bars(by_member: pd.DataFrame, *, year: int) -> go.Figure:
    """The members' contributions (horizontal bars in tkr, coloured by member type).
    ``by_member`` is :func:`~finsamdash.metrics.budget.contributions_by_member`."""
    rows = by_member.drop(index=TOTAL, errors="ignore")
    total = float(rows["amount_sek"].sum())
    top = rows["amount_sek"].astype(float).idxmax()
    main = words.contributions_title(total, year)
    sub = words.largest_contribution(top, rows.at[top, "amount_sek"], rows.at[top, "share"])
    traces = []
    for kind in [*TYPE_NAMES, None]:
        part = rows[rows["member_type"].isna()] if kind is None else rows[rows["member_type"] == kind]
        if part.empty:
            continue
        traces.append(go.Bar(
            y=[str(m) for m in part.index], x=[float(v) / 1000 for v in part["amount_sek"]], orientation="h",
            name=TYPE_NAMES.get(kind, words.OTHER_MEMBERS), marker_color=TYPE_COLORS.get(kind, GREY),
            texttemplate="%{x:,.0f} tkr", textposition="auto",
            hovertemplate="%{y}: %{x:,.0f} tkr<extra></extra>",
        ))
    alt = words.contributions_alt(year, total)
    fig = build(traces, title=_title(main, sub), alt=alt, height=max(300, 110 + 38 * len(rows)), showlegend=True)
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array",
                     categoryarray=[str(m) for m in rows.index])
    fig.update_xaxes(title_text="tkr", rangemode="tozero")
    return fig


def contribution_split_bars(split: pd.DataFrame, *, year: int) -> go.Figure:
    """Share of the contributions per member type against the 50/25/25 split of the law (grouped bars).
    ``split`` is :func:`~finsamdash.metrics.budget.contribution_split`."""
    rows = split.drop(index=TOTAL, errors="ignore")
    shares = {str(label): _num(row["share"]) for label, row in rows.iterrows()}
    follows = all(fmt_percent(row["share"]) == fmt_percent(row["nominal_share"]) for _l, row in rows.iterrows())
    listing = ", ".join(f"{label.lower()} {fmt_percent(share)}" for label, share in shares.items())
    main = words.CONTRIBUTIONS_FOLLOW_LAW if follows else words.contributions_deviate(listing)
    frame = pd.DataFrame({"type": list(shares), "share": [None if v is None else 100 * v for v in shares.values()],
                          "nominal": [100 * float(v) for v in rows["nominal_share"]]})
    alt = words.contribution_split_alt(year, listing)
    fig = bar(frame, x="type", y=["share", "nominal"],
              names=[words.CONTRIBUTION_SHARE_NAME, words.CONTRIBUTION_LAW_NAME],
              colors=[BLUE, GREY], title=main, alt=alt, text_format="%{y:.0f} %", hover_format=".1f",
              y_title=PERCENT_AXIS, height=360)
    for trace in fig.data:
        trace.hovertemplate = trace.hovertemplate.replace("}<extra>", "} %<extra>")
    fig.update_yaxes(ticksuffix=" %", rangemode="tozero")
    return fig


# --- result and equity -----------------------------------------------------------------------------------------


def result_bars(result: pd.DataFrame, *, year: int) -> go.Figure:
    """The year's result: actual (to date), budget and the forecast as bars in tkr.
    ``result`` is :func:`~finsamdash.metrics.budget.result_overview`."""
    values = {str(k): _num(v) for k, v in result["result_sek"].items()}
    budget = values.get(words.BUDGET_YEAR, values.get(words.BUDGET))
    budget_text = words.budget_in_brackets(budget)
    if words.ACTUAL_YEAR in values:
        main = words.year_result_title(year, values[words.ACTUAL_YEAR], budget_text)
    elif values.get(words.FORECAST_YEAR) is not None:
        main = words.forecast_result_title(year, values[words.FORECAST_YEAR], budget_text)
    else:
        main = words.no_result_forecast(year)
    colors = {words.ACTUAL_TO_DATE: ACTUAL_COLOR, words.ACTUAL_YEAR: ACTUAL_COLOR, words.BUDGET_YEAR: BUDGET_COLOR,
              words.BUDGET: BUDGET_COLOR, words.FORECAST_YEAR: FORECAST_COLOR}
    labels = list(values)
    trace = go.Bar(x=labels, y=[None if v is None else v / 1000 for v in values.values()],
                   marker_color=[colors.get(k, SKY) for k in labels], texttemplate="%{y:,.0f} tkr",
                   textposition="auto", hovertemplate="%{x}: %{y:,.0f} tkr<extra></extra>", name=words.RESULT_NAME)
    alt = words.result_alt(year, values)
    fig = build([trace], title=main, alt=alt, height=380, showlegend=False)
    fig.update_xaxes(type="category")
    fig.update_yaxes(title_text="tkr", zeroline=True)
    return fig


def equity_waterfall(bridge: pd.DataFrame, *, year: int, share: float | None, closed: bool) -> go.Figure:
    """Opening equity → the year's result → closing equity (a waterfall in tkr); ``share`` is the closing
    equity as a share of the year's contributions. ``bridge`` is :func:`~finsamdash.metrics.budget.equity_bridge`."""
    amounts = [_num(v) for v in bridge["amount_sek"]]
    closing = amounts[-1]
    main = words.equity_title(year, amounts[0], closing, share, closed=closed)
    labels = [str(i) for i in bridge.index]
    trace = go.Waterfall(
        x=labels, y=[None if v is None else v / 1000 for v in amounts], measure=list(bridge["measure"]),
        text=[fmt_tkr(v) for v in amounts], textposition="outside",
        increasing={"marker": {"color": GREEN}}, decreasing={"marker": {"color": VERMILLION}},
        totals={"marker": {"color": BLUE}}, connector={"line": {"color": GREY}},
        hovertemplate="%{x}: %{y:,.0f} tkr<extra></extra>", name=words.EQUITY_NAME,
    )
    alt = words.equity_alt(amounts[0], amounts[1], closing, closed=closed)
    fig = build([trace], title=main, alt=alt, height=400, showlegend=False)
    fig.update_xaxes(type="category")
    fig.update_yaxes(title_text="tkr", rangemode="tozero")
    return fig
