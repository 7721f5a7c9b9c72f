"""Core indicator cells per item, respondent group and period: pooling, vet ej, what the audit hides, comparison
ranking.

Every expectation below is worked out by hand from the answers written next to it. The survey cells are audited
here on their own (a pack audits them together with everything else it publishes, see test_disclosure.py).
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from metric_helpers import ASSOC, make_dataset

from finsamdash.metrics.indicator_results import (
    ALL_GROUPS,
    YEAR,
    catalogue,
    cell_stats,
    distribution,
    hidden_count,
    indicator_cells,
    negative_steps,
    period_label,
    period_sort_key,
    positive_steps,
    rank_comparison,
    scale_steps,
    trend_results,
    year_results,
)
from finsamdash.privacy import views
from finsamdash.privacy.registry import Registry
from finsamdash.privacy.solver import protect
from finsamdash.privacy.survey import cells_of, register
from finsamdash.privacy.views import HIDDEN, survey_results


def answers(period, group, item, values, association_id=ASSOC):
    return [{"association_id": association_id, "period": period, "respondent_group": group, "item": item,
             "value": v} for v in values]


def survey_of(rows, scale=(1, 6)):
    return make_dataset(survey_responses=rows, scale=scale).table("survey_responses")


def shown_cells(survey, year, association_id, min_count, trend):
    """The survey cells of one association that an audit of them alone shows."""
    rows = survey[survey["association_id"] == association_id]
    registry = Registry(min_count=min_count)
    register(registry, cells_of(association_id, rows, year, trend=trend))
    hidden = protect(registry).hidden
    return {c: v for c, v in registry.values.items() if c not in hidden}


def indicator_results(survey, year, scale, *, min_count, trend=True, association_id=ASSOC):
    """The association's cells with the ``status`` of the audit (as the survey page reads them)."""
    cells = indicator_cells(None if survey is None else survey[survey["association_id"] == association_id], year,
                            scale, trend=trend)
    if survey is None:
        return survey_results(cells, {}, association_id, year)
    shown = shown_cells(survey, year, association_id, min_count, trend)
    return survey_results(cells, shown, association_id, year)


def comparison_cells(survey, year, scale, *, association_id, min_count):
    """Every association's year cells: the one shown audited with its trend, the others as their packs show them."""
    if survey is None:
        return views.comparison_cells(SimpleNamespace(association_id=association_id, others={}), None, None, year,
                                      scale)
    others = {}
    for assoc in set(survey["association_id"]) - {association_id}:
        others |= shown_cells(survey, year, assoc, min_count, trend=False)
    own = indicator_results(survey, year, scale, min_count=min_count, association_id=association_id)
    pack = SimpleNamespace(association_id=association_id, others=others)
    return views.comparison_cells(pack, survey, own, year, scale)


def comparison(survey, year, scale, *, association_id, min_count, group=ALL_GROUPS, measure="positive_share"):
    cells = comparison_cells(survey, year, scale, association_id=association_id, min_count=min_count)
    return rank_comparison(cells, association_id=association_id, group=group, measure=measure)


def cell(frame, item, group, period):
    match = frame[(frame["item"] == item) & (frame["respondent_group"] == group) & (frame["period"] == period)]
    assert len(match) == 1, (item, group, period, len(match))
    return match.iloc[0]


# --- scale and periods ---------------------------------------------------------------------------------------------


def test_scale_steps_split_at_the_middle():
    assert scale_steps((1, 6)) == [1, 2, 3, 4, 5, 6]
    assert negative_steps((1, 6)) == [1, 2, 3]  # middle 3.5
    assert positive_steps((1, 6)) == [4, 5, 6]
    # odd scale: 3 is the middle step, on neither side
    assert negative_steps((1, 5)) == [1, 2]
    assert positive_steps((1, 5)) == [4, 5]


def test_periods_sort_in_time_and_get_swedish_labels():
    periods = ["2025-H2", "2024", "2025-H1", "2024-H2", "2025"]
    assert sorted(periods, key=period_sort_key) == ["2024", "2024-H2", "2025-H1", "2025", "2025-H2"]
    assert period_label("2025-H1") == "2025 h1"
    assert period_label("2025-H2") == "2025 h2"
    assert period_label("2025") == "2025"


def test_catalogue_leaves_out_register_indicator_11():
    cat = catalogue()
    assert "11a" not in set(cat["item"])
    assert list(cat["item"][:3]) == ["1a", "1b", "2a"]
    assert set(cat["level"]) == {"participant", "staff", "organisation", "society"}


