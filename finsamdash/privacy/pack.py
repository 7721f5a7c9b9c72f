"""One joint audit per pack (R4) and against the previous meeting's pack (R9).

:func:`audit_pack` registers every count a pack publishes – every page and every drop-down state, the cards and
sentences (which read the summary), the summary JSON and text, the goals of every year shown, the front page and
the PDF (copies of the pages) – as cells with their relations, and audits them together:

1. the participant cells (:mod:`~finsamdash.privacy.participants`, with the goals on participants) and the survey
   cells (:mod:`~finsamdash.privacy.survey`, with the goals on answers) are two families without a relation
   between them, each protected by :func:`~finsamdash.privacy.solver.protect`;
2. with a previous meeting, that meeting's pack is recomputed from the same dataset at its own date (its cells,
   relations and values); what a reader knows of it is what it showed. When that pack's published disclosure is
   given (``previous_published``: the shown cell keys of its ``disclosure.json.gz``, read by
   :func:`published_previous`) and it describes the same cells (:func:`_fits`), every cell it showed is known and
   every other one it publishes is unknown, as published; otherwise the recomputed pack is audited on its own and
   what that audit hides is taken as unknown. The current pack is then audited again together with it: every count
   published in both at two dates is linked through a latent cell, the people who came in between
   (``cur = prev + new``), which must not be worked out when it is small. The joint audit keeps everything the
   current pack's own audit hides (so that the next meeting's pack, should it have to recompute this one, never
   assumes less hidden than it was);
3. every goal's status is decided (:mod:`~finsamdash.privacy.goals`).

The previous pack's values are always recomputed (a reader's knowledge is which cells it showed, the audit needs
their counts and relations): a correction of the data after the previous meeting changes values, not which cells
the reader knows (see docs/disclosure.md, R9).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from finsamdash.data.contract import DEFAULT_MIN_COUNT, WORK_OR_STUDIES
from finsamdash.data.dataset import Dataset, empty_table
from finsamdash.metrics.goals import GoalResult, evaluate_goal, parse_params
from finsamdash.metrics.participant_counts import summary_interventions
from finsamdash.metrics.participant_flows import YearCounts, year_counts
from finsamdash.privacy import exact, goals, survey
from finsamdash.privacy.disclosure import Disclosure, GoalCells, read_published
from finsamdash.privacy.layout import YearLayout, year_layout
from finsamdash.privacy.participants import (
    Registrar,
    goal_cells,
    intervention_info,
    publish_summary,
    register_outcomes,
    register_year,
)
from finsamdash.privacy.registry import CANDIDATE, KNOWN, LATENT, UNKNOWN, Registry
from finsamdash.privacy.solver import Protection, protect
from finsamdash.wording import hiding_reasons

#: Years the participant pages offer: the year shown and the one before.
PAGE_YEARS = 2


@dataclass
class _Pack:
    """The registered cells of one pack (before the audit)."""

    participants: Registry
    survey: Registry
    layouts: dict[int, YearLayout]
    #: every cell the pack publishes (shown or hidden)
    published: set[tuple] = field(default_factory=set)
    goals: dict[tuple[int, int], tuple[GoalResult, tuple | None, tuple | None]] = field(default_factory=dict)


def _participants(data: Dataset, association_id: str) -> pd.DataFrame:
    rows = data.rows("participants", association_id)
    return rows if rows is not None else empty_table("participants")


def intervention_order(data: Dataset, association_id: str) -> list[str]:
    """Interventions with participants in any year: in the order of the Insatser sheet, then any others."""
    people = _participants(data, association_id)
    present = set(people["intervention_id"].dropna().astype(str))
    rows = data.rows("interventions", association_id)
    listed = [] if rows is None else [str(i) for i in rows["intervention_id"] if str(i) in present]
    return listed + sorted(present - set(listed))


def intervention_names(data: Dataset, association_id: str) -> dict[str, str]:
    rows = data.rows("interventions", association_id)
    if rows is None:
        return {}
    return {str(i): str(n) for i, n in zip(rows["intervention_id"], rows["name"], strict=True) if not pd.isna(n)}


def page_years(data: Dataset, association_id: str, year: int) -> list[int]:
    """The years the participant pages offer: the year shown and the one before, when they have participants
    (the year shown always)."""
    starts = _participants(data, association_id)["start_date"].dropna()
    first = int(starts.min().year) if len(starts) else year
    return [y for y in range(year - PAGE_YEARS + 1, year + 1) if y >= min(first, year)]


def _goal_years(data: Dataset, association_id: str, year: int) -> list[int]:
    rows = data.rows("goals", association_id)
    if rows is None:
        return []
    return sorted(int(y) for y in rows["year"].dropna().unique() if int(y) <= year)


_MEMO: dict[tuple, tuple[Dataset, object]] = {}


def _memo(dataset: Dataset, key: tuple, compute):
    """``compute()`` once per ``dataset`` (the whole one, not a cut) and ``key``: a build audits many packs of one
    dataset, and a pack with a previous meeting two cuts of the same years."""
    found = _MEMO.get((id(dataset), *key))
    if found is not None and found[0] is dataset:
        return found[1]
    if len(_MEMO) > 4096:
        _MEMO.clear()
    value = compute()
    _MEMO[(id(dataset), *key)] = (dataset, value)
    return value


def _as_of(dataset: Dataset, cutoff: date) -> Dataset:
    return _memo(dataset, ("as_of", cutoff), lambda: dataset.as_of(cutoff))


def _cut_of(year: int, cutoff: date) -> date | None:
    """The cut-off as far as it matters for ``year``: a year that ended before it is the same at any later one."""
    return cutoff if year >= cutoff.year else None


def _goals_of(dataset: Dataset, association_id: str, year: int, cutoff: date, *,
              metrics: tuple[str, ...] | None = None) -> list[GoalResult | None]:
    """The goals of ``year`` as known at ``cutoff``, in table order (those of other ``metrics`` as None)."""
    def evaluate() -> list[GoalResult | None]:
        data = _as_of(dataset, cutoff)
        rows = data.rows("goals", association_id)
        rows = rows.loc[(rows["year"] == year).fillna(False).astype(bool)]
        return [evaluate_goal(data, association_id, year, r.to_dict(), preliminary=year == cutoff.year, texts=False)
                if metrics is None or r["metric"] in metrics else None for _i, r in rows.iterrows()]

    return _memo(dataset, ("goals", association_id, year, _cut_of(year, cutoff), metrics), evaluate)


def _survey_cells(dataset: Dataset, association_id: str, year: int, cutoff: date, *, trend: bool,
                  ) -> dict[tuple, int]:
    def compute() -> dict[tuple, int]:
        data = _as_of(dataset, cutoff)
        return survey.cells_of(association_id, data.rows("survey_responses", association_id), year, trend=trend)

    return _memo(dataset, ("survey", association_id, year, _cut_of(year, cutoff), trend), compute)


def _register(dataset: Dataset, association_id: str, cutoff: date, year: int, min_count: int) -> _Pack:
    """Every cell one pack publishes (see the module docstring)."""
    data = _as_of(dataset, cutoff)
    people = _participants(data, association_id)
    order = intervention_order(data, association_id)
    names = intervention_names(data, association_id)
    reg = Registrar(min_count, intervention_info(data.rows("interventions", association_id)))
    counts: dict[int, YearCounts] = {}
    layouts: dict[int, YearLayout] = {}
    for y in page_years(data, association_id, year):
        counts[y] = year_counts(people, y, cutoff, interventions=order)
        layouts[y] = year_layout(counts[y], min_count=min_count, intervention_names=names)
        register_year(reg, counts[y], layouts[y], quality=y == year)
    publish_summary(reg, counts[year], summary_interventions(people, data.rows("interventions", association_id),
                                                             year))
    survey_reg, survey_published, survey_goals = _survey_registry(dataset, association_id, cutoff, year,
                                                                  min_count)
    pack = _Pack(Registry(min_count=min_count), survey_reg, layouts)
    for gy in _goal_years(data, association_id, year):
        if gy not in counts:  # an earlier year of the goals' history: the same at every later meeting (kept
            # per list of interventions too, which the counts are computed for)
            counts[gy] = _memo(dataset, ("counts", association_id, gy, _cut_of(gy, cutoff), tuple(order)),
                               lambda gy=gy: year_counts(people, gy, cutoff, interventions=order))
            register_outcomes(reg, counts[gy])
        found = _goals_of(dataset, association_id, gy, cutoff, metrics=goals.PARTICIPANT_METRICS)
        for index, goal in enumerate(found):
            pack.goals[(gy, index)] = (goal, *_goal_cells(reg, counts[gy], goal))
    for key, (goal, cell) in survey_goals.items():
        pack.goals[key] = (goal, None, cell)
    reg.fill(pack.participants)
    pack.published = set(reg.published) | survey_published
    return pack


def _goal_cells(reg: Registrar, counts: YearCounts, goal: GoalResult | None,
                ) -> tuple[tuple | None, tuple | None]:
    if goal is None or goal.metric not in goals.PARTICIPANT_METRICS or goal.unit is None or not goal.counts:
        return None, None
    scope = f"i:{goal.intervention_id}" if goal.intervention_id else "*"
    reasons = parse_params(goal.params).get("reasons") or list(WORK_OR_STUDIES)
    return goal_cells(reg, counts, scope, goal.metric, reasons)


# --- two packs together (R9) ------------------------------------------------------------------------------


def _with_previous(current: Registry, previous: Registry, hidden: frozenset) -> Registry:
    """The current pack's cells and the previous pack's (known when it showed them, unknown when it hid them),
    every count published at two dates linked through the latent number of people in between."""
    joint = Registry(min_count=current.min_count)
    for source in (current, previous):
        for c, v in source.values.items():
            kind = source.kinds[c]
            if source is previous and kind == CANDIDATE:
                kind = UNKNOWN if c in hidden else KNOWN
            joint.add(c, v, kind=kind, tier=source.tiers[c], unsafe=False)
    seen = set()
    for source in (current, previous):
        for rel in source.relations:
            if (rel.total, rel.parts) not in seen:
                seen.add((rel.total, rel.parts))
                joint.relate(rel.total, rel.parts)
        for eq in source.identities:
            joint.identity(eq)
    joint.unsafe = {c for c in current.unsafe | previous.unsafe if joint.kinds[c] in (CANDIDATE, LATENT, UNKNOWN)}
    for cur, prev, new in _links(current, previous):
        joint.add(new, current.values[cur] - previous.values[prev], kind=LATENT)
        joint.relate(cur, [prev, new])
    return joint


def _links(current: Registry, previous: Registry) -> list[tuple[tuple, tuple, tuple]]:
    """Every participant count published at both dates (same selection, name and first day; a later last day, not
    fewer people): ``(cur, prev, new)``, ``new`` the latent number of people in between (``cur = prev + new``)."""
    later = {}
    for c in current.values:
        if c[0] == "p" and c[3] != c[4]:
            later[c[1:4]] = c
    out = []
    for c, v in previous.values.items():
        if c[0] != "p" or c[3] == c[4] or c in current.values:
            continue
        cur = later.get(c[1:4])
        if cur is not None and cur[4] > c[4] and current.values[cur] >= v:
            out.append((cur, c, ("new", *c[1:], cur[4])))
    return out


def _differences(current: Registry, previous: Registry) -> list[tuple[tuple, ...]]:
    """The cells of every equation (relation or identity) of the current pack minus the same equation of the
    previous pack, where the previous pack has it: each count published at both dates becomes the latent number
    of people in between (:func:`_links`), a count that is the same at both dates drops out. Implied by the
    relations of :func:`_with_previous` (the exact check needs nothing more); the solver adds their local rules to
    its first programme, so that the differences are protected from the first round instead of one cut per
    round."""
    links: dict[tuple, tuple[tuple, tuple]] = {}
    for cur, prev, new in _links(current, previous):
        links.setdefault(cur, (prev, new))

    def equations(registry: Registry):
        for rel in registry.relations:
            yield {rel.total: 1, **{q: -1 for q in rel.parts}}
        yield from registry.identities

    known = {frozenset(eq.items()) for eq in equations(previous)} if links else set()
    out = []
    for eq in equations(current) if links else ():
        news = [links[c][1] for c in eq if c in links]
        if news and all(c in links or c in previous.values for c in eq) and frozenset(
                (links[c][0] if c in links else c, k) for c, k in eq.items()) in known:
            out.append(tuple(news))
    return out


@dataclass(frozen=True)
class _Audited:
    """One family's audit: the cells the current pack hides and the registry and protection its goals' statuses
    are judged on; the same for the previous pack (empty without one)."""

    hidden: frozenset
    judged: tuple[Registry, Protection]
    previous_hidden: frozenset = frozenset()
    previous_judged: tuple[Registry, Protection] | None = None
    #: what the current pack's own audit hides (without the previous pack)
    own: frozenset = frozenset()
    #: the solver's rounds: the current pack alone, and with a previous pack the previous pack alone (0 when it is
    #: taken as published) and both together
    rounds: tuple[int, ...] = ()


def _audit(current: Registry, previous: Registry | None, known: frozenset | None = None) -> _Audited:
    """Without a previous pack: the current pack's own audit. With one: everything the current pack's own audit
    hides, everything the joint audit hides, and every cell the previous pack hid: as published when ``known`` (the
    cells it showed) is given, else as its own audit hides them (see the module docstring)."""
    alone = protect(current)
    if previous is None:
        return _Audited(alone.hidden, (current, alone), own=alone.hidden, rounds=(alone.rounds,))
    before = protect(previous) if known is None else _as_published(previous, known)
    joint = _with_previous(current, previous, before.hidden)
    together = protect(joint, forced=alone.hidden, implied=_differences(current, previous))
    unknown = {c for c, k in joint.kinds.items() if k == UNKNOWN}
    return _Audited(alone.hidden | together.hidden | unknown, (joint, together), before.hidden, (previous, before),
                    own=alone.hidden, rounds=(alone.rounds, before.rounds, together.rounds))


def _as_published(previous: Registry, known: frozenset) -> Protection:
    """The previous pack's audit as it was published: every cell it could show and did not is hidden."""
    hidden = frozenset(c for c, k in previous.kinds.items() if k == CANDIDATE and c not in known)
    return Protection(hidden, frozenset(c for c in previous.unsafe if c in hidden), 0, "published")


