"""Måluppfyllelse: every goal of the year for the association and per intervention, with target, outcome, status
(colour, symbol and word), the annual-report sentence and the trend over earlier years.

Everything shown comes from the suppressed summary (:func:`finsamdash.report.summary` with ``min_count``): an
outcome the pack's audit hides shows the one mark of a hidden figure and its sentence is the version without
figures; in the trend charts such a year is a gap with a note.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, ClassVar

import pandas as pd

from finsamdash.dashboards._page import Bundle, Control, Page, html_bundle, section
from finsamdash.dashboards.registry import dashboard
from finsamdash.metrics.goal_follow_up import (
    ASSOCIATION_GROUP,
    goal_history,
    goal_rows,
    status_counts,
    status_frame,
    status_texts,
    trend_texts,
)
from finsamdash.metrics.goal_follow_up import goal_trend as trend_rows
from finsamdash.metrics.goals import FORECAST_METRICS
from finsamdash.present.figures.goals import goal_trend, status_bar, status_style
from finsamdash.present.tables import CSS
from finsamdash.present.theme import STATUS_STYLE
from finsamdash.wording.formatting import fmt_int
from finsamdash.wording.goals import (
    ALL_GOALS,
    COMMENT_LABEL,
    GOAL_LIST_COLUMNS,
    GOAL_LIST_COLUMNS_COMPACT,
    GOALS_WORD,
    NO_EARLIER_GOALS,
    QUALITATIVE_TREND,
    SHOW_GOALS_FOR,
    SHOW_TRENDS_FOR,
    TREND_COLUMNS,
    goal_assessment,
    goals_without_history,
    intervention_heading,
    open_year_note,
    trend_hidden_note,
)
from finsamdash.wording.pages import (
    GOAL_COUNT_COLUMN,
    LACKING_CONSEQUENCES,
    STATUS_COLUMN,
    no_goals_in_year,
    no_goals_reason,
)
from finsamdash.wording.privacy import hidden_note, status_hidden_note
from finsamdash.wording.status import HIDDEN_STATUS

__all__ = ["GoalsPage", "goal_list_html", "status_badge", "status_cards_html"]

ALL = "__all__"


# --- HTML pieces (shared with the overview) --------------------------------------------------------------------

def status_badge(status: str) -> str:
    """Status as a coloured label with symbol and word (never colour alone); dark text on the status colour."""
    style = status_style(status)
    return (f"<span class='fsd-status' style='background:{style['color']};color:#000;padding:1px 8px;"
            f"border-radius:10px'>{html.escape(style['symbol'])} {html.escape(style['label'])}</span>")


def status_cards_html(counts: Mapping[str, int]) -> str:
    """One card per status with the number of goals (the hidden status only when a goal has it)."""
    cards = "".join(
        f"<div class='fsd-card'><div class='label'>{status_badge(status)}</div>"
        f"<div class='value'>{fmt_int(counts.get(status, 0))}</div>"
        f"<div class='delta'>{GOALS_WORD}</div></div>"
        for status in STATUS_STYLE if status != HIDDEN_STATUS or counts.get(status)
    )
    return f"<div class='fsd-cards'>{cards}</div>"


#: A goal's own text, its assessment under it and the director's comment.
GOAL_CSS = ("<style>.fsd-goal-text{font-weight:600}.fsd-goal-assessment{margin-top:0.15em}"
            ".fsd-goal-comment{color:#444;margin-top:0.15em}</style>")


def goal_cell(row: Any, *, preliminary: bool = False) -> str:
    """A goal as the plan words it, then its assessment ("Utfall hittills: 124 av 144 (86 %) – delvis uppnått"),
    then the director's comment (``row`` is a row of ``goal_rows``)."""
    text = row.text or row.sentence
    parts = [f"<div class='fsd-goal-text'>{html.escape(text)}</div>",
             f"<div class='fsd-goal-assessment'>{html.escape(goal_assessment(row._asdict(), preliminary=preliminary))}"
             "</div>"]
    if row.comment:
        parts.append(f"<div class='fsd-goal-comment'><em>{COMMENT_LABEL}</em> {html.escape(row.comment)}</div>")
    return "".join(parts)


