"""The "meeting" target of bench/run.py (issue #14): a whole board opening the live dashboards at once.

    python bench/run.py --only meeting                    # full: 12 viewers of one dashboard, 20 over all five
    python bench/run.py --only meeting --quick            # 4 and 5 viewers, no chromium
    python bench/run.py --only meeting --baseline-src DIR # also the serve of another checkout (e.g. main: "before")

One pack (demo data, norrsken) is served in turn by each server, alone on the machine's two cores:

* ``finsamdash serve PACKS --audience N`` (kernels forked from a warm parent, N preheated kernels per dashboard);
* a plain ``voila PACKS`` (Voilà's defaults: a new kernel per viewer that imports everything and runs the notebook);
* with ``--baseline-src DIR``: ``python -m finsamdash.pack.serve PACKS`` of the source tree DIR (``PYTHONPATH=DIR``;
  e.g. ``git archive main | tar -x -C DIR``): the server as it was before.

Every server gets the same short cull timeout (``--MappingKernelManager.cull_idle_timeout``) so that the kernels
left after the crowd can be checked. For each server, after it is idle (pools filled, under 10 % of a core):

1. **crowd of one dashboard**: N viewers at the same moment, each doing what the browser does: GET the page until
   its last byte, open the page's kernel websocket, ask for the kernel's info and for every widget's state through
   ipywidgets' control comm (``request_states`` → ``update_states``). "Whole page" = page + widget states.
2. **crowd over the five dashboards**: M viewers, dashboards in turn.
3. memory of server + kernels while the crowds are connected (PSS: shared pages counted once; RSS also given) and
   the kernels left once every viewer has gone and the cull timeout has passed;
4. with chromium: the first chart drawn for one viewer arriving with N-1 others (Playwright, loopback only); a
   drop-down change timed from ``select_option`` until the section's charts were drawn (plotly's afterplot) with the
   new state's data, while N-1 other viewers are connected; the first chart of the static overview
   (``overview.html`` of the pack, as served) with the pack's plotly.js and with the full plotly.js of the plotly
   package (same page, the asset swapped in a copy).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import re
import shutil
import statistics
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from finsamdash.pack.serve import TRACE_ENV

DASHBOARDS = ("overview", "participants", "goals", "indicators", "budget")
ASSOCIATION = "norrsken"
CULL = 20  # seconds of the cull timeout given to every server in this target
CULL_ARGS = [f"--MappingKernelManager.cull_idle_timeout={CULL}", "--MappingKernelManager.cull_interval=5"]


def _message(msg_type: str, content: dict, session: str) -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "username": "viewer", "session": session, "msg_type": msg_type,
                       "version": "5.3", "date": datetime.now(UTC).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}


def kernel_id(page: str) -> str | None:
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1)).get("kernelId") if found else None


class Viewer:
    """One viewer's protocol conversation; keeps its websocket open until :meth:`leave`."""

    def __init__(self, base: str, dashboard: str) -> None:
        self.base, self.dashboard = base, dashboard
        self.ws = None
        self.page_s = self.states_s = None
        self.widgets = 0
        self.error = ""
        self.t0 = 0.0

    @property
    def whole_s(self) -> float | None:
        return None if self.page_s is None or self.states_s is None else self.page_s + self.states_s

    async def visit(self, client) -> None:
        from tornado.websocket import websocket_connect

        self.t0 = time.monotonic()  # on the server's trace clock
        started = time.perf_counter()
        try:
            response = await client.fetch(f"{self.base}/voila/render/{ASSOCIATION}/latest/{self.dashboard}.ipynb",
                                          request_timeout=900)
        except Exception as exc:
            self.error = f"page: {exc}"
            return
        self.page_s = time.perf_counter() - started
        body = response.body.decode("utf-8", "replace")
        kid = kernel_id(body)
        if response.code != 200 or not kid or "Traceback" in body:
            self.error = f"page: HTTP {response.code}, kernel {kid}"
            return
        started = time.perf_counter()
        session = uuid.uuid4().hex
        try:
            self.ws = await websocket_connect(
                f"ws{self.base.removeprefix('http')}/api/kernels/{kid}/channels?session_id={session}")
            control = uuid.uuid4().hex
            for message in (_message("kernel_info_request", {}, session),
                            _message("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                                   "data": {}}, session),
                            _message("comm_msg", {"comm_id": control, "data": {"method": "request_states"}},
                                     session)):
                await self.ws.write_message(json.dumps(message))
            deadline = time.monotonic() + 600
            seen: set[str] = set()
            while time.monotonic() < deadline:
                frame = await asyncio.wait_for(self.ws.read_message(), timeout=deadline - time.monotonic())
                if frame is None:
                    raise ConnectionError("websocket closed")
                if isinstance(frame, bytes):  # binary frames carry buffers; the JSON part is what counts here
                    continue
                message = json.loads(frame)
                kind = message["header"]["msg_type"]
                seen.add(kind)
                content = message.get("content", {})
                if kind == "comm_close" and content.get("comm_id") == control:  # no widgets in this kernel
                    seen.add("update_states")
                data = content.get("data", {}) if kind == "comm_msg" else {}
                if data.get("method") == "update_states":
                    self.widgets = len(data.get("states", {}))
                    seen.add("update_states")
                if {"kernel_info_reply", "update_states"} <= seen:
                    break
            else:
                raise TimeoutError(f"no widget states ({sorted(seen)})")
            self.states_s = time.perf_counter() - started
        except Exception as exc:
            self.error = f"kernel: {type(exc).__name__}: {exc}"

    def leave(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None


class Crowd:
    """N viewers started at the same moment in a thread of their own (own event loop); they stay connected until
    :meth:`leave`."""

    def __init__(self, base: str, dashboards: list[str]) -> None:
        self.viewers = [Viewer(base, d) for d in dashboards]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.wall = 0.0

    def visit(self, *, wait: bool = True) -> Crowd:
        from tornado.httpclient import AsyncHTTPClient

        async def run() -> None:
            AsyncHTTPClient.configure(None, max_clients=len(self.viewers) + 4)
            client = AsyncHTTPClient()
            started = time.perf_counter()
            await asyncio.gather(*(v.visit(client) for v in self.viewers))
            self.wall = time.perf_counter() - started

        self.future = asyncio.run_coroutine_threadsafe(run(), self.loop)
        if wait:
            self.future.result(timeout=1800)
        return self

    def wait(self) -> Crowd:
        self.future.result(timeout=1800)
        return self

    def leave(self) -> None:
        async def close() -> None:
            for viewer in self.viewers:
                viewer.leave()
            await asyncio.sleep(0.5)

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(timeout=60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    @property
    def errors(self) -> list[str]:
        return [f"{v.dashboard}: {v.error}" for v in self.viewers if v.error]

    def figures(self) -> dict[str, float]:
        whole = [v.whole_s for v in self.viewers if v.whole_s is not None]
        pages = [v.page_s for v in self.viewers if v.page_s is not None]
        if not whole:
            return {}
        return {"p50": statistics.median(whole), "p95": percentile(whole, 0.95), "max": max(whole),
                "page_p95": percentile(pages, 0.95), "states_p95": percentile(
                    [v.states_s for v in self.viewers if v.states_s is not None], 0.95)}


def waits(trace: Path, crowd: Crowd) -> str:
    """Where the crowd's page requests waited on the server (``FINSAMDASH_SERVE_TRACE``, :class:`Trace` of
    finsamdash.pack.serve): kernels taken ready from the pool against kernels started for a viewer who found the
    pool empty, and what held the server's event loop while the crowd arrived."""
    from finsamdash.pack.serve import trace_summary

    starts = [v.t0 for v in crowd.viewers if v.t0]
    ends = [v.t0 + (v.whole_s or v.page_s or 0) for v in crowd.viewers if v.t0]
    if not starts:
        return "no viewer"
    return trace_summary(trace, min(starts), max(ends))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (with 12 values, p95 is the largest but none: the 12th of 12 is max)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1))]


