"""Survey answers on the core indicators: periods of a year, n, mean, positive share, vet ej."""

from __future__ import annotations

import pytest
from metric_helpers import ASSOC, make_dataset

from finsamdash.metrics.indicator_stats import (
    answer_stats,
    answers_in_year,
    indicator_stats,
    periods_of_year,
    positive_threshold,
)


def answers(period, group, item, values, **extra):
    return [{"period": period, "respondent_group": group, "item": item, "value": v, **extra} for v in values]


SURVEY = [
    # item 12a listed first: output must still follow catalogue order (1a before 12a)
    *answers("2024-H1", "staff", "12a", [5, 5, 2]),
    *answers("2024-H2", "board", "12a", [6, None]),
    *answers("2024", "participant_ongoing", "1a", [6, 5, None]),
    *answers("2024-H2", "participant_ongoing", "1a", [4, 3], intervention_id="porten"),
    *answers("2024", "participant_exit", "2b", [None]),  # only "vet ej"
    # other years: never in 2024
    *answers("2023-H2", "participant_ongoing", "1a", [1, 1]),
    *answers("2025-H1", "participant_ongoing", "1a", [1]),
    *answers("2025", "staff", "12a", [1]),
]


@pytest.fixture
def survey():
    return make_dataset(survey_responses=SURVEY).rows("survey_responses", ASSOC)


def test_periods_of_year():
    assert periods_of_year(2024) == ("2024", "2024-H1", "2024-H2")


def test_indicator_stats_pool_groups_and_periods(survey):
    stats = indicator_stats(survey, 2024)
    assert list(stats) == ["1a", "2b", "12a"]  # catalogue order
    assert stats["1a"] == {
        "n": 4,  # 6, 5, 4, 3 (one vet ej; 2023 and 2025 answers excluded)
        "mean": 4.5,  # (6 + 5 + 4 + 3) / 4
        "positive_share": 0.5,  # 6 and 5 are in the two highest steps of 1–6 (>= 5): 2 / 4
        "dont_know": 1,
    }
    assert stats["12a"] == {
        "n": 4,  # staff 5, 5, 2 + board 6
        "mean": 4.5,  # 18 / 4
        "positive_share": 0.75,  # 5, 5, 6: 3 / 4
        "dont_know": 1,  # board's empty answer
    }
    # an item answered only with "vet ej" has answers but no n
    assert stats["2b"] == {"n": 0, "mean": None, "positive_share": None, "dont_know": 1}


def test_filters(survey):
    staff = indicator_stats(survey, 2024, groups=["staff"])
    assert list(staff) == ["12a"]
    assert staff["12a"]["n"] == 3
    assert staff["12a"]["mean"] == 4.0  # (5 + 5 + 2) / 3
    assert staff["12a"]["positive_share"] == 2 / 3
    porten = indicator_stats(survey, 2024, intervention_id="porten")
    assert porten == {"1a": {"n": 2, "mean": 3.5, "positive_share": 0.0, "dont_know": 0}}  # 4 and 3
    assert list(indicator_stats(survey, 2024, items="12a")) == ["12a"]


def test_other_years(survey):
    stats = indicator_stats(survey, 2025)
    # 1a: one answer 1 (2025-H1); 12a: one answer 1 (2025)
    assert stats == {
        "1a": {"n": 1, "mean": 1.0, "positive_share": 0.0, "dont_know": 0},
        "12a": {"n": 1, "mean": 1.0, "positive_share": 0.0, "dont_know": 0},
    }
    assert indicator_stats(survey, 2022) == {}


def test_scale_is_data():
    rows = answers("2024", "staff", "13a", [4, 3, 2, 1])
    frame = make_dataset(survey_responses=rows, scale=(1, 4)).rows("survey_responses", ASSOC)
    # scale 1–4: the two highest steps are 3 and 4 -> 2 of 4
    assert indicator_stats(frame, 2024, (1, 4))["13a"]["positive_share"] == 0.5
    # with the default scale 1–6 only values >= 5 are positive -> 0 of 4
    assert indicator_stats(frame, 2024)["13a"]["positive_share"] == 0.0
    assert positive_threshold((1, 4)) == 3.0
    assert positive_threshold((1, 6), 4) == 4.0


def test_answer_stats_threshold(survey):
    one_a = answers_in_year(survey, 2024, items=["1a"])
    stats = answer_stats(one_a, (1, 6), threshold=4)
    assert (stats["n"], stats["positive"], stats["positive_share"]) == (4, 3, 0.75)  # 6, 5, 4 of 6, 5, 4, 3


def test_no_survey_table():
    assert indicator_stats(None, 2024) == {}
    assert answers_in_year(None, 2024) is None
    assert answer_stats(None)["n"] == 0
    assert answer_stats(None)["mean"] is None


def test_input_not_mutated(survey):
    before = survey.copy()
    indicator_stats(survey, 2024, groups=["board"], items=["12a"])
    assert survey.equals(before)
