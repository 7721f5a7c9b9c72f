"""Browser tests of a built pack in Debian's chromium through Playwright.

- Offline: every ``<dashboard>.html`` opened from ``file://`` with all network blocked draws every chart.
  Every page has the pages' navigation, no chart drawn empty and no cloud/share control (issue #17).
- Voilà: tests/test_live_ux.py (every dashboard live, every drop-down value).

The pack is the session's demo pack (conftest.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser_helpers import watch
from test_live_ux import CHART_PROBLEMS, ERROR_TEXT

from finsamdash.pack.page_ui import DASHBOARDS as NAV_DASHBOARDS

ROOT = Path(__file__).resolve().parents[1]
ASSOCIATION = "norrsken"
DASHBOARDS = ["overview", "participants", "goals", "indicators", "budget"]
#: The number of chart containers with a drawn plot (plotly adds .js-plotly-plot and the .main-svg layers).
DRAWN = ("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
         ".filter(e => e.querySelector('.main-svg')).length")


@pytest.fixture(scope="module")
def pack(demo_pack) -> Path:
    """The session's demo pack (built once for the suite, see conftest.py): the folder of its meeting packs."""
    return demo_pack.parent.parent


@pytest.fixture(scope="module")
def browser(chromium_browser):
    return chromium_browser


@pytest.mark.slow
def test_static_html_draws_every_chart_offline(pack, browser):
    folder = pack / ASSOCIATION / "latest"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    pages = [d["html"] for d in manifest["dashboards"]]
    assert sorted(Path(p).stem for p in pages) == sorted(DASHBOARDS)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    try:
        for name in pages:
            source = (folder / name).read_text(encoding="utf-8")
            expected = len(re.findall(r"Plotly\.newPlot\(", source))
            assert expected >= 1, name
            assert source.count('class="fsd-plot"') == expected, name
            page = context.new_page()
            errors, blocked = watch(page, "file://")
            page.goto((folder / name).resolve().as_uri(), wait_until="load", timeout=60_000)
            page.wait_for_function(f"() => ({DRAWN})() >= {expected}", timeout=60_000)
            assert page.locator(".fsd-plot").count() == expected, name
            assert page.evaluate(DRAWN) == expected, name
            assert page.locator(".fsd-plot-fallback").count() == 0, name  # every fallback text replaced
            # the same chart configuration as live (issue #17): nothing drawn empty, no cloud/share button or
            # logo, only Swedish "save as image" (and a zoom reset), out of the tab order; the pages' navigation
            assert page.evaluate(CHART_PROBLEMS, None) == [], name
            assert not ERROR_TEXT.search(page.inner_text("body")), name
            nav = page.locator(".fsd-nav a:visible").all_inner_texts()
            assert nav == ["← Till mötesunderlaget", *(t for _s, t in NAV_DASHBOARDS)], (name, nav)
            page.close()
            assert blocked == [], (name, blocked)
            assert errors == [], (name, errors)
    finally:
        context.close()
