"""Goal fulfilment (måluppfyllelse): the metric registry, goal evaluation and the Swedish sentence per goal.

A goal metric is one function plus one registration::

    @goal_metric("exit_share", unit="percent",
                 goal_sv="{op} {target} av de avslutade deltagarna ska {reasons}",
                 figures_sv="{numerator} av {denominator} ({outcome})")
    def _exit_share(dataset, association_id, year, intervention_id, params) -> GoalMeasure: ...

The function returns a :class:`GoalMeasure`; ``goal_sv`` and ``figures_sv`` are the two halves of the annual-report
sentence ("Målet att <goal_sv> uppnåddes: <figures_sv>."), filled from the placeholders listed in
:func:`sentence_context`. Outcomes are in the metric's own unit (percent 0–100 for shares). Which parameters a metric
takes and whether it can be set for one intervention is declared on the input side
(:data:`finsamdash.data.goal_params.METRIC_SIGNATURES`), where goal parameters are parsed and checked too.

Status: **met** when ``outcome <operator> target`` holds; **partly** when it misses by at most
``tolerance × |target|`` (default 10 %); **not_met** otherwise; **no_data** when the outcome cannot be computed.
For metric ``manual`` the typed-in ``manual_status`` overrides the computed status.

Money goals (``result``, ``admin_share``, ``equity_share``) are year-end figures: given the year's
:class:`~finsamdash.metrics.forecast.Forecast` (``evaluate_goals(..., forecast=…)``) a running year is judged on the
forecast ("Målet … bedöms uppnås: prognosen för helåret är ett överskott på 505 tkr.") and a closed one on its
actuals; without one, a running year's sentence speaks of the outcome so far. Money in sentences is in tkr.

Sentences are built only from aggregates, category labels, intervention names and the goal's own text/comment:
never from participant ids.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

import pandas as pd

from finsamdash.data.contract import (
    DEFAULT_SCALE,
    REPORTED_EXIT_REASONS,
    WORK_OR_STUDIES,
    core_indicators,
    label_sv,
)
from finsamdash.data.dataset import Dataset, empty_table
from finsamdash.data.goal_params import (
    METRIC_SIGNATURES,
    SCOPES,
    MetricSignature,
    Params,
    canonical_params,
    normalise_params,
    parse_params,
    validate_goal_params,
)
from finsamdash.metrics.accounts import actual_figures, actuals_by_category, contributions_total, economy
from finsamdash.metrics.forecast import Forecast
from finsamdash.metrics.indicator_stats import answer_stats, answers_in_year
from finsamdash.metrics.participant_counts import anonymous_mask, ended_mask, episodes_in_year, started_mask
from finsamdash.wording import goal_metrics as sv
from finsamdash.wording.economy import result_sv
from finsamdash.wording.formatting import fmt_int, fmt_number, fmt_percent, fmt_tkr, is_missing
from finsamdash.wording.privacy import GOAL_FIGURES_HIDDEN, GOAL_STATUS_HIDDEN
from finsamdash.wording.words import join_sv as _join

__all__ = [
    "DEFAULT_TOLERANCE",
    "FORECAST_METRICS",
    "GOAL_METRICS",
    "STATUSES",
    "GoalMeasure",
    "GoalMetric",
    "GoalResult",
    "YearFigures",
    "evaluate_goal",
    "evaluate_goals",
    "goal_figures",
    "goal_metric",
    "goal_sentence",
    "goal_status",
    "normalise_params",
    "parse_params",
    "sentence_context",
    "validate_goal_params",
    "year_figures",
]

DEFAULT_TOLERANCE = 0.10
STATUSES = ("met", "partly", "not_met", "no_data")
UNITS = ("count", "percent", "sek", "mean", "number")


@dataclass(frozen=True)
class GoalMeasure:
    """What one metric measured.

    ``outcome`` is in the metric's unit (None = cannot be computed); ``numerator``/``denominator`` are set for
    shares ("14 av 49"); ``n`` is the number of units the outcome rests on (episodes, answers, events);
    ``counts`` holds every participant/answer count the outcome is built from (for privacy suppression);
    ``amounts`` holds SEK amounts behind a money outcome (shown in the sentence).
    """

    outcome: float | None
    numerator: int | None = None
    denominator: int | None = None
    n: int | None = None
    counts: tuple[int, ...] = ()
    amounts: Mapping[str, float | None] = field(default_factory=dict)


MetricFunction = Callable[[Dataset, str, int, "str | None", Params], GoalMeasure]
#: The measure of a year-end money goal taken from the year's forecast.
ForecastFunction = Callable[[Forecast], GoalMeasure]


@dataclass(frozen=True)
class GoalMetric:
    """A registered goal metric (see :func:`goal_metric`)."""

    key: str
    function: MetricFunction
    unit: str
    params: tuple[str, ...] = ()
    scopes: tuple[str, ...] = SCOPES
    goal_sv: str = sv.GOAL_DEFAULT
    figures_sv: str = sv.FIGURES_DEFAULT
    decimals: int = 0  # decimals of a percent/mean outcome in the sentence
    group_category: str = "respondent_group"  # category set of the ``groups=`` parameter
    #: year-end money goals: the measure from the year's forecast, and the figures as a forecast and so far
    forecast: ForecastFunction | None = None
    forecast_sv: str = sv.FORECAST_DEFAULT
    so_far_sv: str | None = None

    def measure(
        self, dataset: Dataset, association_id: str, year: int, intervention_id: str | None, params: Params
    ) -> GoalMeasure:
        return self.function(dataset, association_id, year, intervention_id, params)


#: Every goal metric by key; filled by :func:`goal_metric`. Keys equal ``contract.CATEGORIES["metric"]``.
GOAL_METRICS: dict[str, GoalMetric] = {}


def goal_metric(
    key: str,
    *,
    unit: str,
    goal_sv: str | None = None,
    figures_sv: str | None = None,
    decimals: int = 0,
    forecast: ForecastFunction | None = None,
    forecast_sv: str | None = None,
    so_far_sv: str | None = None,
) -> Callable[[MetricFunction], MetricFunction]:
    """Register ``function`` as goal metric ``key`` (the function is returned unchanged).

    Its parameters, scopes and group category come from ``METRIC_SIGNATURES[key]`` (none and both scopes when the
    metric is not declared there). ``forecast`` makes it a year-end goal judged on the year's forecast in a running
    year (``forecast_sv``: its figures then; ``so_far_sv``: its figures so far when no forecast is given)."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    signature = METRIC_SIGNATURES.get(key, MetricSignature())
    if signature.target_in_percent != (unit == "percent"):
        raise ValueError(f"goal metric {key!r}: unit {unit!r} disagrees with METRIC_SIGNATURES (target_in_percent)")

    def register(function: MetricFunction) -> MetricFunction:
        if key in GOAL_METRICS:
            raise ValueError(f"goal metric {key!r} registered twice")
        extra = {}
        if goal_sv is not None:
            extra["goal_sv"] = goal_sv
        if figures_sv is not None:
            extra["figures_sv"] = figures_sv
        if forecast_sv is not None:
            extra["forecast_sv"] = forecast_sv
        GOAL_METRICS[key] = GoalMetric(
            key, function, unit, signature.params, signature.scopes, decimals=decimals,
            group_category=signature.group_category, forecast=forecast, so_far_sv=so_far_sv, **extra,
        )
        return function

    return register