def _fits(reg: Registry, published: Collection[tuple], known: frozenset) -> bool:
    """True when ``known``, the cells of one family that the previous pack showed as it was published, describes
    the cells of ``reg``, that pack's family recomputed now (``published``: the cells it publishes): every cell it
    showed is one the recomputed pack publishes, and every structural zero the recomputed pack publishes (never
    hidden) it showed. Anything else (a recoding or a selection that changed with data typed in later, another
    year shown) means the published pack had other cells, whose relations the joint model would lack."""
    mine = {c for c in published if c in reg.kinds}
    return known <= mine and all(c in known for c in mine if reg.kinds[c] != CANDIDATE)


#: The basis of the previous pack (:attr:`~finsamdash.privacy.disclosure.Disclosure.previous_basis`) by whether
#: the participant and the survey cells were taken as published
_BASIS = {(True, True): "published", (False, False): "recomputed", (True, False): "published participants",
          (False, True): "published survey"}

#: The modules whose code defines what a cell key counts and the relations between cells: the cells of a pack
#: published with another version of them are not read as today's (:func:`scheme_version`).
SCHEME_MODULES = ("finsamdash.privacy.participants", "finsamdash.privacy.survey", "finsamdash.privacy.layout",
                  "finsamdash.privacy.recode", "finsamdash.privacy.registry", "finsamdash.privacy.goals",
                  "finsamdash.privacy.pack", "finsamdash.metrics.participant_flows",
                  "finsamdash.metrics.participant_counts", "finsamdash.metrics.goals",
                  "finsamdash.metrics.indicator_results", "finsamdash.metrics.indicator_stats",
                  "finsamdash.data.contract", "finsamdash.data.dataset")


