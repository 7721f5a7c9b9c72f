"""The director's presentation: ``presentation.html`` in every meeting folder, for the projector at the meeting.

One 16:9 slide per dashboard section, made from what the pack's executed notebooks show (so it shows exactly the
suppressed figures of the pages, nothing recomputed):

* a **cover** (association, meeting date, the data's dates, the previous meeting, what was left out for lack of
  data, and "röjandekontroll" in plain words);
* per section one slide: the **key message as the slide's title** (the chart's title, which states the finding, or
  the section's bold lead sentence), then **its chart** redrawn large for 16:9 – or, in a section without a chart,
  its sentences, its key-figure cards or **one short table** (at most :data:`MAX_TABLE_ROWS` rows; the slide says
  how many more the page has). Sections left out of the pages for lack of data are left out here too;
* a **closing slide with the goals' status** (how many are met, partly met, not met, and each goal in the plan's
  own words with its status);
* **speaker notes** on every slide with the generated sentences (the chart's alt text, the notes under it, the
  other charts of the section): key S opens reveal.js's speaker view, ``presentation.html?talarmanus`` shows the
  notes under each slide.

The slide engine is reveal.js (:data:`REVEAL_VERSION`, from the npm registry, vendored unchanged in
``finsamdash/pack/assets/reveal/``): arrows, PageUp/PageDown (what presentation clickers send), Home/End, Space,
the speaker view and a slide counter come with it. nbconvert's own slides exporter (the Jupyter convention) uses the
same engine but turns notebook cells into slides and loads reveal.js from a CDN; our slides are one per section
with a title that is not in any cell, so the HTML is written here and reveal.js is copied into the pack:
plotly.js (``assets/plotly.min.js``, shared with the pages) and reveal.js are the only scripts, and nothing is
fetched from the network. Charts are drawn when their slide is shown (plotly needs a visible container to size
itself).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat

from finsamdash.pack.export import PLOTLY_ASSET, PLOTLY_MIME, _script_json, write_text_atomic
from finsamdash.present.figures._base import unwrap_title, wrapped_layout
from finsamdash.present.tables import EMPTY_CLASS
from finsamdash.present.theme import STATUS_STYLE, plotly_config
from finsamdash.wording import slides as words
from finsamdash.wording.economy import date_rows_sv
from finsamdash.wording.formatting import fmt_date
from finsamdash.wording.pages import privacy_explained

__all__ = ["PRESENTATION_NAME", "REVEAL_ASSET", "REVEAL_VERSION", "Slide", "build_slides", "presentation_html",
           "write_presentation"]

PRESENTATION_NAME = "presentation.html"
#: Where reveal.js lives inside a meeting folder, relative to the presentation.
REVEAL_ASSET = "assets/reveal"
REVEAL_VERSION = "6.0.2"
_REVEAL_SOURCE = Path(__file__).resolve().parent / "assets" / "reveal"
_REVEAL_FILES = ("reveal.js", "reveal.css", "plugin/notes.js", "LICENSE")
#: The slide's size in CSS pixels (16:9); reveal.js scales it to the screen.
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
#: The chart's height on a slide (the kicker and the title take the rest).
CHART_HEIGHT = 520
#: A table on a slide shows at most this many rows.
MAX_TABLE_ROWS = 5
#: Font size of the charts on a slide (the pages use 14 px).
CHART_FONT = 18
#: The chart's width on a slide (the slide less reveal.js's padding), where its legend's rows are counted.
SLIDE_CHART_PX = 1180
#: A key sentence longer than this (characters) is shown under the section's heading instead of as the title.
MAX_TITLE = 110
#: A table cell on a slide longer than this is shortened ("…"; the page has the full text).
MAX_CELL = 60


def _short(text: str) -> str:
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1].rstrip() + "…"


# --- reading the pack's executed notebooks -------------------------------------------------------------------------


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]


@dataclass
class Parsed:
    """What a section's HTML outputs say, by kind."""

    lead: list[str] = field(default_factory=list)  # <p><strong>…</strong></p> (all bold): a section's key sentence
    items: list[str] = field(default_factory=list)  # list items (the overview's sentences)
    notes: list[str] = field(default_factory=list)  # .fsd-note and .fsd-missing paragraphs
    cards: list[dict[str, str]] = field(default_factory=list)  # .fsd-card: label, value, detail lines
    tables: list[Table] = field(default_factory=list)
    goals: list[dict[str, str]] = field(default_factory=list)  # rows of a goals table: status, text, assessment
    empty: bool = False  # Page.leave_out's marker


def _squeeze(text: str) -> str:
    """Runs of ASCII white space as one space (non-breaking spaces in numbers are kept)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


def _classes(attrs: list[tuple[str, str | None]]) -> set[str]:
    return set((dict(attrs).get("class") or "").split())


class _OutputParser(HTMLParser):
    """Collects the parts of :class:`Parsed` from a dashboard's HTML output (styles and scripts skipped)."""

    def __init__(self, parsed: Parsed) -> None:
        super().__init__(convert_charrefs=True)
        self.out = parsed
        self.stack: list[tuple[str, set[str]]] = []
        self.capture: list[tuple[str, list[str]]] = []  # open text captures: (kind, pieces)
        self.table: Table | None = None
        self.row: list[str] | None = None
        self.row_numeric: list[bool] = []
        self.in_head = False
        self.card: dict[str, str] | None = None
        self.goal: dict[str, str] | None = None
        self.strong: list[str] = []  # the bold text of each open plain paragraph
        self.skip = 0

    def _open(self, kind: str) -> None:
        self.capture.append((kind, []))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = _classes(attrs)
        if tag in ("style", "script"):
            self.skip += 1
        if tag in ("br",):
            self.handle_data(" ")
            return
        self.stack.append((tag, classes))
        if EMPTY_CLASS in classes:
            self.out.empty = True
        if tag == "table" and "fsd-table" in classes:
            self.table = Table("", [], [], [])
        elif tag == "caption" and self.table is not None:
            self._open("caption")
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.table is not None:
            self.row, self.row_numeric = [], []
            if "fsd-goals" in self.stack_classes("table"):
                self.goal = {"status": "", "text": "", "assessment": ""}
        elif tag in ("td", "th") and self.row is not None:
            self.row_numeric.append("num" in classes)
            self._open("cell")
        elif tag == "div" and "fsd-card" in classes:
            self.card = {"label": "", "value": "", "detail": ""}
        elif self.card is not None and tag == "div" and classes & {"label", "value", "delta"}:
            self._open("card-" + ("detail" if "delta" in classes else next(iter(classes & {"label", "value"}))))
        elif tag == "p" and classes & {"fsd-note", "fsd-missing"}:
            self._open("note")
        elif tag == "p":
            self._open("p")
            self.strong.append("")
        elif tag == "li":
            self._open("item")
        elif tag == "strong" and self._lead_paragraph():
            self._open("strong")
        if self.goal is not None:
            if tag == "span" and "fsd-status" in classes:
                self._open("goal-status")
            elif tag == "div" and "fsd-goal-text" in classes:
                self._open("goal-text")
            elif tag == "div" and "fsd-goal-assessment" in classes:
                self._open("goal-assessment")

    def stack_classes(self, tag: str) -> set[str]:
        for name, classes in reversed(self.stack):
            if name == tag:
                return classes
        return set()

    def _lead_paragraph(self) -> bool:
        """Inside a plain paragraph (not a note, table or card): its bold text is the section's key sentence."""
        names = [name for name, _classes in self.stack]
        return ("p" in names and "table" not in names and self.card is None
                and not self.stack_classes("p") & {"fsd-note", "fsd-missing"})

    def _close(self, kind: str) -> str | None:
        for index in range(len(self.capture) - 1, -1, -1):
            if self.capture[index][0] == kind:
                return _squeeze("".join(self.capture.pop(index)[1]))
        return None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip = max(0, self.skip - 1)
        if not self.stack:
            return
        name, classes = self.stack.pop()
        while name != tag and self.stack:  # tolerate unclosed tags
            name, classes = self.stack.pop()
        if name == "caption" and self.table is not None:
            self.table.caption = self._close("caption") or ""
        elif name == "thead":
            self.in_head = False
        elif name in ("td", "th") and self.row is not None:
            self.row.append(self._close("cell") or "")
        elif name == "tr" and self.table is not None and self.row is not None:
            if self.in_head:
                self.table.header = self.row
            else:
                self.table.rows.append(self.row)
                self.table.numeric = self.table.numeric or self.row_numeric
            if self.goal is not None and self.goal["text"]:
                self.out.goals.append(self.goal)
            self.row, self.goal = None, None
        elif name == "table" and self.table is not None:
            if self.table.rows:
                self.out.tables.append(self.table)
            self.table = None
        elif name == "div" and self.card is not None and "fsd-card" in classes:
            if self.card["label"]:
                self.out.cards.append(self.card)
            self.card = None
        elif self.card is not None and name == "div" and classes & {"label", "value", "delta"}:
            kind = "detail" if "delta" in classes else next(iter(classes & {"label", "value"}))
            text = self._close("card-" + kind) or ""
            self.card[kind] = "\n".join(filter(None, (self.card[kind], text))) if kind == "detail" else text
        elif name == "p" and classes & {"fsd-note", "fsd-missing"}:
            text = self._close("note")
            if text:
                self.out.notes.append(text)
        elif name == "p":
            text = self._close("p")
            strong = self.strong.pop() if self.strong else None
            if strong and text and strong.rstrip(".") == text.rstrip("."):  # a paragraph that is all bold
                self.out.lead.append(strong.rstrip("."))
        elif name == "li":
            text = self._close("item")
            if text and self.card is None:
                self.out.items.append(text)
        elif name == "strong":
            text = self._close("strong")
            if text and self._lead_paragraph() and self.strong:
                self.strong[-1] = f"{self.strong[-1] or ''} {text}".strip()
        if self.goal is not None:
            if name == "span" and "fsd-status" in classes:
                self.goal["status"] = self._close("goal-status") or ""
            elif name == "div" and "fsd-goal-text" in classes:
                self.goal["text"] = self._close("goal-text") or ""
            elif name == "div" and "fsd-goal-assessment" in classes:
                self.goal["assessment"] = self._close("goal-assessment") or ""

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        for _kind, pieces in self.capture:
            pieces.append(data)


