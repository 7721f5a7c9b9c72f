"""Figures of the Deltagarflöden dashboard: stock and flow per month, exits and support as Sankey diagrams, time in
the intervention and the distributions.

Every function takes an already suppressed tidy frame (hidden counts are NA and are never drawn nor put in hover
text), keyword-only options, and returns a figure whose title states the finding and whose ``meta["alt"]`` holds
one Swedish sentence for screen readers. Rows labelled :data:`TOTAL` carry the margins used for the titles and are
not drawn. Display labels arrive in a ``label`` column (Swedish); ids never reach a figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from finsamdash.figures._base import bar, build, line
from finsamdash.formatting import fmt_int, fmt_percent
from finsamdash.theme import BLUE, GREEN, GREY, LIGHT_GREY, ORANGE, PALETTE, SKY

__all__ = [
    "TOTAL",
    "active_per_month",
    "distribution_bar",
    "durations_bar",
    "exit_sankey",
    "flows_per_month",
    "support_sankey",
]

TOTAL = "Totalt"
#: Link colours of the exit Sankey by outcome group (work or studies, job seeking, the rest).
EXIT_GROUP_COLORS = {"work_or_studies": "rgba(0,158,115,0.45)", "job_seeking": "rgba(86,180,233,0.45)",
                     "other": "rgba(140,140,140,0.35)"}
EXIT_NODE_COLORS = {"work_or_studies": GREEN, "job_seeking": SKY, "other": GREY}


def _shown(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def _parts(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows that are drawn (every row but the total)."""
    return frame.loc[[i for i in frame.index if i != TOTAL]]


def _total(frame: pd.DataFrame, column: str) -> int | None:
    if TOTAL in frame.index:
        return _shown(frame.at[TOTAL, column])
    parts = _parts(frame)
    return _shown(parts[column].iloc[0]) if len(parts) == 1 else None


def _all_hidden(frame: pd.DataFrame, columns: Sequence[str]) -> bool:
    """True when no part row has a shown value in ``columns`` (the chart would be empty)."""
    parts = _parts(frame)
    return bool(len(parts)) and all(_shown(v) is None for c in columns for v in parts[c])


TOO_FEW = "för få för att visas"


def _largest(frame: pd.DataFrame, column: str) -> tuple[str, int] | None:
    """Label and value of the largest shown part (ties: the first), or None when nothing is shown."""
    best = None
    for _key, row in _parts(frame).iterrows():
        value = _shown(row[column])
        if value is not None and value > 0 and (best is None or value > best[1]):
            best = (str(row["label"]), value)
    return best


# --- stock and flow per month ----------------------------------------------------------------------------------


def active_per_month(monthly: pd.DataFrame, *, at_end: str, height: int = 380) -> go.Figure:
    """Active participants at the start of the year and at the end of every month (a line).

    ``monthly`` has one row per point (first the start of the year) with ``label`` and ``active`` (NA = hidden);
    ``at_end`` names the last point in words (``"23 november 2026"``).
    """
    first, last = _shown(monthly["active"].iloc[0]), _shown(monthly["active"].iloc[-1])
    if last is not None and first is not None:
        change = last - first
        trend = ("lika många som vid årets början" if change == 0 else
                 f"{fmt_int(abs(change))} {'fler' if change > 0 else 'färre'} än vid årets början")
        title = f"{fmt_int(last)} deltagare var aktiva den {at_end}, {trend}"
    elif last is not None:
        title = f"{fmt_int(last)} deltagare var aktiva den {at_end}"
    else:
        title = "Antalet aktiva deltagare per månad"
    if _all_hidden(monthly, ["active"]):
        title = f"Antalet aktiva deltagare per månad är {TOO_FEW}"
    alt = (f"Linjediagram över antalet aktiva deltagare från årets början till {at_end}, vid varje månads slut. "
           "Antal som inte får visas är utelämnade.")
    fig = line(monthly, x="label", y=["active"], names=["Aktiva deltagare"], title=title, alt=alt,
               y_title="Aktiva deltagare", height=height)
    fig.update_yaxes(rangemode="tozero")  # a stock: small changes must not look dramatic
    return fig


def flows_per_month(monthly: pd.DataFrame, *, period: str, height: int = 380) -> go.Figure:
    """Started and ended episodes per month (grouped bars).

    ``monthly`` has one row per month with ``label``, ``started`` and ``ended`` (NA = hidden) and a :data:`TOTAL`
    row with the year's sums; ``period`` completes the title (``"hittills i år"``, ``"under 2025"``).
    """
    started, ended = _total(monthly, "started"), _total(monthly, "ended")
    if started is not None and ended is not None:
        title = f"{fmt_int(started)} deltagare har påbörjat och {fmt_int(ended)} avslutat en insats {period}"
    elif started is not None:
        title = f"{fmt_int(started)} deltagare har påbörjat en insats {period}"
    elif ended is not None:
        title = f"{fmt_int(ended)} deltagare har avslutat en insats {period}"
    else:
        title = f"Påbörjade och avslutade deltaganden per månad {period}"
    if _all_hidden(monthly, ["started", "ended"]):
        title += f" – antalen per månad är {TOO_FEW}"
    alt = (f"Stapeldiagram med antalet deltagare som påbörjade och som avslutade en insats per månad {period}. "
           "Antal som inte får visas är utelämnade.")
    return bar(_parts(monthly), x="label", y=["started", "ended"], names=["Påbörjade", "Avslutade"],
               colors=[BLUE, ORANGE], title=title, alt=alt, y_title="Antal deltagare", height=height)


