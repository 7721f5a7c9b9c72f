"""The Swedish of the goal metrics (:mod:`finsamdash.metrics.goals`): each metric's sentence templates, the status
words and the phrases a goal's sentence is made of.

Templates with named placeholders (``{op}``, ``{target}``, ``{outcome}`` …) are filled by
``metrics.goals.sentence_context``; templates with ``{}`` by ``str.format`` in the order their docs give.
"""

from __future__ import annotations

from typing import NamedTuple


class MetricSentences(NamedTuple):
    """A goal metric's templates: the goal ("Målet att …"), its figures, and for a year-end money goal its figures
    as a forecast and so far (None: the metric has none of its own)."""

    goal: str | None = None
    figures: str | None = None
    forecast: str | None = None
    so_far: str | None = None


#: The goal of a metric that has no template of its own.
GOAL_DEFAULT = "{metric_label} ska vara {op} {target}"
#: The figures of a metric that has no template of its own.
FIGURES_DEFAULT = "{outcome}"
#: The figures of a year-end money goal judged on the forecast, for a metric that has no template of its own.
FORECAST_DEFAULT = "prognosen för helåret är {outcome}"

#: The templates of every goal metric, by metric key.
METRIC_SENTENCES: dict[str, MetricSentences] = {
    "participants": MetricSentences("{op} {target} deltagare ska ta del av {the_interventions}",
                                    "{outcome} deltagare"),
    "participants_started": MetricSentences("{op} {target} nya deltagare ska börja i {the_interventions}",
                                            "{outcome} nya deltagare"),
    "exit_share": MetricSentences("{op} {target} av de avslutade deltagarna ska {reasons}",
                                  "{numerator} av {denominator} ({outcome})"),
    "exit_count": MetricSentences("{op} {target} deltagare ska {reasons}",
                                  "{outcome} av {denominator} avslutade deltagare"),
    "plan_share": MetricSentences("{op} {target} av de avslutade deltagarna ska ha haft en individuell handlingsplan",
                                  "{numerator} av {denominator} ({outcome})"),
    "trained_staff": MetricSentences("{op} {target} {attendees} ska delta i kompetensutveckling",
                                     "{outcome} {attendees}"),
    "indicator_mean": MetricSentences("medelvärdet för {items}{respondents} ska vara {op} {target}",
                                      "medelvärdet {outcome} (n = {n})"),
    "indicator_positive_share": MetricSentences(
        "{op} {target} av svaren på {items}{respondents} ska vara positiva{threshold}",
        "{numerator} av {denominator} svar ({outcome})"),
    "result": MetricSentences("resultatet ska vara {op} {target}", "resultatet blev {surplus}",
                              "prognosen för helåret är {surplus}", "resultatet hittills är {surplus}"),
    "admin_share": MetricSentences(
        "administrationens andel av kostnaderna ska vara {op} {target}",
        "{outcome} ({administration_costs} av {costs})",
        "prognosen för helåret är {outcome} ({administration_costs} av {costs})",
        "{outcome} hittills ({administration_costs} av {costs})"),
    "equity_share": MetricSentences(
        "det egna kapitalet vid årets slut ska vara {op} {target} av årets medlemsbidrag",
        "{outcome} ({equity_closing} av {contributions})",
        "prognosen för helåret är {outcome} ({equity_closing} av {contributions})",
        "{outcome} med resultatet hittills ({equity_closing} av {contributions})"),
    "manual": MetricSentences("”{text}”", "utfallet blev {outcome}"),
}

#: Attendee groups of a training goal in the plural ("{attendees} ska delta i kompetensutveckling"); the others by
#: their label.
ATTENDEES_PLURAL = {
    "caseworker": "handläggare", "manager": "chefer", "board": "styrelseledamöter", "staff": "personal",
    "other": "övriga",
}
#: The attendees of a training goal without groups.
ATTENDEES_ANY = "personer"

#: A goal's status after "Målet att …" for a closed year.
STATUS_WORDS = {"met": "uppnåddes", "partly": "uppnåddes delvis", "not_met": "uppnåddes inte"}
#: For a year still running (a board meeting during the year): the outcome so far, not a final verdict.
STATUS_WORDS_SO_FAR = {"met": "är hittills uppnått", "partly": "är hittills delvis uppnått",
                       "not_met": "är hittills inte uppnått"}
#: The status a director typed for a manual goal ("bedömdes som …").
MANUAL_STATUS_WORDS = {"met": "uppnått", "partly": "delvis uppnått", "not_met": "inte uppnått"}
#: A year-end money goal judged on the forecast in a running year.
FORECAST_STATUS_WORDS = {"met": "bedöms uppnås", "partly": "bedöms delvis uppnås", "not_met": "bedöms inte uppnås"}

#: The operator of a goal in words ("minst 40 %"); any other operator is shown as it is.
OPERATOR_WORDS = {">=": "minst", "<=": "högst"}

#: The reasons of an exit goal: work or studies (the default).
REASONS_WORK_OR_STUDIES = "gå vidare till arbete eller studier"
#: The reasons of an exit goal when all are destinations ({}: the joined labels).
REASONS_DESTINATIONS = "gå vidare till {}"
#: The reasons of an exit goal otherwise ({}: the joined labels).
REASONS_EXIT = "avslutas med orsaken {}"
#: The word joining the last two exit reasons.
REASONS_JOIN = "eller"

#: The survey items of an indicator goal without items.
ITEMS_ALL = "alla mätpunkter"
#: One survey item ({}: the item).
ITEMS_ONE = "mätpunkt {}"
#: Several survey items ({}: the joined items).
ITEMS_SOME = "mätpunkterna {}"
#: The respondent groups of an indicator goal ({}: the joined groups).
RESPONDENTS = " (svarande: {})"
#: The threshold of a positive answer ({}: the threshold, the scale's lowest and highest value).
THRESHOLD = " (minst {} på skalan {}–{})"
#: The interventions of a participant goal: one intervention's, or all.
THE_INTERVENTION = "insatsen"
THE_INTERVENTIONS = "insatserna"
#: The word joining the last two of a list (items, groups, attendees).
AND = "och"

#: The subject of a goal's sentence: an association's goal, and an intervention's ({}: its name).
SUBJECT = "Målet"
SUBJECT_OF = "Målet för {}"
#: A goal's sentence begins ({}: the subject, the goal's template filled in).
GOAL_INTRO = "{} att {}"
#: A goal without data to follow it up ({}: the beginning of the sentence).
NO_DATA = "{} kan inte följas upp: underlag saknas."
#: A manual goal's outcome after its status ({}: the outcome as typed).
MANUAL_OUTCOME = " (utfall {})"
#: A manual goal judged by the director ({}: the quoted goal, the status words, the outcome).
MANUAL_JUDGED = "{} bedömdes som {}{}."
#: A manual goal not judged yet ({}: the quoted goal, the outcome).
MANUAL_NOT_JUDGED = "{} har ännu inte bedömts{}."
#: A goal of an unknown metric, judged on its outcome ({}: the quoted goal, the status words, the outcome, the
#: operator in words, the target).
QUOTED_JUDGED = "{} {}: utfallet blev {} (målvärde {} {})."
