"""The key figures of one association and year: the ``summary --json`` object of the command-line contract.

The object is raw (nothing suppressed, ``"suppressed": false``); privacy suppression is applied afterwards by the
caller. Every value is a plain Python ``int``, ``float``, ``str``, ``bool``, ``None``, ``list`` or ``dict``, so the
result can be passed to :func:`json.dumps` as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from finsamdash.data.dataset import Dataset, empty_table
from finsamdash.metrics.accounts import economy
from finsamdash.metrics.goals import DEFAULT_TOLERANCE, GoalResult, evaluate_goals
from finsamdash.metrics.indicator_stats import indicator_stats
from finsamdash.metrics.participant_counts import EXIT_KEYS, exit_counts, intervention_counts, participant_counts

__all__ = ["raw_summary", "training_figures"]


def training_figures(training: pd.DataFrame | None, year: int) -> dict[str, int | None]:
    """``{"events": …, "attendees": …}`` of the training rows (one association) dated in ``year``; both None when
    there is no such row (or no training table)."""
    if training is None:
        return {"events": None, "attendees": None}
    rows = training.loc[(pd.to_datetime(training["date"]).dt.year == year).fillna(False).astype(bool)]
    if rows.empty:
        return {"events": None, "attendees": None}
    return {"events": len(rows), "attendees": int(rows["attendees"].sum(skipna=True))}


def raw_summary(
    dataset: Dataset,
    association_id: str,
    year: int,
    *,
    goals: Iterable[GoalResult] | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> dict[str, Any]:
    """The RAW ``summary --json`` object for ``association_id`` and ``year``: every count, nothing suppressed (never
    publish it: :func:`finsamdash.summary` is the suppressed one). Raises UsageError for an unknown id.

    ``goals`` are the already evaluated goals of that association and year (from :func:`evaluate_goals`, e.g. when
    the caller also needs their counts for suppression); when None they are evaluated here with ``tolerance``.
    """
    dataset.require_association(association_id)
    year = int(year)
    if goals is None:
        goals = evaluate_goals(dataset, association_id, year, tolerance=tolerance)
    participants = dataset.rows("participants", association_id)
    if participants is None:
        participants = empty_table("participants")
    exits = exit_counts(participants, year)
    return _plain(
        {
            "association_id": association_id,
            "year": year,
            "suppressed": False,
            "participants": participant_counts(participants, year),
            "exits": {key: exits[key] for key in EXIT_KEYS},
            "interventions": intervention_counts(
                participants, dataset.rows("interventions", association_id), year
            ),
            "economy": economy(dataset, association_id, year),
            "goals": [goal.to_summary() for goal in goals],
            "indicators": indicator_stats(
                dataset.rows("survey_responses", association_id), year, dataset.settings.scale
            ),
            "training": training_figures(dataset.rows("training", association_id), year),
        }
    )


def _plain(value: Any) -> Any:
    """``value`` with NumPy/pandas scalars turned into Python ones and tuples into lists (JSON-ready)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "item"):
        return _plain(value.item())
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    raise TypeError(f"not JSON-serialisable: {value!r}")
