"""The utility report of the disclosure control (issue #11): what the summary of each association hides, before and
after, and why each goal outcome that is still hidden is hidden. Writes Markdown tables for ``docs/disclosure.md``.

    python tools/disclosure_report.py                          # this tree ("after") only
    python tools/disclosure_report.py --before-src /tmp/main   # also a source tree of main ("before"), run in a
                                                               # child process with PYTHONPATH=/tmp/main

Data: the demo data (``data/demo``) at the demo meeting (2026-11-23, previous meeting 2026-09-24) and the fixture
shaped like Samspelet's 2013 annual report (``tests/fixtures/samspelet_2013``) at the end of 2013. Counted for each
association: the counts of ``summary --json`` (participants, exits, per intervention; shares left out) and how many
of them are hidden, the participant and survey goals whose outcome is hidden; after, also the whole pack's audit
(every published cell of every page, drop-down state and the summary) and the reason for each hidden goal outcome.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    ("demo data", ROOT / "data" / "demo", "2026-11-23", "2026-09-24"),
    ("Samspelet 2013 (fixture)", ROOT / "tests" / "fixtures" / "samspelet_2013", "2013-12-31", None),
]
COUNT_SECTIONS = ("participants", "exits")
#: The goals whose figures are counts of people or answers (those the disclosure control may hide).
GOAL_METRICS = ("participants", "participants_started", "exit_share", "exit_count", "plan_share", "indicator_mean",
                "indicator_positive_share")


def _counts(node: object, path: str = "") -> dict[str, int | None]:
    """Every count leaf (an int or None) of a summary section, shares and means left out."""
    out: dict[str, int | None] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith(("share", "_pct", "mean")) or key.startswith("_"):
                continue
            out |= _counts(value, f"{path}.{key}")
    elif node is None or (isinstance(node, int) and not isinstance(node, bool)):
        out[path] = node
    return out


def measure(side: str) -> list[dict]:
    """The figures of one side (this process's finsamdash): one row per dataset and association."""
    import finsamdash

    try:
        from finsamdash.data.validate import load
    except ModuleNotFoundError:  # the code before issue #11 predates the package layout of #15
        from finsamdash.validate import load

    rows = []
    for label, data_dir, meeting, previous in CASES:
        dataset = load(data_dir)
        year = int(meeting[:4])
        preliminary = meeting < f"{year}-12-31"
        for association in dataset.association_ids:
            row: dict = {"case": label, "association": association}
            if side == "after":
                from finsamdash.privacy import audit_pack

                d = audit_pack(dataset, association, meeting, previous=previous, min_count=5)
                result = finsamdash.summary(dataset, association, year, as_of=meeting, preliminary=preliminary,
                                            disclosure=d)
                row["pack"] = {k: d.stats[k] for k in ("cells", "primary", "hidden")}
                if previous is not None:  # the same pack audited alone: what R9 costs
                    alone = audit_pack(dataset, association, meeting, min_count=5)
                    row["alone_goals_hidden"] = sum(not g.figures_shown for k, g in alone.goals.items()
                                                    if k[0] == year)
                    row["alone_hidden"] = alone.stats["hidden"]
            else:
                result = finsamdash.summary(dataset, association, year, as_of=meeting, preliminary=preliminary)
            counts = _counts({k: result[k] for k in COUNT_SECTIONS})
            for iid, figures in result["interventions"].items():
                counts |= _counts(figures, f"i:{iid}")
            row["counts"] = len(counts)
            row["counts_hidden"] = sum(v is None for v in counts.values())
            goals = [(i, g) for i, g in enumerate(result["goals"])
                     if g["metric"] in GOAL_METRICS and g["status"] != "no_data"]
            hidden = [(i, g) for i, g in goals if g["outcome"] is None]
            row["goals"] = len(goals)
            row["goals_hidden"] = []
            for index, goal in hidden:
                reason = ""
                if side == "after":
                    decided = d.goal(year, index)
                    reason = decided.reason if decided is not None else ""
                    if decided is not None and not decided.status_shown:
                        reason += "; statusen döljs också"
                row["goals_hidden"].append({"goal_id": goal["goal_id"], "metric": goal["metric"],
                                            "intervention": goal.get("intervention_id") or "", "reason": reason})
            rows.append(row)
    return rows


def markdown(after: list[dict], before: list[dict] | None) -> str:
    prior = {(r["case"], r["association"]): r for r in before or []}
    lines = ["| data | association | summary counts hidden (before → after) | goal outcomes hidden (before → after) "
             "| whole pack after: published cells / unsafe / hidden "
             "| after, without the previous meeting: goal outcomes / cells hidden |",
             "|---|---|---|---|---|---|"]
    for r in after:
        b = prior.get((r["case"], r["association"]))
        counts = f"{r['counts_hidden']} of {r['counts']}"
        goals = f"{len(r['goals_hidden'])} of {r['goals']}"
        if b is not None:
            counts = f"{b['counts_hidden']} of {b['counts']} → {counts}"
            goals = f"{len(b['goals_hidden'])} of {b['goals']} → {goals}"
        p = r["pack"]
        lines.append(f"| {r['case']} | {r['association']} | {counts} | {goals} | {p['cells']} / {p['primary']} / "
                     f"{p['hidden']} | {r.get('alone_goals_hidden', '–')} / {r.get('alone_hidden', '–')} |")
    lines += ["", "Goal outcomes still hidden after, and why:", "",
              "| data | association | goal | metric | intervention | reason |", "|---|---|---|---|---|---|"]
    for r in after:
        for g in r["goals_hidden"]:
            lines.append(f"| {r['case']} | {r['association']} | {g['goal_id']} | {g['metric']} | "
                         f"{g['intervention']} | {g['reason']} |")
    if before is not None:
        lines += ["", "Goal outcomes hidden before:", "", "| data | association | goals |", "|---|---|---|"]
        for b in before:
            if b["goals_hidden"]:
                names = ", ".join(f"{g['goal_id']} ({', '.join(filter(None, (g['metric'], g['intervention'])))})"
                                  for g in b["goals_hidden"])
                lines.append(f"| {b['case']} | {b['association']} | {names} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before-src", type=Path, help="a source tree of the code before (e.g. an export of main)")
    parser.add_argument("--side", choices=("before", "after"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.side:  # a child: print the figures of this process's finsamdash as JSON
        print(json.dumps(measure(args.side)))
        return 0
    before = None
    if args.before_src:
        env = {**os.environ, "PYTHONPATH": str(args.before_src.resolve())}
        out = subprocess.run([sys.executable, __file__, "--side", "before"], env=env, check=True, text=True,
                             capture_output=True, cwd=args.before_src).stdout
        before = json.loads(out.strip().splitlines()[-1])
    print(markdown(measure("after"), before), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
