"""Settings for the whole suite.

The build clock is pinned (``SOURCE_DATE_EPOCH``, see :mod:`finsamdash.pack.clock`) to 23 November 2026, 12:00 UTC,
the demo data's meeting day, before any test runs: build times, the demo data's default end date and whether a year
is still running then never depend on the day the suite runs. The variable is set in the environment, so the kernels,
command-line runs and PDF printers that tests start as subprocesses see the same clock.
"""

from __future__ import annotations

import os

#: 2026-11-23 12:00:00 UTC: the same calendar day in every time zone from UTC−11 to UTC+11.
PINNED_EPOCH = "1795435200"

os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH
