"""Participant flows for the Deltagarflöden dashboard, and their suppression over every filter the page offers.

Two layers, both pure (no display code, inputs never mutated):

**Raw counts** for one population. Every function takes the ``participants`` rows of ONE association (typed as in
:mod:`finsamdash.dataset`), a ``year``, the data ``cutoff`` (the meeting date; ``None`` = everything known) and
optional :class:`Filters`, and returns a tidy frame of counts:

* :func:`monthly_flows` – active at the start of the year and at the end of every month, started and ended per
  month, up to the cut-off month when the cut-off falls in the year;
* :func:`intervention_flows` – per intervention: episodes, started, ended, active at the end of the period;
* :func:`exit_table` – per intervention × exit reason, identified episodes that ended in the year;
* :func:`support_links` – support before × support after, identified episodes that ended in the year;
* :func:`duration_table` – time in the intervention per bucket, for identified episodes that ended in the year and
  for those still active at the end of the period;
* :func:`distribution` – gender (all episodes), age group at start, education, years in public support before start
  (identified episodes);
* :func:`quality_counts` – counts behind the data-quality notes.

The counting rules are those of the data contract (see :mod:`finsamdash.metrics.participants`): registration errors
count nowhere; anonymous episodes count in the flows (totals) and the gender split only; exits, support, durations
and the other distributions are over identified episodes. Ages are computed from the birth year and shown only as
age groups.

**Suppression over the filter cube.** A page lets the reader choose an intervention, a municipality and a gender.
Auditing each filtered view on its own would let a reader difference two views ("all" minus "women" minus "men" =
"other/unknown"), so :func:`audit_cube` audits every count of every combination of the filters at once: the cube of
slices ``(intervention, municipality, gender)`` with ``"*"`` meaning all, the relations inside one slice (a total and
its parts) and between slices (the "all" slice is the sum of its parts along each filter; episodes without a
municipality form an implicit part that is never offered as a filter), plus the stock–flow identity of the monthly
figures (active at the end of the previous month + started = active at the end of the month + ended), which
:func:`finsamdash.privacy.suppressed_cells` cannot express. :func:`audit_period` audits a year in two cubes, one
per population, so that a count published in two sections is one cell of one audit.
Counts that are 0 whatever happens (a slice with no episode of its kind in any year, an intervention's months
before its start or after its end) are structural zeros: shown as 0, never protected.

**Suppressed tables for the page**: :func:`suppressed_monthly`, :func:`suppressed_interventions`,
:func:`suppressed_exits`, :func:`suppressed_support`, :func:`suppressed_durations`,
:func:`suppressed_distribution`, :func:`suppressed_flow_totals` and :func:`quality_figures` read one slice (the
reader's :class:`Filters`) of an audited year: hidden counts are ``NA`` (with a status frame saying "small" or
"secondary") before anything reaches a figure or a table, and shares built on a hidden count are ``NA`` too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import product

import numpy as np
import pandas as pd

from finsamdash.contract import REPORTED_EXIT_REASONS, WORK_OR_STUDIES, category_labels
from finsamdash.metrics.participants import REGISTRATION_ERROR
from finsamdash.privacy import SECONDARY, SMALL, Relation, is_small, relation, suppressed_cells

__all__ = [
    "AGE_GROUPS",
    "ALL",
    "DISTRIBUTIONS",
    "DURATION_BUCKETS",
    "GENDERS",
    "MISSING",
    "MISSING_LABEL",
    "NO_MUNICIPALITY",
    "SUPPORT_GROUPS",
    "SUPPORT_YEAR_BUCKETS",
    "TOTAL",
    "AuditedCube",
    "Bucket",
    "Categories",
    "Dimensions",
    "Filters",
    "Identity",
    "PeriodAudit",
    "Published",
    "age_group",
    "audit",
    "audit_cube",
    "audit_period",
    "categories_in_data",
    "category_label",
    "category_lists",
    "cube_counts",
    "dimensions",
    "distribution",
    "duration_bucket",
    "duration_table",
    "exit_table",
    "filter_episodes",
    "intervention_flows",
    "monthly_flows",
    "period_end",
    "prepare",
    "quality_counts",
    "quality_figures",
    "support_group",
    "support_links",
    "support_year_bucket",
    "suppressed_distribution",
    "suppressed_durations",
    "suppressed_exits",
    "suppressed_flow_totals",
    "suppressed_interventions",
    "suppressed_monthly",
    "suppressed_support",
    "whole_months",
]

#: A filter value meaning "all" (also the option value of "Alla …" in the drop-downs).
ALL = "*"
#: The implicit municipality of episodes without one (anonymous episodes among them): never a filter option.
NO_MUNICIPALITY = ""
#: Category key and label of a missing value in a distribution.
MISSING = "missing"
MISSING_LABEL = "uppgift saknas"
GENDERS = ("woman", "man", "other_unknown")
#: Key and label of a margin row or column in the suppressed tables.
TOTAL = "Totalt"

Slice = tuple[str, str, str]  # (intervention_id | ALL, municipality | ALL | NO_MUNICIPALITY, gender | ALL)


@dataclass(frozen=True)
class Bucket:
    """A range ``lower <= value < upper`` (``None`` = open) with its key and Swedish label."""

    key: str
    label: str
    lower: float | None
    upper: float | None

    def contains(self, value: float) -> bool:
        return (self.lower is None or value >= self.lower) and (self.upper is None or value < self.upper)


#: Age at start (start year − birth year), in whole years.
AGE_GROUPS = (
    Bucket("age_u25", "under 25 år", None, 25),
    Bucket("age_25_34", "25–34 år", 25, 35),
    Bucket("age_35_44", "35–44 år", 35, 45),
    Bucket("age_45_54", "45–54 år", 45, 55),
    Bucket("age_55", "55 år eller äldre", 55, None),
)
#: Years in public support before start ("1–2 år" = at least 1 and less than 3 years).
SUPPORT_YEAR_BUCKETS = (
    Bucket("sup_u1", "under 1 år", None, 1),
    Bucket("sup_1_2", "1–2 år", 1, 3),
    Bucket("sup_3_4", "3–4 år", 3, 5),
    Bucket("sup_5_9", "5–9 år", 5, 10),
    Bucket("sup_10", "10 år eller mer", 10, None),
)
#: Time in the intervention in whole months ("3–6 månader" = at least 3 and less than 6 whole months).
DURATION_BUCKETS = (
    Bucket("dur_u3", "under 3 månader", None, 3),
    Bucket("dur_3_6", "3–6 månader", 3, 6),
    Bucket("dur_6_12", "6–12 månader", 6, 12),
    Bucket("dur_12_24", "1–2 år", 12, 24),
    Bucket("dur_24", "över 2 år", 24, None),
)
#: The distributions of :func:`distribution`: name -> Swedish name of the variable.
DISTRIBUTIONS = {
    "gender": "kön",
    "age": "åldersgrupp",
    "education": "utbildning",
    "support_years": "år i offentlig försörjning före start",
}


# --- period, filters and preparation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The reader's choice: one intervention, municipality and gender, or :data:`ALL` of each."""

    intervention: str = ALL
    municipality: str = ALL
    gender: str = ALL

    @property
    def slice(self) -> Slice:
        return (self.intervention, self.municipality, self.gender)

    @property
    def is_all(self) -> bool:
        return self.slice == (ALL, ALL, ALL)


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

    Same rule as :meth:`finsamdash.dataset.Dataset.as_of`: episodes starting after the cut-off are dropped; an end
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


