"""Swedish text of ``finsamdash serve`` (:mod:`finsamdash.pack.serve`): what the server prints for the director
while it starts and once it is ready for the meeting, and the help of ``python -m finsamdash.pack.serve``."""

from __future__ import annotations

from finsamdash.wording.cli import SERVE_DIRECTORY_HELP
from finsamdash.wording.formatting import fmt_number

#: ``python -m finsamdash.pack.serve --help``: the description and the options' help.
PARSER_DESCRIPTION = ("Visa byggda mötesunderlag med Voilà. Andra Voilà-inställningar än i konfigurationsfilen kan "
                      "ges som --Klass.egenskap=värde (för prov).")
HELP_DIRECTORY = SERVE_DIRECTORY_HELP
HELP_HOST = "adress att lyssna på"
HELP_PORT = "port att lyssna på"
HELP_TOKEN = "lösenord i adressen"
#: How to stop the server (printed at start).
STOP_HINT = "Avsluta med Ctrl+C."


def serving_message(directory: object, url: str) -> str:
    """Where the packs in ``directory`` are shown."""
    return f"Mötesunderlagen i {directory} visas på {url}"


def preparing_message(audience: int) -> str:
    """How many preheated kernels per dashboard are being prepared."""
    return f"Förbereder {audience} {'kärna' if audience == 1 else 'kärnor'} per instrumentpanel för det senaste mötet …"


def port_taken_message(port: int) -> str:
    """The server could not start (Voilà exits when the port is taken)."""
    return f"finsamdash: kunde inte starta servern på port {port} (upptagen?)."


def ready_message(dashboards: int, ready: int, wanted: int, memory: int) -> str:
    """The server is ready for the meeting (printed once every pool is full, or as full as memory allows);
    ``ready``: the live preheated kernels; ``memory``: bytes used by server + kernels."""
    text = (f"Klart för mötet: {dashboards} instrumentpaneler med förberedda kärnor ({ready} kärnor; servern "
            f"använder {fmt_number(memory / 10**9, 1)} GB minne)")
    if ready < wanted:
        text += (f". Minnesgränsen räcker till {ready} av de {wanted} kärnor som --audience ber om; fler förbereds "
                 "när tittare lämnar")
    return text + "."
