"""The one year-end forecast (finsamdash.metrics.forecast), hand-computed.

Sydnärke 2016 (tests/fixtures/sydnarke_2016: the real plan's budget and contributions, a made-up ledger booked to
31 October, meeting 15 November). Costs booked to 31 October, by hand from ledger.csv:

  På väg          10 × 100 800 − 12 000 (a correction)        996 000
  Försteget       10 × 47 800                                 478 000
  Framsteget      4 × 66 000 (Feb–May) + 5 × 78 000 (Jun–Oct) 654 000
  Mottagningsteamet 3 × 175 000                               525 000
  IPS             3 × 100 500                                 301 500
  Fördjupad       38 000 + 61 000 + 44 000 + 72 500 + 49 000  264 500
  Kompetens       61 400 + 17 900 + 24 300                    103 600
  Mässan                                                       28 600
  administration  478 550 + 50 250 + 30 600 + 9 800 + 15 600 + 1 400 = 586 200
  board           6 × 29 674                                  178 044
  audit           31 000 + 9 500                               40 500
  financial cost  10 × 80                                         800
                                                           = 4 156 744
The budget for November–December is 2/12 of 5 581 476 = 930 246, so the forecast costs are 5 086 990, the forecast
result 5 795 388 − 5 086 990 = 708 398 and the closing equity 600 000 + 708 398 = 1 308 398. Administration:
586 200 + 178 044 + 40 500 = 804 744 booked + 2/12 × 1 024 476 = 170 746 → 975 490 (19,2 % of the costs).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from metric_helpers import ASSOC, make_dataset

from finsamdash.data.validate import load
from finsamdash.errors import MeetingDateError, UsageError
from finsamdash.metrics.forecast import (
    FORECAST_JSON_KEYS,
    books_closed_date,
    check_previous_meeting,
    default_books_closed,
    year_end_forecast,
)

SYDNARKE = Path(__file__).parent / "fixtures" / "sydnarke_2016"
MEETING = date(2016, 11, 15)
DECIDED = 5_795_388
COSTS_TO_DATE = 4_156_744
REST_OF_BUDGET = 930_246  # 2/12 × 5 581 476


@pytest.fixture(scope="module")
def sydnarke():
    return load(SYDNARKE)


def _with_payments(tmp_path: Path, months: list[int]) -> Path:
    """The Sydnärke fixture with each member's contribution booked in equal parts in ``months`` (only the parts
    dated on or before 31 October are booked: the books are closed then)."""
    folder = tmp_path / "data"
    shutil.copytree(SYDNARKE, folder, ignore=shutil.ignore_patterns("*.py"))
    ledger = pd.read_csv(folder / "ledger.csv", dtype=str, keep_default_na=False)
    members = pd.read_csv(folder / "contributions.csv")
    costs = ledger[ledger["category"] != "contribution_income"]
    rows = []
    for member, amount in zip(members["member"], members["amount_sek"], strict=True):
        parts = [amount // len(months)] * len(months)
        parts[-1] += amount - sum(parts)
        for month, part in zip(months, parts, strict=True):
            if month <= 10:
                rows.append({"association_id": "sydnarke", "date": f"2016-{month:02d}-20",
                             "category": "contribution_income", "intervention_id": "", "amount_sek": str(part),
                             "text": f"Driftbidrag, {member}"})
    pd.concat([pd.DataFrame(rows), costs]).to_csv(folder / "ledger.csv", index=False)
    return folder


# --- Sydnärke 2016: three payment patterns, one forecast ---------------------------------------------------------


@pytest.mark.parametrize(("months", "paid"), [
    ([1], DECIDED),  # all in January
    ([3, 6, 9, 12], 4_346_541),  # quarterly in arrears: three of four quarters paid by 31 October (3 × 1 448 847)
    (list(range(1, 13)), 4_829_490),  # monthly 1/12: ten of twelve months paid (10 × 482 949)
], ids=["january", "quarterly", "monthly"])
def test_forecast_income_is_the_decided_contributions_whatever_the_payment_pattern(tmp_path, months, paid):
    fc = year_end_forecast(load(_with_payments(tmp_path, months)), "sydnarke", 2016, as_of=MEETING)
    assert fc.books_closed == date(2016, 10, 31)
    assert fc.income == DECIDED and fc.contributions == DECIDED and fc.contributions_source == "contributions"
    # each of the six members pays whole kronor (its last part takes the rest): at most 2 kr each off 1/4 or 1/12
    assert fc.paid_to_date == pytest.approx(paid, abs=6 * 2 * 10)
    assert fc.costs_to_date == COSTS_TO_DATE
    assert fc.costs == COSTS_TO_DATE + REST_OF_BUDGET == 5_086_990
    assert fc.result == 708_398 and fc.equity_closing == 1_308_398


def test_sydnarke_forecast_in_full(sydnarke):
    fc = year_end_forecast(sydnarke, "sydnarke", 2016, as_of=MEETING)
    assert not fc.closed and fc.months_booked == 10 and fc.costs_method == "budget"
    assert (fc.income, fc.costs, fc.result) == (5_795_388, 5_086_990, 708_398)
    assert fc.paid_to_date == DECIDED and fc.other_income == 0
    assert fc.budget_income == 5_795_388 and fc.budget_costs == 5_581_476 and fc.budget_result == 213_912
    assert fc.budget_costs_to_date == pytest.approx(4_651_230)  # 10/12 of the budget
    assert fc.administration_costs_to_date == 804_744
    assert fc.administration_costs == pytest.approx(975_490)  # + 2/12 × 1 024 476
    assert fc.admin_share == pytest.approx(975_490 / 5_086_990)
    assert fc.equity_opening == 600_000 and fc.equity_share == pytest.approx(1_308_398 / 5_795_388)
    method = fc.method_sv.replace("\u00a0", " ")
    assert "beslutade bidrag för 2016 (5 795 tkr, bladet Bidrag)" in method
    assert "utfallet t.o.m. 31 oktober 2016 plus budgeten för november och december" in method
    assert "räknas aldrig upp till helår" in method
    assert fc.to_json() == {
        "as_of": "2016-11-15", "books_closed": "2016-10-31", "income": 5_795_388.0, "costs": 5_086_990.0,
        "result": 708_398.0, "equity_closing": 1_308_398.0, "paid_to_date": 5_795_388.0,
        "costs_to_date": 4_156_744.0, "method_sv": fc.method_sv,
    }
    assert list(fc.to_json()) == list(FORECAST_JSON_KEYS)


def test_an_earlier_books_closed_date_moves_every_to_date_figure(sydnarke):
    fc = year_end_forecast(sydnarke, "sydnarke", 2016, as_of=MEETING, books_closed="2016-09-30")
    # October's bookings are left out: På väg 100 800 − 12 000, Försteget 47 800, Framsteget 78 000, VT 47 855,
    # bank 80, Fördjupad 49 000, mässan 28 600, board 29 674, övriga 3 700
    october = 88_800 + 47_800 + 78_000 + 47_855 + 80 + 49_000 + 28_600 + 29_674 + 3_700
    assert fc.costs_to_date == COSTS_TO_DATE - october == 3_783_235
    assert fc.costs == pytest.approx(3_783_235 + 3 / 12 * 5_581_476)
    assert fc.income == DECIDED  # still the decided contributions
    assert fc.budget_costs_to_date == pytest.approx(9 / 12 * 5_581_476)


# --- the books-closed date ---------------------------------------------------------------------------------------


def test_default_books_closed_is_the_month_end_of_the_latest_line_never_after_the_meeting(sydnarke):
    ledger = sydnarke.rows("ledger", "sydnarke")
    assert default_books_closed(ledger, MEETING) == date(2016, 10, 31)
    # meeting 20 October: the latest line on or before it is 14 October, its month ends after the meeting
    assert default_books_closed(ledger, date(2016, 10, 20)) == date(2016, 10, 20)
    assert default_books_closed(ledger, date(2016, 7, 1)) == date(2016, 6, 30)  # latest line 30 June
    assert default_books_closed(ledger, date(2015, 12, 1)) is None  # nothing booked yet
    assert default_books_closed(None, MEETING) is None
    assert books_closed_date(ledger, MEETING) == date(2016, 10, 31)
    assert books_closed_date(ledger, MEETING, "2016-11-15") == date(2016, 11, 15)  # on the meeting day: allowed


def test_books_closed_after_the_meeting_is_a_clear_error(sydnarke):
    with pytest.raises(MeetingDateError) as caught:
        year_end_forecast(sydnarke, "sydnarke", 2016, as_of=MEETING, books_closed="2016-11-30")
    message = str(caught.value).replace("\u00a0", " ")
    assert "30 november 2016 (2016-11-30) ligger efter mötesdatumet 15 november 2016" in message
    assert isinstance(caught.value, UsageError) and caught.value.exit_status == 2
    assert (caught.value.name, caught.value.value, caught.value.meeting) == ("books_closed", "2016-11-30",
                                                                             "2016-11-15")


def test_previous_meeting_must_be_before_the_meeting():
    assert check_previous_meeting(None, MEETING) is None
    assert check_previous_meeting("2016-10-28", MEETING) == date(2016, 10, 28)
    for previous, word in (("2016-11-15", "samma dag som"), ("2016-12-16", "efter")):
        with pytest.raises(MeetingDateError, match=word):
            check_previous_meeting(previous, MEETING)


def test_a_meeting_after_the_year_with_books_not_yet_closed_still_forecasts(sydnarke):
    fc = year_end_forecast(sydnarke, "sydnarke", 2016, as_of=date(2017, 2, 1))
    assert fc.books_closed == date(2016, 10, 31) and not fc.closed  # November–December are not booked
    assert fc.result == 708_398


# --- small hand-computed cases -------------------------------------------------------------------------------------

BUDGET = [
    {"year": 2026, "category": "contribution_income", "amount_sek": 1_200_000},
    {"year": 2026, "category": "other_income", "amount_sek": 24_000},  # 2 000 a month
    {"year": 2026, "category": "intervention", "intervention_id": "porten", "amount_sek": 600_000},
    {"year": 2026, "category": "administration", "amount_sek": 240_000},
    {"year": 2026, "category": "administration", "line": "Konferens", "amount_sek": 60_000, "month": 4},
    {"year": 2026, "category": "board", "amount_sek": 36_000},
]
LEDGER = [
    {"date": "2026-01-15", "category": "contribution_income", "amount_sek": 1_200_000},
    {"date": "2026-02-10", "category": "other_income", "amount_sek": 30_000},
    {"date": "2026-03-31", "category": "intervention", "intervention_id": "porten", "amount_sek": 140_000},
    {"date": "2026-04-20", "category": "administration", "amount_sek": 62_000},  # the conference
    {"date": "2026-05-31", "category": "administration", "amount_sek": 100_000},
    {"date": "2026-05-31", "category": "board", "amount_sek": 15_000},
    {"date": "2026-06-05", "category": "intervention", "intervention_id": "porten", "amount_sek": 50_000},  # later
]
CONTRIBUTIONS = [{"year": 2026, "member": "Försäkringskassan", "member_type": "state", "amount_sek": 1_250_000}]


def small(**overrides):
    tables = {"budget": BUDGET, "ledger": LEDGER, "contributions": CONTRIBUTIONS,
              "equity": [{"year": 2026, "opening_equity_sek": 300_000}]}
    tables.update(overrides)
    return make_dataset(**{k: v for k, v in tables.items() if v is not None})


def test_a_monthly_budget_profile_and_other_income():
    # books closed 31 May (5 months): the April conference is behind us, so the rest of the year is 7/12 of the
    # evenly spread budget only: interventions 350 000 + administration 140 000 + board 21 000 = 511 000
    fc = year_end_forecast(small(), ASSOC, 2026, as_of="2026-06-10", books_closed="2026-05-31")
    assert fc.costs_to_date == 140_000 + 62_000 + 100_000 + 15_000 == 317_000
    assert fc.costs == 317_000 + 511_000 == 828_000
    assert fc.budget_costs_to_date == 250_000 + 100_000 + 60_000 + 15_000  # 5/12 + the conference
    assert fc.other_income == 30_000 + 7 * 2_000  # actual + the budget of June–December
    assert fc.income == 1_250_000 + 44_000  # decided (not budgeted, not paid) + other income
    assert fc.paid_to_date == 1_200_000 and fc.income_to_date == 1_230_000
    assert fc.result == 1_294_000 - 828_000 and fc.equity_closing == 300_000 + 466_000
    assert fc.administration_costs == 62_000 + 100_000 + 15_000 + 7 / 12 * 276_000
    # books closed 31 March: the conference is still ahead and counts in full in the rest of the year
    march = year_end_forecast(small(), ASSOC, 2026, as_of="2026-04-10")
    assert march.books_closed == date(2026, 3, 31) and march.costs_to_date == 140_000
    assert march.costs == pytest.approx(140_000 + 9 / 12 * 876_000 + 60_000)


def test_mid_month_books_closed_counts_the_month_by_days():
    fc = year_end_forecast(small(), ASSOC, 2026, as_of="2026-04-15", books_closed="2026-04-15")
    assert fc.months_booked == pytest.approx(3.5)
    assert fc.costs_to_date == 140_000  # the conference was booked on 20 April
    # the rest of April (half the month, the conference's 60 000 pro rata) and May–December
    assert fc.costs == pytest.approx(140_000 + 8.5 / 12 * 876_000 + 0.5 * 60_000)
    assert "resten av april och maj–december" in fc.method_sv


def test_fallbacks_for_missing_tables():
    budgeted = year_end_forecast(small(contributions=None), ASSOC, 2026, as_of="2026-06-10")
    assert budgeted.contributions == 1_200_000 and budgeted.contributions_source == "budget"
    assert "budgeterade medlemsbidragen" in budgeted.method_sv
    booked = year_end_forecast(small(contributions=None, budget=None), ASSOC, 2026, as_of="2026-06-10",
                               books_closed="2026-05-31")
    assert booked.contributions_source == "ledger" and booked.income == 1_200_000 + 30_000
    assert booked.costs_method == "run_rate"  # no budget: the rest of the year at the rate so far
    assert booked.costs == pytest.approx(317_000 / 5 * 12)
    assert "Budget för 2026 saknas" in booked.method_sv and "takten hittills" in booked.method_sv
    nothing = year_end_forecast(small(ledger=None), ASSOC, 2026, as_of="2026-06-10")
    assert nothing.books_closed is None and nothing.costs_method is None
    assert nothing.income is nothing.costs is nothing.result is nothing.equity_closing is None
    assert nothing.budget_result == 1_224_000 - 936_000
    assert "ingen prognos" in nothing.method_sv


def test_nothing_booked_yet_forecasts_the_budget_and_the_decided_contributions():
    fc = year_end_forecast(small(), ASSOC, 2026, as_of="2026-01-10")
    assert fc.books_closed is None and fc.months_booked == 0
    assert fc.costs_to_date == 0 and fc.costs == 936_000 and fc.income == 1_250_000 + 24_000
    assert "Inget är bokfört för 2026 ännu" in fc.method_sv


def test_a_closed_year_is_its_actuals():
    ledger = [*LEDGER, {"date": "2026-12-31", "category": "financial_income", "amount_sek": 1_000}]
    fc = year_end_forecast(small(ledger=ledger), ASSOC, 2027 - 1, as_of="2027-02-15")
    assert fc.closed and fc.books_closed == date(2026, 12, 31) and fc.costs_method == "actual"
    assert fc.costs == fc.costs_to_date == 367_000  # every cost line of the year
    assert fc.income == fc.income_to_date == 1_231_000  # booked income, not the decided contributions
    assert fc.result == 864_000 and "bokfört till och med 31 december" in fc.method_sv
