"""Participant counts for one year, following the counting rules of the data contract.

Every function takes the ``participants`` rows of ONE association (``dataset.rows("participants", id)``) typed as in
:mod:`finsamdash.data.dataset`, and a year ``Y``:

* an episode **counts in Y** when it started on or before 31 December Y and did not end before 1 January Y;
* **started** / **ended** in Y: *identified* episodes whose start_date / end_date lies within Y; anonymous episodes
  are reported only as their own count (``anonymous``), as the annual reports do ("av de resterande 355 har 184
  startat under året och 171 har avslutats"); **active at end of Y**: counts in Y and has no end_date or ends after
  31 December Y, anonymous episodes included (so ``identified == ended + identified active at the end of Y``);
* anonymous episodes count in totals, active and gender splits, but in no flow (started, ended) and no outcome
  figure (exits, plans);
* episodes with exit_reason ``registration_error`` count nowhere;
* exit shares are over **identified** episodes that ended in Y.

Nothing here prints, reads files or mutates its input; results are plain Python ints/floats/None.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from finsamdash.data.contract import CLOSER_TO_LABOUR_MARKET, REPORTED_EXIT_REASONS, WORK_OR_STUDIES

REGISTRATION_ERROR = "registration_error"

#: Keys of :func:`participant_counts`, in the order of the ``summary --json`` object.
PARTICIPANT_KEYS = (
    "episodes", "anonymous", "identified", "started", "ended", "active_end_of_year", "women", "men", "other_unknown",
)
#: Keys of one intervention's counts in ``summary --json`` (besides its ``exits``).
INTERVENTION_KEYS = ("episodes", "started", "ended", "active_end_of_year")
#: Keys of the ``exits`` object in ``summary --json`` (:func:`exit_counts` adds ``ended_identified``).
EXIT_KEYS = (
    *REPORTED_EXIT_REASONS,
    "work_or_studies", "work_or_studies_share", "closer_to_labour_market", "closer_to_labour_market_share",
)

__all__ = [
    "EXIT_KEYS",
    "INTERVENTION_KEYS",
    "PARTICIPANT_KEYS",
    "active_mask",
    "anonymous_mask",
    "ended_identified_in_year",
    "ended_mask",
    "episodes_in_year",
    "exit_counts",
    "exit_counts_by",
    "intervention_counts",
    "participant_counts",
    "participant_counts_by",
    "share",
    "started_mask",
    "summary_interventions",
]


def share(numerator: int | None, denominator: int | None) -> float | None:
    """``numerator / denominator`` as a fraction, or None when the denominator is 0 or missing."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _year_of(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates).dt.year


def _not_registration_error(frame: pd.DataFrame) -> pd.Series:
    return (frame["exit_reason"] != REGISTRATION_ERROR).fillna(True).astype(bool)


def episodes_in_year(
    participants: pd.DataFrame, year: int, *, intervention_id: str | None = None
) -> pd.DataFrame:
    """The episodes that count in ``year`` (registration errors removed), optionally for one intervention.

    The result is a new frame (a filtered view of the rows; the input is left untouched) with the same columns
    and index; use :func:`started_mask`, :func:`ended_mask`, :func:`active_mask` and :func:`anonymous_mask` on it.
    """
    start_year = _year_of(participants["start_date"])
    end_year = _year_of(participants["end_date"])
    keep = (start_year <= year).fillna(False).astype(bool)
    keep &= (end_year.isna() | (end_year >= year)).astype(bool)
    keep &= _not_registration_error(participants)
    if intervention_id is not None:
        keep &= (participants["intervention_id"] == intervention_id).fillna(False).astype(bool)
    return participants.loc[keep].copy()


def anonymous_mask(episodes: pd.DataFrame) -> pd.Series:
    """True for anonymous episodes (an empty ``anonymous`` cell means identified)."""
    return episodes["anonymous"].fillna(False).astype(bool)


def started_mask(episodes: pd.DataFrame, year: int) -> pd.Series:
    """True for episodes that started in ``year``."""
    return (_year_of(episodes["start_date"]) == year).fillna(False).astype(bool)


def ended_mask(episodes: pd.DataFrame, year: int) -> pd.Series:
    """True for episodes that ended in ``year``."""
    return (_year_of(episodes["end_date"]) == year).fillna(False).astype(bool)


def active_mask(episodes: pd.DataFrame, year: int) -> pd.Series:
    """True for episodes (already counting in ``year``) still active at the end of ``year``."""
    end_year = _year_of(episodes["end_date"])
    return (end_year.isna() | (end_year > year)).astype(bool)


def ended_identified_in_year(
    participants: pd.DataFrame, year: int, *, intervention_id: str | None = None
) -> pd.DataFrame:
    """Identified episodes that ended in ``year`` (registration errors removed): the base of every exit figure."""
    episodes = episodes_in_year(participants, year, intervention_id=intervention_id)
    keep = ended_mask(episodes, year) & ~anonymous_mask(episodes)
    return episodes.loc[keep]


