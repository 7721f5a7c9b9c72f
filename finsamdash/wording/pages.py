"""Swedish texts shared by the dashboard pages, the PDF and the presentation: what "röjandekontroll" means, the one
note a page shows for data it lacks, and the labels of the pack's links."""

from __future__ import annotations

from finsamdash.data.contract import TABLES

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

