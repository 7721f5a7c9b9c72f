"""Goal metrics, status boundaries and the Swedish annual-report sentence per goal (Samspelet-style 2013 data)."""

from __future__ import annotations

import pytest
from metric_helpers import ASSOC, episode, goal, make_dataset

from finsamdash.data.contract import CATEGORIES
from finsamdash.errors import UsageError
from finsamdash.metrics.forecast import year_end_forecast
from finsamdash.metrics.goals import (
    GOAL_METRICS,
    GoalMeasure,
    evaluate_goal,
    evaluate_goals,
    goal_metric,
    goal_status,
    parse_params,
    validate_goal_params,
    year_figures,
)

NB = "\u00a0"

INTERVENTIONS = [
    {"intervention_id": "horisont", "name": "Horisont", "kind": "preventive", "start_date": "2011-08-01",
     "end_date": "2013-06-30"},
    {"intervention_id": "porten", "name": "Porten", "kind": "individual", "start_date": "2013-04-01"},
    {"intervention_id": "stegen", "name": "Stegen", "kind": "individual", "start_date": "2013-09-01"},
]


def horisont_episodes():
    """49 identified episodes ended in 2013: 4 work + 10 studies = 14, 19 job_seeking, 16 further_rehab.
    48 have an individual plan, 1 has not. Plus 2 anonymous ended and 1 registration error."""
    reasons = ["work"] * 4 + ["studies"] * 10 + ["job_seeking"] * 19 + ["further_rehab"] * 16
    rows = [
        episode("2012-09-01", "2013-06-15", reason, intervention="horisont", plan=i != 0)
        for i, reason in enumerate(reasons)
    ]
    rows += [episode("2013-02-01", "2013-05-01", gender="man", anonymous=True, intervention="horisont")] * 2
    rows.append(episode("2013-02-01", "2013-02-02", "registration_error", intervention="horisont"))
    return rows


def porten_episodes():
    """Porten: 12 identified ended in 2013 (8 subsidised_work, 4 further_rehab; no plan recorded), 3 active."""
    reasons = ["subsidised_work"] * 8 + ["further_rehab"] * 4
    rows = [episode("2013-04-01", "2013-11-30", reason, gender="man") for reason in reasons]
    rows += [episode("2013-04-01") for _ in range(3)]
    return rows


PARTICIPANTS = horisont_episodes() + porten_episodes()
# 2013 totals: episodes 49 + 2 + 12 + 3 = 66 (registration error excluded);
# started in 2013: 12 + 3 Porten = 15 identified (Horisont's identified episodes started 2012; the 2 anonymous
# episodes are their own count, not started);
# identified ended: 49 + 12 = 61; to work or studies 14 + 8 = 22.

LEDGER = [
    {"date": "2013-01-15", "category": "contribution_income", "amount_sek": 5_780_000},
    {"date": "2013-06-30", "category": "other_income", "amount_sek": 15_388},
    {"date": "2013-03-31", "category": "intervention", "intervention_id": "porten", "amount_sek": 4_556_000},
    {"date": "2013-01-31", "category": "administration", "amount_sek": 800_000},
    {"date": "2013-05-31", "category": "board", "amount_sek": 180_000},
    {"date": "2013-10-31", "category": "audit", "amount_sek": 44_476},
    {"date": "2013-12-31", "category": "financial_cost", "amount_sek": 1_000},
]
# income 5 795 388; costs 4 556 000 + 1 024 476 + 1 000 = 5 581 476; result 213 912;
# admin share 1 024 476 / 5 581 476 = 18,35 %
EQUITY = [{"year": 2013, "opening_equity_sek": 1_000_000}]  # closing 1 213 912
CONTRIBUTIONS = [
    {"year": 2013, "member": "Försäkringskassan", "member_type": "state", "amount_sek": 3_000_000},
    {"year": 2013, "member": "Region Värmland", "member_type": "region", "amount_sek": 1_500_000},
    {"year": 2013, "member": "Karlstads kommun", "member_type": "municipality", "amount_sek": 1_500_000},
]  # 6 000 000
TRAINING = [
    {"date": "2013-03-12", "name": "Dialog om attityder", "attendee_group": "caseworker", "attendees": 40},
    {"date": "2013-10-18", "name": "Chefsdag", "attendee_group": "manager", "attendees": 25},
    {"date": "2013-11-05", "name": "Styrelseutbildning", "attendee_group": "board", "attendees": 7},
    {"date": "2012-11-05", "name": "Förra året", "attendee_group": "caseworker", "attendees": 100},
]
SURVEY = (
    [{"period": "2013-H1", "respondent_group": "participant_ongoing", "item": "1a", "value": 6}] * 5
    + [{"period": "2013-H2", "respondent_group": "participant_ongoing", "item": "1a", "value": 5}] * 3
    + [{"period": "2013", "respondent_group": "participant_ongoing", "item": "1a", "value": 3}] * 2
    + [{"period": "2013", "respondent_group": "participant_ongoing", "item": "1a", "value": None}]
    + [{"period": "2013", "respondent_group": "board", "item": "12a", "value": v} for v in (6, 6, 5, 4)]
    + [{"period": "2013", "respondent_group": "staff", "item": "12a", "value": v} for v in (2, 2)]
    + [{"period": "2012", "respondent_group": "board", "item": "12a", "value": 1}]
)
# 1a in 2013: n = 10 (one vet ej), mean (5·6 + 3·5 + 2·3) / 10 = 5,1, positive (>= 5) 8 of 10