def _slice_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Per episode: its intervention, municipality (:data:`NO_MUNICIPALITY` when empty) and gender (an unknown or
    empty gender counts as ``other_unknown``, as in :func:`~finsamdash.metrics.participants.participant_counts`)."""
    municipality = frame["municipality"].astype("string").str.strip().fillna(NO_MUNICIPALITY)
    gender = frame["gender"].astype("string")
    gender = gender.where(gender.isin(["woman", "man"]).fillna(False).astype(bool), "other_unknown")
    return pd.DataFrame({
        "intervention": frame["intervention_id"].astype("string").fillna(""),
        "municipality": municipality,
        "gender": gender,
    }, index=frame.index).astype(object)


def filter_episodes(frame: pd.DataFrame, filters: Filters | None = None) -> pd.DataFrame:
    """The episodes of ``frame`` in the filtered population."""
    if filters is None or filters.is_all:
        return frame
    keys = _slice_columns(frame)
    keep = pd.Series(True, index=frame.index)
    for column, value in zip(("intervention", "municipality", "gender"), filters.slice, strict=True):
        if value != ALL:
            keep &= keys[column] == value
    return frame.loc[keep]


def _identified(frame: pd.DataFrame) -> pd.Series:
    return ~frame["anonymous"].fillna(False).astype(bool)


def _in_year(frame: pd.DataFrame, year: int, end: pd.Timestamp) -> pd.Series:
    """Counts in ``year`` (started by the period end, not ended before 1 January)."""
    start = pd.Timestamp(year, 1, 1)
    return ((frame["start_date"] <= end) & (frame["end_date"].isna() | (frame["end_date"] >= start))).fillna(
        False).astype(bool)


def _ended_in(frame: pd.DataFrame, year: int, end: pd.Timestamp) -> pd.Series:
    return ((frame["end_date"] >= pd.Timestamp(year, 1, 1)) & (frame["end_date"] <= end)).fillna(False).astype(bool)


def _ended_identified(frame: pd.DataFrame, year: int, end: pd.Timestamp) -> pd.DataFrame:
    return frame.loc[_ended_in(frame, year, end) & _identified(frame)]


def _active_at(frame: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """Started on or before ``day`` and not ended by then (still active at the end of ``day``)."""
    return ((frame["start_date"] <= day) & (frame["end_date"].isna() | (frame["end_date"] > day))).fillna(
        False).astype(bool)


# --- buckets ----------------------------------------------------------------------------------------------------


def _bucket_key(value: object, buckets: Sequence[Bucket]) -> str:
    if value is None or pd.isna(value):
        return MISSING
    for bucket in buckets:
        if bucket.contains(float(value)):  # type: ignore[arg-type]
            return bucket.key
    return MISSING


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
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    return (e.year - s.year) * 12 + (e.month - s.month) - (1 if e.day < s.day else 0)


def duration_bucket(start: object, end: object) -> str:
    """The :data:`DURATION_BUCKETS` key of an episode from ``start`` to ``end`` (whole months)."""
    return _bucket_key(whole_months(start, end), DURATION_BUCKETS)


def categories_in_data(values: pd.Series | Iterable[pd.Series], keys: Sequence[str]) -> list[str]:
    """The category ``keys`` (in the given order) that occur in ``values`` (one or several series), plus
    :data:`MISSING` when some value is empty.

    Used with the association's data of ALL years: categories the association never uses are left out of its tables
    (a structural zero tells nothing about anyone), a category used in any year is always shown (suppressed when
    small).
    """
    series = [values] if isinstance(values, pd.Series) else list(values)
    both = pd.concat(series, ignore_index=True) if series else pd.Series(dtype="string")
    used = set(both.dropna().astype(str))
    return [k for k in keys if k in used] + ([MISSING] if both.isna().any() else [])


#: Support grouped for the overview Sankey: key, Swedish label, member categories.
SUPPORT_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("sick", "sjuk- eller rehabiliteringspenning", ("sickness_benefit", "rehabilitation_benefit")),
    ("compensation", "aktivitets- eller sjukersättning", ("activity_compensation", "sickness_compensation")),
    ("unemployment", "a-kassa, aktivitetsstöd eller etableringsersättning",
     ("unemployment_insurance", "activity_support", "establishment_benefit")),
    ("assistance", "försörjningsstöd", ("social_assistance",)),
    ("self", "lön eller studiemedel", ("salary", "study_aid")),
    ("nothing", "ingen ersättning", ("none",)),
    ("other", "annan eller okänd", ("other", "unknown")),
    (MISSING, MISSING_LABEL, (MISSING,)),
)


def support_group(key: str) -> str:
    """The :data:`SUPPORT_GROUPS` key of a support category (or :data:`MISSING`)."""
    for group, _label, members in SUPPORT_GROUPS:
        if key in members:
            return group
    return "other"


def _groups_of(keys: Sequence[str]) -> list[str]:
    used = {support_group(k) for k in keys}
    return [g for g, _label, _members in SUPPORT_GROUPS if g in used]


@dataclass(frozen=True)
class Categories:
    """The category lists of one association's tables (see :func:`categories_in_data`)."""

    reasons: tuple[str, ...]
    support_before: tuple[str, ...]
    support_after: tuple[str, ...]
    distributions: Mapping[str, tuple[str, ...]]  # age, education, support_years (gender is fixed)

    @property
    def groups_before(self) -> tuple[str, ...]:
        return tuple(_groups_of(self.support_before))

    @property
    def groups_after(self) -> tuple[str, ...]:
        return tuple(_groups_of(self.support_after))


def category_lists(participants: pd.DataFrame) -> Categories:
    """Exit reasons and support over the identified episodes that have ended (any year); education, age and years
    in public support over identified episodes; each with :data:`MISSING` only when a value is missing there."""
    frame = prepare(participants)
    identified = frame.loc[_identified(frame)]
    ended = identified.loc[identified["end_date"].notna()]
    support = list(category_labels("support"))
    age = [b.key for b in AGE_GROUPS] + ([MISSING] if identified["birth_year"].isna().any() else [])
    years = [b.key for b in SUPPORT_YEAR_BUCKETS] + (
        [MISSING] if identified["years_public_support"].isna().any() else [])
    return Categories(
        reasons=tuple(categories_in_data(ended["exit_reason"], REPORTED_EXIT_REASONS)),
        support_before=tuple(categories_in_data(ended["support_before"], support)),
        support_after=tuple(categories_in_data(ended["support_after"], support)),
        distributions={
            "age": tuple(age),
            "education": tuple(categories_in_data(identified["education"], list(category_labels("education")))),
            "support_years": tuple(years),
        },
    )


# --- indicator frames: one row per episode, one 0/1 column per count ---------------------------------------------


def _onehot(keys: pd.Series, columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: (keys == c).astype(int) for c in columns}, index=keys.index)


def _flow_indicators(frame: pd.DataFrame, year: int, cutoff: date | str | None) -> pd.DataFrame:
    end = period_end(year, cutoff)
    months = end.month
    episodes = frame.loc[_in_year(frame, year, end)]
    start, stop = episodes["start_date"], episodes["end_date"]
    cols: dict[str, pd.Series] = {}
    first = pd.Timestamp(year, 1, 1)
    cols["active:0"] = ((start < first) & (stop.isna() | (stop >= first))).fillna(False)
    for m in range(1, months + 1):
        month_start = pd.Timestamp(year, m, 1)
        month_end = min(month_start + pd.offsets.MonthEnd(0), end)
        cols[f"started:{m}"] = ((start >= month_start) & (start <= month_end)).fillna(False)
        cols[f"ended:{m}"] = ((stop >= month_start) & (stop <= month_end)).fillna(False)
        cols[f"active:{m}"] = _active_at(episodes, month_end)
    cols["episodes"] = pd.Series(True, index=episodes.index)
    cols["started"] = (start >= first).fillna(False)
    cols["ended"] = ((stop >= first) & (stop <= end)).fillna(False)
    identified = _identified(episodes)
    cols["anonymous"] = ~identified
    cols["identified"] = identified
    return pd.DataFrame(cols, index=episodes.index).astype(int)


def _flow_relations(months: int) -> tuple[list[Relation], list[Identity]]:
    relations = [
        relation("started", [f"started:{m}" for m in range(1, months + 1)]),
        relation("ended", [f"ended:{m}" for m in range(1, months + 1)]),
        relation("episodes", ["active:0", "started"]),
        relation("episodes", ["ended", f"active:{months}"]),
        relation("episodes", ["anonymous", "identified"]),
    ]
    identities = [
        Identity((f"active:{m - 1}", f"started:{m}"), (f"active:{m}", f"ended:{m}"),
                 prefer=(f"started:{m}", f"ended:{m}", f"active:{m}", f"active:{m - 1}"))
        for m in range(1, months + 1)
    ]
    return relations, identities


def _exit_keys(reasons: Sequence[str]) -> list[str]:
    return [*reasons, "ended_identified", "work_or_studies", "not_work_or_studies"]


def _exit_indicators(frame: pd.DataFrame, year: int, cutoff: date | str | None, reasons: Sequence[str]) -> pd.DataFrame:
    ended = _ended_identified(frame, year, period_end(year, cutoff))
    reason = ended["exit_reason"].astype("string").fillna(MISSING)
    out = _onehot(reason, reasons)
    out["ended_identified"] = 1
    out["work_or_studies"] = reason.isin(WORK_OR_STUDIES).astype(int)
    out["not_work_or_studies"] = 1 - out["work_or_studies"]
    return out


def _exit_relations(reasons: Sequence[str]) -> list[Relation]:
    """Publishing the ended total and the work-or-studies count publishes the rest too: both sums are audited."""
    wos = [r for r in reasons if r in WORK_OR_STUDIES]
    rest = [r for r in reasons if r not in WORK_OR_STUDIES]
    return [relation("ended_identified", reasons), relation("ended_identified", ["work_or_studies",
                                                                                  "not_work_or_studies"]),
            *([relation("work_or_studies", wos)] if wos else []),
            *([relation("not_work_or_studies", rest)] if rest else [])]


