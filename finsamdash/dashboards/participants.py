"""Deltagarflöden: who takes part, how they come and go, and where they go after.

Sections (one method each, called from ``notebooks/participants.ipynb``): :meth:`ParticipantsPage.monthly_flows`,
:meth:`~ParticipantsPage.interventions`, :meth:`~ParticipantsPage.exits`, :meth:`~ParticipantsPage.support`,
:meth:`~ParticipantsPage.durations`, :meth:`~ParticipantsPage.demographics` and
:meth:`~ParticipantsPage.data_quality`. The drop-downs (intervention, municipality, gender, year) narrow the
population; every count shown comes from :func:`finsamdash.metrics.flows.audit_period`, which audits all filter
combinations of a year at once, so a small group stays hidden whichever way the reader slices the data.
"""

from __future__ import annotations

import html

import pandas as pd

from finsamdash.dashboards import _page
from finsamdash.dashboards._page import Bundle, Control, Page, html_bundle
from finsamdash.figures.participants import (
    active_per_month,
    distribution_bar,
    durations_bar,
    exit_sankey,
    flows_per_month,
    support_sankey,
)
from finsamdash.formatting import fmt_date, fmt_int, fmt_month, fmt_percent
from finsamdash.metrics import flows as fl
from finsamdash.metrics.flows import ALL, TOTAL, Filters, PeriodAudit
from finsamdash.privacy import SECONDARY, SMALL
from finsamdash.tables import CSS

__all__ = ["ParticipantsPage"]

GENDER_OPTIONS = (("Alla", ALL), ("Kvinnor", "woman"), ("Män", "man"), ("Annat/okänt", "other_unknown"))
ANONYMOUS_NOTE = ("Anonyma deltagare räknas i totaler och könsfördelning men inte i ålder, utbildning, försörjning, "
                  "tid i insats eller avslut.")
HIDDEN = (SMALL, SECONDARY)
NATIONAL_REFERENCE = "Nationellt går ungefär en tredjedel av dem som avslutar direkt till arbete eller studier."


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _largest_shown(values: pd.Series, status: pd.Series, min_count: int) -> object | None:
    """The label of the largest shown value when it is surely the largest: no hidden value can be larger (only
    counts below ``min_count`` are hidden and the largest shown is at least ``min_count``). None otherwise, so that
    no headline is built on a hidden count."""
    shown = values[~status.astype(str).isin(list(HIDDEN))].dropna()
    if not len(shown):
        return None
    top = shown.astype(int).idxmax()
    marks = set(status.astype(str))
    if SECONDARY in marks or (SMALL in marks and int(shown[top]) < min_count) or int(shown[top]) <= 0:
        return None
    return top


