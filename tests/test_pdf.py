"""The meeting pack's ``board-pack.pdf`` (``finsamdash.pdf``): built once for one demo association with Debian's
chromium, then read with poppler's ``pdfinfo``/``pdftotext``/``pdftoppm`` (``.ci/run`` installs both).

The first pages are rendered to PNG (kept in the test's temporary folder, path printed, as artifacts) and to
grey-scale PGM, whose pixels are read here without an image library to prove the pages are not blank.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from finsamdash.build import build_pack, run_build_command
from finsamdash.errors import UsageError
from finsamdash.pdf import CHROMIUM_ENV, PDF_NAME, PackInfo, find_chromium, header_template, print_html

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
ASSOCIATION = "norrsken"
NAME = "Samordningsförbundet Norrsken"
MEETING = date(2026, 11, 23)
PREVIOUS = date(2026, 9, 24)
TITLES = ["Översikt", "Deltagarflöden", "Måluppfyllelse", "Kärnindikatorer", "Budget och utfall"]
#: The books-closed date in every page's header (the participants run to the meeting date beside it).
HEADER_DATES = "Ekonomi bokförd t.o.m. 31 oktober 2026"
POPPLER = ("pdfinfo", "pdftotext", "pdftoppm")


def _need_tools() -> None:
    if find_chromium() is None:
        pytest.fail("chromium saknas (apt-get install chromium; .ci/run installerar den)")
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"poppler-utils saknas ({', '.join(missing)}); .ci/run installerar det")


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout


def _text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return " ".join(_run("pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-").split())


def _pgm_variance(path: Path) -> float:
    """Variance of the grey levels of a binary PGM (P5, 8 bit) as written by ``pdftoppm -gray``."""
    raw = path.read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:  # magic, width, height, maxval; comments start with #
        while raw[pos:pos + 1].isspace():
            pos += 1
        if raw[pos:pos + 1] == b"#":
            pos = raw.index(b"\n", pos) + 1
            continue
        end = pos
        while not raw[end:end + 1].isspace():
            end += 1
        fields.append(raw[pos:end])
        pos = end
    assert fields[0] == b"P5" and int(fields[3]) < 256
    pixels = raw[pos + 1:pos + 1 + int(fields[1]) * int(fields[2])]
    n = len(pixels)
    mean = sum(pixels) / n
    return sum((p - mean) ** 2 for p in pixels) / n


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    _need_tools()
    out = tmp_path_factory.mktemp("pdf-packs")
    result = build_pack(DEMO, meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=2, previous=PREVIOUS)
    return result, out / ASSOCIATION / MEETING.isoformat()


@pytest.fixture(scope="module")
def pdf(built) -> Path:
    return built[1] / PDF_NAME


@pytest.mark.slow
def test_the_pack_has_a_pdf_and_records_it(built, pdf: Path) -> None:
    result, folder = built
    (assoc,) = result.associations
    assert result.ok and assoc.installed and assoc.pdf is not None and assoc.pdf.status == "ok"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert not list(folder.glob(".board-pack*")), "the print HTML and partial PDF are removed"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pdf"]["status"] == "ok" and manifest["pdf"]["file"] == PDF_NAME
    assert manifest["pdf"]["duration_s"] > 0 and manifest["pdf"]["pages"] == assoc.pdf.pages
    assert PDF_NAME in (folder / "index.html").read_text(encoding="utf-8")
    assert (folder.parent / "latest" / PDF_NAME).is_file()


@pytest.mark.slow
def test_a4_and_page_count(pdf: Path) -> None:
    info = _run("pdfinfo", str(pdf))
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 6
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    assert "A4" in size


@pytest.mark.slow
def test_cover_page(pdf: Path) -> None:
    cover = _text(pdf, 1)
    assert NAME in cover
    assert "Underlag till styrelsemötet 23 november 2026" in cover
    # the participants run to the meeting, the economy to the demo ledger's last month end: both are stated
    assert "Deltagaruppgifter till och med 23 november 2026" in cover
    assert "Ekonomi bokförd till och med 31 oktober 2026" in cover
    assert "Byggt 23 november 2026 kl." in cover  # the pinned build clock (tests/conftest.py)
    assert "Innehåll" in cover
    positions = [cover.index(title) for title in TITLES]
    assert positions == sorted(positions), "the contents list the dashboards in order"


@pytest.mark.slow
def test_every_dashboard_heading_in_order_and_each_on_a_new_page(pdf: Path) -> None:
    pages = int(next(line.split()[-1] for line in _run("pdfinfo", str(pdf)).splitlines()
                     if line.startswith("Pages:")))
    starts = []
    for title in TITLES:
        for page in range(2, pages + 1):
            body = _text(pdf, page).split(HEADER_DATES, 1)[-1].strip()
            if body.startswith(title):
                starts.append(page)
                break
    assert len(starts) == len(TITLES) and starts == sorted(starts) and starts[0] == 2
    cover = _text(pdf, 1)
    for number, (title, start) in enumerate(zip(TITLES, starts, strict=True), start=1):
        assert f"{number}. {title} sida {start}" in cover, "the contents give each dashboard's first page"


@pytest.mark.slow
def test_header_and_footer_on_every_page(pdf: Path) -> None:
    pages = int(next(line.split()[-1] for line in _run("pdfinfo", str(pdf)).splitlines()
                     if line.startswith("Pages:")))
    for page in range(1, pages + 1):
        text = _text(pdf, page)
        assert f"{NAME} · styrelsemöte 23 november 2026" in text
        assert HEADER_DATES in text
        assert "Byggt 23 november 2026 kl." in text
        assert f"Sida {page} av {pages}" in text


@pytest.mark.slow
def test_collapsed_data_tables_are_not_printed(built, pdf: Path) -> None:
    folder = built[1]
    markup = (folder / "goals.html").read_text(encoding="utf-8")
    assert "<details class=\"fsd-data\">" in markup  # the dashboards do have collapsed tables
    summary = markup.split("<details class=\"fsd-data\"><summary>", 1)[1].split("</summary>", 1)[0]
    assert summary and summary not in _text(pdf)


@pytest.mark.slow
def test_first_pages_render_and_are_not_blank(pdf: Path, tmp_path_factory) -> None:
    artifacts = tmp_path_factory.mktemp("pdf-pages")
    _run("pdftoppm", "-r", "60", "-f", "1", "-l", "4", "-png", str(pdf), str(artifacts / "page"))
    _run("pdftoppm", "-r", "30", "-f", "1", "-l", "4", "-gray", str(pdf), str(artifacts / "grey"))
    pngs = sorted(artifacts.glob("page-*.png"))
    greys = sorted(artifacts.glob("grey-*.pgm"))
    print(f"PDF-sidor som PNG: {artifacts}")
    assert len(pngs) == 4 and len(greys) == 4
    for grey in greys:
        assert _pgm_variance(grey) > 50, f"{grey.name} looks blank"
    # a page with charts carries much more ink than the cover
    assert max(_pgm_variance(g) for g in greys[1:]) > _pgm_variance(greys[0])


def test_cover_and_header_name_both_dates_only_when_they_differ() -> None:
    same = PackInfo("Förbundet", "23 november 2026", "23 november 2026", "23 november 2026 kl. 10:00", [],
                    books_closed="23 november 2026")
    assert same.dates() == [("Uppgifter till och med", "23 november 2026")]
    assert "Uppgifter t.o.m. 23 november 2026" in header_template(same)
    differ = PackInfo("Förbundet", "23 november 2026", "23 november 2026", "23 november 2026 kl. 10:00", [],
                      books_closed="31 oktober 2026")
    assert differ.dates() == [("Deltagaruppgifter till och med", "23 november 2026"),
                              ("Ekonomi bokförd till och med", "31 oktober 2026")]
    assert "Ekonomi bokförd t.o.m. 31 oktober 2026" in header_template(differ)
    nothing = PackInfo("Förbundet", "23 november 2026", "23 november 2026", "23 november 2026 kl. 10:00", [])
    assert nothing.dates()[1] == ("Ekonomi bokförd till och med", "inget bokfört")


def test_print_html_makes_plot_ids_unique(tmp_path: Path) -> None:
    page = ('<html><head><style>x{}</style><title>t</title></head><body class="jp-Notebook">'
            '<nav class="fsd-nav"><a href="index.html">back</a></nav>'
            '<div class="fsd-plot" id="fsd-plot-1"></div><script>document.getElementById("fsd-plot-1")</script>'
            '<p class="fsd-footer">foot</p></body></html>')
    for stem in ("a", "b"):
        (tmp_path / f"{stem}.html").write_text(page, encoding="utf-8")
    info = PackInfo("Förbundet", "23 november 2026", "23 november 2026", "23 november 2026 kl. 10:00",
                    [("a", "A-titel"), ("b", "B-titel")])
    markup = print_html(tmp_path, info)
    assert markup.count('id="fsd-a-plot-1"') == 1 and markup.count('id="fsd-b-plot-1"') == 1
    assert 'getElementById("fsd-b-plot-1")' in markup and "fsd-plot-1" not in markup
    assert "fsd-nav" not in markup.split("<body", 1)[1] and ">foot<" not in markup
    assert "Underlag till styrelsemötet 23 november 2026" in markup
    assert markup.index("A-titel") < markup.index("B-titel")
    assert '<body class="jp-Notebook">' in markup


def test_missing_chromium_is_a_swedish_usage_error_and_nothing_is_written(tmp_path: Path, monkeypatch) -> None:
    """Decision: without chromium the build stops before anything is written (like invalid data), because a pack
    without its PDF must not become ``latest``; the message says how to install chromium or to use --no-pdf."""
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))
    out = tmp_path / "out"
    with pytest.raises(UsageError) as caught:
        build_pack(DEMO, meeting=MEETING, out=out, association_ids=[ASSOCIATION], jobs=1)
    message = str(caught.value)
    assert "Hittar inte webbläsaren chromium" in message
    assert "apt-get install chromium" in message and "--no-pdf" in message
    assert not out.exists()


@pytest.mark.slow
def test_no_pdf_builds_without_chromium(tmp_path: Path, monkeypatch) -> None:
    import argparse

    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "overview.ipynb", notebooks)
    out = tmp_path / "out"
    args = argparse.Namespace(data=DEMO, meeting=MEETING, association=[ASSOCIATION], out=out, jobs=1,
                              previous=None, no_pdf=True, notebooks=notebooks)
    assert run_build_command(args) == 0
    folder = out / ASSOCIATION / MEETING.isoformat()
    assert not (folder / PDF_NAME).exists()
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["pdf"]["status"] == "not_requested"


def test_find_chromium_honours_the_environment(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv(CHROMIUM_ENV, str(fake))
    assert find_chromium() == str(fake)
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "missing"))
    assert find_chromium() is None
    monkeypatch.delenv(CHROMIUM_ENV)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() is None
    os.rename(fake, tmp_path / "chromium")
    assert find_chromium() == str(tmp_path / "chromium")


@pytest.mark.slow
def test_printing_makes_no_network_request(tmp_path: Path) -> None:
    """A page that asks for something over http gets nothing: the request never reaches the (local) server."""
    import http.server
    import threading

    from finsamdash.export import write_plotly_asset
    from finsamdash.pdf import write_pdf

    _need_tools()
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *_args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        write_plotly_asset(tmp_path)
        (tmp_path / "a.html").write_text(
            f'<html><head><script src="assets/plotly.min.js"></script><link rel="stylesheet" href="{url}/x.css">'
            f'</head><body><h1>A-titel</h1><img src="{url}/x.png"><script>fetch("{url}/y")</script></body></html>',
            encoding="utf-8")
        info = PackInfo("Förbundet", "23 november 2026", "23 november 2026", "23 november 2026 kl. 10:00",
                        [("a", "A-titel")])
        result = write_pdf(tmp_path, info)
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []
    assert result.pages == 2 and result.path.is_file()
    assert "A-titel" in _text(result.path, 2)


@pytest.mark.slow
def test_no_participant_id_in_the_pdf_text(pdf: Path) -> None:
    """The PDF's streams are compressed, so its bytes cannot be scanned: its extracted text is. (The demo data has
    pseudonymous ids only – no names or personnummer columns exist in the contract.)"""
    import re

    import pandas as pd

    ids = set(pd.read_csv(DEMO / "participants.csv", usecols=["participant_id"], dtype=str)["participant_id"].dropna())
    assert len(ids) > 100
    pattern = re.compile("|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)))
    text = _run("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    assert len(text) > 5000 and "Kärnindikatorer" in text  # the scan reads the real text of every page
    found = pattern.search(text)
    assert found is None, f"participant id {found.group(0)} in the PDF text"
    assert pattern.search(text + " " + sorted(ids)[0])  # the scan does find an id that is there
