"""The exact check: which unsafe counts, and which small groups of hidden counts, a reader can work out.

A reader knows every shown cell and every relation between cells (:mod:`finsamdash.privacy.registry`), and that
counts are never negative (so the parts of a shown 0 are 0). The unknowns are the hidden cells. A linear
combination ``s · x`` of hidden cells can be worked out exactly when ``s`` lies in the row space of the relations
restricted to the hidden cells. The check reports:

* every unsafe cell that can be worked out (R1, R3);
* every **small group** that can be worked out (group disclosure): a sum of 1 … ``min_count`` − 1 people made of
  disjoint hidden cells – the hidden parts of a relation whose total is known (directly, or through hidden totals
  of other relations: the women active on 1 January in all interventions minus those shown for one intervention),
  and small sub-sums of the hidden parts of one relation that other relations give away.

For each it returns **cuts**: the shown cells used by a way of working it out, at least one of which must be
hidden to break that way (the solver adds ``Σ x ≥ 1`` over them and solves again).

The relations are solved per connected component of hidden cells (cells linked by a relation), exactly: sparse
Gaussian elimination modulo a large prime, then random vectors of the null space (a combination can be worked out
exactly when it is orthogonal to every one of them). Components without an unsafe cell are not solved. A way of
working a count out is sought first among the equations around it (least squares on a small system), else from the
elimination of its whole component (which pivot rows were subtracted from which is logged, so that any pivot row
can be written as a combination of the equations).
"""

from __future__ import annotations

import functools
import gc
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise
from operator import mul

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from finsamdash.privacy.registry import CANDIDATE, KNOWN, LATENT, STRUCTURAL, UNKNOWN, Registry

#: Hidden small parts of one relation up to which every sub-sum is tested (2**n subsets); above, pairs and
#: all-but-one only.
ALL_SUBSETS_UP_TO = 6
#: At most this many groups are formed per relation by replacing hidden totals by their hidden parts (and the one
#: with the fewest people, however deep: :func:`_lowest_group`).
CHAINS_PER_RELATION = 32
#: Violations per component whose cuts one check seeks (see :func:`find`).
CUTS_PER_COMPONENT = 40
#: Rings of equations around a count tried to find a short way of working it out, and the largest such local
#: system (unknown cells or equations) solved; beyond, the component's elimination gives the way.
MAX_RINGS = 2
LOCAL_UP_TO = 60
#: Ways of working out one count looked for per check (the later ones among the equations around it only).
DERIVATIONS = 6
#: The prime of the field the equations are solved in (exact arithmetic; a determined count is never missed unless
#: this prime divides a minor of the equations, which for sums of counts with coefficients ±1 does not happen in
#: practice).
PRIME = (1 << 61) - 1
#: Random vectors of the null space per component: a count that is not determined shows a non-zero entry in a
#: random null vector except with probability 1/PRIME; two make a false "determined" practically impossible.
NULL_VECTORS = 2
#: The seed of the random values of the null vectors (drawn once per system, see :meth:`System.random_values`).
RANDOM_SEED = 20261123
_TOL = 1e-7
#: Components of more cells than this find their equations with one sparse slice (fewer: a Python loop is faster).
_VECTORISED_FROM = 64