@lru_cache(maxsize=1)
def scheme_version() -> str:
    """A digest of the code that defines cell keys, their counts and relations (:data:`SCHEME_MODULES`): stored in
    every pack's ``disclosure.json.gz``; a previous pack is read as published only with the same digest."""
    import importlib

    digest = hashlib.sha256()
    for name in SCHEME_MODULES:
        digest.update(name.encode())
        digest.update(Path(importlib.import_module(name).__file__).read_bytes())
    return digest.hexdigest()


def published_previous(folder: Path | str, association_id: str, meeting: date) -> frozenset | None:
    """The shown cell keys of the pack in ``folder`` (its ``disclosure.json.gz``) when it is ``association_id``'s
    pack of ``meeting`` with this version of the cell keys (:func:`scheme_version`); None when it is not, or the
    file is missing or cannot be read (the previous pack is then recomputed and audited on its own)."""
    data = read_published(Path(folder))
    if data is None or (data.get("association_id"), data.get("meeting"), data.get("scheme")) != (
            association_id, meeting.isoformat(), scheme_version()):
        return None
    return frozenset(data["shown"])


# --- the answer --------------------------------------------------------------------------------------------


@exact.without_gc
def audit_pack(dataset: Dataset, association_id: str, meeting: date | str, *, previous: date | str | None = None,
               min_count: int = DEFAULT_MIN_COUNT, year: int | None = None,
               previous_published: Mapping[str, Collection[tuple]] | None = None) -> Disclosure:
    """Audit everything one pack publishes (see the module docstring). ``dataset`` is the whole validated dataset
    (each pack is cut at its own meeting date); ``year`` is the year shown (default the meeting's).

    ``previous_published``: by association, the cell keys its pack of the ``previous`` meeting showed as it was
    published (:func:`published_previous`): this association's for its own previous pack, other associations'
    for their survey results this pack shows in its comparison. Each is used where it describes the recomputed
    previous pack's cells (:func:`_fits`); otherwise that pack is audited on its own. The answer records the basis
    (:attr:`~finsamdash.privacy.disclosure.Disclosure.previous_basis`) and the keys it assumed
    (:attr:`~finsamdash.privacy.disclosure.Disclosure.previous_known`), so that a live page can audit again with the
    same ones."""
    started = time.perf_counter()
    meeting = pd.Timestamp(meeting).date()
    previous = pd.Timestamp(previous).date() if previous else None
    if previous is not None and previous >= meeting:
        previous = None
    year = int(year) if year is not None else meeting.year
    published = {a: frozenset(keys) for a, keys in (previous_published or {}).items()} if previous else {}
    pack = _register(dataset, association_id, meeting, year, min_count)
    before = _register(dataset, association_id, previous, previous.year, min_count) if previous else None
    known_people = known_answers = None
    if before is not None and association_id in published:  # each family on its own (the survey's basis must be
        # the one the other associations' packs take for this association's survey results in their comparison)
        known_answers = _survey_known(dataset, association_id, previous, min_count, published[association_id])
        known_people = frozenset(c for c in published[association_id] if c[:1] == ("p",))
        if not _fits(before.participants, before.published, known_people):
            known_people = None
    people = _audit(pack.participants, before.participants if before else None, known_people)
    answers = _survey_audit(dataset, association_id, meeting, previous, year, min_count, known_answers)
    shown = _shown_of(pack, people.hidden | answers.hidden)
    decided = _goal_decisions(pack, shown, people.judged, answers.judged, min_count, people.own | answers.own)
    previous_shown, earlier = {}, {}
    if before is not None:
        previous_shown = _shown_of(before, people.previous_hidden | answers.previous_hidden)
        earlier = _goal_decisions(before, previous_shown, people.previous_judged, answers.previous_judged,
                                  min_count)
    others, assumed = _comparison(dataset, association_id, meeting, previous, year, min_count, published)
    basis = None
    if before is not None:
        basis = _BASIS[known_people is not None, known_answers is not None]
        if known_people is not None or known_answers is not None:
            assumed[association_id] = published[association_id]
    stats = {"seconds": round(time.perf_counter() - started, 3), "cells": len(pack.published),
             "hidden": len(pack.published) - len(shown),
             "primary": sum(1 for c in pack.published if c in pack.participants.unsafe or c in pack.survey.unsafe),
             "rounds": people.judged[1].rounds, "method": people.judged[1].method,
             "rounds_each": list(people.rounds)}
    hidden = frozenset(c for c in pack.published if c not in shown)
    return Disclosure(association_id, meeting, previous, min_count, year, shown, hidden, pack.layouts, decided,
                      previous_shown, earlier, others=others, stats=stats,
                      since_previous=hidden - people.own - answers.own, previous_basis=basis,
                      previous_known=assumed, scheme=scheme_version())


