"""The words of the Budget och utfall page: its drop-down, column labels, captions and notes (Swedish).

Labels that depend on the books-closed date take ``until``: :func:`until_sv` ("t.o.m. 31 oktober 2016")."""

from __future__ import annotations

from datetime import date

from finsamdash.wording.economy import method_note_sv, result_sv
from finsamdash.wording.formatting import fmt_date, fmt_month, fmt_tkr

#: The cost views of the burn charts: the drop-down, its first choice, and the scope of its charts' titles.
COSTS_CONTROL = "Kostnader"
ALL_COSTS = "Alla kostnader"
ALL_COSTS_SCOPE = "alla kostnader"

#: Column labels of the page's tables, by the metrics' column names (labels with a date: functions below).
LABELS = {
    "month_name": "Månad", "budget_costs": "Budget", "actual_costs": "Utfall",
    "cum_budget_costs": "Budget, ackumulerad", "cum_actual_costs": "Utfall, ackumulerat",
    "forecast_cum_costs": "Prognos", "run_rate_cum_costs": "Jämförelse: takten hittills",
    "planned_remaining_costs": "Kvar enligt budget", "remaining_budget_costs": "Kvar enligt utfall",
    "forecast_remaining_costs": "Prognos",
    "budget_year_total": "Budget helår", "forecast_year": "Prognos helår",
    "period": "Period", "horizon_budget": "Kostnader enligt budget", "run_rate": "Kostnader i takten hittills",
    "intervention_budget_year": "Årsbudget", "consumption": "Förbrukningsgrad", "intervention": "Insats",
    "actual_share": "Andel av utfallet", "forecast_share": "Andel av prognosen", "budget_share": "Andel av budgeten",
    "costs": "Kostnader",
    "member_type": "Medlemstyp", "decided_contribution": "Beslutat bidrag", "share": "Andel", "paid": "Betalt",
    "member": "Medlem", "contribution": "Bidrag", "nominal_share": "Enligt lagen",
    "nominal_amount": "Belopp vid 50/25/25", "deviation": "Skillnad",
    "result": "Resultat", "amount": "Belopp", "year_result": "Årets resultat",
    "equity_closing": "Utgående eget kapital", "equity_share": "Andel av årets medlemsbidrag",
}

HORIZON_CAPTION = "Kostnader de närmaste tre och sex månaderna, tkr"
HORIZON_NOTE = ("Räknat från bokfört t.o.m.-datumet. Budget = budgeten för månaderna i perioden. Takt = "
                "kostnaderna hittills per bokförd månad gånger antalet månader (en jämförelse, ingen prognos).")
CONSUMPTION_NOTE_CLOSED = "Förbrukningsgrad = årets utfall delat med insatsens årsbudget."
ADMIN_SHARE_NOTE = "Administrationens andel = (kansli + styrelse + revision) / alla kostnader."
CONTRIBUTIONS_LAW_NOTE = ("Lagen (2003:1210) anger att staten bidrar med hälften och regionen och kommunerna med en "
                          "fjärdedel vardera.")
PAID_IN_ADVANCE_NOTE = (" Medlemsbidragen betalas ofta i förskott, så resultatet hittills säger lite om årets "
                        "resultat: det gör prognosen.")
#: Where the equity's share of the year's contributions comes from (by ``Forecast.contributions_source``).
EQUITY_SHARE_SOURCE = {
    "budget": "Medlemsbidragen saknas på bladet Bidrag för året; andelen räknas på de budgeterade medlemsbidragen.",
    "ledger": "Beslutade medlemsbidrag saknas; andelen räknas på de bokförda medlemsbidragen.",
    None: "Årets medlemsbidrag saknas, så det egna kapitalets andel av dem kan inte beräknas.",
}
EQUITY_FORECAST_NOTE = "Utgående eget kapital = ingående eget kapital + årets resultat enligt prognosen."


def so_far_sv(closed: bool) -> str:
    """" hittills" in a running year, '' in a closed one (a label's ending)."""
    return "" if closed else " hittills"


def until_sv(books_closed: date | None) -> str:
    """"t.o.m. 31 oktober 2016" (the books-closed date), or "hittills"."""
    return f"t.o.m. {fmt_date(books_closed)}" if books_closed is not None else "hittills"


