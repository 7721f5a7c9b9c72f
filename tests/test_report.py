"""The public summary: what the pack's audit hides (small counts and their protection), goals, indicators, text."""

from __future__ import annotations

import json

from metric_helpers import episode, goal, make_dataset

from finsamdash.report import summary, summary_text
from finsamdash.wording.privacy import GOAL_FIGURES_HIDDEN, GOAL_STATUS_HIDDEN, HIDDEN_MARK, hidden_note

PORTEN_ONLY = [{"intervention_id": "porten", "name": "Porten", "kind": "individual", "start_date": "2010-01-01"}]


def _dataset(interventions=PORTEN_ONLY, goals=None):
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
    goals = goals or [
        goal("G1", "exit_share", ">=", 50, year=2024),  # numerator = work or studies = 14
        goal("G2", "participants", ">=", 25, year=2024),  # 30 participants
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


def test_small_counts_and_their_protection_by_hand() -> None:
    result = summary(_dataset(), "test", 2024)
    assert result["suppressed"] is True
    people = result["participants"]
    # zeros are shown (R3): nobody anonymous, nobody of other/unknown gender. The two who moved are men: on the
    # participants page (Urval: män) the men's 2 ended = 12 started − 10 active at the end of the year, so the men's
    # flows are hidden there, and with them the women's (30 = women + men + 0) – here too, since every output of
    # the pack is audited together (R4).
    assert people == {"episodes": 30, "anonymous": 0, "identified": 30, "started": 30, "ended": 20,
                      "active_end_of_year": 10, "women": None, "men": None, "other_unknown": 0}
    exits = result["exits"]
    # unsafe: job_seeking 4 and moved 2; closer (18) = work or studies (14) + job_seeking is hidden with them
    # (the cheapest protection: 14 and its share carry a goal); zeros are shown
    assert (exits["work"], exits["studies"], exits["work_or_studies"]) == (8, 6, 14)
    assert exits["work_or_studies_share"] == 0.7
    assert exits["job_seeking"] is None and exits["moved"] is None
    assert exits["closer_to_labour_market"] is None and exits["closer_to_labour_market_share"] is None
    assert exits["subsidised_work"] == exits["further_rehab"] == exits["other"] == 0
    # the intervention is the whole association here: the same cells are hidden
    assert result["interventions"]["porten"]["exits"] == exits


def test_an_intervention_without_participants_is_a_zero_not_a_reason_to_hide() -> None:
    # Horisont has no participant in 2024: as a preventive intervention it cannot have any (a structural zero,
    # R2), as an individual one nobody came (a sampling zero, R3). Either way its 0 is shown and Porten's 30 too.
    for kind in ("preventive", "individual"):
        both = [*PORTEN_ONLY, {"intervention_id": "horisont", "name": "Horisont", "kind": kind,
                               "start_date": "2010-01-01"}]
        result = summary(_dataset(both), "test", 2024)
        assert result["interventions"]["horisont"]["episodes"] == 0, kind
        assert result["interventions"]["porten"]["episodes"] == 30, kind


def test_goal_built_on_a_hidden_count_loses_its_figures() -> None:
    goals = [goal("G1", "exit_share", ">=", 50, year=2024), goal("G2", "participants", ">=", 25, year=2024),
             goal("G3", "exit_share", ">=", 50, year=2024, params="reasons=job_seeking"),
             goal("G4", "exit_count", ">=", 4, year=2024, params="reasons=job_seeking")]
    published = {g["goal_id"]: g for g in summary(_dataset(goals=goals), "test", 2024)["goals"]}
    # G1: 14 of 20 (work or studies) is shown (R6: 14 and 20 − 14 = 6 are both safe)
    assert published["G1"]["outcome"] == 70.0 and "14 av 20" in published["G1"]["text_sv"]
    assert published["G2"]["outcome"] == 30.0 and "30 deltagare" in published["G2"]["text_sv"]
    # G3: 4 job seekers of 20 is hidden; a reader knows job seekers + movers = 20 − 14 = 6, so 0 … 6 job seekers:
    # "not met" (below 50 %) holds for every one of them, so the status is shown
    assert published["G3"]["outcome"] is None and published["G3"]["status"] == "not_met"
    assert "4 av" not in published["G3"]["text_sv"] and GOAL_FIGURES_HIDDEN in published["G3"]["text_sv"]
    # G4: "met" (at least 4 job seekers) would leave 4, 5 or 6 – fewer than 5 possible values: hidden too
    assert published["G4"]["outcome"] is None and published["G4"]["status"] is None
    assert GOAL_STATUS_HIDDEN in published["G4"]["text_sv"]


def test_indicator_items_with_few_answers_are_hidden() -> None:
    indicators = summary(_dataset(), "test", 2024)["indicators"]
    assert indicators["8a"] == {"n": None, "mean": None, "positive_share": None, "dont_know": None}
    # 14a: six answers 6, 6, 5, 5, 4, 3 -> mean 29 / 6, positive (5 or 6) 4 of 6, and one "vet ej": a result with
    # at least 5 answers is shown whole (the survey rule), as on the survey page
    assert indicators["14a"] == {"n": 6, "mean": 29 / 6, "positive_share": 4 / 6, "dont_know": 1}


def test_min_count_one_hides_nothing() -> None:
    result = summary(_dataset(), "test", 2024, min_count=1)
    assert result["exits"]["job_seeking"] == 4 and result["exits"]["closer_to_labour_market"] == 18
    assert result["exits"]["moved"] == 2
    assert (result["participants"]["women"], result["participants"]["men"]) == (18, 12)
    assert result["suppressed"] is False


def test_summary_is_json_and_text_is_swedish_without_ids() -> None:
    dataset = _dataset()
    result = summary(dataset, "test", 2024)
    json.dumps(result)
    text = summary_text(result, dataset)
    assert text.startswith("Samordningsförbundet Test – nyckeltal 2024")
    assert "Deltagare: 30 deltaganden, varav 0 anonyma; av de övriga 30 har 30 påbörjat och 20 avslutat" in text
    assert f"Kön: {HIDDEN_MARK} kvinnor, {HIDDEN_MARK} män, 0 annat/okänt." in text
    assert text.rstrip().endswith(hidden_note(5))
    ids = set(dataset.tables["participants"]["participant_id"].dropna())
    assert not any(pid in text or pid in json.dumps(result) for pid in ids)
