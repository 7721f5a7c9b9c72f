"""The cells of a pack and the linear relations between them: what the audit protects and what a reader knows.

A **cell** is one count a pack may publish, or one a reader could work out from published counts. Its key is a
plain tuple (see :mod:`finsamdash.privacy.participants` and :mod:`finsamdash.privacy.survey` for the key shapes);
the same number published in two places (a card, a table, the summary JSON) is one key, so it is one cell, hidden
everywhere or nowhere.

Every cell has a **kind**:

* :data:`CANDIDATE` – published unless the audit hides it;
* :data:`LATENT` – never published, but part of relations (a fine category merged into a coarser one, the part of a
  total no selection shows, the people who started between two meetings): always unknown to a reader, and
  protected like a published count when it is small;
* :data:`STRUCTURAL` – a zero that cannot be anything else (an intervention without participants by its kind or
  outside its own period, a category that cannot occur): shown, never hidden, never a reason to hide (R2);
* :data:`KNOWN` – already published elsewhere (the previous meeting's pack): a reader knows it, the audit cannot
  change that;
* :data:`UNKNOWN` – hidden elsewhere for good (the previous meeting's pack): a reader does not know it.

and a **tier** (:class:`Tier`): what hiding it costs the reader (R5).

Relations are exact linear equations between cells: ``total = part_1 + … + part_n`` (parts are disjoint groups of
people: the basis of group disclosure) and general identities ``Σ coefficient · cell = 0``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

Cell = Hashable

CANDIDATE, LATENT, STRUCTURAL, KNOWN, UNKNOWN = "candidate", "latent", "structural", "known", "unknown"
KINDS = (CANDIDATE, LATENT, STRUCTURAL, KNOWN, UNKNOWN)


class Tier(IntEnum):
    """What a hidden cell costs the reader, lowest first (R5)."""

    DETAIL = 0  #: one detail cell: one exit reason of one intervention, one month, one age band
    SUBTOTAL = 1  #: a subtotal: work or studies, a margin of a table, a quarter
    INTERVENTION = 2  #: an intervention's (or a municipality's, a gender's) own flows and totals
    ASSOCIATION = 3  #: the association's totals
    DENOMINATOR = 4  #: a denominator that carries a share (ended, identified, answers)
    GOAL = 5  #: a goal outcome: its "X" and "N"


#: Relative cost of hiding one cell of each tier: the association's headline figures are worth a hundred detail
#: cells, a goal outcome three thousand.
TIER_COST = {Tier.DETAIL: 1.0, Tier.SUBTOTAL: 3.0, Tier.INTERVENTION: 10.0, Tier.ASSOCIATION: 100.0,
             Tier.DENOMINATOR: 300.0, Tier.GOAL: 3000.0}


def is_unsafe(value: int, min_count: int) -> bool:
    """R1: a count from 1 to ``min_count`` − 1 must not be published (0 may: R2, R3)."""
    return 0 < value < min_count


@dataclass(frozen=True)
class Relation:
    """``total = sum(parts)``; the parts are disjoint groups of the total's people."""

    total: Cell
    parts: tuple[Cell, ...]


@dataclass
class Registry:
    """Every cell of a pack with its value, kind and tier, and the relations between cells.

    Values are the true counts (never stored in a pack: see :class:`~finsamdash.privacy.disclosure.Disclosure`).
    Adding a cell twice keeps the first value (the same key is the same count) but raises the tier to the highest
    one asked for, and a published kind wins over a latent one.
    """

    values: dict[Cell, int] = field(default_factory=dict)
    kinds: dict[Cell, str] = field(default_factory=dict)
    tiers: dict[Cell, Tier] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    identities: list[dict[Cell, int]] = field(default_factory=list)
    #: the threshold: counts 1 … min_count − 1 are unsafe (R1)
    min_count: int = 5
    #: cells that must not be shown nor be worked out: unsafe counts (R1; the survey rule for answers) and cells
    #: protected although their count is not small (R3: everybody of a shown total in one category)
    unsafe: set[Cell] = field(default_factory=set)

    def add(self, cell: Cell, value: int, *, kind: str = CANDIDATE, tier: Tier = Tier.DETAIL,
            unsafe: bool | None = None) -> Cell:
        """Register ``cell`` (see the class docstring for repeated keys) and return it. ``unsafe`` defaults to R1:
        a count from 1 to ``min_count`` − 1 (a structural zero or a known cell is never unsafe)."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        old = self.kinds.get(cell)
        if old is None:
            self.values[cell] = int(value)
            self.kinds[cell] = kind
            self.tiers[cell] = tier
            if (unsafe if unsafe is not None else is_unsafe(value, self.min_count)) and kind not in (
                    STRUCTURAL, KNOWN):
                self.unsafe.add(cell)
            return cell
        if old == LATENT and kind != LATENT:
            self.kinds[cell] = kind
        elif kind in (STRUCTURAL, KNOWN, UNKNOWN) and old == CANDIDATE:
            self.kinds[cell] = kind
            if kind in (STRUCTURAL, KNOWN):
                self.unsafe.discard(cell)
        self.tiers[cell] = max(self.tiers[cell], tier)
        return cell

    def relate(self, total: Cell, parts: Iterable[Cell]) -> None:
        """``total = Σ parts`` (every cell must be registered). A relation whose parts are just the total itself
        is dropped; a relation of one part makes the two cells the same number."""
        parts = tuple(parts)
        if parts == (total,) or not parts:
            return
        self.relations.append(Relation(total, parts))

    def identity(self, coefficients: Mapping[Cell, int]) -> None:
        """``Σ coefficient · cell = 0`` (every cell must be registered)."""
        terms = {c: k for c, k in coefficients.items() if k}
        if terms:
            self.identities.append(terms)

    def check(self) -> list[str]:
        """Every relation and identity that does not hold on the values (should be empty: for tests)."""
        bad = []
        for rel in self.relations:
            total = self.values[rel.total]
            parts = sum(self.values[p] for p in rel.parts)
            if total != parts:
                bad.append(f"{rel.total} = {total} ≠ Σ parts {parts}")
        for eq in self.identities:
            if sum(k * self.values[c] for c, k in eq.items()):
                bad.append(f"identity {eq} does not hold")
        return bad

    def __len__(self) -> int:
        return len(self.values)
