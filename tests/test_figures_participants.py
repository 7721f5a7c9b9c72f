"""Figures of the Deltagarflöden dashboard, tested by structure: trace types, values, labels, title and alt text.
Hidden counts (NA) are never drawn as values and never left as a blank (R8): a hatched "dolt" bar, a marked gap."""

from __future__ import annotations

import json

import pandas as pd

from finsamdash.present.figures._base import alt_text
from finsamdash.present.figures.participants import (
    active_per_month,
    distribution_bar,
    durations_bar,
    exit_sankey,
    flows_per_month,
    support_bars,
)
from finsamdash.wording.privacy import HIDDEN_HOVER, HIDDEN_MARK

NA = pd.NA


def _frame(rows: dict, columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    for c in columns:
        if c != "label":
            out[c] = out[c].astype("Float64" if c == "share" else "Int64")
    return out


def _hidden(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame[columns].isna()


def test_active_per_month_is_a_line_with_marked_gaps_for_hidden_counts():
    active = _frame({0: ["årets början", 120], 1: ["31 januari", 124], 2: ["28 februari", NA], 3: ["31 mars", 131]},
                    ["label", "active"])
    fig = active_per_month(active, hidden=[False, False, True, False], at_end="31 mars 2026")
    (trace,) = fig.data
    assert trace.type == "scatter"
    assert list(trace.x) == ["årets början", "31 januari", "28 februari", "31 mars"]
    assert list(trace.y) == [120, 124, None, 131]
    assert fig.layout.title.text == "131 deltagare var aktiva den 31 mars 2026, 11 fler än vid årets början"
    # the gap has a note and a shaded band: it does not read as a missing month or as zero
    notes = [(a.x, a.text) for a in fig.layout.annotations]
    assert notes == [("28 februari", HIDDEN_MARK)] and len(fig.layout.shapes) == 1
    assert "markerade ”dolt”" in alt_text(fig)


def test_active_per_month_title_without_hidden_figures():
    active = _frame({0: ["årets början", NA], 1: ["31 januari", 10]}, ["label", "active"])
    assert active_per_month(active, hidden=[True, False], at_end="31 januari 2026").layout.title.text == (
        "10 deltagare var aktiva den 31 januari 2026")
    active = _frame({0: ["årets början", 12], 1: ["31 januari", NA]}, ["label", "active"])
    assert active_per_month(active, hidden=[False, True], at_end="x").layout.title.text == (
        "Antalet aktiva deltagare under året")
    active = _frame({0: ["årets början", NA], 1: ["31 januari", NA]}, ["label", "active"])
    assert active_per_month(active, hidden=[True, True], at_end="x").layout.title.text == (
        "Antalet aktiva deltagare är för få för att visas")


def test_flows_per_month_draws_hidden_bars_as_hatched_bars_labelled_dolt():
    flows = _frame({1: ["januari", 16, 14], 2: ["februari", NA, 9], 3: ["mars", 14, 22]},
                   ["label", "started", "ended"])
    fig = flows_per_month(flows, hidden=_hidden(flows, ["started", "ended"]), started=1184, ended=171,
                          period="hittills i år")
    assert [t.name for t in fig.data] == ["Påbörjade", "Avslutade", f"Påbörjade: {HIDDEN_MARK}"]
    assert list(fig.data[0].y) == [16, None, 14]
    hidden = fig.data[2]
    assert list(hidden.y) == [None, 22 / 5, None]  # a fifth of the tallest shown bar: the length tells nothing
    assert list(hidden.text) == ["", HIDDEN_MARK, ""] and hidden.marker.pattern.shape == "/"
    assert HIDDEN_HOVER in hidden.hovertemplate and "%{y" not in hidden.hovertemplate
    assert hidden.offsetgroup == fig.data[0].offsetgroup  # in the slot of the hidden bar
    assert fig.layout.title.text == "1\u00a0184 deltagare har påbörjat och 171 avslutat en insats hittills i år"


def test_flows_per_month_title_when_a_total_is_hidden():
    flows = _frame({1: ["januari", 6, 7]}, ["label", "started", "ended"])
    fig = flows_per_month(flows, hidden=_hidden(flows, ["started", "ended"]), started=None, ended=7,
                          period="under 2025", unit="kvartal")
    assert fig.layout.title.text == "7 deltagare har avslutat en insats under 2025"
    assert "per kvartal" in alt_text(fig) and len(fig.data) == 2  # nothing hidden: no hatched trace


LINKS = pd.DataFrame({
    "source": ["Lotsen", "Lotsen", "Porten"],
    "target": ["arbete", "aktivt arbetssökande", "övriga avslut"],
    "members": [("work",), ("job_seeking",), ("illness", "moved")],
    "value": pd.array([7, 13, 6], dtype="Int64"),
})


def test_exit_sankey_draws_the_shown_flows_with_swedish_labels():
    fig = exit_sankey(LINKS, period="hittills i år", ended=50, share=0.3, hidden=2)
    (trace,) = fig.data
    assert trace.type == "sankey"
    labels = list(trace.node.label)
    assert labels == ["Lotsen", "Porten", "arbete", "aktivt arbetssökande", "övriga avslut"]
    links = {(labels[s], labels[t], v) for s, t, v in zip(trace.link.source, trace.link.target, trace.link.value,
                                                         strict=True)}
    assert links == {("Lotsen", "arbete", 7), ("Lotsen", "aktivt arbetssökande", 13), ("Porten", "övriga avslut", 6)}
    assert fig.layout.title.text == ("30\u00a0% av de 50 som avslutade hittills i år gick till arbete eller studier "
                                     "(2 flöden dolda)")
    assert trace.node.hovertemplate == "%{label}<extra></extra>"  # no node sums in hover
    assert "2 flöden är dolda" in alt_text(fig)


def test_exit_sankey_without_a_flow_to_draw_has_no_sankey():
    """An empty Sankey made plotly.js throw "Invalid array length" in the browser."""
    fig = exit_sankey(LINKS.iloc[0:0], period="under 2025", ended=None, share=None, hidden=4)
    assert fig.data == ()
    assert fig.layout.title.text.startswith("För få avslut under 2025")
    assert json.dumps(fig.to_plotly_json(), default=str)  # plain JSON


def test_support_bars_before_and_after():
    support = _frame({"sick": ["sjuk- eller rehabiliteringspenning", 9, NA],
                      "assistance": ["försörjningsstöd", 22, 12], "self": ["lön eller studiemedel", NA, 14]},
                     ["label", "before", "after"])
    hidden = pd.DataFrame({"before": [False, False, False], "after": [True, False, False]}, index=support.index)
    fig = support_bars(support, hidden=hidden, period="hittills i år")
    assert [t.name for t in fig.data] == ["Före insatsen", "Efter avslut", f"Efter avslut: {HIDDEN_MARK}"]
    assert list(fig.data[1].x) == [None, 12, 14]
    assert list(fig.data[2].text) == [HIDDEN_MARK, "", ""]  # "self" before is merged away: no mark, no bar
    assert fig.layout.title.text == "Före insatsen var försörjningsstöd vanligast, efter insatsen lön eller studiemedel"


def test_durations_bar():
    durations = _frame({"dur_u3": ["under 3 månader", NA, 43], "dur_3_6": ["3–6 månader", 38, NA],
                        "dur_6_12": ["6–12 månader", 62, 32]}, ["label", "ended", "ongoing"])
    fig = durations_bar(durations, hidden=_hidden(durations, ["ended", "ongoing"]), period="hittills i år")
    assert [t.orientation for t in fig.data] == ["h"] * 4
    assert list(fig.data[0].y) == ["under 3 månader", "3–6 månader", "6–12 månader"]
    assert list(fig.data[0].x) == [None, 38, 62]
    assert fig.layout.title.text == "De flesta som avslutade hittills i år hade deltagit 6–12 månader"


def test_distribution_bar_titles():
    gender = _frame({"woman": ["kvinnor", 148, 0.53], "man": ["män", 125, 0.44],
                     "other_unknown": ["annat/okänt", NA, NA]}, ["label", "count", "share"])
    fig = distribution_bar(gender, hidden=_hidden(gender, ["count"]), what="kön", period="hittills i år")
    assert fig.data[0].type == "bar" and list(fig.data[0].x) == [148, 125, None]
    assert list(fig.data[1].text) == ["", "", HIDDEN_MARK]
    assert fig.layout.title.text == "53\u00a0% av deltagarna hittills i år är kvinnor"
    age = _frame({"a": ["under 25 år", 51, 0.21], "b": ["25–34 år", 66, 0.27]}, ["label", "count", "share"])
    assert distribution_bar(age, hidden=_hidden(age, ["count"]), what="åldersgrupp",
                            period="under 2025").layout.title.text == (
        "Vanligast åldersgrupp: 25–34 år (27\u00a0% av deltagarna)")
    nothing = _frame({"a": ["under 25 år", NA, NA]}, ["label", "count", "share"])
    assert distribution_bar(nothing, hidden=_hidden(nothing, ["count"]), what="åldersgrupp",
                            period="under 2025").layout.title.text == (
        "Deltagarna under 2025 efter åldersgrupp: antalen är för få för att visas")
