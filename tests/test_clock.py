"""The injectable build clock (finsamdash.pack.clock): SOURCE_DATE_EPOCH pins it, nothing else reads the wall clock
for output."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from finsamdash.errors import UsageError
from finsamdash.pack import clock

ROOT = Path(__file__).resolve().parents[1]


def test_source_date_epoch_pins_now_and_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1479211200")  # 2016-11-15 12:00 UTC
    assert clock.now() == datetime(2016, 11, 15, 12, 0, tzinfo=UTC)
    assert clock.now().tzinfo is not None
    assert clock.today().isoformat() == "2016-11-15"


def test_the_suite_runs_on_a_pinned_clock():
    assert clock.today().isoformat() == "2026-11-23"  # tests/conftest.py


def test_without_source_date_epoch_the_wall_clock(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = datetime.now(UTC)
    assert before <= clock.now() <= datetime.now(UTC)


@pytest.mark.parametrize("value", ["tomorrow", "-5", "1.5e9"])
def test_a_malformed_source_date_epoch_is_an_error(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        clock.now()


def test_no_module_reads_the_wall_clock_for_output():
    """Only the clock and operational timestamps (a build lock's start; how long ago a served kernel was last used)
    may call the wall clock."""
    allowed = {"finsamdash/pack/clock.py": 1,
               "finsamdash/pack/publish.py": 1,  # the lock holder's real start time
               "finsamdash/pack/serve.py": 1}  # jupyter_server's last_activity (UTC) against now: never shown
    found = {}
    for path in sorted((ROOT / "finsamdash").rglob("*.py")):
        calls = len(re.findall(r"\b(?:date\.today|datetime\.now|datetime\.today|time\.time)\b", path.read_text()))
        if calls:
            found[path.relative_to(ROOT).as_posix()] = calls
    assert found == allowed
