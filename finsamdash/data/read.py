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
import re
import zipfile
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from finsamdash.data.contract import (
    GOAL_EXAMPLES_SHEET,
    TABLES,
    mask_personnummer,
    normalise_name,
    table_lookup,
)
from finsamdash.data.issues import Issue
from finsamdash.errors import InputFileError
from finsamdash.wording import input_files as say

#: Sheets of our own template that hold no data.
IGNORED_SHEETS = {"instruktioner", "listor", "instructions", normalise_name(GOAL_EXAMPLES_SHEET)}
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
    #: Cells already reported while reading and read as empty (an Excel error, a formula without a saved result):
    #: {(row number, column position)}. Validation does not report them again as missing.
    flagged: frozenset[tuple[int, int]] = frozenset()


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
            issues.append(Issue("warning", _shown(file.stem, 200), _shown(file.name, 200), None, None, None,
                                say.unknown_file([f"{t.name}.csv" for t in TABLES.values()]), "unknown_table"))
            continue
        if name in tables:
            issues.append(Issue("error", name, file.name, None, None, None,
                                say.table_in_two_files(tables[name].location), "duplicate_table"))
            continue
        table = _read_csv(file, name, issues)
        if table is not None:
            tables[name] = table
    return RawDataset(folder, tables, issues)


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # little and big endian: Excel's "Unicode-text" is UTF-16 LE, tab separated
#: Bytes that are not characters in Windows-1252 either (read as "�").
_UNDEFINED_IN_CP1252 = b"\x81\x8d\x8f\x90\x9d"


