"""The disclosure policy (docs/disclosure.md) rule by rule, R1–R9, each on purpose-built data; every leak that issue
#11 found as a regression test; and the Samspelet 2013 fixture, shaped like a real annual report, where "14 av 49"
must be shown.

The guarantees over every output of a pack (no hidden count recomputable, pages independent of hidden values, no id
in a pack) are proved in test_disclosure.py; here each rule is shown doing what the policy says.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from metric_helpers import episode, goal, make_dataset

from finsamdash.privacy import audit_pack
from finsamdash.privacy.views import SelectionView, choices
from finsamdash.report import hidden_since_previous, summary, summary_text
from finsamdash.wording.privacy import GOAL_FIGURES_HIDDEN, GOAL_STATUS_HIDDEN, HIDDEN_MARK

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
SAMSPELET = ROOT / "tests" / "fixtures" / "samspelet_2013"


def cell(selection: str, name: str, first: str, last: str) -> tuple:
    return ("p", selection, name, first, last)


def clean(dataset, association_id: str, d, *, previous: bool = False) -> bool:
    """The exact check on the pack's final pattern (with the previous pack as the audit recomputed it) finds
    nothing: no hidden count and no small group of hidden cells can be worked out."""
    from finsamdash.privacy import exact
    from finsamdash.privacy.pack import _register, _with_previous

    current = _register(dataset, association_id, d.meeting, d.year, d.min_count)
    registries = [current.participants, current.survey]
    if previous and d.previous is not None:
        before = _register(dataset, association_id, d.previous, d.previous.year, d.min_count)
        shown_before = {c for c in before.published if c in d.previous_shown}
        hidden_before = frozenset(c for c in before.published if c not in shown_before)
        registries += [_with_previous(current.participants, before.participants, hidden_before),
                       _with_previous(current.survey, before.survey, hidden_before)]
    for registry in registries:
        system = exact.System(registry)
        mask = np.zeros(len(system), dtype=bool)
        mask[[system.index[c] for c in d.hidden if c in system.index]] = True
        if exact.find(system, mask):
            return False
    return True


# --- Samspelet 2013 -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def samspelet():
    from finsamdash.data.validate import load

    data = load(SAMSPELET)
    d = audit_pack(data, "samspelet", "2013-12-31")
    return data, d, summary(data, "samspelet", 2013, disclosure=d)


def test_samspelet_counts_as_the_annual_report_counts(samspelet) -> None:
    """"374 deltagare … 39 anonyma … av de resterande har 184 startat under året och 171 har avslutats"."""
    data, _d, shown = samspelet
    people = shown["participants"]
    assert (people["episodes"], people["anonymous"], people["identified"]) == (374, 39, 335)
    assert (people["started"], people["ended"]) == (184, 171)
    text = summary_text(shown, data)
    assert "374 deltaganden, varav 39 anonyma; av de övriga 335 har 184 påbörjat och 171 avslutat" in text


@pytest.fixture(scope="module")
def sydnarke():
    """Sydnärke 2016 (a real plan's goals), the pack of 15 November 2016 with the previous meeting of 28 October:
    the dataset and the audit, computed once through a page (so that pages of the same dataset reuse it)."""
    from finsamdash.dashboards import OverviewPage
    from finsamdash.data.validate import load

    data = load(ROOT / "tests" / "fixtures" / "sydnarke_2016")
    return data, OverviewPage(data, "sydnarke", "2016-11-15", previous_meeting_date="2016-10-28").disclosure


def test_a_goal_with_nothing_to_measure_says_so_and_is_not_called_hidden(sydnarke) -> None:
    """Sydnärke 2016 has no survey answers: its 80 % survey goal cannot be followed up. That reveals no count, so
    it reads "underlag saknas", never that its figures or status are hidden to protect someone."""
    data, d = sydnarke
    goals = {g["goal_id"]: g for g in summary(data, "sydnarke", 2016, as_of="2016-11-15", disclosure=d)["goals"]}
    assert goals["G4"]["status"] == "no_data"
    assert goals["G4"]["text_sv"].endswith("kan inte följas upp: underlag saknas.")
    assert GOAL_STATUS_HIDDEN not in goals["G4"]["text_sv"]


def test_samspelet_horisont_14_av_49_is_shown(samspelet) -> None:
    """R5/R6: the goal outcome the report states is shown, although Horisont's exit breakdown has a 1 in it (the
    old auditor hid the goal's numerator to protect it)."""
    _data, d, shown = samspelet
    horisont = next(g for g in shown["goals"] if g["goal_id"] == "G2")
    assert "14 av 49 (29\u00a0%)" in horisont["text_sv"] and horisont["status"] == "not_met"
    assert d.goal(2013, 1).figures_shown
    assert d.value(cell("i:horisont", "ended", "2013-01-01", "2013-12-31")) == 49


def test_the_complement_rule_is_the_same_for_every_share(samspelet) -> None:
    """R6: "48 av 49" (plan share, 1 without a plan) and "8 av 12" (subsidised work, 4 not) are hidden alike, with
    the same words; "5 av 40" (35 not reached) is shown."""
    _data, d, shown = samspelet
    goals = {g["goal_id"]: g for g in shown["goals"]}
    for goal_id, index in (("G3", 2), ("G4", 3)):
        assert goals[goal_id]["outcome"] is None, goal_id
        assert GOAL_STATUS_HIDDEN in goals[goal_id]["text_sv"] or GOAL_FIGURES_HIDDEN in goals[goal_id]["text_sv"]
        assert "de som inte nådde målet" in d.goal(2013, index).reason
    assert "48 av 49" not in str(goals) and "8 av 12" not in str(goals)
    assert "5 av 40" in goals["G5"]["text_sv"]


# --- R1 unsafe cells --------------------------------------------------------------------------------------------------

INTERVENTIONS = [{"intervention_id": i, "name": n, "kind": k, "start_date": "2020-01-01"}
                 for i, n, k in (("stor", "Stora vägen", "individual"), ("liten", "Lilla steget", "individual"))]


def _two_interventions(small: int) -> object:
    rows = [episode(f"2026-0{1 + n % 9}-03", gender=("woman", "man")[n % 2], intervention="stor",
                    municipality="Åby") for n in range(20)]
    rows += [episode("2026-03-01", gender="woman", intervention="liten", municipality="Åby") for _ in range(small)]
    return make_dataset(interventions=INTERVENTIONS, participants=rows)


def test_r1_counts_from_one_to_min_count_minus_one_are_unsafe() -> None:
    data = _two_interventions(4)
    liten = cell("i:liten", "episodes", "2026-01-01", "2026-11-20")
    assert audit_pack(data, "test", "2026-11-20", min_count=5).is_hidden(liten)
    assert audit_pack(data, "test", "2026-11-20", min_count=4).value(liten) == 4
    assert audit_pack(data, "test", "2026-11-20", min_count=5).value(cell("*", "episodes", "2026-01-01",
                                                                           "2026-11-20")) == 24


# --- R2 structural zeros, R3 sampling zeros ------------------------------------------------------------------------

def test_r2_a_zero_that_cannot_be_anything_else_is_shown_and_protects_nothing() -> None:
    """A preventive intervention cannot have participants, a closed one none after it closed: their zeros are
    shown and hide nothing (the demo data hid 41 headline counts and three goal outcomes to protect such zeros)."""
    interventions = [*INTERVENTIONS[:1],
                     {"intervention_id": "skola", "name": "Skolan", "kind": "preventive", "start_date": "2020-01-01"},
                     {"intervention_id": "gammal", "name": "Gamla vägen", "kind": "individual",
                      "start_date": "2020-01-01", "end_date": "2025-06-30"}]
    rows = [episode(f"2026-0{1 + n % 9}-03", "2026-10-01" if n < 12 else None,
                    ("work", "job_seeking")[n % 2] if n < 12 else None, gender=("woman", "man")[n % 2],
                    intervention="stor", municipality="Åby") for n in range(30)]
    rows += [episode("2024-03-01", "2025-05-01", "work", intervention="gammal", municipality="Åby")
             for _ in range(6)]
    data = make_dataset(interventions=interventions, participants=rows)
    d = audit_pack(data, "test", "2026-11-20")
    result = summary(data.as_of(date(2026, 11, 20)), "test", 2026, disclosure=d)
    assert result["interventions"]["skola"]["episodes"] == 0
    assert result["interventions"]["stor"]["episodes"] == 30
    assert result["participants"]["ended"] == 12 and result["exits"]["work"] == 6
    assert not [c for c in d.hidden if c[1] in ("*", "i:stor") and c[2] in ("episodes", "started", "ended")
                and c[3].startswith("2026")]


def test_r3_zeros_are_shown_but_not_when_everybody_is_in_one_category() -> None:
    """Twelve ended, all to work: showing the zeros of the other reasons next to "12 ended" tells where each of
    them went. The row is protected: "work" must not be the number who ended."""
    from finsamdash.privacy import exact
    from finsamdash.privacy.pack import _register

    rows = [episode(f"2026-0{1 + n % 9}-03", "2026-10-01" if n < 12 else None, "work" if n < 12 else None,
                    gender=("woman", "man")[n % 2], intervention="stor", municipality="Åby") for n in range(30)]
    data = make_dataset(interventions=INTERVENTIONS[:1], participants=rows)
    d = audit_pack(data, "test", "2026-11-20")
    whole = ("2026-01-01", "2026-11-20")
    registry = _register(data, "test", d.meeting, 2026, 5).participants
    work = cell("*", "exit:work", *whole)
    assert work in registry.unsafe and d.is_hidden(work)
    system = exact.System(registry)
    mask = np.zeros(len(system), dtype=bool)
    mask[[system.index[c] for c in d.hidden if c in system.index]] = True
    assert not exact.determined(system, mask)[system.index[work]]
    assert d.value(cell("*", "exit:moved", *whole)) in (0, None)  # a zero, or hidden to protect the row
    assert d.value(cell("*", "anonymous", *whole)) == 0  # an unrelated zero is shown


# --- R4 one joint audit: regressions of the leaks between outputs ---------------------------------------------------

@pytest.fixture(scope="module")
def demo():
    from finsamdash.data.validate import load

    return load(DEMO)


def test_r4_the_overview_card_and_the_participants_table_show_the_same_share(demo) -> None:
    """The overview card showed × for "till arbete eller studier" while the participants table's total row showed
    42 %: both read the one audit now."""
    from finsamdash.dashboards import OverviewPage, ParticipantsPage

    for association in ("norrsken", "sjobygden"):
        overview = OverviewPage(DEMO, association, "2026-11-23")
        card = next(c for c in overview.cards() if c.key == "work_or_studies_share")
        table = ParticipantsPage(DEMO, association, "2026-11-23").render_interventions()[0]["text/html"]
        total = re.search(r"<tr class=\"total\">(.*?)</tr>", table).group(1)
        last = re.findall(r"<td[^>]*>([^<]*)</td>", total)[-1]
        assert card.value == last, (association, card.value, last)


def test_r4_the_summary_and_the_gender_chart_agree(demo) -> None:
    """The summary text said "34 kvinnor, .. män" while a chart showed 20 men."""
    for association in ("norrsken", "mellanmark", "sjobygden"):
        d = audit_pack(demo, association, "2026-11-23")
        shown = summary(demo.as_of(date(2026, 11, 23)), association, 2026, disclosure=d)
        genders, _status = SelectionView(d, 2026, "*").genders()
        chart = dict(zip(genders.index, genders["count"], strict=True))
        for key, gender in (("women", "woman"), ("men", "man"), ("other_unknown", "other_unknown")):
            value = shown["participants"][key]
            assert (value is None and pd.isna(chart[gender])) or value == chart[gender], (association, key)


def test_r4_no_shown_pair_of_nested_counts_differs_by_a_small_group(demo) -> None:
    """The summary's 15 closer to the labour market with the page's 11 of 26 to work or studies published 4 job
    seekers; "ended" minus "closer" published those who left for illness."""
    for association in ("norrsken", "mellanmark", "sjobygden"):
        d = audit_pack(demo, association, "2026-11-23")
        for year, layout in d.layouts.items():
            whole = layout.windows.whole
            for key in layout.selections:
                v = {n: d.value(cell(key, n, *whole)) for n in ("wos", "closer", "ended")}
                for small, large in (("wos", "closer"), ("closer", "ended"), ("wos", "ended")):
                    if v[small] is not None and v[large] is not None:
                        assert not 0 < v[large] - v[small] < 5, (association, year, key, small, large, v)


def test_r4_the_mellanmark_2024_group_of_three_is_gone(demo) -> None:
    """The summary ran only the per-relation auditor: Porten's 2 drop-outs and the association's 1 who moved made
    a group of 3 the exact check could compute. One joint audit now, checked on its final pattern."""
    d = audit_pack(demo, "mellanmark", "2024-12-31")
    assert clean(demo, "mellanmark", d)


def test_r4_the_goals_page_and_the_pages_show_the_same_cells(demo) -> None:
    """The goals page hid figures the participants page showed (together a group of 4): a goal's figures are
    shown exactly when the cells they are show everywhere."""
    for association in ("norrsken", "mellanmark", "sjobygden"):
        d = audit_pack(demo, association, "2026-11-23", previous="2026-09-24")
        for key, g in d.goals.items():
            cells = [c for c in (g.x, g.n) if c is not None]
            if cells:
                assert g.figures_shown == all(c in d.shown for c in cells), (association, key)


def test_r4_the_demo_headline_counts_and_goals_are_shown_without_a_previous_meeting(demo) -> None:
    """The demo hid three goal outcomes (mellanmark's Porten, 20 av 47, among them) and 41 headline counts only to
    protect zeros of interventions that never have participants."""
    for association in ("norrsken", "mellanmark", "sjobygden"):
        d = audit_pack(demo, association, "2026-11-23")
        whole = d.layouts[2026].windows.whole
        for name in ("episodes", "started", "ended", "wos"):
            assert d.value(cell("*", name, *whole)) is not None, (association, name)
        assert all(g.figures_shown for (year, _i), g in d.goals.items() if year == 2026), association
        assert not d.since_previous and not d.hidden_since_previous()  # R9 needs a previous meeting


# --- R5 least cost --------------------------------------------------------------------------------------------------

def test_r5_the_audit_is_deterministic_and_does_not_fall_back(samspelet) -> None:
    data, d, _shown = samspelet
    again = audit_pack(data, "samspelet", "2013-12-31")
    assert again.hidden == d.hidden and again.shown == d.shown
    assert d.stats["method"] == "milp"


# --- R7 recoding before hiding ---------------------------------------------------------------------------------------

def _recoded(unknown_age: int = 0) -> object:
    interventions = [{"intervention_id": i, "name": n, "kind": "individual", "start_date": "2020-01-01"}
                     for i, n in (("stor", "Stora vägen"), ("liten", "Lilla steget"), ("mini", "Minsta"))]
    reasons = ["work"] * 10 + ["studies"] * 6 + ["illness"] * 2 + ["moved"] * 1 + ["job_seeking"] * 6
    rows = [episode(f"2026-{1 + n % 9:02d}-03", f"2026-10-{1 + n % 20:02d}", r, intervention="stor",
                    gender=("woman", "man")[n % 2], municipality="Åby", birth_year=1960 + 2 * n)
            for n, r in enumerate(reasons)]
    rows += [episode(f"2026-0{1 + n % 9}-07", intervention="stor", gender=("woman", "man")[n % 2],
                     municipality="Åby", birth_year=1990 + n % 10) for n in range(15)]
    rows += [episode("2026-03-01", intervention="liten", municipality="Åby", birth_year=1980) for _ in range(2)]
    rows += [episode("2026-04-01", intervention="mini", municipality="Åby", birth_year=1981) for _ in range(3)]
    rows += [episode("2026-05-01", intervention="stor", municipality="Åby") for _ in range(unknown_age)]
    return make_dataset(interventions=interventions, participants=rows)


def test_r7_small_groups_are_merged_and_the_label_says_what_they_hold() -> None:
    d = audit_pack(_recoded(), "test", "2026-11-20")
    layout = d.layouts[2026]
    # two small interventions (2 and 3 participants) shown together as 5
    merged = layout.selections[layout.shown_as["i:liten"]]
    assert merged.label == "övriga insatser (Lilla steget, Minsta)" and merged.members == ("i:liten", "i:mini")
    assert d.value(cell("i:liten+mini", "episodes", "2026-01-01", "2026-11-20")) == 5
    # small exit reasons (illness 2, moved 1) merged, with the smallest other reason, into "övriga avslut"
    exits = [g.label for g in layout.selections["*"].categories["exit"]]
    assert exits[-1] == "övriga avslut (aktivt arbetssökande, sjukdom, flyttat)" and "studier" in exits
    # months with too few starts and ends: the association's flows by quarter
    assert layout.selections["*"].flow_level == "quarter"
    # age bands merged where a band is small, labelled by their range
    ages = [g.label for g in layout.selections["g:woman"].categories["age"]]
    assert "35 år eller mer" in ages
    assert ("Insats: Lilla steget", "i:liten") in choices(d)


def test_r7_months_become_quarters_on_the_page_with_a_note() -> None:
    from finsamdash.dashboards import ParticipantsPage, _page

    data = _recoded()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_page, "load_for_dashboard", lambda _path: data)
        page = ParticipantsPage("unused", "test", "2026-11-20")
        bundles = page.render_monthly()
    text = " ".join(b.get("text/html", "") for b in bundles)
    assert "Visas per kvartal eftersom några månader har för få personer." in text


# --- R8 hidden looks hidden ------------------------------------------------------------------------------------------

def test_r8_a_hidden_bar_is_drawn_hatched_with_the_mark_never_as_a_blank() -> None:
    """Three participants without a birth year: their age bar is a hatched bar labelled with the mark (not a gap
    that reads as 0), its hover says it is hidden, and the table says the same."""
    from finsamdash.dashboards import ParticipantsPage, _page
    from finsamdash.dashboards._page import PLOTLY_MIME

    data = _recoded(unknown_age=3)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_page, "load_for_dashboard", lambda _path: data)
        bundles = ParticipantsPage("unused", "test", "2026-11-20").render_demographics()
    age = next(b[PLOTLY_MIME] for b in bundles if PLOTLY_MIME in b and "ålder" in b[PLOTLY_MIME]["layout"][
        "title"]["text"])
    hidden = [t for t in age["data"] if str(t.get("name", "")).endswith(f": {HIDDEN_MARK}")]
    assert len(hidden) == 1
    bar = hidden[0]
    labels = bar["y"] if bar.get("orientation") == "h" else bar["x"]
    marked = [label for label, text in zip(labels, bar["text"], strict=True) if text == HIDDEN_MARK]
    assert "uppgift saknas" in marked
    assert bar["marker"]["pattern"]["shape"] == "/" and "dolt av integritetsskäl" in bar["hovertemplate"]
    shown = next(t for t in age["data"] if t not in hidden)
    values = dict(zip(shown["y"] if shown.get("orientation") == "h" else shown["x"],
                      shown["x"] if shown.get("orientation") == "h" else shown["y"], strict=True))
    assert all(values[label] is None for label in marked)  # no hidden count is in the chart
    table = next(b["text/html"] for b in bundles if "text/html" in b and "uppgift saknas</td>" in b["text/html"])
    assert re.search(r"uppgift saknas</td><td class=\"num fsd-hidden\">dolt</td>", table)


