"""Swedish texts shared by the dashboard pages, the PDF and the presentation: what "röjandekontroll" means, the one
note a page shows for data it lacks, the labels of the pack's links, every page's header line, and the sentences of
the overview and goals pages."""

from __future__ import annotations

from datetime import date

from finsamdash.data.contract import TABLES
from finsamdash.wording.formatting import fmt_date
from finsamdash.wording.overview import NO_PREVIOUS_MEETING

#: "Röjandekontroll" in plain words, shown once per page (and on the PDF's cover and the presentation's cover).
PRIVACY_EXPLAINED = (
    "Röjandekontroll: antal under {min_count} visas inte, och inte heller siffror som skulle göra det möjligt att "
    "räkna fram dem ur andra siffror – så att ingen enskild deltagare kan pekas ut."
)

#: The link to a dashboard's executed notebook (for analysts who want to see the computation).
ANALYST_LINK = "Beräkningen bakom sidan (laddar ner en .ipynb-fil för analytiker)"
ANALYST_COLUMN = "För analytiker"


def privacy_explained(min_count: int) -> str:
    return PRIVACY_EXPLAINED.format(min_count=min_count)


def lacking_table_note(table: str, association_name: str, consequence: str) -> str:
    """The one sentence a page shows when optional ``table`` has no rows for the association, e.g. "Underlaget har
    inga uppgifter på bladet Enkätsvar för Samordningsförbundet Norrsken, så kärnindikatorerna kan inte visas."
    (the sheet by its Swedish name, never the table key)."""
    return (f"Underlaget har inga uppgifter på bladet {TABLES[table].sheet_sv} för {association_name}, "
            f"så {consequence}.")


def lacking_table_reason(table: str) -> str:
    """Why a section was left out, for the PDF's contents: "underlaget saknar bladet Enkätsvar"."""
    return lacking_tables_reason([table])


def lacking_tables_reason(tables: list[str]) -> str:
    """"underlaget saknar bladet Utfall" / "underlaget saknar bladen Utfall och Budget"."""
    sheets = [TABLES[t].sheet_sv for t in tables]
    if len(sheets) == 1:
        return f"underlaget saknar bladet {sheets[0]}"
    return f"underlaget saknar bladen {', '.join(sheets[:-1])} och {sheets[-1]}"


#: Words a board member may not know, explained once in the header of the pages that use them
#: (``Page.glossary`` lists the keys).
GLOSSARY = {
    "tkr": "tkr = tusen kronor",
    "insats": "insats = ett projekt eller en verksamhet som förbundet finansierar",
    "utfall": "utfall = det som är bokfört",
    "prognos": "prognos = bokfört hittills plus budgeten för resten av året",
    "takten": "takten hittills = så blir kostnaderna om de fortsätter som hittills i år",
    "kärnindikatorer": "kärnindikatorer = de nationella frågorna som alla samordningsförbund följer upp",
    "mätpunkt": "mätpunkt = ett påstående i enkäten",
    "positiva svar": "positiva svar = de två högsta stegen på svarsskalan",
}


def glossary_note(words: tuple[str, ...]) -> str:
    """"Ord på sidan: tkr = tusen kronor; …." for the keys ``words`` of :data:`GLOSSARY` ('' for none)."""
    return f"Ord på sidan: {'; '.join(GLOSSARY[w] for w in words)}." if words else ""



# --- every page's header and chart table ---------------------------------------------------------------------------

#: The summary line of the collapsed table under every chart.
SHOW_AS_TABLE = "Visa siffrorna som tabell"


def year_scope(year: int, *, year_is_open: bool) -> str:
    """"Året 2026 hittills" (a running year) or "Året 2025"."""
    return f"Året {year} hittills" if year_is_open else f"Året {year}"


def board_meeting(meeting: date) -> str:
    """"styrelsemöte 23 november 2026"."""
    return f"styrelsemöte {fmt_date(meeting)}"


def compared_with_previous(previous: date | None) -> str:
    """" Jämförelse med förra mötet 24 september 2026." (with its leading space; '' without a previous meeting)."""
    return f" Jämförelse med förra mötet {fmt_date(previous)}." if previous else ""


#: What each page cannot show without an optional table (``Page.uses``): the end of the sentence of
#: :func:`lacking_table_note`, "… så kostnaderna mot budget visas inte."
LACKING_CONSEQUENCES: dict[str, dict[str, str]] = {
    "overview": {"ledger": "kostnaderna mot budget visas inte", "goals": "målen visas inte"},
    "goals": {"goals": "målen kan inte följas upp"},
    "indicators": {"survey_responses": "kärnindikatorerna kan inte visas"},
    "budget": {
        "budget": "det som jämförs med budgeten visas inte",
        "ledger": "det som bygger på utfallet (de bokförda beloppen) visas inte",
        "contributions": "medlemsbidragen visas inte",
        "equity": "det egna kapitalet visas inte",
    },
}


# --- the overview and goals pages -----------------------------------------------------------------------------------

#: The column of the goal-status chart's table.
GOAL_COUNT_COLUMN = "Antal mål"


def no_goals_in_year(year: int) -> str:
    """"Underlaget har inga mål för 2026."."""
    return f"Underlaget har inga mål för {year}."


def no_goals_reason(year: int) -> str:
    """Why the goal sections were left out, for the PDF's contents: "inga mål för 2026"."""
    return f"inga mål för {year}"


def previous_meeting_note(previous: date | None, min_count: int) -> str:
    """How the overview's changes since the previous meeting are made (or that there are none)."""
    if previous is None:
        return NO_PREVIOUS_MEETING
    return (f"Förändringarna jämför med uppgifterna vid förra mötet ({fmt_date(previous)}). "
            f"En förändring i antalet deltagare som är mindre än {min_count} visas inte som siffra, och "
            "ingen förändring räknas fram ur ett värde som inte visas. Ett antal som bara ändrats med några "
            "få personer sedan förra mötet döljs, så att de få inte kan räknas fram ur de två underlagen.")


def figures_cutoff(cutoff: date, books_closed: date | None) -> str:
    """"t.o.m. 23 november 2026", or both cut-offs when the books close earlier: "deltagare t.o.m. 23 november
    2026, ekonomi bokförd t.o.m. 31 oktober 2026"."""
    if books_closed == cutoff:
        return f"t.o.m. {fmt_date(cutoff)}"
    books = fmt_date(books_closed) if books_closed else "–"
    return f"deltagare t.o.m. {fmt_date(cutoff)}, ekonomi bokförd t.o.m. {books}"


def preliminary_note(when: str) -> str:
    """The overview's note in a running year; ``when`` is :func:`figures_cutoff`."""
    return f"Siffrorna gäller hittills i år ({when}) och är preliminära; årets resultat är en prognos."


def no_complete_period_yet(unit: str) -> str:
    """The started/ended chart before the first whole month or quarter of the year has ended (a period still
    running is shown with the next pack)."""
    first = {"månad": "den första hela månaden", "kvartal": "det första hela kvartalet"}.get(unit,
                                                                                           "den första perioden")
    return (f"Påbörjade och avslutade visas per {unit} när perioden är slut, och {first} av året är inte slut än. "
            "De visas i nästa mötesunderlag.")

#: The goal-status table's first column (the overview and the goals page).
STATUS_COLUMN = "Status"
