"""Browser tests of a built pack in Debian's chromium through Playwright.

- Offline: every ``<dashboard>.html`` opened from ``file://`` with all network blocked draws every chart.
- Voilà: every dashboard served by one real Voilà server (started like ``test_serve.py`` does) renders with its
  charts drawn, every widget section drawn (drop-downs and chart), no console errors; on every dashboard with
  drop-downs, choosing another value changes the chart; the index page lists the meeting.

The pack (five dashboards, no PDF) is built once for one demo association.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from browser_helpers import watch
from test_serve import CHROMIUM, CHROMIUM_ARGS, _start, _stop, _wait_rendered

ROOT = Path(__file__).resolve().parents[1]
ASSOCIATION = "norrsken"
MEETING = date(2026, 11, 23)
DASHBOARDS = ["overview", "participants", "goals", "indicators", "budget"]
#: The dashboards with drop-downs (under Voilà every interactive section is a VBox of drop-downs and a chart).
WITH_DROPDOWNS = {"participants", "goals", "indicators", "budget"}
#: The number of chart containers with a drawn plot (plotly adds .js-plotly-plot and the .main-svg layers).
DRAWN = ("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
         ".filter(e => e.querySelector('.main-svg')).length")


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    from finsamdash.pack.build import build_pack

    out = tmp_path_factory.mktemp("browser") / "packs"
    result = build_pack(ROOT / "data" / "demo", meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=2,
                        pdf=False)
    assert result.ok, [d.error for d in result.failures]
    return out


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


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
            page.close()
            assert blocked == [], (name, blocked)
            assert errors == [], (name, errors)
    finally:
        context.close()


#: Plotly's data of every chart inside the widget outputs of the section that holds ``select`` (a VBox).
SECTION_DATA = ("(select) => JSON.stringify(Array.from(select.closest('.widget-vbox')"
                ".querySelectorAll('.widget-output .js-plotly-plot'), e => e.data))")
#: The model id of every widget output (one VBox per interactive section) in the page's HTML.
WIDGET_VIEW = r'widget-view\+json[^}]*?model_id\\?"?: ?\\?"([0-9a-f]{32})'


def _change_changes_the_chart(page, dashboard: str) -> None:
    """Pick other values in the first drop-down of the first section with a chart until the chart changes (it
    must, for some value)."""
    select = page.locator(".widget-vbox:has(.widget-output .js-plotly-plot) .widget-dropdown select").first
    handle = select.element_handle()
    before = page.evaluate(SECTION_DATA, handle)
    assert before not in ("", "[]"), dashboard
    options = select.locator("option").all_inner_texts()
    assert len(options) >= 2, (dashboard, options)
    current = select.evaluate("s => s.options[s.selectedIndex].text")
    for label in [o for o in options if o != current]:
        select.select_option(label=label)
        try:
            page.wait_for_function(f"(select) => ({SECTION_DATA})(select) !== {json.dumps(before)}", arg=handle,
                                   timeout=30_000)
        except Exception:  # this value may draw the same chart; try the next one
            continue
        after = page.evaluate(SECTION_DATA, handle)
        assert after != before and after not in ("", "[]")
        print(f"{dashboard}: {current!r} -> {label!r} changed the chart")
        return
    raise AssertionError(f"{dashboard}: no value of {options} changed the chart")


@pytest.mark.slow
def test_every_dashboard_renders_in_voila(pack, browser):
    proc, base = _start(pack)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            errors, blocked = watch(page, base)
            page.goto(f"{base}/", timeout=120_000)
            link = page.locator(f'a[href*="{ASSOCIATION}/{MEETING.isoformat()}/index.html"]')
            assert link.count() >= 1
            assert "norrsken" in page.content().lower()
            page.close()
            assert errors == [] and blocked == [], (errors, blocked)
            drawn, views = {}, {}
            for dashboard in DASHBOARDS:
                page = context.new_page()
                errors, blocked = watch(page, base)
                response = page.goto(f"{base}/voila/render/{ASSOCIATION}/latest/{dashboard}.ipynb", timeout=180_000)
                views[dashboard] = len(set(re.findall(WIDGET_VIEW, response.text())))
                _wait_rendered(page)
                drawn[dashboard] = page.evaluate(DRAWN)
                assert drawn[dashboard] >= 1, dashboard
                if dashboard in WITH_DROPDOWNS:
                    assert views[dashboard] >= 1, dashboard
                    # every widget section of the page is drawn: its drop-downs and its chart
                    page.wait_for_function(f"() => document.querySelectorAll('.widget-vbox').length >= "
                                           f"{views[dashboard]}", timeout=120_000)
                    # (a section shows a chart, a table or a sentence in its output; at least one shows a chart)
                    page.wait_for_function("() => Array.from(document.querySelectorAll('.widget-vbox')).every("
                                           "v => v.querySelector('.widget-dropdown select') && "
                                           "v.querySelector('.widget-output') && "
                                           "v.querySelector('.widget-output').innerText.trim().length > 0) && "
                                           "document.querySelector('.widget-vbox .widget-output .js-plotly-plot "
                                           ".main-svg')", timeout=120_000)
                    _change_changes_the_chart(page, dashboard)
                assert page.get_by_text("Error displaying widget").count() == 0, dashboard
                page.close()
                assert errors == [], (dashboard, errors)
                assert blocked == [], (dashboard, blocked)
            print("charts drawn:", drawn, "widget sections:", views)
        finally:
            context.close()
    finally:
        _stop(proc)
