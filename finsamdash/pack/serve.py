"""``finsamdash serve``: Voilà over the built meeting packs.

Voilà's settings (template, tracebacks, sources, preheated kernels, culling of idle kernels, which files may be
downloaded) live in the checked-in config file :data:`CONFIG_DIR`/``voila.json``; this module only adds what is
per run (folder, address, port, token) and a few small things Voilà has no setting for:

* ``/`` redirects to the pack's static index (``DIR/index.html``, served through ``/voila/files/``);
* ``/voila/files/`` asks for the token like the dashboards (Voilà's own handler serves files to anyone);
* a link to a notebook under ``/voila/files/`` (the meeting front pages link ``<dashboard>.ipynb``, "Öppna
  interaktivt") redirects to the live dashboard ``/voila/render/…`` instead of being refused, so the front page works
  as the live menu; a meeting that ``latest`` points to is redirected to ``latest``, whose kernels are preheated;
* a link from a live dashboard to a page beside it (``index.html``, ``<dashboard>.html``: the pages' navigation,
  :mod:`finsamdash.pack.page_ui`) redirects to that file under ``/voila/files/``;
* a request path with a ``..`` segment (also percent-encoded) is answered 404 before any other handler sees it;
* the preheated pool of the latest meetings' dashboards is topped up every few seconds (Voilà only refills it after
  a view, so kernels culled while idle would otherwise leave the next first view cold), and when ``latest`` moves to
  a newly built meeting the pooled kernels that ran the previous one are shut down and replaced (Voilà has no
  staleness check: the next view would show the old meeting).

The ``finsam`` Voilà template (``CONFIG_DIR/jupyter/voila/templates/finsam``) is Voilà's ``lab`` template without
the fontawesome stylesheets from a CDN (console errors offline; the dashboards use no icons) and with a fix for
jupyterlab_widgets' ``get_model`` giving up after 2 s on a busy page (drop-downs then never appeared).

A viewer's page talks to its kernel over a websocket. Voilà 0.5.13 creates its kernel manager with
``allowed_message_types`` = comm messages, kernel info and shutdown (its own setting, it overrides any config), so
jupyter_server drops ``execute_request`` and every other request: no code can be sent from the page
(tests/test_serve.py checks it against a running server).

Binding to anything but loopback requires a token.

Meeting scale (issue #14): the viewers' kernels are forked from one warm parent process that has imported
everything and computed every latest page once (:mod:`finsamdash.pack.kernels`, through the kernel provisioner
:mod:`finsamdash.pack.provisioner`), and ``audience`` (``--audience N``) sets how many preheated kernels each latest
dashboard keeps ready (default :data:`DEFAULT_AUDIENCE`), so that a whole board opening the same dashboard at once
is answered from the pool. When memory holds fewer (4 GB: about 43 of the 60 of ``--audience 12``), the
overview's pool — the dashboard a board opens first — is filled to the audience first and gives way last
(:func:`_first`); the other dashboards share the rest. A preheated kernel that failed to start or has ended since
is dropped from its pool and replaced (by the periodic top-up, and at once when a viewer asks for that dashboard);
when every pool is full of live kernels the server prints that it is ready for the meeting, with the number of
live kernels.

Memory and the viewers' redraws (:mod:`finsamdash.pack.pool`): a viewer of a latest dashboard always takes a
kernel from its pool (an empty pool gets one started there, never Voilà's uncounted cold start), and at that moment
the memory ledger adds the viewer's expected growth and, over the limit, spare preheated kernels give way at once.
The top-up runs every :data:`REFILL_INTERVAL` seconds but measures memory (in a thread at nice
:data:`MEASURE_NICE`) only when something changed and the viewers are quiet, and refills only when no viewer has
arrived or used a widget for :data:`finsamdash.pack.pool.QUIET` seconds, :data:`REFILL_BATCH` kernels at a time
while viewers are connected: preheating kernels and reading every kernel's smaps take CPU that a viewer waiting for
a redrawn chart needs. An idle server measures nothing.

When nobody is connected and every kernel has run its page, the server's objects are frozen out of the garbage
collector (:func:`_refreeze`): collections over Voilà's renderers of every preheated page stalled the event loop
0.3–0.5 s while viewers arrived.

Debugging (:data:`TRACE_ENV`, the meeting bench): :class:`Trace` records where each page request and each
drop-down change spends its time (:func:`trace_summary`, :func:`trace_during`); unset, nothing is recorded.

Stopping (Ctrl+C or SIGTERM, at any moment, also while the warm parent still computes the pages): kernel starts
that wait for the parent give up at once, the starts under way end, every started kernel is shut down, and the
parent ends its forked kernels (:meth:`FinsamVoila.stop`). No kernel process is left behind.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import re
import shutil
import sys
import threading
from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from contextvars import ContextVar
from pathlib import Path

from jupyter_core.utils import ensure_async

from finsamdash.errors import UsageError
from finsamdash.pack.workers import KERNEL_THREADS
from finsamdash.wording import serve as w
from finsamdash.wording.serve import ready_message

#: The folder of the checked-in Voilà configuration (``voila.json``) and the ``finsam`` template.
CONFIG_DIR = Path(__file__).resolve().parent / "voila"
CONFIG_FILE = CONFIG_DIR / "voila.json"
TEMPLATES_ROOT = CONFIG_DIR / "jupyter"
#: How often (seconds) the preheated pools of the latest dashboards are checked and topped up (cheap: memory is
#: measured only when something changed and the viewers are quiet, :meth:`finsamdash.pack.pool.Ledger.measure_due`).
REFILL_INTERVAL = 5
#: Preheated kernels started per top-up while viewers are connected: each runs its page, and Voilà renders its
#: outputs on the server's event loop (traced: 0.2–0.5 s stalls per top-up under load), which a viewer's redraw
#: then waits for; with nobody connected the pools are filled at once.
REFILL_BATCH = 2
#: The nice value of the thread that measures memory (reads every kernel's smaps_rollup).
MEASURE_NICE = 10
#: Preheated kernels per latest dashboard without ``--audience`` (one viewer at a time, as before).
DEFAULT_AUDIENCE = 1
#: The largest ``--audience``: every kernel costs memory (see docs/infor-styrelsemotet.md).
MAX_AUDIENCE = 60
#: Seconds a stopping server waits for the kernel starts under way before it shuts the kernels down.
STOP_WAIT = 30
#: The kernel provisioner that forks kernels from the warm parent (entry point of finsamdash.pack.provisioner).
FORK_PROVISIONER = "finsamdash-fork"
LATEST = "latest"
#: Settings only ``serve`` itself sets (the refusal of non-loopback binds without a token relies on them).
PROTECTED = {f"--{name}".lower() for name in (
    "Voila.ip", "Voila.port", "Voila.token", "Voila.config_file_paths", "ServerApp.ip", "ServerApp.port",
    "ServerApp.token", "IdentityProvider.token", "Voila.root_dir", "ServerApp.root_dir")}
EXIT_USAGE = 2
#: Debugging and the meeting bench only: a file to which ``serve`` appends one JSON line per step of every live page
#: request and per event of the pools (:class:`Trace`); unset in a real meeting (nothing is recorded).
TRACE_ENV = "FINSAMDASH_SERVE_TRACE"


#: The traced page request being handled (:class:`Trace`; 0 outside one).
REQUEST: ContextVar[int] = ContextVar("finsamdash_request", default=0)


def is_loopback(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ::1."""
    name = host.strip().strip("[]").lower()
    if name in ("localhost", "localhost.", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse (UsageError) to bind a non-loopback address without a token."""
    if not is_loopback(host) and not (token or "").strip():
        raise UsageError(
            f"Vägrar att visa mötesunderlagen på {host} utan lösenord: andra datorer skulle kunna se dem. "
            "Ange --token med ett långt slumpat värde (t.ex. från `python -c \"import secrets; "
            "print(secrets.token_urlsafe(24))\"`) eller använd --host 127.0.0.1."
        )


def url_for(host: str, port: int, token: str | None = None) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"http://{shown}:{port}/"
    return f"{url}?token={token}" if token else url


#: A request path with a ``..`` segment, also percent-encoded (tornado routes on the still encoded path); Voilà's
#: handlers refuse most of them themselves, its template handler answered 500.
DOT_SEGMENT = r"(?i).*(?:/|%2f)(?:\.|%2e){2}(?:/|%2f|$).*"
#: ``--Class.trait=value``: a Voilà/Jupyter setting given on the command line of ``python -m finsamdash.pack.serve``.
OVERRIDE = re.compile(r"--[A-Za-z_]\w*\.[A-Za-z_]\w*=.*")


def check_audience(audience: int | None) -> int:
    """The pool size per latest dashboard for ``audience`` viewers (UsageError outside 1…MAX_AUDIENCE)."""
    if audience is None:
        return DEFAULT_AUDIENCE
    if not 1 <= int(audience) <= MAX_AUDIENCE:
        raise UsageError(f"--audience ska vara mellan 1 och {MAX_AUDIENCE} (antalet som öppnar panelerna samtidigt), "
                         f"inte {audience}.")
    return int(audience)


def fork_provisioner_available() -> bool:
    """True when the fork provisioner's entry point is installed (an editable install made before it was added
    lacks it until reinstalled)."""
    from importlib.metadata import entry_points

    return any(e.name == FORK_PROVISIONER for e in entry_points(group="jupyter_client.kernel_provisioners"))


def voila_argv(directory: Path, *, host: str, port: int, token: str | None,
               overrides: Sequence[str] = (), fork: bool = False) -> list[str]:
    """Voilà's command line for one run (everything else comes from the config file).

    ``overrides`` are extra ``--Class.trait=value`` settings (tests use them for short cull timeouts); they cannot
    change the address, port, token or config path, which are set here. ``fork`` chooses the provisioner that
    forks kernels from the warm parent.
    """
    for item in overrides:
        if not OVERRIDE.fullmatch(item):
            raise UsageError(f"Okänd inställning {item!r}: ange den som --Klass.egenskap=värde.")
        if item.split("=", 1)[0].lower() in PROTECTED:
            raise UsageError(f"{item.split('=', 1)[0]} kan inte ändras så; använd --host, --port och --token.")
    argv = [str(directory), "--Voila.config_file_paths", str(CONFIG_DIR)]
    if fork:
        argv.append(f"--KernelProvisionerFactory.default_provisioner_name={FORK_PROVISIONER}")
    argv += [*overrides, f"--Voila.ip={host}", f"--Voila.port={port}"]
    if token:
        argv.append(f"--Voila.token={token}")
    return argv


def latest_path(root: Path, path: str) -> str:
    """``path`` (``<förbund>/<möte>/<panel>.ipynb`` below ``root``) with the meeting replaced by ``latest`` when
    ``latest`` points to that meeting; otherwise ``path`` unchanged."""
    parts = path.split("/")
    if len(parts) == 3 and parts[1] != LATEST:
        latest = root / parts[0] / LATEST
        with suppress(OSError):
            if latest.is_symlink() and os.path.realpath(latest) == os.path.realpath(root / parts[0] / parts[1]):
                return "/".join([parts[0], LATEST, parts[2]])
    return path


def _latest_notebooks(root: Path) -> list[str]:
    """Notebook names (as Voilà's pools key them) of every association's latest meeting."""
    return sorted(str(p.relative_to(root)) for p in root.glob(f"*/{LATEST}/*.ipynb"))


async def _drop_pooled(manager, prefix: str) -> None:
    """Shut down the ready preheated kernels of the notebooks under ``prefix`` (they ran the previous meeting)."""
    for name, pool in list(getattr(manager, "_pools", {}).items()):
        if not name.startswith(prefix):
            continue
        for future in list(pool):
            if future.done() and not future.cancelled() and future.exception() is None:
                await manager.shutdown_kernel(future.result()["kernel_id"])


def _pool_size(manager, name: str) -> int:
    """The configured number of preheated kernels for notebook ``name``."""
    return manager.kernel_pools_config.get(name, manager.kernel_pools_config["default"])["pool_size"]


def _ready(manager, name: str) -> int:
    """Ready preheated kernels of notebook ``name``."""
    return sum(f.done() and not f.cancelled() and f.exception() is None for f in manager._pools.get(name, []))


def _starting(manager) -> int:
    """Preheated kernels still starting or still running their page: their memory is not all there yet."""
    count = 0
    for future in (f for pool in manager._pools.values() for f in pool):
        if not future.done():
            count += 1
        elif not future.cancelled() and future.exception() is None:
            task = future.result().get("task")
            count += task is not None and not task.done()
    return count


async def _usable(manager, future) -> bool:
    """False for a preheated kernel (a finished pool entry) that failed to start, has ended since, or whose
    execution of the page failed."""
    if future.cancelled() or future.exception() is not None:
        return False
    content = future.result()
    task = content.get("task")
    if task is not None and task.done() and (task.cancelled() or task.exception() is not None):
        return False
    kernel_id = content["kernel_id"]
    return kernel_id in manager and bool(await ensure_async(manager.get_kernel(kernel_id).is_alive()))


async def _prune(manager, names: Sequence[str]) -> int:
    """Drop from the pools of ``names`` the preheated kernels that are not usable (shut down what is left of them)
    so that they are replaced instead of handed to a viewer or counted as ready; returns how many were dropped."""
    dropped = 0
    for name in names:
        pool = manager._pools.get(name, [])
        for future in [f for f in pool if f.done()]:
            if await _usable(manager, future):
                continue
            with suppress(ValueError):
                pool.remove(future)
            dropped += 1
            manager.log.warning("finsamdash: a preheated kernel of %s failed to start or has ended; it is replaced",
                                name)
            if not future.cancelled() and future.exception() is None and future.result()["kernel_id"] in manager:
                with suppress(Exception):
                    await manager.shutdown_kernel(future.result()["kernel_id"], now=True)
    return dropped


async def _shed(manager, names: Sequence[str], count: int, first: Collection[str] = ()) -> int:
    """Shut down up to ``count`` ready preheated kernels of ``names``, one at a time from the fullest pool, keeping
    one per dashboard, the pools in ``first`` (:func:`_first`) only once every other is down to one (memory over the
    limit: :func:`finsamdash.pack.pool.excess`); returns how many."""
    shed = 0
    while shed < count:
        ready = {name: [f for f in manager._pools.get(name, []) if f.done() and not f.cancelled()
                        and f.exception() is None] for name in names}
        fullest = max(names, key=lambda name: (len(ready[name]) > 1 and name not in first, len(ready[name]), name),
                      default=None)
        if fullest is None or len(ready[fullest]) <= 1:
            break
        future = ready[fullest][-1]
        with suppress(ValueError):
            manager._pools[fullest].remove(future)
        with suppress(Exception):
            await manager.shutdown_kernel(future.result()["kernel_id"], now=True)
        shed += 1
    if shed:
        manager.log.info("finsamdash: %d preheated kernel(s) shut down: memory limit reached", shed)
    return shed


def _last_activity(manager, kernel_ids, now: float) -> float:
    """When (on the monotonic clock of ``now``) a message last went to or came from one of ``kernel_ids``
    (jupyter_server records each kernel's ``last_activity`` in UTC); ``-inf`` when never."""
    from datetime import UTC, datetime

    utc = datetime.now(UTC)
    last = float("-inf")
    for kernel_id in kernel_ids:
        when = getattr(manager.get_kernel(kernel_id), "last_activity", None) if kernel_id in manager else None
        if when is not None:
            last = max(last, now - (utc - when).total_seconds())
    return last


class Trace:
    """Timestamps (``time.monotonic``, the same clock as the bench's) of what the server does, one JSON line each:
    a live page request's arrival, its pool (``pruned``: ready kernels; ``started`` 1 when none was left and one was
    started for it), kernel taken, first byte written, page rendered and finish (``rid`` ties them), the
    top-up's and memory measurement's start and end, spare kernels shut down, the event loop running late
    (``lag``: a 20 ms sleep that took longer than :data:`LAG`) and the server's garbage collections over
    :data:`GC_SLOW`. Only with :data:`TRACE_ENV` set."""

    LAG = 0.05
    GC_SLOW = 0.02

    def __init__(self, path: str) -> None:
        import itertools

        self.file = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (open while the server runs)
        self.ids = itertools.count(1)
        self._gc_started = 0.0

    def event(self, kind: str, **fields) -> None:
        import json
        import time

        self.file.write(json.dumps({"t": round(time.monotonic(), 4), "ev": kind, **fields}) + "\n")

    def start(self) -> None:
        """Watch the event loop's lag and the garbage collector (call on the running loop)."""
        import gc
        import time

        def collected(phase: str, info: dict) -> None:
            if phase == "start":
                self._gc_started = time.monotonic()
            elif (spent := time.monotonic() - self._gc_started) > self.GC_SLOW:
                self.event("gc", gen=info.get("generation"), s=round(spent, 4), collected=info.get("collected"))

        gc.callbacks.append(collected)
        self._collected = collected

        async def watch() -> None:
            while True:
                before = time.monotonic()
                await asyncio.sleep(0.02)
                if (late := time.monotonic() - before - 0.02) > self.LAG:
                    self.event("lag", s=round(late, 4))

        self.watcher = asyncio.ensure_future(watch())

    def watch_websockets(self) -> None:
        """Also record each message between a viewer's websocket and its kernel (``ws_in``: from the page,
        ``ws_out``: from the kernel, with the kernel's id), to split a drop-down change into the page, the kernel
        and the drawing (:func:`trace_during`)."""
        from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection as Connection

        incoming, outgoing, trace = Connection.handle_incoming_message, Connection.handle_outgoing_message, self

        def handle_incoming_message(connection, message) -> None:
            trace.event("ws_in", kernel=connection.kernel_id)
            incoming(connection, message)

        def handle_outgoing_message(connection, stream, message) -> None:
            outgoing(connection, stream, message)
            trace.event("ws_out", kernel=connection.kernel_id)

        Connection.handle_incoming_message = handle_incoming_message
        Connection.handle_outgoing_message = handle_outgoing_message

    def close(self) -> None:
        import gc

        if getattr(self, "watcher", None) is not None:
            self.watcher.cancel()
        with suppress(ValueError, AttributeError):
            gc.callbacks.remove(self._collected)
        self.file.close()


def trace_summary(path: Path | str, start: float, end: float) -> str:
    """One line (English, for docs/benchmarks.md) on what the :class:`Trace` in ``path`` shows between the
    monotonic times ``start`` and ``end``: page requests served from a ready pool against those that found it
    empty (a kernel started for the viewer), the slowest step of each kind, and what else held the event loop."""
    import json

    events = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    inside = [e for e in events if start - 0.5 <= e["t"] <= end + 0.5]
    requests: dict[int, dict] = {e["rid"]: {} for e in inside if e["ev"] == "arrive"}
    for e in events:
        if e.get("rid") in requests:
            requests[e["rid"]][e["ev"]] = e
    done = [r for r in requests.values() if {"arrive", "pruned", "taken", "rendered"} <= r.keys()]

    def longest(rows: list[dict], step: str) -> float:
        return max((r[step]["t"] - r["arrive"]["t"] for r in rows), default=0.0)

    pooled = [r for r in done if not r["pruned"].get("started")]
    cold = [r for r in done if r["pruned"].get("started")]
    parts = [f"{len(pooled)} of {len(done)} page requests took a ready kernel (page rendered within "
             f"{longest(pooled, 'rendered'):.2f} s)"]
    if cold:
        parts.append(f"{len(cold)} found the pool empty and waited for a kernel started for them (kernel after "
                     f"{longest(cold, 'taken'):.2f} s, page rendered after {longest(cold, 'rendered'):.2f} s)")
    stalls = [e["s"] for e in inside if e["ev"] == "lag"]
    collections = [e["s"] for e in inside if e["ev"] == "gc"]
    parts.append(f"event loop stalled {len(stalls)}× over {Trace.LAG * 1000:.0f} ms"
                 + (f" (longest {max(stalls):.2f} s)" if stalls else ""))
    parts.append(f"{len(collections)} garbage collections over {Trace.GC_SLOW * 1000:.0f} ms"
                 + (f" (longest {max(collections):.2f} s)" if collections else ""))
    counts = {kind: sum(e.get("count", 1) for e in inside if e["ev"] == kind)
              for kind in ("refill", "measure", "shed_done", "freeze")}
    parts.append(f"{counts['refill']} kernels started by top-ups, {counts['measure']} memory measurements, "
                 f"{counts['shed_done']} spare kernels shut down, {counts['freeze']} collector freezes")
    return "; ".join(parts)


def trace_during(path: Path | str, start: float, end: float) -> str:
    """What the :class:`Trace` in ``path`` shows the server doing besides relaying messages between the monotonic
    times ``start`` and ``end`` (e.g. one drop-down change): stalls of the event loop and slow garbage collections
    that overlap it (recorded when they end), and top-ups, memory measurements, spare kernels shut down and page
    requests from a second before it on (their work follows them); "nothing" when none."""
    import json

    shown = {"lag": "stall", "gc": "gc", "refill": "top-up", "measure": "memory measured", "shed": "spares shut down",
             "freeze": "freeze", "arrive": "page request"}
    found, messages = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        event = json.loads(line) if line.strip() else {}
        if event.get("ev") in ("ws_in", "ws_out") and start <= event["t"] <= end:
            messages.append(event)
        if event.get("ev") not in shown:
            continue
        t = event["t"]
        if (start <= t and t - event["s"] - 0.02 <= end) if "s" in event else (start - 1.0 <= t <= end):
            found.append(shown[event["ev"]] + (f" {event['s']:.2f} s" if "s" in event else ""))
    split = ""
    if first := next((m for m in messages if m["ev"] == "ws_in"), None):  # the change reaching the server
        replies = [m["t"] for m in messages if m["ev"] == "ws_out" and m["kernel"] == first["kernel"]]
        if replies:
            split = (f"[page → server {(first['t'] - start) * 1000:.0f} ms, kernel's replies from "
                     f"{(replies[0] - start) * 1000:.0f} to {(replies[-1] - start) * 1000:.0f} ms, drawn "
                     f"{(end - replies[-1]) * 1000:.0f} ms after the last] ")
    return split + (", ".join(found) or "nothing")


def _refreeze() -> float:
    """Collect the server's garbage once and move every object left to the collector's permanent generation
    (``gc.freeze``) so that later collections, also a viewer's, go over what is new only; returns the seconds it
    took. Called when the viewers are quiet (the collection itself takes as long as a full one)."""
    import gc
    import time

    started = time.perf_counter()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return time.perf_counter() - started


def _lower_priority() -> None:
    """Linux: this thread (the memory measurement's) runs at nice :data:`MEASURE_NICE`, behind the server's event
    loop and the viewers' kernels."""
    with suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), MEASURE_NICE)


