"""Figures computed from a :class:`~finsamdash.data.dataset.Dataset`: pure functions, no I/O, inputs never mutated.

* :mod:`.participants` – counting rules for episodes, exits and interventions;
* :mod:`.economy` – actuals, budget, equity and contributions;
* :mod:`.forecast` – the books-closed date and the one year-end forecast every page, goal and summary shows;
* :mod:`.indicators` – survey answers on the core indicators;
* :mod:`.goals` – the goal metric registry, goal evaluation and the Swedish sentence per goal;
* :mod:`.summary` – the ``summary --json`` object.
"""

from finsamdash.metrics.economy import (
    ECONOMY_KEYS,
    actual_figures,
    actuals_by_category,
    actuals_by_intervention,
    budget_figures,
    contributions_total,
    economy,
    ledger_in_year,
    opening_equity,
)
from finsamdash.metrics.goals import (
    GOAL_METRICS,
    GoalMeasure,
    GoalMetric,
    GoalResult,
    evaluate_goal,
    evaluate_goals,
    goal_metric,
    goal_sentence,
    goal_status,
    normalise_params,
    parse_params,
    validate_goal_params,
)
from finsamdash.metrics.indicators import answer_stats, answers_in_year, indicator_stats, periods_of_year
from finsamdash.metrics.participants import (
    EXIT_KEYS,
    PARTICIPANT_KEYS,
    ended_identified_in_year,
    episodes_in_year,
    exit_counts,
    exit_counts_by,
    intervention_counts,
    participant_counts,
    participant_counts_by,
)
from finsamdash.metrics.summary import raw_summary, training_figures

__all__ = [
    "ECONOMY_KEYS",
    "EXIT_KEYS",
    "GOAL_METRICS",
    "PARTICIPANT_KEYS",
    "GoalMeasure",
    "GoalMetric",
    "GoalResult",
    "actual_figures",
    "actuals_by_category",
    "actuals_by_intervention",
    "answer_stats",
    "answers_in_year",
    "budget_figures",
    "contributions_total",
    "economy",
    "ended_identified_in_year",
    "episodes_in_year",
    "evaluate_goal",
    "evaluate_goals",
    "exit_counts",
    "exit_counts_by",
    "goal_metric",
    "goal_sentence",
    "goal_status",
    "indicator_stats",
    "intervention_counts",
    "ledger_in_year",
    "normalise_params",
    "opening_equity",
    "parse_params",
    "participant_counts",
    "participant_counts_by",
    "periods_of_year",
    "raw_summary",
    "training_figures",
    "validate_goal_params",
]
