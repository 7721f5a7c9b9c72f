"""Figures of the Deltagarflöden dashboard: the active participants over the year, started and ended per period,
exits as a Sankey diagram, support before and after, time in the intervention and the distributions.

Every function takes a frame already read from the audit (:mod:`finsamdash.privacy.views`): hidden counts are NA and
marked in a ``hidden`` frame, and are drawn as hidden (:mod:`finsamdash.present.figures._base`: a hatched "dolt" bar, a
shaded gap in a line), never as a value and never as a blank. Titles state the finding from shown values only;
``meta["alt"]`` holds one Swedish sentence for screen readers. Display labels arrive in a ``label`` column
(Swedish); ids never reach a figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from finsamdash.present.figures._base import bar, build, line, mark_gaps
from finsamdash.present.theme import BLUE, GREEN, GREY, LIGHT_GREY, ORANGE, PALETTE, SKY
from finsamdash.wording import participant_charts as words
from finsamdash.wording.participant_charts import HIDDEN_NOTE

__all__ = [
    "active_per_month",
    "distribution_bar",
    "durations_bar",
    "exit_sankey",
    "flows_per_month",
    "support_bars",
]

#: Link colours of the exit Sankey by outcome group (work or studies, job seeking, the rest).
EXIT_GROUP_COLORS = {"work_or_studies": "rgba(0,158,115,0.45)", "job_seeking": "rgba(86,180,233,0.45)",
                     "other": "rgba(140,140,140,0.35)"}
EXIT_NODE_COLORS = {"work_or_studies": GREEN, "job_seeking": SKY, "other": GREY}


def _shown(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def _all_hidden(frame: pd.DataFrame, columns: Sequence[str]) -> bool:
    """True when no row has a shown value in ``columns`` (the chart shows only marks)."""
    return bool(len(frame)) and all(_shown(v) is None for c in columns for v in frame[c])


def _largest(frame: pd.DataFrame, column: str) -> tuple[str, int] | None:
    """Label and value of the largest shown row (ties: the first), or None when nothing is shown."""
    best = None
    for label, value in zip(frame["label"], frame[column], strict=True):
        v = _shown(value)
        if v is not None and v > 0 and (best is None or v > best[1]):
            best = (str(label), v)
    return best


# --- stock and flow ----------------------------------------------------------------------------------------------


def active_per_month(active: pd.DataFrame, *, hidden: Sequence[bool], at_end: str, height: int = 380) -> go.Figure:
    """Active participants at the start of the year and at the end of each period (a line; hidden points are
    gaps with a note).

    ``active`` has one row per point (first the start of the year) with ``label`` and ``active``; ``at_end`` names
    the last point in words (``"23 november 2026"``)."""
    first, last = _shown(active["active"].iloc[0]), _shown(active["active"].iloc[-1])
    title = words.active_title(first, last, at_end)
    if _all_hidden(active, ["active"]):
        title = words.ACTIVE_TOO_FEW
    alt = words.active_alt(at_end) + (HIDDEN_NOTE if any(hidden) else "")
    fig = line(active, x="label", y=["active"], names=[words.ACTIVE_NAME], title=title, alt=alt.strip(),
               y_title=words.ACTIVE_NAME, height=height)
    fig.update_yaxes(rangemode="tozero")  # a stock: small changes must not look dramatic
    return mark_gaps(fig, [str(v) for v in active["label"]], hidden)


def flows_per_month(flows: pd.DataFrame, *, hidden: pd.DataFrame, started: int | None, ended: int | None,
                    period: str, unit: str = words.MONTH_UNIT, height: int = 380) -> go.Figure:
    """Identified participants who started and ended per period (grouped bars; hidden ones hatched).

    ``flows`` has one row per period with ``label``, ``started`` and ``ended``; ``started``/``ended`` are the
    year's totals (None when hidden); ``period`` completes the title (``"hittills i år"``, ``"under 2025"``)."""
    title = words.flows_title(started, ended, period)
    alt = words.flows_alt(unit, period) + (HIDDEN_NOTE if bool(hidden.to_numpy().any()) else "")
    return bar(flows, x="label", y=["started", "ended"], names=words.FLOW_NAMES, colors=[BLUE, ORANGE],
               title=title, alt=alt.strip(), y_title=words.PARTICIPANTS_AXIS, height=height, hidden=hidden)


# --- exits and support -------------------------------------------------------------------------------------------


def _exit_group(members: Sequence[str]) -> str:
    if all(r in ("work", "subsidised_work", "studies") for r in members):
        return "work_or_studies"
    return "job_seeking" if tuple(members) == ("job_seeking",) else "other"


