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
from finsamdash.wording import cli as say
from finsamdash.wording.argparse_sv import SwedishArgumentParser

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
                                   description=say.PROGRAM_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=SwedishArgumentParser, metavar="KOMMANDO",
                                title="kommandon", help=say.COMMANDS_HELP)

    p = sub.add_parser("validate", help=say.VALIDATE_HELP)
    p.add_argument("data", type=Path, metavar="DATA", help=say.DATA_HELP)
    p.add_argument("--max-per-column", type=_integer, default=50, metavar="N",
                   help=say.MAX_PER_COLUMN_HELP)
    p.add_argument("--json", action="store_true", help=say.VALIDATE_JSON_HELP)

    p = sub.add_parser("summary", help=say.SUMMARY_HELP)
    p.add_argument("data", type=Path, metavar="DATA", help=say.DATA_HELP)
    p.add_argument("--association", required=True, metavar="ID", help=say.ASSOCIATION_ID_HELP)
    p.add_argument("--year", required=True, type=_integer, metavar=say.YEAR_METAVAR, help=say.SUMMARY_YEAR_HELP)
    p.add_argument("--json", action="store_true", help=say.SUMMARY_JSON_HELP)
    p.add_argument("--raw", action="store_true", help=say.RAW_HELP)
    p.add_argument("--min-count", type=_integer, default=DEFAULT_MIN_COUNT, metavar="N",
                   help=say.min_count_help(DEFAULT_MIN_COUNT))
    p.add_argument("--as-of", type=_date, default=None, metavar=say.DATE_METAVAR,
                   help=say.AS_OF_HELP)
    p.add_argument("--books-closed", type=_date, default=None, metavar=say.DATE_METAVAR,
                   help=say.SUMMARY_BOOKS_CLOSED_HELP)

    p = sub.add_parser("build", help=say.BUILD_HELP)
    p.add_argument("data", type=Path, metavar="DATA", help=say.DATA_HELP)
    p.add_argument("--meeting", required=True, type=_date, metavar=say.DATE_METAVAR, help=say.MEETING_HELP)
    p.add_argument("--association", action="append", metavar="ID",
                   help=say.BUILD_ASSOCIATION_HELP)
    p.add_argument("--out", type=Path, default=Path("dashboards"), metavar="MAPP",
                   help=say.BUILD_OUT_HELP)
    p.add_argument("--jobs", type=_integer, default=None, metavar="N",
                   help=say.JOBS_HELP)
    p.add_argument("--previous", type=_date, default=None, metavar=say.DATE_METAVAR,
                   help=say.PREVIOUS_HELP)
    p.add_argument("--books-closed", type=_date, default=None, metavar=say.DATE_METAVAR,
                   help=say.BUILD_BOOKS_CLOSED_HELP)
    p.add_argument("--no-pdf", action="store_true", help=say.NO_PDF_HELP)
    p.add_argument("--timeout", type=_integer, default=DEFAULT_CELL_TIMEOUT, metavar="SEKUNDER",
                   help=say.timeout_help(DEFAULT_CELL_TIMEOUT))
    p.add_argument("--notebooks", type=Path, default=None, help=argparse.SUPPRESS)  # developers: other notebooks

    p = sub.add_parser("serve", help=say.SERVE_HELP)
    p.add_argument("directory", type=Path, nargs="?", default=Path("dashboards"), metavar="MAPP",
                   help=say.SERVE_DIRECTORY_HELP)
    p.add_argument("--host", default="127.0.0.1", metavar="ADRESS",
                   help=say.HOST_HELP)
    p.add_argument("--port", type=_integer, default=8866, metavar="PORT", help=say.PORT_HELP)
    p.add_argument("--token", default=None, metavar="T",
                   help=say.TOKEN_HELP)
    add_meeting_options(p)

    p = sub.add_parser("annual-report", help=say.ANNUAL_REPORT_HELP)
    p.add_argument("data", type=Path, metavar="DATA", help=say.DATA_HELP)
    p.add_argument("--association", required=True, metavar="ID", help=say.ASSOCIATION_ID_HELP)
    p.add_argument("--year", required=True, type=_integer, metavar=say.YEAR_METAVAR, help=say.ANNUAL_YEAR_HELP)
    p.add_argument("--out", type=Path, default=None, metavar="FIL.docx",
                   help=say.ANNUAL_OUT_HELP)
    p.add_argument("--template", type=Path, default=None, metavar="MALL.docx",
                   help=say.WORD_TEMPLATE_HELP)
    p.add_argument("--min-count", type=_integer, default=DEFAULT_MIN_COUNT, metavar="N",
                   help=say.min_count_help(DEFAULT_MIN_COUNT))
    p.add_argument("--no-charts", action="store_true",
                   help=say.NO_CHARTS_HELP)

    p = sub.add_parser("template", help=say.TEMPLATE_HELP)
    p.add_argument("out", type=Path, metavar="FIL.xlsx", help=say.TEMPLATE_OUT_HELP)
    p.add_argument("--from", dest="source", type=Path, default=None, metavar="DATA",
                   help=say.TEMPLATE_FROM_HELP)
    p.add_argument("--goals-year", type=int, default=None, metavar=say.YEAR_METAVAR,
                   help=say.GOALS_YEAR_HELP)

    p = sub.add_parser("demo", help=say.DEMO_HELP)
    p.add_argument("out", type=Path, metavar="MAPP", help=say.DEMO_OUT_HELP)
    p.add_argument("--seed", type=_integer, default=1, metavar="N",
                   help=say.SEED_HELP)
    p.add_argument("--as-of", type=_date, default=None, metavar=say.DATE_METAVAR,
                   help=say.DEMO_AS_OF_HELP)
    p.add_argument("--associations", type=_integer, default=3, metavar="N", help=say.ASSOCIATIONS_HELP)
    p.add_argument("--years", type=_integer, default=7, metavar="N", help=say.YEARS_HELP)
    p.add_argument("--volume", choices=("demo", "national"), default="demo", metavar="{demo,national}",
                   help=say.VOLUME_HELP)
    p.add_argument("--no-xlsx", action="store_true", help=say.NO_XLSX_HELP)
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
        print(say.more_of_the_same(count, errors=severity == "error", location=location, column=column), file=file)


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
        if errors:
            print(say.source_invalid(args.data, errors, warnings))
        else:
            print(say.source_valid(args.data, warnings, _row_counts(dataset)))  # type: ignore[arg-type]
    return 2 if errors else 0


