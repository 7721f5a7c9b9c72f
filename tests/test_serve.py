"""``finsamdash serve``: Voilà over a built pack — files policy, token, non-loopback refusal, live dashboards.

The slow tests serve a copy of the session's demo pack (one association) with real Voilà servers on free loopback
ports (``python -m finsamdash.pack.serve``) and drive Debian's chromium through Playwright. All traffic goes to
127.0.0.1; the browser aborts every other request.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser_helpers import watch

from finsamdash.errors import UsageError
from finsamdash.pack.serve import CONFIG_FILE, check_bind, is_loopback, serve, url_for, voila_argv

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "test-token-5f3a9c"
SECRET = "hemlig-detalj-7d21"


# --- fast ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.4.5", "localhost", "::1", "[::1]"])
def test_loopback_hosts(host):
    assert is_loopback(host)
    check_bind(host, None)  # no token needed


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org", "10.0.0.1"])
def test_non_loopback_hosts_need_a_token(host):
    assert not is_loopback(host)
    with pytest.raises(UsageError, match="utan lösenord"):
        check_bind(host, None)
    with pytest.raises(UsageError):
        check_bind(host, "   ")
    check_bind(host, TOKEN)


def test_serve_refuses_before_starting_anything(tmp_path):
    with pytest.raises(UsageError, match="--token"):
        serve(tmp_path, host="0.0.0.0", port=1)
    with pytest.raises(UsageError, match="Hittar inte mappen"):
        serve(tmp_path / "saknas", port=1)
    with pytest.raises(UsageError, match=r"index\.html saknas"):
        serve(tmp_path, port=1)


def test_non_loopback_without_token_exits_2_in_swedish(tmp_path):
    """Refused at once: the command stops after its imports, before Voilà or a kernel starts. Measured in CPU
    seconds of the command and everything it started (≈ 3 s here, what importing the package costs), not in wall
    time, which a loaded machine stretches (once 30 s at load average 16)."""
    import resource

    port = _free_port()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "finsamdash.pack.serve", str(tmp_path), "--host", "0.0.0.0",
                             "--port", str(port)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 2
    assert "Vägrar att visa mötesunderlagen på 0.0.0.0 utan lösenord" in result.stderr
    assert "Traceback" not in result.stderr
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert 0 < cpu < 15, f"{cpu:.1f} s CPU before refusing"
    with socket.socket() as sock:  # nothing listens on the port
        assert sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("item", ["--Voila.token=", "--voila.ip=0.0.0.0", "--ServerApp.token=x", "--Voila.port=1",
                                  "--Voila.config_file_paths=/tmp", "rm -rf", "--x", "--A.b"])
def test_overrides_cannot_change_address_token_or_config(tmp_path, item):
    with pytest.raises(UsageError):
        voila_argv(tmp_path, host="127.0.0.1", port=1, token=None, overrides=[item])


def test_overrides_come_before_address_and_token(tmp_path):
    argv = voila_argv(tmp_path, host="127.0.0.1", port=5, token="t",
                      overrides=["--MappingKernelManager.cull_idle_timeout=5"])
    assert argv.index("--MappingKernelManager.cull_idle_timeout=5") < argv.index("--Voila.ip=127.0.0.1")
    assert argv[-1] == "--Voila.token=t"


def test_url_is_printed_with_token():
    assert url_for("127.0.0.1", 8866) == "http://127.0.0.1:8866/"
    assert url_for("::1", 8866, "abc") == "http://[::1]:8866/?token=abc"


def test_config_file_is_checked_in_and_strict():
    config = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    voila = config["VoilaConfiguration"]
    assert voila["show_tracebacks"] is False and voila["strip_sources"] is True
    assert voila["preheat_kernel"] is True and voila["default_pool_size"] >= 1
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    import re

    def allowed(path: str) -> bool:
        return (any(re.fullmatch(p, path, re.I) for p in voila["file_allowlist"])
                and not any(re.fullmatch(p, path, re.I) for p in voila["file_denylist"]))

    for path in ("index.html", "norrsken/latest/overview.html", "norrsken/2026-11-23/board-pack.pdf",
                 "norrsken/latest/assets/plotly.min.js"):
        assert allowed(path), path
    for path in ("norrsken/latest/overview.ipynb", "data/participants.csv", "data/demo.xlsx", "x/manifest.json",
                 ".build.lock", "norrsken/.tmp-2026-11-23-ab/overview.html", "norrsken/2026-11-23-misslyckad/a.html",
                 "tool.py"):
        assert not allowed(path), path
    # only the latest meetings' dashboards get preheated kernels
    (deny,) = config["VoilaKernelManager"]["preheat_denylist"]
    assert re.match(deny, "norrsken/2026-11-23/overview.ipynb")
    assert not re.match(deny, "norrsken/latest/overview.ipynb")


def test_config_and_template_ship_as_package_data():
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["finsamdash"]
    package = ROOT / "finsamdash"
    shipped = [p for p in (package / "pack" / "voila").rglob("*") if p.is_file()]
    assert {CONFIG_FILE, package / "pack/voila/jupyter/voila/templates/finsam/index.html.j2"} <= set(shipped)
    for path in shipped:
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative


# --- slow: real servers ----------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _get(url: str) -> tuple[int, dict, bytes]:
    """GET without following redirects (loopback only)."""
    assert url.startswith("http://127.0.0.1:")
    try:
        with _OPENER.open(url, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        with exc:  # the error holds the response and its socket: closed, never left to the garbage collector
            return exc.code, dict(exc.headers), exc.read()


def _log(pack: Path, base: str) -> Path:
    return pack.parent / f"serve-{base.rsplit(':', 1)[1]}.log"


def _start(pack: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    with _log(pack, f"http://127.0.0.1:{port}").open("w") as log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen([sys.executable, "-m", "finsamdash.pack.serve", str(pack), "--port", str(port), *extra],
                                stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve stopped: {(pack.parent / f'serve-{port}.log').read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, base
        except OSError:
            time.sleep(0.3)
    _stop(proc)
    raise TimeoutError(base)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


def add_what_must_never_be_served(out: Path) -> None:
    """Put into the packs folder ``out`` the things that must never be downloadable, where a careless director might
    put them (the session's served pack has them: tests/conftest.py, ``served_pack``)."""
    data = out / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "demo" / "participants.csv", data / "participants.csv")
    shutil.copy(ROOT / "data" / "demo" / "demo.xlsx", data / "demo.xlsx")
    shutil.copy(ROOT / "data" / "demo" / "participants.csv", out / "norrsken" / "latest" / "kopia.csv")
    pdf = out / "norrsken" / "latest" / "board-pack.pdf"
    if not pdf.exists():  # the pack is built without its PDF
        pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    # a served-looking file outside the served folder (only path traversal could reach it)
    (out.parent / "utanfor.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    # a notebook that fails with a detail no viewer may see
    broken = out / "prov"
    broken.mkdir()
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Prov"), nbformat.v4.new_code_cell(
        f"import finsamdash\nraise RuntimeError('{SECRET} ' + finsamdash.__file__)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, broken / "fel.ipynb")


@pytest.fixture(scope="module")
def pack(served_pack) -> Path:
    """The session's served packs folder (tests/conftest.py: a copy of the demo pack with
    :func:`add_what_must_never_be_served`)."""
    return served_pack


@pytest.fixture(scope="module")
def server(served_demo):
    """The session's server over :func:`pack` (tests/conftest.py: started once, shared with test_live_ux)."""
    return served_demo


@pytest.mark.slow
def test_index_is_reachable_and_lists_the_meeting(server):
    status, headers, _ = _get(server + "/")
    assert status in (301, 302) and headers["Location"].endswith("/voila/files/index.html")
    status, _, body = _get(server + "/voila/files/index.html")
    assert status == 200
    assert "norrsken/2026-11-23/index.html" in body.decode()
    status, _, body = _get(server + "/voila/files/norrsken/latest/index.html")
    assert status == 200 and "overview" in body.decode()


@pytest.mark.slow
def test_html_and_pdf_are_served_but_not_sources_or_data(server):
    for path in ("norrsken/latest/overview.html", "norrsken/2026-11-23/budget.html",
                 "norrsken/latest/board-pack.pdf", "norrsken/latest/assets/plotly.min.js",
                 # the director's presentation of the current pack, live, with its slide engine
                 "norrsken/latest/presentation.html", "norrsken/latest/assets/reveal/reveal.js",
                 "norrsken/latest/assets/reveal/reveal.css", "norrsken/latest/assets/reveal/plugin/notes.js"):
        status, _, _ = _get(f"{server}/voila/files/{path}")
        assert status == 200, path
    for path in ("data/participants.csv", "data/demo.xlsx", "norrsken/latest/kopia.csv",
                 "norrsken/latest/manifest.json", ".build.lock", "../packs/data/participants.csv"):
        status, _, body = _get(f"{server}/voila/files/{path}")
        assert status in (403, 404), path
        assert b"person_id" not in body and b"participant" not in body.lower()
    # a notebook link opens the live dashboard instead of the source
    status, headers, body = _get(f"{server}/voila/files/norrsken/latest/overview.ipynb")
    assert status == 302 and headers["Location"].endswith("/voila/render/norrsken/latest/overview.ipynb")
    assert b"cell_type" not in body
    # the dashboard itself shows outputs, not code (strip_sources)
    status, _, body = _get(f"{server}/voila/render/norrsken/latest/overview.ipynb")
    assert status == 200
    assert b"import finsamdash.dashboards" not in body and b"fd.OverviewPage" not in body
    # nor does the contents API hand out sources
    status, _, body = _get(f"{server}/voila/api/contents/norrsken/latest/overview.ipynb?content=1&type=notebook")
    assert b"cell_type" not in body and b"import " not in body


@pytest.mark.slow
def test_token_is_required_when_set(pack):
    proc, base = _start(pack, "--token", TOKEN)
    try:
        for path in ("/voila/render/norrsken/latest/overview.ipynb", "/voila/files/index.html",
                     "/voila/files/norrsken/latest/overview.html", "/voila/tree"):
            status, headers, _ = _get(base + path)
            assert status in (302, 403), path
            if status == 302:
                assert "/login" in headers["Location"], path
        status, _, body = _get(f"{base}/voila/files/index.html?token={TOKEN}")
        assert status == 200 and b"norrsken" in body
        status, _, _ = _get(f"{base}/voila/files/index.html?token=wrong")
        assert status in (302, 403)
    finally:
        _stop(proc)


#: The titles of the charts inside widget outputs (plotly draws them as SVG text).
TITLES = "() => Array.from(document.querySelectorAll('.fsd-live-section .gtitle'), e => e.textContent)"


def _wait_rendered(page) -> None:
    page.wait_for_function("() => !document.querySelector('#loading') || "
                           "getComputedStyle(document.querySelector('#loading')).display === 'none'",
                           timeout=180_000)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0",
                           timeout=120_000)


