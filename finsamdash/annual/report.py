"""The content of the annual report's statistics chapter: which figures, tables, sentences and charts, all audited.

:func:`annual_report` turns a validated dataset into an :class:`AnnualReport`: a title and a list of blocks
(:class:`Heading`, :class:`Paragraph`, :class:`Table`, :class:`Chart`) in reading order, which
:mod:`finsamdash.annual.docx` writes as Word. Chapters: Deltagare (totals in the reports' own words, women/men, a
table over every intervention, status after exit, time in the intervention, support before and after, and one
table per intervention as the reports have it), Mål och måluppfyllelse (every goal in the plan's words with its
sentence and assessment), Kärnindikatorer (this year against the year before), Ekonomi (contributions, budget and
outcome per category and intervention, result, administration share, equity: a closed year's actuals) and Om
siffrorna.

Every count comes from :func:`finsamdash.annual.counts.audited_counts` (the same disclosure control as the meeting
pack); money is not a count of people and is shown as booked. Charts are the dashboards' figure functions fed with
the same audited figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from finsamdash.annual.counts import ASSOCIATION, HIDDEN, AuditedCounts, Shown, audited_counts
from finsamdash.data.contract import COST_CATEGORIES, DEFAULT_MIN_COUNT, INCOME_CATEGORIES, WORK_OR_STUDIES, label_sv
from finsamdash.data.dataset import Dataset
from finsamdash.errors import UsageError
from finsamdash.metrics.accounts import actuals_by_category, budget_by_month, ledger_in_year
from finsamdash.metrics.budget import (
    TOTAL,
    admin_split,
    contribution_split,
    contributions_by_member,
    equity_bridge,
    intervention_consumption,
)
from finsamdash.metrics.forecast import Forecast, year_end_forecast
from finsamdash.metrics.goal_follow_up import SHOWN_STATUSES, goal_rows
from finsamdash.metrics.indicator_results import ALL_GROUPS, KIND_LABELS, LEVEL_LABELS, year_results
from finsamdash.metrics.participant_flows import DURATION_BUCKETS
from finsamdash.present.figures.budget import consumption_bars, cost_split_bars, equity_waterfall
from finsamdash.present.figures.goals import status_bar
from finsamdash.present.figures.indicators import item_bars
from finsamdash.present.figures.participants import durations_bar, exit_sankey
from finsamdash.present.tables import cell_text
from finsamdash.present.theme import STATUS_STYLE
from finsamdash.privacy.recode import in_bucket_order
from finsamdash.wording import annual as w
from finsamdash.wording.budget import CONSUMPTION_NOTE_CLOSED
from finsamdash.wording.formatting import fmt_percent, fmt_tkr, is_missing
from finsamdash.wording.indicators import KIND_SUFFIX, kind_level_name
from finsamdash.wording.pages import no_goals_in_year
from finsamdash.wording.privacy import HIDDEN_MARK
from finsamdash.wording.status import HIDDEN_STATUS, STATUS_WORDS

__all__ = ["AnnualReport", "Chart", "Heading", "Paragraph", "Table", "annual_report", "years_with_data"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 = Rubrik 1 (a chapter), 2 = Rubrik 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    #: "body", "note" (smaller, under a table or chart), "lead" (the plan's words of a goal, bold), "comment"
    kind: str = "body"


@dataclass(frozen=True)
class Table:
    """A numbered table: ``caption`` ("Tabell 3. …" without the number), ``header`` and ``rows`` as the cells'
    text, ``numeric`` per column (right-aligned), the last row a total when ``total``, ``notes`` under it."""

    number: int
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    total: bool = False
    notes: tuple[str, ...] = ()
    #: rows set in bold besides the total (sub-totals)
    subtotals: tuple[int, ...] = ()
    #: the first column's equal neighbours as one cell (a statement over its respondent groups)
    merge_first: bool = False

    @property
    def bold_rows(self) -> set[int]:
        """Indexes into ``rows`` of the rows set in bold (sub-totals and the total)."""
        return set(self.subtotals) | ({len(self.rows) - 1} if self.total else set())

    @property
    def label(self) -> str:
        return f"Tabell {self.number}. {self.caption}"


@dataclass(frozen=True)
class Chart:
    """A numbered chart: the figure (one of the dashboards' figure functions), its caption and alt text."""

    number: int
    caption: str
    figure: go.Figure
    alt: str

    @property
    def label(self) -> str:
        return f"Diagram {self.number}. {self.caption}"


Block = Heading | Paragraph | Table | Chart


@dataclass
class AnnualReport:
    """The statistics chapter of one association's annual report for a closed year."""

    association_id: str
    association_name: str
    year: int
    min_count: int
    made: date
    counts: AuditedCounts
    forecast: Forecast
    blocks: list[Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        return w.title(self.year)

    def headings(self, level: int | None = None) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Heading) and (level is None or b.level == level)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]

    # --- building ---------------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(text, level))

    def paragraph(self, text: str, kind: str = "body") -> None:
        if text:
            self.blocks.append(Paragraph(text, kind))

    def table(self, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]], *,
              numeric: Sequence[bool] | None = None, total: bool = False, notes: Sequence[str] = (),
              subtotals: Sequence[int] = (), merge_first: bool = False) -> Table:
        numeric = tuple(numeric) if numeric is not None else (False, *([True] * (len(header) - 1)))
        cells = {text for row in rows for text in row}
        marks = w.marks_note(self.min_count) if HIDDEN_MARK in cells else ""
        table = Table(len(self.tables()) + 1, caption, tuple(header), tuple(tuple(r) for r in rows), numeric, total,
                      tuple(n for n in (*notes, marks) if n), tuple(subtotals), merge_first)
        self.blocks.append(table)
        return table

    def chart(self, caption: str, figure: go.Figure) -> None:
        meta = figure.layout.meta
        alt = meta.get("alt", "") if isinstance(meta, dict) else ""
        self.blocks.append(Chart(len(self.charts()) + 1, caption, figure, alt))