def dataset(goals, **overrides):
    tables = {"ledger": LEDGER, "equity": EQUITY, "contributions": CONTRIBUTIONS, "training": TRAINING,
              "survey_responses": SURVEY}
    tables.update(overrides)
    tables = {k: v for k, v in tables.items() if v is not None}
    return make_dataset(interventions=INTERVENTIONS, participants=PARTICIPANTS, goals=goals, **tables)


def one(goal_row, **overrides):
    results = evaluate_goals(dataset([goal_row], **overrides), ASSOC, 2013)
    assert len(results) == 1
    return results[0]


# ------------------------------------------------------------------------------------------------ registry

def test_registry_matches_the_contract_catalogue():
    assert set(GOAL_METRICS) == {c.key for c in CATEGORIES["metric"]}


def test_registry_declarations():
    assert GOAL_METRICS["exit_share"].params == ("reasons",)
    assert GOAL_METRICS["exit_share"].unit == "percent"
    assert GOAL_METRICS["result"].scopes == ("association",)
    assert "intervention" in GOAL_METRICS["participants"].scopes


def test_a_new_metric_is_one_function_and_one_registration(monkeypatch):
    monkeypatch.setattr("finsamdash.metrics.goals.GOAL_METRICS", dict(GOAL_METRICS))
    from finsamdash.metrics import goals as module

    @goal_metric("always_seven", unit="count", goal_sv="sju ska vara {op} {target}", figures_sv="{outcome}")
    def _seven(dataset, association_id, year, intervention_id, params):
        return GoalMeasure(7.0, n=7, counts=(7,))

    assert "always_seven" in module.GOAL_METRICS
    result = evaluate_goal(dataset([]), ASSOC, 2013, goal("N", "always_seven", ">=", 7))
    assert result.status == "met"
    assert result.text_sv == "Målet att sju ska vara minst 7 uppnåddes: 7."
    with pytest.raises(ValueError):
        goal_metric("always_seven", unit="count")(_seven)


# ------------------------------------------------------------------------------------------------ params

def test_parse_params():
    assert parse_params("reasons=work,studies;groups=board") == {
        "reasons": ["work", "studies"], "groups": ["board"],
    }
    assert parse_params(" items = 1a , 1b ; groups=participant_ongoing ;") == {
        "items": ["1a", "1b"], "groups": ["participant_ongoing"],
    }
    assert parse_params("") == {}
    assert parse_params(None) == {}
    assert parse_params("reasons=") == {"reasons": []}
    for bad in ("reasons", "=work", "reasons=work;reasons=studies"):
        with pytest.raises(ValueError):
            parse_params(bad)


def test_validate_goal_params_accepts_good_params():
    assert validate_goal_params("exit_share", {"reasons": ["work", "subsidised_work", "studies"]}) == []
    assert validate_goal_params("exit_share", {"reasons": ["arbete", "studier"]}) == []  # Swedish labels
    assert validate_goal_params("indicator_positive_share",
                                {"items": ["1a", "1b"], "groups": ["participant_ongoing"], "threshold": ["4"]}) == []
    assert validate_goal_params("trained_staff", {"groups": ["caseworker", "manager"]}) == []
    assert validate_goal_params("participants", {}, scoped=True) == []


