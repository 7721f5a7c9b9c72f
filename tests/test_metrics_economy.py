"""Economy figures: actuals from the ledger, budget, equity, contributions (hand-computed, Sydnärke-like 2016)."""

from __future__ import annotations

import pytest
from metric_helpers import ASSOC, make_dataset

from finsamdash.metrics.accounts import (
    ECONOMY_KEYS,
    actual_figures,
    actuals_by_category,
    actuals_by_intervention,
    budget_figures,
    contributions_total,
    economy,
    opening_equity,
)

LEDGER_2016 = [
    # income 5 780 000 + 15 000 + 388 = 5 795 388
    {"date": "2016-01-15", "category": "contribution_income", "amount_sek": 5_780_000},
    {"date": "2016-06-30", "category": "other_income", "amount_sek": 15_000},
    {"date": "2016-12-31", "category": "financial_income", "amount_sek": 388},
    # intervention costs 3 000 000 + 1 600 000 − 44 000 (a correction) = 4 556 000
    {"date": "2016-03-31", "category": "intervention", "intervention_id": "porten", "amount_sek": 3_000_000},
    {"date": "2016-03-31", "category": "intervention", "intervention_id": "horisont", "amount_sek": 1_600_000},
    {"date": "2016-04-02", "category": "intervention", "intervention_id": "horisont", "amount_sek": -44_000},
    # administration costs 800 000 + 180 000 + 44 476 = 1 024 476
    {"date": "2016-01-01", "category": "administration", "amount_sek": 800_000},
    {"date": "2016-05-01", "category": "board", "amount_sek": 180_000},
    {"date": "2016-11-01", "category": "audit", "amount_sek": 44_476},
    {"date": "2016-12-31", "category": "financial_cost", "amount_sek": 1_000},
    # other years: not 2016
    {"date": "2015-12-31", "category": "administration", "amount_sek": 999_999},
    {"date": "2017-01-01", "category": "contribution_income", "amount_sek": 999_999},
]
BUDGET_2016 = [
    {"year": 2016, "category": "contribution_income", "amount_sek": 5_800_000},
    {"year": 2016, "category": "intervention", "intervention_id": "porten", "amount_sek": 4_600_000},
    {"year": 2016, "category": "administration", "amount_sek": 1_000_000, "month": 1},
    {"year": 2016, "category": "board", "amount_sek": 100_000},
    {"year": 2017, "category": "contribution_income", "amount_sek": 7_000_000},
]
EQUITY = [{"year": 2016, "opening_equity_sek": 1_250_000}, {"year": 2017, "opening_equity_sek": 1_463_912}]
CONTRIBUTIONS = [
    {"year": 2016, "member": "Försäkringskassan", "member_type": "state", "amount_sek": 2_900_000},
    {"year": 2016, "member": "Region Örebro län", "member_type": "region", "amount_sek": 1_450_000},
    {"year": 2016, "member": "Kumla kommun", "member_type": "municipality", "amount_sek": 1_450_000},
]
OTHER_ASSOCIATION = {"association_id": "annat"}


def full_dataset(**overrides):
    tables = {"ledger": LEDGER_2016, "budget": BUDGET_2016, "equity": EQUITY, "contributions": CONTRIBUTIONS}
    tables.update(overrides)
    tables = {k: v for k, v in tables.items() if v is not None}
    return make_dataset(
        associations=[{"association_id": ASSOC, "name": "Test"}, {"association_id": "annat", "name": "Annat"}],
        **tables,
    )


def test_economy_2016():
    result = economy(full_dataset(), ASSOC, 2016)
    assert list(result) == list(ECONOMY_KEYS)
    assert result == {
        "income": 5_795_388.0,
        "costs": 5_581_476.0,  # 4 556 000 + 1 024 476 + 1 000
        "result": 213_912.0,  # 5 795 388 − 5 581 476
        "administration_costs": 1_024_476.0,
        "admin_share": pytest.approx(0.18354929771264805),  # 1 024 476 / 5 581 476
        "intervention_costs": 4_556_000.0,
        "budget_income": 5_800_000.0,
        "budget_costs": 5_700_000.0,  # 4 600 000 + 1 000 000 + 100 000
        "budget_result": 100_000.0,
        "equity_opening": 1_250_000.0,
        "equity_closing": 1_463_912.0,  # 1 250 000 + 213 912
    }
    for value in result.values():
        assert type(value) is float