def pss_rss(pid: int) -> tuple[int, int]:
    from finsamdash.pack.kernels import descendants

    pss = rss = 0
    for process in descendants(pid):
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{process}/smaps_rollup").read_text(encoding="ascii").splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
    return pss, rss


class MemoryPeak:
    """Samples the PSS and RSS of a server and its descendants every half second (while a crowd is connected)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.pss, self.rss = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            pss, rss = pss_rss(self.pid)
            self.pss, self.rss = max(self.pss, pss), max(self.rss, rss)

    def __enter__(self) -> MemoryPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        pss, rss = pss_rss(self.pid)
        self.pss, self.rss = max(self.pss, pss), max(self.rss, rss)


# --- chromium --------------------------------------------------------------------------------------------------------

#: The charts of a drop-down's section (the select is the argument), each watched for plotly's "afterplot" (drawn):
#: the data it was last drawn with is kept on the chart element. Returns the charts' data, as JSON, now.
WATCH_SECTION = """(select) => JSON.stringify(Array.from(
  select.closest('.widget-vbox').querySelectorAll('.fsd-live-section .js-plotly-plot'), (gd) => {
    if (!gd.fsdWatched) {
      gd.fsdWatched = true;
      gd.on('plotly_afterplot', () => { gd.fsdDrawn = JSON.stringify(gd.data); });
    }
    return gd.data;
  }))"""
#: True when the section's charts hold other data than ``before`` (WATCH_SECTION's answer) and every chart whose
#: data changed has been drawn (plotly's "afterplot") with exactly its data now.
REDRAWN = """([select, before]) => {
  const charts = Array.from(select.closest('.widget-vbox').querySelectorAll('.fsd-live-section .js-plotly-plot'));
  const was = JSON.parse(before), now = charts.map((gd) => JSON.stringify(gd.data));
  if (JSON.stringify(charts.map((gd) => gd.data)) === before) { return false; }
  return charts.every((gd, i) => (i < was.length && now[i] === JSON.stringify(was[i])) || gd.fsdDrawn === now[i]);
}"""
#: The same for a server before the sections were redrawn in place (``--baseline-src``: an ipywidgets Output whose
#: outputs are replaced, a new plot per change): only "the section's chart data changed in the page" can be seen
#: there (a new chart element gets its data, then is drawn), so the baseline's times are if anything too short.
OUTPUT_SECTION = ("(select) => JSON.stringify(Array.from(select.closest('.widget-vbox')"
                  ".querySelectorAll('.widget-output .js-plotly-plot'), e => e.data))")
OUTPUT_CHANGED = f"([select, before]) => ({OUTPUT_SECTION})(select) !== before"


def _browser(pw, chromium: str, args: list[str]):
    return pw.chromium.launch(executable_path=chromium, args=args)


def first_chart(pw, chromium: str, args: list[str], url: str, before=None) -> float:
    """Seconds from navigation until the first plotly chart is drawn; ``before()`` is called just before."""
    browser = _browser(pw, chromium, args)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route(re.compile(r"^(?!(https?://127\.0\.0\.1[:/]|file://)).*"), lambda route: route.abort())
        if before:
            before()
        started = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=900_000)
        page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=900_000)
        return time.perf_counter() - started
    finally:
        browser.close()


def dropdown_changes(pw, chromium: str, args: list[str], url: str, changes: int = 5,
                     marks: list[tuple[float, float]] | None = None) -> list[float]:
    """Milliseconds-level timings (s) of drop-down changes: ``select_option`` until the section's charts hold the
    new state's data and each chart that changed has been drawn with it (plotly's ``plotly_afterplot`` on the chart
    element, :data:`REDRAWN`; on a baseline server whose sections are Output widgets: until the section's chart
    data changed, :data:`OUTPUT_CHANGED`). Uses the first drop-down whose section shows a chart and alternates
    between options that change it. ``marks`` gets each change's (start, end) on ``time.monotonic``
    (the server trace's clock)."""
    browser = _browser(pw, chromium, args)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
        page.goto(url, timeout=900_000)
        page.wait_for_function("() => document.querySelector('.widget-vbox :is(.fsd-live-section, .widget-output) "
                               ".js-plotly-plot .main-svg') && document.querySelector('.widget-dropdown select')",
                               timeout=900_000)
        live = page.evaluate("() => !!document.querySelector('.fsd-live-section')")
        watch, redrawn = (WATCH_SECTION, REDRAWN) if live else (OUTPUT_SECTION, OUTPUT_CHANGED)
        select = page.locator(".widget-vbox:has(:is(.fsd-live-section, .widget-output) .js-plotly-plot) "
                              ".widget-dropdown select").first
        handle = select.element_handle()
        options = select.locator("option").all_inner_texts()
        times: list[float] = []
        current = select.evaluate("s => s.options[s.selectedIndex].text")
        candidates = [o for o in options if o != current] + [current]
        attempts = 0
        while len(times) < changes and attempts < 4 * changes:
            label = candidates[attempts % len(candidates)]
            attempts += 1
            before = page.evaluate(watch, handle)
            started, mark = time.perf_counter(), time.monotonic()
            select.select_option(label=label)
            try:
                page.wait_for_function(redrawn, arg=[handle, before], timeout=60_000, polling="raf")
            except Exception:  # this option draws the same chart
                continue
            times.append(time.perf_counter() - started)
            if marks is not None:
                marks.append((mark, time.monotonic()))
        return times
    finally:
        browser.close()


# --- the target ------------------------------------------------------------------------------------------------------


def _stat(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.2f} s, p95 {percentile(values, 0.95):.2f} s, max {max(values):.2f} s"


def meeting(report, run_mod, builds, tmp: Path, *, baseline_src: Path | None = None) -> None:
    """Measure and add the rows of the "meeting" target to ``report`` (``run_mod`` is bench/run.py)."""
    profile = report.profile
    quick = profile.name == "quick"
    n_one, n_all = (4, 5) if quick else (12, 20)
    one_dashboard = "overview"
    if not builds.measured(run_mod.DEMO, [ASSOCIATION]):
        builds.build(run_mod.DEMO, [ASSOCIATION])
    packs = builds.out(run_mod.DEMO, [ASSOCIATION])
    chromium = run_mod.CHROMIUM if (not quick and Path(run_mod.CHROMIUM).exists()) else None
    load = os.getloadavg()
    report.note("meeting", f"load average before the target {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; "
                           f"{os.cpu_count()} cores shared with whatever else runs on the machine")

    bin_dir = run_mod.BIN
    trace = tmp / "serve-trace.jsonl"  # where serve's viewers wait (finsamdash.pack.serve.Trace)
    servers: list[tuple[str, list, dict | None, str]] = [
        (f"finsamdash serve --audience {n_one}",  # python -m finsamdash.pack.serve: the same with settings for tests
         [sys.executable, "-m", "finsamdash.pack.serve", packs, "--audience", n_one, *CULL_ARGS],
         {**os.environ, TRACE_ENV: str(trace)}, "ready"),
        ("plain voila", [bin_dir / "voila", packs, "--no-browser", "--Voila.ip=127.0.0.1", *CULL_ARGS], None, "none"),
    ]
    if baseline_src is not None:
        env = {**os.environ, "PYTHONPATH": str(Path(baseline_src).resolve())}
        servers.append(("finsamdash serve before (baseline source)",
                        [sys.executable, "-m", "finsamdash.pack.serve", packs, *CULL_ARGS], env, "filled"))
    results: dict[str, dict] = {}
    for name, argv, env, kind in servers:
        results[name] = _measure_server(report, run_mod, tmp, name, argv, env, kind, packs, n_one, n_all,
                                        one_dashboard, chromium, trace if env and TRACE_ENV in env else None)
    serve_name, voila_name = servers[0][0], servers[1][0]
    ours, plain = results[serve_name], results[voila_name]
    if ours.get("one") and plain.get("one"):
        ratio = plain["one"]["p95"] / ours["one"]["p95"]
        report.add("meeting", f"{n_one} viewers open the live {one_dashboard} at once: whole page (HTTP + kernel "
                              "websocket + widget states), p95",
                   f"{ours['one']['p95']:.2f} s serve vs {plain['one']['p95']:.2f} s plain Voilà",
                   "≤ 2 s and ≥ 5× faster", f"{ratio:.1f}× faster",
                   ours["one"]["p95"] <= 2 and ratio >= 5)
    if ours.get("all"):
        report.add("meeting", f"{n_all} viewers over the five dashboards at once: whole page, p95",
                   f"{ours['all']['p95']:.2f} s serve vs {plain.get('all', {}).get('p95', float('nan')):.2f} s "
                   "plain Voilà", "≤ 4 s", "", ours["all"]["p95"] <= 4)
    if ours.get("memory"):
        pss = ours["memory"]
        report.add("meeting", "server + kernels while the crowds are connected (PSS, peak)",
                   f"{pss / 2**30:.2f} GiB serve vs {plain.get('memory', 0) / 2**30:.2f} GiB plain Voilà",
                   "≤ 4 GB", "", pss <= 4e9)
    if "dead_at_start" in ours:
        dead, announced = ours["dead_at_start"], ours["pool"] + ours["dead_at_start"]
        report.add("meeting", "preheated kernels dead at start (announced ready by serve, not running)",
                   f"{dead} of {announced}", "0", "", dead == 0)
    if "left" in ours:
        report.add("meeting", f"kernels left after the crowd left and the cull timeout ({CULL} s) passed",
                   f"{ours['left']} viewer kernels serve ({ours['pool']} preheated stay), {plain.get('left')} plain "
                   "Voilà", "0", "", ours["left"] == 0)
    if ours.get("dropdown"):
        worst = max(ours["dropdown"])
        report.add("meeting", f"drop-down change to redrawn chart in chromium ({ours['dropdown_where']}) with "
                              f"{n_one - 1} other viewers connected",
                   f"median {statistics.median(ours['dropdown']) * 1000:.0f} ms, max {worst * 1000:.0f} ms serve; "
                   + (f"median {statistics.median(plain['dropdown']) * 1000:.0f} ms plain Voilà"
                      if plain.get("dropdown") else ""), "≤ 300 ms", "", worst <= 0.3)
    if ours.get("static"):
        small, full = ours["static"]
        report.add("meeting", "one viewer, static overview.html: first chart drawn in headless chromium",
                   f"{small:.2f} s with the pack's plotly.js vs {full:.2f} s with the full plotly.js", "≤ 1 s",
                   f"{full / small:.1f}× faster", small <= 1)


def _measure_server(report, run_mod, tmp: Path, name: str, argv: list, env, kind: str, packs: Path, n_one: int,
                    n_all: int, one_dashboard: str, chromium: str | None, trace: Path | None = None) -> dict:
    port = run_mod.free_port()
    argv = [str(a) for a in argv] + [f"--port={port}"]
    server = run_mod.Server(re.sub(r"\W+", "-", name).strip("-"), argv, port, tmp, env=env)
    result: dict = {}
    try:
        server.wait_ready()
        started = time.monotonic()
        announced = _wait_pools(server, tmp, kind)
        waited, pool = _settle(server, announced, window=5)
        result["pool"], result["dead_at_start"] = pool, announced - pool
        report.note("meeting", f"{name}: ready with {pool} live preheated kernel(s) ({announced} announced) and "
                               f"idle {time.monotonic() - started:.0f} s after start ({waited:.0f} s of it waiting "
                               f"for quiet); idle memory {pss_rss(server.proc.pid)[0] / 2**30:.2f} GiB PSS")
        base = server.url("").rstrip("/")
        with MemoryPeak(server.proc.pid) as memory:
            crowd = Crowd(base, [one_dashboard] * n_one).visit()
            one = crowd.figures()
            if crowd.errors:
                report.note("meeting", f"{name}: errors in the crowd of {n_one}: {crowd.errors[:3]}")
            crowd.leave()
            if one:
                result["one"] = one
                report.note("meeting", f"{name}: {n_one} viewers of {one_dashboard}: whole page "
                                       f"{_stat([v.whole_s for v in crowd.viewers if v.whole_s])} (page HTTP p95 "
                                       f"{one['page_p95']:.2f} s, widget states p95 {one['states_p95']:.2f} s); "
                                       f"{crowd.wall:.1f} s for all")
            if trace is not None:
                report.note("meeting", f"{name}: crowd of {n_one}, server side: {waits(trace, crowd)}")
            refilled = _back_to_pool(server, pool)  # the next crowd finds the server as the meeting does
            report.note("meeting", f"{name}: pools back to {refilled} of {pool} kernels after the first crowd left "
                                   "(fewer: the memory limit, or kernels that died)")
            spread = [DASHBOARDS[i % len(DASHBOARDS)] for i in range(n_all)]
            crowd = Crowd(base, spread).visit()
            every = crowd.figures()
            if crowd.errors:
                report.note("meeting", f"{name}: errors in the crowd of {n_all}: {crowd.errors[:3]}")
            if trace is not None:
                report.note("meeting", f"{name}: crowd of {n_all}, server side: {waits(trace, crowd)}")
            if every:
                result["all"] = every
                per = {d: [v.whole_s for v in crowd.viewers if v.dashboard == d and v.whole_s] for d in DASHBOARDS}
                report.note("meeting", f"{name}: {n_all} viewers over the five dashboards: whole page "
                                       f"{_stat([v.whole_s for v in crowd.viewers if v.whole_s])}; per dashboard max "
                                       + ", ".join(f"{d} {max(v):.2f} s" for d, v in per.items() if v))
            if chromium:
                _chromium_figures(result, report, name, server, base, crowd, one_dashboard, n_one, chromium,
                                  run_mod, packs, trace)
            crowd.leave()
        result["memory"] = memory.pss
        report.note("meeting", f"{name}: peak memory of server + kernels with the crowds connected: "
                               f"{memory.pss / 2**30:.2f} GiB PSS ({memory.rss / 2**30:.2f} GiB RSS, shared pages "
                               f"counted once per process); {len(_kernels(server))} kernels at the end")
        # everyone has left: after the cull timeout only the preheated pool may remain
        deadline = time.monotonic() + CULL + 60
        while len(_kernels(server)) > pool and time.monotonic() < deadline:
            time.sleep(2)
        result["left"] = max(0, len(_kernels(server)) - pool)
    except run_mod.BenchError as exc:
        report.note("meeting", f"{name}: failed: {exc}")
    finally:
        left = server.stop()
        if left:
            report.note("meeting", f"{name}: {len(left)} processes still running after SIGTERM (killed by pid)")
    return result


def _back_to_pool(server, pool: int) -> int:
    """Wait until the viewers' kernels of a crowd that left are culled and the pools are full again, then idle;
    returns the live kernels (fewer than ``pool`` when the memory limit allows no more, or kernels died and were
    not replaced in time)."""
    time.sleep(CULL + 10)  # the viewers' kernels are culled (cull interval 5 s) before the count means anything
    deadline = time.monotonic() + 120
    while len(_kernels(server)) != pool and time.monotonic() < deadline:
        time.sleep(2)
    return _settle(server, pool, window=3)[1]


def _settle(server, kernels: int, *, window: float, timeout: float = 180) -> tuple[float, int]:
    """Wait (at most ``timeout`` s for the kernels) until ``kernels`` kernels are alive and the server is idle;
    returns (seconds waited, live kernels). Kernels that died are counted, never waited for: with fewer alive
    after ``timeout`` it waits for quiet with the live ones only."""
    started = time.monotonic()
    while len(_kernels(server)) < kernels and time.monotonic() - started < timeout:
        time.sleep(1)
    live = min(kernels, len(_kernels(server)))
    server.wait_quiet(kernels=live, window=window)
    return time.monotonic() - started, live


def _kernels(server) -> list[int]:
    from finsamdash.pack.kernels import descendants, is_kernel

    return [p for p in descendants(server.proc.pid) if is_kernel(p)]


def _wait_pools(server, tmp: Path, kind: str, timeout: float = 900) -> int:
    """The number of preheated kernels once every pool is full: ``kind`` "ready" waits for finsamdash serve's
    ready message, "filled" for Voilà's "pool … is filled" of each dashboard, "none" returns 0 (no pools)."""
    if kind == "none":
        return 0
    log = tmp / f"{server.name}.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        if kind == "ready" and "Klart för mötet" in text:
            return int(re.search(r"\((\d+) kärnor", text).group(1))
        filled = dict(re.findall(r"Kernel pool of (\S+) is filled with (\d+)", text))
        if kind == "filled" and len(filled) >= len(DASHBOARDS):
            return sum(int(n) for n in filled.values())
        time.sleep(1)
    raise TimeoutError(f"{server.name}: pools not filled within {timeout:.0f} s")


def _chromium_figures(result: dict, report, name: str, server, base: str, crowd, one_dashboard: str, n_one: int,
                      chromium: str, run_mod, packs: Path, trace: Path | None = None) -> None:
    from playwright.sync_api import sync_playwright

    args = run_mod.CHROMIUM_ARGS
    with sync_playwright() as pw:
        # one chromium viewer arriving with n-1 others (the crowd of five dashboards is still connected)
        server.wait_quiet(kernels=0, window=3)  # (under the memory limit the pools may not be full again here)
        others = Crowd(base, [one_dashboard] * (n_one - 1))
        chart = first_chart(pw, chromium, args, f"{base}/voila/render/{ASSOCIATION}/latest/{one_dashboard}.ipynb",
                            before=lambda: others.visit(wait=False))
        others.wait()
        result["first_chart"] = chart
        report.note("meeting", f"{name}: first chart of the live {one_dashboard} in chromium for a viewer arriving "
                               f"with {n_one - 1} others: {chart:.2f} s")
        # a drop-down change while the others stay connected
        where = "budget"
        neighbours = Crowd(base, [where] * (n_one - 1)).visit()
        marks: list[tuple[float, float]] = []
        changes = dropdown_changes(pw, chromium, args, f"{base}/voila/render/{ASSOCIATION}/latest/{where}.ipynb",
                                   marks=marks)
        neighbours.leave()
        others.leave()
        if changes:
            result["dropdown"], result["dropdown_where"] = changes, where
            report.note("meeting", f"{name}: drop-down changes on {where} (first drop-down with a chart) with "
                                   f"{n_one - 1} viewers connected: "
                                   + ", ".join(f"{c * 1000:.0f} ms" for c in changes))
            if trace is not None:
                from finsamdash.pack.serve import trace_during

                report.note("meeting", f"{name}: on the server during each drop-down change: "
                                       + "; ".join(f"{(end - begin) * 1000:.0f} ms: {trace_during(trace, begin, end)}"
                                                   for begin, end in marks))
        if "finsamdash serve --audience" in name:  # the static page does not depend on the server
            folder = packs / ASSOCIATION / "latest"
            static = first_chart(pw, chromium, args, f"{base}/voila/files/{ASSOCIATION}/latest/overview.html")
            copy = packs / "_full_plotly"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(folder, copy)
            (copy / "assets" / "plotly.min.js").write_text(_full_plotly_js(), encoding="utf-8")
            full = first_chart(pw, chromium, args, f"{base}/voila/files/_full_plotly/overview.html")
            shutil.rmtree(copy, ignore_errors=True)
            result["static"] = (static, full)
            asset = (folder / "assets" / "plotly.min.js").stat().st_size
            report.note("meeting", f"static overview.html first chart: {static:.2f} s with the pack's plotly.js "
                                   f"({asset / 1e6:.2f} MB) vs {full:.2f} s with the plotly package's full "
                                   f"plotly.js ({len(_full_plotly_js()) / 1e6:.2f} MB)")


def _full_plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()