# --- R9 two consecutive packs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("association", ["norrsken", "mellanmark"])
def test_r9_no_difference_of_the_two_packs_is_a_small_group(demo, association) -> None:
    """Every count published by both packs for the same selection and period start: the difference (the people
    counted since the last meeting) is 0 or at least min_count, and the joint exact check finds nothing."""
    d = audit_pack(demo, association, "2026-11-23", previous="2026-09-24")
    by_start = {}
    for c, v in d.previous_shown.items():
        if c[0] == "p" and c[3] != c[4]:
            by_start[c[1:4]] = (c, v)
    compared = 0
    for c, v in d.shown.items():
        if c[0] != "p" or c[3] == c[4] or c[1:4] not in by_start:
            continue
        before, w = by_start[c[1:4]]
        if before[4] < c[4]:
            compared += 1
            assert not 0 < v - w < d.min_count, (c, w, v)
    assert compared > 100
    assert clean(demo, association, d, previous=True)


def test_r9_a_change_of_a_few_is_hidden_in_this_pack(demo) -> None:
    """mellanmark: 4 more of Porten's participants went to work or studies between the meetings; the previous
    pack showed its count, so this pack hides it (and Porten's exit-share goal)."""
    d = audit_pack(demo, "mellanmark", "2026-11-23", previous="2026-09-24")
    wos = cell("i:porten", "wos", "2026-01-01", "2026-11-23")
    assert d.previous_value(cell("i:porten", "wos", "2026-01-01", "2026-09-24")) is not None
    assert d.is_hidden(wos)
    assert audit_pack(demo, "mellanmark", "2026-11-23").value(wos) is not None  # alone it would be shown


