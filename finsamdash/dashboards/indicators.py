"""Kärnindikatorer: the 15 national core indicators of one association for the year shown.

Sections (one notebook cell each): :meth:`IndicatorsPage.overview` (share positive per item),
:meth:`~IndicatorsPage.by_level` (process/effect × the four levels, a table per level with n, mean, share positive and
vet ej per item and respondent group), :meth:`~IndicatorsPage.trends` (per half-year/year),
:meth:`~IndicatorsPage.distribution` (diverging stacked bars) and :meth:`~IndicatorsPage.comparison` (the other
associations in the dataset). Every figure comes from the results of :mod:`finsamdash.metrics.indicator_results` as
the pack's audit allows (:attr:`Page.disclosure`): a result of fewer than ``min_count`` answers, and one hidden so
that such a result cannot be worked out, is never drawn and shows the one mark of a hidden figure in the tables.
"""

from __future__ import annotations

import html
import textwrap
from functools import cached_property, lru_cache
from typing import Any, ClassVar

import pandas as pd

from finsamdash.dashboards._page import Bundle, Control, Page, html_bundle, section
from finsamdash.dashboards.registry import dashboard
from finsamdash.data.contract import CATEGORIES, core_indicators, label_sv
from finsamdash.metrics.indicator_results import (
    ALL_GROUPS,
    catalogue,
    distribution,
    hidden_count,
    indicator_cells,
    negative_steps,
    period_sort_key,
    positive_steps,
    rank_comparison,
    scale_steps,
    trend_results,
    year_results,
)
from finsamdash.metrics.indicator_stats import positive_threshold
from finsamdash.present.figures.indicators import comparison_dots, diverging_bars, item_bars, trend_lines
from finsamdash.present.tables import CSS
from finsamdash.privacy import HIDDEN
from finsamdash.privacy.views import comparison_cells, survey_results
from finsamdash.wording import indicators as sv
from finsamdash.wording.formatting import fmt_int, fmt_number, fmt_percent
from finsamdash.wording.indicators import (
    ITEM_COLUMNS,
    KIND_LABELS,
    KIND_SUFFIX,
    LEVEL_LABELS,
    MEASURE_LABELS,
    STAT_TABLE_COLUMNS,
)
from finsamdash.wording.pages import LACKING_CONSEQUENCES
from finsamdash.wording.privacy import HIDDEN_MARK

__all__ = ["IndicatorsPage", "group_label", "item_label", "short_name"]


def group_label(group: str, *, capital: bool = True) -> str:
    """The Swedish label of a respondent group key (:data:`ALL_GROUPS` = "Alla grupper")."""
    text = sv.ALL_GROUPS_WORD if group == ALL_GROUPS else label_sv("respondent_group", group)
    return text[:1].upper() + text[1:] if capital else text


@lru_cache(maxsize=4096)  # the comparison labels every association's row of the same ~40 items
def item_label(item: str, statement: object, width: int = 52) -> str:
    """An item code with its statement shortened for an axis or legend: ``"1a Jag får stödet på ett sätt …"``."""
    text = "" if pd.isna(statement) else str(statement)
    return f"{item} {textwrap.shorten(text, width=width, placeholder=' …')}".strip()


def short_name(name: str) -> str:
    """An association's name without the common prefix, for titles: "Samordningsförbundet Norrsken" -> "Norrsken"."""
    for prefix in sv.NAME_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


#: Columns of a result (and its ranking) that a hidden result shows the mark in.
_RESULT_COLUMNS = ("n", "answers", "mean", "positive_share", "dont_know", "dont_know_share", "placing")


