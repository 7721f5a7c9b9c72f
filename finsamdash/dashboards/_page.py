"""What every dashboard page shares: parameters, the data as of the meeting, and how content is displayed.

A notebook creates one page object with its parameters and then calls one method per section. Every section is a
method decorated with :func:`section`: it returns its display bundles and the page shows them (nothing in a page
calls ``show`` or ``display`` itself). Content is plain display data (plotly JSON, HTML), which works in Voilà, in
papermill's stored outputs and in static HTML.
Controls (ipywidgets) are added only when the notebook runs under Voilà; everywhere else the default state (the
whole association) is shown as plain figures, so exported pages need no widget JavaScript.
"""

from __future__ import annotations

import functools
import html
import json
import os
from collections.abc import Callable, Hashable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import plotly.graph_objects as go

from finsamdash.dashboards import state
from finsamdash.dashboards.handover import input_fingerprint, read_disclosure, read_handover
from finsamdash.data.contract import DEFAULT_MIN_COUNT
from finsamdash.data.dataset import Dataset
from finsamdash.data.validate import load
from finsamdash.errors import UsageError
from finsamdash.metrics.forecast import Forecast, books_closed_date, check_previous_meeting, year_end_forecast
from finsamdash.present.figures._base import alt_text, draws_something, title_sentence, wrapped_layout
from finsamdash.present.tables import CSS, EMPTY_CLASS, details, html_table, suppression_note
from finsamdash.present.theme import plotly_config
from finsamdash.privacy import Disclosure, audit_pack
from finsamdash.privacy.disclosure import FILE_NAME as DISCLOSURE_FILE
from finsamdash.privacy.disclosure import read_published
from finsamdash.privacy.pack import scheme_version
from finsamdash.wording.charts import CHART_FALLBACK
from finsamdash.wording.economy import dates_sv
from finsamdash.wording.pages import (
    SHOW_AS_TABLE,
    board_meeting,
    compared_with_previous,
    glossary_note,
    lacking_table_note,
    lacking_table_reason,
    privacy_explained,
    year_scope,
)
from finsamdash.wording.privacy import HIDDEN_SINCE_PREVIOUS

PLOTLY_MIME = "application/vnd.plotly.v1+json"
Bundle = dict[str, Any]


def under_voila() -> bool:
    """True when the kernel was started by Voilà (it sets VOILA_* variables in the kernel's environment)."""
    return any(name.startswith("VOILA_") for name in os.environ)


@lru_cache(maxsize=4)
def _load_cached(path: str, fingerprint: tuple) -> Dataset:
    handed = read_handover(fingerprint)
    return handed if handed is not None else load(path)


def load_for_dashboard(path: str | Path) -> Dataset:
    """Load (and validate) a dataset once per kernel; reloaded when the file or folder changes.

    In a kernel of ``finsamdash build`` the dataset the build validated is taken over instead (see
    :mod:`finsamdash.dashboards.handover`).
    """
    resolved = Path(path).expanduser().resolve()
    if not resolved.exists():
        raise UsageError(f"Hittar inte underlaget {str(path)!r} (sökte i {resolved}).")
    return _load_cached(str(resolved), input_fingerprint(resolved))


def disclosure_for(full: Dataset, data_path: str | Path | None, association_id: str, meeting: date,
                   previous: date | None, min_count: int, year: int) -> Disclosure:
    """The pack's audit: the one the build handed over when it matches, else computed; kept once per process for
    the dataset object, parameters and previous packs (:func:`finsamdash.dashboards.state.remembered`: the five
    pages of a pack share it, and viewers' kernels forked from a warm parent inherit it).

    A page runs in its pack's folder (the build's kernels, ``finsamdash serve`` and Voilà all start it there): when
    that folder holds this pack's ``disclosure.json.gz``, the audit takes the previous packs' shown cells the build
    assumed (:func:`recorded_previous`), so that a live page shows exactly what the static pack shows (R4)."""
    known = recorded_previous(Path.cwd(), association_id, meeting, previous, min_count, year) if previous else {}

    def compute() -> Disclosure:
        handed = None
        with suppress(OSError):  # data that cannot be fingerprinted (or is in memory) matches nothing handed over
            if data_path is not None:
                handed = read_disclosure(input_fingerprint(Path(data_path).expanduser().resolve()), association_id)
        if handed is not None and handed.matches(association_id, meeting, previous, min_count, year) and dict(
                handed.previous_known) == known:
            return handed
        return audit_pack(full, association_id, meeting, previous=previous, min_count=min_count, year=year,
                          previous_published=known)

    return state.remembered((("disclosure", state.token(full), association_id), meeting, previous, min_count, year,
                             frozenset(known.items())), compute)


