"""What a board member waits for on the live dashboards (issue #17): request to first chart, request to the whole
page, and a drop-down redraw, per dashboard, in headless chromium (Playwright, loopback only).

    python bench/live.py                          # this checkout: build the demo pack, serve it, measure
    python bench/live.py --src DIR --label main   # another source tree (e.g. `git archive main | tar -x -C DIR`)

Each run builds the demo pack of norrsken (meeting 2026-11-23, previous 2026-09-24, no PDF) with the code of the
source tree (``PYTHONPATH=DIR`` for another tree), serves it with that tree's ``finsamdash serve`` on a free
loopback port and waits until the server says the meeting is ready and its processes are idle. Then, for each of
the five dashboards of ``latest``, ``--reps`` fresh browser pages (one after the other, the server idle before
each) are timed:

* **first chart**: from ``page.goto`` until the first plotly chart is drawn (``.js-plotly-plot .main-svg``);
* **whole page**: until the loading screen is gone and every interactive section shows its drop-downs and a
  filled output;
* **redraw**: on the dashboards with drop-downs, the first drop-down of the first section with a chart is set to
  each of its other values in turn; each change is timed from ``select_option`` until the kernel has answered
  (its "idle" status on the page's websocket) and the section's charts are drawn, median over the values;
* **static**: the pack's static page of the dashboard opened from ``file://``, until its first chart is drawn.

``--screenshots DIR`` also saves the live participants page at 1366×768 and 768×1024 (``live-1366x768.png``,
``live-768x1024.png``; the page as a board member first sees it, and with Kön = Annat/okänt chosen in the first
section that offers it, scrolled into view).

Medians over the repetitions are printed as one Markdown table (with the machine's load average). Nothing is
asserted; the server is stopped with SIGTERM and its kernels checked as in ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # bench/run.py: Server, free_port, chromium settings

DASHBOARDS = ("overview", "participants", "goals", "indicators", "budget")
ASSOCIATION = "norrsken"
#: True once the loading screen is gone and every interactive section shows drop-downs and a filled output.
WHOLE = ("() => (!document.querySelector('#loading') || getComputedStyle(document.querySelector('#loading'))"
         ".display === 'none') && document.querySelector('.js-plotly-plot .main-svg') && "
         "Array.from(document.querySelectorAll('.widget-vbox')).every(v => v.querySelector('.widget-dropdown select')"
         " && v.querySelector('.fsd-live-section')"
         " && v.querySelector('.fsd-live-section').innerText.trim().length > 0)")
IDLE = re.compile(rb'"execution_state":\s*"idle"')
#: The model id of every widget view in the page's HTML (one per interactive section).
SECTIONS = re.compile(r'widget-view\+json[^}]*?model_id\\?"?: ?\\?"([0-9a-f]{32})')


def build(src: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(src)}
    subprocess.run([sys.executable, "-m", "finsamdash", "build", str(bench.DEMO), "--meeting", bench.MEETING,
                    "--previous", bench.PREVIOUS, "--association", ASSOCIATION, "--out", str(out), "--no-pdf"],
                   check=True, env=env, cwd=src, stdout=subprocess.DEVNULL)


def measure(base: str, dashboard: str, browser) -> dict[str, float | None]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    idle = [0]  # the kernel's "idle" status messages seen on the page's websockets

    def frame(payload) -> None:
        idle[0] += len(IDLE.findall(payload.encode() if isinstance(payload, str) else payload))

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    url = f"{base}/voila/render/{ASSOCIATION}/latest/{dashboard}.ipynb"
    started = time.perf_counter()
    response = page.goto(url, wait_until="commit", timeout=600_000)
    page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=600_000)
    first = time.perf_counter() - started
    sections = len(set(SECTIONS.findall(response.text()))) if response else 0
    page.wait_for_function(f"() => ({WHOLE})() && document.querySelectorAll('.widget-vbox').length >= {sections}",
                           timeout=600_000)
    whole = time.perf_counter() - started
    redraws = []
    select = page.locator(".widget-vbox:has(.fsd-live-section .js-plotly-plot) .widget-dropdown select").first
    if sections and select.count():
        handle = select.element_handle()
        for label in select.locator("option").all_inner_texts()[1:6]:
            before = idle[0]
            started = time.perf_counter()
            try:
                select.select_option(label=label, timeout=10_000)
            except PlaywrightTimeout:  # the drop-down's options changed (a dependent drop-down): stop here
                break
            while idle[0] <= before:  # the kernel answered (the output may be the same as before)
                page.wait_for_timeout(5)
            page.wait_for_function("(s) => !s.closest('.widget-vbox')"
                                   ".querySelector('.fsd-live-section .js-plotly-plot:not(:has(.main-svg))')",
                                   arg=handle, timeout=60_000)
            redraws.append(time.perf_counter() - started)
            print("redraw", dashboard, label, redraws[-1], flush=True)
    page.close()
    return {"first": first, "whole": whole, "redraw": statistics.median(redraws) if redraws else None}


def measure_static(folder: Path, dashboard: str, browser) -> float:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    started = time.perf_counter()
    page.goto((folder / f"{dashboard}.html").as_uri(), wait_until="commit", timeout=600_000)
    page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=600_000)
    elapsed = time.perf_counter() - started
    page.close()
    return elapsed


def screenshots(base: str, browser, target: Path) -> None:
    """The live participants page at a laptop's and a tablet's size (see the module docstring)."""
    target.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 768), (768, 1024)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{base}/voila/render/{ASSOCIATION}/latest/participants.ipynb", timeout=600_000)
        page.wait_for_function(WHOLE, timeout=600_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(target / f"live-{width}x{height}.png"))
        # the first section with a gender drop-down, found by its choice, not its position
        section = page.locator(".widget-vbox", has=page.locator("option", has_text="Annat/okänt")).first
        section.scroll_into_view_if_needed()
        gender = section.locator("select", has=page.locator("option", has_text="Annat/okänt")).first
        gender.select_option(value=gender.locator("option", has_text="Annat/okänt").first.get_attribute("value"))
        page.wait_for_function("(s) => s.closest('.widget-vbox').innerText.includes('Urval')",
                               arg=gender.element_handle(), timeout=60_000)
        page.wait_for_timeout(1000)
        page.evaluate("(s) => s.closest('.widget-vbox').scrollIntoView()", gender.element_handle())
        page.screenshot(path=str(target / f"live-{width}x{height}-narrowed.png"))
        page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=bench.ROOT, help="source tree to build and serve with")
    parser.add_argument("--label", default="this checkout")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--screenshots", type=Path, default=None, help="save screenshots of a live page here")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    src = args.src.resolve()
    tmp = Path(tempfile.mkdtemp(prefix="fsd-live-"))
    server = None
    try:
        packs = tmp / "packs"
        started = time.perf_counter()
        build(src, packs)
        bench.log(f"built in {time.perf_counter() - started:.1f} s")
        port = bench.free_port()
        env = {**os.environ, "PYTHONPATH": str(src)}
        server = bench.Server("serve", [sys.executable, "-m", "finsamdash", "serve", packs, "--port", port], port,
                              tmp, env=env)
        server.wait_ready()
        server.wait_quiet(kernels=len(DASHBOARDS))
        results: dict[str, list[dict]] = {d: [] for d in DASHBOARDS}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS)
            try:
                for rep in range(args.reps):
                    for dashboard in DASHBOARDS:
                        server.wait_quiet(kernels=len(DASHBOARDS))
                        results[dashboard].append(measure(f"http://127.0.0.1:{server.port}", dashboard, browser))
                        results[dashboard][-1]["static"] = measure_static(packs / ASSOCIATION / "latest",
                                                                          dashboard, browser)
                        bench.log(f"  {rep + 1}/{args.reps} {dashboard}: {results[dashboard][-1]}")
                if args.screenshots:
                    server.wait_quiet(kernels=len(DASHBOARDS))
                    screenshots(f"http://127.0.0.1:{server.port}", browser, args.screenshots.resolve())
            finally:
                browser.close()
        load = os.getloadavg()
        print(f"\n{args.label} ({src}); median of {args.reps}; load average at end "
              f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}\n")
        print("| dashboard | first chart | whole page | drop-down redraw | static page, first chart |\n"
              "|---|---|---|---|---|")
        def med(runs: list[dict], key: str) -> str:
            values = [r[key] for r in runs if r[key] is not None]
            return f"{statistics.median(values):.2f} s" if values else "–"

        for dashboard, runs in results.items():
            print(f"| {dashboard} | {med(runs, 'first')} | {med(runs, 'whole')} | {med(runs, 'redraw')} | "
                  f"{med(runs, 'static')} |")
        return 0
    finally:
        if server is not None:
            left = server.stop()
            if left:
                print(f"processes left after SIGTERM (killed by pid): {left}")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
