"""The words of the Deltagarflöden page (Swedish): the labels of the participant categories that
:mod:`finsamdash.metrics.participant_flows` counts (age groups, years in support, time in the intervention, the
support groups), and the page's captions, column labels and notes."""

from __future__ import annotations

# --- the categories counted (metrics/participant_flows.py) ---------------------------------------------------------

#: The label of a missing value.
MISSING_LABEL = "uppgift saknas"
#: Age at start, by bucket key.
AGE_GROUP_LABELS = {"age_u25": "under 25 år", "age_25_34": "25–34 år", "age_35_44": "35–44 år",
                    "age_45_54": "45–54 år", "age_55": "55 år eller äldre"}
#: Years in public support before start ("1–2 år" = at least 1 and less than 3 years).
SUPPORT_YEAR_LABELS = {"sup_u1": "under 1 år", "sup_1_2": "1–2 år", "sup_3_4": "3–4 år", "sup_5_9": "5–9 år",
                       "sup_10": "10 år eller mer"}
#: Time in the intervention in whole months ("3–6 månader" = at least 3 and less than 6 whole months).
DURATION_LABELS = {"dur_u3": "under 3 månader", "dur_3_6": "3–6 månader", "dur_6_12": "6–12 månader",
                   "dur_12_24": "1–2 år", "dur_24": "över 2 år"}
#: The distributions of identified episodes: name -> Swedish name of the variable.
DISTRIBUTION_NAMES = {
    "age": "åldersgrupp",
    "education": "utbildning",
    "support_years": "år i offentlig försörjning före start",
}
#: Support grouped (before and after the intervention), by group key.
SUPPORT_GROUP_LABELS = {
    "sick": "sjuk- eller rehabiliteringspenning",
    "compensation": "aktivitets- eller sjukersättning",
    "unemployment": "a-kassa, aktivitetsstöd eller etableringsersättning",
    "assistance": "försörjningsstöd",
    "self": "lön eller studiemedel",
    "nothing": "ingen ersättning",
    "other": "annan eller okänd",
}
#: The genders as groups of people ("kvinnor", "män").
GENDER_GROUPS = {"woman": "kvinnor", "man": "män", "other_unknown": "annat/okänt"}


# --- the page (dashboards/participants.py) ----------------------------------------------------------------------

ANONYMOUS_NOTE = ("Anonyma deltagare räknas i totaler, aktiva och könsfördelning men inte i påbörjade och avslutade, "
                  "ålder, utbildning, försörjning, tid i insats eller avslut.")
NATIONAL_REFERENCE = "Nationellt går ungefär en tredjedel av dem som avslutar direkt till arbete eller studier."
#: The started/ended chart's period (see finsamdash.privacy.layout.flow_windows), as a word.
PERIOD_UNITS = {"month": "månad", "quarter": "kvartal", "year": "år"}
QUARTERS = ("januari–mars", "april–juni", "juli–september", "oktober–december")
#: The one window of a year's flows: the year so far, or the whole year.
YEAR_SO_FAR = "hittills i år"
WHOLE_YEAR = "hela året"
#: The start of a merged category's label ("övriga avslut (…)"), shortened to it in the exit flows.
MERGED_PREFIX = "övriga"

#: The drop-downs.
SELECTION_CONTROL = "Urval"
YEAR_CONTROL = "År"


def period_text(year: int, *, year_is_open: bool) -> str:
    """"hittills i år" or "under 2025"."""
    return YEAR_SO_FAR if year_is_open else f"under {year}"


def year_end(year: int) -> str:
    return f"31 december {year}"


def selection_heading(year: int, label: str) -> str:
    """"Urval 2026: Lotsen." (a narrowed selection)."""
    return f"Urval {year}: {label}."


NO_MUNICIPALITY = " Anonyma deltagare har ingen kommun."


def year_not_shown(year: int) -> str:
    return f"Året {year} visas inte på den här sidan."


def no_participants(label: str, year: int) -> str:
    return f"{label} hade inga deltagare under {year}."


#: The active participants' chart and table.
YEAR_START = "årets början"
ACTIVE_COLUMN = "Aktiva vid dagens slut"
TIME_COLUMN = "Tidpunkt"
ACTIVE_NOTE = "Aktiva = alla som deltar, anonyma inräknade."
#: Why the flows are shown per quarter or for the year (small months or quarters).
MERGED_LEVEL_NOTES = {"month": "", "quarter": "Visas per kvartal eftersom några månader har för få personer. ",
                      "year": "Visas för året hittills eftersom kvartalen har för få personer. "}
STARTED_COLUMN = "Påbörjade"
ENDED_COLUMN = "Avslutade"


def anonymous_flow_note(anonymous: str | None) -> str:
    """Under the flows: identified only, and the anonymous ones besides (``anonymous``: the count as text, or
    None when there is no count to tell)."""
    base = "Påbörjade och avslutade räknar identifierade deltagare; anonyma redovisas för sig"
    return base + "." if anonymous is None else f"{base} ({anonymous} anonyma deltagare under året)."


def interventions_hidden_caption(period: str) -> str:
    return f"Deltagare per insats {period} – några antal är dolda av integritetsskäl"


