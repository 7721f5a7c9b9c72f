"""Counting rules for participants (data contract, "Counting rules"), with hand-computed expectations."""

from __future__ import annotations

import pandas as pd
import pytest
from metric_helpers import ASSOC, episode, make_dataset

from finsamdash.metrics.participant_counts import (
    EXIT_KEYS,
    ended_identified_in_year,
    episodes_in_year,
    exit_counts,
    exit_counts_by,
    intervention_counts,
    participant_counts,
    participant_counts_by,
)

# Eleven episodes; the comment says how each one counts in 2024.
ROWS = [
    # 0: spans 2023–2025 -> counts in 2024, neither started nor ended in 2024, active at end of 2024
    episode("2023-03-01", "2025-02-01", "subsidised_work", participant_id="D-0100"),
    # 1: starts on 1 January 2024, open -> counts, started, active
    episode("2024-01-01", participant_id="D-0101"),
    # 2: ends on 31 December 2024 -> counts, started and ended in 2024 (work)
    episode("2024-05-01", "2024-12-31", "work", gender="man", participant_id="D-0102"),
    # 3: ends on 1 January 2024 -> counts in 2024 and ended in 2024 (studies)
    episode("2023-06-01", "2024-01-01", "studies", participant_id="D-0103"),
    # 4: ended 31 December 2023 -> not in 2024 (ended in 2023, moved)
    episode("2022-01-01", "2023-12-31", "moved", participant_id="D-0104"),
    # 5: starts 2025 -> not in 2024
    episode("2025-01-01", participant_id="D-0105"),
    # 6: anonymous man, started and ended in 2024 -> totals and gender, never in exits
    episode("2024-02-01", "2024-06-30", gender="man", anonymous=True),
    # 7: registration error -> nowhere
    episode("2024-03-01", "2024-03-02", "registration_error", participant_id="D-0107"),
    # 8: Horisont, man, started and ended 2024 (job_seeking)
    episode("2024-02-01", "2024-10-01", "job_seeking", gender="man", intervention="horisont",
            participant_id="D-0108"),
    # 9: Horisont, other/unknown gender, started 2023, ended 2024 (illness)
    episode("2023-01-01", "2024-06-01", "illness", gender="other_unknown", intervention="horisont",
            participant_id="D-0109"),
    # 10: Horisont, anonymous woman, started 2023, open -> counts, active
    episode("2023-05-01", anonymous=True, intervention="horisont"),
]


@pytest.fixture
def participants() -> pd.DataFrame:
    return make_dataset(participants=ROWS).rows("participants", ASSOC)


def test_episodes_in_year_selects_by_the_counting_rule(participants):
    ids = episodes_in_year(participants, 2024)["participant_id"]
    # rows 0,1,2,3,6,8,9,10 count; 6 and 10 are anonymous (no id)
    assert sorted(ids.dropna()) == ["D-0100", "D-0101", "D-0102", "D-0103", "D-0108", "D-0109"]
    assert ids.isna().sum() == 2
    assert list(episodes_in_year(participants, 2024, intervention_id="horisont").index) == list(
        participants.index[8:11]
    )


def test_participant_counts_2024(participants):
    assert participant_counts(participants, 2024) == {
        "episodes": 8,  # rows 0,1,2,3,6,8,9,10
        "anonymous": 2,  # rows 6,10
        "identified": 6,  # 8 − 2
        "started": 3,  # rows 1 (1 Jan),2,8 (6 is anonymous: counted only among the anonymous)
        "ended": 4,  # rows 2 (31 Dec),3 (1 Jan),8,9 (6 is anonymous)
        "active_end_of_year": 3,  # rows 0 (ends 2025),1,10
        "women": 4,  # rows 0,1,3,10 (10 anonymous)
        "men": 3,  # rows 2,6,8 (6 anonymous)
        "other_unknown": 1,  # row 9
    }


def test_episodes_equal_ended_plus_active(participants):
    identified = participants[~participants["anonymous"].astype(bool)]
    for year in range(2021, 2028):
        c = participant_counts(participants, year)
        assert c["episodes"] == c["anonymous"] + c["identified"] == c["women"] + c["men"] + c["other_unknown"]
        # started and ended count identified episodes: the identity holds among them
        i = participant_counts(identified, year)
        assert (i["started"], i["ended"]) == (c["started"], c["ended"])
        assert i["episodes"] == i["ended"] + i["active_end_of_year"]


