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
from finsamdash.wording import budget as w
from finsamdash.wording.economy import paid_sv
from finsamdash.wording.formatting import is_missing
from finsamdash.wording.pages import LACKING_CONSEQUENCES, lacking_tables_reason
from finsamdash.wording.words import TOTAL

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
        return w.so_far_sv(self.closed)

    @property
    def _until(self) -> str:
        """"t.o.m. 31 oktober 2016" (the books-closed date)."""
        return w.until_sv(self.books_closed)

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
        scope = w.ALL_COSTS_SCOPE
        if iid is not None:
            scope = dict(self._cost_views).get(iid, iid)
        burn = burn_with_forecast(*self._args(), cutoff=self.books_cutoff, intervention_id=iid)
        outlook = cost_outlook(*self._args(), cutoff=self.books_cutoff, intervention_id=iid)
        up = burn_up(burn, outlook=outlook, year=self.year, cutoff=self.books_closed, scope=scope)
        down = burn_down(burn, outlook=outlook, year=self.year, cutoff=self.books_closed, scope=scope)
        note = ""
        if not self.closed and self.books_closed is not None and self.books_closed.year == self.year:
            note = w.burn_note(self._until, self.books_closed)
        up_columns = {key: (w.LABELS[key], "text" if key == "month_name" else "sek") for key in (
            "month_name", "budget_costs", "actual_costs", "cum_budget_costs", "cum_actual_costs", "forecast_cum_costs",
            "run_rate_cum_costs")}
        down_columns = {key: (w.LABELS[key], "text" if key == "month_name" else "sek") for key in (
            "month_name", "planned_remaining_costs", "remaining_budget_costs", "forecast_remaining_costs")}
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
        control = Control(w.COSTS_CONTROL, ((w.ALL_COSTS, ALL), *((name, iid) for iid, name in views)), ALL)
        return self.interactive({"view": control}, self.render_burn)

    # --- forecast ----------------------------------------------------------------------------------------------

    def forecast_lead(self) -> str:
        """The forecast in one sentence, e.g. "Prognosen för 2016 är ett överskott på 708 tkr (budget: ett
        överskott på 214 tkr): intäkter 5 795 tkr och kostnader 5 087 tkr." ('' when it cannot be made)."""
        fc = self.year_forecast
        if fc.result is None:
            return ""
        return w.forecast_lead(self.year, fc.result, fc.budget_result, fc.income, fc.costs, closed=self.closed)

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
        columns = {"actual_to_date": (w.actual_label(self._until, closed=self.closed), "tkr")}
        if not self.closed:
            columns["budget_to_date"] = (w.budget_to_date_label(self._until), "tkr")
        columns["budget_year"] = (w.LABELS["budget_year_total"], "tkr")
        if not self.closed:
            columns["forecast"] = (w.LABELS["forecast_year"], "tkr")
            if table["previous_forecast"].notna().any() and before is not None:
                columns["previous_forecast"] = (w.previous_forecast_label(before.as_of), "tkr")
        caption = w.forecast_caption(self.year, closed=self.closed)
        note = w.forecast_note(fc.method_sv, closed=self.closed)
        bundles += self.table_bundles(table, columns=columns, caption=caption, index=("", "text"), note=note)
        return bundles + self._horizon()

    def _horizon(self) -> list[Bundle]:
        if self.closed:
            return self.note(w.year_booked_to_end(self.year))
        table = horizon_table(*self._args(), cutoff=self.books_cutoff)
        note = w.HORIZON_NOTE
        if table["budget"].isna().any():
            note += w.horizon_budget_missing(self.year, has_year=self.year_forecast.budget_costs is not None)
        return self.table_bundles(
            table, columns={"period": (w.LABELS["period"], "text"), "budget": (w.LABELS["horizon_budget"], "tkr"),
                            "run_rate": (w.LABELS["run_rate"], "tkr")},
            caption=w.HORIZON_CAPTION, index=("", "text"), note=note)

    # --- interventions -----------------------------------------------------------------------------------------

    @section
    def interventions(self) -> list[Bundle]:
        """Förbrukningsgrad per intervention: actual to date / the intervention's budget for the year, against
        the share of the budget planned to date."""
        if gap := self._missing_any("budget", "ledger"):
            return gap
        frame = intervention_consumption(*self._args(), cutoff=self.books_cutoff)
        if frame is None or len(frame) <= 1:
            return self.note(w.nothing_for_interventions(self.year))
        year_share = months_elapsed(self.year, self.books_cutoff) / 12
        fig = consumption_bars(frame, year_share=year_share, year=self.year)
        labels = w.consumption_labels(self._so_far)
        columns = {
            "budget_year": (w.LABELS["intervention_budget_year"], "sek"),
            "budget_to_date": (labels["budget_to_date"], "sek"),
            "actual_to_date": (labels["actual_to_date"], "sek"), "consumption": (w.LABELS["consumption"], "share"),
            "budget_share_to_date": (labels["budget_share_to_date"], "share"),
            "deviation_to_date": (labels["deviation_to_date"], "sek"),
        }
        note = w.CONSUMPTION_NOTE_CLOSED if self.closed else w.consumption_note(self._until)
        return self.figure_bundles(fig, frame, columns=columns, index=(w.LABELS["intervention"], "text"), note=note)

    # --- administration ----------------------------------------------------------------------------------------

    @section
    def administration(self) -> list[Bundle]:
        """Administration (kansli, styrelse, revision) against interventions as shares of the costs, actual and
        budget."""
        if gap := self._missing_all("ledger", "budget"):
            return gap
        split = admin_split(*self._args(), cutoff=self.books_cutoff)
        if split is None:
            return self.note(w.nothing_booked_or_budgeted(self.year))
        fig = cost_split_bars(split, year=self.year, closed=self.closed, cutoff=self.books_closed)
        columns = {"actual_to_date": (w.actual_label(self._until, closed=self.closed), "sek"),
                   "actual_share": (w.LABELS["actual_share"], "share1")}
        if not self.closed:
            columns |= {"forecast": (w.LABELS["forecast_year"], "sek"),
                        "forecast_share": (w.LABELS["forecast_share"], "share1")}
        columns |= {"budget": (w.LABELS["budget_year_total"], "sek"),
                    "budget_share": (w.LABELS["budget_share"], "share1")}
        return self.figure_bundles(fig, split, columns=columns, index=(w.LABELS["costs"], "text"),
                                   note=w.ADMIN_SHARE_NOTE)

    # --- contributions -----------------------------------------------------------------------------------------

    @section
    def contributions(self) -> list[Bundle]:
        """The members' contributions by member and their split by member type against 50/25/25."""
        if gap := self.missing("contributions"):
            return gap
        members = contributions_by_member(*self._args(), cutoff=self.books_cutoff)
        split = contribution_split(*self._args())
        if members is None or split is None:
            return self.note(w.no_contributions(self.year))
        shown = members.copy()
        shown["type_sv"] = [label_sv("member_type", t) if not is_missing(t) else "" for t in shown["member_type"]]
        shown["paid_sv"] = [
            "" if is_missing(p) else w.paid_cell(p, d)
            for p, d in zip(shown["paid"], shown["paid_date"], strict=True)
        ]
        member_columns = {"type_sv": (w.LABELS["member_type"], "text"),
                          "amount_sek": (w.LABELS["decided_contribution"], "sek"),
                          "share": (w.LABELS["share"], "share1"), "paid_sv": (w.LABELS["paid"], "text")}
        bundles = self.figure_bundles(contributions_bars(members, year=self.year), shown, columns=member_columns,
                                      index=(w.LABELS["member"], "text"))
        split_columns = {"amount_sek": (w.LABELS["contribution"], "sek"), "share": (w.LABELS["share"], "share1"),
                         "nominal_share": (w.LABELS["nominal_share"], "share"),
                         "nominal_amount_sek": (w.LABELS["nominal_amount"], "sek"),
                         "deviation_sek": (w.LABELS["deviation"], "sek")}
        fc = self.year_forecast
        if fc.paid_to_date is not None and not self.closed:
            paid = paid_sv(fc.paid_to_date, float(members.at[TOTAL, "amount_sek"]), fc.books_closed)
            bundles.append(html_bundle(f"{CSS}<p class='fsd-note'>{html.escape(w.paid_note(paid))}</p>"))
        bundles += self.figure_bundles(
            contribution_split_bars(split, year=self.year), split, columns=split_columns,
            index=(w.LABELS["member_type"], "text"), note=w.CONTRIBUTIONS_LAW_NOTE)
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
            note = "" if self.closed else w.result_to_date_note(self._until)
            if not self.closed and (fc.paid_to_date or 0) > (fc.budget_income_to_date or 0):
                note += w.PAID_IN_ADVANCE_NOTE
            bundles += self.figure_bundles(result_bars(result, year=self.year), result,
                                           columns={"result_sek": (w.LABELS["result"], "sek")}, index=("", "text"),
                                           note=note)
        if self.lacks("equity"):
            return bundles
        bridge = equity_bridge(fc)
        if bridge is None:
            return bundles + self.note(w.no_opening_equity(self.year))
        fig = equity_waterfall(bridge, year=self.year, share=fc.equity_share, closed=self.closed)
        scenarios = equity_scenarios(fc)
        notes = []
        if fc.contributions_source in w.EQUITY_SHARE_SOURCE:
            notes.append(w.EQUITY_SHARE_SOURCE[fc.contributions_source])
        if not self.closed:
            notes.append(w.EQUITY_FORECAST_NOTE)
        bundles += self.figure_bundles(fig, bridge, columns={"amount_sek": (w.LABELS["amount"], "sek")},
                                       index=("", "text"))
        bundles += self.table_bundles(
            scenarios, columns={"result_sek": (w.LABELS["year_result"], "sek"),
                                "equity_closing_sek": (w.LABELS["equity_closing"], "sek"),
                                "equity_share": (w.LABELS["equity_share"], "share")},
            caption=w.equity_caption(self.year), index=("", "text"), note=" ".join(notes))
        return bundles