def _support_indicators(frame: pd.DataFrame, year: int, cutoff: date | str | None, before: Sequence[str],
                        after: Sequence[str]) -> pd.DataFrame:
    """Detailed cells ``cell:x>y``, margins ``before:x`` / ``after:y``, the same per :data:`SUPPORT_GROUPS`
    (``gcell:``, ``gbefore:``, ``gafter:``) and ``total``."""
    ended = _ended_identified(frame, year, period_end(year, cutoff))
    b = ended["support_before"].astype("string").fillna(MISSING).astype(object)
    a = ended["support_after"].astype("string").fillna(MISSING).astype(object)
    gb, ga = b.map(support_group), a.map(support_group)
    cols = {f"cell:{x}>{y}": ((b == x) & (a == y)).astype(int) for x in before for y in after}
    cols |= {f"before:{x}": (b == x).astype(int) for x in before}
    cols |= {f"after:{y}": (a == y).astype(int) for y in after}
    groups_before, groups_after = _groups_of(before), _groups_of(after)
    cols |= {f"gcell:{x}>{y}": ((gb == x) & (ga == y)).astype(int) for x in groups_before for y in groups_after}
    cols |= {f"gbefore:{x}": (gb == x).astype(int) for x in groups_before}
    cols |= {f"gafter:{y}": (ga == y).astype(int) for y in groups_after}
    cols["total"] = pd.Series(1, index=ended.index)
    return pd.DataFrame(cols, index=ended.index)


def _support_relations(before: Sequence[str], after: Sequence[str]) -> list[Relation]:
    rels = []
    for prefix, rows, columns in (("", before, after), ("g", _groups_of(before), _groups_of(after))):
        rels += [relation(f"{prefix}before:{x}", [f"{prefix}cell:{x}>{y}" for y in columns]) for x in rows]
        rels += [relation(f"{prefix}after:{y}", [f"{prefix}cell:{x}>{y}" for x in rows]) for y in columns]
        rels += [relation("total", [f"{prefix}before:{x}" for x in rows]),
                 relation("total", [f"{prefix}after:{y}" for y in columns])]
    # a group is the sum of its categories, in every cell and margin
    for g in _groups_of(before):
        members = [x for x in before if support_group(x) == g]
        rels.append(relation(f"gbefore:{g}", [f"before:{x}" for x in members]))
        for h in _groups_of(after):
            targets = [y for y in after if support_group(y) == h]
            rels.append(relation(f"gcell:{g}>{h}", [f"cell:{x}>{y}" for x in members for y in targets]))
    for h in _groups_of(after):
        rels.append(relation(f"gafter:{h}", [f"after:{y}" for y in after if support_group(y) == h]))
    return rels


_DURATION_KEYS = [b.key for b in DURATION_BUCKETS]


def _duration_indicators(frame: pd.DataFrame, year: int, cutoff: date | str | None) -> pd.DataFrame:
    end = period_end(year, cutoff)
    identified = frame.loc[_identified(frame)]
    ended = identified.loc[_ended_in(identified, year, end)]
    active = identified.loc[_active_at(identified, end)]
    ended_key = pd.Series([duration_bucket(s, e) for s, e in zip(ended["start_date"], ended["end_date"],
                                                                  strict=True)], index=ended.index, dtype=object)
    active_key = pd.Series([duration_bucket(s, end) for s in active["start_date"]], index=active.index, dtype=object)
    left = _onehot(ended_key, _DURATION_KEYS).add_prefix("ended:")
    left["ended"] = 1
    right = _onehot(active_key, _DURATION_KEYS).add_prefix("ongoing:")
    right["ongoing"] = 1
    return pd.concat([left, right]).fillna(0).astype(int)  # an episode is in one of the two, never both


def _duration_relations() -> list[Relation]:
    return [relation(side, [f"{side}:{k}" for k in _DURATION_KEYS]) for side in ("ended", "ongoing")]


def _distribution_values(episodes: pd.DataFrame, name: str) -> pd.Series:
    if name == "gender":
        return _slice_columns(episodes)["gender"]
    if name == "age":
        return pd.Series([age_group(s, b) for s, b in zip(episodes["start_date"], episodes["birth_year"],
                                                           strict=True)], index=episodes.index, dtype=object)
    if name == "support_years":
        return episodes["years_public_support"].map(support_year_bucket).astype(object)
    if name == "education":
        return episodes["education"].astype("string").fillna(MISSING).astype(object)
    raise KeyError(name)


def _demographic_indicators(frame: pd.DataFrame, year: int, cutoff: date | str | None,
                            keys: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    episodes = frame.loc[_in_year(frame, year, period_end(year, cutoff)) & _identified(frame)]
    parts = [_onehot(_distribution_values(episodes, name), columns).add_prefix(f"{name}:")
             for name, columns in keys.items()]
    out = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=episodes.index)
    out["identified"] = 1
    out["support_before_missing"] = episodes["support_before"].isna().astype(int)
    return out


def _demographic_relations(keys: Mapping[str, Sequence[str]]) -> list[Relation]:
    return [relation("identified", [f"{name}:{k}" for k in columns]) for name, columns in keys.items()]


# --- raw counts for one population ------------------------------------------------------------------------------


def _population(participants: pd.DataFrame, cutoff: date | str | None, filters: Filters | None) -> pd.DataFrame:
    return filter_episodes(prepare(participants, cutoff), filters)


def monthly_flows(participants: pd.DataFrame, year: int, cutoff: date | str | None = None,
                  filters: Filters | None = None) -> pd.DataFrame:
    """Stock and flow per month of ``year`` up to the cut-off month.

    Index ``month`` 0 … n (0 = the start of the year, with only ``active`` set); columns ``active`` (active at the
    end of the month; for the cut-off month, at the cut-off), ``started`` and ``ended`` (NA in row 0). Anonymous
    episodes are included. ``active[m] = active[m-1] + started[m] − ended[m]``.
    """
    counts = _flow_indicators(_population(participants, cutoff, filters), year, cutoff).sum()
    months = period_end(year, cutoff).month
    rows = [{"month": 0, "active": int(counts["active:0"]), "started": pd.NA, "ended": pd.NA}]
    rows += [{"month": m, "active": int(counts[f"active:{m}"]), "started": int(counts[f"started:{m}"]),
              "ended": int(counts[f"ended:{m}"])} for m in range(1, months + 1)]
    return pd.DataFrame(rows).set_index("month").astype("Int64")


def intervention_flows(participants: pd.DataFrame, year: int, cutoff: date | str | None = None,
                       filters: Filters | None = None, *, interventions: Sequence[str] | None = None) -> pd.DataFrame:
    """Per intervention (index ``intervention_id``): ``episodes``, ``started``, ``ended``, ``active`` (at the end
    of the period) and ``anonymous``; every intervention of ``interventions`` is a row (zeros included)."""
    frame = _population(participants, cutoff, filters)
    indicators = _flow_indicators(frame, year, cutoff)
    months = period_end(year, cutoff).month
    ids = list(interventions) if interventions is not None else sorted(
        frame.loc[indicators.index, "intervention_id"].dropna().unique())
    grouped = indicators.groupby(frame.loc[indicators.index, "intervention_id"]).sum()
    grouped = grouped.reindex(ids, fill_value=0)
    out = pd.DataFrame({"episodes": grouped["episodes"], "started": grouped["started"], "ended": grouped["ended"],
                        "active": grouped[f"active:{months}"], "anonymous": grouped["anonymous"]})
    out.index.name = "intervention_id"
    return out.astype("Int64")


def exit_table(participants: pd.DataFrame, year: int, cutoff: date | str | None = None,
               filters: Filters | None = None, *, interventions: Sequence[str] | None = None) -> pd.DataFrame:
    """Identified episodes that ended in ``year``: rows intervention, columns the exit reasons used in the
    association's data (see :func:`category_lists`), plus ``ended_identified`` (their sum), ``work_or_studies``
    and ``not_work_or_studies``."""
    reasons = category_lists(participants).reasons
    frame = _population(participants, cutoff, filters)
    indicators = _exit_indicators(frame, year, cutoff, reasons)
    grouped = indicators.groupby(frame.loc[indicators.index, "intervention_id"]).sum()
    ids = list(interventions) if interventions is not None else sorted(grouped.index)
    out = grouped.reindex(ids, fill_value=0).reindex(columns=_exit_keys(reasons), fill_value=0)
    out.index.name = "intervention_id"
    return out.astype("Int64")


def support_links(participants: pd.DataFrame, year: int, cutoff: date | str | None = None,
                  filters: Filters | None = None, *, grouped: bool = False) -> pd.DataFrame:
    """Support before (rows) × support after (columns) of the identified episodes that ended in ``year``, per
    category (those used in the association's data, see :func:`category_lists`) or per :data:`SUPPORT_GROUPS`
    (``grouped``); :data:`MISSING` for an empty value."""
    cats = category_lists(participants)
    counts = _support_indicators(_population(participants, cutoff, filters), year, cutoff, cats.support_before,
                                 cats.support_after).sum()
    rows, columns = ((cats.groups_before, cats.groups_after) if grouped
                     else (cats.support_before, cats.support_after))
    prefix = "g" if grouped else ""
    table = pd.DataFrame([[int(counts.get(f"{prefix}cell:{x}>{y}", 0)) for y in columns] for x in rows],
                         index=pd.Index(list(rows), name="support_before"),
                         columns=pd.Index(list(columns), name="support_after"))
    return table.astype("Int64")


