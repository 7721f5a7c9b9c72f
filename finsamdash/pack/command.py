"""``finsamdash build``: progress and results printed in Swedish."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finsamdash.pack.build import build_pack
from finsamdash.pack.pdf import PDF_NAME
from finsamdash.pack.results import BuildEvent, Progress


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " s"


def _dashboards(count: int) -> str:
    return f"{count} instrumentpanel" if count == 1 else f"{count} instrumentpaneler"


def _printer(file=None) -> Progress:
    file = file or sys.stdout

    def show(event: BuildEvent) -> None:
        if event.kind == "start":
            print(f"Bygger {_dashboards(event.total)} med {event.jobs} "
                  f"{'parallell process' if event.jobs == 1 else 'parallella processer'} …", file=file, flush=True)
        elif event.kind == "dashboard" and event.dashboard is not None:
            d = event.dashboard
            width = 10
            filled = round(width * event.done / event.total) if event.total else width
            bar = "█" * filled + "·" * (width - filled)
            state = "klar" if d.ok else "MISSLYCKADES"
            print(f"  [{bar}] {event.done}/{event.total} {event.association_id}: {d.title} {state} "
                  f"({_seconds(d.duration)})", file=file, flush=True)
            if d.error is not None:
                print(f"      fel i {d.error.describe()}", file=file, flush=True)
        elif event.kind == "association_done" and event.association is not None:
            a = event.association
            if a.pdf is not None and a.pdf.status == "ok":
                print(f"  {a.association_id}: PDF klar ({a.pdf.pages} sidor, {_seconds(a.pdf.duration)})",
                      file=file, flush=True)
            elif a.pdf is not None and a.pdf.status == "failed":
                print(f"  {a.association_id}: PDF MISSLYCKADES – {a.pdf.error}", file=file, flush=True)
            if a.installed:
                print(f"{a.name}: mötesunderlaget är klart i {a.folder}", file=file, flush=True)
            else:
                failed = sum(not d.ok for d in a.dashboards)
                what = f"{_dashboards(failed)} misslyckades" if failed else "PDF:en misslyckades"
                print(f"{a.name}: {what} – underlaget har inte publicerats "
                      f"(det som byggdes finns i {a.folder})", file=file, flush=True)

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
        print(f"Underlaget har {len(result.warnings)} varningar (de stoppar inte bygget; "
              f"`finsamdash validate {args.data}` visar dem).")
    if result.ok:
        print(f"Klart på {_seconds(result.duration)}. Alla möten: {result.out / 'index.html'}")
        return 0
    pdf_failures = sum(a.pdf is not None and a.pdf.status == "failed" for a in result.associations)
    what = [_dashboards(len(result.failures))] if result.failures else []
    what += [f"{pdf_failures} PDF{'er' if pdf_failures > 1 else ''}"] if pdf_failures else []
    print(f"{' och '.join(what)} misslyckades (efter {_seconds(result.duration)}):",
          file=sys.stderr)
    for d in result.failures:
        print(f"  {d.association_id} / {d.title} ({d.dashboard}.ipynb): {d.error.describe() if d.error else ''}",
              file=sys.stderr)
    for a in result.associations:
        if a.pdf is not None and a.pdf.status == "failed":
            print(f"  {a.association_id} / {PDF_NAME}: {a.pdf.error} (bygg utan PDF med --no-pdf)", file=sys.stderr)
    print("Rätta felet och kör igen. Förbund där allt lyckades är publicerade som vanligt.", file=sys.stderr)
    return 1

