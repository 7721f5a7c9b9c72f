"""The year-end forecast: ONE function, used by every card, sentence, chart, goal and the summary.

Two dates govern the economy of a board meeting:

* the **meeting date** (``as_of``): participant figures run to it;
* the **books-closed date** (``books_closed``, "bokfört t.o.m."): the date up to which the ledger is complete. Every
  economic "to date" figure runs to it. Given by the user, or by default the last day of the month of the latest
  ledger line dated on or before the meeting, never after the meeting (:func:`default_books_closed`).

The forecast for the year (:func:`year_end_forecast`), in the words of the command-line contract:

* **income** = the members' **decided contributions** for the year (the contributions table; the budgeted
  contribution income where none are recorded) + other and financial income (actual to the books-closed date + the
  budget for the rest of the year). Contribution payments booked in the ledger are ``paid_to_date``, shown against
  the decided amount; they are never extrapolated;
* **costs** = actual costs to the books-closed date + the budget for the rest of the year after it (the cost
  categories one by one, so the administration costs and share are forecast the same way). Without a budget for the
  year the rest of the year is the run rate so far (actual / months booked × months left), and the method says so;
* **result** = income − costs; **equity_closing** = opening equity + result.

A year whose books are closed to 31 December (or later) has no forecast: every figure is the year's actuals, income
included. Missing data gives ``None``, never 0: without a ledger table nothing is forecast.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from finsamdash.data.contract import ADMINISTRATION_CATEGORIES, COST_CATEGORIES, INCOME_CATEGORIES
from finsamdash.data.dataset import Dataset
from finsamdash.errors import MeetingDateError
from finsamdash.metrics.accounts import (
    Monthly,
    actuals_by_month,
    amount_over,
    budget_by_month,
    budget_monthly,
    contributions_total,
    months_elapsed,
    opening_equity,
)
from finsamdash.wording.economy import forecast_method_sv
from finsamdash.wording.formatting import fmt_date

__all__ = [
    "FORECAST_JSON_KEYS",
    "OTHER_INCOME_CATEGORIES",
    "Forecast",
    "books_closed_date",
    "check_previous_meeting",
    "default_books_closed",
    "rest_of_year",
    "year_end_forecast",
]

#: Income that is not the members' contributions: actual to date + budget for the rest of the year.
OTHER_INCOME_CATEGORIES = ("other_income", "financial_income")
#: Keys of the ``forecast`` object of ``summary --json`` (command-line contract), in order.
FORECAST_JSON_KEYS = ("as_of", "books_closed", "income", "costs", "result", "equity_closing", "paid_to_date",
                      "costs_to_date", "method_sv")


def _day(value: date | str | pd.Timestamp) -> date:
    return pd.Timestamp(value).date()


def _add(*values: float | None) -> float | None:
    return None if any(v is None for v in values) else float(sum(values))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Forecast:
    """The year's economy as known at a meeting: to date (to ``books_closed``) and forecast for the whole year.

    ``income``/``costs``/``result``/``equity_closing``/``administration_costs`` are year-end figures (actuals in a
    closed year). ``contributions`` are the decided contributions (``contributions_source``: ``"contributions"``
    the contributions table, ``"budget"`` the budgeted contribution income, ``"ledger"`` only what is booked, None
    nothing at all); ``paid_to_date`` the contribution income booked to ``books_closed``; ``other_income`` the
    forecast of other and financial income. ``budget_*`` are the adopted budget (year and to date), ``months_booked``
    the months of the year the books cover (0–12, the last month by days), ``costs_method`` how the rest of the year's
    costs were estimated (``"budget"``, ``"run_rate"``, ``"actual"`` in a closed year, None without a ledger), and
    ``method_sv`` the method in Swedish."""

    association_id: str
    year: int
    as_of: date
    books_closed: date | None
    months_booked: float
    income: float | None
    costs: float | None
    result: float | None
    equity_opening: float | None
    equity_closing: float | None
    contributions: float | None
    contributions_source: str | None
    paid_to_date: float | None
    other_income: float | None
    income_to_date: float | None
    costs_to_date: float | None
    administration_costs: float | None
    administration_costs_to_date: float | None
    budget_income: float | None
    budget_costs: float | None
    budget_income_to_date: float | None
    budget_costs_to_date: float | None
    costs_method: str | None
    method_sv: str

    @property
    def closed(self) -> bool:
        """True when the books cover the whole year: every figure is an actual, none a forecast."""
        return self.months_booked >= 12

    @property
    def budget_result(self) -> float | None:
        return None if self.budget_income is None or self.budget_costs is None else \
            self.budget_income - self.budget_costs

    @property
    def result_to_date(self) -> float | None:
        return None if self.income_to_date is None or self.costs_to_date is None else \
            self.income_to_date - self.costs_to_date

    @property
    def admin_share(self) -> float | None:
        """The forecast administration costs as a share of the forecast costs (a fraction)."""
        if self.administration_costs is None or not self.costs:
            return None
        return self.administration_costs / self.costs

    @property
    def equity_share(self) -> float | None:
        """The forecast closing equity as a share of the year's contributions (a fraction)."""
        if self.equity_closing is None or not self.contributions:
            return None
        return self.equity_closing / self.contributions

    def to_json(self) -> dict[str, Any]:
        """The ``forecast`` object of ``summary --json`` (keys :data:`FORECAST_JSON_KEYS`)."""
        values = {
            "as_of": self.as_of.isoformat(),
            "books_closed": self.books_closed.isoformat() if self.books_closed is not None else None,
            "income": self.income, "costs": self.costs, "result": self.result,
            "equity_closing": self.equity_closing, "paid_to_date": self.paid_to_date,
            "costs_to_date": self.costs_to_date, "method_sv": self.method_sv,
        }
        return {key: values[key] for key in FORECAST_JSON_KEYS}


