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
from finsamdash.metrics.participant_flows import ASSOCIATION, DISTRIBUTIONS, DURATION_BUCKETS, quality_counts
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
from finsamdash.privacy.recode import in_bucket_order
from finsamdash.privacy.views import TOTAL, SelectionView, choices, figure, frame, share
from finsamdash.wording import participants as sv
from finsamdash.wording.formatting import fmt_date, fmt_int, fmt_month, fmt_percent
from finsamdash.wording.pages import no_complete_period_yet
from finsamdash.wording.privacy import HIDDEN_MARK, HIDDEN_WORDS, merged_note, selection_missing

__all__ = ["ParticipantsPage"]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _window_label(window: tuple[str, str], level: str) -> str:
    month = int(window[0][5:7])
    if level == "month":
        return fmt_month(month)
    if level == "quarter":
        return sv.QUARTERS[(month - 1) // 3]
    return sv.YEAR_SO_FAR if window[1][5:] != "12-31" else sv.WHOLE_YEAR


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
        return sv.period_text(year, year_is_open=self.is_open(year))

    def at_end(self, year: int) -> str:
        return fmt_date(self.cutoff) if self.is_open(year) else sv.year_end(year)

    def hidden_since_previous(self) -> bool:
        return self.disclosure.hidden_since_previous(kind="p", years=self.years())

    def view(self, year: int, selection: str) -> SelectionView:
        return SelectionView(self.disclosure, year, selection)

    # --- controls ----------------------------------------------------------------------------------------------

    def controls(self, *names: str) -> dict[str, Control]:
        """Drop-downs by keyword: ``selection`` and ``period``."""
        available = {
            "selection": Control(sv.SELECTION_CONTROL, tuple(choices(self.disclosure)), ASSOCIATION),
            "period": Control(sv.YEAR_CONTROL, tuple((str(y), y) for y in self.years()), self.year),
        }
        return {name: available[name] for name in names}

    def _heading(self, view: SelectionView, choice: str) -> list[Bundle]:
        """One line naming the selection when the reader narrowed it (and how small groups were merged)."""
        if choice == ASSOCIATION:
            return []
        sel = view.selection
        text = sv.selection_heading(view.year, sel.label)
        if sel.key != choice:
            text += " " + merged_note(sel.label)
        text += sv.NO_MUNICIPALITY if sel.key.startswith("m:") else ""
        return [html_bundle(f"{CSS}<p class='fsd-note'><strong>{html.escape(text)}</strong></p>")]

    def _unavailable(self, year: int, choice: str) -> list[Bundle] | None:
        """One sentence when there is nothing to show for the choice in the year."""
        layout = self.disclosure.layouts.get(year)
        if layout is None:
            text = sv.year_not_shown(year)
        elif choice in layout.shown_as:
            return None
        elif choice[:2] in layout.withheld:
            text = selection_missing(year, choice[:2])
        else:
            text = sv.no_participants(self._choice_label(choice), year)
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
        labels = [sv.YEAR_START, *(fmt_date(pd.Timestamp(d).date()) for d in active.index[1:])]
        active = active.assign(label=labels)
        active_status.index = active.index = pd.Index(labels)
        anonymous = view.total("anonymous")
        note = self._anonymous_flow_note(anonymous)
        bundles += self.figure_bundles(
            active_per_month(active, hidden=[s == HIDDEN for s in active_status["active"]], at_end=self.at_end(year)),
            active, columns={"active": (sv.ACTIVE_COLUMN, "count")}, status=active_status,
            index=(sv.TIME_COLUMN, "text"), note=sv.ACTIVE_NOTE)
        flows, status, level = view.flows()
        if flows.empty:  # no whole month or quarter of the year has ended yet
            return [*bundles, *self.note(no_complete_period_yet(sv.PERIOD_UNITS[level]))]
        flows["label"] = [_window_label(w, level) for w in flows.index]
        flows.index = status.index = pd.Index(flows["label"])
        unit = sv.PERIOD_UNITS[level]
        merged = sv.MERGED_LEVEL_NOTES[level]
        started, ended = view.total("started").value, view.total("ended").value
        bundles += self.figure_bundles(
            flows_per_month(flows, hidden=status == HIDDEN, started=started, ended=ended,
                            period=self.period_text(year), unit=unit), flows,
            columns={"started": (sv.STARTED_COLUMN, "count"), "ended": (sv.ENDED_COLUMN, "count")}, status=status,
            index=(_cap(unit), "text"), note=merged + note)
        return bundles

    def _anonymous_flow_note(self, anonymous) -> str:
        if anonymous.value is not None:
            return sv.anonymous_flow_note(fmt_int(anonymous.value))
        return sv.anonymous_flow_note(HIDDEN_WORDS if anonymous.hidden else None)

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
            caption = sv.interventions_hidden_caption(self.period_text(year))
        elif len(shown) and not pd.isna(total):
            top = shown.astype(int).idxmax()
            caption = sv.interventions_top_caption(top, self.period_text(year), fmt_int(shown[top]), fmt_int(total))
        else:
            caption = sv.interventions_caption(self.period_text(year))
        active = sv.ACTIVE_NOW if self.is_open(year) else sv.ACTIVE_AT_YEAR_END
        return self.table_bundles(
            values, caption=caption, status=status, index=(sv.INTERVENTION_COLUMN, "text"),
            note=sv.interventions_note(HIDDEN_MARK),
            columns={"episodes": (sv.EPISODES_COLUMN, "count"), "anonymous": (sv.ANONYMOUS_COLUMN, "count"),
                     "started": (sv.STARTED_COLUMN, "count"), "ended": (sv.ENDED_COLUMN, "count"),
                     "active": (active, "count"), "work_or_studies_share": (sv.WORK_OR_STUDIES_COLUMN, "share")})

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
        return self._heading(view, selection) + self.figure_bundles(
            fig, table, columns={"count": (sv.COUNT_COLUMN, "count"), "share": (sv.ENDED_SHARE_COLUMN, "share")},
            status=status, index=(sv.EXIT_STATUS_COLUMN, "text"), note=sv.EXITS_NOTE)

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
                                 if label.startswith(sv.MERGED_PREFIX) else label, "members": members, "value": value})
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
        return self._heading(view, selection) + self.figure_bundles(
            fig, table, columns={"before": (sv.BEFORE_COLUMN, "count"), "after": (sv.AFTER_COLUMN, "count")},
            status=status, index=(sv.SUPPORT_COLUMN, "text"), note=sv.SUPPORT_NOTE)

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
        labels = in_bucket_order([*zip(ended["label"], ended["members"], strict=True),
                                  *zip(ongoing["label"], ongoing["members"], strict=True)],
                                 order=[b.key for b in DURATION_BUCKETS])
        table = pd.DataFrame({"label": labels}, index=pd.Index(labels))
        table["ended"] = pd.Series(dict(zip(ended["label"], ended["count"], strict=True))).reindex(labels)
        table["ongoing"] = pd.Series(dict(zip(ongoing["label"], ongoing["count"], strict=True))).reindex(labels)
        table = table.astype({"ended": "Int64", "ongoing": "Int64"})
        status = pd.DataFrame({
            "ended": pd.Series(dict(zip(ended["label"], ended_status["count"], strict=True))).reindex(labels),
            "ongoing": pd.Series(dict(zip(ongoing["label"], ongoing_status["count"], strict=True))).reindex(labels),
        }).fillna("")
        fig = durations_bar(table, hidden=status == HIDDEN, period=self.period_text(year))
        columns = {"ended": (sv.ended_column(self.period_text(year)), "count"),
                   "ongoing": (sv.ongoing_column(self.at_end(year)), "count")}
        return self._heading(view, selection) + self.figure_bundles(
            fig, table, columns=columns, status=status, index=(sv.DURATION_COLUMN, "text"),
            note=sv.durations_note(self.at_end(year)))

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
        parts = [] if view.key.startswith("g:") else [("gender", sv.GENDER_NAME, *view.genders(),
                                                       view.total("episodes"))]
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
            note = (sv.ALL_PARTICIPANTS_NOTE if name == "gender" else
                    sv.IDENTIFIED_NOTE + (sv.AGE_NOTE if name == "age" else ""))
            bundles += self.figure_bundles(fig, values, columns={"count": (sv.COUNT_COLUMN, "count"),
                                                                 "share": (sv.SHARE_COLUMN, "share")},
                                           status=status, index=(_cap(what), "text"), note=note)
        return bundles

    def _anonymous_text(self, view: SelectionView) -> str:
        episodes, anonymous = view.total("episodes"), view.total("anonymous")
        period = self.period_text(view.year)
        took_part = sv.took_part(_cap(period), fmt_int(episodes.value), year_is_open=self.is_open(view.year))
        if episodes.value is None:
            return sv.PARTICIPANTS_HIDDEN
        if anonymous.value is not None:
            part = f" ({fmt_percent(anonymous.value / episodes.value)})" if episodes.value else ""
            head = sv.of_whom_anonymous(took_part, f"{fmt_int(anonymous.value)}{part}")
        else:
            head = sv.of_whom_anonymous(took_part, HIDDEN_WORDS)
        return f"{head} {sv.ANONYMOUS_NOTE}"

    @section
    def data_quality(self) -> list[Bundle]:
        """Datakvalitet: en kort lista för förbundschefen."""
        return self.render_data_quality()

    def render_data_quality(self) -> list[Bundle]:
        view = self.view(self.year, ASSOCIATION)
        period = self.period_text(self.year)
        register = quality_counts(self.rows("participants"), self.cutoff)
        items = [
            self._register_item(register["open_over_two_years"], sv.OPEN_TOO_LONG, none=sv.NONE_OPEN_TOO_LONG),
            self._register_item(register["ended_without_reason"], sv.ENDED_WITHOUT_REASON,
                                none=sv.NONE_WITHOUT_REASON),
        ]
        identified, ended = view.total("identified"), view.total("ended")
        for name, whom, base in (
            ("education:missing", sv.identified_in(period), identified),
            ("age:missing", sv.identified_in(period), identified),
            ("support_years:missing", sv.identified_in(period), identified),
            ("support_before_missing", sv.identified_in(period), identified),
            ("sa:missing", sv.ended_identified_in(period), ended),
        ):
            items.append(self._missing_item(figure(self.disclosure, cell(ASSOCIATION, name, *view.win.whole)),
                                            sv.MISSING_WHAT[name], whom, base))
        body = "".join(f"<li>{html.escape(item)}</li>" for item in items)
        return [html_bundle(f"{CSS}<ul class='fsd-note'>{body}</ul>")]

    def _register_item(self, count: int, text: str, *, none: str) -> str:
        """A count that describes the register (not a group with a trait): shown when 0 or not small."""
        if count == 0:
            return none
        if is_unsafe(count, self.min_count):
            return sv.fewer_than(self.min_count, text)
        return sv.counted(fmt_int(count), text)

    def _missing_item(self, fig: Any, what: str, whom: str, base: Any) -> str:
        if fig.value == 0:
            return sv.nothing_missing(what, whom)
        if fig.value is None:
            return sv.some_missing(what, whom, HIDDEN_MARK)
        part = f" ({fmt_percent(fig.value / base.value)})" if base.value else ""
        of = sv.of_base(fmt_int(base.value)) if base.value is not None else ""
        return sv.missing_for(what, fmt_int(fig.value), of, part, whom)
