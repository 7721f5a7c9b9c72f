"""Participant flows (finsamdash.metrics.flows) with hand-computed expectations, and the suppression over the filter
cube: no small count can be recomputed from what is published, in any combination of filters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from metric_helpers import ASSOC, episode, make_dataset

from finsamdash.metrics import flows as fl
from finsamdash.metrics.flows import ALL, MISSING, TOTAL, Filters
from finsamdash.metrics.participants import participant_counts
from finsamdash.privacy import SECONDARY, SMALL, relation

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
    # D: anonymous man, 10 March – 30 June -> in the flows and the gender split only
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


# --- period, preparation, buckets -------------------------------------------------------------------------------


def test_period_end_is_the_cutoff_inside_the_year_else_31_december():
    assert fl.period_end(2024, None) == pd.Timestamp("2024-12-31")
    assert fl.period_end(2024, "2024-06-15") == pd.Timestamp("2024-06-15")
    assert fl.period_end(2023, "2024-06-15") == pd.Timestamp("2023-12-31")
    with pytest.raises(ValueError):
        fl.period_end(2025, "2024-06-15")


def test_prepare_drops_registration_errors_and_applies_the_cutoff(people):
    assert F not in fl.prepare(people).index
    as_of = fl.prepare(people, "2024-06-15")
    assert G not in as_of.index  # starts 31 December, after the cut-off
    assert pd.isna(as_of.at[D, "end_date"]) and pd.isna(as_of.at[I_, "exit_reason"])  # ends after the cut-off
    assert as_of.at[A, "exit_reason"] == "work"  # ended before: kept
    assert people.at[D, "end_date"] == pd.Timestamp("2024-06-30")  # input untouched


def test_whole_months_and_duration_buckets():
    assert fl.whole_months("2024-01-15", "2024-04-14") == 2  # 15 Apr would be 3
    assert fl.whole_months("2024-01-15", "2024-04-15") == 3
    assert fl.duration_bucket("2024-01-15", "2024-04-14") == "dur_u3"
    assert fl.duration_bucket("2024-01-15", "2024-04-15") == "dur_3_6"  # lower bound inclusive
    assert fl.duration_bucket("2024-01-01", "2024-07-01") == "dur_6_12"  # 6 months
    assert fl.duration_bucket("2024-01-01", "2024-12-31") == "dur_6_12"  # 11 whole months
    assert fl.duration_bucket("2024-01-01", "2025-01-01") == "dur_12_24"  # 12
    assert fl.duration_bucket("2022-05-01", "2024-04-30") == "dur_12_24"  # 23
    assert fl.duration_bucket("2022-05-01", "2024-05-01") == "dur_24"  # 24: över 2 år


def test_age_group_from_the_birth_year_at_start():
    assert fl.age_group(pd.Timestamp("2024-12-31"), 2000) == "age_u25"  # 24
    assert fl.age_group(pd.Timestamp("2024-01-01"), 1999) == "age_25_34"  # 25
    assert fl.age_group(pd.Timestamp("2024-06-01"), 1980) == "age_35_44"  # 44
    assert fl.age_group(pd.Timestamp("2024-06-01"), 1979) == "age_45_54"  # 45
    assert fl.age_group(pd.Timestamp("2024-06-01"), 1969) == "age_55"  # 55
    assert fl.age_group(pd.Timestamp("2024-06-01"), pd.NA) == MISSING


def test_support_year_buckets():
    assert [fl.support_year_bucket(v) for v in (0, 0.99, 1, 2.9, 3, 4.5, 5, 9.9, 10, 25, None)] == [
        "sup_u1", "sup_u1", "sup_1_2", "sup_1_2", "sup_3_4", "sup_3_4", "sup_5_9", "sup_5_9", "sup_10", "sup_10",
        MISSING]


def test_category_lists_keep_the_categories_the_association_uses(people):
    cats = fl.category_lists(people)
    # identified episodes that ended (any year): A work, C studies, E job_seeking, H moved, I illness
    assert cats.reasons == ("work", "studies", "job_seeking", "illness", "moved")
    # support before of those: A, H sickness_benefit; C social_assistance; I activity_support; E empty
    assert cats.support_before == ("sickness_benefit", "activity_support", "social_assistance", MISSING)
    assert cats.support_after == ("study_aid", "salary", MISSING)  # A, H salary; C study_aid; E, I empty
    assert cats.groups_before == ("sick", "unemployment", "assistance", MISSING)
    assert cats.groups_after == ("self", MISSING)
    assert cats.distributions["education"] == ("compulsory", "upper_secondary", "post_secondary", "unknown",
                                               MISSING)
    assert cats.distributions["age"][-1] == MISSING  # E has no birth year


# --- raw counts -------------------------------------------------------------------------------------------------


def test_monthly_flows_2024(people):
    m = fl.monthly_flows(people, 2024)
    assert list(m.index) == list(range(13))
    assert m.at[0, "active"] == 3  # A (ends 31 Jan), E, J; H ended 31 Dec 2023
    assert pd.isna(m.at[0, "started"])
    assert m.loc[1].tolist() == [3, 1, 1]  # Jan: B started, A ended 31 Jan -> E, J, B active
    assert m.loc[2].tolist() == [3, 1, 1]  # Feb: C started 1 Feb and ended 29 Feb
    assert m.loc[3].tolist() == [4, 1, 0]  # Mar: D (anonymous) started
    assert m.loc[4].tolist() == [4, 0, 0]  # Apr: F is a registration error
    assert m.loc[5].tolist() == [5, 1, 0]  # May: I started
    assert m.loc[6].tolist() == [4, 0, 1]  # Jun: D ended 30 Jun
    assert m.loc[7:11, "active"].tolist() == [4] * 5
    assert m.loc[12].tolist() == [4, 1, 1]  # Dec: G started and I ended on 31 Dec -> E, J, B, G active
    # stock and flow agree: active[m] = active[m-1] + started[m] − ended[m]
    for month in range(1, 13):
        assert m.at[month, "active"] == m.at[month - 1, "active"] + m.at[month, "started"] - m.at[month, "ended"]
    # and with the year's counting rules: 5 started, 4 ended, 3 + 5 = 8 episodes = 4 ended + 4 active at year end
    counts = participant_counts(people, 2024)
    assert (m["started"].sum(), m["ended"].sum()) == (counts["started"], counts["ended"]) == (5, 4)
    assert m.at[12, "active"] == counts["active_end_of_year"] == 4


def test_monthly_flows_stop_at_the_cutoff(people):
    m = fl.monthly_flows(people, 2024, "2024-06-15")
    assert list(m.index) == list(range(7))  # January to June
    # June up to the 15th: nobody started or ended (D's and I's ends are after the cut-off, so still open)
    assert m.loc[6].tolist() == [5, 0, 0]  # E, J, B, D, I
    assert (m["started"].sum(), m["ended"].sum()) == (4, 2)  # B, C, D, I started; A, C ended


def test_monthly_flows_for_an_earlier_year_and_a_spanning_episode(people):
    m = fl.monthly_flows(people, 2023, "2024-06-15")
    assert len(m) == 13  # a past year is shown in full
    assert m.at[0, "active"] == 2  # E (since 2022) and J (since 2021)
    assert m.at[12, "active"] == 3  # E, J, A (started 15 Nov 2023); H ended 31 Dec 2023
    assert (m["started"].sum(), m["ended"].sum()) == (2, 1)  # H (1 Jan) and A started; H ended


def test_filters_narrow_the_population(people):
    aby = fl.monthly_flows(people, 2024, filters=Filters(municipality="Åby"))
    # A, B, I (F is a registration error; the anonymous J has no municipality)
    assert (aby.at[0, "active"], aby["started"].sum(), aby["ended"].sum(), aby.at[12, "active"]) == (1, 2, 2, 1)
    women = fl.monthly_flows(people, 2024, filters=Filters(gender="woman"))
    # A, C, G, J: A and J active on 1 Jan; C and G started; A and C ended; J and G active at year end
    assert (women.at[0, "active"], women["started"].sum(), women["ended"].sum(), women.at[12, "active"]) == (
        2, 2, 2, 2)
    porten_men = fl.monthly_flows(people, 2024, filters=Filters(intervention="porten", gender="man"))
    assert (porten_men["started"].sum(), porten_men.at[12, "active"]) == (1, 1)  # B only


def test_intervention_flows_2024(people):
    t = fl.intervention_flows(people, 2024, interventions=["porten", "horisont"])
    # Porten: A, B, E, J (anonymous); Horisont: C, D (anonymous), G, I
    assert t.loc["porten"].tolist() == [4, 1, 1, 3, 1]  # episodes, started B, ended A, active B E J, anonymous J
    assert t.loc["horisont"].tolist() == [4, 4, 3, 1, 1]  # started C D G I, ended C D I, active G, anonymous D
    assert list(t.columns) == ["episodes", "started", "ended", "active", "anonymous"]


def test_exit_table_counts_identified_episodes_only(people):
    t = fl.exit_table(people, 2024, interventions=["porten", "horisont"])
    assert list(t.columns) == ["work", "studies", "job_seeking", "illness", "moved", "ended_identified",
                               "work_or_studies", "not_work_or_studies"]
    assert t.loc["porten"].tolist() == [1, 0, 0, 0, 0, 1, 1, 0]  # A work
    # C studies, I illness; D ended too but is anonymous; F (registration error) nowhere
    assert t.loc["horisont"].tolist() == [0, 1, 0, 1, 0, 2, 1, 1]
    assert "registration_error" not in t.columns


def test_support_links_detailed_and_grouped(people):
    detailed = fl.support_links(people, 2024)
    # ended identified in 2024: A sickness_benefit -> salary, C social_assistance -> study_aid, I activity_support
    # -> (empty)
    assert detailed.at["sickness_benefit", "salary"] == 1
    assert detailed.at["social_assistance", "study_aid"] == 1
    assert detailed.at["activity_support", MISSING] == 1
    assert int(detailed.sum().sum()) == 3
    grouped = fl.support_links(people, 2024, grouped=True)
    assert list(grouped.index) == ["sick", "unemployment", "assistance", MISSING]
    assert list(grouped.columns) == ["self", MISSING]
    assert grouped["self"].tolist() == [1, 0, 1, 0]  # salary and study aid are both "lön eller studiemedel"
    assert grouped[MISSING].tolist() == [0, 1, 0, 0]


def test_duration_table(people):
    t = fl.duration_table(people, 2024)
    # ended (identified): A 15 Nov–31 Jan = 2 months, C 1–29 Feb = 0, I 15 May–31 Dec = 7
    assert t["ended"].tolist() == [2, 0, 1, 0, 0]
    # ongoing at 31 Dec (identified): G 0 months, B 11, E 1 May 2022 -> 31 months; J is anonymous
    assert t["ongoing"].tolist() == [1, 0, 1, 0, 1]
    # with a cut-off on 15 June: A, C ended (0 and 2 months); B 5 months, E 25, I 1 month ongoing
    cut = fl.duration_table(people, 2024, "2024-06-15")
    assert cut["ended"].tolist() == [2, 0, 0, 0, 0]
    assert cut["ongoing"].tolist() == [1, 1, 0, 0, 1]


def test_distributions(people):
    gender = fl.distribution(people, "gender", 2024)
    assert gender.to_dict() == {"woman": 4, "man": 3, "other_unknown": 1}  # A C G J / B D I / E: anonymous in
    age = fl.distribution(people, "age", 2024)
    # identified in 2024: A 2023−1990 = 33, B 24, C 54, E none, G 60, I 25
    assert age.to_dict() == {"age_u25": 1, "age_25_34": 2, "age_35_44": 0, "age_45_54": 1, "age_55": 1,
                             MISSING: 1}
    education = fl.distribution(people, "education", 2024)
    assert education.to_dict() == {"compulsory": 1, "upper_secondary": 2, "post_secondary": 1, "unknown": 1,
                                   MISSING: 1}  # I / A G / C / B / E
    years = fl.distribution(people, "support_years", 2024)
    # A 2.0, B none, C 0.5, E none, G 3.0, I 10
    assert years.to_dict() == {"sup_u1": 1, "sup_1_2": 1, "sup_3_4": 1, "sup_5_9": 0, "sup_10": 1, MISSING: 2}
    # anonymous episodes count in the gender split only; registration errors nowhere
    assert int(age.sum()) == int(education.sum()) == 6 and int(gender.sum()) == 8


def test_quality_counts(people):
    q = fl.quality_counts(people, 2024, "2024-12-31")
    assert q == {
        "open_over_two_years": 2,  # E (its 2025 end is after the cut-off) and J started before 31 Dec 2022
        "ended_without_reason": 0,
        "identified": 6,  # A B C E G I
        "missing_education": 1,  # E
        "missing_birth_year": 1,  # E
        "missing_support_years": 2,  # B, E
        "missing_support_before": 3,  # B, E, G
        "ended_identified": 3,  # A, C, I
        "missing_support_after": 1,  # I
    }


# --- the cube and its audit -------------------------------------------------------------------------------------


def test_cube_counts_has_every_slice_with_margins(people):
    frame = fl.prepare(people)
    dims = fl.dimensions(people, 2024, interventions=["porten", "horisont"])
    assert dims.interventions == ("porten", "horisont")
    assert dims.municipalities == ("Byn", "Åby", fl.NO_MUNICIPALITY)
    counts = fl.cube_counts(fl._flow_indicators(frame, 2024, None), fl._slice_columns(frame), dims)
    assert len(counts) == 3 * 4 * 4  # (all + 2 interventions) × (all + 3 municipalities) × (all + 3 genders)
    assert counts.at[(ALL, ALL, ALL), "episodes"] == 8
    assert counts.at[("porten", ALL, ALL), "episodes"] == 4
    assert counts.at[(ALL, "Åby", ALL), "episodes"] == 3  # A, B, I
    assert counts.at[(ALL, fl.NO_MUNICIPALITY, ALL), "episodes"] == 3  # D, E, J
    assert counts.at[("horisont", "Byn", "woman"), "started"] == 2  # C, G
    assert counts.at[("porten", "Byn", "man"), "episodes"] == 0


def test_identity_rule_hides_the_partner_flow():
    # active 10 on 1 Jan + 6 started = 14 active at the end of January + 2 ended: hiding only "ended" (2 < 5)
    # would let a reader compute 10 + 6 − 14 = 2, so the month's "started" is hidden too (6 + 2 = 8 >= 5)
    identity = fl.Identity(("a0", "s1"), ("a1", "e1"), prefer=("s1", "e1", "a1", "a0"))
    cells = {"a0": 10, "s1": 6, "a1": 14, "e1": 2}
    assert fl.audit(cells, [], min_count=5, identities=[identity]) == {"e1", "s1"}
    # both flows small: the stocks give started − ended = 9 − 10 = −1, so started is 0–3 and ended 1–4: narrowed
    # but not pinned, as when two hidden parts add up to at least 5
    cells = {"a0": 10, "s1": 1, "a1": 9, "e1": 2}
    assert fl.audit(cells, [], min_count=5, identities=[identity]) == {"s1", "e1"}
    # started − ended = 14 − 10 = 4 pins both ("<5" means 0–4: started 4, ended 0): the end stock goes too
    cells = {"a0": 10, "s1": 4, "a1": 14, "e1": 0}
    assert fl.audit(cells, [], min_count=5, identities=[identity]) == {"s1", "e1", "a1"}
    # a quiet month (0 started, 0 ended, equal stocks) tells nothing beyond "<5": the stocks stay
    cells = {"a0": 10, "s1": 0, "a1": 10, "e1": 0}
    assert fl.audit(cells, [], min_count=5, identities=[identity]) == {"s1", "e1"}
    # both flows small but adding up to 5: enough
    cells = {"a0": 10, "s1": 3, "a1": 11, "e1": 2}
    assert fl.audit(cells, [], min_count=5, identities=[identity]) == {"s1", "e1"}


def _one_key_cube(genders: list[str], *, min_count: int = 5) -> fl.AuditedCube:
    slices = pd.DataFrame({"intervention": "x", "municipality": "M", "gender": genders}).astype(object)
    indicators = pd.DataFrame({"n": [1] * len(genders)})
    dims = fl.Dimensions(("x",), ("M",))
    return fl.audit_cube(indicators, slices, dims, min_count=min_count)


def test_cube_audit_protects_against_differencing_two_filters():
    # 7 women, 6 men, 1 other/unknown. Hiding only "other" would let a reader of the views "Alla", "Kvinnor" and
    # "Män" compute 14 − 7 − 6 = 1, so the smallest shown gender (men, 6) is hidden in every view.
    cube = _one_key_cube(["woman"] * 7 + ["man"] * 6 + ["other_unknown"])
    for i in (ALL, "x"):
        for m in (ALL, "M"):
            assert cube.value((i, m, ALL), "n") == 14
            assert cube.value((i, m, "woman"), "n") == 7
            assert cube.status((i, m, "other_unknown"), "n") == SMALL
            assert cube.status((i, m, "man"), "n") == SECONDARY
    # 7 women, 4 men, 1 other: the two small ones add up to 5, nothing else needs hiding
    cube = _one_key_cube(["woman"] * 7 + ["man"] * 4 + ["other_unknown"])
    assert cube.value((ALL, ALL, "woman"), "n") == 7
    assert {cube.status((ALL, ALL, g), "n") for g in ("man", "other_unknown")} == {SMALL}


def test_structural_zeros_are_neither_hidden_nor_protected():
    # nobody of other/unknown gender in any year: that 0 tells nothing, so the men need not be hidden
    slices = pd.DataFrame({"intervention": "x", "municipality": "M", "gender": ["woman"] * 7 + ["man"] * 6})
    indicators = pd.DataFrame({"n": [1] * 13})
    cube = fl.audit_cube(indicators, slices.astype(object), fl.Dimensions(("x",), ("M",)), min_count=5,
                         structural_zero=lambda s, k: s[2] == "other_unknown")
    assert cube.value((ALL, ALL, "man"), "n") == 6
    assert cube.value((ALL, ALL, "other_unknown"), "n") == 0
    assert not cube.hidden


# --- the audit of one year: purpose-built data with small groups -----------------------------------------------

SMALL_GROUPS = [
    # "stor": Åby 12 women and 10 men, Byn 1 woman and 7 men; 6 anonymous (3 women, 3 men)
    *[episode(f"2024-{1 + n % 12:02d}-05", f"2024-{1 + n % 12:02d}-25" if n % 3 == 0 else None,
              ("work", "job_seeking", "illness")[n % 9 // 3] if n % 3 == 0 else None, gender=g,
              intervention="stor", municipality=mun, birth_year=1970 + n, education="upper_secondary",
              years_public_support=float(n % 6), support_before="social_assistance",
              support_after="salary" if n % 3 == 0 else None)
      for n, (g, mun) in enumerate([("woman", "Åby")] * 12 + [("man", "Åby")] * 10 + [("woman", "Byn")]
                                   + [("man", "Byn")] * 7)],
    *[episode(f"2024-0{1 + n}-10", gender=("woman", "man")[n % 2], anonymous=True, intervention="stor")
      for n in range(6)],
    # six in "stor" since 2023 (Åby, 3 women and 3 men), still active
    *[episode(f"2023-0{1 + n}-15", gender=("woman", "man")[n % 2], intervention="stor", municipality="Åby",
              birth_year=1980, education="compulsory", years_public_support=1.0, support_before="none")
      for n in range(6)],
    # "liten": three participants, one of whom ended (work)
    episode("2024-03-01", "2024-09-30", "work", intervention="liten", municipality="Åby", birth_year=1990,
            education="compulsory", years_public_support=1.0, support_before="sickness_benefit",
            support_after="salary"),
    episode("2024-04-01", gender="man", intervention="liten", municipality="Åby", birth_year=1985,
            education="compulsory", years_public_support=2.0, support_before="sickness_benefit"),
    episode("2024-05-01", intervention="liten", municipality="Åby", birth_year=1995, education="compulsory",
            years_public_support=2.0, support_before="sickness_benefit"),
]


@pytest.fixture(scope="module")
def small_groups() -> pd.DataFrame:
    return make_dataset(participants=SMALL_GROUPS,
                        interventions=[{"intervention_id": "stor", "name": "Stor", "kind": "individual",
                                        "start_date": "2020-01-01"},
                                       {"intervention_id": "liten", "name": "Liten", "kind": "individual",
                                        "start_date": "2020-01-01"}]).rows("participants", ASSOC)


@pytest.fixture(scope="module")
def audited(small_groups) -> fl.PeriodAudit:
    return fl.audit_period(small_groups, 2024, "2024-12-15", min_count=5, interventions=["stor", "liten"])


CUBES = ("flows", "exits", "support", "durations", "demographics")


def test_every_relation_the_audit_uses_holds_on_the_counts(audited):
    for name in CUBES:
        cube = getattr(audited, name)
        assert cube.relations
        for rel in cube.relations:
            total = cube.raw(*rel.total)
            assert total == sum(cube.raw(*p) for p in rel.parts), (name, rel)
        for identity in cube.identities:
            assert sum(cube.raw(*k) for k in identity.left) == sum(cube.raw(*k) for k in identity.right)


def test_no_small_count_is_shown(audited):
    for name in CUBES:
        cube = getattr(audited, name)
        for s in cube.counts.index:
            for key in cube.counts.columns:
                value = cube.value(s, key)
                assert value is None or value >= 5 or (s, key) in cube.structural, (name, s, key, value)


def test_the_small_intervention_and_the_single_woman_stay_hidden(audited):
    flows = audited.flows
    for key in ("episodes", "started", "identified"):
        assert flows.value(("liten", ALL, ALL), key) is None  # 3 participants
        assert flows.value((ALL, "Byn", "woman"), key) is None  # one woman in Byn
        # ... and cannot be recomputed from Byn's total and its men (the men are hidden too)
        assert None in (flows.value((ALL, "Byn", ALL), key), flows.value((ALL, "Byn", "man"), key))
    exits = audited.exits
    assert exits.value(("liten", ALL, ALL), "work") is None
    assert exits.value(("liten", ALL, ALL), "ended_identified") is None


def _cubes(audited: fl.PeriodAudit) -> dict[str, fl.AuditedCube]:
    """The distinct audited cubes (several sections read the same one)."""
    out: dict[str, fl.AuditedCube] = {}
    for name in CUBES:
        cube = getattr(audited, name)
        if all(cube is not seen for seen in out.values()):
            out[name] = cube
    return out


def _linear_system(audited: fl.PeriodAudit) -> tuple[list, dict, list]:
    """Every cell of every cube, their published values and the linear equations a reader knows between them."""
    cells = {}
    equations = []  # each: {cell: coefficient}, summing to 0
    cubes = _cubes(audited)
    for name, cube in cubes.items():
        for s in cube.counts.index:
            for key in cube.counts.columns:
                if (s, key) not in cube.structural:
                    cells[(name, s, key)] = cube.raw(s, key)
        for rel in cube.relations:
            eq = {(name, *rel.total): 1}
            for p in rel.parts:
                eq[(name, *p)] = eq.get((name, *p), 0) - 1
            equations.append(eq)
        for identity in cube.identities:
            eq = {}
            for k in identity.left:
                eq[(name, *k)] = eq.get((name, *k), 0) + 1
            for k in identity.right:
                eq[(name, *k)] = eq.get((name, *k), 0) - 1
            equations.append(eq)
    hidden = [c for c in cells if (c[1], c[2]) in cubes[c[0]].hidden]
    return hidden, cells, equations


def _determined(hidden: list, equations: list[dict]) -> set:
    """The hidden cells whose value follows from the equations (the other cells known): those whose unit vector
    lies in the row space of the equations restricted to the hidden cells. Solved per connected component."""
    parent = {c: c for c in hidden}

    def find(c):
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    rows = [{c: k for c, k in eq.items() if c in parent and k} for eq in equations]
    rows = [r for r in rows if r]
    for r in rows:
        first, *rest = r
        for c in rest:
            parent[find(c)] = find(first)
    groups: dict = {}
    for c in hidden:
        groups.setdefault(find(c), []).append(c)
    by_group: dict = {}
    for r in rows:
        by_group.setdefault(find(next(iter(r))), []).append(r)
    out = set()
    for root, members in groups.items():
        equations_here = by_group.get(root, [])
        if not equations_here:
            continue
        column = {c: n for n, c in enumerate(members)}
        matrix = np.zeros((len(equations_here), len(members)))
        for i, r in enumerate(equations_here):
            for c, k in r.items():
                matrix[i, column[c]] += k
        _u, sv, vt = np.linalg.svd(matrix, full_matrices=True)
        null = vt[int((sv > 1e-9).sum()):].T  # columns span what a reader cannot pin down
        out |= {c for c, n in column.items() if null.shape[1] == 0 or np.abs(null[n]).max() < 1e-9}
    return out


def test_no_hidden_small_count_can_be_recomputed_from_the_published_ones(audited):
    """Linear algebra over everything published for every filter combination (every relation between cells, the
    stock–flow identities and the counts shared by two sections)."""
    hidden, cells, equations = _linear_system(audited)
    small = [c for c in _determined(hidden, equations) if cells[c] < 5]
    assert small == [], small[:5]


def test_the_checker_finds_a_recomputable_cell():
    # total 12 = a 7 + b 3 + c 2 with only b hidden: b is determined; with b and c hidden, neither is
    equations = [{"t": 1, "a": -1, "b": -1, "c": -1}]
    assert _determined(["b"], equations) == {"b"}
    assert _determined(["b", "c"], equations) == set()


def test_a_count_shown_in_two_sections_is_one_cell(audited):
    # identified episodes (flows and demographics); identified episodes that ended (exits, support, durations)
    assert audited.flows is audited.demographics
    assert audited.exits is audited.support is audited.durations
    assert "ended" not in audited.exits.counts.columns and "total" not in audited.exits.counts.columns


# --- suppressed tables --------------------------------------------------------------------------------------------


def test_suppressed_monthly_matches_the_raw_counts_where_shown(audited, small_groups):
    raw = fl.monthly_flows(small_groups, 2024, "2024-12-15")
    values, status = fl.suppressed_monthly(audited)
    assert list(values.index) == [*range(13), TOTAL]
    for m in range(13):
        for column in ("active", "started", "ended"):
            if m == 0 and column != "active":
                continue
            shown = values.at[m, column]
            assert pd.isna(shown) == (status.at[m, column] != "")
            if not pd.isna(shown):
                assert shown == raw.at[m, column]
    # 30 in Stor, 6 anonymous, 3 in Liten started in 2024; six were active since 2023
    assert values.at[TOTAL, "started"] == raw["started"].sum() == 39
    assert values.at[0, "active"] == 6


def test_suppressed_interventions_hide_the_small_intervention(audited):
    values, status = fl.suppressed_interventions(audited)
    assert list(values.index) == ["stor", "liten", TOTAL]
    assert values.loc["liten", ["episodes", "started", "ended", "active"]].isna().all()
    assert set(status.loc["liten", ["episodes", "started", "ended", "active"]]) <= {SMALL, SECONDARY}
    assert pd.isna(values.at["liten", "work_or_studies_share"])  # built on hidden counts
    assert values.at[TOTAL, "episodes"] == 45  # 30 + 6 anonymous + 6 since 2023 + 3


def test_suppressed_distribution_shares_only_from_shown_counts(audited):
    values, _status = fl.suppressed_distribution(audited, "gender")
    assert list(values.index) == ["woman", "man", "other_unknown", TOTAL]
    # 45 episodes: 12 + 1 + 3 + 3 + 2 = 21 women, 10 + 7 + 3 + 3 + 1 = 24 men, nobody else (a structural 0)
    assert values["count"].tolist() == [21, 24, 0, 45]
    assert values.at["woman", "share"] == pytest.approx(21 / 45)


# --- suppressed tables, hand-worked on uniform data ------------------------------------------------------------

UNIFORM = [
    # one intervention, one municipality, only women, nobody anonymous: every other slice is a structural 0
    *[episode("2023-06-01", intervention="porten", municipality="Åby") for _ in range(5)],  # carried over, open
    *[episode("2024-01-10", "2024-05-20", "work", intervention="porten", municipality="Åby") for _ in range(6)],
    *[episode("2024-01-10", "2024-05-20", "job_seeking", intervention="porten", municipality="Åby")
      for _ in range(5)],
]


@pytest.fixture(scope="module")
def uniform() -> fl.PeriodAudit:
    people = make_dataset(participants=UNIFORM).rows("participants", ASSOC)
    return fl.audit_period(people, 2024, None, min_count=5, interventions=["porten", "horisont"])


def test_suppressed_exits_and_the_share(uniform):
    values, status = fl.suppressed_exits(uniform)
    assert list(values.index) == ["porten", TOTAL]  # Horisont had nobody in 2024: not a row
    assert list(values.columns) == ["work", "job_seeking", "ended_identified", "work_or_studies",
                                    "work_or_studies_share"]
    # 6 work + 5 job seeking = 11 ended; nothing below 5
    assert values.loc[TOTAL, ["work", "job_seeking", "ended_identified", "work_or_studies"]].tolist() == [6, 5, 11, 6]
    assert values.at[TOTAL, "work_or_studies_share"] == pytest.approx(6 / 11)
    assert (status == "").all().all()


def test_when_everybody_ended_the_same_way_nothing_is_shown():
    # 6 ended, all to work: "0 to anything else" would tell each one's outcome, so every cell is hidden
    rows = [episode("2024-01-10", "2024-05-20", "work", municipality="Åby") for _ in range(6)]
    audited = fl.audit_period(make_dataset(participants=rows).rows("participants", ASSOC), 2024, None, min_count=5)
    values, status = fl.suppressed_exits(audited)
    assert values.loc[TOTAL, ["work", "ended_identified", "work_or_studies"]].isna().all()
    assert pd.isna(values.at[TOTAL, "work_or_studies_share"])
    assert status.at[TOTAL, "work"] == SECONDARY


def test_suppressed_durations_hide_a_bucket_holding_everybody(uniform):
    values, status = fl.suppressed_durations(uniform)
    assert list(values.index) == [b.key for b in fl.DURATION_BUCKETS] + [TOTAL]
    # all 11 ended after 4 whole months (10 Jan – 20 May) and the 5 ongoing have 18 (1 Jun 2023 – 31 Dec 2024):
    # the other buckets are 0, so the full ones would reveal everyone's duration -> hidden, totals shown
    assert values["ended"].isna().tolist() == [True] * 5 + [False]
    assert values.at[TOTAL, "ended"] == 11 and values.at[TOTAL, "ongoing"] == 5
    assert status.at["dur_3_6", "ended"] == SECONDARY and status.at["dur_u3", "ended"] == SMALL
    assert status.at["dur_12_24", "ongoing"] == SECONDARY


def test_suppressed_support_and_distribution(uniform):
    values, _status = fl.suppressed_support(uniform, grouped=True)
    # no support data at all: one "uppgift saknas" row and column holding the 11 who ended
    assert list(values.index) == [MISSING, TOTAL] and list(values.columns) == [MISSING, TOTAL]
    assert values.to_numpy().tolist() == [[11, 11], [11, 11]]
    gender, _ = fl.suppressed_distribution(uniform, "gender")
    assert gender["count"].tolist() == [16, 0, 0, 16]  # men and other: structural zeros (none in any year)
    assert gender.at["woman", "share"] == 1.0


def test_suppressed_flow_totals(uniform):
    assert fl.suppressed_flow_totals(uniform) == {
        "episodes": 16, "started": 11, "ended": 11, "active_start": 5, "active_end": 5, "anonymous": 0,
        "identified": 16}
    values, status = fl.suppressed_monthly(uniform)
    # January: 11 started, 0 ended; the 0 is small and the start count would reveal it (5 + 11 − 16) -> both hidden
    assert (status.at[1, "ended"], status.at[1, "started"]) == (SMALL, SECONDARY)
    assert values.at[0, "active"] == 5 and values.at[TOTAL, "started"] == 11


def test_quality_figures(uniform):
    people = make_dataset(participants=UNIFORM).rows("participants", ASSOC)
    q = fl.quality_figures(uniform, people, "2024-12-31")
    assert q["open_over_two_years"] == fl.Published(0)  # the open ones started June 2023
    assert q["missing_education"] == fl.Published(16, "", 16)  # nobody has education: 16 of 16
    assert q["missing_education"].share == 1.0
    assert q["missing_support_after"] == fl.Published(11, "", 11)


def test_months_outside_an_interventions_own_period_are_structural_zeros():
    # "Ny" began on 1 March 2024: nobody can have been active in it on 1 January
    rows = [episode("2024-03-05", intervention="ny", municipality="Åby") for _ in range(6)]
    people = make_dataset(participants=rows).rows("participants", ASSOC)
    plain = fl.audit_period(people, 2024, None, min_count=5)
    # without the intervention's dates, "0 active on 1 January" is a small count and the 6 started are hidden
    assert plain.flows.value((ALL, ALL, ALL), "started") is None
    known = fl.audit_period(people, 2024, None, min_count=5,
                            intervention_periods={"ny": (pd.Timestamp("2024-03-01"), None)})
    assert known.flows.value(("ny", ALL, ALL), "active:0") == 0
    assert known.flows.value(("ny", ALL, ALL), "started") == 6
    assert known.flows.value(("ny", ALL, ALL), "active:2") == 0  # February, before the start


def test_labels_and_groups():
    assert fl.support_group("salary") == fl.support_group("study_aid") == "self"
    assert fl.support_group(MISSING) == MISSING
    assert fl.category_label("support_group", "self") == "lön eller studiemedel"
    assert fl.category_label("support", "social_assistance") == "försörjningsstöd"
    assert fl.category_label("exit_reason", "job_seeking") == "aktivt arbetssökande"
    assert fl.category_label("gender", "woman") == "kvinnor"
    assert fl.category_label("age", "age_u25") == "under 25 år"
    assert fl.category_label("duration", "dur_24") == "över 2 år"
    assert fl.category_label("education", MISSING) == "uppgift saknas"


def test_exact_check_catches_a_cell_pinned_by_a_combination_of_margins():
    # A 4 × 4 table with row and column totals. Hidden: two 2 × 2 blocks (r1-r2 × c1-c2, r3-r4 × c3-c4) and the
    # small cell r2/c3 = 1 joining them. Every row and column has at least two hidden cells adding up to 5 or
    # more, so the one-relation-at-a-time rule is content, but r2/c3 = (r1 + r2 totals) − (c1 + c2 totals) −
    # (shown cells of rows 1–2 in columns 3–4) = 1: the exact check must hide more.
    values = [[10, 10, 7, 8], [10, 10, 1, 9], [6, 7, 10, 10], [8, 6, 10, 10]]
    cells = {(r, c): values[r][c] for r in range(4) for c in range(4)}
    cells |= {(r, "T"): sum(values[r]) for r in range(4)} | {("T", c): sum(v[c] for v in values) for c in range(4)}
    cells[("T", "T")] = sum(map(sum, values))
    relations = [relation((r, "T"), [(r, c) for c in range(4)]) for r in [*range(4), "T"]]
    relations += [relation(("T", c), [(r, c) for r in range(4)]) for c in [*range(4), "T"]]
    primary = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    assert suppressed_cells_only(cells, relations, primary) == primary  # the local rule alone stops here
    hidden = fl.audit(cells, relations, min_count=5, primary=primary)
    assert hidden > primary
    equations = fl._equations(relations, [])
    assert (1, 2) not in fl._determined(sorted(hidden, key=str), equations)


def suppressed_cells_only(cells, relations, primary):
    from finsamdash.privacy import suppressed_cells

    return suppressed_cells(cells, relations, min_count=5, primary=primary)
