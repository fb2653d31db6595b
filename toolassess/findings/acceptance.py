"""Accepted risks applied to findings (once, by the registry); what a risk covers is said by the AcceptedRisk model."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from toolassess.models.findings import Finding
from toolassess.models.plan import AcceptedRisk


def mark_accepted(findings: Sequence[Finding], risks: Sequence[AcceptedRisk], as_of: date) -> list[Finding]:
    """The findings, with `accepted` set where an unexpired accepted risk covers them."""
    return [
        f.model_copy(update={"accepted": True}) if any(r.covers_finding(f, as_of) for r in risks) else f
        for f in findings
    ]
