"""Board members in the meeting (issue #17): the live dashboards in headless chromium, as a board member uses them.

One server (``finsamdash serve`` over the session's demo pack, :func:`served_demo`) and one browser
(:func:`chromium_browser`) serve every test here; each dashboard is loaded once for the whole module
(:func:`live_pages`: goals and the overview at 1366×768, the others at 768×1024), and every test reads that same
page: every drop-down value is chosen in it, its text and focus ring are read in it, and its live navigation is
followed from it (a page load costs a kernel and several seconds; the checks do not depend on each other).

- every drop-down of every dashboard set to every value: no error text, no console error, no empty chart (a section
  with too few left shows its sentence instead), every chart's toolbar only "save as image" (and zoom reset), in
  Swedish, out of the tab order, no cloud/share control or plotly logo, and every chart reads cleanly
  (:data:`layout_helpers.MEASURE`: nothing cut off or overlapping, the colour legend above the plot);
- navigation: the served front page and the meeting page link every live dashboard ("Öppna interaktivt"); every
  live page has the same navigation (back to the meeting, the five dashboards), and every link leads somewhere; no
  visible link downloads a file unless its text says so;
- the loading screen is Swedish and the page's title and navigation are in the HTML before any cell;
- readability: text at least 14 px (body text 16 px) with contrast ≥ 4.5:1, a visible keyboard focus ring, and at
  768 px no horizontal scrolling of the page and drop-downs that show their whole label and value.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pytest
from browser_helpers import watch
from layout_helpers import MEASURE

from finsamdash.pack.page_ui import DASHBOARDS, LIVE_TEXT

ASSOCIATION = "norrsken"
MEETING = "2026-11-23"
#: Text that must never be seen on a page.
ERROR_TEXT = re.compile(r"Javascript Error|Invalid array length|Error displaying widget|Traceback|Executing \d|"
                        r"Running |Plotly Cloud|Share chart", re.I)
#: plotly toolbar buttons a board member may see (data-attr / data-val of ``.modebar-btn``), with Swedish titles.
ALLOWED_BUTTONS = {"Spara diagrammet som bild (PNG)", "Återställ axlarna"}

#: Every chart of the page (or of ``root``) with what is wrong with it: nothing drawn, a foreign toolbar button, a
#: button in the tab order, the plotly logo.
CHART_PROBLEMS = """(root) => {
  const problems = [];
  (root || document).querySelectorAll('.js-plotly-plot').forEach((el, i) => {
    const data = el.data || [];
    const values = t => t.type === 'sankey' ? ((t.link || {}).value || [])
      : (t.orientation === 'h' ? (t.x || []) : (t.y || []));
    if (!data.some(t => Array.from(values(t)).some(v => v !== null && v !== undefined))) {
      problems.push(`chart ${i}: nothing drawn`);
    }
    if (!el.querySelector('.main-svg')) { problems.push(`chart ${i}: not drawn`); }
    el.querySelectorAll('.modebar-btn').forEach(b => {
      const title = b.getAttribute('data-title') || '';
      if (!ALLOWED.includes(title)) { problems.push(`chart ${i}: button ${title}`); }
      if (b.tabIndex >= 0) { problems.push(`chart ${i}: button ${title} in tab order`); }
    });
    if (el.querySelector('.modebar-btn--logo, a[href*="plotly"], a[href*="plot.ly"]')) {
      problems.push(`chart ${i}: plotly logo link`);
    }
  });
  return problems;
}""".replace("ALLOWED", json.dumps(sorted(ALLOWED_BUTTONS)))

#: Every visible text node outside charts: [text, font size px, contrast ratio, is a paragraph/label] for each
#: that is smaller than 14 px or has a contrast below 4.5:1.
SMALL_OR_FAINT = """() => {
  const lum = c => { const m = c.match(/[\\d.]+/g).map(Number); const f = v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return [0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]), m.length > 3 ? m[3] : 1]; };
  const background = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
    const [l, a] = lum(c); if (a > 0.5) { return l; } } return 1; };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('svg, script, style, option, .js-plotly-plot')) { continue; }
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden' ||
        el.closest('[hidden], details:not([open]) > :not(summary)')) { continue; }
    const size = parseFloat(style.fontSize);
    const [fg] = lum(style.color), bg = background(el);
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (size < 13.99 || ratio < 4.5) { found.push([node.textContent.trim().slice(0, 60), size, ratio.toFixed(2)]); }
  }
  return found;
}"""


#: Plotly's data of every chart of a section (to see that choices change it).
SECTION_CHARTS = "(root) => JSON.stringify(Array.from(root.querySelectorAll('.js-plotly-plot'), e => e.data))"


def _get(url: str) -> tuple[int, str, str]:
    """GET (following redirects): status, final URL, body."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.url, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        with exc:  # the error holds the response and its socket: closed, never left to the garbage collector
            return exc.code, url, ""


