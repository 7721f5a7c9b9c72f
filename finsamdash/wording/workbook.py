"""What the Excel workbook says to the director who fills it in (:mod:`finsamdash.data.template`): the Instruktioner
sheet, the example goals on Målexempel, the header comments and the messages of the cells' drop-down lists and
ranges.

The sheet names, column headers and category labels are the data contract's (:mod:`finsamdash.data.contract`).
"""

from __future__ import annotations

from collections.abc import Sequence

# --- the Instruktioner sheet ----------------------------------------------------------------------------------------

INSTRUCTIONS_TITLE = "Underlag till finsamdash – instruktioner"
INTRODUCTION = ("Den här arbetsboken är underlaget till finsamdash, som gör styrelsens rapporter och instrumentpaneler "
                "om deltagare, mål, kärnindikatorer och ekonomi. Fyll i en rad per post på varje flik. Ändra inte "
                "rubrikerna på rad 1 och byt inte namn på flikarna. Kolumner med gul rubrik är obligatoriska; övriga "
                "får lämnas tomma. Håll muspekaren över en rubrik för att se en förklaring och ett exempel.")


def required_sheets(sheets: Sequence[str]) -> str:
    return (f"Flikarna {', '.join(sheets)} måste fyllas i. Övriga flikar får lämnas tomma; de rapporter som bygger "
            "på dem säger då att underlaget saknas. Flera förbund kan ligga i samma arbetsbok: varje rad anger sitt "
            "Förbund-id.")


FORMAT_HEADING = "Format"
DATES_NOTE = "Datum skrivs ÅÅÅÅ-MM-DD, till exempel 2026-03-31."
AMOUNTS_NOTE = "Belopp anges i kronor (inte tusental kronor), utan \"kr\"; till exempel 2 500 000."
SHARES_NOTE = "Målvärden för andelar anges i procent: 30 betyder 30 %."


def survey_scale_note(low: int, high: int) -> str:
    return (f"Enkätsvar anges på skalan {low}–{high}. Lämna cellen tom för \"vet ej\"; sådana svar räknas för sig "
            "och ingår inte i medelvärden.")


LISTS_NOTE = ("Kolumner med en lista (pil i cellen) fylls i genom att välja ett värde i listan. Ja/nej-kolumner "
              "fylls i med ja eller nej.")
IDS_NOTE = "Förbund-id måste finnas på fliken Förbund och Insats-id på fliken Insatser."
PRIVACY_HEADING = "Integritet"
PRIVACY_NOTE = ("Skriv aldrig namn eller personnummer i arbetsboken. Deltagare anges bara med ett pseudonymt id (till "
                "exempel D-0012) vars koppling till personen förvaras på annat håll. Rader med något som ser ut som "
                "ett personnummer avvisas. Anonyma deltagare (utan samtycke) anges med ja i kolumnen Anonym och "
                "behöver utöver Förbund-id och Insats-id bara kön och startdatum. Rapporterna visar aldrig antal under "
                "fem.")
SHEETS_HEADING = "Flikarna"


def sheet_heading(sheet: str, *, required: bool) -> str:
    """"Deltagare (obligatorisk flik)"."""
    return f"{sheet} ({'obligatorisk flik' if required else 'frivillig flik'})"


def required_columns(headers: Sequence[str]) -> str:
    return f"Obligatoriska kolumner: {', '.join(headers)}."


def columns_required_in_some_rows(rules: Sequence[str]) -> str:
    """``rules``: "Header (the rule)" of each column required only in some rows."""
    return f" Krävs i vissa fall: {'; '.join(rules)}."


#: The first word of a column's help sentence (in the contract) that says when a column is required.
REQUIRED_WHEN = "krävs"

ECONOMY_HEADING = "Ekonomin: budget per månad, beslutade bidrag och bokfört till och med"
MONTHLY_BUDGET_NOTE = (
    "Budget per månad: en budgetrad med Månad ifylld hör till den månaden; en rad utan Månad fördelas jämnt över "
    "året (en tolftedel per månad). Faller en kostnad en viss månad skriver du den som en egen rad med månaden, till "
    "exempel en konferens i april: Kategori kansli, Budgetpost Konferens, Belopp 60 000, Månad 4. Resten av "
    "kansliets budget kan stå på en rad utan månad. En post som fördelas ojämnt skriver du med en rad per månad.")
