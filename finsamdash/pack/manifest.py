"""The pack's ``manifest.json``: what was built from what (input files with their sha256, parameters, versions),
how every dashboard, the PDF and the presentation went, and the overview's headline figures, which the front page
(:mod:`finsamdash.pack.front_page`) shows.

The headline figures are the ones the overview shows: its key-figure section stores them, as data, beside the HTML
of the cards (mimetype :data:`finsamdash.dashboards.registry.KEY_FIGURES_MIME`); the build reads them from the
executed notebook (:func:`key_figures`). No HTML is read.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from finsamdash.dashboards.registry import KEY_FIGURES_MIME
from finsamdash.pack.export import PLOTLY_ASSET, write_text_atomic
from finsamdash.pack.presentation import REVEAL_ASSET
from finsamdash.pack.results import AssociationResult

MANIFEST_NAME = "manifest.json"
#: Distributions whose versions go into the manifest.
VERSIONS = ("finsamdash", "pandas", "numpy", "pandera", "plotly", "babel", "openpyxl", "papermill", "nbclient",
            "nbconvert", "nbformat", "ipykernel", "ipywidgets", "voila", "jupyterlab")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(data: Path, dataset: Any) -> list[dict[str, Any]]:
    """The files the dataset was read from: path (relative to DATA), size and sha256."""
    paths = sorted({Path(s.path).resolve() for s in dataset.sources.values()}) or [data]
    files = []
    for path in paths:
        if not path.is_file():
            continue
        shown = path.relative_to(data).as_posix() if data.is_dir() and path.is_relative_to(data) else path.name
        files.append({"path": shown, "size": path.stat().st_size, "sha256": _sha256(path)})
    return files


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": sys.version.split()[0]}
    for name in VERSIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def key_figures(overview_ipynb: Path) -> list[dict[str, str]]:
    """The overview's headline cards (label, value, detail, change) as its key-figure section stored them in the
    executed notebook ([] when there are none, e.g. the overview failed before them)."""
    import nbformat

    if not overview_ipynb.exists():
        return []
    try:
        nb = nbformat.read(str(overview_ipynb), as_version=4)
    except Exception:
        return []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            cards = output.get("data", {}).get(KEY_FIGURES_MIME)
            if cards is not None:
                return [{"label": c["label"], "value": c["value"], "detail": c["detail"], "change": c["delta"]}
                        for c in cards]
    return []


def pack_manifest(result: AssociationResult, *, parameters: dict[str, Any], input_files: list[dict[str, Any]],
                  validation_warnings: int, built_at: str,
                  disclosure: dict[str, Any] | None = None) -> dict[str, Any]:
    """The manifest of one association's pack (``key_figures`` and ``presentation`` are added once they exist)."""
    return {
        "format": 1,
        "association_id": result.association_id,
        "association_name": result.name,
        "meeting_date": result.meeting.isoformat(),
        "built_at": built_at,
        "status": "ok" if result.ok else "failed",
        "parameters": parameters,
        "input_files": input_files,
        "validation_warnings": validation_warnings,
        "versions": versions(),
        "assets": {"plotly.js": PLOTLY_ASSET, "reveal.js": REVEAL_ASSET},
        "key_figures": [],
        "dashboards": [
            {"dashboard": d.dashboard, "title": d.title, "status": d.status, "duration_s": d.duration,
             "ipynb": f"{d.dashboard}.ipynb", "html": f"{d.dashboard}.html",
             "error": asdict(d.error) if d.error else None,
             "error_text": d.error.describe() if d.error else None}
            for d in result.dashboards
        ],
        "pdf": result.pdf.as_manifest() if result.pdf else {"file": None, "status": "not_requested",
                                                            "duration_s": 0.0, "pages": None, "error": None},
        "disclosure": disclosure,
    }


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """``folder/manifest.json`` (atomically)."""
    write_text_atomic(folder / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """``folder/manifest.json``, or None when it is missing or unreadable."""
    try:
        return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None

