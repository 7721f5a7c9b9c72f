"""Disclosure tests on purpose-built data: no suppressed count can be read or recomputed from anything published.

The data (written as CSV by :func:`write_dataset`) is built to be hard: an intervention with 3 participants and one
with a single participant (together still fewer than 5), an intervention with exactly 5, one with no participant in
the year shown (but some earlier), a single woman among the men of a municipality, one person of other/unknown
gender next to large groups of women and men (secondary suppression is needed), small exit reasons, survey items
with 3 and exactly 5 answers and a respondent group of 3 next to a large one, and goals resting on small counts.

The small counts are computed here by hand from the rows. Then:

* **read**: every number that the five pages show (figure traces, hover templates, text, titles, alt texts, tables,
  sentences, for every combination of the drop-downs), the ``summary`` JSON and the built pack are searched; no
  small count appears as a published value, and the cells that hold one are marked hidden;
* **recomputed**: every published count is written as a 0/1 vector over the episodes (or survey answers) it counts,
  and every hidden small count is checked, with exact linear algebra, to lie outside the span of the published
  ones: no combination of published counts, from any page, gives it; nor does the difference of two nested
  published counts give a small group (group disclosure);
* **invariant**: every chart (all trace fields, hover texts, annotations), table and sentence of the five pages, for
  every choice in the drop-downs, stays the same when the hidden counts change (Deltagarflöden: every hidden cell
  of the audit replaced; the other pages: data changed only where it is hidden), so nothing published equals or is
  computed from a hidden figure – goal statuses included (a status that with its target narrows a small count is
  hidden too);
* survey results: the summary's pooled figures with the page's groups, and goals over several items, give no hidden
  result away.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from finsamdash.contract import REPORTED_EXIT_REASONS, WORK_OR_STUDIES
from finsamdash.metrics import flows as fl

ASSOC = "lilla"
ASSOC_NAME = "Samordningsförbundet Lilla"
YEAR = 2026
MEETING = "2026-11-26"
PREVIOUS = "2026-09-24"
MIN = 5

INTERVENTIONS = [
    # id, name, start, end
    ("stor", "Stora vägen", "2020-01-01", ""),
    ("trio", "Trion", "2025-06-01", ""),
    ("solo", "Ensam", "2025-06-01", ""),
    ("femman", "Femman", "2024-01-01", ""),
    ("tom", "Tomma rummet", "2023-01-01", "2025-06-30"),
]


def _participant_rows() -> list[dict[str, str]]:
    """Every participants row of the purpose-built association (ids ``LX-0001`` …)."""
    rows: list[dict[str, str]] = []

    def add(intervention: str, start: str, end: str = "", reason: str = "", *, gender: str = "man",
            municipality: str = "Åby", anonymous: bool = False, birth: int = 1985, education: str = "compulsory",
            years: str = "2", before: str = "social_assistance", after: str = "") -> None:
        pid = "" if anonymous else f"LX-{len(rows) + 1:04d}"
        rows.append({
            "association_id": ASSOC, "participant_id": pid, "intervention_id": intervention,
            "anonymous": "true" if anonymous else "false", "start_date": start, "end_date": end, "gender": gender,
            "birth_year": "" if anonymous else str(birth), "municipality": "" if anonymous else municipality,
            "education": "" if anonymous else education, "years_public_support": "" if anonymous else years,
            "support_before": "" if anonymous else before,
            "support_after": (after or ("salary" if reason in ("work", "studies") else "social_assistance"))
            if end and not anonymous else "",
            "exit_reason": reason if not anonymous else "", "individual_plan": "true", "followup_12m": "",
        })

    # Stora vägen, Åby: 12 women, 11 men and one person of other/unknown gender.
    reasons = ["work", "work", "job_seeking", "job_seeking", "further_rehab", "work", "studies", "job_seeking"]
    for n in range(24):
        gender = "woman" if n < 12 else "man" if n < 23 else "other_unknown"
        start = f"{2025 if n % 2 else 2026}-{1 + n % 9:02d}-{3 + n % 20:02d}"
        ended = n % 3 == 0
        end = f"2026-{10 if n % 2 else 9}-{10 + n % 15:02d}" if ended else ""
        add("stor", start, end, reasons[n // 3] if ended else "", gender=gender, birth=1960 + n,
            education=("compulsory", "upper_secondary", "post_secondary")[n % 3], years=str(n % 8),
            before=("social_assistance", "sickness_benefit", "activity_compensation")[n % 3])
    # Stora vägen, Byn: one woman among seven men.
    add("stor", "2026-02-10", gender="woman", municipality="Byn", birth=1990)
    for n in range(7):
        add("stor", f"2026-0{1 + n}-1{n}", "2026-10-20" if n < 3 else "", ("work", "illness", "job_seeking")[n]
            if n < 3 else "", municipality="Byn", birth=1970 + n, education="upper_secondary")
    # Stora vägen: six anonymous participants (no municipality, only gender and dates).
    for n in range(6):
        add("stor", f"2026-0{2 + n}-01", gender=("woman", "man")[n % 2], anonymous=True)
    # Trion: three participants, one of whom went to work; Ensam: one participant who went on to studies.
    add("trio", "2025-11-03", "2026-05-29", "work", gender="woman", birth=1992)
    add("trio", "2026-01-15", gender="man", birth=1988, municipality="Byn")
    add("trio", "2026-03-02", gender="woman", birth=1999)
    add("solo", "2025-12-01", "2026-04-30", "studies", gender="woman", birth=2001, municipality="Byn")
    # Femman: exactly five participants, two of them ended.
    for n in range(5):
        add("femman", f"2026-0{1 + n}-07", f"2026-0{7 + n}-15" if n < 2 else "", ("work", "job_seeking")[n]
            if n < 2 else "", gender=("woman", "man")[n % 2], birth=1980 + n, education="upper_secondary")
    # Tomma rummet: six participants in 2024, none since.
    for n in range(6):
        add("tom", f"2024-0{1 + n}-05", f"2024-{6 + n:02d}-20", ("work", "job_seeking", "further_rehab")[n % 3],
            gender=("woman", "man")[n % 2], birth=1975 + n)
    return rows


def _survey_rows() -> list[dict[str, str]]:
    """Survey answers: item 1a has 3 answers, 1b exactly 5, 2a 9 from staff and 3 from the board (plus two
    "vet ej" from staff); ids ``SV-001`` …"""
    rows: list[dict[str, str]] = []

    def add(item: str, group: str, value: str, period: str = "2026-H1") -> None:
        rows.append({"association_id": ASSOC, "period": period, "respondent_group": group, "item": item,
                     "value": value, "intervention_id": "", "response_id": f"SV-{len(rows) + 1:03d}"})

    for v in ("6", "2", "5"):
        add("1a", "participant_ongoing", v)
    for v in ("5", "6", "4", "6", "3"):
        add("1b", "participant_ongoing", v)
    for v in ("6", "5", "5", "4", "6", "6", "3", "5", "6", "", ""):
        add("2a", "staff", v)
    for v in ("1", "2", "6"):
        add("2a", "board", v)
    return rows


GOALS = [
    # goal_id, intervention, metric, params, operator, target, text
    ("G1", "", "participants", "", ">=", "40", "Minst 40 deltagare"),
    ("G2", "", "exit_share", "reasons=work,subsidised_work,studies", ">=", "30",
     "Minst 30 % av de som avslutat går till arbete eller studier"),
    ("G3", "trio", "participants", "", ">=", "3", "Trion tar emot minst 3 deltagare"),
    ("G4", "femman", "exit_share", "reasons=work", ">=", "50", "Hälften av de avslutade i Femman går till arbete"),
    ("G5", "", "exit_count", "reasons=studies", ">=", "1", "Minst en går vidare till studier"),
    ("G6", "", "indicator_positive_share", "items=1a", ">=", "60", "60 % positiva svar på 1a"),
    ("G7", "", "indicator_mean", "items=2a;groups=board", ">=", "4", "Styrelsens medelvärde på 2a är minst 4"),
    # 8 answers, but 1a + 1b minus 1b (shown, 5 answers) would give 1a (3 answers) away
    ("G8", "", "indicator_positive_share", "items=1a,1b", ">=", "50", "Hälften positiva svar på 1a och 1b"),
]


def dataset_tables() -> dict[str, list[dict[str, str]]]:
    """The rows of every table of the purpose-built data set."""
    return {
        "associations": [{"association_id": ASSOC, "name": ASSOC_NAME, "org_number": "", "county": ""}],
        "interventions": [
            {"association_id": ASSOC, "intervention_id": i, "name": name, "kind": "individual", "owner": "",
             "municipality": "", "start_date": start, "end_date": end, "planned_participants": ""}
            for i, name, start, end in INTERVENTIONS],
        "participants": _participant_rows(),
        "survey_responses": _survey_rows(),
        "goals": [
            {"association_id": ASSOC, "goal_id": g, "year": str(YEAR), "intervention_id": i, "area": "individual",
             "text": text, "metric": metric, "params": params, "operator": op, "target": target,
             "manual_outcome": "", "manual_status": "", "comment": ""}
            for g, i, metric, params, op, target, text in GOALS],
        "training": [{"association_id": ASSOC, "date": "2026-03-12", "name": "Seminarium", "attendee_group": "staff",
                      "attendees": "25"}],
    }


def write_dataset(folder: Path) -> Path:
    """Write the purpose-built data set as one CSV file per table into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in dataset_tables().items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("disclosure") / "data")


