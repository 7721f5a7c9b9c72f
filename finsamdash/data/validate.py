"""Validation: raw text tables -> typed tidy tables, collecting every problem on the way.

The steps, each collecting :class:`~finsamdash.data.issues.Issue` objects instead of stopping at the first:

1. headers: map Swedish/English headers to canonical names; missing required columns, unknown and duplicate ones;
2. privacy: any cell that looks like a personnummer is rejected (the value is masked in the message);
3. parsing: every cell parsed by its column kind (Swedish number and boolean dialects, category labels);
4. value checks declared as a pandera schema built from the contract (ranges, date window, scale, item codes);
5. row rules that involve several columns (end before start, conditional requirements, goal parameters);
6. keys and references between tables;
7. warnings that do not stop a build (funding split, budget vs contributions per total and per member, more
   contributions booked than decided, stale open episodes, ledger years, unknown municipalities and municipalities
   that are not members).

A cell that cannot be read gets a hint when it holds a known typing slip (:mod:`finsamdash.data.hints`);
municipality names and codes are normalised to the official name (:mod:`finsamdash.data.municipalities`). Nothing
depends on the computer's clock: the reference date of the warnings is the data's latest date, or the date given
(the meeting's, in a build).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from finsamdash.data.contract import (
    BIRTH_YEAR_MIN,
    CATEGORIES,
    DATE_MAX,
    DATE_MIN,
    FUNDING_SPLIT,
    PERSONNUMMER,
    TABLES,
    Column,
    ContractSettings,
    category_lookup,
    column_lookup,
    is_money,
    label_sv,
    mask_personnummer,
    normalise_name,
    survey_items,
)
from finsamdash.data.dataset import Dataset, Source, typed_table
from finsamdash.data.goal_params import (
    METRIC_SIGNATURES,
    canonical_params,
    normalise_params,
    parse_params,
    validate_goal_params,
)
from finsamdash.data.hints import AMBIGUOUS_DOT_AMOUNT, cell_hint, date_out_of_range_hint, header_unit
from finsamdash.data.issues import Issue
from finsamdash.data.municipalities import closest_municipality, find_municipality
from finsamdash.data.read import RawDataset, RawTable, read_dataset, text_cells
from finsamdash.data.reference import latest_dates
from finsamdash.errors import DataValidationError
from finsamdash.wording import input_hints as say
from finsamdash.wording import validation as expect
from finsamdash.wording.formatting import fmt_percent, fmt_sek
from finsamdash.wording.input_files import unnamed_column

_TRUE = {"true", "ja", "j", "1", "x", "sant", "yes", "y"}
_FALSE = {"false", "nej", "n", "0", "falskt", "no"}
_PERIOD = re.compile(r"^\d{4}(-H[12])?$")
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")



@dataclass
class _Table:
    """Work in progress for one table: raw text cells by canonical column, parsed values, display headers."""

    raw: RawTable
    text: dict[str, pd.Series]  # canonical column -> stripped text ("" when empty)
    parsed: dict[str, pd.Series]
    display: dict[str, str]  # canonical column -> header as the user wrote it
    blocked: dict[str, pd.Series] = field(default_factory=dict)  # cells already rejected (personnummer)
    #: Cells the reader already reported and read as empty (Excel errors, formulas without a saved result), by
    #: canonical column: not reported again as missing.
    flagged: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.raw.name

    @property
    def index(self) -> pd.Index:
        return self.raw.frame.index

    def unflagged(self, column: str) -> pd.Series:
        """True where the cell of ``column`` was not already reported by the reader."""
        flagged = self.flagged.get(column)
        return pd.Series(True, index=self.index) if flagged is None else ~flagged


class _Collector:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, severity: str, table: _Table | RawTable | str, row: int | None, column: str | None,
            value: object, expected: str, code: str, *, location: str | None = None) -> None:
        if isinstance(table, _Table):
            name, loc = table.name, table.raw.location
            column = table.display.get(column, column) if column else None
        elif isinstance(table, RawTable):
            name, loc = table.name, table.location
        else:
            name, loc = table, location or table
        text = None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        self.issues.append(Issue(severity, name, loc, None if row is None else int(row), column, text, expected,
                                 code))  # type: ignore[arg-type]

    def rows(self, severity: str, table: _Table, mask: pd.Series, column: str, expected: str, code: str,
             values: pd.Series | None = None) -> None:
        """One issue per row where ``mask`` holds, showing the user's text of ``column`` (or ``values``)."""
        if not mask.any():
            return
        shown = table.text.get(column) if values is None else values
        for row in mask.index[mask.to_numpy(dtype=bool)]:
            value = None if shown is None else shown.get(row)
            self.add(severity, table, row, column, value, expected, code)


# --- parsing ---------------------------------------------------------------------------------------------------------