def test_negative_correction_reduces_costs():
    ledger = [
        {"date": "2024-02-01", "category": "intervention", "intervention_id": "porten", "amount_sek": 100_000},
        {"date": "2024-02-15", "category": "intervention", "intervention_id": "porten", "amount_sek": -20_000},
        {"date": "2024-02-01", "category": "contribution_income", "amount_sek": 90_000},
    ]
    figures = actual_figures(make_dataset(ledger=ledger).rows("ledger", ASSOC), 2024)
    assert figures["costs"] == 80_000.0  # 100 000 − 20 000
    assert figures["intervention_costs"] == 80_000.0
    assert figures["result"] == 10_000.0  # 90 000 − 80 000
    assert figures["administration_costs"] == 0.0
    assert figures["admin_share"] == 0.0  # 0 / 80 000


def test_no_ledger_table_gives_none_actuals_and_no_closing_equity():
    result = economy(full_dataset(ledger=None), ASSOC, 2016)
    for key in ("income", "costs", "result", "administration_costs", "admin_share", "intervention_costs"):
        assert result[key] is None
    assert result["budget_result"] == 100_000.0  # the budget is still there
    assert result["equity_opening"] == 1_250_000.0
    assert result["equity_closing"] is None  # opening + unknown result


def test_no_ledger_rows_for_the_year_gives_none():
    result = economy(full_dataset(), ASSOC, 2018)  # ledger exists, nothing booked in 2018
    assert result["income"] is None and result["result"] is None
    assert result["budget_income"] is None  # no 2018 budget rows either
    assert result["equity_opening"] is None and result["equity_closing"] is None


def test_other_association_rows_are_ignored():
    ledger = [*LEDGER_2016, {**OTHER_ASSOCIATION, "date": "2016-05-05", "category": "board", "amount_sek": 7}]
    assert economy(full_dataset(ledger=ledger), ASSOC, 2016)["costs"] == 5_581_476.0
    # the other association has only that row: costs 7, no income rows -> income 0 (booked data exists)
    other = economy(full_dataset(ledger=ledger), "annat", 2016)
    assert (other["income"], other["costs"], other["result"]) == (0.0, 7.0, -7.0)
    assert other["budget_income"] is None and other["equity_opening"] is None


def test_no_equity_gives_none_closing():
    result = economy(full_dataset(equity=None), ASSOC, 2016)
    assert result["equity_opening"] is None
    assert result["equity_closing"] is None
    assert result["result"] == 213_912.0


def test_no_budget_gives_none():
    figures = budget_figures(None, 2016)
    assert figures == {"budget_income": None, "budget_costs": None, "budget_result": None}


def test_admin_share_none_when_no_costs():
    ledger = [{"date": "2024-01-31", "category": "contribution_income", "amount_sek": 1_000_000}]
    figures = actual_figures(make_dataset(ledger=ledger).rows("ledger", ASSOC), 2024)
    assert figures["costs"] == 0.0
    assert figures["admin_share"] is None
    assert figures["result"] == 1_000_000.0


def test_breakdowns_and_contributions():
    dataset = full_dataset()
    ledger = dataset.rows("ledger", ASSOC)
    assert actuals_by_intervention(ledger, 2016) == {"horisont": 1_556_000.0, "porten": 3_000_000.0}
    by_category = actuals_by_category(ledger, 2016)
    assert by_category["contribution_income"] == 5_780_000.0
    assert by_category["administration"] == 800_000.0
    assert actuals_by_category(ledger, 2014) is None
    contributions = dataset.rows("contributions", ASSOC)
    assert contributions_total(contributions, 2016) == 5_800_000.0  # 2 900 000 + 1 450 000 + 1 450 000
    assert contributions_total(contributions, 2017) is None
    assert contributions_total(None, 2016) is None
    assert opening_equity(dataset.rows("equity", ASSOC), 2017) == 1_463_912.0
    assert opening_equity(dataset.rows("equity", ASSOC), 2015) is None


def test_inputs_not_mutated():
    dataset = full_dataset()
    ledger = dataset.rows("ledger", ASSOC)
    before = ledger.copy()
    actual_figures(ledger, 2016)
    actuals_by_intervention(ledger, 2016)
    assert ledger.equals(before)
