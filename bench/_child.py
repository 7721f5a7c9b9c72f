"""In-process workloads of ``bench/run.py``, run in a child process: ``python bench/_child.py SPEC.json``.

Prints one JSON object on the last line of stdout. Everything is timed with ``time.perf_counter`` inside this one
process (interpreter start-up and imports are reported separately), on an already loaded dataset where it says so:

* ``load``: ``finsamdash.data.validate.load(data)`` (read + validate) once;
* ``summary``: ``finsamdash.summary(dataset, association, year, raw=True)`` (the year's key figures as metrics
  compute them; the disclosure audit that decides what of them is shown is timed by ``bench/_audit.py``) for the
  meeting year and the year before, first call and repeated calls;
* ``page_load_s``: the first page object, which loads the data again through the pages' per-kernel cache;
* ``pages``: then every code cell of each dashboard notebook executed in this process with the bench's parameters
  (what papermill would run, without a kernel, the data already loaded): the page's data as of the meeting, every
  section's aggregates, figures and tables;
* ``widgets``: the same notebooks again as Voilà would run them (``VOILA_KERNEL_ID`` set, so each interactive
  section shows drop-downs and its content as a :class:`~finsamdash.dashboards.live_section.LiveSection`); then,
  for every drop-down of every section, its value is set to another option and back. Timed per change:
  ``dropdown.value = new`` – which runs the section's observer synchronously: the section's render function on
  the filtered data (aggregates, suppression, plotly figure, tables) and the assignment of the new bundles to
  ``LiveSection.items`` – plus ``json.dumps`` of that widget's state, i.e. the message a kernel would send over
  its comm. Not timed: the websocket transfer and the browser drawing the chart.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _notebook_code(path: Path) -> tuple[str, list[str], list[str]]:
    """(parameters cell source, the other code cells' sources, the heading above each) of a dashboard notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    params, cells, headings, heading = "", [], [], ""
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            heading = next((line.lstrip("#").strip() for line in source.splitlines() if line.startswith("#")),
                           heading)
        elif "parameters" in cell.get("metadata", {}).get("tags", []):
            params = source
        elif cell["cell_type"] == "code":
            cells.append(source)
            headings.append(heading)
    return params, cells, headings


def _run_notebook(path: Path, parameters: dict, on_cell=None) -> float:
    """Execute the notebook's code in a fresh namespace (display output discarded); return seconds."""
    params, cells, _headings = _notebook_code(path)
    namespace: dict = {"__name__": "__bench__"}
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(params, f"{path.name}:parameters", "exec"), namespace)
        namespace.update(parameters)
        for number, source in enumerate(cells, 1):
            exec(compile(source, f"{path.name}:cell{number}", "exec"), namespace)
            if on_cell:
                on_cell(path.stem, number)
    return time.perf_counter() - started


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    data = spec["data"]
    meeting = spec["meeting"]
    reps = int(spec.get("reps", 3))
    result: dict = {}

    started = time.perf_counter()
    import finsamdash
    from finsamdash.data.validate import load

    result["import_s"] = time.perf_counter() - started

    started = time.perf_counter()
    dataset = load(data)
    result["load_s"] = time.perf_counter() - started

    association = spec.get("association")
    if not association:  # the association with the most participation episodes (the heaviest pages)
        counts = {a: len(dataset.rows("participants", a)) for a in dataset.association_ids}
        association = max(counts, key=lambda a: (counts[a], a))
    result["association"] = association
    participants = dataset.rows("participants", association)
    result["association_rows"] = {"participants": len(participants) if participants is not None else 0}

    year = int(meeting[:4])
    summary = {}
    for y in (year - 1, year):
        times = []
        for _ in range(reps + 1):
            started = time.perf_counter()
            finsamdash.summary(dataset, association, y, raw=True)
            times.append(time.perf_counter() - started)
        summary[str(y)] = {"first_s": times[0], "median_s": _median(times[1:]), "times_s": times}
    result["summary"] = summary
    del dataset

    notebooks = sorted(Path(spec["notebooks"]).glob("*.ipynb"))
    parameters = {"data_path": data, "association_id": association, "meeting_date": meeting,
                  "previous_meeting_date": spec.get("previous")}
    from finsamdash.dashboards import OverviewPage

    started = time.perf_counter()  # fills the pages' per-kernel cache of the dataset, as a notebook's first page does
    OverviewPage(data, association, meeting, previous_meeting_date=spec.get("previous"))
    result["page_load_s"] = time.perf_counter() - started
    if spec.get("pages", True):
        result["pages_s"] = {path.stem: _run_notebook(path, parameters) for path in notebooks}
    chosen = spec.get("widget_dashboards")
    notebooks = [p for p in notebooks if not chosen or p.stem in chosen]
    if spec.get("widgets", True):
        result["widgets"] = _widgets(notebooks, parameters, reps)
    print(json.dumps(result))
    return 0


def _widgets(notebooks: list[Path], parameters: dict, reps: int) -> dict:
    import ipywidgets as widgets

    from finsamdash.dashboards.live_section import LiveSection

    os.environ["VOILA_KERNEL_ID"] = "bench"  # what Voilà sets in its kernels: pages add their drop-downs
    created: list = []
    widgets.Widget.on_widget_constructed(created.append)
    sections: list[tuple[str, int, list]] = []
    headings = {path.stem: _notebook_code(path)[2] for path in notebooks}

    def on_cell(dashboard: str, number: int) -> None:
        if created:
            sections.append((dashboard, number, list(created)))
            created.clear()

    render_s = {path.stem: _run_notebook(path, parameters, on_cell) for path in notebooks}
    changes = []
    for dashboard, cell, made in sections:
        outputs = [w for w in made if isinstance(w, LiveSection)]
        dropdowns = [w for w in made if isinstance(w, widgets.Dropdown)]
        if not outputs:
            continue
        out = outputs[0]
        for dropdown in dropdowns:
            values = [value for _label, value in dropdown.options]
            default = dropdown.value
            others = [v for v in values if v != default]
            if not others:
                continue
            new = others[0]
            times = []
            for _ in range(reps):
                for value in (new, default):
                    before = out.items
                    started = time.perf_counter()
                    dropdown.value = value
                    json.dumps(out.get_state())
                    times.append(time.perf_counter() - started)
                    if out.items is before:
                        raise RuntimeError(f"{dashboard} cell {cell}: changing {dropdown.description!r} did not "
                                           "update the output")
            changes.append({"dashboard": dashboard, "cell": cell, "section": headings[dashboard][cell - 1],
                            "control": dropdown.description,
                            "to": str(new), "median_s": _median(times), "max_s": max(times), "n": len(times)})
    return {"render_s": render_s, "changes": changes}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
