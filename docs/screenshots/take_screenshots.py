"""Screenshots of the five dashboards as Voilà renders them, and of the presentation's first slides, for
docs/screenshots/.

Run with ``make screenshots`` (after ``make demo`` has executed the demo notebooks, or it executes them): starts
Voilà on a free loopback port over the executed demo notebooks, opens each dashboard in headless Debian chromium
through Playwright, waits until the kernel has run every cell and the plotly charts are drawn, and saves a
full-page PNG; then opens the pack's ``presentation.html`` offline at 1280 × 720 and saves its first
:data:`SLIDES` slides (``slide-1.png`` …). Needs ``apt-get install chromium`` and ``pip install playwright`` (no
browser download).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
DASHBOARDS = ("overview", "participants", "goals", "indicators", "budget")
SLIDES = 4
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path, help="folder with the executed dashboard notebooks")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--only", nargs="*", default=list(DASHBOARDS), help="dashboards to take (default: all)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "voila", str(args.folder), "--no-browser", "--Voila.ip=127.0.0.1",
         f"--port={port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            for name in args.only:
                page = browser.new_page(viewport={"width": args.width, "height": 900})
                errors: list[str] = []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.goto(f"{base}/voila/render/{name}.ipynb", timeout=120_000)
                # Voilà shows a spinner until the kernel has run every cell, then the rendered outputs
                page.wait_for_function("() => !document.querySelector('#loading') || "
                                       "getComputedStyle(document.querySelector('#loading')).display === 'none'",
                                       timeout=120_000)
                page.wait_for_load_state("networkidle", timeout=120_000)
                charts = page.locator(".js-plotly-plot").count()
                page.wait_for_timeout(1500)  # let plotly finish its transitions
                # Voilà's lab template scrolls inside a container, so grow the viewport to the content's height
                height = page.evaluate("Math.max(...Array.from(document.querySelectorAll('*'), e => e.scrollHeight))")
                page.set_viewport_size({"width": args.width, "height": min(int(height) + 40, 16000)})
                page.wait_for_timeout(1500)  # plotly redraws at the new size
                bottom = page.evaluate("Math.max(...Array.from(document.querySelectorAll('.jp-Cell'), "
                                       "e => e.getBoundingClientRect().bottom))")
                target = OUT / f"{name}.png"
                page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": args.width,
                                                        "height": int(bottom) + 20})
                print(f"{target.relative_to(ROOT)}: {charts} charts, {len(errors)} console errors {errors[:3]}")
                page.close()
            take_slides(browser, args.folder)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


def take_slides(browser, folder: Path, count: int = SLIDES) -> None:
    """The presentation's first ``count`` slides as the projector shows them (16:9), with the network blocked."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto((Path(folder).resolve() / "presentation.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    for index in range(count):
        if index:
            page.keyboard.press("PageDown")
        page.wait_for_function(f"() => Reveal.getIndices().h === {index}")
        if page.evaluate("Reveal.getCurrentSlide().dataset.fsdKind") == "chart":
            page.wait_for_function("() => Reveal.getCurrentSlide().querySelector('.main-svg')")
        page.wait_for_timeout(500)
        target = OUT / f"slide-{index + 1}.png"
        page.screenshot(path=str(target))
        title = page.evaluate("Reveal.getCurrentSlide().querySelector('h1,h2').textContent")
        print(f"{target.relative_to(ROOT)}: {title}")
    page.close()


if __name__ == "__main__":
    sys.exit(main())
