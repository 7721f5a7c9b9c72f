"""The meeting pack (``finsamdash.pack``): layout, manifest, offline static HTML, atomic
replacement of a meeting, the ``latest`` pointer, failures, validation first, and no participant id anywhere.

The full pack (five dashboards) of one demo association is the session's (``demo_build`` in tests/conftest.py);
the tests of rebuilding and failures use a notebooks folder with one or two small notebooks to stay quick.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pack_helpers import tree

from finsamdash.errors import DataValidationError, MeetingDateError, UsageError
from finsamdash.pack.build import build_pack
from finsamdash.pack.command import run_build_command
from finsamdash.pack.export import external_references, make_offline, plot_markup
from finsamdash.pack.publish import install_folder, recover

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
NOTEBOOKS = ROOT / "notebooks"
ASSOCIATION = "norrsken"
MEETING = date(2026, 11, 23)
PREVIOUS = date(2026, 9, 24)
DASHBOARDS = ["overview", "participants", "goals", "indicators", "budget"]
# an external URL in an attribute that makes or offers a request: src=, href=, srcset=, data=, action=, poster=
EXTERNAL = re.compile(r"""\b(?:src|href|srcset|data|action|poster)\s*=\s*["']?\s*(?:https?:)?//""", re.I)




def _trie_regex(words: set[str]) -> re.Pattern[str]:
    """One regex matching any of ``words``, built as a trie so that scanning megabytes stays fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return re.compile(pattern(trie))


def _participant_ids() -> set[str]:
    ids = pd.read_csv(DEMO / "participants.csv", usecols=["participant_id"], dtype=str)["participant_id"]
    return set(ids.dropna())


def _invalid_copy(tmp: Path) -> Path:
    """The demo CSV files with one impossible date."""
    data = tmp / "invalid"
    data.mkdir()
    for csv in DEMO.glob("*.csv"):
        shutil.copy(csv, data / csv.name)
    people = (data / "participants.csv").read_text(encoding="utf-8")
    (data / "participants.csv").write_text(people.replace(",2018-03-05,", ",2018-02-31,", 1), encoding="utf-8")
    return data


def _notebooks(tmp: Path, *names: str, broken: bool = False) -> Path:
    """A notebooks folder with copies of ``names``; ``broken`` adds a copy of goals.ipynb with a failing cell."""
    folder = tmp / ("notebooks-broken" if broken else "notebooks")
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(NOTEBOOKS / f"{name}.ipynb", folder)
    if broken:
        nb = nbformat.read(NOTEBOOKS / "goals.ipynb", as_version=4)
        cell = next(c for c in nb.cells if c.source.strip() == "page.goal_list()")
        cell.source = "page.goal_list_that_does_not_exist()"
        nbformat.write(nb, folder / "broken.ipynb")
    return folder


# --- the full pack of one association ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack(demo_build):
    """The session's demo pack (tests/conftest.py: norrsken, ``MEETING``, ``PREVIOUS``, with PDF, two processes):
    the build's result and its progress events."""
    return demo_build


@pytest.fixture(scope="module")
def folder(pack) -> Path:
    return pack[0].out / ASSOCIATION / MEETING.isoformat()


@pytest.mark.slow
def test_every_dashboard_is_built(pack) -> None:
    result, events = pack
    assert result.ok and result.exit_status == 0 and result.failures == []
    (assoc,) = result.associations
    assert assoc.installed and assoc.previous == PREVIOUS
    assert [d.dashboard for d in assoc.dashboards] == DASHBOARDS
    assert all(d.status == "ok" and d.duration > 0 and d.error is None for d in assoc.dashboards)
    kinds = [e.kind for e in events]
    assert kinds[:2] == ["start", "association_start"] and kinds[-1] == "association_done"
    assert [e.done for e in events if e.kind == "dashboard"] == [1, 2, 3, 4, 5]