# --- statistics of a set of answers ----------------------------------------------------------------------------------


def test_cell_stats_count_vet_ej_but_keep_it_out_of_mean_and_share():
    survey = survey_of(answers("2024-H1", "participant_ongoing", "1a", [6, 5, 4, None, 2]))
    row = cell_stats(survey, (1, 6), by=["item"]).iloc[0]
    assert row["answers"] == 5
    assert row["n"] == 4  # the empty answer is "vet ej"
    assert row["dont_know"] == 1
    assert row["mean"] == 4.25  # (6 + 5 + 4 + 2) / 4 = 17 / 4
    assert row["positive"] == 2  # 6 and 5 (>= 5, the two highest steps of 1–6)
    assert row["positive_share"] == 0.5  # 2 / 4
    assert [row[f"step_{s}"] for s in range(1, 7)] == [0, 1, 0, 1, 1, 1]


def test_cell_stats_only_vet_ej_has_no_mean():
    survey = survey_of(answers("2024", "staff", "8a", [None, None]))
    row = cell_stats(survey, (1, 6), by=["item"]).iloc[0]
    assert (row["answers"], row["n"], row["dont_know"]) == (2, 0, 2)
    assert pd.isna(row["mean"]) and pd.isna(row["positive_share"])


def test_cell_stats_odd_scale_positive_is_two_highest_steps():
    survey = survey_of(answers("2024", "staff", "8a", [5, 4, 3, 2]), scale=(1, 5))
    row = cell_stats(survey, (1, 5), by=["item"]).iloc[0]
    assert row["positive"] == 2  # 5 and 4 on the scale 1–5
    assert row["positive_share"] == 0.5
    assert row["mean"] == 3.5  # 14 / 4


# --- pooling periods of a year ----------------------------------------------------------------------------------------

POOLING = [
    *answers("2023-H2", "participant_ongoing", "1a", [1, 1, 1, 1, 1]),  # earlier year: trend only
    *answers("2024-H1", "participant_ongoing", "1a", [6, 6, 5, 4, 3]),  # n 5, sum 24, positive 3
    *answers("2024", "participant_ongoing", "1a", [5, 5, 5, 2, 2, None]),  # n 5, sum 19, positive 3, vet ej 1
    *answers("2024-H2", "participant_ongoing", "1a", [6, 4, 4, 4, 4, None, None]),  # n 5, sum 22, pos 1, vet ej 2
    *answers("2025-H1", "participant_ongoing", "1a", [1, 1, 1, 1, 1]),  # after the year: never used
]


def test_year_pools_its_half_years_and_yearly_period():
    results = indicator_results(survey_of(POOLING), 2024, (1, 6), min_count=5)
    year = cell(results, "1a", "participant_ongoing", YEAR)
    assert year["n"] == 15  # 5 + 5 + 5 (2023-H2 and 2025-H1 not in 2024)
    assert year["dont_know"] == 3  # 0 + 1 + 2
    assert year["answers"] == 18
    assert year["mean"] == pytest.approx(65 / 15)  # (24 + 19 + 22) / 15
    assert year["positive_share"] == pytest.approx(7 / 15)  # (3 + 3 + 1) / 15
    assert year["status"] == ""
    # one group only: all groups pooled is the same
    assert cell(results, "1a", ALL_GROUPS, YEAR)["n"] == 15


def test_trend_has_every_period_up_to_the_year_in_time_order():
    results = indicator_results(survey_of(POOLING), 2024, (1, 6), min_count=5)
    trend = trend_results(results, group="participant_ongoing", items=["1a"])
    assert list(trend["period"]) == ["2023-H2", "2024-H1", "2024", "2024-H2"]  # 2025-H1 is after 2024
    assert list(trend["period_label"]) == ["2023 h2", "2024 h1", "2024", "2024 h2"]
    h2 = trend.iloc[3]
    assert h2["mean"] == 4.4  # 22 / 5
    assert h2["positive_share"] == 0.2  # only the 6: 1 / 5
    assert h2["dont_know"] == 2
    assert trend.iloc[0]["mean"] == 1.0


def test_cells_without_trend_hold_only_the_year():
    cells = indicator_cells(survey_of(POOLING), 2024, (1, 6), trend=False)
    assert set(cells["period"]) == {YEAR}
    assert set(cells["respondent_group"]) == {"participant_ongoing", ALL_GROUPS}


