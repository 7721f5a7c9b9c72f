"""Page-ready frames read from a :class:`~finsamdash.privacy.disclosure.Disclosure`: what the participant pages, the
summary and the goals show. Nothing here decides what may be shown – it only reads the audit's answer: a hidden
count is ``NA`` with status :data:`HIDDEN`, and every share is computed from shown counts only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from finsamdash.data.contract import REPORTED_EXIT_REASONS
from finsamdash.metrics.participant_flows import ASSOCIATION, GENDERS, Windows, windows
from finsamdash.privacy.disclosure import Disclosure
from finsamdash.privacy.layout import (
    GENDER_LABELS,
    Selection,
    YearLayout,
    flow_windows,
    stock_days,
)
from finsamdash.privacy.participants import cell
from finsamdash.privacy.survey import survey_cell
from finsamdash.wording.selections import INTERVENTION_CHOICE, MUNICIPALITY_CHOICE, WHOLE_ASSOCIATION
from finsamdash.wording.words import TOTAL as TOTAL_LABEL

#: The status of a hidden cell in a status frame (one mark for every hidden figure).
HIDDEN = "hidden"
TOTAL = TOTAL_LABEL


@dataclass(frozen=True)
class Figure:
    """A published count: ``value`` None when hidden (``hidden`` says so) or not published."""

    value: int | None
    hidden: bool = False


def figure(d: Disclosure, c: tuple) -> Figure:
    return Figure(d.value(c), d.is_hidden(c))


def share(numerator: Figure, denominator: Figure) -> float | None:
    """A share of two shown counts (None when either is hidden or the denominator is 0)."""
    if numerator.value is None or not denominator.value:
        return None
    return numerator.value / denominator.value


def frame(d: Disclosure, rows: Iterable[tuple[Any, Mapping[str, tuple | None]]], *, index_name: str = "",
          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(values, status)``: one row per ``(label, {column: cell or None})``; a hidden cell is NA with status
    :data:`HIDDEN`; a None cell is NA without status (not a count)."""
    labels, values, status = [], [], []
    for label, cells in rows:
        labels.append(label)
        values.append({k: (d.value(c) if c is not None else None) for k, c in cells.items()})
        status.append({k: (HIDDEN if c is not None and d.is_hidden(c) else "") for k, c in cells.items()})
    index = pd.Index(labels, name=index_name or None, dtype=object)
    out = pd.DataFrame(values, index=index).astype("Int64") if values else pd.DataFrame(index=index)
    return out, pd.DataFrame(status, index=index)