def _location(url: str) -> str:
    """Where ``url`` redirects to (a path)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        conn.request("GET", parts.path)
        response = conn.getresponse()
        assert response.status in (301, 302), (url, response.status)
        return urlsplit(response.getheader("Location")).path
    finally:
        conn.close()


class Kernel:
    """Counts the kernel's "idle" status messages on the page's websockets: a drop-down change is answered when
    a new one arrives (the output may stay the same, so waiting for a change would not do)."""

    IDLE = re.compile(rb'"execution_state":\s*"idle"')

    def __init__(self, page) -> None:
        self.idle = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        self.idle += len(self.IDLE.findall(data))


def _open(browser, base: str, dashboard: str, *, width: int = 1366, height: int = 768):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors, blocked = watch(page, base)
    kernel = Kernel(page)
    response = page.goto(f"{base}/voila/render/{ASSOCIATION}/latest/{dashboard}.ipynb", timeout=180_000)
    page.wait_for_function("() => !document.querySelector('#loading')", timeout=180_000)
    views = len(set(re.findall(r'widget-view\+json[^}]*?model_id\\?"?: ?\\?"([0-9a-f]{32})', response.text())))
    page.wait_for_function(f"() => document.querySelectorAll('.widget-vbox').length >= {views} && "
                           "Array.from(document.querySelectorAll('.widget-vbox')).every(v => "
                           "v.querySelector('.widget-dropdown select') && v.querySelector('.fsd-live-section') && "
                           "v.querySelector('.fsd-live-section').innerText.trim().length > 0)", timeout=180_000)
    _settled(page)
    return context, page, errors, blocked, kernel, views


#: The size each dashboard is opened at: the goals page on a laptop (the issue's 1366×768), the pages with wide
#: tables and many drop-downs on an upright tablet (768×1024).
SIZES = {"overview": (1366, 768), "participants": (768, 1024), "goals": (1366, 768), "indicators": (768, 1024),
         "budget": (768, 1024)}


@pytest.fixture(scope="module")
def live_pages(served_demo, chromium_browser):
    """Each live dashboard opened once (at its :data:`SIZES`), for every test of the module: dashboard →
    (page, console errors, blocked requests, kernel watcher, number of interactive sections)."""
    opened, contexts = {}, []
    try:
        for dashboard, _title in DASHBOARDS:
            width, height = SIZES[dashboard]
            context, page, errors, blocked, kernel, views = _open(chromium_browser, served_demo, dashboard,
                                                                  width=width, height=height)
            contexts.append(context)
            opened[dashboard] = (page, errors, blocked, kernel, views)
        yield opened
    finally:
        for context in contexts:
            context.close()


def _settled(page, root=None) -> None:
    """Wait until every chart (of ``root``'s section) is drawn, none of them still waiting for plotly.js or being
    redrawn."""
    page.wait_for_function("(root) => Array.from((root || document).querySelectorAll('.js-plotly-plot, "
                           ".fsd-live-chart'))"
                           ".every(e => e.querySelector('.main-svg') && !e.hasAttribute('data-drawing'))",
                           arg=root, timeout=60_000)


def _choose(page, kernel: Kernel, select, value: str) -> None:
    """Set ``select`` to ``value`` and wait until the kernel answered and the section's charts are drawn."""
    before = kernel.idle
    select.select_option(value=value)
    deadline = time.monotonic() + 120
    while kernel.idle <= before:
        assert time.monotonic() < deadline, "no answer from the kernel"
        page.wait_for_timeout(25)
    page.wait_for_timeout(50)  # the section's update is applied on the next tick
    _settled(page, select.element_handle().evaluate_handle("s => s.closest('.widget-vbox')"))


def _section_problems(page, section) -> list[str]:
    text = section.inner_text()
    problems = [f"error text: {m.group(0)}" for m in ERROR_TEXT.finditer(text)]
    handle = section.element_handle()
    return problems + page.evaluate(CHART_PROBLEMS, handle) + page.evaluate(MEASURE, handle)


@pytest.mark.slow
def test_every_dropdown_value_of_every_dashboard(live_pages):
    """Each drop-down of each section set to each of its values (the others at their defaults), live; every chart
    of the page, and of the section after each choice, measured as test_layout measures the static pages."""
    report = {}
    for dashboard, _title in DASHBOARDS:
        page, errors, blocked, kernel, views = live_pages[dashboard]
        problems = [f"page: {p}" for p in page.evaluate(CHART_PROBLEMS, None)]
        problems += [f"page: {p}" for p in page.evaluate(MEASURE, None)]
        problems += [f"page: error text {m.group(0)}" for m in ERROR_TEXT.finditer(page.inner_text("body"))]
        sections = page.locator(".widget-vbox")
        choices = changed = 0
        for s in range(sections.count()):
            section = sections.nth(s)
            selects = section.locator(".widget-dropdown select")
            for d in range(selects.count()):
                select = selects.nth(d)
                label = select.evaluate("s => s.closest('.widget-dropdown').innerText.split('\\n')[0]")
                default = select.input_value()
                before = page.evaluate(SECTION_CHARTS, section.element_handle())
                for value in select.locator("option").evaluate_all("os => os.map(o => o.value)"):
                    if value == default:
                        continue
                    _choose(page, kernel, select, value)
                    choices += 1
                    changed += page.evaluate(SECTION_CHARTS, section.element_handle()) != before
                    text = select.evaluate("s => s.options[s.selectedIndex].text")
                    problems += [f"section {s + 1}, {label} = {text}: {p}"
                                 for p in _section_problems(page, section)]
                _choose(page, kernel, select, default)
        report[dashboard] = (views, choices)
        assert not problems, (dashboard, problems[:20])
        assert errors == [] and blocked == [], (dashboard, errors[:5], blocked[:5])
        if dashboard != "overview":  # the drop-downs do something: some choices change a chart
            assert choices >= 4 and changed >= 1, (dashboard, choices, changed)
    print("sections and drop-down values chosen:", report)


@pytest.mark.slow
def test_navigation_loading_text_and_links(served_demo, chromium_browser, live_pages):
    # the served front page: every live dashboard of the latest meeting, in plain Swedish
    status, url, front = _get(f"{served_demo}/")
    assert status == 200 and url.endswith("/voila/files/index.html")
    assert f"href='{ASSOCIATION}/{MEETING}/index.html'" in front
    for stem, title in DASHBOARDS:
        assert f"href='{ASSOCIATION}/latest/{stem}.ipynb'>{title}</a>" in front, stem
    assert LIVE_TEXT in front
    # the meeting page: "Öppna interaktivt" per dashboard; a notebook of the latest meeting opens its warm kernels
    _status, _url, meeting = _get(f"{served_demo}/voila/files/{ASSOCIATION}/{MEETING}/index.html")
    assert meeting.count(f">{LIVE_TEXT}</a>") == len(DASHBOARDS)
    assert _location(f"{served_demo}/voila/files/{ASSOCIATION}/{MEETING}/goals.ipynb") == \
        f"/voila/render/{ASSOCIATION}/latest/goals.ipynb"
    # the live page's links to pages beside it lead to the static files
    assert _location(f"{served_demo}/voila/render/{ASSOCIATION}/latest/index.html") == \
        f"/voila/files/{ASSOCIATION}/latest/index.html"
    # the live page's HTML: title, meeting and navigation come before the first cell, the loading text is Swedish
    _status, _url, live = _get(f"{served_demo}/voila/render/{ASSOCIATION}/latest/participants.ipynb")
    head, _sep, _rest = live.partition('id="rendered_cells"')
    assert "<h1>Deltagarflöden</h1>" in head and "Styrelsemöte 23 november 2026" in head
    assert 'class="fsd-nav"' in head and "Hämtar siffrorna" in head
    assert not re.search(r"Executing|Running|Reading \$\{", live)

    context = chromium_browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = context.new_page()
        errors, blocked = watch(page, served_demo)
        # every link of the live page's navigation (the budget page already open) and of the meeting page and a
        # static page leads to a page
        for start in (f"/voila/render/{ASSOCIATION}/latest/budget.ipynb",
                      f"/voila/files/{ASSOCIATION}/{MEETING}/index.html",
                      f"/voila/files/{ASSOCIATION}/latest/budget.html"):
            if "render" in start:
                shown = live_pages["budget"][0]
                assert shown.url == served_demo + start
            else:
                shown = page
                page.goto(served_demo + start, wait_until="domcontentloaded", timeout=180_000)
            links = shown.evaluate("() => Array.from(document.querySelectorAll('a[href]'))"
                                   ".filter(a => a.offsetParent !== null)"
                                   ".map(a => [a.innerText.trim(), a.href, a.hasAttribute('download')])")
            if "render" in start or start.endswith("budget.html"):
                texts = [t for t, _h, _d in links]
                assert texts[:6] == ["← Till mötesunderlaget", *(t for _s, t in DASHBOARDS)], texts
            for text, href, download in links:
                assert not download or "laddar ner" in text.lower(), (start, text)
                assert href.startswith(served_demo), (start, text, href)
                if href.endswith(".ipynb"):  # a live dashboard of the latest meeting (opening one costs a kernel)
                    target = href if "/voila/render/" in href else served_demo + _location(href)
                    assert re.fullmatch(re.escape(served_demo) + f"/voila/render/{ASSOCIATION}/latest/"
                                        f"({'|'.join(s for s, _t in DASHBOARDS)}).ipynb", target), (start, href)
                else:
                    assert _get(href)[0] == 200, (start, text, href)
        assert errors == [] and blocked == [], (errors, blocked)
    finally:
        context.close()


@pytest.mark.slow
def test_readable_at_1366_and_768(live_pages):
    problems = {}
    for dashboard in ("goals", "participants", "budget", "indicators"):
        page, errors, _blocked, _kernel, _views = live_pages[dashboard]
        width, _height = SIZES[dashboard]
        found = []
        small = page.evaluate(SMALL_OR_FAINT)
        found += [f"small or faint text: {s}" for s in small]
        # body text: the page's own, the navigation, the drop-downs, a section's sentence
        body = page.evaluate("() => Array.from(document.querySelectorAll('body, .fsd-nav a, .fsd-sub, "
                             ".widget-dropdown select, .widget-label, .fsd-nochart, "
                             ".jp-RenderedHTMLCommon li:not(.fsd-note li)'))"
                             ".map(e => [e.className || e.tagName, parseFloat(getComputedStyle(e).fontSize)])"
                             ".filter(([_n, size]) => size < 16)")
        found += [f"body text {name} {size} px" for name, size in body]
        overflow = page.evaluate("() => document.documentElement.scrollWidth - "
                                 "document.documentElement.clientWidth")
        if overflow > 0:
            found.append(f"page scrolls sideways by {overflow} px")
        # drop-downs keep their label and show their whole value
        cut = page.evaluate("""() => Array.from(document.querySelectorAll('.widget-dropdown')).flatMap(d => {
            const label = d.querySelector('.widget-label'), select = d.querySelector('select');
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = getComputedStyle(select).font;
            const text = select.options[select.selectedIndex].text;
            const out = [];
            if (label && label.scrollWidth > label.clientWidth + 1) { out.push('label ' + label.innerText); }
            if (ctx.measureText(text).width > select.clientWidth - 16) { out.push('value ' + text); }
            return out; })""")
        found += [f"drop-down cut: {c}" for c in cut]
        # a visible focus ring on the first focusable elements (from the page's heading, wherever an earlier
        # test left the focus)
        page.evaluate("() => { const h = document.querySelector('h1'); h.tabIndex = -1; h.focus(); }")
        for _ in range(3):
            page.keyboard.press("Tab")
            ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return "
                                 "[document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }")
            if ring[1] == "none" or ring[2] < 2:
                found.append(f"no focus ring on {ring[0]}")
        if found:
            problems[f"{dashboard} {width}px"] = found[:15]
        assert errors == [], (dashboard, errors[:5])
    assert not problems, problems