def exit_sankey(links: pd.DataFrame, *, period: str, ended: int | None, share: float | None,
                hidden: int = 0, height: int = 520) -> go.Figure:
    """From intervention (left) to status after exit (right) for identified participants who ended.

    ``links`` has one row per shown flow: ``source`` (intervention), ``target`` (Swedish label of the exit
    reason, or of the merged "övriga avslut (…)"), ``members`` (the exit reason keys it holds) and ``value``;
    ``hidden`` is the number of flows that are not drawn because they are hidden. Without a flow to draw the
    figure holds no Sankey, only the finding."""
    links = links[[_shown(v) is not None and _shown(v) > 0 for v in links["value"]]] if len(links) else links
    title = words.exits_title(share, ended, period)
    alt = words.exits_alt(period, hidden)
    if not len(links):
        return _text_figure(words.too_few_exits(period), alt, height=200)
    sources = list(dict.fromkeys(links["source"]))
    targets = list(dict.fromkeys(links["target"]))
    groups = {t: _exit_group(m) for t, m in zip(links["target"], links["members"], strict=True)}
    index = {("s", n): i for i, n in enumerate(sources)} | {("t", n): len(sources) + i for i, n in enumerate(targets)}
    trace = go.Sankey(
        arrangement="snap",
        node={"label": sources + targets, "pad": 14, "thickness": 18,
              "color": [PALETTE[i % 4] for i in range(len(sources))] + [EXIT_NODE_COLORS[groups[t]] for t in targets],
              "hovertemplate": "%{label}<extra></extra>"},
        link={"source": [index[("s", s)] for s in links["source"]],
              "target": [index[("t", t)] for t in links["target"]],
              "value": [int(v) for v in links["value"]],
              "color": [EXIT_GROUP_COLORS[groups[t]] for t in links["target"]],
              "hovertemplate": "%{source.label} → %{target.label}: %{value:,.0f}<extra></extra>"},
    )
    return build([trace], title=title + words.flows_hidden(hidden), alt=alt, height=height)


def _text_figure(title: str, alt: str, *, height: int) -> go.Figure:
    """A figure with only its finding (no trace that could fail to draw)."""
    fig = build([], title=title, alt=alt, height=height)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def support_bars(support: pd.DataFrame, *, hidden: pd.DataFrame, period: str, height: int = 420) -> go.Figure:
    """Main source of support before the intervention and after exit, per group (grouped horizontal bars), for
    identified participants who ended: the annual reports' "förändrad försörjning".

    ``support`` has ``label``, ``before`` and ``after`` (NA when hidden or when the group is merged on the other
    side)."""
    before = _largest(support, "before")
    after = _largest(support, "after")
    title = words.support_title(before[0] if before else None, after[0] if after else None, period)
    if _all_hidden(support, ["before", "after"]):
        title = words.support_too_few(period)
    alt = words.support_alt(period) + (HIDDEN_NOTE if bool(hidden.to_numpy().any()) else "")
    return bar(support, x="label", y=["before", "after"], names=words.SUPPORT_NAMES,
               colors=[ORANGE, GREEN], orientation="h", title=title, alt=alt.strip(), x_title=words.PARTICIPANTS_AXIS,
               height=height, hidden=hidden)


# --- time in the intervention and the distributions ------------------------------------------------------------


def durations_bar(durations: pd.DataFrame, *, hidden: pd.DataFrame, period: str, height: int = 380) -> go.Figure:
    """Time in the intervention per bucket (``label``), ``ended`` and ``ongoing`` (grouped horizontal bars)."""
    best = _largest(durations, "ended")
    title = words.durations_title(best[0] if best is not None else None, period)
    if _all_hidden(durations, ["ended", "ongoing"]):
        title = words.DURATIONS_TOO_FEW
    alt = words.durations_alt(period) + (HIDDEN_NOTE if bool(hidden.to_numpy().any()) else "")
    return bar(durations, x="label", y=["ended", "ongoing"], names=words.DURATION_NAMES,
               colors=[ORANGE, BLUE], orientation="h", title=title, alt=alt.strip(), x_title=words.PARTICIPANTS_AXIS,
               height=height, hidden=hidden)


def distribution_bar(distribution: pd.DataFrame, *, hidden: pd.DataFrame, what: str, period: str,
                     height: int = 340) -> go.Figure:
    """One distribution (``label``, ``count``, ``share`` of the shown total) as horizontal bars.

    ``what`` names the variable in Swedish (``"åldersgrupp"``, ``"kön"`` …). The title names the largest shown
    group with its share of the total when both are shown."""
    best = None
    for label, value, share in zip(distribution["label"], distribution["count"], distribution["share"],
                                   strict=True):
        v = _shown(value)
        if v and (best is None or v > best[1]):
            best = (str(label), v, share)
    if what == words.GENDER_WHAT:
        women = distribution[distribution["label"] == words.WOMEN_LABEL]
        if len(women) and not pd.isna(women["share"].iloc[0]):
            title = words.women_share_title(float(women["share"].iloc[0]), period)
        else:
            title = words.distribution_title(what, period)
    elif best is not None:
        title = words.most_common_title(what, best[0], None if pd.isna(best[2]) else float(best[2]))
    else:
        title = words.distribution_title(what, period)
    if _all_hidden(distribution, ["count"]):
        title = words.distribution_too_few(what, period)
    alt = words.distribution_alt(what, period) + (HIDDEN_NOTE if bool(hidden.to_numpy().any()) else "")
    fig = bar(distribution, x="label", y=["count"], names=[words.PARTICIPANTS_NAME], colors=[BLUE],
              orientation="h", title=title, alt=alt.strip(), x_title=words.PARTICIPANTS_AXIS, height=height,
              hidden=hidden)
    fig.update_traces(marker_line_color=LIGHT_GREY, selector={"name": words.PARTICIPANTS_NAME})
    return fig
