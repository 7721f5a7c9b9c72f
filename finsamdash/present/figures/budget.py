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
from finsamdash.wording.economy import result_sv
from finsamdash.wording.formatting import fmt_date, fmt_percent, fmt_tkr, is_missing

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

TOTAL = "Totalt"
ACTUAL_COLOR, BUDGET_COLOR, FORECAST_COLOR, RATE_COLOR = BLUE, GREY, ORANGE, VERMILLION
#: The name of the burn-up chart's comparison line (the run rate): never a second forecast.
RATE_NAME = "Jämförelse: takten hittills"
TYPE_COLORS = {"state": BLUE, "region": GREEN, "municipality": ORANGE}
TYPE_NAMES = {"state": "Staten", "region": "Regionen", "municipality": "Kommun"}


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


def _left_sv(left: float) -> str:
    """'220 tkr kvar' or 'budgeten överskrids med 35 tkr'."""
    return f"{fmt_tkr(left)} kvar" if left >= 0 else f"budgeten överskrids med {fmt_tkr(-left)}"


def _drawn(frame: pd.DataFrame, columns: list[str], names: list[str], dashes: list[str], colors: list[str]):
    """Keep only the lines that have at least one value."""
    keep = [i for i, c in enumerate(columns) if frame[c].notna().any()]
    return ([columns[i] for i in keep], [names[i] for i in keep], [dashes[i] for i in keep],
            [colors[i] for i in keep])


def _prefix(scope: str) -> str:
    return "" if scope == "alla kostnader" else f"{scope}: "


# --- burn-up / burn-down ---------------------------------------------------------------------------------------


def _until(cutoff: date | None) -> str:
    return f"t.o.m. {fmt_date(cutoff)}" if cutoff is not None else "hittills"


def burn_up(burn: pd.DataFrame, *, outlook: Mapping[str, Any], year: int, cutoff: date | None,
            scope: str = "alla kostnader") -> go.Figure:
    """Cumulative budget and actual costs per month, the year-end forecast after the books-closed date
    (``cutoff``) and the run rate as a named comparison.

    ``burn`` is :func:`~finsamdash.metrics.budget.burn_with_forecast`; ``outlook`` the matching
    :func:`~finsamdash.metrics.budget.cost_outlook`; ``scope`` names the costs shown (an intervention's name).
    """
    annual, to_date = _num(outlook["budget"]), _num(outlook["to_date"])
    budget_to_date, projected = _num(outlook["budget_to_date"]), _num(outlook["forecast"])
    closed = bool(outlook["closed"])
    prefix = _prefix(scope)
    until = _until(cutoff)
    if to_date is None:
        main = f"{prefix}inget utfall bokfört för {year} {until}"
        sub = f"Budgeten för året är {fmt_tkr(annual)}" if annual is not None else ""
    elif closed:
        main = f"{prefix}kostnaderna {year} blev {fmt_tkr(to_date)}"
        if annual:
            main += f", {fmt_percent(to_date / annual)} av budgeten"
        sub = f"Budget {fmt_tkr(annual)}" if annual is not None else f"Budget för {year} saknas"
    else:
        main = f"{prefix}kostnaderna {until} är {fmt_tkr(to_date)}"
        if budget_to_date:
            main += f", {fmt_percent(to_date / budget_to_date)} av budgeten för perioden"
        if annual is not None:
            sub = f"Prognos för helåret: {fmt_tkr(projected)}; årsbudget {fmt_tkr(annual)}"
        else:
            sub = f"Budget för {year} saknas; prognos för helåret med takten hittills: {fmt_tkr(projected)}"
    columns = ["cum_budget_costs", "cum_actual_costs", "forecast_cum_costs", "run_rate_cum_costs"]
    cols, names, dashes, colors = _drawn(
        burn, columns, ["Budget, ackumulerad", "Utfall, ackumulerat", "Prognos", RATE_NAME],
        ["solid", "solid", "dash", "dot"], [BUDGET_COLOR, ACTUAL_COLOR, FORECAST_COLOR, RATE_COLOR])
    alt = (f"Linjediagram över {scope} per månad {year}, i tkr: den ackumulerade budgeten når "
           f"{fmt_tkr(annual)} i december och det ackumulerade utfallet är {fmt_tkr(to_date)} "
           f"{'för helåret' if closed else until}.")
    if not closed and projected is not None:
        alt += f" En streckad linje visar prognosen till årets slut, {fmt_tkr(projected)}."
        if "run_rate_cum_costs" in cols:
            alt += " En prickad linje jämför med vad kostnaderna blir om takten hittills håller i sig."
    fig = line(_tkr_frame(burn, columns), x="month_name", y=cols, names=names, dashes=dashes, colors=colors,
               title=_title(_capital(main), sub), alt=alt, y_title="tkr")
    return _hover_tkr(fig)


