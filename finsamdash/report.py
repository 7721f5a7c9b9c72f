"""The public key-figure report: the year's summary with small counts suppressed, and its Swedish text.

:func:`summary` is what ``finsamdash summary`` prints. Unless ``raw=True`` every count below ``min_count`` and
every figure that would reveal one (secondary suppression through the relations between the published counts,
shares built on hidden counts, goal figures, and a goal's status when with its target it would narrow a hidden
count: see :func:`finsamdash.metrics.goals.status_reveals`) is replaced by ``None`` and ``"suppressed"`` is set.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd

from finsamdash.contract import DEFAULT_MIN_COUNT, REPORTED_EXIT_REASONS, WORK_OR_STUDIES, label_sv
from finsamdash.dataset import Dataset
from finsamdash.formatting import fmt_date, fmt_int, fmt_number, fmt_percent, fmt_tkr
from finsamdash.metrics.forecast import Forecast, books_closed_date, year_end_forecast
from finsamdash.metrics.goals import GoalResult, evaluate_goals, parse_params, status_reveals
from finsamdash.metrics.indicator_trends import ALL_GROUPS, YEAR, indicator_cells, suppress_indicator_cells
from finsamdash.metrics.summary import summary as raw_summary
from finsamdash.privacy import Relation, relation, suppressed_cells
from finsamdash.wording.economy import method_note_sv

DENOMINATOR = "_ended_identified"  # identified episodes ended in the year: published implicitly through shares
COUNT_KEYS = ("episodes", "anonymous", "identified", "started", "ended", "active_end_of_year", "women", "men",
              "other_unknown")
FLOW_KEYS = ("episodes", "started", "ended", "active_end_of_year")
SHARES = {"work_or_studies_share": "work_or_studies", "closer_to_labour_market_share": "closer_to_labour_market"}
STATUS_SYMBOL = {
    "met": "✔ uppnått", "partly": "◐ delvis uppnått", "not_met": "✘ ej uppnått", "no_data": "– inget underlag",
    None: "◌ kan inte visas (för få deltagare)",
}


def summary(dataset: Dataset, association_id: str, year: int, *, raw: bool = False,
            min_count: int = DEFAULT_MIN_COUNT, preliminary: bool = False, as_of: date | str | None = None,
            books_closed: date | str | None = None, forecast: Forecast | None = None) -> dict[str, Any]:
    """The ``summary --json`` object (see the CLI contract); suppressed unless ``raw``.

    ``preliminary``: the year is still running; goal sentences speak of the outcome so far. ``as_of`` (a meeting
    date) gives the figures as known at that date, the economy booked to ``books_closed`` (default: see
    :func:`~finsamdash.metrics.forecast.default_books_closed`; after ``as_of`` raises
    :class:`~finsamdash.errors.MeetingDateError`), and adds the ``forecast`` object; money goals are then judged on
    the forecast. ``forecast`` instead of ``as_of``: the year's forecast already computed on ``dataset`` (which is
    then taken as already cut at its dates, as a dashboard page has it)."""
    if forecast is None and as_of is not None:
        dataset.require_association(association_id)
        books = books_closed_date(dataset.rows("ledger", association_id), as_of, books_closed)
        dataset = dataset.as_of(as_of, books_closed=books)
        forecast = year_end_forecast(dataset, association_id, year, as_of=as_of, books_closed=books)
    goals = evaluate_goals(dataset, association_id, year, preliminary=preliminary, forecast=forecast)
    result = raw_summary(dataset, association_id, year, goals=goals)
    if forecast is not None:
        result["forecast"] = forecast.to_json()
    if raw:
        return result
    cells = indicator_cells(dataset.rows("survey_responses", association_id), int(year), dataset.settings.scale)
    return suppress_summary(result, goals, min_count=min_count, survey_cells=cells)


def _exit_cells(exits: dict[str, Any], scope: str | None, cells: dict, relations: list[Relation]) -> None:
    for reason in (*REPORTED_EXIT_REASONS, "work_or_studies", "closer_to_labour_market"):
        cells[("x", scope, reason)] = exits.get(reason)
    reasons = [exits.get(r) for r in REPORTED_EXIT_REASONS]
    cells[("x", scope, DENOMINATOR)] = None if None in reasons else sum(reasons)
    relations.append(relation(("x", scope, "work_or_studies"), [("x", scope, r) for r in WORK_OR_STUDIES]))
    relations.append(relation(("x", scope, "closer_to_labour_market"),
                              [("x", scope, "work_or_studies"), ("x", scope, "job_seeking")]))
    relations.append(relation(("x", scope, DENOMINATOR), [("x", scope, r) for r in REPORTED_EXIT_REASONS]))
    # The ended total minus a shown sub-total is the sum of the remaining reasons: audit those sums too (otherwise
    # ended − "closer to the labour market" could publish e.g. the 2 who ended through illness or rehabilitation).
    for subtotal, members in (("work_or_studies", WORK_OR_STUDIES),
                              ("closer_to_labour_market", (*WORK_OR_STUDIES, "job_seeking"))):
        rest = [("x", scope, r) for r in REPORTED_EXIT_REASONS if r not in members]
        relations.append(relation(("x", scope, DENOMINATOR), [("x", scope, subtotal), *rest]))


def _goal_cells(goals: Iterable[GoalResult], cells: dict, relations: list[Relation], min_count: int) -> set:
    """Cells for the counts behind each goal, linked to the published counts they equal; returns primary keys."""
    primary = set()
    for index, goal in enumerate(goals):
        m = goal.measure
        if any(c < min_count for c in goal.counts):
            primary.add(("g", index))
        scope = goal.intervention_id
        flows = ("i", scope) if scope else ("p",)
        if goal.metric in ("participants", "participants_started") and goal.counts:
            key = "episodes" if goal.metric == "participants" else "started"
            cells[("g", index, "num")] = goal.counts[0]
            relations.append(relation(("g", index, "num"), [(*flows, key)]))
        elif goal.metric in ("exit_share", "exit_count", "plan_share") and m.denominator is not None:
            cells[("g", index, "den")] = m.denominator
            relations.append(relation(("g", index, "den"), [("x", scope, DENOMINATOR)]))
            if goal.metric != "plan_share" and m.numerator is not None:
                reasons = parse_params(goal.params).get("reasons") or list(WORK_OR_STUDIES)
                cells[("g", index, "num")] = m.numerator
                relations.append(relation(("g", index, "num"), [("x", scope, r) for r in reasons]))
    return primary


def _survey_goals(goals: Iterable[GoalResult], items: Iterable[str], cells_raw: pd.DataFrame, survey: pd.DataFrame,
                  min_count: int) -> set:
    """The goals on survey answers whose figures would reveal a hidden result of Kärnindikatorer: a goal pools the
    answers of its items and respondent groups (cells of the page, the year pooled), so its figures add nothing
    when every such cell is shown, and give a hidden one away (e.g. items 1a + 1b minus 1b = 1a) otherwise; a
    goal for one intervention covers part of those answers, and the rest (all minus the intervention's) must not
    be a small group either."""
    cells = {(str(i), str(g)): (int(n), str(st)) for i, g, p, n, st in zip(
        survey["item"], survey["respondent_group"], survey["period"], cells_raw["n"], survey["status"], strict=True)
        if p == YEAR}
    present = list(items)
    out = set()
    for index, goal in enumerate(goals):
        if goal.metric not in ("indicator_mean", "indicator_positive_share") or goal.measure.n is None:
            continue
        params = parse_params(goal.params)
        groups = params.get("groups") or [ALL_GROUPS]
        covered = [cells[(i, g)] for i in (params.get("items") or present) for g in groups if (i, g) in cells]
        rest = sum(n for n, _status in covered) - int(goal.measure.n)
        if any(status for _n, status in covered) or 0 < rest < min_count:
            out.add(("g", index))
    return out


def suppress_summary(result: dict[str, Any], goals: list[GoalResult], *, min_count: int,
                     survey_cells: pd.DataFrame | None = None) -> dict[str, Any]:
    """A copy of the raw summary with every small or revealing count (and what is built on it) set to None.

    ``survey_cells`` (:func:`~finsamdash.metrics.indicator_trends.indicator_cells` of the same year) makes the
    survey figures follow the suppression of the Kärnindikatorer page: an item's pooled result is hidden when the
    page hides it, and a goal on survey answers when it would reveal a result the page hides."""
    out = copy.deepcopy(result)
    survey = (suppress_indicator_cells(survey_cells, int(result["year"]), min_count=min_count)
              if survey_cells is not None and not survey_cells.empty else None)
    cells: dict[Any, int | None] = {}
    relations: list[Relation] = []
    people = out["participants"]
    for key in COUNT_KEYS:
        cells[("p", key)] = people.get(key)
    relations += [
        relation(("p", "episodes"), [("p", "women"), ("p", "men"), ("p", "other_unknown")]),
        relation(("p", "episodes"), [("p", "anonymous"), ("p", "identified")]),
        relation(("p", "episodes"), [("p", "ended"), ("p", "active_end_of_year")]),
    ]
    _exit_cells(out["exits"], None, cells, relations)
    interventions = out["interventions"]
    for iid, figures in interventions.items():
        for key in FLOW_KEYS:
            cells[("i", iid, key)] = figures.get(key)
        relations.append(relation(("i", iid, "episodes"), [("i", iid, "ended"), ("i", iid, "active_end_of_year")]))
        _exit_cells(figures["exits"], iid, cells, relations)
    if interventions:  # every episode belongs to exactly one intervention: the association is their sum
        for key in FLOW_KEYS:
            relations.append(relation(("p", key), [("i", iid, key) for iid in interventions]))
        for reason in (*REPORTED_EXIT_REASONS, "work_or_studies", "closer_to_labour_market", DENOMINATOR):
            relations.append(relation(("x", None, reason), [("x", iid, reason) for iid in interventions]))
    primary = _goal_cells(goals, cells, relations, min_count)
    if survey is not None:
        primary |= _survey_goals(goals, out["indicators"], survey_cells, survey, min_count)
    hidden = suppressed_cells(cells, relations, min_count=min_count, primary=primary)

    for key in COUNT_KEYS:
        if ("p", key) in hidden:
            people[key] = None
    _hide_exits(out["exits"], None, hidden)
    for iid, figures in interventions.items():
        for key in FLOW_KEYS:
            if ("i", iid, key) in hidden:
                figures[key] = None
        _hide_exits(figures["exits"], iid, hidden)
    for index, (goal, published) in enumerate(zip(goals, out["goals"], strict=True)):
        if {("g", index), ("g", index, "num"), ("g", index, "den")} & hidden:
            published["outcome"] = None
            published["figures_sv"] = None
            published["text_sv"] = goal.text_hidden_sv
            hidden.add(("g", index))
            if status_reveals(goal, min_count):  # the status with the target would narrow a hidden count
                published["status"] = None
                published["text_sv"] = goal.text_status_hidden_sv
    page_hidden = set()
    if survey is not None:
        page_hidden = {str(i) for i, g, p, st in zip(survey["item"], survey["respondent_group"], survey["period"],
                                                    survey["status"], strict=True)
                       if g == ALL_GROUPS and p == YEAR and st}
    for item, stats in out["indicators"].items():
        if (stats.get("n") is not None and stats["n"] < min_count) or item in page_hidden:
            stats.update(n=None, mean=None, positive_share=None, dont_know=None)
            hidden.add("indicator")
        if stats.get("dont_know") is not None and stats["dont_know"] < min_count:
            stats["dont_know"] = None
            hidden.add("indicator")
    out["suppressed"] = bool(hidden)
    return out


def _hide_exits(exits: dict[str, Any], scope: str | None, hidden: set) -> None:
    for reason in (*REPORTED_EXIT_REASONS, "work_or_studies", "closer_to_labour_market"):
        if ("x", scope, reason) in hidden:
            exits[reason] = None
    for share, count in SHARES.items():
        if ("x", scope, count) in hidden or ("x", scope, DENOMINATOR) in hidden:
            exits[share] = None


# --- text ------------------------------------------------------------------------------------------------------------


HIDDEN = ".."  # a suppressed figure (Statistics Sweden's sign for a figure not shown)


def _n(value: int | None) -> str:
    return HIDDEN if value is None else fmt_int(value)


def _forecast_text(f: dict[str, Any]) -> str:
    if f["result"] is None:
        return f"Prognos för helåret: {f['method_sv']}"
    return (f"Prognos för helåret: intäkter {fmt_tkr(f['income'])}, kostnader {fmt_tkr(f['costs'])}, resultat "
            f"{fmt_tkr(f['result'])}, utgående eget kapital {fmt_tkr(f['equity_closing'])} (medlemsbidrag inbetalda "
            f"t.o.m. {fmt_date(f['books_closed'])}: {fmt_tkr(f['paid_to_date'])}). "
            f"{method_note_sv(f['method_sv']).replace('Prognos för helåret', 'Så är prognosen gjord', 1)}")


def summary_text(result: dict[str, Any], dataset: Dataset, *, min_count: int = DEFAULT_MIN_COUNT) -> str:
    """The summary as a few Swedish paragraphs for a terminal or an e-mail."""
    n = _n
    p, x, e = result["participants"], result["exits"], result["economy"]
    lines = [f"{dataset.association_name(result['association_id'])} – nyckeltal {result['year']}", ""]
    lines.append(
        f"Deltagare: {n(p['episodes'])} deltaganden, varav {n(p['anonymous'])} anonyma; {n(p['started'])} "
        f"påbörjade och {n(p['ended'])} avslutade under året, {n(p['active_end_of_year'])} pågående vid årets slut."
    )
    lines.append(f"Kön: {n(p['women'])} kvinnor, {n(p['men'])} män, {n(p['other_unknown'])} annat/okänt.")
    reasons = ", ".join(f"{label_sv('exit_reason', r)} {n(x[r])}" for r in REPORTED_EXIT_REASONS)
    lines.append(f"Avslut (deltagare som inte är anonyma): {reasons}.")
    share = fmt_percent(x["work_or_studies_share"]) if x["work_or_studies_share"] is not None else "–"
    lines.append(f"Till arbete eller studier: {n(x['work_or_studies'])} ({share}).")
    f = result.get("forecast")
    running = f is not None and (f["books_closed"] or "") < f"{result['year']}-12-31"  # ISO dates compare as text
    admin = fmt_percent(e["admin_share"], decimals=1) if e["admin_share"] is not None else "–"
    if e["income"] is None:
        lines.append("Ekonomi: inget utfall bokfört för året.")
    elif running and f["books_closed"]:
        lines.append(f"Ekonomi, bokfört t.o.m. {fmt_date(f['books_closed'])}: intäkter {fmt_tkr(e['income'])}, "
                     f"kostnader {fmt_tkr(e['costs'])}, administrationens andel {admin}.")
    else:
        lines.append(f"Ekonomi: intäkter {fmt_tkr(e['income'])}, kostnader {fmt_tkr(e['costs'])}, resultat "
                     f"{fmt_tkr(e['result'])} (budget {fmt_tkr(e['budget_result'])}); administrationens andel "
                     f"{admin}. Eget kapital {fmt_tkr(e['equity_opening'])} → {fmt_tkr(e['equity_closing'])}.")
    if running:
        lines.append(_forecast_text(f))
    if result["goals"]:
        lines += ["", "Mål:"]
        lines += [f"  {STATUS_SYMBOL[g['status']]}: {g['text_sv']}" for g in result["goals"]]
    if result["indicators"]:
        lines += ["", "Kärnindikatorer (medelvärde, andel positiva svar, antal svar):"]
        for item, s in result["indicators"].items():
            if s["n"] is None:
                lines.append(f"  {item}: färre än {min_count} svar – visas inte")
            else:
                lines.append(f"  {item}: {fmt_number(s['mean'])}, {fmt_percent(s['positive_share'])}, "
                             f"n = {fmt_int(s['n'])}")
    t = result["training"]
    if t["events"] is not None:
        lines += ["", f"Kompetensutveckling: {fmt_int(t['events'])} tillfällen med {fmt_int(t['attendees'])} "
                      "deltagare."]
    if result["suppressed"]:
        lines += ["", f"”{HIDDEN}” = dolt: färre än {min_count}, eller dolt så att ett litet antal inte kan räknas "
                      "fram ur de andra siffrorna (röjandekontroll)."]
        if any(g["status"] is None for g in result["goals"]):
            lines.append(f"”{STATUS_SYMBOL[None]}” = målets status visas inte heller, eftersom den tillsammans med "
                         "målvärdet skulle avslöja ett litet antal (t.ex. att ingen gick vidare till studier).")
    return "\n".join(lines)
