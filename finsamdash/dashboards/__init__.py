"""The five dashboards, one page class each; notebooks create one page and call one method per section.

    page = ParticipantsPage(data_path, association_id, meeting_date, year=year,
                            previous_meeting_date=previous_meeting_date, min_count=min_count)
    page.header()
    page.monthly_flows()
"""

from finsamdash.dashboards._page import Control, Page, under_voila

__all__ = ["Control", "Page", "under_voila"]
