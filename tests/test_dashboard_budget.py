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
from finsamdash.figures._base import unwrap_title

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
    monkeypatch.setattr(budget_module, "show", capture)
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
    burn = run(page, "burn", shown)
    assert titles(burn)[0].startswith("Kostnaderna t.o.m. 23 november 2026 är ")
    assert "av årets kostnadsbudget återstår" in titles(burn)[1]
    assert "månaderna efter november är prognos" in html(burn)
    text = html(run(page, "forecast", shown))
    assert "Prognos för helåret 2026, tkr" in text and "Budgetbaserad prognos 24 september 2026" in text
    assert "Prognos enligt takt: utfallet t.o.m. 23 november 2026" in text
    assert "Budgetbaserad prognos: utfallet t.o.m. 23 november 2026 plus budgeten" in text
    assert "Närmaste 3 månaderna" in text and "Närmaste 6 månaderna" in text
    assert "Budget för 2027 saknas i underlaget" in text  # the demo data has no budget for next year


def test_burn_view_per_intervention(shown, monkeypatch):
    page = BudgetPage(DEMO, "norrsken", "2026-11-23")
    seen = {}
    monkeypatch.setattr(page, "interactive", lambda controls, render: seen.update(controls=controls, render=render))
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
    assert "Helår 2025, tkr" in text and "prognosen är lika med utfallet" in text
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


def test_ledger_without_budget_still_forecasts_by_run_rate(tmp_path, shown):
    for name in ("associations", "interventions", "participants", "ledger"):
        shutil.copy(DEMO / f"{name}.csv", tmp_path)
    page = BudgetPage(tmp_path, "norrsken", "2026-11-23")
    assert "inga uppgifter på bladet Budget" in html(run(page, "header", shown))
    text = html(run(page, "forecast", shown))
    assert "class='fsd-empty'" not in text and "Prognos enligt takt" in text
    admin = run(page, "administration", shown)
    assert titles(admin) and titles(admin)[0].startswith("Administrationen står för")
    result = run(page, "result_and_equity", shown)
    assert titles(result)[0].startswith("Med takten hittills blir det ett överskott på")
