"""Meeting scale (issue #14): page state computed once per process, kernels forked from a warm parent, preheated
kernels sized to the audience under a memory limit, and the pack's smaller plotly.js.

The slow tests start real servers (``python -m finsamdash.pack.serve``) on free loopback ports like test_serve.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from metric_helpers import episode, make_dataset
from test_serve import _get, _kernel_id, _log, _start, _stop, kernel_message, kernel_replies

from finsamdash.dashboards import GoalsPage, ParticipantsPage, _page, state
from finsamdash.errors import UsageError
from finsamdash.pack import kernels, plotly_bundle, pool, provisioner
from finsamdash.pack.serve import MAX_AUDIENCE, check_audience, ready_message, serve, voila_argv

ROOT = Path(__file__).resolve().parents[1]


# --- page state ------------------------------------------------------------------------------------------------------


def test_remembered_values_are_kept_per_owner_and_the_oldest_owner_goes(monkeypatch):
    monkeypatch.setattr(state, "OWNERS", 2)
    monkeypatch.setattr(state, "PER_OWNER", 2)
    state.clear()
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert state.remembered(("a", 1), lambda: compute(1)) == 1
    assert state.remembered(("a", 1), lambda: compute(99)) == 1  # kept
    state.remembered(("a", 2), lambda: compute(2))
    state.remembered(("a", 3), lambda: compute(3))  # a holds two values at most: (a, 1) goes
    assert not state.known(("a", 1)) and state.known(("a", 3))
    state.remembered(("b", 1), lambda: compute(4))
    state.remembered(("c", 1), lambda: compute(5))  # three owners: a (used longest ago) goes
    assert not state.known(("a", 3)) and state.known(("b", 1)) and state.known(("c", 1))
    assert state.remembered(("d", [1]), lambda: compute(6)) == 6  # unhashable: computed, not kept
    assert calls == [1, 2, 3, 4, 5, 6]
    state.clear()
    assert state.size() == 0


def _small_dataset():
    rows = [episode(f"{year}-0{1 + n % 9}-05", f"{year}-1{n % 3}-20" if n % 2 else None,
                    "work" if n % 2 else None, gender=("woman", "man")[n % 2], intervention=("a", "b")[n % 3 // 2],
                    municipality=("Åby", "Byn")[n % 2]) for year in (2022, 2023, 2024) for n in range(14)]
    return make_dataset(participants=rows, interventions=[
        {"intervention_id": i, "name": i.upper(), "kind": "individual", "start_date": "2020-01-01"} for i in "ab"])


def test_pages_with_the_same_parameters_share_audits_and_renders(monkeypatch):
    monkeypatch.setattr(_page, "show", lambda bundles: None)
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    dataset = _small_dataset()
    monkeypatch.setattr(_page, "load_for_dashboard", lambda _path: dataset)
    state.clear()
    audits = []
    real = _page.audit_pack
    monkeypatch.setattr(_page, "audit_pack", lambda *a, **k: audits.append(k["min_count"]) or real(*a, **k))
    first = ParticipantsPage("unused", "test", "2024-12-15")
    with state.warming():  # every single choice of every drop-down, here the years too
        first.monthly_flows()
    years = first.years()
    assert audits == [5]  # one joint audit for the pack, every year and choice read from it
    kept = state.size()
    second = ParticipantsPage("unused", "test", "2024-12-15")
    assert second.state_key == first.state_key
    second.monthly_flows()
    assert second.render_monthly(period=years[-1]) == first.render_monthly(period=years[-1])
    assert audits == [5]  # nothing audited again
    assert state.size() == kept
    # another page of the same pack shares the audit
    assert GoalsPage("unused", "test", "2024-12-15").disclosure is first.disclosure and audits == [5]
    other = ParticipantsPage("unused", "test", "2024-12-15", min_count=6)
    assert other.state_key != first.state_key
    other.disclosure  # noqa: B018
    assert audits == [5, 6]  # another threshold is another state
    same_files = _small_dataset()  # another dataset object (e.g. loaded again): never mistaken for the first
    monkeypatch.setattr(_page, "load_for_dashboard", lambda _path: same_files)
    assert ParticipantsPage("unused", "test", "2024-12-15").state_key != first.state_key
    state.clear()


# --- serve's options -------------------------------------------------------------------------------------------------


def test_audience_is_checked_before_anything_starts(tmp_path):
    assert check_audience(None) == 1 and check_audience(12) == 12
    for wrong in (0, -3, MAX_AUDIENCE + 1):
        with pytest.raises(UsageError, match="--audience"):
            check_audience(wrong)
    (tmp_path / "index.html").write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(UsageError, match="--audience"):
        serve(tmp_path, port=1, audience=0)


def test_fork_chooses_the_provisioner_and_nothing_else(tmp_path):
    plain = voila_argv(tmp_path, host="127.0.0.1", port=5, token=None)
    forked = voila_argv(tmp_path, host="127.0.0.1", port=5, token=None, fork=True)
    assert [a for a in forked if a not in plain] == [
        "--KernelProvisionerFactory.default_provisioner_name=finsamdash-fork"]


def test_the_fork_provisioner_is_registered():
    from importlib.metadata import entry_points

    (entry,) = [e for e in entry_points(group="jupyter_client.kernel_provisioners") if e.name == "finsamdash-fork"]
    assert entry.load() is provisioner.ForkProvisioner


@pytest.mark.parametrize(("cmd", "args"), [
    ([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"], ["-f", "c.json"]),
    (["python", "-m", "ipykernel_launcher", "-f", "c.json", "--x=1"], ["-f", "c.json", "--x=1"]),
    (["/usr/bin/other-python", "-m", "ipykernel_launcher", "-f", "c.json"], None),
    (["R", "--slave", "-e", "IRkernel::main()"], None),
    ([sys.executable, "-m", "other_kernel", "-f", "c.json"], None),
])
def test_only_python_kernels_of_this_python_are_forked(cmd, args):
    assert provisioner.kernel_arguments(cmd) == args


def test_a_forked_process_is_watched_through_its_pidfd():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        watched = provisioner.ForkedProcess(child.pid)
        assert watched.poll() is None
        watched.terminate()
        child.wait(timeout=30)
        assert watched.wait(timeout=30) == 0 and watched.poll() == 0
        watched.kill()  # ended: nothing is sent (the pid may belong to someone else by now)
    finally:
        child.kill()
        child.wait()


def test_memory_room_counts_what_fits_under_the_limit(monkeypatch):
    used = kernels.memory_use(os.getpid())
    assert used > 0 and kernels.memory_use(os.getpid(), children=False) > 0
    monkeypatch.setattr(pool, "descendants", lambda pid: [pid])  # kernels other tests left running are not counted
    # the readings usage() made are the ones compared (this process's PSS moves between two reads: the processes
    # sharing its pages, e.g. servers of earlier tests, come and go)
    read: list[int] = []

    def reading(pid: int, *, children: bool = True) -> int:
        read.append(kernels.memory_use(pid, children=children))
        return read[-1]

    monkeypatch.setattr(pool, "memory_use", reading)
    now = pool.usage()
    assert len(read) == 1 and now.used == read[0] > 0 and now.estimate == pool.KERNEL_ESTIMATE
    now = pool.Usage(used, pool.KERNEL_ESTIMATE)  # no kernels below this process: each new one counts as the estimate
    assert pool.room(now, limit=used) == 0
    limit = int((used + 10.5 * pool.KERNEL_ESTIMATE) / 0.9)  # 10 % stay free
    assert pool.room(now, limit=limit) == 10
    assert pool.room(now, limit=limit, starting=4) == 6
    assert pool.room(now, limit=limit + 5 * pool.VIEWER_GROWTH, audience=5) == 10  # room kept for 5 viewers' use


def test_over_the_limit_the_spare_preheated_kernels_give_way():
    """More viewers than the audience (their kernels grew after the pools were filled): the pools shrink, from the
    fullest first, to one ready kernel per dashboard; kernels still starting and viewers' kernels are not touched."""
    import asyncio
    from concurrent.futures import Future

    from finsamdash.pack.serve import _shed

    now = pool.Usage(1000 * pool.KERNEL_ESTIMATE, pool.KERNEL_ESTIMATE)
    assert pool.excess(now, limit=2000 * pool.KERNEL_ESTIMATE) == 0
    # back under 95 % of the limit, each spare kernel counted as freeing half the estimate (at least that)
    assert pool.excess(now, limit=1000 * pool.KERNEL_ESTIMATE) == 100
    assert pool.excess(now, limit=1050 * pool.KERNEL_ESTIMATE) == 5  # 2.5 estimates over 95 %: five give way

    def kernel(kernel_id: str | None) -> Future:
        future: Future = Future()
        if kernel_id is not None:
            future.set_result({"kernel_id": kernel_id})
        return future

    class Manager:
        log = __import__("logging").getLogger("test")

        def __init__(self) -> None:
            self._pools = {"a": [kernel("a1"), kernel("a2"), kernel("a3"), kernel(None)], "b": [kernel("b1")],
                           "c": [kernel("c1"), kernel("c2")]}
            self.down: list[str] = []

        async def shutdown_kernel(self, kernel_id: str, now: bool = False) -> None:
            self.down.append(kernel_id)

    manager = Manager()
    assert asyncio.run(_shed(manager, ["a", "b", "c"], 3)) == 3
    assert manager.down == ["a3", "c2", "a2"]  # the fullest pool first (ties: the last name); one ready each stays
    assert asyncio.run(_shed(manager, ["a", "b", "c"], 5)) == 0
    assert [len(manager._pools[n]) for n in "abc"] == [2, 1, 1]  # a's kernel still starting is kept
    # the pool of the dashboard a board opens first gives way only when every other pool is down to one
    manager = Manager()
    assert asyncio.run(_shed(manager, ["a", "b", "c"], 3, first=["a"])) == 3
    assert manager.down == ["c2", "a3", "a2"]


