"""Every count the annual report publishes, audited: the ONE place where the document asks what may be shown.

:func:`audited_counts` gathers, for one association and a closed year, the disclosure control the meeting pack
applies to the same figures:

* participant counts come from the participant pages' audit of the year
  (:func:`finsamdash.metrics.flows.audit_period`: every selection a page offers audited at once, with structural
  zeros), read through names that follow the joint audit of issue #11 (``("p", selection, name)`` with selections
  ``*``, ``i:<id>``, ``g:<gender>``, ``i:<id>|g:<gender>`` and names ``episodes``, ``anonymous``, ``identified``,
  ``started``, ``ended``, ``active``, ``exit:<reason>``, ``wos``, ``dur_ended:<bucket>``, ``dur_ongoing:<bucket>``,
  ``ongoing``, ``sb:<group>``, ``sa:<group>``);
* goals come from the suppressed summary (:func:`finsamdash.report.summary`), and a goal's figures are shown only
  when the counts they rest on are shown by the pages' audit too (so that the goal adds nothing a reader could not
  already read off the tables), and never when the group that did not reach the goal is small;
* core-indicator results come from the Kärnindikatorer page's suppression
  (:func:`finsamdash.metrics.indicator_trends.indicator_results`); the year before is shown only when every one of
  its survey periods is shown on that page.

A figure the document derives (a sum of exit reasons, "annan orsak") is shown only when it can be read off shown
counts. Every count the document reads is registered in :attr:`AuditedCounts.published` with its value (None when
hidden) and status, so that tests — and, after #11, the pack's joint audit — can check the whole document.

To switch to the joint audit of #11 (``finsamdash.privacy.audit_pack``), only this module changes: the reading of a
count (:meth:`AuditedCounts._read`) becomes ``disclosure.value(("p", selection, name, first, last))`` with the
year's window, and goals read ``disclosure.goal(year, index)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from finsamdash.contract import CLOSER_TO_LABOUR_MARKET, WORK_OR_STUDIES
from finsamdash.dataset import Dataset, empty_table
from finsamdash.metrics import flows as fl
from finsamdash.metrics.forecast import Forecast
from finsamdash.metrics.goals import GoalResult, evaluate_goals, parse_params, status_reveals
from finsamdash.metrics.indicator_trends import YEAR, indicator_cells, indicator_results
from finsamdash.metrics.indicators import periods_of_year
from finsamdash.privacy import SECONDARY, SMALL, is_small

__all__ = ["ASSOCIATION", "AuditedCounts", "PublishedGoal", "Shown", "SurveyResult", "audited_counts",
           "gender_selection", "intervention_selection"]

#: The selection of the whole association.
ASSOCIATION = "*"


def intervention_selection(intervention_id: str) -> str:
    return f"i:{intervention_id}"


def gender_selection(gender: str, intervention_id: str | None = None) -> str:
    head = f"{intervention_selection(intervention_id)}|" if intervention_id else ""
    return f"{head}g:{gender}"


@dataclass(frozen=True)
class Shown:
    """One published count: ``value`` (None when hidden), ``status`` (``""``, :data:`~finsamdash.privacy.SMALL` or
    :data:`~finsamdash.privacy.SECONDARY`) and whether a shown 0 is a structural zero (it cannot be anything else)."""

    value: int | None
    status: str = ""
    structural: bool = False

    @property
    def hidden(self) -> bool:
        return self.value is None

    def share_of(self, base: Shown) -> float | None:
        """This count as a fraction of ``base``; None when either is hidden or the base is 0."""
        if self.value is None or not base.value:
            return None
        return self.value / base.value


@dataclass(frozen=True)
class PublishedGoal:
    """A goal as the document may show it: its evaluation, whether its figures and its status are shown, and the
    sentence (the report's wording, the figures left out when hidden)."""

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
    share positive; all None when hidden (``status`` says why)."""

    n: int | None
    mean: float | None
    positive_share: float | None
    status: str = ""

    @property
    def hidden(self) -> bool:
        return self.n is None


_HIDDEN_SURVEY = SurveyResult(None, None, None, SECONDARY)


@dataclass
class AuditedCounts:
    """The audited figures of one association and year (see the module docstring); read every count through
    :meth:`count`, :meth:`total`, :meth:`goal` and :meth:`survey`, which register what the document publishes."""

    association_id: str
    year: int
    min_count: int
    audit: fl.PeriodAudit
    goals: list[PublishedGoal]
    survey_results: pd.DataFrame
    survey_previous: pd.DataFrame
    #: every figure the document reads: key -> Shown (participant counts, derived sums, goal counts, answers)
    published: dict[tuple, Shown] = field(default_factory=dict)

    # --- participants -------------------------------------------------------------------------------------------

    @property
    def interventions(self) -> list[str]:
        """Interventions with participants in the year, in the order of the Insatser sheet."""
        return [i for i in self.audit.dims.interventions if self.audit.flows.has((i, fl.ALL, fl.ALL))]

    @property
    def exit_reasons(self) -> tuple[str, ...]:
        """The exit reasons the association's data uses (any year), in the contract's order."""
        return self.audit.categories.reasons

    @property
    def support_groups(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The support groups used before and after (any year)."""
        cats = self.audit.categories
        return cats.groups_before, cats.groups_after

    def count(self, selection: str, name: str) -> Shown:
        """The count ``name`` of ``selection`` as the document may show it (registered as published)."""
        shown = self._read(selection, name)
        self.published[("p", selection, name)] = shown
        return shown

    def total(self, selection: str, names: Sequence[str], *, whole: str | None = None,
              rest: Sequence[str] = ()) -> Shown:
        """The sum of the counts ``names`` of ``selection`` (a derived figure, e.g. "annan orsak"), shown only when
        it can be read off shown counts: every part shown, or ``whole`` minus every count of ``rest`` shown
        (``whole`` = ``names`` + ``rest``)."""
        parts = [self._read(selection, n) for n in names]
        raw = sum(self._raw(selection, n) for n in names)
        if all(not p.hidden for p in parts):
            shown = Shown(raw, "", all(p.structural for p in parts) and raw == 0)
        elif whole is not None and all(not s.hidden for s in (self._read(selection, whole),
                                                              *(self._read(selection, n) for n in rest))):
            shown = Shown(raw)
        else:
            shown = Shown(None, SMALL if is_small(raw, self.min_count) else SECONDARY)
        self.published[("p", selection, "+".join(names))] = shown
        return shown

    def _slice(self, selection: str) -> fl.Slice:
        intervention, gender = fl.ALL, fl.ALL
        for part in selection.split("|"):
            if part.startswith("i:"):
                intervention = part[2:]
            elif part.startswith("g:"):
                gender = part[2:]
            elif part != ASSOCIATION:
                raise KeyError(selection)
        return (intervention, fl.ALL, gender)

    def _cell(self, name: str) -> tuple[fl.AuditedCube, str | None]:
        """The cube and key of a count name in the pages' audit (key None: a category the association's data never
        uses, a structural 0)."""
        a, cats = self.audit, self.audit.categories
        flows = {"episodes": "episodes", "anonymous": "anonymous", "identified": "identified",
                 "started": "started", "active": f"active:{a.months}"}
        if name in flows:
            return a.flows, flows[name]
        if name == "ended":
            return a.exits, "ended_identified"
        if name == "wos":
            return a.exits, "work_or_studies"
        if name == "ongoing":
            return a.durations, "ongoing"
        kind, _, key = name.partition(":")
        if kind == "exit":
            return a.exits, key if key in cats.reasons else None
        if kind in ("dur_ended", "dur_ongoing"):
            return a.durations, f"{kind.removeprefix('dur_')}:{key}"
        if kind == "sb":
            return a.support, f"gbefore:{key}" if key in cats.groups_before else None
        if kind == "sa":
            return a.support, f"gafter:{key}" if key in cats.groups_after else None
        raise KeyError(name)

    def _raw(self, selection: str, name: str) -> int:
        cube, key = self._cell(name)
        s = self._slice(selection)
        return 0 if key is None or not cube.has(s) else cube.raw(s, key)

    def _read(self, selection: str, name: str) -> Shown:
        cube, key = self._cell(name)
        s = self._slice(selection)
        if key is None or not cube.has(s):  # nobody of the kind in any year: 0 whatever happens
            return Shown(0, "", True)
        value = cube.value(s, key)
        if value is None:
            return Shown(None, cube.status(s, key))
        return Shown(value, "", value == 0 and (s, key) in cube.structural)

    # --- goals ------------------------------------------------------------------------------------------------

    def goal(self, index: int) -> PublishedGoal:
        """The goal at ``index`` (goals-table order), registered with the counts behind it."""
        goal = self.goals[index]
        m = goal.result.measure
        for part, value in (("x", m.numerator), ("n", m.denominator)):
            if value is not None and goal.result.counts:
                self.published[("g", goal.result.goal_id or str(index), part)] = Shown(
                    value if goal.figures_shown else None,
                    "" if goal.figures_shown else (SMALL if is_small(value, self.min_count) else SECONDARY))
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
                  SurveyResult(None, None, None, status or SECONDARY))
        self.published[("s", item, group, str(year))] = Shown(result.n, result.status)
        return result


