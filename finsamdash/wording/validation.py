"""What a validation message says was expected (:mod:`finsamdash.data.validate`): the text after "värdet ”…” – "
of an error or a warning, with the table, row, column and value given beside it.

The hints for typing slips (a swapped date, an amount in tkr …) are in :mod:`finsamdash.wording.input_hints`; the
messages of reading a file or a sheet in :mod:`finsamdash.wording.input_files`; those of goal parameters in
:mod:`finsamdash.wording.goal_params`.
"""

from __future__ import annotations

from collections.abc import Sequence

from finsamdash.wording.input_hints import DATE_EXPECTED, missing_goal_field

# --- a value of a column's kind -------------------------------------------------------------------------------------

#: What a cell of each kind of column holds, as an expectation.
EXPECTED = {
    "text": "en text",
    "number": "ett tal, t.ex. 1 234 567,50",
    "int": "ett heltal, t.ex. 12",
    "date": f"{DATE_EXPECTED}, t.ex. 2026-03-31 (finns datumet?)",
    "bool": "ja eller nej (även x/tomt, 1/0, sant/falskt)",
    "period": "en period som ÅÅÅÅ, ÅÅÅÅ-H1 eller ÅÅÅÅ-H2, t.ex. 2026-H1",
}


def one_of(labels: Sequence[str]) -> str:
    """A category column: its labels."""
    return f"ett av värdena: {', '.join(labels)}"


MISSING_VALUE = "värde saknas – kolumnen är obligatorisk"
PERSONNUMMER = ("ser ut som ett personnummer. Personnummer får inte finnas i underlaget – använd en pseudonym "
                "(t.ex. P-0012) och ta bort personnumret ur filen.")

# --- headers and tables ---------------------------------------------------------------------------------------------

HEADER_MISSING = "kolumnen saknar rubrik – skriv rubriken i rad 1 (sammanfogade rubrikceller fungerar inte)"


def unknown_column(known: Sequence[str]) -> str:
    return "okänd kolumn – den används inte. Kända kolumner: " + ", ".join(known)


def duplicate_column(other_header: str) -> str:
    return f"kolumnen finns två gånger (också som ”{other_header}”) – ta bort den ena"


REQUIRED_COLUMN_MISSING = "obligatorisk kolumn saknas – lägg till den (rubriken på svenska eller engelska)"


def table_missing(sheet: str, name: str) -> str:
    return f"tabellen {sheet} saknas – lägg till bladet ”{sheet}” eller filen {name}.csv"


TABLE_EMPTY = "tabellen har inga rader – är det rätt fil?"

# --- ranges ---------------------------------------------------------------------------------------------------------


def birth_year_from(low: int) -> str:
    return f"ett födelseår från {low} och framåt"


def value_between(low: float, high: float) -> str:
    return f"ett värde från {low:g} till {high:g}"


def value_at_least(low: float) -> str:
    return f"ett värde som är minst {low:g} (inte negativt)"


def date_between(low: object, high: object) -> str:
    return f"ett datum mellan {low} och {high} – stämmer årtalet?"


def answer_on_scale(low: int, high: int) -> str:
    return f"ett svar på skalan {low}–{high} (tomt = vet ej)"


def survey_item(items: Sequence[str]) -> str:
    return "en mätpunkt ur kärnindikatorerna: " + ", ".join(items)


# --- rules within a row ---------------------------------------------------------------------------------------------

END_BEFORE_START = "ett slutdatum som inte ligger före startdatum – är datumen förväxlade?"
PARTICIPANT_ID_MISSING = ("deltagar-id saknas – det krävs för alla som inte är anonyma (ange ja i kolumnen Anonym för "
                          "deltagare utan samtycke)")
EXIT_REASON_MISSING = "avslutsorsak saknas – den krävs när slutdatum är ifyllt"
EXIT_REASON_WITHOUT_END = "avslutsorsak är ifylld men slutdatum saknas – fyll i slutdatum eller töm avslutsorsaken"


def born_after_start(low: int, start_year: int) -> str:
    return (f"ett födelseår från {low} till startåret {start_year} – deltagaren kan inte vara född efter att "
            "deltagandet började")


INTERVENTION_ID_MISSING = "insats-id saknas – det krävs för kategorin ”insatser”"

# --- goals ----------------------------------------------------------------------------------------------------------


def params_unreadable(error: str) -> str:
    return f"parametrar som namn=värden; namn=värden ({error})"


OPERATOR_MISSING = missing_goal_field("jämförelse", "minst eller högst")
TARGET_MISSING = missing_goal_field("målvärde", "t.ex. 40")

# --- keys and references --------------------------------------------------------------------------------------------


def duplicate_key(headers: str, first_row: int) -> str:
    return f"en unik rad – samma {headers} finns redan på rad {first_row}"


UNKNOWN_ASSOCIATION = "ett förbund-id som finns på bladet Förbund (associations)"
UNKNOWN_INTERVENTION = "ett insats-id som finns på bladet Insatser (interventions) för samma förbund"

# --- the economy's warnings (amounts already formatted) -------------------------------------------------------------


def funding_split(association: str, year: int) -> str:
    return (f"{association} {year}: bidragen fördelas normalt 50/25/25 mellan staten, region och kommuner – "
            "kontrollera beloppen")


def budget_vs_contributions(association: str, year: int, decided: str) -> str:
    return (f"{association} {year}: budgeterade medlemsbidrag stämmer inte med beslutade bidrag på bladet Bidrag "
            f"({decided}); prognosen räknar med de beslutade bidragen")


def budget_member_contribution(association: str, year: int, member: str, decided: str) -> str:
    return (f"{association} {year}: budgetens medlemsbidrag från {member} stämmer inte med det beslutade bidraget på "
            f"bladet Bidrag ({decided}); prognosen räknar med det beslutade")


def budget_member_missing(association: str, year: int) -> str:
    return (f"{association} {year}: medlemmen har ett beslutat bidrag men ingen egen rad bland budgetens "
            "medlemsbidrag (bladet Budget) – stämmer medlemmarna i budgeten och på bladet Bidrag?")


def contributions_over_decided(association: str, year: int, booked: str, decided: str) -> str:
    return (f"{association} {year}: mer medlemsbidrag är bokfört ({booked}) än medlemmarna har beslutat på bladet "
            f"Bidrag ({decided}) – är något bokfört två gånger, på fel år eller som medlemsbidrag fast det är en "
            "annan intäkt? Prognosen räknar med de beslutade bidragen")


def ledger_outside_budget(association: str, entries: int, year: int) -> str:
    booked = "en bokföring" if entries == 1 else f"{entries} bokföringar"
    return f"{association}: {booked} {year} men ingen budget för {year} – saknas budgeten eller är datumet fel?"


# --- every message ---------------------------------------------------------------------------------------------------


def issue_line(*, error: bool, location: str, row: int | None, column: str | None, value: str | None,
               expected: str) -> str:
    """One line: 'Fel: deltagare.csv, rad 14, kolumn ”Slutdatum”: värdet ”2023-02-30” – …' (``value`` left out
    when empty)."""
    where = [location]
    if row is not None:
        where.append(f"rad {row}")
    if column:
        where.append(f"kolumn ”{column}”")
    found = f"värdet ”{value}” – " if value not in (None, "") else ""
    return f"{'Fel' if error else 'Varning'}: {', '.join(where)}: {found}{expected}"

#: The municipality an unknown-municipality message gives as an example when the association lists none.
EXAMPLE_MUNICIPALITY = "Kumla"