def _row_counts(dataset: Dataset) -> str:
    """"1 rad Förbund, 6 rader Medlemsbidrag, …": every table read, by its Swedish name, in contract order."""
    names = {name: re.sub(r" \(.*\)$", "", TABLES[name].title_sv) for name in dataset.tables}
    return ", ".join(say.rows_of_table(len(frame), names[name]) for name, frame in dataset.tables.items())


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
        print(say.template_written(path))
        return 0
    from finsamdash.data.filled_template import write_filled_template

    written = write_filled_template(args.out, args.source, goals_year=args.goals_year)
    print(say.filled_template_written(written.path, args.source))
    for association, (year, count) in written.copied.items():
        print(say.goals_copied(association, count, year, args.goals_year))
    if written.warnings:
        print(say.source_has_warnings(written.warnings, args.source))
    print(say.check_the_workbook(written.path))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from finsamdash.data.demo import write_demo

    out = write_demo(args.out, seed=args.seed, as_of=args.as_of, associations=args.associations,
                     years=args.years, xlsx=not args.no_xlsx, volume=args.volume)
    print(say.demo_written(out))
    return 0


def _cmd_annual_report(args: argparse.Namespace) -> int:
    from finsamdash.annual import write_annual_report

    if args.min_count < 1:
        raise UsageError("--min-count måste vara minst 1.")
    path = write_annual_report(args.data, args.association, args.year, args.out, template=args.template,
                               min_count=args.min_count, charts=not args.no_charts)
    print(say.annual_report_written(args.year, path))
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
        print(say.invalid_source_stopped(len(exc.errors)), file=sys.stderr)
        return exc.exit_status
    except FinsamError as exc:
        print(f"finsamdash: {exc}", file=sys.stderr)
        return exc.exit_status
    except OSError as exc:  # e.g. the output folder cannot be written
        print(say.could_not_read_or_write(exc.filename, exc.strerror), file=sys.stderr)
        return 1
