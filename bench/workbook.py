"""The director's workbook at volume: write a filled workbook and read it back through validation.

    python bench/workbook.py                 # 20 000 participant episodes, median of 3
    python bench/workbook.py --rows 50000 --repeat 5

The demo data's tables (``data/demo``, from ``make demo-data``) with the participants repeated under new ids up to
``--rows`` rows are written with :func:`finsamdash.data.template.write_workbook` (what ``finsamdash template --from``
does), then the workbook is read and validated with :func:`finsamdash.data.validate.check` (what ``finsamdash check``
does). Figures go to docs/benchmarks.md by hand, with the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from finsamdash.data.template import write_workbook
from finsamdash.data.validate import check, load

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def tables(rows: int) -> dict[str, pd.DataFrame]:
    """The demo tables with ``rows`` participant episodes (repeats of the demo's under new participant ids)."""
    data = load(DEMO)
    out = {name: data.table(name) for name in data.tables}
    people = out["participants"]
    copies = -(-rows // len(people))
    tiled = pd.concat([people] * copies, ignore_index=True).iloc[:rows].copy()
    known = tiled["participant_id"].notna()
    tiled.loc[known, "participant_id"] = [f"B-{i:06d}" for i in range(int(known.sum()))]
    out["participants"] = tiled
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    frames = tables(args.rows)
    writes, checks = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            path = Path(tmp) / f"stor-{i}.xlsx"
            start = time.perf_counter()
            write_workbook(path, frames)
            writes.append(time.perf_counter() - start)
            start = time.perf_counter()
            data, issues = check(path)
            checks.append(time.perf_counter() - start)
        size = path.stat().st_size
    print(f"{args.rows} participant episodes, {len(frames)} tables, workbook {size / 1e6:.1f} MB, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"write_workbook: median {statistics.median(writes):.2f} s  ({', '.join(f'{t:.2f}' for t in writes)})")
    print(f"check:          median {statistics.median(checks):.2f} s  ({', '.join(f'{t:.2f}' for t in checks)}), "
          f"{'valid' if data is not None else 'NOT VALID'}, {len(issues)} issues")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB")


if __name__ == "__main__":
    main()
