"""Goal and overview figures, checked by structure: trace types, values, labels, colours, titles and alt text."""

from __future__ import annotations

import pandas as pd

from finsamdash.present.figures._base import alt_text
from finsamdash.present.figures.goals import goal_trend, status_bar
from finsamdash.present.figures.overview import cost_bars
from finsamdash.present.theme import GREY, STATUS_STYLE


def test_status_bar() -> None:
    frame = pd.DataFrame({"status": ["met", "partly", "not_met", "no_data"], "count": [8, 2, 1, 0]})
    fig = status_bar(frame, title="8 av 11 mål är uppnådda", alt="Fyra staplar.")
    (trace,) = fig.data
    assert trace.type == "bar" and trace.orientation == "h"
    assert list(trace.x) == [8, 2, 1, 0]
    # symbol and word on every bar, never colour alone
    assert list(trace.y) == ["✔ Uppnått", "◐ Delvis uppnått", "✘ Ej uppnått", "– Inget underlag"]
    assert list(trace.marker.color) == [STATUS_STYLE[s]["color"] for s in ("met", "partly", "not_met", "no_data")]
    assert list(trace.text) == ["8", "2", "1", "0"]
    assert fig.layout.title.text == "8 av 11 mål är uppnådda"
    assert alt_text(fig) == "Fyra staplar."
    assert fig.layout.yaxis.type == "category"


def _trend() -> pd.DataFrame:
    return pd.DataFrame({
        "year_label": ["2011", "2012", "2013 (hittills)"],
        "outcome": pd.array([45.0, None, 28.6], dtype="Float64"),
        "target": pd.array([40.0, 40.0, 40.0], dtype="Float64"),
        "status": ["met", "met", "not_met"],
    })


def test_goal_trend() -> None:
    fig = goal_trend(_trend(), title="G3: uppnått 2 av 2 år", alt="Linjediagram.", unit="percent",
                     subtitle="Minst 40 % ska gå till arbete eller studier.")
    outcome, status, target = fig.data
    assert [(t.type, t.name) for t in fig.data] == [("scatter", "Utfall"), ("scatter", "Status"),
                                                   ("scatter", "Målvärde")]
    assert list(outcome.x) == list(status.x) == ["2011", "2012", "2013 (hittills)"]  # years as text
    assert fig.layout.xaxis.type == "category"
    # the hidden year is a gap: not drawn, not in the hover text
    assert list(outcome.y) == list(status.y) == [45.0, None, 28.6]
    assert outcome.connectgaps is False
    # status as colour and symbol, the status word in the hover text
    assert list(status.text) == ["✔", "✔", "✘"]
    assert list(status.marker.color) == [STATUS_STYLE["met"]["color"]] * 2 + [STATUS_STYLE["not_met"]["color"]]
    assert list(status.customdata) == ["✔ Uppnått", "✔ Uppnått", "✘ Ej uppnått"]
    assert status.showlegend is False
    assert list(target.y) == [40.0, 40.0, 40.0]
    assert target.line.dash == "dash" and target.line.color == GREY
    assert fig.layout.title.text == "G3: uppnått 2 av 2 år"
    assert fig.layout.title.subtitle.text == "Minst 40 % ska gå till arbete eller studier."
    assert fig.layout.yaxis.ticksuffix == " %"
    assert alt_text(fig) == "Linjediagram."
    # room above the highest value (45) for the symbols; pad = max(0.25 × (45 − 28.6), 4.5) = 4.5
    low, high = fig.layout.yaxis.range
    assert high == 45.0 + 4.5
    assert low == 28.6 - 4.5


def test_goal_trend_with_negative_amounts_keeps_them_in_view() -> None:
    frame = pd.DataFrame({"year_label": ["2012", "2013"], "outcome": [-150_000.0, 80_000.0],
                          "target": [0.0, 0.0], "status": ["not_met", "met"]})
    fig = goal_trend(frame, title="G5", alt="x", unit="sek")
    low, high = fig.layout.yaxis.range
    # pad = max(0.25 × 230 000, 8 000) = 57 500
    assert (low, high) == (-150_000 - 57_500, 80_000 + 57_500)
    assert fig.layout.yaxis.ticksuffix == " kr"


def test_cost_bars() -> None:
    frame = pd.DataFrame({"label": ["Budget för helåret", "Budget t.o.m. 23 november 2013",
                                    "Kostnader t.o.m. 23 november 2013", "Prognos för helåret"],
                          "amount_tkr": pd.array([1200.0, 1000.0, 900.0, None], dtype="Float64")})
    fig = cost_bars(frame, title="Kostnaderna hittills i år är 90 % av budgeten för perioden", alt="Staplar.")
    (trace,) = fig.data
    assert trace.type == "bar" and trace.orientation == "h"
    assert list(trace.y) == list(frame["label"])
    assert list(trace.x) == [1200.0, 1000.0, 900.0, None]  # a missing forecast is not drawn
    assert trace.texttemplate == "%{x:,.0f} tkr"
    assert len(set(trace.marker.color)) == 4  # year budget, budget to date, actual and forecast look different
    assert fig.layout.title.text.startswith("Kostnaderna hittills")
    assert alt_text(fig) == "Staplar."
