"""The words of the Budget och utfall page's charts: titles (the finding), legend names, axis titles and alt text.

A title's ``prefix`` is :func:`scope_prefix` of the costs shown; ``until`` is
:func:`~finsamdash.wording.budget.until_sv` ("t.o.m. 31 oktober 2016" or "hittills")."""

from __future__ import annotations

from collections.abc import Mapping

from finsamdash.wording.budget import ALL_COSTS_SCOPE, LABELS
from finsamdash.wording.economy import result_sv
from finsamdash.wording.formatting import fmt_percent, fmt_tkr
from finsamdash.wording.words import join_sv

#: The name of the burn-up chart's comparison line (the run rate): never a second forecast.
RATE_NAME = LABELS["run_rate_cum_costs"]
#: The members' types as the contributions charts name them.
TYPE_NAMES = {"state": "Staten", "region": "Regionen", "municipality": "Kommun"}
OTHER_MEMBERS = "Övriga"

BURN_UP_NAMES = [LABELS["cum_budget_costs"], LABELS["cum_actual_costs"], LABELS["forecast_cum_costs"]]
BURN_DOWN_NAMES = [LABELS["planned_remaining_costs"], LABELS["remaining_budget_costs"],
                   LABELS["forecast_remaining_costs"]]
CONSUMED_NAME = "Förbrukat av årsbudgeten"
CONSUMED_HOVER = "%{y}: %{x:.0f} % förbrukat<extra></extra>"
BUDGET_TO_DATE_NAME = "Budget hittills"
BUDGET_TO_DATE_HOVER = "%{y}: budget hittills %{x:.0f} %<extra></extra>"
CONSUMPTION_AXIS = "procent av årsbudgeten"
NO_CONSUMPTION = "Förbrukningsgraden kan inte beräknas utan budget och utfall per insats"
COST_SPLIT_AXIS = "procent av kostnaderna"
CONTRIBUTION_SHARE_NAME = "Andel av bidragen"
CONTRIBUTION_LAW_NAME = "Enligt lagen (50/25/25)"
CONTRIBUTIONS_FOLLOW_LAW = "Bidragen fördelas 50/25/25 mellan staten, regionen och kommunerna, som lagen anger"

#: The result chart's bars (the index of ``result_overview``).
ACTUAL_TO_DATE = "Utfall hittills"
ACTUAL_YEAR = "Utfall helår"
BUDGET_YEAR = LABELS["budget_year_total"]
FORECAST_YEAR = LABELS["forecast_year"]
BUDGET = "Budget"
RESULT_NAME = "Resultat"
EQUITY_NAME = "Eget kapital"


def scope_prefix(scope: str) -> str:
    """'' for all costs, "Insats A: " for one intervention (a title's start)."""
    return "" if scope == ALL_COSTS_SCOPE else f"{scope}: "


def left_sv(left: float) -> str:
    """'220 tkr kvar' or 'budgeten överskrids med 35 tkr'."""
    return f"{fmt_tkr(left)} kvar" if left >= 0 else f"budgeten överskrids med {fmt_tkr(-left)}"


# --- burn-up ---------------------------------------------------------------------------------------------------


def burn_up_nothing_booked(prefix: str, year: int, until: str) -> str:
    return f"{prefix}inget utfall bokfört för {year} {until}"


def year_budget_is(annual: float) -> str:
    return f"Budgeten för året är {fmt_tkr(annual)}"


def burn_up_closed(prefix: str, year: int, to_date: float, annual: float | None) -> str:
    main = f"{prefix}kostnaderna {year} blev {fmt_tkr(to_date)}"
    if annual:
        main += f", {fmt_percent(to_date / annual)} av budgeten"
    return main


def budget_sub(annual: float | None, year: int) -> str:
    return f"Budget {fmt_tkr(annual)}" if annual is not None else f"Budget för {year} saknas"


def burn_up_running(prefix: str, until: str, to_date: float, budget_to_date: float | None) -> str:
    main = f"{prefix}kostnaderna {until} är {fmt_tkr(to_date)}"
    if budget_to_date:
        main += f", {fmt_percent(to_date / budget_to_date)} av budgeten för perioden"
    return main