def test_the_data_set_is_valid(data_dir) -> None:
    from finsamdash.validate import check

    dataset, issues = check(data_dir)
    assert dataset is not None, [str(i) for i in issues if i.severity == "error"]



# --- exact recomputation check --------------------------------------------------------------------------------------
#
# A reader does not know the episodes, only what kinds of episode can exist. The unknowns are therefore the numbers
# of episodes of every possible *type* (intervention × municipality × gender × anonymous × started before the year
# × how it ended, for the year shown); every published count is the sum of some types. A published 0 fixes all its
# types at 0 (counts are never negative). A hidden count is recomputable exactly when its row lies in the row space
# of the published ones; two nested published groups (one contains the other) whose difference is 1–4 people
# publish that small group.

def episode_types() -> list[tuple]:
    """Every type a reader must consider possible (an anonymous episode has no municipality and no exit reason)."""
    out = []
    for i, _name, _start, _end in INTERVENTIONS:
        for municipality in ("Åby", "Byn", ""):
            for gender in fl.GENDERS:
                for before in (False, True):
                    for end in ("active", *REPORTED_EXIT_REASONS):
                        out.append((i, municipality, gender, False, before, end))
                    if municipality == "":
                        out += [(i, "", gender, True, before, end) for end in ("active", "ended")]
    return out


def type_of(row: dict[str, str], year: int, cutoff: str) -> tuple | None:
    """The type of a participants row in ``year`` as known on ``cutoff`` (None when it does not count then)."""
    f = _known(row, cutoff)
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    if f is None or f["start"] > last or (f["end"] is not None and f["end"] < first):
        return None
    end = "active" if f["end"] is None or f["end"] > last else ("ended" if f["anonymous"] else f["reason"])
    return (f["intervention"], f["municipality"], f["gender"], f["anonymous"], f["start"] < first, end)


