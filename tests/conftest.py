"""Settings and fixtures for the whole suite.

The build clock is pinned (``SOURCE_DATE_EPOCH``, see :mod:`finsamdash.pack.clock`) to 23 November 2026, 12:00 UTC,
the demo data's meeting day, before any test runs: build times, the demo data's default end date and whether a year
is still running then never depend on the day the suite runs. The variable is set in the environment, so the kernels,
command-line runs and PDF printers that tests start as subprocesses see the same clock.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import io
import os
import pickle
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

#: 2026-11-23 12:00:00 UTC: the same calendar day in every time zone from UTC−11 to UTC+11.
PINNED_EPOCH = "1795435200"

os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH

ROOT = Path(__file__).resolve().parents[1]
#: Where :func:`demo_pack` keeps what ``finsamdash build`` printed (beside the packs).
BUILD_OUTPUT = "build-output.txt"


#: The modules that take longest, longest first (seconds of one run: docs/benchmarks.md, "Test suite time"). Under
#: pytest-xdist they start first, so that no long module is left to run alone at the end; the rest follow in
#: collection order.
LONGEST_FIRST = ("test_serve", "test_live_ux", "test_disclosure_rules", "test_faults", "test_properties",
                 "test_meeting_scale", "test_notebooks", "test_one_forecast", "test_pdf", "test_layout",
                 "test_template_from", "test_equivalence", "test_build_kill", "test_cli", "test_disclosure",
                 "test_bench", "test_load", "test_wording", "test_indicator_trends", "test_goals", "test_wheel",
                 "test_build_faults", "test_annual_report", "test_build")

#: The modules that use the session's server (:func:`served_demo`): under pytest-xdist one worker runs them all, so
#: that one server starts.
ONE_SERVER = ("test_serve.py", "test_live_ux.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``make test`` runs ``-n 2 --dist loadfile``: each module runs whole on one worker, so that its fixtures (a
    built pack, executed notebooks, a browser) are made once, not once per worker; :data:`ONE_SERVER` counts as one
    module, and the modules go out in the order of :func:`pytest_collection_modifyitems`."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class ModuleScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = super()._split_scope(nodeid)
            return "served_demo" if Path(module).name in ONE_SERVER else module

    config.option.loadscopereorder = False  # not by the number of tests: by time, as the items are ordered
    return ModuleScheduling(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist the modules of :data:`LONGEST_FIRST` first (a stable sort: every module's tests keep
    their order); a plain run keeps the collection order."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
        items.sort(key=lambda item: rank.get(Path(str(item.path)).stem, len(rank)))


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]) -> Any:
    """``make(folder)`` for an empty new folder, made once per test run: in a plain run by the session fixture that
    calls this; under pytest-xdist by the first worker that needs it, in the run's shared temporary folder, while
    the others wait for it and read its (pickled) value."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, holding every worker's own
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also when make() raises
        made = shared / f"{name}.pickle"
        if made.exists():
            return pickle.loads(made.read_bytes())
        value = make(Path(tempfile.mkdtemp(prefix=f"{name}-", dir=shared)))
        made.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """One demo association's meeting pack with its PDF, built once per test run through the command as a director
    builds it (``finsamdash build``; what it printed is in ``<packs>/../build-output.txt``): the build's
    :class:`~finsamdash.pack.results.BuildResult` and the progress events the command received, in order.

    Tests that need the built pack (its files, its manifest, its PDF, the build's result) share this one build: a
    full pack takes a minute or more on a loaded 2-core machine, so no module builds the same pack again (and the
    workers of pytest-xdist share it too, :func:`made_once`). Builds without a PDF (``--no-pdf``) are test_notebooks'
    packs of the other demo associations and test_pdf's ``test_no_pdf_builds_without_chromium``."""
    return made_once(tmp_path_factory, "demo-pack", _build_demo_pack)