def burn_up_forecast_sub(projected: float | None, annual: float | None, year: int) -> str:
    if annual is not None:
        return f"Prognos för helåret: {fmt_tkr(projected)}; årsbudget {fmt_tkr(annual)}"
    return f"Budget för {year} saknas; prognos för helåret med takten hittills: {fmt_tkr(projected)}"


def burn_up_alt(scope: str, year: int, annual: float | None, to_date: float | None, until: str, *, closed: bool,
                projected: float | None, has_rate: bool) -> str:
    alt = (f"Linjediagram över {scope} per månad {year}, i tkr: den ackumulerade budgeten når "
           f"{fmt_tkr(annual)} i december och det ackumulerade utfallet är {fmt_tkr(to_date)} "
           f"{'för helåret' if closed else until}.")
    if not closed and projected is not None:
        alt += f" En streckad linje visar prognosen till årets slut, {fmt_tkr(projected)}."
        if has_rate:
            alt += " En prickad linje jämför med vad kostnaderna blir om takten hittills håller i sig."
    return alt


# --- burn-down -------------------------------------------------------------------------------------------------

NOTHING_BOOKED_YET = "Inget utfall bokfört ännu"


def burn_down_no_budget(prefix: str, year: int) -> str:
    return f"{prefix}budget för {year} saknas, så det går inte att visa vad som återstår"


def burn_down_all_left(prefix: str, annual: float) -> str:
    return f"{prefix}hela kostnadsbudgeten på {fmt_tkr(annual)} återstår"


def burn_down_closed(prefix: str, year: int, left: float) -> str:
    return (f"{prefix}{fmt_tkr(left)} av kostnadsbudgeten för {year} blev kvar" if left >= 0
            else f"{prefix}kostnadsbudgeten för {year} överskreds med {fmt_tkr(-left)}")


def burn_down_running(prefix: str, left: float, annual: float, until: str) -> str:
    return (f"{prefix}{fmt_tkr(left)} av årets kostnadsbudget återstår {until} "
            f"({fmt_percent(left / annual)})" if left >= 0 and annual else
            f"{prefix}kostnadsbudgeten är redan överskriden med {fmt_tkr(-left)}")


def burn_down_forecast_sub(left_at_year_end: float) -> str:
    return f"Vid årets slut enligt prognosen: {left_sv(left_at_year_end)}"


def burn_down_alt(scope: str, year: int, annual: float | None, to_date: float | None, until: str, *,
                  closed: bool) -> str:
    alt = (f"Linjediagram över vad som återstår av kostnadsbudgeten ({scope}) efter varje månad {year}, i tkr; "
           f"enligt planen ska budgeten vara förbrukad i december.")
    if annual is not None and to_date is not None:
        alt += (f" Efter årets utfall blev {left_sv(annual - to_date)}." if closed else
                f" Efter utfallet {until} återstår {fmt_tkr(annual - to_date)}.")
    return alt


# --- interventions ---------------------------------------------------------------------------------------------


def consumption_what(*, closed: bool) -> str:
    """What an intervention's consumption is compared with."""
    return "årsbudgeten" if closed else "budgeten hittills"


def consumption_none_over(known: list[str], what: str) -> str:
    return f"Alla {len(known)} insatser har förbrukat mindre än {what}" if len(known) > 1 else \
        f"{known[0]} har förbrukat mindre än {what}"


def consumption_over(over: list[str], known: int, what: str) -> str:
    if len(over) <= 2:
        return f"{join_sv(over)} har förbrukat mer än {what}"
    return f"{len(over)} av {known} insatser har förbrukat mer än {what}"


def consumption_sub(total: float, year_share: float, *, closed: bool) -> str:
    sub = f"Insatserna totalt har förbrukat {fmt_percent(total)} av årsbudgeten"
    if not closed:
        sub += f"; {fmt_percent(year_share)} av året är bokfört"
    return sub


def consumption_alt(year: int, year_share: float, over: list[str], what: str, *, closed: bool) -> str:
    if closed:
        alt = (f"Liggande stapeldiagram: hur stor del av årsbudgeten {year} varje insats förbrukade, i procent, "
               "med en lodrät linje vid 100 %.")
    else:
        alt = (f"Liggande stapeldiagram: hur stor del av årsbudgeten {year} varje insats har förbrukat, i procent, "
               f"med ett streck för budgeten hittills per insats och en lodrät linje där {fmt_percent(year_share)} "
               "av året är bokfört.")
    if over:
        alt += f" Över {what}: {join_sv(over)}."
    return alt


