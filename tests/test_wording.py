"""Swedish wherever a person reads: no table key, metric key or English goal-parameter name in any page of a built
pack (its text, alt texts and charts), the presentation, the command line's help and its messages (the PDF's text is
scanned in ``test_pdf.py``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_OUTPUT
from wording_helpers import code_words, notebook_text, visible_text

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("validate", "summary", "build", "serve", "template", "demo", "annual-report")
#: argparse's own English texts (help and errors)
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "optional arguments", "show this help",
                    "the following arguments are required", "unrecognized arguments", "invalid choice", "error:",
                    "expected one argument", "invalid int value")


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "finsamdash", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd or ROOT)


def test_the_scan_finds_code_words() -> None:
    assert code_words("underlaget saknar bladet Enkätsvar (survey_responses); måttet ”exit_share”; reasons=work") \
        == ["survey_responses", "exit_share", "reasons"]
    assert code_words("Budget för 2026 i goals.csv, rad 3; mellanmark; resultatet") == []


@pytest.mark.slow
def test_no_code_words_on_any_page_or_slide(demo_pack: Path) -> None:
    found = {}
    for path in [*demo_pack.glob("*.html"), demo_pack.parent.parent / "index.html"]:
        found[path.name] = code_words(visible_text(path.read_text(encoding="utf-8")))
    for path in demo_pack.glob("*.ipynb"):  # what the pages draw: chart titles, labels, legends, hover texts
        found[path.name] = code_words(notebook_text(path.read_text(encoding="utf-8")))
    assert {name: words for name, words in found.items() if words} == {}
    assert len(found) >= 12
    assert code_words((demo_pack.parent.parent.parent / BUILD_OUTPUT).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_swedish(command: str) -> None:
    result = _cli(*([command] if command else []), "--help")
    assert result.returncode == 0
    text = result.stdout
    assert text.startswith("användning: finsamdash") and "flaggor:" in text
    assert "visa den här hjälptexten och avsluta" in text
    assert [e for e in ARGPARSE_ENGLISH if e in text] == []
    assert code_words(text) == []


@pytest.mark.parametrize("args", [
    (), ("build",), ("build", "data/demo", "--meeting", "x"), ("summary", "data/demo", "--association", "norrsken",
                                                              "--year", "zz"),
    ("demo", "ut", "--volume", "stor"), ("okänt",), ("validate", "a", "b"), ("build", "data/demo", "--jobs"),
])
def test_usage_errors_are_swedish(args: tuple[str, ...]) -> None:
    result = _cli(*args)
    assert result.returncode == 2
    text = result.stderr
    assert "användning: finsamdash" in text and ": fel: " in text and "--help`." in text
    assert [e for e in ARGPARSE_ENGLISH if e in text] == []


@pytest.mark.slow
def test_messages_name_sheets_and_labels_not_keys(tmp_path: Path) -> None:
    """Validation errors, the summary and a refused serve, on purpose-broken input."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid_small", data)
    (data / "interventions.csv").unlink()
    goals = (data / "goals.csv").read_text(encoding="utf-8").splitlines()
    goals[1] = goals[1].replace(",participants,", ",okänt mått,")
    (data / "goals.csv").write_text("\n".join(goals) + "\n", encoding="utf-8")
    validate = _cli("validate", str(data))
    assert validate.returncode == 2 and "tabellen Insatser saknas" in validate.stdout
    assert "värdet ”okänt mått” – ett av värdena: antal deltagare, antal nya deltagare" in validate.stdout
    summary = _cli("summary", "data/demo", "--association", "norrsken", "--year", "2025")
    assert summary.returncode == 0
    serve = _cli("serve", str(tmp_path / "finns-inte"))
    assert serve.returncode == 2
    for output in (validate.stdout, summary.stdout, serve.stderr):
        assert code_words(output) == [], output