@pytest.mark.parametrize(
    ("metric", "params", "kwargs", "fragment"),
    [
        ("exit_share", {"groups": ["board"]}, {},
         "Parametern ”grupper” kan inte användas med måttet ”andel avslut till” (tillåtna parametrar: orsaker)"),
        ("result", {"reasons": ["work"]}, {}, "tillåtna parametrar: inga"),
        ("exit_share", {"reasons": ["work", "lottery"]}, {}, "Okänd avslutsorsak ”lottery”"),
        ("exit_share", {"reasons": ["registration_error"]}, {}, "Okänd avslutsorsak ”registration_error”"),
        ("exit_share", {"reasons": []}, {}, "saknar värde"),
        ("indicator_mean", {"items": ["99z"]}, {}, "Okänd mätpunkt ”99z”"),
        ("indicator_mean", {"groups": ["caseworker"]}, {}, "Okänd svarandegrupp ”caseworker”"),
        ("trained_staff", {"groups": ["board", "politicians"]}, {}, "Okänd deltagargrupp ”politicians”"),
        ("indicator_positive_share", {"threshold": ["9"]}, {}, "utanför skalan 1–6"),
        ("indicator_positive_share", {"threshold": ["x"]}, {}, "inte ett tal"),
        ("result", {}, {"scoped": True}, "kan inte användas för en enskild insats"),
        ("admin_share", {}, {"intervention_id": "porten"}, "kan inte användas för en enskild insats"),
        ("trained_staff", {}, {"scoped": True}, "kan inte användas för en enskild insats"),
        ("no_such_metric", {}, {}, "Okänt mått ”no_such_metric”. Tillåtna mått: antal deltagare, antal nya "),
        ("exit_share", {"reasons": ["lottery"]}, {}, "Tillåtna: arbete, subventionerad anställning, studier"),
    ],
)
def test_validate_goal_params_problems(metric, params, kwargs, fragment):
    problems = validate_goal_params(metric, params, **kwargs)
    assert any(fragment in p for p in problems), problems


# ------------------------------------------------------------------------------------------------ status

@pytest.mark.parametrize(
    ("outcome", "operator", "target", "expected"),
    [
        (40.0, ">=", 40, "met"),  # exactly the target
        (100 * 8 / 12, ">=", 70, "partly"),  # 66,67: misses by 3,33 <= 7
        (100 * 14 / 49, ">=", 40, "not_met"),  # 28,57: misses by 11,43 > 4
        (36.0, ">=", 40, "partly"),  # exactly 90 % of the target
        (100 * 27 / 75, ">=", 40, "partly"),  # 36,000…: 90 % computed from counts
        (35.99, ">=", 40, "not_met"),
        (20.0, "<=", 20, "met"),
        (22.0, "<=", 20, "partly"),  # exceeds by exactly 10 % of 20
        (22.01, "<=", 20, "not_met"),
        (-1.0, ">=", 0, "not_met"),  # target 0: no tolerance at all
        (0.0, ">=", 0, "met"),
        (None, ">=", 40, "no_data"),
        (50.0, ">=", None, "no_data"),
    ],
)
def test_goal_status(outcome, operator, target, expected):
    assert goal_status(outcome, operator, target) == expected


def test_goal_status_tolerance_is_configurable():
    assert goal_status(36.0, ">=", 40, tolerance=0.0) == "not_met"
    assert goal_status(30.0, ">=", 40, tolerance=0.25) == "partly"


# ------------------------------------------------------------------------------------------------ metrics

def test_exit_share_samspelet_horisont():
    r = one(goal("G1", "exit_share", ">=", 40, intervention_id="horisont"))
    assert r.outcome == pytest.approx(28.571428571428573)  # 100 · 14 / 49
    assert (r.measure.numerator, r.measure.denominator) == (14, 49)  # anonymous and registration error excluded
    assert r.counts == (14, 49)
    assert r.status == "not_met"
    assert r.text_sv == (
        f"Målet för Horisont att minst 40{NB}% av de avslutade deltagarna ska gå vidare till arbete eller studier "
        f"uppnåddes inte: 14 av 49 (29{NB}%)."
    )


def test_exit_share_association_is_partly():
    r = one(goal("G1", "exit_share", ">=", 40))
    # (14 + 8) / (49 + 12) = 22 / 61 = 36,07 % misses 40 by 3,93 <= 4
    assert r.outcome == pytest.approx(36.0655737704918)
    assert r.status == "partly"
    assert r.text_sv == (
        f"Målet att minst 40{NB}% av de avslutade deltagarna ska gå vidare till arbete eller studier "
        f"uppnåddes delvis: 22 av 61 (36{NB}%)."
    )
    assert evaluate_goals(dataset([goal("G1", "exit_share", ">=", 40)]), ASSOC, 2013, tolerance=0)[0].status == (
        "not_met"
    )


