"""The child process that prints ``board-pack.pdf`` with chromium for :func:`finsamdash.pack.pdf.write_pdf`.

Run by path (``python -I .../pdf_child.py``), it imports only the standard library, Playwright and pypdf (to read
on which page each heading landed), not the finsamdash package, so it starts in a fraction of a second. It reads one
JSON request on stdin and writes one JSON reply line on its standard output (which it keeps for itself: anything
else printing goes to stderr).

Why printing runs in a child of its own, under a hard wall-clock limit:

* Playwright does not notice everything that can happen to the browser. A chromium killed while a page is being
  created leaves ``new_page`` waiting for ever: the browser's exit is logged by Playwright's driver, but the page's
  initialisation is never rejected (seen with Playwright 1.65 and Debian's chromium). ``page.pdf`` and
  ``page.evaluate`` have no timeout at all, so a hung renderer would hang them too;
* Playwright starts the browser in a session of its own, so killing the process group of whoever started it does not
  reach chromium.

So this process makes itself a *child subreaper* (Linux ``prctl``): every process started below it (Playwright's
node driver, the browser, chromium's zygote, renderer, GPU and utility processes) stays its descendant even when its
own parent dies, and when printing ends – done, failed, over the limit, chromium gone, or this process told to stop
(SIGTERM/SIGINT, or its parent dying: ``PR_SET_PDEATHSIG``) – it kills all of them and reaps them before it replies.

Reply ``status``: "ok", "error" (Playwright failed: ``detail``), "oserror" (``errno``, ``strerror``, ``filename``),
"crashed" (the browser disconnected before printing was done), "driver" (Playwright's driver process died),
"timeout" (the limit passed), "stopped" (signalled); ``left`` lists processes that could not be killed (none).
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import json
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36
#: After the browser disconnected, how long the printing thread gets to fail by itself before it is given up on.
_GONE_GRACE = 3.0

_ALL_DRAWN = """() => {
  const plots = Array.from(document.querySelectorAll('.fsd-plot'));
  return !!window.Plotly && plots.every(p => p.classList.contains('js-plotly-plot') && p.querySelector('.main-svg'));
}"""
_MARK_LONG_TABLES = """(limit) => {
  for (const table of document.querySelectorAll('table')) {
    table.classList.toggle('fsd-print-long', table.getBoundingClientRect().height > limit);
  }
}"""
#: A chart is one image with its alt text (the plot's ``role="img"`` and ``aria-label``): chromium's tagged PDF
#: would otherwise make a ``/Figure`` without alt text of every part of plotly's SVG inside it.
_FLATTEN_CHARTS = """() => {
  for (const part of document.querySelectorAll('.fsd-plot svg *')) part.setAttribute('role', 'none');
}"""
_FILL_CONTENTS = """(numbers) => {
  for (const cell of document.querySelectorAll('.fsd-toc-page[data-target]')) {
    const number = numbers[cell.dataset.target];
    cell.textContent = number ? String(number) : '';
  }
}"""


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _allow_local(route) -> None:
    """Printing is as offline as the pages: every request other than to local files and inline data is aborted."""
    url = route.request.url
    if url.startswith(("file:", "data:", "about:", "blob:")):
        route.continue_()
    else:
        route.abort()


def target_pages(pdf: bytes) -> dict[str, int]:
    """The page (from 1) of every link target of a PDF printed by chromium: the contents' links to the dashboards
    and their sections are named destinations."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for name, destination in reader.named_destinations.items():
        number = reader.get_destination_page_number(destination)
        if number is not None and number >= 0:
            found[str(name).lstrip("/")] = number + 1
    return found


def _number_contents(page, options: dict) -> None:
    """Put each dashboard's and section's first page into the contents: print once, read on which page each link
    of the contents lands, fill the numbers in (their column has a fixed width, so nothing moves)."""
    page.evaluate(_FILL_CONTENTS, target_pages(page.pdf(**options)))


