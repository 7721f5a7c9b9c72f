"""The one wording of a hidden figure (R6, R8), for every page, chart, table, card, sentence and the summary.

Every hidden count has the same mark, whether it is small itself or hidden so that a small count cannot be worked
out: a reader learns nothing from the mark about which it is.
"""

from __future__ import annotations

#: The mark of a hidden figure in a table cell, a card, a chart label and the summary text.
HIDDEN_MARK = "dolt"
#: Hover text of a hidden bar or point.
HIDDEN_HOVER = "dolt av integritetsskäl"
#: A hidden figure inside a sentence ("… varav {HIDDEN_WORDS} anonyma").
HIDDEN_WORDS = "ett dolt antal"


def hidden_note(min_count: int) -> str:
    """The footnote that explains the mark (one sentence)."""
    return (f"{HIDDEN_MARK} = visas inte för att skydda enskilda personer: antalet är färre än {min_count}, eller "
            f"döljs så att ett litet antal inte kan räknas fram ur andra siffror.")


#: Said once on a page (and in the summary) that has figures hidden only because of the comparison with the
#: previous meeting's pack (R9): the difference between the two meetings would reveal a small group.
HIDDEN_SINCE_PREVIOUS = ("Några siffror är dolda eftersom bara ett fåtal har tillkommit sedan förra mötet; de visas "
                         "igen när fler har tillkommit.")


#: The label of ordered bands (ages, durations) merged into one because no smaller band could be shown (R7).
MERGED_ALL = "samtliga"


def merged_note(label: str) -> str:
    """A note on a group merged so that it can be shown (R7)."""
    return f"Små grupper har slagits ihop så att de kan visas: {label}."


#: The end of a goal's sentence when its figures are hidden (the same words for every kind of goal, R6).
GOAL_FIGURES_HIDDEN = "utfallet visas inte, för att skydda enskilda personer"


#: The end of a goal's sentence when its status is hidden too.
GOAL_STATUS_HIDDEN = ("varken utfall eller bedömning visas, eftersom bedömningen tillsammans med målvärdet skulle "
                      "avslöja ett litet antal")
#: The label of a hidden goal status (with its symbol).
STATUS_HIDDEN_LABEL = "Bedömning dold"
STATUS_HIDDEN_SYMBOL = "◌"


def status_hidden_note(min_count: int) -> str:
    return (f"”{STATUS_HIDDEN_LABEL}” = inte heller målets bedömning visas, eftersom den tillsammans med målvärdet "
            f"skulle avslöja ett antal under {min_count} eller exakt hur många det gäller.")


def selection_missing(year: int, kind: str) -> str:
    """Why a kind of selection (insats, kommun, kön) is not offered for a year."""
    reasons = {
        "m:": "deltagarna utan kommun är för få – de skulle gå att räkna fram som förbundet minus kommunerna",
        "g:": "en av grupperna är för liten – den skulle gå att räkna fram som förbundet minus de andra",
        "i:": "insatsen hade inga deltagare",
    }
    return f"Urvalet visas inte för {year}: {reasons[kind]}."