def duration_table(participants: pd.DataFrame, year: int, cutoff: date | str | None = None,
                   filters: Filters | None = None) -> pd.DataFrame:
    """Identified episodes per :data:`DURATION_BUCKETS` (index ``bucket``): ``ended`` (ended in ``year``, start to
    end) and ``ongoing`` (active at the end of the period, start to the period end)."""
    counts = _duration_indicators(_population(participants, cutoff, filters), year, cutoff).sum()
    out = pd.DataFrame({side: [int(counts.get(f"{side}:{k}", 0)) for k in _DURATION_KEYS]
                        for side in ("ended", "ongoing")}, index=pd.Index(_DURATION_KEYS, name="bucket"))
    return out.astype("Int64")


def distribution(participants: pd.DataFrame, name: str, year: int, cutoff: date | str | None = None,
                 filters: Filters | None = None) -> pd.Series:
    """Counts per category of distribution ``name`` (see :data:`DISTRIBUTIONS`) in ``year``: ``gender`` over all
    episodes (anonymous included), the others over identified episodes (:data:`MISSING` for an empty value)."""
    frame = _population(participants, cutoff, filters)
    keys = list(GENDERS) if name == "gender" else list(category_lists(participants).distributions[name])
    episodes = frame.loc[_in_year(frame, year, period_end(year, cutoff))]
    if name != "gender":
        episodes = episodes.loc[_identified(episodes)]
    values = _distribution_values(episodes, name)
    return pd.Series([int((values == k).sum()) for k in keys], index=pd.Index(keys, name=name), dtype="Int64")


def quality_counts(participants: pd.DataFrame, year: int, cutoff: date | str) -> dict[str, int]:
    """Counts behind the data-quality notes (whole association, as of ``cutoff``).

    ``open_over_two_years``: episodes (anonymous included) with no end date that started more than two years
    before the cut-off; ``ended_without_reason``: identified episodes with an end date but no exit reason (the
    validator rejects them, so normally 0); ``identified``, ``missing_education``, ``missing_birth_year``,
    ``missing_support_years``, ``missing_support_before``: identified episodes in ``year`` and those without the
    value; ``ended_identified`` and ``missing_support_after``: identified episodes ended in ``year`` and those
    without support after.
    """
    frame = prepare(participants, cutoff)
    stamp = pd.Timestamp(cutoff)
    end = period_end(year, cutoff)
    open_long = frame["end_date"].isna() & (frame["start_date"] < stamp - pd.DateOffset(years=2))
    identified = frame.loc[_identified(frame)]
    in_year = identified.loc[_in_year(identified, year, end)]
    ended = identified.loc[_ended_in(identified, year, end)]
    return {
        "open_over_two_years": int(open_long.fillna(False).sum()),
        "ended_without_reason": int((identified["end_date"].notna() & identified["exit_reason"].isna()).sum()),
        "identified": len(in_year),
        "missing_education": int(in_year["education"].isna().sum()),
        "missing_birth_year": int(in_year["birth_year"].isna().sum()),
        "missing_support_years": int(in_year["years_public_support"].isna().sum()),
        "missing_support_before": int(in_year["support_before"].isna().sum()),
        "ended_identified": len(ended),
        "missing_support_after": int(ended["support_after"].isna().sum()),
    }


# --- suppression --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """``sum(left) == sum(right)`` between published cells; ``prefer`` orders the cells to hide when needed."""

    left: tuple
    right: tuple
    prefer: tuple = ()

    def keyed(self, prefix: object) -> Identity:
        def k(key: object) -> tuple:
            return (prefix, key)

        return Identity(tuple(map(k, self.left)), tuple(map(k, self.right)), tuple(map(k, self.prefer)))


def _pinned(cells: Mapping, identity: Identity, hidden: set, min_count: int) -> bool:
    """True when a hidden small term of ``identity`` has exactly one value left, given the shown terms and what the
    marks tell a reader: a hidden small count lies in 0 … min_count − 1 ("<5"), a secondary one is at least
    min_count ("×")."""
    inf = float("inf")
    sign = {k: 1 for k in identity.left} | {k: -1 for k in identity.right}
    known = sum(sign[k] * cells[k] for k in sign if k not in hidden)  # Σ sign·hidden = −known
    bounds = {k: (0.0, min_count - 1.0) if cells[k] < min_count else (float(min_count), inf)
              for k in sign if k in hidden}
    for term, (low, high) in bounds.items():
        if high == inf:
            continue
        rest_low = sum(sign[o] * (lo if sign[o] > 0 else hi) for o, (lo, hi) in bounds.items() if o != term)
        rest_high = sum(sign[o] * (hi if sign[o] > 0 else lo) for o, (lo, hi) in bounds.items() if o != term)
        # sign[term]·term = −known − rest, with rest in [rest_low, rest_high]
        ends = sorted((sign[term] * (-known - rest_low), sign[term] * (-known - rest_high)))
        if max(low, ends[0]) >= min(high, ends[1]):
            return True
    return False


def _identity_breaches(cells: Mapping, identities: Iterable[Identity], hidden: set, min_count: int) -> set:
    """One more cell to hide for each identity from which a hidden small count could be recomputed or narrowed.

    When the hidden terms are all on one side, the shown terms give their sum: as for a total and its parts
    (:func:`~finsamdash.privacy.suppressed_cells`) they must be at least two and add up to at least
    ``min_count``. When hidden terms are on both sides, the shown terms give a difference (e.g. started − ended in
    a month from the two stocks), which must not pin any hidden small count to one value. Otherwise the first shown
    cell of ``prefer`` (else the smallest shown term) is hidden too.
    """
    extra: set = set()
    for identity in identities:
        terms = (*identity.left, *identity.right)
        if any(cells.get(k) is None for k in terms):
            continue
        hiding = hidden | extra
        hidden_left = [k for k in identity.left if k in hiding]
        hidden_right = [k for k in identity.right if k in hiding]
        hidden_terms = hidden_left + hidden_right
        if not hidden_terms:
            continue
        if hidden_left and hidden_right:
            if not _pinned(cells, identity, hiding, min_count):
                continue
        elif len(hidden_terms) >= 2 and sum(cells[k] for k in hidden_terms) >= min_count:
            continue
        shown = [k for k in terms if k not in hiding]
        if not shown:
            continue
        preferred = [k for k in identity.prefer if k in shown]
        extra.add(preferred[0] if preferred else min(shown, key=lambda k: (cells[k], str(k))))
    return extra


def _equations(relations: Sequence[Relation], identities: Sequence[Identity]) -> list[dict]:
    """The relations and identities as linear equations ``{cell: coefficient}`` summing to 0."""
    out = []
    for rel in relations:
        eq = {rel.total: 1}
        for part in rel.parts:
            eq[part] = eq.get(part, 0) - 1
        out.append(eq)
    for identity in identities:
        eq = {}
        for k in identity.left:
            eq[k] = eq.get(k, 0) + 1
        for k in identity.right:
            eq[k] = eq.get(k, 0) - 1
        out.append(eq)
    return out


def _determined(hidden: Sequence, equations: Sequence[dict]) -> set:
    """The ``hidden`` cells whose value follows exactly from ``equations`` and the shown cells: those whose unit
    vector lies in the row space of the equations restricted to the hidden cells."""
    basis = _row_space(hidden, equations)
    in_row_space = (basis**2).sum(axis=0) > 1 - 1e-9  # |projection of the unit vector| = 1
    return {c for n, c in enumerate(hidden) if in_row_space[n]}


#: Hidden parts of one relation up to which every sub-sum is tested by the exact check (2**n subsets); above, only
#: the singles, pairs, all and all-but-one are tested.
_ALL_SUBSETS_UP_TO = 6
#: At most this many candidate groups are formed per relation by chaining it through hidden totals.
_CHAINS_PER_RELATION = 32


def _subsets(parts: Sequence) -> list[tuple]:
    """The sub-sums a reader can form from the hidden parts of one relation (see :data:`_ALL_SUBSETS_UP_TO`)."""
    n = len(parts)
    if n <= _ALL_SUBSETS_UP_TO:
        return [tuple(p for b, p in enumerate(parts) if mask >> b & 1) for mask in range(1, 1 << n)]
    out = [(p,) for p in parts] + [(a, b) for i, a in enumerate(parts) for b in parts[i + 1:]]
    return [*out, tuple(parts), *(tuple(q for q in parts if q != p) for p in parts)]


_MASKS: dict[int, np.ndarray] = {}


