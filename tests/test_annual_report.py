"""The annual report's statistics chapter (``finsamdash annual-report``): the Word document read back with
python-docx, on the demo data and on data shaped like Samspelet's verksamhetsberättelse 2013; disclosure control
over every count the document publishes; bad input; a LibreOffice conversion to PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
from annual_helpers import samspelet_folder
from wording_helpers import code_words

from finsamdash.annual.counts import ASSOCIATION
from finsamdash.annual.docx import write_docx
from finsamdash.annual.report import Table, annual_report
from finsamdash.cli import main
from finsamdash.data.validate import load
from finsamdash.metrics.participant_counts import participant_counts
from finsamdash.privacy.views import SelectionView
from finsamdash.wording.privacy import HIDDEN_MARK

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
SMALL_DATA = ROOT / "tests" / "fixtures" / "valid_small"
CHAPTERS = ["Deltagare", "Mål och måluppfyllelse", "Kärnindikatorer", "Ekonomi", "Om siffrorna"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo association Norrsken's report for 2025 (a closed year at the pinned clock) and its Word file."""
    dataset = load(DEMO)
    report = annual_report(dataset, "norrsken", 2025)
    path = write_docx(report, tmp_path_factory.mktemp("annual") / "norrsken-2025.docx")
    return dataset, report, path


@pytest.fixture(scope="module")
def samspelet(tmp_path_factory):
    folder = samspelet_folder(tmp_path_factory.mktemp("samspelet") / "data")
    dataset = load(folder)
    report = annual_report(dataset, "samspelet", 2013)
    path = write_docx(report, folder.parent / "samspelet-2013.docx")
    return dataset, report, path


def _document(path: Path):
    return docx.Document(str(path))


def _texts(path: Path) -> list[str]:
    """The paragraphs' text, non-breaking spaces (Swedish number formats: "29 %", "5 170 tkr") as spaces."""
    return [p.text.replace("\xa0", " ") for p in _document(path).paragraphs]


def _table(path: Path, caption: str) -> list[list[str]]:
    """The rows of the table whose caption (the paragraph before it) contains ``caption``."""
    doc = _document(path)
    body = doc.element.body
    last_caption = None
    tables = iter(doc.tables)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            if text:
                last_caption = text
        elif tag == "tbl":
            table = next(tables)
            if last_caption and caption in last_caption:
                return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table with caption {caption!r}")


def _rows_by_name(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in rows[1:]}


# --- structure ----------------------------------------------------------------------------------------------------


def test_headings_are_words_own_styles(demo) -> None:
    _dataset, report, path = demo
    doc = _document(path)
    level1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    level2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert level1 == CHAPTERS
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.paragraphs[0].text == "Verksamhetsberättelse 2025 – statistik"
    assert level2 == report.headings(2)
    assert set(_intervention_names(report).values()) <= set(level2)
    assert {"Lotsen", "IPS – stöd till arbete", "Status efter avslut", "Medlemsbidrag", "Budget och utfall",
            "Eget kapital"} <= set(level2)
    # the headings carry Word's outline levels (table of contents, navigation pane)
    styles = doc.styles.element.xml
    assert 'w:styleId="Heading1"' in styles and "w:outlineLvl" in styles
    assert doc.core_properties.language == "sv-SE"
    assert "sv-SE" in styles  # spelling and hyphenation in Swedish


def test_captions_are_numbered_by_word_fields(demo) -> None:
    _dataset, report, path = demo
    captions = [p for p in _document(path).paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions if p.text.startswith("Tabell")] == [t.label for t in report.tables()]
    assert [p.text for p in captions if p.text.startswith("Diagram")] == [c.label for c in report.charts()]
    assert all("SEQ" in p._p.xml for p in captions)


