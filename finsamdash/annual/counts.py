"""Every count the annual report publishes, audited: the ONE place where the document asks what may be shown.

:func:`audited_counts` audits the closed year with the meeting pack's joint disclosure control
(:func:`finsamdash.privacy.audit_pack` at the year's end, :func:`pack_audit`) and reads every figure from its answer
(:class:`~finsamdash.privacy.Disclosure`), as the pages of a pack of that date show them:

* participant counts through :class:`~finsamdash.privacy.views.SelectionView`: the selections the pages offer (small
  interventions merged into "övriga insatser"), their recoded categories (small exit reasons merged into "övriga
  avslut") and the one mark of a hidden figure;
* goals with the audit's decision on their figures and status (:meth:`Disclosure.goal`);
* core-indicator results as the Kärnindikatorer page shows them (:func:`~finsamdash.privacy.views.survey_results`);
  the year before pooled only when every one of its survey periods is shown.

A figure the document derives (a sum such as "annan orsak") is shown only when it can be read off shown counts and
is not small. Every figure the document reads is registered in :attr:`AuditedCounts.published` with the audit's
cell, so that tests can check the whole document against the audit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from finsamdash.data.dataset import Dataset
from finsamdash.metrics.forecast import Forecast
from finsamdash.metrics.goals import GoalResult, evaluate_goals
from finsamdash.metrics.indicator_results import YEAR, indicator_cells
from finsamdash.metrics.indicator_stats import periods_of_year
from finsamdash.metrics.participant_flows import ASSOCIATION
from finsamdash.privacy import HIDDEN, Disclosure, audit_pack, is_unsafe
from finsamdash.privacy.survey import survey_cell
from finsamdash.privacy.views import SelectionView, survey_results

__all__ = ["ASSOCIATION", "HIDDEN", "AuditedCounts", "PublishedGoal", "Shown", "SurveyResult", "audited_counts",
           "gender_selection", "pack_audit"]


def gender_selection(gender: str) -> str:
    return f"g:{gender}"


def pack_audit(dataset: Dataset, association_id: str, year: int, min_count: int) -> Disclosure:
    """The joint audit of the closed ``year``: the pack of a meeting on 1 January after it, showing that year."""
    return audit_pack(dataset, association_id, date(year + 1, 1, 1), min_count=min_count, year=year)


@dataclass(frozen=True)
class Shown:
    """One published count: ``value`` (None when hidden, ``status`` then :data:`~finsamdash.privacy.HIDDEN`)."""

    value: int | None
    status: str = ""

    @property
    def hidden(self) -> bool:
        return self.value is None

    def share_of(self, base: Shown) -> float | None:
        """This count as a fraction of ``base``; None when either is hidden or the base is 0."""
        if self.value is None or not base.value:
            return None
        return self.value / base.value


_HIDDEN = Shown(None, HIDDEN)


@dataclass(frozen=True)
class PublishedGoal:
    """A goal as the document may show it: its evaluation, whether its figures and its status are shown (the
    audit's decision), and the sentence (the report's wording, the figures left out when hidden)."""

    result: GoalResult
    figures_shown: bool
    status_shown: bool

    @property
    def status(self) -> str | None:
        return self.result.status if self.status_shown else None

    @property
    def sentence(self) -> str:
        if self.figures_shown:
            return self.result.text_sv
        return self.result.text_hidden_sv if self.status_shown else self.result.text_status_hidden_sv

    @property
    def figures(self) -> str:
        return self.result.figures_sv if self.figures_shown else ""


@dataclass(frozen=True)
class SurveyResult:
    """One core-indicator result (item × respondent group × year pooled): number of answers with a value, mean and
    share positive; all None when hidden."""

    n: int | None
    mean: float | None
    positive_share: float | None
    status: str = ""

    @property
    def hidden(self) -> bool:
        return self.n is None


@dataclass
class AuditedCounts:
    """The audited figures of one association and year (see the module docstring); read every count through
    :meth:`count`, :meth:`total`, :meth:`categories`, :meth:`goal` and :meth:`survey`, which register what the
    document publishes."""

    association_id: str
    year: int
    min_count: int
    disclosure: Disclosure
    goals: list[PublishedGoal]
    survey_results: pd.DataFrame
    survey_previous: pd.DataFrame
    #: every figure the document reads: key -> (the audit's cell or None for a derived figure, Shown)
    published: dict[tuple, tuple[tuple | None, Shown]] = field(default_factory=dict)

    # --- participants -------------------------------------------------------------------------------------------

    @property
    def layout(self):
        return self.disclosure.layouts[self.year]

    @property
    def interventions(self) -> list[str]:
        """The intervention selections the pages show for the year (small ones merged into "övriga insatser"), in
        the order of the Insatser sheet."""
        return list(self.layout.interventions)

    @property
    def intervention_count(self) -> int:
        """The number of interventions with participants in the year (merged ones counted one by one)."""
        return sum(1 for s in self.layout.names if s.startswith("i:"))

    def name(self, selection: str) -> str:
        return self.layout.selections[selection].label

    def view(self, selection: str) -> SelectionView:
        return SelectionView(self.disclosure, self.year, selection)

    def categories(self, selection: str, kind: str) -> list[tuple[str, str, tuple[str, ...]]]:
        """The recoded categories of ``kind`` (``exit``, ``sb``, ``sa``, ``dur_ended``, ``dur_ongoing``) the pages
        show for ``selection``: (key, Swedish label, fine keys held)."""
        return [(g.key, g.label, tuple(g.members)) for g in self.view(selection).selection.categories[kind]]

    def _cell(self, selection: str, name: str) -> tuple:
        view = self.view(selection)
        end = view.win.end
        if name in ("active", "ongoing") or name.startswith("dur_ongoing:"):
            return view.cell(name, (end, end))
        if name.startswith("gender:"):
            gender = name.partition(":")[2]
            crossed = gender_selection(gender) if view.key == ASSOCIATION else f"{view.key}|g:{gender}"
            return ("p", crossed, "episodes", *view.win.whole)
        return view.cell(name)

    def _read(self, selection: str, name: str) -> Shown:
        value = self.disclosure.value(self._cell(selection, name))
        return _HIDDEN if value is None else Shown(int(value))

    def count(self, selection: str, name: str) -> Shown:
        """The count ``name`` of ``selection`` as the pages of the year's pack show it (registered as published):
        a year total (``episodes``, ``anonymous``, ``identified``, ``started``, ``ended``, ``wos``), the
        participants at the year's end (``active``, ``ongoing``), a category (``exit:<key>``, ``sb:<key>``,
        ``sa:<key>``, ``dur_ended:<key>``, ``dur_ongoing:<key>``, keys as :meth:`categories` gives them) or the
        participants of a gender (``gender:<woman|man|other_unknown>``)."""
        cell = self._cell(selection, name)
        shown = self._read(selection, name)
        self.published[("p", selection, name)] = (cell, shown)
        return shown

    def total(self, selection: str, names: Sequence[str], *, whole: str | None = None,
              rest: Sequence[str] = ()) -> Shown:
        """The sum of the counts ``names`` of ``selection`` (a derived figure, e.g. "annan orsak"), shown only when
        it can be read off shown counts – every part shown, or ``whole`` minus every count of ``rest`` shown
        (``whole`` = ``names`` + ``rest``) – and is not small."""
        parts = [self._read(selection, n) for n in names]
        value = None
        if parts and all(not p.hidden for p in parts):
            value = sum(p.value for p in parts)
        elif whole is not None:
            known = [self._read(selection, n) for n in (whole, *rest)]
            if all(not k.hidden for k in known):
                value = known[0].value - sum(k.value for k in known[1:])
        shown = _HIDDEN if value is None or is_unsafe(value, self.min_count) else Shown(value)
        self.published[("p", selection, "+".join(names) or f"{whole}-rest")] = (None, shown)
        return shown

    @property
    def has_anonymous(self) -> bool:
        """False when the association had no anonymous participant in the year (the column is then left out)."""
        return self._read(ASSOCIATION, "anonymous").value != 0

    # --- goals ------------------------------------------------------------------------------------------------

    def goal(self, index: int) -> PublishedGoal:
        """The goal at ``index`` (the year's goals in table order), registered with the cells behind it."""
        goal = self.goals[index]
        cells = self.disclosure.goal(self.year, index)
        for part, cell in (("x", cells.x if cells else None), ("n", cells.n if cells else None)):
            if cell is not None:
                value = self.disclosure.value(cell) if goal.figures_shown else None
                self.published[("g", str(index), part)] = (cell, _HIDDEN if value is None else Shown(value))
        return goal

    # --- core indicators ------------------------------------------------------------------------------------

    def survey(self, item: str, group: str, year: int) -> SurveyResult:
        """The result of ``item`` for respondent ``group`` (:data:`ALL_GROUPS` pooled) in ``year`` (this year or the
        one before), registered as published."""
        frame = self.survey_results if year == self.year else self.survey_previous
        rows = frame[(frame["item"] == item) & (frame["respondent_group"] == group) & (frame["period"] == YEAR)]
        if rows.empty:
            return SurveyResult(None, None, None, "")
        row = rows.iloc[0]
        status = str(row.get("status") or "")
        result = (SurveyResult(int(row["n"]), float(row["mean"]), float(row["positive_share"]))
                  if not status and not pd.isna(row["n"]) and int(row["n"]) > 0 else
                  SurveyResult(None, None, None, status or HIDDEN))
        cell = survey_cell(self.association_id, item, group, f"{year}:year") if year == self.year else None
        self.published[("s", item, group, str(year))] = (cell, Shown(result.n, result.status))
        return result


# --- building ----------------------------------------------------------------------------------------------------


def _published_goals(disclosure: Disclosure, year: int, results: list[GoalResult]) -> list[PublishedGoal]:
    """The goals with the audit's decisions; a goal whose counts differ from the audit's cells (which cannot
    happen when both read the same data) keeps its figures hidden."""
    out = []
    for index, goal in enumerate(results):
        cells = disclosure.goal(year, index)
        if cells is None:
            out.append(PublishedGoal(goal, False, False))
            continue
        m = goal.measure
        same = all(cell is None or value is None or disclosure.value(cell) in (None, value)
                   for cell, value in ((cells.x, m.numerator), (cells.n, m.denominator)))
        out.append(PublishedGoal(goal, cells.figures_shown and same, cells.status_shown))
    return out


def _previous_year_survey(survey: pd.DataFrame | None, shown: pd.DataFrame, association_id: str, year: int,
                          scale: tuple[int, int]) -> pd.DataFrame:
    """The year before pooled, per item and group, hidden unless every survey period of that year is shown on this
    year's Kärnindikatorer page (the pooled result can then be read off shown figures)."""
    cells = indicator_cells(survey, year - 1, scale, trend=False)
    cells = cells[cells["period"] == YEAR].copy()
    periods = set(periods_of_year(year - 1))
    page = shown[shown["period"].isin(periods)]
    status = []
    for item, group in zip(cells["item"], cells["respondent_group"], strict=True):
        parts = page[(page["item"] == item) & (page["respondent_group"] == group)]
        status.append("" if len(parts) and (parts["status"] == "").all() else HIDDEN)
    cells["status"] = pd.Series(status, index=cells.index, dtype="string")
    hidden = cells["status"] != ""
    for column in ("answers", "n", "dont_know", "mean", "positive", "positive_share"):
        cells[column] = cells[column].mask(hidden)
    return cells.reset_index(drop=True)


def audited_counts(dataset: Dataset, association_id: str, year: int, *, min_count: int,
                   forecast: Forecast | None = None) -> AuditedCounts:
    """The audited figures of ``association_id`` for the closed ``year`` (see the module docstring).

    ``forecast`` is the year's economy as closed books (:func:`~finsamdash.metrics.forecast.year_end_forecast` at
    31 December), on which money goals are judged."""
    year = int(year)
    disclosure = pack_audit(dataset, association_id, year, min_count)
    survey = dataset.rows("survey_responses", association_id)
    scale = dataset.settings.scale
    results = survey_results(indicator_cells(survey, year, scale), disclosure.shown, association_id, year)
    goals = _published_goals(disclosure, year, evaluate_goals(dataset, association_id, year, forecast=forecast))
    return AuditedCounts(association_id, year, min_count, disclosure, goals, results,
                         _previous_year_survey(survey, results, association_id, year, scale))
