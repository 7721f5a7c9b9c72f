"""The words of the Kärnindikatorer page (Swedish): the kinds and levels of the core indicators, the drop-downs, the
column labels, and the titles, alt texts and notes of its charts.

A sentence that names the respondent group ends with ``for_group`` (" – personal", or '' for all groups); ``year``
is the year shown."""

from __future__ import annotations

from finsamdash.wording.formatting import fmt_int

#: Swedish headings of the two kinds and the four levels of the core indicators.
KIND_LABELS = {"process": "Processindikatorer", "effect": "Effektindikatorer"}
LEVEL_LABELS = {"participant": "deltagare", "staff": "personal", "organisation": "organisation",
                "society": "samhälle"}
#: The ending of a kind's heading, dropped where the kind names a level ("Process – deltagare").
KIND_SUFFIX = "indikatorer"

#: The words of the page its header explains (keys of :data:`finsamdash.wording.pages.GLOSSARY`).
GLOSSARY_WORDS = ("kärnindikatorer", "mätpunkt", "positiva svar")

#: The two measures of a result (the drop-down "Visa som" and the axes' titles).
MEASURE_LABELS = {"positive_share": "Andel positiva svar", "mean": "Medelvärde"}
#: The measures inside a sentence ("… med andel positiva svar per mätpunkt").
MEASURE_WORDS = {"positive_share": "andel positiva svar", "mean": "medelvärde"}
#: The measures as the subject of a sentence ("Indikator 1: andelen positiva svar på 1a var …").
MEASURE_SUBJECTS = {"positive_share": "andelen positiva svar", "mean": "medelvärdet"}

#: The drop-downs: who answered, the measure, the indicator.
GROUP_CONTROL = "Vilka svarade"
MEASURE_CONTROL = "Visa som"
INDICATOR_CONTROL = "Indikator"
ALL_GROUPS_LABEL = "Alla grupper"
#: All answers together inside a sentence ("… per mätpunkt 2026 för alla grupper").
ALL_GROUPS_WORD = "alla grupper"

#: Column labels of the page's tables: (label, kind of cell).
ITEM_COLUMNS = {
    "item": ("Mätpunkt", "text"),
    "statement_sv": ("Påstående", "text"),
}
STAT_TABLE_COLUMNS = {
    "n": ("Antal svar", "count"),
    "mean": ("Medelvärde", "number"),
    "positive_share": ("Andel positiva", "share"),
    "dont_know": ("Vet ej", "count"),
}
KIND_COLUMN = ("Typ", "text")
LEVEL_COLUMN = ("Nivå", "text")
GROUP_COLUMN = ("Svarandegrupp", "text")
PERIOD_COLUMN = ("Period", "text")
DONT_KNOW_SHARE_COLUMN = ("Vet ej, andel av alla svar", "share")
ASSOCIATION_COLUMN = ("Förbund", "text")
PLACING_COLUMN = ("Placering", "text")

#: The prefixes an association's name is shortened by in titles ("Samordningsförbundet Norrsken" -> "Norrsken").
NAME_PREFIXES = ("Samordningsförbundet ", "Samordningsförbund ")

#: The nouns a hidden note counts: (singular, plural).
RESULT_NOUNS = ("resultat", "resultat")
ITEM_NOUNS = ("mätpunkt", "mätpunkter")
POINT_NOUNS = ("punkt (mätpunkt och period)", "punkter (mätpunkt och period)")

#: The page's sections in order (their Swedish headings).
SECTION_HEADINGS = ("Översikt", "Per nivå: process och effekt", "Utveckling över tid", "Svarsfördelning",
                    "Jämförelse med andra förbund")


def for_group(group_sv: str) -> str:
    """" – personal": the ending of a title or sentence about one respondent group."""
    return f" – {group_sv}"


def no_answers_reason(year: int) -> str:
    """Why the sections were left out, for the PDF's contents: "inga enkätsvar för 2026"."""
    return f"inga enkätsvar för {year}"


def no_answers_note(year: int, association_name: str) -> str:
    return (f"Det finns inga enkätsvar på kärnindikatorerna för {year} i underlaget för {association_name}, så "
            "kärnindikatorerna kan inte visas.")


def positive_definition(first: int, low: int, high: int) -> str:
    """What a positive answer is on the scale ``low``–``high`` (its two highest steps ``first`` and ``high``)."""
    return (f"Positiva svar = de två högsta stegen ({first} och {high}) på skalan {low}–{high}. "
            "”Vet ej” räknas men ingår inte i medelvärden och andelar.")


def hidden_results_note(hidden: int, nouns: tuple[str, str], mark: str, min_count: int) -> str:
    """"2 mätpunkter visas inte (dolt): de bygger på färre än 5 svar, …" (``nouns``: singular, plural)."""
    it = "den" if hidden == 1 else "de"
    return (f"{fmt_int(hidden)} {nouns[0] if hidden == 1 else nouns[1]} visas inte ({mark}): {it} bygger "
            f"på färre än {min_count} svar, eller döljs så att ett sådant resultat inte kan räknas fram.")


def too_few_answers(min_count: int, year: int, group: str) -> str:
    return f"Inga mätpunkter har minst {min_count} svar {year}{group}."


def overview_title_one(share: str, item: str, year: int) -> str:
    return f"{share} positiva svar på {item} {year}"


def overview_title(year: int, best: str, best_share: str, worst: str, worst_share: str) -> str:
    return (f"Andelen positiva svar {year} var högst på {best} ({best_share}) och lägst på {worst} "
            f"({worst_share})")


