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
#: One example of every goal type, after the Mål sheet (not read as data).
GOAL_EXAMPLES_SHEET = "Målexempel"
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


def _col_list(columns: list[Column]) -> str:
    return ", ".join(c.header_sv for c in columns)


def _condition(col: Column) -> str | None:
    """The rule of a column required only in some rows ("Krävs ..."), as the contract states it in help_sv."""
    if col.required:
        return None
    for sentence in col.help_sv.split(". "):
        if sentence.strip().lower().startswith("krävs"):
            return sentence.strip().rstrip(".")
    return None


def _instruction_lines() -> list[tuple[str, str]]:
    """(style, text) lines of the instruction sheet; style is "title", "heading" or "text"."""
    required_tables = [t.sheet_sv for t in TABLES.values() if t.required]
    low, high = DEFAULT_SCALE
    lines: list[tuple[str, str]] = [
        ("title", "Underlag till finsamdash – instruktioner"),
        ("text", "Den här arbetsboken är underlaget till finsamdash, som gör styrelsens rapporter och "
                 "instrumentpaneler om deltagare, mål, kärnindikatorer och ekonomi. Fyll i en rad per post "
                 "på varje flik. Ändra inte rubrikerna på rad 1 och byt inte namn på flikarna. Kolumner med "
                 "gul rubrik är obligatoriska; övriga får lämnas tomma. Håll muspekaren över en rubrik för "
                 "att se en förklaring och ett exempel."),
        ("text", f"Flikarna {', '.join(required_tables)} måste fyllas i. Övriga flikar får lämnas tomma; "
                 "de rapporter som bygger på dem säger då att underlaget saknas. Flera förbund kan ligga i "
                 "samma arbetsbok: varje rad anger sitt Förbund-id."),
        ("heading", "Format"),
        ("text", "Datum skrivs ÅÅÅÅ-MM-DD, till exempel 2026-03-31."),
        ("text", "Belopp anges i kronor (inte tusental kronor), utan \"kr\"; till exempel 2 500 000."),
        ("text", "Målvärden för andelar anges i procent: 30 betyder 30 %."),
        ("text", f"Enkätsvar anges på skalan {low}–{high}. Lämna cellen tom för \"vet ej\"; sådana svar "
                 "räknas för sig och ingår inte i medelvärden."),
        ("text", "Kolumner med en lista (pil i cellen) fylls i genom att välja ett värde i listan. "
                 "Ja/nej-kolumner fylls i med ja eller nej."),
        ("text", "Förbund-id måste finnas på fliken Förbund och Insats-id på fliken Insatser."),
        ("heading", "Integritet"),
        ("text", "Skriv aldrig namn eller personnummer i arbetsboken. Deltagare anges bara med ett "
                 "pseudonymt id (till exempel D-0012) vars koppling till personen förvaras på annat håll. "
                 "Rader med något som ser ut som ett personnummer avvisas. Anonyma deltagare (utan samtycke) "
                 "anges med ja i kolumnen Anonym och behöver utöver Förbund-id och Insats-id bara kön och "
                 "startdatum. Rapporterna visar aldrig antal under fem."),
        ("heading", "Flikarna"),
    ]
    for table in TABLES.values():
        required = [c for c in table.columns if c.required]
        text = f"{table.help_sv} " if table.help_sv else ""
        text += f"Obligatoriska kolumner: {_col_list(required)}."
        rules = [f"{c.header_sv} ({rule[0].lower()}{rule[1:]})" for c in table.columns
                 if (rule := _condition(c))]
        if rules:
            text += f" Krävs i vissa fall: {'; '.join(rules)}."
        status = "obligatorisk flik" if table.required else "frivillig flik"
        lines.append(("heading", f"{table.sheet_sv} ({status})"))
        lines.append(("text", text))
    lines += _economy_lines()
    lines += _goal_and_municipality_lines()
    lines += [
        ("heading", "Kontrollera underlaget"),
        ("text", "Kör finsamdash validate <arbetsboken>.xlsx. Alla fel och varningar listas på en gång med "
                 "flik, rad, kolumn, värdet som hittades och vad som förväntades. Fel måste rättas innan "
                 "rapporterna kan byggas; varningar är till för kontroll."),
        ("text", "Fliken Listor är dold och innehåller värdena i listorna. Ändra den inte."),
    ]
    return lines


