"""The names of what the participant pages publish: the "Urval" drop-down's choices (the association, an
intervention, a municipality, a gender) and the groups the disclosure control forms by merging small ones
("övriga insatser", "under 25 år", "gymnasium eller eftergymnasial")."""

from __future__ import annotations

#: The whole association, the drop-down's first choice.
WHOLE_ASSOCIATION = "Hela förbundet"
#: Before an intervention's and a municipality's name in the drop-down.
INTERVENTION_CHOICE = "Insats: "
MUNICIPALITY_CHOICE = "Kommun: "
#: The genders as the pages count them ("190 kvinnor").
GENDER_LABELS = {"woman": "kvinnor", "man": "män", "other_unknown": "annat/okänt"}
#: The merged rest of small interventions, municipalities, exit reasons and support groups.
OTHER_INTERVENTIONS = "övriga insatser"
OTHER_MUNICIPALITIES = "övriga kommuner"
OTHER_EXITS = "övriga avslut"
OTHER_SUPPORT = "övrigt"
#: The units of merged age, support-year and duration groups.
YEARS = "år"
MONTHS = "månader"
#: Between the categories of a merged group ("gymnasium eller eftergymnasial").
OR = " eller "


def gender_choice(label: str) -> str:
    """"Kön: kvinnor"."""
    return f"Kön: {label}"


def below(upper: str, unit: str) -> str:
    """A merged group from the lowest: "under 25 år"."""
    return f"under {upper} {unit}"


def or_more(lower: str, unit: str) -> str:
    """A merged group to the highest: "55 år eller mer"."""
    return f"{lower} {unit} eller mer"