def without_gc(function: Callable) -> Callable:
    """``function`` run with Python's cyclic garbage collector paused (and restored as it was, also on an error).

    The audit allocates hundreds of thousands of small containers (cells, equations, pivot rows) that live until
    it ends; the collector would scan every live object again and again while they pile up (0.24–0.52 s of CPU
    per national pack, docs/benchmarks.md, #11 fifth round). What the audit drops is freed by reference counting
    at once: it builds no reference cycles (the exact check's components do not point back to their system; a
    national pack's audit leaves no cyclic garbage, checked with ``gc.DEBUG_SAVEALL``), so pausing the collector
    keeps nothing alive longer: it only skips the scans."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return run


@dataclass(frozen=True)
class Violation:
    """A count a reader can work out: ``cells`` (ids) are one unsafe cell, or the disjoint hidden cells of a small
    group; each of ``cuts`` holds the ids of the shown candidate cells of one way of working it out (at least one
    of them must be hidden to break that way)."""

    cells: tuple[int, ...]
    cuts: tuple[frozenset[int], ...]
    group: bool
    #: True when the ways of working it out were not sought this time (see :func:`find`'s ``cap``)
    deferred: bool = False


class System:
    """A :class:`~finsamdash.privacy.registry.Registry` as arrays: cells are numbered in registration order."""

    def __init__(self, registry: Registry) -> None:
        self.cells = list(registry.values)
        self.index = {c: i for i, c in enumerate(self.cells)}
        self.min_count = registry.min_count
        n = len(self.cells)
        self.values = np.fromiter((registry.values[c] for c in self.cells), dtype=np.int64, count=n)
        kinds = [registry.kinds[c] for c in self.cells]
        self.candidate = np.array([k == CANDIDATE for k in kinds], dtype=bool)
        #: hidden whatever the audit decides
        self.always_hidden = np.array([k in (LATENT, UNKNOWN) for k in kinds], dtype=bool)
        self.constant = np.array([k in (STRUCTURAL, KNOWN) for k in kinds], dtype=bool)
        self.unsafe = np.zeros(n, dtype=bool)
        self.unsafe[[self.index[c] for c in registry.unsafe]] = True
        # relations as (total, parts) ids, and every equation as a sparse row (relations first)
        index = self.index
        #: the relations as plain Python lists (fast for the many small components), and as arrays
        self.total_list: list[int] = [index[r.total] for r in registry.relations]
        self.part_list: list[list[int]] = [[index[p] for p in r.parts] for r in registry.relations]
        self.totals = np.array(self.total_list, dtype=np.int64)
        self.parts = [np.array(p, dtype=np.int64) for p in self.part_list]
        self.value_list: list[int] = self.values.tolist()
        rows, cols, data = [], [], []
        for e, (total, parts) in enumerate(zip(self.total_list, self.part_list, strict=True)):
            rows += [e] * (len(parts) + 1)
            cols.append(total)
            cols += parts
            data.append(1.0)
            data += [-1.0] * len(parts)
        for e, eq in enumerate(registry.identities, start=len(self.parts)):
            for c, k in eq.items():
                rows.append(e)
                cols.append(index[c])
                data.append(float(k))
        self.equations = sparse.csr_matrix((data, (rows, cols)),
                                           shape=(len(self.parts) + len(registry.identities), n))
        self.equations.sum_duplicates()
        self.by_cell = self.equations.tocsc()
        #: per equation its (cell, integer coefficient) pairs, and per cell its equations (plain lists: fast for the
        #: many small components)
        bounds, cells, coefficients = (self.equations.indptr.tolist(), self.equations.indices.tolist(),
                                       self.equations.data.astype(np.int64).tolist())
        self.row_entries = [list(zip(cells[lo:hi], coefficients[lo:hi], strict=True))
                            for lo, hi in pairwise(bounds)]
        #: the same with the coefficients modulo :data:`PRIME` (as the components are solved)
        self.row_residues = [[(c, v % PRIME) for c, v in entries] for entries in self.row_entries]
        bounds, rows_of = self.by_cell.indptr.tolist(), self.by_cell.indices.tolist()
        self.cell_rows = [rows_of[lo:hi] for lo, hi in pairwise(bounds)]
        #: relations whose total is 0 (all their parts are 0): (total, parts)
        self.zero_relations = [(t, p) for t, p in zip(self.total_list, self.part_list, strict=True)
                               if self.value_list[t] == 0 and p]
        # which relations a cell is the total of, and a part of
        self.total_of: dict[int, list[int]] = {}
        self.part_of: dict[int, list[int]] = {}
        for r, (total, parts) in enumerate(zip(self.total_list, self.part_list, strict=True)):
            self.total_of.setdefault(total, []).append(r)
            for p in parts:
                self.part_of.setdefault(p, []).append(r)
        #: per cell, the relations it is a part of that have a part which is the total of another relation (only
        #: there can a chain replace a hidden total by its parts)
        self.nested_part_of: dict[int, list[int]] = {}
        for r, parts in enumerate(self.part_list):
            if any(p in self.total_of for p in parts):
                for p in parts:
                    self.nested_part_of.setdefault(p, []).append(r)

        #: components solved (by their cells as bytes) and what a reader can work out in each: both depend on the
        #: component's cells only, so a component that comes back unchanged in a later round is not solved again
        self.solved: dict[bytes, _Component] = {}
        self.leaks: dict[bytes, list[tuple[tuple[int, ...], bool]]] = {}
        #: the ways of working a count out found among the equations around it (:func:`_local`), by the count's
        #: cells and which cells around them are unknown, and those cells per count (see :func:`_local`)
        self.local: dict[tuple[tuple[int, ...], bytes], np.ndarray | None] = {}
        self.around: dict[tuple[int, ...], np.ndarray] = {}
        self._random: list[list[int]] | None = None

    def random_values(self) -> list[list[int]]:
        """:data:`NULL_VECTORS` random values in 1 … :data:`PRIME` − 1 per cell, drawn once per system (seeded: the
        check is deterministic): the free values of every component's random null vectors. A component's test is
        as sound with values shared by other components as with its own draws, and drawing a generator per
        component cost more than solving the many small ones."""
        if self._random is None:
            rng = np.random.default_rng(RANDOM_SEED)
            self._random = rng.integers(1, PRIME, size=(NULL_VECTORS, len(self.cells)), dtype=np.int64).tolist()
        return self._random

    def __len__(self) -> int:
        return len(self.cells)


def zero_known(system: System, hidden: np.ndarray) -> tuple[np.ndarray, dict[int, int]]:
    """Hidden cells a reader knows to be 0 because they are parts of a known 0 (counts are never negative), and
    for each the shown cell that proves it."""
    known_zero = np.zeros(len(system), dtype=bool)
    source: dict[int, int] = {}
    changed = True
    while changed:
        changed = False
        for total, parts in system.zero_relations:
            if hidden[total] and not known_zero[total]:
                continue
            origin = source.get(total, total)
            for p in parts:
                if hidden[p] and not known_zero[p]:
                    known_zero[p] = True
                    source[p] = origin
                    changed = True
    return known_zero, source


def _components(system: System, unknown: np.ndarray) -> tuple[int, np.ndarray]:
    """Connected components of the unknown cells, linked by the equations they share."""
    eq = system.equations
    n = len(system)
    entries = np.flatnonzero(unknown[eq.indices])
    row_of = np.repeat(np.arange(eq.shape[0]), np.diff(eq.indptr))[entries]
    same = row_of[:-1] == row_of[1:]
    a, b = eq.indices[entries[:-1][same]], eq.indices[entries[1:][same]]
    graph = sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    return connected_components(graph, directed=False)


class _Component:
    """One component of unknown cells, solved exactly (see the module docstring)."""

    def __init__(self, system: System, members: np.ndarray) -> None:
        self.members = members
        cells = members.tolist()
        self.column = column = {c: i for i, c in enumerate(cells)}
        if len(cells) > _VECTORISED_FROM:  # the equations of many cells: one sparse slice
            self.rows = np.unique(system.by_cell[:, members].indices).astype(np.int64)
        else:
            self.rows = np.array(sorted({e for c in cells for e in system.cell_rows[c]}), dtype=np.int64)
        residues = system.row_residues
        equations = [{column[c]: v for c, v in residues[e] if c in column} for e in self.rows.tolist()]
        self.order, self.pivots, self.made = _eliminate(equations)
        if len(members) == 1:  # one unknown cell: worked out by any equation it is in (the most common case)
            self.null = [[0 if len(self.rows) else 1]] * NULL_VECTORS
        else:
            self.null = [_null_vector(list(map(drawn.__getitem__, cells)), self.order, self.pivots)
                         for drawn in system.random_values()]
        self.determined = ~np.array(self.null, dtype=np.int64).any(axis=0)

    def contains(self, cells: Sequence[int]) -> bool:
        """True when the sum of ``cells`` can be worked out."""
        idx = list(map(self.column.__getitem__, cells))
        return all(sum(map(v.__getitem__, idx)) % PRIME == 0 for v in self.null)

    def derivation(self, cells: Sequence[int]) -> dict[int, int] | None:
        """Coefficients (per equation id) of a combination giving the sum of ``cells``; None when there is none."""
        rest = {self.column[c]: 1 for c in cells}
        weight: dict[int, int] = {}  # per pivot row (its position): its coefficient in the combination
        for col in self.order:
            factor = rest.get(col)
            if not factor:
                continue
            for c, v in self.pivots[col].items():
                new = (rest.get(c, 0) - factor * v) % PRIME
                if new:
                    rest[c] = new
                else:
                    rest.pop(c, None)
            row = self.made.row[col]
            weight[row] = (weight.get(row, 0) + factor) % PRIME
        if rest:
            return None
        lam = _combination(weight, self.made, self.order)
        return {int(self.rows[e]): k for e, k in lam.items() if k}


def _combination(weight: dict[int, int], made: _Made, order: list[int]) -> dict[int, int]:
    """``Σ weight[r] · (pivot row r as a combination of the equations)``, by equation position.

    A pivot row ``r`` is ``inverse · (equation r − Σ factor · pivot row p)`` over the earlier pivot rows ``p``
    subtracted from it (:func:`_eliminate`'s log), so the weights are pushed from the last pivot to the first
    (reverse accumulation): the same combination, exactly (modular arithmetic), as carrying every pivot row's
    combination through the elimination, without the cost of carrying them."""
    lam: dict[int, int] = {}
    for col in reversed(order):
        row = made.row[col]
        w = weight.get(row)
        if not w:
            continue
        w = w * made.inverse.get(row, 1) % PRIME
        lam[row] = (lam.get(row, 0) + w) % PRIME
        ops = made.ops[row]
        for i in range(0, len(ops), 2):
            earlier = ops[i]
            weight[earlier] = (weight.get(earlier, 0) - w * ops[i + 1]) % PRIME
    return lam


@dataclass
class _Made:
    """How :func:`_eliminate` made each pivot row: the position of its equation per pivot column (``row``), the
    inverse it was normalised with (``inverse``, by position; 1 when absent) and the earlier pivot rows subtracted
    from it in turn, as a flat list ``[position, factor, position, factor, …]`` (``ops``, by position). Plain
    ints in few containers: a tuple per operation would make the garbage collector run far more often."""

    row: dict[int, int]
    inverse: dict[int, int]
    ops: dict[int, list[int]]


def _eliminate(equations: list[dict[int, int]]) -> tuple[list[int], dict[int, dict[int, int]], _Made]:
    """Gaussian elimination modulo :data:`PRIME`, the shortest row first and in it the column in the fewest rows:
    the pivot columns in the order chosen, each pivot's row (normalised to 1 at its pivot; it may hold pivots
    chosen later) and how each pivot row was made (:class:`_Made`) – enough to write any pivot row as a
    combination of the equations (:func:`_combination`)."""
    rows = {r: eq for r, eq in enumerate(equations) if eq}
    ops: dict[int, list[int]] = {r: [] for r in rows}
    by_column: dict[int, set[int]] = {}
    for r, eq in rows.items():
        for c in eq:
            if c in by_column:
                by_column[c].add(r)
            else:
                by_column[c] = {r}
    heap = [(len(eq), r) for r, eq in rows.items()]
    heapq.heapify(heap)
    pop, push = heapq.heappop, heapq.heappush
    order: list[int] = []
    pivots: dict[int, dict[int, int]] = {}
    made = _Made({}, {}, ops)
    p = PRIME
    while heap:
        size, r = pop(heap)
        row = rows.get(r)
        if row is None or len(row) != size:
            continue  # stale entry
        del rows[r]
        if size == 1:
            col = next(iter(row))
        else:  # the column in the fewest rows (then the lowest)
            col, fewest = -1, 0
            for c in row:
                k = len(by_column[c])
                if col < 0 or k < fewest or (k == fewest and c < col):
                    col, fewest = c, k
        pivot = row[col]
        if pivot != 1:  # most coefficients are ±1: −1 is its own inverse
            inverse = made.inverse[r] = p - 1 if pivot == p - 1 else pow(pivot, p - 2, p)
            row = {c: v * inverse % p for c, v in row.items()}
        for c in row:
            by_column[c].discard(r)
        items = [(c, v) for c, v in row.items() if c != col]  # (the pivot's own entry leaves each target)
        others = by_column.pop(col)
        by_column[col] = set()
        for other in others:
            # target −= factor · row (modulo the prime), keeping by_column up to date
            target = rows[other]
            before = len(target)
            factor = target.pop(col)
            for c, v in items:
                new = (target.get(c, 0) - factor * v) % p
                if new:
                    if c not in target:
                        by_column[c].add(other)
                    target[c] = new
                elif c in target:
                    del target[c]
                    by_column[c].discard(other)
            ops[other] += (r, factor)
            if not target:
                del rows[other]
            elif len(target) != before:  # (a row's entry with an unchanged size is in the heap already)
                push(heap, (len(target), other))
        order.append(col)
        pivots[col] = row
        made.row[col] = r
    return order, pivots, made


def _null_vector(values: list[int], order: list[int], pivots: dict[int, dict[int, int]]) -> list[int]:
    """A random vector of the null space: ``values`` (random, one per column) for the free cells, then each pivot
    from the later ones."""
    get = values.__getitem__
    for col in reversed(order):
        row = pivots[col]  # (1 at ``col``: its own term is taken back out of the sum)
        values[col] = (values[col] - sum(map(mul, row.values(), map(get, row)))) % PRIME
    return values


def find(system: System, hidden: np.ndarray, *, cap: int | None = CUTS_PER_COMPONENT) -> list[Violation]:
    """Every unsafe cell and small group a reader can work out when the cells in ``hidden`` (a boolean array;
    latent and unknown cells are hidden whatever it says) are hidden. A component found clean before with the
    same cells is not solved again (``system.leaks``). The ways of working them out (the cuts) are sought for at
    most ``cap`` of them per component (None: all); the others come ``deferred``, without cuts: often one cut
    breaks many at once, and finding every way for every one of them is the slowest part of the check."""
    hidden = hidden | system.always_hidden
    known_zero, zero_source = zero_known(system, hidden)
    unknown = hidden & ~known_zero
    _count, labels = _components(system, unknown)
    targets = np.unique(labels[unknown & system.unsafe])
    small = unknown & (system.values > 0) & (system.values < system.min_count)
    out: dict[tuple[int, ...], Violation] = {}
    used = _Used(system, hidden, known_zero, zero_source)
    for members in _members(labels, unknown, targets):
        key = members.tobytes()
        leaks = system.leaks.get(key)
        if leaks is None:
            comp = _solve(system, members, key)
            leaks = system.leaks[key] = _cell_leaks(system, comp) + _group_leaks(system, comp, unknown, small)
        if not leaks:
            continue
        comp = _solve(system, members, key)
        sought = 0
        for cells, group in leaks:
            if cells in out:
                continue
            if cap is not None and sought >= cap:
                out[cells] = Violation(cells, (), group, deferred=True)
                continue
            sought += 1
            out[cells] = Violation(cells, _cuts(system, comp, cells, unknown, used), group)
    return list(out.values())


def determined(system: System, hidden: np.ndarray, among: np.ndarray | None = None) -> np.ndarray:
    """The hidden cells a reader can work out anyway (known zeros included) when ``hidden`` is hidden; with
    ``among``, only the components holding one of those cells are solved (the others come out False)."""
    hidden = hidden | system.always_hidden
    known_zero, _source = zero_known(system, hidden)
    unknown = hidden & ~known_zero
    out = hidden & known_zero
    _count, labels = _components(system, unknown)
    wanted = unknown if among is None else unknown & among
    for members in _members(labels, unknown, np.unique(labels[wanted])):
        out[members] = _solve(system, members, members.tobytes()).determined
    return out


def _members(labels: np.ndarray, unknown: np.ndarray, wanted: np.ndarray) -> list[np.ndarray]:
    """The unknown cells (ascending) of each component label in ``wanted`` (ascending labels)."""
    cells = np.flatnonzero(unknown)
    cells = cells[np.isin(labels[cells], wanted)]
    cells = cells[np.argsort(labels[cells], kind="stable")]
    bounds = np.flatnonzero(np.diff(labels[cells])) + 1
    return np.split(cells, bounds) if len(cells) else []


#: Components kept solved per system before the store is emptied (a bound on memory).
SOLVED_UP_TO = 50_000


def _solve(system: System, members: np.ndarray, key: bytes) -> _Component:
    """The component of ``members`` solved (once per system: it depends on its cells only)."""
    comp = system.solved.get(key)
    if comp is None:
        if len(system.solved) >= SOLVED_UP_TO:
            system.solved.clear()
        comp = system.solved[key] = _Component(system, members)
    return comp


def _cell_leaks(system: System, comp: _Component) -> list[tuple[tuple[int, ...], bool]]:
    return [((int(c),), False) for c, det in zip(comp.members.tolist(), comp.determined, strict=True)
            if det and system.unsafe[c]]


def _group_leaks(system: System, comp: _Component, unknown: np.ndarray, small: np.ndarray,
                 ) -> list[tuple[tuple[int, ...], bool]]:
    """Small groups of disjoint unknown cells that can be worked out (see the module docstring)."""
    if comp.determined.all():  # a group is made of parts that are not determined: there are none
        return []
    determined = set(comp.members[comp.determined].tolist())
    undetermined = set(comp.members[~comp.determined].tolist())
    m = system.min_count
    values, part_list = system.value_list, system.part_list
    value_of = values.__getitem__

    found: dict[int, tuple[tuple[int, ...], int]] = {}

    def open_parts(r: int) -> tuple[tuple[int, ...], int]:
        """The parts of relation ``r`` in the component and not determined, and the sum of their counts."""
        parts = found.get(r)
        if parts is None:
            cells = tuple(p for p in part_list[r] if p in undetermined)
            parts = found[r] = (cells, sum(map(value_of, cells)))
        return parts

    lowest: dict[int, float] = {}

    def chained(parts: tuple[int, ...], value: int) -> list[tuple[tuple[int, ...], int]]:
        """The groups reached from ``parts`` by replacing hidden totals by their parts (:func:`_chains`, and
        :func:`_lowest_group`); none when every group they can reach holds at least min_count people (the bound
        holds for each of them, see :func:`_low`)."""
        if sum(_low(system, c, open_parts, lowest) for c in set(parts)) >= m:
            return []
        return [*_chains(system, parts, value, open_parts), _lowest_group(system, parts, open_parts, lowest)]

    out: list[tuple[tuple[int, ...], bool]] = []

    def keep_small(groups: list[tuple[tuple[int, ...], int]]) -> None:
        out.extend((tuple(sorted(group)), True) for group, people in groups if len(group) > 1 and 0 < people < m)

    members = comp.members
    small_members = set(members[small[members]].tolist())
    part_of = system.part_of
    relations = {r for c in small_members for r in part_of.get(c, ())}
    for r in sorted(relations):
        parts, value = open_parts(r)
        total = system.total_list[r]
        total_known = not unknown[total] or total in determined
        if total_known:
            keep_small([(parts, value), *chained(parts, value)])
        tiny = [p for p in parts if p in small_members]
        for group in _subsets(tiny):
            if 0 < sum(map(value_of, group)) < m and comp.contains(group):
                out.append((tuple(sorted(group)), True))
    # a relation of a known total none of whose parts is small can still reach a small group through the hidden
    # totals among its parts (a total shown at this meeting whose parts were shown at the previous one: the few
    # who came in between, one latent cell per part); its own open parts hold no small count, so their sum is 0 or
    # at least min_count: only its chains can be small
    nested_part_of = system.nested_part_of
    touched = {r for c in undetermined for r in nested_part_of.get(c, ())} - relations
    for r in sorted(touched):
        total = system.total_list[r]
        if unknown[total] and total not in determined:
            continue
        keep_small(chained(*open_parts(r)))
    return out


def _low(system: System, c: int, open_parts, lowest: dict[int, float]) -> float:
    """A lower bound of what cell ``c`` adds to any group :func:`_chains` reaches: its count, or the least of what
    the open parts of a relation it is the total of add (−∞ on a cycle: no bound). ``lowest`` keeps them."""
    bound = lowest.get(c)
    if bound is None:
        lowest[c] = -np.inf
        bound = system.value_list[c]
        for r in system.total_of.get(c, ()):
            inner, _value = open_parts(r)
            if inner:
                bound = min(bound, sum(_low(system, q, open_parts, lowest) for q in inner))
        lowest[c] = bound
    return bound


def _lowest_group(system: System, parts: tuple[int, ...], open_parts, lowest: dict[int, float],
                  ) -> tuple[tuple[int, ...], int]:
    """The group :func:`_chains` can reach from ``parts`` with the fewest people, however many replacements it
    takes (the chains stop after :data:`CHAINS_PER_RELATION` groups): each part replaced by the open parts of the
    relation it is the total of that hold the fewest (:func:`_low`), again and again, as long as that is fewer;
    with the sum of its counts (one that would hold a cell twice, as on a cycle, comes back empty)."""
    values = system.value_list
    out: list[int] = []
    stack = list(parts)
    seen: set[int] = set()
    while stack:
        c = stack.pop()
        if c in seen:
            return (), 0  # not disjoint
        seen.add(c)
        best = None
        for r in system.total_of.get(c, ()):
            inner, _value = open_parts(r)
            if inner and c not in inner:
                low = sum(_low(system, q, open_parts, lowest) for q in inner)
                if low < values[c] and (best is None or low < best[0]):
                    best = (low, inner)
        if best is None:
            out.append(c)
        else:
            stack.extend(best[1])
    return tuple(out), sum(values[c] for c in out)


def _subsets(parts: Sequence[int]) -> list[tuple[int, ...]]:
    """Sub-sums of at least two of a relation's small hidden parts that a reader could form."""
    n = len(parts)
    if n < 2:
        return []
    if n <= ALL_SUBSETS_UP_TO:
        return [g for k in range(2, n + 1) for g in combinations(parts, k)]
    return [*combinations(parts, 2), *(tuple(q for q in parts if q != p) for p in parts)]