def kind_level_name(kind_sv: str, level_sv: str) -> str:
    """A bar's legend entry: "Process – deltagare"."""
    return f"{kind_sv} – {level_sv}"


def answers_hover(n: str, mean: str) -> str:
    return f"n = {n}, medelvärde {mean}"


def overview_alt(year: int, group_sv: str, items: str, lowest: str, highest: str) -> str:
    return (f"Liggande staplar med andelen positiva svar per mätpunkt {year} för {group_sv}: {items} mätpunkter, "
            f"från {lowest} till {highest}. Färgen visar nivån (deltagare, personal, organisation, samhälle); "
            "effektindikatorer är randade.")


def by_level_lead(year: int, group_sv: str | None) -> str:
    """The lead of the tables per level (``group_sv`` None: all groups)."""
    return (f"Resultat {year} per mätpunkt och svarandegrupp"
            + ("; ”Alla grupper” är alla svar tillsammans för mätpunkter som flera grupper besvarar. "
               if group_sv is None else f" för {group_sv}. "))


def indicator_heading(indicator: int) -> str:
    """"Indikator 3." (bold before the indicator's heading)."""
    return f"Indikator {indicator}."


def register_indicator_note(indicator: int, heading: str) -> str:
    """A register-based indicator's note (``heading`` already escaped for HTML)."""
    return f"Indikator {indicator} ({heading}) mäts med registerdata och ingår inte i enkäten."


def no_answers_in(year: int, group: str) -> str:
    return f"Inga svar {year}{group}."


def indicator_option(indicator: int, heading: str) -> str:
    """A choice of the indicator drop-down: "Indikator 1: Deltagarna upplever …"."""
    return f"Indikator {indicator}: {heading}"


def no_trend_periods(indicator: int, min_count: int, group: str) -> str:
    return f"Indikator {indicator}: inga perioder med minst {min_count} svar{group}."


def previous_value(period: str, value: str) -> str:
    """" (föregående 2025-H2: 71 %)"."""
    return f" (föregående {period}: {value})"


def trend_title(indicator: int, what: str, item: str, value: str, period: str) -> str:
    return f"Indikator {indicator}: {what} på {item} var {value} ({period})"


def same_as(period: str) -> str:
    return f", samma som {period}"


def changed_from(up: bool, value: str, period: str) -> str:
    """", upp från 64 % (2025-H2)" or ", ned från …"."""
    return f", {'upp' if up else 'ned'} från {value} ({period})"


def trend_alt(what: str, group_sv: str, indicator: int, latest: list[str]) -> str:
    return (f"Linjediagram över {what} per period för {group_sv}, en linje per mätpunkt i indikator {indicator}. "
            "Senaste värden: " + "; ".join(latest) + ".")


def step_name_low(step: int) -> str:
    return f"{step} instämmer inte alls"


def step_name_high(step: int) -> str:
    return f"{step} instämmer helt"


def side_text(n: str, dont_know: str) -> str:
    """Beside a diverging bar: "n 24 · vet ej 2"."""
    return f"n {n} · vet ej {dont_know}"


def no_low_answers(steps: str, year: int) -> str:
    return f"Inga svar i de lägre stegen ({steps}) {year}"


def most_low_answers(steps: str, year: int, item: str, share: str) -> str:
    return f"Störst andel svar i de lägre stegen ({steps}) {year}: {item} med {share}"


def distribution_alt(year: int, group_sv: str, steps: str, items: str, item: str, share: str) -> str:
    return (f"Divergerande staplar per mätpunkt {year} för {group_sv}: svaren {steps} till vänster om nollan och de "
            f"högre stegen till höger; {items} mätpunkter. Högst andel i de lägre stegen har {item} ({share}).")


def step_column(step: int) -> str:
    return f"Svar {step}"


def distribution_note(low: int, high: int) -> str:
    return (f"Andelarna i staplarna räknas på svaren {low}–{high}; ”vet ej” ingår inte i staplarna utan står till "
            "höger med antalet svar (n).")


def no_other_associations(year: int, group: str) -> str:
    return f"Underlaget har inga andra förbund med enkätsvar {year}{group} att jämföra med."


def nothing_to_compare(min_count: int, year: int, group: str, association_name: str) -> str:
    return (f"Ingen mätpunkt har minst {min_count} svar {year}{group} både hos {association_name} och hos något "
            "annat förbund, så det finns inget att jämföra.")


def comparison_title(name: str, what: str, top: str, compared: str, year: int, group: str) -> str:
    return f"{name} har högst {what} av förbunden på {top} av {compared} jämförbara mätpunkter {year}{group}"


def comparison_alt(what: str, year: int, associations: str, association_name: str, top: str, compared: str) -> str:
    return (f"Punktdiagram med {what} per mätpunkt {year} för {associations} förbund; {association_name} är markerat "
            f"med blå romb, övriga förbund med grå punkter. {association_name} har högst värde på {top} av "
            f"{compared} mätpunkter.")


def placing_text(rank: str, compared: str) -> str:
    """"2 av 6"."""
    return f"{rank} av {compared}"


def comparison_hidden_note(mark: str, min_count: int, per_association: list[str]) -> str:
    return (f"Mätpunkter som inte visas ({mark}: färre än {min_count} svar, eller dolda så att de inte kan räknas "
            "fram): " + ", ".join(per_association) + ".")


def comparison_note(what: str) -> str:
    return (f"Placering efter {what} bland förbunden vars resultat visas (1 = högst). Förbunden kan ha olika "
            "sammansättning av svarandegrupper; välj en grupp för en jämnare jämförelse.")
