"""plotly.js's own words in Swedish: the toolbar's tooltips, its messages and its day and month names."""

from __future__ import annotations

__all__ = ["LOCALE_SV"]

#: plotly.js's own words in Swedish (after plotly.js's locale-sv), given to every chart through its config
#: (``config.locales``), so that no locale module has to be loaded: Voilà's renderer, the static pages, the PDF and
#: the presentation all draw with the same words.
LOCALE_SV = {
    "dictionary": {
        "Download plot as a PNG": "Spara diagrammet som bild (PNG)",
        "Download plot": "Spara diagrammet som bild",
        "Reset axes": "Återställ axlarna",
        "Autoscale": "Visa allt",
        "Double-click to zoom back out": "Dubbelklicka för att zooma ut igen",
        "Double-click on legend to isolate one trace": "Dubbelklicka på en förklaring för att visa bara den serien",
        "Click to enter Plot title": "Klicka för att ange en rubrik",
        "Image download succeeded": "Bilden är sparad",
        "Sorry, there was a problem downloading your image!": "Tyvärr gick det inte att spara bilden.",
        "Preparing image - this may take a few seconds": "Förbereder bilden – det kan ta några sekunder",
        "Reset": "Återställ",
        "Zoom": "Zooma",
        "Zoom in": "Zooma in",
        "Zoom out": "Zooma ut",
        "Pan": "Panorera",
        "incoming flow count:": "inkommande flöden:",
        "outgoing flow count:": "utgående flöden:",
        "source:": "från:",
        "target:": "till:",
        "trace": "serie",
    },
    "format": {
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tors", "fre", "lör"],
        "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                   "november", "december"],
        "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        "date": "%Y-%m-%d",
        "decimal": ",",
        "thousands": "\u00a0",
    },
}