def test_the_ledger_counts_what_happened_since_the_last_measurement():
    """Between two measurements (every kernel's smaps: ≈ 0.2 s CPU) the guard adds what it saw happen: a viewer
    taking a kernel pushes the estimate over 95 % of the limit at once, so that spare kernels give way before the
    viewer's kernel grows, not at the next check."""
    e = pool.KERNEL_ESTIMATE
    measured = pool.Usage(1000 * e, e)
    ledger = pool.Ledger(measured, at=100.0, kernels=50)
    assert ledger.now() == measured
    assert ledger.add(started=2).now() == pool.Usage(1002 * e, e)
    assert ledger.add(taken=3).now() == pool.Usage(1000 * e + 3 * pool.VIEWER_GROWTH, e)
    assert ledger.add(shed=2).now() == pool.Usage(999 * e, e)  # a spare kernel frees at least half the estimate
    assert ledger.add(started=1).add(taken=1).add(shed=1) == pool.Ledger(measured, 100.0, 50, 1, 1, 1)
    limit = int((1000 * e + pool.VIEWER_GROWTH) / 0.95) + 1  # room for one more viewer's use, not two
    assert pool.excess(ledger.add(taken=1).now(), limit=limit) == 0
    assert pool.excess(ledger.add(taken=2).now(), limit=limit) == 1
    assert pool.excess(ledger.add(taken=20).now(), limit=limit) == 16  # 19 × 40 MiB over: 15.2 × 50 MiB
    assert pool.room(ledger.add(started=3).now(), limit=int(1010.5 * e / 0.9)) == 7  # kernels asked for count


