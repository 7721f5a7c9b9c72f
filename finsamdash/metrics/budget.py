"""Budget follow-up for one association and year: burn-up/burn-down per month, forecasts, intervention
consumption, administration share, members' contributions, result and equity.

Rules (data contract): a budget row with ``month`` set belongs to that month, one without is spread evenly over the
year (1/12 a month); budget amounts are positive and the category says income or cost; a negative ledger amount is
a correction and reduces its category. Actuals are the ledger rows booked in the year on or before the cut-off.

Time is measured in months from 1 January of the year; the month of the cut-off counts by days
(:func:`months_elapsed`: 23 November = 10 + 23/30 months). The budget "to date" is the budget of the elapsed
months, the cut-off month pro rata by days, so that budget to date + budget of the rest of the year = the budget.

Forecast methods (stated in Swedish in ``forecast(...)["method_sv"]``):

* **run-rate** (takt): actual to date / months elapsed × 12;
* **budget-based**: actual to date + the budget of the rest of the year.

A year already closed (cut-off after 31 December) has a forecast equal to its actuals. Missing data gives
``None`` (NA in frames), never 0: no ledger rows in the year up to the cut-off makes every actual figure None, no
budget rows for the year every budget figure.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

from finsamdash.contract import ADMINISTRATION_CATEGORIES, COST_CATEGORIES, FUNDING_SPLIT, INCOME_CATEGORIES
from finsamdash.dataset import Dataset
from finsamdash.formatting import fmt_date, fmt_month, fmt_number, month_names
from finsamdash.metrics.economy import (
    MONTHS,
    actuals_by_month,
    budget_by_month,
    contributions_total,
    opening_equity,
)

__all__ = [
    "BURN_COLUMNS",
    "FORECAST_KEYS",
    "MEMBER_TYPE_LABELS",
    "admin_split",
    "burn_with_forecast",
    "contribution_split",
    "contributions_by_member",
    "cost_views",
    "equity_bridge",
    "equity_forecast",
    "equity_scenarios",
    "forecast",
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
#: Keys of :func:`forecast`, in order.
FORECAST_KEYS = (
    "months_elapsed", "costs_to_date", "budget_costs_to_date", "income_to_date", "budget_income_to_date",
    "costs_run_rate", "costs_budget_based", "income_run_rate", "income_budget_based", "result_run_rate",
    "result_budget_based", "budget_result", "next_3_months_costs_run_rate", "next_3_months_costs_budget",
    "next_6_months_costs_run_rate", "next_6_months_costs_budget", "method_sv",
)
#: Member types as a reader sees them in the contribution split (plural where the type is several members).
MEMBER_TYPE_LABELS = {"state": "Staten", "region": "Regionen", "municipality": "Kommunerna"}
TOTAL = "Totalt"

Monthly = Callable[[int], "pd.Series | None"]


# --- time ------------------------------------------------------------------------------------------------------


def _as_date(cutoff: date | str | pd.Timestamp) -> date:
    return pd.Timestamp(cutoff).date()


def months_elapsed(year: int, cutoff: date | str | pd.Timestamp) -> float:
    """Months of ``year`` elapsed at the end of ``cutoff``, the cut-off's month counted by days.

    0 before the year, 12 from 31 December on; 23 November 2026 is 10 + 23/30 = 10.77 months.
    """
    day = _as_date(cutoff)
    if day.year < year:
        return 0.0
    if day.year > year:
        return 12.0
    return (day.month - 1) + day.day / calendar.monthrange(year, day.month)[1]


def _over(monthly: Monthly, year: int, start: float, end: float) -> float | None:
    """The amount of a monthly series over months ``[start, end)`` counted from 1 January ``year``.

    Month k (0-based) covers [k, k + 1) and is taken pro rata; positions from 12 on fall in the following
    years. 0 for an empty interval (even without data); None when a year it needs has no data.
    """
    if end <= start:
        return 0.0
    total = 0.0
    k = int(start)
    while k < end:
        overlap = min(end, k + 1) - max(start, k)
        if overlap > 0:
            series = monthly(year + k // 12)
            if series is None:
                return None
            value = series.iloc[k % 12]
            total += 0.0 if pd.isna(value) else float(value) * overlap
        k += 1
    return total


def _rows(dataset: Dataset, table: str, association_id: str) -> pd.DataFrame | None:
    return dataset.rows(table, association_id)


def _cost_categories(intervention_id: str | None) -> tuple[str, ...]:
    return COST_CATEGORIES if intervention_id is None else ("intervention",)


def _budget_monthly(dataset: Dataset, association_id: str, categories: tuple[str, ...],
                    intervention_id: str | None = None) -> Monthly:
    budget = _rows(dataset, "budget", association_id)
    cache: dict[int, pd.Series | None] = {}  # _over asks for the same year once per month

    def monthly(year: int) -> pd.Series | None:
        if year not in cache:
            cache[year] = budget_by_month(budget, year, categories, intervention_id=intervention_id)
        return cache[year]

    return monthly


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


def _add(a: float | None, b: float | None) -> float | None:
    return a + b if a is not None and b is not None else None


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
    """:func:`monthly_burn` plus the lines a burn chart draws after the cut-off.

    ``planned_remaining_costs`` = the year's cost budget − the cumulated budget (the planned burn-down).
    ``forecast_cum_costs_run_rate`` / ``forecast_cum_costs_budget_based``: cumulated costs forecast at the end of
    each month after the cut-off's month, starting from the actual to date at the cut-off's month (so the dashed
    line continues the actual one) and ending at the year-end forecast in December; NA before the cut-off's month
    and in a closed year. ``forecast_remaining_*`` = the year's cost budget − those.
    """
    frame = monthly_burn(dataset, association_id, year, cutoff=cutoff, intervention_id=intervention_id)
    costs = _cost_categories(intervention_id)
    monthly = _budget_monthly(dataset, association_id, costs, intervention_id)
    annual = frame["budget_costs"].sum(skipna=False)
    frame["planned_remaining_costs"] = annual - frame["cum_budget_costs"]
    elapsed = months_elapsed(year, cutoff)
    to_date = _actual_sum(actuals_by_month(_rows(dataset, "ledger", association_id), year, costs, cutoff=cutoff,
                                           intervention_id=intervention_id))
    run = pd.array([pd.NA] * 12, dtype="Float64")
    based = pd.array([pd.NA] * 12, dtype="Float64")
    if to_date is not None and 0 < elapsed < 12:
        current = _as_date(cutoff).month
        for month in MONTHS:
            if month < current:
                continue
            if month == current:
                run[month - 1] = based[month - 1] = to_date
                continue
            run[month - 1] = to_date + to_date / elapsed * (month - elapsed)
            rest = _over(monthly, year, elapsed, month)
            based[month - 1] = pd.NA if rest is None else to_date + rest
    frame["forecast_cum_costs_run_rate"] = run
    frame["forecast_cum_costs_budget_based"] = based
    frame["forecast_remaining_costs_run_rate"] = annual - frame["forecast_cum_costs_run_rate"]
    frame["forecast_remaining_costs_budget_based"] = annual - frame["forecast_cum_costs_budget_based"]
    return frame


# --- forecast --------------------------------------------------------------------------------------------------


def _method_sv(year: int, cutoff: date, elapsed: float) -> dict[str, str]:
    if elapsed >= 12:
        closed = f"Året {year} är avslutat, så prognosen är lika med utfallet för helåret."
        return {"run_rate": closed, "budget_based": closed}
    if elapsed <= 0:
        return {
            "run_rate": f"Prognos enligt takt kan inte beräknas förrän året {year} har börjat.",
            "budget_based": f"Budgetbaserad prognos: hela budgeten för {year}, eftersom inget utfall finns ännu.",
        }
    month = fmt_month(cutoff.month)
    rest = f"resten av {month} och månaderna därefter" if cutoff.month < 12 else f"resten av {month}"
    if cutoff.day == calendar.monthrange(cutoff.year, cutoff.month)[1]:
        rest = "årets återstående månader"
    return {
        "run_rate": (f"Prognos enligt takt: utfallet t.o.m. {fmt_date(cutoff)} delat med antalet gångna månader "
                     f"({fmt_number(elapsed, 1)}, den pågående månaden räknad i dagar) och multiplicerat med 12."),
        "budget_based": f"Budgetbaserad prognos: utfallet t.o.m. {fmt_date(cutoff)} plus budgeten för {rest}.",
    }


def forecast(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str,
             intervention_id: str | None = None) -> dict[str, Any]:
    """Year-end forecasts by both methods, and the next three and six months (keys :data:`FORECAST_KEYS`).

    ``*_to_date`` are actuals and budget up to the cut-off; ``costs_run_rate`` = costs to date / months elapsed ×
    12, ``costs_budget_based`` = costs to date + the budget of the rest of the year (likewise for income); the
    results are income − costs per method; ``budget_result`` is the year's budget. ``next_N_months_costs_*`` cover
    the N months after the cut-off (run-rate: monthly rate × N; budget: the budget of those months, from the next
    year's budget where they cross the year end, None if it has none); None for a closed year. ``method_sv``
    holds one Swedish sentence per method (keys ``run_rate``, ``budget_based``). With ``intervention_id`` only
    that intervention's costs are forecast and the income and result keys are None.
    """
    cut = _as_date(cutoff)
    elapsed = months_elapsed(year, cut)
    budget = _rows(dataset, "budget", association_id)
    ledger = _rows(dataset, "ledger", association_id)
    out: dict[str, Any] = {"months_elapsed": elapsed}

    def track(categories: tuple[str, ...], iid: str | None) -> tuple[float | None, ...]:
        monthly = _budget_monthly(dataset, association_id, categories, iid)
        to_date = _actual_sum(actuals_by_month(ledger, year, categories, cutoff=cut, intervention_id=iid))
        if to_date is None and elapsed == 0 and ledger is not None:
            to_date = 0.0  # the year has not begun: nothing can have been booked yet
        budget_to_date = _over(monthly, year, 0, elapsed) if monthly(year) is not None else None
        run_rate = to_date / elapsed * 12 if to_date is not None and elapsed > 0 else None
        budget_based = _add(to_date, _over(monthly, year, elapsed, 12))
        return to_date, budget_to_date, run_rate, budget_based

    costs = track(_cost_categories(intervention_id), intervention_id)
    income = track(INCOME_CATEGORIES, None) if intervention_id is None else (None,) * 4
    out["costs_to_date"], out["budget_costs_to_date"] = costs[:2]
    out["income_to_date"], out["budget_income_to_date"] = income[:2]
    out["costs_run_rate"], out["costs_budget_based"] = costs[2:]
    out["income_run_rate"], out["income_budget_based"] = income[2:]
    out["result_run_rate"] = _sub(income[2], costs[2])
    out["result_budget_based"] = _sub(income[3], costs[3])
    budget_costs = budget_by_month(budget, year, _cost_categories(intervention_id), intervention_id=intervention_id)
    budget_income = budget_by_month(budget, year, INCOME_CATEGORIES) if intervention_id is None else None
    out["budget_result"] = (float(budget_income.sum() - budget_costs.sum())
                            if budget_income is not None and budget_costs is not None else None)
    monthly_costs = _budget_monthly(dataset, association_id, _cost_categories(intervention_id), intervention_id)
    for n in (3, 6):
        open_year = elapsed < 12
        run = costs[0] / elapsed * n if open_year and costs[0] is not None and elapsed > 0 else None
        out[f"next_{n}_months_costs_run_rate"] = run
        out[f"next_{n}_months_costs_budget"] = _over(monthly_costs, year, elapsed, elapsed + n) if open_year else None
    out["method_sv"] = _method_sv(year, cut, elapsed)
    return {key: out[key] for key in FORECAST_KEYS}


def forecast_table(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str,
                   previous_cutoff: date | str | None = None) -> pd.DataFrame:
    """Costs, income and result (rows, Swedish labels): actual and budget to date, the year's budget, both
    year-end forecasts and, with ``previous_cutoff`` (the previous meeting) in the same year, the budget-based
    forecast made then (column ``previous_budget_based``, NA otherwise)."""
    fc = forecast(dataset, association_id, year, cutoff=cutoff)
    budget = _rows(dataset, "budget", association_id)
    annual_costs = budget_by_month(budget, year, COST_CATEGORIES)
    annual_income = budget_by_month(budget, year, INCOME_CATEGORIES)
    previous = None
    if previous_cutoff is not None and _as_date(previous_cutoff) < _as_date(cutoff) \
            and _as_date(previous_cutoff).year == year:
        previous = forecast(dataset, association_id, year, cutoff=previous_cutoff)
    costs_year = float(annual_costs.sum()) if annual_costs is not None else None
    income_year = float(annual_income.sum()) if annual_income is not None else None
    rows = {
        "Intäkter": (fc["income_to_date"], fc["budget_income_to_date"], income_year, fc["income_run_rate"],
                     fc["income_budget_based"], previous and previous["income_budget_based"]),
        "Kostnader": (fc["costs_to_date"], fc["budget_costs_to_date"], costs_year, fc["costs_run_rate"],
                      fc["costs_budget_based"], previous and previous["costs_budget_based"]),
        "Resultat": (_sub(fc["income_to_date"], fc["costs_to_date"]),
                     _sub(fc["budget_income_to_date"], fc["budget_costs_to_date"]), fc["budget_result"],
                     fc["result_run_rate"], fc["result_budget_based"],
                     previous and previous["result_budget_based"]),
    }
    columns = ("actual_to_date", "budget_to_date", "budget_year", "run_rate", "budget_based",
               "previous_budget_based")
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(columns))
    return frame.astype("Float64")


def horizon_table(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str) -> pd.DataFrame:
    """Costs of the next three and six months after the cut-off (rows) by run-rate and by budget, with the
    period as Swedish text (``period``); values NA for a closed year."""
    fc = forecast(dataset, association_id, year, cutoff=cutoff)
    cut = pd.Timestamp(_as_date(cutoff))
    rows = {}
    for n in (3, 6):
        end = (cut + pd.DateOffset(months=n)).date()
        rows[f"Närmaste {n} månaderna"] = (
            f"{fmt_date((cut + pd.Timedelta(days=1)).date())} – {fmt_date(end)}",
            fc[f"next_{n}_months_costs_run_rate"], fc[f"next_{n}_months_costs_budget"],
        )
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["period", "run_rate", "budget"])
    return frame.astype({"period": "string", "run_rate": "Float64", "budget": "Float64"})


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
        monthly = _budget_monthly(dataset, association_id, ("intervention",), iid)
        year_budget = float(monthly(year).sum()) if has_budget else None
        to_date_budget = _over(monthly, year, 0, elapsed) if has_budget else None
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
    ("administration", "Administration (kansli, styrelse, revision)", ADMINISTRATION_CATEGORIES),
    ("intervention", "Insatser", ("intervention",)),
    ("financial_cost", "Finansiella kostnader", ("financial_cost",)),
)


def admin_split(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str) -> pd.DataFrame | None:
    """Costs split into administration (administration + board + audit), interventions and financial costs (index:
    Swedish labels, a last row ``Totalt``): ``group`` key, ``actual_to_date`` and its share of all costs to date
    (``actual_share``), the year's ``budget`` and its share (``budget_share``), ``budget_to_date``.

    Financial costs are left out when both their actual and budget are 0 or missing. None when the year has
    neither budget nor bookings.
    """
    ledger = _rows(dataset, "ledger", association_id)
    elapsed = months_elapsed(year, cutoff)
    records = {}
    for key, label, categories in (*_GROUPS, ("total", TOTAL, COST_CATEGORIES)):
        monthly = _budget_monthly(dataset, association_id, categories)
        year_budget = monthly(year)
        records[label] = {
            "group": key,
            "actual_to_date": _actual_sum(actuals_by_month(ledger, year, categories, cutoff=cutoff)),
            "budget": float(year_budget.sum()) if year_budget is not None else None,
            "budget_to_date": _over(monthly, year, 0, elapsed) if year_budget is not None else None,
        }
    total = records[TOTAL]
    if total["actual_to_date"] is None and total["budget"] is None:
        return None
    for record in records.values():
        record["actual_share"] = _div(record["actual_to_date"], total["actual_to_date"])
        record["budget_share"] = _div(record["budget"], total["budget"])
    financial = records["Finansiella kostnader"]
    if not financial["actual_to_date"] and not financial["budget"]:
        del records["Finansiella kostnader"]
    frame = pd.DataFrame.from_dict(records, orient="index")
    columns = ["actual_to_date", "actual_share", "budget", "budget_share", "budget_to_date"]
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


def equity_forecast(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str) -> dict[str, Any]:
    """Result and equity for the year: ``result_to_date``, ``budget_result``, ``result_run_rate``,
    ``result_budget_based``, ``equity_opening``, closing equity by budget / run-rate / budget-based forecast
    (``equity_closing_budget`` … = opening + that result), ``contributions_sek`` (the members' decided
    contributions; the budgeted contribution income when the contributions table has none for the year, see
    ``contributions_source``: ``"contributions"``, ``"budget"`` or None) and the closing equity as a share of them
    (``equity_share_budget``, ``equity_share_run_rate``, ``equity_share_budget_based``; fractions).

    In a closed year both forecasts equal the actual result, so the closing equity is the actual one."""
    fc = forecast(dataset, association_id, year, cutoff=cutoff)
    opening = opening_equity(_rows(dataset, "equity", association_id), year)
    contributions = contributions_total(_rows(dataset, "contributions", association_id), year)
    source = "contributions" if contributions is not None else None
    if contributions is None:
        budgeted = budget_by_month(_rows(dataset, "budget", association_id), year, ("contribution_income",))
        if budgeted is not None and budgeted.sum() > 0:
            contributions, source = float(budgeted.sum()), "budget"
    out: dict[str, Any] = {
        "result_to_date": _sub(fc["income_to_date"], fc["costs_to_date"]),
        "budget_result": fc["budget_result"],
        "result_run_rate": fc["result_run_rate"],
        "result_budget_based": fc["result_budget_based"],
        "equity_opening": opening,
        "contributions_sek": contributions,
        "contributions_source": source,
    }
    for method, result in (("budget", fc["budget_result"]), ("run_rate", fc["result_run_rate"]),
                           ("budget_based", fc["result_budget_based"])):
        closing = _add(opening, result)
        out[f"equity_closing_{method}"] = closing
        out[f"equity_share_{method}"] = _div(closing, contributions)
    return out


def result_overview(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str) -> pd.DataFrame:
    """The year's result (rows, Swedish labels; column ``result_sek``): actual to date, the budget, and the two
    year-end forecasts; a closed year has just its actual result and the budget."""
    fc = forecast(dataset, association_id, year, cutoff=cutoff)
    actual = _sub(fc["income_to_date"], fc["costs_to_date"])
    if fc["months_elapsed"] >= 12:
        rows = {"Utfall helår": actual, "Budget": fc["budget_result"]}
    else:
        rows = {"Utfall hittills": actual, "Budget helår": fc["budget_result"],
                "Prognos enligt takt": fc["result_run_rate"], "Budgetbaserad prognos": fc["result_budget_based"]}
    frame = pd.DataFrame({"result_sek": pd.array(list(rows.values()), dtype="Float64")}, index=list(rows))
    return frame


def equity_bridge(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str) -> pd.DataFrame | None:
    """Opening equity → the year's result → closing equity (rows, Swedish labels; columns ``amount_sek`` and
    ``measure``: ``absolute``, ``relative``, ``total`` as in a waterfall). The result is the budget-based forecast
    in an open year and the actual result in a closed one; NA when it cannot be computed. None without an
    opening equity for the year."""
    eq = equity_forecast(dataset, association_id, year, cutoff=cutoff)
    if eq["equity_opening"] is None:
        return None
    closed = months_elapsed(year, cutoff) >= 12
    result_label = "Årets resultat" if closed else "Årets resultat (prognos)"
    closing_label = "Utgående eget kapital" if closed else "Utgående eget kapital (prognos)"
    return pd.DataFrame({
        "amount_sek": pd.array([eq["equity_opening"], eq["result_budget_based"],
                                eq["equity_closing_budget_based"]], dtype="Float64"),
        "measure": pd.array(["absolute", "relative", "total"], dtype="string"),
    }, index=["Ingående eget kapital", result_label, closing_label])



def equity_scenarios(dataset: Dataset, association_id: str, year: int, *, cutoff: date | str) -> pd.DataFrame:
    """The year's result, closing equity and its share of the year's contributions per scenario (rows, Swedish
    labels; columns ``result_sek``, ``equity_closing_sek``, ``equity_share``): the budget and both forecasts in an
    open year; the actual outcome and the budget in a closed one."""
    eq = equity_forecast(dataset, association_id, year, cutoff=cutoff)
    if months_elapsed(year, cutoff) >= 12:
        scenarios = {"Utfall": "budget_based", "Budget": "budget"}
    else:
        scenarios = {"Budget": "budget", "Budgetbaserad prognos": "budget_based", "Prognos enligt takt": "run_rate"}
    results = {"budget": eq["budget_result"], "budget_based": eq["result_budget_based"],
               "run_rate": eq["result_run_rate"]}
    frame = pd.DataFrame.from_dict({
        label: {"result_sek": results[key], "equity_closing_sek": eq[f"equity_closing_{key}"],
                "equity_share": eq[f"equity_share_{key}"]}
        for label, key in scenarios.items()
    }, orient="index")
    return frame.astype("Float64")
