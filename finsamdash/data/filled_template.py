"""``finsamdash template UT.xlsx --from DATA``: an existing dataset as a filled Excel workbook.

Moving from CSV files to Excel, or starting next year's workbook: every table of the validated dataset is written
into the template's layout (Swedish sheets, headers, labels and goal parameters, drop-down lists, instructions), so
that the workbook read back gives the same figures. With ``goals_year`` each association's goals of its latest
earlier year are copied to that year as the start of its plan (see :func:`goals_for_year`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from finsamdash.data.dataset import typed_table
from finsamdash.errors import UsageError

__all__ = ["FilledTemplate", "goals_for_year", "write_filled_template"]

#: What a copied goal keeps: everything that states the goal, nothing that judges a year.
_JUDGEMENT = ("manual_outcome", "manual_status", "comment")


@dataclass(frozen=True)
class FilledTemplate:
    """The workbook written, per association the year its goals were copied from and how many, and the number of
    warnings the dataset had (they are written as they are)."""

    path: Path
    copied: dict[str, tuple[int, int]] = field(default_factory=dict)
    warnings: int = 0


def goals_for_year(goals: pd.DataFrame, year: int) -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
    """``goals`` with each association's goals of its latest year before ``year`` added again for ``year``.

    The copies keep goal id, scope, area, text, metric, parameters, comparison and target (last year's plan as the
    start of next year's, to be edited); manual outcome, assessment and comment are left empty, as they judge the
    year that is over. Returns the new table and {association: (copied from year, number of goals)}. Raises
    :class:`UsageError` when an association already has goals for ``year`` or no association has earlier goals.
    """
    years = goals["year"].astype("Int64")
    already = sorted(goals.loc[(years == year).fillna(False).astype(bool), "association_id"].dropna().unique())
    if already:
        raise UsageError(f"Underlaget har redan mål för {year} ({', '.join(map(str, already))}). Ta bort "
                         f"--goals-year eller målen för {year}.")
    copies, copied = [], {}
    earlier = goals.loc[(years < year).fillna(False).astype(bool)]
    for association, rows in earlier.groupby("association_id", sort=False):
        latest = int(rows["year"].max())
        plan = rows.loc[rows["year"] == latest].copy()
        plan["year"] = year
        for column in _JUDGEMENT:
            plan[column] = pd.NA
        copies.append(plan)
        copied[str(association)] = (latest, len(plan))
    if not copies:
        raise UsageError(f"Underlaget har inga mål före {year} att utgå från (fliken Mål är tom eller saknas).")
    return typed_table("goals", pd.concat([goals, *copies], ignore_index=True)), copied


def write_filled_template(out: str | os.PathLike, data: str | os.PathLike, *, goals_year: int | None = None
                          ) -> FilledTemplate:
    """Validate ``data`` and write it as a filled template workbook to ``out`` (``data`` is never modified).

    Raises :class:`~finsamdash.errors.DataValidationError` when ``data`` has errors (nothing is written) and
    :class:`UsageError` when ``out`` is ``data`` itself or the goals cannot be copied (see :func:`goals_for_year`).
    """
    from finsamdash.data.template import write_workbook
    from finsamdash.data.validate import load

    target, source = Path(out), Path(data)
    if source.exists() and target.exists() and target.resolve() == source.resolve():
        raise UsageError(f"{target} är underlaget självt; skriv arbetsboken till en ny fil så att underlaget "
                         "lämnas orört.")
    dataset = load(source)
    tables = dict(dataset.tables)
    copied: dict[str, tuple[int, int]] = {}
    if goals_year is not None:
        if "goals" not in tables:
            raise UsageError(f"Underlaget har inga mål att utgå från för {goals_year} (fliken Mål saknas).")
        tables["goals"], copied = goals_for_year(tables["goals"], goals_year)
    return FilledTemplate(write_workbook(target, tables), copied, len(dataset.warnings))