def burn_down(burn: pd.DataFrame, *, outlook: Mapping[str, Any], year: int, cutoff: date | None,
              scope: str = "alla kostnader") -> go.Figure:
    """What is left of the year's cost budget after each month: as planned, as booked, and by the forecast."""
    annual, to_date, projected = _num(outlook["budget"]), _num(outlook["to_date"]), _num(outlook["forecast"])
    closed = bool(outlook["closed"])
    prefix = _prefix(scope)
    if annual is None:
        main, sub = f"{prefix}budget för {year} saknas, så det går inte att visa vad som återstår", ""
    elif to_date is None:
        main, sub = f"{prefix}hela kostnadsbudgeten på {fmt_tkr(annual)} återstår", "Inget utfall bokfört ännu"
    elif closed:
        left = annual - to_date
        main = (f"{prefix}{fmt_tkr(left)} av kostnadsbudgeten för {year} blev kvar" if left >= 0
                else f"{prefix}kostnadsbudgeten för {year} överskreds med {fmt_tkr(-left)}")
        sub = ""
    else:
        left = annual - to_date
        main = (f"{prefix}{fmt_tkr(left)} av årets kostnadsbudget återstår {_until(cutoff)} "
                f"({fmt_percent(left / annual)})" if left >= 0 and annual else
                f"{prefix}kostnadsbudgeten är redan överskriden med {fmt_tkr(-left)}")
        sub = f"Vid årets slut enligt prognosen: {_left_sv(annual - projected)}" if projected is not None else ""
    columns = ["planned_remaining_costs", "remaining_budget_costs", "forecast_remaining_costs"]
    cols, names, dashes, colors = _drawn(
        burn, columns, ["Kvar enligt budget", "Kvar enligt utfall", "Prognos"], ["solid", "solid", "dash"],
        [BUDGET_COLOR, ACTUAL_COLOR, FORECAST_COLOR])
    alt = (f"Linjediagram över vad som återstår av kostnadsbudgeten ({scope}) efter varje månad {year}, i tkr; "
           f"enligt planen ska budgeten vara förbrukad i december.")
    if annual is not None and to_date is not None:
        alt += (f" Efter årets utfall blev {_left_sv(annual - to_date)}." if closed else
                f" Efter utfallet {_until(cutoff)} återstår {fmt_tkr(annual - to_date)}.")
    fig = line(_tkr_frame(burn, columns), x="month_name", y=cols, names=names, dashes=dashes, colors=colors,
               title=_title(_capital(main), sub), alt=alt, y_title="tkr")
    return _hover_tkr(fig)


# --- interventions ---------------------------------------------------------------------------------------------