def decode_text(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (BOM or not), else Windows-1252 (Swedish Excel's 'CSV (semikolonavgränsad)')."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.removeprefix(_UTF8_BOM).decode("cp1252", errors="replace")


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


def _row_at(text: str, position: int) -> int:
    """The row number (as a spreadsheet shows it: one per record, header = 1) of the character at ``position``."""
    prefix = text[:position + 1]
    try:
        return sum(1 for _ in csv.reader(io.StringIO(prefix, newline=""), delimiter=sniff_delimiter(text)))
    except csv.Error:  # a field over the size limit before ``position``: count lines instead
        return prefix.count("\n") + 1


def _decode_windows_1252(data: bytes, file: Path, name: str, issues: list[Issue]) -> str:
    """The text of a file that is not valid UTF-8, read as Windows-1252, with a warning when it mixes encodings.

    Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252 throughout. A file that also holds valid UTF-8
    sequences (a row pasted or appended from another program) is read as Windows-1252 all the same, so those
    rows show "Ã¤" instead of "ä": the first row concerned is named. Characters are counted: when more are UTF-8
    than not, the file is a UTF-8 file with a few stray bytes and the first of them is named instead.
    """
    body = data.removeprefix(_UTF8_BOM)
    text = body.decode("cp1252", errors="replace")
    sequences, other, first_sequence, undefined = _utf8_sequences(body)
    if not sequences and undefined is None:
        return text
    if sequences and sequences <= other:  # mostly Windows-1252: name the first UTF-8 row
        position = first_sequence
        message = say.UTF8_ROW_IN_CP1252
    else:  # mostly UTF-8 (or a byte that is no character in either): name the first byte that is not UTF-8
        position = _first_invalid_utf8(body) if sequences else undefined  # type: ignore[assignment]
        message = say.invalid_utf8(body[position])
    issues.append(Issue("warning", name, file.name, _row_at(text, position), None, None, message, "mixed_encoding"))
    return text


def _utf8_sequences(body: bytes) -> tuple[int, int, int, int | None]:
    """The valid UTF-8 sequences (two to four bytes) in ``body``: how many there are, how many other bytes are not
    ASCII, where the first sequence starts, and where the first byte is that is no character in Windows-1252
    either (or None). Vectorised over the bytes that are not ASCII (a Windows-1252 file has few)."""
    data = np.frombuffer(body, dtype=np.uint8)
    high = np.flatnonzero(data >= 0x80)
    values = data[high]
    undefined = high[np.isin(values, np.frombuffer(_UNDEFINED_IN_CP1252, dtype=np.uint8))]

    def continued(count: int) -> np.ndarray:
        ok = high + count < len(data)
        for k in range(1, count + 1):
            follower = data[np.minimum(high + k, len(data) - 1)]
            ok &= (follower >= 0x80) & (follower <= 0xBF)
        return ok

    two = (values >= 0xC2) & (values <= 0xDF) & continued(1)
    three = (values >= 0xE0) & (values <= 0xEF) & continued(2)
    four = (values >= 0xF0) & (values <= 0xF4) & continued(3)
    starts = two | three | four
    count = int(starts.sum())
    in_sequences = int(2 * two.sum() + 3 * three.sum() + 4 * four.sum())
    return (count, len(high) - in_sequences, int(high[np.argmax(starts)]) if count else 0,
            int(undefined[0]) if len(undefined) else None)


def _first_invalid_utf8(body: bytes) -> int:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    raise AssertionError("valid UTF-8")  # the caller only passes text that is not valid UTF-8


def _read_csv(file: Path, name: str, issues: list[Issue]) -> RawTable | None:
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        issues.append(Issue("error", name, file.name, None, None, f"{size / 1e6:.0f} MB",
                            say.file_too_large(MAX_FILE_BYTES // 1_000_000), "file_too_large"))
        return None
    data = file.read_bytes()
    if data.startswith(_UTF16_BOMS):
        # Excel's "Unicode-text": UTF-16 with a byte order mark (tab separated). Read like any other CSV file.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" in text[:4096]:  # not UTF-16 text after all (UTF-32, or binary data behind the two bytes)
            issues.append(Issue("error", name, file.name, None, None, None, say.UTF16_ADVICE, "not_text"))
            return None
        del data
        return _read_csv_fast(file, name, text.encode("utf-8"), issues) or _read_csv_careful(file, name, text, issues)
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte order mark: every other byte of ASCII text is 0
        halves = (data[0:4096:2], data[1:4096:2])
        utf16 = any(half.count(0) > 0.4 * len(half) for half in halves)
        issues.append(Issue("error", name, file.name, None, None, None, say.UTF16_ADVICE if utf16 else say.NOT_TEXT,
                            "not_text"))
        return None
    # UTF-8 is read as it is (without holding it as text too); Windows-1252 as the UTF-8 of its text
    if _is_utf8(data):
        fast = _read_csv_fast(file, name, data.removeprefix(_UTF8_BOM), issues)
        text = None
    else:
        text = _decode_windows_1252(data, file, name, issues)
        fast = _read_csv_fast(file, name, text.encode("utf-8"), issues)
    if fast is not None:
        return fast
    return _read_csv_careful(file, name, decode_text(data) if text is None else text, issues)


def _csv_problem(exc: csv.Error) -> tuple[str, str]:
    """(code, Swedish message) for an error of the ``csv`` module (its messages are English)."""
    from finsamdash.wording.formatting import fmt_int

    message = str(exc)
    if message == "unexpected end of data":
        return ("unclosed_quote", say.UNCLOSED_QUOTE)
    if message.startswith("field larger than field limit"):
        return ("field_too_long", say.field_too_long(fmt_int(csv.field_size_limit())))
    if re.fullmatch(r"'.' expected after '\"'", message, flags=re.S):
        return ("misplaced_quote", say.MISPLACED_QUOTE)
    return ("bad_csv", say.bad_csv(message))


def _read_csv_careful(file: Path, name: str, text: str, issues: list[Issue]) -> RawTable | None:
    """The careful way, record by record: it finds and reports what the fast way does not read (unclosed or
    misplaced quotes, rows longer than the header row, NUL characters, rows with another separator, no header)."""
    delimiter = sniff_delimiter(text)
    # strict: an unclosed quote is an error instead of silently swallowing the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    nul = "\x00" in text
    others = [sep for sep in say.SEPARATOR_NAMES if sep != delimiter and sep in text]  # a row may use one of them
    nul_rows: list[int] = []
    header: list[str] | None = None
    width = 0
    rows: list[list[str]] = []
    index: list[int] = []
    row_number = 0
    try:
        # Row numbers count records as a spreadsheet shows them (a line break inside a quoted cell stays in
        # one row; blank lines are rows too), so they match what the user sees when opening the file in Excel.
        for row_number, record in enumerate(reader, start=1):
            if nul and any("\x00" in cell for cell in record):
                nul_rows.append(row_number)
                record = [cell.replace("\x00", "") for cell in record]
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip() for cell in record]
                width = _width(header)
                continue
            other = None
            if others and any(sep in cell for cell in record for sep in others):
                other = _other_separator(record, delimiter, width)
            if other is not None:
                issues.append(_separator_issue(name, file.name, row_number, other, delimiter))
                continue
            rows.append(record)
            index.append(row_number)
    except csv.Error as exc:
        code, message = _csv_problem(exc)
        issues.append(Issue("error", name, file.name, row_number + 1, None, None, message, code))
        return None
    finally:
        if nul_rows:
            issues.append(Issue("error", name, file.name, nul_rows[0], None, None, say.nul_character(len(nul_rows) - 1),
                                "nul_character"))
    if header is None:
        issues.append(Issue("error", name, file.name, None, None, None,
                            say.EMPTY_FILE, "empty_file"))
        return None
    return _raw_table(name, file.name, file, header, rows, index, issues, from_excel=False)


def _width(header: list[str]) -> int:
    """The number of columns of a header row: trailing empty header cells (a trailing separator) do not count."""
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    return width


def _other_separator(cells: list[str], delimiter: str, width: int) -> str | None:
    """The separator a row uses instead of the header row's, or None.

    Read with the header's separator such a row falls into few cells (often one) that hold the other separator:
    split at it, the row has at least three and at least twice as many non-empty parts.
    """
    filled = [cell for cell in cells if cell.strip()]
    if len(filled) >= width:
        return None
    best, parts = None, 0
    for separator in say.SEPARATOR_NAMES:
        if separator != delimiter:
            count = sum(1 for cell in filled for part in cell.split(separator) if part.strip())
            if count > parts:
                best, parts = separator, count
    return best if parts >= max(3, 2 * len(filled)) else None


def _separator_issue(name: str, location: str, row: int, other: str, delimiter: str) -> Issue:
    return Issue("error", name, location, row, None, None,
                 say.mixed_separators(other, delimiter), "mixed_separators")


def _separator_rows(columns: list[pd.Categorical], rows: np.ndarray, width: int, delimiter: str,
                    body: bytes) -> dict[int, str]:
    """Positions (in ``rows``) of the rows that use another separator than the header row: {position: separator}.

    Vectorised: only rows whose cells hold another separator at least as often as they have non-empty cells
    (a necessary condition of :func:`_other_separator`) are looked at one by one.
    """
    others = [sep for sep in say.SEPARATOR_NAMES if sep != delimiter and sep.encode() in body]
    if not others or not len(rows):
        return {}
    count = np.zeros(len(rows), dtype=np.int64)
    for column in columns[:width]:
        categories = column.categories.tolist()
        if not any(sep in "\n".join(categories) for sep in others):
            continue
        per_category = np.fromiter((sum(text.count(sep) for sep in others) for text in categories), dtype=np.int64,
                                   count=len(categories))
        count += per_category[column.codes[rows]]
    if not count.any():
        return {}
    filled = np.zeros(len(rows), dtype=np.int64)
    for column in columns[:width]:
        filled += column.codes[rows] != _empty_code(column)
    found = {}
    for position in np.flatnonzero((count >= filled) & (count + filled >= 3) & (filled < width)):
        cells = [str(column[rows[position]]) for column in columns[:width]]
        other = _other_separator(cells, delimiter, width)
        if other is not None:
            found[int(position)] = other
    return found


def _read_csv_fast(file: Path, name: str, body: bytes, issues: list[Issue]) -> RawTable | None:
    """The CSV file read by pandas' C parser, or None when the careful reader must decide (it reports problems).

    Gives exactly what the careful reader gives for every file it accepts: the C parser is lenient about quotes
    (``"a"b`` is read as ``ab``) where the careful reader is strict, so a file with quotes is first tokenised by the
    ``csv`` module (C speed, nothing kept) and must give the same number of records. ``body`` is the file as UTF-8
    without BOM.
    """
    if b"\x00" in body:
        return None
    delimiter = _sniff_utf8(body)
    records = None
    if b'"' in body:
        text = body.decode("utf-8")
        try:
            last = deque(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True),
                                   start=1), maxlen=1)
        except csv.Error:
            return None
        records = last[0][0] if last else 0
        del text  # not needed any more: let it go before the parser's own buffers are made
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
    width = _width(header)
    rows = positions[1:]
    if any((column.codes[rows] != _empty_code(column)).any() for column in columns[width:]):
        return None  # a row longer than the header row: the careful reader reports it
    other = _separator_rows(columns, rows, width, delimiter, body)
    if other:
        for position, separator in other.items():
            issues.append(_separator_issue(name, file.name, int(rows[position]) + 1, separator, delimiter))
        rows = np.delete(rows, list(other))
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
               issues: list[Issue], *, from_excel: bool,
               flagged: frozenset[tuple[int, int]] = frozenset()) -> RawTable:
    # Trailing header cells left empty (a trailing separator, a formatted but empty Excel column) are dropped.
    width = _width(header)
    clean: list[list[str]] = []
    for row_number, record in zip(index, rows, strict=True):
        extra = [cell for cell in record[width:] if str(cell).strip()]
        if extra:
            issues.append(Issue("error", name, location, row_number, None, _shown(str(extra[0]).strip()),
                                say.too_many_fields(width), "too_many_fields"))
        record = list(record[:width]) + [""] * (width - len(record))
        clean.append(record)
    frame = pd.DataFrame(clean, index=pd.Index(index, name="row"), columns=range(width), dtype=object)
    frame = pd.DataFrame({c: pd.Series(text_cells(frame[c].to_numpy()), index=frame.index) for c in frame.columns},
                         index=frame.index, columns=frame.columns)
    return RawTable(name, location, path, header[:width], frame, from_excel=from_excel, flagged=flagged)


# --- Excel -----------------------------------------------------------------------------------------------------------

#: How a cell problem found while reading a workbook is reported: (code, expected text).
_EXCEL_ERROR = ("excel_error", say.EXCEL_ERROR)
_FORMULA_WITHOUT_VALUE = ("formula_without_value", say.FORMULA_WITHOUT_VALUE)
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
    return InputFileError(say.cannot_open(path.name, reason), path=str(path))



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
        raise _cannot_open(path, "filen är ingen Excel-arbetsbok (den är skadad eller av ett annat slag). "
                                 f"{say.RESAVE_AS_XLSX}")
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
            kind = say.WORD_DOCUMENT
        elif "content.xml" in names:
            kind = say.OPENDOCUMENT_FILE
        else:
            kind = say.NO_WORKBOOK
        raise _cannot_open(path, f"filen är en zip-fil men {kind} (den saknar xl/workbook.xml). {say.RESAVE_AS_XLSX}")


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * len(text)


def _damaged(path: Path, exc: BaseException, sheet: str | None = None) -> InputFileError:
    return _cannot_open(path, say.damaged(_shown(sheet) if sheet else None, type(exc).__name__))


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
    from finsamdash.data.contract import column_lookup

    if not rows:
        if TABLES[name].required:
            issues.append(Issue("error", name, location, None, None, None,
                                say.EMPTY_SHEET, "empty_file"))
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
                                    say.header_not_first(rows[k][0], _shown(above)), "header_not_first"))
                break
    header_row, header = rows[start]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1

    def column(position: int) -> str:
        written = header[position] if position < width else ""
        return _shown(written) if written else say.unnamed_column(_column_letter(position))

    data: list[list[str]] = []
    index: list[int] = []
    for (row_number, position), ((code, expected), value) in sorted(problems.items()):
        if row_number > header_row:
            issues.append(Issue("error", name, location, row_number, column(position), value, expected, code))
    for row_number, cells in rows[start + 1:]:
        outside = next((p for p in range(width, len(cells)) if cells[p]), None)
        if outside is not None:
            issues.append(Issue("error", name, location, row_number, say.unnamed_column(_column_letter(outside)),
                                _shown(cells[outside]),
                                say.outside_table(header_row), "outside_table"))
        data.append(cells[:width])
        index.append(row_number)
    flagged = frozenset((row, position) for row, position in problems if row > header_row and position < width)
    return _raw_table(name, location, path, header[:width], data, index, issues, from_excel=True, flagged=flagged)


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
    # The file is opened here and handed to openpyxl, so that it is closed whatever openpyxl raises half-way (it
    # leaves its own archive open on a damaged part).
    with warnings.catch_warnings(), path.open("rb") as handle:
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            no_value = _formulas_without_value(path)
            declared = _declared_sheets(path)
        except Exception as exc:  # a damaged archive or part: openpyxl and zipfile raise many kinds
            raise _damaged(path, exc) from exc
        lost = [title for title in declared if title not in workbook.sheetnames]
        if lost:  # openpyxl silently skips a sheet whose part is missing from the archive
            workbook.close()
            raise _cannot_open(path, f"bladet ”{_shown(lost[0])}” finns i arbetsboken men dess innehåll saknas – filen "
                                     "är skadad. Öppna filen i Excel och spara den igen som ”Excel-arbetsbok (.xlsx)”.")
        try:
            for sheet in workbook.worksheets:
                title = sheet.title
                location = f"{path.name}, blad ”{title}”"
                if normalise_name(title) in IGNORED_SHEETS:
                    continue
                name = lookup.get(normalise_name(title))
                if name is None:
                    issues.append(Issue("warning", _shown(title, 200), _shown(location, 400), None, None, None,
                                        say.unknown_sheet([t.sheet_sv for t in TABLES.values()]), "unknown_table"))
                    continue
                if name in tables:
                    issues.append(Issue("error", name, location, None, None, None,
                                        say.table_on_two_sheets(tables[name].location), "duplicate_table"))
                    continue
                part = getattr(sheet, "_worksheet_path", "")  # private in openpyxl; without it no formula check
                rows, problems = _read_sheet(sheet, path, no_value.get(part, {}))
                table = _sheet_table(name, location, path, rows, problems, issues)
                if table is not None:
                    tables[name] = table
        finally:
            workbook.close()
    return RawDataset(path, tables, issues)