def _status_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The status frame ``html_table`` reads: a hidden result's mark in every column of its statistics, so that
    no blank reads as zero (R8)."""
    marks = [str(s) if isinstance(s, str) else "" for s in frame["status"].fillna("")]
    columns = [c for c in frame.columns if c in _RESULT_COLUMNS or c.startswith(("share_", "step_"))]
    return pd.DataFrame({c: marks for c in columns}, index=frame.index)


def _visible(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame["status"].fillna("") == "") & frame["n"].notna() & (frame["n"].fillna(0) > 0)]


class IndicatorsPage(Page):
    """The core indicator dashboard (see the module docstring)."""

    title = dashboard("indicators").title
    glossary = sv.GLOSSARY_WORDS
    uses: ClassVar[dict[str, str]] = LACKING_CONSEQUENCES["indicators"]

    # --- data -------------------------------------------------------------------------------------------------------

    @cached_property
    def scale(self) -> tuple[int, int]:
        return tuple(self.data.settings.scale)  # type: ignore[return-value]

    @cached_property
    def results(self) -> pd.DataFrame:
        """This association's cells as the audit allows: per item, group (and all groups) for the year and every
        period."""
        cells = indicator_cells(self.rows("survey_responses"), self.year, self.scale)
        return survey_results(cells, self.disclosure.shown, self.association_id, self.year)

    def hidden_since_previous(self) -> bool:
        return self.disclosure.hidden_since_previous(kind="s")

    @cached_property
    def _comparisons(self) -> dict[tuple[str, str], pd.DataFrame]:
        return {}

    @cached_property
    def _comparison_cells(self) -> pd.DataFrame | None:
        """Every association's suppressed pooled-year cells, computed once for all groups and measures (a change of
        the comparison's drop-downs only picks and ranks them)."""
        return comparison_cells(self.disclosure, self.data.table("survey_responses"), self.results, self.year,
                                self.scale)

    def comparison_frame(self, group: str = ALL_GROUPS, measure: str = "positive_share") -> pd.DataFrame:
        """Every association's suppressed result per item for the year (see
        :func:`~finsamdash.metrics.indicator_results.comparison`), with the association's ``name``."""
        key = (group, measure)
        if key not in self._comparisons:
            frame = rank_comparison(self._comparison_cells, association_id=self.association_id, group=group,
                                    measure=measure)
            associations = self.data.tables["associations"]
            names = dict(zip(associations["association_id"], associations["name"], strict=True))
            frame["name"] = [str(names[a]) if a in names else self.data.association_name(a)
                             for a in frame["association_id"]]
            self._comparisons[key] = frame
        return self._comparisons[key]

    def groups(self) -> list[str]:
        """Respondent groups with answers in the year shown, in the contract's order."""
        present = set(self.results.loc[self.results["period"] == "year", "respondent_group"])
        return [c.key for c in CATEGORIES["respondent_group"] if c.key in present]

    def _group_control(self) -> Control:
        options = ((sv.ALL_GROUPS_LABEL, ALL_GROUPS), *((group_label(g), g) for g in self.groups()))
        return Control(sv.GROUP_CONTROL, options, ALL_GROUPS)

    def _measure_control(self) -> Control:
        return Control(sv.MEASURE_CONTROL, tuple((label, key) for key, label in MEASURE_LABELS.items()),
                       "positive_share")

    @property
    def _no_answers_in_year(self) -> bool:
        return not self.lacks("survey_responses") and (
            self.results.empty or not (self.results["period"] == "year").any())

    def unavailable(self) -> list[tuple[str, str]]:
        """Besides a missing sheet: no answers at all in the year shown (said once, under the header)."""
        reasons = super().unavailable()
        if self._no_answers_in_year:
            reasons.append((sv.no_answers_reason(self.year), sv.no_answers_note(self.year, self.association_name)))
        return reasons

    def _unavailable(self) -> list[Bundle]:
        """The left-out marker when the section has nothing to show for the year (the header has said why once),
        else nothing."""
        if gap := self.missing("survey_responses"):
            return gap
        if self._no_answers_in_year:
            return self.leave_out(sv.no_answers_reason(self.year))
        return []

    # --- text helpers -----------------------------------------------------------------------------------------------

    def positive_definition(self) -> str:
        low, high = self.scale
        first = int(positive_threshold(self.scale))
        return sv.positive_definition(first, low, high)

    def hidden_note(self, frame: pd.DataFrame, noun: tuple[str, str] = sv.RESULT_NOUNS) -> str:
        """How many rows of ``frame`` are hidden, and why (empty when none); ``noun`` is (singular, plural)."""
        hidden = hidden_count(frame)
        if not hidden:
            return ""
        return sv.hidden_results_note(hidden, noun, HIDDEN_MARK, self.min_count)

    def _note_bundle(self, *texts: str) -> Bundle:
        body = " ".join(t for t in texts if t)
        return html_bundle(f"{CSS}<p class='fsd-note'>{html.escape(body)}</p>")

    def _for_group(self, group: str) -> str:
        return "" if group == ALL_GROUPS else sv.for_group(group_label(group, capital=False))

    def _labelled(self, frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        out["label"] = [item_label(i, s) for i, s in zip(out["item"], out["statement_sv"], strict=True)]
        out["level_sv"] = [LEVEL_LABELS.get(str(v), str(v)).capitalize() for v in out["level"]]
        out["kind_sv"] = [KIND_LABELS.get(str(k), str(k)).removesuffix(KIND_SUFFIX) for k in out["kind"]]
        if "respondent_group" in out:
            out["group_sv"] = [group_label(str(g)) for g in out["respondent_group"]]
        return out

    # --- sections ---------------------------------------------------------------------------------------------------

    @section
    def overview(self) -> list[Bundle]:
        """Share positive per item for the year, coloured by level (effect indicators hatched), with its table."""
        if gap := self._unavailable():
            return gap
        return self.interactive({"group": self._group_control()}, self.render_overview)

    def render_overview(self, group: str = ALL_GROUPS) -> list[Bundle]:
        frame = self._labelled(year_results(self.results, group=group))
        shown = _visible(frame)
        hidden = self.hidden_note(frame, sv.ITEM_NOUNS)
        if shown.empty:
            return [self._note_bundle(sv.too_few_answers(self.min_count, self.year, self._for_group(group)), hidden)]
        best = shown.loc[shown["positive_share"].idxmax()]
        worst = shown.loc[shown["positive_share"].idxmin()]
        if len(shown) == 1:
            title = sv.overview_title_one(fmt_percent(best['positive_share']), best['item'], self.year)
        else:
            title = sv.overview_title(self.year, best['item'], fmt_percent(best['positive_share']), worst['item'],
                                      fmt_percent(worst['positive_share']))
        title += self._for_group(group)
        names = {(k, lev): sv.kind_level_name(KIND_LABELS[k].removesuffix(KIND_SUFFIX), LEVEL_LABELS[lev])
                 for k in KIND_LABELS for lev in LEVEL_LABELS}
        shown = shown.assign(hover=[sv.answers_hover(fmt_int(n), fmt_number(m))
                                    for n, m in zip(shown["n"], shown["mean"], strict=True)])
        alt = sv.overview_alt(self.year, group_label(group, capital=False), fmt_int(len(shown)),
                              fmt_percent(worst['positive_share']), fmt_percent(best['positive_share']))
        fig = item_bars(shown, y="label", names=names, title=title, alt=alt, hover="hover")
        columns = {**ITEM_COLUMNS, "kind_sv": sv.KIND_COLUMN, "level_sv": sv.LEVEL_COLUMN, **STAT_TABLE_COLUMNS}
        return self.figure_bundles(fig, frame, columns=columns, status=_status_frame(frame),
                                   note=" ".join(t for t in (self.positive_definition(), hidden) if t))

    @section
    def by_level(self) -> list[Bundle]:
        """Process and effect indicators on the four levels, each with its indicators' headings and a table of its
        items per respondent group (n, mean, share positive, vet ej)."""
        if gap := self._unavailable():
            return gap
        return self.interactive({"group": self._group_control()}, self.render_by_level)

    def render_by_level(self, group: str = ALL_GROUPS) -> list[Bundle]:
        frame = self._labelled(year_results(self.results, group=None if group == ALL_GROUPS else group))
        cat = catalogue()
        full = core_indicators()
        register = full[full["respondent_groups"] == "register"]
        bundles: list[Bundle] = [self._note_bundle(
            sv.by_level_lead(self.year, None if group == ALL_GROUPS else group_label(group, capital=False))
            + self.positive_definition(), self.hidden_note(frame))]
        columns = {**ITEM_COLUMNS, "group_sv": sv.GROUP_COLUMN, **STAT_TABLE_COLUMNS}
        for kind, kind_sv in KIND_LABELS.items():
            for level, level_sv in LEVEL_LABELS.items():
                in_block = cat[(cat["kind"] == kind) & (cat["level"] == level)]
                registered = register[(register["kind"] == kind) & (register["level"] == level)]
                if in_block.empty and registered.empty:
                    continue
                headings = in_block.drop_duplicates("indicator")
                parts = [f"<h3>{html.escape(kind_sv)} – {html.escape(level_sv)}</h3>"]
                parts += [f"<p><strong>{sv.indicator_heading(int(r.indicator))}</strong> "
                          f"{html.escape(str(r.heading_sv))}</p>" for r in headings.itertuples()]
                parts += [f"<p class='fsd-note'>"
                          f"{sv.register_indicator_note(int(r.indicator), html.escape(str(r.heading_sv)))}</p>"
                          for r in registered.itertuples()]
                bundles.append(html_bundle(CSS + "".join(parts)))
                rows = frame[frame["item"].isin(set(in_block["item"]))]
                if in_block.empty:
                    continue
                if rows.empty:
                    bundles.append(self._note_bundle(sv.no_answers_in(self.year, self._for_group(group))))
                    continue
                bundles += self.table_bundles(rows, columns=columns, status=_status_frame(rows))
        return bundles

    @section
    def trends(self) -> list[Bundle]:
        """Share positive (or mean) per survey period for the items of one indicator."""
        if gap := self._unavailable():
            return gap
        cat = catalogue()
        with_answers = set(self.results["item"])
        indicators = cat[cat["item"].isin(with_answers)].drop_duplicates("indicator")
        if indicators.empty:
            indicators = cat.drop_duplicates("indicator")
        options = tuple((sv.indicator_option(int(r.indicator),
                                             textwrap.shorten(str(r.heading_sv), 60, placeholder=' …')),
                         int(r.indicator)) for r in indicators.itertuples())
        controls = {"indicator": Control(sv.INDICATOR_CONTROL, options, options[0][1]), "group": self._group_control(),
                    "measure": self._measure_control()}
        return self.interactive(controls, self.render_trends)

    def render_trends(self, indicator: int = 1, group: str = ALL_GROUPS,
                      measure: str = "positive_share") -> list[Bundle]:
        cat = catalogue()
        items = list(cat.loc[cat["indicator"] == indicator, "item"])
        frame = self._labelled(trend_results(self.results, group=group, items=items))
        hidden = self.hidden_note(frame, sv.POINT_NOUNS)
        shown = _visible(frame)
        if shown.empty:
            return [self._note_bundle(sv.no_trend_periods(indicator, self.min_count, self._for_group(group)), hidden)]
        periods = sorted(dict.fromkeys(frame["period"]), key=period_sort_key)
        lines = [i for i in items if i in set(shown["item"])]
        wide = pd.DataFrame({"period": periods})
        wide["period_label"] = [frame.loc[frame["period"] == p, "period_label"].iloc[0] for p in periods]
        for item in lines:
            values = shown[shown["item"] == item].set_index("period")[measure]
            wide[item] = [values.get(p, pd.NA) for p in periods]
        labels = dict(zip(frame["item"], frame["label"], strict=False))
        percent = measure == "positive_share"
        fmt = fmt_percent if percent else fmt_number
        sentences = []
        for item in lines:
            points = shown[shown["item"] == item].sort_values("period", key=lambda s: s.map(period_sort_key))
            last = points.iloc[-1]
            text = f"{item} {fmt(last[measure])} ({last['period_label']})"
            if len(points) > 1:
                prev = points.iloc[-2]
                text += sv.previous_value(prev['period_label'], fmt(prev[measure]))
            sentences.append(text)
        main = shown.sort_values("period", key=lambda s: s.map(period_sort_key))
        latest = main[main["period"] == main["period"].iloc[-1]].sort_values("n", ascending=False).iloc[0]
        item_points = main[main["item"] == latest["item"]]
        what = sv.MEASURE_SUBJECTS[measure]
        title = sv.trend_title(indicator, what, latest['item'], fmt(latest[measure]), latest['period_label'])
        if len(item_points) > 1:
            prev = item_points.iloc[-2]
            if fmt(prev[measure]) == fmt(latest[measure]):
                title += sv.same_as(prev['period_label'])
            else:
                title += sv.changed_from(latest[measure] > prev[measure], fmt(prev[measure]), prev['period_label'])
        title += self._for_group(group)
        alt = sv.trend_alt(what, group_label(group, capital=False), indicator, sentences)
        fig = trend_lines(wide, x="period_label", y=lines, names=[labels[i] for i in lines], title=title, alt=alt,
                          percent=percent, value_range=self.scale, y_title=MEASURE_LABELS[measure])
        table = frame.sort_values(["order", "period"], key=lambda s: s.map(period_sort_key) if s.name == "period"
                                  else s, kind="stable").reset_index(drop=True)
        columns = {"period_label": sv.PERIOD_COLUMN, "item": ITEM_COLUMNS["item"], **STAT_TABLE_COLUMNS}
        statements = " ".join(f"{r.item}: {r.statement_sv}" for r in cat[cat["indicator"] == indicator].itertuples())
        return self.figure_bundles(fig, table, columns=columns, status=_status_frame(table),
                                   note=" ".join(t for t in (statements, hidden) if t))

    @section
    def distribution(self) -> list[Bundle]:
        """The year's answers per step of the scale as diverging stacked bars, vet ej beside them."""
        if gap := self._unavailable():
            return gap
        return self.interactive({"group": self._group_control()}, self.render_distribution)

    def step_names(self) -> dict[int, str]:
        low, high = self.scale
        names = {s: str(s) for s in scale_steps(self.scale)}
        names[low] = sv.step_name_low(low)
        names[high] = sv.step_name_high(high)
        return names

    def render_distribution(self, group: str = ALL_GROUPS) -> list[Bundle]:
        frame = self._labelled(distribution(self.results, self.scale, group=group))
        hidden = self.hidden_note(frame, sv.ITEM_NOUNS)
        shown = _visible(frame)
        if shown.empty:
            return [self._note_bundle(sv.too_few_answers(self.min_count, self.year, self._for_group(group)), hidden)]
        neg, pos = negative_steps(self.scale), positive_steps(self.scale)
        middle = [s for s in scale_steps(self.scale) if s not in neg and s not in pos]
        negative_share = sum((shown[f"share_{s}"].astype("Float64") for s in neg),
                             start=pd.Series(0.0, index=shown.index, dtype="Float64"))
        if middle:
            negative_share = negative_share + shown[f"share_{middle[0]}"].astype("Float64") / 2
        shown = shown.assign(
            negative_share=negative_share,
            side=[sv.side_text(fmt_int(n), fmt_int(d)) for n, d in zip(shown["n"], shown["dont_know"],
                                                                         strict=True)])
        steps_text = f"{neg[0]}–{neg[-1]}" if len(neg) > 1 else str(neg[0])
        top = shown.loc[shown["negative_share"].idxmax()]
        if float(top["negative_share"]) <= 0:
            title = sv.no_low_answers(steps_text, self.year)
        else:
            title = sv.most_low_answers(steps_text, self.year, top['item'], fmt_percent(top['negative_share']))
        title += self._for_group(group)
        alt = sv.distribution_alt(self.year, group_label(group, capital=False), steps_text, fmt_int(len(shown)),
                                  top['item'], fmt_percent(top['negative_share']))
        fig = diverging_bars(shown, y="label", negative=neg, positive=pos, middle=middle[0] if middle else None,
                             step_names=self.step_names(), title=title, alt=alt, side_text="side")
        columns = {"item": ITEM_COLUMNS["item"], "n": STAT_TABLE_COLUMNS["n"],
                   **{f"share_{s}": (sv.step_column(s), "share") for s in scale_steps(self.scale)},
                   "dont_know": STAT_TABLE_COLUMNS["dont_know"], "dont_know_share": sv.DONT_KNOW_SHARE_COLUMN}
        note = sv.distribution_note(self.scale[0], self.scale[1])
        return self.figure_bundles(fig, frame, columns=columns, status=_status_frame(frame),
                                   note=" ".join(t for t in (note, hidden) if t))

    @section
    def comparison(self) -> list[Bundle]:
        """The association's result per item against the other associations in the dataset for the same year."""
        if gap := self._unavailable():
            return gap
        return self.interactive({"group": self._group_control(), "measure": self._measure_control()},
                         self.render_comparison)

    def render_comparison(self, group: str = ALL_GROUPS, measure: str = "positive_share") -> list[Bundle]:
        frame = self.comparison_frame(group, measure)
        others = sorted(set(frame.loc[~frame["own"].astype(bool), "association_id"]))
        if not others:
            return [self._note_bundle(sv.no_other_associations(self.year, self._for_group(group)))]
        frame = self._labelled(frame)
        shown = frame[frame[measure].notna()]
        own_shown = shown[shown["own"].astype(bool) & (shown["compared"] > 1)]
        percent = measure == "positive_share"
        what = sv.MEASURE_WORDS[measure]
        if own_shown.empty:
            return [self._note_bundle(sv.nothing_to_compare(self.min_count, self.year, self._for_group(group),
                                                            self.association_name))]
        top = int((own_shown["rank"] == 1).sum())
        title = sv.comparison_title(short_name(self.association_name), what, fmt_int(top), fmt_int(len(own_shown)),
                                    self.year, self._for_group(group))
        drawn = shown[shown["item"].isin(set(own_shown["item"]))]
        alt = sv.comparison_alt(what, self.year, fmt_int(frame['association_id'].nunique()), self.association_name,
                                fmt_int(top), fmt_int(len(own_shown)))
        fig = comparison_dots(drawn, y="label", x=measure, association="name", own="own",
                              own_name=self.association_name, title=title, alt=alt, percent=percent,
                              value_range=self.scale, x_title=MEASURE_LABELS[measure])
        placings: dict[tuple[int, int], str] = {}  # the same few (rank, compared) pairs on every association's row

        def placing(r: int, c: int) -> str:
            if (r, c) not in placings:
                placings[(r, c)] = sv.placing_text(fmt_int(r), fmt_int(c))
            return placings[(r, c)]

        table = frame.assign(placing=["" if pd.isna(r) else placing(r, c)
                                      for r, c in zip(frame["rank"], frame["compared"], strict=True)])
        columns = {"item": ITEM_COLUMNS["item"], "name": sv.ASSOCIATION_COLUMN, "n": STAT_TABLE_COLUMNS["n"],
                   "mean": STAT_TABLE_COLUMNS["mean"], "positive_share": STAT_TABLE_COLUMNS["positive_share"],
                   "placing": sv.PLACING_COLUMN}
        status = frame["status"].fillna("")
        per = pd.DataFrame({"hidden": (status == HIDDEN).astype(int),
                            "name": frame["name"]}).groupby(frame["association_id"], sort=False)
        per_association = [f"{name} {fmt_int(count)}" for count, name in
                           zip(per["hidden"].sum(), per["name"].first(), strict=True) if count]
        hidden = (sv.comparison_hidden_note(HIDDEN_MARK, self.min_count, per_association) if per_association
                  else "")
        note = sv.comparison_note(what)
        return self.figure_bundles(fig, table, columns=columns, status=_status_frame(table),
                                   note=" ".join(t for t in (note, hidden) if t))

    # --- everything at once (for scripts and the pack) ------------------------------------------------------------

    def sections(self) -> list[tuple[str, Any]]:
        """The sections in page order as (Swedish heading, method)."""
        methods = (self.overview, self.by_level, self.trends, self.distribution, self.comparison)
        return list(zip(sv.SECTION_HEADINGS, methods, strict=True))

