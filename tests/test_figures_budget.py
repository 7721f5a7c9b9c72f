"""Budget figures by structure: trace types, names, values (tkr / percent), dashes, titles stating the finding,
alt text. Data: the small association of test_metrics_budget (books closed 15 April 2026 = 3.5 months)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from metric_helpers import ASSOC
from test_metrics_budget import CUTOFF, dataset

from finsamdash.metrics.budget import (
    admin_split,
    burn_with_forecast,
    contribution_split,
    contributions_by_member,
    cost_outlook,
    equity_bridge,
    intervention_consumption,
    result_overview,
)
from finsamdash.metrics.forecast import year_end_forecast
from finsamdash.present.figures._base import alt_text
from finsamdash.present.figures.budget import (
    burn_down,
    burn_up,
    consumption_bars,
    contribution_split_bars,
    contributions_bars,
    cost_split_bars,
    equity_waterfall,
    result_bars,
)

CLOSED = date(2027, 1, 10)


def text(value: str) -> str:
    return value.replace("\u00a0", " ")


def title(fig) -> str:
    return text(fig.layout.title.text)


def approx(values) -> list:
    return [None if v is None else pytest.approx(v) for v in values]


def burn_figure(function, cutoff=CUTOFF, **kw):
    data = dataset()
    iid = kw.pop("intervention_id", None)
    burn = burn_with_forecast(data, ASSOC, 2026, cutoff=cutoff, intervention_id=iid)
    outlook = cost_outlook(data, ASSOC, 2026, cutoff=cutoff, intervention_id=iid)
    return function(burn, outlook=outlook, year=2026, cutoff=cutoff, **kw)


def check_common(fig) -> None:
    assert fig.layout.template.layout.separators == ",\u00a0"
    assert alt_text(fig)


def test_burn_up_open_year():
    fig = burn_figure(burn_up)
    check_common(fig)
    assert [t.type for t in fig.data] == ["scatter"] * 4
    assert [t.name for t in fig.data] == ["Budget, ackumulerad", "Utfall, ackumulerat", "Prognos",
                                          "Jämförelse: takten hittills"]
    assert [t.line.dash for t in fig.data] == ["solid", "solid", "dash", "dot"]
    assert list(fig.data[0].x[:2]) == ["januari", "februari"] and fig.layout.xaxis.type == "category"
    assert list(fig.data[0].y) == approx([12, 24, 96, 108, 120, 144, 156, 168, 240, 252, 264, 276])  # tkr
    assert list(fig.data[1].y) == approx([12, 24, 83.5, 92.5] + [None] * 8)  # nothing drawn after April
    assert list(fig.data[2].y) == approx([None] * 3 + [98.5, 110.5, 134.5, 146.5, 158.5, 230.5, 242.5, 254.5,
                                                       266.5])
    assert fig.data[3].y[-1] == pytest.approx(317.142857)  # the comparison, not a forecast
    # 92 500 of 102 000 budgeted to date = 91 %; the forecast 266 500 (one forecast in the title)
    assert title(fig) == ("Kostnaderna t.o.m. 15 april 2026 är 93 tkr, 91 % av budgeten för perioden<br><sup>"
                          "Prognos för helåret: 267 tkr; årsbudget 276 tkr</sup>")
    assert all("tkr" in t.hovertemplate for t in fig.data)
    assert "streckad linje visar prognosen till årets slut, 267 tkr" in text(alt_text(fig))
    assert "jämför med vad kostnaderna blir om takten hittills håller i sig" in alt_text(fig)


def test_burn_up_closed_year_has_no_forecast_lines():
    fig = burn_figure(burn_up, cutoff=CLOSED)
    assert [t.name for t in fig.data] == ["Budget, ackumulerad", "Utfall, ackumulerat"]
    assert title(fig).startswith("Kostnaderna 2026 blev 103 tkr, 37 % av budgeten")  # 102 500 / 276 000


def test_burn_up_for_one_intervention():
    fig = burn_figure(burn_up, intervention_id="porten", scope="Porten")
    # 41 000 of 35 000 budgeted to date = 117 %
    assert title(fig).startswith("Porten: kostnaderna t.o.m. 15 april 2026 är 41 tkr, 117 % av budgeten för "
                                 "perioden<br><sup>Prognos för helåret: 126 tkr")
    assert list(fig.data[0].y) == approx([10 * m for m in range(1, 13)])


def test_burn_down():
    fig = burn_figure(burn_down)
    check_common(fig)
    assert [t.name for t in fig.data] == ["Kvar enligt budget", "Kvar enligt utfall", "Prognos"]
    assert list(fig.data[1].y) == approx([264, 252, 192.5, 183.5] + [None] * 8)
    assert fig.data[2].y[-1] == pytest.approx(9.5)  # 276 000 − 266 500
    # 276 000 − 92 500 = 183 500 (66 %); year end: 9 500 left by the forecast
    assert title(fig) == ("184 tkr av årets kostnadsbudget återstår t.o.m. 15 april 2026 (66 %)<br><sup>Vid årets "
                          "slut enligt prognosen: 10 tkr kvar</sup>")
    closed = burn_figure(burn_down, cutoff=CLOSED)
    assert title(closed) == "174 tkr av kostnadsbudgeten för 2026 blev kvar"  # 276 000 − 102 500


def test_consumption_bars():
    frame = intervention_consumption(dataset(), ASSOC, 2026, cutoff=CUTOFF)
    fig = consumption_bars(frame, year_share=3.5 / 12, year=2026)
    check_common(fig)
    assert [t.type for t in fig.data] == ["bar", "scatter"]
    assert list(fig.data[0].y) == ["Horisont", "Porten"]  # the Totalt row is not drawn
    assert list(fig.data[0].x) == approx([37.5, 34.1666667])  # 45 000 / 120 000, 41 000 / 120 000
    assert list(fig.data[1].x) == approx([50, 29.1666667])  # budget to date per intervention
    assert fig.layout.shapes[0].x0 == pytest.approx(29.1666667)  # the reference line: 3.5 of 12 months
    # Porten 34 % against 29 % planned: over; Horisont 38 % against 50 %: under
    assert title(fig) == ("Porten har förbrukat mer än budgeten hittills<br><sup>Insatserna totalt har förbrukat "
                          "36 % av årsbudgeten; 29 % av året är bokfört</sup>")


def test_consumption_bars_closed_year_has_no_budget_to_date_markers():
    frame = intervention_consumption(dataset(), ASSOC, 2026, cutoff=CLOSED)
    fig = consumption_bars(frame, year_share=1.0, year=2026)
    assert [t.type for t in fig.data] == ["bar"]
    assert list(fig.data[0].x) == approx([37.5, 42.5])  # Porten 51 000 / 120 000 for the whole year
    assert title(fig).startswith("Alla 2 insatser har förbrukat mindre än årsbudgeten")


def test_consumption_bars_all_within_budget():
    frame = pd.DataFrame({"intervention_id": ["a", "b", None], "consumption": [0.2, 0.3, 0.25],
                          "budget_share_to_date": [0.5, 0.305, 0.4]}, index=["A", "B", "Totalt"])
    fig = consumption_bars(frame, year_share=0.5, year=2026)  # B is 0.5 points over: within the tolerance
    assert title(fig).startswith("Alla 2 insatser har förbrukat mindre än budgeten hittills")


def test_cost_split_bars():
    fig = cost_split_bars(admin_split(dataset(), ASSOC, 2026, cutoff=CUTOFF), year=2026, closed=False,
                          cutoff=CUTOFF)
    check_common(fig)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Administration (kansli, styrelse, revision)", "Insatser"]
    assert list(fig.data[0].y) == ["Utfall t.o.m. 15 april 2026", "Prognos helår", "Budget"]
    assert list(fig.data[0].x) == approx([100 * 6_500 / 92_500, 100 * 35_500 / 266_500, 100 * 36_000 / 276_000])
    assert list(fig.data[1].x) == approx([100 * 86_000 / 92_500, 100 * 231_000 / 266_500, 100 * 240_000 / 276_000])
    assert list(fig.data[0].customdata) == ["7\u00a0tkr", "36\u00a0tkr", "36\u00a0tkr"]  # hover text in tkr
    assert title(fig) == ("Administrationen står för 7,0 % av kostnaderna t.o.m. 15 april 2026 (budget 13,0 %)"
                          "<br><sup>Prognos för helåret: 13,3 %</sup>")
    closed = cost_split_bars(admin_split(dataset(), ASSOC, 2026, cutoff=CLOSED), year=2026, closed=True)
    assert list(closed.data[0].y) == ["Utfall", "Budget"]


def test_contributions_bars():
    fig = contributions_bars(contributions_by_member(dataset(), ASSOC, 2026, cutoff=CUTOFF), year=2026)
    check_common(fig)
    assert [(t.name, list(t.y), list(t.x)) for t in fig.data] == [
        ("Staten", ["Försäkringskassan"], [150.0]), ("Regionen", ["Region Test"], [75.0]),
        ("Kommun", ["Kommun A", "Kommun B"], [45.0, 36.0])]
    assert title(fig) == ("Medlemmarna bidrar med 306 tkr 2026<br><sup>Störst är Försäkringskassan med 150 tkr "
                          "(49 %)</sup>")


def test_contribution_split_bars():
    fig = contribution_split_bars(contribution_split(dataset(), ASSOC, 2026), year=2026)
    check_common(fig)
    assert [t.name for t in fig.data] == ["Andel av bidragen", "Enligt lagen (50/25/25)"]
    assert list(fig.data[0].x) == ["Staten", "Regionen", "Kommunerna"]
    assert list(fig.data[0].y) == approx([100 * 150 / 306, 100 * 75 / 306, 100 * 81 / 306])
    assert list(fig.data[1].y) == approx([50, 25, 25])
    assert title(fig) == "Bidragen avviker från 50/25/25: staten 49 %, regionen 25 %, kommunerna 26 %"
    even = dataset(contributions=[
        {"year": 2026, "member": "FK", "member_type": "state", "amount_sek": 200},
        {"year": 2026, "member": "R", "member_type": "region", "amount_sek": 100},
        {"year": 2026, "member": "K", "member_type": "municipality", "amount_sek": 100}])
    assert title(contribution_split_bars(contribution_split(even, ASSOC, 2026), year=2026)).startswith(
        "Bidragen fördelas 50/25/25")


def test_result_bars():
    fc = year_end_forecast(dataset(), ASSOC, 2026, as_of="2026-04-20", books_closed=CUTOFF)
    fig = result_bars(result_overview(fc), year=2026)
    check_common(fig)
    assert fig.data[0].type == "bar"
    assert list(fig.data[0].x) == ["Utfall hittills", "Budget helår", "Prognos helår"]
    assert list(fig.data[0].y) == approx([57.5, 24, 39.5])  # 306 000 decided − 266 500
    assert title(fig) == "Prognosen för 2026 är ett överskott på 40 tkr (budget 24 tkr)"
    deficit = pd.DataFrame({"result_sek": pd.array([-12_000, 24_000], dtype="Float64")},
                           index=["Utfall helår", "Budget"])
    assert title(result_bars(deficit, year=2025)) == "Året 2025 gav ett underskott på 12 tkr (budget 24 tkr)"


def test_equity_waterfall():
    fc = year_end_forecast(dataset(), ASSOC, 2026, as_of="2026-04-20", books_closed=CUTOFF)
    fig = equity_waterfall(equity_bridge(fc), year=2026, share=fc.equity_share, closed=False)
    check_common(fig)
    assert fig.data[0].type == "waterfall"
    assert list(fig.data[0].measure) == ["absolute", "relative", "total"]
    assert list(fig.data[0].y) == approx([500, 39.5, 539.5])
    assert title(fig) == "Eget kapital väntas bli 540 tkr vid årets slut, 176 % av årets medlemsbidrag"
    negative = pd.DataFrame({"amount_sek": pd.array([100_000, -120_000, -20_000], dtype="Float64"),
                             "measure": ["absolute", "relative", "total"]}, index=["a", "b", "c"])
    assert title(equity_waterfall(negative, year=2026, share=None, closed=False)) == (
        "Eget kapital väntas bli negativt vid årets slut: −20 tkr")