def parse_output_html(markup: str, parsed: Parsed | None = None) -> Parsed:
    """The parts of one HTML output (added to ``parsed`` when given)."""
    parsed = parsed if parsed is not None else Parsed()
    parser = _OutputParser(parsed)
    parser.feed(markup)
    parser.close()
    return parsed


@dataclass
class Section:
    """One ``##`` section of an executed dashboard notebook."""

    dashboard: str  # the dashboard's title
    heading: str
    figures: list[dict[str, Any]] = field(default_factory=list)  # plotly JSON (data, layout)
    parsed: Parsed = field(default_factory=Parsed)
    outputs: int = 0

    @property
    def left_out(self) -> bool:
        """Nothing to show: every output is ``Page.leave_out``'s marker (or there is none)."""
        return self.outputs == 0 or (self.parsed.empty and not self.figures and not self._content())

    def _content(self) -> bool:
        p = self.parsed
        return bool(p.lead or p.items or p.notes or p.cards or p.tables)


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def notebook_sections(ipynb: Path) -> tuple[str, list[Section]]:
    """The title and ``##`` sections of an executed dashboard notebook, with what each shows."""
    nb = nbformat.read(str(ipynb), as_version=4)
    title = ""
    sections: list[Section] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# ") and not title:
                    title = line[2:].strip()
                elif line.startswith("## "):
                    sections.append(Section(title, line[3:].strip()))
            continue
        if cell.cell_type != "code" or not sections:
            continue
        section = sections[-1]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY_MIME in data:
                figure = data[PLOTLY_MIME]
                figure = json.loads(figure) if isinstance(figure, str) else figure
                section.figures.append(figure)
                section.outputs += 1
            elif "text/html" in data:
                parse_output_html(_joined(data["text/html"]), section.parsed)
                section.outputs += 1
    return title, sections


