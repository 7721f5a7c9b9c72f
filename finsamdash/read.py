"""Reading a dataset from disk: I/O only, no interpretation of values.

A dataset is a folder of CSV files (one per table) or one ``.xlsx`` workbook (one sheet per table). Every table is
returned as a :class:`RawTable`: the header as the user wrote it and every cell as stripped text, indexed by the row
number the user sees (header = row 1). Files are opened read-only and never modified.

CSV files may be UTF-8 (with or without BOM) or Windows-1252, separated by ``,``, ``;`` or tab, as Swedish Excel
saves them. Excel cells are turned into text in one canonical way (dates as ``YYYY-MM-DD``, whole numbers without
``.0``) so that validation treats both file kinds alike.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from finsamdash.contract import TABLES, normalise_name, table_lookup
from finsamdash.errors import InputFileError
from finsamdash.issues import Issue

#: Sheets of our own template that hold no data.
IGNORED_SHEETS = {"instruktioner", "listor", "instructions"}
#: Refuse single files larger than this: a mistake (a database dump, a video), not a Finsam table. (Sixteen times
#: the national-scale benchmark, 4.8 million participation episodes, is a 710 MB participants.csv.)
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024


@dataclass
class RawTable:
    """One table as found on disk: text cells indexed by the user's row numbers."""

    name: str  # canonical table name
    location: str  # how the user knows it: "deltagare.csv" or "underlag.xlsx, blad Deltagare"
    path: Path
    headers: list[str]  # the header row as written (stripped)
    frame: pd.DataFrame  # columns = positions 0..n-1, each a categorical of stripped text ("" when empty)
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
    head = text[:65536]
    lines = head.splitlines() if len(head) == len(text) else head.splitlines()[:-1]  # the last may be cut short
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
    return _separator_of(first)


def _sniff_utf8(body: bytes) -> str:
    """:func:`sniff_delimiter` of UTF-8 bytes, decoding only the beginning when the header line is there."""
    if len(body) > 65536:
        lines = body[:65536].decode("utf-8", errors="ignore").splitlines()[:-1]  # the last may be cut short
        first = next((line for line in lines if line.strip()), None)
        if first is not None:
            return _separator_of(first)
    return sniff_delimiter(body.decode("utf-8"))


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, checked piece by piece (the whole text is never held)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 24):
            decoder.decode(view[start:start + (1 << 24)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _separator_of(first: str) -> str:
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
    # UTF-8 is read as it is (without holding it as text too); Windows-1252 as the UTF-8 of decode_text's text
    if _is_utf8(data):
        fast = _read_csv_fast(file, name, data.removeprefix(b"\xef\xbb\xbf"), None)
    else:
        fast = _read_csv_fast(file, name, decode_text(data).encode("utf-8"), None)
    if fast is not None:
        return fast
    text = decode_text(data)
    delimiter = sniff_delimiter(text)
    # The careful way, record by record: it finds and reports what the fast way does not read (unclosed or
    # misplaced quotes, rows longer than the header row, no header at all).
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


def _read_csv_fast(file: Path, name: str, body: bytes, text: str | None) -> RawTable | None:
    """The CSV file read by pandas' C parser, or None when the careful reader must decide (it reports problems).

    Gives exactly what the careful reader gives for every file it accepts: the C parser is lenient about quotes
    (``"a"b`` is read as ``ab``) where the careful reader is strict, so a file with quotes is first tokenised by the
    ``csv`` module (C speed, nothing kept) and must give the same number of records. ``body`` is the file as UTF-8
    without BOM (``text``, when given, is its text).
    """
    if b"\x00" in body:
        return None
    delimiter = _sniff_utf8(body) if text is None else sniff_delimiter(text)
    records = None
    if b'"' in body:
        text = body.decode("utf-8") if text is None else text
        try:
            last = deque(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True),
                                   start=1), maxlen=1)
        except csv.Error:
            return None
        records = last[0][0] if last else 0
    text = None  # not needed any more: let it go before the parser's own buffers are made
    try:
        frame = pd.read_csv(io.BytesIO(body), sep=delimiter, header=None, dtype="category", encoding="utf-8",
                            na_filter=False, keep_default_na=False, skip_blank_lines=False, engine="c",
                            quoting=csv.QUOTE_MINIMAL, doublequote=True, quotechar='"', escapechar=None,
                            skipinitialspace=False, comment=None, low_memory=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, UnicodeDecodeError):
        return None
    if records is not None and len(frame) != records:
        return None
    columns = [text_cells(frame[c].array) for c in frame.columns]
    del frame
    filled = np.zeros(len(columns[0]) if columns else 0, dtype=bool)
    for column in columns:
        filled |= column.codes != _empty_code(column)
    positions = np.flatnonzero(filled)
    if not len(positions):
        return None
    first = int(positions[0])
    header = [str(column[first]) for column in columns]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    rows = positions[1:]
    if any((column.codes[rows] != _empty_code(column)).any() for column in columns[width:]):
        return None  # a row longer than the header row: the careful reader reports it
    index = pd.Index(rows + 1, name="row")  # row numbers: one record per spreadsheet row, header = row 1
    frame = pd.DataFrame({position: pd.Series(columns[position][rows], index=index) for position in range(width)},
                         index=index, columns=range(width))
    return RawTable(name, file.name, file, header[:width], frame, from_excel=False)


