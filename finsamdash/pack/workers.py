"""The worker processes of a build and their warm kernels.

Notebooks run with papermill across ``jobs`` worker processes. Each worker keeps one warm kernel (pandas, plotly
and finsamdash imported once) and runs its notebooks in it one after another, resetting the namespace and the
prompt numbers in between so that every executed notebook is as a fresh run would have left it (the papermill
engine that does so is :mod:`finsamdash.pack.engine`). A failing notebook does not stop the others: after any
failure (an error, a cell over the time limit, a kernel that died) the worker replaces its kernel before the next
notebook.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

from finsamdash.dashboards.handover import DATASET_ENV
from finsamdash.errors import (
    KernelError,
)
from finsamdash.pack.publish import process_alive
from finsamdash.pack.results import CellError, DashboardResult

#: Quiet kernels: ipykernel warns about TCP on loopback for every kernel and logs the interrupt jupyter_client
#: sends before every shutdown. Errors in cells are stored in the notebooks, not in this log.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


@dataclass(frozen=True)
class Task:
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
_KERNEL_REPLY_TIMEOUT = 120  # seconds for the kernel to answer a silent request (start-up, reset)

class WarmKernel:
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


_kernel: WarmKernel | None = None  # this worker process's kernel


def _worker_kernel() -> WarmKernel:
    global _kernel
    if _kernel is None:
        from multiprocessing.util import Finalize

        _kernel = WarmKernel()
        Finalize(_kernel, _kernel.stop, exitpriority=10)  # when the worker process ends
    return _kernel


def _worker_start(build: int) -> None:
    """Pool initializer: start and warm this worker's kernel (while the build is still validating the data), and
    end the worker with its kernel if the build process ``build`` disappears (killed: nobody would stop them)."""
    threading.Thread(target=_watch_build, args=(build,), name="finsamdash-watch", daemon=True).start()
    with suppress(Exception):  # reported by the first dashboard that needs the kernel
        _worker_kernel().ensure_ready()


def _watch_build(build: int) -> None:
    while process_alive(build):
        time.sleep(1)
    pid = _kernel.pid if _kernel is not None else None
    if pid:
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    os._exit(1)


def _worker_ready() -> int:
    return os.getpid()



def run_dashboard(task: Task) -> DashboardResult:
    """Execute one notebook with papermill into the pack folder and write its static HTML (runs in a worker, in
    the worker's warm kernel)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from finsamdash.pack import engine
    from finsamdash.pack.export import export_html

    start = time.perf_counter()
    folder = Path(task.folder)
    ipynb = folder / f"{task.dashboard}.ipynb"
    error: CellError | None = None
    kernel = _worker_kernel()
    try:
        engine.register()
        kernel.prepare(str(folder), task.handover)
        papermill.execute_notebook(
            task.notebook, str(ipynb), parameters=task.parameters, cwd=str(folder), kernel_name="python3",
            progress_bar=False, log_output=False, execution_timeout=task.timeout, engine_name=engine.ENGINE,
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



class Workers:
    """The worker processes that run the notebooks, each with its own warm kernel (:class:`WarmKernel`).

    They are started from a background thread (starting the first one waits for the fork server to import
    papermill and nbconvert) so that their kernels start and warm up while the build validates the data.
    """

    def __init__(self, jobs: int, prestart: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        if "forkserver" in methods:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["papermill", "nbconvert", "jupyter_client", "finsamdash.pack.workers",
                                              "finsamdash.pack.engine", "finsamdash.pack.export"])
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

    def submit(self, task: Task) -> Future:
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


def start_workers(jobs: int, prestart: int = 0) -> Workers:
    """``jobs`` workers at most, ``prestart`` of them started (with their kernels) right away."""
    return Workers(jobs, prestart)


def execute(workers: Workers, tasks: Iterable[Task], finished: Callable[[DashboardResult], None]) -> None:
    """Run every task on the workers (each submitted as soon as ``tasks`` yields it: the build audits a pack while
    the workers run the ones before); ``finished`` gets each result as it comes, in task order when several arrive
    together."""
    futures: dict[Future, tuple[int, Task]] = {workers.submit(t): (i, t) for i, t in enumerate(tasks)}
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
