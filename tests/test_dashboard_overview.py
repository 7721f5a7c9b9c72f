"""The Översikt page on the demo data and on a small fixture: sentences, cards with changes since the previous
meeting, costs, goals as traffic lights, suppression and missing data."""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import finsamdash.dashboards._page as page_module
from finsamdash.dashboards import OverviewPage
from finsamdash.errors import MeetingDateError
from finsamdash.present.figures._base import unwrap_title
from finsamdash.wording.privacy import HIDDEN_MARK, hidden_note

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
SMALL = ROOT / "tests" / "fixtures" / "valid_small"
PLOTLY = "application/vnd.plotly.v1+json"
SINCE = "sedan förra mötet (24 september 2026)"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    bundles: list[dict] = []
    monkeypatch.setattr(page_module, "show", bundles.extend)
    return bundles


def _html(bundles: list[dict]) -> str:
    return "".join(b.get("text/html", "") for b in bundles)


def _figures(bundles: list[dict]) -> list[dict]:
    return [b[PLOTLY] for b in bundles if PLOTLY in b]


def _all_sections(page: OverviewPage) -> None:
    page.in_brief()
    page.key_figures()
    page.costs()
    page.goals()


@pytest.fixture(scope="module")
def demo() -> OverviewPage:
    return OverviewPage(DEMO, "norrsken", "2026-11-23", previous_meeting_date="2026-09-24")


def test_sentences(demo: OverviewPage) -> None:
    sentences = [s.replace("\u00a0", " ") for s in demo.sentences()]
    assert 3 <= len(sentences) <= 6
    assert sentences[0].startswith("Hittills i år har ")
    assert "den nationella referensen på ungefär en tredjedel" in sentences[1]
    assert sentences[2].startswith("Kostnaderna t.o.m. 31 oktober 2026 är ")  # the books, not the meeting
    fc = demo.year_forecast
    assert f"prognosen för årets resultat är ett {'överskott' if fc.result >= 0 else 'underskott'} på " in sentences[2]
    assert sentences[3].startswith("Av årets 12 mål är hittills ")  # the demo's contributions are all paid
    assert sentences[4].startswith(f"Den största förändringen {SINCE}: ")


def test_cards_with_changes(demo: OverviewPage, shown: list[dict]) -> None:
    cards = {c.key: c for c in demo.cards()}
    assert list(cards) == ["active", "started", "ended", "work_or_studies_share", "costs_to_date",
                           "forecast_result", "goals_met"]
    before, now = demo.figures_before, demo.figures_now
    change = now["ended"].value - before["ended"].value
    assert change >= 5 and cards["ended"].delta == f"+{change} {SINCE}"
    # 3 anonymous participants came between the meetings: the counts they would be the difference of are hidden
    # in this pack (R9) – here "started" (the participants goal keeps the number of participants) – and a
    # hidden figure has no change line
    assert (cards["started"].value, cards["started"].delta) == (HIDDEN_MARK, "")
    demo.key_figures()
    html = _html(shown)
    assert html.count("class='fsd-card'") == 7
    assert cards["costs_to_date"].label == "Kostnader t.o.m. 31 oktober 2026"
    assert cards["forecast_result"].label == "Prognos för årets resultat 2026"
    assert "Prognos för helåret: intäkterna är medlemmarnas beslutade bidrag" in html
    assert "En förändring i antalet deltagare som är mindre än 5 visas inte som siffra" in html


def test_costs_and_goals_sections(demo: OverviewPage, shown: list[dict]) -> None:
    demo.costs()
    demo.goals()
    costs, goals = _figures(shown)
    assert unwrap_title(costs["layout"]["title"]["text"]).startswith("Kostnaderna t.o.m. 31 oktober 2026 är ")
    assert costs["data"][0]["y"][2] == "Kostnader t.o.m. 31 oktober 2026"
    assert costs["data"][0]["x"][3] == pytest.approx(demo.year_forecast.costs / 1000)  # "Prognos för helåret"
    assert unwrap_title(goals["layout"]["title"]["text"]).endswith("mål är uppnådda hittills i år")
    html = _html(shown)
    # a traffic light per goal: symbol and word, then the goal in the plan's words and its assessment
    assert html.count("class='fsd-status'") == 12
    assert ("Minst 85 deltagare ska ta del av Lotsen under året.</div><div class='fsd-goal-assessment'>Utfall "
            "hittills: 85 deltagare – uppnått") in html


def test_without_previous_meeting(shown: list[dict]) -> None:
    page = OverviewPage(DEMO, "mellanmark", "2026-11-23")
    _all_sections(page)
    html = _html(shown)
    assert "Inget tidigare möte har angetts, så förändringar sedan förra mötet visas inte." in html
    assert "sedan förra mötet (" not in html
    assert page.changes is None


@pytest.mark.parametrize("previous", ["2026-11-23", "2026-09-24"])  # after the meeting; the same day
def test_previous_meeting_on_or_after_the_meeting_is_an_error(previous: str) -> None:
    with pytest.raises(MeetingDateError, match="Förra mötet"):
        OverviewPage(DEMO, "mellanmark", "2026-09-24", previous_meeting_date=previous)


def test_small_fixture_shows_no_small_count(shown: list[dict]) -> None:
    page = OverviewPage(SMALL, "sydnarke", "2026-11-23", previous_meeting_date="2026-09-24")
    _all_sections(page)
    cards = {c.key: c for c in page.cards()}
    # fewer than 5 active and started: the mark of a hidden figure and no change line
    assert (cards["active"].value, cards["active"].delta) == (HIDDEN_MARK, "")
    assert (cards["started"].value, cards["started"].delta) == (HIDDEN_MARK, "")
    from finsamdash.report import summary

    raw = summary(page.data, "sydnarke", 2026, raw=True)["participants"]
    for key, source in (("active", "active_end_of_year"), ("started", "started"), ("ended", "ended")):
        if 0 < raw[source] < 5:
            assert cards[key].value == HIDDEN_MARK
    html = _html(shown)
    assert html_module.escape(hidden_note(5)) in html
    ids = set(pd.read_csv(SMALL / "participants.csv")["participant_id"].dropna())
    text = json.dumps(shown, ensure_ascii=False)
    assert not [pid for pid in ids if pid in text]
    # no sentence states a participant number below the threshold
    for sentence in page.sentences()[:2]:
        assert not [n for n in re.findall(r"(?<![\d,])(\d+) deltagare", sentence) if int(n) < 5]


def test_missing_ledger_and_goals(tmp_path: Path, shown: list[dict]) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    for name in ("ledger", "goals"):
        (data / f"{name}.csv").unlink()
    page = OverviewPage(data, "sydnarke", "2026-11-23", previous_meeting_date="2026-09-24")
    page.header()
    _all_sections(page)
    html = _html(shown)
    assert ("Underlaget har inga uppgifter på bladet Utfall för Samordningsförbundet Sydnärke, så kostnaderna mot "
            "budget visas inte.") in html
    assert ("Underlaget har inga uppgifter på bladet Mål för Samordningsförbundet Sydnärke, så målen visas "
            "inte.") in html
    assert "data-reason='underlaget saknar bladet Utfall'" in html
    assert "data-reason='underlaget saknar bladet Mål'" in html
    assert not _figures(shown)