# --- exits and support ----------------------------------------------------------------------------------------


def _exit_group(reason: str) -> str:
    if reason in ("work", "subsidised_work", "studies"):
        return "work_or_studies"
    return "job_seeking" if reason == "job_seeking" else "other"


def exit_sankey(exits: pd.DataFrame, *, reasons: Sequence[tuple[str, str]], period: str,
                height: int = 520) -> go.Figure:
    """From intervention (left) to status after exit (right) for identified episodes that ended.

    ``exits``: one row per intervention (``label`` = its name) and a :data:`TOTAL` row; a column per exit reason
    key (NA = hidden: the link is not drawn), ``ended_identified`` and ``work_or_studies_share``. ``reasons`` lists
    ``(key, Swedish label)`` in the order to draw.
    """
    links = []
    for _key, row in _parts(exits).iterrows():
        for reason, label in reasons:
            value = _shown(row[reason])
            if value:
                links.append((str(row["label"]), label, value, _exit_group(reason)))
    sources = list(dict.fromkeys(s for s, _t, _v, _g in links))
    targets = [label for key, label in reasons if any(t == label for _s, t, _v, _g in links)]
    groups = {label: _exit_group(key) for key, label in reasons}
    labels = sources + targets
    index = {("s", n): i for i, n in enumerate(sources)} | {("t", n): len(sources) + i for i, n in enumerate(targets)}
    colors = [PALETTE[i % 4] for i in range(len(sources))] + [EXIT_NODE_COLORS[groups[t]] for t in targets]
    trace = go.Sankey(
        arrangement="snap",
        node={"label": labels, "color": colors, "pad": 14, "thickness": 18,
              "hovertemplate": "%{label}<extra></extra>"},
        link={"source": [index[("s", s)] for s, _t, _v, _g in links],
              "target": [index[("t", t)] for _s, t, _v, _g in links],
              "value": [v for _s, _t, v, _g in links],
              "color": [EXIT_GROUP_COLORS[g] for _s, _t, _v, g in links],
              "hovertemplate": "%{source.label} → %{target.label}: %{value:,.0f}<extra></extra>"},
    )
    ended, share = _total(exits, "ended_identified"), None
    if TOTAL in exits.index or len(_parts(exits)) == 1:
        share_row = exits.loc[TOTAL] if TOTAL in exits.index else _parts(exits).iloc[0]
        share = None if pd.isna(share_row["work_or_studies_share"]) else float(share_row["work_or_studies_share"])
    if share is not None and ended is not None:
        title = (f"{fmt_percent(share)} av de {fmt_int(ended)} som avslutade {period} gick till arbete eller "
                 "studier")
    elif ended is not None:
        title = f"Status efter avslut för de {fmt_int(ended)} som avslutade {period}"
    else:
        title = f"Status efter avslut {period}"
    alt = (f"Flödesdiagram från insats till status efter avslut för deltagare som avslutade {period}; "
           "gröna flöden går till arbete eller studier. Flöden med för få personer ritas inte.")
    if not links:
        title = f"För få avslut {period} för att visa flödet från insats till status efter avslut"
    return build([trace], title=title, alt=alt, height=height)


