"""Översikt: one screen for the board. The state in a few generated sentences, headline figures with the change
since the previous meeting, costs against budget, and every goal as a traffic light.

Participant figures come only from the suppressed summary (:func:`finsamdash.report.summary` with the pack's
audit, :attr:`Page.disclosure`); a hidden figure shows the one mark of a hidden figure. Changes since the previous
meeting compare with the previous meeting's pack as the audit recomputed it (R9) and follow the rule in
:mod:`finsamdash.metrics.overview`: computed only from shown values.
"""

from __future__ import annotations

import html
from dataclasses import asdict
from functools import cached_property
from typing import Any, ClassVar

from finsamdash.dashboards._page import Bundle, Page, html_bundle, section
from finsamdash.dashboards.goals import goal_list_html
from finsamdash.dashboards.registry import KEY_FIGURES_MIME, dashboard
from finsamdash.metrics.forecast import Forecast
from finsamdash.metrics.goal_follow_up import goal_rows, status_counts, status_frame, status_texts
from finsamdash.metrics.overview import (
    HIDDEN,
    Card,
    Delta,
    HeadlineFigure,
    card_texts,
    cost_frame,
    cost_texts,
    deltas,
    headline_figures,
    summary_sentences,
)
from finsamdash.present.figures.goals import status_bar
from finsamdash.present.figures.overview import cost_bars
from finsamdash.present.tables import CSS
from finsamdash.wording.economy import method_note_sv
from finsamdash.wording.overview import AMOUNT_NAME
from finsamdash.wording.pages import (
    GOAL_COUNT_COLUMN,
    LACKING_CONSEQUENCES,
    STATUS_COLUMN,
    figures_cutoff,
    no_goals_in_year,
    preliminary_note,
    previous_meeting_note,
)
from finsamdash.wording.privacy import hidden_note, status_hidden_note
from finsamdash.wording.status import HIDDEN_STATUS

__all__ = ["OverviewPage", "cards_html"]

#: Cards share a row evenly and wrap their change line instead of growing wide.
CARD_STYLE = "flex:1 1 190px;max-width:270px"


def cards_html(cards: list[Card]) -> str:
    """The headline cards as ``.fsd-cards`` markup (every text escaped)."""
    items = []
    for card in cards:
        detail = f"<div class='delta'>{html.escape(card.detail)}</div>" if card.detail else ""
        delta = f"<div class='delta'><strong>{html.escape(card.delta)}</strong></div>" if card.delta else ""
        items.append(f"<div class='fsd-card' style='{CARD_STYLE}'><div class='label'>{html.escape(card.label)}</div>"
                     f"<div class='value'>{html.escape(card.value)}</div>{detail}{delta}</div>")
    return f"<div class='fsd-cards'>{''.join(items)}</div>"