def test_overview_table_has_one_row_per_intervention_with_the_pages_figures(demo) -> None:
    dataset, report, path = demo
    rows = _table(path, "Deltagare per insats 2025")
    assert rows[0] == ["Insats", "Inskrivna 2025", "varav anonyma", "Startat", "Avslutat", "Kvar efter 2025",
                       "Arbete eller studier", "Andel arbete eller studier"]
    # the figures and the hidden marks are those of the Deltagarflöden page of the year's pack (the joint audit)
    d = report.counts.disclosure
    layout = d.layouts[2025]
    assert [r[0] for r in rows[1:]] == [layout.selections[s].label for s in layout.interventions] + ["Totalt"]
    by_name = _rows_by_name(rows)
    for selection in [*layout.interventions, ASSOCIATION]:
        view = SelectionView(d, 2025, selection)
        row = by_name["Totalt" if selection == ASSOCIATION else view.selection.label]
        for text, name in zip(row, ["episodes", "anonymous", "started", "ended", "active_end", "wos"], strict=False):
            figure = view.total(name)
            assert text == (HIDDEN_MARK if figure.value is None else str(figure.value)), (selection, name)
    # the shown figures are the metrics' own counts
    people = dataset.rows("participants", "norrsken")
    total = participant_counts(people, 2025)
    assert by_name["Totalt"][0] == str(total["episodes"]) and by_name["Totalt"][1] == str(total["anonymous"])
    lotsen = participant_counts(people, 2025, intervention_id="lotsen")
    assert by_name["Lotsen"][0] == str(lotsen["episodes"])
    assert by_name["Totalt"][2] == str(total["started"])  # the counting rule: identified episodes only


def test_images_have_alt_text(demo) -> None:
    _dataset, report, path = demo
    doc = _document(path)
    shapes = doc.inline_shapes
    assert len(shapes) == len(report.charts()) >= 5
    for shape, chart in zip(shapes, report.charts(), strict=True):
        doc_pr = shape._inline.docPr
        assert doc_pr.get("descr") == chart.alt and len(chart.alt) > 40
        assert doc_pr.get("title") == chart.label
        assert shape.width > 5_000_000  # about 16 cm
    with zipfile.ZipFile(path) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(images) == len(report.charts())
        assert all(package.read(n)[:8] == b"\x89PNG\r\n\x1a\n" and len(package.read(n)) > 20_000 for n in images)


def test_economy_is_the_closed_years_actuals(demo) -> None:
    _dataset, report, path = demo
    fc = report.forecast
    assert fc.closed
    texts = _texts(path)
    assert any(t.startswith("Årets resultat blev ett överskott på 109 tkr (budget: ett överskott på 125 tkr)")
               for t in texts)
    rows = _rows_by_name(_table(path, "Budget och utfall 2025 per slag"))
    assert rows["Årets resultat"] == ["125", "109", "−16"]
    assert rows["Summa kostnader"][1] == "5\xa0170"
    insats = _rows_by_name(_table(path, "Budget och utfall per insats 2025"))
    assert insats["Lotsen"] == ["1\xa0138", "1\xa0138", "0", "100\xa0%"]
    members = _rows_by_name(_table(path, "Medlemmarnas bidrag 2025"))
    assert members["Totalt"][1:] == ["5\xa0201", "100,0\xa0%"]


# --- the Samspelet-shaped data ------------------------------------------------------------------------------------


def test_samspelet_totals_in_the_reports_words(samspelet) -> None:
    _dataset, _report, path = samspelet
    texts = _texts(path)
    assert "Under 2013 finansierade förbundet 8 insatser med totalt 374 deltagare." in texts
    assert any(t.startswith("Av de totala 374 deltagarna är 39 anonymt registrerade") for t in texts)
    # the report wrote 374 − 39 as 355
    assert any(t.startswith("Av de resterande 335 deltagarna har ") and t.endswith(" och 171 har avslutats.")
               for t in texts)


def test_samspelet_started_counts_identified_episodes_only(samspelet) -> None:
    _dataset, _report, path = samspelet
    assert "Av de resterande 335 deltagarna har 184 startat under året och 171 har avslutats." in _texts(path)


