"""Goal parameters as directors write them: declarations, parsing, checking and the Swedish form.

A goal's ``params`` cell narrows its metric, e.g. which exit reasons count. Directors write it in Swedish
(``orsaker=arbete, subventionerad anställning, studier``, ``grupper=handläggare, chefer``, ``frågor=1a,1b``); the
English forms (``reasons=work,subsidised_work,studies``) are accepted too. Parameters are separated by ``;`` or a
line break, values by ``,``; ``namn: värden`` works as well as ``namn=värden``. The parameters' names
(:data:`GOAL_PARAMS`) are the data contract's (:mod:`finsamdash.data.contract`); the problems' sentences are in
:mod:`finsamdash.wording.goal_params`.

Which parameters a metric takes and whether it can be set for one intervention is declared here
(:data:`METRIC_SIGNATURES`), on the input side, so that validation needs nothing from the metrics; the metric
functions themselves are registered in :mod:`finsamdash.metrics.goals` (a test keeps the two in step).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from finsamdash.data.contract import (
    CATEGORIES,
    DEFAULT_SCALE,
    GOAL_PARAMS,
    REPORTED_EXIT_REASONS,
    GoalParam,
    category_lookup,
    label_sv,
    normalise_name,
    survey_items,
)
from finsamdash.wording import goal_params as say
from finsamdash.wording.formatting import is_missing

__all__ = [
    "GOAL_PARAMS",
    "METRIC_SIGNATURES",
    "SCOPES",
    "GoalParam",
    "MetricSignature",
    "Params",
    "canonical_params",
    "format_params_sv",
    "normalise_params",
    "parse_params",
    "validate_goal_params",
]

Params = dict[str, list[str]]
SCOPES = ("association", "intervention")


@dataclass(frozen=True)
class MetricSignature:
    """What a goal metric accepts: its parameters (keys of :data:`GOAL_PARAMS`), its scopes (the whole association,
    one intervention), the category set of its ``groups`` parameter and whether its target is a share in percent
    (30 = 30 %)."""

    params: tuple[str, ...] = ()
    scopes: tuple[str, ...] = SCOPES
    group_category: str = "respondent_group"
    target_in_percent: bool = False


#: Every goal metric of ``contract.CATEGORIES["metric"]`` with what it accepts.
METRIC_SIGNATURES: dict[str, MetricSignature] = {
    "participants": MetricSignature(),
    "participants_started": MetricSignature(),
    "exit_share": MetricSignature(("reasons",), target_in_percent=True),
    "exit_count": MetricSignature(("reasons",)),
    "plan_share": MetricSignature(target_in_percent=True),
    "trained_staff": MetricSignature(("groups",), ("association",), "attendee_group"),
    "indicator_mean": MetricSignature(("items", "groups")),
    "indicator_positive_share": MetricSignature(("items", "groups", "threshold"), target_in_percent=True),
    "result": MetricSignature(scopes=("association",)),
    "admin_share": MetricSignature(scopes=("association",), target_in_percent=True),
    "equity_share": MetricSignature(scopes=("association",), target_in_percent=True),
    "manual": MetricSignature(),
}


def _signature(metric: str) -> MetricSignature | None:
    """The declared signature of ``metric``; the default one for a catalogue metric not declared; None if unknown."""
    if metric in METRIC_SIGNATURES:
        return METRIC_SIGNATURES[metric]
    return MetricSignature() if metric in {c.key for c in CATEGORIES["metric"]} else None


def _key_lookup() -> dict[str, str]:
    out: dict[str, str] = {}
    for param in GOAL_PARAMS.values():
        for name in (param.key, param.name_sv, *param.aliases):
            out[normalise_name(name)] = param.key
    return out


_KEYS = _key_lookup()


def _name(key: str) -> str:
    """The Swedish name of a parameter key (the key itself when unknown)."""
    param = GOAL_PARAMS.get(key)
    return param.name_sv if param is not None else key


def parse_params(text: object) -> Params:
    """Parse ``"orsaker=arbete, studier; grupper=styrelse"`` into ``{"reasons": ["arbete", "studier"], "groups":
    ["styrelse"]}``: keys (Swedish or English) become the canonical English key, values are stripped and kept as
    written (see :func:`normalise_params`).

    Empty text gives ``{}``; an empty value list is kept (``"orsaker="`` -> ``{"reasons": []}``) so that the
    validator can report it; an unknown key is kept lower-cased. Raises ``ValueError`` (Swedish message) for a part
    without ``=`` (or ``:``), an empty name or a parameter given twice.
    """
    if is_missing(text) or not str(text).strip():
        return {}
    out: Params = {}
    for part in re.split(r"[;\n\r]+", str(text)):
        part = part.strip()
        if not part:
            continue
        separator = "=" if "=" in part else ":" if ":" in part else None
        if separator is None:
            raise ValueError(f"Parametern ”{part}” saknar ”=”; skriv namn=värden, t.ex. orsaker=arbete, studier.")
        name, _, values = part.partition(separator)
        folded = normalise_name(name)
        if not folded:
            raise ValueError(f"Parametern ”{part}” saknar namn före ”{separator}”.")
        key = _KEYS.get(folded, folded)
        if key in out:
            raise ValueError(f"Parametern ”{_name(key)}” anges mer än en gång.")
        out[key] = [v.strip() for v in values.split(",") if v.strip()]
    return out


def _canonical(category: str, value: str) -> str:
    return category_lookup(category).get(normalise_name(value), value)


def normalise_params(metric: str, params: Mapping[str, list[str]]) -> Params:
    """``params`` with Swedish labels of exit reasons and groups replaced by their keys and items lower-cased."""
    signature = _signature(metric) or MetricSignature()
    out: Params = {}
    for key, values in params.items():
        if key == "reasons":
            out[key] = [_canonical("exit_reason", v) for v in values]
        elif key == "groups":
            out[key] = [_canonical(signature.group_category, v) for v in values]
        elif key == "items":
            out[key] = [v.strip().lower() for v in values]
        else:
            out[key] = list(values)
    return out


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"”{v}”" for v in values)


def _labels(category: str, keys: Iterable[str]) -> str:
    return ", ".join(label_sv(category, k) for k in keys)


def validate_goal_params(
    metric: str,
    params: Mapping[str, list[str]],
    *,
    scoped: bool = False,
    intervention_id: str | None = None,
    scale: tuple[int, int] = DEFAULT_SCALE,
    signature: MetricSignature | None = None,
) -> list[str]:
    """Problems (Swedish sentences, naming parameters and values in Swedish) with a goal's metric, parameters and
    scope; empty when all is well.

    ``params`` as :func:`parse_params` gives them. ``scoped`` (or a non-None ``intervention_id``) says the goal is
    set for one intervention. Reports an unknown metric, a parameter the metric does not take, an empty parameter,
    an unknown exit reason, item, respondent group or attendee group, a threshold that is not one number on the
    scale, and a metric that cannot be used for one intervention. Swedish labels are accepted wherever keys are.
    ``signature`` overrides :data:`METRIC_SIGNATURES` (for a metric registered elsewhere).
    """
    signature = signature or _signature(metric)
    if signature is None:
        return [say.unknown_metric(metric, [c.label_sv for c in CATEGORIES["metric"]])]
    label = label_sv("metric", metric)
    problems: list[str] = []
    if (scoped or intervention_id is not None) and "intervention" not in signature.scopes:
        problems.append(say.metric_for_whole_association(label))
    for key, values in normalise_params(metric, params).items():
        name = _name(key)
        if key not in signature.params:
            problems.append(say.parameter_not_taken(name, label, [_name(k) for k in signature.params]))
            continue
        if not values:
            problems.append(say.parameter_without_value(name))
            continue
        if key == "reasons":
            bad = [v for v in values if v not in REPORTED_EXIT_REASONS]
            if bad:
                allowed = _labels("exit_reason", REPORTED_EXIT_REASONS)
                problems.append(say.unknown_exit_reason(_quoted(bad), name, allowed))
        elif key == "items":
            known = list(survey_items())  # 11a comes from register data: no survey answers can exist for it
            bad = [v for v in values if v not in known]
            if bad:
                problems.append(say.unknown_item(_quoted(bad), name, known))
        elif key == "groups":
            known = [c.key for c in CATEGORIES[signature.group_category]]
            bad = [v for v in values if v not in known]
            if bad:
                problems.append(say.unknown_group(_quoted(bad), name, _labels(signature.group_category, known),
                                                  attendees=signature.group_category == "attendee_group"))
        elif key == "threshold":
            problems.extend(_threshold_problems(values, scale))
    return problems


def _threshold_problems(values: list[str], scale: tuple[int, int]) -> list[str]:
    name = _name("threshold")
    if len(values) != 1:
        return [say.threshold_not_one_value(name)]
    try:
        threshold = float(values[0].replace(",", "."))
    except ValueError:
        return [say.threshold_not_a_number(name, values[0])]
    if not scale[0] <= threshold <= scale[1]:
        return [say.threshold_off_scale(name, values[0], scale)]
    return []


def canonical_params(params: Mapping[str, list[str]]) -> str | None:
    """Normalised parameters as canonical text: ``{"reasons": ["work", "studies"]}`` -> ``"reasons=work,studies"``
    (None when there are none). :func:`parse_params` reads it back."""
    return ";".join(f"{key}={','.join(values)}" for key, values in params.items()) or None


def format_params_sv(metric: object, text: object) -> object:
    """The ``params`` cell as a director writes it: ``"reasons=work,studies"`` -> ``"orsaker=arbete, studier"``.

    Parameters that cannot be read, or that the metric does not take, are returned unchanged (the validator
    reports them); so is a cell without parameters.
    """
    try:
        params = normalise_params(str(metric), parse_params(text))
    except ValueError:
        return text
    signature = _signature(str(metric))
    if not params or signature is None or validate_goal_params(str(metric), params):
        return text
    parts = []
    for key, values in params.items():
        if key == "reasons":
            shown = [label_sv("exit_reason", v) for v in values]
        elif key == "groups":
            shown = [label_sv(signature.group_category, v) for v in values]
        else:  # items as written; a threshold keeps its decimal point (a comma would split it into two values)
            shown = list(values)
        parts.append(f"{_name(key)}={', '.join(shown)}")
    return "; ".join(parts)