def parse_number(text: pd.Series) -> pd.Series:
    """Swedish and international number text -> float (NaN when empty or not a number).

    Accepts ``1 234 567,50`` (space or non-breaking space thousands, decimal comma), ``1234.5``,
    ``1.234.567,50``, ``1,234,567.50``, a Unicode minus and a trailing ``kr``.
    """
    t = text.astype(str).str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace("−", "-", regex=False)
    t = t.str.replace(r"(?i)(kr|sek)$", "", regex=True)
    # "1.234.567" and "1.234,5" use dots as thousands separators; a single "1.234" is a decimal point.
    dot_thousands = t.str.fullmatch(r"[-+]?\d{1,3}(?:(?:\.\d{3}){2,}(?:,\d+)?|(?:\.\d{3})+,\d+)")
    comma_thousands = t.str.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+\.\d+")
    t = t.mask(dot_thousands, t.str.replace(".", "", regex=False))
    t = t.mask(comma_thousands, t.str.replace(",", "", regex=False))
    t = t.str.replace(",", ".", regex=False)
    ok = t.str.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
    return pd.to_numeric(t.where(ok, None), errors="coerce").astype(float)


def parse_date(text: pd.Series, *, from_excel: bool) -> pd.Series:
    """ISO dates (time of day ignored) -> Timestamps; Excel serial day numbers too when read from a workbook."""
    t = text.str.replace(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", regex=True)
    iso = t.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}")
    out = pd.to_datetime(t.where(iso, None), format="%Y-%m-%d", errors="coerce")
    if from_excel:
        serial = t.str.fullmatch(r"\d{5}(\.\d+)?")
        if serial.any():
            days = pd.to_numeric(t.where(serial, None), errors="coerce")
            out = out.fillna(_EXCEL_EPOCH + pd.to_timedelta(days.floordiv(1), unit="D"))
    return out.astype("datetime64[ns]")


def _map_folded(text: pd.Series, mapping: dict[str, object]) -> pd.Series:
    """Map text through ``mapping`` after folding; fold each distinct value once (fast on long columns)."""
    folded = {value: mapping.get(normalise_name(value)) for value in text.unique()}
    return text.map(folded)


def _cells(text: pd.Series) -> pd.Series:
    """A text column as the categorical of stripped text that :mod:`finsamdash.data.read` gives."""
    if isinstance(text.dtype, pd.CategoricalDtype):
        return text
    return pd.Series(text_cells(text.to_numpy(dtype=object)), index=text.index)


