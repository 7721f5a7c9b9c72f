"""Deltagarflöden: who takes part, how they come and go, and where they go after.

Sections (one method each, called from ``notebooks/participants.ipynb``): :meth:`ParticipantsPage.monthly_flows`,
:meth:`~ParticipantsPage.interventions`, :meth:`~ParticipantsPage.exits`, :meth:`~ParticipantsPage.support`,
:meth:`~ParticipantsPage.durations`, :meth:`~ParticipantsPage.demographics` and
:meth:`~ParticipantsPage.data_quality`. The drop-downs choose the year (the year shown and the one before) and one
selection – the whole association, one intervention, one municipality or one gender. Every count comes from the
pack's audit (:attr:`Page.disclosure`): small groups are merged ("övriga insatser", "25–44 år", quarters instead of
months) before anything is hidden, and a hidden count is shown as hidden. Started and ended count identified
participants; anonymous participants are reported as their own count.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from finsamdash.dashboards._page import Bundle, Control, Page, html_bundle, section
from finsamdash.dashboards.registry import dashboard
from finsamdash.metrics.participant_flows import ASSOCIATION, DISTRIBUTIONS, quality_counts
from finsamdash.present.figures.participants import (
    active_per_month,
    distribution_bar,
    durations_bar,
    exit_sankey,
    flows_per_month,
    support_bars,
)
from finsamdash.present.tables import CSS
from finsamdash.privacy import HIDDEN, is_unsafe
from finsamdash.privacy.pack import intervention_names
from finsamdash.privacy.participants import cell
from finsamdash.privacy.views import TOTAL, SelectionView, choices, figure, frame, share
from finsamdash.wording.formatting import fmt_date, fmt_int, fmt_month, fmt_percent
from finsamdash.wording.pages import no_complete_period_yet
from finsamdash.wording.privacy import HIDDEN_MARK, HIDDEN_WORDS, merged_note, selection_missing

__all__ = ["ParticipantsPage"]

ANONYMOUS_NOTE = ("Anonyma deltagare räknas i totaler, aktiva och könsfördelning men inte i påbörjade och avslutade, "
                  "ålder, utbildning, försörjning, tid i insats eller avslut.")
NATIONAL_REFERENCE = "Nationellt går ungefär en tredjedel av dem som avslutar direkt till arbete eller studier."
#: the started/ended chart's period (see finsamdash.privacy.layout.flow_windows), as a word
_UNITS = {"month": "månad", "quarter": "kvartal", "year": "år"}
QUARTERS = ("januari–mars", "april–juni", "juli–september", "oktober–december")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _window_label(window: tuple[str, str], level: str) -> str:
    month = int(window[0][5:7])
    if level == "month":
        return fmt_month(month)
    if level == "quarter":
        return QUARTERS[(month - 1) // 3]
    return "hittills i år" if window[1][5:] != "12-31" else "hela året"


class ParticipantsPage(Page):
    """Deltagarflöden (participant flows) for one association and year."""

    title = dashboard("participants").title

    # --- data ------------------------------------------------------------------------------------------------------

    def years(self) -> list[int]:
        """The years the page shows, newest first."""
        return sorted(self.disclosure.layouts, reverse=True)

    def is_open(self, year: int) -> bool:
        return year == self.cutoff.year

    def period_text(self, year: int) -> str:
        return "hittills i år" if self.is_open(year) else f"under {year}"

    def at_end(self, year: int) -> str:
        return fmt_date(self.cutoff) if self.is_open(year) else f"31 december {year}"

    def hidden_since_previous(self) -> bool:
        return self.disclosure.hidden_since_previous(kind="p", years=self.years())

    def view(self, year: int, selection: str) -> SelectionView:
        return SelectionView(self.disclosure, year, selection)

    # --- controls ----------------------------------------------------------------------------------------------

    def controls(self, *names: str) -> dict[str, Control]:
        """Drop-downs by keyword: ``selection`` and ``period``."""
        available = {
            "selection": Control("Urval", tuple(choices(self.disclosure)), ASSOCIATION),
            "period": Control("År", tuple((str(y), y) for y in self.years()), self.year),
        }
        return {name: available[name] for name in names}

    def _heading(self, view: SelectionView, choice: str) -> list[Bundle]:
        """One line naming the selection when the reader narrowed it (and how small groups were merged)."""
        if choice == ASSOCIATION:
            return []
        sel = view.selection
        text = f"Urval {view.year}: {sel.label}."
        if sel.key != choice:
            text += " " + merged_note(sel.label)
        text += " Anonyma deltagare har ingen kommun." if sel.key.startswith("m:") else ""
        return [html_bundle(f"{CSS}<p class='fsd-note'><strong>{html.escape(text)}</strong></p>")]

    def _unavailable(self, year: int, choice: str) -> list[Bundle] | None:
        """One sentence when there is nothing to show for the choice in the year."""
        layout = self.disclosure.layouts.get(year)
        if layout is None:
            text = f"Året {year} visas inte på den här sidan."
        elif choice in layout.shown_as:
            return None
        elif choice[:2] in layout.withheld:
            text = selection_missing(year, choice[:2])
        else:
            text = f"{self._choice_label(choice)} hade inga deltagare under {year}."
        return [html_bundle(f"{CSS}<p class='fsd-note'>{html.escape(text)}</p>")]

    def _choice_label(self, choice: str) -> str:
        """The name of a selection, also of one the page does not offer (an intervention without participants)."""
        found = next((label for label, key in choices(self.disclosure) if key == choice), None)
        if found is not None:
            return found
        kind, _sep, name = choice.partition(":")
        return intervention_names(self.full, self.association_id).get(name, name) if kind == "i" else name

    # --- sections ------------------------------------------------------------------------------------------------

    @section
    def monthly_flows(self) -> list[Bundle]:
        """Aktiva, påbörjade och avslutade under året (per månad, kvartal eller för året hittills)."""
        return self.interactive(self.controls("selection", "period"), self.render_monthly)

    def render_monthly(self, selection: str = ASSOCIATION, period: int | None = None) -> list[Bundle]:
        year = period or self.year
        if (nothing := self._unavailable(year, selection)) is not None:
            return nothing
        view = self.view(year, selection)
        bundles = self._heading(view, selection)
        active, active_status, _level = view.active()
        labels = ["årets början", *(fmt_date(pd.Timestamp(d).date()) for d in active.index[1:])]
        active = active.assign(label=labels)
        active_status.index = active.index = pd.Index(labels)
        anonymous = view.total("anonymous")
        note = self._anonymous_flow_note(anonymous)
        bundles += self.figure_bundles(
            active_per_month(active, hidden=[s == HIDDEN for s in active_status["active"]], at_end=self.at_end(year)),
            active, columns={"active": ("Aktiva vid dagens slut", "count")}, status=active_status,
            index=("Tidpunkt", "text"), note="Aktiva = alla som deltar, anonyma inräknade.")
        flows, status, level = view.flows()
        if flows.empty:  # no whole month or quarter of the year has ended yet
            return [*bundles, *self.note(no_complete_period_yet(_UNITS[level]))]
        flows["label"] = [_window_label(w, level) for w in flows.index]
        flows.index = status.index = pd.Index(flows["label"])
        unit = _UNITS[level]
        merged = "" if level == "month" else ("Visas per kvartal eftersom några månader har för få personer. "
                                              if level == "quarter" else
                                              "Visas för året hittills eftersom kvartalen har för få personer. ")
        started, ended = view.total("started").value, view.total("ended").value
        bundles += self.figure_bundles(
            flows_per_month(flows, hidden=status == HIDDEN, started=started, ended=ended,
                            period=self.period_text(year), unit=unit), flows,
            columns={"started": ("Påbörjade", "count"), "ended": ("Avslutade", "count")}, status=status,
            index=(_cap(unit), "text"), note=merged + note)
        return bundles

    def _anonymous_flow_note(self, anonymous) -> str:
        base = "Påbörjade och avslutade räknar identifierade deltagare; anonyma redovisas för sig"
        if anonymous.value is not None:
            return f"{base} ({fmt_int(anonymous.value)} anonyma deltagare under året)."
        return f"{base} ({HIDDEN_WORDS} anonyma deltagare under året)." if anonymous.hidden else base + "."

    @section
    def interventions(self) -> list[Bundle]:
        """Per insats: deltagare, varav anonyma, påbörjade, avslutade, aktiva och andel till arbete eller studier."""
        return self.interactive(self.controls("period"), self.render_interventions)

    def render_interventions(self, period: int | None = None) -> list[Bundle]:
        year = period or self.year
        if (nothing := self._unavailable(year, ASSOCIATION)) is not None:
            return nothing
        layout = self.disclosure.layouts[year]
        end = layout.windows.end
        rows = []
        for key in (*layout.interventions, ASSOCIATION):
            label = TOTAL if key == ASSOCIATION else layout.selections[key].label
            names = {"episodes": "episodes", "anonymous": "anonymous", "started": "started", "ended": "ended"}
            cells = {column: cell(key, name, *layout.windows.whole) for column, name in names.items()}
            cells["active"] = cell(key, "active", end, end)
            cells["wos"] = cell(key, "wos", *layout.windows.whole)
            rows.append((label, cells))
        values, status = frame(self.disclosure, rows)
        values["work_or_studies_share"] = [
            None if pd.isna(w) or pd.isna(e) or not e else w / e for w, e in zip(values["wos"], values["ended"],
                                                                                  strict=True)]
        values["work_or_studies_share"] = values["work_or_studies_share"].astype("Float64")
        status["work_or_studies_share"] = [HIDDEN if HIDDEN in (w, e) else "" for w, e in zip(
            status["wos"], status["ended"], strict=True)]  # a share of hidden counts looks hidden too (R8)
        parts = values.drop(index=TOTAL)
        shown = parts["episodes"].dropna()
        total = values.at[TOTAL, "episodes"]
        hidden_parts = (status.drop(index=TOTAL)["episodes"] == HIDDEN).any()
        if hidden_parts:  # a hidden count could be the largest: no headline built on it (#17)
            caption = f"Deltagare per insats {self.period_text(year)} – några antal är dolda av integritetsskäl"
        elif len(shown) and not pd.isna(total):
            top = shown.astype(int).idxmax()
            caption = (f"{top} hade flest deltagare {self.period_text(year)}: {fmt_int(shown[top])} av "
                       f"{fmt_int(total)}")
        else:
            caption = f"Deltagare per insats {self.period_text(year)}"
        active = "Aktiva nu" if self.is_open(year) else "Aktiva vid årets slut"
        note = ("Deltagare = alla som deltog någon gång under året, även anonyma. Påbörjade och avslutade räknar "
                "identifierade deltagare. Andelen till arbete eller studier gäller identifierade som avslutat och "
                f"är dold ({HIDDEN_MARK}) när den bygger på dolda antal. Insatser med få deltagare visas "
                "tillsammans som ”övriga insatser”.")
        return self.table_bundles(
            values, caption=caption, status=status, index=("Insats", "text"), note=note,
            columns={"episodes": ("Deltagare", "count"), "anonymous": ("Varav anonyma", "count"),
                     "started": ("Påbörjade", "count"), "ended": ("Avslutade", "count"),
                     "active": (active, "count"), "work_or_studies_share": ("Andel till arbete eller studier",
                                                                           "share")})

    @section
    def exits(self) -> list[Bundle]:
        """Flödet från insats till status efter avslut."""
        return self.interactive(self.controls("selection", "period"), self.render_exits)

    def render_exits(self, selection: str = ASSOCIATION, period: int | None = None) -> list[Bundle]:
        year = period or self.year
        if (nothing := self._unavailable(year, selection)) is not None:
            return nothing
        view = self.view(year, selection)
        ended, wos = view.total("ended"), view.total("wos")
        links, hidden = self._exit_links(view)
        fig = exit_sankey(links, period=self.period_text(year), ended=ended.value, share=share(wos, ended),
                          hidden=hidden)
        table, status = view.categories("exit")
        table = table.set_index("label")
        status.index = table.index
        total = frame(self.disclosure, [(TOTAL, {"count": view.cell("ended")})])
        table = pd.concat([table[["count"]], total[0]])
        status = pd.concat([status, total[1]])
        table["share"] = [None if pd.isna(v) or not ended.value else v / ended.value for v in table["count"]]
        table["share"] = table["share"].astype("Float64")
        status["share"] = ""
        note = ("Identifierade deltagare som avslutat; anonyma ingår inte. Arbete eller studier = arbete, "
                f"subventionerad anställning och studier. {NATIONAL_REFERENCE}")
        return self._heading(view, selection) + self.figure_bundles(
            fig, table, columns={"count": ("Antal", "count"), "share": ("Andel av de avslutade", "share")},
            status=status, index=("Status efter avslut", "text"), note=note)

    def _exit_links(self, view: SelectionView) -> tuple[pd.DataFrame, int]:
        """The Sankey's flows: from each intervention (or the one chosen) to its exit categories; and how many of
        them are hidden."""
        layout = view.layout
        sources = layout.interventions if view.key == ASSOCIATION else (view.key,)
        rows, hidden = [], 0
        for key in sources:
            source = SelectionView(self.disclosure, view.year, key)
            values, status = source.categories("exit")
            for label, members, value, mark in zip(values["label"], values["members"], values["count"],
                                                   status["count"], strict=True):
                hidden += mark == HIDDEN
                if mark != HIDDEN:
                    rows.append({"source": source.selection.label, "target": label.split(" (")[0]
                                 if label.startswith("övriga") else label, "members": members, "value": value})
        return pd.DataFrame(rows, columns=["source", "target", "members", "value"]), hidden

    @section
    def support(self) -> list[Bundle]:
        """Försörjning före och efter insatsen."""
        return self.interactive(self.controls("selection", "period"), self.render_support)

    def render_support(self, selection: str = ASSOCIATION, period: int | None = None) -> list[Bundle]:
        year = period or self.year
        if (nothing := self._unavailable(year, selection)) is not None:
            return nothing
        view = self.view(year, selection)
        before, before_status = view.categories("sb")
        after, after_status = view.categories("sa")
        labels = list(dict.fromkeys([*before["label"], *after["label"]]))
        table = pd.DataFrame({"label": labels}, index=pd.Index(labels))
        table["before"] = pd.Series(dict(zip(before["label"], before["count"], strict=True))).reindex(labels)
        table["after"] = pd.Series(dict(zip(after["label"], after["count"], strict=True))).reindex(labels)
        table = table.astype({"before": "Int64", "after": "Int64"})
        status = pd.DataFrame({
            "before": pd.Series(dict(zip(before["label"], before_status["count"], strict=True))).reindex(labels),
            "after": pd.Series(dict(zip(after["label"], after_status["count"], strict=True))).reindex(labels),
        }).fillna("")
        fig = support_bars(table, hidden=status == HIDDEN, period=self.period_text(year))
        note = ("Huvudsaklig försörjning före start och efter avslut för identifierade deltagare som avslutat. "
                "Små grupper är sammanslagna till ”övrigt”; – = gruppen ingår i ”övrigt” på den sidan.")
        return self._heading(view, selection) + self.figure_bundles(
            fig, table, columns={"before": ("Före insatsen", "count"), "after": ("Efter avslut", "count")},
            status=status, index=("Försörjning", "text"), note=note)

    @section
    def durations(self) -> list[Bundle]:
        """Tid i insats."""
        return self.interactive(self.controls("selection", "period"), self.render_durations)

    def render_durations(self, selection: str = ASSOCIATION, period: int | None = None) -> list[Bundle]:
        year = period or self.year
        if (nothing := self._unavailable(year, selection)) is not None:
            return nothing
        view = self.view(year, selection)
        ended, ended_status = view.categories("dur_ended")
        ongoing, ongoing_status = view.categories("dur_ongoing")
        labels = list(dict.fromkeys([*ended["label"], *ongoing["label"]]))
        table = pd.DataFrame({"label": labels}, index=pd.Index(labels))
        table["ended"] = pd.Series(dict(zip(ended["label"], ended["count"], strict=True))).reindex(labels)
        table["ongoing"] = pd.Series(dict(zip(ongoing["label"], ongoing["count"], strict=True))).reindex(labels)
        table = table.astype({"ended": "Int64", "ongoing": "Int64"})
        status = pd.DataFrame({
            "ended": pd.Series(dict(zip(ended["label"], ended_status["count"], strict=True))).reindex(labels),
            "ongoing": pd.Series(dict(zip(ongoing["label"], ongoing_status["count"], strict=True))).reindex(labels),
        }).fillna("")
        fig = durations_bar(table, hidden=status == HIDDEN, period=self.period_text(year))
        columns = {"ended": (f"Avslutade {self.period_text(year)}", "count"),
                   "ongoing": (f"Pågående den {self.at_end(year)}", "count")}
        note = ("Identifierade deltagare. Tiden räknas i hela månader från start till avslut, för pågående till "
                f"{self.at_end(year)}.")
        return self._heading(view, selection) + self.figure_bundles(
            fig, table, columns=columns, status=status, index=("Tid i insats", "text"), note=note)

    @section
    def demographics(self) -> list[Bundle]:
        """Kön, åldersgrupp, utbildning och år i offentlig försörjning; varav anonyma."""
        return self.interactive(self.controls("selection", "period"), self.render_demographics)

    def render_demographics(self, selection: str = ASSOCIATION, period: int | None = None) -> list[Bundle]:
        year = period or self.year
        if (nothing := self._unavailable(year, selection)) is not None:
            return nothing
        view = self.view(year, selection)
        bundles = self._heading(view, selection)
        bundles.append(html_bundle(f"{CSS}<p class='fsd-note'>{html.escape(self._anonymous_text(view))}</p>"))
        parts = [] if view.key.startswith("g:") else [("gender", "kön", *view.genders(), view.total("episodes"))]
        parts += [(name, what, *view.categories(name), view.total("identified"))
                  for name, what in DISTRIBUTIONS.items()]
        for name, what, values, status, base in parts:
            values = values.set_index("label", drop=False)
            status.index = values.index
            values["share"] = [None if pd.isna(v) or not base.value else v / base.value for v in values["count"]]
            values["share"] = values["share"].astype("Float64")
            status["share"] = ""
            fig = distribution_bar(values, hidden=status[["count"]] == HIDDEN, what=what,
                                   period=self.period_text(year))
            note = ("Alla deltagare, även anonyma." if name == "gender" else
                    "Identifierade deltagare." + (" Ålder vid start, räknad från födelseåret." if name == "age"
                                                  else ""))
            bundles += self.figure_bundles(fig, values, columns={"count": ("Antal", "count"),
                                                                 "share": ("Andel", "share")},
                                           status=status, index=(_cap(what), "text"), note=note)
        return bundles

    def _anonymous_text(self, view: SelectionView) -> str:
        episodes, anonymous = view.total("episodes"), view.total("anonymous")
        period = self.period_text(view.year)
        took_part = (f"{_cap(period)} har {fmt_int(episodes.value)} deltagare varit med" if self.is_open(view.year)
                     else f"{_cap(period)} var {fmt_int(episodes.value)} deltagare med")
        if episodes.value is None:
            return f"Antalet deltagare och anonyma är dolt. {ANONYMOUS_NOTE}"
        if anonymous.value is not None:
            part = f" ({fmt_percent(anonymous.value / episodes.value)})" if episodes.value else ""
            head = f"{took_part}, varav {fmt_int(anonymous.value)}{part} anonyma."
        else:
            head = f"{took_part}, varav {HIDDEN_WORDS} anonyma."
        return f"{head} {ANONYMOUS_NOTE}"

    @section
    def data_quality(self) -> list[Bundle]:
        """Datakvalitet: en kort lista för förbundschefen."""
        return self.render_data_quality()

    def render_data_quality(self) -> list[Bundle]:
        view = self.view(self.year, ASSOCIATION)
        period = self.period_text(self.year)
        register = quality_counts(self.rows("participants"), self.cutoff)
        items = [
            self._register_item(register["open_over_two_years"],
                                "deltaganden saknar slutdatum fast de startade för mer än två år sedan – "
                                "kontrollera om de har avslutats",
                                none="Inget deltagande utan slutdatum har pågått i mer än två år."),
            self._register_item(register["ended_without_reason"], "avslutade deltaganden saknar avslutsorsak",
                                none="Alla avslutade identifierade deltaganden har en avslutsorsak (det "
                                     "kontrolleras när underlaget läses in)."),
        ]
        identified, ended = view.total("identified"), view.total("ended")
        for name, what, whom, base in (
            ("education:missing", "utbildning", f"identifierade deltagare {period}", identified),
            ("age:missing", "födelseår", f"identifierade deltagare {period}", identified),
            ("support_years:missing", "år i offentlig försörjning", f"identifierade deltagare {period}",
             identified),
            ("support_before_missing", "försörjning före start", f"identifierade deltagare {period}", identified),
            ("sa:missing", "försörjning efter avslut", f"identifierade som avslutat {period}", ended),
        ):
            items.append(self._missing_item(figure(self.disclosure, cell(ASSOCIATION, name, *view.win.whole)),
                                            what, whom, base))
        body = "".join(f"<li>{html.escape(item)}</li>" for item in items)
        return [html_bundle(f"{CSS}<ul class='fsd-note'>{body}</ul>")]

    def _register_item(self, count: int, text: str, *, none: str) -> str:
        """A count that describes the register (not a group with a trait): shown when 0 or not small."""
        if count == 0:
            return none
        if is_unsafe(count, self.min_count):
            return f"Färre än {self.min_count} {text}."
        return f"{fmt_int(count)} {text}."

    def _missing_item(self, fig: Any, what: str, whom: str, base: Any) -> str:
        if fig.value == 0:
            return f"Uppgift om {what} finns för alla {whom}."
        if fig.value is None:
            return f"Uppgift om {what} saknas för ett antal {whom} ({HIDDEN_MARK}: för få för att visas)."
        part = f" ({fmt_percent(fig.value / base.value)})" if base.value else ""
        of = f" av {fmt_int(base.value)}" if base.value is not None else ""
        return f"Uppgift om {what} saknas för {fmt_int(fig.value)}{of}{part} {whom}."