def test_exit_share_porten_nearly_met_with_own_reasons():
    r = one(goal("G2", "exit_share", ">=", 70, intervention_id="porten", params="reasons=subsidised_work"))
    assert r.outcome == pytest.approx(66.66666666666667)  # 100 · 8 / 12
    assert r.status == "partly"
    assert r.text_sv == (
        f"Målet för Porten att minst 70{NB}% av de avslutade deltagarna ska gå vidare till subventionerad "
        f"anställning uppnåddes delvis: 8 av 12 (67{NB}%)."
    )


def test_exit_share_lists_non_default_reasons():
    r = one(goal("G3", "exit_share", ">=", 10, params="reasons=subsidised_work,work"))
    # work 4 + subsidised_work 8 = 12 of 61 = 19,7 %
    assert (r.measure.numerator, r.status) == (12, "met")
    assert "ska gå vidare till arbete eller subventionerad anställning uppnåddes: 12 av 61 (20" in r.text_sv
    r = one(goal("G4", "exit_share", "<=", 10, params="reasons=illness,dropped_out"))
    assert r.outcome == 0.0 and r.status == "met"
    assert "ska avslutas med orsaken sjukdom eller avbrutit uppnåddes: 0 av 61 (0" in r.text_sv


def test_rounding_never_makes_a_missed_goal_look_met():
    # 48 of 49 = 97,96 % against "minst 98 %": "98 %" would contradict "uppnåddes delvis"
    r = one(goal("R1", "plan_share", ">=", 98, intervention_id="horisont"))
    assert r.status == "partly"
    assert r.text_sv.endswith(f"uppnåddes delvis: 48 av 49 (97,96{NB}%).")  # 97,959… needs two decimals
    # admin share 18,35 % against "högst 18,4 %" is met and shown with its usual decimal
    r = one(goal("R2", "admin_share", "<=", 18.4))
    assert r.status == "met" and f"18,4{NB}%" in r.text_sv
    # … but against "högst 18,3 %" it is missed, and "18,4 %" already shows it: no extra decimal
    r = one(goal("R3", "admin_share", "<=", 18.3))
    assert r.status == "partly" and f"uppnåddes delvis: 18,4{NB}%" in r.text_sv
    # mean 4,1667 against "minst 4,2": "4,2" would look met -> "4,17"
    r = one(goal("R4", "indicator_mean", ">=", 4.2, params="items=12a"))
    assert r.status == "partly"
    assert r.text_sv.endswith("medelvärdet 4,17 (n = 6).")


def test_params_accept_swedish_labels():
    r = one(goal("G3b", "exit_share", ">=", 40, params="reasons=Arbete, subventionerad anställning ,studier"))
    assert (r.measure.numerator, r.measure.denominator) == (22, 61)  # the default set, written in Swedish
    assert r.params == "reasons=work,subsidised_work,studies"  # canonical form
    assert parse_params(r.params) == {"reasons": ["work", "subsidised_work", "studies"]}
    assert one(goal("G3c", "participants", ">=", 1)).params is None
    assert "gå vidare till arbete eller studier" in r.text_sv


def test_exit_share_no_data_for_an_intervention_without_exits():
    r = one(goal("G5", "exit_share", ">=", 30, intervention_id="stegen"))
    assert (r.outcome, r.status, r.counts) == (None, "no_data", (0, 0))
    assert r.text_sv == (
        f"Målet för Stegen att minst 30{NB}% av de avslutade deltagarna ska gå vidare till arbete eller studier "
        "kan inte följas upp: underlag saknas."
    )


def test_exit_count():
    r = one(goal("G6", "exit_count", ">=", 20, params="reasons=job_seeking"))
    assert (r.outcome, r.status) == (19.0, "partly")  # 19 misses 20 by 1 <= 2
    assert r.text_sv == (
        "Målet att minst 20 deltagare ska gå vidare till aktivt arbetssökande uppnåddes delvis: "
        "19 av 61 avslutade deltagare."
    )