class SelectionView:
    """One selection of one year as the participant pages show it."""

    def __init__(self, d: Disclosure, year: int, choice: str) -> None:
        self.d, self.year = d, year
        self.layout: YearLayout = d.layouts[year]
        self.win: Windows = self.layout.windows
        self.key = self.layout.shown_as.get(choice, choice)
        self.selection: Selection = self.layout.selections[self.key]

    def cell(self, name: str, window: tuple[str, str] | None = None) -> tuple:
        return cell(self.key, name, *(window or self.win.whole))

    def total(self, name: str) -> Figure:
        """A year total (``episodes``, ``anonymous``, ``identified``, ``started``, ``ended``, ``wos``) or the
        active at the start (``active_start``) and end (``active_end``) of the period, ``ongoing``."""
        day = {"active_start": self.win.stock[0], "active_end": self.win.end, "ongoing": self.win.end}.get(name)
        if day is not None:
            return figure(self.d, cell(self.key, "ongoing" if name == "ongoing" else "active", day, day))
        return figure(self.d, self.cell(name))

    def flows(self) -> tuple[pd.DataFrame, pd.DataFrame, str]:
        """Started and ended per period (months, quarters or the year so far) and the level."""
        level = self.selection.flow_level
        rows = [(window, {"started": self.cell("started", window), "ended": self.cell("ended", window)})
                for window in flow_windows(self.win, level)]
        values, status = frame(self.d, rows)
        return values, status, level

    def active(self) -> tuple[pd.DataFrame, pd.DataFrame, str]:
        """Active participants at the start of the year and at the end of each period."""
        level = self.selection.stock_level
        rows = [(day, {"active": cell(self.key, "active", day, day)}) for day in stock_days(self.win, level)]
        values, status = frame(self.d, rows)
        return values, status, level

    def categories(self, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """One recoded distribution (``age``, ``education``, ``support_years``, ``exit``, ``sb``, ``sa``,
        ``dur_ended``, ``dur_ongoing``), with a ``label`` column and the group's fine keys in ``members``."""
        window = (self.win.end, self.win.end) if name == "dur_ongoing" else self.win.whole
        groups = self.selection.categories[name]
        values, status = frame(self.d, [(g.key, {"count": self.cell(f"{name}:{g.key}", window)}) for g in groups])
        values["label"] = [g.label for g in groups]
        values["members"] = [g.members for g in groups]
        return values, status

    def genders(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Participants per gender (anonymous included)."""
        rows = []
        for g in GENDERS:
            crossed = f"g:{g}" if self.key == ASSOCIATION else f"{self.key}|g:{g}"
            rows.append((g, {"count": cell(crossed, "episodes", *self.win.whole)}))
        values, status = frame(self.d, rows)
        values["label"] = [GENDER_LABELS[g] for g in GENDERS]
        return values, status


def choices(d: Disclosure) -> list[tuple[str, str]]:
    """The page's "Urval" options over every year it shows: (Swedish label, fine selection key), the
    association first, then interventions, municipalities and genders in the order of the newest year."""
    names: dict[str, str] = {}
    for layout in sorted(d.layouts.values(), key=lambda lay: -lay.year):
        for key, name in layout.names.items():
            names.setdefault(key, name)
    out = [(WHOLE_ASSOCIATION, ASSOCIATION)]
    for kind, title in (("i:", INTERVENTION_CHOICE), ("m:", MUNICIPALITY_CHOICE), ("g:", "")):
        out += [(f"{title}{name}", key) for key, name in names.items() if key.startswith(kind)]
    return out


# --- the summary ---------------------------------------------------------------------------------------------


def summary_cells(year: int, cutoff, interventions: Iterable[str]) -> dict[tuple[str, ...], tuple]:
    """The cell behind each count of ``summary --json`` (path of keys -> cell)."""
    win = windows(year, cutoff)
    whole, end = win.whole, (win.end, win.end)
    out: dict[tuple[str, ...], tuple] = {}
    people = {"episodes": "episodes", "anonymous": "anonymous", "identified": "identified", "started": "started",
              "ended": "ended"}
    for key, name in people.items():
        out[("participants", key)] = cell(ASSOCIATION, name, *whole)
    out[("participants", "active_end_of_year")] = cell(ASSOCIATION, "active", *end)
    for key, g in (("women", "woman"), ("men", "man"), ("other_unknown", "other_unknown")):
        out[("participants", key)] = cell(f"g:{g}", "episodes", *whole)
    for scope, path in ((ASSOCIATION, ("exits",)), *((f"i:{i}", ("interventions", i, "exits"))
                                                     for i in interventions)):
        for r in REPORTED_EXIT_REASONS:
            out[(*path, r)] = cell(scope, f"exit:{r}", *whole)
        out[(*path, "work_or_studies")] = cell(scope, "wos", *whole)
        out[(*path, "closer_to_labour_market")] = cell(scope, "closer", *whole)
        out[(*path, "_ended")] = cell(scope, "ended", *whole)
    for i in interventions:
        for key in ("episodes", "started", "ended"):
            out[("interventions", i, key)] = cell(f"i:{i}", key, *whole)
        out[("interventions", i, "active_end_of_year")] = cell(f"i:{i}", "active", *end)
    return out


def indicator_cell(association_id: str, item: str, year: int) -> tuple:
    return survey_cell(association_id, item, "all", f"{year}:year")


# --- survey results ------------------------------------------------------------------------------------------


#: Statistics of a survey cell a hidden cell does not keep.
def _stat_columns(cells: pd.DataFrame) -> list[str]:
    fixed = ("answers", "n", "dont_know", "mean", "positive", "positive_share")
    return [c for c in cells.columns if c in fixed or c.startswith("step_")]


def survey_results(cells: pd.DataFrame, shown: Mapping[tuple, int], association_id: str, year: int,
                   ) -> pd.DataFrame:
    """``cells`` (:func:`~finsamdash.metrics.indicator_results.indicator_cells` of one association and year) with a
    ``status`` column: :data:`HIDDEN` for a cell the audit does not show (``shown``: the shown cells, e.g.
    :attr:`Disclosure.shown`), whose statistics are then NA."""
    out = cells.copy()
    keys = [survey_cell(association_id, i, g, f"{year}:year" if p == "year" else p)
            for i, g, p in zip(out["item"], out["respondent_group"], out["period"], strict=True)]
    hidden = pd.Series([k not in shown for k in keys], index=out.index)
    for column in _stat_columns(out):
        out[column] = out[column].mask(hidden)
    out["status"] = pd.Series([HIDDEN if h else "" for h in hidden], index=out.index, dtype="string")
    return out


def comparison_cells(d: Disclosure, survey: pd.DataFrame | None, own: pd.DataFrame, year: int,
                     scale: tuple[int, int]) -> pd.DataFrame | None:
    """The pooled-year cells of every association with answers in ``year`` (the one shown: ``own``, its results
    read from the audit; the others as their own packs show them, :attr:`Disclosure.others`), with
    ``association_id``, in the order the associations first appear in ``survey``."""
    from finsamdash.metrics.indicator_results import indicator_cells

    if survey is None or survey.empty:
        return None
    frames = []
    for assoc in dict.fromkeys(survey["association_id"].astype(str)):
        if assoc == d.association_id:
            cells = own
        else:
            rows = survey[survey["association_id"] == assoc]
            cells = survey_results(indicator_cells(rows, year, scale, trend=False), d.others, assoc, year)
        picked = cells[cells["period"] == "year"]
        if not picked.empty:
            frames.append(picked.assign(association_id=assoc))
    return pd.concat(frames, ignore_index=True) if frames else None