def test_memory_is_measured_only_after_a_change_and_when_the_viewers_are_quiet():
    ledger = pool.Ledger(pool.Usage(10**9, pool.KERNEL_ESTIMATE), at=100.0, kernels=50)
    idle = {"kernels": 50, "last_activity": 90.0, "starting": 0}
    assert not ledger.measure_due(101.0, **idle) and not ledger.measure_due(10_000.0, **idle)  # idle: never
    taken = ledger.add(taken=1)
    assert not taken.measure_due(102.0, kernels=50, last_activity=101.0, starting=0)  # a viewer waits for a chart
    assert taken.measure_due(101.0 + pool.QUIET, kernels=50, last_activity=101.0, starting=0)
    assert not taken.measure_due(110.0, kernels=50, last_activity=101.0, starting=1)  # a kernel still starts
    assert taken.measure_due(100.0 + pool.STALE, kernels=50, last_activity=159.5, starting=1)  # busy for long
    assert ledger.measure_due(110.0, kernels=48, last_activity=90.0, starting=0)  # viewers' kernels ended
    assert ledger.measure_due(110.0, kernels=50, last_activity=105.0, starting=0)  # a viewer used a kernel
    assert pool.quiet(10.0, 10.0 - pool.QUIET) and not pool.quiet(10.0, 9.0)