# --- the data of a year -------------------------------------------------------------------------------------------

_YEAR_COLUMNS = {"participants": None, "goals": "year", "budget": "year", "contributions": "year",
                 "ledger": "date", "survey_responses": "period", "equity": "year"}


def years_with_data(dataset: Dataset, association_id: str) -> list[int]:
    """The years for which the association has participants, goals, answers, a budget or bookings."""
    years: set[int] = set()
    for table, column in _YEAR_COLUMNS.items():
        rows = dataset.rows(table, association_id)
        if rows is None or rows.empty:
            continue
        if table == "participants":
            start = pd.to_datetime(rows["start_date"]).dt.year.dropna().astype(int)
            end = pd.to_datetime(rows["end_date"]).dt.year.fillna(start.max() if len(start) else 0).astype(int)
            for a, b in zip(start, end.loc[start.index], strict=True):
                years.update(range(a, max(a, b) + 1))
        elif column == "date":
            years.update(int(y) for y in pd.to_datetime(rows[column]).dt.year.dropna())
        elif column == "period":
            years.update(int(str(p)[:4]) for p in rows[column].dropna())
        elif table != "equity":  # an opening equity alone is no data for the year
            years.update(int(y) for y in rows[column].dropna())
    return sorted(years)


def _closed_forecast(dataset: Dataset, association_id: str, year: int) -> Forecast:
    """The year's economy as closed books: booked to 31 December (actuals, no forecast)."""
    last = date(year, 12, 31)
    return year_end_forecast(dataset, association_id, year, as_of=last, books_closed=last)


