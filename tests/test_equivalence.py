"""The same data in every accepted form gives the same key figures.

The shipped demo data as canonical CSV, as Swedish-Excel CSV (Windows-1252, semicolons, decimal comma, Swedish
headers and labels) and as a workbook made from `finsamdash template`'s layout and filled programmatically must
give identical summaries (raw and suppressed) for every association.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_csv_dialects import write_variant

from finsamdash import load, summary
from finsamdash.data.demo import generate_demo
from finsamdash.data.template import write_workbook

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
TODAY = date(2026, 11, 23)
YEARS = (2021, 2026)


@pytest.fixture(scope="module")
def canonical(demo_dataset):
    return demo_dataset


def _summaries(dataset):
    return {(a, y, raw): summary(dataset, a, y, raw=raw)
            for a in dataset.association_ids for y in YEARS for raw in (True, False)}


def _demo_summaries(demo_summary, kind: str, dataset) -> dict:
    """:func:`_summaries` of the demo data (``kind`` "csv" or "xlsx"), from the session's (tests/conftest.py)."""
    return {(a, y, raw): demo_summary(kind, a, y, raw)
            for a in dataset.association_ids for y in YEARS for raw in (True, False)}


@pytest.fixture(scope="module")
def canonical_summaries(canonical, demo_summary):
    """The canonical CSV's summaries (each suppressed one runs a joint audit), computed once for the session."""
    return _demo_summaries(demo_summary, "csv", canonical)


def test_swedish_excel_csv_gives_identical_summaries(canonical_summaries, tmp_path: Path) -> None:
    folder = write_variant(tmp_path / "sv", encoding="cp1252", delimiter=";", swedish=True, source=DEMO)
    assert _summaries(load(folder)) == canonical_summaries


@pytest.fixture(scope="module")
def generated():
    return generate_demo(seed=1, as_of=TODAY)


@pytest.fixture(scope="module")
def workbook_summaries(demo_workbook, demo_summary):
    """The summaries of the shipped ``data/demo/demo.xlsx`` (the session's loaded copy), computed once."""
    return _demo_summaries(demo_summary, "xlsx", demo_workbook)


def test_filled_template_workbook_gives_identical_summaries(canonical_summaries, generated, workbook_summaries,
                                                             tmp_path: Path) -> None:
    workbook = write_workbook(tmp_path / "ifylld.xlsx", generated)
    # the same bytes as the shipped workbook (as now) read as the same dataset: its summaries are computed once
    same_file = workbook.read_bytes() == (DEMO / "demo.xlsx").read_bytes()
    assert (workbook_summaries if same_file else _summaries(load(workbook))) == canonical_summaries


def test_shipped_demo_workbook_gives_identical_summaries(canonical_summaries, workbook_summaries) -> None:
    assert workbook_summaries == canonical_summaries


def test_shipped_demo_csv_is_what_the_generator_writes(tmp_path: Path) -> None:
    from finsamdash.data.demo import write_demo

    out = write_demo(tmp_path / "demo", seed=1, as_of=TODAY, xlsx=False)
    shipped = sorted(p.name for p in DEMO.glob("*.csv"))
    assert sorted(p.name for p in out.glob("*.csv")) == shipped
    for name in shipped:
        assert (out / name).read_bytes() == (DEMO / name).read_bytes(), f"data/demo/{name} is stale: make demo-data"


def test_csv_folder_and_workbook_give_identical_typed_tables(canonical, demo_workbook, generated) -> None:
    """Not only the key figures: every typed table (values, dtypes, row numbers) is the same from both file kinds,
    and equals what the generator made (the CSV round trip loses nothing)."""
    import pandas as pd

    workbook = demo_workbook
    assert list(canonical.tables) == list(workbook.tables) == list(generated)
    for name, frame in canonical.tables.items():
        pd.testing.assert_frame_equal(frame, workbook.tables[name], check_exact=True, obj=name)
        assert list(frame.index) == list(range(2, len(frame) + 2)), name  # header = row 1
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), generated[name], check_exact=True, obj=name)
