"""docs/dataformat.md must not drift from the contract (finsamdash.data.contract)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from finsamdash.data.contract import CATEGORIES, TABLES, Table, core_indicators

DOC = Path(__file__).resolve().parents[1] / "docs" / "dataformat.md"
#: How the docs name each column kind (the "Typ" column of every table).
KIND_SV = {"text": "text", "int": "heltal", "number": "tal", "date": "datum", "bool": "ja/nej",
           "category": "lista", "period": "period", "municipality": "kommun"}


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def section(doc: str, heading: str) -> str:
    """The text of the level-2 section whose heading line is exactly ``## {heading}``."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", doc, flags=re.M | re.S)
    assert match, f"section '## {heading}' missing from {DOC.name}"
    return match.group(1)


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def column_table(text: str) -> list[list[str]]:
    """Rows (as cells) of the first table whose header starts with 'Rubrik | Engelskt namn'."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| Rubrik | Engelskt namn |"):
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                rows.append(cells(row))
            return rows
    raise AssertionError("no column table (| Rubrik | Engelskt namn | ...) in section")


def test_one_section_per_table_in_contract_order(doc):
    headings = [f"## {t.sheet_sv} (`{t.name}`)" for t in TABLES.values()]
    positions = [doc.find(h + "\n") for h in headings]
    assert all(p >= 0 for p in positions), [h for h, p in zip(headings, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_column_table_matches_contract(doc, table: Table):
    rows = column_table(section(doc, f"{table.sheet_sv} (`{table.name}`)"))
    assert [r[1] for r in rows] == [f"`{c.name}`" for c in table.columns]
    for row, col in zip(rows, table.columns, strict=True):
        header, _, kind, required = row[:4]
        assert header == col.header_sv, col.name
        assert kind == KIND_SV[col.kind], col.name
        if col.required:
            assert required == "ja", col.name
        else:
            assert required in ("nej", "villkorligt"), col.name
        assert len(row) == 6, col.name


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_conditional_rules_are_explained(doc, table: Table):
    rows = column_table(section(doc, f"{table.sheet_sv} (`{table.name}`)"))
    for row in rows:
        if row[3] == "villkorligt":
            assert "Krävs" in row[5], row


@pytest.mark.parametrize("name", list(CATEGORIES))
def test_every_category_label_and_key_is_documented(doc, name):
    for cat in CATEGORIES[name]:
        inline = f"{cat.label_sv} (`{cat.key}`)"
        table_row = f"| {cat.label_sv} | `{cat.key}` |"
        assert inline in doc or table_row in doc, f"{name}: {cat.label_sv} ({cat.key}) not documented"


def test_metric_catalogue(doc):
    from finsamdash.data.goal_params import GOAL_PARAMS
    from finsamdash.metrics.goals import GOAL_METRICS

    text = section(doc, "Mått och måluppfyllelse")
    rows = {}
    for line in text.splitlines():
        if line.startswith("| ") and "| `" in line:
            row = cells(line)
            rows[row[1].strip("`")] = row
    assert list(rows) == [c.key for c in CATEGORIES["metric"]]
    for cat in CATEGORIES["metric"]:
        label, _, _, params, per_intervention, _ = rows[cat.key]
        assert label == cat.label_sv, cat.key
        spec = GOAL_METRICS[cat.key]
        for param in spec.params:  # the Swedish name and the English key
            assert f"`{GOAL_PARAMS[param].name_sv}=" in params and f"`{param}=" in params, (cat.key, param)
        if not spec.params:
            assert params == "–", cat.key
        assert per_intervention == ("ja" if "intervention" in spec.scopes else "nej"), cat.key
    for phrase in (
        "`namn=värden; namn=värden`",
        "orsaker=arbete, subventionerad anställning, studier", "grupper=handläggare, chefer", "frågor=1a, 1b",
        "reasons=work,subsidised_work,studies", "Jämförelse och Målvärde tomma", "har ännu inte bedömts",
        "items=1a,1b;groups=participant_ongoing",
        "groups=caseworker,manager",
        "66 %", "70 %", "delvis uppnått", "29 %", "40 %", "ej uppnått", "10 %",
    ):
        assert phrase in text, phrase


def test_municipalities_slips_and_reference_date_are_explained(doc):
    text = section(doc, "Vad är ett underlag?")
    for phrase in ("Hallsbergs kommun", "1861", "menade du Hallsberg", "medlemskommuner", "CC0", "2016-31-01",
                   "1 210 tkr", "Belopp (tkr)", "3 maj", "0,4 betyder 0,4 %", "räknas aldrig om automatiskt"):
        assert phrase in text, phrase
    checks = section(doc, "Kontrollera underlaget")
    for phrase in ("underlagets eget senaste datum", "mötesdatumet", "aldrig datorns klocka", "1 rad",
                   "--from UNDERLAG", "--goals-year"):
        assert phrase in checks, phrase


def test_survey_items_are_listed(doc):
    text = section(doc, "Bilaga: mätpunkter")
    for item in core_indicators()["item"]:
        assert f"| {item} |" in text, item


def test_general_rules_and_commands(doc):
    for phrase in (
        "finsamdash validate", "finsamdash template mall.xlsx", "ÅÅÅÅ-MM-DD", "UTF-8", "Windows-1252",
        "semikolon", "decimalkomma", "1 234 567,50", "personnummer", "sekundär röjandekontroll",
        "30 betyder 30 %", "vet ej",
    ):
        assert phrase in doc, phrase
    rules = section(doc, "Så räknas siffrorna")
    for phrase in ("31 december", "1 januari", "felregistrering", "Anonyma", "Arbete eller studier",
                   "Närmare arbetsmarknaden", "Administrationens andel"):
        assert phrase in rules, phrase


def test_file_checks_are_explained(doc):
    """The checks of the readers (finsamdash.data.read) that a director meets are described where files are."""
    text = section(doc, "Vad är ett underlag?")
    for phrase in ("Rubrikraden ska vara rad 1", "kolumn C", "#REF!", "#N/A", "Formler utan sparat resultat",
                   "lösenordsskyddad", ".xls", "skadad", "bara har rubrikraden", "Unicode-text", "tabb",
                   "samma teckenkodning", "CSV UTF-8", "samma avgränsare", "nolltecken"):
        assert phrase in text, phrase


def test_the_two_dates_the_forecast_and_a_monthly_budget_are_explained(doc):
    rules = " ".join(section(doc, "Så räknas siffrorna").split())
    for phrase in ("mötesdagen", "bokfört t.o.m.-datumet", "Prognosen för helåret", "beslutade bidrag",
                   "budgeten för resten av året", "räknas aldrig upp till helår", "bokfört till och med 31 december"):
        assert phrase in rules, phrase
    assert "konferens i april" in section(doc, "Budget (`budget`)")
    assert "--books-closed" in section(doc, "Utfall (`ledger`)")
    assert "inbetalt hittills" in section(doc, "Bidrag (`contributions`)")
