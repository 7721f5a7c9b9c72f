"""What the director reads when the workbook holds a typing slip, an unknown municipality or a qualitative goal not
yet judged: the "expected" half of a validation message ("värdet ”2016-31-01” – <this text>").

Each function returns the whole Swedish text for one kind of message; the checks that decide when to use them live
on the input side (:mod:`finsamdash.data.hints`, :mod:`finsamdash.data.validate`). Nothing here converts a value: a
suggestion is only ever shown, never applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from finsamdash.wording.formatting import fmt_int, fmt_number, month_names
from finsamdash.wording.words import count_phrase, join_sv

__all__ = [
    "DATE_EXPECTED",
    "day_first_date",
    "decimal_became_date",
    "manual_goal_not_judged",
    "missing_goal_field",
    "not_a_member",
    "number_with_percent_sign",
    "reference_phrase",
    "scaled_amount",
    "share_as_fraction",
    "stale_episode",
    "swapped_date",
    "unit_in_amount_header",
    "unknown_member_municipality",
    "unknown_municipality",
    "year_as_date",
    "year_in_date_column",
]

#: The start of every date message (as the generic one says it).
DATE_EXPECTED = "ett datum som ÅÅÅÅ-MM-DD"


def _amount(value: float) -> str:
    return fmt_int(value) if float(value).is_integer() else fmt_number(value, 2)


def _also(more_rows: int) -> str:
    return "" if not more_rows else f" (också på {count_phrase(more_rows, 'rad', 'rader')} till)"


# --- dates ----------------------------------------------------------------------------------------------------------

def swapped_date(suggestion: date) -> str:
    """``2016-31-01``: month and day the wrong way round."""
    return (f"{DATE_EXPECTED} – dag och månad verkar ha bytt plats: menade du {suggestion.isoformat()}? "
            "Månaden står före dagen")


def day_first_date(suggestion: date) -> str:
    """``31.1.2016`` or ``31/01/2016``: the day first, as in a letter."""
    return f"{DATE_EXPECTED} med året först – menade du {suggestion.isoformat()}?"


def year_in_date_column(year: int) -> str:
    """``2016`` typed where a date belongs."""
    return f"{DATE_EXPECTED}, inte bara ett årtal – skriv hela datumet, t.ex. {year}-03-31"


def year_as_date(year: int, shown: date) -> str:
    """A year typed into an Excel cell formatted as a date: Excel shows 2016 as 1905-07-08."""
    return (f"{DATE_EXPECTED} – cellen innehåller talet {year}, som Excel visar som datumet {shown.isoformat()}; "
            f"skriv hela datumet, t.ex. {year}-03-31")


# --- numbers and amounts --------------------------------------------------------------------------------------------

def scaled_amount(written: str, unit: str, kronor: float, *, money: bool) -> str:
    """``1 210 tkr``: an amount in thousands (or millions) of kronor where kronor are expected."""
    what = "ett belopp i kronor" if money else "ett tal i kronor"
    unit_words = {"tkr": "tusental kronor", "mkr": "miljoner kronor"}[unit]
    return (f"{what}, inte i {unit_words} ({unit}) – {written} är {_amount(kronor)} kr; skriv {_amount(kronor)}. "
            "Beloppet räknas inte om automatiskt")


def ambiguous_dot_amount(written: str, thousands: float, decimals: float) -> str:
    """``1.210`` in a kronor column: a dot as thousands separator, or a decimal point with three decimals?"""
    return (f"ett belopp i kronor – {written} kan läsas både som {_amount(thousands)} kr och som "
            f"{fmt_number(decimals, 3)} kr. Skriv tusental med mellanslag ({_amount(thousands)}) och öre med "
            "decimalkomma (t.ex. 1,25)")


def unit_in_amount_header(unit: str) -> str:
    """A header such as "Belopp (tkr)": every amount below it would be read as kronor."""
    unit_words = {"tkr": "tusental kronor", "mkr": "miljoner kronor"}[unit]
    return (f"belopp i kronor – rubriken säger {unit} ({unit_words}), men beloppen läses som kronor. Skriv beloppen i "
            "kronor (1 210 tkr = 1 210 000) och rubriken ”Belopp (kr)”")


def decimal_became_date(shown: date) -> str:
    """Swedish Excel turns "3.5" typed into a number cell into the date 3 May."""
    month = month_names()[shown.month - 1]
    return (f"ett tal, inte ett datum – skrev du {shown.day}.{shown.month}? Excel gör det till datumet "
            f"{shown.day} {month}. Skriv decimaltal med komma: {shown.day},{shown.month}")


def number_with_percent_sign(number: str) -> str:
    """``40 %`` in a number column."""
    return f"ett tal utan procenttecken – andelar anges i procent som ett tal: skriv {number} (= {number} %)"


def share_as_fraction(target: float) -> str:
    """A share target written as a fraction (0,4 for 40 %), e.g. by a cell formatted as percent in Excel."""
    percent = fmt_number(target * 100, 0 if float(target * 100).is_integer() else 1)
    written = fmt_number(target, 2).rstrip("0").rstrip(",")
    return (f"ett målvärde i procent – {written} betyder {written} %; menade du {percent} (= {percent} %)? "
            f"En cell formaterad som procent i Excel sparar {percent} % som {written}")


# --- municipalities -------------------------------------------------------------------------------------------------

def unknown_municipality(*, suggestion: str | None, code: str | None, example: tuple[str, str],
                         more_rows: int = 0, code_typed: bool = False) -> str:
    """A municipality that is not one of Sweden's 290 (``example`` = (name, code) of one that is); ``more_rows``
    other rows have the same value."""
    if code_typed:
        return (f"ingen kommun har den kommunkoden{_also(more_rows)} – kommunkoder har fyra siffror, t.ex. "
                f"{example[1]} för {example[0]}")
    if suggestion is not None:
        return f"ingen svensk kommun heter så{_also(more_rows)} – menade du {suggestion} (kommunkod {code})?"
    return (f"ingen svensk kommun heter så{_also(more_rows)} – skriv kommunens namn (t.ex. {example[0]}) eller "
            f"kommunkod (t.ex. {example[1]})")


def unknown_member_municipality(suggestion: str | None) -> str:
    """A member of type kommun whose name is no municipality."""
    hint = f" – menade du {suggestion}?" if suggestion else " – skriv kommunens namn, t.ex. Kumla kommun"
    return f"medlemstypen är kommun men ingen svensk kommun heter så{hint}"


def not_a_member(association_id: str, members: Sequence[str], more_rows: int = 0) -> str:
    """A known municipality that is not among the association's member municipalities."""
    return (f"kommunen är inte medlem i förbundet {association_id} enligt bladet Bidrag{_also(more_rows)} – "
            f"medlemskommunerna är {join_sv(sorted(members))}. Stämmer kommunen?")


# --- goals and warnings ---------------------------------------------------------------------------------------------

def missing_goal_field(what: str, choices: str) -> str:
    """Jämförelse or Målvärde left empty for a metric that computes an outcome."""
    return f"{what} saknas – det krävs för alla mått utom manuell bedömning ({choices})"


def manual_goal_not_judged() -> str:
    return ("målet har ännu ingen bedömning – fyll i Manuell bedömning (uppnått, delvis uppnått eller ej uppnått) "
            "när målet har följts upp")


def reference_phrase(reference: date, *, meeting: bool) -> str:
    """What "now" is for a warning: the meeting's date in a build, otherwise the data's latest date."""
    return f"mötesdatumet {reference.isoformat()}" if meeting else f"underlagets senaste datum {reference.isoformat()}"


def stale_episode(reference: str) -> str:
    return (f"deltagandet har pågått i mer än två år utan slutdatum (räknat till {reference}) – har deltagaren "
            "avslutats?")
