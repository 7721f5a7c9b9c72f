"""Budget och utfall: budget vs actuals per month (burn-up and burn-down), the year-end forecast and the costs of
the next three and six months, förbrukningsgrad per intervention, administration share, members' contributions
against 50/25/25 and paid so far, result and equity.

Every economic "to date" figure runs to the books-closed date (:attr:`Page.books_closed`), and every year-end figure
is the page's one forecast (:attr:`Page.year_forecast`, :mod:`finsamdash.metrics.forecast`). All figures come from
:mod:`finsamdash.metrics.budget` (no participant counts here, so nothing is suppressed); charts and sentences are in
tkr and their data tables in kronor. A missing budget, ledger, contributions or equity table is named once under the
page's header; the sections that cannot do without it are left out (:meth:`Page.missing`).
"""

from __future__ import annotations

import html
from functools import cached_property
from typing import ClassVar

from finsamdash.dashboards._page import Bundle, Control, Page, html_bundle, section
from finsamdash.dashboards.registry import dashboard
from finsamdash.data.contract import label_sv
from finsamdash.metrics.budget import (
    admin_split,
    burn_with_forecast,
    contribution_split,
    contributions_by_member,
    cost_outlook,
    cost_views,
    equity_bridge,
    equity_scenarios,
    forecast_table,
    horizon_table,
    intervention_consumption,
    months_elapsed,
    result_overview,
)
from finsamdash.present.figures.budget import (
    burn_down,
    burn_up,
    consumption_bars,
    contribution_split_bars,
    contributions_bars,
    cost_split_bars,
    equity_waterfall,
    result_bars,
)
from finsamdash.present.tables import CSS
from finsamdash.wording.economy import method_note_sv, paid_sv, result_sv
from finsamdash.wording.formatting import fmt_date, fmt_month, fmt_tkr, is_missing
from finsamdash.wording.pages import LACKING_CONSEQUENCES, lacking_tables_reason

__all__ = ["BudgetPage"]

ALL = "__all__"


