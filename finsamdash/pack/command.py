"""``finsamdash build``: progress and results printed in Swedish."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finsamdash.pack.build import build_pack
from finsamdash.pack.pdf import PDF_NAME
from finsamdash.pack.results import BuildEvent, Progress
from finsamdash.wording import build as say


def _printer(file=None) -> Progress:
    file = file or sys.stdout

    def show(event: BuildEvent) -> None:
        if event.kind == "start":
            print(say.building(event.total, event.jobs), file=file, flush=True)
        elif event.kind == "dashboard" and event.dashboard is not None:
            d = event.dashboard
            width = 10
            filled = round(width * event.done / event.total) if event.total else width
            bar = "█" * filled + "·" * (width - filled)
            print(f"  [{bar}] {event.done}/{event.total} {event.association_id}: {d.title} {say.dashboard_state(d.ok)} "
                  f"({say.seconds(d.duration)})", file=file, flush=True)
            if d.error is not None:
                print(f"      {say.error_in(d.error.describe())}", file=file, flush=True)
        elif event.kind == "association_done" and event.association is not None:
            a = event.association
            if a.pdf is not None and a.pdf.status == "ok":
                print(f"  {say.pdf_done(a.association_id, a.pdf.pages, a.pdf.duration)}", file=file, flush=True)
            elif a.pdf is not None and a.pdf.status == "failed":
                print(f"  {say.pdf_failed(a.association_id, a.pdf.error)}", file=file, flush=True)
            if a.installed:
                print(say.pack_ready(a.name, a.folder), file=file, flush=True)
            else:
                failed = sum(not d.ok for d in a.dashboards)
                print(say.pack_not_published(a.name, failed, a.folder), file=file, flush=True)

    return show


def run_build_command(args: argparse.Namespace) -> int:
    """``finsamdash build``: ``args`` has data, meeting, association (list or None), out (default
    ``dashboards``), jobs, previous, books_closed, optionally notebooks, no_pdf (skip ``board-pack.pdf``) and timeout
    (seconds per cell; 0 or None: no limit).

    Prints progress in Swedish and returns 0, or 1 when a dashboard failed. Raises
    :class:`~finsamdash.errors.DataValidationError` when the data is invalid (nothing is written).
    """
    out = getattr(args, "out", None) or Path("dashboards")
    result = build_pack(
        Path(args.data), meeting=args.meeting, out=Path(out), association_ids=getattr(args, "association", None),
        jobs=getattr(args, "jobs", None), previous=getattr(args, "previous", None), progress=_printer(),
        notebooks=getattr(args, "notebooks", None), pdf=not getattr(args, "no_pdf", False),
        timeout=getattr(args, "timeout", None) or None, books_closed=getattr(args, "books_closed", None),
    )
    print()
    if result.warnings:
        print(say.source_warnings(len(result.warnings), args.data))
    if result.ok:
        print(say.build_done(result.duration, result.out / "index.html"))
        return 0
    pdf_failures = sum(a.pdf is not None and a.pdf.status == "failed" for a in result.associations)
    print(say.build_failed(len(result.failures), pdf_failures, result.duration), file=sys.stderr)
    for d in result.failures:
        print(f"  {d.association_id} / {d.title} ({d.dashboard}.ipynb): {d.error.describe() if d.error else ''}",
              file=sys.stderr)
    for a in result.associations:
        if a.pdf is not None and a.pdf.status == "failed":
            print(f"  {say.pdf_failure_line(a.association_id, PDF_NAME, a.pdf.error)}", file=sys.stderr)
    print(say.FIX_AND_RUN_AGAIN, file=sys.stderr)
    return 1

