"""A deterministic synthetic demo dataset: fictional samordningsförbund that look real to a board member.

:func:`generate_demo` returns every contract table as a typed frame (canonical English columns and category keys,
the dtypes of :mod:`finsamdash.data.dataset`); :func:`write_demo` writes them as CSV files (and, optionally, the Excel
workbook of :mod:`finsamdash.data.template`).

Determinism: every association draws from its own ``numpy.random.default_rng([seed, index])``; nothing reads global
random state or the clock (except ``write_demo(as_of=None)``, which means today by the build clock,
:mod:`finsamdash.pack.clock`). The same ``seed``, ``as_of``,
``years`` and association index always give the same rows, and adding associations does not change the earlier
ones.

What the data looks like (figures per association and year, see the domain README):

* 5–10 insatser (individual, structural, competence, preventive), two individual ones running throughout, the
  others projects of 2–4 years (some ended in earlier years, some started later);
* 150–400 participation episodes counting in each full year, 8–10 % anonymous, ~0.5 % registration errors,
  about a third of ended identified episodes to work or studies (varying between insatser and years);
* contributions of 4–8 MSEK split 50/25/25, paid in advance: every member pays the whole year in January (booked
  in the ledger on its paid date), a budget that adds up (periodised by month except the oldest one or two years),
  a monthly ledger with deviations and corrections, closed at the last month end before ``as_of`` (as a ledger is
  at a board meeting: the current month is not booked yet), opening equity consistent with the ledger's results;
* the verksamhetsplan's goals (ids ``G1`` … ``G12`` stable across years), core-indicator survey answers per
  half-year and competence development events.

Nothing is dated after ``as_of`` (no booking after the last month end before it): later episodes, bookings, events
and survey periods are not generated, episodes
and insatser still running at ``as_of`` have no end date. ``org_number`` is left empty on purpose: a made-up
organisation number could belong to a real body. The associations are fictional, but their member municipalities,
counties and regions are real (from :mod:`finsamdash.data.municipalities`), so that the data validates as a real
association's would; the generated associations (``forbund_004`` …) take the municipalities in code order after
the fixed ones', from the beginning again when all are taken.

Volumes: ``volume="demo"`` (the default, and the shipped ``data/demo``) gives the figures above, with a full
core-indicator survey (≈ 1 300 answers per association and year). ``volume="national"`` gives the row volumes of the
national-scale benchmark of the performance issue: ≈ 2.2 times the participation episodes (≈ 375 rows per
association and year) and ≈ 6 % of the questionnaires (at least one per participant group and half-year; ≈ 125
survey answers per association and year), the economy unchanged (≈ 130 ledger lines per association and year).
80 associations × 10 years then give ≈ 300 000 episodes, ≈ 100 000 survey answers and ≈ 100 000 ledger lines
(``finsamdash demo OUT --associations 80 --years 10 --volume national``). Both volumes are deterministic alike.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from finsamdash.data.contract import FUNDING_SPLIT, TABLES, WORK_OR_STUDIES, core_indicators, survey_items
from finsamdash.data.dataset import typed_table
from finsamdash.data.municipalities import find_municipality, municipalities

__all__ = ["VOLUMES", "generate_demo", "write_demo"]

_EPOCH = dt.date(1970, 1, 1)
_NAT = np.datetime64("NaT", "ns")
_MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
              "november", "december")


# ------------------------------------------------------------------------------------------------ small helpers

def _day(year: int, month: int = 1, day: int = 1) -> int:
    """Days since 1970-01-01 of a calendar date."""
    return (dt.date(year, month, day) - _EPOCH).days


def _years_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _months_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12 + 1


def _dates(days: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """``datetime64[ns]`` array of day numbers, NaT where ``valid`` is False."""
    out = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[ns]")
    if valid is not None:
        out[~np.asarray(valid, dtype=bool)] = _NAT
    return out


def _choice(rng: np.random.Generator, keys: Sequence[str], probs: Sequence[float], size: int) -> np.ndarray:
    p = np.asarray(probs, dtype=float)
    return np.asarray(keys, dtype=object)[rng.choice(len(keys), size=size, p=p / p.sum())]


def _choice_by(rng: np.random.Generator, groups: np.ndarray, table: dict, default: object = None) -> np.ndarray:
    """For each element of ``groups`` a draw from ``table[group] = (keys, probs)``; ``default`` elsewhere."""
    out = np.full(len(groups), default, dtype=object)
    for group, (keys, probs) in table.items():
        where = np.flatnonzero(groups == group)
        if len(where):
            out[where] = _choice(rng, keys, probs, len(where))
    return out


def _split_int(amount: int, weights: np.ndarray) -> np.ndarray:
    """Integer parts of ``amount`` proportional to ``weights`` (the rounding rest goes to the last non-zero part)."""
    w = np.asarray(weights, dtype=float)
    parts = np.floor(amount * w / w.sum()).astype(np.int64)
    parts[np.flatnonzero(w)[-1]] += amount - parts.sum()
    return parts


def _round(value: float, digits: int = -3) -> int:
    return int(round(value, digits))


def _kommun(name: str) -> str:
    """The municipality as an organisation: ``"Hallsberg"`` -> ``"Hallsbergs kommun"``, ``"Falun"`` ->
    ``"Falu kommun"``."""
    return find_municipality(name).organisation  # type: ignore[union-attr]


def _slug(name: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})
    words = "".join(c if c.isalnum() else " " for c in name.lower().translate(table)).split()
    return "_".join(words)


# ------------------------------------------------------------------------------------------------ associations

@dataclass(frozen=True)
class _Profile:
    association_id: str
    name: str
    county: str
    region: str
    municipalities: tuple[str, ...]  # kommun names without "kommun"
    population: tuple[float, ...]  # shares of the kommuner (contributions and participants)


_FIXED = (
    _Profile("norrsken", "Samordningsförbundet Norrsken", "Norrbottens län", "Region Norrbotten",
             ("Luleå", "Piteå", "Boden"), (0.48, 0.32, 0.20)),
    _Profile("sjobygden", "Samordningsförbundet Sjöbygden", "Västra Götalands län", "Västra Götalandsregionen",
             ("Lidköping", "Götene"), (0.62, 0.38)),
    _Profile("mellanmark", "Samordningsförbundet Mellanmark", "Dalarnas län", "Region Dalarna",
             ("Avesta", "Hedemora", "Säter"), (0.45, 0.35, 0.20)),
)
#: The region (regional council) of each county, by the county's code (the first two digits of a kommunkod).
_REGIONS = {
    "01": "Region Stockholm", "03": "Region Uppsala", "04": "Region Sörmland", "05": "Region Östergötland",
    "06": "Region Jönköpings län", "07": "Region Kronoberg", "08": "Region Kalmar län", "09": "Region Gotland",
    "10": "Region Blekinge", "12": "Region Skåne", "13": "Region Halland", "14": "Västra Götalandsregionen",
    "17": "Region Värmland", "18": "Region Örebro län", "19": "Region Västmanland", "20": "Region Dalarna",
    "21": "Region Gävleborg", "22": "Region Västernorrland", "23": "Region Jämtland Härjedalen",
    "24": "Region Västerbotten", "25": "Region Norrbotten",
}
_NAME_PREFIX = ("Gran", "Hed", "Ek", "Björk", "Ås", "Vass", "Bergs", "Skogs", "Ströms", "Havs", "Fjäll", "Sand",
                "Lind", "Myr", "Rön")
_NAME_SUFFIX = ("marken", "bygden", "dalen", "slätten", "kusten", "landet")
_NAME_SIDE = ("Norra", "Södra", "Västra", "Östra")
def _n_kommuner(k: int) -> int:
    return 2 + k % 3


@cache
def _kommun_names(count: int) -> tuple[str, ...]:
    """The first ``count`` municipalities of the generated associations: every real one not among the fixed
    associations' members, in code order, then from the beginning again."""
    taken = {m for p in _FIXED for m in p.municipalities}
    free = [m.name for m in municipalities() if m.name not in taken]
    return tuple(free[c % len(free)] for c in range(count))


