"""Reading a dataset from disk: I/O only, no interpretation of values.

A dataset is a folder of CSV files (one per table) or one ``.xlsx`` workbook (one sheet per table). Every table is
returned as a :class:`RawTable`: the header as the user wrote it and every cell as stripped text, indexed by the row
number the user sees (header = row 1). Files are opened read-only and never modified.

CSV files may be UTF-8 (with or without BOM) or Windows-1252, separated by ``,``, ``;`` or tab, as Swedish Excel
saves them. Excel cells are turned into text in one canonical way (dates as ``YYYY-MM-DD``, whole numbers without
``.0``) so that validation treats both file kinds alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from finsamdash.contract import TABLES, normalise_name, table_lookup
from finsamdash.errors import InputFileError
from finsamdash.issues import Issue

#: Sheets of our own template that hold no data.
IGNORED_SHEETS = {"instruktioner", "listor", "instructions"}
#: Refuse single files larger than this: a mistake (a database dump, a video), not a Finsam table.
MAX_FILE_BYTES = 500 * 1024 * 1024


@dataclass
class RawTable:
    """One table as found on disk: text cells indexed by the user's row numbers."""

    name: str  # canonical table name
    location: str  # how the user knows it: "deltagare.csv" or "underlag.xlsx, blad Deltagare"
    path: Path
    headers: list[str]  # the header row as written (stripped)
    frame: pd.DataFrame  # columns = positions 0..n-1 (object dtype, text cells, "" when empty)
    from_excel: bool = False


@dataclass
class RawDataset:
    path: Path
    tables: dict[str, RawTable]
    issues: list[Issue]


def read_dataset(path: str | Path) -> RawDataset:
    """Read every table of the dataset at ``path`` (a folder of CSV files or an ``.xlsx`` workbook)."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(
            f"Hittar inte underlaget {str(path)!r}. Ange en mapp med CSV-filer eller en Excel-fil (.xlsx).",
            path=str(path),
        )
    if path.is_dir():
        return _read_folder(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_workbook(path)
    if path.suffix.lower() == ".csv":
        raise InputFileError(
            f"{path.name} är en enskild CSV-fil. Ange mappen som innehåller alla tabeller "
            f"(t.ex. {str(path.parent)!r}).",
            path=str(path),
        )
    raise InputFileError(
        f"{path.name} är varken en mapp med CSV-filer eller en Excel-fil (.xlsx). "
        "Spara underlaget som .xlsx (Excel-arbetsbok) eller som CSV-filer i en mapp.",
        path=str(path),
    )


# --- CSV -------------------------------------------------------------------------------------------------------------


def _read_folder(folder: Path) -> RawDataset:
    issues: list[Issue] = []
    tables: dict[str, RawTable] = {}
    lookup = table_lookup()
    for file in sorted(folder.iterdir()):
        if file.suffix.lower() != ".csv" or not file.is_file() or file.name.startswith("."):
            continue
        name = lookup.get(normalise_name(file.stem))
        if name is None:
            issues.append(Issue("warning", file.stem, file.name, None, None, None,
                                "okänd tabell – filen används inte. Kända tabeller: "
                                + ", ".join(f"{t.name}.csv" for t in TABLES.values()), "unknown_table"))
            continue
        if name in tables:
            issues.append(Issue("error", name, file.name, None, None, None,
                                f"tabellen finns redan i {tables[name].location} – ta bort en av filerna",
                                "duplicate_table"))
            continue
        table = _read_csv(file, name, issues)
        if table is not None:
            tables[name] = table
    return RawDataset(folder, tables, issues)


def decode_text(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (BOM or not), else Windows-1252 (Swedish Excel's 'CSV (semikolonavgränsad)')."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of ``;``, ``,`` and tab (``,`` on a tie)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


def _read_csv(file: Path, name: str, issues: list[Issue]) -> RawTable | None:
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        issues.append(Issue("error", name, file.name, None, None, f"{size / 1e6:.0f} MB",
                            f"filen är för stor (högst {MAX_FILE_BYTES // 1_000_000} MB) – är det rätt fil?",
                            "file_too_large"))
        return None
    data = file.read_bytes()
    if b"\x00" in data[:4096]:
        issues.append(Issue("error", name, file.name, None, None, None,
                            "filen är inte en textfil (CSV). Spara tabellen som CSV (UTF-8 eller "
                            "semikolonavgränsad) från Excel.", "not_text"))
        return None
    text = decode_text(data)
    delimiter = sniff_delimiter(text)
    # strict: an unclosed quote is an error instead of silently swallowing the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    index: list[int] = []
    row_number = 0
    try:
        # Row numbers count records as a spreadsheet shows them (a line break inside a quoted cell stays in
        # one row; blank lines are rows too), so they match what the user sees when opening the file in Excel.
        for row_number, record in enumerate(reader, start=1):
            if header is None:
                if not any(cell.strip() for cell in record):
                    continue
                header = [cell.strip() for cell in record]
                continue
            if not any(cell.strip() for cell in record):
                continue
            rows.append(record)
            index.append(row_number)
    except csv.Error as exc:
        issues.append(Issue("error", name, file.name, row_number + 1, None, None,
                            f"filen går inte att läsa som CSV ({exc}) – kontrollera citattecken (ett citattecken "
                            "som inte avslutas gör resten av filen till en enda cell)", "bad_csv"))
        return None
    if header is None:
        issues.append(Issue("error", name, file.name, None, None, None,
                            "filen är tom – den ska börja med en rubrikrad", "empty_file"))
        return None
    return _raw_table(name, file.name, file, header, rows, index, issues, from_excel=False)


def _raw_table(name: str, location: str, path: Path, header: list[str], rows: list[list[str]], index: list[int],
               issues: list[Issue], *, from_excel: bool) -> RawTable:
    width = len(header)
    # Trailing header cells left empty (a trailing separator, a formatted but empty Excel column) are dropped.
    while width and not header[width - 1]:
        width -= 1
    clean: list[list[str]] = []
    for row_number, record in zip(index, rows, strict=True):
        extra = [cell for cell in record[width:] if str(cell).strip()]
        if extra:
            issues.append(Issue("error", name, location, row_number, None, str(extra[0]).strip(),
                                f"raden har fler värden än rubrikraden ({width} kolumner) – kontrollera "
                                "avgränsare (komma/semikolon) och citattecken", "too_many_fields"))
        record = list(record[:width]) + [""] * (width - len(record))
        clean.append(record)
    frame = pd.DataFrame(clean, index=pd.Index(index, name="row"), columns=range(width), dtype=object)
    if len(frame):
        frame = frame.apply(lambda s: s.str.strip())
    return RawTable(name, location, path, header[:width], frame, from_excel=from_excel)


# --- Excel -----------------------------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """One Excel cell value as canonical text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value).strip()


