"""The meeting pack's ``board-pack.pdf`` (``finsamdash.pack.pdf``): the session's demo pack (one demo association,
tests/conftest.py) printed by Debian's chromium, then read with poppler's ``pdfinfo``/``pdftotext``/``pdftoppm``
(``.ci/run`` installs both).

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

from finsamdash.errors import UsageError
from finsamdash.pack.build import build_pack
from finsamdash.pack.command import run_build_command
from finsamdash.pack.pdf import CHROMIUM_ENV, PDF_NAME, PackInfo, find_chromium, header_template, print_html

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
ASSOCIATION = "norrsken"
NAME = "Samordningsförbundet Norrsken"
MEETING = date(2026, 11, 23)
PREVIOUS = date(2026, 9, 24)
TITLES = ["Översikt", "Deltagarflöden", "Måluppfyllelse", "Kärnindikatorer", "Budget och utfall"]
#: The books-closed date in every page's header (the participants run to the meeting date beside it).
HEADER_DATES = "Ekonomi bokförd t.o.m. 31 oktober 2026"
POPPLER = ("pdfinfo", "pdftotext", "pdftoppm", "pdffonts")


def _need_tools() -> None:
    if find_chromium() is None:
        pytest.fail("chromium saknas (apt-get install chromium; .ci/run installerar den)")
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"poppler-utils saknas ({', '.join(missing)}); .ci/run installerar det")


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout


def _text(pdf: Path, page: int | None = None, *, layout: bool = False) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return " ".join(_run("pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), *pages, str(pdf),
                         "-").split())


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
def built(demo_build, demo_pack):
    """The session's demo pack, built with its PDF (tests/conftest.py: norrsken, ``MEETING``, ``PREVIOUS``): the
    build's result and the meeting's folder."""
    _need_tools()
    return demo_build[0], demo_pack


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
    assert "Förra mötet 24 september 2026" in cover
    assert "Röjandekontroll: antal under 5 visas inte" in cover  # the word explained in plain words
    assert "Byggt 23 november 2026 kl." in cover  # the pinned build clock (tests/conftest.py)


def _pages_of(pdf: Path) -> int:
    return int(next(line.split()[-1] for line in _run("pdfinfo", str(pdf)).splitlines() if line.startswith("Pages:")))


@pytest.mark.slow
def test_every_dashboard_heading_in_order_and_each_on_a_new_page(pdf: Path) -> None:
    starts = []
    for title in TITLES:
        for page in range(2, _pages_of(pdf) + 1):
            body = _text(pdf, page).split(HEADER_DATES, 1)[-1].strip()
            if body.startswith(title):
                starts.append(page)
                break
    assert len(starts) == len(TITLES) and starts == sorted(starts) and starts[0] == 3
    contents = _text(pdf, 2, layout=True)
    assert contents.split(HEADER_DATES, 1)[-1].strip().startswith("Innehåll")
    positions = [contents.index(f"{title} sida {start}") for title, start in zip(TITLES, starts, strict=True)]
    assert positions == sorted(positions), "the contents give each dashboard's first page, in order"


def _reader(pdf: Path):
    from pypdf import PdfReader

    return PdfReader(str(pdf))


def _outline(reader) -> list[tuple[int, str, int]]:
    """(level, title, page from 1) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def _structure(reader) -> list[dict]:
    """Every structure element of the tagged PDF (depth first, reading order)."""
    found: list[dict] = []

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def _sections(folder: Path, stem: str) -> list[str]:
    """The ``##`` headings of a dashboard's static page (what the PDF prints of it)."""
    import html as html_module
    import re

    markup = (folder / f"{stem}.html").read_text(encoding="utf-8")
    return [" ".join(html_module.unescape(re.sub(r"<[^>]+>", "", m)).replace("¶", "").split())
            for m in re.findall(r"<h2\b[^>]*>(.*?)</h2>", markup, re.S)]


