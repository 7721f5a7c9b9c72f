"""Recoding before hiding (R7): small groups are merged into coarser ones that can be shown.

Every function takes the raw counts of the finest categories (in display order) and returns the categories to
publish, each a :class:`Group` of one or more fine categories with a label that says what it holds. Only what is
still unsafe after recoding is hidden (by the audit). The merges are decided on the counts, as a statistician
would choose a coarser classification for a small table: they tell a reader no more than that some finer group
was small.

* :func:`merge_adjacent` – ordered categories (age bands, years in public support, time in the intervention): an
  unsafe group is merged with a neighbour (the smaller of those that make it safe, else the larger) until no group
  is unsafe ("25–44 år");
* :func:`merge_small` – unordered categories (exit reasons, interventions, municipalities, Sankey flows): the unsafe
  ones go together into one "övriga …" group; when that is still unsafe, the smallest safe ones join it;
* :func:`coarsest_safe` – a choice between classifications (months, quarters, the year so far): the finest one in
  which no count is unsafe;
* :func:`in_bucket_order` – the rows of two distributions over the same ordered categories, each merged its own way,
  in the categories' order.

Zeros are never merged (R3: a zero is shown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from finsamdash.privacy.registry import is_unsafe


@dataclass(frozen=True)
class Group:
    """A published category: the fine categories it holds (``members``, display order) and its Swedish label."""

    members: tuple[str, ...]
    label: str

    @property
    def key(self) -> str:
        """The category key: the fine key, or the fine keys joined by ``+`` for a merged group."""
        return "+".join(self.members)

    @property
    def merged(self) -> bool:
        return len(self.members) > 1


def identity(keys: Sequence[str], labels: Mapping[str, str]) -> list[Group]:
    """Every fine category on its own."""
    return [Group((k,), labels.get(k, k)) for k in keys]


def merge_adjacent(counts: Mapping[str, int], keys: Sequence[str], *, min_count: int,
                   label: Callable[[Sequence[str]], str]) -> list[Group]:
    """Ordered ``keys`` merged with neighbours until no group is unsafe; ``label`` names a merged run of keys."""
    runs = [[k] for k in keys]

    def size(run: list[str]) -> int:
        return sum(int(counts.get(k, 0)) for k in run)

    while len(runs) > 1:
        unsafe = [i for i, run in enumerate(runs) if is_unsafe(size(run), min_count)]
        if not unsafe:
            break
        i = unsafe[0]
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(runs)]
        enough = [j for j in neighbours if not is_unsafe(size(runs[i]) + size(runs[j]), min_count)]
        j = (min(enough, key=lambda n: (size(runs[n]), n < i)) if enough  # the smaller; on a tie the next one
             else max(neighbours, key=lambda n: (size(runs[n]), n > i)))
        lo, hi = sorted((i, j))
        runs[lo:hi + 1] = [runs[lo] + runs[hi]]
    return [Group(tuple(run), label(run)) for run in runs]


def merge_small(counts: Mapping[str, int], keys: Sequence[str], *, min_count: int, labels: Mapping[str, str],
                rest: str, absorb: bool = True) -> list[Group]:
    """Unordered ``keys``: the unsafe ones merged into one group labelled ``"<rest> (<members>)"``; with ``absorb``
    joined by the smallest safe ones (of equal ones the later key: the first keys are the main ones, e.g. work and
    studies) while it is still unsafe, as long as one other group with people is left (keys that are 0 stay on
    their own). The merged group comes last; a lone unsafe key is left alone."""
    def value(k: str) -> int:
        return int(counts.get(k, 0))

    small = [k for k in keys if is_unsafe(value(k), min_count)]
    merged = list(small)
    others = sorted((k for k in keys if k not in small and value(k) > 0), key=lambda k: (value(k), -keys.index(k)))
    while absorb and is_unsafe(sum(value(k) for k in merged), min_count) and len(others) > 1:
        merged.append(others.pop(0))
    if len(merged) < 2:
        return identity(keys, labels)
    members = tuple(k for k in keys if k in merged)
    names = ", ".join(labels.get(k, k) for k in members)
    kept = [Group((k,), labels.get(k, k)) for k in keys if k not in merged]
    return [*kept, Group(members, f"{rest} ({names})")]


def coarsest_safe(levels: Sequence[tuple[str, Sequence[int]]], *, min_count: int) -> str:
    """The name of the first (finest) level whose counts are all safe; the last level when none is."""
    for name, values in levels:
        if not any(is_unsafe(int(v), min_count) for v in values):
            return name
    return levels[-1][0]


def in_bucket_order(groups: Iterable[tuple[str, Sequence[str]]], *, order: Sequence[str]) -> list[str]:
    """The labels of ``groups`` ((label, fine members) of recoded distributions over the same ordered categories),
    each once, in the categories' order: by the first category a group holds, then its last. Two distributions may be
    merged differently ("6–23 månader" for those who ended, "6–12 månader" and "1–2 år" for those still taking
    part); the rows still read from the shortest time to the longest. Groups outside ``order`` come last, as they
    came."""
    rank = {key: i for i, key in enumerate(order)}
    spans: dict[str, tuple[int, int]] = {}
    for label, members in groups:
        ranks = [rank.get(m, len(rank)) for m in members]
        spans.setdefault(label, (min(ranks), max(ranks)))
    return sorted(spans, key=spans.__getitem__)
