"""The template filled the way a director types: Sydnärke's 2016 plan (tests/fixtures/sydnarke_2016_typed) typed into
`finsamdash template`'s workbook as Swedish Excel stores it (dates and numbers converted, labels in Swedish,
municipalities as names, organisations or codes, goals in Swedish), first with the slips directors make, then
corrected. Every message is checked word for word."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl

from finsamdash import load
from finsamdash.cli import main
from finsamdash.data.contract import TABLES, table_lookup
from finsamdash.data.template import write_template

SOURCE = Path(__file__).parent / "fixtures" / "sydnarke_2016_typed"
NBSP = "\u00a0"


def _as_excel_stores(text: str) -> object:
    """What Swedish Excel keeps of a typed text: a date, a number, or the text."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.datetime.fromisoformat(text)
    number = text.replace(" ", "").replace(",", ".")
    if re.fullmatch(r"-?\d+(\.\d+)?", number) and not re.fullmatch(r"0\d+", number):
        value = float(number)
        return int(value) if value.is_integer() else value
    return text


def _typed_workbook(path: Path) -> Path:
    """The template with every row of the Sydnärke 2016 fixture typed in."""
    write_template(path)
    wb = openpyxl.load_workbook(path)
    for file in sorted(SOURCE.glob("*.csv")):
        name = table_lookup()[file.stem.casefold()]
        ws = wb[TABLES[name].sheet_sv]
        with file.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";"))
        assert [c.value for c in ws[1]][:len(rows[0])] == rows[0]  # the fixture uses the template's headers
        for row in rows[1:]:
            values = [None if cell == "" else _as_excel_stores(cell) for cell in row]
            ws.append([str(v) if isinstance(v, int | float) and rows[0][i] in ("Mål-id", "Deltagar-id") else v
                       for i, v in enumerate(values)])
    wb.save(path)
    return path


def _cell(wb: openpyxl.Workbook, sheet: str, row: int, header: str):
    ws = wb[sheet]
    return ws.cell(row, [c.value for c in ws[1]].index(header) + 1)


