"""The Deltagarflöden page, executed outside Voilà: every section shows plotly figures and Swedish HTML, no
participant id, and (on purpose-built data with small groups) no count below the threshold in any figure trace,
hover text, title or table, for every choice of the drop-downs (Urval and År)."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from metric_helpers import episode, make_dataset

from finsamdash.dashboards import ParticipantsPage, _page
from finsamdash.dashboards._page import PLOTLY_MIME
from finsamdash.present.figures._base import unwrap_title
from finsamdash.privacy.recode import in_bucket_order
from finsamdash.wording.privacy import HIDDEN_MARK

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
SECTIONS = ("monthly_flows", "interventions", "exits", "support", "durations", "demographics", "data_quality")
WITH_FIGURES = {"monthly_flows", "exits", "support", "durations", "demographics"}


@pytest.fixture
def captured(monkeypatch) -> list[dict]:
    shown: list[dict] = []
    monkeypatch.setattr(_page, "show", lambda bundles: shown.extend(bundles))
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    return shown


@pytest.fixture(scope="module")
def demo_page() -> ParticipantsPage:
    return ParticipantsPage(DEMO, "norrsken", "2026-11-23", previous_meeting_date="2026-09-24")


def _ids() -> set[str]:
    return set(pd.read_csv(DEMO / "participants.csv", usecols=["participant_id"])["participant_id"].dropna())


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_shows_swedish_content_without_ids(demo_page, captured, section):
    getattr(demo_page, section)()
    assert captured, section
    figures = [b for b in captured if PLOTLY_MIME in b]
    html = [b["text/html"] for b in captured if "text/html" in b]
    assert html
    if section in WITH_FIGURES:
        assert figures
        for b in figures:
            layout = b[PLOTLY_MIME]["layout"]
            assert unwrap_title(layout["title"]["text"]) and layout["meta"]["alt"]
            assert b["text/plain"] == layout["meta"]["alt"]
    text = json.dumps(captured, ensure_ascii=False)
    assert not [pid for pid in _ids() if pid in text]
    assert "Traceback" not in text and "nan" not in re.sub(r"[A-Za-zåäöÅÄÖ]nan|nan[a-zåäö]", "", text)
    swedish = {"deltagare", "Totalt", "insats", "avslut", "Uppgift", "Visa siffrorna som tabell"}
    assert any(word in text for word in swedish)


def test_sections_read_well(demo_page, captured):
    demo_page.monthly_flows()
    titles = [unwrap_title(b[PLOTLY_MIME]["layout"]["title"]["text"]) for b in captured if PLOTLY_MIME in b]
    assert titles[0].endswith("vid årets början") and "aktiva den 23 november 2026" in titles[0]
    # started is hidden in this pack (R9: three anonymous participants came since the last meeting), ended shown
    assert "avslutat" in titles[1] and titles[1].endswith("hittills i år")
    captured.clear()
    demo_page.interventions()
    table = captured[0]["text/html"]
    assert "<th>Insats</th>" in table and "Aktiva nu" in table and "Andel till arbete eller studier" in table
    assert "<td>Lotsen</td>" in table and "ips_stod_till_arbete" not in table  # names, never ids
    captured.clear()
    demo_page.data_quality()
    assert captured[0]["text/html"].count("<li>") == 7


def test_an_earlier_year_is_a_whole_year(demo_page):
    bundles = demo_page.render_monthly(period=2025)
    fig = next(b[PLOTLY_MIME] for b in bundles if PLOTLY_MIME in b)
    assert fig["data"][0]["x"][-1] == "31 december 2025"
    assert "31 december 2025" in unwrap_title(fig["layout"]["title"]["text"])
    flows = [b[PLOTLY_MIME] for b in bundles if PLOTLY_MIME in b][1]
    assert unwrap_title(flows["layout"]["title"]["text"]).endswith("under 2025")
    assert demo_page.render_monthly(period=2024)[0]["text/plain"] == "Året 2024 visas inte på den här sidan."


def test_an_intervention_without_participants_in_the_year(demo_page):
    bundles = demo_page.render_exits(selection="i:porten")  # Porten closed in 2022
    assert bundles[0]["text/plain"] == "Porten hade inga deltagare under 2026."


def test_before_the_first_whole_quarter_ends_the_flows_say_so_instead_of_failing():
    """Meeting 15 March: a small intervention's started/ended are shown per quarter, and no quarter has ended yet
    (it raised KeyError('started') for every intervention of the year)."""
    page = ParticipantsPage(DEMO, "norrsken", "2026-03-15")
    bundles = page.render_monthly(selection="i:lotsen", period=2026)
    assert [b["text/plain"] for b in bundles][-1] == (
        "Påbörjade och avslutade visas per kvartal när perioden är slut, och det första hela kvartalet av året är "
        "inte slut än. De visas i nästa mötesunderlag.")
    assert sum(PLOTLY_MIME in b for b in bundles) == 1  # the active participants' chart is still drawn


def test_controls_offer_one_selection_at_a_time(demo_page):
    controls = demo_page.controls("selection", "period")
    options = controls["selection"].options
    assert options[0] == ("Hela förbundet", "*") and controls["selection"].default == "*"
    assert ("Insats: Lotsen", "i:lotsen") in options
    assert any(label.startswith("Kommun: ") for label, _key in options)
    assert [label for label, key in options if key.startswith("g:")][:2] == ["Kön: kvinnor", "Kön: män"]
    years = [v for _label, v in controls["period"].options]
    assert years == [2026, 2025]  # the year shown and the one before
    assert controls["period"].default == 2026


# --- suppression on purpose-built data ----------------------------------------------------------------------------

def _small_groups() -> list[dict]:
    rows = []
    people = [("woman", "Åby")] * 12 + [("man", "Åby")] * 10 + [("woman", "Byn")] + [("man", "Byn")] * 7
    for n, (gender, municipality) in enumerate(people):  # "Stor": one woman among the men of Byn
        ended = n % 3 == 0
        rows.append(episode(f"2024-{1 + n % 10:02d}-05", f"2024-{1 + n % 10:02d}-25" if ended else None,
                            ("work", "job_seeking", "illness")[n % 9 // 3] if ended else None, gender=gender,
                            intervention="stor", municipality=municipality, birth_year=1960 + n,
                            education=("compulsory", "upper_secondary")[n % 2], years_public_support=float(n % 6),
                            support_before=("social_assistance", "sickness_benefit")[n % 2],
                            support_after="salary" if ended else None))
    rows += [episode(f"2023-0{1 + n}-15", gender=("woman", "man")[n % 2], intervention="stor", municipality="Åby",
                     birth_year=1980, education="compulsory", years_public_support=1.0, support_before="none")
             for n in range(6)]
    rows += [episode(f"2024-0{1 + n}-10", gender=("woman", "man")[n % 2], anonymous=True, intervention="stor")
             for n in range(6)]
    # "Liten": three participants, one of whom went to work
    rows += [episode("2024-03-01", "2024-09-30", "work", intervention="liten", municipality="Åby", birth_year=1990,
                     education="compulsory", years_public_support=1.0, support_before="sickness_benefit",
                     support_after="salary"),
             episode("2024-04-01", gender="man", intervention="liten", municipality="Åby", birth_year=1985,
                     education="compulsory", years_public_support=2.0, support_before="sickness_benefit"),
             episode("2024-05-01", intervention="liten", municipality="Åby", birth_year=1995,
                     education="compulsory", years_public_support=2.0, support_before="sickness_benefit")]
    return rows


@pytest.fixture(scope="module")
def small_page() -> ParticipantsPage:
    dataset = make_dataset(participants=_small_groups(), interventions=[
        {"intervention_id": "stor", "name": "Stor", "kind": "individual", "start_date": "2020-01-01"},
        {"intervention_id": "liten", "name": "Liten", "kind": "individual", "start_date": "2020-01-01"}])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_page, "load_for_dashboard", lambda _path: dataset)
        return ParticipantsPage("unused", "test", "2024-12-15")


# Bucket labels and dates contain numbers that are not counts.
NOT_COUNTS = re.compile(
    r"\d+–\d+ (?:år|månader)|under \d+ (?:år|månader)|över \d+ år|\d+ år eller (?:mer|äldre)"
    r"|\d{1,2} (?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}"
    r"|\b(?:19|20)\d\d\b|\d+\s?%|<\d+|färre än \d+|under \d+ visas|Antal under \d+"
    r"|\d+ (?:flöde är dolt|flöden är dolda)")  # how many Sankey flows are hidden (not a count of people)


def _numbers_in_text(text: str) -> list[int]:
    text = re.sub(r"<style.*?</style>", "", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text).replace("\u00a0", "").replace("&lt;", "<")
    return [int(n) for n in re.findall(r"\d+", NOT_COUNTS.sub(" ", text))]


def _hidden_trace(trace: dict) -> bool:
    """The hatched bars of hidden values: their length is a fifth of the tallest shown bar, not a count."""
    return str(trace.get("name", "")).endswith(f": {HIDDEN_MARK}")


def _numbers_in_figure(fig: dict) -> list[int]:
    out = (_numbers_in_text(unwrap_title(fig["layout"]["title"]["text"]))
           + _numbers_in_text(fig["layout"]["meta"]["alt"]))
    for trace in fig["data"]:
        if _hidden_trace(trace):
            continue
        if trace["type"] == "sankey":
            out += [int(v) for v in trace["link"]["value"]]
            continue
        values = trace["x"] if trace.get("orientation") == "h" else trace["y"]
        out += [int(v) for v in values if v is not None]
        for key in ("hovertemplate", "text", "texttemplate"):
            out += _numbers_in_text(re.sub(r"%\{[^}]*\}", "", str(trace.get(key) or "")))
    return out


RENDERS = ("render_monthly", "render_exits", "render_support", "render_durations", "render_demographics")


def _all_views(page: ParticipantsPage):
    controls = page.controls("selection", "period")
    years = [v for _label, v in controls["period"].options]
    for choice, year in itertools.product([v for _label, v in controls["selection"].options], years):
        for render in RENDERS:
            yield (render, choice, year), getattr(page, render)(selection=choice, period=year)
    for year in years:
        yield ("render_interventions", year), page.render_interventions(period=year)
    yield ("render_data_quality",), page.render_data_quality()


def test_no_count_below_the_threshold_reaches_any_figure_or_table(small_page):
    seen = 0
    for view, bundles in _all_views(small_page):
        for bundle in bundles:
            numbers = (_numbers_in_figure(bundle[PLOTLY_MIME]) if PLOTLY_MIME in bundle
                       else _numbers_in_text(bundle["text/html"]))
            small = [n for n in numbers if 0 < n < 5]
            assert small == [], (view, small, bundle.get("text/plain", "")[:300])
            seen += len(numbers)
    assert seen > 500  # the check did look at numbers


def _drawn(bundles: list[dict]) -> list:
    out = []
    for bundle in bundles:
        if PLOTLY_MIME in bundle:
            for trace in bundle[PLOTLY_MIME]["data"]:
                if _hidden_trace(trace):
                    continue
                out += trace["link"]["value"] if trace["type"] == "sankey" else (
                    trace["x"] if trace.get("orientation") == "h" else trace["y"])
    return out


def test_the_small_intervention_is_hidden_in_every_view(small_page):
    for render in ("render_monthly", "render_exits", "render_durations"):
        drawn = _drawn(getattr(small_page, render)(selection="i:liten", period=2024))
        assert all(v in (None, 0) for v in drawn), (render, drawn)
    table = small_page.render_interventions(period=2024)[0]["text/html"]
    row = re.search(r"<tr><td>Liten</td>(.*?)</tr>", table).group(1)
    cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)
    assert cells[0] == HIDDEN_MARK  # 3 participants
    assert not [c for c in cells if c.isdigit() and 0 < int(c) < 5]


def test_the_single_woman_cannot_be_found_by_switching_selections(small_page):
    """One woman in Byn: Byn's gender chart hides her, and Byn's total minus Byn's men is never both shown."""
    view = small_page.view(2024, "m:Byn")
    total = view.total("episodes").value
    genders, _status = view.genders()
    by = dict(zip(genders.index, genders["count"], strict=True))
    assert pd.isna(by["woman"])
    assert total is None or pd.isna(by["man"]) or total - by["man"] == 0 or total - by["man"] >= 5


def test_durations_rows_read_from_the_shortest_time_to_the_longest():
    """A group merged for those who ended ("6–23 månader") sits where its buckets begin, not after "över 2 år"; the
    page and the annual report order their rows this way."""
    order = ["dur_u3", "dur_3_6", "dur_6_12", "dur_12_24", "dur_24"]
    ended = [("under 6 månader", ("dur_u3", "dur_3_6")), ("6–23 månader", ("dur_6_12", "dur_12_24")),
             ("över 2 år", ("dur_24",))]
    ongoing = [("under 3 månader", ("dur_u3",)), ("3–6 månader", ("dur_3_6",)), ("6–12 månader", ("dur_6_12",)),
               ("1–2 år", ("dur_12_24",)), ("över 2 år", ("dur_24",)), ("okänd", ("unknown",))]
    assert in_bucket_order([*ended, *ongoing], order=order) == [
        "under 3 månader", "under 6 månader", "3–6 månader", "6–12 månader", "6–23 månader", "1–2 år", "över 2 år",
        "okänd"]
    # without an order (unordered categories) the labels keep their first appearance
    assert in_bucket_order([("b", ("x",)), ("a", ("y",)), ("b", ("x",))], order=()) == ["b", "a"]