def _names_sv(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


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
    what = "årsbudgeten" if closed else "budgeten hittills"
    if not len(known):
        main = "Förbrukningsgraden kan inte beräknas utan budget och utfall per insats"
    elif not over:
        main = f"Alla {len(known)} insatser har förbrukat mindre än {what}" if len(known) > 1 else \
            f"{known.index[0]} har förbrukat mindre än {what}"
    elif len(over) <= 2:
        main = f"{_names_sv(over)} har förbrukat mer än {what}"
    else:
        main = f"{len(over)} av {len(known)} insatser har förbrukat mer än {what}"
    sub = ""
    if total is not None and not is_missing(total["consumption"]):
        sub = f"Insatserna totalt har förbrukat {fmt_percent(total['consumption'])} av årsbudgeten"
        if not closed:
            sub += f"; {fmt_percent(year_share)} av året är bokfört"
    names = [str(n) for n in rows.index]
    used = [None if is_missing(v) else 100 * float(v) for v in rows["consumption"]]
    planned = [None if is_missing(v) else 100 * float(v) for v in rows["budget_share_to_date"]]
    traces = [
        # the value at the start of the bar: at its end it met the "budget to date" strokes and the year line
        go.Bar(y=names, x=used, orientation="h", name="Förbrukat av årsbudgeten", marker_color=BLUE,
               texttemplate="%{x:.0f} %", textposition="auto", insidetextanchor="start",
               hovertemplate="%{y}: %{x:.0f} % förbrukat<extra></extra>"),
    ]
    if not closed:  # in a closed year the whole budget is "to date": the reference line at 100 % says it all
        traces.append(go.Scatter(
            y=names, x=planned, mode="markers", name="Budget hittills",
            marker={"symbol": "line-ns-open", "size": 26, "line": {"width": 3, "color": "#000000"},
                    "color": "#000000"},
            hovertemplate="%{y}: budget hittills %{x:.0f} %<extra></extra>"))
    if closed:
        alt = (f"Liggande stapeldiagram: hur stor del av årsbudgeten {year} varje insats förbrukade, i procent, "
               "med en lodrät linje vid 100 %.")
    else:
        alt = (f"Liggande stapeldiagram: hur stor del av årsbudgeten {year} varje insats har förbrukat, i procent, "
               f"med ett streck för budgeten hittills per insats och en lodrät linje där {fmt_percent(year_share)} "
               "av året är bokfört.")
    if over:
        alt += f" Över {what}: {_names_sv(over)}."
    fig = build(traces, title=_title(main, sub), alt=alt, height=max(320, 90 + 42 * len(names)),
                showlegend=True)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title_text="procent av årsbudgeten", ticksuffix=" %", rangemode="tozero")
    fig.add_vline(x=100 * year_share, line_dash="dash", line_color=GREY,
                  annotation_text=f"{fmt_percent(year_share)} av året bokfört", annotation_position="top")
    return fig


# --- administration --------------------------------------------------------------------------------------------


def cost_split_bars(split: pd.DataFrame, *, year: int, closed: bool, cutoff: date | None = None) -> go.Figure:
    """Administration, interventions (and financial costs) as shares of all costs: actual (to the books-closed
    date ``cutoff``), the year-end forecast (a running year) and the budget, 100 % stacked bars. ``split`` is
    :func:`~finsamdash.metrics.budget.admin_split`."""
    rows = split.drop(index=TOTAL, errors="ignore")
    admin = rows.loc[rows["group"] == "administration"].iloc[0]
    period = "" if closed else f" {_until(cutoff)}"
    bars = [("Utfall" if closed else f"Utfall {_until(cutoff)}", "actual_share", "actual_to_date")]
    if not closed:
        bars.append(("Prognos helår", "forecast_share", "forecast"))
    bars.append(("Budget", "budget_share", "budget"))
    actual_share, budget_share = (fmt_percent(admin["actual_share"], decimals=1),
                                  fmt_percent(admin["budget_share"], decimals=1))
    if is_missing(admin["actual_share"]):
        main = f"Administrationens andel enligt budgeten {year} är {budget_share}"
    elif is_missing(admin["budget_share"]):
        main = f"Administrationen står för {actual_share} av kostnaderna{period}"
    else:
        main = f"Administrationen står för {actual_share} av kostnaderna{period} (budget {budget_share})"
    sub = ""
    if not closed and not is_missing(admin["forecast_share"]):
        sub = f"Prognos för helåret: {fmt_percent(admin['forecast_share'], decimals=1)}"
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
    what = "för utfallet" if closed else f"för utfallet {_until(cutoff)}, prognosen för helåret"
    alt = (f"Staplar som delar kostnaderna {year} i administration (kansli, styrelse, revision) och insatser, "
           f"i procent av alla kostnader, {what} och för budgeten.")
    fig = build(traces, title=_title(main, sub), alt=alt, height=300 + 40 * (len(bars) - 2), barmode="stack",
                showlegend=True)
    fig.update_xaxes(range=[0, 100], ticksuffix=" %", title_text="procent av kostnaderna")
    fig.update_yaxes(autorange="reversed", type="category")
    return fig


