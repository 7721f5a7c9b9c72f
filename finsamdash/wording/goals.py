"""How a goal reads on the pages: the plan's own words first, then the assessment (Swedish)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from finsamdash.wording.formatting import is_missing
from finsamdash.wording.privacy import GOAL_FIGURES_HIDDEN, GOAL_STATUS_HIDDEN
from finsamdash.wording.status import HIDDEN_STATUS, STATUS_WORDS

__all__ = ["goal_assessment"]

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
