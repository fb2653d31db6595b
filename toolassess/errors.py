"""The one error tree of toolassess: every message is written for the user, on one line."""

from __future__ import annotations


class ToolassessError(Exception):
    """Base of every error the CLI reports without a traceback (exit code 2)."""

    exit_code = 2


class InputError(ToolassessError):
    """A problem in an input file, located as FILE:LINE:COL and a field path."""

    def __init__(self, path: str, line: int, column: int, field: str, message: str) -> None:
        message = " ".join(message.split())  # one line, whatever a library put in its message
        self.path, self.line, self.column, self.field, self.message = path, line, column, field, message
        where = f"{path}:{line}:{column}"
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


class UsageError(ToolassessError):
    """A command used wrongly (unknown profile, bad option combination)."""