def _distinct(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The distinct texts of a text column (as a ``str`` Series) and, for each row, its position among them."""
    cells = _cells(text).array
    return pd.Series(np.asarray(cells.categories, dtype=object), dtype=str), np.asarray(cells.codes)


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Per-distinct-text ``values`` as a column again (one row per code)."""
    out = values.take(codes)
    out.index = index
    return out


def _parse_column(col: Column, text: pd.Series, *, from_excel: bool) -> tuple[pd.Series, pd.Series]:
    """Parse one column: (parsed values, mask of non-empty cells that could not be parsed).

    Each distinct text is parsed once (a long column has few of them: dates, categories, amounts repeat)."""
    distinct, codes = _distinct(text)
    values, bad = _parse_text(col, distinct, from_excel=from_excel)
    return _spread(values, codes, text.index), _spread(bad, codes, text.index)


def _parse_text(col: Column, text: pd.Series, *, from_excel: bool) -> tuple[pd.Series, pd.Series]:
    """Parse the texts of one column: (parsed values, mask of non-empty texts that could not be parsed)."""
    empty = text == ""
    if col.kind == "text":
        if col.name == "item":  # item codes are lower case in the catalogue ("1A" -> "1a")
            text = text.str.lower()
        return text.where(~empty, None), pd.Series(False, index=text.index)
    if col.kind in ("number", "int"):
        values = parse_number(text)
        bad = ~empty & values.isna()
        if is_money(col):  # "1.210" kr: thousands or öre? Never guessed (see hints.ambiguous_dot_amount)
            ambiguous = text.str.fullmatch(AMBIGUOUS_DOT_AMOUNT.pattern)
            bad |= ambiguous
            values = values.where(~ambiguous)
        if col.kind == "int":
            fractional = values.notna() & (values != np.floor(values.fillna(0)))
            bad |= fractional
            values = values.where(~fractional).round().astype("Int64")
        return values, bad
    if col.kind == "date":
        values = parse_date(text, from_excel=from_excel)
        return values, ~empty & values.isna()
    if col.kind == "bool":
        mapping = dict.fromkeys(_TRUE, True) | dict.fromkeys(_FALSE, False)
        values = _map_folded(text, mapping)
        return values.where(~empty, None), ~empty & values.isna()
    if col.kind == "category":
        values = _map_folded(text, category_lookup(col.categories))  # type: ignore[arg-type]
        return values.where(~empty, None), ~empty & values.isna()
    if col.kind == "municipality":  # the official name when recognised; an unknown name is kept (and warned of)
        names = [None if t == "" else (found.name if (found := find_municipality(t)) else t) for t in text]
        return pd.Series(names, index=text.index, dtype=object), pd.Series(False, index=text.index)
    if col.kind == "period":
        upper = text.str.upper()
        ok = upper.str.fullmatch(_PERIOD.pattern)
        return upper.where(ok & ~empty, None), ~empty & ~ok
    raise AssertionError(col.kind)


def expected_text(col: Column) -> str:
    if col.kind == "category":
        return expect.one_of([c.label_sv for c in CATEGORIES[col.categories] if col.categories])  # type: ignore[index]
    return expect.EXPECTED[col.kind]


# --- the steps -------------------------------------------------------------------------------------------------------


def _map_headers(raw: RawTable, out: _Collector) -> _Table:
    lookup = column_lookup(raw.name)
    table = TABLES[raw.name]
    text: dict[str, pd.Series] = {}
    display: dict[str, str] = {}
    positions: dict[str, int] = {}
    for position, header in enumerate(raw.headers):
        column = _cells(raw.frame[position])
        if not header:
            first = column[column != ""]
            if len(first):
                out.add("error", raw, first.index[0], unnamed_column(_column_label(position, raw.from_excel)),
                        mask_personnummer(str(first.iloc[0])),
                        expect.HEADER_MISSING, "missing_header")
            continue
        name = lookup.get(normalise_name(header))
        if name is None:
            out.add("warning", raw, None, mask_personnummer(header), None,
                    expect.unknown_column([c.header_sv for c in table.columns]), "unknown_column")
            continue
        if name in text:
            out.add("error", raw, None, header, None,
                    expect.duplicate_column(display[name]), "duplicate_column")
            continue
        unit = header_unit(header)
        if unit is not None and is_money(table.column(name)):
            out.add("error", raw, None, header, None, say.unit_in_amount_header(unit), "amount_header_not_in_kronor")
        text[name] = column
        display[name] = header
        positions[name] = position
    for col in table.columns:
        if col.required and col.name not in text:
            out.add("error", raw, None, f"{col.header_sv} ({col.name})", None,
                    expect.REQUIRED_COLUMN_MISSING, "missing_column")
    flagged: dict[str, pd.Series] = {}
    for name, position in positions.items():
        rows = [row for row, where in raw.flagged if where == position]
        if rows:
            flagged[name] = pd.Series(raw.frame.index.isin(rows), index=raw.frame.index)
    return _Table(raw, text, {}, display, flagged=flagged)


def _column_label(position: int, from_excel: bool) -> str:
    """A column without a header as the user finds it: its letter in a workbook ("C"), its number in a CSV file."""
    if from_excel:
        from openpyxl.utils import get_column_letter

        return get_column_letter(position + 1)
    return str(position + 1)


def _personnummer_in(texts: list[str]) -> np.ndarray:
    """Whether each text contains something that looks like a personnummer (one regex scan over all of them)."""
    found = np.zeros(len(texts), dtype=bool)
    if not texts:
        return found
    # A match is digits and at most one sign, so it never spans the line break that joins two texts, and the
    # line break is no digit for the look-arounds: the same matches as searching each text on its own.
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    for match in PERSONNUMMER.finditer("\n".join(texts)):
        found[np.searchsorted(starts, match.start(), side="right") - 1] = True
    return found


def _check_personnummer(table: _Table, out: _Collector) -> None:
    for name, text in table.text.items():
        if not len(text):
            continue
        cells = _cells(text).array
        distinct = [str(t) for t in cells.categories]
        found = _personnummer_in(distinct)
        if not found.any():
            continue
        codes = np.asarray(cells.codes)
        hits = pd.Series(found[codes], index=text.index)
        masked_distinct = [mask_personnummer(t) if f else t for t, f in zip(distinct, found, strict=True)]
        masked_text = pd.Series(text_cells(np.asarray(masked_distinct, dtype=object)[codes]), index=text.index)
        out.rows("error", table, hits, name,
                 expect.PERSONNUMMER, "personnummer", masked_text)
        # keep the value out of every later message and check
        table.text[name] = masked_text
        table.blocked[name] = hits


def _parse(table: _Table, out: _Collector) -> None:
    for col in TABLES[table.name].columns:
        if col.name not in table.text:
            continue
        text = table.text[col.name]
        values, bad = _parse_column(col, text, from_excel=table.raw.from_excel)
        if col.name in table.blocked:
            bad &= ~table.blocked[col.name]
        _report_unreadable(table, col, bad, out)
        if col.required:
            out.rows("error", table, (text == "") & table.unflagged(col.name), col.name,
                     expect.MISSING_VALUE, "missing_value")
        table.parsed[col.name] = values


def _report_unreadable(table: _Table, col: Column, bad: pd.Series, out: _Collector) -> None:
    """One error per cell of ``col`` that could not be read: with a hint when the text is a known typing slip
    (:func:`finsamdash.data.hints.cell_hint`, worked out once per distinct text), the generic expectation else."""
    if not bad.any():
        return
    texts = table.text[col.name]
    hints: dict[str, tuple[str, str]] = {}
    for row in bad.index[bad.to_numpy(dtype=bool)]:
        text = texts.get(row)
        if text not in hints:
            hints[text] = (cell_hint(col, str(text), from_excel=table.raw.from_excel)
                           or (f"bad_{col.kind}", expected_text(col)))
        code, expected = hints[text]
        out.add("error", table, row, col.name, text, expected, code)


def _schema(name: str, settings: ContractSettings) -> pa.DataFrameSchema:
    """The declared value checks of one table as a pandera schema (parsing has already been done)."""
    columns: dict[str, pa.Column] = {}
    for col in TABLES[name].columns:
        checks: list[pa.Check] = []
        if col.name == "birth_year":  # the upper bound is the start year: a row rule (no clock here)
            checks.append(pa.Check.ge(col.min, error=expect.birth_year_from(BIRTH_YEAR_MIN)))
        elif col.min is not None and col.max is not None:
            checks.append(pa.Check.in_range(col.min, col.max, error=expect.value_between(col.min, col.max)))
        elif col.min is not None:
            checks.append(pa.Check.ge(col.min, error=expect.value_at_least(col.min)))
        if col.kind == "date":
            checks.append(pa.Check.in_range(pd.Timestamp(DATE_MIN), pd.Timestamp(DATE_MAX),
                                            error=expect.date_between(DATE_MIN, DATE_MAX)))
        if (name, col.name) == ("survey_responses", "value"):
            low, high = settings.scale
            checks.append(pa.Check.in_range(low, high, error=expect.answer_on_scale(low, high)))
        if (name, col.name) == ("survey_responses", "item"):
            checks.append(pa.Check.isin(survey_items(),
                                        error=expect.survey_item(survey_items())))
        if checks:
            columns[col.name] = pa.Column(checks=checks, nullable=True, required=False, coerce=False)
    return pa.DataFrameSchema(columns, coerce=False)


def _check_values(table: _Table, out: _Collector, settings: ContractSettings) -> None:
    schema = _schema(table.name, settings)
    frame = pd.DataFrame({c: v for c, v in table.parsed.items() if c in schema.columns}, index=table.index)
    if frame.empty or not len(frame.columns):
        return
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()]
        for case in cases.itertuples(index=False):
            row = int(case.index)
            column = str(case.column)
            code, expected = date_out_of_range_hint(case.failure_case, from_excel=table.raw.from_excel) or (
                "out_of_range", str(case.check))
            out.add("error", table, row, column, table.text[column].get(row), expected, code)


