"""The meeting pack: validate, execute every dashboard notebook per association, write immutable meeting folders.

    DIR/index.html                               every association and meeting, newest first
    DIR/<association_id>/latest                  symlink -> the newest complete meeting folder
    DIR/<association_id>/<meeting>/index.html    the pack's front page
    DIR/<association_id>/<meeting>/<dashboard>.ipynb, <dashboard>.html
    DIR/<association_id>/<meeting>/assets/plotly.min.js
    DIR/<association_id>/<meeting>/board-pack.pdf      A4: cover and the five dashboards (``finsamdash.pdf``)
    DIR/<association_id>/<meeting>/presentation.html   the director's slides (``finsamdash.pack.presentation``)
    DIR/<association_id>/<meeting>/assets/reveal/      its slide engine (reveal.js)
    DIR/<association_id>/<meeting>/manifest.json

How a pack is written so that a reader (or Voilà) never sees half of one:

1. the data is validated first; with errors nothing at all is written (not even DIR);
2. a pack is built in ``DIR/<association>/.tmp-<meeting>-<random>`` (same file system as its final place);
3. when every dashboard succeeded, the PDF is printed inside the temporary folder (unless ``pdf=False``) and the
   manifest written; then the folder is renamed to ``<meeting>``. An existing ``<meeting>`` is swapped
   with it in one step where the system can (Linux ``renameat2(RENAME_EXCHANGE)``), otherwise renamed aside first;
   the old one is deleted afterwards. Other meetings are never touched;
4. ``latest`` is then replaced atomically (a new symlink under a temporary name, ``os.replace``d over the old).

A pack in which a dashboard failed is not installed as ``<meeting>`` and does not move ``latest``: it is kept as
``DIR/<association>/<meeting>-misslyckad/`` (replacing an older failed attempt) so that the director can see
what went wrong, and the exit status is 1. A later successful build of the meeting removes it.

The PDF is part of a complete pack: when it is asked for, chromium is looked for before anything is written (a
:class:`~finsamdash.errors.UsageError` says how to install it or to use ``--no-pdf``), and a PDF that fails to
print fails its association's pack like a failed dashboard (kept as ``-misslyckad``, ``latest`` not moved), so that
``latest`` never points at a pack without its PDF. ``pdf=False`` (``--no-pdf``) builds packs without one.

Notebooks run with papermill across ``jobs`` worker processes. Each worker keeps one warm kernel (pandas, plotly
and finsamdash imported once) and runs its notebooks in it one after another, resetting the namespace and the
prompt numbers in between so that every executed notebook is as a fresh run would have left it; the data is
validated once, by the build, and handed to the kernels (:mod:`finsamdash.handover`). A failing notebook does not
stop the others: after any failure (an error, a cell over ``timeout``, a kernel that died) the worker replaces its
kernel before the next notebook.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import hashlib
import html
import json
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from queue import Empty
from typing import Any

from finsamdash.contract import DEFAULT_MIN_COUNT
from finsamdash.errors import DataValidationError, FinsamError, UsageError
from finsamdash.export import PLOTLY_ASSET, write_plotly_asset, write_text_atomic
from finsamdash.formatting import fmt_date
from finsamdash.handover import DATASET_ENV, private_folder, write_disclosure, write_handover
from finsamdash.handover import FILE_NAME as HANDOVER_FILE
from finsamdash.issues import Issue
from finsamdash.metrics.forecast import books_closed_date, check_previous_meeting
from finsamdash.pack import clock
from finsamdash.pack.page_ui import FILE_CLASS, FRONT_CSS, LIVE_CLASS, LIVE_EXPLAINED, LIVE_TEXT, PAGE_JS
from finsamdash.pack.presentation import PRESENTATION_NAME, REVEAL_ASSET, write_presentation
from finsamdash.pdf import PDF_NAME, PackInfo, PdfError, require_chromium, write_pdf
from finsamdash.privacy.disclosure import FILE_NAME as DISCLOSURE_FILE
from finsamdash.wording.economy import dates_sv
from finsamdash.wording.pages import ANALYST_COLUMN, ANALYST_LINK, privacy_explained

#: The repository's dashboard notebooks (committed without outputs).
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
#: Order of the dashboards on the front page; others follow alphabetically.
ORDER = ("overview", "participants", "goals", "indicators", "budget")
FAILED_SUFFIX = "-misslyckad"
LATEST = "latest"
_MEETING = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Quiet kernels: ipykernel warns about TCP on loopback for every kernel and logs the interrupt jupyter_client
#: sends before every shutdown. Errors in cells are stored in the notebooks, not in this log.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
#: Distributions whose versions go into the manifest.
VERSIONS = ("finsamdash", "pandas", "numpy", "pandera", "plotly", "babel", "openpyxl", "papermill", "nbclient",
            "nbconvert", "nbformat", "ipykernel", "ipywidgets", "voila", "jupyterlab")

# --- results ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    """Where and how a dashboard notebook failed."""

    ename: str  # exception class, e.g. "KeyError"
    evalue: str  # its message
    cell: int | None = None  # 1-based number of the failing cell in the source notebook (all cells counted)
    execution_count: int | None = None  # "In [n]" of the executed notebook
    section: str = ""  # the heading above the cell
    source: str = ""  # the cell's code
    stage: str = "execute"  # "execute" or "html"

    def describe(self) -> str:
        """One Swedish line: section, cell and error."""
        where = []
        if self.section:
            where.append(f"avsnittet ”{self.section}”")
        if self.cell is not None:
            first = self.source.strip().splitlines()[0] if self.source.strip() else ""
            where.append(f"cell {self.cell}" + (f" ({first})" if first else ""))
        if self.stage == "html":
            where.append("när HTML-sidan skrevs")
        place = ", ".join(where)
        message = f"{self.ename}: {self.evalue}" if self.evalue else self.ename
        return f"{place}: {message}" if place else message


@dataclass(frozen=True)
class DashboardResult:
    association_id: str
    dashboard: str  # notebook stem, e.g. "overview"
    title: str  # the notebook's heading, e.g. "Översikt"
    status: str  # "ok" or "failed"
    duration: float  # seconds (execution and HTML)
    error: CellError | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class PdfStatus:
    """The pack's ``board-pack.pdf``: ``status`` is "ok", "failed" or "skipped" (a dashboard failed)."""

    status: str
    duration: float = 0.0  # seconds
    pages: int | None = None
    error: str | None = None  # Swedish message when it failed

    def as_manifest(self) -> dict[str, Any]:
        return {"file": PDF_NAME if self.status == "ok" else None, "status": self.status,
                "duration_s": self.duration, "pages": self.pages, "error": self.error}


@dataclass
class AssociationResult:
    association_id: str
    name: str
    meeting: date
    previous: date | None
    folder: Path | None = None  # where the pack ended up (the meeting folder, or the "-misslyckad" one)
    installed: bool = False  # True when it became DIR/<association>/<meeting> and latest points at it
    dashboards: list[DashboardResult] = field(default_factory=list)
    duration: float = 0.0
    pdf: PdfStatus | None = None

    @property
    def ok(self) -> bool:
        return (bool(self.dashboards) and all(d.ok for d in self.dashboards)
                and (self.pdf is None or self.pdf.status != "failed"))


