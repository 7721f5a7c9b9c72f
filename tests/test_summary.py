"""The ``summary --json`` object (cli.md): exact keys and nesting, raw figures, JSON-ready values."""

from __future__ import annotations

import json

import pytest
from metric_helpers import ASSOC, episode, goal, make_dataset

from finsamdash.errors import UsageError
from finsamdash.metrics.goals import evaluate_goals
from finsamdash.metrics.summary import raw_summary as summary

PARTICIPANT_KEYS = ["episodes", "anonymous", "identified", "started", "ended", "active_end_of_year", "women",
                    "men", "other_unknown"]
EXIT_KEYS = ["work", "subsidised_work", "studies", "job_seeking", "further_rehab", "illness", "dropped_out",
             "moved", "other", "work_or_studies", "work_or_studies_share", "closer_to_labour_market",
             "closer_to_labour_market_share"]
ECONOMY_KEYS = ["income", "costs", "result", "administration_costs", "admin_share", "intervention_costs",
                "budget_income", "budget_costs", "budget_result", "equity_opening", "equity_closing"]

INTERVENTIONS = [
    {"intervention_id": "porten", "name": "Porten", "kind": "individual", "start_date": "2015-01-01"},
    {"intervention_id": "stegen", "name": "Stegen", "kind": "individual", "start_date": "2016-09-01"},
    {"intervention_id": "gammal", "name": "Gammal", "kind": "structural", "start_date": "2010-01-01",
     "end_date": "2014-12-31"},
]
PARTICIPANTS = [
    episode("2015-05-01", "2016-03-01", "work"),  # ended 2016, work
    episode("2016-02-01", "2016-08-01", "studies", gender="man"),  # started and ended 2016, studies
    episode("2016-02-01", "2016-09-01", "job_seeking", gender="other_unknown"),  # started, ended, job_seeking
    episode("2016-03-01", "2016-10-01", "illness"),  # started, ended, illness
    episode("2016-04-01"),  # started, active
    episode("2016-04-01", "2016-05-01", gender="man", anonymous=True),  # anonymous: totals only
    episode("2016-04-01", "2016-04-02", "registration_error"),  # nowhere
    episode("2017-01-01"),  # next year
]
# 2016: episodes 6 (rows 0–5), anonymous 1, started 5 (rows 1–5), ended 5 (rows 0–3, 5), active 1 (row 4);
# women rows 0, 3, 4 = 3; men rows 1, 5 = 2; other row 2 = 1.
# exits over 4 identified ended: work 1, studies 1, job_seeking 1, illness 1 -> work/studies 2 (0,5), closer 3 (0,75)
LEDGER = [
    {"date": "2016-01-10", "category": "contribution_income", "amount_sek": 1_000_000},
    {"date": "2016-02-10", "category": "intervention", "intervention_id": "porten", "amount_sek": 700_000},
    {"date": "2016-03-10", "category": "administration", "amount_sek": 200_000},
]
SURVEY = [
    {"period": "2016-H1", "respondent_group": "staff", "item": "8a", "value": 5},
    {"period": "2016-H2", "respondent_group": "director", "item": "8a", "value": 2},
    {"period": "2016", "respondent_group": "staff", "item": "8a", "value": None},
    {"period": "2015", "respondent_group": "staff", "item": "9a", "value": 6},  # not 2016
]
TRAINING = [
    {"date": "2016-05-01", "name": "Seminarium", "attendee_group": "caseworker", "attendees": 30},
    {"date": "2016-10-01", "name": "Chefsdag", "attendee_group": "manager", "attendees": 12},
]
GOALS = [
    goal("G1", "exit_share", ">=", 40, year=2016, text="Minst 40 % till arbete eller studier"),
    goal("G2", "result", ">=", 0, year=2016, comment="Underskott ska inte uppstå"),
    goal("G3", "participants", ">=", 5, year=2016, intervention_id="porten"),
]


@pytest.fixture
def dataset():
    return make_dataset(interventions=INTERVENTIONS, participants=PARTICIPANTS, ledger=LEDGER,
                        equity=[{"year": 2016, "opening_equity_sek": 500_000}], survey_responses=SURVEY,
                        training=TRAINING, goals=GOALS)


def _walk(value):
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def test_shape_is_exactly_the_cli_contract(dataset):
    result = summary(dataset, ASSOC, 2016)
    assert list(result) == ["association_id", "year", "suppressed", "participants", "exits", "interventions",
                            "economy", "goals", "indicators", "training"]
    assert (result["association_id"], result["year"], result["suppressed"]) == (ASSOC, 2016, False)
    assert list(result["participants"]) == PARTICIPANT_KEYS
    assert list(result["exits"]) == EXIT_KEYS
    assert list(result["economy"]) == ECONOMY_KEYS
    for counts in result["interventions"].values():
        assert list(counts) == ["episodes", "started", "ended", "active_end_of_year", "exits"]
        assert list(counts["exits"]) == EXIT_KEYS
    for g in result["goals"]:
        # beyond the contract's keys: the goal as the plan words it and the figures of its sentence (the pages
        # show the plan's words first, then "Utfall: <figures> – <status>")
        assert set(g) == {"goal_id", "outcome", "target", "operator", "status", "text_sv", "intervention_id",
                          "metric", "comment", "text", "figures_sv", "basis"}
    for stats in result["indicators"].values():
        assert list(stats) == ["n", "mean", "positive_share", "dont_know"]
    assert list(result["training"]) == ["events", "attendees"]


