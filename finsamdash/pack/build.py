"""The meeting pack: validate, execute every dashboard notebook per association, write immutable meeting folders.

    DIR/index.html                               every association and meeting, newest first
    DIR/<association_id>/latest                  symlink -> the newest complete meeting folder
    DIR/<association_id>/<meeting>/index.html    the pack's front page
    DIR/<association_id>/<meeting>/<dashboard>.ipynb, <dashboard>.html
    DIR/<association_id>/<meeting>/assets/plotly.min.js
    DIR/<association_id>/<meeting>/board-pack.pdf      A4: cover and the five dashboards (``finsamdash.pack.pdf``)
    DIR/<association_id>/<meeting>/presentation.html   the director's slides (``finsamdash.pack.presentation``)
    DIR/<association_id>/<meeting>/assets/reveal/      its slide engine (reveal.js)
    DIR/<association_id>/<meeting>/manifest.json
    DIR/<association_id>/<meeting>/disclosure.json.gz  what the pack shows (its audit: shown values, hidden keys)


How a pack is written so that a reader (or Voilà) never sees half of one:

1. the data is validated first; with errors nothing at all is written (not even DIR);
2. a pack is built in ``DIR/<association>/.tmp-<meeting>-<random>`` (same file system as its final place);
3. when every dashboard succeeded, the PDF is printed inside the temporary folder (unless ``pdf=False``) and the
   manifest written; then the folder is renamed to ``<meeting>``. An existing ``<meeting>`` is swapped
   with it in one step where the system can (Linux ``renameat2(RENAME_EXCHANGE)``), otherwise renamed aside first;
   the old one is deleted afterwards. Other meetings are never touched;
4. ``latest`` is then replaced atomically (a new symlink under a temporary name, ``os.replace``d over the old).

A pack in which a dashboard failed is not installed as ``<meeting>`` and does not move ``latest``: it is kept as
``DIR/<association>/<meeting>-misslyckad/`` (replacing an older failed attempt) so that the director can see
what went wrong, and the exit status is 1. A later successful build of the meeting removes it.

The PDF is part of a complete pack: when it is asked for, chromium is looked for before anything is written (a
:class:`~finsamdash.errors.UsageError` says how to install it or to use ``--no-pdf``), and a PDF that fails to
print fails its association's pack like a failed dashboard (kept as ``-misslyckad``, ``latest`` not moved), so that
``latest`` never points at a pack without its PDF. ``pdf=False`` (``--no-pdf``) builds packs without one.

Notebooks run with papermill across ``jobs`` worker processes. Each worker keeps one warm kernel (pandas, plotly
and finsamdash imported once) and runs its notebooks in it one after another, resetting the namespace and the
prompt numbers in between so that every executed notebook is as a fresh run would have left it; the data is
validated once, by the build, and handed to the kernels (:mod:`finsamdash.dashboards.handover`). A failing
notebook does not stop the others: after any failure (an error, a cell over ``timeout``, a kernel that died)
the worker replaces its kernel before the next notebook.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from finsamdash.dashboards.handover import FILE_NAME as HANDOVER_FILE
from finsamdash.dashboards.handover import private_folder, write_disclosure, write_handover
from finsamdash.dashboards.registry import dashboard, names
from finsamdash.data.contract import DEFAULT_MIN_COUNT
from finsamdash.errors import DataValidationError, PdfError, UsageError
from finsamdash.metrics.forecast import books_closed_date, check_previous_meeting
from finsamdash.pack import clock
from finsamdash.pack.export import write_plotly_asset, write_text_atomic
from finsamdash.pack.front_page import built_text, front_page, write_index
from finsamdash.pack.manifest import input_files, key_figures, pack_manifest, write_manifest
from finsamdash.pack.pdf import PackInfo, require_chromium, write_pdf
from finsamdash.pack.presentation import write_presentation
from finsamdash.pack.publish import (
    DISK_FULL,
    LATEST,
    build_lock,
    install_folder,
    is_disk_full,
    meetings,
    point_latest,
    previous_meeting,
    recover,
)
from finsamdash.pack.results import (
    AssociationResult,
    BuildEvent,
    BuildResult,
    CellError,
    DashboardResult,
    PdfStatus,
    Progress,
)
from finsamdash.pack.workers import Task, execute, start_workers
from finsamdash.privacy.disclosure import FILE_NAME as DISCLOSURE_FILE
from finsamdash.wording import build as say
from finsamdash.wording.economy import dates_sv
from finsamdash.wording.formatting import fmt_date

#: The dashboards' notebooks: the repository's top-level ``notebooks/`` (committed without outputs), shipped inside
#: the package as ``finsamdash/notebooks`` (a link to it in the checkout, package data in the wheel).
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
FAILED_SUFFIX = "-misslyckad"


def dashboard_notebooks(folder: Path) -> list[Path]:
    """The notebooks in ``folder``: the registered dashboards in their order, then any others alphabetically."""
    found = sorted(Path(folder).glob("*.ipynb"))
    rank = {name: i for i, name in enumerate(names())}
    return sorted(found, key=lambda p: (rank.get(p.stem, len(rank)), p.stem))


def notebook_title(path: Path) -> str:
    """The dashboard's Swedish title: the registry's for a registered dashboard; for any other notebook its first
    ``# heading`` (the file name when there is none)."""
    import nbformat

    if path.stem in names():
        return dashboard(path.stem).title
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem



