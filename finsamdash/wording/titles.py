"""The Swedish titles of the five dashboards, by their names (notebook stems): each notebook's heading, its page's
title, the front page's link and the PDF's and presentation's chapters (:mod:`finsamdash.dashboards.registry`)."""

from __future__ import annotations

DASHBOARD_TITLES = {
    "overview": "Översikt",
    "participants": "Deltagarflöden",
    "goals": "Måluppfyllelse",
    "indicators": "Kärnindikatorer",
    "budget": "Budget och utfall",
}
