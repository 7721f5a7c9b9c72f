"""The budget page on the demo data: every section shows its charts (title, alt text, data table), the burn chart
has a cost view per intervention, a closed year shows no forecast, and missing tables give one sentence each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import finsamdash.dashboards._page as page_module
import finsamdash.dashboards.budget as budget_module
from finsamdash.dashboards import BudgetPage
from finsamdash.dashboards._page import PLOTLY_MIME
from finsamdash.present.figures._base import unwrap_title

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
SECTIONS = ("burn", "forecast", "interventions", "administration", "contributions", "result_and_equity")


@pytest.fixture
def shown(monkeypatch):
    """Everything the page displays, as bundles."""
    bundles: list[dict] = []

    def capture(items):
        bundles.extend(items)

    monkeypatch.setattr(page_module, "show", capture)
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    return bundles


def figures(bundles) -> list[dict]:
    return [b[PLOTLY_MIME] for b in bundles if PLOTLY_MIME in b]


def titles(bundles) -> list[str]:
    return [unwrap_title(f["layout"]["title"]["text"]).replace("\u00a0", " ") for f in figures(bundles)]


def html(bundles) -> str:
    return " ".join(b.get("text/html", "") for b in bundles).replace("\u00a0", " ")


def run(page, section, shown) -> list[dict]:
    shown.clear()
    getattr(page, section)()
    return list(shown)


@pytest.mark.parametrize("association", ["norrsken", "sjobygden", "mellanmark"])
def test_every_section_on_the_demo_data(association, shown):
    page = BudgetPage(DEMO, association, "2026-11-23", previous_meeting_date="2026-09-24")
    assert page.title == "Budget och utfall" and not page.closed
    expected_figures = {"burn": 2, "forecast": 0, "interventions": 1, "administration": 1, "contributions": 2,
                        "result_and_equity": 2}
    for section in SECTIONS:
        bundles = run(page, section, shown)
        assert len(figures(bundles)) == expected_figures[section], section
        for fig in figures(bundles):
            assert unwrap_title(fig["layout"]["title"]["text"]) and fig["layout"]["meta"]["alt"]
        if figures(bundles):
            assert "Visa siffrorna som tabell" in html(bundles), section
        assert "kan inte visas" not in html(bundles)
        assert "Traceback" not in html(bundles) and "nan" not in html(bundles).split()


def test_burn_and_forecast_texts(shown):
    page = BudgetPage(DEMO, "norrsken", "2026-11-23", previous_meeting_date="2026-09-24")
    # the demo ledger is closed at 31 October: the economy runs to it, the participants to the meeting
    assert page.books_closed.isoformat() == "2026-10-31"
    header = html(run(page, "header", shown))
    assert "deltagaruppgifter t.o.m. 23 november 2026 · bokfört t.o.m. 31 oktober 2026" in header
    burn = run(page, "burn", shown)
    assert titles(burn)[0].startswith("Kostnaderna t.o.m. 31 oktober 2026 är ")
    assert "<sup>Prognos för helåret: " in titles(burn)[0] and "enligt takten" not in titles(burn)[0]
    assert "av årets kostnadsbudget återstår t.o.m. 31 oktober 2026" in titles(burn)[1]
    assert "efter oktober visar den streckade linjen prognosen för helåret" in html(burn)
    names = [t["name"] for t in figures(burn)[0]["data"]]
    assert names == ["Budget, ackumulerad", "Utfall, ackumulerat", "Prognos", "Jämförelse: takten hittills"]
    december = figures(burn)[0]["data"][2]["y"][-1]
    assert december == pytest.approx(page.year_forecast.costs / 1000)  # the dashed line ends at the forecast
    text = html(run(page, "forecast", shown))
    assert "Prognos för helåret 2026, tkr" in text and "Prognos vid mötet 24 september 2026" in text
    assert "Utfall t.o.m. 31 oktober 2026" in text and "Budget t.o.m. 31 oktober 2026" in text
    assert "Prognos för helåret: intäkterna är medlemmarnas beslutade bidrag för 2026" in text
    assert "Kostnaderna är utfallet t.o.m. 31 oktober 2026 plus budgeten för november och december" in text
    assert "Takt" not in text.split("Kostnader de närmaste")[0]  # no run-rate column in the year-end table
    assert "Närmaste 3 månaderna" in text and "1 november 2026 – 31 januari 2027" in text
    assert "Budget för 2027 saknas i underlaget" in text  # the demo data has no budget for next year


def test_burn_view_per_intervention(shown, monkeypatch):
    page = BudgetPage(DEMO, "norrsken", "2026-11-23")
    seen = {}
    monkeypatch.setattr(page, "interactive",
                        lambda controls, render: seen.update(controls=controls, render=render) or [])
    page.burn()
    control = seen["controls"]["view"]
    assert control.label == "Kostnader" and control.options[0] == ("Alla kostnader", budget_module.ALL)
    assert ("Lotsen", "lotsen") in control.options
    bundles = seen["render"](view="lotsen")
    assert all(t.startswith("Lotsen: ") for t in titles(bundles))


def test_closed_year_shows_actuals_not_forecasts(shown):
    page = BudgetPage(DEMO, "norrsken", "2026-11-23", year=2025)
    assert page.closed
    burn = run(page, "burn", shown)
    assert [t["name"] for t in figures(burn)[0]["data"]] == ["Budget, ackumulerad", "Utfall, ackumulerat"]
    assert titles(burn)[0].startswith("Kostnaderna 2025 blev ")
    text = html(run(page, "forecast", shown))
    assert "Helår 2025, tkr" in text and "Året 2025 är bokfört till och med 31 december" in text
    assert text.count("Resultatet för 2025 blev ett ") == 1
    assert "Närmaste 3 månaderna" not in text
    result = run(page, "result_and_equity", shown)
    assert titles(result)[0].startswith("Året 2025 gav ett överskott på")
    assert titles(result)[1].startswith("Eget kapital blev ")


def test_missing_tables_give_one_note_each_and_sections_are_left_out(tmp_path, shown):
    for name in ("associations", "interventions", "participants"):
        shutil.copy(DEMO / f"{name}.csv", tmp_path)
    page = BudgetPage(tmp_path, "norrsken", "2026-11-23")
    header = html(run(page, "header", shown))
    for sheet in ("Budget", "Utfall", "Bidrag", "Eget kapital"):
        assert header.count(f"Underlaget har inga uppgifter på bladet {sheet} för Samordningsförbundet Norrsken") == 1
    for key in ("ledger", "contributions", "equity"):
        assert key not in header.replace("fsd-", "")
    reasons = {"burn": "bladet Budget", "forecast": "bladen Utfall och Budget", "interventions": "bladet Budget",
               "administration": "bladen Utfall och Budget", "contributions": "bladet Bidrag",
               "result_and_equity": "bladen Utfall, Budget och Eget kapital"}
    for section, reason in reasons.items():
        bundles = run(page, section, shown)
        assert figures(bundles) == [], section
        assert [b["text/plain"] for b in bundles] == [""], section
        assert f"data-reason='underlaget saknar {reason}'" in html(bundles), section


def test_ledger_without_budget_forecasts_the_costs_by_the_rate_so_far(tmp_path, shown):
    for name in ("associations", "interventions", "participants", "ledger"):
        shutil.copy(DEMO / f"{name}.csv", tmp_path)
    page = BudgetPage(tmp_path, "norrsken", "2026-11-23")
    assert "inga uppgifter på bladet Budget" in html(run(page, "header", shown))
    text = html(run(page, "forecast", shown))
    assert "class='fsd-empty'" not in text
    assert "Budget för 2026 saknas, så kostnaderna är utfallet t.o.m. 31 oktober 2026 uppräknat till helår" in text
    assert "beslutade bidrag saknas både på bladet Bidrag och i budgeten" in text
    admin = run(page, "administration", shown)
    assert titles(admin) and titles(admin)[0].startswith("Administrationen står för")
    result = run(page, "result_and_equity", shown)
    assert titles(result)[0].startswith("Prognosen för 2026 är ett ")