CONTRIBUTIONS_NOTE = (
    "Medlemsbidrag: fliken Bidrag har medlemmarnas beslutade bidrag för året, och prognosen för årets intäkter "
    "räknar med dem hur de än betalas in (i januari, per kvartal eller per månad). Inbetalningarna bokförs på fliken "
    "Utfall med kategorin medlemsbidrag och visas som inbetalt hittills. Budgetens medlemsbidrag bör vara samma "
    "belopp; skriver du dem en rad per medlem (med medlemmens namn som budgetpost) jämförs varje medlem.")
BOOKS_CLOSED_NOTE = (
    "Bokfört till och med: fyll i utfallet till och med senaste månadsbokslutet. Rapporterna räknar det ekonomiska "
    "utfallet till och med sista dagen i månaden för den senaste bokföringen före mötet (ett annat datum anges med "
    "--books-closed), och prognosen för helåret är det bokförda utfallet plus budgeten för resten av året. "
    "Deltagaruppgifterna räknas till och med mötesdagen.")

MUNICIPALITIES_HEADING = "Kommuner"
MUNICIPALITIES_NOTE = (
    "Kolumnen Kommun fylls i med kommunens namn (Hallsberg), som organisation (Hallsbergs kommun) eller med "
    "kommunkoden (1861); rapporterna visar alltid namnet. Ett namn som inte är någon av Sveriges 290 kommuner ger en "
    "varning med det närmaste namnet. Medlemmar med medlemstypen kommun på fliken Bidrag är förbundets "
    "medlemskommuner; en deltagare från en annan kommun ger en varning.")
GOALS_HEADING = "Mål och mått"
GOALS_NOTE = (
    "Varje mål på fliken Mål har ett mått (välj i listan) som finsamdash räknar ut för året, en jämförelse (minst "
    "eller högst) och ett målvärde. Andelar anges i procent: 40 betyder 40 % (inte 0,4). Fliken Målexempel har ett "
    "exempel på varje slags mål med en förklaring; kopiera en rad därifrån och ändra Förbund-id, år, text och "
    "målvärde.")
GOAL_PARAMETERS_NOTE = (
    "Parametrar skrivs namn=värden och flera parametrar skiljs med semikolon, till exempel orsaker=arbete, "
    "subventionerad anställning, studier eller frågor=1a, 1b; grupper=deltagare (pågående). Namnen är orsaker "
    "(avslutsorsaker), grupper (svarandegrupper eller deltagargrupper), frågor (kärnindikatorernas mätpunkter) och "
    "gräns (lägsta positiva svar på skalan). Värdena är orden i listorna. Engelska namn (reasons=work) går också bra.")
QUALITATIVE_GOALS_NOTE = (
    "Kvalitativa mål (till exempel ”Samverkan mellan parterna ska öka”) får måttet manuell bedömning. Lämna "
    "Jämförelse och Målvärde tomma och fyll i Manuell bedömning (uppnått, delvis uppnått eller ej uppnått) och gärna "
    "en Kommentar när målet har följts upp. Ett mål med mätbart utfall som inte räknas ur underlaget får också "
    "måttet manuell bedömning, med utfallet i Manuellt utfall.")


def goal_example_note(metric_label: str, explanation: str) -> str:
    return f"{metric_label}: {explanation}"


CHECK_HEADING = "Kontrollera underlaget"
CHECK_NOTE = (
    "Kör finsamdash validate <arbetsboken>.xlsx. Alla fel och varningar listas på en gång med flik, rad, kolumn, "
    "värdet som hittades och vad som förväntades. Fel måste rättas innan rapporterna kan byggas; varningar är till "
    "för kontroll.")
LISTS_SHEET_NOTE = "Fliken Listor är dold och innehåller värdena i listorna. Ändra den inte."

# --- the Målexempel sheet -------------------------------------------------------------------------------------------

