"""The validated, typed dataset every metric reads from.

A :class:`Dataset` holds one tidy table per contract table, with canonical English column names, every declared
column present (missing optional columns are all-NA) and these dtypes:

============  ==================================================
kind          pandas dtype
============  ==================================================
text          ``string`` (NA when empty)
category      ``string`` holding the canonical English key
municipality  ``string``: the official name when recognised, else the text as written
period        ``string`` (``YYYY``, ``YYYY-H1`` or ``YYYY-H2``)
int           ``Int64``
number        ``Float64``
date          ``datetime64[ns]`` (midnight)
bool          ``boolean``
============  ==================================================

The index is the row number the user sees in the source file (header = row 1). Optional tables the user did not
provide are absent: use :meth:`Dataset.table` (``None`` when absent) or :meth:`Dataset.has`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from finsamdash.data.contract import TABLES, ContractSettings
from finsamdash.errors import UsageError

if TYPE_CHECKING:
    from finsamdash.data.issues import Issue

DTYPES = {
    "text": "string",
    "category": "string",
    "period": "string",
    "int": "Int64",
    "number": "Float64",
    "date": "datetime64[ns]",
    "bool": "boolean",
    "municipality": "string",
}


def empty_table(name: str) -> pd.DataFrame:
    """An empty typed frame with every declared column of ``name``."""
    return pd.DataFrame({c.name: pd.Series(dtype=DTYPES[c.kind]) for c in TABLES[name].columns})


def typed_table(name: str, frame: pd.DataFrame | Mapping[str, pd.Series], index: pd.Index | None = None
                ) -> pd.DataFrame:
    """``frame`` with every declared column of ``name`` present (missing ones all-NA) and cast to its dtype.

    Values must already be parsed (this casts, it does not parse user text: see :mod:`finsamdash.data.validate`).
    ``frame`` may also be a mapping of column name to Series all indexed by ``index`` (no frame of them is made:
    one copy less of a long table).
    """
    index = frame.index if index is None else index
    out = pd.DataFrame(index=index)
    for col in TABLES[name].columns:
        if col.name in frame:
            out[col.name] = frame[col.name].astype(DTYPES[col.kind])
        else:
            out[col.name] = pd.Series(pd.NA if col.kind != "date" else pd.NaT, index=index, dtype=DTYPES[col.kind])
    return out


@dataclass(frozen=True)
class Source:
    """Where one table came from, for messages and the pack manifest."""

    table: str
    location: str  # file name, or "workbook.xlsx, blad Deltagare"
    path: Path
    header: Mapping[str, str] = field(default_factory=dict)  # canonical column -> header as the user wrote it


@dataclass(frozen=True)
class Dataset:
    """Typed tidy tables of one or more associations, validated against the data contract."""

    tables: Mapping[str, pd.DataFrame]
    path: Path | None = None
    sources: Mapping[str, Source] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()  # warnings found while loading (errors prevent a Dataset)
    settings: ContractSettings = field(default_factory=ContractSettings)

    def has(self, name: str) -> bool:
        """True when the user provided table ``name`` (it may still have no rows for an association)."""
        return name in self.tables

    def table(self, name: str) -> pd.DataFrame | None:
        """Table ``name``, or ``None`` when the user did not provide it."""
        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}")
        return self.tables.get(name)

    def rows(self, name: str, association_id: str) -> pd.DataFrame | None:
        """The rows of table ``name`` for one association; ``None`` when the table was not provided."""
        frame = self.table(name)
        if frame is None:
            return None
        return frame[frame["association_id"] == association_id]

    @property
    def association_ids(self) -> list[str]:
        return list(self.tables["associations"]["association_id"])

    def association_name(self, association_id: str) -> str:
        assoc = self.tables["associations"]
        match = assoc.loc[assoc["association_id"] == association_id, "name"]
        if match.empty:
            self.require_association(association_id)
        return str(match.iloc[0])

    def require_association(self, association_id: str) -> None:
        if association_id not in self.association_ids:
            known = ", ".join(self.association_ids) or "(inga)"
            raise UsageError(
                f"Förbundet {association_id!r} finns inte i underlaget. Förbund i underlaget: {known}."
            )

    def as_of(self, cutoff: date | str, *, books_closed: date | str | None = None) -> Dataset:
        """The dataset as it was known on ``cutoff`` (the data cut-off of a board meeting).

        Episodes starting later are dropped and episodes ending later are still open (their exit data unknown);
        ledger entries and training events after the cut-off are dropped, as are survey answers of periods that
        had not begun. Plans (budget, goals, interventions, contributions, equity) are kept as they are.
        ``books_closed`` (on or before ``cutoff``: see :mod:`finsamdash.metrics.forecast`) cuts the ledger earlier,
        at the date up to which it is complete.
        """
        stamp = pd.Timestamp(cutoff)
        tables = dict(self.tables)
        people = tables["participants"]
        people = people[people["start_date"] <= stamp].copy()
        later = people["end_date"] > stamp
        if later.any():
            for column in ("end_date", "exit_reason", "support_after", "followup_12m"):
                people.loc[later, column] = pd.NA
        tables["participants"] = people
        books = pd.Timestamp(books_closed) if books_closed is not None else stamp
        for name, last in (("ledger", min(books, stamp)), ("training", stamp)):
            if name in tables:
                tables[name] = tables[name][tables[name]["date"] <= last]
        if "survey_responses" in tables:
            answers = tables["survey_responses"]
            begins = pd.to_datetime(answers["period"].str.replace("-H1", "-01-01").str.replace("-H2", "-07-01")
                                    .where(answers["period"].str.contains("-H"), answers["period"] + "-01-01"))
            tables["survey_responses"] = answers[(begins <= stamp).fillna(False).astype(bool)]
        return replace(self, tables=tables)

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]
