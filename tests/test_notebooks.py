"""Every dashboard notebook: thin, committed without outputs, documented parameters, and executed for real with
papermill on the demo data for every demo association, with no participant id in any output."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import papermill
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
DEMO = ROOT / "data" / "demo"
ASSOCIATIONS = ("norrsken", "sjobygden", "mellanmark")
EXPECTED = {"overview", "participants", "goals", "indicators", "budget"}
PARAMETERS = {"data_path", "association_id", "meeting_date", "year", "previous_meeting_date", "min_count",
              "books_closed"}
FORBIDDEN = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda, ast.ListComp,
             ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.With, ast.Try)


def _ids() -> set[str]:
    import pandas as pd

    ids = pd.read_csv(DEMO / "participants.csv", usecols=["participant_id"])["participant_id"].dropna()
    return set(ids)


def test_the_five_dashboards_exist() -> None:
    assert {p.stem for p in NOTEBOOKS} >= EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_thin_and_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "commit notebooks without outputs"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is code[0]
    names = {node.target.id for node in ast.parse(tagged[0].source).body if isinstance(node, ast.AnnAssign)}
    assert names == PARAMETERS
    imports = [c for c in code if re.match(r"^(import|from) ", c.source)]
    assert len(imports) == 1
    for cell in code[1:]:
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(n, FORBIDDEN)], cell.source
        assert len(cell.source.strip().splitlines()) <= 3, cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_papermill_documents_the_parameters(path: Path) -> None:
    """``papermill --help-notebook``: papermill's own command, run in this process (a new Python for each notebook
    only added its start-up)."""
    from click.testing import CliRunner
    from papermill.cli import papermill as papermill_command

    done = CliRunner().invoke(papermill_command, ["--help-notebook", str(path)])
    assert done.exit_code == 0, done.output
    for name in PARAMETERS:
        assert name in done.output


def _assert_clean_outputs(executed: Path) -> None:
    """No error, no traceback, no participant id, and at least one chart in an executed notebook."""
    nb = nbformat.read(executed, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = json.dumps(outputs, ensure_ascii=False)
    assert "Traceback" not in text
    leaked = [pid for pid in _ids() if pid in text]
    assert leaked == [], f"participant ids in the output: {leaked[:5]}"
    assert sum(1 for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})) >= 1


SYDNARKE = ROOT / "tests" / "fixtures" / "sydnarke_2016"
#: The notebooks run on their own with papermill, as Voilà and a director run them (a fresh kernel each that loads
#: and audits the data itself): name -> (notebook, parameters).
ON_THEIR_OWN = {
    **{f"{path.stem}-{ASSOCIATIONS[0]}": (path, {"data_path": str(DEMO), "association_id": ASSOCIATIONS[0],
                                                 "meeting_date": "2026-11-23", "previous_meeting_date": "2026-09-24"})
       for path in NOTEBOOKS},
    # only a meeting date: no previous meeting, the default books-closed date
    "overview-sydnarke": (ROOT / "notebooks" / "overview.ipynb", {
        "data_path": str(SYDNARKE), "association_id": "sydnarke", "meeting_date": "2016-11-15"}),
    # a previous meeting after the meeting
    "budget-sydnarke-later-previous": (ROOT / "notebooks" / "budget.ipynb", {
        "data_path": str(SYDNARKE), "association_id": "sydnarke", "meeting_date": "2016-11-15",
        "previous_meeting_date": "2016-12-16"}),
}


@pytest.fixture(scope="module")
def on_their_own(tmp_path_factory) -> dict[str, Path | BaseException]:
    """Every run of :data:`ON_THEIR_OWN`: the executed notebook, or what the run raised. Two run at a time (each
    in its own kernel process; the suite's machine has two cores and a kernel uses one)."""
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path_factory.mktemp("on-their-own")

    def execute(name: str) -> Path | BaseException:
        from jupyter_core.utils import ensure_event_loop

        path, parameters = ON_THEIR_OWN[name]
        out = folder / f"{name}.ipynb"
        try:
            papermill.execute_notebook(str(path), str(out), cwd=str(path.parent), kernel_name="python3",
                                       progress_bar=False, parameters=parameters)
        except Exception as exc:  # raised again by the test that reads this run
            return exc
        finally:  # the event loop papermill ran in this thread: closed here, not left to the garbage collector
            ensure_event_loop().close()
        return out

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(ON_THEIR_OWN, pool.map(execute, ON_THEIR_OWN), strict=True))


def _executed(on_their_own: dict[str, Path | BaseException], name: str) -> Path:
    result = on_their_own[name]
    if isinstance(result, BaseException):
        raise result
    return result


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_on_its_own_with_papermill(path: Path, on_their_own) -> None:
    """As Voilà and a director with papermill run it: a fresh kernel that loads and audits the data itself."""
    _assert_clean_outputs(_executed(on_their_own, f"{path.stem}-{ASSOCIATIONS[0]}"))


@pytest.fixture(scope="module")
def other_packs(tmp_path_factory) -> Path:
    """The other demo associations' packs, executed by one ``finsamdash build`` (papermill with warm kernels and
    the pack's one audit, as before every meeting): the packs folder."""
    from finsamdash.cli import main

    out = tmp_path_factory.mktemp("other-packs")
    status = main(["build", str(DEMO), "--meeting", "2026-11-23", "--previous", "2026-09-24", "--no-pdf",
                   "--out", str(out), *(arg for a in ASSOCIATIONS[1:] for arg in ("--association", a))])
    assert status == 0
    return out


@pytest.mark.slow
@pytest.mark.parametrize("association", ASSOCIATIONS[1:])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_in_the_build_for_every_association(path: Path, association: str,
                                                              other_packs: Path) -> None:
    _assert_clean_outputs(other_packs / association / "2026-11-23" / path.name)


@pytest.mark.slow
def test_only_a_meeting_date_means_no_comparison_and_the_default_books_closed(on_their_own) -> None:
    """Run as a director would with papermill: no previous meeting is invented (the notebook default is None), and
    the economy runs to the books-closed date found in the ledger, named beside the meeting date."""
    out = _executed(on_their_own, "overview-sydnarke")
    text = json.dumps([o for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"
                       for o in c.outputs], ensure_ascii=False).replace("\u00a0", " ")
    assert "Jämförelse med förra mötet" not in text and "Inget tidigare möte har angetts" in text
    assert "deltagaruppgifter t.o.m. 15 november 2016 · bokfört t.o.m. 31 oktober 2016" in text
    assert "prognosen för årets resultat är ett överskott på 708 tkr" in text


@pytest.mark.slow
def test_a_previous_meeting_after_the_meeting_fails_in_swedish(on_their_own) -> None:
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        _executed(on_their_own, "budget-sydnarke-later-previous")
    assert caught.value.ename == "MeetingDateError"
    assert "Förra mötet (16 december 2016, 2016-12-16) ligger efter mötet 15 november 2016" in \
        caught.value.evalue.replace("\u00a0", " ")