def annual_report(dataset: Dataset, association_id: str, year: int, *, min_count: int = DEFAULT_MIN_COUNT,
                  today: date | None = None) -> AnnualReport:
    """The statistics chapter of ``association_id``'s annual report for ``year`` (see the module docstring).

    Raises :class:`~finsamdash.errors.UsageError` (Swedish message) for an unknown association, a year that has not
    ended by ``today`` (default: the build clock) and a year without any data."""
    from finsamdash.pack.clock import today as clock_today

    if min_count < 1:
        raise UsageError("--min-count måste vara minst 1.")
    dataset.require_association(association_id)
    year = int(year)
    today = today or clock_today()
    if date(year, 12, 31) >= today:
        raise UsageError(w.not_closed_message(year, today))
    name = dataset.association_name(association_id)
    years = years_with_data(dataset, association_id)
    if year not in years:
        raise UsageError(w.no_data_message(name, year, years))
    forecast = _closed_forecast(dataset, association_id, year)
    counts = audited_counts(dataset, association_id, year, min_count=min_count, forecast=forecast)
    report = AnnualReport(association_id, name, year, min_count, today, counts, forecast)
    for text in w.intro_sentences(name, year, min_count=min_count, made=today):
        report.paragraph(text)
    _Participants(report, dataset).write()
    _goals(report, dataset)
    _indicators(report)
    _economy(report, dataset)
    report.heading(w.CHAPTERS["method"])
    for text in w.method_notes(year, min_count=min_count):
        report.paragraph(text)
    return report


def _last_booking(dataset: Dataset, association_id: str, year: int) -> date | None:
    rows = ledger_in_year(dataset.rows("ledger", association_id), year)
    return None if rows is None else pd.Timestamp(rows["date"].max()).date()


def _names(dataset: Dataset, association_id: str) -> dict[str, str]:
    rows = dataset.rows("interventions", association_id)
    if rows is None:
        return {}
    return {str(i): str(n) for i, n in zip(rows["intervention_id"], rows["name"], strict=True) if not pd.isna(n)}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Deltagare ----------------------------------------------------------------------------------------------------


