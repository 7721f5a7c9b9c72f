"""Killing ``finsamdash build`` at any moment never leaves ``latest`` pointing at an incomplete pack and never
touches an older meeting; a failed validation leaves the output folder exactly as it was.

An older meeting is built once; then a newer meeting is built in a subprocess (its own process group) that is
killed with SIGKILL — together with every descendant, worker processes and kernels included — once per phase of a
build, as soon as the build is seen (polling ``/proc`` and the pack folder every 10 ms) to have reached it: start-up
and validation (the workers' kernels starting), the kernels warming up and the disclosure audit (the temporary pack
folder exists), the notebooks (one dashboard written, the other still running), the presentation, front page and
manifest, the install and ``latest``. After every kill the pack folder is checked. The builds use a notebooks folder
with two of the real dashboards (``--notebooks``): every phase of a build is there, in a third of the time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from pack_helpers import alive, tree

from finsamdash.errors import DataValidationError
from finsamdash.pack.build import build_pack

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
ASSOCIATION = "norrsken"
OLDER = date(2026, 9, 24)
NEWER = "2026-11-23"
DASHBOARDS = ("overview", "goals")


def _descendants(pid: int) -> set[int]:
    """All descendant pids of ``pid`` (from /proc; kernels run in their own sessions, so killpg alone misses them)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _notebooks(tmp: Path, *names: str) -> Path:
    folder = tmp / "notebooks"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", folder)
    return folder


def _command(out: Path, notebooks: Path) -> list[str]:
    return [sys.executable, "-m", "finsamdash", "build", str(DEMO), "--meeting", NEWER, "--association",
            ASSOCIATION, "--out", str(out), "--no-pdf", "--jobs", "2", "--notebooks", str(notebooks)]


def _start(out: Path, notebooks: Path, log: Path) -> subprocess.Popen:
    with log.open("w") as handle:
        return subprocess.Popen(_command(out, notebooks), stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT,
                                start_new_session=True)


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the build's process group and every descendant (kernels included), then reap."""
    victims = _descendants(proc.pid)
    with _suppress():
        os.killpg(proc.pid, signal.SIGKILL)
    for pid in victims:
        with _suppress():
            os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30  # the victims are gone (zombies of reaped parents are collected by init)
    while any(alive(pid) for pid in victims) and time.monotonic() < deadline:
        time.sleep(0.1)


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        return kind is not None and issubclass(kind, ProcessLookupError | PermissionError)


def _assert_complete(folder: Path) -> None:
    """``folder`` is a finished meeting pack: front page, manifest with status ok, every dashboard's files."""
    assert folder.is_dir(), folder
    assert len(folder.name) == 10 and folder.name[4] == "-" and not folder.name.startswith("."), folder
    assert (folder / "index.html").is_file()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    assert manifest["meeting_date"] == folder.name
    assert [d["dashboard"] for d in manifest["dashboards"]] == list(DASHBOARDS)
    for entry in manifest["dashboards"]:
        assert entry["status"] == "ok", entry
        for key in ("ipynb", "html"):
            path = folder / entry[key]
            assert path.is_file() and path.stat().st_size > 0, path
        assert (folder / entry["html"]).read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert (folder / "assets" / "plotly.min.js").is_file()


def _check(out: Path, older: dict[str, str]) -> str:
    """What must hold after every kill; returns the meeting ``latest`` points at."""
    association = out / ASSOCIATION
    latest = association / "latest"
    assert latest.is_symlink()
    target = latest.resolve(strict=True)
    assert target.parent == association.resolve()
    _assert_complete(target)
    assert target.name in (OLDER.isoformat(), NEWER)
    assert tree(association / OLDER.isoformat()) == older  # the older meeting is byte-identical
    if (association / NEWER).exists():  # the newer meeting only ever appears complete (renamed into place)
        _assert_complete(association / NEWER)
    assert (out / "index.html").is_file()
    return target.name


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _phases(out: Path) -> list[tuple[str, object, bool]]:
    """The phases of a build of the newer meeting into ``out``, in the order a build passes them: (name, a test
    whether the running build ``pid`` has reached the phase given what the folder held before it started (temporary
    folders an earlier kill left, the installed newer meeting), whether the build must still be running then)."""
    association = out / ASSOCIATION

    def written(before: tuple[set[Path], int | None]) -> int:
        """How many dashboards the build has written into its temporary folder."""
        return sum(p.parent not in before[0] for p in association.glob(".tmp-*/*.html"))

    return [
        ("start-up: workers' kernels starting, data being validated", lambda pid, before: bool(_descendants(pid)),
         True),
        ("kernels warming up, disclosure audit",
         lambda pid, before: any(p not in before[0] for p in association.glob(".tmp-*")), True),
        ("notebooks: one dashboard written, the other running", lambda pid, before: written(before) >= 1, True),
        # every dashboard written: the pack is being finished (key figures, presentation, front page, manifest), then
        # installed; these last two phases take milliseconds: the build may finish before the kill lands
        ("presentation, front page and manifest", lambda pid, before: written(before) == len(DASHBOARDS), False),
        ("install and latest", lambda pid, before: _inode(association / NEWER) not in (None, before[1]), False),
    ]