# --- slides --------------------------------------------------------------------------------------------------------


@dataclass
class Slide:
    """One slide. ``kind``: "cover", "chart", "cards", "list", "table" or "closing"."""

    kind: str
    title: str
    kicker: str = ""
    subtitle: str = ""
    figure: dict[str, Any] | None = None
    alt: str = ""
    items: list[str] = field(default_factory=list)
    cards: list[dict[str, str]] = field(default_factory=list)
    table: Table | None = None
    more_rows: int = 0
    lines: list[tuple[str, str]] = field(default_factory=list)  # cover: (label, text)
    goals: list[dict[str, str]] = field(default_factory=list)  # status, text, assessment
    notes: list[str] = field(default_factory=list)
    footnote: str = ""


def _plain_title(text: str) -> str:
    text = re.sub(r"<br\s*/?>", " ", text or "", flags=re.I)
    return _squeeze(html.unescape(re.sub(r"<[^>]+>", "", text)))


def _figure_titles(figure: dict[str, Any]) -> tuple[str, str]:
    """The chart's title (its finding) and subtitle (a ``<br><sup>`` second line or plotly's subtitle)."""
    title = (figure.get("layout") or {}).get("title")
    text = unwrap_title(title.get("text", "") if isinstance(title, dict) else str(title or ""))
    main, _br, rest = (*re.split(r"(<br\s*/?>)", text, maxsplit=1, flags=re.I), "", "")[:3]
    subtitle = title.get("subtitle") if isinstance(title, dict) else None
    sub = subtitle.get("text", "") if isinstance(subtitle, dict) else ""
    return _plain_title(main), _plain_title(rest) or _plain_title(sub)


def _figure_title(figure: dict[str, Any]) -> str:
    return _figure_titles(figure)[0]


def _figure_alt(figure: dict[str, Any]) -> str:
    meta = (figure.get("layout") or {}).get("meta")
    return str(meta.get("alt", "")) if isinstance(meta, dict) else ""


def slide_figure(figure: dict[str, Any]) -> dict[str, Any]:
    """A dashboard chart restyled for a 16:9 slide: no title of its own (it is the slide's title), larger type, the
    slide's chart height, width from the slide."""
    layout = json.loads(json.dumps(figure.get("layout") or {}))
    layout["title"] = {"text": ""}
    font = dict(layout.get("font") or {})
    font["size"] = CHART_FONT
    layout["font"] = font
    layout["height"] = CHART_HEIGHT
    layout.pop("width", None)
    margin = dict(layout.get("margin") or {})
    margin["t"] = 48 if layout.get("annotations") else 16  # room for labels above the plot ("Före", "90 % av året")
    layout["margin"] = margin
    # the colour legend above the plot, as on the pages, with room for its rows at the slide's width and type
    layout = wrapped_layout(layout, figure.get("data") or [], width=SLIDE_CHART_PX, grow=False)
    layout["autosize"] = True
    # the one chart configuration of the pack, without the toolbar (nothing to click on a projected slide)
    config = {**plotly_config(figure), "displayModeBar": False}
    return {"data": figure.get("data", []), "layout": layout, "config": config}