#: The example goal of each metric: its goal text (and parameters, as directors write them, and a comment) and the
#: explanation beside it on Målexempel and in the instructions.
GOAL_EXAMPLE_WORDING: dict[str, dict[str, str]] = {
    "participants": {
        "text": "Minst 150 individer ska ta del av förbundets insatser",
        "explanation": "räknar alla deltaganden under året (för en insats om Insats-id är ifyllt). Inga parametrar."},
    "participants_started": {
        "text": "Minst 40 nya deltagare ska börja i Porten",
        "explanation": "räknar deltaganden som startade under året. Inga parametrar."},
    "exit_share": {
        "params": "orsaker=arbete, subventionerad anställning, studier",
        "text": "Minst 30 % av de som avslutat ska gå vidare till arbete eller studier",
        "explanation": "andelen (i procent) av de avslutade med någon av avslutsorsakerna i orsaker; utan orsaker: "
                       "arbete, subventionerad anställning och studier."},
    "exit_count": {
        "params": "orsaker=arbete, subventionerad anställning",
        "text": "Minst 10 deltagare i Porten ska gå till arbete",
        "explanation": "antalet avslutade med någon av avslutsorsakerna i orsaker."},
    "plan_share": {
        "text": "Minst 90 % av de som avslutat ska ha haft en individuell handlingsplan",
        "explanation": "andelen (i procent) av de avslutade som har ja i Individuell handlingsplan. Inga parametrar."},
    "trained_staff": {
        "params": "grupper=handläggare, chef",
        "text": "Minst 60 handläggare och chefer ska delta i kompetensutveckling",
        "explanation": "summan av Antal deltagare på fliken Kompetensutveckling under året, för deltagargrupperna i "
                       "grupper (utan grupper: alla). Gäller hela förbundet."},
    "indicator_mean": {
        "params": "frågor=1a, 1b",
        "text": "Deltagarna ska i genomsnitt ge minst 5 om stödets nytta",
        "explanation": "medelvärdet av årets enkätsvar på mätpunkterna i frågor, för svarandegrupperna i grupper "
                       "(utan dem: alla). Vet ej räknas inte."},
    "indicator_positive_share": {
        "params": "frågor=1a, 1b; grupper=deltagare (pågående), deltagare (avslut)",
        "text": "Minst 80 % av deltagarna ska svara positivt om stödets nytta",
        "explanation": "andelen (i procent) av årets svar i de två högsta stegen på skalan; gräns=4 gör 4 till "
                       "lägsta positiva svar."},
    "result": {
        "text": "Underskott ska inte uppstå",
        "explanation": "intäkter minus kostnader enligt fliken Utfall, i kronor. Gäller hela förbundet."},
    "admin_share": {
        "text": "Administrationens andel av kostnaderna ska vara högst 18 %",
        "explanation": "kansli, styrelse och revision i procent av kostnaderna enligt fliken Utfall."},
    "equity_share": {
        "text": "Det egna kapitalet ska vara högst 20 % av årets medlemsbidrag",
        "explanation": "eget kapital vid årets slut i procent av årets beslutade bidrag på fliken Bidrag."},
    "manual": {
        "text": "Samverkan mellan parterna ska öka och utvecklas",
        "comment": "Gemensamma rutiner är antagna men arbetet i styrgrupperna har försenats.",
        "explanation": "ett kvalitativt mål: lämna Jämförelse och Målvärde tomma och fyll i Manuell bedömning och "
                       "en Kommentar när målet har följts upp."},
}
#: The header of the explanations' column on Målexempel.
EXPLANATION_HEADER = "Förklaring (läses inte)"

# --- header comments ------------------------------------------------------------------------------------------------

DATE_COLUMN_COMMENT = "Datum ÅÅÅÅ-MM-DD."
BOOL_COLUMN_COMMENT = "ja eller nej."
LIST_COLUMN_COMMENT = "Välj i listan."
REQUIRED_COLUMN_COMMENT = "Obligatorisk."
OPTIONAL_COLUMN_COMMENT = "Frivillig."


def example_comment(example: str) -> str:
    return f"Exempel: {example}"

# --- the cells' input messages (Excel: at most 255 characters) ------------------------------------------------------


def choose_from_list(values: Sequence[str]) -> str:
    return f"Välj ett av värdena i listan: {', '.join(values)}."


#: When the list's values are too many for Excel's message.
CHOOSE_FROM_LONG_LIST = "Välj ett av värdena i listan (klicka på pilen till höger om cellen)."


def date_between(low: str, high: str) -> str:
    return f"Skriv ett datum ÅÅÅÅ-MM-DD mellan {low} och {high}."


def number_between(noun: str, low: str, high: str) -> str:
    """``noun``: :func:`number_noun`."""
    return f"Skriv {noun} från {low} till {high}."


def number_at_least(noun: str, low: str) -> str:
    return f"Skriv {noun} som är minst {low}."


def number_at_most(noun: str, high: str) -> str:
    return f"Skriv {noun} som är högst {high}."


def number_noun(*, whole: bool) -> str:
    return "ett heltal" if whole else "ett tal"
