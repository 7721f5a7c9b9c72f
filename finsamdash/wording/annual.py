"""Swedish sentences and labels of the annual report's statistics chapter (verksamhetsberättelsen).

The sentences follow how the associations' own reports read ("Av de totala 374 deltagarna är 39 anonymt
registrerade …; av de resterande 335 har 184 startat under året och 171 har avslutats"), in the past tense of a
closed year. A hidden count (disclosure control) has the meeting pack's one wording, whether it is small itself or
hidden so that a small count cannot be worked out: "ett dolt antal" in a sentence (:func:`count_sv`) and the pack's
mark in a table cell (:func:`finsamdash.present.tables.cell_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from finsamdash.wording.economy import result_sv
from finsamdash.wording.formatting import fmt_date, fmt_int, fmt_percent, fmt_tkr
from finsamdash.wording.pages import privacy_explained
from finsamdash.wording.privacy import HIDDEN_MARK, HIDDEN_WORDS, hidden_note
from finsamdash.wording.selections import GENDER_LABELS
from finsamdash.wording.words import TOTAL as TOTAL  # the annual report's total rows

__all__ = [
    "CHAPTERS",
    "INTERVENTION_ROWS",
    "OTHER_REASONS_NOTE",
    "books_warning",
    "count_sv",
    "counted_share_sv",
    "default_file_name",
    "economy_sentences",
    "exits_sentence",
    "gender_sentence",
    "goals_summary_sentence",
    "intervention_exits_sentence",
    "intro_sentences",
    "join_sv",
    "marks_note",
    "method_notes",
    "no_data_message",
    "not_closed_message",
    "totals_sentences",
]

#: The chapters (Word "Rubrik 1"), in order.
CHAPTERS = {"participants": "Deltagare", "goals": "Mål och måluppfyllelse", "indicators": "Kärnindikatorer",
            "economy": "Ekonomi", "method": "Om siffrorna"}

#: Rows of an intervention's table, as the annual reports have them ("Tabell 7. Antal deltagare inskrivna i
#: projektet Horisont"): (key, label with ``{year}``).
INTERVENTION_ROWS = (
    ("episodes", "Antal inskrivna {year}"),
    ("anonymous", "varav anonyma"),
    ("active", "Antal kvar i verksamhet efter {year}"),
    ("ended", "Antal avslutade {year}"),
    ("wos", "Avslut arbete + studier"),
    ("job_seeking", "Avslut aktuell på Arbetsförmedlingen"),
    ("further_rehab", "Avslut behov av fortsatt rehabilitering"),
    ("other", "Avslut annan orsak"),
)
#: What "annan orsak" holds.
OTHER_REASONS_NOTE = ("Annan orsak = sjukdom, avbrutit, flyttat och annan orsak. Avslut räknas för deltagare som "
                      "inte är anonyma.")


def marks_note(min_count: int) -> str:
    """The footnote of a table with hidden figures: the meeting pack's own wording of its mark."""
    return hidden_note(min_count)


def count_sv(value: int | None) -> str:
    """A count in a sentence: "39", or "ett dolt antal" when the audit hides it."""
    return fmt_int(value) if value is not None else HIDDEN_WORDS


def counted_share_sv(value: int | None, base: int | None, *, noun: str = "") -> str:
    """"14 (29 %)", or with ``noun`` "190 kvinnor (51 %)" – the share only when both counts are shown and the base
    is not 0."""
    text = count_sv(value) + (f" {noun}" if noun else "")
    if value is not None and base:
        text += f" ({fmt_percent(value / base)})"
    return text


def default_file_name(association_id: str, year: int) -> str:
    return f"verksamhetsberattelse-{association_id}-{year}.docx"


def intro_sentences(association_name: str, year: int, *, min_count: int, made: date) -> list[str]:
    return [
        f"Statistik för {association_name}s verksamhetsberättelse {year}: deltagare, måluppfyllelse, "
        f"kärnindikatorer och ekonomi, sammanställd ur förbundets underlag den {fmt_date(made)}.",
        privacy_explained(min_count),
    ]