class _Participants:
    """The chapter Deltagare: the figures and categories of the participant pages of the year's pack."""

    def __init__(self, report: AnnualReport, dataset: Dataset) -> None:
        self.r = report
        self.c = report.counts
        self.m = report.min_count
        self.year = report.year

    def cell(self, shown: Shown) -> str:
        return cell_text(shown.value, "count", shown.status)

    def words(self, shown: Shown) -> str:
        return w.count_sv(shown.value)

    def with_share(self, shown: Shown, base: Shown, noun: str = "") -> str:
        return w.counted_share_sv(shown.value, base.value, noun=noun)

    def write(self) -> None:
        self.r.heading(w.CHAPTERS["participants"])
        if not self.c.interventions:
            self.r.paragraph(w.no_participants(self.year))
            return
        self.totals()
        self.overview()
        self.exits()
        self.durations()
        self.support()
        for selection in self.c.interventions:
            self.intervention(selection)

    def totals(self) -> None:
        c, a = self.c, ASSOCIATION
        episodes = c.count(a, "episodes")
        anonymous, identified = c.count(a, "anonymous"), c.count(a, "identified")
        for text in w.totals_sentences(
                self.year, interventions=c.intervention_count, episodes=self.words(episodes),
                anonymous=self.words(anonymous), identified=self.words(identified),
                started=self.words(c.count(a, "started")), ended=self.words(c.count(a, "ended")),
                no_anonymous=not c.has_anonymous):
            self.r.paragraph(text)
        women, men = c.count(a, "gender:woman"), c.count(a, "gender:man")
        other = c.count(a, "gender:other_unknown")
        self.r.paragraph(w.gender_sentence(
            self.with_share(women, episodes, w.WOMEN), self.with_share(men, episodes, w.MEN),
            None if other.value == 0 else self.with_share(other, episodes, w.OTHER_GENDER)))

    def _row(self, selection: str) -> list[str]:
        c = self.c
        ended, wos = c.count(selection, "ended"), c.count(selection, "wos")
        share = wos.share_of(ended)
        row = [self.cell(c.count(selection, "episodes"))]
        if c.has_anonymous:
            row.append(self.cell(c.count(selection, "anonymous")))
        row += [self.cell(c.count(selection, "started")), self.cell(ended), self.cell(c.count(selection, "active")),
                self.cell(wos), fmt_percent(share) if share is not None else "–"]
        return row

    def overview(self) -> None:
        y = self.year
        header = w.overview_columns(y, anonymous=self.c.has_anonymous)
        rows = [[self.c.name(s), *self._row(s)] for s in self.c.interventions]
        rows.append([w.TOTAL, *self._row(ASSOCIATION)])
        merged = any("+" in s for s in self.c.interventions)
        self.r.table(w.overview_caption(y), header, rows, total=True, notes=[w.overview_note(y, merged=merged)])

    def _other(self, selection: str) -> Shown:
        """"Annan orsak" (sjukdom, avbrutit, flyttat, annan orsak) of ``selection``: the exit categories that hold
        only such reasons, or the ended minus work or studies, job seeking and further rehabilitation."""
        named = {*WORK_OR_STUDIES, "job_seeking", "further_rehab"}
        groups = self.c.categories(selection, "exit")
        others = [key for key, _label, members in groups if not set(members) & named]
        mixed = any(set(members) & named and set(members) - named for _key, _label, members in groups)
        return self.c.total(selection, [] if mixed else [f"exit:{k}" for k in others], whole="ended",
                            rest=["wos", "exit:job_seeking", "exit:further_rehab"])

    def exits(self) -> None:
        c, a, y = self.c, ASSOCIATION, self.year
        self.r.heading(w.EXITS_HEADING, 2)
        ended = c.count(a, "ended")
        if ended.value == 0:
            self.r.paragraph(w.no_exits(y))
            return
        parts = [c.count(a, "wos"), c.count(a, "exit:job_seeking"), c.count(a, "exit:further_rehab"), self._other(a)]
        self.r.paragraph(w.exits_sentence(y, self.words(ended), *(self.with_share(p, ended) for p in parts)))
        rows, categories = [], c.categories(a, "exit")
        merged = w.EXITS_MERGED_NOTE if any("+" in k for k, *_ in categories) else ""
        for key, label, _members in categories:
            shown = c.count(a, f"exit:{key}")
            share = shown.share_of(ended)
            rows.append([_cap(label), self.cell(shown), fmt_percent(share) if share is not None else "–"])
        rows.append([w.TOTAL, self.cell(ended), "100 %" if ended.value else "–"])
        self.r.table(w.exits_caption(y), w.EXITS_COLUMNS, rows, total=True, notes=[w.ENDED_NOTE + merged])
        links, hidden = self.exit_links()
        share = c.count(a, "wos").share_of(ended)
        self.r.chart(w.exit_flows_caption(y),
                     exit_sankey(links, period=w.during(y), ended=ended.value, share=share, hidden=hidden))

    def exit_links(self) -> tuple[pd.DataFrame, int]:
        """The Sankey's flows, as the Deltagarflöden page draws them: from each intervention to its shown exit
        categories; and how many flows are hidden."""
        rows, hidden = [], 0
        for selection in self.c.interventions:
            for key, label, members in self.c.categories(selection, "exit"):
                shown = self.c.count(selection, f"exit:{key}")
                if shown.hidden:
                    hidden += 1
                    continue
                rows.append({"source": self.c.name(selection), "members": members, "value": shown.value,
                             "target": label.split(" (")[0] if label.startswith(w.MERGED_EXITS_START) else label})
        return pd.DataFrame(rows, columns=["source", "target", "members", "value"]), hidden

    def _distribution(self, kinds: Sequence[str], order: Sequence[str] = ()) -> tuple[list[str],
                                                                                 dict[str, dict[str, Shown]]]:
        """The labels of the categories of ``kinds`` (association), in order (``order``: the fine categories' order,
        for kinds merged each its own way), and each kind's counts by label."""
        groups: list[tuple[str, Sequence[str]]] = []
        by_kind: dict[str, dict[str, Shown]] = {}
        for kind in kinds:
            by_kind[kind] = {}
            for key, label, members in self.c.categories(ASSOCIATION, kind):
                groups.append((label, members))
                by_kind[kind][label] = self.c.count(ASSOCIATION, f"{kind}:{key}")
        return in_bucket_order(groups, order=order), by_kind

    def durations(self) -> None:
        c, a, y = self.c, ASSOCIATION, self.year
        self.r.heading(w.DURATIONS_HEADING, 2)
        labels, counts = self._distribution(("dur_ended", "dur_ongoing"), [b.key for b in DURATION_BUCKETS])
        absent = Shown(None)
        rows = [[_cap(label), *(self.cell(counts[k].get(label, absent)) for k in ("dur_ended", "dur_ongoing"))]
                for label in labels]
        ended, ongoing = c.count(a, "ended"), c.count(a, "ongoing")
        rows.append([w.TOTAL, self.cell(ended), self.cell(ongoing)])
        self.r.table(w.durations_caption(y), w.durations_columns(y), rows, total=True, notes=[w.DURATIONS_NOTE])
        table = pd.DataFrame({"label": labels}, index=pd.Index(labels))
        for kind, column in (("dur_ended", "ended"), ("dur_ongoing", "ongoing")):
            table[column] = pd.array([counts[kind].get(label, absent).value for label in labels], dtype="Int64")
        hidden = pd.DataFrame({column: [counts[kind].get(label, absent).status == HIDDEN for label in labels]
                               for kind, column in (("dur_ended", "ended"), ("dur_ongoing", "ongoing"))},
                              index=table.index)
        self.r.chart(w.durations_chart(y), durations_bar(table, hidden=hidden, period=w.during(y)))

    def support(self) -> None:
        c, a, y = self.c, ASSOCIATION, self.year
        labels, counts = self._distribution(("sb", "sa"))
        if not [label for label in labels if label != w.SUPPORT_MISSING]:
            return
        self.r.heading(w.SUPPORT_HEADING, 2)
        absent = Shown(None)
        rows = [[_cap(label), *(self.cell(counts[k].get(label, absent)) for k in ("sb", "sa"))] for label in labels]
        ended = c.count(a, "ended")
        rows.append([w.TOTAL, self.cell(ended), self.cell(ended)])
        merged = any(label.startswith(w.MERGED_SUPPORT_START) for label in labels)
        self.r.table(w.support_caption(y), w.SUPPORT_COLUMNS, rows, total=True,
                     notes=[w.ENDED_NOTE + (w.SUPPORT_MERGED_NOTE if merged else "")])

    def intervention(self, selection: str) -> None:
        c, y, s = self.c, self.year, selection
        name = c.name(s)
        self.r.heading(_cap(name), 2)
        values = {
            "episodes": c.count(s, "episodes"), "anonymous": c.count(s, "anonymous"), "active": c.count(s, "active"),
            "ended": c.count(s, "ended"), "wos": c.count(s, "wos"), "job_seeking": c.count(s, "exit:job_seeking"),
            "further_rehab": c.count(s, "exit:further_rehab"), "other": self._other(s),
        }
        rows = [[label.format(year=y), self.cell(values[key])] for key, label in w.INTERVENTION_ROWS
                if key != "anonymous" or c.has_anonymous]
        self.r.table(w.intervention_caption(name, y), ["", w.NUMBER], rows, notes=[w.OTHER_REASONS_NOTE])
        ended = values["ended"]
        if ended.value == 0:
            self.r.paragraph(w.no_intervention_exits(name, y))
        elif ended.value is not None and not (values["wos"].hidden and values["job_seeking"].hidden):
            self.r.paragraph(w.intervention_exits_sentence(
                name, y, self.words(ended), self.with_share(values["wos"], ended),
                self.with_share(values["job_seeking"], ended)))


