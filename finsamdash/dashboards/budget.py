"""Budget och utfall: budget vs actuals per month (burn-up and burn-down), forecasts to year end and for the next
three and six months, förbrukningsgrad per intervention, administration share, members' contributions against
50/25/25, result and equity.

All figures come from :mod:`finsamdash.metrics.budget` (no participant counts here, so nothing is suppressed);
charts are drawn in tkr and their data tables are in kronor. A missing budget, ledger, contributions or equity
table is named once under the page's header; the sections that cannot do without it are left out
(:meth:`Page.missing`).
"""

from __future__ import annotations

import html
from dataclasses import replace
from functools import cached_property
from typing import ClassVar

from finsamdash.contract import label_sv
from finsamdash.dashboards._page import Bundle, Control, Page, html_bundle, show
from finsamdash.dataset import Dataset
from finsamdash.figures.budget import (
    burn_down,
    burn_up,
    consumption_bars,
    contribution_split_bars,
    contributions_bars,
    cost_split_bars,
    equity_waterfall,
    result_bars,
)
from finsamdash.formatting import fmt_date, fmt_month, fmt_tkr, is_missing
from finsamdash.metrics.budget import (
    admin_split,
    burn_with_forecast,
    contribution_split,
    contributions_by_member,
    cost_views,
    equity_bridge,
    equity_forecast,
    equity_scenarios,
    forecast,
    forecast_table,
    horizon_table,
    intervention_consumption,
    months_elapsed,
    result_overview,
)
from finsamdash.tables import CSS
from finsamdash.wording.pages import lacking_tables_reason

__all__ = ["BudgetPage"]

ALL = "__all__"


def _result_sv(amount: float) -> str:
    return f"ett överskott på {fmt_tkr(amount)}" if amount >= 0 else f"ett underskott på {fmt_tkr(-amount)}"


class BudgetPage(Page):
    """Budget och utfall. Sections: :meth:`burn`, :meth:`forecast`, :meth:`interventions`,
    :meth:`administration`, :meth:`contributions`, :meth:`result_and_equity`."""

    title = "Budget och utfall"
    uses: ClassVar[dict[str, str]] = {
        "budget": "det som jämförs med budgeten visas inte",
        "ledger": "det som bygger på utfallet (de bokförda beloppen) visas inte",
        "contributions": "medlemsbidragen visas inte",
        "equity": "det egna kapitalet visas inte",
    }

    # --- helpers -----------------------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True when the year shown ended before the cut-off (figures are the full year's actuals)."""
        return months_elapsed(self.year, self.cutoff) >= 12

    @property
    def _so_far(self) -> str:
        return "" if self.closed else " hittills"

    @cached_property
    def _own(self) -> Dataset:
        """The data as of the meeting with only this association's rows: every metric here reads one association,
        and filtering its rows out of the national tables on every call was most of a drop-down change's time."""
        tables = {name: frame[(frame["association_id"] == self.association_id).fillna(False).astype(bool)]
                  if "association_id" in frame else frame for name, frame in self.data.tables.items()}
        return replace(self.data, tables=tables)

    def _args(self) -> tuple:
        return self._own, self.association_id, self.year

    @cached_property
    def _cost_views(self) -> list[tuple[str, str]]:
        """(intervention id, name) of the burn chart's cost views besides all costs."""
        return cost_views(*self._args(), cutoff=self.cutoff)

    def _missing_any(self, *tables: str) -> bool:
        """True (the section left out) when one of ``tables`` is lacking: the section needs them all."""
        return any(self.missing(table) for table in tables)

    def _missing_all(self, *tables: str) -> bool:
        """True (the section left out) when every one of ``tables`` is lacking: the section shows what it can
        with the others (the header says which data is lacking)."""
        lacking = [table for table in tables if self.lacks(table)]
        if len(lacking) < len(tables):
            return False
        self.leave_out(lacking_tables_reason(lacking))
        return True

    # --- burn-up / burn-down -----------------------------------------------------------------------------------

    def burn_bundles(self, view: str = ALL) -> list[Bundle]:
        """Burn-up and burn-down charts for all costs (``view`` = ``ALL``) or one intervention's id."""
        iid = None if view == ALL else view
        scope = "alla kostnader"
        if iid is not None:
            scope = dict(self._cost_views).get(iid, iid)
        burn = burn_with_forecast(*self._args(), cutoff=self.cutoff, intervention_id=iid)
        fc = forecast(*self._args(), cutoff=self.cutoff, intervention_id=iid)
        up = burn_up(burn, forecast=fc, year=self.year, cutoff=self.cutoff, scope=scope)
        down = burn_down(burn, forecast=fc, year=self.year, cutoff=self.cutoff, scope=scope)
        note = ""
        if not self.closed and fc["months_elapsed"] > 0:
            note = (f"Heldragna linjer är budget och utfall t.o.m. {fmt_date(self.cutoff)}; månaderna efter "
                    f"{fmt_month(self.cutoff.month)} är prognos: streckat enligt budgeten (utfallet hittills plus "
                    "budgeten för resten av året), prickat enligt takten hittills.")
        up_columns = {
            "month_name": ("Månad", "text"), "budget_costs": ("Budget", "sek"), "actual_costs": ("Utfall", "sek"),
            "cum_budget_costs": ("Budget, ackumulerad", "sek"), "cum_actual_costs": ("Utfall, ackumulerat", "sek"),
            "forecast_cum_costs_budget_based": ("Prognos enligt budget", "sek"),
            "forecast_cum_costs_run_rate": ("Prognos enligt takt", "sek"),
        }
        down_columns = {
            "month_name": ("Månad", "text"), "planned_remaining_costs": ("Kvar enligt budget", "sek"),
            "remaining_budget_costs": ("Kvar enligt utfall", "sek"),
            "forecast_remaining_costs_budget_based": ("Prognos enligt budget", "sek"),
            "forecast_remaining_costs_run_rate": ("Prognos enligt takt", "sek"),
        }
        if self.closed:
            for columns in (up_columns, down_columns):
                for key in [k for k in columns if k.startswith("forecast_")]:
                    del columns[key]
        return [*self.figure_bundles(up, burn, columns=up_columns, note=note),
                *self.figure_bundles(down, burn, columns=down_columns)]

    def burn(self) -> None:
        """Cumulative costs against the budget per month (burn-up) and what is left of the budget (burn-down);
        under Voilà with a choice of all costs or one intervention."""
        if self._missing_any("budget", "ledger"):
            return
        views = self._cost_views
        control = Control("Kostnader", (("Alla kostnader", ALL), *((name, iid) for iid, name in views)), ALL)
        self.interactive({"view": control}, self.burn_bundles)

    # --- forecast ----------------------------------------------------------------------------------------------

    def forecast(self) -> None:
        """Year-end forecast of income, costs and result by both methods, the methods in words, and the costs of
        the next three and six months."""
        if self._missing_all("ledger", "budget"):
            return
        fc = forecast(*self._args(), cutoff=self.cutoff)
        table = forecast_table(*self._args(), cutoff=self.cutoff, previous_cutoff=self.previous_meeting_date)
        bundles: list[Bundle] = []
        if fc["result_budget_based"] is not None:
            verb = "blev" if self.closed else "blir enligt den budgetbaserade prognosen"
            lead = (f"Resultatet för {self.year} {verb} {_result_sv(fc['result_budget_based'])} "
                    f"med kostnader på {fmt_tkr(fc['costs_budget_based'])}")
            if fc["budget_result"] is not None:
                lead += f" (budget: {_result_sv(fc['budget_result'])})"
            if not self.closed and fc["result_run_rate"] is not None:
                lead += f"; med takten hittills blir det {_result_sv(fc['result_run_rate'])}"
            bundles.append(html_bundle(f"{CSS}<p><strong>{html.escape(lead)}.</strong></p>"))
        so_far = self._so_far
        columns = {"actual_to_date": (f"Utfall{so_far}", "tkr")}
        if not self.closed:
            columns["budget_to_date"] = ("Budget hittills", "tkr")
        columns["budget_year"] = ("Budget helår", "tkr")
        if not self.closed:
            columns |= {"run_rate": ("Prognos enligt takt", "tkr"), "budget_based": ("Budgetbaserad prognos", "tkr")}
            if table["previous_budget_based"].notna().any():
                columns["previous_budget_based"] = (
                    f"Budgetbaserad prognos {fmt_date(self.previous_meeting_date)}", "tkr")
        caption = f"Helår {self.year}, tkr" if self.closed else f"Prognos för helåret {self.year}, tkr"
        methods = fc["method_sv"]
        note = methods["run_rate"] if self.closed else (
            f"{methods['run_rate']} {methods['budget_based']} Medlemsbidragen kommer ofta kvartalsvis; för "
            "intäkterna och resultatet är därför den budgetbaserade prognosen oftast mer rättvisande än takten.")
        bundles += self.table_bundles(table, columns=columns, caption=caption, index=("", "text"), note=note)
        show(bundles)
        self._horizon()

    def _horizon(self) -> None:
        if self.closed:
            self.note(f"Året {self.year} är avslutat; prognosen för de kommande månaderna hör till nästa års sida.")
            return
        table = horizon_table(*self._args(), cutoff=self.cutoff)
        note = ("Takt = kostnaderna hittills per gången månad gånger antalet månader. Budget = budgeten för "
                "månaderna i perioden (den pågående månaden räknad i dagar).")
        if table["budget"].isna().any():
            next_year = self.year + 1
            has_year = forecast(*self._args(), cutoff=self.cutoff)["budget_costs_to_date"] is not None
            note += (f" Budget för {next_year} saknas i underlaget, så budgeten för en period som går över "
                     "årsskiftet kan inte anges." if has_year else f" Budget för {self.year} saknas.")
        show(self.table_bundles(
            table, columns={"period": ("Period", "text"), "run_rate": ("Kostnader enligt takt", "tkr"),
                            "budget": ("Kostnader enligt budget", "tkr")},
            caption="Kostnader de närmaste tre och sex månaderna, tkr", index=("Prognos", "text"), note=note))

    # --- interventions -----------------------------------------------------------------------------------------

    def interventions(self) -> None:
        """Förbrukningsgrad per intervention: actual to date / the intervention's budget for the year, against
        the share of the budget planned to date."""
        if self._missing_any("budget", "ledger"):
            return
        frame = intervention_consumption(*self._args(), cutoff=self.cutoff)
        if frame is None or len(frame) <= 1:
            self.note(f"Varken budget eller utfall för insatser finns för {self.year}.")
            return
        year_share = months_elapsed(self.year, self.cutoff) / 12
        fig = consumption_bars(frame, year_share=year_share, year=self.year)
        so_far = self._so_far
        columns = {
            "budget_year": ("Årsbudget", "sek"), "budget_to_date": (f"Budget{so_far}", "sek"),
            "actual_to_date": (f"Utfall{so_far}", "sek"), "consumption": ("Förbrukningsgrad", "share"),
            "budget_share_to_date": (f"Budgeterad andel{so_far}", "share"),
            "deviation_to_date": (f"Utfall minus budget{so_far}", "sek"),
        }
        note = ("Förbrukningsgrad = utfall hittills delat med insatsens årsbudget. Strecket visar hur stor del av "
                "årsbudgeten som enligt budgetens periodisering är planerad att vara förbrukad nu; rubriken nämner "
                "insatser som ligger mer än en procentenhet över.")
        show(self.figure_bundles(fig, frame, columns=columns, index=("Insats", "text"), note=note))

    # --- administration ----------------------------------------------------------------------------------------

    def administration(self) -> None:
        """Administration (kansli, styrelse, revision) against interventions as shares of the costs, actual and
        budget."""
        if self._missing_all("ledger", "budget"):
            return
        split = admin_split(*self._args(), cutoff=self.cutoff)
        if split is None:
            self.note(f"Varken budget eller utfall finns för {self.year}.")
            return
        fig = cost_split_bars(split, year=self.year, closed=self.closed)
        so_far = self._so_far
        columns = {
            "actual_to_date": (f"Utfall{so_far}", "sek"), "actual_share": ("Andel av utfallet", "share1"),
            "budget": ("Budget helår", "sek"), "budget_share": ("Andel av budgeten", "share1"),
        }
        show(self.figure_bundles(fig, split, columns=columns, index=("Kostnader", "text"),
                                 note="Administrationens andel = (kansli + styrelse + revision) / alla kostnader."))

    # --- contributions -----------------------------------------------------------------------------------------

    def contributions(self) -> None:
        """The members' contributions by member and their split by member type against 50/25/25."""
        if self.missing("contributions"):
            return
        members = contributions_by_member(*self._args(), cutoff=self.cutoff)
        split = contribution_split(*self._args())
        if members is None or split is None:
            self.note(f"Medlemsbidrag för {self.year} finns inte i underlaget.")
            return
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
        bundles += self.figure_bundles(
            contribution_split_bars(split, year=self.year), split, columns=split_columns,
            index=("Medlemstyp", "text"),
            note="Lagen (2003:1210) anger att staten bidrar med hälften och regionen och kommunerna med en fjärdedel "
                 "vardera.")
        show(bundles)

    # --- result and equity -------------------------------------------------------------------------------------

    def result_and_equity(self) -> None:
        """The year's result (actual to date, budget, forecasts) and equity opening → closing with the closing
        equity's share of the year's contributions."""
        has_result = not (self.lacks("ledger") and self.lacks("budget"))
        if not has_result and self._missing_all("ledger", "budget", "equity"):
            return
        if has_result:
            result = result_overview(*self._args(), cutoff=self.cutoff)
            show(self.figure_bundles(result_bars(result, year=self.year), result,
                                     columns={"result_sek": ("Resultat", "sek")}, index=("", "text")))
        if self.lacks("equity"):
            return
        bridge = equity_bridge(*self._args(), cutoff=self.cutoff)
        if bridge is None:
            self.note(f"Ingående eget kapital för {self.year} finns inte i underlaget.")
            return
        eq = equity_forecast(*self._args(), cutoff=self.cutoff)
        fig = equity_waterfall(bridge, year=self.year, share=eq["equity_share_budget_based"], closed=self.closed)
        scenarios = equity_scenarios(*self._args(), cutoff=self.cutoff)
        notes = []
        if eq["contributions_source"] == "budget":
            notes.append("Medlemsbidragen saknas på bladet Bidrag för året; andelen räknas på de budgeterade "
                         "medlemsbidragen.")
        elif eq["contributions_source"] is None:
            notes.append("Årets medlemsbidrag saknas, så det egna kapitalets andel av dem kan inte beräknas.")
        if not self.closed:
            notes.append("Utgående eget kapital = ingående eget kapital + årets resultat enligt den budgetbaserade "
                         "prognosen.")
        bundles = self.figure_bundles(fig, bridge, columns={"amount_sek": ("Belopp", "sek")}, index=("", "text"))
        bundles += self.table_bundles(
            scenarios, columns={"result_sek": ("Årets resultat", "sek"),
                                "equity_closing_sek": ("Utgående eget kapital", "sek"),
                                "equity_share": ("Andel av årets medlemsbidrag", "share")},
            caption=f"Eget kapital vid årets slut {self.year}", index=("", "text"), note=" ".join(notes))
        show(bundles)

