"""How far a fact can be trusted today: sourced, stale (evidence too old), unsourced, unknown or not applicable.

Staleness is measured on the evidence's age — the date its source speaks of (`as_of`) when the source is dated,
else the date it was read: a 2019 blog post re-read yesterday still speaks of 2019. Laws and standards are the
exception: a text in force speaks of the day it is read (the 2002 ePrivacy directive, re-read this year, still
binds), so their age runs from `checked`.
"""

from __future__ import annotations

from datetime import date

from toolassess.models.assessment import FactStatus
from toolassess.models.facts import Fact
from toolassess.scoring.sources import source_kind

DEFAULT_STALE_AFTER_DAYS = 365
"""Facts whose evidence is more than 12 months old are reported as stale (issue 4)."""


def fact_status(fact: Fact[object] | None, as_of: date, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS) -> FactStatus:
    """The trust status of one fact on `as_of` (an absent fact is unknown)."""
    if fact is not None and fact.is_not_applicable:
        return FactStatus.NOT_APPLICABLE
    if fact is None or not fact.is_known:
        return FactStatus.UNKNOWN
    if fact.source is None or fact.checked is None:
        return FactStatus.UNSOURCED
    if (as_of - (evidence_date(fact) or fact.checked)).days > stale_after_days:
        return FactStatus.STALE
    return FactStatus.SOURCED


IN_FORCE_KINDS = frozenset({"law", "standard"})
"""Source kinds whose text is in force when read: their evidence is as recent as the last reading."""


def evidence_date(fact: Fact[object]) -> date | None:
    """The date the evidence speaks of (see the module docstring)."""
    if fact.checked is not None and source_kind(fact.source) in IN_FORCE_KINDS:
        return fact.checked
    return fact.evidence_date


def age_days(fact: Fact[object] | None, as_of: date) -> int | None:
    """The evidence's age in days (see the module docstring), when the fact is dated."""
    day = None if fact is None else evidence_date(fact)
    return None if day is None else (as_of - day).days
