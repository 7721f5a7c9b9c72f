"""What building a meeting pack says (:mod:`finsamdash.pack`): the progress and summary lines of ``finsamdash build``,
every page's title and footer, the PDF's status, a build that is locked or stopped by a full disk, a cell stopped by
its time limit, a kernel that could not be warmed, and the links around every page.
"""

from __future__ import annotations

# --- progress and summary of ``finsamdash build`` (pack/command.py) ------------------------------------------------


def seconds(value: float) -> str:
    """``12,3 s``."""
    return f"{value:.1f}".replace(".", ",") + " s"


def dashboards(count: int) -> str:
    return f"{count} instrumentpanel" if count == 1 else f"{count} instrumentpaneler"


def building(total: int, jobs: int) -> str:
    processes = "parallell process" if jobs == 1 else "parallella processer"
    return f"Bygger {dashboards(total)} med {jobs} {processes} …"


def dashboard_state(ok: bool) -> str:
    return "klar" if ok else "MISSLYCKADES"


def error_in(where: str) -> str:
    return f"fel i {where}"


def pdf_done(association: str, pages: object, duration: float) -> str:
    return f"{association}: PDF klar ({pages} sidor, {seconds(duration)})"


def pdf_failed(association: str, error: object) -> str:
    return f"{association}: PDF MISSLYCKADES – {error}"


def pack_ready(association: str, folder: object) -> str:
    return f"{association}: mötesunderlaget är klart i {folder}"


def pack_not_published(association: str, failed_dashboards: int, folder: object) -> str:
    what = f"{dashboards(failed_dashboards)} misslyckades" if failed_dashboards else "PDF:en misslyckades"
    return f"{association}: {what} – underlaget har inte publicerats (det som byggdes finns i {folder})"


def source_warnings(count: int, data: object) -> str:
    return (f"Underlaget har {count} varningar (de stoppar inte bygget; `finsamdash validate {data}` visar "
            "dem).")


def build_done(duration: float, index: object) -> str:
    return f"Klart på {seconds(duration)}. Alla möten: {index}"


def build_failed(failed_dashboards: int, failed_pdfs: int, duration: float) -> str:
    what = [dashboards(failed_dashboards)] if failed_dashboards else []
    what += [f"{failed_pdfs} PDF{'er' if failed_pdfs > 1 else ''}"] if failed_pdfs else []
    return f"{' och '.join(what)} misslyckades (efter {seconds(duration)}):"


def pdf_failure_line(association: str, pdf_name: str, error: object) -> str:
    return f"{association} / {pdf_name}: {error} (bygg utan PDF med --no-pdf)"


FIX_AND_RUN_AGAIN = "Rätta felet och kör igen. Förbund där allt lyckades är publicerade som vanligt."

# --- every page of the pack (pack/build.py) -------------------------------------------------------------------------


def page_footer(association: str, meeting: str, dates: str) -> str:
    """``meeting``: the date, formatted; ``dates``: what the figures count up to."""
    return f"{association} · styrelsemöte {meeting} · {dates}"


def page_title(dashboard: str, association: str, meeting: str) -> str:
    return f"{dashboard} – {association} – styrelsemöte {meeting}"


# --- the PDF's status (pack/build.py) -------------------------------------------------------------------------------

PDF_SKIPPED = "PDF:en skrevs inte eftersom en instrumentpanel misslyckades."


def still_served(meeting: str, latest: str) -> str:
    """After a failed PDF: the pack that is still served (``meeting`` formatted)."""
    return f"Det senast publicerade underlaget (styrelsemötet {meeting}) visas fortfarande ({latest})."


NOTHING_SERVED = "Inget tidigare underlag är publicerat för förbundet."


def pdf_not_written(reason: object, where: object) -> str:
    return f"PDF:en kunde inte skrivas: {reason} ({where})."


def pdf_crashed(error_name: str, error: object) -> str:
    return f"PDF:en kunde inte skrivas: {error_name}: {error}."


# --- publishing: the lock and a full disk (pack/publish.py) ---------------------------------------------------------


#: Another build holds the lock, nothing more known.
ANOTHER_BUILD = "ett annat bygge"


def another_build(pid: object, *, host: str | None = None, started: str | None = None) -> str:
    """The build that holds the lock: its process, the machine (when another one) and when it started (formatted),
    as far as known."""
    who = f"{ANOTHER_BUILD} (process {pid}"
    if host:
        who += f" på datorn {host}"
    if started:
        who += f", startat {started}"
    return who + ")"


def build_locked(out: object, who: str = ANOTHER_BUILD) -> str:
    """``who``: :func:`another_build`."""
    return (f"Ett mötesunderlag byggs redan i {out} av {who}. Två byggen kan inte skriva i samma mapp samtidigt. "
            "Vänta tills det är klart och kör sedan igen; det senaste kompletta underlaget visas som vanligt under "
            "tiden.")


def disk_full(out: object, path: str | None, *, free: str | None = None, total: str | None = None) -> str:
    """The disk is full: which file could not be written, how much is free (formatted) and what was kept."""
    where = f"det gick inte att skriva {path}" if path else f"det gick inte att skriva i {out}"
    space = ""
    if free is not None:
        space = (f" Disken där {out} ligger har {free} ledigt av {total}; ett mötesunderlag med PDF tar omkring 10 MB "
                 "per förbund.")
    return (f"Disken är full: {where}.{space} Bygget avbröts. Underlag som inte hann bli klara har inte "
            "publicerats: det senaste kompletta underlaget (latest) visas som förut och äldre möten är orörda. "
            "Frigör utrymme (eller bygg till en annan mapp med --out) och kör igen.")


# --- running the notebooks (pack/engine.py, pack/kernels.py, pack/results.py) ---------------------------------------


def cell_timed_out(limit: object) -> str:
    return f"cellen kördes längre än {limit} s och stoppades (gränsen sätts med --timeout)"


KERNEL_DIED = "Python-kärnan som körde cellen avslutades oväntat (till exempel av minnesbrist eller en krasch)"


def not_warmed(notebook: str, error_name: str) -> str:
    return f"finsamdash: {notebook} kunde inte förberedas ({error_name}); den räknas fram när den visas."


def in_section(section: str) -> str:
    return f"avsnittet ”{section}”"


def in_cell(number: int, first_line: str) -> str:
    return f"cell {number}" + (f" ({first_line})" if first_line else "")


WHILE_WRITING_HTML = "när HTML-sidan skrevs"

# --- around every page (pack/page_ui.py) ----------------------------------------------------------------------------

BACK_TEXT = "Till mötesunderlaget"
LIVE_TEXT = "Öppna interaktivt"
LIVE_EXPLAINED = ("Interaktivt: diagrammen med rullgardinsmenyer för insats, kommun, kön och år, direkt från "
                  "servern. Den utskriftsvänliga sidan (länken i första kolumnen) visar hela förbundet.")
PRINTABLE_PAGE = "Utskriftsvänlig sida"
