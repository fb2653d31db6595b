"""Accepted risks: a plan may accept a finding for some tools, with a reason, who, and an expiry date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from toolassess.models.findings import Finding
from toolassess.models.plan import AcceptedRisk


def covers(risk: AcceptedRisk, finding: Finding, as_of: date) -> bool:
    """True when an unexpired risk accepts this finding (all its tools, when the risk names tools)."""
    if risk.finding != finding.kind or risk.until < as_of:
        return False
    if not risk.tools:
        return True
    # A risk accepted for some tools covers findings about those tools only (not tool-less ones).
    return bool(finding.tools) and set(finding.tools) <= set(risk.tools)


def mark_accepted(findings: Sequence[Finding], risks: Sequence[AcceptedRisk], as_of: date) -> list[Finding]:
    """The findings, with `accepted` set where an unexpired accepted risk covers them."""
    return [f.model_copy(update={"accepted": True}) if any(covers(r, f, as_of) for r in risks) else f for f in findings]
