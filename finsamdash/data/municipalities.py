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
from functools import cache, lru_cache
from importlib import resources

import pandas as pd

from finsamdash.data.contract import normalise_name

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


@cache
def _candidates() -> dict[str, Municipality]:
    """Folded name and folded organisation -> municipality: what a misspelling is compared with."""
    return {**{_fold(m.organisation): m for m in municipalities()}, **{_fold(m.name): m for m in municipalities()}}


def _best(targets: Iterable[str], pool: dict[str, Municipality], cutoff: float) -> tuple[float, str | None]:
    """The key of ``pool`` most similar to any of ``targets`` (difflib's ratio, at least ``cutoff``), as
    ``difflib.get_close_matches`` finds it: the cheap upper bounds first, the full ratio only when they pass."""
    best, found = cutoff, None
    matcher = difflib.SequenceMatcher()
    for target in targets:
        matcher.set_seq2(target)
        for key in pool:
            matcher.set_seq1(key)
            if matcher.real_quick_ratio() >= best and matcher.quick_ratio() >= best:
                ratio = matcher.ratio()
                if ratio > best or (ratio == best and found is None):
                    best, found = ratio, key
    return best, found


def closest_municipality(text: object, preferred: Iterable[str] = ()) -> Municipality | None:
    """The municipality a misspelt ``text`` most likely means, or None when nothing is close.

    ``preferred`` (municipality names, e.g. the association's members) are tried first with a lower threshold.
    """
    return _closest(_fold(text), tuple(sorted(set(preferred))))


@lru_cache(maxsize=4096)
def _closest(folded: str, preferred: tuple[str, ...]) -> Municipality | None:
    if not folded:
        return None
    targets = tuple(dict.fromkeys((_base(folded), folded)))  # "hallsbegrs kommun" -> "hallsbegrs", and as written
    candidates = _candidates()
    wanted = {m for name in preferred if (m := find_municipality(name)) is not None}
    members = {key: m for key, m in candidates.items() if m in wanted}
    for pool, cutoff in ((members, _CLOSE_MEMBER), (candidates, _CLOSE)):
        _ratio, key = _best(targets, pool, cutoff)
        if key is not None:
            return pool[key]
    return None