def _shown_of(pack: _Pack, hidden: set[tuple] | frozenset) -> dict[tuple, int]:
    values = {**pack.participants.values, **pack.survey.values}
    return {c: values[c] for c in pack.published if c not in hidden}


def _goal_decisions(pack: _Pack, shown: Mapping[tuple, int], people: tuple[Registry, Protection],
                    answers: tuple[Registry, Protection], min_count: int, own: frozenset | None = None,
                    ) -> dict[tuple[int, int], GoalCells]:
    """Whether each goal's figures and status may be shown; ``own``: the cells the pack's own audit hides (None:
    the same as hidden, no previous pack)."""
    out = {}
    systems: dict[int, tuple[exact.System, np.ndarray]] = {}
    for key, (goal, x, n) in pack.goals.items():
        cells = [c for c in (x, n) if c is not None]
        if all(c in shown for c in cells) or goal.status == "no_data":
            # a goal with nothing to measure (e.g. no survey answers yet) says so: it has no count to reveal
            out[key] = GoalCells(x, n, True, True)
            continue
        family = people if x is not None else answers
        if id(family) not in systems:
            system = exact.System(family[0])
            hidden = np.zeros(len(system), dtype=bool)
            hidden[[system.index[c] for c in family[1].hidden]] = True
            systems[id(family)] = (system, hidden)
        system, hidden = systems[id(family)]
        target = x if x is not None else n
        bounds = goals.interval(system, hidden, system.index[target]) if x is not None else (0.0, float("inf"))
        n_value = shown.get(n) if (n is not None and x is not None) else None
        reveals = goals.status_reveals(goal, n_value=n_value, bounds=bounds, min_count=min_count)
        out[key] = GoalCells(x, n, False, not reveals, _reason(family[0], cells, shown, own))
    return out