def test_participants():
    r = one(goal("G7", "participants", ">=", 60))
    assert (r.outcome, r.status, r.counts) == (66.0, "met", (66,))  # 49 + 2 anonymous + 12 + 3
    assert r.text_sv == "Målet att minst 60 deltagare ska ta del av insatserna uppnåddes: 66 deltagare."
    r = one(goal("G8", "participants", ">=", 150))
    assert r.status == "not_met"
    r = one(goal("G9", "participants", ">=", 15, intervention_id="porten"))
    assert (r.outcome, r.status) == (15.0, "met")  # 12 ended + 3 active
    assert r.text_sv == "Målet för Porten att minst 15 deltagare ska ta del av insatsen uppnåddes: 15 deltagare."


def test_participants_started():
    r = one(goal("G10", "participants_started", ">=", 16))
    assert (r.outcome, r.status) == (15.0, "partly")  # 15 identified (not the 2 anonymous) misses 16 by 1 <= 1,6
    assert r.text_sv == (
        "Målet att minst 16 nya deltagare ska börja i insatserna uppnåddes delvis: 15 nya deltagare."
    )


def test_plan_share():
    r = one(goal("G11", "plan_share", ">=", 100, intervention_id="horisont"))
    assert r.outcome == pytest.approx(97.95918367346938)  # 48 / 49
    assert r.status == "partly"
    assert r.text_sv.endswith(f"ska ha haft en individuell handlingsplan uppnåddes delvis: 48 av 49 (98{NB}%).")
    # Porten recorded no plans at all -> no data rather than 0 %
    assert one(goal("G12", "plan_share", ">=", 100, intervention_id="porten")).status == "no_data"
    # the association: Porten's empty cells count as "no plan" next to Horisont's filled ones: 48 / 61
    r = one(goal("G13", "plan_share", ">=", 90))
    assert r.outcome == pytest.approx(78.68852459016394)
    assert r.status == "not_met"


def test_year_figures_count_every_intervention_in_one_pass():
    """The counts the participant metrics read, per intervention and for the association (key None)."""
    figures = year_figures(dataset([]).rows("participants", ASSOC), 2013)
    assert figures.episodes == {None: 66, "horisont": 51, "porten": 15}  # registration error counted nowhere
    assert figures.started == {None: 15, "porten": 15}  # identified only: Horisont's started in 2012
    assert figures.ended == {None: 61, "horisont": 49, "porten": 12}  # identified ended
    assert figures.exits == {("horisont", "work"): 4, ("horisont", "studies"): 10, ("horisont", "job_seeking"): 19,
                             ("horisont", "further_rehab"): 16, ("porten", "subsidised_work"): 8,
                             ("porten", "further_rehab"): 4, (None, "work"): 4, (None, "studies"): 10,
                             (None, "job_seeking"): 19, (None, "further_rehab"): 20, (None, "subsidised_work"): 8}
    assert figures.with_plan == {None: 48, "horisont": 48}
    assert figures.plan_filled == {None: 49, "horisont": 49}  # Porten recorded no plans
    assert year_figures(dataset([]).rows("participants", ASSOC), 2011).episodes == {None: 0}


def test_trained_staff():
    r = one(goal("G14", "trained_staff", ">=", 60, params="groups=caseworker,manager"))
    assert (r.outcome, r.status, r.counts) == (65.0, "met", ())  # 40 + 25 (the 2012 event excluded)
    assert r.text_sv == (
        "Målet att minst 60 handläggare och chefer ska delta i kompetensutveckling uppnåddes: "
        "65 handläggare och chefer."
    )
    r = one(goal("G15", "trained_staff", ">=", 80))
    assert (r.outcome, r.status) == (72.0, "partly")  # 40 + 25 + 7 = 72 misses 80 by 8 <= 8
    assert r.text_sv.endswith("uppnåddes delvis: 72 personer.")
    r = one(goal("G16", "trained_staff", ">=", 60), training=None)
    assert r.status == "no_data"
    assert r.text_sv == (
        "Målet att minst 60 personer ska delta i kompetensutveckling kan inte följas upp: underlag saknas."
    )


def test_indicator_mean():
    r = one(goal("G17", "indicator_mean", ">=", 4.5, params="items=1a"))
    assert r.outcome == pytest.approx(5.1)  # 51 / 10
    assert (r.measure.n, r.counts, r.status) == (10, (10,), "met")
    assert r.text_sv == "Målet att medelvärdet för mätpunkt 1a ska vara minst 4,5 uppnåddes: medelvärdet 5,1 (n = 10)."
    r = one(goal("G18", "indicator_mean", ">=", 5, params="items=12a;groups=board"))
    assert r.outcome == 5.25  # (6 + 6 + 5 + 4) / 4
    assert r.text_sv == (
        "Målet att medelvärdet för mätpunkt 12a (svarande: styrelse) ska vara minst 5 uppnåddes: "
        "medelvärdet 5,3 (n = 4)."
    )
    r = one(goal("G19", "indicator_mean", ">=", 4.5, params="items=12a"))
    assert r.outcome == pytest.approx(25 / 6)  # board and staff pooled: 25 / 6 = 4,17; misses 4,5 by 0,33
    assert r.status == "partly"