def test_no_survey_gives_an_empty_frame_with_the_columns():
    cells = indicator_cells(None, 2024, (1, 6))
    assert cells.empty
    assert {"item", "respondent_group", "period", "n", "mean", "positive_share", "step_6"} <= set(cells.columns)
    assert indicator_results(None, 2024, (1, 6), min_count=5).empty


# --- threshold rule ---------------------------------------------------------------------------------------------------


def test_fewer_answers_than_min_count_hide_everything_and_exactly_min_count_shows():
    rows = [
        *answers("2024-H1", "director", "9c", [4, None, None, None, None, None]),  # n 1 (5 vet ej): hidden
        *answers("2024-H1", "staff", "8a", [6, 6, 5, 2, 1]),  # n 5 = min_count: shown
    ]
    results = indicator_results(survey_of(rows), 2024, (1, 6), min_count=5)
    hidden = cell(results, "9c", "director", YEAR)
    assert hidden["status"] == HIDDEN
    for column in ("n", "answers", "dont_know", "mean", "positive", "positive_share", "step_4"):
        assert pd.isna(hidden[column]), column  # no mean, share, distribution, n, vet ej
    assert cell(results, "9c", ALL_GROUPS, YEAR)["status"] == HIDDEN
    shown = cell(results, "8a", "staff", YEAR)
    assert shown["status"] == "" and shown["n"] == 5
    assert shown["mean"] == 4.0  # (6 + 6 + 5 + 2 + 1) / 5 = 20 / 5
    assert shown["positive_share"] == 0.6  # 6, 6, 5: 3 / 5


def test_a_small_group_hides_a_second_group_so_it_cannot_be_recomputed_from_all_groups():
    rows = [
        *answers("2024-H1", "staff", "12a", [5] * 5 + [6] * 5),  # n 10, sum 55, positive 10
        *answers("2024-H1", "board", "12a", [1, 1, 2, None]),  # n 3, sum 4, positive 0, vet ej 1
    ]
    results = indicator_results(survey_of(rows), 2024, (1, 6), min_count=5)
    # board 3 < 5: hidden; all groups (13) - staff (10) would give it back, so staff is hidden too
    assert cell(results, "12a", "board", YEAR)["status"] == HIDDEN
    assert cell(results, "12a", "staff", YEAR)["status"] == HIDDEN
    assert pd.isna(cell(results, "12a", "staff", YEAR)["mean"])
    pooled = cell(results, "12a", ALL_GROUPS, YEAR)
    assert pooled["status"] == ""
    assert pooled["n"] == 13  # 10 + 3; the hidden pair adds up to 13 >= 5
    assert pooled["mean"] == pytest.approx(59 / 13)  # (55 + 4) / 13
    assert pooled["positive_share"] == pytest.approx(10 / 13)
    assert pooled["dont_know"] == 1
    # the same in the half-year of the trend
    assert cell(results, "12a", "board", "2024-H1")["status"] == HIDDEN
    assert cell(results, "12a", "staff", "2024-H1")["status"] == HIDDEN
    assert cell(results, "12a", ALL_GROUPS, "2024-H1")["status"] == ""
    table = year_results(results, group=None)
    assert hidden_count(table) == 2


def test_a_small_half_year_hides_the_other_half_so_the_year_cannot_give_it_back():
    rows = [
        *answers("2024-H1", "staff", "13a", [5] * 8),  # n 8
        *answers("2024-H2", "staff", "13a", [2, 2, 2]),  # n 3 < 5
    ]
    results = indicator_results(survey_of(rows), 2024, (1, 6), min_count=5)
    assert cell(results, "13a", "staff", "2024-H2")["status"] == HIDDEN
    # the year (11) minus H1 (8) would give H2 (3): H1 is hidden as well
    assert cell(results, "13a", "staff", "2024-H1")["status"] == HIDDEN
    assert cell(results, "13a", ALL_GROUPS, "2024-H1")["status"] == HIDDEN
    year = cell(results, "13a", "staff", YEAR)
    assert year["status"] == "" and year["n"] == 11  # 8 + 3
    assert year["mean"] == pytest.approx(46 / 11)  # (40 + 6) / 11
    trend = trend_results(results, group="staff", items="13a")
    assert trend["mean"].isna().all()  # no half-year point is drawn
    # without a published trend the half-years are not in any relation: only the year is there
    year_only = indicator_results(survey_of(rows), 2024, (1, 6), min_count=5, trend=False)
    assert set(year_only["status"]) == {""}


