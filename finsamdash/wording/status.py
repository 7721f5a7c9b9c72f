"""The one table of goal statuses: the symbol and the Swedish word of each, read by the pages, the charts, the
sentences, the summary text and the slides. A status is never shown by colour alone; its colour is the theme's
(:data:`finsamdash.present.theme.STATUS_STYLE` adds it to this table)."""

from __future__ import annotations

from finsamdash.wording.privacy import STATUS_HIDDEN_LABEL, STATUS_HIDDEN_SYMBOL

#: A goal whose status is hidden with its figures (privacy: the status and the target would narrow a small count).
HIDDEN_STATUS = "hidden"
#: In the order the pages show them: the evaluated statuses, then the hidden one.
STATUS_WORDS = {"met": "Uppnått", "partly": "Delvis uppnått", "not_met": "Ej uppnått", "no_data": "Inget underlag",
                HIDDEN_STATUS: STATUS_HIDDEN_LABEL}
STATUS_SYMBOLS = {"met": "✔", "partly": "◐", "not_met": "✘", "no_data": "–", HIDDEN_STATUS: STATUS_HIDDEN_SYMBOL}


def status_text(status: str) -> str:
    """Symbol and word, e.g. "✔ Uppnått" (an unknown status reads as "no_data")."""
    status = status if status in STATUS_WORDS else "no_data"
    return f"{STATUS_SYMBOLS[status]} {STATUS_WORDS[status]}"