def test_indicator_positive_share():
    r = one(goal("G20", "indicator_positive_share", ">=", 80, params="items=1a"))
    assert (r.outcome, r.status, r.counts) == (80.0, "met", (8, 10))  # 8 of 10 at 5 or 6
    assert r.text_sv == (
        f"Målet att minst 80{NB}% av svaren på mätpunkt 1a ska vara positiva uppnåddes: 8 av 10 svar (80{NB}%)."
    )
    r = one(goal("G21", "indicator_positive_share", ">=", 80, params="items=1a;threshold=6"))
    assert (r.outcome, r.status) == (50.0, "not_met")  # 5 of 10 at 6
    assert r.text_sv == (
        f"Målet att minst 80{NB}% av svaren på mätpunkt 1a ska vara positiva (minst 6 på skalan 1–6) "
        f"uppnåddes inte: 5 av 10 svar (50{NB}%)."
    )
    r = one(goal("G22", "indicator_positive_share", ">=", 80, params="items=1a,12a"))
    assert "av svaren på mätpunkterna 1a och 12a ska vara positiva" in r.text_sv
    assert r.counts == (11, 16)  # 8 + 3 (6, 6, 5) of 10 + 6
    r = one(goal("G22b", "indicator_positive_share", ">=", 80, params="groups=board,staff"))
    # all items, board and staff only: 12a 6, 6, 5, 4, 2, 2 -> 3 of 6 (the 2012 answer excluded)
    assert r.text_sv == (
        f"Målet att minst 80{NB}% av svaren på alla mätpunkter (svarande: styrelse och insatspersonal) ska vara "
        f"positiva uppnåddes inte: 3 av 6 svar (50{NB}%)."
    )


def test_indicator_no_survey_is_no_data():
    r = one(goal("G23", "indicator_mean", ">=", 4, params="items=1a"), survey_responses=None)
    assert r.status == "no_data"
    assert r.text_sv == "Målet att medelvärdet för mätpunkt 1a ska vara minst 4 kan inte följas upp: underlag saknas."


def test_result():
    r = one(goal("G24", "result", ">=", 0))
    assert (r.outcome, r.status, r.counts) == (213_912.0, "met", ())
    assert r.text_sv == (f"Målet att resultatet ska vara minst 0{NB}tkr uppnåddes: resultatet blev ett överskott "
                         f"på 214{NB}tkr.")  # a sentence is read at a glance: tkr
    r = one(goal("G25", "result", ">=", 0), ledger=None)
    assert r.status == "no_data"
    assert r.text_sv == f"Målet att resultatet ska vara minst 0{NB}tkr kan inte följas upp: underlag saknas."


def test_admin_share():
    r = one(goal("G26", "admin_share", "<=", 20))
    assert r.outcome == pytest.approx(18.354929771264807)  # 1 024 476 / 5 581 476
    assert r.status == "met"
    assert r.text_sv == (
        f"Målet att administrationens andel av kostnaderna ska vara högst 20{NB}% uppnåddes: "
        f"18,4{NB}% (1{NB}024{NB}tkr av 5{NB}581{NB}tkr)."
    )
    assert one(goal("G27", "admin_share", "<=", 17)).status == "partly"  # exceeds 17 by 1,35 <= 1,7
    assert one(goal("G28", "admin_share", "<=", 16)).status == "not_met"  # exceeds 16 by 2,35 > 1,6


def test_equity_share():
    r = one(goal("G29", "equity_share", "<=", 25))
    # closing 1 000 000 + 213 912 = 1 213 912 of contributions 6 000 000 = 20,23 %
    assert r.outcome == pytest.approx(20.23186666666667)
    assert r.status == "met"
    assert r.text_sv == (
        f"Målet att det egna kapitalet vid årets slut ska vara högst 25{NB}% av årets medlemsbidrag uppnåddes: "
        f"20,2{NB}% (1{NB}214{NB}tkr av 6{NB}000{NB}tkr)."
    )
    # without a contributions table: the booked contribution income 5 780 000 -> 21,00 %
    r = one(goal("G30", "equity_share", "<=", 25), contributions=None)
    assert r.outcome == pytest.approx(21.001937716262976)
    # without equity: no closing equity, no data
    assert one(goal("G31", "equity_share", "<=", 25), equity=None).status == "no_data"


