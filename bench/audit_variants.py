"""Rounds, information cost and CPU time of the audit's programmes under a variant of the solver's settings:
``python bench/audit_variants.py DIR [--set exact.DERIVATIONS=12] [--highs mip_rel_gap=2e-4] [ASSOCIATION…]``.

Audits each association of the data folder ``DIR`` at the bench's meeting 2026-11-23 with the previous meeting
2026-09-24 (all associations by default, in the dataset's order, in one process as a build does) and prints per
pack its CPU time (``time.process_time``), its hidden published cells and, for each programme of more than
:data:`SMALL` cells (the pack alone, the previous pack alone, both together), its rounds and the information cost
of what it hides (Σ ``TIER_COST`` of its hidden cells: the integer part of the MILP's objective). ``--set
MODULE.NAME=JSON`` replaces a constant of ``finsamdash.privacy.MODULE`` (``solver`` or ``exact``); ``--highs
OPTION=JSON`` adds an option to every ``milp`` call. The variants of docs/benchmarks.md (#11c) were measured so.
"""

from __future__ import annotations

import argparse
import json
import time

MEETING, PREVIOUS = "2026-11-23", "2026-09-24"
#: Programmes with at most this many cells (the survey results) are left out of the report.
SMALL = 1500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("associations", nargs="*")
    parser.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=JSON")
    parser.add_argument("--highs", action="append", default=[], metavar="OPTION=JSON")
    args = parser.parse_intermixed_args()

    from finsamdash.data.validate import load
    from finsamdash.privacy import audit_pack, exact, pack, solver
    from finsamdash.privacy.registry import TIER_COST

    for item in args.set:
        name, value = item.split("=", 1)
        module, constant = name.split(".")
        setattr({"solver": solver, "exact": exact}[module], constant, json.loads(value))
    options = {k: json.loads(v) for k, v in (item.split("=", 1) for item in args.highs)}
    milp, protect = solver.milp, pack.protect

    def milp_with_options(c, **kwargs):
        return milp(c, **{**kwargs, "options": {**kwargs["options"], **options}})

    programmes: list[tuple[int, int, int]] = []

    def protect_and_report(registry, **kwargs):
        result = protect(registry, **kwargs)
        if len(registry.values) > SMALL:
            programmes.append((len(registry.values), result.rounds,
                               round(sum(TIER_COST[registry.tiers[c]] for c in result.hidden))))
        return result

    solver.milp, pack.protect = milp_with_options, protect_and_report
    dataset = load(args.data)
    total = 0.0
    for association in args.associations or dataset.association_ids:
        programmes.clear()
        started = time.process_time()
        disclosure = audit_pack(dataset, association, MEETING, previous=PREVIOUS, min_count=5)
        cpu = time.process_time() - started
        total += cpu
        shown = "; ".join(f"{cells} cells: {rounds} rounds, cost {cost}" for cells, rounds, cost in programmes)
        print(f"{association}: {cpu:.2f} s CPU, {disclosure.stats['hidden']} hidden; {shown}")
    print(f"all packs: {total:.2f} s CPU")


if __name__ == "__main__":
    main()
