"""`finsamdash template UT.xlsx --from DATA [--goals-year ÅÅÅÅ]`: an existing dataset as a filled workbook (moving
from CSV to Excel), read back with the same summary; last year's goals as the start of next year's."""

from __future__ import annotations

import contextlib
import hashlib
import io
from pathlib import Path

import openpyxl
import pytest

from finsamdash import load, summary
from finsamdash.cli import main
from finsamdash.data.filled_template import goals_for_year
from finsamdash.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
OLD = ROOT / "tests" / "fixtures" / "sydnarke_2016_typed"


def _summaries(dataset, years):
    return {(a, y, raw): summary(dataset, a, y, raw=raw)
            for a in dataset.association_ids for y in years for raw in (True, False)}


def _demo_summaries(demo_summary, kind: str, dataset, years) -> dict:
    """:func:`_summaries` of the demo data (``kind`` "csv" or "xlsx"), from the session's (tests/conftest.py)."""
    return {(a, y, raw): demo_summary(kind, a, y, raw)
            for a in dataset.association_ids for y in years for raw in (True, False)}


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def from_demo(tmp_path_factory) -> tuple[Path, dict[str, str], int, str]:
    """``finsamdash template OUT --from data/demo``, run once for the module (writing the whole demo data takes
    seconds): OUT, the input's digests before the run, the exit status and what the command printed."""
    before = _digests(DEMO)
    out = tmp_path_factory.mktemp("from-demo") / "underlag.xlsx"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["template", str(out), "--from", str(DEMO)])
    return out, before, status, printed.getvalue()


@pytest.mark.parametrize(("data", "years", "warnings"), [(DEMO, (2020, 2023, 2026), 0), (OLD, (2016,), 2)],
                         ids=["demo", "sydnarke2016"])
def test_csv_to_workbook_gives_the_same_summary(data: Path, years, warnings: int, tmp_path: Path, capsys,
                                                request) -> None:
    if data == DEMO:
        out, before, status, printed = request.getfixturevalue("from_demo")
    else:
        before = _digests(data)
        out = tmp_path / "underlag.xlsx"
        status = main(["template", str(out), "--from", str(data)])
        printed = capsys.readouterr().out
    assert status == 0
    assert printed.splitlines() == [
        f"Arbetsboken är skriven: {out}, ifylld med underlaget {data}.",
        *([f"Underlaget har {warnings} varningar; `finsamdash validate {data}` visar dem."] if warnings else []),
        f"Kontrollera den med `finsamdash validate {out}`."]
    assert _digests(data) == before  # the input is never modified
    if data == DEMO:  # the session's loaded demo data and its summaries (tests/conftest.py)
        demo_summary = request.getfixturevalue("demo_summary")
        csv = request.getfixturevalue("demo_dataset")
        csv_summaries = _demo_summaries(demo_summary, "csv", csv, years)
    else:
        csv = load(data)
        csv_summaries = _summaries(csv, years)
    # a workbook with the very bytes of data/demo/demo.xlsx (as the demo's is) reads as the session's loaded copy
    if out.read_bytes() == (DEMO / "demo.xlsx").read_bytes():
        workbook = request.getfixturevalue("demo_workbook")
        workbook_summaries = _demo_summaries(request.getfixturevalue("demo_summary"), "xlsx", workbook, years)
    else:
        workbook = load(out)
        workbook_summaries = _summaries(workbook, years)
    assert workbook_summaries == csv_summaries
    assert [(i.code, i.row, i.expected) for i in workbook.warnings] == [
        (i.code, i.row, i.expected) for i in csv.warnings]  # the same warnings (in the sheets instead of the files)