# --- building the audit ------------------------------------------------------------------------------------------


def _participants(dataset: Dataset, association_id: str) -> pd.DataFrame:
    rows = dataset.rows("participants", association_id)
    return rows if rows is not None else empty_table("participants")


def _intervention_order(dataset: Dataset, association_id: str, participants: pd.DataFrame) -> list[str]:
    """Interventions with participants in any year: in the order of the Insatser sheet, then any others (as the
    participant pages order them)."""
    present = set(participants["intervention_id"].dropna().astype(str))
    rows = dataset.rows("interventions", association_id)
    listed = [] if rows is None else [str(i) for i in rows["intervention_id"] if str(i) in present]
    return listed + sorted(present - set(listed))


def _periods(dataset: Dataset, association_id: str) -> dict[str, tuple[object, object]]:
    rows = dataset.rows("interventions", association_id)
    if rows is None:
        return {}
    return {str(i): (a, b) for i, a, b in zip(rows["intervention_id"], rows["start_date"], rows["end_date"],
                                              strict=True)}


#: Goals whose figures are counts the participant pages publish: shown exactly when the pages' audit shows them.
_PAGE_METRICS = ("participants", "participants_started", "exit_share", "exit_count")


def _page_figures_shown(counts: AuditedCounts, goal: GoalResult) -> bool:
    """True when every count a participant goal's figures rest on is shown by the pages' audit (the goal then adds
    nothing to the document's tables) and the group that did not reach it is not small."""
    m = goal.measure
    selection = intervention_selection(goal.intervention_id) if goal.intervention_id else ASSOCIATION
    if goal.metric in ("participants", "participants_started"):
        return not counts._read(selection, "episodes" if goal.metric == "participants" else "started").hidden
    if m.denominator is None or m.numerator is None or counts._read(selection, "ended").hidden:
        return False
    if m.denominator != m.numerator and is_small(m.denominator - m.numerator, counts.min_count):
        return False
    reasons = tuple(parse_params(goal.params).get("reasons") or WORK_OR_STUDIES)
    if set(reasons) == set(WORK_OR_STUDIES):
        return not counts._read(selection, "wos").hidden
    if set(reasons) == set(CLOSER_TO_LABOUR_MARKET):
        return not (counts._read(selection, "wos").hidden or counts._read(selection, "exit:job_seeking").hidden)
    return all(not counts._read(selection, f"exit:{r}").hidden for r in reasons)