# --- Mål och måluppfyllelse ---------------------------------------------------------------------------------------


def _goal_dicts(report: AnnualReport) -> list[dict]:
    """The goals as a suppressed summary lists them, with this document's decisions (figures and status)."""
    out = []
    for index in range(len(report.counts.goals)):
        goal = report.counts.goal(index)
        d = goal.result.to_summary()
        d["text_sv"] = goal.sentence
        d["figures_sv"] = goal.figures
        if not goal.figures_shown:
            d["outcome"] = None
        d["status"] = goal.status
        out.append(d)
    return out


def _goals(report: AnnualReport, dataset: Dataset) -> None:
    y = report.year
    report.heading(w.CHAPTERS["goals"])
    goals = _goal_dicts(report)
    if not goals:
        report.paragraph(no_goals_in_year(y))
        return
    rows = goal_rows(goals, intervention_names=_names(dataset, report.association_id))
    counts = {s: int((rows["status"] == s).sum()) for s in SHOWN_STATUSES}
    report.paragraph(w.goals_summary_sentence(y, counts))
    report.table(w.goals_caption(y), w.GOAL_COLUMNS,
                 [[r.group, r.text or r.sentence, r.target_text, r.outcome_text, _status_label(r.status)]
                  for r in rows.itertuples(index=False)],
                 numeric=(False, False, True, True, False),
                 notes=[w.goals_hidden_note(report.min_count) if rows["hidden"].any() else ""])
    for group, part in rows.groupby("group", sort=False):
        report.heading(str(group), 2)
        for r in part.itertuples(index=False):
            report.paragraph(w.goal_lead(r.text) if r.text else w.GOAL_NO_TEXT, "lead")
            report.paragraph(r.sentence)
            report.paragraph(f"{STATUS_WORDS[HIDDEN_STATUS]}." if r.status == HIDDEN_STATUS  # "Bedömning dold."
                             else w.assessment(_status_label(r.status)))
            if r.comment and r.metric != "manual":  # a qualitative goal's sentence already ends with it
                report.paragraph(w.comment(r.comment), "comment")
    shown = [(s, counts[s]) for s in SHOWN_STATUSES if counts[s]]
    if len(rows) > 1:
        frame = pd.DataFrame({"status": [s for s, _n in shown], "count": [n for _s, n in shown]})
        alt = w.goal_status_alt(y, [(STATUS_WORDS[s], n) for s, n in shown])
        report.chart(w.goal_status_caption(y), status_bar(frame, title=w.goal_status_title(y, len(rows)), alt=alt))


