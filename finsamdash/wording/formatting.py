"""Swedish formatting of numbers, amounts, shares and dates (Babel, locale ``sv_SE``).

Every text a board member reads goes through these functions, so that figures look the same on every page:

* thousands are grouped with a non-breaking space (U+00A0): ``fmt_int(1234) == "1 234"``;
* the decimal mark is a comma: ``fmt_number(4.5) == "4,5"``;
* units are separated by a non-breaking space: ``"29 %"``, ``"213 912 kr"``, ``"6 340 tkr"``;
* negative numbers use the minus sign of the Swedish locale (U+2212): ``"−5"``;
* rounding is half away from zero, as people round by hand (``0.285`` -> ``"29 %"``; Babel alone would round
  half to even);
* a missing value (``None``, ``pd.NA``, ``NaN``, ``NaT``) is shown as an en dash ``"–"``.

All functions are pure and accept Python and NumPy numbers alike.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real

import numpy as np
import pandas as pd
from babel.dates import format_date as _babel_format_date
from babel.dates import get_month_names
from babel.numbers import format_decimal as _babel_format_decimal

LOCALE = "sv_SE"
#: Shown instead of a value that is missing.
MISSING = "–"
NBSP = "\u00a0"
MINUS = "\u2212"

__all__ = [
    "LOCALE",
    "MISSING",
    "NBSP",
    "fmt_date",
    "fmt_int",
    "fmt_month",
    "fmt_number",
    "fmt_percent",
    "fmt_sek",
    "fmt_tkr",
    "is_missing",
    "month_names",
]


def is_missing(value: object) -> bool:
    """True for ``None``, ``pd.NA``, ``NaN`` and ``NaT`` (the values shown as "–")."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str | bytes):
        return False
    try:
        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return isinstance(result, bool | np.bool_) and bool(result)


def _to_decimal(value: object) -> Decimal:
    """An exact decimal for ``value``; floats go through their shortest repr (0.285 -> Decimal("0.285"))."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Real):
        as_float = float(value)
        if as_float.is_integer() and abs(as_float) < 2**53:
            return Decimal(int(as_float))
        return Decimal(repr(as_float))
    raise TypeError(f"not a number: {value!r}")


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _format(value: Decimal, decimals: int) -> str:
    rounded = _round(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never "−0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = _babel_format_decimal(rounded, format=pattern, locale=LOCALE, decimal_quantization=False)
    # Babel versions differ in the group space and minus sign they emit; pin the Swedish ones.
    return text.replace("\u202f", NBSP).replace(" ", NBSP).replace("-", MINUS)


def fmt_int(n: object) -> str:
    """A whole number with grouped thousands: ``1234 -> "1 234"`` (a float is rounded half away from zero)."""
    if is_missing(n):
        return MISSING
    return _format(_to_decimal(n), 0)


def fmt_number(x: object, decimals: int = 1) -> str:
    """A number with exactly ``decimals`` decimals and a decimal comma: ``4.5 -> "4,5"``, ``4 -> "4,0"``."""
    if is_missing(x):
        return MISSING
    return _format(_to_decimal(x), decimals)


def fmt_percent(share_or_percent: object, *, decimals: int = 0, is_fraction: bool = True) -> str:
    """A share as a percentage: ``0.2857 -> "29 %"``; with ``is_fraction=False`` the value is already in percent
    (``28.57 -> "29 %"``). ``decimals`` counts decimals of the percentage (``0.1774, decimals=1 -> "17,7 %"``)."""
    if is_missing(share_or_percent):
        return MISSING
    value = _to_decimal(share_or_percent)
    if is_fraction:
        value = value * 100
    return f"{_format(value, decimals)}{NBSP}%"


def fmt_sek(x: object) -> str:
    """An amount in whole kronor: ``213912.4 -> "213 912 kr"``."""
    if is_missing(x):
        return MISSING
    return f"{_format(_to_decimal(x), 0)}{NBSP}kr"


def fmt_tkr(amount_sek: object, decimals: int = 0) -> str:
    """An amount given in kronor, shown in thousands of kronor: ``6340000 -> "6 340 tkr"``."""
    if is_missing(amount_sek):
        return MISSING
    return f"{_format(_to_decimal(amount_sek) / 1000, decimals)}{NBSP}tkr"


def fmt_date(d: object) -> str:
    """A date written out: ``date(2026, 11, 23) -> "23 november 2026"`` (ISO text is accepted too)."""
    if is_missing(d):
        return MISSING
    if isinstance(d, str):
        d = date.fromisoformat(d.strip()[:10])
    elif isinstance(d, datetime):  # pd.Timestamp included
        d = d.date()
    if not isinstance(d, date):
        raise TypeError(f"not a date: {d!r}")
    return _babel_format_date(d, "d MMMM y", locale=LOCALE)


def month_names() -> list[str]:
    """The twelve month names in lower case, January first: ``["januari", …, "december"]``."""
    names = get_month_names("wide", locale=LOCALE)
    return [str(names[m]) for m in range(1, 13)]


def fmt_month(m: object) -> str:
    """The name of month number ``m`` (1–12): ``1 -> "januari"``."""
    if is_missing(m):
        return MISSING
    number = int(m)  # type: ignore[call-overload]
    if not 1 <= number <= 12:
        raise ValueError(f"month must be 1–12, got {m!r}")
    return month_names()[number - 1]
