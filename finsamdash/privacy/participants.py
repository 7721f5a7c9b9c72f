"""The participant cells of a pack: every count the participant pages, the summary and the goals publish, with
every relation a reader can use.

Cell keys are ``("p", selection, name, first, last)``: a fine key of
:func:`finsamdash.metrics.participant_flows.year_counts`
(``name`` with its window of ISO days) in a selection (``*``, ``i:<id>``, ``m:<name>``, ``g:<gender>``, a crossing
``i:<id>|g:<gender>``, or a merged selection ``i:<a>+<b>``). A recoded category is the fine keys joined by ``+``
(``age:age_25_34+age_35_44``). Keys carry their window, so the same count in two packs (a closed year, a month
before both meetings) is the same cell, and the active participants at 31 December are the same cell in both years.

Relations registered (all exact):

* across selections, for every fine key: the association is the sum of the interventions, of the municipalities
  (``m:`` holds the episodes without one), of the genders; an intervention and a municipality are the sums of their
  crossings with gender (for the number of participants);
* within a selection: participants = anonymous + identified; identified = Σ age bands = Σ education = Σ years in
  public support; started/ended of the year = Σ quarters = Σ months, a quarter = Σ its months; ended = Σ exit
  reasons = plan yes + plan no = Σ support before = Σ support after = Σ time in the intervention; work or studies and
  closer to the labour market as sums of reasons; ongoing = Σ its time buckets; when a selection has no anonymous
  participant the stock and flow identities (active at the end of a month + ended = active at the start + started)
  and ongoing = active;
* a merged category or selection = the sum of the fine cells it holds; a goal's "X" = the sum of its exit reasons,
  and "N" = "X" + its complement (R6: the complement is a cell).

Structural zeros (R2): an intervention's counts when it is not of the individual kind or the window lies outside
its own period, the anonymous participants of a municipality, a missing exit reason (the validator forbids it).
R3: a published total of an exit, support-before or support-after breakdown whose people all fall in one category
makes that category's cell protected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from finsamdash.data.contract import CLOSER_TO_LABOUR_MARKET, REPORTED_EXIT_REASONS, WORK_OR_STUDIES
from finsamdash.metrics.participant_flows import (
    AGE_GROUPS,
    ASSOCIATION,
    DURATION_BUCKETS,
    EDUCATION_LEVELS,
    GENDERS,
    MISSING,
    SUPPORT_GROUP_KEYS,
    SUPPORT_YEAR_BUCKETS,
    YearCounts,
)
from finsamdash.privacy.layout import YearLayout, flow_windows, stock_days
from finsamdash.privacy.registry import CANDIDATE, LATENT, STRUCTURAL, Registry, Tier

Key = tuple[str, str, str]

DISTRIBUTION_KEYS = {
    "age": [*(b.key for b in AGE_GROUPS), MISSING],
    "education": [*EDUCATION_LEVELS, MISSING],
    "support_years": [*(b.key for b in SUPPORT_YEAR_BUCKETS), MISSING],
}
DURATION_KEYS = [b.key for b in DURATION_BUCKETS]
#: The year totals every selection publishes.
TOTALS = ("episodes", "anonymous", "identified", "started", "ended", "wos")
#: The association's totals costed like a denominator (R5): they carry the shares and the front page's cards.
HEADLINE = ("episodes", "identified", "started")


def cell(selection: str, name: str, first: str, last: str) -> tuple:
    return ("p", selection, name, first, last)


@dataclass(frozen=True)
class InterventionInfo:
    """What the Insatser sheet says about an intervention (for structural zeros)."""

    kind: str | None
    start: str | None
    end: str | None


def intervention_info(rows: pd.DataFrame | None) -> dict[str, InterventionInfo]:
    if rows is None:
        return {}

    def iso(value: object) -> str | None:
        return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()

    return {str(i): InterventionInfo(None if pd.isna(k) else str(k), iso(a), iso(b))
            for i, k, a, b in zip(rows["intervention_id"], rows["kind"], rows["start_date"], rows["end_date"],
                                  strict=True)}


class Registrar:
    """Collects the participant cells of one pack: what is published (with its tier), the values, the relations."""

    def __init__(self, min_count: int, interventions: Mapping[str, InterventionInfo]) -> None:
        self.min_count = min_count
        self.info = interventions
        self.values: dict[tuple, int] = {}
        self.published: dict[tuple, Tier] = {}
        self.relations: list[tuple[tuple, tuple[tuple, ...]]] = []
        self.identities: list[dict[tuple, int]] = []
        self.protect: set[tuple] = set()

    # --- cells ------------------------------------------------------------------------------------------------

    def fine(self, counts: YearCounts, selection: str, key: Key) -> tuple:
        c = cell(selection, *key)
        if c not in self.values:
            self.values[c] = counts.get(selection, key)
        return c

    def total_of(self, total: tuple, parts: Sequence[tuple]) -> tuple:
        """``total`` as the sum of ``parts`` (registered cells): its value and the relation."""
        if len(parts) == 1 and parts[0] == total:
            return total
        if total not in self.values:
            self.values[total] = sum(self.values[p] for p in parts)
        self.relations.append((total, tuple(parts)))
        return total

    def publish(self, c: tuple, tier: Tier) -> tuple:
        self.published[c] = max(self.published.get(c, tier), tier)
        return c

    # --- structural zeros ----------------------------------------------------------------------------------

    def structural(self, c: tuple) -> bool:
        """R2: a zero that cannot be anything else."""
        if self.values.get(c, 0) != 0 or c[0] != "p":
            return False
        _p, selection, name, first, last = c
        if name == "exit:missing":
            return True
        if selection.startswith("m:") and selection != "m:" and name == "anonymous":
            return True
        head = selection.split("|")[0]
        if not head.startswith("i:") or "+" in head:
            return False
        info = self.info.get(head[2:])
        if info is None:
            return False
        if info.kind is not None and info.kind != "individual":
            return True
        if first == last:  # a stock at the end of a day
            return (info.start is not None and last < info.start) or (info.end is not None and first >= info.end)
        return (info.start is not None and last < info.start) or (info.end is not None and first > info.end)

    # --- into a registry -----------------------------------------------------------------------------------

    def fill(self, registry: Registry) -> None:
        """Register every cell (published ones as candidates unless structural; others latent, or known 0 when
        they are 0) and every relation."""
        for c, value in self.values.items():
            tier = self.published.get(c)
            if tier is not None:
                registry.add(c, value, kind=STRUCTURAL if self.structural(c) else CANDIDATE, tier=tier)
            else:
                registry.add(c, value, kind=LATENT if value else STRUCTURAL)
        for total, parts in self.relations:
            registry.relate(total, parts)
        for eq in self.identities:
            registry.identity(eq)
        registry.unsafe |= {c for c in self.protect if registry.kinds.get(c) in (CANDIDATE, LATENT)}


# --- one year ------------------------------------------------------------------------------------------------


def _fine_selections(counts: YearCounts) -> tuple[list[str], list[str], list[str]]:
    return counts.selections_of("i:"), counts.selections_of("m:"), counts.selections_of("g:")


def _live_keys(counts: YearCounts) -> list[Key]:
    """The fine keys with at least one participant in the year (the others are 0 everywhere)."""
    row = counts.selections.index(ASSOCIATION)
    return [k for k, v in zip(counts.keys, counts.values[row], strict=True) if v]


def register_year(reg: Registrar, counts: YearCounts, layout: YearLayout, *, quality: bool) -> None:
    """Every fine cell with its relations, then what the pages publish for ``layout`` (``quality``: the year's
    data-quality counts are shown too)."""
    interventions, municipalities, genders = _fine_selections(counts)
    fine = [ASSOCIATION, *interventions, *municipalities, *genders]
    keys = _live_keys(counts)
    for key in keys:
        cells = {s: reg.fine(counts, s, key) for s in fine}
        for group in (interventions, municipalities, genders):
            reg.total_of(cells[ASSOCIATION], [cells[s] for s in group])
    episodes = ("episodes", *counts.windows.whole)
    for s in [*interventions, *municipalities]:
        crossed = [reg.fine(counts, f"{s}|g:{g}", episodes) for g in GENDERS]
        reg.total_of(reg.fine(counts, s, episodes), crossed)
    for g in GENDERS:
        crossed = [reg.fine(counts, f"{s}|g:{g}", episodes) for s in interventions]
        reg.total_of(reg.fine(counts, f"g:{g}", episodes), crossed)
        crossed = [reg.fine(counts, f"{s}|g:{g}", episodes) for s in municipalities]
        reg.total_of(reg.fine(counts, f"g:{g}", episodes), crossed)
    live = set(keys)
    for s in fine:
        _within(reg, counts, s, live)
    for sel in layout.selections.values():
        _publish_selection(reg, counts, layout, sel.key)
    if quality:
        _publish_quality(reg, counts)


def _within(reg: Registrar, counts: YearCounts, s: str, live: set[Key]) -> None:
    """The relations between the fine keys of one selection (see the module docstring)."""
    win = counts.windows
    whole = win.whole

    def c(name: str, window: tuple[str, str] = whole) -> tuple:
        return reg.fine(counts, s, (name, *window))

    def total(name: str, parts: Iterable[str], window: tuple[str, str] = whole) -> None:
        parts = [p for p in parts if (p, *window) in live]
        if (name, *window) in live:
            reg.total_of(c(name, window), [c(p, window) for p in parts])

    total("episodes", ["anonymous", "identified"])
    for name, keys in DISTRIBUTION_KEYS.items():
        total("identified", [f"{name}:{k}" for k in keys])
    for flow in ("started", "ended"):
        for window in (whole, *win.quarters):
            inside = [m for m in win.months if window[0] <= m[0] and m[1] <= window[1]]
            if (flow, *window) in live:
                reg.total_of(c(flow, window), [c(flow, m) for m in inside if (flow, *m) in live])
        if (flow, *whole) in live:
            reg.total_of(c(flow, whole), [c(flow, q) for q in win.quarters if (flow, *q) in live])
    total("ended", [f"exit:{r}" for r in (*REPORTED_EXIT_REASONS, MISSING)])
    total("wos", [f"exit:{r}" for r in WORK_OR_STUDIES])
    total("closer", ["wos", "exit:job_seeking"])
    total("ended", ["plan:yes", "plan:no"])
    total("ended", [f"sb:{g}" for g in SUPPORT_GROUP_KEYS])
    total("ended", [f"sa:{g}" for g in SUPPORT_GROUP_KEYS])
    total("ended", [f"dur_ended:{k}" for k in DURATION_KEYS])
    end = (win.end, win.end)
    total("ongoing", [f"dur_ongoing:{k}" for k in DURATION_KEYS], end)
    if counts.get(s, ("anonymous", *whole)) == 0:
        _stock_and_flow(reg, c, win, live)


def _stock_and_flow(reg: Registrar, c, win, live: set[Key]) -> None:
    """Without anonymous participants every episode is in the flows: active at the end of a window + ended in it =
    active before it + started in it; participants = active on 1 January + started = ended + active at the end."""
    def term(name: str, window: tuple[str, str]) -> tuple | None:
        return c(name, window) if (name, *window) in live else None

    start_day = win.stock[0]
    for windows in (win.months, win.quarters, (win.whole,)):
        before = start_day
        for window in windows:
            after = window[1]
            terms = {term("active", (after, after)): 1, term("ended", window): 1,
                     term("active", (before, before)): -1, term("started", window): -1}
            reg.identities.append({k: v for k, v in terms.items() if k is not None})
            before = after
    whole, end = win.whole, (win.end, win.end)
    for eq in ({term("episodes", whole): 1, term("active", (start_day, start_day)): -1, term("started", whole): -1},
               {term("episodes", whole): 1, term("ended", whole): -1, term("active", end): -1},
               {term("ongoing", end): 1, term("active", end): -1}):
        reg.identities.append({k: v for k, v in eq.items() if k is not None})


#: The counts goals and the summary use.
OUTCOME_NAMES = ("episodes", "started", "ended", "wos", "closer", "plan:yes", "plan:no",
                 *(f"exit:{r}" for r in (*REPORTED_EXIT_REASONS, MISSING)))


def register_outcomes(reg: Registrar, counts: YearCounts) -> None:
    """For a year the pages do not show: the counts goals and the summary use, for the association and each
    intervention, with their relations."""
    interventions = counts.selections_of("i:")
    live = set(_live_keys(counts))
    keys = [(name, *counts.windows.whole) for name in OUTCOME_NAMES]
    keys.append(("active", counts.windows.end, counts.windows.end))
    for key in keys:
        if key in live:
            reg.total_of(reg.fine(counts, ASSOCIATION, key), [reg.fine(counts, s, key) for s in interventions])
    whole = counts.windows.whole
    for s in (ASSOCIATION, *interventions):
        def c(name: str, s: str = s) -> tuple:
            return reg.fine(counts, s, (name, *whole))

        for total, parts in (("ended", [f"exit:{r}" for r in (*REPORTED_EXIT_REASONS, MISSING)]),
                             ("wos", [f"exit:{r}" for r in WORK_OR_STUDIES]), ("closer", ["wos", "exit:job_seeking"]),
                             ("ended", ["plan:yes", "plan:no"])):
            if (total, *whole) in live:
                reg.total_of(c(total), [c(p) for p in parts if (p, *whole) in live])


# --- what the pages publish ----------------------------------------------------------------------------------


def selection_cell(reg: Registrar, counts: YearCounts, layout: YearLayout, selection: str, name: str,
                   window: tuple[str, str]) -> tuple:
    """The cell of ``name`` (a fine key or a recoded category ``a:x+y``) in ``selection`` (possibly merged)."""
    members = layout.selections[selection].members if selection in layout.selections else (selection,)
    names = fine_names(name)
    if len(members) == 1 and len(names) == 1:
        return reg.fine(counts, members[0], (name, *window))
    parts = [reg.fine(counts, m, (n, *window)) for m in members for n in names]
    return reg.total_of(cell(selection, name, *window), parts)


def fine_names(name: str) -> list[str]:
    """The fine keys a recoded category holds: ``age:a+b`` → ``age:a``, ``age:b``."""
    head, sep, tail = name.partition(":")
    return [f"{head}{sep}{k}" for k in tail.split("+")]


def _tier(selection: str, association: Tier, other: Tier) -> Tier:
    return association if selection == ASSOCIATION else other


def _publish_selection(reg: Registrar, counts: YearCounts, layout: YearLayout, key: str) -> None:
    sel = layout.selections[key]
    win = counts.windows
    whole, end = win.whole, (win.end, win.end)

    def pub(name: str, window: tuple[str, str], tier: Tier) -> tuple:
        return reg.publish(selection_cell(reg, counts, layout, key, name, window), tier)

    total = _tier(key, Tier.ASSOCIATION, Tier.INTERVENTION)
    sub = _tier(key, Tier.SUBTOTAL, Tier.DETAIL)
    for name in TOTALS:
        pub(name, whole, Tier.DENOMINATOR if name == "ended" or (key == ASSOCIATION and name in HEADLINE)
            else total)
    pub("ongoing", end, total)
    for day in stock_days(win, sel.stock_level):
        headline = key == ASSOCIATION and day == win.end  # the front page's "Pågående deltagare"
        pub("active", (day, day), Tier.DENOMINATOR if headline else total if day in (win.stock[0], win.end)
            else sub)
    if sel.flow_level != "year":
        for window in flow_windows(win, sel.flow_level):
            pub("started", window, sub)
            pub("ended", window, sub)
    if not key.startswith("g:"):
        for g in GENDERS:
            crossed = f"g:{g}" if key == ASSOCIATION else f"{key}|g:{g}"
            members = [f"{m}|g:{g}" for m in sel.members] if key != ASSOCIATION else [crossed]
            parts = [reg.fine(counts, m, ("episodes", *whole)) for m in members]
            reg.publish(reg.total_of(cell(crossed, "episodes", *whole), parts), sub)
    # R3 concerns what is known about people: "uppgift saknas" tells nothing about anybody
    sensitive = {"exit": [f"exit:{r}" for r in REPORTED_EXIT_REASONS],
                 "sb": [f"sb:{g}" for g in SUPPORT_GROUP_KEYS if g != MISSING],
                 "sa": [f"sa:{g}" for g in SUPPORT_GROUP_KEYS if g != MISSING]}
    for name, groups in sel.categories.items():
        window = end if name == "dur_ongoing" else whole
        cells = [pub(f"{name}:{g.key}", window, sub) for g in groups]
        if name in sensitive:
            _protect_single(reg, counts, layout, key, whole, sensitive[name], cells, groups)


def _protect_single(reg: Registrar, counts: YearCounts, layout: YearLayout, key: str, window: tuple[str, str],
                    fine: Sequence[str], cells: Sequence[tuple], groups: Sequence) -> None:
    """R3: when the published number who ended is safe and all of them are in one of ``fine``, protect the
    published cell holding that one."""
    members = layout.selections[key].members
    value = sum(counts.get(m, ("ended", *window)) for m in members)
    if value < reg.min_count:
        return
    full = [f for f in fine if sum(counts.get(m, (f, *window)) for m in members) == value]
    if len(full) != 1:
        return
    name = full[0].split(":", 1)[1]
    for c, group in zip(cells, groups, strict=True):
        if name in group.members:
            reg.protect.add(c)


def _publish_quality(reg: Registrar, counts: YearCounts) -> None:
    whole = counts.windows.whole
    for name in ("education:missing", "age:missing", "support_years:missing", "support_before_missing",
                 "sa:missing", "identified", "ended"):
        reg.publish(reg.fine(counts, ASSOCIATION, (name, *whole)), Tier.SUBTOTAL)


# --- the summary and the goals -----------------------------------------------------------------------------


SUMMARY_TOTALS = ("episodes", "started", "ended", "wos", "closer")


def publish_summary(reg: Registrar, counts: YearCounts, intervention_ids: Sequence[str]) -> None:
    """The cells of ``summary --json`` for the year of ``counts`` (see the CLI contract)."""
    win = counts.windows
    whole, end = win.whole, (win.end, win.end)
    for s in (ASSOCIATION, *(f"i:{i}" for i in intervention_ids)):
        total = _tier(s, Tier.ASSOCIATION, Tier.INTERVENTION)
        for name in SUMMARY_TOTALS:
            reg.publish(reg.fine(counts, s, (name, *whole)), Tier.DENOMINATOR if name == "ended" else total)
        reg.publish(reg.fine(counts, s, ("active", *end)), total)
        for r in REPORTED_EXIT_REASONS:
            reg.publish(reg.fine(counts, s, (f"exit:{r}", *whole)), _tier(s, Tier.SUBTOTAL, Tier.DETAIL))
    for name in ("anonymous", "identified"):
        reg.publish(reg.fine(counts, ASSOCIATION, (name, *whole)), Tier.ASSOCIATION)
    for g in GENDERS:
        reg.publish(reg.fine(counts, f"g:{g}", ("episodes", *whole)), Tier.ASSOCIATION)


def exit_set_name(reasons: Iterable[str]) -> str:
    """The cell name of the ended whose exit reason is one of ``reasons`` (``wos`` and ``closer`` for the two
    standard sets)."""
    chosen = [r for r in REPORTED_EXIT_REASONS if r in set(reasons)]
    if tuple(chosen) == WORK_OR_STUDIES:
        return "wos"
    if tuple(chosen) == CLOSER_TO_LABOUR_MARKET:
        return "closer"
    if len(chosen) == 1:
        return f"exit:{chosen[0]}"
    return "exitset:" + "+".join(chosen)


def goal_cells(reg: Registrar, counts: YearCounts, scope: str, metric: str, reasons: Sequence[str] = (),
               ) -> tuple[tuple | None, tuple | None]:
    """Publish the "X" and "N" of a goal on participant counts in ``scope`` (``*`` or ``i:<id>``) and return
    them (N is None for a count goal). The complement N − X is a latent cell (R6)."""
    whole = counts.windows.whole
    if metric in ("participants", "participants_started"):
        name = "episodes" if metric == "participants" else "started"
        return reg.publish(reg.fine(counts, scope, (name, *whole)), Tier.GOAL), None
    n = reg.publish(reg.fine(counts, scope, ("ended", *whole)), Tier.GOAL)
    if metric == "plan_share":
        x = reg.fine(counts, scope, ("plan:yes", *whole))
        rest = reg.fine(counts, scope, ("plan:no", *whole))
    else:
        chosen = [r for r in REPORTED_EXIT_REASONS if r in set(reasons)]
        others = [r for r in (*REPORTED_EXIT_REASONS, MISSING) if r not in chosen]
        x = reg.total_of(cell(scope, exit_set_name(chosen), *whole),
                         [reg.fine(counts, scope, (f"exit:{r}", *whole)) for r in chosen])
        rest = reg.total_of(cell(scope, "exitnot:" + "+".join(chosen), *whole),
                            [reg.fine(counts, scope, (f"exit:{r}", *whole)) for r in others])
    reg.relations.append((n, (x, rest)))
    return reg.publish(x, Tier.GOAL), n