def _status_label(status: str) -> str:
    if status == HIDDEN_STATUS:
        return STATUS_WORDS[HIDDEN_STATUS]
    style = STATUS_STYLE.get(status)
    return f"{style['symbol']} {style['label']}" if style else STATUS_WORDS.get(status, status)


# --- Kärnindikatorer ----------------------------------------------------------------------------------------------


def _group_label(group: str) -> str:
    return w.ALL_RESPONDENT_GROUPS if group == ALL_GROUPS else label_sv("respondent_group", group)


def _change(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "–"
    points = round(100 * now) - round(100 * before)
    return "±0" if points == 0 else f"{'+' if points > 0 else '−'}{abs(points)}"


def _indicators(report: AnnualReport) -> None:
    c, y, m = report.counts, report.year, report.min_count
    report.heading(w.CHAPTERS["indicators"])
    frame = year_results(c.survey_results, group=None)
    if frame.empty:
        report.paragraph(w.no_survey(y))
        return
    rows, bars = [], []
    for item, group, statement, kind, level in zip(frame["item"], frame["respondent_group"], frame["statement_sv"],
                                                   frame["kind"], frame["level"], strict=True):
        now, before = c.survey(item, group, y), c.survey(item, group, y - 1)
        rows.append([f"{item} {statement}", _group_label(group),
                     cell_text(now.positive_share, "share", now.status),
                     cell_text(now.n, "count", now.status),
                     fmt_percent(before.positive_share) if before.positive_share is not None else "–",
                     _change(now.positive_share, before.positive_share)])
        if (group == ALL_GROUPS or (frame["item"] == item).sum() == 1) and not now.hidden:
            bars.append({"label": item, "positive_share": now.positive_share, "kind": kind, "level": level})
    report.paragraph(w.indicators_lead(y))
    report.table(w.indicators_caption(y), w.indicators_columns(y), rows,
                 numeric=(False, False, True, True, True, True), merge_first=True, notes=[w.indicators_note(y, m)])
    if bars:
        data = pd.DataFrame(bars)
        best, worst = data.loc[data["positive_share"].idxmax()], data.loc[data["positive_share"].idxmin()]
        title = w.indicators_title(y, best["label"], best["positive_share"], worst["label"], worst["positive_share"])
        names = {(k, lev): kind_level_name(KIND_LABELS[k].removesuffix(KIND_SUFFIX), LEVEL_LABELS[lev])
                 for k in KIND_LABELS for lev in LEVEL_LABELS}
        alt = w.indicators_alt(y, len(data), worst["positive_share"], best["positive_share"])
        report.chart(w.indicators_chart(y),
                     item_bars(data, y="label", names=names, title=title, alt=alt))


# --- Ekonomi ------------------------------------------------------------------------------------------------------


def _tkr(value: object) -> str:
    return "–" if value is None or is_missing(value) else fmt_tkr(value).removesuffix(" tkr").removesuffix("\xa0tkr")


def _economy(report: AnnualReport, dataset: Dataset) -> None:
    a, y, fc = report.association_id, report.year, report.forecast
    report.heading(w.CHAPTERS["economy"])
    budget, ledger = dataset.rows("budget", a), dataset.rows("ledger", a)
    booked = actuals_by_category(ledger, y)
    report.paragraph(w.books_warning(y, _last_booking(dataset, a, y)))
    budget_of = {cat: (float(s.sum()) if (s := budget_by_month(budget, y, (cat,))) is not None else None)
                 for cat in (*INCOME_CATEGORIES, *COST_CATEGORIES)}
    has_budget = any(v is not None for v in budget_of.values())
    members = contributions_by_member(dataset, a, y)
    if booked is None and not has_budget and members is None:
        report.paragraph(w.no_economy(y))
        return
    split = admin_split(dataset, a, y, cutoff=date(y, 12, 31))
    budget_admin = None
    if split is not None:
        administration = split[split["group"] == "administration"]
        budget_admin = None if administration.empty or is_missing(administration["budget_share"].iloc[0]) \
            else float(administration["budget_share"].iloc[0])
    for text in w.economy_sentences(
            y, income=fc.income, costs=fc.costs, result=fc.result if booked is not None else None,
            budget_result=fc.budget_result, contributions=fc.contributions if fc.contributions_source in (
                "contributions", "budget") else None,
            admin_share=fc.admin_share if booked is not None else None, budget_admin_share=budget_admin,
            equity_opening=fc.equity_opening, equity_closing=fc.equity_closing if booked is not None else None,
            equity_share=fc.equity_share if booked is not None else None):
        report.paragraph(text)
    if members is not None:
        _contributions(report, dataset, members)
    if booked is not None or has_budget:
        _categories(report, booked or {}, budget_of, has_budget, booked is not None)
        _intervention_costs(report, dataset)
    if split is not None and booked is not None:
        report.heading(w.ADMINISTRATION_HEADING, 2)
        report.chart(w.admin_chart(y), cost_split_bars(split, year=y, closed=True))
    bridge = equity_bridge(fc)
    if bridge is not None and booked is not None:
        report.heading(w.EQUITY_HEADING, 2)
        report.chart(w.equity_chart(y), equity_waterfall(bridge, year=y, share=fc.equity_share, closed=True))


def _contributions(report: AnnualReport, dataset: Dataset, members: pd.DataFrame) -> None:
    y = report.year
    report.heading(w.CONTRIBUTIONS_HEADING, 2)
    split = contribution_split(dataset, report.association_id, y)
    if split is not None:
        parts = [w.contribution_part(row["amount_sek"], row["share"], label)
                 for label, row in split.drop(index=TOTAL).iterrows() if row["amount_sek"]]
        report.paragraph(w.contributions_sentence(parts))
    rows = []
    for member, row in members.iterrows():
        kind = "" if is_missing(row["member_type"]) else _cap(label_sv("member_type", row["member_type"]))
        rows.append([str(member), kind, _tkr(row["amount_sek"]),
                     fmt_percent(row["share"], decimals=1) if not is_missing(row["share"]) else "–"])
    report.table(w.members_caption(y), w.MEMBER_COLUMNS, rows,
                 numeric=(False, False, True, True), total=True)


def _categories(report: AnnualReport, booked: dict[str, float], budget_of: dict[str, float | None],
                has_budget: bool, has_ledger: bool) -> None:
    y = report.year
    report.heading(w.BUDGET_HEADING, 2)

    def line(label: str, budget: float | None, actual: float | None) -> list[str]:
        deviation = None if budget is None or actual is None else actual - budget
        return [label, _tkr(budget), _tkr(actual), _tkr(deviation)]

    def block(categories: Sequence[str], total: str) -> tuple[list[list[str]], float | None, float | None]:
        rows, b_sum, a_sum = [], 0.0, 0.0
        for cat in categories:
            b = budget_of.get(cat) if has_budget else None
            a_ = booked.get(cat, 0.0) if has_ledger else None
            if not b and not a_:
                continue
            rows.append(line(_cap(label_sv("budget_category", cat)), b, a_))
            b_sum += b or 0.0
            a_sum += a_ or 0.0
        sums = (b_sum if has_budget else None, a_sum if has_ledger else None)
        rows.append(line(total, *sums))
        return rows, *sums

    income, b_in, a_in = block(INCOME_CATEGORIES, w.INCOME_TOTAL)
    costs, b_out, a_out = block(COST_CATEGORIES, w.COSTS_TOTAL)
    result = line(w.YEAR_RESULT, None if b_in is None else b_in - (b_out or 0.0),
                  None if a_in is None else a_in - (a_out or 0.0))
    report.table(w.categories_caption(y), w.CATEGORY_COLUMNS,
                 [*income, *costs, result], total=True, subtotals=(len(income) - 1, len(income) + len(costs) - 1),
                 notes=[w.CATEGORIES_NOTE])


def _intervention_costs(report: AnnualReport, dataset: Dataset) -> None:
    y = report.year
    frame = intervention_consumption(dataset, report.association_id, y, cutoff=date(y, 12, 31))
    if frame is None or len(frame) <= 1:
        return
    report.heading(w.INTERVENTION_COSTS_HEADING, 2)
    rows = [[str(name), _tkr(row["budget_year"]), _tkr(row["actual_to_date"]), _tkr(row["deviation_to_date"]),
             fmt_percent(row["consumption"]) if not is_missing(row["consumption"]) else "–"]
            for name, row in frame.iterrows()]
    report.table(w.intervention_costs_caption(y), w.INTERVENTION_COST_COLUMNS, rows, total=True,
                 notes=[CONSUMPTION_NOTE_CLOSED])
    report.chart(w.consumption_chart(y), consumption_bars(frame, year_share=1.0, year=y))

