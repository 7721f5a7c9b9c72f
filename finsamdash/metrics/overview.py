"""The board overview as data: headline figures, changes since the last meeting, the cost and status charts' data,
and the generated Swedish sentences (the goals themselves: :mod:`finsamdash.metrics.goal_follow_up`).
Pure functions: no display code, no I/O, inputs never mutated.

Every participant figure here is read from a **suppressed** summary (:func:`finsamdash.report.summary` with the
pack's audit), where a hidden value is ``None``; every hidden value shows the one mark of a hidden figure
(:data:`~finsamdash.wording.privacy.HIDDEN_MARK`). No raw value is ever copied into a result.

Changes since the last meeting (:func:`deltas`)
-----------------------------------------------
"Now" is the year shown as known at this meeting; "before" is the previous meeting's year as known at the previous
meeting (its year-to-date). The rule for showing a change:

* both values must be shown; a change built on a hidden value is never computed;
* a change in a **count of participants** is shown only when it is at least ``min_count`` in size. The change in
  "started" or "ended" between two meetings *is* a count of people (those who started or ended in between), so a
  change of 1–4 would publish a small group; a change of 0 is treated the same way, because primary suppression
  also hides zeros (telling "exactly none" apart from "one to four" would reveal which case it is). Such changes
  are worded "ändringen … är mindre än 5 och visas inte" and no number is shown;
* the change in the **share to work or studies** (percentage points) is shown only when the change in the number
  who ended is itself shown: otherwise the new share would rest on the exit reasons of fewer than ``min_count``
  people who ended since the last meeting;
* money and numbers of goals are not counts of people and are shown whenever both values exist;
* figures that accumulate over a year (started, ended, share, costs to date, forecast, goals) are compared only
  when the previous meeting was in the same year; the number of active participants is a stock and is always
  compared.

The pack's audit is joint with the previous meeting's pack (R9, :mod:`finsamdash.privacy.pack`): a count whose
change since then is a small group of people is hidden in this pack, so neither a change shown here nor the
difference of the two packs' figures gives a small group away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from finsamdash.metrics.forecast import Forecast
from finsamdash.metrics.goal_follow_up import SHOWN_STATUSES, status_counts
from finsamdash.wording import overview as sv
from finsamdash.wording.budget import until_sv
from finsamdash.wording.formatting import fmt_int, fmt_number, fmt_percent, fmt_tkr
from finsamdash.wording.privacy import HIDDEN_MARK
from finsamdash.wording.status import HIDDEN_STATUS
from finsamdash.wording.words import join_sv as _join

__all__ = [
    "NATIONAL_WORK_OR_STUDIES_SHARE",
    "Card",
    "Delta",
    "HeadlineFigure",
    "card_texts",
    "change_sentence",
    "cost_frame",
    "cost_sentence",
    "cost_texts",
    "deltas",
    "goal_sentence_counts",
    "goals_sentence",
    "headline_figures",
    "participants_sentence",
    "share_sentence",
    "summary_sentences",
]

#: About a third of those who end go directly to work or studies (national reference, domain README).
NATIONAL_WORK_OR_STUDIES_SHARE = 1 / 3
#: A share (as shown, whole percent) within this many percentage points of the reference is "i nivå med" it:
#: 30–36 % against a third.
REFERENCE_BAND_PP = 3.5

PARTICIPANT_KEYS = ("active", "started", "ended")
MONEY_KEYS = ("costs_to_date", "budget_costs_to_date", "forecast_result", "budget_result", "paid_to_date",
              "contributions")
GOAL_KEYS = ("goals_met", "goals_partly", "goals_not_met", "goals_no_data", "goals_hidden", "goals_total")
#: Figures that are stocks, comparable across a change of year.
STOCK_KEYS = ("active",)
#: Candidates for "the biggest change since the last meeting", in tie-break order.
CHANGE_KEYS = ("started", "ended", "active", "work_or_studies_share", "costs_to_date", "goals_met")


# ------------------------------------------------------------------------------------------------ headline figures

#: The status of a hidden headline figure.
HIDDEN = "hidden"


@dataclass(frozen=True)
class HeadlineFigure:
    """One headline value. ``status`` is ``""`` (shown, or None = no data) or :data:`HIDDEN`."""

    value: float | None
    status: str = ""

    @property
    def shown(self) -> bool:
        return self.value is not None and not self.status


def headline_figures(
    shown: Mapping[str, Any],
    *,
    forecast: Forecast | None = None,
) -> dict[str, HeadlineFigure]:
    """The overview's headline figures from a suppressed summary (and the year's forecast).

    Keys: ``active`` (active at the end of the year, anonymous included; at the cut-off for an open year),
    ``started``, ``ended`` (identified participants), ``anonymous``, ``work_or_studies_share`` (fraction 0–1 of
    identified episodes that ended), ``costs_to_date`` and
    ``budget_costs_to_date`` (to the books-closed date), ``forecast_result`` (the year-end forecast; the actual
    result of a closed year), ``budget_result``, ``paid_to_date``, ``contributions`` (decided), ``goals_met``,
    ``goals_partly``, ``goals_not_met``, ``goals_no_data``, ``goals_hidden``, ``goals_total``.

    A hidden count has status :data:`HIDDEN`. A missing share counts as hidden unless the number who ended is
    shown as 0 (so "nobody ended" is said only when it is published).
    """
    people, exits = shown.get("participants") or {}, shown.get("exits") or {}
    out: dict[str, HeadlineFigure] = {}
    for key, source in (("active", "active_end_of_year"), ("started", "started"), ("ended", "ended"),
                        ("anonymous", "anonymous")):
        value = people.get(source)
        out[key] = HeadlineFigure(value) if value is not None else HeadlineFigure(None, HIDDEN)
    share = exits.get("work_or_studies_share")
    # "no share because nobody ended" may only be said when the number who ended is shown as 0
    share_hidden = share is None and out["ended"].value != 0
    out["work_or_studies_share"] = HeadlineFigure(share, HIDDEN if share_hidden else "")
    money = {"costs_to_date": "costs_to_date", "budget_costs_to_date": "budget_costs_to_date",
             "forecast_result": "result", "budget_result": "budget_result", "paid_to_date": "paid_to_date",
             "contributions": "contributions"}
    for key, attribute in money.items():
        value = getattr(forecast, attribute) if forecast is not None else None
        out[key] = HeadlineFigure(float(value) if value is not None else None)
    counts = status_counts(shown.get("goals") or [])
    for status in SHOWN_STATUSES:
        out[f"goals_{status}"] = HeadlineFigure(counts[status])
    out["goals_total"] = HeadlineFigure(sum(counts.values()))
    return out


# ------------------------------------------------------------------------------------------------------- deltas

@dataclass(frozen=True)
class Delta:
    """A change since the last meeting.

    ``reason``: ``"shown"`` (``value`` holds the change: a count, SEK, goals, or percentage points for the share),
    ``"small"`` (a participant change below the threshold, not shown), ``"hidden"`` (a value behind it is hidden),
    ``"missing"`` (a value is not available) or ``"not_comparable"`` (the previous meeting was in another year).
    """

    value: float | None
    reason: str


def deltas(
    now: Mapping[str, HeadlineFigure],
    before: Mapping[str, HeadlineFigure],
    *,
    min_count: int,
    same_year: bool = True,
) -> dict[str, Delta]:
    """The change of every headline figure since the last meeting, by the rule in the module docstring."""
    out: dict[str, Delta] = {}
    order = [k for k in now if k != "work_or_studies_share"] + ["work_or_studies_share"]  # share needs "ended"
    # a goal whose status is hidden at either meeting makes the change of the goal counts meaningless (a goal going
    # from "kan inte visas" to "uppnått" is not a goal reached since the last meeting)
    statuses_hidden = any(f.get(f"goals_{HIDDEN_STATUS}", HeadlineFigure(None)).value for f in (now, before))
    for key in order:
        a, b = now[key], before.get(key, HeadlineFigure(None))
        if not same_year and key not in STOCK_KEYS:
            out[key] = Delta(None, "not_comparable")
        elif a.status or b.status or (statuses_hidden and key.startswith("goals_")):
            out[key] = Delta(None, "hidden")
        elif a.value is None or b.value is None:
            out[key] = Delta(None, "missing")
        elif key in PARTICIPANT_KEYS:
            change = a.value - b.value
            out[key] = Delta(change, "shown") if abs(change) >= min_count else Delta(None, "small")
        elif key == "work_or_studies_share":
            if out["ended"].reason != "shown":
                out[key] = Delta(None, "hidden")
            else:
                out[key] = Delta(100 * (a.value - b.value), "shown")
        else:
            out[key] = Delta(a.value - b.value, "shown")
    return {key: out[key] for key in now}


# -------------------------------------------------------------------------------------------------------- cards

@dataclass(frozen=True)
class Card:
    """One headline card as text: label, value, a detail line and the change line ('' when none)."""

    key: str
    label: str
    value: str
    detail: str = ""
    delta: str = ""


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 else text  # fmt_* already writes the Swedish minus sign


def _value_text(fig: HeadlineFigure, kind: str) -> str:
    if fig.status:
        return HIDDEN_MARK
    if fig.value is None:
        return "–"
    if kind == "count":
        return fmt_int(fig.value)
    if kind == "share":
        return fmt_percent(fig.value)
    return fmt_tkr(fig.value)


def _delta_text(key: str, delta: Delta | None, *, since: str, min_count: int, previous_year: int | None) -> str:
    if delta is None:
        return ""
    if delta.reason == "not_comparable":
        return sv.not_comparable(previous_year)
    if delta.reason == "small":
        return sv.change_too_small(since, min_count)
    if delta.reason != "shown" or delta.value is None:
        return ""
    value = delta.value
    if key == "work_or_studies_share":
        if round(value, 1) == 0:
            return sv.unchanged(since)
        return sv.points_change(_signed(fmt_number(value, 1), value), since)
    if key in MONEY_KEYS:
        if round(value / 1000) == 0:
            return sv.unchanged(since)
        return f"{_signed(fmt_tkr(value), value)} {since}"
    if value == 0:
        return sv.unchanged(since)
    return f"{_signed(fmt_int(value), value)} {since}"


def _since(previous_date: date | None) -> str:
    return sv.since_previous(previous_date) if previous_date else ""


def card_texts(
    figures: Mapping[str, HeadlineFigure],
    changes: Mapping[str, Delta] | None,
    *,
    year: int,
    year_is_open: bool,
    cutoff: date,
    previous_date: date | None = None,
    previous_year: int | None = None,
    min_count: int,
    forecast: Forecast | None = None,
) -> list[Card]:
    """The headline cards (Swedish text). ``changes`` None = no previous meeting: no change lines. Money cards
    speak of the year's ``forecast``: costs to its books-closed date and the forecast result (the actual result of
    a closed year).

    A hidden value shows the one mark of a hidden figure and never a change line. The started and ended cards
    count identified participants and say how many anonymous participants there were besides.
    """
    since = _since(previous_date)

    def delta(key: str) -> str:
        if figures[key].status or figures[key].value is None or changes is None:
            return ""
        return _delta_text(key, changes.get(key), since=since, min_count=min_count, previous_year=previous_year)

    when = sv.THIS_YEAR if year_is_open else str(year)
    cards = [
        Card("active", sv.ACTIVE_LABEL if year_is_open else sv.active_at_year_end(year),
             _value_text(figures["active"], "count"),
             sv.on_day(cutoff) if year_is_open else "", delta("active")),
        Card("started", sv.started_label(when), _value_text(figures["started"], "count"),
             _anonymous_detail(figures.get("anonymous")), delta("started")),
        Card("ended", sv.ended_label(when), _value_text(figures["ended"], "count"),
             sv.IDENTIFIED, delta("ended")),
        Card("work_or_studies_share", sv.WORK_OR_STUDIES_LABEL,
             _value_text(figures["work_or_studies_share"], "share"),
             sv.WORK_OR_STUDIES_DETAIL, delta("work_or_studies_share")),
    ]
    costs, budget = figures["costs_to_date"], figures["budget_costs_to_date"]
    closed = forecast.closed if forecast is not None else not year_is_open
    if budget.value:
        used = fmt_percent(costs.value / budget.value) if costs.value is not None else "–"
        detail = sv.budget_used(used, budget.value)
    else:
        detail = sv.NO_BUDGET
    books = forecast.books_closed if forecast is not None else None
    label = sv.costs_label(year, books, closed=closed)
    cards.append(Card("costs_to_date", label, _value_text(costs, "sek"), detail, delta("costs_to_date")))
    budget_result = figures["budget_result"]
    cards.append(Card(
        "forecast_result", sv.result_label(year, closed=closed),
        _value_text(figures["forecast_result"], "sek"),
        sv.budgeted_result(budget_result.value) if budget_result.value is not None else "",
        delta("forecast_result"),
    ))
    total = int(figures["goals_total"].value or 0)
    partly, not_met = int(figures["goals_partly"].value or 0), int(figures["goals_not_met"].value or 0)
    hidden = figures.get("goals_hidden")
    parts = sv.goal_card_parts(partly, not_met, figures["goals_no_data"].value,
                               hidden.value if hidden is not None else 0)
    cards.append(Card(
        "goals_met", sv.GOALS_MET_LABEL, sv.goals_met_value(figures["goals_met"].value, total) if total else "–",
        " · ".join(parts) if total else sv.NO_GOALS_THIS_YEAR, delta("goals_met") if total else "",
    ))
    return cards


def _anonymous_detail(anonymous: HeadlineFigure | None) -> str:
    """The started card's detail: identified participants, besides the anonymous ones."""
    if anonymous is None or (anonymous.value == 0 and not anonymous.status):
        return sv.IDENTIFIED
    return sv.anonymous_detail(anonymous.value, hidden=bool(anonymous.status))


