"""The words of the goal follow-up's data (:mod:`finsamdash.metrics.goal_follow_up`), shared by the goals page, the
overview's goal list and the annual report: the group heading of the association's goals, a goal's target and
outcome words, and the titles and alt texts of the status chart and of a goal's trend chart (Swedish)."""

from __future__ import annotations

#: The group heading of the association's own goals (before the interventions' goals).
ASSOCIATION_GROUP = "Förbundet"

#: A year-end money goal in a running year, judged on the forecast.
FORECAST_STATUS_PHRASES = {"met": "bedöms målet uppnås", "partly": "bedöms målet delvis uppnås",
                           "not_met": "bedöms målet inte uppnås"}

#: The words of a goal's operator before its target ("minst 30 %").
OPERATOR_WORDS = {">=": "minst", "<=": "högst"}
#: The outcome of a qualitative goal judged by hand.
QUALITATIVE_OUTCOME = "kvalitativ bedömning"
#: After the running year on a trend's axis: "2026 (prognos)" for a year-end money goal, else "2026 (hittills)".
FORECAST_WORD = "prognos"
SO_FAR_WORD = "hittills"
#: The status word of :func:`status_title` ("8 av 12 mål är uppnådda").
MET_WORD = "uppnått"
_PLURALS = {"uppnått": "uppnådda"}


def goal_word(n: int, word: str) -> str:
    """"uppnått"/"uppnådda" agreeing with the neuter noun "mål" in number."""
    if n == 1:
        return word
    return " ".join(_PLURALS.get(w, w) for w in word.split(" "))


def status_when(year: int, *, year_is_open: bool) -> str:
    """"hittills i år" or "för 2025"."""
    return "hittills i år" if year_is_open else f"för {year}"


def no_goals_title(when: str) -> str:
    return f"Inga mål {when}"


def no_goals_alt(when: str) -> str:
    return f"Det finns inga mål {when}."


def status_title(met: str, total: str, word: str, when: str) -> str:
    """"8 av 12 mål är uppnådda hittills i år" (``word`` from :func:`goal_word`)."""
    return f"{met} av {total} mål är {word} {when}"


def status_alt(when: str, total: str, parts: str) -> str:
    return f"Liggande stapeldiagram över antalet mål per status {when} ({total} mål). {parts}."


def year_label(year: int, word: str) -> str:
    """"2026 (hittills)"."""
    return f"{year} ({word})"


FIRST_YEAR = "första året med målet"


def met_years(met: str, judged: str, span: str) -> str:
    """"uppnått 4 av 6 år 2020–2025"."""
    return f"uppnått {met} av {judged} år {span}"


def hidden_years(years: str) -> str:
    return f" (för {years} år är bedömningen dold)"


THIS_YEAR_HIDDEN = "; i år är bedömningen dold"


def this_year(phrase: str) -> str:
    """"; i år bedöms målet uppnås" (a forecast's phrase)."""
    return f"; i år {phrase}"


def this_year_so_far(word: str) -> str:
    return f"; i år hittills {word}"


def trend_alt(goal_id: str, target: str, values: str) -> str:
    return f"Linjediagram över utfallet för mål {goal_id} per år jämfört med målvärdet ({target}). {values}."


def no_outcome_alt(goal_id: str) -> str:
    return f"Mål {goal_id} har inget utfall att visa."
