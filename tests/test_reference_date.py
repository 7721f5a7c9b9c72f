"""Warnings are judged against the data's own dates, never the computer's clock: the data's latest date in
`validate` and `summary`, the meeting's date in `build`. Tried on an old dataset (Sydnärke 2016, from its
verksamhetsplan) and on a current one (the small 2026 fixture)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import nbformat
import pytest

from finsamdash.cli import main
from finsamdash.data.reference import latest_dates
from finsamdash.data.validate import check, load

FIXTURES = Path(__file__).parent / "fixtures"
OLD = FIXTURES / "sydnarke_2016_typed"
CURRENT = FIXTURES / "valid_small"
STALE = "deltagandet har pågått i mer än två år utan slutdatum (räknat till {}) – har deltagaren avslutats?"


def _stale(issues) -> list[str]:
    return [i.describe() for i in issues if i.code == "stale_episode"]


def test_the_latest_date_is_the_latest_event_of_each_association():
    assert latest_dates(load(OLD).tables) == {"sydnarke": date(2016, 12, 31)}  # the last booking
    # each association its own: Sydnärke's last event is an ended episode and bookings on 2026-06-30
    assert latest_dates(load(CURRENT).tables) == {"sydnarke": date(2026, 6, 30), "norrsken": date(2026, 9, 30)}


def test_an_old_dataset_is_judged_against_its_own_latest_date():
    dataset, issues = check(OLD)
    assert dataset is not None
    people = dataset.tables["participants"]
    open_episodes = people[people["end_date"].isna()]
    # against the clock (2026 or later) all of them would be "more than two years"; against the data only the two
    # that were open since 2014
    assert len(open_episodes) > 20
    assert _stale(issues) == [
        "Varning: Deltagare.csv, rad 2, kolumn ”Startdatum”: värdet ”2014-03-17” – "
        + STALE.format("underlagets senaste datum 2016-12-31"),
        "Varning: Deltagare.csv, rad 3, kolumn ”Startdatum”: värdet ”2014-09-01” – "
        + STALE.format("underlagets senaste datum 2016-12-31"),
    ]


def test_a_meeting_date_is_the_reference_when_given():
    _, issues = check(OLD, reference_date=date(2016, 6, 1))
    assert _stale(issues) == [
        "Varning: Deltagare.csv, rad 2, kolumn ”Startdatum”: värdet ”2014-03-17” – "
        + STALE.format("mötesdatumet 2016-06-01")]


def test_a_current_dataset(tmp_path: Path):
    assert _stale(check(CURRENT)[1]) == []
    folder = tmp_path / "underlag"
    shutil.copytree(CURRENT, folder)
    people = folder / "participants.csv"
    text = people.read_text(encoding="utf-8")
    # Sydnärke's latest date is 2026-06-30: open since 2024-06-29 is more than two years (730 days), since
    # 2024-06-30 not
    people.write_text(text.replace("P-0003,porten,false,2025-09-01", "P-0003,porten,false,2024-06-29")
                      .replace("P-0004,porten,false,2026-01-12", "P-0004,porten,false,2024-06-30"), encoding="utf-8")
    assert _stale(check(folder)[1]) == [
        "Varning: participants.csv, rad 4, kolumn ”start_date”: värdet ”2024-06-29” – "
        + STALE.format("underlagets senaste datum 2026-06-30")]


def test_a_birth_year_is_judged_against_the_start_year(tmp_path: Path):
    folder = tmp_path / "underlag"
    shutil.copytree(CURRENT, folder)
    people = folder / "participants.csv"
    people.write_text(people.read_text(encoding="utf-8").replace(",other_unknown,2001,", ",other_unknown,2027,")
                      .replace(",woman,1988,", ",woman,2025,", 1), encoding="utf-8")  # 2025 starting 2025: fine
    dataset, issues = check(folder)
    assert dataset is None
    assert [i.describe() for i in issues] == [
        "Fel: participants.csv, rad 5, kolumn ”birth_year”: värdet ”2027” – ett födelseår från 1930 till startåret "
        "2026 – deltagaren kan inte vara född efter att deltagandet började"]


def test_summary_calls_a_year_preliminary_only_when_the_data_ends_within_it(capsys):
    assert main(["summary", str(OLD), "--association", "sydnarke", "--year", "2016", "--json", "--raw"]) == 0
    old = json.loads(capsys.readouterr().out)
    assert all("hittills" not in g["text_sv"] for g in old["goals"])  # 2016 is over in the data
    assert main(["summary", str(CURRENT), "--association", "sydnarke", "--year", "2026", "--json", "--raw"]) == 0
    current = json.loads(capsys.readouterr().out)
    assert any("hittills" in g["text_sv"] for g in current["goals"])  # the data ends 2026-09-30: still running


@pytest.mark.slow
def test_build_judges_warnings_against_the_meeting(tmp_path: Path):
    from finsamdash.pack.build import build_pack

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Prov"),
                nbformat.v4.new_code_cell("data_path = ''\nassociation_id = ''", metadata={"tags": ["parameters"]})]
    nbformat.write(nb, notebooks / "prov.ipynb")
    result = build_pack(OLD, meeting=date(2016, 6, 1), out=tmp_path / "packs", jobs=1, pdf=False,
                        notebooks=notebooks)
    assert _stale(result.warnings) == [
        "Varning: Deltagare.csv, rad 2, kolumn ”Startdatum”: värdet ”2014-03-17” – "
        + STALE.format("mötesdatumet 2016-06-01")]
