"""The five dashboards: the one list that the build (which notebooks, in which order, under which titles), the PDF
and the presentation (their sections in that order), the pack's front page and index, and the pages' titles read.

A dashboard is a notebook ``notebooks/<name>.ipynb`` whose first heading is :attr:`Dashboard.title`, and a page class
in :mod:`finsamdash.dashboards` whose ``title`` is the same (tests check both). To add one: write its page class,
its notebook, and one line here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dashboard:
    name: str  # the notebook's stem and the pack's file names (``<name>.ipynb``, ``<name>.html``)
    title: str  # the Swedish title: the notebook's heading, the page's title, the front page's link
    page: str  # the page class in finsamdash.dashboards


#: In the order of the front page, the PDF and the presentation.
DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard("overview", "Översikt", "OverviewPage"),
    Dashboard("participants", "Deltagarflöden", "ParticipantsPage"),
    Dashboard("goals", "Måluppfyllelse", "GoalsPage"),
    Dashboard("indicators", "Kärnindikatorer", "IndicatorsPage"),
    Dashboard("budget", "Budget och utfall", "BudgetPage"),
)
#: The mimetype under which the overview's key-figure section stores its headline cards (label, value, detail,
#: delta) as data beside their HTML, for the pack's manifest and front page
#: (:func:`finsamdash.pack.manifest.key_figures`). No renderer knows it: pages show the HTML.
KEY_FIGURES_MIME = "application/vnd.finsamdash.key-figures+json"


def dashboard(name: str) -> Dashboard:
    """The registered dashboard ``name`` (KeyError for any other)."""
    return _BY_NAME[name]


_BY_NAME = {d.name: d for d in DASHBOARDS}


def names() -> tuple[str, ...]:
    """The dashboards' names (notebook stems) in order."""
    return tuple(d.name for d in DASHBOARDS)