def _economy_lines() -> list[tuple[str, str]]:
    """How the economy is entered: a monthly budget profile, decided contributions and the books-closed date."""
    return [
        ("heading", "Ekonomin: budget per månad, beslutade bidrag och bokfört till och med"),
        ("text", "Budget per månad: en budgetrad med Månad ifylld hör till den månaden; en rad utan Månad fördelas "
                 "jämnt över året (en tolftedel per månad). Faller en kostnad en viss månad skriver du den som en "
                 "egen rad med månaden, till exempel en konferens i april: Kategori kansli, Budgetpost Konferens, "
                 "Belopp 60 000, Månad 4. Resten av kansliets budget kan stå på en rad utan månad. En post som "
                 "fördelas ojämnt skriver du med en rad per månad."),
        ("text", "Medlemsbidrag: fliken Bidrag har medlemmarnas beslutade bidrag för året, och prognosen för "
                 "årets intäkter räknar med dem hur de än betalas in (i januari, per kvartal eller per månad). "
                 "Inbetalningarna bokförs på fliken Utfall med kategorin medlemsbidrag och visas som inbetalt "
                 "hittills. Budgetens medlemsbidrag bör vara samma belopp; skriver du dem en rad per medlem (med "
                 "medlemmens namn som budgetpost) jämförs varje medlem."),
        ("text", "Bokfört till och med: fyll i utfallet till och med senaste månadsbokslutet. Rapporterna räknar "
                 "det ekonomiska utfallet till och med sista dagen i månaden för den senaste bokföringen före "
                 "mötet (ett annat datum anges med --books-closed), och prognosen för helåret är det bokförda "
                 "utfallet plus budgeten för resten av året. Deltagaruppgifterna räknas till och med mötesdagen."),
    ]


def _goal_and_municipality_lines() -> list[tuple[str, str]]:
    """Instruction lines on municipalities and on goals: how each goal type is written (see :data:`GOAL_EXAMPLES`)."""
    lines: list[tuple[str, str]] = [
        ("heading", "Kommuner"),
        ("text", "Kolumnen Kommun fylls i med kommunens namn (Hallsberg), som organisation (Hallsbergs kommun) eller "
                 "med kommunkoden (1861); rapporterna visar alltid namnet. Ett namn som inte är någon av Sveriges "
                 "290 kommuner ger en varning med det närmaste namnet. Medlemmar med medlemstypen kommun på fliken "
                 "Bidrag är förbundets medlemskommuner; en deltagare från en annan kommun ger en varning."),
        ("heading", "Mål och mått"),
        ("text", "Varje mål på fliken Mål har ett mått (välj i listan) som finsamdash räknar ut för året, en "
                 "jämförelse (minst eller högst) och ett målvärde. Andelar anges i procent: 40 betyder 40 % (inte "
                 "0,4). Fliken Målexempel har ett exempel på varje slags mål med en förklaring; kopiera en rad "
                 "därifrån och ändra Förbund-id, år, text och målvärde."),
        ("text", "Parametrar skrivs namn=värden och flera parametrar skiljs med semikolon, till exempel "
                 "orsaker=arbete, subventionerad anställning, studier eller frågor=1a, 1b; grupper=deltagare "
                 "(pågående). Namnen är orsaker (avslutsorsaker), grupper (svarandegrupper eller deltagargrupper), "
                 "frågor (kärnindikatorernas mätpunkter) och gräns (lägsta positiva svar på skalan). Värdena är "
                 "orden i listorna. Engelska namn (reasons=work) går också bra."),
        ("text", "Kvalitativa mål (till exempel ”Samverkan mellan parterna ska öka”) får måttet manuell bedömning. "
                 "Lämna Jämförelse och Målvärde tomma och fyll i Manuell bedömning (uppnått, delvis uppnått eller "
                 "ej uppnått) och gärna en Kommentar när målet har följts upp. Ett mål med mätbart utfall som inte "
                 "räknas ur underlaget får också måttet manuell bedömning, med utfallet i Manuellt utfall."),
    ]
    for example in GOAL_EXAMPLES:
        lines.append(("text", f"{category_labels('metric')[example['metric']]}: {example['explanation']}"))
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