@pytest.mark.slow
def test_the_pdf_is_tagged_in_swedish_with_title_and_embedded_fonts(pdf: Path) -> None:
    assert "Tagged:          yes" in _run("pdfinfo", str(pdf))
    reader = _reader(pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # viewers show the title, not the file name
    title = f"Mötesunderlag – {NAME} – styrelsemöte 23 november 2026"
    assert reader.metadata.title == title
    xmp = reader.xmp_metadata  # PDF/UA wants the title (and here the language) in XMP metadata too
    assert xmp is not None and xmp.dc_title == {"x-default": title} and xmp.dc_language == ["sv"]
    role_map = root["/StructTreeRoot"]["/RoleMap"]  # chromium's /Strong and /Em are not standard in PDF 1.7
    assert role_map["/Strong"] == "/Span" and role_map["/Em"] == "/Span"
    kinds = {str(e["/S"]) for e in _structure(reader)}
    assert {"/Document", "/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/L", "/LI", "/Link", "/Figure"} <= kinds
    fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "every font embedded"


@pytest.mark.slow
def test_every_chart_is_one_figure_with_its_alt_text(built, pdf: Path) -> None:
    import re

    folder = built[1]
    alts = []
    for stem in ("overview", "participants", "goals", "indicators", "budget"):
        alts += re.findall(r'<div aria-label="([^"]*)" class="fsd-plot" id="[^"]+" role="img">',
                           (folder / f"{stem}.html").read_text(encoding="utf-8"))
    figures = [e for e in _structure(_reader(pdf)) if e["/S"] == "/Figure"]
    assert len(alts) >= 20
    assert len(figures) == len(alts), "one /Figure per chart, none for the parts of its drawing"
    import html as html_module

    assert [str(f["/Alt"]) for f in figures] == [html_module.unescape(a) for a in alts]


@pytest.mark.slow
def test_bookmarks_for_every_dashboard_and_section(built, pdf: Path) -> None:
    folder = built[1]
    outline = _outline(_reader(pdf))
    top = [(title, page) for level, title, page in outline if level == 0]
    assert [t for t, _p in top] == [NAME, "Innehåll", *TITLES]
    assert [p for _t, p in top][:3] == [1, 2, 3]
    for stem, title in zip(("overview", "participants", "goals", "indicators", "budget"), TITLES, strict=True):
        index = next(i for i, (level, t, _p) in enumerate(outline) if level == 0 and t == title)
        following = []
        for level, t, _page in outline[index + 1:]:
            if level == 0:
                break
            if level == 1:
                following.append(t)
        assert following == _sections(folder, stem), title


@pytest.mark.slow
def test_the_contents_page_links_to_every_dashboard_and_section(pdf: Path) -> None:
    reader = _reader(pdf)
    links = [a.get_object() for a in reader.pages[1].get("/Annots") or []]
    links = [a for a in links if a.get("/Subtype") == "/Link"]
    sections = [(title, page) for level, title, page in _outline(reader) if level <= 1][2:]
    assert len(links) == len(sections) >= 25
    targets = {str(name).lstrip("/"): reader.get_destination_page_number(d) + 1
               for name, d in reader.named_destinations.items()}
    contents = _text(pdf, 2, layout=True)
    for link, (title, page) in zip(links, sections, strict=True):
        assert targets[str(link["/Dest"]).lstrip("/")] == page, title  # the link lands where the bookmark does
        assert str(link["/Contents"]).startswith("Gå till ") and str(link["/Contents"]).endswith(title)
        assert f"{title} sida {page}" in contents  # and the printed number says so


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

    from finsamdash.pack.export import write_plotly_asset
    from finsamdash.pack.pdf import write_pdf

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
    assert result.pages == 3 and result.path.is_file()  # cover, contents, the page
    assert "A-titel" in _text(result.path, 3)


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


def test_sections_without_data_are_marked_left_out_in_the_print_html(tmp_path: Path) -> None:
    """nbconvert's lab template: cells are ``jp-Cell`` siblings; a code cell holding only ``Page.leave_out``'s
    marker leaves its section out (with its heading), and a page with nothing but such sections is left out."""
    def cell(kind: str, inner: str) -> str:
        return f'<div class="jp-Cell jp-{kind}Cell jp-Notebook-cell" id="cell-id=x">{inner}</div>\n'

    marker = "<div class='fsd-empty' data-reason='underlaget saknar bladet Bidrag' hidden></div>"
    pages = {
        "budget": [cell("Markdown", '<h1 id="Budget">Budget<a class="anchor-link" href="#Budget">¶</a></h1>'),
                   cell("Code", "<p class='fsd-note'>Förbundet · styrelsemöte</p>"),
                   cell("Markdown", '<h2 id="Kostnader">Kostnader<a class="anchor-link" href="#K">¶</a></h2>'),
                   cell("Code", "<p>En tabell</p>"),
                   cell("Markdown", '<h2 id="Medlemsbidrag">Medlemsbidrag</h2>'), cell("Code", marker)],
        "indicators": [cell("Markdown", '<h1 id="K">Kärnindikatorer</h1>'), cell("Code", "<p>huvud</p>"),
                       cell("Markdown", '<h2 id="O">Översikt</h2>'),
                       cell("Code", marker.replace("Bidrag", "Enkätsvar")),
                       cell("Markdown", '<h2 id="J">Jämförelse</h2>'),
                       cell("Code", marker.replace("Bidrag", "Enkätsvar"))],
    }
    for stem, cells in pages.items():
        (tmp_path / f"{stem}.html").write_text(f"<html><head></head><body><main>{''.join(cells)}</main></body></html>",
                                               encoding="utf-8")
    info = PackInfo("Förbundet", "23 november 2026", "23 november 2026", "x",
                    [("budget", "Budget och utfall"), ("indicators", "Kärnindikatorer")])
    markup = print_html(tmp_path, info)
    contents = markup.split("<nav class='fsd-contents'>", 1)[1].split("</nav>", 1)[0]
    assert "<a href='#fsd-budget'>" in contents and "<a href='#fsd-budget-1'>" in contents
    assert "Medlemsbidrag – utelämnat: underlaget saknar bladet Bidrag" in contents
    assert "Kärnindikatorer – ingår inte: underlaget saknar bladet Enkätsvar" in contents
    assert "fsd-indicators" not in contents and "data-dashboard='indicators'" not in markup
    body = markup.split("data-dashboard='budget'>", 1)[1]
    assert '<h1 id="fsd-budget">Budget</h1>' in body and '<h2 id="fsd-budget-1">Kostnader</h2>' in body
    assert "¶" not in body
    assert body.count('class="fsd-left-out jp-Cell') == 2  # the empty section's heading and its cell


@pytest.mark.slow
def test_a_pack_without_survey_answers_or_contributions(tmp_path: Path) -> None:
    """One note per page for each lacking sheet; the PDF leaves the empty sections (and the whole Kärnindikatorer
    page) out and its contents say so."""
    _need_tools()
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid_small", data)
    for name in ("survey_responses", "contributions"):
        (data / f"{name}.csv").unlink()
    result = build_pack(data, meeting=MEETING, out=tmp_path / "out", association_ids=["sydnarke"], jobs=2)
    assert result.ok, [d.error for d in result.failures]
    folder = tmp_path / "out" / "sydnarke" / MEETING.isoformat()
    indicators = (folder / "indicators.html").read_text(encoding="utf-8")
    assert indicators.count("Underlaget har inga uppgifter på bladet Enkätsvar för Samordningsförbundet Sydnärke, "
                            "så kärnindikatorerna kan inte visas.") == 1
    assert indicators.count('<div class="fsd-empty"') == 5 and "survey_responses" not in indicators
    pdf = folder / PDF_NAME
    contents = _text(pdf, 2, layout=True)
    assert "Kärnindikatorer – ingår inte: underlaget saknar bladet Enkätsvar" in contents
    assert "Medlemsbidrag – utelämnat: underlaget saknar bladet Bidrag" in contents
    titles = [title for level, title, _page in _outline(_reader(pdf)) if level <= 1]
    assert "Kärnindikatorer" not in titles and "Medlemsbidrag" not in titles and "Budget och utfall" in titles
    text = _text(pdf)
    assert text.count("Underlaget har inga uppgifter på bladet Bidrag") == 1  # under the budget page's header


@pytest.mark.slow
def test_no_code_words_in_the_pdf_text(pdf: Path) -> None:
    """Swedish wherever a person reads: no table key, metric key or English goal-parameter name in the PDF."""
    from wording_helpers import code_words

    text = _run("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    assert len(text) > 5000
    assert code_words(text) == []
