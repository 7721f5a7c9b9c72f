"""The words of the board pack's PDF (``board-pack.pdf``): its cover, its contents page, every page's header and
footer, the links' descriptions, and what is said when chromium fails to print it."""

from __future__ import annotations

from finsamdash.wording.economy import BOOKS_CLOSED_LABEL, DATA_UNTIL_LABEL, NOTHING_BOOKED, PARTICIPANTS_UNTIL_LABEL

# the cover's table: its rows' labels are the front page's (the data's dates: :func:`date_rows`)
from finsamdash.wording.front_page import ASSOCIATION_LABEL as ASSOCIATION_LABEL
from finsamdash.wording.front_page import BUILT_LABEL as BUILT_LABEL
from finsamdash.wording.front_page import MEETING_LABEL as MEETING_LABEL
from finsamdash.wording.front_page import NO_PREVIOUS_MEETING, PREVIOUS_MEETING_LABEL

PREVIOUS_LABEL, NO_PREVIOUS = PREVIOUS_MEETING_LABEL, NO_PREVIOUS_MEETING
COVER_KICKER = "Mötesunderlag"
CONTENTS_HEADING = "Innehåll"
#: Before a page number in the contents ("sida 4").
PAGE_WORD = "sida"
#: Why a section is left out when its cells gave no reason.
NOTHING_TO_SHOW = "inget att visa"
LEFT_OUT_NOTE = ("Avsnitt som saknar uppgifter i underlaget är utelämnade ur PDF:en; se respektive "
                 "instrumentpanels första rader för vad som saknas.")
#: A contents link's description when the section it leads to has no title.
GO_TO_SECTION = "Gå till avsnittet"


def date_rows(cutoff: str, books_closed: str | None) -> list[tuple[str, str]]:
    """The data's dates as (label, value) rows: one row when the books run to the cut-off, else both."""
    if books_closed == cutoff:
        return [(DATA_UNTIL_LABEL, cutoff)]
    return [(PARTICIPANTS_UNTIL_LABEL, cutoff), (BOOKS_CLOSED_LABEL, books_closed or NOTHING_BOOKED)]


def cover_meeting(meeting: str) -> str:
    return f"Underlag till styrelsemötet {meeting}"


def dashboard_left_out(title: str, reason: str) -> str:
    return f"{title} – ingår inte: {reason}"


def section_left_out(title: str, reason: str) -> str:
    return f"{title} – utelämnat: {reason}"


def document_title(association: str, meeting: str) -> str:
    return f"Mötesunderlag – {association} – styrelsemöte {meeting}"


def header_dates(cutoff: str, books_closed: str | None) -> str:
    """The header's right side: one date when the books run to the cut-off, else the books' date."""
    if books_closed == cutoff:
        return f"Uppgifter t.o.m. {cutoff}"
    return f"Ekonomi bokförd t.o.m. {books_closed or '–'}"


def header_meeting(association: str, meeting: str) -> str:
    return f"{association} · styrelsemöte {meeting}"


def footer_built(built: str) -> str:
    return f"Byggt {built}"


def page_of(number: str, total: str) -> str:
    """"Sida 3 av 36" (``number`` and ``total`` are chromium's markup for them)."""
    return f"Sida {number} av {total}"


def go_to(title: str) -> str:
    return f"Gå till {title}"


def chromium_missing(variable: str) -> str:
    return ("Hittar inte webbläsaren chromium, som behövs för att göra mötesunderlagets PDF (board-pack.pdf). "
            "Installera den med `sudo apt-get install chromium` (Debian/Ubuntu), ange sökvägen i miljövariabeln "
            f"{variable}, eller bygg utan PDF med `--no-pdf`.")


def print_failed(status: str | None, detail: str | None, chromium: str, seconds: str, variable: str) -> str:
    """Why the PDF was not printed, by the print child's ``status``; ``seconds`` is the time limit."""
    if status == "crashed":
        return (f"Webbläsaren chromium ({chromium}) avslutades oväntat medan PDF:en skrevs (den kraschade eller "
                "stoppades utifrån); den och allt den startat har stängts.")
    if status == "timeout":
        return (f"PDF:en blev inte klar inom {seconds} sekunder, så chromium ({chromium}) stoppades. "
                f"Gränsen kan ändras med miljövariabeln {variable} (sekunder).")
    if status == "driver":
        return (f"Playwright-processen som styr chromium ({chromium}) avslutades oväntat medan PDF:en skrevs; "
                "chromium och allt den startat har stängts.")
    if status == "stopped":
        return f"Utskriften av PDF:en med chromium ({chromium}) avbröts."
    if status == "lost":
        return f"Processen som skriver PDF:en med chromium ({chromium}) avslutades oväntat: {detail}"
    return f"PDF:en kunde inte skrivas med chromium ({chromium}): {detail}"