#: One example goal of every metric (canonical keys; ``explanation`` is shown beside it and in the instructions).
GOAL_EXAMPLES: tuple[dict[str, object], ...] = (
    {"goal_id": "G1", "area": "individual", "metric": "participants", "operator": ">=", "target": 150,
     "text": "Minst 150 individer ska ta del av förbundets insatser",
     "explanation": "räknar alla deltaganden under året (för en insats om Insats-id är ifyllt). Inga parametrar."},
    {"goal_id": "G2", "intervention_id": "porten", "area": "individual", "metric": "participants_started",
     "operator": ">=", "target": 40, "text": "Minst 40 nya deltagare ska börja i Porten",
     "explanation": "räknar deltaganden som startade under året. Inga parametrar."},
    {"goal_id": "G3", "area": "individual", "metric": "exit_share",
     "params": "orsaker=arbete, subventionerad anställning, studier", "operator": ">=", "target": 30,
     "text": "Minst 30 % av de som avslutat ska gå vidare till arbete eller studier",
     "explanation": "andelen (i procent) av de avslutade med någon av avslutsorsakerna i orsaker; utan orsaker: "
                    "arbete, subventionerad anställning och studier."},
    {"goal_id": "G4", "intervention_id": "porten", "area": "individual", "metric": "exit_count",
     "params": "orsaker=arbete, subventionerad anställning", "operator": ">=", "target": 10,
     "text": "Minst 10 deltagare i Porten ska gå till arbete",
     "explanation": "antalet avslutade med någon av avslutsorsakerna i orsaker."},
    {"goal_id": "G5", "area": "individual", "metric": "plan_share", "operator": ">=", "target": 90,
     "text": "Minst 90 % av de som avslutat ska ha haft en individuell handlingsplan",
     "explanation": "andelen (i procent) av de avslutade som har ja i Individuell handlingsplan. Inga parametrar."},
    {"goal_id": "G6", "area": "collaboration", "metric": "trained_staff", "params": "grupper=handläggare, chef",
     "operator": ">=", "target": 60, "text": "Minst 60 handläggare och chefer ska delta i kompetensutveckling",
     "explanation": "summan av Antal deltagare på fliken Kompetensutveckling under året, för deltagargrupperna i "
                    "grupper (utan grupper: alla). Gäller hela förbundet."},
    {"goal_id": "G7", "area": "collaboration", "metric": "indicator_mean", "params": "frågor=1a, 1b",
     "operator": ">=", "target": 5, "text": "Deltagarna ska i genomsnitt ge minst 5 om stödets nytta",
     "explanation": "medelvärdet av årets enkätsvar på mätpunkterna i frågor, för svarandegrupperna i grupper "
                    "(utan dem: alla). Vet ej räknas inte."},
    {"goal_id": "G8", "area": "collaboration", "metric": "indicator_positive_share",
     "params": "frågor=1a, 1b; grupper=deltagare (pågående), deltagare (avslut)", "operator": ">=", "target": 80,
     "text": "Minst 80 % av deltagarna ska svara positivt om stödets nytta",
     "explanation": "andelen (i procent) av årets svar i de två högsta stegen på skalan; gräns=4 gör 4 till "
                    "lägsta positiva svar."},
    {"goal_id": "G9", "area": "economy", "metric": "result", "operator": ">=", "target": 0,
     "text": "Underskott ska inte uppstå",
     "explanation": "intäkter minus kostnader enligt fliken Utfall, i kronor. Gäller hela förbundet."},
    {"goal_id": "G10", "area": "economy", "metric": "admin_share", "operator": "<=", "target": 18,
     "text": "Administrationens andel av kostnaderna ska vara högst 18 %",
     "explanation": "kansli, styrelse och revision i procent av kostnaderna enligt fliken Utfall."},
    {"goal_id": "G11", "area": "economy", "metric": "equity_share", "operator": "<=", "target": 20,
     "text": "Det egna kapitalet ska vara högst 20 % av årets medlemsbidrag",
     "explanation": "eget kapital vid årets slut i procent av årets beslutade bidrag på fliken Bidrag."},
    {"goal_id": "G12", "area": "collaboration", "metric": "manual", "manual_status": "partly",
     "text": "Samverkan mellan parterna ska öka och utvecklas",
     "comment": "Gemensamma rutiner är antagna men arbetet i styrgrupperna har försenats.",
     "explanation": "ett kvalitativt mål: lämna Jämförelse och Målvärde tomma och fyll i Manuell bedömning och "
                    "en Kommentar när målet har följts upp."},
)
_EXAMPLE_ASSOCIATION, _EXAMPLE_YEAR = "sydnarke", 2026
_EXPLANATION_HEADER = "Förklaring (läses inte)"


