"""Small Swedish phrases shared by every sentence a reader sees: lists and counted nouns."""

from __future__ import annotations

from collections.abc import Sequence

from finsamdash.wording.formatting import fmt_int

__all__ = ["TOTAL", "count_phrase", "join_sv"]


def join_sv(words: Sequence[str], conjunction: str = "och") -> str:
    """``["a", "b", "c"]`` -> ``"a, b och c"`` (``conjunction`` e.g. ``"eller"``)."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def count_phrase(count: int, singular: str, plural: str) -> str:
    """``1, "rad", "rader"`` -> ``"1 rad"``, ``6`` -> ``"6 rader"`` (thousands grouped)."""
    return f"{fmt_int(count)} {singular if count == 1 else plural}"

#: The label of a total row (tables, the budget's frames, the participants' selections).
TOTAL = "Totalt"
