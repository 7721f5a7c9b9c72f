"""The build clock: the time written into outputs ("Byggt 23 november 2026 kl. 12:40"), injectable.

Everything that writes the current time or date into something a reader sees (the pack's build time, the demo data's
default end date, whether ``summary`` treats a year as still running) asks this module instead of the wall clock.
It honours the reproducible-builds convention ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/
source-date-epoch/): when the variable holds a number of seconds since 1970-01-01 UTC, that instant is "now". Tests
pin it (``tests/conftest.py``) so that nothing in the suite depends on the day it runs; a packager may pin it to make
two builds of the same data byte-identical.

Operational timestamps that describe real processes (a build lock's start time, timings) keep the wall clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from finsamdash.errors import UsageError

__all__ = ["SOURCE_DATE_EPOCH", "now", "today"]

#: The environment variable of the reproducible-builds convention.
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def now() -> datetime:
    """The current time as an aware datetime in the machine's time zone: ``$SOURCE_DATE_EPOCH`` when set, else
    the wall clock. A value that is not a whole number of seconds is a :class:`~finsamdash.errors.UsageError`
    (the convention says to fail rather than fall back to the wall clock)."""
    pinned = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not pinned:
        return datetime.now().astimezone()
    try:
        seconds = int(pinned)
        if seconds < 0:
            raise ValueError(pinned)
        return datetime.fromtimestamp(seconds, tz=UTC).astimezone()
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"Miljövariabeln {SOURCE_DATE_EPOCH} ska vara ett antal sekunder sedan 1970-01-01 UTC "
                         f"(ett heltal ≥ 0), inte {pinned!r}. Ta bort den eller rätta värdet.") from None


def today() -> date:
    """Today's date by :func:`now`."""
    return now().date()