def test_json_ready(dataset):
    result = summary(dataset, ASSOC, 2016)
    for value in _walk(result):
        assert type(value) in (dict, list, str, int, float, bool, type(None)), (type(value), value)
    assert json.loads(json.dumps(result)) == result


def test_figures(dataset):
    result = summary(dataset, ASSOC, 2016)
    assert result["participants"] == {
        # started and ended count identified episodes (the anonymous one started and ended in 2016 too)
        "episodes": 6, "anonymous": 1, "identified": 5, "started": 4, "ended": 4, "active_end_of_year": 1,
        "women": 3, "men": 2, "other_unknown": 1,
    }
    exits = result["exits"]
    assert (exits["work"], exits["studies"], exits["job_seeking"], exits["illness"]) == (1, 1, 1, 1)
    assert (exits["work_or_studies"], exits["work_or_studies_share"]) == (2, 0.5)
    assert (exits["closer_to_labour_market"], exits["closer_to_labour_market_share"]) == (3, 0.75)
    # porten has all the episodes; stegen runs from September 2016 without episodes; gammal ended 2014
    assert list(result["interventions"]) == ["porten", "stegen"]
    assert result["interventions"]["porten"]["episodes"] == 6
    assert result["interventions"]["stegen"]["exits"]["work_or_studies_share"] is None
    assert result["economy"] == {
        "income": 1_000_000.0, "costs": 900_000.0, "result": 100_000.0, "administration_costs": 200_000.0,
        "admin_share": 200_000 / 900_000, "intervention_costs": 700_000.0,
        "budget_income": None, "budget_costs": None, "budget_result": None,  # no budget table
        "equity_opening": 500_000.0, "equity_closing": 600_000.0,  # 500 000 + 100 000
    }
    # 8a: 5 and 2 (n 2), mean 3,5, positive 1 of 2, one vet ej; 9a only answered in 2015
    assert result["indicators"] == {"8a": {"n": 2, "mean": 3.5, "positive_share": 0.5, "dont_know": 1}}
    assert result["training"] == {"events": 2, "attendees": 42}


def test_goals_in_summary(dataset):
    goals = summary(dataset, ASSOC, 2016)["goals"]
    assert [g["goal_id"] for g in goals] == ["G1", "G2", "G3"]
    assert goals[0] == {
        "goal_id": "G1", "outcome": 50.0, "target": 40.0, "operator": ">=", "status": "met",  # 2 of 4
        "text_sv": "Målet att minst 40\u00a0% av de avslutade deltagarna ska gå vidare till arbete eller studier "
                   "uppnåddes: 2 av 4 (50\u00a0%).",
        "intervention_id": None, "metric": "exit_share", "comment": None,
        "text": "Minst 40 % till arbete eller studier", "figures_sv": "2 av 4 (50\u00a0%)", "basis": "actual",
    }
    assert goals[1]["outcome"] == 100_000.0 and goals[1]["comment"] == "Underskott ska inte uppstå"
    assert goals[2]["intervention_id"] == "porten" and goals[2]["status"] == "met"  # 6 >= 5


def test_pre_evaluated_goals_are_used(dataset):
    goals = evaluate_goals(dataset, ASSOC, 2016)[:1]
    assert [g["goal_id"] for g in summary(dataset, ASSOC, 2016, goals=goals)["goals"]] == ["G1"]
    # a tolerance of 0 turns nothing here into not_met, but it is passed on when goals are evaluated here
    assert summary(dataset, ASSOC, 2016, tolerance=0)["goals"][0]["status"] == "met"


def test_missing_optional_tables_give_null_not_zero():
    result = summary(make_dataset(participants=PARTICIPANTS), ASSOC, 2016)
    assert set(result["economy"].values()) == {None}
    assert result["training"] == {"events": None, "attendees": None}
    assert result["indicators"] == {}
    assert result["goals"] == []


def test_training_rows_of_other_years_give_null(dataset):
    assert summary(dataset, ASSOC, 2017)["training"] == {"events": None, "attendees": None}


def test_unknown_association(dataset):
    with pytest.raises(UsageError):
        summary(dataset, "finns-inte", 2016)


def test_no_participant_ids_anywhere(dataset):
    text = json.dumps(summary(dataset, ASSOC, 2016), ensure_ascii=False)
    assert "D-" not in text