def _subset_masks(n: int) -> np.ndarray:
    """The groups of :func:`_subsets` with at least two members, as 0/1 rows over ``n`` parts."""
    if n not in _MASKS:
        groups = [g for g in _subsets(list(range(n))) if len(g) > 1]
        masks = np.zeros((len(groups), n))
        for i, group in enumerate(groups):
            masks[i, list(group)] = 1.0
        _MASKS[n] = masks
    return _MASKS[n]


class _ExactCheck:
    """Solves groups of equations exactly to find hidden small counts that a combination of relations pins (the
    local rules look at one relation at a time; a table with all its margins can still give a cell away).

    Groups are the relations inside one slice or one count across the slices (``group_of``); only groups that
    gained a hidden cell since the last check are solved again.

    Besides single cells it protects **groups** of hidden cells (group disclosure): a sum of hidden cells that is a
    real group of people – a sub-sum of the hidden parts of one relation (pairs and the whole hidden set among
    them), or the hidden cells a shown total reaches through hidden totals of other relations (the women active on
    1 January in all interventions minus those shown for one intervention and municipality) – must not be
    determined and small. A combination ``c·x`` of the hidden cells is determined exactly when ``c`` lies in the
    row space of the equations restricted to the hidden cells (is orthogonal to their null space).
    """

    def __init__(self, cells: Mapping, equations: Sequence[dict], min_count: int,
                 group_of: Callable[[dict], object], relations: Sequence[Relation] = ()) -> None:
        self.cells, self.min_count = cells, min_count
        self.groups: dict = {}
        for eq in equations:
            self.groups.setdefault(group_of(eq), []).append(eq)
        # per group: the relations in which a cell is a part, and those of which it is the total
        self.part_of: dict = {}
        self.total_of: dict = {}
        for rel, eq in zip(relations, _equations(relations, ()), strict=True):
            if all(c in cells for c in eq):
                name = group_of(eq)
                for part in rel.parts:
                    self.part_of.setdefault(name, {}).setdefault(part, []).append(rel)
                self.total_of.setdefault(name, {}).setdefault(rel.total, []).append(rel)
        self.member: dict = {}
        for name, group in self.groups.items():
            for eq in group:
                for c in eq:
                    self.member.setdefault(c, set()).add(name)
        self.checked: set = set()
        self.clean: dict = {}  # group -> the hidden cells with which it was solved and found clean

    def breaches(self, hidden: set) -> set:
        """Cells to hide for each group where hidden small counts, or small groups of hidden counts, can be solved:
        for each, the smallest shown cell in an equation with it (for a group, a part before a total)."""
        new = hidden - self.checked
        dirty = set().union(*(self.member.get(c, set()) for c in new)) if new else set()
        self.checked = set(hidden)
        extra: set = set()
        cells, min_count = self.cells, self.min_count
        for name in dirty:
            group = self.groups[name]
            unknown = sorted({c for eq in group for c in eq if c in hidden}, key=str)
            if not any(cells[c] < min_count for c in unknown):
                continue  # a sum of hidden counts is small only if its terms are
            if self.clean.get(name) == frozenset(unknown):
                continue  # solved with the same hidden cells before: nothing to find
            column, basis = _small_row_space(unknown, group, lambda c: cells[c] < min_count)
            in_row_space = (basis**2).sum(axis=0) > 1 - 1e-9  # |projection of the unit vector| = 1
            pinned = sorted((c for c, n in column.items() if in_row_space[n] and cells[c] < min_count), key=str)
            for cell in pinned:
                near = [c for eq in group if cell in eq for c in eq if c not in hidden]
                near = near or [c for eq in group for c in eq if c not in hidden]
                if near:
                    extra.add(min(near, key=lambda c: (cells[c], str(c))))
            found = set()
            if not pinned:
                found = self._group_leaks(name, hidden, column, basis)
                extra |= found
            if not pinned and not found:
                self.clean[name] = frozenset(unknown)
        if extra:  # the groups of a pinned count must be solved again once more is hidden
            self.checked -= {c for name in dirty for eq in self.groups[name] for c in eq}
        return extra

    def _group_leaks(self, name: object, hidden: set, column: Mapping, basis: np.ndarray) -> set:
        """A cell to hide for every relation that forms a candidate group of hidden cells that is determined and
        small: the smallest shown part of the relations that form the group, else their smallest shown total. Only
        small cells can be in a small group, so candidates are formed from those.

        A 0/1 vector over the hidden cells is determined when its residual after projection on the row space is 0;
        the residual of a group is the sum of its cells' residuals, so every sub-sum of a relation is tested at
        once (a 0/1 matrix of subsets times the cells' residuals)."""
        cells, min_count = self.cells, self.min_count
        if not len(basis):
            return set()
        part_of, total_of = self.part_of.get(name, {}), self.total_of.get(name, {})
        small_cells = [c for c in column if cells[c] < min_count]
        row = {c: i for i, c in enumerate(small_cells)}
        units = np.zeros((len(small_cells), len(column)))
        units[np.arange(len(small_cells)), [column[c] for c in small_cells]] = 1.0
        residual = units - (units @ basis.T) @ basis
        values = np.array([float(cells[c]) for c in small_cells])
        by_total = {c: total_of[c] for c in column if c in total_of}
        # only relations with a small hidden part can hold a small group
        relations = {id(r): r for c in small_cells for r in part_of.get(c, ())}.values()
        leaking: list[tuple[Relation, ...]] = []
        for rel in relations:
            small = [row[p] for p in rel.parts if p in row]
            if len(small) > 1:
                masks = _subset_masks(len(small))
                hit = ((np.abs(masks @ residual[small]).max(axis=1) < 1e-7)
                       & (masks @ values[small] < min_count))
                if hit.any():
                    leaking.append((rel,))
                    continue
            if small and rel.total not in hidden and any(p in by_total for p in rel.parts):
                parts = [p for p in rel.parts if p in hidden]
                for group, rels in _chains(rel, parts, by_total, hidden):
                    if (all(c in row for c in group) and is_small(sum(cells[c] for c in group), min_count)
                            and np.abs(residual[[row[c] for c in group]].sum(axis=0)).max() < 1e-7):
                        leaking.append(rels)
                        break
        extra = set()
        for rels in leaking:
            shown = ([p for r in rels for p in r.parts if p not in hidden]
                     or [r.total for r in rels if r.total not in hidden])
            if shown:
                extra.add(min(shown, key=lambda c: (cells[c], str(c))))
        return extra


def _chains(rel: Relation, parts: Sequence, by_total: Mapping, hidden: set) -> list[tuple[tuple, tuple]]:
    """The groups of hidden cells that the shown total of ``rel`` reaches when its hidden parts that are hidden
    totals of other relations are replaced by those relations' hidden parts (breadth first, at most
    :data:`_CHAINS_PER_RELATION`), each with the relations it went through."""
    out: list[tuple[tuple, tuple]] = []
    queue: list[tuple[tuple, tuple]] = [(tuple(parts), (rel,))]
    seen = {frozenset(parts)}
    while queue and len(out) < _CHAINS_PER_RELATION:
        group, rels = queue.pop(0)
        for p in group:
            for sub in by_total.get(p, ()):
                if sub in rels:
                    continue
                expanded = tuple(c for c in group if c != p) + tuple(c for c in sub.parts if c in hidden)
                key = frozenset(expanded)
                if len(expanded) < 2 or key in seen or len(key) != len(expanded):
                    continue
                seen.add(key)
                out.append((expanded, (*rels, sub)))
                queue.append((expanded, (*rels, sub)))
    return out[:_CHAINS_PER_RELATION]


def _row_space(hidden: Sequence, equations: Sequence[dict]) -> np.ndarray:
    """Orthonormal rows spanning the row space of ``equations`` restricted to the ``hidden`` cells."""
    column = {c: n for n, c in enumerate(hidden)}
    rows = [{c: k for c, k in eq.items() if c in column and k} for eq in equations]
    rows = [r for r in rows if r]
    if not rows:
        return np.zeros((0, len(column)))
    matrix = np.zeros((len(rows), len(column)))
    for i, row in enumerate(rows):
        for c, k in row.items():
            matrix[i, column[c]] += k
    _u, sv, vt = np.linalg.svd(matrix, full_matrices=False)
    return vt[: int((sv > 1e-9).sum())]