def totals_sentences(year: int, *, interventions: int, episodes: str, anonymous: str, identified: str,
                     started: str, ended: str, no_anonymous: bool) -> list[str]:
    """The report's totals: "Under 2013 finansierade förbundet 8 insatser med totalt 374 deltagare. Av de totala 374
    deltagarna är 39 anonymt registrerade … Av de resterande 335 deltagarna har 184 startat under året och 171 har
    avslutats." (counts already worded by :func:`count_sv`)."""
    word = "insats" if interventions == 1 else "insatser"
    first = f"Under {year} finansierade förbundet {fmt_int(interventions)} {word} med totalt {episodes} deltagare."
    if no_anonymous:
        return [first, f"Ingen deltagare var anonymt registrerad. Av de {episodes} deltagarna har {started} startat "
                       f"under året och {ended} har avslutats."]
    rest = f"de resterande {identified} deltagarna" if identified[:1].isdigit() else "de övriga deltagarna"
    return [first,
            f"Av de totala {episodes} deltagarna är {anonymous} anonymt registrerade, vilket innebär att det inte går "
            "att göra några uppföljningar kring dessa personer.",
            f"Av {rest} har {started} startat under året och {ended} har avslutats."]


def gender_sentence(women: str, men: str, other: str | None) -> str:
    """"Könsfördelningen visar 190 kvinnor (51 %) och 183 män (49 %)." (each part already worded with its noun;
    ``other`` None: nobody of other or unknown gender in the association's data)."""
    if other is None:
        return f"Könsfördelningen visar {women} och {men}."
    return f"Könsfördelningen visar {women}, {men} och {other}."


def exits_sentence(year: int, ended: str, wos: str, job_seeking: str, further_rehab: str, other: str) -> str:
    """Status after exit for the whole association, in the report's words."""
    return (f"Av de {ended} deltagare som avslutades under {year} gick {wos} till arbete eller studier, {job_seeking} "
            f"var aktuella på Arbetsförmedlingen, {further_rehab} bedömdes behöva fortsatt rehabilitering och {other} "
            "avslutades av annan orsak (sjukdom, avbrott, flytt eller annat).")


def intervention_exits_sentence(name: str, year: int, ended: str, wos: str, job_seeking: str) -> str:
    return (f"Av de {ended} som avslutade {name} under {year} gick {wos} till arbete eller studier och {job_seeking} "
            "var aktuella på Arbetsförmedlingen.")


def goals_summary_sentence(year: int, counts: dict[str, int]) -> str:
    """"Förbundet hade 5 mål för 2013: 1 uppnåddes, 2 uppnåddes delvis och 2 uppnåddes inte." """
    total = sum(counts.values())
    if not total:
        return f"Underlaget har inga mål för {year}."
    phrases = {"met": "uppnåddes", "partly": "uppnåddes delvis", "not_met": "uppnåddes inte",
               "no_data": "kunde inte följas upp", "hidden": "har en bedömning som inte kan visas (röjandekontroll)"}
    parts = [f"{fmt_int(counts[key])} {phrase}" for key, phrase in phrases.items() if counts.get(key)]
    head = f"Förbundet hade {fmt_int(total)} mål för {year}"
    return f"{head}: {join_sv(parts)}."


def economy_sentences(year: int, *, income: float | None, costs: float | None, result: float | None,
                      budget_result: float | None, contributions: float | None, admin_share: float | None,
                      budget_admin_share: float | None, equity_opening: float | None,
                      equity_closing: float | None, equity_share: float | None) -> list[str]:
    """The year's economy in a few sentences (a closed year: actuals, past tense)."""
    out = []
    if contributions is not None:
        out.append(f"Medlemmarnas bidrag till förbundet för {year} var {fmt_tkr(contributions)}.")
    if result is not None:
        text = f"Årets resultat blev {result_sv(result)}"
        if budget_result is not None:
            text += f" (budget: {result_sv(budget_result)})"
        out.append(f"{text}: intäkterna var {fmt_tkr(income)} och kostnaderna {fmt_tkr(costs)}.")
    if admin_share is not None:
        text = (f"Administrationens andel av kostnaderna (kansli, styrelse och revision) blev "
                f"{fmt_percent(admin_share, decimals=1)}")
        if budget_admin_share is not None:
            text += f" (budget {fmt_percent(budget_admin_share, decimals=1)})"
        out.append(text + ".")
    if equity_opening is not None and equity_closing is not None:
        text = (f"Det egna kapitalet var {fmt_tkr(equity_opening)} vid årets början och {fmt_tkr(equity_closing)} "
                "vid årets slut")
        if equity_share is not None:
            text += f", {fmt_percent(equity_share, decimals=1)} av årets medlemsbidrag"
        out.append(text + ".")
    return out


