"""Helpers for the annual report's tests: the Samspelet 2013 fixture with its annual-report additions."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SAMSPELET = FIXTURES / "samspelet_2013"
SAMSPELET_ANNUAL = FIXTURES / "samspelet_2013_annual"


def samspelet_folder(target: Path) -> Path:
    """A dataset folder in ``target``: the Samspelet 2013 fixture (participants, interventions, goals) and its
    annual-report additions (contributions, budget, ledger, equity, answers, more goals); a table in both folders
    is the rows of both."""
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(SAMSPELET.glob("*.csv")):
        shutil.copyfile(source, target / source.name)
    for source in sorted(SAMSPELET_ANNUAL.glob("*.csv")):
        out = target / source.name
        if out.exists():
            rows = source.read_text(encoding="utf-8").splitlines(keepends=True)
            with out.open("a", encoding="utf-8") as handle:
                handle.writelines(rows[1:])  # same header
        else:
            shutil.copyfile(source, out)
    return target
