"""Benchmarks of issue #5: the five performance targets, measured side by side in one run.

    python bench/run.py                       # full run (national data, growth steps; long: see docs/benchmarks.md)
    python bench/run.py --quick               # reduced data and repetitions, a few minutes at most (CI, no asserts)
    python bench/run.py --smoke               # every target on its smallest input: the harness works (tests)
    python bench/run.py --only 1,5            # some targets only
    python bench/run.py --markdown out.md     # also write the results (machine, commands, table) as Markdown
    python bench/run.py --only meeting        # issue #14: a whole board opening the live dashboards at once
    python bench/run.py --only audit          # issue #11: the joint disclosure audit of each pack

Run from the repository root with the venv active. Everything is written under one temporary folder that is
deleted at the end (``--keep`` keeps it; ``--data-cache DIR`` keeps generated datasets between runs). Every
command that starts a process (builds, papermill, nbconvert, validate, Voilà) runs as a subprocess, so start-up
costs count; wall times are ``time.perf_counter`` around the subprocess, peak memory is the child's
``ru_maxrss`` from ``os.wait4`` (the same figure as ``getrusage(RUSAGE_CHILDREN)`` or ``/usr/bin/time``).
In-process figures (metric computation, widget callbacks) come from ``bench/_child.py`` in a child process.

Targets (issue #5; 2 cores):
1. one association's pack (five dashboards, static HTML, no PDF) ≥ 3× faster than a sequential loop of the
   ``papermill`` CLI + ``jupyter nbconvert --to html`` per notebook, same data, same run; with PDF < 30 s;
2. all associations of the national data (no PDF): per pack ≤ 1.5× the single-association time, linear growth;
3. load + validate national < 10 s and < 2 GB peak; metric computation for one association-year < 1 s; growth
   at most linear over 1×/4×/16× of the national data;
4. Voilà: first view of a dashboard of the latest pack < 1 s with preheated kernels (vs Voilà's defaults, same
   run); a widget change updates its chart in < 200 ms server-side on the national data;
5. pack size: the five static HTML files (+ plotly.js once) < 8 MB, vs each file embedding plotly.js.

Target ``audit`` (issue #11): the whole disclosure audit of a pack (every published count registered, least-cost
suppression solved and checked, jointly with the previous meeting's pack) < 2 s for a national-size association
(``finsamdash demo DIR --volume national``; the quick mode audits the demo data): as a build series runs it (the
previous meeting's build wrote its packs' disclosure.json.gz, and each audit takes its previous pack as it was
published), and side by side with the previous pack recomputed and audited on its own (no published pack).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = ROOT / "notebooks"
DEMO = ROOT / "data" / "demo"
DEMO_ASSOCIATION = "norrsken"
MEETING = "2026-11-23"
PREVIOUS = "2026-09-24"
#: the meeting before the previous one (target audit: the previous meeting's build compared with it)
EARLIER = "2026-06-11"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MB = 1_000_000
GIB = 1024 ** 3
#: Dashboards whose first chart is timed in chromium (full run): plain plotly output, and charts inside widgets.
PLAYWRIGHT_DASHBOARDS = ("overview", "participants")
VERSIONS = ("finsamdash", "pandas", "numpy", "plotly", "papermill", "nbconvert", "voila", "jupyter_server",
            "ipykernel", "ipywidgets", "playwright")


@dataclass(frozen=True)
class Profile:
    """What one mode measures."""

    name: str
    reps: int  # repetitions of the pack build and of the naive loop (alternating)
    pdf: bool  # target 1's build with PDF
    growth_data: str  # "demo" (data/demo, 3 associations) or "national" (the 1× step of target 3)
    growth_steps: tuple[int, ...]  # associations per build for target 2 (the last one: all of them)
    scale_base: tuple[int, int]  # (associations, years) of target 3's 1× step
    scale_factors: tuple[int, ...]  # target 3's steps, multiples of the base (in associations)
    voila_dashboards: tuple[str, ...]  # dashboards whose first view is timed
    playwright: bool  # also time the first chart drawn in headless chromium
    child_reps: int  # repetitions of in-process timings
    child_pages: bool  # execute all five notebooks in-process (metric computation of the pages)
    widget_dashboards: tuple[str, ...] | None  # None: all
    dashboards: tuple[str, ...] | None = None  # the notebooks of the packs and of the naive loop (None: all five)


FULL = Profile("full", reps=2, pdf=True, growth_data="national", growth_steps=(1, 10, 20, 40, 80),
               scale_base=(80, 10), scale_factors=(1, 4, 16),
               voila_dashboards=("overview", "participants", "goals", "indicators", "budget"), playwright=True,
               child_reps=3, child_pages=True, widget_dashboards=None)
QUICK = Profile("quick", reps=1, pdf=False, growth_data="demo", growth_steps=(1, 2), scale_base=(1, 5),
                scale_factors=(1, 4, 16), voila_dashboards=("overview",), playwright=False, child_reps=1,
                child_pages=False, widget_dashboards=("budget",))
#: Every target on its smallest input, to check that the harness runs and reports (tests/test_bench.py): packs and
#: the naive loop of the budget dashboard alone, target 3 at 1× and 4× only. Its figures measure nothing.
SMOKE = replace(QUICK, name="smoke", dashboards=("budget",), scale_factors=(1, 4), voila_dashboards=("budget",))

# --- measuring subprocesses ------------------------------------------------------------------------------------------

COMMANDS: list[str] = []


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Run:
    argv: list[str]
    wall: float
    peak_rss: int  # bytes (ru_maxrss of the child, its largest waited-for descendant included)
    returncode: int
    stdout: str
    stderr: str
    killed: str = ""  # why the watchdog stopped it

    def check(self, what: str) -> Run:
        if self.returncode != 0 or self.killed:
            tail = "\n".join((self.stderr or self.stdout).strip().splitlines()[-15:])
            raise BenchError(f"{what} failed ({self.killed or f'exit status {self.returncode}'}): "
                             f"{shlex.join(self.argv)}\n{tail}")
        return self


class BenchError(Exception):
    pass


def _proc_table() -> dict[int, tuple[int, float, int]]:
    """pid -> (ppid, cpu seconds, rss bytes) of every process (Linux /proc)."""
    table = {}
    tick = os.sysconf("SC_CLK_TCK")
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick, int(fields[21]) * page)
    return table


def descendants(pid: int, table: dict[int, tuple[int, float, int]] | None = None) -> list[int]:
    table = table if table is not None else _proc_table()
    children: dict[int, list[int]] = {}
    for child, (parent, _cpu, _rss) in table.items():
        children.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def run(argv: list[str | Path], *, what: str, timeout: float = 3600, rss_limit: int | None = None,
        env: dict[str, str] | None = None, cwd: Path = ROOT) -> Run:
    """Run ``argv`` to its end; wall time, peak RSS (``os.wait4``), output. A watchdog kills the process group
    when it runs longer than ``timeout`` or its processes together use more than ``rss_limit`` bytes."""
    argv = [str(a) for a in argv]
    COMMANDS.append(shlex.join(argv))
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        killed: list[str] = []
        done = threading.Event()

        def watchdog() -> None:
            while not done.wait(0.5):
                if time.perf_counter() - started > timeout:
                    killed.append(f"stopped after {timeout:.0f} s")
                elif rss_limit:
                    table = _proc_table()
                    rss = sum(table.get(p, (0, 0, 0))[2] for p in [proc.pid, *descendants(proc.pid, table)])
                    if rss > rss_limit:
                        killed.append(f"stopped at {rss / GIB:.1f} GiB (memory limit {rss_limit / GIB:.1f} GiB)")
                if killed:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    return

        guard = threading.Thread(target=watchdog, daemon=True)
        guard.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl+C: do not leave the command (and its kernels' parent) running
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        wall = time.perf_counter() - started
        done.set()
        guard.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(argv, wall, usage.ru_maxrss * 1024, proc.returncode, out.read(), err.read(),
                   killed[0] if killed else "")


def finsamdash(*args: str | Path) -> list[str | Path]:
    return [BIN / "finsamdash", *args]


# --- results ---------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    target: str  # "1" … "5"
    what: str
    measured: str
    goal: str = ""
    ratio: str = ""
    status: str = ""  # "met", "not met" or "" (information only)


@dataclass
class Report:
    profile: Profile
    rows: list[Row] = field(default_factory=list)
    details: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def add(self, target: str, what: str, measured: str, goal: str = "", ratio: str = "",
            met: bool | None = None) -> None:
        status = "" if met is None else ("met" if met else "not met")
        self.rows.append(Row(target, what, measured, goal, ratio, status))
        log(f"  [{target}] {what}: {measured}" + (f" (target {goal}; {ratio}; {status})" if goal else ""))

    def note(self, target: str, text: str) -> None:
        self.details.setdefault(target, []).append(text)
        log(f"  [{target}] {text}")


def s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def size(n: float) -> str:
    return f"{n / MB:.2f} MB"


def median(values: list[float]) -> float:
    return statistics.median(values)


def all_runs(values: list[float]) -> str:
    return " / ".join(f"{v:.1f}" for v in values) + " s"


# --- target 1: one pack vs the naive papermill + nbconvert loop ------------------------------------------------------


def notebook_folder(profile: Profile, tmp: Path) -> Path:
    """The dashboards that the packs and the naive loop run: ``notebooks/``, or a copy of the profile's."""
    if profile.dashboards is None:
        return NOTEBOOKS
    folder = tmp / "notebooks"
    folder.mkdir(exist_ok=True)
    for name in profile.dashboards:
        shutil.copy(NOTEBOOKS / f"{name}.ipynb", folder)
    return folder


