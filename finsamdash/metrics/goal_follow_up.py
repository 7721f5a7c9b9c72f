"""The goal follow-up as data, for the goals page, the overview's goal list and the annual report: the status of
each goal as a page shows it and the counts per status, the goal rows (target, outcome, status, sentence) grouped
by the association and its interventions, and each goal's trend over the years with its chart texts.

Pure functions: no display code, no I/O, inputs never mutated. Every goal comes from a **suppressed** summary
(:func:`finsamdash.report.summary` with the pack's audit): a hidden status is ``None`` and shows as
:data:`~finsamdash.wording.status.HIDDEN_STATUS`, a hidden outcome as the one mark of a hidden figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from finsamdash.metrics.goals import FORECAST_METRICS, GOAL_METRICS, STATUSES, _fmt_value, _shown_decimals
from finsamdash.wording import goal_texts as sv
from finsamdash.wording.formatting import fmt_int
from finsamdash.wording.goal_texts import ASSOCIATION_GROUP, FORECAST_STATUS_PHRASES
from finsamdash.wording.privacy import HIDDEN_MARK, STATUS_HIDDEN_LABEL
from finsamdash.wording.status import HIDDEN_STATUS, STATUS_SYMBOLS, STATUS_WORDS

__all__ = [
    "ASSOCIATION_GROUP",
    "SHOWN_STATUSES",
    "goal_history",
    "goal_rows",
    "goal_trend",
    "shown_goal_status",
    "status_counts",
    "status_frame",
    "status_texts",
    "swedish_sort_key",
    "trend_texts",
]

#: The statuses a page shows, in order: the evaluated ones and the hidden one.
SHOWN_STATUSES = (*STATUSES, HIDDEN_STATUS)


def shown_goal_status(goal: Mapping[str, Any]) -> str:
    """The status a page shows for a goal of a suppressed summary: :data:`HIDDEN_STATUS` when privacy suppression
    removed it (``None``), ``"no_data"`` when there is none."""
    if "status" in goal and goal["status"] is None:
        return HIDDEN_STATUS
    return str(goal.get("status") or "no_data")


def status_counts(goals: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """How many goals have each status: ``{"met": …, "partly": …, "not_met": …, "no_data": …, "hidden": …}``."""
    out = dict.fromkeys(SHOWN_STATUSES, 0)
    for goal in goals:
        status = shown_goal_status(goal)
        out[status] = out.get(status, 0) + 1
    return out


def status_frame(counts: Mapping[str, int]) -> pd.DataFrame:
    """The status counts as a frame (columns ``status``, ``label``, ``count``) in the order met, partly, not met,
    no data (and hidden, when a status is hidden): the data of the status chart."""
    statuses = [s for s in SHOWN_STATUSES if s != HIDDEN_STATUS or counts.get(s)]
    return pd.DataFrame({
        "status": statuses,
        "label": [f"{STATUS_SYMBOLS[s]} {STATUS_WORDS[s]}" for s in statuses],
        "count": [int(counts.get(s, 0)) for s in statuses],
    })


def status_texts(counts: Mapping[str, int], *, year: int, year_is_open: bool) -> tuple[str, str]:
    """Title (the finding) and alt text of the status chart, e.g. "8 av 12 mål är uppnådda hittills i år"."""
    total = sum(counts.values())
    met = int(counts.get("met", 0))
    when = sv.status_when(year, year_is_open=year_is_open)
    if not total:
        return sv.no_goals_title(when), sv.no_goals_alt(when)
    title = sv.status_title(fmt_int(met), fmt_int(total), sv.goal_word(met, sv.MET_WORD), when)
    parts = "; ".join(f"{STATUS_WORDS[s]}: {fmt_int(counts.get(s, 0))}" for s in SHOWN_STATUSES
                      if s != HIDDEN_STATUS or counts.get(s))
    alt = sv.status_alt(when, fmt_int(total), parts)
    return title, alt


def swedish_sort_key(text: str) -> str:
    """A sort key putting å, ä, ö after z, in that order (as a Swedish reader expects)."""
    return text.casefold().translate(str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"}))


def _unit(metric: str | None) -> str:
    spec = GOAL_METRICS.get(metric or "")
    return spec.unit if spec is not None else "number"


def _op_word(operator: object) -> str:
    return sv.OPERATOR_WORDS.get(str(operator or ""), str(operator or ""))


def _is_hidden(goal: Mapping[str, Any]) -> bool:
    """The outcome was computed but privacy suppression removed it."""
    return goal.get("outcome") is None and goal.get("status") != "no_data" and goal.get("metric") != "manual"


def _target_text(goal: Mapping[str, Any]) -> str:
    if goal.get("target") is None or (goal.get("metric") == "manual" and goal.get("outcome") is None):
        return "–"  # a qualitative goal judged by hand: its target is a placeholder
    spec = GOAL_METRICS.get(goal.get("metric") or "")
    unit, decimals = (spec.unit, spec.decimals) if spec is not None else ("number", 0)
    return f"{_op_word(goal.get('operator'))} {_fmt_value(goal['target'], unit, decimals, target=True)}"


def _outcome_text(goal: Mapping[str, Any]) -> str:
    if _is_hidden(goal):
        return HIDDEN_MARK
    outcome = goal.get("outcome")
    if outcome is None:
        manual = goal.get("metric") == "manual" and goal.get("status") != "no_data"
        return sv.QUALITATIVE_OUTCOME if manual else "–"
    spec = GOAL_METRICS.get(goal.get("metric") or "")
    if spec is None:
        return _fmt_value(outcome, "number", 0)
    return _fmt_value(outcome, spec.unit, _shown_decimals(spec, goal, outcome))


def goal_rows(
    goals: Sequence[Mapping[str, Any]],
    *,
    intervention_names: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per goal of a suppressed summary's ``goals`` list, grouped: the association's goals first, then each
    intervention's by name (goals-table order within a group).

    Columns: ``group`` (``"Förbundet"`` or the intervention's name), ``goal_id``, ``intervention_id``, ``metric``,
    ``unit``, ``text`` (the goal as written in the plan: from ``texts`` by goal_id, else the goal's own ``text``,
    else ''), ``figures_sv`` (the figures of its sentence, '' when hidden or missing), ``basis`` (``"actual"``,
    ``"so_far"`` or ``"forecast"``: what the outcome is, see :class:`~finsamdash.metrics.goals.GoalResult`),
    ``target_text`` ("minst 30 %"), ``outcome`` (None when hidden or missing), ``outcome_text`` (in the goal's unit
    with Swedish formatting, the mark of a hidden figure when hidden by privacy
    suppression), ``hidden``, ``status``,
    ``sentence`` (the goal's ``text_sv``: the suppressed version when hidden) and ``comment`` (the director's
    comment, '' without one).
    """
    names = intervention_names or {}
    texts = texts or {}
    records = []
    for position, goal in enumerate(goals):
        iid = goal.get("intervention_id")
        group = ASSOCIATION_GROUP if iid is None else names.get(iid, iid)
        sentence = goal.get("text_sv") or ""
        records.append({
            "group": group,
            "goal_id": goal.get("goal_id") or "",
            "intervention_id": iid,
            "metric": goal.get("metric"),
            "unit": _unit(goal.get("metric")),
            "text": texts.get(goal.get("goal_id") or "", goal.get("text") or ""),
            "figures_sv": goal.get("figures_sv") or "",
            "basis": goal.get("basis") or "actual",
            "target_text": _target_text(goal),
            "outcome": goal.get("outcome"),
            "outcome_text": _outcome_text(goal),
            "hidden": _is_hidden(goal),
            "status": shown_goal_status(goal),
            "sentence": sentence,
            "comment": (goal.get("comment") or "").strip(),
            "_order": (iid is not None, swedish_sort_key(group), position),
        })
    columns = ["group", "goal_id", "intervention_id", "metric", "unit", "text", "figures_sv", "basis", "target_text",
               "outcome", "outcome_text", "hidden", "status", "sentence", "comment"]
    if not records:
        return pd.DataFrame(columns=columns)
    records.sort(key=lambda r: r["_order"])
    frame = pd.DataFrame(records, columns=columns)
    frame["outcome"] = frame["outcome"].astype("Float64")
    return frame


