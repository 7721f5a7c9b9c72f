"""What the command line says: ``--help`` of every command and option (argparse's own texts are in
:mod:`finsamdash.wording.argparse_sv`) and the sentences a command prints when it is done.

Grouped by command; the options every command shares come first. The build's progress and summary lines are in
:mod:`finsamdash.wording.build`.
"""

from __future__ import annotations

from pathlib import Path

from finsamdash.wording.formatting import fmt_int
from finsamdash.wording.words import count_phrase

# --- shared by several commands -------------------------------------------------------------------------------------

#: The metavar of a date option.
DATE_METAVAR = "ÅÅÅÅ-MM-DD"
#: The metavar of a year option.
YEAR_METAVAR = "ÅÅÅÅ"
DATA_HELP = "mapp med CSV-filer eller en .xlsx-fil"
ASSOCIATION_ID_HELP = "förbundets id"


def min_count_help(default: int) -> str:
    """``--min-count``."""
    return f"dölj antal under N (standard {default})"


# --- finsamdash -----------------------------------------------------------------------------------------------------

PROGRAM_DESCRIPTION = "Instrumentpaneler och mötesunderlag för samordningsförbund."
COMMANDS_HELP = "skriv `finsamdash KOMMANDO --help` för kommandots hjälp"

# --- validate -------------------------------------------------------------------------------------------------------

VALIDATE_HELP = "kontrollera ett underlag mot dataformatet"
MAX_PER_COLUMN_HELP = "visa högst N fel av samma slag per kolumn (0 = alla; standard 50)"
VALIDATE_JSON_HELP = "skriv alla fel och varningar som JSON"

# --- summary --------------------------------------------------------------------------------------------------------

SUMMARY_HELP = "nyckeltal för ett förbund och år"
SUMMARY_YEAR_HELP = "året"
SUMMARY_JSON_HELP = "skriv nyckeltalen som JSON"
RAW_HELP = "visa även små antal (ingen röjandekontroll)"
AS_OF_HELP = "siffrorna som de var kända detta datum (ett styrelsemöte under året) och prognosen för helåret"
SUMMARY_BOOKS_CLOSED_HELP = ("utfallet är bokfört till och med detta datum (kräver --as-of; standard: sista dagen i "
                             "månaden för den senaste bokföringen före --as-of)")

# --- build ----------------------------------------------------------------------------------------------------------

BUILD_HELP = "bygg mötesunderlaget (alla instrumentpaneler) för ett styrelsemöte"
MEETING_HELP = "styrelsemötets datum"
BUILD_ASSOCIATION_HELP = "bygg bara för detta förbund (kan anges flera gånger; standard: alla)"
BUILD_OUT_HELP = "mapp för mötesunderlagen (standard: dashboards)"
JOBS_HELP = "antal parallella körningar (standard: datorns antal kärnor)"
PREVIOUS_HELP = "förra mötets datum (standard: datumet för det senaste tidigare underlaget)"
BUILD_BOOKS_CLOSED_HELP = ("utfallet är bokfört till och med detta datum, senast mötesdagen (standard: sista dagen i "
                           "månaden för den senaste bokföringen före mötet, per förbund)")
NO_PDF_HELP = "hoppa över PDF-filen"


def timeout_help(default: int) -> str:
    """``finsamdash build --timeout``."""
    return ("en instrumentpanel vars cell kör längre än så här stoppas och rapporteras som misslyckad "
            f"(standard {default}; 0 = ingen gräns)")


# --- serve ----------------------------------------------------------------------------------------------------------

SERVE_HELP = "visa de byggda mötesunderlagen med Voilà"
SERVE_DIRECTORY_HELP = "mappen med mötesunderlag (standard: dashboards)"
HOST_HELP = "adress att lyssna på (standard 127.0.0.1: bara den här datorn)"
PORT_HELP = "port att lyssna på (standard 8866)"
TOKEN_HELP = "lösenord i adressen; krävs om servern ska nås från andra datorer"
#: ``--audience`` (also ``python -m finsamdash.pack.serve``).
AUDIENCE_HELP = ("hur många som öppnar samma instrumentpanel samtidigt på mötet: så många kärnor per panel förbereds "
                 "i förväg (standard 1, högst 60)")

# --- annual-report --------------------------------------------------------------------------------------------------

ANNUAL_REPORT_HELP = "skriv verksamhetsberättelsens statistikavsnitt för ett avslutat år som ett Word-dokument"
ANNUAL_YEAR_HELP = "året (ett avslutat år)"
ANNUAL_OUT_HELP = ("Word-filen som skrivs (standard: verksamhetsberattelse-ID-ÅÅÅÅ.docx); en befintlig fil ersätts "
                   "först när den nya är färdig")