@dataclass
class _Pack:
    result: AssociationResult
    tmp: Path
    tasks: list[Task]
    parameters: dict[str, Any]
    pending: int = 0
    #: the audit's file in the pack and its figures (for the manifest), None when it failed
    disclosure: dict[str, Any] | None = None



def build_pack(data: Path, *, meeting: date, out: Path, association_ids: list[str] | None = None,
               jobs: int | None = None, previous: date | None = None, progress: Progress | None = None,
               notebooks: Path | None = None, min_count: int = DEFAULT_MIN_COUNT,
               timeout: int | None = None, pdf: bool = True, books_closed: date | None = None) -> BuildResult:
    """Validate ``data`` and build the meeting pack of every association (or ``association_ids``) into ``out``.

    ``previous`` is the previous meeting's date for every association; by default the newest existing pack of each
    association in ``out`` before ``meeting``. ``books_closed`` is the date up to which the ledger is complete,
    for every association; by default, per association, the last day of the month of its latest ledger line on or
    before the meeting (see :mod:`finsamdash.metrics.forecast`). Either after the meeting (for ``previous``: on or
    after it) is a :class:`~finsamdash.errors.MeetingDateError`, raised before anything is written. ``jobs`` worker
    processes (default: the number of cores) run the notebooks, each in its own warm kernel reused from one notebook
    to the next; ``timeout`` limits each cell (seconds: a cell that runs longer fails its dashboard). ``pdf`` prints
    ``board-pack.pdf`` into every complete pack (chromium must be installed; see :mod:`finsamdash.pack.pdf`). Raises
    :class:`~finsamdash.errors.DataValidationError` (writing nothing) when the data has errors and
    :class:`~finsamdash.errors.UsageError` for an unknown association, a missing notebooks folder or, with ``pdf``,
    a missing chromium.
    """
    from finsamdash.data.validate import check

    started = time.perf_counter()
    check_previous_meeting(previous, meeting)
    if books_closed is not None:
        books_closed_date(None, meeting, books_closed)  # after the meeting: an error before anything starts
    data = Path(data).expanduser().resolve()
    out = Path(out).expanduser().resolve()
    notebooks = Path(notebooks) if notebooks is not None else NOTEBOOKS
    emit = progress or (lambda _event: None)
    jobs = max(1, jobs or os.cpu_count() or 1)
    sources = dashboard_notebooks(notebooks)
    # the workers start their kernels while the data is validated (they are stopped again if it is invalid)
    pool = start_workers(jobs, prestart=min(jobs, len(sources) * len(association_ids or [None]))) if sources else None
    handover: Path | None = None
    try:
        dataset, issues = check(data, reference_date=meeting)  # warnings as of the meeting, not the clock
        if dataset is None:
            raise DataValidationError(issues)
        ids = list(dict.fromkeys(association_ids or dataset.association_ids))
        for association_id in ids:
            dataset.require_association(association_id)
        if not sources or pool is None:
            raise UsageError(f"Hittar inga instrumentpaneler (.ipynb) i {notebooks}.")
        if min_count < 1:
            raise UsageError("min_count måste vara minst 1.")
        chromium: str | None = None
        if pdf:
            try:
                chromium = require_chromium()
            except PdfError as exc:
                raise UsageError(str(exc)) from None
        titles = {p.stem: notebook_title(p) for p in sources}
        files = input_files(data, dataset)
        built_at = clock.now().isoformat(timespec="seconds")
        meeting_iso = meeting.isoformat()
        # the kernels take the validated dataset from a private temporary file instead of validating it again
        with suppress(Exception):  # without it they load the data themselves
            handover = private_folder()
            write_handover(dataset, data, handover)
        handover_file = str(handover / HANDOVER_FILE) if handover and (handover / HANDOVER_FILE).exists() else None
        names = {association_id: dataset.association_name(association_id) for association_id in ids}
        books = {association_id: books_closed_date(dataset.rows("ledger", association_id), meeting, books_closed)
                 for association_id in ids}

        out.mkdir(parents=True, exist_ok=True)
        warnings = [i for i in issues if i.severity != "error"]
        result = BuildResult(out, meeting, [], 0.0, built_at, warnings)
        with build_lock(out):
            packs: list[_Pack] = []
            for association_id in ids:
                folder = out / association_id
                recover(folder)
                folder.mkdir(exist_ok=True)
                prev = previous if previous is not None else previous_meeting(out, association_id, meeting)
                name = names[association_id]
                tmp = folder / f".tmp-{meeting_iso}-{secrets.token_hex(4)}"
                tmp.mkdir()
                write_plotly_asset(tmp)
                closed = books[association_id]
                parameters = {"data_path": str(data), "association_id": association_id,
                              "meeting_date": meeting_iso,
                              "previous_meeting_date": prev.isoformat() if prev else None, "year": None,
                              "min_count": min_count, "books_closed": closed.isoformat() if closed else None}
                footer = say.page_footer(name, fmt_date(meeting), dates_sv(meeting, closed))
                tasks = [Task(association_id, p.stem, titles[p.stem], str(p.resolve()), str(tmp), parameters,
                               say.page_title(titles[p.stem], name, fmt_date(meeting)), footer, timeout,
                               handover_file)
                         for p in sources]
                packs.append(_Pack(AssociationResult(association_id, name, meeting, prev), tmp, tasks, parameters,
                                   len(tasks)))
            total = sum(len(p.tasks) for p in packs)
            emit(BuildEvent("start", total=total, jobs=min(jobs, total)))
            try:
                for pack in packs:
                    emit(BuildEvent("association_start", pack.result.association_id, pack.result.name, 0,
                                    len(pack.tasks)))
                by_id = {p.result.association_id: p for p in packs}

                def finished(dashboard: DashboardResult) -> None:
                    pack = by_id[dashboard.association_id]
                    pack.result.dashboards.append(dashboard)
                    pack.pending -= 1
                    emit(BuildEvent("dashboard", pack.result.association_id, pack.result.name,
                                    len(pack.result.dashboards), len(pack.tasks), dashboard=dashboard))
                    if pack.pending == 0:
                        _finish(pack, out, files, built_at, started, len(warnings), chromium)
                        result.associations.append(pack.result)
                        emit(BuildEvent("association_done", pack.result.association_id, pack.result.name,
                                        len(pack.tasks), len(pack.tasks), association=pack.result))

                execute(pool, _audited_tasks(packs, dataset, data, handover, meeting, min_count, out), finished)
            finally:
                for pack in packs:  # interrupted: leave no temporary folder behind
                    if pack.tmp.exists():
                        shutil.rmtree(pack.tmp, ignore_errors=True)
            write_index(out)
    finally:  # on an error or Ctrl+C: start nothing new, let the running notebooks end, stop the kernels
        if pool is not None:
            pool.shutdown(wait=pool.used)
        if handover is not None:
            shutil.rmtree(handover, ignore_errors=True)
    result.associations.sort(key=lambda a: ids.index(a.association_id))
    result.duration = round(time.perf_counter() - started, 3)
    return result