def test_samspelet_overview_and_intervention_tables(samspelet) -> None:
    _dataset, _report, path = samspelet
    rows = _rows_by_name(_table(path, "Deltagare per insats 2013"))
    expected = {"Stegen Karlstad": ("120", "20"), "Stegen Grums": ("40", "6"), "Stegen Kristinehamn": ("38", "8"),
                "Stegen Hammarö": ("31", "5"), "NPS Neuropsykiatrisk samverkan": ("39", "0"), "Porten": ("32", "0"),
                "Samverkstan": ("25", "0"), "Horisont": ("49", "0"), "Totalt": ("374", "39")}
    assert list(rows) == list(expected)
    assert {name: tuple(row[:2]) for name, row in rows.items()} == expected
    assert rows["Totalt"][3] == "171"
    assert rows["Horisont"][3:] == ["49", "0", "14", "29\xa0%"]
    horisont = _table(path, "Antal deltagare inskrivna i Horisont 2013")
    assert horisont == [["", "Antal"], ["Antal inskrivna 2013", "49"], ["varav anonyma", "0"],
                        ["Antal kvar i verksamhet efter 2013", "0"], ["Antal avslutade 2013", "49"],
                        ["Avslut arbete + studier", "14"], ["Avslut aktuell på Arbetsförmedlingen", "19"],
                        # 15 further rehabilitation, 1 other reason: the 1 is small, so the 15 is hidden too
                        ["Avslut behov av fortsatt rehabilitering", HIDDEN_MARK],
                        ["Avslut annan orsak", HIDDEN_MARK]]
    texts = _texts(path)
    assert ("Av de 49 som avslutade Horisont under 2013 gick 14 (29 %) till arbete eller studier och 19 (39 %) var "
            "aktuella på Arbetsförmedlingen.") in texts


def test_samspelet_goal_sentences(samspelet) -> None:
    _dataset, _report, path = samspelet
    texts = _texts(path)
    # the plan's own words, then the report's sentence, then the status
    i = texts.index("Mål: 40 % ska gå vidare till arbete eller utbildning")
    assert texts[i + 1] == ("Målet för Horisont att minst 40 % av de avslutade deltagarna ska gå vidare till arbete "
                            "eller studier uppnåddes inte: 14 av 49 (29 %).")
    assert texts[i + 2] == "Bedömning: ✘ Ej uppnått."
    # Porten: 8 of 12 to subsidised employment leaves 4 who did not get one – a small group, so neither the figures
    # nor (as it would narrow them) the status are shown, in the meeting pack's words
    j = texts.index("Mål: 70 % av deltagarna ska erhålla en subventionerad anställning")
    assert "varken utfall eller bedömning visas" in texts[j + 1]
    assert texts[j + 2] == "Bedömning dold."
    # a qualitative goal: the director's assessment and comment
    k = texts.index("Mål: Lokala referensgrupper ska finnas för lokal gemensam styrning av verksamheten i kommunerna")
    assert texts[k + 1].endswith("bedömdes som uppnått. Lokala referensgrupper har inrättats och fanns vid årets "
                                 "slut kopplade till varje insats.")
    goals = _table(path, "Mål och måluppfyllelse 2013")
    assert goals[0] == ["Gäller", "Mål enligt verksamhetsplanen", "Målvärde", "Utfall", "Bedömning"]
    assert len(goals) == 1 + 8
    assert ["Horisont", "40 % ska gå vidare till arbete eller utbildning", "minst 40\xa0%", "29\xa0%",
            "✘ Ej uppnått"] in goals