def _empty_code(cells: pd.Categorical) -> int:
    """The code of "" in a column of :func:`text_cells` (-2 when no cell is empty)."""
    where = cells.categories.get_indexer([""])
    return int(where[0]) if where[0] >= 0 else -2


def text_cells(values: object) -> pd.Categorical:
    """Cells as stripped text ("" when empty) in a categorical: each distinct text is stripped (and later parsed)
    once, and a long column costs one small integer per row."""
    cells = values if isinstance(values, pd.Categorical) else pd.Categorical(np.asarray(values, dtype=object))
    categories = [str(value).strip() for value in cells.categories.tolist()] + [""]  # the last one: missing
    inverse, distinct = pd.factorize(np.asarray(categories, dtype=object))
    codes = np.asarray(cells.codes, dtype=np.int64)
    codes = np.where(codes < 0, len(categories) - 1, codes)
    return pd.Categorical.from_codes(inverse[codes], categories=pd.Index(distinct, dtype=object))


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
    frame = pd.DataFrame({c: pd.Series(text_cells(frame[c].to_numpy()), index=frame.index) for c in frame.columns},
                         index=frame.index, columns=frame.columns)
    return RawTable(name, location, path, header[:width], frame, from_excel=from_excel)


# --- Excel -----------------------------------------------------------------------------------------------------------

#: How a cell problem found while reading a workbook is reported: (code, expected text).
_EXCEL_ERROR = ("excel_error", "cellen visar ett Excel-fel – rätta formeln eller skriv in värdet")
_FORMULA_WITHOUT_VALUE = ("formula_without_value",
                          "formeln har inget sparat resultat (filen är skapad av ett program som inte räknar ut "
                          "formler) – öppna filen i Excel och spara den igen, eller skriv in värdet")
#: Rows searched for the header when row 1 holds a title instead of the headers.
_HEADER_SEARCH_ROWS = 10
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # .xls (Excel 97-2003) and password-protected Office files


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


def _cannot_open(path: Path, reason: str) -> InputFileError:
    return InputFileError(f"{path.name} går inte att öppna som Excel-arbetsbok (.xlsx): {reason}", path=str(path))


_RESAVE = "Öppna den i Excel och spara som ”Excel-arbetsbok (.xlsx)”."