def _stamp(text: str) -> pd.Timestamp | None:
    return pd.Timestamp(text) if text else None


def _known(row: dict[str, str], cutoff: str) -> dict | None:
    """A participants row as known on ``cutoff`` (None when it had not started then)."""
    stamp = pd.Timestamp(cutoff)
    start, end = _stamp(row["start_date"]), _stamp(row["end_date"])
    if start > stamp:
        return None
    if end is not None and end > stamp:
        end = None
    return {"start": start, "end": end, "reason": row["exit_reason"] if end is not None else "",
            "anonymous": row["anonymous"] == "true", "gender": row["gender"], "intervention": row["intervention_id"],
            "municipality": row["municipality"]}


def _ended(t: tuple) -> bool:
    return t[5] != "active"


def _exited(t: tuple) -> bool:
    return _ended(t) and not t[3]


#: Counts as predicates on a type (keys as in the summary and the participants cubes).
PREDICATES = {
    "episodes": lambda t: True,
    "started": lambda t: not t[4],
    "ended": _ended,
    "active_end_of_year": lambda t: not _ended(t),
    "active_start": lambda t: t[4],
    "anonymous": lambda t: t[3],
    "identified": lambda t: not t[3],
    "women": lambda t: t[2] == "woman",
    "men": lambda t: t[2] == "man",
    "other_unknown": lambda t: t[2] == "other_unknown",
    "ended_identified": _exited,
    "work_or_studies": lambda t: _exited(t) and t[5] in WORK_OR_STUDIES,
    "not_work_or_studies": lambda t: _exited(t) and t[5] not in WORK_OR_STUDIES,
    "closer_to_labour_market": lambda t: _exited(t) and t[5] in (*WORK_OR_STUDIES, "job_seeking"),
    **{r: (lambda t, r=r: _exited(t) and t[5] == r) for r in REPORTED_EXIT_REASONS},
}