def test_samspelet_core_indicators_against_the_year_before(samspelet) -> None:
    _dataset, report, path = samspelet
    rows = _table(path, "Kärnindikatorer 2013 jämfört med 2012")
    assert rows[0] == ["Mätpunkt", "Svarsgrupp", "Andel positiva 2013", "Antal svar 2013", "Andel positiva 2012",
                       "Förändring"]
    by_item = {(r[0].split()[0], r[1]): r[2:] for r in rows[1:]}
    now, before = report.counts.survey("1a", "participant_ongoing", 2013), report.counts.survey(
        "1a", "participant_ongoing", 2012)
    assert by_item[("1a", "deltagare (pågående)")][1] == str(now.n)
    points = round(100 * now.positive_share) - round(100 * before.positive_share)
    assert by_item[("1a", "deltagare (pågående)")][3] == f"{'+' if points > 0 else '−'}{abs(points)}"
    assert by_item[("15a", "chefsgrupp")] == [HIDDEN_MARK, HIDDEN_MARK, "–", "–"]  # 4 answers


# --- disclosure ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["demo", "samspelet"])
def test_publishes_only_what_the_joint_audit_shows(which, request) -> None:
    """Every count the document reads is the joint audit's shown value of its cell (hidden when the audit hides
    it or the pack does not publish it); a derived sum is shown only when it is not small."""
    _dataset, report, path = request.getfixturevalue(which)
    d, m = report.counts.disclosure, report.min_count
    published = report.counts.published
    assert len(published) > 100
    for key, (cell, shown) in published.items():
        if cell is not None and key[0] == "g":  # a goal's figures may be left out even where its counts are shown
            assert shown.value in (None, d.value(cell)), key
        elif cell is not None:
            assert shown.value == d.value(cell), key
        else:
            assert shown.value is None or shown.value == 0 or shown.value >= m, key
    assert any(shown.hidden for _cell, shown in published.values())
    assert {cell for cell, _shown in published.values() if cell is not None} & set(d.hidden)
    # and in the file: every whole number in a participant table is one the audit shows
    shown_values = set(d.shown.values())
    counts_tables = [t for t in report.tables() if not t.caption.startswith(("Mål", "Medlemmarnas", "Budget"))]
    for table in counts_tables:
        for row in _table(path, table.caption)[1:]:
            for text in row[1:]:
                if re.fullmatch(r"\d+", text):
                    assert int(text) in shown_values or int(text) == 0 or int(text) >= m, (table.caption, row)
    assert len(_document(path).tables) == len(report.tables())


@pytest.mark.parametrize("which", ["demo", "samspelet"])
def test_hidden_figures_are_visibly_hidden(which, request) -> None:
    _dataset, report, path = request.getfixturevalue(which)
    counts = report.counts
    overview = _rows_by_name(_table(path, "Deltagare per insats"))
    columns = ["episodes", "anonymous", "started", "ended", "active", "wos"]
    selections = {counts.name(s): s for s in counts.interventions} | {"Totalt": ASSOCIATION}
    for name, row in overview.items():
        for column, text in zip(columns, row, strict=False):
            _cell, shown = counts.published[("p", selections[name], column)]
            assert text == (HIDDEN_MARK if shown.hidden else str(shown.value)), (name, column)
    marked = [t for t in report.tables() if any(c == HIDDEN_MARK for r in t.rows for c in r)]
    assert marked and all(any(n.startswith(f"{HIDDEN_MARK} = visas inte") for n in t.notes) for t in marked)
    assert not any(c in ("×", "<5") for t in report.tables() for r in t.rows for c in r)  # one mark only


def _intervention_names(report) -> dict[str, str]:
    """Intervention id -> name, as the document's per-intervention tables name them."""
    captions = [t.caption for t in report.tables() if t.caption.startswith("Antal deltagare inskrivna i ")]
    names = [c.removeprefix("Antal deltagare inskrivna i ").rsplit(" ", 1)[0] for c in captions]
    return dict(zip(report.counts.interventions, names, strict=True))  # selection key -> name


