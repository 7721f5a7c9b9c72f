"""The public summary: suppression of small counts (primary and secondary), goals, indicators, text."""

from __future__ import annotations

import json

from metric_helpers import episode, goal, make_dataset

from finsamdash.report import summary, summary_text

PORTEN_ONLY = [{"intervention_id": "porten", "name": "Porten", "kind": "individual", "start_date": "2010-01-01"}]


def _dataset(interventions=PORTEN_ONLY):
    """One intervention, 30 identified episodes all started in 2024 (18 women, 12 men).

    20 ended in 2024: work 8, studies 6, job_seeking 4, moved 2; 10 still active.
    """
    rows = []
    reasons = ["work"] * 8 + ["studies"] * 6 + ["job_seeking"] * 4 + ["moved"] * 2
    for i in range(30):
        gender = "woman" if i < 18 else "man"
        if i < 20:
            rows.append(episode("2024-02-01", "2024-10-31", reasons[i], gender=gender))
        else:
            rows.append(episode("2024-03-01", gender=gender))
    goals = [
        goal("G1", "exit_share", ">=", 50, year=2024),  # numerator = work or studies = 14 (hidden below)
        goal("G2", "participants", ">=", 25, year=2024),  # 30 participants (shown)
    ]
    survey = [{"period": "2024-H1", "respondent_group": "staff", "item": "8a", "value": v} for v in (5, 6, 4)]
    survey += [{"period": "2024-H2", "respondent_group": "board", "item": "14a", "value": v}
               for v in (6, 6, 5, 5, 4, 3, None)]
    return make_dataset(interventions=interventions, participants=rows, goals=goals, survey_responses=survey)


def test_raw_summary_keeps_every_count() -> None:
    result = summary(_dataset(), "test", 2024, raw=True)
    assert result["suppressed"] is False
    assert result["participants"]["other_unknown"] == 0
    assert result["exits"]["moved"] == 2


def test_primary_and_secondary_suppression_by_hand() -> None:
    result = summary(_dataset(), "test", 2024)
    assert result["suppressed"] is True
    people = result["participants"]
    # other_unknown = 0 and anonymous = 0 are below 5 (primary). episodes = women + men + other: hiding only
    # other would reveal it as 30 - 18 - 12, so the smallest shown part, men (12), is hidden too.
    # episodes = anonymous + identified: identified (30) is hidden with anonymous for the same reason.
    assert people == {"episodes": 30, "anonymous": None, "identified": None, "started": 30, "ended": 20,
                      "active_end_of_year": 10, "women": 18, "men": None, "other_unknown": None}
    exits = result["exits"]
    # Primary: subsidised_work 0, job_seeking 4, further_rehab 0, illness 0, dropped_out 0, moved 2, other 0.
    # work_or_studies (14) = work + subsidised + studies: subsidised alone hidden -> studies (6) hidden too.
    # closer (18) = work_or_studies + job_seeking: job_seeking hidden -> work_or_studies (14) hidden.
    assert exits["work"] == 8
    assert exits["studies"] is None
    assert exits["job_seeking"] is None and exits["moved"] is None
    assert exits["work_or_studies"] is None and exits["work_or_studies_share"] is None
    # ended (20) = closer (18) + the other reasons: showing closer would publish that 2 ended for other reasons
    # (moved), so closer and its share are hidden too (the hidden parts job_seeking + moved + closer add up >= 5).
    assert exits["closer_to_labour_market"] is None
    assert exits["closer_to_labour_market_share"] is None
    # the intervention is the whole association here: the same cells are hidden
    assert result["interventions"]["porten"]["exits"] == exits


def test_an_intervention_with_no_participants_hides_its_sibling() -> None:
    # Horisont runs in 2024 with 0 episodes (0 < 5 is hidden); the association's 30 = Porten + Horisont, so
    # showing Porten's 30 would reveal Horisont's 0: Porten's flows are hidden as well.
    both = [*PORTEN_ONLY, {"intervention_id": "horisont", "name": "Horisont", "kind": "preventive",
                           "start_date": "2010-01-01"}]
    result = summary(_dataset(both), "test", 2024)
    assert result["participants"]["episodes"] == 30
    assert result["interventions"]["horisont"]["episodes"] is None
    assert result["interventions"]["porten"]["episodes"] is None


def test_goal_built_on_a_hidden_count_loses_its_figures_but_keeps_its_status() -> None:
    goals = {g["goal_id"]: g for g in summary(_dataset(), "test", 2024)["goals"]}
    # G1: 14 of 20 = 70 % >= 50 % is met, but 14 = work or studies, which is hidden (it would reveal job_seeking 4)
    assert goals["G1"]["status"] == "met"
    assert goals["G1"]["outcome"] is None
    assert "14" not in goals["G1"]["text_sv"] and "röjandekontroll" in goals["G1"]["text_sv"]
    assert goals["G2"]["outcome"] == 30.0
    assert "30 deltagare" in goals["G2"]["text_sv"]


def test_indicator_items_with_few_answers_are_hidden() -> None:
    indicators = summary(_dataset(), "test", 2024)["indicators"]
    assert indicators["8a"] == {"n": None, "mean": None, "positive_share": None, "dont_know": None}
    # 14a: six answers 6, 6, 5, 5, 4, 3 -> mean 29 / 6, positive (5 or 6) 4 of 6; one "vet ej" (1 < 5: hidden)
    assert indicators["14a"]["n"] == 6
    assert indicators["14a"]["mean"] == 29 / 6
    assert indicators["14a"]["positive_share"] == 4 / 6
    assert indicators["14a"]["dont_know"] is None


def test_min_count_one_hides_nothing_but_zeros() -> None:
    result = summary(_dataset(), "test", 2024, min_count=1)
    assert result["exits"]["job_seeking"] == 4 and result["exits"]["closer_to_labour_market"] == 18
    # ended (20) − closer (18) = moved (2) + four reasons of 0: showing moved would pin the hidden zeros
    assert result["exits"]["moved"] is None and result["exits"]["other"] is None


def test_summary_is_json_and_text_is_swedish_without_ids() -> None:
    dataset = _dataset()
    result = summary(dataset, "test", 2024)
    json.dumps(result)
    text = summary_text(result, dataset)
    assert text.startswith("Samordningsförbundet Test – nyckeltal 2024")
    assert "Kön: 18 kvinnor, .. män, .. annat/okänt." in text
    assert "röjandekontroll" in text
    ids = set(dataset.tables["participants"]["participant_id"].dropna())
    assert not any(pid in text or pid in json.dumps(result) for pid in ids)