def test_r9_the_previous_pack_is_taken_as_it_was_published(samspelet) -> None:
    """The joint audit takes the previous pack's shown counts as known and its hidden ones as unknown, so they must
    be what that pack showed when it was built (its own audit at its meeting), not a recomputation that depends on
    the current pack (as cuts carried over from the current pack's audit would make it, docs/benchmarks.md #11
    sixth round: Samspelet's pack of 31 October would then be taken to hide 11 counts differently)."""
    data, _d, _shown = samspelet
    d = audit_pack(data, "samspelet", "2013-12-31", previous="2013-10-31")
    assert d.previous_shown == audit_pack(data, "samspelet", "2013-10-31").shown


def test_r9_the_stored_pack_file_holds_no_hidden_value(samspelet, tmp_path) -> None:
    from finsamdash.privacy.disclosure import read_published

    _data, d, _shown = samspelet
    d.write(tmp_path)
    stored = read_published(tmp_path)
    assert stored["shown"] == dict(d.shown) and stored["hidden"] == set(d.hidden)
    assert set(stored) >= {"shown", "hidden", "min_count", "meeting", "previous"}
    assert not set(stored["shown"]) & set(stored["hidden"])



def test_r9_sydnarke_says_once_per_page_why_figures_are_hidden_since_the_previous_meeting(sydnarke,
                                                                                          monkeypatch) -> None:
    """Sydnärke 2016, meetings 28 October and 15 November (18 days apart): R9 hides the association's participant
    total and goals G1/G2's figures, although the pack on its own would show them (the difference to the previous
    pack is a small group). The board is told why, in plain Swedish, once per page and once in the summary; a pack
    without a previous meeting says nothing of the kind."""
    import finsamdash.dashboards._page as page_module
    from finsamdash.dashboards import GoalsPage, IndicatorsPage, OverviewPage, ParticipantsPage
    from finsamdash.wording.privacy import HIDDEN_SINCE_PREVIOUS

    data, d = sydnarke
    pages = [kind(data, "sydnarke", "2016-11-15", previous_meeting_date="2016-10-28")
             for kind in (OverviewPage, ParticipantsPage, GoalsPage, IndicatorsPage)]
    assert all(page.disclosure is d for page in pages)  # one audit for every page of the pack
    total = cell("*", "episodes", "2016-01-01", "2016-11-15")
    assert d.is_hidden(total) and total in d.since_previous and d.previous_value(
        cell("*", "episodes", "2016-01-01", "2016-10-28")) is not None
    for index in (0, 1):  # G1 (participants), G2 (exit share): hidden because of the previous pack only
        goal = d.goal(2016, index)
        assert not goal.figures_shown and goal.status_shown and goal.reason.endswith("(R9)")
    assert d.since_previous <= d.hidden and not d.since_previous & set(d.shown)
    assert not any(c[0] == "s" for c in d.since_previous)  # no survey answers: nothing hidden on that page
    # the stored pack does not tell which hidden figures are hidden only because of the previous meeting
    assert "since_previous" not in d.to_json()

    result = summary(data, "sydnarke", 2016, as_of="2016-11-15", disclosure=d)
    assert hidden_since_previous(result, d) is True and result["participants"]["episodes"] is None
    assert "hidden_since_previous" not in result  # the CLI contract's shape is unchanged
    assert summary_text(result, data, since_previous=True).count(HIDDEN_SINCE_PREVIOUS) == 1
    assert HIDDEN_SINCE_PREVIOUS not in summary_text(result, data)

    said = {}
    for page in pages:
        bundles: list[dict] = []
        monkeypatch.setattr(page_module, "show", bundles.extend)
        page.header()
        said[type(page).__name__] = "".join(b.get("text/html", "") for b in bundles).count(HIDDEN_SINCE_PREVIOUS)
    assert said == {"OverviewPage": 1, "ParticipantsPage": 1, "GoalsPage": 1, "IndicatorsPage": 0}