# ------------------------------------------------------------------------------------------------------- metrics

def _participants(dataset: Dataset, association_id: str) -> pd.DataFrame:
    rows = dataset.rows("participants", association_id)
    return rows if rows is not None else empty_table("participants")


@dataclass(frozen=True)
class YearFigures:
    """The participant figures of one association's year that the goal metrics read, per intervention id (key
    None: every intervention), counted as :mod:`~finsamdash.metrics.participant_counts` counts them: episodes in
    the year, identified episodes started and ended in it, the ended ones per exit reason, with an individual plan
    and with the plan column filled in. Absent keys are 0."""

    episodes: Mapping[str | None, int]
    started: Mapping[str | None, int]
    ended: Mapping[str | None, int]
    exits: Mapping[tuple[str | None, str], int]
    with_plan: Mapping[str | None, int]
    plan_filled: Mapping[str | None, int]


def year_figures(participants: pd.DataFrame, year: int) -> YearFigures:
    """:class:`YearFigures` of ``participants`` (one association's rows) in ``year``, in one grouped pass."""
    episodes = episodes_in_year(participants, year)
    identified = ~anonymous_mask(episodes)
    ended = ended_mask(episodes, year) & identified
    plans = episodes["individual_plan"]
    flags = pd.DataFrame({
        "episodes": 1,
        "started": started_mask(episodes, year) & identified,
        "ended": ended,
        "with_plan": ended & plans.fillna(False).astype(bool),
        "plan_filled": ended & plans.notna(),
    }, index=episodes.index)
    by = flags.groupby(episodes["intervention_id"].astype(object), dropna=True, sort=False).sum()
    exits = episodes.loc[ended, ["intervention_id", "exit_reason"]].astype(object)
    per_reason = exits.dropna(subset=["exit_reason"]).value_counts(dropna=False)

    def figures(column: str) -> dict[str | None, int]:
        out: dict[str | None, int] = {str(k): int(v) for k, v in by[column].items() if v}
        out[None] = int(flags[column].sum())
        return out

    reasons: dict[tuple[str | None, str], int] = {}
    for (intervention_id, reason), n in per_reason.items():
        if not pd.isna(intervention_id):
            reasons[(str(intervention_id), str(reason))] = int(n)
        reasons[(None, str(reason))] = reasons.get((None, str(reason)), 0) + int(n)
    return YearFigures(figures("episodes"), figures("started"), figures("ended"), reasons, figures("with_plan"),
                       figures("plan_filled"))