def support_sankey(support: pd.DataFrame, *, labels: Mapping[str, str], period: str,
                   height: int = 560) -> go.Figure:
    """Main source of support before (left) → after (right) for identified episodes that ended.

    ``support``: rows = support before (keys, then :data:`TOTAL`), columns = support after (keys, then
    :data:`TOTAL`), counts with NA for hidden cells (not drawn); ``labels`` maps a key to its Swedish label.
    """
    rows = [r for r in support.index if r != TOTAL]
    columns = [c for c in support.columns if c != TOTAL]
    links = [(r, c, _shown(support.at[r, c])) for r in rows for c in columns]
    links = [(r, c, v) for r, c, v in links if v]
    left = [r for r in rows if any(lr == r for lr, _c, _v in links)]
    right = [c for c in columns if any(lc == c for _r, lc, _v in links)]
    index = {("s", n): i for i, n in enumerate(left)} | {("t", n): len(left) + i for i, n in enumerate(right)}
    palette = {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(dict.fromkeys([*rows, *columns]))}
    trace = go.Sankey(
        arrangement="snap",
        node={"label": [labels.get(n, n) for n in left] + [labels.get(n, n) for n in right],
              "color": [palette[n] for n in left] + [palette[n] for n in right],
              "pad": 12, "thickness": 18, "hovertemplate": "%{label}<extra></extra>"},
        link={"source": [index[("s", r)] for r, _c, _v in links],
              "target": [index[("t", c)] for _r, c, _v in links],
              "value": [v for _r, _c, v in links], "color": "rgba(0,114,178,0.22)",
              "hovertemplate": "före: %{source.label} → efter: %{target.label}: %{value:,.0f}<extra></extra>"},
    )
    total = _shown(support.at[TOTAL, TOTAL]) if TOTAL in support.index and TOTAL in support.columns else None
    before = _largest_margin(support, axis="rows")
    after = _largest_margin(support, axis="columns")
    if before and after:
        title = (f"Före insatsen var {labels.get(before, before)} vanligast, efter insatsen "
                 f"{labels.get(after, after)}")
    elif total is not None:
        title = f"Försörjning före och efter insatsen för de {fmt_int(total)} som avslutade {period}"
    else:
        title = f"Försörjning före och efter insatsen {period}"
    if not links:
        title = f"För få avslut {period} för att visa försörjning före och efter"
    alt = (f"Flödesdiagram från huvudsaklig försörjning före insatsen (vänster) till försörjning efter avslut "
           f"(höger) för deltagare som avslutade {period}. Flöden med för få personer ritas inte.")
    annotations = [
        {"text": "<b>Före</b>", "x": 0, "y": 1.06, "xref": "paper", "yref": "paper", "showarrow": False,
         "xanchor": "left"},
        {"text": "<b>Efter</b>", "x": 1, "y": 1.06, "xref": "paper", "yref": "paper", "showarrow": False,
         "xanchor": "right"},
    ]
    return build([trace], title=title, alt=alt, height=height, annotations=annotations,
                 margin={"t": 100, "l": 20, "r": 20, "b": 30})


def _largest_margin(support: pd.DataFrame, *, axis: str) -> str | None:
    """The key of the largest shown margin (the :data:`TOTAL` column for rows, the TOTAL row for columns)."""
    if TOTAL not in support.index or TOTAL not in support.columns:
        return None
    series = (support[TOTAL] if axis == "rows" else support.loc[TOTAL]).drop(TOTAL)
    shown = {k: _shown(v) for k, v in series.items()}
    shown = {k: v for k, v in shown.items() if v}
    return max(shown, key=lambda k: shown[k]) if shown else None  # type: ignore[arg-type, return-value]


# --- time in the intervention and the distributions ------------------------------------------------------------


def durations_bar(durations: pd.DataFrame, *, period: str, height: int = 380) -> go.Figure:
    """Time in the intervention per bucket (``label``), ``ended`` and ``ongoing`` (grouped horizontal bars)."""
    best = _largest(durations, "ended")
    if best is not None:
        title = f"De flesta som avslutade {period} hade deltagit {best[0]}"
    else:
        title = f"Tid i insats för deltagare som avslutade {period} och för pågående deltagare"
    if _all_hidden(durations, ["ended", "ongoing"]):
        title = f"Tid i insats: antalen är {TOO_FEW}"
    alt = (f"Liggande stapeldiagram med antalet deltagare per tid i insatsen: de som avslutade {period} och de som "
           "fortfarande deltar. Antal som inte får visas är utelämnade.")
    return bar(_parts(durations), x="label", y=["ended", "ongoing"], names=["Avslutade", "Pågående"],
               colors=[ORANGE, BLUE], orientation="h", title=title, alt=alt, x_title="Antal deltagare",
               height=height)


def distribution_bar(distribution: pd.DataFrame, *, what: str, period: str, height: int = 340) -> go.Figure:
    """One distribution (``label``, ``count``, ``share``; a :data:`TOTAL` row) as horizontal bars.

    ``what`` names the variable in Swedish (``"åldersgrupp"``, ``"kön"`` …). The title names the largest shown
    group with its share of the total when both are shown.
    """
    best = None
    for _key, row in _parts(distribution).iterrows():
        value = _shown(row["count"])
        if value and (best is None or value > best[1]):
            best = (str(row["label"]), value, row["share"])
    if what == "kön":
        women = distribution.loc["woman"] if "woman" in distribution.index else None
        if women is not None and not pd.isna(women["share"]):
            title = f"{fmt_percent(float(women['share']))} av deltagarna {period} är kvinnor"
        else:
            title = f"Deltagarna {period} efter kön"
    elif best is not None and not pd.isna(best[2]):
        title = f"Vanligast {what}: {best[0]} ({fmt_percent(float(best[2]))} av deltagarna)"
    elif best is not None:
        title = f"Vanligast {what}: {best[0]}"
    else:
        title = f"Deltagarna {period} efter {what}"
    if _all_hidden(distribution, ["count"]):
        title = f"Deltagarna {period} efter {what}: antalen är {TOO_FEW}"
    alt = (f"Liggande stapeldiagram med antalet deltagare {period} per {what}. "
           "Antal som inte får visas är utelämnade.")
    fig = bar(_parts(distribution), x="label", y=["count"], names=["Deltagare"], colors=[BLUE], orientation="h",
              title=title, alt=alt, x_title="Antal deltagare", height=height)
    fig.update_traces(marker_line_color=LIGHT_GREY)
    return fig
