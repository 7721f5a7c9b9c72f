"""Settings and fixtures for the whole suite.

The build clock is pinned (``SOURCE_DATE_EPOCH``, see :mod:`finsamdash.pack.clock`) to 23 November 2026, 12:00 UTC,
the demo data's meeting day, before any test runs: build times, the demo data's default end date and whether a year
is still running then never depend on the day the suite runs. The variable is set in the environment, so the kernels,
command-line runs and PDF printers that tests start as subprocesses see the same clock.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from datetime import date
from pathlib import Path

import pytest

#: 2026-11-23 12:00:00 UTC: the same calendar day in every time zone from UTC−11 to UTC+11.
PINNED_EPOCH = "1795435200"

os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH

ROOT = Path(__file__).resolve().parents[1]
#: Where :func:`demo_pack` keeps what ``finsamdash build`` printed (beside the packs).
BUILD_OUTPUT = "build-output.txt"


@pytest.fixture(scope="session")
def demo_pack(tmp_path_factory) -> Path:
    """One demo association's meeting pack without a PDF, built once per test session through the command
    (``finsamdash build … --no-pdf``; what it printed is in ``<packs>/../build-output.txt``): its meeting folder."""
    from finsamdash.build import run_build_command

    out = tmp_path_factory.mktemp("demo-pack") / "packs"
    args = argparse.Namespace(data=ROOT / "data" / "demo", meeting=date(2026, 11, 23), association=["norrsken"],
                              out=out, jobs=2, previous=date(2026, 9, 24), books_closed=None, no_pdf=True,
                              notebooks=None, timeout=600)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        status = run_build_command(args)
    (out.parent / BUILD_OUTPUT).write_text(printed.getvalue(), encoding="utf-8")
    assert status == 0, printed.getvalue()
    return out / "norrsken" / "2026-11-23"
