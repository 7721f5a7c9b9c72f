"""The core of finsamdash.privacy on small hand-made tables: the registry, the exact check, the least-cost solver
(R1, R2, R3, R5) and recoding (R7). End-to-end checks on real-shaped data are in test_disclosure.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finsamdash.privacy import exact, recode, solver
from finsamdash.privacy.registry import LATENT, STRUCTURAL, Registry, Tier, is_unsafe

M = 5


def registry(values: dict, relations=(), *, tiers: dict | None = None, kinds: dict | None = None) -> Registry:
    reg = Registry(min_count=M)
    for cell, value in values.items():
        reg.add(cell, value, tier=(tiers or {}).get(cell, Tier.DETAIL), kind=(kinds or {}).get(cell, "candidate"))
    for total, parts in relations:
        reg.relate(total, parts)
    return reg


def leaks(reg: Registry, hidden) -> list:
    """What the exact check finds with ``hidden`` (cell keys) hidden."""
    system = exact.System(reg)
    mask = np.zeros(len(system), dtype=bool)
    mask[[system.index[c] for c in hidden]] = True
    return exact.find(system, mask)


# --- R1 and the registry -------------------------------------------------------------------------------------------

def test_r1_counts_from_one_to_min_count_minus_one_are_unsafe_and_zero_is_not() -> None:
    assert [is_unsafe(v, 5) for v in range(7)] == [False, True, True, True, True, False, False]
    assert not is_unsafe(1, 1)  # a threshold of 1 hides nothing


def test_a_cell_registered_twice_is_one_cell_with_the_highest_tier() -> None:
    reg = Registry(min_count=M)
    reg.add("x", 3)
    reg.add("x", 3, tier=Tier.GOAL)
    reg.add("y", 3, kind=LATENT)
    reg.add("y", 3)  # published elsewhere: no longer latent
    assert len(reg) == 2 and reg.tiers["x"] == Tier.GOAL and reg.kinds["y"] == "candidate"
    assert reg.unsafe == {"x", "y"}


def test_the_registry_says_which_relation_does_not_hold() -> None:
    reg = registry({"t": 10, "a": 4, "b": 5}, [("t", ["a", "b"])])
    assert reg.check() == ["t = 10 ≠ Σ parts 9"]


# --- the solver ----------------------------------------------------------------------------------------------------

def test_nothing_is_hidden_when_every_count_is_safe() -> None:
    reg = registry({"t": 30, "a": 10, "b": 20}, [("t", ["a", "b"])])
    assert solver.protect(reg).hidden == frozenset()


def test_a_small_part_hides_the_cheapest_sibling_not_the_total() -> None:
    reg = registry({"t": 33, "a": 3, "b": 10, "c": 20}, [("t", ["a", "b", "c"])], tiers={"t": Tier.ASSOCIATION})
    result = solver.protect(reg)
    # b and c cost the same (detail cells): the tie goes to the later registered
    assert result.hidden == {"a", "c"} and result.primary == {"a"}
    assert leaks(reg, result.hidden) == []


def test_two_small_parts_adding_up_to_a_small_sum_need_a_third() -> None:
    reg = registry({"t": 34, "a": 2, "b": 2, "c": 30}, [("t", ["a", "b", "c"])], tiers={"t": Tier.SUBTOTAL})
    result = solver.protect(reg)
    assert result.hidden == {"a", "b", "c"}  # t − c would be the group a + b = 4


def test_a_table_with_margins_hides_a_rectangle() -> None:
    values = {("a", 1): 3, ("a", 2): 10, ("b", 1): 12, ("b", 2): 20,
              ("a", "T"): 13, ("b", "T"): 32, ("T", 1): 15, ("T", 2): 30, ("T", "T"): 45}
    rel = [(("a", "T"), [("a", 1), ("a", 2)]), (("b", "T"), [("b", 1), ("b", 2)]),
           (("T", 1), [("a", 1), ("b", 1)]), (("T", 2), [("a", 2), ("b", 2)]),
           (("T", "T"), [("a", "T"), ("b", "T")]), (("T", "T"), [("T", 1), ("T", 2)])]
    tiers = {c: Tier.SUBTOTAL for c in values if "T" in c}
    reg = registry(values, rel, tiers=tiers)
    result = solver.protect(reg)
    assert result.hidden == {("a", 1), ("a", 2), ("b", 1), ("b", 2)}
    assert leaks(reg, result.hidden) == []


def test_a_small_group_reached_through_a_hidden_total_is_protected() -> None:
    """All women T = 8 = Stora vägen S + Trion 1 + Ensam 1, S = Åby 6 + Byn 0 + anonymous 0 (zeros are shown now):
    T − Åby = Trion + Ensam = 2 must not be published."""
    reg = registry({"T": 8, "S": 6, "trio": 1, "solo": 1, "A": 6, "B": 0, "N": 0},
                   [("T", ["S", "trio", "solo"]), ("S", ["A", "B", "N"])])
    # hiding only the two small ones publishes their sum: T − S
    assert {v.cells for v in leaks(reg, {"trio", "solo"})} == {tuple(sorted(
        exact.System(reg).index[c] for c in ("trio", "solo")))}
    result = solver.protect(reg)
    assert {"trio", "solo"} < result.hidden
    assert leaks(reg, result.hidden) == []


def test_a_latent_small_cell_is_protected_like_a_published_one() -> None:
    """A merged category (R7): the fine cell is not published but the total minus the shown rest would give it."""
    reg = registry({"t": 30, "fine": 2, "rest": 28}, [("t", ["fine", "rest"])], kinds={"fine": LATENT},
                   tiers={"t": Tier.ASSOCIATION})
    result = solver.protect(reg)
    assert result.hidden == {"rest"}


def test_r2_a_structural_zero_is_shown_and_never_a_reason_to_hide() -> None:
    reg = registry({"t": 7, "closed": 0, "open": 7}, [("t", ["closed", "open"])], kinds={"closed": STRUCTURAL})
    assert solver.protect(reg).hidden == frozenset()


def test_r3_everybody_in_one_category_protects_that_category() -> None:
    """7 ended, all to job seeking: the zeros shown next to 7 tell what happened to each of them."""
    reg = registry({"ended": 7, "job": 7, "work": 0, "illness": 0}, [("ended", ["job", "work", "illness"])],
                   tiers={"ended": Tier.DENOMINATOR})
    reg.unsafe.add("job")
    result = solver.protect(reg)
    assert "job" in result.hidden and result.hidden & {"work", "illness"}  # a zero hidden with it
    assert "ended" not in result.hidden


def test_tiers_decide_which_cell_is_hidden() -> None:
    """R5: the goal outcome and the association total are never chosen when detail cells will do."""
    values = {"goal_n": 49, "x": 14, "rest": 35, "r1": 3, "r2": 11, "r3": 21}
    reg = registry(values, [("goal_n", ["x", "rest"]), ("rest", ["r1", "r2", "r3"])],
                   tiers={"goal_n": Tier.GOAL, "x": Tier.GOAL, "rest": Tier.SUBTOTAL})
    assert solver.protect(reg).hidden == {"r1", "r3"}


def test_the_answer_is_deterministic() -> None:
    values = {"t": 40, **{f"p{i}": v for i, v in enumerate([2, 9, 9, 9, 11])}}
    reg = registry(values, [("t", [f"p{i}" for i in range(5)])], tiers={"t": Tier.SUBTOTAL})
    answers = {solver.protect(reg).hidden for _ in range(3)}
    # every detail cell costs the same whatever its count: the tie goes to the last registered (registration goes
    # from headline figures to details)
    assert len(answers) == 1 and answers.pop() == {"p0", "p4"}


def test_the_conservative_fallback_when_the_programme_finds_no_solution(monkeypatch) -> None:
    class NoSolution:
        x = None
        status = 1

    monkeypatch.setattr(solver, "milp", lambda *a, **k: NoSolution())
    reg = registry({"t": 33, "a": 3, "b": 10, "c": 20}, [("t", ["a", "b", "c"])])
    result = solver.protect(reg)
    assert result.method == "fallback" and result.hidden == {"a", "b", "c", "t"}
    assert leaks(reg, result.hidden) == []


def test_the_conservative_fallback_after_too_many_rounds(monkeypatch) -> None:
    monkeypatch.setattr(solver, "MAX_ROUNDS", 1)
    values = {("a", 1): 3, ("a", 2): 10, ("b", 1): 12, ("b", 2): 20,
              ("a", "T"): 13, ("b", "T"): 32, ("T", 1): 15, ("T", 2): 30}
    rel = [(("a", "T"), [("a", 1), ("a", 2)]), (("b", "T"), [("b", 1), ("b", 2)]),
           (("T", 1), [("a", 1), ("b", 1)]), (("T", 2), [("a", 2), ("b", 2)])]
    reg = registry(values, rel)
    result = solver.protect(reg)
    assert leaks(reg, result.hidden) == []


def test_r9_the_difference_of_two_packs_relations_is_protected_from_the_first_round() -> None:
    """Between the two meetings 1 person came to a (12 − 11) and 10 to b: the solver hides a, and b with it (not
    the association's total), because a = total − b would give the 1 away; with the difference of the two packs'
    relations (new_total = new_a + new_b) it knows that in its first programme instead of a round later."""
    from finsamdash.privacy.pack import _differences, _with_previous

    def p(name: str, last: str) -> tuple:
        return ("p", "*" if name == "t" else f"i:{name}", "episodes", "2026-01-01", last)

    packs = []
    for last, values in (("2026-11-23", {"t": 42, "a": 12, "b": 30}), ("2026-09-24", {"t": 31, "a": 11, "b": 20})):
        relation = (p("t", last), [p("a", last), p("b", last)])
        packs.append(registry({p(k, last): v for k, v in values.items()}, [relation],
                              tiers={p("t", last): Tier.ASSOCIATION}))
    current, previous = packs
    joint = _with_previous(current, previous, frozenset())
    implied = _differences(current, previous)
    assert implied == [tuple(("new", *p(k, "2026-09-24")[1:], "2026-11-23") for k in "tab")]
    without, with_differences = solver.protect(joint), solver.protect(joint, implied=implied)
    assert without.hidden == with_differences.hidden == {p("a", "2026-11-23"), p("b", "2026-11-23")}
    assert (without.rounds, with_differences.rounds) == (2, 1)


@pytest.mark.parametrize("parts", [3, 7])
def test_r9_a_few_newcomers_spread_over_hidden_parts_are_a_small_group(parts: int) -> None:
    """The previous pack showed every intervention (10, 11, …) and no total; this one shows the total and hides
    every intervention, none of which is small. One person came to each of the first three interventions and
    nobody to the others between the meetings: the total minus the previous counts gives the 3 newcomers away,
    although no single count does. The check reaches that group from the total through every hidden part, with
    seven parts beyond the chains it lists (2**7 groups), and the solver protects it."""
    from finsamdash.privacy.pack import _with_previous

    def p(name: str, last: str) -> tuple:
        return ("p", "*" if name == "t" else f"i:{name}", "episodes", "2026-01-01", last)

    names = [f"x{i}" for i in range(parts)]
    before = {name: 10 + i for i, name in enumerate(names)}
    now = {name: v + (i < 3) for i, (name, v) in enumerate(before.items())}
    previous = registry({p(k, "2026-09-24"): v for k, v in before.items()})
    current = registry({**{p(k, "2026-11-23"): v for k, v in now.items()}, p("t", "2026-11-23"): sum(now.values())},
                       [(p("t", "2026-11-23"), [p(k, "2026-11-23") for k in names])],
                       tiers={p("t", "2026-11-23"): Tier.ASSOCIATION})
    joint = _with_previous(current, previous, frozenset())
    newcomers = tuple(sorted(exact.System(joint).index[("new", *p(k, "2026-09-24")[1:], "2026-11-23")]
                             for k in names))
    found = leaks(joint, {p(k, "2026-11-23") for k in names})
    assert [(v.cells, v.group) for v in found] == [(newcomers, True)]
    result = solver.protect(joint)
    assert p("t", "2026-11-23") in result.hidden
    assert leaks(joint, result.hidden) == []


# --- the exact check -------------------------------------------------------------------------------------------

def test_the_check_finds_a_cell_pinned_by_two_relations_and_the_shown_cells_that_pin_it() -> None:
    values = {("a", 1): 3, ("a", 2): 10, ("b", 1): 12, ("b", 2): 20, ("a", "T"): 13, ("T", 1): 15}
    rel = [(("a", "T"), [("a", 1), ("a", 2)]), (("T", 1), [("a", 1), ("b", 1)])]
    reg = registry(values, rel)
    found = leaks(reg, {("a", 1), ("a", 2)})  # the column gives a1 = T1 − b1
    system = exact.System(reg)
    assert [v.cells for v in found] == [(system.index[("a", 1)],)]
    assert {system.cells[i] for i in found[0].cuts[0]} == {("T", 1), ("b", 1)}


def test_parts_of_a_shown_zero_are_known_to_be_zero() -> None:
    reg = registry({"t": 0, "a": 0, "b": 0, "u": 3, "v": 3}, [("t", ["a", "b"]), ("u", ["a", "v"])])
    found = leaks(reg, {"a", "b", "v"})  # a = 0 because t = 0 is shown, so v = u − a = 3
    system = exact.System(reg)
    assert [v.cells for v in found] == [(system.index["v"],)]
    assert found[0].cuts == (frozenset({system.index["u"], system.index["t"]}),)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_the_prime_field_agrees_with_floating_point_on_random_tables(seed: int) -> None:
    """Which hidden cells of a random 3 × 3 table with margins can be worked out: exact elimination modulo a
    prime against a singular value decomposition."""
    rng = np.random.default_rng(seed)
    inner = rng.integers(0, 9, size=(3, 3))
    values = {(r, c): int(inner[r, c]) for r in range(3) for c in range(3)}
    values |= {(r, "T"): int(inner[r].sum()) for r in range(3)} | {("T", c): int(inner[:, c].sum()) for c in range(3)}
    rel = [((r, "T"), [(r, c) for c in range(3)]) for r in range(3)]
    rel += [(("T", c), [(r, c) for r in range(3)]) for c in range(3)]
    reg = registry(values, rel)
    system = exact.System(reg)
    hidden = np.zeros(len(system), dtype=bool)
    hidden[rng.choice(len(system), size=rng.integers(1, 8), replace=False)] = True
    known_zero, _ = exact.zero_known(system, hidden)
    unknown = np.flatnonzero(hidden & ~known_zero)
    if not len(unknown):
        return
    comp = exact._Component(system, unknown)
    matrix = system.equations[:, unknown].toarray()
    matrix = matrix[np.abs(matrix).sum(axis=1) > 0]
    if len(matrix):
        _u, sv, vt = np.linalg.svd(matrix, full_matrices=False)
        basis = vt[: int((sv > 1e-9).sum())]
        float_determined = (basis**2).sum(axis=0) > 1 - 1e-9
    else:
        float_determined = np.zeros(len(unknown), dtype=bool)
    assert list(comp.determined) == list(float_determined)


def _violations(found: list) -> list:
    return sorted((v.cells, sorted(map(sorted, v.cuts)), v.group, v.deferred) for v in found)


def test_what_the_exact_check_keeps_across_rounds_is_never_stale() -> None:
    """One system checked round after round (as the solver does: its components, leaks and local ways of working
    a count out are kept per system) answers every hidden set as a system built afresh for it does: components
    that come back with other cells, unchanged while other cells change, and seen again after a change."""
    rng = np.random.default_rng(11)
    values, rel = {}, []
    for table in ("x", "y"):  # two tables with margins: components of one stay while the other's change
        inner = rng.integers(0, 7, size=(4, 4))
        values |= {(table, r, c): int(inner[r, c]) for r in range(4) for c in range(4)}
        values |= {(table, r, "T"): int(inner[r].sum()) for r in range(4)}
        values |= {(table, "T", c): int(inner[:, c].sum()) for c in range(4)}
        rel += [((table, r, "T"), [(table, r, c) for c in range(4)]) for r in range(4)]
        rel += [((table, "T", c), [(table, r, c) for r in range(4)]) for c in range(4)]
    reg = registry(values, rel)
    kept = exact.System(reg)
    n = len(kept)
    in_x = np.array([c[0] == "x" for c in kept.cells])
    x = [in_x & (rng.random(n) < rng.uniform(0.1, 0.6)) for _ in range(6)]
    y = [~in_x & (rng.random(n) < rng.uniform(0.1, 0.6)) for _ in range(6)]
    rounds = [x[i] | y[j] for i, j in [(0, 0), (0, 1), (0, 2), (1, 2), (2, 2), (3, 3), (3, 4), (0, 4), (4, 5),
                                        (5, 5), (1, 0), (2, 1), (0, 0)]]
    rounds.append(x[0] | x[3] | y[1])  # grown
    for hidden in rounds:
        fresh = exact.System(reg)
        assert _violations(exact.find(kept, hidden)) == _violations(exact.find(fresh, hidden))
        assert _violations(exact.find(kept, hidden, cap=None)) == _violations(exact.find(fresh, hidden, cap=None))
        assert list(exact.determined(kept, hidden)) == list(exact.determined(fresh, hidden))
    assert kept.solved and kept.leaks  # (the stores were used)
    # the same component ({a}) with a cell of its way hidden but known to be 0: the way now runs through the 0
    reg = registry({"t": 3, "a": 3, "b": 0, "u": 10, "d": 7, "z": 0, "e": 0},
                   [("t", ["a", "b"]), ("u", ["a", "d"]), ("z", ["b", "e"])])
    kept = exact.System(reg)
    index = kept.index.__getitem__
    for hidden in (["a"], ["a", "b"], ["a"]):
        mask = np.isin(np.arange(len(kept)), [index(c) for c in hidden])
        found = exact.find(kept, mask)
        assert _violations(found) == _violations(exact.find(exact.System(reg), mask))
        assert {frozenset(kept.cells[c] for c in cut) for cut in found[0].cuts} == (
            {frozenset("tb"), frozenset("ud")} if "b" not in hidden else {frozenset("tz"), frozenset("ud")})
    # the same cells with another equation: a system of its own, with its own answers
    a = registry({"t": 9, "a": 3, "b": 6}, [("t", ["a", "b"])])
    b = registry({"t": 9, "a": 3, "b": 6})
    assert [v.cells for v in leaks(a, {"a"})] == [(exact.System(a).index["a"],)]
    assert leaks(b, {"a"}) == []
    one = exact.System(a)
    hide_a = np.array([c == "a" for c in one.cells])
    assert len(exact.find(one, hide_a)) == 1
    assert exact.find(one, hide_a | np.array([c == "b" for c in one.cells])) == []  # a + b hidden: nothing worked out
    assert len(exact.find(one, hide_a)) == 1


# --- recoding (R7) ---------------------------------------------------------------------------------------------

def test_small_ordered_groups_merge_with_the_smaller_neighbour_and_say_so() -> None:
    counts = {"a": 12, "b": 3, "c": 8, "d": 2, "e": 0}
    groups = recode.merge_adjacent(counts, list(counts), min_count=M, label=lambda run: "+".join(run))
    # b joins c (the smaller safe neighbour), then d joins b+c (joining e, a 0, would not make it safe); e stays
    assert [g.members for g in groups] == [("a",), ("b", "c", "d"), ("e",)]
    assert [g.label for g in groups] == ["a", "b+c+d", "e"]


def test_small_unordered_categories_go_into_one_others_group_that_lists_them() -> None:
    counts = {"work": 14, "studies": 2, "illness": 1, "moved": 0, "job": 19}
    labels = {"work": "arbete", "studies": "studier", "illness": "sjukdom", "moved": "flyttat", "job": "arbetssökande"}
    groups = recode.merge_small(counts, list(counts), min_count=M, labels=labels, rest="övriga avslut")
    assert [g.key for g in groups] == ["moved", "job", "work+studies+illness"]
    assert groups[-1].label == "övriga avslut (arbete, studier, sjukdom)"
    groups = recode.merge_small({"a": 3, "b": 2, "c": 10}, ["a", "b", "c"], min_count=M, labels={}, rest="övriga")
    assert [g.key for g in groups] == ["c", "a+b"]  # 5 together: safe, c stays on its own


def test_the_finest_safe_classification_is_chosen() -> None:
    levels = [("month", [6, 7, 3]), ("quarter", [16]), ("year", [])]
    assert recode.coarsest_safe(levels, min_count=M) == "quarter"
    assert recode.coarsest_safe([("month", [0, 9]), ("year", [])], min_count=M) == "month"


@pytest.mark.parametrize("values", [{"a": 1, "b": 1}, {"a": 4}])
def test_recoding_gives_up_when_nothing_can_be_merged(values) -> None:
    groups = recode.merge_small(values, list(values), min_count=M, labels={}, rest="övriga")
    assert sum(len(g.members) for g in groups) == len(values)