def test_a_preheated_kernel_counts_as_starting_until_it_has_run_its_page():
    from concurrent.futures import Future

    from finsamdash.pack.serve import _starting

    def entry(*, started: bool = True, ran: bool | None = True) -> Future:
        future: Future = Future()
        if started:
            task: Future | None = None
            if ran is not None:
                task = Future()
                if ran:
                    task.set_result(None)
            future.set_result({"kernel_id": "k", "task": task})
        return future

    failed: Future = Future()
    failed.set_exception(RuntimeError("no kernel"))

    manager = type("Manager", (), {})()
    manager._pools = {"a": [entry(), entry(started=False), entry(ran=False)], "b": [entry(ran=None), failed]}
    assert _starting(manager) == 2  # one still starting, one still running its page


def test_viewer_activity_is_read_from_the_kernels_last_activity():
    from datetime import UTC, datetime, timedelta

    from finsamdash.pack.serve import _last_activity

    class Kernel:
        def __init__(self, seconds_ago: float | None) -> None:
            if seconds_ago is not None:
                self.last_activity = datetime.now(UTC) - timedelta(seconds=seconds_ago)

    kernels_ = {"a": Kernel(300), "b": Kernel(30), "c": Kernel(None)}

    class Manager:
        def __contains__(self, kernel_id: str) -> bool:
            return kernel_id in kernels_

        def get_kernel(self, kernel_id: str) -> Kernel:
            return kernels_[kernel_id]

    assert _last_activity(Manager(), [], 1000.0) == float("-inf")
    assert _last_activity(Manager(), ["c", "gone"], 1000.0) == float("-inf")  # never active; ended
    assert 940.0 < _last_activity(Manager(), ["a", "b", "c"], 1000.0) <= 970.0  # the latest: b, 30 s ago

def test_short_memory_is_shared_out_over_every_dashboard():
    from finsamdash.pack.serve import _shares

    assert _shares({"a": 3, "b": 3, "c": 0}, 4) == {"a": 2, "b": 2, "c": 0}
    assert _shares({"a": 1, "b": 5}, 10) == {"a": 1, "b": 5}
    assert _shares({"a": 2}, 0) == {"a": 0}


def test_the_dashboard_opened_first_gets_the_audience_first():
    """4 GB hold about 43 of the 60 kernels --audience 12 asks for over five dashboards: the overview's pool (first
    in the registry, the one a whole board opens at once) is filled to the audience before the others share the
    rest; with memory for fewer than it misses, it gets them all."""
    from finsamdash.pack.serve import _first, _shares

    names = [f"x/latest/{d}.ipynb" for d in ("budget", "goals", "indicators", "overview", "participants")]
    assert _first(names) == ["x/latest/overview.ipynb"]
    assert _first(["x/latest/budget.ipynb"]) == []
    missing = dict.fromkeys(names, 11)  # Voilà's start left one kernel in each
    shares = _shares(missing, 38, _first(names))
    assert shares["x/latest/overview.ipynb"] == 11
    assert sorted(v for k, v in shares.items() if "overview" not in k) == [6, 7, 7, 7]
    assert _shares({"o": 5, "b": 5}, 3, ["o"]) == {"o": 3, "b": 0}


def test_ready_message_in_swedish():
    assert ready_message(5, 60, 60, 3_400_000_000) == (
        "Klart för mötet: 5 instrumentpaneler med förberedda kärnor (60 kärnor; servern använder 3,4 GB minne).")
    assert "räcker till 40 av de 60 kärnor" in ready_message(5, 40, 60, 3_900_000_000)


# --- forked kernels and their ports ---------------------------------------------------------------------------------


