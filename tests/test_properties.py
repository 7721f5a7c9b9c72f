"""Property-based tests: random corruptions of valid data never crash, hang or touch the input.

Each example starts from the valid fixture (tests/fixtures/valid_small) as a CSV folder or as a real ``.xlsx``
written from it, corrupts it at random (cells replaced by random text, unicode, numbers, Excel errors or formulas;
rows deleted or duplicated; columns swapped; files truncated; random bytes in a CSV file, in the zip archive of a
workbook or inside one of its XML parts) and runs ``finsamdash validate`` on it. The answer must be exit status 0
or 2 with a message (never a traceback: any exception other than the ones the CLI turns into a message fails the
test), must come within a time limit, and the input must be byte-identical afterwards.

The runs are bounded (``max_examples``) and derandomized, so they are the same on every machine and in CI.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import hashlib
import io
import signal
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from finsamdash.cli import main
from finsamdash.data.contract import ContractSettings
from finsamdash.data.template import write_workbook
from finsamdash.data.validate import check

FIXTURE = Path(__file__).parent / "fixtures" / "valid_small"
TABLE_FILES = sorted(p.name for p in FIXTURE.glob("*.csv"))
#: Generous: one validation of the small fixture takes well under a second; a hang is what this catches.
TIME_LIMIT_S = 30

PROPERTY_SETTINGS = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Hang(BaseException):  # not an Exception, so that no `except Exception` in the code swallows it
    """validate did not answer within the time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum, frame):
        raise Hang(f"validate did not answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def assert_answers_cleanly(path: Path, root: Path) -> None:
    """Run `finsamdash validate path`: status 0 or 2 with a message, in time, and ``root`` unchanged."""
    before = digests(root)
    out, err = io.StringIO(), io.StringIO()
    with time_limit(TIME_LIMIT_S), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["validate", str(path)])
    output = out.getvalue() + err.getvalue()
    assert status in (0, 2), output
    assert "Traceback" not in output
    if status == 0:
        assert "är giltigt" in output, output
    else:
        assert output.startswith(("Fel:", "Varning:", "finsamdash:")), output
    assert digests(root) == before, "validate must not modify its input"


def read_rows(name: str) -> list[list[str]]:
    with (FIXTURE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@functools.cache
def valid_workbook() -> bytes:
    dataset, issues = check(FIXTURE, ContractSettings())
    assert dataset is not None, issues
    with tempfile.TemporaryDirectory() as tmp:
        return write_workbook(Path(tmp) / "underlag.xlsx", dataset.tables).read_bytes()


# --- strategies -------------------------------------------------------------------------------------------------------

TRICKY = ["", " ", '"', '""', "'", ";", ",", "\t", "\n", "\r\n", "\x00", "\ufeff", "#REF!", "#N/A", "=SUM(A1:A3)",
          "ja", "nej", "x", "2026-02-30", "2026-13-01", "45292", "1 234 567,50", "1.234.567,5", "−5", "-0", "1e309",
          "NaN", "inf", "None", "null", "kvinna", "Kvinna ", "porten", "PORTEN", "2026-H3", "99z", "ÅÄÖ", "🙂",
          "a" * 3000]

cell_text = st.one_of(
    st.text(max_size=25),
    st.integers(-10**15, 10**15).map(str),
    st.floats().map(str),
    st.dates().map(str),
    st.sampled_from(TRICKY),
)

table_file = st.sampled_from(TABLE_FILES)
index = st.integers(0, 40)  # taken modulo the actual number of rows/columns

csv_operation = st.one_of(
    st.tuples(st.just("cell"), table_file, index, index, cell_text),
    st.tuples(st.just("delete_row"), table_file, index),
    st.tuples(st.just("duplicate_row"), table_file, index),
    st.tuples(st.just("swap_columns"), table_file, index, index),
    st.tuples(st.just("swap_data_columns"), table_file, index, index),
    st.tuples(st.just("delete_file"), table_file),
)


def apply_csv(tables: dict[str, list[list[str]]], operation: tuple) -> None:
    kind, name, *args = operation
    rows = tables.get(name)
    if rows is None or not rows:
        return
    if kind == "cell":
        row = rows[args[0] % len(rows)]
        if row:
            row[args[1] % len(row)] = args[2]
    elif kind == "delete_row":
        del rows[args[0] % len(rows)]
    elif kind == "duplicate_row":
        position = args[0] % len(rows)
        rows.insert(position, list(rows[position]))
    elif kind in ("swap_columns", "swap_data_columns"):
        width = len(rows[0])
        i, j = args[0] % width, args[1] % width
        for row in rows[1:] if kind == "swap_data_columns" else rows:
            if max(i, j) < len(row):
                row[i], row[j] = row[j], row[i]
    elif kind == "delete_file":
        del tables[name]


@given(operations=st.lists(csv_operation, min_size=1, max_size=5),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
       delimiter=st.sampled_from([",", ";", "\t"]))
@settings(PROPERTY_SETTINGS, max_examples=60)
def test_corrupted_csv_cells_rows_and_columns(operations: list[tuple], encoding: str, delimiter: str) -> None:
    tables = {name: read_rows(name) for name in TABLE_FILES}
    for operation in operations:
        apply_csv(tables, operation)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "underlag"
        folder.mkdir()
        for name, rows in tables.items():
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
            (folder / name).write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
        assert_answers_cleanly(folder, Path(tmp))


csv_byte_operation = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("overwrite"), st.floats(0, 1), st.binary(min_size=1, max_size=40)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=40)),
    st.tuples(st.just("unquoted_join"), st.floats(0, 1), st.sampled_from(['"', "'", "\n", "\r", ";", ","])),
)


