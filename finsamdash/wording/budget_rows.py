"""The Swedish row labels of the budget page's tables, as :mod:`finsamdash.metrics.budget` names its frames' rows
(the year-end forecast, the next months, the result and the equity bridge); the column labels are in
:mod:`finsamdash.wording.budget`."""

from __future__ import annotations

from finsamdash.wording.budget import LABELS
from finsamdash.wording.words import TOTAL

#: The rows of the year-end forecast table (``forecast_table``).
CONTRIBUTIONS_ROW = "Medlemsbidrag"
OTHER_INCOME_ROW = "Övriga intäkter"
INCOME_ROW = "Intäkter"
COSTS_ROW = LABELS["costs"]
RESULT_ROW = LABELS["result"]

#: The rows of the year's result (``result_overview``): a closed year, then a running one.
ACTUAL_YEAR_ROW = "Utfall helår"
BUDGET_ROW = "Budget"
ACTUAL_TO_DATE_ROW = "Utfall hittills"
BUDGET_YEAR_ROW = LABELS["budget_year_total"]
FORECAST_YEAR_ROW = LABELS["forecast_year"]

#: The steps of the equity bridge (``equity_bridge``): opening equity, the result, closing equity.
OPENING_EQUITY_ROW = "Ingående eget kapital"
FORECAST_SUFFIX = " (prognos)"


def next_months_row(months: int) -> str:
    """A row of the next months' costs: "Närmaste 3 månaderna"."""
    return f"Närmaste {months} månaderna"


def year_result_row(*, closed: bool) -> str:
    """"Årets resultat", or "Årets resultat (prognos)" in a running year."""
    return LABELS["year_result"] if closed else LABELS["year_result"] + FORECAST_SUFFIX


def closing_equity_row(*, closed: bool) -> str:
    """"Utgående eget kapital", or "Utgående eget kapital (prognos)" in a running year."""
    return LABELS["equity_closing"] if closed else LABELS["equity_closing"] + FORECAST_SUFFIX


#: Member types as a reader sees them in the contribution split (plural where the type is several members), and
#: the split's total row.
MEMBER_TYPE_LABELS = {"state": "Staten", "region": "Regionen", "municipality": "Kommunerna"}
TOTAL_ROW = TOTAL
#: The groups of costs in the administration share (by group key).
COST_GROUP_LABELS = {"administration": "Administration (kansli, styrelse, revision)", "intervention": "Insatser",
                     "financial_cost": "Finansiella kostnader"}
#: The rows of the equity scenarios (``equity_scenarios``): a closed year's outcome, the budget, the forecast.
SCENARIO_ROWS = {"actual": "Utfall", "budget": "Budget", "forecast": "Prognos"}
