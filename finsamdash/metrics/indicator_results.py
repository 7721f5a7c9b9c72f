"""Core indicator results per item, respondent group and period, suppressed before anything is shown.

The building block is a *cell*: the answers to one item from one respondent group (or all groups pooled,
:data:`ALL_GROUPS`) in one survey period (``YYYY``, ``YYYY-H1``, ``YYYY-H2``) or in a whole year pooled
(:data:`YEAR`: the periods ``Y``, ``Y-H1`` and ``Y-H2`` together). For each cell:

* ``answers`` – every answer, "vet ej" (empty value) included;
* ``n`` – answers with a value; ``dont_know`` – answers without one ("vet ej": counted, never in a mean or share);
* ``mean`` – mean of the values; ``positive`` / ``positive_share`` – count / fraction (0–1) of the ``n`` answers in
  the two highest scale steps (value ≥ scale max − 1, see
  :func:`~finsamdash.metrics.indicator_stats.positive_threshold`);
* ``step_<v>`` – the number of answers with value ``v`` for every step of the scale (the distribution).

Nothing here is suppressed: the pack's audit (:mod:`finsamdash.privacy.survey`) decides which cells may be shown,
and :func:`finsamdash.privacy.views.survey_results` adds the ``status`` column (a hidden cell keeps no statistic)
that the views below read. Every metric here is pure; the scale is data (``dataset.settings.scale``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from finsamdash.data.contract import CATEGORIES, DEFAULT_SCALE, core_indicators
from finsamdash.metrics.indicator_stats import periods_of_year, positive_threshold
from finsamdash.wording.indicators import KIND_LABELS, LEVEL_LABELS

#: Respondent group key for all groups pooled.
ALL_GROUPS = "all"
#: Period key of a whole year pooled (its periods Y, Y-H1 and Y-H2 together).
YEAR = "year"
#: Statistics hidden together when a cell is suppressed (plus every ``step_<v>`` column).
STAT_COLUMNS = ("answers", "n", "dont_know", "mean", "positive", "positive_share")
CELL_KEYS = ("item", "respondent_group", "period")
MEASURES = ("positive_share", "mean")

__all__ = [
    "ALL_GROUPS",
    "KIND_LABELS",
    "LEVEL_LABELS",
    "MEASURES",
    "YEAR",
    "catalogue",
    "cell_stats",
    "distribution",
    "hidden_count",
    "indicator_cells",
    "negative_steps",
    "period_label",
    "period_sort_key",
    "positive_steps",
    "rank_comparison",
    "scale_steps",
    "step_column",
    "trend_results",
    "year_results",
]


# --- scale and periods -------------------------------------------------------------------------------------------


def scale_steps(scale: tuple[int, int] = DEFAULT_SCALE) -> list[int]:
    """Every step of the agreement scale, lowest first: ``(1, 6) -> [1, 2, 3, 4, 5, 6]``."""
    return list(range(int(scale[0]), int(scale[1]) + 1))


def step_column(step: int) -> str:
    """The column holding the count (or share) of answers with value ``step``: ``"step_4"``."""
    return f"step_{step}"


def negative_steps(scale: tuple[int, int] = DEFAULT_SCALE) -> list[int]:
    """Steps below the middle of the scale (drawn left of zero): ``(1, 6) -> [1, 2, 3]``, ``(1, 5) -> [1, 2]``."""
    middle = (scale[0] + scale[1]) / 2
    return [s for s in scale_steps(scale) if s < middle]


def positive_steps(scale: tuple[int, int] = DEFAULT_SCALE) -> list[int]:
    """Steps above the middle of the scale (drawn right of zero): ``(1, 6) -> [4, 5, 6]``, ``(1, 5) -> [4, 5]``."""
    middle = (scale[0] + scale[1]) / 2
    return [s for s in scale_steps(scale) if s > middle]


def period_sort_key(period: str) -> tuple[int, int]:
    """Chronological order of survey periods: ``Y-H1`` < ``Y`` (a whole year sits mid-year) < ``Y-H2`` < ``Y+1-H1``;
    :data:`YEAR` is not a period and is not accepted."""
    text = str(period)
    year = int(text[:4])
    return (year, {"-H1": 0, "": 1, "-H2": 2}[text[4:]])


def period_label(period: str) -> str:
    """The Swedish label of a survey period: ``"2025-H1" -> "2025 h1"``, ``"2025" -> "2025"``."""
    text = str(period)
    return f"{text[:4]} h{text[-1]}" if "-H" in text else text


def _group_order() -> dict[str, int]:
    order = {c.key: i for i, c in enumerate(CATEGORIES["respondent_group"])}
    order[ALL_GROUPS] = len(order)
    return order


def catalogue() -> pd.DataFrame:
    """The survey items of the core indicator catalogue (indicator 11, register data, left out), in catalogue order,
    with ``order`` (position), ``kind``, ``level``, ``heading_sv`` and ``statement_sv``."""
    cat = core_indicators()
    cat = cat[cat["respondent_groups"] != "register"].reset_index(drop=True)
    return cat.assign(order=range(len(cat)))[
        ["item", "order", "indicator", "kind", "level", "heading_sv", "statement_sv", "respondent_groups"]]


def _sorted_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells in catalogue order of items, contract order of groups (all groups last), periods in time order
    (the pooled year last)."""
    item_order = dict(zip(catalogue()["item"], catalogue()["order"], strict=True))
    group_order = _group_order()
    keys = pd.DataFrame({
        "_item": [item_order.get(str(i), len(item_order)) for i in frame["item"]],
        "_itemtext": [str(i) for i in frame["item"]],
        "_group": [group_order.get(str(g), len(group_order)) for g in frame["respondent_group"]],
        "_period": [(9999, 9) if p == YEAR else period_sort_key(p) for p in frame["period"]],
    }, index=frame.index)
    order = keys.sort_values(["_item", "_itemtext", "_group", "_period"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


# --- statistics of cells -----------------------------------------------------------------------------------------


def _empty_cells(by: Sequence[str], scale: tuple[int, int]) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {c: pd.Series(dtype="string") for c in by}
    for c in ("answers", "n", "dont_know", "positive"):
        columns[c] = pd.Series(dtype="Int64")
    columns["mean"] = pd.Series(dtype="Float64")
    columns["positive_share"] = pd.Series(dtype="Float64")
    for s in scale_steps(scale):
        columns[step_column(s)] = pd.Series(dtype="Int64")
    return pd.DataFrame(columns)[[*by, *STAT_COLUMNS, *(step_column(s) for s in scale_steps(scale))]]


def cell_stats(answers: pd.DataFrame | None, scale: tuple[int, int] = DEFAULT_SCALE, *,
               by: Sequence[str] = ("item",), threshold: float | None = None) -> pd.DataFrame:
    """Statistics of the answers per combination of the ``by`` columns (only combinations with answers).

    Columns: ``by``, ``answers``, ``n``, ``dont_know``, ``mean``, ``positive``, ``positive_share`` and one
    ``step_<v>`` count per scale step. ``mean`` and ``positive_share`` are NA when ``n`` is 0.
    """
    by = list(by)
    if answers is None or answers.empty:
        return _empty_cells(by, scale)
    values = answers["value"].astype("Float64")
    work = answers[by].astype("string").copy()
    work["answers"] = 1
    work["n"] = values.notna().astype("int64").to_numpy()
    work["_sum"] = values.fillna(0).astype("float64").to_numpy()
    work["positive"] = (values >= positive_threshold(scale, threshold)).fillna(False).astype("int64").to_numpy()
    for s in scale_steps(scale):
        work[step_column(s)] = (values == s).fillna(False).astype("int64").to_numpy()
    out = work.groupby(by, sort=False).sum().reset_index()
    n = out["n"].astype("Int64")
    out["dont_know"] = out["answers"] - out["n"]
    out["mean"] = (out["_sum"].astype("Float64") / n).where(n > 0)
    out["positive_share"] = (out["positive"].astype("Float64") / n).where(n > 0)
    for c in ("answers", "n", "dont_know", "positive", *(step_column(s) for s in scale_steps(scale))):
        out[c] = out[c].astype("Int64")
    return out[[*by, *STAT_COLUMNS, *(step_column(s) for s in scale_steps(scale))]]


def indicator_cells(survey: pd.DataFrame | None, year: int, scale: tuple[int, int] = DEFAULT_SCALE, *,
                    trend: bool = True, threshold: float | None = None) -> pd.DataFrame:
    """Unsuppressed cells of one association: per item and respondent group (and all groups pooled,
    :data:`ALL_GROUPS`), the year pooled (period :data:`YEAR`) and, with ``trend``, every survey period up to and
    including ``year``. Columns: ``item``, ``respondent_group``, ``period`` and those of :func:`cell_stats`."""
    keys = list(CELL_KEYS)
    if survey is None or survey.empty:
        return _empty_cells(keys, scale)
    period = survey["period"].astype("string")
    up_to_year = (period.str.slice(0, 4).astype("Int64") <= year).fillna(False).astype(bool)
    in_year = period.isin(periods_of_year(year)).fillna(False).astype(bool)
    year_rows = survey.loc[in_year]
    parts = [
        cell_stats(year_rows, scale, by=["item", "respondent_group"], threshold=threshold).assign(period=YEAR),
        cell_stats(year_rows, scale, by=["item"], threshold=threshold).assign(respondent_group=ALL_GROUPS,
                                                                               period=YEAR),
    ]
    if trend:
        rows = survey.loc[up_to_year]
        parts += [
            cell_stats(rows, scale, by=keys, threshold=threshold),
            cell_stats(rows, scale, by=["item", "period"], threshold=threshold).assign(respondent_group=ALL_GROUPS),
        ]
    frames = [p[keys + [c for c in p.columns if c not in keys]] for p in parts if not p.empty]
    if not frames:
        return _empty_cells(keys, scale)
    cells = pd.concat(frames, ignore_index=True)
    for c in keys:
        cells[c] = cells[c].astype("string")
    return _sorted_cells(cells)


# --- views of the suppressed results ----------------------------------------------------------------------------


def _with_catalogue(frame: pd.DataFrame) -> pd.DataFrame:
    cat = catalogue().drop(columns=["respondent_groups"])
    out = frame.merge(cat, on="item", how="left", sort=False)
    out["indicator"] = out["indicator"].astype("Int64")
    return out


def year_results(results: pd.DataFrame, *, group: str | None = ALL_GROUPS) -> pd.DataFrame:
    """The year pooled, one row per item (and group), with the catalogue columns (``indicator``, ``kind``,
    ``level``, ``heading_sv``, ``statement_sv``, ``order``).

    ``group``: one respondent group key, :data:`ALL_GROUPS` (all groups pooled), or None for every group plus the
    pooled row of items answered by more than one group (the pooled row of a one-group item repeats that group).
    """
    rows = results[results["period"] == YEAR]
    if group is None:
        groups_per_item = rows[rows["respondent_group"] != ALL_GROUPS].groupby("item")["respondent_group"].nunique()
        several = set(groups_per_item[groups_per_item > 1].index)
        keep = (rows["respondent_group"] != ALL_GROUPS) | rows["item"].isin(several)
        rows = rows[keep.fillna(False).astype(bool)]
    else:
        rows = rows[rows["respondent_group"] == group]
    return _with_catalogue(rows.reset_index(drop=True))


def trend_results(results: pd.DataFrame, *, group: str = ALL_GROUPS,
                  items: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The survey periods (not the pooled year) of one group, optionally some items, in time order, with a Swedish
    ``period_label``."""
    rows = results[(results["period"] != YEAR) & (results["respondent_group"] == group)]
    if items is not None:
        wanted = {items} if isinstance(items, str) else {str(i) for i in items}
        rows = rows[rows["item"].isin(wanted)]
    out = _with_catalogue(rows.reset_index(drop=True))
    out["period_label"] = [period_label(p) for p in out["period"]]
    return out


def distribution(results: pd.DataFrame, scale: tuple[int, int] = DEFAULT_SCALE, *,
                 group: str = ALL_GROUPS) -> pd.DataFrame:
    """The year's distribution of answers per item for one group: ``share_<v>`` = ``step_<v>`` / ``n`` per scale
    step (vet ej not in the denominator), ``dont_know_share`` = ``dont_know`` / ``answers``; NA when hidden."""
    out = year_results(results, group=group)
    n = out["n"].astype("Float64")
    for s in scale_steps(scale):
        out[f"share_{s}"] = (out[step_column(s)].astype("Float64") / n).where(n > 0)
    answers = out["answers"].astype("Float64")
    out["dont_know_share"] = (out["dont_know"].astype("Float64") / answers).where(answers > 0)
    return out


def hidden_count(frame: pd.DataFrame) -> int:
    """How many rows of ``frame`` are hidden."""
    return int((frame["status"].fillna("") != "").sum()) if "status" in frame else 0


_COMPARISON_COLUMNS = ["association_id", "item", "n", "dont_know", "mean", "positive_share", "status", "own",
                       "rank", "compared"]


def rank_comparison(cells: pd.DataFrame | None, *, association_id: str, group: str = ALL_GROUPS,
                    measure: str = "positive_share") -> pd.DataFrame:
    """Every association with answers in the year, per item, for one respondent group: ``n``, ``mean``,
    ``positive_share``, ``status``, ``own`` (the association shown), ``rank`` (1 = highest ``measure`` among the
    associations whose result is shown; ties share the best rank) and ``compared`` (how many associations are ranked
    on the item). ``cells`` are the pooled-year cells of every association with their ``status``
    (:func:`finsamdash.privacy.views.comparison_cells`)."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, got {measure!r}")
    columns = _COMPARISON_COLUMNS
    picked = None if cells is None else cells[(cells["respondent_group"] == group).fillna(False).astype(bool)]
    if picked is None or picked.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    out = picked.reset_index(drop=True)
    out["own"] = out["association_id"] == association_id
    shown = out[measure].notna()
    ranks = out.loc[shown].groupby("item")[measure].rank(method="min", ascending=False)
    out["rank"] = ranks.reindex(out.index).astype("Int64")
    out["compared"] = out["item"].map(out.loc[shown].groupby("item").size()).fillna(0).astype("Int64")
    out = _with_catalogue(out[columns])
    return out.sort_values(["order", "rank", "association_id"], kind="stable", na_position="last").reset_index(
        drop=True)