# --- the two dates -----------------------------------------------------------------------------------------------


def default_books_closed(ledger: pd.DataFrame | None, as_of: date | str) -> date | None:
    """The last day of the month of the latest ledger line dated on or before ``as_of``, but never after
    ``as_of``; None when no line is (or there is no ledger)."""
    if ledger is None:
        return None
    day = pd.Timestamp(_day(as_of))
    dates = pd.to_datetime(ledger["date"])
    latest = dates[(dates <= day).fillna(False).astype(bool)].max()
    if pd.isna(latest):
        return None
    month_end = date(latest.year, latest.month, calendar.monthrange(latest.year, latest.month)[1])
    return min(month_end, day.date())


def books_closed_date(ledger: pd.DataFrame | None, as_of: date | str,
                      books_closed: date | str | None = None) -> date | None:
    """``books_closed`` checked against the meeting, or the default (:func:`default_books_closed`).

    Raises :class:`~finsamdash.errors.MeetingDateError` when it is after ``as_of``: the books cannot be known to be
    complete beyond the meeting."""
    meeting = _day(as_of)
    if books_closed is None:
        return default_books_closed(ledger, meeting)
    closed = _day(books_closed)
    if closed > meeting:
        raise MeetingDateError(
            f"Bokfört t.o.m.-datumet {fmt_date(closed)} ({closed.isoformat()}) ligger efter mötesdatumet "
            f"{fmt_date(meeting)}. Ange det datum till och med vilket utfallet är bokfört – senast mötesdagen – "
            "eller ange inget datum (--books-closed), så används sista dagen i månaden för den senaste "
            "bokföringen före mötet.", name="books_closed", value=closed.isoformat(), meeting=meeting.isoformat())
    return closed


def check_previous_meeting(previous: date | str | None, meeting: date | str) -> date | None:
    """The previous meeting's date, which must lie before ``meeting`` (None: no comparison).

    Raises :class:`~finsamdash.errors.MeetingDateError` otherwise."""
    if previous is None:
        return None
    before, now = _day(previous), _day(meeting)
    if before >= now:
        raise MeetingDateError(
            f"Förra mötet ({fmt_date(before)}, {before.isoformat()}) ligger "
            f"{'samma dag som' if before == now else 'efter'} mötet {fmt_date(now)}. Ange ett "
            "tidigare möte (--previous ÅÅÅÅ-MM-DD) eller inget alls, så jämförs ingenting.",
            name="previous_meeting_date", value=before.isoformat(), meeting=now.isoformat())
    return before


# --- the forecast ------------------------------------------------------------------------------------------------


def _months(year: int, books: date | None) -> float:
    return months_elapsed(year, books) if books is not None else 0.0


def _booked(ledger: pd.DataFrame | None, year: int, books: date | None, categories: tuple[str, ...],
            intervention_id: str | None = None) -> float | None:
    """Booked in ``year`` up to ``books`` (0 when the books are closed before anything of the year was booked);
    None without a ledger."""
    if ledger is None:
        return None
    if books is None or _months(year, books) <= 0:
        return 0.0
    series = actuals_by_month(ledger, year, categories, cutoff=books, intervention_id=intervention_id)
    return 0.0 if series is None else float(series.sum(skipna=True))


def _has_budget(budget: pd.DataFrame | None, year: int) -> bool:
    return budget_by_month(budget, year, COST_CATEGORIES) is not None


def rest_of_year(dataset: Dataset, association_id: str, year: int, *, books_closed: date | None,
                 categories: tuple[str, ...] = COST_CATEGORIES, intervention_id: str | None = None,
                 extrapolate: bool = True) -> tuple[float | None, float | None]:
    """(booked to ``books_closed``, that + the rest of the year): the year-end amount of ``categories``.

    The rest is the budget of the months after ``books_closed`` (one intervention's with ``intervention_id``);
    without a budget for the year, the run rate so far (booked / months booked × months left) when
    ``extrapolate``, else nothing more. A closed year has no rest. (None, None) without a ledger; the year end None
    when it cannot be estimated (no budget and nothing booked yet). :func:`year_end_forecast` uses it for every
    year-end amount, and the burn charts for their forecast line, so that the two always agree."""
    budget = dataset.rows("budget", association_id)
    return _rest_of_year(dataset.rows("ledger", association_id), year, books_closed, categories, extrapolate,
                         budget_monthly(budget, categories, intervention_id=intervention_id),
                         _has_budget(budget, year), intervention_id)


