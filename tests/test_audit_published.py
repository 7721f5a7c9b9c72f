"""R9 against the previous meeting's pack as it was published (issue #11: its speed, and what the board saw).

A pack with a previous meeting is audited together with that meeting's pack. What a reader knows of the previous
pack is what it showed: its ``disclosure.json.gz`` lists the shown cells. With it, the previous pack is recomputed
(its cells, relations and values) but not audited on its own again: the cells it showed are known, every other one
it publishes unknown. These tests hold that this saves the previous pack's own audit, gives today's answer when
the previous pack showed what its own audit shows, takes exactly the published hidden set when the previous pack
hid more (it had its own previous meeting), stays in use (and safe) after data typed in late, falls back to the
recomputed previous pack when the file is not certainly that pack's, and that live pages and the build use it.
"""

from __future__ import annotations

import gzip
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from finsamdash.privacy import audit_pack, exact
from finsamdash.privacy import pack as audit
from finsamdash.privacy.disclosure import FILE_NAME, read_published
from finsamdash.privacy.pack import _register, _with_previous, published_previous

ROOT = Path(__file__).resolve().parents[1]
SAMSPELET = ROOT / "tests" / "fixtures" / "samspelet_2013"
A = "samspelet"
MEETING, PREVIOUS, EARLIER = date(2013, 12, 31), date(2013, 10, 31), date(2013, 8, 31)


@pytest.fixture(scope="module")
def samspelet():
    from finsamdash.data.validate import load

    return load(SAMSPELET)


@pytest.fixture(scope="module")
def published(samspelet, tmp_path_factory):
    """The previous meeting's packs as their builds published them: ``own``, built without a meeting before it
    (it shows what its own audit shows), and ``chained``, built against the meeting before it (it hides more); each
    as (its disclosure, the folder of its pack)."""
    out = tmp_path_factory.mktemp("published")
    packs = {}
    for name, earlier in (("own", None), ("chained", EARLIER)):
        d = audit_pack(samspelet, A, PREVIOUS, previous=earlier)
        folder = out / name / A / PREVIOUS.isoformat()
        folder.mkdir(parents=True)
        d.write(folder)
        packs[name] = (d, folder)
    return packs


@pytest.fixture(scope="module")
def recomputed(samspelet):
    """Today's pack audited against the previous pack recomputed (no published file)."""
    return audit_pack(samspelet, A, MEETING, previous=PREVIOUS)


@pytest.fixture(scope="module")
def after_chained(samspelet, published):
    """Today's pack audited against the previous pack that hid more (``published["chained"]``), as published."""
    _d0, folder = published["chained"]
    return audit_pack(samspelet, A, MEETING, previous=PREVIOUS, previous_published={A: published_previous(
        folder, A, PREVIOUS)})


def _same(a, b) -> bool:
    return (dict(a.shown), a.hidden, dict(a.goals), dict(a.previous_shown), dict(a.previous_goals),
            a.since_previous) == (dict(b.shown), b.hidden, dict(b.goals), dict(b.previous_shown),
                                  dict(b.previous_goals), b.since_previous)


def _clean_against(dataset, d, shown_before: set) -> bool:
    """The exact check on the joint system built from what the previous pack showed as published (``shown_before``:
    known; every other cell it publishes unknown) with the pack's final pattern finds nothing."""
    current = _register(dataset, A, d.meeting, d.year, d.min_count)
    before = _register(dataset, A, d.previous, d.previous.year, d.min_count)
    hidden_before = frozenset(c for c in before.published if c not in shown_before)
    for now, then in ((current.participants, before.participants), (current.survey, before.survey)):
        system = exact.System(_with_previous(now, then, hidden_before))
        mask = np.zeros(len(system), dtype=bool)
        mask[[system.index[c] for c in d.hidden if c in system.index]] = True
        if exact.find(system, mask):
            return False
    return True


def _solved_alone(monkeypatch) -> list:
    """The registries the solver is asked to audit from now on (``forced`` marks the joint programme)."""
    asked = []
    real = audit.protect

    def spy(reg, **kwargs):
        asked.append((reg, bool(kwargs)))
        return real(reg, **kwargs)

    monkeypatch.setattr(audit, "protect", spy)
    return asked