def books_warning(year: int, last_booking: date | None) -> str:
    """A warning when the ledger of a closed year ends before December ('' otherwise)."""
    if last_booking is None or last_booking.month == 12:
        return ""
    return (f"Observera: den sista bokföringen för {year} i underlaget är daterad {fmt_date(last_booking)}. Utfallet "
            "nedan omfattar bara det som är bokfört till och med den dagen – kontrollera att hela året är bokfört "
            "innan siffrorna används.")


def method_notes(year: int, *, min_count: int) -> list[str]:
    return [
        f"Deltagare = alla deltaganden i en insats någon gång under {year}, även anonyma. Startat och avslutat "
        "räknas för deltagare som inte är anonyma; anonyma deltagare redovisas som ett eget antal, som i "
        "förbundens verksamhetsberättelser. En person som deltar i två insatser räknas i båda. Deltaganden som är "
        "felregistrerade räknas inte.",
        "Arbete eller studier = arbete, subventionerad anställning och studier. Andelar av avslutade räknas på "
        "deltagare som inte är anonyma.",
        f"{privacy_explained(min_count)} I tabellerna betyder {HIDDEN_MARK} en siffra som inte visas, antingen för "
        "att den är liten eller för att ett litet antal annars skulle kunna räknas fram ur andra siffror – samma "
        "markering som i mötesunderlagen. Insatser med få deltagare och små grupper av avslutsorsaker och "
        "försörjning redovisas sammanslagna som i mötesunderlagen.",
        "Kärnindikatorer: andel positiva svar = andelen svar i de två högsta stegen av skalan; svaret ”vet ej” räknas "
        f"inte. Resultat med färre än {min_count} svar visas inte.",
        "Ekonomi: årets bokförda utfall (bokslutet) mot den antagna budgeten; belopp i tusental kronor (tkr).",
    ]


def no_data_message(association_name: str, year: int, years: Sequence[int]) -> str:
    have = f" Underlaget har uppgifter för {join_sv([str(y) for y in years])}." if years else ""
    return (f"Underlaget har inga uppgifter för {association_name} år {year} – inga deltagare, mål, enkätsvar, "
            f"budget eller bokföring – så verksamhetsberättelsens statistik kan inte skrivas.{have}")


def not_closed_message(year: int, today: date) -> str:
    return (f"Året {year} är inte slut (i dag är det {fmt_date(today)}): verksamhetsberättelsen gäller ett avslutat "
            f"år. Välj ett tidigare år, eller använd `finsamdash summary --as-of` för läget hittills.")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_sv(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} och {parts[-1]}"


# --- the chapter's title, headings, tables, notes and charts (#15: moved from annual/report.py) -------------------

