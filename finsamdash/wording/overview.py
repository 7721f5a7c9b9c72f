"""The words of the Översikt page's figures (Swedish), as :mod:`finsamdash.metrics.overview` builds them: the
headline cards (label, detail, the change since the last meeting), the five or six summary sentences, and the cost
chart's bars, title and alt text. The page's own notes are in :mod:`finsamdash.wording.pages`.

``since`` is :func:`since_previous` ("sedan förra mötet (24 september 2026)"); ``until`` is
:func:`~finsamdash.wording.budget.until_sv` ("t.o.m. 31 oktober 2026" or "hittills")."""

from __future__ import annotations

from datetime import date

from finsamdash.wording.economy import books_closed_sv, result_sv
from finsamdash.wording.formatting import fmt_date, fmt_int, fmt_percent, fmt_tkr
from finsamdash.wording.goal_texts import MET_WORD, goal_word
from finsamdash.wording.privacy import HIDDEN_MARK

#: Said (on the overview and its summary) when no previous meeting is given.
NO_PREVIOUS_MEETING = "Inget tidigare möte har angetts, så förändringar sedan förra mötet visas inte."


def since_previous(previous: date) -> str:
    """"sedan förra mötet (24 september 2026)"."""
    return f"sedan förra mötet ({fmt_date(previous)})"


# --- the headline cards ----------------------------------------------------------------------------------------------

def not_comparable(previous_year: int | None) -> str:
    """A card's change line when the previous meeting was about another year."""
    return f"Förra mötet gällde {previous_year}: ingen jämförelse"


def change_too_small(since: str, min_count: int) -> str:
    return f"Ändringen {since} är mindre än {min_count} och visas inte"


def unchanged(since: str) -> str:
    return f"Oförändrat {since}"


def points_change(signed: str, since: str) -> str:
    """"+2,5 procentenheter sedan förra mötet (…)" (``signed``: the change with its sign)."""
    return f"{signed} procentenheter {since}"


#: "i år": a card's period in a running year (a closed year is named by its number).
THIS_YEAR = "i år"
ACTIVE_LABEL = "Pågående deltagare"
IDENTIFIED = "identifierade deltagare"
WORK_OR_STUDIES_LABEL = "Till arbete eller studier"
WORK_OR_STUDIES_DETAIL = "av dem som avslutat; nationellt ungefär en tredjedel"
NO_BUDGET = "ingen budget att jämföra med"
GOALS_MET_LABEL = "Uppnådda mål"
NO_GOALS_THIS_YEAR = "inga mål för året"


def active_at_year_end(year: int) -> str:
    return f"Pågående vid slutet av {year}"


def on_day(day: date) -> str:
    """"den 23 november 2026"."""
    return f"den {fmt_date(day)}"


def started_label(when: str) -> str:
    """"Påbörjat en insats i år" (``when``: :data:`THIS_YEAR` or the year)."""
    return f"Påbörjat en insats {when}"


def ended_label(when: str) -> str:
    return f"Avslutat en insats {when}"


def budget_used(used: str, budget: float) -> str:
    """"87 % av budgeten för perioden (3 910 tkr)"."""
    return f"{used} av budgeten för perioden ({fmt_tkr(budget)})"


def costs_label(year: int, books_closed: date | None, *, closed: bool) -> str:
    """"Kostnader 2025", "Kostnader t.o.m. 31 oktober 2026" or "Kostnader hittills i år"."""
    if closed:
        return f"Kostnader {year}"
    return f"Kostnader t.o.m. {fmt_date(books_closed)}" if books_closed is not None else "Kostnader hittills i år"


def result_label(year: int, *, closed: bool) -> str:
    return f"Resultat {year}" if closed else f"Prognos för årets resultat {year}"


def budgeted_result(amount: float) -> str:
    return f"budgeterat resultat {fmt_tkr(amount)}"


def goal_card_parts(partly: int, not_met: int, no_data: int, hidden: int) -> list[str]:
    """The goals card's detail: "2 delvis uppnådda", "1 ej uppnått" (and those without data or hidden)."""
    parts = [f"{fmt_int(partly)} delvis {goal_word(partly, MET_WORD)}",
             f"{fmt_int(not_met)} ej {goal_word(not_met, MET_WORD)}"]
    if no_data:
        parts.append(f"{fmt_int(no_data)} utan underlag")
    if hidden:
        parts.append(f"{fmt_int(hidden)} med dold bedömning")
    return parts


def goals_met_value(met: int, total: int) -> str:
    """"8 av 12"."""
    return f"{fmt_int(met)} av {fmt_int(total)}"


