"""The Excel workbook users fill in: an empty template, or the same workbook filled with rows.

The layout is driven entirely by :data:`finsamdash.data.contract.TABLES` and
:data:`finsamdash.data.contract.CATEGORIES`:

* ``Instruktioner`` – instructions in Swedish (one paragraph per sheet, required columns, formats, privacy).
* one sheet per contract table, in contract order, named ``Table.sheet_sv``; row 1 holds the Swedish
  headers (``Column.header_sv``) in bold with a comment (help text, example, "obligatorisk"); the pane is
  frozen below it.
* ``Målexempel`` (after ``Mål``) – one example goal of every goal type in the layout of the Mål sheet, with an
  explanation beside each; the reader ignores this sheet.
* ``Listor`` (hidden) – the Swedish labels of every category set and ``ja``/``nej``. Every category and bool
  column gets a drop-down list (an Excel data validation) that points at its column on this sheet.

:func:`write_workbook` takes frames with the canonical English column names and category keys and writes
Swedish headers and labels, goal parameters as directors write them (``orsaker=arbete, studier``), real Excel dates
(``yyyy-mm-dd``), numeric cells, ``ja``/``nej`` for booleans and empty cells for missing values, so that the dataset
reader reads the workbook back as it stands.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import os
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from finsamdash.data.contract import (
    CATEGORIES,
    DATE_MAX,
    DATE_MIN,
    DEFAULT_SCALE,
    GOAL_EXAMPLES_SHEET,
    TABLES,
    Column,
    Table,
    category_labels,
    category_lookup,
    is_money,
    normalise_name,
)
from finsamdash.data.goal_params import format_params_sv
from finsamdash.errors import UsageError
from finsamdash.pack.clock import now as clock_now
from finsamdash.wording import workbook as say

__all__ = [
    "BOOL_LABELS",
    "DATE_FORMAT",
    "GOAL_EXAMPLES",
    "GOAL_EXAMPLES_SHEET",
    "INSTRUCTIONS_SHEET",
    "LISTS_SHEET",
    "MONEY_FORMAT",
    "TEMPLATE_ROWS",
    "goal_example_frame",
    "list_range",
    "write_template",
    "write_workbook",
]

INSTRUCTIONS_SHEET = "Instruktioner"
LISTS_SHEET = "Listor"
#: Labels written for booleans (true, false); the reader also accepts true/false, 1/0 and x/empty.
BOOL_LABELS = ("ja", "nej")
#: Key of the ja/nej list on the Listor sheet (next to the category set names).
BOOL_LIST = "ja_nej"
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0"
#: Data validations and column formats cover at least this many rows (header included).
TEMPLATE_ROWS = 1000

_AUTHOR = "finsamdash"
_HEADER_FONT = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: required column
_OPTIONAL_FILL = PatternFill("solid", fgColor="E7E6E6")  # light grey
_EXCEL_MESSAGE_MAX = 255  # Excel's limit for validation error messages
_EXCEL_TITLE_MAX = 32  # ... and for their titles


# ----------------------------------------------------------------------------------------------------
# Public API


def write_template(path: str | os.PathLike) -> Path:
    """Write the empty workbook users fill in (instructions, one sheet per table, drop-down lists).

    Returns the path written. Raises :class:`~finsamdash.errors.UsageError` when the path does not end in
    ``.xlsx`` or cannot be written.
    """
    return write_workbook(path, {})


def write_workbook(path: str | os.PathLike, tables: Mapping[str, pd.DataFrame]) -> Path:
    """Write the template workbook filled with the rows of ``tables``.

    ``tables`` maps canonical table names to frames with canonical English column names (a subset in any
    order; missing columns stay empty) holding canonical category keys. Tables not given get an empty sheet.
    Category keys become Swedish labels, dates Excel dates, booleans ``ja``/``nej`` and NA empty cells. The
    frames are not modified. Returns the path written.
    """
    target = _check_target(path)
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise UsageError(
            f"Okänd tabell: {', '.join(unknown)}. Kända tabeller: {', '.join(TABLES)}."
        )
    for name, frame in tables.items():
        extra = [str(c) for c in frame.columns if c not in TABLES[name].column_names]
        if extra:
            raise UsageError(
                f"Tabellen {name} har okända kolumner: {', '.join(extra)}. "
                f"Kända kolumner: {', '.join(TABLES[name].column_names)}."
            )

    wb = Workbook()
    instructions = wb.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions)
    list_refs = {name: list_range(name) for name in _list_names()}
    for table in TABLES.values():
        ws = wb.create_sheet(table.sheet_sv)
        _write_table_sheet(ws, table, tables.get(table.name), list_refs)
        if table.name == "goals":
            _write_goal_examples(wb.create_sheet(GOAL_EXAMPLES_SHEET))
    lists = wb.create_sheet(LISTS_SHEET)
    _write_lists(lists)
    lists.sheet_state = "hidden"
    wb.active = 0
    _save(wb, target)
    return target


def list_range(list_name: str) -> str:
    """The absolute reference (``Listor!$A$2:$A$4``) of one list on the Listor sheet.

    ``list_name`` is a category set name from ``CATEGORIES`` or ``"ja_nej"``.
    """
    names = _list_names()
    if list_name not in names:
        raise KeyError(list_name)
    letter = get_column_letter(names.index(list_name) + 1)
    last = 1 + len(_list_values(list_name))
    return f"{LISTS_SHEET}!${letter}$2:${letter}${last}"  # the sheet name needs no quotes


# ----------------------------------------------------------------------------------------------------
# Files


class _StampedZip:
    """A zip archive whose entries all carry one time (openpyxl stamps each with the wall clock)."""

    def __init__(self, archive: zipfile.ZipFile, stamp: dt.datetime) -> None:
        self._archive, self._time = archive, stamp.timetuple()[:6]

    def writestr(self, name: str | zipfile.ZipInfo, data: str | bytes, *args, **kwargs) -> None:
        info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name, self._time)
        info.date_time, info.compress_type = self._time, zipfile.ZIP_DEFLATED
        self._archive.writestr(info, data)

    def write(self, filename: str, arcname: str) -> None:
        self.writestr(arcname, Path(filename).read_bytes())

    def __getattr__(self, attribute: str):
        return getattr(self._archive, attribute)


def _check_target(path: str | os.PathLike) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"Arbetsboken måste sparas som .xlsx, inte {target.name!r}.")
    if target.is_dir():
        raise UsageError(f"{target} är en mapp; ange ett filnamn som slutar på .xlsx.")
    return target


def _save(wb: Workbook, target: Path) -> None:
    """Save atomically: a half-written file never replaces a good one.

    The workbook's times (its properties and every zip entry) are the build clock's (:mod:`finsamdash.pack.clock`),
    so that with ``SOURCE_DATE_EPOCH`` set the same tables give the same bytes (``data/demo/demo.xlsx``)."""
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.xlsx")  # created with the user's umask
    stamp = clock_now().astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    wb.properties.created = wb.properties.modified = stamp
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(wb, _StampedZip(archive, stamp)).save()
        os.replace(tmp, target)
    except PermissionError as exc:
        raise UsageError(
            f"Kan inte skriva {target}: filen eller mappen är skrivskyddad, eller filen är öppen i ett annat "
            "program (t.ex. Excel)."
        ) from exc
    except OSError as exc:
        raise UsageError(f"Kan inte skriva {target}: {exc.strerror or exc}.") from exc
    finally:
        tmp.unlink(missing_ok=True)


# ----------------------------------------------------------------------------------------------------
# Instructions sheet


def _condition(col: Column) -> str | None:
    """The rule of a column required only in some rows ("Krävs ..."), as the contract states it in help_sv."""
    if col.required:
        return None
    for sentence in col.help_sv.split(". "):
        if sentence.strip().lower().startswith(say.REQUIRED_WHEN):
            return sentence.strip().rstrip(".")
    return None


def _instruction_lines() -> list[tuple[str, str]]:
    """(style, text) lines of the instruction sheet; style is "title", "heading" or "text"."""
    required_tables = [t.sheet_sv for t in TABLES.values() if t.required]
    low, high = DEFAULT_SCALE
    lines: list[tuple[str, str]] = [
        ("title", say.INSTRUCTIONS_TITLE),
        ("text", say.INTRODUCTION),
        ("text", say.required_sheets(required_tables)),
        ("heading", say.FORMAT_HEADING),
        ("text", say.DATES_NOTE),
        ("text", say.AMOUNTS_NOTE),
        ("text", say.SHARES_NOTE),
        ("text", say.survey_scale_note(low, high)),
        ("text", say.LISTS_NOTE),
        ("text", say.IDS_NOTE),
        ("heading", say.PRIVACY_HEADING),
        ("text", say.PRIVACY_NOTE),
        ("heading", say.SHEETS_HEADING),
    ]
    for table in TABLES.values():
        required = [c for c in table.columns if c.required]
        text = f"{table.help_sv} " if table.help_sv else ""
        text += say.required_columns([c.header_sv for c in required])
        rules = [f"{c.header_sv} ({rule[0].lower()}{rule[1:]})" for c in table.columns
                 if (rule := _condition(c))]
        if rules:
            text += say.columns_required_in_some_rows(rules)
        lines.append(("heading", say.sheet_heading(table.sheet_sv, required=table.required)))
        lines.append(("text", text))
    lines += _economy_lines()
    lines += _goal_and_municipality_lines()
    lines += [
        ("heading", say.CHECK_HEADING),
        ("text", say.CHECK_NOTE),
        ("text", say.LISTS_SHEET_NOTE),
    ]
    return lines


def _economy_lines() -> list[tuple[str, str]]:
    """How the economy is entered: a monthly budget profile, decided contributions and the books-closed date."""
    return [
        ("heading", say.ECONOMY_HEADING),
        ("text", say.MONTHLY_BUDGET_NOTE),
        ("text", say.CONTRIBUTIONS_NOTE),
        ("text", say.BOOKS_CLOSED_NOTE),
    ]


def _goal_and_municipality_lines() -> list[tuple[str, str]]:
    """Instruction lines on municipalities and on goals: how each goal type is written (see :data:`GOAL_EXAMPLES`)."""
    lines: list[tuple[str, str]] = [
        ("heading", say.MUNICIPALITIES_HEADING),
        ("text", say.MUNICIPALITIES_NOTE),
        ("heading", say.GOALS_HEADING),
        ("text", say.GOALS_NOTE),
        ("text", say.GOAL_PARAMETERS_NOTE),
        ("text", say.QUALITATIVE_GOALS_NOTE),
    ]
    for example in GOAL_EXAMPLES:
        lines.append(("text", say.goal_example_note(category_labels("metric")[str(example["metric"])],
                                                     str(example["explanation"]))))
    return lines


def _write_instructions(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 110
    wrap = Alignment(wrap_text=True, vertical="top")
    fonts = {"title": Font(bold=True, size=14), "heading": Font(bold=True, size=12), "text": Font()}
    row = 1
    for style, text in _instruction_lines():
        if style == "heading":
            row += 1  # blank line before each heading
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = fonts[style]
        cell.alignment = wrap
        if style == "text":
            # Excel does not grow wrapped rows of a generated file by itself.
            ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(text) / 100))
        row += 1
    ws.sheet_view.showGridLines = False


# ----------------------------------------------------------------------------------------------------
# Lists sheet


def _list_names() -> list[str]:
    return [*CATEGORIES, BOOL_LIST]


def _list_values(list_name: str) -> list[str]:
    if list_name == BOOL_LIST:
        return list(BOOL_LABELS)
    return [c.label_sv for c in CATEGORIES[list_name]]


def _write_lists(ws: Worksheet) -> None:
    """Write one column per list: the list name in row 1, its values below (see :func:`list_range`)."""
    names = _list_names()
    columns = [_list_values(n) for n in names]
    ws.append(names)
    for i in range(max(len(c) for c in columns)):
        ws.append([c[i] if i < len(c) else None for c in columns])
    for idx, values in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = max(12, *(len(v) + 2 for v in values))


# ----------------------------------------------------------------------------------------------------
# Goal examples

_GOAL_EXAMPLE_KEYS: tuple[dict[str, object], ...] = (
    {"goal_id": "G1", "area": "individual", "metric": "participants", "operator": ">=", "target": 150},
    {"goal_id": "G2", "intervention_id": "porten", "area": "individual", "metric": "participants_started",
     "operator": ">=", "target": 40},
    {"goal_id": "G3", "area": "individual", "metric": "exit_share", "operator": ">=", "target": 30},
    {"goal_id": "G4", "intervention_id": "porten", "area": "individual", "metric": "exit_count", "operator": ">=",
     "target": 10},
    {"goal_id": "G5", "area": "individual", "metric": "plan_share", "operator": ">=", "target": 90},
    {"goal_id": "G6", "area": "collaboration", "metric": "trained_staff", "operator": ">=", "target": 60},
    {"goal_id": "G7", "area": "collaboration", "metric": "indicator_mean", "operator": ">=", "target": 5},
    {"goal_id": "G8", "area": "collaboration", "metric": "indicator_positive_share", "operator": ">=", "target": 80},
    {"goal_id": "G9", "area": "economy", "metric": "result", "operator": ">=", "target": 0},
    {"goal_id": "G10", "area": "economy", "metric": "admin_share", "operator": "<=", "target": 18},
    {"goal_id": "G11", "area": "economy", "metric": "equity_share", "operator": "<=", "target": 20},
    {"goal_id": "G12", "area": "collaboration", "metric": "manual", "manual_status": "partly"},
)
#: One example goal of every metric (canonical keys; ``explanation`` is shown beside it and in the instructions).
GOAL_EXAMPLES: tuple[dict[str, object], ...] = tuple(
    {**example, **say.GOAL_EXAMPLE_WORDING[str(example["metric"])]} for example in _GOAL_EXAMPLE_KEYS)
_EXAMPLE_ASSOCIATION, _EXAMPLE_YEAR = "sydnarke", 2026


def goal_example_frame() -> pd.DataFrame:
    """:data:`GOAL_EXAMPLES` as rows of the goals table (canonical columns and keys)."""
    columns = TABLES["goals"].column_names
    rows = [{"association_id": _EXAMPLE_ASSOCIATION, "year": _EXAMPLE_YEAR,
             **{k: v for k, v in example.items() if k in columns}} for example in GOAL_EXAMPLES]
    return pd.DataFrame(rows, columns=columns)


def _write_goal_examples(ws: Worksheet) -> None:
    table = TABLES["goals"]
    ws.append([*(c.header_sv for c in table.columns), say.EXPLANATION_HEADER])
    for idx, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=idx)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if col.required else _OPTIONAL_FILL
        ws.column_dimensions[get_column_letter(idx)].width = _width(col)
    _append_rows(ws, table, goal_example_frame())
    explanation = len(table.columns) + 1
    ws.cell(row=1, column=explanation).font = _HEADER_FONT
    ws.column_dimensions[get_column_letter(explanation)].width = 80
    for row, example in enumerate(GOAL_EXAMPLES, start=2):
        cell = ws.cell(row=row, column=explanation, value=str(example["explanation"]))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


# ----------------------------------------------------------------------------------------------------
# Table sheets


def _list_name(col: Column) -> str | None:
    if col.kind == "category":
        return col.categories
    if col.kind == "bool":
        return BOOL_LIST
    return None


def _header_comment(col: Column) -> Comment:
    parts = [col.help_sv.rstrip(".") + "." if col.help_sv else ""]
    list_name = _list_name(col)
    if col.kind == "date":
        parts.append(say.DATE_COLUMN_COMMENT)
    elif list_name == BOOL_LIST:
        parts.append(say.BOOL_COLUMN_COMMENT)
    elif list_name:
        parts.append(say.LIST_COLUMN_COMMENT)
    if col.example:
        parts.append(say.example_comment(col.example))
    if col.required:
        parts.append(say.REQUIRED_COLUMN_COMMENT)
    elif _condition(col) is None:
        parts.append(say.OPTIONAL_COLUMN_COMMENT)
    text = "\n".join(p for p in parts if p)
    comment = Comment(text, _AUTHOR)
    comment.width = 260
    comment.height = 30 + 18 * (text.count("\n") + 1 + len(text) // 40)
    return comment


def _width(col: Column) -> float:
    candidates = [len(col.header_sv) + 4, len(col.example) + 2, 10]
    if col.kind == "date":
        candidates.append(12)
    list_name = _list_name(col)
    if list_name:
        candidates += [len(v) + 4 for v in _list_values(list_name)]
    return min(40, max(candidates))


def _validation_for(col: Column, list_refs: Mapping[str, str]) -> DataValidation | None:
    """The data validation of one column (drop-down list, date or number range), or None."""
    list_name = _list_name(col)
    if list_name:
        values = _list_values(list_name)
        message = say.choose_from_list(values)
        if len(message) > _EXCEL_MESSAGE_MAX:
            message = say.CHOOSE_FROM_LONG_LIST
        return DataValidation(
            type="list", formula1=list_refs[list_name], allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle=_title(col.header_sv), error=message,
        )
    if col.kind == "date":
        low, high = int(to_excel(DATE_MIN)), int(to_excel(DATE_MAX))
        return DataValidation(
            type="date", operator="between", formula1=str(low), formula2=str(high), allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle=_title(col.header_sv),
            error=say.date_between(DATE_MIN.isoformat(), DATE_MAX.isoformat()),
        )
    if col.kind in ("int", "number") and (col.min is not None or col.max is not None):
        kind = "whole" if col.kind == "int" else "decimal"
        noun = say.number_noun(whole=col.kind == "int")
        if col.min is not None and col.max is not None:
            operator, f1, f2 = "between", _num(col.min), _num(col.max)
            message = say.number_between(noun, _num(col.min), _num(col.max))
        elif col.min is not None:
            operator, f1, f2 = "greaterThanOrEqual", _num(col.min), None
            message = say.number_at_least(noun, _num(col.min))
        else:
            operator, f1, f2 = "lessThanOrEqual", _num(col.max), None
            message = say.number_at_most(noun, _num(col.max))
        return DataValidation(
            type=kind, operator=operator, formula1=f1, formula2=f2, allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle=_title(col.header_sv), error=message,
        )
    return None


def _title(text: str) -> str:
    return text[:_EXCEL_TITLE_MAX]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _write_table_sheet(
    ws: Worksheet, table: Table, frame: pd.DataFrame | None, list_refs: Mapping[str, str]
) -> None:
    ws.append([c.header_sv for c in table.columns])
    for idx, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=idx)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if col.required else _OPTIONAL_FILL
        cell.comment = _header_comment(col)
        dim = ws.column_dimensions[get_column_letter(idx)]
        dim.width = _width(col)
        # Column formats apply to the cells the user types into later.
        if col.kind == "date":
            dim.number_format = DATE_FORMAT
        elif is_money(col):
            dim.number_format = MONEY_FORMAT
    ws.freeze_panes = "A2"

    n_rows = _append_rows(ws, table, frame) if frame is not None else 0

    last_row = max(TEMPLATE_ROWS, n_rows + 1)
    for idx, col in enumerate(table.columns, start=1):
        dv = _validation_for(col, list_refs)
        if dv is not None:
            letter = get_column_letter(idx)
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dv)
    last_col = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last_col}{n_rows + 1}"


def _append_rows(ws: Worksheet, table: Table, frame: pd.DataFrame) -> int:
    """Append the rows of ``frame`` below the header; return the number of rows written."""
    n = len(frame)
    if table.name == "goals" and {"metric", "params"} <= set(frame.columns):
        frame = frame.assign(params=_params_sv(frame))
    columns: list[list[object]] = []
    for col in table.columns:
        values = _cell_values(col, frame[col.name]) if col.name in frame.columns else [None] * n
        if is_money(col):
            values = [_money_cell(ws, v) for v in values]
        columns.append([_text_cell(ws, v) if isinstance(v, str) else v for v in values])
    for row in zip(*columns, strict=True):
        ws.append(row)
    return n


def _params_sv(goals: pd.DataFrame) -> pd.Series:
    """The goals' parameters as directors write them (each distinct metric and text converted once)."""
    pairs = goals[["metric", "params"]].astype(object).where(goals[["metric", "params"]].notna(), None)
    converted = {pair: None if pair[1] is None else format_params_sv(*pair)
                 for pair in set(pairs.itertuples(index=False, name=None))}
    return pd.Series([converted[pair] for pair in pairs.itertuples(index=False, name=None)], index=goals.index,
                     dtype=object)