#: Words of the chapter's tables and headings.
NUMBER = "Antal"
EXITS_HEADING = "Status efter avslut"
DURATIONS_HEADING = "Tid i insats"
SUPPORT_HEADING = "Försörjning före och efter"
ADMINISTRATION_HEADING = "Administration"
EQUITY_HEADING = "Eget kapital"
CONTRIBUTIONS_HEADING = "Medlemsbidrag"
BUDGET_HEADING = "Budget och utfall"
INTERVENTION_COSTS_HEADING = "Insatsernas kostnader"
#: The nouns after the women's, men's and others' counts in :func:`gender_sentence`.
WOMEN, MEN, OTHER_GENDER = GENDER_LABELS["woman"], GENDER_LABELS["man"], "med annat eller okänt kön"
#: A support label that is no support ("uppgift saknas"): the chapter has no support table with only this.
SUPPORT_MISSING = "uppgift saknas"
#: How a merged group of exit categories and of support categories starts ("övriga avslut (…)", "övrigt (…)").
MERGED_EXITS_START = "övriga"
MERGED_SUPPORT_START = "övrigt"
ALL_RESPONDENT_GROUPS = "alla svarsgrupper"
GOAL_NO_TEXT = "Mål utan text i verksamhetsplanen"
GOAL_COLUMNS = ["Gäller", "Mål enligt verksamhetsplanen", "Målvärde", "Utfall", "Bedömning"]
SUPPORT_COLUMNS = ["Försörjning", "Före start", "Efter avslut"]
EXITS_COLUMNS = ["Status efter avslut", "Antal", "Andel"]
MEMBER_COLUMNS = ["Medlem", "Medlemstyp", "Bidrag", "Andel"]
CATEGORY_COLUMNS = ["", "Budget", "Utfall", "Avvikelse"]
INTERVENTION_COST_COLUMNS = ["Insats", "Budget", "Utfall", "Avvikelse", "Förbrukningsgrad"]
INCOME_TOTAL, COSTS_TOTAL, YEAR_RESULT = "Summa intäkter", "Summa kostnader", "Årets resultat"
ENDED_NOTE = "Deltagare som avslutade under året och inte är anonyma."
EXITS_MERGED_NOTE = " Små grupper är sammanslagna till ”övriga avslut”."
DURATIONS_NOTE = ("Deltagare som inte är anonyma. Tiden räknas i hela månader från start till avslut, för dem som "
                  "fortfarande deltog till årets slut.")
SUPPORT_MERGED_NOTE = " Små grupper är sammanslagna till ”övrigt”; – = gruppen ingår i ”övrigt” på den sidan."
CATEGORIES_NOTE = "Avvikelse = utfall minus budget. Utfallet är årets bokföring (bokslut per 31 december)."


def title(year: int) -> str:
    return f"Verksamhetsberättelse {year} – statistik"


def no_participants(year: int) -> str:
    return f"Underlaget har inga deltagare under {year}."


def during(year: int) -> str:
    """A chart's period: "under 2025"."""
    return f"under {year}"


def overview_columns(year: int, *, anonymous: bool) -> list[str]:
    return ["Insats", f"Inskrivna {year}", *(["varav anonyma"] if anonymous else []), "Startat", "Avslutat",
            f"Kvar efter {year}", "Arbete eller studier", "Andel arbete eller studier"]


def overview_caption(year: int) -> str:
    return f"Deltagare per insats {year}"


def overview_note(year: int, *, merged: bool) -> str:
    return (f"Inskrivna = alla som deltog någon gång under {year}, även anonyma; kvar efter {year} = deltog "
            "fortfarande vid årets slut. Avslutat och arbete eller studier gäller deltagare som inte är anonyma; "
            "andelen räknas på dem som avslutat. Arbete eller studier = arbete, subventionerad anställning och "
            "studier." + (" Insatser med få deltagare redovisas tillsammans som ”övriga insatser”." if merged else ""))


def no_exits(year: int) -> str:
    return f"Ingen deltagare avslutades under {year}."


def exits_caption(year: int) -> str:
    return f"Status efter avslut {year}"


def exit_flows_caption(year: int) -> str:
    return f"Från insats till status efter avslut {year}"


def durations_caption(year: int) -> str:
    return f"Tid i insats för deltagare som avslutade {year} och för dem som deltog vid årets slut"


def durations_columns(year: int) -> list[str]:
    return ["Tid i insats", f"Avslutade {year}", f"Deltog 31 december {year}"]


def durations_chart(year: int) -> str:
    return f"Tid i insats {year}"


def support_caption(year: int) -> str:
    return f"Huvudsaklig försörjning före start och efter avslut, deltagare som avslutade {year}"


def intervention_caption(name: str, year: int) -> str:
    return f"Antal deltagare inskrivna i {name} {year}"


def no_intervention_exits(name: str, year: int) -> str:
    return f"Ingen deltagare avslutade {name} under {year}."


def goals_caption(year: int) -> str:
    return f"Mål och måluppfyllelse {year}"


def goals_hidden_note(min_count: int) -> str:
    return (f"”visas inte” = utfallet bygger på färre än {min_count} personer eller skulle göra det möjligt att "
            "räkna fram ett litet antal (röjandekontroll).")


