"""Faults while a meeting pack is built (issue 6): a full disk, chromium missing or dying, a second build at once.

Each must leave the last good pack as ``latest``, older packs byte-identical, and say in Swedish what happened with a
non-zero exit status. The builds use a notebooks folder with a copy of the overview notebook to stay short.

The full disk is a real one: a small tmpfs mounted for the test (needs root; skipped with the reason otherwise) and
filled with a filler file to just below what the next pack needs at three stages (plotly asset, pages, PDF).
A dying chromium is a script given as ``FINSAMDASH_CHROMIUM`` that exits 1 like a broken install; a chromium killed
or frozen while it prints is the real one started by such a script, which sends it SIGKILL or SIGSTOP as soon as its
first renderer starts; a chromium that never answers is a script that sleeps. The scripts record their processes,
and the tests check with ``/proc`` that none of them, nor anything else of the print, is left running.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from finsamdash.errors import BuildLockedError, DiskFullError, UsageError
from finsamdash.pack.build import build_pack
from finsamdash.pack.command import run_build_command
from finsamdash.pack.pdf import CHROMIUM_ENV, PDF_NAME, PDF_TIMEOUT_ENV, find_chromium
from finsamdash.pack.publish import HOLDER_NAME, _holder, build_lock

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
ASSOCIATION = "norrsken"
OLDER = date(2026, 9, 24)
MEETING = date(2026, 11, 23)


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _notebooks(tmp: Path) -> Path:
    folder = tmp / "notebooks"
    folder.mkdir(exist_ok=True)
    shutil.copy(ROOT / "notebooks" / "overview.ipynb", folder)
    return folder


def _args(out: Path, notebooks: Path, *, no_pdf: bool = False) -> argparse.Namespace:
    return argparse.Namespace(data=DEMO, meeting=MEETING, association=[ASSOCIATION], out=out, jobs=1,
                              previous=None, no_pdf=no_pdf, notebooks=notebooks)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[Path, Path]:
    """An output folder with one complete pack (with PDF) of the older meeting, and the notebooks folder."""
    if find_chromium() is None:
        pytest.fail("chromium saknas (apt-get install chromium; .ci/run installerar den)")
    base = tmp_path_factory.mktemp("faults")
    notebooks = _notebooks(base)
    out = base / "out"
    result = build_pack(DEMO, meeting=OLDER, out=out, association_ids=[ASSOCIATION], jobs=1, notebooks=notebooks)
    assert result.ok, [d.error for d in result.failures]
    return out, notebooks


def _copy(good: tuple[Path, Path], target: Path) -> tuple[Path, dict[str, str]]:
    shutil.copytree(good[0], target, symlinks=True)
    return target, _tree(target / ASSOCIATION / OLDER.isoformat())


def _assert_last_good_pack_kept(out: Path, older: dict[str, str]) -> None:
    association = out / ASSOCIATION
    assert os.readlink(association / "latest") == OLDER.isoformat()
    assert _tree(association / OLDER.isoformat()) == older, "the older pack is byte-identical"
    assert not (association / MEETING.isoformat()).exists()
    assert [p.name for p in association.iterdir() if p.name.startswith(".")] == [], "no temporary folder is left"
    assert not (out / HOLDER_NAME).exists()


# --- (a) a full disk ------------------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"kan inte montera en liten tmpfs (kräver root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    """A filler file leaving ``leave`` bytes free on ``disk``."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    assert free > leave, (free, leave)
    with filler.open("wb") as handle:
        handle.write(b"\0" * (free - leave))
    return filler


