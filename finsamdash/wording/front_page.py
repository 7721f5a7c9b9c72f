"""What the pack's front page (``<meeting>/index.html``) and the index of every meeting (``DIR/index.html``) say
(:mod:`finsamdash.pack.front_page`). Plain text: the page escapes it and adds the markup; where a sentence holds a
link, the page passes the function that draws it (``link(text) -> html``).
"""

from __future__ import annotations

from collections.abc import Callable

from finsamdash.wording.economy import BOOKS_CLOSED_LABEL as BOOKS_CLOSED_LABEL
from finsamdash.wording.economy import DATA_UNTIL_LABEL as DATA_UNTIL_LABEL
from finsamdash.wording.economy import NOTHING_BOOKED as NOTHING_BOOKED
from finsamdash.wording.economy import PARTICIPANTS_UNTIL_LABEL as PARTICIPANTS_UNTIL_LABEL

Link = Callable[[str], str]

# --- the meeting's front page ---------------------------------------------------------------------------------------

ALL_MEETINGS_LINK = "← Alla förbund och möten"


def meeting_heading(meeting: str) -> str:
    """``meeting``: the date, formatted."""
    return f"Styrelsemöte {meeting}"


def page_title(association: str, meeting: str) -> str:
    return f"Mötesunderlag – {association} – styrelsemöte {meeting}"


INCOMPLETE = "Underlaget är inte komplett"


def dashboards_failed(failed: int, total: int) -> str:
    """After :data:`INCOMPLETE`."""
    return (f" – {failed} av {total} instrumentpaneler kunde inte byggas. Det har inte publicerats som mötets "
            "underlag.")


# the facts table: label and value
ASSOCIATION_LABEL = "Förbund"
MEETING_LABEL = "Mötesdatum"
PREVIOUS_MEETING_LABEL = "Förra mötet"
NO_PREVIOUS_MEETING = "inget tidigare möte"
BUILT_LABEL = "Byggt"
INPUT_FILES_LABEL = "Underlag"
PDF_LABEL = "PDF"
PRESENTATION_LABEL = "Presentation"
NOT_WRITTEN = "kunde inte skrivas"


def built_at(day: str, time: str) -> str:
    """``day`` formatted, ``time`` as HH:MM (or HH:MM:SS): "23 november 2026 kl. 12:40"."""
    return f"{day} kl. {time}"


def pdf_link(file_name: str, pages: object) -> str:
    return f"mötesunderlaget som PDF ({file_name}, {pages} sidor)"


def presentation_links(link: Link, speaker_link: Link) -> str:
    """The presentation and the same with the speaker's notes."""
    return (f"{link('presentationen för mötet')} (en bild per avsnitt; piltangenterna, Page Up/Page Down eller en "
            f"klickare byter bild, S öppnar talarvyn) · {speaker_link('med talarmanus')}")


# the dashboards
DASHBOARDS_HEADING = "Instrumentpaneler"
DASHBOARD_COLUMN = "Instrumentpanel"
STATUS_COLUMN = "Status"
INTERACTIVE_COLUMN = "Interaktivt"
DASHBOARD_DONE = "klar"
DASHBOARD_FAILED = "misslyckades"

# the key figures
KEY_FIGURES_HEADING = "Nyckeltal och förändring sedan förra mötet"


def changes_since(previous: str) -> str:
    """``previous``: the previous meeting (html: a link when its pack exists)."""
    return f"Förändringarna jämför med uppgifterna vid förra mötet ({previous})."


NO_CHANGES = "Inget tidigare möte har angetts, så förändringar visas inte."


def more_in_the_overview(link: Link) -> str:
    return f"Mer i {link('översikten')}."


def built_footer(version: str, built: str) -> str:
    return f"finsamdash {version} · byggt {built}"


# --- the index of every association and meeting ---------------------------------------------------------------------

INDEX_TITLE = "Mötesunderlag"
NO_MEETINGS = "Inga byggda möten ännu."
LATEST_MARK = "(senaste)"


def built_on(built: str) -> str:
    return f" · byggt {built}"


def latest_meeting(meeting: str) -> str:
    """Beside the latest meeting's live dashboards."""
    return f" (senaste mötet, {meeting}): "