class Builds:
    """``finsamdash build`` runs, measured once per (data, associations, pdf) and reused by other targets."""

    def __init__(self, tmp: Path, notebooks: Path = NOTEBOOKS) -> None:
        self.tmp = tmp
        self.notebooks = notebooks
        self.cache: dict[tuple, list[Run]] = {}
        self.outs: dict[tuple, Path] = {}
        self.count = 0

    def build(self, data: Path, associations: list[str] | None, *, pdf: bool = False, timeout: float = 7200) -> Run:
        key = (str(data), tuple(associations or ()), pdf)
        self.count += 1
        out = self.tmp / f"packs-{self.count}"
        argv = finsamdash("build", data, "--meeting", MEETING, "--previous", PREVIOUS, "--out", out)
        for association in associations or ():
            argv += ["--association", association]
        if not pdf:
            argv.append("--no-pdf")
        if self.notebooks != NOTEBOOKS:
            argv += ["--notebooks", self.notebooks]
        result = run(argv, what="build", timeout=timeout).check("finsamdash build")
        self.cache.setdefault(key, []).append(result)
        self.outs[key] = out
        return result

    def measured(self, data: Path, associations: list[str] | None, *, pdf: bool = False) -> list[Run]:
        return self.cache.get((str(data), tuple(associations or ()), pdf), [])

    def out(self, data: Path, associations: list[str] | None, *, pdf: bool = False) -> Path:
        return self.outs[(str(data), tuple(associations or ()), pdf)]


def naive_loop(tmp: Path, data: Path, association: str,
               notebooks: Path = NOTEBOOKS) -> tuple[float, dict[str, float], Path]:
    """The way a user would do it: papermill CLI then nbconvert CLI, one notebook after the other."""
    folder = tmp / "naive-1"
    while folder.exists():
        folder = folder.with_name(f"naive-{int(folder.name.split('-')[1]) + 1}")
    folder.mkdir()
    per: dict[str, float] = {}
    started = time.perf_counter()
    for notebook in sorted(notebooks.glob("*.ipynb")):
        executed = folder / notebook.name
        a = run([BIN / "papermill", notebook, executed, "-p", "data_path", data, "-p", "association_id", association,
                 "-p", "meeting_date", MEETING, "-p", "previous_meeting_date", PREVIOUS],
                what="papermill").check("papermill")
        b = run([BIN / "jupyter", "nbconvert", "--to", "html", executed], what="nbconvert").check("nbconvert")
        per[notebook.stem] = a.wall + b.wall
    return time.perf_counter() - started, per, folder