def apply_bytes(data: bytes, operation: tuple) -> bytes:
    kind, where, *args = operation
    position = int(where * len(data))
    if kind == "truncate":
        return data[:position]
    if kind == "overwrite":
        return data[:position] + args[0] + data[position + len(args[0]):]
    if kind == "insert":
        return data[:position] + args[0] + data[position:]
    if kind == "unquoted_join":  # a separator, quote or line break dropped in as a careless export would
        return data[:position] + args[0].encode() + data[position:]
    raise AssertionError(kind)


@given(name=table_file, operations=st.lists(csv_byte_operation, min_size=1, max_size=3))
@settings(PROPERTY_SETTINGS, max_examples=40)
def test_random_bytes_in_a_csv_file(name: str, operations: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "underlag"
        folder.mkdir()
        for file in TABLE_FILES:
            (folder / file).write_bytes((FIXTURE / file).read_bytes())
        data = (folder / name).read_bytes()
        for operation in operations:
            data = apply_bytes(data, operation)
        (folder / name).write_bytes(data)
        assert_answers_cleanly(folder, Path(tmp))


# --- workbooks ------------------------------------------------------------------------------------------------------

DATA_SHEETS = ["Förbund", "Bidrag", "Insatser", "Deltagare", "Mål", "Enkätsvar", "Budget", "Utfall", "Eget kapital",
               "Kompetensutveckling"]

cell_value = st.one_of(
    cell_text.map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)),
    st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.times(),
    st.booleans(),
    st.none(),
    st.sampled_from(["#REF!", "#N/A", "#DIV/0!", "#VALUE!", "=1+1", "=A1", "=Deltagare!B2", '=IF(TRUE,"","x")']),
)
sheet = st.sampled_from(DATA_SHEETS)

xlsx_operation = st.one_of(
    st.tuples(st.just("cell"), sheet, st.integers(1, 20), st.integers(1, 18), cell_value),
    st.tuples(st.just("delete_rows"), sheet, st.integers(1, 20), st.integers(1, 3)),
    st.tuples(st.just("insert_rows"), sheet, st.integers(1, 20), st.integers(1, 3)),
    st.tuples(st.just("delete_columns"), sheet, st.integers(1, 18)),
    st.tuples(st.just("merge"), sheet, st.integers(1, 5), st.integers(1, 10)),
    st.tuples(st.just("hide_row"), sheet, st.integers(1, 20)),
    st.tuples(st.just("rename"), sheet, st.text(min_size=1, max_size=31)),
    st.tuples(st.just("delete_sheet"), sheet),
)


def apply_xlsx(wb: openpyxl.Workbook, operation: tuple) -> None:
    kind, title, *args = operation
    if title not in wb.sheetnames:
        return
    ws = wb[title]
    if kind == "cell":
        ws.cell(args[0], args[1]).value = args[2]
    elif kind == "delete_rows":
        ws.delete_rows(args[0], args[1])
    elif kind == "insert_rows":
        ws.insert_rows(args[0], args[1])
    elif kind == "delete_columns":
        ws.delete_cols(args[0])
    elif kind == "merge":
        ws.merge_cells(start_row=args[0], start_column=args[1], end_row=args[0], end_column=args[1] + 1)
    elif kind == "hide_row":
        ws.row_dimensions[args[0]].hidden = True
    elif kind == "rename":
        with contextlib.suppress(ValueError):  # a title Excel would refuse
            ws.title = args[0]
    elif kind == "delete_sheet":
        del wb[title]


@given(operations=st.lists(xlsx_operation, min_size=1, max_size=4))
@settings(PROPERTY_SETTINGS, max_examples=30)
def test_corrupted_workbook_cells_rows_and_sheets(operations: list[tuple]) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(valid_workbook()))
    for operation in operations:
        apply_xlsx(wb, operation)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "underlag.xlsx"
        wb.save(path)
        assert_answers_cleanly(path, Path(tmp))


def rewrite_part(data: bytes, part_index: int, operation: tuple) -> bytes:
    """Corrupt the content of one part of the archive (past the zip checksums, into the XML)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = sorted(parts)[part_index % len(parts)]
    parts[name] = apply_bytes(parts[name], operation)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return out.getvalue()


@given(in_archive=st.lists(csv_byte_operation, max_size=2),
       in_part=st.lists(st.tuples(st.integers(0, 100), csv_byte_operation), max_size=2))
@settings(PROPERTY_SETTINGS, max_examples=60)
def test_random_bytes_in_a_workbook(in_archive: list[tuple], in_part: list[tuple]) -> None:
    data = valid_workbook()
    for part_index, operation in in_part:
        data = rewrite_part(data, part_index, operation)
    for operation in in_archive:
        data = apply_bytes(data, operation)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "underlag.xlsx"
        path.write_bytes(data)
        assert_answers_cleanly(path, Path(tmp))
