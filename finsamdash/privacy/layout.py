"""What the participant pages publish for one year: the selections a reader can choose and, for each, the
categories left after recoding (R7).

A **selection** is the whole association (``*``), one intervention, one municipality or one gender (one at a time:
crossing them gives groups so small that almost everything would have to be hidden, and more ways to work out a
small count by differencing). Interventions and municipalities with an unsafe number of participants in the year
are shown together as "övriga insatser (…)" / "övriga kommuner (…)" (selection ``i:a+b``).

For each selection the layout fixes (all by :mod:`finsamdash.privacy.recode`):

* the period of the started/ended chart and of the active line: months, else quarters, else the year so far;
* the categories of age, education, years in public support and time in the intervention (merged neighbours);
* the categories of exit reason and of support before and after (small ones merged into "övriga …").

The selections of one kind (the interventions, the municipalities, the genders) share their periods and their
ordered categories – the coarsest any of them needs – so that no selection's finer count is the association's
minus its siblings'. The municipalities are offered only when the identified participants without one are none or
not few, and the genders only when no gender is few: otherwise the small remainder would be the association minus
the others in every count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from finsamdash.data.contract import REPORTED_EXIT_REASONS
from finsamdash.metrics.participant_flows import (
    AGE_GROUPS,
    ASSOCIATION,
    DURATION_BUCKETS,
    EDUCATION_LEVELS,
    GENDERS,
    MISSING,
    SUPPORT_GROUP_KEYS,
    SUPPORT_YEAR_BUCKETS,
    Bucket,
    YearCounts,
    category_label,
)
from finsamdash.privacy import recode
from finsamdash.privacy.recode import Group
from finsamdash.privacy.registry import is_unsafe
from finsamdash.wording import selections as words
from finsamdash.wording.privacy import MERGED_ALL
from finsamdash.wording.selections import GENDER_LABELS

LEVELS = ("month", "quarter", "year")
#: The distributions of identified participants: name -> (fine keys merged in order, keys kept apart, kind).
ORDERED = {
    "age": ([b.key for b in AGE_GROUPS], [MISSING], "age"),
    "support_years": ([b.key for b in SUPPORT_YEAR_BUCKETS], [MISSING], "support_years"),
    "education": ([k for k in EDUCATION_LEVELS if k != "unknown"], ["unknown", MISSING], "education"),
    "dur_ended": ([b.key for b in DURATION_BUCKETS], [], "duration"),
    "dur_ongoing": ([b.key for b in DURATION_BUCKETS], [], "duration"),
}


@dataclass(frozen=True)
class Selection:
    """One choice in the page's "Urval" drop-down for one year."""

    key: str  # "*", "i:<id>", "i:<a>+<b>" (merged), "m:<name>", "g:<gender>"
    label: str
    members: tuple[str, ...]  # the fine selections it holds
    flow_level: str  # months, quarters or the year so far, for started and ended
    stock_level: str  # the same for the active line
    categories: Mapping[str, tuple[Group, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class YearLayout:
    """Everything the participant pages publish for one year."""

    year: int
    windows: object  # finsamdash.metrics.participant_flows.Windows
    selections: Mapping[str, Selection]
    #: fine selection -> the shown selection that holds it (an intervention merged into "övriga insatser")
    shown_as: Mapping[str, str]
    #: the rows of the interventions table and the sources of the exit flows: intervention selections, in order
    interventions: tuple[str, ...]
    #: the Swedish name of every fine selection with participants in the year (``i:porten`` -> "Porten")
    names: Mapping[str, str] = field(default_factory=dict)
    #: kinds of selection not offered this year ("m:", "g:"): a small remainder would be given away
    withheld: tuple[str, ...] = ()


def _bucket_label(buckets: Sequence[Bucket], unit: str) -> Callable[[Sequence[str]], str]:
    by_key = {b.key: b for b in buckets}

    def label(run: Sequence[str]) -> str:
        first, last = by_key[run[0]], by_key[run[-1]]
        if len(run) == 1:
            return first.label
        if first.lower is None and last.upper is None:
            return MERGED_ALL
        if first.lower is None:
            return words.below(_number(last.upper), unit)
        if last.upper is None:
            return words.or_more(_number(first.lower), unit)
        return f"{_number(first.lower)}–{_number(last.upper - 1)} {unit}"

    return label


def _number(value: float | None) -> str:
    return str(int(value)) if value is not None else ""


def _joined(kind: str) -> Callable[[Sequence[str]], str]:
    def label(run: Sequence[str]) -> str:
        return words.OR.join(category_label(kind, k) for k in run)

    return label


_LABELLERS = {
    "age": _bucket_label(AGE_GROUPS, words.YEARS),
    "support_years": _bucket_label(SUPPORT_YEAR_BUCKETS, words.YEARS),
    "education": _joined("education"),
    "dur_ended": _bucket_label(DURATION_BUCKETS, words.MONTHS),
    "dur_ongoing": _bucket_label(DURATION_BUCKETS, words.MONTHS),
}


class _Counts:
    """The counts of one (possibly merged) selection of one year."""

    def __init__(self, counts: YearCounts, members: Sequence[str]) -> None:
        self.counts, self.members = counts, members
        self.win = counts.windows

    def __call__(self, name: str, first: str | None = None, last: str | None = None) -> int:
        window = (first, last) if first is not None else self.win.whole
        return sum(self.counts.get(s, (name, *window)) for s in self.members)


def _levels(c: _Counts, name_pairs: Sequence[str]) -> list[tuple[str, list[int]]]:
    win = c.win
    month = [c(n, a, b) for n in name_pairs for a, b in flow_windows(win, "month")]
    quarter = [c(n, a, b) for n in name_pairs for a, b in flow_windows(win, "quarter")]
    return [("month", month), ("quarter", quarter), ("year", [])]


def _stock_levels(c: _Counts) -> list[tuple[str, list[int]]]:
    win = c.win
    return [("month", [c("active", d, d) for d in win.stock]),
            ("quarter", [c("active", d, d) for d in quarter_stock(win)]),
            ("year", [])]


def quarter_stock(win) -> tuple[str, ...]:
    """The stock days of the quarter level: 31 December before, each quarter end before the period end, the end."""
    ends = {last for _first, last in win.quarters}
    return tuple(d for d in win.stock if d == win.stock[0] or d == win.stock[-1] or d in ends)


def stock_days(win, level: str) -> tuple[str, ...]:
    """The days the active line shows at ``level``."""
    if level == "month":
        return win.stock
    if level == "quarter":
        return quarter_stock(win)
    return (win.stock[0], win.stock[-1])


def flow_windows(win, level: str) -> tuple[tuple[str, str], ...]:
    """The windows the started/ended chart shows at ``level``: whole months or quarters only (a month or quarter
    still running at the meeting is shown with the next pack, when it is complete: a part of it next to the whole
    of it in the next pack would give away the few who came in between), or the year so far."""
    if level == "year":
        return (win.whole,)
    windows = win.months if level == "month" else win.quarters
    return tuple(w for w in windows if _complete(w, level))


def _complete(window: tuple[str, str], level: str) -> bool:
    last = pd.Timestamp(window[1])
    return last.is_month_end and (level == "month" or last.month % 3 == 0)


UNORDERED = {"exit": (REPORTED_EXIT_REASONS, "exit_reason", words.OTHER_EXITS),
             "sb": (SUPPORT_GROUP_KEYS, "support_group", words.OTHER_SUPPORT),
             "sa": (SUPPORT_GROUP_KEYS, "support_group", words.OTHER_SUPPORT)}


def _categories(c: _Counts, min_count: int) -> dict[str, tuple[Group, ...]]:
    out: dict[str, tuple[Group, ...]] = {}
    for name, (ordered, apart, kind) in ORDERED.items():
        counts = {k: c(f"{name}:{k}", *_window(c, name)) for k in [*ordered, *apart]}
        groups = recode.merge_adjacent(counts, ordered, min_count=min_count, label=_LABELLERS[name])
        out[name] = (*groups, *recode.identity(apart, {k: category_label(kind, k) for k in apart}))
    for name, (keys, kind, rest) in UNORDERED.items():
        counts = {k: c(f"{name}:{k}") for k in keys}
        labels = {k: category_label(kind, k) for k in keys}
        out[name] = tuple(recode.merge_small(counts, list(keys), min_count=min_count, labels=labels, rest=rest))
    return out


def _window(c: _Counts, name: str) -> tuple[str, str]:
    return (c.win.end, c.win.end) if name == "dur_ongoing" else c.win.whole


def selection(counts: YearCounts, key: str, label: str, members: Sequence[str], *, min_count: int) -> Selection:
    """The recoded content of one selection on its own."""
    c = _Counts(counts, members)
    return Selection(
        key, label, tuple(members),
        flow_level=recode.coarsest_safe(_levels(c, ("started", "ended")), min_count=min_count),
        stock_level=recode.coarsest_safe(_stock_levels(c), min_count=min_count),
        categories=_categories(c, min_count),
    )


def coordinate(selections: Sequence[Selection]) -> list[Selection]:
    """The selections of one kind with the coarsest period any of them needs and, in the ordered categories, the
    merges of all of them."""
    if len(selections) < 2:
        return list(selections)
    flow = max((s.flow_level for s in selections), key=LEVELS.index)
    stock = max((s.stock_level for s in selections), key=LEVELS.index)
    shared: dict[str, tuple[Group, ...]] = {}
    for name, (ordered, apart, kind) in ORDERED.items():
        ends = set.intersection(*({g.members[-1] for g in s.categories[name]} for s in selections))
        runs: list[list[str]] = []
        run: list[str] = []
        for k in ordered:
            run.append(k)
            if k in ends:
                runs.append(run)
                run = []
        groups = [Group(tuple(r), _LABELLERS[name](r)) for r in runs]
        shared[name] = (*groups, *recode.identity(apart, {k: category_label(kind, k) for k in apart}))
    return [replace(s, flow_level=flow, stock_level=stock, categories={**s.categories, **shared})
            for s in selections]


def _grouped(counts: YearCounts, prefix: str, names: Mapping[str, str], rest: str, min_count: int,
             ) -> list[Group]:
    """The selections of one kind with participants in the year, small ones merged into one "övriga"."""
    episodes = ("episodes", *counts.windows.whole)
    present = [s for s in counts.selections_of(prefix) if s != "m:" and counts.get(s, episodes) > 0]
    values = {s: counts.get(s, episodes) for s in present}
    labels = {s: names.get(s[2:], s[2:]) for s in present}
    return recode.merge_small(values, present, min_count=min_count, labels=labels, rest=rest, absorb=False)


def year_layout(counts: YearCounts, *, min_count: int, intervention_names: Mapping[str, str]) -> YearLayout:
    """The selections of one year and their recoded content."""
    chosen: list[tuple[str, str, tuple[str, ...]]] = [(ASSOCIATION, words.WHOLE_ASSOCIATION, (ASSOCIATION,))]
    interventions = []
    withheld = []
    episodes = ("episodes", *counts.windows.whole)
    fine_names = {s: intervention_names.get(s[2:], s[2:]) for s in counts.selections_of("i:")}
    fine_names |= {s: s[2:] for s in counts.selections_of("m:") if s != "m:"}
    fine_names |= {f"g:{g}": words.gender_choice(GENDER_LABELS[g]) for g in GENDERS}
    fine_names = {s: n for s, n in fine_names.items() if counts.get(s, episodes) > 0}
    for prefix, names, rest in (("i:", intervention_names, words.OTHER_INTERVENTIONS),
                                ("m:", {}, words.OTHER_MUNICIPALITIES)):
        if prefix == "m:" and is_unsafe(counts.get("m:", ("identified", *counts.windows.whole)), min_count):
            withheld.append(prefix)  # the few without a municipality would be the association minus the others
            continue
        for group in _grouped(counts, prefix, names, rest, min_count):
            key = prefix + "+".join(m[2:] for m in group.members)
            chosen.append((key, group.label, group.members))
            if prefix == "i:":
                interventions.append(key)
    genders = [g for g in GENDERS if counts.get(f"g:{g}", episodes) > 0]
    if not any(is_unsafe(counts.get(f"g:{g}", episodes), min_count) for g in genders):
        chosen += [(f"g:{g}", words.gender_choice(GENDER_LABELS[g]), (f"g:{g}",)) for g in genders]
    else:
        withheld.append("g:")
    made = [selection(counts, key, label, members, min_count=min_count) for key, label, members in chosen]
    selections: dict[str, Selection] = {}
    for kind in (ASSOCIATION, "i:", "m:", "g:"):
        for sel in coordinate([s for s in made if s.key.startswith(kind)]):
            selections[sel.key] = sel
    shown_as = {m: key for key, _label, members in chosen for m in members}
    return YearLayout(counts.windows.year, counts.windows, selections, shown_as, tuple(interventions), fine_names,
                      tuple(withheld))
