"""CSV dialects: the same dataset saved the way Swedish Excel saves it reads to the same tables.

The canonical fixture (tests/fixtures/valid_small: UTF-8, comma, English headers and keys, decimal point) is
rewritten as Swedish Excel would save it: Windows-1252 or UTF-8 with BOM, semicolon separated, CRLF line ends,
Swedish file names, headers and category labels, decimal comma with space / non-breaking space thousands
("1 234 567,50") and booleans ja/nej/x. ``check()`` must accept every variant without errors and give tables equal to
those of the canonical fixture.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from finsamdash.data.contract import TABLES, Column, ContractSettings, label_sv
from finsamdash.data.read import decode_text, sniff_delimiter
from finsamdash.data.validate import check, parse_date, parse_number

FIXTURE = Path(__file__).parent / "fixtures" / "valid_small"
SETTINGS = ContractSettings()
NBSP = "\u00a0"
_TRUE = {"true": True, "false": False}


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def swedish_number(text: str, thousands: str) -> str:
    """``"1234567.50"`` -> ``"1 234 567,50"`` (thousands separator as given, decimal comma)."""
    if not text:
        return text
    sign = "-" if text.startswith("-") else ""
    whole, _, decimals = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", thousands)
    return sign + grouped + ("," + decimals if decimals else "")


def swedish_cell(col: Column, text: str, thousands: str) -> str:
    """One canonical cell as Swedish Excel users write it."""
    if not text:
        return text
    if col.kind == "category":
        return label_sv(col.categories, text)  # type: ignore[arg-type]
    if col.kind == "bool":
        if col.name == "anonymous":
            return "x" if _TRUE[text] else ""  # x / empty
        return "ja" if _TRUE[text] else "nej"
    if col.kind == "number":
        return swedish_number(text, thousands)
    if col.kind == "int" and "," in text:
        raise AssertionError(text)
    return text


def write_variant(folder: Path, *, encoding: str, delimiter: str, swedish: bool, newline: str = "\r\n",
                  source: Path = FIXTURE, bom: bytes = b"") -> Path:
    """Write the canonical CSV dataset ``source`` (default: the fixture) as one CSV dialect into ``folder``."""
    folder.mkdir()
    for file in sorted(source.glob("*.csv")):
        table = TABLES[file.stem]
        rows = _read(file)
        header = rows[0]
        columns = [table.column(h) for h in header]
        if swedish:
            # Swedish file name and headers; alternate the thousands separator between tables
            thousands = NBSP if len(table.name) % 2 else " "
            out_rows = [[c.header_sv for c in columns]]
            out_rows += [[swedish_cell(c, cell, thousands) for c, cell in zip(columns, row, strict=True)]
                         for row in rows[1:]]
            name = f"{table.sheet_sv}.csv"
        else:
            out_rows, name = rows, file.name
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(out_rows)
        (folder / name).write_bytes(bom + buffer.getvalue().encode(encoding))
    return folder


VARIANTS = {
    "excel_sv_cp1252_semicolon": {"encoding": "cp1252", "delimiter": ";", "swedish": True},
    "excel_sv_utf8_bom_semicolon": {"encoding": "utf-8-sig", "delimiter": ";", "swedish": True},
    "canonical_utf8_bom_comma": {"encoding": "utf-8-sig", "delimiter": ",", "swedish": False, "newline": "\n"},
    "swedish_utf8_tab": {"encoding": "utf-8", "delimiter": "\t", "swedish": True},
    # Excel's "Unicode-text": UTF-16 (little endian, with BOM), tab separated
    "excel_unicode_text_utf16": {"encoding": "utf-16-le", "delimiter": "\t", "swedish": True, "bom": b"\xff\xfe"},
}


@pytest.fixture(scope="module")
def canonical():
    dataset, issues = check(FIXTURE, SETTINGS)
    assert issues == []
    assert dataset is not None
    return dataset


@pytest.mark.parametrize("variant", VARIANTS)
def test_dialect_reads_to_the_same_tables(variant: str, canonical, tmp_path: Path) -> None:
    folder = write_variant(tmp_path / variant, **VARIANTS[variant])
    dataset, issues = check(folder, SETTINGS)
    assert [i.describe() for i in issues] == []
    assert dataset is not None
    assert set(dataset.tables) == set(canonical.tables)
    for name, frame in canonical.tables.items():
        pd.testing.assert_frame_equal(dataset.tables[name].reset_index(drop=True), frame.reset_index(drop=True),
                                      obj=f"{variant}: {name}")


def test_swedish_excel_variant_really_is_swedish(tmp_path: Path) -> None:
    """Guard against a silent no-op conversion: the written files hold what the tests claim they hold."""
    folder = write_variant(tmp_path / "sv", **VARIANTS["excel_sv_cp1252_semicolon"])
    raw = (folder / "Utfall.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert text.startswith("Förbund-id;Bokföringsdatum;Kategori;Insats-id;Belopp (kr);Text\r\n")
    assert f"1{NBSP}234{NBSP}567,50" in text or "1 234 567,50" in text
    participants = (folder / "Deltagare.csv").read_bytes().decode("cp1252")
    assert ";kvinna;" in participants and ";x;" in participants and ";ja;" in participants
    assert ";subventionerad anställning;" in participants
    goals = (folder / "Mål.csv").read_text(encoding="cp1252")
    assert ";minst;" in goals and ";högst;" in goals and ";andel avslut till;" in goals
    assert (folder / "Budget.csv").read_text(encoding="cp1252").count("4 000 000") + \
        (folder / "Budget.csv").read_text(encoding="cp1252").count(f"4{NBSP}000{NBSP}000") == 1


def test_swedish_headers_are_kept_for_messages(tmp_path: Path) -> None:
    """Sources remember the header as the user wrote it, and problems are reported with it."""
    folder = write_variant(tmp_path / "sv", **VARIANTS["excel_sv_cp1252_semicolon"])
    dataset, _ = check(folder, SETTINGS)
    assert dataset is not None
    assert dataset.sources["participants"].header["gender"] == "Kön"
    assert dataset.sources["participants"].location == "Deltagare.csv"

    path = folder / "Deltagare.csv"
    text = path.read_bytes().decode("cp1252").replace(";kvinna;", ";kvinnor?;", 1)
    path.write_bytes(text.encode("cp1252"))
    dataset, issues = check(folder, SETTINGS)
    assert dataset is None
    [issue] = issues
    assert (issue.location, issue.row, issue.column, issue.value) == ("Deltagare.csv", 2, "Kön", "kvinnor?")


# --- unit tests of the parsers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("1 234 567,50", 1234567.5),
    (f"1{NBSP}234{NBSP}567,50", 1234567.5),
    ("1\u202f234,5", 1234.5),
    ("1234567.50", 1234567.5),
    ("1 234 567.50", 1234567.5),
    ("1.234.567,50", 1234567.5),
    ("1,234,567.50", 1234567.5),
    ("3,5", 3.5),
    ("1,234", 1.234),
    ("-0,5", -0.5),
    ("−500", -500.0),
    ("-12 500", -12500.0),
    ("12 000 kr", 12000.0),
    ("12 000 SEK", 12000.0),
    ("2 500 000kr", 2500000.0),
    ("1e3", 1000.0),
    (".5", 0.5),
    ("0", 0.0),
    ("40", 40.0),
])
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(pd.Series([text])).iloc[0] == expected


@pytest.mark.parametrize("text", ["", "abc", "12 000 kr x", "kr", "1,2,3", "1.2.3", "12-000", "ja", "2026-01-01"])
def test_parse_number_rejects(text: str) -> None:
    assert np.isnan(parse_number(pd.Series([text])).iloc[0])


def test_parse_number_keeps_index_and_dtype() -> None:
    values = parse_number(pd.Series(["1 000", "", "2,5"], index=[2, 3, 7]))
    assert list(values.index) == [2, 3, 7]
    assert values.dtype == np.float64
    assert values.tolist()[0] == 1000.0 and np.isnan(values.tolist()[1]) and values.tolist()[2] == 2.5


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-31", "2026-03-31"),
    ("2024-02-29", "2024-02-29"),
    ("2026-3-5", "2026-03-05"),
    ("2026-03-31 14:30", "2026-03-31"),
    ("2026-03-31 14:30:15", "2026-03-31"),
    ("2026-03-31T14:30:00", "2026-03-31"),
    ("1899-12-31", "1899-12-31"),  # parsed; the date window is checked later
])
def test_parse_date(text: str, expected: str) -> None:
    assert parse_date(pd.Series([text]), from_excel=False).iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("text", ["", "2023-02-30", "2025-02-29", "2026-13-01", "31/12/2024", "2024-12-31x",
                                  "20260331", "45000", "i går"])
def test_parse_date_rejects(text: str) -> None:
    assert pd.isna(parse_date(pd.Series([text]), from_excel=False).iloc[0])


def test_parse_date_excel_serials_only_from_workbooks() -> None:
    text = pd.Series(["45000", "46112", "2026-03-31"])
    from_excel = parse_date(text, from_excel=True)
    assert from_excel.tolist() == [pd.Timestamp("2023-03-15"), pd.Timestamp("2026-03-31"),
                                   pd.Timestamp("2026-03-31")]
    assert from_excel.dtype == "datetime64[ns]"
    from_csv = parse_date(text, from_excel=False)
    assert pd.isna(from_csv.iloc[0]) and pd.isna(from_csv.iloc[1]) and from_csv.iloc[2] == pd.Timestamp("2026-03-31")


@pytest.mark.parametrize(("text", "expected"), [
    ("a;b;c\n1,5;2;3\n", ";"),
    ("a,b,c\n1;2;3\n", ","),
    ("a\tb\tc\n", "\t"),
    ("\n\n  \na;b\n", ";"),
    ("Förbund-id;Namn\r\nsydnarke;Sydnärke, Örebro\r\n", ";"),
    ("a,b;c\n", ","),  # tie: comma
    ("a;b,c;d\n", ";"),
    ("single\n", ","),
    ("", ","),
])
def test_sniff_delimiter(text: str, expected: str) -> None:
    assert sniff_delimiter(text) == expected


@pytest.mark.parametrize(("data", "expected"), [
    (b"K\xc3\xb6n;\xc3\x85r", "Kön;År"),  # UTF-8
    (b"\xef\xbb\xbfK\xc3\xb6n;\xc3\x85r", "Kön;År"),  # UTF-8 with BOM: the BOM is dropped
    (b"\xef\xbb\xbfK\xf6n;\xc3\x85r", "Kön;Ã…r"),  # not UTF-8 after all: Windows-1252, still without the BOM
    (b"K\xf6n;\xc5r", "Kön;År"),  # Windows-1252
    ("Belopp;1\u00a0234,50 – ok".encode("cp1252"), "Belopp;1\u00a0234,50 – ok"),
    (b"\x80 100", "€ 100"),  # cp1252-only byte
    (b"a\x81b", "a\ufffdb"),  # undefined in cp1252: replaced, never an exception
    (b"", ""),
])
def test_decode_text(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected
