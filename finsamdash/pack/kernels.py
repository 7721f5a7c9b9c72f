"""Kernels for the live dashboards forked from one warm parent (a "fork server").

Starting a Jupyter kernel the usual way costs seconds: a new Python process imports pandas, plotly, ipywidgets and
finsamdash, loads and validates the data and computes the page. With a whole board opening a dashboard at once,
every viewer paid that on two cores. Here one parent process, started by ``finsamdash serve`` before any viewer
arrives, does all of it once:

1. it imports what a dashboard kernel needs (ipykernel, pandas, plotly, ipywidgets, ``finsamdash.dashboards``);
2. it executes the latest meeting's dashboard notebooks of the served folder in-process (no kernel, output
   discarded) with :func:`finsamdash.dashboards.state.warming` on, so the data is loaded once and every page's
   state and every single drop-down choice is computed once and kept (:mod:`finsamdash.dashboards.state`);
3. it freezes the garbage collector (``gc.freeze``) so that the pages it shares with its children stay shared, and
   waits on a Unix socket in a private folder (mode 0700).

For each kernel Voilà starts, the provisioner (:mod:`finsamdash.pack.provisioner`) asks it to fork: the child
becomes an ordinary ipykernel (``IPKernelApp``) with Voilà's connection file, environment and working folder, in a
session of its own; the copy-on-write pages of the parent are shared. A kernel costs milliseconds instead of
seconds, and executing a dashboard in it finds the page state already computed.

Ports: a forked kernel binds free ports itself (ipykernel's port 0: it binds a random port and tries another when
that one is taken) and reports them back; the manager's choice in the connection file is ignored. The manager's
choice was bound only later by the kernel, and with many kernels forked at once another socket (often the server's
own connection to an earlier kernel) took the port in between: ``ZMQError: Address already in use``, a dead kernel
in the pool (jupyter_client's port race, jupyter/jupyter_client#487). The kernel reports on the fork request's own
connection, which the child inherits: the server learns the real ports, or that the kernel died at start (the
connection closes without a report).

Safety: the parent runs a single thread (forking a threaded process can deadlock), never creates a ZMQ context or
an event loop, and ends with the server (``PR_SET_PDEATHSIG`` and a check of its parent); each child ends with
the parent (``PR_SET_PDEATHSIG`` and ipykernel's own parent poller), so no kernel outlives the server. Only
aggregates and display data live in the parent, as in any kernel; nothing is written to disk.

Protocol (one JSON object per line, one request per connection):
``{"op": "fork", "args": [...], "env": {...}, "cwd": "..."}`` → ``{"pid": N}`` from the parent and, once the kernel
has bound its sockets, ``{"kernel": N, "ports": {"shell_port": …, …}}`` from the kernel, in either order (the
connection then closes; it closes without the second line when the kernel died at start);
``{"op": "warm"}`` → ``{"warmed": [...], "seconds": s}`` (executes the latest notebooks again, e.g. after a build);
``{"op": "ping"}`` → ``{"ready": true, ...}``; ``{"op": "stop"}`` ends the parent and its kernels.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gc
import io
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from finsamdash.errors import ForkServerError, KernelDiedError
from finsamdash.wording import build as say

LATEST = "latest"
#: Modules a dashboard kernel imports; imported once in the parent.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipywidgets", "comm",
           "plotly.graph_objects", "plotly.io", "pandas", "numpy", "finsamdash.dashboards", "nbformat", "anywidget",
           "finsamdash.dashboards.live_section")
_PR_SET_PDEATHSIG = 1
_PR_SET_NAME = 15
#: The process name of a forked kernel (the command line stays the fork server's).
KERNEL_NAME = "fsd-kernel"
_MAX_REQUEST = 1 << 20  # bytes: an environment and a command line
#: The ports of a Jupyter kernel's connection.
PORT_NAMES = ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port")
#: Seconds a forked kernel may take to bind its sockets and report them before it counts as failed.
START_TIMEOUT = 120


def _name_process(name: str) -> None:
    """Linux: the process's short name (``/proc/PID/comm``, shown by ``ps -o comm`` and ``top``)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_NAME, name.encode()[:15], 0, 0, 0)


