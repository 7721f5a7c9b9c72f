"""The joint disclosure audit of packs (issue #11), run in a child process: ``python bench/_audit.py SPEC.json``.

Prints one JSON object on the last line of stdout. The dataset is loaded (and validated) once; then, as a build
does, every association's pack is audited once with :func:`finsamdash.privacy.audit_pack` against its previous
meeting, the association with the most participation episodes first (in a fresh process: it also pays for what
every pack of the build shares, the other associations' survey results shown in the comparison, and the imports
of the solver). Timed with ``time.perf_counter`` per pack: the whole audit (every cell of every page, drop-down
state, card, sentence and the summary registered, the least-cost suppression solved and checked, alone and jointly
with the previous meeting's pack, goal statuses judged), and with ``time.process_time`` (the CPU time of this
process: on a loaded machine the wall time is mostly waiting for a core). Reported with each pack: the cells,
hidden cells, rounds and method of the solver (and the rounds of each of its three programmes: the pack alone,
the previous pack alone, both together). Then the heaviest pack once more without a previous meeting.
With ``"packs": N`` in the spec, only the N heaviest packs are audited (the quick mode: one). With ``"memory":
FOLDER``, the packs' own audits are kept in (and taken from) an :class:`~finsamdash.privacy.memory.AuditMemory`
there, as ``finsamdash build`` keeps them in ``DIR/.audit-memory``: run first with the previous meeting as
``"meeting"`` (that meeting's build), then with the meeting, and the previous pack's own audit is remembered.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    started = time.perf_counter()
    from finsamdash.data.validate import load
    from finsamdash.privacy import audit_pack
    from finsamdash.privacy.memory import AuditMemory

    result: dict = {"import_s": time.perf_counter() - started}
    started = time.perf_counter()
    dataset = load(spec["data"])
    result["load_s"] = time.perf_counter() - started
    counts = {a: len(dataset.rows("participants", a)) for a in dataset.association_ids}
    order = sorted(counts, key=lambda a: (-counts[a], a))
    memory = AuditMemory(spec["memory"]) if spec.get("memory") else None
    packs = []
    for association in order[:spec.get("packs") or len(order)]:
        started, cpu = time.perf_counter(), time.process_time()
        d = audit_pack(dataset, association, spec["meeting"], previous=spec["previous"], min_count=5, memory=memory)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        packs.append({"association": association, "episodes": counts[association], "seconds": seconds, "cpu_s": cpu,
                      **{k: d.stats[k] for k in ("cells", "hidden", "primary", "rounds", "method", "rounds_each",
                                                 "previous_remembered")}})
    result["packs"] = packs
    started = time.perf_counter()
    alone = audit_pack(dataset, order[0], spec["meeting"], min_count=5)
    result["alone"] = {"association": order[0], "seconds": time.perf_counter() - started,
                       **{k: alone.stats[k] for k in ("cells", "hidden", "rounds", "method")}}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
