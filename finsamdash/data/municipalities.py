"""Sweden's 290 municipalities: recognising them however a director types them, and suggesting the closest one.

The official list (code, name, organisation, county) is package data: ``municipalities.csv`` beside this module
(SCB's municipality codes, CC0; its header says where it comes from). :func:`find_municipality` accepts the name
("Hallsberg", "hallsberg"), the organisation ("Hallsbergs kommun", "Stockholms stad", "Falu kommun", "Region
Gotland") and the four-digit code ("1861"; "180" too, as Excel drops the leading zero of 0180), ignoring case,
accents on other letters than å, ä and ö, hyphens and surrounding space. :func:`closest_municipality` names the
municipality a misspelling most likely means ("Hallsbegr" -> Hallsberg), preferring the association's own members.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from finsamdash.contract import normalise_name

__all__ = [
    "Municipality",
    "closest_municipality",
    "find_municipality",
    "municipalities",
]

#: Words around a municipality's name that say "the municipality" ("Kumla kommun", "Göteborgs stad").
_SUFFIXES = ("kommun", "kommune", "stad", "kommuns")
_PREFIXES = ("region",)
#: Similarity (difflib ratio of the folded names) from which a misspelling is taken to mean a municipality.
_CLOSE = 0.75
_CLOSE_MEMBER = 0.6  # lower for the association's own member municipalities: they are the likely ones


@dataclass(frozen=True)
class Municipality:
    """One municipality: ``code`` "1861", ``name`` "Hallsberg", ``organisation`` "Hallsbergs kommun", ``county``
    "Örebro län"."""

    code: str
    name: str
    organisation: str
    county: str


@cache
def municipalities() -> tuple[Municipality, ...]:
    """All 290 municipalities in code order."""
    with resources.files("finsamdash.data").joinpath("municipalities.csv").open(encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str, comment="#", keep_default_na=False)
    return tuple(Municipality(*row) for row in frame[["code", "name", "organisation", "county"]].itertuples(
        index=False, name=None))


def _fold(text: object) -> str:
    return normalise_name(text)


def _base(folded: str) -> str:
    """A folded name without the words that say "municipality": "hallsbergs kommun" -> "hallsbergs"."""
    words = folded.split()
    if len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    if len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]
    return " ".join(words)


@cache
def _lookup() -> dict[str, Municipality]:
    """Folded name, organisation, organisation without "kommun" and genitive form -> municipality."""
    out: dict[str, Municipality] = {}
    for m in municipalities():
        name = _fold(m.name)
        for alias in (name, _fold(m.organisation), _base(_fold(m.organisation)), name + "s"):
            out.setdefault(alias, m)
    for m in municipalities():  # a real name always wins over another's genitive form ("Borås" is not "Borå"+s)
        out[_fold(m.name)] = m
    return out


@cache
def _by_code() -> dict[str, Municipality]:
    return {m.code: m for m in municipalities()}


def find_municipality(text: object) -> Municipality | None:
    """The municipality ``text`` names (name, organisation or code, in any case), or None."""
    raw = str(text).strip()
    if re.fullmatch(r"\d{3,4}", raw):
        return _by_code().get(raw.zfill(4))
    folded = _fold(raw)
    if not folded:
        return None
    lookup = _lookup()
    found = lookup.get(folded) or lookup.get(_base(folded))
    if found is None and _base(folded).endswith("s"):
        found = lookup.get(_base(folded)[:-1])
    return found


def closest_municipality(text: object, preferred: Iterable[str] = ()) -> Municipality | None:
    """The municipality a misspelt ``text`` most likely means, or None when nothing is close.

    ``preferred`` (municipality names, e.g. the association's members) are tried first with a lower threshold.
    """
    folded = _fold(text)
    if not folded:
        return None
    targets = dict.fromkeys((_base(folded), folded))  # "hallsbegrs kommun" -> "hallsbegrs", and as written
    names = {_fold(m.name): m for m in municipalities()}
    candidates = {**names, **{_fold(m.organisation): m for m in municipalities()}}
    wanted = {names[_fold(name)] for name in preferred if _fold(name) in names}
    members = {key: m for key, m in candidates.items() if m in wanted}
    for pool, cutoff in ((members, _CLOSE_MEMBER), (candidates, _CLOSE)):
        scored = [(difflib.SequenceMatcher(None, target, key).ratio(), key) for target in targets for key in pool]
        best = max(scored, default=(0.0, ""))
        if best[0] >= cutoff:
            return pool[best[1]]
    return None
