"""One problem found in the input: where it is, what was found and what was expected (in Swedish)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from finsamdash.wording.validation import issue_line

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """A problem in the input, located as the user sees it.

    ``table`` is the canonical table name, ``location`` the file or sheet as the user knows it, ``row`` the row number
    in that file or sheet (header = row 1; ``None`` for a whole table or column), ``column`` the header as written by
    the user (or the Swedish header when the column is missing), ``value`` the offending value as text (masked when it
    looks like a personnummer) and ``expected`` what would have been accepted, in Swedish.
    """

    severity: Severity
    table: str
    location: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    code: str

    def describe(self) -> str:
        """One Swedish line: 'Fel: deltagare.csv, rad 14, kolumn ”Slutdatum”: värdet ”2023-02-30” – …'."""
        return issue_line(error=self.severity == "error", location=self.location, row=self.row, column=self.column,
                          value=self.value, expected=self.expected)

    def to_dict(self) -> dict:
        return asdict(self)
