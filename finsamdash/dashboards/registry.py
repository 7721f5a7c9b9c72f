"""The five dashboards: the one list that the build (which notebooks, in which order, under which titles), the PDF
and the presentation (their sections in that order), the pack's front page and index, and the pages' titles read.

A dashboard is a notebook ``notebooks/<name>.ipynb`` whose first heading is :attr:`Dashboard.title`, and a page class
in :mod:`finsamdash.dashboards` whose ``title`` is the same (tests check both). To add one: write its page class,
its notebook, and one line here.
"""

from __future__ import annotations

from dataclasses import dataclass

from finsamdash.wording.titles import DASHBOARD_TITLES


@dataclass(frozen=True)
class Dashboard:
    name: str  # the notebook's stem and the pack's file names (``<name>.ipynb``, ``<name>.html``)
    title: str  # the Swedish title: the notebook's heading, the page's title, the front page's link
    page: str  # the page class in finsamdash.dashboards


#: In the order of the front page, the PDF and the presentation.
DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard("overview", DASHBOARD_TITLES["overview"], "OverviewPage"),
    Dashboard("participants", DASHBOARD_TITLES["participants"], "ParticipantsPage"),
    Dashboard("goals", DASHBOARD_TITLES["goals"], "GoalsPage"),
    Dashboard("indicators", DASHBOARD_TITLES["indicators"], "IndicatorsPage"),
    Dashboard("budget", DASHBOARD_TITLES["budget"], "BudgetPage"),
)
#: The parameters cell every dashboard notebook starts with (papermill injects the build's values after it; a test
#: checks that every notebook carries exactly this cell).
PARAMETERS = """\
data_path: str = "../data/demo"  # folder of CSV files or one .xlsx workbook
association_id: str = "norrsken"  # the association (förbund) shown
meeting_date: str = "2026-11-23"  # ISO date of the board meeting: participant figures run to it
year: "int or None" = None  # year shown; default: the meeting date's year
previous_meeting_date: "str or None" = None  # for "since the last meeting"; None: no comparison
min_count: int = 5  # counts below this are suppressed
books_closed: "str or None" = None  # ledger complete to this date; None: month end of the last entry before the meeting
"""
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