class BudgetPage(Page):
    """Budget och utfall. Sections: :meth:`burn`, :meth:`forecast`, :meth:`interventions`,
    :meth:`administration`, :meth:`contributions`, :meth:`result_and_equity`."""

    title = dashboard("budget").title
    glossary = ("tkr", "utfall", "prognos", "takten")
    uses: ClassVar[dict[str, str]] = LACKING_CONSEQUENCES["budget"]

    # --- helpers -----------------------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True when the year shown is booked to its end (figures are the full year's actuals, no forecast)."""
        return self.year_forecast.closed

    @property
    def _so_far(self) -> str:
        return "" if self.closed else " hittills"

    @property
    def _until(self) -> str:
        """"t.o.m. 31 oktober 2016" (the books-closed date)."""
        return f"t.o.m. {fmt_date(self.books_closed)}" if self.books_closed is not None else "hittills"

    def _args(self) -> tuple:
        return self.own, self.association_id, self.year

    @cached_property
    def _cost_views(self) -> list[tuple[str, str]]:
        """(intervention id, name) of the burn chart's cost views besides all costs."""
        return cost_views(*self._args(), cutoff=self.cutoff)

    def _missing_any(self, *tables: str) -> list[Bundle]:
        """The left-out marker when one of ``tables`` is lacking (the section needs them all), else nothing."""
        return next((gap for gap in map(self.missing, tables) if gap), [])

    def _missing_all(self, *tables: str) -> list[Bundle]:
        """The left-out marker when every one of ``tables`` is lacking, else nothing: the section shows what it
        can with the others (the header says which data is lacking)."""
        lacking = [table for table in tables if self.lacks(table)]
        if len(lacking) < len(tables):
            return []
        return self.leave_out(lacking_tables_reason(lacking))

    # --- burn-up / burn-down -----------------------------------------------------------------------------------

    def render_burn(self, view: str = ALL) -> list[Bundle]:
        """Burn-up and burn-down charts for all costs (``view`` = ``ALL``) or one intervention's id."""
        iid = None if view == ALL else view
        scope = "alla kostnader"
        if iid is not None:
            scope = dict(self._cost_views).get(iid, iid)
        burn = burn_with_forecast(*self._args(), cutoff=self.books_cutoff, intervention_id=iid)
        outlook = cost_outlook(*self._args(), cutoff=self.books_cutoff, intervention_id=iid)
        up = burn_up(burn, outlook=outlook, year=self.year, cutoff=self.books_closed, scope=scope)
        down = burn_down(burn, outlook=outlook, year=self.year, cutoff=self.books_closed, scope=scope)
        note = ""
        if not self.closed and self.books_closed is not None and self.books_closed.year == self.year:
            note = (f"Heldragna linjer är budget och utfall {self._until}; efter "
                    f"{fmt_month(self.books_closed.month)} visar den streckade linjen prognosen för helåret "
                    "(utfallet plus budgeten för resten av året). Den prickade linjen är ingen prognos utan en "
                    "jämförelse: så blir kostnaderna om takten hittills håller i sig.")
        up_columns = {
            "month_name": ("Månad", "text"), "budget_costs": ("Budget", "sek"), "actual_costs": ("Utfall", "sek"),
            "cum_budget_costs": ("Budget, ackumulerad", "sek"), "cum_actual_costs": ("Utfall, ackumulerat", "sek"),
            "forecast_cum_costs": ("Prognos", "sek"), "run_rate_cum_costs": ("Jämförelse: takten hittills", "sek"),
        }
        down_columns = {
            "month_name": ("Månad", "text"), "planned_remaining_costs": ("Kvar enligt budget", "sek"),
            "remaining_budget_costs": ("Kvar enligt utfall", "sek"),
            "forecast_remaining_costs": ("Prognos", "sek"),
        }
        if self.closed:
            for columns in (up_columns, down_columns):
                for key in [k for k in columns if k.startswith(("forecast_", "run_rate_"))]:
                    del columns[key]
        return [*self.figure_bundles(up, burn, columns=up_columns, note=note),
                *self.figure_bundles(down, burn, columns=down_columns)]

    @section
    def burn(self) -> list[Bundle]:
        """Cumulative costs against the budget per month (burn-up) and what is left of the budget (burn-down);
        under Voilà with a choice of all costs or one intervention."""
        if gap := self._missing_any("budget", "ledger"):
            return gap
        views = self._cost_views
        control = Control("Kostnader", (("Alla kostnader", ALL), *((name, iid) for iid, name in views)), ALL)
        return self.interactive({"view": control}, self.render_burn)

    # --- forecast ----------------------------------------------------------------------------------------------

    def forecast_lead(self) -> str:
        """The forecast in one sentence, e.g. "Prognosen för 2016 är ett överskott på 708 tkr (budget: ett
        överskott på 214 tkr): intäkter 5 795 tkr och kostnader 5 087 tkr." ('' when it cannot be made)."""
        fc = self.year_forecast
        if fc.result is None:
            return ""
        lead = (f"Resultatet för {self.year} blev {result_sv(fc.result)}" if self.closed
                else f"Prognosen för {self.year} är {result_sv(fc.result)}")
        if fc.budget_result is not None:
            lead += f" (budget: {result_sv(fc.budget_result)})"
        return f"{lead}: intäkter {fmt_tkr(fc.income)} och kostnader {fmt_tkr(fc.costs)}."

    @section
    def forecast(self) -> list[Bundle]:
        """Year-end forecast of income, costs and result (the one forecast), how it is made, and the costs of the
        next three and six months."""
        if gap := self._missing_all("ledger", "budget"):
            return gap
        fc = self.year_forecast
        before = self.previous_forecast  # shown only when it was made for the same year (forecast_table)
        table = forecast_table(self.own, fc, previous=before)
        bundles: list[Bundle] = []
        lead = self.forecast_lead()
        paid = paid_sv(fc.paid_to_date, fc.contributions, fc.books_closed) \
            if fc.contributions_source == "contributions" and not self.closed else ""
        if lead:
            bundles.append(html_bundle(f"{CSS}<p><strong>{html.escape(lead)}</strong>"
                                       + (f"<br>{html.escape(paid)}." if paid else "") + "</p>"))
        columns = {"actual_to_date": ("Utfall" if self.closed else f"Utfall {self._until}", "tkr")}
        if not self.closed:
            columns["budget_to_date"] = (f"Budget {self._until}", "tkr")
        columns["budget_year"] = ("Budget helår", "tkr")
        if not self.closed:
            columns["forecast"] = ("Prognos helår", "tkr")
            if table["previous_forecast"].notna().any() and before is not None:
                columns["previous_forecast"] = (f"Prognos vid mötet {fmt_date(before.as_of)}", "tkr")
        caption = f"Helår {self.year}, tkr" if self.closed else f"Prognos för helåret {self.year}, tkr"
        note = fc.method_sv if self.closed else (
            f"{method_note_sv(fc.method_sv)} Medlemsbidrag: utfallet är det som har betalats in, prognosen de "
            "beslutade bidragen.")
        bundles += self.table_bundles(table, columns=columns, caption=caption, index=("", "text"), note=note)
        return bundles + self._horizon()

    def _horizon(self) -> list[Bundle]:
        if self.closed:
            return self.note(f"Året {self.year} är bokfört till årets slut; prognosen för de kommande månaderna hör "
                             "till nästa års sida.")
        table = horizon_table(*self._args(), cutoff=self.books_cutoff)
        note = ("Räknat från bokfört t.o.m.-datumet. Budget = budgeten för månaderna i perioden. Takt = "
                "kostnaderna hittills per bokförd månad gånger antalet månader (en jämförelse, ingen prognos).")
        if table["budget"].isna().any():
            next_year = self.year + 1
            has_year = self.year_forecast.budget_costs is not None
            note += (f" Budget för {next_year} saknas i underlaget, så budgeten för en period som går över "
                     "årsskiftet kan inte anges." if has_year else f" Budget för {self.year} saknas.")
        return self.table_bundles(
            table, columns={"period": ("Period", "text"), "budget": ("Kostnader enligt budget", "tkr"),
                            "run_rate": ("Kostnader i takten hittills", "tkr")},
            caption="Kostnader de närmaste tre och sex månaderna, tkr", index=("", "text"), note=note)

    # --- interventions -----------------------------------------------------------------------------------------

    @section
    def interventions(self) -> list[Bundle]:
        """Förbrukningsgrad per intervention: actual to date / the intervention's budget for the year, against
        the share of the budget planned to date."""
        if gap := self._missing_any("budget", "ledger"):
            return gap
        frame = intervention_consumption(*self._args(), cutoff=self.books_cutoff)
        if frame is None or len(frame) <= 1:
            return self.note(f"Varken budget eller utfall för insatser finns för {self.year}.")
        year_share = months_elapsed(self.year, self.books_cutoff) / 12
        fig = consumption_bars(frame, year_share=year_share, year=self.year)
        so_far = self._so_far
        columns = {
            "budget_year": ("Årsbudget", "sek"), "budget_to_date": (f"Budget{so_far}", "sek"),
            "actual_to_date": (f"Utfall{so_far}", "sek"), "consumption": ("Förbrukningsgrad", "share"),
            "budget_share_to_date": (f"Budgeterad andel{so_far}", "share"),
            "deviation_to_date": (f"Utfall minus budget{so_far}", "sek"),
        }
        note = (f"Förbrukningsgrad = utfall {self._until} delat med insatsens årsbudget. Strecket visar hur stor del "
                "av årsbudgeten som enligt budgetens periodisering är planerad att vara förbrukad vid samma datum; "
                "rubriken nämner insatser som ligger mer än en procentenhet över.")
        if self.closed:
            note = "Förbrukningsgrad = årets utfall delat med insatsens årsbudget."
        return self.figure_bundles(fig, frame, columns=columns, index=("Insats", "text"), note=note)

    # --- administration ----------------------------------------------------------------------------------------

    @section
    def administration(self) -> list[Bundle]:
        """Administration (kansli, styrelse, revision) against interventions as shares of the costs, actual and
        budget."""
        if gap := self._missing_all("ledger", "budget"):
            return gap
        split = admin_split(*self._args(), cutoff=self.books_cutoff)
        if split is None:
            return self.note(f"Varken budget eller utfall finns för {self.year}.")
        fig = cost_split_bars(split, year=self.year, closed=self.closed, cutoff=self.books_closed)
        columns = {"actual_to_date": ("Utfall" if self.closed else f"Utfall {self._until}", "sek"),
                   "actual_share": ("Andel av utfallet", "share1")}
        if not self.closed:
            columns |= {"forecast": ("Prognos helår", "sek"), "forecast_share": ("Andel av prognosen", "share1")}
        columns |= {"budget": ("Budget helår", "sek"), "budget_share": ("Andel av budgeten", "share1")}
        return self.figure_bundles(fig, split, columns=columns, index=("Kostnader", "text"),
                                   note="Administrationens andel = (kansli + styrelse + revision) / alla kostnader.")

    # --- contributions -----------------------------------------------------------------------------------------

    @section
    def contributions(self) -> list[Bundle]:
        """The members' contributions by member and their split by member type against 50/25/25."""
        if gap := self.missing("contributions"):
            return gap
        members = contributions_by_member(*self._args(), cutoff=self.books_cutoff)
        split = contribution_split(*self._args())
        if members is None or split is None:
            return self.note(f"Medlemsbidrag för {self.year} finns inte i underlaget.")
        shown = members.copy()
        shown["type_sv"] = [label_sv("member_type", t) if not is_missing(t) else "" for t in shown["member_type"]]
        shown["paid_sv"] = [
            "" if is_missing(p) else (f"ja, {fmt_date(d)}" if p else f"nej (planerat {fmt_date(d)})")
            for p, d in zip(shown["paid"], shown["paid_date"], strict=True)
        ]
        member_columns = {"type_sv": ("Medlemstyp", "text"), "amount_sek": ("Beslutat bidrag", "sek"),
                          "share": ("Andel", "share1"), "paid_sv": ("Betalt", "text")}
        bundles = self.figure_bundles(contributions_bars(members, year=self.year), shown, columns=member_columns,
                                      index=("Medlem", "text"))
        split_columns = {"amount_sek": ("Bidrag", "sek"), "share": ("Andel", "share1"),
                         "nominal_share": ("Enligt lagen", "share"),
                         "nominal_amount_sek": ("Belopp vid 50/25/25", "sek"), "deviation_sek": ("Skillnad", "sek")}
        fc = self.year_forecast
        if fc.paid_to_date is not None and not self.closed:
            paid = paid_sv(fc.paid_to_date, float(members.at["Totalt", "amount_sek"]), fc.books_closed)
            bundles.append(html_bundle(
                f"{CSS}<p class='fsd-note'>{html.escape(paid)}, enligt de medlemsbidrag som är bokförda i utfallet. "
                "Kolumnen Betalt visar betaldatum från bladet Bidrag. Prognosen räknar med hela det beslutade "
                "beloppet, hur det än betalas in under året.</p>"))
        bundles += self.figure_bundles(
            contribution_split_bars(split, year=self.year), split, columns=split_columns,
            index=("Medlemstyp", "text"),
            note="Lagen (2003:1210) anger att staten bidrar med hälften och regionen och kommunerna med en fjärdedel "
                 "vardera.")
        return bundles

    # --- result and equity -------------------------------------------------------------------------------------

    @section
    def result_and_equity(self) -> list[Bundle]:
        """The year's result (booked to date, budget and the forecast) and equity opening → closing with the
        closing equity's share of the year's contributions."""
        fc = self.year_forecast
        has_result = not (self.lacks("ledger") and self.lacks("budget"))
        if not has_result and (gap := self._missing_all("ledger", "budget", "equity")):
            return gap
        bundles: list[Bundle] = []
        if has_result:
            result = result_overview(fc)
            note = "" if self.closed else f"Utfall hittills = bokfört {self._until}."
            if not self.closed and (fc.paid_to_date or 0) > (fc.budget_income_to_date or 0):
                note += (" Medlemsbidragen betalas ofta i förskott, så resultatet hittills säger lite om årets "
                         "resultat: det gör prognosen.")
            bundles += self.figure_bundles(result_bars(result, year=self.year), result,
                                           columns={"result_sek": ("Resultat", "sek")}, index=("", "text"), note=note)
        if self.lacks("equity"):
            return bundles
        bridge = equity_bridge(fc)
        if bridge is None:
            return bundles + self.note(f"Ingående eget kapital för {self.year} finns inte i underlaget.")
        fig = equity_waterfall(bridge, year=self.year, share=fc.equity_share, closed=self.closed)
        scenarios = equity_scenarios(fc)
        notes = []
        if fc.contributions_source == "budget":
            notes.append("Medlemsbidragen saknas på bladet Bidrag för året; andelen räknas på de budgeterade "
                         "medlemsbidragen.")
        elif fc.contributions_source == "ledger":
            notes.append("Beslutade medlemsbidrag saknas; andelen räknas på de bokförda medlemsbidragen.")
        elif fc.contributions_source is None:
            notes.append("Årets medlemsbidrag saknas, så det egna kapitalets andel av dem kan inte beräknas.")
        if not self.closed:
            notes.append("Utgående eget kapital = ingående eget kapital + årets resultat enligt prognosen.")
        bundles += self.figure_bundles(fig, bridge, columns={"amount_sek": ("Belopp", "sek")}, index=("", "text"))
        bundles += self.table_bundles(
            scenarios, columns={"result_sek": ("Årets resultat", "sek"),
                                "equity_closing_sek": ("Utgående eget kapital", "sek"),
                                "equity_share": ("Andel av årets medlemsbidrag", "share")},
            caption=f"Eget kapital vid årets slut {self.year}", index=("", "text"), note=" ".join(notes))
        return bundles
