"""The director's presentation (``presentation.html``, :mod:`finsamdash.pack.presentation`).

The presentation of the session's demo pack (one demo association, tests/conftest.py) is read as data (one slide
per section, key messages as titles, a cover and a closing slide with the goals' status) and run in Debian's chromium
with every request that is not a local file aborted: the slides are reached with the keys a presenter (or a
clicker) uses, a chart is drawn on every chart slide, and the speaker view shows the notes.
"""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from browser_helpers import watch

from finsamdash.pack.export import external_references
from finsamdash.pack.presentation import (
    MAX_TABLE_ROWS,
    PRESENTATION_NAME,
    REVEAL_VERSION,
    build_slides,
    parse_output_html,
)

ROOT = Path(__file__).resolve().parents[1]
ASSOCIATION = "norrsken"
MEETING = date(2026, 11, 23)
DRAWN = "(slide) => !!slide.querySelector('.fsd-slide-plot .main-svg')"


@pytest.fixture(scope="module")
def folder(demo_pack: Path) -> Path:
    return demo_pack


@pytest.fixture(scope="module")
def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _headings(folder: Path, stem: str) -> list[str]:
    markup = (folder / f"{stem}.html").read_text(encoding="utf-8")
    return [" ".join(re.sub(r"<[^>]+>", "", m).replace("¶", "").split())
            for m in re.findall(r"<h2\b[^>]*>(.*?)</h2>", markup, re.S)]


def test_parse_output_html() -> None:
    parsed = parse_output_html(
        "<style>p{}</style><p><strong>Resultatet blir ett överskott på 306 tkr.</strong></p>"
        "<p class='fsd-note'>En not.</p><ul><li>En mening.</li></ul>"
        "<table class='fsd-table'><caption>Tabell</caption><thead><tr><th>A</th><th class='num'>B</th></tr>"
        "</thead><tbody><tr><td>x</td><td class='num'>1 234</td></tr></tbody></table>"
        "<p><strong>Indikator 1.</strong> Deltagaren upplever …</p>")
    assert parsed.lead == ["Resultatet blir ett överskott på 306 tkr"]  # a paragraph in bold only
    assert parsed.notes == ["En not."] and parsed.items == ["En mening."]
    (table,) = parsed.tables
    assert (table.caption, table.header, table.rows, table.numeric) == ("Tabell", ["A", "B"], [["x", "1 234"]],
                                                                        [False, True])


@pytest.mark.slow
def test_one_slide_per_section_with_cover_and_closing(folder: Path, manifest: dict) -> None:
    slides = build_slides(folder, manifest)
    sections = [(d["title"], h) for d in manifest["dashboards"] for h in _headings(folder, d["dashboard"])]
    assert [s.kicker for s in slides[1:-1]] == [f"{d} · {h}" for d, h in sections]
    cover, closing = slides[0], slides[-1]
    assert (cover.kind, cover.title, cover.kicker) == ("cover", "Styrelsemöte 23 november 2026",
                                                      "Samordningsförbundet Norrsken")
    # the participants run to the meeting, the economy to the demo ledger's last month end: both are named
    assert ("Deltagaruppgifter till och med", "23 november 2026") in cover.lines
    assert ("Ekonomi bokförd till och med", "31 oktober 2026") in cover.lines
    assert ("Förra mötet", "24 september 2026") in cover.lines
    assert closing.kind == "closing" and closing.title == "9 av 12 mål är uppnådda hittills i år"
    assert [c["value"] for c in closing.cards] == ["9", "2", "1"]
    assert all(not g["status"].startswith("✔") for g in closing.goals) and len(closing.goals) == 3
    charts = [s for s in slides if s.kind == "chart"]
    assert len(charts) >= 15
    for slide in charts:
        layout = slide.figure["layout"]
        assert layout["title"]["text"] == "" and slide.title  # the chart's finding is the slide's title
        assert layout["font"]["size"] >= 18 and slide.alt and slide.alt in slide.notes
    tables = [s for s in slides if s.table is not None]
    assert tables and all(len(s.table.rows) <= MAX_TABLE_ROWS for s in tables)
    assert all(s.notes for s in slides)  # every slide has speaker notes


