"""The data contract, declared as data (see ``docs/dataformat.md`` and the shared spec).

Every table, column and category value is declared once here with its canonical English name and its Swedish
header/label. The reader, the validator, the Excel template and the user documentation are all driven by these
declarations; nothing else in the package spells out a column list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

import pandas as pd

# A Swedish personal identity or coordination number: (CC)YYMMDD[-+]NNNN with a real month and a day 01-31
# (samordningsnummer: day + 60). Organisation numbers have a "month" of 20 or more and do not match. Input that
# contains one is rejected (validate), and no message ever repeats one (mask_personnummer).
PERSONNUMMER = re.compile(
    r"(?<!\d)(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}(?!\d)"
)


def mask_personnummer(text: str) -> str:
    """The text with the digits of every personnummer-like part replaced, so messages never repeat one."""
    return PERSONNUMMER.sub(lambda m: re.sub(r"\d", "•", m.group(0)), text)


#: ``municipality`` is a text naming one of Sweden's municipalities (name or code; see finsamdash.data.municipalities).
ColumnKind = Literal["text", "int", "number", "date", "bool", "category", "period", "municipality"]

#: Suppression threshold used when nothing else is said (counts below it are never shown).
DEFAULT_MIN_COUNT = 5
#: Agreement scale of the survey answers (treated as data; the national default is 1-6).
DEFAULT_SCALE = (1, 6)
#: Dates outside this window are taken as typing errors (the Finsam law dates from 2003).
DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)
BIRTH_YEAR_MIN = 1930


@dataclass(frozen=True)
class Category:
    key: str
    label_sv: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    name: str
    header_sv: str
    kind: ColumnKind
    required: bool = False  # the column must exist and every row must have a value
    help_sv: str = ""
    categories: str | None = None  # name of a category set in CATEGORIES
    min: float | None = None
    max: float | None = None
    example: str = ""


def is_money(col: Column) -> bool:
    """An amount in kronor (the contract names them ``*_sek``)."""
    return col.kind == "number" and col.name.endswith("_sek")


@dataclass(frozen=True)
class Table:
    name: str
    sheet_sv: str
    title_sv: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that must be unique together
    required: bool = False
    help_sv: str = ""

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cats(*items: tuple) -> tuple[Category, ...]:
    return tuple(Category(*item) for item in items)


EXIT_REASONS = _cats(
    ("work", "arbete", ("osubventionerat arbete",)),
    ("subsidised_work", "subventionerad anställning", ("subventionerat arbete", "lönebidrag")),
    ("studies", "studier", ("utbildning",)),
    ("job_seeking", "aktivt arbetssökande", ("aktuell på arbetsförmedlingen", "arbetssökande")),
    ("further_rehab", "fortsatt rehabilitering", ("annan insats",)),
    ("illness", "sjukdom", ()),
    ("dropped_out", "avbrutit", ()),
    ("moved", "flyttat", ()),
    ("other", "annan orsak", ("annat",)),
    ("registration_error", "felregistrering", ()),
)

SUPPORT = _cats(
    ("sickness_benefit", "sjukpenning", ()),
    ("rehabilitation_benefit", "rehabiliteringspenning", ()),
    ("activity_compensation", "aktivitetsersättning", ()),
    ("sickness_compensation", "sjukersättning", ()),
    ("unemployment_insurance", "a-kassa", ("arbetslöshetsersättning",)),
    ("activity_support", "aktivitetsstöd", ()),
    ("establishment_benefit", "etableringsersättning", ()),
    ("social_assistance", "försörjningsstöd", ("ekonomiskt bistånd",)),
    ("study_aid", "studiemedel", ()),
    ("salary", "lön", ()),
    ("none", "ingen ersättning", ("ingen",)),
    ("other", "annan", ("annan ersättning",)),
    ("unknown", "okänd", ("okänt",)),
)

CATEGORIES: dict[str, tuple[Category, ...]] = {
    "member_type": _cats(
        ("state", "staten", ("stat", "försäkringskassan", "arbetsförmedlingen")),
        ("region", "region", ("landsting",)),
        ("municipality", "kommun", ()),
    ),
    "intervention_kind": _cats(
        ("individual", "individinriktad", ()),
        ("structural", "strukturövergripande", ()),
        ("competence", "kompetensutveckling", ()),
        ("preventive", "förebyggande", ()),
    ),
    "gender": _cats(
        ("woman", "kvinna", ("k", "kvinnor")),
        ("man", "man", ("m", "män")),
        ("other_unknown", "annat/okänt", ("annat", "okänt", "annat eller okänt")),
    ),
    "education": _cats(
        ("compulsory_incomplete", "ej fullständig grundskola", ()),
        ("compulsory", "grundskola", ()),
        ("upper_secondary_incomplete", "ej fullständig gymnasieskola", ()),
        ("upper_secondary", "gymnasieskola", ("gymnasiesärskola",)),
        ("post_secondary", "eftergymnasial", ("eftergymnasial utbildning",)),
        ("unknown", "okänd", ("okänt",)),
    ),
    "support": SUPPORT,
    "exit_reason": EXIT_REASONS,
    "goal_area": _cats(
        ("individual", "individ", ()),
        ("collaboration", "samverkan", ()),
        ("economy", "ekonomi", ()),
        ("equality", "jämställdhet", ()),
    ),
    "operator": _cats((">=", "minst", ("≥", "=>")), ("<=", "högst", ("≤", "=<"))),
    "goal_status": _cats(
        ("met", "uppnått", ()),
        ("partly", "delvis uppnått", ("nästan uppnått",)),
        ("not_met", "ej uppnått", ("inte uppnått",)),
    ),
    "respondent_group": _cats(
        ("participant_ongoing", "deltagare (pågående)", ("deltagare pågående",)),
        ("participant_exit", "deltagare (avslut)", ("deltagare avslut",)),
        ("staff", "insatspersonal", ()),
        ("director", "förbundschef", ()),
        ("board", "styrelse", ()),
        ("managers", "chefsgrupp", ("chefer i samverkan",)),
        ("referrer", "remittent", ()),
    ),
    "budget_category": _cats(
        ("contribution_income", "medlemsbidrag", ()),
        ("other_income", "övriga intäkter", ()),
        ("financial_income", "finansiella intäkter", ()),
        ("intervention", "insatser", ("insats",)),
        ("administration", "kansli", ("administration", "köpta tjänster")),
        ("board", "styrelse", ("arvoden",)),
        ("audit", "revision", ()),
        ("financial_cost", "finansiella kostnader", ()),
    ),
    "attendee_group": _cats(
        ("caseworker", "handläggare", ()),
        ("manager", "chef", ("chefer",)),
        ("board", "styrelse", ()),
        ("staff", "personal", ("insatspersonal",)),
        ("other", "annan", ("övriga",)),
    ),
}

# Goal metric keys with their Swedish labels. The behaviour of each metric lives in finsamdash.metrics.goals;
# a test checks that the two lists agree.
CATEGORIES["metric"] = _cats(
    ("participants", "antal deltagare", ()),
    ("participants_started", "antal nya deltagare", ()),
    ("exit_share", "andel avslut till", ()),
    ("exit_count", "antal avslut till", ()),
    ("plan_share", "andel med handlingsplan", ()),
    ("trained_staff", "antal i kompetensutveckling", ()),
    ("indicator_mean", "medelvärde för mätpunkter", ()),
    ("indicator_positive_share", "andel positiva svar", ()),
    ("result", "resultat", ()),
    ("admin_share", "administrationens andel", ()),
    ("equity_share", "eget kapital i procent av bidragen", ()),
    ("manual", "manuell bedömning", ("manuell", "manuellt", "kvalitativ", "kvalitativt mål")),
)

INCOME_CATEGORIES = ("contribution_income", "other_income", "financial_income")
COST_CATEGORIES = ("intervention", "administration", "board", "audit", "financial_cost")
ADMINISTRATION_CATEGORIES = ("administration", "board", "audit")
WORK_OR_STUDIES = ("work", "subsidised_work", "studies")
CLOSER_TO_LABOUR_MARKET = (*WORK_OR_STUDIES, "job_seeking")
#: Exit reasons reported in figures (registration errors are excluded everywhere).
REPORTED_EXIT_REASONS = tuple(c.key for c in EXIT_REASONS if c.key != "registration_error")
#: Nominal funding split of a samordningsförbund by member type (lag 2003:1210).
FUNDING_SPLIT = {"state": 0.50, "region": 0.25, "municipality": 0.25}

_ASSOC = Column(
    "association_id", "Förbund-id", "text", required=True, help_sv="Förbundets korta id", example="sydnarke"
)
_YEAR = Column("year", "År", "int", required=True, min=2000, max=2099, example="2026")
_INTERVENTION_OPT = Column("intervention_id", "Insats-id", "text", help_sv="Insatsens id (se fliken Insatser)")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "associations", "Förbund", "Förbund", required=True, key=("association_id",),
            help_sv="En rad per samordningsförbund.",
            columns=(
                _ASSOC,
                Column("name", "Namn", "text", required=True, example="Samordningsförbundet Sydnärke"),
                Column("org_number", "Organisationsnummer", "text", help_sv="NNNNNN-NNNN", example="222000-1234"),
                Column("county", "Län", "text", example="Örebro län"),
            ),
        ),
        Table(
            "contributions", "Bidrag", "Medlemsbidrag", key=("association_id", "year", "member"),
            help_sv="Medlemmarnas beslutade bidrag per år (staten 50 %, region 25 %, kommuner 25 %).",
            columns=(
                _ASSOC, _YEAR,
                Column("member", "Medlem", "text", required=True, example="Försäkringskassan"),
                Column("member_type", "Medlemstyp", "category", required=True, categories="member_type"),
                Column("amount_sek", "Belopp (kr)", "number", required=True, min=0, example="2 500 000"),
                Column("paid_date", "Betaldatum", "date"),
            ),
        ),
        Table(
            "interventions", "Insatser", "Insatser", required=True, key=("association_id", "intervention_id"),
            help_sv="En rad per insats (projekt) som förbundet finansierar.",
            columns=(
                _ASSOC,
                Column("intervention_id", "Insats-id", "text", required=True, example="porten"),
                Column("name", "Namn", "text", required=True, example="Porten"),
                Column("kind", "Typ", "category", required=True, categories="intervention_kind"),
                Column("owner", "Huvudman", "text", example="Kumla kommun"),
                Column("municipality", "Kommun", "municipality", example="Kumla",
                       help_sv="Kommunens namn eller kommunkod"),
                Column("start_date", "Startdatum", "date", required=True, example="2024-01-01"),
                Column("end_date", "Slutdatum", "date", help_sv="Tomt = pågår"),
                Column("planned_participants", "Planerat antal deltagare", "int", min=0,
                       help_sv="Per år", example="40"),
            ),
        ),
        Table(
            "participants", "Deltagare", "Deltagare", required=True,
            key=("association_id", "participant_id", "intervention_id", "start_date"),
            help_sv="En rad per deltagande: en person i en insats. Inga namn eller personnummer – bara en pseudonym.",
            columns=(
                _ASSOC,
                Column("participant_id", "Deltagar-id", "text",
                       help_sv="Pseudonym (t.ex. D-0012). Krävs utom för anonyma deltagare.", example="D-0012"),
                Column("intervention_id", "Insats-id", "text", required=True, example="porten"),
                Column("anonymous", "Anonym", "bool", help_sv="ja = anonym deltagare utan samtycke"),
                Column("start_date", "Startdatum", "date", required=True, example="2025-02-03"),
                Column("end_date", "Slutdatum", "date", help_sv="Tomt = pågår"),
                Column("gender", "Kön", "category", required=True, categories="gender"),
                Column("birth_year", "Födelseår", "int", min=BIRTH_YEAR_MIN, example="1988",
                       help_sv="Bara året"),
                Column("municipality", "Kommun", "municipality", example="Kumla",
                       help_sv="Hemkommunens namn eller kommunkod"),
                Column("education", "Utbildning", "category", categories="education"),
                Column("years_public_support", "År i offentlig försörjning", "number", min=0, example="3,5",
                       help_sv="Antal år med offentlig försörjning före start"),
                Column("support_before", "Försörjning före", "category", categories="support"),
                Column("support_after", "Försörjning efter", "category", categories="support"),
                Column("exit_reason", "Avslutsorsak", "category", categories="exit_reason",
                       help_sv="Krävs när slutdatum är ifyllt"),
                Column("individual_plan", "Individuell handlingsplan", "bool"),
                Column("followup_12m", "Status efter 12 månader", "category", categories="exit_reason"),
            ),
        ),
        Table(
            "goals", "Mål", "Mål", key=("association_id", "goal_id", "year"),
            help_sv="Verksamhetsplanens mål, ett per rad och år.",
            columns=(
                _ASSOC,
                Column("goal_id", "Mål-id", "text", required=True, example="G1"),
                _YEAR,
                Column("intervention_id", "Insats-id", "text", help_sv="Tomt = hela förbundet"),
                Column("area", "Område", "category", categories="goal_area"),
                Column("text", "Mål", "text", required=True,
                       example="Minst 40 % av de som avslutat går vidare till arbete eller studier"),
                Column("metric", "Mått", "category", required=True, categories="metric"),
                Column("params", "Parametrar", "text", example="orsaker=arbete, subventionerad anställning, studier",
                       help_sv="namn=värden; namn=värden (se fliken Målexempel)"),
                Column("operator", "Jämförelse", "category", categories="operator",
                       help_sv="Krävs utom för måttet manuell bedömning"),
                Column("target", "Målvärde", "number", example="40",
                       help_sv="Andelar i procent (30 = 30 %). Krävs utom för måttet manuell bedömning"),
                Column("manual_outcome", "Manuellt utfall", "number"),
                Column("manual_status", "Manuell bedömning", "category", categories="goal_status"),
                Column("comment", "Kommentar", "text"),
            ),
        ),
        Table(
            "survey_responses", "Enkätsvar", "Enkätsvar (kärnindikatorer)",
            help_sv="Ett svar på en mätpunkt per rad.",
            columns=(
                _ASSOC,
                Column("period", "Period", "period", required=True, help_sv="ÅÅÅÅ, ÅÅÅÅ-H1 eller ÅÅÅÅ-H2",
                       example="2026-H1"),
                Column("respondent_group", "Svarandegrupp", "category", required=True,
                       categories="respondent_group"),
                Column("item", "Mätpunkt", "text", required=True, example="1a",
                       help_sv="Kod från kärnindikatorerna (1a … 15a)"),
                Column("value", "Svar", "int", help_sv="På skalan 1–6; tomt = vet ej", example="5"),
                _INTERVENTION_OPT,
                Column("response_id", "Enkät-id", "text"),
            ),
        ),
        Table(
            "budget", "Budget", "Budget",
            help_sv="Den antagna budgeten. Belopp är positiva; kategorin säger om det är intäkt eller kostnad.",
            columns=(
                _ASSOC, _YEAR,
                Column("category", "Kategori", "category", required=True, categories="budget_category"),
                Column("intervention_id", "Insats-id", "text", help_sv="Krävs för kategorin insatser"),
                Column("line", "Budgetpost", "text"),
                Column("amount_sek", "Belopp (kr)", "number", required=True, min=0, example="450 000"),
                Column("month", "Månad", "int", min=1, max=12, help_sv="1–12; tomt = jämnt över året"),
            ),
        ),
        Table(
            "ledger", "Utfall", "Utfall (bokförda belopp)",
            help_sv="Bokförda belopp. Negativt belopp = rättelse.",
            columns=(
                _ASSOC,
                Column("date", "Bokföringsdatum", "date", required=True, example="2026-03-31"),
                Column("category", "Kategori", "category", required=True, categories="budget_category"),
                Column("intervention_id", "Insats-id", "text", help_sv="Krävs för kategorin insatser"),
                Column("amount_sek", "Belopp (kr)", "number", required=True, example="37 500"),
                Column("text", "Text", "text"),
            ),
        ),
        Table(
            "equity", "Eget kapital", "Eget kapital", key=("association_id", "year"),
            help_sv="Eget kapital vid årets början.",
            columns=(
                _ASSOC, _YEAR,
                Column("opening_equity_sek", "Ingående eget kapital (kr)", "number", required=True,
                       example="1 250 000"),
            ),
        ),
        Table(
            "training", "Kompetensutveckling", "Kompetensutveckling",
            help_sv="Utbildningar och seminarier för medlemmarnas personal.",
            columns=(
                _ASSOC,
                Column("date", "Datum", "date", required=True, example="2026-04-15"),
                Column("name", "Namn", "text", required=True, example="Seminarium om samverkan"),
                Column("attendee_group", "Deltagargrupp", "category", categories="attendee_group"),
                Column("attendees", "Antal deltagare", "int", required=True, min=0, example="25"),
            ),
        ),
    )
}

REQUIRED_TABLES = tuple(name for name, t in TABLES.items() if t.required)


def normalise_name(text: object) -> str:
    """Fold a header, sheet, file stem or category label for lenient matching.

    Case, accents on non-Swedish letters, surrounding/duplicated whitespace, a trailing unit in brackets and
    most punctuation are ignored: ``" Belopp (kr) "`` -> ``"belopp"``, ``"Deltagar-ID"`` -> ``"deltagar id"``.
    """
    s = unicodedata.normalize("NFC", str(text)).casefold().strip()
    s = re.sub(r"\((?:kr|sek|tkr)\)\s*$", "", s)
    s = re.sub(r"[\s_\-–./]+", " ", s)
    return s.strip()


@cache
def table_lookup() -> dict[str, str]:
    """Folded table name (English, Swedish sheet name or title) -> canonical table name."""
    out: dict[str, str] = {}
    for t in TABLES.values():
        for alias in (t.name, t.sheet_sv, t.title_sv):
            out[normalise_name(alias)] = t.name
    return out


@cache
def column_lookup(table: str) -> dict[str, str]:
    """Folded column header (English or Swedish) -> canonical column name, for one table."""
    out: dict[str, str] = {}
    for c in TABLES[table].columns:
        out[normalise_name(c.name)] = c.name
        out[normalise_name(c.header_sv)] = c.name
    return out


@cache
def category_lookup(name: str) -> dict[str, str]:
    """Folded key, Swedish label or alias -> canonical key, for one category set."""
    out: dict[str, str] = {}
    for cat in CATEGORIES[name]:
        for alias in (cat.key, cat.label_sv, *cat.aliases):
            out[normalise_name(alias)] = cat.key
    return out


def category_labels(name: str) -> dict[str, str]:
    """Canonical key -> Swedish label, for one category set."""
    return {c.key: c.label_sv for c in CATEGORIES[name]}


def label_sv(name: str, key: str) -> str:
    """The Swedish label of one category key (the key itself when unknown)."""
    return category_labels(name).get(key, key)


@cache
def core_indicators() -> pd.DataFrame:
    """The national core indicator catalogue: one row per item (statement)."""
    with resources.files("finsamdash.data").joinpath("core_indicators.csv").open(encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str)
    frame["indicator"] = frame["indicator"].astype(int)
    return frame


@cache
def survey_items() -> tuple[str, ...]:
    """Item codes answered in surveys (indicator 11 comes from register data, not a survey)."""
    cat = core_indicators()
    return tuple(cat.loc[cat["respondent_groups"] != "register", "item"])


def table_columns(table: str) -> Mapping[str, Column]:
    return {c.name: c for c in TABLES[table].columns}


@dataclass(frozen=True)
class ContractSettings:
    """Settings that parameterise validation (kept apart from the declarations above).

    Nothing here is the clock: warnings that need a date are judged against the data's own latest date, or the
    meeting's (``finsamdash.data.validate.check(reference_date=...)``)."""

    scale: tuple[int, int] = DEFAULT_SCALE


#: The template's sheet of example goals, after the Mål sheet: not read as data (nor are Instruktioner and Listor).
GOAL_EXAMPLES_SHEET = "Målexempel"


@dataclass(frozen=True)
class GoalParam:
    """One goal parameter: canonical English ``key``, the Swedish ``name_sv`` directors write and other accepted
    names (``aliases``)."""

    key: str
    name_sv: str
    aliases: tuple[str, ...] = ()


#: The parameters a goal's ``params`` cell may name, as directors write them (which ones each metric takes:
#: :data:`finsamdash.data.goal_params.METRIC_SIGNATURES`; parsing and checking: :mod:`finsamdash.data.goal_params`).
GOAL_PARAMS: dict[str, GoalParam] = {p.key: p for p in (
    GoalParam("reasons", "orsaker", ("orsak", "avslutsorsaker", "avslutsorsak")),
    GoalParam("groups", "grupper", ("grupp", "svarandegrupper", "deltagargrupper")),
    GoalParam("items", "frågor", ("fråga", "mätpunkter", "mätpunkt")),
    GoalParam("threshold", "gräns", ("tröskel", "tröskelvärde", "lägsta svar")),
)}