class Cells:
    """Published and hidden counts, each a 0/1 row over :func:`episode_types`, checked against the true value."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.types = episode_types()
        self.truth = np.zeros(len(self.types))
        position = {t: n for n, t in enumerate(self.types)}
        for row in rows:
            t = type_of(row, YEAR, MEETING)
            if t is not None:
                self.truth[position[t]] += 1
        self.names: list[str] = []
        self.rows: list[np.ndarray] = []
        self.values: list[int] = []
        self.hidden: list[bool] = []

    def add(self, name: str, test, value: int, *, hidden: bool) -> None:
        row = np.array([1.0 if test(t) else 0.0 for t in self.types])
        assert row @ self.truth == value, (name, row @ self.truth, value)  # the row is the count it names
        self.names.append(name)
        self.rows.append(row)
        self.values.append(value)
        self.hidden.append(hidden)

    def _split(self) -> tuple[np.ndarray, list[str], np.ndarray]:
        published = np.array([r for r, h in zip(self.rows, self.hidden, strict=True) if not h])
        names = [n for n, h in zip(self.names, self.hidden, strict=True) if not h]
        values = np.array([v for v, h in zip(self.values, self.hidden, strict=True) if not h])
        free = ~published[values == 0].astype(bool).any(axis=0)  # types inside a published 0 are 0
        return published[:, free], names, free

    def recomputable(self) -> list[str]:
        """Hidden small counts that a linear combination of the published counts gives exactly."""
        published, _names, free = self._split()
        _u, sv, vt = np.linalg.svd(published, full_matrices=False)
        basis = vt[: int((sv > 1e-9 * sv[0]).sum())]
        out = []
        for name, row, value, hidden in zip(self.names, self.rows, self.values, self.hidden, strict=True):
            if hidden and value < MIN:
                target = row[free]
                if np.abs(target - basis.T @ (basis @ target)).max() < 1e-7:
                    out.append(f"{name} = {value}")
        return out

    def small_differences(self) -> list[str]:
        """Published groups nested in other published groups with 1–4 people between them."""
        published, names, _free = self._split()
        unique, first = np.unique(published.astype(bool), axis=0, return_index=True)
        sizes = unique.astype(float) @ self.truth[_free_of(self)]
        inside = unique.astype(int) @ (~unique).astype(int).T == 0  # inside[b, a]: b within a
        out = []
        for b, a in zip(*np.nonzero(inside), strict=True):
            if 0 < sizes[a] - sizes[b] < MIN:
                out.append(f"{names[first[a]]} − {names[first[b]]} = {sizes[a] - sizes[b]:g}")
        return out

    def hidden_small(self) -> list[str]:
        return [n for n, v, h in zip(self.names, self.values, self.hidden, strict=True) if h and v < MIN]


def _free_of(cells: Cells) -> np.ndarray:
    return cells._split()[2]


def _in_slice(s: tuple) -> object:
    i, m, g = s
    return lambda t: (i == fl.ALL or t[0] == i) and (m == fl.ALL or t[1] == m) and (g == fl.ALL or t[2] == g)


#: Cube keys that the type model can express (the monthly, support, duration and demographic counts cannot; they
#: are audited together with these by the cube's own exact check).
def _cube_key(key: str, months: int) -> str | None:
    if key == f"active:{months}":
        return "active_end_of_year"
    if key == "active:0":
        return "active_start"
    return key if key in PREDICATES and key not in ("women", "men", "other_unknown") else None


def add_cube(cells: Cells, cube: fl.AuditedCube, months: int, label: str, *, only: dict[str, str] | None = None,
             ) -> None:
    """The cells of an audited cube that the type model expresses (``only`` maps the keys to take)."""
    for s in cube.counts.index:
        inside = _in_slice(s)
        for key in cube.counts.columns:
            name = only.get(key) if only is not None else _cube_key(key, months)
            if name is None or (s, key) in cube.structural:
                continue
            test = PREDICATES[name]
            cells.add(f"{label}{s}:{key}", lambda t, a=inside, b=test: a(t) and b(t), cube.raw(s, key),
                      hidden=(s, key) in cube.hidden)


def add_summary(cells: Cells, shown: dict, raw: dict, label: str = "summary") -> None:
    """Every count of a ``summary`` object (raw and suppressed), published unless the suppressed one hides it."""
    def add(scope: str | None, key: str, shown_value: object, raw_value: int) -> None:
        assert shown_value is None or shown_value == raw_value, (scope, key)
        test = PREDICATES[key]
        inside = (lambda t: True) if scope is None else (lambda t, i=scope: t[0] == i)
        cells.add(f"{label}:{scope or 'förbundet'}:{key}", lambda t: inside(t) and test(t), raw_value,
                  hidden=shown_value is None)

    people_shown, people_raw = shown["participants"], raw["participants"]
    for key, value in people_raw.items():
        add(None, "active_end_of_year" if key == "active_end_of_year" else key, people_shown[key], value)
    scopes = [(None, shown["exits"], raw["exits"]), *((i, shown["interventions"][i]["exits"],
                                                       raw["interventions"][i]["exits"]) for i in raw["interventions"])]
    for scope, exits_shown, exits_raw in scopes:
        for key in (*REPORTED_EXIT_REASONS, "work_or_studies", "closer_to_labour_market"):
            add(scope, key, exits_shown[key], exits_raw[key])
        # a share shown next to its count publishes the denominator
        den = sum(exits_raw[r] for r in REPORTED_EXIT_REASONS)
        shares = exits_shown["work_or_studies_share"] is not None and exits_shown["work_or_studies"] is not None
        add(scope, "ended_identified", den if shares else None, den)
    for iid, figures in raw["interventions"].items():
        for key in ("episodes", "started", "ended", "active_end_of_year"):
            add(iid, key, shown["interventions"][iid][key], figures[key])


# --- the tests ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page(data_dir):
    from finsamdash.dashboards import ParticipantsPage

    return ParticipantsPage(data_dir, ASSOC, MEETING, previous_meeting_date=PREVIOUS)


@pytest.fixture(scope="module")
def summaries(page) -> tuple[dict, dict]:
    from finsamdash.report import summary

    return (summary(page.data, ASSOC, YEAR, min_count=MIN, preliminary=True),
            summary(page.data, ASSOC, YEAR, raw=True))


@pytest.fixture(scope="module")
def cells(page, summaries) -> Cells:
    """The participants page's cubes of the year (and the 2025 stock at 31 December, the same people as the 2026
    stock on 1 January) and the summary behind Översikt, Måluppfyllelse and ``finsamdash summary``."""
    out = Cells(dataset_tables()["participants"])
    audited = page.audit(YEAR)
    add_cube(out, audited.flows, audited.months, "Deltagarflöden")
    add_cube(out, audited.exits, audited.months, "Deltagarflöden")
    before = page.audit(YEAR - 1)
    add_cube(out, before.flows, 12, f"Deltagarflöden {YEAR - 1}", only={"active:12": "active_start"})
    add_summary(out, *summaries)
    return out


def test_the_small_counts_by_hand(summaries) -> None:
    _shown, raw = summaries
    people = dataset_tables()["participants"]
    by_intervention = {i: sum(1 for r in people if r["intervention_id"] == i and r["start_date"] >= "2025-06")
                       for i in ("trio", "solo", "femman")}
    assert by_intervention == {"trio": 3, "solo": 1, "femman": 5}
    assert {i: raw["interventions"][i]["episodes"] for i in by_intervention} == by_intervention
    assert "tom" not in raw["interventions"]  # no participant in the year: nothing to show
    byn_women = [r for r in people if r["municipality"] == "Byn" and r["gender"] == "woman"
                 and r["intervention_id"] == "stor"]
    assert len(byn_women) == 1
    assert raw["participants"]["other_unknown"] == 1
    assert raw["indicators"]["1a"]["n"] == 3 and raw["indicators"]["1b"]["n"] == 5
    assert raw["exits"]["further_rehab"] + raw["exits"]["illness"] == 2


def test_small_counts_are_hidden_in_the_summary(summaries) -> None:
    shown, _raw = summaries
    for i in ("trio", "solo"):
        assert all(shown["interventions"][i][k] is None for k in ("episodes", "started", "ended",
                                                                    "active_end_of_year")), i
    assert shown["interventions"]["femman"]["episodes"] in (None, 5)  # at the threshold: shown, or hidden as ×
    assert shown["participants"]["other_unknown"] is None
    assert shown["indicators"]["1a"] == {"n": None, "mean": None, "positive_share": None, "dont_know": None}
    assert shown["indicators"]["1b"]["n"] == 5
    hidden_goals = {g["goal_id"] for g in shown["goals"] if g["outcome"] is None}
    assert {"G3", "G4", "G5", "G6", "G7", "G8"} <= hidden_goals
    text = json.dumps(shown, ensure_ascii=False)
    assert "LX-" not in text and "SV-" not in text


def test_every_hidden_small_count_stays_undetermined(cells) -> None:
    assert len(cells.hidden_small()) > 100  # the check has something to check
    assert cells.recomputable() == []


def test_no_small_group_between_the_pages(cells) -> None:
    """A count on Översikt (the summary) and one on Deltagarflöden never differ by a group of 1–4 people nested in
    between: e.g. the ended (Deltagarflöden) minus "closer to the labour market" (Översikt) would publish the 2 who
    ended through illness or further rehabilitation."""
    across = [d for d in cells.small_differences() if "summary" in d]
    assert across == []


def test_no_small_group_between_nested_cells_of_the_participants_page(cells) -> None:
    """E.g. the women active on 1 January in all interventions minus those in Stora vägen/Åby: the 2 in Trion and
    Ensam (a small sum of hidden cells spread over two relations) must not be published."""
    inside = [d for d in cells.small_differences() if "summary" not in d]
    assert inside == []


def test_the_exact_check_protects_a_small_group_reached_through_a_hidden_total() -> None:
    """The case above by hand: all women T = 8 = Stora vägen S 6 + Trion 1 + Ensam 1, and S = Åby 6 + Byn 0 +
    anonymous 0. Trion, Ensam, Byn and anonymous are below 5; the local rule hides S (Trion + Ensam = 2 < 5). Then
    T − Åby = Trion + Ensam + Byn + anonymous = 2 is still published: the group check hides Åby too."""
    cells = {"T": 8, "S": 6, "trio": 1, "solo": 1, "A": 6, "B": 0, "N": 0}
    relations = [fl.relation("T", ["S", "trio", "solo"]), fl.relation("S", ["A", "B", "N"])]
    from finsamdash.privacy import suppressed_cells

    local = suppressed_cells(cells, relations, min_count=MIN)
    assert local == {"S", "trio", "solo", "B", "N"}  # single cells alone: nothing is pinned, but T − A = 2
    assert fl.audit(cells, relations, min_count=MIN) == {"S", "trio", "solo", "B", "N", "A"}
    # with 4 in Trion, Trion + Ensam = 5 may be published (S stays shown); S − Åby = Byn + anonymous = 0 may not,
    # so the local rule hides Åby, and no group of hidden cells is then small and determined
    cells_big = {**cells, "T": 11, "trio": 4}
    assert fl.audit(cells_big, relations, min_count=MIN) == {"A", "trio", "solo", "B", "N"}


def test_the_sub_sums_a_reader_can_form_in_one_relation() -> None:
    assert fl._subsets(["a", "b"]) == [("a",), ("b",), ("a", "b")]
    assert len(fl._subsets(list("abcdef"))) == 2**6 - 1
    big = fl._subsets(list("abcdefghij"))  # singles, pairs, all, all but one
    assert len(big) == 10 + 45 + 1 + 10 and tuple("abcdefghij") in big


# --- goal status -----------------------------------------------------------------------------------------------

def _goal(metric: str, target: float, *, count: int | None = None, hits: int | None = None,
          total: int | None = None, n: int | None = None, operator: str = ">="):
    """A goal result as :func:`finsamdash.metrics.goals.evaluate_goal` makes it, for the status rule."""
    from finsamdash.metrics.goals import GOAL_METRICS, GoalMeasure, GoalResult, goal_status

    if count is not None:
        measure = GoalMeasure(float(count), n=count, counts=(count,))
    elif hits is not None and total is not None:
        share = 100 * hits / total if total else None
        measure = GoalMeasure(share, numerator=hits, denominator=total, n=total, counts=(hits, total))
    elif n is not None:
        measure = GoalMeasure(3.5 if n else None, n=n, counts=(n,))
    else:
        measure = GoalMeasure(-1000.0)
    return GoalResult("G", None, metric, "", operator, target, measure.outcome,
                      goal_status(measure.outcome, operator, target), measure.counts, "", None,
                      GOAL_METRICS[metric].unit, measure=measure)


@pytest.mark.parametrize(("goal", "hide"), [
    # "minst 1 till studier: ej uppnått" proves 0; "minst 4: uppnått" next to "<5" proves 4
    (lambda: _goal("exit_count", 1, count=0), True),
    (lambda: _goal("participants", 4, count=4), True),
    # against a target of 40 every small count is "ej uppnått": the status tells nothing about it
    (lambda: _goal("participants", 40, count=3), False),
    # a count hidden as "×" (at least 5): "minst 7: ej uppnått" leaves 5 or 6 (two values); "minst 40" leaves 5–35
    (lambda: _goal("participants", 7, count=6), True),
    (lambda: _goal("participants", 40, count=30), False),
    # 1 of 2 ended in Femman to work (50 %, met): with fewer than 5 ended the status narrows them
    (lambda: _goal("exit_share", 50, hits=1, total=2), True),
    # 3 of 40 against 30 %: every number below 5 of 40 is below 27 %: "ej uppnått" whatever it is
    (lambda: _goal("exit_share", 30, hits=3, total=40), False),
    # 3 of 10 against 30 %: 0–2 are "ej uppnått", 3–4 "uppnått": the status tells which
    (lambda: _goal("exit_share", 30, hits=3, total=10), True),
    # 7 of 10 against 30 %: the 3 who did not go on (small) would be narrowed by "uppnått" (7–10 of 10)? 6–10
    # are met, so the status leaves d − h in 0–4 all possible: shown
    (lambda: _goal("exit_share", 30, hits=7, total=10), False),
    # survey results of fewer than 5 answers are not shown, not even as a status
    (lambda: _goal("indicator_mean", 4, n=3), True),
    # money has no participant counts
    (lambda: _goal("result", 0), False),
])
def test_a_status_is_hidden_when_it_would_narrow_a_hidden_count(goal, hide) -> None:
    from finsamdash.metrics.goals import status_reveals

    assert status_reveals(goal(), MIN) is hide


def test_goal_statuses_in_the_summary_and_on_the_pages(data_dir, summaries) -> None:
    from finsamdash.dashboards import GoalsPage, OverviewPage
    from finsamdash.metrics.overview import HIDDEN_STATUS, status_counts
    from finsamdash.report import summary_text

    shown, _raw = summaries
    status = {g["goal_id"]: g["status"] for g in shown["goals"]}
    # G3 Trion 3 against 3, G4 Femman 1 of 2, G5 2 to studies against 1, G6/G7 three answers, G8 covers 1a:
    # hidden statuses
    assert {g for g, s in status.items() if s is None} == {"G3", "G4", "G5", "G6", "G7", "G8"}
    assert status["G1"] == "met" and status["G2"] is not None
    for goal in shown["goals"]:
        if goal["status"] is None:
            assert "bedömning kan visas" in goal["text_sv"] and "uppnå" not in goal["text_sv"], goal
    assert status_counts(shown["goals"])[HIDDEN_STATUS] == 6
    page = GoalsPage(data_dir, ASSOC, MEETING, previous_meeting_date=PREVIOUS)
    assert (page.goal_table()["status"] == HIDDEN_STATUS).sum() == 6
    text = summary_text(shown, page.data, min_count=MIN)
    assert "kan inte visas (för få deltagare)" in text and "målvärdet skulle avslöja" in text
    overview = OverviewPage(data_dir, ASSOC, MEETING, previous_meeting_date=PREVIOUS)
    assert int(overview.figures_now["goals_hidden"].value) == 6


def test_a_trend_title_does_not_count_a_hidden_status_as_not_met() -> None:
    from finsamdash.metrics.overview import trend_texts

    trend = pd.DataFrame({"year": [2024, 2025, 2026], "year_label": ["2024", "2025", "2026 (hittills)"],
                          "status": ["met", "hidden", "hidden"], "outcome_text": ["5", "visas inte", "visas inte"],
                          "target_text": ["minst 3"] * 3})
    title, alt = trend_texts(trend, goal_id="G3", year=2026, year_is_open=True)
    assert title == "G3: uppnått 1 av 1 år 2024–2025 (för 1 år kan statusen inte visas); i år kan statusen inte visas"
    assert "2025: visas inte (status kan inte visas)" in alt and "ej uppnått" not in alt.lower()


# --- survey results: the summary against the Kärnindikatorer page ---------------------------------------------------

def test_the_summary_and_the_indicator_page_together_do_not_give_a_hidden_group_away(data_dir, summaries) -> None:
    """The summary pools every group per item (n and mean); the page shows per group. For every item the summary
    shows, the hidden groups of the page must be none, or at least two with at least 5 answers together, so that
    n_total·mean_total − Σ n_i·mean_i over the shown groups is never one hidden group's sum; and an item the page
    hides (all groups pooled) is hidden in the summary too."""
    from finsamdash.dashboards import IndicatorsPage
    from finsamdash.metrics.indicator_trends import ALL_GROUPS, YEAR

    shown, raw = summaries
    results = IndicatorsPage(data_dir, ASSOC, MEETING).results
    year = results[results["period"] == YEAR]
    checked = 0
    for item, stats in shown["indicators"].items():
        rows = year[year["item"] == item]
        pooled = rows[rows["respondent_group"] == ALL_GROUPS]
        if pooled["status"].iloc[0]:
            assert stats["n"] is None and stats["mean"] is None, item
            continue
        if stats["n"] is None:
            continue
        groups = rows[rows["respondent_group"] != ALL_GROUPS]
        hidden = groups[groups["status"] != ""]
        assert len(hidden) != 1, (item, list(hidden["respondent_group"]))
        published = groups[groups["status"] == ""]
        rest_n = stats["n"] - int(published["n"].sum())
        rest_sum = stats["n"] * stats["mean"] - float((published["n"] * published["mean"]).sum())
        assert rest_n == 0 or rest_n >= MIN, (item, rest_n, rest_sum)
        checked += 1
    assert checked >= 2  # 1b (one group) and 2a (staff 9, board 3: both hidden, 12 together)
    assert shown["indicators"]["2a"]["n"] == 12 and raw["indicators"]["2a"]["n"] == 12
    assert set(year[(year["item"] == "2a") & (year["status"] != "")]["respondent_group"]) == {"staff", "board"}


def test_a_survey_goal_over_two_items_does_not_give_the_small_one_away(summaries) -> None:
    """G8 pools 1a (3 answers, hidden) and 1b (5 answers, shown): "5 av 8 svar" minus 1b's 3 of 5 would publish
    1a's 2 positive of 3. Its figures and status are hidden."""
    shown, raw = summaries
    g8 = next(g for g in shown["goals"] if g["goal_id"] == "G8")
    g8_raw = next(g for g in raw["goals"] if g["goal_id"] == "G8")
    assert g8_raw["outcome"] == 62.5  # 5 of 8 by hand: 1a 6, 2, 5 → 2; 1b 5, 6, 4, 6, 3 → 3
    assert shown["indicators"]["1b"]["positive_share"] == 0.6
    assert g8["outcome"] is None and g8["status"] is None
    assert "5 av 8" not in g8["text_sv"] and "62" not in g8["text_sv"]


