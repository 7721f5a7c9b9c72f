"""The top of every chart as the reader sees it (issue #17: every colour explained where it is first seen): title,
then the colour legend, then labels above the plot, then the plot, with the room for them computed — pure functions
on plotly JSON. That nothing overlaps when drawn is measured in chromium by test_layout.py (static pages, PDF,
slides) and test_live_ux.py (Voilà)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from finsamdash.pack.presentation import CHART_HEIGHT, slide_figure
from finsamdash.present.figures._base import build, legend_rows, unwrap_title, wrapped_layout

#: One legend row of 14 px type (max(14 · 1.3, 16) + 3) and the legend's padding plus its transparent border.
ROW, BOX = 14 * 1.3 + 3, 10 + 2 * 5


def _figure(names, *, title="Rubriken", height=400, **layout) -> dict:
    fig = build([go.Bar(x=["a"], y=[1], name=n) for n in names], title=title, alt="", height=height,
                showlegend=len(names) > 1, **layout)
    return json.loads(fig.to_json())


@pytest.mark.parametrize(("width", "rows"), [(1000, 1), (720, 2), (400, 3)])
def test_legend_rows_as_plotly_lays_them_out(width, rows):
    # six entries of ten lower-case letters: 40 px symbol + 10 · 0.58 · 14 px text = 121.2 px each, 5 px apart;
    # the plot is the width less the margins (60 + 30). 1000: 910 px ≥ 6 · 121.2 + 25 = 752.2 (one row);
    # 720: 630 px, a grid of 126.2 px columns, 5 to a row (2 rows); 400: 310 px, 2 to a row (3 rows)
    figure = _figure(["abcdefghij"] * 6)
    assert legend_rows(figure["layout"], figure["data"], width=width) == rows


def test_long_category_labels_narrow_the_legend():
    # horizontal bars with 40-letter labels: plotly widens the left margin to 40 · 0.58 · 14 + 10 = 334.8 px, which
    # leaves 720 − 334.8 − 30 = 355.2 px for two 121.2 px entries (they fit in one row) but not for four (two rows)
    for names, rows in ((["abcdefghij"] * 2, 1), (["abcdefghij"] * 4, 2)):
        fig = build([go.Bar(x=[1], y=["a" * 40], orientation="h", name=n) for n in names], title="t", alt="",
                    height=300, showlegend=True)
        figure = json.loads(fig.to_json())
        assert legend_rows(figure["layout"], figure["data"], width=720) == rows


def test_no_legend_no_rows():
    one = _figure(["Deltagare"])  # one series: plotly draws no legend, the title says what the bars are
    assert legend_rows(one["layout"], one["data"]) == 0
    assert "legend" not in wrapped_layout(one["layout"], one["data"])
    sankey = json.loads(go.Figure(go.Sankey(node={"label": ["a", "b"]}), layout={"height": 300}).to_json())
    assert legend_rows(sankey["layout"], sankey["data"]) == 0


def test_the_legend_sits_under_the_title_and_the_chart_grows_by_its_rows():
    figure = _figure(["Påbörjade", "Avslutade"], height=400)
    layout = wrapped_layout(figure["layout"], figure["data"])
    grown = round(400 + ROW + BOX)
    assert layout["height"] == grown  # the plot keeps its height
    legend = layout["legend"]
    assert (legend["xref"], legend["yref"], legend["yanchor"], legend["orientation"]) == ("container", "container",
                                                                                           "top", "h")
    # the title (one 24 px line) below its 10 px pad, 14 px gap, the legend's border reaching 5 px into the gap
    assert legend["y"] == pytest.approx(1 - (10 + 24 + 14 - 5) / grown)
    title = layout["title"]
    assert title["y"] == pytest.approx(1 - (10 + 24 / 2) / grown) and title["yanchor"] == "middle"
    # the margin keeps the title's room (plotly keeps the plot below the legend itself: its reserved margin)
    assert layout["margin"]["t"] == 70  # the theme's, larger than the 48 px the title needs


def test_labels_above_the_plot_come_below_the_legend():
    figure = _figure(["Förbrukat", "Budget hittills"], height=400)
    fig = go.Figure(figure)
    fig.add_vline(x=0.5, annotation_text="83 % av året bokfört", annotation_position="top")
    figure = json.loads(fig.to_json())
    layout = wrapped_layout(figure["layout"], figure["data"])
    assert layout["margin"]["t"] == round(10 + 24 + 14 + ROW + BOX + 26)


def test_plotly_subtitle_becomes_the_titles_smaller_lines():
    fig = go.Figure(json.loads(json.dumps(_figure(["Utfall", "Målvärde"], height=300))))
    fig.update_layout(title_subtitle_text="Minst 260 individer ska ta del av förbundets insatser under året.")
    layout = wrapped_layout(json.loads(fig.to_json())["layout"], json.loads(fig.to_json())["data"])
    assert "subtitle" not in layout["title"]
    assert layout["title"]["text"] == ("Rubriken<br><sup>Minst 260 individer ska ta del av förbundets insatser "
                                       "under året.</sup>")
    assert unwrap_title(layout["title"]["text"]).startswith("Rubriken<br><sup>Minst 260")
    # title line 24 px + first smaller line 18 px, 6 px for plotly drawing the second line a little low
    assert layout["legend"]["y"] == pytest.approx(1 - (10 + 24 + 18 + 14 + 6 - 5) / layout["height"])


def test_a_slide_keeps_its_height_and_puts_the_legend_at_the_top():
    figure = _figure(["Påbörjade", "Avslutade"], height=400)
    figure["layout"] = wrapped_layout(figure["layout"], figure["data"])
    slide = slide_figure(figure)["layout"]
    assert slide["height"] == CHART_HEIGHT and slide["title"]["text"] == ""
    assert slide["legend"]["yanchor"] == "top" and slide["legend"]["y"] == pytest.approx(1 - (16 - 5) / CHART_HEIGHT)