# --- contributions ---------------------------------------------------------------------------------------------


def contributions_bars(by_member: pd.DataFrame, *, year: int) -> go.Figure:
    """The members' contributions (horizontal bars in tkr, coloured by member type).
    ``by_member`` is :func:`~finsamdash.metrics.budget.contributions_by_member`."""
    rows = by_member.drop(index=TOTAL, errors="ignore")
    total = float(rows["amount_sek"].sum())
    top = rows["amount_sek"].astype(float).idxmax()
    main = f"Medlemmarna bidrar med {fmt_tkr(total)} {year}"
    sub = f"Störst är {top} med {fmt_tkr(rows.at[top, 'amount_sek'])} ({fmt_percent(rows.at[top, 'share'])})"
    traces = []
    for kind in [*TYPE_NAMES, None]:
        part = rows[rows["member_type"].isna()] if kind is None else rows[rows["member_type"] == kind]
        if part.empty:
            continue
        traces.append(go.Bar(
            y=[str(m) for m in part.index], x=[float(v) / 1000 for v in part["amount_sek"]], orientation="h",
            name=TYPE_NAMES.get(kind, "Övriga"), marker_color=TYPE_COLORS.get(kind, GREY),
            texttemplate="%{x:,.0f} tkr", textposition="auto",
            hovertemplate="%{y}: %{x:,.0f} tkr<extra></extra>",
        ))
    alt = (f"Liggande stapeldiagram över medlemmarnas beslutade bidrag {year} i tkr, färgade efter medlemstyp "
           f"(staten, regionen, kommun); totalt {fmt_tkr(total)}.")
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
    main = ("Bidragen fördelas 50/25/25 mellan staten, regionen och kommunerna, som lagen anger" if follows
            else f"Bidragen avviker från 50/25/25: {listing}")
    frame = pd.DataFrame({"type": list(shares), "share": [None if v is None else 100 * v for v in shares.values()],
                          "nominal": [100 * float(v) for v in rows["nominal_share"]]})
    alt = (f"Stapeldiagram över hur medlemsbidragen {year} fördelas på staten, regionen och kommunerna i procent, "
           f"jämfört med 50/25/25 enligt lagen: {listing}.")
    fig = bar(frame, x="type", y=["share", "nominal"], names=["Andel av bidragen", "Enligt lagen (50/25/25)"],
              colors=[BLUE, GREY], title=main, alt=alt, text_format="%{y:.0f} %", hover_format=".1f",
              y_title="procent", height=360)
    for trace in fig.data:
        trace.hovertemplate = trace.hovertemplate.replace("}<extra>", "} %<extra>")
    fig.update_yaxes(ticksuffix=" %", rangemode="tozero")
    return fig


# --- result and equity -----------------------------------------------------------------------------------------


