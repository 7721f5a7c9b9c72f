"""Command-line options of ``finsamdash serve`` that ``python -m finsamdash.pack.serve`` shares (a leaf module: the
command line imports it without importing the server)."""

from __future__ import annotations

import argparse

from finsamdash.wording.cli import AUDIENCE_HELP


def add_meeting_options(parser: argparse.ArgumentParser) -> None:
    """``serve``'s ``--audience N`` and the hidden ``--no-fork`` (kernels started the usual way, for comparisons).
    The limits are checked by :func:`finsamdash.pack.serve.check_audience`."""
    parser.add_argument("--audience", type=int, default=None, metavar="N",
                        help=AUDIENCE_HELP)
    parser.add_argument("--no-fork", action="store_true", help=argparse.SUPPRESS)
