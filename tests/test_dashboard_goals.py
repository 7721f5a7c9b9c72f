"""The Måluppfyllelse page on the demo data and on a small fixture: sections, grouping, status with symbol and
word, trends, suppression and missing data."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import finsamdash.dashboards._page as page_module
from finsamdash.dashboards import GoalsPage
from finsamdash.present.figures._base import unwrap_title
from finsamdash.wording.privacy import GOAL_FIGURES_HIDDEN, HIDDEN_MARK, hidden_note

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
SMALL = ROOT / "tests" / "fixtures" / "valid_small"
PLOTLY = "application/vnd.plotly.v1+json"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Everything the page displays, as display bundles."""
    bundles: list[dict] = []
    monkeypatch.setattr(page_module, "show", bundles.extend)
    return bundles


def _html(bundles: list[dict]) -> str:
    return "".join(b.get("text/html", "") for b in bundles)


def _figures(bundles: list[dict]) -> list[dict]:
    return [b[PLOTLY] for b in bundles if PLOTLY in b]


@pytest.fixture(scope="module")
def demo() -> GoalsPage:
    return GoalsPage(DEMO, "norrsken", "2026-11-23", previous_meeting_date="2026-09-24")


def test_goal_table_grouped(demo: GoalsPage) -> None:
    table = demo.goal_table()
    # the association's goals first, then the interventions by name: "IPS – stöd till arbete" before "Lotsen"
    assert list(dict.fromkeys(table["group"])) == ["Förbundet", "IPS – stöd till arbete", "Lotsen"]
    assert list(table["goal_id"]) == [f"G{i}" for i in range(1, 10)] + ["G11", "G12", "G10"]


def test_status_summary(demo: GoalsPage, shown: list[dict]) -> None:
    demo.status_summary()
    html = _html(shown)
    for word in ("✔ Uppnått", "◐ Delvis uppnått", "✘ Ej uppnått", "– Inget underlag"):
        assert word in html
    assert "hittills i år (t.o.m. 23 november 2026) och är preliminära" in html
    (fig,) = _figures(shown)
    counts = fig["data"][0]["x"]
    assert sum(counts) == 12
    assert unwrap_title(fig["layout"]["title"]["text"]) == f"{counts[0]} av 12 mål är uppnådda hittills i år"


def test_goal_list_shows_the_plans_words_then_the_assessment(demo: GoalsPage, shown: list[dict]) -> None:
    demo.goal_list()
    html = _html(shown)
    assert html.index("<caption>Förbundet") < html.index("Insats: IPS – stöd till arbete") < html.index(
        "Insats: Lotsen")
    for header in ("Nr", "Mål enligt planen och utfall", "Målvärde", "Status"):
        assert f">{header}</th>" in html
    assert "minst 30\u00a0%" in html and "högst 18\u00a0%" in html  # targets in the goal's unit, Swedish format
    text = re.sub(r"[ \n\t]+", " ", re.sub(r"<[^>]+>", " ", html))
    goals = pd.read_csv(DEMO / "goals.csv")
    own = goals[(goals["association_id"] == "norrsken") & (goals["year"] == 2026)]
    for plan_text in own["text"]:  # every goal in the plan's own words
        assert plan_text in text, plan_text
    # the plan's words first, then the assessment with the sentence's figures and the status
    plan = "Minst 30 % av de deltagare som avslutat en insats ska gå vidare till arbete eller studier."
    assert f"{plan} Utfall hittills: 44 av 144 (31\u00a0%) – uppnått" in text
    # a hidden outcome in the one hidden wording, its status shown (R6); here the plan share is hidden because
    # the complement changed by fewer than 5 since the previous meeting (R9: 120 − 102 ended without a plan in
    # September, 144 − 124 now)
    plan = "Minst 90 % av de som avslutat en insats ska ha haft en individuell handlingsplan."
    assert f"{plan} Utfall hittills: {GOAL_FIGURES_HIDDEN} – delvis uppnått" in text
    # the qualitative goal shows the director's assessment and comment
    assert ("Samverkan mellan parterna ska öka och utvecklas. Bedömning hittills: delvis uppnått Kommentar: "
            "Preliminär bedömning i delårsrapporten.") in text
    # money goals in the running year are judged on the year-end forecast, in tkr, never "blev" (past tense)
    assert "Bedömning: prognosen för helåret är ett " in text and "resultatet blev" not in html
    assert "Ekonomiska mål (resultat, administrationens andel, eget kapital) bedöms på prognosen" in html
    # ... and has no target: the plan set none
    assert re.search(r"<td>G9</td><td>.*?</td><td class='num' style='white-space:nowrap'>–</td>", html)