WORD_TEMPLATE_HELP = "förbundets egen Word-mall (.docx eller .dotx) med logotyp, typsnitt och formatmallar"
NO_CHARTS_HELP = "skriv dokumentet utan diagram (diagrammen ritas annars med webbläsaren chromium)"


def annual_report_written(year: int, path: Path) -> str:
    return (f"Verksamhetsberättelsens statistik för {year} är skriven: {path}. Öppna den i Word, läs igenom och "
            "redigera texten innan den går till styrelsen.")


# --- template -------------------------------------------------------------------------------------------------------

TEMPLATE_HELP = "skriv en tom Excel-mall att fylla i (eller en ifylld, med --from)"
TEMPLATE_OUT_HELP = "Excel-filen som skrivs"
TEMPLATE_FROM_HELP = "fyll mallen med ett befintligt underlag (en mapp med CSV-filer eller en .xlsx-fil)"
GOALS_YEAR_HELP = ("med --from: kopiera varje förbunds mål från det senaste tidigare året till ÅÅÅÅ, utan utfall, "
                   "bedömning och kommentar, som start på årets mål")


def template_written(path: Path) -> str:
    return f"Mallen är skriven: {path}. Fyll i den och kontrollera med `finsamdash validate {path}`."


def filled_template_written(path: Path, source: Path) -> str:
    return f"Arbetsboken är skriven: {path}, ifylld med underlaget {source}."


def goals_copied(association: str, count: int, from_year: int, to_year: int) -> str:
    return (f"{association}: {count_phrase(count, 'mål', 'mål')} från {from_year} kopierade till {to_year} – "
            "ändra målvärden och texter på fliken Mål efter den nya verksamhetsplanen.")


def source_has_warnings(count: int, source: Path) -> str:
    return f"Underlaget har {count_phrase(count, 'varning', 'varningar')}; `finsamdash validate {source}` visar dem."


def check_the_workbook(path: Path) -> str:
    return f"Kontrollera den med `finsamdash validate {path}`."


# --- demo -----------------------------------------------------------------------------------------------------------

DEMO_HELP = "skriv ett påhittat demounderlag"
DEMO_OUT_HELP = "mappen som demounderlaget skrivs till"
SEED_HELP = "startvärde för slumpen (samma värde ger samma underlag; standard 1)"
DEMO_AS_OF_HELP = "sista dag med data (standard: i dag)"
ASSOCIATIONS_HELP = "antal förbund (standard 3)"
YEARS_HELP = "antal år (standard 7)"
VOLUME_HELP = ("radvolym per förbund och år: demo (standard) eller national – som prestandaprovet i nationell skala "
               "(≈ 375 deltaganden, ≈ 125 enkätsvar och ≈ 130 bokföringar per förbund och år; 80 förbund × 10 år ≈ "
               "300 000 deltaganden)")
NO_XLSX_HELP = "skriv bara CSV-filer"


def demo_written(out: Path) -> str:
    return f"Demounderlaget är skrivet till {out}."


# --- validation results ---------------------------------------------------------------------------------------------

def more_of_the_same(count: int, *, errors: bool, location: str, column: str) -> str:
    """The last line of a column's issues cut at ``--max-per-column``."""
    kind = "fel" if errors else "varningar"
    return f"… och {count} {kind} till av samma slag i {location}, kolumn ”{column}”."


def source_invalid(data: Path, errors: int, warnings: int) -> str:
    found = count_phrase(warnings, "varning", "varningar")
    return f"\nUnderlaget {data} har {fmt_int(errors)} fel och {found}. Rätta felen och kör igen."


def source_valid(data: Path, warnings: int, row_counts: str) -> str:
    found = count_phrase(warnings, "varning", "varningar")
    return f"Underlaget {data} är giltigt ({found}): {row_counts}."


def rows_of_table(count: int, table: str) -> str:
    """"6 rader Medlemsbidrag"."""
    return f"{count_phrase(count, 'rad', 'rader')} {table}"


def invalid_source_stopped(errors: int) -> str:
    """After the issues of a command other than validate stopped by an invalid source."""
    return f"\nUnderlaget har {errors} fel. Rätta dem och kör igen (`finsamdash validate DATA` visar alla)."


def could_not_read_or_write(filename: object, reason: str) -> str:
    return f"finsamdash: kunde inte läsa eller skriva {filename or ''}: {reason}"
