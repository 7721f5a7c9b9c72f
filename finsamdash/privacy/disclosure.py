"""The answer of one pack's audit: what may be shown, for every page, card, sentence and the summary.

A :class:`Disclosure` holds the value of every published cell that is shown and the keys of those that are hidden –
never a hidden value – and the layout the pages follow (selections and recoded categories per year), the goals'
cells and whether each goal's status may be shown, the previous meeting's shown values (for "since the last
meeting"), and a few figures about the audit. It is a deterministic function of (dataset, association, meeting
date, previous meeting date, ``min_count``, year, the previous packs' shown cells as published):
:func:`finsamdash.privacy.audit_pack` computes it; the build computes it once per pack and hands it to the notebook
kernels, and writes its shown part into the pack (:meth:`Disclosure.to_json`, with the previous packs' shown cell
keys it assumed), from which a live page audits again with the same basis.

Interface for pages and later issues (#14 live serving, #16 annual report)::

    d = audit_pack(dataset, "norrsken", date(2026, 11, 23), previous=date(2026, 9, 24), min_count=5)
    d.value(cell)        # the count, or None when it must not be shown (or is not published at all)
    d.is_hidden(cell)    # True for a published cell the audit hides
    HIDDEN_MARK          # the one mark of every hidden figure (finsamdash.wording.privacy)
    d.layouts[2026].selections["i:porten"]   # what the participant pages show for a selection
    d.goal(2026, 0)      # the goal's cells and whether its status may be shown
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from finsamdash.privacy.layout import YearLayout

#: Format of the JSON a pack stores (:meth:`Disclosure.to_json`).
FORMAT = 1


@dataclass(frozen=True)
class GoalCells:
    """A goal's published cells: "X" (the outcome's count) and "N" (its base), None when it has none; and
    whether its figures and its status may be shown."""

    x: tuple | None
    n: tuple | None
    figures_shown: bool
    status_shown: bool
    #: why the figures are hidden (Swedish, for the utility report; "" when shown)
    reason: str = ""


@dataclass(frozen=True)
class Disclosure:
    """What one pack may show (see the module docstring)."""

    association_id: str
    meeting: date
    previous: date | None
    min_count: int
    year: int
    shown: Mapping[tuple, int]
    hidden: frozenset[tuple]
    layouts: Mapping[int, YearLayout] = field(default_factory=dict)
    goals: Mapping[tuple[int, int], GoalCells] = field(default_factory=dict)
    #: the previous meeting's pack: its shown values (recomputed now) and its goals (for changes since then)
    previous_shown: Mapping[tuple, int] = field(default_factory=dict)
    previous_goals: Mapping[tuple[int, int], GoalCells] = field(default_factory=dict)
    #: other associations' survey cells shown in the comparison (their own audits)
    others: Mapping[tuple, int] = field(default_factory=dict)
    stats: Mapping[str, Any] = field(default_factory=dict)
    #: the input the audit was computed from (see finsamdash.dashboards.handover.input_fingerprint); () when unknown
    fingerprint: tuple = ()
    #: published cells hidden only because of the comparison with the previous meeting's pack (R9): the pack's own
    #: audit shows them. Never stored in a pack (which hidden figures are not small themselves is not for a
    #: reader); a page says once that it has such figures (:meth:`hidden_since_previous`).
    since_previous: frozenset[tuple] = frozenset()
    #: what the previous pack's hidden cells were taken from: "published" (the cells it showed as published, read
    #: from its disclosure.json.gz), "recomputed" (its own audit done again), "published participants" or
    #: "published survey" (one family each way); None without a previous meeting
    previous_basis: str | None = None
    #: the cell keys previous packs showed as published, by association, that the audit assumed known (this
    #: association's previous pack, other associations' for their survey results in the comparison): keys only,
    #: public in those packs; stored in the pack so that a live page audits again with the same ones
    previous_known: Mapping[str, frozenset[tuple]] = field(default_factory=dict)
    #: the version of the cell keys (:func:`finsamdash.privacy.pack.scheme_version`)
    scheme: str = ""

    def value(self, cell: tuple) -> int | None:
        """The count of a published cell when it may be shown; None when it is hidden or not published."""
        return self.shown.get(cell)

    def is_hidden(self, cell: tuple) -> bool:
        return cell in self.hidden

    def hidden_since_previous(self, *, kind: str | None = None, years: Iterable[int] | None = None,
                              cells: Iterable[tuple] | None = None) -> bool:
        """True when a published figure is hidden only because too few have been added since the previous meeting
        (R9): any such figure, or one of ``kind`` ("p" participants, "s" survey answers) in a window of one of
        ``years``, or one of ``cells``."""
        if not self.since_previous:
            return False
        if cells is not None:
            return any(c in self.since_previous for c in cells)
        wanted = None if years is None else {str(y) for y in years}
        return any((kind is None or c[0] == kind) and (wanted is None or _year_of(c) in wanted)
                   for c in self.since_previous)

    def previous_value(self, cell: tuple) -> int | None:
        """The count the previous meeting's pack showed (None when hidden there or without a previous meeting)."""
        return self.previous_shown.get(cell)

    def goal(self, year: int, index: int) -> GoalCells | None:
        return self.goals.get((year, index))

    def previous_pack(self) -> Disclosure | None:
        """The previous meeting's pack as a :class:`Disclosure` of its shown values (None without one)."""
        if self.previous is None:
            return None
        return Disclosure(self.association_id, self.previous, None, self.min_count, self.previous.year,
                          self.previous_shown, frozenset(), goals=self.previous_goals)

    def matches(self, association_id: str, meeting: date, previous: date | None, min_count: int,
                year: int) -> bool:
        """True when this is the audit of these parameters."""
        return (self.association_id, self.meeting, self.previous, self.min_count, self.year) == (
            association_id, meeting, previous, min_count, year)

    # --- stored in a pack: only what is shown ---------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The non-sensitive part as JSON: shown cells with their values and the keys of hidden cells (no hidden
        value), the parameters and the audit's figures. Layouts and goals are recomputed on load."""
        return {
            "format": FORMAT,
            "association_id": self.association_id,
            "meeting": self.meeting.isoformat(),
            "previous": self.previous.isoformat() if self.previous else None,
            "min_count": self.min_count,
            "year": self.year,
            "shown": [[list(c), v] for c, v in sorted(self.shown.items(), key=lambda kv: repr(kv[0]))],
            "hidden": sorted((list(c) for c in self.hidden), key=repr),
            "stats": dict(self.stats),
            "scheme": self.scheme,
            "previous_basis": self.previous_basis,
            "previous_known": {a: sorted((list(c) for c in keys), key=repr)
                               for a, keys in sorted(self.previous_known.items())},
        }

    def write(self, folder: Path) -> Path:
        """Write :meth:`to_json` as ``disclosure.json.gz`` into ``folder`` (a pack) and return the file."""
        target = Path(folder) / FILE_NAME
        payload = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        target.write_bytes(gzip.compress(payload, mtime=0))
        return target


FILE_NAME = "disclosure.json.gz"


def _year_of(c: tuple) -> str:
    """The year of a cell's window: the first day of a participant cell, the period of a survey cell."""
    return str(c[3] if c[0] == "p" else c[-1])[:4]


def read_published(folder: Path) -> dict[str, Any] | None:
    """The stored part of a pack's disclosure (see :meth:`Disclosure.to_json`), None when there is none or it
    cannot be read (damaged, another format)."""
    path = Path(folder) / FILE_NAME
    try:
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        data["shown"] = {tuple(c): v for c, v in data["shown"]}
        data["hidden"] = {tuple(c) for c in data["hidden"]}
        data["previous_known"] = {str(a): frozenset(tuple(c) for c in keys)
                                  for a, keys in (data.get("previous_known") or {}).items()}
    except (OSError, EOFError, zlib.error, ValueError, TypeError, AttributeError, KeyError):
        return None
    return data