def year_booked_share(year_share: float) -> str:
    return f"{fmt_percent(year_share)} av året bokfört"


# --- administration --------------------------------------------------------------------------------------------


def admin_share_title(year: int, actual_share: str, budget_share: str, period: str, *, has_actual: bool,
                      has_budget: bool) -> str:
    """``actual_share`` and ``budget_share`` formatted; ``period`` " t.o.m. …" in a running year."""
    if not has_actual:
        return f"Administrationens andel enligt budgeten {year} är {budget_share}"
    if not has_budget:
        return f"Administrationen står för {actual_share} av kostnaderna{period}"
    return f"Administrationen står för {actual_share} av kostnaderna{period} (budget {budget_share})"


def forecast_share_sub(share: str) -> str:
    return f"Prognos för helåret: {share}"


def cost_split_alt(year: int, until: str, *, closed: bool) -> str:
    what = "för utfallet" if closed else f"för utfallet {until}, prognosen för helåret"
    return (f"Staplar som delar kostnaderna {year} i administration (kansli, styrelse, revision) och insatser, "
            f"i procent av alla kostnader, {what} och för budgeten.")


# --- contributions ---------------------------------------------------------------------------------------------


def contributions_title(total: float, year: int) -> str:
    return f"Medlemmarna bidrar med {fmt_tkr(total)} {year}"


def largest_contribution(member: str, amount: float, share: float) -> str:
    return f"Störst är {member} med {fmt_tkr(amount)} ({fmt_percent(share)})"


def contributions_alt(year: int, total: float) -> str:
    return (f"Liggande stapeldiagram över medlemmarnas beslutade bidrag {year} i tkr, färgade efter medlemstyp "
            f"(staten, regionen, kommun); totalt {fmt_tkr(total)}.")


def contributions_deviate(listing: str) -> str:
    return f"Bidragen avviker från 50/25/25: {listing}"


def contribution_split_alt(year: int, listing: str) -> str:
    return (f"Stapeldiagram över hur medlemsbidragen {year} fördelas på staten, regionen och kommunerna i procent, "
            f"jämfört med 50/25/25 enligt lagen: {listing}.")


# --- result and equity -----------------------------------------------------------------------------------------


def budget_in_brackets(budget: float | None) -> str:
    return f" (budget {fmt_tkr(budget)})" if budget is not None else ""


def year_result_title(year: int, actual: float | None, budget_text: str) -> str:
    return (f"Året {year} gav {result_sv(actual)}{budget_text}" if actual is not None
            else f"Resultatet för {year} kan inte beräknas utan utfall")


def forecast_result_title(year: int, forecast: float, budget_text: str) -> str:
    return f"Prognosen för {year} är {result_sv(forecast)}{budget_text}"


def no_result_forecast(year: int) -> str:
    return f"Ingen prognos för resultatet {year} kan göras med underlaget"


def result_alt(year: int, values: Mapping[str, float | None]) -> str:
    return f"Stapeldiagram över resultatet {year} i tkr: " + "; ".join(
        f"{k.lower()} {fmt_tkr(v)}" for k, v in values.items()) + "."


def equity_title(year: int, opening: float | None, closing: float | None, share: float | None, *,
                 closed: bool) -> str:
    verb = "blev" if closed else "väntas bli"
    if closing is None:
        return f"Ingående eget kapital {year} är {fmt_tkr(opening)}; årets resultat kan inte beräknas ännu"
    if closing < 0:
        return f"Eget kapital {verb} negativt vid årets slut: {fmt_tkr(closing)}"
    main = f"Eget kapital {verb} {fmt_tkr(closing)} vid årets slut"
    if share is not None:
        main += f", {fmt_percent(share)} av årets medlemsbidrag"
    return main


def equity_alt(opening: float | None, result: float | None, closing: float | None, *, closed: bool) -> str:
    how = "faktiskt resultat" if closed else "prognosen för resultatet"
    return (f"Vattenfallsdiagram i tkr: ingående eget kapital {fmt_tkr(opening)}, årets resultat "
            f"{fmt_tkr(result)} ({how}) och utgående eget kapital {fmt_tkr(closing)}.")

#: The y axis of the contribution split (shares in per cent).
PERCENT_AXIS = "procent"