def test_the_published_previous_pack_is_not_audited_again_and_the_answer_is_the_same(samspelet, published, recomputed,
                                                                                     monkeypatch) -> None:
    d0, folder = published["own"]
    keys = published_previous(folder, A, PREVIOUS)
    assert keys == frozenset(d0.shown)
    previous = _register(samspelet, A, PREVIOUS, 2013, 5)
    asked = _solved_alone(monkeypatch)
    d = audit_pack(samspelet, A, MEETING, previous=PREVIOUS, previous_published={A: keys})
    alone = [reg for reg, joint in asked if not joint]
    assert alone and not any(reg.values == previous.participants.values for reg in alone)  # not solved again
    assert not any(reg.values == previous.survey.values for reg in alone if len(reg))
    assert d.previous_basis == "published" and d.stats["rounds_each"][1] == 0
    assert recomputed.previous_basis == "recomputed" and recomputed.stats["rounds_each"][1] > 0
    assert _same(d, recomputed)  # the previous pack showed what its own audit shows: nothing changes
    assert d.previous_known == {A: keys} and not recomputed.previous_known


def test_a_previous_pack_that_hid_more_is_taken_as_it_was_published(samspelet, published, recomputed,
                                                                   after_chained) -> None:
    """The previous pack was itself audited against the meeting before it and hid more than its own audit: the
    reader knows only what it showed, and this pack hides what it hid."""
    own, _ = published["own"]
    d0, _ = published["chained"]
    assert d0.hidden > own.hidden  # it hid more (R9 against its own previous meeting)
    d = after_chained
    assert d.previous_basis == "published"
    assert set(d.previous_shown) == set(d0.shown)  # exactly what was published, no more
    assert set(recomputed.previous_shown) > set(d0.shown)  # the recomputed pack assumed more known
    assert not (d0.hidden & set(d.shown))  # a figure hidden at the previous meeting stays hidden
    assert _clean_against(samspelet, d, set(d0.shown))


@pytest.mark.parametrize("late", ["registration", "exit reason"])
def test_data_typed_in_after_the_previous_meeting_changes_values_not_what_the_reader_knows(samspelet, tmp_path,
                                                                                           late) -> None:
    """The previous meeting's build did not have a participant who started before it (a late registration), or
    an episode's end and exit reason before it (typed in later): its pack as published is still used, and the
    answer is clean for what a reader of that pack knows."""
    people = samspelet.tables["participants"]
    if late == "registration":
        then_people = people[people["participant_id"] != "S13-0003"]
    else:
        then_people = people.copy()
        ended = then_people["participant_id"] == "S13-0008"
        assert (then_people.loc[ended, "end_date"] < pd.Timestamp(PREVIOUS)).all()
        then_people.loc[ended, ["end_date", "exit_reason"]] = [pd.NaT, pd.NA]
    then = replace(samspelet, tables={**samspelet.tables, "participants": then_people})
    d0 = audit_pack(then, A, PREVIOUS)
    d0.write(tmp_path)
    d = audit_pack(samspelet, A, MEETING, previous=PREVIOUS, previous_published={A: published_previous(
        tmp_path, A, PREVIOUS)})
    assert d.previous_basis == "published"  # no fallback
    assert set(d.previous_shown) == set(d0.shown)
    assert any(d.previous_shown[c] != v for c, v in d0.shown.items())  # the values are today's
    assert _clean_against(samspelet, d, set(d0.shown))


def _rewrite(folder: Path, change) -> None:
    path = folder / FILE_NAME
    data = json.loads(gzip.decompress(path.read_bytes()))
    change(data)
    path.write_bytes(gzip.compress(json.dumps(data).encode()))


@pytest.mark.parametrize("case", ["other code", "other meeting", "other association", "damaged", "truncated",
                                  "no file", "other format", "malformed"])
def test_a_file_that_is_not_certainly_the_previous_pack_is_not_used(published, tmp_path, case) -> None:
    _d0, folder = published["own"]
    copy = tmp_path / "pack"
    shutil.copytree(folder, copy)
    meeting, association = PREVIOUS, A
    if case == "other code":
        _rewrite(copy, lambda data: data.update(scheme="another version of the cell keys"))
    elif case == "other meeting":
        meeting = date(2013, 10, 30)
    elif case == "other association":
        association = "another"
    elif case == "damaged":
        (copy / FILE_NAME).write_bytes(b"\x1f\x8b not gzip")
    elif case == "truncated":
        (copy / FILE_NAME).write_bytes((folder / FILE_NAME).read_bytes()[:200])
    elif case == "no file":
        (copy / FILE_NAME).unlink()
    elif case == "other format":
        _rewrite(copy, lambda data: data.update(format=data["format"] + 1))
    else:
        _rewrite(copy, lambda data: data.update(hidden=3))
    assert published_previous(folder, A, PREVIOUS) is not None
    assert published_previous(copy, association, meeting) is None


