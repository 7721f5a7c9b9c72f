"""Swedish sentences about the economy: the two dates, the forecast's method, results and payments.

Amounts read at a glance are in tkr (:func:`~finsamdash.wording.formatting.fmt_tkr`); a running year speaks of what
is booked "hittills" and of the "prognos", a closed year in the past tense.
"""

from __future__ import annotations

import calendar
from datetime import date

from finsamdash.wording.formatting import fmt_date, fmt_month, fmt_tkr

#: The data's dates on a cover (the front page, the PDF, the slides): one row, or participants and books apart.
DATA_UNTIL_LABEL = "Uppgifter till och med"
PARTICIPANTS_UNTIL_LABEL = "Deltagaruppgifter till och med"
BOOKS_CLOSED_LABEL = "Ekonomi bokförd till och med"
NOTHING_BOOKED = "inget bokfört"

__all__ = [
    "books_closed_sv",
    "date_rows_sv",
    "dates_sv",
    "forecast_method_sv",
    "method_note_sv",
    "paid_sv",
    "rest_of_year_sv",
    "result_sv",
]


def result_sv(amount: float) -> str:
    """"ett överskott på 505 tkr" or "ett underskott på 120 tkr" (0 is a surplus of 0 tkr)."""
    return f"ett överskott på {fmt_tkr(amount)}" if amount >= 0 else f"ett underskott på {fmt_tkr(-amount)}"


def books_closed_sv(books_closed: date | None) -> str:
    """"bokfört t.o.m. 31 oktober 2016", or "inget bokfört" when no ledger line is dated on or before the meeting."""
    return f"bokfört t.o.m. {fmt_date(books_closed)}" if books_closed is not None else NOTHING_BOOKED


def dates_sv(meeting: date, books_closed: date | None) -> str:
    """The data's cut-off for a header: "uppgifter t.o.m. 15 november 2016" when the books run to the meeting,
    otherwise both dates: "deltagaruppgifter t.o.m. 15 november 2016 · bokfört t.o.m. 31 oktober 2016"."""
    if books_closed == meeting:
        return f"uppgifter t.o.m. {fmt_date(meeting)}"
    return f"deltagaruppgifter t.o.m. {fmt_date(meeting)} · {books_closed_sv(books_closed)}"


def date_rows_sv(meeting: date, books_closed: date | None) -> list[tuple[str, str]]:
    """The data's dates as (label, value) rows for a cover: one row when the books run to the meeting, else
    "Deltagaruppgifter till och med" and "Ekonomi bokförd till och med" ("inget bokfört" without a ledger)."""
    if books_closed == meeting:
        return [(DATA_UNTIL_LABEL, fmt_date(meeting))]
    return [(PARTICIPANTS_UNTIL_LABEL, fmt_date(meeting)),
            (BOOKS_CLOSED_LABEL, fmt_date(books_closed) if books_closed else NOTHING_BOOKED)]


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _months_sv(first: int) -> str:
    """Months ``first``–12 as a reader says them: "december", "november och december", "februari–december"."""
    months = [fmt_month(m) for m in range(first, 13)]
    if len(months) <= 2:
        return " och ".join(months)
    return f"{months[0]}–{months[-1]}"


def rest_of_year_sv(year: int, books_closed: date | None) -> str:
    """What the budget still covers after the books-closed date: "november och december", "december",
    "resten av november och december", "resten av december", "hela året" (nothing of the year booked) or ""
    (the year is booked to its end)."""
    if books_closed is None or books_closed.year < year:
        return "hela året"
    if books_closed.year > year or (books_closed.month == 12 and _is_month_end(books_closed)):
        return ""
    month = books_closed.month
    if _is_month_end(books_closed):
        return _months_sv(month + 1)
    rest = f"resten av {fmt_month(month)}"
    return rest if month == 12 else f"{rest} och {_months_sv(month + 1)}"


def paid_sv(paid: float | None, decided: float | None, books_closed: date | None) -> str:
    """"Inbetalt 4 829 tkr av beslutade 5 795 tkr (bokfört t.o.m. 31 oktober 2016)" ('' without decided
    contributions)."""
    if decided is None:
        return ""
    return (f"Inbetalt {fmt_tkr(paid or 0.0)} av beslutade {fmt_tkr(decided)} "
            f"({books_closed_sv(books_closed)})")


def forecast_method_sv(*, year: int, books_closed: date | None, months_booked: float, has_ledger: bool,
                       has_budget: bool, contributions: float | None, contributions_source: str | None) -> str:
    """How the year-end forecast was made, in two sentences to follow a heading such as "Prognos för helåret"
    (see :mod:`finsamdash.metrics.forecast`)."""
    if not has_ledger:
        return f"Utfall saknas för {year}, så ingen prognos för helåret kan göras."
    if months_booked >= 12:
        return f"Året {year} är bokfört till och med 31 december: siffrorna är årets utfall."
    when = f"t.o.m. {fmt_date(books_closed)}" if books_closed is not None else ""
    rest = rest_of_year_sv(year, books_closed)
    if contributions_source == "contributions":
        income = f"medlemmarnas beslutade bidrag för {year} ({fmt_tkr(contributions)}, bladet Bidrag)"
    elif contributions_source == "budget":
        income = (f"de budgeterade medlemsbidragen ({fmt_tkr(contributions)}; beslutade bidrag saknas på bladet "
                  "Bidrag)")
    else:
        income = (f"de medlemsbidrag som är bokförda ({fmt_tkr(contributions or 0.0)}; beslutade bidrag saknas "
                  "både på bladet Bidrag och i budgeten)")
    if months_booked <= 0:
        costs = (f"Inget är bokfört för {year} ännu, så kostnaderna och övriga intäkter är hela årets budget."
                 if has_budget else f"Inget är bokfört för {year} ännu och budget saknas, så kostnaderna kan inte "
                 "beräknas.")
        return f"Intäkterna är {income}. {costs}"
    other = f"övriga intäkter bokförda {when}" + (f" plus budgeten för {rest}" if has_budget else "")
    if has_budget:
        costs = f"Kostnaderna är utfallet {when} plus budgeten för {rest}."
    else:
        costs = (f"Budget för {year} saknas, så kostnaderna är utfallet {when} uppräknat till helår med takten "
                 "hittills.")
    return (f"Intäkterna är {income} och {other}; inbetalda bidrag räknas aldrig upp till helår. {costs}")


def method_note_sv(method_sv: str) -> str:
    """The forecast's method after a heading: "Prognos för helåret: intäkterna är … Kostnaderna är …"."""
    return f"Prognos för helåret: {method_sv[:1].lower()}{method_sv[1:]}"