def _text_cell(ws: Worksheet, value: str) -> object:
    """Text exactly as given: characters Excel cannot store are dropped, and a leading "=" stays text."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = Cell(ws, value=value)
    cell.data_type = "s"  # not a formula
    return cell


def _money_cell(ws: Worksheet, value: object) -> object:
    if not isinstance(value, numbers.Number):
        return value
    cell = Cell(ws, value=value)
    cell.number_format = MONEY_FORMAT
    return cell


# ----------------------------------------------------------------------------------------------------
# Value conversion (canonical pandas values -> what the user sees in Excel)


def _cell_values(col: Column, series: pd.Series) -> list[object]:
    """The cell values of one column: Python scalars, ``None`` for NA."""
    convert = _converter(col)
    missing = series.isna().to_numpy()
    values = series.to_numpy(dtype=object, na_value=None)
    return [None if miss else convert(value) for value, miss in zip(values, missing, strict=True)]


def _converter(col: Column) -> Callable[[object], object]:
    if col.kind == "category":
        labels = category_labels(col.categories or "")
        lookup = category_lookup(col.categories or "")

        def category(value: object) -> object:
            text = str(value).strip()
            if text in labels:
                return labels[text]
            key = lookup.get(normalise_name(text))
            return labels[key] if key is not None else text  # unknown values are kept for the validator

        return category
    if col.kind == "bool":
        return _bool_label
    if col.kind == "date":
        return _date_value
    if col.kind in ("int", "number"):
        return _number_value
    return _text_value


_TRUE = {"true", "ja", "yes", "1", "x"}
_FALSE = {"false", "nej", "no", "0"}


def _bool_label(value: object) -> object:
    if isinstance(value, bool | np.bool_ | numbers.Integral):
        return BOOL_LABELS[0] if value else BOOL_LABELS[1]
    text = str(value).strip().casefold()
    if text in _TRUE:
        return BOOL_LABELS[0]
    if text in _FALSE:
        return BOOL_LABELS[1]
    return str(value)


def _date_value(value: object) -> object:
    if isinstance(value, dt.datetime):  # includes pandas.Timestamp
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "dtype"):  # numpy.datetime64
        return pd.Timestamp(value).date()
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return str(value)  # kept as text for the validator to report


def _number_value(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return value if isinstance(value, str) else str(value)


def _text_value(value: object) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))  # an id typed as a number: 12.0 -> "12"
    return str(value)