def test_spanning_episode_neither_started_nor_ended_in_middle_year():
    participants = make_dataset(participants=[episode("2023-03-01", "2025-02-01", "work")]).rows(
        "participants", ASSOC
    )
    c = participant_counts(participants, 2024)
    assert (c["episodes"], c["started"], c["ended"], c["active_end_of_year"]) == (1, 0, 0, 1)
    assert participant_counts(participants, 2023)["started"] == 1
    assert participant_counts(participants, 2025)["ended"] == 1
    assert participant_counts(participants, 2026)["episodes"] == 0
    assert participant_counts(participants, 2022)["episodes"] == 0


def test_year_boundaries():
    participants = make_dataset(participants=[
        episode("2023-06-01", "2024-01-01", "work"),  # ended 1 Jan 2024: in 2024, not active at end of 2023
        episode("2024-12-31", None),  # started 31 Dec 2024
        episode("2022-06-01", "2023-12-31", "work"),  # ended 31 Dec 2023: not in 2024
    ]).rows("participants", ASSOC)
    c2024 = participant_counts(participants, 2024)
    assert (c2024["episodes"], c2024["started"], c2024["ended"]) == (2, 1, 1)
    c2023 = participant_counts(participants, 2023)
    # 2023: rows 0 and 2 count; row 2 ended 31 Dec (ended, not active); row 0 active at end of 2023
    assert (c2023["episodes"], c2023["ended"], c2023["active_end_of_year"]) == (2, 1, 1)


def test_registration_errors_count_nowhere():
    participants = make_dataset(participants=[
        episode("2024-03-01", "2024-03-02", "registration_error"),
        episode("2024-03-01", "2024-04-01", "work"),
    ]).rows("participants", ASSOC)
    c = participant_counts(participants, 2024)
    assert (c["episodes"], c["started"], c["ended"], c["women"]) == (1, 1, 1, 1)
    e = exit_counts(participants, 2024)
    assert (e["ended_identified"], e["work"], e["work_or_studies_share"]) == (1, 1, 1.0)
    assert "registration_error" not in e


def test_exit_counts_2024(participants):
    expected = dict.fromkeys(EXIT_KEYS, 0)
    expected.update(
        work=1,  # row 2
        studies=1,  # row 3
        job_seeking=1,  # row 8
        illness=1,  # row 9
        work_or_studies=2,  # work + studies
        work_or_studies_share=0.5,  # 2 / 4 identified ended (anonymous row 6 excluded)
        closer_to_labour_market=3,  # + job_seeking
        closer_to_labour_market_share=0.75,  # 3 / 4
        ended_identified=4,  # rows 2,3,8,9
    )
    assert exit_counts(participants, 2024) == expected


def test_exit_shares_are_unrounded_fractions():
    rows = [episode("2024-01-01", "2024-02-01", r) for r in ("work", "illness", "other")]
    e = exit_counts(make_dataset(participants=rows).rows("participants", ASSOC), 2024)
    assert e["work_or_studies_share"] == 1 / 3  # 0.3333…, not rounded


def test_exit_shares_none_when_nobody_identified_ended(participants):
    # 2026: only open episodes (rows 1, 5, 10)
    e = exit_counts(participants, 2026)
    assert e["ended_identified"] == 0
    assert e["work_or_studies"] == 0
    assert e["work_or_studies_share"] is None
    assert e["closer_to_labour_market_share"] is None


def test_anonymous_exits_are_not_outcomes():
    participants = make_dataset(participants=[
        episode("2024-01-10", "2024-05-01", "work", anonymous=True),
        episode("2024-01-10", "2024-05-01", "illness"),
    ]).rows("participants", ASSOC)
    e = exit_counts(participants, 2024)
    assert (e["work"], e["illness"], e["ended_identified"], e["work_or_studies_share"]) == (0, 1, 1, 0.0)
    assert participant_counts(participants, 2024)["ended"] == 1  # identified episodes only
    assert participant_counts(participants, 2024)["anonymous"] == 1  # the anonymous one is its own count
    assert len(ended_identified_in_year(participants, 2024)) == 1


def test_exit_counts_2023_has_a_zero_share_not_none(participants):
    # 2023: only row 4 ended (moved) -> 0 of 1 to work or studies
    e = exit_counts(participants, 2023)
    assert (e["moved"], e["ended_identified"], e["work_or_studies_share"]) == (1, 1, 0.0)


