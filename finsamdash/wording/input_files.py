"""What the director reads when a file or a sheet cannot be read as it stands (:mod:`finsamdash.data.read`): an
unknown or doubled table, a CSV file in the wrong encoding or with broken quotes, an Excel cell without a value, a
damaged workbook. Each is the "expected" half of a message; the table, row and column are given beside it.
"""

from __future__ import annotations

from collections.abc import Sequence


def unnamed_column(place: str) -> str:
    """A column without a header, by its letter (Excel) or number (CSV): "kolumn C"."""
    return f"kolumn {place}"


# --- tables: files and sheets ---------------------------------------------------------------------------------------


def unknown_file(known: Sequence[str]) -> str:
    return "okänd tabell – filen används inte. Kända tabeller: " + ", ".join(known)


def table_in_two_files(first: str) -> str:
    return f"tabellen finns redan i {first} – ta bort en av filerna"


def unknown_sheet(known: Sequence[str]) -> str:
    return "okänt blad – det används inte. Kända blad: " + ", ".join(known)


def table_on_two_sheets(first: str) -> str:
    return f"tabellen finns redan på {first} – ta bort ett av bladen"


def file_too_large(max_megabytes: int) -> str:
    return f"filen är för stor (högst {max_megabytes} MB) – är det rätt fil?"


EMPTY_FILE = "filen är tom – den ska börja med en rubrikrad"
EMPTY_SHEET = "bladet är tomt – första raden ska vara rubrikraden"

# --- CSV: encodings, separators, quotes -----------------------------------------------------------------------------

NOT_TEXT = "filen är inte en textfil (CSV). Spara tabellen som CSV (UTF-8 eller semikolonavgränsad) från Excel."
UTF16_ADVICE = ("filen är sparad som UTF-16 (Excel: ”Unicode-text”) – spara tabellen som ”CSV UTF-8 "
                "(kommaavgränsad)” eller ”CSV (semikolonavgränsad)”")
UTF8_ROW_IN_CP1252 = ("raden är sparad i en annan teckenkodning (UTF-8) än resten av filen – spara om filen som ”CSV "
                      "UTF-8”")


def invalid_utf8(byte: int) -> str:
    return (f"raden är inte giltig UTF-8 (ogiltigt tecken 0x{byte:02X}) – filen läses som Windows-1252; "
            "kontrollera å, ä och ö eller spara om filen som ”CSV UTF-8”")


def nul_character(more_rows: int) -> str:
    more = f" (så även {more_rows} rader till)" if more_rows else ""
    return (f"raden innehåller ett NUL-tecken (byte 0x00){more} – filen är skadad eller ingen ren textfil. Spara "
            "tabellen som CSV från Excel igen")


#: A separator by its Swedish name.
SEPARATOR_NAMES = {",": "komma", ";": "semikolon", "\t": "tabb"}


def mixed_separators(row_separator: str, header_separator: str) -> str:
    return (f"raden är avgränsad med {SEPARATOR_NAMES[row_separator]} men rubrikraden med "
            f"{SEPARATOR_NAMES[header_separator]} – använd samma avgränsare i hela filen")


def too_many_fields(width: int) -> str:
    return (f"raden har fler värden än rubrikraden ({width} kolumner) – kontrollera avgränsare (komma/semikolon) och "
            "citattecken")


UNCLOSED_QUOTE = ("ett citattecken (\") i början av en cell avslutas aldrig, så resten av filen blev en enda cell – "
                  "lägg till det avslutande citattecknet eller ta bort det inledande")


def field_too_long(limit: str) -> str:
    """``limit``: the number of characters, formatted."""
    return (f"en cell är längre än {limit} tecken – oftast ett citattecken som inte avslutas; kontrollera "
            "citattecknen på raden")


MISPLACED_QUOTE = ("text efter ett avslutande citattecken (\") i samma cell – en cell som innehåller citattecken ska "
                   "stå inom citattecken med dubblerade citattecken inuti (\"\"), så som Excel sparar den")


def bad_csv(reason: str) -> str:
    """``reason``: the csv module's own (English) message."""
    return (f"filen går inte att läsa som CSV ({reason}) – kontrollera citattecken (ett citattecken som inte avslutas "
            "gör resten av filen till en enda cell)")


# --- Excel ----------------------------------------------------------------------------------------------------------

EXCEL_ERROR = "cellen visar ett Excel-fel – rätta formeln eller skriv in värdet"
FORMULA_WITHOUT_VALUE = ("formeln har inget sparat resultat (filen är skapad av ett program som inte räknar ut "
                         "formler) – öppna filen i Excel och spara den igen, eller skriv in värdet")


def header_not_first(header_row: int, above: str) -> str:
    return (f"rubrikraden ska vara rad 1, men rubrikerna står på rad {header_row} – ta bort raderna ovanför (t.ex. "
            f"”{above}”)")


def outside_table(header_row: int) -> str:
    return (f"värde utanför tabellen – kolumnen har ingen rubrik på rad {header_row}. Skriv en rubrik eller ta bort "
            "värdet")


# --- a workbook that cannot be opened -------------------------------------------------------------------------------


def cannot_open(file_name: str, reason: str) -> str:
    return f"{file_name} går inte att öppna som Excel-arbetsbok (.xlsx): {reason}"


RESAVE_AS_XLSX = "Öppna den i Excel och spara som ”Excel-arbetsbok (.xlsx)”."
#: What a zip file that is no workbook is instead.
WORD_DOCUMENT = "ett Word-dokument"
OPENDOCUMENT_FILE = "en OpenDocument-fil (.ods från LibreOffice)"
NO_WORKBOOK = "ingen Excel-arbetsbok"


def damaged(sheet: str | None, error_name: str) -> str:
    """A damaged sheet (or file, without ``sheet``): openpyxl's ``error_name``."""
    where = f"bladet ”{sheet}” är skadat" if sheet else "filen är skadad"
    return f"{where} ({error_name}). Öppna filen i Excel och spara den igen som ”Excel-arbetsbok (.xlsx)”."