@pytest.mark.parametrize("which", ["demo", "samspelet"])
def test_no_participant_id_in_the_file(which, request) -> None:
    dataset, report, path = request.getfixturevalue(which)
    ids = {str(i) for i in dataset.rows("participants", report.association_id)["participant_id"].dropna()}
    assert ids
    with zipfile.ZipFile(path) as package:
        text = "".join(package.read(n).decode("utf-8", "ignore") for n in package.namelist()
                       if n.endswith((".xml", ".rels")))
    words = set(re.findall(r"[\w-]+", text))
    assert ids & words == set()
    assert not re.search(r"\b(19|20)\d{6}[-+]?\d{4}\b", text)  # nothing like a personnummer


# --- the command and bad input ------------------------------------------------------------------------------------


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    status = main(args)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_command_writes_the_document(tmp_path, capsys) -> None:
    out = tmp_path / "rapport" / "vb.docx"
    status, printed, _err = _run(["annual-report", str(SMALL_DATA), "--association", "sydnarke", "--year", "2025",
                                  "--out", str(out), "--no-charts"], capsys)
    assert status == 0
    assert f"skriven: {out}" in printed
    doc = _document(out)
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == CHAPTERS
    assert oct(out.stat().st_mode & 0o777) != "0o600"  # not the temporary file's private mode
    assert [p.name for p in out.parent.iterdir()] == ["vb.docx"]  # no temporary file left
    # a small association: nearly everything is hidden, visibly
    overview = _rows_by_name(_table(out, "Deltagare per insats 2025"))
    assert overview and all(re.fullmatch(rf"{HIDDEN_MARK}|–|\d+( %)?|\d+\xa0%", c) for r in overview.values()
                            for c in r)
    assert any(c == HIDDEN_MARK for r in overview.values() for c in r)


def test_default_file_name(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _out, _err = _run(["annual-report", str(SMALL_DATA), "--association", "sydnarke", "--year", "2025",
                               "--no-charts"], capsys)
    assert status == 0 and (tmp_path / "verksamhetsberattelse-sydnarke-2025.docx").is_file()


@pytest.mark.parametrize(("year", "message"), [
    (2019, "Underlaget har inga uppgifter för Samordningsförbundet Sydnärke år 2019"),
    (2026, "Året 2026 är inte slut"),
])
def test_a_year_without_data_or_not_ended(tmp_path, capsys, year, message) -> None:
    out = tmp_path / "vb.docx"
    status, _out, err = _run(["annual-report", str(SMALL_DATA), "--association", "sydnarke", "--year", str(year),
                              "--out", str(out)], capsys)
    assert status == 2
    assert message in err
    assert not out.exists()


def test_unknown_association(tmp_path, capsys) -> None:
    status, _out, err = _run(["annual-report", str(SMALL_DATA), "--association", "okänt", "--year", "2025",
                              "--out", str(tmp_path / "vb.docx")], capsys)
    assert status == 2 and "okänt" in err and not (tmp_path / "vb.docx").exists()


def test_invalid_data_gets_the_validation_messages_and_no_file(tmp_path, capsys) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL_DATA, data)
    people = pd.read_csv(data / "participants.csv", dtype=str)
    people.loc[2, "gender"] = "kanske"
    people.to_csv(data / "participants.csv", index=False)
    out = tmp_path / "vb.docx"
    out.write_bytes(b"the good old report")
    status, _out, err = _run(["annual-report", str(data), "--association", "sydnarke", "--year", "2025", "--out",
                              str(out)], capsys)
    assert status == 2
    assert "participants.csv, rad 4, kolumn ”gender”" in err and "kanske" in err
    assert out.read_bytes() == b"the good old report"


def test_an_existing_file_is_never_half_overwritten(tmp_path, monkeypatch, demo) -> None:
    _dataset, report, _path = demo
    out = tmp_path / "vb.docx"
    out.write_bytes(b"the good old report")

    def broken_save(self, target) -> None:
        Path(target).write_bytes(b"half a docu")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    with pytest.raises(OSError):
        write_docx(report, out, charts=False)
    assert out.read_bytes() == b"the good old report"
    assert [p.name for p in tmp_path.iterdir()] == ["vb.docx"]


