"""The sentences of ``finsamdash summary``'s text (:func:`finsamdash.report.summary_text`): a few Swedish paragraphs
for a terminal or an e-mail. Counts arrive formatted (a hidden one as ``wording.privacy.HIDDEN_MARK``)."""

from __future__ import annotations

from datetime import date

from finsamdash.wording.economy import method_note_sv
from finsamdash.wording.formatting import fmt_date, fmt_int, fmt_tkr
from finsamdash.wording.privacy import HIDDEN_MARK

NO_ECONOMY = "Ekonomi: inget utfall bokfört för året."
GOALS_HEADING = "Mål:"
INDICATORS_HEADING = "Kärnindikatorer (medelvärde, andel positiva svar, antal svar):"


def heading(association_name: str, year: int) -> str:
    return f"{association_name} – nyckeltal {year}"


def participants_sentence(episodes: str, anonymous: str, identified: str, started: str, ended: str,
                          active_end: str) -> str:
    return (f"Deltagare: {episodes} deltaganden, varav {anonymous} anonyma; av de övriga {identified} har {started} "
            f"påbörjat och {ended} avslutat under året. {active_end} pågående vid årets slut (anonyma inräknade).")


def gender_sentence(women: str, men: str, other_unknown: str) -> str:
    return f"Kön: {women} kvinnor, {men} män, {other_unknown} annat/okänt."


def exits_sentence(reasons: str) -> str:
    """``reasons``: "arbete 14, subventionerad anställning 19, …"."""
    return f"Avslut (deltagare som inte är anonyma): {reasons}."


def work_or_studies_sentence(count: str, share: str) -> str:
    return f"Till arbete eller studier: {count} ({share})."


def economy_to_date(books_closed: date | str, income: float, costs: float, admin_share: str) -> str:
    return (f"Ekonomi, bokfört t.o.m. {fmt_date(books_closed)}: intäkter {fmt_tkr(income)}, kostnader "
            f"{fmt_tkr(costs)}, administrationens andel {admin_share}.")


def economy_year(income: float, costs: float, result: float | None, budget_result: float | None, admin_share: str,
                 equity_opening: float | None, equity_closing: float | None) -> str:
    return (f"Ekonomi: intäkter {fmt_tkr(income)}, kostnader {fmt_tkr(costs)}, resultat {fmt_tkr(result)} (budget "
            f"{fmt_tkr(budget_result)}); administrationens andel {admin_share}. Eget kapital "
            f"{fmt_tkr(equity_opening)} → {fmt_tkr(equity_closing)}.")


def forecast_sentence(method_sv: str) -> str:
    """A forecast without a result: how it would be made."""
    return f"Prognos för helåret: {method_sv}"


def forecast_sentences(income: float, costs: float, result: float, equity_closing: float | None,
                       books_closed: date | str, paid_to_date: float | None, method_sv: str) -> str:
    return (f"Prognos för helåret: intäkter {fmt_tkr(income)}, kostnader {fmt_tkr(costs)}, resultat "
            f"{fmt_tkr(result)}, utgående eget kapital {fmt_tkr(equity_closing)} (medlemsbidrag inbetalda "
            f"t.o.m. {fmt_date(books_closed)}: {fmt_tkr(paid_to_date)}). "
            f"{method_note_sv(method_sv).replace('Prognos för helåret', 'Så är prognosen gjord', 1)}")


def hidden_indicator(item: str, min_count: int) -> str:
    return f"  {item}: {HIDDEN_MARK} (färre än {min_count} svar, eller skyddar ett litet antal)"


def training_sentence(events: int, attendees: int) -> str:
    return f"Kompetensutveckling: {fmt_int(events)} tillfällen med {fmt_int(attendees)} deltagare."


def hidden_status_note(hidden_status: str) -> str:
    """``hidden_status`` is the summary's mark of a hidden status ("◌ bedömning dold")."""
    return (f"”{hidden_status}” = målets bedömning visas inte heller, eftersom den tillsammans med målvärdet skulle "
            "avslöja ett litet antal.")
