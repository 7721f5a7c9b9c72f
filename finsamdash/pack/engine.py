"""The papermill engine that runs a notebook in a worker's warm kernel (:class:`~finsamdash.pack.workers.WarmKernel`)
instead of starting a kernel per notebook. Imported by the workers only (it imports papermill and nbclient)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_output
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

from finsamdash.wording import build as say

if TYPE_CHECKING:
    from finsamdash.pack.workers import WarmKernel

#: The engine's name with papermill (``engine_name=``).
ENGINE = "finsamdash-warm"


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine with the kernel taken from ``warm_kernel=`` (started, warmed and reset by the
    worker) instead of a new one per notebook. A cell over the time limit or a kernel that died is stored as the
    error of the cell that was running, so that it is reported like any failing cell."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None,
                                 warm_kernel: WarmKernel | None = None, **kwargs):
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
                ename, evalue = "CellTimeoutError", say.cell_timed_out(execution_timeout)
            else:
                ename, evalue = "DeadKernelError", say.KERNEL_DIED
            if cell.cell_type == "code":
                cell.outputs.append(new_output("error", ename=ename, evalue=evalue, traceback=[]))
            nb_man.cell_exception(cell, cell_index=index, exception=exc)
            return nb_man.nb


def register() -> None:
    """Make :class:`WarmEngine` known to papermill as :data:`ENGINE`."""
    papermill_engines.register(ENGINE, WarmEngine)
