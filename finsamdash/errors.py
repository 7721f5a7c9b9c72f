"""One exception base for everything finsamdash raises on purpose.

Messages are written for the person who has to act on them (in Swedish for users): what was wrong, where, and
how to fix it. Subclasses carry the data behind the message so that callers and tests need not parse text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from finsamdash.data.issues import Issue


class FinsamError(Exception):
    """Base class of every error finsamdash raises on purpose.

    ``exit_status`` is the command-line exit status the error maps to (see the CLI contract).
    """

    exit_status = 1


class UsageError(FinsamError):
    """A command or function was called wrongly (unknown association, bad option value...)."""

    exit_status = 2


class InputFileError(FinsamError):
    """The input cannot be read at all (missing path, not a workbook, unreadable file)."""

    exit_status = 2

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class DataValidationError(FinsamError):
    """The dataset was read but breaks the data contract. ``issues`` holds every problem found."""

    exit_status = 2

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        lines = [f"Underlaget innehåller {len(errors)} fel som måste rättas:"]
        lines += [f"  {issue.describe()}" for issue in errors[:50]]
        if len(errors) > 50:
            lines.append(f"  … och {len(errors) - 50} fel till (kör `finsamdash validate` för hela listan).")
        super().__init__("\n".join(lines))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


class MeetingDateError(UsageError):
    """A date given with a meeting is in the wrong place relative to it: the books closed after the meeting, or a
    "previous" meeting on or after it. ``name`` is the option or parameter, ``value`` the date given and
    ``meeting`` the meeting date (both ISO text)."""

    def __init__(self, message: str, *, name: str, value: str, meeting: str) -> None:
        super().__init__(message)
        self.name = name
        self.value = value
        self.meeting = meeting


# --- the meeting pack (finsamdash.pack) ------------------------------------------------------------------------------


class BuildLockedError(FinsamError):
    """Another build is writing to the same output folder (message in Swedish, names the holder)."""

    def __init__(self, message: str, *, holder: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class DiskFullError(FinsamError):
    """The disk (or quota) ran out while the pack was written (message in Swedish: where, and how much is free)."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class KernelError(FinsamError):
    """A build kernel did not start or did not answer (fails the dashboard that needed it)."""


class ForkServerError(FinsamError):
    """The fork server of ``finsamdash serve`` did not start or did not answer."""


class KernelDiedError(ForkServerError):
    """A kernel forked by the fork server ended (or did not answer) before it had bound its sockets."""


class PdfError(FinsamError):
    """The PDF could not be made (message in Swedish)."""


# --- the annual report (finsamdash.annual) ---------------------------------------------------------------------------


class ChartError(FinsamError):
    """The annual report's charts could not be drawn (no chromium, or kaleido failed)."""
