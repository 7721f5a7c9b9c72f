"""Money figures for one association and year: actuals (ledger), budget, equity and members' contributions.

Rules (data contract, "Counting rules"): income = contribution_income + other_income + financial_income;
costs = every cost category; result = income − costs; administration costs = administration + board + audit;
admin share = administration costs / costs (a fraction); closing equity = opening equity + actual result.
Actuals are the ledger rows whose booking date falls in the year; a negative amount is a correction and simply
reduces its category.

Missing data gives ``None``, never 0: no ledger table, or no ledger rows for the association and year, makes every
actual figure None; the same for the budget; ``equity_closing`` is None when the opening equity or the actual
result is; ``admin_share`` is None when costs are 0 or unknown.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

from finsamdash.data.contract import ADMINISTRATION_CATEGORIES, COST_CATEGORIES, INCOME_CATEGORIES
from finsamdash.data.dataset import Dataset

#: Keys of the ``economy`` object in ``summary --json``, in order.
ECONOMY_KEYS = (
    "income", "costs", "result", "administration_costs", "admin_share", "intervention_costs",
    "budget_income", "budget_costs", "budget_result", "equity_opening", "equity_closing",
)

__all__ = [
    "ECONOMY_KEYS",
    "actual_figures",
    "actuals_by_category",
    "actuals_by_intervention",
    "actuals_by_month",
    "amount_over",
    "budget_by_month",
    "budget_figures",
    "budget_monthly",
    "contributions_total",
    "economy",
    "ledger_in_year",
    "months_elapsed",
    "opening_equity",
]


def _sum(amounts: pd.Series) -> float:
    return float(amounts.astype("Float64").sum(skipna=True))


def _category_sum(rows: pd.DataFrame, categories: tuple[str, ...]) -> float:
    return _sum(rows.loc[rows["category"].isin(categories).fillna(False).astype(bool), "amount_sek"])


def ledger_in_year(ledger: pd.DataFrame | None, year: int) -> pd.DataFrame | None:
    """Ledger rows booked in ``year``; None when there is no ledger or no row in that year."""
    if ledger is None:
        return None
    rows = ledger.loc[(pd.to_datetime(ledger["date"]).dt.year == year).fillna(False).astype(bool)]
    return rows if not rows.empty else None


def _budget_in_year(budget: pd.DataFrame | None, year: int) -> pd.DataFrame | None:
    if budget is None:
        return None
    rows = budget.loc[(budget["year"] == year).fillna(False).astype(bool)]
    return rows if not rows.empty else None


def actuals_by_category(ledger: pd.DataFrame | None, year: int) -> dict[str, float] | None:
    """Booked amount per category in ``year`` (corrections netted); None when nothing was booked that year."""
    rows = ledger_in_year(ledger, year)
    if rows is None:
        return None
    return {str(k): float(v) for k, v in rows.groupby("category", sort=False)["amount_sek"].sum().items()}


def actuals_by_intervention(ledger: pd.DataFrame | None, year: int) -> dict[str, float] | None:
    """Booked intervention costs per intervention_id in ``year``; None when nothing was booked that year."""
    rows = ledger_in_year(ledger, year)
    if rows is None:
        return None
    costs = rows.loc[(rows["category"] == "intervention").fillna(False).astype(bool)]
    return {str(k): float(v) for k, v in costs.groupby("intervention_id", sort=True)["amount_sek"].sum().items()}


def actual_figures(ledger: pd.DataFrame | None, year: int) -> dict[str, float | None]:
    """income, costs, result, administration_costs, admin_share, intervention_costs from the ledger rows of one
    association (all None when nothing was booked in ``year``)."""
    rows = ledger_in_year(ledger, year)
    if rows is None:
        return dict.fromkeys(
            ("income", "costs", "result", "administration_costs", "admin_share", "intervention_costs")
        )
    income = _category_sum(rows, INCOME_CATEGORIES)
    costs = _category_sum(rows, COST_CATEGORIES)
    administration = _category_sum(rows, ADMINISTRATION_CATEGORIES)
    return {
        "income": income,
        "costs": costs,
        "result": income - costs,
        "administration_costs": administration,
        "admin_share": administration / costs if costs else None,
        "intervention_costs": _category_sum(rows, ("intervention",)),
    }


def budget_figures(budget: pd.DataFrame | None, year: int) -> dict[str, float | None]:
    """budget_income, budget_costs, budget_result from the budget rows of one association (None when the
    association has no budget rows for ``year``)."""
    rows = _budget_in_year(budget, year)
    if rows is None:
        return dict.fromkeys(("budget_income", "budget_costs", "budget_result"))
    income = _category_sum(rows, INCOME_CATEGORIES)
    costs = _category_sum(rows, COST_CATEGORIES)
    return {"budget_income": income, "budget_costs": costs, "budget_result": income - costs}


def opening_equity(equity: pd.DataFrame | None, year: int) -> float | None:
    """Opening equity at 1 January ``year`` from the equity rows of one association (None when not given)."""
    if equity is None:
        return None
    values = equity.loc[(equity["year"] == year).fillna(False).astype(bool), "opening_equity_sek"].dropna()
    if values.empty:
        return None
    return float(values.iloc[0])


def contributions_total(contributions: pd.DataFrame | None, year: int) -> float | None:
    """Sum of the members' decided contributions for ``year`` (None when no contribution rows for the year)."""
    if contributions is None:
        return None
    rows = contributions.loc[(contributions["year"] == year).fillna(False).astype(bool)]
    if rows.empty:
        return None
    return _sum(rows["amount_sek"])


