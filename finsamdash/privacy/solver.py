"""Least-cost complementary suppression (R5): hide the unsafe cells, then the cheapest further cells that keep them
from being worked out.

The choice is a mixed-integer programme, solved by HiGHS through :func:`scipy.optimize.milp`: one 0/1 variable per
publishable cell (1 = hide), the cost of hiding it (:data:`~finsamdash.privacy.registry.TIER_COST` and a tiny
deterministic tie-break by registration order; not the count itself, so which further cells are hidden never
depends on the value of a hidden count) as the objective, and constraints:

* **local rules**, for every relation with a protected cell (an unsafe cell, or a latent or already hidden one that
  must stay unknown): a protected total needs a hidden part; a protected part needs another hidden cell in the
  relation, and the hidden parts of a relation with a shown total must add up to at least ``min_count`` (otherwise
  the total minus the shown parts is a small group);
* **cuts** from the exact check (:mod:`finsamdash.privacy.exact`): for every count still worked out, at least one
  of the shown cells used to work it out is hidden;
* a protected cell needs another unknown cell, also in equations that follow from the registered ones, given by the
  caller: the differences of the current and the previous pack's relations (R9), where the latent number of people
  in between is unknown exactly when the current count is hidden (:class:`_Implied`);
* for a chosen cell that is the only hidden cell of a relation or of such an equation (a reader works it out at
  once, so hiding it alone protects nothing), another cell of that relation is hidden with it. These are added as
  they appear and make the rectangles (cycles of hidden cells) a table needs appear in one round instead of one cut
  at a time.

Solve, check, add cuts, solve again, until the check finds nothing. Independent blocks of the programme keep their
answer until they gain a cut; the changed ones are solved together, with a node limit (deterministic) and a time
limit (a safety net). Where a small count can be worked out in very many ways (a tiny association, a low
threshold), the solver could keep moving the hidden cells from one way to the next: after :data:`FREEZE_AFTER`
rounds every cell hidden so far stays hidden and each round only adds cells, so that the rounds come to an end. A
programme without a solution, or a check that still finds something after :data:`MAX_ROUNDS` rounds or
:data:`TIME_BUDGET` seconds of CPU time, falls back to the conservative choice: hide every cell of the constraints or
cuts concerned, and check again.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

from finsamdash.privacy import exact
from finsamdash.privacy.registry import TIER_COST, Cell, Registry

#: Branch-and-bound nodes per programme before the best solution found is taken (a deterministic limit).
NODE_LIMIT = 2000
#: Seconds per programme before the best solution found is taken: only a safety net, far above what the node
#: limit allows, so that what is hidden never depends on how busy the machine is (HiGHS counts wall-clock time).
BLOCK_TIME_LIMIT = 600.0
#: Relative optimality gap accepted: well below the cost of hiding one more detail cell (only the tie-break may be
#: left unoptimised).
MIP_GAP = 1e-4
#: HiGHS options scipy's ``milp`` has no keyword for, passed to HiGHS as they are: its feasibility-jump heuristic
#: off (about 10 % less CPU time for the audit of a national-size pack, the same hidden cells; measured in
#: docs/benchmarks.md, #11c). Dropped for good if this scipy's HiGHS does not know one of them.
HIGHS_EXTRA = {"mip_heuristic_run_feasibility_jump": False}
#: Rounds after which the cells hidden so far stay hidden (each further round only adds cells).
FREEZE_AFTER = 20
#: Solve-and-check rounds, and seconds of this process's CPU time in all, before the conservative fallback takes
#: over. CPU time, not wall-clock time: on a loaded machine the same data must give the same answer.
MAX_ROUNDS = 200
TIME_BUDGET = 300.0


@dataclass(frozen=True)
class Protection:
    """The audit's answer: every publishable cell to hide, and how it was found."""

    hidden: frozenset[Cell]
    primary: frozenset[Cell]
    rounds: int = 0
    method: str = "milp"  # "milp", or "fallback" when the conservative choice had to decide
    seconds: float = 0.0
    #: counts that stay workable whatever is hidden (they follow from cells a reader already knows)
    unresolved: tuple = ()
    stats: dict = field(default_factory=dict)


def cost(tier_cost: float, rank: int) -> float:
    """The cost of hiding a cell: its tier's, and a tie-break by ``rank``: the number of cells registered after it
    (cells are registered headline first, detail last, so of two cells of one tier the later is hidden)."""
    return tier_cost + 1e-6 * rank


