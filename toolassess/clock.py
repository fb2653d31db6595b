"""The assessment date: one place, importing nothing heavy (light commands ask for it too)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def today() -> date:
    """The assessment date: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        try:
            return datetime.fromtimestamp(int(epoch[:20]), tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            from toolassess.errors import UsageError

            raise UsageError(f"SOURCE_DATE_EPOCH={epoch[:24]}: not a date this program can use") from None
    return datetime.now(tz=UTC).date()