def target_1(report: Report, builds: Builds, tmp: Path) -> None:
    profile = report.profile
    naive, naive_per, naive_folder = [], {}, None
    for rep in range(profile.reps):  # alternate the order so that neither always runs on a warmer machine
        order = ("naive", "build") if rep % 2 == 0 else ("build", "naive")
        for which in order:
            if which == "naive":
                wall, naive_per, naive_folder = naive_loop(tmp, DEMO, DEMO_ASSOCIATION, builds.notebooks)
                naive.append(wall)
                log(f"  [1] naive loop: {s(wall)} ({', '.join(f'{k} {v:.1f}' for k, v in naive_per.items())})")
            else:
                r = builds.build(DEMO, [DEMO_ASSOCIATION])
                log(f"  [1] finsamdash build: {s(r.wall)}")
    built = [r.wall for r in builds.measured(DEMO, [DEMO_ASSOCIATION])]
    ratio = median(naive) / median(built)
    count = len(list(builds.notebooks.glob("*.ipynb")))
    report.add("1", f"pack build vs the naive papermill + nbconvert loop: one association, {count} dashboard"
                    f"{'s' if count > 1 else ''}, static HTML, no PDF (demo data, norrsken)",
               f"{s(median(built))} vs naive {s(median(naive))}", "≥ 3× faster", f"{ratio:.1f}×", ratio >= 3)
    report.note("1", f"`finsamdash build` runs: {all_runs(built)}; naive loop runs: {all_runs(naive)} "
                     f"(per notebook, papermill + nbconvert: "
                     f"{', '.join(f'{k} {v:.1f} s' for k, v in naive_per.items())})")
    if naive_folder is not None:
        pages = sorted(naive_folder.glob("*.html"))
        charts = sum(p.read_text(encoding="utf-8").count("Plotly.newPlot") for p in pages)
        pack = builds.out(DEMO, [DEMO_ASSOCIATION]) / DEMO_ASSOCIATION / "latest"
        pack_charts = sum(p.read_text(encoding="utf-8").count("Plotly.newPlot") for p in pack.glob("*.html"))
        report.note("1", f"the naive loop's {len(pages)} HTML files ({size(sum(p.stat().st_size for p in pages))}) "
                         f"draw {charts} charts (nbconvert does not render plotly's JSON output); the pack's draw "
                         f"{pack_charts}")
    if profile.pdf and Path(CHROMIUM).exists():
        r = builds.build(DEMO, [DEMO_ASSOCIATION], pdf=True)
        report.add("1", "pack build with board-pack.pdf, one association", s(r.wall), "< 30 s",
                   f"{r.wall / 30:.2f} of limit", r.wall < 30)
    elif profile.pdf:
        report.note("1", f"PDF not measured: chromium not found ({CHROMIUM})")
    else:
        report.note("1", "PDF build not measured in this mode (full run only)")


# --- datasets --------------------------------------------------------------------------------------------------------


class Datasets:
    """Demo-generator datasets (CSV), under the temporary folder or ``--data-cache``."""

    def __init__(self, tmp: Path, cache: Path | None) -> None:
        self.root = cache or (tmp / "data")
        self.root.mkdir(parents=True, exist_ok=True)
        self.cached = cache is not None
        self.generated: dict[tuple[int, int], float] = {}

    def get(self, associations: int, years: int) -> Path:
        folder = self.root / f"national-{associations}x{years}-{MEETING}"
        if not (folder / "associations.csv").is_file():
            scratch = self.root / f".tmp-{folder.name}"
            shutil.rmtree(scratch, ignore_errors=True)
            r = run(finsamdash("demo", scratch, "--associations", associations, "--years", years, "--as-of", MEETING,
                               "--volume", "national", "--no-xlsx"),
                    what="demo", timeout=3 * 3600, rss_limit=memory_limit()).check("finsamdash demo")
            scratch.rename(folder)
            self.generated[(associations, years)] = r.wall
        return folder

    def drop(self, folder: Path) -> None:
        if not self.cached:
            shutil.rmtree(folder, ignore_errors=True)


def dataset_rows(folder: Path) -> dict[str, int]:
    counts = {}
    for name in ("associations", "participants", "survey_responses", "ledger"):
        path = folder / f"{name}.csv"
        with path.open("rb") as handle:
            counts[name] = sum(1 for _ in handle) - 1
    return counts


def associations_of(folder: Path) -> list[str]:
    with (folder / "associations.csv").open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()[1:]
    return [line.split(",", 1)[0] for line in lines if line]


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) on log(x): 1 is linear growth, below 1 sub-linear."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


# --- target 2: all associations --------------------------------------------------------------------------------------


def target_2(report: Report, builds: Builds, data: Path, label: str) -> None:
    ids = associations_of(data)
    steps = [n for n in report.profile.growth_steps if n <= len(ids)]
    times: list[tuple[int, float]] = []
    for n in steps:
        chosen = ids[:n]
        previous = builds.measured(data, chosen)
        wall = median([r.wall for r in previous]) if previous else builds.build(data, chosen).wall
        times.append((n, wall))
        log(f"  [2] {n} association(s): {s(wall)} ({s(wall / n)} per association)"
            + (" (target 1's build, same command)" if previous else ""))
    single = times[0][1]
    n_all, t_all = times[-1]
    per_pack = t_all / n_all
    ratio = per_pack / single
    scope = f"all {n_all} associations" if n_all == len(ids) else f"{n_all} of the {len(ids)} associations"
    report.add("2", f"{scope} ({label}), no PDF: per pack vs one association",
               f"{s(t_all)} in all, {s(per_pack)} per pack vs {s(single)} for one", "≤ 1.5×", f"{ratio:.2f}×",
               ratio <= 1.5)
    if len(times) > 2 or (len(times) == 2 and times[0][0] != times[1][0]):
        b = slope(times)
        report.add("2", "growth with the number of associations (log-log slope of build time)",
                   ", ".join(f"{n}: {s(t)} ({s(t / n)}/assoc.)" for n, t in times), "linear (slope ≤ 1.1)",
                   f"slope {b:.2f}", b <= 1.1)


# --- target 3: load + validate, growth, metric computation -----------------------------------------------------------