# ----------------------------------------------------------------------------------------------------- sentences

def _count_phrase(fig: HeadlineFigure) -> str | None:
    """A count as words: the number, None when hidden."""
    if fig.shown:
        return fmt_int(fig.value)
    return None


def participants_sentence(figures: Mapping[str, HeadlineFigure], *, year: int, year_is_open: bool) -> str:
    """E.g. "Hittills i år har 184 deltagare påbörjat en insats och 171 avslutat en insats (identifierade; dessutom
    39 anonyma deltagare); 122 deltar just nu." """
    anonymous = figures.get("anonymous")
    return sv.participants_sentence(_count_phrase(figures["started"]), _count_phrase(figures["ended"]),
                                    _count_phrase(figures["active"]),
                                    anonymous.value if anonymous is not None else None,
                                    year=year, year_is_open=year_is_open)


def share_sentence(figures: Mapping[str, HeadlineFigure], *, year: int, year_is_open: bool,
                   reference: float = NATIONAL_WORK_OR_STUDIES_SHARE) -> str:
    """The share to work or studies against the national reference of about a third.

    Within ±3.5 percentage points (of the share as shown, whole percent) of the reference it is "i nivå med"
    (30–36 % against a third); above that "över", below "under".
    """
    fig = figures["work_or_studies_share"]
    if fig.status:
        return sv.SHARE_HIDDEN
    if fig.value is None:
        return sv.no_one_ended(year, year_is_open=year_is_open)
    percent = round(100 * fig.value)
    gap = percent - 100 * reference
    compared = "level" if abs(gap) <= REFERENCE_BAND_PP else ("above" if gap > 0 else "below")
    return sv.share_sentence(fig.value, compared)