def _reason(registry: Registry, cells: list[tuple], shown: Mapping[tuple, int], own: frozenset | None) -> str:
    """Why a goal's figures are hidden, in Swedish (for the utility report, never for a pack: it tells which
    count is small)."""
    if any(c not in shown and c in registry.unsafe for c in cells):
        return hiding_reasons.SMALL_COUNT
    if len(cells) == 2 and any(c in registry.unsafe for c in _complements(registry, *cells)):
        return hiding_reasons.SMALL_COMPLEMENT
    if own is not None and not any(c in own for c in cells):
        return hiding_reasons.SINCE_PREVIOUS
    return hiding_reasons.SECONDARY


def _complements(registry: Registry, x: tuple, n: tuple) -> list[tuple]:
    """The cells ``n`` − ``x`` (a goal's "not reached"): the other part of a relation ``n`` = ``x`` + rest."""
    return [p for rel in registry.relations if rel.total == n and x in rel.parts for p in rel.parts if p != x]


_SURVEYS: dict[tuple, tuple[Dataset, dict[tuple, int]]] = {}


def _survey_registry(dataset: Dataset, association_id: str, cutoff: date, year: int, min_count: int,
                     ) -> tuple[Registry, set[tuple], dict[tuple[int, int], tuple[GoalResult, tuple]]]:
    """The survey cells of one pack (with its goals on answers): the registry, the published cells and the goals'
    "N" by (year, index). Computed once per dataset and parameters: every pack of a build shows the other
    associations' survey results, audited as their own packs audit them (:func:`survey_shown`)."""
    return _memo(dataset, ("survey_registry", association_id, cutoff, year, min_count),
                 lambda: _new_survey_registry(dataset, association_id, cutoff, year, min_count))