def _section_slide(section: Section) -> Slide:
    p = section.parsed
    kicker = f"{section.dashboard} · {section.heading}"
    if section.figures:
        main = section.figures[0]
        alt = _figure_alt(main)
        notes = [alt] if alt else []
        notes += [n for n in p.lead]
        notes += [n for n in p.notes if n != alt and n not in notes]
        others = [_figure_title(f) for f in section.figures[1:]]
        if others:
            notes.append(words.more_charts_note(section.dashboard, others))
        title, subtitle = _figure_titles(main)
        return Slide("chart", title or section.heading, kicker, subtitle, slide_figure(main), alt, notes=notes)
    title = p.lead[0] if p.lead and len(p.lead[0]) <= MAX_TITLE else section.heading
    subtitle = p.lead[0] if p.lead and title != p.lead[0] else ""
    notes = [*p.lead, *p.items, *p.notes]
    if p.goals:
        notes = [f"{g['text']} {g['assessment']}" for g in p.goals] + p.notes
        return Slide("goals", title, kicker, goals=p.goals, notes=notes)
    if p.items:
        return Slide("list", title, kicker, items=p.items, notes=notes)
    if p.cards:
        notes = [f"{c['label']}: {c['value']}" + (f" – {c['detail']}".replace("\n", "; ") if c["detail"] else "")
                 for c in p.cards]
        return Slide("cards", title, kicker, cards=p.cards, notes=[*notes, *p.notes])
    if p.tables:
        table = p.tables[0]
        if not p.lead and len(p.tables) == 1 and table.caption and len(table.caption) <= MAX_TITLE:
            title = table.caption  # the caption of a section's one table states its finding
        rows = [[_short(c) for c in row] for row in table.rows[:MAX_TABLE_ROWS]]
        shown = Table(table.caption, table.header, rows, table.numeric)
        more = len(table.rows) - len(shown.rows)
        if more:
            notes.append(words.rows_shown_note(section.dashboard, len(table.rows), len(shown.rows)))
        return Slide("table", title, kicker, subtitle, table=shown, more_rows=more, notes=notes)
    return Slide("list", title, kicker, items=p.notes, notes=notes)


def build_slides(folder: Path, manifest: dict[str, Any]) -> list[Slide]:
    """Every slide of the pack in ``folder`` (its executed notebooks in the order of ``manifest["dashboards"]``)."""
    folder = Path(folder)
    meeting = date.fromisoformat(manifest["meeting_date"])
    parameters = manifest.get("parameters") or {}
    previous = parameters.get("previous_meeting_date")
    min_count = parameters.get("min_count") or 5
    body: list[Slide] = []
    left_out: list[str] = []
    goals: list[dict[str, str]] = []
    goal_title = ""
    for entry in manifest["dashboards"]:
        ipynb = folder / entry.get("ipynb", f"{entry['dashboard']}.ipynb")
        if entry.get("status") != "ok" or not ipynb.exists():
            continue
        title, sections = notebook_sections(ipynb)
        shown = [s for s in sections if not s.left_out]
        if not shown:
            left_out.append(title)
            continue
        left_out += [f"{title}: {s.heading}" for s in sections if s.left_out]
        for section in shown:
            body.append(_section_slide(section))
            if entry["dashboard"] == "goals":
                goals = goals or section.parsed.goals
                if section.figures and not goal_title:
                    goal_title = _figure_title(section.figures[0])
    closed = (manifest.get("parameters") or {}).get("books_closed")
    dates = [(words.MEETING_LABEL, fmt_date(meeting)),
             *date_rows_sv(meeting, date.fromisoformat(closed) if closed else None),
             (words.PREVIOUS_LABEL, fmt_date(date.fromisoformat(previous)) if previous else words.NO_PREVIOUS)]
    cover_notes = [privacy_explained(min_count)]
    footnote = ""
    if left_out:
        footnote = words.left_out_note(left_out)
        cover_notes.append(footnote)
    cover = Slide("cover", words.cover_title(fmt_date(meeting)), manifest.get("association_name", ""),
                  subtitle=privacy_explained(min_count), lines=dates, notes=cover_notes, footnote=footnote)
    slides = [cover, *body]
    if goals:
        slides.append(_closing(goals, goal_title))
    return slides