@dataclass
class BuildResult:
    out: Path
    meeting: date
    associations: list[AssociationResult]
    duration: float
    built_at: str
    warnings: list[Issue] = field(default_factory=list)  # validation warnings (they do not stop a build)

    @property
    def ok(self) -> bool:
        return all(a.ok for a in self.associations)

    @property
    def failures(self) -> list[DashboardResult]:
        return [d for a in self.associations for d in a.dashboards if not d.ok]

    @property
    def exit_status(self) -> int:
        return 0 if self.ok else 1


@dataclass(frozen=True)
class BuildEvent:
    """What ``progress`` receives: ``kind`` is "start", "association_start", "dashboard" or "association_done"."""

    kind: str
    association_id: str = ""
    association_name: str = ""
    done: int = 0  # dashboards finished for this association
    total: int = 0  # dashboards to run for this association (for "start": in the whole build)
    jobs: int = 0  # worker processes ("start" only)
    dashboard: DashboardResult | None = None
    association: AssociationResult | None = None


Progress = Callable[[BuildEvent], None]

# --- the worker ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    association_id: str
    dashboard: str
    title: str
    notebook: str  # source notebook path
    folder: str  # the pack's temporary folder
    parameters: dict[str, Any]
    page_title: str
    footer: str
    timeout: int | None
    handover: str | None = None  # the validated dataset for the kernels (see finsamdash.dashboards._page)


def _source_position(notebook: str, source: str) -> tuple[int | None, str]:
    """1-based number of the cell with ``source`` in the source notebook and the heading above it."""
    import nbformat

    try:
        cells = nbformat.read(notebook, as_version=4).cells
    except Exception:  # best effort for a message
        return None, ""
    section = ""
    for number, cell in enumerate(cells, start=1):
        if cell.cell_type == "markdown":
            heading = next((line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")),
                           "")
            section = heading or section
        elif cell.source.strip() == source.strip():
            return number, section
    return None, ""


#: Threads per kernel for numpy's BLAS/OpenBLAS and OpenMP: the workers already run in parallel, and a kernel that
#: spreads small matrix work over every core spends most of its time waiting for the others (the participant-flow
#: audit took 24 s instead of 3 s this way). A value set in the environment wins.
KERNEL_THREADS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Run once in every new kernel: what every dashboard imports (pandas, plotly, the package).
_WARM_UP = "import finsamdash.dashboards"
#: Run (silently: no prompt number is used) after a dashboard, so the next one starts with an empty namespace;
#: imported modules, and with them the dataset cache of finsamdash.dashboards._page, stay.
_RESET = 'get_ipython().run_line_magic("reset", "-f")'
#: Run (silently) before a dashboard: working directory, the handed-over dataset, prompt numbers from 1 as in a
#: fresh kernel.
_PREPARE = """\
import os as _finsamdash_os
_finsamdash_os.chdir({folder!r})
{handover}
del _finsamdash_os
get_ipython().execution_count = 1
get_ipython().kernel.execution_count = 0
"""
_ENGINE = "finsamdash-warm"
_KERNEL_REPLY_TIMEOUT = 120  # seconds for the kernel to answer a silent request (start-up, reset)


class KernelError(RuntimeError):
    """A build kernel did not start or did not answer (fails the dashboard that needed it)."""


class _WarmKernel:
    """One ipykernel that runs a worker's notebooks one after another.

    Started once and warmed (:data:`_WARM_UP`); between two notebooks the user namespace is reset (:data:`_RESET`)
    and the prompt numbers start again from 1, so an executed notebook looks like a fresh run. After a failed
    notebook (an error, a timeout, a kernel that died) the kernel is replaced by a new one.
    """

    def __init__(self) -> None:
        self.km: Any = None
        self.kc: Any = None
        self.ready = False
        self.resetting: str | None = None  # msg_id of a reset still running
        self.pid: int | None = None  # the kernel process

    def launch(self) -> None:
        """Start the kernel process (returns at once; :meth:`ensure_ready` waits for it and warms it)."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        env = {**KERNEL_THREADS, **os.environ}
        km = AsyncKernelManager(kernel_name="python3")
        run_sync(km.start_kernel)(extra_arguments=[*KERNEL_ARGUMENTS, "--HistoryManager.hist_file=:memory:"],
                                  env=env)
        self.km, self.kc, self.ready, self.resetting = km, None, False, None
        self.pid = getattr(km.provisioner, "pid", None)

    def ensure_ready(self) -> None:
        """A started, warmed kernel, whatever happened before (starts or replaces it when needed)."""
        from jupyter_core.utils import run_sync

        if self.km is not None and not run_sync(self.km.is_alive)():
            self.stop()
        if self.km is None:
            self.launch()
        if self.ready:
            return
        try:
            self.kc = self.km.client()
            self.kc.start_channels()
            run_sync(self.kc.wait_for_ready)(timeout=_KERNEL_REPLY_TIMEOUT)
            self._call(_WARM_UP)
        except Exception as exc:
            self.stop()
            raise KernelError(f"Python-kärnan för instrumentpanelerna startade inte: {exc}") from exc
        self.ready = True

    def _call(self, code: str) -> None:
        """Run ``code`` silently and wait for it (and for a reset still running before it)."""
        from jupyter_core.utils import run_sync

        run_sync(self._wait)(self.kc.execute(code, silent=True, store_history=False, allow_stdin=False))
        self.resetting = None

    async def _wait(self, msg_id: str) -> None:
        deadline = time.monotonic() + _KERNEL_REPLY_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not await self.km.is_alive():
                raise KernelError("Python-kärnan svarade inte")
            try:
                reply = await self.kc.get_shell_msg(timeout=min(left, 1.0))
            except Empty:
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                if reply["content"].get("status") != "ok":
                    content = reply["content"]
                    raise KernelError(f"{content.get('ename', '')}: {content.get('evalue', '')}")
                return

    def prepare(self, folder: str, handover: str | None) -> None:
        """Get ready for the next notebook (waits for the reset of the previous one)."""
        self.ensure_ready()
        line = (f"_finsamdash_os.environ[{DATASET_ENV!r}] = {handover!r}" if handover
                else f"_finsamdash_os.environ.pop({DATASET_ENV!r}, None)")
        try:
            self._call(_PREPARE.format(folder=folder, handover=line))
        except Exception:  # a kernel in a bad state: one more try with a new one
            self.stop()
            self.ensure_ready()
            self._call(_PREPARE.format(folder=folder, handover=line))

    def finished(self, ok: bool) -> None:
        """After a notebook: start the reset (it runs while the worker writes the HTML), or replace the kernel."""
        if ok and self.ready:
            self.resetting = self.kc.execute(_RESET, silent=True, store_history=False, allow_stdin=False)
        else:
            self.stop()
            with suppress(Exception):  # the next prepare() starts one (and reports what goes wrong)
                self.launch()

    def stop(self) -> None:
        from jupyter_core.utils import run_sync

        km, kc = self.km, self.kc
        self.km, self.kc, self.ready, self.resetting, self.pid = None, None, False, None, None
        if kc is not None:
            with suppress(Exception):
                kc.stop_channels()
        if km is not None:
            with suppress(Exception):
                run_sync(km.shutdown_kernel)(now=True)


_kernel: _WarmKernel | None = None  # this worker process's kernel


def _worker_kernel() -> _WarmKernel:
    global _kernel
    if _kernel is None:
        from multiprocessing.util import Finalize

        _kernel = _WarmKernel()
        Finalize(_kernel, _kernel.stop, exitpriority=10)  # when the worker process ends
    return _kernel


def _worker_start(build: int) -> None:
    """Pool initializer: start and warm this worker's kernel (while the build is still validating the data), and
    end the worker with its kernel if the build process ``build`` disappears (killed: nobody would stop them)."""
    threading.Thread(target=_watch_build, args=(build,), name="finsamdash-watch", daemon=True).start()
    with suppress(Exception):  # reported by the first dashboard that needs the kernel
        _worker_kernel().ensure_ready()


def _watch_build(build: int) -> None:
    while _alive(build):
        time.sleep(1)
    pid = _kernel.pid if _kernel is not None else None
    if pid:
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    os._exit(1)


def _worker_ready() -> int:
    return os.getpid()


def _register_engine() -> None:
    """Register with papermill the engine that runs a notebook in a :class:`_WarmKernel` (``warm_kernel=``)."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.v4 import new_output
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.exceptions import PapermillException

    with suppress(PapermillException):
        papermill_engines.get_engine(_ENGINE)
        return

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     warm_kernel: _WarmKernel | None = None, **kwargs):
            assert warm_kernel is not None and warm_kernel.ready
            client = PapermillNotebookClient(
                nb_man, km=warm_kernel.km, kernel_name=kernel_name, timeout=execution_timeout,
                startup_timeout=start_timeout, log_output=log_output, stdout_file=stdout_file,
                stderr_file=stderr_file)
            client.kc = warm_kernel.kc  # the kernel's one client: not shut down by nbclient (owns_km is False)
            try:
                return client.execute()
            except (CellTimeoutError, DeadKernelError) as exc:
                # stored as the error of the cell that was running, so that it is reported like any failing cell
                index = max((i for i, c in enumerate(nb_man.nb.cells)
                             if c.get("metadata", {}).get("papermill", {}).get("status") != "pending"), default=0)
                cell = nb_man.nb.cells[index]
                if isinstance(exc, CellTimeoutError):
                    ename, evalue = "CellTimeoutError", (
                        f"cellen kördes längre än {execution_timeout} s och stoppades (gränsen sätts med --timeout)")
                else:
                    ename, evalue = "DeadKernelError", ("Python-kärnan som körde cellen avslutades oväntat "
                                                        "(till exempel av minnesbrist eller en krasch)")
                if cell.cell_type == "code":
                    cell.outputs.append(new_output("error", ename=ename, evalue=evalue, traceback=[]))
                nb_man.cell_exception(cell, cell_index=index, exception=exc)
                return nb_man.nb

    papermill_engines.register(_ENGINE, WarmEngine)