@pytest.mark.slow
def test_linked_from_the_front_page_and_offline(folder: Path, manifest: dict) -> None:
    front = (folder / "index.html").read_text(encoding="utf-8")
    assert f"href='{PRESENTATION_NAME}'" in front and f"href='{PRESENTATION_NAME}?talarmanus'" in front
    assert manifest["presentation"] == {"file": PRESENTATION_NAME, "status": "ok", "error": None}
    markup = (folder / PRESENTATION_NAME).read_text(encoding="utf-8")
    assert external_references(markup) == []
    assert re.findall(r'<script src="([^"]+)"', markup) == ["assets/plotly.min.js", "assets/reveal/reveal.js",
                                                           "assets/reveal/plugin/notes.js"]
    for name in ("reveal.js", "reveal.css", "plugin/notes.js", "LICENSE"):
        assert (folder / "assets" / "reveal" / name).is_file()
    vendored = (folder / "assets" / "reveal" / "reveal.js").read_text(encoding="utf-8")
    assert f"`{REVEAL_VERSION}`" in vendored  # the version the module and the vendoring README name
    assert '<html lang="sv">' in markup


def test_reveal_ships_as_package_data() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["finsamdash"]
    package = ROOT / "finsamdash"
    shipped = [p for p in (package / "pack" / "assets").rglob("*") if p.is_file()]
    assert len(shipped) >= 4
    for path in shipped:
        assert any(fnmatch.fnmatch(path.relative_to(package).as_posix(), pattern) for pattern in patterns), path


def _current(page) -> dict:
    return page.evaluate("() => ({index: Reveal.getIndices().h, kind: Reveal.getCurrentSlide().dataset.fsdKind, "
                         "title: Reveal.getCurrentSlide().querySelector('h1,h2').textContent})")


@pytest.mark.slow
def test_keyboard_reaches_every_slide_and_every_chart_is_drawn(folder: Path, manifest: dict, chromium_browser) -> None:
    slides = build_slides(folder, manifest)
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        errors, blocked = watch(page, "file://")
        page.goto((folder / PRESENTATION_NAME).as_uri(), wait_until="load")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert page.evaluate("Reveal.getTotalSlides()") == len(slides)
        assert _current(page) == {"index": 0, "kind": "cover", "title": slides[0].title}
        # a clicker sends PageDown/PageUp; arrows and Home/End on the keyboard
        for index, slide in enumerate(slides[1:], start=1):
            page.keyboard.press("PageDown" if index % 2 else "ArrowRight")
            page.wait_for_function(f"() => Reveal.getIndices().h === {index}")
            assert _current(page)["title"] == slide.title
            if slide.kind == "chart":
                handle = page.evaluate_handle("Reveal.getCurrentSlide()")
                page.wait_for_function(DRAWN, arg=handle, timeout=30_000)
        page.keyboard.press("PageUp")
        page.wait_for_function(f"() => Reveal.getIndices().h === {len(slides) - 2}")
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(f"() => Reveal.getIndices().h === {len(slides) - 3}")
        page.keyboard.press("Home")
        page.wait_for_function("() => Reveal.getIndices().h === 0")
        page.keyboard.press("End")
        page.wait_for_function(f"() => Reveal.getIndices().h === {len(slides) - 1}")
        assert _current(page)["kind"] == "closing"
        drawn = page.evaluate("document.querySelectorAll('.fsd-slide-plot .main-svg').length")
        assert drawn >= sum(s.kind == "chart" for s in slides)
        assert errors == [] and blocked == []
    finally:
        context.close()


@pytest.mark.slow
def test_speaker_view_and_notes_view_show_the_generated_sentences(folder: Path, manifest: dict,
                                                                  chromium_browser) -> None:
    slides = build_slides(folder, manifest)
    chart = next(i for i, s in enumerate(slides) if s.kind == "chart")
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        errors, blocked = watch(page, "file://")
        page.goto(f"{(folder / PRESENTATION_NAME).as_uri()}#/{chart}", wait_until="load")
        page.wait_for_function(f"() => window.Reveal && Reveal.isReady() && Reveal.getIndices().h === {chart}")
        with context.expect_page(timeout=30_000) as opened:
            page.keyboard.press("s")  # reveal.js's speaker view: this slide, the next one, the notes, a clock
        speaker = opened.value
        speaker.wait_for_function(
            "(text) => (document.querySelector('.speaker-controls-notes') || {}).innerText?.includes(text)",
            arg=slides[chart].notes[0][:60], timeout=30_000)
        speaker.close()
        notes = context.new_page()
        watch(notes, "file://")
        notes.goto(f"{(folder / PRESENTATION_NAME).as_uri()}?talarmanus#/{chart}", wait_until="load")
        notes.wait_for_function("() => window.Reveal && Reveal.isReady()")
        shown = notes.locator(".speaker-notes").inner_text(timeout=30_000)
        assert shown.count(slides[chart].notes[0]) == 1
        assert errors == [] and blocked == []
    finally:
        context.close()
