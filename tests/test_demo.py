"""The synthetic demo dataset (finsamdash.data.demo): deterministic, complete, realistic, private, nothing after
as_of."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re

import pandas as pd
import pytest

from finsamdash.data.contract import CATEGORIES, TABLES, WORK_OR_STUDIES, core_indicators, survey_items
from finsamdash.data.dataset import DTYPES
from finsamdash.data.demo import generate_demo, write_demo

AS_OF = dt.date(2026, 11, 23)
YEARS = list(range(2020, 2027))
FULL_YEARS = YEARS[:-1]


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return generate_demo(seed=1, as_of=AS_OF)


@pytest.fixture(scope="module", params=[1, 2, 3])
def any_seed(request) -> dict[str, pd.DataFrame]:
    return generate_demo(seed=request.param, as_of=AS_OF)


def _identified_ended(p: pd.DataFrame) -> pd.DataFrame:
    return p[p["end_date"].notna() & ~p["anonymous"] & (p["exit_reason"] != "registration_error")]


# ---------------------------------------------------------------------------------------------- determinism, shape

def test_same_seed_same_data_and_other_seed_other_data(demo):
    again = generate_demo(seed=1, as_of=AS_OF)
    for name, frame in demo.items():
        pd.testing.assert_frame_equal(frame, again[name])
    other = generate_demo(seed=2, as_of=AS_OF)
    assert not demo["participants"].equals(other["participants"])
    assert not demo["ledger"].equals(other["ledger"])


def test_first_associations_do_not_depend_on_how_many_are_generated(demo):
    more = generate_demo(seed=1, as_of=AS_OF, associations=5, years=7)
    assert list(more["associations"]["association_id"]) == [
        "norrsken", "sjobygden", "mellanmark", "forbund_004", "forbund_005"]
    assert more["associations"]["name"].is_unique
    for name, frame in demo.items():
        head = more[name][more[name]["association_id"].isin(["norrsken", "sjobygden", "mellanmark"])]
        pd.testing.assert_frame_equal(frame, head.reset_index(drop=True))


def test_every_table_with_every_declared_column_and_dtype(demo):
    assert set(demo) == set(TABLES)
    for name, frame in demo.items():
        assert list(frame.columns) == TABLES[name].column_names, name
        assert len(frame) > 0, name
        for col in TABLES[name].columns:
            assert str(frame[col.name].dtype) == DTYPES[col.kind], (name, col.name)
            if col.required:
                assert frame[col.name].notna().all() or (name, col.name) == ("participants", "participant_id")
            if col.categories:
                keys = {c.key for c in CATEGORIES[col.categories]}
                assert set(frame[col.name].dropna()) <= keys, (name, col.name)
    assert list(demo["associations"]["association_id"]) == ["norrsken", "sjobygden", "mellanmark"]
    assert all(n.startswith("Samordningsförbundet ") for n in demo["associations"]["name"])
    for name, frame in demo.items():
        assert set(frame["association_id"]) == {"norrsken", "sjobygden", "mellanmark"}, name


# ------------------------------------------------------------------------------------- interventions, participants

def test_interventions(demo):
    iv = demo["interventions"]
    for _, group in iv.groupby("association_id"):
        assert 5 <= len(group) <= 10
        assert group["intervention_id"].is_unique
        assert (group["kind"] == "individual").sum() >= 3 and group["kind"].nunique() >= 2
        individual = group[group["kind"] == "individual"]
        assert individual["planned_participants"].notna().all()
        assert (group["start_date"] > pd.Timestamp("2020-06-30")).any()  # started later
    assert (iv["end_date"] < pd.Timestamp("2026-01-01")).any()  # ended in an earlier year
    assert (iv["end_date"].isna() | (iv["end_date"] >= iv["start_date"])).all()
    p = demo["participants"]
    pairs = set(zip(iv["association_id"], iv["intervention_id"], strict=True))
    assert set(zip(p["association_id"], p["intervention_id"], strict=True)) <= pairs


def test_participants_counting_per_year_in_range(any_seed):
    p = any_seed["participants"]
    p = p[p["exit_reason"].fillna("") != "registration_error"]
    for assoc, group in p.groupby("association_id"):
        for year in FULL_YEARS:
            counting = (group["start_date"] <= pd.Timestamp(year, 12, 31)) & ~(
                group["end_date"] < pd.Timestamp(year, 1, 1))
            assert 150 <= counting.sum() <= 400, (assoc, year, counting.sum())


def test_exit_mix_about_a_third_to_work_or_studies(any_seed):
    ended = _identified_ended(any_seed["participants"])
    for assoc, group in ended.groupby("association_id"):
        wos = group["exit_reason"].isin(WORK_OR_STUDIES).mean()
        assert 0.25 <= wos <= 0.42, (assoc, wos)
        assert 0.18 <= (group["exit_reason"] == "job_seeking").mean() <= 0.33
        by_year = group.groupby(group["end_date"].dt.year)["exit_reason"].apply(
            lambda s: s.isin(WORK_OR_STUDIES).mean())
        assert by_year.max() - by_year.min() > 0.02  # trends are visible
    by_iv = ended.groupby(["association_id", "intervention_id"])["exit_reason"].apply(
        lambda s: s.isin(WORK_OR_STUDIES).mean())
    assert by_iv.max() - by_iv.min() > 0.08


def test_participant_rows_are_consistent(demo):
    p = demo["participants"]
    anon = p["anonymous"].to_numpy(dtype=bool)
    assert 0.07 <= anon.mean() <= 0.12
    only = ["association_id", "intervention_id", "anonymous", "gender", "start_date", "end_date"]
    assert p.loc[anon, [c for c in p.columns if c not in only]].isna().all().all()
    ident = p[~anon]
    assert ident["participant_id"].str.fullmatch(r"P-\d{5}").all()
    assert (ident["exit_reason"].notna() == ident["end_date"].notna()).all()
    assert (p["end_date"].isna() | (p["end_date"] >= p["start_date"])).all()
    errors = (p["exit_reason"] == "registration_error").mean()
    assert 0.001 <= errors <= 0.012
    assert 0.52 <= (p["gender"] == "woman").mean() <= 0.58
    age = ident["start_date"].dt.year - ident["birth_year"]
    assert age.between(18, 64).all()
    assert ident["years_public_support"].between(0, 15).all()
    assert ident["years_public_support"].median() < ident["years_public_support"].mean()  # skewed
    assert ident["individual_plan"].mean() > 0.8
    people = ident.groupby(["association_id", "participant_id"])["intervention_id"].nunique()
    assert 0.02 <= (people > 1).mean() <= 0.15  # some people in two interventions
    key = ["association_id", "participant_id", "intervention_id", "start_date"]
    assert not ident.duplicated(key).any()
    ended = _identified_ended(p)
    to_work = ended[ended["exit_reason"].isin(["work", "subsidised_work"])]
    assert (to_work["support_after"] == "salary").mean() > 0.8
    assert (to_work["support_before"] == "social_assistance").any()
    assert p.loc[p["end_date"].isna(), ["exit_reason", "support_after", "followup_12m"]].isna().all().all()
    followed = ended[ended["followup_12m"].notna()]
    assert len(followed) > 0 and (followed["end_date"] <= pd.Timestamp(AS_OF) - pd.Timedelta(days=365)).all()


# ---------------------------------------------------------------------------------------------- money

def test_contributions_split_50_25_25_and_4_to_8_msek(demo):
    c = demo["contributions"]
    for (assoc, year), group in c.groupby(["association_id", "year"]):
        total = group["amount_sek"].sum()
        assert 4e6 <= total <= 8e6, (assoc, year, total)
        shares = group.groupby("member_type")["amount_sek"].sum() / total
        for kind, share in {"state": 0.5, "region": 0.25, "municipality": 0.25}.items():
            assert shares[kind] == pytest.approx(share, abs=0.005)
        assert 2 <= (group["member_type"] == "municipality").sum() <= 3
    assert set(c["year"]) == set(YEARS)


def test_budget_adds_up(demo):
    b, c = demo["budget"], demo["contributions"]
    income_cats = ["contribution_income", "other_income", "financial_income"]
    iv = demo["interventions"]
    for (assoc, year), group in b.groupby(["association_id", "year"]):
        decided = c[(c["association_id"] == assoc) & (c["year"] == year)]["amount_sek"].sum()
        assert group.loc[group["category"] == "contribution_income", "amount_sek"].sum() == decided
        income = group.loc[group["category"].isin(income_cats), "amount_sek"].sum()
        costs = group.loc[~group["category"].isin(income_cats), "amount_sek"].sum()
        assert -0.01 * income <= income - costs <= 0.04 * income  # near zero or a small surplus
        admin = group.loc[group["category"].isin(["administration", "board", "audit"]), "amount_sek"].sum()
        assert 0.10 <= admin / costs <= 0.20
        lines = group[group["category"] == "intervention"]
        assert lines["intervention_id"].notna().all()
        running = iv[(iv["association_id"] == assoc) & (iv["start_date"] <= pd.Timestamp(year, 12, 31))
                     & ~(iv["end_date"] < pd.Timestamp(year, 1, 1))]
        assert set(lines["intervention_id"]) == set(running["intervention_id"])
        periodised = group["month"].notna()
        assert periodised.all() or not periodised.any()
        if periodised.all():
            assert group["month"].between(1, 12).all()
    unperiodised = b[b["month"].isna()].groupby("association_id")["year"].unique()
    for years in unperiodised:
        assert sorted(years) == FULL_YEARS[: len(years)] and 1 <= len(years) <= 2


def test_ledger_and_equity_are_consistent(demo):
    ledger, equity, c = demo["ledger"], demo["equity"], demo["contributions"]
    # the ledger is closed at the last month end before the meeting day (23 November: 31 October)
    assert (ledger["date"] <= pd.Timestamp(AS_OF.year, AS_OF.month, 1) - pd.Timedelta(days=1)).all()
    assert ledger["date"].max() >= pd.Timestamp(AS_OF.year, AS_OF.month - 1, 1)
    assert (ledger["amount_sek"] < 0).any()  # corrections
    assert ledger.loc[ledger["category"] == "intervention", "intervention_id"].notna().all()
    income = ledger["category"].isin(["contribution_income", "other_income", "financial_income"])
    signed = ledger["amount_sek"].where(income, -ledger["amount_sek"])
    result = signed.groupby([ledger["association_id"], ledger["date"].dt.year]).sum()
    # contributions are paid in advance: each member's whole year in January, on its paid date
    incomes = ledger[ledger["category"] == "contribution_income"]
    assert set(incomes["date"].dt.month) == {1}
    paid = incomes.merge(c, left_on=["association_id", incomes["date"].dt.year, "amount_sek"],
                         right_on=["association_id", "year", "amount_sek"], how="left")
    assert (paid["paid_date"] == paid["date"]).all()
    for assoc, group in equity.groupby("association_id"):
        opening = group.set_index("year")["opening_equity_sek"]
        assert list(opening.index) == YEARS
        for year in FULL_YEARS:
            assert opening[year + 1] == pytest.approx(opening[year] + result[(assoc, year)], abs=1)
            decided = c[(c["association_id"] == assoc) & (c["year"] == year)]["amount_sek"].sum()
            assert 0.05 <= opening[year] / decided <= 0.30
            assert abs(result[(assoc, year)]) < 0.1 * decided


# ---------------------------------------------------------------------------------------------- municipalities

def test_municipalities_are_real_and_members_of_their_association():
    from finsamdash.data.municipalities import find_municipality

    demo = generate_demo(seed=1, as_of=AS_OF, associations=5, years=2)
    members = demo["contributions"].query("member_type == 'municipality'")
    counties = dict(zip(demo["associations"]["association_id"], demo["associations"]["county"], strict=True))
    for association, rows in members.groupby("association_id"):
        names = set()
        for member in rows["member"].unique():
            found = find_municipality(member)
            assert found is not None and found.organisation == member, member  # "Luleå kommun", "Falu kommun"
            names.add(found.name)
        first = find_municipality(rows["member"].iloc[0])
        assert first is not None and first.county == counties[association]  # the county of its first member
        for table in ("participants", "interventions"):
            used = demo[table].loc[demo[table]["association_id"] == association, "municipality"].dropna()
            assert set(used) <= names, (association, table)
    regions = demo["contributions"].query("member_type == 'region'")["member"]
    assert regions.str.startswith("Region ").all() or "Västra Götalandsregionen" in set(regions)


def test_generated_associations_take_every_municipality_once_before_any_twice():
    from finsamdash.data.demo import _FIXED, _kommun_names
    from finsamdash.data.municipalities import municipalities

    fixed = {m for p in _FIXED for m in p.municipalities}
    names = _kommun_names(300)
    assert len(set(names[:282])) == 282 and not set(names) & fixed
    assert set(names) == {m.name for m in municipalities()} - fixed and names[282] == names[0]


# ---------------------------------------------------------------------------------------------- goals, survey, training

def test_goals(demo):
    g = demo["goals"]
    ids = g.groupby(["association_id", "year"])["goal_id"].apply(tuple)
    assert ids.nunique() == 1 and len(ids.iloc[0]) >= 8  # the same goals every year: trends exist
    assert set(g["year"]) == set(YEARS)
    metrics = set(g["metric"])
    assert {"participants", "exit_share", "trained_staff", "indicator_positive_share", "result", "admin_share",
            "manual"} <= metrics
    assert g["intervention_id"].notna().any()
    manual = g[g["metric"] == "manual"]
    assert manual["manual_status"].notna().all() and manual["comment"].notna().all()
    assert (manual["area"] == "collaboration").all()
    assert manual["operator"].isna().all() and manual["target"].isna().all()  # qualitative: no invented target
    exit_goal = g[(g["metric"] == "exit_share") & g["intervention_id"].isna()]
    assert (exit_goal["params"] == "reasons=work,subsidised_work,studies").all()
    assert (exit_goal["target"] == 30).all()
    assert g["text"].str.contains("Minst|Underskott|högst|ska").all()


def test_survey_responses(demo):
    s = demo["survey_responses"]
    cat = core_indicators().set_index("item")
    assert set(s["item"]) == set(survey_items())
    for (item, group), _ in s.groupby(["item", "respondent_group"]):
        groups = cat.loc[item, "respondent_groups"].split(";")
        when = cat.loc[item, "when"].split(";")
        if group.startswith("participant_"):
            assert "participant" in groups and group.removeprefix("participant_") in when, (item, group)
        else:
            assert group in groups, (item, group)
    assert set(s["period"]) == {f"{y}-H{h}" for y in YEARS for h in (1, 2)}  # 2026-H2 has begun
    assert s["value"].dropna().between(1, 6).all()
    assert 0.03 <= s["value"].isna().mean() <= 0.07
    values = s["value"].dropna()
    assert values.mean() > 4.5 and (values <= 2).any()
    n = s[s["period"] < "2026-H2"].groupby(["association_id", "period", "respondent_group", "item"]).size()
    median = n.groupby("respondent_group").median()
    assert 20 <= median["participant_ongoing"] <= 60 and 20 <= median["participant_exit"] <= 60
    assert 10 <= median["staff"] <= 25 and 6 <= median["board"] <= 12 and median["director"] == 1
    small = n[(n < 5) & (n.index.get_level_values("respondent_group") != "director")]
    assert "mellanmark" in small.index.get_level_values("association_id")  # suppression shows
    participant = s["respondent_group"].str.startswith("participant")
    assert s.loc[participant, "intervention_id"].notna().all()
    per_response = s.groupby(["association_id", "response_id"])[["period", "respondent_group"]].nunique()
    assert (per_response == 1).all().all()


def test_training(demo):
    t = demo["training"]
    per_year = t.groupby(["association_id", t["date"].dt.year]).size()
    assert per_year.loc[(slice(None), FULL_YEARS)].between(6, 15).all()
    assert t["attendees"].between(10, 60).all()
    assert t["attendee_group"].notna().all()


# ---------------------------------------------------------------------------------------------- as_of, privacy

def test_nothing_after_as_of(demo):
    limit = pd.Timestamp(AS_OF)
    for name, frame in demo.items():
        for col in TABLES[name].columns:
            if col.kind == "date":
                assert (frame[col.name].dropna() <= limit).all(), (name, col.name)
            if col.name == "year":
                assert frame[col.name].max() == AS_OF.year and frame[col.name].min() == YEARS[0], name
    p = demo["participants"]
    assert (p["end_date"] > limit).sum() == 0
    still = p[p["end_date"].isna()]
    assert len(still) > 50  # episodes running at as_of have no end date
    assert demo["survey_responses"]["period"].max() == "2026-H2"


PERSONNUMMER = re.compile(r"\d{6}[-+]?\d{4}")
DATE_LIKE_8 = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)")
DATE_LIKE_6 = re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)")
LONG_DIGIT_RUN = re.compile(r"\d{6,}")


@pytest.mark.parametrize("associations", [3, 6])
def test_no_personnummer_like_values_anywhere(associations):
    tables = generate_demo(seed=1, as_of=AS_OF, associations=associations, years=3 if associations > 3 else 7)
    for name, frame in tables.items():
        for col in frame.columns:
            if str(frame[col].dtype) != "string":
                continue
            text = frame[col].dropna().astype(str)
            for pattern in (PERSONNUMMER, DATE_LIKE_8, DATE_LIKE_6, LONG_DIGIT_RUN):
                hits = text[text.str.contains(pattern)]
                assert hits.empty, (name, col, pattern.pattern, hits.head(3).tolist())


# ---------------------------------------------------------------------------------------------- files

def test_write_demo_writes_every_table_as_csv_and_the_workbook(tmp_path):
    has_template = importlib.util.find_spec("finsamdash.data.template") is not None
    out = write_demo(tmp_path / "demo", seed=1, as_of=AS_OF, associations=2, years=3, xlsx=has_template)
    assert out == tmp_path / "demo"
    tables = generate_demo(seed=1, as_of=AS_OF, associations=2, years=3)
    for name, table in TABLES.items():
        raw = (out / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        with (out / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == table.column_names
        assert len(rows) - 1 == len(tables[name])
        for col in table.columns:
            values = [r[rows[0].index(col.name)] for r in rows[1:]]
            filled = [v for v in values if v]
            if col.kind == "date":
                assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in filled), (name, col.name)
            elif col.kind == "bool":
                assert set(filled) <= {"true", "false"}
            elif col.kind in ("number", "int"):
                assert all(re.fullmatch(r"-?\d+(\.\d+)?", v) and not v.endswith(".0") for v in filled), (name, col.name)
    participants = pd.read_csv(out / "participants.csv", dtype=str, keep_default_na=False)
    assert (participants["end_date"] == "").any() and (participants["participant_id"] == "").any()
    if has_template:
        assert (out / "demo.xlsx").stat().st_size > 10_000


def test_written_demo_passes_the_validator(tmp_path):
    validate = pytest.importorskip("finsamdash.data.validate")
    from finsamdash.data.contract import ContractSettings

    has_template = importlib.util.find_spec("finsamdash.data.template") is not None
    out = write_demo(tmp_path, seed=3, as_of=AS_OF, associations=2, years=3, xlsx=has_template)
    for path in [out, out / "demo.xlsx"] if has_template else [out]:
        dataset, issues = validate.check(path, ContractSettings())
        assert dataset is not None and issues == [], [str(i) for i in issues[:5]]


def test_national_volume_doubles_episodes_cuts_the_survey_and_keeps_the_economy() -> None:
    """volume="national" (the benchmark's 80 × 10 ≈ 300 000 episodes, 100 000 answers, 100 000 ledger lines):
    ≈ 2.2 × the demo's episodes, ≈ 6 % of its questionnaires, the same kind of economy; still deterministic."""
    demo = generate_demo(seed=2, as_of=AS_OF, associations=2, years=4)
    national = generate_demo(seed=2, as_of=AS_OF, associations=2, years=4, volume="national")
    assert generate_demo(seed=2, as_of=AS_OF, associations=2, years=4, volume="demo")["participants"].equals(
        demo["participants"])
    again = generate_demo(seed=2, as_of=AS_OF, associations=2, years=4, volume="national")
    for name, frame in national.items():
        pd.testing.assert_frame_equal(frame, again[name])
        assert list(frame.dtypes) == list(demo[name].dtypes), name
    assert 1.9 < len(national["participants"]) / len(demo["participants"]) < 2.6
    assert 0.04 < len(national["survey_responses"]) / len(demo["survey_responses"]) < 0.15
    groups = set(national["survey_responses"]["respondent_group"])
    assert {"participant_ongoing", "participant_exit"} <= groups
    assert 0.9 < len(national["ledger"]) / len(demo["ledger"]) < 1.1
    assert national["associations"].equals(demo["associations"])
    with pytest.raises(ValueError, match="volume"):
        generate_demo(seed=2, as_of=AS_OF, associations=2, years=4, volume="huge")
