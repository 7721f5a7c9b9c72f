"""Small builders for metric tests: typed Datasets written out row by row (dates as ISO text)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import count
from typing import Any

import pandas as pd

from finsamdash.data.contract import TABLES, ContractSettings
from finsamdash.data.dataset import Dataset, typed_table

ASSOC = "test"

DEFAULT_ASSOCIATIONS = [{"association_id": ASSOC, "name": "Samordningsförbundet Test"}]
DEFAULT_INTERVENTIONS = [
    {"intervention_id": "porten", "name": "Porten", "kind": "individual", "start_date": "2010-01-01"},
    {"intervention_id": "horisont", "name": "Horisont", "kind": "preventive", "start_date": "2010-01-01"},
]

_ids = count(1)


def table(name: str, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A typed contract table from plain rows; ``association_id`` defaults to :data:`ASSOC`, dates may be text."""
    records = [{"association_id": ASSOC, **row} for row in rows]
    frame = pd.DataFrame(records)
    for col in TABLES[name].columns:
        if col.kind == "date" and col.name in frame.columns:
            frame[col.name] = pd.to_datetime(frame[col.name])
    return typed_table(name, frame)


def make_dataset(
    *,
    associations: Iterable[Mapping[str, Any]] = DEFAULT_ASSOCIATIONS,
    interventions: Iterable[Mapping[str, Any]] = DEFAULT_INTERVENTIONS,
    participants: Iterable[Mapping[str, Any]] = (),
    scale: tuple[int, int] = (1, 6),
    **optional: Iterable[Mapping[str, Any]],
) -> Dataset:
    """A Dataset with the three required tables and only the optional tables passed as keyword arguments."""
    tables = {
        "associations": table("associations", associations),
        "interventions": table("interventions", interventions),
        "participants": table("participants", participants),
    }
    for name, rows in optional.items():
        tables[name] = table(name, rows)
    return Dataset(tables=tables, settings=ContractSettings(scale=scale))


def episode(
    start: str,
    end: str | None = None,
    reason: str | None = None,
    *,
    gender: str = "woman",
    anonymous: bool = False,
    intervention: str = "porten",
    plan: bool | None = None,
    participant_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One participants row; identified episodes get a fresh pseudonymous id ``D-0001``, ``D-0002`` …"""
    pid = None if anonymous else participant_id or f"D-{next(_ids):04d}"
    return {
        "participant_id": pid,
        "intervention_id": intervention,
        "anonymous": anonymous,
        "start_date": start,
        "end_date": end,
        "gender": gender,
        "exit_reason": reason,
        "individual_plan": plan,
        **extra,
    }


def goal(goal_id: str, metric: str, operator: str, target: float | None, *, year: int = 2013,
         text: str = "Mål", **extra: Any) -> dict[str, Any]:
    """One goals row."""
    return {"goal_id": goal_id, "year": year, "metric": metric, "operator": operator, "target": target,
            "text": text, **extra}