def is_kernel(pid: int) -> bool:
    """True for a Jupyter kernel process: started as ``ipykernel_launcher`` or forked by a fork server."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        comm = Path(f"/proc/{pid}/comm").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return False
    return b"ipykernel_launcher" in cmdline or comm == KERNEL_NAME


def _die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Linux: the kernel sends ``sig`` to this process when its parent ends."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)


def latest_notebooks(root: Path) -> list[Path]:
    """The dashboard notebooks of every association's latest meeting under ``root`` (as Voilà serves them)."""
    return sorted(Path(root).glob(f"*/{LATEST}/*.ipynb"))


class _Discard(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


def warm_notebook(path: Path) -> float:
    """Execute the code cells of the executed pack notebook ``path`` in this process (working folder: the
    notebook's), discarding what they display, with every drop-down choice computed and kept; returns seconds.

    Raises whatever a cell raises (the caller logs it: a viewer's kernel then computes that page itself).
    """
    import nbformat

    from finsamdash.dashboards import state

    started = time.perf_counter()
    nb = nbformat.read(str(path), as_version=4)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    here = os.getcwd()
    try:
        os.chdir(path.parent)
        with state.warming(), contextlib.redirect_stdout(_Discard()):
            for cell in nb.cells:
                if cell.cell_type == "code" and cell.source.strip():
                    exec(compile(cell.source, f"{path.name}", "exec"), namespace)
    finally:
        os.chdir(here)
    return time.perf_counter() - started


def warm(root: Path, log=None) -> dict[str, Any]:
    """Warm this process for the latest notebooks under ``root``: returns what was warmed and how long it took."""
    from finsamdash.dashboards import state

    notebooks = latest_notebooks(root)
    state.OWNERS = max(state.OWNERS, len(notebooks) + 5)
    state.clear()  # a previous meeting's pages are not needed any more
    gc.unfreeze()
    started = time.perf_counter()
    warmed, failed = [], []
    for notebook in notebooks:
        name = str(notebook.relative_to(root))
        try:
            seconds = warm_notebook(notebook)
        except Exception as exc:  # the viewer's kernel computes this page itself (and shows its error as usual)
            failed.append(name)
            if log:
                log(say.not_warmed(name, type(exc).__name__))
        else:
            warmed.append({"notebook": name, "seconds": round(seconds, 3)})
    gc.collect()
    gc.freeze()  # what the children inherit stays shared: the collector no longer writes to these objects
    return {"warmed": warmed, "failed": failed, "seconds": round(time.perf_counter() - started, 3),
            "kept": state.size()}


def _kernel_app_class():
    """(In a forked child) ``IPKernelApp`` binding free ports of its own and telling when they are bound."""
    import ipykernel.kernelapp
    from ipykernel.heartbeat import Heartbeat
    from ipykernel.kernelapp import IPKernelApp

    class BoundHeartbeat(Heartbeat):
        """The heartbeat binds in its own thread and picks another port when its first choice is taken:
        :attr:`bound` is set once it has bound (:attr:`port` is then the real one) or given up."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.bound, self.failed = threading.Event(), False

        def _bind_socket(self):
            try:
                return super()._bind_socket()
            except BaseException:
                self.failed = True
                raise
            finally:
                self.bound.set()

    class ForkedKernelApp(IPKernelApp):
        def load_connection_file(self, *args, **kwargs) -> None:
            super().load_connection_file(*args, **kwargs)
            for name in PORT_NAMES:  # the manager's choice may be taken by now: bind free ports, report them
                setattr(self, name, 0)

        def bound_ports(self, timeout: float = START_TIMEOUT) -> dict[str, int]:
            if not self.heartbeat.bound.wait(timeout) or self.heartbeat.failed:
                raise RuntimeError("the heartbeat socket could not be bound")
            return {**{name: int(getattr(self, name)) for name in PORT_NAMES}, "hb_port": int(self.heartbeat.port)}

    ipykernel.kernelapp.Heartbeat = BoundHeartbeat  # (this process is the kernel and nothing else)
    return ForkedKernelApp


def _child(args: list[str], env: dict[str, str], cwd: str, parent: int, report: socket.socket) -> None:
    """In the forked child: become an ipykernel with ``args``, report its ports on ``report`` (never returns)."""
    code = 1
    try:
        os.setsid()  # signals for the kernel's process group (interrupts) do not reach the parent
        _die_with_parent(signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)
        for sig in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.environ.clear()
        os.environ.update(env)
        os.environ["JPY_PARENT_PID"] = str(parent)  # ipykernel's poller ends the kernel when the parent ends
        os.chdir(cwd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        _name_process(KERNEL_NAME)
        # parent_handle's default was read from the environment when ipykernel was imported in the parent
        # (and no history file: viewers cannot run code, and many kernels would share one SQLite file)
        args = [*args, f"--IPKernelApp.parent_handle={parent}", "--HistoryManager.hist_file=:memory:"]
        sys.argv = ["ipykernel_launcher", *args]
        app = _kernel_app_class().instance()
        app.initialize(args)
        report.settimeout(30)
        report.sendall(json.dumps({"kernel": os.getpid(), "ports": app.bound_ports()}).encode() + b"\n")
        report.close()
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _exit_on_signal(sig: int, _frame) -> None:
    raise SystemExit(0)


class _Parent:
    """The fork server's loop (single-threaded)."""

    def __init__(self, path: Path, root: Path, server: int) -> None:
        self.path, self.root, self.server = path, root, server
        self.children: set[int] = set()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.running = True
        self.info: dict[str, Any] = {}

    def log(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def reap(self) -> None:
        for pid in list(self.children):
            with contextlib.suppress(ChildProcessError):
                done, _status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self.children.discard(pid)
                continue
            self.children.discard(pid)

    def fork(self, request: dict[str, Any], conn: socket.socket) -> dict[str, Any]:
        args = [str(a) for a in request["args"]]
        env = {str(k): str(v) for k, v in dict(request["env"]).items()}
        cwd = str(request.get("cwd") or self.root)
        if threading.active_count() != 1:  # never fork a threaded process
            return {"error": "the fork server has started a thread"}
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            self.listener.close()
            _child(args, env, cwd, os.getppid(), conn)  # the kernel reports its ports on the request's connection
        self.children.add(pid)
        return {"pid": pid}

    def handle(self, conn: socket.socket) -> None:
        data = b""
        while not data.endswith(b"\n") and len(data) < _MAX_REQUEST:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
        try:
            request = json.loads(data)
            op = request.get("op")
            if op == "fork":
                answer = self.fork(request, conn)
            elif op == "warm":
                answer = self.info = warm(self.root, self.log)
            elif op == "ping":
                answer = {"ready": True, "pid": os.getpid(), "kernels": len(self.children), **self.info}
            elif op == "stop":
                self.running, answer = False, {"stopping": True}
            else:
                answer = {"error": f"unknown op {op!r}"}
        except Exception as exc:
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        with contextlib.suppress(OSError):
            conn.sendall(json.dumps(answer).encode() + b"\n")

    def stop_children(self) -> None:
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while self.children and time.monotonic() < deadline:
            self.reap()
            time.sleep(0.05)
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.reap()

    def run(self) -> None:
        _die_with_parent(signal.SIGTERM)
        if os.getppid() != self.server:
            return
        # SIGTERM ends the parent at once, also while it imports or computes pages (minutes on a busy machine: a
        # stopped server waited for it); the finally below ends its kernels
        signal.signal(signal.SIGTERM, _exit_on_signal)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in the terminal is for the server
        try:
            for name in PRELOAD:
                __import__(name)
            _name_process("fsd-forkserver")
            self.info = warm(self.root, self.log)
            self.listener.bind(str(self.path))
            os.chmod(self.path, 0o600)
            self.listener.listen(64)
            selector = selectors.DefaultSelector()
            selector.register(self.listener, selectors.EVENT_READ)
            print(json.dumps({"ready": True, **self.info}), flush=True)  # the server waits for this line
            os.dup2(2, 1)  # from now on (and in the kernels) output goes to the server's log, not to that pipe
            while self.running and os.getppid() == self.server:
                for _key, _events in selector.select(timeout=0.5):
                    conn, _ = self.listener.accept()
                    with conn:
                        conn.settimeout(30)
                        with contextlib.suppress(OSError):
                            self.handle(conn)
                self.reap()
        except SystemExit:
            pass
        finally:
            self.listener.close()
            self.stop_children()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m finsamdash.pack.kernels", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--socket", type=Path, required=True)
    parser.add_argument("--server", type=int, required=True, help="the server's pid (the parent ends with it)")
    args = parser.parse_args(argv)
    _Parent(args.socket, args.root.resolve(), args.server).run()
    return 0


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry}/stat").read_text(encoding="ascii", errors="replace")
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [pid], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_use(pid: int, *, children: bool = True) -> int:
    """Bytes of memory used by ``pid`` and (``children``) its descendants, shared pages counted once (the sum of
    their PSS; RSS would count the pages the forked kernels share with their parent once per kernel)."""
    total = 0
    for process in descendants(pid) if children else [pid]:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{process}/smaps_rollup").read_text(encoding="ascii").splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
    return total


