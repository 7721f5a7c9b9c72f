"""Own audits kept from one build to the next (:mod:`finsamdash.privacy.memory`, issue #11's speed).

A pack with a previous meeting is audited on its own, the previous meeting's pack on its own, and both together. The
previous pack's own audit is the one the previous meeting's build did: a build keeps it and the next build takes it
from there instead of solving it again. These tests hold that this changes nothing but the time: the answer is the
same as without the memory, anything ``protect`` reads that changed (a late registration) makes the audit be done
again, a damaged file is not used, and what is kept holds no count and lies outside every pack.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from finsamdash.privacy import audit_pack, memory
from finsamdash.privacy.memory import AuditMemory, fingerprint
from finsamdash.privacy.pack import _register
from finsamdash.privacy.registry import KNOWN, Registry, Tier

ROOT = Path(__file__).resolve().parents[1]
SAMSPELET = ROOT / "tests" / "fixtures" / "samspelet_2013"
MEETING, PREVIOUS = "2013-12-31", "2013-10-31"


@pytest.fixture(scope="module")
def samspelet():
    from finsamdash.data.validate import load

    return load(SAMSPELET)


def _same(a, b) -> bool:
    return (dict(a.shown), a.hidden, dict(a.goals), dict(a.previous_shown), dict(a.previous_goals),
            a.since_previous) == (dict(b.shown), b.hidden, dict(b.goals), dict(b.previous_shown),
                                  dict(b.previous_goals), b.since_previous)


def _own_audits(monkeypatch) -> list[Registry]:
    """The registries the solver is asked to audit on their own (through the memory) from now on."""
    asked: list[Registry] = []
    real = memory.solver.protect

    def spy(reg, **kwargs):
        asked.append(reg)
        return real(reg, **kwargs)

    monkeypatch.setattr(memory.solver, "protect", spy)
    return asked


def test_the_previous_meetings_own_audit_is_taken_from_its_build_and_the_answer_is_the_same(samspelet, tmp_path,
                                                                                             monkeypatch) -> None:
    kept = AuditMemory(tmp_path / "memory")
    audit_pack(samspelet, "samspelet", PREVIOUS, memory=kept)  # the previous meeting's build
    assert list((tmp_path / "memory").glob("*.json"))
    asked = _own_audits(monkeypatch)
    d = audit_pack(samspelet, "samspelet", MEETING, previous=PREVIOUS, memory=AuditMemory(tmp_path / "memory"))
    assert d.stats["previous_remembered"] is True
    previous = _register(samspelet, "samspelet", pd.Timestamp(PREVIOUS).date(), 2013, 5).participants
    current = _register(samspelet, "samspelet", pd.Timestamp(MEETING).date(), 2013, 5).participants
    solved = {fingerprint(r) for r in asked}
    assert fingerprint(current) in solved and fingerprint(previous) not in solved  # not solved again
    monkeypatch.undo()
    fresh = audit_pack(samspelet, "samspelet", MEETING, previous=PREVIOUS)
    assert fresh.stats["previous_remembered"] is False
    assert _same(d, fresh)


def test_a_late_registration_before_the_previous_meeting_makes_the_audit_be_done_again(samspelet, tmp_path) -> None:
    """A participant entered after the previous meeting's build, who started before it: the previous pack
    recomputed now is not the one that build audited, so its remembered audit must not be used."""
    people = samspelet.tables["participants"]
    late = people.index[people["start_date"] < pd.Timestamp("2013-06-01")][0]
    then = replace(samspelet, tables={**samspelet.tables, "participants": people.drop(index=late)})
    audit_pack(then, "samspelet", PREVIOUS, memory=AuditMemory(tmp_path / "memory"))  # the build without them
    d = audit_pack(samspelet, "samspelet", MEETING, previous=PREVIOUS, memory=AuditMemory(tmp_path / "memory"))
    assert d.stats["previous_remembered"] is False
    assert _same(d, audit_pack(samspelet, "samspelet", MEETING, previous=PREVIOUS))


@pytest.mark.parametrize("damage", ["not json", "wrong cells", "wrong format", "primary not hidden"])
def test_a_damaged_remembered_audit_is_not_used(samspelet, tmp_path, damage) -> None:
    folder = tmp_path / "memory"
    audit_pack(samspelet, "samspelet", PREVIOUS, memory=AuditMemory(folder))
    previous = _register(samspelet, "samspelet", pd.Timestamp(PREVIOUS).date(), 2013, 5).participants
    path = folder / f"{fingerprint(previous)}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if damage == "not json":
        path.write_text("{", encoding="utf-8")
    else:
        if damage == "wrong cells":
            data["hidden"].append(["p", "no such selection", "started", "2013-01-01", "2013-10-31"])
        elif damage == "wrong format":
            data["format"] = memory.FORMAT + 1
        else:
            data["hidden"] = []
        path.write_text(json.dumps(data), encoding="utf-8")
    assert AuditMemory(folder).recall(previous) is None
    d = audit_pack(samspelet, "samspelet", MEETING, previous=PREVIOUS, memory=AuditMemory(folder))
    assert d.stats["previous_remembered"] is False
    assert _same(d, audit_pack(samspelet, "samspelet", MEETING, previous=PREVIOUS))
    assert json.loads(path.read_text(encoding="utf-8"))["hidden"] == json.loads(
        json.dumps(sorted((list(c) for c in AuditMemory(folder).recall(previous).hidden), key=repr)))


def _registry(**change) -> Registry:
    reg = Registry(min_count=change.get("min_count", 5))
    order = ["total", "a", "b"] if not change.get("order") else ["total", "b", "a"]
    values = {"total": 9, "a": change.get("a", 3), "b": 6}
    for c in order:
        reg.add(("p", c), values[c], tier=Tier.ASSOCIATION if c == "total" else change.get("tier", Tier.DETAIL),
                kind=KNOWN if change.get("kind") and c == "b" else "candidate")
    if change.get("unsafe"):
        reg.unsafe.add(("p", "b"))
    reg.relate(("p", "total"), [("p", "a"), ("p", "b")] if not change.get("relation") else [("p", "a")])
    if change.get("identity"):
        reg.identity({("p", "a"): 1, ("p", "b"): -1})
    return reg


@pytest.mark.parametrize("change", [{"a": 2}, {"order": True}, {"tier": Tier.SUBTOTAL}, {"kind": True},
                                    {"unsafe": True}, {"relation": True}, {"identity": True}, {"min_count": 3}])
def test_the_fingerprint_covers_everything_the_solver_reads(change) -> None:
    assert fingerprint(_registry()) == fingerprint(_registry())
    assert fingerprint(_registry(**change)) != fingerprint(_registry())


def test_the_fingerprint_covers_the_code_that_decides(monkeypatch) -> None:
    before = fingerprint(_registry())
    monkeypatch.setattr(memory, "code_version", lambda: "another version of the solver")
    assert fingerprint(_registry()) != before


def test_the_build_keeps_the_own_audits_beside_the_packs_with_no_count(demo_build) -> None:
    result, _events = demo_build
    folder = result.out / ".audit-memory"
    files = sorted(folder.glob("*.json"))
    assert len(files) >= 2  # the pack's own audit and the previous meeting's (the survey's too)
    pack = result.out / "norrsken" / "2026-11-23"
    from finsamdash.privacy.disclosure import read_published

    published = read_published(pack)
    own_of_this_pack = 0
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) == {"format", "fingerprint", "rounds", "hidden"}
        assert path.stem == data["fingerprint"]
        assert all(isinstance(c, list) for c in data["hidden"])  # keys of cells, never a count
        hidden = {tuple(c) for c in data["hidden"]}
        own_of_this_pack += bool(hidden) and hidden <= published["hidden"]
    assert own_of_this_pack >= 1  # what a pack's own audit hides, the pack hides
    assert not list(result.out.glob("*/*/.audit-memory")) and not list(pack.rglob("*.json.tmp"))
    assert ".audit-memory" not in (result.out / "index.html").read_text(encoding="utf-8")