def participant_counts(
    participants: pd.DataFrame, year: int, *, intervention_id: str | None = None
) -> dict[str, int]:
    """Counts of the episodes in ``year``: the ``participants`` object of ``summary --json``.

    ``episodes = anonymous + identified = women + men + other_unknown`` (an episode with no gender is counted as
    other/unknown); ``started`` and ``ended`` count identified episodes only.
    """
    episodes = episodes_in_year(participants, year, intervention_id=intervention_id)
    anonymous = anonymous_mask(episodes)
    gender = episodes["gender"]
    total = len(episodes)
    women = int((gender == "woman").fillna(False).sum())
    men = int((gender == "man").fillna(False).sum())
    return {
        "episodes": total,
        "anonymous": int(anonymous.sum()),
        "identified": int((~anonymous).sum()),
        "started": int((started_mask(episodes, year) & ~anonymous).sum()),
        "ended": int((ended_mask(episodes, year) & ~anonymous).sum()),
        "active_end_of_year": int(active_mask(episodes, year).sum()),
        "women": women,
        "men": men,
        "other_unknown": total - women - men,
    }


def exit_counts(
    participants: pd.DataFrame, year: int, *, intervention_id: str | None = None
) -> dict[str, Any]:
    """Exit reasons of the identified episodes that ended in ``year``.

    Keys: every reported exit reason (count), ``work_or_studies`` and ``closer_to_labour_market`` (counts),
    ``work_or_studies_share`` and ``closer_to_labour_market_share`` (fractions 0–1, unrounded; None when no
    identified episode ended), and ``ended_identified`` (the denominator). An ended episode without an exit
    reason (the validator forbids it) is in the denominator but in no reason.
    """
    ended = ended_identified_in_year(participants, year, intervention_id=intervention_id)
    reasons = ended["exit_reason"]
    out: dict[str, Any] = {key: int((reasons == key).fillna(False).sum()) for key in REPORTED_EXIT_REASONS}
    denominator = len(ended)
    work_or_studies = sum(out[key] for key in WORK_OR_STUDIES)
    closer = sum(out[key] for key in CLOSER_TO_LABOUR_MARKET)
    out["work_or_studies"] = work_or_studies
    out["work_or_studies_share"] = share(work_or_studies, denominator)
    out["closer_to_labour_market"] = closer
    out["closer_to_labour_market_share"] = share(closer, denominator)
    out["ended_identified"] = denominator
    return out


def _ordered_groups(values: Iterable[object], first: Iterable[str] = ()) -> list[str]:
    seen = [str(v) for v in dict.fromkeys(first)]
    rest = sorted({str(v) for v in values if not pd.isna(v)} - set(seen))
    return seen + rest


def _running_interventions(interventions: pd.DataFrame | None, year: int) -> list[str]:
    """Intervention ids (in table order) whose own period overlaps ``year``."""
    if interventions is None or interventions.empty:
        return []
    start_year = _year_of(interventions["start_date"])
    end_year = _year_of(interventions["end_date"])
    running = (start_year <= year).fillna(False) & (end_year.isna() | (end_year >= year))
    return [str(i) for i in interventions.loc[running.astype(bool), "intervention_id"].dropna()]


def summary_interventions(participants: pd.DataFrame, interventions: pd.DataFrame | None, year: int) -> list[str]:
    """The interventions of ``summary --json`` for ``year``: every one with episodes in the year or whose own
    period (start_date–end_date in the ``interventions`` rows) overlaps it; running interventions first in table
    order, then any others with episodes, sorted by id."""
    episodes = episodes_in_year(participants, year)
    return _ordered_groups(episodes["intervention_id"], _running_interventions(interventions, year))


def intervention_counts(
    participants: pd.DataFrame, interventions: pd.DataFrame | None, year: int
) -> dict[str, dict[str, Any]]:
    """Per intervention of :func:`summary_interventions`: ``{id: {episodes, started, ended, active_end_of_year,
    exits: {…}}}``; ``exits`` has the keys of :data:`EXIT_KEYS`."""
    out: dict[str, dict[str, Any]] = {}
    for intervention_id in summary_interventions(participants, interventions, year):
        counts = participant_counts(participants, year, intervention_id=intervention_id)
        exits = exit_counts(participants, year, intervention_id=intervention_id)
        out[intervention_id] = {key: counts[key] for key in INTERVENTION_KEYS}
        out[intervention_id]["exits"] = {key: exits[key] for key in EXIT_KEYS}
    return out


def _counts_by(participants: pd.DataFrame, year: int, by: str, counter) -> pd.DataFrame:
    episodes = episodes_in_year(participants, year)
    rows = {}
    for value in _ordered_groups(episodes[by]):
        subset = participants[(participants[by] == value).fillna(False).astype(bool)]
        rows[value] = counter(subset, year)
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = by
    return frame


def participant_counts_by(participants: pd.DataFrame, year: int, by: str = "intervention_id") -> pd.DataFrame:
    """:func:`participant_counts` per value of column ``by`` (one row per value with episodes in ``year``)."""
    frame = _counts_by(participants, year, by, participant_counts)
    return frame if not frame.empty else pd.DataFrame(columns=list(PARTICIPANT_KEYS))


def exit_counts_by(participants: pd.DataFrame, year: int, by: str = "intervention_id") -> pd.DataFrame:
    """:func:`exit_counts` per value of column ``by`` (one row per value with episodes in ``year``)."""
    frame = _counts_by(participants, year, by, exit_counts)
    return frame if not frame.empty else pd.DataFrame(columns=[*EXIT_KEYS, "ended_identified"])
