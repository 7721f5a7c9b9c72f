"""The five dashboards, one page class each; notebooks create one page and call one method per section.

    page = ParticipantsPage(data_path, association_id, meeting_date, year=year,
                            previous_meeting_date=previous_meeting_date, min_count=min_count,
                            books_closed=books_closed)
    page.header()
    page.monthly_flows()
"""

from finsamdash.dashboards._page import Control, Page, under_voila
from finsamdash.dashboards.budget import BudgetPage
from finsamdash.dashboards.goals import GoalsPage
from finsamdash.dashboards.indicators import IndicatorsPage
from finsamdash.dashboards.overview import OverviewPage
from finsamdash.dashboards.participants import ParticipantsPage

__all__ = [
    "BudgetPage", "Control", "GoalsPage", "IndicatorsPage", "OverviewPage", "Page", "ParticipantsPage", "under_voila",
]
