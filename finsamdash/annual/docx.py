"""Writing the annual report's statistics chapter as an editable Word document (python-docx).

The document uses Word's own styles, so that the association can restyle it and the chapter joins the report's
table of contents and navigation pane: Rubrik 1/2 (``Heading 1``/``Heading 2``), Rubrik (``Title``), Beskrivning
(``Caption``) with Word's caption numbering (``SEQ Tabell`` / ``SEQ Diagram`` fields, renumbered by Word when the
director moves or adds tables), ``Table Grid`` for tables and ``Normal`` for text; notes under tables use the style
``Tabellnot`` (made from Normal when the template lacks it). With ``template`` (a .docx or .dotx of the
association's own, e.g. with its logo in the header and its fonts), the template's styles, page setup, headers and
footers are used and its text, if any, stays first; without one, python-docx's default document set to A4.

Charts are the dashboards' plotly figures rendered to PNG offline by kaleido with Debian's chromium (one batch), each
with its alt text (``descr``) for screen readers. The file is written to a temporary file in the output folder and
then renamed over the target, so an existing file is never left half-written.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from finsamdash.annual.report import AnnualReport, Chart, Heading, Paragraph, Table
from finsamdash.errors import ChartError, InputFileError
from finsamdash.present.figures._base import wrapped_layout
from finsamdash.wording import annual as w

__all__ = ["CHART_WIDTH_PX", "ChartError", "build_document", "check_output", "render_charts", "write_docx"]

#: Width of a rendered chart in CSS pixels (the pack's A4 column is about 740 px) and its scale (sharp in print).
CHART_WIDTH_PX = 900
CHART_SCALE = 2
#: Width of a chart and of the text block in the document.
TEXT_WIDTH = Cm(16)
NOTE_STYLE = w.NOTE_STYLE
#: Tables with at most this many rows are kept on one page.
KEEP_TOGETHER_ROWS = 16
#: Body text without a template of the association's own (Word's default; LibreOffice uses Carlito, its metric twin).
BODY_FONT = "Calibri"
LANGUAGE = "sv-SE"


# --- charts -------------------------------------------------------------------------------------------------------


def render_charts(charts: Sequence[Chart], folder: Path) -> list[Path]:
    """PNG files of ``charts`` in ``folder``, rendered in one kaleido batch (titles wrapped as on the pages)."""
    if not charts:
        return []
    import plotly.io as pio

    figures, files = [], []
    for chart in charts:
        fig = chart.figure.to_dict()
        fig["layout"] = wrapped_layout(fig["layout"], fig["data"], width=CHART_WIDTH_PX)
        figures.append(fig)
        files.append(folder / f"diagram-{chart.number}.png")
    heights = [int(f["layout"].get("height") or 450) for f in figures]
    try:
        pio.write_images(figures, files, format="png", width=CHART_WIDTH_PX, height=heights, scale=CHART_SCALE)
    except Exception as exc:  # kaleido's and choreographer's own errors: no common base
        raise ChartError(
            "Diagrammen kunde inte ritas (kaleido med webbläsaren chromium): "
            f"{type(exc).__name__}: {exc}. Installera chromium (sudo apt-get install chromium), eller skriv "
            "dokumentet utan diagram med --no-charts.") from exc
    return files


# --- the template -------------------------------------------------------------------------------------------------

_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _open_template(template: Path | None):
    """The document to write into: the association's template (.docx, or a .dotx read as a document), or
    python-docx's default set to A4."""
    if template is None:
        doc = Document()
        doc.styles["Normal"].font.name = BODY_FONT  # the default template's body font is Cambria
        for section in doc.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.left_margin = section.right_margin = Mm(25)
            section.top_margin = section.bottom_margin = Mm(22)
        return doc
    path = Path(template)
    if not path.is_file():
        raise InputFileError(f"Hittar inte mallen {path} (--template). Ange en Word-fil (.docx eller .dotx).",
                             path=str(path))
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            types = package.read("[Content_Types].xml").decode("utf-8")
            if _DOTX in types:  # a Word template: the same package with another content type
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                    for item in package.infolist():
                        content = package.read(item.filename)
                        if item.filename == "[Content_Types].xml":
                            content = types.replace(_DOTX, _DOCX).encode("utf-8")
                        copy.writestr(item, content)
                data = out.getvalue()
        doc = Document(io.BytesIO(data))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputFileError(f"Mallen {path} kan inte öppnas som ett Word-dokument (.docx eller .dotx): {exc}. "
                             "Spara mallen från Word som Word-dokument och försök igen.", path=str(path)) from None
    body = doc.element.body
    if not doc.tables and all(not p.text.strip() and not p._p.xpath(".//w:drawing") for p in doc.paragraphs):
        for p in doc.paragraphs:  # an empty template body: start at the top
            body.remove(p._p)
    return doc


