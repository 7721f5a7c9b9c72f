"""What the director reads when a goal's metric, parameters or scope do not fit (:mod:`finsamdash.data.goal_params`):
one whole sentence per problem, naming parameters and values in Swedish."""

from __future__ import annotations

from collections.abc import Sequence


def unknown_metric(metric: str, known: Sequence[str]) -> str:
    return f"Okänt mått ”{metric}”. Tillåtna mått: {', '.join(known)}."


def metric_for_whole_association(label: str) -> str:
    return f"Måttet ”{label}” gäller hela förbundet och kan inte användas för en enskild insats; lämna Insats-id tomt."


def parameter_not_taken(name: str, label: str, allowed: Sequence[str]) -> str:
    allowed_text = ", ".join(allowed) if allowed else "inga"
    return f"Parametern ”{name}” kan inte användas med måttet ”{label}” (tillåtna parametrar: {allowed_text})."


def parameter_without_value(name: str) -> str:
    return f"Parametern ”{name}” saknar värde."


def unknown_exit_reason(values: str, name: str, allowed: str) -> str:
    """``values``: the unknown values, quoted; ``allowed``: the labels allowed, listed."""
    return f"Okänd avslutsorsak {values} i {name}. Tillåtna: {allowed}."


def unknown_item(values: str, name: str, items: Sequence[str]) -> str:
    return (f"Okänd mätpunkt {values} i {name} (eller en som inte mäts med enkät). "
            f"Mätpunkterna är {', '.join(items)}.")


def unknown_group(values: str, name: str, allowed: str, *, attendees: bool) -> str:
    """A group of training attendees (``attendees``) or of survey respondents."""
    what = "deltagargrupp" if attendees else "svarandegrupp"
    return f"Okänd {what} {values} i {name}. Tillåtna: {allowed}."


def threshold_not_one_value(name: str) -> str:
    return f"Parametern ”{name}” ska ha exakt ett värde."


def threshold_not_a_number(name: str, value: str) -> str:
    return f"Parametern ”{name}”: ”{value}” är inte ett tal."


def threshold_off_scale(name: str, value: str, scale: tuple[int, int]) -> str:
    return f"Parametern ”{name}”: {value} ligger utanför skalan {scale[0]}–{scale[1]}."
