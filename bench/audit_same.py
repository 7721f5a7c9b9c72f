"""Whether a change of the audit's code changes what it hides: ``python bench/audit_same.py OUT.json [--data DIR]…``.

Audits every association of each data folder (default ``data/demo``) at the bench's meeting 2026-11-23 against the
previous meeting 2026-09-24, alone and with the previous meeting, and writes per pack the hidden cells, the shown
values and the goal decisions (figures and status shown) to ``OUT.json``. With ``--compare BEFORE.json`` it prints
what differs and exits 1 when anything does. Run it on the code before and after a speed-up::

    git stash; python bench/audit_same.py /tmp/before.json --data data/demo --data /tmp/national; git stash pop
    python bench/audit_same.py /tmp/after.json --data data/demo --data /tmp/national --compare /tmp/before.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

MEETING, PREVIOUS = "2026-11-23", "2026-09-24"


def snapshot(folders: list[str]) -> tuple[dict, float]:
    from finsamdash.data.validate import load
    from finsamdash.privacy import audit_pack

    out: dict = {}
    cpu = 0.0
    for folder in folders:
        dataset = load(folder)
        for association in dataset.association_ids:
            for previous in (PREVIOUS, None):
                started = time.process_time()
                d = audit_pack(dataset, association, MEETING, previous=previous, min_count=5)
                cpu += time.process_time() - started
                out[f"{folder}|{association}|{previous}"] = {
                    "hidden": sorted(repr(c) for c in d.hidden),
                    "shown": sorted(f"{c!r}={v}" for c, v in d.shown.items()),
                    "previous_shown": sorted(f"{c!r}={v}" for c, v in d.previous_shown.items()),
                    "goals": sorted(f"{k}:{g.figures_shown}:{g.status_shown}:{g.reason}" for k, g in d.goals.items()),
                }
    return out, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--data", action="append", default=None)
    parser.add_argument("--compare")
    args = parser.parse_args()
    result, cpu = snapshot(args.data or ["data/demo"])
    Path(args.out).write_text(json.dumps(result, indent=0, sort_keys=True), encoding="utf-8")
    hidden = sum(len(v["hidden"]) for v in result.values())
    print(f"{len(result)} audits, {hidden} hidden cells in all, {cpu:.2f} s CPU in audit_pack")
    if not args.compare:
        return 0
    before = json.loads(Path(args.compare).read_text(encoding="utf-8"))
    differ = 0
    for key in sorted(set(before) | set(result)):
        a, b = before.get(key), result.get(key)
        if a != b:
            differ += 1
            for part in ("hidden", "shown", "previous_shown", "goals"):
                x, y = set((a or {}).get(part, ())), set((b or {}).get(part, ()))
                if x != y:
                    print(f"{key} {part}: only before {sorted(x - y)[:5]} … only after {sorted(y - x)[:5]} …")
    print("same hidden sets, shown values and goal decisions" if not differ else f"{differ} audits differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
