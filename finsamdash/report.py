"""The public key-figure report: the year's summary with small counts suppressed, and its Swedish text.

:func:`summary` is what ``finsamdash summary`` prints. Unless ``raw=True`` every count the pack's audit hides
(:func:`finsamdash.privacy.audit_pack`: below ``min_count``, or hidden so that a small count cannot be worked out –
the summary's counts are cells of the same audit as every page) is ``None``, shares built on a hidden count are
``None``, a goal's figures and status follow the audit, and ``"suppressed"`` is set.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pandas as pd

from finsamdash.data.contract import DEFAULT_MIN_COUNT, REPORTED_EXIT_REASONS, label_sv
from finsamdash.data.dataset import Dataset
from finsamdash.metrics.forecast import Forecast, books_closed_date, year_end_forecast
from finsamdash.metrics.goals import GoalResult, evaluate_goals
from finsamdash.metrics.summary import raw_summary
from finsamdash.privacy import Disclosure, audit_pack
from finsamdash.privacy.views import indicator_cell, summary_cells
from finsamdash.wording import summary_text as words
from finsamdash.wording.formatting import fmt_int, fmt_number, fmt_percent
from finsamdash.wording.privacy import HIDDEN_MARK, HIDDEN_SINCE_PREVIOUS, hidden_note
from finsamdash.wording.status import HIDDEN_STATUS, STATUS_SYMBOLS, STATUS_WORDS

SHARES = {"work_or_studies_share": "work_or_studies", "closer_to_labour_market_share": "closer_to_labour_market"}
#: A goal's status in the summary text, e.g. "✔ uppnått" (None: hidden).
STATUS_SYMBOL = {None if status == HIDDEN_STATUS else status: f"{STATUS_SYMBOLS[status]} {word.lower()}"
                 for status, word in STATUS_WORDS.items()}


def summary(dataset: Dataset, association_id: str, year: int, *, raw: bool = False,
            min_count: int = DEFAULT_MIN_COUNT, preliminary: bool = False, as_of: date | str | None = None,
            books_closed: date | str | None = None, forecast: Forecast | None = None,
            disclosure: Disclosure | None = None) -> dict[str, Any]:
    """The ``summary --json`` object (see the CLI contract); suppressed unless ``raw``.

    ``preliminary``: the year is still running; goal sentences speak of the outcome so far. ``as_of`` (a meeting
    date) gives the figures as known at that date, the economy booked to ``books_closed`` (default: see
    :func:`~finsamdash.metrics.forecast.default_books_closed`; after ``as_of`` raises
    :class:`~finsamdash.errors.MeetingDateError`), and adds the ``forecast`` object; money goals are then judged on
    the forecast. ``forecast`` instead of ``as_of``: the year's forecast already computed on ``dataset`` (which is
    then taken as already cut at its dates, as a dashboard page has it).

    ``disclosure`` is the audit of the pack the summary belongs to (a page passes its own); without one the summary
    is audited as the pack of a meeting on ``as_of`` (default 31 December of ``year``) with no previous meeting."""
    meeting = pd.Timestamp(as_of).date() if as_of is not None else date(int(year), 12, 31)
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
    if disclosure is None:
        disclosure = audit_pack(dataset, association_id, meeting, min_count=min_count, year=year)
    return suppress_summary(result, goals, disclosure)


def suppress_summary(result: dict[str, Any], goals: list[GoalResult], disclosure: Disclosure) -> dict[str, Any]:
    """A copy of the raw summary whose counts are those the audit shows (None where it hides one), every share
    built on shown counts only."""
    out = copy.deepcopy(result)
    year = int(result["year"])
    hidden = False
    cells = summary_cells(year, disclosure.meeting, list(out["interventions"]))
    for path, cell in cells.items():
        value = disclosure.value(cell)
        target = out
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        hidden |= value is None and path[-1] != "_ended"
    for exits in (out["exits"], *(i["exits"] for i in out["interventions"].values())):
        ended = exits.pop("_ended", None)
        for share, count in SHARES.items():
            exits[share] = exits[count] / ended if exits.get(count) is not None and ended else None
    out["goals"] = published_goals(goals, disclosure, year)
    hidden |= any(g["outcome"] is None and g["status"] != "no_data" and g["metric"] != "manual"
                  for g in out["goals"])
    for item, stats in out["indicators"].items():
        if disclosure.value(indicator_cell(disclosure.association_id, item, year)) is None:
            stats.update(n=None, mean=None, positive_share=None, dont_know=None)
            hidden = True
    out["suppressed"] = hidden
    return out


def hidden_since_previous(result: dict[str, Any], disclosure: Disclosure) -> bool:
    """Whether a figure of the suppressed summary ``result`` is hidden only because of the previous meeting's pack
    (R9; said once, by :func:`summary_text` and the overview page). Not a key of the summary: the CLI contract's
    shape stays as it is, and the command has no previous meeting."""
    year = int(result["year"])
    cells = summary_cells(year, disclosure.meeting, list(result["interventions"]))
    goal_cells = [c for (y, _i), g in disclosure.goals.items() if y == year for c in (g.x, g.n) if c]
    indicators = [indicator_cell(disclosure.association_id, item, year) for item in result["indicators"]]
    return disclosure.hidden_since_previous(cells=[*cells.values(), *goal_cells, *indicators])


def published_goals(goals: list[GoalResult], disclosure: Disclosure, year: int) -> list[dict[str, Any]]:
    """The goals of ``year`` as ``summary --json`` shows them: figures and status as the audit allows (R6)."""
    out = []
    for index, goal in enumerate(goals):
        published = goal.to_summary()
        decided = disclosure.goal(year, index)
        if decided is not None and not decided.figures_shown:
            published["outcome"] = None
            published["figures_sv"] = None
            published["text_sv"] = goal.text_hidden_sv
            if not decided.status_shown:
                published["status"] = None
                published["text_sv"] = goal.text_status_hidden_sv
        out.append(published)
    return out


def goals_of_year(dataset: Dataset, association_id: str, year: int, disclosure: Disclosure, *,
                  preliminary: bool = False, forecast: Forecast | None = None) -> list[dict[str, Any]]:
    """The published goals of one year (for the goals page's trends, without the rest of the summary); money goals
    judged on ``forecast`` when given."""
    goals = evaluate_goals(dataset, association_id, year, preliminary=preliminary, forecast=forecast)
    return published_goals(goals, disclosure, year)


# --- text ------------------------------------------------------------------------------------------------------------


def _n(value: int | None) -> str:
    return HIDDEN_MARK if value is None else fmt_int(value)


def _forecast_text(f: dict[str, Any]) -> str:
    if f["result"] is None:
        return words.forecast_sentence(f["method_sv"])
    return words.forecast_sentences(f["income"], f["costs"], f["result"], f["equity_closing"], f["books_closed"],
                                    f["paid_to_date"], f["method_sv"])


def summary_text(result: dict[str, Any], dataset: Dataset, *, min_count: int = DEFAULT_MIN_COUNT,
                 since_previous: bool = False) -> str:
    """The summary as a few Swedish paragraphs for a terminal or an e-mail; ``since_previous``: some figures are
    hidden only because of the previous meeting's pack (:func:`hidden_since_previous`)."""
    n = _n
    p, x, e = result["participants"], result["exits"], result["economy"]
    lines = [words.heading(dataset.association_name(result["association_id"]), result["year"]), ""]
    lines.append(words.participants_sentence(n(p["episodes"]), n(p["anonymous"]), n(p["identified"]),
                                             n(p["started"]), n(p["ended"]), n(p["active_end_of_year"])))
    lines.append(words.gender_sentence(n(p["women"]), n(p["men"]), n(p["other_unknown"])))
    reasons = ", ".join(f"{label_sv('exit_reason', r)} {n(x[r])}" for r in REPORTED_EXIT_REASONS)
    lines.append(words.exits_sentence(reasons))
    share = fmt_percent(x["work_or_studies_share"]) if x["work_or_studies_share"] is not None else "–"
    lines.append(words.work_or_studies_sentence(n(x["work_or_studies"]), share))
    f = result.get("forecast")
    running = f is not None and (f["books_closed"] or "") < f"{result['year']}-12-31"  # ISO dates compare as text
    admin = fmt_percent(e["admin_share"], decimals=1) if e["admin_share"] is not None else "–"
    if e["income"] is None:
        lines.append(words.NO_ECONOMY)
    elif running and f["books_closed"]:
        lines.append(words.economy_to_date(f["books_closed"], e["income"], e["costs"], admin))
    else:
        lines.append(words.economy_year(e["income"], e["costs"], e["result"], e["budget_result"], admin,
                                        e["equity_opening"], e["equity_closing"]))
    if running:
        lines.append(_forecast_text(f))
    if result["goals"]:
        lines += ["", words.GOALS_HEADING]
        lines += [f"  {STATUS_SYMBOL[g['status']]}: {g['text_sv']}" for g in result["goals"]]
    if result["indicators"]:
        lines += ["", words.INDICATORS_HEADING]
        for item, s in result["indicators"].items():
            if s["n"] is None:
                lines.append(words.hidden_indicator(item, min_count))
            else:
                lines.append(f"  {item}: {fmt_number(s['mean'])}, {fmt_percent(s['positive_share'])}, "
                             f"n = {fmt_int(s['n'])}")
    t = result["training"]
    if t["events"] is not None:
        lines += ["", words.training_sentence(t["events"], t["attendees"])]
    if result["suppressed"]:
        lines += ["", hidden_note(min_count)]
        if since_previous:
            lines.append(HIDDEN_SINCE_PREVIOUS)
        if any(g["status"] is None for g in result["goals"]):
            lines.append(words.hidden_status_note(STATUS_SYMBOL[None]))
    return "\n".join(lines)
