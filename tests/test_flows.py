"""Participant flows (finsamdash.metrics.participant_flows): raw counts of a year per selection and window, with
hand-computed expectations; the recoded layout of a year (finsamdash.privacy.layout) and the relations the audit
registers between the cells (finsamdash.privacy.participants)."""

from __future__ import annotations

import pandas as pd
import pytest
from metric_helpers import ASSOC, episode, make_dataset

from finsamdash.metrics import participant_flows as fl
from finsamdash.metrics.participant_counts import participant_counts
from finsamdash.metrics.participant_flows import MISSING

# Ten episodes; the comment says how each counts in 2024 (no cut-off: the whole year).
ROWS = [
    # A: active on 1 January, ends 31 January (work) -> active:0, ended in January, not active at the end of January
    episode("2023-11-15", "2024-01-31", "work", intervention="porten", municipality="Åby", birth_year=1990,
            education="upper_secondary", years_public_support=2.0, support_before="sickness_benefit",
            support_after="salary"),
    # B: starts 1 January, open -> started in January, active at every month end
    episode("2024-01-01", gender="man", intervention="porten", municipality="Åby", birth_year=2000,
            education="unknown"),
    # C: starts 1 February, ends 29 February (leap year, studies) -> started and ended in February
    episode("2024-02-01", "2024-02-29", "studies", intervention="horisont", municipality="Byn", birth_year=1970,
            education="post_secondary", years_public_support=0.5, support_before="social_assistance",
            support_after="study_aid"),
    # D: anonymous man, 10 March – 30 June -> in the totals, the stock and the gender split only (not in started or
    #    ended: anonymous episodes are reported as their own count)
    episode("2024-03-10", "2024-06-30", gender="man", anonymous=True, intervention="horisont"),
    # E: spans 2022–2025, other/unknown gender, no municipality, no birth year, education or support data
    episode("2022-05-01", "2025-03-01", "job_seeking", gender="other_unknown", intervention="porten"),
    # F: registration error -> nowhere
    episode("2024-04-01", "2024-04-02", "registration_error", intervention="porten", municipality="Åby"),
    # G: starts 31 December -> started in December, active at the end of December; 2024 − 1964 = 60 years
    episode("2024-12-31", intervention="horisont", municipality="Byn", birth_year=1964, education="upper_secondary",
            years_public_support=3.0),
    # H: the whole of 2023 -> not in 2024 (but its categories count as "used" by the association)
    episode("2023-01-01", "2023-12-31", "moved", gender="man", intervention="porten", municipality="Åby",
            birth_year=1980, education="compulsory", years_public_support=5.0, support_before="sickness_benefit",
            support_after="salary"),
    # I: 15 May – 31 December (illness), no support after -> started in May, ended in December
    episode("2024-05-15", "2024-12-31", "illness", gender="man", intervention="horisont", municipality="Åby",
            birth_year=1999, education="compulsory", years_public_support=10.0, support_before="activity_support"),
    # J: anonymous woman since 2021, open -> active all year
    episode("2021-06-01", anonymous=True, intervention="porten"),
]
A, B, C, D, E, F, G, H, I_, J = range(10)  # row positions (I_: ruff forbids a lone I)


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return make_dataset(participants=ROWS).rows("participants", ASSOC)


@pytest.fixture(scope="module")
def counts(people) -> fl.YearCounts:
    return fl.year_counts(people, 2024, interventions=["porten", "horisont"])


def get(counts: fl.YearCounts, selection: str, name: str, window: tuple[str, str] | None = None) -> int:
    return counts.get(selection, (name, *(window or counts.windows.whole)))


# --- period, preparation, buckets -------------------------------------------------------------------------------


def test_period_end_is_the_cutoff_inside_the_year_else_31_december():
    assert fl.period_end(2024, None) == pd.Timestamp("2024-12-31")
    assert fl.period_end(2024, "2024-06-15") == pd.Timestamp("2024-06-15")
    assert fl.period_end(2023, "2024-06-15") == pd.Timestamp("2023-12-31")
    with pytest.raises(ValueError):
        fl.period_end(2025, "2024-06-15")


def test_prepare_drops_registration_errors_and_applies_the_cutoff(people):
    frame = fl.prepare(people, "2024-06-15")
    assert F not in frame.index.map(list(people.index).index)
    d = frame.loc[people.index[D]]
    assert pd.isna(d["end_date"])  # D ends on 30 June: not known on 15 June