# --- everything the five pages show, for every choice in the drop-downs ------------------------------------------

SECTIONS = {
    "OverviewPage": ("header", "in_brief", "key_figures", "costs", "goals"),
    "ParticipantsPage": ("monthly_flows", "interventions", "exits", "support", "durations", "demographics",
                         "data_quality"),
    "GoalsPage": ("status_summary", "goal_list", "trends"),
    "IndicatorsPage": ("overview", "by_level", "trends", "distribution", "comparison"),
    "BudgetPage": ("burn", "forecast", "interventions", "administration", "contributions", "result_and_equity"),
}


def render_everything(page) -> list[dict]:
    """Every display bundle of every section of ``page``, for every combination of its drop-downs (the sections
    call ``Page.interactive``, which here renders each combination instead of only the default)."""
    from itertools import product

    import finsamdash.dashboards as dashboards
    from finsamdash.dashboards import _page

    out: list[dict] = []

    def interactive(_self, controls, render) -> None:
        names = list(controls)
        for combo in product(*([value for _text, value in controls[n].options] for n in names)):
            out.extend(render(**dict(zip(names, combo, strict=True))))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_page.Page, "interactive", interactive)
        for module in (_page, *(getattr(dashboards, m) for m in ("overview", "goals", "indicators", "budget",
                                                                  "participants"))):
            if hasattr(module, "show"):
                patch.setattr(module, "show", out.extend)
        for section in SECTIONS[type(page).__name__]:
            getattr(page, section)()
    return out


def _published_numbers(bundles: list[dict]) -> str:
    """The text of every bundle: plotly JSON (every trace field: x, y, text, hovertext, customdata, …, and the
    layout's annotations and titles) and HTML, one canonical string."""
    return json.dumps(bundles, ensure_ascii=False, sort_keys=True)


def _poisoned(audited: fl.PeriodAudit) -> fl.PeriodAudit:
    """The audit with every hidden count replaced by another value of the same kind (a small count by another
    small one, a count hidden as "×" by a larger one): what a reader may see must not change."""
    from dataclasses import replace

    def poison(cube: fl.AuditedCube) -> fl.AuditedCube:
        counts = cube.counts.copy()
        for s, key in cube.hidden:
            value = int(counts.at[s, key])
            counts.at[s, key] = (value + 2) % MIN if value < MIN else value + 7
        return replace(cube, counts=counts)

    people, outcomes = poison(audited.flows), poison(audited.exits)
    return replace(audited, flows=people, demographics=people, exits=outcomes, support=outcomes,
                   durations=outcomes)


@pytest.mark.slow
def test_the_participants_page_does_not_depend_on_any_hidden_count(data_dir) -> None:
    """Every chart (all trace fields, hover texts, annotations), table and sentence of Deltagarflöden, for every
    choice of intervention, municipality, gender and period, is the same when every hidden count is changed: no
    published value is, or is computed from, a hidden count."""
    from finsamdash.dashboards import ParticipantsPage

    page = ParticipantsPage(data_dir, ASSOC, MEETING, previous_meeting_date=PREVIOUS)
    shown = render_everything(page)
    assert len(shown) > 100
    text = _published_numbers(shown)
    assert "&lt;5" in text or "<5" in text
    from finsamdash.dashboards import state

    audits = {year: page.audit(year) for year in page.years()}
    state.clear()  # the renders were remembered too: every one is computed again from the poisoned audits
    for year, audited in audits.items():
        state.remembered((page.state_key, "audit", year), lambda audited=audited: _poisoned(audited))
    assert _published_numbers(render_everything(page)) == text