def _chains(system: System, parts: tuple[int, ...], value: int, open_parts) -> list[tuple[tuple[int, ...], int]]:
    """Groups reached from the hidden parts of a relation with a known total by replacing a hidden total of
    another relation by that relation's hidden parts (breadth first, the first :data:`CHAINS_PER_RELATION`), each
    with the sum of its counts (``value``: that of ``parts``)."""
    out: list[tuple[tuple[int, ...], int]] = []
    queue = [(parts, value)]
    seen = {frozenset(parts)}
    total_of = system.total_of
    values = system.value_list
    head = 0
    while head < len(queue):
        group, value = queue[head]
        head += 1
        for p in group:
            for r in total_of.get(p, ()):
                inner, inner_value = open_parts(r)
                if not inner:
                    continue
                expanded = tuple(c for c in group if c != p) + inner
                key = frozenset(expanded)
                if key in seen or len(key) != len(expanded):
                    continue
                seen.add(key)
                item = (expanded, value - values[p] * group.count(p) + inner_value)
                out.append(item)
                if len(out) == CHAINS_PER_RELATION:
                    return out
                queue.append(item)
    return out


class _Used:
    """Turns the cells a way of working out uses into the shown candidate cells of its cut: a part known to be 0
    stands for the shown 0 that proves it."""

    def __init__(self, system: System, hidden: np.ndarray, known_zero: np.ndarray,
                 zero_source: dict[int, int]) -> None:
        self.system, self.hidden, self.known_zero, self.zero_source = system, hidden, known_zero, zero_source

    def __call__(self, cells: np.ndarray) -> frozenset[int]:
        out = set()
        for c in np.asarray(cells).tolist():
            if self.known_zero[c]:
                c = self.zero_source.get(c, c)
            if self.system.candidate[c] and not self.hidden[c]:
                out.add(c)
        return frozenset(out)