# --- counting rule (#10 item 6) --------------------------------------------------------------------------------------

def test_started_and_ended_count_identified_episodes_and_the_anonymous_are_their_own_count() -> None:
    rows = [episode("2026-02-01", "2026-06-01", ("work", "job_seeking")[n % 2], intervention="stor")
            for n in range(10)]
    rows += [episode("2026-02-01", "2026-06-01", intervention="stor", anonymous=True) for _ in range(6)]
    rows += [episode("2026-03-01", intervention="stor") for _ in range(7)]
    data = make_dataset(interventions=INTERVENTIONS[:1], participants=rows,
                        goals=[goal("G1", "participants_started", ">=", 10, year=2026)])
    result = summary(data.as_of(date(2026, 11, 20)), "test", 2026, as_of="2026-11-20")
    people = result["participants"]
    assert (people["episodes"], people["anonymous"], people["identified"]) == (23, 6, 17)
    assert (people["started"], people["ended"]) == (17, 10)  # not 23 and 16
    assert result["goals"][0]["outcome"] == 17.0


# --- R8 in the browser: no chart throws ------------------------------------------------------------------------------

SMALL = ROOT / "tests" / "fixtures" / "valid_small"


@pytest.mark.slow
@pytest.mark.parametrize(("data", "associations", "meeting"), [
    (SMALL, ["sydnarke", "norrsken"], date(2026, 11, 23)), (SAMSPELET, ["samspelet"], date(2013, 12, 31))])
