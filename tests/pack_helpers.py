"""Helpers shared by the tests that build meeting packs."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def tree(folder: Path) -> dict[str, str]:
    """Every file, folder and link below ``folder``: relative path -> sha256 (or "-> target" / "dir")."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[rel] = "dir"
    return found


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