def test_whole_months_and_duration_buckets():
    assert fl.whole_months("2024-01-15", "2024-04-14") == 2
    assert fl.whole_months("2024-01-15", "2024-04-15") == 3
    assert fl.duration_bucket("2024-01-15", "2024-04-15") == "dur_3_6"
    assert fl.duration_bucket("2024-01-01", "2026-02-01") == "dur_24"


def test_age_group_from_the_birth_year_at_start():
    assert fl.age_group("2024-03-01", 2000) == "age_u25"  # 24
    assert fl.age_group("2024-03-01", 1999) == "age_25_34"
    assert fl.age_group("2024-03-01", None) == MISSING


def test_support_year_buckets():
    assert [fl.support_year_bucket(v) for v in (0.5, 1, 2.9, 3, 9.99, 10, None)] == [
        "sup_u1", "sup_1_2", "sup_1_2", "sup_3_4", "sup_5_9", "sup_10", MISSING]


def test_windows_of_an_open_year():
    win = fl.windows(2024, "2024-06-15")
    assert win.whole == ("2024-01-01", "2024-06-15")
    assert win.months[-1] == ("2024-06-01", "2024-06-15") and len(win.months) == 6
    assert win.quarters == (("2024-01-01", "2024-03-31"), ("2024-04-01", "2024-06-15"))
    assert win.stock == ("2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31",
                         "2024-06-15")


# --- raw counts -------------------------------------------------------------------------------------------------


def test_the_selections_of_a_year(counts):
    assert counts.selections_of("i:") == ["i:porten", "i:horisont"]
    assert counts.selections_of("m:") == ["m:Byn", "m:Åby", "m:"]  # "m:" = without a municipality
    assert counts.selections_of("g:") == ["g:woman", "g:man", "g:other_unknown"]


def test_totals_2024_follow_the_counting_rules(counts, people):
    # A B C D E G I J count in 2024 (F is a registration error, H ended in 2023)
    assert get(counts, "*", "episodes") == 8
    assert get(counts, "*", "anonymous") == 2  # D, J
    assert get(counts, "*", "identified") == 6
    # started: B C G I (D is anonymous); ended: A C I (D is anonymous)
    assert get(counts, "*", "started") == 4 and get(counts, "*", "ended") == 3
    counts_rule = participant_counts(people, 2024)
    assert (counts_rule["started"], counts_rule["ended"], counts_rule["anonymous"]) == (4, 3, 2)


def test_the_stock_includes_anonymous_participants(counts):
    stock = {day: get(counts, "*", "active", (day, day)) for day in counts.windows.stock}
    assert stock["2023-12-31"] == 3  # A, E, J (H ended that day)
    assert stock["2024-01-31"] == 3  # A ended 31 January; B started
    assert stock["2024-03-31"] == 4  # + D (anonymous)
    assert stock["2024-06-30"] == 4  # D ended 30 June, I started 15 May
    assert stock["2024-12-31"] == 4  # E, J, B, G (I ended 31 December)


def test_monthly_flows_of_identified_participants(counts):
    months = dict(zip(range(1, 13), counts.windows.months, strict=True))

    def flows(m):
        return (get(counts, "*", "started", months[m]), get(counts, "*", "ended", months[m]))

    assert flows(1) == (1, 1)  # B started, A ended
    assert flows(2) == (1, 1)  # C started and ended
    assert flows(3) == (0, 0)  # D is anonymous
    assert flows(6) == (0, 0)  # D ended: anonymous
    assert flows(12) == (1, 1)  # G started, I ended
    q4 = counts.windows.quarters[3]
    assert get(counts, "*", "started", q4) == 1 and get(counts, "*", "ended", q4) == 1


def test_counts_stop_at_the_cutoff(people):
    cut = fl.year_counts(people, 2024, "2024-06-15")
    assert get(cut, "*", "started") == 3  # B C I
    assert get(cut, "*", "ended") == 2  # A C; D (anonymous) and I end later
    assert get(cut, "*", "active", ("2024-06-15", "2024-06-15")) == 5  # E J B D I


def test_an_earlier_year_is_counted_in_full(people):
    earlier = fl.year_counts(people, 2023, "2024-06-15")
    assert earlier.windows.whole == ("2023-01-01", "2023-12-31")
    assert get(earlier, "*", "started") == 2 and get(earlier, "*", "ended") == 1  # H and A; H