def burn_note(until: str, books_closed: date) -> str:
    """Under the burn-up chart of a running year: what the lines are."""
    return (f"Heldragna linjer är budget och utfall {until}; efter {fmt_month(books_closed.month)} visar den "
            "streckade linjen prognosen för helåret (utfallet plus budgeten för resten av året). Den prickade linjen "
            "är ingen prognos utan en jämförelse: så blir kostnaderna om takten hittills håller i sig.")


def forecast_lead(year: int, result: float, budget_result: float | None, income: float | None,
                  costs: float | None, *, closed: bool) -> str:
    """"Prognosen för 2016 är ett överskott på 708 tkr (budget: ett överskott på 214 tkr): intäkter 5 795 tkr och
    kostnader 5 087 tkr." ("Resultatet för 2016 blev …" in a closed year)."""
    lead = (f"Resultatet för {year} blev {result_sv(result)}" if closed
            else f"Prognosen för {year} är {result_sv(result)}")
    if budget_result is not None:
        lead += f" (budget: {result_sv(budget_result)})"
    return f"{lead}: intäkter {fmt_tkr(income)} och kostnader {fmt_tkr(costs)}."


def actual_label(until: str, *, closed: bool) -> str:
    return "Utfall" if closed else f"Utfall {until}"


def budget_to_date_label(until: str) -> str:
    return f"Budget {until}"


def previous_forecast_label(made: date) -> str:
    return f"Prognos vid mötet {fmt_date(made)}"


def forecast_caption(year: int, *, closed: bool) -> str:
    return f"Helår {year}, tkr" if closed else f"Prognos för helåret {year}, tkr"


def forecast_note(method_sv: str, *, closed: bool) -> str:
    """How the forecast is made (and what contributions mean in it)."""
    if closed:
        return method_sv
    return (f"{method_note_sv(method_sv)} Medlemsbidrag: utfallet är det som har betalats in, prognosen de "
            "beslutade bidragen.")


def year_booked_to_end(year: int) -> str:
    return f"Året {year} är bokfört till årets slut; prognosen för de kommande månaderna hör till nästa års sida."


def horizon_budget_missing(year: int, *, has_year: bool) -> str:
    """Appended to :data:`HORIZON_NOTE` when a period's budget is missing (next year's, or this year's)."""
    if has_year:
        return (f" Budget för {year + 1} saknas i underlaget, så budgeten för en period som går över årsskiftet kan "
                "inte anges.")
    return f" Budget för {year} saknas."


def nothing_for_interventions(year: int) -> str:
    return f"Varken budget eller utfall för insatser finns för {year}."


def nothing_booked_or_budgeted(year: int) -> str:
    return f"Varken budget eller utfall finns för {year}."


def no_contributions(year: int) -> str:
    return f"Medlemsbidrag för {year} finns inte i underlaget."


def no_opening_equity(year: int) -> str:
    return f"Ingående eget kapital för {year} finns inte i underlaget."


def consumption_labels(so_far: str) -> dict[str, str]:
    """The consumption table's labels with their ending (:func:`so_far_sv`)."""
    return {"budget_to_date": f"Budget{so_far}", "actual_to_date": f"Utfall{so_far}",
            "budget_share_to_date": f"Budgeterad andel{so_far}", "deviation_to_date": f"Utfall minus budget{so_far}"}


def consumption_note(until: str) -> str:
    return (f"Förbrukningsgrad = utfall {until} delat med insatsens årsbudget. Strecket visar hur stor del av "
            "årsbudgeten som enligt budgetens periodisering är planerad att vara förbrukad vid samma datum; "
            "rubriken nämner insatser som ligger mer än en procentenhet över.")


def paid_cell(paid: bool, paid_date: date) -> str:
    """The Betalt column: "ja, 28 februari 2026" or "nej (planerat 30 juni 2026)"."""
    return f"ja, {fmt_date(paid_date)}" if paid else f"nej (planerat {fmt_date(paid_date)})"


def paid_note(paid: str) -> str:
    """Under the contributions chart in a running year; ``paid`` is :func:`~finsamdash.wording.economy.paid_sv`."""
    return (f"{paid}, enligt de medlemsbidrag som är bokförda i utfallet. Kolumnen Betalt visar betaldatum från "
            "bladet Bidrag. Prognosen räknar med hela det beslutade beloppet, hur det än betalas in under året.")


def result_to_date_note(until: str) -> str:
    return f"Utfall hittills = bokfört {until}."


def equity_caption(year: int) -> str:
    return f"Eget kapital vid årets slut {year}"