def result_bars(result: pd.DataFrame, *, year: int) -> go.Figure:
    """The year's result: actual (to date), budget and the forecast as bars in tkr.
    ``result`` is :func:`~finsamdash.metrics.budget.result_overview`."""
    values = {str(k): _num(v) for k, v in result["result_sek"].items()}
    budget = values.get("Budget helår", values.get("Budget"))
    budget_text = f" (budget {fmt_tkr(budget)})" if budget is not None else ""
    if "Utfall helår" in values:
        actual = values["Utfall helår"]
        main = (f"Året {year} gav {result_sv(actual)}{budget_text}" if actual is not None
                else f"Resultatet för {year} kan inte beräknas utan utfall")
    elif values.get("Prognos helår") is not None:
        main = f"Prognosen för {year} är {result_sv(values['Prognos helår'])}{budget_text}"
    else:
        main = f"Ingen prognos för resultatet {year} kan göras med underlaget"
    colors = {"Utfall hittills": ACTUAL_COLOR, "Utfall helår": ACTUAL_COLOR, "Budget helår": BUDGET_COLOR,
              "Budget": BUDGET_COLOR, "Prognos helår": FORECAST_COLOR}
    labels = list(values)
    trace = go.Bar(x=labels, y=[None if v is None else v / 1000 for v in values.values()],
                   marker_color=[colors.get(k, SKY) for k in labels], texttemplate="%{y:,.0f} tkr",
                   textposition="auto", hovertemplate="%{x}: %{y:,.0f} tkr<extra></extra>", name="Resultat")
    alt = f"Stapeldiagram över resultatet {year} i tkr: " + "; ".join(
        f"{k.lower()} {fmt_tkr(v)}" for k, v in values.items()) + "."
    fig = build([trace], title=main, alt=alt, height=380, showlegend=False)
    fig.update_xaxes(type="category")
    fig.update_yaxes(title_text="tkr", zeroline=True)
    return fig


def equity_waterfall(bridge: pd.DataFrame, *, year: int, share: float | None, closed: bool) -> go.Figure:
    """Opening equity → the year's result → closing equity (a waterfall in tkr); ``share`` is the closing
    equity as a share of the year's contributions. ``bridge`` is :func:`~finsamdash.metrics.budget.equity_bridge`."""
    amounts = [_num(v) for v in bridge["amount_sek"]]
    closing = amounts[-1]
    verb = "blev" if closed else "väntas bli"
    if closing is None:
        main = f"Ingående eget kapital {year} är {fmt_tkr(amounts[0])}; årets resultat kan inte beräknas ännu"
    else:
        main = f"Eget kapital {verb} {fmt_tkr(closing)} vid årets slut"
        if share is not None:
            main += f", {fmt_percent(share)} av årets medlemsbidrag"
        if closing < 0:
            main = f"Eget kapital {verb} negativt vid årets slut: {fmt_tkr(closing)}"
    labels = [str(i) for i in bridge.index]
    trace = go.Waterfall(
        x=labels, y=[None if v is None else v / 1000 for v in amounts], measure=list(bridge["measure"]),
        text=[fmt_tkr(v) for v in amounts], textposition="outside",
        increasing={"marker": {"color": GREEN}}, decreasing={"marker": {"color": VERMILLION}},
        totals={"marker": {"color": BLUE}}, connector={"line": {"color": GREY}},
        hovertemplate="%{x}: %{y:,.0f} tkr<extra></extra>", name="Eget kapital",
    )
    how = "faktiskt resultat" if closed else "prognosen för resultatet"
    alt = (f"Vattenfallsdiagram i tkr: ingående eget kapital {fmt_tkr(amounts[0])}, årets resultat "
           f"{fmt_tkr(amounts[1])} ({how}) och utgående eget kapital {fmt_tkr(closing)}.")
    fig = build([trace], title=main, alt=alt, height=400, showlegend=False)
    fig.update_xaxes(type="category")
    fig.update_yaxes(title_text="tkr", rangemode="tozero")
    return fig
