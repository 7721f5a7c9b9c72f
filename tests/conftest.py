"""Fixtures shared by several test modules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def demo_pack(tmp_path_factory) -> Path:
    """One demo association's meeting pack without a PDF (built once per test session): its meeting folder."""
    from finsamdash.build import build_pack

    out = tmp_path_factory.mktemp("demo-pack") / "packs"
    result = build_pack(ROOT / "data" / "demo", meeting=date(2026, 11, 23), out=out, association_ids=["norrsken"],
                        jobs=2, previous=date(2026, 9, 24), pdf=False)
    assert result.ok, [d.error for d in result.failures]
    return out / "norrsken" / "2026-11-23"
