"""Suppression of small counts, primary and secondary, before anything is shown.

Primary suppression hides every count below the threshold (default 5, zero included: "färre än 5" tells a reader
nothing about who). Secondary suppression then hides further cells until no hidden count can be recomputed or
narrowed below the threshold from the published ones, using the linear relations between published cells
(a total and its parts: women + men + other = all; per-intervention cells adding up to the association; ...).

The auditor is deliberately simple and conservative: for every relation ``total = part_1 + ... + part_n`` it
requires that either nothing in it is hidden, or at least two parts are hidden and what they add up to (which a
reader can compute when the total is shown) is itself at least the threshold. It adds the smallest shown cell of
a failing relation (a part, or the total when no part is left) and repeats until every relation holds. Two
relations over the same parts make their totals equal, so hiding one total hides the other.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

Key = Hashable


@dataclass(frozen=True)
class Relation:
    """``total`` equals the sum of ``parts`` (every key a cell of the same table)."""

    total: Key
    parts: tuple[Key, ...]


def relation(total: Key, parts: Iterable[Key]) -> Relation:
    return Relation(total, tuple(parts))


def is_small(value: int | float | None, min_count: int) -> bool:
    """True for a count that must not be shown (below the threshold)."""
    return value is not None and value < min_count


def suppressed_cells(
    cells: Mapping[Key, int | None],
    relations: Sequence[Relation],
    *,
    min_count: int,
    primary: Iterable[Key] = (),
) -> set[Key]:
    """The keys of ``cells`` that must be hidden (primary and secondary).

    ``cells`` maps every published count to its value (``None`` = not available, never hidden nor used).
    ``primary`` adds cells to hide regardless of their value (e.g. counts derived from a hidden population).
    Relations that mention an unknown key or a ``None`` cell are ignored.
    """
    hidden = {k for k, v in cells.items() if is_small(v, min_count)} | set(primary)
    usable = [r for r in relations if all(cells.get(k) is not None for k in (r.total, *r.parts))]
    # Two totals of the same parts are the same number: publishing one publishes the other.
    by_parts: dict[frozenset, Key] = {}
    for rel in list(usable):
        first = by_parts.setdefault(frozenset(rel.parts), rel.total)
        if first != rel.total:
            usable.append(Relation(first, (rel.total,)))
    changed = True
    while changed:
        changed = False
        for rel in usable:
            keys = (rel.total, *rel.parts)
            if not any(k in hidden for k in keys):
                continue
            hidden_parts = [k for k in rel.parts if k in hidden]
            if rel.total in hidden:
                # total hidden: it is recomputable only if every part is shown
                if hidden_parts:
                    continue
            elif len(hidden_parts) >= 2 and sum(cells[k] for k in hidden_parts) >= min_count:  # type: ignore[misc]
                continue
            shown_parts = [k for k in rel.parts if k not in hidden]
            if shown_parts:
                hidden.add(min(shown_parts, key=lambda k: (cells[k], str(k))))
            else:
                hidden.add(rel.total)
            changed = True
    return hidden


def share_or_none(numerator: int | None, denominator: int | None) -> float | None:
    """numerator / denominator as a fraction, ``None`` when either is missing or the denominator is 0."""
    if numerator is None or denominator in (None, 0):
        return None
    return numerator / denominator  # type: ignore[operator]


#: How a hidden cell is marked: below the threshold, or hidden so that a small one cannot be recomputed.
SMALL, SECONDARY = "small", "secondary"


def suppress_table(frame: pd.DataFrame, *, min_count: int, row_total: bool = True, column_total: bool = True,
                   extra: Sequence[Relation] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Suppress a table of counts with its margins.

    ``frame`` holds counts only (rows × columns). Returns ``(values, status)``: ``values`` is the frame with a
    ``"Totalt"`` column and/or row added (when asked) and hidden cells set to NA (dtype ``Int64``); ``status``
    has the same shape with ``""``, :data:`SMALL` or :data:`SECONDARY`. The margins are audited as published
    totals: no hidden cell can be recomputed from its row or column.
    """
    import pandas as pd

    table = frame.astype("Int64").copy()
    if row_total:
        table["Totalt"] = table.sum(axis=1)
    if column_total:
        table.loc["Totalt"] = table.sum(axis=0)
    cells = {(r, c): (None if pd.isna(v) else int(v)) for r, row in table.iterrows() for c, v in row.items()}
    data_rows = [r for r in table.index if not (column_total and r == "Totalt")]
    data_cols = [c for c in table.columns if not (row_total and c == "Totalt")]
    relations = list(extra)
    if row_total:
        relations += [relation((r, "Totalt"), [(r, c) for c in data_cols]) for r in table.index]
    if column_total:
        relations += [relation(("Totalt", c), [(r, c) for r in data_rows]) for c in table.columns]
    hidden = suppressed_cells(cells, relations, min_count=min_count)
    status = pd.DataFrame("", index=table.index, columns=table.columns)
    for key in hidden:
        if key in cells:
            r, c = key
            status.loc[r, c] = SMALL if is_small(cells[key], min_count) else SECONDARY
            table.loc[r, c] = pd.NA
    return table, status
