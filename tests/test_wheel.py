"""The package installs as a package (#15): a wheel built from the checkout, installed in a fresh virtual
environment, builds a meeting pack from another folder (the dashboards' notebooks ship inside the wheel).

Kept cheap: the wheel is built with pip's cached build backend, and the fresh environment gets the wheel alone
(``--no-deps``, nothing downloaded or copied): the dependencies are this test environment's, reached through a
``.pth`` line after the new environment's own site-packages (and their data files, nbconvert's templates, through
``JUPYTER_PATH``). This environment's editable finsamdash is not
active there (its ``.pth`` hook only runs in a site directory), so every finsamdash module comes from the wheel
(checked). The pack is one small association without a PDF.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from finsamdash.dashboards.registry import names

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: object, cwd: Path | None = None) -> str:
    # the dependencies' data files (nbconvert's templates) are this environment's too
    env = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_the_wheel_builds_a_pack_from_another_folder(tmp_path) -> None:
    # the checkout's package files only (pip builds in the source folder: not in the checkout)
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "finsamdash", source / "finsamdash", symlinks=True, ignore=ignore)
    shutil.copytree(ROOT / "notebooks", source / "notebooks", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", wheels, source)
    (wheel,) = wheels.glob("finsamdash-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    assert {f"finsamdash/notebooks/{name}.ipynb" for name in names()} <= packed
    assert "finsamdash/pack/assets/plotly-finsamdash.min.js" in packed

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip())
    (site / "finsamdash-test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(python, "-c", "import finsamdash.pack.build as b; print(b.__file__); print(b.NOTEBOOKS)",
                 cwd=elsewhere).split()
    assert all(Path(p).is_relative_to(site) for p in where), where
    _run(venv / "bin" / "finsamdash", "build", ROOT / "tests" / "fixtures" / "valid_small", "--meeting", "2026-05-28",
         "--association", "sydnarke", "--out", "packs", "--no-pdf", "--jobs", "2", cwd=elsewhere)
    pack = elsewhere / "packs" / "sydnarke" / "latest"
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    assert [d["dashboard"] for d in manifest["dashboards"]] == list(names())
    assert all((pack / f"{name}.html").is_file() for name in names())
    assert manifest["versions"]["finsamdash"] == "0.1.0"