def run_dashboard(task: _Task) -> DashboardResult:
    """Execute one notebook with papermill into the pack folder and write its static HTML (runs in a worker, in
    the worker's warm kernel)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from finsamdash.export import export_html

    start = time.perf_counter()
    folder = Path(task.folder)
    ipynb = folder / f"{task.dashboard}.ipynb"
    error: CellError | None = None
    kernel = _worker_kernel()
    try:
        _register_engine()
        kernel.prepare(str(folder), task.handover)
        papermill.execute_notebook(
            task.notebook, str(ipynb), parameters=task.parameters, cwd=str(folder), kernel_name="python3",
            progress_bar=False, log_output=False, execution_timeout=task.timeout, engine_name=_ENGINE,
            warm_kernel=kernel,
        )
    except PapermillExecutionError as exc:
        cell, section = _source_position(task.notebook, exc.source or "")
        error = CellError(ename=exc.ename, evalue=str(exc.evalue), cell=cell, execution_count=exc.exec_count,
                          section=section, source=exc.source or "")
    except Exception as exc:  # a kernel that would not start, a file that could not be written...
        error = CellError(ename=type(exc).__name__, evalue=str(exc))
    kernel.finished(error is None)  # a failure of any kind: the next notebook gets a new kernel
    if ipynb.exists():
        try:
            export_html(ipynb, folder / f"{task.dashboard}.html", title=task.page_title, footer=task.footer)
        except Exception as exc:
            error = error or CellError(ename=type(exc).__name__, evalue=str(exc), stage="html")
    return DashboardResult(task.association_id, task.dashboard, task.title, "failed" if error else "ok",
                           round(time.perf_counter() - start, 3), error)


# --- the pack folders ------------------------------------------------------------------------------------------------


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
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


class BuildLockedError(FinsamError):
    """Another build is writing to the same output folder (message in Swedish, names the holder)."""

    def __init__(self, message: str, *, holder: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class DiskFullError(FinsamError):
    """The disk (or quota) ran out while the pack was written (message in Swedish: where, and how much is free)."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


def is_disk_full(exc: BaseException) -> bool:
    """True for "no space left on device" and "disk quota exceeded"."""
    return isinstance(exc, OSError) and exc.errno in _DISK_FULL


def _alive(pid: int) -> bool:
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
    if holder.get("host") == os.uname().nodename and not _alive(pid):
        return None
    return holder


def _locked_message(out: Path, holder: dict[str, Any] | None) -> str:
    who = "ett annat bygge"
    if holder:
        who = f"ett annat bygge (process {holder['pid']}"
        if holder.get("host") and holder["host"] != os.uname().nodename:
            who += f" på datorn {holder['host']}"
        with suppress(ValueError, TypeError, KeyError):
            started = datetime.fromisoformat(holder["started"])
            who += f", startat {fmt_date(started.date())} kl. {started:%H:%M:%S}"
        who += ")"
    return (f"Ett mötesunderlag byggs redan i {out} av {who}. Två byggen kan inte skriva i samma mapp samtidigt. "
            "Vänta tills det är klart och kör sedan igen; det senaste kompletta underlaget visas som vanligt under "
            "tiden.")


def _size_text(size: float) -> str:
    from finsamdash.formatting import fmt_number

    if size >= 1024 ** 3:
        return f"{fmt_number(size / 1024 ** 3, 1)} GB"
    return f"{fmt_number(size / 1024 ** 2, 1)} MB"


