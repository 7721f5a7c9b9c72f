"""Publishing a pack so that a reader (or Voilà) never sees half of one: the meeting folders, the atomic swap of a
rebuilt meeting, ``latest``, recovery after an interrupted build, one build at a time per output folder, and a full
disk.

1. a pack is built in ``DIR/<association>/.tmp-<meeting>-<random>`` (same file system as its final place);
2. when it is complete it is renamed to ``<meeting>``; an existing ``<meeting>`` is swapped with it in one step where
   the system can (Linux ``renameat2(RENAME_EXCHANGE)``), otherwise renamed aside first; the old one is deleted
   afterwards. Other meetings are never touched;
3. ``latest`` is then replaced atomically (a new symlink under a temporary name, ``os.replace``d over the old).
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any

from finsamdash.errors import (
    BuildLockedError,
    DiskFullError,
)
from finsamdash.pack.export import write_text_atomic
from finsamdash.wording import build as say
from finsamdash.wording.formatting import fmt_date
from finsamdash.wording.front_page import built_at as at_time

LATEST = "latest"
_MEETING = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def meetings(folder: Path) -> list[date]:
    """The complete meeting packs in ``DIR/<association>``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for child in folder.iterdir():
        if _MEETING.match(child.name) and child.is_dir() and not child.is_symlink():
            with suppress(ValueError):
                found.append(date.fromisoformat(child.name))
    return sorted(found, reverse=True)


def previous_meeting(out: Path, association_id: str, meeting: date) -> date | None:
    """The newest existing pack of ``association_id`` in ``out`` before ``meeting`` (None when there is none)."""
    earlier = [m for m in meetings(Path(out) / association_id) if m < meeting]
    return earlier[0] if earlier else None


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False when the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def install_folder(tmp: Path, target: Path) -> None:
    """Make the complete folder ``tmp`` become ``target``, replacing an existing ``target`` as atomically as the
    system allows; the old content is deleted only after the new one is in place."""
    if not target.exists():
        os.replace(tmp, target)
        return
    if _exchange(tmp, target):  # tmp now holds the old pack
        shutil.rmtree(tmp, ignore_errors=True)
        return
    aside = target.with_name(f".old-{target.name}-{secrets.token_hex(4)}")
    os.replace(target, aside)
    os.replace(tmp, target)
    shutil.rmtree(aside, ignore_errors=True)


def point_latest(association_folder: Path, meeting: str) -> None:
    """Replace ``latest`` atomically by a relative symlink to ``meeting``."""
    link = association_folder / LATEST
    tmp = association_folder / f".{LATEST}-{secrets.token_hex(4)}"
    os.symlink(meeting, tmp, target_is_directory=True)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def recover(association_folder: Path) -> None:
    """Tidy what an interrupted build left behind: put back a pack renamed aside whose replacement never arrived,
    and remove temporary folders and links (they are never referenced)."""
    if not association_folder.is_dir():
        return
    for child in association_folder.iterdir():
        name = child.name
        if name.startswith(".old-"):
            meeting = name[len(".old-"):].rsplit("-", 1)[0]
            target = association_folder / meeting
            if not target.exists():
                os.replace(child, target)
            else:
                shutil.rmtree(child, ignore_errors=True)
        elif name.startswith(".tmp-") and child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        elif name.startswith(f".{LATEST}-") and child.is_symlink():
            child.unlink(missing_ok=True)


LOCK_NAME = ".build.lock"
#: Who holds the lock (pid, host, start time, command), written next to the lock while a build runs, so that a
#: refused build can name it. The lock itself is an ``flock`` on ``.build.lock``: the system releases it when its
#: holder ends, however it ends (even ``kill -9``), so a stale holder file never blocks a later build.
HOLDER_NAME = ".build.lock.holder.json"
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def is_disk_full(exc: BaseException) -> bool:
    """True for "no space left on device" and "disk quota exceeded"."""
    return isinstance(exc, OSError) and exc.errno in DISK_FULL


def process_alive(pid: int) -> bool:
    """True while the process ``pid`` exists (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _holder(out: Path) -> dict[str, Any] | None:
    """The running build's holder record, or None when it is unknown, unreadable or of a process that is gone."""
    try:
        holder = json.loads((out / HOLDER_NAME).read_text(encoding="utf-8"))
        pid = int(holder["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if holder.get("host") == os.uname().nodename and not process_alive(pid):
        return None
    return holder


def _locked_message(out: Path, holder: dict[str, Any] | None) -> str:
    if not holder:
        return say.build_locked(out)
    host = holder["host"] if holder.get("host") and holder["host"] != os.uname().nodename else None
    started = None
    with suppress(ValueError, TypeError, KeyError):
        when = datetime.fromisoformat(holder["started"])
        started = at_time(fmt_date(when.date()), f"{when:%H:%M:%S}")
    return say.build_locked(out, say.another_build(holder["pid"], host=host, started=started))


def _size_text(size: float) -> str:
    from finsamdash.wording.formatting import fmt_number

    if size >= 1024 ** 3:
        return f"{fmt_number(size / 1024 ** 3, 1)} GB"
    return f"{fmt_number(size / 1024 ** 2, 1)} MB"


def disk_full_message(out: Path, path: str | None) -> str:
    """Swedish: the disk is full, which file could not be written, how much is free where, what was kept."""
    free = total = None
    with suppress(OSError):
        usage = shutil.disk_usage(out)
        free, total = _size_text(usage.free), _size_text(usage.total)
    return say.disk_full(out, path, free=free, total=total)


def _tidy(out: Path) -> None:
    """After a failed build (the lock still held): remove its temporary folders at once, so they do not keep
    the space a full disk needs, and put back anything renamed aside (see :func:`recover`)."""
    with suppress(OSError):
        for folder in out.iterdir():
            if folder.is_dir() and not folder.is_symlink() and not folder.name.startswith("."):
                with suppress(OSError):
                    recover(folder)


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder, refused at once (:class:`BuildLockedError` naming the holder).

    Also where a full disk anywhere in the build becomes :class:`DiskFullError` (the temporary folders are removed
    first); the packs already installed and ``latest`` are untouched by construction (see the module docstring).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        handle = (out / LOCK_NAME).open("a")
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFullError(disk_full_message(out, exc.filename), path=exc.filename) from exc
        raise
    holder_file = out / HOLDER_NAME
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(out)
            raise BuildLockedError(_locked_message(out, holder), holder=holder) from None
        holder = {"pid": os.getpid(), "host": os.uname().nodename,
                  "started": datetime.now().astimezone().isoformat(timespec="seconds"),
                  "command": " ".join(sys.argv)}
        with suppress(OSError):  # the record only serves a refused build's message; a full disk shows later
            write_text_atomic(holder_file, json.dumps(holder, ensure_ascii=False) + "\n")
        try:
            yield
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            _tidy(out)
            raise DiskFullError(disk_full_message(out, exc.filename), path=exc.filename) from exc
        finally:
            holder_file.unlink(missing_ok=True)
    finally:
        handle.close()