def test_the_output_must_be_a_docx(tmp_path, capsys) -> None:
    status, _out, err = _run(["annual-report", str(SMALL_DATA), "--association", "sydnarke", "--year", "2025",
                              "--out", str(tmp_path / "vb.pdf"), "--no-charts"], capsys)
    assert status == 2 and ".docx" in err


# --- the association's own template ---------------------------------------------------------------------------------


def _template(path: Path, *, dotx: bool = False) -> Path:
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "Samordningsförbundet Sydnärke – logotyp"
    doc.styles["Normal"].font.name = "Garamond"
    doc.save(str(path))
    if dotx:
        with zipfile.ZipFile(path) as package:
            items = [(i, package.read(i.filename)) for i in package.infolist()]
        with zipfile.ZipFile(path, "w") as package:
            for item, content in items:
                if item.filename == "[Content_Types].xml":
                    content = content.replace(b"document.main+xml", b"template.main+xml")
                package.writestr(item, content)
    return path


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_the_associations_template_is_used(tmp_path, capsys, suffix) -> None:
    template = _template(tmp_path / f"mall{suffix}", dotx=suffix == ".dotx")
    out = tmp_path / "vb.docx"
    status, _out, err = _run(["annual-report", str(SMALL_DATA), "--association", "sydnarke", "--year", "2025",
                              "--out", str(out), "--template", str(template), "--no-charts"], capsys)
    assert status == 0, err
    doc = _document(out)
    assert doc.sections[0].header.paragraphs[0].text == "Samordningsförbundet Sydnärke – logotyp"
    assert doc.styles["Normal"].font.name == "Garamond"
    assert doc.paragraphs[0].text == "Verksamhetsberättelse 2025 – statistik"  # the empty template body is gone
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == CHAPTERS


def test_a_template_that_is_not_a_word_file(tmp_path, capsys) -> None:
    template = tmp_path / "mall.docx"
    template.write_text("not a word file")
    out = tmp_path / "vb.docx"
    status, _out, err = _run(["annual-report", str(SMALL_DATA), "--association", "sydnarke", "--year", "2025",
                              "--out", str(out), "--template", str(template), "--no-charts"], capsys)
    assert status == 2 and "kan inte öppnas som ett Word-dokument" in err and not out.exists()


# --- another word processor ------------------------------------------------------------------------------------


def _soffice() -> str | None:
    """LibreOffice's command, installed from Debian's packages when missing and possible (root, apt-get)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "libreoffice-writer-nogui",
                        "fonts-crosextra-carlito"], capture_output=True, timeout=600, check=False)
        found = shutil.which("soffice") or shutil.which("libreoffice")
    return found


def test_libreoffice_converts_it_to_pdf(demo, tmp_path) -> None:
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice could not be installed (apt-get install libreoffice-writer-nogui)")
    _dataset, report, path = demo
    profile = tmp_path / "profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(path)], capture_output=True, text=True, timeout=300, check=False)
    pdf = tmp_path / "norrsken-2025.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    assert "Error" not in result.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 5
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for heading in CHAPTERS:
        assert heading in text
    assert "Tabell 1. Deltagare per insats 2025" in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) - 2 >= len(report.charts())


@pytest.mark.parametrize("which", ["demo", "samspelet"])
def test_swedish_for_people(which, request) -> None:
    """No table key, metric key or English goal-parameter name anywhere a reader looks: text, tables, alt texts,
    chart titles and labels."""
    _dataset, report, path = request.getfixturevalue(which)
    doc = _document(path)
    text = [p.text for p in doc.paragraphs]
    text += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    text += [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]
    text += [chart.figure.to_json() for chart in report.charts()]
    assert code_words("\n".join(text)) == []


def test_tables_are_tables(demo) -> None:
    _dataset, report, _path = demo
    assert all(isinstance(t, Table) and len(set(map(len, t.rows))) == 1 and len(t.rows[0]) == len(t.header)
               for t in report.tables())