def perturbed_tables() -> dict[str, list[dict[str, str]]]:
    """The data set with hidden things changed and everything a page may publish kept: Trion's and Ensam's single
    exits swap reasons (work ↔ studies: the association's counts stay), item 1a (3 answers) gets other values, and a
    staff and a board answer to 2a swap (the pooled 2a stays; both groups are hidden)."""
    tables = dataset_tables()
    people = tables["participants"]
    trio = next(r for r in people if r["intervention_id"] == "trio" and r["exit_reason"] == "work")
    solo = next(r for r in people if r["intervention_id"] == "solo")
    trio["exit_reason"], solo["exit_reason"] = solo["exit_reason"], trio["exit_reason"]
    answers = tables["survey_responses"]
    for r in answers:
        if r["item"] == "1a":
            r["value"] = "1"
    staff = next(r for r in answers if r["item"] == "2a" and r["respondent_group"] == "staff" and r["value"] == "6")
    board = next(r for r in answers if r["item"] == "2a" and r["respondent_group"] == "board" and r["value"] == "1")
    staff["value"], board["value"] = "1", "6"
    return tables


@pytest.mark.slow
@pytest.mark.parametrize("page_class", ["OverviewPage", "GoalsPage", "IndicatorsPage", "BudgetPage"])
def test_the_other_pages_do_not_depend_on_hidden_figures(data_dir, tmp_path, page_class) -> None:
    """Every chart, table and sentence of Översikt, Måluppfyllelse, Kärnindikatorer and Budget, for every choice in
    the drop-downs, is the same for the data and for :func:`perturbed_tables` (the board's mean on 2a goes from 3
    to 4,7 – its goal G7 "minst 4" would turn from not met to met – and 1a's positive share from 67 % to 0 %): no
    hidden figure, and no status that would narrow one, is published."""
    import finsamdash.dashboards as dashboards

    other = tmp_path / "data"
    other.mkdir()
    for name, rows in perturbed_tables().items():
        with (other / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    cls = getattr(dashboards, page_class)
    texts = [_published_numbers(render_everything(cls(folder, ASSOC, MEETING, previous_meeting_date=PREVIOUS)))
             for folder in (data_dir, other)]
    assert len(texts[0]) > 1000
    assert texts[0] == texts[1]


def test_the_perturbation_changes_hidden_figures(summaries, tmp_path) -> None:
    """The check above can fail: the raw figures behind the hidden ones do change."""
    from finsamdash.report import summary
    from finsamdash.validate import load

    for name, rows in perturbed_tables().items():
        with (tmp_path / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    _shown, raw = summaries
    other = summary(load(tmp_path).as_of(pd.Timestamp(MEETING).date()), ASSOC, YEAR, raw=True)
    goals = {g["goal_id"]: g for g in raw["goals"]}
    changed = {g["goal_id"]: g for g in other["goals"]}
    assert goals["G7"]["status"] == "not_met" and changed["G7"]["status"] == "met"
    assert goals["G6"]["outcome"] != changed["G6"]["outcome"]
    assert raw["interventions"]["trio"]["exits"]["work"] == 1 and other["interventions"]["trio"]["exits"]["work"] == 0
    assert raw["exits"]["work"] == other["exits"]["work"] and raw["indicators"]["2a"] == other["indicators"]["2a"]


# --- personnummer in every column of every table, CSV and xlsx ------------------------------------------------------

VALID = Path(__file__).parent / "fixtures" / "valid_small"
PERSONNUMMER_FORMS = ("850101-1234", "198501011234", "8501011234", "19850101-1234", "850101+1234")


def _every_column() -> list[tuple[str, str, str]]:
    out = []
    for file in sorted(VALID.glob("*.csv")):
        with file.open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        out += [(file.stem, column, PERSONNUMMER_FORMS[n % len(PERSONNUMMER_FORMS)])
                for n, column in enumerate(header)]
    return out


def _read_rows(file: Path) -> list[list[str]]:
    with file.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _with_value(folder: Path, table: str, column: str, value: str) -> None:
    for file in VALID.glob("*.csv"):
        rows = _read_rows(file)
        if file.stem == table:
            rows[1][rows[0].index(column)] = value
        with (folder / file.name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)


def _assert_rejected_and_masked(path: Path, table: str, column: str, value: str) -> None:
    from finsamdash.validate import check

    dataset, issues = check(path)
    assert dataset is None, (table, column, value)
    hits = [i for i in issues if i.code == "personnummer" and i.table == table]
    assert hits, (table, column, value, [str(i) for i in issues])
    digits = value.replace("-", "").replace("+", "")
    for issue in issues:
        text = str(issue) + repr(issue)
        assert value not in text and digits not in text, (issue, value)
    assert any("•" in str(i) for i in hits), [str(i) for i in hits]  # shown masked


@pytest.mark.parametrize(("table", "column", "value"), _every_column())
def test_a_personnummer_in_any_csv_column_is_rejected_and_masked(tmp_path, table, column, value) -> None:
    _with_value(tmp_path, table, column, value)
    _assert_rejected_and_masked(tmp_path, table, column, value)


def test_a_personnummer_in_any_xlsx_column_is_rejected_and_masked(tmp_path) -> None:
    from openpyxl import Workbook

    from finsamdash.contract import TABLES

    for table, column, value in _every_column():
        book = Workbook()
        book.remove(book.active)
        for file in sorted(VALID.glob("*.csv")):
            rows = _read_rows(file)
            if file.stem == table:
                rows[1][rows[0].index(column)] = value
            sheet = book.create_sheet(TABLES[file.stem].sheet_sv)
            for row in rows:
                sheet.append(row)
        path = tmp_path / "underlag.xlsx"
        book.save(path)
        _assert_rejected_and_masked(path, table, column, value)


# --- the built pack -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pack(data_dir, tmp_path_factory) -> Path:
    from datetime import date

    from finsamdash.build import build_pack

    out = tmp_path_factory.mktemp("disclosure-pack")
    build_pack(data_dir, meeting=date.fromisoformat(MEETING), out=out, previous=date.fromisoformat(PREVIOUS),
               jobs=2, pdf=False)
    return out


@pytest.mark.slow
def test_no_id_in_any_file_of_the_pack_and_small_groups_marked(pack) -> None:
    tables = dataset_tables()
    ids = {r["participant_id"] for r in tables["participants"] if r["participant_id"]}
    ids |= {r["response_id"] for r in tables["survey_responses"]}
    files = [p for p in pack.rglob("*") if p.is_file()]
    assert any(p.name == "manifest.json" for p in files) and any(p.suffix == ".ipynb" for p in files)
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        found = [i for i in ids if i in text]
        assert not found, (path, found[:3])
    executed = [p for p in files if p.suffix == ".ipynb" and "participants" in p.name]
    assert executed
    outputs = executed[0].read_text(encoding="utf-8")
    row = outputs.split("<td>Trion</td>", 1)[1].split("</tr>", 1)[0]
    assert row.count("&lt;5") == 4, row  # episodes, started, ended, active: all hidden as small
    # the same in the static HTML pages (what the board opens) and nothing of the hidden goals' figures
    pages = [p for p in files if p.suffix == ".html" and "participants" in p.name]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        rows = [part.split("</tr>", 1)[0] for part in text.split("<td>Trion</td>")[1:]]
        assert rows
        for row in rows:  # every table with a row for Trion (3 people): no figure in it but "<5" and "–"
            cells = re.sub(r"<[^>]+>", " ", row).replace("&lt;5", "").replace("–", "")
            assert "&lt;5" in row and not re.search(r"\d", cells), (page, row)
    goals = [p for p in files if p.suffix == ".html" and "goals" in p.name]
    assert goals
    for page in goals:
        text = page.read_text(encoding="utf-8")
        assert "Kan inte visas (för få deltagare)" in text
        assert "5 av 8 svar" not in text  # G8 (see the survey goal test)
