"""Why a goal's figures are hidden, in Swedish, for the disclosure audit's utility report (never for a pack: each
tells which count is small). Set on :class:`finsamdash.privacy.GoalCells` ``.reason``."""

from __future__ import annotations

#: The outcome or its base is itself below the threshold.
SMALL_COUNT = "utfallet eller underlaget är färre än tröskeln"
#: The base minus the outcome (those who did not reach the goal) is below the threshold.
SMALL_COMPLEMENT = "de som inte nådde målet (underlaget minus utfallet) är färre än tröskeln"
#: The difference from the previous meeting's pack would give a small count away (R9).
SINCE_PREVIOUS = "skillnaden mot förra mötets underlag skulle avslöja ett litet antal (R9)"
#: Hidden so that a small count in another table cannot be worked out (secondary suppression).
SECONDARY = "dolt för att skydda ett litet antal i en annan redovisning"
