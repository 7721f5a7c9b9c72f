"""Participant flows for the Deltagarflöden dashboard: raw counts of one year, per selection and fine category.

Pure functions, inputs never mutated, nothing suppressed here: :mod:`finsamdash.privacy` decides what may be shown.

:func:`year_counts` counts, for one year as known at a cut-off (the meeting date), every **fine key** for every
**selection** of the population at once (a sparse membership matrix times a 0/1 indicator matrix):

* selections: the association (``*``), each intervention (``i:<id>``), each municipality (``m:<name>``; ``m:`` holds
  the episodes without one, anonymous ones among them), each gender (``g:<gender>``), and the crossings of the
  interventions and municipalities with gender (``i:<id>|g:<gender>``, ``m:<name>|g:<gender>``);
* keys ``(name, first day, last day)`` of a window, ISO dates:

  - ``episodes``, ``anonymous``, ``identified`` – episodes counting in the year (started by the period end, not
    ended before 1 January);
  - ``active`` – a stock: episodes (anonymous included) active at the end of a day (window of one day): 31 December
    of the year before, every month end before the period end, the period end;
  - ``started``, ``ended`` – *identified* episodes that started or ended in a month, a quarter or the year so far
    (anonymous episodes are reported only as their own count, as the annual reports do);
  - ``age:<band>``, ``education:<category>``, ``support_years:<bucket>``, ``support_before_missing`` – identified
    episodes counting in the year (:data:`MISSING` for an empty value);
  - over the identified episodes that ended in the year: ``exit:<reason>``, ``wos`` (work or studies), ``closer``
    (closer to the labour market), ``plan:yes`` / ``plan:no``, ``sb:<group>`` / ``sa:<group>`` (support before /
    after, :data:`SUPPORT_GROUPS`), ``dur_ended:<bucket>``;
  - ``ongoing`` and ``dur_ongoing:<bucket>`` – a stock: identified episodes active at the period end, by time in
    the intervention so far.

Registration errors count nowhere. Ages are computed from the birth year (start year − birth year) and shown only
as age groups. :func:`quality_counts` gives the counts behind the data-quality notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import sparse

from finsamdash.data.contract import (
    CLOSER_TO_LABOUR_MARKET,
    REPORTED_EXIT_REASONS,
    WORK_OR_STUDIES,
    category_labels,
)
from finsamdash.metrics.participant_counts import REGISTRATION_ERROR
from finsamdash.wording import participants as sv

__all__ = [
    "AGE_GROUPS",
    "ASSOCIATION",
    "DISTRIBUTIONS",
    "DURATION_BUCKETS",
    "EDUCATION_LEVELS",
    "GENDERS",
    "MISSING",
    "MISSING_LABEL",
    "SUPPORT_GROUPS",
    "SUPPORT_YEAR_BUCKETS",
    "Bucket",
    "Windows",
    "YearCounts",
    "age_group",
    "category_label",
    "duration_bucket",
    "period_end",
    "prepare",
    "quality_counts",
    "support_group",
    "support_year_bucket",
    "whole_months",
    "windows",
    "year_counts",
]

#: The selection of every episode (the whole association).
ASSOCIATION = "*"
#: Category key and label of a missing value.
MISSING = "missing"
MISSING_LABEL = sv.MISSING_LABEL
GENDERS = ("woman", "man", "other_unknown")
#: Education levels in order (``unknown`` = "okänd", as typed; :data:`MISSING` = left empty).
EDUCATION_LEVELS = tuple(category_labels("education"))


@dataclass(frozen=True)
class Bucket:
    """A range ``lower <= value < upper`` (``None`` = open) with its key and Swedish label."""

    key: str
    label: str
    lower: float | None
    upper: float | None

    def contains(self, values: np.ndarray) -> np.ndarray:
        """Which of the float ``values`` lie in the range (NaN: none)."""
        inside = ~np.isnan(values)
        if self.lower is not None:
            inside &= values >= self.lower
        if self.upper is not None:
            inside &= values < self.upper
        return inside


#: Age at start (start year − birth year), in whole years.
AGE_GROUPS = (
    Bucket("age_u25", sv.AGE_GROUP_LABELS["age_u25"], None, 25),
    Bucket("age_25_34", sv.AGE_GROUP_LABELS["age_25_34"], 25, 35),
    Bucket("age_35_44", sv.AGE_GROUP_LABELS["age_35_44"], 35, 45),
    Bucket("age_45_54", sv.AGE_GROUP_LABELS["age_45_54"], 45, 55),
    Bucket("age_55", sv.AGE_GROUP_LABELS["age_55"], 55, None),
)
#: Years in public support before start ("1–2 år" = at least 1 and less than 3 years).
SUPPORT_YEAR_BUCKETS = (
    Bucket("sup_u1", sv.SUPPORT_YEAR_LABELS["sup_u1"], None, 1),
    Bucket("sup_1_2", sv.SUPPORT_YEAR_LABELS["sup_1_2"], 1, 3),
    Bucket("sup_3_4", sv.SUPPORT_YEAR_LABELS["sup_3_4"], 3, 5),
    Bucket("sup_5_9", sv.SUPPORT_YEAR_LABELS["sup_5_9"], 5, 10),
    Bucket("sup_10", sv.SUPPORT_YEAR_LABELS["sup_10"], 10, None),
)
#: Time in the intervention in whole months ("3–6 månader" = at least 3 and less than 6 whole months).
DURATION_BUCKETS = (
    Bucket("dur_u3", sv.DURATION_LABELS["dur_u3"], None, 3),
    Bucket("dur_3_6", sv.DURATION_LABELS["dur_3_6"], 3, 6),
    Bucket("dur_6_12", sv.DURATION_LABELS["dur_6_12"], 6, 12),
    Bucket("dur_12_24", sv.DURATION_LABELS["dur_12_24"], 12, 24),
    Bucket("dur_24", sv.DURATION_LABELS["dur_24"], 24, None),
)
#: The distributions of identified episodes: name -> Swedish name of the variable.
DISTRIBUTIONS = sv.DISTRIBUTION_NAMES
#: Support grouped (before and after the intervention): key, Swedish label, member categories.
SUPPORT_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("sick", sv.SUPPORT_GROUP_LABELS["sick"], ("sickness_benefit", "rehabilitation_benefit")),
    ("compensation", sv.SUPPORT_GROUP_LABELS["compensation"], ("activity_compensation", "sickness_compensation")),
    ("unemployment", sv.SUPPORT_GROUP_LABELS["unemployment"],
     ("unemployment_insurance", "activity_support", "establishment_benefit")),
    ("assistance", sv.SUPPORT_GROUP_LABELS["assistance"], ("social_assistance",)),
    ("self", sv.SUPPORT_GROUP_LABELS["self"], ("salary", "study_aid")),
    ("nothing", sv.SUPPORT_GROUP_LABELS["nothing"], ("none",)),
    ("other", sv.SUPPORT_GROUP_LABELS["other"], ("other", "unknown")),
    (MISSING, MISSING_LABEL, (MISSING,)),
)
SUPPORT_GROUP_KEYS = tuple(g for g, _label, _members in SUPPORT_GROUPS)


# --- period and preparation -------------------------------------------------------------------------------------


def period_end(year: int, cutoff: date | str | None) -> pd.Timestamp:
    """The last day counted in ``year``: 31 December, or the cut-off when it falls inside the year."""
    last = pd.Timestamp(year, 12, 31)
    if cutoff is None:
        return last
    stamp = pd.Timestamp(cutoff).normalize()
    if stamp.year < year:
        raise ValueError(f"the cut-off {stamp.date()} is before the year {year}")
    return min(last, stamp)


def prepare(participants: pd.DataFrame, cutoff: date | str | None = None) -> pd.DataFrame:
    """The episodes as known on ``cutoff`` with registration errors removed (a new frame).

    Same rule as :meth:`finsamdash.data.dataset.Dataset.as_of`: episodes starting after the cut-off are dropped; an end
    after the cut-off is not yet known (end date, exit reason and support after are cleared).
    """
    frame = participants[(participants["exit_reason"] != REGISTRATION_ERROR).fillna(True).astype(bool)].copy()
    if cutoff is not None:
        stamp = pd.Timestamp(cutoff)
        frame = frame[(frame["start_date"] <= stamp).fillna(False).astype(bool)].copy()
        later = (frame["end_date"] > stamp).fillna(False).astype(bool)
        for column in ("end_date", "exit_reason", "support_after"):
            frame.loc[later, column] = pd.NA
    return frame


# --- buckets ----------------------------------------------------------------------------------------------------


def _bucket_keys(values: np.ndarray, buckets: Sequence[Bucket]) -> np.ndarray:
    """The key of the first bucket holding each value of a float array (:data:`MISSING` for NaN or none), as an
    object array: the one rule of every bucketing, for a whole table at once and for one value."""
    out = np.full(len(values), MISSING, dtype=object)
    free = ~np.isnan(values)
    for bucket in buckets:
        inside = free & bucket.contains(values)
        out[inside] = bucket.key
        free &= ~inside
    return out


def _bucket_key(value: object, buckets: Sequence[Bucket]) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return _bucket_keys(np.array([float(value)]), buckets)[0]  # type: ignore[arg-type]


def _whole_months(start: pd.Series, end: pd.Series | pd.Timestamp) -> np.ndarray:
    """:func:`whole_months` of every episode (NaN where a date is missing)."""
    s = pd.DatetimeIndex(start)
    e = pd.DatetimeIndex(end) if isinstance(end, pd.Series) else end
    months = (e.year - s.year) * 12 + (e.month - s.month) - np.asarray(e.day < s.day)
    return np.asarray(months, dtype=float)


def age_group(start_date: object, birth_year: object) -> str:
    """The :data:`AGE_GROUPS` key of someone born in ``birth_year`` starting on ``start_date`` (age = start year −
    birth year); :data:`MISSING` without a birth year."""
    if birth_year is None or pd.isna(birth_year) or start_date is None or pd.isna(start_date):
        return MISSING
    return _bucket_key(pd.Timestamp(start_date).year - int(birth_year), AGE_GROUPS)  # type: ignore[call-overload]


def support_year_bucket(years: object) -> str:
    """The :data:`SUPPORT_YEAR_BUCKETS` key of a number of years in public support (:data:`MISSING` when empty)."""
    return _bucket_key(years, SUPPORT_YEAR_BUCKETS)


def whole_months(start: object, end: object) -> int:
    """Whole calendar months from ``start`` to ``end``: 15 January → 14 April is 2, → 15 April is 3."""
    return int(_whole_months(pd.Series([pd.Timestamp(start)]), pd.Timestamp(end))[0])


def duration_bucket(start: object, end: object) -> str:
    """The :data:`DURATION_BUCKETS` key of an episode from ``start`` to ``end`` (whole months)."""
    return _bucket_key(whole_months(start, end), DURATION_BUCKETS)


def support_group(key: str) -> str:
    """The :data:`SUPPORT_GROUPS` key of a support category (or :data:`MISSING`)."""
    for group, _label, members in SUPPORT_GROUPS:
        if key in members:
            return group
    return "other"


def category_label(kind: str, key: str) -> str:
    """The Swedish label of ``key`` in ``kind``: ``exit_reason``, ``support``, ``support_group``, ``education``,
    ``gender``, ``age``, ``support_years`` or ``duration``; :data:`MISSING_LABEL` for :data:`MISSING`."""
    if key == MISSING:
        return MISSING_LABEL
    if kind == "support_group":
        return next((label for g, label, _m in SUPPORT_GROUPS if g == key), key)
    if kind == "gender":
        return sv.GENDER_GROUPS.get(key, key)
    buckets = {"age": AGE_GROUPS, "support_years": SUPPORT_YEAR_BUCKETS, "duration": DURATION_BUCKETS}
    if kind in buckets:
        return next((b.label for b in buckets[kind] if b.key == key), key)
    return category_labels(kind).get(key, key)


# --- windows of a year ------------------------------------------------------------------------------------------


def _iso(day: pd.Timestamp) -> str:
    return day.date().isoformat()


@dataclass(frozen=True)
class Windows:
    """The windows of one year as known at a cut-off: ISO ``(first, last)`` days.

    ``months`` and ``quarters`` run up to the period end (the last one cut there); ``stock`` holds the days at whose
    end the active participants are counted: 31 December of the year before, each month end before the period
    end, and the period end."""

    year: int
    end: str
    months: tuple[tuple[str, str], ...]
    quarters: tuple[tuple[str, str], ...]
    stock: tuple[str, ...]

    @property
    def whole(self) -> tuple[str, str]:
        """The year so far: 1 January to the period end."""
        return (f"{self.year}-01-01", self.end)


def windows(year: int, cutoff: date | str | None) -> Windows:
    """The :class:`Windows` of ``year`` as known at ``cutoff``."""
    end = period_end(year, cutoff)

    def cut(first: pd.Timestamp, last: pd.Timestamp) -> tuple[str, str]:
        return (_iso(first), _iso(min(last, end)))

    months = tuple(cut(pd.Timestamp(year, m, 1), pd.Timestamp(year, m, 1) + pd.offsets.MonthEnd(0))
                   for m in range(1, end.month + 1))
    quarters = tuple(cut(pd.Timestamp(year, 3 * q - 2, 1), pd.Timestamp(year, 3 * q, 1) + pd.offsets.MonthEnd(0))
                     for q in range(1, (end.month + 2) // 3 + 1))
    month_ends = [pd.Timestamp(year, m, 1) + pd.offsets.MonthEnd(0) for m in range(1, end.month + 1)]
    stock = (_iso(pd.Timestamp(year - 1, 12, 31)), *(_iso(d) for d in month_ends if d < end), _iso(end))
    return Windows(year, _iso(end), months, quarters, stock)


# --- counts -----------------------------------------------------------------------------------------------------


Key = tuple[str, str, str]


@dataclass(frozen=True)
class YearCounts:
    """The raw counts of one year: ``values[s, k]`` is the count of fine key ``keys[k]`` in ``selections[s]``."""

    windows: Windows
    selections: tuple[str, ...]
    keys: tuple[Key, ...]
    values: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "_row", {s: i for i, s in enumerate(self.selections)})
        object.__setattr__(self, "_column", {k: i for i, k in enumerate(self.keys)})

    def get(self, selection: str, key: Key) -> int:
        """The count (0 for a selection without episodes)."""
        row = self._row.get(selection)  # type: ignore[attr-defined]
        return 0 if row is None else int(self.values[row, self._column[key]])  # type: ignore[attr-defined]

    def has(self, key: Key) -> bool:
        return key in self._column  # type: ignore[attr-defined]

    def selections_of(self, prefix: str) -> list[str]:
        """The selections of one kind (``"i:"``, ``"m:"``, ``"g:"``) without the crossings, in order."""
        return [s for s in self.selections if s.startswith(prefix) and "|" not in s]


def _dates(series: pd.Series) -> np.ndarray:
    """A date column as NumPy ``datetime64[ns]`` (NaT where empty: every comparison with it is False)."""
    return series.to_numpy("datetime64[ns]", na_value=np.datetime64("NaT"))


def _between(dates: np.ndarray, first: str, last: str) -> np.ndarray:
    return (dates >= np.datetime64(first)) & (dates <= np.datetime64(last))


def _active_at(start: np.ndarray, end: np.ndarray, day: str) -> np.ndarray:
    stamp = np.datetime64(day)
    return (start <= stamp) & (np.isnat(end) | (end > stamp))


def _category_columns(name: str, values: pd.Series, keys: Sequence[str], mask: np.ndarray,
                      window: tuple[str, str]) -> dict[Key, np.ndarray]:
    return {(f"{name}:{k}", *window): (values.to_numpy(object) == k) & mask for k in keys}


def _in_year(frame: pd.DataFrame, win: Windows) -> np.ndarray:
    """Episodes that count in the year: started by the period end and not ended before 1 January."""
    year0, end = win.whole
    return ((frame["start_date"] <= pd.Timestamp(end))
            & (frame["end_date"].isna() | (frame["end_date"] >= pd.Timestamp(year0)))).fillna(False).to_numpy(bool)


def _indicators(frame: pd.DataFrame, win: Windows) -> dict[Key, np.ndarray]:
    """One 0/1 column per fine key over the episodes of ``frame``, which all count in the year (see the module
    docstring)."""
    identified = ~frame["anonymous"].fillna(False).to_numpy(bool)
    every = np.ones(len(frame), dtype=bool)
    cols: dict[Key, np.ndarray] = {
        ("episodes", *win.whole): every,
        ("anonymous", *win.whole): ~identified,
        ("identified", *win.whole): identified,
    }
    start, end = _dates(frame["start_date"]), _dates(frame["end_date"])
    cols |= {("active", day, day): _active_at(start, end, day) for day in win.stock}
    for first, last in (*win.months, *win.quarters, win.whole):
        cols[("started", first, last)] = _between(start, first, last) & identified
        cols[("ended", first, last)] = _between(end, first, last) & identified
    ages = pd.Series(_bucket_keys(pd.DatetimeIndex(start).year.to_numpy(float)
                                  - frame["birth_year"].to_numpy(float, na_value=np.nan), AGE_GROUPS),
                     index=frame.index, dtype=object)
    cols |= _category_columns("age", ages, [*(b.key for b in AGE_GROUPS), MISSING], identified, win.whole)
    education = frame["education"].astype(object).where(frame["education"].notna(), MISSING)
    cols |= _category_columns("education", education, [*EDUCATION_LEVELS, MISSING], identified, win.whole)
    years = pd.Series(_bucket_keys(frame["years_public_support"].to_numpy(float, na_value=np.nan),
                                   SUPPORT_YEAR_BUCKETS), index=frame.index, dtype=object)
    cols |= _category_columns("support_years", years, [*(b.key for b in SUPPORT_YEAR_BUCKETS), MISSING],
                              identified, win.whole)
    cols[("support_before_missing", *win.whole)] = identified & frame["support_before"].isna().to_numpy(bool)
    cols |= _outcome_indicators(frame, win, cols[("ended", *win.whole)])
    cols |= _ongoing_indicators(frame, win, identified)
    return cols


def _outcome_indicators(frame: pd.DataFrame, win: Windows, ended: np.ndarray) -> dict[Key, np.ndarray]:
    """Over the identified episodes that ended in the year: exits, plans, support and time in the intervention."""
    reason = frame["exit_reason"].astype(object).where(frame["exit_reason"].notna(), MISSING)
    cols = _category_columns("exit", reason, [*REPORTED_EXIT_REASONS, MISSING], ended, win.whole)
    cols[("wos", *win.whole)] = ended & reason.isin(WORK_OR_STUDIES).to_numpy(bool)
    cols[("closer", *win.whole)] = ended & reason.isin(CLOSER_TO_LABOUR_MARKET).to_numpy(bool)
    plan = frame["individual_plan"].fillna(False).to_numpy(bool)
    cols[("plan:yes", *win.whole)] = ended & plan
    cols[("plan:no", *win.whole)] = ended & ~plan
    before = frame["support_before"].astype(object).where(frame["support_before"].notna(), MISSING).map(
        support_group).to_numpy(object)
    after = frame["support_after"].astype(object).where(frame["support_after"].notna(), MISSING).map(
        support_group).to_numpy(object)
    for g in SUPPORT_GROUP_KEYS:
        cols[(f"sb:{g}", *win.whole)] = ended & (before == g)
        cols[(f"sa:{g}", *win.whole)] = ended & (after == g)
    spans = pd.Series(_bucket_keys(_whole_months(frame["start_date"], frame["end_date"]), DURATION_BUCKETS),
                      index=frame.index, dtype=object)
    cols |= _category_columns("dur_ended", spans, [b.key for b in DURATION_BUCKETS], ended, win.whole)
    return cols


def _ongoing_indicators(frame: pd.DataFrame, win: Windows, identified: np.ndarray) -> dict[Key, np.ndarray]:
    """Identified episodes active at the period end, by time in the intervention so far (a stock)."""
    day = (win.end, win.end)
    active = _active_at(_dates(frame["start_date"]), _dates(frame["end_date"]), win.end) & identified
    spans = pd.Series(_bucket_keys(_whole_months(frame["start_date"], pd.Timestamp(win.end)), DURATION_BUCKETS),
                      index=frame.index, dtype=object)
    cols = {("ongoing", *day): active}
    cols |= _category_columns("dur_ongoing", spans, [b.key for b in DURATION_BUCKETS], active, day)
    return cols


def _selection_labels(frame: pd.DataFrame, interventions: Sequence[str]) -> tuple[list[str], sparse.csr_matrix]:
    """The selections (see the module docstring) and their 0/1 membership matrix over the episodes of ``frame``."""
    iid = frame["intervention_id"].astype("string").fillna("").to_numpy(object)
    muni = frame["municipality"].astype("string").str.strip().fillna("").to_numpy(object)
    gender = frame["gender"].astype("string").to_numpy(object)
    gender = np.where(np.isin(gender, ["woman", "man"]), gender, "other_unknown")
    present = set(iid.tolist())
    ids = [i for i in interventions if i in present] + sorted(present - set(interventions))
    municipalities = [*sorted(set(muni.tolist()) - {""}), ""]
    keys: dict[str, np.ndarray] = {ASSOCIATION: np.ones(len(frame), dtype=bool)}
    keys |= {f"i:{i}": iid == i for i in ids}
    keys |= {f"m:{m}": muni == m for m in municipalities}
    keys |= {f"g:{g}": gender == g for g in GENDERS}
    for prefix, column, values in (("i", iid, ids), ("m", muni, municipalities)):
        keys |= {f"{prefix}:{v}|g:{g}": (column == v) & (gender == g) for v in values for g in GENDERS}
    names = list(keys)
    matrix = sparse.csr_matrix(np.vstack([keys[s] for s in names]).astype(np.int64).reshape(len(names), len(frame)))
    return names, matrix


def year_counts(participants: pd.DataFrame, year: int, cutoff: date | str | None = None, *,
                interventions: Sequence[str] = ()) -> YearCounts:
    """Every fine key of ``year`` as known at ``cutoff`` for every selection (see the module docstring).

    ``interventions`` orders the intervention selections (e.g. as in the Insatser sheet); other interventions with
    episodes follow, sorted. Every intervention and municipality of ``participants`` (any year) is a selection, so
    that two years of one association have the same selections.
    """
    frame = prepare(participants, cutoff)
    win = windows(year, cutoff)
    history = prepare(participants)
    names, membership = _selection_labels(history, interventions)
    frame = frame.loc[_in_year(frame, win)]
    cols = _indicators(frame, win)
    keys = tuple(cols)
    if len(frame):
        indicator = np.column_stack([cols[k] for k in keys]).astype(np.int64)
        values = np.asarray(membership[:, history.index.get_indexer(frame.index)] @ indicator)
    else:
        values = np.zeros((len(names), len(keys)), dtype=np.int64)
    return YearCounts(win, tuple(names), keys, values)


def quality_counts(participants: pd.DataFrame, cutoff: date | str) -> dict[str, int]:
    """Register counts behind the data-quality notes (whole association, as of ``cutoff``): ``open_over_two_years``
    (episodes, anonymous included, with no end date that started more than two years before the cut-off) and
    ``ended_without_reason`` (identified episodes with an end date but no exit reason; the validator rejects them,
    so normally 0)."""
    frame = prepare(participants, cutoff)
    stamp = pd.Timestamp(cutoff)
    open_long = frame["end_date"].isna() & (frame["start_date"] < stamp - pd.DateOffset(years=2))
    identified = frame.loc[~frame["anonymous"].fillna(False).astype(bool)]
    return {
        "open_over_two_years": int(open_long.fillna(False).sum()),
        "ended_without_reason": int((identified["end_date"].notna() & identified["exit_reason"].isna()).sum()),
    }
