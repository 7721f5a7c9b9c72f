"""Fixtures shared by several test modules."""

from __future__ import annotations

import argparse
import contextlib
import io
from datetime import date
from pathlib import Path

import pytest

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
                              out=out, jobs=2, previous=date(2026, 9, 24), no_pdf=True, notebooks=None, timeout=600)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        status = run_build_command(args)
    (out.parent / BUILD_OUTPUT).write_text(printed.getvalue(), encoding="utf-8")
    assert status == 0, printed.getvalue()
    return out / "norrsken" / "2026-11-23"
