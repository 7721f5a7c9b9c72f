"""Typing slips in a cell that could not be read, and what the director most likely meant.

Each function looks at the text of one cell that failed to parse (or a value out of range) and returns
``(code, expected)`` – an issue code and the Swedish message with the suggestion – or ``None`` when the slip is not
one of those recognised here (the generic message is used then). A suggestion is only ever shown: nothing is
converted silently.

Recognised: day and month swapped (``2016-31-01``), a date written day first (``31.1.2016``), a year alone in a date
column (``2016``, or Excel's ``1905-07-08`` for 2016 typed into a date cell), an amount in tkr or mkr (``1 210
tkr``), a percent sign in a number (``40 %``) and a decimal number that Swedish Excel turned into a date (``3.5`` ->
3 May), and an amount in kronor with a lone dot and three decimals (``1.210``: 1 210 kr or 1,21 kr? never guessed).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from finsamdash.data.contract import DATE_MAX, DATE_MIN, Column, is_money
from finsamdash.wording import input_hints as say

__all__ = ["AMBIGUOUS_DOT_AMOUNT", "cell_hint", "date_out_of_range_hint", "header_unit"]

Hint = tuple[str, str]

_TIME = re.compile(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_SCALED = re.compile(r"(?i)([-+−]?[\d\s\u00a0\u202f.,']*\d)\s*(tkr|kkr|tsek|tusen|mkr|msek|milj\.?|miljoner)"
                     r"(?:\s*(?:kr|kronor|sek))?\.?")
_UNITS = {"tkr": "tkr", "kkr": "tkr", "tsek": "tkr", "tusen": "tkr", "mkr": "mkr", "msek": "mkr", "milj": "mkr",
          "milj.": "mkr", "miljoner": "mkr"}
_FACTOR = {"tkr": 1_000, "mkr": 1_000_000}
_PERCENT = re.compile(r"([-+]?\d[\d\s\u00a0.,]*)\s*%")
_EXCEL_EPOCH = date(1899, 12, 30)
#: An amount such as "1.210" or "-12.500": a dot as thousands separator or as decimal point with three decimals.
#: Kronor have two decimals (öre), so the text is refused with both readings shown rather than read as 1,21 kr.
AMBIGUOUS_DOT_AMOUNT = re.compile(r"\s*([-+−]?)(\d{1,3})\.(\d{3})\s*")


def _date(year: int, month: int, day: int) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if DATE_MIN <= found <= DATE_MAX else None


def _date_hint(text: str) -> Hint | None:
    text = _TIME.sub("", text.strip())
    match = _ISO.fullmatch(text)
    if match:
        year, first, second = (int(g) for g in match.groups())
        swapped = _date(year, second, first)
        if first > 12 and swapped is not None:
            return "swapped_date", say.swapped_date(swapped)
        return None
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        found = _date(year, month, day) or _date(year, day, month)
        return ("day_first_date", say.day_first_date(found)) if found is not None else None
    if re.fullmatch(r"\d{4}", text) and DATE_MIN.year <= int(text) <= DATE_MAX.year:
        return "year_as_date", say.year_in_date_column(int(text))
    return None


def _number(text: str) -> float | None:
    """The number in ``text`` as Swedish Excel and people write it ("1 210", "1,5", "1.234,5"), or None."""
    t = re.sub(r"[\s\u00a0\u202f']", "", text).replace("−", "-")
    if "," in t and "." in t:
        t = t.replace(".", "")
    t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _number_hint(col: Column, text: str, *, from_excel: bool) -> Hint | None:
    text = text.strip()
    match = _SCALED.fullmatch(text)
    if match:
        value = _number(match.group(1))
        unit = _UNITS[match.group(2).lower()]
        if value is not None:
            return "amount_not_in_kronor", say.scaled_amount(text, unit, value * _FACTOR[unit], money=is_money(col))
    match = AMBIGUOUS_DOT_AMOUNT.fullmatch(text)
    if match and is_money(col):
        sign, whole, part = match.groups()
        negative = -1 if sign in ("-", "−") else 1
        return "ambiguous_dot_amount", say.ambiguous_dot_amount(
            text, negative * float(whole + part), negative * float(f"{whole}.{part}"))
    match = _PERCENT.fullmatch(text)
    if match and _number(match.group(1)) is not None:
        return "percent_sign", say.number_with_percent_sign(match.group(1).strip())
    if from_excel and _ISO.fullmatch(text):
        shown = _date(*(int(g) for g in _ISO.fullmatch(text).groups()))  # type: ignore[union-attr]
        if shown is not None:
            return "decimal_became_date", say.decimal_became_date(shown)
    return None


def cell_hint(col: Column, text: str, *, from_excel: bool) -> Hint | None:
    """The likely slip behind a cell of ``col`` that could not be read, or None."""
    if col.kind == "date":
        return _date_hint(text)
    if col.kind in ("number", "int"):
        return _number_hint(col, text, from_excel=from_excel)
    return None


def date_out_of_range_hint(value: object, *, from_excel: bool) -> Hint | None:
    """A date before 2000 that is a year typed into an Excel date cell (2016 is shown as 1905-07-08)."""
    if not from_excel or not isinstance(value, date | datetime):
        return None
    shown = value.date() if isinstance(value, datetime) else value
    serial = (shown - _EXCEL_EPOCH).days
    if DATE_MIN.year <= serial <= DATE_MAX.year:
        return "year_as_date", say.year_as_date(serial, shown)
    return None


def header_unit(header: str) -> str | None:
    """``"tkr"`` or ``"mkr"`` when a column header says its amounts are in thousands or millions of kronor."""
    match = re.search(r"(?i)\(\s*(tkr|kkr|tsek|mkr|msek)\s*\)\s*$", header.strip())
    return _UNITS[match.group(1).lower()] if match else None
