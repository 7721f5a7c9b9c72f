"""The words of the goals, indicators and overview charts: legend names, hover text and axis titles (their titles
and alt text are the pages')."""

from __future__ import annotations

from finsamdash.wording.overview import YEAR_BUDGET_BAR, YEAR_FORECAST_BAR

#: The goal-status chart: its bars' hover text (its name and axis title: ``wording.pages.GOAL_COUNT_COLUMN``).
GOAL_COUNT_HOVER = "%{y}: %{x} mål<extra></extra>"
#: A goal's target line in its trend chart (the legend and the hover box's name).
TARGET_NAME = "Målvärde"

#: The indicator results' diverging bars: the x axis.
ANSWER_SHARE_AXIS = "Andel av svaren"
#: The comparison with other förbund: the x axis and the others' legend name.
POSITIVE_SHARE_AXIS = "Andel positiva svar"
OTHER_ASSOCIATIONS = "Övriga förbund"

#: The overview's cost bars that get their own colour (the labels of ``metrics.overview.cost_frame``).
YEAR_BUDGET = YEAR_BUDGET_BAR
YEAR_FORECAST = YEAR_FORECAST_BAR

#: A goal's trend chart: the outcome line (in the legend) and the status markers (hover names).
OUTCOME_NAME = "Utfall"
STATUS_NAME = "Status"

#: The plain-text alternative of a chart without alt text.
CHART_FALLBACK = "Diagram"
