"""The date that "now" means for the data: its latest recorded event, never the computer's clock.

Warnings such as "open for more than two years" and words such as "so far this year" are judged against a reference
date: the board meeting's date in a build, and otherwise the data's own latest date – the latest day on which
something is recorded as having happened (an episode starting or ending, a booking, a training event, a payment).
Plans (budgets, goals, interventions' planned end dates) do not count. Each association has its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

__all__ = ["EVENT_DATES", "latest_dates"]

#: Columns that record events, by table.
EVENT_DATES: dict[str, tuple[str, ...]] = {
    "participants": ("start_date", "end_date"),
    "ledger": ("date",),
    "training": ("date",),
    "contributions": ("paid_date",),
}


def latest_dates(tables: Mapping[str, Mapping[str, pd.Series]]) -> dict[str, date]:
    """The latest event date per association in ``tables`` (table -> columns: a Dataset's frames, or the parsed
    columns of a table being validated); associations without any event date are absent."""
    latest: dict[str, pd.Timestamp] = {}
    for table, columns in EVENT_DATES.items():
        frame = tables.get(table)
        if frame is None or "association_id" not in frame:
            continue
        for column in columns:
            if column not in frame:
                continue
            dates = pd.DataFrame({"association_id": frame["association_id"],
                                  "date": pd.to_datetime(frame[column], errors="coerce")}).dropna()
            for association, value in dates.groupby("association_id")["date"].max().items():
                if str(association) not in latest or value > latest[str(association)]:
                    latest[str(association)] = value
    return {association: value.date() for association, value in latest.items()}