def test_year_results_group_views():
    rows = [
        *answers("2024", "participant_ongoing", "7a", [6] * 6),
        *answers("2024", "participant_exit", "7a", [4] * 7),
        *answers("2024", "staff", "8a", [5] * 5),
    ]
    results = indicator_results(survey_of(rows), 2024, (1, 6), min_count=5)
    every = year_results(results, group=None)
    # 7a: two groups and their pooled row; 8a: one group, no repeated pooled row
    assert list(zip(every["item"], every["respondent_group"], strict=True)) == [
        ("7a", "participant_ongoing"), ("7a", "participant_exit"), ("7a", ALL_GROUPS), ("8a", "staff")]
    pooled = year_results(results, group=ALL_GROUPS)
    assert list(pooled["item"]) == ["7a", "8a"]
    assert pooled.iloc[0]["mean"] == pytest.approx(64 / 13)  # (36 + 28) / 13
    assert pooled.iloc[0]["kind"] == "process" and pooled.iloc[0]["level"] == "participant"
    assert list(year_results(results, group="staff")["item"]) == ["8a"]


def test_distribution_shares_exclude_vet_ej_and_vet_ej_share_is_of_all_answers():
    rows = answers("2024", "staff", "8b", [None] * 6 + [6, 6, 6, 6, 1])
    results = indicator_results(survey_of(rows), 2024, (1, 6), min_count=5)
    row = distribution(results, (1, 6), group="staff").iloc[0]
    assert row["n"] == 5 and row["dont_know"] == 6
    assert row["mean"] == 5.0  # (24 + 1) / 5
    assert row["share_6"] == 0.8  # 4 / 5
    assert row["share_1"] == 0.2  # 1 / 5
    assert row["share_3"] == 0.0
    assert row["dont_know_share"] == pytest.approx(6 / 11)


# --- comparison between associations --------------------------------------------------------------------------------

COMPARED = [
    *answers("2024", "participant_ongoing", "1a", [6, 6, 6, 5, 1]),  # share 4/5 = 0.8, mean 24/5 = 4.8
    *answers("2024", "participant_ongoing", "1a", [6, 6, 5, 5, 2, 1, 1, 1, 1, 1], "b"),  # 4/10 = 0.4, 29/10
    *answers("2024", "participant_ongoing", "1a", [5, 5, 5, 5, 3], "c"),  # 4/5 = 0.8, mean 23/5 = 4.6
    *answers("2024", "participant_ongoing", "1a", [6, 6, 6], "d"),  # n 3: hidden
    # b on 2a: exit group small, so the ongoing group is hidden too
    *answers("2024", "participant_ongoing", "2a", [5] * 6, "b"),
    *answers("2024", "participant_exit", "2a", [1, 1], "b"),
    *answers("2023", "participant_ongoing", "1a", [1] * 9, "c"),  # another year: not compared
]


@pytest.fixture
def compared_survey():
    return survey_of(COMPARED)


def test_comparison_ranks_by_positive_share_with_shared_ranks_for_ties(compared_survey):
    out = comparison(compared_survey, 2024, (1, 6), association_id=ASSOC, min_count=5)
    first = out[out["item"] == "1a"]
    ranks = dict(zip(first["association_id"], first["rank"], strict=True))
    assert ranks[ASSOC] == 1 and ranks["c"] == 1  # 0.8 and 0.8 share the best rank
    assert ranks["b"] == 3  # 0.4
    assert pd.isna(ranks["d"])  # 3 answers: not shown, not ranked
    assert set(first["compared"]) == {3}
    assert first.loc[first["association_id"] == "d", "status"].iloc[0] == HIDDEN
    assert pd.isna(first.loc[first["association_id"] == "d", "positive_share"].iloc[0])
    # sorted by rank, ties by id ("c" < "test"), hidden last
    assert list(first["association_id"]) == ["c", ASSOC, "b", "d"]
    assert list(first["own"]) == [False, True, False, False]


def test_comparison_ranks_by_mean(compared_survey):
    out = comparison(compared_survey, 2024, (1, 6), association_id=ASSOC, min_count=5, measure="mean")
    first = out[out["item"] == "1a"]
    ranks = dict(zip(first["association_id"], first["rank"], strict=True))
    assert (ranks[ASSOC], ranks["c"], ranks["b"]) == (1, 2, 3)  # 4.8 > 4.6 > 2.9
    assert first.loc[first["association_id"] == "b", "mean"].iloc[0] == pytest.approx(2.9)  # 29 / 10