def memory_limit() -> int:
    """What a validate child may use before the watchdog stops it: 70 % of the memory available now."""
    with open("/proc/meminfo", encoding="ascii") as handle:
        info = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in handle}
    return int(info.get("MemAvailable", info["MemTotal"]) * 0.7)


def target_3(report: Report, datasets: Datasets) -> Path:
    """Validate every step; returns the 1× (national) dataset (used by targets 2 and 4)."""
    profile = report.profile
    base_assoc, years = profile.scale_base
    national_name = "national 80×10" if profile.scale_base == (80, 10) else f"{base_assoc}×{years}"
    steps: list[tuple[int, float, int]] = []
    national = None
    for factor in profile.scale_factors:
        n = base_assoc * factor
        try:
            folder = datasets.get(n, years)
        except BenchError as exc:
            report.note("3", f"{factor}×: the dataset could not be generated: {exc}")
            report.add("3", f"load + validate {factor}×", "not generated", "", "", False)
            continue
        rows = dataset_rows(folder)
        generated = datasets.generated.get((n, years))
        report.note("3", f"{factor}× = {n} association{'s' if n > 1 else ''} × {years} years: "
                         f"{rows['participants']:,} episodes, "
                         f"{rows['survey_responses']:,} survey answers, {rows['ledger']:,} ledger lines, "
                         f"{sum(p.stat().st_size for p in folder.glob('*.csv')) / MB:.0f} MB of CSV"
                         + (f" (generated in {s(generated)})" if generated else ""))
        r = run(finsamdash("validate", folder), what="validate", rss_limit=memory_limit(), timeout=3600)
        if r.killed or r.returncode != 0:
            report.note("3", f"{factor}×: validate did not finish: {r.killed or f'exit status {r.returncode}'}")
            report.add("3", f"load + validate {factor}×", "did not finish", "", "", False)
            if factor != 1:
                datasets.drop(folder)
            continue
        steps.append((factor, r.wall, r.peak_rss))
        if factor == 1:
            national = folder
            report.add("3", f"load + validate, {national_name} (`finsamdash validate`, whole process)",
                       f"{s(r.wall)}, peak {r.peak_rss / 1e9:.2f} GB", "< 10 s, < 2 GB",
                       f"{r.wall / 10:.2f} / {r.peak_rss / 2e9:.2f} of limits", r.wall < 10 and r.peak_rss < 2e9)
        else:
            datasets.drop(folder)
    if len(steps) > 1:
        b = slope([(f, t) for f, t, _ in steps])
        report.add("3", "growth 1×/4×/16× (log-log slope of validate time)",
                   ", ".join(f"{f}×: {s(t)}, {rss / 1e9:.2f} GB" for f, t, rss in steps), "linear (slope ≤ 1.1)",
                   f"slope {b:.2f}", b <= 1.1)
    if national is None:
        raise BenchError("the 1× dataset could not be validated")
    return national


def inprocess(report: Report, tmp: Path, data: Path, association: str | None) -> dict:
    """bench/_child.py on ``data``: load, summary, pages, widget changes (one child process)."""
    profile = report.profile
    spec = {"data": str(data), "meeting": MEETING, "previous": PREVIOUS, "notebooks": str(NOTEBOOKS),
            "reps": profile.child_reps, "association": association, "pages": profile.child_pages,
            "widget_dashboards": list(profile.widget_dashboards) if profile.widget_dashboards else None}
    path = tmp / "child-spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    r = run([sys.executable, Path(__file__).with_name("_child.py"), path], what="child", rss_limit=memory_limit(),
            timeout=3 * 3600).check("bench/_child.py")
    result = json.loads(r.stdout.strip().splitlines()[-1])
    result["peak_rss"] = r.peak_rss
    result["wall"] = r.wall
    return result


def target_3_metrics(report: Report, child: dict, label: str) -> None:
    summary = child["summary"]
    worst_year, worst = max(summary.items(), key=lambda kv: kv[1]["median_s"])
    report.add("3", f"metric computation, one association-year ({label}, {child['association']}, "
                    "`finsamdash.summary` on the loaded dataset)",
               f"{ms(worst['median_s'])} (year {worst_year}; first call {ms(worst['first_s'])})", "< 1 s",
               f"{worst['median_s']:.2f} of limit", worst["median_s"] < 1)
    report.note("3", f"in-process `finsamdash.data.validate.load` of the {label} data: {s(child['load_s'])} "
                     f"(after {s(child['import_s'])} of imports); summary per year: "
                     + ", ".join(f"{y} {ms(v['median_s'])}" for y, v in summary.items()))
    if "pages_s" in child:
        pages = child["pages_s"]
        report.note("3", f"the five notebooks' code executed in-process on the loaded data ({label}, "
                         f"{child['association']}; every section's aggregates, figures and tables): "
                         + ", ".join(f"{k} {s(v)}" for k, v in pages.items()) + f"; together {s(sum(pages.values()))}")


# --- target audit: the joint disclosure audit of a pack ----------------------------------------------------------