def _row_rules(table: _Table, out: _Collector, settings: ContractSettings) -> None:
    p = table.parsed
    idx = table.index

    def col(name: str) -> pd.Series:
        return p.get(name, pd.Series(None, index=idx, dtype=object))

    def present(name: str) -> pd.Series:
        return col(name).notna()

    if table.name in ("participants", "interventions"):
        start, end = col("start_date"), col("end_date")
        backwards = present("start_date") & present("end_date") & (end < start)
        out.rows("error", table, backwards, "end_date",
                 expect.END_BEFORE_START, "end_before_start")
    if table.name == "participants":
        anonymous = col("anonymous").fillna(False).astype(bool)
        missing_id = (~anonymous & ~present("participant_id") & (table.text.get("participant_id", "") == "")
                      & table.unflagged("participant_id"))
        out.rows("error", table, missing_id, "participant_id",
                 expect.PARTICIPANT_ID_MISSING, "missing_value")
        reason_given = table.text.get("exit_reason", pd.Series("", index=idx)) != ""
        no_reason = present("end_date") & ~reason_given & ~anonymous & table.unflagged("exit_reason")
        if "exit_reason" in table.text or no_reason.any():
            out.rows("error", table, no_reason, "exit_reason",
                     expect.EXIT_REASON_MISSING, "missing_exit_reason")
        end_given = table.text.get("end_date", pd.Series("", index=idx)) != ""
        reason_no_end = present("exit_reason") & ~end_given & table.unflagged("end_date")
        out.rows("error", table, reason_no_end, "exit_reason",
                 expect.EXIT_REASON_WITHOUT_END, "exit_reason_without_end")
        if "birth_year" in p and "start_date" in p:  # nobody is born after their episode started
            start_year = col("start_date").dt.year
            late = (present("birth_year") & present("start_date") & (col("birth_year") > start_year)).fillna(False)
            for row in late.index[late.to_numpy(dtype=bool)]:
                out.add("error", table, row, "birth_year", table.text["birth_year"].get(row),
                        expect.born_after_start(BIRTH_YEAR_MIN, int(start_year[row])), "out_of_range")
    if table.name == "contributions":
        _member_municipalities(table, out)
    if table.name in ("budget", "ledger"):
        needs = ((col("category") == "intervention").fillna(False) & ~present("intervention_id")
                 & table.unflagged("intervention_id"))
        out.rows("error", table, needs, "intervention_id",
                 expect.INTERVENTION_ID_MISSING, "missing_intervention")
    if table.name == "goals":
        _goal_rules(table, out, settings)


def _member_municipalities(table: _Table, out: _Collector) -> None:
    """Members of type kommun: the official organisation name ("Kumla" -> "Kumla kommun"), or a warning naming the
    closest one."""
    if not {"member", "member_type"} <= table.parsed.keys():
        return
    members, kinds = table.parsed["member"], table.parsed["member_type"]
    municipal = (kinds == "municipality").fillna(False) & members.notna()
    names = {}
    for text in members[municipal].unique():
        found = find_municipality(text)
        names[text] = found.organisation if found is not None else None
    if not names:
        return
    normalised = members.where(~municipal, members.map(lambda t: names.get(t) or t))
    table.parsed["member"] = normalised
    reported = set()
    for row in municipal.index[municipal.to_numpy(dtype=bool)]:
        text = members[row]
        if names[text] is None and text not in reported:
            reported.add(text)
            near = closest_municipality(text)
            out.add("warning", table, row, "member", table.text["member"].get(row),
                    say.unknown_member_municipality(near.organisation if near else None), "unknown_municipality")


def _goal_rules(table: _Table, out: _Collector, settings: ContractSettings) -> None:
    p = table.parsed
    idx = table.index

    def values(column: pd.Series | None) -> np.ndarray:
        return np.full(len(idx), None, dtype=object) if column is None else column.to_numpy(dtype=object)

    def typed(name: str) -> np.ndarray:  # whether the user wrote anything in the cell (read or not)
        text = table.text.get(name)
        return np.zeros(len(idx), dtype=bool) if text is None else (text != "").to_numpy(dtype=bool)

    metrics = values(p.get("metric"))
    texts = values(table.text.get("params"))
    scopes = pd.notna(values(p.get("intervention_id")))
    targets = values(p.get("target"))
    operator_typed, target_typed = typed("operator"), typed("target")
    operator_flagged = ~table.unflagged("operator").to_numpy(dtype=bool)
    target_flagged = ~table.unflagged("target").to_numpy(dtype=bool)
    # the same goal repeats every year: check it once; valid parameters are kept in canonical form
    # ("orsaker=arbete, studier" -> "reasons=work,studies"), as category labels become keys
    checked: dict[tuple, tuple[str | None, list[str], str | None]] = {}
    canonical = p["params"].copy() if "params" in p else None
    for position, (row, metric, text, scoped) in enumerate(zip(idx, metrics, texts, scopes, strict=True)):
        if metric is None or pd.isna(metric):
            continue
        params_text = text or ""
        key = (metric, params_text, bool(scoped))
        if key not in checked:
            try:
                params = parse_params(params_text)
            except ValueError as exc:
                checked[key] = (str(exc), [], None)
            else:
                problems = validate_goal_params(metric, params, scoped=bool(scoped), scale=settings.scale)
                checked[key] = (None, problems, canonical_params(normalise_params(metric, params)))
        error, problems, normalised = checked[key]
        if canonical is not None and error is None and not problems:
            canonical[row] = normalised
        if error is not None:
            out.add("error", table, row, "params", params_text,
                    expect.params_unreadable(error), "bad_params")
        for problem in problems:
            out.add("error", table, row, "params", params_text or None, problem, "bad_params")
        if metric == "manual":  # a qualitative goal: no comparison or target needed, judged by hand
            continue
        if not operator_typed[position] and not operator_flagged[position]:
            out.add("error", table, row, "operator", None, expect.OPERATOR_MISSING, "missing_value")
        if not target_typed[position] and not target_flagged[position]:
            out.add("error", table, row, "target", None, expect.TARGET_MISSING, "missing_value")
        target = targets[position]
        signature = METRIC_SIGNATURES.get(metric)
        if signature is not None and signature.target_in_percent and not pd.isna(target) and 0 < target < 1:
            out.add("error", table, row, "target", table.text["target"].get(row), say.share_as_fraction(target),
                    "share_as_fraction")
    if canonical is not None:
        p["params"] = canonical


def _check_keys(table: _Table, out: _Collector) -> None:
    key = TABLES[table.name].key
    if not key or any(k not in table.parsed for k in key):
        return
    frame = pd.DataFrame({k: table.parsed[k] for k in key}, index=table.index).dropna()
    if frame.empty:
        return
    dup = frame.duplicated(keep="first")
    if not dup.any():
        return
    first_row = frame.reset_index().groupby(list(key), dropna=True)["row"].transform("min")
    first_row.index = frame.index
    headers = ", ".join(table.display.get(k, k) for k in key)
    for row in frame.index[dup.to_numpy()]:
        shown_col = key[-1] if table.name != "participants" else "participant_id"
        out.add("error", table, row, shown_col, table.text[shown_col].get(row),
                expect.duplicate_key(headers, int(first_row[row])), "duplicate_key")


def _check_references(tables: dict[str, _Table], out: _Collector) -> None:
    associations = tables.get("associations")
    known = set(associations.parsed.get("association_id", pd.Series(dtype=object)).dropna()) if associations else set()
    interventions = tables.get("interventions")
    pairs: pd.MultiIndex | None = None
    if interventions and {"association_id", "intervention_id"} <= interventions.parsed.keys():
        frame = pd.DataFrame({k: interventions.parsed[k] for k in ("association_id", "intervention_id")}).dropna()
        if len(frame):
            pairs = pd.MultiIndex.from_frame(frame.astype(object))
    for name, table in tables.items():
        assoc = table.parsed.get("association_id")
        if name != "associations" and assoc is not None and associations is not None:
            unknown = assoc.notna() & ~assoc.isin(known)
            out.rows("error", table, unknown, "association_id",
                     expect.UNKNOWN_ASSOCIATION, "unknown_association")
        iid = table.parsed.get("intervention_id")
        if name == "interventions" or iid is None or assoc is None or interventions is None:
            continue
        known_pair = np.zeros(len(table.index), dtype=bool)
        if pairs is not None and len(table.index):
            known_pair = pd.MultiIndex.from_arrays([assoc.to_numpy(dtype=object), iid.to_numpy(dtype=object)]).isin(
                pairs)
        unknown = iid.notna() & assoc.notna() & ~pd.Series(known_pair, index=table.index)
        out.rows("error", table, unknown, "intervention_id",
                 expect.UNKNOWN_INTERVENTION, "unknown_intervention")


