"""The pack's front page (``<meeting>/index.html``, from the manifest alone) and the index of every association
and meeting (``DIR/index.html``)."""

from __future__ import annotations

import html
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from finsamdash.data.contract import DEFAULT_MIN_COUNT
from finsamdash.pack.export import write_text_atomic
from finsamdash.pack.manifest import read_manifest
from finsamdash.pack.page_ui import FILE_CLASS, FRONT_CSS, LIVE_CLASS, LIVE_TEXT, PAGE_JS
from finsamdash.pack.pdf import PDF_NAME
from finsamdash.pack.presentation import PRESENTATION_NAME
from finsamdash.pack.publish import LATEST, meetings
from finsamdash.wording import front_page as say
from finsamdash.wording.build import LIVE_EXPLAINED
from finsamdash.wording.formatting import fmt_date
from finsamdash.wording.pages import ANALYST_COLUMN, ANALYST_LINK, privacy_explained

PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;max-width:60rem;
margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.8rem;margin-bottom:0.2rem}h2{font-size:1.25rem;margin-top:2rem}
.sub{color:#444;margin-top:0}a{color:#0072B2}
table{border-collapse:collapse;margin:0.5rem 0 1rem 0}th,td{text-align:left;padding:0.3rem 0.8rem;
border-bottom:1px solid #E0E0E0;vertical-align:top}th{background:#F4F6F8}
.failed{background:#FDECEA;border-left:4px solid #D55E00;padding:0.6rem 1rem}
.ok{color:#006d3b}.bad{color:#b00020;font-weight:600}.latest{font-size:0.85rem;color:#444}
.fsd-cards{display:flex;flex-wrap:wrap;gap:12px;padding:0;list-style:none}
.fsd-card{border:1px solid #D9D9D9;border-radius:6px;padding:10px 14px;min-width:170px;max-width:270px;
flex:1 1 190px;break-inside:avoid}
.fsd-card .label{font-size:13px;color:#444}.fsd-card .value{font-size:22px;font-weight:700}
.fsd-card .delta{font-size:13px;color:#444}
footer{color:#666;font-size:0.8rem;margin-top:3rem}
@media print{a{color:inherit;text-decoration:none}.fsd-card,table{break-inside:avoid}}
"""


def html_page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{PAGE_CSS}{FRONT_CSS}</style>\n<script>{PAGE_JS}</script>\n"
            f"</head>\n<body>\n{body}\n</body>\n</html>\n")


def built_text(built_at: str) -> str:
    stamp = datetime.fromisoformat(built_at)
    return say.built_at(fmt_date(stamp.date()), f"{stamp:%H:%M}")


def front_page(manifest: dict[str, Any], *, previous_exists: bool) -> str:
    """The pack's ``index.html`` from its manifest alone: dates, links to every dashboard, the overview's headline
    figures with what changed since the last meeting (``key_figures``, see :mod:`finsamdash.pack.manifest`)."""
    e = html.escape
    meeting = date.fromisoformat(manifest["meeting_date"])
    name = manifest["association_name"]
    previous = manifest["parameters"]["previous_meeting_date"]
    failed = [d for d in manifest["dashboards"] if d["status"] != "ok"]
    parts = [f"<p><a href='../../index.html'>{say.ALL_MEETINGS_LINK}</a></p>",
             f"<h1>{e(say.meeting_heading(fmt_date(meeting)))}</h1>", f"<p class='sub'>{e(name)}</p>"]
    if failed:
        items = "".join(f"<li><strong>{e(d['title'])}</strong>: {e(d['error_text'])}</li>" for d in failed)
        parts.append(f"<div class='failed'><p><strong>{say.INCOMPLETE}</strong>"
                     f"{say.dashboards_failed(len(failed), len(manifest['dashboards']))}</p><ul>{items}</ul></div>")
    if previous:
        prev_text = e(fmt_date(date.fromisoformat(previous)))
        prev_cell = f"<a href='../{e(previous)}/index.html'>{prev_text}</a>" if previous_exists else prev_text
    else:
        prev_cell = say.NO_PREVIOUS_MEETING
    closed = manifest["parameters"].get("books_closed")
    books = date.fromisoformat(closed) if closed else None
    if books == meeting:
        dates = [(say.DATA_UNTIL_LABEL, e(fmt_date(meeting)))]
    else:
        dates = [(say.PARTICIPANTS_UNTIL_LABEL, e(fmt_date(meeting))),
                 (say.BOOKS_CLOSED_LABEL, e(fmt_date(books)) if books else say.NOTHING_BOOKED)]
    rows = [(say.ASSOCIATION_LABEL, e(name)), (say.MEETING_LABEL, e(fmt_date(meeting))), *dates,
            (say.PREVIOUS_MEETING_LABEL, prev_cell), (say.BUILT_LABEL, e(built_text(manifest["built_at"]))),
            (say.INPUT_FILES_LABEL, ", ".join(e(f["path"]) for f in manifest["input_files"]) or "–")]
    pdf = manifest.get("pdf") or {}
    if pdf.get("status") == "ok":
        rows.append((say.PDF_LABEL, f"<a href='{PDF_NAME}'>{say.pdf_link(PDF_NAME, pdf.get('pages'))}</a>"))
    elif pdf.get("status") == "failed":
        rows.append((say.PDF_LABEL, f"<span class='bad'>{say.NOT_WRITTEN}</span>: {e(pdf.get('error') or '')}"))
    presentation = manifest.get("presentation") or {}
    if presentation.get("status") == "ok":
        rows.append((say.PRESENTATION_LABEL, say.presentation_links(
            lambda text: f"<a href='{PRESENTATION_NAME}'>{text}</a>",
            lambda text: f"<a href='{PRESENTATION_NAME}?talarmanus'>{text}</a>")))
    elif presentation.get("status") == "failed":
        rows.append((say.PRESENTATION_LABEL, f"<span class='bad'>{say.NOT_WRITTEN}</span>: "
                                             f"{e(presentation.get('error') or '')}"))
    parts.append("<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>")
    min_count = manifest["parameters"].get("min_count") or DEFAULT_MIN_COUNT
    parts.append(f"<p class='sub'>{e(privacy_explained(min_count))}</p>")
    parts.append(f"<h2>{say.DASHBOARDS_HEADING}</h2>")
    lines = []
    for d in manifest["dashboards"]:
        stem = e(d["dashboard"])
        status = (f"<span class='ok'>{say.DASHBOARD_DONE}</span>" if d["status"] == "ok"
                  else f"<span class='bad'>{say.DASHBOARD_FAILED}</span>")
        lines.append(f"<tr><td><a href='{stem}.html'>{e(d['title'])}</a></td><td>{status}</td>"
                     f"<td class='{LIVE_CLASS}'><a href='{stem}.ipynb'>{LIVE_TEXT}</a></td>"
                     f"<td class='{FILE_CLASS}'><a href='{stem}.ipynb' download>{ANALYST_LINK}</a></td></tr>")
    parts.append(f"<div class='fsd-scroll'><table><tr><th>{say.DASHBOARD_COLUMN}</th><th>{say.STATUS_COLUMN}</th>"
                 f"<th class='{LIVE_CLASS}'>{say.INTERACTIVE_COLUMN}</th>"
                 f"<th class='{FILE_CLASS}'>{ANALYST_COLUMN}</th></tr>"
                 + "".join(lines) + "</table></div>")
    parts.append(f"<p class='sub {LIVE_CLASS}'>{e(LIVE_EXPLAINED)}</p>")
    parts.append(f"<h2>{say.KEY_FIGURES_HEADING}</h2>")
    if previous:
        parts.append(f"<p>{say.changes_since(prev_cell)}</p>")
    else:
        parts.append(f"<p>{say.NO_CHANGES}</p>")
    cards = manifest.get("key_figures") or []
    if cards:
        items = []
        for card in cards:
            detail = f"<div class='delta'>{e(card['detail'])}</div>" if card.get("detail") else ""
            change = f"<div class='delta'><strong>{e(card['change'])}</strong></div>" if card.get("change") else ""
            items.append(f"<li class='fsd-card'><div class='label'>{e(card['label'])}</div>"
                         f"<div class='value'>{e(card['value'])}</div>{detail}{change}</li>")
        parts.append(f"<ul class='fsd-cards'>{''.join(items)}</ul>")
    overview = say.more_in_the_overview(lambda text: f"<a href='overview.html'>{text}</a>")
    parts.append(f"<p>{overview}</p>")
    built = say.built_footer(str(manifest["versions"].get("finsamdash")), built_text(manifest["built_at"]))
    parts.append(f"<footer>{e(built)}<span class='{FILE_CLASS}'> · "
                 "<a href='manifest.json'>manifest.json</a></span></footer>")
    return html_page(say.page_title(name, fmt_date(meeting)), "\n".join(parts))



def write_index(out: Path) -> Path:
    """``DIR/index.html``: every association and its complete meetings, newest first (rewritten atomically)."""
    e = html.escape
    sections = []
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        found = meetings(folder)
        if not found:
            continue
        newest = read_manifest(folder / found[0].isoformat()) or {}
        name = newest.get("association_name") or folder.name
        latest = folder / LATEST
        latest_name = os.readlink(latest) if latest.is_symlink() else None
        items = []
        for meeting in found:
            iso = meeting.isoformat()
            manifest = read_manifest(folder / iso) or {}
            built = e(say.built_on(built_text(manifest["built_at"]))) if manifest.get("built_at") else ""
            mark = f" <span class='latest'>{say.LATEST_MARK}</span>" if iso == latest_name else ""
            items.append(f"<li><a href='{e(folder.name)}/{iso}/index.html'>{e(say.meeting_heading(fmt_date(meeting)))}"
                         f"</a>{mark}<span class='latest'>{built}</span></li>")
        live = ""
        if latest_name and newest.get("dashboards"):
            links = " · ".join(f"<a href='{e(folder.name)}/{LATEST}/{e(d['dashboard'])}.ipynb'>{e(d['title'])}</a>"
                               for d in newest["dashboards"] if d.get("status") == "ok")
            live = (f"<p class='{LIVE_CLASS}'><strong>{LIVE_TEXT}</strong>"
                    f"{e(say.latest_meeting(fmt_date(found[0])))}{links}</p>")
        sections.append(f"<h2>{e(name)}</h2>{live}<ul>{''.join(items)}</ul>")
    body = f"<h1>{say.INDEX_TITLE}</h1>\n" + ("\n".join(sections) if sections else f"<p>{say.NO_MEETINGS}</p>")
    target = out / "index.html"
    write_text_atomic(target, html_page(say.INDEX_TITLE, body))
    return target

