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
With ``"packs": N`` in the spec, only the N heaviest packs are audited (the quick mode: one). With ``"write":
FOLDER``, each pack's disclosure is written as its build writes it, into ``FOLDER/<association>/<meeting>/``
(:meth:`~finsamdash.privacy.disclosure.Disclosure.write`): run so with the previous meeting as ``"meeting"`` (that
meeting's build). With ``"published": FOLDER``, the previous meeting's packs are read from there as ``finsamdash
build`` reads them from its output folder (:func:`~finsamdash.privacy.pack.published_previous`, every association's
once, before the first pack: timed apart) and each audit takes its previous pack as it was published.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    started = time.perf_counter()
    from finsamdash.data.validate import load
    from finsamdash.privacy import audit_pack
    from finsamdash.privacy.pack import published_previous

    result: dict = {"import_s": time.perf_counter() - started}
    started = time.perf_counter()
    dataset = load(spec["data"])
    result["load_s"] = time.perf_counter() - started
    counts = {a: len(dataset.rows("participants", a)) for a in dataset.association_ids}
    order = sorted(counts, key=lambda a: (-counts[a], a))
    published = None
    if spec.get("published"):
        started, cpu = time.perf_counter(), time.process_time()
        previous = date.fromisoformat(spec["previous"])
        found = {a: published_previous(Path(spec["published"]) / a / spec["previous"], a, previous) for a in order}
        published = {a: keys for a, keys in found.items() if keys is not None}
        result["read_published"] = {"seconds": time.perf_counter() - started, "cpu_s": time.process_time() - cpu,
                                    "packs": len(published)}
    packs = []
    for association in order[:spec.get("packs") or len(order)]:
        started, cpu = time.perf_counter(), time.process_time()
        d = audit_pack(dataset, association, spec["meeting"], previous=spec["previous"], min_count=5,
                       previous_published=published)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        if spec.get("write"):
            folder = Path(spec["write"]) / association / spec["meeting"]
            folder.mkdir(parents=True, exist_ok=True)
            d.write(folder)
        packs.append({"association": association, "episodes": counts[association], "seconds": seconds, "cpu_s": cpu,
                      "basis": d.previous_basis,
                      **{k: d.stats[k] for k in ("cells", "hidden", "primary", "rounds", "method", "rounds_each")}})
    result["packs"] = packs
    started = time.perf_counter()
    alone = audit_pack(dataset, order[0], spec["meeting"], min_count=5)
    result["alone"] = {"association": order[0], "seconds": time.perf_counter() - started,
                       **{k: alone.stats[k] for k in ("cells", "hidden", "rounds", "method")}}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