def _style(doc, name: str, *, base: str = "Normal", outline: int | None = None):
    """Style ``name`` of the document, added (based on ``base``) when the template lacks it; a heading gets its
    outline level so that Word's table of contents and navigation pane find it."""
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        with contextlib.suppress(KeyError):
            style.base_style = styles[base]
        if outline is not None:
            style.font.bold = True
            style.font.size = Pt({0: 16, 1: 13}.get(outline, 12))
            p_pr = style.element.get_or_add_pPr()
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            p_pr.append(level)
        return style


def _swedish(doc) -> None:
    """Swedish as the document's language (spelling, hyphenation)."""
    r_pr = doc.styles.element.find(qn("w:docDefaults"))
    if r_pr is None:
        return
    run_defaults = r_pr.find(qn("w:rPrDefault"))
    if run_defaults is None:
        return
    props = run_defaults.find(qn("w:rPr"))
    if props is None:
        props = OxmlElement("w:rPr")
        run_defaults.append(props)
    lang = props.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        props.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


# --- blocks ---------------------------------------------------------------------------------------------------------


def _field_run(paragraph, *, char: str | None = None, instruction: str | None = None, text: str | None = None):
    run = paragraph.add_run(text or "")
    if char is not None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), char)
        run._r.append(element)
    if instruction is not None:
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = instruction
        run._r.append(element)
    return run


def _caption(doc, kind: str, number: int, text: str) -> None:
    """"Tabell 3. …" in the Caption style with Word's numbering field (SEQ, its current result the number), so Word
    renumbers the captions when the director moves or adds tables."""
    paragraph = doc.add_paragraph(style=_style(doc, "Caption"))
    paragraph.add_run(f"{kind} ")
    _field_run(paragraph, char="begin")
    _field_run(paragraph, instruction=f" SEQ {kind} \\* ARABIC ")
    _field_run(paragraph, char="separate")
    _field_run(paragraph, text=str(number))
    _field_run(paragraph, char="end")
    paragraph.add_run(f". {text}")
    paragraph.paragraph_format.keep_with_next = kind == w.TABLE_CAPTION


def _note(doc, text: str) -> None:
    style = _style(doc, NOTE_STYLE)
    if style.font.size is None:
        style.font.size = Pt(8.5)
        style.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    doc.add_paragraph(text, style=style)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _merge_down(cell, *, start: bool) -> None:
    """Merge ``cell`` with the cells below (``start``) or with the one above (Word's vertical merge)."""
    merge = OxmlElement("w:vMerge")
    if start:
        merge.set(qn("w:val"), "restart")
    cell._tc.get_or_add_tcPr().append(merge)


def _widths(table: Table) -> list[int]:
    """Column widths (EMU): by the longest cell text, a header by its longest word (headers wrap between words,
    never inside one), at 9 pt about 0.21 cm a character with the cell's padding. When the table is wider than the
    text, the text columns give up room first, each down to its longest word ("insatspersonal" is never broken);
    numbers keep theirs as long as they can (headers such as "Förändring" unbroken)."""
    def chars_of(c: int, longest_text: bool) -> int:
        texts = [row[c] for row in table.rows]
        words = [len(w) for text in [*texts, table.header[c]] for w in text.split()]
        longest = max([*(len(t) for t in texts)] if longest_text else [0]) if texts else 0
        return max(longest, max(words, default=0)) + 3

    natural = [Cm(0.21 * min(chars_of(c, True), (46 if not numeric else 14) + 3))
               for c, numeric in enumerate(table.numeric)]
    if sum(natural) <= TEXT_WIDTH:
        return [int(w) for w in natural]
    least = [w if numeric else min(w, Cm(0.21 * chars_of(c, False)))
             for c, (w, numeric) in enumerate(zip(natural, table.numeric, strict=True))]
    if sum(least) > TEXT_WIDTH:  # a very long word: the numbers keep their room, the text columns share the rest
        fixed = sum(w for w, numeric in zip(natural, table.numeric, strict=True) if numeric)
        texts = sum(w for w, numeric in zip(least, table.numeric, strict=True) if not numeric)
        if fixed >= TEXT_WIDTH * 0.7 or not texts:
            return [int(w * TEXT_WIDTH / sum(natural)) for w in natural]
        return [int(w if numeric else lo * (TEXT_WIDTH - fixed) / texts)
                for w, lo, numeric in zip(natural, least, table.numeric, strict=True)]
    slack = [w - lo for w, lo in zip(natural, least, strict=True)]
    room = TEXT_WIDTH - sum(least)
    return [int(lo + s * room / sum(slack)) if sum(slack) else int(lo) for lo, s in zip(least, slack, strict=True)]