@pytest.mark.slow
def test_a_full_disk_stops_the_build_and_keeps_the_last_good_pack(good, small_disk: Path) -> None:
    out, older = _copy(good, small_disk / "out")
    pack = out / ASSOCIATION / OLDER.isoformat()
    asset = (pack / "assets" / "plotly.min.js").stat().st_size
    pages = sum((pack / name).stat().st_size for name in ("overview.ipynb", "overview.html"))
    # where the next pack runs out of room: writing plotly.js, the notebook and its page, the print page of the PDF
    stages = {"asset": asset // 2, "pages": asset + 64 * 1024, "pdf": asset + pages + 64 * 1024}
    for stage, leave in stages.items():
        filler = _fill(small_disk, leave)
        with pytest.raises(DiskFullError) as caught:
            run_build_command(_args(out, good[1]))
        message = str(caught.value)
        assert caught.value.exit_status == 1
        assert message.startswith("Disken är full: det gick inte att skriva "), (stage, message)
        assert str(out) in message and "ledigt av" in message, (stage, message)
        assert "latest" in message and "Frigör utrymme" in message
        _assert_last_good_pack_kept(out, older)
        filler.unlink()
    # with room again, the next build succeeds (nothing left behind blocks it)
    assert run_build_command(_args(out, good[1])) == 0
    assert os.readlink(out / ASSOCIATION / "latest") == MEETING.isoformat()
    assert (out / ASSOCIATION / MEETING.isoformat() / PDF_NAME).is_file()
    assert _tree(out / ASSOCIATION / OLDER.isoformat()) == older


# --- (b) chromium missing ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_chromium_missing_from_path_says_how_to_install_it(tmp_path: Path) -> None:
    """The real command with a PATH without chromium: refused before anything is written (exit 2)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != CHROMIUM_ENV}
    env["PATH"] = str(bin_dir)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "finsamdash", "build", str(DEMO), "--meeting", MEETING.isoformat(),
                           "--association", ASSOCIATION, "--out", str(out)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Hittar inte webbläsaren chromium" in done.stderr
    assert "sudo apt-get install chromium" in done.stderr and "--no-pdf" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


# --- (c) chromium dying ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_dying_chromium_fails_the_pdf_and_latest_stays(good, tmp_path: Path, monkeypatch, capsys) -> None:
    """Decision: a pack without its PDF is not published (the director sends the PDF to the board); it is kept as
    ``<meeting>-misslyckad`` with the manifest saying the PDF failed, exit 1, and the message suggests --no-pdf."""
    fake = tmp_path / "chromium"
    fake.write_text(textwrap.dedent("""\
        #!/bin/sh
        echo "chromium: error while loading shared libraries: libnss3.so" >&2
        exit 1
        """))
    fake.chmod(0o755)
    monkeypatch.setenv(CHROMIUM_ENV, str(fake))
    out, older = _copy(good, tmp_path / "out")
    assert run_build_command(_args(out, good[1])) == 1
    association = out / ASSOCIATION
    assert os.readlink(association / "latest") == OLDER.isoformat()
    assert _tree(association / OLDER.isoformat()) == older
    assert not (association / MEETING.isoformat()).exists()
    failed = association / f"{MEETING.isoformat()}-misslyckad"
    manifest = json.loads((failed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and manifest["pdf"]["status"] == "failed"
    assert [d["status"] for d in manifest["dashboards"]] == ["ok"]
    assert str(fake) in manifest["pdf"]["error"]
    err = capsys.readouterr().err
    assert "PDF" in err and "--no-pdf" in err and str(fake) in err


_MID_PRINT = """\
#!/bin/sh
# The real chromium; as soon as its first renderer (the page about to be printed) has started: @ACTION@
# Records "pid starttime" of itself, the browser and every process below the browser at that moment.
@CHROMIUM@ "$@" &
browser=$!
record() { echo "$1 $(cut -d' ' -f22 "/proc/$1/stat" 2>/dev/null)" >> "@PIDS@"; }
tree() {
  ps -e -o pid=,ppid=,args= | awk -v root="$browser" '
    { pid[NR] = $1; ppid[NR] = $2; line[NR] = $0 }
    END { keep[root] = 1; changed = 1
          while (changed) { changed = 0
            for (i = 1; i <= NR; i++) if (keep[ppid[i]] && !keep[pid[i]]) { keep[pid[i]] = 1; changed = 1 } }
          for (i = 1; i <= NR; i++) if (keep[pid[i]] && pid[i] != root) print line[i] }'
}
record $$
record "$browser"
while kill -0 "$browser" 2>/dev/null; do
  if tree | grep -q -- '--type=renderer'; then
    for pid in $(tree | awk '{ print $1 }'); do record "$pid"; done
    @ACTION@
    break
  fi
  sleep 0.05
done
wait "$browser"
"""

_SLEEPER = """\
#!/bin/sh
# A chromium that never answers.
echo "$$ $(cut -d' ' -f22 "/proc/$$/stat")" >> "@PIDS@"
exec sleep 100000
"""

_MARK = "FINSAMDASH_FAULT_MARK"


def _fake_chromium(tmp_path: Path, script: str, **values: str) -> tuple[Path, Path]:
    """``script`` as an executable stand-in for chromium, and the file it records its processes in."""
    pids = tmp_path / "chromium-pids.txt"
    fake = tmp_path / "chromium"
    for key, value in {"PIDS": str(pids), **values}.items():
        script = script.replace(f"@{key}@", value)
    fake.write_text(script)
    fake.chmod(0o755)
    return fake, pids


def _running(pid: int, started: str) -> bool:
    """Whether the process ``pid`` that started at clock tick ``started`` still runs (a zombie does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    fields = stat[stat.rindex(b")") + 2:].split()  # state, ppid, ..., starttime is the 20th
    return fields[19].decode() == started and fields[0] != b"Z"


def _marked(token: str) -> list[str]:
    """Command lines of the running printing processes (pdf child, Playwright's driver, chromium, its crash handler)
    that carry ``token`` in their environment."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"{_MARK}={token}".encode() not in environ.read_bytes().split(b"\0"):
                continue
            command = (environ.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (environ.parent / "stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if state != b"Z" and any(word in command for word in ("chromium", "chrome", "playwright", "pdf_child")):
            found.append(command[:200])
    return found


def _assert_no_chromium_left(pids: Path, token: str, *, at_least: int) -> None:
    records = [line.split() for line in pids.read_text().splitlines()]
    assert len(records) >= at_least, records  # the stand-in ran and recorded the processes it had
    left = [pid for pid, started in records if _running(int(pid), started)]
    assert left == [], f"processes left behind: {left}"
    assert _marked(token) == []


def _assert_pdf_failed_and_kept_aside(out: Path, older: dict[str, str], expected: str) -> dict:
    association = out / ASSOCIATION
    assert os.readlink(association / "latest") == OLDER.isoformat()
    assert _tree(association / OLDER.isoformat()) == older
    assert not (association / MEETING.isoformat()).exists()
    assert [p.name for p in association.iterdir() if p.name.startswith(".")] == [], "no temporary folder is left"
    failed = association / f"{MEETING.isoformat()}-misslyckad"
    assert not (failed / PDF_NAME).exists() and not list(failed.glob(".board-pack*"))
    manifest = json.loads((failed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and manifest["pdf"]["status"] == "failed"
    assert [d["status"] for d in manifest["dashboards"]] == ["ok"]
    assert expected in manifest["pdf"]["error"], manifest["pdf"]["error"]
    assert "Det senast publicerade underlaget (styrelsemötet 24 september 2026) visas fortfarande (latest)." in \
        manifest["pdf"]["error"]
    return manifest


@pytest.mark.slow
@pytest.mark.parametrize(("action", "limit", "expected"), [
    ('kill -KILL "$browser"', "150", "Webbläsaren chromium ({fake}) avslutades oväntat medan PDF:en skrevs"),
    ('kill -STOP "$browser"', "20", "PDF:en blev inte klar inom 20 sekunder, så chromium ({fake}) stoppades"),
    # Playwright's driver (the stand-in's parent) killed and the browser frozen: only the print process's own clean-up
    # can stop chromium (it was left running, stopped, when that clean-up was left out)
    ('kill -STOP "$browser"; kill -KILL "$PPID"', "150",
     "Playwright-processen som styr chromium ({fake}) avslutades oväntat medan PDF:en skrevs"),
], ids=["browser-killed", "browser-frozen", "driver-killed"])
def test_chromium_killed_or_frozen_while_printing_fails_only_the_pdf(
        good, tmp_path: Path, monkeypatch, capsys, action: str, limit: str, expected: str) -> None:
    """Playwright alone waited for ever when chromium was killed while it created the page (and a frozen browser
    answers nothing): the print stops at once when the browser or Playwright's driver is gone, or at the limit when
    chromium hangs, kills chromium and everything it started, and fails only the PDF (kept aside as
    ``-misslyckad``, exit 1)."""
    fake, pids = _fake_chromium(tmp_path, _MID_PRINT, CHROMIUM=find_chromium(), ACTION=action)
    expected = expected.format(fake=fake)
    token = secrets.token_hex(8)
    monkeypatch.setenv(CHROMIUM_ENV, str(fake))
    monkeypatch.setenv(PDF_TIMEOUT_ENV, limit)
    monkeypatch.setenv(_MARK, token)
    out, older = _copy(good, tmp_path / "out")
    assert run_build_command(_args(out, good[1])) == 1
    _assert_pdf_failed_and_kept_aside(out, older, expected)
    err = capsys.readouterr().err
    assert expected in err and "visas fortfarande (latest)" in err and "--no-pdf" in err and str(fake) in err
    _assert_no_chromium_left(pids, token, at_least=3)  # the stand-in, the browser and its renderer at least


@pytest.mark.slow
def test_a_chromium_that_never_answers_is_stopped_at_the_limit(good, tmp_path: Path, monkeypatch, capsys) -> None:
    fake, pids = _fake_chromium(tmp_path, _SLEEPER)
    token = secrets.token_hex(8)
    monkeypatch.setenv(CHROMIUM_ENV, str(fake))
    monkeypatch.setenv(PDF_TIMEOUT_ENV, "6")
    monkeypatch.setenv(_MARK, token)
    out, older = _copy(good, tmp_path / "out")
    assert run_build_command(_args(out, good[1])) == 1
    expected = f"PDF:en blev inte klar inom 6 sekunder, så chromium ({fake}) stoppades"
    _assert_pdf_failed_and_kept_aside(out, older, expected)
    err = capsys.readouterr().err
    assert expected in err and f"{PDF_TIMEOUT_ENV}" in err and "--no-pdf" in err
    _assert_no_chromium_left(pids, token, at_least=1)


@pytest.mark.slow
def test_a_mistyped_pdf_limit_is_refused_before_anything_is_written(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(PDF_TIMEOUT_ENV, "tre minuter")
    with pytest.raises(UsageError) as caught:
        build_pack(DEMO, meeting=MEETING, out=tmp_path / "out", association_ids=[ASSOCIATION], jobs=1,
                   notebooks=_notebooks(tmp_path))
    message = str(caught.value)
    assert f"{PDF_TIMEOUT_ENV} ska vara ett antal sekunder" in message and "'tre minuter'" in message
    assert not (tmp_path / "out").exists()


# --- (d) two builds at once -----------------------------------------------------------------------------------------

_FIRST_BUILD = """
import sys
from datetime import date
from pathlib import Path
from finsamdash.pack.build import build_pack
result = build_pack(Path(sys.argv[1]), meeting=date.fromisoformat(sys.argv[2]), out=Path(sys.argv[3]),
                    association_ids=["norrsken"], jobs=1, notebooks=Path(sys.argv[4]), pdf=False)
sys.exit(result.exit_status)
"""


@pytest.mark.slow
def test_a_second_build_is_refused_at_once_naming_the_first(good, tmp_path: Path, capsys) -> None:
    from finsamdash.cli import main

    out, older = _copy(good, tmp_path / "out")
    notebooks = good[1]
    first = subprocess.Popen([sys.executable, "-c", _FIRST_BUILD, str(DEMO), MEETING.isoformat(), str(out),
                              str(notebooks)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        holder = out / HOLDER_NAME
        for _ in range(600):  # the first build holds the lock once its holder record is there
            if holder.exists() or first.poll() is not None:
                break
            time.sleep(0.1)
        assert holder.exists(), first.communicate()[0]
        status = main(["build", str(DEMO), "--meeting", MEETING.isoformat(), "--association", ASSOCIATION,
                       "--out", str(out), "--no-pdf"])
        assert first.poll() is None, "the second build was refused while the first still ran"
        err = capsys.readouterr().err
        assert status == 1
        assert f"Ett mötesunderlag byggs redan i {out}" in err
        assert f"process {first.pid}" in err and "startat " in err and "Vänta tills det är klart" in err
        output = first.communicate(timeout=300)[0]
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, output
    assert os.readlink(out / ASSOCIATION / "latest") == MEETING.isoformat()
    assert (out / ASSOCIATION / MEETING.isoformat() / "overview.html").is_file()
    assert _tree(out / ASSOCIATION / OLDER.isoformat()) == older
    assert not (out / HOLDER_NAME).exists()


_HOLD_LOCK = """
import sys, time
from pathlib import Path
from finsamdash.pack.publish import build_lock
with build_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


def test_the_lock_of_a_killed_build_does_not_block(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(BuildLockedError) as caught, build_lock(out):
            pass
        assert caught.value.holder is not None and caught.value.holder["pid"] == holder.pid
        assert f"process {holder.pid}" in str(caught.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    # killed: its holder record stays behind, names a dead process and blocks nothing
    assert (out / HOLDER_NAME).exists()
    assert _holder(out) is None
    with build_lock(out):
        assert (out / HOLDER_NAME).exists()
    assert not (out / HOLDER_NAME).exists()
