"""How a goal reads on the pages: the plan's own words first, then the assessment; and the words of the goals page
and the overview's goal list (Swedish)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from finsamdash.wording.formatting import fmt_date, is_missing
from finsamdash.wording.privacy import GOAL_FIGURES_HIDDEN, GOAL_STATUS_HIDDEN, HIDDEN_MARK
from finsamdash.wording.status import HIDDEN_STATUS, STATUS_WORDS

__all__ = [
    "ALL_GOALS", "COMMENT_LABEL", "GOALS_WORD", "GOAL_LIST_COLUMNS", "GOAL_LIST_COLUMNS_COMPACT", "NO_EARLIER_GOALS",
    "QUALITATIVE_TREND", "SHOW_GOALS_FOR", "SHOW_TRENDS_FOR", "TREND_COLUMNS", "goal_assessment",
    "goals_without_history", "intervention_heading", "open_year_note", "trend_hidden_note",
]

#: A year-end money goal in a running year is judged on the forecast, never called met before the year is over.
_FORECAST_JUDGEMENT = {"met": "målet bedöms uppnås", "partly": "målet bedöms delvis uppnås",
                       "not_met": "målet bedöms inte uppnås"}


def goal_assessment(goal: Mapping[str, Any], *, preliminary: bool = False) -> str:
    """The line shown under a goal's own text, e.g. "Utfall hittills: 124 av 144 (86 %) – delvis uppnått".

    ``goal`` is a row of :func:`finsamdash.metrics.goal_follow_up.goal_rows` (``status``, ``hidden``, ``metric``,
    ``outcome_text`` and ``figures_sv``, the figures of the goal's sentence); ``preliminary`` says the year is still
    running ("Utfall hittills"). A hidden outcome is said to be hidden, never left blank; a qualitative goal shows
    the director's assessment.
    """
    status = str(goal.get("status") or "no_data")
    word = STATUS_WORDS.get(status, STATUS_WORDS["no_data"]).lower()
    label = "Utfall hittills" if preliminary else "Utfall"
    if status == HIDDEN_STATUS:
        return f"{label}: {GOAL_STATUS_HIDDEN}"
    if goal.get("metric") == "manual":
        if status == "no_data":
            return "Bedömning: ingen bedömning är gjord"
        outcome = goal.get("outcome_text") or ""
        shown = f" (utfall {outcome})" if outcome and not is_missing(goal.get("outcome")) else ""
        return f"Bedömning{' hittills' if preliminary else ''}: {word}{shown}"
    if status == "no_data":
        return f"{label}: kan inte följas upp – underlag saknas"
    if goal.get("hidden"):
        return f"{label}: {GOAL_FIGURES_HIDDEN} – {word}"
    figures = goal.get("figures_sv") or goal.get("outcome_text") or "–"
    if goal.get("basis") == "forecast" and status in _FORECAST_JUDGEMENT:
        return f"Bedömning: {figures} – {_FORECAST_JUDGEMENT[status]}"
    return f"{label}: {figures} – {word}"


# --- the goals page (Måluppfyllelse) and the overview's goal list -------------------------------------------------

#: Under the number on a status card ("8 mål").
GOALS_WORD = "mål"
#: The column headings of the goal list: compact (the overview) and full (the goals page).
GOAL_LIST_COLUMNS_COMPACT = ("Status", "Mål och utfall")
GOAL_LIST_COLUMNS = ("Nr", "Mål enligt planen och utfall", "Målvärde", "Status")
#: Before the director's comment under a goal.
COMMENT_LABEL = "Kommentar:"
#: The drop-downs of the goal list and the trends, and their first choice.
SHOW_GOALS_FOR = "Visa mål för"
SHOW_TRENDS_FOR = "Visa utvecklingen för"
ALL_GOALS = "Alla mål"
#: The columns of a goal trend's table (year, target, outcome, status).
TREND_COLUMNS = ("År", "Målvärde", "Utfall", "Status")
#: After a qualitative goal's id in the trends: its status per year follows.
QUALITATIVE_TREND = "kvalitativt mål, bedömning per år"
NO_EARLIER_GOALS = "Inget av målen fanns tidigare år, så det finns ingen utveckling över åren att visa."


def intervention_heading(name: str) -> str:
    """The heading of an intervention's goals: "Insats: Lotsen"."""
    return f"Insats: {name}"


def goals_without_history(goal_ids: list[str]) -> str:
    """"Mål som inte fanns tidigare år (ingen utveckling att visa): 3, 4."."""
    return f"Mål som inte fanns tidigare år (ingen utveckling att visa): {', '.join(goal_ids)}."


def open_year_note(year: int, cutoff: date, books_closed: date | None, *, forecast_goals: bool) -> str:
    """The goals page's note in a running year (``forecast_goals``: some goal is judged on the forecast)."""
    note = (f"Utfallen för {year} gäller hittills i år (t.o.m. {fmt_date(cutoff)}) och är preliminära; "
            "målen följs upp för helår i årsredovisningen.")
    if forecast_goals:
        note += (" Ekonomiska mål (resultat, administrationens andel, eget kapital) bedöms på prognosen för "
                 f"helåret, med utfallet bokfört t.o.m. {fmt_date(books_closed)}.")
    return note


def trend_hidden_note(*, all_hidden: bool, status_hidden: bool, any_hidden: bool) -> str:
    """Under a goal's trend: why outcomes are missing ('' when every outcome is shown)."""
    if all_hidden and status_hidden:
        return ("Inget utfall visas, för att skydda enskilda personer; bedömningen anges bara där den inte "
                "avslöjar ett litet antal.")
    if all_hidden:
        return "Inget utfall visas, för att skydda enskilda personer; bara bedömningen anges."
    if any_hidden:
        return f"Ett år utan punkt är markerat ”{HIDDEN_MARK}”: utfallet visas inte av integritetsskäl."
    return ""