def goal_lead(text: str) -> str:
    return f"Mål: {text}"


def assessment(status_label: str) -> str:
    return f"Bedömning: {status_label}."


def comment(text: str) -> str:
    return f"Kommentar: {text}"


def goal_status_alt(year: int, counts: Sequence[tuple[str, int]]) -> str:
    """``counts``: (status word, number of goals) per shown status."""
    return (f"Liggande stapeldiagram med antalet mål per bedömning {year}: "
            + ", ".join(f"{word.lower()} {n}" for word, n in counts) + ".")


def goal_status_caption(year: int) -> str:
    return f"Måluppfyllelse {year}"


def goal_status_title(year: int, goals: int) -> str:
    return f"Måluppfyllelse {year}: {goals} mål"


def no_survey(year: int) -> str:
    return f"Underlaget har inga enkätsvar om kärnindikatorerna för {year}."


def indicators_lead(year: int) -> str:
    return (f"Tabellen visar andelen positiva svar per mätpunkt och svarsgrupp {year} och {year - 1}. "
            "Förändringen anges i procentenheter.")


def indicators_caption(year: int) -> str:
    return f"Kärnindikatorer {year} jämfört med {year - 1}"


def indicators_columns(year: int) -> list[str]:
    return ["Mätpunkt", "Svarsgrupp", f"Andel positiva {year}", f"Antal svar {year}", f"Andel positiva {year - 1}",
            "Förändring"]


def indicators_note(year: int, min_count: int) -> str:
    return (f"Positiva svar = de två högsta stegen på skalan; ”vet ej” räknas inte. Resultat med färre än "
            f"{min_count} svar visas inte, och inte heller resultat som skulle göra det möjligt att räkna fram "
            f"dem. {year - 1} visas bara när alla det årets enkätomgångar visas på sidan Kärnindikatorer.")


def indicators_title(year: int, best: str, best_share: float, worst: str, worst_share: float) -> str:
    return (f"Andelen positiva svar {year} var högst på {best} ({fmt_percent(best_share)}) "
            f"och lägst på {worst} ({fmt_percent(worst_share)})")


def indicators_alt(year: int, items: int, lowest: float, highest: float) -> str:
    return (f"Liggande staplar med andelen positiva svar per mätpunkt {year}, alla svarsgrupper: {items} "
            f"mätpunkter från {fmt_percent(lowest)} till {fmt_percent(highest)}.")


def indicators_chart(year: int) -> str:
    return f"Andel positiva svar per mätpunkt {year}"


def no_economy(year: int) -> str:
    return f"Underlaget har varken medlemsbidrag, budget eller bokföring för {year}."


def admin_chart(year: int) -> str:
    return f"Administrationens andel av kostnaderna {year}"


def equity_chart(year: int) -> str:
    return f"Eget kapital {year}"


def contribution_part(amount: float, share: float, member_type: str) -> str:
    """"2 898 tkr (50 %) från staten"."""
    return f"{fmt_tkr(amount)} ({fmt_percent(share)}) från {member_type.lower()}"


def contributions_sentence(parts: Sequence[str]) -> str:
    return (f"Av medlemsbidragen kom {join_sv(parts)}; lagen anger hälften från staten och en fjärdedel vardera från "
            "regionen och kommunerna.")


def members_caption(year: int) -> str:
    return f"Medlemmarnas bidrag {year}, tkr"


def categories_caption(year: int) -> str:
    return f"Budget och utfall {year} per slag, tkr"


def intervention_costs_caption(year: int) -> str:
    return f"Budget och utfall per insats {year}, tkr"


def consumption_chart(year: int) -> str:
    return f"Förbrukning av årsbudgeten per insats {year}"

#: The Word document's properties (File > Info in Word).
DOCUMENT_SUBJECT = "Statistikavsnitt till verksamhetsberättelsen"
DOCUMENT_KEYWORDS = "verksamhetsberättelse; statistik; samordningsförbund"

#: The Word document's caption labels ("Tabell 3", "Diagram 2") and its table-note style.
TABLE_CAPTION = "Tabell"
CHART_CAPTION = "Diagram"
NOTE_STYLE = "Tabellnot"