def anonymous_detail(anonymous: int | None, *, hidden: bool) -> str:
    """The started card's detail: identified participants, besides the anonymous ones (None or 0: none)."""
    if hidden:
        return f"identifierade; dessutom ett antal anonyma ({HIDDEN_MARK})"
    return f"identifierade; dessutom {fmt_int(anonymous)} anonyma deltagare"


# --- the sentences ---------------------------------------------------------------------------------------------------

def participants_sentence(started: str | None, ended: str | None, active: str | None, anonymous: int | None, *,
                          year: int, year_is_open: bool) -> str:
    """E.g. "Hittills i år har 184 deltagare påbörjat en insats och 171 avslutat en insats (identifierade; dessutom
    39 anonyma deltagare); 122 deltar just nu." (a count None: hidden)."""
    opening = "Hittills i år" if year_is_open else f"Under {year}"
    flows = []
    if started is not None:
        flows.append(f"{started} deltagare påbörjat en insats")
    if ended is not None:
        flows.append(f"{ended} avslutat en insats" if flows else f"{ended} deltagare avslutat en insats")
    stock = ""
    if active is not None:
        stock = f"{active} deltar just nu" if year_is_open else f"{active} deltog fortfarande vid årets slut"
    if flows and anonymous:
        flows[-1] += f" (identifierade; dessutom {fmt_int(anonymous)} anonyma deltagare)"
    if flows:
        return f"{opening} har {' och '.join(flows)}" + (f"; {stock}." if stock else ".")
    if stock:
        return f"{stock[0].upper()}{stock[1:]}."
    return "Antalet deltagare visas inte, för att skydda enskilda personer."


SHARE_HIDDEN = "Andelen som gått vidare till arbete eller studier visas inte, för att skydda enskilda personer."


def no_one_ended(year: int, *, year_is_open: bool) -> str:
    period = "i år" if year_is_open else f"under {year}"
    return (f"Ingen deltagare har avslutat en insats {period}, så andelen som gått vidare till arbete eller "
            "studier kan inte beräknas.")


#: The share against the national reference, by how it compares.
COMPARED_WORDS = {"level": "i nivå med", "above": "över", "below": "under"}


def share_sentence(share: float, compared: str) -> str:
    """``compared`` is a key of :data:`COMPARED_WORDS`."""
    return (f"Av dem som avslutat en insats har {fmt_percent(share)} gått vidare till arbete eller studier, "
            f"vilket är {COMPARED_WORDS[compared]} den nationella referensen på ungefär en tredjedel.")


def no_costs_booked(year: int) -> str:
    return f"Inga kostnader är bokförda för {year}."


def costs_first(year: int, costs: float, books_closed: date | None, *, closed: bool) -> str:
    """The cost sentence's first clause: "Kostnaderna t.o.m. 31 oktober 2026 är 3 402 tkr"."""
    if closed:
        return f"Kostnaderna för {year} blev {fmt_tkr(costs)}"
    if books_closed is None:
        return f"Inga kostnader är bokförda för {year} ännu"
    return f"Kostnaderna t.o.m. {fmt_date(books_closed)} är {fmt_tkr(costs)}"


def of_budget(costs: float, budget: float, *, closed: bool) -> str:
    """", 87 % av budgeten för samma period (3 910 tkr)"."""
    period = "budgeten" if closed else "budgeten för samma period"
    return f", {fmt_percent(costs / budget)} av {period} ({fmt_tkr(budget)})"


NO_BUDGET_ASIDE = " (ingen budget att jämföra med)"


def result_clause(result: float, budget_result: float | None, *, closed: bool) -> str:
    """"prognosen för årets resultat är ett överskott på 708 tkr mot budgeterade 214 tkr"."""
    second = f"resultatet blev {result_sv(result)}" if closed else (
        f"prognosen för årets resultat är {result_sv(result)}")
    if budget_result is not None:
        second += f" mot budgeterade {fmt_tkr(budget_result)}"
    return second


def contributions_sentence(paid: float | None, decided: float, books_closed: date | None) -> str:
    return (f"Medlemmarna har betalat in {fmt_tkr(paid or 0.0)} av beslutade {fmt_tkr(decided)} i medlemsbidrag "
            f"({books_closed_sv(books_closed)}); prognosen räknar med hela det beslutade beloppet.")


#: The statuses counted in the goals sentence, with their words.
GOAL_SENTENCE_WORDS = (("met", "uppnått"), ("partly", "delvis uppnått"), ("not_met", "inte uppnått"))