def test_kernels_forked_at_once_bind_ports_of_their_own(tmp_path, monkeypatch):
    """jupyter_client's port race (jupyter/jupyter_client#487): the manager chooses free ports, the kernel binds them
    later, and with many kernels forked at once another socket (the server's connection to an earlier kernel) took
    one in between: the kernel died at start with ``ZMQError: Address already in use``. Here every port the manager
    chooses is taken right after the choice, and twelve kernels are started at once: each must answer."""
    import socket

    from jupyter_client.connect import LocalPortCache
    from jupyter_client.multikernelmanager import AsyncMultiKernelManager
    from jupyter_client.provisioning import KernelProvisionerFactory

    from finsamdash.errors import KernelDiedError

    taken: list[socket.socket] = []
    choose = LocalPortCache.find_available_port

    def choose_and_take(self, ip):
        port = choose(self, ip)
        sock = socket.socket()
        sock.bind((ip, port))
        sock.listen()
        taken.append(sock)
        return port

    monkeypatch.setattr(LocalPortCache, "find_available_port", choose_and_take)
    monkeypatch.setattr(KernelProvisionerFactory.instance(), "default_provisioner_name", "finsamdash-fork")
    server = kernels.ForkServer(tmp_path)  # no pack: nothing to warm, only the imports
    server.start()
    monkeypatch.setattr(kernels, "current", server)

    async def start_at_once(count: int) -> None:
        manager = AsyncMultiKernelManager(connection_dir=str(tmp_path))
        ids = await asyncio.gather(*(manager.start_kernel(kernel_name="python3") for _ in range(count)))
        try:
            for kernel_id in ids:
                km = manager.get_kernel(kernel_id)
                client = km.client()
                client.start_channels()
                try:
                    await client.wait_for_ready(timeout=60)  # a dead kernel: "Kernel died before replying"
                finally:
                    client.stop_channels()
                assert km.provisioner.forked
                ports = {km.shell_port, km.iopub_port, km.stdin_port, km.hb_port, km.control_port}
                assert not ports & {sock.getsockname()[1] for sock in taken}
                assert json.loads(Path(km.connection_file).read_text())["shell_port"] == km.shell_port
            # a kernel that ends before it has bound its sockets is reported, not counted as started
            with pytest.raises(KernelDiedError):
                await server.fork(["--IPKernelApp.transport=nonsense"], dict(os.environ), str(tmp_path))
        finally:
            await manager.shutdown_all(now=True)

    try:
        assert server.wait_ready(120)
        asyncio.run(start_at_once(12))
        assert len(taken) == 5 * 12
    finally:
        server.stop()
        for sock in taken:
            sock.close()


# --- plotly.js ------------------------------------------------------------------------------------------------------


def test_the_bundle_fits_the_installed_plotly_and_the_dashboards():
    """Fails when plotly is upgraded or a dashboard draws another trace type: rebuild (tools/plotly-bundle)."""
    assert plotly_bundle.bundle_usable(), (plotly_bundle.bundle_info(), plotly_bundle.plotly_version())
    version, traces = plotly_bundle.bundle_info()
    assert traces == plotly_bundle.TRACES
    recipe = ROOT / "tools" / "plotly-bundle"
    assert set(re.findall(r"plotly\.js/lib/(\w+)", (recipe / "entry.js").read_text())) - {"core"} == traces
    assert json.loads((recipe / "package.json").read_text())["dependencies"]["plotly.js"] == version
    used = set()
    for module in (ROOT / "finsamdash" / "present" / "figures").glob("*.py"):
        used |= {name.lower() for name in re.findall(r"\bgo\.([A-Z]\w+)\(", module.read_text())}
    assert used - {"figure", "layout"} <= traces
    assert len(plotly_bundle.pack_plotly_js()) < len(plotly_bundle.full_plotly_js()) / 3


def test_a_page_with_another_trace_type_gets_the_full_plotly(tmp_path):
    from finsamdash.pack.export import PLOTLY_ASSET, export_html, write_plotly_asset

    write_plotly_asset(tmp_path)
    asset = tmp_path / PLOTLY_ASSET
    assert asset.read_text(encoding="utf-8") == plotly_bundle.pack_plotly_js()

    def page(name, trace):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
            "display_data", data={_page.PLOTLY_MIME: {"data": [{"type": trace, "values": [1, 2]}], "layout": {}},
                                  "text/plain": "Diagram"})])])
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
        export_html(tmp_path / f"{name}.ipynb", tmp_path / f"{name}.html", title=name)

    page("bars", "bar")
    assert asset.read_text(encoding="utf-8") == plotly_bundle.pack_plotly_js()
    page("pie", "pie")
    assert asset.read_text(encoding="utf-8") == plotly_bundle.full_plotly_js()
    page("more-bars", "bar")  # never back to the bundle
    assert asset.read_text(encoding="utf-8") == plotly_bundle.full_plotly_js()


# --- slow: forked kernels in a running server ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack(demo_pack) -> Path:
    """The session's demo pack (built once for the suite, see conftest.py): the folder of its meeting packs."""
    return demo_pack.parent.parent


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out: {what}")