def _print(request: dict, gone: threading.Event) -> dict:
    """Print ``request["source"]`` to ``request["target"]``; ``gone`` is set if the browser disconnects early."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    step_ms = request["limit"] * 1000
    closing = threading.Event()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=request["chromium"], args=request["args"], headless=True,
                                        timeout=step_ms)
            browser.on("disconnected", lambda _browser: None if closing.is_set() else gone.set())
            try:
                context = browser.new_context(viewport=request["viewport"], locale=request["locale"],
                                              service_workers="block")
                context.route("**/*", _allow_local)
                page = context.new_page()
                page.set_default_timeout(step_ms)
                page.goto(request["source"], wait_until="load")
                page.emulate_media(media="print")
                page.wait_for_function(_ALL_DRAWN, polling=100)
                page.evaluate("document.fonts ? document.fonts.ready.then(() => true) : true")
                page.evaluate(_MARK_LONG_TABLES, request["long_table_px"])
                page.evaluate(_FLATTEN_CHARTS)
                options = request["options"]
                _number_contents(page, options)
                pdf = page.pdf(path=request["target"], **options)
            finally:
                closing.set()
                browser.close()
        return {"status": "ok", "pages": _pages(pdf)}
    except OSError as exc:
        return {"status": "oserror", "errno": exc.errno, "strerror": exc.strerror or str(exc),
                "filename": exc.filename}
    except PlaywrightTimeout as exc:
        return {"status": "timeout", "detail": _first_line(exc)}
    except PlaywrightError as exc:
        return {"status": "error", "detail": _first_line(exc)}
    except Exception as exc:  # anything else goes back to the parent as text
        return {"status": "error", "detail": f"{type(exc).__name__}: {_first_line(exc)}"}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _prctl(option: int, value: int) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux: the limit still holds, stray processes are not guaranteed gone
        return False


def _children() -> dict[int, list[int]]:
    """Every process's children, by parent pid (from ``/proc``)."""
    tree: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2:].split()  # after "pid (comm) ": state, ppid, ...
        tree.setdefault(int(fields[1]), []).append(int(name))
    return tree


def descendants(root: int) -> list[int]:
    """The pids below ``root`` (zombies included), parents before children."""
    if not os.path.isdir("/proc"):
        return []
    tree = _children()
    found, queue = [], list(tree.get(root, []))
    while queue:
        pid = queue.pop(0)
        found.append(pid)
        queue.extend(tree.get(pid, []))
    return found


def _reap() -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_descendants(wait: float = 10.0) -> list[int]:
    """SIGKILL every process below this one and reap them (orphans come back to this subreaper); returns the pids
    that were still there after ``wait`` seconds (none, normally)."""
    deadline = time.monotonic() + wait
    while True:
        left = descendants(os.getpid())
        for pid in left:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        _reap()
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def main() -> int:
    reply = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # stray prints must not corrupt the reply
    request = json.loads(sys.stdin.read())
    parent = request.get("parent")
    _prctl(_PR_SET_CHILD_SUBREAPER, 1)
    _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    stopped = threading.Event()

    def stop(_signum, _frame) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if parent is not None and os.getppid() != parent:  # the parent died before PR_SET_PDEATHSIG was in place
        stopped.set()

    outcome: dict = {}
    gone = threading.Event()
    done = threading.Event()

    def work() -> None:
        try:
            outcome.update(_print(request, gone))
        finally:
            done.set()

    started = time.monotonic()
    deadline = started + request["limit"]
    gone_at = None
    if not stopped.is_set():
        threading.Thread(target=work, name="print", daemon=True).start()
    result: dict
    while True:
        if stopped.is_set():
            result = {"status": "stopped"}
            break
        if done.wait(0.05):
            result = dict(outcome)
            if result.get("status") != "ok" and gone.is_set():  # the error was the browser going away
                result = {"status": "crashed", "detail": result.get("detail")}
            elif "connection closed" in str(result.get("detail", "")).lower():  # Playwright's driver died
                result = {"status": "driver", "detail": result.get("detail")}
            break
        now = time.monotonic()
        if gone.is_set():
            gone_at = gone_at or now
            if now - gone_at > _GONE_GRACE:
                result = {"status": "crashed", "detail": None}
                break
        if now > deadline:
            result = {"status": "timeout", "detail": None}
            break
    left = kill_descendants()
    result["duration"] = round(time.monotonic() - started, 3)
    result["left"] = left
    reply.write(json.dumps(result) + "\n")
    reply.flush()
    os._exit(0)  # the printing thread may still be blocked in Playwright: do not wait for it


if __name__ == "__main__":
    sys.exit(main())
