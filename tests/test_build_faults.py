"""Faults while the dashboards run (issue #6): a kernel that dies in the middle of a notebook and a notebook that
hangs fail that dashboard only, with the cell and the reason reported; the next notebook runs in a new kernel; the
association's previous good pack stays ``latest``, byte for byte. Real kernels, real notebooks (copies of
goals.ipynb with one cell added), the build's own worker processes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from pack_helpers import alive, tree

from finsamdash.pack.build import build_pack

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
OLDER = date(2026, 9, 24)
NEWER = date(2026, 11, 23)
FAULTY = "norrsken"  # the association whose notebook fails
HEALTHY = "sjobygden"  # built after it, in the same worker

pytestmark = pytest.mark.slow




def _notebooks(folder: Path, fault: str | None = None, code: str = "") -> tuple[Path, int | None]:
    """A notebooks folder with a copy of goals.ipynb and, with ``fault``, ``<fault>.ipynb``: goals.ipynb with a
    section "Fel" holding ``code`` before its last section. Returns the folder and the 1-based number of the added
    code cell."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "goals.ipynb", folder)
    if fault is None:
        return folder, None
    nb = nbformat.read(ROOT / "notebooks" / "goals.ipynb", as_version=4)
    last = max(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
    nb.cells[last:last] = [new_markdown_cell("## Fel"), new_code_cell(code)]
    nbformat.write(nb, folder / f"{fault}.ipynb")
    return folder, last + 2


def _older_pack(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The output folder with a complete older pack of FAULTY (the one that must stay published)."""
    good, _ = _notebooks(tmp_path / "good")
    out = tmp_path / "packs"
    result = build_pack(DEMO, meeting=OLDER, out=out, association_ids=[FAULTY], jobs=1, pdf=False, notebooks=good)
    assert result.ok, [d.error for d in result.failures]
    return out, tree(out / FAULTY)


def _published(out: Path, older: dict[str, str]) -> None:
    """FAULTY still shows its older pack, unchanged; the failed attempt is kept aside as "-misslyckad"."""
    folder = out / FAULTY
    assert os.readlink(folder / "latest") == OLDER.isoformat()
    assert not (folder / NEWER.isoformat()).exists()
    assert {k: v for k, v in tree(folder).items() if not k.startswith(f"{NEWER.isoformat()}-misslyckad")} == older
    manifest = json.loads((folder / f"{NEWER.isoformat()}-misslyckad" / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "failed"


def _fresh_counts(ipynb: Path) -> None:
    """The executed notebook's prompts run 1, 2, 3 … as in a fresh kernel."""
    nb = nbformat.read(ipynb, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), counts


def test_a_kernel_that_dies_fails_its_dashboard_only(tmp_path: Path) -> None:
    out, older = _older_pack(tmp_path)
    code = ("import os, signal\n"
            f"if association_id == {FAULTY!r}:\n"
            "    os.kill(os.getpid(), signal.SIGKILL)")
    notebooks, cell = _notebooks(tmp_path / "crash", "crash", code)

    result = build_pack(DEMO, meeting=NEWER, out=out, association_ids=[FAULTY, HEALTHY], jobs=1, pdf=False,
                        notebooks=notebooks)

    assert result.exit_status == 1
    faulty, healthy = result.associations
    status = {d.dashboard: d for d in faulty.dashboards}
    assert status["goals"].ok and not status["crash"].ok and not faulty.installed
    error = status["crash"].error
    assert error.ename == "DeadKernelError" and "avslutades oväntat" in error.evalue
    assert error.cell == cell and error.section == "Fel" and "os.kill" in error.source
    assert "avsnittet ”Fel”" in error.describe()
    _published(out, older)
    # the next notebooks ran in a new kernel: the other association is complete and published
    assert healthy.ok and healthy.installed and [d.dashboard for d in healthy.dashboards] == ["goals", "crash"]
    assert os.readlink(out / HEALTHY / "latest") == NEWER.isoformat()
    for name in ("goals", "crash"):
        _fresh_counts(out / HEALTHY / NEWER.isoformat() / f"{name}.ipynb")
    # the failed attempt keeps the notebook as far as it ran, with the reason in the failing cell
    kept = nbformat.read(out / FAULTY / f"{NEWER.isoformat()}-misslyckad" / "crash.ipynb", as_version=4)
    errors = [o for c in kept.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert [o.ename for o in errors] == ["DeadKernelError"]


def test_a_hanging_notebook_is_stopped_by_the_timeout(tmp_path: Path) -> None:
    out, older = _older_pack(tmp_path)
    pids = tmp_path / "pids"
    pids.mkdir()
    code = ("import os, pathlib, time\n"
            f"pathlib.Path({str(pids)!r}, association_id).write_text(str(os.getpid()))\n"
            f"if association_id == {FAULTY!r}:\n"
            "    time.sleep(3600)")
    notebooks, cell = _notebooks(tmp_path / "hang", "hang", code)

    command = [sys.executable, "-m", "finsamdash", "build", str(DEMO), "--meeting", NEWER.isoformat(),
               "--association", FAULTY, "--association", HEALTHY, "--out", str(out), "--no-pdf", "--jobs", "1",
               "--timeout", "5", "--notebooks", str(notebooks)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    report = done.stderr.splitlines()
    line = next(x for x in report if x.strip().startswith(f"{FAULTY} / "))
    assert "(hang.ipynb)" in line and "CellTimeoutError" in line and "5 s" in line and "--timeout" in line
    assert f"cell {cell}" in line and "avsnittet ”Fel”" in line
    manifest = json.loads((out / FAULTY / f"{NEWER.isoformat()}-misslyckad" / "manifest.json").read_text("utf-8"))
    entry = next(d for d in manifest["dashboards"] if d["dashboard"] == "hang")
    assert entry["status"] == "failed" and entry["error"]["ename"] == "CellTimeoutError"
    _published(out, older)
    # the hung kernel was stopped, and the next association ran in a new one
    hung = int((pids / FAULTY).read_text())
    deadline = time.monotonic() + 30
    while alive(hung) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(hung)
    assert int((pids / HEALTHY).read_text()) != hung
    assert os.readlink(out / HEALTHY / "latest") == NEWER.isoformat()
    _fresh_counts(out / HEALTHY / NEWER.isoformat() / "hang.ipynb")