def _shares(missing: dict[str, int], fits: int, first: Collection[str] = ()) -> dict[str, int]:
    """``fits`` new kernels shared out over the pools that miss some: the pools in ``first`` (the dashboard a board
    opens first, :func:`_first`) get all they miss first, then the others one at a time, so that every dashboard
    gets its part when memory runs short."""
    shares = dict.fromkeys(missing, 0)
    for name in missing:
        if name in first:
            shares[name] = min(missing[name], fits)
            fits -= shares[name]
    while fits > 0 and any(shares[n] < missing[n] for n in missing):
        for name in missing:
            if fits > 0 and shares[name] < missing[name]:
                shares[name] += 1
                fits -= 1
    return shares


def _first(names: Sequence[str]) -> list[str]:
    """The notebooks among ``names`` of the dashboard a board opens first: the first of the registry (the overview,
    first on the front page and in every page's menu). 4 GB hold about 43 preheated kernels of the 60 that
    ``--audience 12`` asks for over five dashboards: its pool is filled to the audience first (docs/benchmarks.md,
    "Fifth round")."""
    from finsamdash.dashboards.registry import DASHBOARDS

    return [name for name in names if name.rsplit("/", 1)[-1] == f"{DASHBOARDS[0].name}.ipynb"]


def _fill(manager, name: str, count: int, fill) -> None:
    """Start ``count`` more preheated kernels for notebook ``name`` (Voilà's ``fill_if_needed`` fills a pool to its
    configured size: the size is lowered for this one call when fewer fit in memory)."""
    if count <= 0:
        return
    configured = dict(manager.kernel_pools_config)
    entry = configured.get(name, configured["default"])
    manager.kernel_pools_config = {**configured,
                                   name: {**entry, "pool_size": len(manager._pools.get(name, [])) + count}}
    try:
        fill(delay=0, notebook_name=name)
    finally:
        manager.kernel_pools_config = configured