class OverviewPage(Page):
    """Översikt: sections :meth:`in_brief`, :meth:`key_figures`, :meth:`costs` and :meth:`goals`."""

    title = dashboard("overview").title
    glossary = ("tkr", "insats")
    uses: ClassVar[dict[str, str]] = LACKING_CONSEQUENCES["overview"]

    # --- data ----------------------------------------------------------------------------------------------------

    @property
    def has_previous(self) -> bool:
        """True when a previous meeting before this one was given (changes are then shown)."""
        return self.previous is not None and self.previous_meeting_date < self.meeting_date

    @property
    def previous_year(self) -> int | None:
        """The year of the previous meeting (its year-to-date is compared with this meeting's)."""
        return self.previous_meeting_date.year if self.has_previous else None

    def _summary(self, dataset: Any, year: int, forecast: Forecast, disclosure: Any) -> dict[str, Any]:
        from finsamdash.report import summary

        return summary(dataset, self.association_id, year, preliminary=year == forecast.as_of.year,
                       forecast=forecast, disclosure=disclosure)

    @cached_property
    def summary_now(self) -> dict[str, Any]:
        """The suppressed summary of the year shown, as known at the meeting."""
        return self._summary(self.data, self.year, self.year_forecast, self.disclosure)

    def hidden_since_previous(self) -> bool:
        from finsamdash.report import hidden_since_previous

        return hidden_since_previous(self.summary_now, self.disclosure)

    @cached_property
    def figures_now(self) -> dict[str, HeadlineFigure]:
        return headline_figures(self.summary_now, forecast=self.year_forecast)

    @cached_property
    def figures_before(self) -> dict[str, HeadlineFigure] | None:
        """The headline figures of the previous meeting's year as known at that meeting and shown by its pack
        (None without one)."""
        if not self.has_previous or self.previous_forecast is None:
            return None
        shown = self._summary(self.previous, self.previous_year, self.previous_forecast,
                              self.disclosure.previous_pack())
        return headline_figures(shown, forecast=self.previous_forecast)

    @cached_property
    def changes(self) -> dict[str, Delta] | None:
        if self.figures_before is None:
            return None
        return deltas(self.figures_now, self.figures_before, min_count=self.min_count,
                      same_year=self.previous_year == self.year)

    def sentences(self) -> list[str]:
        return summary_sentences(
            self.figures_now, self.figures_before, self.changes, year=self.year, year_is_open=self.year_is_open,
            previous_date=self.previous_meeting_date if self.has_previous else None,
            previous_year=self.previous_year, min_count=self.min_count, forecast=self.year_forecast,
        )

    def cards(self) -> list[Card]:
        return card_texts(
            self.figures_now, self.changes, year=self.year, year_is_open=self.year_is_open, cutoff=self.cutoff,
            previous_date=self.previous_meeting_date if self.has_previous else None,
            previous_year=self.previous_year, min_count=self.min_count, forecast=self.year_forecast,
        )

    def _previous_note(self) -> str:
        return previous_meeting_note(self.previous_meeting_date if self.has_previous else None, self.min_count)

    # --- sections ------------------------------------------------------------------------------------------------

    @section
    def in_brief(self) -> list[Bundle]:
        """Three to five sentences on the state of things."""
        items = "".join(f"<li>{html.escape(s)}</li>" for s in self.sentences())
        note = ""
        if self.year_is_open:
            when = figures_cutoff(self.cutoff, self.books_closed)
            note = f"<p class='fsd-note'>{html.escape(preliminary_note(when))}</p>"
        return [html_bundle(f"{CSS}<ul style='font-size:16px;line-height:1.5'>{items}</ul>{note}")]

    @section
    def key_figures(self) -> list[Bundle]:
        """Headline figures as cards, each with its change since the previous meeting."""
        statuses = {fig.status for fig in self.figures_now.values()}
        notes = [self._previous_note()]
        if HIDDEN in statuses:
            notes.append(hidden_note(self.min_count))
        if not self.year_forecast.closed and self.year_forecast.result is not None:
            notes.append(method_note_sv(self.year_forecast.method_sv))
        markup = cards_html(self.cards()) + "".join(f"<p class='fsd-note'>{html.escape(n)}</p>" for n in notes)
        return [{**html_bundle(CSS + markup), KEY_FIGURES_MIME: [asdict(c) for c in self.cards()]}]

    @section
    def costs(self) -> list[Bundle]:
        """Costs so far against the budget for the same period (and the year)."""
        if gap := self.missing("ledger"):
            return gap
        frame = cost_frame(self.year_forecast)
        title, alt = cost_texts(self.year_forecast, year=self.year)
        return self.figure_bundles(cost_bars(frame, title=title, alt=alt), frame.set_index("label"),
                                   index=("", "text"), columns={"amount_sek": (AMOUNT_NAME, "sek")})

    @section
    def goals(self) -> list[Bundle]:
        """Every goal of the year as a traffic light (symbol, word and the sentence) and the status chart."""
        if gap := self.missing("goals"):
            return gap
        goals = self.summary_now["goals"]
        if not goals:
            return self.note(no_goals_in_year(self.year))
        counts = status_counts(goals)
        title, alt = status_texts(counts, year=self.year, year_is_open=self.year_is_open)
        frame = status_frame(counts)
        bundles = self.figure_bundles(status_bar(frame, title=title, alt=alt), frame,
                                      columns={"label": (STATUS_COLUMN, "text"), "count": (GOAL_COUNT_COLUMN, "count")})
        rows = goal_rows(goals, intervention_names=self._intervention_names())
        note = ""
        if counts.get(HIDDEN_STATUS):
            note = f"<p class='fsd-note'>{html.escape(status_hidden_note(self.min_count))}</p>"
        bundles.append(html_bundle(CSS + goal_list_html(rows, compact=True, preliminary=self.year_is_open) + note))
        return bundles

    def _intervention_names(self) -> dict[str, str]:
        rows = self.rows("interventions")
        if rows is None:
            return {}
        return {str(i): str(n) for i, n in zip(rows["intervention_id"], rows["name"], strict=True)}
