"""argparse in Swedish: ``--help`` and every message argparse writes itself ("usage:", "options", "the following
arguments are required", ...).

argparse looks its texts up through the module-level ``_`` and ``ngettext`` (gettext). :class:`SwedishArgumentParser`
puts Swedish lookups in their place while it builds, formats and parses (and only then), so that nothing else in the
process is affected. A text argparse adds in a later Python version and this table does not know stays English; the
CLI tests read every command's help and the common errors, so such a text shows up there.
"""

from __future__ import annotations

import argparse
import contextlib
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["SWEDISH", "SwedishArgumentParser", "swedish"]

#: argparse's own texts (Python 3.11–3.13) in Swedish.
SWEDISH: dict[str, str] = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "optional arguments": "flaggor",
    "options": "flaggor",
    "subcommands": "kommandon",
    "show this help message and exit": "visa den här hjälptexten och avsluta",
    "show program's version number and exit": "visa versionsnumret och avsluta",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "the following arguments are required: %s": "följande måste anges: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "unrecognized arguments: %(args)s": "okända argument: %(args)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "ogiltigt val: %(value)r – menade du %(closest)r? (välj bland %(choices)s)",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "ett värde ska anges",
    "expected at most one argument": "högst ett värde får anges",
    "expected at least one argument": "minst ett värde ska anges",
    "expected %s argument": "%s värde ska anges",
    "expected %s arguments": "%s värden ska anges",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydig flagga: %(option)s kan betyda %(matches)s",
    "not allowed with argument %s": "får inte anges tillsammans med %s",
    "ignored explicit argument %r": "värdet %r används inte",
    "one of the arguments %s is required": "ett av argumenten %s måste anges",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "okänt kommando %(parser_name)r (välj bland %(choices)s)",
    "unexpected option string: %s": "oväntad flagga: %s",
    "argument %(argument_name)s: conflicting option string: %(conflicting_option)s":
        "%(argument_name)s: flaggan finns redan: %(conflicting_option)s",
    "option '%(option)s' is deprecated": "flaggan ”%(option)s” kommer att tas bort",
    "argument '%(argument_name)s' is deprecated": "argumentet ”%(argument_name)s” kommer att tas bort",
    "command '%(parser_name)s' is deprecated": "kommandot ”%(parser_name)s” kommer att tas bort",
}

_lock = threading.RLock()
_depth = 0


def _gettext(message: str) -> str:
    return SWEDISH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextlib.contextmanager
def swedish() -> Iterator[None]:
    """argparse speaks Swedish inside this block (re-entrant; the English lookups are put back after it)."""
    global _depth
    with _lock:
        saved = (argparse._, getattr(argparse, "ngettext", None))
        _depth += 1
        argparse._ = _gettext
        if saved[1] is not None:
            argparse.ngettext = _ngettext
        try:
            yield
        finally:
            _depth -= 1
            argparse._ = saved[0]
            if saved[1] is not None:
                argparse.ngettext = saved[1]


class SwedishArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help, usage and error messages are Swedish (subcommand parsers are of the same
    class). Errors end with a hint to ``--help`` and exit with status 2, as argparse's do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with swedish():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with swedish():
            return super().add_subparsers(**kwargs)

    def add_argument_group(self, *args: Any, **kwargs: Any) -> Any:
        with swedish():
            return super().add_argument_group(*args, **kwargs)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        with swedish():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        with swedish():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with swedish():
            return super().format_usage()

    def format_help(self) -> str:
        with swedish():
            return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        import sys

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\nSe `{self.prog} --help`.\n")
