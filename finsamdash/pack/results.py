"""What a build reports: per dashboard, per association's pack, for the whole build, and its progress events.

Plain data: :mod:`finsamdash.pack.build` fills them in, :mod:`finsamdash.pack.command` prints them and
:mod:`finsamdash.pack.manifest` stores them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from finsamdash.data.issues import Issue
from finsamdash.pack.pdf import PDF_NAME
from finsamdash.wording import build as say


@dataclass(frozen=True)
class CellError:
    """Where and how a dashboard notebook failed."""

    ename: str  # exception class, e.g. "KeyError"
    evalue: str  # its message
    cell: int | None = None  # 1-based number of the failing cell in the source notebook (all cells counted)
    execution_count: int | None = None  # "In [n]" of the executed notebook
    section: str = ""  # the heading above the cell
    source: str = ""  # the cell's code
    stage: str = "execute"  # "execute" or "html"

    def describe(self) -> str:
        """One Swedish line: section, cell and error."""
        where = []
        if self.section:
            where.append(say.in_section(self.section))
        if self.cell is not None:
            first = self.source.strip().splitlines()[0] if self.source.strip() else ""
            where.append(say.in_cell(self.cell, first))
        if self.stage == "html":
            where.append(say.WHILE_WRITING_HTML)
        place = ", ".join(where)
        message = f"{self.ename}: {self.evalue}" if self.evalue else self.ename
        return f"{place}: {message}" if place else message


@dataclass(frozen=True)
class DashboardResult:
    association_id: str
    dashboard: str  # notebook stem, e.g. "overview"
    title: str  # the notebook's heading, e.g. "Översikt"
    status: str  # "ok" or "failed"
    duration: float  # seconds (execution and HTML)
    error: CellError | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class PdfStatus:
    """The pack's ``board-pack.pdf``: ``status`` is "ok", "failed" or "skipped" (a dashboard failed)."""

    status: str
    duration: float = 0.0  # seconds
    pages: int | None = None
    error: str | None = None  # Swedish message when it failed

    def as_manifest(self) -> dict[str, Any]:
        return {"file": PDF_NAME if self.status == "ok" else None, "status": self.status,
                "duration_s": self.duration, "pages": self.pages, "error": self.error}


@dataclass
class AssociationResult:
    association_id: str
    name: str
    meeting: date
    previous: date | None
    folder: Path | None = None  # where the pack ended up (the meeting folder, or the "-misslyckad" one)
    installed: bool = False  # True when it became DIR/<association>/<meeting> and latest points at it
    dashboards: list[DashboardResult] = field(default_factory=list)
    duration: float = 0.0
    pdf: PdfStatus | None = None

    @property
    def ok(self) -> bool:
        return (bool(self.dashboards) and all(d.ok for d in self.dashboards)
                and (self.pdf is None or self.pdf.status != "failed"))


@dataclass
class BuildResult:
    out: Path
    meeting: date
    associations: list[AssociationResult]
    duration: float
    built_at: str
    warnings: list[Issue] = field(default_factory=list)  # validation warnings (they do not stop a build)

    @property
    def ok(self) -> bool:
        return all(a.ok for a in self.associations)

    @property
    def failures(self) -> list[DashboardResult]:
        return [d for a in self.associations for d in a.dashboards if not d.ok]

    @property
    def exit_status(self) -> int:
        return 0 if self.ok else 1


@dataclass(frozen=True)
class BuildEvent:
    """What ``progress`` receives: ``kind`` is "start", "association_start", "dashboard" or "association_done"."""

    kind: str
    association_id: str = ""
    association_name: str = ""
    done: int = 0  # dashboards finished for this association
    total: int = 0  # dashboards to run for this association (for "start": in the whole build)
    jobs: int = 0  # worker processes ("start" only)
    dashboard: DashboardResult | None = None
    association: AssociationResult | None = None


Progress = Callable[[BuildEvent], None]
