"""The Måluppfyllelse page on the demo data and on a small fixture: sections, grouping, status with symbol and
word, trends, suppression and missing data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import finsamdash.dashboards._page as page_module
import finsamdash.dashboards.goals as goals_module
from finsamdash.dashboards import GoalsPage
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
    monkeypatch.setattr(goals_module, "show", bundles.extend)
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
    assert fig["layout"]["title"]["text"] == f"{counts[0]} av 12 mål är uppnådda hittills i år"


def test_goal_list_shows_target_outcome_status_and_sentence(demo: GoalsPage, shown: list[dict]) -> None:
    demo.goal_list()
    html = _html(shown)
    assert html.index("<caption>Förbundet") < html.index("Insats: IPS – stöd till arbete") < html.index(
        "Insats: Lotsen")
    for header in ("Målvärde", "Utfall", "Status", "Bedömning"):
        assert f">{header}</th>" in html
    assert "minst 30\u00a0%" in html and "högst 18\u00a0%" in html  # targets in the goal's unit, Swedish format
    # the qualitative goal shows its manual status and comment (part of its sentence)
    assert "bedömdes som delvis uppnått" in html and "kvalitativ bedömning" in html
    assert "Samverkan har utvecklats i styrgrupperna" in html
    # money goals in the running year are judged on the year-end forecast, in tkr, never "blev" (past tense)
    assert "Målet att resultatet ska vara minst 0\u00a0tkr bedöms " in html
    assert ": prognosen för helåret är ett " in html and "resultatet blev" not in html
    assert "Ekonomiska mål (resultat, administrationens andel, eget kapital) bedöms på prognosen" in html


def test_trends_one_chart_per_quantitative_goal(demo: GoalsPage, shown: list[dict]) -> None:
    demo.trends()
    figures = _figures(shown)
    assert len(figures) == 11  # 12 goals with earlier years, one of them qualitative (G9)
    titles = {f["layout"]["title"]["text"].split(":")[0]: f["layout"]["title"]["text"] for f in figures}
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
    assert figures[0]["layout"]["title"]["text"] == f"{met} av 12 mål är uppnådda för 2025"
    assert all("hittills" not in f["layout"]["title"]["text"] for f in figures)
    assert all(f["data"][0]["x"][-1] == "2025" for f in figures[1:])


def test_small_counts_are_hidden(shown: list[dict]) -> None:
    page = GoalsPage(SMALL, "norrsken", "2026-11-23")
    table = page.goal_table()
    bron = table[table["goal_id"] == "G1"].iloc[0]
    assert (bron["outcome_text"], bool(bron["hidden"]), bron["status"]) == (HIDDEN_MARK, True, "not_met")
    page.goal_list()
    html = _html(shown)
    assert GOAL_FIGURES_HIDDEN in html
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
            assert (y is None) == (year in hidden), (fig["layout"]["title"]["text"], year)


def test_missing_goals_table(tmp_path: Path, shown: list[dict]) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    (data / "goals.csv").unlink()
    page = GoalsPage(data, "sydnarke", "2026-11-23")
    page.status_summary()
    page.goal_list()
    page.trends()
    html = _html(shown)
    assert html.count("Målen kan inte visas: underlaget saknar uppgifter på bladet Mål (goals)") == 3
    assert not _figures(shown)


def test_year_without_goals(shown: list[dict]) -> None:
    page = GoalsPage(DEMO, "norrsken", "2019-12-01")
    page.goal_list()
    assert "Underlaget har inga mål för 2019." in _html(shown)