def recorded_previous(folder: Path, association_id: str, meeting: date, previous: date, min_count: int,
                      year: int) -> dict[str, frozenset]:
    """The previous packs' shown cell keys the build's audit assumed (:attr:`Disclosure.previous_known`), as stored
    in ``folder``'s ``disclosure.json.gz`` when that is the audit of these parameters with this version of the cell
    keys; else none (the audit then takes the previous pack as recomputed, as the build did without one)."""
    try:
        stat = (Path(folder) / DISCLOSURE_FILE).stat()
    except OSError:
        return {}
    data = _read_pack_disclosure(str(Path(folder).resolve()), stat.st_mtime_ns, stat.st_size)
    if data is None or (data.get("association_id"), data.get("meeting"), data.get("previous"), data.get("min_count"),
                        data.get("year"), data.get("scheme")) != (
            association_id, meeting.isoformat(), previous.isoformat(), min_count, year, scheme_version()):
        return {}
    return dict(data["previous_known"])


@lru_cache(maxsize=4)
def _read_pack_disclosure(folder: str, _mtime_ns: int, _size: int) -> dict[str, Any] | None:
    """A pack's stored disclosure, read once per version of the file."""
    data = read_published(Path(folder))
    return None if data is None else {k: data.get(k) for k in (
        "association_id", "meeting", "previous", "min_count", "year", "scheme", "previous_known")}


_AS_OF: dict[tuple[int, date, date | None], tuple[Dataset, Dataset]] = {}


def _as_of(full: Dataset, cutoff: date, books_closed: date | None = None) -> Dataset:
    """``full.as_of(cutoff, books_closed=…)``, remembered for the last few (dataset, dates) triples: the five
    dashboards of a pack, and the packs of one meeting in a build, all cut the same loaded dataset at the same
    dates."""
    key = (id(full), cutoff, books_closed)
    found = _AS_OF.get(key)
    if found is not None and found[0] is full:
        return found[1]
    result = full.as_of(cutoff, books_closed=books_closed)
    if len(_AS_OF) >= 8:
        _AS_OF.pop(next(iter(_AS_OF)))
    _AS_OF[key] = (full, result)
    return result


def _own_rows(dataset: Dataset, association_id: str) -> Dataset:
    """``dataset`` with only the rows of ``association_id`` in every table that has an association column."""
    tables = {name: frame[(frame["association_id"] == association_id).fillna(False).astype(bool)]
              if "association_id" in frame else frame for name, frame in dataset.tables.items()}
    return replace(dataset, tables=tables)


def figure_bundle(fig: go.Figure) -> Bundle:
    """The display data of a figure: plotly JSON for renderers (the title wrapped so that no line is cut off),
    its alt text for everything else."""
    figure = json.loads(fig.to_json())
    figure["layout"] = wrapped_layout(figure.get("layout") or {}, figure.get("data") or [])
    figure["config"] = plotly_config(figure)
    return {PLOTLY_MIME: figure, "text/plain": alt_text(fig) or CHART_FALLBACK}


def html_bundle(markup: str) -> Bundle:
    return {"text/html": markup, "text/plain": _plain_text(markup)}


def _plain_text(markup: str) -> str:
    import re

    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", markup, flags=re.S))).strip()


def show(items: Iterable[Bundle | Any]) -> None:
    """Display a section's output: each bundle as raw display data (a widget, under Voilà, as itself)."""
    from IPython.display import display

    for item in items:
        if isinstance(item, dict):
            display(item, raw=True)
        else:
            display(item)


def section(method: Callable[..., list[Bundle]]) -> Callable[..., None]:
    """Mark a page method as a section: the method returns its display bundles, the page shows them.

    The one convention of every dashboard section (``tests/test_architecture.py`` enforces it): a notebook calls
    ``page.<section>()``; the method builds a list of bundles (:meth:`Page.figure_bundles`,
    :meth:`Page.table_bundles`, :func:`html_bundle`, :meth:`Page.note`, :meth:`Page.missing`, or
    :meth:`Page.interactive` for sections with drop-downs) and returns it; :func:`show` displays it.
    """
    @functools.wraps(method)
    def shown(self: Page, *args: Any, **kwargs: Any) -> None:
        show(method(self, *args, **kwargs))

    shown.is_section = True  # type: ignore[attr-defined]
    return shown