class _Programme:
    """The 0/1 programme over the publishable cells that are not forced hidden."""

    def __init__(self, system: exact.System, fixed_hidden: np.ndarray, costs: np.ndarray) -> None:
        self.system = system
        self.fixed = fixed_hidden
        self.all_costs = costs
        self.variables = np.flatnonzero(system.candidate & ~fixed_hidden)
        self.var_of = {int(c): i for i, c in enumerate(self.variables.tolist())}
        self.costs = costs[self.variables]
        self.rows: list[tuple[tuple[int, ...], tuple[float, ...], float]] = []
        self.seen: set = set()
        self.cache: dict[frozenset[int], tuple[np.ndarray, np.ndarray, bool]] = {}

    def add(self, cells: Iterable[int], coefficients: Iterable[float], rhs: float) -> bool:
        """``Σ coefficient · x ≥ rhs`` over cells (fixed hidden cells must already be left out). Returns False when
        the constraint has no variable (it cannot be met by hiding more) or is already there."""
        pairs = sorted((self.var_of[c], k) for c, k in zip(cells, coefficients, strict=True) if c in self.var_of
                       and k)
        if not pairs or (rhs <= 0 and all(k > 0 for _p, k in pairs)):
            return False
        key = (tuple(p for p, _k in pairs), tuple(k for _p, k in pairs), rhs)
        if key in self.seen:
            return False
        self.seen.add(key)
        self.rows.append(key)
        return True

    def freeze(self, cells: np.ndarray) -> None:
        """Make ``cells`` hidden for good: they leave the variables, and every constraint is rewritten without
        them (one they already meet is dropped)."""
        fixed = self.fixed.copy()
        fixed[cells] = True
        rows = [([int(self.variables[v]) for v in vars_], coefs, rhs) for vars_, coefs, rhs in self.rows]
        self.__init__(self.system, fixed, self.all_costs)
        for cells_, coefs, rhs in rows:
            rest = rhs - sum(k for c, k in zip(cells_, coefs, strict=True) if fixed[c])
            kept = [(c, k) for c, k in zip(cells_, coefs, strict=True) if not fixed[c]]
            self.add([c for c, _k in kept], [k for _c, k in kept], rest)

    def solve(self) -> tuple[np.ndarray, bool]:
        """The 0/1 choice per variable (hide = True), and whether every block was solved (not a fallback).

        Blocks already solved with the same constraints keep their answer; a block of one constraint
        ``Σ x ≥ 1`` takes its cheapest cell; the others are solved together in one programme."""
        chosen = np.zeros(len(self.variables), dtype=bool)
        if not self.rows:
            return chosen, True
        labels = self._blocks()
        by_block: dict[int, list[int]] = {}
        for r, (vars_, _k, _rhs) in enumerate(self.rows):
            by_block.setdefault(int(labels[vars_[0]]), []).append(r)
        pending: list[list[int]] = []
        for rows in by_block.values():
            key = frozenset(rows)
            if key in self.cache:
                continue
            vars_, coefs, rhs = self.rows[rows[0]]
            if len(rows) == 1 and rhs == 1 and all(k >= 1 for k in coefs) and len(vars_) == len(set(vars_)):
                best = min(vars_, key=lambda v: self.costs[v])
                self.cache[key] = (np.array([best]), np.array([True]), True)
            else:
                pending.append(rows)
        if pending:
            block_vars, x, ok = self._solve_rows([r for rows in pending for r in rows])
            position = {v: i for i, v in enumerate(block_vars.tolist())}
            for rows in pending:
                mine = np.array(sorted({v for r in rows for v in self.rows[r][0]}))
                self.cache[frozenset(rows)] = (mine, x[[position[v] for v in mine.tolist()]], ok)
        solved = True
        for rows in by_block.values():
            block_vars, x, ok = self.cache[frozenset(rows)]
            chosen[block_vars] = x
            solved &= ok
        return chosen, solved

    def _blocks(self) -> np.ndarray:
        a, b = [], []
        for vars_, _k, _rhs in self.rows:
            a += vars_[:-1]
            b += vars_[1:]
        n = len(self.variables)
        graph = sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
        return connected_components(graph, directed=False)[1]

    def _solve_rows(self, rows: list[int]) -> tuple[np.ndarray, np.ndarray, bool]:
        block_vars = np.array(sorted({v for r in rows for v in self.rows[r][0]}))
        local = {v: i for i, v in enumerate(block_vars.tolist())}
        data, ri, ci, lb = [], [], [], []
        for i, r in enumerate(rows):
            vars_, coefs, rhs = self.rows[r]
            ri += [i] * len(vars_)
            ci += [local[v] for v in vars_]
            data += list(coefs)
            lb.append(rhs)
        matrix = sparse.csr_matrix((data, (ri, ci)), shape=(len(rows), len(block_vars)))
        result = _milp(self.costs[block_vars], integrality=np.ones(len(block_vars)), bounds=Bounds(0, 1),
                       constraints=LinearConstraint(matrix, np.array(lb), np.inf),
                       options={"node_limit": NODE_LIMIT, "time_limit": BLOCK_TIME_LIMIT, "mip_rel_gap": MIP_GAP})
        if result.x is None:  # no solution within the limits: the conservative choice
            return block_vars, np.ones(len(block_vars), dtype=bool), False
        return block_vars, result.x > 0.5, True  # optimal, or the best found within the node limit


