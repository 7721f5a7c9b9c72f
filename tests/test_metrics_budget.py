"""Budget follow-up metrics, hand-computed on a small association (year 2026, books closed 15 April = 3.5 months).

Budget 2026 (costs 276 000, income 300 000):
  porten       120 000 without month   -> 10 000 in every month
  horisont      60 000 in March + 60 000 in September
  administration 24 000 without month  ->  2 000 in every month
  board         12 000 in June
  contributions 75 000 in January, April, July and October
  => costs per month: 12 000 except March 72 000, June 24 000, September 72 000
Ledger 2026 up to 15 April: porten 10 000 (Jan) + 10 000 (Feb) + 12 000 (Mar) + 9 000 (15 Apr) = 41 000;
  horisont 50 000 − 5 000 (a correction) = 45 000 in March; administration 2 000 + 2 000 + 2 500;
  contributions 75 000 (Jan) + 75 000 (10 Apr). After the cut-off: porten 10 000 on 2 May.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from metric_helpers import ASSOC, make_dataset

from finsamdash.metrics.accounts import actuals_by_month, budget_by_month, economy
from finsamdash.metrics.budget import (
    BURN_COLUMNS,
    admin_split,
    burn_with_forecast,
    contribution_split,
    contributions_by_member,
    cost_outlook,
    cost_views,
    equity_bridge,
    equity_scenarios,
    forecast_table,
    horizon_table,
    intervention_consumption,
    monthly_burn,
    months_elapsed,
    result_overview,
)
from finsamdash.metrics.forecast import year_end_forecast

NA = None
CUTOFF = date(2026, 4, 15)

BUDGET = [
    {"year": 2026, "category": "intervention", "intervention_id": "porten", "amount_sek": 120_000},
    {"year": 2026, "category": "intervention", "intervention_id": "horisont", "amount_sek": 60_000, "month": 3},
    {"year": 2026, "category": "intervention", "intervention_id": "horisont", "amount_sek": 60_000, "month": 9},
    {"year": 2026, "category": "administration", "amount_sek": 24_000},
    {"year": 2026, "category": "board", "amount_sek": 12_000, "month": 6},
    *({"year": 2026, "category": "contribution_income", "amount_sek": 75_000, "month": m} for m in (1, 4, 7, 10)),
]
BUDGET_2027 = [{"year": 2027, "category": "intervention", "intervention_id": "porten", "amount_sek": 240_000}]
LEDGER = [
    {"date": "2025-12-31", "category": "administration", "amount_sek": 99_999},  # another year
    {"date": "2026-01-20", "category": "contribution_income", "amount_sek": 75_000},
    {"date": "2026-04-10", "category": "contribution_income", "amount_sek": 75_000},
    {"date": "2026-01-31", "category": "intervention", "intervention_id": "porten", "amount_sek": 10_000},
    {"date": "2026-02-28", "category": "intervention", "intervention_id": "porten", "amount_sek": 10_000},
    {"date": "2026-03-31", "category": "intervention", "intervention_id": "porten", "amount_sek": 12_000},
    {"date": "2026-04-15", "category": "intervention", "intervention_id": "porten", "amount_sek": 9_000},
    {"date": "2026-03-15", "category": "intervention", "intervention_id": "horisont", "amount_sek": 50_000},
    {"date": "2026-03-20", "category": "intervention", "intervention_id": "horisont", "amount_sek": -5_000},
    {"date": "2026-01-31", "category": "administration", "amount_sek": 2_000},
    {"date": "2026-02-28", "category": "administration", "amount_sek": 2_000},
    {"date": "2026-03-31", "category": "administration", "amount_sek": 2_500},
    {"date": "2026-05-02", "category": "intervention", "intervention_id": "porten", "amount_sek": 10_000},  # later
]
CONTRIBUTIONS = [
    {"year": 2026, "member": "Försäkringskassan", "member_type": "state", "amount_sek": 150_000,
     "paid_date": "2026-01-20"},
    {"year": 2026, "member": "Region Test", "member_type": "region", "amount_sek": 75_000, "paid_date": "2026-04-10"},
    {"year": 2026, "member": "Kommun B", "member_type": "municipality", "amount_sek": 36_000},
    {"year": 2026, "member": "Kommun A", "member_type": "municipality", "amount_sek": 45_000,
     "paid_date": "2026-05-01"},
    {"year": 2025, "member": "Försäkringskassan", "member_type": "state", "amount_sek": 1},
]
EQUITY = [{"year": 2026, "opening_equity_sek": 500_000}]


def dataset(**overrides):
    tables = {"budget": BUDGET, "ledger": LEDGER, "contributions": CONTRIBUTIONS, "equity": EQUITY}
    tables.update(overrides)
    return make_dataset(**{k: v for k, v in tables.items() if v is not None})


def values(series) -> list:
    return [None if pd.isna(v) else pytest.approx(float(v)) for v in series]


# --- time and periodisation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cutoff", "expected"), [
    (date(2026, 4, 15), 3.5),  # 3 full months + 15/30 of April
    (date(2026, 2, 14), 1.5),  # 1 + 14/28
    (date(2024, 2, 29), 2.0),  # leap year: 1 + 29/29
    (date(2026, 12, 31), 12.0),
    (date(2027, 1, 1), 12.0),  # year closed
    (date(2025, 12, 31), 0.0),  # year not begun
    ("2026-01-01", 1 / 31),
])
def test_months_elapsed_counts_the_current_month_by_days(cutoff, expected):
    year = 2024 if cutoff == date(2024, 2, 29) else 2026
    assert months_elapsed(year, cutoff) == pytest.approx(expected)


def test_budget_by_month_periodised_rows_go_to_their_month_and_others_spread_evenly():
    budget = dataset().rows("budget", ASSOC)
    costs = budget_by_month(budget, 2026, ("intervention", "administration", "board"))
    # 10 000 + 2 000 every month; + 60 000 in March and September; + 12 000 in June
    assert values(costs) == [12_000, 12_000, 72_000, 12_000, 12_000, 24_000, 12_000, 12_000, 72_000, 12_000,
                             12_000, 12_000]
    assert values(budget_by_month(budget, 2026, ("intervention",), intervention_id="porten")) == [10_000] * 12
    assert values(budget_by_month(budget, 2026, ("contribution_income",))) == [
        75_000, 0, 0, 75_000, 0, 0, 75_000, 0, 0, 75_000, 0, 0]
    assert values(budget_by_month(budget, 2026, ("audit",))) == [0] * 12  # a budget, none in this category
    assert budget_by_month(budget, 2027, ("intervention",)) is None  # no budget for the year
    assert budget_by_month(None, 2026, ("intervention",)) is None


def test_actuals_by_month_nets_corrections_and_stops_at_the_cutoff():
    ledger = dataset().rows("ledger", ASSOC)
    horisont = actuals_by_month(ledger, 2026, ("intervention",), cutoff=CUTOFF, intervention_id="horisont")
    assert values(horisont) == [0, 0, 45_000, 0] + [None] * 8  # 50 000 − 5 000; NA after April
    full = actuals_by_month(ledger, 2026, ("intervention",), intervention_id="porten")
    assert values(full) == [10_000, 10_000, 12_000, 9_000, 10_000] + [0] * 7  # no cut-off: the whole year
    assert actuals_by_month(ledger, 2026, ("intervention",), cutoff=date(2025, 6, 1)) is None
    assert actuals_by_month(None, 2026, ("intervention",)) is None


# --- monthly burn ------------------------------------------------------------------------------------------------


def test_monthly_burn():
    burn = monthly_burn(dataset(), ASSOC, 2026, cutoff=CUTOFF)
    assert list(burn.columns) == list(BURN_COLUMNS)
    assert list(burn["month"]) == list(range(1, 13))
    assert list(burn["month_name"][:3]) == ["januari", "februari", "mars"]
    assert burn["month_name"].iloc[-1] == "december"
    assert values(burn["budget_costs"]) == [12_000, 12_000, 72_000, 12_000, 12_000, 24_000, 12_000, 12_000,
                                            72_000, 12_000, 12_000, 12_000]
    # Jan 10 000 + 2 000; Feb 10 000 + 2 000; Mar 12 000 + 45 000 + 2 500; Apr 9 000 (to the 15th)
    assert values(burn["actual_costs"]) == [12_000, 12_000, 59_500, 9_000] + [None] * 8
    assert values(burn["cum_budget_costs"]) == [12_000, 24_000, 96_000, 108_000, 120_000, 144_000, 156_000,
                                                168_000, 240_000, 252_000, 264_000, 276_000]
    assert values(burn["cum_actual_costs"]) == [12_000, 24_000, 83_500, 92_500] + [None] * 8
    assert values(burn["cum_budget_income"]) == [75_000, 75_000, 75_000, 150_000, 150_000, 150_000, 225_000,
                                                 225_000, 225_000, 300_000, 300_000, 300_000]
    assert values(burn["actual_income"]) == [75_000, 0, 0, 75_000] + [None] * 8
    assert values(burn["cum_actual_income"]) == [75_000, 75_000, 75_000, 150_000] + [None] * 8
    # 276 000 − cumulated actuals
    assert values(burn["remaining_budget_costs"]) == [264_000, 252_000, 192_500, 183_500] + [None] * 8


def test_monthly_burn_for_one_intervention_has_no_income():
    burn = monthly_burn(dataset(), ASSOC, 2026, cutoff=CUTOFF, intervention_id="horisont")
    assert values(burn["budget_costs"]) == [0, 0, 60_000, 0, 0, 0, 0, 0, 60_000, 0, 0, 0]
    assert values(burn["actual_costs"]) == [0, 0, 45_000, 0] + [None] * 8
    assert values(burn["remaining_budget_costs"]) == [120_000, 120_000, 75_000, 75_000] + [None] * 8
    assert burn["budget_income"].isna().all() and burn["cum_actual_income"].isna().all()


def test_monthly_burn_closed_year_and_missing_tables():
    closed = monthly_burn(dataset(), ASSOC, 2026, cutoff=date(2027, 1, 10))
    assert values(closed["actual_costs"]) == [12_000, 12_000, 59_500, 9_000, 10_000, 0, 0, 0, 0, 0, 0, 0]  # 2 May
    assert closed["cum_actual_costs"].iloc[-1] == 102_500
    no_ledger = monthly_burn(dataset(ledger=None), ASSOC, 2026, cutoff=CUTOFF)
    assert no_ledger["actual_costs"].isna().all() and no_ledger["remaining_budget_costs"].isna().all()
    assert no_ledger["cum_budget_costs"].iloc[-1] == 276_000
    no_budget = monthly_burn(dataset(budget=None), ASSOC, 2026, cutoff=CUTOFF)
    assert no_budget["budget_costs"].isna().all() and no_budget["remaining_budget_costs"].isna().all()
    assert no_budget["cum_actual_costs"].iloc[3] == 92_500


def test_burn_with_forecast_paths():
    burn = burn_with_forecast(dataset(), ASSOC, 2026, cutoff=CUTOFF)
    # the forecast: 92 500 booked + the budget from mid-April: the rest of April 6 000, May 12 000, June 24 000,
    # … December 174 000 in all (= the year-end forecast)
    assert values(burn["forecast_cum_costs"]) == [None, None, None, 98_500, 110_500, 134_500, 146_500, 158_500,
                                                  230_500, 242_500, 254_500, 266_500]
    assert values(burn["forecast_remaining_costs"])[-1] == 9_500  # 276 000 − 266 500
    # the comparison "if the rate so far goes on": 92 500 + 92 500 / 3.5 × (month − 3.5)
    assert values(burn["run_rate_cum_costs"]) == [None, None, None] + [
        92_500 + 92_500 / 3.5 * (m - 3.5) for m in range(4, 13)]
    assert burn["run_rate_cum_costs"].iloc[-1] == pytest.approx(317_142.857142857)  # 92 500 / 3.5 × 12
    assert values(burn["planned_remaining_costs"]) == [264_000, 252_000, 180_000, 168_000, 156_000, 132_000,
                                                       120_000, 108_000, 36_000, 24_000, 12_000, 0]
    closed = burn_with_forecast(dataset(), ASSOC, 2026, cutoff=date(2027, 1, 10))
    assert closed["forecast_cum_costs"].isna().all() and closed["run_rate_cum_costs"].isna().all()
    no_budget = burn_with_forecast(dataset(budget=None), ASSOC, 2026, cutoff=CUTOFF)
    assert no_budget["run_rate_cum_costs"].isna().all()  # without a budget the forecast itself is the run rate
    assert no_budget["forecast_cum_costs"].iloc[-1] == pytest.approx(317_142.857142857)


def test_the_burn_charts_end_at_the_one_forecast():
    fc = year_end_forecast(dataset(), ASSOC, 2026, as_of="2026-04-20", books_closed=CUTOFF)
    burn = burn_with_forecast(dataset(), ASSOC, 2026, cutoff=CUTOFF)
    assert burn["forecast_cum_costs"].iloc[-1] == fc.costs == 266_500
    outlook = cost_outlook(dataset(), ASSOC, 2026, cutoff=CUTOFF)
    assert outlook == {"to_date": 92_500, "budget_to_date": 102_000, "budget": 276_000, "forecast": 266_500,
                       "closed": False}
    assert (fc.costs_to_date, fc.budget_costs_to_date, fc.budget_costs) == (92_500, 102_000, 276_000)
    porten = cost_outlook(dataset(), ASSOC, 2026, cutoff=CUTOFF, intervention_id="porten")
    # 10 000 + 10 000 + 12 000 + 9 000 booked; budget 3.5 × 10 000 to date; + 8.5 × 10 000 for the rest
    assert porten == {"to_date": 41_000, "budget_to_date": 35_000, "budget": 120_000, "forecast": 126_000,
                      "closed": False}


# --- the forecast laid out ---------------------------------------------------------------------------------------


def forecast_at(books_closed=CUTOFF, as_of="2026-04-20", **overrides):
    return year_end_forecast(dataset(**overrides), ASSOC, 2026, as_of=as_of, books_closed=books_closed)


def test_the_forecast_on_the_small_association():
    fc = forecast_at()
    assert fc.months_booked == 3.5
    # income: the decided contributions 306 000 (150 000 paid), no other income; costs 92 500 + 174 000
    assert (fc.income, fc.paid_to_date, fc.costs, fc.result) == (306_000, 150_000, 266_500, 39_500)
    assert fc.budget_result == 24_000 and fc.equity_closing == 539_500


def test_forecast_table_with_the_previous_meeting():
    previous = year_end_forecast(dataset(), ASSOC, 2026, as_of="2026-02-14")
    assert previous.books_closed == date(2026, 1, 31)  # the latest line on or before 14 February: 31 January
    table = forecast_table(dataset(), forecast_at(), previous=previous)
    assert list(table.index) == ["Medlemsbidrag", "Övriga intäkter", "Intäkter", "Kostnader", "Resultat"]
    # actual (paid) 150 000; budget to date 75 000 + 15/30 × 75 000; the year's budget; decided; decided then
    assert values(table.loc["Medlemsbidrag"]) == [150_000, 112_500, 300_000, 306_000, 306_000]
    assert values(table.loc["Övriga intäkter"]) == [0, 0, 0, 0, 0]
    assert values(table.loc["Intäkter"]) == [150_000, 112_500, 300_000, 306_000, 306_000]
    # then: 12 000 booked to 31 January + the budget of February–December 264 000
    assert values(table.loc["Kostnader"]) == [92_500, 102_000, 276_000, 266_500, 276_000]
    assert values(table.loc["Resultat"]) == [57_500, 10_500, 24_000, 39_500, 30_000]
    assert forecast_table(dataset(), forecast_at())["previous_forecast"].isna().all()


def test_a_closed_year_table_is_the_actuals():
    fc = forecast_at(books_closed="2026-12-31", as_of="2027-01-10")
    assert fc.closed
    table = forecast_table(dataset(), fc)
    assert values(table.loc["Kostnader", ["actual_to_date", "forecast"]]) == [102_500, 102_500]  # + 10 000 in May
    assert values(table.loc["Intäkter", ["actual_to_date", "forecast"]]) == [150_000, 150_000]  # booked, not decided
    assert values(table.loc["Resultat", ["actual_to_date", "forecast"]]) == [47_500, 47_500]


def test_horizon_table():
    table = horizon_table(dataset(), ASSOC, 2026, cutoff=CUTOFF)
    assert list(table.index) == ["Närmaste 3 månaderna", "Närmaste 6 månaderna"]
    assert list(table["period"].str.replace("\u00a0", " ")) == ["16 april 2026 – 15 juli 2026",
                                                                "16 april 2026 – 15 oktober 2026"]
    # ½ April 6 000 + May 12 000 + June 24 000 + ½ July 6 000; ½ April 6 000 + May 12 000 + June 24 000 + July
    # 12 000 + August 12 000 + September 72 000 + ½ October 6 000
    assert values(table["budget"]) == [48_000, 144_000]
    assert values(table["run_rate"]) == [79_285.714285714, 158_571.428571429]  # 92 500 / 3.5 × 3 and × 6
    month_end = horizon_table(dataset(), ASSOC, 2026, cutoff=date(2026, 3, 31))  # books closed at a month end
    assert list(month_end["period"].str.replace("\u00a0", " ")) == ["1 april 2026 – 30 juni 2026",
                                                                    "1 april 2026 – 30 september 2026"]
    # April 12 000 + May 12 000 + June 24 000; + July 12 000 + August 12 000 + September 72 000
    assert values(month_end["budget"]) == [48_000, 144_000]
    across = horizon_table(dataset(budget=BUDGET + BUDGET_2027), ASSOC, 2026, cutoff=date(2026, 11, 15))
    # ½ November 6 000 + December 12 000 + January 2027 20 000 + ½ February 2027 10 000
    assert values(across["budget"]) == [48_000, 108_000]
    assert horizon_table(dataset(), ASSOC, 2026, cutoff=date(2026, 11, 15))["budget"].isna().all()  # no 2027
    assert horizon_table(dataset(), ASSOC, 2026, cutoff=date(2027, 1, 10))["budget"].isna().all()  # closed


# --- interventions and administration -----------------------------------------------------------------------------


def test_cost_views():
    assert cost_views(dataset(), ASSOC, 2026, cutoff=CUTOFF) == [("horisont", "Horisont"), ("porten", "Porten")]
    assert cost_views(dataset(budget=None), ASSOC, 2026, cutoff=date(2026, 2, 1)) == [("porten", "Porten")]


def test_intervention_consumption():
    frame = intervention_consumption(dataset(), ASSOC, 2026, cutoff=CUTOFF)
    assert list(frame.index) == ["Horisont", "Porten", "Totalt"]
    assert list(frame["intervention_id"][:2]) == ["horisont", "porten"]
    assert values(frame.loc["Porten"].drop("intervention_id")) == [
        120_000, 35_000, 41_000,  # budget, budget to date 3.5 × 10 000, actual
        41_000 / 120_000, 35_000 / 120_000, 6_000]  # förbrukningsgrad 34 %, planned 29 %, 41 000 − 35 000
    assert values(frame.loc["Horisont"].drop("intervention_id")) == [
        120_000, 60_000, 45_000, 0.375, 0.5, -15_000]  # March's 60 000 is all budgeted by mid-April
    assert values(frame.loc["Totalt"].drop("intervention_id")) == [
        240_000, 95_000, 86_000, 86_000 / 240_000, 95_000 / 240_000, -9_000]
    closed = intervention_consumption(dataset(), ASSOC, 2026, cutoff=date(2027, 1, 10))
    assert closed.at["Porten", "consumption"] == pytest.approx(51_000 / 120_000)  # + 10 000 in May
    assert closed.at["Porten", "budget_share_to_date"] == 1
    no_budget = intervention_consumption(dataset(budget=None), ASSOC, 2026, cutoff=CUTOFF)
    assert no_budget["consumption"].isna().all() and no_budget.at["Porten", "actual_to_date"] == 41_000
    assert intervention_consumption(dataset(budget=None, ledger=None), ASSOC, 2026, cutoff=CUTOFF) is None


def test_admin_split():
    split = admin_split(dataset(), ASSOC, 2026, cutoff=CUTOFF)
    assert list(split.index) == ["Administration (kansli, styrelse, revision)", "Insatser", "Totalt"]  # no financial
    assert list(split["group"]) == ["administration", "intervention", "total"]
    admin = split.iloc[0]
    assert admin["actual_to_date"] == 6_500  # 2 000 + 2 000 + 2 500
    assert admin["actual_share"] == pytest.approx(6_500 / 92_500)  # 7.0 %
    assert admin["budget"] == 36_000  # administration 24 000 + board 12 000
    assert admin["budget_share"] == pytest.approx(36_000 / 276_000)  # 13.0 %
    assert admin["budget_to_date"] == 7_000  # 3.5 × 2 000; the board's June budget not yet
    assert values(split.loc["Insatser", ["actual_to_date", "budget", "budget_to_date"]]) == [86_000, 240_000, 95_000]
    assert values(split.loc["Totalt", ["actual_to_date", "actual_share", "budget", "budget_share"]]) == [
        92_500, 1, 276_000, 1]
    # the year-end forecast per group: administration 6 500 + 8.5 × 2 000 + the board's June 12 000; interventions
    # 86 000 + 145 000 still budgeted; in all the forecast costs 266 500
    assert values(split["forecast"]) == [35_500, 231_000, 266_500]
    assert admin["forecast_share"] == pytest.approx(35_500 / 266_500)
    with_financial = admin_split(dataset(ledger=[*LEDGER, {"date": "2026-02-01", "category": "financial_cost",
                                                            "amount_sek": 500}]), ASSOC, 2026, cutoff=CUTOFF)
    assert with_financial.at["Finansiella kostnader", "actual_share"] == pytest.approx(500 / 93_000)
    assert admin_split(dataset(budget=None, ledger=None), ASSOC, 2026, cutoff=CUTOFF) is None


# --- contributions -------------------------------------------------------------------------------------------------


def test_contributions_by_member():
    frame = contributions_by_member(dataset(), ASSOC, 2026, cutoff=CUTOFF)
    assert list(frame.index) == ["Försäkringskassan", "Region Test", "Kommun A", "Kommun B", "Totalt"]
    assert values(frame["amount_sek"]) == [150_000, 75_000, 45_000, 36_000, 306_000]
    assert values(frame["share"]) == [150 / 306, 75 / 306, 45 / 306, 36 / 306, 1]
    assert list(frame["paid"][:4]) == [True, True, False, pd.NA]  # paid 1 May: after the cut-off; no date
    assert contributions_by_member(dataset(), ASSOC, 2024) is None
    assert contributions_by_member(dataset(contributions=None), ASSOC, 2026) is None


def test_contribution_split_against_50_25_25():
    split = contribution_split(dataset(), ASSOC, 2026)
    assert list(split.index) == ["Staten", "Regionen", "Kommunerna", "Totalt"]
    assert values(split["amount_sek"]) == [150_000, 75_000, 81_000, 306_000]  # kommuner 45 000 + 36 000
    assert values(split["nominal_amount_sek"]) == [153_000, 76_500, 76_500, 306_000]  # 306 000 × 50/25/25 %
    assert values(split["deviation_sek"]) == [-3_000, -1_500, 4_500, 0]
    assert values(split["share"]) == [150 / 306, 75 / 306, 81 / 306, 1]
    assert values(split["nominal_share"]) == [0.5, 0.25, 0.25, 1]


# --- result and equity ---------------------------------------------------------------------------------------------


def test_result_overview_bridge_and_scenarios():
    fc = forecast_at()
    result = result_overview(fc)
    assert list(result.index) == ["Utfall hittills", "Budget helår", "Prognos helår"]
    assert values(result["result_sek"]) == [57_500, 24_000, 39_500]
    bridge = equity_bridge(fc)
    assert values(bridge["amount_sek"]) == [500_000, 39_500, 539_500]
    assert list(bridge["measure"]) == ["absolute", "relative", "total"]
    assert bridge.index[1] == "Årets resultat (prognos)"
    assert equity_bridge(forecast_at(equity=None)) is None
    scenarios = equity_scenarios(fc)
    assert list(scenarios.index) == ["Budget", "Prognos"]
    assert values(scenarios["equity_closing_sek"]) == [524_000, 539_500]
    assert values(scenarios["equity_share"]) == [524_000 / 306_000, 539_500 / 306_000]


def test_closed_year_result_and_equity_match_the_economy_summary():
    fc = forecast_at(books_closed="2026-12-31", as_of="2027-01-10")
    closed = result_overview(fc)
    assert list(closed.index) == ["Utfall helår", "Budget"] and values(closed["result_sek"]) == [47_500, 24_000]
    assert fc.equity_closing == 547_500 == economy(dataset(), ASSOC, 2026)["equity_closing"]
    assert values(equity_scenarios(fc)["equity_closing_sek"]) == [547_500, 524_000]
    assert equity_bridge(fc).index[2] == "Utgående eget kapital"


def test_equity_share_falls_back_to_budgeted_contributions():
    fc = forecast_at(contributions=None)
    assert fc.contributions == 300_000 and fc.contributions_source == "budget"
    assert values(equity_scenarios(fc)["equity_share"]) == [524_000 / 300_000, (500_000 + 300_000 - 266_500)
                                                            / 300_000]