def cost_sentence(figures: Mapping[str, HeadlineFigure], *, year: int, forecast: Forecast | None) -> str:
    """Costs booked to the books-closed date against the budget for the same period, and the forecast result
    (the actual result in a closed year) against the budget. In tkr."""
    costs, budget = figures["costs_to_date"].value, figures["budget_costs_to_date"].value
    result, budget_result = figures["forecast_result"].value, figures["budget_result"].value
    closed = forecast is None or forecast.closed
    books = forecast.books_closed if forecast is not None else None
    if costs is None:
        return sv.no_costs_booked(year)
    first = sv.costs_first(year, costs, books, closed=closed)
    if costs and budget:
        first += sv.of_budget(costs, budget, closed=closed)
    elif costs and not closed:
        first += sv.NO_BUDGET_ASIDE
    if result is None:
        return f"{first}."
    return f"{first}; {sv.result_clause(result, budget_result, closed=closed)}."


def contributions_sentence(figures: Mapping[str, HeadlineFigure], *, forecast: Forecast | None) -> str | None:
    """"Medlemmarna har betalat in 4 829 tkr av beslutade 5 795 tkr i medlemsbidrag (bokfört t.o.m. 31 oktober
    2016); …" in a running year whose decided contributions are not all paid (None otherwise: nothing to say)."""
    paid, decided = figures["paid_to_date"].value, figures["contributions"].value
    if forecast is None or forecast.closed or forecast.contributions_source != "contributions" or decided is None:
        return None
    if paid is not None and round(paid / 1000) >= round(decided / 1000):
        return None
    return sv.contributions_sentence(paid, decided, forecast.books_closed)