def interventions_top_caption(top: str, period: str, count: str, total: str) -> str:
    return f"{top} hade flest deltagare {period}: {count} av {total}"


def interventions_caption(period: str) -> str:
    return f"Deltagare per insats {period}"


ACTIVE_NOW = "Aktiva nu"
ACTIVE_AT_YEAR_END = "Aktiva vid årets slut"


def interventions_note(mark: str) -> str:
    return ("Deltagare = alla som deltog någon gång under året, även anonyma. Påbörjade och avslutade räknar "
            "identifierade deltagare. Andelen till arbete eller studier gäller identifierade som avslutat och "
            f"är dold ({mark}) när den bygger på dolda antal. Insatser med få deltagare visas "
            "tillsammans som ”övriga insatser”.")


INTERVENTION_COLUMN = "Insats"
EPISODES_COLUMN = "Deltagare"
ANONYMOUS_COLUMN = "Varav anonyma"
WORK_OR_STUDIES_COLUMN = "Andel till arbete eller studier"

EXITS_NOTE = ("Identifierade deltagare som avslutat; anonyma ingår inte. Arbete eller studier = arbete, "
              f"subventionerad anställning och studier. {NATIONAL_REFERENCE}")
COUNT_COLUMN = "Antal"
SHARE_COLUMN = "Andel"
ENDED_SHARE_COLUMN = "Andel av de avslutade"
EXIT_STATUS_COLUMN = "Status efter avslut"

SUPPORT_NOTE = ("Huvudsaklig försörjning före start och efter avslut för identifierade deltagare som avslutat. "
                "Små grupper är sammanslagna till ”övrigt”; – = gruppen ingår i ”övrigt” på den sidan.")
BEFORE_COLUMN = "Före insatsen"
AFTER_COLUMN = "Efter avslut"
SUPPORT_COLUMN = "Försörjning"


def ended_column(period: str) -> str:
    return f"Avslutade {period}"


def ongoing_column(at_end: str) -> str:
    return f"Pågående den {at_end}"


def durations_note(at_end: str) -> str:
    return f"Identifierade deltagare. Tiden räknas i hela månader från start till avslut, för pågående till {at_end}."


DURATION_COLUMN = "Tid i insats"
#: The gender distribution's variable, beside :data:`DISTRIBUTION_NAMES`.
GENDER_NAME = "kön"
ALL_PARTICIPANTS_NOTE = "Alla deltagare, även anonyma."
IDENTIFIED_NOTE = "Identifierade deltagare."
AGE_NOTE = " Ålder vid start, räknad från födelseåret."


def took_part(period: str, episodes: str, *, year_is_open: bool) -> str:
    """"Hittills i år har 212 deltagare varit med" or "Under 2025 var 230 deltagare med" (``period`` capitalised)."""
    return (f"{period} har {episodes} deltagare varit med" if year_is_open
            else f"{period} var {episodes} deltagare med")


PARTICIPANTS_HIDDEN = f"Antalet deltagare och anonyma är dolt. {ANONYMOUS_NOTE}"


def of_whom_anonymous(took: str, anonymous: str) -> str:
    """"…, varav 39 (18 %) anonyma." (``anonymous`` with its share, or the words of a hidden count)."""
    return f"{took}, varav {anonymous} anonyma."


OPEN_TOO_LONG = ("deltaganden saknar slutdatum fast de startade för mer än två år sedan – kontrollera om de har "
                 "avslutats")
NONE_OPEN_TOO_LONG = "Inget deltagande utan slutdatum har pågått i mer än två år."
ENDED_WITHOUT_REASON = "avslutade deltaganden saknar avslutsorsak"
NONE_WITHOUT_REASON = ("Alla avslutade identifierade deltaganden har en avslutsorsak (det kontrolleras när underlaget "
                       "läses in).")
#: The data-quality list's missing values: what is missing, by the audited cell.
MISSING_WHAT = {"education:missing": "utbildning", "age:missing": "födelseår",
                "support_years:missing": "år i offentlig försörjning",
                "support_before_missing": "försörjning före start", "sa:missing": "försörjning efter avslut"}


def identified_in(period: str) -> str:
    return f"identifierade deltagare {period}"


def ended_identified_in(period: str) -> str:
    return f"identifierade som avslutat {period}"


def fewer_than(min_count: int, text: str) -> str:
    return f"Färre än {min_count} {text}."


def counted(count: str, text: str) -> str:
    return f"{count} {text}."


def nothing_missing(what: str, whom: str) -> str:
    return f"Uppgift om {what} finns för alla {whom}."


def some_missing(what: str, whom: str, mark: str) -> str:
    return f"Uppgift om {what} saknas för ett antal {whom} ({mark}: för få för att visas)."


def missing_for(what: str, count: str, of: str, part: str, whom: str) -> str:
    """"Uppgift om födelseår saknas för 3 av 212 (1 %) identifierade deltagare hittills i år."."""
    return f"Uppgift om {what} saknas för {count}{of}{part} {whom}."


def of_base(base: str) -> str:
    return f" av {base}"
