"""Sweden's municipalities (finsamdash.data.municipalities) and how validation uses them: one municipality however
it is typed, the closest one suggested for a misspelling, members of the association checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from finsamdash.data.municipalities import closest_municipality, find_municipality, municipalities
from finsamdash.data.validate import check

FIXTURE = Path(__file__).parent / "fixtures" / "valid_small"


def test_the_official_list_has_290_municipalities_with_unique_four_digit_codes():
    rows = municipalities()
    assert len(rows) == 290
    assert len({m.code for m in rows}) == 290 and len({m.name for m in rows}) == 290
    assert all(len(m.code) == 4 and m.code.isdigit() for m in rows)
    assert len({m.county for m in rows}) == 21
    by_county: dict[str, set[str]] = {}
    for m in rows:  # the first two digits are the county's code
        by_county.setdefault(m.county, set()).add(m.code[:2])
    assert all(len(codes) == 1 for codes in by_county.values())


@pytest.mark.parametrize(("code", "name", "organisation", "county"), [
    ("1861", "Hallsberg", "Hallsbergs kommun", "Örebro län"),
    ("1881", "Kumla", "Kumla kommun", "Örebro län"),
    ("1880", "Örebro", "Örebro kommun", "Örebro län"),
    ("0180", "Stockholm", "Stockholms kommun", "Stockholms län"),
    ("1480", "Göteborg", "Göteborgs kommun", "Västra Götalands län"),
    ("2584", "Kiruna", "Kiruna kommun", "Norrbottens län"),
    ("2080", "Falun", "Falu kommun", "Dalarnas län"),
    ("0880", "Kalmar", "Kalmar kommun", "Kalmar län"),
    ("0331", "Heby", "Heby kommun", "Uppsala län"),
])
def test_spot_checked_codes(code, name, organisation, county):
    found = find_municipality(code)
    assert found is not None
    assert (found.code, found.name, found.organisation, found.county) == (code, name, organisation, county)


@pytest.mark.parametrize("typed", [
    "Hallsberg", "hallsberg", "HALLSBERG", " Hallsberg ", "Hallsbergs kommun", "hallsbergs kommun", "Hallsbergs",
    "1861",
])
def test_one_municipality_however_it_is_typed(typed):
    assert find_municipality(typed).name == "Hallsberg"  # type: ignore[union-attr]


@pytest.mark.parametrize(("typed", "name"), [
    ("Stockholms stad", "Stockholm"), ("Göteborgs Stad", "Göteborg"), ("Malmö stad", "Malmö"),
    ("180", "Stockholm"),  # Excel dropped the leading zero of 0180
    ("Falu kommun", "Falun"), ("Region Gotland", "Gotland"), ("Gotlands kommun", "Gotland"),
    ("Upplands Bro", "Upplands-Bro"), ("upplands-bro kommun", "Upplands-Bro"), ("Malung-Sälens kommun", "Malung-Sälen"),
    ("Borås", "Borås"), ("Borås stad", "Borås"), ("Munkfors", "Munkfors"), ("Habo", "Habo"), ("Håbo", "Håbo"),
])
def test_organisation_forms_and_names_ending_in_s(typed, name):
    assert find_municipality(typed).name == name  # type: ignore[union-attr]


@pytest.mark.parametrize("typed", ["Hallsbegr", "", "9999", "12345", "Region Örebro län", "Försäkringskassan",
                                   "Sverige"])
def test_not_a_municipality(typed):
    assert find_municipality(typed) is None


def test_the_closest_municipality_to_a_misspelling():
    assert closest_municipality("Hallsbegr").name == "Hallsberg"  # type: ignore[union-attr]
    assert closest_municipality("Kumal kommun").name == "Kumla"  # type: ignore[union-attr]
    assert closest_municipality("Örbro").name == "Örebro"  # type: ignore[union-attr]
    assert closest_municipality("Utlandet") is None
    # the association's own members are preferred: "Lax" is nearest Laxå among Sydnärke's members
    assert closest_municipality("Lax", ["Askersund", "Hallsberg", "Kumla", "Laxå"]).name == "Laxå"  # type: ignore


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "underlag"
    shutil.copytree(FIXTURE, folder)
    return folder


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_validation_normalises_names_codes_and_organisations(tmp_path):
    folder = _copy(tmp_path)
    participants = folder / "participants.csv"
    _replace(participants, "P-0002,porten,false,2025-03-10,2026-04-15,man,1979,Kumla", "P-0002,porten,false,2025-03-10,"
             "2026-04-15,man,1979,kumla kommun")
    _replace(participants, "P-0003,porten,false,2025-09-01,,woman,1995,Hallsberg", "P-0003,porten,false,2025-09-01,,"
             "woman,1995,1861")
    _replace(participants, "P-0007,horisont,false,2024-09-02,2026-06-30,woman,1990,Hallsberg",
             "P-0007,horisont,false,2024-09-02,2026-06-30,woman,1990,Hallsbergs kommun")
    _replace(folder / "interventions.csv", "Kumla kommun,Kumla,2024-01-01", "Kumla kommun,KUMLA,2024-01-01")
    _replace(folder / "contributions.csv", "sydnarke,2026,Kumla kommun,", "sydnarke,2026,Kumla,")
    dataset, issues = check(folder)
    assert dataset is not None and issues == [], [i.describe() for i in issues]
    people = dataset.tables["participants"]
    assert set(people["municipality"].dropna()) == {"Kumla", "Hallsberg", "Askersund", "Laxå", "Luleå", "Boden"}
    assert people.loc[3, "municipality"] == "Kumla" and people.loc[4, "municipality"] == "Hallsberg"
    assert dataset.tables["interventions"].loc[2, "municipality"] == "Kumla"
    members = set(dataset.tables["contributions"]["member"])
    assert "Kumla kommun" in members and "Kumla" not in members  # a member kommun by its organisation name


def test_filters_show_the_normalised_name(tmp_path):
    from finsamdash.privacy import audit_pack
    from finsamdash.privacy.views import choices

    folder = _copy(tmp_path)
    _replace(folder / "participants.csv", "1995,Hallsberg", "1995,hallsbergs kommun")
    dataset, _ = check(folder)
    assert dataset is not None
    options = [label for label, key in choices(audit_pack(dataset, "sydnarke", "2026-11-23")) if key.startswith("m:")]
    assert options.count("Kommun: Hallsberg") == 1  # one Hallsberg, not two
    assert not any("hallsbergs" in label.lower() for label in options)


def test_unknown_and_non_member_municipalities_are_warnings_once_per_value(tmp_path):
    folder = _copy(tmp_path)
    participants = folder / "participants.csv"
    text = participants.read_text(encoding="utf-8").replace(",Kumla,", ",Hallsbegr,").replace(",Laxå,", ",Örebro,")
    participants.write_text(text, encoding="utf-8")
    dataset, issues = check(folder)
    assert dataset is not None  # warnings only
    assert [i.describe() for i in issues] == [
        "Varning: participants.csv, rad 2, kolumn ”municipality”: värdet ”Hallsbegr” – ingen svensk kommun heter så "
        "(också på 4 rader till) – menade du Hallsberg (kommunkod 1861)?",
        "Varning: participants.csv, rad 13, kolumn ”municipality”: värdet ”Örebro” – kommunen är inte medlem i "
        "förbundet sydnarke enligt bladet Bidrag – medlemskommunerna är Askersund, Hallsberg, Kumla och Laxå. Stämmer "
        "kommunen?",
    ]
    assert dataset.tables["participants"].loc[2, "municipality"] == "Hallsbegr"  # kept as written, never guessed


def test_without_member_municipalities_only_the_list_is_checked(tmp_path):
    folder = _copy(tmp_path)
    (folder / "contributions.csv").unlink()
    _replace(folder / "participants.csv", "1995,Hallsberg", "1995,Örebro")
    dataset, issues = check(folder)
    assert dataset is not None and issues == [], [i.describe() for i in issues]