def economy(dataset: Dataset, association_id: str, year: int) -> dict[str, Any]:
    """The ``economy`` object of ``summary --json`` for one association and year (keys :data:`ECONOMY_KEYS`)."""
    out: dict[str, Any] = {}
    out.update(actual_figures(dataset.rows("ledger", association_id), year))
    out.update(budget_figures(dataset.rows("budget", association_id), year))
    opening = opening_equity(dataset.rows("equity", association_id), year)
    out["equity_opening"] = opening
    result = out["result"]
    out["equity_closing"] = opening + result if opening is not None and result is not None else None
    return {key: out[key] for key in ECONOMY_KEYS}


MONTHS = tuple(range(1, 13))


def _matching(rows: pd.DataFrame, categories: tuple[str, ...], intervention_id: str | None) -> pd.Series:
    mask = rows["category"].isin(categories).fillna(False).astype(bool)
    if intervention_id is not None:
        mask &= (rows["intervention_id"] == intervention_id).fillna(False).astype(bool)
    return mask


def budget_by_month(budget: pd.DataFrame | None, year: int, categories: tuple[str, ...], *,
                    intervention_id: str | None = None) -> pd.Series | None:
    """The budget of ``categories`` per month 1–12 of ``year`` (a float Series indexed by month).

    A row with ``month`` set is periodised to that month; a row without is spread evenly, 1/12 in every month.
    ``intervention_id`` keeps only that intervention's rows. None when the association has no budget rows for
    ``year`` at all; 0 in every month when it has a budget but none in these categories.
    """
    rows = _budget_in_year(budget, year)
    if rows is None:
        return None
    rows = rows.loc[_matching(rows, categories, intervention_id)]
    out = pd.Series(0.0, index=pd.Index(MONTHS, name="month"))
    amounts = rows["amount_sek"].astype("Float64").fillna(0.0)
    months = rows["month"]
    spread = float(amounts[months.isna()].sum())
    out += spread / 12
    for month, amount in amounts[months.notna()].groupby(months[months.notna()].astype(int)).sum().items():
        if 1 <= int(month) <= 12:
            out[int(month)] += float(amount)
    return out


def actuals_by_month(ledger: pd.DataFrame | None, year: int, categories: tuple[str, ...], *,
                     cutoff: object = None, intervention_id: str | None = None) -> pd.Series | None:
    """Booked amounts of ``categories`` per month 1–12 of ``year`` (corrections netted), a Float64 Series.

    Only bookings on or before ``cutoff`` (a date) count; months after the cut-off's month are NA (not known
    yet), months up to it with nothing booked are 0. None when the association has no ledger rows in ``year`` up
    to the cut-off (or no ledger at all).
    """
    if ledger is None:
        return None
    dates = pd.to_datetime(ledger["date"])
    known = (dates.dt.year == year).fillna(False).astype(bool)
    if cutoff is not None:
        known &= (dates <= pd.Timestamp(cutoff)).fillna(False).astype(bool)
    rows = ledger.loc[known]
    if rows.empty:
        return None
    rows = rows.loc[_matching(rows, categories, intervention_id)]
    sums = rows["amount_sek"].astype("Float64").groupby(pd.to_datetime(rows["date"]).dt.month).sum()
    out = pd.Series([float(sums.get(m, 0.0)) for m in MONTHS], index=pd.Index(MONTHS, name="month"),
                    dtype="Float64")
    if cutoff is not None:
        stamp = pd.Timestamp(cutoff)
        if stamp.year < year:
            out[:] = pd.NA
        elif stamp.year == year:
            out[out.index > stamp.month] = pd.NA
    return out


# --- time ------------------------------------------------------------------------------------------------------

#: A function giving the per-month series (index 1–12) of a year, or None when the year has no data.
Monthly = Callable[[int], "pd.Series | None"]


def months_elapsed(year: int, cutoff: date | str | pd.Timestamp) -> float:
    """Months of ``year`` elapsed at the end of ``cutoff``, the cut-off's month counted by days.

    0 before the year, 12 from 31 December on; 23 November 2026 is 10 + 23/30 = 10.77 months; the last day of a
    month is a whole number (31 October = 10).
    """
    day = pd.Timestamp(cutoff).date()
    if day.year < year:
        return 0.0
    if day.year > year:
        return 12.0
    return (day.month - 1) + day.day / calendar.monthrange(year, day.month)[1]


def amount_over(monthly: Monthly, year: int, start: float, end: float) -> float | None:
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


def budget_monthly(budget: pd.DataFrame | None, categories: tuple[str, ...], *,
                   intervention_id: str | None = None) -> Monthly:
    """:func:`budget_by_month` of ``categories`` as a function of the year, each year computed once (for
    :func:`amount_over`, which asks for the same year once per month)."""
    cache: dict[int, pd.Series | None] = {}

    def monthly(year: int) -> pd.Series | None:
        if year not in cache:
            cache[year] = budget_by_month(budget, year, categories, intervention_id=intervention_id)
        return cache[year]

    return monthly