def _closing(goals: list[dict[str, str]], title: str) -> Slide:
    """The goals' status: how many goals have each status, and the goals not (yet) met in the plan's words."""
    counts: dict[str, int] = {}
    for goal in goals:
        counts[goal["status"]] = counts.get(goal["status"], 0) + 1
    order = [f"{style['symbol']} {style['label']}" for style in STATUS_STYLE.values()]
    cards = [{"label": status, "value": str(counts[status]), "detail": ""}
             for status in sorted(counts, key=lambda s: order.index(s) if s in order else len(order))]
    met = order[0]
    open_goals = [g for g in goals if g["status"] != met]
    notes = [f"{g['status']}: {g['text']} {g['assessment']}".strip() for g in goals]
    footnote = "" if open_goals else words.ALL_GOALS_MET
    return Slide("closing", title or words.CLOSING_TITLE, words.CLOSING_KICKER,
                 subtitle=words.NOT_MET_HEADING if open_goals else "", cards=cards, goals=open_goals,
                 notes=notes, footnote=footnote)


# --- HTML ------------------------------------------------------------------------------------------------------------

_CSS = """
:root{--fsd-ink:#1a1a1a;--fsd-muted:#4a4a4a;--fsd-line:#D9D9D9}
html,body{background:#fff}
.reveal{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--fsd-ink);font-size:30px}
.reveal .slides{text-align:left}
.reveal .slides section{box-sizing:border-box;height:100%;padding:8px 24px}
.reveal .kicker{font-size:20px;color:var(--fsd-muted);margin:0 0 6px 0;text-transform:none}
.reveal h1,.reveal h2{font-weight:700;line-height:1.18;margin:0 0 16px 0;color:var(--fsd-ink)}
.reveal h1{font-size:60px;margin-bottom:28px}
.reveal section[data-fsd-kind=cover]{padding-top:110px}
.reveal section[data-fsd-kind=cover] .kicker{font-size:32px;color:var(--fsd-ink)}
.reveal section[data-fsd-kind=cover] .fsd-footnote{max-width:1000px;font-size:20px;margin-top:36px}
.reveal h2{font-size:38px}
.reveal .fsd-slide-plot{width:100%;height:""" + str(CHART_HEIGHT) + """px}
.reveal ul.fsd-items{margin:8px 0 0 1em;padding:0;font-size:28px;line-height:1.4}
.reveal ul.fsd-items li{margin:0 0 12px 0}
.reveal table.fsd-slide-table{border-collapse:collapse;font-size:20px;margin:8px 0;width:100%}
.reveal table.fsd-slide-table.fsd-wide{font-size:17px}
.reveal table.fsd-slide-table th,.reveal table.fsd-slide-table td{border-bottom:1px solid var(--fsd-line);
  padding:6px 12px;text-align:left;vertical-align:top}
.reveal table.fsd-slide-table th{background:#F4F6F8;font-weight:600}
.reveal table.fsd-slide-table .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.reveal table.fsd-slide-table th.num{white-space:normal}
.reveal .fsd-cards{display:grid;grid-template-columns:repeat(3,1fr);gap:18px;margin-top:8px}
.reveal .fsd-card{border:2px solid var(--fsd-line);border-radius:8px;padding:12px 18px}
.reveal .fsd-card .label{font-size:20px;color:var(--fsd-muted)}
.reveal .fsd-card .value{font-size:40px;font-weight:700;margin:2px 0}
.reveal .fsd-card .detail{font-size:17px;color:var(--fsd-muted);line-height:1.3}
.reveal .fsd-lines{border-collapse:collapse;font-size:28px;margin-top:18px}
.reveal .fsd-lines th{font-weight:600;color:var(--fsd-muted);padding:6px 28px 6px 0;text-align:left}
.reveal .fsd-lines td{padding:6px 0}
.reveal .fsd-subtitle{font-size:24px;line-height:1.3;color:var(--fsd-muted);margin:-8px 0 10px 0}
.reveal .fsd-goal-lines{columns:2;column-gap:36px;font-size:18px;line-height:1.3;margin:8px 0 0 0;padding:0}
.reveal .fsd-goal-lines li{break-inside:avoid;list-style:none;margin:0 0 10px 0}
.reveal .fsd-goal-lines .status{font-weight:700;display:block}
.reveal .fsd-goal-lines .assessment{display:block;color:var(--fsd-muted)}
.reveal .fsd-status-cards{grid-template-columns:repeat(4,1fr);margin-bottom:16px}
.reveal .fsd-status-cards .value{font-size:56px}
.reveal .fsd-status-cards .label{font-size:22px;color:var(--fsd-ink)}
.reveal .fsd-footnote{font-size:18px;line-height:1.4;color:var(--fsd-muted);margin-top:18px;caption-side:bottom;
  text-align:left}
.reveal .slide-number{font-size:16px}
.reveal aside.notes{display:none}
"""