class Page:
    """Base of the five dashboards. Subclasses set :attr:`title` and add one method per section.

    ``data`` is where the data is (a folder of CSV files or one ``.xlsx``: loaded once per process) or a
    :class:`~finsamdash.data.dataset.Dataset` already in memory."""

    title: ClassVar[str] = ""
    #: The optional tables the page draws on, each with what the page cannot show without it ("kärnindikatorerna
    #: kan inte visas"). When one has no rows for the association, the header says so once and every section
    #: that needs it is left out (:meth:`missing`), instead of each section repeating the same sentence.
    uses: ClassVar[dict[str, str]] = {}
    #: Words the page uses that a board member may not know (keys of :data:`finsamdash.wording.pages.GLOSSARY`),
    #: explained once in its header ("tkr = tusen kronor").
    glossary: ClassVar[tuple[str, ...]] = ()

    def __init__(self, data: str | Path | Dataset, association_id: str, meeting_date: str | date, *,
                 year: int | None = None, previous_meeting_date: str | date | None = None,
                 min_count: int = DEFAULT_MIN_COUNT, books_closed: str | date | None = None) -> None:
        if min_count < 1:
            raise UsageError("min_count måste vara minst 1.")
        #: where the data was read from (None for a dataset given in memory: nothing handed over can match it)
        self.data_path = None if isinstance(data, Dataset) else data
        self.full = data if isinstance(data, Dataset) else load_for_dashboard(data)
        self.full.require_association(association_id)
        #: this very dataset object (loaded once per input and process): part of :attr:`state_key`
        self.data_token = state.token(self.full)
        self.association_id = association_id
        self.meeting_date = pd.Timestamp(meeting_date).date()
        self.year = int(year) if year is not None else self.meeting_date.year
        self.previous_meeting_date = check_previous_meeting(previous_meeting_date or None, self.meeting_date)
        self.min_count = int(min_count)
        # participant figures run to the meeting date (the cut-off); the economy to the books-closed date
        self.cutoff = self.meeting_date
        self.books_closed = books_closed_date(self.full.rows("ledger", association_id), self.meeting_date,
                                              books_closed or None)
        self.data = _as_of(self.full, self.cutoff, self.books_closed)
        self.previous = _as_of(self.full, self.previous_meeting_date) if self.previous_meeting_date else None
        self.association_name = self.full.association_name(association_id)

    @property
    def state_key(self) -> tuple:
        """What the page's state depends on: page class, dataset, association, meeting, year, previous meeting,
        threshold and books-closed date. State kept under it is shared by every page object with the same parameters
        (:mod:`finsamdash.dashboards.state`)."""
        return (type(self).__qualname__, self.data_token, self.association_id, self.meeting_date, self.year,
                self.previous_meeting_date, self.min_count, self.books_closed)

    def remembered(self, name: str, compute: Callable[[], Any], *args: Hashable) -> Any:
        """``compute()``, computed once per process for this page's parameters, ``name`` and ``args``."""
        return state.remembered((self.state_key, name, *args), compute)

    # --- data access -------------------------------------------------------------------------------------------

    @property
    def disclosure(self) -> Disclosure:
        """What this pack may show (:func:`disclosure_for`): every count on every page comes from it."""
        previous = self.previous_meeting_date if self.previous_meeting_date and (
            self.previous_meeting_date < self.meeting_date) else None
        return disclosure_for(self.full, self.data_path, self.association_id, self.meeting_date, previous,
                              self.min_count, self.year)

    def rows(self, table: str, dataset: Dataset | None = None) -> pd.DataFrame | None:
        """This association's rows of ``table`` as of the meeting (None when the table was not provided)."""
        return (dataset or self.data).rows(table, self.association_id)

    @property
    def year_is_open(self) -> bool:
        """True when the meeting falls inside the year shown (figures are year-to-date)."""
        return self.meeting_date.year == self.year

    @property
    def books_cutoff(self) -> date:
        """The cut-off of economic "to date" figures: the books-closed date, or the day before the year shown when
        nothing is booked (so that nothing of the year counts as booked)."""
        return self.books_closed if self.books_closed is not None else date(self.year, 1, 1) - timedelta(days=1)

    @cached_property
    def own(self) -> Dataset:
        """The data as of the meeting with only this association's rows: the economy reads one association, and
        filtering its rows out of national tables on every call was most of a budget drop-down change's time."""
        return _own_rows(self.data, self.association_id)

    @property
    def year_forecast(self) -> Forecast:
        """The year-end forecast of the year shown, as known at the meeting (the one every page shows)."""
        return self.forecast_for(self.year)

    def forecast_for(self, year: int) -> Forecast:
        """The year-end forecast of ``year`` as known at the meeting (the actuals of a closed year); computed
        once per year."""
        if year not in self._forecasts:
            self._forecasts[year] = year_end_forecast(self.own, self.association_id, year, as_of=self.meeting_date,
                                                      books_closed=self.books_closed)
        return self._forecasts[year]

    @cached_property
    def _forecasts(self) -> dict[int, Forecast]:
        return {}

    @cached_property
    def previous_forecast(self) -> Forecast | None:
        """The year-end forecast made at the previous meeting, for that meeting's year, with the books-closed date
        it had by the default rule (None without a previous meeting)."""
        if self.previous is None or self.previous_meeting_date is None:
            return None
        return year_end_forecast(_own_rows(self.previous, self.association_id), self.association_id,
                                 self.previous_meeting_date.year, as_of=self.previous_meeting_date)

    # --- display -----------------------------------------------------------------------------------------------

    @section
    def header(self) -> list[Bundle]:
        """The page's first lines: association, meeting, year and the data's cut-offs (participants to the
        meeting, the economy to the books-closed date: both are named when they differ), what "röjandekontroll"
        means, and one note for each kind of data the page lacks (see :meth:`unavailable`)."""
        scope = year_scope(self.year, year_is_open=self.year_is_open)
        previous = compared_with_previous(self.previous_meeting_date)
        notes = "".join(f"<p class='fsd-missing'>{html.escape(text)}</p>" for _reason, text in self.unavailable())
        if self.glossary:
            notes = f"<p class='fsd-note'>{html.escape(glossary_note(self.glossary))}</p>" + notes
        privacy = privacy_explained(self.min_count)
        if self.hidden_since_previous():
            privacy += " " + HIDDEN_SINCE_PREVIOUS
        return [html_bundle(
            f"{CSS}<p class='fsd-note'><strong>{html.escape(self.association_name)}</strong> · "
            f"{board_meeting(self.meeting_date)} · {scope} · "
            f"{html.escape(dates_sv(self.cutoff, self.books_closed))}.{previous}</p>"
            f"<p class='fsd-note fsd-privacy'>{html.escape(privacy)}</p>{notes}"
        )]

    def hidden_since_previous(self) -> bool:
        """True when the page shows a figure hidden only because too few have been added since the previous
        meeting (R9): the header then says so once. Pages with counts say which of the audit's cells they show."""
        return False

    def note(self, text: str) -> list[Bundle]:
        """A section's only content: one sentence (e.g. that there is nothing for the year)."""
        return [html_bundle(f"<p class='fsd-note'>{html.escape(text)}</p>")]

    def lacks(self, table: str) -> bool:
        """True when optional ``table`` is absent or has no rows for the association."""
        rows = self.rows(table, self.full)
        return rows is None or not len(rows)

    def unavailable(self) -> list[tuple[str, str]]:
        """Page-wide reasons why sections cannot be shown, as (reason, Swedish sentence): one per table of
        :attr:`uses` that the association lacks. Pages may add their own (e.g. no answers in the year)."""
        return [(lacking_table_reason(table), lacking_table_note(table, self.association_name, consequence))
                for table, consequence in self.uses.items() if self.lacks(table)]

    def missing(self, table: str) -> list[Bundle]:
        """The section's left-out marker (:meth:`leave_out`) when optional ``table`` has no rows for the
        association (the page's header has already said so once), else nothing: a section starts with
        ``if gap := self.missing("ledger"): return gap``."""
        if not self.lacks(table):
            return []
        return self.leave_out(lacking_table_reason(table))

    def leave_out(self, reason: str) -> list[Bundle]:
        """The marker of a section with nothing to show (``reason``: why, for the PDF's contents).

        The marker is invisible, and CSS hides the section's cell and its heading in Voilà, in the static page and
        in the PDF; the PDF lists the section as left out. A section that returns this returns nothing else."""
        return [html_bundle(f"{CSS}<div class='{EMPTY_CLASS}' data-reason='{html.escape(reason, quote=True)}' "
                            "hidden></div>")]

    def figure_bundles(self, fig: go.Figure, table: pd.DataFrame | None = None, *,
                       columns: Mapping[str, tuple[str, str]] | None = None, status: pd.DataFrame | None = None,
                       index: tuple[str, str] | None = None, note: str = "") -> list[Bundle]:
        """A chart with its alt text and its data as a table in a collapsed section below it.

        When nothing of the chart may be drawn (every value hidden, e.g. after narrowing a drop-down), its title is
        shown as a sentence instead of empty axes or a Sankey without flows (:func:`draws_something`)."""
        bundle = figure_bundle(fig)
        if draws_something(bundle[PLOTLY_MIME]):
            bundles = [bundle]
            parts = [f"<p class='fsd-note'>{html.escape(alt_text(fig))}</p>"] if alt_text(fig) else []
        else:
            bundles = []
            parts = [f"<p class='fsd-nochart'>{html.escape(title_sentence(fig))}</p>"]
        footnote = suppression_note(status, min_count=self.min_count)
        if table is not None and columns:
            parts.append(details(SHOW_AS_TABLE, html_table(
                table, columns=columns, status=status, index=index)))
        if footnote or note:
            parts.append(f"<p class='fsd-note'>{html.escape(' '.join(p for p in (note, footnote) if p))}</p>")
        if parts:
            bundles.append(html_bundle(CSS + "".join(parts)))
        return bundles

    def table_bundles(self, table: pd.DataFrame, *, columns: Mapping[str, tuple[str, str]], caption: str = "",
                      status: pd.DataFrame | None = None, index: tuple[str, str] | None = None,
                      note: str = "") -> list[Bundle]:
        markup = html_table(table, columns=columns, status=status, caption=caption,
                            index=index)
        footnote = " ".join(p for p in (note, suppression_note(status, min_count=self.min_count)) if p)
        return [html_bundle(CSS + markup + (f"<p class='fsd-note'>{html.escape(footnote)}</p>" if footnote else ""))]

    def interactive(self, controls: Mapping[str, Control], render: Callable[..., list[Bundle]]) -> list[Any]:
        """A section with drop-downs: ``render(**defaults)``; under Voilà, the drop-downs and the section's content
        redrawn in place on change (:class:`~finsamdash.dashboards.live_section.LiveSection`: each chart keeps its
        element and gets one ``Plotly.react``), in one widget, which :func:`show` displays as itself.

        ``controls`` maps a keyword of ``render`` to a :class:`Control`. The content's initial state is set as
        widget state rather than captured with ``with out:`` while the notebook runs (capturing made Voilà hang
        intermittently; see shared/notes/stack.md).
        """
        defaults = {name: control.default for name, control in controls.items()}

        # a section's renders are kept per process and choice (see state.py), under the render function's name and
        # the section's place on the page (two sections may use closures of the same name)
        self._sections = getattr(self, "_sections", 0) + 1
        section = (render.__qualname__, self._sections)

        def rendered(**values: Any) -> list[Bundle]:
            return self.remembered("render", lambda: render(**values), section, *sorted(values.items()))

        if state.is_warming():  # every single choice, one control at a time, is computed now and kept
            for name, control in controls.items():
                for _label, value in control.options:
                    rendered(**{**defaults, name: value})
        if not under_voila():
            return rendered(**defaults)
        import ipywidgets as widgets

        from finsamdash.dashboards.live_section import LiveSection

        dropdowns = {
            name: widgets.Dropdown(options=list(c.options), value=c.default, description=c.label,
                                   style={"description_width": "initial"})
            for name, c in controls.items()
        }
        content = LiveSection(rendered(**defaults))

        def update(_change: object) -> None:
            content.show(rendered(**{name: d.value for name, d in dropdowns.items()}))

        for dropdown in dropdowns.values():
            dropdown.observe(update, "value")
        return [widgets.VBox([widgets.HBox(list(dropdowns.values())), content])]


@dataclass(frozen=True)
class Control:
    """A drop-down: Swedish label, options as (Swedish text, value) pairs, and the default value."""

    label: str
    options: tuple[tuple[str, Any], ...]
    default: Any = None