def _milp(costs: np.ndarray, *, options: dict, **kwargs):
    """``scipy.optimize.milp`` with :data:`HIGHS_EXTRA` (scipy warns that it passes them on as they are)."""
    if HIGHS_EXTRA:
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)
                return milp(costs, options={**options, **HIGHS_EXTRA}, **kwargs)
        except AttributeError:  # an older HiGHS without one of them
            HIGHS_EXTRA.clear()
    return milp(costs, options=options, **kwargs)


def _local_rules(programme: _Programme, system: exact.System, protected: np.ndarray) -> None:
    """The local constraints of every relation and identity with a protected cell (see the module docstring)."""
    m = system.min_count
    fixed, values = programme.fixed, system.values
    for total, parts in zip(system.totals.tolist(), system.parts, strict=True):
        parts = parts.tolist()
        if protected[total] and not any(fixed[p] for p in parts):
            programme.add(parts, [1.0] * len(parts), 1.0)
        if fixed[total] or not any(protected[p] for p in parts):
            continue
        for p in parts:
            if protected[p]:
                others = [c for c in (total, *parts) if c != p]
                if not any(fixed[c] for c in others):
                    programme.add(others, [1.0] * len(others), 1.0)
        rhs = m - sum(int(values[p]) for p in parts if fixed[p])
        if rhs > 0:
            programme.add([total, *parts], [float(m)] + [float(values[p]) for p in parts], float(rhs))
    eq = system.equations
    for e in range(len(system.parts), eq.shape[0]):
        members = eq.indices[eq.indptr[e]:eq.indptr[e + 1]].tolist()
        for c in members:
            others = [o for o in members if o != c]
            if protected[c] and not any(fixed[o] for o in others):
                programme.add(others, [1.0] * len(others), 1.0)


def _useless(programme: _Programme, system: exact.System, hidden: np.ndarray) -> int:
    """For every chosen cell that is the only hidden cell of an equation (so a reader works it out at once, and
    hiding it protects nothing): a constraint that another cell of that equation is hidden with it. Returns how
    many were added. (An optimal choice never hides such a cell, so no optimal choice is excluded.)"""
    eq = system.equations
    entries = hidden[eq.indices]
    per_row = np.add.reduceat(entries.astype(np.int64), eq.indptr[:-1]) if len(eq.indices) else np.array([])
    added = 0
    for e in np.flatnonzero(per_row == 1).tolist():
        members = eq.indices[eq.indptr[e]:eq.indptr[e + 1]].tolist()
        alone = next(c for c in members if hidden[c])
        if alone in programme.var_of:
            others = [c for c in members if c != alone]
            added += programme.add([alone, *others], [-1.0] + [1.0] * len(others), 0.0)
    return added


class _Implied:
    """Equations that follow from the registered ones (the differences of two packs' relations, see
    :func:`protect`), used for local rules only (the exact check needs nothing more): a latent cell in them is
    known exactly when the candidate cell that reveals it is shown (the one candidate of a registered relation
    whose other cells are known, as ``cur = prev + new`` with ``prev`` shown); one without such a cell is never
    known."""

    def __init__(self, system: exact.System, equations: Iterable[Iterable[Cell]]) -> None:
        self.equations: list[list[int]] = []
        for equation in equations:
            cells = [system.index.get(c) for c in equation]
            if None not in cells:
                self.equations.append(cells)
        self.reveals: dict[int, int] = {}
        if not self.equations:
            return
        for total, parts in zip(system.total_list, system.part_list, strict=True):
            cells = [total, *parts]
            unknown = [c for c in cells if system.always_hidden[c]]
            shown = [c for c in cells if system.candidate[c]]
            if len(unknown) == 1 and len(shown) == 1 and len(cells) == 2 + sum(system.constant[c] for c in cells):
                self.reveals.setdefault(unknown[0], shown[0])

    def _stand_in(self, system: exact.System, c: int) -> int | None:
        """The candidate cell whose hiding keeps ``c`` unknown (None: ``c`` is known or never known)."""
        if system.always_hidden[c]:
            return self.reveals.get(c)
        return c if system.candidate[c] else None

    def local_rules(self, programme: _Programme, system: exact.System, protected: np.ndarray) -> None:
        """A protected cell of an implied equation needs another cell of it unknown."""
        fixed = programme.fixed
        for cells in self.equations:
            for p in cells:
                if not protected[p]:
                    continue
                stand_ins = []
                for c in cells:
                    if c == p or system.constant[c]:
                        continue
                    s = self._stand_in(system, c)
                    if s is None or fixed[s]:
                        break  # never known, or hidden already: the rule holds
                    stand_ins.append(s)
                else:
                    programme.add(stand_ins, [1.0] * len(stand_ins), 1.0)

    def useless(self, programme: _Programme, system: exact.System, hidden: np.ndarray) -> int:
        """As :func:`_useless`, for the implied equations with exactly one unknown cell."""
        added = 0
        for cells in self.equations:
            unknown = []
            for c in cells:
                if system.constant[c]:
                    continue
                s = self._stand_in(system, c)
                if s is None:
                    if system.always_hidden[c]:
                        unknown.append((c, None))
                elif hidden[s]:
                    unknown.append((c, s))
            if len(unknown) != 1 or unknown[0][1] not in programme.var_of:
                continue
            alone = unknown[0][1]
            others = [s for c in cells if c != unknown[0][0] and (s := self._stand_in(system, c)) is not None]
            added += programme.add([alone, *others], [-1.0] + [1.0] * len(others), 0.0)
        return added


