"""Handing the dataset that ``finsamdash build`` validated, and each pack's disclosure audit, to the kernels that
run its dashboards.

The build validates the input once and writes the :class:`~finsamdash.data.dataset.Dataset` to a private temporary
folder (mode 0700, outside the served output; deleted when the build ends). Its kernels get the file's path in
:data:`DATASET_ENV`; :func:`finsamdash.dashboards._page.load_for_dashboard` takes the dataset from it instead of
reading and validating the same files again, but only when the fingerprint stored with it (path, names, sizes and
modification times of the input files, and the validation settings) matches its own ``data_path``. Without the
variable (Voilà, a user's own kernel), or with any mismatch, the data is loaded as usual.

The build also audits each pack once (:func:`finsamdash.privacy.audit_pack`) and writes the
:class:`~finsamdash.privacy.Disclosure` beside the dataset (:func:`write_disclosure`); a page takes it
(:func:`read_disclosure`) when the input and the audit's parameters match, and computes it otherwise.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from finsamdash.data.contract import ContractSettings
from finsamdash.data.dataset import Dataset

if TYPE_CHECKING:
    from finsamdash.privacy.disclosure import Disclosure

DATASET_ENV = "FINSAMDASH_VALIDATED_DATASET"
FILE_NAME = "dataset.pickle"
_FORMAT = 1
_PREFIX = "finsamdash-build-"


def input_fingerprint(path: str | Path) -> tuple:
    """What identifies the input at ``path``: its resolved path and the name, size and modification time of the
    file, or of the folder and every entry in it."""
    resolved = Path(path).expanduser().resolve()
    stat = resolved.stat()
    entries = [(".", stat.st_size if resolved.is_file() else 0, stat.st_mtime_ns)]
    if resolved.is_dir():
        for child in sorted(resolved.iterdir()):
            try:
                child_stat = child.stat()
            except OSError:  # e.g. a dangling link: it still counts by name
                entries.append((child.name, -1, -1))
            else:
                entries.append((child.name, child_stat.st_size, child_stat.st_mtime_ns))
    return (str(resolved), tuple(entries))


def private_folder() -> Path:
    """A new folder (mode 0700) in the system's temporary folder for one build's hand-over file; first removes
    such folders left by builds that no longer run (killed before they could tidy up)."""
    base = Path(tempfile.gettempdir())
    for old in base.glob(f"{_PREFIX}*"):
        try:
            pid = int(old.name[len(_PREFIX):].split("-", 1)[0])
            owned = old.stat().st_uid == os.getuid()
        except (ValueError, OSError):
            continue
        if owned and not _running(pid):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_handover(dataset: Dataset, path: str | Path, folder: Path) -> Path:
    """Write ``dataset`` (validated from ``path``) into the private ``folder`` and return the file (mode 0600).

    A small header (format, fingerprint, settings) comes first so that a reader can reject a mismatch without
    unpickling the data.
    """
    target = Path(folder) / FILE_NAME
    header = {"format": _FORMAT, "fingerprint": input_fingerprint(path), "settings": dataset.settings}
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(dataset, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return target


def _disclosure_file(folder: Path, association_id: str) -> Path:
    return Path(folder) / f"disclosure-{hashlib.sha256(association_id.encode()).hexdigest()[:16]}.pickle"


def write_disclosure(disclosure: Disclosure, path: str | Path, folder: Path) -> Path:
    """Write one pack's audit (computed from the input at ``path``) into the private ``folder`` (mode 0600)."""
    target = _disclosure_file(folder, disclosure.association_id)
    header = {"format": _FORMAT, "fingerprint": input_fingerprint(path)}
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(disclosure, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return target


def read_disclosure(fingerprint: tuple, association_id: str) -> Disclosure | None:
    """The audit the build handed over for ``association_id`` when it was computed from input with
    ``fingerprint`` (the caller checks its parameters); None otherwise."""
    from finsamdash.privacy import Disclosure

    name = os.environ.get(DATASET_ENV)
    if not name:
        return None
    found = _read_private(_disclosure_file(Path(name).parent, association_id),
                          lambda header: header.get("fingerprint") == fingerprint)
    return found if isinstance(found, Disclosure) else None


def _read_private(path: Path, accept) -> object | None:
    """The second object of a private pickle whose header ``accept`` accepts (None on any doubt)."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_uid != os.getuid() or stat.st_mode & 0o077:
                return None
            header = pickle.load(handle)
            if not (isinstance(header, dict) and header.get("format") == _FORMAT and accept(header)):
                return None
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):
        return None


def read_handover(fingerprint: tuple, settings: ContractSettings | None = None) -> Dataset | None:
    """The dataset named by :data:`DATASET_ENV` when it was validated from input with ``fingerprint`` and with
    ``settings`` (default: the default settings); None otherwise (no variable, a mismatch, a file that is not ours
    or not private, anything unreadable)."""
    name = os.environ.get(DATASET_ENV)
    if not name:
        return None
    settings = settings or ContractSettings()
    dataset = _read_private(Path(name), lambda header: header.get("fingerprint") == fingerprint
                            and header.get("settings") == settings)
    return dataset if isinstance(dataset, Dataset) else None
