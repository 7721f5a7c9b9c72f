"""The Excel template and the filled workbook (finsamdash.data.template)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from finsamdash.data.contract import CATEGORIES, TABLES, Column, category_labels
from finsamdash.data.dataset import typed_table
from finsamdash.data.template import (
    BOOL_LABELS,
    DATE_FORMAT,
    GOAL_EXAMPLES,
    GOAL_EXAMPLES_SHEET,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    MONEY_FORMAT,
    TEMPLATE_ROWS,
    write_template,
    write_workbook,
)
from finsamdash.errors import UsageError

LIST_KINDS = ("category", "bool")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = write_template(tmp_path_factory.mktemp("template") / "mall.xlsx")
    assert path.name == "mall.xlsx"
    return openpyxl.load_workbook(path)


def expected_list(col: Column) -> list[str]:
    if col.kind == "bool":
        return list(BOOL_LABELS)
    return [c.label_sv for c in CATEGORIES[col.categories]]


def validations_by_column(ws) -> dict[str, list]:
    """Column letter -> data validations whose ranges lie in that column."""
    out: dict[str, list] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            min_col, _, max_col, _ = range_boundaries(rng.coord)
            assert min_col == max_col, "one validation range per column expected"
            out.setdefault(get_column_letter(min_col), []).append((dv, rng))
    return out


def list_values(wb: openpyxl.Workbook, formula: str) -> list[str]:
    """The values of the range a list validation refers to."""
    formula = formula.lstrip("=")
    sheet, ref = formula.split("!")
    assert sheet.strip("'") == LISTS_SHEET
    cells = wb[LISTS_SHEET][ref.replace("$", "")]
    return [row[0].value for row in cells]


# --------------------------------------------------------------------------------------------------------------
# The empty template


def test_sheets_in_contract_order(template):
    sheets = [t.sheet_sv for t in TABLES.values()]
    sheets.insert(sheets.index("Mål") + 1, GOAL_EXAMPLES_SHEET)
    assert template.sheetnames == [INSTRUCTIONS_SHEET, *sheets, LISTS_SHEET]
    assert template.active.title == INSTRUCTIONS_SHEET
    assert template[LISTS_SHEET].sheet_state == "hidden"
    for name in template.sheetnames[:-1]:
        assert template[name].sheet_state == "visible"


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_headers_are_the_swedish_headers(template, table):
    ws = template[table.sheet_sv]
    header = [c.value for c in ws[1]]
    assert header == [c.header_sv for c in table.columns]
    assert ws.max_row == 1  # the template holds no data rows
    assert ws.freeze_panes == "A2"
    for cell, col in zip(ws[1], table.columns, strict=True):
        assert cell.font.bold
        assert cell.comment is not None and cell.comment.text
        assert ("Obligatorisk" in cell.comment.text) == col.required, col.name
        if col.example:
            assert col.example in cell.comment.text
        if col.help_sv:
            assert col.help_sv.rstrip(".") in cell.comment.text
        assert ws.column_dimensions[cell.column_letter].width >= len(col.header_sv)


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_every_list_column_has_a_drop_down_with_exactly_its_labels(template, table):
    ws = template[table.sheet_sv]
    by_column = validations_by_column(ws)
    for idx, col in enumerate(table.columns, start=1):
        letter = get_column_letter(idx)
        lists = [(dv, rng) for dv, rng in by_column.get(letter, []) if dv.type == "list"]
        if col.kind not in LIST_KINDS:
            assert not lists, col.name
            continue
        assert len(lists) == 1, col.name
        dv, rng = lists[0]
        assert rng.coord == f"{letter}2:{letter}{TEMPLATE_ROWS}"
        assert dv.showErrorMessage and dv.error and dv.errorTitle
        assert len(dv.error) <= 255 and len(dv.errorTitle) <= 32  # Excel's limits
        assert dv.allow_blank
        assert list_values(template, dv.formula1) == expected_list(col)


def test_lists_sheet_holds_every_category_set(template):
    ws = template[LISTS_SHEET]
    columns = {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in ws.iter_cols()}
    for name, cats in CATEGORIES.items():
        assert columns[name] == [c.label_sv for c in cats]
    assert list(BOOL_LABELS) in columns.values()


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_date_and_money_columns(template, table):
    ws = template[table.sheet_sv]
    by_column = validations_by_column(ws)
    for idx, col in enumerate(table.columns, start=1):
        letter = get_column_letter(idx)
        dim = ws.column_dimensions[letter]
        if col.kind == "date":
            assert dim.number_format == DATE_FORMAT
            kinds = {dv.type for dv, _ in by_column[letter]}
            assert kinds == {"date"}
        if col.kind == "number" and col.name.endswith("_sek"):
            assert dim.number_format == MONEY_FORMAT


def test_instructions_cover_the_rules(template):
    text = "\n".join(str(v) for (v,) in template[INSTRUCTIONS_SHEET].iter_rows(values_only=True) if v)
    for table in TABLES.values():
        assert table.sheet_sv in text
        assert table.help_sv in text
        for col in table.columns:
            if col.required:
                assert col.header_sv in text
    for phrase in (
        "ÅÅÅÅ-MM-DD", "kronor", "30 betyder 30 %", "1–6", "vet ej", "personnummer", "pseudonym",
        "krävs utom för anonyma deltagare", "krävs när slutdatum är ifyllt", "krävs för kategorin insatser",
        "finsamdash validate",
    ):
        assert phrase in text, phrase


def test_instructions_show_a_monthly_budget_profile_and_the_books_closed_date(template):
    text = "\n".join(str(v) for (v,) in template[INSTRUCTIONS_SHEET].iter_rows(values_only=True) if v)
    assert "en konferens i april: Kategori kansli, Budgetpost Konferens, Belopp 60 000, Månad 4" in text
    assert "en rad utan Månad fördelas jämnt över året" in text
    assert "prognosen för årets intäkter räknar med dem hur de än betalas in" in text
    assert "sista dagen i månaden för den senaste bokföringen före mötet" in text and "--books-closed" in text


def test_instructions_explain_goal_types_parameters_and_municipalities(template):
    text = "\n".join(str(v) for (v,) in template[INSTRUCTIONS_SHEET].iter_rows(values_only=True) if v)
    for cat in CATEGORIES["metric"]:
        assert f"{cat.label_sv}: " in text, cat.key
    for phrase in ("Målexempel", "orsaker=arbete, subventionerad anställning, studier", "frågor=1a, 1b",
                   "grupper", "gräns", "reasons=work", "Kvalitativa mål", "Lämna Jämförelse och Målvärde tomma",
                   "40 betyder 40 % (inte 0,4)", "kommunkoden (1861)", "Hallsbergs kommun", "290 kommuner"):
        assert phrase in text, phrase


def test_goal_examples_sheet_has_one_example_of_every_goal_type(template):
    ws = template[GOAL_EXAMPLES_SHEET]
    rows = [dict(zip([c.value for c in ws[1]], r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [c.value for c in ws[1]][:-1] == [c.header_sv for c in TABLES["goals"].columns]
    assert [r["Mått"] for r in rows] == [c.label_sv for c in CATEGORIES["metric"]]
    assert all(r["Förklaring (läses inte)"] for r in rows)
    qualitative = rows[-1]
    assert qualitative["Mått"] == "manuell bedömning" and qualitative["Jämförelse"] is None
    assert qualitative["Målvärde"] is None and qualitative["Manuell bedömning"] == "delvis uppnått"
    assert next(r for r in rows if r["Mått"] == "andel avslut till")["Parametrar"] == (
        "orsaker=arbete, subventionerad anställning, studier")
    assert len(GOAL_EXAMPLES) == len(rows)


def test_goal_examples_are_valid_goals_and_are_not_read_as_data(tmp_path):
    """Copied to the Mål sheet (as the instructions say), every example validates and gets a sentence."""
    from finsamdash.data.validate import check
    from finsamdash.report import summary

    path = write_workbook(tmp_path / "mall.xlsx", {})
    dataset, issues = check(path)
    assert dataset is not None and "goals" in dataset.tables and dataset.tables["goals"].empty
    assert not [i for i in issues if i.code == "unknown_table"]  # Målexempel is not an unknown sheet
    wb = openpyxl.load_workbook(path)
    for row in wb[GOAL_EXAMPLES_SHEET].iter_rows(min_row=2, values_only=True):
        wb["Mål"].append(row[:-1])
    wb["Förbund"].append(["sydnarke", "Samordningsförbundet Sydnärke"])
    wb["Insatser"].append(["sydnarke", "porten", "Porten", "individinriktad", None, None, dt.datetime(2024, 1, 1)])
    wb["Deltagare"].append(["sydnarke", "D-1", "porten", "nej", dt.datetime(2026, 2, 3), None, "kvinna"])
    wb.save(path)
    dataset, issues = check(path)
    assert dataset is not None and [i.describe() for i in issues] == []
    goals = summary(dataset, "sydnarke", 2026, raw=True)["goals"]
    assert len(goals) == len(GOAL_EXAMPLES)
    assert goals[-1]["status"] == "partly" and goals[-1]["target"] is None
    assert dataset.tables["goals"]["params"].dropna().tolist() == [
        "reasons=work,subsidised_work,studies", "reasons=work,subsidised_work", "groups=caseworker,manager",
        "items=1a,1b", "items=1a,1b;groups=participant_ongoing,participant_exit"]


def test_goal_parameters_are_written_in_swedish(tmp_path):
    goals = pd.DataFrame({
        "association_id": ["a", "a", "a", "a"], "goal_id": ["G1", "G2", "G3", "G4"],
        "metric": ["exit_share", "trained_staff", "indicator_positive_share", "exit_share"],
        "params": ["reasons=work,subsidised_work,studies", "groups=caseworker,manager", "items=1a;threshold=4",
                   "reasons=lottery"],
    })
    ws = openpyxl.load_workbook(write_workbook(tmp_path / "mal.xlsx", {"goals": goals}))["Mål"]
    column = [c.value for c in ws[1]].index("Parametrar")
    assert [r[column] for r in ws.iter_rows(min_row=2, values_only=True)] == [
        "orsaker=arbete, subventionerad anställning, studier", "grupper=handläggare, chef", "frågor=1a; gräns=4",
        "reasons=lottery"]  # an invalid parameter is left for the validator to report


def test_bad_target_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match=r"\.xlsx"):
        write_template(tmp_path / "mall.csv")
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(UsageError):
        write_template(tmp_path / "dir.xlsx")
    path = write_template(tmp_path / "new" / "folder" / "mall.xlsx")  # parents are created
    assert path.is_file()
    assert [p.name for p in path.parent.iterdir()] == ["mall.xlsx"]  # no temporary file left behind


# --------------------------------------------------------------------------------------------------------------
# write_workbook


def sample_value(col: Column, i: int) -> object:
    """A valid canonical value of ``col`` for row ``i``; every third optional value is missing."""
    if not col.required and i % 3 == 2:
        return None
    if col.kind == "category":
        cats = CATEGORIES[col.categories]
        return cats[i % len(cats)].key
    if col.kind == "bool":
        return i % 2 == 0
    if col.kind == "date":
        return pd.Timestamp(2020, 1, 1) + pd.Timedelta(days=(37 * i) % 3650)
    if col.kind == "int":
        low = int(col.min) if col.min is not None else 0
        high = int(col.max) if col.max is not None else low + 100
        return low + i % (high - low + 1)
    if col.kind == "number":
        return 1234.5 * (i + 1)
    if col.kind == "period":
        return f"{2024 + i % 3}-H{1 + i % 2}"
    return f"{col.name}-{i}"


def sample_tables(n: int = 7) -> dict[str, pd.DataFrame]:
    """Typed frames (as a Dataset holds them) for every table, from the contract alone."""
    out = {}
    for name, table in TABLES.items():
        raw = pd.DataFrame({c.name: [sample_value(c, i) for i in range(n)] for c in table.columns})
        out[name] = typed_table(name, raw)
    return out


def check_cell(col: Column, cell, value: object) -> None:
    where = f"{col.name} {cell.coordinate}"
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        assert cell.value is None, where
        return
    if col.kind == "category":
        assert cell.value == category_labels(col.categories)[value], where
    elif col.kind == "bool":
        assert cell.value == ("ja" if value else "nej"), where
    elif col.kind == "date":
        assert isinstance(cell.value, dt.datetime), where
        assert cell.value.date() == pd.Timestamp(value).date(), where
        assert cell.number_format == DATE_FORMAT, where
    elif col.kind == "int":
        assert isinstance(cell.value, int) and not isinstance(cell.value, bool), where
        assert cell.value == value, where
    elif col.kind == "number":
        assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool), where
        assert cell.value == pytest.approx(float(value)), where
        if col.name.endswith("_sek"):
            assert cell.number_format == MONEY_FORMAT, where
    else:
        assert cell.value == str(value), where


def test_write_workbook_round_trip(tmp_path):
    tables = sample_tables()
    before = {name: frame.copy(deep=True) for name, frame in tables.items()}
    path = write_workbook(tmp_path / "underlag.xlsx", tables)
    wb = openpyxl.load_workbook(path)
    for name, table in TABLES.items():
        ws = wb[table.sheet_sv]
        assert [c.value for c in ws[1]] == [c.header_sv for c in table.columns]
        frame = tables[name]
        assert ws.max_row == len(frame) + 1
        for r, (_, row) in enumerate(frame.iterrows(), start=2):
            for idx, col in enumerate(table.columns, start=1):
                check_cell(col, ws.cell(row=r, column=idx), row[col.name])
        pd.testing.assert_frame_equal(frame, before[name])  # input unchanged


def test_write_workbook_accepts_plain_python_values(tmp_path):
    frame = pd.DataFrame({
        "association_id": ["sydnarke", "sydnarke", "sydnarke"],
        "participant_id": ["D-1", None, "D-3"],
        "intervention_id": ["porten", "porten", "porten"],
        "anonymous": [False, True, None],
        "start_date": [dt.date(2025, 2, 3), "2025-03-01", dt.datetime(2025, 4, 1)],
        "end_date": [None, None, dt.date(2025, 9, 30)],
        "gender": ["woman", "man", "kvinna"],  # a Swedish label passes through
        "birth_year": [1988.0, None, 1990],
        "exit_reason": [None, None, "work"],
        "years_public_support": [3.5, None, 2],
    })
    before = frame.copy(deep=True)
    path = write_workbook(tmp_path / "deltagare.xlsx", {"participants": frame})
    ws = openpyxl.load_workbook(path)[TABLES["participants"].sheet_sv]
    rows = [dict(zip([c.value for c in ws[1]], r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [r["Anonym"] for r in rows] == ["nej", "ja", None]
    assert [r["Startdatum"] for r in rows] == [dt.datetime(2025, 2, 3), dt.datetime(2025, 3, 1),
                                               dt.datetime(2025, 4, 1)]
    assert [r["Kön"] for r in rows] == ["kvinna", "man", "kvinna"]
    assert [r["Födelseår"] for r in rows] == [1988, None, 1990]
    assert isinstance(rows[0]["Födelseår"], int)
    assert [r["Avslutsorsak"] for r in rows] == [None, None, "arbete"]
    assert [r["År i offentlig försörjning"] for r in rows] == [3.5, None, 2]
    assert [r["Deltagar-id"] for r in rows] == ["D-1", None, "D-3"]
    assert rows[0]["Kommun"] is None  # a column not given stays empty
    pd.testing.assert_frame_equal(frame, before)
    # Tables not given still get their (empty) sheet.
    wb = openpyxl.load_workbook(path)
    assert wb[TABLES["goals"].sheet_sv].max_row == 1


def test_text_is_written_literally(tmp_path):
    frame = pd.DataFrame({
        "association_id": ["a", "a"],
        "goal_id": ["G1", "G2"],
        "text": ["=SUMMA(A1:A3)", "Minst\x0b 40 %"],  # not a formula; a control character Excel cannot store
        "comment": ["+46 70", None],
    })
    path = write_workbook(tmp_path / "mal.xlsx", {"goals": frame})
    ws = openpyxl.load_workbook(path)[TABLES["goals"].sheet_sv]
    header = [c.value for c in ws[1]]
    text = ws.cell(row=2, column=header.index("Mål") + 1)
    assert text.value == "=SUMMA(A1:A3)" and text.data_type == "s"
    assert ws.cell(row=3, column=header.index("Mål") + 1).value == "Minst 40 %"
    assert ws.cell(row=2, column=header.index("Kommentar") + 1).value == "+46 70"


def test_write_workbook_rejects_unknown_names(tmp_path):
    with pytest.raises(UsageError, match="Okänd tabell"):
        write_workbook(tmp_path / "x.xlsx", {"people": pd.DataFrame()})
    with pytest.raises(UsageError, match="okända kolumner: age"):
        write_workbook(tmp_path / "x.xlsx", {"participants": pd.DataFrame({"age": [1]})})
    assert not (tmp_path / "x.xlsx").exists()


def test_validations_extend_over_long_tables(tmp_path):
    n = 1500
    frame = pd.DataFrame({"association_id": ["a"] * n, "date": [dt.date(2026, 1, 1)] * n,
                          "category": ["intervention"] * n, "amount_sek": [1.0] * n})
    wb = openpyxl.load_workbook(write_workbook(tmp_path / "utfall.xlsx", {"ledger": frame}))
    ws = wb[TABLES["ledger"].sheet_sv]
    letter = get_column_letter(TABLES["ledger"].column_names.index("category") + 1)
    (_dv, rng), = validations_by_column(ws)[letter]
    assert rng.coord == f"{letter}2:{letter}{n + 1}"


def valid_tables() -> dict[str, pd.DataFrame]:
    """A small dataset that satisfies the contract, as typed frames (every table, every column)."""
    t = pd.Timestamp
    raw = {
        "associations": {"association_id": ["sydnarke"], "name": ["Samordningsförbundet Sydnärke"],
                         "org_number": ["222000-1234"], "county": ["Örebro län"]},
        "contributions": {"association_id": ["sydnarke"] * 3, "year": [2026] * 3,
                          "member": ["Försäkringskassan", "Region Örebro län", "Kumla kommun"],
                          "member_type": ["state", "region", "municipality"],
                          "amount_sek": [2_500_000.0, 1_250_000.0, 1_250_000.0],
                          "paid_date": [t("2026-01-31"), None, None]},
        "interventions": {"association_id": ["sydnarke"] * 2, "intervention_id": ["porten", "horisont"],
                          "name": ["Porten", "Horisont"], "kind": ["individual", "structural"],
                          "owner": ["Kumla kommun", None], "municipality": ["Kumla", None],
                          "start_date": [t("2024-01-01"), t("2023-09-01")], "end_date": [None, t("2026-06-30")],
                          "planned_participants": [40, None]},
        "participants": {"association_id": ["sydnarke"] * 3, "participant_id": ["D-0012", "D-0013", None],
                         "intervention_id": ["porten", "porten", "horisont"], "anonymous": [False, False, True],
                         "start_date": [t("2025-02-03"), t("2025-03-17"), t("2025-04-01")],
                         "end_date": [t("2025-11-28"), None, None], "gender": ["woman", "man", "other_unknown"],
                         "birth_year": [1988, 1996, None], "municipality": ["Kumla", None, None],
                         "education": ["upper_secondary", "compulsory", None],
                         "years_public_support": [3.5, None, None],
                         "support_before": ["sickness_benefit", "social_assistance", None],
                         "support_after": ["salary", None, None], "exit_reason": ["subsidised_work", None, None],
                         "individual_plan": [True, False, None], "followup_12m": ["work", None, None]},
        "goals": {"association_id": ["sydnarke"] * 3, "goal_id": ["G1", "G2", "G3"], "year": [2026] * 3,
                  "intervention_id": [None, "porten", None], "area": ["individual", "individual", "economy"],
                  "text": ["Minst 150 deltagare", "Minst 30 % till arbete eller studier", "Inget underskott"],
                  "metric": ["participants", "exit_share", "result"],
                  "params": [None, "reasons=work,subsidised_work,studies", None],
                  "operator": [">=", ">=", ">="], "target": [150.0, 30.0, 0.0],
                  "manual_outcome": [None, None, None], "manual_status": [None, None, None],
                  "comment": [None, "Se årsredovisningen", None]},
        "survey_responses": {"association_id": ["sydnarke"] * 2, "period": ["2026-H1", "2026"],
                             "respondent_group": ["participant_ongoing", "board"], "item": ["1a", "14a"],
                             "value": [5, None], "intervention_id": ["porten", None], "response_id": ["E1", "E2"]},
        "budget": {"association_id": ["sydnarke"] * 2, "year": [2026] * 2,
                   "category": ["contribution_income", "intervention"], "intervention_id": [None, "porten"],
                   "line": ["Medlemsbidrag", "Porten"], "amount_sek": [5_000_000.0, 1_800_000.0],
                   "month": [None, 3]},
        "ledger": {"association_id": ["sydnarke"] * 2, "date": [t("2026-01-31"), t("2026-03-31")],
                   "category": ["contribution_income", "intervention"], "intervention_id": [None, "porten"],
                   "amount_sek": [1_250_000.0, -2_000.5], "text": ["Region Örebro län", None]},
        "equity": {"association_id": ["sydnarke"], "year": [2026], "opening_equity_sek": [1_250_000.0]},
        "training": {"association_id": ["sydnarke"], "date": [t("2026-04-15")], "name": ["Seminarium"],
                     "attendee_group": ["caseworker"], "attendees": [25]},
    }
    return {name: typed_table(name, pd.DataFrame(columns)) for name, columns in raw.items()}


def test_template_and_filled_workbook_pass_the_validator(tmp_path):
    from finsamdash.data.validate import check

    dataset, issues = check(write_template(tmp_path / "mall.xlsx"))
    assert dataset is not None, [i.describe() for i in issues]

    tables = valid_tables()
    dataset, issues = check(write_workbook(tmp_path / "underlag.xlsx", tables))
    assert dataset is not None, [i.describe() for i in issues]
    assert [i.describe() for i in issues if i.severity == "error"] == []
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(dataset.tables[name].reset_index(drop=True), frame.reset_index(drop=True))


def test_the_workbook_carries_the_build_clock_not_the_wall_clock(tmp_path) -> None:
    """Same tables, same bytes (data/demo/demo.xlsx is committed): every time inside is the pinned build clock's."""
    import zipfile

    first, second = write_template(tmp_path / "a.xlsx"), write_template(tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 23, 12, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-11-23T12:00:00Z") == 2  # created and modified