def _tree(pid: int) -> tuple[list[int], list[int]]:
    """(fork servers, kernels) below ``pid``."""
    below = kernels.descendants(pid)[1:]
    servers = [p for p in below if b"finsamdash.pack.kernels" in Path(f"/proc/{p}/cmdline").read_bytes()
               and not kernels.is_kernel(p)]
    return servers, [p for p in below if kernels.is_kernel(p)]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_audience_kernels_are_forked_serve_pages_and_end_with_the_server(pack):
    proc, base = _start(pack, "--audience", "2")
    log = _log(pack, base)
    try:
        _wait_for(lambda: "Klart för mötet" in log.read_text(), 300, f"ready message in {log}")
        servers, forked = _tree(proc.pid)
        assert len(servers) == 1 and len(forked) == 2 * 5, (servers, forked)  # 2 per latest dashboard
        assert all(kernels.is_kernel(p) for p in forked)
        # a viewer gets a pooled, forked kernel with the page's widgets; code cannot be run through it
        status, _, page = _get(f"{base}/voila/render/norrsken/latest/participants.ipynb")
        assert status == 200 and b"Traceback" not in page
        session = uuid.uuid4().hex
        replies = asyncio.run(kernel_replies(base, _kernel_id(page), [
            kernel_message("kernel_info_request", {}, session=session),
            kernel_message("execute_request", {"code": "1/0", "silent": False, "store_history": False,
                                               "user_expressions": {}, "allow_stdin": False,
                                               "stop_on_error": True}, session=session),
            kernel_message("comm_info_request", {"target_name": "jupyter.widget"}, session=session)], wait=15))
        types = [m["header"]["msg_type"] for m in replies]
        assert "kernel_info_reply" in types and "execute_reply" not in types and "error" not in types
        comms = next(m for m in replies if m["header"]["msg_type"] == "comm_info_reply")["content"]["comms"]
        assert len(comms) >= 6
        # preheated kernels that have ended are never handed to a viewer: every one is killed, the next viewer
        # gets a working kernel (the dead ones are dropped from the pool and a kernel is started for them)
        killed = _tree(proc.pid)[1]
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        _wait_for(lambda: not any(_alive(p) for p in killed), 30, "killed kernels ended")
        status, _, page = _get(f"{base}/voila/render/norrsken/latest/goals.ipynb")
        assert status == 200 and b"Traceback" not in page
        replies = asyncio.run(kernel_replies(base, _kernel_id(page), [
            kernel_message("kernel_info_request", {}, session=session)], wait=60, until={"kernel_info_reply"}))
        assert "kernel_info_reply" in [m["header"]["msg_type"] for m in replies]
        assert "a preheated kernel of norrsken/latest/goals.ipynb failed to start or has ended" in log.read_text()
        forked = _tree(proc.pid)[1]
    finally:
        _stop(proc)
    servers_after = [p for p in servers if _alive(p)]
    kernels_after = [p for p in forked if _alive(p)]
    assert servers_after == [] and kernels_after == [], (servers_after, kernels_after)


@pytest.mark.slow
def test_a_server_stopped_while_its_parent_still_warms_stops_at_once_and_leaves_nothing(pack):
    """SIGTERM while the warm parent still computes the pages and the pools' kernel starts wait for it: the server
    ends (it did not: the starts waited for the parent, and Voilà's shutdown refused kernels still starting) and
    no process of it is left."""
    proc, base = _start(pack, "--audience", "3")
    log = _log(pack, base)
    try:
        _wait_for(lambda: "Voilà is running" in log.read_text(), 120, f"Voilà running in {log}")
        below = kernels.descendants(proc.pid)[1:]
        if "Klart för mötet" in log.read_text() or _tree(proc.pid)[1]:
            pytest.skip("the parent was ready before Voilà ran (warming takes ~10 s on a quiet machine)")
        proc.terminate()
        proc.wait(timeout=60)
    finally:
        _stop(proc)
    assert _wait_for(lambda: not any(_alive(p) for p in below) or None, 10, f"processes of {below} ended")
    text = log.read_text()
    assert "Traceback" not in text and "Klart för mötet" not in text, text[-3000:]


