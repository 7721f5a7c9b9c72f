"""The words of the Deltagarflöden page's charts: titles (the finding, from shown values only), legend names and
alt text. ``period`` completes a sentence ("hittills i år", "under 2025")."""

from __future__ import annotations

from finsamdash.wording.formatting import fmt_int, fmt_percent
from finsamdash.wording.participants import AFTER_COLUMN, BEFORE_COLUMN, ENDED_COLUMN, GENDER_NAME, STARTED_COLUMN
from finsamdash.wording.privacy import HIDDEN_MARK
from finsamdash.wording.selections import GENDER_LABELS

TOO_FEW = "för få för att visas"
#: Appended to a chart's alt text when it marks hidden counts.
HIDDEN_NOTE = f"Antal som inte får visas är markerade ”{HIDDEN_MARK}”."
#: The distribution chart's variable that gets the share of women as its title.
GENDER_WHAT = GENDER_NAME
WOMEN_LABEL = GENDER_LABELS["woman"]

ACTIVE_NAME = "Aktiva deltagare"
PARTICIPANTS_AXIS = "Antal deltagare"
PARTICIPANTS_NAME = "Deltagare"
FLOW_NAMES = [STARTED_COLUMN, ENDED_COLUMN]
SUPPORT_NAMES = [BEFORE_COLUMN, AFTER_COLUMN]
DURATION_NAMES = [ENDED_COLUMN, "Pågående"]
MONTH_UNIT = "månad"


def active_title(first: int | None, last: int | None, at_end: str) -> str:
    if last is not None and first is not None:
        change = last - first
        trend = ("lika många som vid årets början" if change == 0 else
                 f"{fmt_int(abs(change))} {'fler' if change > 0 else 'färre'} än vid årets början")
        return f"{fmt_int(last)} deltagare var aktiva den {at_end}, {trend}"
    if last is not None:
        return f"{fmt_int(last)} deltagare var aktiva den {at_end}"
    return "Antalet aktiva deltagare under året"


ACTIVE_TOO_FEW = f"Antalet aktiva deltagare är {TOO_FEW}"


def active_alt(at_end: str) -> str:
    return f"Linjediagram över antalet aktiva deltagare från årets början till {at_end}. "


def flows_title(started: int | None, ended: int | None, period: str) -> str:
    if started is not None and ended is not None:
        return f"{fmt_int(started)} deltagare har påbörjat och {fmt_int(ended)} avslutat en insats {period}"
    if started is not None:
        return f"{fmt_int(started)} deltagare har påbörjat en insats {period}"
    if ended is not None:
        return f"{fmt_int(ended)} deltagare har avslutat en insats {period}"
    return f"Påbörjade och avslutade deltaganden {period}"


def flows_alt(unit: str, period: str) -> str:
    return (f"Stapeldiagram med antalet identifierade deltagare som påbörjade och som avslutade en insats per {unit} "
            f"{period}. ")


def exits_title(share: float | None, ended: int | None, period: str) -> str:
    if share is not None and ended is not None:
        return f"{fmt_percent(share)} av de {fmt_int(ended)} som avslutade {period} gick till arbete eller studier"
    if ended is not None:
        return f"Status efter avslut för de {fmt_int(ended)} som avslutade {period}"
    return f"Status efter avslut {period}"


def exits_alt(period: str, hidden: int) -> str:
    note = (" 1 flöde är dolt." if hidden == 1 else f" {fmt_int(hidden)} flöden är dolda.") if hidden else ""
    return (f"Flödesdiagram från insats till status efter avslut för deltagare som avslutade {period}; gröna flöden "
            f"går till arbete eller studier; små flöden är sammanslagna till ”övriga avslut”.{note}")


def too_few_exits(period: str) -> str:
    return f"För få avslut {period} för att visa flödet från insats till status efter avslut"


def flows_hidden(hidden: int) -> str:
    """Appended to the exits chart's title."""
    return f" ({fmt_int(hidden)} flöden dolda)" if hidden else ""


def support_title(before: str | None, after: str | None, period: str) -> str:
    if before and after:
        return f"Före insatsen var {before} vanligast, efter insatsen {after}"
    return f"Försörjning före och efter insatsen för dem som avslutade {period}"


def support_too_few(period: str) -> str:
    return f"Försörjning före och efter insatsen {period}: antalen är {TOO_FEW}"


def support_alt(period: str) -> str:
    return (f"Liggande stapeldiagram med antalet deltagare som avslutade {period} efter huvudsaklig försörjning före "
            "insatsen och efter avslut. ")


def durations_title(longest: str | None, period: str) -> str:
    if longest is not None:
        return f"De flesta som avslutade {period} hade deltagit {longest}"
    return f"Tid i insats för deltagare som avslutade {period} och för pågående deltagare"


DURATIONS_TOO_FEW = f"Tid i insats: antalen är {TOO_FEW}"


def durations_alt(period: str) -> str:
    return (f"Liggande stapeldiagram med antalet deltagare per tid i insatsen: de som avslutade {period} och de som "
            "fortfarande deltar. ")


def women_share_title(share: float, period: str) -> str:
    return f"{fmt_percent(share)} av deltagarna {period} är kvinnor"


def distribution_title(what: str, period: str) -> str:
    return f"Deltagarna {period} efter {what}"


def most_common_title(what: str, label: str, share: float | None) -> str:
    if share is not None:
        return f"Vanligast {what}: {label} ({fmt_percent(share)} av deltagarna)"
    return f"Vanligast {what}: {label}"


def distribution_too_few(what: str, period: str) -> str:
    return f"Deltagarna {period} efter {what}: antalen är {TOO_FEW}"


def distribution_alt(what: str, period: str) -> str:
    return f"Liggande stapeldiagram med antalet deltagare {period} per {what}. "
