"""Overview and goal follow-up metrics: headline figures, changes since the last meeting, cards, the generated
Swedish sentences, goal rows and goal trends. Expectations are computed by hand (arithmetic in the comments)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from finsamdash.metrics.forecast import year_end_forecast
from finsamdash.metrics.goal_follow_up import (
    goal_history,
    goal_rows,
    goal_trend,
    status_counts,
    status_frame,
    status_texts,
    swedish_sort_key,
    trend_texts,
)
from finsamdash.metrics.overview import (
    HIDDEN,
    Card,
    Delta,
    HeadlineFigure,
    card_texts,
    change_sentence,
    cost_frame,
    cost_sentence,
    cost_texts,
    deltas,
    goals_sentence,
    headline_figures,
    participants_sentence,
    share_sentence,
    summary_sentences,
)
from finsamdash.report import summary
from finsamdash.wording.privacy import HIDDEN_MARK
from tests.metric_helpers import ASSOC, episode, goal, make_dataset

NB = "\u00a0"
MINUS = "\u2212"
NOW, BEFORE = date(2013, 11, 23), date(2013, 9, 24)
SINCE = "sedan förra mötet (24 september 2013)"


# --- a small dataset: one intervention, year 2013, meeting 23 November, previous meeting 24 September -------------

def _people() -> list[dict]:
    rows = []
    # A: 20 episodes running since 2012, still open (10 women, 10 men)
    rows += [episode("2012-06-01", gender="woman" if i % 2 else "man") for i in range(20)]
    # B: 16 started 1 March 2013 and ended 15 August (before the previous meeting): 6 work, 5 studies, 5 job seeking
    reasons = ["work"] * 6 + ["studies"] * 5 + ["job_seeking"] * 5
    rows += [episode("2013-03-01", "2013-08-15", r, gender="woman" if i % 2 else "man", plan=True)
             for i, r in enumerate(reasons)]
    # C: 10 started 1 October (after the previous meeting); 5 ended 10 November (further rehab), 5 still open
    rows += [episode("2013-10-01", "2013-11-10", "further_rehab", gender="woman" if i % 2 else "man")
             for i in range(5)]
    rows += [episode("2013-10-01", gender="woman" if i % 2 else "man") for i in range(5)]
    return rows


def _dataset():
    return make_dataset(
        interventions=[{"intervention_id": "porten", "name": "Porten", "kind": "individual",
                        "start_date": "2010-01-01"}],
        participants=_people(),
        goals=[
            goal("G1", "participants", ">=", 40),
            goal("G2", "exit_share", ">=", 60),
            goal("G3", "manual", ">=", 1, manual_status="partly", comment="Samverkan pågår."),
        ],
        # budget: 1 200 000 kr for Porten spread evenly (100 000 a month); contributions 1 300 000 kr in January
        budget=[
            {"year": 2013, "category": "intervention", "intervention_id": "porten", "amount_sek": 1_200_000},
            {"year": 2013, "category": "contribution_income", "amount_sek": 1_300_000, "month": 1},
        ],
        ledger=[
            {"date": "2013-01-20", "category": "contribution_income", "amount_sek": 1_300_000},
            {"date": "2013-02-15", "category": "intervention", "intervention_id": "porten", "amount_sek": 300_000},
            {"date": "2013-06-15", "category": "intervention", "intervention_id": "porten", "amount_sek": 400_000},
            {"date": "2013-10-15", "category": "intervention", "intervention_id": "porten", "amount_sek": 200_000},
        ],
    )


def _forecast(cutoff: date):
    """The year-end forecast at the meeting ``cutoff``: books closed at the end of the month of the latest booking
    (23 November: 31 October, 10 months; 24 September: 30 June, 6 months)."""
    return year_end_forecast(_dataset().as_of(cutoff), ASSOC, 2013, as_of=cutoff)


def _figures(cutoff: date, min_count: int = 5) -> dict[str, HeadlineFigure]:
    data, fc = _dataset().as_of(cutoff), _forecast(cutoff)
    return headline_figures(summary(data, ASSOC, 2013, min_count=min_count, forecast=fc), forecast=fc)


@pytest.fixture(scope="module")
def now() -> dict[str, HeadlineFigure]:
    return _figures(NOW)


@pytest.fixture(scope="module")
def before() -> dict[str, HeadlineFigure]:
    return _figures(BEFORE)


def test_headline_figures_now(now: dict[str, HeadlineFigure]) -> None:
    # episodes 20 + 16 + 10 = 46; started 16 + 10 = 26; ended 16 + 5 = 21; active 46 − 21 = 25
    assert (now["active"], now["started"], now["ended"]) == (
        HeadlineFigure(25), HeadlineFigure(26), HeadlineFigure(21))
    # work or studies 6 + 5 = 11 of 21 ended
    assert now["work_or_studies_share"].value == pytest.approx(11 / 21)
    # costs booked to 31 October 300 000 + 400 000 + 200 000; budget to date 100 000 × 10 months
    assert now["costs_to_date"].value == 900_000
    assert now["budget_costs_to_date"].value == pytest.approx(1_000_000)
    # income: the budgeted contributions 1 300 000 (no contributions table); costs 900 000 + 2 × 100 000
    assert now["forecast_result"].value == pytest.approx(1_300_000 - 1_100_000)
    assert now["budget_result"].value == 100_000
    assert (now["paid_to_date"].value, now["contributions"].value) == (1_300_000, 1_300_000)
    # G1: 46 ≥ 40 met; G2: 11/21 = 52.4 % < 60 − 6 not met; G3: manual "partly"
    assert [now[f"goals_{s}"].value for s in ("met", "partly", "not_met", "no_data", "total")] == [1, 1, 1, 0, 3]


def test_headline_figures_before(before: dict[str, HeadlineFigure]) -> None:
    # C had not started: episodes 36, started 16, ended 16, active 20; share 11/16
    assert [before[k].value for k in ("active", "started", "ended")] == [20, 16, 16]
    assert before["work_or_studies_share"].value == pytest.approx(11 / 16)
    # costs 700 000; G1: 36 misses 40 by 4 ≤ 10 % → partly; G2: 68.75 % ≥ 60 met; G3 partly
    assert before["costs_to_date"].value == 700_000
    assert [before[f"goals_{s}"].value for s in ("met", "partly", "not_met")] == [1, 2, 0]


def test_deltas(now: dict[str, HeadlineFigure], before: dict[str, HeadlineFigure]) -> None:
    changes = deltas(now, before, min_count=5)
    assert changes["active"] == Delta(5, "shown")  # 25 − 20, exactly the threshold: shown
    assert changes["started"] == Delta(10, "shown")  # 26 − 16
    assert changes["ended"] == Delta(5, "shown")  # 21 − 16
    assert changes["work_or_studies_share"].value == pytest.approx(100 * (11 / 21 - 11 / 16))  # −16.37 pp
    assert changes["costs_to_date"] == Delta(200_000, "shown")  # 900 000 − 700 000
    assert changes["goals_met"] == Delta(0, "shown")


def test_cards(now: dict[str, HeadlineFigure], before: dict[str, HeadlineFigure]) -> None:
    changes = deltas(now, before, min_count=5)
    cards = card_texts(now, changes, year=2013, year_is_open=True, cutoff=NOW, previous_date=BEFORE,
                       previous_year=2013, min_count=5, forecast=_forecast(NOW))
    assert cards == [
        Card("active", "Pågående deltagare", "25", "den 23 november 2013", f"+5 {SINCE}"),
        Card("started", "Påbörjat en insats i år", "26", "identifierade deltagare", f"+10 {SINCE}"),
        Card("ended", "Avslutat en insats i år", "21", "identifierade deltagare", f"+5 {SINCE}"),
        # 11/21 = 52.38 % → "52 %"; (52.381 − 68.75) = −16.369 → "−16,4"
        Card("work_or_studies_share", "Till arbete eller studier", f"52{NB}%",
             "av dem som avslutat; nationellt ungefär en tredjedel", f"{MINUS}16,4 procentenheter {SINCE}"),
        # 900 000 / 1 000 000 = 90 %; before 700 000 booked to 30 June
        Card("costs_to_date", "Kostnader t.o.m. 31 oktober 2013", f"900{NB}tkr",
             f"90{NB}% av budgeten för perioden (1{NB}000{NB}tkr)", f"+200{NB}tkr {SINCE}"),
        # forecast 1 300 000 − 1 100 000 = 200 000; before 1 300 000 − (700 000 + 6 × 100 000) = 0: +200 000
        Card("forecast_result", "Prognos för årets resultat 2013", f"200{NB}tkr", f"budgeterat resultat 100{NB}tkr",
             f"+200{NB}tkr {SINCE}"),
        Card("goals_met", "Uppnådda mål", "1 av 3", "1 delvis uppnått · 1 ej uppnått", f"Oförändrat {SINCE}"),
    ]


def test_sentences_exact_text(now: dict[str, HeadlineFigure], before: dict[str, HeadlineFigure]) -> None:
    changes = deltas(now, before, min_count=5)
    sentences = summary_sentences(now, before, changes, year=2013, year_is_open=True, previous_date=BEFORE,
                                  previous_year=2013, min_count=5, forecast=_forecast(NOW))
    assert sentences == [
        "Hittills i år har 26 deltagare påbörjat en insats och 21 avslutat en insats; 25 deltar just nu.",
        # 52 − 33.3 = 18.7 percentage points above the national third
        f"Av dem som avslutat en insats har 52{NB}% gått vidare till arbete eller studier, vilket är över den "
        "nationella referensen på ungefär en tredjedel.",
        f"Kostnaderna t.o.m. 31 oktober 2013 är 900{NB}tkr, 90{NB}% av budgeten för samma period "
        f"(1{NB}000{NB}tkr); prognosen för årets resultat är ett överskott på 200{NB}tkr mot budgeterade "
        f"100{NB}tkr.",
        "Av årets 3 mål är hittills 1 uppnått, 1 delvis uppnått och 1 inte uppnått.",
        # relative changes: started 10/26 = 0.38, ended 5/21 = 0.24, active 5/25 = 0.20, share 16.4/68.75 = 0.24,
        # costs 200/900 = 0.22: started is the biggest
        "Den största förändringen sedan förra mötet (24 september 2013): 10 fler deltagare har påbörjat en insats.",
    ]


def test_contributions_paid_so_far_get_their_own_sentence() -> None:
    data = make_dataset(
        budget=[{"year": 2013, "category": "contribution_income", "amount_sek": 1_200_000},
                {"year": 2013, "category": "administration", "amount_sek": 1_200_000}],
        contributions=[{"year": 2013, "member": "Försäkringskassan", "member_type": "state",
                        "amount_sek": 1_200_000}],
        ledger=[{"date": f"2013-{m:02d}-20", "category": "contribution_income", "amount_sek": 100_000}
                for m in range(1, 11)])  # paid monthly: 10 of 12 by 31 October
    fc = year_end_forecast(data, ASSOC, 2013, as_of=NOW)
    figures = headline_figures(summary(data, ASSOC, 2013, forecast=fc), forecast=fc)
    sentences = summary_sentences(figures, None, None, year=2013, year_is_open=True, previous_date=None,
                                  min_count=5, forecast=fc)
    assert (f"Medlemmarna har betalat in 1{NB}000{NB}tkr av beslutade 1{NB}200{NB}tkr i medlemsbidrag (bokfört "
            "t.o.m. 31 oktober 2013); prognosen räknar med hela det beslutade beloppet.") in sentences
    # the decided 1 200 000, not the 1 000 000 paid; costs: nothing booked + 2/12 of the 1 200 000 budgeted
    assert figures["forecast_result"].value == 1_200_000 - 200_000


# --- suppression: nothing below the threshold, nor a change built on it ------------------------------------------

def _fake(active=None, started=None, ended=None, share=None, goals=()) -> dict:
    return {"participants": {"active_end_of_year": active, "started": started, "ended": ended},
            "exits": {"work_or_studies_share": share}, "goals": [{"status": s} for s in goals]}


def test_hidden_counts_show_the_one_mark() -> None:
    figures = headline_figures(_fake(active=None, started=None, ended=12, share=None))
    assert figures["started"] == HeadlineFigure(None, HIDDEN)
    assert figures["active"] == HeadlineFigure(None, HIDDEN)  # small or hidden to protect another: the same mark
    assert figures["work_or_studies_share"] == HeadlineFigure(None, HIDDEN)
    cards = card_texts(figures, None, year=2013, year_is_open=True, cutoff=NOW, min_count=5)
    assert [c.value for c in cards[:4]] == [HIDDEN_MARK, HIDDEN_MARK, "12", HIDDEN_MARK]
    assert all(c.delta == "" for c in cards)


def test_nobody_ended_is_said_only_when_the_zero_is_shown() -> None:
    figures = headline_figures(_fake(active=30, started=30, ended=None, share=None))
    assert figures["work_or_studies_share"].status == HIDDEN
    assert share_sentence(figures, year=2013, year_is_open=True).startswith("Andelen som gått vidare")
    # ended shown as 0 (a zero is shown, R3): the missing share can be said
    figures = headline_figures(_fake(active=30, started=30, ended=0, share=None))
    assert share_sentence(figures, year=2013, year_is_open=True) == (
        "Ingen deltagare har avslutat en insats i år, så andelen som gått vidare till arbete eller studier kan "
        "inte beräknas.")


def test_the_started_card_and_sentence_count_identified_participants_and_name_the_anonymous() -> None:
    figures = {**_figs(started=184, ended=171, active=203), "anonymous": HeadlineFigure(39)}
    cards = card_texts(figures, None, year=2013, year_is_open=False, cutoff=date(2013, 12, 31), min_count=5)
    assert (cards[1].value, cards[1].detail) == ("184", "identifierade; dessutom 39 anonyma deltagare")
    assert cards[2].detail == "identifierade deltagare"
    assert participants_sentence(figures, year=2013, year_is_open=False) == (
        "Under 2013 har 184 deltagare påbörjat en insats och 171 avslutat en insats (identifierade; dessutom 39 "
        "anonyma deltagare); 203 deltog fortfarande vid årets slut.")
    figures["anonymous"] = HeadlineFigure(None, HIDDEN)
    assert card_texts(figures, None, year=2013, year_is_open=False, cutoff=date(2013, 12, 31),
                      min_count=5)[1].detail == f"identifierade; dessutom ett antal anonyma ({HIDDEN_MARK})"


def _figs(**values) -> dict[str, HeadlineFigure]:
    base = {k: HeadlineFigure(None) for k in (
        "active", "started", "ended", "work_or_studies_share", "costs_to_date", "budget_costs_to_date",
        "budget_result", "forecast_result", "goals_met", "goals_partly", "goals_not_met", "goals_no_data",
        "goals_total")}
    base.update({k: v if isinstance(v, HeadlineFigure) else HeadlineFigure(v) for k, v in values.items()})
    return base


def test_small_changes_are_not_shown() -> None:
    now = _figs(active=50, started=40, ended=23, work_or_studies_share=0.40)
    before = _figs(active=48, started=30, ended=20, work_or_studies_share=0.35)
    changes = deltas(now, before, min_count=5)
    assert changes["active"] == Delta(None, "small")  # |50 − 48| = 2 < 5
    assert changes["started"] == Delta(10, "shown")
    assert changes["ended"] == Delta(None, "small")  # 3 people ended in between: a small group
    # the new share rests on those 3 exits: hidden too
    assert changes["work_or_studies_share"] == Delta(None, "hidden")
    cards = card_texts(now, changes, year=2013, year_is_open=True, cutoff=NOW, previous_date=BEFORE,
                       previous_year=2013, min_count=5)
    assert cards[0].delta == f"Ändringen {SINCE} är mindre än 5 och visas inte"
    assert cards[3].delta == ""


def test_zero_change_in_participants_is_treated_as_small() -> None:
    changes = deltas(_figs(active=50), _figs(active=50), min_count=5)
    assert changes["active"] == Delta(None, "small")


def test_no_change_from_a_hidden_value() -> None:
    now = _figs(started=12, active=HeadlineFigure(None, HIDDEN))
    before = _figs(started=HeadlineFigure(None, HIDDEN), active=3)
    changes = deltas(now, before, min_count=5)
    assert changes["started"] == Delta(None, "hidden")
    assert changes["active"] == Delta(None, "hidden")
    cards = card_texts(now, changes, year=2013, year_is_open=True, cutoff=NOW, previous_date=BEFORE,
                       previous_year=2013, min_count=5)
    assert (cards[0].value, cards[0].delta) == (HIDDEN_MARK, "")
    assert (cards[1].value, cards[1].delta) == ("12", "")


def test_previous_meeting_in_another_year_compares_only_the_stock() -> None:
    now = _figs(active=60, started=12, ended=10, costs_to_date=400_000.0, goals_met=2, goals_total=3)
    before = _figs(active=50, started=150, ended=140, costs_to_date=4_000_000.0, goals_met=1, goals_total=3)
    changes = deltas(now, before, min_count=5, same_year=False)
    assert changes["active"] == Delta(10, "shown")
    assert {changes[k].reason for k in ("started", "ended", "costs_to_date", "goals_met")} == {"not_comparable"}
    cards = card_texts(now, changes, year=2014, year_is_open=True, cutoff=date(2014, 2, 10),
                       previous_date=date(2013, 12, 1), previous_year=2013, min_count=5)
    assert cards[1].delta == "Förra mötet gällde 2013: ingen jämförelse"
    # active 50 → 60 is the only comparable change
    assert change_sentence(now, before, changes, previous_date=date(2013, 12, 1), previous_year=2013, year=2014,
                           min_count=5) == (
        "Den största förändringen sedan förra mötet (1 december 2013): antalet pågående deltagare har ökat med "
        "10 till 60.")


def test_change_sentence_without_previous_meeting_or_shown_change() -> None:
    now = _figs(active=50)
    assert change_sentence(now, None, None, previous_date=None, year=2013, min_count=5) == (
        "Inget tidigare möte har angetts, så förändringar sedan förra mötet visas inte.")
    changes = deltas(now, _figs(active=48), min_count=5)
    assert change_sentence(now, _figs(active=48), changes, previous_date=BEFORE, previous_year=2013, year=2013,
                           min_count=5) == (
        f"Förändringarna {SINCE} är små eller bygger på för få personer (färre än 5) och redovisas inte.")


def test_change_sentence_share_and_goals() -> None:
    now = _figs(work_or_studies_share=0.40, ended=30, goals_met=4, goals_total=6)
    before = _figs(work_or_studies_share=0.30, ended=20, goals_met=3, goals_total=6)
    changes = deltas(now, before, min_count=5)
    # share 10/40 = 0.25 relative; goals 1/4 = 0.25; ended 10/30 = 0.33 is the biggest
    assert change_sentence(now, before, changes, previous_date=BEFORE, previous_year=2013, year=2013,
                           min_count=5).endswith(": 10 fler deltagare har avslutat en insats.")
    changes["ended"] = Delta(None, "small")  # without the ended change, share and goals tie at 0.25: share first
    assert change_sentence(now, before, changes, previous_date=BEFORE, previous_year=2013, year=2013,
                           min_count=5).endswith(
        f": andelen som gått vidare till arbete eller studier har ökat från 30{NB}% till 40{NB}%.")


# --- single sentences --------------------------------------------------------------------------------------------

def test_participants_sentence_variants() -> None:
    hidden = HeadlineFigure(None, HIDDEN)
    assert participants_sentence(_figs(started=184, ended=171, active=120), year=2013, year_is_open=False) == (
        "Under 2013 har 184 deltagare påbörjat en insats och 171 avslutat en insats; 120 deltog fortfarande vid "
        "årets slut.")
    assert participants_sentence(_figs(started=hidden, ended=12, active=hidden), year=2013,
                                 year_is_open=True) == "Hittills i år har 12 deltagare avslutat en insats."
    assert participants_sentence(_figs(started=hidden, ended=hidden, active=40), year=2013,
                                 year_is_open=True) == "40 deltar just nu."


@pytest.mark.parametrize(("share", "word"), [(0.35, "i nivå med"), (0.30, "i nivå med"), (0.296, "i nivå med"),
                                             (0.29, "under"), (0.36, "i nivå med"), (0.37, "över")])
def test_share_against_the_national_third(share: float, word: str) -> None:
    # whole percent against 33.3 within 3.5: 35 (1.7), 30 (3.3), 29.6 → 30 (3.3), 36 (2.7) are level;
    # 29 (4.3) is under, 37 (3.7) over
    text = share_sentence(_figs(work_or_studies_share=share), year=2013, year_is_open=True)
    assert f"vilket är {word} den nationella referensen" in text


def test_cost_sentence_variants() -> None:
    figures = _figs(costs_to_date=5_100_000.0, budget_costs_to_date=5_000_000.0, forecast_result=-50_000.0,
                    budget_result=120_000.0)
    # a closed year (no forecast given, or a closed one): 5 100 / 5 000 = 102 %, the past tense
    assert cost_sentence(figures, year=2013, forecast=None) == (
        f"Kostnaderna för 2013 blev 5{NB}100{NB}tkr, 102{NB}% av budgeten (5{NB}000{NB}tkr); resultatet blev "
        f"ett underskott på 50{NB}tkr mot budgeterade 120{NB}tkr.")
    assert cost_sentence(_figs(), year=2013, forecast=None) == "Inga kostnader är bokförda för 2013."
    running = _forecast(NOW)
    assert cost_sentence(_figs(costs_to_date=10_000.0), year=2013, forecast=running) == (
        f"Kostnaderna t.o.m. 31 oktober 2013 är 10{NB}tkr (ingen budget att jämföra med).")


def test_goals_sentence_agreement() -> None:
    assert goals_sentence(_figs(goals_met=1, goals_partly=0, goals_not_met=2, goals_no_data=1), year=2013,
                          year_is_open=False) == (
        "Av 2013 års 4 mål är 1 uppnått, 2 inte uppnådda och för 1 saknas underlag.")
    assert goals_sentence(_figs(goals_met=0, goals_partly=0, goals_not_met=0, goals_no_data=0), year=2013,
                          year_is_open=True) == "Inga mål för 2013 finns i underlaget."


# --- goals -----------------------------------------------------------------------------------------------------

GOALS = [
    {"goal_id": "G3", "intervention_id": "horisont", "metric": "exit_share", "operator": ">=", "target": 40.0,
     "outcome": 28.571428571428573, "status": "not_met", "text_sv": "Målet för Horisont … uppnåddes inte: 14 av 49 "
     "(29 %).", "comment": None},
    {"goal_id": "G1", "intervention_id": None, "metric": "participants", "operator": ">=", "target": 150.0,
     "outcome": 184.0, "status": "met", "text_sv": "Målet att minst 150 deltagare … uppnåddes: 184 deltagare.",
     "comment": "Som i planen"},
    {"goal_id": "G4", "intervention_id": "aspen", "metric": "exit_share", "operator": ">=", "target": 70.0,
     "outcome": None, "status": "partly", "text_sv": "Målet för Äspen … uppnåddes delvis; siffrorna redovisas inte.",
     "comment": None},
    {"goal_id": "G2", "intervention_id": None, "metric": "manual", "operator": ">=", "target": 1.0,
     "outcome": None, "status": "partly", "text_sv": "Målet ”Samverkan” bedömdes som delvis uppnått. Pågår.",
     "comment": "Pågår."},
    {"goal_id": "G5", "intervention_id": None, "metric": "admin_share", "operator": "<=", "target": 18.0,
     "outcome": 17.7, "status": "met", "text_sv": "…", "comment": None},
]


def test_goal_rows_grouped_and_formatted() -> None:
    rows = goal_rows(GOALS, intervention_names={"horisont": "Horisont", "aspen": "Äspen"},
                     texts={"G1": "Minst 150 individer"})
    # Förbundet first (G1, G2, G5 in table order), then interventions by Swedish name: Horisont before Äspen
    assert list(rows["goal_id"]) == ["G1", "G2", "G5", "G3", "G4"]
    assert list(rows["group"]) == ["Förbundet", "Förbundet", "Förbundet", "Horisont", "Äspen"]
    assert list(rows["target_text"]) == ["minst 150", "–", f"högst 18{NB}%", f"minst 40{NB}%", f"minst 70{NB}%"]
    # 28.57 % → "29 %" (whole percent for exit shares), 17.7 % → "17,7 %" (admin share: one decimal)
    assert list(rows["outcome_text"]) == ["184", "kvalitativ bedömning", f"17,7{NB}%", f"29{NB}%", HIDDEN_MARK]
    assert list(rows["hidden"]) == [False, False, False, False, True]
    assert rows["text"].iloc[0] == "Minst 150 individer"
    # the director's comment as written (the page shows it under the goal's own text and its assessment)
    assert list(rows["comment"]) == ["Som i planen", "Pågår.", "", "", ""]
    assert rows["sentence"].iloc[4] == "Målet för Äspen … uppnåddes delvis; siffrorna redovisas inte."


def test_goal_rows_empty() -> None:
    assert goal_rows([]).empty


def test_swedish_sort_key() -> None:
    names = ["Öppna dörren", "Ankaret", "Äspen", "Åsen", "Zeta"]
    assert sorted(names, key=swedish_sort_key) == ["Ankaret", "Zeta", "Åsen", "Äspen", "Öppna dörren"]


def test_status_counts_frame_and_texts() -> None:
    counts = status_counts(GOALS)
    assert counts == {"met": 2, "partly": 2, "not_met": 1, "no_data": 0, "hidden": 0}
    frame = status_frame(counts)  # the hidden status only when a goal has it
    assert list(frame["label"]) == ["✔ Uppnått", "◐ Delvis uppnått", "✘ Ej uppnått", "– Inget underlag"]
    assert list(frame["count"]) == [2, 2, 1, 0]
    title, alt = status_texts(counts, year=2013, year_is_open=True)
    assert title == "2 av 5 mål är uppnådda hittills i år"
    assert alt.endswith("Uppnått: 2; Delvis uppnått: 2; Ej uppnått: 1; Inget underlag: 0.")
    assert status_texts({"met": 1, "partly": 0, "not_met": 0, "no_data": 0}, year=2013,
                        year_is_open=False)[0] == "1 av 1 mål är uppnått för 2013"
    hidden = status_counts([*GOALS, {"goal_id": "G9", "outcome": None, "status": None}])
    assert hidden["hidden"] == 1 and sum(hidden.values()) == 6
    assert list(status_frame(hidden)["label"])[-1] == "◌ Bedömning dold"


def _history() -> pd.DataFrame:
    def g(outcome, status, target=40.0, metric="exit_share", iid="horisont"):
        return {"goal_id": "G3", "intervention_id": iid, "metric": metric, "operator": ">=", "target": target,
                "outcome": outcome, "status": status}

    return goal_history({
        2011: [g(45.0, "met")],
        2012: [g(None, "met")],  # hidden by privacy suppression
        2013: [g(28.6, "not_met"), g(12.0, "met", metric="participants")],  # same id, other metric: not the same
        2014: [g(50.0, "met")],  # after the year shown
    })


def test_goal_history_and_trend() -> None:
    history = _history()
    assert list(history["year"]) == [2011, 2012, 2013, 2013, 2014]
    trend = goal_trend(history, GOALS[0], year=2013, year_is_open=True)
    assert list(trend["year_label"]) == ["2011", "2012", "2013 (hittills)"]
    assert list(trend["outcome_text"]) == [f"45{NB}%", HIDDEN_MARK, f"29{NB}%"]
    assert trend["outcome"].isna().tolist() == [False, True, False]
    assert list(trend["status"]) == ["met", "met", "not_met"]


def test_trend_texts() -> None:
    trend = goal_trend(_history(), GOALS[0], year=2013, year_is_open=True)
    title, alt = trend_texts(trend, goal_id="G3", year=2013, year_is_open=True)
    # closed years 2011 and 2012 both met; 2013 open
    assert title == "G3: uppnått 2 av 2 år 2011–2012; i år hittills ej uppnått"
    assert alt == (f"Linjediagram över utfallet för mål G3 per år jämfört med målvärdet (minst 40{NB}%). "
                   f"2011: 45{NB}% (uppnått); 2012: {HIDDEN_MARK} (uppnått); 2013 (hittills): 29{NB}% (ej uppnått).")
    closed = goal_trend(_history(), GOALS[0], year=2013, year_is_open=False)
    assert trend_texts(closed, goal_id="G3", year=2013, year_is_open=False)[0] == "G3: uppnått 2 av 3 år 2011–2013"


# --- costs -------------------------------------------------------------------------------------------------------

def test_cost_frame_and_texts() -> None:
    fc = _forecast(NOW)  # books closed 31 October: 900 000 booked, 1 000 000 budgeted, forecast 1 100 000
    frame = cost_frame(fc)
    assert list(frame["label"]) == ["Budget för helåret", "Budget t.o.m. 31 oktober 2013",
                                    "Kostnader t.o.m. 31 oktober 2013", "Prognos för helåret"]
    assert list(frame["amount_sek"]) == [1_200_000, 1_000_000, 900_000, 1_100_000]
    assert list(frame["amount_tkr"]) == [1200, 1000, 900, 1100]
    title, alt = cost_texts(fc, year=2013)
    assert title == f"Kostnaderna t.o.m. 31 oktober 2013 är 90{NB}% av budgeten för perioden"
    assert alt.endswith(f"prognos för helårets kostnader 1{NB}100{NB}tkr mot årsbudgeten 1{NB}200{NB}tkr.")
    assert cost_texts(None, year=2013)[0] == "Inga kostnader bokförda för 2013"
    closed = year_end_forecast(_dataset(), ASSOC, 2013, as_of="2014-02-01", books_closed="2013-12-31")
    assert list(cost_frame(closed)["label"]) == ["Budget för helåret", "Kostnader för helåret"]
    assert cost_texts(closed, year=2013)[0] == f"Kostnaderna 2013 blev 75{NB}% av budgeten"  # 900 of 1 200


def test_dataset_with_a_high_threshold_shows_no_small_count_nor_change() -> None:
    # min_count 22: ended 21 is small; the 20 running since 2012 (active at the start of the year, on the
    # participants page) are small, so started 26 = episodes 46 − 20 is hidden with them; active 25 = 20 + 26 − 21.
    # At the previous meeting started 16, ended 16 and active 20 were all small.
    now, before = _figures(NOW, min_count=22), _figures(BEFORE, min_count=22)
    assert {now[k].status for k in ("active", "started", "ended", "work_or_studies_share")} == {HIDDEN}
    changes = deltas(now, before, min_count=22)
    assert {changes[k].reason for k in ("active", "started", "ended", "work_or_studies_share")} == {"hidden"}
    cards = card_texts(now, changes, year=2013, year_is_open=True, cutoff=NOW, previous_date=BEFORE,
                       previous_year=2013, min_count=22)
    assert [(c.value, c.delta) for c in cards[:4]] == [(HIDDEN_MARK, "")] * 4
    assert participants_sentence(now, year=2013, year_is_open=True) == (
        "Antalet deltagare visas inte, för att skydda enskilda personer.")
    # the biggest shown change is then the costs (200 000 / 900 000 = 0.22), not a participant figure
    assert change_sentence(now, before, changes, previous_date=BEFORE, previous_year=2013, year=2013,
                           min_count=22).endswith(f": kostnaderna har ökat med 200{NB}tkr till 900{NB}tkr.")
