"""What every dashboard page shows around its content (issue #17), tested as pure functions: the chart
configuration, a chart with nothing to draw, the navigation and the
server's redirect of a notebook of the latest meeting. The browser checks are in test_live_ux.py."""

from __future__ import annotations

import json
import os
from pathlib import Path

import plotly.graph_objects as go
import pytest

from finsamdash.dashboards._page import PLOTLY_MIME, figure_bundle
from finsamdash.pack.build import notebook_title
from finsamdash.pack.page_ui import DASHBOARDS, nav_html, page_resources
from finsamdash.pack.serve import latest_path
from finsamdash.present.figures._base import draws_something, title_sentence
from finsamdash.present.theme import plotly_config

ROOT = Path(__file__).resolve().parents[1]


def test_one_chart_configuration_without_cloud_logo_or_english():
    bars = plotly_config({"data": [{"type": "bar"}]})
    assert bars["displaylogo"] is False and bars["showSendToCloud"] is False
    assert bars["modeBarButtons"] == [["toImage", "resetScale2d"]]
    assert plotly_config({"data": [{"type": "sankey"}]})["modeBarButtons"] == [["toImage"]]
    words = bars["locales"]["sv"]["dictionary"]
    assert bars["locale"] == "sv" and words["Download plot as a PNG"] == "Spara diagrammet som bild (PNG)"
    assert bars["locales"]["sv"]["format"]["decimal"] == ","
    # every chart a page shows carries it (Voilà's renderer reads the bundle's config)
    bundle = figure_bundle(go.Figure(go.Bar(x=["a"], y=[1])))
    assert bundle[PLOTLY_MIME]["config"] == plotly_config(bundle[PLOTLY_MIME])
    assert "Plotly Cloud" not in json.dumps(bundle) and "sendChartToCloud" not in json.dumps(bundle)


@pytest.mark.parametrize(("trace", "drawn"), [
    ({"type": "bar", "y": [None, None]}, False),
    ({"type": "bar", "orientation": "h", "x": [None], "y": ["a"]}, False),
    ({"type": "bar", "orientation": "h", "x": [None, 3], "y": ["a", "b"]}, True),
    ({"type": "scatter", "y": []}, False),
    ({"type": "scatter", "y": [None, 0]}, True),
    ({"type": "sankey", "link": {"value": []}}, False),
    ({"type": "sankey", "link": {"value": [4]}}, True),
    ({"type": "waterfall", "y": [1]}, True),
])
def test_a_chart_draws_something_only_with_a_shown_value(trace, drawn):
    assert draws_something({"data": [trace]}) is drawn


def test_a_sankey_without_flows_is_its_title_as_a_sentence():
    fig = go.Figure(go.Sankey(node={"label": []}, link={"source": [], "target": [], "value": []}))
    fig.update_layout(title={"text": "För få avslut hittills i år<br>för att visa flödet"})
    assert not draws_something(json.loads(fig.to_json()))
    assert title_sentence(fig) == "För få avslut hittills i år för att visa flödet"


def test_navigation_is_the_same_live_and_static():
    static, live = nav_html("goals", live=False), nav_html("goals", live=True)
    for stem, title in DASHBOARDS:
        assert f'href="{stem}.html"' in static and f'href="{stem}.ipynb"' in live and title in static
    assert '<a href="goals.html" aria-current="page">' in static
    assert 'href="index.html">← Till mötesunderlaget' in static and 'href="index.html">← Till mötesunderlaget' in live
    assert 'class="fsd-live"><a href="goals.ipynb">Öppna interaktivt' in static  # hidden on file: pages
    assert "download" not in static + live
    assert set(page_resources()["nav"]) == {stem for stem, _t in DASHBOARDS}


def test_navigation_titles_are_the_notebooks_titles():
    assert [(p.stem, notebook_title(p)) for p in sorted(ROOT.glob("notebooks/*.ipynb"),
                                                        key=lambda p: [s for s, _t in DASHBOARDS].index(p.stem))
            ] == list(DASHBOARDS)


def test_a_notebook_of_the_latest_meeting_opens_latest(tmp_path):
    (tmp_path / "norrsken" / "2026-11-23").mkdir(parents=True)
    (tmp_path / "norrsken" / "2026-09-24").mkdir()
    os.symlink("2026-11-23", tmp_path / "norrsken" / "latest")
    assert latest_path(tmp_path, "norrsken/2026-11-23/goals.ipynb") == "norrsken/latest/goals.ipynb"
    assert latest_path(tmp_path, "norrsken/2026-09-24/goals.ipynb") == "norrsken/2026-09-24/goals.ipynb"
    assert latest_path(tmp_path, "norrsken/latest/goals.ipynb") == "norrsken/latest/goals.ipynb"
    assert latest_path(tmp_path, "x/../goals.ipynb") == "x/../goals.ipynb"
    assert latest_path(tmp_path, "goals.ipynb") == "goals.ipynb"


def test_every_page_glossary_word_is_explained():
    from finsamdash.dashboards import BudgetPage, GoalsPage, IndicatorsPage, OverviewPage, ParticipantsPage
    from finsamdash.wording.pages import glossary_note

    for page in (BudgetPage, GoalsPage, IndicatorsPage, OverviewPage, ParticipantsPage):
        glossary_note(page.glossary)  # every key exists
    assert glossary_note(("tkr",)) == "Ord på sidan: tkr = tusen kronor."
    assert glossary_note(()) == ""