def goal_history(goals_by_year: Mapping[int, Sequence[Mapping[str, Any]]]) -> pd.DataFrame:
    """Long table of every year's (suppressed) goals: year, goal_id, intervention_id, metric, operator, target,
    outcome (None when hidden or missing), outcome_text, target_text, hidden, status. Sorted by year."""
    rows = []
    for year in sorted(goals_by_year):
        for goal in goals_by_year[year]:
            rows.append({
                "year": int(year), "goal_id": goal.get("goal_id") or "", "intervention_id": goal.get("intervention_id"),
                "metric": goal.get("metric"), "operator": goal.get("operator"), "target": goal.get("target"),
                "outcome": goal.get("outcome"), "outcome_text": _outcome_text(goal), "target_text": _target_text(goal),
                "hidden": _is_hidden(goal), "status": shown_goal_status(goal),
            })
    frame = pd.DataFrame(rows, columns=["year", "goal_id", "intervention_id", "metric", "operator", "target",
                                        "outcome", "outcome_text", "target_text", "hidden", "status"])
    for column in ("target", "outcome"):
        frame[column] = frame[column].astype("Float64")
    return frame


def _so_far_word(goal: Mapping[str, Any]) -> str:
    return sv.FORECAST_WORD if goal.get("metric") in FORECAST_METRICS else sv.SO_FAR_WORD


