"""No clipped titles or labels, no line through a label, no legend over an axis: every chart of a demo pack measured
in Debian's chromium (:data:`layout_helpers.MEASURE`) as the static pages draw them on a laptop (1366×768), a
tablet (768×1024) and as the PDF prints them (A4 column width, print media), and on every slide of the presentation
(16:9). Every legend must lie above its plot. The live pages draw the same figures; test_live_ux measures them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from layout_helpers import MEASURE

from finsamdash.pack.export import plot_markup, write_plotly_asset
from finsamdash.pack.pdf import CONTENT_WIDTH_PX

PAGES = ("overview", "participants", "goals", "indicators", "budget")
ALL_DRAWN = ("() => Array.from(document.querySelectorAll('.fsd-plot')).every(p => p.querySelector('.main-svg'))")
#: What on a slide may not reach past the slide's edge.
SLIDE_OVERFLOW = """() => {
  const slide = Reveal.getCurrentSlide(), box = slide.getBoundingClientRect(), out = [];
  slide.querySelectorAll('h1,h2,p,li,table,.fsd-card,.fsd-slide-plot').forEach(e => {
    const r = e.getBoundingClientRect();
    if (r.height && (r.bottom > box.bottom + 1 || r.right > box.right + 1)) out.push(e.textContent.trim().slice(0, 60));
  });
  return out;
}"""
#: The sizes a chart is read at: a laptop, a tablet (upright) and the PDF (the A4 column, print media).
SIZES = (("laptop 1366×768", 1366, 768, "screen"), ("tablet 768×1024", 768, 1024, "screen"),
         ("PDF", CONTENT_WIDTH_PX, 900, "print"))


def _problems(browser, url: str, *, width: int, height: int = 900, media: str = "screen") -> list[str]:
    context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
    try:
        page = context.new_page()
        return _measure(page, url, media=media)
    finally:
        context.close()


def _measure(page, url: str, *, media: str = "screen") -> list[str]:
    """What reads wrong in every chart of ``url``, loaded anew in ``page`` (its charts drawn at the viewport's
    width, as a reader opening it or the PDF printing it sees them)."""
    page.emulate_media(media=media)
    page.goto(url, wait_until="load")
    page.wait_for_function(ALL_DRAWN, timeout=60_000)
    page.wait_for_timeout(300)  # responsive charts settle at the viewport's width
    return page.evaluate(MEASURE)


@pytest.mark.slow
def test_every_chart_of_the_static_pages_reads_cleanly(demo_pack: Path, chromium_browser) -> None:
    """Every page opened at every size in one browser page (resizing a drawn page instead saves no time and
    measures charts still being laid out anew)."""
    context = chromium_browser.new_context(offline=True)
    problems = []
    try:
        page = context.new_page()
        for name, width, height, media in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            for stem in PAGES:
                problems += [f"{stem}, {name}: {p}"
                             for p in _measure(page, (demo_pack / f"{stem}.html").as_uri(), media=media)]
    finally:
        context.close()
    assert problems == []


@pytest.mark.slow
def test_every_slide_reads_cleanly(demo_pack: Path, chromium_browser) -> None:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
    problems = []
    try:
        page = context.new_page()
        page.goto((demo_pack / "presentation.html").as_uri(), wait_until="load")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        for index in range(page.evaluate("Reveal.getTotalSlides()")):
            page.evaluate(f"Reveal.slide({index})")
            if page.evaluate("Reveal.getCurrentSlide().dataset.fsdKind") == "chart":
                page.wait_for_function("() => Reveal.getCurrentSlide().querySelector('.main-svg')", timeout=30_000)
                page.wait_for_timeout(200)
            problems += [f"slide {index + 1}: {p}" for p in page.evaluate(MEASURE, "slide")]
            problems += [f"slide {index + 1}: past the slide's edge: {p}" for p in page.evaluate(SLIDE_OVERFLOW)]
    finally:
        context.close()
    assert problems == []


@pytest.mark.slow
def test_the_measurement_finds_what_reads_wrong(tmp_path: Path, chromium_browser) -> None:
    """A chart made to be wrong: a long title on one line, a reference line through a bar label, a legend laid
    over the x axis (below the plot). The measurement must name all four (so the tests above can fail)."""
    import plotly.graph_objects as go

    write_plotly_asset(tmp_path)
    fig = go.Figure(go.Bar(x=[88, 40], y=["Lotsen", "Porten"], orientation="h", texttemplate="%{x} %",
                           textposition="inside", insidetextanchor="end", name="Förbrukat"))
    fig.add_trace(go.Scatter(x=[10, 20], y=["Lotsen", "Porten"], name="Budget"))
    fig.add_vline(x=87)
    fig.update_layout(title={"text": "En mycket lång rubrik som aldrig bryts och därför inte får plats i diagrammet "
                                     "när det ritas i en smal spalt"},
                      legend={"orientation": "h", "xref": "paper", "yref": "paper", "x": 0, "y": 0.02,
                              "yanchor": "top"}, height=320)
    figure = json.loads(fig.to_json())
    (tmp_path / "wrong.html").write_text(
        '<html><head><meta charset="utf-8"><script src="assets/plotly.min.js"></script></head>'
        '<body style="width:600px">'
        + plot_markup(figure, "fsd-plot-1", "prov") + "</body></html>", encoding="utf-8")
    problems = _problems(chromium_browser, (tmp_path / "wrong.html").as_uri(), width=640)
    assert any("is cut off" in p and p.split(": ", 1)[1].startswith("title") for p in problems), problems
    assert any("a line runs through the bar text" in p for p in problems), problems
    assert any("the legend lies over the x tick" in p for p in problems), problems
    assert any("the legend is not above the plot area" in p for p in problems), problems
