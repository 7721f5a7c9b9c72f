"""The command line as a user runs it: real processes, exit statuses and output (see cli.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
FIXTURE = ROOT / "tests" / "fixtures" / "valid_small"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "finsamdash", *args], capture_output=True, text=True, timeout=120)


def test_validate_valid_demo_exits_0() -> None:
    done = run("validate", str(DEMO))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "är giltigt" in done.stdout


def test_summary_json_has_the_contract_shape() -> None:
    done = run("summary", str(DEMO), "--association", "norrsken", "--year", "2025", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"association_id", "year", "suppressed", "participants", "exits", "interventions",
                           "economy", "goals", "indicators", "training"}
    assert set(result["participants"]) == {"episodes", "anonymous", "identified", "started", "ended",
                                           "active_end_of_year", "women", "men", "other_unknown"}
    assert set(result["exits"]) == {"work", "subsidised_work", "studies", "job_seeking", "further_rehab", "illness",
                                    "dropped_out", "moved", "other", "work_or_studies", "work_or_studies_share",
                                    "closer_to_labour_market", "closer_to_labour_market_share"}
    assert set(result["economy"]) == {"income", "costs", "result", "administration_costs", "admin_share",
                                      "intervention_costs", "budget_income", "budget_costs", "budget_result",
                                      "equity_opening", "equity_closing"}
    for figures in result["interventions"].values():
        assert set(figures) == {"episodes", "started", "ended", "active_end_of_year", "exits"}
        assert set(figures["exits"]) == set(result["exits"])
    for goal in result["goals"]:
        assert {"goal_id", "outcome", "target", "operator", "status", "text_sv"} <= set(goal)
        assert goal["status"] in {"met", "partly", "not_met", "no_data"}
    for stats in result["indicators"].values():
        assert set(stats) == {"n", "mean", "positive_share", "dont_know"}
    assert set(result["training"]) == {"events", "attendees"}
    # suppressed output: no count from 1 to 4 anywhere (a zero is shown, R2/R3)
    counts = [*result["participants"].values(), *(v for k, v in result["exits"].items() if not k.endswith("share"))]
    assert all(c is None or c == 0 or c >= 5 for c in counts)


def test_raw_and_min_count_options() -> None:
    raw = json.loads(run("summary", str(FIXTURE), "--association", "sydnarke", "--year", "2026", "--json",
                         "--raw").stdout)
    assert raw["suppressed"] is False and raw["participants"]["anonymous"] == 2
    low = json.loads(run("summary", str(FIXTURE), "--association", "sydnarke", "--year", "2026", "--json",
                         "--min-count", "2").stdout)
    # 2 and 3 are not small when min_count is 2 (hidden at the default 5); the 1 who started (and moved = 1) are
    # still hidden
    assert low["participants"]["men"] == 3 and low["participants"]["other_unknown"] == 2
    assert low["participants"]["started"] is None
    assert low["exits"]["moved"] is None and low["suppressed"] is True


def test_summary_text_is_swedish() -> None:
    done = run("summary", str(DEMO), "--association", "sjobygden", "--year", "2025")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Samordningsförbundet Sjöbygden – nyckeltal 2025")
    assert "Deltagare:" in done.stdout and "Mål:" in done.stdout and "\u00a0tkr" in done.stdout
    assert "Prognos" not in done.stdout  # no --as-of: the year's actuals only


SYDNARKE = Path(__file__).parent / "fixtures" / "sydnarke_2016"


def test_summary_as_of_adds_the_forecast() -> None:
    done = run("summary", str(SYDNARKE), "--association", "sydnarke", "--year", "2016", "--as-of", "2016-11-15",
               "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    forecast = result["forecast"]
    assert {k: v for k, v in forecast.items() if k != "method_sv"} == {
        "as_of": "2016-11-15", "books_closed": "2016-10-31", "income": 5_795_388.0, "costs": 5_086_990.0,
        "result": 708_398.0, "equity_closing": 1_308_398.0, "paid_to_date": 5_795_388.0,
        "costs_to_date": 4_156_744.0}
    assert forecast["method_sv"].startswith("Intäkterna är medlemmarnas beslutade bidrag för 2016")
    # the economy runs to the books-closed date, the goal on the result reads as the forecast
    assert result["economy"]["costs"] == 4_156_744.0
    (g5,) = [g for g in result["goals"] if g["goal_id"] == "G5"]
    assert g5["outcome"] == 708_398.0 and "bedöms uppnås: prognosen för helåret är ett överskott" in g5["text_sv"]
    text = run("summary", str(SYDNARKE), "--association", "sydnarke", "--year", "2016", "--as-of", "2016-11-15")
    assert "Ekonomi, bokfört t.o.m. 31 oktober 2016:" in text.stdout
    assert "Prognos för helåret: intäkter 5\u00a0795\u00a0tkr, kostnader 5\u00a0087\u00a0tkr, resultat " in text.stdout
    earlier = json.loads(run("summary", str(SYDNARKE), "--association", "sydnarke", "--year", "2016", "--as-of",
                             "2016-11-15", "--books-closed", "2016-09-30", "--json").stdout)
    assert earlier["forecast"]["books_closed"] == "2016-09-30" and earlier["forecast"]["income"] == 5_795_388.0


@pytest.mark.parametrize(("args", "message"), [
    (("--as-of", "2016-11-15", "--books-closed", "2016-11-30"), "ligger efter mötesdatumet 15 november 2016"),
    (("--books-closed", "2016-09-30"), "--books-closed kräver --as-of"),
])
def test_summary_books_closed_errors(args: tuple[str, ...], message: str) -> None:
    done = run("summary", str(SYDNARKE), "--association", "sydnarke", "--year", "2016", *args)
    assert done.returncode == 2 and message in done.stderr.replace("\u00a0", " ")
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize("args", [
    ("summary", str(DEMO), "--association", "finns_inte", "--year", "2025"),
    ("summary", str(DEMO), "--association", "norrsken"),
    ("summary", str(DEMO), "--association", "norrsken", "--year", "tjugo"),
    ("validate",),
    ("okänt-kommando",),
])
def test_wrong_use_exits_2_in_swedish(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "finns inte" in done.stderr or "fel:" in done.stderr


def test_summary_of_invalid_data_exits_2_with_the_errors(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for file in FIXTURE.glob("*.csv"):
        (folder / file.name).write_bytes(file.read_bytes())
    (folder / "associations.csv").write_text("association_id,name\nsydnarke,\n", encoding="utf-8")
    done = run("summary", str(folder), "--association", "sydnarke", "--year", "2026")
    assert done.returncode == 2
    assert "associations.csv, rad 2" in done.stderr and "Traceback" not in done.stderr


def test_template_and_demo_commands(tmp_path: Path) -> None:
    done = run("template", str(tmp_path / "mall.xlsx"))
    assert done.returncode == 0 and (tmp_path / "mall.xlsx").exists()
    done = run("demo", str(tmp_path / "demo"), "--seed", "3", "--as-of", "2026-06-30", "--no-xlsx")
    assert done.returncode == 0, done.stderr
    assert run("validate", str(tmp_path / "demo")).returncode == 0


def test_build_with_books_closed_after_the_meeting_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "packs"
    done = run("build", str(DEMO), "--meeting", "2026-11-23", "--books-closed", "2026-11-30", "--out", str(out),
               "--no-pdf")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "ligger efter mötesdatumet 23 november 2026" in done.stderr.replace("\u00a0", " ")
    assert not out.exists()