@pytest.mark.slow
def test_kernels_die_with_a_killed_fork_server(pack):
    proc, base = _start(pack)
    log = _log(pack, base)
    try:
        _wait_for(lambda: "Klart för mötet" in log.read_text(), 300, f"ready message in {log}")
        (server,), forked = _tree(proc.pid)
        assert forked
        os.kill(server, signal.SIGKILL)
        _wait_for(lambda: not any(_alive(p) for p in forked), 30, "forked kernels ended with their parent")
    finally:
        _stop(proc)


def test_the_trace_records_one_json_line_per_event_on_the_benchs_clock(tmp_path):
    """FINSAMDASH_SERVE_TRACE (debugging and the meeting bench): one JSON object per line, stamped with
    time.monotonic (the clock the bench's viewers use), and stalls of the event loop are recorded."""
    import asyncio
    import json
    import time

    from finsamdash.pack.serve import Trace

    trace = Trace(str(tmp_path / "trace.jsonl"))
    before = time.monotonic()
    trace.event("arrive", rid=next(trace.ids), path="x/latest/overview.ipynb")

    async def stall() -> None:
        trace.start()
        await asyncio.sleep(0.05)
        time.sleep(Trace.LAG + 0.1)  # something synchronous on the event loop
        await asyncio.sleep(0.05)
        trace.close()

    asyncio.run(stall())
    lines = [json.loads(line) for line in (tmp_path / "trace.jsonl").read_text().splitlines()]
    assert lines[0]["ev"] == "arrive" and lines[0]["rid"] == 1
    assert before - 0.001 <= lines[0]["t"] <= time.monotonic()  # (stamped to 0.1 ms)
    assert any(line["ev"] == "lag" and line["s"] >= Trace.LAG for line in lines[1:])


def test_the_trace_summary_tells_pooled_viewers_from_those_who_waited_for_a_kernel(tmp_path):
    import json

    from finsamdash.pack.serve import trace_summary

    events = [
        {"t": 10.0, "ev": "arrive", "rid": 1}, {"t": 10.001, "ev": "pruned", "rid": 1, "started": 0},
        {"t": 10.002, "ev": "taken", "rid": 1}, {"t": 10.05, "ev": "rendered", "rid": 1},
        {"t": 10.0, "ev": "arrive", "rid": 2}, {"t": 10.001, "ev": "pruned", "rid": 2, "started": 1},
        {"t": 11.0, "ev": "taken", "rid": 2}, {"t": 12.5, "ev": "rendered", "rid": 2},
        {"t": 10.5, "ev": "lag", "s": 0.3}, {"t": 10.6, "ev": "gc", "s": 0.2, "gen": 2},
        {"t": 10.7, "ev": "shed_done", "count": 3},
        {"t": 30.0, "ev": "arrive", "rid": 3}, {"t": 30.0, "ev": "lag", "s": 9.0},  # after the crowd
    ]
    path = tmp_path / "trace.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    summary = trace_summary(path, 10.0, 12.6)
    assert summary.startswith("1 of 2 page requests took a ready kernel (page rendered within 0.05 s); 1 found the "
                              "pool empty and waited for a kernel started for them (kernel after 1.00 s, page "
                              "rendered after 2.50 s)")
    assert "stalled 1× over 50 ms (longest 0.30 s)" in summary and "1 garbage collections" in summary
    assert "3 spare kernels shut down" in summary
    from finsamdash.pack.serve import trace_during

    # a change from 10.25 to 10.45 s: the stall that ended at 10.5 s (0.3 s long) overlaps it, the collection
    # (10.4–10.6 s) too, and the page requests of the second before it; nothing after it
    assert trace_during(path, 10.25, 10.45) == "page request, page request, stall 0.30 s, gc 0.20 s"
    assert trace_during(path, 20.0, 20.2) == "nothing"
    # the messages of the changing viewer's websocket split the change (another kernel's messages do not count)
    messages = [{"t": 20.01, "ev": "ws_in", "kernel": "k"}, {"t": 20.05, "ev": "ws_out", "kernel": "other"},
                {"t": 20.06, "ev": "ws_out", "kernel": "k"}, {"t": 20.15, "ev": "ws_out", "kernel": "k"}]
    with path.open("a", encoding="utf-8") as file:
        file.write("".join(json.dumps(e) + "\n" for e in messages))
    assert trace_during(path, 20.0, 20.2) == ("[page → server 10 ms, kernel's replies from 60 to 150 ms, drawn 50 ms "
                                              "after the last] nothing")