@pytest.mark.slow
def test_killed_builds_never_expose_a_half_written_pack(tmp_path):
    out = tmp_path / "packs"
    notebooks = _notebooks(tmp_path, *DASHBOARDS)
    result = build_pack(DEMO, meeting=OLDER, out=out, association_ids=[ASSOCIATION], jobs=2, pdf=False,
                        notebooks=notebooks)
    assert result.ok, [d.error for d in result.failures]
    older = tree(out / ASSOCIATION / OLDER.isoformat())
    assert older and os.readlink(out / ASSOCIATION / "latest") == OLDER.isoformat()

    seen = []
    killed = []
    for run, (phase, reached, running) in enumerate(_phases(out)):
        before = set((out / ASSOCIATION).glob(".tmp-*")), _inode(out / ASSOCIATION / NEWER)
        proc = _start(out, notebooks, tmp_path / f"build-{run}.log")
        deadline = time.monotonic() + 300
        while proc.poll() is None and not reached(proc.pid, before):
            assert time.monotonic() < deadline, f"the build never reached {phase}"
            time.sleep(0.01)
        finished = proc.poll() is not None
        _kill(proc)
        killed.append(proc.pid)
        log = (tmp_path / f"build-{run}.log").read_text()
        if finished:
            assert not running, f"the build ended before {phase}: {log}"
            assert proc.returncode == 0, log
        seen.append((phase, "finished" if finished else "killed", _check(out, older)))
        lock = out / ".build.lock"
        if lock.exists():  # the lock is an flock: it dies with its holder, the file itself may stay
            assert lock.stat().st_size == 0
    print("kills (phase, build, latest):", seen)

    # a normal build afterwards succeeds, tidies the leftovers and points latest at the newer meeting
    result = build_pack(DEMO, meeting=date.fromisoformat(NEWER), out=out, association_ids=[ASSOCIATION], jobs=2,
                        pdf=False, notebooks=notebooks)
    assert result.ok, [d.error for d in result.failures]
    assert _check(out, older) == NEWER
    leftovers = [p.name for p in (out / ASSOCIATION).iterdir() if p.name.startswith(".")]
    assert leftovers == [], leftovers
    # the private copies of the dataset that killed builds left in the temporary folder are gone too
    handovers = [p.name for pid in killed for p in Path(tempfile.gettempdir()).glob(f"finsamdash-build-{pid}-*")]
    assert handovers == [], handovers
    assert sorted(p.name for p in (out / ASSOCIATION).iterdir()) == [OLDER.isoformat(), NEWER, "latest"]


@pytest.mark.slow
def test_failed_validation_leaves_the_output_byte_identical(tmp_path):
    out = tmp_path / "packs"
    notebooks = _notebooks(tmp_path, "goals")  # one small dashboard keeps this quick
    result = build_pack(DEMO, meeting=OLDER, out=out, association_ids=[ASSOCIATION], jobs=1, pdf=False,
                        notebooks=notebooks)
    assert result.ok, [d.error for d in result.failures]
    before = tree(out)
    assert f"{ASSOCIATION}/{OLDER.isoformat()}/goals.html" in before
    data = tmp_path / "broken"
    shutil.copytree(DEMO, data)
    people = (data / "participants.csv").read_text(encoding="utf-8")
    assert ",2018-03-05," in people
    (data / "participants.csv").write_text(people.replace(",2018-03-05,", ",2018-02-31,", 1), encoding="utf-8")
    with pytest.raises(DataValidationError):
        build_pack(data, meeting=date.fromisoformat(NEWER), out=out, association_ids=[ASSOCIATION], jobs=2,
                   pdf=False, notebooks=notebooks)
    assert tree(out) == before
    cli = subprocess.run([sys.executable, "-m", "finsamdash", "build", str(data), "--meeting", NEWER,
                          "--association", ASSOCIATION, "--out", str(out), "--no-pdf", "--jobs", "2",
                          "--notebooks", str(notebooks)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert cli.returncode == 2, cli.stdout + cli.stderr
    assert "Traceback" not in cli.stderr
    assert tree(out) == before