#: The first chart of a drop-down's section (the select is the argument): marked, and watched for plotly's
#: "afterplot" (counted, with the data it was drawn with).
WATCH_FIRST_CHART = """(select) => {
  const gd = select.closest('.widget-vbox').querySelector('.fsd-live-section .js-plotly-plot');
  if (!gd.fsdWatched) {
    gd.fsdWatched = true;
    gd.fsdDraws = [];
    gd.on('plotly_afterplot', () => gd.fsdDraws.push(JSON.stringify(gd.data)));
  }
  gd.fsdMark = (gd.fsdMark || 0) + 1;
  gd.fsdDraws.length = 0;
  return JSON.stringify(gd.data);
}"""


@pytest.mark.slow
def test_a_dropdown_change_redraws_the_chart_in_place(live_pages, demo_dataset):
    """The budget page's cost drop-down (issue #14): the new state's chart is drawn on the same chart element with
    one plotly draw (no new plot, no second draw), holds exactly the figure the page builds for that state, and the
    page reports no error."""
    from finsamdash.dashboards import BudgetPage
    from finsamdash.dashboards._page import PLOTLY_MIME

    page, errors, blocked, kernel, _views = live_pages["budget"]
    select = page.locator(".widget-vbox:has(.fsd-live-section .js-plotly-plot) .widget-dropdown select").first
    handle = select.element_handle()
    default = select.input_value()
    options = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v != default]
    charts = "(s) => s.closest('.widget-vbox').querySelectorAll('.fsd-live-section .js-plotly-plot').length"
    count = page.evaluate(charts, handle)
    expected = BudgetPage(demo_dataset, ASSOCIATION, MEETING, previous_meeting_date="2026-09-24")
    views = {name: iid for iid, name in expected._cost_views}  # an option's value is its text
    assert set(options) <= set(views), (options, views)
    try:
        for value in (options[0], options[-1]):
            before = json.loads(page.evaluate(WATCH_FIRST_CHART, handle))
            _choose(page, kernel, select, value)
            page.wait_for_function("(s) => s.closest('.widget-vbox').querySelector('.fsd-live-section .js-plotly-plot')"
                                   ".fsdDraws.length > 0", arg=handle, timeout=60_000)
            page.wait_for_timeout(300)  # a second draw, had there been one, would have come by now
            gd = page.evaluate("(s) => { const gd = s.closest('.widget-vbox').querySelector('.fsd-live-section "
                               ".js-plotly-plot'); return {mark: gd.fsdMark, connected: gd.isConnected, "
                               "draws: gd.fsdDraws, data: JSON.stringify(gd.data)}; }", handle)
            assert gd["mark"] and gd["connected"], f"{value}: the chart element was replaced"
            assert page.evaluate(charts, handle) == count
            assert len(gd["draws"]) == 1 and gd["draws"][0] == gd["data"], (value, len(gd["draws"]))
            shown = json.loads(gd["data"])
            assert shown != before
            figure = next(b[PLOTLY_MIME] for b in expected.render_burn(view=views[value]) if PLOTLY_MIME in b)
            assert [{key: trace.get(key) for key in want} for trace, want in zip(shown, figure["data"],
                                                                                  strict=True)] == figure["data"]
    finally:
        _choose(page, kernel, select, default)
    assert errors == [] and blocked == [], (errors[:5], blocked[:5])