def protect(registry: Registry, *, forced: Iterable[Cell] = (),
            implied: Iterable[Iterable[Cell]] = ()) -> Protection:
    """Hide every unsafe publishable cell of ``registry`` and the least costly set of further cells so that the
    exact check finds nothing (see the module docstring). ``forced`` cells are hidden whatever they cost.
    ``implied``: the cells of equations that follow from the registered ones, whose local rules are added to the
    first programme (the exact check finds the same constraints one round at a time)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    system = exact.System(registry)
    fixed = (system.candidate & system.unsafe) | system.always_hidden
    for cell in forced:
        i = system.index.get(cell)
        if i is not None and system.candidate[i]:
            fixed[i] = True
    n = len(system.cells)
    costs = np.array([cost(TIER_COST[registry.tiers[c]], n - i) for i, c in enumerate(system.cells)])
    programme = _Programme(system, fixed, costs)
    _local_rules(programme, system, fixed & system.unsafe)
    derived = _Implied(system, implied)
    derived.local_rules(programme, system, fixed & system.unsafe)
    primary = frozenset(system.cells[i] for i in np.flatnonzero(system.candidate & system.unsafe))
    rounds, method, unresolved = 0, "milp", []
    while True:
        rounds += 1
        chosen, solved = programme.solve()
        if not solved:
            method = "fallback"
        hidden = programme.fixed.copy()
        hidden[programme.variables[chosen]] = True
        if rounds >= FREEZE_AFTER:
            programme.freeze(programme.variables[chosen])
        useless = _useless(programme, system, hidden | system.always_hidden)
        useless += derived.useless(programme, system, hidden)
        violations, added = _check(programme, system, hidden)
        unresolved = [v for v in violations if not v.cuts]
        if not useless and (not violations or (not any(added) and len(unresolved) == len(violations))):
            break
        if (violations and not any(added) and not useless) or rounds >= MAX_ROUNDS or (
                time.process_time() - cpu_started > TIME_BUDGET):
            hidden, unresolved = _conservative(system, hidden, violations)
            method = "fallback"
            break
    optional = hidden & system.candidate & ~fixed
    hidden &= ~(exact.determined(system, hidden, optional) & optional)  # hiding what is worked out anyway is no use
    hidden_cells = frozenset(system.cells[i] for i in np.flatnonzero(hidden & system.candidate))
    return Protection(hidden_cells, primary, rounds, method, round(time.perf_counter() - started, 3),
                      tuple((tuple(system.cells[i] for i in v.cells), v.group) for v in unresolved),
                      {"cells": len(system), "variables": len(programme.variables),
                       "constraints": len(programme.rows)})


def _check(programme: _Programme, system: exact.System, hidden: np.ndarray,
           ) -> tuple[list[exact.Violation], list[bool]]:
    """The exact check of ``hidden``, its cuts added to the programme (whether each was new). When every cut found
    is known already, the cuts of the deferred violations are sought too."""
    violations = exact.find(system, hidden)
    added = [programme.add(sorted(cut), [1.0] * len(cut), 1.0) for v in violations for cut in v.cuts]
    if not any(added) and any(v.deferred for v in violations):
        violations = exact.find(system, hidden, cap=None)
        added = [programme.add(sorted(cut), [1.0] * len(cut), 1.0) for v in violations for cut in v.cuts]
    return violations, added


def _conservative(system: exact.System, hidden: np.ndarray, violations: list[exact.Violation],
                  ) -> tuple[np.ndarray, list[exact.Violation]]:
    """Hide every shown cell of every cut until the check finds nothing that hiding more could break."""
    hidden = hidden.copy()
    while True:
        cut = {c for v in violations for found in v.cuts for c in found}
        if not cut:
            return hidden, violations
        hidden[list(cut)] = True
        violations = exact.find(system, hidden, cap=None)