def _table(doc, table: Table) -> None:
    _caption(doc, w.TABLE_CAPTION, table.number, table.caption)
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.autofit = False
    for column, width in zip(grid.columns, _widths(table), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    with contextlib.suppress(KeyError):
        grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    bold_rows = {r + 1 for r in table.bold_rows} | {0}
    together = len(table.rows) <= KEEP_TOGETHER_ROWS
    for r, cells in enumerate([table.header, *table.rows]):
        row = grid.rows[r]
        for c, text in enumerate(cells):
            if c == 0 and table.merge_first and r > 1 and text == table.rows[r - 2][0]:
                _merge_down(row.cells[c], start=False)  # the same text as above: one cell over both rows
                continue
            if c == 0 and table.merge_first and r and r < len(table.rows) and text == table.rows[r][0]:
                _merge_down(row.cells[c], start=True)
            paragraph = row.cells[c].paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(9)
            run.bold = (r in bold_rows) or None
            if table.numeric[c]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if together and r < len(table.rows):  # a short table is not split over two pages
                paragraph.paragraph_format.keep_with_next = True
    _repeat_header(grid.rows[0])
    for text in table.notes:
        _note(doc, text)


def _picture(doc, chart: Chart, image: Path) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run()
    inline = run.add_picture(str(image), width=TEXT_WIDTH)
    doc_pr = inline._inline.docPr
    doc_pr.set("descr", chart.alt)
    doc_pr.set("title", chart.label)
    _caption(doc, w.CHART_CAPTION, chart.number, chart.caption)


def _paragraph(doc, block: Paragraph) -> None:
    if block.kind == "note":
        _note(doc, block.text)
        return
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.kind == "lead":
        run.bold = True
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_after = Pt(2)
    elif block.kind == "comment":
        run.italic = True


def _properties(doc, report: AnnualReport) -> None:
    from finsamdash.pack.clock import now

    props = doc.core_properties
    props.title = f"{report.title} – {report.association_name}"
    props.subject = w.DOCUMENT_SUBJECT
    props.author = report.association_name
    props.last_modified_by = "finsamdash"
    props.language = LANGUAGE
    props.keywords = w.DOCUMENT_KEYWORDS
    stamp = now().replace(microsecond=0, tzinfo=None)
    props.created = props.modified = stamp
    props.revision = 1


def build_document(report: AnnualReport, *, template: Path | None = None, images: Sequence[Path] | None = None):
    """The python-docx ``Document`` of ``report`` (``images``: the rendered charts in order; None = no charts)."""
    doc = _open_template(template)
    _swedish(doc)
    _properties(doc, report)
    doc.add_paragraph(report.title, style=_style(doc, "Title", outline=0))
    subtitle = doc.add_paragraph(report.association_name)
    subtitle.runs[0].bold = True
    pictures = dict(zip([c.number for c in report.charts()], images or (), strict=False))
    for block in report.blocks:
        if isinstance(block, Heading):
            doc.add_paragraph(block.text, style=_style(doc, f"Heading {block.level}", outline=block.level - 1))
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart) and block.number in pictures:
            _picture(doc, block, pictures[block.number])
    return doc


def _temporary(target: Path) -> Path:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".docx.tmp")
    os.close(handle)
    return Path(name)


def _mode(target: Path) -> int:
    """The permissions of the file replaced, or those a new file gets (the temporary file is private until then)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def check_output(out: Path, template: Path | None = None) -> None:
    """Raise :class:`~finsamdash.errors.InputFileError` (before any work is done) when ``out`` is not a .docx file
    name or is a folder, or ``template`` cannot be opened as a Word document."""
    out = Path(out)
    if out.is_dir():
        raise InputFileError(f"{out} är en mapp; ange ett filnamn för dokumentet, t.ex. {out / 'rapport.docx'}.",
                             path=str(out))
    if not re.search(r"\.docx$", out.name, flags=re.IGNORECASE):
        raise InputFileError(f"Utfilen {out} ska sluta på .docx (ett Word-dokument).", path=str(out))
    if template is not None:
        _open_template(template)


def write_docx(report: AnnualReport, out: Path, *, template: Path | None = None, charts: bool = True) -> Path:
    """Write ``report`` to ``out`` (a .docx) atomically: a temporary file in the same folder, renamed over the
    target only when complete. Returns the path written."""
    out = Path(out)
    check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="finsamdash-annual-") as folder:
        images = render_charts(report.charts(), Path(folder)) if charts else None
        doc = build_document(report, template=template, images=images)
        temporary = _temporary(out)
        try:
            doc.save(str(temporary))
            temporary.chmod(_mode(out))
            os.replace(temporary, out)
        finally:
            temporary.unlink(missing_ok=True)
    return out