def _cuts(system: System, comp: _Component, cells: tuple[int, ...], unknown: np.ndarray, used: _Used,
          ) -> tuple[frozenset[int], ...]:
    """Up to :data:`DERIVATIONS` ways of working out ``cells``, each as the shown candidate cells it uses; the next
    way is sought among the equations around the cells with the cells of the ways found so far taken as hidden (so
    the solver can break several at once instead of one per round)."""
    first = _local(system, cells, unknown)
    if first is None:
        lam = comp.derivation(cells)
        first = _cells_of(system, lam) if lam is not None else np.array([], dtype=np.int64)
    out = [used(first)]
    extra = unknown.copy()
    for _attempt in range(DERIVATIONS - 1):
        extra[list(out[-1])] = True
        again = _local(system, cells, extra)
        if again is None:
            break
        cut = used(again)
        if not cut or cut in out:
            break
        out.append(cut)
    return tuple(c for c in out if c)


def _local(system: System, cells: tuple[int, ...], unknown: np.ndarray) -> np.ndarray | None:
    """The cells used by a combination of the equations around ``cells`` (up to :data:`MAX_RINGS` rings, least
    squares on a small system) that gives the sum of ``cells`` over the ``unknown`` cells; None when none is
    found there.

    Ring ``k`` reads which cells are unknown among the cells of the equations of ring ``k − 1``'s cells only, so
    the answer is a function of ``cells`` and of ``unknown`` on the cells within :data:`MAX_RINGS` equations of
    them: kept per system under exactly that key (a later round with the same unknown cells around the count gets
    the same answer; any change there is a new key, so a kept answer is never stale)."""
    around = system.around.get(cells)
    if around is None:
        reach = set(cells)
        for _ring in range(MAX_RINGS):
            reach = {c for x in reach for e in system.cell_rows[x] for c, _v in system.row_entries[e]} | reach
        around = system.around[cells] = np.array(sorted(reach), dtype=np.int64)
    key = (cells, unknown[around].tobytes())
    if key in system.local:
        return system.local[key]
    if len(system.local) >= SOLVED_UP_TO:
        system.local.clear()
    found = system.local[key] = _search_local(system, cells, unknown)
    if found is not None:
        found.flags.writeable = False
    return found