def _with_slips(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    _cell(wb, "Budget", 3, "Belopp (kr)").value = "1 210 tkr"  # På väg, as the plan writes it
    _cell(wb, "Deltagare", 8, "Kommun").value = "Hallsbegr"
    _cell(wb, "Deltagare", 14, "Kommun").value = "Hallsbegr"
    _cell(wb, "Deltagare", 9, "Kommun").value = "1861"  # a code is fine
    _cell(wb, "Deltagare", 10, "Kommun").value = "Kumla kommun"  # so is the organisation
    _cell(wb, "Deltagare", 11, "Startdatum").value = "2016-31-01"
    years = _cell(wb, "Deltagare", 12, "År i offentlig försörjning")
    years.value, years.number_format = dt.datetime(2026, 5, 2), "d/mmm"  # "2.5" typed: Excel makes it 2 May
    target = _cell(wb, "Mål", 3, "Målvärde")
    target.value, target.number_format = 0.3, "0%"  # "30 %" typed into a cell formatted as percent
    paid = _cell(wb, "Bidrag", 4, "Betaldatum")
    paid.value, paid.number_format = 2016, "yyyy-mm-dd"  # a year typed into a date cell
    _cell(wb, "Mål", 4, "Parametrar").value = "grupper=handläggare, politiker"
    wb.save(path)


WB = "sydnarke.xlsx"


def _validate(path: Path, capsys) -> tuple[int, list[str], str]:
    status = main(["validate", str(path)])
    out = capsys.readouterr().out
    assert "Traceback" not in out
    return status, [line for line in out.splitlines() if line.startswith(("Fel:", "Varning:"))], out.splitlines()[-1]


def test_the_plan_typed_as_a_director_types_it_is_valid(tmp_path: Path, capsys) -> None:
    path = _typed_workbook(tmp_path / WB)
    status, lines, last = _validate(path, capsys)
    assert status == 0
    stale = "deltagandet har pågått i mer än två år utan slutdatum (räknat till underlagets senaste datum 2016-12-31)"
    assert lines == [
        f"Varning: {WB}, blad ”Deltagare”, rad 2, kolumn ”Startdatum”: värdet ”2014-03-17” – {stale} – har "
        "deltagaren avslutats?",
        f"Varning: {WB}, blad ”Deltagare”, rad 3, kolumn ”Startdatum”: värdet ”2014-09-01” – {stale} – har "
        "deltagaren avslutats?",
    ]
    assert last == (f"Underlaget {path} är giltigt (2 varningar): 1 rad Förbund, 6 rader Medlemsbidrag, 7 rader "
                    "Insatser, 48 rader Deltagare, 7 rader Mål, 21 rader Enkätsvar, 14 rader Budget, 44 rader Utfall, "
                    "1 rad Eget kapital, 5 rader Kompetensutveckling.")


def test_every_slip_gets_a_message_that_says_what_was_meant(tmp_path: Path, capsys) -> None:
    path = _typed_workbook(tmp_path / WB)
    _with_slips(path)
    before = path.read_bytes()
    status, lines, last = _validate(path, capsys)
    assert status == 2
    assert lines == [
        f"Fel: {WB}, blad ”Bidrag”, rad 4, kolumn ”Betaldatum”: värdet ”1905-07-08” – ett datum som ÅÅÅÅ-MM-DD – "
        "cellen innehåller talet 2016, som Excel visar som datumet 1905-07-08; skriv hela datumet, t.ex. 2016-03-31",
        f"Fel: {WB}, blad ”Deltagare”, rad 11, kolumn ”Startdatum”: värdet ”2016-31-01” – ett datum som ÅÅÅÅ-MM-DD – "
        "dag och månad verkar ha bytt plats: menade du 2016-01-31? Månaden står före dagen",
        f"Fel: {WB}, blad ”Deltagare”, rad 12, kolumn ”År i offentlig försörjning”: värdet ”2026-05-02” – ett tal, "
        "inte ett datum – skrev du 2.5? Excel gör det till datumet 2 maj. Skriv decimaltal med komma: 2,5",
        f"Fel: {WB}, blad ”Mål”, rad 3, kolumn ”Målvärde”: värdet ”0.3” – ett målvärde i procent – 0,3 betyder 0,3 %; "
        "menade du 30 (= 30 %)? En cell formaterad som procent i Excel sparar 30 % som 0,3",
        f"Fel: {WB}, blad ”Mål”, rad 4, kolumn ”Parametrar”: värdet ”grupper=handläggare, politiker” – Okänd "
        "deltagargrupp ”politiker” i grupper. Tillåtna: handläggare, chef, styrelse, personal, annan.",
        f"Fel: {WB}, blad ”Budget”, rad 3, kolumn ”Belopp (kr)”: värdet ”1 210 tkr” – ett belopp i kronor, inte i "
        f"tusental kronor (tkr) – 1 210 tkr är 1{NBSP}210{NBSP}000 kr; skriv 1{NBSP}210{NBSP}000. Beloppet räknas "
        "inte om automatiskt",
        f"Varning: {WB}, blad ”Deltagare”, rad 2, kolumn ”Startdatum”: värdet ”2014-03-17” – deltagandet har pågått i "
        "mer än två år utan slutdatum (räknat till underlagets senaste datum 2016-12-31) – har deltagaren avslutats?",
        f"Varning: {WB}, blad ”Deltagare”, rad 3, kolumn ”Startdatum”: värdet ”2014-09-01” – deltagandet har pågått i "
        "mer än två år utan slutdatum (räknat till underlagets senaste datum 2016-12-31) – har deltagaren avslutats?",
        f"Varning: {WB}, blad ”Deltagare”, rad 8, kolumn ”Kommun”: värdet ”Hallsbegr” – ingen svensk kommun heter så "
        "(också på 1 rad till) – menade du Hallsberg (kommunkod 1861)?",
    ]
    assert last == f"Underlaget {path} har 6 fel och 3 varningar. Rätta felen och kör igen."
    assert path.read_bytes() == before  # the workbook is never modified


def test_the_corrected_workbook_reads_like_the_plan(tmp_path: Path, capsys) -> None:
    """Codes and organisation names become the municipality's name; the summary speaks Swedish."""
    path = _typed_workbook(tmp_path / WB)
    wb = openpyxl.load_workbook(path)
    _cell(wb, "Deltagare", 9, "Kommun").value = "1861"
    _cell(wb, "Deltagare", 10, "Kommun").value = "Kumla kommun"
    wb.save(path)
    assert main(["summary", str(path), "--association", "sydnarke", "--year", "2016"]) == 0
    text = capsys.readouterr().out
    assert "Samordningsförbundet Sydnärke – nyckeltal 2016" in text
    assert ("Målet ”Samverkanskulturen mellan parterna ska förbättras” bedömdes som delvis uppnått. "
            "Beredningsgruppen har träffats varje månad; gemensamma rutiner återstår.") in text
    assert "hittills" not in text  # 2016 is over in the data
    people = load(path).tables["participants"]
    assert people.loc[9, "municipality"] == "Hallsberg" and people.loc[10, "municipality"] == "Kumla"