def goal_trend(history: pd.DataFrame, goal: Mapping[str, Any], *, year: int, year_is_open: bool) -> pd.DataFrame:
    """The same goal in every year up to ``year``: rows of ``history`` with the same goal_id, metric and
    intervention (a goal id reused for another metric is a different goal), with ``year_label`` as text
    ("2026 (hittills)" for an open year; "2026 (prognos)" for a year-end money goal, judged on the forecast) for a
    category axis."""
    scope = goal.get("intervention_id")
    scope = "" if scope is None or pd.isna(scope) else str(scope)
    same = (
        (history["goal_id"] == goal.get("goal_id"))
        & (history["metric"] == goal.get("metric"))
        & (history["intervention_id"].fillna("").astype(str) == scope)
        & (history["year"] <= year)
    )
    frame = history.loc[same.fillna(False).astype(bool)].copy().reset_index(drop=True)
    frame.insert(1, "year_label", [
        sv.year_label(y, _so_far_word(goal)) if year_is_open and y == year else str(y) for y in frame["year"]])
    return frame


def trend_texts(trend: pd.DataFrame, *, goal_id: str, year: int, year_is_open: bool) -> tuple[str, str]:
    """Title (the finding) and alt text of one goal's trend chart.

    Title: "G2: uppnått 4 av 6 år 2020–2025; i år hittills uppnått" for an open year (the open year is not counted
    among the years), "G2: uppnått 5 av 7 år 2020–2026" otherwise.
    """
    closed = trend[trend["year"] < year] if year_is_open else trend
    if closed.empty:
        finding = sv.FIRST_YEAR
    else:
        # years whose status is hidden are left out of the count: "uppnått 0 av 1 år" would give the status away
        judged = closed[closed["status"] != HIDDEN_STATUS]
        met = int((judged["status"] == "met").sum())
        first, last = int(closed["year"].min()), int(closed["year"].max())
        span = str(first) if first == last else f"{first}–{last}"
        finding = (sv.met_years(fmt_int(met), fmt_int(len(judged)), span) if len(judged)
                   else f"{STATUS_HIDDEN_LABEL.lower()} {span}")
        if len(judged) and len(judged) < len(closed):
            finding += sv.hidden_years(fmt_int(len(closed) - len(judged)))
    if year_is_open:
        current = trend[trend["year"] == year]
        if not current.empty:
            status = current["status"].iloc[-1]
            if status == HIDDEN_STATUS:
                finding += sv.THIS_YEAR_HIDDEN
            elif current["metric"].iloc[-1] in FORECAST_METRICS and status in FORECAST_STATUS_PHRASES:
                finding += sv.this_year(FORECAST_STATUS_PHRASES[status])
            else:
                finding += sv.this_year_so_far(STATUS_WORDS[status].lower())
    title = f"{goal_id}: {finding}"
    values = "; ".join(
        f"{row.year_label}: {row.outcome_text} "
        + f"({STATUS_WORDS[row.status].lower()})"
        for row in trend.itertuples()
    )
    target = trend["target_text"].iloc[-1] if not trend.empty else "–"
    alt = sv.trend_alt(goal_id, target, values) if values else sv.no_outcome_alt(goal_id)
    return title, alt