def test_the_workbook_is_in_swedish(from_demo) -> None:
    out, _before, status, _printed = from_demo
    assert status == 0
    wb = openpyxl.load_workbook(out, read_only=True)
    goals = list(wb["Mål"].iter_rows(min_row=1, max_row=4, values_only=True))
    header = list(goals[0])
    assert header[:7] == ["Förbund-id", "Mål-id", "År", "Insats-id", "Område", "Mål", "Mått"]
    rows = [dict(zip(header, r, strict=True)) for r in goals[1:]]
    assert rows[1]["Mått"] == "andel avslut till"
    assert rows[1]["Parametrar"] == "orsaker=arbete, subventionerad anställning, studier"
    assert rows[1]["Jämförelse"] == "minst"
    people = list(wb["Deltagare"].iter_rows(min_row=1, max_row=40, values_only=True))
    genders = {row[people[0].index("Kön")] for row in people[1:]}
    assert genders <= {"kvinna", "man", "annat/okänt"} and "kvinna" in genders
    wb.close()


def test_last_years_goals_start_next_years_plan(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan2017.xlsx"
    assert main(["template", str(out), "--from", str(OLD), "--goals-year", "2017"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "sydnarke: 7 mål från 2016 kopierade till 2017 – ändra målvärden och texter på fliken Mål efter den nya "
        "verksamhetsplanen.")
    dataset = load(out)
    goals = dataset.tables["goals"]
    old, new = goals[goals["year"] == 2016], goals[goals["year"] == 2017]
    assert len(old) == len(new) == 7
    for column in ("goal_id", "intervention_id", "area", "text", "metric", "params", "operator", "target"):
        assert old[column].tolist() == new[column].tolist(), column
    assert new[["manual_outcome", "manual_status", "comment"]].isna().all().all()
    assert old["manual_status"].notna().any()  # last year's assessment stays with last year
    assert not [i for i in dataset.warnings if i.code == "not_judged"]  # 2017 has not been followed up yet
    # next year's sentences are there from the start: the qualitative goal is not judged yet
    texts = [g["text_sv"] for g in summary(dataset, "sydnarke", 2017, raw=True)["goals"]]
    assert "Målet ”Samverkanskulturen mellan parterna ska förbättras” har ännu inte bedömts." in texts


def test_goals_for_a_year_that_already_has_goals(tmp_path: Path, capsys) -> None:
    assert main(["template", str(tmp_path / "x.xlsx"), "--from", str(OLD), "--goals-year", "2016"]) == 2
    assert capsys.readouterr().err.strip() == (
        "finsamdash: Underlaget har redan mål för 2016 (sydnarke). Ta bort --goals-year eller målen för 2016.")
    assert not (tmp_path / "x.xlsx").exists()
    goals = load(OLD).tables["goals"]
    with pytest.raises(UsageError, match="inga mål före 2010"):
        goals_for_year(goals, 2010)


def test_wrong_use(tmp_path: Path, capsys) -> None:
    assert main(["template", str(tmp_path / "x.xlsx"), "--goals-year", "2017"]) == 2
    assert capsys.readouterr().err.strip() == (
        "finsamdash: --goals-year kräver --from DATA (målen kopieras från ett befintligt underlag).")
    workbook = tmp_path / "underlag.xlsx"
    assert main(["template", str(workbook), "--from", str(OLD)]) == 0
    before = workbook.read_bytes()
    capsys.readouterr()
    assert main(["template", str(workbook), "--from", str(workbook)]) == 2
    assert "är underlaget självt" in capsys.readouterr().err
    assert workbook.read_bytes() == before


def test_invalid_data_writes_nothing(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "underlag"
    folder.mkdir()
    for file in OLD.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    people = folder / "Deltagare.csv"
    people.write_bytes(people.read_bytes().replace(b"2014-03-17", b"2014-31-03"))
    assert main(["template", str(tmp_path / "x.xlsx"), "--from", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "Fel: Deltagare.csv, rad 2, kolumn ”Startdatum”: värdet ”2014-31-03” – ett datum som ÅÅÅÅ-MM-DD – dag och " \
           "månad verkar ha bytt plats: menade du 2014-03-31? Månaden står före dagen" in err
    assert "Traceback" not in err and not (tmp_path / "x.xlsx").exists()
