"""Figures computed from a :class:`~finsamdash.data.dataset.Dataset`: pure functions, no I/O, inputs never mutated.

Shared by every page and the summary:

* :mod:`.participant_counts` – a year's participant counts by the counting rules (episodes, exits, interventions);
* :mod:`.accounts` – a year's accounts: actuals, budget, equity and contributions, per month and in total;
* :mod:`.forecast` – the books-closed date and the one year-end forecast every page, goal and summary shows;
* :mod:`.indicator_stats` – a year's answer statistics on the core indicators (n, mean, share positive);
* :mod:`.goals` – the goal metric registry, goal evaluation and the Swedish sentence per goal;
* :mod:`.summary` – the ``summary --json`` object (raw).

One module per dashboard, named by what it computes for that page:

* overview – :mod:`.overview` (headline figures, changes since the last meeting, cost bars, the sentences);
* participants (Deltagarflöden) – :mod:`.participant_flows` (raw counts per selection and fine category);
* goals (Måluppfyllelse) – :mod:`.goal_follow_up` (status per goal and counts, goal rows, trends);
* indicators (Kärnindikatorer) – :mod:`.indicator_results` (results per item, respondent group and period);
* budget (Budget och utfall) – :mod:`.budget` (burn-up/down, forecast table, consumption, contributions, equity).
"""

from finsamdash.metrics.accounts import (
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
from finsamdash.metrics.indicator_stats import answer_stats, answers_in_year, indicator_stats, periods_of_year
from finsamdash.metrics.participant_counts import (
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