# --- year-end money goals in a running year: the forecast, never the year so far ---------------------------------

# Books closed 30 June 2013 (the ledger above, cut there): income booked 5 795 388, costs 4 556 000 + 800 000 +
# 180 000 = 5 536 000. Budget 2013 spread evenly: costs 5 400 000 (450 000 a month), contribution income 6 000 000.
BUDGET_2013 = [
    {"year": 2013, "category": "contribution_income", "amount_sek": 6_000_000},
    {"year": 2013, "category": "intervention", "intervention_id": "porten", "amount_sek": 4_200_000},
    {"year": 2013, "category": "administration", "amount_sek": 1_200_000},
]
MIDYEAR = [row for row in LEDGER if row["date"] <= "2013-06-30"]


def forecast_goals(*goals, budget=BUDGET_2013):
    data = dataset(list(goals), ledger=MIDYEAR, budget=budget)
    fc = year_end_forecast(data, ASSOC, 2013, as_of="2013-07-10")
    return fc, evaluate_goals(data, ASSOC, 2013, preliminary=True, forecast=fc)


def test_money_goals_in_a_running_year_are_judged_on_the_forecast():
    fc, (result, admin, equity) = forecast_goals(
        goal("G5", "result", ">=", 0), goal("G6", "admin_share", "<=", 18), goal("G8", "equity_share", "<=", 25))
    # income: decided 6 000 000 + other income 15 388 (booked; no budget for it); costs 5 536 000 + ½ × 5 400 000
    assert fc.books_closed.isoformat() == "2013-06-30"
    assert (fc.income, fc.costs, fc.result) == (6_015_388, 8_236_000, -2_220_612)
    assert (result.outcome, result.status, result.basis) == (-2_220_612, "not_met", "forecast")
    assert result.text_sv == (f"Målet att resultatet ska vara minst 0{NB}tkr bedöms inte uppnås: prognosen för "
                              f"helåret är ett underskott på 2{NB}221{NB}tkr.")
    # administration 980 000 booked + ½ × 1 200 000 = 1 580 000 of 8 236 000 = 19,2 %
    assert admin.outcome == pytest.approx(100 * 1_580_000 / 8_236_000) and admin.status == "partly"
    assert admin.text_sv == (f"Målet att administrationens andel av kostnaderna ska vara högst 18{NB}% bedöms delvis "
                             f"uppnås: prognosen för helåret är 19,2{NB}% (1{NB}580{NB}tkr av 8{NB}236{NB}tkr).")
    # closing equity 1 000 000 − 2 220 612 of the decided 6 000 000
    assert equity.outcome == pytest.approx(100 * -1_220_612 / 6_000_000) and equity.status == "met"
    assert "bedöms uppnås: prognosen för helåret är" in equity.text_sv


def test_without_a_forecast_a_running_year_speaks_of_the_year_so_far():
    data = dataset([goal("G5", "result", ">=", 0)], ledger=MIDYEAR)
    (r,) = evaluate_goals(data, ASSOC, 2013, preliminary=True)
    assert r.basis == "so_far" and r.outcome == 5_795_388 - 5_536_000
    assert r.text_sv == (f"Målet att resultatet ska vara minst 0{NB}tkr är hittills uppnått: resultatet hittills är "
                         f"ett överskott på 259{NB}tkr.")


def test_a_closed_year_with_its_forecast_reads_in_the_past_tense():
    data = dataset([goal("G5", "result", ">=", 0)], budget=BUDGET_2013)
    fc = year_end_forecast(data, ASSOC, 2013, as_of="2014-02-20")
    assert fc.closed
    (r,) = evaluate_goals(data, ASSOC, 2013, forecast=fc)
    assert (r.outcome, r.basis) == (213_912, "actual")
    assert r.text_sv.endswith(f"uppnåddes: resultatet blev ett överskott på 214{NB}tkr.")