@pytest.mark.slow
def test_dashboard_is_live_in_chromium(server):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors, foreign = watch(page, server)
            page.goto(f"{server}/voila/render/norrsken/latest/budget.ipynb", timeout=180_000)
            _wait_rendered(page)
            assert page.locator(".js-plotly-plot").count() >= 1
            select = page.locator(".widget-dropdown select").first
            select.wait_for(timeout=60_000)
            assert page.locator(".widget-dropdown select").count() >= 1
            # the live section's charts are drawn once plotly.js has come over its comm (after the page's others)
            page.wait_for_function(f"() => ({TITLES})().length > 0", timeout=60_000)
            titles = page.evaluate(TITLES)
            assert titles and all(titles), titles
            options = select.locator("option").all_inner_texts()
            assert len(options) >= 2
            select.select_option(label=options[1])
            page.wait_for_function(
                "(before) => { const now = Array.from(document.querySelectorAll('.fsd-live-section .gtitle'),"
                " e => e.textContent); return now.length > 0 && JSON.stringify(now) !== JSON.stringify(before); }",
                arg=titles, timeout=60_000)
            after = page.evaluate(TITLES)
            assert after != titles and all(after), (titles, after)
            print(f"chart titles {titles} -> {after}")
        finally:
            browser.close()
    assert errors == [], errors
    assert foreign == []  # no CDN requests (fontawesome removed by the finsam template)