def test_comparison_applies_the_same_suppression_to_every_association(compared_survey):
    pooled = comparison(compared_survey, 2024, (1, 6), association_id=ASSOC, min_count=5)
    b_2a = pooled[(pooled["item"] == "2a") & (pooled["association_id"] == "b")].iloc[0]
    assert b_2a["n"] == 8  # 6 + 2 pooled
    assert b_2a["mean"] == 4.0  # (30 + 2) / 8
    assert b_2a["rank"] == 1 and b_2a["compared"] == 1
    ongoing = comparison(compared_survey, 2024, (1, 6), association_id=ASSOC, min_count=5,
                         group="participant_ongoing")
    b_ongoing = ongoing[(ongoing["item"] == "2a") & (ongoing["association_id"] == "b")].iloc[0]
    # 6 answers, but all groups (8) minus it would give the exit group's 2: hidden
    assert b_ongoing["status"] == HIDDEN
    assert pd.isna(b_ongoing["n"]) and pd.isna(b_ongoing["rank"])


def test_comparison_rejects_an_unknown_measure(compared_survey):
    with pytest.raises(ValueError):
        comparison(compared_survey, 2024, (1, 6), association_id=ASSOC, min_count=5, measure="median")


def test_comparison_without_answers_is_empty():
    assert comparison(None, 2024, (1, 6), association_id=ASSOC, min_count=5).empty


def test_comparison_cells_suppress_the_association_shown_with_its_trend_and_the_others_by_year_only():
    # the same answers on 3a for the association shown and for "c": ongoing H2 6; exit H1 3 and H2 3
    same = [("2024-H2", "participant_ongoing", 6), ("2024-H1", "participant_exit", 3),
            ("2024-H2", "participant_exit", 3)]
    rows = [*(a for assoc in (ASSOC, "c") for period, group, k in same
              for a in answers(period, group, "3a", [6] * k, assoc)), *COMPARED]
    survey = survey_of(rows)
    cells = comparison_cells(survey, 2024, (1, 6), association_id=ASSOC, min_count=5)
    assert list(dict.fromkeys(cells["association_id"])) == [ASSOC, "c", "b", "d"]  # first appearance in survey
    assert set(cells["period"]) == {YEAR}

    def year_3a(assoc, group):
        return cell(cells[cells["association_id"] == assoc], "3a", group, YEAR)

    # "c" publishes no trend: its groups' years (6 and 6) and all groups (12) are shown
    assert [year_3a("c", g)["n"] for g in ("participant_ongoing", "participant_exit", ALL_GROUPS)] == [6, 6, 12]
    # the association shown publishes its half-years (the page's rule, with the trend): exit H1 and H2 (3 each)
    # are hidden; the cheapest cells that keep them from being recomputed are the half-years of all groups (all
    # groups H1 = exit H1; all groups H2 − ongoing H2 = exit H2), so both groups' years (6 and 6) stay shown
    own = indicator_results(survey, 2024, (1, 6), min_count=5)
    for period in ("2024-H1", "2024-H2"):
        assert cell(own, "3a", "participant_exit", period)["status"] == HIDDEN
        assert cell(own, "3a", ALL_GROUPS, period)["status"] == HIDDEN
    assert cell(own, "3a", "participant_ongoing", "2024-H2")["n"] == 6
    assert [year_3a(ASSOC, g)["n"] for g in ("participant_ongoing", "participant_exit", ALL_GROUPS)] == [6, 6, 12]
    # every association's cells are exactly its own suppressed year cells
    for assoc in (ASSOC, "b", "c", "d"):
        alone = indicator_results(survey, 2024, (1, 6), min_count=5, trend=assoc == ASSOC, association_id=assoc)
        alone = alone[alone["period"] == YEAR].reset_index(drop=True)
        mine = cells[cells["association_id"] == assoc].drop(columns="association_id").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone)
    # ranking the cells per group gives the same frame as comparison()
    for group in (ALL_GROUPS, "participant_ongoing"):
        pd.testing.assert_frame_equal(rank_comparison(cells, association_id=ASSOC, group=group, measure="mean"),
                                      comparison(survey, 2024, (1, 6), association_id=ASSOC, min_count=5,
                                                 group=group, measure="mean"))
    assert comparison_cells(None, 2024, (1, 6), association_id=ASSOC, min_count=5) is None
    assert rank_comparison(None, association_id=ASSOC).empty