def disk_full_message(out: Path, path: str | None) -> str:
    """Swedish: the disk is full, which file could not be written, how much is free where, what was kept."""
    where = f"det gick inte att skriva {path}" if path else f"det gick inte att skriva i {out}"
    space = ""
    with suppress(OSError):
        usage = shutil.disk_usage(out)
        space = (f" Disken där {out} ligger har {_size_text(usage.free)} ledigt av {_size_text(usage.total)};"
                 " ett mötesunderlag med PDF tar omkring 10 MB per förbund.")
    return (f"Disken är full: {where}.{space} Bygget avbröts. Underlag som inte hann bli klara har inte "
            "publicerats: det senaste kompletta underlaget (latest) visas som förut och äldre möten är orörda. "
            "Frigör utrymme (eller bygg till en annan mapp med --out) och kör igen.")


def _tidy(out: Path) -> None:
    """After a failed build (the lock still held): remove its temporary folders at once, so they do not keep
    the space a full disk needs, and put back anything renamed aside (see :func:`recover`)."""
    with suppress(OSError):
        for folder in out.iterdir():
            if folder.is_dir() and not folder.is_symlink() and not folder.name.startswith("."):
                with suppress(OSError):
                    recover(folder)


@contextmanager
def _lock(out: Path) -> Iterator[None]:
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


# --- inputs, manifest, pages -----------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(data: Path, dataset: Any) -> list[dict[str, Any]]:
    """The files the dataset was read from: path (relative to DATA), size and sha256."""
    paths = sorted({Path(s.path).resolve() for s in dataset.sources.values()}) or [data]
    files = []
    for path in paths:
        if not path.is_file():
            continue
        shown = path.relative_to(data).as_posix() if data.is_dir() and path.is_relative_to(data) else path.name
        files.append({"path": shown, "size": path.stat().st_size, "sha256": _sha256(path)})
    return files


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": sys.version.split()[0]}
    for name in VERSIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def dashboard_notebooks(folder: Path) -> list[Path]:
    found = sorted(Path(folder).glob("*.ipynb"))
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(found, key=lambda p: (rank.get(p.stem, len(rank)), p.stem))


def notebook_title(path: Path) -> str:
    """The notebook's first ``# heading`` (the dashboard's Swedish title); the file name when there is none."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


class _CardParser(HTMLParser):
    """Collects the overview's headline cards from its stored HTML output: label, value, detail (the plain
    ``.delta`` line) and change (the bold ``.delta`` line, the change since the previous meeting)."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict[str, str]] = []
        self._field: str | None = None
        self._depth = 0
        self._strong = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "fsd-card" in classes:
            self.cards.append({"label": "", "value": "", "detail": "", "change": ""})
            return
        if tag == "div" and self.cards and self._field is None:
            self._field = next((name for name in ("label", "value", "delta") if name in classes), None)
            self._depth = 0
        if self._field is not None:
            self._depth += tag == "div"
            self._strong = self._strong or tag == "strong"

    def handle_endtag(self, tag: str) -> None:
        if self._field is None:
            return
        if tag == "strong":
            self._strong = False
        elif tag == "div":
            self._depth -= 1
            if self._depth <= 0:
                self._field = None

    def handle_data(self, data: str) -> None:
        if self._field is None or not self.cards:
            return
        name = self._field if self._field != "delta" else ("change" if self._strong else "detail")
        self.cards[-1][name] += data


def changes_since_last(overview_ipynb: Path) -> list[dict[str, str]]:
    """The overview's headline cards as stored in its executed notebook ([] when there are none)."""
    import nbformat

    if not overview_ipynb.exists():
        return []
    try:
        nb = nbformat.read(str(overview_ipynb), as_version=4)
    except Exception:
        return []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            markup = output.get("data", {}).get("text/html", "")
            markup = "".join(markup) if isinstance(markup, list) else markup
            if "fsd-card" not in markup:
                continue
            parser = _CardParser()
            parser.feed(markup)
            cards = [{k: " ".join(v.split()) for k, v in c.items()} for c in parser.cards]
            if any(c["label"] for c in cards):
                return [c for c in cards if c["label"]]
    return []


_PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;max-width:60rem;
margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.8rem;margin-bottom:0.2rem}h2{font-size:1.25rem;margin-top:2rem}
.sub{color:#444;margin-top:0}a{color:#0072B2}
table{border-collapse:collapse;margin:0.5rem 0 1rem 0}th,td{text-align:left;padding:0.3rem 0.8rem;
border-bottom:1px solid #E0E0E0;vertical-align:top}th{background:#F4F6F8}
.failed{background:#FDECEA;border-left:4px solid #D55E00;padding:0.6rem 1rem}
.ok{color:#006d3b}.bad{color:#b00020;font-weight:600}.latest{font-size:0.85rem;color:#444}
.fsd-cards{display:flex;flex-wrap:wrap;gap:12px;padding:0;list-style:none}
.fsd-card{border:1px solid #D9D9D9;border-radius:6px;padding:10px 14px;min-width:170px;max-width:270px;
flex:1 1 190px;break-inside:avoid}
.fsd-card .label{font-size:13px;color:#444}.fsd-card .value{font-size:22px;font-weight:700}
.fsd-card .delta{font-size:13px;color:#444}
footer{color:#666;font-size:0.8rem;margin-top:3rem}
@media print{a{color:inherit;text-decoration:none}.fsd-card,table{break-inside:avoid}}
"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_PAGE_CSS}{FRONT_CSS}</style>\n<script>{PAGE_JS}</script>\n"
            f"</head>\n<body>\n{body}\n</body>\n</html>\n")


def _built_text(built_at: str) -> str:
    stamp = datetime.fromisoformat(built_at)
    return f"{fmt_date(stamp.date())} kl. {stamp:%H:%M}"


def front_page(manifest: dict[str, Any], cards: list[dict[str, str]], *, previous_exists: bool) -> str:
    """The pack's ``index.html``: dates, links to every dashboard, what changed since the last meeting."""
    e = html.escape
    meeting = date.fromisoformat(manifest["meeting_date"])
    name = manifest["association_name"]
    previous = manifest["parameters"]["previous_meeting_date"]
    failed = [d for d in manifest["dashboards"] if d["status"] != "ok"]
    parts = ["<p><a href='../../index.html'>← Alla förbund och möten</a></p>",
             f"<h1>Styrelsemöte {e(fmt_date(meeting))}</h1>", f"<p class='sub'>{e(name)}</p>"]
    if failed:
        items = "".join(f"<li><strong>{e(d['title'])}</strong>: {e(d['error_text'])}</li>" for d in failed)
        parts.append(f"<div class='failed'><p><strong>Underlaget är inte komplett</strong> – "
                     f"{len(failed)} av {len(manifest['dashboards'])} instrumentpaneler kunde inte byggas. "
                     f"Det har inte publicerats som mötets underlag.</p><ul>{items}</ul></div>")
    if previous:
        prev_text = e(fmt_date(date.fromisoformat(previous)))
        prev_cell = f"<a href='../{e(previous)}/index.html'>{prev_text}</a>" if previous_exists else prev_text
    else:
        prev_cell = "inget tidigare möte"
    closed = manifest["parameters"].get("books_closed")
    books = date.fromisoformat(closed) if closed else None
    if books == meeting:
        dates = [("Uppgifter till och med", e(fmt_date(meeting)))]
    else:
        dates = [("Deltagaruppgifter till och med", e(fmt_date(meeting))),
                 ("Ekonomi bokförd till och med", e(fmt_date(books)) if books else "inget bokfört")]
    rows = [("Förbund", e(name)), ("Mötesdatum", e(fmt_date(meeting))), *dates, ("Förra mötet", prev_cell),
            ("Byggt", e(_built_text(manifest["built_at"]))),
            ("Underlag", ", ".join(e(f["path"]) for f in manifest["input_files"]) or "–")]
    pdf = manifest.get("pdf") or {}
    if pdf.get("status") == "ok":
        rows.append(("PDF", f"<a href='{PDF_NAME}'>mötesunderlaget som PDF ({PDF_NAME}, "
                            f"{pdf.get('pages')} sidor)</a>"))
    elif pdf.get("status") == "failed":
        rows.append(("PDF", f"<span class='bad'>kunde inte skrivas</span>: {e(pdf.get('error') or '')}"))
    presentation = manifest.get("presentation") or {}
    if presentation.get("status") == "ok":
        rows.append(("Presentation", f"<a href='{PRESENTATION_NAME}'>presentationen för mötet</a> (en bild per "
                                     "avsnitt; piltangenterna, Page Up/Page Down eller en klickare byter bild, S "
                                     f"öppnar talarvyn) · <a href='{PRESENTATION_NAME}?talarmanus'>med talarmanus"
                                     "</a>"))
    elif presentation.get("status") == "failed":
        rows.append(("Presentation", f"<span class='bad'>kunde inte skrivas</span>: "
                                     f"{e(presentation.get('error') or '')}"))
    parts.append("<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>")
    min_count = manifest["parameters"].get("min_count") or DEFAULT_MIN_COUNT
    parts.append(f"<p class='sub'>{e(privacy_explained(min_count))}</p>")
    parts.append("<h2>Instrumentpaneler</h2>")
    lines = []
    for d in manifest["dashboards"]:
        stem = e(d["dashboard"])
        status = "<span class='ok'>klar</span>" if d["status"] == "ok" else "<span class='bad'>misslyckades</span>"
        lines.append(f"<tr><td><a href='{stem}.html'>{e(d['title'])}</a></td><td>{status}</td>"
                     f"<td class='{LIVE_CLASS}'><a href='{stem}.ipynb'>{LIVE_TEXT}</a></td>"
                     f"<td class='{FILE_CLASS}'><a href='{stem}.ipynb' download>{ANALYST_LINK}</a></td></tr>")
    parts.append(f"<div class='fsd-scroll'><table><tr><th>Instrumentpanel</th><th>Status</th>"
                 f"<th class='{LIVE_CLASS}'>Interaktivt</th><th class='{FILE_CLASS}'>{ANALYST_COLUMN}</th></tr>"
                 + "".join(lines) + "</table></div>")
    parts.append(f"<p class='sub {LIVE_CLASS}'>{e(LIVE_EXPLAINED)}</p>")
    parts.append("<h2>Nyckeltal och förändring sedan förra mötet</h2>")
    if previous:
        parts.append(f"<p>Förändringarna jämför med uppgifterna vid förra mötet ({prev_cell}).</p>")
    else:
        parts.append("<p>Inget tidigare möte har angetts, så förändringar visas inte.</p>")
    if cards:
        items = []
        for card in cards:
            detail = f"<div class='delta'>{e(card['detail'])}</div>" if card.get("detail") else ""
            change = f"<div class='delta'><strong>{e(card['change'])}</strong></div>" if card.get("change") else ""
            items.append(f"<li class='fsd-card'><div class='label'>{e(card['label'])}</div>"
                         f"<div class='value'>{e(card['value'])}</div>{detail}{change}</li>")
        parts.append(f"<ul class='fsd-cards'>{''.join(items)}</ul>")
    parts.append("<p>Mer i <a href='overview.html'>översikten</a>.</p>")
    parts.append(f"<footer>finsamdash {e(str(manifest['versions'].get('finsamdash')))} · byggt "
                 f"{e(_built_text(manifest['built_at']))}<span class='{FILE_CLASS}'> · "
                 "<a href='manifest.json'>manifest.json</a></span></footer>")
    return _page(f"Mötesunderlag – {name} – styrelsemöte {fmt_date(meeting)}", "\n".join(parts))


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_index(out: Path) -> Path:
    """``DIR/index.html``: every association and its complete meetings, newest first (rewritten atomically)."""
    e = html.escape
    sections = []
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        found = meetings(folder)
        if not found:
            continue
        newest = _read_manifest(folder / found[0].isoformat()) or {}
        name = newest.get("association_name") or folder.name
        latest = folder / LATEST
        latest_name = os.readlink(latest) if latest.is_symlink() else None
        items = []
        for meeting in found:
            iso = meeting.isoformat()
            manifest = _read_manifest(folder / iso) or {}
            built = f" · byggt {e(_built_text(manifest['built_at']))}" if manifest.get("built_at") else ""
            mark = " <span class='latest'>(senaste)</span>" if iso == latest_name else ""
            items.append(f"<li><a href='{e(folder.name)}/{iso}/index.html'>Styrelsemöte {e(fmt_date(meeting))}"
                         f"</a>{mark}<span class='latest'>{built}</span></li>")
        live = ""
        if latest_name and newest.get("dashboards"):
            links = " · ".join(f"<a href='{e(folder.name)}/{LATEST}/{e(d['dashboard'])}.ipynb'>{e(d['title'])}</a>"
                               for d in newest["dashboards"] if d.get("status") == "ok")
            live = (f"<p class='{LIVE_CLASS}'><strong>{LIVE_TEXT}</strong> (senaste mötet, "
                    f"{e(fmt_date(found[0]))}): {links}</p>")
        sections.append(f"<h2>{e(name)}</h2>{live}<ul>{''.join(items)}</ul>")
    body = "<h1>Mötesunderlag</h1>\n" + ("\n".join(sections) if sections else "<p>Inga byggda möten ännu.</p>")
    target = out / "index.html"
    write_text_atomic(target, _page("Mötesunderlag", body))
    return target


# --- the build -------------------------------------------------------------------------------------------------------


@dataclass
class _Pack:
    result: AssociationResult
    tmp: Path
    tasks: list[_Task]
    parameters: dict[str, Any]
    pending: int = 0
    #: the audit's file in the pack and its figures (for the manifest), None when it failed
    disclosure: dict[str, Any] | None = None


class _Workers:
    """The worker processes that run the notebooks, each with its own warm kernel (:class:`_WarmKernel`).

    They are started from a background thread (starting the first one waits for the fork server to import
    papermill and nbconvert) so that their kernels start and warm up while the build validates the data.
    """

    def __init__(self, jobs: int, prestart: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        if "forkserver" in methods:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["papermill", "nbconvert", "jupyter_client", "finsamdash.build"])
        else:
            context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start,
                                        initargs=(os.getpid(),))
        self.used = False  # True once a notebook was submitted
        self._starter = threading.Thread(target=self._start, args=(prestart,), name="finsamdash-workers",
                                         daemon=True)
        self._starter.start()

    def _start(self, count: int) -> None:
        with suppress(Exception):  # a pool that cannot start reports it on the first submit
            for _ in range(count):
                self.pool.submit(_worker_ready)

    def submit(self, task: _Task) -> Future:
        self._starter.join()
        self.used = True
        try:
            return self.pool.submit(run_dashboard, task)
        except Exception as exc:  # a broken pool: this dashboard fails, the build goes on to report it
            future: Future = Future()
            future.set_exception(exc)
            return future

    def shutdown(self, wait: bool = True) -> None:
        """Start nothing new, let the running notebooks end; the workers stop their kernels as they exit.

        ``wait=False`` (nothing was submitted, e.g. the data was invalid) does not wait for the workers to finish
        starting: they are terminated (a kernel a worker started ends with it: ipykernel watches its parent)."""
        self._starter.join()
        if wait:
            self.pool.shutdown(wait=True, cancel_futures=True)
            return
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for process in processes:
            with suppress(Exception):
                process.terminate()
        for process in processes:
            with suppress(Exception):
                process.join(timeout=10)
        self.pool.shutdown(wait=True, cancel_futures=True)


def _pool(jobs: int, prestart: int = 0) -> _Workers:
    """``jobs`` workers at most, ``prestart`` of them started (with their kernels) right away."""
    return _Workers(jobs, prestart)


def _execute(workers: _Workers, tasks: Iterable[_Task], finished: Callable[[DashboardResult], None]) -> None:
    """Run every task on the workers (each submitted as soon as ``tasks`` yields it: the build audits a pack while
    the workers run the ones before); ``finished`` gets each result as it comes, in task order when several arrive
    together."""
    futures: dict[Future, tuple[int, _Task]] = {workers.submit(t): (i, t) for i, t in enumerate(tasks)}
    remaining = set(futures)
    while remaining:
        done, remaining = wait(remaining, return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: futures[f][0]):
            task = futures[future][1]
            try:
                dashboard = future.result()
            except Exception as exc:  # e.g. a worker process that died
                dashboard = DashboardResult(task.association_id, task.dashboard, task.title, "failed", 0.0,
                                            CellError(ename=type(exc).__name__, evalue=str(exc)))
            finished(dashboard)


def build_pack(data: Path, *, meeting: date, out: Path, association_ids: list[str] | None = None,
               jobs: int | None = None, previous: date | None = None, progress: Progress | None = None,
               notebooks: Path | None = None, min_count: int = DEFAULT_MIN_COUNT,
               timeout: int | None = None, pdf: bool = True, books_closed: date | None = None) -> BuildResult:
    """Validate ``data`` and build the meeting pack of every association (or ``association_ids``) into ``out``.

    ``previous`` is the previous meeting's date for every association; by default the newest existing pack of each
    association in ``out`` before ``meeting``. ``books_closed`` is the date up to which the ledger is complete,
    for every association; by default, per association, the last day of the month of its latest ledger line on or
    before the meeting (see :mod:`finsamdash.metrics.forecast`). Either after the meeting (for ``previous``: on or
    after it) is a :class:`~finsamdash.errors.MeetingDateError`, raised before anything is written. ``jobs`` worker
    processes (default: the number of cores) run the notebooks, each in its own warm kernel reused from one notebook
    to the next; ``timeout`` limits each cell (seconds: a cell that runs longer fails its dashboard). ``pdf`` prints
    ``board-pack.pdf`` into every complete pack (chromium must be installed; see :mod:`finsamdash.pdf`). Raises
    :class:`~finsamdash.errors.DataValidationError` (writing nothing) when the data has errors and
    :class:`~finsamdash.errors.UsageError` for an unknown association, a missing notebooks folder or, with ``pdf``,
    a missing chromium.
    """
    from finsamdash.validate import check

    started = time.perf_counter()
    check_previous_meeting(previous, meeting)
    if books_closed is not None:
        books_closed_date(None, meeting, books_closed)  # after the meeting: an error before anything starts
    data = Path(data).expanduser().resolve()
    out = Path(out).expanduser().resolve()
    notebooks = Path(notebooks) if notebooks is not None else NOTEBOOKS
    emit = progress or (lambda _event: None)
    jobs = max(1, jobs or os.cpu_count() or 1)
    sources = dashboard_notebooks(notebooks)
    # the workers start their kernels while the data is validated (they are stopped again if it is invalid)
    pool = _pool(jobs, prestart=min(jobs, len(sources) * len(association_ids or [None]))) if sources else None
    handover: Path | None = None
    try:
        dataset, issues = check(data, reference_date=meeting)  # warnings as of the meeting, not the clock
        if dataset is None:
            raise DataValidationError(issues)
        ids = list(dict.fromkeys(association_ids or dataset.association_ids))
        for association_id in ids:
            dataset.require_association(association_id)
        if not sources or pool is None:
            raise UsageError(f"Hittar inga instrumentpaneler (.ipynb) i {notebooks}.")
        if min_count < 1:
            raise UsageError("min_count måste vara minst 1.")
        chromium: str | None = None
        if pdf:
            try:
                chromium = require_chromium()
            except PdfError as exc:
                raise UsageError(str(exc)) from None
        titles = {p.stem: notebook_title(p) for p in sources}
        files = input_files(data, dataset)
        built_at = clock.now().isoformat(timespec="seconds")
        meeting_iso = meeting.isoformat()
        # the kernels take the validated dataset from a private temporary file instead of validating it again
        with suppress(Exception):  # without it they load the data themselves
            handover = private_folder()
            write_handover(dataset, data, handover)
        handover_file = str(handover / HANDOVER_FILE) if handover and (handover / HANDOVER_FILE).exists() else None
        names = {association_id: dataset.association_name(association_id) for association_id in ids}
        books = {association_id: books_closed_date(dataset.rows("ledger", association_id), meeting, books_closed)
                 for association_id in ids}

        out.mkdir(parents=True, exist_ok=True)
        warnings = [i for i in issues if i.severity != "error"]
        result = BuildResult(out, meeting, [], 0.0, built_at, warnings)
        with _lock(out):
            packs: list[_Pack] = []
            for association_id in ids:
                folder = out / association_id
                recover(folder)
                folder.mkdir(exist_ok=True)
                prev = previous if previous is not None else previous_meeting(out, association_id, meeting)
                name = names[association_id]
                tmp = folder / f".tmp-{meeting_iso}-{secrets.token_hex(4)}"
                tmp.mkdir()
                write_plotly_asset(tmp)
                closed = books[association_id]
                parameters = {"data_path": str(data), "association_id": association_id,
                              "meeting_date": meeting_iso,
                              "previous_meeting_date": prev.isoformat() if prev else None, "year": None,
                              "min_count": min_count, "books_closed": closed.isoformat() if closed else None}
                footer = f"{name} · styrelsemöte {fmt_date(meeting)} · {dates_sv(meeting, closed)}"
                tasks = [_Task(association_id, p.stem, titles[p.stem], str(p.resolve()), str(tmp), parameters,
                               f"{titles[p.stem]} – {name} – styrelsemöte {fmt_date(meeting)}", footer, timeout,
                               handover_file)
                         for p in sources]
                packs.append(_Pack(AssociationResult(association_id, name, meeting, prev), tmp, tasks, parameters,
                                   len(tasks)))
            total = sum(len(p.tasks) for p in packs)
            emit(BuildEvent("start", total=total, jobs=min(jobs, total)))
            try:
                for pack in packs:
                    emit(BuildEvent("association_start", pack.result.association_id, pack.result.name, 0,
                                    len(pack.tasks)))
                by_id = {p.result.association_id: p for p in packs}

                def finished(dashboard: DashboardResult) -> None:
                    pack = by_id[dashboard.association_id]
                    pack.result.dashboards.append(dashboard)
                    pack.pending -= 1
                    emit(BuildEvent("dashboard", pack.result.association_id, pack.result.name,
                                    len(pack.result.dashboards), len(pack.tasks), dashboard=dashboard))
                    if pack.pending == 0:
                        _finish(pack, out, files, built_at, started, len(warnings), chromium)
                        result.associations.append(pack.result)
                        emit(BuildEvent("association_done", pack.result.association_id, pack.result.name,
                                        len(pack.tasks), len(pack.tasks), association=pack.result))

                _execute(pool, _audited_tasks(packs, dataset, data, handover, meeting, min_count), finished)
            finally:
                for pack in packs:  # interrupted: leave no temporary folder behind
                    if pack.tmp.exists():
                        shutil.rmtree(pack.tmp, ignore_errors=True)
            write_index(out)
    finally:  # on an error or Ctrl+C: start nothing new, let the running notebooks end, stop the kernels
        if pool is not None:
            pool.shutdown(wait=pool.used)
        if handover is not None:
            shutil.rmtree(handover, ignore_errors=True)
    result.associations.sort(key=lambda a: ids.index(a.association_id))
    result.duration = round(time.perf_counter() - started, 3)
    return result


def _audited_tasks(packs: list[_Pack], dataset: Any, data: Path, handover: Path | None, meeting: date,
                   min_count: int) -> Iterator[_Task]:
    """Audit each pack once (:func:`finsamdash.privacy.audit_pack`, against its previous meeting), hand the answer
    to its kernels (:func:`finsamdash.handover.write_disclosure`), store its shown part in the pack
    (``disclosure.json.gz``), then yield its notebooks. A pack whose audit fails still gets its notebooks: each page
    then audits (and fails) on its own, and the failure is reported as the dashboard's."""
    from finsamdash.privacy import audit_pack

    for pack in packs:
        res = pack.result
        with suppress(Exception):
            disclosure = audit_pack(dataset, res.association_id, meeting, previous=res.previous,
                                    min_count=min_count)
            if handover is not None:
                write_disclosure(disclosure, data, handover)
            disclosure.write(pack.tmp)
            pack.disclosure = {"file": DISCLOSURE_FILE, **{k: disclosure.stats[k] for k in (
                "seconds", "cells", "hidden")}}
        yield from pack.tasks


def _print_pdf(pack: _Pack, chromium: str | None, built_at: str) -> PdfStatus | None:
    """Print ``board-pack.pdf`` into the temporary folder (None when no PDF was asked for)."""
    res = pack.result
    if chromium is None:
        return None
    if not all(d.ok for d in res.dashboards):
        return PdfStatus("skipped", error="PDF:en skrevs inte eftersom en instrumentpanel misslyckades.")
    meeting = fmt_date(res.meeting)
    closed = pack.parameters.get("books_closed")
    info = PackInfo(association=res.name, meeting=meeting, cutoff=meeting, built=_built_text(built_at),
                    books_closed=fmt_date(closed) if closed else None,
                    dashboards=[(d.dashboard, d.title) for d in res.dashboards],
                    previous=fmt_date(res.previous) if res.previous else None,
                    min_count=pack.parameters.get("min_count", DEFAULT_MIN_COUNT))
    start = time.perf_counter()

    def failed(error: str) -> PdfStatus:
        """The failure, saying which pack is still served (the CLI adds that ``--no-pdf`` builds without one)."""
        try:
            served = date.fromisoformat(os.readlink(pack.tmp.parent / LATEST))
            still = (f"Det senast publicerade underlaget (styrelsemötet {fmt_date(served)}) visas fortfarande "
                     f"({LATEST}).")
        except (OSError, ValueError):
            still = "Inget tidigare underlag är publicerat för förbundet."
        error = error.rstrip() if error.rstrip().endswith(".") else f"{error.rstrip()}."
        return PdfStatus("failed", round(time.perf_counter() - start, 3), error=f"{error} {still}")

    try:  # write_pdf stops chromium itself when it crashes, hangs or passes its time limit (finsamdash.pdf)
        printed = write_pdf(pack.tmp, info, chromium=chromium)
    except PdfError as exc:
        return failed(str(exc))
    except OSError as exc:
        if is_disk_full(exc):  # not the PDF's fault: the whole build stops with DiskFullError (see _lock)
            raise
        return failed(f"PDF:en kunde inte skrivas: {exc.strerror or exc} ({exc.filename or pack.tmp}).")
    except Exception as exc:  # anything else: this association's PDF fails, not the build
        return failed(f"PDF:en kunde inte skrivas: {type(exc).__name__}: {exc}.")
    return PdfStatus("ok", printed.duration, printed.pages)


def _write_presentation(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """Write ``presentation.html`` from the executed notebooks; what happened, for the manifest (a presentation
    that cannot be made is reported on the front page and does not stop the pack)."""
    try:
        path = write_presentation(folder, manifest)
    except OSError as exc:
        if is_disk_full(exc):
            raise
        return {"file": None, "status": "failed", "error": f"{exc.strerror or exc} ({exc.filename or folder})"}
    except Exception as exc:
        return {"file": None, "status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    return {"file": path.name, "status": "ok", "error": None}


def _disk_full_error(error: CellError) -> bool:
    """A dashboard that failed because its files could not be written to a full disk (the worker reports the
    OSError as text: ``[Errno 28] No space left on device: '...'``)."""
    return any(error.evalue.startswith(f"[Errno {code}]") for code in _DISK_FULL)


def _finish(pack: _Pack, out: Path, files: list[dict[str, Any]], built_at: str, started: float,
            warnings: int, chromium: str | None = None) -> None:
    """Print the PDF, write the manifest and the front page into the temporary folder, then install it."""
    res = pack.result
    rank = {t.dashboard: i for i, t in enumerate(pack.tasks)}
    res.dashboards.sort(key=lambda d: rank[d.dashboard])
    full = next((d.error for d in res.dashboards if d.error is not None and _disk_full_error(d.error)), None)
    if full is not None:  # a notebook could not be written: the disk is full, not the dashboard broken
        found = re.search(r"'([^']+)'", full.evalue)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), found.group(1) if found else str(pack.tmp))
    res.pdf = _print_pdf(pack, chromium, built_at)
    manifest = {
        "format": 1,
        "association_id": res.association_id,
        "association_name": res.name,
        "meeting_date": res.meeting.isoformat(),
        "built_at": built_at,
        "status": "ok" if res.ok else "failed",
        "parameters": pack.parameters,
        "input_files": files,
        "validation_warnings": warnings,
        "versions": versions(),
        "assets": {"plotly.js": PLOTLY_ASSET, "reveal.js": REVEAL_ASSET},
        "key_figures": [],  # the overview's headline cards, filled in below
        "dashboards": [
            {"dashboard": d.dashboard, "title": d.title, "status": d.status, "duration_s": d.duration,
             "ipynb": f"{d.dashboard}.ipynb", "html": f"{d.dashboard}.html",
             "error": asdict(d.error) if d.error else None,
             "error_text": d.error.describe() if d.error else None}
            for d in res.dashboards
        ],
        "pdf": res.pdf.as_manifest() if res.pdf else {"file": None, "status": "not_requested", "duration_s": 0.0,
                                                      "pages": None, "error": None},
        "disclosure": pack.disclosure,
    }
    folder = out / res.association_id
    previous = manifest["parameters"]["previous_meeting_date"]
    previous_exists = bool(previous) and (folder / previous / "index.html").exists()
    cards = changes_since_last(pack.tmp / "overview.ipynb")
    manifest["key_figures"] = cards
    manifest["presentation"] = _write_presentation(pack.tmp, manifest)
    write_text_atomic(pack.tmp / "index.html", front_page(manifest, cards, previous_exists=previous_exists))
    res.duration = round(time.perf_counter() - started, 3)
    write_text_atomic(pack.tmp / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    if res.ok:
        target = folder / res.meeting.isoformat()
        install_folder(pack.tmp, target)
        newest = meetings(folder)[0].isoformat()
        point_latest(folder, newest)
        shutil.rmtree(folder / f"{res.meeting.isoformat()}{FAILED_SUFFIX}", ignore_errors=True)
        res.installed = True
    else:
        target = folder / f"{res.meeting.isoformat()}{FAILED_SUFFIX}"
        install_folder(pack.tmp, target)
    res.folder = target


# --- the command -----------------------------------------------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " s"


def _dashboards(count: int) -> str:
    return f"{count} instrumentpanel" if count == 1 else f"{count} instrumentpaneler"


def _printer(file=None) -> Progress:
    file = file or sys.stdout

    def show(event: BuildEvent) -> None:
        if event.kind == "start":
            print(f"Bygger {_dashboards(event.total)} med {event.jobs} "
                  f"{'parallell process' if event.jobs == 1 else 'parallella processer'} …", file=file, flush=True)
        elif event.kind == "dashboard" and event.dashboard is not None:
            d = event.dashboard
            width = 10
            filled = round(width * event.done / event.total) if event.total else width
            bar = "█" * filled + "·" * (width - filled)
            state = "klar" if d.ok else "MISSLYCKADES"
            print(f"  [{bar}] {event.done}/{event.total} {event.association_id}: {d.title} {state} "
                  f"({_seconds(d.duration)})", file=file, flush=True)
            if d.error is not None:
                print(f"      fel i {d.error.describe()}", file=file, flush=True)
        elif event.kind == "association_done" and event.association is not None:
            a = event.association
            if a.pdf is not None and a.pdf.status == "ok":
                print(f"  {a.association_id}: PDF klar ({a.pdf.pages} sidor, {_seconds(a.pdf.duration)})",
                      file=file, flush=True)
            elif a.pdf is not None and a.pdf.status == "failed":
                print(f"  {a.association_id}: PDF MISSLYCKADES – {a.pdf.error}", file=file, flush=True)
            if a.installed:
                print(f"{a.name}: mötesunderlaget är klart i {a.folder}", file=file, flush=True)
            else:
                failed = sum(not d.ok for d in a.dashboards)
                what = f"{_dashboards(failed)} misslyckades" if failed else "PDF:en misslyckades"
                print(f"{a.name}: {what} – underlaget har inte publicerats "
                      f"(det som byggdes finns i {a.folder})", file=file, flush=True)

    return show


def run_build_command(args: argparse.Namespace) -> int:
    """``finsamdash build``: ``args`` has data, meeting, association (list or None), out (default
    ``dashboards``), jobs, previous, books_closed, optionally notebooks, no_pdf (skip ``board-pack.pdf``) and timeout
    (seconds per cell; 0 or None: no limit).

    Prints progress in Swedish and returns 0, or 1 when a dashboard failed. Raises
    :class:`~finsamdash.errors.DataValidationError` when the data is invalid (nothing is written).
    """
    out = getattr(args, "out", None) or Path("dashboards")
    result = build_pack(
        Path(args.data), meeting=args.meeting, out=Path(out), association_ids=getattr(args, "association", None),
        jobs=getattr(args, "jobs", None), previous=getattr(args, "previous", None), progress=_printer(),
        notebooks=getattr(args, "notebooks", None), pdf=not getattr(args, "no_pdf", False),
        timeout=getattr(args, "timeout", None) or None, books_closed=getattr(args, "books_closed", None),
    )
    print()
    if result.warnings:
        print(f"Underlaget har {len(result.warnings)} varningar (de stoppar inte bygget; "
              f"`finsamdash validate {args.data}` visar dem).")
    if result.ok:
        print(f"Klart på {_seconds(result.duration)}. Alla möten: {result.out / 'index.html'}")
        return 0
    pdf_failures = sum(a.pdf is not None and a.pdf.status == "failed" for a in result.associations)
    what = [_dashboards(len(result.failures))] if result.failures else []
    what += [f"{pdf_failures} PDF{'er' if pdf_failures > 1 else ''}"] if pdf_failures else []
    print(f"{' och '.join(what)} misslyckades (efter {_seconds(result.duration)}):",
          file=sys.stderr)
    for d in result.failures:
        print(f"  {d.association_id} / {d.title} ({d.dashboard}.ipynb): {d.error.describe() if d.error else ''}",
              file=sys.stderr)
    for a in result.associations:
        if a.pdf is not None and a.pdf.status == "failed":
            print(f"  {a.association_id} / {PDF_NAME}: {a.pdf.error} (bygg utan PDF med --no-pdf)", file=sys.stderr)
    print("Rätta felet och kör igen. Förbund där allt lyckades är publicerade som vanligt.", file=sys.stderr)
    return 1
