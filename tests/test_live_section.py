"""An interactive section under Voilà (issue #14): its content is a LiveSection redrawn in place, holding exactly
the figures and HTML the page builds for each drop-down state, and plotly.js comes from the pack beside the
notebook. (Drawn in a browser: tests/test_live_ux.py.)"""

from __future__ import annotations

import json
from pathlib import Path

from finsamdash.dashboards import BudgetPage
from finsamdash.dashboards._page import PLOTLY_MIME
from finsamdash.dashboards.live_section import ASK_PLOTLY, LiveSection, live_items, plotly_js

ROOT = Path(__file__).resolve().parents[1]


def test_items_keep_every_bundle_in_order():
    figure = {"data": [{"type": "bar", "y": [1, 2]}], "layout": {"title": {"text": "T"}}, "config": {"locale": "sv"}}
    bundles = [{PLOTLY_MIME: figure, "text/plain": "alt"}, {"text/html": "<p>a</p>", "text/plain": "a"},
               {"text/plain": "only text"}]
    assert live_items(bundles) == [{"figure": figure}, {"html": "<p>a</p>"}, {"text": "only text"}]


def test_every_state_of_the_budget_page_shows_the_figures_it_builds(demo_dataset, monkeypatch):
    """The budget page's drop-down set to each of its values under Voilà: the section's content holds exactly the
    bundles the page builds for that state (what the Output widget showed before): the same figure JSON (hidden
    marks, Swedish labels and hovers, config) and HTML, in the same order."""
    monkeypatch.setenv("VOILA_KERNEL_ID", "test")
    displayed = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: displayed.extend(objs))
    page = BudgetPage(demo_dataset, "norrsken", "2026-11-23", previous_meeting_date="2026-09-24")
    page.burn()
    (box,) = displayed
    (dropdown,) = box.children[0].children
    content = box.children[1]
    assert isinstance(content, LiveSection)
    plain = BudgetPage(demo_dataset, "norrsken", "2026-11-23", previous_meeting_date="2026-09-24")
    states = [value for _label, value in dropdown.options]
    assert len(states) >= 3
    for value in [*states[1:], states[0]]:
        dropdown.value = value
        bundles = plain.render_burn(view=value)
        assert json.dumps(content.items, sort_keys=True) == json.dumps(live_items(bundles), sort_keys=True), value
        shown = [item["figure"] for item in content.items if "figure" in item]
        assert shown == [b[PLOTLY_MIME] for b in bundles if PLOTLY_MIME in b] and len(shown) == 2
        assert all(f["config"]["locale"] == "sv" and f["config"]["displaylogo"] is False for f in shown)
    # the widget's state is what the kernel sends: JSON, and the front end beside this module
    state = content.get_state()
    assert state["items"] == content.items and "Plotly.react" in state["_esm"]


def test_plotly_js_is_the_packs_beside_the_notebook(tmp_path, monkeypatch):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "plotly.min.js").write_text("/*! the pack's */", encoding="utf-8")
    assert plotly_js(tmp_path) == "/*! the pack's */"
    monkeypatch.chdir(tmp_path)  # Voilà starts a kernel in its notebook's folder
    section = LiveSection([])
    sent = []
    monkeypatch.setattr(section, "send", sent.append)
    section._answer(section, {"want": "something else"}, [])
    section._answer(section, ASK_PLOTLY, [])
    assert sent == [{"plotly.js": "/*! the pack's */"}]


def test_plotly_js_without_a_pack_is_the_plotly_packages(tmp_path):
    from plotly.offline import get_plotlyjs

    assert plotly_js(tmp_path) == get_plotlyjs()

