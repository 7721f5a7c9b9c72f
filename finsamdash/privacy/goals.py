"""Goal outcomes "X av N" (R6): which goals may show their figures, and which their status.

The figures of a goal on counts of people or answers are shown when its cells are (the audit decides: "X" and "N"
are goal-tier cells, and the complement N − X is a latent cell, unsafe when small, for every share metric alike).
When the figures are hidden, the status (met, partly met, not met) is still shown unless, with the target, it would
narrow the hidden count: a reader knows the hidden count lies between the bounds the published figures allow (a
linear programme over the relations); the status is hidden when the values it leaves are fewer than
``min_count``, or all small (1 … ``min_count`` − 1), or leave a small complement. A share whose "N" is hidden too,
and a survey result, keeps no status when it could be any other.
"""

from __future__ import annotations

import math

import numpy as np

from finsamdash.metrics.goals import GoalResult, goal_status
from finsamdash.privacy import exact

#: Metrics on survey answers (their result of few answers is never shown, its status included).
SURVEY_METRICS = ("indicator_mean", "indicator_positive_share")
#: Metrics on counts of participants whose "X" (and "N") are cells of the participant family.
PARTICIPANT_METRICS = ("participants", "participants_started", "exit_share", "exit_count", "plan_share")


def _status(goal: GoalResult, outcome: float | None) -> str:
    return goal_status(outcome, goal.operator, goal.target, tolerance=goal.tolerance)


def status_reveals(goal: GoalResult, *, n_value: int | None, bounds: tuple[float, float],
                   min_count: int) -> bool:
    """True when ``goal``'s status must be hidden with its hidden figures.

    ``bounds`` are what a reader can know of the hidden "X"; ``n_value`` is the shown "N" of a share (None when
    it is hidden too, or the goal is a count)."""
    if goal.metric in SURVEY_METRICS:
        return True
    if goal.unit == "percent":
        if n_value is None:
            return True  # "X" and "N" hidden: any narrowing is a risk
        outcome = (lambda x: 100 * x / n_value) if n_value else (lambda _x: None)
    else:
        outcome = float
    lo, hi = bounds
    top = int(abs(goal.target or 0.0) * (1 + goal.tolerance)) + min_count + 2  # the status is fixed above it
    if not math.isfinite(hi):
        if _status(goal, outcome(max(top, lo))) == goal.status:
            return False  # consistent with every large value: no upper bound, nothing small
        hi = max(top, lo)
    values = range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1)
    consistent = [v for v in values if _status(goal, outcome(v)) == goal.status]
    if len(consistent) == len(values):
        return False
    small = all(0 < v < min_count for v in consistent)
    rest_small = n_value is not None and all(0 < n_value - v < min_count for v in consistent)
    return len(consistent) < min_count or small or rest_small


def interval(system: exact.System, hidden: np.ndarray, cell: int) -> tuple[float, float]:
    """The least and greatest value a reader can give the hidden ``cell`` (a linear programme over the
    relations of its component, counts never negative)."""
    from scipy.optimize import linprog

    hidden = hidden | system.always_hidden
    known_zero, _source = exact.zero_known(system, hidden)
    unknown = hidden & ~known_zero
    if not unknown[cell]:
        return float(system.values[cell]), float(system.values[cell])
    _count, labels = exact._components(system, unknown)
    members = np.flatnonzero((labels == labels[cell]) & unknown)
    rows = np.unique(system.by_cell[:, members].tocoo().row)
    block = system.equations[rows]
    a = block[:, members]
    known = np.ones(len(system), dtype=bool)
    known[members] = False
    b = -(block[:, known] @ system.values[known].astype(float))
    target = np.zeros(len(members))
    target[int(np.flatnonzero(members == cell)[0])] = 1.0
    out = []
    for sign in (1.0, -1.0):
        res = linprog(sign * target, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        out.append(sign * res.fun if res.status == 0 else (0.0 if sign > 0 else math.inf))
    return out[0], out[1]
