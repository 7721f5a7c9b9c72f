"""Primary and secondary suppression, with hand-worked tables."""

from finsamdash.privacy import relation, suppressed_cells


def test_nothing_hidden_when_every_count_is_large() -> None:
    cells = {"all": 30, "women": 18, "men": 12}
    assert suppressed_cells(cells, [relation("all", ["women", "men"])], min_count=5) == set()


def test_single_small_part_forces_a_second_part_hidden() -> None:
    # all = 20 shown; other = 3 is small. Hiding only "other" lets a reader compute 20 - 10 - 7 = 3, so the
    # smallest shown part (men = 7) is hidden too; the hidden pair adds up to 10 >= 5.
    cells = {"all": 20, "women": 10, "men": 7, "other": 3}
    hidden = suppressed_cells(cells, [relation("all", ["women", "men", "other"])], min_count=5)
    assert hidden == {"other", "men"}


def test_hidden_parts_adding_up_to_a_small_sum_hide_more() -> None:
    # other = 1 and moved = 2 are both small; together 3 < 5, so a reader would still know both are tiny and
    # their exact sum: the next smallest part (studies = 6) is hidden as well, making the hidden sum 9.
    cells = {"ended": 30, "work": 21, "studies": 6, "moved": 2, "other": 1}
    hidden = suppressed_cells(cells, [relation("ended", ["work", "studies", "moved", "other"])], min_count=5)
    assert hidden == {"other", "moved", "studies"}


def test_zero_is_hidden_like_any_count_below_the_threshold() -> None:
    cells = {"all": 12, "a": 12, "b": 0}
    # b = 0 hidden; then a is recomputable (12 - hidden b... ) -> a hidden too; both hidden parts sum to 12.
    assert suppressed_cells(cells, [relation("all", ["a", "b"])], min_count=5) == {"a", "b"}


def test_threshold_one_hides_nothing_and_one_small_part_hides_its_sibling() -> None:
    cells = {"total": 4, "a": 1, "b": 3}
    hidden = suppressed_cells(cells, [relation("total", ["a", "b"])], min_count=1)
    assert hidden == set()  # min_count 1: nothing is small
    # b = 4 is small; with the total shown, b = 9 - 5 is recomputable unless a is hidden too
    hidden = suppressed_cells({"total": 9, "a": 5, "b": 4}, [relation("total", ["a", "b"])], min_count=5)
    assert hidden == {"b", "a"}


def test_secondary_suppression_propagates_through_linked_tables() -> None:
    # Two interventions x two genders with margins. i2/women = 2 is small.
    cells = {
        "all": 40, "women": 22, "men": 18,
        "i1": 25, "i2": 15,
        ("i1", "women"): 20, ("i1", "men"): 5,
        ("i2", "women"): 2, ("i2", "men"): 13,
    }
    relations = [
        relation("all", ["women", "men"]),
        relation("all", ["i1", "i2"]),
        relation("i1", [("i1", "women"), ("i1", "men")]),
        relation("i2", [("i2", "women"), ("i2", "men")]),
        relation("women", [("i1", "women"), ("i2", "women")]),
        relation("men", [("i1", "men"), ("i2", "men")]),
    ]
    hidden = suppressed_cells(cells, relations, min_count=5)
    assert ("i2", "women") in hidden
    # no relation may leave exactly one hidden cell next to a shown total
    for rel in relations:
        keys = [rel.total, *rel.parts]
        hidden_here = [k for k in keys if k in hidden]
        if hidden_here and rel.total not in hidden:
            assert len(hidden_here) >= 2
            assert sum(cells[k] for k in hidden_here) >= 5


def test_none_cells_are_neither_hidden_nor_used() -> None:
    cells = {"all": 10, "a": None, "b": 3}
    assert suppressed_cells(cells, [relation("all", ["a", "b"])], min_count=5) == {"b"}


def test_two_totals_of_the_same_parts_are_hidden_together() -> None:
    # wos and a goal numerator are both work + studies: if wos must be hidden, the goal numerator must be too.
    cells = {"closer": 18, "wos": 14, "job": 4, "work": 8, "studies": 6, "goal_num": 14}
    relations = [
        relation("closer", ["wos", "job"]),
        relation("wos", ["work", "studies"]),
        relation("goal_num", ["work", "studies"]),
    ]
    hidden = suppressed_cells(cells, relations, min_count=5)
    assert {"job", "wos", "goal_num"} <= hidden