def test_r8_every_page_of_a_small_association_draws_without_console_errors(tmp_path, data, associations, meeting,
                                                                          chromium_browser):
    """participants.html threw "Invalid array length" twice for a small association (Sankeys with everything
    hidden): every static page of such packs now opens offline in headless chromium without a console error and
    draws every chart."""
    from browser_helpers import watch

    from finsamdash.pack.build import build_pack

    result = build_pack(data, meeting=meeting, out=tmp_path / "packs", association_ids=associations, jobs=2,
                        pdf=False)  # the packs of one data set in one build: the kernels are started once
    assert result.ok, [d.error for d in result.failures]
    pages = sorted(p for a in associations for p in (tmp_path / "packs" / a / "latest").glob("*.html"))
    assert len(pages) >= 5 * len(associations)
    drawn = ("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
             ".filter(e => e.querySelector('.main-svg')).length")
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    try:
        for html_file in pages:
            # the presentation draws a slide's chart when the slide is shown (its own browser tests go through
            # the slides): here only that it loads without an error
            expected = 0 if html_file.name == "presentation.html" else html_file.read_text(
                encoding="utf-8").count("Plotly.newPlot(")
            page = context.new_page()
            errors, blocked = watch(page, "file://")
            page.goto(html_file.resolve().as_uri(), wait_until="load", timeout=60_000)
            page.wait_for_function(f"() => ({drawn})() >= {expected}", timeout=60_000)
            page.close()
            assert errors == [] and blocked == [], (html_file.name, errors, blocked)
    finally:
        context.close()
