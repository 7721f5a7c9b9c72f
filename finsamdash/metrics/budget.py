"""Budget follow-up for one association and year: burn-up/burn-down per month, the year-end forecast laid out
for the budget page, the next three and six months, intervention consumption, administration share, members'
contributions, result and equity.

Rules (data contract): a budget row with ``month`` set belongs to that month, one without is spread evenly over the
year (1/12 a month); budget amounts are positive and the category says income or cost; a negative ledger amount is
a correction and reduces its category. Actuals are the ledger rows booked in the year on or before the cut-off,
which is the **books-closed date** (:mod:`finsamdash.metrics.forecast`), not the meeting date.

Time is measured in months from 1 January of the year; the cut-off's month counts by days
(:func:`months_elapsed`: 31 October = 10 months, 15 November = 10.5). The budget "to date" is the budget of the
elapsed months, so that budget to date + budget of the rest of the year = the budget.

Every year-end figure here comes from the one forecast (:class:`~finsamdash.metrics.forecast.Forecast`, or
:func:`~finsamdash.metrics.forecast.rest_of_year` for one intervention's costs): booked to the books-closed date +
the budget for the rest of the year. The run rate (takt: booked / months × 12) appears only as a named comparison
line in the burn-up chart and in the costs of the next three and six months. A closed year has no forecast. Missing
data gives ``None`` (NA in frames), never 0.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from finsamdash.data.contract import ADMINISTRATION_CATEGORIES, COST_CATEGORIES, FUNDING_SPLIT, INCOME_CATEGORIES
from finsamdash.data.dataset import Dataset
from finsamdash.metrics.accounts import (
    MONTHS,
    actuals_by_month,
    amount_over,
    budget_by_month,
    budget_monthly,
    months_elapsed,
)
from finsamdash.metrics.forecast import Forecast, rest_of_year
from finsamdash.wording import budget_rows as rows_sv
from finsamdash.wording.formatting import fmt_date, month_names

__all__ = [
    "BURN_COLUMNS",
    "MEMBER_TYPE_LABELS",
    "admin_split",
    "burn_with_forecast",
    "contribution_split",
    "contributions_by_member",
    "cost_outlook",
    "cost_views",
    "equity_bridge",
    "equity_scenarios",
    "forecast_table",
    "horizon_table",
    "intervention_consumption",
    "monthly_burn",
    "months_elapsed",
    "result_overview",
]

#: Columns of :func:`monthly_burn`, in order.
BURN_COLUMNS = (
    "month", "month_name", "budget_costs", "actual_costs", "cum_budget_costs", "cum_actual_costs",
    "budget_income", "actual_income", "cum_budget_income", "cum_actual_income", "remaining_budget_costs",
)
#: Member types as a reader sees them in the contribution split (plural where the type is several members).
MEMBER_TYPE_LABELS = rows_sv.MEMBER_TYPE_LABELS
TOTAL = rows_sv.TOTAL_ROW


def _as_date(cutoff: date | str | pd.Timestamp) -> date:
    return pd.Timestamp(cutoff).date()


def _rows(dataset: Dataset, table: str, association_id: str) -> pd.DataFrame | None:
    return dataset.rows(table, association_id)


def _cost_categories(intervention_id: str | None) -> tuple[str, ...]:
    return COST_CATEGORIES if intervention_id is None else ("intervention",)


def _actual_sum(series: pd.Series | None) -> float | None:
    return None if series is None else float(series.sum(skipna=True))


def _na_array(series: pd.Series | None) -> pd.array:
    if series is None:
        return pd.array([pd.NA] * 12, dtype="Float64")
    return pd.array(series.to_numpy(), dtype="Float64")


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _sub(a: float | None, b: float | None) -> float | None:
    return a - b if a is not None and b is not None else None


# --- burn-up / burn-down ---------------------------------------------------------------------------------------


def monthly_burn(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str,
                 intervention_id: str | None = None) -> pd.DataFrame:
    """One row per month 1–12 (columns :data:`BURN_COLUMNS`): budget and actual costs and income per month and
    cumulated, and the budget for costs left after the cumulated actuals (``remaining_budget_costs``).

    Actuals are NA after the cut-off's month (and every month when nothing is booked in the year up to the
    cut-off); budget columns are NA when the year has no budget. With ``intervention_id`` the costs are that
    intervention's only and the income columns are NA (income is not booked per intervention).
    """
    costs = _cost_categories(intervention_id)
    budget = _rows(dataset, "budget", association_id)
    ledger = _rows(dataset, "ledger", association_id)
    budget_costs = budget_by_month(budget, year, costs, intervention_id=intervention_id)
    actual_costs = actuals_by_month(ledger, year, costs, cutoff=cutoff, intervention_id=intervention_id)
    budget_income = actual_income = None
    if intervention_id is None:
        budget_income = budget_by_month(budget, year, INCOME_CATEGORIES)
        actual_income = actuals_by_month(ledger, year, INCOME_CATEGORIES, cutoff=cutoff)
    frame = pd.DataFrame({"month": pd.array(MONTHS, dtype="Int64"),
                          "month_name": pd.array(month_names(), dtype="string")})
    for name, series in (("budget_costs", budget_costs), ("actual_costs", actual_costs),
                         ("budget_income", budget_income), ("actual_income", actual_income)):
        frame[name] = _na_array(series)
        frame[f"cum_{name}"] = frame[name].cumsum()
    annual = budget_costs.sum() if budget_costs is not None else pd.NA
    frame["remaining_budget_costs"] = annual - frame["cum_actual_costs"]
    return frame[list(BURN_COLUMNS)]


def burn_with_forecast(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str,
                       intervention_id: str | None = None) -> pd.DataFrame:
    """:func:`monthly_burn` plus the lines a burn chart draws after the cut-off (the books-closed date).

    ``planned_remaining_costs`` = the year's cost budget − the cumulated budget (the planned burn-down).
    ``forecast_cum_costs``: the forecast of the cumulated costs at the end of each month from the cut-off's month on
    (the booked costs at the cut-off's month, so that the dashed line continues the actual one, then + the budget of
    the months since: :func:`~finsamdash.metrics.forecast.rest_of_year`), ending in December at the year-end
    forecast; NA before the cut-off's month and in a closed year. ``run_rate_cum_costs``: the comparison "if the
    rate so far goes on" (booked / months × months), only where a budget exists (without one the forecast itself
    is the run rate). ``forecast_remaining_costs`` = the year's cost budget − the forecast.
    """
    frame = monthly_burn(dataset, association_id, year, cutoff=cutoff, intervention_id=intervention_id)
    costs = _cost_categories(intervention_id)
    annual = frame["budget_costs"].sum(skipna=False)
    frame["planned_remaining_costs"] = annual - frame["cum_budget_costs"]
    cut = _as_date(cutoff)
    elapsed = months_elapsed(year, cut)
    has_budget = frame["budget_costs"].notna().all()
    based = pd.array([pd.NA] * 12, dtype="Float64")
    rate = pd.array([pd.NA] * 12, dtype="Float64")
    to_date, year_end = rest_of_year(dataset, association_id, year, books_closed=cut, categories=costs,
                                     intervention_id=intervention_id)
    if to_date is not None and year_end is not None and 0 < elapsed < 12:
        monthly = budget_monthly(_rows(dataset, "budget", association_id), costs, intervention_id=intervention_id)
        for month in range(cut.month, 13):
            running = to_date + to_date / elapsed * max(0.0, month - elapsed)
            if month == 12:  # the year-end forecast itself, to the last öre
                based[month - 1] = year_end
            elif has_budget:
                based[month - 1] = to_date + amount_over(monthly, year, elapsed, max(elapsed, month))
            else:
                based[month - 1] = running
            if has_budget:
                rate[month - 1] = running
    frame["forecast_cum_costs"] = based
    frame["run_rate_cum_costs"] = rate
    frame["forecast_remaining_costs"] = annual - frame["forecast_cum_costs"]
    return frame


def cost_outlook(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str,
                 intervention_id: str | None = None) -> dict[str, float | bool | None]:
    """The costs of the year (all, or one intervention's) at the cut-off (the books-closed date): ``to_date``
    (booked), ``budget_to_date``, ``budget`` (the year's), ``forecast`` (the year-end forecast, as in
    :func:`~finsamdash.metrics.forecast.year_end_forecast`: for all costs it is ``Forecast.costs``) and ``closed``
    (the year is booked to its end: the forecast is the actual)."""
    cut = _as_date(cutoff)
    elapsed = months_elapsed(year, cut)
    costs = _cost_categories(intervention_id)
    monthly = budget_monthly(_rows(dataset, "budget", association_id), costs, intervention_id=intervention_id)
    has_budget = monthly(year) is not None
    to_date, year_end = rest_of_year(dataset, association_id, year, books_closed=cut, categories=costs,
                                     intervention_id=intervention_id)
    return {"to_date": to_date, "budget_to_date": amount_over(monthly, year, 0, elapsed) if has_budget else None,
            "budget": amount_over(monthly, year, 0, 12) if has_budget else None, "forecast": year_end,
            "closed": elapsed >= 12}


# --- the forecast laid out -------------------------------------------------------------------------------------


def forecast_table(dataset: Dataset, forecast: Forecast, *, previous: Forecast | None = None) -> pd.DataFrame:
    """The year-end forecast as the budget page's table (rows, Swedish labels): ``Medlemsbidrag`` (decided, paid
    to date as the actual), ``Övriga intäkter``, ``Intäkter``, ``Kostnader``, ``Resultat``; columns
    ``actual_to_date``, ``budget_to_date`` (both to the books-closed date), ``budget_year``, ``forecast`` (the
    year-end forecast; the actuals in a closed year) and ``previous_forecast`` (the forecast at the previous
    meeting of the same year, NA otherwise)."""
    fc = forecast
    budget = _rows(dataset, "budget", fc.association_id)
    monthly = budget_monthly(budget, ("contribution_income",))
    has_budget = fc.budget_costs is not None
    contributions_year = amount_over(monthly, fc.year, 0, 12) if has_budget else None
    contributions_to_date = amount_over(monthly, fc.year, 0, fc.months_booked) if has_budget else None
    same_year = previous is not None and previous.year == fc.year and previous.as_of < fc.as_of
    before = previous if same_year else None

    def row(actual, to_date, year_budget, year_end, then) -> tuple:
        return actual, to_date, year_budget, year_end, then

    contributions_end = fc.contributions if not fc.closed else fc.paid_to_date
    rows = {
        rows_sv.CONTRIBUTIONS_ROW: row(fc.paid_to_date, contributions_to_date, contributions_year, contributions_end,
                             before and (before.contributions if not before.closed else before.paid_to_date)),
        rows_sv.OTHER_INCOME_ROW: row(_sub(fc.income_to_date, fc.paid_to_date),
                               _sub(fc.budget_income_to_date, contributions_to_date),
                               _sub(fc.budget_income, contributions_year), _sub(fc.income, contributions_end),
                               before and _sub(before.income, before.contributions if not before.closed
                                               else before.paid_to_date)),
        rows_sv.INCOME_ROW: row(fc.income_to_date, fc.budget_income_to_date, fc.budget_income, fc.income,
                        before and before.income),
        rows_sv.COSTS_ROW: row(fc.costs_to_date, fc.budget_costs_to_date, fc.budget_costs, fc.costs,
                         before and before.costs),
        rows_sv.RESULT_ROW: row(fc.result_to_date, _sub(fc.budget_income_to_date, fc.budget_costs_to_date),
                        fc.budget_result, fc.result, before and before.result),
    }
    columns = ["actual_to_date", "budget_to_date", "budget_year", "forecast", "previous_forecast"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns).astype("Float64")


def horizon_table(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str) -> pd.DataFrame:
    """Costs of the next three and six months after the cut-off (the books-closed date; rows) by the budget of
    those months (from the next year's budget where they cross the year end; NA when it has none) and by the run
    rate so far, with the period as Swedish text (``period``); values NA for a closed year."""
    cut = _as_date(cutoff)
    elapsed = months_elapsed(year, cut)
    open_year = elapsed < 12
    to_date = _actual_sum(actuals_by_month(_rows(dataset, "ledger", association_id), year, COST_CATEGORIES,
                                           cutoff=cut))
    monthly = budget_monthly(_rows(dataset, "budget", association_id), COST_CATEGORIES)
    rows = {}
    for n in (3, 6):
        end = (pd.Timestamp(cut) + pd.DateOffset(months=n)).date()
        if cut.day == pd.Timestamp(cut).days_in_month:  # a month end: whole months
            end = (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).date()
        run = to_date / elapsed * n if open_year and to_date is not None and elapsed > 0 else None
        planned = amount_over(monthly, year, elapsed, elapsed + n) if open_year else None
        rows[rows_sv.next_months_row(n)] = (f"{fmt_date(cut + timedelta(days=1))} – {fmt_date(end)}", planned, run)
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["period", "budget", "run_rate"])
    return frame.astype({"period": "string", "budget": "Float64", "run_rate": "Float64"})


# --- interventions ---------------------------------------------------------------------------------------------


def cost_views(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str) -> list[tuple[str, str]]:
    """(intervention_id, name) of every intervention with a budget or booked costs in ``year`` (up to the
    cut-off), ordered by name: the choices of the burn chart's cost view besides all costs."""
    ids: set[str] = set()
    budget = _rows(dataset, "budget", association_id)
    if budget is not None:
        rows = budget.loc[(budget["year"] == year).fillna(False).astype(bool)
                          & (budget["category"] == "intervention").fillna(False).astype(bool)]
        ids |= set(rows["intervention_id"].dropna())
    ledger = _rows(dataset, "ledger", association_id)
    if ledger is not None:
        dates = pd.to_datetime(ledger["date"])
        rows = ledger.loc[((dates.dt.year == year) & (dates <= pd.Timestamp(_as_date(cutoff)))).fillna(False)
                          .astype(bool) & (ledger["category"] == "intervention").fillna(False).astype(bool)]
        ids |= set(rows["intervention_id"].dropna())
    names = _intervention_names(dataset, association_id)
    return sorted(((i, names.get(i, i)) for i in ids), key=lambda pair: (pair[1].casefold(), pair[0]))


def _intervention_names(dataset: Dataset, association_id: str) -> dict[str, str]:
    rows = dataset.rows("interventions", association_id)
    if rows is None:
        return {}
    return {str(i): str(n) for i, n in zip(rows["intervention_id"], rows["name"], strict=True) if pd.notna(i)}


def intervention_consumption(dataset: Dataset, association_id: str, year: int, *,
                             cutoff: date | str) -> pd.DataFrame | None:
    """Per intervention (index: its name; a last row ``Totalt``): ``intervention_id``, the year's budget
    (``budget_year``), ``budget_to_date``, ``actual_to_date``, ``consumption`` (förbrukningsgrad = actual to date /
    the year's budget), ``budget_share_to_date`` (budget to date / the year's budget: where consumption would be
    if it followed the budget) and ``deviation_to_date`` (actual − budget to date).

    None when the year has neither a budget nor bookings; shares NA where the year's budget is 0 or missing.
    """
    budget = _rows(dataset, "budget", association_id)
    ledger = _rows(dataset, "ledger", association_id)
    has_budget = budget_by_month(budget, year, COST_CATEGORIES) is not None
    has_ledger = actuals_by_month(ledger, year, COST_CATEGORIES, cutoff=cutoff) is not None
    if not has_budget and not has_ledger:
        return None
    elapsed = months_elapsed(year, cutoff)
    records = {}
    for iid, name in [*cost_views(dataset, association_id, year, cutoff=cutoff), (None, TOTAL)]:
        monthly = budget_monthly(budget, ("intervention",), intervention_id=iid)
        year_budget = float(monthly(year).sum()) if has_budget else None
        to_date_budget = amount_over(monthly, year, 0, elapsed) if has_budget else None
        actual = _actual_sum(actuals_by_month(ledger, year, ("intervention",), cutoff=cutoff, intervention_id=iid))
        records[name] = {
            "intervention_id": iid, "budget_year": year_budget, "budget_to_date": to_date_budget,
            "actual_to_date": actual, "consumption": _div(actual, year_budget),
            "budget_share_to_date": _div(to_date_budget, year_budget),
            "deviation_to_date": _sub(actual, to_date_budget),
        }
    frame = pd.DataFrame.from_dict(records, orient="index")
    frame.index.name = "name"
    out = frame.drop(columns="intervention_id").astype("Float64")
    out.insert(0, "intervention_id", frame["intervention_id"].astype("string"))
    return out


# --- administration --------------------------------------------------------------------------------------------

_GROUPS = (
    ("administration", rows_sv.COST_GROUP_LABELS["administration"], ADMINISTRATION_CATEGORIES),
    ("intervention", rows_sv.COST_GROUP_LABELS["intervention"], ("intervention",)),
    ("financial_cost", rows_sv.COST_GROUP_LABELS["financial_cost"], ("financial_cost",)),
)


def admin_split(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str) -> pd.DataFrame | None:
    """Costs split into administration (administration + board + audit), interventions and financial costs (index:
    Swedish labels, a last row ``Totalt``): ``group`` key, ``actual_to_date`` and its share of all costs to date
    (``actual_share``), the year's ``budget`` and its share (``budget_share``), ``budget_to_date``, and the year-end
    forecast (``forecast``, ``forecast_share``: booked + the budget of the rest of the year, as in
    :func:`~finsamdash.metrics.forecast.year_end_forecast`; the actuals in a closed year).

    Financial costs are left out when both their actual and budget are 0 or missing. None when the year has
    neither budget nor bookings.
    """
    ledger = _rows(dataset, "ledger", association_id)
    budget = _rows(dataset, "budget", association_id)
    cut = _as_date(cutoff)
    elapsed = months_elapsed(year, cut)
    records = {}
    for key, label, categories in (*_GROUPS, ("total", TOTAL, COST_CATEGORIES)):
        monthly = budget_monthly(budget, categories)
        year_budget = monthly(year)
        _, year_end = rest_of_year(dataset, association_id, year, books_closed=cut, categories=categories)
        records[label] = {
            "group": key,
            "actual_to_date": _actual_sum(actuals_by_month(ledger, year, categories, cutoff=cut)),
            "budget": float(year_budget.sum()) if year_budget is not None else None,
            "budget_to_date": amount_over(monthly, year, 0, elapsed) if year_budget is not None else None,
            "forecast": year_end,
        }
    total = records[TOTAL]
    if total["actual_to_date"] is None and total["budget"] is None:
        return None
    for record in records.values():
        record["actual_share"] = _div(record["actual_to_date"], total["actual_to_date"])
        record["budget_share"] = _div(record["budget"], total["budget"])
        record["forecast_share"] = _div(record["forecast"], total["forecast"])
    financial = records[rows_sv.COST_GROUP_LABELS["financial_cost"]]
    if not financial["actual_to_date"] and not financial["budget"]:
        del records[rows_sv.COST_GROUP_LABELS["financial_cost"]]
    frame = pd.DataFrame.from_dict(records, orient="index")
    columns = ["actual_to_date", "actual_share", "budget", "budget_share", "budget_to_date", "forecast",
               "forecast_share"]
    out = frame[columns].astype("Float64")
    out.insert(0, "group", frame["group"].astype("string"))
    return out


# --- contributions ---------------------------------------------------------------------------------------------


def _contributions(dataset: Dataset, association_id: str, year: int) -> pd.DataFrame | None:
    rows = _rows(dataset, "contributions", association_id)
    if rows is None:
        return None
    rows = rows.loc[(rows["year"] == year).fillna(False).astype(bool)]
    return rows if not rows.empty else None


_TYPE_ORDER = {"state": 0, "region": 1, "municipality": 2}


def contributions_by_member(dataset: Dataset, association_id: str, year: int, *,
                            cutoff: date | str | None = None) -> pd.DataFrame | None:
    """The members' decided contributions for ``year`` (index: member; a last row ``Totalt``): ``member_type``,
    ``amount_sek``, ``share`` of the total, ``paid_date`` and ``paid`` (paid on or before ``cutoff``; NA without a
    cut-off or a paid date … False when the paid date is later). Ordered state, region, municipalities, then by
    amount (largest first). None when the year has no contribution rows."""
    rows = _contributions(dataset, association_id, year)
    if rows is None:
        return None
    frame = rows.groupby("member", sort=False).agg(
        member_type=("member_type", "first"), amount_sek=("amount_sek", "sum"), paid_date=("paid_date", "max"))
    frame["order"] = frame["member_type"].map(_TYPE_ORDER).fillna(3)
    frame = frame.sort_values(["order", "amount_sek"], ascending=[True, False], kind="stable").drop(columns="order")
    total = float(frame["amount_sek"].sum())
    frame["share"] = frame["amount_sek"] / total if total else pd.NA
    if cutoff is not None:
        paid = frame["paid_date"] <= pd.Timestamp(_as_date(cutoff))
        frame["paid"] = pd.array([pd.NA if pd.isna(d) else bool(p) for d, p in zip(frame["paid_date"], paid,
                                                                                  strict=True)], dtype="boolean")
    else:
        frame["paid"] = pd.array([pd.NA] * len(frame), dtype="boolean")
    frame.loc[TOTAL] = {"member_type": pd.NA, "amount_sek": total, "paid_date": pd.NaT,
                        "share": 1.0 if total else pd.NA, "paid": pd.NA}
    frame.index.name = "member"
    return frame.astype({"member_type": "string", "amount_sek": "Float64", "share": "Float64", "paid": "boolean"})


def contribution_split(dataset: Dataset, association_id: str, year: int) -> pd.DataFrame | None:
    """Contributions per member type against the 50/25/25 split of the law (index: Swedish labels of
    :data:`MEMBER_TYPE_LABELS`; a last row ``Totalt``): ``member_type``, ``amount_sek``, ``share``,
    ``nominal_share``, ``nominal_amount_sek`` (the total × the nominal share) and ``deviation_sek``
    (amount − nominal amount). None when the year has no contribution rows."""
    rows = _contributions(dataset, association_id, year)
    if rows is None:
        return None
    sums = rows.groupby("member_type")["amount_sek"].sum()
    total = float(rows["amount_sek"].sum())
    records = {}
    for key, nominal in FUNDING_SPLIT.items():
        amount = float(sums.get(key, 0.0))
        records[MEMBER_TYPE_LABELS[key]] = {
            "member_type": key, "amount_sek": amount, "share": _div(amount, total), "nominal_share": nominal,
            "nominal_amount_sek": total * nominal, "deviation_sek": amount - total * nominal,
        }
    records[TOTAL] = {"member_type": None, "amount_sek": total, "share": 1.0 if total else None,
                      "nominal_share": 1.0, "nominal_amount_sek": total, "deviation_sek": 0.0}
    frame = pd.DataFrame.from_dict(records, orient="index")
    out = frame.drop(columns="member_type").astype("Float64")
    out.insert(0, "member_type", frame["member_type"].astype("string"))
    return out


# --- result and equity -----------------------------------------------------------------------------------------


def result_overview(forecast: Forecast) -> pd.DataFrame:
    """The year's result (rows, Swedish labels; column ``result_sek``): in a running year the result booked to
    the books-closed date (``Utfall hittills``), the budget (``Budget helår``) and the forecast (``Prognos
    helår``); in a closed year the actual result (``Utfall helår``) and the budget."""
    fc = forecast
    if fc.closed:
        rows = {rows_sv.ACTUAL_YEAR_ROW: fc.result, rows_sv.BUDGET_ROW: fc.budget_result}
    else:
        rows = {rows_sv.ACTUAL_TO_DATE_ROW: fc.result_to_date, rows_sv.BUDGET_YEAR_ROW: fc.budget_result,
                rows_sv.FORECAST_YEAR_ROW: fc.result}
    return pd.DataFrame({"result_sek": pd.array(list(rows.values()), dtype="Float64")}, index=list(rows))


def equity_bridge(forecast: Forecast) -> pd.DataFrame | None:
    """Opening equity → the year's result → closing equity (rows, Swedish labels; columns ``amount_sek`` and
    ``measure``: ``absolute``, ``relative``, ``total`` as in a waterfall). The result is the forecast in a running
    year and the actual result in a closed one; NA when it cannot be computed. None without an opening equity."""
    fc = forecast
    if fc.equity_opening is None:
        return None
    result_label = rows_sv.year_result_row(closed=fc.closed)
    closing_label = rows_sv.closing_equity_row(closed=fc.closed)
    return pd.DataFrame({
        "amount_sek": pd.array([fc.equity_opening, fc.result, fc.equity_closing], dtype="Float64"),
        "measure": pd.array(["absolute", "relative", "total"], dtype="string"),
    }, index=[rows_sv.OPENING_EQUITY_ROW, result_label, closing_label])


def equity_scenarios(forecast: Forecast) -> pd.DataFrame:
    """The year's result, closing equity and its share of the year's contributions (rows, Swedish labels;
    columns ``result_sek``, ``equity_closing_sek``, ``equity_share``): the budget and the forecast in a running
    year, the actual outcome and the budget in a closed one."""
    fc = forecast
    budget_closing = (fc.equity_opening + fc.budget_result
                      if fc.equity_opening is not None and fc.budget_result is not None else None)
    outcome = {"result_sek": fc.result, "equity_closing_sek": fc.equity_closing, "equity_share": fc.equity_share}
    planned = {"result_sek": fc.budget_result, "equity_closing_sek": budget_closing,
               "equity_share": _div(budget_closing, fc.contributions)}
    scenario = rows_sv.SCENARIO_ROWS
    rows = ({scenario["actual"]: outcome, scenario["budget"]: planned} if fc.closed
            else {scenario["budget"]: planned, scenario["forecast"]: outcome})
    return pd.DataFrame.from_dict(rows, orient="index").astype("Float64")