def _app_class():
    """A Voilà application with the additions described in the module docstring (imported lazily)."""
    from jupyter_server.base.handlers import JupyterHandler
    from jupyter_server.utils import url_path_join
    from tornado import web
    from tornado.ioloop import IOLoop, PeriodicCallback
    from voila.app import Voila
    from voila.static_file_handler import AllowListFileHandler
    from voila.tornado.handler import TornadoVoilaHandler

    class AuthenticatedAllowListFileHandler(JupyterHandler, AllowListFileHandler):
        """Voilà's ``/voila/files/`` handler is a plain tornado handler: with a token it still served every
        allowed file to anyone. This one asks for the token (login) like the dashboards do."""

        @web.authenticated
        def head(self, path: str):
            return AllowListFileHandler.head(self, path)

        @web.authenticated
        def get(self, path: str, include_body: bool = True):
            return AllowListFileHandler.get(self, path, include_body)

        def write_error(self, status_code: int, **kwargs) -> None:  # plain text, no server template
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(f"{status_code} {self._reason}\n")

    class RefuseHandler(web.RequestHandler):
        """404 for every method: a request path with a ``..`` segment (plain or percent-encoded)."""

        def prepare(self) -> None:
            raise web.HTTPError(404)

        def write_error(self, status_code: int, **kwargs) -> None:
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(f"{status_code} {self._reason}\n")

    class NotebookLinkHandler(web.RequestHandler):
        """``/voila/files/x.ipynb`` → ``/voila/render/x.ipynb`` (sources are never sent); ``<förbund>/<möte>/x.ipynb``
        → ``<förbund>/latest/x.ipynb`` when ``latest`` is that meeting (its kernels are preheated)."""

        def initialize(self, render_url: str, root: str) -> None:
            self.render_url = render_url
            self.root = root

        def get(self, path: str) -> None:
            self.redirect(url_path_join(self.render_url, latest_path(Path(self.root), path)))

    class PageLinkHandler(web.RequestHandler):
        """``/voila/render/…/x.html`` → ``/voila/files/…/x.html`` (a live page's navigation links pages beside it)."""

        def initialize(self, files_url: str) -> None:
            self.files_url = files_url

        def get(self, path: str) -> None:
            self.redirect(url_path_join(self.files_url, path))

    class TracedVoilaHandler(TornadoVoilaHandler):
        """Voilà's page handler recording each request's steps in :attr:`FinsamVoila.trace` (:class:`Trace`)."""

        @web.authenticated
        async def get(self, path=None):
            trace = self.settings["finsamdash_trace"]
            rid = next(trace.ids)
            REQUEST.set(rid)
            trace.event("arrive", rid=rid, path=path)
            sent = 0
            async for html in self.get_generator(path=path):
                self.write(html)
                self.flush()
                if not sent:
                    trace.event("first_byte", rid=rid)
                sent += len(html)
            trace.event("rendered", rid=rid, bytes=sent)

        def on_finish(self) -> None:
            self.settings["finsamdash_trace"].event("finish", rid=REQUEST.get(), status=self.get_status())

    class FinsamVoila(Voila):
        name = "finsamdash-voila"
        audience = DEFAULT_AUDIENCE  # preheated kernels per latest dashboard (set by serve())
        stopping = False  # SIGTERM or Ctrl+C received
        refresher = None  # the periodic top-up of the pools
        trace: Trace | None = None  # with TRACE_ENV set: what the server does, timestamped

        def _handle_signal_stop(self, sig, frame):
            # (Voilà's own fails before its event loop runs: it stops a loop it has not stored yet)
            from finsamdash.pack import kernels

            self.log.info("Handle signal %s.", sig)
            self.stopping = True
            if kernels.current is not None:
                kernels.current.close()
            loop = getattr(self, "ioloop", None)
            if loop is not None:
                loop.add_callback_from_signal(loop.stop)

        def stop(self):
            """Shut every kernel down, also while the warm parent computes the pages and kernels still start
            (Voilà's own shutdown_all failed there: jupyter_server refuses to shut down a kernel still starting)."""
            from finsamdash.pack import kernels

            self.stopping = True
            if self.refresher is not None:
                self.refresher.stop()
            if kernels.current is not None:  # starts waiting for the parent fail at once
                kernels.current.close()
            shutil.rmtree(self.connection_dir, ignore_errors=True)
            # on the server's own event loop, where the kernel starts under way are (jupyter_core's run_sync, as
            # in Voilà's stop, made a new loop: those starts never ended and kernels they started were left)
            loop = getattr(self, "ioloop", None) or IOLoop.current()
            loop.asyncio_loop.run_until_complete(self._shut_down_kernels())
            if self.trace is not None:
                self.trace.close()

        async def _shut_down_kernels(self):
            manager = self.kernel_manager
            starting = [t for pool in getattr(manager, "_pools", {}).values() for t in pool if not t.done()]
            starting += [t for t in getattr(manager, "_pending_kernels", {}).values() if not t.done()]
            if starting:
                await asyncio.wait(starting, timeout=STOP_WAIT)
            ids = list(manager.list_kernel_ids())
            for kernel_id, result in zip(ids, await asyncio.gather(
                    *(manager.shutdown_kernel(kernel_id) for kernel_id in ids), return_exceptions=True), strict=True):
                if isinstance(result, Exception):
                    self.log.warning("finsamdash: kernel %s: %s", kernel_id, result)

        def init_handlers(self):
            swap = {AllowListFileHandler: AuthenticatedAllowListFileHandler}
            if self.trace is not None:
                swap[TornadoVoilaHandler] = TracedVoilaHandler
            handlers = [(pattern, swap.get(handler, handler), *rest)
                        for pattern, handler, *rest in super().init_handlers()]
            index = url_path_join(self.base_url, "voila/files/index.html")
            extra = [
                (DOT_SEGMENT, RefuseHandler),
                (url_path_join(self.server_url, r"/?"), web.RedirectHandler, {"url": index}),
                (url_path_join(self.server_url, r"/voila/files/(.*\.ipynb)"), NotebookLinkHandler,
                 {"render_url": url_path_join(self.base_url, "voila/render"), "root": self.root_dir}),
                (url_path_join(self.server_url, r"/voila/render/(.*\.html)"), PageLinkHandler,
                 {"files_url": url_path_join(self.base_url, "voila/files")}),
            ]
            return extra + handlers

        def initialize(self, argv=None):
            if os.environ.get(TRACE_ENV):
                self.trace = Trace(os.environ[TRACE_ENV])
            super().initialize(argv)
            # what the finsam template shows around every live page (navigation, readability CSS and script)
            from finsamdash.pack.page_ui import page_resources

            self.config.VoilaConfiguration.resources = {
                **dict(self.config.VoilaConfiguration.get("resources") or {}), "finsamdash": page_resources()}

        def listen(self):
            from finsamdash.pack import kernels, pool

            manager = self.kernel_manager
            trace = self.trace
            if trace is not None:
                self.app.settings["finsamdash_trace"] = trace
                IOLoop.current().add_callback(trace.start)
                trace.watch_websockets()
            if self.voila_configuration.preheat_kernel and hasattr(manager, "fill_if_needed"):
                root = Path(self.root_dir)
                targets = {p.parent.name: os.path.realpath(p) for p in root.glob(f"*/{LATEST}")}
                announced = [False]
                fill = manager.fill_if_needed

                def fill_if_needed(delay=None, notebook_name=None, **kwargs):
                    # Voilà refills a pool right after a viewer took a kernel from it (no delay given): that is
                    # left to refresh_pools, which adds only what fits in memory and does not compete with the
                    # viewers still arriving
                    if delay is None and notebook_name in _latest_notebooks(root):
                        return None
                    return fill(delay=delay, notebook_name=notebook_name, **kwargs)

                manager.fill_if_needed = fill_if_needed
                take, pool_size = manager.get_rendered_notebook, manager.get_pool_size
                ledger: list[pool.Ledger | None] = [None]  # memory: the last measurement and what happened since
                viewers: set[str] = set()  # kernels that viewers took
                arrived = [float("-inf")]  # (monotonic) when the last viewer took a kernel
                shedding: set[asyncio.Future] = set()  # spare kernels giving way to a viewer who arrived
                measurer = ThreadPoolExecutor(1, "finsamdash-memory", initializer=_lower_priority)
                frozen: list[frozenset] = [frozenset()]  # the kernels running at the last _refreeze

                def get_pool_size(notebook_name):
                    # a latest dashboard is always served from its pool: an empty pool gets a kernel started in
                    # get_rendered_notebook (counted against the memory limit) instead of Voilà's uncounted cold start
                    size = pool_size(notebook_name)
                    return max(1, size) if notebook_name in _latest_notebooks(root) else size

                async def get_rendered_notebook(notebook_name, *args, **kwargs):
                    # a viewer never gets a kernel that has ended: dropped, and one is started when none is left
                    await _prune(manager, [notebook_name])
                    started = 0
                    if not manager._pools.get(notebook_name):
                        _fill(manager, notebook_name, 1, fill)
                        started = 1
                    if trace is not None:
                        trace.event("pruned", rid=REQUEST.get(), started=started,
                                    ready=_ready(manager, notebook_name), pool=len(manager._pools[notebook_name]))
                    result = await take(notebook_name, *args, **kwargs)
                    if trace is not None:
                        task = result[0]
                        trace.event("taken", rid=REQUEST.get(), kernel=result[2], rendered=task.done())
                    arrived[0] = asyncio.get_running_loop().time()
                    viewers.add(result[2])
                    if ledger[0] is not None and notebook_name in _latest_notebooks(root):
                        # memory grows now (the viewer's widgets, other choices drawn): spare kernels give way at
                        # once, not at the next check, and never a viewer's
                        ledger[0] = ledger[0].add(started=started, taken=1)
                        if shed := pool.excess(ledger[0].now()):
                            ledger[0] = ledger[0].add(shed=shed)
                            task = asyncio.ensure_future(give_way(shed))
                            shedding.add(task)
                            task.add_done_callback(shedding.discard)
                    return result

                async def give_way(count: int) -> None:
                    if trace is not None:
                        trace.event("shed", count=count, ledger=ledger[0].now().used)
                    names = _latest_notebooks(root)
                    done = await _shed(manager, names, count, _first(names))
                    if trace is not None:
                        trace.event("shed_done", count=done)
                    if ledger[0] is not None and done < count:
                        ledger[0] = ledger[0].add(shed=done - count)

                cull = manager.cull_kernel_if_idle

                async def cull_kernel_if_idle(kernel_id):
                    # jupyter_server's cull loop goes over the kernels of its start; one shut down meanwhile (a spare
                    # kernel that gave way) was logged as an error with a KeyError's traceback
                    if kernel_id in manager:
                        await ensure_async(cull(kernel_id))

                manager.get_rendered_notebook = get_rendered_notebook
                manager.get_pool_size = get_pool_size
                manager.cull_kernel_if_idle = cull_kernel_if_idle
                # Voilà filled every pool with the config's one kernel; refresh_pools grows them to the audience
                configured = manager.kernel_pools_config
                manager.kernel_pools_config = {**configured, "default": {**configured["default"],
                                                                         "pool_size": self.audience}}

                async def refresh_pools() -> None:
                    if self.stopping:
                        return
                    moved = False
                    for latest in root.glob(f"*/{LATEST}"):
                        association, target = latest.parent.name, os.path.realpath(latest)
                        if targets.get(association, target) != target:  # a new meeting was built: drop stale kernels
                            await _drop_pooled(manager, f"{association}/{LATEST}/")
                            moved = True
                        targets[association] = target
                    if moved and kernels.current is not None and kernels.current.ready():
                        with suppress(kernels.ForkServerError):  # compute the new meeting's pages once
                            await kernels.current.rewarm()
                        announced[0] = False
                    names = _latest_notebooks(root)
                    await _prune(manager, names)  # ended kernels are replaced below, never counted as ready
                    loop = asyncio.get_running_loop()
                    clock = loop.time()
                    viewers.intersection_update(manager.list_kernel_ids())
                    last = max(arrived[0], _last_activity(manager, viewers, clock))
                    starting = _starting(manager)
                    running = len(manager.list_kernel_ids())
                    if ledger[0] is None or ledger[0].measure_due(clock, kernels=running, last_activity=last,
                                                                  starting=starting):
                        if trace is not None:
                            trace.event("measure", kernels=running)
                        measured = await loop.run_in_executor(measurer, pool.usage)
                        if trace is not None:
                            trace.event("measured", used=measured.used)
                        ledger[0] = pool.Ledger(measured, loop.time(), running, started=starting)
                    now = ledger[0].now()
                    if shed := pool.excess(now):  # over the limit (more viewers than the audience): spare
                        ledger[0] = ledger[0].add(shed=await _shed(manager, names, shed, _first(names)))  # give way
                        return
                    if not pool.quiet(clock, last):  # a viewer waits for a chart: the pools are refilled later
                        return
                    missing = {name: _pool_size(manager, name) - len(manager._pools.get(name, [])) for name in names}
                    if any(count > 0 for count in missing.values()):
                        fits = pool.room(now, audience=self.audience)  # (kernels starting: in now)
                        if viewers:  # a few at a time: a viewer's next change does not wait for a dozen starts
                            fits = min(fits, REFILL_BATCH)
                        shares = _shares(missing, fits, _first(names))
                        if trace is not None:
                            trace.event("refill", count=sum(shares.values()))
                        for name, count in shares.items():
                            _fill(manager, name, count, fill)
                        ledger[0] = ledger[0].add(started=sum(shares.values()))
                    # ready once every kernel started has run its page and been measured (the ledger's estimate of
                    # kernels still starting would announce too few, and more would be started after the message)
                    if not announced[0] and names and not ledger[0].started and not _starting(manager):
                        ready = sum(_ready(manager, name) for name in names)
                        wanted = sum(_pool_size(manager, name) for name in names)
                        if ready == wanted or (ready and not pool.room(now, audience=self.audience)):
                            announced[0] = True
                            print(ready_message(len(names), ready, wanted, now.used), flush=True)
                    # nobody connected and every kernel has run its page: what the server holds now (Voilà's
                    # renderers of the preheated pages) is left out of later collections (gen-2 collections over
                    # it took 0.3–0.5 s of the event loop while viewers arrived; this one takes as long, so never
                    # while a viewer could be waiting for a chart)
                    kernel_ids = frozenset(manager.list_kernel_ids())
                    if not viewers and kernel_ids != frozen[0] and not _starting(manager):
                        spent = _refreeze()
                        frozen[0] = kernel_ids
                        if trace is not None:
                            trace.event("freeze", s=round(spent, 4))

                self.refresher = PeriodicCallback(refresh_pools, REFILL_INTERVAL * 1000)
                self.refresher.start()
            # a SIGTERM that came before the event loop ran stops it as soon as it runs
            IOLoop.current().add_callback(lambda: self.stopping and IOLoop.current().stop())
            super().listen()

    return FinsamVoila