def goal_sentence_counts(counts: Mapping[str, int]) -> list[str]:
    """The parts of the goals sentence: "8 uppnådda", "2 delvis uppnådda", "1 inte uppnått", "för 1 saknas underlag"."""
    parts = []
    for status, word in sv.GOAL_SENTENCE_WORDS:
        n = counts.get(status, 0)
        if n:
            parts.append(sv.goal_count(n, word))
    if counts.get("no_data"):
        parts.append(sv.goals_without_data(counts["no_data"]))
    if counts.get(HIDDEN_STATUS):
        parts.append(sv.goals_hidden(counts[HIDDEN_STATUS]))
    return parts


def goals_sentence(figures: Mapping[str, HeadlineFigure], *, year: int, year_is_open: bool) -> str:
    """E.g. "Hittills i år är 8 av årets 12 mål uppnådda, 2 delvis uppnådda och 2 inte uppnådda."."""
    counts = {s: int(figures[f"goals_{s}"].value or 0) for s in SHOWN_STATUSES if f"goals_{s}" in figures}
    total = sum(counts.values())
    if not total:
        return sv.no_goals(year)
    return sv.goals_sentence(year, total, _join(goal_sentence_counts(counts)), year_is_open=year_is_open)


def _relative(before: float, now: float) -> float:
    scale = max(abs(before), abs(now))
    return abs(now - before) / scale if scale else 0.0


