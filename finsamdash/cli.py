"""Command line: ``finsamdash validate|summary|build|serve|template|demo|annual-report`` (see the CLI contract).

Exit status: 0 success, 1 the work failed, 2 invalid input or wrong use. Messages for people are Swedish; no
traceback is ever shown for bad input (a bug still shows one, so that it gets reported).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from finsamdash.data.contract import DEFAULT_MIN_COUNT, TABLES
from finsamdash.data.issues import Issue
from finsamdash.errors import DataValidationError, FinsamError, UsageError
from finsamdash.pack.options import add_meeting_options
from finsamdash.wording.argparse_sv import SwedishArgumentParser
from finsamdash.wording.formatting import fmt_int
from finsamdash.wording.words import count_phrase

if TYPE_CHECKING:
    from finsamdash.data.dataset import Dataset

#: ``finsamdash build --timeout``: seconds one notebook cell may run before its dashboard is stopped and failed.
DEFAULT_CELL_TIMEOUT = 600


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} är inget datum – skriv ÅÅÅÅ-MM-DD") from None


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} är inget heltal") from None


def build_parser() -> argparse.ArgumentParser:
    parser = SwedishArgumentParser(prog="finsamdash",
                                   description="Instrumentpaneler och mötesunderlag för samordningsförbund.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=SwedishArgumentParser, metavar="KOMMANDO",
                                title="kommandon", help="skriv `finsamdash KOMMANDO --help` för kommandots hjälp")

    p = sub.add_parser("validate", help="kontrollera ett underlag mot dataformatet")
    p.add_argument("data", type=Path, metavar="DATA", help="mapp med CSV-filer eller en .xlsx-fil")
    p.add_argument("--max-per-column", type=_integer, default=50, metavar="N",
                   help="visa högst N fel av samma slag per kolumn (0 = alla; standard 50)")
    p.add_argument("--json", action="store_true", help="skriv alla fel och varningar som JSON")

    p = sub.add_parser("summary", help="nyckeltal för ett förbund och år")
    p.add_argument("data", type=Path, metavar="DATA", help="mapp med CSV-filer eller en .xlsx-fil")
    p.add_argument("--association", required=True, metavar="ID", help="förbundets id")
    p.add_argument("--year", required=True, type=_integer, metavar="ÅÅÅÅ", help="året")
    p.add_argument("--json", action="store_true", help="skriv nyckeltalen som JSON")
    p.add_argument("--raw", action="store_true", help="visa även små antal (ingen röjandekontroll)")
    p.add_argument("--min-count", type=_integer, default=DEFAULT_MIN_COUNT, metavar="N",
                   help=f"dölj antal under N (standard {DEFAULT_MIN_COUNT})")
    p.add_argument("--as-of", type=_date, default=None, metavar="ÅÅÅÅ-MM-DD",
                   help="siffrorna som de var kända detta datum (ett styrelsemöte under året) och prognosen för "
                        "helåret")
    p.add_argument("--books-closed", type=_date, default=None, metavar="ÅÅÅÅ-MM-DD",
                   help="utfallet är bokfört till och med detta datum (kräver --as-of; standard: sista dagen i "
                        "månaden för den senaste bokföringen före --as-of)")

    p = sub.add_parser("build", help="bygg mötesunderlaget (alla instrumentpaneler) för ett styrelsemöte")
    p.add_argument("data", type=Path, metavar="DATA", help="mapp med CSV-filer eller en .xlsx-fil")
    p.add_argument("--meeting", required=True, type=_date, metavar="ÅÅÅÅ-MM-DD", help="styrelsemötets datum")
    p.add_argument("--association", action="append", metavar="ID",
                   help="bygg bara för detta förbund (kan anges flera gånger; standard: alla)")
    p.add_argument("--out", type=Path, default=Path("dashboards"), metavar="MAPP",
                   help="mapp för mötesunderlagen (standard: dashboards)")
    p.add_argument("--jobs", type=_integer, default=None, metavar="N",
                   help="antal parallella körningar (standard: datorns antal kärnor)")
    p.add_argument("--previous", type=_date, default=None, metavar="ÅÅÅÅ-MM-DD",
                   help="förra mötets datum (standard: datumet för det senaste tidigare underlaget)")
    p.add_argument("--books-closed", type=_date, default=None, metavar="ÅÅÅÅ-MM-DD",
                   help="utfallet är bokfört till och med detta datum, senast mötesdagen (standard: sista dagen i "
                        "månaden för den senaste bokföringen före mötet, per förbund)")
    p.add_argument("--no-pdf", action="store_true", help="hoppa över PDF-filen")
    p.add_argument("--timeout", type=_integer, default=DEFAULT_CELL_TIMEOUT, metavar="SEKUNDER",
                   help="en instrumentpanel vars cell kör längre än så här stoppas och rapporteras som misslyckad "
                        f"(standard {DEFAULT_CELL_TIMEOUT}; 0 = ingen gräns)")
    p.add_argument("--notebooks", type=Path, default=None, help=argparse.SUPPRESS)  # developers: other notebooks

    p = sub.add_parser("serve", help="visa de byggda mötesunderlagen med Voilà")
    p.add_argument("directory", type=Path, nargs="?", default=Path("dashboards"), metavar="MAPP",
                   help="mappen med mötesunderlag (standard: dashboards)")
    p.add_argument("--host", default="127.0.0.1", metavar="ADRESS",
                   help="adress att lyssna på (standard 127.0.0.1: bara den här datorn)")
    p.add_argument("--port", type=_integer, default=8866, metavar="PORT", help="port att lyssna på (standard 8866)")
    p.add_argument("--token", default=None, metavar="T",
                   help="lösenord i adressen; krävs om servern ska nås från andra datorer")
    add_meeting_options(p)

    p = sub.add_parser("annual-report", help="skriv verksamhetsberättelsens statistikavsnitt för ett avslutat år som "
                                             "ett Word-dokument")
    p.add_argument("data", type=Path, metavar="DATA", help="mapp med CSV-filer eller en .xlsx-fil")
    p.add_argument("--association", required=True, metavar="ID", help="förbundets id")
    p.add_argument("--year", required=True, type=_integer, metavar="ÅÅÅÅ", help="året (ett avslutat år)")
    p.add_argument("--out", type=Path, default=None, metavar="FIL.docx",
                   help="Word-filen som skrivs (standard: verksamhetsberattelse-ID-ÅÅÅÅ.docx); en befintlig fil "
                        "ersätts först när den nya är färdig")
    p.add_argument("--template", type=Path, default=None, metavar="MALL.docx",
                   help="förbundets egen Word-mall (.docx eller .dotx) med logotyp, typsnitt och formatmallar")
    p.add_argument("--min-count", type=_integer, default=DEFAULT_MIN_COUNT, metavar="N",
                   help=f"dölj antal under N (standard {DEFAULT_MIN_COUNT})")
    p.add_argument("--no-charts", action="store_true",
                   help="skriv dokumentet utan diagram (diagrammen ritas annars med webbläsaren chromium)")

    p = sub.add_parser("template", help="skriv en tom Excel-mall att fylla i (eller en ifylld, med --from)")
    p.add_argument("out", type=Path, metavar="FIL.xlsx", help="Excel-filen som skrivs")
    p.add_argument("--from", dest="source", type=Path, default=None, metavar="DATA",
                   help="fyll mallen med ett befintligt underlag (en mapp med CSV-filer eller en .xlsx-fil)")
    p.add_argument("--goals-year", type=int, default=None, metavar="ÅÅÅÅ",
                   help="med --from: kopiera varje förbunds mål från det senaste tidigare året till ÅÅÅÅ, utan "
                        "utfall, bedömning och kommentar, som start på årets mål")

    p = sub.add_parser("demo", help="skriv ett påhittat demounderlag")
    p.add_argument("out", type=Path, metavar="MAPP", help="mappen som demounderlaget skrivs till")
    p.add_argument("--seed", type=_integer, default=1, metavar="N",
                   help="startvärde för slumpen (samma värde ger samma underlag; standard 1)")
    p.add_argument("--as-of", type=_date, default=None, metavar="ÅÅÅÅ-MM-DD",
                   help="sista dag med data (standard: i dag)")
    p.add_argument("--associations", type=_integer, default=3, metavar="N", help="antal förbund (standard 3)")
    p.add_argument("--years", type=_integer, default=7, metavar="N", help="antal år (standard 7)")
    p.add_argument("--volume", choices=("demo", "national"), default="demo", metavar="{demo,national}",
                   help="radvolym per förbund och år: demo (standard) eller national – som prestandaprovet i "
                        "nationell skala (≈ 375 deltaganden, ≈ 125 enkätsvar och ≈ 130 bokföringar per förbund och "
                        "år; 80 förbund × 10 år ≈ 300 000 deltaganden)")
    p.add_argument("--no-xlsx", action="store_true", help="skriv bara CSV-filer")
    return parser


def print_issues(issues: Sequence[Issue], *, max_per_column: int = 0, file=None) -> None:
    """Print issues, at most ``max_per_column`` of the same kind per column (0 = all), with a count of the rest."""
    file = file or sys.stdout
    shown: Counter[tuple] = Counter()
    hidden: Counter[tuple] = Counter()
    for issue in issues:
        group = (issue.severity, issue.location, issue.column, issue.code)
        if max_per_column and shown[group] >= max_per_column:
            hidden[group] += 1
            continue
        shown[group] += 1
        print(issue.describe(), file=file)
    for (severity, location, column, _code), count in hidden.items():
        kind = "fel" if severity == "error" else "varningar"
        print(f"… och {count} {kind} till av samma slag i {location}, kolumn ”{column}”.", file=file)


def _cmd_validate(args: argparse.Namespace) -> int:
    from finsamdash.data.validate import check

    dataset, issues = check(args.data)
    errors = sum(i.severity == "error" for i in issues)
    warnings = len(issues) - errors
    if args.json:
        json.dump({"valid": dataset is not None, "errors": errors, "warnings": warnings,
                   "issues": [i.to_dict() for i in issues]}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_issues(issues, max_per_column=args.max_per_column)
        found = count_phrase(warnings, "varning", "varningar")
        if errors:
            print(f"\nUnderlaget {args.data} har {fmt_int(errors)} fel och {found}. Rätta felen och kör igen.")
        else:
            print(f"Underlaget {args.data} är giltigt ({found}): {_row_counts(dataset)}.")  # type: ignore[arg-type]
    return 2 if errors else 0


def _row_counts(dataset: Dataset) -> str:
    """"1 rad Förbund, 6 rader Medlemsbidrag, …": every table read, by its Swedish name, in contract order."""
    names = {name: re.sub(r" \(.*\)$", "", TABLES[name].title_sv) for name in dataset.tables}
    return ", ".join(f"{count_phrase(len(frame), 'rad', 'rader')} {names[name]}"
                     for name, frame in dataset.tables.items())


def _cmd_summary(args: argparse.Namespace) -> int:
    from finsamdash.data.reference import latest_dates
    from finsamdash.data.validate import load
    from finsamdash.report import summary, summary_text

    if args.min_count < 1:
        raise UsageError("--min-count måste vara minst 1.")
    if args.books_closed is not None and args.as_of is None:
        raise UsageError("--books-closed kräver --as-of (mötesdatumet som prognosen görs inför).")
    dataset = load(args.data)
    if args.as_of is not None:
        still_running = args.as_of <= dt.date(args.year, 12, 31)
    else:
        # the year is still running when the data ends before its last day (the data's own date, not the clock)
        latest = latest_dates(dataset.tables).get(args.association)
        still_running = latest is not None and latest < dt.date(args.year, 12, 31)
    result = summary(dataset, args.association, args.year, raw=args.raw, min_count=args.min_count,
                     preliminary=still_running, as_of=args.as_of, books_closed=args.books_closed)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(summary_text(result, dataset, min_count=args.min_count))
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from finsamdash.data.template import write_template

    if args.source is None:
        if args.goals_year is not None:
            raise UsageError("--goals-year kräver --from DATA (målen kopieras från ett befintligt underlag).")
        path = write_template(args.out)
        print(f"Mallen är skriven: {path}. Fyll i den och kontrollera med `finsamdash validate {path}`.")
        return 0
    from finsamdash.data.filled_template import write_filled_template

    written = write_filled_template(args.out, args.source, goals_year=args.goals_year)
    print(f"Arbetsboken är skriven: {written.path}, ifylld med underlaget {args.source}.")
    for association, (year, count) in written.copied.items():
        print(f"{association}: {count_phrase(count, 'mål', 'mål')} från {year} kopierade till {args.goals_year} – "
              "ändra målvärden och texter på fliken Mål efter den nya verksamhetsplanen.")
    if written.warnings:
        print(f"Underlaget har {count_phrase(written.warnings, 'varning', 'varningar')}; "
              f"`finsamdash validate {args.source}` visar dem.")
    print(f"Kontrollera den med `finsamdash validate {written.path}`.")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from finsamdash.data.demo import write_demo

    out = write_demo(args.out, seed=args.seed, as_of=args.as_of, associations=args.associations,
                     years=args.years, xlsx=not args.no_xlsx, volume=args.volume)
    print(f"Demounderlaget är skrivet till {out}.")
    return 0


def _cmd_annual_report(args: argparse.Namespace) -> int:
    from finsamdash.annual import write_annual_report

    if args.min_count < 1:
        raise UsageError("--min-count måste vara minst 1.")
    path = write_annual_report(args.data, args.association, args.year, args.out, template=args.template,
                               min_count=args.min_count, charts=not args.no_charts)
    print(f"Verksamhetsberättelsens statistik för {args.year} är skriven: {path}. Öppna den i Word, läs igenom "
          "och redigera texten innan den går till styrelsen.")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from finsamdash.pack.command import run_build_command

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs måste vara minst 1.")
    if args.timeout < 0:
        raise UsageError("--timeout måste vara 0 (ingen gräns) eller ett antal sekunder.")
    if args.notebooks is not None and not args.notebooks.is_dir():
        raise UsageError(f"Hittar inte mappen {args.notebooks} (--notebooks).")
    return run_build_command(args)


def _cmd_serve(args: argparse.Namespace) -> int:
    from finsamdash.pack.serve import run_serve_command

    return run_serve_command(args)


COMMANDS = {"validate": _cmd_validate, "summary": _cmd_summary, "build": _cmd_build, "serve": _cmd_serve,
            "template": _cmd_template, "demo": _cmd_demo, "annual-report": _cmd_annual_report}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DataValidationError as exc:
        print_issues(exc.issues, max_per_column=50, file=sys.stderr)
        print(f"\nUnderlaget har {len(exc.errors)} fel. Rätta dem och kör igen "
              "(`finsamdash validate DATA` visar alla).", file=sys.stderr)
        return exc.exit_status
    except FinsamError as exc:
        print(f"finsamdash: {exc}", file=sys.stderr)
        return exc.exit_status
    except OSError as exc:  # e.g. the output folder cannot be written
        print(f"finsamdash: kunde inte läsa eller skriva {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 1
