"""Swedish formatting: exact strings (NBSP = U+00A0 between thousands and before units, U+2212 minus)."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from finsamdash.wording.formatting import (
    fmt_date,
    fmt_int,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_sek,
    fmt_tkr,
    is_missing,
    month_names,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (1234, f"1{NB}234"),
        (1234567, f"1{NB}234{NB}567"),
        (np.int64(374), "374"),
        (-5, "\u22125"),
        (-1234, f"\u22121{NB}234"),
        (2.5, "3"),  # half away from zero, not Babel's half-to-even "2"
        (3.49, "3"),
        (184.0, "184"),
    ],
)
def test_fmt_int(value, expected):
    assert fmt_int(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (4.5, 1, "4,5"),
        (4, 1, "4,0"),
        (4.45, 1, "4,5"),  # 4.45 is taken as written: half up -> 4,5
        (4.44, 1, "4,4"),
        (5.1, 1, "5,1"),
        (1234.567, 2, f"1{NB}234,57"),
        (4.16666, 0, "4"),
        (-0.04, 1, "0,0"),  # no "−0,0"
        (-2.25, 1, "\u22122,3"),
    ],
)
def test_fmt_number(value, decimals, expected):
    assert fmt_number(value, decimals) == expected


def test_fmt_number_default_one_decimal():
    assert fmt_number(4.8) == "4,8"


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (14 / 49, {}, f"29{NB}%"),  # 0.2857… -> 29 %
        (8 / 12, {}, f"67{NB}%"),  # 0.6666… -> 67 %
        (0.285, {}, f"29{NB}%"),  # half up: 28.5 -> 29
        (1, {}, f"100{NB}%"),
        (0, {}, f"0{NB}%"),
        (28.57, {"is_fraction": False}, f"29{NB}%"),
        (40, {"is_fraction": False}, f"40{NB}%"),
        (0.177, {"decimals": 1}, f"17,7{NB}%"),
        (17.74, {"decimals": 1, "is_fraction": False}, f"17,7{NB}%"),
        (12.5, {"is_fraction": False}, f"13{NB}%"),
    ],
)
def test_fmt_percent(value, kwargs, expected):
    assert fmt_percent(value, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (213912, f"213{NB}912{NB}kr"),
        (213912.4, f"213{NB}912{NB}kr"),
        (5795388.0, f"5{NB}795{NB}388{NB}kr"),
        (-1000.5, f"\u22121{NB}001{NB}kr"),
        (0, f"0{NB}kr"),
    ],
)
def test_fmt_sek(value, expected):
    assert fmt_sek(value) == expected


@pytest.mark.parametrize(
    ("amount_sek", "expected"),
    [
        (6_340_000, f"6{NB}340{NB}tkr"),
        (3_170_000, f"3{NB}170{NB}tkr"),
        (295_000, f"295{NB}tkr"),
        (6_339_500, f"6{NB}340{NB}tkr"),  # 6 339,5 tkr rounds half up
        (499, f"0{NB}tkr"),
    ],
)
def test_fmt_tkr_takes_kronor(amount_sek, expected):
    assert fmt_tkr(amount_sek) == expected


def test_fmt_tkr_decimals():
    assert fmt_tkr(1_585_250, decimals=1) == f"1{NB}585,3{NB}tkr"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 23), "23 november 2026"),
        (date(2026, 3, 1), "1 mars 2026"),
        (datetime(2016, 5, 31, 14, 0), "31 maj 2016"),
        (pd.Timestamp("2013-08-19"), "19 augusti 2013"),
        ("2026-01-05", "5 januari 2026"),
    ],
)
def test_fmt_date(value, expected):
    assert fmt_date(value) == expected


def test_months():
    assert fmt_month(1) == "januari"
    assert fmt_month(np.int64(12)) == "december"
    assert month_names() == [
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ]
    with pytest.raises(ValueError):
        fmt_month(13)


@pytest.mark.parametrize("missing", [None, pd.NA, float("nan"), np.nan, pd.NaT])
def test_missing_values_show_a_dash(missing):
    for fmt in (fmt_int, fmt_number, fmt_percent, fmt_sek, fmt_tkr, fmt_date, fmt_month):
        assert fmt(missing) == "–"
    assert is_missing(missing)


def test_is_missing_is_false_for_values():
    for value in (0, 0.0, "", "x", False, date(2026, 1, 1)):
        assert not is_missing(value)


def test_pandas_nullable_scalars():
    values = pd.array([0.5, None], dtype="Float64")
    assert fmt_percent(values[0]) == f"50{NB}%"
    assert fmt_percent(values[1]) == "–"
    assert fmt_int(pd.array([1234], dtype="Int64")[0]) == f"1{NB}234"