def _check_is_workbook(path: Path) -> None:
    """Raise a clear :class:`InputFileError` when ``path`` is plainly not an ``.xlsx`` workbook (before openpyxl)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        raise _cannot_open(path, "filen är tom (0 byte). Spara underlaget från Excel igen.")
    if head.startswith(_OLE_MAGIC):
        raise _cannot_open(path, "filen är lösenordsskyddad eller sparad i det äldre formatet .xls (Excel 97–2003). "
                                 "Ta bort lösenordet och spara som ”Excel-arbetsbok (.xlsx)”.")
    if not head.startswith(b"PK"):
        if b"\x00" not in head and _looks_like_text(head):
            raise _cannot_open(path, "filen är en textfil (kanske CSV) med fel filändelse. Lägg CSV-filer i en mapp "
                                     "och ange mappen, eller öppna filen i Excel och spara som "
                                     "”Excel-arbetsbok (.xlsx)”.")
        raise _cannot_open(path, f"filen är ingen Excel-arbetsbok (den är skadad eller av ett annat slag). {_RESAVE}")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _cannot_open(path, "filen är skadad eller ofullständig (avbruten kopiering eller nedladdning?). "
                                 "Hämta en ny kopia eller öppna den i Excel och spara den igen.") from exc
    names = {info.filename for info in infos}
    if any(info.flag_bits & 0x1 for info in infos):
        raise _cannot_open(path, "filen är krypterad (lösenordsskyddad zip-fil). Spara en kopia utan lösenord som "
                                 "”Excel-arbetsbok (.xlsx)”.")
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            kind = "ett Word-dokument"
        elif "content.xml" in names:
            kind = "en OpenDocument-fil (.ods från LibreOffice)"
        else:
            kind = "ingen Excel-arbetsbok"
        raise _cannot_open(path, f"filen är en zip-fil men {kind} (den saknar xl/workbook.xml). {_RESAVE}")


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * len(text)


def _damaged(path: Path, exc: BaseException, sheet: str | None = None) -> InputFileError:
    where = f"bladet ”{sheet}” är skadat" if sheet else "filen är skadad"
    return _cannot_open(path, f"{where} ({type(exc).__name__}). Öppna filen i Excel och spara den igen som "
                              "”Excel-arbetsbok (.xlsx)”.")


def _formulas_without_value(path: Path) -> dict[str, dict[tuple[int, int], str | None]]:
    """Formula cells that have no saved result, by worksheet part: {(row number, column index): formula text}.

    openpyxl reads such a cell as empty, like a formula whose result is an empty text, so the sheet XML is scanned
    directly: a ``<c>`` element with an ``<f>`` and no or an empty ``<v>`` (openpyxl and some exporters write
    ``<v />``), unless its type is text. Only parts that contain a formula are scanned.
    """
    import html
    import re

    from openpyxl.utils import column_index_from_string

    cell = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
    reference = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
    text_type = re.compile(rb'\bt="(?:str|inlineStr)"')
    formula = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
    value = re.compile(rb"<(?:\w+:)?v\b[^>]*?>\s*[^<\s]")  # a <v> element with something in it
    found: dict[str, dict[tuple[int, int], str | None]] = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            data = archive.read(info)
            if not formula.search(data):
                continue
            cells: dict[tuple[int, int], str | None] = {}
            for match in cell.finditer(data):
                attributes, inner = match.groups()
                if not inner or value.search(inner):
                    continue
                f = formula.search(inner)
                where = reference.search(attributes)
                # a formula whose result is an empty text is saved as t="str" with an empty <v>: a real value
                if f is None or where is None or text_type.search(attributes):
                    continue
                text = html.unescape(f.group(1).decode("utf-8", "replace")) if f.group(1) else None
                position = (int(where.group(2)), column_index_from_string(where.group(1).decode()) - 1)
                cells[position] = None if text is None else "=" + text
            if cells:
                found[info.filename] = cells
    return found


def _declared_sheets(path: Path) -> list[str]:
    """The sheet names listed in the workbook part (xl/workbook.xml), whether or not their parts exist."""
    import html
    import re

    with zipfile.ZipFile(path) as archive:
        data = archive.read("xl/workbook.xml")
    return [html.unescape(name.decode("utf-8", "replace"))
            for name in re.findall(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"', data)]


def _sheet_rows(sheet, path: Path):
    """The cells of every row of a read-only sheet; an openpyxl failure (a damaged part) becomes InputFileError."""
    sheet.reset_dimensions()  # some programs write a wrong <dimension>: read every row and column regardless
    rows = sheet.iter_rows()
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises many kinds on a damaged part (ParseError, KeyError, ValueError...)
            raise _damaged(path, exc, sheet.title) from exc
        yield row


def _shown(text: str, limit: int = 60) -> str:
    """A cell text as shown in a message: personnummer masked, long texts shortened."""
    from finsamdash.validate import mask_personnummer

    text = mask_personnummer(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _read_sheet(sheet, path: Path, no_value: dict[tuple[int, int], str | None]
                ) -> tuple[list[tuple[int, list[str]]], dict[tuple[int, int], tuple]]:
    """Non-empty rows as (row number, texts) and cell problems {(row number, column index): (problem, value)}.

    A cell showing an Excel error (#REF!, #N/A...) or holding a formula without a saved result (``no_value``) is
    read as empty and reported.
    """
    rows: list[tuple[int, list[str]]] = []
    problems: dict[tuple[int, int], tuple] = {}
    for row_number, cells in enumerate(_sheet_rows(sheet, path), start=1):
        texts = []
        flagged = False
        for position, cell in enumerate(cells):
            if cell.data_type == "e":
                problems[row_number, position] = (_EXCEL_ERROR, _shown(str(cell.value)))
                texts.append("")
                flagged = True
                continue
            if cell.value is None and (row_number, position) in no_value:
                formula = no_value[row_number, position]
                problems[row_number, position] = (_FORMULA_WITHOUT_VALUE, None if formula is None else _shown(formula))
                flagged = True
            texts.append(_cell_text(cell.value))
        if flagged or any(texts):
            rows.append((row_number, texts))
    return rows, problems


def _known_headers(cells: list[str], lookup: dict[str, str]) -> int:
    return sum(normalise_name(cell) in lookup for cell in cells if cell)


def _column_letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def _sheet_table(name: str, location: str, path: Path, rows: list[tuple[int, list[str]]],
                 problems: dict[tuple[int, int], tuple], issues: list[Issue]) -> RawTable | None:
    """Turn the rows of one sheet into a RawTable: find the header row, report cells outside the table."""
    from finsamdash.contract import column_lookup

    if not rows:
        if TABLES[name].required:
            issues.append(Issue("error", name, location, None, None, None,
                                "bladet är tomt – första raden ska vara rubrikraden", "empty_file"))
        return None
    lookup = column_lookup(name)
    start = 0
    if not _known_headers(rows[0][1], lookup):
        # A title above the table ("Deltagare 2026"): are the headers on a later row?
        for k, (_, cells) in enumerate(rows[1:_HEADER_SEARCH_ROWS], start=1):
            if _known_headers(cells, lookup) >= 2:
                start = k
                above = next(cell for cell in rows[0][1] if cell)
                # An error (the header must be row 1), but the table is still read from the header row found, so
                # that this is the only message instead of one per column and row.
                issues.append(Issue("error", name, location, rows[k][0], None, None,
                                    f"rubrikraden ska vara rad 1, men rubrikerna står på rad {rows[k][0]} – ta bort "
                                    f"raderna ovanför (t.ex. ”{_shown(above)}”)", "header_not_first"))
                break
    header_row, header = rows[start]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1

    def column(position: int) -> str:
        written = header[position] if position < width else ""
        return written or f"kolumn {_column_letter(position)}"

    data: list[list[str]] = []
    index: list[int] = []
    for (row_number, position), ((code, expected), value) in sorted(problems.items()):
        if row_number > header_row:
            issues.append(Issue("error", name, location, row_number, column(position), value, expected, code))
    for row_number, cells in rows[start + 1:]:
        outside = next((p for p in range(width, len(cells)) if cells[p]), None)
        if outside is not None:
            issues.append(Issue("error", name, location, row_number, f"kolumn {_column_letter(outside)}",
                                _shown(cells[outside]),
                                f"värde utanför tabellen – kolumnen har ingen rubrik på rad {header_row}. Skriv "
                                "en rubrik eller ta bort värdet", "outside_table"))
        data.append(cells[:width])
        index.append(row_number)
    return _raw_table(name, location, path, header[:width], data, index, issues, from_excel=True)


def _read_workbook(path: Path) -> RawDataset:
    import warnings

    import openpyxl

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputFileError(f"{path.name} är för stor ({size / 1e6:.0f} MB). Är det rätt fil?", path=str(path))
    _check_is_workbook(path)
    issues: list[Issue] = []
    tables: dict[str, RawTable] = {}
    lookup = table_lookup()
    # openpyxl warns (in English) about features it drops and dates out of range; neither concerns the user here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            no_value = _formulas_without_value(path)
            declared = _declared_sheets(path)
        except Exception as exc:  # a damaged archive or part: openpyxl and zipfile raise many kinds
            raise _damaged(path, exc) from exc
        lost = [title for title in declared if title not in workbook.sheetnames]
        if lost:  # openpyxl silently skips a sheet whose part is missing from the archive
            workbook.close()
            raise _cannot_open(path, f"bladet ”{lost[0]}” finns i arbetsboken men dess innehåll saknas – filen är "
                                     "skadad. Öppna filen i Excel och spara den igen som ”Excel-arbetsbok (.xlsx)”.")
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
                part = getattr(sheet, "_worksheet_path", "")  # private in openpyxl; without it no formula check
                rows, problems = _read_sheet(sheet, path, no_value.get(part, {}))
                table = _sheet_table(name, location, path, rows, problems, issues)
                if table is not None:
                    tables[name] = table
        finally:
            workbook.close()
    return RawDataset(path, tables, issues)
