"""Structure of the core indicator figures: trace types, values, labels, titles (not pixels)."""

from __future__ import annotations

import pandas as pd
import pytest

from finsamdash.present.figures._base import alt_text
from finsamdash.present.figures.indicators import comparison_dots, diverging_bars, item_bars, step_colors, trend_lines

STEP_NAMES = {1: "1 instämmer inte alls", 2: "2", 3: "3", 4: "4", 5: "5", 6: "6 instämmer helt"}


def distribution_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "label": ["1a Jag får stödet", "8a Jag upplever"],
        "share_1": [0.1, 0.0], "share_2": [0.1, 0.0], "share_3": [0.2, 0.25],
        "share_4": [0.2, 0.25], "share_5": [0.2, 0.25], "share_6": [0.2, 0.25],
        "side": ["n 10 · vet ej 2", "n 8 · vet ej 0"],
    })


def test_diverging_bars_put_low_steps_left_of_zero():
    fig = diverging_bars(distribution_frame(), y="label", negative=[1, 2, 3], positive=[4, 5, 6],
                         step_names=STEP_NAMES, title="Störst andel i de lägre stegen: 1a", alt="Staplar.",
                         side_text="side")
    assert [t.type for t in fig.data] == ["bar"] * 6
    by_name = {t.name: t for t in fig.data}
    # negative steps are drawn as negative percentages, positive steps as positive ones
    assert list(by_name["1 instämmer inte alls"].x) == [-10.0, -0.0]
    assert list(by_name["3"].x) == [-20.0, -25.0]
    assert list(by_name["6 instämmer helt"].x) == [20.0, 25.0]
    assert all(v >= 0 for v in by_name["4"].x)
    # the hover shows the share without its sign
    assert list(by_name["1 instämmer inte alls"].customdata) == [10.0, 0.0]
    # nearest to zero first, so the lowest step is outermost in a relative stack
    assert [t.name for t in fig.data] == ["3", "2", "1 instämmer inte alls", "4", "5", "6 instämmer helt"]
    assert fig.layout.barmode == "relative"
    assert all(t.orientation == "h" for t in fig.data)
    assert list(fig.layout.yaxis.categoryarray) == ["1a Jag får stödet", "8a Jag upplever"]
    assert list(fig.layout.xaxis.ticktext) == ["100 %", "50 %", "0 %", "50 %", "100 %"]
    # vet ej is beside the bars, not in them
    assert [a.text for a in fig.layout.annotations] == ["n 10 · vet ej 2", "n 8 · vet ej 0"]
    assert not any("vet ej" in (t.name or "") for t in fig.data)
    assert fig.layout.title.text == "Störst andel i de lägre stegen: 1a"
    assert alt_text(fig) == "Staplar."


def test_diverging_bars_split_a_middle_step_over_zero():
    frame = pd.DataFrame({"label": ["x"], "share_1": [0.2], "share_2": [0.2], "share_3": [0.4],
                          "share_4": [0.1], "share_5": [0.1]})
    names = {s: str(s) for s in range(1, 6)}
    fig = diverging_bars(frame, y="label", negative=[1, 2], positive=[4, 5], middle=3, step_names=names,
                         title="t", alt="a")
    middle = [t for t in fig.data if t.name == "3"]
    assert [list(t.x) for t in middle] == [[-20.0], [20.0]]  # 40 % split half on each side
    assert [t.showlegend for t in middle] == [True, False]


def test_diverging_bars_never_draw_hidden_values():
    frame = distribution_frame()
    frame.loc[1, ["share_1", "share_6"]] = pd.NA
    fig = diverging_bars(frame, y="label", negative=[1, 2, 3], positive=[4, 5, 6], step_names=STEP_NAMES,
                         title="t", alt="a")
    by_name = {t.name: t for t in fig.data}
    assert by_name["1 instämmer inte alls"].x[1] is None
    assert by_name["6 instämmer helt"].x[1] is None


def test_step_colors_one_per_step():
    neg, pos, middle = step_colors(3, 3)
    assert len(neg) == 3 and len(pos) == 3 and len(set(neg + pos + [middle])) == 7