def _survey_audit(dataset: Dataset, association_id: str, meeting: date, previous: date | None, year: int,
                  min_count: int, known: frozenset | None = None) -> _Audited:
    """The audit of one pack's survey cells (with the previous meeting's, as published when ``known`` is given: see
    :func:`_survey_known`): once per dataset and parameters."""
    def compute() -> _Audited:
        current = _survey_registry(dataset, association_id, meeting, year, min_count)[0]
        before = _survey_registry(dataset, association_id, previous, previous.year, min_count)[0] if previous else None
        return _audit(current, before, known)

    return _memo(dataset, ("survey_audit", association_id, meeting, previous, year, min_count, known), compute)


def _survey_known(dataset: Dataset, association_id: str, previous: date, min_count: int, keys: frozenset,
                  ) -> frozenset | None:
    """The survey cells of ``association_id`` among ``keys`` (what its previous pack showed as published), when
    they describe that pack's survey cells recomputed (:func:`_fits`); else None."""
    def compute() -> frozenset | None:
        reg, published, _goals = _survey_registry(dataset, association_id, previous, previous.year, min_count)
        mine = frozenset(c for c in keys if c[:1] != ("p",) and c[1:2] == (association_id,))  # answers, goals
        return mine if _fits(reg, published, mine) else None

    return _memo(dataset, ("survey_known", association_id, previous, min_count, keys), compute)