def _audited_tasks(packs: list[_Pack], dataset: Any, data: Path, handover: Path | None, meeting: date,
                   min_count: int, out: Path) -> Iterator[Task]:
    """Audit each pack once (:func:`finsamdash.privacy.audit_pack`, against its previous meeting as that pack was
    published: :func:`_previous_published`), hand the answer to its kernels
    (:func:`finsamdash.dashboards.handover.write_disclosure`), store its shown part in the pack
    (``disclosure.json.gz``), then yield its notebooks. A pack whose audit fails still gets its notebooks: each page
    then audits (and fails) on its own, and the failure is reported as the dashboard's."""
    from finsamdash.privacy import audit_pack

    associations = dataset.association_ids
    read: dict[tuple[str, date], frozenset | None] = {}
    for pack in packs:
        res = pack.result
        try:
            published = _previous_published(out, associations, res.previous, read) if res.previous else None
            disclosure = audit_pack(dataset, res.association_id, meeting, previous=res.previous,
                                    min_count=min_count, previous_published=published)
            if handover is not None:
                write_disclosure(disclosure, data, handover)
            disclosure.write(pack.tmp)
            pack.disclosure = {"file": DISCLOSURE_FILE, **{k: disclosure.stats[k] for k in (
                "seconds", "cells", "hidden")}}
        except OSError as exc:
            if is_disk_full(exc):  # the whole build stops with DiskFullError (see build_lock), as everywhere
                raise
        except Exception:  # reported by the pages themselves (see above)
            pass
        yield from pack.tasks


def _previous_published(out: Path, associations: list[str], previous: date,
                        read: dict[tuple[str, date], frozenset | None]) -> dict[str, frozenset]:
    """The shown cell keys of every association's pack of the ``previous`` meeting in ``out`` as it was published
    (:func:`finsamdash.privacy.pack.published_previous`; the pack's own for its previous pack, the others' for
    their survey results in the comparison), by association; those without a usable pack are left out. ``read``
    keeps what was read for the next pack of the build."""
    from finsamdash.privacy.pack import published_previous

    for association_id in associations:
        if (association_id, previous) not in read:
            read[association_id, previous] = published_previous(out / association_id / previous.isoformat(),
                                                                 association_id, previous)
    return {a: keys for a in associations if (keys := read[a, previous]) is not None}


def _print_pdf(pack: _Pack, chromium: str | None, built_at: str) -> PdfStatus | None:
    """Print ``board-pack.pdf`` into the temporary folder (None when no PDF was asked for)."""
    res = pack.result
    if chromium is None:
        return None
    if not all(d.ok for d in res.dashboards):
        return PdfStatus("skipped", error=say.PDF_SKIPPED)
    meeting = fmt_date(res.meeting)
    closed = pack.parameters.get("books_closed")
    info = PackInfo(association=res.name, meeting=meeting, cutoff=meeting, built=built_text(built_at),
                    books_closed=fmt_date(closed) if closed else None,
                    dashboards=[(d.dashboard, d.title) for d in res.dashboards],
                    previous=fmt_date(res.previous) if res.previous else None,
                    min_count=pack.parameters.get("min_count", DEFAULT_MIN_COUNT))
    start = time.perf_counter()

    def failed(error: str) -> PdfStatus:
        """The failure, saying which pack is still served (the CLI adds that ``--no-pdf`` builds without one)."""
        try:
            served = date.fromisoformat(os.readlink(pack.tmp.parent / LATEST))
            still = say.still_served(fmt_date(served), LATEST)
        except (OSError, ValueError):
            still = say.NOTHING_SERVED
        error = error.rstrip() if error.rstrip().endswith(".") else f"{error.rstrip()}."
        return PdfStatus("failed", round(time.perf_counter() - start, 3), error=f"{error} {still}")

    try:  # write_pdf stops chromium itself when it crashes, hangs or passes its time limit (finsamdash.pack.pdf)
        printed = write_pdf(pack.tmp, info, chromium=chromium)
    except PdfError as exc:
        return failed(str(exc))
    except OSError as exc:
        if is_disk_full(exc):  # not the PDF's fault: the whole build stops with DiskFullError (see build_lock)
            raise
        return failed(say.pdf_not_written(exc.strerror or exc, exc.filename or pack.tmp))
    except Exception as exc:  # anything else: this association's PDF fails, not the build
        return failed(say.pdf_crashed(type(exc).__name__, exc))
    return PdfStatus("ok", printed.duration, printed.pages)