def _profile(index: int) -> _Profile:
    """The fixed first three associations, then generated fictional ones (``forbund_004`` …)."""
    if index < len(_FIXED):
        return _FIXED[index]
    k = index - len(_FIXED)
    n_p, n_s = len(_NAME_PREFIX), len(_NAME_SUFFIX)
    core = _NAME_PREFIX[k % n_p] + _NAME_SUFFIX[(k // n_p + k % n_p) % n_s]
    rounds = k // (n_p * n_s)
    if rounds:
        core = f"{_NAME_SIDE[(rounds - 1) % 4]} {core}" + (f" {rounds // 4 + 1}" if rounds > 4 else "")
    first = sum(_n_kommuner(i) for i in range(k))
    kommuner = _kommun_names(first + _n_kommuner(k))[first:]
    weights = np.array([1.0 / (j + 1.3) for j in range(len(kommuner))])
    home = find_municipality(kommuner[0])  # the county and region of the first member
    return _Profile(f"forbund_{index + 1:03d}", f"Samordningsförbundet {core}", home.county,  # type: ignore[union-attr]
                    _REGIONS[home.code[:2]], kommuner,  # type: ignore[union-attr]
                    tuple(float(w) for w in weights / weights.sum()))


# ------------------------------------------------------------------------------------------------ interventions

# name -> flags ("youth": 18-29 year olds, "ips": supported employment with more exits to work)
_INDIVIDUAL = {
    "Steget vidare": "", "Porten": "", "Unga till arbete": "youth", "Vägen vidare": "", "Arbetsbron": "",
    "Mottagningsteamet": "", "Lotsen": "", "IPS – stöd till arbete": "ips", "Hållbar återgång": "",
    "Språnget": "", "Kompassen": "", "Nya vägar": "", "Ungdomslotsen": "youth", "Framtidsverkstan": "",
}
_OTHER = {
    "structural": ("Samverkansteamet", "Gemensam kartläggning", "Finsamforum", "Struktur för psykisk hälsa"),
    "competence": ("Kompetenslyftet", "Handledarlyftet", "Kunskapsforum samverkan"),
    "preventive": ("Skolbron", "Tidiga insatser för unga", "Hälsolyftet", "Föräldrakraft"),
}
_BUDGET_WEIGHT = {"structural": 0.45, "competence": 0.3, "preventive": 0.5}


@dataclass
class _Intervention:
    id: str
    name: str
    kind: str
    owner: str
    municipality: str | None
    start: int  # day number
    end: int | None  # day number of the last day, None = running at as_of
    youth: bool
    ips: bool
    weight: float  # share of the participant intake and of the budget
    exit_effect: float  # added to the share of exits to work or studies
    permanent: bool
    planned: int | None = None

    def running_months(self, year: int) -> np.ndarray:
        """Boolean (12,) whether the intervention runs in each month of ``year``."""
        firsts = np.array([_day(year, m, 1) for m in range(1, 13)])
        lasts = np.append(firsts[1:], _day(year + 1, 1, 1)) - 1
        return (self.start <= lasts) & ((self.end is None) | (firsts <= (self.end or 0)))


# ------------------------------------------------------------------------------------------------ participants

_REASON_REST = {"further_rehab": 0.40, "illness": 0.17, "dropped_out": 0.19, "moved": 0.07, "other": 0.17}
_WOS_SPLIT = {"": (0.30, 0.42, 0.28), "youth": (0.22, 0.30, 0.48), "ips": (0.45, 0.42, 0.13)}
_MEDIAN_DAYS = {"work": 270, "subsidised_work": 290, "studies": 230, "job_seeking": 250, "further_rehab": 230,
                "illness": 160, "dropped_out": 100, "moved": 130, "other": 180}
_SUPPORT_KEYS = ("social_assistance", "sickness_benefit", "rehabilitation_benefit", "activity_compensation",
                 "sickness_compensation", "unemployment_insurance", "activity_support", "establishment_benefit",
                 "study_aid", "salary", "none", "other", "unknown")
_SUPPORT_ADULT = (0.28, 0.17, 0.03, 0.06, 0.05, 0.06, 0.14, 0.05, 0.01, 0.03, 0.05, 0.03, 0.04)
_SUPPORT_YOUTH = (0.30, 0.03, 0.01, 0.18, 0.01, 0.02, 0.15, 0.05, 0.05, 0.02, 0.12, 0.03, 0.03)
_KEEP = "keep"  # support_after = support_before
_SUPPORT_AFTER = {
    "work": (("salary", "none", _KEEP), (0.90, 0.05, 0.05)),
    "subsidised_work": (("salary", _KEEP), (0.93, 0.07)),
    "studies": (("study_aid", _KEEP, "none"), (0.80, 0.15, 0.05)),
    "job_seeking": (("activity_support", "unemployment_insurance", "social_assistance", _KEEP),
                    (0.50, 0.08, 0.17, 0.25)),
    "further_rehab": ((_KEEP, "sickness_benefit", "social_assistance", "activity_compensation",
                       "rehabilitation_benefit", "unknown"), (0.60, 0.12, 0.12, 0.06, 0.05, 0.05)),
    "illness": (("sickness_benefit", "sickness_compensation", _KEEP, "unknown"), (0.45, 0.12, 0.38, 0.05)),
    "dropped_out": ((_KEEP, "social_assistance", "unknown"), (0.60, 0.15, 0.25)),
    "moved": (("unknown", _KEEP), (0.60, 0.40)),
    "other": ((_KEEP, "unknown", "none"), (0.50, 0.30, 0.20)),
}
_FOLLOWUP_KEYS = ("work", "subsidised_work", "studies", "job_seeking", "further_rehab", "illness", "other")
_FOLLOWUP = {
    "work": (0.72, 0.08, 0.04, 0.10, 0.02, 0.02, 0.02),
    "subsidised_work": (0.20, 0.55, 0.03, 0.14, 0.04, 0.02, 0.02),
    "studies": (0.15, 0.04, 0.58, 0.14, 0.04, 0.02, 0.03),
    "job_seeking": (0.12, 0.10, 0.06, 0.45, 0.15, 0.07, 0.05),
}
_FOLLOWUP_REST = (0.05, 0.06, 0.05, 0.20, 0.36, 0.18, 0.10)
_EDUCATION = (("compulsory_incomplete", "compulsory", "upper_secondary_incomplete", "upper_secondary",
               "post_secondary", "unknown"), (0.10, 0.22, 0.18, 0.32, 0.13, 0.05))
#: Expected episodes counting in a year per expected start in that year (1 + mean duration in years, roughly).
_COUNT_PER_START = 1.62


@dataclass(frozen=True)
class _Volume:
    """Row volume factors relative to the demo (1.0 draws exactly the demo's random numbers)."""

    episodes: float  # participation episodes (intake) per association and year
    survey: float  # questionnaires per respondent group and half-year


#: Named row volumes (see the module docstring): "demo" and the national-scale benchmark's "national".
VOLUMES = {"demo": _Volume(1.0, 1.0), "national": _Volume(2.23, 0.06)}


# ------------------------------------------------------------------------------------------------ training, goals

_TRAINING = (  # name, attendee group, attendees low, high
    ("Nätverksträff för handläggare", "caseworker", 15, 40),
    ("Utbildning i motiverande samtal (MI)", "caseworker", 15, 35),
    ("Introduktion till Finsam för nya handläggare", "caseworker", 10, 30),
    ("Seminarium om samordnad rehabilitering", "caseworker", 25, 60),
    ("Utbildning om neuropsykiatriska funktionsnedsättningar", "caseworker", 20, 60),
    ("Konferens: psykisk hälsa och arbete", "caseworker", 30, 60),
    ("Chefsdag om samverkan", "manager", 10, 30),
    ("Ledarforum: gemensamma rutiner", "manager", 10, 25),
    ("Workshop för beredningsgruppen", "manager", 10, 20),
    ("Styrelsedag om verksamhetsplanen", "board", 10, 16),
    ("Utbildning för insatspersonal om kärnindikatorerna", "staff", 10, 30),
    ("Frukostseminarium om IPS", "other", 20, 60),
    ("Temadag: unga utanför arbete och studier", "other", 25, 60),
)
_TRAINING_P = (0.13, 0.09, 0.08, 0.09, 0.07, 0.05, 0.09, 0.06, 0.06, 0.05, 0.08, 0.07, 0.08)

_MANUAL_COMMENTS = {
    "met": (
        "Beredningsgruppen har träffats regelbundet och parterna har tagit fram en gemensam kartläggning av "
        "insatserna.",
        "Samverkan har fördjupats: gemensamma rutiner för remisser är antagna av alla parter.",
        "Alla parter har deltagit i styrgrupperna och samverkansdagen samlade fler än tidigare år.",
    ),
    "partly": (
        "Samverkan har utvecklats i styrgrupperna men arbetet med gemensamma rutiner har försenats.",
        "Parterna deltar i beredningsgruppen, men närvaron från en av parterna har varit låg under hösten.",
    ),
    "not_met": (
        "Omorganisationer hos flera parter har gjort att samverkansforumen inte har kunnat genomföras som planerat.",
    ),
}

_GROUP_MU = {"participant_ongoing": 5.35, "participant_exit": 5.3, "staff": 5.05, "director": 5.1, "board": 4.8,
             "managers": 4.6, "referrer": 4.8}
_ITEM_MU = {"1a": 0.15, "1b": 0.1, "2a": -0.05, "5a": -0.1, "6a": -0.2, "6b": -0.35, "7a": -0.15, "9c": -0.5,
            "14a": -0.2, "15a": -0.4}


def _survey_groups() -> dict[str, list[str]]:
    """Respondent group -> items it answers, from the core indicator catalogue (register items excluded)."""
    cat = core_indicators()
    answered = set(survey_items())
    out: dict[str, list[str]] = {}
    for row in cat.itertuples(index=False):
        if row.item not in answered:
            continue
        when = str(row.when).split(";")
        for group in str(row.respondent_groups).split(";"):
            if group == "participant":
                targets = [f"participant_{w}" for w in ("ongoing", "exit") if w in when]
            else:
                targets = [group]
            for target in targets:
                out.setdefault(target, []).append(row.item)
    return out


# ------------------------------------------------------------------------------------------------ one association

class _Association:
    """Generates every table of one association from its own random generator."""

    def __init__(self, profile: _Profile, rng: np.random.Generator, as_of: dt.date, years: int,
                 volume: _Volume = VOLUMES["demo"]) -> None:
        self.p = profile
        self.volume = volume
        self.rng = rng
        self.as_of = as_of
        self.asof_day = (as_of - _EPOCH).days
        # the ledger is complete to the last month end on or before as_of (a meeting's books are closed monthly)
        month_end = (pd.Timestamp(as_of) + pd.offsets.MonthEnd(0)).date()
        self.books_day = self.asof_day if month_end == as_of else (as_of.replace(day=1) - _EPOCH).days - 1
        self.last_year = as_of.year
        self.first_year = as_of.year - years + 1
        self.years = list(range(self.first_year, self.last_year + 1))
        self.full_years = [y for y in self.years if _day(y + 1) - 1 <= self.asof_day]
        self.kommuner = [_kommun(m) for m in profile.municipalities]

    # -- orchestration
    def tables(self) -> dict[str, pd.DataFrame]:
        self._scale()
        self._interventions()
        participants = self._participants()
        training = self._training()
        contributions = self._contributions()
        budget, ledger, equity = self._economy()
        survey = self._survey()
        goals = self._goals()
        interventions = self._interventions_frame()
        associations = pd.DataFrame({
            "association_id": [self.p.association_id], "name": [self.p.name], "org_number": [None],
            "county": [self.p.county],
        })
        out = {
            "associations": associations, "contributions": contributions, "interventions": interventions,
            "participants": participants, "goals": goals, "survey_responses": survey, "budget": budget,
            "ledger": ledger, "equity": equity, "training": training,
        }
        for frame in out.values():
            if "association_id" not in frame:
                frame.insert(0, "association_id", self.p.association_id)
        return out

    def _scale(self) -> None:
        rng = self.rng
        self.size = rng.uniform(215, 300)  # participants counting per year, before the trend
        self.trend = rng.uniform(-0.02, 0.03)
        self.exit_base = rng.uniform(-0.025, 0.025)
        self.exit_trend = rng.uniform(-0.006, 0.01)
        self.contribution0 = rng.uniform(4.4e6, 6.2e6)

    # -- interventions
    def _interventions(self) -> None:
        rng, y0, y_last = self.rng, self.first_year, self.last_year
        n_total = int(rng.integers(5, 11))
        n_other = 2 if n_total < 7 else int(rng.integers(2, 4))
        n_ind = n_total - n_other
        names = list(_INDIVIDUAL)
        chosen = [names[i] for i in rng.choice(len(names), size=n_ind, replace=False)]
        # at most one youth intervention among the two permanent ones keeps the age mix realistic
        chosen.sort(key=lambda n: _INDIVIDUAL[n] == "youth")
        latest_start = self.asof_day - 90
        out: list[_Intervention] = []

        def window(permanent: bool, j: int, m: int, spread_from: int) -> tuple[int, int | None]:
            if permanent:
                start = _day(y0 - int(rng.integers(1, 6)), int(rng.choice([1, 1, 2, 8, 9])), 1)
                return start, None
            year = spread_from + int((j + rng.uniform(0.15, 0.85)) * (y_last - spread_from + 1) / max(m, 1))
            year = min(year, y_last)
            month = int(rng.choice([1, 1, 1, 3, 8, 9]))
            length = int(rng.choice([2, 3, 3, 4]))
            start = _day(year, month, 1)
            if start > latest_start:
                d = _EPOCH + dt.timedelta(days=latest_start)
                start = _day(d.year, d.month, 1)
            d = _EPOCH + dt.timedelta(days=start)
            end = _day(d.year + length, d.month, 1) - 1
            return start, (end if end < self.asof_day else None)

        n_projects = n_ind - 2
        for j, name in enumerate(chosen):
            flag = _INDIVIDUAL[name]
            permanent = j < 2
            start, end = window(permanent, j - 2, n_projects, y0 - 1)
            owner_pick = rng.random()
            if flag == "ips":
                owner, muni = self.p.region, None
            elif flag == "youth" or owner_pick < 0.55:
                k = int(rng.choice(len(self.p.municipalities), p=np.asarray(self.p.population)))
                owner, muni = self.kommuner[k], self.p.municipalities[k]
            elif owner_pick < 0.75:
                owner, muni = "Arbetsförmedlingen", None
            elif owner_pick < 0.9:
                owner, muni = self.p.region, None
            else:
                owner, muni = "Försäkringskassan", None
            weight = rng.uniform(1.2, 2.0) if permanent else rng.uniform(0.6, 1.3)
            effect = rng.normal(0, 0.035) + (0.06 if flag == "ips" else 0.0) + (0.04 if j == 1 else 0.0)
            out.append(_Intervention(_slug(name), name, "individual", owner, muni, start, end, flag == "youth",
                                     flag == "ips", weight * (0.7 if flag == "youth" else 1.0), effect, permanent))
        kinds = [str(k) for k in rng.choice(list(_OTHER), size=n_other, replace=False)]
        for j, kind in enumerate(kinds):
            name = str(rng.choice(_OTHER[kind]))
            if j == 0:
                start, end = _day(y0 - int(rng.integers(0, 4)), 1, 1), None
            else:
                start, end = window(False, 0, 1, int(rng.integers(y0, y_last + 1)))
            if kind == "preventive":
                k = int(rng.integers(len(self.p.municipalities)))
                owner, muni = self.kommuner[k], self.p.municipalities[k]
            elif kind == "structural" and rng.random() < 0.4:
                owner, muni = self.p.region, None
            else:
                owner, muni = self.p.name, None
            out.append(_Intervention(_slug(name), name, kind, owner, muni, start, end, False, False,
                                     _BUDGET_WEIGHT[kind] * rng.uniform(0.8, 1.2), 0.0, j == 0))
        self.ivs = out
        self.ind = [iv for iv in out if iv.kind == "individual"]

    def _interventions_frame(self) -> pd.DataFrame:
        ivs = self.ivs
        return pd.DataFrame({
            "intervention_id": [iv.id for iv in ivs],
            "name": [iv.name for iv in ivs],
            "kind": [iv.kind for iv in ivs],
            "owner": [iv.owner for iv in ivs],
            "municipality": [iv.municipality for iv in ivs],
            "start_date": _dates(np.array([iv.start for iv in ivs])),
            "end_date": _dates(np.array([iv.end or 0 for iv in ivs]), np.array([iv.end is not None for iv in ivs])),
            "planned_participants": pd.array([iv.planned for iv in ivs], dtype="Int64"),
        })

    # -- participants
    def _participants(self) -> pd.DataFrame:
        rng, ind = self.rng, self.ind
        first = _day(self.first_year - 3)
        days = np.arange(first, self.asof_day + 1)
        months = _months_of(days)
        years = _years_of(days)
        weekday = (days + 3) % 7  # 0 = Monday
        day_w = np.where(weekday >= 5, 0.04, 1.0) * np.select(
            [months == 7, months == 12, months == 8, months == 6], [0.3, 0.7, 0.8, 0.85], 1.0)
        # normalise per calendar year (a partial last year keeps the full-year normaliser)
        all_year_days = np.arange(first, _day(self.last_year + 1))
        aw = np.where((all_year_days + 3) % 7 >= 5, 0.04, 1.0) * np.select(
            [(m := _months_of(all_year_days)) == 7, m == 12, m == 8, m == 6], [0.3, 0.7, 0.8, 0.85], 1.0)
        norm = np.bincount(_years_of(all_year_days) - years[0], weights=aw)
        year_idx = years - years[0]
        level = np.exp(self.trend * (np.arange(len(norm)) + years[0] - (self.first_year + self.last_year) / 2)
                       + rng.normal(0, 0.05, len(norm)))
        annual = np.clip(self.size * level, 205, 330) / _COUNT_PER_START * self.volume.episodes
        accepting = np.array([(days >= iv.start) & ((iv.end is None) | (days <= (iv.end or 0) - 45)) for iv in ind]).T
        weights = accepting * np.array([iv.weight for iv in ind])
        total = weights.sum(axis=1, keepdims=True)
        share = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
        expected = share * (annual[year_idx] * day_w / norm[year_idx])[:, None]
        counts = rng.poisson(expected)
        d_idx, i_idx = np.nonzero(counts)
        reps = counts[d_idx, i_idx]
        start = np.repeat(days[d_idx], reps)
        iv_idx = np.repeat(i_idx, reps)
        n = len(start)

        youth = np.array([iv.youth for iv in ind])[iv_idx]
        flags = np.array(["youth" if iv.youth else "ips" if iv.ips else "" for iv in ind], dtype=object)[iv_idx]
        p_anon = rng.uniform(0.06, 0.12, len(ind))[iv_idx]
        anonymous = rng.random(n) < p_anon
        gender = _choice(rng, ("woman", "man", "other_unknown"), (0.55, 0.435, 0.015), n)
        start_year = _years_of(start)
        band = rng.choice(6, size=n, p=[0.15, 0.15, 0.25, 0.22, 0.17, 0.06])
        lo = np.array([18, 25, 30, 40, 50, 60])[band]
        hi = np.array([24, 29, 39, 49, 59, 64])[band]
        age = np.where(youth, 18 + np.minimum(rng.poisson(4.5, n), 11), rng.integers(lo, hi + 1))
        birth_year = start_year - age
        # municipality: kommun-owned interventions take most participants from their own kommun
        pop = np.asarray(self.p.population)
        muni_idx = rng.choice(len(pop), size=n, p=pop)
        own = np.array([self.p.municipalities.index(iv.municipality) if iv.municipality else -1 for iv in ind])
        own_e = own[iv_idx]
        local = (own_e >= 0) & (rng.random(n) < 0.7)
        muni_idx = np.where(local, own_e, muni_idx)
        municipality = np.asarray(self.p.municipalities, dtype=object)[muni_idx]
        education = _choice(rng, *_EDUCATION, n)
        years_support = np.round(np.minimum(rng.gamma(1.3, 2.6, n) * np.where(youth, 0.5, 1.0), 15) * 2) / 2
        support_before = np.where(youth, _choice(rng, _SUPPORT_KEYS, _SUPPORT_YOUTH, n),
                                  _choice(rng, _SUPPORT_KEYS, _SUPPORT_ADULT, n))

        # exit reason (drawn for everyone; only kept where the episode has ended)
        effect = np.array([iv.exit_effect for iv in ind])[iv_idx]
        year_shock = dict(zip(range(years[0], self.last_year + 1), rng.normal(0, 0.03, len(norm)), strict=True))
        shock = np.vectorize(year_shock.get, otypes=[float])(start_year) if n else np.zeros(0)
        mid = (self.first_year + self.last_year) / 2
        p_wos = 0.32 + self.exit_base + effect + self.exit_trend * (start_year - mid) + shock
        if n:  # keep the association's overall share near the national third
            p_wos += np.clip(p_wos.mean(), 0.3, 0.37) - p_wos.mean()
        p_wos = np.clip(p_wos, 0.12, 0.6)
        p_job = np.clip(0.25 + rng.normal(0, 0.03, len(ind))[iv_idx], 0.12, 0.35)
        u = rng.random(n)
        reason = np.empty(n, dtype=object)
        wos = u < p_wos
        job = ~wos & (u < p_wos + p_job)
        rest = ~wos & ~job
        for flag, split in _WOS_SPLIT.items():
            where = np.flatnonzero(wos & (flags == flag))
            reason[where] = _choice(rng, WORK_OR_STUDIES, split, len(where))
        reason[job] = "job_seeking"
        reason[rest] = _choice(rng, list(_REASON_REST), list(_REASON_REST.values()), int(rest.sum()))
        median = np.vectorize(_MEDIAN_DAYS.get, otypes=[float])(reason) if n else np.zeros(0)
        duration = np.clip(np.rint(median * np.exp(rng.normal(0, 0.55, n))), 14, 700).astype(np.int64)
        end = start + duration
        iv_end = np.array([iv.end if iv.end is not None else 10**7 for iv in ind])[iv_idx]
        truncated = end > iv_end
        end = np.minimum(end, iv_end)
        reason[truncated] = _choice(rng, ("further_rehab", "job_seeking", "subsidised_work", "studies", "work"),
                                    (0.45, 0.30, 0.10, 0.08, 0.07), int(truncated.sum()))
        # a few registration errors: ended within a couple of weeks
        error = ~anonymous & (rng.random(n) < 0.005) & (start + 20 <= self.asof_day)
        end = np.where(error, start + rng.integers(0, 15, n), end)
        reason[error] = "registration_error"
        ended = end <= self.asof_day

        keep = ~ended | (end >= _day(self.first_year))  # episodes that ended before the first year are not shown
        start, end, ended, iv_idx = start[keep], end[keep], ended[keep], iv_idx[keep]
        anonymous, gender, birth_year, municipality = anonymous[keep], gender[keep], birth_year[keep], \
            municipality[keep]
        education, years_support, support_before = education[keep], years_support[keep], support_before[keep]
        reason, error = reason[keep], error[keep]
        n = len(start)
        order = np.lexsort((iv_idx, start))
        start, end, ended, iv_idx = start[order], end[order], ended[order], iv_idx[order]
        anonymous, gender, birth_year, municipality = anonymous[order], gender[order], birth_year[order], \
            municipality[order]
        education, years_support, support_before = education[order], years_support[order], support_before[order]
        reason, error = reason[order], error[order]

        # people in more than one intervention: a later episode takes over an earlier person's identity
        ident = np.flatnonzero(~anonymous)
        person = np.arange(n)
        pick = rng.random(len(ident)) < 0.08
        back = rng.integers(1, 40, len(ident))
        pos = np.arange(len(ident)) - back
        ok = pick & (pos >= 0)
        j_rows = ident[ok]
        k_rows = ident[pos[ok]]
        age_then = _years_of(start[j_rows]) - birth_year[k_rows]
        max_age = np.where(np.array([iv.youth for iv in ind])[iv_idx[j_rows]], 29, 64)
        ok2 = (iv_idx[k_rows] != iv_idx[j_rows]) & ~pick[pos[ok]] & (age_then <= max_age)
        j_rows, k_rows = j_rows[ok2], k_rows[ok2]
        person[j_rows] = person[k_rows]
        gender[j_rows] = gender[k_rows]
        birth_year[j_rows] = birth_year[k_rows]
        municipality[j_rows] = municipality[k_rows]
        education[j_rows] = education[k_rows]
        dup = pd.DataFrame({"p": person, "i": iv_idx, "s": start}).duplicated().to_numpy()
        person[dup] = np.arange(n)[dup]
        # pseudonyms numbered in order of first appearance (never a date-like digit run: at most five digits)
        participant_id = np.full(n, None, dtype=object)
        _, first_pos, inverse = np.unique(person[ident], return_index=True, return_inverse=True)
        rank = np.empty(len(first_pos), dtype=np.int64)
        rank[np.argsort(first_pos, kind="stable")] = np.arange(1, len(first_pos) + 1)
        participant_id[ident] = [f"P-{k:05d}" for k in rank[inverse]]

        identified_end = ended & ~anonymous
        exit_reason = np.where(identified_end, reason, None)
        p_plan = rng.uniform(0.84, 0.98, len(ind))[iv_idx]
        plan = rng.random(n) < p_plan
        normal_exit = identified_end & ~error
        after = _choice_by(rng, np.where(normal_exit, reason, None), _SUPPORT_AFTER)
        after = np.where(after == _KEEP, support_before, after)
        after[rng.random(n) < 0.08] = None
        followed = normal_exit & (end <= self.asof_day - 365) & (rng.random(n) < rng.uniform(0.4, 0.65))
        table = {k: (_FOLLOWUP_KEYS, v) for k, v in _FOLLOWUP.items()}
        table.update({k: (_FOLLOWUP_KEYS, _FOLLOWUP_REST) for k in _REASON_REST})
        followup = _choice_by(rng, np.where(followed, reason, None), table)

        anon_none = np.where(anonymous, None, 1)
        self.episodes = {  # kept for planned figures, goals and survey sizes
            "start": start, "end": np.where(ended, end, 10**7), "iv": iv_idx, "anonymous": anonymous,
            "error": error, "reason": exit_reason,
        }
        self._plan_targets()
        return pd.DataFrame({
            "participant_id": participant_id,
            "intervention_id": np.array([iv.id for iv in ind], dtype=object)[iv_idx],
            "anonymous": anonymous,
            "start_date": _dates(start),
            "end_date": _dates(end, ended),
            "gender": gender,
            "birth_year": pd.array(np.where(anonymous, None, birth_year), dtype="Int64"),
            "municipality": np.where(anon_none, municipality, None),
            "education": np.where(anon_none, education, None),
            "years_public_support": pd.array(np.where(anonymous, None, years_support), dtype="Float64"),
            "support_before": np.where(anon_none, support_before, None),
            "support_after": np.where(identified_end & ~error, after, None),
            "exit_reason": exit_reason,
            "individual_plan": pd.array(np.where(anonymous, None, plan), dtype="boolean"),
            "followup_12m": followup,
        })

    def _counting(self, year: int, iv: int | None = None) -> tuple[int, int]:
        """(episodes counting in ``year``, episodes started in ``year``), registration errors excluded."""
        e = self.episodes
        mask = ~e["error"] if iv is None else ~e["error"] & (e["iv"] == iv)
        counting = mask & (e["start"] <= _day(year + 1) - 1) & (e["end"] >= _day(year))
        started = mask & (e["start"] >= _day(year)) & (e["start"] < _day(year + 1))
        return int(counting.sum()), int(started.sum())

    def _plan_targets(self) -> None:
        rng = self.rng
        years = self.full_years or self.years
        for i, iv in enumerate(self.ind):
            counts = [self._counting(y, i)[0] for y in years
                      if iv.start <= _day(y) and (iv.end is None or iv.end >= _day(y + 1) - 1)]
            if not counts:
                counts = [max(self._counting(y, i)[0] for y in self.years)]
            iv.planned = max(10, 5 * round(float(np.mean(counts)) * rng.uniform(0.85, 1.12) / 5))

    # -- training
    def _training(self) -> pd.DataFrame:
        rng = self.rng
        rows_date, rows_event = [], []
        base = rng.uniform(7, 13)
        for year in self.years:
            n = int(np.clip(round(base + rng.normal(0, 1.3)), 6, 15))
            days = np.arange(_day(year), _day(year + 1))
            ok = ((days + 3) % 7 < 5) & (_months_of(days) != 7) & (days <= self.asof_day) & (days >= _day(year, 1, 8))
            ok &= ~((_months_of(days) == 12) & (days >= _day(year, 12, 20)))
            picked = np.sort(rng.choice(days[ok], size=min(n, int(ok.sum())), replace=False)) if ok.any() else []
            rows_date.extend(picked)
            rows_event.extend(rng.choice(len(_TRAINING), size=len(picked), p=np.array(_TRAINING_P) / sum(_TRAINING_P)))
        event = np.asarray(rows_event, dtype=np.int64)
        lo = np.array([t[2] for t in _TRAINING])[event]
        hi = np.array([t[3] for t in _TRAINING])[event]
        attendees = rng.integers(lo, hi + 1) if len(event) else np.zeros(0, dtype=np.int64)
        frame = pd.DataFrame({
            "date": _dates(np.asarray(rows_date, dtype=np.int64)),
            "name": np.array([t[0] for t in _TRAINING], dtype=object)[event],
            "attendee_group": np.array([t[1] for t in _TRAINING], dtype=object)[event],
            "attendees": pd.array(attendees, dtype="Int64"),
        })
        group = frame["attendee_group"].isin(["caseworker", "manager"])
        by_year = frame.loc[group].groupby(frame["date"].dt.year)["attendees"].sum()
        full = [int(by_year.get(y, 0)) for y in self.full_years] or [int(by_year.sum())]
        self.trained_mean = float(np.mean(full))
        return frame

    # -- contributions
    def _contributions(self) -> pd.DataFrame:
        rng = self.rng
        total = self.contribution0
        self.members: dict[int, list[tuple[str, str, int, int]]] = {}  # year -> (member, type, amount, pay day)
        self.paid_days: dict[tuple[int, str], int] = {}  # (year, member) -> the day the whole year was paid
        rows = []
        for year in self.years:
            if year > self.first_year and rng.random() > 0.25:
                total *= 1 + rng.uniform(0.005, 0.03)
            amount = int(np.clip(round(total), 4.1e6, 7.9e6))
            state = round(amount * FUNDING_SPLIT["state"])
            region = round(amount * FUNDING_SPLIT["region"])
            kommun = _split_int(amount - state - region, np.asarray(self.p.population))
            members = [("Försäkringskassan", "state", state, 20), (self.p.region, "region", region, 22)]
            members += [(k, "municipality", int(a), 25) for k, a in zip(self.kommuner, kommun, strict=True)]
            self.members[year] = members
            for member, kind, value, pay in members:
                paid = _day(year, 1, pay) + int(rng.integers(0, 6))
                self.paid_days[(year, member)] = paid
                rows.append((year, member, kind, value, paid))
        frame = pd.DataFrame(rows, columns=["year", "member", "member_type", "amount_sek", "paid"])
        paid = frame.pop("paid").to_numpy(dtype=np.int64)
        frame["paid_date"] = _dates(paid, paid <= self.asof_day)
        return frame

    # -- budget, ledger, equity
    def _economy(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        rng = self.rng
        n_unperiodised = 2 if len(self.years) >= 6 else 1 if len(self.years) >= 3 else 0
        budget_rows: list[pd.DataFrame] = []
        ledger_rows: list[pd.DataFrame] = []
        equity_rows = []
        first_total = sum(m[2] for m in self.members[self.first_year])
        opening = round(first_total * rng.uniform(0.12, 0.2))
        self.results: dict[int, float] = {}
        for k, year in enumerate(self.years):
            equity_rows.append((year, opening))
            lines = self._budget_lines(year)
            periodised = k >= n_unperiodised
            budget_rows.append(self._budget_frame(year, lines, periodised))
            ratio = opening / sum(m[2] for m in self.members[year])
            ledger, result = self._ledger(year, lines, ratio)
            ledger_rows.append(ledger)
            self.results[year] = result
            opening = opening + round(result)
        budget = pd.concat(budget_rows, ignore_index=True)
        ledger = pd.concat(ledger_rows, ignore_index=True)
        ledger = ledger[ledger["day"] <= self.books_day].sort_values(["day", "order"], kind="stable")
        day = ledger.pop("day").to_numpy(dtype=np.int64)
        ledger = ledger.drop(columns="order").reset_index(drop=True)
        ledger.insert(0, "date", _dates(day))
        equity = pd.DataFrame(equity_rows, columns=["year", "opening_equity_sek"])
        equity["opening_equity_sek"] = equity["opening_equity_sek"].astype(float)
        return budget, ledger, equity

    def _budget_lines(self, year: int) -> list[dict]:
        """The adopted budget of one year: dicts with category, intervention, line text, amount, month weights."""
        rng = self.rng
        total = sum(m[2] for m in self.members[year])
        even = np.ones(12)
        no_july = np.where(np.arange(1, 13) == 7, 0.3, 1.0)
        quarterly = np.array([1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0], dtype=float)
        lines = [dict(category="contribution_income", iv=None, line="Medlemsbidrag", amount=total, w=quarterly)]
        other = _round(rng.uniform(20e3, 90e3)) if rng.random() < 0.35 else 0
        if other:
            w = np.zeros(12)
            w[int(rng.integers(2, 11))] = 1
            lines.append(dict(category="other_income", iv=None, line="Övriga intäkter", amount=other, w=w))
        fin_income = _round(rng.uniform(2e3, 15e3))
        lines.append(dict(category="financial_income", iv=None, line="Ränteintäkter", amount=fin_income,
                          w=np.eye(12)[11]))
        costs = [
            dict(category="administration", iv=None, line="Förbundschef (köpt tjänst)", share=0.64, w=even),
            dict(category="administration", iv=None, line="Köp av administrativa tjänster", share=0.14, w=even),
            dict(category="administration", iv=None, line="Övriga verksamhetskostnader", share=0.12, w=even),
            dict(category="administration", iv=None, line="Kurser, konferenser och resor", share=0.10, w=no_july),
        ]
        admin = total * rng.uniform(0.105, 0.14)
        for line in costs:
            line["amount"] = _round(admin * line.pop("share"))
        costs.append(dict(category="board", iv=None, line="Arvoden och ersättningar till styrelsen",
                          amount=_round(total * rng.uniform(0.025, 0.038)), w=even))
        costs.append(dict(category="audit", iv=None, line="Revision", amount=_round(rng.uniform(45e3, 85e3)),
                          w=np.array([0, 0, 0.35, 0.25, 0, 0, 0, 0, 0.2, 0, 0, 0.2])))
        costs.append(dict(category="financial_cost", iv=None, line="Bankkostnader",
                          amount=_round(rng.uniform(1e3, 3e3)), w=even))
        planned_result = total * rng.uniform(-0.005, 0.03)
        for_interventions = total + other + fin_income - planned_result - sum(c["amount"] for c in costs)
        running = []
        for iv in self.ivs:
            months = iv.running_months(year)
            if months.any():
                w = months * no_july
                running.append((iv, w, iv.weight * w.sum() / 12))
        weights = np.array([r[2] for r in running])
        for (iv, w, _), share in zip(running, weights / weights.sum(), strict=True):
            lines.append(dict(category="intervention", iv=iv, line=iv.name, amount=_round(for_interventions * share),
                              w=w))
        return lines + costs

    def _budget_frame(self, year: int, lines: list[dict], periodised: bool) -> pd.DataFrame:
        cat, iv, text, amount, month = [], [], [], [], []
        for line in lines:
            if not line["amount"]:
                continue
            if periodised:
                parts = _split_int(line["amount"], line["w"])
                nz = np.flatnonzero(line["w"])
                cat += [line["category"]] * len(nz)
                iv += [line["iv"].id if line["iv"] else None] * len(nz)
                text += [line["line"]] * len(nz)
                amount += list(parts[nz])
                month += list(nz + 1)
            else:
                cat.append(line["category"])
                iv.append(line["iv"].id if line["iv"] else None)
                text.append(line["line"])
                amount.append(line["amount"])
                month.append(None)
        return pd.DataFrame({"year": year, "category": cat, "intervention_id": iv, "line": text,
                             "amount_sek": np.asarray(amount, dtype=float),
                             "month": pd.array(month, dtype="Int64")})

    def _ledger(self, year: int, lines: list[dict], equity_ratio: float) -> tuple[pd.DataFrame, float]:
        """Monthly bookings of one full year (filtered to ``as_of`` by the caller) and the year's result."""
        rng = self.rng
        firsts = np.array([_day(year, m, 1) for m in range(1, 13)])
        rows_day: list[np.ndarray] = []
        rows_cat: list[str] = []
        rows_iv: list[str | None] = []
        rows_amount: list[np.ndarray] = []
        rows_text: list[np.ndarray] = []

        def book(days: np.ndarray, category: str, iv: str | None, amounts: np.ndarray, texts) -> None:
            days = np.asarray(days, dtype=np.int64)
            rows_day.append(days)
            rows_cat.extend([category] * len(days))
            rows_iv.extend([iv] * len(days))
            rows_amount.append(np.asarray(amounts, dtype=float))
            rows_text.append(np.asarray(texts if not isinstance(texts, str) else [texts] * len(days), dtype=object))

        income = 0.0
        for member, _, amount, pay in self.members[year]:
            parts = _split_int(amount, np.ones(4))
            book(firsts[[0, 3, 6, 9]] + pay - 1, "contribution_income", None, parts,
                 [f"Medlemsbidrag kvartal {q}, {member}" for q in range(1, 5)])
            income += amount
        costs_other = 0.0
        interventions = []
        for line in lines:
            cat, planned = line["category"], _split_int(line["amount"], line["w"]).astype(float)
            if cat == "contribution_income":  # booked per member above
                continue
            if cat == "intervention":
                interventions.append((line, planned))
                continue
            if cat == "other_income":
                month = int(np.flatnonzero(line["w"])[0])
                value = round(line["amount"] * rng.uniform(0.6, 1.5))
                book([firsts[month] + 14], cat, None, [value], "Återbetalning av outnyttjade projektmedel")
                income += value
            elif cat == "financial_income":
                value = round(line["amount"] * rng.uniform(0.4, 1.8))
                book([_day(year, 12, 31)], cat, None, [value], "Ränteintäkter")
                income += value
            elif cat == "board":
                meetings = np.sort(rng.choice([1, 2, 3, 4, 5, 7, 8, 9, 10, 11], size=int(rng.integers(6, 8)),
                                              replace=False))
                parts = _split_int(round(line["amount"] * rng.uniform(0.85, 1.05)), np.ones(len(meetings)))
                book(firsts[meetings] + 25, cat, None, parts,
                     [f"Styrelsearvoden {_MONTHS_SV[m]}" for m in meetings])
                costs_other += parts.sum()
            elif cat == "audit":
                nz = np.flatnonzero(planned)
                values = np.rint(planned[nz] * rng.uniform(0.9, 1.15))
                book(firsts[nz] + 14, cat, None, values, "Revision, faktura")
                costs_other += values.sum()
            else:  # administration, financial_cost: monthly
                factor = rng.uniform(0.94, 1.06)
                nz = np.flatnonzero(planned)
                values = np.rint(planned[nz] * factor * rng.normal(1, 0.06, len(nz)))
                day = rng.integers(5, 28, len(nz)) if cat == "administration" else np.full(len(nz), 27)
                book(firsts[nz] + day, cat, None, values,
                     [f"{line['line']}, {_MONTHS_SV[m]}" for m in nz])
                costs_other += values.sum()

        # interventions: under-spend at the start of a project, one over-spender now and then, and a spending
        # level that keeps the equity within a sensible band (boards react to a large or shrinking equity)
        desired = income * (np.clip((0.16 - equity_ratio) * 0.5, -0.05, 0.04) + rng.normal(0.008, 0.012))
        raw = []
        over = int(rng.integers(len(interventions))) if interventions and rng.random() < 0.5 else -1
        for j, (line, planned) in enumerate(interventions):
            iv = line["iv"]
            start = _EPOCH + dt.timedelta(days=iv.start)
            since = (year - start.year) * 12 + np.arange(12) - (start.month - 1)
            ramp = np.where(since < 5, 0.3 + 0.14 * np.clip(since, 0, 4), 1.0)
            relative = rng.uniform(1.1, 1.22) if j == over else rng.uniform(0.9, 1.05)
            raw.append(planned * ramp * rng.normal(1, 0.1, 12).clip(0.6) * relative)
        raw_total = float(sum(r.sum() for r in raw)) or 1.0
        level = np.clip((income - desired - costs_other) / raw_total, 0.82, 1.1)
        spent = 0.0
        for (line, _), values in zip(interventions, raw, strict=True):
            iv = line["iv"]
            values = np.rint(values * level)
            if rng.random() < 0.3:  # invoiced per quarter
                q = values.reshape(4, 3).sum(axis=1)
                nz = np.flatnonzero(q)
                book(firsts[nz * 3 + 2] + 27, "intervention", iv.id, q[nz],
                     [f"{iv.name}, faktura kvartal {k + 1}" for k in nz])
            else:
                nz = np.flatnonzero(values)
                book(firsts[nz] + 24, "intervention", iv.id, values[nz],
                     [f"{iv.name}, utbetalning {_MONTHS_SV[m]}" for m in nz])
            spent += values.sum()

        frame = pd.DataFrame({
            "day": np.concatenate(rows_day), "category": rows_cat, "intervention_id": rows_iv,
            "amount_sek": np.concatenate(rows_amount), "text": np.concatenate(rows_text),
        })
        # corrections: now and then a cost booking is partly reversed a few days later
        costs = frame["category"].isin(["intervention", "administration"]).to_numpy()
        fix = np.flatnonzero(costs & (rng.random(len(frame)) < 0.03) & (frame["amount_sek"].to_numpy() > 0))
        if len(fix):
            corr = frame.iloc[fix].copy()
            corr["amount_sek"] = -np.rint(corr["amount_sek"].to_numpy() * rng.uniform(0.05, 0.4, len(fix)))
            corr["day"] = np.minimum(corr["day"].to_numpy() + rng.integers(1, 6, len(fix)), _day(year, 12, 31))
            corr["text"] = "Rättelse: " + corr["text"].astype(str)
            frame = pd.concat([frame, corr], ignore_index=True)
        # Contributions are paid in advance: each member's whole year on its paid date in January. (The quarterly
        # rows above only keep the draws of the corrections as they were: they are replaced here.)
        paid = [(self.paid_days[(year, member)], amount, member) for member, _, amount, _ in self.members[year]]
        frame = pd.concat([frame[frame["category"] != "contribution_income"], pd.DataFrame({
            "day": [day for day, _, _ in paid], "category": "contribution_income", "intervention_id": None,
            "amount_sek": [float(amount) for _, amount, _ in paid],
            "text": [f"Medlemsbidrag {year}, {member}" for _, _, member in paid]})], ignore_index=True)
        frame["order"] = np.arange(len(frame))
        signs = np.where(frame["category"].isin(["contribution_income", "other_income", "financial_income"]), 1, -1)
        result = float((signs * frame["amount_sek"].to_numpy()).sum())
        return frame, result

    # -- survey
    def _survey(self) -> pd.DataFrame:
        rng = self.rng
        groups = _survey_groups()
        e = self.episodes
        base = rng.normal(0, 0.15)
        trend = rng.uniform(0.0, 0.06)
        staff_size = rng.uniform(10, 25)
        board_size = 4 + len(self.kommuner) + int(rng.integers(0, 4))
        small_managers = self.p.association_id == "mellanmark"
        managers_size = rng.uniform(3, 4.4) if small_managers else rng.uniform(6, 15)
        item_codes = {g: np.asarray(items, dtype=object) for g, items in groups.items()}
        item_mu = {g: np.array([_ITEM_MU.get(i, 0.0) for i in items]) for g, items in groups.items()}
        chunks = []
        for year in self.years:
            for half in (1, 2):
                h_start = _day(year, 1 if half == 1 else 7, 1)
                if h_start > self.asof_day:
                    continue
                h_end = (_day(year, 7, 1) if half == 1 else _day(year + 1)) - 1
                elapsed = min(1.0, (self.asof_day - h_start + 1) / (h_end - h_start + 1))
                period = f"{year}-H{half}"
                live = ~e["error"] & ~e["anonymous"]
                active = live & (e["start"] <= h_end) & (e["end"] > h_end)
                exits = live & (e["end"] >= h_start) & (e["end"] <= h_end)
                running = live & (e["start"] <= h_end) & (e["end"] >= h_start)
                per_iv = np.bincount(e["iv"][running], minlength=len(self.ind)).astype(float)
                sizes = {
                    "participant_ongoing": np.clip(active.sum() * rng.uniform(0.13, 0.25), 20, 60) * elapsed,
                    "participant_exit": np.clip(exits.sum() * rng.uniform(0.3, 0.55), 20, 60) * elapsed,
                    "staff": np.clip(staff_size + rng.integers(-3, 4), 10, 25),
                    "director": 1,
                    "board": np.clip(board_size + rng.integers(-2, 2), 6, 12),
                    "managers": np.clip(managers_size + rng.integers(-1, 2) * (not small_managers), 3, 15),
                }
                counter = 0
                for group, items in item_codes.items():
                    n_q = round(float(sizes.get(group, 0)) * self.volume.survey)
                    if group.startswith("participant"):
                        n_q = max(n_q, 3 if self.volume.survey >= 1 else 1)
                    if n_q <= 0:
                        continue
                    n_items = len(items)
                    ids = np.array([f"{period}-{counter + q + 1:04d}" for q in range(n_q)], dtype=object)
                    counter += n_q
                    if group.startswith("participant") or group == "staff":
                        p = per_iv / per_iv.sum() if per_iv.sum() else None
                        iv_of_q = np.array([iv.id for iv in self.ind], dtype=object)[
                            rng.choice(len(self.ind), size=n_q, p=p)]
                    else:
                        iv_of_q = np.full(n_q, None, dtype=object)
                    mu = (_GROUP_MU[group] + base + trend * (year - self.first_year + (half - 1) / 2)
                          + rng.normal(0, 0.07))
                    # a respondent's general attitude (a few are clearly dissatisfied) plus item noise
                    attitude = rng.normal(0, 0.55, n_q) - 2.4 * (rng.random(n_q) < 0.07)
                    latent = (mu + np.repeat(attitude, n_items) + np.tile(item_mu[group], n_q)
                              + rng.normal(0, 0.8, n_q * n_items))
                    value = np.clip(np.rint(latent), 1, 6).astype(float)
                    value[rng.random(len(value)) < 0.05] = np.nan
                    answered = rng.random(len(value)) >= 0.02  # a few items left out of a questionnaire
                    chunks.append((period, group, np.tile(items, n_q)[answered], value[answered],
                                   np.repeat(iv_of_q, n_items)[answered], np.repeat(ids, n_items)[answered]))
        # one frame at the end (a frame per questionnaire batch costs more than drawing the answers)
        sizes = [len(chunk[2]) for chunk in chunks]
        frame = pd.DataFrame({
            "period": np.repeat(np.array([c[0] for c in chunks], dtype=object), sizes),
            "respondent_group": np.repeat(np.array([c[1] for c in chunks], dtype=object), sizes),
            "item": np.concatenate([c[2] for c in chunks]).astype(object),
            "value": np.concatenate([c[3] for c in chunks]).astype(float),
            "intervention_id": np.concatenate([c[4] for c in chunks]).astype(object),
            "response_id": np.concatenate([c[5] for c in chunks]).astype(object),
        })
        frame["value"] = pd.array(frame["value"].to_numpy(), dtype="Float64").round().astype("Int64")
        return frame

    # -- goals
    def _goals(self) -> pd.DataFrame:
        rng = self.rng
        years = self.full_years or self.years
        counting = np.mean([self._counting(y)[0] for y in years])
        g1 = int(max(150, 10 * round(counting * rng.uniform(0.85, 1.05) / 10)))
        g3 = int(max(60, 10 * round(self.trained_mean * rng.uniform(0.7, 0.92) / 10)))
        perm = [iv for iv in self.ind if iv.permanent]
        first, second = perm[0], perm[1]
        second_i = self.ind.index(second)
        started = np.mean([self._counting(y, second_i)[1] for y in years])
        g12 = int(max(5, 5 * round(started * rng.uniform(0.9, 1.1) / 5)))
        wos = "reasons=work,subsidised_work,studies"
        goals = [
            ("G1", None, "individual", f"Minst {g1} individer ska ta del av förbundets insatser under året.",
             "participants", None, ">=", g1),
            ("G2", None, "individual", "Minst 30 % av de deltagare som avslutat en insats ska gå vidare till arbete "
             "eller studier.", "exit_share", wos, ">=", 30),
            ("G3", None, "collaboration", f"Minst {g3} handläggare och chefer ska delta i förbundets "
             "kompetensutveckling.", "trained_staff", "groups=caseworker,manager", ">=", g3),
            ("G4", None, "individual", "Minst 80 % av deltagarna ska svara positivt på frågan om stödet är till nytta "
             "(kärnindikator 1).", "indicator_positive_share", "items=1a,1b", ">=", 80),
            ("G5", None, "economy", "Underskott ska inte uppstå.", "result", None, ">=", 0),
            ("G6", None, "economy", "Administrationens andel av kostnaderna ska vara högst 18 %.", "admin_share",
             None, "<=", 18),
            ("G7", None, "individual", "Minst 90 % av de som avslutat en insats ska ha haft en individuell "
             "handlingsplan.", "plan_share", None, ">=", 90),
            ("G8", None, "economy", "Det egna kapitalet ska inte överstiga 20 % av årets medlemsbidrag.",
             "equity_share", None, "<=", 20),
            ("G9", None, "collaboration", "Samverkan mellan parterna ska öka och utvecklas.", "manual", None, None,
             None),
            ("G10", first.id, "individual", f"Minst {first.planned} deltagare ska ta del av {first.name} under året.",
             "participants", None, ">=", first.planned),
            ("G11", second.id, "individual", f"Minst 40 % av de som avslutat {second.name} ska gå vidare till arbete "
             "eller studier.", "exit_share", wos, ">=", 40),
            ("G12", second.id, "individual", f"Minst {g12} nya deltagare ska börja i {second.name} under året.",
             "participants_started", None, ">=", g12),
        ]
        rows = []
        for year in self.years:
            for goal_id, iv, area, text, metric, params, op, target in goals:
                status = comment = None
                if metric == "manual":
                    status = str(rng.choice(["met", "partly", "not_met"], p=[0.6, 0.33, 0.07]))
                    comment = str(rng.choice(_MANUAL_COMMENTS[status]))
                    if year not in self.full_years:
                        comment = f"Preliminär bedömning i delårsrapporten. {comment}"
                rows.append((goal_id, year, iv, area, text, metric, params, op,
                             None if target is None else float(target), None, status, comment))
        return pd.DataFrame(rows, columns=["goal_id", "year", "intervention_id", "area", "text", "metric", "params",
                                           "operator", "target", "manual_outcome", "manual_status", "comment"])


# ------------------------------------------------------------------------------------------------ public API

def generate_demo(*, seed: int = 1, as_of: dt.date, associations: int = 3, years: int = 7,
                  volume: str = "demo") -> dict[str, pd.DataFrame]:
    """Synthetic tables of ``associations`` fictional förbund over ``years`` calendar years ending with ``as_of``'s.

    Returns every contract table, typed like :class:`finsamdash.data.dataset.Dataset` tables (every declared column in
    contract order, canonical English category keys, dates as ``datetime64[ns]``, NA for empty). Same arguments,
    same frames. ``volume`` is a key of :data:`VOLUMES`: ``"demo"`` (default) or ``"national"`` (the row volumes
    of the national-scale benchmark, see the module docstring).
    """
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    if not isinstance(as_of, dt.date):
        raise TypeError(f"as_of must be a datetime.date, not {type(as_of).__name__}")
    if associations < 1 or years < 1:
        raise ValueError("associations and years must be at least 1")
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")
    if volume not in VOLUMES:
        raise ValueError(f"volume must be one of {', '.join(VOLUMES)}, not {volume!r}")
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    for index in range(associations):
        generator = _Association(_profile(index), np.random.default_rng([seed, index]), as_of, years,
                                 VOLUMES[volume])
        for name, frame in generator.tables().items():
            parts[name].append(frame)
    return {name: typed_table(name, pd.concat(frames, ignore_index=True)) for name, frames in parts.items()}


def _csv_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as text for CSV: ISO dates, true/false, integral numbers without a decimal part, '' for NA."""
    out = pd.DataFrame(index=frame.index)
    for col in TABLES[name].columns:
        s = frame[col.name]
        if col.kind == "date":
            text = pd.to_datetime(s).dt.strftime("%Y-%m-%d")
        elif col.kind == "bool":
            text = s.astype("boolean").map({True: "true", False: "false"}, na_action="ignore")
        elif col.kind == "number":
            values = pd.to_numeric(s).astype("Float64")
            integral = (values.round() == values).fillna(False).astype(bool)
            text = values.astype("string")
            if integral.any():
                text = text.mask(integral, values[integral].round().astype("Int64").astype("string"))
        else:
            text = s.astype("string")
        out[col.name] = text.astype(object).where(text.notna(), "")
    return out


def write_demo(out_dir: str | os.PathLike, *, seed: int = 1, as_of: dt.date | None = None, associations: int = 3,
               years: int = 7, xlsx: bool = True, volume: str = "demo") -> Path:
    """Write the demo dataset to ``out_dir``: ``<table>.csv`` for every table and, with ``xlsx``, ``demo.xlsx``.

    CSV files are UTF-8, comma-separated, with canonical English headers, ISO dates, ``.`` as decimal point,
    ``true``/``false`` and empty cells for NA. ``as_of=None`` means today. ``volume`` as in :func:`generate_demo`
    (``"national"`` for the national-scale benchmark data). Returns ``out_dir``.
    """
    if as_of is None:
        from finsamdash.pack.clock import today  # a leaf module: the injectable clock (SOURCE_DATE_EPOCH)

        as_of = today()
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    tables = generate_demo(seed=seed, as_of=as_of, associations=associations, years=years,
                           volume=volume)
    for name, frame in tables.items():
        _csv_frame(name, frame).to_csv(target / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    if xlsx:
        from finsamdash.data.template import write_workbook  # imported here: openpyxl is only needed for the workbook

        write_workbook(target / "demo.xlsx", tables)
    return target
