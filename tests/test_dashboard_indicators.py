"""The Kärnindikatorer page on a small written dataset: sections, Swedish text, suppression, widgets."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import finsamdash.dashboards._page as page_module
from finsamdash.dashboards import IndicatorsPage
from finsamdash.dashboards.indicators import group_label, item_label, short_name
from finsamdash.metrics.indicator_results import ALL_GROUPS
from finsamdash.present.figures._base import unwrap_title
from finsamdash.wording.privacy import HIDDEN_MARK

PLOTLY = "application/vnd.plotly.v1+json"
ONE_HIDDEN = ("1 mätpunkt visas inte (dolt): den bygger på färre än 5 svar, eller döljs så att ett sådant resultat "
              "inte kan räknas fram.")
MEETING = "2024-11-20"


def answers(assoc, period, group, item, values):
    return [{"association_id": assoc, "period": period, "respondent_group": group, "item": item,
             "value": "" if v is None else v} for v in values]


SURVEY = [
    *answers("test", "2023-H2", "participant_ongoing", "1a", [4, 4, 4, 4, 4]),
    *answers("test", "2024-H1", "participant_ongoing", "1a", [6, 6, 5, 5, 4, 3]),  # 4 of 6 positive
    *answers("test", "2024-H2", "participant_ongoing", "1a", [6, 5, 5, 5, 2, None]),  # 4 of 5, one vet ej
    *answers("test", "2024-H1", "staff", "12a", [5] * 10),
    *answers("test", "2024-H1", "board", "12a", [1, 1, 2]),  # 3 < 5: hidden, and staff with it
    *answers("test", "2024-H1", "director", "9c", [3]),  # 1 answer: hidden
    *answers("test", "2024-H1", "board", "14b", [1, 1, 1, 2, 2, 6]),  # 5 of 6 in steps 1–3
    *answers("berga", "2024", "participant_ongoing", "1a", [6, 6, 6, 6, 6]),  # 100 % positive
    *answers("berga", "2024", "staff", "12a", [4, 4, 4]),  # hidden
]


def write_dataset(folder: Path, *, survey: list[dict] | None = SURVEY) -> Path:
    folder.mkdir()
    tables = {
        "associations": [{"association_id": "test", "name": "Samordningsförbundet Test"},
                         {"association_id": "berga", "name": "Samordningsförbundet Berga"},
                         {"association_id": "tomt", "name": "Samordningsförbundet Tomt"}],
        "interventions": [{"association_id": a, "intervention_id": "porten", "name": "Porten",
                           "kind": "individual", "start_date": "2020-01-01"} for a in ("test", "berga", "tomt")],
        "participants": [{"association_id": "test", "participant_id": "D-0001", "intervention_id": "porten",
                          "start_date": "2024-02-01", "gender": "woman"}],
    }
    if survey is not None:
        tables["survey_responses"] = survey
    for name, rows in tables.items():
        pd.DataFrame(rows).to_csv(folder / f"{name}.csv", index=False)
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data")


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    out: list[dict] = []
    monkeypatch.setattr(page_module, "show", lambda bundles: out.extend(bundles))
    return out


def sv(text: str) -> str:
    """Expected Swedish text: a non-breaking space before the percent sign, as formatting.py writes it."""
    return text.replace(" %", "\u00a0%")


def figures(bundles: list[dict]) -> list[dict]:
    return [b[PLOTLY] for b in bundles if PLOTLY in b]


def html(bundles: list[dict]) -> str:
    return "\n".join(b.get("text/html", "") for b in bundles)


def page(data: Path, **kw) -> IndicatorsPage:
    return IndicatorsPage(data, "test", MEETING, **kw)


def test_labels():
    assert group_label(ALL_GROUPS) == "Alla grupper"
    assert group_label("participant_ongoing") == "Deltagare (pågående)"
    assert group_label("staff", capital=False) == "insatspersonal"
    statement = "Jag får stödet på ett sätt som är till nytta för mig."
    assert item_label("1a", statement, width=20) == "1a Jag får stödet på …"
    assert short_name("Samordningsförbundet Test") == "Test"
    assert IndicatorsPage.title == "Kärnindikatorer"


def test_overview_draws_only_shown_items_and_says_how_many_are_hidden(data, shown):
    page(data).overview()
    (fig,) = figures(shown)
    drawn = [y for trace in fig["data"] for y in trace["y"]]
    # 1a (11 answers), 12a (13 pooled) and 14b (6) are shown; 9c (1 answer) is not
    assert [d.split()[0] for d in drawn] == ["1a", "12a", "14b"]
    # 12a pooled: 10 of 13 positive = 77 %; 1a: 8 of 11 = 73 %; 14b: 1 of 6 = 17 %
    title = unwrap_title(fig["layout"]["title"]["text"])
    assert title == sv("Andelen positiva svar 2024 var högst på 12a (77 %) och lägst på 14b (17 %)")
    text = html(shown)
    assert ONE_HIDDEN in text
    assert "Positiva svar = de två högsta stegen (5 och 6) på skalan 1–6." in text
    assert HIDDEN_MARK in text  # the mark of the hidden 9c
    assert fig["layout"]["meta"]["alt"].startswith("Liggande staplar med andelen positiva svar")


def test_overview_for_one_group_hides_the_group_whose_partner_is_small(data):
    p = page(data)
    bundles = p.render_overview("staff")
    # staff on 12a (10 answers) is hidden so that board's 3 cannot be recomputed from all groups (13)
    assert figures(bundles) == []
    assert "Inga mätpunkter har minst 5 svar 2024 – insatspersonal." in html(bundles)
    assert ONE_HIDDEN in html(bundles)


def test_by_level_groups_items_under_process_effect_and_the_four_levels(data, shown):
    page(data).by_level()
    text = html(shown)
    headings = ["Processindikatorer – deltagare", "Processindikatorer – personal",
                "Processindikatorer – organisation", "Processindikatorer – samhälle",
                "Effektindikatorer – deltagare", "Effektindikatorer – personal",
                "Effektindikatorer – organisation", "Effektindikatorer – samhälle"]
    positions = [text.index(f"<h3>{h}</h3>") for h in headings]
    assert positions == sorted(positions)
    assert "Indikator 11 (" in text and "mäts med registerdata" in text
    assert "Deltagare (pågående)" in text and "Styrelse" in text and "Alla grupper" in text
    assert f'<td class="num fsd-hidden">{HIDDEN_MARK}</td>' * 4 in text  # staff on 12a, hidden with board
    # 12a pooled: 13 answers, mean (50 + 4) / 13 = 4,2, 10 of 13 positive = 77 %
    assert sv('<td class="num">13</td><td class="num">4,2</td><td class="num">77 %</td>') in text
    assert figures(shown) == []


def test_trends_show_the_periods_of_indicator_one(data, shown):
    page(data).trends()
    (fig,) = figures(shown)
    assert fig["data"][0]["x"] == ["2023 h2", "2024 h1", "2024 h2"]
    # 2023-H2: 0 of 5 positive; 2024-H1: 4 of 6; 2024-H2: 4 of 5 (vet ej left out)
    assert fig["data"][0]["y"] == pytest.approx([0.0, 100 * 4 / 6, 80.0])
    title = unwrap_title(fig["layout"]["title"]["text"])
    assert title == sv("Indikator 1: andelen positiva svar på 1a var 80 % (2024 h2), upp från 67 % (2024 h1)")
    assert "2024 h2" in html(shown)


def test_trends_of_means_and_of_an_indicator_without_shown_points(data):
    p = page(data)
    fig = figures(p.render_trends(1, ALL_GROUPS, "mean"))[0]
    # 2024-H2: (6 + 5 + 5 + 5 + 2) / 5 = 4.6; 2024-H1: 29 / 6 = 4.83
    assert fig["data"][0]["y"][-1] == pytest.approx(4.6)
    assert "medelvärdet på 1a var 4,6 (2024 h2), ned från 4,8 (2024 h1)" in unwrap_title(fig["layout"]["title"]["text"])
    bundles = p.render_trends(9, ALL_GROUPS, "positive_share")
    assert figures(bundles) == []
    assert "Indikator 9: inga perioder med minst 5 svar." in html(bundles)


def test_distribution_diverges_and_shows_vet_ej_beside_the_bars(data, shown):
    page(data).distribution()
    (fig,) = figures(shown)
    low = next(t for t in fig["data"] if t["name"] == "1 instämmer inte alls")
    assert all(v is None or v <= 0 for v in low["x"])
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["n 11 · vet ej 1", "n 13 · vet ej 0",
                                                                 "n 6 · vet ej 0"]
    # 14b: 1, 1, 1, 2, 2 of 6 in steps 1–3 = 83 %
    title = unwrap_title(fig["layout"]["title"]["text"])
    assert title == sv("Störst andel svar i de lägre stegen (1–3) 2024: 14b med 83 %")


def test_comparison_names_the_other_associations_and_applies_the_rule_to_them(data, shown):
    page(data).comparison()
    (fig,) = figures(shown)
    others, own = fig["data"]
    assert own["name"] == "Samordningsförbundet Test"
    assert others["customdata"] == ["Samordningsförbundet Berga"]  # Berga's 12a (3 answers) is not drawn
    assert others["y"] == [own["y"][0]]  # only 1a is compared
    assert others["x"] == [100.0]
    # 1a: Berga 100 % > Test 73 %; 12a: Test is the only one shown
    assert unwrap_title(fig["layout"]["title"]["text"]) == ("Test har högst andel positiva svar av förbunden på 0 av 1 "
                                              "jämförbara mätpunkter 2024")
    text = html(shown)
    assert "Samordningsförbundet Berga" in text and "2 av 2" in text
    assert "Samordningsförbundet Berga 1" in text  # one hidden result for Berga
    assert "Tomt" not in text  # no answers: not compared


def test_no_hidden_value_reaches_any_figure(data, shown):
    p = page(data)
    for section in ("overview", "by_level", "trends", "distribution", "comparison"):
        getattr(p, section)()
    dump = json.dumps(figures(shown))
    assert "9c" not in dump  # one answer
    assert "14b" in dump  # shown elsewhere
    # board's 12a mean 4 / 3 and staff's 5.0 (hidden with it) are in no figure: 12a is only pooled
    assert "1.333" not in dump
    for fig in figures(shown):
        for trace in fig["data"]:
            assert "Styrelse" not in json.dumps(trace, ensure_ascii=False)


def test_a_missing_survey_table_gives_one_note_for_the_page(tmp_path, shown):
    data = write_dataset(tmp_path / "nosurvey", survey=None)
    p = page(data)
    p.header()
    for section in ("overview", "by_level", "trends", "distribution", "comparison"):
        getattr(p, section)()
    texts = [b["text/plain"] for b in shown]
    assert len(texts) == 6
    assert texts[0].count("Underlaget har inga uppgifter på bladet Enkätsvar") == 1
    assert "survey_responses" not in texts[0]
    assert texts[1:] == [""] * 5  # every section left out (an invisible marker, hidden with its heading)
    assert all("data-reason='underlaget saknar bladet Enkätsvar'" in b["text/html"] for b in shown[1:])
    assert figures(shown) == []


def test_a_year_without_answers_says_so_once(data, shown):
    p = page(data, year=2022)
    p.header()
    p.overview()
    p.trends()
    assert shown[0]["text/plain"].count("inga enkätsvar på kärnindikatorerna för 2022") == 1
    assert [b["text/plain"] for b in shown[1:]] == ["", ""]


def test_an_association_without_others_to_compare_with(tmp_path):
    data = write_dataset(tmp_path / "alone", survey=[r for r in SURVEY if r["association_id"] == "test"])
    bundles = page(data).render_comparison()
    assert "inga andra förbund med enkätsvar 2024" in html(bundles)


def test_widgets_under_voila(data, monkeypatch):
    monkeypatch.setenv("VOILA_KERNEL_ID", "x")
    displayed = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: displayed.extend(objs))
    p = page(data)
    p.trends()
    (box,) = displayed
    dropdowns = box.children[0].children
    assert [d.description for d in dropdowns] == ["Indikator", "Vilka svarade", "Visa som"]
    assert [label for label, _ in dropdowns[1].options] == [
        "Alla grupper", "Deltagare (pågående)", "Insatspersonal", "Förbundschef", "Styrelse"]
    assert [label for label, _ in dropdowns[2].options] == ["Andel positiva svar", "Medelvärde"]
    assert dropdowns[0].options[0][0].startswith("Indikator 1: ")
    content = box.children[1]  # the section's content, redrawn in place (LiveSection)
    before = json.dumps(content.items[0]["figure"]["data"])
    dropdowns[2].value = "mean"  # re-renders with the means
    after = json.dumps(content.items[0]["figure"]["data"])
    assert before != after


def test_comparison_when_nothing_of_the_association_can_be_compared(data):
    # director: only Test has answers; staff: Test's 12a is hidden (with its board) and Berga's has 3 answers
    bundles = page(data).render_comparison("director")
    assert figures(bundles) == []
    assert "inga andra förbund med enkätsvar 2024 – förbundschef att jämföra med" in html(bundles)
    bundles = page(data).render_comparison("staff")
    assert figures(bundles) == []
    assert "Ingen mätpunkt har minst 5 svar 2024 – insatspersonal både hos Samordningsförbundet Test" in html(bundles)