def goal_example_frame() -> pd.DataFrame:
    """:data:`GOAL_EXAMPLES` as rows of the goals table (canonical columns and keys)."""
    columns = TABLES["goals"].column_names
    rows = [{"association_id": _EXAMPLE_ASSOCIATION, "year": _EXAMPLE_YEAR,
             **{k: v for k, v in example.items() if k in columns}} for example in GOAL_EXAMPLES]
    return pd.DataFrame(rows, columns=columns)


def _write_goal_examples(ws: Worksheet) -> None:
    table = TABLES["goals"]
    ws.append([*(c.header_sv for c in table.columns), _EXPLANATION_HEADER])
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
        parts.append("Datum ÅÅÅÅ-MM-DD.")
    elif list_name == BOOL_LIST:
        parts.append("ja eller nej.")
    elif list_name:
        parts.append("Välj i listan.")
    if col.example:
        parts.append(f"Exempel: {col.example}")
    if col.required:
        parts.append("Obligatorisk.")
    elif _condition(col) is None:
        parts.append("Frivillig.")
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
        message = f"Välj ett av värdena i listan: {', '.join(values)}."
        if len(message) > _EXCEL_MESSAGE_MAX:
            message = "Välj ett av värdena i listan (klicka på pilen till höger om cellen)."
        return DataValidation(
            type="list", formula1=list_refs[list_name], allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle=_title(col.header_sv), error=message,
        )
    if col.kind == "date":
        low, high = int(to_excel(DATE_MIN)), int(to_excel(DATE_MAX))
        return DataValidation(
            type="date", operator="between", formula1=str(low), formula2=str(high), allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle=_title(col.header_sv),
            error=f"Skriv ett datum ÅÅÅÅ-MM-DD mellan {DATE_MIN.isoformat()} och {DATE_MAX.isoformat()}.",
        )
    if col.kind in ("int", "number") and (col.min is not None or col.max is not None):
        kind = "whole" if col.kind == "int" else "decimal"
        noun = "ett heltal" if col.kind == "int" else "ett tal"
        if col.min is not None and col.max is not None:
            operator, f1, f2 = "between", _num(col.min), _num(col.max)
            message = f"Skriv {noun} från {_num(col.min)} till {_num(col.max)}."
        elif col.min is not None:
            operator, f1, f2 = "greaterThanOrEqual", _num(col.min), None
            message = f"Skriv {noun} som är minst {_num(col.min)}."
        else:
            operator, f1, f2 = "lessThanOrEqual", _num(col.max), None
            message = f"Skriv {noun} som är högst {_num(col.max)}."
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