def test_per_intervention_counts(participants):
    # Porten 2024: rows 0,1,2,3,6; Horisont 2024: rows 8,9,10
    porten = participant_counts(participants, 2024, intervention_id="porten")
    horisont = participant_counts(participants, 2024, intervention_id="horisont")
    # row 6 (anonymous, started and ended 2024) counts in episodes, not in started or ended
    assert (porten["episodes"], porten["started"], porten["ended"], porten["active_end_of_year"]) == (5, 2, 2, 2)
    assert (horisont["episodes"], horisont["started"], horisont["ended"], horisont["active_end_of_year"]) == (
        3, 1, 2, 1
    )
    e = exit_counts(participants, 2024, intervention_id="horisont")
    # rows 8 (job_seeking) and 9 (illness): 0 of 2 to work/studies, 1 of 2 closer
    assert (e["work_or_studies_share"], e["closer_to_labour_market_share"], e["ended_identified"]) == (0.0, 0.5, 2)


def test_intervention_counts_include_running_interventions_without_episodes(participants):
    interventions = make_dataset(interventions=[
        {"intervention_id": "stegen", "name": "Stegen", "kind": "individual", "start_date": "2024-09-01"},
        {"intervention_id": "porten", "name": "Porten", "kind": "individual", "start_date": "2013-04-01"},
        {"intervention_id": "gammal", "name": "Gammal", "kind": "structural", "start_date": "2015-01-01",
         "end_date": "2022-06-30"},
        {"intervention_id": "horisont", "name": "Horisont", "kind": "preventive", "start_date": "2012-01-01",
         "end_date": "2024-06-30"},
    ]).rows("interventions", ASSOC)
    result = intervention_counts(participants, interventions, 2024)
    # running in 2024 in table order (stegen, porten, horisont); gammal ended 2022 and has no episodes
    assert list(result) == ["stegen", "porten", "horisont"]
    assert {k: v for k, v in result["stegen"].items() if k != "exits"} == {
        "episodes": 0, "started": 0, "ended": 0, "active_end_of_year": 0,
    }
    assert result["stegen"]["exits"]["work_or_studies_share"] is None
    assert list(result["porten"]["exits"]) == list(EXIT_KEYS)
    assert result["porten"]["episodes"] == 5
    assert result["porten"]["exits"]["work_or_studies"] == 2  # rows 2 (work), 3 (studies)
    assert result["porten"]["exits"]["work_or_studies_share"] == 1.0  # of 2 identified ended (row 6 anonymous)
    assert result["horisont"]["ended"] == 2


def test_intervention_counts_include_episodes_of_unlisted_interventions(participants):
    # no interventions rows at all: interventions come from the episodes, sorted by id
    result = intervention_counts(participants, None, 2024)
    assert list(result) == ["horisont", "porten"]
    # 2019: nothing has started yet (and no interventions table says anything runs)
    assert intervention_counts(participants, None, 2019) == {}


def test_counts_by_column(participants):
    by_gender = participant_counts_by(participants, 2024, "gender")
    assert by_gender.loc["woman", "episodes"] == 4
    assert by_gender.loc["man", "anonymous"] == 1  # row 6
    assert by_gender["episodes"].sum() == 8
    by_intervention = exit_counts_by(participants, 2024)
    assert by_intervention.loc["porten", "ended_identified"] == 2
    assert by_intervention.loc["horisont", "illness"] == 1
    assert participant_counts_by(participants, 2019).empty


def test_inputs_are_not_mutated(participants):
    before = participants.copy()
    participant_counts(participants, 2024)
    exit_counts(participants, 2024, intervention_id="porten")
    intervention_counts(participants, None, 2024)
    selected = episodes_in_year(participants, 2024)
    selected["gender"] = "x"  # a new frame: changing it leaves the input alone
    pd.testing.assert_frame_equal(participants, before)


def test_empty_participants_table():
    participants = make_dataset().rows("participants", ASSOC)
    c = participant_counts(participants, 2024)
    assert set(c.values()) == {0}
    assert exit_counts(participants, 2024)["work_or_studies_share"] is None


def test_results_are_python_ints(participants):
    for value in participant_counts(participants, 2024).values():
        assert type(value) is int
    for key, value in exit_counts(participants, 2024).items():
        assert type(value) is (float if key.endswith("_share") else int)