def change_sentence(
    now: Mapping[str, HeadlineFigure],
    before: Mapping[str, HeadlineFigure] | None,
    changes: Mapping[str, Delta] | None,
    *,
    previous_date: date | None,
    previous_year: int | None = None,
    year: int,
    min_count: int,
) -> str:
    """The biggest change since the last meeting, in one sentence.

    "Biggest" is the largest relative change ``|now − before| / max(|now|, |before|)`` among the shown changes of
    started, ended, active, the share to work or studies, costs to date and goals met (ties: that order). Only
    changes that :func:`deltas` shows can be chosen, so the sentence never reveals a hidden or small change.
    """
    if previous_date is None or before is None or changes is None:
        return sv.NO_PREVIOUS_MEETING
    since = _since(previous_date)
    best: tuple[float, str] | None = None
    for key in CHANGE_KEYS:
        change = changes.get(key)
        if change is None or change.reason != "shown" or not change.value:
            continue
        if key in MONEY_KEYS and round(change.value / 1000) == 0:
            continue
        if key == "work_or_studies_share" and round(100 * now[key].value) == round(100 * before[key].value):
            continue
        score = _relative(before[key].value, now[key].value)
        if best is None or score > best[0]:
            best = (score, key)
    if best is None:
        if previous_year is not None and previous_year != year and all(
                changes[k].reason == "not_comparable" for k in CHANGE_KEYS if k not in STOCK_KEYS):
            return sv.other_year_previous(previous_date, previous_year)
        return sv.changes_small(since, min_count)
    key = best[1]
    phrase = sv.change_phrase(key, changes[key].value, before[key].value, now[key].value)  # type: ignore[arg-type]
    return sv.biggest_change(since, phrase)