def goal_list_html(rows: pd.DataFrame, *, caption: str = "", compact: bool = False,
                   preliminary: bool = False) -> str:
    """A table of goals: each goal in the plan's own words with its assessment under it, the target and the
    status (compact: status and goal only). ``preliminary``: the year is still running ("Utfall hittills")."""
    if compact:
        head = "".join(f"<th>{column}</th>" for column in GOAL_LIST_COLUMNS_COMPACT)
    else:
        head = "<th>{}</th><th>{}</th><th class='num'>{}</th><th>{}</th>".format(*GOAL_LIST_COLUMNS)
    body = []
    for row in rows.itertuples(index=False):
        cell = goal_cell(row, preliminary=preliminary)
        if compact:
            body.append(f"<tr><td>{status_badge(row.status)}</td><td>{cell}</td></tr>")
        else:
            body.append(
                f"<tr><td>{html.escape(row.goal_id)}</td><td>{cell}</td>"
                f"<td class='num' style='white-space:nowrap'>{html.escape(row.target_text)}</td>"
                f"<td>{status_badge(row.status)}</td></tr>"
            )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f"{GOAL_CSS}<table class='fsd-table fsd-goals'>{cap}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


class GoalsPage(Page):
    """Måluppfyllelse: sections :meth:`status_summary`, :meth:`goal_list` and :meth:`trends`."""

    title = dashboard("goals").title
    uses: ClassVar[dict[str, str]] = LACKING_CONSEQUENCES["goals"]

    # --- data ----------------------------------------------------------------------------------------------------

    def summary_for(self, year: int) -> dict[str, Any]:
        """The published goals of ``year`` as known at the meeting (``{"goals": […]}``, computed once per year and
        page parameters, see :meth:`~finsamdash.dashboards._page.Page.remembered`)."""
        def compute() -> dict[str, Any]:
            from finsamdash.report import goals_of_year

            return {"goals": goals_of_year(self.data, self.association_id, year, self.disclosure,
                                           preliminary=year == self.year and self.year_is_open,
                                           forecast=self.forecast_for(year))}

        return self.remembered("summary", compute, year)

    def intervention_names(self) -> dict[str, str]:
        rows = self.rows("interventions")
        if rows is None:
            return {}
        return {str(i): str(n) for i, n in zip(rows["intervention_id"], rows["name"], strict=True)}

    def goal_texts(self, year: int) -> dict[str, str]:
        """The goals as written in the plan, by goal_id, for ``year``."""
        goals = self.rows("goals")
        if goals is None:
            return {}
        rows = goals.loc[(goals["year"] == year).fillna(False).astype(bool)]
        return {str(g): str(t) for g, t in zip(rows["goal_id"], rows["text"], strict=True) if not pd.isna(t)}

    def goal_table(self) -> pd.DataFrame:
        """The year's goals, grouped (see :func:`finsamdash.metrics.goal_follow_up.goal_rows`)."""
        return goal_rows(self.summary_for(self.year)["goals"], intervention_names=self.intervention_names(),
                         texts=self.goal_texts(self.year))

    def hidden_since_previous(self) -> bool:
        """R9 on the goals of every year the page shows (the list and the trends)."""
        years = set(self.goal_years())
        return self.disclosure.hidden_since_previous(cells=[
            c for (year, _index), g in self.disclosure.goals.items() if year in years for c in (g.x, g.n) if c])

    def goal_years(self) -> list[int]:
        goals = self.rows("goals")
        if goals is None:
            return []
        return sorted(int(y) for y in goals["year"].dropna().unique() if int(y) <= self.year)

    def history(self) -> pd.DataFrame:
        """Every year's suppressed goals up to the year shown (long format)."""
        return goal_history({year: self.summary_for(year)["goals"] for year in self.goal_years()})

    def _group_control(self, table: pd.DataFrame, label: str = SHOW_GOALS_FOR) -> dict[str, Control]:
        groups = list(dict.fromkeys(table["group"]))
        options = ((ALL_GOALS, ALL), *((g, g) for g in groups))
        return {"group": Control(label, options, ALL)}

    def unavailable(self) -> list[tuple[str, str]]:
        """Besides a missing sheet: no goals for the year shown (said once, under the header)."""
        reasons = super().unavailable()
        if not self.lacks("goals") and self.goal_table().empty:
            reasons.append((no_goals_reason(self.year), no_goals_in_year(self.year)))
        return reasons

    def _no_goals(self) -> list[Bundle]:
        """The left-out marker when there are no goals for the year (the header says why), else nothing."""
        if gap := self.missing("goals"):
            return gap
        if self.goal_table().empty:
            return self.leave_out(no_goals_reason(self.year))
        return []

    def hidden_status_note(self, hidden: int) -> str:
        """The footnote of a hidden status (empty when no goal has one)."""
        return status_hidden_note(self.min_count) if hidden else ""

    def _open_year_note(self) -> str:
        if not self.year_is_open:
            return ""
        return open_year_note(self.year, self.cutoff, self.books_closed,
                              forecast_goals=bool(self.goal_table()["metric"].isin(FORECAST_METRICS).any()))

    # --- sections ------------------------------------------------------------------------------------------------

    @section
    def status_summary(self) -> list[Bundle]:
        """How many goals are met, partly met, not met and without data: cards and a bar chart."""
        if gap := self._no_goals():
            return gap
        counts = status_counts(self.summary_for(self.year)["goals"])
        title, alt = status_texts(counts, year=self.year, year_is_open=self.year_is_open)
        frame = status_frame(counts)
        notes = [n for n in (self.hidden_status_note(counts.get(HIDDEN_STATUS, 0)), self._open_year_note()) if n]
        bundles = [html_bundle(CSS + status_cards_html(counts)
                               + "".join(f"<p class='fsd-note'>{html.escape(n)}</p>" for n in notes))]
        columns = {"label": (STATUS_COLUMN, "text"), "count": (GOAL_COUNT_COLUMN, "count")}
        bundles += self.figure_bundles(status_bar(frame, title=title, alt=alt), frame, columns=columns)
        return bundles

    @section
    def goal_list(self) -> list[Bundle]:
        """Every goal of the year, the association's first, then each intervention's: target, outcome, status
        and the sentence (without figures when they would reveal small counts)."""
        if gap := self._no_goals():
            return gap
        table = self.goal_table()

        def render(group: str) -> list[Bundle]:
            parts = []
            for name, rows in table.groupby("group", sort=False):
                if group in (ALL, name):
                    caption = name if name == ASSOCIATION_GROUP else intervention_heading(name)
                    parts.append(goal_list_html(rows, caption=caption, preliminary=self.year_is_open))
            notes = []
            if table["hidden"].any():
                notes.append(hidden_note(self.min_count))
            if (table["status"] == HIDDEN_STATUS).any():
                notes.append(self.hidden_status_note(1))
            if self._open_year_note():
                notes.append(self._open_year_note())
            note = "".join(f"<p class='fsd-note'>{html.escape(n)}</p>" for n in notes)
            return [html_bundle(CSS + "".join(parts) + note)]

        return self.interactive(self._group_control(table), render)

    @section
    def trends(self) -> list[Bundle]:
        """Each goal's outcome per year against its target, for goals that existed in earlier years (same goal id
        and metric); qualitative goals as their status per year."""
        if gap := self._no_goals():
            return gap
        table = self.goal_table()
        history = self.history()

        def render(group: str) -> list[Bundle]:
            bundles: list[Bundle] = []
            single: list[str] = []
            for name, rows in table.groupby("group", sort=False):
                if group not in (ALL, name):
                    continue
                charts = [b for goal in rows.to_dict("records") for b in self._trend_bundles(goal, history, single)]
                if charts:
                    heading = name if name == ASSOCIATION_GROUP else intervention_heading(name)
                    bundles += [html_bundle(f"{CSS}<h3>{html.escape(heading)}</h3>"), *charts]
            if single and not bundles:
                bundles.append(html_bundle(f"{CSS}<p class='fsd-note'>{NO_EARLIER_GOALS}</p>"))
            elif single:
                note = html.escape(goals_without_history(single))
                bundles.append(html_bundle(f"{CSS}<p class='fsd-note'>{note}</p>"))
            return bundles

        return self.interactive(self._group_control(table, SHOW_TRENDS_FOR), render)

    def _trend_bundles(self, goal: Mapping[str, Any], history: pd.DataFrame, single: list[str]) -> list[Bundle]:
        trend = trend_rows(history, goal, year=self.year, year_is_open=self.year_is_open)
        if len(trend) < 2:
            single.append(goal["goal_id"])
            return []
        if goal["metric"] == "manual":
            steps = " · ".join(f"{html.escape(str(r.year_label))} {status_badge(r.status)}"
                               for r in trend.itertuples())
            return [html_bundle(f"{CSS}<p><strong>{html.escape(goal['goal_id'])}</strong> ({QUALITATIVE_TREND}): "
                                f"{steps}</p>")]
        title, alt = trend_texts(trend, goal_id=goal["goal_id"], year=self.year, year_is_open=self.year_is_open)
        fig = goal_trend(trend, title=title, alt=alt, unit=goal["unit"], subtitle=goal.get("text") or "")
        table = trend.assign(status_text=[f"{status_style(s)['symbol']} {status_style(s)['label']}"
                                          for s in trend["status"]]).set_index("year_label")
        note = trend_hidden_note(all_hidden=bool(trend["hidden"].all()), any_hidden=bool(trend["hidden"].any()),
                                 status_hidden=bool((trend["status"] == HIDDEN_STATUS).any()))
        year, target, outcome, status = TREND_COLUMNS
        return self.figure_bundles(
            fig, table, index=(year, "text"), note=note,
            columns={"target_text": (target, "text"), "outcome_text": (outcome, "text"),
                     "status_text": (status, "text")},
        )