@pytest.mark.slow
def test_layout(pack, folder: Path) -> None:
    out = pack[0].out
    expected = {"index.html", "manifest.json", "disclosure.json.gz", "board-pack.pdf", "assets",
                "assets/plotly.min.js", "presentation.html", "assets/reveal", "assets/reveal/plugin",
                "assets/reveal/reveal.js", "assets/reveal/reveal.css", "assets/reveal/plugin/notes.js",
                "assets/reveal/LICENSE"}
    expected |= {f"{d}.{ext}" for d in DASHBOARDS for ext in ("ipynb", "html")}
    assert set(tree(folder)) == expected
    assert (out / "index.html").is_file()
    latest = out / ASSOCIATION / "latest"
    assert latest.is_symlink() and os.readlink(latest) == MEETING.isoformat()
    assert (latest / "index.html").is_file()
    assert not [p for p in (out / ASSOCIATION).iterdir() if p.name.startswith((".tmp-", ".old-", ".latest-"))]


@pytest.mark.slow
def test_manifest(pack, folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["association_id"] == ASSOCIATION
    assert manifest["association_name"] == "Samordningsförbundet Norrsken"
    assert manifest["meeting_date"] == "2026-11-23" and manifest["status"] == "ok"
    assert datetime.fromisoformat(manifest["built_at"]).tzinfo is not None
    assert manifest["parameters"] == {
        "data_path": str(DEMO.resolve()), "association_id": ASSOCIATION, "meeting_date": "2026-11-23",
        "previous_meeting_date": "2026-09-24", "year": None, "min_count": 5,
        "books_closed": "2026-10-31",  # the demo ledger's last month end before the meeting
    }
    assert manifest["built_at"].startswith("2026-11-23")  # the pinned build clock (tests/conftest.py)
    files = {f["path"]: f for f in manifest["input_files"]}
    assert set(files) == {p.name for p in DEMO.glob("*.csv")}
    for name, entry in files.items():
        raw = (DEMO / name).read_bytes()
        assert entry["size"] == len(raw) and entry["sha256"] == hashlib.sha256(raw).hexdigest()
    for package in ("python", "finsamdash", "pandas", "plotly", "papermill", "nbconvert", "ipykernel", "voila"):
        assert manifest["versions"][package], package
    assert [d["dashboard"] for d in manifest["dashboards"]] == DASHBOARDS
    for entry in manifest["dashboards"]:
        assert entry["status"] == "ok" and entry["duration_s"] > 0 and entry["error"] is None
        assert (folder / entry["html"]).is_file() and (folder / entry["ipynb"]).is_file()
    assert manifest["key_figures"] and all(card["label"] for card in manifest["key_figures"])


@pytest.mark.slow
def test_executed_notebooks_carry_the_parameters(folder: Path) -> None:
    for name in DASHBOARDS:
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
        assert 'meeting_date = "2026-11-23"' in injected.source
        assert 'previous_meeting_date = "2026-09-24"' in injected.source
        assert 'books_closed = "2026-10-31"' in injected.source
        assert f'data_path = "{DEMO.resolve()}"' in injected.source
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        assert not [o for o in outputs if o.output_type == "error"]


@pytest.mark.slow
@pytest.mark.parametrize("name", DASHBOARDS)
def test_static_html_is_offline_and_uses_one_local_plotly(folder: Path, name: str) -> None:
    markup = (folder / f"{name}.html").read_text(encoding="utf-8")
    assert EXTERNAL.findall(markup) == []
    assert external_references(markup) == []
    assert re.findall(r"<script[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)", markup) == ["assets/plotly.min.js"]
    assert markup.count("plotly.min.js") == 1
    assert "<link" not in markup.lower() or not re.search(r"<link[^>]+href\s*=\s*[\"']?(https?:)?//", markup)
    assert len(markup) < 1_000_000, "plotly.js must not be embedded in the page"
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    figures = sum("application/vnd.plotly.v1+json" in o.get("data", {})
                  for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert figures >= 1 and markup.count("Plotly.newPlot(") == figures
    assert '<html lang="sv">' in markup
    title = re.search(r"<title>(.*?)</title>", markup).group(1)
    assert title.endswith(" – Samordningsförbundet Norrsken – styrelsemöte 23 november 2026")
    assert "break-inside:avoid" in markup
    assert "import finsamdash" not in markup and "page.header()" not in markup  # code hidden
    assert "In&nbsp;[" not in markup and not re.search(r"class=\"[^\"]*jp-(Input|Output)Prompt", markup)


@pytest.mark.slow
def test_plotly_asset_is_the_packs_bundle(folder: Path) -> None:
    from finsamdash.pack.plotly_bundle import pack_plotly_js

    asset = folder / "assets" / "plotly.min.js"
    assert asset.read_text(encoding="utf-8") == pack_plotly_js()  # only the dashboards' trace types
    large = [p for p in folder.rglob("*") if p.is_file() and p.stat().st_size > 1_000_000]
    assert sorted(large) == [asset, folder / "board-pack.pdf"]  # no other copy of plotly.js; the printed PDF


@pytest.mark.slow
def test_front_page_and_index(pack, folder: Path) -> None:
    front = (folder / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in front and "Styrelsemöte 23 november 2026" in front
    for name in DASHBOARDS:
        assert f"href='{name}.html'" in front and f"href='{name}.ipynb'" in front
    assert "24 september 2026" in front and "sedan förra mötet" in front
    # the participants run to the meeting, the economy to the books-closed date: the front page says both
    assert "<th>Deltagaruppgifter till och med</th><td>23 november 2026</td>" in front.replace("\u00a0", " ")
    assert "<th>Ekonomi bokförd till och med</th><td>31 oktober 2026</td>" in front.replace("\u00a0", " ")
    assert "Byggt</th><td>23 november 2026 kl. " in front.replace("\u00a0", " ")
    assert EXTERNAL.findall(front) == []
    index = (pack[0].out / "index.html").read_text(encoding="utf-8")
    assert "Samordningsförbundet Norrsken" in index
    assert "norrsken/2026-11-23/index.html" in index and "(senaste)" in index
    assert EXTERNAL.findall(index) == []


@pytest.mark.slow
def test_no_participant_id_in_any_file_of_the_pack(pack) -> None:
    ids = _participant_ids()
    assert len(ids) > 100
    pattern = _trie_regex(ids)
    scanned = 0
    for path in sorted(pack[0].out.rglob("*")):
        assert not pattern.search(path.name)
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            match = pattern.search(text)
            assert match is None, f"participant id {match.group(0)} in {path}"
            scanned += 1
    assert scanned >= 14


def test_the_scan_finds_an_id() -> None:
    pattern = _trie_regex({"P-00001", "P-00012", "X9"})
    assert pattern.search("abc P-00012 def").group(0) == "P-00012"
    assert pattern.search('"X9"') and not pattern.search("P-0001")


# --- validation first ----------------------------------------------------------------------------------------------


def test_invalid_data_writes_nothing(tmp_path: Path) -> None:
    data = _invalid_copy(tmp_path)
    out = tmp_path / "out" / "packs"
    with pytest.raises(DataValidationError) as caught:
        build_pack(data, meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=1, pdf=False)
    assert caught.value.errors
    assert not out.exists() and not out.parent.exists()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("books_closed", date(2026, 11, 30), "Bokfört t.o.m.-datumet 30 november 2026 (2026-11-30) ligger efter "
                                         "mötesdatumet 23 november 2026"),
    ("previous", date(2026, 11, 23), "Förra mötet (23 november 2026, 2026-11-23) ligger samma dag som mötet"),
    ("previous", date(2026, 12, 1), "ligger efter mötet 23 november 2026"),
])
def test_a_date_after_the_meeting_is_an_error_and_writes_nothing(tmp_path: Path, option: str, value: date,
                                                                  message: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(MeetingDateError) as caught:
        build_pack(DEMO, meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=1, pdf=False,
                   **{option: value})
    assert message in str(caught.value).replace("\u00a0", " ")
    assert not out.exists()


def test_unknown_association_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        build_pack(DEMO, meeting=MEETING, out=tmp_path / "out", association_ids=["finns-inte"], jobs=1, pdf=False)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_invalid_data_leaves_an_existing_pack_untouched(pack, tmp_path: Path) -> None:
    out = pack[0].out
    before = tree(out)
    with pytest.raises(DataValidationError):
        build_pack(_invalid_copy(tmp_path), meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=1,
                   pdf=False)
    assert tree(out) == before


# --- rebuilding, older meetings and latest ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Three builds of the overview alone: 2026-09-24, then 2026-11-23 (previous found in DIR), then again."""
    tmp = tmp_path_factory.mktemp("history")
    notebooks = _notebooks(tmp, "overview")
    out = tmp / "packs"
    first = build_pack(DEMO, meeting=PREVIOUS, out=out, association_ids=[ASSOCIATION], jobs=1, notebooks=notebooks,
                       pdf=False)
    second = build_pack(DEMO, meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=1, notebooks=notebooks,
                        pdf=False)
    older = tree(out / ASSOCIATION / PREVIOUS.isoformat())
    (out / ASSOCIATION / MEETING.isoformat() / "marker").write_text("from the first build")
    third = build_pack(DEMO, meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=1, notebooks=notebooks,
                       pdf=False)
    return {"out": out, "notebooks": notebooks, "results": (first, second, third), "older": older}


@pytest.mark.slow
def test_the_build_takes_the_previous_pack_as_it_was_published(history, demo_dataset, monkeypatch) -> None:
    """The second meeting's build reads the first meeting's disclosure.json.gz from the output folder: its audit
    takes that pack as published (R9), records the keys it assumed, and a live page of the pack (its working folder
    the pack's) audits again with them and hides exactly what the static pack hides."""
    from finsamdash.dashboards._page import disclosure_for
    from finsamdash.privacy.disclosure import read_published

    first = read_published(history["out"] / ASSOCIATION / PREVIOUS.isoformat())
    pack = history["out"] / ASSOCIATION / MEETING.isoformat()
    second = read_published(pack)
    assert first["previous_basis"] is None and second["previous_basis"] == "published"
    assert second["previous_known"][ASSOCIATION] == frozenset(first["shown"])
    monkeypatch.chdir(pack)
    live = disclosure_for(demo_dataset, None, ASSOCIATION, MEETING, PREVIOUS, 5, MEETING.year)
    assert live.previous_basis == "published" and live.previous_known == second["previous_known"]
    assert live.hidden == second["hidden"] and dict(live.shown) == second["shown"]


@pytest.mark.slow
def test_previous_meeting_defaults_to_the_previous_pack(history) -> None:
    first, second, _third = history["results"]
    assert first.associations[0].previous is None
    assert second.associations[0].previous == PREVIOUS
    manifest = json.loads((history["out"] / ASSOCIATION / "2026-11-23" / "manifest.json").read_text("utf-8"))
    assert manifest["parameters"]["previous_meeting_date"] == "2026-09-24"
    front = (history["out"] / ASSOCIATION / "2026-11-23" / "index.html").read_text("utf-8")
    assert "href='../2026-09-24/index.html'" in front


@pytest.mark.slow
def test_rebuilding_replaces_the_meeting_and_leaves_older_ones_byte_identical(history) -> None:
    out = history["out"]
    assert all(r.ok for r in history["results"])
    assert not (out / ASSOCIATION / MEETING.isoformat() / "marker").exists()
    assert (out / ASSOCIATION / MEETING.isoformat() / "overview.html").is_file()
    assert tree(out / ASSOCIATION / PREVIOUS.isoformat()) == history["older"]
    names = {p.name for p in (out / ASSOCIATION).iterdir()}
    assert names == {"2026-09-24", "2026-11-23", "latest"}


@pytest.mark.slow
def test_latest_points_at_the_newest_meeting(history, tmp_path: Path) -> None:
    out = history["out"]
    latest = out / ASSOCIATION / "latest"
    assert os.readlink(latest) == "2026-11-23"
    newest = tree(out / ASSOCIATION / "2026-11-23")
    build_pack(DEMO, meeting=date(2026, 6, 1), out=out, association_ids=[ASSOCIATION], jobs=1,
               notebooks=history["notebooks"], pdf=False)
    assert os.readlink(latest) == "2026-11-23"  # an older meeting built later does not move latest
    assert tree(out / ASSOCIATION / "2026-11-23") == newest
    index = (out / "index.html").read_text(encoding="utf-8")
    positions = [index.index(f"norrsken/{m}/index.html") for m in ("2026-11-23", "2026-09-24", "2026-06-01")]
    assert positions == sorted(positions), "newest first"


# --- a failing dashboard -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_failing_notebook_is_reported_and_the_others_are_built(tmp_path: Path, capsys) -> None:
    good = _notebooks(tmp_path, "overview")
    out = tmp_path / "packs"
    assert build_pack(DEMO, meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=1, notebooks=good,
                      pdf=False).ok
    published = tree(out / ASSOCIATION / MEETING.isoformat())
    capsys.readouterr()

    notebooks = _notebooks(tmp_path, "overview", broken=True)
    args = argparse.Namespace(data=DEMO, meeting=MEETING, association=[ASSOCIATION], out=out, jobs=2,
                              previous=None, no_pdf=True, notebooks=notebooks)
    assert run_build_command(args) == 1
    printed = capsys.readouterr()
    text = printed.out + printed.err
    source = nbformat.read(notebooks / "broken.ipynb", as_version=4)
    cell = next(i for i, c in enumerate(source.cells, start=1) if "goal_list_that_does_not_exist" in c.source)
    assert f"cell {cell}" in text and "AttributeError" in text and "goal_list_that_does_not_exist" in text
    assert "Alla mål för året" in text  # the section of the failing cell
    assert "Översikt klar" in text

    failed = out / ASSOCIATION / f"{MEETING.isoformat()}-misslyckad"
    manifest = json.loads((failed / "manifest.json").read_text(encoding="utf-8"))
    status = {d["dashboard"]: d for d in manifest["dashboards"]}
    assert manifest["status"] == "failed" and status["overview"]["status"] == "ok"
    assert status["broken"]["status"] == "failed"
    assert status["broken"]["error"]["cell"] == cell and status["broken"]["error"]["ename"] == "AttributeError"
    assert (failed / "overview.html").is_file() and (failed / "broken.ipynb").is_file()
    # the complete pack of the meeting is still what is published
    assert tree(out / ASSOCIATION / MEETING.isoformat()) == published
    assert os.readlink(out / ASSOCIATION / "latest") == MEETING.isoformat()


# --- small parts ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("exchange", [True, False])
def test_install_folder_replaces_a_folder(tmp_path: Path, monkeypatch, exchange: bool) -> None:
    if not exchange:
        monkeypatch.setattr("finsamdash.pack.publish._exchange", lambda a, b: False)
    target = tmp_path / "2026-11-23"
    target.mkdir()
    (target / "old.txt").write_text("old")
    new = tmp_path / ".tmp-2026-11-23-abcd"
    new.mkdir()
    (new / "new.txt").write_text("new")
    install_folder(new, target)
    assert [p.name for p in tmp_path.iterdir()] == ["2026-11-23"]
    assert [p.name for p in target.iterdir()] == ["new.txt"]


def test_recover_puts_back_a_pack_renamed_aside(tmp_path: Path) -> None:
    aside = tmp_path / ".old-2026-11-23-abcd1234"
    aside.mkdir()
    (aside / "index.html").write_text("x")
    (tmp_path / ".tmp-2026-11-23-ffff0000").mkdir()
    recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-11-23"]
    assert (tmp_path / "2026-11-23" / "index.html").read_text() == "x"


def test_make_offline_removes_every_external_reference() -> None:
    markup = (
        '<html><head><script src="https://cdn.example.org/require.js"></script>'
        "<link rel='stylesheet' href='//fonts.example.org/x.css'>"
        "<style>/* see https://example.org */ @import url(https://x.org/a.css); .a{background:url('http://x/y.png')}"
        '</style></head><body><img src="http://example.org/a.png"><a href="https://example.org/info">mer</a>'
        '<a href="#local">lokal</a><script src="assets/plotly.min.js"></script></body></html>'
    )
    assert len(external_references(markup)) >= 5
    clean = make_offline(markup)
    assert external_references(clean) == [] and EXTERNAL.findall(clean) == []
    assert 'href="#local"' in clean and 'src="assets/plotly.min.js"' in clean
    assert "mer (https://example.org/info)" in clean


def test_plot_markup_is_safe_inside_a_script() -> None:
    markup = plot_markup({"data": [{"type": "bar", "name": "</script><b>"}], "layout": {}}, "fsd-plot-1", "A & B")
    assert markup.count("</script>") == 1 and "\\u003c/script\\u003e" in markup
    assert 'aria-label="A &amp; B"' in markup
    assert "Plotly.newPlot(el,fig.data,fig.layout,fig.config)" in markup
    # the one chart configuration: no logo, no cloud/share button, only "save as image" (and a zoom reset), Swedish
    assert '"displaylogo":false' in markup and '"showSendToCloud":false' in markup
    assert '"modeBarButtons":[["toImage","resetScale2d"]]' in markup and '"locale":"sv"' in markup


@pytest.mark.slow
def test_pack_files_are_readable_by_others(folder: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    if mask & 0o004:
        pytest.skip("the umask keeps files from others")
    for path in folder.rglob("*"):
        assert path.stat().st_mode & 0o004, path


# --- the warm kernels and the handed-over dataset ----------------------------------------------------------------


def _probe_notebook(folder: Path, name: str) -> None:
    """A dashboard that reports its kernel: process id, whether the previous notebook's variable is still there,
    whether the handed-over dataset is named in the environment, and its working directory."""
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(
        "data_path = None\nassociation_id = None\nmeeting_date = None\nprevious_meeting_date = None\nyear = None\n"
        "min_count = 5\nbooks_closed = None")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# Prov {name}"), parameters,
        nbformat.v4.new_code_cell("import os\nprint(os.getpid(), 'leftover' in globals(), "
                                  "bool(os.environ.get('FINSAMDASH_VALIDATED_DATASET')), "
                                  "os.path.basename(os.getcwd()))"),
        nbformat.v4.new_code_cell("leftover = 1"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.mark.slow
def test_consecutive_notebooks_share_one_kernel_with_a_fresh_namespace(tmp_path: Path) -> None:
    notebooks = tmp_path / "probes"
    notebooks.mkdir()
    for name in ("a", "b", "c"):
        _probe_notebook(notebooks, name)
    out = tmp_path / "packs"
    result = build_pack(DEMO, meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=1, notebooks=notebooks,
                        pdf=False)
    assert result.ok, [d.error for d in result.failures]
    printed = []
    for name in ("a", "b", "c"):
        nb = nbformat.read(out / ASSOCIATION / MEETING.isoformat() / f"{name}.ipynb", as_version=4)
        counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1))  # numbered as in a fresh kernel
        printed.append(next(o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
                            if o.output_type == "stream").split())
    pids = {p[0] for p in printed}
    assert len(pids) == 1  # one kernel ran all three
    assert [p[1:3] for p in printed] == [["False", "True"]] * 3  # no variable of the previous one; dataset handed over
    assert all(p[3].startswith(f".tmp-{MEETING.isoformat()}-") for p in printed)  # run in the pack's folder
    assert not any(Path(tempfile.gettempdir()).glob(f"finsamdash-build-{os.getpid()}-*"))  # handover removed


def test_the_handed_over_dataset_is_used_only_for_the_same_input(tmp_path: Path, monkeypatch) -> None:
    from dataclasses import replace

    from finsamdash.dashboards import _page
    from finsamdash.dashboards.handover import (
        DATASET_ENV,
        input_fingerprint,
        private_folder,
        read_handover,
        write_handover,
    )
    from finsamdash.data.validate import load

    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    real = load(data)
    # a recognisable dataset: taking it over shows in the association's name
    names = real.tables["associations"].assign(name="Överlämnat")
    handed = replace(real, tables={**real.tables, "associations": names})
    stale = Path(tempfile.gettempdir()) / "finsamdash-build-4194305-x"  # above the largest pid: not running
    stale.mkdir(exist_ok=True)
    folder = private_folder()
    try:
        assert not stale.exists()
        assert folder.stat().st_mode & 0o777 == 0o700
        file = write_handover(handed, data, folder)
        assert file.stat().st_mode & 0o777 == 0o600
        monkeypatch.setenv(DATASET_ENV, str(file))
        _page._load_cached.cache_clear()
        assert _page.load_for_dashboard(data).association_name(ASSOCIATION) == "Överlämnat"
        assert read_handover(input_fingerprint(DEMO)) is None  # other input
        file.chmod(0o644)
        assert read_handover(input_fingerprint(data)) is None  # readable by others: not trusted
        file.chmod(0o600)
        assert read_handover(input_fingerprint(data)) is not None
        people = data / "participants.csv"
        os.utime(people, ns=(people.stat().st_atime_ns, people.stat().st_mtime_ns + 1_000_000_000))
        assert read_handover(input_fingerprint(data)) is None  # the input changed since it was validated
        _page._load_cached.cache_clear()
        assert _page.load_for_dashboard(data).association_name(ASSOCIATION) == "Samordningsförbundet Norrsken"
        monkeypatch.delenv(DATASET_ENV)
        assert read_handover(input_fingerprint(data)) is None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        _page._load_cached.cache_clear()