def summary_sentences(
    now: Mapping[str, HeadlineFigure],
    before: Mapping[str, HeadlineFigure] | None,
    changes: Mapping[str, Delta] | None,
    *,
    year: int,
    year_is_open: bool,
    previous_date: date | None,
    previous_year: int | None = None,
    min_count: int,
    forecast: Forecast | None = None,
) -> list[str]:
    """Five or six Swedish sentences on the state of things: participants, share to work or studies against the
    national reference, costs against budget and the forecast, (the contributions paid so far, when not all are),
    goals, and the biggest change since the last meeting."""
    sentences = [
        participants_sentence(now, year=year, year_is_open=year_is_open),
        share_sentence(now, year=year, year_is_open=year_is_open),
        cost_sentence(now, year=year, forecast=forecast),
        contributions_sentence(now, forecast=forecast),
        goals_sentence(now, year=year, year_is_open=year_is_open),
        change_sentence(now, before, changes, previous_date=previous_date, previous_year=previous_year, year=year,
                        min_count=min_count),
    ]
    return [s for s in sentences if s]


def cost_frame(forecast: Forecast | None) -> pd.DataFrame:
    """Costs against budget as bars: in a running year the year's budget, the budget and the costs to the
    books-closed date and the forecast of the year's costs; in a closed year the budget and the costs. Columns
    ``label``, ``amount_sek``, ``amount_tkr`` (NA when missing)."""
    fc = forecast
    if fc is None:
        return pd.DataFrame({"label": pd.Series(dtype="string"), "amount_sek": pd.Series(dtype="Float64"),
                             "amount_tkr": pd.Series(dtype="Float64")})
    if fc.closed:
        rows = [(sv.YEAR_BUDGET_BAR, fc.budget_costs), (sv.YEAR_COSTS_BAR, fc.costs)]
    else:
        until = until_sv(fc.books_closed)
        rows = [(sv.YEAR_BUDGET_BAR, fc.budget_costs), (sv.budget_bar(until), fc.budget_costs_to_date),
                (sv.costs_bar(until), fc.costs_to_date), (sv.YEAR_FORECAST_BAR, fc.costs)]
    frame = pd.DataFrame(rows, columns=["label", "amount_sek"])
    frame["amount_sek"] = frame["amount_sek"].astype("Float64")
    frame["amount_tkr"] = frame["amount_sek"] / 1000
    return frame


def cost_texts(forecast: Forecast | None, *, year: int) -> tuple[str, str]:
    """Title (the finding) and alt text of the cost chart."""
    fc = forecast
    costs = fc.costs_to_date if fc is not None else None
    if fc is None or costs is None:
        return sv.no_costs_title(year), sv.no_costs_booked(year)
    if fc.closed:
        return (sv.closed_cost_title(year, costs, fc.budget_costs),
                sv.closed_cost_alt(year, costs, fc.budget_costs))
    until = until_sv(fc.books_closed)
    budget = fc.budget_costs_to_date
    return (sv.cost_title(until, costs, budget),
            sv.cost_alt(until, costs, budget, fc.costs, fc.budget_costs))




# ---------------------------------------------------------------------------------------------------- goal trends