def target_audit(report: Report, tmp: Path) -> None:
    """bench/_audit.py on national-size data (demo data in quick mode): every pack's audit, heaviest first."""
    quick = report.profile.name != "full"
    if quick:  # the heaviest pack of the demo data only
        data, label = DEMO, "demo data"
    else:
        data, label = tmp / "national-volume", "`finsamdash demo --volume national`"
        if not (data / "associations.csv").is_file():
            run(finsamdash("demo", data, "--as-of", MEETING, "--volume", "national", "--no-xlsx"), what="demo",
                timeout=3600).check("finsamdash demo --volume national")
    packs = 1 if quick else None

    def audit(name: str, meeting: str, previous: str | None, **folders: Path) -> dict:
        path = tmp / f"audit-{name}.json"
        path.write_text(json.dumps({"data": str(data), "meeting": meeting, "previous": previous, "packs": packs,
                                    **{k: str(v) for k, v in folders.items()}}), encoding="utf-8")
        r = run([sys.executable, Path(__file__).with_name("_audit.py"), path], what="audit", timeout=3600,
                rss_limit=memory_limit()).check("bench/_audit.py")
        return json.loads(r.stdout.strip().splitlines()[-1])

    # side by side: the previous meeting's build writes its packs' disclosure.json.gz (as `finsamdash build` does
    # in DIR/<association>/<meeting>/), the meeting's build reads them and takes each previous pack as published;
    # and the same audits without them (the previous pack recomputed and audited on its own: a first build with a
    # previous meeting whose pack is missing, or one of another version of the cell keys)
    # The previous packs are built twice: on their own (a first build: each shows what its own audit shows, so the
    # answer must be the recomputed one) and, as in a build series, compared with the meeting before them
    # (EARLIER: they hide more, and the meeting's pack takes that as published).
    first_packs, series_packs = tmp / "audit-packs-first", tmp / "audit-packs-series"
    audit("previous-build", PREVIOUS, None, write=first_packs)
    audit("previous-build-series", PREVIOUS, EARLIER, write=series_packs)
    as_published = audit("published", MEETING, PREVIOUS, published=first_packs)
    series = audit("published-series", MEETING, PREVIOUS, published=series_packs)
    recomputed = audit("recomputed", MEETING, PREVIOUS)
    for child, how in ((as_published, "the previous pack as published (a first build)"),
                       (series, f"the previous pack as published (its build compared with {EARLIER})"),
                       (recomputed, "the previous pack recomputed and audited on its own")):
        first, *rest = child["packs"]
        report.add("audit", f"whole audit of the heaviest pack, first in the process ({label}, "
                            f"{first['association']}, {first['episodes']} episodes, with the previous meeting; {how})",
                   f"{s(first['seconds'])} ({s(first['cpu_s'])} CPU)", "< 2 s", f"{first['seconds'] / 2:.2f} of limit",
                   first["seconds"] < 2)
        if rest:
            worst = max(rest, key=lambda p: p["seconds"])
            report.add("audit", f"whole audit of each further pack of the build ({label}; the survey comparison "
                                f"shared; {how})",
                       f"slowest {s(worst['seconds'])} ({worst['association']}), median "
                       f"{s(median([p['seconds'] for p in rest]))}", "< 2 s", f"{worst['seconds'] / 2:.2f} of limit",
                       worst["seconds"] < 2)
        for p in child["packs"]:
            report.note("audit", f"{how}: {p['association']}: {p['episodes']} episodes, {p['cells']} published "
                                 f"cells, {p['primary']} unsafe, {p['hidden']} hidden; {p['rounds']} rounds "
                                 f"({p['method']}; the pack alone / the previous pack alone / both: "
                                 f"{' / '.join(map(str, p['rounds_each']))}; the previous pack {p['basis']}); "
                                 f"{s(p['seconds'])} ({s(p['cpu_s'])} CPU)")
    same = all((a["hidden"], a["rounds"]) == (b["hidden"], b["rounds"])
               for a, b in zip(as_published["packs"], recomputed["packs"], strict=True))
    report.note("audit", f"published (a first build) and recomputed hide the same number of cells (the previous "
                         f"packs had no previous meeting of their own, so each showed what its own audit shows): "
                         f"{'yes' if same else 'NO'}")
    read = as_published["read_published"]
    report.note("audit", f"reading the previous packs' disclosure.json.gz ({read['packs']} packs, once per build, "
                         f"not in the audits above): {s(read['seconds'])} ({s(read['cpu_s'])} CPU)")
    alone = recomputed["alone"]
    report.note("audit", f"{alone['association']} again without a previous meeting (cells already registered): "
                         f"{s(alone['seconds'])}, {alone['hidden']} hidden, {alone['rounds']} rounds")
    report.note("audit", f"imports {s(recomputed['import_s'])}, load + validate {s(recomputed['load_s'])} "
                         "(not in the audit)")


# --- target 4: Voilà -------------------------------------------------------------------------------------------------