def test_item_bars_one_trace_per_kind_and_level_with_effect_patterned():
    frame = pd.DataFrame({
        "label": ["1a", "8a", "12a"], "positive_share": [0.8, 0.5, 0.25],
        "kind": ["process", "process", "effect"], "level": ["participant", "staff", "staff"],
        "hover": ["n = 10", "n = 8", "n = 12"],
    })
    names = {("process", "participant"): "Process – deltagare", ("process", "staff"): "Process – personal",
             ("effect", "staff"): "Effekt – personal", ("effect", "society"): "Effekt – samhälle"}
    fig = item_bars(frame, y="label", names=names, title="Högst på 1a (80 %)", alt="Staplar.", hover="hover")
    assert [t.name for t in fig.data] == ["Process – deltagare", "Process – personal", "Effekt – personal"]
    assert [list(t.x) for t in fig.data] == [[80.0], [50.0], [25.0]]
    assert [list(t.y) for t in fig.data] == [["1a"], ["8a"], ["12a"]]
    assert fig.data[0].marker.pattern.shape == "" and fig.data[2].marker.pattern.shape == "/"
    assert fig.data[1].marker.color == fig.data[2].marker.color  # same level, same colour
    assert list(fig.data[2].customdata) == ["n = 12"]
    assert list(fig.layout.yaxis.categoryarray) == ["1a", "8a", "12a"]
    assert fig.layout.title.text == "Högst på 1a (80 %)"


def test_trend_lines_category_axis_percent_and_gaps():
    frame = pd.DataFrame({"period_label": ["2025 h1", "2025 h2", "2026 h1"], "1a": [0.5, pd.NA, 0.75],
                          "1b": [0.25, 0.5, 1.0]})
    fig = trend_lines(frame, x="period_label", y=["1a", "1b"], names=["1a Jag får", "1b Jag har fått"],
                      title="Indikator 1", alt="Linjer.")
    assert [t.type for t in fig.data] == ["scatter", "scatter"]
    assert list(fig.data[0].x) == ["2025 h1", "2025 h2", "2026 h1"]
    assert list(fig.data[0].y) == [50.0, None, 75.0]  # the hidden point is a gap
    assert list(fig.data[1].y) == [25.0, 50.0, 100.0]
    assert fig.data[0].connectgaps is False
    assert fig.layout.xaxis.type == "category"
    assert fig.data[0].hovertemplate == "%{x}: %{y:.0f} %<extra>1a Jag får</extra>"
    assert list(fig.layout.yaxis.ticktext) == ["0 %", "25 %", "50 %", "75 %", "100 %"]


def test_trend_lines_of_means_on_the_scale():
    frame = pd.DataFrame({"period_label": ["2025", "2026"], "1a": [4.5, 5.25]})
    fig = trend_lines(frame, x="period_label", y=["1a"], names=["1a"], title="t", alt="a", percent=False,
                      value_range=(1, 6), y_title="Medelvärde")
    assert list(fig.data[0].y) == [4.5, 5.25]
    assert list(fig.layout.yaxis.range) == pytest.approx([0.8, 6.2])
    assert fig.data[0].hovertemplate == "%{x}: %{y:.1f}<extra>1a</extra>"  # no percent sign


def test_comparison_dots_highlight_the_association_shown():
    frame = pd.DataFrame({
        "label": ["1a", "1a", "1a", "2a", "2a"],
        "name": ["Förbund A", "Förbund B", "Förbund C", "Förbund A", "Förbund B"],
        "own": [False, True, False, False, True],
        "positive_share": [0.8, 0.6, 0.4, 0.5, 0.9],
    })
    fig = comparison_dots(frame, y="label", x="positive_share", association="name", own="own",
                          own_name="Förbund B", title="B högst på 1 av 2", alt="Punkter.")
    others, own = fig.data
    assert (others.name, own.name) == ("Övriga förbund", "Förbund B")
    assert list(own.x) == [60.0, 90.0] and list(own.y) == ["1a", "2a"]
    assert list(others.x) == [80.0, 40.0, 50.0]
    assert list(others.customdata) == ["Förbund A", "Förbund C", "Förbund A"]  # other names in the hover
    assert own.marker.symbol == "diamond" and own.marker.size > others.marker.size
    assert own.marker.color != others.marker.color
    assert list(fig.layout.yaxis.categoryarray) == ["1a", "2a"]