def _write_presentation(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """Write ``presentation.html`` from the executed notebooks; what happened, for the manifest (a presentation
    that cannot be made is reported on the front page and does not stop the pack)."""
    try:
        path = write_presentation(folder, manifest)
    except OSError as exc:
        if is_disk_full(exc):
            raise
        return {"file": None, "status": "failed", "error": f"{exc.strerror or exc} ({exc.filename or folder})"}
    except Exception as exc:
        return {"file": None, "status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    return {"file": path.name, "status": "ok", "error": None}


def _disk_full_error(error: CellError) -> bool:
    """A dashboard that failed because its files could not be written to a full disk (the worker reports the
    OSError as text: ``[Errno 28] No space left on device: '...'``)."""
    return any(error.evalue.startswith(f"[Errno {code}]") for code in DISK_FULL)


def _finish(pack: _Pack, out: Path, files: list[dict[str, Any]], built_at: str, started: float,
            warnings: int, chromium: str | None = None) -> None:
    """Print the PDF, write the manifest and the front page into the temporary folder, then install it."""
    res = pack.result
    rank = {t.dashboard: i for i, t in enumerate(pack.tasks)}
    res.dashboards.sort(key=lambda d: rank[d.dashboard])
    full = next((d.error for d in res.dashboards if d.error is not None and _disk_full_error(d.error)), None)
    if full is not None:  # a notebook could not be written: the disk is full, not the dashboard broken
        found = re.search(r"'([^']+)'", full.evalue)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), found.group(1) if found else str(pack.tmp))
    res.pdf = _print_pdf(pack, chromium, built_at)
    manifest = pack_manifest(res, parameters=pack.parameters, input_files=files, validation_warnings=warnings,
                             built_at=built_at, disclosure=pack.disclosure)
    folder = out / res.association_id
    previous = manifest["parameters"]["previous_meeting_date"]
    previous_exists = bool(previous) and (folder / previous / "index.html").exists()
    manifest["key_figures"] = key_figures(pack.tmp / "overview.ipynb")
    manifest["presentation"] = _write_presentation(pack.tmp, manifest)
    write_text_atomic(pack.tmp / "index.html", front_page(manifest, previous_exists=previous_exists))
    res.duration = round(time.perf_counter() - started, 3)
    write_manifest(pack.tmp, manifest)
    if res.ok:
        target = folder / res.meeting.isoformat()
        install_folder(pack.tmp, target)
        newest = meetings(folder)[0].isoformat()
        point_latest(folder, newest)
        shutil.rmtree(folder / f"{res.meeting.isoformat()}{FAILED_SUFFIX}", ignore_errors=True)
        res.installed = True
    else:
        target = folder / f"{res.meeting.isoformat()}{FAILED_SUFFIX}"
        install_folder(pack.tmp, target)
    res.folder = target