def _frame(table: _Table, columns: Iterable[str]) -> pd.DataFrame | None:
    """The parsed columns of ``table`` as a frame (rows with a missing value dropped), or None if one is absent."""
    columns = list(columns)
    if not set(columns) <= table.parsed.keys():
        return None
    frame = pd.DataFrame({c: table.parsed[c] for c in columns}, index=table.index).dropna()
    frame["row"] = frame.index
    return frame


def _warn_funding(contributions: _Table, budget: _Table | None, out: _Collector) -> None:
    frame = _frame(contributions, ("association_id", "year", "member_type", "amount_sek"))
    if frame is None:
        return
    frame = frame[frame["amount_sek"] >= 0]  # negative amounts are already errors
    keys = ["association_id", "year"]
    # Sums per association-year and member type at once; the few association-years near or over a limit are then
    # checked group by group as before (so that sums, shares and messages are exactly those of a group's sum).
    totals = frame.groupby(keys)["amount_sek"].sum()
    by_type = frame.groupby([*keys, "member_type"])["amount_sek"].sum().unstack("member_type")
    by_type = by_type.reindex(columns=list(FUNDING_SPLIT)).reindex(totals.index).fillna(0.0)
    near = pd.Series(False, index=totals.index)
    for kind, target in FUNDING_SPLIT.items():
        near |= ((by_type[kind] / totals.where(totals > 0) - target).abs() > 0.02 - 1e-9).fillna(False)
    near &= totals > 0
    candidates = frame[pd.MultiIndex.from_frame(frame[keys]).isin(totals.index[near.to_numpy(dtype=bool)])]
    for (assoc, year), group in candidates.groupby(keys):
        total = group["amount_sek"].sum()
        if total <= 0:
            continue
        shares = group.groupby("member_type")["amount_sek"].sum() / total
        if any(abs(shares.get(k, 0.0) - target) > 0.02 for k, target in FUNDING_SPLIT.items()):
            found = ", ".join(f"{label_sv('member_type', k)} {fmt_percent(shares.get(k, 0.0))}" for k in FUNDING_SPLIT)
            out.add("warning", contributions, int(group["row"].min()), "member_type", found,
                    expect.funding_split(assoc, int(year)), "funding_split")
    planned = _frame(budget, ("association_id", "year", "category", "amount_sek")) if budget else None
    if planned is None:
        return
    planned = planned[planned["category"] == "contribution_income"]
    decided = frame.groupby(keys)["amount_sek"].sum()
    amounts = planned.groupby(keys)["amount_sek"].sum()
    compared = amounts.index.isin(decided.index)
    gaps = (amounts[compared] - decided.reindex(amounts.index[compared])).abs()
    near = gaps > np.maximum(1.0, 0.01 * amounts[compared]) * (1 - 1e-9)
    planned = planned[pd.MultiIndex.from_frame(planned[keys]).isin(gaps.index[near.to_numpy(dtype=bool)])]
    for (assoc, year), group in planned.groupby(keys):
        amount = group["amount_sek"].sum()
        if (assoc, year) in decided.index and abs(amount - decided[(assoc, year)]) > max(1.0, 0.01 * amount):
            out.add("warning", budget, int(group["row"].min()), "amount_sek", fmt_sek(amount),
                    expect.budget_vs_contributions(assoc, int(year), fmt_sek(decided[(assoc, year)])),
                    "budget_vs_contributions")
    _warn_budget_members(contributions, budget, out)


