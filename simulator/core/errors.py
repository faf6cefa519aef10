"""Errors for bad input: each names the file, the field, the value and what is allowed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["InputError", "MISSING", "nearest"]


class _Missing:
    """Marks a field that was not given at all (as opposed to given as null)."""

    def __repr__(self) -> str:
        return "nothing"


MISSING = _Missing()


class InputError(Exception):
    """Invalid user input (scenario, data or game file).

    The command line prints ``str(error)`` and exits with status 2, without a traceback.

    Parameters
    ----------
    file : path of the offending file (or ``None`` for command-line values)
    field : field path inside the file, e.g. ``services.payroll.params.hours_per_payslip.value``
    value : the offending value as given
    allowed : what would have been accepted, in words
    line : line number in the file, when known
    """

    def __init__(
        self,
        file: str | Path | None,
        field: str,
        value: object,
        allowed: str,
        line: int | None = None,
    ) -> None:
        self.file = None if file is None else str(file)
        self.field = field
        self.value = value
        self.allowed = allowed
        self.line = line
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.file or "command line"
        if self.line is not None:
            where += f", line {self.line}"
        if self.value is MISSING:
            return f"{where}: {self.field}: missing; {self.allowed}"
        shown = repr(self.value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        return f"{where}: {self.field}: got {shown}; {self.allowed}"


def nearest(name: str, choices: Iterable[str]) -> str:
    """A hint naming the closest allowed name, or listing the allowed names."""
    choices = sorted(choices)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}? (allowed: {', '.join(choices)})"
    return f"allowed: {', '.join(choices)}"