# --- the server's side -----------------------------------------------------------------------------------------------


class ForkServer:
    """The warm parent as seen from ``finsamdash serve``: started with :meth:`start`, asked for kernels with
    :meth:`fork` (from the provisioner), stopped with :meth:`stop` (its kernels end with it)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.folder = Path(tempfile.mkdtemp(prefix="finsamdash-kernels-"))  # mode 0700
        self.path = self.folder / "fork.sock"
        self.proc: subprocess.Popen | None = None
        self.info: dict[str, Any] = {}
        self._ready = threading.Event()
        self._failed: str | None = None
        self.closing = False  # set when the server stops: kernel starts no longer wait for the parent
        self._watcher: threading.Thread | None = None

    def start(self) -> None:
        """Start the parent (returns at once; it imports and warms in the background: :meth:`wait_ready`)."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "finsamdash.pack.kernels", str(self.root), "--socket", str(self.path),
             "--server", str(os.getpid())], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
            start_new_session=True)
        self._watcher = threading.Thread(target=self._watch, name="finsamdash-fork-server", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        with self.proc.stdout:
            for line in self.proc.stdout:
                with contextlib.suppress(ValueError):
                    message = json.loads(line)
                    if message.get("ready"):
                        self.info = message
                        self._ready.set()
        self._failed = f"the fork server ended (exit status {self.proc.wait()})"
        self._ready.set()

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def ready(self) -> bool:
        return self._ready.is_set() and self._failed is None and not self.closing

    def wait_ready(self, timeout: float | None = None) -> bool:
        self._ready.wait(timeout)
        return self.ready()

    async def await_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self._ready.is_set() and not self.closing and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        return self.ready()

    def close(self) -> None:
        """The server is stopping: kernel starts waiting for the parent give up at once (see :meth:`stop`)."""
        self.closing = True

    async def request(self, message: dict[str, Any], timeout: float = 60, *,
                      replies: int = 1) -> list[dict[str, Any]]:
        """Send ``message``; returns the first ``replies`` answers (fewer when the connection closes before)."""
        if not self.ready():
            raise ForkServerError(self._failed or ("the server is stopping" if self.closing
                                                   else "the fork server is not ready"))
        answers: list[dict[str, Any]] = []
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(str(self.path)), timeout)
            try:
                writer.write(json.dumps(message).encode() + b"\n")
                await writer.drain()
                while len(answers) < replies:
                    try:
                        line = await asyncio.wait_for(reader.readline(), timeout)
                    except TimeoutError:
                        if not answers:
                            raise
                        break  # (the caller sees what is missing)
                    if not line:
                        break
                    answers.append(json.loads(line))
                    if "error" in answers[-1]:
                        raise ForkServerError(answers[-1]["error"])
            finally:
                writer.close()
        except (TimeoutError, OSError, ValueError) as exc:
            raise ForkServerError(f"the fork server did not answer: {exc}") from exc
        if not answers:
            raise ForkServerError("no answer")
        return answers

    async def fork(self, args: Iterable[str], env: dict[str, str], cwd: str,
                   timeout: float = START_TIMEOUT) -> tuple[int, dict[str, int]]:
        """Fork a kernel: its pid and the ports it has bound. Raises :class:`KernelDiedError` when it ended (or
        did not report) before its sockets were bound, after killing what is left of it."""
        answers = await self.request({"op": "fork", "args": list(args), "env": env, "cwd": cwd}, timeout,
                                     replies=2)
        pid = next((int(a["pid"]) for a in answers if "pid" in a), None)
        ports = next((a["ports"] for a in answers if "ports" in a), None)
        if pid is None:
            raise ForkServerError(f"no pid in the answer {answers}")
        if ports is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            raise KernelDiedError(f"the forked kernel {pid} ended before it had bound its sockets (see the log)")
        return pid, {name: int(ports[name]) for name in PORT_NAMES}

    async def rewarm(self) -> dict[str, Any]:
        """Execute the latest notebooks again in the parent (after ``latest`` moved to a new meeting)."""
        (self.info,) = await self.request({"op": "warm"}, timeout=1800)
        return self.info

    def stop(self) -> None:
        """End the parent and its kernels (it stops at once, also while it is still warming)."""
        self.closing = True
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)


#: The fork server of this process (set by ``finsamdash serve``; the provisioner uses it when present).
current: ForkServer | None = None


if __name__ == "__main__":
    sys.exit(main())
