"""Survey results on the core indicators (kärnindikatorer) for one association and year.

The answers of year ``Y`` are those with period ``"Y"``, ``"Y-H1"`` or ``"Y-H2"``. For a set of answers:

* ``n`` – answers with a value (an empty value is "vet ej" and is not in ``n`` or the mean);
* ``mean`` – mean of the values (None when ``n`` is 0);
* ``positive_share`` – fraction (0–1) of the ``n`` answers in the two highest scale steps, i.e. value ≥
  scale max − 1 (or ≥ an explicit threshold); None when ``n`` is 0;
* ``dont_know`` – answers without a value.

The scale is data: pass ``dataset.settings.scale`` (default 1–6).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from finsamdash.data.contract import DEFAULT_SCALE, core_indicators

#: Keys of one item in the ``indicators`` object of ``summary --json``.
INDICATOR_KEYS = ("n", "mean", "positive_share", "dont_know")

__all__ = [
    "INDICATOR_KEYS",
    "answer_stats",
    "answers_in_year",
    "indicator_stats",
    "periods_of_year",
    "positive_threshold",
]


def periods_of_year(year: int) -> tuple[str, str, str]:
    """The survey periods that belong to ``year``: ``("2026", "2026-H1", "2026-H2")``."""
    return (f"{year}", f"{year}-H1", f"{year}-H2")


def positive_threshold(scale: tuple[int, int] = DEFAULT_SCALE, threshold: float | None = None) -> float:
    """The lowest positive value: ``threshold`` when given, else the second highest scale step (max − 1)."""
    return float(threshold) if threshold is not None else float(scale[1] - 1)


def _as_set(values: str | Iterable[str] | None) -> set[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return {values}
    return {str(v) for v in values}


def answers_in_year(
    survey: pd.DataFrame | None,
    year: int,
    *,
    groups: str | Iterable[str] | None = None,
    items: str | Iterable[str] | None = None,
    intervention_id: str | None = None,
) -> pd.DataFrame | None:
    """The survey rows of ``year`` (periods Y, Y-H1, Y-H2), optionally only some respondent groups, items or one
    intervention. None when there is no survey table at all; otherwise a (possibly empty) new frame."""
    if survey is None:
        return None
    keep = survey["period"].isin(periods_of_year(year)).fillna(False).astype(bool)
    group_set = _as_set(groups)
    if group_set is not None:
        keep &= survey["respondent_group"].isin(group_set).fillna(False).astype(bool)
    item_set = _as_set(items)
    if item_set is not None:
        keep &= survey["item"].isin(item_set).fillna(False).astype(bool)
    if intervention_id is not None:
        keep &= (survey["intervention_id"] == intervention_id).fillna(False).astype(bool)
    return survey.loc[keep].copy()


def answer_stats(
    answers: pd.DataFrame | None, scale: tuple[int, int] = DEFAULT_SCALE, *, threshold: float | None = None
) -> dict[str, Any]:
    """Pooled statistics of a set of answers: ``n``, ``mean``, ``positive`` (count), ``positive_share``
    (fraction), ``dont_know``. ``answers`` None or empty gives n = 0 and None for the mean and share."""
    if answers is None or answers.empty:
        return {"n": 0, "mean": None, "positive": 0, "positive_share": None, "dont_know": 0}
    values = answers["value"].astype("Float64")
    given = values.dropna()
    n = len(given)
    positive = int((given >= positive_threshold(scale, threshold)).sum())
    return {
        "n": n,
        "mean": float(given.mean()) if n else None,
        "positive": positive,
        "positive_share": positive / n if n else None,
        "dont_know": int(len(values) - n),
    }


def _item_order(items: Iterable[str]) -> list[str]:
    catalogue = [str(i) for i in core_indicators()["item"]]
    present = set(items)
    return [i for i in catalogue if i in present] + sorted(present - set(catalogue))


def indicator_stats(
    survey: pd.DataFrame | None,
    year: int,
    scale: tuple[int, int] = DEFAULT_SCALE,
    *,
    groups: str | Iterable[str] | None = None,
    items: str | Iterable[str] | None = None,
    intervention_id: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Per item with at least one answer (vet ej included) in ``year``: ``{item: {n, mean, positive_share,
    dont_know}}``, all respondent groups pooled unless ``groups`` is given. Items come in catalogue order."""
    answers = answers_in_year(survey, year, groups=groups, items=items, intervention_id=intervention_id)
    if answers is None or answers.empty:
        return {}
    out: dict[str, dict[str, Any]] = {}
    present = [str(i) for i in answers["item"].dropna().unique()]
    for item in _item_order(present):
        stats = answer_stats(answers[(answers["item"] == item).fillna(False).astype(bool)], scale)
        out[item] = {key: stats[key] for key in INDICATOR_KEYS}
    return out
