"""``bench/run.py``: the benchmark harness of the performance issue runs and reports every target.

Speed is measured in bench/, never asserted here: the slow test runs ``python bench/run.py --smoke`` for real
(builds, papermill, nbconvert, Voilà servers; every target on its smallest input: the packs and the naive loop of one
dashboard) and checks only the structure of what it prints and writes, and that it leaves no process or temporary
folder behind.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "bench" / "run.py"
NUMBER = re.compile(r"\d")


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


def test_growth_slope_is_one_for_linear_and_below_for_fixed_costs():
    bench = _bench_module()
    assert bench.slope([(1, 2.0), (4, 8.0), (16, 32.0)]) == pytest.approx(1.0)
    assert bench.slope([(1, 3.0), (4, 3.0)]) == pytest.approx(0.0)
    # 10 s fixed + 1 s per association: clearly sub-linear
    assert bench.slope([(1, 11.0), (10, 20.0), (80, 90.0)]) < 0.6
    assert bench.slope([(1, 1.0), (2, 4.0)]) == pytest.approx(2.0)  # quadratic


def test_markdown_rows_escape_pipes_and_keep_every_column():
    bench = _bench_module()
    report = bench.Report(bench.QUICK)
    report.add("5", "size | html", "1.00 MB", "< 8 MB", "4.0×", True)
    report.add("5", "embedded", "25 MB")
    text = bench.markdown(report, {"date": "d", "cpu": "c", "memory": "m", "system": "s", "load": "l",
                                   "versions": "v", "chromium": "x", "commit": "h"}, ["--quick"], Path("/tmp/x"), 1.0)
    rows = [line for line in text.splitlines() if line.startswith("| 5 |")]
    assert rows == ["| 5 | size \\| html | 1.00 MB | < 8 MB | 4.0× | met |", "| 5 | embedded | 25 MB | – | – | info |"]


def _markdown_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if re.match(r"^\| (\d|audit|meeting) \|", line):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows.append(cells)
    return rows


@pytest.mark.slow
def test_smoke_bench_reports_every_target(tmp_path):
    markdown = tmp_path / "bench.md"
    result = subprocess.run([sys.executable, str(RUN), "--smoke", "--markdown", str(markdown)], cwd=ROOT,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout

    # machine, versions, date and load are printed
    for key in ("cpu:", "memory:", "system:", "versions:", "chromium:", "load:", "total:"):
        assert re.search(rf"^{key}\s+\S", out, re.M), key
    for package in ("pandas", "plotly", "papermill", "voila"):
        assert re.search(rf"\b{package} \d", out), package
    assert re.search(r"\d+ cores", out)

    # every target has at least one row with a figure and a verdict, in the printed table and in the Markdown
    rows = _markdown_rows(markdown.read_text(encoding="utf-8"))
    for target in ("1", "2", "3", "4", "5", "audit"):
        judged = [r for r in rows if r[0] == target and r[5] in ("met", "not met")]
        assert judged, f"target {target} has no judged row: {rows}"
        assert all(NUMBER.search(r[2]) for r in judged), judged
        assert re.search(rf"^{target}\s{{2,}}\S", out, re.M), f"target {target} missing from the printed table"
    assert "FAILED" not in out
    what = " ".join(r[1] for r in rows)
    for words in ("naive", "validate", "metric computation", "first view", "widget change", "pack size",
                  "embedding plotly.js", "whole audit of the heaviest pack"):
        assert words in what, words
    first_view = next(r for r in rows if "first view" in r[1])
    assert "preheated" in first_view[2] and "default" in first_view[2]

    # the commands that were compared are listed
    for command in ("papermill ", "jupyter nbconvert --to html", "finsamdash build", "finsamdash validate",
                    "finsamdash demo", "finsamdash serve", "voila "):
        assert command in out, command

    # nothing left behind: the servers' kernels were all shut down, no process mentions the bench's temporary
    # folder, and the folder is gone
    assert "no kernels or other processes left running" in out
    folder = re.search(r"temporary folder (\S+)", result.stderr).group(1)
    assert not Path(folder).exists()
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    assert folder not in ps
