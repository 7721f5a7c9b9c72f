"""The survey cells of a pack: core-indicator results per item, respondent group and period.

A cell is the answers to one item from one respondent group (or all groups, :data:`ALL_GROUPS`) in one survey
period, or in a whole year pooled; its key is ``("s", association, item, group, period)`` with ``period`` a survey
period (``2026-H1``) or ``"2026:year"`` for the year pooled. Its value is ``n``, the answers with a value: every
statistic of a result (mean, share positive, the distribution, "vet ej") is a sum over the same answers, so a result
whose ``n`` cannot be worked out cannot be worked out either.

The survey rule (domain README): a result is shown only where at least ``min_count`` answers exist, so every cell
with ``n`` below the threshold is unsafe (0 included: answers that are all "vet ej"). Relations: all groups pooled
= Σ groups, per period and for the pooled year; the pooled year = Σ its periods, per group. Survey goals pool items
and groups of a year: their "N" is the sum of those cells (an intervention's goal covers part of them; the rest is a
latent cell).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from finsamdash.metrics.goals import GoalResult, parse_params
from finsamdash.metrics.indicator_results import ALL_GROUPS
from finsamdash.metrics.indicator_stats import periods_of_year
from finsamdash.privacy.registry import CANDIDATE, LATENT, Registry, Tier

SURVEY_METRICS = ("indicator_mean", "indicator_positive_share")


def survey_cell(association_id: str, item: str, group: str, period: str) -> tuple:
    return ("s", association_id, str(item), str(group), str(period))


def cells_of(association_id: str, survey: pd.DataFrame | None, year: int, *, trend: bool = True,
             ) -> dict[tuple, int]:
    """Every cell a survey page of ``year`` shows (the year pooled and, with ``trend``, every period up to it),
    with its ``n`` (answers with a value) – the same cells as
    :func:`~finsamdash.metrics.indicator_results.indicator_cells`, counted directly."""
    if survey is None or survey.empty:
        return {}
    period = survey["period"].astype("string")
    frame = pd.DataFrame({"item": survey["item"].astype("string"), "group": survey["respondent_group"].astype(
        "string"), "period": period, "n": survey["value"].notna().astype(int)})
    in_year = frame[period.isin(periods_of_year(year)).fillna(False).astype(bool)]
    parts = [in_year.groupby(["item", "group"])["n"].sum(), in_year.groupby(["item"])["n"].sum()]
    out = {survey_cell(association_id, i, g, f"{year}:year"): int(n) for (i, g), n in parts[0].items()}
    out |= {survey_cell(association_id, i, ALL_GROUPS, f"{year}:year"): int(n) for i, n in parts[1].items()}
    if trend:
        upto = frame[(period.str.slice(0, 4).astype("Int64") <= year).fillna(False).astype(bool)]
        out |= {survey_cell(association_id, i, g, p): int(n)
                for (i, g, p), n in upto.groupby(["item", "group", "period"])["n"].sum().items()}
        out |= {survey_cell(association_id, i, ALL_GROUPS, p): int(n)
                for (i, p), n in upto.groupby(["item", "period"])["n"].sum().items()}
    return out


def _tier(key: tuple) -> Tier:
    _s, _a, _item, group, period = key
    if period.endswith(":year"):
        return Tier.ASSOCIATION if group == ALL_GROUPS else Tier.SUBTOTAL
    return Tier.DETAIL


def register(registry: Registry, cells: dict[tuple, int], *, kind: str = CANDIDATE) -> None:
    """Register survey cells (published as ``kind``) and their relations (see the module docstring)."""
    for key, n in cells.items():
        registry.add(key, n, kind=kind, tier=_tier(key), unsafe=n < registry.min_count)
    by_item: dict[tuple, list[tuple]] = {}
    for key in cells:
        by_item.setdefault(key[:3], []).append(key)
    for item_keys in by_item.values():
        periods = {k[4] for k in item_keys}
        groups = {k[3] for k in item_keys} - {ALL_GROUPS}
        for period in sorted(periods):
            total = (*item_keys[0][:3], ALL_GROUPS, period)
            parts = [(*item_keys[0][:3], g, period) for g in sorted(groups) if (*item_keys[0][:3], g, period) in cells]
            if total in cells and parts:
                registry.relate(total, parts)
        for period in sorted(p for p in periods if p.endswith(":year")):
            year = int(period.split(":")[0])
            for group in (*sorted(groups), ALL_GROUPS):
                total = (*item_keys[0][:3], group, period)
                parts = [(*item_keys[0][:3], group, p) for p in periods_of_year(year)
                         if (*item_keys[0][:3], group, p) in cells]
                if total in cells and parts:
                    registry.relate(total, parts)


def goal_cells(registry: Registry, association_id: str, pooled: dict[tuple, int], year: int,
               goals: Iterable[tuple[int, GoalResult]]) -> dict[int, tuple]:
    """Register the "N" of every survey goal of ``year`` (index, goal) with the cells it pools (``pooled``: the
    year pooled, see :func:`cells_of` without trend), and return them by index. The pooled cells are registered
    latent when no page shows them."""
    goals = [(i, g) for i, g in goals if g is not None and g.metric in SURVEY_METRICS and g.measure.n is not None]
    if not goals:
        return {}
    register(registry, pooled, kind=LATENT)
    out = {}
    for index, goal in goals:
        params = parse_params(goal.params)
        items = params.get("items") or sorted({k[2] for k in pooled})
        groups = params.get("groups") or [ALL_GROUPS]
        covered = [survey_cell(association_id, i, g, f"{year}:year") for i in items for g in groups]
        covered = [c for c in covered if c in pooled]
        n = int(goal.measure.n)
        key = ("sg", association_id, year, goal.goal_id, goal.intervention_id or "")
        registry.add(key, n, tier=Tier.GOAL, unsafe=n < registry.min_count)
        rest = sum(pooled[c] for c in covered) - n
        if rest and covered:  # an intervention's goal: the other answers are a latent cell
            rest_key = (*key, "rest")
            registry.add(rest_key, rest, kind=LATENT)
            registry.identity({**dict.fromkeys(covered, 1), key: -1, rest_key: -1})
        elif covered:
            registry.relate(key, covered)
        out[index] = key
    return out