@pytest.mark.parametrize("families", [("p",), ("p", "s")])
def test_a_published_pack_with_other_cells_falls_back_to_the_recomputed_one(samspelet, published, recomputed,
                                                                            families) -> None:
    """A published shown cell the recomputed previous pack does not publish (a recoding changed by later data,
    another year shown): that family of the previous pack is audited on its own again (each family on its own: the
    survey's basis is also the one the other associations' packs take in their comparison)."""
    d0, _ = published["own"]
    extra = {"p": ("p", "i:no_such_intervention", "started", "2013-01-01", "2013-10-31"),
             "s": ("s", A, "no_such_item", "all", "2013:year")}
    keys = frozenset(d0.shown) | {extra[f] for f in families}
    d = audit_pack(samspelet, A, MEETING, previous=PREVIOUS, previous_published={A: keys})
    if families == ("p",):
        assert d.previous_basis == "published survey" and d.previous_known == {A: keys}
    else:
        assert d.previous_basis == "recomputed" and not d.previous_known
    assert _same(d, recomputed)  # (the own pack showed what its own audit shows)


def test_the_pack_records_its_basis_and_a_live_page_audits_again_the_same(samspelet, published, recomputed,
                                                                          after_chained, tmp_path,
                                                                          monkeypatch) -> None:
    """A live page (its working folder the pack's) reads the keys its build assumed from the pack's
    disclosure.json.gz: it hides exactly what the static pack hides, also where the previous pack hid more than a
    recomputation would assume."""
    from finsamdash.dashboards import _page

    d0, _ = published["chained"]
    d = after_chained
    assert d.hidden != recomputed.hidden  # a live page that recomputed the previous pack would differ
    pack = tmp_path / A / MEETING.isoformat()
    pack.mkdir(parents=True)
    d.write(pack)
    stored = read_published(pack)
    assert stored["previous_basis"] == "published" and stored["previous_known"] == {A: frozenset(d0.shown)}
    assert stored["scheme"] == audit.scheme_version()
    monkeypatch.chdir(pack)
    live = _page.disclosure_for(samspelet, None, A, MEETING, PREVIOUS, 5, 2013)
    assert live.previous_basis == "published"
    assert live.hidden == stored["hidden"] == d.hidden and dict(live.shown) == stored["shown"]
    # elsewhere (or for other parameters) the pack's file is not read
    assert _page.recorded_previous(pack, A, MEETING, date(2013, 9, 30), 5, 2013) == {}
    assert _page.recorded_previous(tmp_path, A, MEETING, PREVIOUS, 5, 2013) == {}


def test_other_associations_survey_results_are_compared_as_their_own_packs_show_them(demo_dataset, tmp_path) -> None:
    """A pack shows the other associations' survey results of the year as their own packs show them (R4): when an
    other association's previous pack is taken as published in its own audit, it is in this pack's comparison
    too (mellanmark's previous pack hid more: it had its own previous meeting)."""
    meeting, previous = date(2026, 11, 23), date(2026, 9, 24)
    known = {}
    for association, earlier in (("mellanmark", date(2026, 6, 15)), ("norrsken", None)):
        folder = tmp_path / association / previous.isoformat()
        folder.mkdir(parents=True)
        audit_pack(demo_dataset, association, previous, previous=earlier).write(folder)
        known[association] = published_previous(folder, association, previous)
    theirs = audit_pack(demo_dataset, "mellanmark", meeting, previous=previous, previous_published=known)
    ours = audit_pack(demo_dataset, "norrsken", meeting, previous=previous, previous_published=known)
    without = audit_pack(demo_dataset, "norrsken", meeting, previous=previous,
                         previous_published={"norrsken": known["norrsken"]})

    def year_results(cells) -> dict:
        return {c: v for c, v in cells.items() if c[:2] == ("s", "mellanmark") and c[4] == f"{meeting.year}:year"}

    assert theirs.previous_basis == "published" and year_results(ours.others) == year_results(theirs.shown)
    assert year_results(without.others) != year_results(theirs.shown)  # the recomputed one would differ
    assert ours.previous_known["mellanmark"] == {c for c in known["mellanmark"] if c[0] != "p"}  # answers, goals
    assert set(ours.previous_shown) == set(known["norrsken"])  # survey goals' cells too
