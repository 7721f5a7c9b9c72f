"""One forecast in the whole meeting pack (issue 10): every year-end figure a board member can read — cards,
sentences, goals, chart values and hover text, tables, the front page, the PDF and ``summary --as-of`` — is the one
computed by :func:`finsamdash.metrics.forecast.year_end_forecast`, and no second forecast (the old run-rate or
"budget-based" figures) is shown anywhere.

The pack is Sydnärke's real 2016 plan (tests/fixtures/sydnarke_2016), meeting 15 November 2016, the ledger booked to
31 October: forecast income 5 795 tkr (the decided contributions), costs 5 087 tkr, result a surplus of 708 tkr,
closing equity 1 308 tkr (hand-computed in test_forecast.py).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import nbformat
import pytest

from finsamdash.data.validate import load
from finsamdash.metrics.forecast import year_end_forecast
from finsamdash.pack.build import build_pack
from finsamdash.pack.pdf import PDF_NAME, find_chromium
from finsamdash.wording.formatting import fmt_tkr

ROOT = Path(__file__).resolve().parents[1]
SYDNARKE = ROOT / "tests" / "fixtures" / "sydnarke_2016"
MEETING = date(2016, 11, 15)
PLOTLY = "application/vnd.plotly.v1+json"
NB = "\u00a0"

#: The old second forecasts: none of these may appear anywhere in the pack.
SECOND_FORECASTS = ("enligt takt", "Prognos enligt takt", "Budgetbaserad prognos", "budgetbaserade prognosen",
                    "med takten hittills blir")


def _number(text: str) -> float:
    return float(text.replace(NB, "").replace(" ", "").replace("\u2212", "-"))


@pytest.fixture(scope="module")
def forecast():
    return year_end_forecast(load(SYDNARKE), "sydnarke", 2016, as_of=MEETING)


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    if find_chromium() is None:
        pytest.fail("chromium saknas (apt-get install chromium; .ci/run installerar den)")
    data = tmp_path_factory.mktemp("sydnarke") / "data"
    shutil.copytree(SYDNARKE, data, ignore=shutil.ignore_patterns("*.py", "*.md"))
    out = data.parent / "packs"
    result = build_pack(data, meeting=MEETING, out=out, association_ids=["sydnarke"], jobs=2)
    assert result.ok, [d.error for a in result.associations for d in a.dashboards if d.error]
    return out / "sydnarke" / MEETING.isoformat()


def _outputs(folder: Path) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        out += [o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return out


def _plain(markup: str) -> str:
    text = re.sub(r"<style.*?</style>", " ", markup, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _texts(folder: Path) -> str:
    """Everything a reader reads in the executed dashboards, the front page and the PDF, as plain text."""
    parts = []
    for data in _outputs(folder):
        if "text/html" in data:
            parts.append(_plain(data["text/html"]))
        if PLOTLY in data:
            layout = data[PLOTLY]["layout"]
            parts += [_plain(layout["title"]["text"]), layout.get("meta", {}).get("alt", "")]
    parts.append(_plain((folder / "index.html").read_text(encoding="utf-8")))
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(folder / PDF_NAME), "-"], capture_output=True,
                         text=True, check=True).stdout
    parts.append(" ".join(pdf.split()))
    return " \n ".join(parts).replace(NB, " ")


def _figures(folder: Path) -> list[dict]:
    return [data[PLOTLY] for data in _outputs(folder) if PLOTLY in data]


# --- the year-end figures, wherever they are shown ------------------------------------------------------------------

AMOUNT = r"(−?\d{1,3}(?:[ \u00a0]\d{3})*)[ \u00a0]tkr"


def _text_mentions(text: str) -> dict[str, list[float]]:
    """Year-end figures stated in words, in tkr, by what they are."""
    found: dict[str, list[float]] = {"result": [], "costs": [], "income": [], "equity": []}
    for match in re.finditer(r"(.{0,12})\bett (överskott|underskott) på " + AMOUNT, text):
        if "budget" in match.group(1).lower():  # "(budget: ett överskott på 214 tkr)"
            continue
        sign = 1 if match.group(2) == "överskott" else -1
        found["result"].append(sign * _number(match.group(3)))
    for pattern, kind in ((r"Prognos för helåret: " + AMOUNT, "costs"),
                          (r"prognos för helårets kostnader " + AMOUNT, "costs"),
                          (r"intäkter " + AMOUNT + " och kostnader", "income"),
                          (r"tkr\)?:? intäkter [^:]*? och kostnader " + AMOUNT, "costs"),
                          (r"Eget kapital (?:väntas bli|blev) " + AMOUNT, "equity"),
                          (r"Prognos för årets resultat 2016 " + AMOUNT, "result")):
        found[kind] += [_number(m.group(1)) for m in re.finditer(pattern, text)]
    return found


def _chart_values(figures: list[dict]) -> dict[str, list[float]]:
    """Year-end figures drawn in charts (their hover text shows the same values, in tkr)."""
    found: dict[str, list[float]] = {"result": [], "costs": [], "equity": [], "administration": []}
    for fig in figures:
        for trace in fig["data"]:
            name, kind = trace.get("name"), trace.get("type")
            if kind == "scatter" and name == "Prognos" and "Kostnaderna" in fig["layout"]["title"]["text"]:
                found["costs"].append(trace["y"][-1])  # the burn-up's dashed line in December
                assert "tkr" in trace["hovertemplate"]
            if kind == "bar" and "Prognos för helåret" in (trace.get("y") or []):
                found["costs"].append(trace["x"][list(trace["y"]).index("Prognos för helåret")])
                assert "tkr" in trace["hovertemplate"]
            if kind == "bar" and "Prognos helår" in (trace.get("x") or []):
                found["result"].append(trace["y"][list(trace["x"]).index("Prognos helår")])
                assert "tkr" in trace["hovertemplate"]
            if kind == "bar" and "Prognos helår" in (trace.get("y") or []) and name.startswith("Administration"):
                found["administration"].append(_number(
                    trace["customdata"][list(trace["y"]).index("Prognos helår")].split("tkr")[0]))
            if kind == "waterfall":
                labels = list(trace["x"])
                found["result"].append(trace["y"][labels.index("Årets resultat (prognos)")])
                found["equity"].append(trace["y"][labels.index("Utgående eget kapital (prognos)")])
                assert "tkr" in trace["hovertemplate"]
    return found


def _table_values(folder: Path) -> dict[str, list[float]]:
    """The budget page's forecast table, column "Prognos helår"."""
    found: dict[str, list[float]] = {"result": [], "costs": [], "income": []}
    for data in _outputs(folder):
        markup = data.get("text/html", "")
        if "Prognos för helåret 2016, tkr" not in markup:
            continue
        head = re.findall(r"<th[^>]*>(.*?)</th>", markup.split("</thead>")[0])
        column = [_plain(h) for h in head].index("Prognos helår")
        for row in re.findall(r"<tr>(.*?)</tr>", markup.split("<tbody>")[1], flags=re.S):
            cells = [_plain(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
            kind = {"Intäkter": "income", "Kostnader": "costs", "Resultat": "result"}.get(cells[0])
            if kind:
                found[kind].append(_number(cells[column].replace("tkr", "")))
    return found


@pytest.mark.slow
def test_every_year_end_figure_in_the_pack_is_the_one_forecast(pack: Path, forecast) -> None:
    expected = {"result": forecast.result, "costs": forecast.costs, "income": forecast.income,
                "equity": forecast.equity_closing, "administration": forecast.administration_costs}
    assert (round(forecast.result), round(forecast.costs)) == (708_398, 5_086_990)
    tkr = {kind: round(value / 1000) for kind, value in expected.items()}
    text = _texts(pack)
    words = _text_mentions(text)
    charts = _chart_values(_figures(pack))
    table = _table_values(pack)
    # where each year-end figure is shown (the counts make sure the test looks in the right places)
    assert len(words["result"]) >= 8  # overview sentence, goal (overview, goals page), budget lead, result chart…
    assert len(words["costs"]) >= 3 and words["equity"] and words["income"]
    assert len(charts["costs"]) == 2 and len(charts["result"]) == 2 and charts["equity"] and charts["administration"]
    assert table["result"] and table["costs"] and table["income"]
    for kind in expected:
        shown = {round(v) for v in words.get(kind, [])} | {round(v) for v in charts.get(kind, [])}
        shown |= {round(v) for v in table.get(kind, [])}
        assert shown == {tkr[kind]}, (kind, shown)
    # the same figures as the summary of the command line
    done = subprocess.run([sys.executable, "-m", "finsamdash", "summary", str(SYDNARKE), "--association",
                           "sydnarke", "--year", "2016", "--as-of", MEETING.isoformat(), "--json"],
                          capture_output=True, text=True, timeout=120)
    summary = json.loads(done.stdout)["forecast"]
    assert (summary["result"], summary["costs"], summary["income"], summary["equity_closing"]) == (
        forecast.result, forecast.costs, forecast.income, forecast.equity_closing)
    # and no second forecast anywhere
    assert not [phrase for phrase in SECOND_FORECASTS if phrase.lower() in text.lower()]


@pytest.mark.slow
def test_the_pack_reads_in_tkr_and_names_both_dates(pack: Path, forecast) -> None:
    text = _texts(pack)
    assert "bokfört t.o.m. 31 oktober 2016" in text and "deltagaruppgifter t.o.m. 15 november 2016" in text
    assert "Ekonomi bokförd till och med 31 oktober 2016" in text  # the PDF cover
    # money at a glance is in tkr: no kronor amount in a sentence, card or chart title (tables may have kronor)
    for data in _outputs(pack):
        if PLOTLY in data:
            assert not re.search(r"\d kr\b", _plain(data[PLOTLY]["layout"]["title"]["text"]))
    front = _plain((pack / "index.html").read_text(encoding="utf-8"))
    assert f"Prognos för årets resultat 2016 {fmt_tkr(forecast.result)}".replace(NB, " ") in front.replace(NB, " ")
    result = fmt_tkr(forecast.result).replace(NB, " ")
    # the result goal reads as a forecast, never as the year so far in the past tense
    goal = "Bedömning: prognosen för helåret är ett överskott på"
    assert f"{goal} {result} – målet bedöms uppnås" in text
    assert "resultatet blev" not in text