def _small_row_space(hidden: Sequence, equations: Sequence[dict], small: Callable[[object], bool],
                     ) -> tuple[dict, np.ndarray]:
    """The row space of ``equations`` restricted to the ``hidden`` cells, as ``(column, basis)``: ``column``
    numbers the hidden cells and ``basis`` has orthonormal rows spanning the row space of every connected component
    (cells linked by an equation) that holds a small cell; the other components are not solved (nothing small can
    be determined there). A combination of hidden cells within the solved components is determined exactly when
    its vector lies in the span of ``basis``: the row space is the direct sum of the components' row spaces."""
    parent = {c: c for c in hidden}

    def find(c: object) -> object:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    linked = [(eq, [c for c, k in eq.items() if c in parent and k]) for eq in equations]
    linked = [(eq, r) for eq, r in linked if r]
    for _eq, r in linked:
        for c in r[1:]:
            parent[find(c)] = find(r[0])
    components: dict = {}
    for c in hidden:
        components.setdefault(find(c), []).append(c)
    by_component: dict = {}
    for eq, r in linked:
        by_component.setdefault(find(r[0]), []).append(eq)
    column = {c: n for n, c in enumerate(hidden)}
    blocks = []
    for root, members in components.items():
        if not any(small(c) for c in members):
            continue
        basis = _row_space(members, by_component.get(root, []))
        block = np.zeros((len(basis), len(column)))
        block[:, [column[c] for c in members]] = basis
        blocks.append(block)
    return column, (np.vstack(blocks) if blocks else np.zeros((0, len(column))))


def audit(cells: Mapping, relations: Sequence[Relation], *, min_count: int, identities: Sequence[Identity] = (),
          primary: Iterable = (), group_of: Callable[[dict], object] | None = None) -> set:
    """The cells to hide: :func:`~finsamdash.privacy.suppressed_cells` plus the :class:`Identity` rule, repeated
    until neither hides anything more; then an exact check (linear algebra, per group of equations given by
    ``group_of``; all equations together by default) that no hidden small count can be solved from the shown
    ones, hiding more and repeating until none can."""
    hidden = set(primary)
    equations = [eq for eq in _equations(relations, identities) if all(c in cells for c in eq)]
    usable = [r for r in relations if all(c in cells for c in (r.total, *r.parts))]
    exact = _ExactCheck(cells, equations, min_count, group_of or (lambda _eq: None), usable)
    while True:
        hidden = suppressed_cells(cells, relations, min_count=min_count, primary=hidden)
        extra = _identity_breaches(cells, identities, hidden, min_count)
        if not extra:
            extra = exact.breaches(hidden)
        if not extra:
            return hidden
        hidden |= extra