def test_manual_goals():
    text = "Lokala referensgrupper ska finnas för varje insats"
    r = one(goal("M1", "manual", ">=", None, text=text, manual_status="met",
                 comment="Referensgrupper finns vid alla insatser"))
    assert r.status == "met"
    assert r.text_sv == f"Målet ”{text}” bedömdes som uppnått. Referensgrupper finns vid alla insatser."
    assert r.comment == "Referensgrupper finns vid alla insatser"
    r = one(goal("M2", "manual", ">=", 10, text="Minst 10 arbetsgivare", manual_outcome=12))
    assert (r.outcome, r.status) == (12.0, "met")
    assert r.text_sv == "Målet ”Minst 10 arbetsgivare” uppnåddes: utfallet blev 12 (målvärde minst 10)."
    # manual_status overrides the computed status
    r = one(goal("M3", "manual", ">=", 10, text="Minst 10 arbetsgivare", manual_outcome=12,
                 manual_status="partly"))
    assert r.status == "partly"
    assert r.text_sv == "Målet ”Minst 10 arbetsgivare” bedömdes som delvis uppnått (utfall 12)."
    r = one(goal("M4", "manual", ">=", 10, text="Minst 10 arbetsgivare", intervention_id="porten",
                 manual_status="not_met"))
    assert r.text_sv == "Målet för Porten ”Minst 10 arbetsgivare” bedömdes som inte uppnått."
    r = one(goal("M5", "manual", ">=", 10, text="Minst 10 arbetsgivare."))  # the text's full stop is dropped
    assert r.status == "no_data"
    assert r.text_sv == "Målet ”Minst 10 arbetsgivare” har ännu inte bedömts."


def test_qualitative_goal_without_comparison_or_target():
    text = "Samverkan mellan parterna ska öka"
    r = one(goal("Q1", "manual", None, None, text=text, manual_status="met", comment="Nya gemensamma rutiner."))
    assert (r.status, r.operator, r.target, r.outcome) == ("met", None, None, None)
    assert r.text_sv == f"Målet ”{text}” bedömdes som uppnått. Nya gemensamma rutiner."
    assert r.to_summary()["target"] is None
    r = one(goal("Q2", "manual", None, None, text=text))
    assert (r.status, r.text_sv) == ("no_data", f"Målet ”{text}” har ännu inte bedömts.")
    r = one(goal("Q3", "manual", None, None, text=text, manual_outcome=4))
    assert (r.status, r.text_sv) == ("no_data", f"Målet ”{text}” har ännu inte bedömts (utfall 4).")


def test_bad_goals_are_no_data():
    # association-only metric scoped to an intervention
    assert one(goal("B1", "result", ">=", 0, intervention_id="porten")).status == "no_data"
    # malformed params
    r = one(goal("B2", "exit_share", ">=", 40, params="reasons"))
    assert r.status == "no_data"
    assert r.text_sv.endswith("kan inte följas upp: underlag saknas.")


def test_evaluate_goals_selects_year_and_association_in_order():
    goals = [
        goal("G2", "participants", ">=", 60),
        goal("G1", "exit_share", ">=", 40),
        goal("G0", "participants", ">=", 1, year=2014),
        {**goal("X", "participants", ">=", 1), "association_id": "annat"},
    ]
    ds = make_dataset(associations=[{"association_id": ASSOC, "name": "Test"},
                                    {"association_id": "annat", "name": "Annat"}],
                      interventions=INTERVENTIONS, participants=PARTICIPANTS, goals=goals)
    assert [r.goal_id for r in evaluate_goals(ds, ASSOC, 2013)] == ["G2", "G1"]
    assert [r.goal_id for r in evaluate_goals(ds, ASSOC, 2014)] == ["G0"]
    assert evaluate_goals(make_dataset(), ASSOC, 2013) == []  # no goals table
    with pytest.raises(UsageError):
        evaluate_goals(ds, "okand", 2013)


def test_sentences_never_contain_participant_ids():
    goals = [goal(f"G{i}", metric, ">=", 10, params=params, intervention_id=iv)
             for i, (metric, params, iv) in enumerate([
                 ("participants", None, None), ("participants_started", None, "porten"),
                 ("exit_share", None, "horisont"), ("exit_count", "reasons=work", None),
                 ("plan_share", None, None), ("trained_staff", None, None),
                 ("indicator_mean", "items=1a", None), ("indicator_positive_share", None, None),
                 ("result", None, None), ("admin_share", None, None), ("equity_share", None, None),
             ])]
    ds = dataset(goals)
    ids = set(ds.rows("participants", ASSOC)["participant_id"].dropna())
    results = evaluate_goals(ds, ASSOC, 2013)
    assert len(results) == 11
    for r in results:
        assert r.status != "no_data", r.text_sv
        assert not any(pid in r.text_sv for pid in ids)
        assert "D-" not in r.text_sv