def _build_demo_pack(folder: Path):
    from unittest import mock

    from finsamdash.pack import command

    out = folder / "packs"
    args = argparse.Namespace(data=ROOT / "data" / "demo", meeting=date(2026, 11, 23), association=["norrsken"],
                              out=out, jobs=2, previous=date(2026, 9, 24), books_closed=None, no_pdf=False,
                              notebooks=None, timeout=600)
    events, results = [], []
    real_build = command.build_pack

    def build_and_record(*pos, progress, **kwargs):  # the command's own build, its events and result kept
        def show(event):
            events.append(event)
            progress(event)

        results.append(real_build(*pos, progress=show, **kwargs))
        return results[-1]

    printed = io.StringIO()
    with mock.patch.object(command, "build_pack", build_and_record), contextlib.redirect_stdout(printed), \
            contextlib.redirect_stderr(printed):
        status = command.run_build_command(args)
    (out.parent / BUILD_OUTPUT).write_text(printed.getvalue(), encoding="utf-8")
    assert status == 0, printed.getvalue()
    (result,) = results
    return result, events


@pytest.fixture(scope="session")
def demo_pack(demo_build) -> Path:
    """The session's demo pack (:func:`demo_build`: norrsken, meeting 2026-11-23, previous 2026-09-24, with PDF): its
    meeting folder, ``<packs>/norrsken/2026-11-23``."""
    return demo_build[0].out / "norrsken" / "2026-11-23"


@pytest.fixture(scope="session")
def demo_workbook():
    """``data/demo/demo.xlsx`` loaded once for the session (reading the whole demo data from a workbook takes seconds):
    the :class:`~finsamdash.data.dataset.Dataset`, shared — never to be changed. A test that writes a workbook with
    the very bytes of ``demo.xlsx`` may use it as what ``load`` gives for that file (``load`` reads the file's
    content; only the dataset's ``path`` and ``sources`` name the other file)."""
    from finsamdash import load

    return load(ROOT / "data" / "demo" / "demo.xlsx")


@pytest.fixture(scope="session")
def demo_dataset():
    """``data/demo`` (its CSV files) loaded once for the session: the Dataset, shared — never to be changed."""
    from finsamdash import load

    return load(ROOT / "data" / "demo")


@pytest.fixture(scope="session")
def demo_summary(demo_dataset, demo_workbook):
    """``summary(dataset, association, year, raw=raw)`` of the demo data, each computed once per session (a
    suppressed summary runs a joint audit: seconds each): ``demo_summary(kind, association, year, raw)`` with kind
    ``"csv"`` (:func:`demo_dataset`) or ``"xlsx"`` (:func:`demo_workbook`). The results are shared: never to be
    changed."""
    from finsamdash import summary

    datasets = {"csv": demo_dataset, "xlsx": demo_workbook}
    computed = {}

    def demo_summary(kind: str, association: str, year: int, raw: bool) -> dict:
        key = (kind, association, year, raw)
        if key not in computed:
            computed[key] = summary(datasets[kind], association, year, raw=raw)
        return computed[key]

    return demo_summary


@pytest.fixture(scope="module")
def chromium_browser():
    """One headless Debian chromium (Playwright) per test module; skipped when chromium is missing. Module scope,
    not session: Playwright's sync API allows one running instance per thread, and other modules start their own
    (test_pdf, test_layout, test_meeting_scale …)."""
    from test_serve import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def served_pack(demo_pack, tmp_path_factory) -> Path:
    """The packs folder that :func:`served_demo` serves: a copy of the session's demo pack (:func:`demo_pack`) with
    the things that must never be served (test_serve's ``add_what_must_never_be_served``: data files, a failing
    notebook, a file outside the folder)."""
    import shutil

    from test_serve import add_what_must_never_be_served

    out = tmp_path_factory.mktemp("served") / "packs"
    shutil.copytree(demo_pack.parent.parent, out, symlinks=True)
    add_what_must_never_be_served(out)
    return out


@pytest.fixture(scope="session")
def served_demo(served_pack) -> str:
    """``finsamdash serve`` over the session's demo pack (:func:`served_pack`), started once and stopped at the end
    of the session (test_live_ux and test_serve): its base URL, once the server says it is ready for the meeting
    (every latest page computed in the warm parent, the pools filled)."""
    import time

    from test_serve import _log, _start, _stop

    root = served_pack
    proc, base = _start(root)
    log = _log(root, base)
    deadline = time.monotonic() + 300
    while "Klart för mötet" not in log.read_text(encoding="utf-8"):
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            raise RuntimeError(f"serve never got ready: {log.read_text(encoding='utf-8')[-3000:]}")
        time.sleep(0.5)
    try:
        yield base
    finally:
        _stop(proc)