def serve(directory: Path, *, host: str = "127.0.0.1", port: int = 8866, token: str | None = None,
          overrides: Sequence[str] = (), audience: int | None = None, fork: bool = True) -> int:
    """Serve the meeting packs in ``directory`` with Voilà until stopped (Ctrl+C or SIGTERM); returns 0.

    ``audience``: preheated kernels per latest dashboard (how many viewers open one at once; default
    :data:`DEFAULT_AUDIENCE`). ``fork``: kernels are forked from a warm parent (:mod:`finsamdash.pack.kernels`).

    Raises :class:`~finsamdash.errors.UsageError` (exit status 2) for a missing folder, a non-loopback ``host``
    without ``token`` or an audience out of range — before anything is started.
    """
    token = (token or "").strip() or None
    check_bind(host, token)
    audience = check_audience(audience)
    voila_argv(Path(directory), host=host, port=port, token=token, overrides=overrides)  # refuses bad overrides
    directory = Path(directory).expanduser().resolve()
    if not directory.is_dir():
        raise UsageError(f"Hittar inte mappen {str(directory)!r}. Bygg mötesunderlaget först med "
                         "`finsamdash build DATA --meeting ÅÅÅÅ-MM-DD`.")
    if not (directory / "index.html").is_file():
        raise UsageError(f"{directory} är inget byggt mötesunderlag (index.html saknas). Bygg det först med "
                         "`finsamdash build DATA --meeting ÅÅÅÅ-MM-DD --out {directory}`.")

    # the finsam template is found through JUPYTER_PATH (Voilà looks for templates in the Jupyter data paths)
    paths = [str(TEMPLATES_ROOT), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    # kernels inherit the server's environment: one BLAS/OpenMP thread each, as in the build (a value set wins);
    # with one kernel per viewer on a few cores, multi-threaded BLAS made the participants page several times slower
    for name, value in KERNEL_THREADS.items():
        os.environ.setdefault(name, value)

    from finsamdash.pack import kernels

    fork = fork and fork_provisioner_available()
    if fork:  # the warm parent imports and computes the latest pages while Voilà starts
        kernels.current = kernels.ForkServer(directory)
        kernels.current.start()
    try:
        app = _app_class()()
        app.audience = audience
        app.initialize(voila_argv(directory, host=host, port=port, token=token, overrides=overrides, fork=fork))
        print(w.serving_message(directory, url_for(host, port, token)), flush=True)
        print(w.preparing_message(audience), flush=True)
        print(w.STOP_HINT, flush=True)
        try:
            app.start()  # blocks until Ctrl+C or SIGTERM
        except SystemExit as exc:  # Voilà exits 1 when the port is taken
            if exc.code:
                print(w.port_taken_message(port), file=sys.stderr)
                return 1
        return 0
    finally:
        if kernels.current is not None:  # its kernels end with it
            kernels.current.stop()
            kernels.current = None


def run_serve_command(args: argparse.Namespace) -> int:
    """``finsamdash serve [DIR] [--host H] [--port P] [--token T] [--audience N]`` (``args.directory`` or
    ``args.dir``; ``args.no_fork`` starts kernels the usual way)."""
    directory = getattr(args, "directory", None) or getattr(args, "dir", None) or Path("dashboards")
    return serve(Path(directory), host=getattr(args, "host", None) or "127.0.0.1",
                 port=getattr(args, "port", None) or 8866, token=getattr(args, "token", None),
                 overrides=getattr(args, "overrides", None) or (), audience=getattr(args, "audience", None),
                 fork=not getattr(args, "no_fork", False))


def build_parser() -> argparse.ArgumentParser:
    from finsamdash.pack.options import add_meeting_options
    from finsamdash.wording.argparse_sv import SwedishArgumentParser

    parser = SwedishArgumentParser(prog="python -m finsamdash.pack.serve", description=w.PARSER_DESCRIPTION)
    parser.add_argument("directory", nargs="?", type=Path, default=Path("dashboards"), metavar="MAPP",
                        help=w.HELP_DIRECTORY)
    parser.add_argument("--host", default="127.0.0.1", metavar="ADRESS", help=w.HELP_HOST)
    parser.add_argument("--port", type=int, default=8866, metavar="PORT", help=w.HELP_PORT)
    parser.add_argument("--token", default=None, metavar="T", help=w.HELP_TOKEN)
    add_meeting_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args, overrides = build_parser().parse_known_args(argv)
    args.overrides = overrides
    try:
        return run_serve_command(args)
    except UsageError as exc:
        print(f"finsamdash: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
