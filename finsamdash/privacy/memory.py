"""Own audits kept from one build to the next: the previous meeting's pack is not audited on its own again.

A pack with a previous meeting is audited in three programmes (:func:`finsamdash.privacy.pack.audit_pack`): the
pack on its own, the previous meeting's pack on its own, and both together. The second is exactly the first one
of the previous meeting's build whenever the data up to that meeting is unchanged: :func:`~finsamdash.privacy.
solver.protect` is a deterministic function of the registry it is given. :class:`AuditMemory` keeps each such own
audit in a folder, under a fingerprint of everything ``protect`` reads:

* every cell in registration order (the order breaks ties in the cost), with its value, kind, tier and whether it
  is unsafe; every relation and identity; ``min_count``;
* the code that decides: the source of the solver, the exact check and the registry, and the versions of scipy
  (whose HiGHS solves the programmes) and numpy.

A registry that differs in anything (a late registration, a corrected exit reason, another threshold, a new
version of the audit) has another fingerprint and is audited again, so what is remembered is always what the
audit would compute now. Only audits that ended normally are kept (no fallback, nothing left unresolved).

What is kept is the fingerprint and the keys of the hidden cells, never a count. It is still kept out of every
pack (the build keeps it in ``DIR/.audit-memory``, beside the packs): which cells a pack's own audit hides, compared
with what the pack hides, tells which hidden counts were hidden only because of the previous meeting, and those are
not small themselves.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

import numpy
import scipy

from finsamdash.privacy import exact, registry, solver
from finsamdash.privacy.registry import CANDIDATE, Registry

#: Format of a remembered audit (a file of another format is not read).
FORMAT = 1
#: Remembered audits kept in a folder; the oldest beyond this are removed (a national build keeps two per
#: association and meeting).
KEEP = 512


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code that decides what ``protect`` hides (see the module docstring)."""
    digest = hashlib.sha256()
    for module in (solver, exact, registry):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(f"scipy {scipy.__version__} numpy {numpy.__version__}".encode())
    return digest.hexdigest()


def fingerprint(reg: Registry) -> str:
    """The fingerprint of everything :func:`~finsamdash.privacy.solver.protect` reads of ``reg`` (see the module
    docstring), as a hexadecimal digest."""
    unsafe = reg.unsafe
    content = [
        FORMAT, code_version(), reg.min_count,
        [[c, v, reg.kinds[c], int(reg.tiers[c]), c in unsafe] for c, v in reg.values.items()],
        [[r.total, r.parts] for r in reg.relations],
        [list(eq.items()) for eq in reg.identities],
    ]
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cell(value) -> tuple:
    """A cell key read back from JSON (lists were tuples)."""
    return tuple(_cell(v) if isinstance(v, list) else v for v in value)


class AuditMemory:
    """Own audits (:class:`~finsamdash.privacy.solver.Protection`) kept in ``folder`` by the fingerprint of their
    registry (see the module docstring). A file that cannot be read, or does not fit the registry, is not used."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self._keys: dict[int, tuple[Registry, str]] = {}

    def _key(self, reg: Registry) -> str:
        found = self._keys.get(id(reg))
        if found is None or found[0] is not reg:
            if len(self._keys) >= 8:  # a pack's registries: recalled, then kept (a build holds no more)
                self._keys.clear()
            found = (reg, fingerprint(reg))
            self._keys[id(reg)] = found
        return found[1]

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def recall(self, reg: Registry) -> solver.Protection | None:
        """The remembered own audit of ``reg``, None when there is none (or it cannot be used)."""
        key = self._key(reg)
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("fingerprint") != key:
                return None
            hidden = frozenset(_cell(c) for c in data["hidden"])
            rounds = int(data["rounds"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if any(reg.kinds.get(c) != CANDIDATE for c in hidden):  # does not fit: audited again
            return None
        primary = frozenset(c for c in reg.unsafe if reg.kinds[c] == CANDIDATE)
        if not primary <= hidden:
            return None
        return solver.Protection(hidden, primary, rounds, "milp", stats={"remembered": True})

    def keep(self, reg: Registry, protection: solver.Protection) -> None:
        """Remember ``protection``, the own audit of ``reg`` (only one that ended normally). A folder that cannot
        be written only costs the next build the time of auditing again."""
        if protection.method != "milp" or protection.unresolved or protection.stats.get("remembered"):
            return
        key = self._key(reg)
        payload = {"format": FORMAT, "fingerprint": key, "rounds": protection.rounds,
                   "hidden": sorted((list(c) for c in protection.hidden), key=repr)}
        target = self._path(key)
        tmp = target.with_name(f".{key}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(payload, ensure_ascii=False, default=str), encoding="utf-8")
            os.replace(tmp, target)
            self._prune()
        except OSError:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)

    def _prune(self) -> None:
        files = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)


def protect_own(reg: Registry, memory: AuditMemory | None) -> solver.Protection:
    """``protect(reg)``: the own audit of a pack, taken from ``memory`` when it is remembered there, and kept there
    when it is not."""
    if memory is None:
        return solver.protect(reg)
    found = memory.recall(reg)
    if found is not None:
        return found
    protection = solver.protect(reg)
    memory.keep(reg, protection)
    return protection
