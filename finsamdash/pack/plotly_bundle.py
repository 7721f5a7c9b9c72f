"""plotly.js for the meeting packs: a bundle with only the trace types the dashboards draw, or the full one.

The static pages of a pack load ``assets/plotly.min.js`` before any chart is drawn; the full plotly.js of the
plotly package is 4.8 MB, most of the 1.9 s until a single viewer saw the first chart. :data:`BUNDLE` is plotly.js
built from its own sources with only :data:`TRACES` (≈ 1.3 MB; recipe and rebuild: ``tools/plotly-bundle``).

:func:`pack_plotly_js` gives the bundle when it was built from the same plotly.js version as the installed plotly
package (figures are made for that version), else the full plotly.js; :func:`covers` tells whether a set of trace
types can be drawn by it, so that a page using any other type gets the full plotly.js instead of a blank chart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

#: The trace types the dashboards draw (keep in step with tools/plotly-bundle/entry.js and build.mjs).
TRACES = frozenset({"bar", "sankey", "scatter", "waterfall"})
BUNDLE = Path(__file__).resolve().parent / "assets" / "plotly-finsamdash.min.js"
_HEADER = re.compile(r"/\*! finsamdash plotly\.js (\S+) traces=(\S+) ")


def full_plotly_js() -> str:
    """The minified plotly.js of the installed plotly package (no network)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def plotly_version() -> str:
    """The version of the plotly.js the installed plotly package ships (its first comment line)."""
    found = re.search(r"plotly\.js v(\S+)", full_plotly_js()[:300])
    return found.group(1) if found else ""


@lru_cache(maxsize=1)
def bundle_info() -> tuple[str, frozenset[str]] | None:
    """(plotly.js version, trace types) of :data:`BUNDLE` from its first line; None when it is missing."""
    try:
        with BUNDLE.open(encoding="utf-8") as handle:
            found = _HEADER.match(handle.readline())
    except OSError:
        return None
    return (found.group(1), frozenset(found.group(2).split(","))) if found else None


def bundle_usable() -> bool:
    """True when the bundle exists, holds :data:`TRACES` and matches the installed plotly's plotly.js version."""
    info = bundle_info()
    return info is not None and info[1] >= TRACES and info[0] == plotly_version()


def covers(trace_types: Iterable[str]) -> bool:
    """True when the pack's plotly.js (:func:`pack_plotly_js`) draws every one of ``trace_types``."""
    info = bundle_info()
    return not bundle_usable() or set(trace_types) <= (info[1] if info else set())


def pack_plotly_js() -> str:
    """The plotly.js a pack gets: the small bundle when usable (:func:`bundle_usable`), else the full one."""
    return BUNDLE.read_text(encoding="utf-8") if bundle_usable() else full_plotly_js()
