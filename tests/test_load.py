"""Load on ``finsamdash serve`` (loopback only, bounded in count and time).

Viewers of the live dashboards do what the browser does: load the Voilà page (the server runs the notebook in a
kernel, or hands over a preheated one), open the page's kernel websocket, ask for the kernel's info and for the
widgets' comms (as the widget manager does), then leave. At the same time many clients fetch the static pages
(pack index, front page, offline HTML, plotly.js). Asserted: zero errors, every viewer got a kernel with the page's
widgets, and after the viewers left their kernels are culled (short cull timeout given on the command line, the
checked-in config keeps 15 minutes). Printed: p50/p95 latencies, peak kernel count and server+kernel memory.

``make test`` runs a reduced form (4 viewers, 30 static fetches); ``FINSAMDASH_LOAD_FULL=1`` runs the full form of
the reliability figures (20 viewers over all five dashboards, 100 static fetches). Latencies are not asserted.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import threading
import time
import uuid
from pathlib import Path

import pytest
from test_serve import _kernel_id, _start, _stop, kernel_message, kernel_replies

FULL = os.environ.get("FINSAMDASH_LOAD_FULL", "") not in ("", "0")
VIEWERS = 20 if FULL else 4
STATIC = 100 if FULL else 30
DASHBOARDS = ["overview", "participants", "goals", "indicators", "budget"] if FULL else ["overview", "budget"]
WIDGET_DASHBOARDS = {"participants", "goals", "indicators", "budget"}
CULL = ["--MappingKernelManager.cull_idle_timeout=6", "--MappingKernelManager.cull_interval=2"]
TIME_LIMIT = 900 if FULL else 300  # seconds for all viewers together


@pytest.fixture(scope="module")
def pack(demo_pack) -> Path:
    """The session's demo pack (tests/conftest.py; only served here, never changed): the folder of its meeting
    packs."""
    return demo_pack.parent.parent


class Sampler:
    """Samples the server's kernel processes and the memory (RSS) of server + kernels every half second."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.server = psutil.Process(pid)
        self.peak_kernels = 0
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def kernels(self) -> list:
        import psutil

        from finsamdash.pack.kernels import is_kernel  # started kernels and kernels forked by serve's fork server

        found = []
        for child in self.server.children(recursive=True):
            try:
                if is_kernel(child.pid):
                    found.append(child)
            except psutil.Error:
                pass
        return found

    def memory_mb(self) -> float:
        import psutil

        total = 0
        for proc in [self.server, *self.server.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
        return total / 2**20

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.peak_kernels = max(self.peak_kernels, len(self.kernels()))
            self.peak_mb = max(self.peak_mb, self.memory_mb())

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


async def _fetch(client, url: str) -> tuple[int, bytes, float]:
    from tornado.httpclient import HTTPClientError

    started = time.monotonic()
    try:
        response = await client.fetch(url, request_timeout=TIME_LIMIT, follow_redirects=False)
        return response.code, response.body, time.monotonic() - started
    except HTTPClientError as exc:
        return exc.code, b"", time.monotonic() - started


async def _viewer(client, base: str, dashboard: str) -> dict:
    """One viewer: the page, then the page's kernel websocket (kernel info + the widgets' comms), then leave."""
    status, body, page_s = await _fetch(client, f"{base}/voila/render/norrsken/latest/{dashboard}.ipynb")
    result = {"dashboard": dashboard, "status": status, "page_s": page_s, "errors": []}
    if status != 200:
        result["errors"].append(f"HTTP {status}")
        return result
    if b"Traceback" in body or b"There was an error when executing cell" in body:
        result["errors"].append("error in the page")
    started = time.monotonic()
    session = uuid.uuid4().hex
    replies = await kernel_replies(base, _kernel_id(body), [
        kernel_message("kernel_info_request", {}, session=session),
        kernel_message("comm_info_request", {"target_name": "jupyter.widget"}, session=session)], wait=60,
        until={"kernel_info_reply", "comm_info_reply"})
    result["kernel_s"] = time.monotonic() - started
    types = {m["header"]["msg_type"]: m for m in replies}
    if "kernel_info_reply" not in types or "comm_info_reply" not in types:
        result["errors"].append(f"kernel did not answer: {sorted(types)}")
    elif dashboard in WIDGET_DASHBOARDS and not types["comm_info_reply"]["content"]["comms"]:
        result["errors"].append("no widgets in the kernel")
    return result


async def _load(base: str) -> tuple[list[dict], list[tuple[int, float]]]:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=VIEWERS + STATIC)
    client = AsyncHTTPClient()
    static_paths = ["voila/files/index.html", "voila/files/norrsken/latest/index.html",
                    "voila/files/norrsken/latest/overview.html", "voila/files/norrsken/latest/budget.html",
                    "voila/files/norrsken/latest/participants.html", "voila/files/norrsken/latest/assets/plotly.min.js"]
    viewers = [_viewer(client, base, DASHBOARDS[i % len(DASHBOARDS)]) for i in range(VIEWERS)]
    static = [_fetch(client, f"{base}/{static_paths[i % len(static_paths)]}") for i in range(STATIC)]
    results = await asyncio.wait_for(asyncio.gather(*viewers, *static), timeout=TIME_LIMIT)
    return list(results[:VIEWERS]), [(code, seconds) for code, _, seconds in results[VIEWERS:]]


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@pytest.mark.slow
def test_viewers_and_static_fetches_under_load(pack):
    proc, base = _start(pack, *CULL)
    try:
        sampler = Sampler(proc.pid)
        pooled = len(list((pack / "norrsken" / "latest").glob("*.ipynb")))
        deadline = time.monotonic() + 180  # the preheated pool of the latest dashboards fills after the start
        while len(sampler.kernels()) < pooled and time.monotonic() < deadline:
            time.sleep(1)
        idle_mb = sampler.memory_mb()
        with sampler:
            started = time.monotonic()
            viewers, static = asyncio.run(_load(base))
            wall = time.monotonic() - started
        errors = [(v["dashboard"], v["errors"]) for v in viewers if v["errors"]]
        assert errors == []
        assert [code for code, _ in static if code != 200] == []
        pages = [v["page_s"] for v in viewers]
        kernels = [v["kernel_s"] for v in viewers]
        files = [s for _, s in static]
        print(f"\nload ({'full' if FULL else 'reduced'}, shared 2-core machine): {VIEWERS} viewers of "
              f"{', '.join(DASHBOARDS)} + {STATIC} static fetches in {wall:.1f} s, 0 errors")
        print(f"  live page  p50 {statistics.median(pages):.2f} s  p95 {_p(pages, 0.95):.2f} s  "
              f"max {max(pages):.2f} s")
        print(f"  kernel ws  p50 {statistics.median(kernels):.2f} s  p95 {_p(kernels, 0.95):.2f} s")
        print(f"  static     p50 {statistics.median(files) * 1000:.0f} ms  p95 {_p(files, 0.95) * 1000:.0f} ms")
        print(f"  kernels: {pooled} preheated before, peak {sampler.peak_kernels}; memory server+kernels "
              f"{idle_mb:.0f} MB before, peak {sampler.peak_mb:.0f} MB")
        assert sampler.peak_kernels >= pooled
        # the viewers left: their kernels are culled, the preheated pool stays
        left_at = time.monotonic()
        while len(sampler.kernels()) > pooled and time.monotonic() < left_at + 120:
            time.sleep(1)
        left = len(sampler.kernels())
        print(f"  after the viewers left: {left} kernels after {time.monotonic() - left_at:.0f} s, "
              f"{sampler.memory_mb():.0f} MB")
        assert left <= pooled
    finally:
        _stop(proc)