class ParticipantsPage(Page):
    """Deltagarflöden (participant flows) for one association and year."""

    title = "Deltagarflöden"

    # --- data ------------------------------------------------------------------------------------------------------

    @property
    def participants(self) -> pd.DataFrame:
        rows = self.rows("participants")
        assert rows is not None  # a required table
        return rows

    def intervention_names(self) -> dict[str, str]:
        rows = self.rows("interventions")
        if rows is None:
            return {}
        return {str(i): str(n) for i, n in zip(rows["intervention_id"], rows["name"], strict=True) if not pd.isna(n)}

    def intervention_order(self) -> list[str]:
        """Interventions with participants in any year: in the order of the Insatser sheet, then any others."""
        present = set(self.participants["intervention_id"].dropna().astype(str))
        listed = [i for i in self.intervention_names() if i in present]
        return listed + sorted(present - set(listed))

    def years(self) -> list[int]:
        """The year shown and the earlier years with participants, newest first."""
        starts = self.participants["start_date"].dropna()
        first = int(starts.min().year) if len(starts) else self.year
        return list(range(self.year, min(first, self.year) - 1, -1))

    def audit(self, year: int) -> PeriodAudit:
        """Every count of ``year`` with its suppression (computed once per year and page parameters, see
        :meth:`~finsamdash.dashboards._page.Page.remembered`)."""

        def compute() -> PeriodAudit:
            rows = self.rows("interventions")
            periods = ({} if rows is None else
                       {str(i): (a, b) for i, a, b in zip(rows["intervention_id"], rows["start_date"],
                                                          rows["end_date"], strict=True)})
            return fl.audit_period(self.participants, year, self.cutoff, min_count=self.min_count,
                                   interventions=self.intervention_order(), intervention_periods=periods)

        return self.remembered("audit", compute, year)

    def is_open(self, year: int) -> bool:
        return year == self.cutoff.year

    def period_text(self, year: int) -> str:
        return "hittills i år" if self.is_open(year) else f"under {year}"

    def at_end(self, year: int) -> str:
        return fmt_date(self.cutoff) if self.is_open(year) else f"31 december {year}"

    def _name(self, intervention_id: object) -> str:
        if intervention_id == TOTAL:
            return TOTAL
        return self.intervention_names().get(str(intervention_id), str(intervention_id))

    # --- controls ----------------------------------------------------------------------------------------------

    def controls(self, *names: str) -> dict[str, Control]:
        """Drop-downs by keyword: ``intervention``, ``municipality``, ``gender``, ``period``."""
        municipalities = sorted({str(m).strip() for m in self.participants["municipality"].dropna()} - {""})
        available = {
            "intervention": Control("Insats", (("Alla insatser", ALL),
                                               *((self._name(i), i) for i in self.intervention_order())), ALL),
            "municipality": Control("Kommun", (("Alla kommuner", ALL), *((m, m) for m in municipalities)), ALL),
            "gender": Control("Kön", GENDER_OPTIONS, ALL),
            "period": Control("År", tuple((str(y), y) for y in self.years()), self.year),
        }
        return {name: available[name] for name in names}

    def _selection(self, filters: Filters, year: int) -> list[Bundle]:
        """One line naming the population when the reader narrowed it (nothing for the whole association)."""
        if filters.is_all:
            return []
        parts = []
        if filters.intervention != ALL:
            parts.append(self._name(filters.intervention))
        if filters.municipality != ALL:
            parts.append(f"{filters.municipality} (anonyma deltagare och deltagare utan kommun ingår inte)")
        if filters.gender != ALL:
            parts.append(dict((v, k) for k, v in GENDER_OPTIONS)[filters.gender].lower())
        text = f"Urval {year}: " + " · ".join(parts) + ". Antal under " + f"{self.min_count} visas inte."
        return [html_bundle(f"{CSS}<p class='fsd-note'><strong>{html.escape(text)}</strong></p>")]

    def _unavailable(self, year: int, filters: Filters | None = None) -> list[Bundle] | None:
        """One sentence when there is nothing to show: a year after the cut-off, or an intervention without
        participants in the year (both known without looking at any person)."""
        if year > self.cutoff.year:
            text = f"Året {year} har inte börjat vid brytdatumet {fmt_date(self.cutoff)}."
        elif filters is not None and not self.audit(year).flows.has(filters.slice):
            text = f"{self._name(filters.intervention)} hade inga deltagare under {year}."
        else:
            return None
        return [html_bundle(f"{CSS}<p class='fsd-note'>{html.escape(text)}</p>")]

    # --- sections ------------------------------------------------------------------------------------------------

    def monthly_flows(self) -> None:
        """Aktiva, påbörjade och avslutade per månad (stock and flow)."""
        self.interactive(self.controls("intervention", "municipality", "gender", "period"), self.render_monthly)

    def render_monthly(self, intervention: str = ALL, municipality: str = ALL, gender: str = ALL,
                       period: int | None = None) -> list[Bundle]:
        year = period or self.year
        filters = Filters(intervention, municipality, gender)
        if (nothing := self._unavailable(year, filters)) is not None:
            return nothing
        audited = self.audit(year)
        values, status = fl.suppressed_monthly(audited, filters)
        labels = ["årets början", *(fmt_month(m) for m in range(1, audited.months + 1)), TOTAL]
        values.index = pd.Index(labels)
        status.index = values.index
        values["label"] = labels
        stock = values.loc[labels[:-1], ["label", "active"]]
        partial = ""
        if self.is_open(year) and self.cutoff.month == audited.months:
            partial = (f"{_cap(fmt_month(audited.months))} räknas till och med {fmt_date(self.cutoff)}. ")
        bundles = self._selection(filters, year)
        bundles += self.figure_bundles(
            active_per_month(stock, at_end=self.at_end(year)), stock,
            columns={"active": ("Aktiva vid månadens slut", "count")}, status=status.loc[stock.index, ["active"]],
            index=("Tidpunkt", "text"), note=partial + "Anonyma deltagare ingår.")
        flows = values.loc[labels[1:], ["label", "started", "ended"]]
        bundles += self.figure_bundles(
            flows_per_month(flows, period=self.period_text(year)), flows,
            columns={"started": ("Påbörjade", "count"), "ended": ("Avslutade", "count")},
            status=status.loc[flows.index, ["started", "ended"]], index=("Månad", "text"),
            note=partial + "Anonyma deltagare ingår.")
        return bundles

    def interventions(self) -> None:
        """Per insats: deltagare, påbörjade, avslutade, aktiva och andel till arbete eller studier."""
        self.interactive(self.controls("municipality", "gender", "period"), self.render_interventions)

    def render_interventions(self, municipality: str = ALL, gender: str = ALL,
                             period: int | None = None) -> list[Bundle]:
        year = period or self.year
        filters = Filters(ALL, municipality, gender)
        if (nothing := self._unavailable(year, filters)) is not None:
            return nothing
        values, status = fl.suppressed_interventions(self.audit(year), filters)
        names = [self._name(i) for i in values.index]
        values.index = status.index = pd.Index(names)
        active = "Aktiva nu" if self.is_open(year) else "Aktiva vid årets slut"
        top = _largest_shown(values.drop(index=TOTAL)["episodes"], status.drop(index=TOTAL)["episodes"],
                             self.min_count)
        total = values.at[TOTAL, "episodes"]
        if top is not None and not pd.isna(total):
            caption = (f"{top} hade flest deltagare {self.period_text(year)}: {fmt_int(values.at[top, 'episodes'])} "
                       f"av {fmt_int(total)}")
        elif status.drop(index=TOTAL)["episodes"].astype(str).isin(list(HIDDEN)).any():
            caption = f"Deltagare per insats {self.period_text(year)} – några antal är dolda av integritetsskäl"
        else:
            caption = f"Deltagare per insats {self.period_text(year)}"
        note = ("Deltagare = alla som deltog någon gång under året, även anonyma. Andelen till arbete eller studier "
                "gäller identifierade deltagare som avslutat och visas inte (–) när den bygger på dolda antal.")
        return self._selection(filters, year) + self.table_bundles(
            values, caption=caption, status=status, index=("Insats", "text"), note=note,
            columns={"episodes": ("Deltagare", "count"), "started": ("Påbörjade", "count"),
                     "ended": ("Avslutade", "count"), "active": (active, "count"),
                     "work_or_studies_share": ("Andel till arbete eller studier", "share")})

    def exits(self) -> None:
        """Sankey från insats till status efter avslut."""
        self.interactive(self.controls("intervention", "municipality", "gender", "period"), self.render_exits)

    def render_exits(self, intervention: str = ALL, municipality: str = ALL, gender: str = ALL,
                     period: int | None = None) -> list[Bundle]:
        year = period or self.year
        filters = Filters(intervention, municipality, gender)
        if (nothing := self._unavailable(year, filters)) is not None:
            return nothing
        audited = self.audit(year)
        values, status = fl.suppressed_exits(audited, filters)
        values["label"] = [self._name(i) for i in values.index]
        reasons = [(r, fl.category_label("exit_reason", r)) for r in audited.categories.reasons]
        fig = exit_sankey(values, reasons=reasons, period=self.period_text(year))
        table, table_status = values.set_index("label"), status.set_axis(values["label"])
        columns: dict[str, tuple[str, str]] = {r: (_cap(label), "count") for r, label in reasons}
        columns |= {"ended_identified": ("Avslutade totalt", "count"),
                    "work_or_studies": ("Arbete eller studier", "count"),
                    "work_or_studies_share": ("Andel arbete eller studier", "share")}
        note = ("Identifierade deltagare som avslutat; anonyma ingår inte. Arbete eller studier = arbete, "
                f"subventionerad anställning och studier. {NATIONAL_REFERENCE}")
        return self._selection(filters, year) + self.figure_bundles(
            fig, table, columns=columns, status=table_status, index=("Insats", "text"), note=note)

    def support(self) -> None:
        """Sankey av försörjning före → efter."""
        controls = self.controls("intervention", "municipality", "gender", "period")
        controls["grouped"] = Control("Försörjning visas", (("i större grupper", True),
                                                           ("ersättning för ersättning", False)), True)
        self.interactive(controls, self.render_support)

    def render_support(self, intervention: str = ALL, municipality: str = ALL, gender: str = ALL,
                       period: int | None = None, grouped: bool = True) -> list[Bundle]:
        year = period or self.year
        filters = Filters(intervention, municipality, gender)
        if (nothing := self._unavailable(year, filters)) is not None:
            return nothing
        values, status = fl.suppressed_support(self.audit(year), filters, grouped=grouped)
        kind = "support_group" if grouped else "support"
        labels = {k: fl.category_label(kind, k) for k in [*values.index, *values.columns]}
        fig = support_sankey(values, labels=labels, period=self.period_text(year))
        table = values.rename(index=labels)
        table_status = status.rename(index=labels)
        columns = {c: (_cap(labels[c]), "count") for c in values.columns}
        note = ("Huvudsaklig försörjning före start (rader) och efter avslut (kolumner) för identifierade deltagare "
                "som avslutat.")
        return self._selection(filters, year) + self.figure_bundles(
            fig, table, columns=columns, status=table_status, index=("Före \\ efter", "text"), note=note)

    def durations(self) -> None:
        """Tid i insats."""
        self.interactive(self.controls("intervention", "municipality", "gender", "period"), self.render_durations)

    def render_durations(self, intervention: str = ALL, municipality: str = ALL, gender: str = ALL,
                         period: int | None = None) -> list[Bundle]:
        year = period or self.year
        filters = Filters(intervention, municipality, gender)
        if (nothing := self._unavailable(year, filters)) is not None:
            return nothing
        values, status = fl.suppressed_durations(self.audit(year), filters)
        labels = [fl.category_label("duration", k) for k in values.index]
        values["label"] = labels
        values.index = status.index = pd.Index(labels)
        fig = durations_bar(values, period=self.period_text(year))
        columns = {"ended": (f"Avslutade {self.period_text(year)}", "count"),
                   "ongoing": (f"Pågående den {self.at_end(year)}", "count")}
        note = ("Identifierade deltagare. Tiden räknas i hela månader från start till avslut, för pågående till "
                f"{self.at_end(year)}.")
        return self._selection(filters, year) + self.figure_bundles(
            fig, values, columns=columns, status=status, index=("Tid i insats", "text"), note=note)

    def demographics(self) -> None:
        """Kön, åldersgrupp, utbildning och år i offentlig försörjning; andel anonyma."""
        self.interactive(self.controls("intervention", "municipality", "gender", "period"),
                         self.render_demographics)

    def render_demographics(self, intervention: str = ALL, municipality: str = ALL, gender: str = ALL,
                            period: int | None = None) -> list[Bundle]:
        year = period or self.year
        filters = Filters(intervention, municipality, gender)
        if (nothing := self._unavailable(year, filters)) is not None:
            return nothing
        audited = self.audit(year)
        bundles = self._selection(filters, year)
        bundles.append(html_bundle(f"{CSS}<p class='fsd-note'>{html.escape(self._anonymous_text(audited, filters))}"
                                   "</p>"))
        for name, what in fl.DISTRIBUTIONS.items():
            if name == "gender" and filters.gender != ALL:
                continue
            values, status = fl.suppressed_distribution(audited, name, filters)
            labels = [fl.category_label(name, k) for k in values.index]
            values["label"] = labels
            fig = distribution_bar(values, what=what, period=self.period_text(year))
            values.index = status.index = pd.Index(labels)
            note = ("Alla deltagare, även anonyma." if name == "gender" else
                    "Identifierade deltagare." + (" Ålder vid start, räknad från födelseåret." if name == "age"
                                                  else ""))
            bundles += self.figure_bundles(fig, values, columns={"count": ("Antal", "count"),
                                                                 "share": ("Andel", "share")},
                                           status=status, index=(_cap(what), "text"), note=note)
        return bundles

    def _anonymous_text(self, audited: PeriodAudit, filters: Filters) -> str:
        totals = fl.suppressed_flow_totals(audited, filters)
        episodes, anonymous = totals["episodes"], totals["anonymous"]
        period = self.period_text(audited.year)
        took_part = (f"{_cap(period)} har {fmt_int(episodes)} deltagare varit med" if self.is_open(audited.year)
                     else f"{_cap(period)} var {fmt_int(episodes)} deltagare med")
        if episodes is not None and anonymous is not None:
            share = f" ({fmt_percent(anonymous / episodes)})" if episodes else ""
            head = f"{took_part}, varav {fmt_int(anonymous)}{share} anonyma."
        elif episodes is not None:
            head = f"{took_part}; antalet anonyma visas inte av integritetsskäl."
        else:
            head = "Antalet deltagare och anonyma visas inte av integritetsskäl."
        return f"{head} {ANONYMOUS_NOTE}"

    def data_quality(self) -> None:
        """Datakvalitet: en kort lista för förbundschefen."""
        _page.show(self.render_data_quality())

    def render_data_quality(self) -> list[Bundle]:
        audited = self.audit(self.year)
        figures = fl.quality_figures(audited, self.participants, self.cutoff)
        period = self.period_text(self.year)
        items = [
            self._count_item(figures["open_over_two_years"],
                             "deltaganden saknar slutdatum fast de startade för mer än två år sedan – kontrollera "
                             "om de har avslutats",
                             none="Inget deltagande utan slutdatum har pågått i mer än två år."),
            self._count_item(figures["ended_without_reason"], "avslutade deltaganden saknar avslutsorsak",
                             none="Alla avslutade identifierade deltaganden har en avslutsorsak (det kontrolleras "
                                  "när underlaget läses in)."),
        ]
        for key, what, whom in (
            ("missing_education", "utbildning", f"identifierade deltagare {period}"),
            ("missing_birth_year", "födelseår", f"identifierade deltagare {period}"),
            ("missing_support_years", "år i offentlig försörjning", f"identifierade deltagare {period}"),
            ("missing_support_before", "försörjning före start", f"identifierade deltagare {period}"),
            ("missing_support_after", "försörjning efter avslut", f"identifierade som avslutat {period}"),
        ):
            items.append(self._missing_item(figures[key], what, whom))
        body = "".join(f"<li>{html.escape(item)}</li>" for item in items)
        return [html_bundle(f"{CSS}<ul class='fsd-note'>{body}</ul>")]

    def _count_item(self, figure: fl.Published, text: str, *, none: str) -> str:
        if figure.value == 0:
            return none
        if figure.value is None:
            return f"Färre än {self.min_count} {text}."
        return f"{fmt_int(figure.value)} {text}."

    def _missing_item(self, figure: fl.Published, what: str, whom: str) -> str:
        if figure.value == 0:
            return f"Uppgift om {what} finns för alla {whom}."
        if figure.value is None:
            amount = f"färre än {self.min_count}" if figure.status == "small" else "några (antalet visas inte)"
            return f"Uppgift om {what} saknas för {amount} {whom}."
        share = f" ({fmt_percent(figure.share)})" if figure.share is not None else ""
        base = f" av {fmt_int(figure.base)}" if figure.base is not None else ""
        return f"Uppgift om {what} saknas för {fmt_int(figure.value)}{base}{share} {whom}."