def _folded(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _warn_budget_members(contributions: _Table, budget: _Table, out: _Collector) -> None:
    """Where the budget has one contribution line per member (its line text is the member's name), every member
    with a decided contribution should have a line, and each line the decided amount."""
    decided = _frame(contributions, ("association_id", "year", "member", "amount_sek"))
    lines = _frame(budget, ("association_id", "year", "category", "line", "amount_sek"))
    if decided is None or lines is None:
        return
    lines = lines[lines["category"] == "contribution_income"]
    keys = ["association_id", "year"]
    for (assoc, year), group in lines.groupby(keys):
        members = decided[(decided["association_id"] == assoc) & (decided["year"] == year)]
        amounts = members.groupby(members["member"].map(_folded))["amount_sek"].sum()
        first_row = members.groupby(members["member"].map(_folded))["row"].min()
        names = dict(zip(members["member"].map(_folded), members["member"], strict=True))
        named = group[group["line"].map(_folded).isin(amounts.index)]
        if len(named) < 2:  # not a budget per member (one line "Medlemsbidrag"): the totals are compared above
            continue
        for row, line, amount in zip(named["row"], named["line"].map(_folded), named["amount_sek"], strict=True):
            if abs(amount - amounts[line]) > max(1.0, 0.01 * amount):
                out.add("warning", budget, int(row), "amount_sek", fmt_sek(amount),
                        expect.budget_member_contribution(assoc, int(year), names[line], fmt_sek(amounts[line])),
                        "budget_member_contribution")
        for member in sorted(set(amounts.index) - set(named["line"].map(_folded))):
            out.add("warning", contributions, int(first_row[member]), "member", names[member],
                    expect.budget_member_missing(assoc, int(year)), "budget_member_missing")


def _warn_contributions_booked(contributions: _Table, ledger: _Table, out: _Collector) -> None:
    """More contribution income booked in a year than the members decided to pay: something is booked twice, in
    the wrong year or as a contribution although it is other income (the forecast counts the decided amount)."""
    decided = _frame(contributions, ("association_id", "year", "amount_sek"))
    booked = _frame(ledger, ("association_id", "date", "category", "amount_sek"))
    if decided is None or booked is None:
        return
    booked = booked[booked["category"] == "contribution_income"]
    if booked.empty:
        return
    booked = booked.assign(year=booked["date"].dt.year)
    keys = ["association_id", "year"]
    totals = decided.groupby(keys)["amount_sek"].sum()
    for (assoc, year), group in booked.groupby(keys):
        amount = float(group["amount_sek"].sum())
        if (assoc, year) in totals.index and amount > totals[(assoc, year)] + 1.0:
            out.add("warning", ledger, int(group["row"].max()), "amount_sek", fmt_sek(amount),
                    expect.contributions_over_decided(assoc, int(year), fmt_sek(amount),
                                                      fmt_sek(totals[(assoc, year)])),
                    "contributions_over_decided")


def _warn_stale(participants: _Table, out: _Collector, references: dict[str, date], *, meeting: bool) -> None:
    """Open episodes that started more than two years before the reference date of their association."""
    if not {"start_date", "association_id"} <= participants.parsed.keys() or not references:
        return
    start = participants.parsed["start_date"]
    end = participants.parsed.get("end_date", pd.Series(pd.NaT, index=participants.index))
    association = participants.parsed["association_id"]
    cutoffs = {a: pd.Timestamp(r - timedelta(days=730)) for a, r in references.items()}
    cutoff = pd.to_datetime(association.map(cutoffs)).astype("datetime64[ns]")  # NaT: no reference date
    stale = (start.notna() & end.isna() & (start < cutoff)).fillna(False)
    messages = {a: say.stale_episode(say.reference_phrase(r, meeting=meeting)) for a, r in references.items()}
    text = participants.text["start_date"]
    for row, assoc in association[stale.to_numpy(dtype=bool)].items():
        out.add("warning", participants, row, "start_date", text.get(row), messages[assoc], "stale_episode")


def _municipality_members(contributions: _Table | None) -> dict[str, set[str]]:
    """Association -> the names of its member municipalities (members of type kommun on the Bidrag sheet)."""
    frame = _frame(contributions, ("association_id", "member", "member_type")) if contributions else None
    if frame is None:
        return {}
    out: dict[str, set[str]] = {}
    for assoc, member in zip(frame["association_id"], frame["member"].where(frame["member_type"] == "municipality"),
                             strict=True):
        found = find_municipality(member) if isinstance(member, str) else None
        if found is not None:
            out.setdefault(str(assoc), set()).add(found.name)
    return out


def _warn_municipalities(table: _Table, members: dict[str, set[str]], out: _Collector) -> None:
    """One warning per association and distinct value for a municipality that is no Swedish municipality (naming the
    closest, the association's members first) or, when the association's member municipalities are known, one that
    is not among them; the first row is named and the others counted."""
    frame = _frame(table, ("association_id", "municipality"))
    if frame is None or frame.empty:
        return
    text = table.text["municipality"]
    rows = frame.groupby(["association_id", "municipality"], sort=False)["row"].agg(["min", "size"])
    for (assoc, value), first, size in zip(rows.index, rows["min"], rows["size"], strict=True):
        first, more = int(first), int(size) - 1
        own = members.get(str(assoc), set())
        if find_municipality(value) is None:
            typed = str(text.get(first))
            near = closest_municipality(typed, own)
            example = min(own) if own else expect.EXAMPLE_MUNICIPALITY
            message = say.unknown_municipality(
                suggestion=near.name if near else None, code=near.code if near else None,
                example=(example, find_municipality(example).code),  # type: ignore[union-attr]
                more_rows=more, code_typed=typed.isdigit())
            out.add("warning", table, first, "municipality", typed, message, "unknown_municipality")
        elif own and value not in own:
            out.add("warning", table, first, "municipality", text.get(first),
                    say.not_a_member(str(assoc), sorted(own), more), "not_a_member")


def _warn_ledger_years(ledger: _Table, budget: _Table, out: _Collector) -> None:
    booked = _frame(ledger, ("association_id", "date"))
    planned = _frame(budget, ("association_id", "year"))
    if booked is None or planned is None:
        return
    planned = planned[["association_id", "year"]].drop_duplicates()
    budget_years = set(zip(planned["association_id"], planned["year"].astype(int), strict=True))
    booked["year"] = booked["date"].dt.year
    groups = booked.groupby(["association_id", "year"])["row"].agg(["min", "size"])
    for (assoc, year), first, size in zip(groups.index, groups["min"], groups["size"], strict=True):
        if (assoc, int(year)) not in budget_years:
            first = int(first)
            out.add("warning", ledger, first, "date", ledger.text["date"].get(first),
                    expect.ledger_outside_budget(assoc, size, int(year)), "ledger_outside_budget")


def _warn_unjudged(goals: _Table, out: _Collector, references: dict[str, date]) -> None:
    """Qualitative goals (metric manual) of a year that is over with neither a manual outcome nor an assessment."""
    frame = _frame(goals, ("association_id", "year", "metric"))
    if frame is None:
        return
    judged = pd.Series(False, index=goals.index)
    for column in ("manual_outcome", "manual_status"):
        if column in goals.parsed:
            judged |= goals.parsed[column].notna()
    over = frame["year"].astype(int) < frame["association_id"].map(
        lambda a: references[a].year if a in references else 0)
    rows = frame.index[((frame["metric"] == "manual") & over & ~judged.reindex(frame.index)).to_numpy(dtype=bool)]
    for row in rows:
        out.add("warning", goals, row, "manual_status", None, say.manual_goal_not_judged(), "not_judged")


def _warnings(tables: dict[str, _Table], out: _Collector, reference_date: date | None) -> None:
    if reference_date is not None:
        associations = set()
        for table in tables.values():
            associations |= set(map(str, table.parsed.get("association_id", pd.Series(dtype=object)).dropna().unique()))
        references = dict.fromkeys(sorted(associations), reference_date)
    else:
        references = latest_dates({name: t.parsed for name, t in tables.items()})
    if "contributions" in tables:
        _warn_funding(tables["contributions"], tables.get("budget"), out)
        if "ledger" in tables:
            _warn_contributions_booked(tables["contributions"], tables["ledger"], out)
    if "participants" in tables:
        _warn_stale(tables["participants"], out, references, meeting=reference_date is not None)
    if "goals" in tables:
        _warn_unjudged(tables["goals"], out, references)
    members = _municipality_members(tables.get("contributions"))
    for name in ("interventions", "participants"):
        if name in tables:
            _warn_municipalities(tables[name], members, out)
    if "ledger" in tables and "budget" in tables:
        _warn_ledger_years(tables["ledger"], tables["budget"], out)


def check(path: str | Path, settings: ContractSettings | None = None, *, reference_date: date | None = None
          ) -> tuple[Dataset | None, list[Issue]]:
    """Read and validate the dataset at ``path``.

    Returns the typed :class:`Dataset` (``None`` when there are errors) and every issue found (errors and
    warnings). ``reference_date`` is the date warnings are judged against (the board meeting's, in a build); by
    default each association's latest event date in the data itself, never the computer's clock. Raises
    :class:`~finsamdash.errors.InputFileError` only when the input cannot be opened at all.
    """
    settings = settings or ContractSettings()
    raw = read_dataset(path)
    return check_raw(raw, settings, reference_date=reference_date)


def check_raw(raw: RawDataset, settings: ContractSettings, *, reference_date: date | None = None
              ) -> tuple[Dataset | None, list[Issue]]:
    out = _Collector()
    out.issues.extend(raw.issues)
    # A table the reader could not read (an empty sheet, an unreadable file) is already reported as such.
    reported = {issue.table for issue in raw.issues if issue.severity == "error"}
    for name in TABLES:
        if TABLES[name].required and name not in raw.tables and name not in reported:
            out.add("error", name, None, None, None,
                    expect.table_missing(TABLES[name].sheet_sv, name), "missing_table",
                    location=str(raw.path.name))
        elif TABLES[name].required and name in raw.tables and not len(raw.tables[name].frame.index) \
                and name not in reported:
            out.add("warning", raw.tables[name], None, None, None, expect.TABLE_EMPTY,
                    "empty_table")
    tables = {name: _map_headers(t, out) for name, t in raw.tables.items()}
    for table in tables.values():
        _check_personnummer(table, out)
        _parse(table, out)
        _check_values(table, out, settings)
        _row_rules(table, out, settings)
        _check_keys(table, out)
    _check_references(tables, out)
    _warnings(tables, out, reference_date)
    issues = _sorted(out.issues)
    if any(i.severity == "error" for i in issues):
        return None, issues
    frames = {}
    for name in (n for n in TABLES if n in tables):  # contract order
        table = tables[name]
        parsed = dict(table.parsed)
        if name == "participants" and "anonymous" in parsed:
            parsed["anonymous"] = parsed["anonymous"].astype("boolean").fillna(False)
        frames[name] = typed_table(name, parsed, table.index)
        del parsed
        table.parsed.clear()  # the typed table replaces the work in progress (long tables need the memory)
        table.text.clear()
        table.blocked.clear()
    sources = {name: Source(name, t.raw.location, t.raw.path, dict(t.display)) for name, t in tables.items()}
    return Dataset(frames, path=raw.path, sources=sources, issues=tuple(issues), settings=settings), issues


def _sorted(issues: Iterable[Issue]) -> list[Issue]:
    order = {name: i for i, name in enumerate(TABLES)}
    return sorted(issues, key=lambda i: (i.severity != "error", order.get(i.table, 99), i.location,
                                         i.row or 0, i.column or ""))


def load(path: str | Path, *, scale: tuple[int, int] | None = None, reference_date: date | None = None) -> Dataset:
    """Read and validate a dataset; raise :class:`DataValidationError` listing every error if it is invalid.

    ``reference_date`` as in :func:`check`."""
    settings = ContractSettings()
    if scale is not None:
        settings = replace(settings, scale=scale)
    dataset, issues = check(path, settings, reference_date=reference_date)
    if dataset is None:
        raise DataValidationError(issues)
    return dataset