def _figures_shown(counts: AuditedCounts, goal: GoalResult, summary_shows: bool) -> bool:
    """Whether a goal's figures may be shown: a goal on counts of the participant pages follows the pages' audit,
    which governs every participant count of the document (so a goal never hides "14 av 49" that a table above it
    shows); a plan goal follows the suppressed summary and also hides when the participants without a plan are
    few; every other goal (money, training, survey answers) follows the suppressed summary."""
    m = goal.measure
    if goal.counts and goal.metric in _PAGE_METRICS:
        return _page_figures_shown(counts, goal)
    if goal.metric == "plan_share" and m.numerator is not None and m.denominator is not None:
        rest = m.denominator - m.numerator
        return summary_shows and not is_small(m.numerator, counts.min_count) and \
            (rest == 0 or not is_small(rest, counts.min_count)) and not counts._read(
                intervention_selection(goal.intervention_id) if goal.intervention_id else ASSOCIATION,
                "ended").hidden
    return summary_shows


def _published_goals(counts: AuditedCounts, results: list[GoalResult], summary_goals: Sequence[Mapping[str, Any]],
                     ) -> list[PublishedGoal]:
    out = []
    for goal, published in zip(results, summary_goals, strict=True):
        figures = _figures_shown(counts, goal, published.get("text_sv") == goal.text_sv)
        status = figures or (published.get("status") is not None and not status_reveals(goal, counts.min_count))
        out.append(PublishedGoal(goal, figures, status))
    return out


def _previous_year_survey(survey: pd.DataFrame | None, results: pd.DataFrame, year: int,
                          scale: tuple[int, int]) -> pd.DataFrame:
    """The year before pooled, per item and group, hidden unless every survey period of that year is shown on this
    year's Kärnindikatorer page (the pooled result can then be read off shown figures)."""
    cells = indicator_cells(survey, year - 1, scale, trend=False)
    cells = cells[cells["period"] == YEAR].copy()
    periods = set(periods_of_year(year - 1))
    page = results[results["period"].isin(periods)]
    status = []
    for item, group in zip(cells["item"], cells["respondent_group"], strict=True):
        parts = page[(page["item"] == item) & (page["respondent_group"] == group)]
        status.append("" if len(parts) and (parts["status"] == "").all() else SECONDARY)
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
    from finsamdash.report import summary  # report imports the metrics; keep this module importable on its own

    participants = _participants(dataset, association_id)
    order = _intervention_order(dataset, association_id, participants)
    audit = fl.audit_period(participants, int(year), None, min_count=min_count, interventions=order,
                            intervention_periods=_periods(dataset, association_id))
    survey = dataset.rows("survey_responses", association_id)
    scale = dataset.settings.scale
    results = indicator_results(survey, int(year), scale, min_count=min_count)
    counts = AuditedCounts(association_id, int(year), min_count, audit, [], results,
                           _previous_year_survey(survey, results, int(year), scale))
    goals = evaluate_goals(dataset, association_id, int(year), forecast=forecast)
    shown = summary(dataset, association_id, int(year), min_count=min_count, forecast=forecast)
    counts.goals = _published_goals(counts, goals, shown["goals"])
    return counts