#: :func:`year_figures` per (dataset, association, year), kept while the dataset lives: a build evaluates every
#: goal of a year, each reading the same counts (a weak reference: a dataset is never kept alive by it)
_YEAR_FIGURES: dict[tuple[int, str, int], tuple[weakref.ref, YearFigures]] = {}
_YEAR_FIGURES_UP_TO = 256


def _year_figures(dataset: Dataset, association_id: str, year: int) -> YearFigures:
    key = (id(dataset), association_id, year)
    found = _YEAR_FIGURES.get(key)
    if found is not None and found[0]() is dataset:
        return found[1]
    if len(_YEAR_FIGURES) >= _YEAR_FIGURES_UP_TO:
        _YEAR_FIGURES.clear()
    value = year_figures(_participants(dataset, association_id), year)
    _YEAR_FIGURES[key] = (weakref.ref(dataset), value)
    return value


def _reasons(params: Params) -> tuple[str, ...]:
    return tuple(params.get("reasons") or WORK_OR_STUDIES)


def _percent(numerator: int | float | None, denominator: int | float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return 100 * numerator / denominator


@goal_metric("participants", unit="count", goal_sv=sv.METRIC_SENTENCES["participants"].goal,
             figures_sv=sv.METRIC_SENTENCES["participants"].figures)
def _participants_metric(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    episodes = _year_figures(dataset, association_id, year).episodes.get(intervention_id, 0)
    return GoalMeasure(float(episodes), n=episodes, counts=(episodes,))


@goal_metric("participants_started", unit="count", goal_sv=sv.METRIC_SENTENCES["participants_started"].goal,
             figures_sv=sv.METRIC_SENTENCES["participants_started"].figures)
def _participants_started(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    started = _year_figures(dataset, association_id, year).started.get(intervention_id, 0)
    return GoalMeasure(float(started), n=started, counts=(started,))


def _exit_numbers(dataset, association_id, year, intervention_id, params) -> tuple[int, int]:
    figures = _year_figures(dataset, association_id, year)
    hits = sum(figures.exits.get((intervention_id, reason), 0) for reason in set(_reasons(params)))
    return hits, figures.ended.get(intervention_id, 0)


@goal_metric("exit_share", unit="percent", goal_sv=sv.METRIC_SENTENCES["exit_share"].goal,
             figures_sv=sv.METRIC_SENTENCES["exit_share"].figures)
def _exit_share(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    hits, ended = _exit_numbers(dataset, association_id, year, intervention_id, params)
    return GoalMeasure(_percent(hits, ended), numerator=hits, denominator=ended, n=ended, counts=(hits, ended))


@goal_metric("exit_count", unit="count", goal_sv=sv.METRIC_SENTENCES["exit_count"].goal,
             figures_sv=sv.METRIC_SENTENCES["exit_count"].figures)
def _exit_count(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    hits, ended = _exit_numbers(dataset, association_id, year, intervention_id, params)
    return GoalMeasure(float(hits), numerator=hits, denominator=ended, n=ended, counts=(hits, ended))


@goal_metric("plan_share", unit="percent", goal_sv=sv.METRIC_SENTENCES["plan_share"].goal,
             figures_sv=sv.METRIC_SENTENCES["plan_share"].figures)
def _plan_share(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    # An empty plan cell counts as "no plan", unless no ended episode has the column filled in at all.
    figures = _year_figures(dataset, association_id, year)
    ended = figures.ended.get(intervention_id, 0)
    if not figures.plan_filled.get(intervention_id, 0):
        return GoalMeasure(None, denominator=ended, n=ended, counts=(ended,))
    with_plan = figures.with_plan.get(intervention_id, 0)
    return GoalMeasure(
        _percent(with_plan, ended), numerator=with_plan, denominator=ended, n=ended, counts=(with_plan, ended),
    )


@goal_metric("trained_staff", unit="count", goal_sv=sv.METRIC_SENTENCES["trained_staff"].goal,
             figures_sv=sv.METRIC_SENTENCES["trained_staff"].figures)
def _trained_staff(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    # Attendees are members' staff, not participants: nothing here needs privacy suppression (counts = ()).
    training = dataset.rows("training", association_id)
    if training is None:
        return GoalMeasure(None)
    rows = training.loc[(pd.to_datetime(training["date"]).dt.year == year).fillna(False).astype(bool)]
    if rows.empty:
        return GoalMeasure(None)
    groups = params.get("groups")
    if groups:
        rows = rows.loc[rows["attendee_group"].isin(groups).fillna(False).astype(bool)]
    attendees = int(rows["attendees"].sum(skipna=True))
    return GoalMeasure(float(attendees), numerator=attendees, n=len(rows))


def _answers(dataset, association_id, year, intervention_id, params):
    return answers_in_year(
        dataset.rows("survey_responses", association_id), year,
        groups=params.get("groups") or None, items=params.get("items") or None, intervention_id=intervention_id,
    )


@goal_metric("indicator_mean", unit="mean", decimals=1, goal_sv=sv.METRIC_SENTENCES["indicator_mean"].goal,
             figures_sv=sv.METRIC_SENTENCES["indicator_mean"].figures)
def _indicator_mean(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    stats = answer_stats(_answers(dataset, association_id, year, intervention_id, params), dataset.settings.scale)
    return GoalMeasure(stats["mean"], n=stats["n"], counts=(stats["n"],))


@goal_metric("indicator_positive_share", unit="percent",
             goal_sv=sv.METRIC_SENTENCES["indicator_positive_share"].goal,
             figures_sv=sv.METRIC_SENTENCES["indicator_positive_share"].figures)
def _indicator_positive_share(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    threshold = params.get("threshold")
    stats = answer_stats(
        _answers(dataset, association_id, year, intervention_id, params), dataset.settings.scale,
        threshold=float(threshold[0].replace(",", ".")) if threshold else None,
    )
    return GoalMeasure(
        _percent(stats["positive"], stats["n"]), numerator=stats["positive"], denominator=stats["n"],
        n=stats["n"], counts=(stats["positive"], stats["n"]),
    )


def _result_forecast(fc: Forecast) -> GoalMeasure:
    return GoalMeasure(fc.result, amounts={"income": fc.income, "costs": fc.costs})


@goal_metric("result", unit="sek", goal_sv=sv.METRIC_SENTENCES["result"].goal,
             figures_sv=sv.METRIC_SENTENCES["result"].figures, forecast=_result_forecast,
             forecast_sv=sv.METRIC_SENTENCES["result"].forecast, so_far_sv=sv.METRIC_SENTENCES["result"].so_far)
def _result(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    figures = actual_figures(dataset.rows("ledger", association_id), year)
    return GoalMeasure(figures["result"], amounts={"income": figures["income"], "costs": figures["costs"]})


def _admin_share_forecast(fc: Forecast) -> GoalMeasure:
    share = fc.admin_share
    return GoalMeasure(100 * share if share is not None else None,
                       amounts={"administration_costs": fc.administration_costs, "costs": fc.costs})


@goal_metric("admin_share", unit="percent", decimals=1, goal_sv=sv.METRIC_SENTENCES["admin_share"].goal,
             figures_sv=sv.METRIC_SENTENCES["admin_share"].figures, forecast=_admin_share_forecast,
             forecast_sv=sv.METRIC_SENTENCES["admin_share"].forecast,
             so_far_sv=sv.METRIC_SENTENCES["admin_share"].so_far)
def _admin_share(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    figures = actual_figures(dataset.rows("ledger", association_id), year)
    share = figures["admin_share"]
    return GoalMeasure(
        100 * share if share is not None else None,
        amounts={"administration_costs": figures["administration_costs"], "costs": figures["costs"]},
    )


def _equity_share_forecast(fc: Forecast) -> GoalMeasure:
    return GoalMeasure(_percent(fc.equity_closing, fc.contributions),
                       amounts={"equity_closing": fc.equity_closing, "contributions": fc.contributions})


@goal_metric("equity_share", unit="percent", decimals=1, goal_sv=sv.METRIC_SENTENCES["equity_share"].goal,
             figures_sv=sv.METRIC_SENTENCES["equity_share"].figures, forecast=_equity_share_forecast,
             forecast_sv=sv.METRIC_SENTENCES["equity_share"].forecast,
             so_far_sv=sv.METRIC_SENTENCES["equity_share"].so_far)
def _equity_share(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    closing = economy(dataset, association_id, year)["equity_closing"]
    contributions = contributions_total(dataset.rows("contributions", association_id), year)
    if contributions is None:  # no decided contributions given: use the booked contribution income
        booked = actuals_by_category(dataset.rows("ledger", association_id), year)
        contributions = booked.get("contribution_income") if booked is not None else None
    return GoalMeasure(
        _percent(closing, contributions), amounts={"equity_closing": closing, "contributions": contributions}
    )


@goal_metric("manual", unit="number", goal_sv=sv.METRIC_SENTENCES["manual"].goal,
             figures_sv=sv.METRIC_SENTENCES["manual"].figures)
def _manual(dataset, association_id, year, intervention_id, params) -> GoalMeasure:
    # The outcome of a manual goal is typed into the goal row itself; evaluate_goal fills it in.
    return GoalMeasure(None)


#: The year-end money goals: judged on the forecast in a running year.
FORECAST_METRICS = frozenset(key for key, spec in GOAL_METRICS.items() if spec.forecast is not None)


# ----------------------------------------------------------------------------------------------------- evaluation

def goal_status(
    outcome: float | None, operator: str | None, target: float | None, *, tolerance: float = DEFAULT_TOLERANCE
) -> str:
    """``met`` / ``partly`` / ``not_met`` / ``no_data`` for ``outcome`` against ``operator target``.

    Partly means the goal is missed by at most ``tolerance × |target|`` (66.67 against ≥ 70 is partly, 28.57
    against ≥ 40 is not met; for ≤ goals the mirror image). A tiny epsilon absorbs floating-point noise so that
    exactly 90 % of a ≥ target counts as partly.
    """
    if outcome is None or target is None or operator not in (">=", "<="):
        return "no_data"
    miss = target - outcome if operator == ">=" else outcome - target
    epsilon = 1e-9 * max(1.0, abs(target))
    if miss <= epsilon:
        return "met"
    if miss <= tolerance * abs(target) + epsilon:
        return "partly"
    return "not_met"


@dataclass(frozen=True)
class GoalResult:
    """One evaluated goal (outcome and target in the metric's unit; percent for shares)."""

    goal_id: str
    intervention_id: str | None
    metric: str
    text: str
    operator: str | None
    target: float | None
    outcome: float | None
    status: str
    counts: tuple[int, ...]
    text_sv: str
    comment: str | None
    unit: str | None = None
    #: ``text_sv`` without figures, for when privacy suppression hides the outcome
    text_hidden_sv: str = ""
    measure: GoalMeasure = field(default_factory=lambda: GoalMeasure(None))
    #: The goal's parameters in canonical form ("reasons=work,studies"; Swedish labels replaced by keys), None when
    #: it has none or they are invalid. ``parse_params(result.params)`` gives them back as a dict.
    params: str | None = None
    #: ``text_sv`` without figures and without the status, for when the status itself would reveal a small count
    text_status_hidden_sv: str = ""
    #: the tolerance the status was judged with
    tolerance: float = DEFAULT_TOLERANCE
    #: what the outcome is: ``"actual"`` (the year's, or the year so far for a count), ``"so_far"`` (a year-end money
    #: goal in a running year without a forecast) or ``"forecast"`` (the year-end forecast)
    basis: str = "actual"
    #: the figures half of the sentence alone ("124 av 144 (86 %)"; '' without figures): shown after the goal's
    #: own text as its assessment (see :func:`finsamdash.wording.goals.goal_assessment`)
    figures_sv: str = ""

    def to_summary(self) -> dict[str, Any]:
        """The goal as in ``summary --json`` (plain Python values)."""
        return {
            "goal_id": self.goal_id,
            "outcome": self.outcome,
            "target": self.target,
            "operator": self.operator,
            "status": self.status,
            "text_sv": self.text_sv,
            "intervention_id": self.intervention_id,
            "metric": self.metric,
            "comment": self.comment,
            "text": self.text,
            "figures_sv": self.figures_sv,
            "basis": self.basis,
        }


def _clean(value: object) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if hasattr(value, "item"):  # NumPy scalar
        return value.item()
    return value


def _float(value: object) -> float | None:
    value = _clean(value)
    return float(value) if value is not None else None


_DESTINATIONS = ("work", "subsidised_work", "studies", "job_seeking", "further_rehab")


def _reasons_phrase(reasons: tuple[str, ...]) -> str:
    if set(reasons) == set(WORK_OR_STUDIES):
        return sv.REASONS_WORK_OR_STUDIES
    ordered = [r for r in REPORTED_EXIT_REASONS if r in reasons] + sorted(set(reasons) - set(REPORTED_EXIT_REASONS))
    labels = _join([label_sv("exit_reason", r) for r in ordered], sv.REASONS_JOIN)
    if all(r in _DESTINATIONS for r in reasons):
        return sv.REASONS_DESTINATIONS.format(labels)
    return sv.REASONS_EXIT.format(labels)


def _items_phrase(items: list[str]) -> str:
    if not items:
        return sv.ITEMS_ALL
    catalogue = [str(i) for i in core_indicators()["item"]]
    ordered = [i for i in catalogue if i in items] + sorted(set(items) - set(catalogue))
    if len(ordered) == 1:
        return sv.ITEMS_ONE.format(ordered[0])
    return sv.ITEMS_SOME.format(_join(ordered, sv.AND))


def _plain(value: float) -> str:
    """A target as typed: ``40 -> "40"``, ``4.5 -> "4,5"``."""
    return fmt_int(value) if float(value).is_integer() else fmt_number(value, 1 if round(value, 1) == value else 2)


def _fmt_value(value: float | None, unit: str, decimals: int, *, target: bool = False) -> str:
    if value is None:
        return "–"
    if unit == "percent":
        if target:
            return fmt_percent(value, is_fraction=False, decimals=0 if float(value).is_integer() else 1)
        return fmt_percent(value, is_fraction=False, decimals=decimals)
    if unit == "sek":
        return fmt_tkr(value)
    if unit == "mean":
        return _plain(value) if target else fmt_number(value, decimals)
    if unit == "number":
        return _plain(value)
    return _plain(value) if target else fmt_int(value)


def _shown_decimals(spec: GoalMetric, goal: Mapping[str, Any], outcome: float | None) -> int:
    """Decimals for the outcome in the sentence: the metric's own, or more when rounding would make a missed goal
    look met or the reverse (89,6 % against "minst 90 %" is shown as "89,6 %", not "90 %")."""
    decimals = spec.decimals
    operator, target = goal.get("operator"), goal.get("target")
    if spec.unit not in ("percent", "mean") or outcome is None or target is None:
        return decimals
    met = goal_status(outcome, operator, target, tolerance=0) == "met"
    while decimals < 3:
        shown = float(Decimal(repr(float(outcome))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
        if (goal_status(shown, operator, target, tolerance=0) == "met") == met:
            break
        decimals += 1
    return decimals


def sentence_context(
    spec: GoalMetric, goal: Mapping[str, Any], measure: GoalMeasure, params: Params, scale: tuple[int, int]
) -> dict[str, str]:
    """Placeholders for ``goal_sv``/``figures_sv``: op, target, outcome, numerator, denominator, n, text,
    metric_label, the_interventions, reasons, items, respondents, attendees, threshold, surplus ("ett överskott på
    505 tkr", for a money outcome) and every key of ``measure.amounts`` (formatted in tkr: sentences are read at a
    glance)."""
    groups = params.get("groups") or []
    threshold = params.get("threshold")
    context = {
        "op": _op_word(goal.get("operator")),
        "target": _fmt_value(goal.get("target"), spec.unit, spec.decimals, target=True),
        "outcome": _fmt_value(measure.outcome, spec.unit, _shown_decimals(spec, goal, measure.outcome)),
        "numerator": fmt_int(measure.numerator),
        "denominator": fmt_int(measure.denominator),
        "n": fmt_int(measure.n),
        "text": goal.get("text") or "",
        "metric_label": label_sv("metric", spec.key),
        "the_interventions": sv.THE_INTERVENTION if goal.get("intervention_id") else sv.THE_INTERVENTIONS,
        "reasons": _reasons_phrase(_reasons(params)),
        "items": _items_phrase(params.get("items") or []),
        "respondents": (
            sv.RESPONDENTS.format(_join([label_sv("respondent_group", g) for g in groups], sv.AND)) if groups else ""
        ),
        "attendees": (
            _join([sv.ATTENDEES_PLURAL.get(g, label_sv("attendee_group", g)) for g in groups], sv.AND)
            if groups else sv.ATTENDEES_ANY
        ),
        "threshold": sv.THRESHOLD.format(threshold[0], scale[0], scale[1]) if threshold else "",
    }
    if spec.unit == "sek" and measure.outcome is not None:
        context["surplus"] = result_sv(measure.outcome)
    context.update({key: fmt_tkr(value) for key, value in measure.amounts.items()})
    return context


def _sentence(template: str, context: Mapping[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: context.get(m.group(1), "–"), template)


def _with_comment(sentence: str, comment: str | None) -> str:
    if not comment:
        return sentence
    comment = comment.strip()
    return f"{sentence} {comment}" + ("" if comment.endswith((".", "!", "?")) else ".")


def _op_word(operator: object) -> str:
    return sv.OPERATOR_WORDS.get(str(operator or ""), str(operator or ""))


def _manual_sentence(
    subject: str, goal: Mapping[str, Any], measure: GoalMeasure, status: str, manual_status: str | None
) -> str:
    text = str(goal.get("text") or "").strip().rstrip(".")  # the sentence supplies its own full stop
    quoted = f"{subject} ”{text}”"
    outcome = sv.MANUAL_OUTCOME.format(_plain(measure.outcome)) if measure.outcome is not None else ""
    if manual_status in sv.MANUAL_STATUS_WORDS:
        sentence = sv.MANUAL_JUDGED.format(quoted, sv.MANUAL_STATUS_WORDS[manual_status], outcome)
    elif status == "no_data" and goal.get("metric") == "manual":  # a qualitative goal not judged yet
        sentence = sv.MANUAL_NOT_JUDGED.format(quoted, outcome)
    elif status == "no_data":
        sentence = sv.NO_DATA.format(quoted)
    else:
        sentence = sv.QUOTED_JUDGED.format(quoted, sv.STATUS_WORDS[status], _plain(measure.outcome),
                                           _op_word(goal.get("operator")), _plain(goal["target"]))
    return _with_comment(sentence, goal.get("comment"))


def goal_sentence(
    spec: GoalMetric | None,
    goal: Mapping[str, Any],
    measure: GoalMeasure,
    status: str,
    params: Params,
    *,
    scale: tuple[int, int] = DEFAULT_SCALE,
    intervention_name: str | None = None,
    manual_status: str | None = None,
    figures_hidden: bool = False,
    status_hidden: bool = False,
    preliminary: bool = False,
    basis: str = "actual",
) -> str:
    """The annual-report sentence for one goal, e.g. "Målet att minst 40 % av de avslutade deltagarna ska gå
    vidare till arbete eller studier uppnåddes inte: 14 av 49 (29 %)." ``spec`` None (unknown metric) and metric
    ``manual`` quote the goal's own text ("Målet ”…” bedömdes som uppnått.") followed by its comment.
    ``preliminary`` words the status as the outcome so far ("är hittills uppnått") for a year still running.
    ``figures_hidden`` replaces the figures by a note that they would reveal small counts (privacy suppression);
    ``status_hidden`` leaves out the status too (see :func:`finsamdash.privacy.goals.status_reveals`). ``basis``
    ``"forecast"`` judges a year-end money goal on the forecast ("bedöms uppnås: prognosen för helåret är …"),
    ``"so_far"`` speaks of its outcome so far."""
    subject = sv.SUBJECT_OF.format(intervention_name) if intervention_name else sv.SUBJECT
    if spec is None or spec.key == "manual":
        return _manual_sentence(subject, goal, measure, status, manual_status)
    context = sentence_context(spec, goal, measure, params, scale)
    intro = sv.GOAL_INTRO.format(subject, _sentence(spec.goal_sv, context))
    if status_hidden:
        return f"{intro}: {GOAL_STATUS_HIDDEN}."
    if status == "no_data":
        return sv.NO_DATA.format(intro)
    words = sv.STATUS_WORDS_SO_FAR if preliminary else sv.STATUS_WORDS
    figures = _figures_template(spec, basis)
    if basis == "forecast":
        words = sv.FORECAST_STATUS_WORDS
    elif basis == "so_far" and spec.so_far_sv:
        words = sv.STATUS_WORDS_SO_FAR
    if figures_hidden:
        return f"{intro} {words[status]}; {GOAL_FIGURES_HIDDEN}."
    return f"{intro} {words[status]}: {_sentence(figures, context)}."


def _figures_template(spec: GoalMetric, basis: str) -> str:
    """The figures half of a goal's sentence for the basis it is judged on (see :func:`goal_sentence`)."""
    if basis == "forecast":
        return spec.forecast_sv
    if basis == "so_far" and spec.so_far_sv:
        return spec.so_far_sv
    return spec.figures_sv


def goal_figures(spec: GoalMetric | None, goal: Mapping[str, Any], measure: GoalMeasure, params: Params, *,
                 scale: tuple[int, int] = DEFAULT_SCALE, basis: str = "actual") -> str:
    """The figures of a goal's sentence alone, e.g. "124 av 144 (86 %)" ('' for an unknown or ``manual`` metric and
    when nothing could be measured); a forecast or a running year's money goal uses its own figures template."""
    if spec is None or spec.key == "manual" or measure.outcome is None:
        return ""
    return _sentence(_figures_template(spec, basis), sentence_context(spec, goal, measure, params, scale))


def _intervention_name(dataset: Dataset, association_id: str, intervention_id: str | None) -> str | None:
    if intervention_id is None:
        return None
    interventions = dataset.rows("interventions", association_id)
    if interventions is not None:
        names = interventions.loc[
            (interventions["intervention_id"] == intervention_id).fillna(False).astype(bool), "name"
        ].dropna()
        if not names.empty:
            return str(names.iloc[0])
    return intervention_id


def evaluate_goal(
    dataset: Dataset,
    association_id: str,
    year: int,
    goal: Mapping[str, Any],
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    preliminary: bool = False,
    forecast: Forecast | None = None,
    texts: bool = True,
) -> GoalResult:
    """Evaluate one goal row (a mapping with the columns of the ``goals`` table) for ``year``.

    A goal whose metric is unknown, whose parameters are wrong or whose metric cannot be scoped to an
    intervention gets status ``no_data`` (the validator reports the reason). ``forecast`` (the year's) is what a
    year-end money goal is judged on: the forecast in a running year, the actuals in a closed one. ``texts=False``
    leaves the Swedish sentences and figures empty (the disclosure audit reads only the counts and the status).
    """
    row = {key: _clean(value) for key, value in goal.items()}
    metric = str(row.get("metric") or "")
    intervention_id = row.get("intervention_id")
    intervention_id = str(intervention_id) if intervention_id is not None else None
    target = _float(row.get("target"))
    operator = row.get("operator")
    row["target"] = target
    spec = GOAL_METRICS.get(metric)
    try:
        params = normalise_params(metric, parse_params(row.get("params")))
        problems = validate_goal_params(
            metric, params, intervention_id=intervention_id, scale=dataset.settings.scale,
            signature=MetricSignature(spec.params, spec.scopes, spec.group_category) if spec is not None else None,
        )
    except ValueError as exc:
        params, problems = {}, [str(exc)]

    manual_status = None
    basis = "actual"
    if problems or spec is None:
        measure = GoalMeasure(None)
        params = {}
    elif metric == "manual":
        measure = GoalMeasure(_float(row.get("manual_outcome")))
        manual_status = row.get("manual_status")
    elif spec.forecast is not None and forecast is not None and forecast.year == year:
        measure = spec.forecast(forecast)
        basis = "actual" if forecast.closed else "forecast"
    else:
        measure = spec.measure(dataset, association_id, year, intervention_id, params)
        basis = "so_far" if preliminary and spec.so_far_sv else "actual"

    status = goal_status(measure.outcome, operator, target, tolerance=tolerance)
    if manual_status in sv.MANUAL_STATUS_WORDS:
        status = manual_status
    sentence = partial(
        goal_sentence, spec, row, measure, status, params, scale=dataset.settings.scale,
        intervention_name=_intervention_name(dataset, association_id, intervention_id), manual_status=manual_status,
        preliminary=preliminary, basis=basis,
    ) if texts else (lambda **_kwargs: "")
    return GoalResult(
        goal_id=str(row.get("goal_id") or ""),
        intervention_id=intervention_id,
        metric=metric,
        text=str(row.get("text") or ""),
        operator=operator,
        target=target,
        outcome=measure.outcome,
        status=status,
        counts=tuple(int(c) for c in measure.counts),
        text_sv=sentence(),
        text_hidden_sv=sentence(figures_hidden=True),
        text_status_hidden_sv=sentence(status_hidden=True),
        figures_sv=goal_figures(spec, row, measure, params, scale=dataset.settings.scale, basis=basis) if texts else "",
        tolerance=tolerance,
        comment=row.get("comment"),
        unit=spec.unit if spec is not None else None,
        measure=measure,
        params=canonical_params(params),
        basis=basis,
    )


def evaluate_goals(
    dataset: Dataset, association_id: str, year: int, *, tolerance: float = DEFAULT_TOLERANCE,
    preliminary: bool = False, forecast: Forecast | None = None,
) -> list[GoalResult]:
    """Every goal of ``association_id`` for ``year``, in the order of the goals table ([] without goals).

    ``preliminary``: the year is still running, so sentences speak of the outcome so far; ``forecast``: the year's
    forecast, on which year-end money goals are judged (see :func:`evaluate_goal`)."""
    dataset.require_association(association_id)
    goals = dataset.rows("goals", association_id)
    if goals is None:
        return []
    rows = goals.loc[(goals["year"] == year).fillna(False).astype(bool)]
    return [
        evaluate_goal(dataset, association_id, year, row.to_dict(), tolerance=tolerance, preliminary=preliminary,
                      forecast=forecast)
        for _, row in rows.iterrows()
    ]