_SCRIPT = """
(function(){
  var figures = JSON.parse(document.getElementById('fsd-figures').textContent);
  function draw(slide){
    if (!slide || !window.Plotly) return;
    slide.querySelectorAll('.fsd-slide-plot').forEach(function(el){
      if (el.dataset.drawn) { Plotly.Plots.resize(el); return; }
      var fig = figures[el.id];
      el.innerHTML = '';
      Plotly.newPlot(el, fig.data, fig.layout, fig.config)
        .then(function(){ el.dataset.drawn = '1'; });
    });
  }
  var notes = /[?&]talarmanus\\b/.test(window.location.search);
  Reveal.initialize({
    width: %(width)d, height: %(height)d, margin: 0.04, center: false, hash: true, slideNumber: 'c/t',
    transition: 'none', backgroundTransition: 'none', controls: true, progress: true, showNotes: notes,
    plugins: [RevealNotes]
  }).then(function(){ draw(Reveal.getCurrentSlide()); });
  Reveal.on('slidechanged', function(event){ draw(event.currentSlide); });
})();
"""


def _notes(notes: list[str]) -> str:
    if not notes:
        return ""
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes if n)
    return f"<aside class='notes'><ul>{items}</ul></aside>"


def _slide_html(slide: Slide, index: int, figures: dict[str, Any]) -> str:
    e = html.escape
    heading_id = f"fsd-slide-{index}"
    kicker = f"<p class='kicker'>{e(slide.kicker)}</p>" if slide.kicker else ""
    parts = [f"<section id='{heading_id}-slide' data-fsd-kind='{slide.kind}' aria-labelledby='{heading_id}'>"]
    if slide.kind == "cover":
        parts.append(f"{kicker}<h1 id='{heading_id}'>{e(slide.title)}</h1>")
    else:
        parts.append(f"{kicker}<h2 id='{heading_id}'>{e(slide.title)}</h2>")
    if slide.subtitle and slide.kind not in ("closing", "cover"):
        parts.append(f"<p class='fsd-subtitle'>{e(slide.subtitle)}</p>")
    if slide.figure is not None:
        plot_id = f"fsd-slide-plot-{index}"
        figures[plot_id] = slide.figure
        label = e(slide.alt or slide.title)
        parts.append(f"<div class='fsd-slide-plot' id='{plot_id}' role='img' aria-label='{label}'></div>")
    if slide.items:
        parts.append("<ul class='fsd-items'>" + "".join(f"<li>{e(i)}</li>" for i in slide.items) + "</ul>")
    if slide.cards and slide.kind == "closing":
        cards = "".join(f"<div class='fsd-card'><div class='value'>{e(c['value'])}</div>"
                        f"<div class='label'>{e(c['label'])}</div></div>" for c in slide.cards)
        parts.append(f"<div class='fsd-cards fsd-status-cards'>{cards}</div>")
    elif slide.cards:
        cards = "".join(f"<div class='fsd-card'><div class='label'>{e(c['label'])}</div>"
                        f"<div class='value'>{e(c['value'])}</div>"
                        + "".join(f"<div class='detail'>{e(line)}</div>" for line in c["detail"].split("\n"))
                        + "</div>" for c in slide.cards)
        parts.append(f"<div class='fsd-cards'>{cards}</div>")
    if slide.table is not None:
        t = slide.table
        numeric = t.numeric + [False] * max(0, len(t.header) - len(t.numeric))

        def cell(tag: str, text: str, i: int) -> str:
            css = " class='num'" if i < len(numeric) and numeric[i] else ""
            return f"<{tag}{css}>{e(text)}</{tag}>"

        head = "".join(cell("th", h, i) for i, h in enumerate(t.header))
        rows = "".join("<tr>" + "".join(cell("td", c, i) for i, c in enumerate(r)) + "</tr>" for r in t.rows)
        caption = f"<caption class='fsd-footnote'>{e(t.caption)}</caption>" if t.caption and t.caption != slide.title \
            else ""
        wide = " fsd-wide" if len(t.header) > 5 else ""
        parts.append(f"<table class='fsd-slide-table{wide}'>{caption}<thead><tr>{head}</tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
        if slide.more_rows:
            page = e(slide.kicker.split(" · ")[0])
            parts.append(f"<p class='fsd-footnote'>{words.more_rows_footnote(slide.more_rows, page)}</p>")
    if slide.kind == "cover":
        rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in slide.lines)
        parts.append(f"<table class='fsd-lines'>{rows}</table><p class='fsd-footnote'>{e(slide.subtitle)}</p>")
    if slide.subtitle and slide.kind == "closing":
        parts.append(f"<p class='fsd-subtitle'>{e(slide.subtitle)}</p>")
    if slide.goals:
        items = "".join(f"<li><span class='status'>{e(g['status'])}</span>{e(g['text'])}"
                        + (f"<span class='assessment'>{e(g['assessment'])}</span>" if slide.kind == "goals" else "")
                        + "</li>" for g in slide.goals)
        parts.append(f"<ul class='fsd-goal-lines'>{items}</ul>")
    if slide.footnote:
        parts.append(f"<p class='fsd-footnote'>{e(slide.footnote)}</p>")
    parts.append(_notes(slide.notes))
    parts.append("</section>")
    return "".join(parts)


