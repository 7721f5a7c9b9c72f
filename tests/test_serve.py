"""``finsamdash serve``: Voilà over a built pack — files policy, token, non-loopback refusal, live dashboards.

The slow tests build the demo pack for one association once, start real Voilà servers on free loopback ports
(``python -m finsamdash.serve``) and drive Debian's chromium through Playwright. All traffic goes to 127.0.0.1;
the browser aborts every other request.
"""

from __future__ import annotations

import inspect
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from finsamdash.errors import UsageError
from finsamdash.serve import CONFIG_FILE, check_bind, is_loopback, serve, url_for

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "test-token-5f3a9c"


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
    port = _free_port()
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "finsamdash.serve", str(tmp_path), "--host", "0.0.0.0",
                             "--port", str(port)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2
    assert "Vägrar att visa mötesunderlagen på 0.0.0.0 utan lösenord" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30
    with socket.socket() as sock:  # nothing listens on the port
        assert sock.connect_ex(("127.0.0.1", port)) != 0


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
    shipped = [p for p in (package / "voila").rglob("*") if p.is_file()]
    assert {CONFIG_FILE, package / "voila/jupyter/voila/templates/finsam/index.html.j2"} <= set(shipped)
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
        return exc.code, dict(exc.headers), exc.read()


def _log(pack: Path, base: str) -> Path:
    return pack.parent / f"serve-{base.rsplit(':', 1)[1]}.log"


def _start(pack: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    with _log(pack, f"http://127.0.0.1:{port}").open("w") as log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen([sys.executable, "-m", "finsamdash.serve", str(pack), "--port", str(port), *extra],
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


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    from finsamdash.build import build_pack

    out = tmp_path_factory.mktemp("serve") / "packs"
    kwargs = {"pdf": False} if "pdf" in inspect.signature(build_pack).parameters else {}
    result = build_pack(ROOT / "data" / "demo", meeting=date(2026, 11, 23), out=out, association_ids=["norrsken"],
                        jobs=2, **kwargs)
    assert result.ok, [d.error for d in result.failures]
    # things that must never be downloadable, placed where a careless director might put them
    data = out / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "demo" / "participants.csv", data / "participants.csv")
    shutil.copy(ROOT / "data" / "demo" / "demo.xlsx", data / "demo.xlsx")
    shutil.copy(ROOT / "data" / "demo" / "participants.csv", out / "norrsken" / "latest" / "kopia.csv")
    pdf = out / "norrsken" / "latest" / "board-pack.pdf"
    if not pdf.exists():  # until the build writes it
        pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return out


@pytest.fixture(scope="module")
def server(pack):
    proc, base = _start(pack)
    yield base
    _stop(proc)


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
                 "norrsken/latest/board-pack.pdf", "norrsken/latest/assets/plotly.min.js"):
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
TITLES = "() => Array.from(document.querySelectorAll('.widget-output .gtitle'), e => e.textContent)"


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
    errors: list[str] = []
    foreign: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))

            def only_loopback(route):
                if route.request.url.startswith(server):
                    route.continue_()
                else:
                    foreign.append(route.request.url)
                    route.abort()

            page.route("**/*", only_loopback)
            page.goto(f"{server}/voila/render/norrsken/latest/budget.ipynb", timeout=180_000)
            _wait_rendered(page)
            assert page.locator(".js-plotly-plot").count() >= 1
            select = page.locator(".widget-dropdown select").first
            select.wait_for(timeout=60_000)
            assert page.locator(".widget-dropdown select").count() >= 1
            titles = page.evaluate(TITLES)
            assert titles and all(titles), titles
            options = select.locator("option").all_inner_texts()
            assert len(options) >= 2
            select.select_option(label=options[1])
            page.wait_for_function(
                "(before) => { const now = Array.from(document.querySelectorAll('.widget-output .gtitle'),"
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