@dataclass(frozen=True)
class Dimensions:
    """The filter values of one period: interventions (ids) and municipalities (the last may be
    :data:`NO_MUNICIPALITY`, an implicit part)."""

    interventions: tuple[str, ...]
    municipalities: tuple[str, ...]

    def values(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return (self.interventions, self.municipalities, GENDERS)

    def slices(self) -> list[Slice]:
        return list(product(*((ALL, *v) for v in self.values())))


def dimensions(participants: pd.DataFrame, year: int, cutoff: date | str | None = None, *,
               interventions: Sequence[str] = ()) -> Dimensions:
    """The slices of the cube for ``year``: the interventions of ``interventions`` (the ones a reader can choose)
    with episodes in the year, plus any other with episodes; every municipality in the association's data, plus
    :data:`NO_MUNICIPALITY` (anonymous episodes and those without a municipality)."""
    frame = prepare(participants, cutoff)
    in_year = frame.loc[_in_year(frame, year, period_end(year, cutoff))]
    present = set(in_year["intervention_id"].dropna().astype(str))
    ids = [i for i in interventions if i in present] + sorted(present - set(interventions))
    names = sorted(set(_slice_columns(frame)["municipality"]) - {NO_MUNICIPALITY})
    return Dimensions(tuple(ids), (*names, NO_MUNICIPALITY))


def cube_counts(indicators: pd.DataFrame, slices: pd.DataFrame, dims: Dimensions) -> pd.DataFrame:
    """Sums of the per-episode ``indicators`` for every slice of ``dims`` (rows: a MultiIndex intervention ×
    municipality × gender with :data:`ALL` for the margins; columns: the indicator keys)."""
    keys = slices.loc[indicators.index]
    levels = ["intervention", "municipality", "gender"]
    parts = []
    for mask in product((False, True), repeat=3):  # True = summed over (ALL)
        by = [lvl for lvl, summed in zip(levels, mask, strict=True) if not summed]
        if by:
            grouped = indicators.groupby([keys[lvl] for lvl in by]).sum()
            if len(by) == 1:
                grouped.index = pd.Index(grouped.index, name=by[0])
        else:
            grouped = indicators.sum().to_frame().T
        frame = grouped.reset_index() if by else grouped
        for lvl, summed in zip(levels, mask, strict=True):
            if summed:
                frame[lvl] = ALL
        parts.append(frame.set_index(levels))
    full = pd.MultiIndex.from_tuples(dims.slices(), names=levels)
    out = pd.concat(parts) if parts else pd.DataFrame(columns=indicators.columns)
    out = out.groupby(level=levels).sum() if len(out) else out
    return out.reindex(index=full, columns=list(indicators.columns), fill_value=0).fillna(0).astype(int)


@dataclass(frozen=True)
class AuditedCube:
    """Counts of every slice with the cells to hide. Read it through :meth:`value` / :meth:`status` only."""

    counts: pd.DataFrame
    hidden: frozenset
    min_count: int
    #: what the audit used, for checks: the relations and identities between cells, and the structural zeros
    relations: tuple[Relation, ...] = ()
    identities: tuple[Identity, ...] = ()
    structural: frozenset = frozenset()

    def has(self, slice_: Slice) -> bool:
        return slice_ in self.counts.index

    def raw(self, slice_: Slice, key: str) -> int:
        return int(self.counts.at[slice_, key])

    def value(self, slice_: Slice, key: str) -> int | None:
        """The count, or ``None`` when it must not be shown."""
        if (slice_, key) in self.hidden:
            return None
        return int(self.counts.at[slice_, key])

    def status(self, slice_: Slice, key: str) -> str:
        """``""``, :data:`~finsamdash.privacy.SMALL` or :data:`~finsamdash.privacy.SECONDARY`."""
        if (slice_, key) not in self.hidden:
            return ""
        return SMALL if is_small(self.raw(slice_, key), self.min_count) else SECONDARY


def _cube_group(equation: dict) -> object:
    """The group of a cube equation for the exact check: one slice (relations between its counts, identities), or
    one count (a total over the slices and its parts)."""
    slices_ = {cell[0] for cell in equation}
    if len(slices_) == 1:
        return ("slice", *slices_)
    keys = {cell[1] for cell in equation}
    return ("key", *keys) if len(keys) == 1 else ("mixed",)


def _implied_zeros(seeds: set, relations: Sequence[Relation], identities: Sequence[Identity],
                   value: Callable[[object], int]) -> set:
    """Structural zeros and every count they force to 0: the parts of a 0 total (counts are never negative), a
    total whose parts are all 0, the last unknown term of an identity, both sides of an identity when one side is
    all 0 (the active at the end of the last month of an intervention that closed is 0, like the months after)."""
    fixed = set(seeds)
    changed = True
    while changed:
        changed = False
        implied: list = []
        for rel in relations:
            if rel.total in fixed:
                implied += rel.parts
            elif all(p in fixed for p in rel.parts):
                implied.append(rel.total)
        for identity in identities:
            terms = (*identity.left, *identity.right)
            for side, other in ((identity.left, identity.right), (identity.right, identity.left)):
                if all(k in fixed for k in side):
                    implied += other
            rest = [k for k in terms if k not in fixed]
            if len(rest) == 1:
                implied += rest
        for cell in implied:
            if cell not in fixed and value(cell) == 0:
                fixed.add(cell)
                changed = True
    return fixed


def audit_cube(indicators: pd.DataFrame, slices: pd.DataFrame, dims: Dimensions, *, min_count: int,
               relations: Sequence[Relation] = (), identities: Sequence[Identity] = (),
               primary: Iterable[tuple[Slice, str]] = (),
               structural_zero: Callable[[Slice, str], bool] | None = None) -> AuditedCube:
    """Audit every count of every slice at once (see the module docstring).

    ``structural_zero(slice, key)`` marks counts that are 0 whatever the year, because the association's data has
    no episode of that kind in that slice in any year (no anonymous episode has a municipality; an intervention
    never had a participant of a gender): such a 0 tells nothing about anyone, so it is neither hidden nor
    protected, and drops out of the relations.
    """
    counts = cube_counts(indicators, slices, dims)
    keys = list(counts.columns)
    slice_list = list(counts.index)
    rels = [relation((s, r.total), [(s, p) for p in r.parts]) for s in slice_list for r in relations]
    cross = []
    values = dims.values()
    for s in slice_list:
        for d, options in enumerate(values):
            if s[d] != ALL or not options:
                continue
            parts = [(*s[:d], v, *s[d + 1:]) for v in options]
            cross += [relation((s, k), [(p, k) for p in parts]) for k in keys]
    rels += cross
    ids = [identity.keyed(s) for s in slice_list for identity in identities]
    fixed: set = set()
    if structural_zero is not None:
        raw = {(s, k): int(v) for s, row in zip(slice_list, counts.to_numpy(), strict=True)
               for k, v in zip(keys, row, strict=True)}
        seeds = {(s, k) for (s, k), v in raw.items() if v == 0 and structural_zero(s, k)}
        fixed = _implied_zeros(seeds, rels, ids, raw.__getitem__)
        rels = [relation(r.total, [p for p in r.parts if p not in fixed]) for r in rels if r.total not in fixed]
        rels = [r for r in rels if r.parts]
        ids = [Identity(tuple(k for k in i.left if k not in fixed), tuple(k for k in i.right if k not in fixed),
                        tuple(k for k in i.prefer if k not in fixed)) for i in ids]
        ids = [i for i in ids if i.left or i.right]
    cells = {(s, k): int(v) for s, row in zip(slice_list, counts.to_numpy(), strict=True)
             for k, v in zip(keys, row, strict=True) if (s, k) not in fixed}
    hidden = audit(cells, rels, min_count=min_count, identities=ids, primary=primary, group_of=_cube_group)
    return AuditedCube(counts, frozenset(hidden), min_count, tuple(rels), tuple(ids), frozenset(fixed))


# --- the audits of one period --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodAudit:
    """The audited cubes of one year, by section: ``flows`` and ``demographics`` are the same cube, as are
    ``exits``, ``support`` and ``durations`` (see :func:`audit_period`); with the dimensions and category lists."""

    year: int
    cutoff: date | None
    dims: Dimensions
    months: int
    flows: AuditedCube
    exits: AuditedCube
    support: AuditedCube
    durations: AuditedCube
    demographics: AuditedCube
    categories: Categories


def _slices_with_episodes(keys: pd.DataFrame) -> set[Slice]:
    """Every slice (margins included) that holds at least one of the episodes described by ``keys``."""
    out: set[Slice] = set()
    for combo in set(keys[["intervention", "municipality", "gender"]].itertuples(index=False, name=None)):
        for mask in product((False, True), repeat=3):
            out.add(tuple(ALL if summed else v for v, summed in zip(combo, mask, strict=True)))  # type: ignore[arg-type]
    return out


def audit_period(participants: pd.DataFrame, year: int, cutoff: date | str | None, *, min_count: int,
                 interventions: Sequence[str] = (),
                 intervention_periods: Mapping[str, tuple[object, object]] | None = None) -> PeriodAudit:
    """Every count of ``year`` audited in two cubes, one per population: ``flows`` (= ``demographics``: all
    episodes of the year, with the identified ones' distributions) and ``exits`` (= ``support`` = ``durations``:
    identified episodes that ended, with the ongoing ones' durations). A count shown in two sections is one cell of
    one audit, so it is hidden everywhere or nowhere, and no combination of sections recomputes a hidden count.

    ``intervention_periods`` (start and end date per intervention, from the Insatser sheet) makes the monthly
    counts of an intervention in months wholly before its start or after its end structural zeros (when they are
    0): nobody is active in an intervention that has not begun or has closed.
    """
    frame = prepare(participants, cutoff)
    slices = _slice_columns(frame)
    dims = dimensions(participants, year, cutoff, interventions=interventions)
    months = period_end(year, cutoff).month
    cats = category_lists(participants)
    reasons, before, after, keys = cats.reasons, cats.support_before, cats.support_after, cats.distributions

    flow_rel, flow_ids = _flow_relations(months)
    # Slices with no episode of a population in any year are structural zeros (see audit_cube).
    history = prepare(participants)
    identified_ever = _slices_with_episodes(_slice_columns(history.loc[_identified(history)]))
    anonymous_ever = _slices_with_episodes(_slice_columns(history.loc[~_identified(history)]))
    any_ever = identified_ever | anonymous_ever

    periods = {i: (pd.Timestamp(a) if a is not None and not pd.isna(a) else None,  # type: ignore[arg-type]
                   pd.Timestamp(b) if b is not None and not pd.isna(b) else None)  # type: ignore[arg-type]
               for i, (a, b) in (intervention_periods or {}).items()}

    def outside_intervention(s: Slice, key: str) -> bool:
        if s[0] not in periods or ":" not in key:
            return False
        start, end = periods[s[0]]
        month = int(key.split(":")[1])
        if month == 0:  # active on 1 January: started before the year
            return start is not None and start >= pd.Timestamp(year, 1, 1)
        first = pd.Timestamp(year, month, 1)
        return ((start is not None and first + pd.offsets.MonthEnd(0) < start)
                or (end is not None and first > end))

    def flow_zero(s: Slice, key: str) -> bool:
        ever = {"anonymous": anonymous_ever, "identified": identified_ever}.get(key, any_ever)
        return s not in ever or outside_intervention(s, key)

    flow_ind = _flow_indicators(frame, year, cutoff)
    demo_ind = _demographic_indicators(frame, year, cutoff, keys).drop(columns="identified")
    demo_keys = set(demo_ind.columns)

    def people_zero(s: Slice, key: str) -> bool:
        if key in demo_keys:
            return s not in identified_ever
        ever = {"anonymous": anonymous_ever, "identified": identified_ever}.get(key, any_ever)
        return s not in ever or outside_intervention(s, key)

    def identified_zero(s: Slice, key: str) -> bool:
        return s not in identified_ever

    # One audit per population, so that a count shown in two sections is one cell: flows and demographics share
    # "identified"; exits, support and durations share the identified episodes that ended ("ended_identified").
    people = audit_cube(_merge_indicators([flow_ind, demo_ind]), slices, dims, min_count=min_count,
                        relations=[*flow_rel, *_demographic_relations(keys)], identities=flow_ids,
                        structural_zero=people_zero)
    shared = "ended_identified"
    outcome_ind = _merge_indicators([
        _exit_indicators(frame, year, cutoff, reasons),
        _support_indicators(frame, year, cutoff, before, after).rename(columns={"total": shared}),
        _duration_indicators(frame, year, cutoff).rename(columns={"ended": shared}),
    ])
    outcome_rel = [*_exit_relations(reasons), *_renamed(_support_relations(before, after), "total", shared),
                   *_renamed(_duration_relations(), "ended", shared)]
    outcomes = audit_cube(outcome_ind, slices, dims, min_count=min_count, relations=outcome_rel,
                          structural_zero=identified_zero)
    return PeriodAudit(year, pd.Timestamp(cutoff).date() if cutoff is not None else None, dims, months, people,
                       outcomes, outcomes, outcomes, people, cats)


def _merge_indicators(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Per-episode indicators side by side (an episode missing from a frame counts 0 there); a column present in
    several frames is taken from the first (it is the same count)."""
    merged = pd.concat(frames, axis=1)
    merged = merged.loc[:, ~merged.columns.duplicated()]
    return merged.fillna(0).astype(int)


def _renamed(relations: Sequence[Relation], old: str, new: str) -> list[Relation]:
    def name(key: str) -> str:
        return new if key == old else key

    return [relation(name(r.total), [name(p) for p in r.parts]) for r in relations]


# --- suppressed tables for the page: one slice of the audited cubes -------------------------------------------------


def _table(cube: AuditedCube, rows: Sequence[tuple[object, Slice]], columns: Mapping[str, str],
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(values, status)`` for cube cells: row ``label`` reads slice ``s``; column ``c`` reads key ``columns[c]``."""
    index = [label for label, _s in rows]
    values = pd.DataFrame([[cube.value(s, k) for k in columns.values()] for _label, s in rows],
                          index=index, columns=list(columns), dtype="Int64")
    status = pd.DataFrame([[cube.status(s, k) for k in columns.values()] for _label, s in rows],
                          index=index, columns=list(columns), dtype=object)
    return values, status


def _rows_by_cell(cube: AuditedCube, slice_: Slice, rows: Mapping[object, str], column: str,
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One column ``column`` whose rows are keys of one slice."""
    values = pd.DataFrame({column: [cube.value(slice_, k) for k in rows.values()]}, index=list(rows), dtype="Int64")
    status = pd.DataFrame({column: [cube.status(slice_, k) for k in rows.values()]}, index=list(rows), dtype=object)
    return values, status


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator where both are shown and the denominator is not 0; NA otherwise."""
    out = numerator.astype("Float64") / denominator.astype("Float64").where(denominator.astype("Float64") > 0)
    return out.astype("Float64")


def suppressed_monthly(audited: PeriodAudit, filters: Filters = Filters()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows: month 0 … n (0 = the start of the year) and :data:`TOTAL`; columns ``active`` (at the end of the month),
    ``started`` and ``ended``, for the filtered population; hidden counts NA. ``started``/``ended`` of month 0 and
    ``active`` of the total row are not counts (NA with status ""). Returns ``(values, status)``."""
    cube, s = audited.flows, filters.slice
    index, values, status = [], [], []
    rows = [(m, {"active": f"active:{m}", "started": f"started:{m}" if m else None,
                 "ended": f"ended:{m}" if m else None}) for m in range(audited.months + 1)]
    rows.append((TOTAL, {"active": None, "started": "started", "ended": "ended"}))
    for label, keys in rows:
        index.append(label)
        values.append({c: (cube.value(s, k) if k else None) for c, k in keys.items()})
        status.append({c: (cube.status(s, k) if k else "") for c, k in keys.items()})
    out = pd.DataFrame(values, index=pd.Index(index, name="month", dtype=object), dtype="Int64")
    return out, pd.DataFrame(status, index=out.index)


def suppressed_flow_totals(audited: PeriodAudit, filters: Filters = Filters()) -> dict[str, int | None]:
    """The filtered population's ``episodes``, ``started``, ``ended``, ``active_start`` (1 January), ``active_end``
    (end of the period), ``anonymous`` and ``identified``; ``None`` when hidden."""
    cube, s = audited.flows, filters.slice
    keys = {"episodes": "episodes", "started": "started", "ended": "ended", "active_start": "active:0",
            "active_end": f"active:{audited.months}", "anonymous": "anonymous", "identified": "identified"}
    return {name: cube.value(s, key) for name, key in keys.items()}


def _intervention_rows(audited: PeriodAudit, filters: Filters) -> list[tuple[object, Slice]]:
    _i, m, g = filters.slice
    if filters.intervention != ALL:
        return [(filters.intervention, filters.slice)]
    return [*((i, (i, m, g)) for i in audited.dims.interventions), (TOTAL, (ALL, m, g))]


def suppressed_interventions(audited: PeriodAudit, filters: Filters = Filters(),
                             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per intervention and ``Totalt`` (index: intervention id / :data:`TOTAL`): ``episodes``, ``started``,
    ``ended``, ``active`` (end of the period) and ``work_or_studies_share`` (a fraction; NA when either count
    behind it is hidden), for the municipality and gender of ``filters``; status frame alongside."""
    rows = _intervention_rows(audited, filters)
    values, status = _table(audited.flows, rows, {"episodes": "episodes", "started": "started", "ended": "ended",
                                                  "active": f"active:{audited.months}"})
    exits, _ = _table(audited.exits, rows, {"wos": "work_or_studies", "den": "ended_identified"})
    values["work_or_studies_share"] = _share(exits["wos"], exits["den"])
    status["work_or_studies_share"] = ""
    return values, status


def suppressed_exits(audited: PeriodAudit, filters: Filters = Filters()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per intervention and ``Totalt``: every exit reason, ``ended_identified``, ``work_or_studies`` and
    ``work_or_studies_share`` (identified episodes ended in the year, filtered); status frame alongside."""
    rows = _intervention_rows(audited, filters)
    keys = [*audited.categories.reasons, "ended_identified", "work_or_studies"]
    values, status = _table(audited.exits, rows, {k: k for k in keys})
    values["work_or_studies_share"] = _share(values["work_or_studies"], values["ended_identified"])
    status["work_or_studies_share"] = ""
    return values, status


def suppressed_support(audited: PeriodAudit, filters: Filters = Filters(), *, grouped: bool = True,
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Support before (rows, then ``Totalt``) × support after (columns, then ``Totalt``) for the identified episodes
    ended in the year, per :data:`SUPPORT_GROUPS` or per category; status frame alongside."""
    cats = audited.categories
    before, after = (cats.groups_before, cats.groups_after) if grouped else (cats.support_before, cats.support_after)
    p = "g" if grouped else ""
    cube, s = audited.support, filters.slice
    index = [*before, TOTAL]
    columns = [*after, TOTAL]

    def key(x: str, y: str) -> str:
        if x == TOTAL and y == TOTAL:
            return "ended_identified"
        if x == TOTAL:
            return f"{p}after:{y}"
        if y == TOTAL:
            return f"{p}before:{x}"
        return f"{p}cell:{x}>{y}"

    values = pd.DataFrame([[cube.value(s, key(x, y)) for y in columns] for x in index], index=index,
                          columns=columns, dtype="Int64")
    status = pd.DataFrame([[cube.status(s, key(x, y)) for y in columns] for x in index], index=index,
                          columns=columns, dtype=object)
    return values, status


def suppressed_durations(audited: PeriodAudit, filters: Filters = Filters()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Duration buckets and ``Totalt`` × ``ended`` / ``ongoing`` (identified episodes, filtered)."""
    cube, s = audited.durations, filters.slice
    index = [*_DURATION_KEYS, TOTAL]
    columns = ("ended", "ongoing")

    def key(row: str, side: str) -> str:
        if row == TOTAL:
            return "ended_identified" if side == "ended" else side
        return f"{side}:{row}"

    values = pd.DataFrame([[cube.value(s, key(r, c)) for c in columns] for r in index], index=index,
                          columns=list(columns), dtype="Int64")
    status = pd.DataFrame([[cube.status(s, key(r, c)) for c in columns] for r in index], index=index,
                          columns=list(columns), dtype=object)
    return values, status


def suppressed_distribution(audited: PeriodAudit, name: str, filters: Filters = Filters(),
                            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Categories of distribution ``name`` and ``Totalt`` × ``count`` and ``share`` (of the total; NA when the count
    or the total is hidden). ``gender`` comes from the flows (all episodes), the others from the identified."""
    if name == "gender":
        i, m, _g = filters.slice
        rows = [*((g, (i, m, g)) for g in GENDERS), (TOTAL, (i, m, ALL))]
        values, status = _table(audited.flows, rows, {"count": "episodes"})
    else:
        keys = audited.categories.distributions[name]
        cells = {k: f"{name}:{k}" for k in keys} | {TOTAL: "identified"}
        values, status = _rows_by_cell(audited.demographics, filters.slice, cells, "count")
    total = values.at[TOTAL, "count"]
    values["share"] = _share(values["count"], pd.Series(total, index=values.index, dtype="Int64"))
    status["share"] = ""
    return values, status


@dataclass(frozen=True)
class Published:
    """A published count: ``value`` (``None`` when hidden), its ``status`` and the count it is a share of."""

    value: int | None
    status: str = ""
    base: int | None = None

    @property
    def share(self) -> float | None:
        if self.value is None or not self.base:
            return None
        return self.value / self.base


def quality_figures(audited: PeriodAudit, participants: pd.DataFrame, cutoff: date | str) -> dict[str, Published]:
    """The counts of the data-quality notes for the whole association (see :func:`quality_counts`).

    Counts that also appear in a table (missing values of a distribution, support after) are read from the audited
    cubes, so they are hidden exactly where the tables hide them; a category that never occurs in the
    association's data is a structural 0 and shown as 0. ``open_over_two_years`` and ``ended_without_reason``
    describe the register, not a group of people with a trait, and are shown as counted when 0 (when 1–4 they are
    hidden as small).
    """
    counts = quality_counts(participants, audited.year, cutoff)
    s: Slice = (ALL, ALL, ALL)
    identified = audited.flows.value(s, "identified")
    ended = audited.exits.value(s, "ended_identified")
    min_count = audited.flows.min_count

    def register(n: int) -> Published:
        return Published(n) if n == 0 or n >= min_count else Published(None, SMALL)

    def cell(cube: AuditedCube, key: str, present: bool, base: int | None) -> Published:
        if not present:
            return Published(0, "", base)
        return Published(cube.value(s, key), cube.status(s, key), base)

    cats = audited.categories
    history = prepare(participants)
    any_before_missing = bool(history.loc[_identified(history), "support_before"].isna().any())
    return {
        "open_over_two_years": register(counts["open_over_two_years"]),
        "ended_without_reason": register(counts["ended_without_reason"]),
        "missing_education": cell(audited.demographics, f"education:{MISSING}",
                                  MISSING in cats.distributions["education"], identified),
        "missing_birth_year": cell(audited.demographics, f"age:{MISSING}", MISSING in cats.distributions["age"],
                                   identified),
        "missing_support_years": cell(audited.demographics, f"support_years:{MISSING}",
                                      MISSING in cats.distributions["support_years"], identified),
        "missing_support_before": cell(audited.demographics, "support_before_missing", any_before_missing,
                                       identified),
        "missing_support_after": cell(audited.support, f"after:{MISSING}", MISSING in cats.support_after, ended),
    }


def category_label(kind: str, key: str) -> str:
    """The Swedish label of ``key`` in ``kind``: ``exit_reason``, ``support``, ``support_group``, ``education``,
    ``gender``, ``age``, ``support_years`` or ``duration``; :data:`MISSING_LABEL` for :data:`MISSING`."""
    if key == MISSING:
        return MISSING_LABEL
    if key == TOTAL:
        return TOTAL
    if kind == "support_group":
        return next((label for g, label, _m in SUPPORT_GROUPS if g == key), key)
    if kind == "gender":
        return {"woman": "kvinnor", "man": "män", "other_unknown": "annat/okänt"}.get(key, key)
    buckets = {"age": AGE_GROUPS, "support_years": SUPPORT_YEAR_BUCKETS, "duration": DURATION_BUCKETS}
    if kind in buckets:
        return next((b.label for b in buckets[kind] if b.key == key), key)
    return category_labels(kind).get(key, key)