def _search_local(system: System, cells: tuple[int, ...], unknown: np.ndarray) -> np.ndarray | None:
    single = _one_equation(system, cells, unknown)
    if single is not None:
        return single
    rows: set[int] = set()
    frontier = set(cells)
    wanted = set(cells)
    for _ring in range(MAX_RINGS):
        for c in frontier:
            rows.update(system.cell_rows[c])
        order = sorted(rows)
        columns = sorted({c for e in order for c, _v in system.row_entries[e] if unknown[c]})
        if len(columns) > LOCAL_UP_TO or len(order) > LOCAL_UP_TO:
            return None
        position = {c: i for i, c in enumerate(columns)}
        matrix = np.zeros((len(order), len(columns)))
        for r, e in enumerate(order):
            for c, v in system.row_entries[e]:
                if c in position:
                    matrix[r, position[c]] = v
        target = np.array([1.0 if c in wanted else 0.0 for c in columns])
        lam, *_ = np.linalg.lstsq(matrix.T, target, rcond=None)
        if np.abs(matrix.T @ lam - target).max() < _TOL:
            total: dict[int, float] = {}
            for r, e in enumerate(order):
                if abs(lam[r]) >= _TOL:
                    for c, v in system.row_entries[e]:
                        total[c] = total.get(c, 0.0) + lam[r] * v
            return np.array(sorted(c for c, k in total.items() if abs(k) > _TOL), dtype=np.int64)
        frontier = set(columns)
    return None


def _one_equation(system: System, cells: Sequence[int], unknown: np.ndarray) -> np.ndarray | None:
    """The cells of one equation that holds the single cell ``cells`` as its only unknown (the most common way a
    count is worked out, found without solving anything); None when there is none."""
    if len(cells) != 1:
        return None
    cell = cells[0]
    for e in system.cell_rows[cell]:
        members = [c for c, _v in system.row_entries[e]]
        if not any(unknown[c] for c in members if c != cell):
            return np.array(members, dtype=np.int64)
    return None


def _cells_of(system: System, lam: dict[int, int]) -> np.ndarray:
    """The cells with a non-zero coefficient in ``Σ λ_e · equation_e`` (modulo :data:`PRIME`)."""
    eq = system.equations
    total: dict[int, int] = {}
    for e, k in lam.items():
        lo, hi = eq.indptr[e], eq.indptr[e + 1]
        for c, v in zip(eq.indices[lo:hi].tolist(), eq.data[lo:hi].tolist(), strict=True):
            total[c] = (total.get(c, 0) + k * int(v)) % PRIME
    return np.array(sorted(c for c, v in total.items() if v), dtype=np.int64)