def _read_workbook(path: Path) -> RawDataset:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputFileError(f"{path.name} är för stor ({size / 1e6:.0f} MB). Är det rätt fil?", path=str(path))
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputFileError(
            f"{path.name} går inte att öppna som Excel-arbetsbok (.xlsx): filen är skadad eller av ett annat "
            f"slag ({type(exc).__name__}). Öppna den i Excel och spara som ”Excel-arbetsbok (.xlsx)”.",
            path=str(path),
        ) from exc
    issues: list[Issue] = []
    tables: dict[str, RawTable] = {}
    lookup = table_lookup()
    try:
        for sheet in workbook.worksheets:
            title = sheet.title
            location = f"{path.name}, blad ”{title}”"
            if normalise_name(title) in IGNORED_SHEETS:
                continue
            name = lookup.get(normalise_name(title))
            if name is None:
                issues.append(Issue("warning", title, location, None, None, None,
                                    "okänt blad – det används inte. Kända blad: "
                                    + ", ".join(t.sheet_sv for t in TABLES.values()), "unknown_table"))
                continue
            if name in tables:
                issues.append(Issue("error", name, location, None, None, None,
                                    f"tabellen finns redan på {tables[name].location} – ta bort ett av bladen",
                                    "duplicate_table"))
                continue
            header: list[str] | None = None
            rows: list[list[str]] = []
            index: list[int] = []
            for row_number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if not any(cells):
                    continue
                if header is None:
                    header = cells
                    continue
                rows.append(cells)
                index.append(row_number)
            if header is None:
                if TABLES[name].required:
                    issues.append(Issue("error", name, location, None, None, None,
                                        "bladet är tomt – första raden ska vara rubrikraden", "empty_file"))
                continue
            tables[name] = _raw_table(name, location, path, header, rows, index, issues, from_excel=True)
    finally:
        workbook.close()
    return RawDataset(path, tables, issues)