def test_trends_one_chart_per_quantitative_goal(demo: GoalsPage, shown: list[dict]) -> None:
    demo.trends()
    figures = _figures(shown)
    assert len(figures) == 11  # 12 goals with earlier years, one of them qualitative (G9)
    titles = {unwrap_title(f["layout"]["title"]["text"]).split(":")[0]: unwrap_title(f["layout"]["title"]["text"])
              for f in figures}
    money = {"G5", "G6", "G8"}  # result, administration share, equity: judged on the year-end forecast
    assert all("i år hittills" in t for g, t in titles.items() if g not in money)
    assert all("i år bedöms målet" in t for g, t in titles.items() if g in money)
    for fig in figures:
        outcome, _status, target = fig["data"]
        goal_id = fig["layout"]["title"]["text"].split(":")[0]
        assert outcome["x"][-1] == ("2026 (prognos)" if goal_id in money else "2026 (hittills)")
        assert outcome["x"][0] == "2020"
        assert target["name"] == "Målvärde"
        assert fig["layout"]["meta"]["alt"].startswith("Linjediagram över utfallet för mål")
    html = _html(shown)
    assert "G9</strong> (kvalitativt mål, bedömning per år)" in html
    assert "Visa siffrorna som tabell" in html


def test_past_year_has_no_preliminary_note(shown: list[dict]) -> None:
    page = GoalsPage(DEMO, "sjobygden", "2026-11-23", year=2025)
    page.status_summary()
    page.trends()
    assert "preliminära" not in _html(shown)
    figures = _figures(shown)
    met = figures[0]["data"][0]["x"][0]
    assert unwrap_title(figures[0]["layout"]["title"]["text"]) == f"{met} av 12 mål är uppnådda för 2025"
    assert all("hittills" not in unwrap_title(f["layout"]["title"]["text"]) for f in figures)
    assert all(f["data"][0]["x"][-1] == "2025" for f in figures[1:])


def test_small_counts_are_hidden(shown: list[dict]) -> None:
    page = GoalsPage(SMALL, "norrsken", "2026-11-23")
    table = page.goal_table()
    bron = table[table["goal_id"] == "G1"].iloc[0]
    assert (bron["outcome_text"], bool(bron["hidden"]), bron["status"]) == (HIDDEN_MARK, True, "not_met")
    page.goal_list()
    html = _html(shown)
    assert f"Utfall hittills: {GOAL_FIGURES_HIDDEN} – ej uppnått" in html
    assert hidden_note(5) in html
    ids = set(pd.read_csv(SMALL / "participants.csv")["participant_id"].dropna())
    text = json.dumps(shown, ensure_ascii=False)
    assert not [pid for pid in ids if pid in text]


def test_hidden_years_are_not_drawn(shown: list[dict]) -> None:
    page = GoalsPage(DEMO, "sjobygden", "2026-11-23", min_count=40)
    page.trends()
    for fig in _figures(shown):
        alt = fig["layout"]["meta"]["alt"]
        outcome = fig["data"][0]
        hidden = [part.split(": ")[0] for part in alt.split(". ", 1)[1].split("; ")
                  if part.split(": ")[1].startswith(HIDDEN_MARK)]
        for year, y in zip(outcome["x"], outcome["y"], strict=True):
            assert (y is None) == (year in hidden), (unwrap_title(fig["layout"]["title"]["text"]), year)


def test_missing_goals_table(tmp_path: Path, shown: list[dict]) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    (data / "goals.csv").unlink()
    page = GoalsPage(data, "sydnarke", "2026-11-23")
    page.header()
    page.status_summary()
    page.goal_list()
    page.trends()
    html = _html(shown)
    # one note under the header, naming the sheet (never the table key); every section is left out
    assert html.count("Underlaget har inga uppgifter på bladet Mål för Samordningsförbundet Sydnärke, så målen kan "
                      "inte följas upp.") == 1
    assert "goals" not in html.replace("fsd-", "")
    assert html.count("class='fsd-empty' data-reason='underlaget saknar bladet Mål'") == 3
    assert [b["text/plain"] for b in shown[1:]] == ["", "", ""]
    assert not _figures(shown)


def test_year_without_goals(shown: list[dict]) -> None:
    page = GoalsPage(DEMO, "norrsken", "2019-12-01")
    page.header()
    page.goal_list()
    page.trends()
    assert _html(shown).count("Underlaget har inga mål för 2019.") == 1
    assert _html(shown).count("data-reason='inga mål för 2019'") == 2