def _wait_log(log: Path, text: str, count: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while log.read_text().count(text) < count:
        assert time.monotonic() < deadline, f"{text!r} × {count} not in {log.read_text()[-3000:]}"
        time.sleep(0.5)


@pytest.mark.slow
def test_pooled_kernels_of_an_old_meeting_are_replaced_when_latest_moves(pack):
    copy = pack.parent / "moving"
    shutil.copytree(pack, copy, symlinks=True)
    notebooks = len(list((copy / "norrsken" / "latest").glob("*.ipynb")))
    proc, base = _start(copy)
    log = _log(copy, base)
    try:
        _wait_log(log, "is filled with", notebooks)  # only the latest meeting's dashboards are preheated
        assert "2026-11-23/" not in "".join(line for line in log.read_text().splitlines() if "filled" in line)
        shutil.copytree(copy / "norrsken" / "2026-11-23", copy / "norrsken" / "2026-11-30", symlinks=True)
        (copy / "norrsken" / "latest.new").symlink_to("2026-11-30")
        (copy / "norrsken" / "latest.new").replace(copy / "norrsken" / "latest")
        _wait_log(log, "Kernel shutdown", notebooks, timeout=60)
        _wait_log(log, "is filled with", 2 * notebooks)
    finally:
        _stop(proc)


# --- slow: security of the running server ------------------------------------------------------------------------

#: Request paths that try to leave the served folder or reach files that are not for viewers.
TRAVERSALS = [
    "/voila/files/../utanfor.html", "/voila/files/%2e%2e/utanfor.html", "/voila/files/%2E%2E%2Futanfor.html",
    "/voila/files/..%2futanfor.html", "/voila/files/norrsken/..%2f..%2futanfor.html",
    "/voila/files/%252e%252e/utanfor.html", "/voila/files//etc/passwd", "/voila/files/%2Fetc%2Fpasswd",
    "/voila/files/norrsken/latest/../../../utanfor.html", "/voila/render/../utanfor.html",
    "/voila/render/%2e%2e/utanfor.html", "/voila/render/%2Fetc%2Fpasswd", "/voila/render//etc/passwd",
    "/voila/tree/..", "/voila/tree/%2e%2e", "/voila/api/contents/..", "/voila/api/contents/%2e%2e/utanfor.html",
    "/voila/static/../../../../../../etc/passwd", "/voila/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/templates/../../../../etc/passwd", "/voila/templates/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
    "/voila/labextensions/../../../../etc/passwd", "/voila/labextensions/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/api/themes/../../../../etc/passwd", "/voila/api/themes/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/../utanfor.html", "/%2e%2e/utanfor.html", "//etc/passwd",
]


def _raw_get(base: str, path: str) -> tuple[int, dict, bytes]:
    """GET ``path`` exactly as written (no client-side normalisation of ``..`` or percent escapes)."""
    import http.client

    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.mark.slow
def test_no_path_traversal_in_any_route(server, pack):
    assert SECRET in (pack.parent / "utanfor.html").read_text(encoding="utf-8")
    for path in TRAVERSALS:
        status, headers, body = _raw_get(server, path)
        assert SECRET.encode() not in body, path
        assert b"root:x:0:0" not in body, path
        assert b"Traceback" not in body, path
        if status in (301, 302):  # a redirect must stay inside the server and lead nowhere outside either
            location = headers.get("Location", "")
            assert not location.startswith(("http://", "https://", "//")) or location.startswith(server), path
            _, _, body2 = _raw_get(server, location.removeprefix(server) or "/")
            assert SECRET.encode() not in body2 and b"root:x:0:0" not in body2, (path, location)
        else:
            assert status in (400, 403, 404, 405), (path, status)


@pytest.mark.slow
def test_no_source_or_data_through_any_api(server):
    for path in ("/api/contents/norrsken/latest/overview.ipynb", "/api/contents", "/api/kernels", "/api/sessions",
                 "/api/kernelspecs", "/api/terminals", "/terminals/1", "/voila/api/contents/data/participants.csv",
                 "/voila/api/contents/norrsken/latest/kopia.csv", "/voila/execution/00000000-0000-0000-0000-0000000",
                 "/files/norrsken/latest/overview.ipynb", "/nbconvert/html/norrsken/latest/overview.ipynb",
                 "/voila/files/norrsken/latest/overview.ipynb?download=1", "/edit/norrsken/latest/overview.ipynb",
                 "/voila/tree/data", "/voila/render/data/participants.csv", "/voila/render/norrsken/latest/kopia.csv"):
        status, _, body = _raw_get(server, path)
        assert b"cell_type" not in body and b"person_id" not in body, path
        assert b"import finsamdash" not in body, path
        assert status in (302, 403, 404, 405) or (status == 200 and path.startswith("/voila/tree")), (path, status)
    # starting kernels through the API is not possible
    import http.client

    host, port = server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("POST", "/api/kernels", body=b"{}", headers={"Content-Type": "application/json"})
    assert conn.getresponse().status in (403, 404, 405)
    conn.close()


@pytest.mark.slow
def test_tracebacks_are_not_shown_to_viewers(server):
    status, _, body = _get(f"{server}/voila/render/prov/fel.ipynb")
    text = body.decode("utf-8", "replace")
    assert status == 200 and "Prov" in text
    assert SECRET not in text and "RuntimeError" not in text and "Traceback" not in text
    assert "finsamdash/__init__.py" not in text and str(ROOT) not in text
    status, _, body = _get(f"{server}/voila/render/finns-inte.ipynb")
    assert status == 404 and b"Traceback" not in body and str(ROOT).encode() not in body


def _kernel_id(page: bytes) -> str:
    import re

    config = re.search(rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    assert config, "no page config"
    return json.loads(config.group(1))["kernelId"]


def kernel_message(msg_type: str, content: dict, *, session: str, channel: str = "shell") -> dict:
    """A Jupyter protocol message as the page's websocket sends it (JSON, no subprotocol)."""
    import uuid
    from datetime import UTC, datetime

    return {"header": {"msg_id": uuid.uuid4().hex, "username": "viewer", "session": session, "msg_type": msg_type,
                       "version": "5.3", "date": datetime.now(UTC).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}


async def kernel_replies(base: str, kernel_id: str, messages: list[dict], *, wait: float,
                         until: set[str] = frozenset()) -> list[dict]:
    """Open the page's kernel websocket, send ``messages`` and collect every message that arrives in ``wait`` s
    (or until a message of each type in ``until`` has arrived)."""
    import asyncio

    from tornado.websocket import websocket_connect

    session = messages[0]["header"]["session"]
    url = f"ws{base.removeprefix('http')}/api/kernels/{kernel_id}/channels?session_id={session}"
    ws = await websocket_connect(url)
    received: list[dict] = []
    try:
        for message in messages:
            await ws.write_message(json.dumps(message))
        deadline = asyncio.get_running_loop().time() + wait
        while (left := deadline - asyncio.get_running_loop().time()) > 0:
            try:
                frame = await asyncio.wait_for(ws.read_message(), timeout=left)
            except TimeoutError:
                break
            if frame is None:
                break
            if isinstance(frame, str):
                received.append(json.loads(frame))
            if until and until <= {m["header"]["msg_type"] for m in received}:
                break
    finally:
        ws.close()  # tornado closes the socket once the server has answered the close: wait for it, or the socket
        with contextlib.suppress(TimeoutError):  # outlives the event loop and warns when collected
            while await asyncio.wait_for(ws.read_message(), timeout=5) is not None:
                pass
    return received


@pytest.mark.slow
def test_no_code_execution_through_the_kernel_websocket(server, tmp_path):
    import asyncio
    import uuid

    status, _, page = _get(f"{server}/voila/render/norrsken/latest/budget.ipynb")
    assert status == 200
    kernel_id = _kernel_id(page)
    marker = tmp_path / "kord.txt"
    session = uuid.uuid4().hex
    code = f"open({str(marker)!r}, 'w').write('x')"
    messages = [
        kernel_message("kernel_info_request", {}, session=session),  # allowed: proves the socket works
        kernel_message("execute_request", {"code": code, "silent": False, "store_history": False,
                                           "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
                       session=session),
        kernel_message("inspect_request", {"code": "import os", "cursor_pos": 5, "detail_level": 0},
                       session=session),
        kernel_message("complete_request", {"code": "import o", "cursor_pos": 8}, session=session),
        kernel_message("history_request", {"output": True, "raw": True, "hist_access_type": "tail", "n": 10},
                       session=session),
        kernel_message("comm_info_request", {"target_name": "jupyter.widget"}, session=session),  # allowed
    ]
    replies = asyncio.run(kernel_replies(server, kernel_id, messages, wait=15))
    types = [m["header"]["msg_type"] for m in replies if m.get("channel") == "shell"]
    assert "kernel_info_reply" in types and "comm_info_reply" in types, types
    comms = next(m for m in replies if m["header"]["msg_type"] == "comm_info_reply")["content"]["comms"]
    assert len(comms) >= 3  # the budget page's widgets
    for refused in ("execute_reply", "inspect_reply", "complete_reply", "history_reply"):
        assert refused not in types, types
    assert not any(m["header"]["msg_type"] in ("execute_input", "execute_result", "stream", "error")
                   for m in replies), replies
    assert not marker.exists()
    # (Voilà lets a page shut down its own kernel, as its tab does on closing; nothing else gets through)


@pytest.mark.slow
def test_token_is_enforced_on_a_non_loopback_bind(pack):
    proc, base = _start(pack, "--host", "0.0.0.0", "--token", TOKEN)
    try:
        for path in ("/voila/render/norrsken/latest/overview.ipynb", "/voila/files/index.html", "/voila/tree",
                     "/voila/files/norrsken/latest/overview.html"):
            status, headers, body = _get(base + path)
            assert status in (302, 403), path
            assert b"norrsken" not in body.lower(), path
            if status == 302:
                assert "/login" in headers["Location"], path
        status, _, body = _get(f"{base}/voila/files/index.html?token={TOKEN}")
        assert status == 200 and b"norrsken" in body
    finally:
        _stop(proc)