#: Voilà's log line naming the address it listens on (the port may differ from the one asked for)
RUNNING_AT = re.compile(r"running at:\s*https?://[^\s/]+:(\d+)/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A Voilà server in its own process group, with its kernels watched through /proc."""

    def __init__(self, name: str, argv: list[str | Path], port: int, log_dir: Path,
                 env: dict[str, str] | None = None) -> None:
        self.name, self.port = name, port
        self.argv = [str(a) for a in argv]
        COMMANDS.append(shlex.join(self.argv))
        self.log = (log_dir / f"{name}.log").open("w")
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True, env=env)
        self.seen: set[int] = set()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def wait_ready(self, timeout: float = 120) -> None:
        """Wait until the server answers HTTP on the port it listens on. That port is read from its log ("Voilà is
        running at: http://…:PORT/"): a port :func:`free_port` chose can be taken by another process (a kernel's
        ZMQ socket) before the server binds it, and Voilà then moves on to another port."""
        deadline = time.monotonic() + timeout
        log = Path(self.log.name)
        listening = False
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"{self.name} exited with status {self.proc.returncode}: {shlex.join(self.argv)}")
            if not listening:
                found = RUNNING_AT.search(log.read_text(encoding="utf-8", errors="replace"))
                if found is None:
                    time.sleep(0.3)
                    continue
                self.port, listening = int(found.group(1)), True
            try:
                with urllib.request.urlopen(self.url("/"), timeout=5):
                    return
            except urllib.error.HTTPError as error:
                error.close()
                return
            except OSError:
                time.sleep(0.3)
        raise BenchError(f"{self.name} did not answer on port {self.port}")

    def tree(self) -> tuple[list[int], dict]:
        table = _proc_table()
        pids = [self.proc.pid, *descendants(self.proc.pid, table)]
        self.seen.update(pids)
        return pids, table

    def kernels(self) -> list[int]:
        from finsamdash.pack.kernels import is_kernel  # also the kernels forked by finsamdash serve

        pids, _ = self.tree()
        return [p for p in pids if is_kernel(p)]

    def cpu(self) -> float:
        pids, table = self.tree()
        return sum(table[p][1] for p in pids if p in table)

    def wait_quiet(self, *, kernels: int = 0, window: float = 3.0, timeout: float = 600) -> float:
        """Wait until the server has at least ``kernels`` kernels and its processes together stayed under 10 % of
        a core for ``window`` seconds (preheated notebooks executed, nothing running); returns the seconds
        waited."""
        started = time.monotonic()
        quiet_since, last = None, self.cpu()
        while time.monotonic() - started < timeout:
            time.sleep(0.5)
            now = self.cpu()
            busy = now - last > 0.05 or len(self.kernels()) < kernels  # > 10 % of a core in the last 0.5 s
            last = now
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= window:
                return time.monotonic() - started
        raise BenchError(f"{self.name} did not settle within {timeout:.0f} s")

    def stop(self) -> list[int]:
        """SIGTERM the server (Voilà shuts its kernels down), then SIGKILL whatever of it is left; returns the pids
        that were still alive after the graceful stop (and were then killed)."""
        self.tree()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        time.sleep(1)
        left = [p for p in sorted(self.seen) if p != self.proc.pid and _alive(p)]
        for pid in left:  # kernels run in sessions of their own: killed by pid, never by name
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.log.close()
        return left


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def get(url: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        body = response.read().decode("utf-8", errors="replace")
        status = response.status
    return time.perf_counter() - started, status, body


def first_chart(url: str) -> float:
    """Seconds from navigation until the first plotly chart is drawn (headless chromium, loopback only)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
            started = time.perf_counter()
            page.goto(url, wait_until="commit", timeout=600_000)
            page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=600_000)
            return time.perf_counter() - started
        finally:
            browser.close()


def target_4_voila(report: Report, tmp: Path, packs: Path) -> None:
    profile = report.profile
    if profile.name != "full":  # preheat only the timed dashboards: a copy of the pack without the others
        served = tmp / "served"
        shutil.copytree(packs, served, symlinks=True)
        for notebook in served.glob("*/latest/*.ipynb"):
            if notebook.stem not in profile.voila_dashboards:
                notebook.unlink()
        report.note("4", f"{profile.name} mode: served a copy of the pack with only "
                         f"{', '.join(profile.voila_dashboards)}.ipynb (fewer kernels to preheat)")
        packs = served
    latest = sorted(packs.glob(f"*/latest/{profile.voila_dashboards[0]}.ipynb"))
    if not latest:
        raise BenchError(f"no latest pack in {packs}")
    association = latest[0].parent.parent.name
    expected = len(list(packs.glob("*/latest/*.ipynb")))
    env_note = "finsamdash serve (checked-in voila.json: preheated kernels, pool of 1 per latest dashboard)"
    ports = free_port(), free_port()
    servers = [
        Server("preheated", finsamdash("serve", packs, "--port", ports[0]), ports[0], tmp),
        Server("default", [BIN / "voila", packs, "--no-browser", "--Voila.ip=127.0.0.1", f"--port={ports[1]}"],
               ports[1], tmp),
    ]
    leftovers: dict[str, list[int]] = {}
    try:
        for server in servers:
            server.wait_ready()
        waited = servers[0].wait_quiet(kernels=expected)
        report.note("4", f"{env_note}: {expected} kernel{'s' if expected > 1 else ''} preheated and idle "
                         f"{s(waited)} after start; "
                         f"default server: `voila PACKS` (no preheating, lab template)")
        views = {"preheated": [], "default": []}
        for dashboard in profile.voila_dashboards:
            path = f"voila/render/{association}/latest/{dashboard}.ipynb"
            for server in servers:  # both idle before every request
                server.wait_quiet(kernels=expected if server.name == "preheated" else 0)
                wall, status, body = get(server.url(path))
                # charts are plotly output in the page, or widgets whose state the kernel sends after connecting
                rendered = "application/vnd.plotly.v1+json" in body or "application/vnd.jupyter.widget-view" in body
                if status != 200 or not rendered or "Traceback" in body:
                    raise BenchError(f"{server.name}: {path} gave status {status} without rendered output")
                views[server.name].append(wall)
                log(f"  [4] {server.name} {dashboard}: {s(wall)}")
        pre, cold = median(views["preheated"]), median(views["default"])
        n = len(profile.voila_dashboards)
        what = (f"{n} dashboards" if n > 1 else profile.voila_dashboards[0]) + f" of the {association} pack"
        report.add("4", f"Voilà first view, HTTP GET until the full page ({what}; median)",
                   f"{ms(pre)} preheated vs {s(cold)} default", "< 1 s", f"{cold / pre:.0f}× faster than default",
                   max(views["preheated"]) < 1)
        report.note("4", "first view per dashboard (preheated / default): " + ", ".join(
            f"{d} {ms(a)} / {s(b)}" for d, a, b in zip(profile.voila_dashboards, views["preheated"],
                                                      views["default"], strict=True)))
        if profile.playwright and Path(CHROMIUM).exists():
            for dashboard in PLAYWRIGHT_DASHBOARDS:
                path = f"voila/render/{association}/latest/{dashboard}.ipynb"
                charts = {}
                for server in servers:
                    server.wait_quiet(kernels=expected if server.name == "preheated" else 0)
                    charts[server.name] = first_chart(server.url(path))
                report.add("4", f"Voilà first chart drawn in headless chromium after navigation ({dashboard})",
                           f"{s(charts['preheated'])} preheated vs {s(charts['default'])} default", "",
                           f"{charts['default'] / charts['preheated']:.1f}× faster than default")
    finally:
        for server in servers:
            leftovers[server.name] = server.stop()
    left = {k: v for k, v in leftovers.items() if v}
    report.note("4", "servers stopped with SIGTERM; " + (
        "processes still running afterwards (killed by pid): " + "; ".join(f"{k}: {len(v)}" for k, v in left.items())
        if left else "no kernels or other processes left running"))


def target_4_widgets(report: Report, child: dict, label: str) -> None:
    changes = child["widgets"]["changes"]
    if not changes:
        report.add("4", "widget change", "no drop-downs found", "< 200 ms", "", False)
        return
    worst = max(changes, key=lambda c: c["median_s"])
    typical = median([c["median_s"] for c in changes])
    dashboards = len(child["widgets"]["render_s"])
    report.add("4", f"widget change, server-side ({label}, {child['association']}; {len(changes)} drop-down"
                    f"{'s' if len(changes) > 1 else ''} of {dashboards} dashboard{'s' if dashboards > 1 else ''})",
               f"slowest {ms(worst['median_s'])} ({worst['dashboard']} / {worst['section']} / {worst['control']}), "
               f"median of all {ms(typical)}", "< 200 ms", f"{worst['median_s'] / 0.2:.1f}× the limit",
               worst["median_s"] < 0.2)
    report.note("4", "widget changes (median per drop-down; dashboard / section / drop-down): " + ", ".join(
        f"{c['dashboard']} / {c['section']} / {c['control']} {ms(c['median_s'])}" for c in changes))
    report.note("4", f"widget child process: {s(child['wall'])} in all, peak {child['peak_rss'] / 1e9:.2f} GB; "
                     "first render of each dashboard as under Voilà: "
                     + ", ".join(f"{k} {s(v)}" for k, v in child["widgets"]["render_s"].items()))


# --- target 5: pack size ---------------------------------------------------------------------------------------------


def target_5(report: Report, tmp: Path, pack: Path, dashboards: int = 5) -> None:
    import nbformat

    from finsamdash.pack.export import PLOTLY_ASSET, notebook_to_html, plotly_js

    pages = sorted(p for p in pack.glob("*.html") if p.with_suffix(".ipynb").exists())  # the dashboards
    asset = pack / PLOTLY_ASSET
    html_bytes = sum(p.stat().st_size for p in pages)
    once = html_bytes + asset.stat().st_size
    folder = sum(p.stat().st_size for p in pack.rglob("*") if p.is_file())
    tag = f'<script src="{PLOTLY_ASSET}"></script>'
    inline = f"<script>{plotly_js()}</script>"
    embedded_dir = tmp / "embedded"
    embedded_dir.mkdir(exist_ok=True)
    embedded = 0
    for page in pages:  # the same export, with plotly.js inside each file instead of the shared asset
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        nb = nbformat.read(str(page.with_suffix(".ipynb")), as_version=4)
        markup = notebook_to_html(nb, title=title.group(1) if title else page.stem)
        if markup.count(tag) != 1:
            raise BenchError(f"{page.name}: expected one {tag}")
        target = embedded_dir / page.name
        target.write_text(markup.replace(tag, inline), encoding="utf-8")
        embedded += target.stat().st_size
    report.add("5", f"pack size, {len(pages)} static HTML files + plotly.js once (demo, {pack.parent.name})",
               f"{size(once)} ({size(html_bytes)} HTML + {size(asset.stat().st_size)} plotly.js)", "< 8 MB",
               f"{embedded / once:.1f}× smaller than embedding", once < 8 * MB and len(pages) == dashboards)
    report.add("5", f"the same {len(pages)} file{'s' if len(pages) > 1 else ''}, each embedding plotly.js "
                    "(measured: same export, script inlined)",
               size(embedded))
    report.note("5", f"whole meeting folder (HTML, executed notebooks, plotly.js, manifest, index): {size(folder)}; "
                     + ", ".join(f"{p.stem} {p.stat().st_size / 1000:.0f} kB" for p in pages))


# --- machine, output -------------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    versions = []
    for name in VERSIONS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{name} {metadata.version(name)}")
    chromium = "not installed"
    if Path(CHROMIUM).exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                                      timeout=60).stdout.strip() or "present"
    commit = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=30).stdout.strip()
        commit = head + (" (with uncommitted changes)" if dirty else "")
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{mem / GIB:.1f} GiB",
        "system": f"{platform.platform()}, Python {platform.python_version()}",
        "versions": ", ".join(versions),
        "chromium": chromium,
        "commit": commit or "unknown",
        "load": "load average at start {:.1f} / {:.1f} / {:.1f} (1/5/15 min)".format(*os.getloadavg()),
    }


def table_text(rows: list[Row]) -> str:
    header = ("#", "what", "measured", "target", "ratio", "status")
    cells = [header, *((r.target, r.what, r.measured, r.goal or "–", r.ratio or "–", r.status or "info")
                       for r in rows)]
    widths = [min(max(len(c[i]) for c in cells), 70) for i in range(len(header))]
    lines = []
    for number, c in enumerate(cells):
        lines.append("  ".join(v.ljust(widths[i]) for i, v in enumerate(c)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(report: Report, info: dict[str, str], argv: list[str], tmp: Path, wall: float) -> str:
    def clean(command: str) -> str:
        return command.replace(str(tmp), "$TMP").replace(str(ROOT) + "/", "").replace(str(BIN) + "/", "")

    lines = [f"Measured {info['date']} with `{shlex.join(['python', 'bench/run.py', *argv])}` "
             f"({report.profile.name} mode, {s(wall)} in all).", "",
             f"- Machine: {info['cpu']}, {info['memory']}; {info['system']}; {info['load']}",
             f"- Versions: {info['versions']}; {info['chromium']}", f"- Commit: {info['commit']}", "",
             "| # | what | measured | target | ratio | status |", "|---|---|---|---|---|---|"]
    lines += [f"| {r.target} | {_md(r.what)} | {_md(r.measured)} | {_md(r.goal or '–')} | {_md(r.ratio or '–')} | "
              f"{r.status or 'info'} |" for r in report.rows]
    if report.details or report.errors:
        lines += ["", "Details:", ""]
        for target in sorted(set(report.details) | set(report.errors)):
            lines += [f"- {target}: {_md(clean(d))}" for d in report.details.get(target, [])]
            if target in report.errors:
                lines.append(f"- {target}: **failed**: {_md(clean(report.errors[target]))}")
    unique = list(dict.fromkeys(clean(c) for c in COMMANDS))
    lines += ["", "<details><summary>Commands run (" + str(len(COMMANDS)) + ")</summary>", "", "```sh",
              *_collapse(unique), "```", "</details>", ""]
    return "\n".join(lines)


def _collapse(commands: list[str]) -> list[str]:
    """Print repeated per-notebook commands once with the notebook name replaced by ``NB``."""
    out = []
    for command in commands:
        generic = re.sub(r"\b(overview|participants|goals|indicators|budget)\.(ipynb|html)", r"NB.\2", command)
        if generic not in out:
            out.append(generic)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="reduced data and repetitions (a few minutes)")
    mode.add_argument("--smoke", action="store_true",
                      help="every target on its smallest input (one dashboard): checks the harness, measures nothing")
    parser.add_argument("--only", default=None,
                        help="comma-separated targets to run: 1-5, audit, meeting (default: all; with --quick or "
                             "--smoke 1-5 and audit)")
    parser.add_argument("--baseline-src", type=Path, metavar="DIR",
                        help="meeting target: also serve with the finsamdash source tree DIR (PYTHONPATH), e.g. an "
                             "export of main, for before/after figures in one run")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the results as Markdown")
    parser.add_argument("--data-cache", type=Path, metavar="DIR",
                        help="keep generated datasets here between runs (default: temporary, deleted)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed at the end)")
    parser.add_argument("--scale-factors", metavar="LIST",
                        help="target 3's steps as multiples of the 1× data, e.g. 1,4 (default 1,4,16)")
    parser.add_argument("--growth-steps", metavar="LIST",
                        help="target 2's numbers of associations, e.g. 1,20,80 (default 1,10,20,40,80)")
    args = parser.parse_args(argv)
    default = "1,2,3,4,5,audit" if args.quick or args.smoke else "1,2,3,4,5,audit,meeting"
    only = {t.strip() for t in (args.only or default).split(",") if t.strip()}
    if args.smoke and "meeting" in only:
        parser.error("--smoke has no meeting target (use --quick --only meeting)")
    profile = SMOKE if args.smoke else QUICK if args.quick else FULL
    if args.growth_steps:
        steps = tuple(sorted({int(s) for s in args.growth_steps.split(",") if s.strip()}))
        if not steps or steps[0] != 1:
            parser.error("--growth-steps must include 1 (the single-association build)")
        profile = replace(profile, growth_steps=steps)
    if args.scale_factors:
        factors = tuple(sorted({int(f) for f in args.scale_factors.split(",") if f.strip()}))
        if not factors or factors[0] != 1:
            parser.error("--scale-factors must include 1 (the national data)")
        profile = replace(profile, scale_factors=factors)
    os.chdir(ROOT)
    info = machine()
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="finsamdash-bench-"))
    report = Report(profile)
    log(f"finsamdash bench ({profile.name}), temporary folder {tmp}")
    builds = Builds(tmp, notebook_folder(profile, tmp))
    datasets = Datasets(tmp, args.data_cache.resolve() if args.data_cache else None)

    announced: set[str] = set()

    def attempt(target: str, step, *a) -> object:
        if target not in only:
            return None
        if target not in announced:
            announced.add(target)
            log(f"target {target} …")
        try:
            return step(*a)
        except BenchError as exc:
            report.errors[target] = str(exc)
            log(f"  [{target}] FAILED: {exc}")
            return None

    try:
        attempt("1", target_1, report, builds, tmp)
        national = child = None
        if "3" in only:
            national = attempt("3", target_3, report, datasets)
        elif "4" in only or ("2" in only and profile.growth_data == "national"):
            national = attempt("4" if "4" in only else "2", datasets.get, *profile.scale_base)
        label = f"{profile.scale_base[0]}×{profile.scale_base[1]}" + (" national" if profile.scale_base == (80, 10)
                                                                      else " (reduced)")
        if national is not None and only & {"3", "4"}:
            child = attempt("3" if "3" in only else "4", inprocess, report, tmp, national, None)
            if child is not None and "3" in only:
                target_3_metrics(report, child, label)
        if "2" in only:
            if profile.growth_data == "national":
                if national is not None:
                    attempt("2", target_2, report, builds, national, label)
                else:
                    report.errors["2"] = "the national dataset is not available"
            else:
                attempt("2", target_2, report, builds, DEMO, "demo data")
        if "4" in only:
            if not builds.measured(DEMO, [DEMO_ASSOCIATION]):
                attempt("4", builds.build, DEMO, [DEMO_ASSOCIATION])
            if builds.measured(DEMO, [DEMO_ASSOCIATION]):
                attempt("4", target_4_voila, report, tmp, builds.out(DEMO, [DEMO_ASSOCIATION]))
            if child is not None:
                target_4_widgets(report, child, label)
        if "5" in only:
            if not builds.measured(DEMO, [DEMO_ASSOCIATION]):
                attempt("5", builds.build, DEMO, [DEMO_ASSOCIATION])
            if builds.measured(DEMO, [DEMO_ASSOCIATION]):
                pack = builds.out(DEMO, [DEMO_ASSOCIATION]) / DEMO_ASSOCIATION / "latest"
                attempt("5", target_5, report, tmp, pack.resolve(), len(list(builds.notebooks.glob("*.ipynb"))))
        attempt("audit", target_audit, report, tmp)
        if "meeting" in only:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from meeting import meeting

            attempt("meeting", lambda: meeting(report, sys.modules[__name__], builds, tmp,
                                               baseline_src=args.baseline_src))
    finally:
        wall = time.perf_counter() - started
        info["load"] += " – at end {:.1f} / {:.1f} / {:.1f}".format(*os.getloadavg())
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"finsamdash benchmarks – {profile.name} mode – {info['date']}")
    for key in ("cpu", "memory", "system", "versions", "chromium", "commit", "load"):
        print(f"{key + ':':10} {info[key]}")
    print(f"{'total:':10} {s(wall)}")
    print()
    # stable: the order of measurement within a target; numbered targets first
    report.rows.sort(key=lambda row: (not row.target.isdigit(), row.target))
    print(table_text(report.rows))
    for target in sorted(set(report.details) | set(report.errors)):
        print()
        print(f"Target {target}:")
        for line in report.details.get(target, []):
            print(f"  - {line}")
        if target in report.errors:
            print(f"  - FAILED: {report.errors[target]}")
    print()
    print(f"Commands run ({len(COMMANDS)}):")
    for command in _collapse(list(dict.fromkeys(COMMANDS))):
        print(f"  $ {command}")
    if args.keep:
        print(f"\nkept: {tmp}")
    if args.markdown:
        args.markdown.write_text(markdown(report, info, argv, tmp, wall), encoding="utf-8")
        print(f"\nMarkdown written to {args.markdown}")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
