"""A jupyter_client kernel provisioner that forks Python kernels from the warm parent of ``finsamdash serve``.

Registered as the entry point ``finsamdash-fork`` (group ``jupyter_client.kernel_provisioners``) and chosen by
``finsamdash serve`` with ``--KernelProvisionerFactory.default_provisioner_name=finsamdash-fork``. It is
jupyter_client's :class:`~jupyter_client.provisioning.LocalProvisioner` (connection file, ports, environment,
signals, shutdown) with one difference: a kernel command ``python -m ipykernel_launcher …`` of this Python is not
started as a new process but forked from :data:`finsamdash.pack.kernels.current` (see
:mod:`finsamdash.pack.kernels`). Any other kernel, or when there is no fork server or it does not answer, is
started the usual way.

A forked kernel binds free ports itself and reports them (:mod:`finsamdash.pack.kernels`, "Ports"); they are
returned as the kernel's connection info and set on the kernel manager, which jupyter_client then checks against the
connection file (``KernelManager._reconcile_connection_info`` rewrites it when it differs), and the ports reserved for
it are given back at once. A forked kernel that ends before it has bound its sockets is forked again
(:data:`FORK_ATTEMPTS` in all), then started the usual way. While the server stops
(:meth:`~finsamdash.pack.kernels.ForkServer.close`) a kernel start is cancelled at once instead of waiting for the
parent.

The forked kernel is not a child of the server, so it is watched through a pidfd (Linux: a handle on that very
process, immune to pid reuse): :class:`ForkedProcess` gives the provisioner the parts of ``subprocess.Popen`` it
uses (``poll``, ``wait``, ``send_signal``, ``kill``, ``terminate``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import sys
import time
from typing import Any

from jupyter_client.connect import KernelConnectionInfo, LocalPortCache
from jupyter_client.provisioning import LocalProvisioner

from finsamdash.errors import ForkServerError, KernelDiedError
from finsamdash.pack import kernels

#: Seconds a kernel start waits for a fork server that is still warming up before starting a kernel the usual way.
READY_WAIT = 600
#: Forks tried for one kernel when a forked kernel ends before it has bound its sockets.
FORK_ATTEMPTS = 3


class ForkedProcess:
    """A kernel forked by the fork server, with the ``subprocess.Popen`` methods the provisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except (OSError, AttributeError):  # gone already (or no pidfd on this system: watched by pid)
            self._fd = None

    def poll(self) -> int | None:
        if self.returncode is not None:
            return self.returncode
        if self._fd is not None:
            watch = select.poll()  # (not select(): a server with many kernels has descriptors above 1023)
            watch.register(self._fd, select.POLLIN)
            if watch.poll(0):  # the process has ended (its exit status belongs to the fork server, its parent)
                self._closed(0)
        else:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self._closed(0)
        return self.returncode

    def _closed(self, code: int) -> None:
        self.returncode = code
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel {self.pid} still running")
            time.sleep(0.05)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, sig: int) -> None:
        if self.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            if self._fd is not None:
                signal.pidfd_send_signal(self._fd, sig)
            else:
                os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def kernel_arguments(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments of ``cmd`` when it starts ``ipykernel_launcher`` with this Python; else None."""
    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return None
    if cmd[0] not in ("python", "python3") and os.path.abspath(cmd[0]) != os.path.abspath(sys.executable):
        return None
    return cmd[3:]


class ForkProvisioner(LocalProvisioner):
    """:class:`LocalProvisioner` whose Python kernels are forked from the warm parent (see the module docstring)."""

    forked = False

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        server = kernels.current
        args = kernel_arguments(cmd)
        if server is not None and args is not None and await server.await_ready(READY_WAIT):
            env = dict(kwargs.get("env") or os.environ)
            cwd = str(kwargs.get("cwd") or os.getcwd())
            for attempt in range(1, FORK_ATTEMPTS + 1):
                try:
                    pid, ports = await server.fork(args, env, cwd)
                except KernelDiedError as exc:
                    self.log.warning("finsamdash: %s (attempt %d of %d)", exc, attempt, FORK_ATTEMPTS)
                    continue
                except ForkServerError as exc:
                    self.log.warning("finsamdash: kernel started without the fork server (%s)", exc)
                    break
                self.process = ForkedProcess(pid)  # type: ignore[assignment]
                self.pid = self.pgid = pid  # the kernel leads a session (and process group) of its own
                self.cwd = cwd
                self.forked = True
                if self.ports_cached:  # reserved by pre_launch; the kernel has bound ports of its own
                    cache = LocalPortCache.instance()
                    for name in kernels.PORT_NAMES:
                        cache.return_port(int(self.connection_info[name]))
                self.connection_info = {**self.connection_info, **ports}
                if self.parent is not None:  # (the kernel may have written them to the file already: then
                    for name, port in ports.items():  # jupyter_client would keep the manager's own choice)
                        setattr(self.parent, name, port)
                return self.connection_info
        if server is not None and server.closing:  # (cancelled: jupyter_client logs no traceback for each start)
            raise asyncio.CancelledError("finsamdash serve is stopping: no new kernel")
        return await super().launch_kernel(cmd, **kwargs)

    async def wait(self) -> int | None:
        if not self.forked:
            return await super().wait()
        ret = 0
        if self.process:
            while await self.poll() is None:
                await asyncio.sleep(0.05)
            ret = self.process.returncode or 0
            self.process = None
        return ret