@pytest.mark.slow
def test_a_state_without_its_chart_stands_one_part_below_the_other(live_pages):
    """The participants' monthly section for "Kön: annat/okänt" (too few to draw the active line): its HTML parts
    follow each other with no chart between them. Each stands below the other as wide as the section, not side by
    side (JupyterLab's output class makes an HTML part a table cell)."""
    page, errors, _blocked, kernel, _views = live_pages["participants"]
    section = page.locator(".widget-vbox", has=page.locator("option", has_text="Annat/okänt")).first
    select = section.locator("select", has=page.locator("option", has_text="Annat/okänt")).first
    default = select.input_value()
    handle = select.element_handle()
    try:
        _choose(page, kernel, select, select.locator("option", has_text="Annat/okänt").first.get_attribute("value"))
        parts = page.evaluate("(s) => { const el = s.closest('.widget-vbox').querySelector('.fsd-live-section');"
                              " return [el.clientWidth, ...Array.from(el.children, c => [c.className.split(' ')[0],"
                              " c.offsetWidth])]; }", handle)
        width, kinds = parts[0], [kind for kind, _w in parts[1:]]
        assert "fsd-live-html,fsd-live-html" in ",".join(kinds), kinds  # the case this test is about
        assert all(abs(w - width) <= 1 for _kind, w in parts[1:]), parts
    finally:
        _choose(page, kernel, select, default)
    assert errors == [], errors[:5]
