"""The words of the meeting's presentation (``presentation.html``): its cover, its closing slide on the goals and
the speaker notes it adds. The cover's rows are named as on the PDF's cover (:mod:`finsamdash.wording.pdf`)."""

from __future__ import annotations

from collections.abc import Sequence

from finsamdash.wording.pdf import MEETING_LABEL, NO_PREVIOUS, PREVIOUS_LABEL

__all__ = [
    "ALL_GOALS_MET",
    "CLOSING_KICKER",
    "CLOSING_TITLE",
    "MEETING_LABEL",
    "NOT_MET_HEADING",
    "NO_PREVIOUS",
    "PREVIOUS_LABEL",
    "cover_title",
    "document_title",
    "left_out_note",
    "more_charts_note",
    "more_rows_footnote",
    "rows_shown_note",
]

#: The closing slide: its title when the goals page's chart has none, its kicker, the heading over the goals not
#: (yet) met, and the footnote when every goal is met.
CLOSING_TITLE = "Målen"
CLOSING_KICKER = "Avslutning · Målen i verksamhetsplanen"
NOT_MET_HEADING = "Mål som inte är helt uppnådda:"
ALL_GOALS_MET = "Alla mål är uppnådda."


def cover_title(meeting: str) -> str:
    return f"Styrelsemöte {meeting}"


def document_title(association: str, meeting: str) -> str:
    return f"Presentation – {association} – styrelsemöte {meeting}"


def left_out_note(left_out: Sequence[str]) -> str:
    """The cover's footnote: the dashboards and sections left out, e.g. "Budget och utfall: Medlemsbidrag"."""
    return "Utelämnat för att uppgifter saknas i underlaget: " + "; ".join(left_out) + "."


def more_charts_note(dashboard: str, titles: Sequence[str]) -> str:
    """A speaker note: the section's other charts, shown on the page only."""
    return f"Fler diagram i avsnittet på sidan {dashboard}: " + "; ".join(titles) + "."


def rows_shown_note(dashboard: str, rows: int, shown: int) -> str:
    return f"Tabellen på sidan {dashboard} har {rows} rader; bilden visar de {shown} första."


def more_rows_footnote(more: int, dashboard: str) -> str:
    """Under a cut table (``dashboard`` as escaped markup)."""
    return f"… och {more} rader till på sidan {dashboard}."