def _rest_of_year(ledger: pd.DataFrame | None, year: int, books_closed: date | None, categories: tuple[str, ...],
                  extrapolate: bool, monthly: Monthly, has_budget: bool,
                  intervention_id: str | None = None) -> tuple[float | None, float | None]:
    """:func:`rest_of_year` on one association's ledger rows and its budget of ``categories`` (``monthly``)."""
    months = _months(year, books_closed)
    to_date = _booked(ledger, year, books_closed, categories, intervention_id)
    if to_date is None:
        return None, None
    if months >= 12:
        rest: float | None = 0.0
    elif has_budget:
        rest = amount_over(monthly, year, months, 12)
    elif extrapolate:
        rest = to_date / months * (12 - months) if months > 0 else None
    else:
        rest = 0.0
    return to_date, _add(to_date, rest)


def _in_year(rows: pd.DataFrame | None, year: int, column: str) -> pd.DataFrame | None:
    """The rows of ``year`` (by a date or a year column) and the year before (the default books-closed date may
    lie in it); the forecast of one year reads nothing else."""
    if rows is None:
        return None
    years = pd.to_datetime(rows[column]).dt.year if column == "date" else rows[column]
    return rows[years.between(year - 1, year).fillna(False).astype(bool)]


def year_end_forecast(dataset: Dataset, association_id: str, year: int, *, as_of: date | str,
                      books_closed: date | str | None = None) -> Forecast:
    """The year-end forecast of ``association_id`` for ``year`` at the meeting ``as_of`` (see the module docstring).

    ``books_closed`` None means the default date; a date after ``as_of`` raises
    :class:`~finsamdash.errors.MeetingDateError`. Only the association's own rows are read; nothing is mutated."""
    year = int(year)
    meeting = _day(as_of)
    ledger = dataset.rows("ledger", association_id)
    books = books_closed_date(ledger, meeting, books_closed)
    ledger = _in_year(ledger, year, "date")  # read once: the amounts below are sums over these rows
    budget = _in_year(dataset.rows("budget", association_id), year, "year")
    months = _months(year, books)
    has_ledger = ledger is not None
    has_budget = _has_budget(budget, year)

    monthly: dict[tuple[str, ...], Monthly] = {}  # the budget per month of each set of categories, made once

    def budgeted(categories: tuple[str, ...]) -> Monthly:
        if categories not in monthly:
            monthly[categories] = budget_monthly(budget, categories)
        return monthly[categories]

    def planned(categories: tuple[str, ...], start: float, end: float) -> float | None:
        return amount_over(budgeted(categories), year, start, end) if has_budget else None

    def year_end(categories: tuple[str, ...], *, extrapolate: bool = True) -> tuple[float | None, float | None]:
        return _rest_of_year(ledger, year, books, categories, extrapolate, budgeted(categories), has_budget)

    paid = _booked(ledger, year, books, ("contribution_income",))
    other_to_date, other = year_end(OTHER_INCOME_CATEGORIES, extrapolate=False)
    costs_to_date, costs = year_end(COST_CATEGORIES)
    admin_to_date, admin = year_end(ADMINISTRATION_CATEGORIES)

    contributions = contributions_total(dataset.rows("contributions", association_id), year)
    source: str | None = "contributions" if contributions is not None else None
    if contributions is None and has_budget:
        in_budget = planned(("contribution_income",), 0, 12)
        if in_budget:
            contributions, source = in_budget, "budget"
    if contributions is None and paid is not None:
        contributions, source = paid, "ledger"

    closed = months >= 12
    income_to_date = _add(paid, other_to_date)
    income = income_to_date if closed else (_add(contributions, other) if has_ledger else None)
    result = None if income is None or costs is None else income - costs
    equity_opening = opening_equity(dataset.rows("equity", association_id), year)
    if not has_ledger:
        method = None
    else:
        method = "actual" if closed else ("budget" if has_budget else ("run_rate" if months > 0 else None))
    return Forecast(
        association_id=association_id, year=year, as_of=meeting, books_closed=books, months_booked=months,
        income=income, costs=costs, result=result, equity_opening=equity_opening,
        equity_closing=_add(equity_opening, result), contributions=contributions, contributions_source=source,
        paid_to_date=paid, other_income=other, income_to_date=income_to_date, costs_to_date=costs_to_date,
        administration_costs=admin, administration_costs_to_date=admin_to_date,
        budget_income=planned(INCOME_CATEGORIES, 0, 12), budget_costs=planned(COST_CATEGORIES, 0, 12),
        budget_income_to_date=planned(INCOME_CATEGORIES, 0, months),
        budget_costs_to_date=planned(COST_CATEGORIES, 0, months), costs_method=method,
        method_sv=forecast_method_sv(year=year, books_closed=books, months_booked=months, has_ledger=has_ledger,
                                     has_budget=has_budget, contributions=contributions,
                                     contributions_source=source),
    )