def _new_survey_registry(dataset: Dataset, association_id: str, cutoff: date, year: int, min_count: int,
                         ) -> tuple[Registry, set[tuple], dict[tuple[int, int], tuple[GoalResult, tuple]]]:
    reg = Registry(min_count=min_count)
    survey.register(reg, _survey_cells(dataset, association_id, year, cutoff, trend=True))
    goals = {}
    for gy in _goal_years(_as_of(dataset, cutoff), association_id, year):
        results = _goals_of(dataset, association_id, gy, cutoff, metrics=survey.SURVEY_METRICS)
        pooled = _survey_cells(dataset, association_id, gy, cutoff, trend=False)
        found = survey.goal_cells(reg, association_id, pooled, gy, enumerate(results))
        goals |= {(gy, index): (results[index], key) for index, key in found.items()}
    return reg, {c for c, k in reg.kinds.items() if k == CANDIDATE}, goals


def survey_shown(dataset: Dataset, association_id: str, meeting: date, previous: date | None, year: int,
                 min_count: int, known: frozenset | None = None) -> dict[tuple, int]:
    """One association's shown survey results of the year pooled, as its own pack with these dates (and the same
    basis for its previous pack, ``known``: see :func:`_survey_known`) shows them: what other associations' pages
    show in their comparison (computed once per dataset, dates and basis)."""
    key = (id(dataset), association_id, meeting, previous, year, min_count, known)
    found = _SURVEYS.get(key)
    if found is not None and found[0] is dataset:
        return found[1]
    current = _survey_registry(dataset, association_id, meeting, year, min_count)[0]
    hidden = _survey_audit(dataset, association_id, meeting, previous, year, min_count, known).hidden
    out = {c: v for c, v in current.values.items()
           if c[0] == "s" and c[4] == f"{year}:year" and current.kinds[c] == CANDIDATE and c not in hidden}
    if len(_SURVEYS) > 512:
        _SURVEYS.clear()
    _SURVEYS[key] = (dataset, out)
    return out


def _comparison(dataset: Dataset, association_id: str, meeting: date, previous: date | None, year: int,
                min_count: int, published: Mapping[str, frozenset]) -> tuple[dict[tuple, int], dict[str, frozenset]]:
    """The other associations' shown survey results (:func:`survey_shown`), each on the basis its own pack takes
    for its previous pack; and the survey cells of the previous packs taken as published, by association."""
    answers = dataset.table("survey_responses")
    if answers is None:
        return {}, {}
    others = [a for a in dict.fromkeys(answers["association_id"].astype(str)) if a != association_id]
    out: dict[tuple, int] = {}
    assumed: dict[str, frozenset] = {}
    for other in others:
        known = _survey_known(dataset, other, previous, min_count, published[other]) if (
            previous is not None and other in published) else None
        if known is not None:
            assumed[other] = known
        out.update(survey_shown(dataset, other, meeting, previous, year, min_count, known))
    return out, assumed