def test_selections_narrow_the_population(counts):
    assert get(counts, "m:Åby", "episodes") == 3  # A, B, I (the anonymous have no municipality)
    assert get(counts, "m:", "episodes") == 3  # D, E, J
    assert get(counts, "m:Åby", "anonymous") == 0
    assert get(counts, "g:woman", "episodes") == 4  # A C G J
    assert get(counts, "i:porten|g:man", "episodes") == 1  # B
    assert get(counts, "i:porten", "episodes") == 4 and get(counts, "i:horisont", "episodes") == 4


def test_exits_and_outcomes_count_identified_participants_who_ended(counts):
    assert get(counts, "*", "exit:work") == 1  # A
    assert get(counts, "*", "exit:studies") == 1  # C
    assert get(counts, "*", "exit:illness") == 1  # I
    assert get(counts, "*", "wos") == 2 and get(counts, "*", "closer") == 2
    assert get(counts, "i:horisont", "ended") == 2  # C, I (D is anonymous)
    assert get(counts, "*", "sb:sick") == 1 and get(counts, "*", "sb:assistance") == 1  # A, C
    assert get(counts, "*", "sb:unemployment") == 1  # I: activity support
    assert get(counts, "*", "sa:self") == 2 and get(counts, "*", "sa:missing") == 1  # A salary, C study aid; I


def test_durations(counts):
    # ended: A 15 Nov–31 Jan = 2 months, C 0, I 15 May–31 Dec = 7
    ended = [get(counts, "*", f"dur_ended:{b.key}") for b in fl.DURATION_BUCKETS]
    assert ended == [2, 0, 1, 0, 0]
    end = (counts.windows.end, counts.windows.end)
    ongoing = [get(counts, "*", f"dur_ongoing:{b.key}", end) for b in fl.DURATION_BUCKETS]
    assert ongoing == [1, 0, 1, 0, 1]  # G 0 months, B 11, E 31; J is anonymous
    assert get(counts, "*", "ongoing", end) == 3


def test_distributions_of_identified_participants(counts):
    # identified in 2024: A 2023−1990 = 33, B 24, C 54, E none, G 60, I 25
    ages = {b.key: get(counts, "*", f"age:{b.key}") for b in fl.AGE_GROUPS}
    assert ages == {"age_u25": 1, "age_25_34": 2, "age_35_44": 0, "age_45_54": 1, "age_55": 1}
    assert get(counts, "*", f"age:{MISSING}") == 1
    assert get(counts, "*", "education:unknown") == 1 and get(counts, "*", f"education:{MISSING}") == 1
    assert get(counts, "*", "support_before_missing") == 3  # B, E, G


def test_quality_counts(people):
    assert fl.quality_counts(people, "2024-12-31") == {"open_over_two_years": 2, "ended_without_reason": 0}


def test_labels():
    assert fl.category_label("support_group", "self") == "lön eller studiemedel"
    assert fl.category_label("gender", "other_unknown") == "annat/okänt"
    assert fl.category_label("age", "age_55") == "55 år eller äldre"
    assert fl.category_label("exit_reason", MISSING) == fl.MISSING_LABEL
    assert fl.support_group("rehabilitation_benefit") == "sick"


# --- layout and registration -----------------------------------------------------------------------------------


def test_a_small_intervention_is_shown_with_the_others_and_says_so():
    from finsamdash.privacy.layout import year_layout

    rows = [episode(f"2024-0{1 + n % 9}-0{1 + n % 8}", intervention="porten") for n in range(12)]
    rows += [episode("2024-03-03", intervention="horisont"), episode("2024-04-04", intervention="trion"),
             episode("2024-05-05", intervention="trion")]
    people = make_dataset(participants=rows).rows("participants", ASSOC)
    layout = year_layout(fl.year_counts(people, 2024), min_count=5,
                         intervention_names={"porten": "Porten", "horisont": "Horisont", "trion": "Trion"})
    assert layout.interventions == ("i:porten", "i:horisont+trion")
    merged = layout.selections["i:horisont+trion"]
    assert merged.label == "övriga insatser (Horisont, Trion)" and merged.members == ("i:horisont", "i:trion")
    assert layout.shown_as["i:trion"] == "i:horisont+trion"
    assert layout.selections["i:porten"].flow_level == "year"  # the months and quarters of 12 people are small


def test_every_relation_the_audit_registers_holds_on_the_counts(demo_dataset):
    from finsamdash.privacy.pack import _register

    pack = _register(demo_dataset, "norrsken", pd.Timestamp("2026-11-23").date(), 2026, 5)
    assert len(pack.participants.relations) > 1000 and len(pack.participants.identities) > 50
    assert pack.participants.check() == [] and pack.survey.check() == []
