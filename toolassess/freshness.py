"""How far a fact can be trusted today: sourced, stale (checked too long ago), unsourced, unknown or not applicable."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from toolassess.models.assessment import FactStatus
from toolassess.models.facts import Fact

DEFAULT_STALE_AFTER_DAYS = 365
"""Facts checked more than 12 months ago are reported as stale (issue 4)."""


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


def fact_status(fact: Fact[object] | None, as_of: date, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS) -> FactStatus:
    """The trust status of one fact on `as_of` (an absent fact is unknown)."""
    if fact is not None and fact.is_not_applicable:
        return FactStatus.NOT_APPLICABLE
    if fact is None or not fact.is_known:
        return FactStatus.UNKNOWN
    if fact.source is None or fact.checked is None:
        return FactStatus.UNSOURCED
    if (as_of - fact.checked).days > stale_after_days:
        return FactStatus.STALE
    return FactStatus.SOURCED


def age_days(fact: Fact[object] | None, as_of: date) -> int | None:
    """Days since the fact was checked, when it has a check date."""
    if fact is None or fact.checked is None:
        return None
    return (as_of - fact.checked).days
