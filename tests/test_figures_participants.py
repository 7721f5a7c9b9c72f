"""Figures of the Deltagarflöden dashboard, tested by structure: trace types, values, labels, title and alt text.
Hidden counts (NA) are never drawn and never reach hover text."""

from __future__ import annotations

import json

import pandas as pd

from finsamdash.figures._base import alt_text
from finsamdash.figures.participants import (
    TOTAL,
    active_per_month,
    distribution_bar,
    durations_bar,
    exit_sankey,
    flows_per_month,
    support_sankey,
)

NA = pd.NA


def _frame(rows: dict, columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    for c in columns:
        if c != "label":
            out[c] = out[c].astype("Float64" if c == "share" else "Int64")
    return out


def test_active_per_month_is_a_line_with_gaps_for_hidden_counts():
    monthly = _frame({0: ["årets början", 120], 1: ["januari", 124], 2: ["februari", NA], 3: ["mars", 131]},
                     ["label", "active"])
    fig = active_per_month(monthly, at_end="31 mars 2026")
    (trace,) = fig.data
    assert trace.type == "scatter"
    assert list(trace.x) == ["årets början", "januari", "februari", "mars"]
    assert list(trace.y) == [120, 124, None, 131]
    assert fig.layout.title.text == "131 deltagare var aktiva den 31 mars 2026, 11 fler än vid årets början"
    assert alt_text(fig).startswith("Linjediagram")


def test_active_per_month_title_without_hidden_figures():
    monthly = _frame({0: ["årets början", NA], 1: ["januari", 10]}, ["label", "active"])
    assert active_per_month(monthly, at_end="31 januari 2026").layout.title.text == (
        "10 deltagare var aktiva den 31 januari 2026")
    monthly = _frame({0: ["årets början", 12], 1: ["januari", NA]}, ["label", "active"])
    assert active_per_month(monthly, at_end="31 januari 2026").layout.title.text == (
        "Antalet aktiva deltagare per månad")
    monthly = _frame({0: ["årets början", 12], 1: ["januari", 9]}, ["label", "active"])
    assert "3 färre än vid årets början" in active_per_month(monthly, at_end="x").layout.title.text


def test_flows_per_month_draws_started_and_ended_but_not_the_total_row():
    monthly = _frame({1: ["januari", 16, 14], 2: ["februari", NA, NA], 3: ["mars", 14, 22],
                      TOTAL: [TOTAL, 1184, 171]}, ["label", "started", "ended"])
    fig = flows_per_month(monthly, period="hittills i år")
    assert [t.type for t in fig.data] == ["bar", "bar"]
    assert [t.name for t in fig.data] == ["Påbörjade", "Avslutade"]
    assert list(fig.data[0].x) == ["januari", "februari", "mars"]
    assert list(fig.data[0].y) == [16, None, 14]
    assert list(fig.data[1].y) == [14, None, 22]
    # Swedish thousands in the title; the total row is used for it, never drawn
    assert fig.layout.title.text == "1\u00a0184 deltagare har påbörjat och 171 avslutat en insats hittills i år"
    assert "%{y" in fig.data[0].hovertemplate  # hover shows the drawn value only


def test_flows_per_month_title_when_a_total_is_hidden():
    monthly = _frame({1: ["januari", 6, 7], TOTAL: [TOTAL, NA, 7]}, ["label", "started", "ended"])
    assert flows_per_month(monthly, period="under 2025").layout.title.text == (
        "7 deltagare har avslutat en insats under 2025")


EXITS = pd.DataFrame({
    "label": ["Lotsen", "Porten", TOTAL],
    "work": pd.array([7, NA, 11], dtype="Int64"),
    "studies": pd.array([NA, NA, NA], dtype="Int64"),
    "job_seeking": pd.array([13, 6, 19], dtype="Int64"),
    "illness": pd.array([0, NA, 5], dtype="Int64"),
    "ended_identified": pd.array([30, 20, 50], dtype="Int64"),
    "work_or_studies_share": pd.array([NA, NA, 0.3], dtype="Float64"),
}, index=["lotsen", "porten", TOTAL])
REASONS = [("work", "arbete"), ("studies", "studier"), ("job_seeking", "aktivt arbetssökande"),
           ("illness", "sjukdom")]


def test_exit_sankey_draws_only_shown_links_with_swedish_labels():
    fig = exit_sankey(EXITS, reasons=REASONS, period="hittills i år")
    (trace,) = fig.data
    assert trace.type == "sankey"
    labels = list(trace.node.label)
    assert labels == ["Lotsen", "Porten", "arbete", "aktivt arbetssökande"]  # no empty node, no total, no ids
    links = {(labels[s], labels[t], v) for s, t, v in zip(trace.link.source, trace.link.target, trace.link.value,
                                                         strict=True)}
    assert links == {("Lotsen", "arbete", 7), ("Lotsen", "aktivt arbetssökande", 13),
                     ("Porten", "aktivt arbetssökande", 6)}
    assert fig.layout.title.text == "30\u00a0% av de 50 som avslutade hittills i år gick till arbete eller studier"
    assert trace.node.hovertemplate == "%{label}<extra></extra>"  # no node sums in hover
    assert "gröna flöden går till arbete eller studier" in alt_text(fig)
    # nothing hidden anywhere in the figure's JSON: the hidden cells' true values never reached it
    assert "lotsen" not in json.dumps(fig.to_plotly_json(), default=str)


def test_exit_sankey_for_one_intervention_and_for_nothing_shown():
    one = EXITS.loc[["lotsen"]].copy()
    one["work_or_studies_share"] = pd.array([0.4], dtype="Float64")
    assert exit_sankey(one, reasons=REASONS, period="under 2025").layout.title.text == (
        "40\u00a0% av de 30 som avslutade under 2025 gick till arbete eller studier")
    hidden = EXITS.copy()
    for key, _label in REASONS:
        hidden[key] = pd.array([NA] * 3, dtype="Int64")
    fig = exit_sankey(hidden, reasons=REASONS, period="under 2025")
    assert list(fig.data[0].link.value) == []
    assert fig.layout.title.text.startswith("För få avslut under 2025")


def test_support_sankey():
    support = pd.DataFrame(
        {"self": [9, NA, 12], "assistance": [NA, 12, 20], TOTAL: [26, 34, 60]},
        index=["sick", "assistance", TOTAL], dtype="Int64")
    labels = {"sick": "sjuk- eller rehabiliteringspenning", "assistance": "försörjningsstöd",
              "self": "lön eller studiemedel", TOTAL: TOTAL}
    fig = support_sankey(support, labels=labels, period="hittills i år")
    (trace,) = fig.data
    assert trace.type == "sankey"
    assert list(trace.node.label) == ["sjuk- eller rehabiliteringspenning", "försörjningsstöd",
                                      "lön eller studiemedel", "försörjningsstöd"]
    assert list(trace.link.value) == [9, 12]
    assert fig.layout.title.text == "Före insatsen var försörjningsstöd vanligast, efter insatsen försörjningsstöd"
    assert [a.text for a in fig.layout.annotations] == ["<b>Före</b>", "<b>Efter</b>"]


def test_durations_bar():
    durations = _frame({"dur_u3": ["under 3 månader", NA, 43], "dur_3_6": ["3–6 månader", 38, NA],
                        "dur_6_12": ["6–12 månader", 62, 32], TOTAL: [TOTAL, 144, 103]},
                       ["label", "ended", "ongoing"])
    fig = durations_bar(durations, period="hittills i år")
    assert [t.type for t in fig.data] == ["bar", "bar"]
    assert [t.orientation for t in fig.data] == ["h", "h"]
    assert list(fig.data[0].y) == ["under 3 månader", "3–6 månader", "6–12 månader"]
    assert list(fig.data[0].x) == [None, 38, 62]
    assert list(fig.data[1].x) == [43, None, 32]
    assert fig.layout.title.text == "De flesta som avslutade hittills i år hade deltagit 6–12 månader"


def test_distribution_bar_titles():
    gender = _frame({"woman": ["kvinnor", 148, 0.53], "man": ["män", 125, 0.44],
                     "other_unknown": ["annat/okänt", NA, NA], TOTAL: [TOTAL, 281, 1.0]},
                    ["label", "count", "share"])
    fig = distribution_bar(gender, what="kön", period="hittills i år")
    assert fig.data[0].type == "bar" and list(fig.data[0].x) == [148, 125, None]
    assert list(fig.data[0].y) == ["kvinnor", "män", "annat/okänt"]
    assert fig.layout.title.text == "53\u00a0% av deltagarna hittills i år är kvinnor"
    age = _frame({"age_u25": ["under 25 år", 51, 0.21], "age_25_34": ["25–34 år", 66, 0.27],
                  TOTAL: [TOTAL, 247, 1.0]}, ["label", "count", "share"])
    assert distribution_bar(age, what="åldersgrupp", period="under 2025").layout.title.text == (
        "Vanligast åldersgrupp: 25–34 år (27\u00a0% av deltagarna)")
    nothing = _frame({"age_u25": ["under 25 år", NA, NA], TOTAL: [TOTAL, NA, NA]}, ["label", "count", "share"])
    assert distribution_bar(nothing, what="åldersgrupp", period="under 2025").layout.title.text == (
        "Deltagarna under 2025 efter åldersgrupp: antalen är för få för att visas")


def test_titles_say_so_when_every_count_is_hidden():
    monthly = _frame({1: ["januari", NA, NA], 2: ["februari", NA, NA], TOTAL: [TOTAL, 21, 20]},
                     ["label", "started", "ended"])
    assert flows_per_month(monthly, period="hittills i år").layout.title.text == (
        "21 deltagare har påbörjat och 20 avslutat en insats hittills i år – antalen per månad är för få för att "
        "visas")
    stock = _frame({0: ["årets början", NA], 1: ["januari", NA]}, ["label", "active"])
    assert active_per_month(stock, at_end="x").layout.title.text == (
        "Antalet aktiva deltagare per månad är för få för att visas")
    durations = _frame({"dur_u3": ["under 3 månader", NA, NA], TOTAL: [TOTAL, 8, NA]}, ["label", "ended", "ongoing"])
    assert durations_bar(durations, period="under 2025").layout.title.text == (
        "Tid i insats: antalen är för få för att visas")