def goal_count(n: int, word: str) -> str:
    """"8 uppnådda"."""
    return f"{fmt_int(n)} {goal_word(n, word)}"


def goals_without_data(n: int) -> str:
    return f"för {fmt_int(n)} saknas underlag"


def goals_hidden(n: int) -> str:
    return f"för {fmt_int(n)} är bedömningen dold"


def no_goals(year: int) -> str:
    return f"Inga mål för {year} finns i underlaget."


def goals_sentence(year: int, total: int, parts: str, *, year_is_open: bool) -> str:
    """"Av årets 12 mål är hittills 8 uppnådda, …" (``parts`` joined)."""
    whose = "årets" if year_is_open else f"{year} års"
    if year_is_open:
        return f"Av {whose} {fmt_int(total)} mål är hittills {parts}."
    return f"Av {whose} {fmt_int(total)} mål är {parts}."


def change_phrase(key: str, change: float, before: float, now: float) -> str:
    """The biggest change in words, for ``key`` among started, ended, active, the share to work or studies, costs
    to date and goals met."""
    more = change > 0
    if key in ("started", "ended"):
        verb = "påbörjat" if key == "started" else "avslutat"
        if more:
            return f"{fmt_int(change)} fler deltagare har {verb} en insats"
        return f"antalet som {verb} en insats har minskat med {fmt_int(-change)} (rättelser i underlaget)"
    if key == "active":
        return (f"antalet pågående deltagare har {'ökat' if more else 'minskat'} med {fmt_int(abs(change))} "
                f"till {fmt_int(now)}")
    if key == "work_or_studies_share":
        return (f"andelen som gått vidare till arbete eller studier har {'ökat' if more else 'minskat'} från "
                f"{fmt_percent(before)} till {fmt_percent(now)}")
    if key == "costs_to_date":
        return f"kostnaderna har {'ökat' if more else 'minskat'} med {fmt_tkr(abs(change))} till {fmt_tkr(now)}"
    return f"antalet uppnådda mål har {'ökat' if more else 'minskat'} från {fmt_int(before)} till {fmt_int(now)}"


def other_year_previous(previous: date, previous_year: int) -> str:
    return (f"Förra mötet ({fmt_date(previous)}) gällde {previous_year}, så årets siffror jämförs "
            f"inte med det; förändringen i antalet pågående deltagare är liten eller visas inte.")


def changes_small(since: str, min_count: int) -> str:
    return (f"Förändringarna {since} är små eller bygger på för få personer (färre än {min_count}) och "
            "redovisas inte.")


def biggest_change(since: str, phrase: str) -> str:
    return f"Den största förändringen {since}: {phrase}."


# --- the cost chart --------------------------------------------------------------------------------------------------

YEAR_BUDGET_BAR = "Budget för helåret"
YEAR_COSTS_BAR = "Kostnader för helåret"
YEAR_FORECAST_BAR = "Prognos för helåret"


#: The first word of every budget bar (the chart colours them grey).
BUDGET_BAR_PREFIX = "Budget"
#: The money chart's bars (hover name).
AMOUNT_NAME = "Belopp"


def budget_bar(until: str) -> str:
    return f"{BUDGET_BAR_PREFIX} {until}"


def costs_bar(until: str) -> str:
    return f"Kostnader {until}"


def no_costs_title(year: int) -> str:
    return f"Inga kostnader bokförda för {year}"


def closed_cost_title(year: int, costs: float, budget: float | None) -> str:
    return (f"Kostnaderna {year} blev {fmt_percent(costs / budget)} av budgeten" if budget
            else f"Kostnaderna {year} blev {fmt_tkr(costs)}; ingen budget att jämföra med")


def closed_cost_alt(year: int, costs: float, budget: float | None) -> str:
    return f"Liggande stapeldiagram: kostnader {year} {fmt_tkr(costs)} mot budget {fmt_tkr(budget)}."


def cost_title(until: str, costs: float, budget: float | None) -> str:
    return (f"Kostnaderna {until} är {fmt_percent(costs / budget)} av budgeten för perioden" if budget
            else f"Kostnaderna {until} är {fmt_tkr(costs)}; ingen budget att jämföra med")


def cost_alt(until: str, costs: float, budget: float | None, year_costs: float | None,
             year_budget: float | None) -> str:
    return (f"Liggande stapeldiagram: kostnader {until} {fmt_tkr(costs)} mot budget för samma period "
            f"{fmt_tkr(budget)}; prognos för helårets kostnader {fmt_tkr(year_costs)} mot årsbudgeten "
            f"{fmt_tkr(year_budget)}.")