def presentation_html(slides: list[Slide], *, title: str, plotly_src: str = PLOTLY_ASSET,
                      reveal_src: str = REVEAL_ASSET) -> str:
    """The presentation as one HTML file using the pack's plotly.js and reveal.js (relative paths)."""
    figures: dict[str, Any] = {}
    body = "\n".join(_slide_html(slide, index, figures) for index, slide in enumerate(slides, start=1))
    e = html.escape
    script = _SCRIPT % {"width": SLIDE_WIDTH, "height": SLIDE_HEIGHT}
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n"
        f'<link rel="stylesheet" href="{e(reveal_src)}/reveal.css">\n<style>{_CSS}</style>\n'
        f'<script src="{e(plotly_src)}"></script>\n</head>\n<body>\n'
        f'<div class="reveal"><div class="slides">\n{body}\n</div></div>\n'
        f'<script type="application/json" id="fsd-figures">{_script_json(figures)}</script>\n'
        f'<script src="{e(reveal_src)}/reveal.js"></script>\n<script src="{e(reveal_src)}/plugin/notes.js"></script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def write_reveal_asset(folder: Path) -> Path:
    """Copy reveal.js (the vendored files) into ``folder/assets/reveal`` and return that folder."""
    target = Path(folder) / REVEAL_ASSET
    for name in _REVEAL_FILES:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_REVEAL_SOURCE / name, destination)
    return target


def write_presentation(folder: Path, manifest: dict[str, Any]) -> Path:
    """Write ``folder/presentation.html`` (atomically) with reveal.js beside it, from the pack's executed notebooks;
    ``manifest`` is the pack's manifest (dashboards in order, association, meeting, parameters)."""
    folder = Path(folder)
    slides = build_slides(folder, manifest)
    write_reveal_asset(folder)
    meeting = fmt_date(date.fromisoformat(manifest["meeting_date"]))
    title = words.document_title(manifest.get("association_name", ""), meeting)
    target = folder / PRESENTATION_NAME
    write_text_atomic(target, presentation_html(slides, title=title))
    return target
